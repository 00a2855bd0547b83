/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sdk.c -- the WinInet functions of wininet_sdk.h that rinet provides, through the header, as a
 * program ported from Windows calls them (ANSI build).
 *
 * WinInet contract (Microsoft's documentation of each function, and the answers WinInet gives
 * without a user interface):
 *   - InternetSetCookieExA / InternetGetCookieExA: INTERNET_COOKIE_HTTPONLY lets a call set,
 *     replace and read HttpOnly cookies; without it InternetSetCookie(Ex) refuses them
 *     (FALSE / COOKIE_STATE_REJECT with ERROR_INVALID_OPERATION) and InternetGetCookie(Ex)
 *     leaves them out; a stored cookie is COOKIE_STATE_ACCEPT; requests send HttpOnly cookies;
 *   - InternetGetConnectedState(Ex)A, InternetAttemptConnect, InternetCheckConnectionA (with a
 *     listening and a refusing port of 127.0.0.1);
 *   - InternetErrorDlg's answers with FLAGS_ERROR_UI_FLAGS_NO_UI, and with a NULL window
 *     without it;
 *   - INTERNET_OPTION_PER_CONNECTION_OPTION: query and set round trips on a session and on the
 *     NULL handle, strings allocated for the caller, the errors of a bad list;
 *   - InternetSetFilePointer and InternetSetOptionExA;
 *   - the URL-cache functions' answers for entries that are not in the cache.
 *
 * Usage: sdk <host> <port>   (the test server; its /headers route echoes the request head)
 */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static char url[256];

/* The request head the test server saw for a GET of /headers on a new session. */
static void get_headers(char *out, size_t cap)
{
    out[0] = 0;
    HINTERNET s = InternetOpenA("sdk", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET c = s ? InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/headers", NULL, NULL, NULL, 0, 0) : NULL;
    if (r != NULL && HttpSendRequestA(r, NULL, 0, NULL, 0)) {
        DWORD got = 0, at = 0;
        while (at + 1 < cap && InternetReadFile(r, out + at, (DWORD)(cap - 1 - at), &got) && got > 0) {
            at += got;
        }
        out[at] = 0;
    }
    if (s != NULL) {
        InternetCloseHandle(s);
    }
}

static void test_cookies(void)
{
    char buf[256];
    DWORD size;

    CHECK_EQ("InternetSetCookieExA of a plain cookie is COOKIE_STATE_ACCEPT",
             InternetSetCookieExA(url, NULL, "plain=1", 0, 0), COOKIE_STATE_ACCEPT);

    SetLastError(0);
    CHECK_EQ("InternetSetCookieExA of an HttpOnly cookie without the flag is COOKIE_STATE_REJECT",
             InternetSetCookieExA(url, NULL, "secret=1; HttpOnly", 0, 0), COOKIE_STATE_REJECT);
    CHECK_EQ("... with GetLastError() ERROR_INVALID_OPERATION", GetLastError(), ERROR_INVALID_OPERATION);
    CHECK_FAILS("InternetSetCookieA of an HttpOnly cookie fails with ERROR_INVALID_OPERATION",
                InternetSetCookieA(url, "secret", "1; httponly"), ERROR_INVALID_OPERATION);

    CHECK_EQ("InternetSetCookieExA of an HttpOnly cookie with INTERNET_COOKIE_HTTPONLY is accepted",
             InternetSetCookieExA(url, "secret", "2; HttpOnly", INTERNET_COOKIE_HTTPONLY, 0), COOKIE_STATE_ACCEPT);
    CHECK_EQ("the other INTERNET_COOKIE_* flags are accepted",
             InternetSetCookieExA(url, NULL, "flags=1", INTERNET_COOKIE_THIRD_PARTY | INTERNET_COOKIE_EVALUATE_P3P, 0),
             COOKIE_STATE_ACCEPT);

    size = sizeof buf;
    CHECK_TRUE("InternetGetCookieA succeeds", InternetGetCookieA(url, NULL, buf, &size));
    CHECK_STR("InternetGetCookieA leaves the HttpOnly cookie out", buf, "plain=1; flags=1");
    size = sizeof buf;
    CHECK_TRUE("InternetGetCookieExA without the flag succeeds", InternetGetCookieExA(url, NULL, buf, &size, 0, NULL));
    CHECK_STR("InternetGetCookieExA without the flag leaves it out", buf, "plain=1; flags=1");
    size = sizeof buf;
    CHECK_TRUE("InternetGetCookieExA with INTERNET_COOKIE_HTTPONLY succeeds",
               InternetGetCookieExA(url, NULL, buf, &size, INTERNET_COOKIE_HTTPONLY, NULL));
    CHECK_STR("InternetGetCookieExA with INTERNET_COOKIE_HTTPONLY returns it too", buf,
              "plain=1; secret=2; flags=1");
    CHECK_EQ("... and sets the size to the length plus the NUL", size, strlen("plain=1; secret=2; flags=1") + 1);

    size = 0;
    CHECK_TRUE("InternetGetCookieExA with a NULL buffer succeeds",
               InternetGetCookieExA(url, NULL, NULL, &size, INTERNET_COOKIE_HTTPONLY, NULL));
    CHECK_EQ("... with the size needed, the NUL included", size, strlen("plain=1; secret=2; flags=1") + 1);
    size = 4;
    CHECK_FAILS("InternetGetCookieExA into 4 bytes fails with 122",
                InternetGetCookieExA(url, NULL, buf, &size, INTERNET_COOKIE_HTTPONLY, NULL),
                ERROR_INSUFFICIENT_BUFFER);

    SetLastError(0);
    CHECK_EQ("replacing the HttpOnly cookie without the flag is COOKIE_STATE_REJECT",
             InternetSetCookieExA(url, "secret", "3", 0, 0), COOKIE_STATE_REJECT);
    CHECK_EQ("... with ERROR_INVALID_OPERATION", GetLastError(), ERROR_INVALID_OPERATION);
    size = sizeof buf;
    InternetGetCookieExA(url, NULL, buf, &size, INTERNET_COOKIE_HTTPONLY, NULL);
    CHECK_STR("the HttpOnly cookie kept its value", buf, "plain=1; secret=2; flags=1");

    char head[8192];
    get_headers(head, sizeof head);
    CHECK("a request sends the HttpOnly cookie", strstr(head, "Cookie: plain=1; secret=2; flags=1\r\n") != NULL);

    SetLastError(0);
    CHECK_EQ("InternetSetCookieExA with a NULL URL is COOKIE_STATE_UNKNOWN (FALSE)",
             InternetSetCookieExA(NULL, NULL, "a=1", 0, 0), COOKIE_STATE_UNKNOWN);
    CHECK_EQ("... with 87", GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ("InternetSetCookieExA of an ftp URL is FALSE", InternetSetCookieExA("ftp://sdk.invalid/", NULL, "a=1", 0, 0),
             COOKIE_STATE_UNKNOWN);
    CHECK_EQ("... with 12006", GetLastError(), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    size = sizeof buf;
    CHECK_FAILS("InternetGetCookieExA of a URL without cookies fails with ERROR_NO_MORE_ITEMS",
                InternetGetCookieExA("http://sdk-nothing.invalid/", NULL, buf, &size, INTERNET_COOKIE_HTTPONLY, NULL),
                ERROR_NO_MORE_ITEMS);
    CHECK_FAILS("InternetGetCookieExA with a NULL size fails with 87",
                InternetGetCookieExA(url, NULL, buf, NULL, 0, NULL), ERROR_INVALID_PARAMETER);

    /* Expire both, with the leave the HttpOnly one needs. */
    InternetSetCookieExA(url, NULL, "secret=; expires=Thu, 01 Jan 1970 00:00:00 GMT", INTERNET_COOKIE_HTTPONLY, 0);
    InternetSetCookieExA(url, NULL, "plain=; expires=Thu, 01 Jan 1970 00:00:00 GMT", 0, 0);
    InternetSetCookieExA(url, NULL, "flags=; expires=Thu, 01 Jan 1970 00:00:00 GMT", 0, 0);
    size = sizeof buf;
    CHECK_FAILS("expired cookies are gone", InternetGetCookieExA(url, NULL, buf, &size, INTERNET_COOKIE_HTTPONLY, NULL),
                ERROR_NO_MORE_ITEMS);
}

static void test_connected_state(void)
{
    DWORD flags = 0xdeadbeef, flags_ex = 0xdeadbeef;
    char name[64];

    SetLastError(0xdeadbeef);
    BOOL up = InternetGetConnectedState(&flags, 0);
    DWORD err = GetLastError();
    tc_info("InternetGetConnectedState: %d, flags 0x%x", up, (unsigned)flags);
    CHECK("InternetGetConnectedState sets GetLastError() to 0 either way", err == 0);
    CHECK("its flags are LAN when it is TRUE, and never MODEM, CONFIGURED or RAS_INSTALLED",
          (up ? (flags & INTERNET_CONNECTION_LAN) != 0 : (flags & INTERNET_CONNECTION_LAN) == 0) &&
              (flags & (INTERNET_CONNECTION_MODEM | INTERNET_CONNECTION_CONFIGURED | INTERNET_RAS_INSTALLED)) == 0);
    CHECK("InternetGetConnectedState accepts a NULL flags pointer", InternetGetConnectedState(NULL, 0) == up);
    CHECK_FAILS("InternetGetConnectedState with dwReserved 1 fails with 87", InternetGetConnectedState(&flags, 1),
                ERROR_INVALID_PARAMETER);

    memset(name, 'z', sizeof name);
    BOOL up_ex = InternetGetConnectedStateExA(&flags_ex, name, sizeof name, 0);
    CHECK("InternetGetConnectedStateExA agrees with InternetGetConnectedState", up_ex == up && flags_ex == flags);
    CHECK_STR("the connection's name", name, up ? "LAN Connection" : "");
    memset(name, 'z', sizeof name);
    InternetGetConnectedStateExA(NULL, name, 5, 0);
    CHECK_STR("a 5-char buffer gets the name cut to 4 chars", name, up ? "LAN " : "");
    memset(name, 'z', sizeof name);
    InternetGetConnectedStateExA(NULL, name, 1, 0);
    CHECK("a 1-char buffer gets an empty name", name[0] == 0 && name[1] == 'z');
    memset(name, 'z', sizeof name);
    InternetGetConnectedStateExA(&flags_ex, name, 0, 0);
    CHECK("a 0-char buffer is not written", name[0] == 'z');
    CHECK_FAILS("InternetGetConnectedStateExA with dwReserved 1 fails with 87",
                InternetGetConnectedStateExA(NULL, NULL, 0, 1), ERROR_INVALID_PARAMETER);
    CHECK_EQ("InternetAttemptConnect answers as the connected state", InternetAttemptConnect(0),
             up ? ERROR_SUCCESS : ERROR_NOT_CONNECTED);
    CHECK("InternetGetConnectedStateEx maps to the A function", InternetGetConnectedStateEx(NULL, NULL, 0, 0) == up);
}

static void test_check_connection(void)
{
    char target[256];

    snprintf(target, sizeof target, "http://%s:%u/never-requested", tc_host, (unsigned)tc_port);
    CHECK_TRUE("InternetCheckConnectionA to the listening test server succeeds",
               InternetCheckConnectionA(target, FLAG_ICC_FORCE_CONNECTION, 0));
    CHECK_TRUE("... also without FLAG_ICC_FORCE_CONNECTION", InternetCheckConnectionA(target, 0, 0));

    /* A port that refuses: a socket bound to it, not listening, keeps it from anyone else. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    int bound = fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
                getsockname(fd, (struct sockaddr *)&a, &alen) == 0;
    CHECK("a port is reserved for the refusal", bound);
    snprintf(target, sizeof target, "http://127.0.0.1:%u/", (unsigned)ntohs(a.sin_port));
    CHECK_FAILS("InternetCheckConnectionA to a refusing port fails with ERROR_NOT_CONNECTED",
                InternetCheckConnectionA(target, FLAG_ICC_FORCE_CONNECTION, 0), ERROR_NOT_CONNECTED);
    if (fd >= 0) {
        close(fd);
    }

    CHECK_FAILS("a name that does not resolve fails with ERROR_NOT_CONNECTED",
                InternetCheckConnectionA("http://sdk-check.invalid/", FLAG_ICC_FORCE_CONNECTION, 0),
                ERROR_NOT_CONNECTED);
    CHECK_FAILS("a URL without a host fails with 12005", InternetCheckConnectionA("http:///x", 0, 0),
                ERROR_INTERNET_INVALID_URL);
    CHECK_FAILS("a scheme with no port fails with 12006", InternetCheckConnectionA("gopher://sdk.invalid/", 0, 0),
                ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    CHECK_FAILS("an unknown flag fails with 87", InternetCheckConnectionA(target, 2, 0), ERROR_INVALID_PARAMETER);
    BOOL up = InternetGetConnectedState(NULL, 0);
    BOOL any = InternetCheckConnectionA(NULL, 0, 0);
    DWORD err = GetLastError();
    CHECK("a NULL URL answers as the connected state", any == up && (up || err == ERROR_NOT_CONNECTED));
}

static void test_error_dlg(void)
{
    HINTERNET s = InternetOpenA("sdk", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/status/401", NULL, NULL, NULL, 0, 0);
    void *window = &window; /* any non-NULL window (an HWND): none is ever used */
    const DWORD no_ui = FLAGS_ERROR_UI_FLAGS_NO_UI, filter = FLAGS_ERROR_UI_FILTER_FOR_ERRORS | FLAGS_ERROR_UI_FLAGS_NO_UI;

    CHECK("the handles open", s && c && r);
    CHECK_EQ("a NULL window without FLAGS_ERROR_UI_FLAGS_NO_UI is ERROR_INVALID_HANDLE",
             InternetErrorDlg(NULL, NULL, ERROR_INTERNET_SEC_CERT_ERRORS, 0, NULL), ERROR_INVALID_HANDLE);
    CHECK_EQ("a forged request handle is ERROR_INVALID_HANDLE",
             InternetErrorDlg(window, (HINTERNET)(uintptr_t)0xdeadbeef, ERROR_INTERNET_SEC_CERT_ERRORS, no_ui, NULL),
             ERROR_INVALID_HANDLE);
    CHECK_EQ("a session handle is ERROR_SUCCESS", InternetErrorDlg(NULL, s, ERROR_INTERNET_SEC_CERT_ERRORS, no_ui, NULL),
             ERROR_SUCCESS);
    CHECK_EQ("a connect handle is ERROR_SUCCESS", InternetErrorDlg(NULL, c, ERROR_INTERNET_INVALID_CA, no_ui, NULL),
             ERROR_SUCCESS);

    static const struct {
        DWORD error, plain, filtered, without_request;
    } table[] = {
        {ERROR_INTERNET_SEC_CERT_DATE_INVALID, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_SEC_CERT_CN_INVALID, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_INVALID_CA, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_SEC_CERT_ERRORS, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_SEC_CERT_REV_FAILED, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_SEC_CERT_REVOKED, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_MIXED_SECURITY, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_CANCELLED},
        {ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR, ERROR_SUCCESS, ERROR_SUCCESS, ERROR_SUCCESS},
        {ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR, ERROR_SUCCESS, ERROR_SUCCESS, ERROR_SUCCESS},
        {ERROR_INTERNET_CHG_POST_IS_NON_SECURE, ERROR_SUCCESS, ERROR_SUCCESS, ERROR_SUCCESS},
        {ERROR_INTERNET_POST_IS_NON_SECURE, ERROR_SUCCESS, ERROR_SUCCESS, ERROR_SUCCESS},
        {ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION, ERROR_HTTP_COOKIE_DECLINED, ERROR_HTTP_COOKIE_DECLINED,
         ERROR_HTTP_COOKIE_DECLINED},
        {ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_INVALID_PARAMETER},
        {ERROR_INTERNET_INSERT_CDROM, ERROR_CANCELLED, ERROR_CANCELLED, ERROR_INVALID_PARAMETER},
        {ERROR_INTERNET_INCORRECT_PASSWORD, ERROR_SUCCESS, ERROR_SUCCESS, ERROR_INVALID_PARAMETER},
        {ERROR_INTERNET_TIMEOUT, ERROR_CANCELLED, ERROR_SUCCESS, ERROR_CANCELLED},
        {ERROR_INTERNET_CANNOT_CONNECT, ERROR_CANCELLED, ERROR_SUCCESS, ERROR_CANCELLED},
        {0xdeadbeef, ERROR_CANCELLED, ERROR_SUCCESS, ERROR_CANCELLED},
        {ERROR_SUCCESS, ERROR_SUCCESS, ERROR_SUCCESS, ERROR_INVALID_PARAMETER},
    };
    char what[160];
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        DWORD e = table[i].error;
        DWORD want_plain = e == ERROR_SUCCESS ? ERROR_SUCCESS : table[i].plain;
        snprintf(what, sizeof what, "InternetErrorDlg(%u, NO_UI) on a request without a response", (unsigned)e);
        CHECK_EQ(what, InternetErrorDlg(window, r, e, no_ui, NULL), want_plain);
        snprintf(what, sizeof what, "InternetErrorDlg(%u, FILTER_FOR_ERRORS | NO_UI)", (unsigned)e);
        CHECK_EQ(what, InternetErrorDlg(NULL, r, e, filter, NULL), table[i].filtered);
        snprintf(what, sizeof what, "InternetErrorDlg(%u, FILTER_FOR_ERRORS | NO_UI) without a request", (unsigned)e);
        DWORD want_bare = table[i].without_request;
        if (e == ERROR_SUCCESS) {
            want_bare = ERROR_INVALID_PARAMETER;
        } else if (want_bare == ERROR_CANCELLED && table[i].filtered == ERROR_SUCCESS) {
            want_bare = ERROR_SUCCESS;
        }
        CHECK_EQ(what, InternetErrorDlg(NULL, NULL, e, filter, NULL), want_bare);
    }
    CHECK_EQ("the answer is also GetLastError()",
             (InternetErrorDlg(NULL, r, ERROR_INTERNET_INVALID_CA, no_ui, NULL), GetLastError()), ERROR_CANCELLED);

    /* A 401 without credentials, and with credentials but no challenge rinet can answer. */
    CHECK_TRUE("a request for /status/401 completes", HttpSendRequestA(r, NULL, 0, NULL, 0));
    DWORD status = 0, len = sizeof status;
    HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &len, NULL);
    CHECK_EQ("... with 401", status, 401);
    const DWORD retry_flags = FLAGS_ERROR_UI_FILTER_FOR_ERRORS | FLAGS_ERROR_UI_FLAGS_CHANGE_OPTIONS |
                              FLAGS_ERROR_UI_FLAGS_GENERATE_DATA | FLAGS_ERROR_UI_FLAGS_NO_UI;
    CHECK_EQ("a 401 and no credentials: ERROR_CANCELLED", InternetErrorDlg(NULL, r, ERROR_SUCCESS, retry_flags, NULL),
             ERROR_CANCELLED);
    CHECK_EQ("... also as ERROR_INTERNET_INCORRECT_PASSWORD",
             InternetErrorDlg(NULL, r, ERROR_INTERNET_INCORRECT_PASSWORD, retry_flags, NULL), ERROR_CANCELLED);
    char user[] = "user", pass[] = "pass";
    InternetSetOptionA(r, INTERNET_OPTION_USERNAME, user, (DWORD)strlen(user));
    InternetSetOptionA(r, INTERNET_OPTION_PASSWORD, pass, (DWORD)strlen(pass));
    CHECK_EQ("credentials, but no challenge rinet can answer: ERROR_CANCELLED",
             InternetErrorDlg(NULL, r, ERROR_SUCCESS, retry_flags, NULL), ERROR_CANCELLED);

    HINTERNET ok = HttpOpenRequestA(c, "GET", "/status/200", NULL, NULL, NULL, 0, 0);
    HttpSendRequestA(ok, NULL, 0, NULL, 0);
    CHECK_EQ("a 200 response: ERROR_SUCCESS", InternetErrorDlg(NULL, ok, ERROR_SUCCESS, retry_flags, NULL),
             ERROR_SUCCESS);
    InternetCloseHandle(s);
}

/* A query of FLAGS, PROXY_SERVER and PROXY_BYPASS; the strings are the caller's to free. */
static BOOL query_proxy(HINTERNET h, DWORD *flags, char **server, char **bypass)
{
    INTERNET_PER_CONN_OPTIONA o[3];
    INTERNET_PER_CONN_OPTION_LISTA list;
    DWORD size = sizeof list;
    memset(o, 0, sizeof o);
    o[0].dwOption = INTERNET_PER_CONN_FLAGS;
    o[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    o[2].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
    list.dwSize = sizeof list;
    list.pszConnection = NULL;
    list.dwOptionCount = 3;
    list.dwOptionError = 0;
    list.pOptions = o;
    BOOL ok = InternetQueryOptionA(h, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, &size);
    *flags = o[0].Value.dwValue;
    *server = o[1].Value.pszValue;
    *bypass = o[2].Value.pszValue;
    return ok && size == sizeof list;
}

static BOOL set_proxy(HINTERNET h, DWORD flags, const char *server, const char *bypass)
{
    INTERNET_PER_CONN_OPTIONA o[3];
    INTERNET_PER_CONN_OPTION_LISTA list;
    o[0].dwOption = INTERNET_PER_CONN_FLAGS;
    o[0].Value.dwValue = flags;
    o[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    o[1].Value.pszValue = (LPSTR)server;
    o[2].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
    o[2].Value.pszValue = (LPSTR)bypass;
    list.dwSize = sizeof list;
    list.pszConnection = NULL;
    list.dwOptionCount = 3;
    list.dwOptionError = 0;
    list.pOptions = o;
    return InternetSetOptionA(h, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list);
}

static void test_per_connection_option(void)
{
    DWORD flags = 0;
    char *server = NULL, *bypass = NULL;
    HINTERNET s = InternetOpenA("sdk", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);

    CHECK_TRUE("a query on a direct session succeeds", query_proxy(s, &flags, &server, &bypass));
    CHECK("... PROXY_TYPE_DIRECT, no server, no bypass list",
          flags == PROXY_TYPE_DIRECT && server == NULL && bypass == NULL);

    CHECK_TRUE("setting PROXY_TYPE_PROXY and the lists on the session succeeds",
               set_proxy(s, PROXY_TYPE_PROXY, "proxy.sdk.invalid:3128", "<local>;*.internal"));
    CHECK_TRUE("querying them back succeeds", query_proxy(s, &flags, &server, &bypass));
    CHECK_EQ("FLAGS is PROXY_TYPE_PROXY", flags, PROXY_TYPE_PROXY);
    CHECK_STR("PROXY_SERVER round-trips", server, "proxy.sdk.invalid:3128");
    CHECK_STR("PROXY_BYPASS round-trips", bypass, "<local>;*.internal");
    rinet_mem_free(server);
    rinet_mem_free(bypass);

    INTERNET_PROXY_INFO *info;
    union {
        INTERNET_PROXY_INFO info;
        char raw[512];
    } pi;
    DWORD len = sizeof pi;
    CHECK_TRUE("INTERNET_OPTION_PROXY follows", InternetQueryOptionA(s, INTERNET_OPTION_PROXY, &pi, &len));
    info = &pi.info;
    CHECK("... as INTERNET_OPEN_TYPE_PROXY with the server",
          info->dwAccessType == INTERNET_OPEN_TYPE_PROXY && info->lpszProxy != NULL &&
              strcmp(info->lpszProxy, "proxy.sdk.invalid:3128") == 0);

    /* Only the flag: the lists stay, the proxy is off. */
    INTERNET_PER_CONN_OPTIONA one;
    INTERNET_PER_CONN_OPTION_LISTA list;
    one.dwOption = INTERNET_PER_CONN_FLAGS;
    one.Value.dwValue = PROXY_TYPE_DIRECT | PROXY_TYPE_AUTO_DETECT;
    list.dwSize = sizeof list;
    list.pszConnection = NULL;
    list.dwOptionCount = 1;
    list.dwOptionError = 0;
    list.pOptions = &one;
    CHECK_TRUE("setting FLAGS alone succeeds",
               InternetSetOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list));
    query_proxy(s, &flags, &server, &bypass);
    CHECK("the proxy is off (no AUTO bits reported) and the lists stay",
          flags == PROXY_TYPE_DIRECT && server != NULL && strcmp(server, "proxy.sdk.invalid:3128") == 0);
    rinet_mem_free(server);
    rinet_mem_free(bypass);

    /* The proxy-script options: accepted, reported as NULL and 0. */
    INTERNET_PER_CONN_OPTIONA autos[3];
    autos[0].dwOption = INTERNET_PER_CONN_AUTOCONFIG_URL;
    autos[0].Value.pszValue = (LPSTR) "http://wpad.sdk.invalid/wpad.dat";
    autos[1].dwOption = INTERNET_PER_CONN_AUTODISCOVERY_FLAGS;
    autos[1].Value.dwValue = AUTO_PROXY_FLAG_ALWAYS_DETECT;
    autos[2].dwOption = INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_TIME;
    autos[2].Value.ftValue.dwLowDateTime = 7;
    autos[2].Value.ftValue.dwHighDateTime = 7;
    list.dwOptionCount = 3;
    list.pOptions = autos;
    CHECK_TRUE("setting the proxy-script options succeeds",
               InternetSetOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list));
    DWORD size = sizeof list;
    CHECK_TRUE("querying them succeeds", InternetQueryOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, &size));
    CHECK("... NULL, 0 and a zero time", autos[0].Value.pszValue == NULL && autos[1].Value.dwValue == 0 &&
                                             autos[2].Value.ftValue.dwLowDateTime == 0 &&
                                             autos[2].Value.ftValue.dwHighDateTime == 0);

    /* Bad lists. */
    INTERNET_PER_CONN_OPTIONA bad[2];
    bad[0].dwOption = INTERNET_PER_CONN_FLAGS;
    bad[0].Value.dwValue = PROXY_TYPE_DIRECT;
    bad[1].dwOption = 77;
    bad[1].Value.dwValue = 0;
    list.dwOptionCount = 2;
    list.pOptions = bad;
    list.dwOptionError = 0xdeadbeef;
    CHECK_FAILS("an unknown option fails a set with 87",
                InternetSetOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list),
                ERROR_INVALID_PARAMETER);
    CHECK_EQ("... and dwOptionError names it", list.dwOptionError, 1);
    list.dwOptionError = 0xdeadbeef;
    size = sizeof list;
    CHECK_FAILS("an unknown option fails a query with 87",
                InternetQueryOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, &size), ERROR_INVALID_PARAMETER);
    CHECK_EQ("... and dwOptionError names it", list.dwOptionError, 1);
    CHECK_FAILS("a proxy list that cannot be read fails with 87", set_proxy(s, PROXY_TYPE_PROXY, "http=", ""),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS("a server with a CR LF fails with 87", set_proxy(s, PROXY_TYPE_PROXY, "p:1\r\nX: y", ""),
                ERROR_INVALID_PARAMETER);
    list.dwOptionCount = 1;
    list.dwSize = 3;
    CHECK_FAILS("a wrong dwSize fails with 87",
                InternetSetOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof list),
                ERROR_INVALID_PARAMETER);
    list.dwSize = sizeof list;
    CHECK_FAILS("a short buffer length fails a set with 12010",
                InternetSetOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, 4), ERROR_INTERNET_BAD_OPTION_LENGTH);
    size = 4;
    CHECK_FAILS("a short buffer length fails a query with 122",
                InternetQueryOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, &size), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("... with the list's size", size, sizeof list);
    CHECK_FAILS("a NULL list fails a set with 87",
                InternetSetOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, NULL, sizeof list), ERROR_INVALID_PARAMETER);
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    CHECK_FAILS("a connect handle fails with 12018", set_proxy(c, PROXY_TYPE_DIRECT, NULL, NULL),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    InternetCloseHandle(s);

    /* The NULL handle: the preconfigured settings, taken by PRECONFIG sessions opened later. */
    CHECK_TRUE("setting the NULL handle's settings succeeds",
               set_proxy(NULL, PROXY_TYPE_PROXY, "http=preconfig.sdk.invalid:8080", "<local>"));
    query_proxy(NULL, &flags, &server, &bypass);
    CHECK("the NULL handle reports them", flags == PROXY_TYPE_PROXY && server != NULL &&
                                              strcmp(server, "http=preconfig.sdk.invalid:8080") == 0 &&
                                              bypass != NULL && strcmp(bypass, "<local>") == 0);
    rinet_mem_free(server);
    rinet_mem_free(bypass);
    DWORD cs = 0;
    InternetGetConnectedState(&cs, 0);
    CHECK("InternetGetConnectedState reports INTERNET_CONNECTION_PROXY", (cs & INTERNET_CONNECTION_PROXY) != 0);
    HINTERNET pre = InternetOpenA("sdk", INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL, 0);
    query_proxy(pre, &flags, &server, &bypass);
    CHECK("a PRECONFIG session opened afterwards takes them",
          flags == PROXY_TYPE_PROXY && server != NULL && strcmp(server, "http=preconfig.sdk.invalid:8080") == 0);
    rinet_mem_free(server);
    rinet_mem_free(bypass);
    HINTERNET direct = InternetOpenA("sdk", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    query_proxy(direct, &flags, &server, &bypass);
    CHECK("a DIRECT session does not", flags == PROXY_TYPE_DIRECT && server == NULL);
    CHECK_TRUE("setting the NULL handle back to DIRECT succeeds", set_proxy(NULL, PROXY_TYPE_DIRECT, NULL, NULL));
    query_proxy(pre, &flags, &server, &bypass);
    CHECK("the open PRECONFIG session keeps its settings", flags == PROXY_TYPE_PROXY && server != NULL);
    rinet_mem_free(server);
    rinet_mem_free(bypass);
    InternetGetConnectedState(&cs, 0);
    CHECK("INTERNET_CONNECTION_PROXY is gone", (cs & INTERNET_CONNECTION_PROXY) == 0);
    InternetCloseHandle(pre);
    InternetCloseHandle(direct);
}

static void test_file_pointer_and_option_ex(void)
{
    HINTERNET s = InternetOpenA("sdk", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/bytes/100", NULL, NULL, NULL, 0, 0);
    char body[128];
    DWORD got = 0;

    HttpSendRequestA(r, NULL, 0, NULL, 0);
    SetLastError(0);
    CHECK_EQ("InternetSetFilePointer on a request is INVALID_SET_FILE_POINTER",
             InternetSetFilePointer(r, 10, NULL, FILE_BEGIN, 0), INVALID_SET_FILE_POINTER);
    CHECK_EQ("... with ERROR_INTERNET_INVALID_OPERATION (no cache file)", GetLastError(),
             ERROR_INTERNET_INVALID_OPERATION);
    InternetSetFilePointer(r, 0, NULL, 7, 0);
    CHECK_EQ("a bad move method is 87", GetLastError(), ERROR_INVALID_PARAMETER);
    InternetSetFilePointer(c, 0, NULL, FILE_BEGIN, 0);
    CHECK_EQ("a connect handle is 12018", GetLastError(), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    InternetSetFilePointer(NULL, 0, NULL, FILE_BEGIN, 0);
    CHECK_EQ("a NULL handle is 6", GetLastError(), ERROR_INVALID_HANDLE);
    CHECK("the body still reads from the start",
          InternetReadFile(r, body, sizeof body, &got) && got == 100 && memcmp(body, "abcdefghij", 10) == 0);

    DWORD timeout = 4321, back = 0, len = sizeof back;
    CHECK_TRUE("InternetSetOptionExA with ISO_GLOBAL sets the option",
               InternetSetOptionExA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, &timeout, sizeof timeout, ISO_GLOBAL));
    InternetQueryOptionA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, &back, &len);
    CHECK_EQ("... to the value given", back, 4321);
    CHECK_FAILS("InternetSetOptionExA with an unknown flag fails with 87",
                InternetSetOptionExA(r, INTERNET_OPTION_RECEIVE_TIMEOUT, &timeout, sizeof timeout, 0x100),
                ERROR_INVALID_PARAMETER);
    InternetCloseHandle(s);
}

static void test_url_cache(void)
{
    char file[MAX_PATH];
    INTERNET_CACHE_ENTRY_INFOA info;
    DWORD size = sizeof info;
    FILETIME zero = {0, 0};

    CHECK_FAILS("DeleteUrlCacheEntryA fails with ERROR_FILE_NOT_FOUND", DeleteUrlCacheEntryA(url),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("DeleteUrlCacheEntry (mapped to A) too", DeleteUrlCacheEntry(url), ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("DeleteUrlCacheEntryA(NULL) fails with 87", DeleteUrlCacheEntryA(NULL), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("GetUrlCacheEntryInfoA fails with ERROR_FILE_NOT_FOUND", GetUrlCacheEntryInfoA(url, &info, &size),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("GetUrlCacheEntryInfoExA fails with ERROR_FILE_NOT_FOUND",
                GetUrlCacheEntryInfoExA(url, &info, &size, NULL, NULL, NULL, 0), ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("RetrieveUrlCacheEntryFileA fails with ERROR_FILE_NOT_FOUND",
                RetrieveUrlCacheEntryFileA(url, &info, &size, 0), ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("UnlockUrlCacheEntryFileA fails with ERROR_FILE_NOT_FOUND", UnlockUrlCacheEntryFileA(url, 0),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("CreateUrlCacheEntryA fails with ERROR_FILE_NOT_FOUND", CreateUrlCacheEntryA(url, 0, "txt", file, 0),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("CommitUrlCacheEntryA fails with ERROR_FILE_NOT_FOUND",
                CommitUrlCacheEntryA(url, "/tmp/none", zero, zero, NORMAL_CACHE_ENTRY, NULL, 0, NULL, NULL),
                ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("SetUrlCacheEntryInfoA fails with ERROR_FILE_NOT_FOUND",
                SetUrlCacheEntryInfoA(url, &info, CACHE_ENTRY_HITRATE_FC), ERROR_FILE_NOT_FOUND);
    CHECK_FAILS("SetUrlCacheEntryGroupA fails with ERROR_FILE_NOT_FOUND",
                SetUrlCacheEntryGroupA(url, INTERNET_CACHE_GROUP_ADD, 1, NULL, 0, NULL), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    CHECK("RetrieveUrlCacheEntryStreamA is NULL with ERROR_FILE_NOT_FOUND",
          RetrieveUrlCacheEntryStreamA(url, &info, &size, FALSE, 0) == NULL && GetLastError() == ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    CHECK("FindFirstUrlCacheEntryA is NULL with ERROR_NO_MORE_ITEMS",
          FindFirstUrlCacheEntryA(NULL, &info, &size) == NULL && GetLastError() == ERROR_NO_MORE_ITEMS);
    SetLastError(0);
    CHECK("FindFirstUrlCacheEntryExA is NULL with ERROR_NO_MORE_ITEMS",
          FindFirstUrlCacheEntryExA(NULL, 0, URLCACHE_FIND_DEFAULT_FILTER, 0, &info, &size, NULL, NULL, NULL) == NULL &&
              GetLastError() == ERROR_NO_MORE_ITEMS);
    CHECK_FAILS("FindNextUrlCacheEntryA fails with 6", FindNextUrlCacheEntryA(NULL, &info, &size), ERROR_INVALID_HANDLE);
    CHECK_FAILS("FindNextUrlCacheEntryExA fails with 6",
                FindNextUrlCacheEntryExA(NULL, &info, &size, NULL, NULL, NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS("FindCloseUrlCache fails with 6", FindCloseUrlCache(NULL), ERROR_INVALID_HANDLE);
    CHECK_FAILS("ReadUrlCacheEntryStream fails with 6", ReadUrlCacheEntryStream(NULL, 0, file, &size, 0),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS("ReadUrlCacheEntryStreamEx fails with 6", ReadUrlCacheEntryStreamEx(NULL, 0, file, &size),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS("UnlockUrlCacheEntryStream fails with 6", UnlockUrlCacheEntryStream(NULL, 0), ERROR_INVALID_HANDLE);
    CHECK_EQ("none of them wrote the size", size, sizeof info);
}

static void test_unsupported_names(void)
{
    SetLastError(0);
    CHECK("FtpGetFile (mapped to A) is declared and fails with 120",
          !FtpGetFile(NULL, "a", "b", FALSE, 0, FTP_TRANSFER_TYPE_BINARY, 0) &&
              GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
    SetLastError(0);
    CHECK("InternetCombineUrl (mapped to A) fails with 120",
          !InternetCombineUrl("http://a/", "b", NULL, NULL, 0) && GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    snprintf(url, sizeof url, "http://%s:%u/", tc_host, (unsigned)tc_port);
    test_cookies();
    test_connected_state();
    test_check_connection();
    test_error_dlg();
    test_per_connection_option();
    test_file_pointer_and_option_ex();
    test_url_cache();
    test_unsupported_names();
    return tc_finish();
}
