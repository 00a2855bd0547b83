/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * irf_no_wait.c -- reading a response with InternetReadFileEx and IRF_NO_WAIT: take whatever is
 * already buffered, and wait for INTERNET_STATUS_REQUEST_COMPLETE only when nothing is.
 *
 *     irf_no_wait <host> <port>
 *
 * It downloads four bodies in an asynchronous session: one with a Content-Length
 * (/bytes/<n>), two chunked (/chunked/<n>/<k>; the one in 1-byte chunks arrives slowly enough
 * that the reader usually catches up with the server and has to wait) and one that ends when the
 * server closes the connection (/close/<n>), and checks each byte for byte against the server's
 * pattern (byte i is 'a' + i % 26). It exits 0 only when all four match and IRF_NO_WAIT behaved
 * as below.
 *
 * The rules of IRF_NO_WAIT the reader relies on:
 *   - TRUE with dwBufferLength > 0: that many bytes were buffered and are now in the buffer; at
 *     most the size asked for, possibly fewer. The reader consumes them and asks again at once.
 *   - TRUE with dwBufferLength == 0: the end of the body.
 *   - FALSE with ERROR_IO_PENDING: nothing is buffered yet. The REQUEST_COMPLETE that follows only
 *     says that data arrived: the buffer and dwBufferLength are left untouched (the program
 *     checks both), and the reader calls InternetReadFileEx again to get the bytes.
 * A Win32 event (from rinet's Win32 porting headers, -I include/win32) carries REQUEST_COMPLETE
 * from the status callback to the reading thread.
 */
#include <windows.h>
#include <wininet.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTX_CONNECT ((DWORD_PTR)1)
#define CTX_REQUEST ((DWORD_PTR)2)
#define READ_SIZE 65536
#define SENTINEL 0xA5
#define WAIT_MS 60000

static HANDLE hCompleteEvent; /* REQUEST_COMPLETE for the request */
static HANDLE hClosedEvent;   /* HANDLE_CLOSING for the request or the connect handle */
static INTERNET_ASYNC_RESULT LastResult;

static void CALLBACK Callback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                              LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    (void)hInternet;
    (void)dwStatusInformationLength;
    if (dwInternetStatus == INTERNET_STATUS_REQUEST_COMPLETE && dwContext == CTX_REQUEST) {
        LastResult = *(INTERNET_ASYNC_RESULT *)lpvStatusInformation;
        SetEvent(hCompleteEvent);
    } else if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING) {
        SetEvent(hClosedEvent);
    }
}

/* Waits for the REQUEST_COMPLETE of a call that pended; false if it failed or did not come. */
static bool WaitComplete(const char *what)
{
    if (WaitForSingleObject(hCompleteEvent, WAIT_MS) != WAIT_OBJECT_0) {
        printf("FAILED %s: no REQUEST_COMPLETE within %d ms\n", what, WAIT_MS);
        return false;
    }
    if (LastResult.dwResult == 0) {
        printf("FAILED %s: completed with error %u\n", what, (unsigned)LastResult.dwError);
        return false;
    }
    return true;
}

static bool AllSentinel(const unsigned char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] != SENTINEL)
            return false;
    }
    return true;
}

/* GETs `path` and reads its body with IRF_NO_WAIT, checking it against the pattern. */
static bool Fetch(HINTERNET hConnect, const char *path, uint64_t expected)
{
    static unsigned char buf[READ_SIZE];
    bool ok = false;
    HINTERNET hRequest = HttpOpenRequest(hConnect, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, CTX_REQUEST);
    if (hRequest == NULL) {
        printf("FAILED %s: HttpOpenRequest error %u\n", path, (unsigned)GetLastError());
        return false;
    }
    if (!HttpSendRequest(hRequest, NULL, 0, NULL, 0)) {
        if (GetLastError() != ERROR_IO_PENDING) {
            printf("FAILED %s: HttpSendRequest error %u\n", path, (unsigned)GetLastError());
            goto done;
        }
        if (!WaitComplete("HttpSendRequest"))
            goto done;
    }

    uint64_t total = 0;
    unsigned at_once = 0, empty_waits = 0;
    for (;;) {
        INTERNET_BUFFERS ib;
        memset(&ib, 0, sizeof ib);
        ib.dwStructSize = sizeof ib;
        ib.lpvBuffer = buf;
        ib.dwBufferLength = sizeof buf;
        memset(buf, SENTINEL, sizeof buf);
        if (InternetReadFileEx(hRequest, &ib, IRF_NO_WAIT, CTX_REQUEST)) {
            if (ib.dwBufferLength == 0)
                break; /* the end of the body */
            if (ib.dwBufferLength > sizeof buf) {
                printf("FAILED %s: IRF_NO_WAIT returned %u bytes for a %zu-byte buffer\n", path,
                       (unsigned)ib.dwBufferLength, sizeof buf);
                goto done;
            }
            for (DWORD i = 0; i < ib.dwBufferLength; i++) {
                if (buf[i] != (unsigned char)('a' + (total + i) % 26)) {
                    printf("FAILED %s: byte %llu differs from the pattern\n", path,
                           (unsigned long long)(total + i));
                    goto done;
                }
            }
            total += ib.dwBufferLength;
            at_once++;
            continue;
        }
        if (GetLastError() != ERROR_IO_PENDING) {
            printf("FAILED %s: InternetReadFileEx error %u after %llu bytes\n", path, (unsigned)GetLastError(),
                   (unsigned long long)total);
            goto done;
        }
        /* Nothing was buffered: wait until data arrives, then ask again. */
        empty_waits++;
        if (!WaitComplete("InternetReadFileEx(IRF_NO_WAIT)"))
            goto done;
        if (ib.dwBufferLength != sizeof buf || !AllSentinel(buf, sizeof buf)) {
            printf("FAILED %s: the completion of an IRF_NO_WAIT read changed its buffer or dwBufferLength (%u)\n",
                   path, (unsigned)ib.dwBufferLength);
            goto done;
        }
    }
    if (total != expected) {
        printf("FAILED %s: %llu bytes, expected %llu\n", path, (unsigned long long)total,
               (unsigned long long)expected);
        goto done;
    }
    printf("ok %s: %llu bytes, byte for byte; %u reads returned buffered data, %u waited for data\n", path,
           (unsigned long long)total, at_once, empty_waits);
    ok = true;
done:
    if (InternetCloseHandle(hRequest) && WaitForSingleObject(hClosedEvent, WAIT_MS) != WAIT_OBJECT_0) {
        printf("FAILED %s: no HANDLE_CLOSING for the request\n", path);
        ok = false;
    }
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[2]) <= 0 || atoi(argv[2]) > 65535) {
        printf("usage: %s <host> <port>\n", argc > 0 ? argv[0] : "irf_no_wait");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    hCompleteEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    hClosedEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    if (hCompleteEvent == NULL || hClosedEvent == NULL)
        return 1;
    int status = 1;
    HINTERNET hConnect = NULL;
    HINTERNET hSession = InternetOpen("rinet irf_no_wait", INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (hSession == NULL || InternetSetStatusCallback(hSession, Callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        printf("FAILED: session set-up, error %u\n", (unsigned)GetLastError());
        goto done;
    }
    hConnect = InternetConnect(hSession, argv[1], (INTERNET_PORT)atoi(argv[2]), NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               CTX_CONNECT);
    if (hConnect == NULL) {
        printf("FAILED: InternetConnect error %u\n", (unsigned)GetLastError());
        goto done;
    }
    bool ok = Fetch(hConnect, "/bytes/3000000", 3000000);
    ok &= Fetch(hConnect, "/chunked/2000000/1500", 2000000);
    ok &= Fetch(hConnect, "/chunked/300000/1", 300000);
    ok &= Fetch(hConnect, "/close/500000", 500000);
    if (ok)
        status = 0;
done:
    if (hConnect != NULL && InternetCloseHandle(hConnect) && WaitForSingleObject(hClosedEvent, WAIT_MS) != WAIT_OBJECT_0) {
        printf("FAILED: no HANDLE_CLOSING for the connect handle\n");
        status = 1;
    }
    if (hSession != NULL)
        InternetCloseHandle(hSession);
    CloseHandle(hCompleteEvent);
    CloseHandle(hClosedEvent);
    printf("%s\n", status == 0 ? "OK" : "FAILED");
    return status;
}
