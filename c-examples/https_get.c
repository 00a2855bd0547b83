/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * https_get.c -- an HTTPS download through a forward proxy, with certificate verification on.
 *
 *     https_get <proxy host:port> <https URL> <CA file> <expected body file>
 *
 * The session uses INTERNET_OPEN_TYPE_PROXY with the given proxy ("<-loopback>" in the bypass
 * list, so that a proxy on this machine is used even for localhost). InternetOpenUrl opens the
 * https URL: rinet asks the proxy for a CONNECT tunnel, runs TLS inside it, and verifies the
 * server's certificate against the system's CAs plus the private CA given here
 * (RINET_OPTION_CA_FILE, rinet's option for private CAs). The program checks the status, that
 * the request went through the proxy over TLS, and every byte of the body against the file.
 * Exit status 0 on success.
 */
#include <wininet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    while (data != NULL) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            char *bigger = realloc(data, cap * 2);
            if (bigger == NULL) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: %s <proxy host:port> <https URL> <CA file> <expected body file>\n", argv[0]);
        return 2;
    }
    const char *proxy = argv[1], *url = argv[2], *ca = argv[3];
    size_t want_len = 0;
    char *want = read_file(argv[4], &want_len);
    if (want == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[4]);
        return 2;
    }

    int status = 1;
    char *body = NULL;
    HINTERNET hSession = InternetOpen("rinet https_get", INTERNET_OPEN_TYPE_PROXY, proxy, "<-loopback>", 0);
    HINTERNET hRequest = NULL;
    if (hSession == NULL) {
        fprintf(stderr, "InternetOpen failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    if (!InternetSetOption(hSession, RINET_OPTION_CA_FILE, (LPVOID)ca, (DWORD)strlen(ca))) {
        fprintf(stderr, "setting the CA file failed: %u\n", (unsigned)GetLastError());
        goto done;
    }
    hRequest = InternetOpenUrl(hSession, url, NULL, 0, INTERNET_FLAG_RELOAD, 0);
    if (hRequest == NULL) {
        DWORD err = GetLastError();
        fprintf(stderr, "InternetOpenUrl failed: %u (%s)\n", (unsigned)err, rinet_strerror(err));
        goto done;
    }

    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfo(hRequest, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL) || code != 200) {
        fprintf(stderr, "status %u, expected 200\n", (unsigned)code);
        goto done;
    }
    DWORD flags = 0;
    len = sizeof flags;
    if (!InternetQueryOption(hRequest, INTERNET_OPTION_REQUEST_FLAGS, &flags, &len) || !(flags & INTERNET_REQFLAG_VIA_PROXY)) {
        fprintf(stderr, "the request did not go through the proxy (request flags 0x%x)\n", (unsigned)flags);
        goto done;
    }
    DWORD security = 0;
    len = sizeof security;
    if (!InternetQueryOption(hRequest, INTERNET_OPTION_SECURITY_FLAGS, &security, &len) || !(security & SECURITY_FLAG_SECURE)) {
        fprintf(stderr, "the request is not secure (security flags 0x%x)\n", (unsigned)security);
        goto done;
    }

    size_t cap = want_len + 1, got_total = 0;
    body = malloc(cap);
    if (body == NULL)
        goto done;
    for (;;) {
        DWORD got = 0;
        if (!InternetReadFile(hRequest, body + got_total, (DWORD)(cap - got_total), &got)) {
            fprintf(stderr, "InternetReadFile failed: %u\n", (unsigned)GetLastError());
            goto done;
        }
        if (got == 0)
            break;
        got_total += got;
        if (got_total == cap) {
            fprintf(stderr, "the body is longer than the expected %zu bytes\n", want_len);
            goto done;
        }
    }
    if (got_total != want_len || memcmp(body, want, want_len) != 0) {
        fprintf(stderr, "the body (%zu bytes) differs from the expected file (%zu bytes)\n", got_total, want_len);
        goto done;
    }
    printf("ok %s: status 200, %zu bytes, via the proxy %s, TLS verified with %s\n", url, got_total, proxy, ca);
    status = 0;

done:
    if (hRequest != NULL)
        InternetCloseHandle(hRequest);
    if (hSession != NULL)
        InternetCloseHandle(hSession);
    free(body);
    free(want);
    return status;
}
