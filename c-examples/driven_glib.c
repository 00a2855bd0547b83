/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * driven_glib.c -- rinet's driven mode inside GLib's main loop: a GSource built from the
 * session's descriptor and its next deadline, so that WinInet callbacks run as ordinary
 * main-loop dispatches beside the application's own timers and idle work.
 *
 *     driven_glib <host> <port> [requests]
 *
 * Build: cc -std=c11 -I <rinet>/include driven_glib.c $(pkg-config --cflags --libs glib-2.0) \
 *            -L <rinet>/lib -lrinet -lpthread
 * (Debian: apt-get install libglib2.0-dev pkg-config.)
 *
 * rinet-test-pkg-config: glib-2.0
 *
 * The request count defaults to 20. Each request GETs /bytes/<n>, whose body the server must fill
 * with its pattern (byte i is 'a' + i % 26), as rinet's test server does.
 *
 * What it shows:
 *   - the session is opened with RINET_FLAG_DRIVEN, so it has no thread of its own;
 *   - RinetSource, a GSource of about thirty lines, is all the glue: it watches the descriptor
 *     from rinet_session_fd for G_IO_IN, its prepare function sets the main loop's timeout from
 *     rinet_session_timeout_ms, and its dispatch function calls rinet_session_process. Every
 *     status callback therefore runs on the thread that runs the GLib main loop, between the
 *     application's other sources;
 *   - a GLib timer keeps ticking while the requests run, so the loop is never blocked;
 *   - at the end the source is destroyed before the session is closed, because the descriptor
 *     belongs to the session.
 *
 * It fails (prints "FAIL ..." and exits non-zero) unless every callback ran on the main thread,
 * every body matches the pattern byte for byte, each handle got exactly one HANDLE_CLOSING, and
 * rinet_live_handles() is 0 at the end.
 */
#define _POSIX_C_SOURCE 200809L

#include <wininet.h>

#include <glib.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REQUESTS 1000
#define READ_SIZE 8192
#define DEADLINE_SECONDS 100

/* ---- RinetSource: a driven rinet session as a GLib event source ---- */

typedef struct {
    GSource source;
    HINTERNET session;
    gpointer fd_tag;
} RinetSource;

static gboolean rinet_source_prepare(GSource *source, gint *timeout)
{
    RinetSource *rs = (RinetSource *)source;
    uint32_t ms = 0xFFFFFFFFu;
    rinet_session_timeout_ms(rs->session, &ms);
    *timeout = ms == 0xFFFFFFFFu ? -1 : ms > (uint32_t)G_MAXINT ? G_MAXINT : (gint)ms;
    return ms == 0; /* work already due: dispatch without polling */
}

static gboolean rinet_source_check(GSource *source)
{
    RinetSource *rs = (RinetSource *)source;
    if (g_source_query_unix_fd(source, rs->fd_tag) & G_IO_IN)
        return TRUE;
    uint32_t ms = 0xFFFFFFFFu;
    rinet_session_timeout_ms(rs->session, &ms);
    return ms == 0; /* a deadline has passed */
}

static gboolean rinet_source_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
    (void)callback;
    (void)user_data;
    RinetSource *rs = (RinetSource *)source;
    /* Runs ready I/O and timers and delivers the status callbacks, here, then returns. */
    rinet_session_process(rs->session, 0, NULL);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs rinet_source_funcs = {
    .prepare = rinet_source_prepare,
    .check = rinet_source_check,
    .dispatch = rinet_source_dispatch,
};

/* Creates a source for a driven session and attaches it to `context` (NULL: the default). */
static GSource *rinet_source_attach(HINTERNET session, GMainContext *context)
{
    int fd = -1;
    if (rinet_session_fd(session, &fd) != 0)
        return NULL;
    GSource *source = g_source_new(&rinet_source_funcs, sizeof(RinetSource));
    RinetSource *rs = (RinetSource *)source;
    rs->session = session;
    rs->fd_tag = g_source_add_unix_fd(source, fd, G_IO_IN);
    g_source_set_name(source, "rinet session");
    g_source_attach(source, context);
    return source;
}

/* ---- the application ---- */

struct req {
    HINTERNET handle;
    unsigned index;
    uint64_t want, have;
    bool sent, read_pending, finished;
    unsigned closing;
    DWORD got;
    char buf[READ_SIZE];
};

static struct {
    GMainLoop *loop;
    GThread *main_thread;
    HINTERNET session, connect;
    unsigned connect_closing;
    struct req *reqs;
    unsigned count, left;
    unsigned callbacks, off_main, ticks, failures;
    uint64_t checked;
} app;

static const DWORD_PTR CTX_CONNECT = 1; /* request contexts are struct req pointers */

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

static void req_finish(struct req *r, DWORD error)
{
    if (r->finished)
        return;
    r->finished = true;
    if (error != 0)
        fail("request %u failed with error %u", r->index, (unsigned)error);
    else if (r->have != r->want)
        fail("request %u: %" PRIu64 " body bytes, expected %" PRIu64, r->index, r->have, r->want);
    InternetCloseHandle(r->handle); /* HANDLE_CLOSING follows this callback */
    if (--app.left == 0)
        g_main_loop_quit(app.loop);
}

static void req_consume(struct req *r, DWORD n)
{
    for (DWORD i = 0; i < n; i++) {
        if (r->buf[i] != (char)('a' + (r->have + i) % 26)) {
            fail("request %u: body byte %" PRIu64 " differs from the pattern", r->index, r->have + i);
            req_finish(r, 0);
            return;
        }
    }
    r->have += n;
    app.checked += n;
}

/* Reads while bytes are there at once; returns when a read pends or the body ends. */
static void req_read(struct req *r)
{
    while (!r->finished) {
        r->got = 0;
        if (!InternetReadFile(r->handle, r->buf, sizeof r->buf, &r->got)) {
            if (GetLastError() == ERROR_IO_PENDING)
                r->read_pending = true;
            else
                req_finish(r, GetLastError());
            return;
        }
        if (r->got == 0) {
            req_finish(r, 0);
            return;
        }
        req_consume(r, r->got);
    }
}

static void CALLBACK on_status(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                               LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    (void)hInternet;
    app.callbacks++;
    if (g_thread_self() != app.main_thread)
        app.off_main++;
    if (dwContext == CTX_CONNECT) {
        if (app.connect_closing > 0)
            fail("connect handle: notification %u after HANDLE_CLOSING", (unsigned)dwInternetStatus);
        if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING)
            app.connect_closing++;
        return;
    }
    struct req *r = (struct req *)dwContext;
    if (r->closing > 0) {
        fail("request %u: notification %u after HANDLE_CLOSING", r->index, (unsigned)dwInternetStatus);
        return;
    }
    if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING) {
        r->closing++;
        return;
    }
    if (dwInternetStatus != INTERNET_STATUS_REQUEST_COMPLETE)
        return;
    const INTERNET_ASYNC_RESULT *res = (const INTERNET_ASYNC_RESULT *)lpvStatusInformation;
    if (res == NULL || dwStatusInformationLength != sizeof *res || r->finished) {
        fail("request %u: unexpected REQUEST_COMPLETE", r->index);
        return;
    }
    if (res->dwResult == 0) {
        req_finish(r, res->dwError);
        return;
    }
    if (!r->sent) {
        r->sent = true; /* HttpSendRequest has completed */
    } else if (r->read_pending) {
        r->read_pending = false; /* the pending read has filled buf and got */
        if (r->got == 0) {
            req_finish(r, 0);
            return;
        }
        req_consume(r, r->got);
    }
    req_read(r);
}

static void req_send(struct req *r)
{
    if (HttpSendRequest(r->handle, NULL, 0, NULL, 0)) {
        fail("request %u: HttpSendRequest completed at once in an asynchronous session", r->index);
        req_finish(r, 0);
    } else if (GetLastError() != ERROR_IO_PENDING) {
        fail("request %u: HttpSendRequest failed: %u", r->index, (unsigned)GetLastError());
    }
}

static gboolean on_tick(gpointer data)
{
    (void)data;
    app.ticks++;
    return G_SOURCE_CONTINUE;
}

static gboolean on_deadline(gpointer data)
{
    (void)data;
    fail("not finished after %d s: %u requests left", DEADLINE_SECONDS, app.left);
    g_main_loop_quit(app.loop);
    return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : getenv("RINET_TEST_HOST");
    const char *port_text = argc > 2 ? argv[2] : getenv("RINET_TEST_PORT");
    long count = argc > 3 ? atol(argv[3]) : 20;
    if (host == NULL || port_text == NULL || atoi(port_text) <= 0 || atoi(port_text) > 65535 || count < 1 ||
        count > MAX_REQUESTS) {
        fprintf(stderr, "usage: %s <host> <port> [requests, 1 to %d]\n", argv[0], MAX_REQUESTS);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    app.main_thread = g_thread_self();
    app.count = app.left = (unsigned)count;
    app.reqs = g_new0(struct req, app.count);
    app.loop = g_main_loop_new(NULL, FALSE);

    app.session = InternetOpen("rinet driven_glib", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, RINET_FLAG_DRIVEN);
    if (app.session == NULL || InternetSetStatusCallback(app.session, on_status) == INTERNET_INVALID_STATUS_CALLBACK) {
        printf("FAIL session set-up failed: %u\n", (unsigned)GetLastError());
        return 1;
    }
    GSource *source = rinet_source_attach(app.session, NULL);
    app.connect = InternetConnect(app.session, host, (INTERNET_PORT)atoi(port_text), NULL, NULL,
                                  INTERNET_SERVICE_HTTP, 0, CTX_CONNECT);
    if (source == NULL || app.connect == NULL) {
        printf("FAIL set-up failed: %u\n", (unsigned)GetLastError());
        return 1;
    }
    printf("GLib %u.%u.%u main loop; %u GETs to http://%s:%s\n", glib_major_version, glib_minor_version,
           glib_micro_version, app.count, host, port_text);

    uint64_t total = 0;
    for (unsigned i = 0; i < app.count; i++) {
        struct req *r = &app.reqs[i];
        r->index = i;
        r->want = (uint64_t)(i * 7919u) % 200000u;
        total += r->want;
        char path[64];
        snprintf(path, sizeof path, "/bytes/%" PRIu64, r->want);
        r->handle = HttpOpenRequest(app.connect, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, (DWORD_PTR)r);
        if (r->handle == NULL) {
            printf("FAIL HttpOpenRequest failed: %u\n", (unsigned)GetLastError());
            return 1;
        }
    }
    for (unsigned i = 0; i < app.count; i++)
        req_send(&app.reqs[i]);
    guint tick = g_timeout_add(5, on_tick, NULL);
    guint deadline = g_timeout_add_seconds(DEADLINE_SECONDS, on_deadline, NULL);

    gint64 start = g_get_monotonic_time();
    g_main_loop_run(app.loop);
    double elapsed = (double)(g_get_monotonic_time() - start) / 1e6;
    g_source_remove(tick);
    g_source_remove(deadline);
    printf("%" PRIu64 " of %" PRIu64 " body bytes checked in %.3f s; the 5 ms timer ticked %u times meanwhile\n",
           app.checked, total, elapsed, app.ticks);

    /* The descriptor belongs to the session: take it out of the loop before closing. */
    g_source_destroy(source);
    g_source_unref(source);
    if (!InternetCloseHandle(app.connect) || !InternetCloseHandle(app.session))
        fail("closing failed: %u", (unsigned)GetLastError());

    for (unsigned i = 0; i < app.count; i++) {
        if (app.reqs[i].closing != 1)
            fail("request %u: %u HANDLE_CLOSING, expected 1", i, app.reqs[i].closing);
    }
    if (app.connect_closing != 1)
        fail("connect handle: %u HANDLE_CLOSING, expected 1", app.connect_closing);
    if (app.checked != total)
        fail("%" PRIu64 " body bytes checked, expected %" PRIu64, app.checked, total);
    printf("callbacks: %u, %u of them off the main thread\n", app.callbacks, app.off_main);
    if (app.off_main != 0)
        fail("%u callbacks ran on another thread than the main loop's", app.off_main);
    if (rinet_live_handles() != 0)
        fail("rinet_live_handles() is %u after closing everything", rinet_live_handles());
    g_main_loop_unref(app.loop);
    g_free(app.reqs);
    printf("%s\n", app.failures == 0 ? "OK" : "FAILED");
    return app.failures == 0 ? 0 : 1;
}
