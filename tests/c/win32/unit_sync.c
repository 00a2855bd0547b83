/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unit_sync.c -- unit tests of the Win32 porting headers' kernel objects: events (auto- and
 * manual-reset), waits with timeouts and WAIT_OBJECT_0 + n, wait-all, mutexes, semaphores,
 * threads (CreateThread, _beginthreadex, suspended start, exit codes), critical sections,
 * Interlocked*, SRW locks with condition variables, TLS and the clocks.
 *
 * rinet-test-wchar: both
 */
#include <windows.h>
#include <process.h>

#include "w32check.h"

static HANDLE g_go;
static LONG g_counter;
static CRITICAL_SECTION g_cs;
static int g_plain;

static DWORD WINAPI set_after_go(LPVOID param)
{
    WaitForSingleObject(g_go, INFINITE);
    SetEvent((HANDLE)param);
    return 42;
}

static unsigned __stdcall count_once(void *param)
{
    (void)param;
    InterlockedIncrement(&g_counter);
    return 7;
}

static DWORD WINAPI hammer(LPVOID param)
{
    int i;
    (void)param;
    for (i = 0; i < 10000; i++) {
        EnterCriticalSection(&g_cs);
        EnterCriticalSection(&g_cs); /* recursive */
        g_plain++;
        LeaveCriticalSection(&g_cs);
        LeaveCriticalSection(&g_cs);
        InterlockedIncrement(&g_counter);
    }
    return 0;
}

static DWORD WINAPI try_mutex(LPVOID param)
{
    HANDLE m = (HANDLE)param;
    DWORD r = WaitForSingleObject(m, 0);
    BOOL released = ReleaseMutex(m);
    return r == WAIT_TIMEOUT && !released && GetLastError() == ERROR_NOT_OWNER ? 1 : 0;
}

static DWORD WINAPI try_cs(LPVOID param)
{
    (void)param;
    return TryEnterCriticalSection(&g_cs) ? 0 : 1;
}

static SRWLOCK g_srw = SRWLOCK_INIT;
static CONDITION_VARIABLE g_cv = CONDITION_VARIABLE_INIT;
static int g_items;

static DWORD WINAPI producer(LPVOID param)
{
    int i;
    (void)param;
    for (i = 0; i < 100; i++) {
        AcquireSRWLockExclusive(&g_srw);
        g_items++;
        ReleaseSRWLockExclusive(&g_srw);
        WakeConditionVariable(&g_cv);
    }
    return 0;
}

static DWORD g_tls;

static DWORD WINAPI tls_thread(LPVOID param)
{
    TlsSetValue(g_tls, param);
    Sleep(1);
    return TlsGetValue(g_tls) == param ? 1 : 0;
}

int main(void)
{
    HANDLE e, m, s, t, events[3], threads[4];
    DWORD code = 0, tid = 0, r;
    LONG prev = -1, v;
    ULONGLONG t0, t1;
    LARGE_INTEGER freq, c0, c1;
    int i;

    /* Auto-reset event. */
    e = CreateEvent(NULL, FALSE, FALSE, NULL);
    CHECK("create auto event", e != NULL);
    CHECK_EQ("auto event starts unsignalled", WaitForSingleObject(e, 0), WAIT_TIMEOUT);
    CHECK("SetEvent", SetEvent(e));
    CHECK_EQ("auto event signalled", WaitForSingleObject(e, 0), WAIT_OBJECT_0);
    CHECK_EQ("auto event reset by the wait", WaitForSingleObject(e, 0), WAIT_TIMEOUT);
    CHECK("CloseHandle event", CloseHandle(e));

    /* Manual-reset event. */
    e = CreateEventA(NULL, TRUE, TRUE, "named");
    CHECK_EQ("manual event initially set", WaitForSingleObject(e, 0), WAIT_OBJECT_0);
    CHECK_EQ("manual event stays set", WaitForSingleObject(e, 0), WAIT_OBJECT_0);
    ResetEvent(e);
    CHECK_EQ("manual event reset", WaitForSingleObject(e, 0), WAIT_TIMEOUT);

    /* A timed wait lasts at least its timeout. */
    QueryPerformanceFrequency(&freq);
    CHECK_EQ("performance frequency", freq.QuadPart, 1000000000);
    t0 = GetTickCount64();
    QueryPerformanceCounter(&c0);
    CHECK_EQ("timed wait times out", WaitForSingleObject(e, 60), WAIT_TIMEOUT);
    QueryPerformanceCounter(&c1);
    t1 = GetTickCount64();
    CHECK("timed wait lasted 60 ms", c1.QuadPart - c0.QuadPart >= 60000000);
    CHECK("tick count moved", t1 >= t0 + 60);
    CloseHandle(e);

    /* WaitForMultipleObjects: the lowest signalled index, and wait-all. */
    for (i = 0; i < 3; i++)
        events[i] = CreateEventW(NULL, FALSE, FALSE, NULL);
    CHECK_EQ("any: none set", WaitForMultipleObjects(3, events, FALSE, 0), WAIT_TIMEOUT);
    SetEvent(events[2]);
    CHECK_EQ("any: third set", WaitForMultipleObjects(3, events, FALSE, 0), WAIT_OBJECT_0 + 2);
    SetEvent(events[1]);
    SetEvent(events[2]);
    CHECK_EQ("any: lowest of two", WaitForMultipleObjects(3, events, FALSE, 0), WAIT_OBJECT_0 + 1);
    CHECK_EQ("any: the other stays set", WaitForMultipleObjects(3, events, FALSE, 0), WAIT_OBJECT_0 + 2);
    SetEvent(events[0]);
    SetEvent(events[1]);
    CHECK_EQ("all: one missing", WaitForMultipleObjects(3, events, TRUE, 10), WAIT_TIMEOUT);
    CHECK_EQ("all: a failed wait-all takes nothing", WaitForSingleObject(events[0], 0), WAIT_OBJECT_0);
    SetEvent(events[0]);
    SetEvent(events[2]);
    CHECK_EQ("all: all set", WaitForMultipleObjects(3, events, TRUE, 0), WAIT_OBJECT_0);
    CHECK_EQ("all: every auto event reset", WaitForMultipleObjects(3, events, FALSE, 0), WAIT_TIMEOUT);
    {
        HANDLE twice[2];
        twice[0] = events[0];
        twice[1] = events[0];
        SetLastError(0);
        CHECK_EQ("all: a handle twice", WaitForMultipleObjects(2, twice, TRUE, 0), WAIT_FAILED);
        CHECK_EQ("all: a handle twice error", GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0);
        CHECK_EQ("no handles", WaitForMultipleObjects(0, twice, FALSE, 0), WAIT_FAILED);
        CHECK_EQ("no handles error", GetLastError(), ERROR_INVALID_PARAMETER);
        twice[1] = NULL;
        CHECK_EQ("a NULL handle", WaitForMultipleObjects(2, twice, FALSE, 0), WAIT_FAILED);
        CHECK_EQ("a NULL handle error", GetLastError(), ERROR_INVALID_HANDLE);
    }

    /* A thread signals; its handle gives its exit code once it ends. */
    g_go = CreateEvent(NULL, TRUE, FALSE, NULL);
    t = CreateThread(NULL, 0, set_after_go, events[1], 0, &tid);
    CHECK("CreateThread", t != NULL && tid != 0 && tid != GetCurrentThreadId());
    CHECK("exit code while running", GetExitCodeThread(t, &code) && code == STILL_ACTIVE);
    CHECK_EQ("running thread not signalled", WaitForSingleObject(t, 0), WAIT_TIMEOUT);
    SetEvent(g_go);
    CHECK_EQ("event set by the thread", WaitForMultipleObjects(3, events, FALSE, INFINITE), WAIT_OBJECT_0 + 1);
    CHECK_EQ("thread ends", WaitForSingleObject(t, INFINITE), WAIT_OBJECT_0);
    CHECK("exit code", GetExitCodeThread(t, &code) && code == 42);
    CloseHandle(t);
    for (i = 0; i < 3; i++)
        CloseHandle(events[i]);

    /* _beginthreadex, suspended. */
    g_counter = 0;
    t = (HANDLE)_beginthreadex(NULL, 0, count_once, NULL, CREATE_SUSPENDED, NULL);
    CHECK("_beginthreadex", t != NULL);
    CHECK_EQ("suspended thread waits", WaitForSingleObject(t, 20), WAIT_TIMEOUT);
    CHECK_EQ("suspended thread did nothing", g_counter, 0);
    CHECK_EQ("ResumeThread", ResumeThread(t), 1);
    CHECK_EQ("resumed thread ends", WaitForSingleObject(t, INFINITE), WAIT_OBJECT_0);
    CHECK("resumed thread ran", g_counter == 1 && GetExitCodeThread(t, &code) && code == 7);
    CloseHandle(t);

    /* Mutex: owned by its creator, recursive, released only by its owner. */
    m = CreateMutex(NULL, TRUE, NULL);
    CHECK_EQ("mutex: owner waits again", WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    t = CreateThread(NULL, 0, try_mutex, m, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CHECK("mutex: another thread cannot take or release it", GetExitCodeThread(t, &code) && code == 1);
    CloseHandle(t);
    CHECK("mutex: release twice", ReleaseMutex(m) && ReleaseMutex(m));
    CHECK("mutex: third release fails", !ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER);
    CloseHandle(m);

    /* Semaphore. */
    s = CreateSemaphore(NULL, 2, 3, NULL);
    CHECK_EQ("semaphore 1", WaitForSingleObject(s, 0), WAIT_OBJECT_0);
    CHECK_EQ("semaphore 2", WaitForSingleObject(s, 0), WAIT_OBJECT_0);
    CHECK_EQ("semaphore empty", WaitForSingleObject(s, 0), WAIT_TIMEOUT);
    CHECK("ReleaseSemaphore", ReleaseSemaphore(s, 2, &prev) && prev == 0);
    CHECK("ReleaseSemaphore past the maximum", !ReleaseSemaphore(s, 2, NULL) &&
                                                    GetLastError() == ERROR_TOO_MANY_POSTS);
    CHECK("bad semaphore", CreateSemaphore(NULL, 4, 3, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER);
    CloseHandle(s);

    /* Critical sections and Interlocked under contention. */
    InitializeCriticalSection(&g_cs);
    g_counter = 0;
    for (i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, hammer, NULL, 0, NULL);
    CHECK_EQ("wait for four threads", WaitForMultipleObjects(4, threads, TRUE, INFINITE), WAIT_OBJECT_0);
    CHECK_EQ("critical section count", g_plain, 40000);
    CHECK_EQ("interlocked count", g_counter, 40000);
    for (i = 0; i < 4; i++)
        CloseHandle(threads[i]);
    EnterCriticalSection(&g_cs);
    CHECK("TryEnter by the owner", TryEnterCriticalSection(&g_cs));
    LeaveCriticalSection(&g_cs);
    t = CreateThread(NULL, 0, try_cs, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CHECK("TryEnter by another thread fails", GetExitCodeThread(t, &code) && code == 1);
    CloseHandle(t);
    LeaveCriticalSection(&g_cs);
    DeleteCriticalSection(&g_cs);

    v = 5;
    CHECK_EQ("InterlockedCompareExchange hit", InterlockedCompareExchange(&v, 9, 5), 5);
    CHECK_EQ("InterlockedCompareExchange stored", v, 9);
    CHECK_EQ("InterlockedCompareExchange miss", InterlockedCompareExchange(&v, 1, 5), 9);
    CHECK_EQ("InterlockedExchange", InterlockedExchange(&v, 3), 9);
    CHECK_EQ("InterlockedExchangeAdd", InterlockedExchangeAdd(&v, 4), 3);
    CHECK_EQ("InterlockedDecrement", InterlockedDecrement(&v), 6);

    /* SRW lock and condition variable. */
    t = CreateThread(NULL, 0, producer, NULL, 0, NULL);
    AcquireSRWLockExclusive(&g_srw);
    while (g_items < 100)
        SleepConditionVariableSRW(&g_cv, &g_srw, INFINITE, 0);
    ReleaseSRWLockExclusive(&g_srw);
    CHECK_EQ("condition variable saw every item", g_items, 100);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    AcquireSRWLockShared(&g_srw);
    CHECK("shared lock excludes a writer", !TryAcquireSRWLockExclusive(&g_srw));
    CHECK("shared lock admits a reader", TryAcquireSRWLockShared(&g_srw));
    ReleaseSRWLockShared(&g_srw);
    ReleaseSRWLockShared(&g_srw);
    AcquireSRWLockExclusive(&g_srw);
    r = SleepConditionVariableSRW(&g_cv, &g_srw, 20, 0) ? 0 : GetLastError();
    CHECK_EQ("condition variable times out", r, ERROR_TIMEOUT);
    ReleaseSRWLockExclusive(&g_srw);

    /* Thread-local storage. */
    g_tls = TlsAlloc();
    CHECK("TlsAlloc", g_tls != TLS_OUT_OF_INDEXES);
    TlsSetValue(g_tls, &g_tls);
    threads[0] = CreateThread(NULL, 0, tls_thread, &g_counter, 0, NULL);
    threads[1] = CreateThread(NULL, 0, tls_thread, &g_plain, 0, NULL);
    WaitForMultipleObjects(2, threads, TRUE, INFINITE);
    CHECK("TLS per thread", GetExitCodeThread(threads[0], &code) && code == 1 &&
                                GetExitCodeThread(threads[1], &r) && r == 1);
    CHECK("TLS of the main thread", TlsGetValue(g_tls) == &g_tls && GetLastError() == 0);
    CloseHandle(threads[0]);
    CloseHandle(threads[1]);
    TlsFree(g_tls);

    CHECK("closing a closed-down pseudo handle", CloseHandle(GetCurrentThread()));
    CHECK("CloseHandle(NULL) fails", !CloseHandle(NULL) && GetLastError() == ERROR_INVALID_HANDLE);
    CloseHandle(g_go);
    return w32_finish();
}
