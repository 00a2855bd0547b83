/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * cancel_reentry.c -- cancelling pending operations by closing handles, and calling rinet from
 * inside status callbacks.
 *
 * WinInet contract (wininet-contract.md sections 1, 4 and 10, and the rinet differences at its
 * top; CONVENTIONS.md "Threads, callbacks, ownership"):
 *   (a) closing a request whose HttpSendRequest is pending completes it at once with
 *       REQUEST_COMPLETE {0, ERROR_INTERNET_OPERATION_CANCELLED}, then HANDLE_CLOSING, which is the
 *       last notification of the handle;
 *   (b) closing the session while an InternetReadFile is pending cancels the read the same way;
 *       HANDLE_CLOSING follows for the request, the connect handle and the session (every handle
 *       with a context); the read buffer is the caller's again after that and is never written;
 *   (c) a call made from inside a callback that completes synchronously returns its result: it
 *       does not deliver a nested callback (the nesting depth stays 1);
 *   (d) a handle may be closed from inside its own REQUEST_COMPLETE callback; its HANDLE_CLOSING
 *       arrives after that callback returns, exactly once;
 *   (e) HttpAddRequestHeaders called from inside the SENDING_REQUEST callback returns (no
 *       deadlock), and the header reaches the wire (contract checklist item 39).
 *
 * Usage: cancel_reentry <host> <port>
 */
#include "check.h"

/* Contexts, one per handle, so that the callback knows which subtest a notification is for. */
#define CTX_A_CONN ((DWORD_PTR)0xA0)
#define CTX_A_REQ ((DWORD_PTR)0xA1)
#define CTX_B_SES ((DWORD_PTR)0xB0)
#define CTX_B_CONN ((DWORD_PTR)0xB1)
#define CTX_B_REQ ((DWORD_PTR)0xB2)
#define CTX_C_CONN ((DWORD_PTR)0xC0)
#define CTX_C_REQ ((DWORD_PTR)0xC1)
#define CTX_D_CONN ((DWORD_PTR)0xD0)
#define CTX_D_REQ ((DWORD_PTR)0xD1)
#define CTX_E_CONN ((DWORD_PTR)0xE0)
#define CTX_E_REQ ((DWORD_PTR)0xE1)

/* ---- (c) state: reads driven from inside REQUEST_COMPLETE ---- */
#define C_MAX_CHUNK 65536
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    HINTERNET req;
    DWORD chunk;         /* bytes asked for by each read */
    char buf[C_MAX_CHUNK]; /* buffer of the read in progress; valid until its REQUEST_COMPLETE */
    DWORD got;           /* its byte count, written at completion when it pends */
    bool reading;        /* a read is pending */
    bool sent;           /* HttpSendRequest has completed */
    bool done;
    DWORD error;
    tc_buf body;
    unsigned sync_reads, pended_reads;
    int max_depth;
} cs = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, {0}, 0, false, false, false, 0, {NULL, 0, 0}, 0, 0, 0};

/* ---- (d) state: close from inside REQUEST_COMPLETE ---- */
static struct {
    pthread_mutex_t lock;
    bool in_callback;    /* the REQUEST_COMPLETE callback that closes the handle is running */
    bool closed;         /* InternetCloseHandle was called from the callback */
    BOOL close_ret;
    DWORD close_err;
    bool closing_inside; /* HANDLE_CLOSING arrived while that callback was still running */
} ds = {PTHREAD_MUTEX_INITIALIZER, false, false, FALSE, 0, false};

/* ---- (e) state: add a header from inside SENDING_REQUEST ---- */
static struct {
    pthread_mutex_t lock;
    bool called, returned;
    BOOL ret;
    DWORD err;
} es = {PTHREAD_MUTEX_INITIALIZER, false, false, FALSE, 0};

static void c_finish(DWORD error)
{
    pthread_mutex_lock(&cs.lock);
    cs.done = true;
    cs.error = error;
    pthread_cond_broadcast(&cs.cond);
    pthread_mutex_unlock(&cs.lock);
}

/* (c): reads as much as completes synchronously, from inside the callback. */
static void c_on_complete(const INTERNET_ASYNC_RESULT *res)
{
    if (res == NULL || res->dwResult == 0) {
        c_finish(res ? res->dwError : 0xFFFFu);
        return;
    }
    if (cs.reading) {
        /* A pending read finished: its bytes are in cs.buf, its count in cs.got. */
        cs.reading = false;
        if (cs.got == 0) {
            c_finish(0);
            return;
        }
        tc_buf_append(&cs.body, cs.buf, cs.got);
    }
    for (;;) {
        cs.reading = true; /* set before the call: the completion may race with its return */
        BOOL ok = InternetReadFile(cs.req, cs.buf, cs.chunk, &cs.got);
        DWORD err = GetLastError();
        if (ok) {
            cs.reading = false;
            cs.sync_reads++;
            if (cs.got == 0) {
                c_finish(0);
                return;
            }
            tc_buf_append(&cs.body, cs.buf, cs.got);
            continue;
        }
        if (err == ERROR_IO_PENDING) {
            cs.pended_reads++;
            return; /* a later REQUEST_COMPLETE continues */
        }
        cs.reading = false;
        c_finish(err);
        return;
    }
}

static void CALLBACK callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    int depth = tc_enter();
    bool noisy = ctx == CTX_C_REQ &&
                 (status == INTERNET_STATUS_RECEIVING_RESPONSE || status == INTERNET_STATUS_RESPONSE_RECEIVED);
    if (!noisy)
        tc_record(h, ctx, status, info, len);

    switch (ctx) {
    case CTX_C_REQ:
        if (depth > cs.max_depth)
            cs.max_depth = depth;
        if (status == INTERNET_STATUS_REQUEST_COMPLETE)
            c_on_complete(len >= sizeof(INTERNET_ASYNC_RESULT) ? (const INTERNET_ASYNC_RESULT *)info : NULL);
        break;
    case CTX_D_REQ:
        if (status == INTERNET_STATUS_REQUEST_COMPLETE) {
            pthread_mutex_lock(&ds.lock);
            bool first = !ds.closed;
            ds.closed = true;
            ds.in_callback = true;
            pthread_mutex_unlock(&ds.lock);
            if (first) {
                BOOL ret = InternetCloseHandle(h);
                DWORD err = GetLastError();
                pthread_mutex_lock(&ds.lock);
                ds.close_ret = ret;
                ds.close_err = err;
                pthread_mutex_unlock(&ds.lock);
            }
            pthread_mutex_lock(&ds.lock);
            ds.in_callback = false;
            pthread_mutex_unlock(&ds.lock);
        } else if (status == INTERNET_STATUS_HANDLE_CLOSING) {
            pthread_mutex_lock(&ds.lock);
            if (ds.in_callback)
                ds.closing_inside = true;
            pthread_mutex_unlock(&ds.lock);
        }
        break;
    case CTX_E_REQ:
        if (status == INTERNET_STATUS_SENDING_REQUEST) {
            pthread_mutex_lock(&es.lock);
            bool first = !es.called;
            es.called = true;
            pthread_mutex_unlock(&es.lock);
            if (first) {
                BOOL ret = HttpAddRequestHeadersA(h, "X-From-Callback: yes\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD);
                DWORD err = GetLastError();
                pthread_mutex_lock(&es.lock);
                es.returned = true;
                es.ret = ret;
                es.err = err;
                pthread_mutex_unlock(&es.lock);
            }
        }
        break;
    default:
        break;
    }
    tc_leave();
}

/* Opens an async session with the callback, a connect and a request handle. */
static bool open_three(const char *what, DWORD_PTR conn_ctx, DWORD_PTR req_ctx, const char *path, HINTERNET *s,
                       HINTERNET *c, HINTERNET *r)
{
    *s = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    *c = NULL;
    *r = NULL;
    if (*s == NULL || InternetSetStatusCallbackA(*s, callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        tc_fail(what, "session set-up failed, GetLastError %u", (unsigned)GetLastError());
        if (*s)
            InternetCloseHandle(*s);
        *s = NULL;
        return false;
    }
    *c = InternetConnectA(*s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, conn_ctx);
    *r = *c ? HttpOpenRequestA(*c, "GET", path, NULL, NULL, NULL, 0, req_ctx) : NULL;
    if (*r == NULL) {
        tc_fail(what, "handle set-up failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(*s);
        tc_sleep_ms(200);
        *s = *c = NULL;
        return false;
    }
    return true;
}

/* Closes what is left of a subtest and waits for the connect handle's HANDLE_CLOSING. */
static void close_rest(HINTERNET s, HINTERNET c, DWORD_PTR conn_ctx)
{
    size_t mark = tc_mark();
    if (c != NULL) {
        InternetCloseHandle(c);
        tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, conn_ctx, mark, TC_WAIT_MS);
    }
    if (s != NULL)
        InternetCloseHandle(s);
}

/* The handle's HANDLE_CLOSING: exactly one, last for the handle. Returns its index or -1. */
static long check_closing(const char *what, DWORD_PTR ctx, size_t from)
{
    char name[160];
    long i = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, TC_WAIT_MS);
    snprintf(name, sizeof name, "%s: HANDLE_CLOSING delivered", what);
    CHECK(name, i >= 0);
    if (i < 0)
        return -1;
    tc_sleep_ms(500); /* anything sent after HANDLE_CLOSING would arrive now */
    snprintf(name, sizeof name, "%s: exactly one HANDLE_CLOSING", what);
    CHECK_EQ(name, tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, SIZE_MAX), 1);
    snprintf(name, sizeof name, "%s: nothing after HANDLE_CLOSING", what);
    size_t after = tc_count(0, NULL, ctx, (size_t)i + 1, SIZE_MAX);
    CHECK_EQ(name, after, 0);
    if (after)
        tc_dump(name, NULL, ctx, (size_t)i, SIZE_MAX);
    return i;
}

/* (a) Close a request while its HttpSendRequest is pending on a gate of the test server that
 * nobody opens: the server never answers, so a completion within the wait (shorter than rinet's
 * 30 s timeouts) can only come from the close, at once. */
static void test_cancel_send(void)
{
    const char *what = "(a) cancel pending send";
    char name[160];
    HINTERNET s, c, r;
    if (!open_three(what, CTX_A_CONN, CTX_A_REQ, "/gate/cancel-a-never", &s, &c, &r))
        return;
    size_t mark = tc_mark();
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s: HttpSendRequest returns FALSE/997", what);
    CHECK(name, !ok && err == ERROR_IO_PENDING);
    snprintf(name, sizeof name, "%s: InternetCloseHandle(request) succeeds", what);
    CHECK_TRUE(name, InternetCloseHandle(r));

    long done = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_A_REQ, mark, TC_WAIT_MS);
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE delivered", what);
    CHECK(name, done >= 0);
    if (done >= 0) {
        tc_note n = tc_get((size_t)done);
        snprintf(name, sizeof name, "%s: REQUEST_COMPLETE is {0, 12017} (got {%ju, %u})", what, (uintmax_t)n.result,
                 (unsigned)n.error);
        CHECK(name, n.result == 0 && n.error == ERROR_INTERNET_OPERATION_CANCELLED);
    }
    long closing = check_closing(what, CTX_A_REQ, mark);
    if (done >= 0 && closing >= 0) {
        snprintf(name, sizeof name, "%s: HANDLE_CLOSING after REQUEST_COMPLETE", what);
        CHECK(name, closing > done);
    }
    snprintf(name, sizeof name, "%s: exactly one REQUEST_COMPLETE", what);
    CHECK_EQ(name, tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_A_REQ, mark, SIZE_MAX), 1);
    close_rest(s, c, CTX_A_CONN);
}

/* (b) Close the session while an InternetReadFile is pending. */
static void test_cancel_read(void)
{
    const char *what = "(b) cancel pending read";
    char name[200];
    enum { BUF = 16 * 1024 * 1024 };
    static DWORD got; /* out-parameter of the pending read: must outlive it */
    HINTERNET s, c, r;
    /* A body far larger than the read buffer, of which the server sends 1 MiB and then holds
     * the rest at a gate: a 16 MiB read cannot fill and must pend, however fast either side
     * is. The gate opens only after the session is closed, so the read cannot complete first. */
    if (!open_three(what, CTX_B_CONN, CTX_B_REQ, "/partial/1073741824/1048576/cancel-b", &s, &c, &r))
        return;
    DWORD_PTR ses_ctx = CTX_B_SES;
    snprintf(name, sizeof name, "%s: give the session a context", what);
    CHECK_TRUE(name, InternetSetOptionA(s, INTERNET_OPTION_CONTEXT_VALUE, &ses_ctx, sizeof ses_ctx));
    size_t mark = tc_mark();
    DWORD err = tc_await(HttpSendRequestA(r, NULL, 0, NULL, 0), r, CTX_B_REQ, mark, NULL);
    snprintf(name, sizeof name, "%s: HttpSendRequest completes", what);
    CHECK_EQ(name, err, 0);
    char *buf = (char *)malloc(BUF);
    if (err != 0 || buf == NULL) {
        free(buf);
        close_rest(s, c, CTX_B_CONN);
        return;
    }

    /* Read until a read pends: the first one must, since only 1 MiB has come. */
    bool pending = false;
    double start = tc_now();
    while (!pending && tc_now() - start < 10.0) {
        memset(buf, 0xA5, BUF); /* canary: the body is lowercase letters only */
        mark = tc_mark();
        BOOL ok = InternetReadFile(r, buf, BUF, &got);
        err = GetLastError();
        if (ok)
            continue;
        if (err == ERROR_IO_PENDING)
            pending = true;
        else
            break;
    }
    snprintf(name, sizeof name, "%s: an InternetReadFile of 16 MiB pends", what);
    CHECK(name, pending);
    if (!pending) {
        tc_gate_open("cancel-b");
        free(buf);
        close_rest(s, c, CTX_B_CONN);
        return;
    }
    snprintf(name, sizeof name, "%s: InternetCloseHandle(session) succeeds", what);
    CHECK_TRUE(name, InternetCloseHandle(s));
    /* The gate opens only now: until the close, no more than 1 MiB of the body can have come,
     * so the 16 MiB read cannot have filled and the close must cancel it. */
    tc_gate_open("cancel-b");

    long done = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_B_REQ, mark, TC_WAIT_MS);
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE delivered for the read", what);
    CHECK(name, done >= 0);
    if (done >= 0) {
        tc_note n = tc_get((size_t)done);
        snprintf(name, sizeof name, "%s: REQUEST_COMPLETE is {0, 12017} (got {%ju, %u})", what,
                 (uintmax_t)n.result, (unsigned)n.error);
        CHECK(name, n.result == 0 && n.error == ERROR_INTERNET_OPERATION_CANCELLED);
    }
    long ir = check_closing("(b) request", CTX_B_REQ, mark);
    long ic = check_closing("(b) connect", CTX_B_CONN, mark);
    long is = check_closing("(b) session (context set by option)", CTX_B_SES, mark);
    if (done >= 0 && ir >= 0) {
        snprintf(name, sizeof name, "%s: the request's HANDLE_CLOSING follows its REQUEST_COMPLETE", what);
        CHECK(name, ir > done);
    }
    if (ir >= 0 && ic >= 0 && is >= 0) {
        snprintf(name, sizeof name, "%s: HANDLE_CLOSING order request, connect, session", what);
        CHECK(name, ir < ic && ic < is);
    }

    /* The buffer is the caller's again: nothing may write it any more. */
    uint64_t h1 = tc_fnv1a64(TC_FNV_OFFSET, buf, BUF);
    tc_sleep_ms(500);
    uint64_t h2 = tc_fnv1a64(TC_FNV_OFFSET, buf, BUF);
    snprintf(name, sizeof name, "%s: the read buffer is not written after HANDLE_CLOSING", what);
    CHECK(name, h1 == h2);
    free(buf);
}

/* (c) Reads issued from inside REQUEST_COMPLETE: a read that completes synchronously returns, it
 * does not call back; the nesting depth stays 1. Run with 16-byte reads of a 1 MB body (almost
 * every read completes at once) and with 64 KiB reads of a 20 MB body (reads outrun the
 * connection and some pend, so the loop also continues from a later REQUEST_COMPLETE). */
static void test_reentry_reads(DWORD chunk, unsigned long body_len)
{
    char what[96], name[200];
    snprintf(what, sizeof what, "(c) %u-byte reads from inside the callback", (unsigned)chunk);
    HINTERNET s, c, r;
    char path[64];
    snprintf(path, sizeof path, "/bytes/%lu", body_len);
    if (!open_three(what, CTX_C_CONN, CTX_C_REQ, path, &s, &c, &r))
        return;
    pthread_mutex_lock(&cs.lock);
    cs.req = r;
    cs.chunk = chunk;
    cs.reading = cs.done = false;
    cs.error = 0;
    cs.sync_reads = cs.pended_reads = 0;
    cs.max_depth = 0;
    pthread_mutex_unlock(&cs.lock);
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s: HttpSendRequest returns FALSE/997", what);
    CHECK(name, !ok && err == ERROR_IO_PENDING);
    if (ok || err != ERROR_IO_PENDING) {
        close_rest(s, c, CTX_C_CONN);
        return;
    }
    /* Wait for the callback to reach the end of the body. */
    double start = tc_now();
    pthread_mutex_lock(&cs.lock);
    while (!cs.done && tc_now() - start < tc_long_wait_s) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&cs.cond, &cs.lock, &ts);
    }
    bool done = cs.done;
    DWORD error = cs.error;
    pthread_mutex_unlock(&cs.lock);
    snprintf(name, sizeof name, "%s: the body is read to its end", what);
    CHECK(name, done && error == 0);
    if (!done)
        tc_bail("the callback-driven reads did not finish");
    tc_info("%s: %u reads completed synchronously, %u pended", what, cs.sync_reads, cs.pended_reads);
    snprintf(name, sizeof name, "%s: body is the %lu-byte pattern", what, body_len);
    tc_check_pattern(name, cs.body.data, cs.body.len, body_len);
    snprintf(name, sizeof name, "%s: callback nesting depth stays 1 (max %d)", what, cs.max_depth);
    CHECK_EQ(name, cs.max_depth, 1);
    tc_buf_free(&cs.body);

    size_t mark = tc_mark();
    InternetCloseHandle(r);
    check_closing("(c) request", CTX_C_REQ, mark);
    close_rest(s, c, CTX_C_CONN);
}

/* (d) Close the request from inside its own REQUEST_COMPLETE. */
static void test_close_in_callback(void)
{
    const char *what = "(d) close from inside REQUEST_COMPLETE";
    char name[200];
    HINTERNET s, c, r;
    if (!open_three(what, CTX_D_CONN, CTX_D_REQ, "/bytes/1000", &s, &c, &r))
        return;
    size_t mark = tc_mark();
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s: HttpSendRequest returns FALSE/997", what);
    CHECK(name, !ok && err == ERROR_IO_PENDING);
    long closing = check_closing(what, CTX_D_REQ, mark);
    pthread_mutex_lock(&ds.lock);
    bool closed = ds.closed, inside = ds.closing_inside;
    BOOL ret = ds.close_ret;
    DWORD cerr = ds.close_err;
    pthread_mutex_unlock(&ds.lock);
    snprintf(name, sizeof name, "%s: InternetCloseHandle from the callback returns TRUE (GetLastError %u)", what,
             (unsigned)cerr);
    CHECK(name, closed && ret);
    snprintf(name, sizeof name, "%s: HANDLE_CLOSING arrives after the callback returned, not inside it", what);
    CHECK(name, closing >= 0 && !inside);
    if (closing >= 0) {
        tc_note n = tc_get((size_t)closing);
        snprintf(name, sizeof name, "%s: HANDLE_CLOSING is not a nested callback", what);
        CHECK_EQ(name, n.depth, 1);
    }
    snprintf(name, sizeof name, "%s: exactly one REQUEST_COMPLETE", what);
    CHECK_EQ(name, tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, CTX_D_REQ, mark, SIZE_MAX), 1);
    close_rest(s, c, CTX_D_CONN);
}

/* (e) HttpAddRequestHeaders from inside SENDING_REQUEST. */
static void test_add_header_in_callback(void)
{
    const char *what = "(e) HttpAddRequestHeaders inside SENDING_REQUEST";
    char name[200];
    HINTERNET s, c, r;
    if (!open_three(what, CTX_E_CONN, CTX_E_REQ, "/headers", &s, &c, &r))
        return;
    size_t mark = tc_mark();
    bool pended = false;
    DWORD err = tc_await(HttpSendRequestA(r, NULL, 0, NULL, 0), r, CTX_E_REQ, mark, &pended);
    pthread_mutex_lock(&es.lock);
    bool called = es.called, returned = es.returned;
    BOOL ret = es.ret;
    DWORD aerr = es.err;
    pthread_mutex_unlock(&es.lock);
    snprintf(name, sizeof name, "%s: the callback ran", what);
    CHECK(name, called);
    snprintf(name, sizeof name, "%s: the call returns (no deadlock)", what);
    CHECK(name, !called || returned);
    if (called && !returned)
        tc_bail("the status callback is stuck in HttpAddRequestHeaders");
    snprintf(name, sizeof name, "%s: the request completes", what);
    CHECK_EQ(name, err, 0);
    if (err == 0) {
        tc_buf body = {0};
        tc_read_all(r, CTX_E_REQ, 4096, &body, NULL);
        snprintf(name, sizeof name, "%s: the header reaches the wire (call returned %s/%u)", what,
                 ret ? "TRUE" : "FALSE", (unsigned)aerr);
        CHECK(name, body.data != NULL && strstr(body.data, "\r\nX-From-Callback: yes\r\n") != NULL);
        tc_buf_free(&body);
    }
    size_t mc = tc_mark();
    InternetCloseHandle(r);
    check_closing("(e) request", CTX_E_REQ, mc);
    close_rest(s, c, CTX_E_CONN);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    test_cancel_send();
    test_cancel_read();
    test_reentry_reads(16, 1000000);
    test_reentry_reads(65536, 20000000);
    test_close_in_callback();
    test_add_header_in_callback();
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
