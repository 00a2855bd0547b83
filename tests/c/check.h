/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * check.h -- shared helpers for rinet's C test programs (the .c files of tests/c).
 *
 * Each test program is one C file with its own main() that includes this header first. It:
 *   - takes the test server from argv[1] (host) and argv[2] (port), or from the environment
 *     variables RINET_TEST_HOST and RINET_TEST_PORT (tc_init);
 *   - prints one line per check, `ok <name>` or `FAIL <name>: <why>`, and a last line
 *     `N passed, M failed` (tc_finish), exiting 0 only when nothing failed;
 *   - records every status notification it receives in a mutex-protected array
 *     (tc_callback / tc_record), so that checks can look at the sequence afterwards, and waits
 *     for a given notification with a timeout (tc_wait_for) so that a bug fails a check instead
 *     of hanging the program;
 *   - runs a watchdog thread that fails the program if it is still running after a time limit;
 *   - talks to the test server's gates over a plain socket of its own (tc_gate_open,
 *     tc_gate_arrived, tc_gate_answered), so that a check waits for what the server did instead
 *     of sleeping: a request held at a gate stays pending exactly until the test opens it.
 *
 * Everything here is static: the header is included by exactly one C file per program.
 * Checks only use the WinInet API of <wininet.h>; rinet_live_handles() from rinet.h is used at
 * the end to check that every handle was released.
 */
#ifndef RINET_TESTS_CHECK_H
#define RINET_TESTS_CHECK_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* pthread, clock_gettime, nanosleep under -std=c11 */
#endif

#include <wininet.h>

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------- */
/* Results                                                                                  */
/* ---------------------------------------------------------------------------------------- */

static int tc_passed;
static int tc_failed;
static pthread_mutex_t tc_print_lock = PTHREAD_MUTEX_INITIALIZER;

static inline void tc_ok(const char *name)
{
    pthread_mutex_lock(&tc_print_lock);
    tc_passed++;
    printf("ok %s\n", name);
    fflush(stdout);
    pthread_mutex_unlock(&tc_print_lock);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void tc_fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&tc_print_lock);
    tc_failed++;
    printf("FAIL %s: ", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    pthread_mutex_unlock(&tc_print_lock);
}

/* A note that is neither a pass nor a failure (shown as "# ..."). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static inline void tc_info(const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&tc_print_lock);
    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    pthread_mutex_unlock(&tc_print_lock);
}

/* CHECK(name, cond): passes when cond is true. */
#define CHECK(name, cond)                                                                          \
    do {                                                                                           \
        if (cond)                                                                                  \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "expected %s (line %d)", #cond, __LINE__);                               \
    } while (0)

/* CHECK_EQ(name, got, want): integer equality, printing both values on failure. */
#define CHECK_EQ(name, got, want)                                                                  \
    do {                                                                                           \
        uintmax_t tc_g_ = (uintmax_t)(got), tc_w_ = (uintmax_t)(want);                             \
        if (tc_g_ == tc_w_)                                                                        \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s is %ju, expected %ju (line %d)", #got, tc_g_, tc_w_, __LINE__);      \
    } while (0)

/* CHECK_STR(name, got, want): NUL-terminated string equality. */
#define CHECK_STR(name, got, want)                                                                 \
    do {                                                                                           \
        const char *tc_g_ = (got), *tc_w_ = (want);                                                \
        if (tc_g_ != NULL && strcmp(tc_g_, tc_w_) == 0)                                            \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s is \"%s\", expected \"%s\" (line %d)", #got,                         \
                    tc_g_ ? tc_g_ : "(null)", tc_w_, __LINE__);                                    \
    } while (0)

/* CHECK_TRUE(name, call): the BOOL call succeeds. Evaluates call once. */
#define CHECK_TRUE(name, call)                                                                     \
    do {                                                                                           \
        BOOL tc_r_ = (call);                                                                       \
        DWORD tc_e_ = GetLastError();                                                              \
        if (tc_r_)                                                                                 \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s returned FALSE, GetLastError %u (line %d)", #call, (unsigned)tc_e_,  \
                    __LINE__);                                                                     \
    } while (0)

/* CHECK_FAILS(name, call, err): the BOOL call returns FALSE and GetLastError() is err. */
#define CHECK_FAILS(name, call, err)                                                               \
    do {                                                                                           \
        BOOL tc_r_ = (call);                                                                       \
        DWORD tc_e_ = GetLastError();                                                              \
        if (!tc_r_ && tc_e_ == (DWORD)(err))                                                       \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s returned %s, GetLastError %u; expected FALSE/%u (line %d)", #call,   \
                    tc_r_ ? "TRUE" : "FALSE", (unsigned)tc_e_, (unsigned)(err), __LINE__);         \
    } while (0)

/* CHECK_NULL_ERR(name, call, err): the HINTERNET call returns NULL and GetLastError() is err. If it
 * returns a handle anyway, that handle is closed. */
#define CHECK_NULL_ERR(name, call, err)                                                            \
    do {                                                                                           \
        HINTERNET tc_h_ = (call);                                                                  \
        DWORD tc_e_ = GetLastError();                                                              \
        if (tc_h_ == NULL && tc_e_ == (DWORD)(err))                                                \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s returned %p, GetLastError %u; expected NULL/%u (line %d)", #call,    \
                    tc_h_, (unsigned)tc_e_, (unsigned)(err), __LINE__);                            \
        if (tc_h_ != NULL)                                                                         \
            InternetCloseHandle(tc_h_);                                                            \
    } while (0)

/* ---------------------------------------------------------------------------------------- */
/* Time                                                                                     */
/* ---------------------------------------------------------------------------------------- */

/* Default wait for one notification: generous, and six times longer under valgrind, which runs
 * everything far slower (tc_init sets it). It only bounds a wait for something that must come,
 * so that a lost notification fails a check instead of hanging the program. */
static int tc_wait_ms = 10000;
#define TC_WAIT_MS tc_wait_ms

/* The longest wait for a whole phase of a program (a large body read through callbacks, say):
 * a little less than the watchdog's limit (tc_init sets it). */
static double tc_long_wait_s = 100.0;

static inline double tc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The seconds since 1970 of a SYSTEMTIME (UTC), from its date and time of day; its weekday and
 * milliseconds are not read. */
static inline long long tc_epoch_of(const SYSTEMTIME *t)
{
    long long y = (long long)t->wYear - (t->wMonth <= 2);
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long mp = t->wMonth > 2 ? t->wMonth - 3 : t->wMonth + 9;
    long long doy = (153 * mp + 2) / 5 + t->wDay - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long days = era * 146097 + doe - 719468;
    return days * 86400 + t->wHour * 3600LL + t->wMinute * 60LL + t->wSecond;
}

/* The wall clock's whole seconds, read as rinet reads it (CLOCK_REALTIME). time() may read a
 * coarser clock that lags it by up to a tick, so a second that rinet already sees could still
 * be the previous one for time(). */
static inline time_t tc_wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec;
}

/* True when `t` is a valid SYSTEMTIME of a moment from `before` to `after` (seconds since 1970,
 * from tc_wall_now()), its weekday that of its date. */
static inline bool tc_system_time_between(const SYSTEMTIME *t, time_t before, time_t after)
{
    long long at = tc_epoch_of(t);
    long long days = at >= 0 ? at / 86400 : (at - 86399) / 86400;
    return t->wMonth >= 1 && t->wMonth <= 12 && t->wDay >= 1 && t->wDay <= 31 && t->wHour < 24 &&
           t->wMinute < 60 && t->wSecond < 60 && t->wMilliseconds < 1000 && at >= (long long)before &&
           at <= (long long)after && t->wDayOfWeek == (WORD)(((days % 7) + 11) % 7);
}

static inline void tc_sleep_ms(int ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Names                                                                                    */
/* ---------------------------------------------------------------------------------------- */

static inline const char *tc_status_name(DWORD status)
{
    switch (status) {
    case INTERNET_STATUS_RESOLVING_NAME: return "RESOLVING_NAME";
    case INTERNET_STATUS_NAME_RESOLVED: return "NAME_RESOLVED";
    case INTERNET_STATUS_CONNECTING_TO_SERVER: return "CONNECTING_TO_SERVER";
    case INTERNET_STATUS_CONNECTED_TO_SERVER: return "CONNECTED_TO_SERVER";
    case INTERNET_STATUS_SENDING_REQUEST: return "SENDING_REQUEST";
    case INTERNET_STATUS_REQUEST_SENT: return "REQUEST_SENT";
    case INTERNET_STATUS_RECEIVING_RESPONSE: return "RECEIVING_RESPONSE";
    case INTERNET_STATUS_RESPONSE_RECEIVED: return "RESPONSE_RECEIVED";
    case INTERNET_STATUS_CLOSING_CONNECTION: return "CLOSING_CONNECTION";
    case INTERNET_STATUS_CONNECTION_CLOSED: return "CONNECTION_CLOSED";
    case INTERNET_STATUS_HANDLE_CREATED: return "HANDLE_CREATED";
    case INTERNET_STATUS_HANDLE_CLOSING: return "HANDLE_CLOSING";
    case INTERNET_STATUS_DETECTING_PROXY: return "DETECTING_PROXY";
    case INTERNET_STATUS_REQUEST_COMPLETE: return "REQUEST_COMPLETE";
    case INTERNET_STATUS_REDIRECT: return "REDIRECT";
    case INTERNET_STATUS_INTERMEDIATE_RESPONSE: return "INTERMEDIATE_RESPONSE";
    case INTERNET_STATUS_USER_INPUT_REQUIRED: return "USER_INPUT_REQUIRED";
    case INTERNET_STATUS_STATE_CHANGE: return "STATE_CHANGE";
    case INTERNET_STATUS_COOKIE_SENT: return "COOKIE_SENT";
    case INTERNET_STATUS_COOKIE_RECEIVED: return "COOKIE_RECEIVED";
    default: return "?";
    }
}

/* ---------------------------------------------------------------------------------------- */
/* The notification recorder                                                                */
/* ---------------------------------------------------------------------------------------- */

/* One status notification, as seen by the callback. */
typedef struct {
    HINTERNET handle;   /* hInternet argument */
    DWORD_PTR context;  /* dwContext argument */
    DWORD status;       /* dwInternetStatus */
    DWORD info_len;     /* dwStatusInformationLength */
    bool has_info;      /* lpvStatusInformation != NULL */
    uintptr_t result;   /* REQUEST_COMPLETE, HANDLE_CREATED: dwResult; HANDLE_CLOSING: the handle
                           value; REQUEST_SENT, RESPONSE_RECEIVED, STATE_CHANGE: the DWORD */
    DWORD error;        /* REQUEST_COMPLETE: dwError */
    char text[64];      /* string payloads (RESOLVING_NAME, CONNECTING_TO_SERVER, ...), cut short */
    bool on_main;       /* delivered on the thread that called tc_init */
    int depth;          /* callback nesting depth on this thread, including this call (1 = not nested) */
    double when;        /* tc_now() at delivery */
    bool returned;      /* recorded inside tc_enter()/tc_leave(): that callback has returned */
} tc_note;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    tc_note *notes;
    size_t count, cap;
    int max_depth;
    pthread_t main_thread;
} tc_rec = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0, (pthread_t)0};

static _Thread_local int tc_depth;
/* 1 + the index of the note the callback at each depth of this thread recorded last (0: none). */
static _Thread_local size_t tc_recorded_at[32];

/* Callbacks written by a test call tc_enter() first and tc_leave() last, so that nesting (a
 * callback delivered while another one is running on the same thread) is measured. */
static inline int tc_enter(void)
{
    int depth = ++tc_depth;
    pthread_mutex_lock(&tc_rec.lock);
    if (depth > tc_rec.max_depth)
        tc_rec.max_depth = depth;
    pthread_mutex_unlock(&tc_rec.lock);
    return depth;
}

static inline void tc_leave(void)
{
    if (tc_depth > 0 && tc_depth < 32 && tc_recorded_at[tc_depth] != 0) {
        pthread_mutex_lock(&tc_rec.lock);
        tc_rec.notes[tc_recorded_at[tc_depth] - 1].returned = true;
        pthread_cond_broadcast(&tc_rec.cond);
        pthread_mutex_unlock(&tc_rec.lock);
        tc_recorded_at[tc_depth] = 0;
    }
    --tc_depth;
}

/* Deepest callback nesting seen so far. */
static inline int tc_max_depth(void)
{
    pthread_mutex_lock(&tc_rec.lock);
    int depth = tc_rec.max_depth;
    pthread_mutex_unlock(&tc_rec.lock);
    return depth;
}

/* Appends one notification to the record and wakes waiters. Copies what the payload points to,
 * since it lives only for the duration of the callback. */
static inline void tc_record(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_note n;
    memset(&n, 0, sizeof n);
    n.handle = h;
    n.context = ctx;
    n.status = status;
    n.info_len = len;
    n.has_info = info != NULL;
    n.depth = tc_depth;
    n.when = tc_now();
    if (info != NULL) {
        switch (status) {
        case INTERNET_STATUS_REQUEST_COMPLETE:
            if (len >= sizeof(INTERNET_ASYNC_RESULT)) {
                const INTERNET_ASYNC_RESULT *r = (const INTERNET_ASYNC_RESULT *)info;
                n.result = r->dwResult;
                n.error = r->dwError;
            }
            break;
        case INTERNET_STATUS_HANDLE_CREATED:
        case INTERNET_STATUS_HANDLE_CLOSING:
            /* Both start with the handle value: HANDLE_CREATED's INTERNET_ASYNC_RESULT begins
             * with dwResult, HANDLE_CLOSING points at an HINTERNET. */
            if (len >= sizeof(uintptr_t)) {
                uintptr_t v;
                memcpy(&v, info, sizeof v);
                n.result = v;
            }
            break;
        case INTERNET_STATUS_REQUEST_SENT:
        case INTERNET_STATUS_RESPONSE_RECEIVED:
        case INTERNET_STATUS_STATE_CHANGE:
            if (len >= sizeof(DWORD)) {
                DWORD v;
                memcpy(&v, info, sizeof v);
                n.result = v;
            }
            break;
        case INTERNET_STATUS_RESOLVING_NAME:
        case INTERNET_STATUS_NAME_RESOLVED:
        case INTERNET_STATUS_CONNECTING_TO_SERVER:
        case INTERNET_STATUS_CONNECTED_TO_SERVER:
        case INTERNET_STATUS_REDIRECT: {
            size_t copy = len < sizeof n.text - 1 ? len : sizeof n.text - 1;
            memcpy(n.text, info, copy);
            n.text[copy] = '\0';
            break;
        }
        default:
            break;
        }
    }
    pthread_mutex_lock(&tc_rec.lock);
    n.on_main = pthread_equal(pthread_self(), tc_rec.main_thread) != 0;
    if (tc_rec.count == tc_rec.cap) {
        size_t cap = tc_rec.cap ? tc_rec.cap * 2 : 256;
        tc_note *grown = (tc_note *)realloc(tc_rec.notes, cap * sizeof *grown);
        if (grown == NULL) {
            pthread_mutex_unlock(&tc_rec.lock);
            fprintf(stderr, "out of memory recording notifications\n");
            abort();
        }
        tc_rec.notes = grown;
        tc_rec.cap = cap;
    }
    tc_rec.notes[tc_rec.count++] = n;
    if (tc_depth > 0 && tc_depth < 32)
        tc_recorded_at[tc_depth] = tc_rec.count;
    pthread_cond_broadcast(&tc_rec.cond);
    pthread_mutex_unlock(&tc_rec.lock);
}

/* The plain recording callback. */
static inline void CALLBACK tc_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    tc_leave();
}

/* Number of notifications recorded so far: use it as a mark before a call. */
static inline size_t tc_mark(void)
{
    pthread_mutex_lock(&tc_rec.lock);
    size_t count = tc_rec.count;
    pthread_mutex_unlock(&tc_rec.lock);
    return count;
}

/* A copy of notification i (i < tc_mark()). */
static inline tc_note tc_get(size_t i)
{
    tc_note n;
    pthread_mutex_lock(&tc_rec.lock);
    n = tc_rec.notes[i];
    pthread_mutex_unlock(&tc_rec.lock);
    return n;
}

/* Does note n concern the handle identified by h or ctx? h == NULL and ctx == 0 match anything;
 * otherwise a non-NULL h must equal the note's handle and a non-zero ctx its context. */
static inline bool tc_note_is(const tc_note *n, HINTERNET h, DWORD_PTR ctx)
{
    if (h != NULL && n->handle != h)
        return false;
    if (ctx != 0 && n->context != ctx)
        return false;
    return true;
}

static inline bool tc_timed_wait(int timeout_ms, double start)
{
    /* Waits on the recorder's condition for at most the rest of timeout_ms (lock held).
     * Returns false once the time is up. */
    double left = start + timeout_ms / 1000.0 - tc_now();
    if (left <= 0)
        return false;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long long ns = (long long)ts.tv_nsec + (long long)((left < 0.05 ? left : 0.05) * 1e9);
    ts.tv_sec += (time_t)(ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    pthread_cond_timedwait(&tc_rec.cond, &tc_rec.lock, &ts);
    return true;
}

/* Waits until a notification with this status (for handle h and/or context ctx, see
 * tc_note_is) is recorded at an index >= from. Returns its index, or -1 after timeout_ms. */
static inline long tc_wait_for(DWORD status, HINTERNET h, DWORD_PTR ctx, size_t from, int timeout_ms)
{
    double start = tc_now();
    pthread_mutex_lock(&tc_rec.lock);
    size_t i = from;
    for (;;) {
        for (; i < tc_rec.count; i++) {
            if (tc_rec.notes[i].status == status && tc_note_is(&tc_rec.notes[i], h, ctx)) {
                pthread_mutex_unlock(&tc_rec.lock);
                return (long)i;
            }
        }
        if (!tc_timed_wait(timeout_ms, start))
            break;
    }
    pthread_mutex_unlock(&tc_rec.lock);
    return -1;
}

/* Number of notifications with this status (0 = any status) for h/ctx in [from, to). */
static inline size_t tc_count(DWORD status, HINTERNET h, DWORD_PTR ctx, size_t from, size_t to)
{
    size_t n = 0;
    pthread_mutex_lock(&tc_rec.lock);
    if (to > tc_rec.count)
        to = tc_rec.count;
    for (size_t i = from; i < to; i++) {
        if ((status == 0 || tc_rec.notes[i].status == status) && tc_note_is(&tc_rec.notes[i], h, ctx))
            n++;
    }
    pthread_mutex_unlock(&tc_rec.lock);
    return n;
}

/* Prints the notifications in [from, to) for h/ctx, to explain a failure. */
static inline void tc_dump(const char *why, HINTERNET h, DWORD_PTR ctx, size_t from, size_t to)
{
    size_t end = tc_mark();
    if (to > end)
        to = end;
    tc_info("notifications (%s):", why);
    for (size_t i = from; i < to; i++) {
        tc_note n = tc_get(i);
        if (!tc_note_is(&n, h, ctx))
            continue;
        tc_info("  [%zu] h=%p ctx=%#jx %s(%u) len=%u result=%#jx error=%u text=\"%s\"%s depth=%d", i, n.handle,
                (uintmax_t)n.context, tc_status_name(n.status), (unsigned)n.status, (unsigned)n.info_len,
                (uintmax_t)n.result, (unsigned)n.error, n.text, n.on_main ? " main-thread" : "", n.depth);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Calls that may pend                                                                      */
/* ---------------------------------------------------------------------------------------- */

/* Sentinel result of tc_await when REQUEST_COMPLETE did not come in time. */
#define TC_TIMED_OUT 0xFFFFFFFFu

/* Finishes a call that may have pended. Pass the call's BOOL result directly, e.g.
 *     size_t mark = tc_mark();
 *     DWORD err = tc_await(HttpSendRequest(req, NULL, 0, NULL, 0), req, ctx, mark, &pended);
 * Returns 0 when the call succeeded, synchronously or through REQUEST_COMPLETE {1, 0}; the
 * error code when it failed at once or completed with {0, error}; TC_TIMED_OUT when it pended
 * and no REQUEST_COMPLETE for h/ctx arrived within TC_WAIT_MS. *pended (optional) tells whether
 * it returned FALSE/ERROR_IO_PENDING; *complete_index (optional) receives the index of its
 * REQUEST_COMPLETE, or -1. */
/* Waits until the callback that recorded note i has returned (at once for a note recorded
 * outside tc_enter()/tc_leave()). rinet delivers no other notification for a handle while a
 * callback for it runs, so a test that goes on from a REQUEST_COMPLETE to a call whose
 * notifications it expects inside that call waits for this first. False after timeout_ms. */
static inline bool tc_wait_returned(long i, int timeout_ms)
{
    if (i < 0)
        return false;
    double start = tc_now();
    pthread_mutex_lock(&tc_rec.lock);
    bool done;
    while (!(done = tc_rec.notes[i].depth == 0 || tc_rec.notes[i].returned) && tc_timed_wait(timeout_ms, start)) {
    }
    pthread_mutex_unlock(&tc_rec.lock);
    return done;
}

static inline DWORD tc_await_ex(BOOL ret, HINTERNET h, DWORD_PTR ctx, size_t mark, bool *pended, long *complete_index)
{
    DWORD err = GetLastError(); /* read first: nothing else has run on this thread yet */
    if (pended)
        *pended = false;
    if (complete_index)
        *complete_index = -1;
    if (ret)
        return 0;
    if (err != ERROR_IO_PENDING)
        return err;
    if (pended)
        *pended = true;
    long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, h, ctx, mark, TC_WAIT_MS);
    if (complete_index)
        *complete_index = i;
    if (i < 0)
        return TC_TIMED_OUT;
    tc_wait_returned(i, TC_WAIT_MS);
    tc_note n = tc_get((size_t)i);
    return n.result ? 0 : n.error;
}

static inline DWORD tc_await(BOOL ret, HINTERNET h, DWORD_PTR ctx, size_t mark, bool *pended)
{
    return tc_await_ex(ret, h, ctx, mark, pended, NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* Test server, body pattern, hashing                                                       */
/* ---------------------------------------------------------------------------------------- */

static const char *tc_host = "127.0.0.1";
static INTERNET_PORT tc_port;

/* Byte i of the server's generated bodies. */
static inline char tc_pattern_byte(uint64_t i)
{
    return (char)('a' + (int)(i % 26));
}

/* Index of the first byte of buf that differs from the pattern starting at offset, or -1. */
static inline long tc_pattern_mismatch(const char *buf, size_t len, uint64_t offset)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] != tc_pattern_byte(offset + i))
            return (long)i;
    }
    return -1;
}

/* Checks that body/len is exactly the first `want` bytes of the pattern. */
static inline void tc_check_pattern(const char *name, const char *body, size_t len, size_t want)
{
    long bad;
    if (len != want)
        tc_fail(name, "body is %zu bytes, expected %zu", len, want);
    else if ((bad = tc_pattern_mismatch(body, len, 0)) >= 0)
        tc_fail(name, "byte %ld is 0x%02x, expected '%c'", bad, (unsigned char)body[bad],
                tc_pattern_byte((uint64_t)bad));
    else
        tc_ok(name);
}

#define TC_FNV_OFFSET 0xcbf29ce484222325ULL
#define TC_FNV_PRIME 0x00000100000001b3ULL

static inline uint64_t tc_fnv1a64(uint64_t hash, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= TC_FNV_PRIME;
    }
    return hash;
}

/* The /upload and /slowread reply for a body of len bytes whose hash is hash. */
static inline void tc_upload_reply(char *out, size_t size, uint64_t len, uint64_t hash)
{
    snprintf(out, size, "%" PRIu64 " %016" PRIx64, len, hash);
}

/* ---------------------------------------------------------------------------------------- */
/* Growing byte buffer                                                                      */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    char *data;
    size_t len, cap;
} tc_buf;

static inline void tc_buf_append(tc_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = (char *)realloc(b->data, cap);
        if (grown == NULL) {
            fprintf(stderr, "out of memory\n");
            abort();
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0'; /* always NUL-terminated, for text bodies */
}

static inline void tc_buf_free(tc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Program set-up and end                                                                   */
/* ---------------------------------------------------------------------------------------- */

static inline void *tc_watchdog(void *arg)
{
    int seconds = *(int *)arg;
    tc_sleep_ms(seconds * 1000);
    pthread_mutex_lock(&tc_print_lock);
    printf("FAIL watchdog: still running after %d s (a call or a wait is stuck)\n", seconds);
    printf("%d passed, %d failed\n", tc_passed, tc_failed + 1);
    fflush(stdout);
    _Exit(3);
    return NULL;
}

/* Reads the server address, starts the watchdog. Call first in main(). */
static inline void tc_init(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : getenv("RINET_TEST_HOST");
    const char *port = argc > 2 ? argv[2] : getenv("RINET_TEST_PORT");
    if (host == NULL || port == NULL || atoi(port) <= 0 || atoi(port) > 65535) {
        fprintf(stderr, "usage: %s <host> <port>  (or set RINET_TEST_HOST and RINET_TEST_PORT)\n",
                argc > 0 ? argv[0] : "test");
        exit(2);
    }
    tc_host = host;
    tc_port = (INTERNET_PORT)atoi(port);
    tc_rec.main_thread = pthread_self();
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* Valgrind runs everything far slower: allow more time when running under it. */
    static int seconds;
    const char *preload = getenv("LD_PRELOAD");
    bool valgrind = preload != NULL && strstr(preload, "vgpreload") != NULL;
    seconds = valgrind ? 560 : 110;
    if (valgrind)
        tc_wait_ms = 60000;
    const char *env = getenv("RINET_TEST_WATCHDOG_S");
    if (env != NULL && atoi(env) > 0)
        seconds = atoi(env);
    tc_long_wait_s = seconds > 20 ? seconds - 10 : seconds;
    pthread_t t;
    if (pthread_create(&t, NULL, tc_watchdog, &seconds) == 0)
        pthread_detach(t);
}

/* Ends the program at once after a failure that leaves rinet stuck (a deadlocked callback, for
 * instance), where closing handles could hang too. */
static inline void tc_bail(const char *why)
{
    pthread_mutex_lock(&tc_print_lock);
    printf("# giving up: %s\n", why);
    printf("%d passed, %d failed\n", tc_passed, tc_failed);
    fflush(stdout);
    _Exit(1);
}

/* Checks that rinet has released every handle (all HANDLE_CLOSING delivered), waiting a little. */
static inline void tc_check_no_live_handles(const char *name)
{
    double start = tc_now();
    uint32_t live = rinet_live_handles();
    while (live != 0 && tc_now() - start < 5.0) {
        tc_sleep_ms(20);
        live = rinet_live_handles();
    }
    CHECK_EQ(name, live, 0);
}

/* Prints the summary line, frees the record and returns the exit status for main(). */
static inline int tc_finish(void)
{
    pthread_mutex_lock(&tc_print_lock);
    printf("%d passed, %d failed\n", tc_passed, tc_failed);
    fflush(stdout);
    int failed = tc_failed;
    pthread_mutex_unlock(&tc_print_lock);
    pthread_mutex_lock(&tc_rec.lock);
    free(tc_rec.notes);
    tc_rec.notes = NULL;
    tc_rec.count = tc_rec.cap = 0;
    pthread_mutex_unlock(&tc_rec.lock);
    return failed ? 1 : 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Small request helpers                                                                    */
/* ---------------------------------------------------------------------------------------- */

/* Opens a session (async or not) with tc_callback registered. NULL on failure (reported). */
static inline HINTERNET tc_open_session(const char *name, bool async)
{
    HINTERNET s = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL,
                                async ? INTERNET_FLAG_ASYNC : 0);
    if (s == NULL) {
        tc_fail(name, "InternetOpen failed, GetLastError %u", (unsigned)GetLastError());
        return NULL;
    }
    if (InternetSetStatusCallbackA(s, tc_callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        tc_fail(name, "InternetSetStatusCallback failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return NULL;
    }
    return s;
}

/* Reads the whole body of req into out, finishing pending reads through REQUEST_COMPLETE.
 * chunk is the size passed to each InternetReadFile (at most 65536). Returns 0 or the error
 * that stopped it; *pended_reads (optional) counts reads that returned ERROR_IO_PENDING. */
static inline DWORD tc_read_all(HINTERNET req, DWORD_PTR ctx, DWORD chunk, tc_buf *out, unsigned *pended_reads)
{
    static _Thread_local char buf[65536];
    if (chunk > sizeof buf)
        chunk = sizeof buf;
    if (pended_reads)
        *pended_reads = 0;
    for (;;) {
        DWORD got = 0;
        bool pended = false;
        size_t mark = tc_mark();
        DWORD err = tc_await(InternetReadFile(req, buf, chunk, &got), req, ctx, mark, &pended);
        if (pended && pended_reads)
            (*pended_reads)++;
        if (err != 0)
            return err;
        if (got == 0)
            return 0;
        tc_buf_append(out, buf, got);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* The test server's gates                                                                  */
/* ---------------------------------------------------------------------------------------- */

/* How long a gate call waits for the server's answer before the check fails (an arrival that
 * never comes means the request never reached the server). */
#ifndef TC_GATE_WAIT_S
#define TC_GATE_WAIT_S 120
#endif

/* GET `path` from the test server on a plain socket of this program's own (not through rinet,
 * so that no notification, handle or pooled connection of the test is involved), with
 * Connection: close. True when the answer is 200. The body, NUL-terminated and cut to `size`,
 * goes to `body` (optional). */
static inline bool tc_server_get(const char *path, char *body, size_t size)
{
    if (body != NULL && size > 0)
        body[0] = '\0';
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    struct timeval tv = {TC_GATE_WAIT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(tc_port);
    if (inet_pton(AF_INET, tc_host, &addr.sin_addr) != 1 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return false;
    }
    char req[512];
    int len = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, tc_host);
    for (int sent = 0; sent < len;) {
        ssize_t n = send(fd, req + sent, (size_t)(len - sent), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return false;
        }
        sent += (int)n;
    }
    char reply[4096];
    size_t have = 0;
    for (;;) {
        ssize_t n = recv(fd, reply + have, sizeof reply - 1 - have, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        if (have == sizeof reply - 1)
            break;
    }
    close(fd);
    reply[have] = '\0';
    const char *head_end = strstr(reply, "\r\n\r\n");
    bool ok = strncmp(reply, "HTTP/1.1 200 ", 13) == 0 && head_end != NULL;
    if (ok && body != NULL && size > 0)
        snprintf(body, size, "%s", head_end + 4);
    return ok;
}

/* Opens gate `key` of the test server for good: the requests held there go on, later ones pass. */
static inline void tc_gate_open(const char *key)
{
    char path[128];
    snprintf(path, sizeof path, "/open/%s", key);
    if (!tc_server_get(path, NULL, 0))
        tc_fail("open a gate of the test server", "GET %s failed", path);
}

/* Waits until `n` requests have reached gate `key` (the server has read their heads). */
static inline bool tc_gate_arrived(const char *key, unsigned n)
{
    char path[128];
    snprintf(path, sizeof path, "/arrived/%s/%u", key, n);
    bool ok = tc_server_get(path, NULL, 0);
    if (!ok)
        tc_fail("wait for requests at a gate of the test server", "GET %s failed", path);
    return ok;
}

/* Waits until `n` requests that passed gate `key` were answered in full (the server wrote the
 * last byte of each answer). */
static inline bool tc_gate_answered(const char *key, unsigned n)
{
    char path[128];
    snprintf(path, sizeof path, "/answered/%s/%u", key, n);
    bool ok = tc_server_get(path, NULL, 0);
    if (!ok)
        tc_fail("wait for answers at a gate of the test server", "GET %s failed", path);
    return ok;
}

/* The number of requests that have reached gate `key` so far, at once (for a loop that must keep
 * running a driven session meanwhile); -1 when the server does not answer. */
static inline long tc_gate_count(const char *key)
{
    char path[128], body[64];
    unsigned long n = 0;
    snprintf(path, sizeof path, "/arrived/%s/0", key);
    if (!tc_server_get(path, body, sizeof body) || sscanf(body, "arrived %lu", &n) != 1)
        return -1;
    return (long)n;
}

/* Parses a /stats body "accepts <n> requests <m>". */
static inline bool tc_parse_stats(const char *body, unsigned long *accepts, unsigned long *requests)
{
    return sscanf(body, "accepts %lu requests %lu", accepts, requests) == 2;
}

#endif /* RINET_TESTS_CHECK_H */
