/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unicode_async.c -- a UNICODE asynchronous client: INTERNET_FLAG_ASYNC, a status callback set
 * with InternetSetStatusCallback (InternetSetStatusCallbackW), Win32 events that the callback
 * sets on REQUEST_COMPLETE and HANDLE_CLOSING, a GET and a POST with HttpOpenRequestW and
 * HttpSendRequestW, and wide header queries.
 *
 *     unicode_async <host> <port>
 *
 * It checks the bodies byte for byte, the wide raw headers, and the callback's string payloads:
 * RESOLVING_NAME carries the host name as a WCHAR string (its length in bytes, the NUL
 * included), CONNECTING_TO_SERVER the address as an ANSI string, as WinInet sends them to a W
 * callback.
 *
 * rinet-test-wchar: both
 * rinet-test-cflags: -DUNICODE -D_UNICODE
 */
#include <windows.h>
#include <tchar.h>
#include <wininet.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    HANDLE hComplete;
    HANDLE hClosed;
    DWORD dwError;
    LONG resolvingSeen;
    LONG resolvingWide;
    LONG connectingSeen;
    LONG connectingAnsi;
} CONTEXT_DATA;

static int g_failures;

static void CALLBACK StatusCallback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                                    LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    CONTEXT_DATA *ctx = (CONTEXT_DATA *)dwContext;
    (void)hInternet;
    if (ctx == NULL)
        return;
    switch (dwInternetStatus) {
    case INTERNET_STATUS_RESOLVING_NAME:
        InterlockedIncrement(&ctx->resolvingSeen);
        if (lpvStatusInformation && lstrcmpW((LPCWSTR)lpvStatusInformation, L"127.0.0.1") == 0 &&
            dwStatusInformationLength == sizeof(L"127.0.0.1"))
            InterlockedIncrement(&ctx->resolvingWide);
        break;
    case INTERNET_STATUS_CONNECTING_TO_SERVER:
        InterlockedIncrement(&ctx->connectingSeen);
        if (lpvStatusInformation && strcmp((const char *)lpvStatusInformation, "127.0.0.1") == 0)
            InterlockedIncrement(&ctx->connectingAnsi);
        break;
    case INTERNET_STATUS_REQUEST_COMPLETE:
        ctx->dwError = ((LPINTERNET_ASYNC_RESULT)lpvStatusInformation)->dwError;
        SetEvent(ctx->hComplete);
        break;
    case INTERNET_STATUS_HANDLE_CLOSING:
        SetEvent(ctx->hClosed);
        break;
    default:
        break;
    }
}

/* Waits for the pending call's REQUEST_COMPLETE; FALSE when the call or the wait failed. */
static BOOL Finish(CONTEXT_DATA *ctx, BOOL ok)
{
    if (ok)
        return TRUE;
    if (GetLastError() != ERROR_IO_PENDING)
        return FALSE;
    if (WaitForSingleObject(ctx->hComplete, 60000) != WAIT_OBJECT_0)
        return FALSE;
    SetLastError(ctx->dwError);
    return ctx->dwError == ERROR_SUCCESS;
}

static BOOL ReadAll(HINTERNET hRequest, CONTEXT_DATA *ctx, char *out, DWORD cap, DWORD *total)
{
    DWORD read = 0;
    *total = 0;
    for (;;) {
        if (!Finish(ctx, InternetReadFile(hRequest, out + *total, cap - *total, &read)))
            return FALSE;
        if (read == 0)
            return TRUE;
        *total += read;
    }
}

static HINTERNET Request(HINTERNET hConnect, CONTEXT_DATA *ctx, LPCTSTR verb, LPCTSTR path, LPCTSTR headers,
                         LPVOID body, DWORD bodyLen)
{
    LPCTSTR accept[] = {_T("*/*"), NULL};
    HINTERNET hRequest = HttpOpenRequest(hConnect, verb, path, NULL, NULL, accept,
                                         INTERNET_FLAG_RELOAD | INTERNET_FLAG_KEEP_CONNECTION, (DWORD_PTR)ctx);
    if (hRequest == NULL)
        return NULL;
    if (!Finish(ctx, HttpSendRequest(hRequest, headers, headers ? (DWORD)-1 : 0, body, bodyLen))) {
        _tprintf(_T("FAIL HttpSendRequest %s %s: %lu\n"), verb, path, (unsigned long)GetLastError());
        InternetCloseHandle(hRequest);
        WaitForSingleObject(ctx->hClosed, INFINITE);
        return NULL;
    }
    return hRequest;
}

static void Close(HINTERNET hRequest, CONTEXT_DATA *ctx)
{
    ResetEvent(ctx->hClosed);
    InternetCloseHandle(hRequest);
    WaitForSingleObject(ctx->hClosed, INFINITE);
}

int _tmain(int argc, _TCHAR *argv[])
{
    CONTEXT_DATA ctx;
    HINTERNET hSession, hConnect, hRequest;
    static char body[200000], echo[200000];
    WCHAR headers[1024];
    DWORD total = 0, len, i;
    if (argc < 3)
        return 2;
    ZeroMemory(&ctx, sizeof ctx);
    ctx.hComplete = CreateEvent(NULL, FALSE, FALSE, NULL);
    ctx.hClosed = CreateEvent(NULL, TRUE, FALSE, NULL);
    hSession = InternetOpen(_T("rinet-unicode-async"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (InternetSetStatusCallback(hSession, StatusCallback) == INTERNET_INVALID_STATUS_CALLBACK) {
        _tprintf(_T("FAIL InternetSetStatusCallback\n"));
        return 1;
    }
    hConnect = InternetConnect(hSession, argv[1], (INTERNET_PORT)_ttoi(argv[2]), NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               (DWORD_PTR)&ctx);

    hRequest = Request(hConnect, &ctx, _T("GET"), _T("/bytes/100000"), NULL, NULL, 0);
    if (hRequest != NULL) {
        len = sizeof headers;
        if (HttpQueryInfo(hRequest, HTTP_QUERY_RAW_HEADERS_CRLF, headers, &len, NULL) &&
            _tcsncmp(headers, _T("HTTP/1.1 200 OK\r\n"), 17) == 0 && len == _tcslen(headers) * sizeof(WCHAR))
            _tprintf(_T("ok wide raw headers\n"));
        else
            _tprintf(_T("FAIL wide raw headers\n")), g_failures++;
        if (ReadAll(hRequest, &ctx, echo, sizeof echo, &total) && total == 100000) {
            for (i = 0; i < total && echo[i] == (char)('a' + i % 26); i++) {
            }
            if (i == total)
                _tprintf(_T("ok GET 100000 bytes\n"));
            else
                _tprintf(_T("FAIL GET body differs at %lu\n"), (unsigned long)i), g_failures++;
        } else {
            _tprintf(_T("FAIL GET read %lu bytes\n"), (unsigned long)total), g_failures++;
        }
        Close(hRequest, &ctx);
    } else {
        g_failures++;
    }

    for (i = 0; i < sizeof body; i++)
        body[i] = (char)(i * 11 + 3);
    hRequest = Request(hConnect, &ctx, _T("POST"), _T("/echo"), _T("Content-Type: application/x-test\r\n"), body,
                       sizeof body);
    if (hRequest != NULL) {
        if (ReadAll(hRequest, &ctx, echo, sizeof echo, &total) && total == sizeof body &&
            memcmp(body, echo, sizeof body) == 0)
            _tprintf(_T("ok POST echoed %lu bytes\n"), (unsigned long)total);
        else
            _tprintf(_T("FAIL POST echo: %lu bytes\n"), (unsigned long)total), g_failures++;
        Close(hRequest, &ctx);
    } else {
        g_failures++;
    }

    if (ctx.resolvingSeen > 0 && ctx.resolvingWide == ctx.resolvingSeen)
        _tprintf(_T("ok RESOLVING_NAME carries a WCHAR string\n"));
    else
        _tprintf(_T("FAIL RESOLVING_NAME: %ld seen, %ld wide\n"), (long)ctx.resolvingSeen, (long)ctx.resolvingWide),
            g_failures++;
    if (ctx.connectingSeen > 0 && ctx.connectingAnsi == ctx.connectingSeen)
        _tprintf(_T("ok CONNECTING_TO_SERVER carries an ANSI string\n"));
    else
        _tprintf(_T("FAIL CONNECTING_TO_SERVER: %ld seen, %ld ANSI\n"), (long)ctx.connectingSeen,
                 (long)ctx.connectingAnsi),
            g_failures++;
    InternetSetStatusCallback(hConnect, NULL);
    InternetCloseHandle(hConnect);
    InternetSetStatusCallback(hSession, NULL);
    InternetCloseHandle(hSession);
    CloseHandle(ctx.hComplete);
    CloseHandle(ctx.hClosed);
    _tprintf(_T("%d failed\n"), g_failures);
    return g_failures ? 1 : 0;
}
