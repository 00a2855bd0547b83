/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * misuse.c -- the API misuse suite: every export of include/rinet.h called the wrong way.
 *
 * Each case asserts the exact code given by that export's doc comment in rinet.h (WinInet's,
 * wininet-contract.md section 5, where the doc is silent). Calls go through the WinInet names of
 * <wininet.h> where they exist and through the rinet_ names otherwise:
 *   (1) NULL, forged, stale and wrong-kind handles for every export that takes a handle: 6, or
 *       12018 for the wrong kind (and for a NULL handle given a per-handle option);
 *   (2) NULL out-pointers, zero and huge lengths and a wrong dwStructSize, export by export; a
 *       failed call writes no out-parameter, creates no handle and sends no notification;
 *   (3) calls in every wrong state of a request: before it is sent, while a send, an upload, an
 *       end or a read is pending, write after end, end twice, read during an upload, send twice.
 *       Driven sessions (RINET_FLAG_DRIVEN) keep an operation pending until they are processed,
 *       which makes these cases deterministic; a few are repeated on a reactor session;
 *   (4) double close (also two threads closing one handle at once), close from inside callbacks
 *       (HANDLE_CREATED, REQUEST_SENT, REQUEST_COMPLETE, HANDLE_CLOSING), and the session closed
 *       while four threads are mid-call on its requests: synchronous calls blocked in
 *       HttpSendRequest on /hold/, asynchronous calls, and threads processing a driven session.
 *       Every call returns; a pending operation completes exactly once (12017), and every handle
 *       with a context gets exactly one HANDLE_CLOSING, its last notification;
 *   (5) the status callback changed during I/O: the new callback receives the later
 *       notifications, a NULL callback silences them, and existing children keep theirs;
 *   (6) the last-error slot (per thread, set by every call), the live-handle counter, the cookie
 *       jar, rinet_strerror, the last response info and the trace switch.
 * Nothing may hang (the watchdog fails the program) and, once everything is closed and every
 * HANDLE_CLOSING delivered, rinet_live_handles() is 0.
 *
 * Usage: misuse <host> <port>
 */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------------------- */
/* Result codes                                                                             */
/* ---------------------------------------------------------------------------------------- */

/* Set on a reported code when the call's result and the thread's last error disagree (a TRUE
 * with a non-zero last error, a FALSE with a zero one, a rinet_ code that differs from
 * rinet_get_last_error()), so that the check fails and shows both. */
#define MISMATCH 0x40000000u

/* The code of a BOOL WinInet call: 0 for TRUE, else GetLastError(). */
static DWORD bool_code(BOOL ok)
{
    DWORD e = GetLastError();
    if (ok)
        return e == 0 ? 0 : (MISMATCH | e);
    return e != 0 ? e : MISMATCH;
}

/* The code of a rinet_ call, which must also be the thread's last error. */
static DWORD raw_code(uint32_t rc)
{
    uint32_t e = rinet_get_last_error();
    return e == rc ? rc : (MISMATCH | rc);
}

/* The code of a call returning an HINTERNET (closed again when one is returned). */
static DWORD handle_code(HINTERNET h)
{
    DWORD e = GetLastError();
    if (h != NULL) {
        InternetCloseHandle(h);
        return e == 0 ? 0 : (MISMATCH | e);
    }
    return e != 0 ? e : MISMATCH;
}

#define CHECK_RC(name, call, want) CHECK_EQ(name, raw_code(call), want)
#define CHECK_BOOL(name, call, want) CHECK_EQ(name, bool_code(call), want)

/* Check names built with printf formats; a ring of buffers so that a few can be live at once.
 * Used from the main thread only. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static const char *nm(const char *fmt, ...)
{
    static char ring[4][256];
    static unsigned next;
    char *out = ring[next++ % 4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, sizeof ring[0], fmt, ap);
    va_end(ap);
    return out;
}

/* A value that no call writes, to see that failed calls leave out-parameters alone. */
#define SENTINEL_H ((HINTERNET)(uintptr_t)0x5A5A5A5Au)
#define SENTINEL_DW 0xA5A5A5A5u

/* ---------------------------------------------------------------------------------------- */
/* Set-up helpers                                                                           */
/* ---------------------------------------------------------------------------------------- */

/* A session with tc_callback; flags 0 (sync), INTERNET_FLAG_ASYNC or RINET_FLAG_DRIVEN. A
 * non-zero ctx becomes the session's own context, so that it gets HANDLE_CLOSING too. */
static HINTERNET open_session(const char *what, DWORD flags, DWORD_PTR ctx)
{
    HINTERNET s = InternetOpenA("rinet-misuse", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, flags);
    if (s == NULL) {
        tc_fail(what, "InternetOpen failed, GetLastError %u", (unsigned)GetLastError());
        return NULL;
    }
    if (InternetSetStatusCallbackA(s, tc_callback) == INTERNET_INVALID_STATUS_CALLBACK ||
        (ctx != 0 && !InternetSetOptionA(s, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx))) {
        tc_fail(what, "session set-up failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return NULL;
    }
    return s;
}

static HINTERNET connect_to(HINTERNET s, DWORD_PTR ctx)
{
    return InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, ctx);
}

static HINTERNET request_on(HINTERNET c, const char *verb, const char *path, DWORD_PTR ctx)
{
    return HttpOpenRequestA(c, verb, path, NULL, NULL, NULL, 0, ctx);
}

/* Waits until rinet_live_handles() is at most `want` (closings still being delivered on a
 * reactor thread); returns the last value seen. */
static uint32_t wait_live(uint32_t want)
{
    double start = tc_now();
    uint32_t live = rinet_live_handles();
    while (live > want && tc_now() - start < TC_WAIT_MS / 1000.0) {
        tc_sleep_ms(10);
        live = rinet_live_handles();
    }
    return live;
}

/* A driven session: runs it on this thread until a notification with this status for ctx is
 * recorded at an index >= mark. Returns its index, or -1 after timeout_ms. */
static long drive_until(HINTERNET s, DWORD status, DWORD_PTR ctx, size_t mark, int timeout_ms)
{
    int32_t fd = -1;
    if (rinet_session_fd(s, &fd) != 0)
        return -1;
    double start = tc_now();
    for (;;) {
        long i = tc_wait_for(status, NULL, ctx, mark, 0);
        if (i >= 0)
            return i;
        if ((tc_now() - start) * 1000.0 > timeout_ms)
            return -1;
        uint32_t ms = 0;
        rinet_session_timeout_ms(s, &ms);
        struct pollfd p;
        p.fd = fd;
        p.events = POLLIN;
        p.revents = 0;
        poll(&p, 1, ms > 20 ? 20 : (int)ms);
        rinet_session_process(s, 0, NULL);
    }
}

/* The REQUEST_COMPLETE of a driven session's pending call: 0, its error, or TC_TIMED_OUT. */
static DWORD drive_complete(HINTERNET s, DWORD_PTR ctx, size_t mark)
{
    long i = drive_until(s, INTERNET_STATUS_REQUEST_COMPLETE, ctx, mark, TC_WAIT_MS);
    if (i < 0)
        return TC_TIMED_OUT;
    tc_note n = tc_get((size_t)i);
    return n.result ? 0 : n.error;
}

/* Exactly one HANDLE_CLOSING for ctx at or after `from`, and nothing for ctx after it. */
static void check_one_closing(const char *what, DWORD_PTR ctx, size_t from)
{
    long i = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, TC_WAIT_MS);
    CHECK(nm("%s: HANDLE_CLOSING delivered", what), i >= 0);
    if (i < 0)
        return;
    CHECK_EQ(nm("%s: exactly one HANDLE_CLOSING", what),
             tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, SIZE_MAX), 1);
    size_t after = tc_count(0, NULL, ctx, (size_t)i + 1, SIZE_MAX);
    CHECK_EQ(nm("%s: nothing after HANDLE_CLOSING", what), after, 0);
    if (after)
        tc_dump(what, NULL, ctx, from, SIZE_MAX);
}

/* Exactly one REQUEST_COMPLETE for ctx in [from, end), carrying {0, err} (or {1, 0} when err is
 * 0), and before the handle's HANDLE_CLOSING when there is one. */
static void check_one_complete(const char *what, DWORD_PTR ctx, size_t from, DWORD err)
{
    long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, from, TC_WAIT_MS);
    CHECK(nm("%s: REQUEST_COMPLETE delivered", what), i >= 0);
    if (i < 0)
        return;
    tc_note n = tc_get((size_t)i);
    CHECK(nm("%s: REQUEST_COMPLETE is {%d, %u} (got {%ju, %u})", what, err == 0, (unsigned)err,
             (uintmax_t)n.result, (unsigned)n.error),
          err == 0 ? (n.result == 1 && n.error == 0) : (n.result == 0 && n.error == err));
    CHECK_EQ(nm("%s: exactly one REQUEST_COMPLETE", what),
             tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, from, SIZE_MAX), 1);
    long c = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, 0);
    if (c >= 0)
        CHECK(nm("%s: REQUEST_COMPLETE comes before HANDLE_CLOSING", what), i < c);
}

/* ---------------------------------------------------------------------------------------- */
/* (1) Invalid and wrong-kind handles, for every export that takes a handle                 */
/* ---------------------------------------------------------------------------------------- */

enum { K_SESSION = 1, K_CONNECT = 2, K_REQUEST = 4, K_ALL = 7 };

/* One export called with handle h and otherwise valid arguments; returns its code. */
typedef DWORD (*handle_call)(HINTERNET h);

static void CALLBACK quiet_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    (void)status;
    (void)info;
    (void)len;
}

static DWORD c_set_callback(HINTERNET h)
{
    INTERNET_STATUS_CALLBACK prev = InternetSetStatusCallbackA(h, quiet_callback);
    DWORD e = GetLastError();
    if (prev == INTERNET_INVALID_STATUS_CALLBACK)
        return e != 0 ? e : MISMATCH;
    InternetSetStatusCallbackA(h, prev);
    return e == 0 ? 0 : (MISMATCH | e);
}

static DWORD c_connect(HINTERNET h)
{
    return handle_code(connect_to(h, 0));
}

static DWORD c_open_request(HINTERNET h)
{
    return handle_code(request_on(h, "GET", "/", 0));
}

static char test_url[128]; /* http://<test server>/bytes/1, set by main */

static DWORD c_open_url(HINTERNET h)
{
    return handle_code(InternetOpenUrlA(h, test_url, NULL, 0, 0, 0));
}

static DWORD c_add_headers(HINTERNET h)
{
    return bool_code(HttpAddRequestHeadersA(h, "X-Misuse: 1\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
}

static DWORD c_send(HINTERNET h)
{
    return bool_code(HttpSendRequestA(h, NULL, 0, NULL, 0));
}

static DWORD c_send_ex(HINTERNET h)
{
    INTERNET_BUFFERS bi;
    memset(&bi, 0, sizeof bi);
    bi.dwStructSize = sizeof bi;
    return bool_code(HttpSendRequestExA(h, &bi, NULL, 0, 0));
}

static DWORD c_write(HINTERNET h)
{
    DWORD n = SENTINEL_DW;
    return bool_code(InternetWriteFile(h, "x", 1, &n));
}

static DWORD c_end(HINTERNET h)
{
    return bool_code(HttpEndRequestA(h, NULL, 0, 0));
}

static DWORD c_read(HINTERNET h)
{
    char buf[16];
    DWORD n = SENTINEL_DW;
    return bool_code(InternetReadFile(h, buf, sizeof buf, &n));
}

static DWORD c_read_ex(HINTERNET h)
{
    char buf[16];
    INTERNET_BUFFERS bo;
    memset(&bo, 0, sizeof bo);
    bo.dwStructSize = sizeof bo;
    bo.lpvBuffer = buf;
    bo.dwBufferLength = sizeof buf;
    return bool_code(InternetReadFileExA(h, &bo, 0, 0));
}

static DWORD c_avail(HINTERNET h)
{
    DWORD n = SENTINEL_DW;
    return bool_code(InternetQueryDataAvailable(h, &n, 0, 0));
}

static DWORD c_query_info(HINTERNET h)
{
    char buf[32];
    DWORD len = sizeof buf;
    return bool_code(HttpQueryInfoA(h, HTTP_QUERY_STATUS_CODE, buf, &len, NULL));
}

static DWORD c_set_option(HINTERNET h)
{
    DWORD_PTR ctx = 0; /* the context of every handle this test passes is 0 */
    return bool_code(InternetSetOptionA(h, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx));
}

static DWORD c_query_option(HINTERNET h)
{
    DWORD type = 0, len = sizeof type;
    return bool_code(InternetQueryOptionA(h, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
}

static DWORD c_close(HINTERNET h)
{
    return bool_code(InternetCloseHandle(h));
}

static DWORD c_session_fd(HINTERNET h)
{
    int32_t fd = -1;
    return raw_code(rinet_session_fd(h, &fd));
}

static DWORD c_session_timeout(HINTERNET h)
{
    uint32_t ms = 0;
    return raw_code(rinet_session_timeout_ms(h, &ms));
}

static DWORD c_session_process(HINTERNET h)
{
    uint32_t n = 0;
    return raw_code(rinet_session_process(h, 0, &n));
}

static const struct {
    const char *name;
    handle_call call;
    unsigned kinds;   /* the handle kinds the export takes */
    DWORD null_code;  /* its code for a NULL handle */
} handle_calls[] = {
    {"InternetSetStatusCallback", c_set_callback, K_ALL, ERROR_INVALID_HANDLE},
    {"InternetConnect", c_connect, K_SESSION, ERROR_INVALID_HANDLE},
    {"HttpOpenRequest", c_open_request, K_CONNECT, ERROR_INVALID_HANDLE},
    {"InternetOpenUrl", c_open_url, K_SESSION, ERROR_INVALID_HANDLE},
    {"HttpAddRequestHeaders", c_add_headers, K_REQUEST, ERROR_INVALID_HANDLE},
    {"HttpSendRequest", c_send, K_REQUEST, ERROR_INVALID_HANDLE},
    {"HttpSendRequestEx", c_send_ex, K_REQUEST, ERROR_INVALID_HANDLE},
    {"InternetWriteFile", c_write, K_REQUEST, ERROR_INVALID_HANDLE},
    {"HttpEndRequest", c_end, K_REQUEST, ERROR_INVALID_HANDLE},
    {"InternetReadFile", c_read, K_REQUEST, ERROR_INVALID_HANDLE},
    {"InternetReadFileEx", c_read_ex, K_REQUEST, ERROR_INVALID_HANDLE},
    {"InternetQueryDataAvailable", c_avail, K_REQUEST, ERROR_INVALID_HANDLE},
    {"HttpQueryInfo", c_query_info, K_REQUEST, ERROR_INVALID_HANDLE},
    /* A NULL handle means "the defaults" to the option calls: a per-handle option is 12018. */
    {"InternetSetOption(CONTEXT_VALUE)", c_set_option, K_ALL, ERROR_INTERNET_INCORRECT_HANDLE_TYPE},
    {"InternetQueryOption(HANDLE_TYPE)", c_query_option, K_ALL, ERROR_INTERNET_INCORRECT_HANDLE_TYPE},
    {"InternetCloseHandle", c_close, K_ALL, ERROR_INVALID_HANDLE},
    {"rinet_session_fd", c_session_fd, K_SESSION, ERROR_INVALID_HANDLE},
    {"rinet_session_timeout_ms", c_session_timeout, K_SESSION, ERROR_INVALID_HANDLE},
    {"rinet_session_process", c_session_process, K_SESSION, ERROR_INVALID_HANDLE},
};
#define N_HANDLE_CALLS (sizeof handle_calls / sizeof handle_calls[0])

/* A live handle with one bit of its generation changed: never issued. The generation sits in
 * the high bits of a handle value (src/ffi/handles.rs); rinet never dereferences a handle, so any
 * value is safe to pass. */
static HINTERNET flip_generation(HINTERNET h)
{
    return (HINTERNET)((uintptr_t)h ^ ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 2)));
}

static void test_bad_handles(void)
{
    const char *what = "(1) bad handles";
    HINTERNET s = open_session(what, 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/bytes/10", 0) : NULL;
    CHECK(nm("%s: live session, connect and request handles", what), r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }

    /* Stale handles of each kind, a request orphaned by closing its session, and a stale request
     * whose table slot a newer handle now holds (slots are reused, generations are not). */
    HINTERNET s2 = open_session(what, 0, 0);
    HINTERNET c2 = s2 ? connect_to(s2, 0) : NULL;
    HINTERNET r2 = c2 ? request_on(c2, "GET", "/", 0) : NULL;
    HINTERNET s3 = open_session(what, 0, 0);
    HINTERNET c3 = s3 ? connect_to(s3, 0) : NULL;
    HINTERNET orphan = c3 ? request_on(c3, "GET", "/", 0) : NULL;
    CHECK(nm("%s: handles to make stale", what), r2 != NULL && orphan != NULL);
    if (r2 == NULL || orphan == NULL) {
        if (s2)
            InternetCloseHandle(s2);
        if (s3)
            InternetCloseHandle(s3);
        InternetCloseHandle(s);
        return;
    }
    CHECK_TRUE(nm("%s: close a request", what), InternetCloseHandle(r2));
    CHECK_TRUE(nm("%s: close a connect handle", what), InternetCloseHandle(c2));
    CHECK_TRUE(nm("%s: close a session", what), InternetCloseHandle(s2));
    CHECK_TRUE(nm("%s: close the orphan's session", what), InternetCloseHandle(s3));
    HINTERNET old = request_on(c, "GET", "/", 0);
    HINTERNET reused = NULL;
    if (old != NULL) {
        InternetCloseHandle(old);
        reused = request_on(c, "GET", "/", 0); /* takes the slot `old` had */
    }
    CHECK(nm("%s: a request reopened after one was closed", what), old != NULL && reused != NULL);
    uint32_t live = wait_live(4);
    CHECK_EQ(nm("%s: 4 live handles (session, connect, 2 requests)", what), live, 4);

    int on_stack = 0;
    const struct {
        const char *label;
        HINTERNET h;
    } bad[] = {
        {"NULL", NULL},
        {"forged 1", (HINTERNET)(uintptr_t)1},
        {"forged 0x1234", (HINTERNET)(uintptr_t)0x1234},
        {"forged all-ones", (HINTERNET)UINTPTR_MAX},
        {"forged stack address", (HINTERNET)&on_stack},
        {"forged: live session, other generation", flip_generation(s)},
        {"forged: live request, other generation", flip_generation(r)},
        {"stale request", r2},
        {"stale connect", c2},
        {"stale session", s2},
        {"request of a closed session", orphan},
        {"stale request, slot reused", old},
    };
    for (size_t i = 0; i < N_HANDLE_CALLS; i++) {
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            DWORD want = bad[k].h == NULL ? handle_calls[i].null_code : ERROR_INVALID_HANDLE;
            CHECK_EQ(nm("%s handle: %s fails with %u", bad[k].label, handle_calls[i].name, (unsigned)want),
                     handle_calls[i].call(bad[k].h), want);
        }
    }

    /* Wrong kinds: 12018. */
    const struct {
        const char *label;
        HINTERNET h;
        unsigned kind;
    } kinds[] = {{"session", s, K_SESSION}, {"connect", c, K_CONNECT}, {"request", r, K_REQUEST}};
    for (size_t i = 0; i < N_HANDLE_CALLS; i++) {
        for (size_t k = 0; k < 3; k++) {
            if (handle_calls[i].kinds & kinds[k].kind)
                continue;
            CHECK_EQ(nm("%s on a %s handle fails with 12018", handle_calls[i].name, kinds[k].label),
                     handle_calls[i].call(kinds[k].h), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
        }
    }

    /* None of that touched the live handles. */
    CHECK_EQ(nm("%s: still 4 live handles", what), rinet_live_handles(), 4);
    DWORD type = 0, len = sizeof type;
    CHECK("the reused slot's new request still works",
          InternetQueryOptionA(reused, INTERNET_OPTION_HANDLE_TYPE, &type, &len) && type == INTERNET_HANDLE_TYPE_HTTP_REQUEST);
    CHECK_TRUE("the live request still sends and reads", HttpSendRequestA(r, NULL, 0, NULL, 0));
    tc_buf body = {0};
    DWORD err = tc_read_all(r, 0, 64, &body, NULL);
    CHECK("the live request's body is intact", err == 0 && body.len == 10 && tc_pattern_mismatch(body.data, 10, 0) < 0);
    tc_buf_free(&body);

    /* rinet_ exports with a bad handle leave their out-parameters alone. */
    int32_t fd = (int32_t)SENTINEL_DW;
    uint32_t ms = SENTINEL_DW, handled = SENTINEL_DW;
    rinet_status_callback prev = (rinet_status_callback)quiet_callback;
    rinet_handle out = SENTINEL_H;
    rinet_session_fd(r2, &fd);
    rinet_session_timeout_ms(r2, &ms);
    rinet_session_process(r2, 0, &handled);
    rinet_set_status_callback(r2, tc_callback, &prev);
    rinet_connect(s2, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0, &out);
    CHECK("a failed call writes none of its out-parameters",
          fd == (int32_t)SENTINEL_DW && ms == SENTINEL_DW && handled == SENTINEL_DW &&
              prev == (rinet_status_callback)quiet_callback && out == SENTINEL_H);

    CHECK_TRUE(nm("%s: close the live session", what), InternetCloseHandle(s));
    CHECK_BOOL("the request of the closed session fails with 6", HttpSendRequestA(reused, NULL, 0, NULL, 0),
               ERROR_INVALID_HANDLE);
    CHECK_EQ(nm("%s: every handle released", what), wait_live(0), 0);
}

/* ---------------------------------------------------------------------------------------- */
/* (2) Arguments, export by export                                                          */
/* ---------------------------------------------------------------------------------------- */

static void test_open(void)
{
    uint32_t live = rinet_live_handles();
    rinet_handle out = SENTINEL_H;
    CHECK_RC("rinet_open with a NULL out_session fails with 87",
             rinet_open("a", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open with access type 2 (unknown) fails with 87", rinet_open("a", 2, NULL, NULL, 0, &out),
             ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open with access type 0xFFFFFFFF fails with 87",
             rinet_open("a", 0xFFFFFFFFu, NULL, NULL, 0, &out), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open with OPEN_TYPE_PROXY and an empty proxy fails with 87",
             rinet_open("a", INTERNET_OPEN_TYPE_PROXY, "", NULL, 0, &out), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open with a CR LF in the agent fails with 87",
             rinet_open("a\r\nX-Injected: 1", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0, &out), ERROR_INVALID_PARAMETER);
    CHECK("failed rinet_open calls leave *out_session alone", out == SENTINEL_H);
    CHECK_NULL_ERR("InternetOpen with OPEN_TYPE_PROXY and a NULL proxy fails with 87",
                   InternetOpenA("a", INTERNET_OPEN_TYPE_PROXY, NULL, NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK_EQ("failed opens create no handle", rinet_live_handles(), live);

    /* NULL agent, proxy and bypass are fine. */
    HINTERNET s = InternetOpenA(NULL, INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    CHECK("InternetOpen with a NULL agent succeeds", s != NULL);
    if (s)
        InternetCloseHandle(s);
    CHECK_EQ("and its handle is released", wait_live(live), live);
}

#define CTX_CB_CONN ((DWORD_PTR)0x2101)

static void test_set_status_callback(void)
{
    HINTERNET s = open_session("set_status_callback", 0, 0);
    if (s == NULL)
        return;
    CHECK_RC("rinet_set_status_callback with a NULL out_previous succeeds",
             rinet_set_status_callback(s, tc_callback, NULL), 0);
    rinet_status_callback prev = (rinet_status_callback)quiet_callback;
    CHECK_RC("rinet_set_status_callback returns the previous one",
             rinet_set_status_callback(s, NULL, &prev), 0);
    CHECK("... which is tc_callback", prev == (rinet_status_callback)tc_callback);
    prev = (rinet_status_callback)quiet_callback;
    CHECK_RC("rinet_set_status_callback after NULL", rinet_set_status_callback(s, tc_callback, &prev), 0);
    CHECK("... returns NULL as the previous callback", prev == NULL);
    /* A connect handle copies the session's callback at creation, and answers it back. */
    HINTERNET c = connect_to(s, CTX_CB_CONN);
    CHECK("set_status_callback: connect handle", c != NULL);
    if (c != NULL) {
        CHECK("the connect handle's previous callback is the one it copied",
              InternetSetStatusCallbackA(c, quiet_callback) == tc_callback);
        CHECK("setting it back returns the new one", InternetSetStatusCallbackA(c, tc_callback) == quiet_callback);
    }
    size_t mark = tc_mark();
    InternetCloseHandle(s);
    check_one_closing("set_status_callback: connect handle", CTX_CB_CONN, mark);
}

#define CTX_CONN_BAD ((DWORD_PTR)0x2201)

static void test_connect(void)
{
    HINTERNET s = open_session("connect", INTERNET_FLAG_ASYNC, 0);
    if (s == NULL)
        return;
    uint32_t live = rinet_live_handles();
    size_t mark = tc_mark();
    rinet_handle out = SENTINEL_H;
    CHECK_RC("rinet_connect with a NULL out_connect fails with 87",
             rinet_connect(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONN_BAD, NULL),
             ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_connect with a NULL server fails with 87",
             rinet_connect(s, NULL, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONN_BAD, &out),
             ERROR_INVALID_PARAMETER);
    static const char *const bad_servers[] = {"", "two words", "host\r\nX-Injected: 1", "a/b"};
    for (size_t i = 0; i < sizeof bad_servers / sizeof bad_servers[0]; i++) {
        CHECK_EQ(nm("InternetConnect with server \"%s\" fails with 87", i == 2 ? "host<CR><LF>..." : bad_servers[i]),
                 handle_code(InternetConnectA(s, bad_servers[i], tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                                              CTX_CONN_BAD)),
                 ERROR_INVALID_PARAMETER);
    }
    CHECK_EQ("InternetConnect with INTERNET_SERVICE_FTP fails with 120",
             handle_code(InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_FTP, 0, CTX_CONN_BAD)),
             ERROR_CALL_NOT_IMPLEMENTED);
    CHECK_EQ("InternetConnect with INTERNET_SERVICE_GOPHER fails with 120",
             handle_code(InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_GOPHER, 0, CTX_CONN_BAD)),
             ERROR_CALL_NOT_IMPLEMENTED);
    CHECK("failed connects leave *out_connect alone", out == SENTINEL_H);
    CHECK_EQ("failed connects create no handle", rinet_live_handles(), live);
    CHECK_EQ("failed connects send no notification", tc_count(0, NULL, CTX_CONN_BAD, mark, SIZE_MAX), 0);
    InternetCloseHandle(s);
}

#define CTX_OPEN_BAD ((DWORD_PTR)0x2301)

static void test_open_request(void)
{
    HINTERNET s = open_session("open_request", INTERNET_FLAG_ASYNC, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    CHECK("open_request: connect handle", c != NULL);
    if (c == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    uint32_t live = rinet_live_handles();
    size_t mark = tc_mark();
    rinet_handle out = SENTINEL_H;
    CHECK_RC("rinet_open_request with a NULL out_request fails with 87",
             rinet_open_request(c, "GET", "/", NULL, NULL, NULL, 0, CTX_OPEN_BAD, NULL), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_request with verb \"GE T\" fails with 87",
             rinet_open_request(c, "GE T", "/", NULL, NULL, NULL, 0, CTX_OPEN_BAD, &out), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_request with a CR LF in the verb fails with 87",
             rinet_open_request(c, "GET\r\n", "/", NULL, NULL, NULL, 0, CTX_OPEN_BAD, &out), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_request with a CR LF in the object fails with 87",
             rinet_open_request(c, "GET", "/a\r\nX-Injected: 1", NULL, NULL, NULL, 0, CTX_OPEN_BAD, &out),
             ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_request with version \"FTP/1.0\" fails with 87",
             rinet_open_request(c, "GET", "/", "FTP/1.0", NULL, NULL, 0, CTX_OPEN_BAD, &out), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_request with a CR LF in the version fails with 87",
             rinet_open_request(c, "GET", "/", "HTTP/1.1\r\nX: 1", NULL, NULL, 0, CTX_OPEN_BAD, &out),
             ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_request with a LF in the referrer fails with 87",
             rinet_open_request(c, "GET", "/", NULL, "http://a/\nX: 1", NULL, 0, CTX_OPEN_BAD, &out),
             ERROR_INVALID_PARAMETER);
    const char *bad_accept[] = {"text/plain", "text/html\r\nX-Injected: 1", NULL};
    CHECK_RC("rinet_open_request with a CR LF in an accept type fails with 87",
             rinet_open_request(c, "GET", "/", NULL, NULL, bad_accept, 0, CTX_OPEN_BAD, &out), ERROR_INVALID_PARAMETER);
    CHECK("failed open_request calls leave *out_request alone", out == SENTINEL_H);
    CHECK_EQ("failed open_request calls create no handle", rinet_live_handles(), live);
    CHECK_EQ("failed open_request calls send no notification", tc_count(0, NULL, CTX_OPEN_BAD, mark, SIZE_MAX), 0);

    /* NULL and "" verb, object and version are the defaults. */
    CHECK_EQ("HttpOpenRequest with NULL verb, object and version succeeds",
             handle_code(HttpOpenRequestA(c, NULL, NULL, NULL, NULL, NULL, 0, 0)), 0);
    CHECK_EQ("HttpOpenRequest with \"\" verb, object and version succeeds",
             handle_code(HttpOpenRequestA(c, "", "", "", NULL, NULL, 0, 0)), 0);
    InternetCloseHandle(s);
}

static void test_add_request_headers(void)
{
    HINTERNET s = open_session("add_request_headers", 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/headers", 0) : NULL;
    CHECK("add_request_headers: request", r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    CHECK_BOOL("HttpAddRequestHeaders with NULL headers (length -1) fails with 87",
               HttpAddRequestHeadersA(r, NULL, (DWORD)-1, HTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("HttpAddRequestHeaders with NULL headers (length 0) fails with 87",
               HttpAddRequestHeadersA(r, NULL, 0, HTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("HttpAddRequestHeaders with length 0 fails with 12153 (no header)",
               HttpAddRequestHeadersA(r, "X-Zero: 1", 0, HTTP_ADDREQ_FLAG_ADD), ERROR_HTTP_INVALID_HEADER);
    CHECK_BOOL("HttpAddRequestHeaders with \"\" fails with 12153",
               HttpAddRequestHeadersA(r, "", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD), ERROR_HTTP_INVALID_HEADER);
    CHECK_BOOL("HttpAddRequestHeaders with only blank lines fails with 12153",
               HttpAddRequestHeadersA(r, "\r\n\r\n  \r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD), ERROR_HTTP_INVALID_HEADER);
    static const char with_nul[] = "X-Nul: a\0b\r\n";
    CHECK_BOOL("HttpAddRequestHeaders with a NUL inside a counted value fails with 87",
               HttpAddRequestHeadersA(r, with_nul, sizeof with_nul - 1, HTTP_ADDREQ_FLAG_ADD), ERROR_INVALID_PARAMETER);
    /* A length shorter than the string takes only that much; an unterminated buffer with its
     * exact length works. */
    CHECK_BOOL("HttpAddRequestHeaders with a length cutting the text after the first header",
               HttpAddRequestHeadersA(r, "X-First: 1\r\nX-Second: 2\r\n", 12, HTTP_ADDREQ_FLAG_ADD), 0);
    static const char unterminated[8] = {'X', '-', 'U', 'n', 't', ':', ' ', '1'};
    CHECK_BOOL("HttpAddRequestHeaders with an unterminated buffer and its exact length",
               HttpAddRequestHeadersA(r, unterminated, sizeof unterminated, HTTP_ADDREQ_FLAG_ADD), 0);
    CHECK_BOOL("HttpAddRequestHeaders ADD_IF_NEW of a present header fails with 12155",
               HttpAddRequestHeadersA(r, "X-First: 2", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD_IF_NEW),
               ERROR_HTTP_HEADER_ALREADY_EXISTS);
    CHECK_BOOL("HttpAddRequestHeaders REPLACE of an absent header fails with 12150",
               HttpAddRequestHeadersA(r, "X-Absent: 2", (DWORD)-1, HTTP_ADDREQ_FLAG_REPLACE),
               ERROR_HTTP_HEADER_NOT_FOUND);
    char buf[64] = "X-Second";
    DWORD len = sizeof buf;
    CHECK_BOOL("the header past the given length was not added",
               HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL),
               ERROR_HTTP_HEADER_NOT_FOUND);
    strcpy(buf, "X-Nul");
    len = sizeof buf;
    CHECK_BOOL("the refused header was not added",
               HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL),
               ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK_TRUE("the request is still sent", HttpSendRequestA(r, NULL, 0, NULL, 0));
    tc_buf body = {0};
    DWORD err = tc_read_all(r, 0, 4096, &body, NULL);
    CHECK("the wire carries X-First and X-Unt, not X-Second or X-Nul",
          err == 0 && body.data != NULL && strstr(body.data, "X-First: 1\r\n") != NULL &&
              strstr(body.data, "X-Unt: 1\r\n") != NULL && strstr(body.data, "X-Second") == NULL &&
              strstr(body.data, "X-Nul") == NULL);
    tc_buf_free(&body);
    InternetCloseHandle(s);
}

static void test_send_request_args(void)
{
    HINTERNET s = open_session("send_request args", 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "POST", "/upload", 0) : NULL;
    CHECK("send_request args: request", r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    CHECK_BOOL("HttpSendRequest with NULL headers of length 5 fails with 87",
               HttpSendRequestA(r, NULL, 5, NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("HttpSendRequest with NULL headers of length 0xFFFFFFFE fails with 87",
               HttpSendRequestA(r, NULL, 0xFFFFFFFEu, NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("HttpSendRequest with a NULL body of length 5 fails with 87",
               HttpSendRequestA(r, NULL, 0, NULL, 5), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("HttpSendRequest with a NULL body of length 0xFFFFFFFF fails with 87",
               HttpSendRequestA(r, NULL, 0, NULL, 0xFFFFFFFFu), ERROR_INVALID_PARAMETER);
    static const char with_nul[] = "X-Nul: a\0b\r\n";
    CHECK_BOOL("HttpSendRequest with a NUL inside a counted header fails with 87",
               HttpSendRequestA(r, with_nul, sizeof with_nul - 1, NULL, 0), ERROR_INVALID_PARAMETER);
    /* After the refusals the request is untouched: a valid send works. */
    char body[] = "hello";
    CHECK_TRUE("HttpSendRequest then succeeds", HttpSendRequestA(r, NULL, 0, body, 5));
    tc_buf got = {0};
    DWORD err = tc_read_all(r, 0, 256, &got, NULL);
    char want[64];
    tc_upload_reply(want, sizeof want, 5, tc_fnv1a64(TC_FNV_OFFSET, body, 5));
    CHECK("the server got exactly the 5-byte body", err == 0 && got.data != NULL && strcmp(got.data, want) == 0);
    tc_buf_free(&got);
    /* NULL headers with length -1 and a NULL body with length 0 are "none": the request is sent
     * again with an empty body, so its Content-Length is 0, not the 5 of the first send (a stale
     * length would leave the server waiting for 5 bytes). The receive timeout is cut to 2 s so
     * that such a wait costs 2 s, not 30. */
    DWORD two_s = 2000;
    InternetSetOptionA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, &two_s, sizeof two_s);
    CHECK_TRUE("HttpSendRequest again with NULL/-1 headers and a NULL/0 body",
               HttpSendRequestA(r, NULL, (DWORD)-1, NULL, 0));
    got.len = 0;
    err = tc_read_all(r, 0, 256, &got, NULL);
    tc_upload_reply(want, sizeof want, 0, TC_FNV_OFFSET);
    CHECK("the server got an empty body", err == 0 && got.data != NULL && strcmp(got.data, want) == 0);
    tc_buf_free(&got);
    InternetCloseHandle(s);
}

static void test_send_request_ex_args(void)
{
    HINTERNET s = open_session("send_request_ex args", 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "POST", "/upload", 0) : NULL;
    CHECK("send_request_ex args: request", r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    INTERNET_BUFFERS bi, bo;
    memset(&bo, 0, sizeof bo);
    bo.dwStructSize = sizeof bo;
    static const DWORD sizes[] = {0, sizeof(INTERNET_BUFFERS) - 1, sizeof(INTERNET_BUFFERS) + 1, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        memset(&bi, 0, sizeof bi);
        bi.dwStructSize = sizes[i];
        CHECK_BOOL(nm("HttpSendRequestEx with dwStructSize %u fails with 87", (unsigned)sizes[i]),
                   HttpSendRequestExA(r, &bi, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    }
    memset(&bi, 0, sizeof bi);
    bi.dwStructSize = sizeof bi;
    CHECK_BOOL("HttpSendRequestEx with lpBuffersOut set fails with 87", HttpSendRequestExA(r, &bi, &bo, 0, 0),
               ERROR_INVALID_PARAMETER);
    bi.dwBufferLength = 5;
    bi.dwBufferTotal = 5;
    CHECK_BOOL("HttpSendRequestEx with a NULL lpvBuffer of length 5 fails with 87",
               HttpSendRequestExA(r, &bi, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    bi.lpvBuffer = (void *)"hello";
    bi.dwBufferTotal = 3;
    CHECK_BOOL("HttpSendRequestEx with more initial bytes (5) than dwBufferTotal (3) fails with 87",
               HttpSendRequestExA(r, &bi, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    bi.dwBufferTotal = 5;
    bi.dwHeadersLength = 7;
    CHECK_BOOL("HttpSendRequestEx with a NULL lpcszHeader of length 7 fails with 87",
               HttpSendRequestExA(r, &bi, NULL, 0, 0), ERROR_INVALID_PARAMETER);
    bi.dwHeadersLength = 0;
    CHECK_TRUE("HttpSendRequestEx then succeeds (5 bytes up front)", HttpSendRequestExA(r, &bi, NULL, 0, 0));
    CHECK_BOOL("HttpEndRequest with lpBuffersOut set fails with 87", HttpEndRequestA(r, &bo, 0, 0),
               ERROR_INVALID_PARAMETER);
    CHECK_TRUE("HttpEndRequest succeeds", HttpEndRequestA(r, NULL, 0, 0));
    tc_buf got = {0};
    DWORD err = tc_read_all(r, 0, 256, &got, NULL);
    char want[64];
    tc_upload_reply(want, sizeof want, 5, tc_fnv1a64(TC_FNV_OFFSET, "hello", 5));
    CHECK("the server got exactly the 5 initial bytes", err == 0 && got.data != NULL && strcmp(got.data, want) == 0);
    tc_buf_free(&got);
    InternetCloseHandle(s);
}

/* ---------------------------------------------------------------------------------------- */
/* (3) Wrong states: driven sessions hold each operation pending until processed           */
/* ---------------------------------------------------------------------------------------- */

#define CTX_UP_CONN ((DWORD_PTR)0x3101)
#define CTX_UP_REQ ((DWORD_PTR)0x3102)

/* The calls that only a request in the Body state takes (after a completed send or end). */
static void reads_refused(const char *when, HINTERNET r)
{
    CHECK_EQ(nm("InternetReadFile %s fails with 12019", when), c_read(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ(nm("InternetReadFileEx %s fails with 12019", when), c_read_ex(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ(nm("InternetQueryDataAvailable %s fails with 12019", when), c_avail(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
}

static void test_upload_states(void)
{
    const char *what = "(3) upload states";
    HINTERNET s = open_session(what, RINET_FLAG_DRIVEN, 0);
    HINTERNET c = s ? connect_to(s, CTX_UP_CONN) : NULL;
    /* An open gate: it only counts the answer, so that the test can wait for it. */
    tc_gate_open("misuse-upload");
    HINTERNET r = c ? request_on(c, "POST", "/gate/misuse-upload/upload", CTX_UP_REQ) : NULL;
    CHECK(nm("%s: driven session and request", what), r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    size_t start = tc_mark();
    size_t pended = 0; /* calls that returned 997: each gets exactly one REQUEST_COMPLETE */

    /* Before HttpSendRequestEx. */
    CHECK_EQ("InternetWriteFile before HttpSendRequestEx fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpEndRequest before HttpSendRequestEx fails with 12019", c_end(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    reads_refused("before any send", r);

    /* HttpSendRequestEx pending. */
    INTERNET_BUFFERS bi;
    memset(&bi, 0, sizeof bi);
    bi.dwStructSize = sizeof bi;
    bi.dwBufferTotal = 10;
    size_t mark = tc_mark();
    CHECK_BOOL("driven HttpSendRequestEx (total 10) pends", HttpSendRequestExA(r, &bi, NULL, 0, 0), ERROR_IO_PENDING);
    pended++;
    CHECK_EQ("HttpSendRequestEx while it is pending fails with 12019", c_send_ex(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequest while HttpSendRequestEx is pending fails with 12019", c_send(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("InternetWriteFile while HttpSendRequestEx is pending fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpEndRequest while HttpSendRequestEx is pending fails with 12019", c_end(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    reads_refused("while HttpSendRequestEx is pending", r);
    CHECK_EQ("HttpSendRequestEx completes", drive_complete(s, CTX_UP_REQ, mark), 0);

    /* Upload under way: the head is sent, 0 of 10 bytes written. */
    reads_refused("during the upload (read during send_request_ex)", r);
    CHECK_EQ("HttpQueryInfo(STATUS_CODE) during the upload fails with 12019", c_query_info(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequestEx again during the upload fails with 12019", c_send_ex(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequest during the upload fails with 12019", c_send(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpEndRequest with 0 of 10 bytes written fails with 12019", c_end(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    DWORD n = SENTINEL_DW;
    CHECK_RC("rinet_write_file with a NULL out_written fails with 87", rinet_write_file(r, "x", 1, NULL),
             ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetWriteFile with a NULL lpdwNumberOfBytesWritten fails with 87", InternetWriteFile(r, "x", 1, NULL),
               ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetWriteFile with a NULL buffer of length 1 fails with 87", InternetWriteFile(r, NULL, 1, &n),
               ERROR_INVALID_PARAMETER);
    CHECK_EQ("... and sets the count to 0 first", n, 0);
    CHECK_BOOL("InternetWriteFile of 11 bytes past a total of 10 fails with 87",
               InternetWriteFile(r, "0123456789X", 11, &n), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetWriteFile of 0xFFFFFFFF bytes fails with 87 (nothing is read or sent)",
               InternetWriteFile(r, "x", 0xFFFFFFFFu, &n), ERROR_INVALID_PARAMETER);
    n = SENTINEL_DW;
    CHECK_BOOL("InternetWriteFile of 0 bytes succeeds", InternetWriteFile(r, "x", 0, &n), 0);
    CHECK_EQ("... writing 0", n, 0);
    n = SENTINEL_DW;
    CHECK_BOOL("InternetWriteFile of 0 bytes from a NULL buffer succeeds", InternetWriteFile(r, NULL, 0, &n), 0);
    CHECK_EQ("... writing 0", n, 0);
    mark = tc_mark();
    BOOL ok = InternetWriteFile(r, "0123456789", 10, &n);
    DWORD err = bool_code(ok);
    if (err == ERROR_IO_PENDING) {
        pended++;
        err = drive_complete(s, CTX_UP_REQ, mark);
    }
    CHECK_EQ("InternetWriteFile of the 10 declared bytes succeeds", err, 0);
    CHECK_EQ("... writing 10", n, 10);
    CHECK_BOOL("InternetWriteFile of 1 more byte fails with 87", InternetWriteFile(r, "x", 1, &n),
               ERROR_INVALID_PARAMETER);

    /* HttpEndRequest pending. The server has the whole body: once it has written its whole
     * answer, rinet finds the answer inside the call and finishes the end there (it then still
     * returns 997, and the REQUEST_COMPLETE waits for the next rinet_session_process). Until that
     * REQUEST_COMPLETE the application sees the end as pending, and every other operation must
     * be refused, or it would get two REQUEST_COMPLETEs for what it sees as one pending call. */
    tc_gate_answered("misuse-upload", 1);
    mark = tc_mark();
    CHECK_BOOL("driven HttpEndRequest pends", HttpEndRequestA(r, NULL, 0, 0), ERROR_IO_PENDING);
    pended++;
    CHECK_EQ("HttpEndRequest twice (while pending) fails with 12019", c_end(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("InternetWriteFile after HttpEndRequest (pending) fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequestEx while HttpEndRequest is pending fails with 12019", c_send_ex(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequest while HttpEndRequest is pending fails with 12019", c_send(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    reads_refused("while HttpEndRequest is pending", r);
    CHECK_EQ("HttpEndRequest completes", drive_complete(s, CTX_UP_REQ, mark), 0);

    /* After the end. */
    CHECK_EQ("HttpEndRequest twice (after it completed) fails with 12019", c_end(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("InternetWriteFile after HttpEndRequest fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    char reply[64] = {0};
    DWORD got = 0;
    mark = tc_mark();
    ok = InternetReadFile(r, reply, sizeof reply - 1, &got);
    err = bool_code(ok);
    if (err == ERROR_IO_PENDING) {
        pended++;
        err = drive_complete(s, CTX_UP_REQ, mark);
    }
    char want[64];
    tc_upload_reply(want, sizeof want, 10, tc_fnv1a64(TC_FNV_OFFSET, "0123456789", 10));
    CHECK("the server got the 10 bytes, none of the refused ones", err == 0 && strcmp(reply, want) == 0);

    mark = tc_mark();
    CHECK_TRUE("close the request", InternetCloseHandle(r));
    CHECK_BOOL("close it twice fails with 6", InternetCloseHandle(r), ERROR_INVALID_HANDLE);
    check_one_closing("upload request", CTX_UP_REQ, mark);
    CHECK_EQ("upload request: one REQUEST_COMPLETE per call that pended, none for the refused ones",
             tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_UP_REQ, start, SIZE_MAX), pended);
    InternetCloseHandle(s);
    check_one_closing("upload connect handle", CTX_UP_CONN, mark);
}

/* A server of its own that stalls in the middle of a body, so that a read is pending for as long
 * as a test needs: the test server streams its bodies without a pause, and a read that happens
 * to keep up with it never waits. It answers each connection's first request with
 * `Content-Length: 20` and the first 10 body bytes, then waits: stall_release() sends the other
 * 10 and closes the connection; a client that closes first ends it too. */
#define STALL_FIRST "0123456789"
#define STALL_REST "abcdefghij"

static struct {
    int listen_fd;
    int release[2]; /* a byte written to release[1] lets the connection being served finish */
    INTERNET_PORT port;
    pthread_t thread;
    bool running;
} stall = {-1, {-1, -1}, 0, (pthread_t)0, false};

static void stall_connection(int fd)
{
    char head[4096];
    size_t got = 0;
    head[0] = '\0';
    while (got < sizeof head - 1 && strstr(head, "\r\n\r\n") == NULL) {
        ssize_t n = recv(fd, head + got, sizeof head - 1 - got, 0);
        if (n <= 0)
            return;
        got += (size_t)n;
        head[got] = '\0';
    }
    static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\n" STALL_FIRST;
    if (send(fd, reply, sizeof reply - 1, MSG_NOSIGNAL) < 0)
        return;
    struct pollfd p[2];
    p[0].fd = stall.release[0];
    p[0].events = POLLIN;
    p[1].fd = fd;
    p[1].events = POLLIN;
    while (poll(p, 2, 60000) > 0) {
        if (p[0].revents & POLLIN) {
            char b;
            if (read(stall.release[0], &b, 1) == 1 && send(fd, STALL_REST, 10, MSG_NOSIGNAL) < 0)
                return;
            return;
        }
        if (p[1].revents != 0) {
            char b[256];
            if (recv(fd, b, sizeof b, 0) <= 0)
                return; /* the client closed */
        }
    }
}

static void *stall_serve(void *arg)
{
    (void)arg;
    for (;;) {
        int fd = accept(stall.listen_fd, NULL, NULL);
        if (fd < 0)
            return NULL; /* stall_stop shut the listener down */
        stall_connection(fd);
        close(fd);
    }
}

static bool stall_start(void)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    stall.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (stall.listen_fd < 0 || bind(stall.listen_fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        listen(stall.listen_fd, 8) != 0 || getsockname(stall.listen_fd, (struct sockaddr *)&a, &alen) != 0 ||
        pipe(stall.release) != 0) {
        if (stall.listen_fd >= 0)
            close(stall.listen_fd);
        return false;
    }
    stall.port = ntohs(a.sin_port);
    stall.running = pthread_create(&stall.thread, NULL, stall_serve, NULL) == 0;
    return stall.running;
}

static void stall_release(void)
{
    char b = 1;
    if (write(stall.release[1], &b, 1) != 1)
        tc_info("could not release the stalling server");
}

static void stall_stop(void)
{
    if (!stall.running)
        return;
    shutdown(stall.listen_fd, SHUT_RDWR);
    stall_release(); /* in case a connection is still being served */
    pthread_join(stall.thread, NULL);
    close(stall.listen_fd);
    close(stall.release[0]);
    close(stall.release[1]);
    stall.running = false;
}

/* A port nothing listens on: bound, then closed. */
static INTERNET_PORT closed_port(void)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    INTERNET_PORT port = 1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

#define CTX_GET_CONN ((DWORD_PTR)0x3201)
#define CTX_GET_REQ ((DWORD_PTR)0x3202)
#define CTX_GET_REQ2 ((DWORD_PTR)0x3203)

/* A driven read of the stalling server's body: reads what is there, then pends. Returns the
 * read's code (997 when it pended) with *n and buf as the call left them. */
static DWORD stalled_read(HINTERNET r, char *buf, DWORD size, DWORD *n)
{
    *n = 0;
    return bool_code(InternetReadFile(r, buf, size, n));
}

static void test_get_states(void)
{
    const char *what = "(3) send and read states";
    if (!stall_start()) {
        tc_fail(what, "could not start the stalling server");
        return;
    }
    HINTERNET s = open_session(what, RINET_FLAG_DRIVEN, 0);
    HINTERNET c = s ? InternetConnectA(s, "127.0.0.1", stall.port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_GET_CONN)
                    : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/stall", CTX_GET_REQ) : NULL;
    CHECK(nm("%s: driven session and request", what), r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        stall_stop();
        return;
    }
    size_t mark = tc_mark();
    CHECK_BOOL("driven HttpSendRequest pends", HttpSendRequestA(r, NULL, 0, NULL, 0), ERROR_IO_PENDING);
    CHECK_EQ("HttpSendRequest twice (while pending) fails with 12019", c_send(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequestEx while HttpSendRequest is pending fails with 12019", c_send_ex(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("InternetWriteFile while HttpSendRequest is pending fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpEndRequest while HttpSendRequest is pending fails with 12019", c_end(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    reads_refused("while HttpSendRequest is pending", r);
    DWORD one = 1;
    CHECK_BOOL("SUPPRESS_SERVER_AUTH after the send started fails with 12019",
               InternetSetOptionA(r, INTERNET_OPTION_SUPPRESS_SERVER_AUTH, &one, sizeof one),
               ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpSendRequest completes", drive_complete(s, CTX_GET_REQ, mark), 0);
    CHECK_EQ("InternetWriteFile after HttpSendRequest fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("HttpEndRequest after HttpSendRequest fails with 12019", c_end(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);

    /* Zero lengths, NULL pointers and wrong sizes. */
    char small[8];
    DWORD n = SENTINEL_DW;
    CHECK_RC("rinet_read_file with a NULL out_read fails with 87", rinet_read_file(r, small, 4, NULL),
             ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetReadFile with a NULL buffer of length 4 fails with 87", InternetReadFile(r, NULL, 4, &n),
               ERROR_INVALID_PARAMETER);
    n = SENTINEL_DW;
    CHECK_BOOL("InternetReadFile of 0 bytes succeeds", InternetReadFile(r, small, 0, &n), 0);
    CHECK_EQ("... reading 0", n, 0);
    n = SENTINEL_DW;
    CHECK_BOOL("InternetReadFile of 0 bytes into NULL succeeds", InternetReadFile(r, NULL, 0, &n), 0);
    CHECK_EQ("... reading 0", n, 0);
    CHECK_RC("rinet_read_file_ex with NULL buffers fails with 87", rinet_read_file_ex(r, NULL, 0, 0),
             ERROR_INVALID_PARAMETER);
    INTERNET_BUFFERS bo;
    static const DWORD sizes[] = {0, sizeof(INTERNET_BUFFERS) - 1, sizeof(INTERNET_BUFFERS) + 8};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        memset(&bo, 0, sizeof bo);
        bo.dwStructSize = sizes[i];
        bo.lpvBuffer = small;
        bo.dwBufferLength = sizeof small;
        CHECK_BOOL(nm("InternetReadFileEx with dwStructSize %u fails with 87", (unsigned)sizes[i]),
                   InternetReadFileExA(r, &bo, 0, 0), ERROR_INVALID_PARAMETER);
        CHECK_EQ(nm("... leaving dwBufferLength alone (dwStructSize %u)", (unsigned)sizes[i]), bo.dwBufferLength,
                 sizeof small);
    }
    memset(&bo, 0, sizeof bo);
    bo.dwStructSize = sizeof bo;
    bo.dwBufferLength = 8;
    CHECK_BOOL("InternetReadFileEx with a NULL lpvBuffer of length 8 fails with 87", InternetReadFileExA(r, &bo, 0, 0),
               ERROR_INVALID_PARAMETER);
    bo.lpvBuffer = small;
    bo.dwBufferLength = 0;
    CHECK_BOOL("InternetReadFileEx of 0 bytes succeeds", InternetReadFileExA(r, &bo, 0, 0), 0);
    CHECK_EQ("... reading 0", bo.dwBufferLength, 0);
    /* A NULL count pointer is allowed: the call answers (0) or pends (997), never 87. */
    mark = tc_mark();
    DWORD avail = raw_code(rinet_query_data_available(r, NULL, 0, 0));
    CHECK(nm("rinet_query_data_available with a NULL out pointer succeeds or pends (got %u)", (unsigned)avail),
          avail == 0 || avail == ERROR_IO_PENDING);
    if (avail == ERROR_IO_PENDING)
        CHECK_EQ("... and then completes", drive_complete(s, CTX_GET_REQ, mark), 0);

    /* 4 bytes now; then a 20-byte read takes the other 6 and pends for the rest. */
    char body[32];
    memset(body, 0, sizeof body);
    mark = tc_mark();
    DWORD err = stalled_read(r, body, 4, &n);
    if (err == ERROR_IO_PENDING)
        err = drive_complete(s, CTX_GET_REQ, mark);
    CHECK("the first 4 body bytes read \"0123\"", err == 0 && n == 4 && memcmp(body, "0123", 4) == 0);
    static char pending_buf[20];
    static DWORD pending_n;
    mark = tc_mark();
    err = stalled_read(r, pending_buf, sizeof pending_buf, &pending_n);
    CHECK_EQ("a 20-byte read of a stalled body pends", err, ERROR_IO_PENDING);
    if (err == ERROR_IO_PENDING) {
        CHECK_EQ("InternetReadFile while a read is pending fails with 12019", c_read(r),
                 ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        CHECK_EQ("InternetReadFileEx while a read is pending fails with 12019", c_read_ex(r),
                 ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        CHECK_EQ("InternetQueryDataAvailable while a read is pending fails with 12019", c_avail(r),
                 ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        CHECK_EQ("HttpSendRequest while a read is pending fails with 12019", c_send(r),
                 ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        CHECK_EQ("HttpSendRequestEx while a read is pending fails with 12019", c_send_ex(r),
                 ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        CHECK_EQ("InternetWriteFile while a read is pending fails with 12019", c_write(r),
                 ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        /* None of that disturbed the pending read: it completes with the rest of the body. */
        stall_release();
        CHECK_EQ("the pending read completes once the server goes on", drive_complete(s, CTX_GET_REQ, mark), 0);
        CHECK("... with the 16 remaining bytes, intact",
              pending_n == 16 && memcmp(pending_buf, "456789" STALL_REST, 16) == 0);
        CHECK_EQ("... and exactly one REQUEST_COMPLETE",
                 tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_GET_REQ, mark, SIZE_MAX), 1);
    }
    n = SENTINEL_DW;
    CHECK_BOOL("the read after the end of the body succeeds", InternetReadFile(r, body, sizeof body, &n), 0);
    CHECK_EQ("... with 0 bytes", n, 0);
    mark = tc_mark();
    CHECK_TRUE("close the first request", InternetCloseHandle(r));
    check_one_closing("first stalled request", CTX_GET_REQ, mark);

    /* A second request: close it with its read pending. It completes with 12017, then
     * HANDLE_CLOSING; the buffer is the caller's again and is not written afterwards. */
    HINTERNET r2 = request_on(c, "GET", "/stall", CTX_GET_REQ2);
    mark = tc_mark();
    CHECK_BOOL("second stalled request: send pends", r2 ? HttpSendRequestA(r2, NULL, 0, NULL, 0) : TRUE,
               ERROR_IO_PENDING);
    CHECK_EQ("second stalled request: send completes", drive_complete(s, CTX_GET_REQ2, mark), 0);
    memset(pending_buf, 'Z', sizeof pending_buf);
    mark = tc_mark();
    err = stalled_read(r2, pending_buf, sizeof pending_buf, &pending_n);
    CHECK_EQ("second stalled request: a 20-byte read pends", err, ERROR_IO_PENDING);
    if (err == ERROR_IO_PENDING) {
        CHECK_TRUE("close the request with its read pending", InternetCloseHandle(r2));
        check_one_complete("pending read cancelled by close", CTX_GET_REQ2, mark, ERROR_INTERNET_OPERATION_CANCELLED);
        check_one_closing("pending read cancelled by close", CTX_GET_REQ2, mark);
        stall_release();
        rinet_session_process(s, 0, NULL);
        bool untouched = true;
        for (size_t i = 10; i < sizeof pending_buf; i++)
            untouched = untouched && pending_buf[i] == 'Z';
        CHECK("the cancelled read's buffer is not written after HANDLE_CLOSING", untouched);
    } else if (r2) {
        InternetCloseHandle(r2);
    }
    mark = tc_mark();
    InternetCloseHandle(s);
    check_one_closing("driven connect handle", CTX_GET_CONN, mark);
    stall_stop();
}

/* The same refusals on a session with a reactor thread, where a gate of the test server keeps the
 * send pending until the refusals are checked. */
#define CTX_HOLD_CONN ((DWORD_PTR)0x3301)
#define CTX_HOLD_REQ ((DWORD_PTR)0x3302)

static void test_async_states(void)
{
    const char *what = "(3) async states";
    HINTERNET s = open_session(what, INTERNET_FLAG_ASYNC, 0);
    HINTERNET c = s ? connect_to(s, CTX_HOLD_CONN) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/gate/misuse-states/hold/0", CTX_HOLD_REQ) : NULL;
    CHECK(nm("%s: session and request", what), r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    size_t mark = tc_mark();
    CHECK_BOOL("async HttpSendRequest held at a gate pends", HttpSendRequestA(r, NULL, 0, NULL, 0), ERROR_IO_PENDING);
    CHECK_EQ("async: HttpSendRequest twice fails with 12019", c_send(r), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("async: HttpSendRequestEx while the send is pending fails with 12019", c_send_ex(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("async: InternetWriteFile while the send is pending fails with 12019", c_write(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_EQ("async: HttpEndRequest while the send is pending fails with 12019", c_end(r),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    reads_refused("(async) while the send is pending", r);
    tc_gate_open("misuse-states");
    check_one_complete("async send after the refusals", CTX_HOLD_REQ, mark, 0);
    tc_buf body = {0};
    DWORD err = tc_read_all(r, CTX_HOLD_REQ, 64, &body, NULL);
    CHECK("async: the body is \"held\"", err == 0 && body.data != NULL && strcmp(body.data, "held") == 0);
    tc_buf_free(&body);
    mark = tc_mark();
    InternetCloseHandle(s);
    check_one_closing("async request", CTX_HOLD_REQ, mark);
    check_one_closing("async connect handle", CTX_HOLD_CONN, mark);
}

/* A synchronous call that has to wait is refused from inside a callback of its own session:
 * the thread running the callback is the one that would deliver what the wait depends on. */
#define CTX_NEST_REQ ((DWORD_PTR)0x3401)
static struct {
    HINTERNET other;
    bool called;
    BOOL ret;
    DWORD err;
} nest;

static void CALLBACK nesting_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (ctx == CTX_NEST_REQ && status == INTERNET_STATUS_SENDING_REQUEST && !nest.called) {
        nest.called = true;
        nest.ret = HttpSendRequestA(nest.other, NULL, 0, NULL, 0);
        nest.err = GetLastError();
    }
    tc_leave();
}

static void test_sync_nested(void)
{
    const char *what = "(3) sync call inside a callback";
    HINTERNET s = InternetOpenA("rinet-misuse", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (s == NULL || InternetSetStatusCallbackA(s, nesting_callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        tc_fail(what, "session set-up failed");
        if (s)
            InternetCloseHandle(s);
        return;
    }
    HINTERNET c = connect_to(s, 0);
    HINTERNET r = c ? request_on(c, "GET", "/bytes/5", CTX_NEST_REQ) : NULL;
    nest.other = c ? request_on(c, "GET", "/bytes/5", 0) : NULL;
    CHECK(nm("%s: requests", what), r != NULL && nest.other != NULL);
    if (r != NULL && nest.other != NULL) {
        CHECK_TRUE("sync HttpSendRequest whose SENDING_REQUEST callback sends another request",
                   HttpSendRequestA(r, NULL, 0, NULL, 0));
        CHECK("the nested synchronous HttpSendRequest returned FALSE/12019",
              nest.called && !nest.ret && nest.err == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        CHECK_TRUE("the other request can be sent afterwards", HttpSendRequestA(nest.other, NULL, 0, NULL, 0));
    }
    InternetCloseHandle(s);
}

/* ---------------------------------------------------------------------------------------- */
/* Queries and options                                                                      */
/* ---------------------------------------------------------------------------------------- */

static void test_query_info(void)
{
    HINTERNET s = open_session("query_info", 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/cookies", 0) : NULL;
    CHECK("query_info: request", r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    char buf[64];
    DWORD len, index;
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo(STATUS_TEXT) before the send fails with 12150",
               HttpQueryInfoA(r, HTTP_QUERY_STATUS_TEXT, buf, &len, NULL), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK_TRUE("query_info: sync send of /cookies", HttpSendRequestA(r, NULL, 0, NULL, 0));

    CHECK_RC("rinet_query_info with a NULL buffer_len fails with 87",
             rinet_query_info(r, HTTP_QUERY_STATUS_CODE, buf, NULL, NULL), ERROR_INVALID_PARAMETER);
    len = SENTINEL_DW;
    CHECK_BOOL("HttpQueryInfo with a NULL buffer fails with 122", HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, NULL, &len, NULL),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... and says 4 bytes are needed (\"200\" and its NUL)", len, 4);
    len = 0;
    memset(buf, 'Z', sizeof buf);
    CHECK_BOOL("HttpQueryInfo with length 0 fails with 122", HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing 4", len, 4);
    len = 3;
    CHECK_BOOL("HttpQueryInfo with an exact fit (3, no room for the NUL) fails with 122",
               HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL), ERROR_INSUFFICIENT_BUFFER);
    CHECK("... and leaves the buffer alone", buf[0] == 'Z' && buf[3] == 'Z');
    len = 0xFFFFFFFFu;
    CHECK_BOOL("HttpQueryInfo with a huge length (0xFFFFFFFF) succeeds", HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL),
               0);
    CHECK("... writing \"200\", length 3", len == 3 && strcmp(buf, "200") == 0);
    DWORD num = 0;
    len = 2;
    CHECK_BOOL("HttpQueryInfo(STATUS_CODE | NUMBER) into 2 bytes fails with 122",
               HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &num, &len, NULL),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing 4", len, 4);
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo(STATUS_CODE | SYSTEMTIME) fails with 12153 (\"200\" is not a date)",
               HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_SYSTEMTIME, buf, &len, NULL),
               ERROR_HTTP_INVALID_HEADER);
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo(STATUS_CODE | REQUEST_HEADERS) fails with 12154",
               HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL),
               ERROR_HTTP_INVALID_QUERY_REQUEST);
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo of level 9999 fails with 12154", HttpQueryInfoA(r, 9999, buf, &len, NULL),
               ERROR_HTTP_INVALID_QUERY_REQUEST);
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo(CUSTOM) with a NULL buffer (no name) fails with 87",
               HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, NULL, &len, NULL), ERROR_INVALID_PARAMETER);
    index = 1;
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo(STATUS_CODE) with index 1 fails with 12150",
               HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, &index), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK_EQ("... leaving the index alone", index, 1);
    index = 2;
    len = sizeof buf;
    CHECK_BOOL("HttpQueryInfo(SET_COOKIE) past the last one (index 2) fails with 12150",
               HttpQueryInfoA(r, HTTP_QUERY_SET_COOKIE, buf, &len, &index), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK_EQ("... leaving the index alone", index, 2);
    index = 0;
    len = 2;
    CHECK_BOOL("HttpQueryInfo(SET_COOKIE) into a 2-byte buffer fails with 122",
               HttpQueryInfoA(r, HTTP_QUERY_SET_COOKIE, buf, &len, &index), ERROR_INSUFFICIENT_BUFFER);
    CHECK("... needing 4, the index still 0", len == 4 && index == 0);
    tc_buf body = {0};
    tc_read_all(r, 0, 64, &body, NULL);
    tc_buf_free(&body);
    InternetCloseHandle(s);
}

static void test_options(void)
{
    HINTERNET s = open_session("options", 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/bytes/3", 0) : NULL;
    CHECK("options: handles", r != NULL);
    if (r == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    DWORD v = 1234, len;
    char text[256];
    DWORD_PTR ctx = 7;

    /* set_option */
    CHECK_BOOL("InternetSetOption of unknown option 9999 fails with 12009",
               InternetSetOptionA(r, 9999, &v, sizeof v), ERROR_INTERNET_INVALID_OPTION);
    CHECK_BOOL("InternetSetOption(NULL handle) of unknown option 9999 fails with 12009",
               InternetSetOptionA(NULL, 9999, &v, sizeof v), ERROR_INTERNET_INVALID_OPTION);
    CHECK_BOOL("InternetSetOption(HANDLE_TYPE) fails with 12011",
               InternetSetOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &v, sizeof v), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    INTERNET_STATUS_CALLBACK cb = tc_callback;
    CHECK_BOOL("InternetSetOption(CALLBACK) on a session fails with 12011",
               InternetSetOptionA(s, INTERNET_OPTION_CALLBACK, &cb, sizeof cb), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    CHECK_BOOL("InternetSetOption(CALLBACK) on the NULL handle fails with 12018",
               InternetSetOptionA(NULL, INTERNET_OPTION_CALLBACK, &cb, sizeof cb), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_BOOL("InternetSetOption(PROXY) on a session fails with 12011",
               InternetSetOptionA(s, INTERNET_OPTION_PROXY, text, sizeof text), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    static const DWORD bad_lengths[] = {0, 2, 8, 0xFFFFFFFFu};
    DWORD eight[2] = {5000, 5000};
    for (size_t i = 0; i < sizeof bad_lengths / sizeof bad_lengths[0]; i++) {
        CHECK_BOOL(nm("InternetSetOption(RECEIVE_TIMEOUT) of length %u fails with 12010", (unsigned)bad_lengths[i]),
                   InternetSetOptionA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, eight, bad_lengths[i]),
                   ERROR_INTERNET_BAD_OPTION_LENGTH);
    }
    CHECK_BOOL("InternetSetOption(RECEIVE_TIMEOUT) with a NULL buffer fails with 87",
               InternetSetOptionA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, NULL, 4), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetOption(CONTEXT_VALUE) of length 0 fails with 87",
               InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &ctx, 0), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetOption(CONTEXT_VALUE) with a NULL buffer fails with 87",
               InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, NULL, sizeof ctx), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetOption(CONTEXT_VALUE) on the NULL handle fails with 12018",
               InternetSetOptionA(NULL, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx),
               ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_BOOL("InternetSetOption(HANDLE_TYPE) on the NULL handle fails with 12018",
               InternetSetOptionA(NULL, INTERNET_OPTION_HANDLE_TYPE, &v, sizeof v), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_BOOL("InternetSetOption(USER_AGENT) on a request fails with 12018",
               InternetSetOptionA(r, INTERNET_OPTION_USER_AGENT, "x", 1), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_BOOL("InternetSetOption(USERNAME) on a session fails with 12018",
               InternetSetOptionA(s, INTERNET_OPTION_USERNAME, "x", 1), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_BOOL("InternetSetOption(SECURITY_FLAGS) on a connect handle fails with 12018",
               InternetSetOptionA(c, INTERNET_OPTION_SECURITY_FLAGS, &v, sizeof v), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_BOOL("InternetSetOption(SUPPRESS_SERVER_AUTH) on a session fails with 12018",
               InternetSetOptionA(s, INTERNET_OPTION_SUPPRESS_SERVER_AUTH, &v, sizeof v),
               ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    DWORD zero = 0;
    CHECK_BOOL("InternetSetOption(CONNECT_TIMEOUT) of 0 fails with 160",
               InternetSetOptionA(r, INTERNET_OPTION_CONNECT_TIMEOUT, &zero, sizeof zero), ERROR_BAD_ARGUMENTS);
    CHECK_BOOL("InternetSetOption(USER_AGENT) with a CR LF fails with 87",
               InternetSetOptionA(s, INTERNET_OPTION_USER_AGENT, "a\r\nX-Injected: 1", 0), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetOption(USERNAME) with a NULL buffer fails with 87",
               InternetSetOptionA(c, INTERNET_OPTION_USERNAME, NULL, 4), ERROR_INVALID_PARAMETER);
    v = 0;
    len = sizeof v;
    CHECK("a refused set leaves RECEIVE_TIMEOUT at its default (30000)",
          InternetQueryOptionA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, &v, &len) && v == 30000);
    v = 0;
    len = sizeof v;
    CHECK("a refused set leaves CONNECT_TIMEOUT at its default (60000)",
          InternetQueryOptionA(r, INTERNET_OPTION_CONNECT_TIMEOUT, &v, &len) && v == 60000);

    /* query_option */
    CHECK_RC("rinet_query_option with a NULL buffer_len fails with 87",
             rinet_query_option(r, INTERNET_OPTION_HANDLE_TYPE, &v, NULL), ERROR_INVALID_PARAMETER);
    len = SENTINEL_DW;
    CHECK_BOOL("InternetQueryOption(HANDLE_TYPE) with a NULL buffer fails with 122",
               InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, NULL, &len), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing 4", len, 4);
    len = 0;
    CHECK_BOOL("InternetQueryOption(HANDLE_TYPE) of length 0 fails with 122",
               InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &v, &len), ERROR_INSUFFICIENT_BUFFER);
    len = 3;
    CHECK_BOOL("InternetQueryOption(HANDLE_TYPE) of length 3 fails with 122",
               InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &v, &len), ERROR_INSUFFICIENT_BUFFER);
    v = 0;
    len = 0xFFFFFFFFu;
    CHECK_BOOL("InternetQueryOption(HANDLE_TYPE) with a huge length succeeds",
               InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &v, &len), 0);
    CHECK("... writing 13, length 4", v == INTERNET_HANDLE_TYPE_HTTP_REQUEST && len == 4);
    len = 4;
    memset(text, 'Z', sizeof text);
    CHECK_BOOL("InternetQueryOption(URL) into 4 bytes fails with 122",
               InternetQueryOptionA(r, INTERNET_OPTION_URL, text, &len), ERROR_INSUFFICIENT_BUFFER);
    char url[128];
    snprintf(url, sizeof url, "http://%s:%u/bytes/3", tc_host, (unsigned)tc_port);
    CHECK(nm("... needing strlen+1 (%zu; got %u), the buffer left alone", strlen(url) + 1, (unsigned)len),
          len == strlen(url) + 1 && text[0] == 'Z');
    len = sizeof v;
    CHECK_BOOL("InternetQueryOption of unknown option 9999 fails with 12009", InternetQueryOptionA(r, 9999, &v, &len),
               ERROR_INTERNET_INVALID_OPTION);
    len = sizeof v;
    CHECK_BOOL("InternetQueryOption(HANDLE_TYPE) on the NULL handle fails with 12018",
               InternetQueryOptionA(NULL, INTERNET_OPTION_HANDLE_TYPE, &v, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    len = sizeof text;
    CHECK_BOOL("InternetQueryOption(URL) on a session fails with 12018",
               InternetQueryOptionA(s, INTERNET_OPTION_URL, text, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    len = sizeof v;
    CHECK_BOOL("InternetQueryOption(REQUEST_FLAGS) on a connect handle fails with 12018",
               InternetQueryOptionA(c, INTERNET_OPTION_REQUEST_FLAGS, &v, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    len = sizeof text;
    CHECK_BOOL("InternetQueryOption(PROXY) on a request fails with 12018",
               InternetQueryOptionA(r, INTERNET_OPTION_PROXY, text, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    len = sizeof text;
    CHECK_BOOL("InternetQueryOption(USERNAME) on a session fails with 12018",
               InternetQueryOptionA(s, INTERNET_OPTION_USERNAME, text, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    len = sizeof v;
    CHECK_BOOL("InternetQueryOption(SECURITY_FLAGS) on a connect handle fails with 12018",
               InternetQueryOptionA(c, INTERNET_OPTION_SECURITY_FLAGS, &v, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    InternetCloseHandle(s);
}

/* ---------------------------------------------------------------------------------------- */
/* Driven-session exports                                                                   */
/* ---------------------------------------------------------------------------------------- */

static struct {
    HINTERNET session;
    bool called;
    uint32_t rc, handled;
} inner;

static void CALLBACK processing_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (status == INTERNET_STATUS_HANDLE_CREATED && !inner.called) {
        inner.called = true;
        inner.handled = SENTINEL_DW;
        inner.rc = rinet_session_process(inner.session, 0, &inner.handled);
    }
    tc_leave();
}

static void test_driven_exports(void)
{
    HINTERNET plain = open_session("driven exports", INTERNET_FLAG_ASYNC, 0);
    HINTERNET d = open_session("driven exports", RINET_FLAG_DRIVEN, 0);
    CHECK("driven exports: sessions", plain != NULL && d != NULL);
    if (plain == NULL || d == NULL) {
        if (plain)
            InternetCloseHandle(plain);
        if (d)
            InternetCloseHandle(d);
        return;
    }
    int32_t fd = (int32_t)SENTINEL_DW;
    uint32_t ms = SENTINEL_DW, handled = SENTINEL_DW;
    CHECK_RC("rinet_session_fd on a session with a reactor thread fails with 12019", rinet_session_fd(plain, &fd),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_RC("rinet_session_timeout_ms on a session with a reactor thread fails with 12019",
             rinet_session_timeout_ms(plain, &ms), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_RC("rinet_session_process on a session with a reactor thread fails with 12019",
             rinet_session_process(plain, 0, &handled), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK("... writing none of their out-parameters",
          fd == (int32_t)SENTINEL_DW && ms == SENTINEL_DW && handled == SENTINEL_DW);
    HINTERNET sync = InternetOpenA("x", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    CHECK_RC("rinet_session_process on a synchronous session fails with 12019", rinet_session_process(sync, 0, NULL),
             ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    if (sync)
        InternetCloseHandle(sync);
    CHECK_RC("rinet_session_fd with a NULL out_fd fails with 87", rinet_session_fd(d, NULL), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_session_timeout_ms with a NULL out_ms fails with 87", rinet_session_timeout_ms(d, NULL),
             ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_session_process with a NULL out_handled succeeds", rinet_session_process(d, 0, NULL), 0);
    CHECK_RC("rinet_session_process with max_events 0xFFFFFFFF succeeds", rinet_session_process(d, 0xFFFFFFFFu, &handled),
             0);
    CHECK_RC("rinet_session_fd of a driven session succeeds", rinet_session_fd(d, &fd), 0);
    CHECK("... giving a descriptor", fd >= 0);
    CHECK_RC("rinet_session_timeout_ms of an idle driven session succeeds", rinet_session_timeout_ms(d, &ms), 0);

    /* rinet_session_process called from inside one of the session's callbacks (HANDLE_CREATED,
     * delivered on this thread inside InternetConnect) returns at once with 0 handled. */
    inner.session = d;
    InternetSetStatusCallbackA(d, processing_callback);
    HINTERNET c = connect_to(d, (DWORD_PTR)0x3501);
    CHECK("rinet_session_process inside a callback returns 0 with 0 handled",
          c != NULL && inner.called && inner.rc == 0 && inner.handled == 0);
    InternetCloseHandle(d);
    InternetCloseHandle(plain);
    CHECK_RC("rinet_session_process on the closed driven session fails with 6", rinet_session_process(d, 0, NULL),
             ERROR_INVALID_HANDLE);
}

/* ---------------------------------------------------------------------------------------- */
/* URLs and dates                                                                           */
/* ---------------------------------------------------------------------------------------- */

static void url_components_want_all(URL_COMPONENTSA *uc, char (*bufs)[64])
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->lpszScheme = bufs[0];
    uc->dwSchemeLength = 64;
    uc->lpszHostName = bufs[1];
    uc->dwHostNameLength = 64;
    uc->lpszUserName = bufs[2];
    uc->dwUserNameLength = 64;
    uc->lpszPassword = bufs[3];
    uc->dwPasswordLength = 64;
    uc->lpszUrlPath = bufs[4];
    uc->dwUrlPathLength = 64;
    uc->lpszExtraInfo = bufs[5];
    uc->dwExtraInfoLength = 64;
}

static void test_crack_url(void)
{
    char bufs[6][64];
    URL_COMPONENTSA uc;
    const char *url = "http://user:pw@example.com:8080/p/a?q=1#f";
    url_components_want_all(&uc, bufs);
    CHECK_RC("rinet_crack_url with a NULL url fails with 87", rinet_crack_url(NULL, 0, 0, &uc), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetCrackUrl with NULL components fails with 87", InternetCrackUrlA(url, 0, 0, NULL),
               ERROR_INVALID_PARAMETER);
    static const DWORD sizes[] = {0, sizeof(URL_COMPONENTSA) - 1, sizeof(URL_COMPONENTSA) + 1, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        url_components_want_all(&uc, bufs);
        uc.dwStructSize = sizes[i];
        CHECK_BOOL(nm("InternetCrackUrl with dwStructSize %u fails with 87", (unsigned)sizes[i]),
                   InternetCrackUrlA(url, 0, 0, &uc), ERROR_INVALID_PARAMETER);
        CHECK(nm("... writing nothing (dwStructSize %u)", (unsigned)sizes[i]), uc.nPort == 0 && uc.dwHostNameLength == 64);
    }
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    CHECK_BOOL("InternetCrackUrl asking for no part fails with 87", InternetCrackUrlA(url, 0, 0, &uc),
               ERROR_INVALID_PARAMETER);
    uc.dwHostNameLength = 1; /* a pointer into the URL */
    CHECK_BOOL("InternetCrackUrl with ICU_DECODE and a part asked for by pointer fails with 87",
               InternetCrackUrlA(url, 0, ICU_DECODE, &uc), ERROR_INVALID_PARAMETER);
    url_components_want_all(&uc, bufs);
    CHECK_BOOL("InternetCrackUrl of \"\" fails with 12006", InternetCrackUrlA("", 0, 0, &uc),
               ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    CHECK_BOOL("InternetCrackUrl of \"no scheme\" fails with 12006", InternetCrackUrlA("example.com/x", 0, 0, &uc),
               ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    CHECK_BOOL("InternetCrackUrl with port 99999 fails with 12005", InternetCrackUrlA("http://h:99999/", 0, 0, &uc),
               ERROR_INTERNET_INVALID_URL);
    CHECK_BOOL("InternetCrackUrl with an unclosed [ fails with 12005", InternetCrackUrlA("http://[::1/", 0, 0, &uc),
               ERROR_INTERNET_INVALID_URL);
    CHECK_BOOL("InternetCrackUrl of http:/// (no host) fails with 12005", InternetCrackUrlA("http:///x", 0, 0, &uc),
               ERROR_INTERNET_INVALID_URL);
    url_components_want_all(&uc, bufs);
    uc.dwHostNameLength = 0;
    uc.lpszHostName = NULL;
    uc.dwUrlPathLength = 0;
    uc.lpszUrlPath = NULL;
    uc.dwExtraInfoLength = 0;
    uc.lpszExtraInfo = NULL;
    uc.dwUserNameLength = 0;
    uc.lpszUserName = NULL;
    uc.dwPasswordLength = 0;
    uc.lpszPassword = NULL;
    uc.dwHostNameLength = 1; /* the host by pointer, so that a part is asked for */
    uc.dwSchemeLength = 0;   /* a scheme buffer of size 0: too small */
    CHECK_BOOL("InternetCrackUrl with a scheme buffer of size 0 fails with 122", InternetCrackUrlA(url, 0, 0, &uc),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing 5 (\"http\" and its NUL)", uc.dwSchemeLength, 5);
    uc.dwSchemeLength = 4;
    CHECK_BOOL("InternetCrackUrl with an exact-fit scheme buffer (4) fails with 122", InternetCrackUrlA(url, 0, 0, &uc),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing 5", uc.dwSchemeLength, 5);
    /* A huge url_len stops at the NUL. */
    url_components_want_all(&uc, bufs);
    CHECK_BOOL("InternetCrackUrl with url_len 0xFFFFFFFF reads up to the NUL", InternetCrackUrlA(url, 0xFFFFFFFFu, 0, &uc),
               0);
    CHECK("... and cracks the whole URL", strcmp(bufs[1], "example.com") == 0 && uc.nPort == 8080 &&
                                               strcmp(bufs[5], "?q=1#f") == 0);
    /* A url_len shorter than the string takes only that much. */
    url_components_want_all(&uc, bufs);
    CHECK_BOOL("InternetCrackUrl with url_len 26 (up to the port)", InternetCrackUrlA(url, 26, 0, &uc), 0);
    CHECK("... sees \"http://user:pw@example.com\" only",
          strcmp(bufs[1], "example.com") == 0 && uc.nPort == 80 && uc.dwUrlPathLength == 0);
}

static void test_create_url(void)
{
    URL_COMPONENTSA uc;
    char out[128];
    DWORD len;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = "http";
    uc.lpszHostName = "example.com";
    uc.lpszUrlPath = "/x";
    len = sizeof out;
    CHECK_RC("rinet_create_url with NULL components fails with 87", rinet_create_url(NULL, 0, out, &len),
             ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetCreateUrl with a NULL length pointer fails with 87", InternetCreateUrlA(&uc, 0, out, NULL),
               ERROR_INVALID_PARAMETER);
    uc.dwStructSize = sizeof uc + 4;
    len = sizeof out;
    CHECK_BOOL("InternetCreateUrl with dwStructSize sizeof+4 fails with 87", InternetCreateUrlA(&uc, 0, out, &len),
               ERROR_INVALID_PARAMETER);
    uc.dwStructSize = 0;
    CHECK_BOOL("InternetCreateUrl with dwStructSize 0 fails with 87", InternetCreateUrlA(&uc, 0, out, &len),
               ERROR_INVALID_PARAMETER);
    uc.dwStructSize = sizeof uc;
    uc.lpszPassword = "pw";
    CHECK_BOOL("InternetCreateUrl with a password and no user name fails with 87",
               InternetCreateUrlA(&uc, 0, out, &len), ERROR_INVALID_PARAMETER);
    uc.lpszPassword = NULL;
    uc.lpszScheme = NULL;
    uc.nScheme = 77;
    CHECK_BOOL("InternetCreateUrl with no scheme name and nScheme 77 fails with 87",
               InternetCreateUrlA(&uc, 0, out, &len), ERROR_INVALID_PARAMETER);
    uc.nScheme = INTERNET_SCHEME_HTTP;
    const char *want = "http://example.com/x";
    len = SENTINEL_DW;
    CHECK_BOOL("InternetCreateUrl with a NULL buffer fails with 122", InternetCreateUrlA(&uc, 0, NULL, &len),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing strlen+1", len, strlen(want) + 1);
    len = 0;
    CHECK_BOOL("InternetCreateUrl with length 0 fails with 122", InternetCreateUrlA(&uc, 0, out, &len),
               ERROR_INSUFFICIENT_BUFFER);
    len = (DWORD)strlen(want);
    memset(out, 'Z', sizeof out);
    CHECK_BOOL("InternetCreateUrl with an exact fit (no room for the NUL) fails with 122",
               InternetCreateUrlA(&uc, 0, out, &len), ERROR_INSUFFICIENT_BUFFER);
    CHECK("... needing strlen+1, the buffer left alone", len == strlen(want) + 1 && out[0] == 'Z');
    len = 0xFFFFFFFFu;
    CHECK_BOOL("InternetCreateUrl with a huge length succeeds", InternetCreateUrlA(&uc, 0, out, &len), 0);
    CHECK("... writing the URL and its length", strcmp(out, want) == 0 && len == strlen(want));
}

static void test_canonicalize_url(void)
{
    char out[64];
    DWORD len = sizeof out;
    CHECK_RC("rinet_canonicalize_url with a NULL url fails with 87", rinet_canonicalize_url(NULL, out, &len, 0),
             ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetCanonicalizeUrl with a NULL buffer fails with 87",
               InternetCanonicalizeUrlA("http://h/", NULL, &len, 0), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetCanonicalizeUrl with a NULL length pointer fails with 87",
               InternetCanonicalizeUrlA("http://h/", out, NULL, 0), ERROR_INVALID_PARAMETER);
    len = sizeof out;
    CHECK_BOOL("InternetCanonicalizeUrl of \"\" fails with 12005", InternetCanonicalizeUrlA("", out, &len, 0),
               ERROR_INTERNET_INVALID_URL);
    len = sizeof out;
    CHECK_BOOL("InternetCanonicalizeUrl of spaces fails with 12005", InternetCanonicalizeUrlA("   ", out, &len, 0),
               ERROR_INTERNET_INVALID_URL);
    const char *want = "http://h/a%20b";
    len = 0;
    CHECK_BOOL("InternetCanonicalizeUrl with length 0 fails with 122", InternetCanonicalizeUrlA("http://h/a b", out, &len, 0),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... needing strlen+1", len, strlen(want) + 1);
    len = (DWORD)strlen(want);
    CHECK_BOOL("InternetCanonicalizeUrl with an exact fit fails with 122",
               InternetCanonicalizeUrlA("http://h/a b", out, &len, 0), ERROR_INSUFFICIENT_BUFFER);
    len = 0xFFFFFFFFu;
    CHECK_BOOL("InternetCanonicalizeUrl with a huge length succeeds", InternetCanonicalizeUrlA("http://h/a b", out, &len, 0),
               0);
    CHECK("... writing the URL and its length", strcmp(out, want) == 0 && len == strlen(want));
}

static void test_time(void)
{
    SYSTEMTIME st;
    memset(&st, 0, sizeof st);
    st.wYear = 2005;
    st.wMonth = 1;
    st.wDay = 7;
    st.wHour = 12;
    st.wMinute = 6;
    st.wSecond = 35;
    char out[64];
    CHECK_RC("rinet_time_from_system_time with a NULL time fails with 87",
             rinet_time_from_system_time(NULL, 0, out, sizeof out), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetTimeFromSystemTime with a NULL buffer fails with 87",
               InternetTimeFromSystemTimeA(&st, INTERNET_RFC1123_FORMAT, NULL, sizeof out), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetTimeFromSystemTime with format 1 fails with 87",
               InternetTimeFromSystemTimeA(&st, 1, out, sizeof out), ERROR_INVALID_PARAMETER);
    memset(out, 'Z', sizeof out);
    CHECK_BOOL("InternetTimeFromSystemTime with length 0 fails with 122",
               InternetTimeFromSystemTimeA(&st, INTERNET_RFC1123_FORMAT, out, 0), ERROR_INSUFFICIENT_BUFFER);
    CHECK_BOOL("InternetTimeFromSystemTime with length 29 fails with 122",
               InternetTimeFromSystemTimeA(&st, INTERNET_RFC1123_FORMAT, out, 29), ERROR_INSUFFICIENT_BUFFER);
    CHECK("... leaving the buffer alone", out[0] == 'Z' && out[28] == 'Z');
    static const struct {
        const char *label;
        WORD year, month, day, hour;
    } bad[] = {{"month 13", 2005, 13, 1, 0}, {"30 February", 2005, 2, 30, 0}, {"hour 24", 2005, 1, 1, 24},
               {"year 0", 0, 1, 1, 0},       {"month 0", 2005, 0, 1, 0},      {"day 0", 2005, 1, 0, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SYSTEMTIME b = st;
        b.wYear = bad[i].year;
        b.wMonth = bad[i].month;
        b.wDay = bad[i].day;
        b.wHour = bad[i].hour;
        CHECK_BOOL(nm("InternetTimeFromSystemTime of %s fails with 87", bad[i].label),
                   InternetTimeFromSystemTimeA(&b, INTERNET_RFC1123_FORMAT, out, sizeof out), ERROR_INVALID_PARAMETER);
    }
    CHECK_BOOL("InternetTimeFromSystemTime with a huge length succeeds",
               InternetTimeFromSystemTimeA(&st, INTERNET_RFC1123_FORMAT, out, 0xFFFFFFFFu), 0);
    CHECK_STR("... writing the date", out, "Fri, 07 Jan 2005 12:06:35 GMT");

    SYSTEMTIME got;
    memset(&got, 0x5A, sizeof got);
    CHECK_RC("rinet_time_to_system_time with a NULL text fails with 87", rinet_time_to_system_time(NULL, &got, 0),
             ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetTimeToSystemTime with a NULL out pointer fails with 87",
               InternetTimeToSystemTimeA("Fri, 07 Jan 2005 12:06:35 GMT", NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK("... leaving the SYSTEMTIME alone", got.wYear == 0x5A5A && got.wMilliseconds == 0x5A5A);
    time_t t0 = tc_wall_now();
    CHECK_BOOL("InternetTimeToSystemTime of \"\" succeeds, as in WinInet", InternetTimeToSystemTimeA("", &got, 0), 0);
    time_t t1 = tc_wall_now();
    CHECK("... giving the current time", tc_system_time_between(&got, t0, t1));
    memset(&got, 0x5A, sizeof got);
    t0 = tc_wall_now();
    CHECK_BOOL("InternetTimeToSystemTime of \"not a date\" succeeds, as in WinInet",
               InternetTimeToSystemTimeA("not a date", &got, 0), 0);
    t1 = tc_wall_now();
    CHECK("... giving the current time", tc_system_time_between(&got, t0, t1));
}

/* ---------------------------------------------------------------------------------------- */
/* (6) The last error and the live-handle counter                                           */
/* ---------------------------------------------------------------------------------------- */

static void *other_thread_last_error(void *arg)
{
    DWORD *seen = (DWORD *)arg;
    seen[0] = GetLastError(); /* a new thread starts at 0 */
    SetLastError(222);
    seen[1] = GetLastError();
    return NULL;
}

static void test_last_error_and_live(void)
{
    SetLastError(1234);
    CHECK_EQ("GetLastError returns what SetLastError set", GetLastError(), 1234);
    rinet_set_last_error(0xFFFFFFFFu);
    CHECK_EQ("rinet_get_last_error returns 0xFFFFFFFF after rinet_set_last_error", rinet_get_last_error(), 0xFFFFFFFFu);
    DWORD seen[2] = {SENTINEL_DW, SENTINEL_DW};
    SetLastError(111);
    pthread_t t;
    if (pthread_create(&t, NULL, other_thread_last_error, seen) == 0) {
        pthread_join(t, NULL);
        CHECK("the last error is per thread (another thread starts at 0 and keeps its own)",
              seen[0] == 0 && seen[1] == 222 && GetLastError() == 111);
    }
    SetLastError(1234);
    DWORD version[2], len = sizeof version;
    InternetQueryOptionA(NULL, INTERNET_OPTION_VERSION, version, &len);
    CHECK_EQ("a successful call sets the last error to 0", GetLastError(), 0);
    InternetCloseHandle(NULL);
    CHECK_EQ("a failed call sets it to its code", GetLastError(), ERROR_INVALID_HANDLE);

    uint32_t base = wait_live(0);
    CHECK_EQ("no live handle between tests", base, 0);
    HINTERNET s = InternetOpenA("x", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/", 0) : NULL;
    CHECK_EQ("rinet_live_handles counts a session, a connect and a request", rinet_live_handles(), base + 3);
    if (r)
        InternetCloseHandle(r);
    CHECK_EQ("closing the request takes it off", wait_live(base + 2), base + 2);
    if (s)
        InternetCloseHandle(s);
    CHECK_EQ("closing the session takes off the rest", wait_live(base), base);
}

/* ---------------------------------------------------------------------------------------- */
/* open_url, cookies, last response info, strerror, trace                                   */
/* ---------------------------------------------------------------------------------------- */

#define CTX_URL_REFUSED ((DWORD_PTR)0x6101)
#define CTX_URL_HELD ((DWORD_PTR)0x6102)
#define CTX_URL_SES ((DWORD_PTR)0x6100)

static void test_open_url(void)
{
    const char *what = "open_url";
    uint32_t base = wait_live(0);
    HINTERNET s = open_session(what, 0, 0);
    if (s == NULL)
        return;
    rinet_handle out = SENTINEL_H;
    CHECK_RC("rinet_open_url with a NULL out_request fails with 87",
             rinet_open_url(s, test_url, NULL, 0, 0, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_RC("rinet_open_url with a NULL url fails with 87", rinet_open_url(s, NULL, NULL, 0, 0, 0, &out),
             ERROR_INVALID_PARAMETER);
    CHECK("... and does not return a handle", out == NULL || out == SENTINEL_H);
    CHECK_EQ("InternetOpenUrl with NULL headers of length 5 fails with 87",
             handle_code(InternetOpenUrlA(s, test_url, NULL, 5, 0, 0)), ERROR_INVALID_PARAMETER);
    static const char *const bad_scheme[] = {"", "ftp://example.com/x", "mailto:a@b", "no scheme"};
    for (size_t i = 0; i < sizeof bad_scheme / sizeof bad_scheme[0]; i++)
        CHECK_EQ(nm("InternetOpenUrl of \"%s\" fails with 12006", bad_scheme[i]),
                 handle_code(InternetOpenUrlA(s, bad_scheme[i], NULL, 0, 0, 0)), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    static const char *const bad_url[] = {"http://", "http:///path", "http://h:99999/", "http://[::1/"};
    for (size_t i = 0; i < sizeof bad_url / sizeof bad_url[0]; i++)
        CHECK_EQ(nm("InternetOpenUrl of \"%s\" fails with 12005", bad_url[i]),
                 handle_code(InternetOpenUrlA(s, bad_url[i], NULL, 0, 0, 0)), ERROR_INTERNET_INVALID_URL);
    char refused[64];
    snprintf(refused, sizeof refused, "http://127.0.0.1:%u/", (unsigned)closed_port());
    CHECK_EQ("synchronous InternetOpenUrl of a port nobody listens on fails with 12029",
             handle_code(InternetOpenUrlA(s, refused, NULL, 0, 0, 0)), ERROR_INTERNET_CANNOT_CONNECT);
    CHECK_EQ("failed open_url calls leave no handle behind", wait_live(base + 1), base + 1);
    InternetCloseHandle(s);

    /* Async: a failure completes {0, 12029} once and rinet closes the request itself; a pending
     * open_url is cancelled by closing the session. */
    s = open_session(what, INTERNET_FLAG_ASYNC, CTX_URL_SES);
    if (s == NULL)
        return;
    size_t mark = tc_mark();
    CHECK_EQ("async InternetOpenUrl of a port nobody listens on pends",
             handle_code(InternetOpenUrlA(s, refused, NULL, 0, 0, CTX_URL_REFUSED)), ERROR_IO_PENDING);
    check_one_complete("async open_url refused", CTX_URL_REFUSED, mark, ERROR_INTERNET_CANNOT_CONNECT);
    check_one_closing("async open_url refused (closed by rinet)", CTX_URL_REFUSED, mark);
    char held[128];
    snprintf(held, sizeof held, "http://%s:%u/gate/misuse-url-never", tc_host, (unsigned)tc_port);
    mark = tc_mark();
    CHECK_EQ("async InternetOpenUrl of a request held at a gate nobody opens pends",
             handle_code(InternetOpenUrlA(s, held, NULL, 0, 0, CTX_URL_HELD)), ERROR_IO_PENDING);
    CHECK("its HANDLE_CREATED announced the request",
          tc_wait_for(INTERNET_STATUS_HANDLE_CREATED, NULL, CTX_URL_HELD, mark, TC_WAIT_MS) >= 0);
    CHECK_TRUE("close the session under the pending open_url", InternetCloseHandle(s));
    check_one_complete("open_url cancelled by closing the session", CTX_URL_HELD, mark,
                       ERROR_INTERNET_OPERATION_CANCELLED);
    check_one_closing("open_url cancelled by closing the session", CTX_URL_HELD, mark);
    check_one_closing("session of the cancelled open_url", CTX_URL_SES, mark);
    CHECK_EQ("open_url: every handle released", wait_live(base), base);
}

static void test_cookies(void)
{
    const char *url = "http://misuse.invalid/";
    CHECK_BOOL("InternetSetCookie with a NULL url fails with 87", InternetSetCookieA(NULL, NULL, "a=1"),
               ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetCookie with NULL data fails with 87", InternetSetCookieA(url, "a", NULL),
               ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetCookie with a CR LF in the data fails with 87",
               InternetSetCookieA(url, NULL, "a=1\r\nX-Injected: 1"), ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetCookie with a CR LF in the name fails with 87", InternetSetCookieA(url, "a\r\nX", "1"),
               ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetSetCookie of an ftp URL fails with 12006", InternetSetCookieA("ftp://misuse.invalid/", NULL, "a=1"),
               ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    CHECK_BOOL("InternetSetCookie of \"\" fails with 12006", InternetSetCookieA("", NULL, "a=1"),
               ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    CHECK_BOOL("InternetSetCookie of an http URL without a host fails with 12005",
               InternetSetCookieA("http:///x", NULL, "a=1"), ERROR_INTERNET_INVALID_URL);
    DWORD size = 64;
    char buf[64];
    CHECK_BOOL("none of those stored a cookie (InternetGetCookie fails with 259)",
               InternetGetCookieA(url, NULL, buf, &size), ERROR_NO_MORE_ITEMS);

    CHECK_BOOL("InternetSetCookie of a valid cookie succeeds", InternetSetCookieA(url, "misuse", "yes"), 0);
    size = sizeof buf;
    CHECK_RC("rinet_get_cookie with a NULL url fails with 87", rinet_get_cookie(NULL, NULL, buf, &size),
             ERROR_INVALID_PARAMETER);
    CHECK_BOOL("InternetGetCookie with a NULL size pointer fails with 87", InternetGetCookieA(url, NULL, buf, NULL),
               ERROR_INVALID_PARAMETER);
    size = SENTINEL_DW;
    CHECK_BOOL("InternetGetCookie with a NULL buffer succeeds", InternetGetCookieA(url, NULL, NULL, &size), 0);
    CHECK_EQ("... giving the size needed, NUL included", size, strlen("misuse=yes") + 1);
    size = 4;
    memset(buf, 'Z', sizeof buf);
    CHECK_BOOL("InternetGetCookie into 4 bytes fails with 122", InternetGetCookieA(url, NULL, buf, &size),
               ERROR_INSUFFICIENT_BUFFER);
    CHECK("... needing 11, the buffer left alone", size == 11 && buf[0] == 'Z');
    size = 10;
    CHECK_BOOL("InternetGetCookie with an exact fit (no room for the NUL) fails with 122",
               InternetGetCookieA(url, NULL, buf, &size), ERROR_INSUFFICIENT_BUFFER);
    size = 0xFFFFFFFFu;
    CHECK_BOOL("InternetGetCookie with a huge size succeeds", InternetGetCookieA(url, NULL, buf, &size), 0);
    CHECK("... giving \"misuse=yes\"", strcmp(buf, "misuse=yes") == 0);
    size = sizeof buf;
    CHECK_BOOL("InternetGetCookie of another host fails with 259",
               InternetGetCookieA("http://other.misuse.invalid/", NULL, buf, &size), ERROR_NO_MORE_ITEMS);
    size = sizeof buf;
    CHECK_BOOL("InternetGetCookie of an ftp URL fails with 12006",
               InternetGetCookieA("ftp://misuse.invalid/", NULL, buf, &size), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    /* Expire it again, so that nothing else in this process sends it. */
    InternetSetCookieA(url, "misuse", "gone; expires=Thu, 01 Jan 1970 00:00:00 GMT");
}

static struct {
    pthread_mutex_t lock;
    unsigned lines;
} traced = {PTHREAD_MUTEX_INITIALIZER, 0};

static void trace_sink(uint32_t level, const char *line, void *user)
{
    (void)level;
    (void)line;
    (void)user;
    pthread_mutex_lock(&traced.lock);
    traced.lines++;
    pthread_mutex_unlock(&traced.lock);
}

static unsigned traced_lines(void)
{
    pthread_mutex_lock(&traced.lock);
    unsigned n = traced.lines;
    pthread_mutex_unlock(&traced.lock);
    return n;
}

static void test_response_info_strerror_trace(void)
{
    /* The last response info, after a synchronous request on this thread. */
    HINTERNET s = open_session("last response info", 0, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    HINTERNET r = c ? request_on(c, "GET", "/status/404", 0) : NULL;
    CHECK_TRUE("last response info: a synchronous GET of /status/404", r && HttpSendRequestA(r, NULL, 0, NULL, 0));
    char buf[128];
    DWORD err = SENTINEL_DW, len = sizeof buf;
    CHECK_RC("rinet_get_last_response_info with a NULL buffer_len fails with 87",
             rinet_get_last_response_info(&err, buf, NULL), ERROR_INVALID_PARAMETER);
    len = SENTINEL_DW;
    CHECK_BOOL("InternetGetLastResponseInfo with a NULL buffer fails with 122",
               InternetGetLastResponseInfoA(&err, NULL, &len), ERROR_INSUFFICIENT_BUFFER);
    DWORD need = len;
    CHECK(nm("... giving the size needed (%u)", (unsigned)need), need > 1 && need < sizeof buf);
    len = need - 1;
    memset(buf, 'Z', sizeof buf);
    CHECK_BOOL("InternetGetLastResponseInfo with an exact fit (no room for the NUL) fails with 122",
               InternetGetLastResponseInfoA(&err, buf, &len), ERROR_INSUFFICIENT_BUFFER);
    CHECK("... leaving the buffer alone", buf[0] == 'Z');
    len = 0xFFFFFFFFu;
    CHECK_BOOL("InternetGetLastResponseInfo with a NULL error pointer and a huge length succeeds",
               InternetGetLastResponseInfoA(NULL, buf, &len), 0);
    CHECK(nm("... giving \"%s\" (length %u)", buf, (unsigned)len), len == need - 1 && strstr(buf, "404") != NULL);
    err = SENTINEL_DW;
    len = sizeof buf;
    CHECK_BOOL("InternetGetLastResponseInfo with every pointer", InternetGetLastResponseInfoA(&err, buf, &len), 0);
    CHECK_EQ("... writing 0 to the error", err, 0);
    if (s)
        InternetCloseHandle(s);

    /* rinet_strerror: never NULL; unknown codes have a fixed text. */
    static const DWORD codes[] = {0, 6, 87, 122, 997, 12002, 12017, 12019, 12153};
    bool texts = true;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *t = rinet_strerror(codes[i]);
        texts = texts && t != NULL && t[0] != '\0';
    }
    CHECK("rinet_strerror gives a text for each known code", texts);
    const char *unknown = rinet_strerror(0xFFFFFFFFu);
    CHECK_STR("rinet_strerror(0xFFFFFFFF) is \"Unknown error\"", unknown, "Unknown error");
    CHECK_STR("rinet_strerror(12345) is \"Unknown error\"", rinet_strerror(12345), "Unknown error");

    /* rinet_set_trace never fails; a level above 3 is level 3; level 0 stops the lines. */
    CHECK_RC("rinet_set_trace(0xFFFFFFFF, callback) succeeds", rinet_set_trace(0xFFFFFFFFu, trace_sink, NULL), 0);
    s = open_session("trace", 0, 0);
    c = s ? connect_to(s, 0) : NULL;
    r = c ? request_on(c, "GET", "/bytes/1", 0) : NULL;
    if (r)
        HttpSendRequestA(r, NULL, 0, NULL, 0);
    CHECK("the trace callback got lines", traced_lines() > 0);
    CHECK_RC("rinet_set_trace(0, NULL) succeeds", rinet_set_trace(0, NULL, NULL), 0);
    unsigned before = traced_lines();
    if (r)
        HttpSendRequestA(r, NULL, 0, NULL, 0);
    if (s)
        InternetCloseHandle(s);
    CHECK_EQ("no line after tracing is off", traced_lines(), before);
}

/* ---------------------------------------------------------------------------------------- */
/* (4) Double close and close from inside callbacks                                         */
/* ---------------------------------------------------------------------------------------- */

#define CTX_CB_SES ((DWORD_PTR)0x4100)
#define CTX_CB_CONN2 ((DWORD_PTR)0x4101)
#define CTX_CLOSE_SENT ((DWORD_PTR)0x4102)    /* closes itself in REQUEST_SENT */
#define CTX_CLOSE_SESSION ((DWORD_PTR)0x4103) /* closes the session in REQUEST_COMPLETE */
#define CTX_CLOSE_CREATED ((DWORD_PTR)0x4104) /* closes itself in HANDLE_CREATED */
#define CTX_CLOSE_TWICE ((DWORD_PTR)0x4105)   /* closes itself again, and its parent, in HANDLE_CLOSING */
#define CTX_CB_CONN3 ((DWORD_PTR)0x4106)

static struct {
    pthread_mutex_t lock;
    HINTERNET session;
    HINTERNET parent;
    DWORD sent_close, session_close, created_close, again_close, parent_close; /* codes, SENTINEL_DW until called */
} cc = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, SENTINEL_DW, SENTINEL_DW, SENTINEL_DW, SENTINEL_DW, SENTINEL_DW};

static DWORD close_code(HINTERNET h)
{
    return bool_code(InternetCloseHandle(h));
}

static void CALLBACK closing_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    pthread_mutex_lock(&cc.lock);
    bool first;
    switch (ctx) {
    case CTX_CLOSE_SENT:
        first = cc.sent_close == SENTINEL_DW;
        if (status == INTERNET_STATUS_REQUEST_SENT && first) {
            cc.sent_close = 0;
            pthread_mutex_unlock(&cc.lock);
            DWORD e = close_code(h);
            pthread_mutex_lock(&cc.lock);
            cc.sent_close = e;
        }
        break;
    case CTX_CLOSE_SESSION:
        first = cc.session_close == SENTINEL_DW;
        if (status == INTERNET_STATUS_REQUEST_COMPLETE && first) {
            cc.session_close = 0;
            HINTERNET s = cc.session;
            pthread_mutex_unlock(&cc.lock);
            DWORD e = close_code(s);
            pthread_mutex_lock(&cc.lock);
            cc.session_close = e;
        }
        break;
    case CTX_CLOSE_CREATED:
        first = cc.created_close == SENTINEL_DW;
        if (status == INTERNET_STATUS_HANDLE_CREATED && first) {
            cc.created_close = 0;
            pthread_mutex_unlock(&cc.lock);
            DWORD e = close_code(h);
            pthread_mutex_lock(&cc.lock);
            cc.created_close = e;
        }
        break;
    case CTX_CLOSE_TWICE:
        first = cc.again_close == SENTINEL_DW;
        if (status == INTERNET_STATUS_HANDLE_CLOSING && first) {
            cc.again_close = 0;
            HINTERNET parent = cc.parent;
            pthread_mutex_unlock(&cc.lock);
            DWORD e1 = close_code(h);
            DWORD e2 = close_code(parent);
            pthread_mutex_lock(&cc.lock);
            cc.again_close = e1;
            cc.parent_close = e2;
        }
        break;
    default:
        break;
    }
    pthread_mutex_unlock(&cc.lock);
    tc_leave();
}

static DWORD cc_get(DWORD *field)
{
    pthread_mutex_lock(&cc.lock);
    DWORD v = *field;
    pthread_mutex_unlock(&cc.lock);
    return v;
}

static void test_close_in_callbacks(void)
{
    const char *what = "(4) close in callbacks";
    uint32_t base = wait_live(0);
    HINTERNET s = InternetOpenA("rinet-misuse", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    DWORD_PTR sctx = CTX_CB_SES;
    if (s == NULL || InternetSetStatusCallbackA(s, closing_callback) == INTERNET_INVALID_STATUS_CALLBACK ||
        !InternetSetOptionA(s, INTERNET_OPTION_CONTEXT_VALUE, &sctx, sizeof sctx)) {
        tc_fail(what, "session set-up failed");
        if (s)
            InternetCloseHandle(s);
        return;
    }
    cc.session = s;
    HINTERNET c = connect_to(s, CTX_CB_CONN2);
    CHECK(nm("%s: connect handle", what), c != NULL);
    if (c == NULL) {
        InternetCloseHandle(s);
        return;
    }

    /* A request closes itself inside HANDLE_CREATED, on this thread, inside HttpOpenRequest. */
    size_t mark = tc_mark();
    HINTERNET created = request_on(c, "GET", "/", CTX_CLOSE_CREATED);
    CHECK_EQ("closing a request inside its HANDLE_CREATED succeeds", cc_get(&cc.created_close), 0);
    check_one_closing("request closed inside HANDLE_CREATED", CTX_CLOSE_CREATED, mark);
    CHECK("that request's handle is invalid afterwards (or was never returned)",
          created == NULL || c_query_option(created) == ERROR_INVALID_HANDLE);

    /* A request closes itself inside REQUEST_SENT while its send is pending (held at a gate
     * nobody opens): the send completes with 12017 at once, since the server never answers. */
    mark = tc_mark();
    HINTERNET r1 = request_on(c, "GET", "/gate/misuse-sent-never", CTX_CLOSE_SENT);
    CHECK_BOOL("send of the request that closes itself in REQUEST_SENT pends",
               r1 ? HttpSendRequestA(r1, NULL, 0, NULL, 0) : TRUE, ERROR_IO_PENDING);
    check_one_complete("request closed inside REQUEST_SENT", CTX_CLOSE_SENT, mark, ERROR_INTERNET_OPERATION_CANCELLED);
    check_one_closing("request closed inside REQUEST_SENT", CTX_CLOSE_SENT, mark);
    CHECK_EQ("closing a request inside its REQUEST_SENT succeeds", cc_get(&cc.sent_close), 0);

    /* A request closes itself again, and its parent, inside its HANDLE_CLOSING. */
    HINTERNET c3 = connect_to(s, CTX_CB_CONN3);
    cc.parent = c3;
    HINTERNET r3 = c3 ? request_on(c3, "GET", "/", CTX_CLOSE_TWICE) : NULL;
    CHECK(nm("%s: request under a second connect handle", what), r3 != NULL);
    mark = tc_mark();
    if (r3 != NULL) {
        CHECK_TRUE("close the request that closes things in its HANDLE_CLOSING", InternetCloseHandle(r3));
        check_one_closing("request closing again inside HANDLE_CLOSING", CTX_CLOSE_TWICE, mark);
        CHECK_EQ("closing a handle again inside its HANDLE_CLOSING fails with 6", cc_get(&cc.again_close),
                 ERROR_INVALID_HANDLE);
        CHECK_EQ("closing the parent inside a child's HANDLE_CLOSING succeeds", cc_get(&cc.parent_close), 0);
        check_one_closing("parent closed inside a child's HANDLE_CLOSING", CTX_CB_CONN3, mark);
    }

    /* The session is closed from inside a request's REQUEST_COMPLETE (on the reactor thread). */
    mark = tc_mark();
    HINTERNET r2 = request_on(c, "GET", "/bytes/100", CTX_CLOSE_SESSION);
    CHECK_BOOL("send of the request whose REQUEST_COMPLETE closes the session pends",
               r2 ? HttpSendRequestA(r2, NULL, 0, NULL, 0) : TRUE, ERROR_IO_PENDING);
    check_one_complete("request whose REQUEST_COMPLETE closes the session", CTX_CLOSE_SESSION, mark, 0);
    check_one_closing("request of the session closed in a callback", CTX_CLOSE_SESSION, mark);
    check_one_closing("connect handle of the session closed in a callback", CTX_CB_CONN2, mark);
    check_one_closing("session closed in a callback", CTX_CB_SES, mark);
    CHECK_EQ("closing the session inside a callback succeeds", cc_get(&cc.session_close), 0);
    long rq = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, CTX_CLOSE_SESSION, mark, 0);
    long cn = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, CTX_CB_CONN2, mark, 0);
    long ss = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, CTX_CB_SES, mark, 0);
    CHECK("HANDLE_CLOSING comes children first: request, connect, session", rq >= 0 && rq < cn && cn < ss);
    CHECK_BOOL("closing that session again fails with 6", InternetCloseHandle(s), ERROR_INVALID_HANDLE);
    CHECK_EQ(nm("%s: every handle released (the reactor thread ended by itself)", what), wait_live(base), base);
}

/* Two threads close the same handle at once: exactly one succeeds, the other gets 6, and the
 * handle gets one HANDLE_CLOSING (and its pending send one REQUEST_COMPLETE). */
#define CTX_RACE_BASE ((DWORD_PTR)0x4200)
#define RACE_ROUNDS 40

static struct {
    pthread_barrier_t go;
    HINTERNET h;
    DWORD code[2];
} race;

static void *race_closer(void *arg)
{
    int i = (int)(intptr_t)arg;
    pthread_barrier_wait(&race.go);
    race.code[i] = close_code(race.h);
    return NULL;
}

static void test_double_close_race(void)
{
    const char *what = "(4) double close race";
    HINTERNET s = open_session(what, INTERNET_FLAG_ASYNC, 0);
    HINTERNET c = s ? connect_to(s, 0) : NULL;
    CHECK(nm("%s: connect handle", what), c != NULL);
    if (c == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    int both_ok = 0, none_ok = 0, bad_code = 0, closings = 0, completes = 0, pended = 0;
    for (int round = 0; round < RACE_ROUNDS; round++) {
        DWORD_PTR ctx = CTX_RACE_BASE + (DWORD_PTR)round;
        size_t mark = tc_mark();
        race.h = request_on(c, "GET", round % 2 ? "/gate/misuse-race-never" : "/bytes/10", ctx);
        if (race.h == NULL)
            continue;
        bool pending = round % 2 == 1 && !HttpSendRequestA(race.h, NULL, 0, NULL, 0) && GetLastError() == ERROR_IO_PENDING;
        pended += pending;
        pthread_barrier_init(&race.go, NULL, 2);
        pthread_t t[2];
        pthread_create(&t[0], NULL, race_closer, (void *)(intptr_t)0);
        pthread_create(&t[1], NULL, race_closer, (void *)(intptr_t)1);
        pthread_join(t[0], NULL);
        pthread_join(t[1], NULL);
        pthread_barrier_destroy(&race.go);
        int ok = (race.code[0] == 0) + (race.code[1] == 0);
        both_ok += ok == 2;
        none_ok += ok == 0;
        for (int i = 0; i < 2; i++)
            bad_code += race.code[i] != 0 && race.code[i] != ERROR_INVALID_HANDLE;
        if (tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, mark, TC_WAIT_MS) >= 0) {
            tc_sleep_ms(5);
            closings += tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, mark, SIZE_MAX) == 1;
        }
        if (pending)
            completes += tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, mark, SIZE_MAX) == 1;
    }
    CHECK_EQ("double close race: never both closes succeed", both_ok, 0);
    CHECK_EQ("double close race: never both fail", none_ok, 0);
    CHECK_EQ("double close race: the losing close always fails with 6", bad_code, 0);
    CHECK_EQ("double close race: exactly one HANDLE_CLOSING every round", closings, RACE_ROUNDS);
    CHECK_EQ("double close race: exactly one REQUEST_COMPLETE for every pending send", completes, pended);
    InternetCloseHandle(s);
}

/* ---------------------------------------------------------------------------------------- */
/* (4) The session closed while four threads are mid-call on its requests                   */
/* ---------------------------------------------------------------------------------------- */

#define N_THREADS 4
#define CTX_MT_SES ((DWORD_PTR)0x4300)
#define CTX_MT_CONN ((DWORD_PTR)0x4301)
#define CTX_MT_REQ ((DWORD_PTR)0x4310) /* + thread index */

typedef struct {
    HINTERNET req;
    HINTERNET session;
    pthread_mutex_t *lock;
    pthread_cond_t *cond;
    int *started;
    /* results */
    BOOL ok;
    DWORD err;
    double returned;
    unsigned calls, unexpected, after_invalid;
    DWORD first_unexpected;
    bool ended_invalid;
} mt_worker;

static void mt_started(mt_worker *w)
{
    pthread_mutex_lock(w->lock);
    (*w->started)++;
    pthread_cond_broadcast(w->cond);
    pthread_mutex_unlock(w->lock);
}

static bool mt_wait_started(pthread_mutex_t *lock, pthread_cond_t *cond, int *started, int want)
{
    double start = tc_now();
    pthread_mutex_lock(lock);
    while (*started < want && tc_now() - start < TC_WAIT_MS / 1000.0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(cond, lock, &ts);
    }
    bool all = *started >= want;
    pthread_mutex_unlock(lock);
    return all;
}

/* Joins a worker; a worker stuck in a call is caught by the watchdog. */
static void mt_join(pthread_t t)
{
    pthread_join(t, NULL);
}

static void *sync_sender(void *arg)
{
    mt_worker *w = (mt_worker *)arg;
    mt_started(w);
    w->ok = HttpSendRequestA(w->req, NULL, 0, NULL, 0);
    w->err = GetLastError();
    w->returned = tc_now();
    return NULL;
}

static void test_close_under_sync_senders(void)
{
    const char *what = "(4) session closed under 4 blocked synchronous sends";
    uint32_t base = wait_live(0);
    HINTERNET s = open_session(what, 0, CTX_MT_SES);
    HINTERNET c = s ? connect_to(s, CTX_MT_CONN) : NULL;
    CHECK(nm("%s: session", what), c != NULL);
    if (c == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    int started = 0;
    mt_worker w[N_THREADS];
    pthread_t t[N_THREADS];
    size_t mark = tc_mark();
    int made = 0;
    for (int i = 0; i < N_THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].req = request_on(c, "GET", "/gate/misuse-sync-never", CTX_MT_REQ + (DWORD_PTR)i);
        w[i].lock = &lock;
        w[i].cond = &cond;
        w[i].started = &started;
        if (w[i].req != NULL && pthread_create(&t[made], NULL, sync_sender, &w[i]) == 0)
            made++;
    }
    CHECK_EQ(nm("%s: 4 sender threads", what), made, N_THREADS);
    mt_wait_started(&lock, &cond, &started, made);
    /* Each send is blocked once its REQUEST_SENT was delivered (on its own thread). */
    int blocked = 0;
    for (int i = 0; i < made; i++)
        blocked += tc_wait_for(INTERNET_STATUS_REQUEST_SENT, NULL, CTX_MT_REQ + (DWORD_PTR)i, mark, TC_WAIT_MS) >= 0;
    CHECK_EQ(nm("%s: all 4 sends are blocked waiting for the server", what), blocked, made);
    /* The server has all four requests and holds them at a gate nobody opens: it never answers,
     * so the close and the sends can only return because of the close (a close that waited for
     * the server would never return, and the watchdog would end the program). */
    tc_gate_arrived("misuse-sync-never", (unsigned)made);
    CHECK_TRUE(nm("%s: close the session", what), InternetCloseHandle(s));
    for (int i = 0; i < made; i++)
        mt_join(t[i]);
    tc_ok(nm("%s: the close and every blocked send returned without an answer from the server", what));
    for (int i = 0; i < made; i++) {
        CHECK(nm("%s: thread %d's HttpSendRequest returned FALSE/12017 (got %s/%u)", what, i, w[i].ok ? "TRUE" : "FALSE",
                 (unsigned)w[i].err),
              !w[i].ok && w[i].err == ERROR_INTERNET_OPERATION_CANCELLED);
        check_one_closing(nm("%s: request %d", what, i), CTX_MT_REQ + (DWORD_PTR)i, mark);
        CHECK_EQ(nm("%s: request %d got no REQUEST_COMPLETE (synchronous session)", what, i),
                 tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_MT_REQ + (DWORD_PTR)i, mark, SIZE_MAX), 0);
        CHECK_EQ(nm("%s: request %d is invalid afterwards", what, i), c_send(w[i].req), ERROR_INVALID_HANDLE);
    }
    check_one_closing(nm("%s: connect handle", what), CTX_MT_CONN, mark);
    check_one_closing(nm("%s: session", what), CTX_MT_SES, mark);
    CHECK_EQ(nm("%s: every handle released", what), wait_live(base), base);
}

/* Async: each thread starts a send on /hold/ and then calls into its request in a loop until the
 * handle is gone. Before the close the calls are refused (12019) or answered (0); after it every
 * call gets 6, and a handle never comes back. */
static void *async_caller(void *arg)
{
    mt_worker *w = (mt_worker *)arg;
    w->ok = HttpSendRequestA(w->req, NULL, 0, NULL, 0);
    w->err = GetLastError();
    mt_started(w);
    char buf[32];
    /* Until the close makes the handle invalid (a close that never comes is the watchdog's). */
    for (;;) {
        DWORD n = 0, len = sizeof n, code, type = 0;
        switch (w->calls % 5) {
        case 0:
            code = bool_code(InternetQueryDataAvailable(w->req, &n, 0, 0));
            code = code == ERROR_INTERNET_INCORRECT_HANDLE_STATE ? 0 : code;
            break;
        case 1:
            code = bool_code(InternetReadFile(w->req, buf, sizeof buf, &n));
            code = code == ERROR_INTERNET_INCORRECT_HANDLE_STATE ? 0 : code;
            break;
        case 2:
            code = bool_code(InternetQueryOptionA(w->req, INTERNET_OPTION_HANDLE_TYPE, &type, &len));
            if (code == 0 && type != INTERNET_HANDLE_TYPE_HTTP_REQUEST)
                code = MISMATCH;
            break;
        case 3:
            code = bool_code(HttpAddRequestHeadersA(w->req, "X-Loop: 1", (DWORD)-1,
                                                    HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE));
            break;
        default:
            code = bool_code(HttpSendRequestA(w->req, NULL, 0, NULL, 0));
            code = code == ERROR_INTERNET_INCORRECT_HANDLE_STATE ? 0 : code;
            break;
        }
        w->calls++;
        if (code == ERROR_INVALID_HANDLE) {
            w->ended_invalid = true;
        } else if (w->ended_invalid) {
            w->after_invalid++;
        } else if (code != 0) {
            if (w->unexpected++ == 0)
                w->first_unexpected = code;
        }
        /* Keep calling for a while after the handle is gone, then stop. */
        if (w->ended_invalid && w->calls % 64 == 0)
            break;
    }
    w->returned = tc_now();
    return NULL;
}

static void test_close_under_async_callers(void)
{
    const char *what = "(4) session closed under 4 threads calling into its requests";
    uint32_t base = wait_live(0);
    HINTERNET s = open_session(what, INTERNET_FLAG_ASYNC, CTX_MT_SES);
    HINTERNET c = s ? connect_to(s, CTX_MT_CONN) : NULL;
    CHECK(nm("%s: session", what), c != NULL);
    if (c == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    int started = 0;
    mt_worker w[N_THREADS];
    pthread_t t[N_THREADS];
    size_t mark = tc_mark();
    int made = 0;
    for (int i = 0; i < N_THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].req = request_on(c, "GET", "/gate/misuse-async-never", CTX_MT_REQ + (DWORD_PTR)i);
        w[i].lock = &lock;
        w[i].cond = &cond;
        w[i].started = &started;
        if (w[i].req != NULL && pthread_create(&t[made], NULL, async_caller, &w[i]) == 0)
            made++;
    }
    CHECK_EQ(nm("%s: 4 threads", what), made, N_THREADS);
    mt_wait_started(&lock, &cond, &started, made);
    /* Close once the server holds all four sends at a gate nobody opens (it never answers). */
    tc_gate_arrived("misuse-async-never", (unsigned)made);
    CHECK_TRUE(nm("%s: close the session", what), InternetCloseHandle(s));
    for (int i = 0; i < made; i++)
        mt_join(t[i]);
    tc_ok(nm("%s: the close returned without an answer from the server", what));
    for (int i = 0; i < made; i++) {
        DWORD_PTR ctx = CTX_MT_REQ + (DWORD_PTR)i;
        CHECK(nm("%s: thread %d's send pended", what, i), !w[i].ok && w[i].err == ERROR_IO_PENDING);
        CHECK(nm("%s: thread %d's calls ended with 6 (%u calls)", what, i, w[i].calls), w[i].ended_invalid);
        CHECK(nm("%s: thread %d saw only 0/12019 before the close (%u others, first %u)", what, i, w[i].unexpected,
                 (unsigned)w[i].first_unexpected),
              w[i].unexpected == 0);
        CHECK_EQ(nm("%s: thread %d: once 6, always 6", what, i), w[i].after_invalid, 0);
        check_one_complete(nm("%s: request %d", what, i), ctx, mark, ERROR_INTERNET_OPERATION_CANCELLED);
        check_one_closing(nm("%s: request %d", what, i), ctx, mark);
    }
    check_one_closing(nm("%s: connect handle", what), CTX_MT_CONN, mark);
    check_one_closing(nm("%s: session", what), CTX_MT_SES, mark);
    CHECK_EQ(nm("%s: every handle released", what), wait_live(base), base);
}

/* Driven: four threads run rinet_session_process in a loop (each call handles the session's
 * I/O and delivers its callbacks on that thread) while the session is closed. */
static void *driven_processor(void *arg)
{
    mt_worker *w = (mt_worker *)arg;
    mt_started(w);
    /* Until the close makes the session invalid (a close that never comes is the watchdog's). */
    for (;;) {
        uint32_t handled = 0;
        DWORD code = raw_code(rinet_session_process(w->session, 0, &handled));
        w->calls++;
        if (code == ERROR_INVALID_HANDLE) {
            w->ended_invalid = true;
            break;
        }
        if (code != 0 && w->unexpected++ == 0)
            w->first_unexpected = code;
        if (handled == 0)
            tc_sleep_ms(1);
    }
    return NULL;
}

static void test_close_under_driven_processors(void)
{
    const char *what = "(4) driven session closed under 4 processing threads";
    uint32_t base = wait_live(0);
    HINTERNET s = open_session(what, RINET_FLAG_DRIVEN, CTX_MT_SES);
    HINTERNET c = s ? connect_to(s, CTX_MT_CONN) : NULL;
    CHECK(nm("%s: session", what), c != NULL);
    if (c == NULL) {
        if (s)
            InternetCloseHandle(s);
        return;
    }
    size_t mark = tc_mark();
    HINTERNET r[N_THREADS];
    int pending = 0;
    for (int i = 0; i < N_THREADS; i++) {
        r[i] = request_on(c, "GET", i % 2 ? "/gate/misuse-driven-never" : "/bytes/100000000", CTX_MT_REQ + (DWORD_PTR)i);
        pending += r[i] != NULL && bool_code(HttpSendRequestA(r[i], NULL, 0, NULL, 0)) == ERROR_IO_PENDING;
    }
    CHECK_EQ(nm("%s: 4 pending sends", what), pending, N_THREADS);
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    int started = 0;
    mt_worker w[N_THREADS];
    pthread_t t[N_THREADS];
    int made = 0;
    for (int i = 0; i < N_THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].session = s;
        w[i].lock = &lock;
        w[i].cond = &cond;
        w[i].started = &started;
        if (pthread_create(&t[made], NULL, driven_processor, &w[i]) == 0)
            made++;
    }
    mt_wait_started(&lock, &cond, &started, made);
    /* Let the processors run the sends: the /bytes/ ones complete and start streaming. */
    tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_MT_REQ, mark, TC_WAIT_MS);
    tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_MT_REQ + 2, mark, TC_WAIT_MS);
    /* The held sends wait at a gate nobody opens and the bodies are not read: nothing but the
     * close can end them, so a close that returns did not wait for the server. */
    tc_gate_arrived("misuse-driven-never", N_THREADS / 2);
    CHECK_TRUE(nm("%s: close the session", what), InternetCloseHandle(s));
    for (int i = 0; i < made; i++)
        mt_join(t[i]);
    tc_ok(nm("%s: the close returned without an answer from the server", what));
    for (int i = 0; i < made; i++) {
        CHECK(nm("%s: processor %d ended with 6 (%u calls)", what, i, w[i].calls), w[i].ended_invalid);
        CHECK(nm("%s: processor %d saw only 0 before the close (%u others, first %u)", what, i, w[i].unexpected,
                 (unsigned)w[i].first_unexpected),
              w[i].unexpected == 0);
    }
    for (int i = 0; i < N_THREADS; i++) {
        DWORD_PTR ctx = CTX_MT_REQ + (DWORD_PTR)i;
        /* /bytes/ sends completed before the close ({1,0}); /hold/ ones were cancelled. */
        check_one_complete(nm("%s: request %d", what, i), ctx, mark, i % 2 ? ERROR_INTERNET_OPERATION_CANCELLED : 0);
        check_one_closing(nm("%s: request %d", what, i), ctx, mark);
    }
    check_one_closing(nm("%s: connect handle", what), CTX_MT_CONN, mark);
    check_one_closing(nm("%s: session", what), CTX_MT_SES, mark);
    CHECK_EQ(nm("%s: every handle released", what), wait_live(base), base);
}

/* ---------------------------------------------------------------------------------------- */
/* (5) The status callback changed during I/O                                               */
/* ---------------------------------------------------------------------------------------- */

#define CTX_SW_CONN ((DWORD_PTR)0x5101)
#define CTX_SW_REQ ((DWORD_PTR)0x5102)
#define CTX_SW_NULL ((DWORD_PTR)0x5103)
#define CTX_SW_INSIDE ((DWORD_PTR)0x5104)

static struct {
    pthread_mutex_t lock;
    unsigned first_complete, first_closing, first_total; /* seen by first_callback */
    unsigned third_total;                                /* seen by third_callback */
    DWORD inside_code;
    unsigned null_answered; /* the silenced request's RESPONSE_RECEIVED or REQUEST_COMPLETE */
} sw = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, SENTINEL_DW, 0};

/* The callback the handles start with; counts what it sees and records nothing. */
static void CALLBACK first_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)info;
    (void)len;
    pthread_mutex_lock(&sw.lock);
    sw.first_total++;
    if (ctx == CTX_SW_REQ && status == INTERNET_STATUS_REQUEST_COMPLETE)
        sw.first_complete++;
    if (status == INTERNET_STATUS_HANDLE_CLOSING)
        sw.first_closing++;
    if (ctx == CTX_SW_NULL &&
        (status == INTERNET_STATUS_RESPONSE_RECEIVED || status == INTERNET_STATUS_REQUEST_COMPLETE))
        sw.null_answered++;
    bool replace = ctx == CTX_SW_INSIDE && status == INTERNET_STATUS_SENDING_REQUEST && sw.inside_code == SENTINEL_DW;
    if (replace)
        sw.inside_code = 0;
    pthread_mutex_unlock(&sw.lock);
    if (replace) {
        /* Replace this handle's callback from inside it: later notifications go to tc_callback. */
        INTERNET_STATUS_CALLBACK prev = InternetSetStatusCallbackA(h, tc_callback);
        pthread_mutex_lock(&sw.lock);
        sw.inside_code = prev == first_callback ? 0 : (prev == INTERNET_INVALID_STATUS_CALLBACK ? GetLastError() : MISMATCH);
        pthread_mutex_unlock(&sw.lock);
    }
}

static void CALLBACK third_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    (void)status;
    (void)info;
    (void)len;
    pthread_mutex_lock(&sw.lock);
    sw.third_total++;
    pthread_mutex_unlock(&sw.lock);
}

static unsigned sw_get(unsigned *field)
{
    pthread_mutex_lock(&sw.lock);
    unsigned v = *field;
    pthread_mutex_unlock(&sw.lock);
    return v;
}

static void test_callback_change(void)
{
    const char *what = "(5) callback changed during I/O";
    HINTERNET s = InternetOpenA("rinet-misuse", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (s == NULL || InternetSetStatusCallbackA(s, first_callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        tc_fail(what, "session set-up failed");
        if (s)
            InternetCloseHandle(s);
        return;
    }
    HINTERNET c = connect_to(s, CTX_SW_CONN);
    /* The server answers the first two once the test opens their gates, after each switch. */
    HINTERNET r = c ? request_on(c, "GET", "/gate/misuse-sw-req/hold/0", CTX_SW_REQ) : NULL;
    HINTERNET rn = c ? request_on(c, "GET", "/gate/misuse-sw-null/hold/0", CTX_SW_NULL) : NULL;
    HINTERNET ri = c ? request_on(c, "GET", "/bytes/10", CTX_SW_INSIDE) : NULL;
    CHECK(nm("%s: handles", what), r != NULL && rn != NULL && ri != NULL);
    if (r == NULL || rn == NULL || ri == NULL) {
        InternetCloseHandle(s);
        return;
    }

    /* Replace the request's callback while its send is pending; replace the session's too. */
    size_t mark = tc_mark();
    CHECK_BOOL(nm("%s: send pends", what), HttpSendRequestA(r, NULL, 0, NULL, 0), ERROR_IO_PENDING);
    CHECK("the request's previous callback is the one it copied at creation",
          InternetSetStatusCallbackA(r, tc_callback) == first_callback);
    CHECK("the session's previous callback is first_callback", InternetSetStatusCallbackA(s, third_callback) == first_callback);
    tc_gate_open("misuse-sw-req");
    check_one_complete("REQUEST_COMPLETE after the switch reaches the new callback", CTX_SW_REQ, mark, 0);
    CHECK_EQ("the old callback gets no REQUEST_COMPLETE after the switch", sw_get(&sw.first_complete), 0);
    tc_buf body = {0};
    DWORD err = tc_read_all(r, CTX_SW_REQ, 64, &body, NULL);
    CHECK("reads after the switch complete through the new callback",
          err == 0 && body.data != NULL && strcmp(body.data, "held") == 0);
    tc_buf_free(&body);

    /* A NULL callback silences the handle; the operation still completes. */
    mark = tc_mark();
    CHECK_BOOL(nm("%s: second send pends", what), HttpSendRequestA(rn, NULL, 0, NULL, 0), ERROR_IO_PENDING);
    CHECK("setting a NULL callback during I/O returns the previous one",
          InternetSetStatusCallbackA(rn, NULL) == first_callback);
    size_t silent_from = tc_mark();
    tc_gate_open("misuse-sw-null");
    /* The send is over once a read is no longer refused as busy (a 0-byte read reads nothing):
     * by then every notification of the send, its REQUEST_COMPLETE last, has been dealt with. */
    char probe[1];
    DWORD probed = 0;
    double until = tc_now() + TC_WAIT_MS / 1000.0;
    BOOL over = FALSE;
    while (!(over = InternetReadFile(rn, probe, 0, &probed)) && GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE &&
           tc_now() < until)
        tc_sleep_ms(1);
    CHECK("the silent send completes", over);
    CHECK_EQ("a handle without a callback gets no notification", tc_count(0, NULL, CTX_SW_NULL, silent_from, SIZE_MAX), 0);
    /* A notification the reactor had already picked up may still reach the old callback just
     * after the switch; the answer, which the server gives only after it, must not. */
    CHECK_EQ("... and the old callback gets none of what follows the server's answer", sw_get(&sw.null_answered), 0);
    CHECK("setting a callback again returns NULL", InternetSetStatusCallbackA(rn, tc_callback) == NULL);
    err = tc_read_all(rn, CTX_SW_NULL, 64, &body, NULL);
    CHECK("the silent send completed: its body reads \"held\"", err == 0 && body.data != NULL && strcmp(body.data, "held") == 0);
    tc_buf_free(&body);

    /* A callback replaces itself from inside a notification. */
    mark = tc_mark();
    CHECK_BOOL(nm("%s: third send pends", what), HttpSendRequestA(ri, NULL, 0, NULL, 0), ERROR_IO_PENDING);
    check_one_complete("the callback set from inside a callback gets the REQUEST_COMPLETE", CTX_SW_INSIDE, mark, 0);
    CHECK_EQ("InternetSetStatusCallback from inside the callback returned the old one", sw_get(&sw.inside_code), 0);

    /* Closing: the requests' HANDLE_CLOSING go to their new callbacks; the connect handle kept
     * first_callback; the session now has third_callback (no context: no HANDLE_CLOSING). */
    mark = tc_mark();
    unsigned first_closing = sw_get(&sw.first_closing);
    InternetCloseHandle(s);
    check_one_closing("request whose callback was replaced", CTX_SW_REQ, mark);
    check_one_closing("request whose callback was set to NULL then back", CTX_SW_NULL, mark);
    check_one_closing("request whose callback replaced itself", CTX_SW_INSIDE, mark);
    wait_live(0);
    CHECK_EQ("the connect handle's HANDLE_CLOSING went to the callback it copied", sw_get(&sw.first_closing),
             first_closing + 1);
    CHECK_EQ("the session's new callback got nothing from the children", sw_get(&sw.third_total), 0);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    snprintf(test_url, sizeof test_url, "http://%s:%u/bytes/1", tc_host, (unsigned)tc_port);
    test_bad_handles();
    test_open();
    test_set_status_callback();
    test_connect();
    test_open_request();
    test_add_request_headers();
    test_send_request_args();
    test_send_request_ex_args();
    test_upload_states();
    test_get_states();
    test_async_states();
    test_sync_nested();
    test_query_info();
    test_options();
    test_driven_exports();
    test_crack_url();
    test_create_url();
    test_canonicalize_url();
    test_time();
    test_last_error_and_live();
    test_open_url();
    test_cookies();
    test_response_info_strerror_trace();
    test_close_in_callbacks();
    test_double_close_race();
    test_close_under_sync_senders();
    test_close_under_async_callers();
    test_close_under_driven_processors();
    test_callback_change();
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
