/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * wide_unicode.c -- a UNICODE build, as Visual Studio projects are: the unsuffixed WinInet names
 * are the W functions, TCHAR is WCHAR and TEXT("...") is a wide literal.
 *
 * An asynchronous GET through a redirect with InternetConnect / HttpOpenRequest /
 * HttpSendRequest and a callback registered with InternetSetStatusCallback (so the W one),
 * checking each string payload byte for byte; then InternetOpenUrl, HttpQueryInfo, InternetCrackUrl
 * with URL_COMPONENTS, InternetCreateUrl, INTERNET_BUFFERS uploads and InternetQueryOption, all
 * in TCHARs. Built as it is (wchar_t of 4 bytes) and, through wide_unicode_w16.c, with
 * -fshort-wchar.
 */
#define UNICODE
#define _UNICODE
#include "check.h"

/* What a TCHAR string holds, as ISO-8859-1 bytes. */
static bool teq(const TCHAR *t, const char *a)
{
    size_t i = 0;
    for (; a[i] != '\0'; i++)
        if ((unsigned long)t[i] != (unsigned long)(unsigned char)a[i])
            return false;
    return t[i] == 0;
}

static void to_tchar(TCHAR *out, const char *in)
{
    size_t i = 0;
    for (; in[i] != '\0'; i++)
        out[i] = (TCHAR)(unsigned char)in[i];
    out[i] = 0;
}

/* The string payloads, kept raw. */
typedef struct {
    DWORD status;
    DWORD len;
    unsigned char data[256];
} payload;

static payload kept[64];
static size_t kept_count;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static void CALLBACK on_status(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    if (status == INTERNET_STATUS_RESOLVING_NAME || status == INTERNET_STATUS_NAME_RESOLVED ||
        status == INTERNET_STATUS_CONNECTING_TO_SERVER || status == INTERNET_STATUS_CONNECTED_TO_SERVER ||
        status == INTERNET_STATUS_REDIRECT) {
        pthread_mutex_lock(&kept_lock);
        if (kept_count < 64) {
            kept[kept_count].status = status;
            kept[kept_count].len = len;
            memcpy(kept[kept_count].data, info, len < 256 ? len : 256);
            kept_count++;
        }
        pthread_mutex_unlock(&kept_lock);
        /* The payload is the callback's own copy: writing into it is allowed. */
        memset(info, 0, len);
    }
    tc_record(h, ctx, status, info, len);
    tc_leave();
}

/* `text` as the bytes of a TCHAR string with its NUL. */
static size_t tchar_bytes(const char *text, unsigned char *out)
{
    size_t n = 0;
    for (size_t i = 0; i <= strlen(text); i++) {
        TCHAR c = (TCHAR)(unsigned char)text[i];
        memcpy(out + n, &c, sizeof c);
        n += sizeof c;
    }
    return n;
}

static void async_get(void)
{
    HINTERNET ses = InternetOpen(TEXT("unicode-build"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    CHECK("InternetOpen (W) in an async session", ses != NULL);
    INTERNET_STATUS_CALLBACK prev = InternetSetStatusCallback(ses, on_status);
    CHECK("InternetSetStatusCallback (W) had no callback before", prev == NULL);
    TCHAR host[64];
    to_tchar(host, tc_host);
    HINTERNET con = InternetConnect(ses, host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 1);
    LPCTSTR accept[] = {TEXT("text/plain"), TEXT("*/*"), NULL};
    HINTERNET req = HttpOpenRequest(con, TEXT("GET"), TEXT("/redirect"), NULL, NULL, accept, INTERNET_FLAG_RELOAD, 2);
    CHECK("InternetConnect and HttpOpenRequest (W)", con != NULL && req != NULL);
    size_t mark = tc_mark();
    bool pended = false;
    DWORD err = tc_await(HttpSendRequest(req, TEXT("X-Unicode: 1\r\n"), (DWORD)-1, NULL, 0), req, 2, mark, &pended);
    CHECK("HttpSendRequest (W) pends and completes", pended && err == 0);

    DWORD status = 0, size = sizeof status;
    CHECK_TRUE("HttpQueryInfo (W) status as a number",
               HttpQueryInfo(req, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &size, NULL));
    CHECK_EQ("the redirect was followed", status, 200);
    TCHAR text[64];
    size = sizeof text;
    CHECK_TRUE("HttpQueryInfo (W) content length", HttpQueryInfo(req, HTTP_QUERY_CONTENT_LENGTH, text, &size, NULL));
    CHECK("the content length in TCHARs, size in bytes", teq(text, "5") && size == sizeof(TCHAR));
    TCHAR url[128];
    size = sizeof url;
    CHECK_TRUE("InternetQueryOption (W) URL", InternetQueryOption(req, INTERNET_OPTION_URL, url, &size));
    char want[128];
    snprintf(want, sizeof want, "http://%s:%u/bytes/5", tc_host, (unsigned)tc_port);
    CHECK("the URL after the redirect, its length in characters", teq(url, want) && size == strlen(want));

    tc_buf body = {0};
    CHECK("the body", tc_read_all(req, 2, 16, &body, NULL) == 0 && body.len == 5 && memcmp(body.data, "abcde", 5) == 0);
    tc_buf_free(&body);

    char redirect_to[128];
    snprintf(redirect_to, sizeof redirect_to, "http://%s:%u/bytes/5", tc_host, (unsigned)tc_port);
    size_t redirects = 0, resolving = 0, connecting = 0;
    pthread_mutex_lock(&kept_lock);
    for (size_t i = 0; i < kept_count; i++) {
        unsigned char want_bytes[512];
        size_t want_len;
        const char *what;
        switch (kept[i].status) {
        case INTERNET_STATUS_REDIRECT:
            want_len = tchar_bytes(redirect_to, want_bytes);
            what = "REDIRECT: the new URL as WCHARs, length in bytes";
            redirects++;
            break;
        case INTERNET_STATUS_RESOLVING_NAME:
            want_len = tchar_bytes(tc_host, want_bytes);
            what = "RESOLVING_NAME: the host as WCHARs, length in bytes";
            resolving++;
            break;
        default:
            want_len = strlen(tc_host) + 1;
            memcpy(want_bytes, tc_host, want_len);
            what = "NAME_RESOLVED / CONNECTING / CONNECTED: the address as ANSI";
            connecting += kept[i].status == INTERNET_STATUS_CONNECTING_TO_SERVER;
            break;
        }
        CHECK(what, kept[i].len == want_len && memcmp(kept[i].data, want_bytes, want_len) == 0);
    }
    pthread_mutex_unlock(&kept_lock);
    CHECK_EQ("one REDIRECT", redirects, 1);
    CHECK("a connection was made", connecting >= 1 && resolving <= 1);

    mark = tc_mark();
    InternetCloseHandle(ses);
    CHECK("HANDLE_CLOSING for the request", tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, req, 2, mark, TC_WAIT_MS) >= 0);
}

static void sync_calls(void)
{
    HINTERNET ses = InternetOpen(TEXT("unicode-sync"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    TCHAR url[128];
    char a[128];
    snprintf(a, sizeof a, "http://%s:%u/bytes/7?x=1", tc_host, (unsigned)tc_port);
    to_tchar(url, a);
    HINTERNET r = InternetOpenUrl(ses, url, TEXT("X-A: 1\r\n"), (DWORD)-1, INTERNET_FLAG_RELOAD, 0);
    tc_buf b = {0};
    CHECK("InternetOpenUrl (W) reads", r != NULL && tc_read_all(r, 0, 3, &b, NULL) == 0 && b.len == 7);
    tc_buf_free(&b);
    InternetCloseHandle(r);

    URL_COMPONENTS uc;
    TCHAR host[64], path[64];
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 64;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 64;
    uc.dwExtraInfoLength = 1;
    CHECK_TRUE("InternetCrackUrl (W) with URL_COMPONENTS", InternetCrackUrl(url, 0, 0, &uc));
    CHECK("the host and path in TCHARs", teq(host, tc_host) && teq(path, "/bytes/7") && uc.nPort == tc_port);
    CHECK("the extra info points into the URL", uc.lpszExtraInfo != NULL && uc.dwExtraInfoLength == 4 &&
                                                    uc.lpszExtraInfo[0] == '?');
    TCHAR created[128];
    DWORD len = 128;
    uc.lpszExtraInfo = NULL;
    CHECK_TRUE("InternetCreateUrl (W) from the parts", InternetCreateUrl(&uc, 0, created, &len));
    snprintf(a, sizeof a, "http://%s:%u/bytes/7", tc_host, (unsigned)tc_port);
    CHECK("the URL made again", teq(created, a) && len == strlen(a));
    TCHAR canon[128];
    len = 128;
    CHECK_TRUE("InternetCanonicalizeUrl (W)", InternetCanonicalizeUrl(TEXT("http://h/a/../b c"), canon, &len, 0));
    CHECK("canonical", teq(canon, "http://h/b%20c") && len == 14);

    HINTERNET con = InternetConnect(ses, host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET up = HttpOpenRequest(con, TEXT("POST"), TEXT("/upload"), NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
    INTERNET_BUFFERS ib;
    memset(&ib, 0, sizeof ib);
    ib.dwStructSize = sizeof ib;
    ib.lpcszHeader = TEXT("Content-Type: text/plain\r\n");
    ib.dwHeadersLength = (DWORD)-1;
    ib.dwBufferTotal = 4;
    DWORD wrote = 0;
    CHECK_TRUE("HttpSendRequestEx (W) with INTERNET_BUFFERS", HttpSendRequestEx(up, &ib, NULL, 0, 0));
    CHECK_TRUE("InternetWriteFile", InternetWriteFile(up, "wxyz", 4, &wrote));
    CHECK_TRUE("HttpEndRequest (W)", HttpEndRequest(up, NULL, 0, 0));
    char reply[64], want[64];
    DWORD got = 0;
    CHECK_TRUE("read the reply", InternetReadFile(up, reply, sizeof reply - 1, &got));
    reply[got] = '\0';
    tc_upload_reply(want, sizeof want, 4, tc_fnv1a64(TC_FNV_OFFSET, "wxyz", 4));
    CHECK_STR("the server got the body", reply, want);

    TCHAR info[64];
    DWORD err = 1;
    len = 64;
    CHECK_TRUE("InternetGetLastResponseInfo (W)", InternetGetLastResponseInfo(&err, info, &len));
    CHECK("the status line in TCHARs", teq(info, "HTTP/1.1 200 OK") && len == 15 && err == 0);

    CHECK_TRUE("InternetSetCookie (W)", InternetSetCookie(TEXT("http://u.test/"), TEXT("t"), TEXT("1")));
    TCHAR cookie[16];
    len = 16;
    CHECK_TRUE("InternetGetCookie (W)", InternetGetCookie(TEXT("http://u.test/"), NULL, cookie, &len));
    CHECK("the cookie in TCHARs, its length with the NUL", teq(cookie, "t=1") && len == 4);

    SYSTEMTIME st = {2024, 2, 4, 29, 23, 59, 1, 0};
    TCHAR date[INTERNET_RFC1123_BUFSIZE];
    CHECK_TRUE("InternetTimeFromSystemTime (W)", InternetTimeFromSystemTime(&st, INTERNET_RFC1123_FORMAT, date, sizeof date));
    CHECK("the date in TCHARs", teq(date, "Thu, 29 Feb 2024 23:59:01 GMT"));
    SYSTEMTIME back;
    CHECK_TRUE("InternetTimeToSystemTime (W)", InternetTimeToSystemTime(date, &back, 0));
    CHECK("the date read back", back.wYear == 2024 && back.wMonth == 2 && back.wDay == 29 && back.wDayOfWeek == 4);
    InternetCloseHandle(ses);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    tc_info("TCHAR is %u bytes", (unsigned)sizeof(TCHAR));
    CHECK("TCHAR is WCHAR in a UNICODE build", sizeof(TCHAR) == sizeof(WCHAR) && sizeof(TEXT("ab")) == 3 * sizeof(WCHAR));
    async_get();
    sync_calls();
    tc_check_no_live_handles("every handle released");
    return tc_finish();
}
