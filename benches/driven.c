/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * driven.c -- rinet's driven mode (RINET_FLAG_DRIVEN: the application runs the loop) against its
 * thread mode (INTERNET_FLAG_ASYNC: rinet's reactor thread runs it) and against libcurl's
 * multi_socket_action driven by the application's own epoll loop, on the request-rate (R) and
 * latency (L) workloads of bench.c, against the same server (benches/server.c).
 *
 *     driven                     (normally run by `make bench-driven`)
 *
 * Environment:
 *   BENCH_RUNS=5          runs per workload and side; the table shows median [min..max]
 *   BENCH_SCALE=full      "tiny" runs 200 requests instead of 20,000 (the smoke test)
 *   BENCH_OUT=target/bench  directory for driven.md
 *   BENCH_SERVER=...      the server binary (default: "server" beside this program)
 *   BENCH_CLIENT_CPU=n    pin every run (all its threads) to CPU n; BENCH_SERVER_CPU=m pins
 *                         the server. Unpinned by default. On small VMs the latency of a
 *                         request is bimodal, depending on whether the scheduler puts client
 *                         and server on the same CPU; pinning makes each regime reproducible.
 *
 * Workloads (full scale):
 *   R  20,000 GET /small (100-byte body) with 64 requests in flight, keep-alive. rinet: each
 *      request is driven from its status callback (send, read, close, open the next), the same
 *      code in both modes; in thread mode the main thread waits on a condition variable, in
 *      driven mode it runs poll() on rinet_session_fd, bounded by rinet_session_timeout_ms, and
 *      rinet_session_process. libcurl: 64 easy handles on one multi handle, re-added when done,
 *      CURLMOPT_SOCKETFUNCTION and CURLMOPT_TIMERFUNCTION feeding one epoll descriptor and
 *      curl_multi_socket_action.
 *   L  20,000 sequential GET /small on one keep-alive connection, p50 and p99 of the time from
 *      opening the request to closing it. rinet: open, HttpSendRequest, InternetReadFile until 0,
 *      close; a call that pends is waited for on a condition variable (thread mode) or by
 *      running the session's loop (driven mode). libcurl: one easy handle added to the multi
 *      handle and run through the epoll loop until done, then removed.
 *
 * Each round runs every side once, back to back. The ratio columns give the ratio of the medians
 * and, in parentheses, the median of the per-round ratios, which is steadier when other work
 * shares the machine. Every run is a fresh child process with a time limit. The program exits 1 if any run failed or
 * hung. Benchmarks are not tests: nothing here asserts a timing.
 */
#define _GNU_SOURCE

#include <wininet.h>

#include <curl/curl.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SMALL_LEN 100
#define MAX_RUNS 64
#define CTX_CONNECT ((DWORD_PTR)1)
#define CTX_REQUEST ((DWORD_PTR)2)
#define RUN_LIMIT_S 150 /* a run that takes longer is killed and reported as a hang */
#define WAIT_LIMIT_S 60 /* longest wait for one completion inside a run */

static struct {
    bool tiny;
    int runs;
    unsigned rate_requests, rate_handles, lat_requests;
    char out_dir[512];
    char server_path[1024];
} cfg;

static int g_port;

/* Pins the calling process to the CPU named by the environment variable `var`, if it is set. */
static void pin_from_env(const char *var)
{
    const char *v = getenv(var);
    if (v == NULL || *v == '\0')
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(atoi(v), &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        fprintf(stderr, "%s=%s: sched_setaffinity: %s\n", var, v, strerror(errno));
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ======================================================================================== */
/* Runs                                                                                      */
/* ======================================================================================== */

enum side { SIDE_DRIVEN, SIDE_THREAD, SIDE_CURL, SIDES };
static const char *side_name[SIDES] = {"rinet driven", "rinet thread", "libcurl msa"};

struct job {
    enum side side;
    unsigned handles; /* R */
    unsigned count;   /* R, L */
};

struct result {
    int ok;
    char error[256];
    double seconds;        /* R: elapsed */
    double p50_us, p99_us; /* L */
    unsigned long turns;   /* driven loop turns or epoll_wait calls */
};

typedef void (*work_fn)(const struct job *, struct result *);

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void set_error(struct result *r, const char *fmt, ...)
{
    if (r->error[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
}

/* Runs fn(job) in a child process with a time limit; a child that hangs is killed. */
static struct result run_child(work_fn fn, const struct job *job)
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
        pin_from_env("BENCH_CLIENT_CPU");
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
    double deadline = now_s() + RUN_LIMIT_S;
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
        if (pr <= 0)
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
        set_error(&r, "HANG: no result within %d s, killed", RUN_LIMIT_S);
    } else if (got < sizeof r) {
        memset(&r, 0, sizeof r);
        if (WIFSIGNALED(status))
            set_error(&r, "CRASH: the run died of signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
        else
            set_error(&r, "the run exited with status %d without a result", WEXITSTATUS(status));
    }
    return r;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void percentiles(double *lat, unsigned n, struct result *r)
{
    qsort(lat, n, sizeof *lat, cmp_double);
    r->p50_us = lat[n / 2] * 1e6;
    r->p99_us = lat[(size_t)((double)n * 0.99)] * 1e6;
}

/* ======================================================================================== */
/* rinet: the session and its loop                                                           */
/* ======================================================================================== */

static struct {
    bool driven;
    HINTERNET session, connect;
    int fd;                 /* driven: the session's descriptor */
    unsigned long turns;    /* driven: loop turns */
    pthread_mutex_t lock;   /* thread mode: guards the fields below, with cond */
    pthread_cond_t cond;
    unsigned completions;   /* L: REQUEST_COMPLETE received */
    DWORD last_error;       /* L: dwError of the last one */
    bool connect_closing;   /* HANDLE_CLOSING of the connect handle */
} rs = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void rs_lock(void)
{
    if (!rs.driven)
        pthread_mutex_lock(&rs.lock);
}

static void rs_unlock_signal(void)
{
    if (!rs.driven) {
        pthread_cond_broadcast(&rs.cond);
        pthread_mutex_unlock(&rs.lock);
    }
}

/* Driven mode: one turn of the application's loop. */
static void rs_turn(void)
{
    uint32_t ms = 0xFFFFFFFFu;
    rinet_session_timeout_ms(rs.session, &ms);
    struct pollfd p = {.fd = rs.fd, .events = POLLIN};
    poll(&p, 1, ms == 0xFFFFFFFFu || ms > 1000 ? 1000 : (int)ms);
    rinet_session_process(rs.session, 0, NULL);
    rs.turns++;
}

/* Waits until done(arg) is true: on the condition variable in thread mode, by running the loop
 * in driven mode. False after WAIT_LIMIT_S. */
static bool rs_wait(bool (*done)(void *), void *arg)
{
    double deadline = now_s() + WAIT_LIMIT_S;
    if (rs.driven) {
        while (!done(arg)) {
            if (now_s() > deadline)
                return false;
            rs_turn();
        }
        return true;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += WAIT_LIMIT_S;
    int rc = 0;
    pthread_mutex_lock(&rs.lock);
    bool ok;
    while (!(ok = done(arg)) && rc == 0)
        rc = pthread_cond_timedwait(&rs.cond, &rs.lock, &ts);
    pthread_mutex_unlock(&rs.lock);
    return ok;
}

static bool rs_open(enum side side, INTERNET_STATUS_CALLBACK cb, struct result *r)
{
    rs.driven = side == SIDE_DRIVEN;
    rs.session = InternetOpen("rinet-bench", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL,
                              rs.driven ? RINET_FLAG_DRIVEN : INTERNET_FLAG_ASYNC);
    if (rs.session == NULL || InternetSetStatusCallback(rs.session, cb) == INTERNET_INVALID_STATUS_CALLBACK) {
        set_error(r, "session set-up failed: %u", (unsigned)GetLastError());
        return false;
    }
    if (rs.driven && rinet_session_fd(rs.session, &rs.fd) != 0) {
        set_error(r, "rinet_session_fd failed");
        return false;
    }
    rs.connect = InternetConnect(rs.session, "127.0.0.1", (INTERNET_PORT)g_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                                 CTX_CONNECT);
    if (rs.connect == NULL) {
        set_error(r, "InternetConnect failed: %u", (unsigned)GetLastError());
        return false;
    }
    return true;
}

static bool connect_closed(void *arg)
{
    (void)arg;
    return rs.connect_closing;
}

/* Closes the connect handle and the session; checks that the connect handle's HANDLE_CLOSING
 * arrives (outside a callback it comes inside InternetCloseHandle, on this thread). */
static void rs_close(struct result *r)
{
    if (rs.connect != NULL) {
        if (!InternetCloseHandle(rs.connect))
            set_error(r, "InternetCloseHandle(connect) failed: %u", (unsigned)GetLastError());
        else if (!rs_wait(connect_closed, NULL))
            set_error(r, "HANG: no HANDLE_CLOSING for the connect handle");
    }
    if (rs.session != NULL)
        InternetCloseHandle(rs.session);
}

static void rs_note_connect(DWORD status)
{
    if (status == INTERNET_STATUS_HANDLE_CLOSING) {
        rs_lock();
        rs.connect_closing = true;
        rs_unlock_signal();
    }
}

/* ======================================================================================== */
/* rinet R: requests driven from the status callback                                        */
/* ======================================================================================== */

struct slot {
    HINTERNET req;
    DWORD got;
    bool reading;
    unsigned body;
    char buf[112];
};

static struct {
    struct slot *slots;
    unsigned total;
    atomic_uint issued, done, failed, first_error;
    atomic_bool finished;
} ps;

static void slot_start(struct slot *sl);

static void slot_next(struct slot *sl)
{
    if (atomic_load(&ps.done) + atomic_load(&ps.failed) >= ps.total) {
        rs_lock();
        atomic_store(&ps.finished, true);
        rs_unlock_signal();
        return;
    }
    if (atomic_fetch_add(&ps.issued, 1) < ps.total)
        slot_start(sl);
}

static void slot_end(struct slot *sl, DWORD err)
{
    if (sl->req != NULL)
        InternetCloseHandle(sl->req);
    sl->req = NULL;
    if (err == 0 && sl->body != SMALL_LEN)
        err = 1;
    if (err != 0) {
        unsigned zero = 0;
        atomic_compare_exchange_strong(&ps.first_error, &zero, (unsigned)err);
        atomic_fetch_add(&ps.failed, 1);
    } else {
        atomic_fetch_add(&ps.done, 1);
    }
    slot_next(sl);
}

static void slot_read(struct slot *sl)
{
    for (;;) {
        sl->got = 0;
        if (!InternetReadFile(sl->req, sl->buf, sizeof sl->buf, &sl->got)) {
            if (GetLastError() != ERROR_IO_PENDING)
                slot_end(sl, GetLastError());
            return;
        }
        if (sl->got == 0) {
            slot_end(sl, 0);
            return;
        }
        sl->body += sl->got;
    }
}

static void slot_start(struct slot *sl)
{
    sl->reading = false;
    sl->body = 0;
    sl->req = HttpOpenRequest(rs.connect, "GET", "/small", NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE,
                              (DWORD_PTR)sl);
    if (sl->req == NULL) {
        slot_end(sl, GetLastError());
        return;
    }
    if (HttpSendRequest(sl->req, NULL, 0, NULL, 0)) {
        sl->reading = true;
        slot_read(sl);
    } else if (GetLastError() != ERROR_IO_PENDING) {
        slot_end(sl, GetLastError());
    }
}

static void CALLBACK slot_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    if (ctx == CTX_CONNECT) {
        rs_note_connect(status);
        return;
    }
    if (status != INTERNET_STATUS_REQUEST_COMPLETE || ctx == 0)
        return;
    struct slot *sl = (struct slot *)ctx;
    if (h != sl->req)
        return;
    const INTERNET_ASYNC_RESULT *res = info;
    if (res == NULL || len != sizeof *res || res->dwError != 0) {
        slot_end(sl, res != NULL && res->dwError != 0 ? res->dwError : ERROR_INVALID_PARAMETER);
        return;
    }
    if (sl->reading) {
        if (sl->got == 0) {
            slot_end(sl, 0);
            return;
        }
        sl->body += sl->got;
    }
    sl->reading = true;
    slot_read(sl);
}

static bool rate_finished(void *arg)
{
    (void)arg;
    return atomic_load(&ps.finished);
}

static void rinet_rate(const struct job *job, struct result *r)
{
    ps.slots = calloc(job->handles, sizeof *ps.slots);
    ps.total = job->count;
    unsigned first = job->handles < job->count ? job->handles : job->count;
    atomic_store(&ps.issued, first);
    if (ps.slots == NULL || !rs_open(job->side, slot_callback, r))
        return;
    double t0 = now_s();
    for (unsigned i = 0; i < first; i++)
        slot_start(&ps.slots[i]);
    bool finished = rs_wait(rate_finished, NULL);
    r->seconds = now_s() - t0;
    r->turns = rs.turns;
    if (!finished) {
        set_error(r, "HANG: %u of %u requests done after %d s without progress", atomic_load(&ps.done), job->count,
                  WAIT_LIMIT_S);
        return; /* leave the wedged session alone; the process exits */
    }
    if (atomic_load(&ps.failed) > 0)
        set_error(r, "%u of %u requests failed (first error %u)", atomic_load(&ps.failed), job->count,
                  atomic_load(&ps.first_error));
    rs_close(r);
    free(ps.slots);
    r->ok = r->error[0] == '\0';
}

/* ======================================================================================== */
/* rinet L: one request at a time                                                            */
/* ======================================================================================== */

static void CALLBACK seq_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    if (ctx == CTX_CONNECT) {
        rs_note_connect(status);
        return;
    }
    if (status != INTERNET_STATUS_REQUEST_COMPLETE)
        return;
    const INTERNET_ASYNC_RESULT *res = info;
    rs_lock();
    rs.completions++;
    rs.last_error = res != NULL && len == sizeof *res ? res->dwError : ERROR_INVALID_PARAMETER;
    rs_unlock_signal();
}

static bool completions_reached(void *arg)
{
    return rs.completions >= *(unsigned *)arg;
}

/* Finishes a call that returned `ret`: when it pended, waits for its REQUEST_COMPLETE. */
static bool seq_finish(struct result *r, const char *what, BOOL ret, unsigned *expected)
{
    if (ret)
        return true;
    if (GetLastError() != ERROR_IO_PENDING) {
        set_error(r, "%s failed: %u", what, (unsigned)GetLastError());
        return false;
    }
    unsigned want = ++*expected;
    if (!rs_wait(completions_reached, &want)) {
        set_error(r, "HANG: %s pended and no REQUEST_COMPLETE came within %d s", what, WAIT_LIMIT_S);
        return false;
    }
    rs_lock();
    DWORD last = rs.last_error;
    unsigned completions = rs.completions;
    rs_unlock_signal();
    if (completions != want || last != 0) {
        set_error(r, "%s: %u REQUEST_COMPLETE for %u pending calls, last error %u", what, completions, want,
                  (unsigned)last);
        return false;
    }
    return true;
}

static void rinet_latency(const struct job *job, struct result *r)
{
    double *lat = malloc(job->count * sizeof *lat);
    if (lat == NULL || !rs_open(job->side, seq_callback, r))
        return;
    unsigned expected = 0;
    char buf[256];
    for (unsigned i = 0; i < job->count; i++) {
        double t0 = now_s();
        HINTERNET q = HttpOpenRequest(rs.connect, "GET", "/small", NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE,
                                      CTX_REQUEST);
        if (q == NULL) {
            set_error(r, "HttpOpenRequest failed: %u", (unsigned)GetLastError());
            break;
        }
        bool ok = seq_finish(r, "HttpSendRequest", HttpSendRequest(q, NULL, 0, NULL, 0), &expected);
        DWORD total = 0;
        while (ok) {
            DWORD got = 0;
            ok = seq_finish(r, "InternetReadFile", InternetReadFile(q, buf, sizeof buf, &got), &expected);
            if (got == 0)
                break;
            total += got;
        }
        InternetCloseHandle(q);
        lat[i] = now_s() - t0;
        if (!ok)
            break;
        if (total != SMALL_LEN) {
            set_error(r, "a body of %u bytes", (unsigned)total);
            break;
        }
    }
    r->turns = rs.turns;
    if (r->error[0] == '\0')
        percentiles(lat, job->count, r);
    rs_close(r);
    free(lat);
    r->ok = r->error[0] == '\0';
}

/* ======================================================================================== */
/* libcurl: multi_socket_action on the application's epoll loop                             */
/* ======================================================================================== */

static struct {
    CURLM *multi;
    int ep;
    double timer_at; /* when curl wants CURL_SOCKET_TIMEOUT; < 0: no timer */
    unsigned long turns;
} ms;

struct curl_io {
    uint64_t received;
};

static size_t curl_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    (void)ptr;
    ((struct curl_io *)userdata)->received += size * nmemb;
    return size * nmemb;
}

/* CURLMOPT_SOCKETFUNCTION: keep the epoll set in step with what curl wants to wait for. */
static int ms_socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
    (void)easy;
    (void)userp;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(ms.ep, EPOLL_CTL_DEL, s, NULL);
        curl_multi_assign(ms.multi, s, NULL);
        return 0;
    }
    struct epoll_event ev = {.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u),
                             .data.fd = s};
    int op = socketp == NULL ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(ms.ep, op, s, &ev) != 0) {
        op = op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        epoll_ctl(ms.ep, op, s, &ev);
    }
    if (socketp == NULL)
        curl_multi_assign(ms.multi, s, &ms);
    return 0;
}

/* CURLMOPT_TIMERFUNCTION: remember the deadline; the loop fires it. */
static int ms_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
    (void)multi;
    (void)userp;
    ms.timer_at = timeout_ms < 0 ? -1.0 : now_s() + (double)timeout_ms / 1000.0;
    return 0;
}

static bool ms_setup(unsigned maxconnects, struct result *r)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ms.multi = curl_multi_init();
    ms.ep = epoll_create1(EPOLL_CLOEXEC);
    ms.timer_at = -1;
    if (ms.multi == NULL || ms.ep < 0) {
        set_error(r, "curl: set-up failed");
        return false;
    }
    curl_multi_setopt(ms.multi, CURLMOPT_SOCKETFUNCTION, ms_socket_cb);
    curl_multi_setopt(ms.multi, CURLMOPT_TIMERFUNCTION, ms_timer_cb);
    curl_multi_setopt(ms.multi, CURLMOPT_MAXCONNECTS, (long)maxconnects);
    return true;
}

static CURL *ms_easy(struct curl_io *io)
{
    CURL *e = curl_easy_init();
    if (e == NULL)
        return NULL;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/small", g_port);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROXY, "");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, curl_write_cb);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, io);
    curl_easy_setopt(e, CURLOPT_PRIVATE, io);
    return e;
}

/* One turn of the loop: wait for the sockets or curl's deadline, then tell curl what happened. */
static void ms_turn(void)
{
    int timeout = 1000;
    if (ms.timer_at >= 0) {
        double left_ms = (ms.timer_at - now_s()) * 1000.0;
        timeout = left_ms <= 0 ? 0 : left_ms < 1000 ? (int)left_ms + 1 : 1000;
    }
    struct epoll_event events[128];
    int n = epoll_wait(ms.ep, events, 128, timeout);
    int running = 0;
    for (int i = 0; i < n; i++) {
        int flags = (events[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
                    (events[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                    (events[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
        curl_multi_socket_action(ms.multi, events[i].data.fd, flags, &running);
    }
    if (ms.timer_at >= 0 && now_s() >= ms.timer_at) {
        ms.timer_at = -1;
        curl_multi_socket_action(ms.multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    ms.turns++;
}

/* A finished transfer's outcome: true when it succeeded with status 200 and the expected body. */
static bool ms_check(CURLMsg *msg, struct result *r)
{
    struct curl_io *io = NULL;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&io);
    long code = 0;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
    if (msg->data.result != CURLE_OK || code != 200 || io->received != SMALL_LEN) {
        set_error(r, "curl: %s, status %ld, body %llu bytes", curl_easy_strerror(msg->data.result), code,
                  (unsigned long long)io->received);
        return false;
    }
    return true;
}

static void curl_rate(const struct job *job, struct result *r)
{
    struct curl_io *ios = calloc(job->handles, sizeof *ios);
    CURL **easy = calloc(job->handles, sizeof *easy);
    if (ios == NULL || easy == NULL || !ms_setup(job->handles, r))
        return;
    unsigned started = 0, done = 0, failed = 0;
    double t0 = now_s();
    for (unsigned i = 0; i < job->handles && started < job->count; i++, started++) {
        easy[i] = ms_easy(&ios[i]);
        if (easy[i] == NULL || curl_multi_add_handle(ms.multi, easy[i]) != CURLM_OK) {
            set_error(r, "curl: cannot add easy handle %u", i);
            return;
        }
    }
    double progress_at = now_s();
    while (done + failed < job->count) {
        ms_turn();
        CURLMsg *msg;
        int queued;
        while ((msg = curl_multi_info_read(ms.multi, &queued)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL *e = msg->easy_handle;
            if (ms_check(msg, r))
                done++;
            else
                failed++;
            progress_at = now_s();
            curl_multi_remove_handle(ms.multi, e);
            if (started < job->count) {
                struct curl_io *io = NULL;
                curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&io);
                io->received = 0;
                curl_multi_add_handle(ms.multi, e);
                started++;
            }
        }
        if (now_s() - progress_at > WAIT_LIMIT_S) {
            set_error(r, "HANG: %u of %u requests done, no progress for %d s", done, job->count, WAIT_LIMIT_S);
            return;
        }
    }
    r->seconds = now_s() - t0;
    r->turns = ms.turns;
    for (unsigned i = 0; i < job->handles; i++) {
        if (easy[i] != NULL) {
            curl_multi_remove_handle(ms.multi, easy[i]);
            curl_easy_cleanup(easy[i]);
        }
    }
    curl_multi_cleanup(ms.multi);
    close(ms.ep);
    free(easy);
    free(ios);
    r->ok = r->error[0] == '\0';
}

static void curl_latency(const struct job *job, struct result *r)
{
    double *lat = malloc(job->count * sizeof *lat);
    struct curl_io io = {0};
    if (lat == NULL || !ms_setup(1, r))
        return;
    CURL *e = ms_easy(&io);
    for (unsigned i = 0; i < job->count && r->error[0] == '\0'; i++) {
        io.received = 0;
        double t0 = now_s();
        curl_multi_add_handle(ms.multi, e);
        bool finished = false;
        while (!finished) {
            ms_turn();
            CURLMsg *msg;
            int queued;
            while ((msg = curl_multi_info_read(ms.multi, &queued)) != NULL) {
                if (msg->msg == CURLMSG_DONE) {
                    ms_check(msg, r);
                    finished = true;
                }
            }
            if (now_s() - t0 > WAIT_LIMIT_S) {
                set_error(r, "HANG: request %u not done after %d s", i, WAIT_LIMIT_S);
                return;
            }
        }
        curl_multi_remove_handle(ms.multi, e);
        lat[i] = now_s() - t0;
    }
    r->turns = ms.turns;
    if (r->error[0] == '\0')
        percentiles(lat, job->count, r);
    curl_easy_cleanup(e);
    curl_multi_cleanup(ms.multi);
    close(ms.ep);
    free(lat);
    r->ok = r->error[0] == '\0';
}

/* ======================================================================================== */
/* Statistics and the table                                                                  */
/* ======================================================================================== */

struct series {
    double v[MAX_RUNS];      /* the successful runs' values */
    double by_run[MAX_RUNS]; /* value of run i, or -1 when it failed */
    int n, failed, runs;
    char error[256];
};

static bool any_failure;

static void series_add(struct series *s, const struct result *r, double value)
{
    if (s->runs < MAX_RUNS)
        s->by_run[s->runs++] = r->ok ? value : -1;
    if (r->ok && s->n < MAX_RUNS) {
        s->v[s->n++] = value;
    } else if (!r->ok) {
        s->failed++;
        any_failure = true;
        if (s->error[0] == '\0')
            snprintf(s->error, sizeof s->error, "%s", r->error[0] ? r->error : "failed");
    }
}

struct summary {
    int n, failed;
    double med, min, max;
};

static struct summary series_stat(const struct series *s)
{
    struct summary st = {.n = s->n, .failed = s->failed};
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

static void fmt_stat(char *out, size_t cap, const struct summary *st, const char *fmt)
{
    if (st->n == 0) {
        snprintf(out, cap, "FAILED");
        return;
    }
    char a[32], b[32], c[32];
    snprintf(a, sizeof a, fmt, st->med);
    snprintf(b, sizeof b, fmt, st->min);
    snprintf(c, sizeof c, fmt, st->max);
    snprintf(out, cap, "%s [%s..%s]%s", a, b, c, st->failed ? " +FAILURES" : "");
}

/* The ratio of the medians, then in parentheses the median of the per-round ratios (each round
 * runs every side once, back to back, so a round's ratio shares that moment's machine load). */
static void fmt_ratio(char *out, size_t cap, const struct series *sa, const struct series *sb)
{
    struct summary a = series_stat(sa), b = series_stat(sb);
    struct series rounds;
    memset(&rounds, 0, sizeof rounds);
    for (int i = 0; i < sa->runs && i < sb->runs; i++) {
        if (sa->by_run[i] > 0 && sb->by_run[i] > 0)
            rounds.v[rounds.n++] = sa->by_run[i] / sb->by_run[i];
    }
    struct summary q = series_stat(&rounds);
    if (a.n > 0 && b.n > 0 && b.med > 0 && q.n > 0)
        snprintf(out, cap, "%.2f (%.2f)", a.med / b.med, q.med);
    else
        snprintf(out, cap, "-");
}

static FILE *md;

/* One row: driven, thread, libcurl, then driven/thread and driven/libcurl. */
static void row(const char *name, const char *unit, const char *fmt, struct series s[SIDES])
{
    struct summary st[SIDES];
    char cell[SIDES][160], q1[32], q2[32];
    for (int i = 0; i < SIDES; i++) {
        st[i] = series_stat(&s[i]);
        fmt_stat(cell[i], sizeof cell[i], &st[i], fmt);
    }
    fmt_ratio(q1, sizeof q1, &s[SIDE_DRIVEN], &s[SIDE_THREAD]);
    fmt_ratio(q2, sizeof q2, &s[SIDE_DRIVEN], &s[SIDE_CURL]);
    printf("%-26s %-6s %-28s %-28s %-28s %-12s %s\n", name, unit, cell[SIDE_DRIVEN], cell[SIDE_THREAD], cell[SIDE_CURL],
           q1, q2);
    if (md != NULL)
        fprintf(md, "| %s | %s | %s | %s | %s | %s | %s |\n", name, unit, cell[SIDE_DRIVEN], cell[SIDE_THREAD],
                cell[SIDE_CURL], q1, q2);
    for (int i = 0; i < SIDES; i++)
        if (s[i].error[0])
            printf("    %s failure: %s\n", side_name[i], s[i].error);
}

static void progress(const char *what, enum side side, int run, const struct result *r, const char *detail)
{
    fprintf(stderr, "  %-8s %-13s run %d: %s%s\n", what, side_name[side], run + 1, r->ok ? "" : "FAILED ",
            r->ok ? detail : r->error);
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
    cfg.rate_requests = cfg.tiny ? 200 : 20000;
    cfg.lat_requests = cfg.tiny ? 200 : 20000;
    cfg.rate_handles = 64;
    snprintf(cfg.out_dir, sizeof cfg.out_dir, "%s", getenv("BENCH_OUT") ? getenv("BENCH_OUT") : "target/bench");
    mkdir(cfg.out_dir, 0755);
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

    /* Start the server and learn its port. */
    int pfd[2];
    if (pipe(pfd) != 0)
        return 1;
    pid_t server = fork();
    if (server == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        pin_from_env("BENCH_SERVER_CPU");
        execl(cfg.server_path, cfg.server_path, (char *)NULL);
        perror(cfg.server_path);
        _exit(127);
    }
    close(pfd[1]);
    char line[64] = {0};
    FILE *sp = fdopen(pfd[0], "r");
    if (sp == NULL || fgets(line, sizeof line, sp) == NULL || sscanf(line, "PORT %d", &g_port) != 1) {
        fprintf(stderr, "the server (%s) did not start\n", cfg.server_path);
        return 1;
    }
    printf("rinet driven-mode benchmarks: scale %s, %d runs per workload and side; server pid %d port %d; libcurl %s; "
           "client CPU %s, server CPU %s\n",
           cfg.tiny ? "tiny" : "full", cfg.runs, (int)server, g_port, curl_version_info(CURLVERSION_NOW)->version,
           getenv("BENCH_CLIENT_CPU") ? getenv("BENCH_CLIENT_CPU") : "any",
           getenv("BENCH_SERVER_CPU") ? getenv("BENCH_SERVER_CPU") : "any");

    struct series R[SIDES], P50[SIDES], P99[SIDES];
    memset(R, 0, sizeof R);
    memset(P50, 0, sizeof P50);
    memset(P99, 0, sizeof P99);
    work_fn rate_fn[SIDES] = {rinet_rate, rinet_rate, curl_rate};
    work_fn lat_fn[SIDES] = {rinet_latency, rinet_latency, curl_latency};

    fprintf(stderr, "R: request rate\n");
    for (int run = 0; run < cfg.runs; run++) {
        for (int s = 0; s < SIDES; s++) {
            struct job job = {.side = (enum side)s, .handles = cfg.rate_handles, .count = cfg.rate_requests};
            struct result r = run_child(rate_fn[s], &job);
            double rps = r.ok && r.seconds > 0 ? cfg.rate_requests / r.seconds : 0;
            series_add(&R[s], &r, rps);
            char detail[96];
            snprintf(detail, sizeof detail, "%.0f req/s (%lu loop turns)", rps, r.turns);
            progress("rate", (enum side)s, run, &r, detail);
        }
    }
    fprintf(stderr, "L: latency\n");
    for (int run = 0; run < cfg.runs; run++) {
        for (int s = 0; s < SIDES; s++) {
            struct job job = {.side = (enum side)s, .count = cfg.lat_requests};
            struct result r = run_child(lat_fn[s], &job);
            series_add(&P50[s], &r, r.p50_us);
            series_add(&P99[s], &r, r.p99_us);
            char detail[96];
            snprintf(detail, sizeof detail, "p50 %.1f us p99 %.1f us (%lu loop turns)", r.p50_us, r.p99_us, r.turns);
            progress("latency", (enum side)s, run, &r, detail);
        }
    }

    char path[700];
    snprintf(path, sizeof path, "%s/driven.md", cfg.out_dir);
    md = fopen(path, "w");
    printf("\n%-26s %-6s %-28s %-28s %-28s %-12s %s\n", "workload", "unit", "rinet driven median [min..max]",
           "rinet thread median [min..max]", "libcurl msa median [min..max]", "drv/thr", "drv/curl");
    if (md != NULL) {
        fprintf(md, "| workload | unit | rinet driven median [min..max] | rinet thread median [min..max] | "
                    "libcurl multi_socket_action median [min..max] | driven/thread (per-round) | "
                    "driven/libcurl (per-round) |\n");
        fprintf(md, "| --- | --- | --- | --- | --- | --- | --- |\n");
    }
    char name[64];
    snprintf(name, sizeof name, "R %u GETs, %u in flight", cfg.rate_requests, cfg.rate_handles);
    row(name, "req/s", "%.0f", R);
    snprintf(name, sizeof name, "L %u sequential, p50", cfg.lat_requests);
    row(name, "us", "%.1f", P50);
    snprintf(name, sizeof name, "L %u sequential, p99", cfg.lat_requests);
    row(name, "us", "%.1f", P99);
    if (md != NULL)
        fclose(md);

    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    printf("\n%s\n", any_failure ? "SOME RUNS FAILED (see above)" : "all runs completed without error");
    return any_failure ? 1 : 0;
}
