/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/sync.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * Kernel objects and synchronization over POSIX threads: events, mutexes, semaphores and
 * threads as HANDLEs, WaitForSingleObject and WaitForMultipleObjects, CloseHandle, critical
 * sections, slim reader/writer locks, condition variables, Interlocked*, thread-local storage.
 *
 * Every waitable object's state is guarded by one process-wide lock, and every change that can
 * end a wait wakes the waiters, which check again: a wait ends exactly when its objects are
 * signalled or its timeout (measured on the monotonic clock) passes. No object is named: a name
 * given to CreateEvent, CreateMutex or CreateSemaphore is ignored, and OpenEvent and friends
 * find nothing.
 */
#ifndef RINET_WIN32_SYNC_H
#define RINET_WIN32_SYNC_H

/* ---- Process-wide state (weak symbols: one copy per process) ---------------------------- */
RINET_WIN32_BEGIN_C
RINET_WIN32_WEAK pthread_mutex_t rinet_win32_lock = PTHREAD_MUTEX_INITIALIZER;
RINET_WIN32_WEAK pthread_once_t rinet_win32_once = PTHREAD_ONCE_INIT;
RINET_WIN32_WEAK pthread_cond_t rinet_win32_cond;
RINET_WIN32_WEAK pthread_key_t rinet_win32_thread_key;
RINET_WIN32_END_C

RINET_WIN32_FN void rinet_win32_init_once(void)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, RINET_WIN32_CLOCK_MONOTONIC);
    pthread_cond_init(&rinet_win32_cond, &attr);
    pthread_condattr_destroy(&attr);
    pthread_key_create(&rinet_win32_thread_key, NULL);
}

RINET_WIN32_FN void rinet_win32_init(void)
{
    pthread_once(&rinet_win32_once, rinet_win32_init_once);
}

/* Takes the process-wide lock (initializing the kit on first use). */
RINET_WIN32_FN void rinet_win32_enter(void)
{
    rinet_win32_init();
    pthread_mutex_lock(&rinet_win32_lock);
}

RINET_WIN32_FN void rinet_win32_leave(void)
{
    pthread_mutex_unlock(&rinet_win32_lock);
}

/* Wakes every wait, which then checks its objects again. Called with the lock held. */
RINET_WIN32_FN void rinet_win32_wake_all(void)
{
    pthread_cond_broadcast(&rinet_win32_cond);
}

/* The calling thread's id: the kernel's thread id. */
#include <sys/syscall.h>
#if !defined(__cplusplus) && defined(__GLIBC__) && !defined(__USE_MISC)
extern long syscall(long rinet_number, ...);
#endif
RINET_WIN32_FN DWORD GetCurrentThreadId(void)
{
    return (DWORD)syscall(SYS_gettid);
}

RINET_WIN32_FN DWORD GetCurrentProcessId(void)
{
    return (DWORD)getpid();
}

/* ---- Objects ---------------------------------------------------------------------------- */
#define RINET_WIN32_MAGIC 0x52574F42u
enum {
    RINET_WIN32_KIND_EVENT = 1,
    RINET_WIN32_KIND_MUTEX,
    RINET_WIN32_KIND_SEMAPHORE,
    RINET_WIN32_KIND_THREAD,
    RINET_WIN32_KIND_FILE,
    RINET_WIN32_KIND_HEAP,
    RINET_WIN32_KIND_FIND
};

/* The head of every object. refs counts the HANDLE and any internal user (a running thread);
 * it is changed under the lock. close frees kind-specific resources when refs reaches 0. */
typedef struct rinet_win32_object {
    uint32_t magic;
    uint32_t kind;
    int refs;
    void (*destroy)(struct rinet_win32_object *self);
} rinet_win32_object;

typedef struct rinet_win32_event {
    rinet_win32_object head;
    int manual;
    int signalled;
} rinet_win32_event;

typedef struct rinet_win32_mutex {
    rinet_win32_object head;
    DWORD owner;
    unsigned count;
} rinet_win32_mutex;

typedef struct rinet_win32_semaphore {
    rinet_win32_object head;
    LONG count;
    LONG max;
} rinet_win32_semaphore;

typedef struct rinet_win32_thread {
    rinet_win32_object head;
    pthread_t thread;
    LPTHREAD_START_ROUTINE start;
    void *arg;
    DWORD tid;
    DWORD exit_code;
    int started;
    int suspended;
    int done;
} rinet_win32_thread;

/* Pseudo-handles, as on Windows. */
#ifndef RINET_WIN32_CURRENT_PROCESS
#define RINET_WIN32_CURRENT_PROCESS ((HANDLE)(LONG_PTR)-1)
#define RINET_WIN32_CURRENT_THREAD ((HANDLE)(LONG_PTR)-2)
#endif

RINET_WIN32_FN HANDLE GetCurrentProcess(void)
{
    return RINET_WIN32_CURRENT_PROCESS;
}

RINET_WIN32_FN HANDLE GetCurrentThread(void)
{
    return RINET_WIN32_CURRENT_THREAD;
}

/* The object behind h, or NULL (after SetLastError(ERROR_INVALID_HANDLE)) when h is not one of
 * the kit's live objects. A handle must be a value the kit returned and not yet closed. */
RINET_WIN32_FN rinet_win32_object *rinet_win32_object_of(HANDLE h)
{
    rinet_win32_object *o = (rinet_win32_object *)h;
    if (h == NULL || h == INVALID_HANDLE_VALUE || h == RINET_WIN32_CURRENT_THREAD ||
        ((uintptr_t)h & (sizeof(void *) - 1)) != 0 || o->magic != RINET_WIN32_MAGIC) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return o;
}

/* Drops one reference; the last frees the object. Called with the lock held; destroy runs
 * after the lock is released. Returns the object to destroy, or NULL. */
RINET_WIN32_FN rinet_win32_object *rinet_win32_unref_locked(rinet_win32_object *o)
{
    if (--o->refs > 0)
        return NULL;
    o->magic = 0;
    return o;
}

RINET_WIN32_FN void rinet_win32_destroy(rinet_win32_object *o)
{
    if (o == NULL)
        return;
    if (o->destroy)
        o->destroy(o);
    free(o);
}

RINET_WIN32_FN void *rinet_win32_new_object(size_t size, uint32_t kind)
{
    rinet_win32_object *o = (rinet_win32_object *)calloc(1, size);
    if (o == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    o->magic = RINET_WIN32_MAGIC;
    o->kind = kind;
    o->refs = 1;
    o->destroy = NULL;
    return o;
}

/* CloseHandle: closes an event, mutex, semaphore, thread (the thread runs on), file or search
 * handle. The pseudo-handles of GetCurrentProcess and GetCurrentThread close successfully.
 * Errors: ERROR_INVALID_HANDLE. */
RINET_WIN32_FN BOOL CloseHandle(HANDLE hObject)
{
    rinet_win32_object *o, *dead;
    if (hObject == RINET_WIN32_CURRENT_THREAD || hObject == RINET_WIN32_CURRENT_PROCESS)
        return TRUE;
    o = rinet_win32_object_of(hObject);
    if (o == NULL || o->kind == RINET_WIN32_KIND_HEAP) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    rinet_win32_enter();
    dead = rinet_win32_unref_locked(o);
    rinet_win32_leave();
    rinet_win32_destroy(dead);
    return TRUE;
}

/* DuplicateHandle within this process: the same object with one more reference. */
RINET_WIN32_FN BOOL DuplicateHandle(HANDLE hSourceProcess, HANDLE hSource, HANDLE hTargetProcess, LPHANDLE lpTarget,
                                    DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwOptions)
{
    rinet_win32_object *o;
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    if (hSourceProcess != RINET_WIN32_CURRENT_PROCESS || hTargetProcess != RINET_WIN32_CURRENT_PROCESS ||
        lpTarget == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    o = rinet_win32_object_of(hSource);
    if (o == NULL)
        return FALSE;
    rinet_win32_enter();
    if ((dwOptions & 1u) == 0) /* DUPLICATE_CLOSE_SOURCE keeps the count */
        o->refs++;
    rinet_win32_leave();
    *lpTarget = hSource;
    return TRUE;
}
#ifndef DUPLICATE_CLOSE_SOURCE
#define DUPLICATE_CLOSE_SOURCE 0x00000001u
#define DUPLICATE_SAME_ACCESS 0x00000002u
#endif

/* ---- Waits ------------------------------------------------------------------------------ */

/* Whether o would satisfy a wait by thread self now. Lock held. */
RINET_WIN32_FN int rinet_win32_ready(rinet_win32_object *o, DWORD self)
{
    switch (o->kind) {
    case RINET_WIN32_KIND_EVENT:
        return ((rinet_win32_event *)o)->signalled;
    case RINET_WIN32_KIND_MUTEX:
        return ((rinet_win32_mutex *)o)->count == 0 || ((rinet_win32_mutex *)o)->owner == self;
    case RINET_WIN32_KIND_SEMAPHORE:
        return ((rinet_win32_semaphore *)o)->count > 0;
    case RINET_WIN32_KIND_THREAD:
        return ((rinet_win32_thread *)o)->done;
    default:
        return 0;
    }
}

/* The effect of a satisfied wait on o. Lock held. */
RINET_WIN32_FN void rinet_win32_take(rinet_win32_object *o, DWORD self)
{
    switch (o->kind) {
    case RINET_WIN32_KIND_EVENT:
        if (!((rinet_win32_event *)o)->manual)
            ((rinet_win32_event *)o)->signalled = 0;
        break;
    case RINET_WIN32_KIND_MUTEX:
        ((rinet_win32_mutex *)o)->owner = self;
        ((rinet_win32_mutex *)o)->count++;
        break;
    case RINET_WIN32_KIND_SEMAPHORE:
        ((rinet_win32_semaphore *)o)->count--;
        break;
    default:
        break;
    }
}

RINET_WIN32_FN struct timespec rinet_win32_deadline(DWORD ms)
{
    struct timespec t;
    clock_gettime(RINET_WIN32_CLOCK_MONOTONIC, &t);
    t.tv_sec += (time_t)(ms / 1000);
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* Waits on the lock's condition until woken, the deadline (when timed) passes, or spuriously.
 * Returns nonzero when the deadline has passed. Lock held. */
RINET_WIN32_FN int rinet_win32_block(int timed, const struct timespec *deadline)
{
    if (!timed) {
        pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
        return 0;
    }
    return pthread_cond_timedwait(&rinet_win32_cond, &rinet_win32_lock, deadline) == ETIMEDOUT;
}

/* WaitForMultipleObjects: waits until one (bWaitAll FALSE: returns WAIT_OBJECT_0 + the lowest
 * index signalled) or all (WAIT_OBJECT_0) of the objects are signalled, or dwMilliseconds pass
 * (WAIT_TIMEOUT; 0 tests without waiting; INFINITE never times out). A satisfied wait resets an
 * auto-reset event, takes a mutex and decrements a semaphore; with bWaitAll it does so for all
 * objects at once. Errors (WAIT_FAILED): ERROR_INVALID_PARAMETER (no handle, more than
 * MAXIMUM_WAIT_OBJECTS, a handle twice with bWaitAll), ERROR_INVALID_HANDLE. */
RINET_WIN32_FN DWORD WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                            DWORD dwMilliseconds)
{
    rinet_win32_object *objs[MAXIMUM_WAIT_OBJECTS];
    DWORD i, j, self = GetCurrentThreadId();
    struct timespec deadline;
    int timed = dwMilliseconds != INFINITE;
    DWORD result = WAIT_TIMEOUT;
    if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS || lpHandles == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return WAIT_FAILED;
    }
    for (i = 0; i < nCount; i++) {
        objs[i] = rinet_win32_object_of(lpHandles[i]);
        if (objs[i] == NULL || objs[i]->kind == RINET_WIN32_KIND_FILE || objs[i]->kind == RINET_WIN32_KIND_HEAP ||
            objs[i]->kind == RINET_WIN32_KIND_FIND) {
            SetLastError(ERROR_INVALID_HANDLE);
            return WAIT_FAILED;
        }
        if (bWaitAll)
            for (j = 0; j < i; j++)
                if (objs[j] == objs[i]) {
                    SetLastError(ERROR_INVALID_PARAMETER);
                    return WAIT_FAILED;
                }
    }
    if (timed)
        deadline = rinet_win32_deadline(dwMilliseconds);
    rinet_win32_enter();
    for (;;) {
        int expired;
        if (bWaitAll) {
            for (i = 0; i < nCount && rinet_win32_ready(objs[i], self); i++) {
            }
            if (i == nCount) {
                for (i = 0; i < nCount; i++)
                    rinet_win32_take(objs[i], self);
                result = WAIT_OBJECT_0;
                break;
            }
        } else {
            for (i = 0; i < nCount; i++)
                if (rinet_win32_ready(objs[i], self)) {
                    rinet_win32_take(objs[i], self);
                    break;
                }
            if (i < nCount) {
                result = WAIT_OBJECT_0 + i;
                break;
            }
        }
        if (dwMilliseconds == 0)
            break;
        expired = rinet_win32_block(timed, &deadline);
        if (expired) {
            /* One last look: an object signalled just as the time ran out still counts. */
            dwMilliseconds = 0;
        }
    }
    rinet_win32_leave();
    return result;
}

/* WaitForSingleObject: WaitForMultipleObjects on one handle. */
RINET_WIN32_FN DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    return WaitForMultipleObjects(1, &hHandle, FALSE, dwMilliseconds);
}

/* The alertable forms: there are no asynchronous procedure calls, so bAlertable changes
 * nothing. */
RINET_WIN32_FN DWORD WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable)
{
    (void)bAlertable;
    return WaitForMultipleObjects(1, &hHandle, FALSE, dwMilliseconds);
}

RINET_WIN32_FN DWORD WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                              DWORD dwMilliseconds, BOOL bAlertable)
{
    (void)bAlertable;
    return WaitForMultipleObjects(nCount, lpHandles, bWaitAll, dwMilliseconds);
}

/* ---- Events ----------------------------------------------------------------------------- */

/* CreateEvent: a manual-reset (bManualReset TRUE: stays signalled until ResetEvent) or
 * auto-reset event (one satisfied wait resets it), initially signalled or not. The name, if
 * any, is ignored. Returns the handle (close it with CloseHandle), or NULL
 * (ERROR_NOT_ENOUGH_MEMORY). */
RINET_WIN32_FN HANDLE rinet_win32_create_event(BOOL bManualReset, BOOL bInitialState)
{
    rinet_win32_event *e = (rinet_win32_event *)rinet_win32_new_object(sizeof *e, RINET_WIN32_KIND_EVENT);
    if (e == NULL)
        return NULL;
    e->manual = bManualReset ? 1 : 0;
    e->signalled = bInitialState ? 1 : 0;
    SetLastError(ERROR_SUCCESS);
    return (HANDLE)e;
}

RINET_WIN32_FN HANDLE CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                   LPCSTR lpName)
{
    (void)lpEventAttributes;
    (void)lpName;
    return rinet_win32_create_event(bManualReset, bInitialState);
}

RINET_WIN32_FN HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                   LPCWSTR lpName)
{
    (void)lpEventAttributes;
    (void)lpName;
    return rinet_win32_create_event(bManualReset, bInitialState);
}

RINET_WIN32_FN HANDLE CreateEventExA(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCSTR lpName, DWORD dwFlags,
                                     DWORD dwDesiredAccess)
{
    (void)lpEventAttributes;
    (void)lpName;
    (void)dwDesiredAccess;
    return rinet_win32_create_event((dwFlags & CREATE_EVENT_MANUAL_RESET) != 0,
                                    (dwFlags & CREATE_EVENT_INITIAL_SET) != 0);
}

RINET_WIN32_FN HANDLE CreateEventExW(LPSECURITY_ATTRIBUTES lpEventAttributes, LPCWSTR lpName, DWORD dwFlags,
                                     DWORD dwDesiredAccess)
{
    (void)lpEventAttributes;
    (void)lpName;
    (void)dwDesiredAccess;
    return rinet_win32_create_event((dwFlags & CREATE_EVENT_MANUAL_RESET) != 0,
                                    (dwFlags & CREATE_EVENT_INITIAL_SET) != 0);
}

/* Objects have no names: opening one by name finds nothing. */
RINET_WIN32_FN HANDLE OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    (void)lpName;
    SetLastError(ERROR_FILE_NOT_FOUND);
    return NULL;
}

RINET_WIN32_FN HANDLE OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    (void)dwDesiredAccess;
    (void)bInheritHandle;
    (void)lpName;
    SetLastError(ERROR_FILE_NOT_FOUND);
    return NULL;
}

RINET_WIN32_FN rinet_win32_event *rinet_win32_event_of(HANDLE h)
{
    rinet_win32_object *o = rinet_win32_object_of(h);
    if (o == NULL)
        return NULL;
    if (o->kind != RINET_WIN32_KIND_EVENT) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return (rinet_win32_event *)o;
}

/* SetEvent: signals the event, releasing the waits it satisfies. */
RINET_WIN32_FN BOOL SetEvent(HANDLE hEvent)
{
    rinet_win32_event *e = rinet_win32_event_of(hEvent);
    if (e == NULL)
        return FALSE;
    rinet_win32_enter();
    e->signalled = 1;
    rinet_win32_wake_all();
    rinet_win32_leave();
    return TRUE;
}

/* ResetEvent: makes the event non-signalled. */
RINET_WIN32_FN BOOL ResetEvent(HANDLE hEvent)
{
    rinet_win32_event *e = rinet_win32_event_of(hEvent);
    if (e == NULL)
        return FALSE;
    rinet_win32_enter();
    e->signalled = 0;
    rinet_win32_leave();
    return TRUE;
}

/* ---- Mutexes and semaphores ------------------------------------------------------------- */

RINET_WIN32_FN HANDLE rinet_win32_create_mutex(BOOL bInitialOwner)
{
    rinet_win32_mutex *m = (rinet_win32_mutex *)rinet_win32_new_object(sizeof *m, RINET_WIN32_KIND_MUTEX);
    if (m == NULL)
        return NULL;
    if (bInitialOwner) {
        m->owner = GetCurrentThreadId();
        m->count = 1;
    }
    SetLastError(ERROR_SUCCESS);
    return (HANDLE)m;
}

RINET_WIN32_FN HANDLE CreateMutexA(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCSTR lpName)
{
    (void)lpMutexAttributes;
    (void)lpName;
    return rinet_win32_create_mutex(bInitialOwner);
}

RINET_WIN32_FN HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES lpMutexAttributes, BOOL bInitialOwner, LPCWSTR lpName)
{
    (void)lpMutexAttributes;
    (void)lpName;
    return rinet_win32_create_mutex(bInitialOwner);
}

RINET_WIN32_FN HANDLE OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return OpenEventA(dwDesiredAccess, bInheritHandle, lpName);
}

RINET_WIN32_FN HANDLE OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    return OpenEventW(dwDesiredAccess, bInheritHandle, lpName);
}

/* ReleaseMutex: gives up one level of ownership. Errors: ERROR_NOT_OWNER when the calling
 * thread does not own it, ERROR_INVALID_HANDLE. */
RINET_WIN32_FN BOOL ReleaseMutex(HANDLE hMutex)
{
    rinet_win32_object *o = rinet_win32_object_of(hMutex);
    rinet_win32_mutex *m;
    BOOL ok = TRUE;
    if (o == NULL)
        return FALSE;
    if (o->kind != RINET_WIN32_KIND_MUTEX) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    m = (rinet_win32_mutex *)o;
    rinet_win32_enter();
    if (m->count == 0 || m->owner != GetCurrentThreadId()) {
        ok = FALSE;
    } else if (--m->count == 0) {
        m->owner = 0;
        rinet_win32_wake_all();
    }
    rinet_win32_leave();
    if (!ok)
        SetLastError(ERROR_NOT_OWNER);
    return ok;
}

RINET_WIN32_FN HANDLE rinet_win32_create_semaphore(LONG lInitialCount, LONG lMaximumCount)
{
    rinet_win32_semaphore *s;
    if (lMaximumCount <= 0 || lInitialCount < 0 || lInitialCount > lMaximumCount) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    s = (rinet_win32_semaphore *)rinet_win32_new_object(sizeof *s, RINET_WIN32_KIND_SEMAPHORE);
    if (s == NULL)
        return NULL;
    s->count = lInitialCount;
    s->max = lMaximumCount;
    SetLastError(ERROR_SUCCESS);
    return (HANDLE)s;
}

RINET_WIN32_FN HANDLE CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                       LONG lMaximumCount, LPCSTR lpName)
{
    (void)lpSemaphoreAttributes;
    (void)lpName;
    return rinet_win32_create_semaphore(lInitialCount, lMaximumCount);
}

RINET_WIN32_FN HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpSemaphoreAttributes, LONG lInitialCount,
                                       LONG lMaximumCount, LPCWSTR lpName)
{
    (void)lpSemaphoreAttributes;
    (void)lpName;
    return rinet_win32_create_semaphore(lInitialCount, lMaximumCount);
}

/* ReleaseSemaphore: adds lReleaseCount (> 0) to the count; *lpPreviousCount (may be NULL)
 * gets the count before. Errors: ERROR_INVALID_PARAMETER, ERROR_TOO_MANY_POSTS (past the
 * maximum: nothing changes), ERROR_INVALID_HANDLE. */
RINET_WIN32_FN BOOL ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount)
{
    rinet_win32_object *o = rinet_win32_object_of(hSemaphore);
    rinet_win32_semaphore *s;
    DWORD error = 0;
    if (o == NULL)
        return FALSE;
    if (o->kind != RINET_WIN32_KIND_SEMAPHORE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (lReleaseCount <= 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    s = (rinet_win32_semaphore *)o;
    rinet_win32_enter();
    if (lReleaseCount > s->max - s->count) {
        error = ERROR_TOO_MANY_POSTS;
    } else {
        if (lpPreviousCount)
            *lpPreviousCount = s->count;
        s->count += lReleaseCount;
        rinet_win32_wake_all();
    }
    rinet_win32_leave();
    if (error) {
        SetLastError(error);
        return FALSE;
    }
    return TRUE;
}

/* ---- Threads ---------------------------------------------------------------------------- */

/* Records the thread's end and drops the running thread's reference. */
RINET_WIN32_FN void rinet_win32_thread_finish(rinet_win32_thread *t, DWORD code)
{
    rinet_win32_object *dead;
    rinet_win32_enter();
    t->exit_code = code;
    t->done = 1;
    rinet_win32_wake_all();
    dead = rinet_win32_unref_locked(&t->head);
    rinet_win32_leave();
    pthread_setspecific(rinet_win32_thread_key, NULL);
    rinet_win32_destroy(dead);
}

RINET_WIN32_FN void *rinet_win32_thread_main(void *arg)
{
    rinet_win32_thread *t = (rinet_win32_thread *)arg;
    DWORD code;
    pthread_setspecific(rinet_win32_thread_key, t);
    rinet_win32_enter();
    t->tid = GetCurrentThreadId();
    t->started = 1;
    rinet_win32_wake_all();
    while (t->suspended)
        pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
    rinet_win32_leave();
    code = t->start(t->arg);
    rinet_win32_thread_finish(t, code);
    return NULL;
}

/* CreateThread: runs lpStartAddress(lpParameter) on a new thread (suspended until ResumeThread
 * with CREATE_SUSPENDED). *lpThreadId (may be NULL) gets its id. Returns a handle that becomes
 * signalled when the thread ends (GetExitCodeThread then gives its result); closing the handle
 * does not stop the thread. NULL on failure (ERROR_NOT_ENOUGH_MEMORY). dwStackSize 0 means the
 * default size. */
RINET_WIN32_FN HANDLE CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                                   LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter, DWORD dwCreationFlags,
                                   LPDWORD lpThreadId)
{
    rinet_win32_thread *t;
    pthread_attr_t attr;
    int rc;
    (void)lpThreadAttributes;
    if (lpStartAddress == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    rinet_win32_init();
    t = (rinet_win32_thread *)rinet_win32_new_object(sizeof *t, RINET_WIN32_KIND_THREAD);
    if (t == NULL)
        return NULL;
    t->start = lpStartAddress;
    t->arg = lpParameter;
    t->suspended = (dwCreationFlags & CREATE_SUSPENDED) ? 1 : 0;
    t->head.refs = 2; /* the handle and the running thread */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (dwStackSize >= 16384)
        pthread_attr_setstacksize(&attr, (size_t)dwStackSize);
    rc = pthread_create(&t->thread, &attr, rinet_win32_thread_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(t);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    rinet_win32_enter();
    while (!t->started)
        pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
    if (lpThreadId)
        *lpThreadId = t->tid;
    rinet_win32_leave();
    return (HANDLE)t;
}

RINET_WIN32_FN rinet_win32_thread *rinet_win32_thread_of(HANDLE h)
{
    rinet_win32_object *o;
    if (h == RINET_WIN32_CURRENT_THREAD) {
        rinet_win32_init();
        return (rinet_win32_thread *)pthread_getspecific(rinet_win32_thread_key);
    }
    o = rinet_win32_object_of(h);
    if (o == NULL)
        return NULL;
    if (o->kind != RINET_WIN32_KIND_THREAD) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return (rinet_win32_thread *)o;
}

/* ResumeThread: starts a thread created with CREATE_SUSPENDED. Returns the previous suspend
 * count (1, then 0), or (DWORD)-1 with ERROR_INVALID_HANDLE. */
RINET_WIN32_FN DWORD ResumeThread(HANDLE hThread)
{
    rinet_win32_thread *t = rinet_win32_thread_of(hThread);
    DWORD previous;
    if (t == NULL)
        return (DWORD)-1;
    rinet_win32_enter();
    previous = (DWORD)t->suspended;
    t->suspended = 0;
    rinet_win32_wake_all();
    rinet_win32_leave();
    return previous;
}

/* GetExitCodeThread: STILL_ACTIVE while the thread runs, then its result. */
RINET_WIN32_FN BOOL GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
    rinet_win32_thread *t = rinet_win32_thread_of(hThread);
    if (t == NULL || lpExitCode == NULL) {
        if (t != NULL)
            SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    rinet_win32_enter();
    *lpExitCode = t->done ? t->exit_code : STILL_ACTIVE;
    rinet_win32_leave();
    return TRUE;
}

RINET_WIN32_FN DWORD GetThreadId(HANDLE hThread)
{
    rinet_win32_thread *t;
    if (hThread == RINET_WIN32_CURRENT_THREAD)
        return GetCurrentThreadId();
    t = rinet_win32_thread_of(hThread);
    return t ? t->tid : 0;
}

/* ExitThread: ends the calling thread with dwExitCode. On a thread the kit did not create it
 * ends the thread as pthread_exit does. */
RINET_WIN32_FN void ExitThread(DWORD dwExitCode)
{
    rinet_win32_thread *t;
    rinet_win32_init();
    t = (rinet_win32_thread *)pthread_getspecific(rinet_win32_thread_key);
    if (t != NULL)
        rinet_win32_thread_finish(t, dwExitCode);
    pthread_exit(NULL);
}

/* Thread priorities are accepted and not applied. */
RINET_WIN32_FN BOOL SetThreadPriority(HANDLE hThread, int nPriority)
{
    (void)hThread;
    (void)nPriority;
    return TRUE;
}

RINET_WIN32_FN int GetThreadPriority(HANDLE hThread)
{
    (void)hThread;
    return THREAD_PRIORITY_NORMAL;
}

RINET_WIN32_FN BOOL SwitchToThread(void)
{
    sched_yield();
    return TRUE;
}

/* TerminateThread cannot be done safely: it fails with ERROR_NOT_SUPPORTED. */
RINET_WIN32_FN BOOL TerminateThread(HANDLE hThread, DWORD dwExitCode)
{
    (void)hThread;
    (void)dwExitCode;
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}

/* ---- Critical sections ------------------------------------------------------------------ */
/* A critical section is recursive, as on Windows: the owner may enter it again, and must leave
 * it as many times. RecursionCount and OwningThread (the owner's thread id) read as on
 * Windows; the other Windows fields are unused. */
typedef struct _RTL_CRITICAL_SECTION {
    void *DebugInfo;
    LONG LockCount;
    LONG RecursionCount;
    HANDLE OwningThread;
    HANDLE LockSemaphore;
    ULONG_PTR SpinCount;
    pthread_mutex_t rinet_mutex;
} CRITICAL_SECTION, *PCRITICAL_SECTION, *LPCRITICAL_SECTION, RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;

RINET_WIN32_FN void InitializeCriticalSection(LPCRITICAL_SECTION cs)
{
    cs->DebugInfo = NULL;
    cs->LockCount = -1;
    cs->RecursionCount = 0;
    cs->OwningThread = NULL;
    cs->LockSemaphore = NULL;
    cs->SpinCount = 0;
    pthread_mutex_init(&cs->rinet_mutex, NULL);
}

RINET_WIN32_FN BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION cs, DWORD dwSpinCount)
{
    InitializeCriticalSection(cs);
    cs->SpinCount = dwSpinCount;
    return TRUE;
}

RINET_WIN32_FN BOOL InitializeCriticalSectionEx(LPCRITICAL_SECTION cs, DWORD dwSpinCount, DWORD Flags)
{
    (void)Flags;
    return InitializeCriticalSectionAndSpinCount(cs, dwSpinCount);
}

RINET_WIN32_FN DWORD SetCriticalSectionSpinCount(LPCRITICAL_SECTION cs, DWORD dwSpinCount)
{
    DWORD previous = (DWORD)cs->SpinCount;
    cs->SpinCount = dwSpinCount;
    return previous;
}

RINET_WIN32_FN int rinet_win32_cs_owned(LPCRITICAL_SECTION cs, HANDLE self)
{
    return __atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED) == self;
}

RINET_WIN32_FN void EnterCriticalSection(LPCRITICAL_SECTION cs)
{
    HANDLE self = (HANDLE)(uintptr_t)GetCurrentThreadId();
    if (rinet_win32_cs_owned(cs, self)) {
        cs->RecursionCount++;
        return;
    }
    pthread_mutex_lock(&cs->rinet_mutex);
    __atomic_store_n(&cs->OwningThread, self, __ATOMIC_RELAXED);
    cs->RecursionCount = 1;
}

RINET_WIN32_FN BOOL TryEnterCriticalSection(LPCRITICAL_SECTION cs)
{
    HANDLE self = (HANDLE)(uintptr_t)GetCurrentThreadId();
    if (rinet_win32_cs_owned(cs, self)) {
        cs->RecursionCount++;
        return TRUE;
    }
    if (pthread_mutex_trylock(&cs->rinet_mutex) != 0)
        return FALSE;
    __atomic_store_n(&cs->OwningThread, self, __ATOMIC_RELAXED);
    cs->RecursionCount = 1;
    return TRUE;
}

RINET_WIN32_FN void LeaveCriticalSection(LPCRITICAL_SECTION cs)
{
    if (cs->RecursionCount <= 0)
        return; /* not entered: Windows' behaviour is undefined; do nothing */
    if (--cs->RecursionCount == 0) {
        __atomic_store_n(&cs->OwningThread, (HANDLE)NULL, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&cs->rinet_mutex);
    }
}

RINET_WIN32_FN void DeleteCriticalSection(LPCRITICAL_SECTION cs)
{
    pthread_mutex_destroy(&cs->rinet_mutex);
}

/* ---- Slim reader/writer locks and condition variables ----------------------------------- */
/* Both are one pointer-sized word that SRWLOCK_INIT / CONDITION_VARIABLE_INIT (all zero)
 * initialize, as on Windows; they wait on the kit's process-wide lock. A condition variable may
 * wake a sleeper spuriously, as Windows allows. */
typedef struct _RTL_SRWLOCK {
    PVOID Ptr;
} SRWLOCK, *PSRWLOCK, RTL_SRWLOCK;
typedef struct _RTL_CONDITION_VARIABLE {
    PVOID Ptr;
} CONDITION_VARIABLE, *PCONDITION_VARIABLE, RTL_CONDITION_VARIABLE;
#ifndef SRWLOCK_INIT
#define SRWLOCK_INIT {0}
#endif
#ifndef CONDITION_VARIABLE_INIT
#define CONDITION_VARIABLE_INIT {0}
#endif
#ifndef CONDITION_VARIABLE_LOCKMODE_SHARED
#define CONDITION_VARIABLE_LOCKMODE_SHARED 0x1u
#endif

RINET_WIN32_FN void InitializeSRWLock(PSRWLOCK lock)
{
    lock->Ptr = NULL;
}

/* The word: 0 free, -1 held exclusively, n > 0 held by n readers. */
RINET_WIN32_FN void AcquireSRWLockExclusive(PSRWLOCK lock)
{
    rinet_win32_enter();
    while ((intptr_t)lock->Ptr != 0)
        pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
    lock->Ptr = (PVOID)(intptr_t)-1;
    rinet_win32_leave();
}

RINET_WIN32_FN void AcquireSRWLockShared(PSRWLOCK lock)
{
    rinet_win32_enter();
    while ((intptr_t)lock->Ptr < 0)
        pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
    lock->Ptr = (PVOID)((intptr_t)lock->Ptr + 1);
    rinet_win32_leave();
}

RINET_WIN32_FN BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK lock)
{
    BOOLEAN ok = 0;
    rinet_win32_enter();
    if ((intptr_t)lock->Ptr == 0) {
        lock->Ptr = (PVOID)(intptr_t)-1;
        ok = 1;
    }
    rinet_win32_leave();
    return ok;
}

RINET_WIN32_FN BOOLEAN TryAcquireSRWLockShared(PSRWLOCK lock)
{
    BOOLEAN ok = 0;
    rinet_win32_enter();
    if ((intptr_t)lock->Ptr >= 0) {
        lock->Ptr = (PVOID)((intptr_t)lock->Ptr + 1);
        ok = 1;
    }
    rinet_win32_leave();
    return ok;
}

RINET_WIN32_FN void ReleaseSRWLockExclusive(PSRWLOCK lock)
{
    rinet_win32_enter();
    lock->Ptr = NULL;
    rinet_win32_wake_all();
    rinet_win32_leave();
}

RINET_WIN32_FN void ReleaseSRWLockShared(PSRWLOCK lock)
{
    rinet_win32_enter();
    lock->Ptr = (PVOID)((intptr_t)lock->Ptr - 1);
    if ((intptr_t)lock->Ptr == 0)
        rinet_win32_wake_all();
    rinet_win32_leave();
}

RINET_WIN32_FN void InitializeConditionVariable(PCONDITION_VARIABLE cv)
{
    cv->Ptr = NULL;
}

RINET_WIN32_FN void WakeAllConditionVariable(PCONDITION_VARIABLE cv)
{
    rinet_win32_enter();
    cv->Ptr = (PVOID)((uintptr_t)cv->Ptr + 1);
    rinet_win32_wake_all();
    rinet_win32_leave();
}

RINET_WIN32_FN void WakeConditionVariable(PCONDITION_VARIABLE cv)
{
    WakeAllConditionVariable(cv);
}

/* Sleeps until woken or dwMilliseconds pass (FALSE with ERROR_TIMEOUT). The lock or critical
 * section is released while asleep and held again on return. */
RINET_WIN32_FN BOOL rinet_win32_cv_sleep(PCONDITION_VARIABLE cv, LPCRITICAL_SECTION cs, PSRWLOCK srw, int shared,
                                         DWORD dwMilliseconds)
{
    struct timespec deadline;
    int timed = dwMilliseconds != INFINITE, expired = 0;
    LONG depth = 0;
    uintptr_t seq;
    if (timed)
        deadline = rinet_win32_deadline(dwMilliseconds);
    rinet_win32_enter();
    seq = (uintptr_t)cv->Ptr;
    if (cs != NULL) {
        depth = cs->RecursionCount;
        cs->RecursionCount = 0;
        __atomic_store_n(&cs->OwningThread, (HANDLE)NULL, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&cs->rinet_mutex);
    } else {
        srw->Ptr = shared ? (PVOID)((intptr_t)srw->Ptr - 1) : NULL;
        rinet_win32_wake_all();
    }
    while ((uintptr_t)cv->Ptr == seq && !expired)
        expired = rinet_win32_block(timed, &deadline);
    if (srw != NULL) {
        while (shared ? (intptr_t)srw->Ptr < 0 : (intptr_t)srw->Ptr != 0)
            pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
        srw->Ptr = shared ? (PVOID)((intptr_t)srw->Ptr + 1) : (PVOID)(intptr_t)-1;
    }
    rinet_win32_leave();
    if (cs != NULL) {
        EnterCriticalSection(cs);
        cs->RecursionCount = depth;
    }
    if (expired && (uintptr_t)cv->Ptr == seq) {
        SetLastError(ERROR_TIMEOUT);
        return FALSE;
    }
    return TRUE;
}

RINET_WIN32_FN BOOL SleepConditionVariableCS(PCONDITION_VARIABLE cv, PCRITICAL_SECTION cs, DWORD dwMilliseconds)
{
    return rinet_win32_cv_sleep(cv, cs, NULL, 0, dwMilliseconds);
}

RINET_WIN32_FN BOOL SleepConditionVariableSRW(PCONDITION_VARIABLE cv, PSRWLOCK lock, DWORD dwMilliseconds,
                                              ULONG Flags)
{
    return rinet_win32_cv_sleep(cv, NULL, lock, (Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) != 0,
                                dwMilliseconds);
}

/* ---- Interlocked ------------------------------------------------------------------------ */
/* Sequentially consistent, as on Windows. Increment/Decrement/Add return the new value;
 * Exchange/ExchangeAdd/CompareExchange/And/Or/Xor return the old one. */
RINET_WIN32_FN LONG InterlockedIncrement(LONG volatile *p)
{
    return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedDecrement(LONG volatile *p)
{
    return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedExchange(LONG volatile *p, LONG v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedExchangeAdd(LONG volatile *p, LONG v)
{
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedAdd(LONG volatile *p, LONG v)
{
    return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedCompareExchange(LONG volatile *p, LONG exchange, LONG comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
RINET_WIN32_FN LONG InterlockedAnd(LONG volatile *p, LONG v)
{
    return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedOr(LONG volatile *p, LONG v)
{
    return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG InterlockedXor(LONG volatile *p, LONG v)
{
    return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG64 InterlockedIncrement64(LONG64 volatile *p)
{
    return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG64 InterlockedDecrement64(LONG64 volatile *p)
{
    return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG64 InterlockedExchange64(LONG64 volatile *p, LONG64 v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG64 InterlockedExchangeAdd64(LONG64 volatile *p, LONG64 v)
{
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG64 InterlockedAdd64(LONG64 volatile *p, LONG64 v)
{
    return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN LONG64 InterlockedCompareExchange64(LONG64 volatile *p, LONG64 exchange, LONG64 comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
RINET_WIN32_FN PVOID InterlockedExchangePointer(PVOID volatile *p, PVOID v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN PVOID InterlockedCompareExchangePointer(PVOID volatile *p, PVOID exchange, PVOID comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
#ifdef __cplusplus
/* Windows' LONG is long: C++ code that declares its counters long gets the same functions. */
RINET_WIN32_FN long InterlockedIncrement(long volatile *p)
{
    return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN long InterlockedDecrement(long volatile *p)
{
    return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN long InterlockedExchange(long volatile *p, long v)
{
    return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN long InterlockedExchangeAdd(long volatile *p, long v)
{
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
RINET_WIN32_FN long InterlockedCompareExchange(long volatile *p, long exchange, long comparand)
{
    __atomic_compare_exchange_n(p, &comparand, exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return comparand;
}
#endif
#ifndef MemoryBarrier
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef YieldProcessor
#define YieldProcessor() ((void)0)
#endif

/* ---- Thread-local storage --------------------------------------------------------------- */
RINET_WIN32_FN DWORD TlsAlloc(void)
{
    pthread_key_t key;
    if (pthread_key_create(&key, NULL) != 0) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return TLS_OUT_OF_INDEXES;
    }
    return (DWORD)key;
}
RINET_WIN32_FN BOOL TlsFree(DWORD dwTlsIndex)
{
    if (pthread_key_delete((pthread_key_t)dwTlsIndex) != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}
/* Sets the last error to ERROR_SUCCESS, as Windows does, so that a NULL value can be told from
 * a failure. */
RINET_WIN32_FN LPVOID TlsGetValue(DWORD dwTlsIndex)
{
    void *v = pthread_getspecific((pthread_key_t)dwTlsIndex);
    SetLastError(ERROR_SUCCESS);
    return v;
}
RINET_WIN32_FN BOOL TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue)
{
    if (pthread_setspecific((pthread_key_t)dwTlsIndex, lpTlsValue) != 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

#endif /* RINET_WIN32_SYNC_H */
