/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * win32_shim.h -- the few Win32 synchronization calls the WinInet samples in this folder use,
 * written over POSIX threads so that the samples keep their Windows shape on Linux.
 *
 * WinInet programs wait for INTERNET_STATUS_REQUEST_COMPLETE with a Win32 event: the status
 * callback calls SetEvent and the main thread calls WaitForSingleObject. They guard shared state
 * with a CRITICAL_SECTION. This header provides exactly that much:
 *
 *   HANDLE CreateEvent(NULL, bManualReset, bInitialState, NULL)   an event (NULL if out of memory)
 *   BOOL   SetEvent(h), ResetEvent(h)
 *   DWORD  WaitForSingleObject(h, ms)   WAIT_OBJECT_0, or WAIT_TIMEOUT after ms (INFINITE: never)
 *   BOOL   CloseHandle(h)               frees the event (no thread may be waiting on it)
 *   CRITICAL_SECTION with InitializeCriticalSection, EnterCriticalSection, LeaveCriticalSection
 *   and DeleteCriticalSection (a recursive pthread mutex, as a critical section is recursive)
 *   Sleep(ms)
 *
 * An auto-reset event (bManualReset FALSE) releases one wait and resets itself; a manual-reset
 * event stays signalled until ResetEvent. Only unnamed events and the default security
 * attributes are supported. Include it before any other header: it includes <wininet.h> and
 * sets _POSIX_C_SOURCE for the pthread and clock calls.
 */
#ifndef RINET_EXAMPLES_WIN32_SHIM_H
#define RINET_EXAMPLES_WIN32_SHIM_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* pthread, clock_gettime, nanosleep under -std=c11 */
#endif

#include <wininet.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#ifndef INFINITE
#define INFINITE 0xFFFFFFFFu
#endif
#ifndef WAIT_OBJECT_0
#define WAIT_OBJECT_0 0u
#endif
#ifndef WAIT_TIMEOUT
#define WAIT_TIMEOUT 258u
#endif
#ifndef WAIT_FAILED
#define WAIT_FAILED 0xFFFFFFFFu
#endif

/* An event object. */
struct win32_event {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    BOOL manual_reset;
    BOOL signalled;
};
typedef struct win32_event *HANDLE;

static inline HANDLE CreateEventA(void *lpEventAttributes, BOOL bManualReset, BOOL bInitialState, LPCSTR lpName)
{
    (void)lpEventAttributes;
    (void)lpName;
    HANDLE h = (HANDLE)calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, &attr);
    pthread_condattr_destroy(&attr);
    h->manual_reset = bManualReset;
    h->signalled = bInitialState;
    return h;
}
#define CreateEvent CreateEventA

static inline BOOL SetEvent(HANDLE h)
{
    pthread_mutex_lock(&h->lock);
    h->signalled = TRUE;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    return TRUE;
}

static inline BOOL ResetEvent(HANDLE h)
{
    pthread_mutex_lock(&h->lock);
    h->signalled = FALSE;
    pthread_mutex_unlock(&h->lock);
    return TRUE;
}

static inline DWORD WaitForSingleObject(HANDLE h, DWORD dwMilliseconds)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)(dwMilliseconds / 1000);
    deadline.tv_nsec += (long)(dwMilliseconds % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    DWORD result = WAIT_OBJECT_0;
    pthread_mutex_lock(&h->lock);
    while (!h->signalled) {
        int rc = dwMilliseconds == INFINITE ? pthread_cond_wait(&h->cond, &h->lock)
                                            : pthread_cond_timedwait(&h->cond, &h->lock, &deadline);
        if (rc == ETIMEDOUT && !h->signalled) {
            result = WAIT_TIMEOUT;
            break;
        }
    }
    if (result == WAIT_OBJECT_0 && !h->manual_reset)
        h->signalled = FALSE;
    pthread_mutex_unlock(&h->lock);
    return result;
}

static inline BOOL CloseHandle(HANDLE h)
{
    if (h == NULL)
        return FALSE;
    pthread_cond_destroy(&h->cond);
    pthread_mutex_destroy(&h->lock);
    free(h);
    return TRUE;
}

/* A critical section: a recursive mutex. */
typedef struct {
    pthread_mutex_t mutex;
} CRITICAL_SECTION, *LPCRITICAL_SECTION;

static inline void InitializeCriticalSection(LPCRITICAL_SECTION cs)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&cs->mutex, &attr);
    pthread_mutexattr_destroy(&attr);
}

static inline void EnterCriticalSection(LPCRITICAL_SECTION cs)
{
    pthread_mutex_lock(&cs->mutex);
}

static inline void LeaveCriticalSection(LPCRITICAL_SECTION cs)
{
    pthread_mutex_unlock(&cs->mutex);
}

static inline void DeleteCriticalSection(LPCRITICAL_SECTION cs)
{
    pthread_mutex_destroy(&cs->mutex);
}

static inline void Sleep(DWORD dwMilliseconds)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(dwMilliseconds / 1000);
    ts.tv_nsec = (long)(dwMilliseconds % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

#endif /* RINET_EXAMPLES_WIN32_SHIM_H */
