/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * upload_file.c -- an uploader in the shape of crash-report and backup uploaders: it writes a
 * report file, then reads it back with CreateFile / GetFileSizeEx / ReadFile and posts it with
 * HttpSendRequestEx + InternetWriteFile + HttpEndRequest (synchronous WinInet), and checks the
 * server's answer.
 *
 *     upload_file <host> <port>
 *
 * The test server's /upload answers "<length> <FNV-1a 64 of the body>", which the program
 * compares with its own hash of the file. A second upload of an empty file checks the
 * zero-length case.
 *
 * It is written with TCHAR: built as is it uses the A functions; upload_file_unicode.c builds
 * the same file with UNICODE and _UNICODE.
 */
#include <windows.h>
#include <wininet.h>
#include <tchar.h>
#include <stdio.h>
#include <stdlib.h>

#define CHUNK (64 * 1024)
#define REPORT_SIZE (3 * 1024 * 1024 + 12345)

static ULONGLONG Fnv1a(ULONGLONG h, const BYTE *p, DWORD n)
{
    DWORD i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Posts the file at path to /upload; returns the server's answer in reply. */
static BOOL UploadFile(HINTERNET hConnect, LPCTSTR path, char *reply, DWORD replySize, ULONGLONG *hash,
                       LONGLONG *length)
{
    HANDLE hFile;
    HINTERNET hRequest;
    INTERNET_BUFFERS buffers;
    LARGE_INTEGER size;
    BYTE *chunk;
    DWORD read, written, status = 0, statusLen = sizeof status, got, total = 0;
    BOOL ok = FALSE;

    hFile = CreateFile(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (hFile == INVALID_HANDLE_VALUE) {
        printf("FAIL CreateFile: %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    if (!GetFileSizeEx(hFile, &size)) {
        CloseHandle(hFile);
        return FALSE;
    }
    *length = size.QuadPart;
    *hash = 0xcbf29ce484222325ULL;
    chunk = (BYTE *)HeapAlloc(GetProcessHeap(), 0, CHUNK);
    hRequest = HttpOpenRequest(hConnect, _T("POST"), _T("/upload"), NULL, NULL, NULL,
                               INTERNET_FLAG_NO_CACHE_WRITE | INTERNET_FLAG_KEEP_CONNECTION, 0);
    if (hRequest == NULL || chunk == NULL)
        goto done;
    HttpAddRequestHeaders(hRequest, _T("Content-Type: application/octet-stream\r\n"), (DWORD)-1,
                          HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE);
    ZeroMemory(&buffers, sizeof buffers);
    buffers.dwStructSize = sizeof buffers;
    buffers.dwBufferTotal = size.LowPart;
    if (!HttpSendRequestEx(hRequest, &buffers, NULL, 0, 0)) {
        printf("FAIL HttpSendRequestEx: %lu\n", (unsigned long)GetLastError());
        goto done;
    }
    while (ReadFile(hFile, chunk, CHUNK, &read, NULL) && read > 0) {
        *hash = Fnv1a(*hash, chunk, read);
        if (!InternetWriteFile(hRequest, chunk, read, &written) || written != read) {
            printf("FAIL InternetWriteFile: %lu\n", (unsigned long)GetLastError());
            goto done;
        }
    }
    if (!HttpEndRequest(hRequest, NULL, 0, 0)) {
        printf("FAIL HttpEndRequest: %lu\n", (unsigned long)GetLastError());
        goto done;
    }
    if (!HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &statusLen, NULL) ||
        status != HTTP_STATUS_OK) {
        printf("FAIL status %lu\n", (unsigned long)status);
        goto done;
    }
    while (InternetReadFile(hRequest, reply + total, replySize - 1 - total, &got) && got > 0)
        total += got;
    reply[total] = 0;
    ok = TRUE;
done:
    if (hRequest)
        InternetCloseHandle(hRequest);
    if (chunk)
        HeapFree(GetProcessHeap(), 0, chunk);
    CloseHandle(hFile);
    return ok;
}

static BOOL WriteReport(LPCTSTR path, DWORD size)
{
    HANDLE h = CreateFile(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    BYTE block[4096];
    DWORD done = 0, n, i;
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    while (done < size) {
        n = size - done < sizeof block ? size - done : (DWORD)sizeof block;
        for (i = 0; i < n; i++)
            block[i] = (BYTE)((done + i) * 31 + 7);
        if (!WriteFile(h, block, n, &n, NULL))
            break;
        done += n;
    }
    CloseHandle(h);
    return done == size;
}

int _tmain(int argc, _TCHAR **argv)
{
    HINTERNET hSession, hConnect;
    TCHAR dir[MAX_PATH], path[MAX_PATH];
    char reply[128], want[128];
    ULONGLONG hash;
    LONGLONG length;
    int failures = 0, round;
    static const DWORD sizes[2] = {REPORT_SIZE, 0};

    if (argc < 3)
        return 2;
    hSession = InternetOpen(_T("rinet-uploader/1.0"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    hConnect = InternetConnect(hSession, argv[1], (INTERNET_PORT)_ttoi(argv[2]), NULL, NULL, INTERNET_SERVICE_HTTP, 0,
                               0);
    if (hConnect == NULL) {
        printf("FAIL InternetConnect: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    GetTempPath(MAX_PATH, dir);
    for (round = 0; round < 2; round++) {
        if (GetTempFileName(dir, _T("dmp"), 0, path) == 0 || !WriteReport(path, sizes[round])) {
            printf("FAIL writing the report\n");
            return 1;
        }
        if (UploadFile(hConnect, path, reply, sizeof reply, &hash, &length)) {
            sprintf(want, "%lld %016llx", (long long)length, (unsigned long long)hash);
            if (strcmp(reply, want) == 0 && length == (LONGLONG)sizes[round])
                printf("ok upload of %lu bytes: %s\n", (unsigned long)sizes[round], reply);
            else
                printf("FAIL upload: server said \"%s\", want \"%s\"\n", reply, want), failures++;
        } else {
            failures++;
        }
        DeleteFile(path);
    }
    InternetCloseHandle(hConnect);
    InternetCloseHandle(hSession);
    printf("%d passed, %d failed\n", 2 - failures, failures);
    return failures ? 1 : 0;
}
