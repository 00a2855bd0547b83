/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * wide.c -- the W functions of <wininet.h> against their A twins, on the same inputs.
 *
 * Built as it is (wchar_t of 4 bytes, UTF-32) and, through wide_w16.c, with -fshort-wchar
 * (wchar_t of 2 bytes, UTF-16, as on Windows). Nothing here uses the C library's wide
 * functions, which expect a 4-byte wchar_t.
 *
 * Covered: cracking, creating and canonicalizing URLs (results and sizing), HTTP dates, the
 * last response info, query info (sizing in bytes, indexes, custom names, raw heads), options
 * (string options in WCHARs, sizes in bytes), cookies (InternetGetCookieW's byte sizes, and
 * WinInet's path, domain and no-cookie rules), what goes on the wire for wide headers, paths
 * and URLs, invalid UTF-16 / UTF-32 (87, and the server sees nothing), accept-type arrays with
 * pointers that are not strings, uploads with INTERNET_BUFFERSW, and the payloads a callback
 * registered with InternetSetStatusCallbackW gets next to one registered with
 * InternetSetStatusCallbackA.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "check.h"

#include <sys/mman.h>
#include <unistd.h>

#define WS ((DWORD)sizeof(WCHAR))

/* ---------------------------------------------------------------------------------------- */
/* Wide helpers (no C library wide functions: they assume a 4-byte wchar_t)                 */
/* ---------------------------------------------------------------------------------------- */

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}

/* ISO-8859-1 bytes to WCHARs, as the A functions' characters map to W ones. */
static void widen(WCHAR *out, const char *in)
{
    size_t i = 0;
    for (; in[i] != '\0'; i++)
        out[i] = (WCHAR)(unsigned char)in[i];
    out[i] = 0;
}

/* The wide string equals the ISO-8859-1 string, character for character. */
static bool weq_a(const WCHAR *w, const char *a)
{
    size_t i = 0;
    for (; a[i] != '\0'; i++)
        if ((unsigned long)w[i] != (unsigned long)(unsigned char)a[i])
            return false;
    return w[i] == 0;
}

static bool weq(const WCHAR *a, const WCHAR *b)
{
    size_t i = 0;
    for (; a[i] != 0; i++)
        if (a[i] != b[i])
            return false;
    return b[i] == 0;
}

/* A printable copy (characters above 0x7E as \x{...}), for failure messages. */
static const char *wshow(const WCHAR *w)
{
    static char bufs[4][512];
    static int next;
    char *out = bufs[next++ % 4];
    size_t o = 0;
    for (size_t i = 0; w != NULL && w[i] != 0 && o < sizeof bufs[0] - 12; i++) {
        unsigned long c = (unsigned long)w[i];
        if (c >= 0x20 && c < 0x7F)
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, 12, "\\x{%lx}", c);
    }
    out[o] = '\0';
    return w == NULL ? "(null)" : out;
}

#define CHECK_WA(name, w, a)                                                                      \
    do {                                                                                           \
        if (weq_a((w), (a)))                                                                       \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s is \"%s\", expected \"%s\" (line %d)", #w, wshow(w), (a), __LINE__); \
    } while (0)

#define CHECK_WW(name, w, want)                                                                   \
    do {                                                                                           \
        if (weq((w), (want)))                                                                      \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "%s is \"%s\", expected \"%s\" (line %d)", #w, wshow(w), wshow(want),   \
                    __LINE__);                                                                     \
    } while (0)

/* A string that is not valid UTF-16 (a lone high surrogate), and so not valid UTF-32 either. */
static const WCHAR bad_text[] = {'X', '-', 'B', ':', ' ', 0xD800, 'x', '\r', '\n', 0};

/* ---------------------------------------------------------------------------------------- */
/* Plain requests, for the server's view                                                    */
/* ---------------------------------------------------------------------------------------- */

/* GET path on a sync ANSI session; the body, NUL-terminated, in out. */
static bool get_a(const char *path, tc_buf *out)
{
    HINTERNET s = InternetOpenA("wide-helper", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = HttpOpenRequestA(c, "GET", path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
    bool ok = r != NULL && HttpSendRequestA(r, NULL, 0, NULL, 0) && tc_read_all(r, 0, 4096, out, NULL) == 0;
    tc_buf_append(out, "", 1);
    InternetCloseHandle(s);
    return ok;
}

static unsigned long server_requests(void)
{
    tc_buf b = {0};
    unsigned long accepts = 0, requests = 0;
    if (!get_a("/stats", &b) || !tc_parse_stats(b.data, &accepts, &requests))
        tc_fail("reading /stats", "could not read the server's counters");
    tc_buf_free(&b);
    return requests;
}

/* ---------------------------------------------------------------------------------------- */
/* URLs                                                                                     */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    BOOL ok;
    DWORD err;
    char part[6][256];
    DWORD len[6];
    INTERNET_SCHEME scheme;
    INTERNET_PORT port;
} cracked_a;

static void crack_a(const char *url, DWORD flags, cracked_a *out)
{
    URL_COMPONENTSA uc;
    memset(&uc, 0, sizeof uc);
    memset(out, 0, sizeof *out);
    uc.dwStructSize = sizeof uc;
    LPSTR *ptrs[6] = {&uc.lpszScheme, &uc.lpszHostName, &uc.lpszUserName,
                      &uc.lpszPassword, &uc.lpszUrlPath, &uc.lpszExtraInfo};
    DWORD *lens[6] = {&uc.dwSchemeLength, &uc.dwHostNameLength, &uc.dwUserNameLength,
                      &uc.dwPasswordLength, &uc.dwUrlPathLength, &uc.dwExtraInfoLength};
    for (int i = 0; i < 6; i++) {
        *ptrs[i] = out->part[i];
        *lens[i] = sizeof out->part[i];
    }
    out->ok = InternetCrackUrlA(url, 0, flags, &uc);
    out->err = out->ok ? 0 : GetLastError();
    for (int i = 0; i < 6; i++)
        out->len[i] = *lens[i];
    out->scheme = uc.nScheme;
    out->port = uc.nPort;
}

static void test_crack_url(void)
{
    static const char *const urls[] = {
        "http://user:pass@host.example:8080/path/a%20b.html?q=1&r=%41#frag",
        "https://h\xe9st.example/caf\xe9/%C3%A9?x=\xe9",
        "ftp://ftp.example/dir/file.txt",
        "http://[::1]:81/v6?x",
        "about:blank",
        "file:///C:/x/y.txt",
        "file:///C:/Program%20Files/x.xml",
        "file://C:/Program%20Files/x.xml",
        "file://host/share/a%20b/./c",
        "file:////server/share/a%20b",
        "http://host:99999/",
        "nocolon",
    };
    static const DWORD flag_sets[] = {0, ICU_DECODE, ICU_ESCAPE};
    for (size_t u = 0; u < sizeof urls / sizeof urls[0]; u++) {
        for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
            char name[160];
            cracked_a a;
            crack_a(urls[u], flag_sets[f], &a);

            WCHAR wurl[256];
            widen(wurl, urls[u]);
            WCHAR part[6][256];
            URL_COMPONENTSW uc;
            memset(&uc, 0, sizeof uc);
            uc.dwStructSize = sizeof uc;
            LPWSTR *ptrs[6] = {&uc.lpszScheme, &uc.lpszHostName, &uc.lpszUserName,
                               &uc.lpszPassword, &uc.lpszUrlPath, &uc.lpszExtraInfo};
            DWORD *lens[6] = {&uc.dwSchemeLength, &uc.dwHostNameLength, &uc.dwUserNameLength,
                              &uc.dwPasswordLength, &uc.dwUrlPathLength, &uc.dwExtraInfoLength};
            for (int i = 0; i < 6; i++) {
                memset(part[i], 0, sizeof part[i]);
                *ptrs[i] = part[i];
                *lens[i] = 256;
            }
            BOOL ok = InternetCrackUrlW(wurl, 0, flag_sets[f], &uc);
            DWORD err = ok ? 0 : GetLastError();
            snprintf(name, sizeof name, "crack [%zu] flags %#lx: W returns what A returns", u,
                     (unsigned long)flag_sets[f]);
            CHECK(name, ok == a.ok && err == a.err);
            if (!ok || !a.ok)
                continue;
            bool same = uc.nScheme == a.scheme && uc.nPort == a.port;
            for (int i = 0; i < 6; i++)
                same = same && *lens[i] == a.len[i] && weq_a(part[i], a.part[i]);
            snprintf(name, sizeof name, "crack [%zu] flags %#lx: W parts are A's, widened", u,
                     (unsigned long)flag_sets[f]);
            if (same)
                tc_ok(name);
            else
                tc_fail(name, "host \"%s\" (%u) vs \"%s\" (%u), path \"%s\" vs \"%s\"", wshow(part[1]),
                        (unsigned)uc.dwHostNameLength, a.part[1], (unsigned)a.len[1], wshow(part[4]),
                        a.part[4]);
        }

        /* Pointers into the input: the same offsets and lengths, in characters. */
        URL_COMPONENTSA ua;
        memset(&ua, 0, sizeof ua);
        ua.dwStructSize = sizeof ua;
        ua.dwHostNameLength = ua.dwUrlPathLength = ua.dwExtraInfoLength = ua.dwUserNameLength = 1;
        BOOL ok_a = InternetCrackUrlA(urls[u], 0, 0, &ua);
        WCHAR wurl[256];
        widen(wurl, urls[u]);
        URL_COMPONENTSW uw;
        memset(&uw, 0, sizeof uw);
        uw.dwStructSize = sizeof uw;
        uw.dwHostNameLength = uw.dwUrlPathLength = uw.dwExtraInfoLength = uw.dwUserNameLength = 1;
        BOOL ok_w = InternetCrackUrlW(wurl, 0, 0, &uw);
        char name[160];
        snprintf(name, sizeof name, "crack [%zu] into the input: W offsets and lengths are A's", u);
        CHECK(name, ok_a == ok_w &&
                        (!ok_a || ((uw.lpszHostName == NULL) == (ua.lpszHostName == NULL) &&
                                   (uw.lpszHostName == NULL || uw.lpszHostName - wurl == ua.lpszHostName - urls[u]) &&
                                   uw.lpszUrlPath - wurl == ua.lpszUrlPath - urls[u] &&
                                   uw.dwHostNameLength == ua.dwHostNameLength &&
                                   uw.dwUrlPathLength == ua.dwUrlPathLength &&
                                   uw.dwExtraInfoLength == ua.dwExtraInfoLength &&
                                   uw.dwUserNameLength == ua.dwUserNameLength)));
    }

    /* A buffer too small: 122 and the same size needed, in characters. */
    {
        char pa[4];
        WCHAR pw[4];
        URL_COMPONENTSA ua;
        URL_COMPONENTSW uw;
        memset(&ua, 0, sizeof ua);
        memset(&uw, 0, sizeof uw);
        ua.dwStructSize = sizeof ua;
        uw.dwStructSize = sizeof uw;
        ua.lpszUrlPath = pa;
        ua.dwUrlPathLength = 4;
        uw.lpszUrlPath = pw;
        uw.dwUrlPathLength = 4;
        BOOL ra = InternetCrackUrlA("http://h/abcd", 0, 0, &ua);
        DWORD ea = GetLastError();
        BOOL rw = InternetCrackUrlW(L"http://h/abcd", 0, 0, &uw);
        DWORD ew = GetLastError();
        CHECK("crack: a path buffer one short fails with 122 in both", !ra && !rw && ea == 122 && ew == 122);
        CHECK_EQ("crack: the W size needed is A's, in characters", uw.dwUrlPathLength, ua.dwUrlPathLength);
        CHECK_EQ("crack: the size needed counts the NUL", uw.dwUrlPathLength, 6);
        /* The URL length in characters, with a NUL inside it. */
        ua.dwUrlPathLength = uw.dwUrlPathLength = 4;
        ra = InternetCrackUrlA("http://h/abcdef", 11, 0, &ua);
        rw = InternetCrackUrlW(L"http://h/abcdef", 11, 0, &uw);
        CHECK("crack: dwUrlLength counts characters in both", ra && rw && ua.dwUrlPathLength == 3 &&
                                                                   uw.dwUrlPathLength == 3 && weq_a(pw, pa));
    }

    /* Characters beyond ISO-8859-1: lengths count WCHARs (a character outside the BMP is two
     * with a 2-byte WCHAR), copies keep them. */
    {
        static const WCHAR url[] = L"http://h\u00e9/\u20ac/\U0001F600?q=\u4e2d";
        URL_COMPONENTSW uw;
        memset(&uw, 0, sizeof uw);
        uw.dwStructSize = sizeof uw;
        uw.dwHostNameLength = uw.dwUrlPathLength = uw.dwExtraInfoLength = 1;
        CHECK_TRUE("crack: a URL with characters above U+00FF", InternetCrackUrlW(url, 0, 0, &uw));
        CHECK_EQ("crack: the host's length", uw.dwHostNameLength, 2);
        CHECK_EQ("crack: the path's length in WCHARs", uw.dwUrlPathLength, WS == 2 ? 5 : 4);
        CHECK_EQ("crack: the path starts after the host", uw.lpszUrlPath - url, 9);
        CHECK_EQ("crack: the extra info's length", uw.dwExtraInfoLength, 4);
        WCHAR path[16], extra[16];
        memset(&uw, 0, sizeof uw);
        uw.dwStructSize = sizeof uw;
        uw.lpszUrlPath = path;
        uw.dwUrlPathLength = 16;
        uw.lpszExtraInfo = extra;
        uw.dwExtraInfoLength = 16;
        CHECK_TRUE("crack: copying those parts", InternetCrackUrlW(url, 0, ICU_DECODE, &uw));
        CHECK_WW("crack: the path copied as given", path, L"/\u20ac/\U0001F600");
        CHECK_WW("crack: the extra info copied as given", extra, L"?q=\u4e2d");
    }

    /* file: URLs: the path copied in Windows form, by InternetCrackUrlW too. */
    {
        static const struct {
            const WCHAR *url;
            DWORD flags;
            const WCHAR *host, *path;
        } files[] = {
            {L"file:///C:/Program%20Files/x.xml", 0, L"", L"C:\\Program Files\\x.xml"},
            {L"file://C:/Program%20Files/x.xml", 0, L"", L"C:\\Program%20Files\\x.xml"},
            {L"file://C:/Program%20Files/x.xml", ICU_DECODE, L"", L"C:\\Program Files\\x.xml"},
            {L"file://host/share/a%20b/..", 0, L"host", L"\\share\\a b\\..\\"},
            {L"file:///C:/\u20ac%20/y", 0, L"", L"C:\\\u20ac \\y"},
        };
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            WCHAR host[32], path[64];
            URL_COMPONENTSW uw;
            memset(&uw, 0, sizeof uw);
            uw.dwStructSize = sizeof uw;
            uw.lpszHostName = host;
            uw.dwHostNameLength = 32;
            uw.lpszUrlPath = path;
            uw.dwUrlPathLength = 64;
            char name[96];
            snprintf(name, sizeof name, "crack W file [%zu]", i);
            if (!InternetCrackUrlW(files[i].url, 0, files[i].flags, &uw)) {
                tc_fail(name, "failed with %u", (unsigned)GetLastError());
                continue;
            }
            snprintf(name, sizeof name, "crack W file [%zu]: host", i);
            CHECK_WW(name, host, files[i].host);
            snprintf(name, sizeof name, "crack W file [%zu]: path in Windows form", i);
            CHECK_WW(name, path, files[i].path);
            snprintf(name, sizeof name, "crack W file [%zu]: path length in WCHARs", i);
            CHECK_EQ(name, uw.dwUrlPathLength, wlen(files[i].path));
        }
    }

    /* Invalid wide text. */
    {
        URL_COMPONENTSW uw;
        memset(&uw, 0, sizeof uw);
        uw.dwStructSize = sizeof uw;
        uw.dwHostNameLength = 1;
        static const WCHAR bad_url[] = {'h', 't', 't', 'p', ':', '/', '/', 0xDC00, '/', 0};
        CHECK_FAILS("crack: a URL with a lone surrogate", InternetCrackUrlW(bad_url, 0, 0, &uw), 87);
#if RINET_WCHAR_SIZE == 4
        static const WCHAR big_url[] = {'h', 't', 't', 'p', ':', '/', '/', 0x110000, '/', 0};
        CHECK_FAILS("crack: a URL with a value above 0x10FFFF", InternetCrackUrlW(big_url, 0, 0, &uw), 87);
#endif
    }
}

static void test_create_url(void)
{
    static const char *const paths[] = {"/a b/caf\xe9", "/plain", "rel#x"};
    static const DWORD flag_sets[] = {0, ICU_ESCAPE};
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        for (size_t f = 0; f < 2; f++) {
            char name[160];
            URL_COMPONENTSA ua;
            memset(&ua, 0, sizeof ua);
            ua.dwStructSize = sizeof ua;
            ua.lpszScheme = (LPSTR) "http";
            ua.lpszHostName = (LPSTR) "h\xe9st";
            ua.nPort = 8080;
            ua.lpszUserName = (LPSTR) "us\xe9r";
            ua.lpszPassword = (LPSTR) "pw";
            ua.lpszUrlPath = (LPSTR)paths[p];
            ua.lpszExtraInfo = (LPSTR) "?q=1 2";

            WCHAR scheme[8], host[16], user[16], pw[8], path[32], extra[16];
            widen(scheme, "http");
            widen(host, "h\xe9st");
            widen(user, "us\xe9r");
            widen(pw, "pw");
            widen(path, paths[p]);
            widen(extra, "?q=1 2");
            URL_COMPONENTSW uw;
            memset(&uw, 0, sizeof uw);
            uw.dwStructSize = sizeof uw;
            uw.lpszScheme = scheme;
            uw.lpszHostName = host;
            uw.nPort = 8080;
            uw.lpszUserName = user;
            uw.lpszPassword = pw;
            uw.lpszUrlPath = path;
            uw.lpszExtraInfo = extra;

            DWORD la = 0, lw = 0;
            BOOL ra = InternetCreateUrlA(&ua, flag_sets[f], NULL, &la);
            DWORD ea = GetLastError();
            BOOL rw = InternetCreateUrlW(&uw, flag_sets[f], NULL, &lw);
            DWORD ew = GetLastError();
            snprintf(name, sizeof name, "create [%zu] flags %#lx: no buffer: 122, A needs n+1 chars, W (n+1) WCHARs in bytes",
                     p, (unsigned long)flag_sets[f]);
            CHECK(name, !ra && !rw && ea == 122 && ew == 122 && lw == la * WS);

            char a[256];
            WCHAR w[256];
            DWORD n = la - 1;
            la = n; /* one short: no room for the NUL */
            lw = n;
            ra = InternetCreateUrlA(&ua, flag_sets[f], a, &la);
            ea = GetLastError();
            rw = InternetCreateUrlW(&uw, flag_sets[f], w, &lw);
            ew = GetLastError();
            snprintf(name, sizeof name, "create [%zu] flags %#lx: one short: 122 and the same sizes", p,
                     (unsigned long)flag_sets[f]);
            CHECK(name, !ra && !rw && ea == 122 && ew == 122 && la == n + 1 && lw == (n + 1) * WS);

            la = lw = n + 1;
            ra = InternetCreateUrlA(&ua, flag_sets[f], a, &la);
            rw = InternetCreateUrlW(&uw, flag_sets[f], w, &lw);
            snprintf(name, sizeof name, "create [%zu] flags %#lx: W writes A's URL, widened, length n", p,
                     (unsigned long)flag_sets[f]);
            if (ra && rw && la == n && lw == n && weq_a(w, a))
                tc_ok(name);
            else
                tc_fail(name, "A \"%s\" (%u), W \"%s\" (%u)", ra ? a : "-", (unsigned)la, rw ? wshow(w) : "-",
                        (unsigned)lw);
        }
    }

    /* Characters above U+00FF: kept as they are, or escaped as UTF-8 with ICU_ESCAPE. */
    {
        URL_COMPONENTSW uw;
        memset(&uw, 0, sizeof uw);
        uw.dwStructSize = sizeof uw;
        uw.nScheme = INTERNET_SCHEME_HTTP;
        uw.lpszHostName = (LPWSTR)L"h";
        uw.lpszUrlPath = (LPWSTR)L"/\u20ac\u00e9\U0001F600";
        WCHAR w[128];
        DWORD lw = 128;
        CHECK_TRUE("create: a path above U+00FF", InternetCreateUrlW(&uw, 0, w, &lw));
        CHECK_WW("create: the characters kept", w, L"http://h/\u20ac\u00e9\U0001F600");
        CHECK_EQ("create: the length in WCHARs", lw, WS == 2 ? 13 : 12);
        lw = 128;
        CHECK_TRUE("create: escaped", InternetCreateUrlW(&uw, ICU_ESCAPE, w, &lw));
        CHECK_WA("create: above U+00FF as UTF-8 escapes, U+00E9 as %E9", w,
                 "http://h/%E2%82%AC%E9%F0%9F%98%80");
        uw.lpszUrlPath = (LPWSTR)bad_text;
        lw = 128;
        CHECK_FAILS("create: a part that is not valid UTF-16 / UTF-32", InternetCreateUrlW(&uw, 0, w, &lw), 87);
    }
}

static void test_canonicalize_url(void)
{
    static const char *const urls[] = {
        "http://host/a/./b/../c d?x=1 2#f g",
        "http://host/caf\xe9/%41%e9",
        "http://host",
        "  http://host/x/..  ",
        "mailto:a b@c",
        "",
        "file:///C:/Program Files/a/../x.xml",
        "file://host/share/caf\xe9 %41#b",
        "file:///etc/x?y z",
    };
    static const DWORD flag_sets[] = {0, ICU_NO_ENCODE, ICU_DECODE, ICU_BROWSER_MODE | ICU_DECODE, ICU_NO_META,
                                      ICU_ENCODE_SPACES_ONLY, ICU_ENCODE_PERCENT};
    for (size_t u = 0; u < sizeof urls / sizeof urls[0]; u++) {
        for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
            char name[160];
            char a[256];
            WCHAR w[256], wurl[256];
            widen(wurl, urls[u]);
            DWORD la = 256, lw = 256;
            BOOL ra = InternetCanonicalizeUrlA(urls[u], a, &la, flag_sets[f]);
            DWORD ea = ra ? 0 : GetLastError();
            BOOL rw = InternetCanonicalizeUrlW(wurl, w, &lw, flag_sets[f]);
            DWORD ew = rw ? 0 : GetLastError();
            snprintf(name, sizeof name, "canonicalize [%zu] flags %#lx: W gives A's result, widened", u,
                     (unsigned long)flag_sets[f]);
            if (ra == rw && ea == ew && (!ra || (la == lw && weq_a(w, a))))
                tc_ok(name);
            else
                tc_fail(name, "A %d/%u \"%s\", W %d/%u \"%s\"", ra, (unsigned)ea, ra ? a : "", rw, (unsigned)ew,
                        rw ? wshow(w) : "");
            if (!ra)
                continue;
            DWORD n = la;
            la = lw = n; /* no room for the NUL */
            ra = InternetCanonicalizeUrlA(urls[u], a, &la, flag_sets[f]);
            ea = GetLastError();
            rw = InternetCanonicalizeUrlW(wurl, w, &lw, flag_sets[f]);
            ew = GetLastError();
            snprintf(name, sizeof name, "canonicalize [%zu] flags %#lx: one short: 122, n+1 characters", u,
                     (unsigned long)flag_sets[f]);
            CHECK(name, !ra && !rw && ea == 122 && ew == 122 && la == n + 1 && lw == n + 1);
        }
    }
    WCHAR w[64];
    DWORD lw = 64;
    CHECK_TRUE("canonicalize: a path above U+00FF", InternetCanonicalizeUrlW(L"http://h/\u20ac x", w, &lw, 0));
    CHECK_WA("canonicalize: escaped as UTF-8", w, "http://h/%E2%82%AC%20x");
    lw = 64;
    CHECK_TRUE("canonicalize: not escaped with ICU_NO_ENCODE",
               InternetCanonicalizeUrlW(L"http://h/\u20ac/../\u4e2d", w, &lw, ICU_NO_ENCODE));
    CHECK_WW("canonicalize: kept, dots resolved", w, L"http://h/\u4e2d");
    lw = 64;
    CHECK_TRUE("canonicalize: a file: URL", InternetCanonicalizeUrlW(L"file:///C:/\u20ac/../a b", w, &lw, ICU_NO_ENCODE));
    CHECK_WW("canonicalize: in Windows form", w, L"file://C:\\a b");
    lw = 64;
    CHECK_TRUE("canonicalize: a file: URL, escaped", InternetCanonicalizeUrlW(L"file:///C:/\u20ac b", w, &lw, 0));
    CHECK_WA("canonicalize: with / again, escaped as UTF-8", w, "file://C:/%E2%82%AC%20b");
    lw = 64;
    CHECK_FAILS("canonicalize: invalid wide text", InternetCanonicalizeUrlW(bad_text, w, &lw, 0), 87);
}

/* ---------------------------------------------------------------------------------------- */
/* Dates                                                                                    */
/* ---------------------------------------------------------------------------------------- */

static void test_dates(void)
{
    static const SYSTEMTIME t = {2005, 1, 5, 7, 12, 6, 35, 0};
    char a[INTERNET_RFC1123_BUFSIZE];
    WCHAR w[INTERNET_RFC1123_BUFSIZE + 1];
    CHECK_TRUE("date A", InternetTimeFromSystemTimeA(&t, INTERNET_RFC1123_FORMAT, a, sizeof a));
    memset(w, 0, sizeof w);
    CHECK_TRUE("date W with sizeof(buffer) bytes", InternetTimeFromSystemTimeW(&t, INTERNET_RFC1123_FORMAT, w, sizeof w));
    CHECK_WA("date W is A's, widened", w, a);
    CHECK_WA("date W text", w, "Fri, 07 Jan 2005 12:06:35 GMT");
    CHECK_TRUE("date W with exactly INTERNET_RFC1123_BUFSIZE WCHARs",
               InternetTimeFromSystemTimeW(&t, INTERNET_RFC1123_FORMAT, w, INTERNET_RFC1123_BUFSIZE * WS));
    CHECK_FAILS("date W: cbTime counts bytes, so a count of WCHARs is too small",
                InternetTimeFromSystemTimeW(&t, INTERNET_RFC1123_FORMAT, w, INTERNET_RFC1123_BUFSIZE + 1), 122);
    CHECK_FAILS("date W: one byte short", InternetTimeFromSystemTimeW(&t, INTERNET_RFC1123_FORMAT, w,
                                                                       INTERNET_RFC1123_BUFSIZE * WS - 1), 122);
    CHECK_FAILS("date W: NULL time", InternetTimeFromSystemTimeW(NULL, INTERNET_RFC1123_FORMAT, w, sizeof w), 87);
    CHECK_FAILS("date W: another format", InternetTimeFromSystemTimeW(&t, 1, w, sizeof w), 87);
    CHECK_FAILS("date W: NULL buffer", InternetTimeFromSystemTimeW(&t, INTERNET_RFC1123_FORMAT, NULL, sizeof w), 87);

    static const char *const texts[] = {
        "Fri, 07 Jan 2005 12:06:35 GMT", " fri, 7 jan 2005 12 06 35", "Fri Jan 7 12:06:35 2005",
        "2, 11-Jan-2022 11:13:05", "5, 07-01-2005 12:06:35 GMT123",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        SYSTEMTIME sa, sw;
        memset(&sa, 0x5a, sizeof sa);
        memset(&sw, 0x5a, sizeof sw);
        WCHAR wt[64];
        widen(wt, texts[i]);
        BOOL ra = InternetTimeToSystemTimeA(texts[i], &sa, 0);
        DWORD ea = ra ? 0 : GetLastError();
        BOOL rw = InternetTimeToSystemTimeW(wt, &sw, 0);
        DWORD ew = rw ? 0 : GetLastError();
        char name[128];
        snprintf(name, sizeof name, "parse date [%zu]: W gives what A gives", i);
        CHECK(name, ra == rw && ea == ew && memcmp(&sa, &sw, sizeof sa) == 0);
    }
    /* Text that stops short of a date: TRUE and the current time, by W as by A. */
    static const char *const partial[] = {"Fr", "", "caf\xe9"};
    for (size_t i = 0; i < sizeof partial / sizeof partial[0]; i++) {
        SYSTEMTIME sa, sw;
        WCHAR wt[64];
        widen(wt, partial[i]);
        time_t t0 = tc_wall_now();
        BOOL ra = InternetTimeToSystemTimeA(partial[i], &sa, 0);
        BOOL rw = InternetTimeToSystemTimeW(wt, &sw, 0);
        time_t t1 = tc_wall_now();
        char name[128];
        snprintf(name, sizeof name, "parse partial date [%zu]: TRUE from A and W", i);
        CHECK(name, ra && rw);
        snprintf(name, sizeof name, "parse partial date [%zu]: the current time from A and W", i);
        CHECK(name, tc_system_time_between(&sa, t0, t1) && tc_system_time_between(&sw, t0, t1));
    }
    {
        SYSTEMTIME sw;
        CHECK_TRUE("parse partial date W: Fri, 07 Jan", InternetTimeToSystemTimeW(L"Fri, 07 Jan", &sw, 0));
        CHECK("parse partial date W: the fields it holds", sw.wDayOfWeek == 5 && sw.wDay == 7 && sw.wMonth == 1);
    }
    SYSTEMTIME s;
    CHECK_FAILS("parse date W: NULL", InternetTimeToSystemTimeW(NULL, &s, 0), 87);
    CHECK_FAILS("parse date W: invalid wide text", InternetTimeToSystemTimeW(bad_text, &s, 0), 87);
}

/* ---------------------------------------------------------------------------------------- */
/* Requests: query info, options, last response info, the wire                              */
/* ---------------------------------------------------------------------------------------- */

static void test_query_info(HINTERNET con)
{
    HINTERNET ra = HttpOpenRequestA(con, "GET", "/cookies", NULL, NULL, NULL, INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_COOKIES, 0);
    HINTERNET rw = HttpOpenRequestW(con, L"GET", L"/cookies", NULL, NULL, NULL, INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_COOKIES, 0);
    if (ra == NULL || rw == NULL) {
        tc_fail("query info: open requests", "GetLastError %u", (unsigned)GetLastError());
        return;
    }
    CHECK_TRUE("query info: send A", HttpSendRequestA(ra, NULL, 0, NULL, 0));
    CHECK_TRUE("query info: send W", HttpSendRequestW(rw, NULL, 0, NULL, 0));

    char a[1024];
    WCHAR w[1024];
    DWORD la, lw;

    la = sizeof a;
    lw = sizeof w;
    CHECK_TRUE("status code A", HttpQueryInfoA(ra, HTTP_QUERY_STATUS_CODE, a, &la, NULL));
    CHECK_TRUE("status code W", HttpQueryInfoW(rw, HTTP_QUERY_STATUS_CODE, w, &lw, NULL));
    CHECK_WA("status code W text", w, "200");
    CHECK_EQ("status code A length", la, 3);
    CHECK_EQ("status code W length in bytes, NUL excluded", lw, 3 * WS);
    la = lw = 0;
    CHECK_FAILS("status code A, no room", HttpQueryInfoA(ra, HTTP_QUERY_STATUS_CODE, a, &la, NULL), 122);
    CHECK_FAILS("status code W, no room", HttpQueryInfoW(rw, HTTP_QUERY_STATUS_CODE, w, &lw, NULL), 122);
    CHECK_EQ("status code A needs strlen+1", la, 4);
    CHECK_EQ("status code W needs (wcslen+1) * sizeof(WCHAR)", lw, 4 * WS);
    lw = 3 * WS;
    CHECK_FAILS("status code W, an exact fit has no room for the NUL",
                HttpQueryInfoW(rw, HTTP_QUERY_STATUS_CODE, w, &lw, NULL), 122);
    CHECK_EQ("status code W, the size needed again", lw, 4 * WS);
    lw = 4 * WS;
    CHECK_TRUE("status code W, room for the NUL", HttpQueryInfoW(rw, HTTP_QUERY_STATUS_CODE, w, &lw, NULL));

    DWORD na = 0, nw = 0;
    la = lw = sizeof na;
    CHECK_TRUE("status number A", HttpQueryInfoA(ra, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &na, &la, NULL));
    CHECK_TRUE("status number W", HttpQueryInfoW(rw, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &nw, &lw, NULL));
    CHECK("status number W is A's, 4 bytes", na == 200 && nw == 200 && la == 4 && lw == 4);

    /* Numbers past a DWORD: HTTP_QUERY_FLAG_NUMBER fails with ERROR_HTTP_INVALID_HEADER
     * (12153), leaving the buffer and its length alone; FLAG_NUMBER64 reads them. */
    static const struct {
        const char *path;
        const WCHAR *wpath;
        unsigned long long value;
        bool fits;
    } lengths[] = {
        {"/bytes/4294967295", L"/bytes/4294967295", 4294967295ULL, true},
        {"/bytes/4294967296", L"/bytes/4294967296", 4294967296ULL, false},
        {"/bytes/1099511627776", L"/bytes/1099511627776", 1099511627776ULL, false},
        {"/bytes/18446744073709551615", L"/bytes/18446744073709551615", 18446744073709551615ULL, false},
    };
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        /* HEAD: the server sends the length and no body. */
        HINTERNET ha = HttpOpenRequestA(con, "HEAD", lengths[i].path, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
        HINTERNET hw = HttpOpenRequestW(con, L"HEAD", lengths[i].wpath, NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
        char name[160];
        snprintf(name, sizeof name, "length %llu: HEAD sent, A and W", lengths[i].value);
        if (ha == NULL || hw == NULL || !HttpSendRequestA(ha, NULL, 0, NULL, 0) || !HttpSendRequestW(hw, NULL, 0, NULL, 0)) {
            tc_fail(name, "GetLastError %u", (unsigned)GetLastError());
            if (ha)
                InternetCloseHandle(ha);
            if (hw)
                InternetCloseHandle(hw);
            continue;
        }
        tc_ok(name);
        DWORD da = 0xdeadbeef, dw = 0xdeadbeef;
        la = lw = sizeof da;
        SetLastError(0);
        BOOL ra32 = HttpQueryInfoA(ha, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &da, &la, NULL);
        DWORD ea = ra32 ? 0 : GetLastError();
        BOOL rw32 = HttpQueryInfoW(hw, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &dw, &lw, NULL);
        DWORD ew = rw32 ? 0 : GetLastError();
        snprintf(name, sizeof name, "length %llu | FLAG_NUMBER, A and W", lengths[i].value);
        if (lengths[i].fits)
            CHECK(name, ra32 && rw32 && da == (DWORD)lengths[i].value && dw == da && la == 4 && lw == 4);
        else
            CHECK(name, !ra32 && !rw32 && ea == ERROR_HTTP_INVALID_HEADER && ew == ERROR_HTTP_INVALID_HEADER &&
                            da == 0xdeadbeef && dw == 0xdeadbeef && la == 4 && lw == 4);
        uint64_t qa = 0, qw = 0;
        la = lw = sizeof qa;
        BOOL ra64 = HttpQueryInfoA(ha, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER64, &qa, &la, NULL);
        BOOL rw64 = HttpQueryInfoW(hw, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER64, &qw, &lw, NULL);
        snprintf(name, sizeof name, "length %llu | FLAG_NUMBER64, A and W: the value, 8 bytes", lengths[i].value);
        CHECK(name, ra64 && rw64 && qa == lengths[i].value && qw == qa && la == 8 && lw == 8);
        InternetCloseHandle(ha);
        InternetCloseHandle(hw);
    }

    /* Repeated headers by index. */
    for (DWORD i = 0; i < 3; i++) {
        DWORD ia = i, iw = i;
        la = sizeof a;
        lw = sizeof w;
        BOOL ba = HttpQueryInfoA(ra, HTTP_QUERY_SET_COOKIE, a, &la, &ia);
        DWORD ea = ba ? 0 : GetLastError();
        BOOL bw = HttpQueryInfoW(rw, HTTP_QUERY_SET_COOKIE, w, &lw, &iw);
        DWORD ew = bw ? 0 : GetLastError();
        char name[96];
        snprintf(name, sizeof name, "Set-Cookie index %u: W as A, the index advanced alike", (unsigned)i);
        CHECK(name, ba == bw && ea == ew && ia == iw && (!ba || (weq_a(w, a) && lw == la * WS)));
    }
    {
        DWORD iw = 0;
        lw = sizeof w;
        HttpQueryInfoW(rw, HTTP_QUERY_SET_COOKIE, w, &lw, &iw);
        CHECK_WA("Set-Cookie index 0 W", w, "a=1");
        lw = sizeof w;
        HttpQueryInfoW(rw, HTTP_QUERY_SET_COOKIE, w, &lw, &iw);
        CHECK_WA("Set-Cookie index 1 W", w, "b=2");
        CHECK_EQ("the index after the second", iw, 2);
        lw = sizeof w;
        CHECK_FAILS("Set-Cookie index 2 W", HttpQueryInfoW(rw, HTTP_QUERY_SET_COOKIE, w, &lw, &iw), 12150);
        CHECK_EQ("the index unchanged on failure", iw, 2);
    }

    /* A custom header name given wide. */
    memcpy(w, L"Content-Type", sizeof L"Content-Type");
    lw = sizeof w;
    strcpy(a, "Content-Type");
    la = sizeof a;
    CHECK_TRUE("custom A", HttpQueryInfoA(ra, HTTP_QUERY_CUSTOM, a, &la, NULL));
    CHECK_TRUE("custom W", HttpQueryInfoW(rw, HTTP_QUERY_CUSTOM, w, &lw, NULL));
    CHECK_WA("custom W value", w, a);
    CHECK_EQ("custom W length", lw, la * WS);
    memcpy(w, bad_text, sizeof bad_text);
    lw = sizeof w;
    CHECK_FAILS("custom W: a name that is not valid wide text", HttpQueryInfoW(rw, HTTP_QUERY_CUSTOM, w, &lw, NULL), 87);

    /* Whole heads and other levels. */
    static const DWORD levels[] = {HTTP_QUERY_RAW_HEADERS_CRLF, HTTP_QUERY_VERSION, HTTP_QUERY_STATUS_TEXT,
                                   HTTP_QUERY_CONTENT_LENGTH, HTTP_QUERY_HOST | HTTP_QUERY_FLAG_REQUEST_HEADERS,
                                   HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, HTTP_QUERY_ACCEPT};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        la = sizeof a;
        lw = sizeof w;
        BOOL ba = HttpQueryInfoA(ra, levels[i], a, &la, NULL);
        DWORD ea = ba ? 0 : GetLastError();
        BOOL bw = HttpQueryInfoW(rw, levels[i], w, &lw, NULL);
        DWORD ew = bw ? 0 : GetLastError();
        char name[96];
        snprintf(name, sizeof name, "level %#lx: W as A, widened, bytes", (unsigned long)levels[i]);
        CHECK(name, ba == bw && ea == ew && (!ba || (weq_a(w, a) && lw == la * WS)));
    }
    /* RAW_HEADERS: NUL-separated lines; the length counts the last separator. */
    la = sizeof a;
    lw = sizeof w;
    BOOL ba = HttpQueryInfoA(ra, HTTP_QUERY_RAW_HEADERS, a, &la, NULL);
    BOOL bw = HttpQueryInfoW(rw, HTTP_QUERY_RAW_HEADERS, w, &lw, NULL);
    bool same = ba && bw && lw == la * WS;
    for (DWORD i = 0; same && i <= la; i++)
        same = (unsigned long)w[i] == (unsigned long)(unsigned char)a[i];
    CHECK("RAW_HEADERS: W is A's, unit for unit, length in bytes", same);

    InternetCloseHandle(ra);
    InternetCloseHandle(rw);
}

static void test_last_response_info(HINTERNET con)
{
    HINTERNET r = HttpOpenRequestW(con, NULL, L"/status/404", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
    CHECK_TRUE("last response: a 404", r != NULL && HttpSendRequestW(r, NULL, 0, NULL, 0));
    char a[64];
    WCHAR w[64];
    DWORD ea = 1, ew = 1, la = sizeof a, lw = 1;
    CHECK_TRUE("last response A", InternetGetLastResponseInfoA(&ea, a, &la));
    CHECK_STR("last response A text", a, "HTTP/1.1 404 Not Found");
    CHECK_FAILS("last response W, one character of room", InternetGetLastResponseInfoW(&ew, w, &lw), 122);
    CHECK_EQ("last response W: the size needed in characters", lw, strlen(a) + 1);
    lw = strlen(a) + 1;
    CHECK_TRUE("last response W", InternetGetLastResponseInfoW(&ew, w, &lw));
    CHECK_WA("last response W text", w, a);
    CHECK("last response W: its length and error as A's", lw == la && ew == ea && ew == 0);
    InternetCloseHandle(r);
}

static void test_options(HINTERNET ses, HINTERNET con)
{
    static const WCHAR agent[] = L"wide-agent \u00e9\u20ac";
    DWORD n = (DWORD)wlen(agent);
    char a[256];
    WCHAR w[256];
    DWORD la = 0, lw = 0;
    CHECK_FAILS("USER_AGENT A: no room", InternetQueryOptionA(ses, INTERNET_OPTION_USER_AGENT, NULL, &la), 122);
    CHECK_EQ("USER_AGENT A: strlen+1 bytes needed", la, n + 1);
    CHECK_FAILS("USER_AGENT W: no room", InternetQueryOptionW(ses, INTERNET_OPTION_USER_AGENT, NULL, &lw), 122);
    CHECK_EQ("USER_AGENT W: (wcslen+1) * sizeof(WCHAR) bytes needed", lw, (n + 1) * WS);
    lw = (n + 1) * WS - 1;
    CHECK_FAILS("USER_AGENT W: one byte short", InternetQueryOptionW(ses, INTERNET_OPTION_USER_AGENT, w, &lw), 122);
    lw = (n + 1) * WS;
    CHECK_TRUE("USER_AGENT W", InternetQueryOptionW(ses, INTERNET_OPTION_USER_AGENT, w, &lw));
    CHECK_WW("USER_AGENT W: the agent as given", w, agent);
    CHECK_EQ("USER_AGENT W: success reports the characters, NUL excluded", lw, n);
    la = sizeof a;
    CHECK_TRUE("USER_AGENT A", InternetQueryOptionA(ses, INTERNET_OPTION_USER_AGENT, a, &la));
    CHECK_STR("USER_AGENT A: U+20AC as '?'", a, "wide-agent \xe9?");
    CHECK_EQ("USER_AGENT A: strlen", la, n);

    static const WCHAR set[] = L"set-by-w \u00fc";
    CHECK_TRUE("set USER_AGENT W", InternetSetOptionW(ses, INTERNET_OPTION_USER_AGENT, (LPVOID)set, (DWORD)wlen(set)));
    la = sizeof a;
    CHECK_TRUE("query USER_AGENT A after a W set", InternetQueryOptionA(ses, INTERNET_OPTION_USER_AGENT, a, &la));
    CHECK_STR("the agent set wide", a, "set-by-w \xfc");
    CHECK_FAILS("set USER_AGENT W: invalid wide text",
                InternetSetOptionW(ses, INTERNET_OPTION_USER_AGENT, (LPVOID)bad_text, 0), 87);
    CHECK_TRUE("set USER_AGENT W back", InternetSetOptionW(ses, INTERNET_OPTION_USER_AGENT, (LPVOID)agent, 0));

    HINTERNET con2 = InternetConnectW(ses, L"other.wide.test", 80, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    CHECK_TRUE("set USERNAME W on a connect handle",
               InternetSetOptionW(con2, INTERNET_OPTION_USERNAME, (LPVOID)L"\u00e9l\u00e8ve", 0));
    la = sizeof a;
    lw = sizeof w;
    CHECK_TRUE("USERNAME A", InternetQueryOptionA(con2, INTERNET_OPTION_USERNAME, a, &la));
    CHECK_TRUE("USERNAME W", InternetQueryOptionW(con2, INTERNET_OPTION_USERNAME, w, &lw));
    InternetCloseHandle(con2);
    CHECK_WA("USERNAME W is A's", w, a);
    CHECK_STR("USERNAME A", a, "\xe9l\xe8ve");
    CHECK("USERNAME lengths in characters", la == 5 && lw == 5);

    DWORD t = 12345, ta = 0, tw = 0;
    la = lw = sizeof t;
    CHECK_TRUE("set CONNECT_TIMEOUT W", InternetSetOptionW(con, INTERNET_OPTION_CONNECT_TIMEOUT, &t, sizeof t));
    CHECK_TRUE("query CONNECT_TIMEOUT A", InternetQueryOptionA(con, INTERNET_OPTION_CONNECT_TIMEOUT, &ta, &la));
    CHECK_TRUE("query CONNECT_TIMEOUT W", InternetQueryOptionW(con, INTERNET_OPTION_CONNECT_TIMEOUT, &tw, &lw));
    CHECK("CONNECT_TIMEOUT: the same DWORD, 4 bytes", ta == 12345 && tw == 12345 && la == 4 && lw == 4);
    CHECK_FAILS("DWORD option W, wrong length",
                InternetSetOptionW(con, INTERNET_OPTION_CONNECT_TIMEOUT, &t, 3), 12010);

    /* The request URL. */
    HINTERNET r = HttpOpenRequestW(con, NULL, L"/x?y=\u00e9", NULL, NULL, NULL, 0, 0);
    char want[128];
    snprintf(want, sizeof want, "http://%s:%u/x?y=%%C3%%A9", tc_host, (unsigned)tc_port);
    la = sizeof a;
    lw = 0;
    CHECK_TRUE("URL A", InternetQueryOptionA(r, INTERNET_OPTION_URL, a, &la));
    CHECK_STR("URL: a wide path goes out as UTF-8 escapes", a, want);
    CHECK_FAILS("URL W: no room", InternetQueryOptionW(r, INTERNET_OPTION_URL, NULL, &lw), 122);
    CHECK_EQ("URL W: bytes needed", lw, (strlen(want) + 1) * WS);
    CHECK_TRUE("URL W", InternetQueryOptionW(r, INTERNET_OPTION_URL, w, &lw));
    CHECK_WA("URL W", w, want);
    CHECK_EQ("URL W: characters written", lw, strlen(want));
    InternetCloseHandle(r);

    /* INTERNET_PROXY_INFO with wide strings. */
    HINTERNET px = InternetOpenW(L"p", INTERNET_OPEN_TYPE_PROXY, L"proxy.example:3128", L"<local>", 0);
    CHECK("a session with a wide proxy setting", px != NULL);
    union {
        struct {
            DWORD access;
            const WCHAR *proxy;
            const WCHAR *bypass;
        } info;
        char bytes[512];
    } pw;
    lw = 0;
    CHECK_FAILS("PROXY W: no room", InternetQueryOptionW(px, INTERNET_OPTION_PROXY, NULL, &lw), 122);
    DWORD need = lw;
    CHECK_EQ("PROXY W: the struct and both strings in WCHARs", need,
             3 * sizeof(void *) + (strlen("proxy.example:3128") + 1 + strlen("<local>") + 1) * WS);
    CHECK_TRUE("PROXY W", InternetQueryOptionW(px, INTERNET_OPTION_PROXY, &pw, &lw));
    CHECK("PROXY W: access type", pw.info.access == INTERNET_OPEN_TYPE_PROXY);
    CHECK_WA("PROXY W: proxy", pw.info.proxy, "proxy.example:3128");
    CHECK_WA("PROXY W: bypass", pw.info.bypass, "<local>");
    InternetCloseHandle(px);
}

static void test_cookies(void)
{
    static const WCHAR url[] = L"http://cookie.wide.test/p";
    CHECK_TRUE("set cookie W", InternetSetCookieW(url, L"w", L"caf\u00e9\u20ac"));
    char a[64];
    WCHAR w[64];
    DWORD la = sizeof a, lw = 0;
    CHECK_TRUE("get cookie A", InternetGetCookieA("http://cookie.wide.test/p", NULL, a, &la));
    CHECK_STR("get cookie A: U+20AC as '?'", a, "w=caf\xe9?");
    CHECK_EQ("get cookie A: strlen+1", la, 8);
    CHECK_TRUE("get cookie W, no buffer", InternetGetCookieW(url, NULL, NULL, &lw));
    CHECK_EQ("get cookie W, no buffer: the BYTES needed, NUL included", lw, 8 * WS);
    lw = 3;
    CHECK_FAILS("get cookie W, too small", InternetGetCookieW(url, NULL, w, &lw), 122);
    CHECK_EQ("get cookie W, too small: the BYTES needed", lw, 8 * WS);
    lw = 8;
    CHECK_TRUE("get cookie W, 8 characters of room", InternetGetCookieW(url, NULL, w, &lw));
    CHECK_WW("get cookie W: the value as set", w, L"w=caf\u00e9\u20ac");
    CHECK_EQ("get cookie W: the characters written, NUL included", lw, 8);
    lw = 64;
    CHECK_FAILS("get cookie W: no cookie", InternetGetCookieW(L"http://none.wide.test/", NULL, w, &lw), 259);
    CHECK_EQ("get cookie W: no cookie sets the size to 0", lw, 0);
    lw = 64;
    CHECK_FAILS("get cookie W: about:blank", InternetGetCookieW(L"about:blank", NULL, w, &lw), 87);
    CHECK_FAILS("set cookie W: about:blank", InternetSetCookieW(L"about:blank", NULL, L"a=1"), 87);
    CHECK_FAILS("set cookie W: a public suffix as the domain",
                InternetSetCookieW(L"http://www.wide.co.uk/", NULL, L"x=1; domain=co.uk"), 87);
    CHECK_FAILS("set cookie W: a tail of an IP address as the domain",
                InternetSetCookieW(L"http://1.2.3.4/", NULL, L"x=1; domain=2.3.4"), 87);
    CHECK_TRUE("set cookie W: path=/pf", InternetSetCookieW(url, NULL, L"pf=1; path=/pf"));
    lw = 64;
    CHECK_TRUE("get cookie W: /pfx/", InternetGetCookieW(L"http://cookie.wide.test/pfx/", NULL, w, &lw));
    CHECK_WW("get cookie W: the path is a plain prefix of the directory", w, L"pf=1; w=caf\u00e9\u20ac");
    lw = 64;
    CHECK_TRUE("get cookie W: /pfx", InternetGetCookieW(L"http://cookie.wide.test/pfx", NULL, w, &lw));
    CHECK_WW("get cookie W: /pfx is in the directory /, which /pf is no prefix of", w, L"w=caf\u00e9\u20ac");
    CHECK_FAILS("set cookie W: invalid wide text", InternetSetCookieW(url, NULL, bad_text), 87);
    CHECK_FAILS("get cookie W: NULL URL", InternetGetCookieW(NULL, NULL, w, &lw), 87);
    /* The jar's cookie goes out as ISO-8859-1. */
    HINTERNET s = InternetOpenW(L"c", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    WCHAR target[128];
    char t[128];
    snprintf(t, sizeof t, "http://%s:%u/headers", tc_host, (unsigned)tc_port);
    widen(target, t);
    char ct[128];
    snprintf(ct, sizeof ct, "http://%s:%u/", tc_host, (unsigned)tc_port);
    WCHAR wct[128];
    widen(wct, ct);
    CHECK_TRUE("set cookie W for the server", InternetSetCookieW(wct, L"k", L"v\u00e9\u4e2d"));
    HINTERNET r = InternetOpenUrlW(s, target, NULL, 0, INTERNET_FLAG_RELOAD, 0);
    tc_buf b = {0};
    CHECK("read the request head", r != NULL && tc_read_all(r, 0, 4096, &b, NULL) == 0);
    tc_buf_append(&b, "", 1);
    CHECK("the cookie on the wire: U+00E9 as its byte, U+4E2D as '?'", strstr(b.data, "\r\nCookie: k=v\xe9?\r\n") != NULL);
    tc_buf_free(&b);
    InternetCloseHandle(s);
}

/* What the server saw for wide headers, paths and URLs. */
static void test_wire(HINTERNET con)
{
    HINTERNET r = HttpOpenRequestW(con, L"GET", L"/headers?q=\u00e9\u20ac\U0001F600", NULL, L"http://ref/\u00e9", NULL,
                                   INTERNET_FLAG_RELOAD, 0);
    CHECK("open request W", r != NULL);
    CHECK_TRUE("add headers W", HttpAddRequestHeadersW(r, L"X-Added: \u00fc\u4e2d\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD));
    /* 16 characters end after the first CRLF (a cut in the second line would leave "X-Cut:",
     * a header with an empty value, which is refused with 87). */
    static const WCHAR extra[] = L"X-Sent: caf\u00e9 \u20ac\r\nX-Cut: no";
    CHECK_TRUE("send W with 16 characters of headers", HttpSendRequestW(r, extra, 16, NULL, 0));
    tc_buf b = {0};
    CHECK("read the request head", tc_read_all(r, 0, 4096, &b, NULL) == 0);
    tc_buf_append(&b, "", 1);
    CHECK("the request line: the path's characters as UTF-8 escapes",
          strncmp(b.data, "GET /headers?q=%C3%A9%E2%82%AC%F0%9F%98%80 HTTP/1.1\r\n", 53) == 0);
    CHECK("User-Agent: U+00E9 as its byte, U+20AC as '?'", strstr(b.data, "\r\nUser-Agent: wide-agent \xe9?\r\n") != NULL);
    CHECK("Referer as ISO-8859-1", strstr(b.data, "\r\nReferer: http://ref/\xe9\r\n") != NULL);
    CHECK("an added header as ISO-8859-1", strstr(b.data, "\r\nX-Added: \xfc?\r\n") != NULL);
    CHECK("a sent header as ISO-8859-1", strstr(b.data, "\r\nX-Sent: caf\xe9 ?\r\n") != NULL);
    CHECK("dwHeadersLength counted characters", strstr(b.data, "X-Cut") == NULL);
    tc_buf_free(&b);
    InternetCloseHandle(r);
}

/* Invalid wide text fails with 87 before anything is sent. */
static void test_invalid_text_sends_nothing(HINTERNET ses, HINTERNET con)
{
    unsigned long before = server_requests();
    HINTERNET r = HttpOpenRequestW(con, L"GET", L"/headers", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
    CHECK_FAILS("send W: headers that are not valid wide text", HttpSendRequestW(r, bad_text, (DWORD)-1, NULL, 0), 87);
    CHECK_FAILS("add headers W: not valid wide text", HttpAddRequestHeadersW(r, bad_text, (DWORD)-1, HTTP_ADDREQ_FLAG_ADD), 87);
    INTERNET_BUFFERSW bw;
    memset(&bw, 0, sizeof bw);
    bw.dwStructSize = sizeof bw;
    bw.lpcszHeader = bad_text;
    bw.dwHeadersLength = (DWORD)-1;
    CHECK_FAILS("send ex W: headers that are not valid wide text", HttpSendRequestExW(r, &bw, NULL, 0, 0), 87);
    CHECK_NULL_ERR("open request W: a path that is not valid wide text",
                   HttpOpenRequestW(con, L"GET", bad_text, NULL, NULL, NULL, 0, 0), 87);
    CHECK_NULL_ERR("open URL W: a URL that is not valid wide text", InternetOpenUrlW(ses, bad_text, NULL, 0, 0, 0), 87);
    static const WCHAR bad_host[] = {'1', '2', '7', '.', '0', '.', '0', '.', '1', 0xDBFF, 0};
    CHECK_NULL_ERR("connect W: a server name that is not valid wide text",
                   InternetConnectW(ses, bad_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0), 87);
#if RINET_WCHAR_SIZE == 4
    static const WCHAR big[] = {'X', ':', ' ', 0x110000, '\r', '\n', 0};
    CHECK_FAILS("send W: a value above 0x10FFFF", HttpSendRequestW(r, big, (DWORD)-1, NULL, 0), 87);
    static const WCHAR surrogate32[] = {'X', ':', ' ', 0xDFFF, '\r', '\n', 0};
    CHECK_FAILS("send W: a surrogate code point in UTF-32", HttpSendRequestW(r, surrogate32, (DWORD)-1, NULL, 0), 87);
#endif
    CHECK_EQ("the server saw no request but the next /stats", server_requests(), before + 1);
    CHECK_TRUE("the request is still unsent and sends now", HttpSendRequestW(r, L"X-Ok: 1\r\n", (DWORD)-1, NULL, 0));
    InternetCloseHandle(r);
}

/* Accept-type arrays holding pointers that are not strings. */
static void test_accept_types(HINTERNET con)
{
    /* Pairs of pages, the second of each unreadable: one pair for each string or array that
     * must end at a page's end (ANSI and wide apart). */
    enum { PAIRS = 6 };
    long page = sysconf(_SC_PAGESIZE);
    char *map = (char *)mmap(NULL, (size_t)page * 2 * PAIRS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                             -1, 0);
    if (map == MAP_FAILED) {
        tc_fail("accept types: mmap", "mmap failed");
        return;
    }
    bool protected_ok = true;
    for (int k = 0; k < PAIRS; k++)
        protected_ok = protected_ok && mprotect(map + (2 * k + 1) * page, (size_t)page, PROT_NONE) == 0;
    CHECK("accept types: unreadable pages", protected_ok);
    /* The end of the readable page of pair `k`. */
#define PAIR_END(k) (map + (2 * (k) + 1) * page)

    LPCSTR bad_a[] = {(LPCSTR)(uintptr_t)6240, "*/*", "%p", "", (LPCSTR)(intptr_t)-1, "*/*", NULL};
    LPCWSTR bad_w[] = {(LPCWSTR)(uintptr_t)6240, L"*/*", L"%p", L"", (LPCWSTR)(intptr_t)-1, L"*/*", NULL};
    LPCSTR unmapped_a[] = {"text/html", PAIR_END(0), NULL};
    LPCWSTR unmapped_w[] = {L"text/html", (LPCWSTR)(void *)PAIR_END(0), NULL};
    /* Strings that end on the last bytes of the readable page. */
    char *edge_a = PAIR_END(0) - 4;
    memcpy(edge_a, "a/b", 4);
    WCHAR *edge_w = (WCHAR *)(void *)(PAIR_END(1) - 4 * sizeof(WCHAR));
    edge_w[0] = 'a';
    edge_w[1] = '/';
    edge_w[2] = 'b';
    edge_w[3] = 0;
    LPCSTR edge_list_a[] = {"text/html", "", edge_a, NULL};
    LPCWSTR edge_list_w[] = {L"text/html", L"", edge_w, NULL};
    /* (LPCSTR)1 and ~0 alone. */
    LPCSTR one_a[] = {"text/html", (LPCSTR)(uintptr_t)1, NULL};
    LPCWSTR one_w[] = {L"text/html", (LPCWSTR)(uintptr_t)1, NULL};
    LPCSTR ones_a[] = {(LPCSTR)~(uintptr_t)0, "text/html", NULL};
    LPCWSTR ones_w[] = {(LPCWSTR)~(uintptr_t)0, L"text/html", NULL};
    /* Strings that run into the unreadable page: no NUL before it. */
    char *cross_a = PAIR_END(2) - 3;
    memcpy(cross_a, "a/b", 3);
    WCHAR *cross_w = (WCHAR *)(void *)(PAIR_END(3) - 3 * sizeof(WCHAR));
    cross_w[0] = 'a';
    cross_w[1] = '/';
    cross_w[2] = 'b';
    LPCSTR cross_list_a[] = {"text/html", cross_a, NULL};
    LPCWSTR cross_list_w[] = {L"text/html", cross_w, NULL};
    /* Arrays that run into the unreadable page before their NULL, and arrays that are not
     * readable at all. */
    LPCSTR *tail_a = (LPCSTR *)(void *)(PAIR_END(4) - 2 * sizeof(LPCSTR));
    tail_a[0] = "text/html";
    tail_a[1] = "a/b";
    LPCWSTR *tail_w = (LPCWSTR *)(void *)(PAIR_END(5) - 2 * sizeof(LPCWSTR));
    tail_w[0] = L"text/html";
    tail_w[1] = L"a/b";
    LPCSTR *gone_a = (LPCSTR *)(void *)PAIR_END(4);
    LPCWSTR *gone_w = (LPCWSTR *)(void *)PAIR_END(5);
#undef PAIR_END

    struct {
        const char *name;
        LPCSTR *a;
        LPCWSTR *w;
        const char *accept; /* NULL: no Accept header */
    } cases[] = {
        {"small integers and all-ones", bad_a, bad_w, NULL},
        {"an unmapped page", unmapped_a, unmapped_w, NULL},
        {"strings ending at a page's end, an empty one left out", edge_list_a, edge_list_w, "text/html, a/b"},
        {"(LPCSTR)1", one_a, one_w, NULL},
        {"all-ones first", ones_a, ones_w, NULL},
        {"a string running into an unreadable page", cross_list_a, cross_list_w, NULL},
        {"an array running into an unreadable page", tail_a, tail_w, NULL},
        {"an unreadable array", gone_a, gone_w, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int wide = 0; wide < 2; wide++) {
            char name[160];
            HINTERNET r = wide ? HttpOpenRequestW(con, L"POST", L"/headers", L"HTTP/1.0", L"", cases[i].w, 0, 0)
                               : HttpOpenRequestA(con, "POST", "/headers", "HTTP/1.0", "", cases[i].a, 0, 0);
            snprintf(name, sizeof name, "accept types %s (%s): the request opens", cases[i].name, wide ? "W" : "A");
            CHECK(name, r != NULL);
            char buf[64] = "";
            DWORD len = sizeof buf;
            BOOL ok = HttpQueryInfoA(r, HTTP_QUERY_ACCEPT | HTTP_QUERY_FLAG_REQUEST_HEADERS, buf, &len, NULL);
            DWORD err = ok ? 0 : GetLastError();
            snprintf(name, sizeof name, "accept types %s (%s): %s", cases[i].name, wide ? "W" : "A",
                     cases[i].accept ? cases[i].accept : "no Accept header");
            if (cases[i].accept == NULL)
                CHECK(name, !ok && err == ERROR_HTTP_HEADER_NOT_FOUND && buf[0] == '\0');
            else
                CHECK(name, ok && strcmp(buf, cases[i].accept) == 0);
            InternetCloseHandle(r);
        }
    }
    munmap(map, (size_t)page * 2 * PAIRS);
}

/* Uploads with INTERNET_BUFFERSW, reads with InternetReadFileExW, URLs with InternetOpenUrlW. */
static void test_upload_and_read(HINTERNET ses, HINTERNET con)
{
    HINTERNET r = HttpOpenRequestW(con, L"POST", L"/upload", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 0);
    INTERNET_BUFFERSW b;
    memset(&b, 0, sizeof b);
    b.dwStructSize = sizeof b;
    b.lpcszHeader = L"X-Up: \u00e9\r\n";
    b.dwHeadersLength = (DWORD)-1;
    b.lpvBuffer = (LPVOID) "abc";
    b.dwBufferLength = 3;
    b.dwBufferTotal = 10;
    INTERNET_BUFFERSW wrong = b;
    wrong.dwStructSize = sizeof b - 1;
    CHECK_FAILS("send ex W: a wrong dwStructSize", HttpSendRequestExW(r, &wrong, NULL, 0, 0), 87);
    CHECK_TRUE("send ex W", HttpSendRequestExW(r, &b, NULL, 0, 0));
    DWORD wrote = 0;
    CHECK_TRUE("write the rest", InternetWriteFile(r, "defghij", 7, &wrote) && wrote == 7);
    CHECK_FAILS("end W: an out buffer", HttpEndRequestW(r, &b, 0, 0), 87);
    CHECK_TRUE("end W", HttpEndRequestW(r, NULL, 0, 0));
    char body[64];
    INTERNET_BUFFERSW out;
    memset(&out, 0, sizeof out);
    out.dwStructSize = sizeof out;
    out.lpvBuffer = body;
    out.dwBufferLength = sizeof body - 1;
    CHECK_TRUE("read ex W", InternetReadFileExW(r, &out, 0, 0));
    body[out.dwBufferLength] = '\0';
    char want[64];
    tc_upload_reply(want, sizeof want, 10, tc_fnv1a64(TC_FNV_OFFSET, "abcdefghij", 10));
    CHECK_STR("the server got the ten bytes", body, want);
    InternetCloseHandle(r);

    char url[128];
    snprintf(url, sizeof url, "http://%s:%u/bytes/10", tc_host, (unsigned)tc_port);
    WCHAR wurl[128];
    widen(wurl, url);
    HINTERNET u = InternetOpenUrlW(ses, wurl, L"X-O: 1\r\n", (DWORD)-1, INTERNET_FLAG_RELOAD, 0);
    tc_buf got = {0};
    CHECK("open URL W and read", u != NULL && tc_read_all(u, 0, 4, &got, NULL) == 0);
    CHECK("open URL W body", got.len == 10 && memcmp(got.data, "abcdefghij", 10) == 0);
    tc_buf_free(&got);
    InternetCloseHandle(u);
}

/* ---------------------------------------------------------------------------------------- */
/* Callback payloads: W registration next to A registration                                 */
/* ---------------------------------------------------------------------------------------- */

typedef struct {
    DWORD status;
    DWORD len;
    unsigned char data[512];
} payload;

static payload payloads[2][64];
static size_t payload_count[2];
static pthread_mutex_t payload_lock = PTHREAD_MUTEX_INITIALIZER;

static void keep(int which, DWORD status, LPVOID info, DWORD len)
{
    if (status != INTERNET_STATUS_RESOLVING_NAME && status != INTERNET_STATUS_NAME_RESOLVED &&
        status != INTERNET_STATUS_CONNECTING_TO_SERVER && status != INTERNET_STATUS_CONNECTED_TO_SERVER &&
        status != INTERNET_STATUS_REDIRECT)
        return;
    pthread_mutex_lock(&payload_lock);
    if (payload_count[which] < 64) {
        payload *p = &payloads[which][payload_count[which]++];
        p->status = status;
        p->len = len;
        memcpy(p->data, info, len < sizeof p->data ? len : sizeof p->data);
    }
    pthread_mutex_unlock(&payload_lock);
}

static void CALLBACK cb_a(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    keep(0, status, info, len);
    tc_record(h, ctx, status, info, len);
    tc_leave();
}

static void CALLBACK cb_w(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    keep(1, status, info, len);
    tc_record(h, ctx, status, info, len);
    tc_leave();
}

static void fetch_redirect(int wide, const char *url)
{
    HINTERNET s = wide ? InternetOpenW(L"cb", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC)
                       : InternetOpenA("cb", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    if (wide)
        InternetSetStatusCallbackW(s, cb_w);
    else
        InternetSetStatusCallbackA(s, cb_a);
    DWORD_PTR ctx = wide ? 0x57 : 0x41;
    size_t mark = tc_mark();
    WCHAR wurl[128];
    widen(wurl, url);
    HINTERNET r = wide ? InternetOpenUrlW(s, wurl, NULL, 0, INTERNET_FLAG_RELOAD, ctx)
                       : InternetOpenUrlA(s, url, NULL, 0, INTERNET_FLAG_RELOAD, ctx);
    CHECK(wide ? "async open URL W pends" : "async open URL A pends", r == NULL && GetLastError() == ERROR_IO_PENDING);
    long at = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, mark, TC_WAIT_MS);
    CHECK(wide ? "open URL W completes" : "open URL A completes", at >= 0 && tc_get((size_t)at).error == 0);
    if (at >= 0) {
        HINTERNET req = (HINTERNET)tc_get((size_t)at).result;
        tc_buf b = {0};
        CHECK(wide ? "the redirected body W" : "the redirected body A",
              tc_read_all(req, ctx, 64, &b, NULL) == 0 && b.len == 5 && memcmp(b.data, "abcde", 5) == 0);
        tc_buf_free(&b);
    }
    InternetCloseHandle(s);
}

static void test_callback_payloads(void)
{
    char url[128], target[128];
    snprintf(url, sizeof url, "http://%s:%u/redirect", tc_host, (unsigned)tc_port);
    snprintf(target, sizeof target, "http://%s:%u/bytes/5", tc_host, (unsigned)tc_port);
    fetch_redirect(0, url);
    fetch_redirect(1, url);

    size_t redirects[2] = {0, 0}, connecting[2] = {0, 0};
    for (int which = 0; which < 2; which++) {
        for (size_t i = 0; i < payload_count[which]; i++) {
            payload *p = &payloads[which][i];
            const char *expect = p->status == INTERNET_STATUS_REDIRECT ? target : tc_host;
            bool wide = which == 1 && (p->status == INTERNET_STATUS_RESOLVING_NAME || p->status == INTERNET_STATUS_REDIRECT);
            unsigned char want[512];
            size_t n = strlen(expect) + 1, want_len = 0;
            for (size_t k = 0; k < n; k++) {
                if (wide) {
                    WCHAR c = (WCHAR)(unsigned char)expect[k];
                    memcpy(want + want_len, &c, sizeof c);
                    want_len += sizeof c;
                } else {
                    want[want_len++] = (unsigned char)expect[k];
                }
            }
            char name[160];
            snprintf(name, sizeof name, "%s callback: %s payload %s, byte for byte", which ? "W" : "A",
                     tc_status_name(p->status), wide ? "wide, length in bytes" : "ANSI");
            CHECK(name, p->len == want_len && memcmp(p->data, want, want_len) == 0);
            if (p->status == INTERNET_STATUS_REDIRECT)
                redirects[which]++;
            if (p->status == INTERNET_STATUS_CONNECTING_TO_SERVER)
                connecting[which]++;
        }
    }
    CHECK("one REDIRECT for each callback", redirects[0] == 1 && redirects[1] == 1);
    CHECK("CONNECTING_TO_SERVER for each callback", connecting[0] >= 1 && connecting[1] >= 1);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    tc_info("WCHAR is %u bytes", (unsigned)sizeof(WCHAR));
    test_crack_url();
    test_create_url();
    test_canonicalize_url();
    test_dates();

    HINTERNET ses = InternetOpenW(L"wide-agent \u00e9\u20ac", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    WCHAR host[64];
    widen(host, tc_host);
    HINTERNET con = InternetConnectW(ses, host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    if (ses == NULL || con == NULL)
        tc_bail("InternetOpenW / InternetConnectW failed");
    test_query_info(con);
    test_last_response_info(con);
    test_wire(con);
    test_options(ses, con);
    test_cookies();
    test_invalid_text_sends_nothing(ses, con);
    test_accept_types(con);
    test_upload_and_read(ses, con);
    InternetCloseHandle(ses);

    test_callback_payloads();
    tc_check_no_live_handles("every handle released");
    return tc_finish();
}
