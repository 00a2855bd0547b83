/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * driven_poll.c -- rinet's driven mode from a plain poll() loop: 100 concurrent GETs and one
 * streaming upload, with every status callback on the main thread. Written against <wininet.h>
 * (rinet_session_fd, rinet_session_timeout_ms and rinet_session_process come with it).
 *
 *     driven_poll <host> <port> [upload KiB]
 *
 * The upload size defaults to 8192 KiB; the third argument or RINET_DRIVEN_UPLOAD_KIB changes
 * it. The server must answer GET /bytes/<n> with n bytes of its pattern (byte i is 'a' + i % 26)
 * and POST /upload with "<length> <fnv1a64 as 16 hex digits>" of the body it received, as
 * rinet's test server does.
 *
 * What it shows:
 *   - a session opened with RINET_FLAG_DRIVEN has no thread of its own. The program owns the
 *     loop: it polls the one descriptor rinet_session_fd gives, for at most
 *     rinet_session_timeout_ms, then calls rinet_session_process, which runs the ready I/O and
 *     timers and delivers the due status callbacks on this thread before it returns;
 *   - everything else is plain asynchronous WinInet: calls return FALSE with ERROR_IO_PENDING,
 *     REQUEST_COMPLETE finishes them, HANDLE_CLOSING is each handle's last notification;
 *   - since every callback runs on the thread that runs the loop, the program needs no lock:
 *     the callbacks and the loop share plain variables;
 *   - the GETs are driven from the callback (send, read while bytes are there, close); the
 *     upload is fed from the loop, one 64 KiB InternetWriteFile per turn, so it streams while
 *     the GETs run. A write that pends keeps its buffer until its REQUEST_COMPLETE.
 *
 * It records pthread_self() in every callback and fails unless each one ran on the main thread;
 * it checks every body byte for byte, the server's reply to the upload, that each handle got
 * exactly one HANDLE_CLOSING and nothing after it, and that rinet_live_handles() is 0 at the end.
 * It prints "FAIL <what>" for each failed check and exits non-zero.
 */
#define _POSIX_C_SOURCE 200809L

#include <wininet.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define GETS 100
#define READ_SIZE 16384
#define PIECE (64 * 1024)
#define DEADLINE_SECONDS 100

/* What a handle's context points to: every object starts with its kind. */
enum kind { KIND_CONNECT, KIND_GET, KIND_UPLOAD };

struct connect_ctx {
    enum kind kind;
    unsigned closing; /* HANDLE_CLOSING received */
};

struct get {
    enum kind kind;
    HINTERNET req;
    unsigned index;
    uint64_t want;     /* the body length asked for */
    uint64_t have;     /* body bytes checked so far */
    bool sent;         /* HttpSendRequest has completed */
    bool read_pending; /* a read returned ERROR_IO_PENDING: buf and got are rinet's */
    bool finished;     /* the body ended, or the request failed */
    DWORD got;
    unsigned closing;
    char buf[READ_SIZE];
};

enum up_phase { UP_SENDING, UP_WRITING, UP_WRITE_PENDING, UP_ENDING, UP_READING, UP_DONE };

struct upload {
    enum kind kind;
    HINTERNET req;
    enum up_phase phase;
    uint64_t total, sent;
    uint64_t hash;        /* FNV-1a 64 of the bytes handed to InternetWriteFile */
    DWORD piece_len;      /* bytes of the write in progress */
    DWORD written;        /* its count, filled at completion when it pends */
    unsigned writes, pended_writes;
    char reply[128];
    DWORD reply_len, got;
    unsigned closing;
    unsigned char piece[PIECE]; /* rinet's while a write is pending */
};

static struct {
    pthread_t main_thread;
    HINTERNET session, connect;
    struct connect_ctx conn;
    struct get gets[GETS];
    struct upload up;
    unsigned gets_left;      /* GETs not yet finished */
    unsigned callbacks, off_main;
    unsigned failures;
    uint64_t bytes_checked;
    uint32_t rng;            /* the upload's byte generator */
} app;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    app.failures++;
}

static uint64_t fnv1a64(uint64_t hash, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hash ^= p[i];
        hash *= 0x00000100000001b3ULL;
    }
    return hash;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the GETs, driven from the callback ---- */

static void get_finish(struct get *g, DWORD error)
{
    if (g->finished)
        return;
    g->finished = true;
    app.gets_left--;
    if (error != 0)
        fail("GET %u (/bytes/%" PRIu64 ") failed with error %u", g->index, g->want, (unsigned)error);
    else if (g->have != g->want)
        fail("GET %u: %" PRIu64 " body bytes, expected %" PRIu64, g->index, g->have, g->want);
    /* Closing from inside a callback is allowed: HANDLE_CLOSING follows once this callback has
     * returned, on this thread. */
    if (!InternetCloseHandle(g->req))
        fail("InternetCloseHandle(GET %u) failed: %u", g->index, (unsigned)GetLastError());
}

/* Checks `n` body bytes against the pattern. */
static void get_consume(struct get *g, DWORD n)
{
    for (DWORD i = 0; i < n; i++) {
        if (g->buf[i] != (char)('a' + (g->have + i) % 26)) {
            fail("GET %u: body byte %" PRIu64 " differs from the pattern", g->index, g->have + i);
            get_finish(g, 0);
            return;
        }
    }
    g->have += n;
    app.bytes_checked += n;
}

/* Reads while bytes are there at once; returns when a read pends or the body ends. */
static void get_read(struct get *g)
{
    while (!g->finished) {
        g->got = 0;
        if (!InternetReadFile(g->req, g->buf, sizeof g->buf, &g->got)) {
            DWORD err = GetLastError();
            if (err == ERROR_IO_PENDING)
                g->read_pending = true; /* the next REQUEST_COMPLETE carries the bytes */
            else
                get_finish(g, err);
            return;
        }
        if (g->got == 0) {
            get_finish(g, 0);
            return;
        }
        get_consume(g, g->got);
    }
}

static void get_sent(struct get *g)
{
    g->sent = true;
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfo(g->req, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL) ||
        code != HTTP_STATUS_OK) {
        fail("GET %u: status %u (HttpQueryInfo error %u)", g->index, (unsigned)code, (unsigned)GetLastError());
        get_finish(g, 0);
        return;
    }
    get_read(g);
}

static void get_complete(struct get *g, const INTERNET_ASYNC_RESULT *res)
{
    if (g->finished) {
        fail("GET %u: REQUEST_COMPLETE with no call pending", g->index);
        return;
    }
    if (res->dwResult == 0) {
        get_finish(g, res->dwError);
        return;
    }
    if (!g->sent) {
        get_sent(g);
        return;
    }
    if (!g->read_pending) {
        fail("GET %u: REQUEST_COMPLETE with no read pending", g->index);
        return;
    }
    g->read_pending = false;
    if (g->got == 0) {
        get_finish(g, 0);
        return;
    }
    get_consume(g, g->got);
    get_read(g);
}

static void get_start(struct get *g)
{
    char path[64];
    snprintf(path, sizeof path, "/bytes/%" PRIu64, g->want);
    g->req = HttpOpenRequest(app.connect, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, (DWORD_PTR)g);
    if (g->req == NULL) {
        fail("HttpOpenRequest(GET %u) failed: %u", g->index, (unsigned)GetLastError());
        g->finished = true;
        app.gets_left--;
        return;
    }
    if (HttpSendRequest(g->req, NULL, 0, NULL, 0))
        get_sent(g); /* completed at once: no REQUEST_COMPLETE follows */
    else if (GetLastError() != ERROR_IO_PENDING)
        get_finish(g, GetLastError());
}

/* ---- the upload, fed from the loop ---- */

static void up_fail(const char *what, DWORD err)
{
    fail("upload: %s failed with error %u", what, (unsigned)err);
    app.up.phase = UP_DONE;
    InternetCloseHandle(app.up.req);
}

static void up_check_reply(void)
{
    struct upload *u = &app.up;
    u->reply[u->reply_len] = '\0';
    char want[64];
    snprintf(want, sizeof want, "%" PRIu64 " %016" PRIx64, u->total, u->hash);
    if (strcmp(u->reply, want) != 0)
        fail("upload: the server replied \"%s\", expected \"%s\"", u->reply, want);
    else
        printf("upload: %" PRIu64 " bytes in %u writes (%u pended); the server replied \"%s\"\n", u->total,
               u->writes, u->pended_writes, u->reply);
    u->phase = UP_DONE;
    InternetCloseHandle(u->req);
}

/* Reads the server's reply while it is there at once. */
static void up_read(void)
{
    struct upload *u = &app.up;
    u->phase = UP_READING;
    for (;;) {
        if (u->reply_len >= sizeof u->reply - 1) {
            up_fail("reading the reply (too long)", 0);
            return;
        }
        u->got = 0;
        if (!InternetReadFile(u->req, u->reply + u->reply_len, (DWORD)(sizeof u->reply - 1 - u->reply_len), &u->got)) {
            if (GetLastError() != ERROR_IO_PENDING)
                up_fail("InternetReadFile", GetLastError());
            return;
        }
        if (u->got == 0) {
            up_check_reply();
            return;
        }
        u->reply_len += u->got;
    }
}

static void up_end(void)
{
    struct upload *u = &app.up;
    u->phase = UP_ENDING;
    if (HttpEndRequest(u->req, NULL, 0, 0))
        up_read();
    else if (GetLastError() != ERROR_IO_PENDING)
        up_fail("HttpEndRequest", GetLastError());
}

static void up_wrote(void)
{
    struct upload *u = &app.up;
    if (u->written != u->piece_len) {
        fail("upload: InternetWriteFile wrote %u of %u bytes", (unsigned)u->written, (unsigned)u->piece_len);
        up_fail("InternetWriteFile", 0);
        return;
    }
    u->sent += u->written;
    u->phase = UP_WRITING;
    if (u->sent == u->total)
        up_end();
}

/* One turn of the loop: hand the next piece to rinet. */
static void up_feed(void)
{
    struct upload *u = &app.up;
    if (u->phase != UP_WRITING)
        return;
    u->piece_len = u->total - u->sent < PIECE ? (DWORD)(u->total - u->sent) : PIECE;
    for (DWORD i = 0; i < u->piece_len; i++) {
        app.rng = app.rng * 1103515245u + 12345u;
        u->piece[i] = (unsigned char)(app.rng >> 16);
    }
    u->hash = fnv1a64(u->hash, u->piece, u->piece_len);
    u->written = 0;
    u->writes++;
    if (InternetWriteFile(u->req, u->piece, u->piece_len, &u->written)) {
        up_wrote();
    } else if (GetLastError() == ERROR_IO_PENDING) {
        u->phase = UP_WRITE_PENDING; /* piece and written are rinet's until REQUEST_COMPLETE */
        u->pended_writes++;
    } else {
        up_fail("InternetWriteFile", GetLastError());
    }
}

static void up_complete(const INTERNET_ASYNC_RESULT *res)
{
    struct upload *u = &app.up;
    if (res->dwResult == 0) {
        up_fail("a pending call", res->dwError);
        return;
    }
    switch (u->phase) {
    case UP_SENDING: u->phase = UP_WRITING; break;
    case UP_WRITE_PENDING: up_wrote(); break;
    case UP_ENDING: up_read(); break;
    case UP_READING:
        if (u->got == 0) {
            up_check_reply();
        } else {
            u->reply_len += u->got;
            up_read();
        }
        break;
    default: fail("upload: REQUEST_COMPLETE with no call pending"); break;
    }
}

static void up_start(void)
{
    struct upload *u = &app.up;
    u->kind = KIND_UPLOAD;
    u->hash = 0xcbf29ce484222325ULL;
    u->req = HttpOpenRequest(app.connect, "POST", "/upload", NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE,
                             (DWORD_PTR)u);
    if (u->req == NULL) {
        fail("HttpOpenRequest(upload) failed: %u", (unsigned)GetLastError());
        u->phase = UP_DONE;
        return;
    }
    /* dwBufferTotal becomes the Content-Length; the body follows in InternetWriteFile calls. */
    INTERNET_BUFFERS buffers;
    memset(&buffers, 0, sizeof buffers);
    buffers.dwStructSize = sizeof buffers;
    buffers.dwBufferTotal = (DWORD)u->total;
    u->phase = UP_SENDING;
    if (HttpSendRequestEx(u->req, &buffers, NULL, 0, (DWORD_PTR)u))
        u->phase = UP_WRITING;
    else if (GetLastError() != ERROR_IO_PENDING)
        up_fail("HttpSendRequestEx", GetLastError());
}

/* ---- the status callback ---- */

static unsigned *closing_count(DWORD_PTR ctx)
{
    switch (*(const enum kind *)ctx) {
    case KIND_CONNECT: return &((struct connect_ctx *)ctx)->closing;
    case KIND_GET: return &((struct get *)ctx)->closing;
    default: return &((struct upload *)ctx)->closing;
    }
}

static void CALLBACK on_status(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                               LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    (void)hInternet;
    app.callbacks++;
    if (!pthread_equal(pthread_self(), app.main_thread))
        app.off_main++;
    unsigned *closing = closing_count(dwContext);
    if (*closing > 0) {
        fail("notification %u after HANDLE_CLOSING", (unsigned)dwInternetStatus);
        return;
    }
    if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING) {
        (*closing)++;
        return;
    }
    if (dwInternetStatus != INTERNET_STATUS_REQUEST_COMPLETE)
        return;
    const INTERNET_ASYNC_RESULT *res = (const INTERNET_ASYNC_RESULT *)lpvStatusInformation;
    if (res == NULL || dwStatusInformationLength != sizeof *res) {
        fail("REQUEST_COMPLETE without an INTERNET_ASYNC_RESULT");
        return;
    }
    switch (*(const enum kind *)dwContext) {
    case KIND_GET: get_complete((struct get *)dwContext, res); break;
    case KIND_UPLOAD: up_complete(res); break;
    default: fail("REQUEST_COMPLETE for the connect handle"); break;
    }
}

/* ---- the loop ---- */

/* A poll() timeout from rinet_session_timeout_ms: 0xFFFFFFFF means no deadline. It is capped
 * at one second here only so that the loop can notice its own overall deadline. */
static int poll_timeout(uint32_t ms)
{
    if (ms == 0xFFFFFFFFu || ms > 1000)
        return 1000;
    return (int)ms;
}

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : getenv("RINET_TEST_HOST");
    const char *port_text = argc > 2 ? argv[2] : getenv("RINET_TEST_PORT");
    const char *kib_text = argc > 3 ? argv[3] : getenv("RINET_DRIVEN_UPLOAD_KIB");
    if (host == NULL || port_text == NULL || atoi(port_text) <= 0 || atoi(port_text) > 65535) {
        fprintf(stderr, "usage: %s <host> <port> [upload KiB]\n", argv[0]);
        return 2;
    }
    long kib = kib_text != NULL ? atol(kib_text) : 8192;
    if (kib <= 0 || kib > 4 * 1024 * 1024 - 1) {
        fprintf(stderr, "the upload size must be 1 to 4194303 KiB\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    app.main_thread = pthread_self();
    app.rng = 2463534242u;
    app.conn.kind = KIND_CONNECT;
    app.up.total = (uint64_t)kib * 1024;

    app.session = InternetOpen("rinet driven_poll", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, RINET_FLAG_DRIVEN);
    if (app.session == NULL) {
        printf("FAIL InternetOpen(RINET_FLAG_DRIVEN) failed: %u\n", (unsigned)GetLastError());
        return 1;
    }
    int fd = -1;
    if (rinet_session_fd(app.session, &fd) != 0 ||
        InternetSetStatusCallback(app.session, on_status) == INTERNET_INVALID_STATUS_CALLBACK) {
        printf("FAIL session set-up failed: %u\n", (unsigned)GetLastError());
        InternetCloseHandle(app.session);
        return 1;
    }
    app.connect = InternetConnect(app.session, host, (INTERNET_PORT)atoi(port_text), NULL, NULL,
                                  INTERNET_SERVICE_HTTP, 0, (DWORD_PTR)&app.conn);
    if (app.connect == NULL) {
        printf("FAIL InternetConnect failed: %u\n", (unsigned)GetLastError());
        InternetCloseHandle(app.session);
        return 1;
    }
    printf("driven session: descriptor %d; %d GETs and a %" PRIu64 "-byte upload to http://%s:%s\n", fd, GETS,
           app.up.total, host, port_text);

    /* Start everything. Body sizes vary from 0 to about 100 KB. */
    uint64_t get_bytes = 0;
    app.gets_left = GETS;
    for (unsigned i = 0; i < GETS; i++) {
        struct get *g = &app.gets[i];
        g->kind = KIND_GET;
        g->index = i;
        g->want = (uint64_t)i * 1000 + (i % 7) * 333;
        get_bytes += g->want;
        get_start(g);
    }
    up_start();

    /* The loop: wait for the descriptor or the next deadline, then let rinet run. */
    double start = now_seconds(), deadline = start + DEADLINE_SECONDS;
    unsigned turns = 0, idle_turns = 0;
    while (app.gets_left > 0 || app.up.phase != UP_DONE) {
        if (now_seconds() > deadline) {
            fail("not finished after %d s: %u GETs left, upload phase %d", DEADLINE_SECONDS, app.gets_left,
                 (int)app.up.phase);
            break;
        }
        up_feed();
        uint32_t ms = 0;
        if (rinet_session_timeout_ms(app.session, &ms) != 0) {
            fail("rinet_session_timeout_ms failed: %u", (unsigned)GetLastError());
            break;
        }
        /* While the upload has a piece to hand over, only look at the descriptor. */
        int timeout = app.up.phase == UP_WRITING ? 0 : poll_timeout(ms);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int ready = poll(&p, 1, timeout);
        if (ready < 0 && errno != EINTR) {
            fail("poll: %s", strerror(errno));
            break;
        }
        uint32_t handled = 0;
        if (rinet_session_process(app.session, 0, &handled) != 0) {
            fail("rinet_session_process failed: %u", (unsigned)GetLastError());
            break;
        }
        turns++;
        if (handled == 0)
            idle_turns++;
    }
    double elapsed = now_seconds() - start;
    printf("GETs: %" PRIu64 " of %" PRIu64 " body bytes checked against the pattern\n", app.bytes_checked,
           get_bytes);
    printf("loop: %u turns (%u with no readiness event) in %.3f s\n", turns, idle_turns, elapsed);

    /* Every request handle is closed; close the rest. Outside a callback, the HANDLE_CLOSING
     * notifications of a close arrive inside InternetCloseHandle, on this thread. */
    if (!InternetCloseHandle(app.connect))
        fail("InternetCloseHandle(connect) failed: %u", (unsigned)GetLastError());
    if (!InternetCloseHandle(app.session))
        fail("InternetCloseHandle(session) failed: %u", (unsigned)GetLastError());

    for (unsigned i = 0; i < GETS; i++) {
        if (app.gets[i].closing != 1)
            fail("GET %u: %u HANDLE_CLOSING, expected 1", i, app.gets[i].closing);
    }
    if (app.up.closing != 1)
        fail("upload: %u HANDLE_CLOSING, expected 1", app.up.closing);
    if (app.conn.closing != 1)
        fail("connect handle: %u HANDLE_CLOSING, expected 1", app.conn.closing);
    printf("callbacks: %u, %u of them off the main thread\n", app.callbacks, app.off_main);
    if (app.off_main != 0)
        fail("%u callbacks ran on another thread than main", app.off_main);
    if (app.bytes_checked != get_bytes)
        fail("%" PRIu64 " GET body bytes checked, expected %" PRIu64, app.bytes_checked, get_bytes);
    if (rinet_live_handles() != 0)
        fail("rinet_live_handles() is %u after closing everything", rinet_live_handles());
    printf("%s\n", app.failures == 0 ? "OK" : "FAILED");
    return app.failures == 0 ? 0 : 1;
}
