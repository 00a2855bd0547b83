/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * kb164983_threads.c -- the recommendation of Microsoft's KB164983: instead of one asynchronous
 * session, run a synchronous WinInet session on each of several worker threads.
 *
 *     kb164983_threads <host> <port>
 *
 * Eight worker threads each open their own session without INTERNET_FLAG_ASYNC and download
 * three URLs with InternetOpenUrl and InternetReadFile: a body with a Content-Length
 * (/bytes/<n>), a chunked one (/chunked/<n>/<k>) and one that ends when the server closes the
 * connection (/close/<n>), with sizes that differ per thread. Each body is checked byte for byte
 * against the server's pattern (byte i is 'a' + i % 26). The program exits 0 only when all 24
 * downloads are complete and correct.
 *
 * What it shows:
 *   - in a synchronous session every call blocks until it is done and never returns
 *     ERROR_IO_PENDING, so no status callback and no event are needed: a plain loop reads until
 *     InternetReadFile returns TRUE with 0 bytes;
 *   - sessions are independent: each thread owns its session, and its handles are used by that
 *     thread only. GetLastError is per thread, as on Windows;
 *   - InternetOpenUrl returns the request handle once the response head has arrived; closing it
 *     also closes the connect handle rinet created for it.
 * POSIX threads stand in for the MFC worker threads of the KB article.
 */
#define _POSIX_C_SOURCE 200809L

#include <wininet.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKERS 8
#define URLS_PER_WORKER 3

typedef struct {
    int index;
    const char *host;
    int port;
    int passed;               /* downloads that matched */
    char message[URLS_PER_WORKER][200];
} WORKER;

/* Downloads one URL in the worker's session and checks it. Returns true when it matched. */
static bool Download(HINTERNET hSession, const char *url, unsigned long expected, char *message, size_t size)
{
    HINTERNET hUrl = InternetOpenUrl(hSession, url, NULL, 0, INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE, 0);
    if (hUrl == NULL) {
        snprintf(message, size, "FAILED %s: InternetOpenUrl error %u", url, (unsigned)GetLastError());
        return false;
    }
    bool ok = false;
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfo(hUrl, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL) ||
        code != HTTP_STATUS_OK) {
        snprintf(message, size, "FAILED %s: status %u", url, (unsigned)code);
        goto done;
    }

    char buf[8192];
    unsigned long total = 0;
    for (;;) {
        DWORD got = 0;
        if (!InternetReadFile(hUrl, buf, sizeof buf, &got)) {
            /* A synchronous session never answers ERROR_IO_PENDING. */
            snprintf(message, size, "FAILED %s: InternetReadFile error %u after %lu bytes", url,
                     (unsigned)GetLastError(), total);
            goto done;
        }
        if (got == 0)
            break;
        for (DWORD i = 0; i < got; i++) {
            if (buf[i] != (char)('a' + (total + i) % 26)) {
                snprintf(message, size, "FAILED %s: byte %lu differs from the pattern", url, total + i);
                goto done;
            }
        }
        total += got;
    }
    if (total != expected) {
        snprintf(message, size, "FAILED %s: %lu bytes, expected %lu", url, total, expected);
        goto done;
    }
    snprintf(message, size, "ok %s: %lu bytes, byte for byte", url, total);
    ok = true;
done:
    if (!InternetCloseHandle(hUrl) && ok) {
        snprintf(message, size, "FAILED %s: InternetCloseHandle error %u", url, (unsigned)GetLastError());
        ok = false;
    }
    return ok;
}

/* A worker thread: its own synchronous session, three downloads. */
static void *WorkerThread(void *arg)
{
    WORKER *w = (WORKER *)arg;
    char agent[64];
    snprintf(agent, sizeof agent, "kb164983 worker %d", w->index);
    HINTERNET hSession = InternetOpen(agent, INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, 0);
    if (hSession == NULL) {
        snprintf(w->message[0], sizeof w->message[0], "FAILED worker %d: InternetOpen error %u", w->index,
                 (unsigned)GetLastError());
        return NULL;
    }
    unsigned long sizes[URLS_PER_WORKER] = {
        100000UL + 37UL * (unsigned long)w->index,
        150000UL + 1001UL * (unsigned long)w->index,
        20000UL + 3UL * (unsigned long)w->index,
    };
    char urls[URLS_PER_WORKER][128];
    snprintf(urls[0], sizeof urls[0], "http://%s:%d/bytes/%lu", w->host, w->port, sizes[0]);
    snprintf(urls[1], sizeof urls[1], "http://%s:%d/chunked/%lu/%d", w->host, w->port, sizes[1], 999 + w->index);
    snprintf(urls[2], sizeof urls[2], "http://%s:%d/close/%lu", w->host, w->port, sizes[2]);
    for (int i = 0; i < URLS_PER_WORKER; i++) {
        if (Download(hSession, urls[i], sizes[i], w->message[i], sizeof w->message[i]))
            w->passed++;
    }
    InternetCloseHandle(hSession);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[2]) <= 0 || atoi(argv[2]) > 65535) {
        printf("usage: %s <host> <port>\n", argc > 0 ? argv[0] : "kb164983_threads");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    WORKER workers[WORKERS];
    pthread_t threads[WORKERS];
    bool started[WORKERS];
    memset(workers, 0, sizeof workers);
    for (int i = 0; i < WORKERS; i++) {
        workers[i].index = i;
        workers[i].host = argv[1];
        workers[i].port = atoi(argv[2]);
        started[i] = pthread_create(&threads[i], NULL, WorkerThread, &workers[i]) == 0;
        if (!started[i])
            printf("FAILED: could not start worker %d\n", i);
    }
    int passed = 0;
    for (int i = 0; i < WORKERS; i++) {
        if (!started[i])
            continue;
        pthread_join(threads[i], NULL);
        for (int j = 0; j < URLS_PER_WORKER; j++) {
            if (workers[i].message[j][0] != '\0')
                printf("%s (worker %d)\n", workers[i].message[j], i);
        }
        passed += workers[i].passed;
    }
    printf("%d of %d downloads matched\n", passed, WORKERS * URLS_PER_WORKER);
    bool ok = passed == WORKERS * URLS_PER_WORKER;
    printf("%s\n", ok ? "OK" : "FAILED");
    return ok ? 0 : 1;
}
