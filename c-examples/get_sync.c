/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * get_sync.c -- the simplest synchronous GET, written against <wininet.h> only.
 *
 *     get_sync <host> <port> [path]
 *
 * The path defaults to /bytes/100000; the server must send its pattern body (byte i is
 * 'a' + i % 26), whose length is the first number in the path.
 *
 * Without INTERNET_FLAG_ASYNC every call blocks until it is done and never returns
 * ERROR_IO_PENDING, so no status callback is needed. Read until InternetReadFile returns TRUE
 * with 0 bytes.
 */
#include <wininet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *host = argc > 1 ? argv[1] : getenv("RINET_TEST_HOST");
    const char *port_text = argc > 2 ? argv[2] : getenv("RINET_TEST_PORT");
    const char *path = argc > 3 ? argv[3] : "/bytes/100000";
    if (host == NULL || port_text == NULL || atoi(port_text) <= 0 || atoi(port_text) > 65535) {
        fprintf(stderr, "usage: %s <host> <port> [path]\n", argv[0]);
        return 2;
    }
    const char *digits = strpbrk(path, "0123456789");
    unsigned long expected = digits != NULL ? strtoul(digits, NULL, 10) : 0;

    int status = 1;
    HINTERNET hSession = InternetOpen("rinet get_sync", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET hConnect = NULL, hRequest = NULL;
    if (hSession == NULL) {
        fprintf(stderr, "InternetOpen failed: %u\n", (unsigned)GetLastError());
        return 1;
    }
    hConnect = InternetConnect(hSession, host, (INTERNET_PORT)atoi(port_text), NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    if (hConnect == NULL) {
        fprintf(stderr, "InternetConnect failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    hRequest = HttpOpenRequest(hConnect, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
    if (hRequest == NULL) {
        fprintf(stderr, "HttpOpenRequest failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    if (!HttpSendRequest(hRequest, NULL, 0, NULL, 0)) {
        fprintf(stderr, "HttpSendRequest failed: %u\n", (unsigned)GetLastError());
        goto done;
    }

    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL)) {
        fprintf(stderr, "HttpQueryInfo failed: %u\n", (unsigned)GetLastError());
        goto done;
    }

    /* Read and check the body piece by piece. */
    char buf[8192];
    unsigned long total = 0, bad = 0;
    for (;;) {
        DWORD got = 0;
        if (!InternetReadFile(hRequest, buf, sizeof buf, &got)) {
            fprintf(stderr, "InternetReadFile failed: %u\n", (unsigned)GetLastError());
            goto done;
        }
        if (got == 0)
            break; /* TRUE with 0 bytes: the end of the body */
        for (DWORD i = 0; i < got; i++) {
            if (buf[i] != (char)('a' + (total + i) % 26))
                bad++;
        }
        total += got;
    }
    printf("GET %s: status %u, %lu bytes, %lu differ from the pattern\n", path, (unsigned)code, total, bad);
    if (code == HTTP_STATUS_OK && total == expected && bad == 0)
        status = 0;

done:
    if (hRequest != NULL)
        InternetCloseHandle(hRequest);
    if (hConnect != NULL)
        InternetCloseHandle(hConnect);
    InternetCloseHandle(hSession);
    printf("%s\n", status == 0 ? "OK" : "FAILED");
    return status;
}
