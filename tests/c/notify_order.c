/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * notify_order.c -- the order and payloads of status notifications for an asynchronous GET.
 *
 * WinInet contract (wininet-contract.md sections 1, 3 and 4):
 *   - InternetConnect and HttpOpenRequest deliver HANDLE_CREATED on the caller's thread before
 *     they return, with an INTERNET_ASYNC_RESULT whose dwResult is the new handle and
 *     info_len = sizeof(HINTERNET);
 *   - HttpSendRequest returns FALSE/ERROR_IO_PENDING, then: [RESOLVING_NAME NAME_RESOLVED]
 *     CONNECTING_TO_SERVER CONNECTED_TO_SERVER SENDING_REQUEST REQUEST_SENT RECEIVING_RESPONSE
 *     RESPONSE_RECEIVED REQUEST_COMPLETE{1,0};
 *   - a second request on the same connect handle reuses the kept-alive connection: no
 *     CONNECTING_TO_SERVER / CONNECTED_TO_SERVER, and the server accepts no new connection;
 *   - closing a connect handle closes its requests: HANDLE_CLOSING for the request, then for the
 *     connect handle, exactly once each, each the last notification of its handle;
 *   - a handle whose context is 0 gets no callbacks at all.
 *
 * Usage: notify_order <host> <port>
 */
#include "check.h"

#define CTX_CONNECT ((DWORD_PTR)0xC0)
#define CTX_REQ1 ((DWORD_PTR)0x101)
#define CTX_REQ2 ((DWORD_PTR)0x102)
#define CTX_REQ3 ((DWORD_PTR)0x103)

/* Statuses WinInet may or may not send during HttpSendRequest for this request; they are
 * skipped when comparing the sequence (their payloads are still checked where defined). */
static bool optional_status(DWORD status)
{
    switch (status) {
    case INTERNET_STATUS_RESOLVING_NAME:
    case INTERNET_STATUS_NAME_RESOLVED:
    case INTERNET_STATUS_DETECTING_PROXY:
    case INTERNET_STATUS_COOKIE_SENT:
    case INTERNET_STATUS_COOKIE_RECEIVED:
    case INTERNET_STATUS_STATE_CHANGE:
    case INTERNET_STATUS_CLOSING_CONNECTION:
    case INTERNET_STATUS_CONNECTION_CLOSED:
    case INTERNET_STATUS_INTERMEDIATE_RESPONSE:
        return true;
    default:
        return false;
    }
}

/* Checks the HANDLE_CREATED delivered for a new handle during the call that created it. */
static void check_handle_created(const char *what, HINTERNET h, DWORD_PTR ctx, size_t from, size_t to)
{
    char name[128];
    snprintf(name, sizeof name, "%s: HANDLE_CREATED delivered before the call returned", what);
    size_t n = tc_count(INTERNET_STATUS_HANDLE_CREATED, NULL, ctx, from, to);
    CHECK_EQ(name, n, 1);
    long i = tc_wait_for(INTERNET_STATUS_HANDLE_CREATED, NULL, ctx, from, 0);
    if (i < 0 || (size_t)i >= to)
        return;
    tc_note note = tc_get((size_t)i);
    snprintf(name, sizeof name, "%s: HANDLE_CREATED dwResult is the new handle", what);
    CHECK_EQ(name, note.result, (uintptr_t)h);
    snprintf(name, sizeof name, "%s: HANDLE_CREATED info_len is sizeof(HINTERNET)", what);
    CHECK_EQ(name, note.info_len, sizeof(HINTERNET));
    snprintf(name, sizeof name, "%s: HANDLE_CREATED on the caller's thread", what);
    CHECK(name, note.on_main);
}

/* Checks the HANDLE_CLOSING of one handle: exactly one, carrying the handle, last for that
 * handle. Waits for it first. Returns its index or -1. */
static long check_handle_closing(const char *what, HINTERNET h, DWORD_PTR ctx, size_t from)
{
    char name[128];
    long i = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, TC_WAIT_MS);
    snprintf(name, sizeof name, "%s: HANDLE_CLOSING delivered", what);
    CHECK(name, i >= 0);
    if (i < 0) {
        tc_dump(what, NULL, ctx, from, SIZE_MAX);
        return -1;
    }
    tc_sleep_ms(300); /* let anything wrongly sent afterwards arrive */
    tc_note note = tc_get((size_t)i);
    snprintf(name, sizeof name, "%s: HANDLE_CLOSING carries the handle", what);
    CHECK_EQ(name, note.result, (uintptr_t)h);
    snprintf(name, sizeof name, "%s: HANDLE_CLOSING info_len is sizeof(HINTERNET)", what);
    CHECK_EQ(name, note.info_len, sizeof(HINTERNET));
    snprintf(name, sizeof name, "%s: exactly one HANDLE_CLOSING", what);
    CHECK_EQ(name, tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, SIZE_MAX), 1);
    snprintf(name, sizeof name, "%s: nothing after HANDLE_CLOSING", what);
    size_t after = tc_count(0, NULL, ctx, (size_t)i + 1, SIZE_MAX);
    CHECK_EQ(name, after, 0);
    if (after != 0)
        tc_dump(what, NULL, ctx, (size_t)i, SIZE_MAX);
    return i;
}

/* Reads the body of req, checking read-time notifications: a read that returns TRUE sends no
 * REQUEST_COMPLETE, a read that pends sends exactly one, and reads send nothing but
 * RECEIVING_RESPONSE, RESPONSE_RECEIVED and REQUEST_COMPLETE. */
static void read_body(const char *what, HINTERNET req, DWORD_PTR ctx, DWORD chunk, tc_buf *body)
{
    char name[128];
    char buf[4096];
    size_t start = tc_mark();
    unsigned pended = 0;
    bool failed = false;
    for (;;) {
        DWORD got = 0;
        size_t mark = tc_mark();
        BOOL ok = InternetReadFile(req, buf, chunk, &got);
        DWORD err = GetLastError();
        if (ok) {
            if (got == 0) {
                snprintf(name, sizeof name, "%s: last read TRUE/0 leaves GetLastError 0", what);
                CHECK_EQ(name, err, 0);
                break;
            }
            tc_buf_append(body, buf, got);
            continue;
        }
        if (err != ERROR_IO_PENDING) {
            snprintf(name, sizeof name, "%s: InternetReadFile", what);
            tc_fail(name, "FALSE, GetLastError %u", (unsigned)err);
            failed = true;
            break;
        }
        pended++;
        long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, req, ctx, mark, TC_WAIT_MS);
        if (i < 0) {
            snprintf(name, sizeof name, "%s: pending read completes", what);
            tc_fail(name, "no REQUEST_COMPLETE within %d ms", TC_WAIT_MS);
            failed = true;
            break;
        }
        tc_note n = tc_get((size_t)i);
        if (n.result != 1 || n.error != 0) {
            snprintf(name, sizeof name, "%s: pending read completes with {1,0}", what);
            tc_fail(name, "got {%ju,%u}", (uintmax_t)n.result, (unsigned)n.error);
            failed = true;
            break;
        }
        if (got == 0)
            break; /* completed at the end of the body */
        tc_buf_append(body, buf, got);
    }
    if (failed)
        return;
    tc_sleep_ms(100);
    size_t end = tc_mark();
    snprintf(name, sizeof name, "%s: one REQUEST_COMPLETE per pending read (%u pended)", what, pended);
    CHECK_EQ(name, tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, start, end), pended);
    size_t others = tc_count(0, NULL, ctx, start, end) -
                    tc_count(INTERNET_STATUS_RECEIVING_RESPONSE, NULL, ctx, start, end) -
                    tc_count(INTERNET_STATUS_RESPONSE_RECEIVED, NULL, ctx, start, end) -
                    tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, start, end);
    snprintf(name, sizeof name, "%s: reads send only RECEIVING_RESPONSE/RESPONSE_RECEIVED/REQUEST_COMPLETE", what);
    CHECK_EQ(name, others, 0);
    if (others)
        tc_dump(name, NULL, ctx, start, end);
}

/* Sends a request that must pend, waits for its REQUEST_COMPLETE and returns the index of the
 * first notification after the call (the mark) through *mark; -1 if it failed. */
static long send_and_wait(const char *what, HINTERNET req, DWORD_PTR ctx, size_t *mark)
{
    char name[128];
    *mark = tc_mark();
    BOOL ok = HttpSendRequestA(req, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s: HttpSendRequest returns FALSE/ERROR_IO_PENDING", what);
    if (!ok && err == ERROR_IO_PENDING) {
        tc_ok(name);
    } else {
        tc_fail(name, "returned %s, GetLastError %u", ok ? "TRUE" : "FALSE", (unsigned)err);
        if (!ok)
            return -1;
    }
    long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, *mark, TC_WAIT_MS);
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE arrives", what);
    CHECK(name, i >= 0);
    if (i < 0) {
        tc_dump(what, NULL, ctx, *mark, SIZE_MAX);
        return -1;
    }
    tc_note n = tc_get((size_t)i);
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE is {1,0}", what);
    CHECK(name, n.result == 1 && n.error == 0);
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE info_len is sizeof(INTERNET_ASYNC_RESULT)", what);
    CHECK_EQ(name, n.info_len, sizeof(INTERNET_ASYNC_RESULT));
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE not delivered on the caller's thread", what);
    CHECK(name, !n.on_main);
    snprintf(name, sizeof name, "%s: REQUEST_COMPLETE carries the request handle", what);
    CHECK_EQ(name, (uintptr_t)n.handle, (uintptr_t)req);
    return i;
}

/* The network notifications of one send, optional ones removed, checked against `want`. */
static void check_send_sequence(const char *what, HINTERNET req, DWORD_PTR ctx, size_t from, long complete,
                                const DWORD *want, size_t nwant)
{
    char name[160];
    DWORD seq[64];
    size_t nseq = 0;
    bool handle_ok = true;
    for (size_t i = from; i <= (size_t)complete; i++) {
        tc_note n = tc_get(i);
        if (n.context != ctx)
            continue;
        if (n.handle != req)
            handle_ok = false;
        switch (n.status) {
        case INTERNET_STATUS_RESOLVING_NAME:
            snprintf(name, sizeof name, "%s: RESOLVING_NAME payload is the host name, len strlen+1", what);
            CHECK(name, strcmp(n.text, tc_host) == 0 && n.info_len == strlen(tc_host) + 1);
            break;
        case INTERNET_STATUS_CONNECTING_TO_SERVER:
        case INTERNET_STATUS_CONNECTED_TO_SERVER:
            snprintf(name, sizeof name, "%s: %s payload \"%s\" len %u is \"%s\" len %zu", what, tc_status_name(n.status),
                     n.text, (unsigned)n.info_len, tc_host, strlen(tc_host) + 1);
            CHECK(name, strcmp(n.text, tc_host) == 0 && n.info_len == strlen(tc_host) + 1);
            break;
        case INTERNET_STATUS_SENDING_REQUEST:
        case INTERNET_STATUS_RECEIVING_RESPONSE:
            snprintf(name, sizeof name, "%s: %s payload is NULL/0", what, tc_status_name(n.status));
            CHECK(name, !n.has_info && n.info_len == 0);
            break;
        case INTERNET_STATUS_REQUEST_SENT:
        case INTERNET_STATUS_RESPONSE_RECEIVED:
            snprintf(name, sizeof name, "%s: %s payload is a DWORD > 0 (len %u, value %ju)", what,
                     tc_status_name(n.status), (unsigned)n.info_len, (uintmax_t)n.result);
            CHECK(name, n.has_info && n.info_len == sizeof(DWORD) && n.result > 0);
            break;
        default:
            break;
        }
        if (!optional_status(n.status) && nseq < sizeof seq / sizeof seq[0])
            seq[nseq++] = n.status;
    }
    snprintf(name, sizeof name, "%s: notifications carry the request handle", what);
    CHECK(name, handle_ok);

    bool same = nseq == nwant;
    for (size_t i = 0; same && i < nseq; i++)
        same = seq[i] == want[i];
    char got[512] = "", exp[512] = "";
    for (size_t i = 0; i < nseq; i++) {
        strncat(got, tc_status_name(seq[i]), sizeof got - strlen(got) - 2);
        strncat(got, " ", sizeof got - strlen(got) - 1);
    }
    for (size_t i = 0; i < nwant; i++) {
        strncat(exp, tc_status_name(want[i]), sizeof exp - strlen(exp) - 2);
        strncat(exp, " ", sizeof exp - strlen(exp) - 1);
    }
    snprintf(name, sizeof name, "%s: notification sequence", what);
    if (same)
        tc_ok(name);
    else
        tc_fail(name, "got [ %s], expected [ %s] (optional ones removed)", got, exp);
}

/* Reads a /stats body on a request that has completed. */
static bool read_stats(const char *what, HINTERNET req, DWORD_PTR ctx, unsigned long *accepts)
{
    char name[128];
    tc_buf body = {0};
    read_body(what, req, ctx, 4096, &body);
    unsigned long requests = 0;
    bool ok = body.data != NULL && tc_parse_stats(body.data, accepts, &requests);
    snprintf(name, sizeof name, "%s: /stats body parses", what);
    if (ok)
        tc_ok(name);
    else
        tc_fail(name, "body \"%s\"", body.data ? body.data : "");
    tc_buf_free(&body);
    return ok;
}

static void test_sequence(void)
{
    HINTERNET s = tc_open_session("async session", true);
    if (s == NULL)
        return;

    /* InternetConnect: HANDLE_CREATED before it returns. */
    size_t m0 = tc_mark();
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONNECT);
    size_t m1 = tc_mark();
    CHECK("InternetConnect returns a handle synchronously", c != NULL);
    if (c == NULL) {
        InternetCloseHandle(s);
        return;
    }
    check_handle_created("InternetConnect", c, CTX_CONNECT, m0, m1);

    /* Request 1: GET /bytes/1000 on a new connection. */
    m0 = tc_mark();
    HINTERNET r1 = HttpOpenRequestA(c, "GET", "/bytes/1000", NULL, NULL, NULL, 0, CTX_REQ1);
    m1 = tc_mark();
    CHECK("HttpOpenRequest returns a handle synchronously", r1 != NULL);
    if (r1 == NULL) {
        InternetCloseHandle(s);
        return;
    }
    check_handle_created("HttpOpenRequest", r1, CTX_REQ1, m0, m1);

    size_t ms;
    long done = send_and_wait("request 1", r1, CTX_REQ1, &ms);
    if (done >= 0) {
        static const DWORD want[] = {
            INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER,
            INTERNET_STATUS_SENDING_REQUEST,      INTERNET_STATUS_REQUEST_SENT,
            INTERNET_STATUS_RECEIVING_RESPONSE,   INTERNET_STATUS_RESPONSE_RECEIVED,
            INTERNET_STATUS_REQUEST_COMPLETE,
        };
        check_send_sequence("request 1", r1, CTX_REQ1, ms, done, want, sizeof want / sizeof want[0]);
        tc_buf body = {0};
        read_body("request 1 body", r1, CTX_REQ1, 300, &body);
        tc_check_pattern("request 1 body is the 1000-byte pattern", body.data, body.len, 1000);
        tc_buf_free(&body);
    }
    size_t mc = tc_mark();
    CHECK_TRUE("close request 1", InternetCloseHandle(r1));
    check_handle_closing("request 1", r1, CTX_REQ1, mc);

    /* Requests 2 and 3: /stats on the same connect handle reuse the connection. */
    static const DWORD reuse[] = {
        INTERNET_STATUS_SENDING_REQUEST,    INTERNET_STATUS_REQUEST_SENT,
        INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED,
        INTERNET_STATUS_REQUEST_COMPLETE,
    };
    unsigned long accepts2 = 0, accepts3 = 0;
    bool have2 = false, have3 = false;

    m0 = tc_mark();
    HINTERNET r2 = HttpOpenRequestA(c, "GET", "/stats", NULL, NULL, NULL, 0, CTX_REQ2);
    m1 = tc_mark();
    CHECK("request 2: HttpOpenRequest", r2 != NULL);
    if (r2 != NULL) {
        check_handle_created("request 2 HttpOpenRequest", r2, CTX_REQ2, m0, m1);
        done = send_and_wait("request 2 (reused connection)", r2, CTX_REQ2, &ms);
        if (done >= 0) {
            check_send_sequence("request 2 (reused connection)", r2, CTX_REQ2, ms, done, reuse,
                                sizeof reuse / sizeof reuse[0]);
            have2 = read_stats("request 2", r2, CTX_REQ2, &accepts2);
        }
        mc = tc_mark();
        CHECK_TRUE("close request 2", InternetCloseHandle(r2));
        check_handle_closing("request 2", r2, CTX_REQ2, mc);
    }

    HINTERNET r3 = HttpOpenRequestA(c, "GET", "/stats", NULL, NULL, NULL, 0, CTX_REQ3);
    CHECK("request 3: HttpOpenRequest", r3 != NULL);
    if (r3 != NULL) {
        done = send_and_wait("request 3 (reused connection)", r3, CTX_REQ3, &ms);
        if (done >= 0) {
            check_send_sequence("request 3 (reused connection)", r3, CTX_REQ3, ms, done, reuse,
                                sizeof reuse / sizeof reuse[0]);
            have3 = read_stats("request 3", r3, CTX_REQ3, &accepts3);
        }
    }
    if (have2 && have3)
        CHECK_EQ("server accepted no new connection for the reused requests", accepts3, accepts2);

    /* Closing the connect handle closes request 3 too: request first, then connect. */
    mc = tc_mark();
    CHECK_TRUE("close the connect handle", InternetCloseHandle(c));
    long ir = r3 != NULL ? check_handle_closing("request 3 (closed with its parent)", r3, CTX_REQ3, mc) : -1;
    long ic = check_handle_closing("connect", c, CTX_CONNECT, mc);
    if (ir >= 0 && ic >= 0)
        CHECK("HANDLE_CLOSING of the request comes before that of the connect handle", ir < ic);
    if (r3 != NULL) {
        DWORD len = 64;
        char buf[64];
        CHECK_FAILS("request 3 is invalid once its parent is closed",
                    HttpQueryInfoA(r3, HTTP_QUERY_STATUS_CODE, buf, &len, NULL), ERROR_INVALID_HANDLE);
    }

    CHECK_TRUE("close the session", InternetCloseHandle(s));
    tc_sleep_ms(200);
    CHECK_EQ("the session (context 0) got no notification", tc_count(0, s, 0, 0, SIZE_MAX), 0);
}

/* A connect and a request handle created with context 0 get no callbacks at all, although the
 * session has a callback that they inherit. */
static void test_context_zero(bool async)
{
    const char *mode = async ? "async" : "sync";
    char name[128];
    HINTERNET s = tc_open_session(async ? "context 0 async session" : "context 0 sync session", async);
    if (s == NULL)
        return;
    size_t m0 = tc_mark();
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/bytes/1000", NULL, NULL, NULL, 0, 0) : NULL;
    snprintf(name, sizeof name, "context 0 (%s): handles created", mode);
    CHECK(name, c != NULL && r != NULL);
    if (r != NULL) {
        BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
        DWORD err = GetLastError();
        if (async) {
            /* Still pends without a usable callback (contract section 4). */
            snprintf(name, sizeof name, "context 0 (%s): HttpSendRequest returns FALSE/ERROR_IO_PENDING", mode);
            CHECK(name, !ok && err == ERROR_IO_PENDING);
            /* Wait until the send is over: a read is then no longer refused as busy (a 0-byte
             * read reads nothing). By then rinet has dealt with every notification of the
             * send, which must have gone nowhere. */
            char probe[1];
            DWORD probed = 0;
            double until = tc_now() + TC_WAIT_MS / 1000.0;
            BOOL over = FALSE;
            while (!(over = InternetReadFile(r, probe, 0, &probed)) &&
                   GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE && tc_now() < until)
                tc_sleep_ms(1);
            snprintf(name, sizeof name, "context 0 (%s): the send completes without a callback", mode);
            CHECK(name, over);
        } else {
            snprintf(name, sizeof name, "context 0 (%s): HttpSendRequest succeeds", mode);
            CHECK(name, ok);
            tc_buf body = {0};
            DWORD rerr = tc_read_all(r, 0, 4096, &body, NULL);
            snprintf(name, sizeof name, "context 0 (%s): body is the 1000-byte pattern", mode);
            if (rerr != 0)
                tc_fail(name, "read failed with %u", (unsigned)rerr);
            else
                tc_check_pattern(name, body.data, body.len, 1000);
            tc_buf_free(&body);
        }
    }
    if (r != NULL)
        InternetCloseHandle(r);
    if (c != NULL)
        InternetCloseHandle(c);
    InternetCloseHandle(s);
    tc_sleep_ms(500);
    size_t n = tc_count(0, NULL, 0, m0, SIZE_MAX);
    snprintf(name, sizeof name, "context 0 (%s): no callbacks at all", mode);
    CHECK_EQ(name, n, 0);
    if (n)
        tc_dump(name, NULL, 0, m0, SIZE_MAX);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    test_sequence();
    test_context_zero(false);
    test_context_zero(true);
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
