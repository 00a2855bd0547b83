/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * kb242019.c -- Microsoft's KB242019 sample "SendRequestExAsync", ported to rinet: a large POST
 * sent asynchronously with HttpSendRequestEx, InternetWriteFile and HttpEndRequest, and the
 * response read with InternetReadFileEx.
 *
 *     kb242019 <host> <port> [kilobytes [path]]
 *
 * It posts `kilobytes` KiB (default 2048) to `path` (default /upload) in 1 KiB InternetWriteFile
 * calls, as the sample does. The server answers "<length> <fnv1a64 of the body as 16 hex
 * digits>" (rinet's test server does, for /upload and for /slowread/<ms>, which reads the body
 * slowly so that writes have to wait and return ERROR_IO_PENDING). The program computes the same
 * text from what it sent and compares the reply byte for byte. It exits 0 only when the reply
 * matches and every call completed as the sample expects.
 *
 * The sample's shape is kept; only the Windows plumbing changes:
 *   - Win32 events are the CreateEvent/SetEvent/WaitForSingleObject of rinet's Win32 porting
 *     headers (-I include/win32). The callback sets hRequestCompleteEvent on
 *     INTERNET_STATUS_REQUEST_COMPLETE;
 *     main waits on it after every call that returned FALSE with ERROR_IO_PENDING, and only
 *     then. A call that returns TRUE sends no REQUEST_COMPLETE.
 *   - Handles are learnt from INTERNET_STATUS_HANDLE_CREATED, whose INTERNET_ASYNC_RESULT carries
 *     the new handle in dwResult, as the sample reads it. (rinet's InternetConnect and
 *     HttpOpenRequest never pend, but the sample's wait for them is kept.)
 *   - InternetWriteFile "tends to return immediately" (KB242019): it returns TRUE when the socket
 *     takes the bytes at once. When it cannot, it returns FALSE with ERROR_IO_PENDING and
 *     REQUEST_COMPLETE follows; lpOutBuf and dwBytesWritten must stay untouched until then.
 *   - InternetReadFileEx completes when the buffer is full or the body ends; dwBufferLength is
 *     written at completion, so the INTERNET_BUFFERS stays alive until the wait returns. A length
 *     of 0 is the end of the body.
 *   - The sample never closes its handles. This port closes them and waits for
 *     INTERNET_STATUS_HANDLE_CLOSING, the last notification of a handle, before it exits.
 *   - Waits are bounded (WAIT_MS) instead of INFINITE, so a lost notification fails the program
 *     instead of hanging it.
 */
#include <windows.h>
#include <wininet.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTX_CONNECT ((DWORD_PTR)1)
#define CTX_REQUEST ((DWORD_PTR)2)
#define WAIT_MS 60000

static DWORD dwNumKSent;
static DWORD dwNumKToSend;
static char lpOutBuf[1024];
static HANDLE hConnectedEvent, hRequestCompleteEvent, hClosedEvent;
static HINTERNET hInstance, hConnect, hRequest;
static const char *lpszServer;
static const char *lpszUrl;
static INTERNET_PORT nPort;

/* Written by the callback, read by main after a wait (the events order the accesses). */
static DWORD dwCompleteResult, dwCompleteError;
static DWORD dwCompletions;      /* REQUEST_COMPLETE notifications for the request */
static uint64_t qwBytesSentInWrites; /* REQUEST_SENT byte counts while the body is written */
static bool bWriting;            /* main is in its InternetWriteFile loop */
static int nClosed;              /* HANDLE_CLOSING notifications */
static unsigned nViolations;     /* notifications the sample would not expect */

static void CALLBACK Callback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                              LPVOID lpStatusInfo, DWORD dwStatusInfoLen)
{
    (void)hInternet;
    switch (dwContext) {
    case CTX_CONNECT: /* connect handle */
        if (dwInternetStatus == INTERNET_STATUS_HANDLE_CREATED) {
            INTERNET_ASYNC_RESULT *pRes = (INTERNET_ASYNC_RESULT *)lpStatusInfo;
            hConnect = (HINTERNET)pRes->dwResult;
            printf("Connect handle created\n");
            SetEvent(hConnectedEvent);
        } else if (dwInternetStatus == INTERNET_STATUS_HANDLE_CLOSING) {
            printf("Connect handle closing\n");
            nClosed++;
            SetEvent(hClosedEvent);
        }
        break;
    case CTX_REQUEST: /* request handle */
        switch (dwInternetStatus) {
        case INTERNET_STATUS_HANDLE_CREATED: {
            INTERNET_ASYNC_RESULT *pRes = (INTERNET_ASYNC_RESULT *)lpStatusInfo;
            hRequest = (HINTERNET)pRes->dwResult;
            printf("Request handle created\n");
            break;
        }
        case INTERNET_STATUS_REQUEST_SENT: {
            DWORD *lpBytesSent = (DWORD *)lpStatusInfo;
            if (dwStatusInfoLen != sizeof(DWORD)) {
                printf("ERROR: REQUEST_SENT payload of %u bytes\n", (unsigned)dwStatusInfoLen);
                nViolations++;
            } else if (bWriting) {
                qwBytesSentInWrites += *lpBytesSent;
            } else {
                printf("Bytes Sent: %u\n", (unsigned)*lpBytesSent);
            }
            break;
        }
        case INTERNET_STATUS_REQUEST_COMPLETE: {
            INTERNET_ASYNC_RESULT *pAsyncRes = (INTERNET_ASYNC_RESULT *)lpStatusInfo;
            if (!bWriting) {
                printf("Function call finished\n");
                printf("dwResult: %ju\n", (uintmax_t)pAsyncRes->dwResult);
                printf("dwError:  %u\n", (unsigned)pAsyncRes->dwError);
            }
            dwCompleteResult = (DWORD)pAsyncRes->dwResult;
            dwCompleteError = pAsyncRes->dwError;
            dwCompletions++;
            SetEvent(hRequestCompleteEvent);
            break;
        }
        case INTERNET_STATUS_RECEIVING_RESPONSE:
            printf("Receiving Response\n");
            break;
        case INTERNET_STATUS_RESPONSE_RECEIVED: {
            DWORD *dwBytesReceived = (DWORD *)lpStatusInfo;
            printf("Received %u\n", (unsigned)*dwBytesReceived);
            break;
        }
        case INTERNET_STATUS_HANDLE_CLOSING:
            printf("Request handle closing\n");
            nClosed++;
            SetEvent(hClosedEvent);
            break;
        default:
            break;
        }
        break;
    default:
        printf("ERROR: notification %u with context %ju\n", (unsigned)dwInternetStatus, (uintmax_t)dwContext);
        nViolations++;
        break;
    }
}

/* Waits for the REQUEST_COMPLETE of a call that pended; false (with a message) if it did not
 * come or reports a failure. */
static bool WaitForCompletion(const char *what)
{
    if (WaitForSingleObject(hRequestCompleteEvent, WAIT_MS) != WAIT_OBJECT_0) {
        printf("ERROR: %s: no REQUEST_COMPLETE within %d ms\n", what, WAIT_MS);
        return false;
    }
    if (dwCompleteResult == 0) {
        printf("ERROR: %s completed with error %u\n", what, (unsigned)dwCompleteError);
        return false;
    }
    return true;
}

/* Fills lpOutBuf with the bytes of kilobyte k of the body (the sample sends 'A's; varying bytes
 * make the server's hash check the order of the pieces too). */
static void FillKilobyte(DWORD k)
{
    for (DWORD i = 0; i < sizeof lpOutBuf; i++)
        lpOutBuf[i] = (char)('A' + (k * 7 + i) % 26);
}

static uint64_t Fnv1a64(uint64_t hash, const void *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len; i++) {
        hash ^= p[i];
        hash *= 0x00000100000001b3ULL;
    }
    return hash;
}

int main(int argc, char *argv[])
{
    if (argc < 3 || atoi(argv[2]) <= 0 || atoi(argv[2]) > 65535) {
        printf("Usage: kb242019 <server> <port> [size in kilobytes [path]]\n");
        printf("   Example: kb242019 127.0.0.1 8080 256 /upload\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    lpszServer = argv[1];
    nPort = (INTERNET_PORT)atoi(argv[2]);
    dwNumKToSend = argc > 3 ? (DWORD)strtoul(argv[3], NULL, 10) : 2048;
    lpszUrl = argc > 4 ? argv[4] : "/upload";
    int status = 1;
    unsigned nPendedWrites = 0;
    unsigned nPended = 0; /* calls that returned FALSE with ERROR_IO_PENDING */
    uint64_t qwHash = 0xcbf29ce484222325ULL;
    char szExpected[64], szReply[256];
    size_t cbReply = 0;

    hConnectedEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    hRequestCompleteEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    hClosedEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    if (hConnectedEvent == NULL || hRequestCompleteEvent == NULL || hClosedEvent == NULL) {
        printf("CreateEvent failed\n");
        return 1;
    }

    hInstance = InternetOpen("sendreqexasync", INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (hInstance == NULL) {
        printf("InternetOpen failed, error %u\n", (unsigned)GetLastError());
        goto cleanup;
    }

    if (InternetSetStatusCallback(hInstance, (INTERNET_STATUS_CALLBACK)&Callback) == INTERNET_INVALID_STATUS_CALLBACK) {
        printf("InternetSetStatusCallback failed, error %u\n", (unsigned)GetLastError());
        goto cleanup;
    }

    hConnect = InternetConnect(hInstance, lpszServer, nPort, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONNECT);
    if (hConnect == NULL) {
        if (GetLastError() != ERROR_IO_PENDING) {
            printf("InternetConnect failed, error %u\n", (unsigned)GetLastError());
            goto cleanup;
        }
        if (WaitForSingleObject(hConnectedEvent, WAIT_MS) != WAIT_OBJECT_0)
            goto cleanup;
    }

    hRequest = HttpOpenRequest(hConnect, "POST", lpszUrl, NULL, NULL, NULL,
                               INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE, CTX_REQUEST);
    if (hRequest == NULL) {
        if (GetLastError() != ERROR_IO_PENDING) {
            printf("HttpOpenRequest failed, error %u\n", (unsigned)GetLastError());
            goto cleanup;
        }
        if (!WaitForCompletion("HttpOpenRequest"))
            goto cleanup;
    }

    INTERNET_BUFFERS IntBuff;
    memset(&IntBuff, 0, sizeof IntBuff);
    IntBuff.dwStructSize = sizeof(IntBuff);
    IntBuff.dwBufferTotal = 1024 * dwNumKToSend;
    IntBuff.lpcszHeader = "Content-Type: text/text\r\n";
    IntBuff.dwHeadersLength = (DWORD)strlen(IntBuff.lpcszHeader);

    if (!HttpSendRequestEx(hRequest, &IntBuff, NULL, 0, CTX_REQUEST)) {
        if (GetLastError() != ERROR_IO_PENDING) {
            printf("HttpSendRequestEx failed, error %u\n", (unsigned)GetLastError());
            goto cleanup;
        }
        printf("HttpSendRequestEx called successfully\n");
        nPended++;
        if (!WaitForCompletion("HttpSendRequestEx"))
            goto cleanup;
    }

    bWriting = true;
    for (dwNumKSent = 0; dwNumKSent < dwNumKToSend; dwNumKSent++) {
        DWORD dwBytesWritten;
        FillKilobyte(dwNumKSent);
        qwHash = Fnv1a64(qwHash, lpOutBuf, sizeof lpOutBuf);
        if (!InternetWriteFile(hRequest, lpOutBuf, 1024, &dwBytesWritten)) {
            if (GetLastError() == ERROR_IO_PENDING) {
                nPendedWrites++;
                nPended++;
                if (nPendedWrites <= 3)
                    printf("Waiting for InternetWriteFile to complete\n");
                /* lpOutBuf and dwBytesWritten belong to rinet until REQUEST_COMPLETE. */
                if (!WaitForCompletion("InternetWriteFile"))
                    goto cleanup;
            } else {
                printf("InternetWriteFile failed, error %u\n", (unsigned)GetLastError());
                goto cleanup;
            }
        }
        if (dwBytesWritten != 1024) {
            printf("ERROR: InternetWriteFile wrote %u bytes, not 1024\n", (unsigned)dwBytesWritten);
            goto cleanup;
        }
    }
    bWriting = false;
    printf("InternetWriteFile: %u KiB written, %u writes completed at once, %u pended\n", (unsigned)dwNumKSent,
           (unsigned)(dwNumKSent - nPendedWrites), nPendedWrites);
    if (qwBytesSentInWrites != (uint64_t)1024 * dwNumKToSend) {
        printf("ERROR: REQUEST_SENT reported %" PRIu64 " body bytes, expected %" PRIu64 "\n", qwBytesSentInWrites,
               (uint64_t)1024 * dwNumKToSend);
        nViolations++;
    }

    printf("Calling HttpEndRequest\n");
    if (!HttpEndRequest(hRequest, NULL, HSR_INITIATE, CTX_REQUEST)) {
        if (GetLastError() == ERROR_IO_PENDING) {
            printf("HttpEndRequest called\n");
            nPended++;
            if (!WaitForCompletion("HttpEndRequest"))
                goto cleanup;
        } else {
            printf("HttpEndRequest failed, error %u\n", (unsigned)GetLastError());
            goto cleanup;
        }
    }

    printf("------------------- Read the response -------------------\n");
    char lpReadBuff[256];
    bool bAllDone = false;
    do {
        INTERNET_BUFFERS InetBuff;
        memset(&InetBuff, 0, sizeof InetBuff);
        InetBuff.dwStructSize = sizeof(InetBuff);
        InetBuff.lpvBuffer = lpReadBuff;
        InetBuff.dwBufferLength = sizeof(lpReadBuff) - 1;

        printf("Calling InternetReadFileEx\n");
        if (!InternetReadFileEx(hRequest, &InetBuff, 0, CTX_REQUEST)) {
            if (GetLastError() == ERROR_IO_PENDING) {
                printf("Waiting for InternetReadFileEx to complete\n");
                nPended++;
                if (!WaitForCompletion("InternetReadFileEx"))
                    goto cleanup;
            } else {
                printf("InternetReadFileEx failed, error %u\n", (unsigned)GetLastError());
                goto cleanup;
            }
        }

        lpReadBuff[InetBuff.dwBufferLength] = 0;
        printf("%s\n", lpReadBuff);
        if (cbReply + InetBuff.dwBufferLength >= sizeof szReply) {
            printf("ERROR: the reply is longer than %zu bytes\n", sizeof szReply - 1);
            goto cleanup;
        }
        memcpy(szReply + cbReply, lpReadBuff, InetBuff.dwBufferLength);
        cbReply += InetBuff.dwBufferLength;

        if (InetBuff.dwBufferLength == 0)
            bAllDone = true;
    } while (!bAllDone);
    szReply[cbReply] = '\0';

    printf("\n------------------- Request Complete ----------------\n");

    DWORD dwStatus = 0, dwLen = sizeof dwStatus;
    if (!HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &dwStatus, &dwLen, NULL) ||
        dwStatus != HTTP_STATUS_OK) {
        printf("ERROR: status %u, expected 200\n", (unsigned)dwStatus);
        goto cleanup;
    }
    snprintf(szExpected, sizeof szExpected, "%" PRIu64 " %016" PRIx64, (uint64_t)1024 * dwNumKToSend, qwHash);
    if (strcmp(szReply, szExpected) != 0) {
        printf("ERROR: the server replied \"%s\", expected \"%s\"\n", szReply, szExpected);
        goto cleanup;
    }
    printf("The server received exactly the %u KiB that were sent (%s)\n", (unsigned)dwNumKToSend, szExpected);
    status = 0;

cleanup:
    bWriting = false;
    /* Closing the connect handle closes the request too; HANDLE_CLOSING comes for both. */
    if (hRequest != NULL && InternetCloseHandle(hRequest) && WaitForSingleObject(hClosedEvent, WAIT_MS) != WAIT_OBJECT_0) {
        printf("ERROR: no HANDLE_CLOSING for the request\n");
        status = 1;
    }
    if (hConnect != NULL && InternetCloseHandle(hConnect) && WaitForSingleObject(hClosedEvent, WAIT_MS) != WAIT_OBJECT_0) {
        printf("ERROR: no HANDLE_CLOSING for the connect handle\n");
        status = 1;
    }
    if (hInstance != NULL)
        InternetCloseHandle(hInstance);
    if (status == 0 && nClosed != 2) {
        printf("ERROR: %d HANDLE_CLOSING notifications, expected 2\n", nClosed);
        status = 1;
    }
    if (status == 0 && dwCompletions != nPended) {
        printf("ERROR: %u REQUEST_COMPLETE notifications for %u pending calls\n", (unsigned)dwCompletions, nPended);
        status = 1;
    }
    if (nViolations != 0) {
        printf("ERROR: %u unexpected notifications\n", nViolations);
        status = 1;
    }
    CloseHandle(hConnectedEvent);
    CloseHandle(hRequestCompleteEvent);
    CloseHandle(hClosedEvent);
    printf("%s\n", status == 0 ? "OK" : "FAILED");
    return status;
}
