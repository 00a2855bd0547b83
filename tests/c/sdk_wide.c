/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sdk_wide.c -- the W functions of wininet_sdk.h in a UNICODE build, as a program ported from
 * Windows calls them through the unsuffixed names. Built as it is (a 4-byte wchar_t) and,
 * through sdk_wide_w16.c, with -fshort-wchar (2 bytes, UTF-16).
 *
 * WinInet contract: the W functions take and give WCHAR strings with the A functions' rules in
 * characters (InternetGetConnectedStateEx's name length), except that InternetGetCookieExW, as
 * InternetGetCookieW, reports the size needed in bytes and the length written in characters; the
 * W option list of INTERNET_OPTION_PER_CONNECTION_OPTION holds WCHAR strings; text that is not
 * valid UTF-16 / UTF-32 fails with ERROR_INVALID_PARAMETER. No C library wide function is used:
 * with -fshort-wchar they do not apply.
 *
 * Usage: sdk_wide <host> <port>
 */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* The wide string `w` as ASCII (other characters as '?'), for comparisons and messages. */
static const char *narrow(const WCHAR *w)
{
    static char out[512];
    size_t i = 0;
    if (w == NULL) {
        return "(null)";
    }
    for (; w[i] != 0 && i + 1 < sizeof out; i++) {
        out[i] = (unsigned)w[i] < 0x80 ? (char)w[i] : '?';
    }
    out[i] = 0;
    return out;
}

static size_t wide_len(const WCHAR *w)
{
    size_t n = 0;
    while (w[n] != 0) {
        n++;
    }
    return n;
}

/* `text` (ASCII) as a WCHAR string in `out`. */
static WCHAR *widen(WCHAR *out, size_t cap, const char *text)
{
    size_t i = 0;
    for (; text[i] != 0 && i + 1 < cap; i++) {
        out[i] = (WCHAR)(unsigned char)text[i];
    }
    out[i] = 0;
    return out;
}

static WCHAR url[256];

static void test_cookies(void)
{
    WCHAR buf[128];
    DWORD size;
    /* "caf\u00e9": a character beyond ASCII, kept by the jar. */
    static const WCHAR cafe[] = {'c', 'a', 'f', 0xE9, 0};
    static const WCHAR want[] = {'w', '=', 'c', 'a', 'f', 0xE9, ';', ' ', 'h', '=', '1', 0};

    CHECK_EQ("InternetSetCookieEx (W) stores a cookie", InternetSetCookieEx(url, TEXT("w"), cafe, 0, 0),
             COOKIE_STATE_ACCEPT);
    SetLastError(0);
    CHECK_EQ("an HttpOnly cookie without the flag is COOKIE_STATE_REJECT",
             InternetSetCookieEx(url, NULL, TEXT("h=1; HttpOnly"), 0, 0), COOKIE_STATE_REJECT);
    CHECK_EQ("... with ERROR_INVALID_OPERATION", GetLastError(), ERROR_INVALID_OPERATION);
    CHECK_EQ("with INTERNET_COOKIE_HTTPONLY it is accepted",
             InternetSetCookieEx(url, NULL, TEXT("h=1; HttpOnly"), INTERNET_COOKIE_HTTPONLY, 0), COOKIE_STATE_ACCEPT);

    size = 0;
    CHECK_TRUE("InternetGetCookieEx (W) with a NULL buffer succeeds",
               InternetGetCookieEx(url, NULL, NULL, &size, INTERNET_COOKIE_HTTPONLY, NULL));
    CHECK_EQ("... with the size needed in bytes, the NUL included", size, (wide_len(want) + 1) * sizeof(WCHAR));
    size = (DWORD)(sizeof buf / sizeof buf[0]);
    CHECK_TRUE("InternetGetCookieEx (W) with INTERNET_COOKIE_HTTPONLY succeeds",
               InternetGetCookieEx(url, NULL, buf, &size, INTERNET_COOKIE_HTTPONLY, NULL));
    CHECK("... with both cookies, the accented one intact",
          size == wide_len(want) + 1 && memcmp(buf, want, sizeof want) == 0);
    size = (DWORD)(sizeof buf / sizeof buf[0]);
    CHECK_TRUE("without the flag it succeeds", InternetGetCookieEx(url, NULL, buf, &size, 0, NULL));
    CHECK_STR("... and leaves the HttpOnly cookie out", narrow(buf), "w=caf?");
    size = 3;
    CHECK_FAILS("a 3-character buffer fails with 122", InternetGetCookieEx(url, NULL, buf, &size, 0, NULL),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... with the size needed in bytes", size, 7 * sizeof(WCHAR));

    static const WCHAR bad[] = {'h', 't', 't', 'p', ':', '/', '/', 0xD800, '/', 0};
    SetLastError(0);
    CHECK_EQ("a URL that is not valid UTF-16 / UTF-32 is FALSE", InternetSetCookieEx(bad, NULL, TEXT("a=1"), 0, 0),
             COOKIE_STATE_UNKNOWN);
    CHECK_EQ("... with 87", GetLastError(), ERROR_INVALID_PARAMETER);
    InternetSetCookieEx(url, NULL, TEXT("h=; expires=Thu, 01 Jan 1970 00:00:00 GMT"), INTERNET_COOKIE_HTTPONLY, 0);
    InternetSetCookieEx(url, NULL, TEXT("w=; expires=Thu, 01 Jan 1970 00:00:00 GMT"), 0, 0);
}

static void test_connection(void)
{
    WCHAR name[64], target[256];
    char ascii[256];
    DWORD flags = 0;

    BOOL up = InternetGetConnectedState(&flags, 0);
    for (size_t i = 0; i < sizeof name / sizeof name[0]; i++) {
        name[i] = 'z';
    }
    CHECK("InternetGetConnectedStateEx (W) agrees with InternetGetConnectedState",
          InternetGetConnectedStateEx(NULL, name, 64, 0) == up);
    CHECK_STR("the name, in WCHARs", narrow(name), up ? "LAN Connection" : "");
    InternetGetConnectedStateEx(NULL, name, 5, 0);
    CHECK_STR("5 characters hold 4 and the NUL", narrow(name), up ? "LAN " : "");
    CHECK_FAILS("dwReserved 1 fails with 87", InternetGetConnectedStateEx(NULL, name, 64, 1), ERROR_INVALID_PARAMETER);

    snprintf(ascii, sizeof ascii, "http://%s:%u/", tc_host, (unsigned)tc_port);
    CHECK_TRUE("InternetCheckConnection (W) to the test server succeeds",
               InternetCheckConnection(widen(target, 256, ascii), FLAG_ICC_FORCE_CONNECTION, 0));

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK("a port is reserved for the refusal", fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
                                                    getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
    snprintf(ascii, sizeof ascii, "http://127.0.0.1:%u/", (unsigned)ntohs(a.sin_port));
    CHECK_FAILS("InternetCheckConnection (W) to a refusing port fails with ERROR_NOT_CONNECTED",
                InternetCheckConnection(widen(target, 256, ascii), FLAG_ICC_FORCE_CONNECTION, 0),
                ERROR_NOT_CONNECTED);
    if (fd >= 0) {
        close(fd);
    }
}

static void test_per_connection_option(void)
{
    HINTERNET s = InternetOpen(TEXT("sdk_wide"), INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    INTERNET_PER_CONN_OPTION o[3];
    INTERNET_PER_CONN_OPTION_LIST list;
    WCHAR server[] = {'p', 'r', 'o', 'x', 'y', 0xE9, '.', 'i', 'n', 'v', 'a', 'l', 'i', 'd', ':', '8', '0', 0};
    WCHAR bypass[] = {'<', 'l', 'o', 'c', 'a', 'l', '>', 0};
    DWORD size = sizeof list;

    o[0].dwOption = INTERNET_PER_CONN_FLAGS;
    o[0].Value.dwValue = PROXY_TYPE_PROXY;
    o[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    o[1].Value.pszValue = server;
    o[2].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
    o[2].Value.pszValue = bypass;
    list.dwSize = sizeof list;
    list.pszConnection = NULL;
    list.dwOptionCount = 3;
    list.dwOptionError = 0;
    list.pOptions = o;
    CHECK("the W list has the A list's layout", sizeof(INTERNET_PER_CONN_OPTION_LISTW) ==
                                                     sizeof(INTERNET_PER_CONN_OPTION_LISTA) &&
                                                 sizeof(INTERNET_PER_CONN_OPTIONW) == sizeof(INTERNET_PER_CONN_OPTIONA));
    CHECK_TRUE("InternetSetOption (W) sets the session's settings",
               InternetSetOption(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list));
    memset(o, 0, sizeof o);
    o[0].dwOption = INTERNET_PER_CONN_FLAGS;
    o[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    o[2].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
    CHECK_TRUE("InternetQueryOption (W) reads them back",
               InternetQueryOption(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, &size));
    CHECK_EQ("FLAGS", o[0].Value.dwValue, PROXY_TYPE_PROXY);
    CHECK("PROXY_SERVER comes back as WCHARs, the accented character intact",
          o[1].Value.pszValue != NULL && memcmp(o[1].Value.pszValue, server, sizeof server) == 0);
    CHECK("PROXY_BYPASS too", o[2].Value.pszValue != NULL && memcmp(o[2].Value.pszValue, bypass, sizeof bypass) == 0);
    rinet_mem_free(o[1].Value.pszValue);
    rinet_mem_free(o[2].Value.pszValue);

    WCHAR bad[] = {'p', 0xD800, ':', '1', 0};
    o[0].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    o[0].Value.pszValue = bad;
    list.dwOptionCount = 1;
    CHECK_FAILS("a server that is not valid UTF-16 / UTF-32 fails with 87",
                InternetSetOption(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list),
                ERROR_INVALID_PARAMETER);

    DWORD timeout = 1234, back = 0, len = sizeof back;
    CHECK_TRUE("InternetSetOptionEx (W) sets a DWORD option",
               InternetSetOptionEx(s, INTERNET_OPTION_CONNECT_TIMEOUT, &timeout, sizeof timeout, ISO_GLOBAL));
    InternetQueryOption(s, INTERNET_OPTION_CONNECT_TIMEOUT, &back, &len);
    CHECK_EQ("... to the value given", back, 1234);
    InternetCloseHandle(s);
}

static void test_unsupported_and_cache(void)
{
    INTERNET_CACHE_ENTRY_INFO info;
    DWORD size = sizeof info;
    SetLastError(0);
    CHECK("FtpGetFile (W under UNICODE) fails with 120",
          !FtpGetFile(NULL, TEXT("a"), TEXT("b"), FALSE, 0, FTP_TRANSFER_TYPE_BINARY, 0) &&
              GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
    CHECK_FAILS("DeleteUrlCacheEntry (W) fails with ERROR_FILE_NOT_FOUND", DeleteUrlCacheEntry(url),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("GetUrlCacheEntryInfo (W) fails with ERROR_FILE_NOT_FOUND", GetUrlCacheEntryInfo(url, &info, &size),
                ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    CHECK("FindFirstUrlCacheEntry (W) is NULL with ERROR_NO_MORE_ITEMS",
          FindFirstUrlCacheEntry(NULL, &info, &size) == NULL && GetLastError() == ERROR_NO_MORE_ITEMS);
}

int main(int argc, char **argv)
{
    char ascii[256];
    tc_init(argc, argv);
    tc_info("sizeof(WCHAR) = %u", (unsigned)sizeof(WCHAR));
    snprintf(ascii, sizeof ascii, "http://%s:%u/", tc_host, (unsigned)tc_port);
    widen(url, 256, ascii);
    test_cookies();
    test_connection();
    test_per_connection_option();
    test_unsupported_and_cache();
    return tc_finish();
}
