/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * bodies.c -- response bodies of every framing, and HttpQueryInfo, in synchronous and
 * asynchronous sessions.
 *
 * WinInet contract (wininet-contract.md sections 4, 6 and 9):
 *   - Content-Length, chunked and close-delimited bodies read byte for byte until a read returns
 *     TRUE with 0 bytes; a HEAD reply with a Content-Length and a 204 read 0 bytes at once;
 *     an interim 100 Continue is skipped;
 *   - HttpQueryInfo: STATUS_CODE "200" with length 3 (or a DWORD with HTTP_QUERY_FLAG_NUMBER,
 *     length 4); lengths exclude the NUL; a buffer that is too small, an exact fit included, fails
 *     with ERROR_INSUFFICIENT_BUFFER and the length needed including the NUL; RAW_HEADERS is
 *     NUL-separated with a double NUL at the end; RAW_HEADERS_CRLF starts with the status line and
 *     ends with an empty line; repeated headers are walked with the index (0, 1, 2, then
 *     ERROR_HTTP_HEADER_NOT_FOUND with the index unchanged); a chunked reply has no
 *     Content-Length and Transfer-Encoding "chunked"; before the request is sent STATUS_CODE is 0,
 *     STATUS_TEXT is not found and RAW_HEADERS is empty;
 *   - InternetQueryDataAvailable reports bytes that then read at once (a pending query completes
 *     with dwError = the count); InternetReadFileEx reads like InternetReadFile, and with
 *     IRF_NO_WAIT a pending call's completion leaves the buffer and dwBufferLength untouched.
 *
 * Usage: bodies <host> <port>
 */
#include "check.h"

#define CTX_CONNECT ((DWORD_PTR)0xB0)

typedef struct {
    const char *verb;
    const char *path;
    DWORD chunk;       /* size passed to each InternetReadFile */
    size_t pattern;    /* expected pattern length, when text is NULL */
    const char *text;  /* expected body text, or NULL */
    DWORD status;      /* expected status code */
} body_case;

static const body_case cases[] = {
    {"GET", "/bytes/200000", 4096, 200000, NULL, 200},
    {"GET", "/chunked/200000/777", 1000, 200000, NULL, 200},
    {"GET", "/chunked/10/1", 3, 10, NULL, 200},
    {"GET", "/close/50000", 4096, 50000, NULL, 200},
    {"HEAD", "/bytes/100", 4096, 0, NULL, 200},
    {"GET", "/status/204", 4096, 0, NULL, 204},
    {"GET", "/continue", 4096, 0, "after continue", 200},
};

static DWORD_PTR next_ctx = 0x1000;

/* Opens and sends a request; returns it (NULL on failure, reported under `what`). */
static HINTERNET open_and_send(const char *what, HINTERNET c, const char *verb, const char *path, DWORD_PTR *ctx)
{
    char name[160];
    *ctx = next_ctx++;
    HINTERNET r = HttpOpenRequestA(c, verb, path, NULL, NULL, NULL, 0, *ctx);
    if (r == NULL) {
        snprintf(name, sizeof name, "%s: HttpOpenRequest", what);
        tc_fail(name, "NULL, GetLastError %u", (unsigned)GetLastError());
        return NULL;
    }
    size_t mark = tc_mark();
    DWORD err = tc_await(HttpSendRequestA(r, NULL, 0, NULL, 0), r, *ctx, mark, NULL);
    if (err != 0) {
        snprintf(name, sizeof name, "%s: HttpSendRequest", what);
        tc_fail(name, "failed with %u", (unsigned)err);
        InternetCloseHandle(r);
        return NULL;
    }
    return r;
}

/* Closes a request and, in an async session, waits for its HANDLE_CLOSING so that no callback
 * for it is still running when the next one starts. */
static void close_request(HINTERNET r, DWORD_PTR ctx)
{
    size_t mark = tc_mark();
    InternetCloseHandle(r);
    tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, mark, TC_WAIT_MS);
}

static DWORD status_number(HINTERNET r)
{
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL))
        return 0;
    return code;
}

static void run_case(const char *mode, HINTERNET c, const body_case *bc)
{
    char what[160], name[200];
    snprintf(what, sizeof what, "%s %s %s", mode, bc->verb, bc->path);
    DWORD_PTR ctx;
    HINTERNET r = open_and_send(what, c, bc->verb, bc->path, &ctx);
    if (r == NULL)
        return;
    snprintf(name, sizeof name, "%s: status", what);
    CHECK_EQ(name, status_number(r), bc->status);

    tc_buf body = {0};
    DWORD err = tc_read_all(r, ctx, bc->chunk, &body, NULL);
    snprintf(name, sizeof name, "%s: body", what);
    if (err != 0)
        tc_fail(name, "read failed with %u after %zu bytes", (unsigned)err, body.len);
    else if (bc->text != NULL)
        CHECK_STR(name, body.len ? body.data : "", bc->text);
    else
        tc_check_pattern(name, body.data, body.len, bc->pattern);
    tc_buf_free(&body);

    if (strcmp(bc->verb, "HEAD") == 0) {
        char buf[32];
        DWORD len = sizeof buf;
        snprintf(name, sizeof name, "%s: Content-Length still reported", what);
        CHECK(name, HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH, buf, &len, NULL) && strcmp(buf, "100") == 0);
    }
    close_request(r, ctx);
}

/* Queries a string header; returns the BOOL, with the length and last error. */
static BOOL query(HINTERNET r, DWORD level, char *buf, DWORD size, DWORD *len, DWORD *index, DWORD *err)
{
    *len = size;
    BOOL ok = HttpQueryInfoA(r, level, buf, len, index);
    *err = GetLastError();
    return ok;
}

static void check_string_header(const char *mode, HINTERNET r, const char *label, DWORD level, const char *want)
{
    char name[160], buf[256];
    DWORD len, err;
    memset(buf, 'Z', sizeof buf);
    BOOL ok = query(r, level, buf, sizeof buf, &len, NULL, &err);
    snprintf(name, sizeof name, "%s: %s is \"%s\" with length %zu", mode, label, want, strlen(want));
    if (!ok)
        tc_fail(name, "FALSE, GetLastError %u", (unsigned)err);
    else if (strcmp(buf, want) != 0 || len != strlen(want))
        tc_fail(name, "got \"%.*s\" length %u", (int)(len < sizeof buf ? len : sizeof buf), buf, (unsigned)len);
    else
        tc_ok(name);
}

static void test_query_info(const char *mode, HINTERNET c)
{
    char name[200], buf[4096];
    DWORD len, err, index;
    DWORD_PTR ctx;
    HINTERNET r = open_and_send("query info /bytes/200000", c, "GET", "/bytes/200000", &ctx);
    if (r == NULL)
        return;

    /* STATUS_CODE as a string and as a number. */
    check_string_header(mode, r, "STATUS_CODE", HTTP_QUERY_STATUS_CODE, "200");
    DWORD code = 0;
    len = sizeof code;
    snprintf(name, sizeof name, "%s: STATUS_CODE|FLAG_NUMBER is DWORD 200 with length 4", mode);
    CHECK(name, HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL) &&
                    code == 200 && len == 4);
    check_string_header(mode, r, "STATUS_TEXT", HTTP_QUERY_STATUS_TEXT, "OK");
    check_string_header(mode, r, "VERSION", HTTP_QUERY_VERSION, "HTTP/1.1");
    check_string_header(mode, r, "CONTENT_LENGTH", HTTP_QUERY_CONTENT_LENGTH, "200000");
    DWORD clen = 0;
    len = sizeof clen;
    snprintf(name, sizeof name, "%s: CONTENT_LENGTH|FLAG_NUMBER is 200000", mode);
    CHECK(name, HttpQueryInfoA(r, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &clen, &len, NULL) &&
                    clen == 200000 && len == 4);
    check_string_header(mode, r, "CONTENT_TYPE", HTTP_QUERY_CONTENT_TYPE, "application/octet-stream");

    /* The index stays 0 for the status line; index 1 is not found. */
    index = 0;
    snprintf(name, sizeof name, "%s: STATUS_CODE leaves the index at 0", mode);
    CHECK(name, query(r, HTTP_QUERY_STATUS_CODE, buf, sizeof buf, &len, &index, &err) && index == 0);
    index = 1;
    snprintf(name, sizeof name, "%s: STATUS_CODE with index 1 is not found", mode);
    CHECK(name, !query(r, HTTP_QUERY_STATUS_CODE, buf, sizeof buf, &len, &index, &err) &&
                    err == ERROR_HTTP_HEADER_NOT_FOUND && index == 1);

    /* Too-small buffers: the size needed includes the NUL; the buffer is left alone. */
    memset(buf, 'Z', 8);
    snprintf(name, sizeof name, "%s: STATUS_CODE in a 3-byte buffer fails with 122, needs 4, buffer untouched", mode);
    CHECK(name, !query(r, HTTP_QUERY_STATUS_CODE, buf, 3, &len, NULL, &err) && err == ERROR_INSUFFICIENT_BUFFER &&
                    len == 4 && memcmp(buf, "ZZZZ", 4) == 0);
    len = 0;
    BOOL ok = HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, NULL, &len, NULL);
    err = GetLastError();
    snprintf(name, sizeof name, "%s: STATUS_CODE with a NULL buffer fails with 122, needs 4", mode);
    CHECK(name, !ok && err == ERROR_INSUFFICIENT_BUFFER && len == 4);

    /* RAW_HEADERS_CRLF. */
    ok = query(r, HTTP_QUERY_RAW_HEADERS_CRLF, buf, sizeof buf, &len, NULL, &err);
    snprintf(name, sizeof name, "%s: RAW_HEADERS_CRLF starts with \"HTTP/1.1 200\" and ends with CRLF CRLF", mode);
    CHECK(name, ok && len > 16 && len == strlen(buf) && strncmp(buf, "HTTP/1.1 200", 12) == 0 &&
                    strcmp(buf + len - 4, "\r\n\r\n") == 0);
    snprintf(name, sizeof name, "%s: RAW_HEADERS_CRLF contains the Content-Length line", mode);
    CHECK(name, ok && strstr(buf, "\r\nContent-Length: 200000\r\n") != NULL);
    if (ok) {
        DWORD full = len;
        char *exact = (char *)malloc(full);
        snprintf(name, sizeof name, "%s: RAW_HEADERS_CRLF in an exact-fit buffer fails with 122, needs length+1", mode);
        CHECK(name, exact && !query(r, HTTP_QUERY_RAW_HEADERS_CRLF, exact, full, &len, NULL, &err) &&
                        err == ERROR_INSUFFICIENT_BUFFER && len == full + 1);
        free(exact);
    }

    /* RAW_HEADERS: NUL-separated lines, double NUL at the end; the length counts the last
     * separator but not the terminator. */
    memset(buf, 'Z', sizeof buf);
    ok = query(r, HTTP_QUERY_RAW_HEADERS, buf, sizeof buf, &len, NULL, &err);
    bool shape = ok && len > 2 && len < sizeof buf && buf[len - 1] == '\0' && buf[len] == '\0' &&
                 strcmp(buf, "HTTP/1.1 200 OK") == 0 && memchr(buf, '\r', len) == NULL && memchr(buf, '\n', len) == NULL;
    snprintf(name, sizeof name, "%s: RAW_HEADERS is NUL-separated, starts with the status line, ends with a double NUL", mode);
    CHECK(name, shape);
    bool found = false;
    for (DWORD i = 0; shape && i < len; i += (DWORD)strlen(buf + i) + 1) {
        if (strcmp(buf + i, "Content-Length: 200000") == 0)
            found = true;
    }
    snprintf(name, sizeof name, "%s: RAW_HEADERS has the line \"Content-Length: 200000\"", mode);
    CHECK(name, found);

    /* A header that is not there. */
    snprintf(name, sizeof name, "%s: LOCATION is not found (12150)", mode);
    CHECK(name, !query(r, HTTP_QUERY_LOCATION, buf, sizeof buf, &len, NULL, &err) && err == ERROR_HTTP_HEADER_NOT_FOUND);

    tc_buf body = {0};
    tc_read_all(r, ctx, 65536, &body, NULL);
    tc_buf_free(&body);
    close_request(r, ctx);

    /* Repeated headers: Set-Cookie a=1, b=2, walked through the index. */
    r = open_and_send("query info /cookies", c, "GET", "/cookies", &ctx);
    if (r != NULL) {
        index = 0;
        strcpy(buf, "Set-Cookie");
        snprintf(name, sizeof name, "%s: CUSTOM Set-Cookie index 0 is \"a=1\", index becomes 1", mode);
        CHECK(name, query(r, HTTP_QUERY_CUSTOM, buf, sizeof buf, &len, &index, &err) && strcmp(buf, "a=1") == 0 &&
                        len == 3 && index == 1);
        strcpy(buf, "Set-Cookie");
        snprintf(name, sizeof name, "%s: CUSTOM Set-Cookie index 1 is \"b=2\", index becomes 2", mode);
        CHECK(name, query(r, HTTP_QUERY_CUSTOM, buf, sizeof buf, &len, &index, &err) && strcmp(buf, "b=2") == 0 &&
                        index == 2);
        strcpy(buf, "Set-Cookie");
        snprintf(name, sizeof name, "%s: CUSTOM Set-Cookie index 2 is not found (12150), index stays 2", mode);
        CHECK(name, !query(r, HTTP_QUERY_CUSTOM, buf, sizeof buf, &len, &index, &err) &&
                        err == ERROR_HTTP_HEADER_NOT_FOUND && index == 2);
        index = 0;
        snprintf(name, sizeof name, "%s: SET_COOKIE index walk 0 -> 1 -> 2", mode);
        bool walk = query(r, HTTP_QUERY_SET_COOKIE, buf, sizeof buf, &len, &index, &err) && strcmp(buf, "a=1") == 0 &&
                    index == 1;
        walk = walk && query(r, HTTP_QUERY_SET_COOKIE, buf, sizeof buf, &len, &index, &err) &&
               strcmp(buf, "b=2") == 0 && index == 2;
        CHECK(name, walk);
        body.len = 0;
        tc_read_all(r, ctx, 4096, &body, NULL);
        snprintf(name, sizeof name, "%s: /cookies body", mode);
        CHECK_STR(name, body.len ? body.data : "", "cookies");
        tc_buf_free(&body);
        close_request(r, ctx);
    }

    /* Chunked: Transfer-Encoding present, Content-Length absent. */
    r = open_and_send("query info /chunked", c, "GET", "/chunked/200000/777", &ctx);
    if (r != NULL) {
        check_string_header(mode, r, "TRANSFER_ENCODING (chunked reply)", HTTP_QUERY_TRANSFER_ENCODING, "chunked");
        snprintf(name, sizeof name, "%s: chunked reply has no CONTENT_LENGTH (12150)", mode);
        CHECK(name, !query(r, HTTP_QUERY_CONTENT_LENGTH, buf, sizeof buf, &len, NULL, &err) &&
                        err == ERROR_HTTP_HEADER_NOT_FOUND);
        tc_read_all(r, ctx, 65536, &body, NULL);
        tc_buf_free(&body);
        close_request(r, ctx);
    }
}

/* Before HttpSendRequest (contract section 6): STATUS_CODE is 0, STATUS_TEXT is not found and
 * RAW_HEADERS is empty. */
static void test_before_send(const char *mode, HINTERNET c)
{
    char name[160], buf[256];
    DWORD len, err;
    HINTERNET r = HttpOpenRequestA(c, "GET", "/bytes/10", NULL, NULL, NULL, 0, next_ctx++);
    snprintf(name, sizeof name, "%s before send: HttpOpenRequest", mode);
    CHECK(name, r != NULL);
    if (r == NULL)
        return;
    DWORD code = 12345;
    len = sizeof code;
    snprintf(name, sizeof name, "%s before send: STATUS_CODE|FLAG_NUMBER is 0", mode);
    CHECK(name, HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL) && code == 0);
    snprintf(name, sizeof name, "%s before send: STATUS_TEXT is not found (12150)", mode);
    CHECK(name, !query(r, HTTP_QUERY_STATUS_TEXT, buf, sizeof buf, &len, NULL, &err) && err == ERROR_HTTP_HEADER_NOT_FOUND);
    snprintf(name, sizeof name, "%s before send: RAW_HEADERS is \"\" with length 0", mode);
    CHECK(name, query(r, HTTP_QUERY_RAW_HEADERS, buf, sizeof buf, &len, NULL, &err) && len == 0);
    InternetCloseHandle(r);
}

/* InternetQueryDataAvailable then InternetReadFile of exactly that many bytes, until 0 is
 * available (contract section 4: a pending query completes with dwError = the byte count and
 * writes *lpdwNumberOfBytesAvailable too). */
static void test_query_data_available(const char *mode, HINTERNET c)
{
    char name[200];
    DWORD_PTR ctx;
    HINTERNET r = open_and_send("QueryDataAvailable /bytes/200000", c, "GET", "/bytes/200000", &ctx);
    if (r == NULL)
        return;
    static char buf[65536];
    tc_buf body = {0};
    unsigned pended = 0;
    bool ok = true;
    for (int rounds = 0; ok && rounds < 100000; rounds++) {
        static DWORD avail; /* written at completion when the query pends */
        size_t mark = tc_mark();
        BOOL ret = InternetQueryDataAvailable(r, &avail, 0, 0);
        DWORD err = GetLastError();
        if (!ret && err == ERROR_IO_PENDING) {
            pended++;
            long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, r, ctx, mark, TC_WAIT_MS);
            tc_note n = i >= 0 ? tc_get((size_t)i) : (tc_note){0};
            snprintf(name, sizeof name, "%s QueryDataAvailable: pending query completes with {1, count} and writes it",
                     mode);
            if (i < 0 || n.result != 1 || n.error != avail) {
                tc_fail(name, "REQUEST_COMPLETE %s {%ju, %u}, *avail %u", i < 0 ? "missing" : "is", (uintmax_t)n.result,
                        (unsigned)n.error, (unsigned)avail);
                ok = false;
                break;
            }
        } else if (!ret) {
            snprintf(name, sizeof name, "%s QueryDataAvailable", mode);
            tc_fail(name, "FALSE, GetLastError %u", (unsigned)err);
            ok = false;
            break;
        }
        if (avail == 0)
            break;
        DWORD want = avail < sizeof buf ? avail : (DWORD)sizeof buf, got = 0;
        BOOL rd = InternetReadFile(r, buf, want, &got);
        if (!rd || got != want) {
            snprintf(name, sizeof name, "%s QueryDataAvailable: reading the available bytes completes at once", mode);
            tc_fail(name, "asked %u of %u available: %s, got %u, GetLastError %u", (unsigned)want, (unsigned)avail,
                    rd ? "TRUE" : "FALSE", (unsigned)got, (unsigned)GetLastError());
            ok = false;
            if (!rd && GetLastError() == ERROR_IO_PENDING)
                tc_await_ex(FALSE, r, ctx, tc_mark(), NULL, NULL);
            break;
        }
        tc_buf_append(&body, buf, got);
    }
    if (ok) {
        snprintf(name, sizeof name, "%s QueryDataAvailable + ReadFile: body (%u queries pended)", mode, pended);
        tc_check_pattern(name, body.data, body.len, 200000);
    }
    tc_buf_free(&body);
    close_request(r, ctx);
}

/* InternetReadFileEx without flags reads like InternetReadFile, reporting the count in
 * dwBufferLength. With IRF_NO_WAIT (async), a pending call's completion only says that data
 * arrived: the buffer and dwBufferLength are left untouched (contract section 4). */
static void test_read_file_ex(const char *mode, HINTERNET c, bool no_wait)
{
    char name[200], what[96];
    snprintf(what, sizeof what, "%s InternetReadFileEx%s", mode, no_wait ? "(IRF_NO_WAIT)" : "");
    DWORD_PTR ctx;
    HINTERNET r = open_and_send(what, c, "GET", "/chunked/200000/777", &ctx);
    if (r == NULL)
        return;
    static char buf[8192];
    static INTERNET_BUFFERS bo; /* must outlive a pending call */
    tc_buf body = {0};
    unsigned pended = 0;
    bool ok = true;
    for (int rounds = 0; rounds < 200000; rounds++) {
        memset(&bo, 0, sizeof bo);
        bo.dwStructSize = sizeof bo;
        bo.lpvBuffer = buf;
        bo.dwBufferLength = sizeof buf;
        memset(buf, 0xA5, 16);
        size_t mark = tc_mark();
        BOOL ret = InternetReadFileExA(r, &bo, no_wait ? IRF_NO_WAIT : 0, 0);
        DWORD err = GetLastError();
        if (!ret && err == ERROR_IO_PENDING) {
            pended++;
            long i = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, r, ctx, mark, TC_WAIT_MS);
            tc_note n = i >= 0 ? tc_get((size_t)i) : (tc_note){0};
            if (i < 0 || n.result != 1) {
                snprintf(name, sizeof name, "%s: pending call completes with {1,0}", what);
                tc_fail(name, "REQUEST_COMPLETE %s {%ju, %u}", i < 0 ? "missing" : "is", (uintmax_t)n.result,
                        (unsigned)n.error);
                ok = false;
                break;
            }
            if (no_wait) {
                static const char canary[16] = {(char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5,
                                                (char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5,
                                                (char)0xA5, (char)0xA5, (char)0xA5, (char)0xA5};
                if (bo.dwBufferLength != sizeof buf || memcmp(buf, canary, sizeof canary) != 0) {
                    snprintf(name, sizeof name, "%s: completion leaves the buffer and dwBufferLength untouched", what);
                    tc_fail(name, "dwBufferLength %u", (unsigned)bo.dwBufferLength);
                    ok = false;
                    break;
                }
                continue; /* data arrived: call again to get it */
            }
        } else if (!ret) {
            snprintf(name, sizeof name, "%s", what);
            tc_fail(name, "FALSE, GetLastError %u", (unsigned)err);
            ok = false;
            break;
        }
        if (bo.dwBufferLength == 0)
            break;
        tc_buf_append(&body, buf, bo.dwBufferLength);
    }
    if (ok) {
        snprintf(name, sizeof name, "%s: body of /chunked/200000/777 (%u calls pended)", what, pended);
        tc_check_pattern(name, body.data, body.len, 200000);
    }
    tc_buf_free(&body);
    close_request(r, ctx);
}

static void run_mode(bool async)
{
    const char *mode = async ? "async" : "sync";
    HINTERNET s = tc_open_session(async ? "async session" : "sync session", async);
    if (s == NULL)
        return;
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONNECT);
    if (c == NULL) {
        tc_fail(mode, "InternetConnect failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return;
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(mode, c, &cases[i]);
    test_query_info(mode, c);
    test_before_send(mode, c);
    test_query_data_available(mode, c);
    test_read_file_ex(mode, c, false);
    if (async)
        test_read_file_ex(mode, c, true);
    if (!async) {
        size_t n = tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, 0, 0, SIZE_MAX);
        CHECK_EQ("sync: no REQUEST_COMPLETE at all", n, 0);
    }
    size_t mark = tc_mark();
    InternetCloseHandle(c);
    tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, c, CTX_CONNECT, mark, TC_WAIT_MS);
    InternetCloseHandle(s);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    run_mode(false);
    run_mode(true);
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
