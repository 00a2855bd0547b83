/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * delivery.c -- who delivers a notification, and when, across sessions and threads.
 *
 * "Inside a status callback" is a state of the session whose callback runs, not of the thread:
 *   (a) a callback of session A closes session B (B idle, with a connect and a request handle):
 *       B's three HANDLE_CLOSING are delivered, request, connect, session, and
 *       rinet_live_handles() reaches 0 once A is closed too, for A a thread-mode or a driven
 *       session and B a synchronous, thread-mode or driven one;
 *   (b) a callback of session A makes blocking calls on a synchronous session B
 *       (HttpSendRequest, HttpQueryInfo, InternetReadFile): they block and succeed as they do
 *       outside any callback, with the body byte for byte, for A thread-mode and driven;
 * and while a callback for a handle runs, no other notification for that handle is delivered
 * anywhere:
 *   (c) a callback for a request starts an InternetReadFile that pends and keeps running while
 *       another thread closes the request and that close returns: the read's REQUEST_COMPLETE
 *       {0, ERROR_INTERNET_OPERATION_CANCELLED}, the request's other notes and its
 *       HANDLE_CLOSING all follow the running callback, none overlaps it, HANDLE_CLOSING last,
 *       for a thread-mode and a driven session.
 *
 * Usage: delivery <host> <port>
 */
#include "check.h"

#include <poll.h>

enum mode { M_SYNC, M_THREAD, M_DRIVEN };

static const char *mode_name(enum mode m)
{
    return m == M_SYNC ? "sync" : m == M_THREAD ? "thread" : "driven";
}

static HINTERNET open_mode(enum mode m, INTERNET_STATUS_CALLBACK cb, DWORD_PTR ctx)
{
    DWORD flags = m == M_SYNC ? 0 : m == M_THREAD ? INTERNET_FLAG_ASYNC : RINET_FLAG_DRIVEN;
    HINTERNET s = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, flags);
    if (s == NULL)
        return NULL;
    InternetSetStatusCallbackA(s, cb);
    InternetSetOptionA(s, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx);
    return s;
}

/* One turn of a driven session's loop (at most 50 ms of waiting). */
static void turn(HINTERNET s)
{
    int32_t fd = -1;
    uint32_t ms = 0xFFFFFFFFu;
    if (rinet_session_fd(s, &fd) != 0)
        return;
    rinet_session_timeout_ms(s, &ms);
    struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    poll(&p, 1, ms < 50 ? (int)ms : 50);
    rinet_session_process(s, 0, NULL);
}

/* Waits for a notification (see tc_wait_for), running the loop of `s` when it is driven. */
static long wait_note(HINTERNET s, enum mode m, DWORD status, DWORD_PTR ctx, size_t from)
{
    if (m != M_DRIVEN)
        return tc_wait_for(status, NULL, ctx, from, TC_WAIT_MS);
    double start = tc_now();
    for (;;) {
        long i = tc_wait_for(status, NULL, ctx, from, 0);
        if (i >= 0 || (tc_now() - start) * 1000.0 > TC_WAIT_MS)
            return i;
        turn(s);
    }
}

/* Closes a session's tree (request, connect, session) and waits for the session's
 * HANDLE_CLOSING; a NULL handle is skipped. */
static void close_tree(const char *what, HINTERNET s, enum mode m, HINTERNET c, HINTERNET r, DWORD_PTR ses_ctx)
{
    char name[200];
    size_t mark = tc_mark();
    if (r != NULL)
        InternetCloseHandle(r);
    if (c != NULL)
        InternetCloseHandle(c);
    InternetCloseHandle(s);
    snprintf(name, sizeof name, "%s: the session's HANDLE_CLOSING after closing it", what);
    CHECK(name, wait_note(s, m, INTERNET_STATUS_HANDLE_CLOSING, ses_ctx, mark) >= 0);
}

/* ---------------------------------------------------------------------------------------- */
/* (a) and (b): a callback of one session acts on another                                  */
/* ---------------------------------------------------------------------------------------- */

#define A_SES ((DWORD_PTR)0xA00)
#define A_CONN ((DWORD_PTR)0xA01)
#define A_REQ ((DWORD_PTR)0xA02)
#define B_SES ((DWORD_PTR)0xB00)
#define B_CONN ((DWORD_PTR)0xB01)
#define B_REQ ((DWORD_PTR)0xB02)

enum action { ACT_CLOSE_PEER, ACT_FETCH_PEER };

static struct {
    enum action action;
    HINTERNET peer_session, peer_request;
    bool acted;
    BOOL close_ok;
    size_t closing_seen; /* B's HANDLE_CLOSING recorded by the time the close returned */
    BOOL send_ok, query_ok;
    DWORD send_err, status, read_err;
    tc_buf body;
} peer;

static void CALLBACK peer_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    /* The action comes first and the note is recorded after it, so that a thread waiting for
     * this REQUEST_COMPLETE sees what the action did (the record's lock orders the two). */
    if (ctx == A_REQ && status == INTERNET_STATUS_REQUEST_COMPLETE && !peer.acted) {
        peer.acted = true;
        if (peer.action == ACT_CLOSE_PEER) {
            size_t mark = tc_mark();
            peer.close_ok = InternetCloseHandle(peer.peer_session);
            peer.closing_seen = tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, 0, mark, tc_mark());
        } else {
            peer.send_ok = HttpSendRequestA(peer.peer_request, NULL, 0, NULL, 0);
            peer.send_err = peer.send_ok ? 0 : GetLastError();
            DWORD size = sizeof peer.status;
            peer.query_ok = HttpQueryInfoA(peer.peer_request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER,
                                           &peer.status, &size, NULL);
            char buf[4096];
            for (;;) {
                DWORD got = 0;
                if (!InternetReadFile(peer.peer_request, buf, sizeof buf, &got)) {
                    peer.read_err = GetLastError();
                    break;
                }
                if (got == 0)
                    break;
                tc_buf_append(&peer.body, buf, got);
            }
        }
    }
    tc_record(h, ctx, status, info, len);
    tc_leave();
}

/* Opens B (idle: a connect and a request handle, nothing sent). */
static bool open_peer(const char *what, enum mode mb, HINTERNET *s, HINTERNET *c, HINTERNET *r)
{
    char name[200];
    *s = open_mode(mb, tc_callback, B_SES);
    *c = *s ? InternetConnectA(*s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, B_CONN) : NULL;
    *r = *c ? HttpOpenRequestA(*c, "GET", "/bytes/1000", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, B_REQ) : NULL;
    snprintf(name, sizeof name, "%s: open session B with a connect and a request handle", what);
    CHECK(name, *r != NULL);
    return *r != NULL;
}

/* Opens A and sends its request; the callback acts on B at its REQUEST_COMPLETE. Returns the
 * index of that REQUEST_COMPLETE, or -1. */
static long run_a(const char *what, enum mode ma, HINTERNET *s, HINTERNET *c, HINTERNET *r)
{
    char name[200];
    *s = open_mode(ma, peer_callback, A_SES);
    *c = *s ? InternetConnectA(*s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, A_CONN) : NULL;
    *r = *c ? HttpOpenRequestA(*c, "GET", "/bytes/10", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, A_REQ) : NULL;
    snprintf(name, sizeof name, "%s: open session A with a request", what);
    CHECK(name, *r != NULL);
    if (*r == NULL)
        return -1;
    size_t mark = tc_mark();
    BOOL ok = HttpSendRequestA(*r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s: A's HttpSendRequest pends", what);
    CHECK(name, !ok && err == ERROR_IO_PENDING);
    long done = wait_note(*s, ma, INTERNET_STATUS_REQUEST_COMPLETE, A_REQ, mark);
    snprintf(name, sizeof name, "%s: A's REQUEST_COMPLETE is delivered", what);
    CHECK(name, done >= 0);
    return done;
}

static void test_close_peer(enum mode ma, enum mode mb)
{
    char what[100], name[200];
    snprintf(what, sizeof what, "(a) %s callback closes %s session", mode_name(ma), mode_name(mb));
    memset(&peer, 0, sizeof peer);
    peer.action = ACT_CLOSE_PEER;
    HINTERNET bs, bc, br, as, ac, ar;
    if (!open_peer(what, mb, &bs, &bc, &br))
        return;
    peer.peer_session = bs;
    size_t mark = tc_mark();
    long done = run_a(what, ma, &as, &ac, &ar);
    if (done >= 0) {
        snprintf(name, sizeof name, "%s: InternetCloseHandle(B) from A's callback succeeds", what);
        CHECK(name, peer.close_ok);
        long ir = wait_note(bs, mb, INTERNET_STATUS_HANDLE_CLOSING, B_REQ, mark);
        long ic = wait_note(bs, mb, INTERNET_STATUS_HANDLE_CLOSING, B_CONN, mark);
        long is = wait_note(bs, mb, INTERNET_STATUS_HANDLE_CLOSING, B_SES, mark);
        snprintf(name, sizeof name, "%s: B's request, connect and session each get HANDLE_CLOSING", what);
        CHECK(name, ir >= 0 && ic >= 0 && is >= 0);
        snprintf(name, sizeof name, "%s: children before parents", what);
        CHECK(name, ir >= 0 && ic >= 0 && is >= 0 && ir < ic && ic < is);
        snprintf(name, sizeof name, "%s: one HANDLE_CLOSING each", what);
        CHECK(name, tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, B_REQ, mark, tc_mark()) == 1 &&
                        tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, B_CONN, mark, tc_mark()) == 1 &&
                        tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, B_SES, mark, tc_mark()) == 1);
        if (mb != M_THREAD) {
            /* B has no thread of its own that could deliver them later: they came inside the
             * close, on the thread that called it. */
            snprintf(name, sizeof name, "%s: B's three HANDLE_CLOSING came inside the close (got %zu)", what,
                     peer.closing_seen);
            CHECK(name, peer.closing_seen == 3);
        }
    } else {
        InternetCloseHandle(bs);
    }
    if (ar != NULL)
        close_tree(what, as, ma, ac, ar, A_SES);
    snprintf(name, sizeof name, "%s: rinet_live_handles() reaches 0", what);
    tc_check_no_live_handles(name);
}

static void test_fetch_peer(enum mode ma)
{
    char what[100], name[200];
    snprintf(what, sizeof what, "(b) %s callback calls a sync session", mode_name(ma));
    memset(&peer, 0, sizeof peer);
    peer.action = ACT_FETCH_PEER;
    HINTERNET bs, bc, br, as, ac, ar;
    if (!open_peer(what, M_SYNC, &bs, &bc, &br))
        return;
    peer.peer_request = br;
    long done = run_a(what, ma, &as, &ac, &ar);
    if (done >= 0) {
        snprintf(name, sizeof name, "%s: HttpSendRequest on B blocks and succeeds (error %u)", what,
                 (unsigned)peer.send_err);
        CHECK(name, peer.send_ok);
        snprintf(name, sizeof name, "%s: B's status is 200", what);
        CHECK(name, peer.query_ok && peer.status == 200);
        snprintf(name, sizeof name, "%s: B's reads succeed", what);
        CHECK_EQ(name, peer.read_err, 0);
        snprintf(name, sizeof name, "%s: B's body", what);
        tc_check_pattern(name, peer.body.data, peer.body.len, 1000);
    }
    tc_buf_free(&peer.body);
    close_tree(what, bs, M_SYNC, bc, br, B_SES);
    if (ar != NULL)
        close_tree(what, as, ma, ac, ar, A_SES);
    snprintf(name, sizeof name, "%s: rinet_live_handles() reaches 0", what);
    tc_check_no_live_handles(name);
}

/* ---------------------------------------------------------------------------------------- */
/* (c) cancellation notes follow the running callback                                      */
/* ---------------------------------------------------------------------------------------- */

#define C_SES ((DWORD_PTR)0xC00)
#define C_CONN ((DWORD_PTR)0xC01)
#define C_REQ ((DWORD_PTR)0xC02)
#define C_BUF (16 * 1024 * 1024)

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    HINTERNET request;
    HINTERNET busy;   /* the request, while its long callback runs */
    int overlaps;     /* notifications for the request delivered while it was busy */
    bool started;     /* the long callback has run */
    bool read_pended; /* its InternetReadFile pended */
    bool go;          /* the closer may close */
    bool closed;      /* the closer's InternetCloseHandle returned */
    bool timed_out;   /* the long callback gave up waiting for the close */
    BOOL close_ok;
    size_t read_mark; /* notes recorded before the read */
    DWORD got;
    char *buf;
} cx = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, NULL, 0, false, false, false,
        false, false, FALSE, 0, 0, NULL};

static void CALLBACK cancel_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    pthread_mutex_lock(&cx.lock);
    if (cx.busy != NULL && h == cx.busy)
        cx.overlaps++;
    bool first = ctx == C_REQ && status == INTERNET_STATUS_REQUEST_COMPLETE && !cx.started;
    if (first) {
        cx.started = true;
        cx.busy = h;
    }
    pthread_mutex_unlock(&cx.lock);
    tc_record(h, ctx, status, info, len);
    if (first) {
        /* Start a read that cannot fill (1 MiB has come, the rest waits at a gate) and keep
         * running while another thread closes the request. */
        cx.read_mark = tc_mark();
        bool pended = false;
        for (int i = 0; i < 64 && !pended; i++) {
            if (InternetReadFile(h, cx.buf, C_BUF, &cx.got))
                continue;
            pended = GetLastError() == ERROR_IO_PENDING;
            if (!pended)
                break;
        }
        pthread_mutex_lock(&cx.lock);
        cx.read_pended = pended;
        cx.go = true;
        pthread_cond_broadcast(&cx.cond);
        double start = tc_now();
        while (pended && !cx.closed && tc_now() - start < 20.0) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec += 1;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&cx.cond, &cx.lock, &ts);
        }
        cx.timed_out = pended && !cx.closed;
        cx.busy = NULL;
        pthread_mutex_unlock(&cx.lock);
    }
    tc_leave();
}

static void *closer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cx.lock);
    while (!cx.go)
        pthread_cond_wait(&cx.cond, &cx.lock);
    bool pended = cx.read_pended;
    pthread_mutex_unlock(&cx.lock);
    BOOL ok = pended ? InternetCloseHandle(cx.request) : FALSE;
    pthread_mutex_lock(&cx.lock);
    cx.close_ok = ok;
    cx.closed = true;
    pthread_cond_broadcast(&cx.cond);
    pthread_mutex_unlock(&cx.lock);
    return NULL;
}

static void test_cancel_follows_callback(enum mode m)
{
    char what[100], name[200], path[100], key[40];
    snprintf(what, sizeof what, "(c) %s: cancellation notes follow the running callback", mode_name(m));
    snprintf(key, sizeof key, "delivery-%s", mode_name(m));
    snprintf(path, sizeof path, "/partial/1073741824/1048576/%s", key);
    pthread_mutex_lock(&cx.lock);
    cx.busy = NULL;
    cx.overlaps = 0;
    cx.started = cx.read_pended = cx.go = cx.closed = cx.timed_out = false;
    cx.close_ok = FALSE;
    pthread_mutex_unlock(&cx.lock);
    cx.buf = (char *)malloc(C_BUF);
    HINTERNET s = open_mode(m, cancel_callback, C_SES);
    HINTERNET c = s ? InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, C_CONN) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, C_REQ) : NULL;
    snprintf(name, sizeof name, "%s: open the request", what);
    CHECK(name, r != NULL && cx.buf != NULL);
    if (r == NULL || cx.buf == NULL) {
        free(cx.buf);
        return;
    }
    cx.request = r;
    pthread_t t;
    pthread_create(&t, NULL, closer, NULL);
    size_t mark = tc_mark();
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    snprintf(name, sizeof name, "%s: HttpSendRequest pends", what);
    CHECK(name, !ok && GetLastError() == ERROR_IO_PENDING);
    long closing = wait_note(s, m, INTERNET_STATUS_HANDLE_CLOSING, C_REQ, mark);
    pthread_mutex_lock(&cx.lock);
    if (!cx.go) {
        cx.go = true; /* the callback never ran: let the closer end */
        pthread_cond_broadcast(&cx.cond);
    }
    pthread_mutex_unlock(&cx.lock);
    pthread_join(t, NULL);
    tc_gate_open(key);

    snprintf(name, sizeof name, "%s: the callback's InternetReadFile pends", what);
    CHECK(name, cx.read_pended);
    snprintf(name, sizeof name, "%s: the close returns while the callback runs, and succeeds", what);
    CHECK(name, cx.close_ok && !cx.timed_out);
    snprintf(name, sizeof name, "%s: the request's HANDLE_CLOSING is delivered", what);
    CHECK(name, closing >= 0);
    snprintf(name, sizeof name, "%s: no notification for the request overlaps its running callback (%d did)",
             what, cx.overlaps);
    CHECK_EQ(name, cx.overlaps, 0);
    if (closing >= 0 && cx.read_pended) {
        size_t end = tc_mark();
        snprintf(name, sizeof name, "%s: one REQUEST_COMPLETE for the read", what);
        CHECK_EQ(name, tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, C_REQ, cx.read_mark, end), 1);
        long done = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, C_REQ, cx.read_mark, 0);
        if (done >= 0) {
            tc_note n = tc_get((size_t)done);
            snprintf(name, sizeof name, "%s: the read's REQUEST_COMPLETE is {0, 12017} (got {%ju, %u})", what,
                     (uintmax_t)n.result, (unsigned)n.error);
            CHECK(name, n.result == 0 && n.error == ERROR_INTERNET_OPERATION_CANCELLED);
            snprintf(name, sizeof name, "%s: HANDLE_CLOSING follows it", what);
            CHECK(name, closing > done);
        }
        snprintf(name, sizeof name, "%s: HANDLE_CLOSING is the request's last notification", what);
        bool last = true;
        for (size_t i = (size_t)closing + 1; i < end; i++) {
            tc_note n = tc_get(i);
            if (n.context == C_REQ)
                last = false;
        }
        CHECK(name, last);
    }
    close_tree(what, s, m, c, NULL, C_SES);
    free(cx.buf);
    cx.buf = NULL;
    snprintf(name, sizeof name, "%s: rinet_live_handles() reaches 0", what);
    tc_check_no_live_handles(name);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    const enum mode callers[] = {M_THREAD, M_DRIVEN};
    const enum mode peers[] = {M_SYNC, M_THREAD, M_DRIVEN};
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 3; j++)
            test_close_peer(callers[i], peers[j]);
    for (size_t i = 0; i < 2; i++)
        test_fetch_peer(callers[i]);
    for (size_t i = 0; i < 2; i++)
        test_cancel_follows_callback(callers[i]);
    return tc_finish();
}
