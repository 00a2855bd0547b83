/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * bench.c -- rinet's benchmarks: each workload through rinet (via <wininet.h>, the way a WinInet
 * program calls it) and through libcurl, in the same run, against the same local server
 * (benches/server.c), with the server's own ceilings beside them.
 *
 *     bench                      (normally run by `make bench` or `make bench-smoke`)
 *
 * Environment:
 *   BENCH_RUNS=5          runs per workload and side; the table shows median [min..max]
 *   BENCH_SWEEP_RUNS=5    runs per point of the size and handle sweeps (median kept)
 *   BENCH_SCALE=full      "tiny" shrinks everything for CI (4 MiB transfers, 200 requests,
 *                         100 in flight for 300 ms) and skips wrk
 *   BENCH_ONLY=U,D,R,L,C,S,K   run only these sections (S = sweeps, K = ceilings)
 *   BENCH_OUT=target/bench  directory for results.md and the sweep CSV files
 *   BENCH_SERVER=...      the server binary (default: "server" beside this program)
 *   BENCH_PIN=1           pin the server to the upper half of the CPUs and the clients to the
 *                         lower half (see main); 0 leaves placement to the scheduler
 *
 * Workloads (full scale):
 *   U  POST 1 GiB with a known Content-Length in 64 KiB pieces: rinet HttpSendRequestEx +
 *      InternetWriteFile + HttpEndRequest, asynchronously; libcurl a 64 KiB read callback.
 *   D  GET 1 GiB: rinet InternetReadFile into a 64 KiB buffer, asynchronously; libcurl a write
 *      callback with a 64 KiB receive buffer.
 *   R  20,000 GET /small (100-byte body) over 64 concurrent requests with keep-alive: rinet
 *      drives each request from its status callback (send, read, close, open the next);
 *      libcurl uses the multi interface with 64 easy handles (multi_perform + multi_poll).
 *   L  20,000 sequential GET /small, p50 and p99 latency: rinet in a synchronous session and in
 *      an asynchronous one (waiting on a condition variable); libcurl with one easy handle. The
 *      requests go in blocks of 1,000 on one keep-alive connection (one process per block), and
 *      the blocks of the four variants (with the raw client) take turns, so that load from
 *      other processes falls on every variant alike.
 *   C  10,000 requests in flight at once on one session against GET /hold/3000: peak RSS and
 *      KiB per in-flight request ((VmHWM - VmRSS before the first request) / requests). Each
 *      side runs in its own process. libcurl uses multi with 10,000 easy handles.
 *   Ceilings: a minimal raw-socket client against the same server (U, D, R, L), wrk against
 *      the same server (R), and raw loopback TCP throughput (4 GiB in 64 KiB writes, no HTTP).
 *
 * Every run is a fresh child process with a time limit, so a run that hangs is killed and
 * reported without stalling the others. The program exits 1 if any run failed or hung.
 * Benchmarks are not tests: nothing here asserts a timing.
 */
#define _GNU_SOURCE

#include <wininet.h>

#include <curl/curl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KIB ((uint64_t)1024)
#define MIB ((uint64_t)1024 * 1024)
#define GIB ((uint64_t)1024 * 1024 * 1024)
#define CTX_CONNECT ((DWORD_PTR)1)
#define CTX_REQUEST ((DWORD_PTR)2)
#define SMALL_LEN 100
#define MAX_RUNS 64
#define L_BLOCK 1000 /* L: requests per child; a run interleaves blocks of each variant */

/* ======================================================================================== */
/* Configuration                                                                             */
/* ======================================================================================== */

static struct {
    bool tiny;
    int runs, sweep_runs;
    uint64_t xfer_bytes;       /* U and D */
    size_t xfer_chunk;         /* U and D */
    uint64_t loop_bytes;       /* loopback ceiling */
    uint64_t sweep_bytes;      /* per point of the U and D sweeps */
    unsigned rate_requests, rate_handles;
    unsigned lat_requests;
    unsigned conc_requests, hold_ms;
    int wrk_seconds;           /* 0: skip wrk */
    char only[64];
    char out_dir[512];
    char server_path[1024];
} cfg;

static int g_port;
static pid_t g_server_pid;
static bool any_failure;

static bool section_on(char s)
{
    return cfg.only[0] == '\0' || strchr(cfg.only, s) != NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ======================================================================================== */
/* One run = one child process                                                               */
/* ======================================================================================== */

enum lib { LIB_RINET, LIB_CURL, LIB_RAW };
static const char *lib_name[] = {"rinet", "libcurl", "raw"};

struct job {
    enum lib lib;
    bool async;         /* L: rinet asynchronous session */
    uint64_t bytes;     /* U, D, loopback */
    size_t chunk;       /* U, D: write or read size */
    unsigned handles;   /* R: concurrent requests */
    unsigned count;     /* R, L, C: requests */
    unsigned hold_ms;   /* C */
};

struct result {
    int ok;              /* 1: the run completed without error */
    char error[256];     /* the first error */
    double seconds;      /* U, D, R, loopback: elapsed time of the measured part */
    double p50_us, p99_us;   /* L */
    long base_kib, hwm_kib;  /* C: VmRSS before the first request, VmHWM at the end */
    double start_seconds;    /* C: time to put every request in flight */
    unsigned completed, failed;
    float samples_us[1000];  /* L: every request's latency (job->count <= L_BLOCK) */
};

typedef void (*work_fn)(const struct job *, struct result *);

static void set_error(struct result *r, const char *fmt, ...)
{
    if (r->error[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
}

/* Runs fn(job) in a child process, allowing it timeout_s seconds. A child that hangs is killed
 * and reported as such. */
static struct result run_child(work_fn fn, const struct job *job, int timeout_s)
{
    struct result r;
    memset(&r, 0, sizeof r);
    int fds[2];
    if (pipe(fds) != 0) {
        set_error(&r, "pipe: %s", strerror(errno));
        return r;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        set_error(&r, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return r;
    }
    if (pid == 0) {
        close(fds[0]);
        struct result mine;
        memset(&mine, 0, sizeof mine);
        fn(job, &mine);
        if (mine.error[0] != '\0')
            mine.ok = 0;
        const char *p = (const char *)&mine;
        size_t left = sizeof mine;
        while (left > 0) {
            ssize_t n = write(fds[1], p, left);
            if (n <= 0)
                break;
            p += n;
            left -= (size_t)n;
        }
        _exit(0);
    }
    close(fds[1]);
    double deadline = now_s() + timeout_s;
    size_t got = 0;
    bool timed_out = false;
    while (got < sizeof r) {
        double left = deadline - now_s();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int pr = poll(&p, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        ssize_t n = read(fds[0], (char *)&r + got, sizeof r - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (timed_out) {
        memset(&r, 0, sizeof r);
        set_error(&r, "HANG: no result within %d s, killed", timeout_s);
    } else if (got < sizeof r) {
        memset(&r, 0, sizeof r);
        if (WIFSIGNALED(status))
            set_error(&r, "CRASH: the run died of signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
        else
            set_error(&r, "the run exited with status %d without a result", WEXITSTATUS(status));
    }
    return r;
}

/* ---- memory of this process (kB from /proc/self/status) ---- */
static long proc_status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            v = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

/* ======================================================================================== */
/* Raw sockets: the minimal client, the loopback ceiling, /stats                            */
/* ======================================================================================== */

static int connect_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static bool write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

/* Reads one response with a Content-Length body into buf (head + body); returns the body's
 * offset and sets *body_len, or returns -1. Bytes past the response are not expected. */
static long read_small_response(int fd, char *buf, size_t cap, size_t *body_len)
{
    size_t have = 0;
    for (;;) {
        char *end = have >= 4 ? memmem(buf, have, "\r\n\r\n", 4) : NULL;
        if (end != NULL) {
            size_t head = (size_t)(end + 4 - buf);
            char *cl = memmem(buf, head, "Content-Length:", 15);
            if (cl == NULL)
                return -1;
            size_t len = strtoul(cl + 15, NULL, 10);
            if (head + len <= have) {
                *body_len = len;
                return (long)head;
            }
            if (head + len > cap)
                return -1;
        }
        if (have == cap)
            return -1;
        ssize_t n = read(fd, buf + have, cap - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        have += (size_t)n;
    }
}

/* GET path on a fresh connection; copies the body (NUL-terminated) into out. */
static bool raw_get_text(const char *path, char *out, size_t cap)
{
    int fd = connect_server();
    if (fd < 0)
        return false;
    char req[256], buf[4096];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
    size_t body_len = 0;
    long off = write_all(fd, req, (size_t)n) ? read_small_response(fd, buf, sizeof buf, &body_len) : -1;
    close(fd);
    if (off < 0 || body_len >= cap)
        return false;
    memcpy(out, buf + off, body_len);
    out[body_len] = '\0';
    return true;
}

static void raw_upload(const struct job *job, struct result *r)
{
    char *piece = malloc(job->chunk);
    int fd = connect_server();
    if (piece == NULL || fd < 0) {
        set_error(r, "raw upload: cannot connect");
        return;
    }
    memset(piece, 'x', job->chunk);
    double t0 = now_s();
    char head[256];
    int n = snprintf(head, sizeof head, "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: %" PRIu64 "\r\n\r\n",
                     job->bytes);
    bool ok = write_all(fd, head, (size_t)n);
    for (uint64_t sent = 0; ok && sent < job->bytes;) {
        size_t len = job->bytes - sent < job->chunk ? (size_t)(job->bytes - sent) : job->chunk;
        ok = write_all(fd, piece, len);
        sent += len;
    }
    char buf[1024];
    size_t body_len = 0;
    long off = ok ? read_small_response(fd, buf, sizeof buf - 1, &body_len) : -1;
    r->seconds = now_s() - t0;
    close(fd);
    free(piece);
    if (off < 0) {
        set_error(r, "raw upload: no response");
        return;
    }
    buf[off + (long)body_len] = '\0';
    if (strtoull(buf + off, NULL, 10) != job->bytes) {
        set_error(r, "raw upload: the server counted %s bytes", buf + off);
        return;
    }
    r->ok = 1;
}

static void raw_download(const struct job *job, struct result *r)
{
    char *buf = malloc(job->chunk < 4096 ? 4096 : job->chunk);
    size_t cap = job->chunk < 4096 ? 4096 : job->chunk;
    int fd = connect_server();
    if (buf == NULL || fd < 0) {
        set_error(r, "raw download: cannot connect");
        return;
    }
    double t0 = now_s();
    char req[256];
    int n = snprintf(req, sizeof req, "GET /bytes/%" PRIu64 " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", job->bytes);
    if (!write_all(fd, req, (size_t)n)) {
        set_error(r, "raw download: send failed");
        close(fd);
        free(buf);
        return;
    }
    /* The head arrives first; everything after it is body. */
    size_t have = 0;
    uint64_t body = 0;
    bool head_done = false;
    while (!head_done || body < job->bytes) {
        ssize_t got = read(fd, buf + (head_done ? 0 : have), head_done ? job->chunk : cap - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (head_done) {
            body += (uint64_t)got;
            continue;
        }
        have += (size_t)got;
        char *end = memmem(buf, have, "\r\n\r\n", 4);
        if (end != NULL) {
            head_done = true;
            body = have - (size_t)(end + 4 - buf);
        } else if (have == cap) {
            break;
        }
    }
    r->seconds = now_s() - t0;
    close(fd);
    free(buf);
    if (body != job->bytes) {
        set_error(r, "raw download: %" PRIu64 " of %" PRIu64 " bytes", body, job->bytes);
        return;
    }
    r->ok = 1;
}

static const char small_request[] = "GET /small HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/* The minimal request-rate client: job->handles keep-alive connections on one epoll. */
static void raw_rate(const struct job *job, struct result *r)
{
    unsigned n = job->handles;
    struct rconn {
        int fd;
        size_t have;
        char buf[512];
    } *conns = calloc(n, sizeof *conns);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (conns == NULL || ep < 0) {
        set_error(r, "raw rate: setup failed");
        return;
    }
    unsigned issued = 0, done = 0;
    double t0 = now_s();
    for (unsigned i = 0; i < n && issued < job->count; i++) {
        conns[i].fd = connect_server();
        if (conns[i].fd < 0) {
            set_error(r, "raw rate: cannot connect");
            return;
        }
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
        write_all(conns[i].fd, small_request, sizeof small_request - 1);
        issued++;
    }
    struct epoll_event events[256];
    while (done < job->count) {
        int k = epoll_wait(ep, events, 256, 10000);
        if (k <= 0) {
            set_error(r, "raw rate: no progress for 10 s");
            break;
        }
        for (int e = 0; e < k; e++) {
            struct rconn *c = &conns[events[e].data.u32];
            ssize_t got = read(c->fd, c->buf + c->have, sizeof c->buf - c->have);
            if (got <= 0) {
                set_error(r, "raw rate: the server closed a connection");
                done = job->count;
                break;
            }
            c->have += (size_t)got;
            char *end = memmem(c->buf, c->have, "\r\n\r\n", 4);
            if (end == NULL)
                continue;
            size_t head = (size_t)(end + 4 - c->buf);
            char *cl = memmem(c->buf, head, "Content-Length:", 15);
            size_t len = cl ? strtoul(cl + 15, NULL, 10) : 0;
            if (c->have < head + len)
                continue;
            if (len != SMALL_LEN)
                set_error(r, "raw rate: a body of %zu bytes", len);
            c->have = 0;
            done++;
            if (issued < job->count) {
                write_all(c->fd, small_request, sizeof small_request - 1);
                issued++;
            }
        }
    }
    r->seconds = now_s() - t0;
    r->completed = done;
    for (unsigned i = 0; i < n; i++)
        if (conns[i].fd > 0)
            close(conns[i].fd);
    close(ep);
    free(conns);
    if (r->error[0] == '\0')
        r->ok = 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void percentiles(double *lat, unsigned n, struct result *r)
{
    for (unsigned i = 0; i < n && i < L_BLOCK; i++)
        r->samples_us[i] = (float)(lat[i] * 1e6);
    qsort(lat, n, sizeof *lat, cmp_double);
    r->p50_us = lat[n / 2] * 1e6;
    r->p99_us = lat[(size_t)((double)n * 0.99)] * 1e6;
}

static void raw_latency(const struct job *job, struct result *r)
{
    double *lat = malloc(job->count * sizeof *lat);
    int fd = connect_server();
    if (lat == NULL || fd < 0) {
        set_error(r, "raw latency: cannot connect");
        return;
    }
    char buf[1024];
    for (unsigned i = 0; i < job->count; i++) {
        double t0 = now_s();
        size_t body_len = 0;
        if (!write_all(fd, small_request, sizeof small_request - 1) ||
            read_small_response(fd, buf, sizeof buf, &body_len) < 0 || body_len != SMALL_LEN) {
            set_error(r, "raw latency: request %u failed", i);
            break;
        }
        lat[i] = now_s() - t0;
    }
    close(fd);
    if (r->error[0] == '\0') {
        percentiles(lat, job->count, r);
        r->ok = 1;
    }
    free(lat);
}

/* Loopback TCP throughput with no HTTP and no server: a reader thread drains what main writes. */
struct loop_reader {
    int listen_fd;
    uint64_t got;
};

static void *loop_reader_main(void *arg)
{
    struct loop_reader *lr = arg;
    int fd = accept(lr->listen_fd, NULL, NULL);
    char *buf = malloc(MIB);
    if (fd < 0 || buf == NULL)
        return NULL;
    for (;;) {
        ssize_t n = read(fd, buf, MIB);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        lr->got += (uint64_t)n;
    }
    close(fd);
    free(buf);
    return NULL;
}

static void raw_loopback(const struct job *job, struct result *r)
{
    struct loop_reader lr = {socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), 0};
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof addr;
    if (lr.listen_fd < 0 || bind(lr.listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        listen(lr.listen_fd, 1) != 0 || getsockname(lr.listen_fd, (struct sockaddr *)&addr, &alen) != 0) {
        set_error(r, "loopback: listen failed");
        return;
    }
    pthread_t tid;
    pthread_create(&tid, NULL, loop_reader_main, &lr);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    char *piece = malloc(job->chunk);
    memset(piece, 'x', job->chunk);
    double t0 = now_s();
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        set_error(r, "loopback: connect failed");
        return;
    }
    /* As on every HTTP connection here: a 64 KiB write is one full loopback segment plus a
     * small tail, which Nagle's algorithm would hold back until the previous ACK. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    for (uint64_t sent = 0; sent < job->bytes; sent += job->chunk)
        if (!write_all(fd, piece, job->chunk)) {
            set_error(r, "loopback: write failed");
            break;
        }
    close(fd);
    pthread_join(tid, NULL);
    r->seconds = now_s() - t0;
    close(lr.listen_fd);
    free(piece);
    if (r->error[0] == '\0' && lr.got != job->bytes)
        set_error(r, "loopback: read %" PRIu64 " bytes", lr.got);
    r->ok = r->error[0] == '\0';
}

/* ======================================================================================== */
/* rinet: one request at a time (U, D, L async), waiting on a condition variable            */
/* ======================================================================================== */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned completions;   /* REQUEST_COMPLETE received */
    unsigned expected;      /* calls that pended */
    DWORD last_error;       /* dwError of the last REQUEST_COMPLETE */
    bool connect_closing;   /* HANDLE_CLOSING of the connect handle */
} sq = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, false};

static void CALLBACK seq_callback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                                  LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    (void)hInternet;
    if (dwInternetStatus == INTERNET_STATUS_REQUEST_COMPLETE) {
        const INTERNET_ASYNC_RESULT *res = lpvStatusInformation;
        pthread_mutex_lock(&sq.lock);
        sq.completions++;
        sq.last_error = res != NULL && dwStatusInformationLength == sizeof *res ? res->dwError : ERROR_INVALID_PARAMETER;
        pthread_cond_broadcast(&sq.cond);
        pthread_mutex_unlock(&sq.lock);
    } else if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING && dwContext == CTX_CONNECT) {
        pthread_mutex_lock(&sq.lock);
        sq.connect_closing = true;
        pthread_cond_broadcast(&sq.cond);
        pthread_mutex_unlock(&sq.lock);
    }
}

static void abs_deadline(struct timespec *ts, int seconds)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += seconds;
}

/* Finishes a call that returned `ret`: if it pended, waits for its REQUEST_COMPLETE. */
static bool seq_finish(struct result *r, const char *what, BOOL ret)
{
    if (ret)
        return true;
    DWORD err = GetLastError();
    if (err != ERROR_IO_PENDING) {
        set_error(r, "%s failed: error %u", what, (unsigned)err);
        return false;
    }
    struct timespec deadline;
    abs_deadline(&deadline, 60);
    pthread_mutex_lock(&sq.lock);
    unsigned want = ++sq.expected;
    int rc = 0;
    while (sq.completions < want && rc == 0)
        rc = pthread_cond_timedwait(&sq.cond, &sq.lock, &deadline);
    bool ok = sq.completions >= want;
    DWORD last = sq.last_error;
    unsigned completions = sq.completions;
    pthread_mutex_unlock(&sq.lock);
    if (!ok) {
        set_error(r, "HANG: %s pended and no REQUEST_COMPLETE came within 60 s", what);
        return false;
    }
    if (completions != want) {
        set_error(r, "%s: %u REQUEST_COMPLETE for %u pending calls", what, completions, want);
        return false;
    }
    if (last != 0) {
        set_error(r, "%s completed with error %u", what, (unsigned)last);
        return false;
    }
    return true;
}

static bool rinet_open_session(bool async, INTERNET_STATUS_CALLBACK cb, HINTERNET *session, HINTERNET *connect,
                               struct result *r)
{
    *session = InternetOpen("rinet-bench", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, async ? INTERNET_FLAG_ASYNC : 0);
    if (*session == NULL) {
        set_error(r, "InternetOpen failed: %u", (unsigned)GetLastError());
        return false;
    }
    if (cb != NULL && InternetSetStatusCallback(*session, cb) == INTERNET_INVALID_STATUS_CALLBACK) {
        set_error(r, "InternetSetStatusCallback failed: %u", (unsigned)GetLastError());
        return false;
    }
    *connect = InternetConnect(*session, "127.0.0.1", (INTERNET_PORT)g_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               cb != NULL ? CTX_CONNECT : 0);
    if (*connect == NULL) {
        set_error(r, "InternetConnect failed: %u", (unsigned)GetLastError());
        return false;
    }
    return true;
}

/* Closes the handles; in an asynchronous session, waits (bounded) for the connect handle's
 * HANDLE_CLOSING, the sign that rinet has let go of everything. */
static void rinet_close_session(HINTERNET session, HINTERNET connect, HINTERNET request, bool wait_closing,
                                struct result *r)
{
    if (request != NULL && !InternetCloseHandle(request))
        set_error(r, "InternetCloseHandle(request) failed: %u", (unsigned)GetLastError());
    if (connect != NULL) {
        if (!InternetCloseHandle(connect)) {
            set_error(r, "InternetCloseHandle(connect) failed: %u", (unsigned)GetLastError());
        } else if (wait_closing) {
            struct timespec deadline;
            abs_deadline(&deadline, 10);
            int rc = 0;
            pthread_mutex_lock(&sq.lock);
            while (!sq.connect_closing && rc == 0)
                rc = pthread_cond_timedwait(&sq.cond, &sq.lock, &deadline);
            bool closed = sq.connect_closing;
            pthread_mutex_unlock(&sq.lock);
            if (!closed)
                set_error(r, "HANG: no HANDLE_CLOSING for the connect handle within 10 s of closing it");
        }
    }
    if (session != NULL)
        InternetCloseHandle(session);
}

static bool rinet_check_status(HINTERNET request, struct result *r)
{
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfo(request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL)) {
        set_error(r, "HttpQueryInfo(status) failed: %u", (unsigned)GetLastError());
        return false;
    }
    if (code != 200) {
        set_error(r, "status %u", (unsigned)code);
        return false;
    }
    return true;
}

static void rinet_upload(const struct job *job, struct result *r)
{
    HINTERNET s = NULL, c = NULL, q = NULL;
    unsigned char *piece = malloc(job->chunk);
    if (piece == NULL || !rinet_open_session(true, seq_callback, &s, &c, r))
        goto done;
    memset(piece, 'x', job->chunk);
    double t0 = now_s();
    q = HttpOpenRequest(c, "POST", "/upload", NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE, CTX_REQUEST);
    if (q == NULL) {
        set_error(r, "HttpOpenRequest failed: %u", (unsigned)GetLastError());
        goto done;
    }
    INTERNET_BUFFERS b;
    memset(&b, 0, sizeof b);
    b.dwStructSize = sizeof b;
    b.dwBufferTotal = (DWORD)job->bytes;
    if (!seq_finish(r, "HttpSendRequestEx", HttpSendRequestEx(q, &b, NULL, 0, CTX_REQUEST)))
        goto done;
    for (uint64_t sent = 0; sent < job->bytes;) {
        DWORD n = job->bytes - sent < job->chunk ? (DWORD)(job->bytes - sent) : (DWORD)job->chunk;
        DWORD written = 0;
        /* If this pends, `piece` and `written` are rinet's until REQUEST_COMPLETE. */
        if (!seq_finish(r, "InternetWriteFile", InternetWriteFile(q, piece, n, &written)))
            goto done;
        if (written != n) {
            set_error(r, "InternetWriteFile wrote %u of %u bytes", (unsigned)written, (unsigned)n);
            goto done;
        }
        sent += n;
    }
    if (!seq_finish(r, "HttpEndRequest", HttpEndRequest(q, NULL, 0, 0)) || !rinet_check_status(q, r))
        goto done;
    char reply[64];
    DWORD have = 0;
    for (;;) {
        DWORD got = 0;
        if (have >= sizeof reply - 1) {
            set_error(r, "reply too long");
            goto done;
        }
        if (!seq_finish(r, "InternetReadFile", InternetReadFile(q, reply + have, (DWORD)sizeof reply - 1 - have, &got)))
            goto done;
        if (got == 0)
            break;
        have += got;
    }
    reply[have] = '\0';
    r->seconds = now_s() - t0;
    if (strtoull(reply, NULL, 10) != job->bytes) {
        set_error(r, "the server counted \"%s\" bytes of %" PRIu64, reply, job->bytes);
        goto done;
    }
    r->ok = 1;
done:
    rinet_close_session(s, c, q, true, r);
    free(piece);
}

static void rinet_download(const struct job *job, struct result *r)
{
    HINTERNET s = NULL, c = NULL, q = NULL;
    unsigned char *buf = malloc(job->chunk);
    if (buf == NULL || !rinet_open_session(true, seq_callback, &s, &c, r))
        goto done;
    char path[64];
    snprintf(path, sizeof path, "/bytes/%" PRIu64, job->bytes);
    double t0 = now_s();
    q = HttpOpenRequest(c, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE, CTX_REQUEST);
    if (q == NULL) {
        set_error(r, "HttpOpenRequest failed: %u", (unsigned)GetLastError());
        goto done;
    }
    if (!seq_finish(r, "HttpSendRequest", HttpSendRequest(q, NULL, 0, NULL, 0)) || !rinet_check_status(q, r))
        goto done;
    uint64_t total = 0;
    for (;;) {
        DWORD got = 0;
        /* If this pends, `buf` and `got` are rinet's until REQUEST_COMPLETE. */
        if (!seq_finish(r, "InternetReadFile", InternetReadFile(q, buf, (DWORD)job->chunk, &got)))
            goto done;
        if (got == 0)
            break;
        total += got;
    }
    r->seconds = now_s() - t0;
    if (total != job->bytes) {
        set_error(r, "read %" PRIu64 " of %" PRIu64 " bytes", total, job->bytes);
        goto done;
    }
    r->ok = 1;
done:
    rinet_close_session(s, c, q, true, r);
    free(buf);
}

/* One GET /small: open, send, read to the end, close. */
static bool rinet_small_get(HINTERNET c, struct result *r)
{
    HINTERNET q = HttpOpenRequest(c, "GET", "/small", NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE, CTX_REQUEST);
    if (q == NULL) {
        set_error(r, "HttpOpenRequest failed: %u", (unsigned)GetLastError());
        return false;
    }
    bool ok = seq_finish(r, "HttpSendRequest", HttpSendRequest(q, NULL, 0, NULL, 0));
    char buf[256];
    DWORD total = 0;
    while (ok) {
        DWORD got = 0;
        ok = seq_finish(r, "InternetReadFile", InternetReadFile(q, buf, sizeof buf, &got));
        if (got == 0)
            break;
        total += got;
    }
    if (ok && total != SMALL_LEN) {
        set_error(r, "a body of %u bytes", (unsigned)total);
        ok = false;
    }
    if (!InternetCloseHandle(q)) {
        set_error(r, "InternetCloseHandle failed: %u", (unsigned)GetLastError());
        ok = false;
    }
    return ok;
}

static void rinet_latency(const struct job *job, struct result *r)
{
    HINTERNET s = NULL, c = NULL;
    double *lat = malloc(job->count * sizeof *lat);
    if (lat == NULL || !rinet_open_session(job->async, job->async ? seq_callback : NULL, &s, &c, r))
        goto done;
    for (unsigned i = 0; i < job->count; i++) {
        double t0 = now_s();
        if (!rinet_small_get(c, r))
            goto done;
        lat[i] = now_s() - t0;
    }
    percentiles(lat, job->count, r);
    r->ok = 1;
done:
    rinet_close_session(s, c, NULL, job->async, r);
    free(lat);
}

/* ======================================================================================== */
/* rinet: many requests at once (R and C), driven from the status callback                  */
/* ======================================================================================== */

/* One concurrent request. Its address is the request handle's context. While a request runs,
 * only rinet's thread (the callback) touches its slot. */
struct slot {
    HINTERNET req;
    DWORD got;      /* bytes of the read in progress (written at completion if it pends) */
    bool reading;   /* HttpSendRequest has completed; REQUEST_COMPLETE now means a read */
    unsigned body;  /* body bytes so far */
    char buf[112];  /* read buffer: the bodies here are at most 100 bytes */
};

static struct {
    struct slot *slots;
    HINTERNET connect;
    const char *path;
    unsigned body_len;      /* expected body length */
    unsigned total;         /* requests to complete */
    atomic_uint issued;     /* requests started or claimed */
    atomic_uint done, failed;
    atomic_uint first_error;
    atomic_uint strays;     /* REQUEST_COMPLETE for a handle that is not the slot's current one */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool finished;
} ps = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void slot_start(struct slot *sl);

static void slot_next(struct slot *sl)
{
    unsigned settled = atomic_load(&ps.done) + atomic_load(&ps.failed);
    if (settled >= ps.total) {
        pthread_mutex_lock(&ps.lock);
        ps.finished = true;
        pthread_cond_broadcast(&ps.cond);
        pthread_mutex_unlock(&ps.lock);
        return;
    }
    if (atomic_fetch_add(&ps.issued, 1) < ps.total)
        slot_start(sl);
}

static void slot_fail(struct slot *sl, DWORD err)
{
    unsigned zero = 0;
    atomic_compare_exchange_strong(&ps.first_error, &zero, (unsigned)err);
    if (sl->req != NULL)
        InternetCloseHandle(sl->req);
    sl->req = NULL;
    atomic_fetch_add(&ps.failed, 1);
    slot_next(sl);
}

static void slot_done(struct slot *sl)
{
    InternetCloseHandle(sl->req);
    sl->req = NULL;
    if (sl->body != ps.body_len) {
        atomic_fetch_add(&ps.failed, 1);
        unsigned zero = 0;
        atomic_compare_exchange_strong(&ps.first_error, &zero, 1u);
    } else {
        atomic_fetch_add(&ps.done, 1);
    }
    slot_next(sl);
}

/* Reads while bytes are there at once; returns when a read pends or the body ends. */
static void slot_read(struct slot *sl)
{
    for (;;) {
        sl->got = 0;
        if (!InternetReadFile(sl->req, sl->buf, sizeof sl->buf, &sl->got)) {
            DWORD err = GetLastError();
            if (err != ERROR_IO_PENDING)
                slot_fail(sl, err);
            return; /* pending: the next REQUEST_COMPLETE continues */
        }
        if (sl->got == 0) {
            slot_done(sl);
            return;
        }
        sl->body += sl->got;
    }
}

static void slot_start(struct slot *sl)
{
    sl->reading = false;
    sl->body = 0;
    sl->req = HttpOpenRequest(ps.connect, "GET", ps.path, NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE,
                              (DWORD_PTR)sl);
    if (sl->req == NULL) {
        slot_fail(sl, GetLastError());
        return;
    }
    if (HttpSendRequest(sl->req, NULL, 0, NULL, 0)) {
        sl->reading = true; /* completed at once: no REQUEST_COMPLETE follows */
        slot_read(sl);
        return;
    }
    DWORD err = GetLastError();
    if (err != ERROR_IO_PENDING)
        slot_fail(sl, err);
}

static void CALLBACK slot_callback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                                   LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    if (dwContext == CTX_CONNECT) {
        seq_callback(hInternet, dwContext, dwInternetStatus, lpvStatusInformation, dwStatusInformationLength);
        return;
    }
    if (dwInternetStatus != INTERNET_STATUS_REQUEST_COMPLETE || dwContext == 0)
        return;
    struct slot *sl = (struct slot *)dwContext;
    if (hInternet != sl->req) {
        atomic_fetch_add(&ps.strays, 1);
        return;
    }
    const INTERNET_ASYNC_RESULT *res = lpvStatusInformation;
    if (res == NULL || dwStatusInformationLength != sizeof *res) {
        slot_fail(sl, ERROR_INVALID_PARAMETER);
        return;
    }
    if (res->dwError != 0) {
        slot_fail(sl, res->dwError);
        return;
    }
    if (sl->reading) {
        if (sl->got == 0) { /* the pended read ended the body */
            slot_done(sl);
            return;
        }
        sl->body += sl->got;
    }
    sl->reading = true;
    slot_read(sl);
}

/* Runs ps.total requests with `handles` of them in flight at once. */
static bool rinet_many(unsigned handles, unsigned total, const char *path, unsigned body_len, int wait_s,
                       struct result *r, HINTERNET *s_out, HINTERNET *c_out, bool measure_memory)
{
    ps.slots = calloc(handles, sizeof *ps.slots);
    if (ps.slots == NULL) {
        set_error(r, "out of memory");
        return false;
    }
    memset(ps.slots, 0, handles * sizeof *ps.slots);
    if (!rinet_open_session(true, slot_callback, s_out, c_out, r))
        return false;
    ps.connect = *c_out;
    ps.path = path;
    ps.body_len = body_len;
    ps.total = total;
    atomic_store(&ps.issued, handles < total ? handles : total);
    if (measure_memory)
        r->base_kib = proc_status_kib("VmRSS");
    double t0 = now_s();
    unsigned first = handles < total ? handles : total;
    for (unsigned i = 0; i < first; i++)
        slot_start(&ps.slots[i]);
    r->start_seconds = now_s() - t0;
    struct timespec deadline;
    abs_deadline(&deadline, wait_s);
    int rc = 0;
    pthread_mutex_lock(&ps.lock);
    while (!ps.finished && rc == 0)
        rc = pthread_cond_timedwait(&ps.cond, &ps.lock, &deadline);
    bool finished = ps.finished;
    pthread_mutex_unlock(&ps.lock);
    r->seconds = now_s() - t0;
    if (measure_memory)
        r->hwm_kib = proc_status_kib("VmHWM");
    r->completed = atomic_load(&ps.done);
    r->failed = atomic_load(&ps.failed);
    if (!finished) {
        set_error(r, "HANG: %u of %u requests completed, %u failed, after %d s", r->completed, total, r->failed, wait_s);
        return false;
    }
    if (r->failed > 0)
        set_error(r, "%u of %u requests failed (first error %u)", r->failed, total, atomic_load(&ps.first_error));
    if (atomic_load(&ps.strays) > 0)
        set_error(r, "%u REQUEST_COMPLETE for handles already closed", atomic_load(&ps.strays));
    return r->error[0] == '\0';
}

static void rinet_rate(const struct job *job, struct result *r)
{
    HINTERNET s = NULL, c = NULL;
    bool ok = rinet_many(job->handles, job->count, "/small", SMALL_LEN, 120, r, &s, &c, false);
    if (!ok && strncmp(r->error, "HANG", 4) == 0)
        return; /* leave the wedged session alone; the process exits */
    r->ok = ok;
    rinet_close_session(s, c, NULL, true, r);
}

static void rinet_conc(const struct job *job, struct result *r)
{
    HINTERNET s = NULL, c = NULL;
    char path[64];
    snprintf(path, sizeof path, "/hold/%u", job->hold_ms);
    bool ok = rinet_many(job->count, job->count, path, 4, (int)(job->hold_ms / 1000) + 120, r, &s, &c, true);
    if (!ok && strncmp(r->error, "HANG", 4) == 0)
        return;
    r->ok = ok;
    rinet_close_session(s, c, NULL, true, r);
}

/* ======================================================================================== */
/* libcurl                                                                                   */
/* ======================================================================================== */

struct curl_io {
    uint64_t left;          /* upload bytes still to hand over */
    size_t chunk;           /* largest piece per read callback */
    const char *piece;
    uint64_t received;      /* response body bytes */
    char text[64];          /* start of the response body */
};

static size_t curl_read_cb(char *buffer, size_t size, size_t nitems, void *userdata)
{
    struct curl_io *io = userdata;
    size_t n = size * nitems;
    if (n > io->chunk)
        n = io->chunk;
    if (n > io->left)
        n = (size_t)io->left;
    memcpy(buffer, io->piece, n);
    io->left -= n;
    return n;
}

static size_t curl_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct curl_io *io = userdata;
    size_t n = size * nmemb;
    if (io->received < sizeof io->text - 1) {
        size_t room = sizeof io->text - 1 - (size_t)io->received;
        memcpy(io->text + io->received, ptr, n < room ? n : room);
    }
    io->received += n;
    return n;
}

static CURL *curl_new(const char *path, struct curl_io *io)
{
    CURL *e = curl_easy_init();
    if (e == NULL)
        return NULL;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", g_port, path);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, curl_write_cb);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, io);
    curl_easy_setopt(e, CURLOPT_PRIVATE, io);
    return e;
}

static bool curl_check(CURL *e, CURLcode rc, struct result *r)
{
    if (rc != CURLE_OK) {
        set_error(r, "curl: %s", curl_easy_strerror(rc));
        return false;
    }
    long code = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    if (code != 200) {
        set_error(r, "curl: status %ld", code);
        return false;
    }
    return true;
}

static void curl_upload(const struct job *job, struct result *r)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char *piece = malloc(job->chunk);
    memset(piece, 'x', job->chunk);
    struct curl_io io = {.left = job->bytes, .chunk = job->chunk, .piece = piece};
    double t0 = now_s();
    CURL *e = curl_new("/upload", &io);
    struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)job->bytes);
    curl_easy_setopt(e, CURLOPT_READFUNCTION, curl_read_cb);
    curl_easy_setopt(e, CURLOPT_READDATA, &io);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    long upbuf = job->chunk < 16 * KIB ? (long)(16 * KIB) : job->chunk > 2 * MIB ? (long)(2 * MIB) : (long)job->chunk;
    curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, upbuf);
    CURLcode rc = curl_easy_perform(e);
    r->seconds = now_s() - t0;
    if (curl_check(e, rc, r)) {
        if (strtoull(io.text, NULL, 10) != job->bytes)
            set_error(r, "the server counted \"%s\" bytes", io.text);
        else
            r->ok = 1;
    }
    curl_easy_cleanup(e);
    curl_slist_free_all(headers);
    free(piece);
}

static void curl_download(const struct job *job, struct result *r)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct curl_io io = {0};
    char path[64];
    snprintf(path, sizeof path, "/bytes/%" PRIu64, job->bytes);
    double t0 = now_s();
    CURL *e = curl_new(path, &io);
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, (long)job->chunk);
    CURLcode rc = curl_easy_perform(e);
    r->seconds = now_s() - t0;
    if (curl_check(e, rc, r)) {
        if (io.received != job->bytes)
            set_error(r, "received %" PRIu64 " of %" PRIu64 " bytes", io.received, job->bytes);
        else
            r->ok = 1;
    }
    curl_easy_cleanup(e);
}

static void curl_latency(const struct job *job, struct result *r)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double *lat = malloc(job->count * sizeof *lat);
    struct curl_io io = {0};
    CURL *e = curl_new("/small", &io);
    for (unsigned i = 0; i < job->count; i++) {
        io.received = 0;
        double t0 = now_s();
        CURLcode rc = curl_easy_perform(e);
        lat[i] = now_s() - t0;
        if (!curl_check(e, rc, r))
            break;
        if (io.received != SMALL_LEN) {
            set_error(r, "a body of %" PRIu64 " bytes", io.received);
            break;
        }
    }
    if (r->error[0] == '\0') {
        percentiles(lat, job->count, r);
        r->ok = 1;
    }
    curl_easy_cleanup(e);
    free(lat);
}

/* Runs `total` requests through one multi handle with `handles` easy handles in flight. */
static void curl_many(unsigned handles, unsigned total, const char *path, unsigned body_len, int wait_s,
                      struct result *r, bool measure_memory)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)handles);
    struct curl_io *ios = calloc(handles, sizeof *ios);
    CURL **easy = calloc(handles, sizeof *easy);
    if (m == NULL || ios == NULL || easy == NULL) {
        set_error(r, "curl: setup failed");
        return;
    }
    memset(ios, 0, handles * sizeof *ios);
    if (measure_memory)
        r->base_kib = proc_status_kib("VmRSS");
    double t0 = now_s();
    unsigned started = 0, done = 0, failed = 0;
    for (unsigned i = 0; i < handles && started < total; i++, started++) {
        easy[i] = curl_new(path, &ios[i]);
        if (easy[i] == NULL || curl_multi_add_handle(m, easy[i]) != CURLM_OK) {
            set_error(r, "curl: cannot add easy handle %u", i);
            return;
        }
    }
    r->start_seconds = now_s() - t0;
    double deadline = t0 + wait_s;
    while (done + failed < total) {
        int running = 0;
        CURLMcode mc = curl_multi_perform(m, &running);
        if (mc != CURLM_OK) {
            set_error(r, "curl_multi_perform: %s", curl_multi_strerror(mc));
            break;
        }
        CURLMsg *msg;
        int queued;
        while ((msg = curl_multi_info_read(m, &queued)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL *e = msg->easy_handle;
            CURLcode rc = msg->data.result;
            struct curl_io *io = NULL;
            curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&io);
            if (rc != CURLE_OK || io->received != body_len) {
                failed++;
                set_error(r, "curl: %s (body %" PRIu64 " bytes)", curl_easy_strerror(rc), io->received);
            } else {
                done++;
            }
            curl_multi_remove_handle(m, e);
            if (started < total) {
                io->received = 0;
                curl_multi_add_handle(m, e);
                started++;
            }
        }
        if (done + failed >= total)
            break;
        if (now_s() > deadline) {
            set_error(r, "HANG: %u of %u requests completed after %d s", done, total, wait_s);
            break;
        }
        curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    r->seconds = now_s() - t0;
    if (measure_memory)
        r->hwm_kib = proc_status_kib("VmHWM");
    r->completed = done;
    r->failed = failed;
    for (unsigned i = 0; i < handles; i++) {
        if (easy[i] != NULL) {
            curl_multi_remove_handle(m, easy[i]);
            curl_easy_cleanup(easy[i]);
        }
    }
    curl_multi_cleanup(m);
    if (r->error[0] == '\0')
        r->ok = 1;
}

static void curl_rate(const struct job *job, struct result *r)
{
    curl_many(job->handles, job->count, "/small", SMALL_LEN, 120, r, false);
}

static void curl_conc(const struct job *job, struct result *r)
{
    char path[64];
    snprintf(path, sizeof path, "/hold/%u", job->hold_ms);
    curl_many(job->count, job->count, path, 4, (int)(job->hold_ms / 1000) + 120, r, true);
}

/* ======================================================================================== */
/* Statistics and the table                                                                  */
/* ======================================================================================== */

struct summary {
    int n;             /* successful runs */
    int failed;        /* failed runs */
    double med, min, max;
    char error[256];   /* first failure */
};

struct series {
    double v[MAX_RUNS];
    int n;
    int failed;
    char error[256];
};

static void series_add(struct series *s, const struct result *r, double value)
{
    if (r->ok && s->n < MAX_RUNS) {
        s->v[s->n++] = value;
    } else if (!r->ok) {
        s->failed++;
        any_failure = true;
        if (s->error[0] == '\0')
            snprintf(s->error, sizeof s->error, "%s", r->error[0] ? r->error : "failed");
    }
}

static struct summary series_stat(const struct series *s)
{
    struct summary st;
    memset(&st, 0, sizeof st);
    st.n = s->n;
    st.failed = s->failed;
    snprintf(st.error, sizeof st.error, "%s", s->error);
    if (s->n == 0)
        return st;
    double v[MAX_RUNS];
    memcpy(v, s->v, (size_t)s->n * sizeof *v);
    qsort(v, (size_t)s->n, sizeof *v, cmp_double);
    st.min = v[0];
    st.max = v[s->n - 1];
    st.med = s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
    return st;
}

static FILE *md; /* results.md */

static void fmt_stat(char *out, size_t cap, const struct summary *st, const char *fmt)
{
    if (st->n == 0) {
        snprintf(out, cap, "FAILED (%d of %d runs)", st->failed, st->failed);
        return;
    }
    char a[32], b[32], c[32];
    snprintf(a, sizeof a, fmt, st->med);
    snprintf(b, sizeof b, fmt, st->min);
    snprintf(c, sizeof c, fmt, st->max);
    snprintf(out, cap, "%s [%s..%s]%s", a, b, c, st->failed ? " +FAILURES" : "");
}

/* Prints a table row to stdout and to results.md. `target` is the bound on the ratio,
 * `higher` whether the ratio must be at least (true) or at most (false) the target. */
static void row(const char *name, const char *unit, const char *fmt, const struct summary *rin, const struct summary *cur,
                double target, bool higher, const char *note)
{
    char a[160], b[160], ratio[32] = "-", verdict[48] = "-";
    fmt_stat(a, sizeof a, rin, fmt);
    fmt_stat(b, sizeof b, cur, fmt);
    if (rin->n > 0 && cur->n > 0 && cur->med > 0) {
        double q = rin->med / cur->med;
        snprintf(ratio, sizeof ratio, "%.2f", q);
        if (target > 0) {
            bool met = higher ? q >= target : q <= target;
            snprintf(verdict, sizeof verdict, "%s %.1f: %s", higher ? ">=" : "<=", target, met ? "met" : "NOT met");
        }
    } else if (target > 0) {
        snprintf(verdict, sizeof verdict, "%s %.1f: NOT met", higher ? ">=" : "<=", target);
    }
    if (rin->failed > 0 && target > 0)
        snprintf(verdict, sizeof verdict, "NOT met (rinet failed)");
    printf("%-34s %-8s %-32s %-32s %-6s %-18s %s\n", name, unit, a, b, ratio, verdict, note ? note : "");
    if (md != NULL)
        fprintf(md, "| %s | %s | %s | %s | %s | %s | %s |\n", name, unit, a, b, ratio, verdict, note ? note : "");
    if (rin->error[0])
        printf("    rinet failure: %s\n", rin->error);
    if (cur->error[0])
        printf("    libcurl failure: %s\n", cur->error);
}

/* Section headers carry the time of day, to line them up with a log of the machine's load. */
static void section(const char *title)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    fprintf(stderr, "%02d:%02d:%02d %s\n", tm.tm_hour, tm.tm_min, tm.tm_sec, title);
}

static void progress(const char *what, enum lib lib, int run, const struct result *r, const char *detail)
{
    fprintf(stderr, "  %-10s %-7s run %d: %s%s\n", what, lib_name[lib], run + 1, r->ok ? "" : "FAILED ",
            r->ok ? detail : r->error);
}

/* ======================================================================================== */
/* Workload sections                                                                         */
/* ======================================================================================== */

static int xfer_timeout(uint64_t bytes)
{
    return 60 + (int)(bytes / (50 * MIB)); /* at least 50 MB/s or it counts as a hang */
}

/* U or D: runs = cfg.runs per side; returns throughput series in GB/s. */
static void throughput_runs(char which, uint64_t bytes, size_t chunk, int runs, struct series out[3], bool with_raw)
{
    work_fn fns[3];
    if (which == 'U') {
        fns[0] = rinet_upload;
        fns[1] = curl_upload;
        fns[2] = raw_upload;
    } else {
        fns[0] = rinet_download;
        fns[1] = curl_download;
        fns[2] = raw_download;
    }
    for (int run = 0; run < runs; run++) {
        for (int l = 0; l < (with_raw ? 3 : 2); l++) {
            struct job job = {.lib = (enum lib)l, .bytes = bytes, .chunk = chunk};
            struct result r = run_child(fns[l], &job, xfer_timeout(bytes));
            double gbps = r.ok && r.seconds > 0 ? (double)bytes / r.seconds / 1e9 : 0;
            series_add(&out[l], &r, gbps);
            char detail[64];
            snprintf(detail, sizeof detail, "%.3f GB/s (%zu KiB pieces)", gbps, chunk / 1024);
            progress(which == 'U' ? "upload" : "download", (enum lib)l, run, &r, detail);
        }
    }
}

static void rate_runs(unsigned handles, unsigned count, int runs, struct series out[3], bool with_raw)
{
    work_fn fns[3] = {rinet_rate, curl_rate, raw_rate};
    for (int run = 0; run < runs; run++) {
        for (int l = 0; l < (with_raw ? 3 : 2); l++) {
            struct job job = {.lib = (enum lib)l, .handles = handles, .count = count};
            struct result r = run_child(fns[l], &job, 150);
            double rps = r.ok && r.seconds > 0 ? count / r.seconds : 0;
            series_add(&out[l], &r, rps);
            char detail[64];
            snprintf(detail, sizeof detail, "%.0f req/s (%u handles)", rps, handles);
            progress("rate", (enum lib)l, run, &r, detail);
        }
    }
}

static bool wrk_available(void)
{
    return system("command -v wrk >/dev/null 2>&1") == 0;
}

static double wrk_once(unsigned connections)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "timeout %d wrk -t2 -c%u -d%ds http://127.0.0.1:%d/small 2>&1", cfg.wrk_seconds + 30,
             connections, cfg.wrk_seconds, g_port);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return 0;
    char line[256];
    double rps = 0;
    while (fgets(line, sizeof line, p))
        if (strncmp(line, "Requests/sec:", 13) == 0)
            rps = strtod(line + 13, NULL);
    pclose(p);
    return rps;
}

static double ceiling_loopback(void)
{
    struct series s = {0};
    for (int run = 0; run < cfg.runs; run++) {
        struct job job = {.lib = LIB_RAW, .bytes = cfg.loop_bytes, .chunk = 64 * KIB};
        struct result r = run_child(raw_loopback, &job, xfer_timeout(cfg.loop_bytes));
        series_add(&s, &r, r.ok ? (double)cfg.loop_bytes / r.seconds / 1e9 : 0);
        char detail[64];
        snprintf(detail, sizeof detail, "%.3f GB/s", r.ok ? (double)cfg.loop_bytes / r.seconds / 1e9 : 0);
        progress("loopback", LIB_RAW, run, &r, detail);
    }
    return series_stat(&s).med;
}

static void write_csv_header(FILE *f, const char *first)
{
    fprintf(f, "%s,rinet,libcurl,raw\n", first);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);

    const char *scale = getenv("BENCH_SCALE");
    cfg.tiny = scale != NULL && strcmp(scale, "tiny") == 0;
    cfg.runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 5;
    if (cfg.runs < 1 || cfg.runs > MAX_RUNS)
        cfg.runs = 5;
    cfg.sweep_runs = getenv("BENCH_SWEEP_RUNS") ? atoi(getenv("BENCH_SWEEP_RUNS")) : (cfg.tiny ? 1 : 5);
    if (cfg.sweep_runs < 1 || cfg.sweep_runs > MAX_RUNS)
        cfg.sweep_runs = 5;
    cfg.xfer_chunk = 64 * KIB;
    if (cfg.tiny) {
        cfg.xfer_bytes = 4 * MIB;
        cfg.loop_bytes = 16 * MIB;
        cfg.sweep_bytes = 1 * MIB;
        cfg.rate_requests = 200;
        cfg.lat_requests = 200;
        cfg.conc_requests = 100;
        cfg.hold_ms = 300;
        cfg.wrk_seconds = 0;
    } else {
        cfg.xfer_bytes = 1 * GIB;
        cfg.loop_bytes = 4 * GIB;
        cfg.sweep_bytes = 512 * MIB;
        cfg.rate_requests = 20000;
        cfg.lat_requests = 20000;
        cfg.conc_requests = 10000;
        cfg.hold_ms = 3000;
        cfg.wrk_seconds = 3;
    }
    cfg.rate_handles = 64;
    snprintf(cfg.only, sizeof cfg.only, "%s", getenv("BENCH_ONLY") ? getenv("BENCH_ONLY") : "");
    snprintf(cfg.out_dir, sizeof cfg.out_dir, "%s", getenv("BENCH_OUT") ? getenv("BENCH_OUT") : "target/bench");
    mkdir(cfg.out_dir, 0755);

    /* The server binary sits beside this program unless BENCH_SERVER says otherwise. */
    if (getenv("BENCH_SERVER") != NULL) {
        snprintf(cfg.server_path, sizeof cfg.server_path, "%s", getenv("BENCH_SERVER"));
    } else {
        char self[900];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(self, '/');
        if (slash != NULL)
            slash[1] = '\0';
        snprintf(cfg.server_path, sizeof cfg.server_path, "%sserver", self);
    }

    /* 10,000 connections in one process need more descriptors than the usual 1024. */
    struct rlimit rl = {1 << 20, 1 << 20};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < (rlim_t)cfg.conc_requests + 1000) {
        fprintf(stderr, "RLIMIT_NOFILE is %lu; the C workload needs %u descriptors\n", (unsigned long)rl.rlim_cur,
                cfg.conc_requests + 1000);
    }

    /* Start the server and learn its port. */
    int pfd[2];
    if (pipe(pfd) != 0)
        return 1;
    /* Pinning. Where the scheduler puts the client's and the server's threads decides the result
     * more than either program does: on 2 cores, a 1 GiB download runs at about 2.7 GB/s when
     * client and server share a core and at about 5.5 GB/s when they do not, for rinet, libcurl
     * and the raw client alike, and each run lands on one or the other at random. So by default
     * the server gets the upper half of the CPUs (one thread per CPU) and every client (rinet,
     * libcurl, the raw client, wrk) the lower half, as if the server were another machine.
     * BENCH_PIN=0 leaves placement to the scheduler. */
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    bool pin = ncpu >= 2 && !(getenv("BENCH_PIN") != NULL && strcmp(getenv("BENCH_PIN"), "0") == 0);
    long client_cpus = ncpu / 2;
    cpu_set_t client_set, server_set;
    CPU_ZERO(&client_set);
    CPU_ZERO(&server_set);
    for (long c = 0; c < ncpu; c++)
        CPU_SET((int)c, c < client_cpus ? &client_set : &server_set);
    char server_threads[24];
    snprintf(server_threads, sizeof server_threads, "%d", (int)(pin ? ncpu - client_cpus : ncpu));

    g_server_pid = fork();
    if (g_server_pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        if (pin && sched_setaffinity(0, sizeof server_set, &server_set) != 0)
            perror("sched_setaffinity (server)");
        execl(cfg.server_path, cfg.server_path, "-t", server_threads, (char *)NULL);
        perror(cfg.server_path);
        _exit(127);
    }
    close(pfd[1]);
    if (pin && sched_setaffinity(0, sizeof client_set, &client_set) != 0) {
        perror("sched_setaffinity (client)");
        pin = false;
    }
    char line[64] = {0};
    FILE *sp = fdopen(pfd[0], "r");
    if (sp == NULL || fgets(line, sizeof line, sp) == NULL || sscanf(line, "PORT %d", &g_port) != 1) {
        fprintf(stderr, "the server (%s) did not start\n", cfg.server_path);
        return 1;
    }

    printf("rinet benchmarks: scale %s, %d runs per workload and side, %d per sweep point; server pid %d port %d\n",
           cfg.tiny ? "tiny" : "full", cfg.runs, cfg.sweep_runs, (int)g_server_pid, g_port);
    if (pin)
        printf("pinned: clients on CPUs 0-%ld, the server (%s threads) on CPUs %ld-%ld (BENCH_PIN=0 to disable)\n",
               client_cpus - 1, server_threads, client_cpus, ncpu - 1);
    else
        printf("not pinned: the scheduler places clients and server (%s threads)\n", server_threads);
    printf("libcurl %s\n", curl_version_info(CURLVERSION_NOW)->version);

    char path[700];
    snprintf(path, sizeof path, "%s/results.md", cfg.out_dir);
    md = fopen(path, "w");

    /* ---- run every section, keeping the series ---- */
    struct series U[3] = {0}, D[3] = {0}, R[3] = {0}, Lp50[4] = {0}, Lp99[4] = {0}, Ckib[2] = {0}, Cpeak[2] = {0};
    struct series wrk = {0};
    long held_peak[2] = {0, 0};
    double loopback = 0;

    if (section_on('K')) {
        section("ceilings");
        loopback = ceiling_loopback();
        if (cfg.wrk_seconds > 0 && wrk_available()) {
            for (int run = 0; run < cfg.runs; run++) {
                double rps = wrk_once(cfg.rate_handles);
                struct result r = {.ok = rps > 0};
                if (!r.ok)
                    snprintf(r.error, sizeof r.error, "wrk failed");
                series_add(&wrk, &r, rps);
                fprintf(stderr, "  wrk        -c%u    run %d: %.0f req/s\n", cfg.rate_handles, run + 1, rps);
            }
        }
    }
    if (section_on('U')) {
        section("U: upload");
        throughput_runs('U', cfg.xfer_bytes, cfg.xfer_chunk, cfg.runs, U, true);
    }
    if (section_on('D')) {
        section("D: download");
        throughput_runs('D', cfg.xfer_bytes, cfg.xfer_chunk, cfg.runs, D, true);
    }
    if (section_on('R')) {
        section("R: request rate");
        rate_runs(cfg.rate_handles, cfg.rate_requests, cfg.runs, R, true);
    }
    if (section_on('L')) {
        section("L: latency");
        /* 0 rinet sync, 1 rinet async, 2 libcurl, 3 raw. Other processes on a 2-core machine
         * move latencies by tens of microseconds for seconds at a time, so one run is made of
         * blocks of L_BLOCK requests (each a fresh process and connection) of every variant in
         * turn, in rotating order, and the run's percentiles are taken over all its samples. */
        unsigned block = cfg.lat_requests < L_BLOCK ? cfg.lat_requests : L_BLOCK;
        unsigned rounds = cfg.lat_requests / block;
        double *pool[4];
        for (int v = 0; v < 4; v++)
            pool[v] = malloc((size_t)rounds * block * sizeof(double));
        for (int run = 0; run < cfg.runs; run++) {
            unsigned have[4] = {0, 0, 0, 0};
            struct result bad[4];
            bool failed[4] = {false, false, false, false};
            for (unsigned round = 0; round < rounds; round++) {
                for (int i = 0; i < 4; i++) {
                    int v = (int)((round + (unsigned)i) % 4);
                    struct job job = {.lib = v < 2 ? LIB_RINET : v == 2 ? LIB_CURL : LIB_RAW, .async = v == 1,
                                      .count = block};
                    work_fn fn = v < 2 ? rinet_latency : v == 2 ? curl_latency : raw_latency;
                    if (failed[v])
                        continue;
                    struct result r = run_child(fn, &job, 120);
                    if (!r.ok) {
                        failed[v] = true;
                        bad[v] = r;
                        continue;
                    }
                    for (unsigned k = 0; k < block; k++)
                        pool[v][have[v]++] = r.samples_us[k] / 1e6;
                }
            }
            for (int v = 0; v < 4; v++) {
                struct result r;
                if (failed[v]) {
                    r = bad[v];
                } else {
                    memset(&r, 0, sizeof r);
                    percentiles(pool[v], have[v], &r);
                    r.ok = 1;
                }
                series_add(&Lp50[v], &r, r.p50_us);
                series_add(&Lp99[v], &r, r.p99_us);
                char detail[96];
                snprintf(detail, sizeof detail, "%s p50 %.1f us p99 %.1f us", v == 0 ? "sync" : v == 1 ? "async" : "",
                         r.p50_us, r.p99_us);
                progress("latency", v < 2 ? LIB_RINET : v == 2 ? LIB_CURL : LIB_RAW, run, &r, detail);
            }
        }
        for (int v = 0; v < 4; v++)
            free(pool[v]);
    }
    if (section_on('C')) {
        section("C: concurrency");
        for (int run = 0; run < cfg.runs; run++) {
            for (int l = 0; l < 2; l++) {
                char stats[128] = "";
                raw_get_text("/stats/reset", stats, sizeof stats);
                struct job job = {.lib = (enum lib)l, .count = cfg.conc_requests, .hold_ms = cfg.hold_ms};
                struct result r = run_child(l == 0 ? rinet_conc : curl_conc, &job, (int)(cfg.hold_ms / 1000) + 180);
                long peak = -1;
                if (raw_get_text("/stats", stats, sizeof stats)) {
                    char *p = strstr(stats, "held_peak ");
                    if (p != NULL)
                        peak = strtol(p + 10, NULL, 10);
                }
                if (peak > held_peak[l])
                    held_peak[l] = peak;
                double kib = (double)(r.hwm_kib - r.base_kib) / cfg.conc_requests;
                series_add(&Ckib[l], &r, kib);
                series_add(&Cpeak[l], &r, (double)r.hwm_kib / 1024.0);
                char detail[200];
                snprintf(detail, sizeof detail,
                         "%u ok, %u failed in %.2f s (all sent in %.2f s); server held %ld at once; "
                         "RSS %ld -> peak %ld KiB = %.2f KiB per request",
                         r.completed, r.failed, r.seconds, r.start_seconds, peak, r.base_kib, r.hwm_kib, kib);
                progress("concurrency", (enum lib)l, run, &r, detail);
                if (r.ok && peak < (long)cfg.conc_requests)
                    fprintf(stderr, "    note: the server never held all %u requests at once (peak %ld)\n",
                            cfg.conc_requests, peak);
            }
        }
    }

    /* ---- sweeps (CSV for the charts) ---- */
    if (section_on('S')) {
        static const size_t sizes[] = {4 * KIB, 8 * KIB, 16 * KIB, 32 * KIB, 64 * KIB, 128 * KIB, 256 * KIB, 512 * KIB, MIB};
        static const unsigned handles[] = {1, 2, 4, 8, 16, 32, 64, 128, 256};
        for (int dir = 0; dir < 2; dir++) {
            char which = dir == 0 ? 'U' : 'D';
            snprintf(path, sizeof path, "%s/%s", cfg.out_dir, dir == 0 ? "upload_sweep.csv" : "download_sweep.csv");
            FILE *f = fopen(path, "w");
            write_csv_header(f, "size_kib");
            section(dir == 0 ? "sweep: upload against piece size" : "sweep: download against piece size");
            for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
                struct series s[3] = {0};
                throughput_runs(which, cfg.sweep_bytes, sizes[i], cfg.sweep_runs, s, true);
                fprintf(f, "%zu,%.4f,%.4f,%.4f\n", sizes[i] / 1024, series_stat(&s[0]).med, series_stat(&s[1]).med,
                        series_stat(&s[2]).med);
                fflush(f);
            }
            fclose(f);
        }
        snprintf(path, sizeof path, "%s/rate_sweep.csv", cfg.out_dir);
        FILE *f = fopen(path, "w");
        write_csv_header(f, "handles");
        section("sweep: request rate against concurrent handles");
        for (size_t i = 0; i < sizeof handles / sizeof *handles; i++) {
            struct series s[3] = {0};
            rate_runs(handles[i], cfg.rate_requests, cfg.sweep_runs, s, true);
            fprintf(f, "%u,%.0f,%.0f,%.0f\n", handles[i], series_stat(&s[0]).med, series_stat(&s[1]).med,
                    series_stat(&s[2]).med);
            fflush(f);
        }
        fclose(f);
    }

    /* ---- the table ---- */
    char note[256];
    printf("\n%-34s %-8s %-32s %-32s %-6s %-18s %s\n", "workload", "unit", "rinet median [min..max]",
           "libcurl median [min..max]", "ratio", "target", "ceilings / notes");
    if (md != NULL) {
        fprintf(md, "| workload | unit | rinet median [min..max] | libcurl median [min..max] | rinet/libcurl | target | ceilings / notes |\n");
        fprintf(md, "| --- | --- | --- | --- | --- | --- | --- |\n");
    }
    struct summary wrk_st = series_stat(&wrk);
    char xfer[32];
    snprintf(xfer, sizeof xfer, "%" PRIu64 " MiB", cfg.xfer_bytes / MIB);
    if (section_on('U')) {
        struct summary rin = series_stat(&U[0]), cur = series_stat(&U[1]), raw = series_stat(&U[2]);
        double q = raw.med > 0 && rin.n > 0 ? rin.med / raw.med : 0;
        snprintf(note, sizeof note, "raw client %.2f GB/s; rinet/raw %.2f (target >= 0.9: %s); loopback %.2f GB/s",
                 raw.med, q, q >= 0.9 ? "met" : "NOT met", loopback);
        char name[64];
        snprintf(name, sizeof name, "U upload %s, 64 KiB writes", xfer);
        row(name, "GB/s", "%.2f", &rin, &cur, 1.0, true, note);
    }
    if (section_on('D')) {
        struct summary rin = series_stat(&D[0]), cur = series_stat(&D[1]), raw = series_stat(&D[2]);
        snprintf(note, sizeof note, "raw client %.2f GB/s; loopback %.2f GB/s", raw.med, loopback);
        char name[64];
        snprintf(name, sizeof name, "D download %s, 64 KiB reads", xfer);
        row(name, "GB/s", "%.2f", &rin, &cur, 1.0, true, note);
    }
    if (section_on('R')) {
        struct summary rin = series_stat(&R[0]), cur = series_stat(&R[1]), raw = series_stat(&R[2]);
        if (wrk_st.n > 0)
            snprintf(note, sizeof note, "raw client %.0f req/s; wrk -t2 -c%u %.0f req/s", raw.med, cfg.rate_handles,
                     wrk_st.med);
        else
            snprintf(note, sizeof note, "raw client %.0f req/s; wrk not run%s", raw.med,
                     cfg.wrk_seconds == 0 ? " (tiny scale)" : " (not installed: apt-get install wrk)");
        char name[64];
        snprintf(name, sizeof name, "R %u GETs, %u handles", cfg.rate_requests, cfg.rate_handles);
        row(name, "req/s", "%.0f", &rin, &cur, 1.2, true, note);
    }
    if (section_on('L')) {
        struct summary s50 = series_stat(&Lp50[0]), a50 = series_stat(&Lp50[1]), c50 = series_stat(&Lp50[2]),
                    r50 = series_stat(&Lp50[3]);
        struct summary s99 = series_stat(&Lp99[0]), a99 = series_stat(&Lp99[1]), c99 = series_stat(&Lp99[2]),
                    r99 = series_stat(&Lp99[3]);
        snprintf(note, sizeof note, "raw client p50 %.1f us", r50.med);
        row("L p50, sync", "us", "%.1f", &s50, &c50, 1.0, false, note);
        row("L p50, async", "us", "%.1f", &a50, &c50, 0, false, NULL);
        snprintf(note, sizeof note, "raw client p99 %.1f us", r99.med);
        row("L p99, sync", "us", "%.1f", &s99, &c99, 0, false, note);
        row("L p99, async", "us", "%.1f", &a99, &c99, 0, false, NULL);
    }
    if (section_on('C')) {
        struct summary rk = series_stat(&Ckib[0]), ck = series_stat(&Ckib[1]);
        struct summary rp = series_stat(&Cpeak[0]), cp = series_stat(&Cpeak[1]);
        snprintf(note, sizeof note, "server held at most %ld (rinet) and %ld (libcurl) at once", held_peak[0],
                 held_peak[1]);
        char name[64];
        snprintf(name, sizeof name, "C %u in flight, KiB/request", cfg.conc_requests);
        row(name, "KiB", "%.2f", &rk, &ck, 0.5, false, note);
        snprintf(name, sizeof name, "C %u in flight, peak RSS", cfg.conc_requests);
        row(name, "MiB", "%.1f", &rp, &cp, 0, false, NULL);
    }
    if (md != NULL)
        fclose(md);

    kill(g_server_pid, SIGTERM);
    waitpid(g_server_pid, NULL, 0);
    printf("\n%s\n", any_failure ? "SOME RUNS FAILED (see above)" : "all runs completed without error");
    return any_failure ? 1 : 0;
}
