/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * trace_overhead.c -- what tracing costs when it is off.
 *
 *     trace_overhead [runs] [requests]        (normally run by `make bench-trace`)
 *
 * rinet always contains its tracing code; with tracing off each trace point is one relaxed
 * atomic load and a branch. This program measures requests per second of sequential GET /small
 * (100-byte body) on one keep-alive connection in a blocking session -- the workload where a
 * per-request cost shows most -- against the benchmark server (benches/server.c), in three
 * configurations:
 *
 *   unset     RINET_TRACE not in the environment
 *   0         RINET_TRACE=0
 *   callback  rinet_set_trace(3, callback): every notification, state change and head line is
 *             formatted and handed to a callback that only counts them (the cost of tracing on,
 *             for scale)
 *
 * Every run is a fresh process (RINET_TRACE is read once per process), the configurations
 * alternate run by run so that drift in the machine affects each alike, and the first 1,000
 * requests of a run are a warm-up. For each configuration it prints requests per second (wall
 * clock) and the client process's CPU time per request (user + system, all its threads, from
 * getrusage), median and range. CPU time per request is the steadier figure on a shared
 * machine, and it is what a trace point costs. Last, the difference per request between
 * "unset" and "0" beside the spread of "unset" itself.
 *
 * Environment: BENCH_SERVER, the server binary (default: "server" beside this program).
 * Benchmarks are not tests: nothing here asserts a timing.
 */
#define _GNU_SOURCE

#include <wininet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 1000
#define MAX_RUNS 64

static const char *const CONFIGS[] = {"unset", "0", "callback"};
#define NCONFIGS 3

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static unsigned long trace_lines;

static void count_line(uint32_t level, const char *line, void *user)
{
    (void)level;
    (void)line;
    (void)user;
    __atomic_add_fetch(&trace_lines, 1, __ATOMIC_RELAXED);
}

/* One GET /small on `connect`, body read to the end. Returns 0 on success. */
static int get_small(HINTERNET connect)
{
    HINTERNET req = HttpOpenRequest(connect, "GET", "/small", NULL, NULL, NULL, INTERNET_FLAG_KEEP_CONNECTION, 0);
    if (req == NULL)
        return -1;
    int rc = -1;
    if (HttpSendRequest(req, NULL, 0, NULL, 0)) {
        char buf[512];
        DWORD got = 0, total = 0;
        while (InternetReadFile(req, buf, sizeof buf, &got) && got > 0)
            total += got;
        if (got == 0 && total == 100)
            rc = 0;
    }
    InternetCloseHandle(req);
    return rc;
}

/* The child: `requests` timed GETs; prints "RATE <requests per second>". */
static int child(const char *config, int port, int requests)
{
    if (strcmp(config, "callback") == 0)
        rinet_set_trace(3, count_line, NULL);
    HINTERNET session = InternetOpen("trace-overhead", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET connect = InternetConnect(session, "127.0.0.1", (INTERNET_PORT)port, NULL, NULL,
                                        INTERNET_SERVICE_HTTP, 0, 0);
    if (session == NULL || connect == NULL) {
        fprintf(stderr, "open: %s\n", rinet_strerror(GetLastError()));
        return 1;
    }
    for (int i = 0; i < WARMUP; i++) {
        if (get_small(connect) != 0) {
            fprintf(stderr, "warm-up request failed: %s\n", rinet_strerror(GetLastError()));
            return 1;
        }
    }
    double start = now_seconds(), cpu_start = cpu_seconds();
    for (int i = 0; i < requests; i++) {
        if (get_small(connect) != 0) {
            fprintf(stderr, "request %d failed: %s\n", i, rinet_strerror(GetLastError()));
            return 1;
        }
    }
    double seconds = now_seconds() - start, cpu = cpu_seconds() - cpu_start;
    InternetCloseHandle(session);
    printf("RATE %.1f CPU %.1f LINES %lu\n", requests / seconds, cpu * 1e9 / requests, trace_lines);
    return 0;
}

/* Runs this program as a child in `config`; returns its requests per second (and, in `*cpu`,
 * the process's CPU time per request in ns), or -1. */
static double run_child(const char *self, const char *config, int port, int requests, double *cpu,
                        unsigned long *lines)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        if (strcmp(config, "0") == 0)
            setenv("RINET_TRACE", "0", 1);
        else
            unsetenv("RINET_TRACE");
        char port_text[16], requests_text[16];
        snprintf(port_text, sizeof port_text, "%d", port);
        snprintf(requests_text, sizeof requests_text, "%d", requests);
        execl(self, self, "--child", config, port_text, requests_text, (char *)NULL);
        _exit(127);
    }
    close(pfd[1]);
    FILE *f = fdopen(pfd[0], "r");
    double rate = -1;
    if (f == NULL || fscanf(f, "RATE %lf CPU %lf LINES %lu", &rate, cpu, lines) != 3)
        rate = -1;
    if (f != NULL)
        fclose(f);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? rate : -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    double s[MAX_RUNS];
    memcpy(s, v, sizeof(double) * (size_t)n);
    qsort(s, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "--child") == 0)
        return child(argv[2], atoi(argv[3]), atoi(argv[4]));

    int runs = argc > 1 ? atoi(argv[1]) : 7;
    int requests = argc > 2 ? atoi(argv[2]) : 20000;
    if (runs < 1 || runs > MAX_RUNS || requests < 1) {
        fprintf(stderr, "usage: %s [runs 1..%d] [requests]\n", argv[0], MAX_RUNS);
        return 2;
    }

    char self[1024];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 1;
    self[n] = '\0';
    char server[1100];
    if (getenv("BENCH_SERVER") != NULL) {
        snprintf(server, sizeof server, "%s", getenv("BENCH_SERVER"));
    } else {
        char *slash = strrchr(self, '/');
        snprintf(server, sizeof server, "%.*sserver", (int)(slash - self + 1), self);
    }

    /* Start the benchmark server (one thread: one connection is all this uses). */
    int pfd[2];
    if (pipe(pfd) != 0)
        return 1;
    pid_t server_pid = fork();
    if (server_pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        execl(server, server, "-t", "1", (char *)NULL);
        perror(server);
        _exit(127);
    }
    close(pfd[1]);
    int port = 0;
    char line[64] = {0};
    FILE *sp = fdopen(pfd[0], "r");
    if (sp == NULL || fgets(line, sizeof line, sp) == NULL || sscanf(line, "PORT %d", &port) != 1) {
        fprintf(stderr, "the server (%s) did not start\n", server);
        kill(server_pid, SIGTERM);
        return 1;
    }

    printf("tracing overhead: %d runs x %d sequential GET /small (100-byte body), blocking session, "
           "one keep-alive connection\n",
           runs, requests);
    double rate[NCONFIGS][MAX_RUNS], cpu[NCONFIGS][MAX_RUNS];
    unsigned long lines[NCONFIGS] = {0};
    int failed = 0;
    for (int r = 0; r < runs; r++) {
        for (int c = 0; c < NCONFIGS; c++) {
            rate[c][r] = run_child(self, CONFIGS[c], port, requests, &cpu[c][r], &lines[c]);
            if (rate[c][r] < 0) {
                fprintf(stderr, "run %d of %s failed\n", r + 1, CONFIGS[c]);
                failed = 1;
            }
        }
    }
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
    if (failed)
        return 1;

    printf("\n| RINET_TRACE | requests/s, median [min..max] | CPU ns/request, median [min..max] |\n");
    printf("| --- | ---: | ---: |\n");
    double med_rate[NCONFIGS], med_cpu[NCONFIGS], lo_cpu[NCONFIGS], hi_cpu[NCONFIGS];
    for (int c = 0; c < NCONFIGS; c++) {
        double lo = rate[c][0], hi = rate[c][0];
        lo_cpu[c] = hi_cpu[c] = cpu[c][0];
        for (int r = 1; r < runs; r++) {
            lo = rate[c][r] < lo ? rate[c][r] : lo;
            hi = rate[c][r] > hi ? rate[c][r] : hi;
            lo_cpu[c] = cpu[c][r] < lo_cpu[c] ? cpu[c][r] : lo_cpu[c];
            hi_cpu[c] = cpu[c][r] > hi_cpu[c] ? cpu[c][r] : hi_cpu[c];
        }
        med_rate[c] = median(rate[c], runs);
        med_cpu[c] = median(cpu[c], runs);
        const char *label = c == 0 ? "unset" : c == 1 ? "0" : "3, into a counting callback";
        printf("| %s | %.0f [%.0f..%.0f] | %.0f [%.0f..%.0f] |\n", label, med_rate[c], lo, hi, med_cpu[c],
               lo_cpu[c], hi_cpu[c]);
    }
    printf("\nRINET_TRACE=0 vs unset: %+.0f ns of CPU per request, median to median (%+.1f%%); \"unset\" "
           "alone spans %.0f ns between its runs. Tracing on (level 3, %lu lines per run): %+.0f ns per "
           "request.\n",
           med_cpu[1] - med_cpu[0], 100.0 * (med_cpu[1] - med_cpu[0]) / med_cpu[0], hi_cpu[0] - lo_cpu[0],
           lines[2], med_cpu[2] - med_cpu[0]);
    return 0;
}
