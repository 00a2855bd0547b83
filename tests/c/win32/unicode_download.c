/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unicode_download.c -- a UNICODE downloader in the shape Visual Studio's console projects
 * have: _tmain, TCHAR strings, InternetOpenUrl (InternetOpenUrlW), HttpQueryInfo in WCHARs, and
 * the body saved with CreateFile / WriteFile.
 *
 *     unicode_download <host> <port>
 *
 * It downloads /chunked/200000/3000 and /bytes/777 into temporary files and checks each file
 * byte for byte, and the Content-Type header as a wide string.
 *
 * rinet-test-wchar: both
 * rinet-test-cflags: -DUNICODE -D_UNICODE
 */
#include <windows.h>
#include <tchar.h>
#include <wininet.h>
#include <stdio.h>

static int g_failures;

static BOOL Download(HINTERNET hSession, LPCTSTR url, LPCTSTR path, DWORD *total)
{
    BYTE buffer[4096];
    DWORD read = 0, written = 0, statusCode = 0, len = sizeof statusCode;
    TCHAR type[64];
    HINTERNET hUrl;
    HANDLE hFile;
    *total = 0;
    hUrl = InternetOpenUrl(hSession, url, _T("Accept: */*\r\n"), (DWORD)-1,
                           INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE, 0);
    if (hUrl == NULL) {
        _tprintf(_T("FAIL InternetOpenUrl(%s): %lu\n"), url, (unsigned long)GetLastError());
        return FALSE;
    }
    if (!HttpQueryInfo(hUrl, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &statusCode, &len, NULL) ||
        statusCode != HTTP_STATUS_OK) {
        _tprintf(_T("FAIL status %lu for %s\n"), (unsigned long)statusCode, url);
        InternetCloseHandle(hUrl);
        return FALSE;
    }
    len = sizeof type; /* bytes, as HttpQueryInfoW counts */
    if (!HttpQueryInfo(hUrl, HTTP_QUERY_CONTENT_TYPE, type, &len, NULL) ||
        _tcscmp(type, _T("application/octet-stream")) != 0 || len != _tcslen(type) * sizeof(TCHAR)) {
        _tprintf(_T("FAIL Content-Type \"%s\" (%lu bytes)\n"), type, (unsigned long)len);
        g_failures++;
    }
    hFile = CreateFile(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE) {
        InternetCloseHandle(hUrl);
        return FALSE;
    }
    while (InternetReadFile(hUrl, buffer, sizeof buffer, &read) && read > 0) {
        WriteFile(hFile, buffer, read, &written, NULL);
        *total += written;
    }
    CloseHandle(hFile);
    InternetCloseHandle(hUrl);
    return TRUE;
}

static BOOL HoldsPattern(LPCTSTR path, DWORD n)
{
    HANDLE h = CreateFile(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    BYTE buf[4096];
    DWORD got, at = 0, i;
    BOOL ok = h != INVALID_HANDLE_VALUE;
    while (ok && ReadFile(h, buf, sizeof buf, &got, NULL) && got > 0) {
        for (i = 0; i < got; i++)
            ok = ok && buf[i] == (BYTE)('a' + (at + i) % 26);
        at += got;
    }
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    return ok && at == n;
}

int _tmain(int argc, _TCHAR *argv[])
{
    static const struct {
        LPCTSTR path;
        DWORD size;
    } files[] = {{_T("/chunked/200000/3000"), 200000}, {_T("/bytes/777"), 777}};
    TCHAR url[256], dir[MAX_PATH], name[MAX_PATH];
    HINTERNET hSession;
    DWORD total, i;
    if (argc < 3) {
        _ftprintf(stderr, _T("usage: %s <host> <port>\n"), argv[0]);
        return 2;
    }
    hSession = InternetOpen(_T("rinet-unicode-download/1.0"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (hSession == NULL)
        return 1;
    GetTempPath(MAX_PATH, dir);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        wsprintf(url, _T("http://%s:%s%s"), argv[1], argv[2], files[i].path);
        GetTempFileName(dir, _T("dl"), 0, name);
        if (Download(hSession, url, name, &total) && total == files[i].size && HoldsPattern(name, total))
            _tprintf(_T("ok %s: %lu bytes saved to %s\n"), url, (unsigned long)total, name);
        else
            _tprintf(_T("FAIL %s\n"), url), g_failures++;
        DeleteFile(name);
    }
    InternetCloseHandle(hSession);
    _tprintf(_T("%d passed, %d failed\n"), (int)(sizeof files / sizeof files[0]) - g_failures, g_failures);
    return g_failures ? 1 : 0;
}
