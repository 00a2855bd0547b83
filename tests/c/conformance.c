/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * conformance.c -- rinet against WinInet's documented and tested behaviour, area by area.
 *
 * Each check follows an item of the conformance checklist of the WinInet contract (the
 * reference rinet is built to; its items are quoted in brackets in the check names, e.g. "[24]"
 * for "STATUS_CODE sizes") or a rule of its sections on constants, notifications, options,
 * queries, header modifiers and URLs. The checks are grouped by area, and after the usual
 * `ok`/`FAIL` lines the program prints `<area>: N passed, M failed` for each area and the total
 * line. It exits 0 only when every check passed.
 *
 * Areas:
 *   constants & layout   every constant family against WinInet's numeric values; the 64-bit
 *                        sizes and field offsets of the structures (offsetof/sizeof)
 *   notifications        HANDLE_CREATED inside the creating call, the SendRequest and
 *                        SendRequestEx/WriteFile/EndRequest sequences and payloads, no
 *                        REQUEST_COMPLETE in synchronous sessions, pending reads, IRF_NO_WAIT,
 *                        data-available completions, HANDLE_CLOSING counts, headers added from a
 *                        callback
 *   handles & states     invalid, stale and wrong-kind handles, calls in the wrong state,
 *                        contexts, callbacks, InternetOpenUrl, resolve and connect failures
 *   options              string option sizing, defaults, errors, per-handle options
 *   query sizing & index HttpQueryInfo buffer rules, indexes, levels before and after a response
 *   add-header modifiers ADD, ADD_IF_NEW, REPLACE, COALESCE, separators, headers rinet adds
 *   URL cracking         InternetCrackUrl, InternetCreateUrl, InternetCanonicalizeUrl
 *   keep-alive           connection reuse, Connection: close, a request closed mid-body
 *   cancellation         closing a handle with a pending call: 12017 at once, HANDLE_CLOSING last
 *   redirects, auth & decoding
 *                        redirects and their notifications, Basic credentials answered after a
 *                        401, interim 1xx responses, gzip
 *
 * Where WinInet allows two behaviours the check accepts both, and its name says "(either)".
 *
 * Servers: argv[1]/argv[2] name rinet's test server (tests/support/server.rs). Responses that
 * server cannot give (a body that arrives in two parts on the test's signal, a redirect, a gzip
 * body, several interim responses) come from a small scripted server this program starts on
 * 127.0.0.1: each of its routes is a list of steps (send these bytes, wait for the test's "go",
 * close).
 *
 * Driven mode: with RINET_CONFORMANCE_DRIVEN=1 in the environment, every asynchronous session is
 * opened with INTERNET_FLAG_ASYNC | RINET_FLAG_DRIVEN and a helper thread runs it: it polls
 * rinet_session_fd for the time rinet_session_timeout_ms allows and calls
 * rinet_session_process. The same checks must pass.
 *
 * Usage: conformance <host> <port>
 */
#include "check.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdatomic.h>
#include <stddef.h>
#include <linux/sockios.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* ======================================================================================== */
/* Areas                                                                                    */
/* ======================================================================================== */

typedef struct {
    const char *name;
    int passed, failed;
} cf_area;

static cf_area cf_areas[16];
static int cf_nareas;
static int cf_area_passed0, cf_area_failed0;

static void cf_begin(const char *name)
{
    cf_areas[cf_nareas].name = name;
    pthread_mutex_lock(&tc_print_lock);
    cf_area_passed0 = tc_passed;
    cf_area_failed0 = tc_failed;
    pthread_mutex_unlock(&tc_print_lock);
    tc_info("---- %s ----", name);
}

static void cf_end(void)
{
    pthread_mutex_lock(&tc_print_lock);
    cf_areas[cf_nareas].passed = tc_passed - cf_area_passed0;
    cf_areas[cf_nareas].failed = tc_failed - cf_area_failed0;
    pthread_mutex_unlock(&tc_print_lock);
    cf_nareas++;
}

/* A formatted check name (a few rotating buffers, so two can be used in one call). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static const char *nm(const char *fmt, ...)
{
    static _Thread_local char bufs[4][256];
    static _Thread_local int next;
    char *b = bufs[next++ % 4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof bufs[0], fmt, ap);
    va_end(ap);
    return b;
}

/* A fresh context value, so that each request's notifications are told apart. */
static DWORD_PTR cf_ctx(void)
{
    static DWORD_PTR next = 0x1000;
    return ++next;
}

/* ======================================================================================== */
/* Driven sessions                                                                          */
/* ======================================================================================== */

static bool cf_driven;

typedef struct {
    HINTERNET session;
    pthread_t thread;
    int wake[2]; /* a pipe: writing to it stops the thread */
    atomic_bool stop;
    bool used;
} cf_driver;

static cf_driver cf_drivers[64];

static void *cf_drive(void *arg)
{
    cf_driver *d = (cf_driver *)arg;
    int32_t fd = -1;
    if (rinet_session_fd(d->session, &fd) != 0)
        return NULL;
    while (!atomic_load(&d->stop)) {
        uint32_t ms = 0;
        if (rinet_session_timeout_ms(d->session, &ms) != 0)
            break;
        struct pollfd p[2];
        p[0].fd = fd;
        p[0].events = POLLIN;
        p[0].revents = 0;
        p[1].fd = d->wake[0];
        p[1].events = POLLIN;
        p[1].revents = 0;
        poll(p, 2, ms == 0xFFFFFFFFu ? -1 : (int)(ms > 60000 ? 60000 : ms));
        if (atomic_load(&d->stop))
            break;
        if (rinet_session_process(d->session, 0, NULL) == ERROR_INVALID_HANDLE)
            break;
    }
    return NULL;
}

/* Callbacks running right now, on any thread. */
static atomic_int cf_active;

/* The status callback of every session: records each notification (tc_record) and counts the
 * callbacks in progress, so that a check can wait until none runs (cf_quiesce). */
static void CALLBACK cf_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    atomic_fetch_add(&cf_active, 1);
    tc_enter();
    tc_record(h, ctx, status, info, len);
    tc_leave();
    atomic_fetch_sub(&cf_active, 1);
}

/* Waits until no callback runs (up to the usual wait). Checks of the order of HANDLE_CLOSING
 * use it before closing, so that they usually see the ordinary case; what they check holds
 * whenever the close comes (closing while a callback runs has a check of its own). */
static void cf_quiesce(void)
{
    double end = tc_now() + TC_WAIT_MS / 1000.0;
    while (atomic_load(&cf_active) != 0 && tc_now() < end)
        tc_sleep_ms(2);
}

/* Opens a session with cf_callback: synchronous, or asynchronous (driven in driven mode). */
static HINTERNET cf_open(bool async)
{
    DWORD flags = async ? INTERNET_FLAG_ASYNC : 0;
    if (async && cf_driven)
        flags |= RINET_FLAG_DRIVEN;
    HINTERNET s = InternetOpenA("rinet-conformance", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, flags);
    if (s == NULL) {
        tc_fail("InternetOpen", "GetLastError %u", (unsigned)GetLastError());
        return NULL;
    }
    InternetSetStatusCallbackA(s, cf_callback);
    if (async && cf_driven) {
        for (size_t i = 0; i < sizeof cf_drivers / sizeof cf_drivers[0]; i++) {
            cf_driver *d = &cf_drivers[i];
            if (d->used)
                continue;
            d->used = true;
            d->session = s;
            atomic_store(&d->stop, false);
            if (pipe(d->wake) != 0 || pthread_create(&d->thread, NULL, cf_drive, d) != 0) {
                tc_fail("driven session", "cannot start its thread");
                d->used = false;
            }
            break;
        }
    }
    return s;
}

/* Stops the driver thread of a driven session, if any. */
static void cf_stop_driver(HINTERNET s)
{
    for (size_t i = 0; i < sizeof cf_drivers / sizeof cf_drivers[0]; i++) {
        cf_driver *d = &cf_drivers[i];
        if (!d->used || d->session != s)
            continue;
        atomic_store(&d->stop, true);
        ssize_t w = write(d->wake[1], "x", 1);
        (void)w;
        pthread_join(d->thread, NULL);
        close(d->wake[0]);
        close(d->wake[1]);
        d->used = false;
    }
}

/* Closes a session opened by cf_open. */
static BOOL cf_close(HINTERNET s)
{
    if (s == NULL)
        return FALSE;
    cf_stop_driver(s);
    return InternetCloseHandle(s);
}

/* ======================================================================================== */
/* The scripted server                                                                      */
/* ======================================================================================== */

enum { CS_END = 0, CS_SEND, CS_GO, CS_CLOSE };

typedef struct {
    int op;
    const char *data;
    size_t len;
} cs_step;

typedef struct {
    const char *path;
    cs_step steps[6];
    bool needs_auth;       /* without an Authorization header: 401 with a Basic challenge */
    unsigned go_given;     /* "go" signals given by the test (the n-th lets on the n-th GO reached) */
    unsigned hits;         /* requests received */
    char last_method[16];  /* method of the last request */
    char last_body[64];    /* body of the last request (cut short) */
    unsigned sent;         /* SEND steps done (every byte of the step handed to the kernel) */
} cs_route;

#define SEND(s) {CS_SEND, s, sizeof(s) - 1}
#define GO {CS_GO, NULL, 0}
#define CLOSE {CS_CLOSE, NULL, 0}

/* "rinet decodes gzip bodies when HTTP_DECODING is on. " eight times, gzip-compressed. */
#define GZIP_TEXT "rinet decodes gzip bodies when HTTP_DECODING is on. "
#define GZIP_BODY                                                                                  \
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\x2b\xca\xcc\x4b\x2d\x51\x48\x49\x4d\xce\x4f\x49\x2d" \
    "\x56\x48\xaf\xca\x2c\x50\x48\xca\x4f\xc9\x04\xb2\xcb\x33\x52\xf3\x14\x3c\x42\x42\x02\xe2\x5d" \
    "\x5c\x9d\xfd\x5d\x3c\xfd\xdc\x15\x32\x8b\x15\xf2\xf3\xf4\x14\x8a\x46\xf5\xd0\x4d\x0f\x00\xd6" \
    "\x8d\xc6\x74\xa0\x01\x00\x00"

static cs_route cs_routes[] = {
    /* A 4-byte body of which 2 bytes come with the head and 2 on "go". */
    {"/split4", {SEND("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nxx"), GO, SEND("yy")}, false, 0, 0, "", "", 0},
    /* The IRF_NO_WAIT sequence: "xx" with the head, "1234567890" on "go". */
    {"/nowait", {SEND("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nxx"), GO, SEND("1234567890")}, false, 0, 0, "", "", 0},
    /* A data-available query that must wait: no body byte until "go". */
    {"/qda", {SEND("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), GO, SEND("1234567890")}, false, 0, 0, "", "", 0},
    /* "123" with the head, "4567" on "go". */
    {"/qda3", {SEND("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n123"), GO, SEND("4567")}, false, 0, 0, "", "", 0},
    /* A chunk cut in the middle: "abc" of a 5-byte chunk, the rest on "go". */
    {"/chunkpart",
     {SEND("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc"), GO, SEND("de\r\n0\r\n\r\n")},
     false,
     0,
     0,
     "",
     "",
     0},
    /* 204 and Connection: close. */
    {"/nocontent", {SEND("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), CLOSE}, false, 0, 0, "", "", 0},
    /* Redirects. */
    {"/redir", {SEND("HTTP/1.1 302 Found\r\nLocation: /target\r\nContent-Length: 0\r\n\r\n")}, false, 0, 0, "", "", 0},
    {"/redir307",
     {SEND("HTTP/1.1 307 Temporary Redirect\r\nLocation: /target\r\nContent-Length: 0\r\n\r\n")},
     false,
     0,
     0,
     "",
     "",
     0},
    {"/target", {SEND("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\ntarget")}, false, 0, 0, "", "", 0},
    {"/redir-ftp",
     {SEND("HTTP/1.1 302 Found\r\nLocation: ftp://ftp.example.invalid/file\r\nContent-Length: 0\r\n\r\n")},
     false,
     0,
     0,
     "",
     "",
     0},
    {"/redir-nohost",
     {SEND("HTTP/1.1 302 Found\r\nLocation: http:///nohost\r\nContent-Length: 0\r\n\r\n")},
     false,
     0,
     0,
     "",
     "",
     0},
    /* A gzip body. */
    {"/gzip",
     {SEND("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 76\r\n\r\n"
           GZIP_BODY)},
     false,
     0,
     0,
     "",
     "",
     0},
    /* Interim responses before the final one. */
    {"/two-continue",
     {SEND("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")},
     false,
     0,
     0,
     "",
     "",
     0},
    {"/continue-headers",
     {SEND("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")},
     false,
     0,
     0,
     "",
     "",
     0},
    /* A status line without a reason phrase. */
    {"/no-reason", {SEND("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok")}, false, 0, 0, "", "", 0},
    /* Basic authentication: 401 until the request carries credentials. */
    {"/auth", {SEND("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")}, true, 0, 0, "", "", 0},
    /* No answer at all until the connection goes away. */
    {"/stall", {GO, SEND("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")}, false, 0, 0, "", "", 0},
};
#define CS_NROUTES (sizeof cs_routes / sizeof cs_routes[0])

/* Per route: how many connections have reached one of its GO steps (under cs.lock). */
static unsigned cs_go_tickets[CS_NROUTES];

#define CS_MAX_CONNS 256

static struct {
    int listen_fd;
    INTERNET_PORT port;
    pthread_t acceptor;
    bool running;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
    int fds[CS_MAX_CONNS];
    pthread_t threads[CS_MAX_CONNS];
    int nconns;
    unsigned accepts;
} cs = {-1, 0, (pthread_t)0, false, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, {0}, {0}, 0, 0};

static cs_route *cs_find(const char *path)
{
    for (size_t i = 0; i < CS_NROUTES; i++) {
        if (strcmp(cs_routes[i].path, path) == 0)
            return &cs_routes[i];
    }
    return NULL;
}

/* Lets the route `path` go on past its next GO step. */
static void cs_go(const char *path)
{
    pthread_mutex_lock(&cs.lock);
    cs_route *r = cs_find(path);
    if (r != NULL)
        r->go_given++;
    pthread_cond_broadcast(&cs.cond);
    pthread_mutex_unlock(&cs.lock);
}

/* Waits until the route `path` has received `hits` requests and done `sent` SEND steps (over all
 * its requests): the test's signal that a request reached the server, or that bytes the server
 * sent are in the client's socket (a SEND step counts once the client's kernel has acknowledged
 * every byte). False when the server stops first or after the usual wait. */
static bool cs_wait_route(const char *path, unsigned hits, unsigned sent)
{
    double end = tc_now() + TC_WAIT_MS / 1000.0;
    bool ok = false;
    pthread_mutex_lock(&cs.lock);
    cs_route *r = cs_find(path);
    while (r != NULL && !cs.stop && tc_now() < end) {
        if (r->hits >= hits && r->sent >= sent) {
            ok = true;
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&cs.cond, &cs.lock, &ts);
    }
    pthread_mutex_unlock(&cs.lock);
    if (!ok)
        tc_fail(nm("the scripted server's %s", path), "did not reach %u requests and %u sends", hits, sent);
    return ok;
}

/* Requests the route `path` has received so far. */
static unsigned cs_hits(const char *path)
{
    pthread_mutex_lock(&cs.lock);
    cs_route *r = cs_find(path);
    unsigned hits = r != NULL ? r->hits : 0;
    pthread_mutex_unlock(&cs.lock);
    return hits;
}

/* The method and body of the last request the route `path` received. */
static void cs_last(const char *path, char *method, size_t msize, char *body, size_t bsize)
{
    pthread_mutex_lock(&cs.lock);
    cs_route *r = cs_find(path);
    snprintf(method, msize, "%s", r ? r->last_method : "");
    snprintf(body, bsize, "%s", r ? r->last_body : "");
    pthread_mutex_unlock(&cs.lock);
}

/* Waits until the peer's kernel has acknowledged every byte sent on fd (the send queue is
 * empty), the server stops, or the usual wait is over. */
static void cs_wait_acknowledged(int fd)
{
    double end = tc_now() + TC_WAIT_MS / 1000.0;
    for (;;) {
        int queued = 0;
        if (ioctl(fd, SIOCOUTQ, &queued) != 0 || queued == 0 || tc_now() > end)
            return;
        pthread_mutex_lock(&cs.lock);
        bool stop = cs.stop;
        pthread_mutex_unlock(&cs.lock);
        if (stop)
            return;
        tc_sleep_ms(1);
    }
}

static bool cs_send_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Waits for the go meant for the request with place `ticket` on route r (the lock is not held):
 * the n-th go given for a route lets on its n-th request, so a go meant for a request the test
 * has just cancelled never lets a later request of that route through (every route has at most
 * one GO step). There is no time limit: a request nobody lets go stays unanswered until the
 * server stops (then false), so a test that cancels it knows the server never answered. */
static bool cs_wait_go(cs_route *r, unsigned ticket)
{
    bool ok = false;
    pthread_mutex_lock(&cs.lock);
    while (!cs.stop) {
        if (r->go_given > ticket) {
            ok = true;
            break;
        }
        pthread_cond_wait(&cs.cond, &cs.lock);
    }
    pthread_mutex_unlock(&cs.lock);
    return ok;
}

/* Finds `name:` (any case) at the start of a line of the head and returns its value. */
static const char *cs_header(const char *head, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p != NULL; p = strstr(p + 2, "\r\n")) {
        if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':') {
            const char *v = p + 3 + n;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return NULL;
}

static void *cs_serve(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char buf[16384];
    size_t have = 0;
    for (;;) {
        /* Read one request head. */
        char *end = NULL;
        while ((end = (have > 0 ? strstr(buf, "\r\n\r\n") : NULL)) == NULL) {
            if (have >= sizeof buf - 1)
                return NULL;
            ssize_t n = recv(fd, buf + have, sizeof buf - 1 - have, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return NULL;
            have += (size_t)n;
            buf[have] = '\0';
            if (!(buf[0] >= 'A' && buf[0] <= 'Z')) {
                /* Not HTTP (a TLS ClientHello, say): answer 400 and close. */
                static const char bad[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
                cs_send_all(fd, bad, sizeof bad - 1);
                shutdown(fd, SHUT_WR);
                return NULL;
            }
        }
        size_t head_len = (size_t)(end - buf) + 4;
        char head[4096];
        snprintf(head, sizeof head, "%.*s", (int)(head_len < sizeof head ? head_len : sizeof head - 1), buf);
        memmove(buf, buf + head_len, have - head_len);
        have -= head_len;
        /* Its body (Content-Length framing only) is read; the first bytes are kept. */
        const char *cl = cs_header(head, "Content-Length");
        size_t need = cl != NULL ? (size_t)strtoul(cl, NULL, 10) : 0;
        char body[64];
        size_t body_len = 0;
        size_t take = have < need ? have : need;
        body_len = take < sizeof body - 1 ? take : sizeof body - 1;
        memcpy(body, buf, body_len);
        memmove(buf, buf + take, have - take);
        have -= take;
        need -= take;
        while (need > 0) {
            char chunk[4096];
            ssize_t n = recv(fd, chunk, need < sizeof chunk ? need : sizeof chunk, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return NULL;
            size_t keep = sizeof body - 1 - body_len;
            if (keep > (size_t)n)
                keep = (size_t)n;
            memcpy(body + body_len, chunk, keep);
            body_len += keep;
            need -= (size_t)n;
        }
        body[body_len] = '\0';
        buf[have] = '\0';

        char method[16] = "", path[512] = "";
        sscanf(head, "%15s %511s", method, path);
        char *q = strchr(path, '?');
        if (q != NULL)
            *q = '\0';
        pthread_mutex_lock(&cs.lock);
        cs_route *r = cs_find(path);
        if (r != NULL) {
            r->hits++;
            snprintf(r->last_method, sizeof r->last_method, "%s", method);
            snprintf(r->last_body, sizeof r->last_body, "%s", body);
            pthread_cond_broadcast(&cs.cond);
        }
        pthread_mutex_unlock(&cs.lock);
        if (r != NULL && r->needs_auth && cs_header(head, "Authorization") == NULL) {
            static const char challenge[] = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"rinet\"\r\n"
                                            "Content-Length: 0\r\n\r\n";
            if (!cs_send_all(fd, challenge, sizeof challenge - 1))
                return NULL;
            continue;
        }
        if (r == NULL) {
            static const char nf[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found";
            if (!cs_send_all(fd, nf, sizeof nf - 1))
                return NULL;
            continue;
        }
        /* The request's place among this route's requests, taken before anything is answered:
         * a request the client sends after seeing this answer gets a later one. */
        pthread_mutex_lock(&cs.lock);
        unsigned ticket = cs_go_tickets[r - cs_routes]++;
        pthread_mutex_unlock(&cs.lock);
        for (const cs_step *s = r->steps; s->op != CS_END; s++) {
            if (s->op == CS_SEND) {
                if (!cs_send_all(fd, s->data, s->len))
                    return NULL;
                cs_wait_acknowledged(fd);
                pthread_mutex_lock(&cs.lock);
                r->sent++;
                pthread_cond_broadcast(&cs.cond);
                pthread_mutex_unlock(&cs.lock);
            } else if (s->op == CS_GO) {
                if (!cs_wait_go(r, ticket))
                    return NULL;
            } else if (s->op == CS_CLOSE) {
                shutdown(fd, SHUT_WR);
                char scratch[1024];
                while (recv(fd, scratch, sizeof scratch, 0) > 0) {
                }
                return NULL;
            }
        }
    }
}

static void *cs_accept_loop(void *arg)
{
    (void)arg;
    for (;;) {
        int fd = accept(cs.listen_fd, NULL, NULL);
        pthread_mutex_lock(&cs.lock);
        bool stop = cs.stop;
        pthread_mutex_unlock(&cs.lock);
        if (stop) {
            if (fd >= 0)
                close(fd);
            return NULL;
        }
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return NULL;
        }
        pthread_mutex_lock(&cs.lock);
        if (cs.nconns == CS_MAX_CONNS) {
            pthread_mutex_unlock(&cs.lock);
            close(fd);
            continue;
        }
        cs.accepts++;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        int i = cs.nconns;
        cs.fds[i] = fd;
        if (pthread_create(&cs.threads[i], NULL, cs_serve, (void *)(intptr_t)fd) == 0)
            cs.nconns++;
        else
            close(fd);
        pthread_mutex_unlock(&cs.lock);
    }
}

static bool cs_start(void)
{
    cs.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (cs.listen_fd < 0)
        return false;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(cs.listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(cs.listen_fd, 64) != 0 ||
        getsockname(cs.listen_fd, (struct sockaddr *)&addr, &len) != 0) {
        close(cs.listen_fd);
        return false;
    }
    cs.port = ntohs(addr.sin_port);
    cs.running = pthread_create(&cs.acceptor, NULL, cs_accept_loop, NULL) == 0;
    return cs.running;
}

static void cs_stop(void)
{
    if (!cs.running)
        return;
    pthread_mutex_lock(&cs.lock);
    cs.stop = true;
    pthread_cond_broadcast(&cs.cond);
    pthread_mutex_unlock(&cs.lock);
    shutdown(cs.listen_fd, SHUT_RDWR);
    pthread_join(cs.acceptor, NULL);
    for (int i = 0; i < cs.nconns; i++)
        shutdown(cs.fds[i], SHUT_RDWR);
    for (int i = 0; i < cs.nconns; i++) {
        pthread_join(cs.threads[i], NULL);
        close(cs.fds[i]);
    }
    close(cs.listen_fd);
    cs.running = false;
}

/* ======================================================================================== */
/* Request helpers                                                                          */
/* ======================================================================================== */

/* A connect handle to rinet's test server (script false) or the scripted server (true). */
static HINTERNET cf_connect(HINTERNET s, bool script, DWORD_PTR ctx)
{
    return InternetConnectA(s, tc_host, script ? cs.port : tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, ctx);
}

static HINTERNET cf_request(HINTERNET c, const char *verb, const char *path, DWORD flags, DWORD_PTR ctx)
{
    return HttpOpenRequestA(c, verb, path, NULL, NULL, NULL, flags | INTERNET_FLAG_RELOAD, ctx);
}

/* Sends a request (optionally with headers and a body) and waits for it to finish. Returns 0
 * or the error. */
static DWORD cf_send(HINTERNET r, DWORD_PTR ctx, const char *headers, const void *body, DWORD len)
{
    size_t mark = tc_mark();
    return tc_await(HttpSendRequestA(r, headers, headers ? (DWORD)-1 : 0, (LPVOID)body, len), r, ctx, mark, NULL);
}

/* HttpQueryInfo as a string into buf (size bytes); returns the GetLastError (0 on success). */
static DWORD cf_query(HINTERNET r, DWORD level, char *buf, DWORD size, DWORD *len_out)
{
    DWORD len = size;
    BOOL ok = HttpQueryInfoA(r, level, buf, &len, NULL);
    DWORD err = ok ? 0 : GetLastError();
    if (len_out)
        *len_out = len;
    return err;
}

static DWORD cf_status(HINTERNET r)
{
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL))
        return 0;
    return code;
}

/* The URL of request r (INTERNET_OPTION_URL), or "" */
static const char *cf_url(HINTERNET r)
{
    static char url[512];
    DWORD len = sizeof url;
    if (!InternetQueryOptionA(r, INTERNET_OPTION_URL, url, &len))
        url[0] = '\0';
    return url;
}

/* Sends GET or POST /headers on a fresh request (flags, extra headers, body) in session s and
 * returns the request head the server received, in out (empty on failure). */
static bool cf_wire_head(HINTERNET c, const char *verb, DWORD flags, const char *add, DWORD add_mod,
                         const char *send_headers, const void *body, DWORD len, tc_buf *out)
{
    DWORD_PTR ctx = cf_ctx();
    HINTERNET r = cf_request(c, verb, "/headers", flags, ctx);
    if (r == NULL)
        return false;
    bool ok = true;
    if (add != NULL)
        ok = HttpAddRequestHeadersA(r, add, (DWORD)-1, add_mod) != FALSE;
    ok = ok && cf_send(r, ctx, send_headers, body, len) == 0;
    ok = ok && tc_read_all(r, ctx, 4096, out, NULL) == 0;
    InternetCloseHandle(r);
    return ok && out->data != NULL;
}

/* Counts the lines of head that start with `name:` (any case); *value gets the first value. */
static int cf_head_count(const char *head, const char *name, char *value, size_t size)
{
    int n = 0;
    size_t len = strlen(name);
    if (value && size)
        value[0] = '\0';
    for (const char *p = strstr(head, "\r\n"); p != NULL; p = strstr(p + 2, "\r\n")) {
        if (strncasecmp(p + 2, name, len) == 0 && p[2 + len] == ':') {
            if (n == 0 && value != NULL) {
                const char *v = p + 3 + len;
                while (*v == ' ')
                    v++;
                const char *e = strstr(v, "\r\n");
                size_t vl = e ? (size_t)(e - v) : strlen(v);
                snprintf(value, size, "%.*s", (int)vl, v);
            }
            n++;
        }
    }
    return n;
}

/* Finds the notifications for ctx in [from, to) and writes their statuses, optional ones (those
 * a WinInet implementation may or may not send) left out, as names separated by spaces. */
static const char *cf_sequence(DWORD_PTR ctx, size_t from, size_t to)
{
    static char out[1024];
    out[0] = '\0';
    size_t end = tc_mark();
    if (to > end)
        to = end;
    for (size_t i = from; i < to; i++) {
        tc_note n = tc_get(i);
        if (n.context != ctx)
            continue;
        switch (n.status) {
        case INTERNET_STATUS_RESOLVING_NAME:
        case INTERNET_STATUS_NAME_RESOLVED:
        case INTERNET_STATUS_DETECTING_PROXY:
        case INTERNET_STATUS_COOKIE_SENT:
        case INTERNET_STATUS_COOKIE_RECEIVED:
        case INTERNET_STATUS_STATE_CHANGE:
        case INTERNET_STATUS_INTERMEDIATE_RESPONSE:
            continue;
        default:
            break;
        }
        if (out[0] != '\0')
            strncat(out, " ", sizeof out - strlen(out) - 1);
        strncat(out, tc_status_name(n.status), sizeof out - strlen(out) - 1);
    }
    return out;
}

/* ======================================================================================== */
/* Constants and layout                                                                     */
/* ======================================================================================== */

typedef struct {
    const char *name;
    long long got, want;
} cf_const;

#define K(name, want) {#name, (long long)(name), (long long)(want)}

/* Passes when every entry of the table has its WinInet value; names the ones that do not. */
static void cf_check_table(const char *what, const cf_const *t, size_t n)
{
    char bad[512] = "";
    for (size_t i = 0; i < n; i++) {
        if (t[i].got != t[i].want) {
            char one[128];
            snprintf(one, sizeof one, "%s%s=%lld (want %lld)", bad[0] ? ", " : "", t[i].name, t[i].got, t[i].want);
            strncat(bad, one, sizeof bad - strlen(bad) - 1);
        }
    }
    if (bad[0] == '\0')
        tc_ok(nm("%s: %zu values match WinInet", what, n));
    else
        tc_fail(what, "%s", bad);
}

static void area_constants(void)
{
    cf_begin("constants & layout");

    /* Sizes of the base types on a 64-bit (LP64) target. */
    CHECK("base types: HINTERNET and DWORD_PTR are pointer-sized, DWORD and BOOL 4 bytes, INTERNET_PORT 2",
          sizeof(HINTERNET) == sizeof(void *) && sizeof(DWORD_PTR) == sizeof(void *) && sizeof(DWORD) == 4 &&
              sizeof(BOOL) == 4 && sizeof(INTERNET_PORT) == 2 && sizeof(INTERNET_SCHEME) == 4 && sizeof(WORD) == 2);

    CHECK("INTERNET_ASYNC_RESULT: 16 bytes, dwResult at 0, dwError at 8",
          sizeof(INTERNET_ASYNC_RESULT) == 16 && offsetof(INTERNET_ASYNC_RESULT, dwResult) == 0 &&
              offsetof(INTERNET_ASYNC_RESULT, dwError) == 8);

    CHECK("INTERNET_BUFFERSA: 56 bytes, fields at 0 8 16 24 28 32 40 44 48 52",
          sizeof(INTERNET_BUFFERSA) == 56 && offsetof(INTERNET_BUFFERSA, dwStructSize) == 0 &&
              offsetof(INTERNET_BUFFERSA, Next) == 8 && offsetof(INTERNET_BUFFERSA, lpcszHeader) == 16 &&
              offsetof(INTERNET_BUFFERSA, dwHeadersLength) == 24 && offsetof(INTERNET_BUFFERSA, dwHeadersTotal) == 28 &&
              offsetof(INTERNET_BUFFERSA, lpvBuffer) == 32 && offsetof(INTERNET_BUFFERSA, dwBufferLength) == 40 &&
              offsetof(INTERNET_BUFFERSA, dwBufferTotal) == 44 && offsetof(INTERNET_BUFFERSA, dwOffsetLow) == 48 &&
              offsetof(INTERNET_BUFFERSA, dwOffsetHigh) == 52);

    CHECK("URL_COMPONENTSA: 104 bytes, fields at 0 8 16 20 24 32 36 40 48 56 64 72 80 88 96",
          sizeof(URL_COMPONENTSA) == 104 && offsetof(URL_COMPONENTSA, dwStructSize) == 0 &&
              offsetof(URL_COMPONENTSA, lpszScheme) == 8 && offsetof(URL_COMPONENTSA, dwSchemeLength) == 16 &&
              offsetof(URL_COMPONENTSA, nScheme) == 20 && offsetof(URL_COMPONENTSA, lpszHostName) == 24 &&
              offsetof(URL_COMPONENTSA, dwHostNameLength) == 32 && offsetof(URL_COMPONENTSA, nPort) == 36 &&
              offsetof(URL_COMPONENTSA, lpszUserName) == 40 && offsetof(URL_COMPONENTSA, dwUserNameLength) == 48 &&
              offsetof(URL_COMPONENTSA, lpszPassword) == 56 && offsetof(URL_COMPONENTSA, dwPasswordLength) == 64 &&
              offsetof(URL_COMPONENTSA, lpszUrlPath) == 72 && offsetof(URL_COMPONENTSA, dwUrlPathLength) == 80 &&
              offsetof(URL_COMPONENTSA, lpszExtraInfo) == 88 && offsetof(URL_COMPONENTSA, dwExtraInfoLength) == 96);

    CHECK("HTTP_VERSION_INFO: 8 bytes; INTERNET_PROXY_INFO: 24 bytes, fields at 0 8 16",
          sizeof(HTTP_VERSION_INFO) == 8 && offsetof(HTTP_VERSION_INFO, dwMinorVersion) == 4 &&
              sizeof(INTERNET_PROXY_INFO) == 24 && offsetof(INTERNET_PROXY_INFO, dwAccessType) == 0 &&
              offsetof(INTERNET_PROXY_INFO, lpszProxy) == 8 && offsetof(INTERNET_PROXY_INFO, lpszProxyBypass) == 16);

    CHECK("SYSTEMTIME: 16 bytes, eight WORDs in WinInet's order",
          sizeof(SYSTEMTIME) == 16 && offsetof(SYSTEMTIME, wYear) == 0 && offsetof(SYSTEMTIME, wMonth) == 2 &&
              offsetof(SYSTEMTIME, wDayOfWeek) == 4 && offsetof(SYSTEMTIME, wDay) == 6 &&
              offsetof(SYSTEMTIME, wMilliseconds) == 14);

    CHECK("INTERNET_INVALID_STATUS_CALLBACK is (INTERNET_STATUS_CALLBACK)-1",
          (intptr_t)INTERNET_INVALID_STATUS_CALLBACK == (intptr_t)-1);

    static const cf_const schemes[] = {
        K(INTERNET_SCHEME_PARTIAL, -2), K(INTERNET_SCHEME_UNKNOWN, -1), K(INTERNET_SCHEME_DEFAULT, 0),
        K(INTERNET_SCHEME_FTP, 1),      K(INTERNET_SCHEME_GOPHER, 2),   K(INTERNET_SCHEME_HTTP, 3),
        K(INTERNET_SCHEME_HTTPS, 4),    K(INTERNET_SCHEME_FILE, 5),     K(INTERNET_SCHEME_NEWS, 6),
        K(INTERNET_SCHEME_MAILTO, 7),   K(INTERNET_SCHEME_SOCKS, 8),
    };
    cf_check_table("INTERNET_SCHEME_*", schemes, sizeof schemes / sizeof schemes[0]);

    static const cf_const status[] = {
        K(INTERNET_STATUS_RESOLVING_NAME, 10),     K(INTERNET_STATUS_NAME_RESOLVED, 11),
        K(INTERNET_STATUS_CONNECTING_TO_SERVER, 20), K(INTERNET_STATUS_CONNECTED_TO_SERVER, 21),
        K(INTERNET_STATUS_SENDING_REQUEST, 30),    K(INTERNET_STATUS_REQUEST_SENT, 31),
        K(INTERNET_STATUS_RECEIVING_RESPONSE, 40), K(INTERNET_STATUS_RESPONSE_RECEIVED, 41),
        K(INTERNET_STATUS_CTL_RESPONSE_RECEIVED, 42), K(INTERNET_STATUS_PREFETCH, 43),
        K(INTERNET_STATUS_CLOSING_CONNECTION, 50), K(INTERNET_STATUS_CONNECTION_CLOSED, 51),
        K(INTERNET_STATUS_HANDLE_CREATED, 60),     K(INTERNET_STATUS_HANDLE_CLOSING, 70),
        K(INTERNET_STATUS_DETECTING_PROXY, 80),    K(INTERNET_STATUS_REQUEST_COMPLETE, 100),
        K(INTERNET_STATUS_REDIRECT, 110),          K(INTERNET_STATUS_INTERMEDIATE_RESPONSE, 120),
        K(INTERNET_STATUS_USER_INPUT_REQUIRED, 140), K(INTERNET_STATUS_STATE_CHANGE, 200),
        K(INTERNET_STATUS_COOKIE_SENT, 320),       K(INTERNET_STATUS_COOKIE_RECEIVED, 321),
        K(INTERNET_STATUS_PRIVACY_IMPACTED, 324),  K(INTERNET_STATUS_P3P_HEADER, 325),
        K(INTERNET_STATUS_P3P_POLICYREF, 326),     K(INTERNET_STATUS_COOKIE_HISTORY, 327),
    };
    cf_check_table("INTERNET_STATUS_*", status, sizeof status / sizeof status[0]);

    static const cf_const states[] = {
        K(INTERNET_STATE_CONNECTED, 1), K(INTERNET_STATE_DISCONNECTED, 2), K(INTERNET_STATE_DISCONNECTED_BY_USER, 0x10),
        K(INTERNET_STATE_IDLE, 0x100),  K(INTERNET_STATE_BUSY, 0x200),
    };
    cf_check_table("INTERNET_STATE_*", states, sizeof states / sizeof states[0]);

    static const cf_const kinds[] = {
        K(INTERNET_HANDLE_TYPE_INTERNET, 1),     K(INTERNET_HANDLE_TYPE_CONNECT_FTP, 2),
        K(INTERNET_HANDLE_TYPE_CONNECT_GOPHER, 3), K(INTERNET_HANDLE_TYPE_CONNECT_HTTP, 4),
        K(INTERNET_HANDLE_TYPE_HTTP_REQUEST, 13), K(INTERNET_SERVICE_FTP, 1),
        K(INTERNET_SERVICE_GOPHER, 2),           K(INTERNET_SERVICE_HTTP, 3),
        K(INTERNET_OPEN_TYPE_PRECONFIG, 0),      K(INTERNET_OPEN_TYPE_DIRECT, 1),
        K(INTERNET_OPEN_TYPE_PROXY, 3),          K(INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY, 4),
        K(INTERNET_INVALID_PORT_NUMBER, 0),      K(INTERNET_DEFAULT_HTTP_PORT, 80),
        K(INTERNET_DEFAULT_HTTPS_PORT, 443),     K(INTERNET_DEFAULT_FTP_PORT, 21),
    };
    cf_check_table("handle types, services, access types, default ports", kinds, sizeof kinds / sizeof kinds[0]);

    static const cf_const flags[] = {
        K(INTERNET_FLAG_RELOAD, 0x80000000u),        K(INTERNET_FLAG_RAW_DATA, 0x40000000),
        K(INTERNET_FLAG_EXISTING_CONNECT, 0x20000000), K(INTERNET_FLAG_ASYNC, 0x10000000),
        K(INTERNET_FLAG_PASSIVE, 0x08000000),        K(INTERNET_FLAG_NO_CACHE_WRITE, 0x04000000),
        K(INTERNET_FLAG_DONT_CACHE, 0x04000000),     K(INTERNET_FLAG_MAKE_PERSISTENT, 0x02000000),
        K(INTERNET_FLAG_FROM_CACHE, 0x01000000),     K(INTERNET_FLAG_OFFLINE, 0x01000000),
        K(INTERNET_FLAG_SECURE, 0x00800000),         K(INTERNET_FLAG_KEEP_CONNECTION, 0x00400000),
        K(INTERNET_FLAG_NO_AUTO_REDIRECT, 0x00200000), K(INTERNET_FLAG_READ_PREFETCH, 0x00100000),
        K(INTERNET_FLAG_NO_COOKIES, 0x00080000),     K(INTERNET_FLAG_NO_AUTH, 0x00040000),
        K(INTERNET_FLAG_RESTRICTED_ZONE, 0x00020000), K(INTERNET_FLAG_CACHE_IF_NET_FAIL, 0x00010000),
        K(INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP, 0x8000), K(INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS, 0x4000),
        K(INTERNET_FLAG_IGNORE_CERT_DATE_INVALID, 0x2000), K(INTERNET_FLAG_IGNORE_CERT_CN_INVALID, 0x1000),
        K(INTERNET_FLAG_RESYNCHRONIZE, 0x800),       K(INTERNET_FLAG_HYPERLINK, 0x400),
        K(INTERNET_FLAG_NO_UI, 0x200),               K(INTERNET_FLAG_PRAGMA_NOCACHE, 0x100),
        K(INTERNET_FLAG_CACHE_ASYNC, 0x80),          K(INTERNET_FLAG_FORMS_SUBMIT, 0x40),
        K(INTERNET_FLAG_FWD_BACK, 0x20),             K(INTERNET_FLAG_NEED_FILE, 0x10),
        K(INTERNET_FLAG_MUST_CACHE_REQUEST, 0x10),
    };
    cf_check_table("INTERNET_FLAG_*", flags, sizeof flags / sizeof flags[0]);

    static const cf_const api[] = {
        K(WININET_API_FLAG_ASYNC, 1), K(WININET_API_FLAG_SYNC, 4), K(WININET_API_FLAG_USE_CONTEXT, 8),
        K(IRF_ASYNC, 1),              K(IRF_SYNC, 4),              K(IRF_USE_CONTEXT, 8),
        K(IRF_NO_WAIT, 8),            K(HSR_ASYNC, 1),             K(HSR_SYNC, 4),
        K(HSR_USE_CONTEXT, 8),        K(HSR_INITIATE, 8),          K(HSR_DOWNLOAD, 0x10),
        K(HSR_CHUNKED, 0x20),         K(INTERNET_REQFLAG_FROM_CACHE, 1), K(INTERNET_REQFLAG_ASYNC, 2),
        K(INTERNET_REQFLAG_VIA_PROXY, 4), K(INTERNET_REQFLAG_NO_HEADERS, 8), K(INTERNET_REQFLAG_PASSIVE, 0x10),
        K(INTERNET_REQFLAG_CACHE_WRITE_DISABLED, 0x40), K(INTERNET_REQFLAG_NET_TIMEOUT, 0x80),
    };
    cf_check_table("WININET_API_FLAG_*, IRF_*, HSR_*, INTERNET_REQFLAG_*", api, sizeof api / sizeof api[0]);

    static const cf_const options[] = {
        K(INTERNET_OPTION_CALLBACK, 1),            K(INTERNET_OPTION_CONNECT_TIMEOUT, 2),
        K(INTERNET_OPTION_CONNECT_RETRIES, 3),     K(INTERNET_OPTION_CONNECT_BACKOFF, 4),
        K(INTERNET_OPTION_SEND_TIMEOUT, 5),        K(INTERNET_OPTION_CONTROL_SEND_TIMEOUT, 5),
        K(INTERNET_OPTION_RECEIVE_TIMEOUT, 6),     K(INTERNET_OPTION_CONTROL_RECEIVE_TIMEOUT, 6),
        K(INTERNET_OPTION_DATA_SEND_TIMEOUT, 7),   K(INTERNET_OPTION_DATA_RECEIVE_TIMEOUT, 8),
        K(INTERNET_OPTION_HANDLE_TYPE, 9),         K(INTERNET_OPTION_READ_BUFFER_SIZE, 12),
        K(INTERNET_OPTION_WRITE_BUFFER_SIZE, 13),  K(INTERNET_OPTION_PARENT_HANDLE, 21),
        K(INTERNET_OPTION_KEEP_CONNECTION, 22),    K(INTERNET_OPTION_REQUEST_FLAGS, 23),
        K(INTERNET_OPTION_EXTENDED_ERROR, 24),     K(INTERNET_OPTION_USERNAME, 28),
        K(INTERNET_OPTION_PASSWORD, 29),           K(INTERNET_OPTION_SECURITY_FLAGS, 31),
        K(INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, 32), K(INTERNET_OPTION_URL, 34),
        K(INTERNET_OPTION_SECURITY_CERTIFICATE, 35), K(INTERNET_OPTION_PROXY, 38),
        K(INTERNET_OPTION_SETTINGS_CHANGED, 39),   K(INTERNET_OPTION_VERSION, 40),
        K(INTERNET_OPTION_USER_AGENT, 41),         K(INTERNET_OPTION_END_BROWSER_SESSION, 42),
        K(INTERNET_OPTION_PROXY_USERNAME, 43),     K(INTERNET_OPTION_PROXY_PASSWORD, 44),
        K(INTERNET_OPTION_CONTEXT_VALUE, 45),      K(INTERNET_OPTION_CONNECT_LIMIT, 46),
        K(INTERNET_OPTION_HTTP_VERSION, 59),       K(INTERNET_OPTION_ERROR_MASK, 62),
        K(INTERNET_OPTION_HTTP_DECODING, 65),      K(INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO, 67),
        K(INTERNET_OPTION_MAX_CONNS_PER_SERVER, 73), K(INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER, 74),
        K(INTERNET_OPTION_PER_CONNECTION_OPTION, 75), K(INTERNET_OPTION_IGNORE_OFFLINE, 77),
        K(INTERNET_OPTION_MAX_CONNS_PER_PROXY, 103), K(INTERNET_OPTION_SUPPRESS_SERVER_AUTH, 104),
        K(INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT, 105), K(INTERNET_OPTION_COMPRESSED_CONTENT_LENGTH, 147),
        K(INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, 148), K(INTERNET_OPTION_HTTP_PROTOCOL_USED, 149),
    };
    cf_check_table("INTERNET_OPTION_*", options, sizeof options / sizeof options[0]);

    static const cf_const security[] = {
        K(SECURITY_FLAG_SECURE, 1),                    K(SECURITY_FLAG_IGNORE_REVOCATION, 0x80),
        K(SECURITY_FLAG_IGNORE_UNKNOWN_CA, 0x100),     K(SECURITY_FLAG_IGNORE_WRONG_USAGE, 0x200),
        K(SECURITY_FLAG_IGNORE_CERT_CN_INVALID, 0x1000), K(SECURITY_FLAG_IGNORE_CERT_DATE_INVALID, 0x2000),
        K(SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTPS, 0x4000), K(SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP, 0x8000),
        K(SECURITY_FLAG_STRENGTH_WEAK, 0x10000000),    K(SECURITY_FLAG_STRENGTH_STRONG, 0x20000000),
        K(SECURITY_FLAG_STRENGTH_MEDIUM, 0x40000000),  K(INTERNET_ERROR_MASK_INSERT_CDROM, 1),
        K(INTERNET_ERROR_MASK_COMBINED_SEC_CERT, 2),   K(INTERNET_ERROR_MASK_NEED_MSN_SSPI_PKG, 4),
        K(INTERNET_ERROR_MASK_LOGIN_FAILURE_DISPLAY_ENTITY_BODY, 8),
    };
    cf_check_table("SECURITY_FLAG_*, INTERNET_ERROR_MASK_*", security, sizeof security / sizeof security[0]);

    static const cf_const errors[] = {
        K(ERROR_SUCCESS, 0),                K(ERROR_FILE_NOT_FOUND, 2),         K(ERROR_INVALID_HANDLE, 6),
        K(ERROR_NOT_ENOUGH_MEMORY, 8),      K(ERROR_OUTOFMEMORY, 14),           K(ERROR_NO_MORE_FILES, 18),
        K(ERROR_INVALID_PARAMETER, 87),     K(ERROR_CALL_NOT_IMPLEMENTED, 120), K(ERROR_INSUFFICIENT_BUFFER, 122),
        K(ERROR_BAD_ARGUMENTS, 160),        K(ERROR_NO_MORE_ITEMS, 259),        K(ERROR_IO_PENDING, 997),
        K(INTERNET_ERROR_BASE, 12000),      K(ERROR_INTERNET_OUT_OF_HANDLES, 12001), K(ERROR_INTERNET_TIMEOUT, 12002),
        K(ERROR_INTERNET_EXTENDED_ERROR, 12003), K(ERROR_INTERNET_INTERNAL_ERROR, 12004),
        K(ERROR_INTERNET_INVALID_URL, 12005), K(ERROR_INTERNET_UNRECOGNIZED_SCHEME, 12006),
        K(ERROR_INTERNET_NAME_NOT_RESOLVED, 12007), K(ERROR_INTERNET_PROTOCOL_NOT_FOUND, 12008),
        K(ERROR_INTERNET_INVALID_OPTION, 12009), K(ERROR_INTERNET_BAD_OPTION_LENGTH, 12010),
        K(ERROR_INTERNET_OPTION_NOT_SETTABLE, 12011), K(ERROR_INTERNET_SHUTDOWN, 12012),
        K(ERROR_INTERNET_INVALID_OPERATION, 12016), K(ERROR_INTERNET_OPERATION_CANCELLED, 12017),
        K(ERROR_INTERNET_INCORRECT_HANDLE_TYPE, 12018), K(ERROR_INTERNET_INCORRECT_HANDLE_STATE, 12019),
        K(ERROR_INTERNET_ITEM_NOT_FOUND, 12028), K(ERROR_INTERNET_CANNOT_CONNECT, 12029),
        K(ERROR_INTERNET_CONNECTION_ABORTED, 12030), K(ERROR_INTERNET_CONNECTION_RESET, 12031),
        K(ERROR_INTERNET_SEC_CERT_DATE_INVALID, 12037), K(ERROR_INTERNET_SEC_CERT_CN_INVALID, 12038),
        K(ERROR_INTERNET_INVALID_CA, 12045), K(ERROR_INTERNET_SEC_CERT_ERRORS, 12055),
        K(ERROR_HTTP_HEADER_NOT_FOUND, 12150), K(ERROR_HTTP_INVALID_SERVER_RESPONSE, 12152),
        K(ERROR_HTTP_INVALID_HEADER, 12153), K(ERROR_HTTP_INVALID_QUERY_REQUEST, 12154),
        K(ERROR_HTTP_HEADER_ALREADY_EXISTS, 12155), K(ERROR_HTTP_REDIRECT_FAILED, 12156),
        K(ERROR_INTERNET_SECURITY_CHANNEL_ERROR, 12157), K(ERROR_INTERNET_DECODING_FAILED, 12175),
        K(INTERNET_ERROR_LAST, 12192),
    };
    cf_check_table("error codes", errors, sizeof errors / sizeof errors[0]);

    static const cf_const levels[] = {
        K(HTTP_QUERY_MIME_VERSION, 0),    K(HTTP_QUERY_CONTENT_TYPE, 1),     K(HTTP_QUERY_CONTENT_LENGTH, 5),
        K(HTTP_QUERY_DATE, 9),            K(HTTP_QUERY_EXPIRES, 10),         K(HTTP_QUERY_LAST_MODIFIED, 11),
        K(HTTP_QUERY_PRAGMA, 17),         K(HTTP_QUERY_VERSION, 18),         K(HTTP_QUERY_STATUS_CODE, 19),
        K(HTTP_QUERY_STATUS_TEXT, 20),    K(HTTP_QUERY_RAW_HEADERS, 21),     K(HTTP_QUERY_RAW_HEADERS_CRLF, 22),
        K(HTTP_QUERY_CONNECTION, 23),     K(HTTP_QUERY_ACCEPT, 24),          K(HTTP_QUERY_AUTHORIZATION, 28),
        K(HTTP_QUERY_CONTENT_ENCODING, 29), K(HTTP_QUERY_LOCATION, 33),      K(HTTP_QUERY_SERVER, 37),
        K(HTTP_QUERY_USER_AGENT, 39),     K(HTTP_QUERY_WWW_AUTHENTICATE, 40), K(HTTP_QUERY_SET_COOKIE, 43),
        K(HTTP_QUERY_COOKIE, 44),         K(HTTP_QUERY_REQUEST_METHOD, 45),  K(HTTP_QUERY_CACHE_CONTROL, 49),
        K(HTTP_QUERY_ETAG, 54),           K(HTTP_QUERY_HOST, 55),            K(HTTP_QUERY_TRANSFER_ENCODING, 63),
        K(HTTP_QUERY_VARY, 65),           K(HTTP_QUERY_EXPECT, 68),          K(HTTP_QUERY_KEEP_ALIVE, 89),
        K(HTTP_QUERY_MAX, 95),            K(HTTP_QUERY_CUSTOM, 65535),
    };
    cf_check_table("HTTP_QUERY_* levels", levels, sizeof levels / sizeof levels[0]);

    static const cf_const qflags[] = {
        K(HTTP_QUERY_FLAG_REQUEST_HEADERS, 0x80000000u), K(HTTP_QUERY_FLAG_SYSTEMTIME, 0x40000000),
        K(HTTP_QUERY_FLAG_NUMBER, 0x20000000),           K(HTTP_QUERY_FLAG_COALESCE, 0x10000000),
        K(HTTP_QUERY_FLAG_NUMBER64, 0x08000000),         K(HTTP_QUERY_FLAG_COALESCE_WITH_COMMA, 0x04000000),
        K(HTTP_QUERY_MODIFIER_FLAGS_MASK, 0xFC000000u),  K(HTTP_QUERY_HEADER_MASK, 0x03FFFFFF),
    };
    cf_check_table("HTTP_QUERY_FLAG_* and masks", qflags, sizeof qflags / sizeof qflags[0]);

    static const cf_const addreq[] = {
        K(HTTP_ADDREQ_INDEX_MASK, 0x0000FFFF),       K(HTTP_ADDREQ_FLAGS_MASK, 0xFFFF0000u),
        K(HTTP_ADDREQ_FLAG_ADD_IF_NEW, 0x10000000),  K(HTTP_ADDREQ_FLAG_ADD, 0x20000000),
        K(HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA, 0x40000000), K(HTTP_ADDREQ_FLAG_COALESCE, 0x40000000),
        K(HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON, 0x01000000), K(HTTP_ADDREQ_FLAG_REPLACE, 0x80000000u),
    };
    cf_check_table("HTTP_ADDREQ_*", addreq, sizeof addreq / sizeof addreq[0]);

    static const cf_const icu[] = {
        K(ICU_ESCAPE, 0x80000000u),     K(ICU_USERNAME, 0x40000000),       K(ICU_NO_ENCODE, 0x20000000),
        K(ICU_DECODE, 0x10000000),      K(ICU_NO_META, 0x08000000),        K(ICU_ENCODE_SPACES_ONLY, 0x04000000),
        K(ICU_BROWSER_MODE, 0x02000000), K(ICU_ENCODE_PERCENT, 0x00001000),
    };
    cf_check_table("ICU_*", icu, sizeof icu / sizeof icu[0]);

    cf_end();
}

/* ======================================================================================== */
/* Notifications                                                                            */
/* ======================================================================================== */

/* The index of the only `status` note for ctx in [from, to), or -1 (none, or more than one). */
static long cf_only(DWORD status, DWORD_PTR ctx, size_t from, size_t to)
{
    if (tc_count(status, NULL, ctx, from, to) != 1)
        return -1;
    long i = tc_wait_for(status, NULL, ctx, from, 0);
    return i >= 0 && (size_t)i < to ? i : -1;
}

/* Notes in [from, to) for handle h whose context is not ctx. */
static size_t cf_foreign(HINTERNET h, DWORD_PTR ctx, size_t from, size_t to)
{
    size_t n = 0, end = tc_mark();
    if (to > end)
        to = end;
    for (size_t i = from; i < to; i++) {
        tc_note note = tc_get(i);
        if (note.handle == h && note.context != ctx)
            n++;
    }
    return n;
}

/* Items 1, 3, 4, 5, 6, 7: an asynchronous GET from creation to the session's close. */
static void notify_async_get(void)
{
    HINTERNET s = cf_open(true);
    if (s == NULL)
        return;
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();

    size_t m0 = tc_mark();
    HINTERNET c = cf_connect(s, false, cc);
    size_t m1 = tc_mark();
    long i = cf_only(INTERNET_STATUS_HANDLE_CREATED, cc, m0, m1);
    tc_note n = i >= 0 ? tc_get((size_t)i) : (tc_note){0};
    CHECK("[6] InternetConnect sends one HANDLE_CREATED, on the caller's thread, before it returns",
          c != NULL && i >= 0 && n.on_main);
    CHECK("[5] HANDLE_CREATED of InternetConnect: dwResult is the new handle, length sizeof(HINTERNET)",
          i >= 0 && n.result == (uintptr_t)c && n.info_len == sizeof(HINTERNET) && n.handle == c);

    m0 = tc_mark();
    HINTERNET r = c ? cf_request(c, "GET", "/bytes/1000", 0, rc) : NULL;
    m1 = tc_mark();
    i = cf_only(INTERNET_STATUS_HANDLE_CREATED, rc, m0, m1);
    n = i >= 0 ? tc_get((size_t)i) : (tc_note){0};
    CHECK("[6] HttpOpenRequest sends one HANDLE_CREATED, on the caller's thread, before it returns",
          r != NULL && i >= 0 && n.on_main);
    CHECK("[5] HANDLE_CREATED of HttpOpenRequest: dwResult is the new handle, length sizeof(HINTERNET)",
          i >= 0 && n.result == (uintptr_t)r && n.info_len == sizeof(HINTERNET) && n.handle == r);
    if (r == NULL) {
        cf_close(s);
        return;
    }

    size_t ms = tc_mark();
    SetLastError(0xdeadbeef);
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    CHECK("[1] asynchronous HttpSendRequest returns FALSE with ERROR_IO_PENDING", !ok && err == ERROR_IO_PENDING);
    long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, ms, TC_WAIT_MS);
    n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    CHECK("[1] then REQUEST_COMPLETE {1, 0}", ic >= 0 && n.result == 1 && n.error == 0);
    CHECK("[5] REQUEST_COMPLETE: length sizeof(INTERNET_ASYNC_RESULT), for the request handle, not on the caller's "
          "thread",
          ic >= 0 && n.info_len == sizeof(INTERNET_ASYNC_RESULT) && n.handle == r && !n.on_main);
    if (ic < 0) {
        tc_dump("send", NULL, rc, ms, SIZE_MAX);
        cf_close(s);
        return;
    }
    const char *seq = cf_sequence(rc, ms, (size_t)ic + 1);
    const char *want = "CONNECTING_TO_SERVER CONNECTED_TO_SERVER SENDING_REQUEST REQUEST_SENT RECEIVING_RESPONSE "
                       "RESPONSE_RECEIVED REQUEST_COMPLETE";
    if (strcmp(seq, want) == 0)
        tc_ok("[3] 20 21 30 31 40 41 each once, in order, then REQUEST_COMPLETE");
    else
        tc_fail("[3] 20 21 30 31 40 41 each once, in order, then REQUEST_COMPLETE", "got [%s]", seq);

    bool conn_ok = true, null_ok = true, dword_ok = true;
    int conn_seen = 0, dword_seen = 0;
    for (size_t k = ms; k <= (size_t)ic; k++) {
        tc_note x = tc_get(k);
        if (x.context != rc)
            continue;
        switch (x.status) {
        case INTERNET_STATUS_CONNECTING_TO_SERVER:
        case INTERNET_STATUS_CONNECTED_TO_SERVER:
            conn_seen++;
            conn_ok &= strcmp(x.text, "127.0.0.1") == 0 && x.info_len == strlen("127.0.0.1") + 1;
            break;
        case INTERNET_STATUS_SENDING_REQUEST:
        case INTERNET_STATUS_RECEIVING_RESPONSE:
            null_ok &= !x.has_info && x.info_len == 0;
            break;
        case INTERNET_STATUS_REQUEST_SENT:
        case INTERNET_STATUS_RESPONSE_RECEIVED:
            dword_seen++;
            dword_ok &= x.has_info && x.info_len == sizeof(DWORD) && x.result > 0;
            break;
        default:
            break;
        }
    }
    CHECK("[4] CONNECTING_TO_SERVER and CONNECTED_TO_SERVER carry the IP address as text, length strlen+1",
          conn_seen == 2 && conn_ok);
    CHECK("[5] REQUEST_SENT and RESPONSE_RECEIVED carry a DWORD byte count, length 4", dword_seen == 2 && dword_ok);
    CHECK("SENDING_REQUEST and RECEIVING_RESPONSE carry nothing (NULL, 0)", null_ok);

    tc_buf body = {0};
    DWORD rerr = tc_read_all(r, rc, 300, &body, NULL);
    if (rerr != 0)
        tc_fail("the body reads in full", "error %u", (unsigned)rerr);
    else
        tc_check_pattern("the body reads in full, byte for byte", body.data, body.len, 1000);
    tc_buf_free(&body);

    /* [7] The session has context 0: closing it closes both children, which notify. */
    cf_quiesce();
    size_t mc = tc_mark();
    CHECK_TRUE("InternetCloseHandle(session) with open children", cf_close(s));
    long ir = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, rc, mc, TC_WAIT_MS);
    long icc = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, cc, mc, TC_WAIT_MS);
    tc_sleep_ms(200);
    size_t all = tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, 0, mc, SIZE_MAX);
    CHECK_EQ("[7] closing a session of context 0 with two context-bearing children gives exactly 2 HANDLE_CLOSING",
             all, 2);
    tc_note nr = ir >= 0 ? tc_get((size_t)ir) : (tc_note){0};
    tc_note nc = icc >= 0 ? tc_get((size_t)icc) : (tc_note){0};
    bool closing_ok = ir >= 0 && icc >= 0 && ir < icc && nr.result == (uintptr_t)r && nc.result == (uintptr_t)c &&
                      nr.info_len == sizeof(HINTERNET) && nc.info_len == sizeof(HINTERNET);
    CHECK("[5] HANDLE_CLOSING carries the closed handle, length sizeof(HINTERNET); the request's comes first",
          closing_ok);
    if (!closing_ok) {
        tc_dump("closing the session: request", NULL, rc, mc, SIZE_MAX);
        tc_dump("closing the session: connect", NULL, cc, mc, SIZE_MAX);
    }
    CHECK("HANDLE_CLOSING is the last notification of each handle",
          ir >= 0 && icc >= 0 && tc_count(0, NULL, rc, (size_t)ir + 1, SIZE_MAX) == 0 &&
              tc_count(0, NULL, cc, (size_t)icc + 1, SIZE_MAX) == 0);
}

/* Item 2: a synchronous session never sends REQUEST_COMPLETE. */
static void notify_sync(void)
{
    HINTERNET s = cf_open(false);
    if (s == NULL)
        return;
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    size_t m0 = tc_mark();
    HINTERNET c = cf_connect(s, false, cc);
    HINTERNET r = c ? cf_request(c, "GET", "/chunked/5000/700", 0, rc) : NULL;
    SetLastError(0xdeadbeef);
    BOOL sent = r != NULL && HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    CHECK("synchronous HttpSendRequest returns TRUE and sets GetLastError to 0", sent && err == 0);
    tc_buf body = {0};
    DWORD rerr = r ? tc_read_all(r, rc, 1024, &body, NULL) : ERROR_INVALID_HANDLE;
    CHECK("synchronous reads return the whole body", rerr == 0 && body.len == 5000 &&
                                                         tc_pattern_mismatch(body.data, body.len, 0) < 0);
    tc_buf_free(&body);
    size_t seen = tc_count(0, NULL, rc, m0, SIZE_MAX);
    CHECK("a synchronous session still sends progress notifications", seen > 0);
    cf_close(s);
    tc_sleep_ms(100);
    CHECK_EQ("[2] a synchronous session never sends REQUEST_COMPLETE",
             tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, 0, m0, SIZE_MAX), 0);
}

/* Item 11 (and 12's sibling: callbacks carry the request's context): SendRequestEx, WriteFile,
 * EndRequest. Contexts of 0 on the calls, and HSR flags 0x28, as WinInet's users pass them. */
static void notify_send_ex(void)
{
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, false, cc) : NULL;
    HINTERNET r = c ? cf_request(c, "POST", "/echo", 0, rc) : NULL;
    if (r == NULL) {
        tc_fail("[11] set-up", "no request handle");
        cf_close(s);
        return;
    }
    INTERNET_BUFFERSA b;
    memset(&b, 0, sizeof b);
    b.dwStructSize = sizeof b;
    b.dwBufferTotal = 5;
    size_t ms = tc_mark();
    BOOL ok = HttpSendRequestExA(r, &b, NULL, HSR_INITIATE | HSR_CHUNKED, 0);
    DWORD err = GetLastError();
    CHECK("[11] asynchronous HttpSendRequestEx (flags 0x28, context 0) returns FALSE/ERROR_IO_PENDING",
          !ok && err == ERROR_IO_PENDING);
    long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, ms, TC_WAIT_MS);
    /* The write's notes come inside the write only once this callback has returned. */
    tc_wait_returned(ic, TC_WAIT_MS);
    tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    const char *seq = ic >= 0 ? cf_sequence(rc, ms, (size_t)ic + 1) : "";
    const char *want = "CONNECTING_TO_SERVER CONNECTED_TO_SERVER SENDING_REQUEST REQUEST_SENT REQUEST_COMPLETE";
    if (ic >= 0 && n.result == 1 && strcmp(seq, want) == 0)
        tc_ok("[11] HttpSendRequestEx: 20 21 30 31, then REQUEST_COMPLETE {1, 0}");
    else
        tc_fail("[11] HttpSendRequestEx: 20 21 30 31, then REQUEST_COMPLETE {1, 0}", "got [%s] {%ju, %u}", seq,
                (uintmax_t)n.result, (unsigned)n.error);

    size_t mw = tc_mark();
    DWORD written = 0;
    ok = InternetWriteFile(r, "hello", 5, &written);
    size_t mw2 = tc_mark();
    CHECK("[11] InternetWriteFile returns TRUE at once with every byte written", ok && written == 5);
    long is = cf_only(INTERNET_STATUS_SENDING_REQUEST, rc, mw, mw2);
    long it = cf_only(INTERNET_STATUS_REQUEST_SENT, rc, mw, mw2);
    tc_note ns = is >= 0 ? tc_get((size_t)is) : (tc_note){0};
    tc_note nt = it >= 0 ? tc_get((size_t)it) : (tc_note){0};
    CHECK("[11] InternetWriteFile: SENDING_REQUEST then REQUEST_SENT(5) on the caller's thread before it returns",
          is >= 0 && it > is && ns.on_main && nt.on_main && nt.result == 5);
    tc_sleep_ms(50);
    CHECK_EQ("[11] a write that completed at once sends no REQUEST_COMPLETE",
             tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mw, SIZE_MAX), 0);

    size_t me = tc_mark();
    ok = HttpEndRequestA(r, NULL, HSR_INITIATE | HSR_CHUNKED, 0);
    err = GetLastError();
    CHECK("[11] HttpEndRequest (context 0) returns FALSE/ERROR_IO_PENDING", !ok && err == ERROR_IO_PENDING);
    ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, me, TC_WAIT_MS);
    n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    seq = ic >= 0 ? cf_sequence(rc, me, (size_t)ic + 1) : "";
    if (ic >= 0 && n.result == 1 && strcmp(seq, "RECEIVING_RESPONSE RESPONSE_RECEIVED REQUEST_COMPLETE") == 0)
        tc_ok("[11] HttpEndRequest: 40 41, then REQUEST_COMPLETE {1, 0}");
    else
        tc_fail("[11] HttpEndRequest: 40 41, then REQUEST_COMPLETE {1, 0}", "got [%s] {%ju, %u}", seq,
                (uintmax_t)n.result, (unsigned)n.error);
    CHECK_EQ("calls made with context 0 still notify with the request's own context", cf_foreign(r, rc, ms, SIZE_MAX),
             0);
    tc_buf body = {0};
    DWORD rerr = tc_read_all(r, rc, 64, &body, NULL);
    CHECK("[11] the server received the 5 bytes written (echoed back)",
          rerr == 0 && body.len == 5 && memcmp(body.data, "hello", 5) == 0);
    tc_buf_free(&body);
    cf_close(s);
}

/* Sends GET `path` to the scripted server on a new request; returns the request or NULL. */
static HINTERNET cf_script_get(HINTERNET c, const char *path, DWORD_PTR ctx)
{
    HINTERNET r = cf_request(c, "GET", path, 0, ctx);
    if (r == NULL)
        return NULL;
    DWORD err = cf_send(r, ctx, NULL, NULL, 0);
    if (err != 0) {
        tc_fail(nm("GET %s", path), "send failed with %u", (unsigned)err);
        InternetCloseHandle(r);
        return NULL;
    }
    return r;
}

/* Items 15 and 19: a read that must wait for the second half of the body. */
static void notify_pending_read(HINTERNET c)
{
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_script_get(c, "/split4", rc);
    if (r == NULL)
        return;
    char buf[16];
    memset(buf, '#', sizeof buf);
    DWORD got = 0xdeadbeef;
    size_t mr = tc_mark();
    BOOL ok = InternetReadFile(r, buf, 4, &got);
    DWORD err = GetLastError();
    size_t mr2 = tc_mark();
    CHECK("[15] a read that cannot be filled returns FALSE/ERROR_IO_PENDING with *read 0",
          !ok && err == ERROR_IO_PENDING && got == 0);
    size_t in_call = tc_count(INTERNET_STATUS_RECEIVING_RESPONSE, NULL, rc, mr, mr2);
    CHECK("a read that pends sends RECEIVING_RESPONSE before it returns", in_call == 1);
    if (in_call != 1)
        tc_dump("the pending read", NULL, rc, mr, SIZE_MAX);
    cs_go("/split4");
    long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mr, TC_WAIT_MS);
    tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    CHECK("[15] it completes {1, 0} with the buffer filled: \"xxyy\", *read 4",
          ic >= 0 && n.result == 1 && got == 4 && memcmp(buf, "xxyy", 4) == 0);
    tc_sleep_ms(100);
    const char *seq = cf_sequence(rc, mr, SIZE_MAX);
    if (strcmp(seq, "RECEIVING_RESPONSE RESPONSE_RECEIVED REQUEST_COMPLETE") == 0)
        tc_ok("[19] exactly one pending read for the split body: 40, 41, one REQUEST_COMPLETE");
    else
        tc_fail("[19] exactly one pending read for the split body: 40, 41, one REQUEST_COMPLETE", "got [%s]", seq);
    got = 1;
    ok = InternetReadFile(r, buf, sizeof buf, &got);
    CHECK("then the read at the end of the body returns TRUE with 0 bytes", ok && got == 0);
    InternetCloseHandle(r);
}

/* Item 16: IRF_NO_WAIT returns what is buffered; its pending completion leaves the buffer alone. */
static void notify_no_wait(HINTERNET c)
{
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_script_get(c, "/nowait", rc);
    if (r == NULL)
        return;
    char buf[100];
    INTERNET_BUFFERSA ib;
    memset(&ib, 0, sizeof ib);
    ib.dwStructSize = sizeof ib;
    ib.lpvBuffer = buf;
    ib.dwBufferLength = sizeof buf;
    memset(buf, '#', sizeof buf);
    BOOL ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
    CHECK("[16] IRF_NO_WAIT with data buffered returns TRUE with it: \"xx\", 2 bytes",
          ok && ib.dwBufferLength == 2 && memcmp(buf, "xx", 2) == 0);

    memset(buf, '#', sizeof buf);
    ib.dwBufferLength = sizeof buf;
    size_t mr = tc_mark();
    ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
    DWORD err = GetLastError();
    CHECK("[16] IRF_NO_WAIT with nothing buffered returns FALSE/ERROR_IO_PENDING", !ok && err == ERROR_IO_PENDING);
    cs_go("/nowait");
    long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mr, TC_WAIT_MS);
    tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    bool untouched = true;
    for (size_t k = 0; k < sizeof buf; k++)
        untouched &= buf[k] == '#';
    CHECK("[16] its REQUEST_COMPLETE {1, 0} leaves the buffer and dwBufferLength untouched",
          ic >= 0 && n.result == 1 && untouched && ib.dwBufferLength == sizeof buf);
    /* The completion means "1234567890" arrived: the server sends it with one send() on a
     * TCP_NODELAY socket, one segment, which a reader finds whole. */

    ib.dwBufferLength = 5;
    ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
    bool first = ok && ib.dwBufferLength == 5 && memcmp(buf, "12345", 5) == 0;
    ib.dwBufferLength = sizeof buf;
    ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
    CHECK("[16] then IRF_NO_WAIT reads of 5 and of 100 bytes return \"12345\" and \"67890\" at once",
          first && ok && ib.dwBufferLength == 5 && memcmp(buf, "67890", 5) == 0);
    ib.dwBufferLength = sizeof buf;
    ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
    CHECK("[16] at the end of the body IRF_NO_WAIT returns TRUE with 0 bytes", ok && ib.dwBufferLength == 0);
    InternetCloseHandle(r);
}

/* Items 17 and 18: InternetQueryDataAvailable. */
static void notify_query_available(HINTERNET c)
{
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_script_get(c, "/qda", rc);
    if (r != NULL) {
        DWORD avail = 0xdeadbeef;
        size_t mq = tc_mark();
        BOOL ok = InternetQueryDataAvailable(r, &avail, 0, 0);
        DWORD err = GetLastError();
        CHECK("[17] with nothing buffered InternetQueryDataAvailable returns FALSE/ERROR_IO_PENDING, *avail 0",
              !ok && err == ERROR_IO_PENDING && avail == 0);
        cs_go("/qda");
        long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mq, TC_WAIT_MS);
        tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
        CHECK("[17] its REQUEST_COMPLETE is {1, dwError = bytes available} and *avail is written",
              ic >= 0 && n.result == 1 && n.error == 10 && avail == 10);
        tc_buf body = {0};
        DWORD rerr = tc_read_all(r, rc, 64, &body, NULL);
        CHECK("then the 10 bytes read", rerr == 0 && body.len == 10 && memcmp(body.data, "1234567890", 10) == 0);
        tc_buf_free(&body);
        InternetCloseHandle(r);
    }

    rc = cf_ctx();
    r = cf_script_get(c, "/qda3", rc);
    if (r != NULL) {
        DWORD avail = 0;
        BOOL ok = InternetQueryDataAvailable(r, &avail, 0, 0);
        CHECK("InternetQueryDataAvailable with \"123\" buffered returns TRUE, 3", ok && avail == 3);
        cs_go("/qda3");
        cs_wait_route("/qda3", 1, 2); /* "4567" is on its way: the server sent it */
        avail = 0;
        ok = InternetQueryDataAvailable(r, &avail, 0, 0);
        CHECK("[18] the count is not recalculated until what was reported is consumed: still 3", ok && avail == 3);
        char buf[16];
        DWORD got = 0;
        ok = InternetReadFile(r, buf, 3, &got);
        bool first = ok && got == 3 && memcmp(buf, "123", 3) == 0;
        size_t mq = tc_mark();
        avail = 0;
        ok = InternetQueryDataAvailable(r, &avail, 0, 0);
        if (!ok && GetLastError() == ERROR_IO_PENDING &&
            tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mq, TC_WAIT_MS) >= 0)
            ok = TRUE;
        CHECK("[18] once the 3 bytes are read, the query reports the 4 that arrived since", first && ok && avail == 4);
        InternetCloseHandle(r);
    }
}

/* Item 20: a chunked body decoded incrementally, a chunk cut in the middle, under IRF_NO_WAIT. */
static void notify_chunk_parts(HINTERNET c)
{
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_script_get(c, "/chunkpart", rc);
    if (r == NULL)
        return;
    char buf[64], all[64];
    size_t have = 0;
    INTERNET_BUFFERSA ib;
    memset(&ib, 0, sizeof ib);
    ib.dwStructSize = sizeof ib;
    ib.lpvBuffer = buf;
    ib.dwBufferLength = sizeof buf;
    BOOL ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
    CHECK("[20] IRF_NO_WAIT returns the buffered part of a chunk cut in the middle: \"abc\"",
          ok && ib.dwBufferLength == 3 && memcmp(buf, "abc", 3) == 0);
    if (ok && ib.dwBufferLength <= 3) {
        memcpy(all, buf, ib.dwBufferLength);
        have = ib.dwBufferLength;
    }
    cs_go("/chunkpart");
    bool done = false, failed = false;
    for (int k = 0; k < 10 && !done && !failed; k++) {
        ib.dwBufferLength = sizeof buf;
        size_t mr = tc_mark();
        ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
        if (ok) {
            if (ib.dwBufferLength == 0)
                done = true;
            else if (have + ib.dwBufferLength <= sizeof all) {
                memcpy(all + have, buf, ib.dwBufferLength);
                have += ib.dwBufferLength;
            }
        } else if (GetLastError() != ERROR_IO_PENDING ||
                   tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mr, TC_WAIT_MS) < 0) {
            failed = true;
        }
    }
    CHECK("[20] the rest of the chunk and the last chunk follow: \"abcde\", then TRUE with 0 bytes",
          done && have == 5 && memcmp(all, "abcde", 5) == 0);
    InternetCloseHandle(r);
}

/* Item 23: Connection: close and 204 announce the closing before the handle is closed. */
static void notify_conn_close(HINTERNET s)
{
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    HINTERNET c = cf_connect(s, false, cc);
    HINTERNET r = c ? cf_request(c, "GET", "/close/100", 0, rc) : NULL;
    size_t m0 = tc_mark();
    if (r != NULL && cf_send(r, rc, NULL, NULL, 0) == 0) {
        tc_buf body = {0};
        DWORD rerr = tc_read_all(r, rc, 64, &body, NULL);
        CHECK("a body delimited by the connection's close reads in full", rerr == 0 && body.len == 100 &&
                                                                              tc_pattern_mismatch(body.data, 100, 0) < 0);
        tc_buf_free(&body);
        long i50 = tc_wait_for(INTERNET_STATUS_CLOSING_CONNECTION, NULL, rc, m0, 2000);
        long i51 = tc_wait_for(INTERNET_STATUS_CONNECTION_CLOSED, NULL, rc, m0, 2000);
        CHECK("[23] Connection: close: CLOSING_CONNECTION then CONNECTION_CLOSED before the handle is closed",
              i50 >= 0 && i51 > i50);
    } else {
        tc_fail("[23] Connection: close", "the request failed");
    }
    if (c != NULL)
        InternetCloseHandle(c);

    c = cf_connect(s, true, cc);
    rc = cf_ctx();
    m0 = tc_mark();
    r = c ? cf_script_get(c, "/nocontent", rc) : NULL;
    if (r != NULL) {
        CHECK_EQ("204 No Content: status 204", cf_status(r), 204);
        long i50 = tc_wait_for(INTERNET_STATUS_CLOSING_CONNECTION, NULL, rc, m0, 2000);
        long i51 = tc_wait_for(INTERNET_STATUS_CONNECTION_CLOSED, NULL, rc, m0, 2000);
        CHECK("[23] 204 with Connection: close: CLOSING_CONNECTION then CONNECTION_CLOSED before the handle is closed",
              i50 >= 0 && i51 > i50);
        DWORD got = 1;
        char buf[8];
        CHECK("204: the body is empty (TRUE, 0 bytes)", InternetReadFile(r, buf, sizeof buf, &got) && got == 0);
    }
    if (c != NULL)
        InternetCloseHandle(c);
}

/* Item 39: a header added from the SENDING_REQUEST callback reaches the wire. */
static DWORD_PTR cf_add_in_callback_ctx;

static void CALLBACK cf_add_in_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (status == INTERNET_STATUS_SENDING_REQUEST && ctx == cf_add_in_callback_ctx)
        HttpAddRequestHeadersA(h, "X-From-Callback: yes\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD);
    tc_leave();
}

static void notify_header_from_callback(HINTERNET c)
{
    DWORD_PTR rc = cf_ctx();
    cf_add_in_callback_ctx = rc;
    HINTERNET r = cf_request(c, "GET", "/headers", 0, rc);
    if (r == NULL)
        return;
    InternetSetStatusCallbackA(r, cf_add_in_callback);
    tc_buf body = {0};
    bool ok = cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 4096, &body, NULL) == 0 && body.data;
    CHECK("[39] a header added from the SENDING_REQUEST callback is on the wire",
          ok && cf_head_count(body.data, "X-From-Callback", NULL, 0) == 1);
    tc_buf_free(&body);
    InternetCloseHandle(r);
}

static void area_notifications(void)
{
    cf_begin("notifications");
    notify_async_get();
    notify_sync();
    notify_send_ex();
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, true, cc) : NULL;
    HINTERNET m = s ? cf_connect(s, false, cf_ctx()) : NULL;
    if (c != NULL && m != NULL) {
        notify_pending_read(c);
        notify_no_wait(c);
        notify_query_available(c);
        notify_chunk_parts(c);
        notify_header_from_callback(m);
        notify_conn_close(s);
    } else {
        tc_fail("notifications set-up", "no session or connect handle");
    }
    cf_close(s);
    cf_end();
}

/* ======================================================================================== */
/* Handles and states                                                                       */
/* ======================================================================================== */

/* Items 8, 37: invalid, closed and wrong-kind handles. */
static void handles_invalid(void)
{
    char buf[64];
    DWORD len = sizeof buf, got = 0;
    INTERNET_BUFFERSA ib;
    memset(&ib, 0, sizeof ib);
    ib.dwStructSize = sizeof ib;
    ib.lpvBuffer = buf;
    ib.dwBufferLength = sizeof buf;
    CHECK_FAILS("[37] InternetReadFile(NULL) fails with ERROR_INVALID_HANDLE", InternetReadFile(NULL, buf, 1, &got),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS("[37] InternetReadFileEx(NULL) fails with ERROR_INVALID_HANDLE", InternetReadFileExA(NULL, &ib, 0, 0),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS("HttpSendRequest(NULL) fails with ERROR_INVALID_HANDLE", HttpSendRequestA(NULL, NULL, 0, NULL, 0),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS("HttpQueryInfo(NULL) fails with ERROR_INVALID_HANDLE",
                HttpQueryInfoA(NULL, HTTP_QUERY_STATUS_CODE, buf, &len, NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS("InternetCloseHandle(NULL) fails with ERROR_INVALID_HANDLE", InternetCloseHandle(NULL),
                ERROR_INVALID_HANDLE);
    HINTERNET forged = (HINTERNET)(uintptr_t)0x5A5A5A5Au;
    CHECK_FAILS("a forged handle value fails with ERROR_INVALID_HANDLE", HttpSendRequestA(forged, NULL, 0, NULL, 0),
                ERROR_INVALID_HANDLE);
    CHECK_NULL_ERR("[38] InternetOpen(INTERNET_OPEN_TYPE_PROXY) with a NULL proxy fails with 87",
                   InternetOpenA("x", INTERNET_OPEN_TYPE_PROXY, NULL, NULL, 0), ERROR_INVALID_PARAMETER);

    HINTERNET s = cf_open(true);
    if (s == NULL)
        return;
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    CHECK_NULL_ERR("[38] InternetConnect with a NULL server name fails with 87",
                   InternetConnectA(s, NULL, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0), ERROR_INVALID_PARAMETER);
    CHECK_NULL_ERR("[38] InternetConnect with an empty server name fails with 87",
                   InternetConnectA(s, "", tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0), ERROR_INVALID_PARAMETER);
    HINTERNET c = cf_connect(s, false, cc);
    HINTERNET r = c ? cf_request(c, "GET", "/bytes/10", 0, rc) : NULL;
    if (r == NULL) {
        tc_fail("handles set-up", "no request");
        cf_close(s);
        return;
    }
    CHECK_NULL_ERR("HttpOpenRequest on a session handle fails with 12018",
                   HttpOpenRequestA(s, "GET", "/", NULL, NULL, NULL, 0, 0), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_NULL_ERR("InternetConnect on a connect handle fails with 12018",
                   InternetConnectA(c, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0),
                   ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_FAILS("HttpSendRequest on a connect handle fails with 12018", HttpSendRequestA(c, NULL, 0, NULL, 0),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    len = sizeof buf;
    CHECK_FAILS("HttpQueryInfo on a session handle fails with 12018",
                HttpQueryInfoA(s, HTTP_QUERY_STATUS_CODE, buf, &len, NULL), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

    DWORD type = 0;
    len = sizeof type;
    bool t1 = InternetQueryOptionA(s, INTERNET_OPTION_HANDLE_TYPE, &type, &len) && type == INTERNET_HANDLE_TYPE_INTERNET;
    len = sizeof type;
    bool t4 = InternetQueryOptionA(c, INTERNET_OPTION_HANDLE_TYPE, &type, &len) &&
              type == INTERNET_HANDLE_TYPE_CONNECT_HTTP;
    len = sizeof type;
    bool t13 = InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &type, &len) &&
               type == INTERNET_HANDLE_TYPE_HTTP_REQUEST;
    CHECK("INTERNET_OPTION_HANDLE_TYPE: session 1, connect 4, request 13", t1 && t4 && t13);
    HINTERNET parent = NULL;
    len = sizeof parent;
    bool p1 = InternetQueryOptionA(r, INTERNET_OPTION_PARENT_HANDLE, &parent, &len) && parent == c;
    len = sizeof parent;
    bool p2 = InternetQueryOptionA(c, INTERNET_OPTION_PARENT_HANDLE, &parent, &len) && parent == s;
    CHECK("INTERNET_OPTION_PARENT_HANDLE: the request's is the connect handle, the connect's the session", p1 && p2);

    /* [8] Closing the session invalidates its children at once. */
    cf_close(s);
    CHECK_FAILS("[8] after the session is closed, InternetCloseHandle(request) fails with 6", InternetCloseHandle(r),
                ERROR_INVALID_HANDLE);
    len = sizeof type;
    CHECK_FAILS("[8] after the session is closed, InternetQueryOption(connect) fails with 6",
                InternetQueryOptionA(c, INTERNET_OPTION_HANDLE_TYPE, &type, &len), ERROR_INVALID_HANDLE);
    CHECK_FAILS("a closed session handle fails with 6", InternetCloseHandle(s), ERROR_INVALID_HANDLE);
}

/* Items 9 and 10: contexts and callbacks. */
static void handles_context_callback(void)
{
    HINTERNET s = cf_open(true);
    if (s == NULL)
        return;
    DWORD_PTR v = 1;
    CHECK_TRUE("INTERNET_OPTION_CONTEXT_VALUE can be set on a session",
               InternetSetOptionA(s, INTERNET_OPTION_CONTEXT_VALUE, &v, sizeof v));
    HINTERNET c = cf_connect(s, false, 0);
    HINTERNET r = c ? cf_request(c, "GET", "/bytes/10", 0, 0) : NULL;
    DWORD_PTR got = 0xdead;
    DWORD len = sizeof got;
    bool c0 = c && InternetQueryOptionA(c, INTERNET_OPTION_CONTEXT_VALUE, &got, &len) && got == 0 && len == sizeof got;
    got = 0xdead;
    len = sizeof got;
    bool r0 = r && InternetQueryOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &got, &len) && got == 0;
    CHECK("[9] the context is not inherited: the session's is 1, its connect and request handles' 0", c0 && r0);

    CHECK_FAILS("[9] setting CONTEXT_VALUE from a NULL buffer fails with 87",
                InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, NULL, sizeof v), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("[9] setting CONTEXT_VALUE with size 0 fails with 87",
                InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &v, 0), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("[9] querying CONTEXT_VALUE with a NULL size pointer fails with 87",
                InternetQueryOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &got, NULL), ERROR_INVALID_PARAMETER);
    len = 0;
    BOOL ok = InternetQueryOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &got, &len);
    DWORD err = GetLastError();
    CHECK("[9] querying CONTEXT_VALUE with size 0 fails with 122 and the size needed",
          !ok && err == ERROR_INSUFFICIENT_BUFFER && len == sizeof(DWORD_PTR));
    len = sizeof got;
    CHECK_FAILS("[9] querying CONTEXT_VALUE of the NULL handle fails with 12018",
                InternetQueryOptionA(NULL, INTERNET_OPTION_CONTEXT_VALUE, &got, &len),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

    /* A context set later through the option is the one callbacks carry. */
    DWORD_PTR later = cf_ctx();
    bool set = r && InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &later, sizeof later);
    if (set) {
        DWORD e = cf_send(r, later, NULL, NULL, 0);
        CHECK("a context set with INTERNET_OPTION_CONTEXT_VALUE after creation is the one callbacks carry", e == 0);
    } else {
        tc_fail("a context set with INTERNET_OPTION_CONTEXT_VALUE after creation is the one callbacks carry",
                "set failed: %u", (unsigned)GetLastError());
    }

    INTERNET_STATUS_CALLBACK cb = tc_callback;
    CHECK_FAILS("[10] setting INTERNET_OPTION_CALLBACK on a session fails with 12011",
                InternetSetOptionA(s, INTERNET_OPTION_CALLBACK, &cb, sizeof cb), ERROR_INTERNET_OPTION_NOT_SETTABLE);
    CHECK_FAILS("[10] setting INTERNET_OPTION_CALLBACK on the NULL handle fails with 12018",
                InternetSetOptionA(NULL, INTERNET_OPTION_CALLBACK, &cb, sizeof cb),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    INTERNET_STATUS_CALLBACK qcb = NULL;
    len = sizeof qcb;
    CHECK("INTERNET_OPTION_CALLBACK can be queried: the registered callback",
          InternetQueryOptionA(s, INTERNET_OPTION_CALLBACK, &qcb, &len) && qcb == cf_callback);

    HINTERNET s2 = InternetOpenA("x", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    INTERNET_STATUS_CALLBACK p1 = s2 ? InternetSetStatusCallbackA(s2, tc_callback) : INTERNET_INVALID_STATUS_CALLBACK;
    INTERNET_STATUS_CALLBACK p2 = s2 ? InternetSetStatusCallbackA(s2, NULL) : INTERNET_INVALID_STATUS_CALLBACK;
    CHECK("InternetSetStatusCallback returns the previous callback: NULL, then the one registered",
          p1 == NULL && p2 == tc_callback);
    if (s2 != NULL)
        InternetCloseHandle(s2);
    CHECK("InternetSetStatusCallback on a closed handle returns INTERNET_INVALID_STATUS_CALLBACK",
          InternetSetStatusCallbackA(s2, tc_callback) == INTERNET_INVALID_STATUS_CALLBACK);
    cf_close(s);
}

/* Item 10: an asynchronous InternetOpenUrl completes with the request handle. */
static void handles_open_url(void)
{
    HINTERNET s = cf_open(true);
    if (s == NULL)
        return;
    DWORD_PTR rc = cf_ctx();
    char url[128];
    snprintf(url, sizeof url, "http://%s:%u/bytes/777", tc_host, (unsigned)tc_port);
    size_t m0 = tc_mark();
    HINTERNET h = InternetOpenUrlA(s, url, NULL, 0, INTERNET_FLAG_RELOAD, rc);
    DWORD err = GetLastError();
    CHECK("[10] asynchronous InternetOpenUrl returns NULL with ERROR_IO_PENDING", h == NULL && err == ERROR_IO_PENDING);
    long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, m0, TC_WAIT_MS);
    tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    HINTERNET r = (HINTERNET)n.result;
    DWORD type = 0, len = sizeof type;
    bool typed = ic >= 0 && n.error == 0 && r != NULL &&
                 InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &type, &len) &&
                 type == INTERNET_HANDLE_TYPE_HTTP_REQUEST;
    CHECK("[10] its REQUEST_COMPLETE carries {request handle, 0}; the handle's type is 13", typed);
    if (!typed) {
        cf_close(s);
        return;
    }
    tc_buf body = {0};
    DWORD rerr = tc_read_all(r, rc, 4096, &body, NULL);
    CHECK("the InternetOpenUrl body reads in full", rerr == 0 && body.len == 777 &&
                                                        tc_pattern_mismatch(body.data, body.len, 0) < 0);
    tc_buf_free(&body);
    size_t mc = tc_mark();
    InternetCloseHandle(r);
    tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, rc, mc, TC_WAIT_MS);
    tc_sleep_ms(100);
    CHECK_EQ("closing it sends one HANDLE_CLOSING: the hidden connect handle sends none",
             tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, 0, mc, SIZE_MAX), 1);
    cf_close(s);
}

/* Calls made in the wrong state, items 12, 13, 14, 37, 40. */
static void handles_states(void)
{
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, false, cc) : NULL;
    if (c == NULL) {
        cf_close(s);
        return;
    }
    char buf[64];
    DWORD got = 0, len;

    DWORD_PTR rc = cf_ctx();
    /* The server holds the answer at a gate until the checks of the pending send are done. */
    HINTERNET r = cf_request(c, "GET", "/gate/cf-states/hold/0", 0, rc);
    CHECK_FAILS("InternetReadFile before the request is sent fails with 12019", InternetReadFile(r, buf, 1, &got),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_FAILS("InternetWriteFile without HttpSendRequestEx fails with 12019", InternetWriteFile(r, "x", 1, &got),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_FAILS("HttpEndRequest without HttpSendRequestEx fails with 12019", HttpEndRequestA(r, NULL, 0, 0),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    size_t m0 = tc_mark();
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    if (!ok && err == ERROR_IO_PENDING) {
        CHECK_FAILS("HttpSendRequest while the request's send is pending fails with 12019",
                    HttpSendRequestA(r, NULL, 0, NULL, 0), ERROR_INTERNET_INCORRECT_HANDLE_STATE);
        tc_gate_open("cf-states");
        tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, m0, TC_WAIT_MS);
    } else {
        tc_fail("HttpSendRequest while the request's send is pending fails with 12019", "the send did not pend");
        tc_gate_open("cf-states");
    }
    SetLastError(0xdeadbeef);
    size_t mr = tc_mark();
    ok = InternetReadFile(r, buf, 4, &got);
    err = GetLastError();
    if (!ok && err == ERROR_IO_PENDING) {
        tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mr, TC_WAIT_MS);
        ok = TRUE;
        err = 0;
    }
    CHECK("a successful InternetReadFile sets GetLastError to 0", ok && err == 0 && got == 4 &&
                                                                     memcmp(buf, "held", 4) == 0);
    InternetCloseHandle(r);

    /* [37] InternetReadFileEx checks dwStructSize and leaves the offsets alone. */
    rc = cf_ctx();
    r = cf_request(c, "GET", "/bytes/10", 0, rc);
    if (r != NULL && cf_send(r, rc, NULL, NULL, 0) == 0) {
        INTERNET_BUFFERSA ib;
        memset(&ib, 0, sizeof ib);
        ib.dwStructSize = sizeof ib - 1;
        ib.lpvBuffer = buf;
        ib.dwBufferLength = sizeof buf;
        CHECK_FAILS("[37] InternetReadFileEx with a wrong dwStructSize fails with 87", InternetReadFileExA(r, &ib, 0, 0),
                    ERROR_INVALID_PARAMETER);
        ib.dwStructSize = sizeof ib;
        ib.dwOffsetLow = 0x1234;
        ib.dwOffsetHigh = 0x5678;
        size_t mr = tc_mark();
        ok = InternetReadFileExA(r, &ib, 0, 0);
        if (!ok && GetLastError() == ERROR_IO_PENDING &&
            tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mr, TC_WAIT_MS) >= 0)
            ok = TRUE;
        CHECK("[37] InternetReadFileEx fills the buffer and leaves dwOffsetLow/High untouched",
              ok && ib.dwBufferLength == 10 && ib.dwOffsetLow == 0x1234 && ib.dwOffsetHigh == 0x5678);
    }
    if (r != NULL)
        InternetCloseHandle(r);

    /* [12], [14]: SendRequestEx with 3 bytes up front and six 1-byte writes. */
    rc = cf_ctx();
    r = cf_request(c, "POST", "/echo", 0, rc);
    if (r != NULL) {
        DWORD flags = 0;
        len = sizeof flags;
        bool before = InternetQueryOptionA(r, INTERNET_OPTION_REQUEST_FLAGS, &flags, &len) &&
                      flags == INTERNET_REQFLAG_NO_HEADERS;
        INTERNET_BUFFERSA b;
        memset(&b, 0, sizeof b);
        b.dwStructSize = sizeof b;
        b.lpvBuffer = (void *)"abc";
        b.dwBufferLength = 3;
        b.dwBufferTotal = 9;
        m0 = tc_mark();
        err = tc_await(HttpSendRequestExA(r, &b, NULL, 0, 0), r, rc, m0, NULL);
        len = sizeof buf;
        bool qi = !HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL) &&
                  GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE;
        CHECK("HttpQueryInfo between HttpSendRequestEx and HttpEndRequest fails with 12019", err == 0 && qi);
        bool writes = true;
        for (int k = 0; k < 6 && err == 0; k++) {
            char one = (char)('d' + k);
            DWORD w = 0;
            m0 = tc_mark();
            writes &= tc_await(InternetWriteFile(r, &one, 1, &w), r, rc, m0, NULL) == 0 && w == 1;
        }
        INTERNET_BUFFERSA out;
        memset(&out, 0, sizeof out);
        out.dwStructSize = sizeof out;
        CHECK_FAILS("[12] HttpEndRequest with lpBuffersOut set fails with 87", HttpEndRequestA(r, &out, 0, 0),
                    ERROR_INVALID_PARAMETER);
        m0 = tc_mark();
        err = tc_await(HttpEndRequestA(r, NULL, 0, 0), r, rc, m0, NULL);
        tc_buf body = {0};
        DWORD rerr = err == 0 ? tc_read_all(r, rc, 64, &body, NULL) : err;
        CHECK("[14] 3 bytes with HttpSendRequestEx and six 1-byte writes deliver the 9-byte body",
              writes && rerr == 0 && body.len == 9 && memcmp(body.data, "abcdefghi", 9) == 0);
        tc_buf_free(&body);
        flags = 0xdead;
        len = sizeof flags;
        bool after = InternetQueryOptionA(r, INTERNET_OPTION_REQUEST_FLAGS, &flags, &len) &&
                     (flags & INTERNET_REQFLAG_NO_HEADERS) == 0;
        CHECK("[14] INTERNET_OPTION_REQUEST_FLAGS: NO_HEADERS (8) before the response, cleared after", before && after);
        InternetCloseHandle(r);
    }

    /* [40] HEAD with a Content-Length: nothing to read. */
    rc = cf_ctx();
    r = cf_request(c, "HEAD", "/bytes/100", 0, rc);
    if (r != NULL && cf_send(r, rc, NULL, NULL, 0) == 0) {
        got = 1;
        ok = InternetReadFile(r, buf, sizeof buf, &got);
        DWORD cl = 0;
        len = sizeof cl;
        bool has_cl = HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &cl, &len, NULL) && cl == 100;
        CHECK("[40] a HEAD reply with Content-Length: 100 reads 0 bytes at once", ok && got == 0 && has_cl);
    }
    if (r != NULL)
        InternetCloseHandle(r);
    cf_close(s);
}

/* Items 13 and 33: name resolution and connection failures. */
static void handles_failures(void)
{
    HINTERNET s = cf_open(true);
    if (s == NULL)
        return;
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    HINTERNET c = InternetConnectA(s, "no-such-host.invalid", 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, cc);
    HINTERNET r = c ? cf_request(c, "POST", "/x", 0, rc) : NULL;
    if (r != NULL) {
        size_t m0 = tc_mark();
        DWORD err = tc_await(HttpSendRequestExA(r, NULL, NULL, 0, 0), r, rc, m0, NULL);
        CHECK_EQ("[13] HttpSendRequestEx to a name that does not resolve completes {0, 12007}", err,
                 ERROR_INTERNET_NAME_NOT_RESOLVED);
        char buf[32];
        DWORD len = sizeof buf;
        CHECK_FAILS("[13] then HttpQueryInfo fails with ERROR_HTTP_HEADER_NOT_FOUND",
                    HttpQueryInfoA(r, HTTP_QUERY_CONTENT_TYPE, buf, &len, NULL), ERROR_HTTP_HEADER_NOT_FOUND);
        m0 = tc_mark();
        BOOL ok = HttpEndRequestA(r, NULL, 0, 0);
        DWORD e = GetLastError();
        long ic = !ok && e == ERROR_IO_PENDING ? tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, m0, TC_WAIT_MS)
                                               : -1;
        tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
        if (ic >= 0 && n.result == 0 && n.error == ERROR_INTERNET_OPERATION_CANCELLED)
            tc_ok("[13] then HttpEndRequest returns FALSE/ERROR_IO_PENDING and completes {0, 12017}");
        else
            tc_fail("[13] then HttpEndRequest returns FALSE/ERROR_IO_PENDING and completes {0, 12017}",
                    "returned %s/%u, completion {%ju, %u}", ok ? "TRUE" : "FALSE", (unsigned)e, (uintmax_t)n.result,
                    (unsigned)n.error);
    }
    if (c != NULL)
        InternetCloseHandle(c);

    /* A port nothing listens on: bind one, note it, close it. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    INTERNET_PORT dead = 0;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &alen) == 0)
        dead = ntohs(addr.sin_port);
    if (fd >= 0)
        close(fd);
    cc = cf_ctx();
    rc = cf_ctx();
    c = InternetConnectA(s, "127.0.0.1", dead, NULL, NULL, INTERNET_SERVICE_HTTP, 0, cc);
    r = c ? cf_request(c, "GET", "/", 0, rc) : NULL;
    if (r != NULL)
        CHECK_EQ("[33] a refused connection completes with 12029", cf_send(r, rc, NULL, NULL, 0),
                 ERROR_INTERNET_CANNOT_CONNECT);
    if (c != NULL)
        InternetCloseHandle(c);

    cc = cf_ctx();
    rc = cf_ctx();
    c = InternetConnectA(s, tc_host, cs.port, NULL, NULL, INTERNET_SERVICE_HTTP, INTERNET_FLAG_SECURE, cc);
    r = c ? cf_request(c, "GET", "/bytes/10", INTERNET_FLAG_SECURE, rc) : NULL;
    if (r != NULL) {
        DWORD err = cf_send(r, rc, NULL, NULL, 0);
        if (err == ERROR_INTERNET_SECURITY_CHANNEL_ERROR || err == ERROR_INTERNET_CANNOT_CONNECT)
            tc_ok("[33] TLS to a plain-HTTP port fails with 12157 or 12029 (either)");
        else
            tc_fail("[33] TLS to a plain-HTTP port fails with 12157 or 12029 (either)", "got %u", (unsigned)err);
    }
    if (c != NULL)
        InternetCloseHandle(c);
    cf_close(s);
}

static void area_handles(void)
{
    cf_begin("handles & states");
    handles_invalid();
    handles_context_callback();
    handles_open_url();
    handles_states();
    handles_failures();
    cf_end();
}

/* ======================================================================================== */
/* Options                                                                                  */
/* ======================================================================================== */

static void area_options(void)
{
    cf_begin("options");
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, false, cc) : NULL;
    HINTERNET r = c ? cf_request(c, "GET", "/bytes/10", 0, rc) : NULL;
    if (r == NULL) {
        tc_fail("options set-up", "no request");
        cf_close(s);
        cf_end();
        return;
    }
    const char *agent = "rinet-conformance";
    char buf[128];
    DWORD len = 0;
    BOOL ok = InternetQueryOptionA(s, INTERNET_OPTION_USER_AGENT, NULL, &len);
    DWORD err = GetLastError();
    CHECK("[36] a string option queried without a buffer fails with 122 and strlen+1",
          !ok && err == ERROR_INSUFFICIENT_BUFFER && len == strlen(agent) + 1);
    len = (DWORD)strlen(agent);
    ok = InternetQueryOptionA(s, INTERNET_OPTION_USER_AGENT, buf, &len);
    err = GetLastError();
    CHECK("[36] a buffer of exactly strlen fails with 122 and strlen+1",
          !ok && err == ERROR_INSUFFICIENT_BUFFER && len == strlen(agent) + 1);
    len = sizeof buf;
    ok = InternetQueryOptionA(s, INTERNET_OPTION_USER_AGENT, buf, &len);
    CHECK("[36] on success the string is returned and *size is strlen",
          ok && len == strlen(agent) && strcmp(buf, agent) == 0);
    len = 0;
    ok = InternetQueryOptionA(c, INTERNET_OPTION_USERNAME, NULL, &len);
    err = GetLastError();
    bool need1 = !ok && err == ERROR_INSUFFICIENT_BUFFER && len == 1;
    len = sizeof buf;
    buf[0] = 'x';
    ok = InternetQueryOptionA(c, INTERNET_OPTION_USERNAME, buf, &len);
    CHECK("[36] an unset string option needs 1 byte and returns \"\" with size 0", need1 && ok && len == 0 && !buf[0]);

    CHECK_FAILS("PROXY_USERNAME cannot be set on a session handle (12018)",
                InternetSetOptionA(s, INTERNET_OPTION_PROXY_USERNAME, (void *)"mike", 4),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    ok = InternetSetOptionA(r, INTERNET_OPTION_PROXY_USERNAME, (void *)"mike", 4);
    len = sizeof buf;
    CHECK("PROXY_USERNAME set on a request reads back", ok && InternetQueryOptionA(r, INTERNET_OPTION_PROXY_USERNAME,
                                                                                  buf, &len) &&
                                                            len == 4 && strcmp(buf, "mike") == 0);

    DWORD v = 0;
    len = sizeof v;
    CHECK("CONNECT_TIMEOUT defaults to 60000 ms",
          InternetQueryOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, &len) && v == 60000 && len == 4);
    v = 1234;
    ok = InternetSetOptionA(r, INTERNET_OPTION_CONNECT_TIMEOUT, &v, sizeof v);
    v = 0;
    len = sizeof v;
    CHECK("CONNECT_TIMEOUT set on a request reads back",
          ok && InternetQueryOptionA(r, INTERNET_OPTION_CONNECT_TIMEOUT, &v, &len) && v == 1234);
    WORD small = 5;
    CHECK_FAILS("CONNECT_TIMEOUT of the wrong size fails with 12010",
                InternetSetOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &small, sizeof small),
                ERROR_INTERNET_BAD_OPTION_LENGTH);
    v = 0;
    CHECK_FAILS("CONNECT_TIMEOUT of 0 fails with ERROR_BAD_ARGUMENTS",
                InternetSetOptionA(s, INTERNET_OPTION_CONNECT_TIMEOUT, &v, sizeof v), ERROR_BAD_ARGUMENTS);
    v = 45000;
    CHECK_TRUE("the timeouts can be set on the NULL handle (the defaults of later sessions)",
               InternetSetOptionA(NULL, INTERNET_OPTION_SEND_TIMEOUT, &v, sizeof v) &&
                   InternetSetOptionA(NULL, INTERNET_OPTION_RECEIVE_TIMEOUT, &v, sizeof v));
    v = 30000;
    InternetSetOptionA(NULL, INTERNET_OPTION_SEND_TIMEOUT, &v, sizeof v);
    InternetSetOptionA(NULL, INTERNET_OPTION_RECEIVE_TIMEOUT, &v, sizeof v);

    len = sizeof v;
    CHECK_FAILS("an unknown option fails with 12009", InternetQueryOptionA(s, 9999, &v, &len),
                ERROR_INTERNET_INVALID_OPTION);
    v = 13;
    CHECK_FAILS("setting a query-only option (HANDLE_TYPE) fails with 12011",
                InternetSetOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &v, sizeof v), ERROR_INTERNET_OPTION_NOT_SETTABLE);

    DWORD conns = 0, conns10 = 0;
    len = sizeof conns;
    ok = InternetQueryOptionA(NULL, INTERNET_OPTION_MAX_CONNS_PER_SERVER, &conns, &len);
    len = sizeof conns10;
    ok = ok && InternetQueryOptionA(NULL, INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER, &conns10, &len);
    /* rinet sets no connection limit until the program sets one (docs/porting.md). */
    CHECK("MAX_CONNS_PER_SERVER and MAX_CONNS_PER_1_0_SERVER default to no limit (0xFFFFFFFF)",
          ok && conns == 0xFFFFFFFFu && conns10 == 0xFFFFFFFFu);

    CHECK_FAILS("querying PROXY with a NULL size pointer fails with 87",
                InternetQueryOptionA(s, INTERNET_OPTION_PROXY, buf, NULL), ERROR_INVALID_PARAMETER);
    len = 0;
    ok = InternetQueryOptionA(s, INTERNET_OPTION_PROXY, buf, &len);
    err = GetLastError();
    CHECK("querying PROXY with size 0 fails with 122", !ok && err == ERROR_INSUFFICIENT_BUFFER && len > 0);
    union {
        INTERNET_PROXY_INFO info;
        char raw[512];
    } proxy;
    len = sizeof proxy;
    CHECK("PROXY of a direct session reports INTERNET_OPEN_TYPE_DIRECT",
          InternetQueryOptionA(s, INTERNET_OPTION_PROXY, &proxy, &len) &&
              proxy.info.dwAccessType == INTERNET_OPEN_TYPE_DIRECT);

    HTTP_VERSION_INFO hv = {0, 0};
    len = sizeof hv;
    CHECK("HTTP_VERSION of a request is 1.1",
          InternetQueryOptionA(r, INTERNET_OPTION_HTTP_VERSION, &hv, &len) && hv.dwMajorVersion == 1 &&
              hv.dwMinorVersion == 1);

    BOOL on = TRUE;
    CHECK_TRUE("HTTP_DECODING can be set on session, connect and request handles",
               InternetSetOptionA(s, INTERNET_OPTION_HTTP_DECODING, &on, sizeof on) &&
                   InternetSetOptionA(c, INTERNET_OPTION_HTTP_DECODING, &on, sizeof on) &&
                   InternetSetOptionA(r, INTERNET_OPTION_HTTP_DECODING, &on, sizeof on));

    char want[128];
    snprintf(want, sizeof want, "http://%s:%u/bytes/10", tc_host, (unsigned)tc_port);
    CHECK_STR("INTERNET_OPTION_URL of a request is its full URL", cf_url(r), want);

    DWORD sec = 0;
    len = sizeof sec;
    CHECK("SECURITY_FLAGS of a plain-HTTP request can be queried and has no SECURITY_FLAG_SECURE",
          InternetQueryOptionA(r, INTERNET_OPTION_SECURITY_FLAGS, &sec, &len) && (sec & SECURITY_FLAG_SECURE) == 0);

    if (cf_send(r, rc, NULL, NULL, 0) == 0) {
        BOOL suppress = TRUE;
        CHECK_FAILS("SUPPRESS_SERVER_AUTH after the request was sent fails with 12019",
                    InternetSetOptionA(r, INTERNET_OPTION_SUPPRESS_SERVER_AUTH, &suppress, sizeof suppress),
                    ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    }
    cf_close(s);
    cf_end();
}

/* ======================================================================================== */
/* Query sizing and index                                                                   */
/* ======================================================================================== */

static void area_query(void)
{
    cf_begin("query sizing & index");
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, false, cc) : NULL;
    HINTERNET r = c ? cf_request(c, "GET", "/cookies", 0, rc) : NULL;
    if (r == NULL) {
        tc_fail("query set-up", "no request");
        cf_close(s);
        cf_end();
        return;
    }
    char buf[1024];
    DWORD len, err, code;

    /* [29] Before the request is sent. */
    len = sizeof buf;
    err = cf_query(r, HTTP_QUERY_RAW_HEADERS, buf, sizeof buf, &len);
    CHECK("[29] before sending, RAW_HEADERS is TRUE with length 0", err == 0 && len == 0);
    code = 0xdead;
    len = sizeof code;
    BOOL ok = HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL);
    CHECK("[29] before sending, STATUS_CODE is 0", ok && code == 0);
    CHECK_EQ("[29] before sending, STATUS_TEXT is not found (12150)",
             cf_query(r, HTTP_QUERY_STATUS_TEXT, buf, sizeof buf, NULL), ERROR_HTTP_HEADER_NOT_FOUND);
    err = cf_query(r, HTTP_QUERY_RAW_HEADERS_CRLF, buf, sizeof buf, &len);
    CHECK("[29] before sending, RAW_HEADERS_CRLF is \"\\r\\n\" or \"\\r\\n\\r\\n\" (either)",
          err == 0 && (strcmp(buf, "\r\n") == 0 || strcmp(buf, "\r\n\r\n") == 0));
    DWORD flags = 0;
    len = sizeof flags;
    CHECK("[29] before sending, REQUEST_FLAGS has INTERNET_REQFLAG_NO_HEADERS",
          InternetQueryOptionA(r, INTERNET_OPTION_REQUEST_FLAGS, &flags, &len) && (flags & INTERNET_REQFLAG_NO_HEADERS));

    if (cf_send(r, rc, NULL, NULL, 0) != 0) {
        tc_fail("GET /cookies", "send failed");
        cf_close(s);
        cf_end();
        return;
    }

    /* [24] STATUS_CODE sizing. */
    err = cf_query(r, HTTP_QUERY_STATUS_CODE, buf, 4, &len);
    CHECK("[24] STATUS_CODE as a string: \"200\", length 3 (the NUL not counted)", err == 0 && len == 3 &&
                                                                                    strcmp(buf, "200") == 0);
    memset(buf, '#', 8);
    err = cf_query(r, HTTP_QUERY_STATUS_CODE, buf, 3, &len);
    CHECK("[24] a buffer of exactly 3 fails with 122, need 4 (the NUL counted), buffer untouched",
          err == ERROR_INSUFFICIENT_BUFFER && len == 4 && buf[0] == '#');
    len = 0;
    ok = HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, NULL, &len, NULL);
    err = GetLastError();
    CHECK("[24] a NULL buffer fails with 122, need 4", !ok && err == ERROR_INSUFFICIENT_BUFFER && len == 4);
    code = 0;
    len = sizeof code;
    ok = HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL);
    CHECK("[24] STATUS_CODE | NUMBER: 200, length 4", ok && code == 200 && len == 4);
    CHECK_EQ("[24] STATUS_CODE | REQUEST_HEADERS fails with 12154",
             cf_query(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, sizeof buf, NULL),
             ERROR_HTTP_INVALID_QUERY_REQUEST);

    /* [25] RAW_HEADERS. */
    DWORD raw_len = 0;
    err = cf_query(r, HTTP_QUERY_RAW_HEADERS, buf, sizeof buf, &raw_len);
    bool shape = err == 0 && raw_len > 0 && raw_len < sizeof buf - 1 && buf[raw_len - 1] == '\0' &&
                 buf[raw_len] == '\0' && strcmp(buf, "HTTP/1.1 200 OK") == 0;
    CHECK("RAW_HEADERS: NUL-separated lines from the status line, a double NUL at the end, the length counting "
          "the last separator",
          shape);
    err = cf_query(r, HTTP_QUERY_RAW_HEADERS, buf, raw_len, &len);
    CHECK("[25] RAW_HEADERS with a buffer of exactly its length fails with 122, need length+1",
          err == ERROR_INSUFFICIENT_BUFFER && len == raw_len + 1);
    err = cf_query(r, HTTP_QUERY_RAW_HEADERS_CRLF, buf, sizeof buf, &len);
    CHECK("RAW_HEADERS_CRLF: the status line, CRLF-separated headers, an empty line at the end",
          err == 0 && strncmp(buf, "HTTP/1.1 200 OK\r\n", 17) == 0 && len >= 4 &&
              strcmp(buf + len - 4, "\r\n\r\n") == 0 && strlen(buf) == len);
    err = cf_query(r, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, sizeof buf, &len);
    CHECK("RAW_HEADERS_CRLF | REQUEST_HEADERS starts with the request line",
          err == 0 && strncmp(buf, "GET /cookies HTTP/1.1\r\n", 23) == 0);
    err = cf_query(r, HTTP_QUERY_VERSION, buf, sizeof buf, &len);
    CHECK("VERSION is \"HTTP/1.1\"", err == 0 && strcmp(buf, "HTTP/1.1") == 0 && len == 8);
    err = cf_query(r, HTTP_QUERY_STATUS_TEXT, buf, sizeof buf, &len);
    CHECK("STATUS_TEXT is \"OK\"", err == 0 && strcmp(buf, "OK") == 0 && len == 2);

    /* [26] Indexes. */
    DWORD index = 0;
    len = sizeof buf;
    ok = HttpQueryInfoA(r, HTTP_QUERY_SET_COOKIE, buf, &len, &index);
    bool first = ok && strcmp(buf, "a=1") == 0 && index == 1;
    len = sizeof buf;
    ok = HttpQueryInfoA(r, HTTP_QUERY_SET_COOKIE, buf, &len, &index);
    bool second = ok && strcmp(buf, "b=2") == 0 && index == 2;
    CHECK("[26] SET_COOKIE walks with the index: \"a=1\" (index 0 -> 1), \"b=2\" (1 -> 2)", first && second);
    len = sizeof buf;
    ok = HttpQueryInfoA(r, HTTP_QUERY_SET_COOKIE, buf, &len, &index);
    err = GetLastError();
    CHECK("[26] past the last one: ERROR_HTTP_HEADER_NOT_FOUND, index unchanged",
          !ok && err == ERROR_HTTP_HEADER_NOT_FOUND && index == 2);
    index = 0;
    len = sizeof code;
    ok = HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, &index);
    CHECK("[26] STATUS_CODE leaves the index at 0", ok && index == 0);
    index = 1;
    len = sizeof code;
    CHECK_FAILS("[26] STATUS_CODE with index 1 fails with ERROR_HTTP_HEADER_NOT_FOUND",
                HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, &index),
                ERROR_HTTP_HEADER_NOT_FOUND);
    index = 0xdeadbeef;
    len = sizeof buf;
    CHECK_FAILS("[26] RAW_HEADERS with an invalid start index fails with ERROR_HTTP_HEADER_NOT_FOUND",
                HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS, buf, &len, &index), ERROR_HTTP_HEADER_NOT_FOUND);
    index = 0;
    len = sizeof buf;
    ok = HttpQueryInfoA(r, HTTP_QUERY_RAW_HEADERS_CRLF, buf, &len, &index);
    CHECK("[26] RAW_HEADERS_CRLF leaves the index at 0", ok && index == 0);
    CHECK_EQ("a header the response does not have: ERROR_HTTP_HEADER_NOT_FOUND",
             cf_query(r, HTTP_QUERY_LOCATION, buf, sizeof buf, NULL), ERROR_HTTP_HEADER_NOT_FOUND);
    snprintf(buf, sizeof buf, "Content-Type");
    len = sizeof buf;
    ok = HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, NULL);
    CHECK("HTTP_QUERY_CUSTOM takes the name from the buffer and returns the value in it",
          ok && strcmp(buf, "text/plain") == 0 && len == strlen("text/plain"));
    DWORD cl = 0;
    len = sizeof cl;
    ok = HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &cl, &len, NULL);
    uint64_t cl64 = 0;
    DWORD len64 = sizeof cl64;
    BOOL ok64 = HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER64, &cl64, &len64, NULL);
    CHECK("CONTENT_LENGTH | NUMBER is a DWORD (length 4), | NUMBER64 a 64-bit number (length 8)",
          ok && cl == 7 && len == 4 && ok64 && cl64 == 7 && len64 == 8);
    InternetCloseHandle(r);

    /* [21] A chunked body. */
    rc = cf_ctx();
    r = cf_request(c, "GET", "/chunked/1000/300", 0, rc);
    if (r != NULL && cf_send(r, rc, NULL, NULL, 0) == 0) {
        CHECK_EQ("[21] a chunked response has no CONTENT_LENGTH",
                 cf_query(r, HTTP_QUERY_CONTENT_LENGTH, buf, sizeof buf, NULL), ERROR_HTTP_HEADER_NOT_FOUND);
        err = cf_query(r, HTTP_QUERY_TRANSFER_ENCODING, buf, sizeof buf, NULL);
        CHECK("[21] TRANSFER_ENCODING is \"chunked\"", err == 0 && strcmp(buf, "chunked") == 0);
        tc_buf body = {0};
        DWORD rerr = tc_read_all(r, rc, 4096, &body, NULL);
        DWORD got = 1;
        SetLastError(0xdeadbeef);
        ok = InternetReadFile(r, buf, sizeof buf, &got);
        err = GetLastError();
        CHECK("[21] the decoded body, then a final read TRUE/0 with GetLastError 0",
              rerr == 0 && body.len == 1000 && tc_pattern_mismatch(body.data, 1000, 0) < 0 && ok && got == 0 && err == 0);
        tc_buf_free(&body);
    }
    if (r != NULL)
        InternetCloseHandle(r);

    /* A status line without a reason phrase. */
    HINTERNET cs_c = cf_connect(s, true, cf_ctx());
    rc = cf_ctx();
    r = cs_c ? cf_script_get(cs_c, "/no-reason", rc) : NULL;
    if (r != NULL) {
        err = cf_query(r, HTTP_QUERY_STATUS_TEXT, buf, sizeof buf, &len);
        CHECK("\"HTTP/1.1 200\" without a reason phrase: STATUS_TEXT is \"\"", err == 0 && len == 0 && buf[0] == '\0');
        InternetCloseHandle(r);
    }
    cf_close(s);
    cf_end();
}
/* ======================================================================================== */
/* Add-header modifiers                                                                     */
/* ======================================================================================== */

/* The index-th request header called name, into out; returns the GetLastError (0 on success). */
static DWORD cf_req_header(HINTERNET r, const char *name, DWORD index, char *out, DWORD size)
{
    snprintf(out, size, "%s", name);
    DWORD len = size;
    BOOL ok = HttpQueryInfoA(r, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_REQUEST_HEADERS, out, &len, &index);
    return ok ? 0 : GetLastError();
}

static bool cf_req_header_is(HINTERNET r, const char *name, DWORD index, const char *want)
{
    char buf[256];
    return cf_req_header(r, name, index, buf, sizeof buf) == 0 && strcmp(buf, want) == 0;
}

static void area_add_headers(void)
{
    cf_begin("add-header modifiers");
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx(), rc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, false, cc) : NULL;
    HINTERNET r = c ? cf_request(c, "GET", "/headers", 0, rc) : NULL;
    if (r == NULL) {
        tc_fail("add-header set-up", "no request");
        cf_close(s);
        cf_end();
        return;
    }
    char buf[256];
    const DWORD ADD = HTTP_ADDREQ_FLAG_ADD, REPLACE = HTTP_ADDREQ_FLAG_REPLACE;

    bool ok = HttpAddRequestHeadersA(r, "X-T: t1\r\n", (DWORD)-1, ADD) &&
              HttpAddRequestHeadersA(r, "X-T: t2\r\n", (DWORD)-1, ADD);
    CHECK("[27] ADD appends even when the header exists: X-T is [t1, t2]",
          ok && cf_req_header_is(r, "X-T", 0, "t1") && cf_req_header_is(r, "X-T", 1, "t2"));
    CHECK_FAILS("[27] ADD_IF_NEW of an existing header fails with 12155",
                HttpAddRequestHeadersA(r, "X-T: t9\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD_IF_NEW),
                ERROR_HTTP_HEADER_ALREADY_EXISTS);
    CHECK("[27] ADD_IF_NEW of a new header adds it",
          HttpAddRequestHeadersA(r, "X-New: n\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD_IF_NEW) &&
              cf_req_header_is(r, "X-New", 0, "n"));
    ok = HttpAddRequestHeadersA(r, "X-T: t3\r\n", (DWORD)-1, REPLACE);
    CHECK("[27] REPLACE removes the first occurrence and appends the new value: [t1, t2] becomes [t2, t3]",
          ok && cf_req_header_is(r, "X-T", 0, "t2") && cf_req_header_is(r, "X-T", 1, "t3") &&
              cf_req_header(r, "X-T", 2, buf, sizeof buf) == ERROR_HTTP_HEADER_NOT_FOUND);
    ok = HttpAddRequestHeadersA(r, "X-T: t4\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_COALESCE);
    CHECK("[27] COALESCE merges into the first occurrence: \"t2, t4\"", ok && cf_req_header_is(r, "X-T", 0, "t2, t4"));
    ok = HttpAddRequestHeadersA(r, "X-C: a\r\n", (DWORD)-1, ADD) &&
         HttpAddRequestHeadersA(r, "X-C: b\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA);
    bool comma = ok && cf_req_header_is(r, "X-C", 0, "a, b");
    ok = HttpAddRequestHeadersA(r, "X-C: c\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON);
    CHECK("[27] COALESCE_WITH_COMMA then COALESCE_WITH_SEMICOLON: \"a\" -> \"a, b\" -> \"a, b; c\"",
          comma && ok && cf_req_header_is(r, "X-C", 0, "a, b; c"));
    ok = HttpAddRequestHeadersA(r, "X-New:\r\n", (DWORD)-1, REPLACE);
    CHECK("[27] REPLACE with an empty value removes the header",
          ok && cf_req_header(r, "X-New", 0, buf, sizeof buf) == ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK_FAILS("[27] REPLACE alone of a header that is not there fails with 12150",
                HttpAddRequestHeadersA(r, "X-Missing: v\r\n", (DWORD)-1, REPLACE), ERROR_HTTP_HEADER_NOT_FOUND);
    CHECK("[27] REPLACE | ADD of a header that is not there adds it",
          HttpAddRequestHeadersA(r, "X-Missing: v\r\n", (DWORD)-1, REPLACE | ADD) &&
              cf_req_header_is(r, "X-Missing", 0, "v"));
    ok = HttpAddRequestHeadersA(r, "\r\n\r\nX-S1: 1\r\n", (DWORD)-1, ADD) &&
         HttpAddRequestHeadersA(r, "X-S2:2", (DWORD)-1, ADD) &&
         HttpAddRequestHeadersA(r, "X-S3: 3\nX-S4: 4", (DWORD)-1, ADD) &&
         HttpAddRequestHeadersA(r, "X-S5: 5\rX-S6: 6\r\n", (DWORD)-1, ADD);
    CHECK("[28] blank lines, a bare \"Name:value\", lone LF and lone CR separators are accepted",
          ok && cf_req_header_is(r, "X-S1", 0, "1") && cf_req_header_is(r, "X-S2", 0, "2") &&
              cf_req_header_is(r, "X-S3", 0, "3") && cf_req_header_is(r, "X-S4", 0, "4") &&
              cf_req_header_is(r, "X-S5", 0, "5") && cf_req_header_is(r, "X-S6", 0, "6"));
    CHECK("an explicit length takes only that many bytes: \"X-L: 12345\" with length 7 adds \"X-L: 12\"",
          HttpAddRequestHeadersA(r, "X-L: 12345", 7, ADD) && cf_req_header_is(r, "X-L", 0, "12"));

    /* The headers on the wire. */
    tc_buf head = {0};
    char value[128];
    ok = cf_send(r, rc, "X-Sent: 1\r\n", NULL, 0) == 0 && tc_read_all(r, rc, 4096, &head, NULL) == 0 && head.data;
    CHECK("the added headers are on the wire: X-T twice (t2, t4 and t3), X-C once, X-New gone",
          ok && cf_head_count(head.data, "X-T", value, sizeof value) == 2 && strcmp(value, "t2, t4") == 0 &&
              cf_head_count(head.data, "X-C", NULL, 0) == 1 && cf_head_count(head.data, "X-New", NULL, 0) == 0 &&
              cf_head_count(head.data, "X-Sent", NULL, 0) == 1);
    char host[64];
    snprintf(host, sizeof host, "%s:%u", tc_host, (unsigned)tc_port);
    CHECK("[33] the Host header names the non-default port",
          ok && cf_head_count(head.data, "Host", value, sizeof value) == 1 && strcmp(value, host) == 0);
    CHECK("the User-Agent given to InternetOpen is sent",
          ok && cf_head_count(head.data, "User-Agent", value, sizeof value) == 1 &&
              strcmp(value, "rinet-conformance") == 0);
    tc_buf_free(&head);
    InternetCloseHandle(r);

    ok = HttpAddRequestHeadersA(r, "X-Late: 1\r\n", (DWORD)-1, ADD);
    CHECK("HttpAddRequestHeaders on a closed request fails", !ok);

    /* Headers given to HttpSendRequest replace the request's own. */
    rc = cf_ctx();
    r = cf_request(c, "GET", "/headers", 0, rc);
    if (r != NULL && HttpAddRequestHeadersA(r, "X-M: 1\r\n", (DWORD)-1, ADD) &&
        cf_send(r, rc, "X-M: 2\r\n", NULL, 0) == 0 && tc_read_all(r, rc, 4096, &head, NULL) == 0 && head.data)
        CHECK("headers passed to HttpSendRequest are merged (add or replace): one X-M: 2",
              cf_head_count(head.data, "X-M", value, sizeof value) == 1 && strcmp(value, "2") == 0);
    else
        tc_fail("headers passed to HttpSendRequest are merged (add or replace): one X-M: 2", "request failed");
    tc_buf_free(&head);
    if (r != NULL)
        InternetCloseHandle(r);

    ok = cf_wire_head(c, "POST", 0, "Content-Length: 5\r\n", ADD, NULL, "hello", 5, &head);
    CHECK("[30] an application's Content-Length is kept (one Content-Length: 5)",
          ok && cf_head_count(head.data, "Content-Length", value, sizeof value) == 1 && strcmp(value, "5") == 0);
    tc_buf_free(&head);
    ok = cf_wire_head(c, "POST", 0, NULL, 0, NULL, NULL, 0, &head);
    CHECK("[30] a POST without data sends Content-Length: 0",
          ok && cf_head_count(head.data, "Content-Length", value, sizeof value) == 1 && strcmp(value, "0") == 0);
    tc_buf_free(&head);
    ok = cf_wire_head(c, "GET", INTERNET_FLAG_KEEP_CONNECTION, NULL, 0, NULL, NULL, 0, &head);
    CHECK("[31] INTERNET_FLAG_KEEP_CONNECTION sends Connection: Keep-Alive",
          ok && cf_head_count(head.data, "Connection", value, sizeof value) == 1 && strcasecmp(value, "Keep-Alive") == 0);
    tc_buf_free(&head);
    ok = cf_wire_head(c, "POST", INTERNET_FLAG_NO_CACHE_WRITE, NULL, 0, NULL, "x", 1, &head);
    CHECK("[31] POST with INTERNET_FLAG_NO_CACHE_WRITE sends Cache-Control: no-cache",
          ok && cf_head_count(head.data, "Cache-Control", value, sizeof value) == 1 && strcmp(value, "no-cache") == 0);
    tc_buf_free(&head);
    ok = cf_wire_head(c, "GET", INTERNET_FLAG_PRAGMA_NOCACHE, NULL, 0, NULL, NULL, 0, &head);
    CHECK("INTERNET_FLAG_PRAGMA_NOCACHE sends Pragma: no-cache",
          ok && cf_head_count(head.data, "Pragma", value, sizeof value) == 1 && strcmp(value, "no-cache") == 0);
    tc_buf_free(&head);
    cf_close(s);
    cf_end();
}

/* ======================================================================================== */
/* URL cracking                                                                             */
/* ======================================================================================== */

static void uc_init(URL_COMPONENTSA *uc)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
}

/* Asks for every part as a pointer into the URL. */
static void uc_pointers(URL_COMPONENTSA *uc)
{
    uc_init(uc);
    uc->dwSchemeLength = uc->dwHostNameLength = uc->dwUserNameLength = 1;
    uc->dwPasswordLength = uc->dwUrlPathLength = uc->dwExtraInfoLength = 1;
}

static bool part_is(const char *p, DWORD len, const char *want)
{
    return p != NULL && len == strlen(want) && strncmp(p, want, len) == 0;
}

static void area_url(void)
{
    cf_begin("URL cracking");
    URL_COMPONENTSA uc;
    const char *url = "http://user:pass@host.example:8080/path/a?x=1#frag";
    uc_pointers(&uc);
    BOOL ok = InternetCrackUrlA(url, 0, 0, &uc);
    CHECK("InternetCrackUrl, pointers into the URL: scheme, user, password, host, port, path, extra info",
          ok && part_is(uc.lpszScheme, uc.dwSchemeLength, "http") && uc.nScheme == INTERNET_SCHEME_HTTP &&
              part_is(uc.lpszUserName, uc.dwUserNameLength, "user") &&
              part_is(uc.lpszPassword, uc.dwPasswordLength, "pass") &&
              part_is(uc.lpszHostName, uc.dwHostNameLength, "host.example") && uc.nPort == 8080 &&
              part_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/path/a") &&
              part_is(uc.lpszExtraInfo, uc.dwExtraInfoLength, "?x=1#frag"));
    CHECK("the pointers point into the caller's string", ok && uc.lpszHostName == url + 17);

    uc_init(&uc);
    uc.dwUrlPathLength = 1;
    ok = InternetCrackUrlA(url, 0, 0, &uc);
    CHECK("without the extra info asked for, the path includes it",
          ok && part_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/path/a?x=1#frag"));

    uc_pointers(&uc);
    bool p80 = InternetCrackUrlA("http://h/", 0, 0, &uc) && uc.nPort == 80;
    uc_pointers(&uc);
    bool p443 = InternetCrackUrlA("https://h/", 0, 0, &uc) && uc.nPort == 443 && uc.nScheme == INTERNET_SCHEME_HTTPS;
    uc_pointers(&uc);
    bool p21 = InternetCrackUrlA("ftp://h/", 0, 0, &uc) && uc.nPort == 21 && uc.nScheme == INTERNET_SCHEME_FTP;
    CHECK("default ports: http 80, https 443, ftp 21", p80 && p443 && p21);

    char host[32], path[64];
    uc_init(&uc);
    uc.lpszHostName = host;
    uc.dwHostNameLength = sizeof host;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = sizeof path;
    ok = InternetCrackUrlA("http://www.example.com/a/b.html", 0, 0, &uc);
    CHECK("buffers: parts copied with a NUL, lengths without it",
          ok && strcmp(host, "www.example.com") == 0 && uc.dwHostNameLength == 15 && strcmp(path, "/a/b.html") == 0 &&
              uc.dwUrlPathLength == 9);

    uc_init(&uc);
    uc.lpszHostName = host;
    uc.dwHostNameLength = 15;
    ok = InternetCrackUrlA("http://www.example.com/", 0, 0, &uc);
    DWORD err = GetLastError();
    CHECK("a buffer without room for the NUL fails with 122 and the size needed, NUL included",
          !ok && err == ERROR_INSUFFICIENT_BUFFER && uc.dwHostNameLength == 16);

    uc_init(&uc);
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = sizeof path;
    ok = InternetCrackUrlA("http://h/a%20b", 0, ICU_DECODE, &uc);
    CHECK("ICU_DECODE unescapes the copied parts: \"/a%20b\" -> \"/a b\"", ok && strcmp(path, "/a b") == 0);

    uc_pointers(&uc);
    uc.dwStructSize = sizeof uc - 4;
    CHECK_FAILS("a wrong dwStructSize fails with 87", InternetCrackUrlA("http://h/", 0, 0, &uc), ERROR_INVALID_PARAMETER);
    uc_pointers(&uc);
    CHECK_FAILS("a URL without a scheme fails with 12006", InternetCrackUrlA("www.example.com/x", 0, 0, &uc),
                ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    uc_pointers(&uc);
    CHECK_FAILS("a port out of range fails with 12005", InternetCrackUrlA("http://h:99999/", 0, 0, &uc),
                ERROR_INTERNET_INVALID_URL);
    uc_pointers(&uc);
    ok = InternetCrackUrlA("http://h/abcdef", 12, 0, &uc);
    CHECK("dwUrlLength limits the URL: \"http://h/abcdef\" with length 12 has the path \"/abc\"",
          ok && part_is(uc.lpszUrlPath, uc.dwUrlPathLength, "/abc"));
    uc_pointers(&uc);
    ok = InternetCrackUrlA("http://[::1]:81/", 0, 0, &uc);
    CHECK("an IPv6 host keeps its brackets", ok && part_is(uc.lpszHostName, uc.dwHostNameLength, "[::1]") &&
                                                  uc.nPort == 81);

    URL_COMPONENTSA in;
    uc_init(&in);
    in.lpszScheme = (LPSTR) "http";
    in.lpszHostName = (LPSTR) "host";
    in.lpszUserName = (LPSTR) "u";
    in.lpszPassword = (LPSTR) "p";
    in.nPort = 8080;
    in.lpszUrlPath = (LPSTR) "/p";
    in.lpszExtraInfo = (LPSTR) "?q=1";
    char out[128];
    DWORD len = 0;
    ok = InternetCreateUrlA(&in, 0, NULL, &len);
    err = GetLastError();
    const char *want = "http://u:p@host:8080/p?q=1";
    bool need = !ok && err == ERROR_INSUFFICIENT_BUFFER && len == strlen(want) + 1;
    len = sizeof out;
    ok = InternetCreateUrlA(&in, 0, out, &len);
    CHECK("InternetCreateUrl: the size needed (NUL included), then the URL (length without the NUL)",
          need && ok && strcmp(out, want) == 0 && len == strlen(want));
    in.nPort = 80;
    in.lpszUserName = in.lpszPassword = NULL;
    len = sizeof out;
    ok = InternetCreateUrlA(&in, 0, out, &len);
    CHECK("InternetCreateUrl leaves out the scheme's default port", ok && strcmp(out, "http://host/p?q=1") == 0);

    len = sizeof out;
    ok = InternetCanonicalizeUrlA("http://host/a/./b/../c d", out, &len, 0);
    CHECK("InternetCanonicalizeUrl resolves . and .. and escapes the space",
          ok && strcmp(out, "http://host/a/c%20d") == 0 && len == strlen(out));
    len = 5;
    ok = InternetCanonicalizeUrlA("http://host/", out, &len, 0);
    err = GetLastError();
    CHECK("InternetCanonicalizeUrl with a small buffer fails with 122 and the size needed",
          !ok && err == ERROR_INSUFFICIENT_BUFFER && len == strlen("http://host/") + 1);
    cf_end();
}

/* ======================================================================================== */
/* Keep-alive                                                                               */
/* ======================================================================================== */

/* GET /stats on c; *accepts receives the server's accept count. Returns the send's start mark
 * and the REQUEST_COMPLETE index through from and done. */
static bool cf_stats(HINTERNET c, unsigned long *accepts, size_t *from, long *done)
{
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_request(c, "GET", "/stats", 0, rc);
    if (r == NULL)
        return false;
    *from = tc_mark();
    bool ok = tc_await_ex(HttpSendRequestA(r, NULL, 0, NULL, 0), r, rc, *from, NULL, done) == 0;
    tc_buf body = {0};
    unsigned long requests = 0;
    ok = ok && tc_read_all(r, rc, 4096, &body, NULL) == 0 && body.data && tc_parse_stats(body.data, accepts, &requests);
    tc_buf_free(&body);
    InternetCloseHandle(r);
    return ok;
}

static void area_keep_alive(void)
{
    cf_begin("keep-alive");
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, false, cc) : NULL;
    if (c == NULL) {
        tc_fail("keep-alive set-up", "no connect handle");
        cf_close(s);
        cf_end();
        return;
    }
    unsigned long a1 = 0, a2 = 0, a3 = 0;
    size_t from = 0;
    long done = -1;
    bool ok1 = cf_stats(c, &a1, &from, &done);
    bool ok2 = cf_stats(c, &a2, &from, &done);
    size_t skipped = ok2 && done >= 0 ? tc_count(INTERNET_STATUS_CONNECTING_TO_SERVER, NULL, 0, from, (size_t)done) +
                                            tc_count(INTERNET_STATUS_CONNECTED_TO_SERVER, NULL, 0, from, (size_t)done)
                                      : 1;
    CHECK("[22] a second request on the same connect handle reuses the connection: no 20/21, no new accept",
          ok1 && ok2 && a2 == a1 && skipped == 0);

    HINTERNET c2 = cf_connect(s, false, cf_ctx());
    ok2 = c2 && cf_stats(c2, &a2, &from, &done);
    CHECK("a request on another connect handle to the same server reuses the pooled connection", ok2 && a2 == a1);
    if (c2 != NULL)
        InternetCloseHandle(c2);

    /* [22] Re-sending on the same request handle with the chunked terminator still unread. */
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_request(c, "GET", "/chunked/100/50", 0, rc);
    char buf[256];
    DWORD got = 0;
    bool first = r && cf_send(r, rc, NULL, NULL, 0) == 0;
    if (first) {
        size_t m = tc_mark();
        first = tc_await(InternetReadFile(r, buf, 100, &got), r, rc, m, NULL) == 0 && got == 100 &&
                tc_pattern_mismatch(buf, 100, 0) < 0;
    }
    tc_buf body = {0};
    bool again = first && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 4096, &body, NULL) == 0 &&
                 body.len == 100 && tc_pattern_mismatch(body.data, 100, 0) < 0;
    tc_buf_free(&body);
    ok1 = cf_stats(c, &a3, &from, &done);
    CHECK("[22] HttpSendRequest again on a handle whose chunked tail is unread drains it and reuses the connection",
          again && ok1 && a3 == a1);
    if (r != NULL)
        InternetCloseHandle(r);

    /* A request closed in the middle of its body leaves nothing behind for the next one. */
    rc = cf_ctx();
    r = cf_request(c, "GET", "/bytes/300000", 0, rc);
    if (r != NULL && cf_send(r, rc, NULL, NULL, 0) == 0) {
        size_t m = tc_mark();
        tc_await(InternetReadFile(r, buf, 100, &got), r, rc, m, NULL);
    }
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/bytes/5000", 0, rc);
    ok1 = r && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 4096, &body, NULL) == 0;
    CHECK("after a request closed mid-body, the next request on the connect handle reads its own body",
          ok1 && body.len == 5000 && tc_pattern_mismatch(body.data, 5000, 0) < 0);
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);

    /* HEAD and 204 responses have no body: the next response on the connection is intact. */
    rc = cf_ctx();
    r = cf_request(c, "HEAD", "/bytes/100", 0, rc);
    ok1 = r && cf_send(r, rc, NULL, NULL, 0) == 0 && cf_status(r) == 200;
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/status/204", 0, rc);
    ok1 = ok1 && r && cf_send(r, rc, NULL, NULL, 0) == 0 && cf_status(r) == 204;
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/bytes/33", 0, rc);
    ok1 = ok1 && r && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 4096, &body, NULL) == 0;
    CHECK("after HEAD and 204 on a kept-alive connection, the next response reads correctly",
          ok1 && body.len == 33 && tc_pattern_mismatch(body.data, 33, 0) < 0);
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);

    /* Connection: close: the next request needs a new connection. */
    cf_stats(c, &a1, &from, &done);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/close/10", 0, rc);
    ok1 = r && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 4096, &body, NULL) == 0 && body.len == 10;
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);
    ok2 = cf_stats(c, &a2, &from, &done);
    skipped = ok2 && done >= 0 ? tc_count(INTERNET_STATUS_CONNECTING_TO_SERVER, NULL, 0, from, (size_t)done) : 0;
    CHECK("after Connection: close the next request connects again (20 is sent, one more accept)",
          ok1 && ok2 && a2 == a1 + 1 && skipped == 1);
    cf_close(s);
    cf_end();
}

/* ======================================================================================== */
/* Cancellation                                                                             */
/* ======================================================================================== */

/* Closes h (whose call on request ctx rc is pending) and checks that the call completes at once
 * with {0, 12017}, then HANDLE_CLOSING, last. "At once" holds by construction: the call waits for
 * something the scripted server never gives (a go nobody gives), and rinet's own timeouts (30 s)
 * are longer than the wait here, so only the close can complete it within that wait. */
static void cf_check_cancel(const char *what, HINTERNET close_me, DWORD_PTR rc)
{
    size_t mc = tc_mark();
    BOOL ok = InternetCloseHandle(close_me);
    long ic = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mc, TC_WAIT_MS);
    long ih = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, rc, mc, TC_WAIT_MS);
    tc_sleep_ms(100); /* let anything wrongly sent after HANDLE_CLOSING arrive */
    tc_note n = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    CHECK(nm("%s: closing completes it with {0, 12017} at once", what),
          ok && ic >= 0 && n.result == 0 && n.error == ERROR_INTERNET_OPERATION_CANCELLED);
    CHECK(nm("%s: then HANDLE_CLOSING, the last notification", what),
          ih > ic && tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, rc, mc, SIZE_MAX) == 1 &&
              tc_count(0, NULL, rc, (size_t)ih + 1, SIZE_MAX) == 0);
}

/* Closes the session from the main thread while the request's REQUEST_COMPLETE callback runs:
 * the callback tells the main thread it is inside, then stays inside until the main thread's
 * InternetCloseHandle has returned. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    DWORD_PTR ctx;
    bool inside;
    bool closed;       /* the main thread's close returned */
    bool close_seen;   /* the callback saw that before it returned */
} cf_slow = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, false, false, false};

static void CALLBACK cf_slow_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (status == INTERNET_STATUS_REQUEST_COMPLETE && ctx == cf_slow.ctx) {
        double end = tc_now() + TC_WAIT_MS / 1000.0;
        pthread_mutex_lock(&cf_slow.lock);
        cf_slow.inside = true;
        pthread_cond_broadcast(&cf_slow.cond);
        while (!cf_slow.closed && tc_now() < end) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&cf_slow.cond, &cf_slow.lock, &ts);
        }
        cf_slow.close_seen = cf_slow.closed;
        pthread_mutex_unlock(&cf_slow.lock);
    }
    tc_leave();
}

static DWORD_PTR cf_close_in_cb_ctx;

static void CALLBACK cf_close_in_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (status == INTERNET_STATUS_REQUEST_COMPLETE && ctx == cf_close_in_cb_ctx)
        InternetCloseHandle(h);
    tc_leave();
}

static void area_cancellation(void)
{
    cf_begin("cancellation");
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, true, cc) : NULL;
    if (c == NULL) {
        tc_fail("cancellation set-up", "no connect handle");
        cf_close(s);
        cf_end();
        return;
    }
    char buf[64];

    /* A send the server never answers, closed once the server has the request. */
    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_request(c, "GET", "/stall", 0, rc);
    size_t m = tc_mark();
    unsigned stalls = cs_hits("/stall");
    BOOL ok = r && HttpSendRequestA(r, NULL, 0, NULL, 0);
    if (!ok && GetLastError() == ERROR_IO_PENDING) {
        cs_wait_route("/stall", ++stalls, 0);
        cf_check_cancel("pending HttpSendRequest", r, rc);
        DWORD len = sizeof buf;
        CHECK_FAILS("a cancelled request's handle is invalid afterwards (6)",
                    HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, buf, &len, NULL), ERROR_INVALID_HANDLE);
    } else {
        tc_fail("pending HttpSendRequest", "the send did not pend");
    }
    (void)m;

    /* A read waiting for the rest of the body. */
    rc = cf_ctx();
    r = cf_script_get(c, "/split4", rc);
    if (r != NULL) {
        DWORD got = 0;
        memset(buf, '#', sizeof buf);
        ok = InternetReadFile(r, buf, 4, &got);
        if (!ok && GetLastError() == ERROR_IO_PENDING)
            cf_check_cancel("pending InternetReadFile", r, rc);
        else
            tc_fail("pending InternetReadFile", "the read did not pend");
        cs_go("/split4"); /* the server may finish: nothing may reach the buffer any more */
        tc_sleep_ms(100);
        CHECK("a cancelled read never writes its count", got == 0);
    }

    /* A data-available query and an IRF_NO_WAIT read with nothing buffered. */
    rc = cf_ctx();
    r = cf_script_get(c, "/qda", rc);
    if (r != NULL) {
        DWORD avail = 0xdead;
        ok = InternetQueryDataAvailable(r, &avail, 0, 0);
        if (!ok && GetLastError() == ERROR_IO_PENDING)
            cf_check_cancel("pending InternetQueryDataAvailable", r, rc);
        else
            tc_fail("pending InternetQueryDataAvailable", "the query did not pend");
        cs_go("/qda");
    }
    rc = cf_ctx();
    r = cf_script_get(c, "/qda", rc);
    if (r != NULL) {
        INTERNET_BUFFERSA ib;
        memset(&ib, 0, sizeof ib);
        ib.dwStructSize = sizeof ib;
        ib.lpvBuffer = buf;
        ib.dwBufferLength = sizeof buf;
        ok = InternetReadFileExA(r, &ib, IRF_NO_WAIT, 0);
        if (!ok && GetLastError() == ERROR_IO_PENDING)
            cf_check_cancel("pending InternetReadFileEx(IRF_NO_WAIT)", r, rc);
        else
            tc_fail("pending InternetReadFileEx(IRF_NO_WAIT)", "the read did not pend");
        cs_go("/qda");
    }

    /* HttpEndRequest waiting for a response that never comes. */
    rc = cf_ctx();
    r = cf_request(c, "POST", "/stall", 0, rc);
    m = tc_mark();
    if (r != NULL && tc_await(HttpSendRequestExA(r, NULL, NULL, 0, 0), r, rc, m, NULL) == 0) {
        ok = HttpEndRequestA(r, NULL, 0, 0);
        if (!ok && GetLastError() == ERROR_IO_PENDING) {
            cs_wait_route("/stall", ++stalls, 0);
            cf_check_cancel("pending HttpEndRequest", r, rc);
        }
        else
            tc_fail("pending HttpEndRequest", "it did not pend");
    } else {
        tc_fail("pending HttpEndRequest", "HttpSendRequestEx failed");
    }

    /* Closing the parent connect handle cancels its request's send. */
    DWORD_PTR cc2 = cf_ctx();
    HINTERNET c2 = cf_connect(s, true, cc2);
    rc = cf_ctx();
    r = c2 ? cf_request(c2, "GET", "/stall", 0, rc) : NULL;
    ok = r && HttpSendRequestA(r, NULL, 0, NULL, 0);
    if (!ok && GetLastError() == ERROR_IO_PENDING) {
        cs_wait_route("/stall", ++stalls, 0);
        cf_quiesce();
        size_t mc = tc_mark();
        cf_check_cancel("pending send, its connect handle closed", c2, rc);
        long ir = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, rc, mc, 0);
        long icc = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, cc2, mc, TC_WAIT_MS);
        CHECK("closing the parent: the request's HANDLE_CLOSING before the connect handle's", ir >= 0 && icc > ir);
    } else {
        tc_fail("pending send, its connect handle closed", "the send did not pend");
    }

    /* Closing from inside the request's own callback. */
    rc = cf_ctx();
    cf_close_in_cb_ctx = rc;
    HINTERNET main_c = cf_connect(s, false, cf_ctx());
    r = main_c ? cf_request(main_c, "GET", "/bytes/10", 0, rc) : NULL;
    if (r != NULL) {
        InternetSetStatusCallbackA(r, cf_close_in_callback);
        m = tc_mark();
        ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
        long ih = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, rc, m, TC_WAIT_MS);
        tc_sleep_ms(100);
        CHECK("a request closed from inside its REQUEST_COMPLETE callback gets HANDLE_CLOSING, last",
              !ok && ih >= 0 && tc_count(0, NULL, rc, (size_t)ih + 1, SIZE_MAX) == 0);
    }
    cf_close(s);

    /* Closing the session with a send pending. */
    s = cf_open(true);
    cc = cf_ctx();
    c = s ? cf_connect(s, true, cc) : NULL;
    rc = cf_ctx();
    r = c ? cf_request(c, "GET", "/stall", 0, rc) : NULL;
    ok = r && HttpSendRequestA(r, NULL, 0, NULL, 0);
    if (!ok && GetLastError() == ERROR_IO_PENDING) {
        cs_wait_route("/stall", ++stalls, 0);
        cf_stop_driver(s);
        cf_check_cancel("pending send, its session closed", s, rc);
    } else {
        tc_fail("pending send, its session closed", "the send did not pend");
        cf_close(s);
    }

    /* Closing the session while the request's callback is running: the request's HANDLE_CLOSING
     * still comes before its parent's. */
    s = cf_open(true);
    cc = cf_ctx();
    c = s ? cf_connect(s, false, cc) : NULL;
    rc = cf_ctx();
    r = c ? cf_request(c, "GET", "/bytes/10", 0, rc) : NULL;
    if (r != NULL) {
        cf_slow.ctx = rc;
        cf_slow.inside = false;
        cf_slow.closed = false;
        cf_slow.close_seen = false;
        InternetSetStatusCallbackA(r, cf_slow_callback);
        ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
        pthread_mutex_lock(&cf_slow.lock);
        double end = tc_now() + TC_WAIT_MS / 1000.0;
        while (!cf_slow.inside && tc_now() < end) {
            pthread_mutex_unlock(&cf_slow.lock);
            tc_sleep_ms(5);
            pthread_mutex_lock(&cf_slow.lock);
        }
        bool inside = cf_slow.inside;
        pthread_mutex_unlock(&cf_slow.lock);
        size_t mc = tc_mark();
        if (inside) {
            /* In driven mode the helper thread is the one inside the callback; it keeps running
             * until the session is gone, as rinet's reactor thread would. */
            InternetCloseHandle(s);
            pthread_mutex_lock(&cf_slow.lock);
            cf_slow.closed = true;
            pthread_cond_broadcast(&cf_slow.cond);
            pthread_mutex_unlock(&cf_slow.lock);
            long ir = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, rc, mc, TC_WAIT_MS);
            long icc = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, cc, mc, TC_WAIT_MS);
            cf_stop_driver(s);
            pthread_mutex_lock(&cf_slow.lock);
            bool seen = cf_slow.close_seen;
            pthread_mutex_unlock(&cf_slow.lock);
            CHECK("closing the session while the request's callback runs: InternetCloseHandle returns while that "
                  "callback is still inside",
                  seen);
            if (ir >= 0 && icc > ir)
                tc_ok("closing the session while the request's callback runs: the request's HANDLE_CLOSING still "
                      "comes before the connect handle's");
            else {
                tc_fail("closing the session while the request's callback runs: the request's HANDLE_CLOSING still "
                        "comes before the connect handle's",
                        "request's at %ld, connect's at %ld", ir, icc);
                tc_dump("request", NULL, rc, mc, SIZE_MAX);
                tc_dump("connect", NULL, cc, mc, SIZE_MAX);
            }
        } else {
            tc_fail("closing the session while the request's callback runs", "the callback did not start (%d)", ok);
            cf_close(s);
        }
    } else {
        cf_close(s);
    }

    /* After all that, a new session works. */
    s = cf_open(true);
    c = s ? cf_connect(s, false, cf_ctx()) : NULL;
    rc = cf_ctx();
    r = c ? cf_request(c, "GET", "/bytes/123", 0, rc) : NULL;
    tc_buf body = {0};
    ok = r && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 4096, &body, NULL) == 0;
    CHECK("after the cancellations a new request succeeds", ok && body.len == 123 &&
                                                               tc_pattern_mismatch(body.data, 123, 0) < 0);
    tc_buf_free(&body);
    cf_close(s);
    cf_end();
}

/* ======================================================================================== */
/* Redirects and decoding                                                                   */
/* ======================================================================================== */

static void area_redirects(void)
{
    cf_begin("redirects, auth & decoding");
    HINTERNET s = cf_open(true);
    DWORD_PTR cc = cf_ctx();
    HINTERNET c = s ? cf_connect(s, true, cc) : NULL;
    if (c == NULL) {
        tc_fail("redirect set-up", "no connect handle");
        cf_close(s);
        cf_end();
        return;
    }
    char buf[512], target[128];
    snprintf(target, sizeof target, "http://%s:%u/target", tc_host, (unsigned)cs.port);

    DWORD_PTR rc = cf_ctx();
    HINTERNET r = cf_request(c, "GET", "/redir", 0, rc);
    size_t m = tc_mark();
    long done = -1;
    DWORD err = r ? tc_await_ex(HttpSendRequestA(r, NULL, 0, NULL, 0), r, rc, m, NULL, &done) : ERROR_INVALID_HANDLE;
    tc_buf body = {0};
    bool ok = err == 0 && cf_status(r) == 200 && tc_read_all(r, rc, 64, &body, NULL) == 0 && body.len == 6 &&
              memcmp(body.data, "target", 6) == 0;
    CHECK("[34] a 302 is followed: status 200 and the target's body", ok);
    tc_buf_free(&body);
    CHECK_STR("[34] INTERNET_OPTION_URL is updated to the target", r ? cf_url(r) : "", target);
    if (done >= 0) {
        size_t end = (size_t)done;
        long ired = tc_wait_for(INTERNET_STATUS_REDIRECT, NULL, rc, m, 0);
        tc_note nred = ired >= 0 ? tc_get((size_t)ired) : (tc_note){0};
        bool counts = tc_count(INTERNET_STATUS_SENDING_REQUEST, NULL, rc, m, end) == 2 &&
                      tc_count(INTERNET_STATUS_REQUEST_SENT, NULL, rc, m, end) == 2 &&
                      tc_count(INTERNET_STATUS_RECEIVING_RESPONSE, NULL, rc, m, end) == 2 &&
                      tc_count(INTERNET_STATUS_RESPONSE_RECEIVED, NULL, rc, m, end) == 2 &&
                      tc_count(INTERNET_STATUS_REDIRECT, NULL, rc, m, end) == 1;
        if (counts)
            tc_ok("[3] with a redirect: 30 31 40 41 twice each and REDIRECT once");
        else
            tc_fail("[3] with a redirect: 30 31 40 41 twice each and REDIRECT once", "got [%s]",
                    cf_sequence(rc, m, end + 1));
        CHECK("REDIRECT carries the new URL, length strlen+1",
              ired >= 0 && strcmp(nred.text, target) == 0 && nred.info_len == strlen(target) + 1);
    } else {
        tc_fail("[3] with a redirect: 30 31 40 41 twice each and REDIRECT once", "the request failed");
        tc_fail("REDIRECT carries the new URL, length strlen+1", "the request failed");
    }
    if (r != NULL)
        InternetCloseHandle(r);

    rc = cf_ctx();
    r = cf_request(c, "GET", "/redir", INTERNET_FLAG_NO_AUTO_REDIRECT, rc);
    m = tc_mark();
    err = r ? cf_send(r, rc, NULL, NULL, 0) : ERROR_INVALID_HANDLE;
    DWORD len = sizeof buf;
    ok = err == 0 && cf_status(r) == 302 && HttpQueryInfoA(r, HTTP_QUERY_LOCATION, buf, &len, NULL) &&
         strcmp(buf, "/target") == 0;
    CHECK("INTERNET_FLAG_NO_AUTO_REDIRECT: status 302 with its Location, no REDIRECT notification",
          ok && tc_count(INTERNET_STATUS_REDIRECT, NULL, rc, m, SIZE_MAX) == 0);
    if (r != NULL)
        InternetCloseHandle(r);

    rc = cf_ctx();
    r = cf_request(c, "GET", "/redir-ftp", 0, rc);
    err = r ? cf_send(r, rc, NULL, NULL, 0) : ERROR_INVALID_HANDLE;
    char url[128];
    snprintf(url, sizeof url, "http://%s:%u/redir-ftp", tc_host, (unsigned)cs.port);
    CHECK("[34] a Location that is not http(s) is not followed: completes, status 302, URL unchanged",
          err == 0 && cf_status(r) == 302 && strcmp(cf_url(r), url) == 0);
    if (r != NULL)
        InternetCloseHandle(r);

    rc = cf_ctx();
    r = cf_request(c, "GET", "/redir-nohost", 0, rc);
    err = r ? cf_send(r, rc, NULL, NULL, 0) : ERROR_INVALID_HANDLE;
    CHECK_EQ("[34] a redirect to http:///nohost fails with 12005", err, ERROR_INTERNET_INVALID_URL);
    if (r != NULL)
        InternetCloseHandle(r);

    char method[16], sent[64];
    rc = cf_ctx();
    r = cf_request(c, "POST", "/redir", 0, rc);
    err = r ? cf_send(r, rc, NULL, "data", 4) : ERROR_INVALID_HANDLE;
    cs_last("/target", method, sizeof method, sent, sizeof sent);
    if (err == 0 && cf_status(r) == 200 && strcmp(method, "GET") == 0)
        tc_ok("a POST answered with 302 is followed with GET");
    else
        tc_fail("a POST answered with 302 is followed with GET", "error %u, status %u, the target saw %s", (unsigned)err,
                (unsigned)(r ? cf_status(r) : 0), method);
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "POST", "/redir307", 0, rc);
    err = r ? cf_send(r, rc, NULL, "data", 4) : ERROR_INVALID_HANDLE;
    cs_last("/target", method, sizeof method, sent, sizeof sent);
    if (err == 0 && cf_status(r) == 200 && strcmp(method, "POST") == 0 && strcmp(sent, "data") == 0)
        tc_ok("a POST answered with 307 is followed with POST and its body");
    else
        tc_fail("a POST answered with 307 is followed with POST and its body",
                "error %u, status %u, the target saw %s with body \"%s\"", (unsigned)err,
                (unsigned)(r ? cf_status(r) : 0), method, sent);
    if (r != NULL)
        InternetCloseHandle(r);

    /* Basic authentication with the connect handle's credentials, answered after a 401. */
    HINTERNET ac = InternetConnectA(s, tc_host, cs.port, "user", "pass", INTERNET_SERVICE_HTTP, 0, cf_ctx());
    rc = cf_ctx();
    r = ac ? cf_request(ac, "GET", "/auth", 0, rc) : NULL;
    err = r ? cf_send(r, rc, NULL, NULL, 0) : ERROR_INVALID_HANDLE;
    CHECK("a 401 with a Basic challenge is answered with the connect handle's credentials: 200",
          err == 0 && cf_status(r) == 200);
    if (r != NULL)
        InternetCloseHandle(r);
    /* The credentials the server accepted are the process's now: end the browser session, so
       that they are not sent before the 401 asks for them. */
    InternetSetOptionA(NULL, INTERNET_OPTION_END_BROWSER_SESSION, NULL, 0);
    HINTERNET s2 = cf_open(true);
    HINTERNET ac2 = s2 ? InternetConnectA(s2, tc_host, cs.port, "user", "pass", INTERNET_SERVICE_HTTP, 0, cf_ctx())
                       : NULL;
    rc = cf_ctx();
    r = ac2 ? cf_request(ac2, "POST", "/auth", 0, rc) : NULL;
    err = r ? cf_send(r, rc, NULL, "data", 4) : ERROR_INVALID_HANDLE;
    cs_last("/auth", method, sizeof method, sent, sizeof sent);
    if (err == 0 && cf_status(r) == 200 && strcmp(sent, "data") == 0)
        tc_ok("a POST answered with credentials is sent again with its body");
    else
        tc_fail("a POST answered with credentials is sent again with its body",
                "error %u, status %u, the server saw %s with body \"%s\"", (unsigned)err,
                (unsigned)(r ? cf_status(r) : 0), method, sent);
    cf_close(s2);

    /* [32] Interim responses. */
    HINTERNET mc = cf_connect(s, false, cf_ctx());
    rc = cf_ctx();
    r = mc ? cf_request(mc, "GET", "/continue", 0, rc) : NULL;
    ok = r && cf_send(r, rc, NULL, NULL, 0) == 0 && cf_status(r) == 200 && tc_read_all(r, rc, 64, &body, NULL) == 0 &&
         body.data && strcmp(body.data, "after continue") == 0;
    CHECK("[32] an interim 100 Continue is skipped: 200 and its body", ok);
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/two-continue", 0, rc);
    ok = r && cf_send(r, rc, NULL, NULL, 0) == 0 && cf_status(r) == 200 && tc_read_all(r, rc, 64, &body, NULL) == 0 &&
         body.len == 2 && memcmp(body.data, "ok", 2) == 0;
    CHECK("[32] two interim 100 responses are skipped", ok);
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/continue-headers", 0, rc);
    ok = r && cf_send(r, rc, NULL, NULL, 0) == 0 && cf_status(r) == 200 && tc_read_all(r, rc, 64, &body, NULL) == 0 &&
         body.len == 2 && memcmp(body.data, "ok", 2) == 0;
    len = sizeof buf;
    snprintf(buf, sizeof buf, "X-Interim");
    bool leaked = r && HttpQueryInfoA(r, HTTP_QUERY_CUSTOM, buf, &len, NULL);
    CHECK("[32] an interim response with headers is skipped, its headers with it", ok && !leaked);
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);

    /* [35] gzip. */
    static const char gz[] = GZIP_BODY;
    char text[1024] = "";
    for (int i = 0; i < 8; i++)
        strcat(text, GZIP_TEXT);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/gzip", 0, rc);
    BOOL on = TRUE;
    ok = r && InternetSetOptionA(r, INTERNET_OPTION_HTTP_DECODING, &on, sizeof on) && cf_send(r, rc, NULL, NULL, 0) == 0 &&
         tc_read_all(r, rc, 100, &body, NULL) == 0 && body.data && strcmp(body.data, text) == 0;
    CHECK("[35] HTTP_DECODING on: the gzip body reads decoded", ok);
    tc_buf_free(&body);
    CHECK("[35] HTTP_DECODING on: Content-Encoding and Content-Length are hidden",
          r && cf_query(r, HTTP_QUERY_CONTENT_ENCODING, buf, sizeof buf, NULL) == ERROR_HTTP_HEADER_NOT_FOUND &&
              cf_query(r, HTTP_QUERY_CONTENT_LENGTH, buf, sizeof buf, NULL) == ERROR_HTTP_HEADER_NOT_FOUND);
    if (r != NULL)
        InternetCloseHandle(r);
    rc = cf_ctx();
    r = cf_request(c, "GET", "/gzip", 0, rc);
    ok = r && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 100, &body, NULL) == 0 &&
         body.len == sizeof gz - 1 && memcmp(body.data, gz, sizeof gz - 1) == 0 &&
         cf_query(r, HTTP_QUERY_CONTENT_ENCODING, buf, sizeof buf, NULL) == 0 && strcmp(buf, "gzip") == 0;
    CHECK("HTTP_DECODING off (the default): the gzip bytes as sent, Content-Encoding: gzip", ok);
    tc_buf_free(&body);
    if (r != NULL)
        InternetCloseHandle(r);
    InternetCloseHandle(c);
    ok = InternetSetOptionA(s, INTERNET_OPTION_HTTP_DECODING, &on, sizeof on);
    c = cf_connect(s, true, cf_ctx());
    rc = cf_ctx();
    r = c ? cf_request(c, "GET", "/gzip", 0, rc) : NULL;
    ok = ok && r && cf_send(r, rc, NULL, NULL, 0) == 0 && tc_read_all(r, rc, 100, &body, NULL) == 0 && body.data &&
         strcmp(body.data, text) == 0;
    CHECK("HTTP_DECODING set on the session applies to requests created under it", ok);
    tc_buf_free(&body);
    cf_close(s);
    cf_end();
}

/* ======================================================================================== */
/* main                                                                                     */
/* ======================================================================================== */

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    const char *driven = getenv("RINET_CONFORMANCE_DRIVEN");
    cf_driven = driven != NULL && strcmp(driven, "1") == 0;
    tc_info("asynchronous sessions are %s", cf_driven ? "driven (RINET_FLAG_DRIVEN, polled by a helper thread)"
                                                       : "run by rinet's reactor thread");
    if (!cs_start()) {
        tc_fail("start the scripted server", "errno %d", errno);
        return tc_finish();
    }
    area_constants();
    area_notifications();
    area_handles();
    area_options();
    area_query();
    area_add_headers();
    area_url();
    area_keep_alive();
    area_cancellation();
    area_redirects();
    tc_check_no_live_handles("every handle released at the end");
    cs_stop();

    printf("\n");
    int passed = 0, failed = 0;
    for (int i = 0; i < cf_nareas; i++) {
        printf("%s: %d passed, %d failed\n", cf_areas[i].name, cf_areas[i].passed, cf_areas[i].failed);
        passed += cf_areas[i].passed;
        failed += cf_areas[i].failed;
    }
    printf("all areas: %d passed, %d failed\n", passed, failed);
    return tc_finish();
}
