/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * ansi_formatmessage.c -- an ANSI WinInet program in the shape real ones are written in: it
 * downloads with InternetOpenUrl and reports every failure through a LogInetError helper that
 * asks FormatMessage for WinInet's text, with GetModuleHandle("wininet.dll"), falling back to
 * the system's texts, as Microsoft's samples do.
 *
 *     ansi_formatmessage <host> <port>
 *
 * It checks the texts of three failures it provokes (an unknown scheme, a header that is not
 * there, a file that does not exist) and the bytes of one download.
 */
#include <windows.h>
#include <wininet.h>
#include <stdio.h>
#include <stdlib.h>

static int g_failures;

/* The text FormatMessage gives for a WinInet or system error, in buf. */
static DWORD ErrorText(DWORD err, char *buf, DWORD size)
{
    DWORD flags = FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;
    HMODULE module = NULL;
    if (err >= INTERNET_ERROR_BASE && err <= INTERNET_ERROR_LAST) {
        module = GetModuleHandle("wininet.dll");
        flags |= FORMAT_MESSAGE_FROM_HMODULE;
    }
    return FormatMessage(flags, module, err, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf, size, NULL);
}

static void LogInetError(DWORD err, const char *where, const char *expected)
{
    char *msg = NULL;
    char text[512];
    DWORD n = FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM,
                            GetModuleHandle("wininet.dll"), err, 0, (LPSTR)&msg, 0, NULL);
    if (n == 0) {
        printf("FAIL %s: FormatMessage failed with %lu for error %lu\n", where, (unsigned long)GetLastError(),
               (unsigned long)err);
        g_failures++;
        return;
    }
    fprintf(stderr, "%s: error %lu: %s", where, (unsigned long)err, msg);
    if (strcmp(msg, expected) != 0 || n != strlen(expected)) {
        printf("FAIL %s: text \"%s\" (%lu), want \"%s\"\n", where, msg, (unsigned long)n, expected);
        g_failures++;
    } else if (ErrorText(err, text, sizeof text) != n || strcmp(text, msg) != 0) {
        printf("FAIL %s: the two ways of asking disagree\n", where);
        g_failures++;
    } else {
        printf("ok %s\n", where);
    }
    LocalFree(msg);
}

int main(int argc, char **argv)
{
    char url[256];
    char body[8192];
    char header[64];
    DWORD len = sizeof header, read = 0, total = 0, i;
    HINTERNET session, file;

    if (argc < 3) {
        fprintf(stderr, "usage: %s <host> <port>\n", argv[0]);
        return 2;
    }
    session = InternetOpen("rinet-formatmessage", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    if (!session) {
        LogInetError(GetLastError(), "InternetOpen", "");
        return 1;
    }

    file = InternetOpenUrl(session, "nosuchscheme://example/", NULL, 0, INTERNET_FLAG_RELOAD, 0);
    if (file == NULL)
        LogInetError(GetLastError(), "unknown scheme", "The URL does not use a recognized protocol.\r\n");
    else
        printf("FAIL unknown scheme: it opened\n"), g_failures++;

    wsprintf(url, "http://%s:%s/bytes/5000", argv[1], argv[2]);
    file = InternetOpenUrl(session, url, NULL, 0, INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE, 0);
    if (!file) {
        LogInetError(GetLastError(), "InternetOpenUrl", "");
        return 1;
    }
    if (!HttpQueryInfo(file, HTTP_QUERY_CUSTOM, strcpy(header, "X-Not-There"), &len, NULL))
        LogInetError(GetLastError(), "missing header", "The requested header could not be located.\r\n");
    else
        printf("FAIL missing header: found\n"), g_failures++;
    while (InternetReadFile(file, body + total, sizeof body - total, &read) && read > 0)
        total += read;
    for (i = 0; i < total; i++)
        if (body[i] != (char)('a' + i % 26))
            break;
    if (total == 5000 && i == total)
        printf("ok download\n");
    else
        printf("FAIL download: %lu bytes, first difference at %lu\n", (unsigned long)total, (unsigned long)i),
            g_failures++;
    InternetCloseHandle(file);

    if (CreateFile("no-such-file.rinet", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) == INVALID_HANDLE_VALUE)
        LogInetError(GetLastError(), "missing file", "The system cannot find the file specified.\r\n");
    InternetCloseHandle(session);
    printf("%d passed, %d failed\n", 4 - g_failures, g_failures);
    return g_failures ? 1 : 0;
}
