/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * names_refused.c -- a host name with several addresses whose first one refuses: the request
 * gets exactly one CONNECTING_TO_SERVER and one CONNECTED_TO_SERVER, the latter naming the
 * address that answered.
 *
 * Usage: names_refused <name> <listen-ip> <mode>...
 *
 * <name> must resolve (through the hosts file tests/names_refused.rs mounts in its namespace)
 * to an address where nothing listens, then to <listen-ip>. For each mode (async, sync,
 * driven), the program opens a raw HTTP server of its own on <listen-ip> and a new ephemeral
 * port (a new port each time, so that rinet's cache of names, which moves the address that
 * answered to the front, does not skip the refused address), then, in a session of that mode
 * (INTERNET_FLAG_ASYNC; none; RINET_FLAG_DRIVEN with the program running the session's loop),
 * sends GET / to <name> on that port, reads the body and closes the handles. First it prints
 * the addresses getaddrinfo gives for the name, then one line per mode:
 *
 *     addrs <ip>,<ip>...
 *     <mode> status <code> body "<body>" accepted <n> notes <connect-phase notes>
 *
 * (after a line "ok <mode>" once every handle is released) where accepted counts the
 * connections the server took and the notes are the request's RESOLVING_NAME, NAME_RESOLVED, CONNECTING_TO_SERVER,
 * CONNECTED_TO_SERVER and SENDING_REQUEST notifications, in order, each as NAME or
 * NAME(payload). tests/names_refused.rs compares the lines with what they must be.
 */
#define _GNU_SOURCE /* memmem */
#include "../c/check.h"

#include <netdb.h>
#include <poll.h>

#define CTX_CONNECT ((DWORD_PTR)0x100)
#define CTX_REQUEST ((DWORD_PTR)0x101)

/* ---------------------------------------------------------------------------------------- */
/* The server                                                                               */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    int listener;
    int accepted; /* under tc_rec.lock */
} server;

static const char RESPONSE[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/* Answers each request of one connection until the client closes it. */
static void serve_connection(int fd)
{
    char buf[4096];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        char *end;
        while (have >= 4 && (end = memmem(buf, have, "\r\n\r\n", 4)) != NULL) {
            size_t used = (size_t)(end - buf) + 4;
            if (write(fd, RESPONSE, sizeof RESPONSE - 1) != (ssize_t)(sizeof RESPONSE - 1))
                goto done;
            memmove(buf, buf + used, have - used);
            have -= used;
        }
        if (have == sizeof buf)
            break;
    }
done:
    close(fd);
}

static void *serve(void *arg)
{
    server *srv = (server *)arg;
    for (;;) {
        int fd = accept(srv->listener, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            return NULL;
        }
        pthread_mutex_lock(&tc_rec.lock);
        srv->accepted++;
        pthread_mutex_unlock(&tc_rec.lock);
        serve_connection(fd);
    }
}

/* Starts a server on ip and a new port; returns the port, or 0 (reported). */
static INTERNET_PORT start_server(server *srv, const char *ip)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) {
        tc_fail("server", "%s is not an IPv4 address", ip);
        return 0;
    }
    srv->accepted = 0;
    srv->listener = socket(AF_INET, SOCK_STREAM, 0);
    socklen_t len = sizeof sa;
    if (srv->listener < 0 || bind(srv->listener, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(srv->listener, 16) != 0 || getsockname(srv->listener, (struct sockaddr *)&sa, &len) != 0) {
        tc_fail("server", "listen on %s: %s", ip, strerror(errno));
        return 0;
    }
    pthread_t t;
    if (pthread_create(&t, NULL, serve, srv) != 0) {
        tc_fail("server", "start its thread");
        return 0;
    }
    pthread_detach(t);
    return ntohs(sa.sin_port);
}

static int accepted(server *srv)
{
    pthread_mutex_lock(&tc_rec.lock);
    int n = srv->accepted;
    pthread_mutex_unlock(&tc_rec.lock);
    return n;
}

/* ---------------------------------------------------------------------------------------- */
/* Sessions of each mode                                                                    */
/* ---------------------------------------------------------------------------------------- */

typedef enum { MODE_ASYNC, MODE_SYNC, MODE_DRIVEN } mode;

/* One turn of a driven session's loop: wait for its descriptor (at most 50 ms, less when rinet
 * has an earlier deadline), then process. */
static uint32_t driven_turn(HINTERNET s)
{
    int32_t fd = -1;
    uint32_t ms = 0xFFFFFFFFu;
    uint32_t r = rinet_session_fd(s, &fd);
    if (r != 0)
        return r;
    rinet_session_timeout_ms(s, &ms);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    poll(&p, 1, ms < 50 ? (int)ms : 50);
    return rinet_session_process(s, 0, NULL);
}

/* Finishes a call that may have pended: 0, or the error it failed with (TC_TIMED_OUT when its
 * REQUEST_COMPLETE did not come in time). */
static DWORD finish(mode m, HINTERNET s, BOOL ret, HINTERNET h, size_t mark)
{
    if (m != MODE_DRIVEN)
        return tc_await(ret, h, CTX_REQUEST, mark, NULL);
    DWORD err = GetLastError();
    if (ret)
        return 0;
    if (err != ERROR_IO_PENDING)
        return err;
    double start = tc_now();
    for (;;) {
        long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, h, CTX_REQUEST, mark, 0);
        if (i >= 0) {
            tc_note n = tc_get((size_t)i);
            return n.result ? 0 : n.error;
        }
        if ((tc_now() - start) * 1000.0 > TC_WAIT_MS)
            return TC_TIMED_OUT;
        uint32_t r = driven_turn(s);
        if (r != 0)
            return r;
    }
}

/* Appends the connect-phase notes of h recorded in [from, to) to out. */
static void describe_notes(char *out, size_t size, HINTERNET h, size_t from, size_t to)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = from; i < to && len < size; i++) {
        tc_note n = tc_get(i);
        if (n.handle != h)
            continue;
        switch (n.status) {
        case INTERNET_STATUS_RESOLVING_NAME:
        case INTERNET_STATUS_NAME_RESOLVED:
        case INTERNET_STATUS_CONNECTING_TO_SERVER:
        case INTERNET_STATUS_CONNECTED_TO_SERVER:
            len += (size_t)snprintf(out + len, size - len, "%s%s(%s)", len ? " " : "", tc_status_name(n.status),
                                    n.text);
            break;
        case INTERNET_STATUS_SENDING_REQUEST:
            len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", tc_status_name(n.status));
            break;
        default:
            break;
        }
    }
}

static void run(mode m, const char *name, const char *listen_ip)
{
    static const char *const mode_names[] = {"async", "sync", "driven"};
    const char *what = mode_names[m];
    server *srv = (server *)calloc(1, sizeof *srv); /* its thread outlives this call */
    INTERNET_PORT port = srv ? start_server(srv, listen_ip) : 0;
    if (port == 0)
        return;
    DWORD flags = m == MODE_ASYNC ? INTERNET_FLAG_ASYNC : m == MODE_DRIVEN ? RINET_FLAG_DRIVEN : 0;
    HINTERNET s = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, flags);
    if (s == NULL) {
        tc_fail(what, "InternetOpen failed, GetLastError %u", (unsigned)GetLastError());
        return;
    }
    if (InternetSetStatusCallbackA(s, tc_callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        tc_fail(what, "InternetSetStatusCallback failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return;
    }
    HINTERNET c = InternetConnectA(s, name, port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONNECT);
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, CTX_REQUEST) : NULL;
    if (r == NULL) {
        tc_fail(what, "InternetConnect/HttpOpenRequest failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return;
    }
    size_t from = tc_mark();
    DWORD err = finish(m, s, HttpSendRequestA(r, NULL, 0, NULL, 0), r, from);
    DWORD code = 0, code_len = sizeof code;
    char body[64];
    size_t body_len = 0;
    if (err == 0 && !HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &code_len, NULL))
        err = GetLastError();
    while (err == 0) {
        DWORD got = 0;
        size_t mark = tc_mark();
        err = finish(m, s, InternetReadFile(r, body + body_len, (DWORD)(sizeof body - 1 - body_len), &got), r, mark);
        if (err != 0 || got == 0)
            break;
        body_len += got;
        if (body_len == sizeof body - 1)
            break;
    }
    body[body_len] = '\0';
    if (err != 0)
        tc_fail(what, "the request failed with %u", (unsigned)err);
    InternetCloseHandle(r);
    InternetCloseHandle(c);
    InternetCloseHandle(s);
    char notes[1024];
    describe_notes(notes, sizeof notes, r, from, tc_mark());
    tc_check_no_live_handles(what);
    printf("%s status %u body \"%s\" accepted %d notes %s\n", what, (unsigned)code, body, accepted(srv), notes);
}

/* Prints the addresses getaddrinfo gives for name, in its order. */
static void print_addrs(const char *name)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(name, "80", &hints, &res);
    if (rc != 0) {
        printf("addrs none (%s)\n", gai_strerror(rc));
        return;
    }
    char line[512] = "";
    size_t len = 0;
    for (struct addrinfo *a = res; a != NULL && len < sizeof line; a = a->ai_next) {
        char ip[INET6_ADDRSTRLEN] = "?";
        const void *where = a->ai_family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)a->ai_addr)->sin6_addr
                                                     : (const void *)&((struct sockaddr_in *)a->ai_addr)->sin_addr;
        inet_ntop(a->ai_family, where, ip, sizeof ip);
        len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", len ? "," : "", ip);
    }
    freeaddrinfo(res);
    printf("addrs %s\n", line);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s <name> <listen-ip> <mode>...\n", argv[0]);
        return 2;
    }
    tc_rec.main_thread = pthread_self();
    setvbuf(stdout, NULL, _IOLBF, 0);
    static int seconds = 60;
    pthread_t t;
    if (pthread_create(&t, NULL, tc_watchdog, &seconds) == 0)
        pthread_detach(t);
    print_addrs(argv[1]);
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "async") == 0)
            run(MODE_ASYNC, argv[1], argv[2]);
        else if (strcmp(argv[i], "sync") == 0)
            run(MODE_SYNC, argv[1], argv[2]);
        else if (strcmp(argv[i], "driven") == 0)
            run(MODE_DRIVEN, argv[1], argv[2]);
        else
            tc_fail("mode", "unknown mode %s", argv[i]);
    }
    return tc_finish();
}
