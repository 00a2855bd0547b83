/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * post_large_async.c -- upload a large body asynchronously with HttpSendRequestEx,
 * InternetWriteFile and HttpEndRequest (the Microsoft KB242019 "SendRequestExAsync" scenario),
 * written against <wininet.h> only.
 *
 *     post_large_async <host> <port> [MiB] [path]
 *
 * The size defaults to 256 MiB; the third argument or the environment variable RINET_POST_MIB
 * changes it. The path defaults to /upload. The server must answer the POST with "<length>
 * <fnv1a64 as 16 hex digits>" of the body it received (rinet's test server does, on /upload, and
 * on /paced/<KiB/s>, where it reads the body no faster than that rate: a reader slower than the
 * writer, so that InternetWriteFile has to pend once the socket buffers are full).
 *
 * What it shows:
 *   - an asynchronous session (INTERNET_FLAG_ASYNC) with a status callback, and non-zero contexts
 *     on the connect and request handles (a context of 0 would mean no callbacks);
 *   - every call that returns FALSE with GetLastError() == ERROR_IO_PENDING is waited for: the
 *     callback signals an event on INTERNET_STATUS_REQUEST_COMPLETE (a pthread mutex and
 *     condition variable stand in for a Win32 event). The data buffer and the "bytes written"
 *     variable of a pending InternetWriteFile must stay untouched until then;
 *   - InternetWriteFile usually completes at once (TRUE); it pends only when the socket cannot
 *     take more bytes, as KB242019 explains;
 *   - HANDLE_CLOSING is the last notification of a handle: the program waits for it before it
 *     frees what the callback uses.
 *
 * It exits non-zero if a notification arrives out of order (a REQUEST_COMPLETE that no pending
 * call is waiting for, one that reports an error, anything after HANDLE_CLOSING), if the status is
 * not 200, or if the server's reply differs from the length and hash of what was sent.
 */
#define _POSIX_C_SOURCE 200809L

#include <wininet.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CTX_CONNECT ((DWORD_PTR)1)
#define CTX_REQUEST ((DWORD_PTR)2)
#define PIECE (64 * 1024)            /* bytes per InternetWriteFile */
#define WAIT_SECONDS 120             /* longest wait for one completion before giving up */
#define PRINT_FIRST 3                /* notifications of one kind printed before only counting */

/* ---- state shared with the callback (it runs on rinet's thread) ---- */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    unsigned completions;     /* REQUEST_COMPLETE notifications received */
    unsigned expected;        /* completions the program has waited for or is waiting for */
    DWORD last_error;         /* dwError of the last REQUEST_COMPLETE */
    bool closing[3];          /* HANDLE_CLOSING received, indexed by context (1, 2) */
    unsigned count[400];      /* notifications received, by status code */
    unsigned violations;      /* contract violations seen by the callback */
} ev = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, {false, false, false}, {0}, 0};

static const char *status_name(DWORD status)
{
    switch (status) {
    case INTERNET_STATUS_RESOLVING_NAME: return "RESOLVING_NAME";
    case INTERNET_STATUS_NAME_RESOLVED: return "NAME_RESOLVED";
    case INTERNET_STATUS_CONNECTING_TO_SERVER: return "CONNECTING_TO_SERVER";
    case INTERNET_STATUS_CONNECTED_TO_SERVER: return "CONNECTED_TO_SERVER";
    case INTERNET_STATUS_SENDING_REQUEST: return "SENDING_REQUEST";
    case INTERNET_STATUS_REQUEST_SENT: return "REQUEST_SENT";
    case INTERNET_STATUS_RECEIVING_RESPONSE: return "RECEIVING_RESPONSE";
    case INTERNET_STATUS_RESPONSE_RECEIVED: return "RESPONSE_RECEIVED";
    case INTERNET_STATUS_CLOSING_CONNECTION: return "CLOSING_CONNECTION";
    case INTERNET_STATUS_CONNECTION_CLOSED: return "CONNECTION_CLOSED";
    case INTERNET_STATUS_HANDLE_CREATED: return "HANDLE_CREATED";
    case INTERNET_STATUS_HANDLE_CLOSING: return "HANDLE_CLOSING";
    case INTERNET_STATUS_DETECTING_PROXY: return "DETECTING_PROXY";
    case INTERNET_STATUS_REQUEST_COMPLETE: return "REQUEST_COMPLETE";
    case INTERNET_STATUS_REDIRECT: return "REDIRECT";
    case INTERNET_STATUS_INTERMEDIATE_RESPONSE: return "INTERMEDIATE_RESPONSE";
    case INTERNET_STATUS_STATE_CHANGE: return "STATE_CHANGE";
    default: return "(other)";
    }
}

static void CALLBACK status_callback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                                     LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    pthread_mutex_lock(&ev.lock);
    unsigned seen = dwInternetStatus < 400 ? ++ev.count[dwInternetStatus] : 0;
    const char *who = dwContext == CTX_CONNECT ? "connect" : dwContext == CTX_REQUEST ? "request" : "?";

    if (dwContext < 3 && ev.closing[dwContext]) {
        printf("  ERROR: %s after HANDLE_CLOSING of the %s handle\n", status_name(dwInternetStatus), who);
        ev.violations++;
    }
    if (seen <= PRINT_FIRST || dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING) {
        printf("  [%s %p] %s", who, hInternet, status_name(dwInternetStatus));
        if (dwInternetStatus == INTERNET_STATUS_REQUEST_SENT || dwInternetStatus == INTERNET_STATUS_RESPONSE_RECEIVED) {
            if (lpvStatusInformation != NULL && dwStatusInformationLength == sizeof(DWORD))
                printf(" (%u bytes)", (unsigned)*(DWORD *)lpvStatusInformation);
        } else if (dwInternetStatus == INTERNET_STATUS_CONNECTING_TO_SERVER ||
                   dwInternetStatus == INTERNET_STATUS_CONNECTED_TO_SERVER) {
            if (lpvStatusInformation != NULL)
                printf(" (%.*s)", (int)dwStatusInformationLength, (const char *)lpvStatusInformation);
        }
        if (seen == PRINT_FIRST && dwInternetStatus != INTERNET_STATUS_HANDLE_CLOSING)
            printf("  (further ones counted, not printed)");
        printf("\n");
    }

    switch (dwInternetStatus) {
    case INTERNET_STATUS_REQUEST_COMPLETE: {
        const INTERNET_ASYNC_RESULT *res = (const INTERNET_ASYNC_RESULT *)lpvStatusInformation;
        ev.completions++;
        if (res == NULL || dwStatusInformationLength != sizeof(INTERNET_ASYNC_RESULT)) {
            printf("  ERROR: REQUEST_COMPLETE without an INTERNET_ASYNC_RESULT\n");
            ev.violations++;
            ev.last_error = ERROR_INVALID_PARAMETER;
        } else {
            ev.last_error = res->dwError;
            if (res->dwError != 0)
                printf("  ERROR: REQUEST_COMPLETE reports error %u\n", (unsigned)res->dwError);
        }
        /* Whether a pending call was waiting for it is checked in main (finish_call), since the
         * call may not have returned yet. */
        pthread_cond_broadcast(&ev.cond);
        break;
    }
    case INTERNET_STATUS_HANDLE_CLOSING:
        if (dwContext < 3)
            ev.closing[dwContext] = true;
        pthread_cond_broadcast(&ev.cond);
        break;
    default:
        break;
    }
    pthread_mutex_unlock(&ev.lock);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits (like WaitForSingleObject) until `completions` reaches `want` or, with closing >= 0,
 * until that handle's HANDLE_CLOSING arrived. Returns false on timeout. */
static bool wait_event(unsigned want, int closing)
{
    double deadline = now_seconds() + WAIT_SECONDS;
    bool ok = true;
    pthread_mutex_lock(&ev.lock);
    while (closing >= 0 ? !ev.closing[closing] : ev.completions < want) {
        if (now_seconds() > deadline) {
            ok = false;
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&ev.cond, &ev.lock, &ts);
    }
    pthread_mutex_unlock(&ev.lock);
    return ok;
}

/* Finishes a call that returned `ret`: when it pended, waits for its REQUEST_COMPLETE. Checks
 * that a call that succeeded at once sent no completion. Returns true on success. */
static bool finish_call(const char *what, BOOL ret, unsigned *pended)
{
    DWORD err = GetLastError();
    if (!ret && err != ERROR_IO_PENDING) {
        fprintf(stderr, "%s failed: error %u\n", what, (unsigned)err);
        return false;
    }
    bool first_pend = false;
    pthread_mutex_lock(&ev.lock);
    if (!ret) {
        ev.expected++;
        if (pended)
            first_pend = ++*pended == 1;
    }
    unsigned want = ev.expected;
    pthread_mutex_unlock(&ev.lock);
    if (first_pend)
        printf("  %s returned ERROR_IO_PENDING: the socket is full, the call completes with "
               "REQUEST_COMPLETE  (further ones counted, not printed)\n", what);
    if (!ret && !wait_event(want, -1)) {
        fprintf(stderr, "%s: no REQUEST_COMPLETE within %d s\n", what, WAIT_SECONDS);
        return false;
    }
    pthread_mutex_lock(&ev.lock);
    bool ok = true;
    if (ev.completions != ev.expected) {
        fprintf(stderr, "%s: %u REQUEST_COMPLETE received for %u pending calls\n", what, ev.completions, ev.expected);
        ok = false;
    } else if (!ret && ev.last_error != 0) {
        fprintf(stderr, "%s completed with error %u\n", what, (unsigned)ev.last_error);
        ok = false;
    }
    pthread_mutex_unlock(&ev.lock);
    return ok;
}

static uint64_t fnv1a64(uint64_t hash, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hash ^= p[i];
        hash *= 0x00000100000001b3ULL;
    }
    return hash;
}

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : getenv("RINET_TEST_HOST");
    const char *port_text = argc > 2 ? argv[2] : getenv("RINET_TEST_PORT");
    const char *mib_text = argc > 3 ? argv[3] : getenv("RINET_POST_MIB");
    const char *path = argc > 4 ? argv[4] : "/upload";
    if (host == NULL || port_text == NULL || atoi(port_text) <= 0 || atoi(port_text) > 65535) {
        fprintf(stderr, "usage: %s <host> <port> [MiB] [path]\n", argv[0]);
        return 2;
    }
    long mib = mib_text != NULL ? atol(mib_text) : 256;
    if (mib <= 0 || mib > 4095) {
        fprintf(stderr, "the size must be 1 to 4095 MiB\n");
        return 2;
    }
    const DWORD total = (DWORD)mib * 1024u * 1024u;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("POST %lu MiB to http://%s:%s%s in %d-byte writes\n", (unsigned long)mib, host, port_text, path, PIECE);

    int status = 1;
    HINTERNET hSession = NULL, hConnect = NULL, hRequest = NULL;
    unsigned char *piece = (unsigned char *)malloc(PIECE);
    if (piece == NULL)
        return 1;

    hSession = InternetOpen("rinet post_large_async", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (hSession == NULL) {
        fprintf(stderr, "InternetOpen failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    if (InternetSetStatusCallback(hSession, status_callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        fprintf(stderr, "InternetSetStatusCallback failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    hConnect = InternetConnect(hSession, host, (INTERNET_PORT)atoi(port_text), NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               CTX_CONNECT);
    if (hConnect == NULL) {
        fprintf(stderr, "InternetConnect failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    hRequest = HttpOpenRequest(hConnect, "POST", path, NULL, NULL, NULL, INTERNET_FLAG_NO_CACHE_WRITE,
                               CTX_REQUEST);
    if (hRequest == NULL) {
        fprintf(stderr, "HttpOpenRequest failed: %u\n", (unsigned)GetLastError());
        goto done;
    }

    /* Start the request: dwBufferTotal becomes the Content-Length. The structure must stay
     * valid until the call completes; it lives in this frame, which waits for that. */
    INTERNET_BUFFERS buffers;
    memset(&buffers, 0, sizeof buffers);
    buffers.dwStructSize = sizeof buffers;
    buffers.dwBufferTotal = total;
    double start = now_seconds();
    if (!finish_call("HttpSendRequestEx", HttpSendRequestEx(hRequest, &buffers, NULL, 0, CTX_REQUEST), NULL))
        goto done;

    /* Write the body: the server's pattern, byte i = 'a' + i % 26, generated on the fly. */
    uint64_t hash = 0xcbf29ce484222325ULL;
    unsigned writes = 0, pended = 0;
    for (DWORD sent = 0; sent < total;) {
        DWORD n = total - sent < PIECE ? total - sent : PIECE;
        for (DWORD i = 0; i < n; i++)
            piece[i] = (unsigned char)('a' + (sent + i) % 26);
        hash = fnv1a64(hash, piece, n);
        DWORD written = 0;
        writes++;
        /* If this pends, `piece` and `written` belong to rinet until REQUEST_COMPLETE. */
        if (!finish_call("InternetWriteFile", InternetWriteFile(hRequest, piece, n, &written), &pended))
            goto done;
        if (written != n) {
            fprintf(stderr, "InternetWriteFile wrote %u of %u bytes\n", (unsigned)written, (unsigned)n);
            goto done;
        }
        sent += n;
    }

    if (!finish_call("HttpEndRequest", HttpEndRequest(hRequest, NULL, 0, 0), NULL))
        goto done;
    double elapsed = now_seconds() - start;
    printf("upload: %lu bytes in %.3f s = %.1f MB/s\n", (unsigned long)total, elapsed,
           elapsed > 0 ? (double)total / elapsed / 1e6 : 0.0);
    printf("writes: %u of %d bytes, %u returned ERROR_IO_PENDING\n", writes, PIECE, pended);

    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL)) {
        fprintf(stderr, "HttpQueryInfo failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    printf("status: %u\n", (unsigned)code);

    /* Read the reply until InternetReadFile returns TRUE with 0 bytes. */
    char reply[256];
    DWORD have = 0;
    for (;;) {
        DWORD got = 0;
        if (have >= sizeof reply - 1) {
            fprintf(stderr, "reply too long\n");
            goto done;
        }
        if (!finish_call("InternetReadFile", InternetReadFile(hRequest, reply + have, (DWORD)sizeof reply - 1 - have, &got),
                         NULL))
            goto done;
        if (got == 0)
            break;
        have += got;
    }
    reply[have] = '\0';

    char expected[64];
    snprintf(expected, sizeof expected, "%lu %016" PRIx64, (unsigned long)total, hash);
    printf("reply:    \"%s\"\nexpected: \"%s\"\n", reply, expected);
    if (code == HTTP_STATUS_OK && strcmp(reply, expected) == 0)
        status = 0;
    else
        fprintf(stderr, "the server's reply does not match what was sent\n");

done:
    /* Close the request and the connect handle, then wait for both HANDLE_CLOSING before
     * freeing anything the callback could still touch. */
    if (hRequest != NULL && InternetCloseHandle(hRequest) && !wait_event(0, (int)CTX_REQUEST)) {
        fprintf(stderr, "no HANDLE_CLOSING for the request\n");
        status = 1;
    }
    if (hConnect != NULL && InternetCloseHandle(hConnect) && !wait_event(0, (int)CTX_CONNECT)) {
        fprintf(stderr, "no HANDLE_CLOSING for the connect handle\n");
        status = 1;
    }
    if (hSession != NULL)
        InternetCloseHandle(hSession);

    pthread_mutex_lock(&ev.lock);
    printf("notifications:");
    for (unsigned s = 0; s < 400; s++) {
        if (ev.count[s])
            printf(" %s=%u", status_name(s), ev.count[s]);
    }
    printf("\n");
    if (ev.completions != ev.expected) {
        fprintf(stderr, "%u REQUEST_COMPLETE received for %u pending calls\n", ev.completions, ev.expected);
        status = 1;
    }
    if (ev.violations) {
        fprintf(stderr, "%u notification order violations\n", ev.violations);
        status = 1;
    }
    pthread_mutex_unlock(&ev.lock);
    free(piece);
    printf("%s\n", status == 0 ? "OK" : "FAILED");
    return status;
}
