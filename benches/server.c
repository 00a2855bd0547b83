/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * server.c -- the HTTP/1.1 server that rinet's benchmarks run against.
 *
 *     server [-p port] [-t threads]
 *
 * It prints "PORT <n>" on stdout once every thread listens (port 0, the default, picks a free
 * port), then serves until it is killed. The benchmark program (bench.c) starts it, measures its
 * ceilings with a minimal raw-socket client and with wrk, and runs rinet and libcurl against it.
 *
 * Design, so that the server is never the bottleneck:
 *   - one thread per core (or -t), each with its own SO_REUSEPORT listening socket and its own
 *     edge-triggered epoll loop; a connection stays on the thread that accepted it, no locks;
 *   - non-blocking sockets, TCP_NODELAY, reads and writes of up to 1 MiB at a time;
 *   - no allocation per request: a connection's state is allocated once when it is accepted (and
 *     recycled through a per-thread free list); response bodies are sent from one preallocated
 *     pattern buffer; uploaded bodies are read into a per-thread scratch buffer and discarded;
 *   - held requests (/hold/<ms>) sit in a per-thread binary heap of deadlines that sets the epoll
 *     timeout, so 10,000 and more held connections cost one heap entry each;
 *   - RLIMIT_NOFILE is raised as far as the process may.
 *
 * Routes (HTTP/1.1 keep-alive unless the client sends "Connection: close"; pipelining works):
 *   POST /upload      reads and discards the body (Content-Length), replies 200 with the byte
 *                     count as text. "Expect: 100-continue" is answered with 100 Continue.
 *   GET /bytes/<n>    200 with n bytes of the pattern (byte i is 'a' + i % 26).
 *   GET /small        200 with a 100-byte body.
 *   GET /hold/<ms>    200 with body "held" after <ms> milliseconds.
 *   GET /stats        200 with "held_now <a> held_peak <b> requests <c>" (held_peak: the most
 *                     requests held at once since the last /stats/reset).
 *   GET /stats/reset  resets held_peak, replies like /stats.
 *   anything else     404 "not found".
 */
#define _GNU_SOURCE

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define IN_CAP 4096                 /* bytes of request head a connection can buffer */
#define IO_CHUNK (1024 * 1024)      /* largest single read or write */
#define PATTERN_LEN (IO_CHUNK + 32) /* the pattern, long enough to start at any offset mod 26 */
#define MAX_EVENTS 512
#define SMALL_LEN 100
#define UPLOAD_LOWAT (256 * 1024) /* wake for an upload body only once this much has arrived */

enum state { ST_HEAD, ST_BODY, ST_HOLD, ST_WRITE };

struct conn {
    int fd;
    uint32_t gen; /* bumped when the fd is closed, so a stale timer entry is recognised */
    enum state st;
    bool close_after;
    bool readable;            /* no read has seen EAGAIN since the last EPOLLIN edge */
    bool writable;            /* no write has seen EAGAIN since the last EPOLLOUT edge */
    size_t in_len;            /* bytes buffered in `in` */
    size_t head_len;          /* length of the current request head within `in` */
    uint64_t body_left;       /* upload bytes still to read */
    uint64_t body_total;      /* upload bytes announced */
    int lowat;                /* the socket's SO_RCVLOWAT (1 unless an upload is being read) */
    char out[256];            /* response head (and small body) */
    size_t out_len, out_off;
    uint64_t stream_left;     /* pattern bytes still to send after `out` */
    uint64_t stream_pos;      /* pattern position of the next byte */
    struct conn *next_free;
    char in[IN_CAP];
};

struct timer {
    int64_t deadline_ms;
    int fd;
    uint32_t gen;
};

struct worker {
    int listen_fd;
    int ep;
    char *scratch;            /* upload bodies are read here and dropped */
    struct conn *free_list;
    struct timer *heap;
    size_t heap_len, heap_cap;
};

static char pattern[PATTERN_LEN];
static struct conn **by_fd; /* fds are unique process-wide; each is owned by one worker */
static size_t by_fd_len;
static atomic_long held_now, held_peak, requests;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- timer heap ---- */

static void heap_push(struct worker *w, struct timer t)
{
    if (w->heap_len == w->heap_cap) {
        size_t cap = w->heap_cap ? w->heap_cap * 2 : 1024;
        struct timer *grown = realloc(w->heap, cap * sizeof *grown);
        if (grown == NULL) {
            perror("realloc");
            exit(1);
        }
        w->heap = grown;
        w->heap_cap = cap;
    }
    size_t i = w->heap_len++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (w->heap[parent].deadline_ms <= t.deadline_ms)
            break;
        w->heap[i] = w->heap[parent];
        i = parent;
    }
    w->heap[i] = t;
}

static struct timer heap_pop(struct worker *w)
{
    struct timer top = w->heap[0];
    struct timer last = w->heap[--w->heap_len];
    size_t i = 0, n = w->heap_len;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && w->heap[child + 1].deadline_ms < w->heap[child].deadline_ms)
            child++;
        if (last.deadline_ms <= w->heap[child].deadline_ms)
            break;
        w->heap[i] = w->heap[child];
        i = child;
    }
    if (n > 0)
        w->heap[i] = last;
    return top;
}

/* ---- connections ---- */

static void conn_close(struct worker *w, struct conn *c)
{
    if (c->st == ST_HOLD)
        atomic_fetch_sub(&held_now, 1);
    by_fd[c->fd] = NULL;
    close(c->fd);
    c->fd = -1;
    c->gen++;
    c->next_free = w->free_list;
    w->free_list = c;
}

static void reset_request(struct conn *c)
{
    /* Drop the head just served; keep any pipelined bytes after it. */
    size_t rest = c->in_len - c->head_len;
    if (rest > 0)
        memmove(c->in, c->in + c->head_len, rest);
    c->in_len = rest;
    c->head_len = 0;
    c->st = ST_HEAD;
    c->out_len = c->out_off = 0;
    c->stream_left = 0;
}

static void set_response(struct conn *c, const char *status, const char *type, const char *body, size_t body_len,
                         uint64_t stream_len)
{
    uint64_t length = body_len + stream_len;
    int n = snprintf(c->out, sizeof c->out, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %llu\r\n%s\r\n", status,
                     type, (unsigned long long)length, c->close_after ? "Connection: close\r\n" : "");
    size_t head = (size_t)n;
    if (body_len > 0 && head + body_len <= sizeof c->out) {
        memcpy(c->out + head, body, body_len);
        head += body_len;
    }
    c->out_len = head;
    c->out_off = 0;
    c->stream_left = stream_len;
    c->stream_pos = 0;
    c->st = ST_WRITE;
}

static void reply_stats(struct conn *c)
{
    char body[128];
    int n = snprintf(body, sizeof body, "held_now %ld held_peak %ld requests %ld", atomic_load(&held_now),
                     atomic_load(&held_peak), atomic_load(&requests));
    set_response(c, "200 OK", "text/plain", body, (size_t)n, 0);
}

/* Finds header `name` (with its colon) in the head; returns its value or NULL. */
static const char *header_value(const char *head, size_t len, const char *name, size_t *value_len)
{
    size_t name_len = strlen(name);
    const char *p = memchr(head, '\n', len);
    const char *end = head + len;
    while (p != NULL && p + 1 < end) {
        const char *line = p + 1;
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (eol == NULL)
            break;
        if ((size_t)(eol - line) > name_len && strncasecmp(line, name, name_len) == 0) {
            const char *v = line + name_len;
            while (v < eol && (*v == ' ' || *v == '\t'))
                v++;
            const char *ve = eol;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' '))
                ve--;
            *value_len = (size_t)(ve - v);
            return v;
        }
        p = eol;
    }
    return NULL;
}

/* Parses the head in c->in[0..head_len) and sets up the response or body read. */
static void handle_request(struct worker *w, struct conn *c)
{
    const char *h = c->in;
    size_t len = c->head_len;
    atomic_fetch_add(&requests, 1);

    const char *sp1 = memchr(h, ' ', len);
    const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - h)) : NULL;
    size_t vlen = 0;
    const char *conn_hdr = header_value(h, len, "connection:", &vlen);
    c->close_after = conn_hdr != NULL && vlen == 5 && strncasecmp(conn_hdr, "close", 5) == 0;
    if (sp2 != NULL && strncmp(sp2 + 1, "HTTP/1.0", 8) == 0 &&
        !(conn_hdr != NULL && vlen == 10 && strncasecmp(conn_hdr, "keep-alive", 10) == 0))
        c->close_after = true;
    if (sp1 == NULL || sp2 == NULL) {
        c->close_after = true;
        set_response(c, "400 Bad Request", "text/plain", "bad request", 11, 0);
        return;
    }
    size_t mlen = (size_t)(sp1 - h);
    const char *path = sp1 + 1;
    size_t plen = (size_t)(sp2 - path);
    char pathbuf[128];
    if (plen >= sizeof pathbuf)
        plen = sizeof pathbuf - 1;
    memcpy(pathbuf, path, plen);
    pathbuf[plen] = '\0';

    if (mlen == 4 && memcmp(h, "POST", 4) == 0 && strcmp(pathbuf, "/upload") == 0) {
        const char *cl = header_value(h, len, "content-length:", &vlen);
        c->body_total = cl ? strtoull(cl, NULL, 10) : 0;
        c->body_left = c->body_total;
        const char *expect = header_value(h, len, "expect:", &vlen);
        if (expect != NULL && vlen == 12 && strncasecmp(expect, "100-continue", 12) == 0) {
            static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
            /* The socket's send buffer is empty while a request body is awaited, so this fits. */
            if (write(c->fd, cont, sizeof cont - 1) < 0) {
                c->close_after = true;
            }
        }
        c->st = ST_BODY;
        return;
    }
    if (mlen != 3 || memcmp(h, "GET", 3) != 0) {
        set_response(c, "404 Not Found", "text/plain", "not found", 9, 0);
        return;
    }
    if (strncmp(pathbuf, "/bytes/", 7) == 0) {
        set_response(c, "200 OK", "application/octet-stream", NULL, 0, strtoull(pathbuf + 7, NULL, 10));
    } else if (strcmp(pathbuf, "/small") == 0) {
        set_response(c, "200 OK", "text/plain", pattern, SMALL_LEN, 0);
    } else if (strncmp(pathbuf, "/hold/", 6) == 0) {
        long ms = strtol(pathbuf + 6, NULL, 10);
        c->st = ST_HOLD;
        long now = atomic_fetch_add(&held_now, 1) + 1;
        long peak = atomic_load(&held_peak);
        while (now > peak && !atomic_compare_exchange_weak(&held_peak, &peak, now)) {
        }
        heap_push(w, (struct timer){now_ms() + (ms > 0 ? ms : 0), c->fd, c->gen});
    } else if (strcmp(pathbuf, "/stats") == 0) {
        reply_stats(c);
    } else if (strcmp(pathbuf, "/stats/reset") == 0) {
        atomic_store(&held_peak, atomic_load(&held_now));
        reply_stats(c);
    } else {
        set_response(c, "404 Not Found", "text/plain", "not found", 9, 0);
    }
}

/* Makes as much progress as the socket allows. Returns false when the connection was closed. */
static bool drive(struct worker *w, struct conn *c)
{
    for (;;) {
        switch (c->st) {
        case ST_HOLD:
            return true; /* the timer moves it on */

        case ST_WRITE: {
            while (c->out_off < c->out_len || c->stream_left > 0) {
                if (!c->writable)
                    return true; /* the next EPOLLOUT edge calls again */
                struct iovec iov[2];
                int n = 0;
                if (c->out_off < c->out_len) {
                    iov[n].iov_base = c->out + c->out_off;
                    iov[n].iov_len = c->out_len - c->out_off;
                    n++;
                }
                if (c->stream_left > 0) {
                    size_t chunk = c->stream_left < IO_CHUNK ? (size_t)c->stream_left : IO_CHUNK;
                    iov[n].iov_base = pattern + c->stream_pos % 26;
                    iov[n].iov_len = chunk;
                    n++;
                }
                ssize_t wrote = writev(c->fd, iov, n);
                if (wrote < 0) {
                    if (errno == EINTR)
                        continue;
                    if (errno == EAGAIN) {
                        c->writable = false;
                        return true;
                    }
                    conn_close(w, c);
                    return false;
                }
                size_t left = (size_t)wrote;
                size_t head_left = c->out_len - c->out_off;
                size_t from_head = left < head_left ? left : head_left;
                c->out_off += from_head;
                left -= from_head;
                c->stream_left -= left;
                c->stream_pos += left;
            }
            if (c->close_after) {
                conn_close(w, c);
                return false;
            }
            reset_request(c);
            break;
        }

        case ST_BODY: {
            /* Body bytes already buffered after the head. */
            size_t buffered = c->in_len - c->head_len;
            if (buffered > 0) {
                size_t take = buffered < c->body_left ? buffered : (size_t)c->body_left;
                memmove(c->in + c->head_len, c->in + c->head_len + take, buffered - take);
                c->in_len -= take;
                c->body_left -= take;
            }
            /* Reading an upload 64 KiB at a time, as each piece lands, costs a wake-up per piece
             * and leaves the loopback transfer in a slow steady state about half the time; with
             * SO_RCVLOWAT the thread wakes for large batches, so every client meets the same fast
             * reader. The low-water mark never exceeds what is left of the body. */
            int want_lowat = c->body_left > UPLOAD_LOWAT ? UPLOAD_LOWAT : 1;
            if (want_lowat != c->lowat) {
                setsockopt(c->fd, SOL_SOCKET, SO_RCVLOWAT, &want_lowat, sizeof want_lowat);
                c->lowat = want_lowat;
            }
            while (c->body_left > 0) {
                if (!c->readable)
                    return true;
                if (c->lowat > 1 && c->body_left <= UPLOAD_LOWAT) {
                    int one = 1;
                    setsockopt(c->fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
                    c->lowat = 1;
                }
                size_t want = c->body_left < IO_CHUNK ? (size_t)c->body_left : IO_CHUNK;
                ssize_t got = read(c->fd, w->scratch, want);
                if (got > 0) {
                    c->body_left -= (uint64_t)got;
                    continue;
                }
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0 && errno == EAGAIN) {
                    c->readable = false;
                    return true;
                }
                conn_close(w, c);
                return false;
            }
            char body[32];
            int n = snprintf(body, sizeof body, "%llu", (unsigned long long)c->body_total);
            set_response(c, "200 OK", "text/plain", body, (size_t)n, 0);
            break;
        }

        case ST_HEAD: {
            char *end = c->in_len >= 4 ? memmem(c->in, c->in_len, "\r\n\r\n", 4) : NULL;
            if (end != NULL) {
                c->head_len = (size_t)(end + 4 - c->in);
                handle_request(w, c);
                break;
            }
            if (c->in_len == IN_CAP) {
                conn_close(w, c); /* head too large */
                return false;
            }
            if (!c->readable)
                return true;
            ssize_t got = read(c->fd, c->in + c->in_len, IN_CAP - c->in_len);
            if (got > 0) {
                c->in_len += (size_t)got;
                break;
            }
            if (got < 0 && errno == EINTR)
                break;
            if (got < 0 && errno == EAGAIN) {
                c->readable = false;
                return true;
            }
            conn_close(w, c);
            return false;
        }
        }
    }
}

static void accept_all(struct worker *w)
{
    for (;;) {
        int fd = accept4(w->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN)
                perror("accept4");
            return;
        }
        if ((size_t)fd >= by_fd_len) {
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = w->free_list;
        if (c != NULL) {
            w->free_list = c->next_free;
        } else {
            c = calloc(1, sizeof *c);
            if (c == NULL) {
                close(fd);
                continue;
            }
        }
        c->fd = fd;
        c->st = ST_HEAD;
        c->in_len = c->head_len = 0;
        c->out_len = c->out_off = 0;
        c->stream_left = 0;
        c->close_after = false;
        c->lowat = 1;
        c->readable = c->writable = true;
        by_fd[fd] = c;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c};
        if (epoll_ctl(w->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            conn_close(w, c);
            continue;
        }
        drive(w, c);
    }
}

static void fire_timers(struct worker *w)
{
    int64_t now = now_ms();
    while (w->heap_len > 0 && w->heap[0].deadline_ms <= now) {
        struct timer t = heap_pop(w);
        struct conn *c = by_fd[t.fd];
        if (c == NULL || c->gen != t.gen || c->st != ST_HOLD)
            continue; /* the client went away meanwhile */
        atomic_fetch_sub(&held_now, 1);
        set_response(c, "200 OK", "text/plain", "held", 4, 0);
        drive(w, c);
    }
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct epoll_event events[MAX_EVENTS];
    static int listen_tag; /* data.ptr of the listening socket's event */
    struct epoll_event lev = {.events = EPOLLIN | EPOLLET, .data.ptr = &listen_tag};
    if (epoll_ctl(w->ep, EPOLL_CTL_ADD, w->listen_fd, &lev) < 0) {
        perror("epoll_ctl listen");
        exit(1);
    }
    for (;;) {
        int timeout = -1;
        if (w->heap_len > 0) {
            int64_t wait = w->heap[0].deadline_ms - now_ms();
            timeout = wait < 0 ? 0 : (int)wait;
        }
        int n = epoll_wait(w->ep, events, MAX_EVENTS, timeout);
        if (n < 0 && errno != EINTR) {
            perror("epoll_wait");
            exit(1);
        }
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr == &listen_tag) {
                accept_all(w);
                continue;
            }
            struct conn *c = events[i].data.ptr;
            if (c->fd < 0)
                continue; /* closed earlier in this batch */
            uint32_t e = events[i].events;
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                c->readable = true;
            if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
                c->writable = true;
            if (c->st == ST_HOLD && (e & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
                conn_close(w, c);
                continue;
            }
            drive(w, c);
        }
        if (w->heap_len > 0)
            fire_timers(w);
    }
    return NULL;
}

static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("socket");
        exit(1);
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) {
        perror("SO_REUSEPORT");
        exit(1);
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("bind");
        exit(1);
    }
    if (listen(fd, 65535) < 0) {
        perror("listen");
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv)
{
    int port = 0;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-p") == 0)
            port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-t") == 0)
            threads = atol(argv[i + 1]);
    }
    if (threads < 1)
        threads = 1;
    signal(SIGPIPE, SIG_IGN);

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        struct rlimit want = {1 << 20, 1 << 20};
        if (setrlimit(RLIMIT_NOFILE, &want) != 0) {
            rl.rlim_cur = rl.rlim_max;
            setrlimit(RLIMIT_NOFILE, &rl);
        }
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    by_fd_len = rl.rlim_cur > (1 << 20) ? (1 << 20) : (size_t)rl.rlim_cur;
    by_fd = calloc(by_fd_len, sizeof *by_fd);
    if (by_fd == NULL) {
        perror("calloc");
        return 1;
    }
    for (size_t i = 0; i < PATTERN_LEN; i++)
        pattern[i] = (char)('a' + i % 26);

    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    if (workers == NULL)
        return 1;
    for (long t = 0; t < threads; t++) {
        workers[t].listen_fd = listen_on(port);
        if (port == 0) {
            struct sockaddr_in addr;
            socklen_t alen = sizeof addr;
            getsockname(workers[t].listen_fd, (struct sockaddr *)&addr, &alen);
            port = ntohs(addr.sin_port);
        }
        workers[t].ep = epoll_create1(EPOLL_CLOEXEC);
        workers[t].scratch = malloc(IO_CHUNK);
        if (workers[t].ep < 0 || workers[t].scratch == NULL) {
            perror("worker setup");
            return 1;
        }
    }
    for (long t = 0; t < threads; t++) {
        pthread_t tid;
        if (pthread_create(&tid, NULL, worker_main, &workers[t]) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    printf("PORT %d\n", port);
    fflush(stdout);
    for (;;)
        pause();
}
