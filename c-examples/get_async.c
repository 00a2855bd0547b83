/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * get_async.c -- an asynchronous GET whose body is read from inside the status callback,
 * written against <wininet.h> only.
 *
 *     get_async <host> <port> [path]
 *
 * The path defaults to /chunked/100000/1000. The server must send its pattern body (byte i is
 * 'a' + i % 26), as rinet's test server does for /bytes/<n>, /chunked/<n>/<k> and /close/<n>;
 * the expected length is the first number in the path.
 *
 * The pattern it shows: the callback reacts to INTERNET_STATUS_REQUEST_COMPLETE by calling
 * InternetReadFile in a loop for as long as it completes at once (TRUE with bytes). When a read
 * returns FALSE with ERROR_IO_PENDING the callback returns; the next REQUEST_COMPLETE says that
 * read has finished (its buffer and byte count are filled) and the loop goes on. TRUE with 0
 * bytes is the end of the body. A read that completes at once is reported by its return value
 * only: it never causes a nested callback, so the loop cannot recurse.
 *
 * Exits non-zero if the body differs from the pattern or a notification is out of order.
 */
#define _POSIX_C_SOURCE 200809L

#include <wininet.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CTX_CONNECT ((DWORD_PTR)1)
#define CTX_REQUEST ((DWORD_PTR)2)
#define READ_SIZE 4096
#define PRINT_FIRST 3
#define WAIT_SECONDS 60

/* State shared by main and the callback. The body fields are only touched by whoever is
 * driving the reads: the callback while the request runs, main once `done` is set. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    HINTERNET request;
    char buf[READ_SIZE]; /* buffer of the read in progress; rinet's while that read is pending */
    DWORD got;           /* byte count of that read, written at completion when it pends */
    bool reading;        /* a read is pending */
    bool sent;           /* HttpSendRequest has completed */
    unsigned char *body;
    size_t len, cap;
    unsigned sync_reads, pended_reads;
    bool done;           /* end of body, or an error */
    DWORD error;
    bool closing[3];     /* HANDLE_CLOSING seen, by context */
    unsigned count[400];
    unsigned violations;
} st = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, {0}, 0, false, false, NULL, 0, 0, 0, 0, false, 0,
        {false, false, false}, {0}, 0};

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
    case INTERNET_STATUS_REQUEST_COMPLETE: return "REQUEST_COMPLETE";
    case INTERNET_STATUS_INTERMEDIATE_RESPONSE: return "INTERMEDIATE_RESPONSE";
    default: return "(other)";
    }
}

static void finish(DWORD error)
{
    pthread_mutex_lock(&st.lock);
    st.done = true;
    st.error = error;
    pthread_cond_broadcast(&st.cond);
    pthread_mutex_unlock(&st.lock);
}

static bool append(const char *p, size_t n)
{
    if (st.len + n > st.cap) {
        size_t cap = st.cap ? st.cap * 2 : 65536;
        while (cap < st.len + n)
            cap *= 2;
        unsigned char *grown = (unsigned char *)realloc(st.body, cap);
        if (grown == NULL)
            return false;
        st.body = grown;
        st.cap = cap;
    }
    memcpy(st.body + st.len, p, n);
    st.len += n;
    return true;
}

/* Reads while data is available at once; returns when a read pends or the body ends. */
static void drive_reads(void)
{
    for (;;) {
        st.reading = true; /* before the call: its completion may be delivered on another thread */
        BOOL ok = InternetReadFile(st.request, st.buf, sizeof st.buf, &st.got);
        DWORD err = GetLastError();
        if (!ok) {
            if (err == ERROR_IO_PENDING) {
                st.pended_reads++;
                return; /* the next REQUEST_COMPLETE continues */
            }
            st.reading = false;
            finish(err);
            return;
        }
        st.reading = false;
        st.sync_reads++;
        if (st.got == 0) {
            finish(0);
            return;
        }
        if (!append(st.buf, st.got)) {
            finish(ERROR_NOT_ENOUGH_MEMORY);
            return;
        }
    }
}

static void CALLBACK status_callback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                                     LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    pthread_mutex_lock(&st.lock);
    unsigned seen = dwInternetStatus < 400 ? ++st.count[dwInternetStatus] : 0;
    if (dwContext < 3 && st.closing[dwContext]) {
        printf("  ERROR: %s after HANDLE_CLOSING\n", status_name(dwInternetStatus));
        st.violations++;
    }
    if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING && dwContext < 3) {
        st.closing[dwContext] = true;
        pthread_cond_broadcast(&st.cond);
    }
    bool done = st.done;
    pthread_mutex_unlock(&st.lock);

    if (seen <= PRINT_FIRST || dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING) {
        printf("  [%s %p] %s%s\n", dwContext == CTX_CONNECT ? "connect" : "request", hInternet,
               status_name(dwInternetStatus),
               seen == PRINT_FIRST && dwInternetStatus != INTERNET_STATUS_HANDLE_CLOSING ? "  (further ones counted)" : "");
    }

    if (dwInternetStatus != INTERNET_STATUS_REQUEST_COMPLETE || dwContext != CTX_REQUEST)
        return;
    const INTERNET_ASYNC_RESULT *res = (const INTERNET_ASYNC_RESULT *)lpvStatusInformation;
    if (done) {
        printf("  ERROR: REQUEST_COMPLETE after the end of the body\n");
        pthread_mutex_lock(&st.lock);
        st.violations++;
        pthread_mutex_unlock(&st.lock);
        return;
    }
    if (res == NULL || dwStatusInformationLength != sizeof(INTERNET_ASYNC_RESULT) || res->dwResult == 0) {
        finish(res != NULL && res->dwError != 0 ? res->dwError : ERROR_INVALID_PARAMETER);
        return;
    }
    if (!st.sent) {
        st.sent = true; /* the first completion is HttpSendRequest's */
    } else if (!st.reading) {
        printf("  ERROR: REQUEST_COMPLETE while no call is pending\n");
        pthread_mutex_lock(&st.lock);
        st.violations++;
        pthread_mutex_unlock(&st.lock);
        return;
    }
    if (st.reading) {
        /* The pending read has finished: its bytes are in st.buf, its count in st.got. */
        st.reading = false;
        if (st.got == 0) {
            finish(0);
            return;
        }
        if (!append(st.buf, st.got)) {
            finish(ERROR_NOT_ENOUGH_MEMORY);
            return;
        }
    }
    drive_reads();
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for the end of the body (closing < 0) or for a handle's HANDLE_CLOSING. */
static bool wait_for(int closing)
{
    double deadline = now_seconds() + WAIT_SECONDS;
    bool ok = true;
    pthread_mutex_lock(&st.lock);
    while (closing < 0 ? !st.done : !st.closing[closing]) {
        if (now_seconds() > deadline) {
            ok = false;
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        pthread_cond_timedwait(&st.cond, &st.lock, &ts);
    }
    pthread_mutex_unlock(&st.lock);
    return ok;
}

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : getenv("RINET_TEST_HOST");
    const char *port_text = argc > 2 ? argv[2] : getenv("RINET_TEST_PORT");
    const char *path = argc > 3 ? argv[3] : "/chunked/100000/1000";
    if (host == NULL || port_text == NULL || atoi(port_text) <= 0 || atoi(port_text) > 65535) {
        fprintf(stderr, "usage: %s <host> <port> [path]\n", argv[0]);
        return 2;
    }
    const char *digits = strpbrk(path, "0123456789");
    size_t expected = digits != NULL ? (size_t)strtoul(digits, NULL, 10) : 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("GET http://%s:%s%s, reading from the callback\n", host, port_text, path);

    int status = 1;
    HINTERNET hSession = NULL, hConnect = NULL;
    hSession = InternetOpen("rinet get_async", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (hSession == NULL || InternetSetStatusCallback(hSession, status_callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        fprintf(stderr, "session set-up failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    hConnect = InternetConnect(hSession, host, (INTERNET_PORT)atoi(port_text), NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               CTX_CONNECT);
    if (hConnect == NULL) {
        fprintf(stderr, "InternetConnect failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    /* Store the handle before sending: the callback reads through it. */
    st.request = HttpOpenRequest(hConnect, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, CTX_REQUEST);
    if (st.request == NULL) {
        fprintf(stderr, "HttpOpenRequest failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    if (HttpSendRequest(st.request, NULL, 0, NULL, 0)) {
        st.sent = true;
        drive_reads(); /* completed at once: no REQUEST_COMPLETE will come, start reading here */
    } else if (GetLastError() != ERROR_IO_PENDING) {
        fprintf(stderr, "HttpSendRequest failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    if (!wait_for(-1)) {
        fprintf(stderr, "the body did not arrive within %d s\n", WAIT_SECONDS);
        goto done;
    }
    if (st.error != 0) {
        fprintf(stderr, "the request failed: error %u\n", (unsigned)st.error);
        goto done;
    }

    DWORD code = 0, len = sizeof code;
    HttpQueryInfo(st.request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL);
    printf("status %u, %zu bytes; %u reads completed at once, %u pended\n", (unsigned)code, st.len, st.sync_reads,
           st.pended_reads);
    size_t bad = st.len;
    for (size_t i = 0; i < st.len; i++) {
        if (st.body[i] != (unsigned char)('a' + i % 26)) {
            bad = i;
            break;
        }
    }
    if (code != HTTP_STATUS_OK)
        fprintf(stderr, "status %u, expected 200\n", (unsigned)code);
    else if (st.len != expected)
        fprintf(stderr, "body length %zu, expected %zu\n", st.len, expected);
    else if (bad != st.len)
        fprintf(stderr, "body byte %zu differs from the pattern\n", bad);
    else
        status = 0;

done:
    /* Close the handles and wait for their HANDLE_CLOSING: after it, no callback touches st. */
    if (st.request != NULL && InternetCloseHandle(st.request) && !wait_for((int)CTX_REQUEST)) {
        fprintf(stderr, "no HANDLE_CLOSING for the request\n");
        status = 1;
    }
    if (hConnect != NULL && InternetCloseHandle(hConnect) && !wait_for((int)CTX_CONNECT)) {
        fprintf(stderr, "no HANDLE_CLOSING for the connect handle\n");
        status = 1;
    }
    if (hSession != NULL)
        InternetCloseHandle(hSession);
    pthread_mutex_lock(&st.lock);
    printf("notifications:");
    for (unsigned s = 0; s < 400; s++) {
        if (st.count[s])
            printf(" %s=%u", status_name(s), st.count[s]);
    }
    printf("\n");
    if (st.violations) {
        fprintf(stderr, "%u notification order violations\n", st.violations);
        status = 1;
    }
    pthread_mutex_unlock(&st.lock);
    free(st.body);
    printf("%s\n", status == 0 ? "OK" : "FAILED");
    return status;
}
