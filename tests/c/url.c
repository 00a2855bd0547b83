/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * url.c -- URL cracking, creation and canonicalization, HTTP dates, and the layouts of
 * URL_COMPONENTSA and SYSTEMTIME.
 *
 * WinInet contract (wininet-contract.md section 2, and WinInet's documented results):
 *   - InternetCrackUrlA: per part, NULL/0 = not wanted, NULL/non-zero = pointer into the URL,
 *     buffer/size = copy with a NUL; lengths exclude the NUL; a buffer too small fails with
 *     ERROR_INSUFFICIENT_BUFFER and the size needed (NUL included); the path includes the extra
 *     info when the extra info is not asked for; ports default to 80/443/21; dwStructSize must
 *     be sizeof(URL_COMPONENTSA); a NUL within dwUrlLength ends the URL; no scheme gives
 *     ERROR_INTERNET_UNRECOGNIZED_SCHEME; a file: URL's copied path is in Windows form
 *     (file:///C:/a%20b gives C:\a b, file://C:/a%20b gives C:\a%20b, file://h/x gives \x);
 *   - InternetCreateUrlA: lpszScheme wins over nScheme; default ports are left out; a password
 *     without a user name is ERROR_INVALID_PARAMETER; a small or NULL buffer gives
 *     ERROR_INSUFFICIENT_BUFFER and the size needed with the NUL; success gives the length
 *     without it;
 *   - InternetCanonicalizeUrlA: escapes unsafe characters, resolves dot segments, leaves the
 *     fragment alone, honours the ICU_* flags, with the same sizing rules; a file: URL gets the
 *     Windows form (file:///C:/a/x gives file://C:\a\x with ICU_NO_ENCODE, file://C:/a/x
 *     escaped);
 *   - InternetTimeFromSystemTimeA / InternetTimeToSystemTimeA: RFC 1123 output, lenient input;
 *     text that stops short of a date (Fr, "") gives TRUE and the current time with the fields
 *     it holds.
 *
 * None of these calls uses the test server; the host and port arguments are accepted and
 * ignored.
 *
 * Usage: url <host> <port>
 */
#include "check.h"

#include <stddef.h>

static char name_buf[256];

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static const char *nm(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name_buf, sizeof name_buf, fmt, ap);
    va_end(ap);
    return name_buf;
}

/* A URL_COMPONENTSA asking for each part with the given lengths and NULL pointers. */
static URL_COMPONENTSA want(DWORD scheme, DWORD host, DWORD user, DWORD pass, DWORD path, DWORD extra)
{
    URL_COMPONENTSA uc;
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.dwSchemeLength = scheme;
    uc.dwHostNameLength = host;
    uc.dwUserNameLength = user;
    uc.dwPasswordLength = pass;
    uc.dwUrlPathLength = path;
    uc.dwExtraInfoLength = extra;
    return uc;
}

/* ---------------------------------------------------------------------------------------- */
/* Layouts                                                                                  */
/* ---------------------------------------------------------------------------------------- */

static void test_layouts(void)
{
    CHECK_EQ("sizeof(SYSTEMTIME)", sizeof(SYSTEMTIME), 16);
    CHECK_EQ("SYSTEMTIME.wYear", offsetof(SYSTEMTIME, wYear), 0);
    CHECK_EQ("SYSTEMTIME.wMonth", offsetof(SYSTEMTIME, wMonth), 2);
    CHECK_EQ("SYSTEMTIME.wDayOfWeek", offsetof(SYSTEMTIME, wDayOfWeek), 4);
    CHECK_EQ("SYSTEMTIME.wDay", offsetof(SYSTEMTIME, wDay), 6);
    CHECK_EQ("SYSTEMTIME.wHour", offsetof(SYSTEMTIME, wHour), 8);
    CHECK_EQ("SYSTEMTIME.wMinute", offsetof(SYSTEMTIME, wMinute), 10);
    CHECK_EQ("SYSTEMTIME.wSecond", offsetof(SYSTEMTIME, wSecond), 12);
    CHECK_EQ("SYSTEMTIME.wMilliseconds", offsetof(SYSTEMTIME, wMilliseconds), 14);
    CHECK_EQ("sizeof(INTERNET_SCHEME)", sizeof(INTERNET_SCHEME), 4);
    CHECK_EQ("INTERNET_SCHEME_RES", INTERNET_SCHEME_RES, 11);
    CHECK_EQ("INTERNET_SCHEME_UNKNOWN", INTERNET_SCHEME_UNKNOWN, -1);
    CHECK_EQ("INTERNET_MAX_URL_LENGTH", INTERNET_MAX_URL_LENGTH, 2084);

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
    static const size_t off[15] = {0, 8, 16, 20, 24, 32, 36, 40, 48, 56, 64, 72, 80, 88, 96};
    const size_t size = 104;
#else
    static const size_t off[15] = {0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56};
    const size_t size = 60;
#endif
    const size_t got[15] = {
        offsetof(URL_COMPONENTSA, dwStructSize),     offsetof(URL_COMPONENTSA, lpszScheme),
        offsetof(URL_COMPONENTSA, dwSchemeLength),   offsetof(URL_COMPONENTSA, nScheme),
        offsetof(URL_COMPONENTSA, lpszHostName),     offsetof(URL_COMPONENTSA, dwHostNameLength),
        offsetof(URL_COMPONENTSA, nPort),            offsetof(URL_COMPONENTSA, lpszUserName),
        offsetof(URL_COMPONENTSA, dwUserNameLength), offsetof(URL_COMPONENTSA, lpszPassword),
        offsetof(URL_COMPONENTSA, dwPasswordLength), offsetof(URL_COMPONENTSA, lpszUrlPath),
        offsetof(URL_COMPONENTSA, dwUrlPathLength),  offsetof(URL_COMPONENTSA, lpszExtraInfo),
        offsetof(URL_COMPONENTSA, dwExtraInfoLength),
    };
    static const char *const field[15] = {
        "dwStructSize",     "lpszScheme",   "dwSchemeLength",  "nScheme",     "lpszHostName",
        "dwHostNameLength", "nPort",        "lpszUserName",    "dwUserNameLength", "lpszPassword",
        "dwPasswordLength", "lpszUrlPath",  "dwUrlPathLength", "lpszExtraInfo", "dwExtraInfoLength",
    };
    for (int i = 0; i < 15; i++)
        CHECK_EQ(nm("URL_COMPONENTSA.%s offset", field[i]), got[i], off[i]);
    CHECK_EQ("sizeof(URL_COMPONENTSA)", sizeof(URL_COMPONENTSA), size);
    CHECK_EQ("sizeof(URL_COMPONENTS)", sizeof(URL_COMPONENTS), size);
}

/* ---------------------------------------------------------------------------------------- */
/* InternetCrackUrlA                                                                        */
/* ---------------------------------------------------------------------------------------- */

/* Offsets into the URL (-1: NULL pointer) and lengths WinInet reports when every part is asked
 * for by pointer. */
typedef struct {
    const char *url;
    int scheme_off, scheme_len;
    INTERNET_SCHEME scheme;
    int host_off, host_len;
    INTERNET_PORT port;
    int user_off, user_len, pass_off, pass_len, path_off, path_len, extra_off, extra_len;
} crack_case;

static const crack_case crack_cases[] = {
    {"http://www.example.io/site/about#hi", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 11, 32, 3},
    {"http://www.myserver.com/myscript.php?arg=1", 0, 4, INTERNET_SCHEME_HTTP, 7, 16, 80, -1, 0, -1, 0, 23, 13, 36, 6},
    {"http://www.example.io?test=123", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 0, 21, 9},
    {"http://www.example.io/myscript.php;test=123", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 22, -1, 0},
    {"HtTp://www.example.io/scheme", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 7, -1, 0},
    {"http://www.example.io", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 0, -1, 0},
    {"file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0, -1, 0, 7, 55, -1, 0},
    {"fide:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, 4, INTERNET_SCHEME_UNKNOWN, 7, 0, 0, -1, 0, -1, 0, 7, 55, -1, 0},
    {"file://C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0, -1, 0, 7, 54, -1, 0},
    {"C:\\file.txt", 0, 1, INTERNET_SCHEME_UNKNOWN, -1, 0, 0, -1, 0, -1, 0, 2, 9, -1, 0},
    {"res://IELib.dll/test.htm", 0, 3, INTERNET_SCHEME_RES, 6, 9, 0, -1, 0, -1, 0, 15, 9, -1, 0},
    {"gopher://www.example.io/site/about#hi", 0, 6, INTERNET_SCHEME_GOPHER, 9, 14, 0, -1, 0, -1, 0, 23, 11, 34, 3},
    {"https://user:pass@secure.example:8443/a/b?c=d#e", 0, 5, INTERNET_SCHEME_HTTPS, 18, 14, 8443, 8, 4, 13, 4, 37, 4, 41, 6},
    {"ftp://anon@ftp.example/pub/", 0, 3, INTERNET_SCHEME_FTP, 11, 11, 21, 6, 4, -1, 0, 22, 5, -1, 0},
    {"http://[::1]:8080/x", 0, 4, INTERNET_SCHEME_HTTP, 7, 5, 8080, -1, 0, -1, 0, 17, 2, -1, 0},
    {"https://[2001:db8::7]/", 0, 5, INTERNET_SCHEME_HTTPS, 8, 13, 443, -1, 0, -1, 0, 21, 1, -1, 0},
    {"about:blank", 0, 5, INTERNET_SCHEME_UNKNOWN, -1, 0, 0, -1, 0, -1, 0, 6, 5, -1, 0},
    {"mailto:someone@example.com", 0, 6, INTERNET_SCHEME_MAILTO, -1, 0, 0, -1, 0, -1, 0, 7, 19, -1, 0},
    {"http://h:0/", 0, 4, INTERNET_SCHEME_HTTP, 7, 1, 0, -1, 0, -1, 0, 10, 1, -1, 0},
    {"http://h:/", 0, 4, INTERNET_SCHEME_HTTP, 7, 1, 80, -1, 0, -1, 0, 9, 1, -1, 0},
};

static void check_ptr(const char *url, const char *what, const char *got, int off)
{
    if (off < 0)
        CHECK(nm("crack %s: %s is NULL", url, what), got == NULL);
    else
        CHECK_EQ(nm("crack %s: %s points at offset %d", url, what, off), got ? (long)(got - url) : -1L, off);
}

static void test_crack_pointers(void)
{
    for (size_t i = 0; i < sizeof crack_cases / sizeof crack_cases[0]; i++) {
        const crack_case *t = &crack_cases[i];
        URL_COMPONENTSA uc = want(1, 1, 1, 1, 1, 1);
        SetLastError(0xdeadbeef);
        BOOL ok = InternetCrackUrlA(t->url, (DWORD)strlen(t->url), 0, &uc);
        if (!ok) {
            tc_fail(nm("crack %s", t->url), "failed with %u", (unsigned)GetLastError());
            continue;
        }
        CHECK_EQ(nm("crack %s: last error 0", t->url), GetLastError(), 0);
        check_ptr(t->url, "scheme", uc.lpszScheme, t->scheme_off);
        CHECK_EQ(nm("crack %s: scheme length", t->url), uc.dwSchemeLength, t->scheme_len);
        CHECK_EQ(nm("crack %s: nScheme", t->url), (int64_t)uc.nScheme, (int64_t)t->scheme);
        check_ptr(t->url, "host", uc.lpszHostName, t->host_off);
        CHECK_EQ(nm("crack %s: host length", t->url), uc.dwHostNameLength, t->host_len);
        CHECK_EQ(nm("crack %s: nPort", t->url), uc.nPort, t->port);
        check_ptr(t->url, "user", uc.lpszUserName, t->user_off);
        CHECK_EQ(nm("crack %s: user length", t->url), uc.dwUserNameLength, t->user_len);
        check_ptr(t->url, "password", uc.lpszPassword, t->pass_off);
        CHECK_EQ(nm("crack %s: password length", t->url), uc.dwPasswordLength, t->pass_len);
        check_ptr(t->url, "path", uc.lpszUrlPath, t->path_off);
        CHECK_EQ(nm("crack %s: path length", t->url), uc.dwUrlPathLength, t->path_len);
        check_ptr(t->url, "extra", uc.lpszExtraInfo, t->extra_off);
        CHECK_EQ(nm("crack %s: extra length", t->url), uc.dwExtraInfoLength, t->extra_len);
    }

    /* Without the extra info asked for, the path includes it. */
    static const char url[] = "http://192.168.0.22/CFIDE/main.cfm?CFSVR=IDE&ACTION=IDE_DEFAULT";
    URL_COMPONENTSA uc = want(1, 1, 1, 1, 1, 1);
    CHECK_TRUE("crack split: succeeds", InternetCrackUrlA(url, 0, 0, &uc));
    CHECK_EQ("crack split: scheme 4", uc.dwSchemeLength, 4);
    CHECK_EQ("crack split: host 12", uc.dwHostNameLength, 12);
    CHECK_EQ("crack split: path 15", uc.dwUrlPathLength, 15);
    CHECK_EQ("crack split: extra 29", uc.dwExtraInfoLength, 29);
    uc = want(0, 1, 0, 0, 1, 0);
    CHECK_TRUE("crack unsplit: succeeds", InternetCrackUrlA(url, 0, 0, &uc));
    CHECK_EQ("crack unsplit: path 44", uc.dwUrlPathLength, 44);
    CHECK("crack unsplit: path points after the host", uc.lpszUrlPath == url + 19);
    CHECK("crack unsplit: scheme untouched", uc.lpszScheme == NULL && uc.dwSchemeLength == 0);
    CHECK("crack unsplit: extra untouched", uc.lpszExtraInfo == NULL && uc.dwExtraInfoLength == 0);

    /* dwUrlLength is a maximum: a NUL before it ends the URL; a shorter length cuts it. */
    uc = want(0, 1, 0, 0, 1, 0);
    CHECK_TRUE("crack length past the NUL: succeeds", InternetCrackUrlA("http://x.org", 13, 0, &uc));
    CHECK_EQ("crack length past the NUL: host 5", uc.dwHostNameLength, 5);
    uc = want(0, 1, 0, 0, 1, 0);
    CHECK_TRUE("crack NUL before the path: succeeds", InternetCrackUrlA("http://x.org\0/x", 15, 0, &uc));
    CHECK_EQ("crack NUL before the path: path length 0", uc.dwUrlPathLength, 0);
    uc = want(0, 1, 0, 0, 1, 0);
    CHECK_FAILS("crack NUL right after //: invalid URL", InternetCrackUrlA("http://\0x.org", 13, 0, &uc),
                ERROR_INTERNET_INVALID_URL);
    uc = want(0, 1, 0, 0, 1, 0);
    CHECK_TRUE("crack short length: succeeds", InternetCrackUrlA("http://host/path", 11, 0, &uc));
    CHECK_EQ("crack short length: host 4", uc.dwHostNameLength, 4);
    CHECK_EQ("crack short length: path 0", uc.dwUrlPathLength, 0);
}

static void test_crack_copies(void)
{
    char scheme[32], host[64], user[32], pass[32], path[128], extra[64];
    URL_COMPONENTSA uc = want(sizeof scheme, sizeof host, sizeof user, sizeof pass, sizeof path, sizeof extra);
    uc.lpszScheme = scheme;
    uc.lpszHostName = host;
    uc.lpszUserName = user;
    uc.lpszPassword = pass;
    uc.lpszUrlPath = path;
    uc.lpszExtraInfo = extra;
    URL_COMPONENTSA base = uc;

    CHECK_TRUE("copy: succeeds",
               InternetCrackUrlA("https://user:pass@www.example.com:8443/a%20b/c?d=e#f", 0, 0, &uc));
    CHECK_STR("copy: scheme", scheme, "https");
    CHECK_EQ("copy: scheme length", uc.dwSchemeLength, 5);
    CHECK_STR("copy: host", host, "www.example.com");
    CHECK_EQ("copy: host length", uc.dwHostNameLength, 15);
    CHECK_STR("copy: user", user, "user");
    CHECK_EQ("copy: user length", uc.dwUserNameLength, 4);
    CHECK_STR("copy: password", pass, "pass");
    CHECK_EQ("copy: password length", uc.dwPasswordLength, 4);
    CHECK_STR("copy: path", path, "/a%20b/c");
    CHECK_EQ("copy: path length", uc.dwUrlPathLength, 8);
    CHECK_STR("copy: extra", extra, "?d=e#f");
    CHECK_EQ("copy: extra length", uc.dwExtraInfoLength, 6);
    CHECK_EQ("copy: nScheme", uc.nScheme, INTERNET_SCHEME_HTTPS);
    CHECK_EQ("copy: nPort", uc.nPort, 8443);
    CHECK("copy: pointers unchanged", uc.lpszScheme == scheme && uc.lpszUrlPath == path);

    /* Absent parts are copied as empty strings. */
    uc = base;
    memset(user, 'x', sizeof user);
    memset(extra, 'x', sizeof extra);
    CHECK_TRUE("copy absent: succeeds", InternetCrackUrlA("http://www.example.io", 0, 0, &uc));
    CHECK_STR("copy absent: user empty", user, "");
    CHECK_EQ("copy absent: user length 0", uc.dwUserNameLength, 0);
    CHECK_STR("copy absent: extra empty", extra, "");
    CHECK_STR("copy absent: path empty", path, "");
    CHECK_STR("copy absent: host", host, "www.example.io");

    uc = base;
    CHECK_TRUE("copy about:blank", InternetCrackUrlA("about://host/blank", 0, 0, &uc));
    CHECK_STR("copy about: scheme", scheme, "about");
    CHECK_STR("copy about: host", host, "host");
    CHECK_STR("copy about: path", path, "/blank");

    /* ICU_DECODE and ICU_ESCAPE unescape the copies. */
    uc = base;
    CHECK_TRUE("decode: succeeds", InternetCrackUrlA("http://u%41:p%3A@h/a%20b%2fc?x=%41", 0, ICU_DECODE, &uc));
    CHECK_STR("decode: user", user, "uA");
    CHECK_STR("decode: password", pass, "p:");
    CHECK_STR("decode: path", path, "/a b/c");
    CHECK_EQ("decode: path length", uc.dwUrlPathLength, 6);
    CHECK_STR("decode: extra", extra, "?x=A");
    uc = base;
    CHECK_TRUE("escape flag: succeeds", InternetCrackUrlA("http://h/a%20b", 0, ICU_ESCAPE, &uc));
    CHECK_STR("escape flag: path unescaped", path, "/a b");

    /* Decoding needs buffers for every part asked for. */
    uc = base;
    uc.lpszHostName = NULL;
    CHECK_FAILS("decode with a pointer request", InternetCrackUrlA("http://h/a%20b", 0, ICU_DECODE, &uc),
                ERROR_INVALID_PARAMETER);

    /* A buffer too small: 122, and the length needed with the NUL. */
    char small[4] = {'#', '#', '#', '#'};
    uc = want(4, 0, 0, 0, 0, 0);
    uc.lpszScheme = small;
    CHECK_FAILS("small scheme buffer", InternetCrackUrlA("http://h/", 0, 0, &uc), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("small scheme buffer: needed 5", uc.dwSchemeLength, 5);
    CHECK("small scheme buffer: untouched", small[0] == '#' && small[3] == '#');
    uc.dwSchemeLength = 5;
    char fits[5];
    uc.lpszScheme = fits;
    CHECK_TRUE("exact scheme buffer", InternetCrackUrlA("http://h/", 0, 0, &uc));
    CHECK_STR("exact scheme buffer: copied", fits, "http");
    CHECK_EQ("exact scheme buffer: length 4", uc.dwSchemeLength, 4);

    static char long_url[7000];
    strcpy(long_url, "http://www.example.io/path/#");
    memset(long_url + strlen(long_url), 'x', 5000);
    uc = want(0, 0, 0, 0, 0, 100);
    uc.lpszExtraInfo = extra;
    CHECK_FAILS("long extra info", InternetCrackUrlA(long_url, 0, 0, &uc), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("long extra info: needed", uc.dwExtraInfoLength, 5002);

    /* A small buffer fails the call, the others are still filled. */
    uc = base;
    uc.dwHostNameLength = 3;
    CHECK_FAILS("one small part", InternetCrackUrlA("http://www.example.io/x", 0, 0, &uc), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("one small part: host needed", uc.dwHostNameLength, 15);
    CHECK_STR("one small part: path copied", path, "/x");

    /* A buffer with a size of 0 is too small. */
    uc = base;
    uc.dwUrlPathLength = 0;
    CHECK_FAILS("path buffer of size 0", InternetCrackUrlA("http://h/abc", 0, 0, &uc), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("path buffer of size 0: needed", uc.dwUrlPathLength, 5);
}

/* file: URLs: the path is copied in Windows form, as WinInet gives it. */
typedef struct {
    const char *url;
    DWORD flags;
    const char *host; /* copied host */
    const char *path; /* copied path (the extra info asked for apart) */
} file_case;

static const file_case file_cases[] = {
    {"file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, "",
     "C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml"},
    {"file:///C:/Program%20Files/x.xml", 0, "", "C:\\Program Files\\x.xml"},
    {"file://C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, "",
     "C:\\Program%20Files\\Atmel\\AVR%20Tools\\STK500\\STK500.xml"},
    {"file://C:/dir/x.xml", 0, "", "C:\\dir\\x.xml"},
    {"file://C:/Program%20Files/Atmel/..", 0, "", "C:\\Program%20Files\\Atmel\\..\\"},
    {"file://C:/Program%20Files/Atmel/../Asdf.xml", 0, "", "C:\\Program%20Files\\Atmel\\..\\Asdf.xml"},
    {"file:///C:/Program%20Files/Atmel/..", 0, "", "C:\\Program Files\\Atmel\\..\\"},
    {"file:///C:/Program%20Files/Atmel/../Asdf.xml", 0, "", "C:\\Program Files\\Atmel\\..\\Asdf.xml"},
    {"file://C:/Program%20Files/Atmel/.", 0, "", "C:\\Program%20Files\\Atmel\\.\\"},
    {"file://C:/Program%20Files/Atmel/./Asdf.xml", 0, "", "C:\\Program%20Files\\Atmel\\.\\Asdf.xml"},
    {"file:///C:/Program%20Files/Atmel/.", 0, "", "C:\\Program Files\\Atmel\\.\\"},
    {"file:///C:/Program%20Files/Atmel/./Asdf.xml", 0, "", "C:\\Program Files\\Atmel\\.\\Asdf.xml"},
    {"file://host/share/x", 0, "host", "\\share\\x"},
    {"file://host/share/a%20b.txt", 0, "host", "\\share\\a b.txt"},
    {"file://localhost/C:/x.txt", 0, "localhost", "C:\\x.txt"},
    {"file:///etc/hosts", 0, "", "\\etc\\hosts"},
    {"file:///c|/dir/x", 0, "", "c:\\dir\\x"},
    {"file:////server/share/a%20b", 0, "", "\\\\server\\share\\a%20b"},
    {"file:/C:/a%20b", 0, "", "C:\\a b"},
    /* ICU_DECODE and ICU_ESCAPE unescape every form. */
    {"file://C:/Program%20Files/x.xml", ICU_DECODE, "", "C:\\Program Files\\x.xml"},
    {"file://C:/Program%20Files/x.xml", ICU_ESCAPE, "", "C:\\Program Files\\x.xml"},
    {"file:///C:/Program%20Files/x.xml", ICU_DECODE, "", "C:\\Program Files\\x.xml"},
    {"file://host/share/a%20b", ICU_DECODE, "host", "\\share\\a b"},
};

static void test_crack_file_urls(void)
{
    for (size_t i = 0; i < sizeof file_cases / sizeof file_cases[0]; i++) {
        const file_case *t = &file_cases[i];
        char scheme[16], host[64], user[16], pass[16], path[128], extra[16];
        URL_COMPONENTSA uc = want(sizeof scheme, sizeof host, sizeof user, sizeof pass, sizeof path, sizeof extra);
        uc.lpszScheme = scheme;
        uc.lpszHostName = host;
        uc.lpszUserName = user;
        uc.lpszPassword = pass;
        uc.lpszUrlPath = path;
        uc.lpszExtraInfo = extra;
        const char *u = t->url;
        unsigned long fl = (unsigned long)t->flags;
        if (!InternetCrackUrlA(u, 0, t->flags, &uc)) {
            tc_fail(nm("crack file %s flags %#lx", u, fl), "failed with %u", (unsigned)GetLastError());
            continue;
        }
        CHECK_EQ(nm("crack file %s flags %#lx: nScheme FILE", u, fl), (int64_t)uc.nScheme,
                 (int64_t)INTERNET_SCHEME_FILE);
        CHECK_STR(nm("crack file %s flags %#lx: scheme", u, fl), scheme, "file");
        CHECK_STR(nm("crack file %s flags %#lx: host", u, fl), host, t->host);
        CHECK_EQ(nm("crack file %s flags %#lx: host length", u, fl), uc.dwHostNameLength, strlen(t->host));
        CHECK_EQ(nm("crack file %s flags %#lx: port 0", u, fl), uc.nPort, 0);
        CHECK_STR(nm("crack file %s flags %#lx: path", u, fl), path, t->path);
        CHECK_EQ(nm("crack file %s flags %#lx: path length", u, fl), uc.dwUrlPathLength, strlen(t->path));
        CHECK_STR(nm("crack file %s flags %#lx: no extra info", u, fl), extra, "");
    }

    /* The size needed is the converted path's, NUL included. */
    static const char url[] = "file:///C:/Program%20Files/x.xml";
    char small[8] = "#######";
    URL_COMPONENTSA uc = want(0, 0, 0, 0, sizeof small, 0);
    uc.lpszUrlPath = small;
    CHECK_FAILS("crack file: small path buffer", InternetCrackUrlA(url, 0, 0, &uc), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("crack file: small path buffer: needed", uc.dwUrlPathLength, strlen("C:\\Program Files\\x.xml") + 1);
    CHECK_STR("crack file: small path buffer: untouched", small, "#######");
    char exact[23];
    uc = want(0, 0, 0, 0, sizeof exact, 0);
    uc.lpszUrlPath = exact;
    CHECK_TRUE("crack file: exact path buffer", InternetCrackUrlA(url, 0, 0, &uc));
    CHECK_STR("crack file: exact path buffer: copied", exact, "C:\\Program Files\\x.xml");

    /* Without the extra info asked for, the path includes it, converted the same way. */
    char path[64];
    uc = want(0, 0, 0, 0, sizeof path, 0);
    uc.lpszUrlPath = path;
    CHECK_TRUE("crack file with a query", InternetCrackUrlA("file:///C:/a%20b/c.htm?x=1", 0, 0, &uc));
    CHECK_STR("crack file with a query: path", path, "C:\\a b\\c.htm?x=1");

    /* Pointers into the URL give the path as written. */
    uc = want(1, 1, 0, 0, 1, 1);
    CHECK_TRUE("crack file by pointer", InternetCrackUrlA(url, 0, 0, &uc));
    CHECK("crack file by pointer: path at offset 7", uc.lpszUrlPath == url + 7);
    CHECK_EQ("crack file by pointer: path length", uc.dwUrlPathLength, strlen(url) - 7);
    CHECK("crack file by pointer: no host", uc.lpszHostName == NULL && uc.dwHostNameLength == 0);
}

static void test_crack_errors(void)
{
    URL_COMPONENTSA uc = want(1, 1, 1, 1, 1, 1);
    CHECK_FAILS("crack NULL URL", InternetCrackUrlA(NULL, 0, 0, &uc), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("crack NULL components", InternetCrackUrlA("http://h/", 0, 0, NULL), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("crack empty URL", InternetCrackUrlA("", 0, 0, &uc), ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    uc.dwStructSize = 0;
    CHECK_FAILS("crack dwStructSize 0", InternetCrackUrlA("http://h/", 0, 0, &uc), ERROR_INVALID_PARAMETER);
    uc.dwStructSize = sizeof uc + 1;
    CHECK_FAILS("crack dwStructSize too big", InternetCrackUrlA("http://h/", 0, 0, &uc), ERROR_INVALID_PARAMETER);
    CHECK("crack bad size: untouched", uc.lpszHostName == NULL && uc.dwHostNameLength == 1);

    static const char *const no_scheme[] = {"file.txt", "www.example.io", "../Ritz.xml", "http"};
    for (size_t i = 0; i < sizeof no_scheme / sizeof no_scheme[0]; i++) {
        uc = want(0, 0, 0, 0, 0, 0);
        CHECK_FAILS(nm("crack %s: no scheme", no_scheme[i]), InternetCrackUrlA(no_scheme[i], 0, 0, &uc),
                    ERROR_INTERNET_UNRECOGNIZED_SCHEME);
    }
    static const char *const invalid[] = {"http://h:65536/", "http://h:8o/", "http://[::1/", "http:///nohost",
                                          "https://"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        uc = want(1, 1, 1, 1, 1, 1);
        CHECK_FAILS(nm("crack %s: invalid", invalid[i]), InternetCrackUrlA(invalid[i], 0, 0, &uc),
                    ERROR_INTERNET_INVALID_URL);
    }
    uc = want(0, 0, 0, 0, 0, 0);
    CHECK_FAILS("crack asking for nothing", InternetCrackUrlA("http://h/", 0, 0, &uc), ERROR_INVALID_PARAMETER);
    uc = want(1, 1, 1, 1, 1, 1);
    CHECK_TRUE("crack unsuffixed name", InternetCrackUrl("http://h/", 0, 0, &uc));
}

/* ---------------------------------------------------------------------------------------- */
/* InternetCreateUrlA                                                                       */
/* ---------------------------------------------------------------------------------------- */

#define CREATE_URL1 "http://username:password@www.example.io/site/about"
#define CREATE_URL2 "http://username@www.example.io/site/about"
#define CREATE_URL4 "http://www.example.io/site/about"
#define CREATE_URL6 "nhttp://username:password@www.example.io:80/site/about"
#define CREATE_URL7 "http://username:password@www.example.io:42/site/about"
#define CREATE_URL8 "https://username:password@www.example.io/site/about"
#define CREATE_URL9 "about:blank"
#define CREATE_URL10 "about://host/blank"
#define CREATE_URL11 "about:"
#define CREATE_URL12 "http://www.example.io:65535"
#define CREATE_URL13 "http://localhost/?test=123"

static char s_http[] = "http", s_https[] = "https", s_nhttp[] = "nhttp", s_site[] = "www.example.io",
            s_user[] = "username", s_pass[] = "password", s_about_path[] = "/site/about", s_empty[] = "",
            s_about[] = "about", s_blank[] = "blank", s_host[] = "host", s_localhost[] = "localhost",
            s_root[] = "/", s_query[] = "?test=123";

static void fill(URL_COMPONENTSA *uc)
{
    memset(uc, 0, sizeof *uc);
    uc->dwStructSize = sizeof *uc;
    uc->lpszScheme = s_http;
    uc->dwSchemeLength = (DWORD)strlen(s_http);
    uc->nScheme = INTERNET_SCHEME_HTTP;
    uc->lpszHostName = s_site;
    uc->dwHostNameLength = (DWORD)strlen(s_site);
    uc->nPort = 80;
    uc->lpszUserName = s_user;
    uc->dwUserNameLength = (DWORD)strlen(s_user);
    uc->lpszPassword = s_pass;
    uc->dwPasswordLength = (DWORD)strlen(s_pass);
    uc->lpszUrlPath = s_about_path;
    uc->dwUrlPathLength = (DWORD)strlen(s_about_path);
    uc->lpszExtraInfo = s_empty;
    uc->dwExtraInfoLength = 0;
}

/* Creates the URL into a large buffer and checks text and length. */
static void check_create(const char *name, URL_COMPONENTSA *uc, DWORD flags, const char *expect)
{
    char url[256];
    DWORD len = sizeof url;
    memset(url, '#', sizeof url);
    if (!InternetCreateUrlA(uc, flags, url, &len)) {
        tc_fail(name, "InternetCreateUrlA failed with %u", (unsigned)GetLastError());
        return;
    }
    CHECK_STR(name, url, expect);
    CHECK_EQ(nm("%s: length", name), len, strlen(expect));
}

static void test_create(void)
{
    URL_COMPONENTSA uc;
    DWORD len = (DWORD)-1;
    char url[256];

    CHECK_FAILS("create NULL components", InternetCreateUrlA(NULL, 0, NULL, &len), ERROR_INVALID_PARAMETER);
    CHECK_EQ("create NULL components: length untouched", len, (DWORD)-1);
    memset(&uc, 0, sizeof uc);
    CHECK_FAILS("create zeroed components", InternetCreateUrlA(&uc, 0, NULL, &len), ERROR_INVALID_PARAMETER);
    CHECK_EQ("create zeroed components: length untouched", len, (DWORD)-1);
    fill(&uc);
    CHECK_FAILS("create NULL length", InternetCreateUrlA(&uc, 0, NULL, NULL), ERROR_INVALID_PARAMETER);

    CHECK_FAILS("create NULL buffer", InternetCreateUrlA(&uc, 0, NULL, &len), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("create NULL buffer: needed 51", len, 51);
    len = 49;
    memset(url, '#', sizeof url);
    CHECK_FAILS("create small buffer", InternetCreateUrlA(&uc, 0, url, &len), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("create small buffer: needed 51", len, 51);
    CHECK("create small buffer: untouched", url[0] == '#');
    len = 50;
    CHECK_FAILS("create buffer without room for the NUL", InternetCreateUrlA(&uc, 0, url, &len),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("create buffer without room for the NUL: needed 51", len, 51);
    len = 51;
    CHECK_TRUE("create exact buffer", InternetCreateUrlA(&uc, 0, url, &len));
    CHECK_EQ("create exact buffer: length 50", len, 50);
    CHECK_STR("create exact buffer: URL", url, CREATE_URL1);
    CHECK("create: default port left out", strstr(url, "80") == NULL);

    fill(&uc);
    uc.lpszScheme = NULL;
    check_create("create from nScheme", &uc, 0, CREATE_URL1);
    fill(&uc);
    uc.lpszScheme = NULL;
    uc.nScheme = INTERNET_SCHEME_DEFAULT;
    check_create("create from INTERNET_SCHEME_DEFAULT", &uc, 0, CREATE_URL1);
    fill(&uc);
    uc.nScheme = -3;
    check_create("create ignores nScheme with lpszScheme", &uc, 0, CREATE_URL1);
    fill(&uc);
    uc.lpszScheme = NULL;
    uc.nScheme = INTERNET_SCHEME_UNKNOWN;
    len = sizeof url;
    CHECK_FAILS("create unknown nScheme", InternetCreateUrlA(&uc, 0, url, &len), ERROR_INVALID_PARAMETER);

    fill(&uc);
    uc.lpszPassword = NULL;
    check_create("create without password", &uc, 0, CREATE_URL2);
    fill(&uc);
    uc.lpszUserName = NULL;
    len = 42;
    CHECK_FAILS("create password without user", InternetCreateUrlA(&uc, 0, url, &len), ERROR_INVALID_PARAMETER);
    CHECK_EQ("create password without user: length untouched", len, 42);
    fill(&uc);
    uc.lpszUserName = NULL;
    uc.lpszPassword = NULL;
    check_create("create without credentials", &uc, 0, CREATE_URL4);
    fill(&uc);
    uc.lpszUserName = s_empty;
    uc.dwUserNameLength = 0;
    uc.lpszPassword = s_empty;
    uc.dwPasswordLength = 0;
    check_create("create empty credentials", &uc, 0, "http://:@www.example.io/site/about");

    fill(&uc);
    uc.lpszScheme = s_nhttp;
    uc.dwSchemeLength = (DWORD)strlen(s_nhttp);
    check_create("create unknown scheme keeps port 80", &uc, ICU_ESCAPE, CREATE_URL6);
    uc.lpszScheme = s_http;
    uc.dwSchemeLength = (DWORD)strlen(s_http);
    uc.nPort = 42;
    check_create("create port 42", &uc, ICU_ESCAPE, CREATE_URL7);

    /* Lengths of 0 mean NUL-terminated parts. */
    fill(&uc);
    uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = 0;
    uc.dwPasswordLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = 0;
    check_create("create with NUL-terminated parts", &uc, ICU_ESCAPE, CREATE_URL1);
    uc.lpszScheme = s_https;
    uc.nPort = 443;
    check_create("create https", &uc, ICU_ESCAPE, CREATE_URL8);

    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = s_about;
    uc.dwSchemeLength = 5;
    uc.lpszUrlPath = s_blank;
    uc.dwUrlPathLength = 5;
    check_create("create about:blank", &uc, ICU_ESCAPE, CREATE_URL9);
    uc.lpszHostName = s_host;
    uc.dwSchemeLength = uc.dwUrlPathLength = 0;
    check_create("create about with a host", &uc, ICU_ESCAPE, CREATE_URL10);
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = s_about;
    uc.nPort = 8080;
    check_create("create about without parts", &uc, ICU_ESCAPE, CREATE_URL11);
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = s_http;
    uc.nScheme = INTERNET_SCHEME_HTTP;
    uc.lpszHostName = s_site;
    uc.nPort = 65535;
    check_create("create port 65535", &uc, ICU_ESCAPE, CREATE_URL12);
    memset(&uc, 0, sizeof uc);
    uc.dwStructSize = sizeof uc;
    uc.lpszScheme = s_http;
    uc.lpszHostName = s_localhost;
    uc.nPort = 80;
    uc.lpszUrlPath = s_root;
    uc.lpszExtraInfo = s_query;
    check_create("create with extra info", &uc, ICU_ESCAPE, CREATE_URL13);

    char spaced[] = "/a b<c>";
    char frag[] = "?q=1 2#top";
    uc.lpszUrlPath = spaced;
    uc.lpszExtraInfo = frag;
    check_create("create ICU_ESCAPE", &uc, ICU_ESCAPE, "http://localhost/a%20b%3Cc%3E?q=1%202#top");
    check_create("create without ICU_ESCAPE", &uc, 0, "http://localhost/a b<c>?q=1 2#top");
    len = sizeof url;
    CHECK_TRUE("create unsuffixed name", InternetCreateUrl(&uc, 0, url, &len));
}

/* ---------------------------------------------------------------------------------------- */
/* InternetCanonicalizeUrlA                                                                 */
/* ---------------------------------------------------------------------------------------- */

static void check_canon(const char *name, const char *src, DWORD flags, const char *expect)
{
    char dst[512];
    DWORD len = sizeof dst;
    if (!InternetCanonicalizeUrlA(src, dst, &len, flags)) {
        tc_fail(name, "InternetCanonicalizeUrlA(\"%s\", 0x%08x) failed with %u", src, (unsigned)flags,
                (unsigned)GetLastError());
        return;
    }
    CHECK_STR(name, dst, expect);
    CHECK_EQ(nm("%s: length", name), len, strlen(expect));
}

static void test_canonicalize(void)
{
    static const char src[] = "http://www.example.io/%27/ /./>/#>  ";
    check_canon("canon default", src, 0, "http://www.example.io/%27/%20/%3E/#>");
    check_canon("canon ICU_BROWSER_MODE", src, ICU_BROWSER_MODE, "http://www.example.io/%27/%20/%3E/#>");
    check_canon("canon ICU_ESCAPE ignored", src, ICU_ESCAPE, "http://www.example.io/%27/%20/%3E/#>");
    check_canon("canon ICU_DECODE", src, ICU_DECODE, "http://www.example.io/'/%20/%3E/#>");
    check_canon("canon ICU_ENCODE_PERCENT", src, ICU_ENCODE_PERCENT, "http://www.example.io/%2527/%20/%3E/#>");
    check_canon("canon ICU_ENCODE_SPACES_ONLY", src, ICU_ENCODE_SPACES_ONLY, "http://www.example.io/%27/%20/>/#>");
    check_canon("canon ICU_NO_ENCODE", src, ICU_NO_ENCODE, "http://www.example.io/%27/ />/#>");
    check_canon("canon ICU_NO_META", src, ICU_NO_META, "http://www.example.io/%27/%20/./%3E/#>");

    check_canon("canon trailing space in the query", "http://www.example.io/index.php?x= ", ICU_BROWSER_MODE,
                "http://www.example.io/index.php?x=");
    check_canon("canon dots", "http://www.example.io/tests/../tests/../..", 0, "http://www.example.io/");
    check_canon("canon dots before a query", "http://www.example.io/tests/..?query=x&return=y", 0,
                "http://www.example.io/?query=x&return=y");
    check_canon("canon backslashes", "http://www.example.io/tests\\../#example", 0,
                "http://www.example.io/#example");
    check_canon("canon host only", "http://www.example.io", 0, "http://www.example.io/");
    check_canon("canon decode without encode", "http://h/a%20b/c%2Fd", ICU_DECODE | ICU_NO_ENCODE,
                "http://h/a b/c/d");
    check_canon("canon IPv6 host", "http://[::1]:8080/a b", 0, "http://[::1]:8080/a%20b");
    check_canon("canon unsuffixed", "http://h/x/./y", 0, "http://h/x/y");

    /* file: URLs: the Windows form, seen as it is with ICU_NO_ENCODE and escaped (with `/`
     * again) otherwise. */
    check_canon("canon file drive", "file:///C:/Program Files/x.xml", ICU_NO_ENCODE,
                "file://C:\\Program Files\\x.xml");
    check_canon("canon file drive, escaped", "file:///C:/Program Files/x.xml", 0,
                "file://C:/Program%20Files/x.xml");
    check_canon("canon file drive for a host", "file://C:/dir/../x.xml", ICU_NO_ENCODE, "file://C:\\x.xml");
    check_canon("canon file four slashes", "file:////C:/x", ICU_NO_ENCODE, "file://C:\\x");
    check_canon("canon file backslashes", "file:///c:\\tests\\foobar", ICU_NO_ENCODE,
                "file://c:\\tests\\foobar");
    check_canon("canon file host", "file://home/user/file", ICU_NO_ENCODE, "file://\\\\home\\user\\file");
    check_canon("canon file host, escaped", "file://home/user/a b", 0, "file://home/user/a%20b");
    check_canon("canon file UNC", "file:////home/user/file", ICU_NO_ENCODE, "file://\\\\home\\user\\file");
    check_canon("canon file local", "file:///home/user/file", ICU_NO_ENCODE, "file://\\home\\user\\file");
    check_canon("canon file local, escaped", "file:///home/user/file", 0, "file:///home/user/file");
    check_canon("canon file localhost", "file://localhost/etc/x", 0, "file:///etc/x");
    check_canon("canon file localhost drive", "file://localhost/C:/x", ICU_NO_ENCODE, "file://C:\\x");
    check_canon("canon file relative", "file:../a/./b", ICU_NO_ENCODE, "file:..\\a\\b");
    check_canon("canon file dots stay above the root", "file://a/b/../../../c", ICU_NO_ENCODE,
                "file://\\\\a\\..\\..\\c");
    check_canon("canon file ICU_NO_META", "file://a/b/.", ICU_NO_ENCODE | ICU_NO_META,
                "file://\\\\a\\b\\.\\");
    check_canon("canon file query left alone", "file://a/b?c/../d\\e", ICU_NO_ENCODE,
                "file://\\\\a\\b?c/../d\\e");
    check_canon("canon file # in the path", "file://a/b#c/../d/e", ICU_NO_ENCODE, "file://\\\\a\\d\\e");
    check_canon("canon file fragment after .html", "file://a/b.html#c?d", ICU_NO_ENCODE,
                "file://\\\\a\\b.html?d#c");
    check_canon("canon file # escaped", "file:///C:/a#b c", 0, "file://C:/a%23b%20c");
    check_canon("canon file decode", "file:///C:/a%20b", ICU_DECODE | ICU_NO_ENCODE, "file://C:\\a b");
    check_canon("canon file scheme in lower case", "FILE:///C:/x", 0, "file://C:/x");

    /* Sizes: 122 and strlen+1 when it does not fit, strlen on success. */
    static const char adobe[] = "http://swupmf.adobe.com/manifest/50/win/AdobeUpdater.upd";
    const DWORD n = (DWORD)strlen(adobe);
    char buf[256];
    DWORD size = 1;
    memset(buf, '#', sizeof buf);
    CHECK_FAILS("canon size 1", InternetCanonicalizeUrlA(adobe, buf, &size, 0), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("canon size 1: needed", size, n + 1);
    CHECK("canon size 1: untouched", buf[0] == '#');
    size = n;
    CHECK_FAILS("canon no room for the NUL", InternetCanonicalizeUrlA(adobe, buf, &size, 0),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("canon no room for the NUL: needed", size, n + 1);
    size = n + 1;
    CHECK_TRUE("canon exact size", InternetCanonicalizeUrlA(adobe, buf, &size, 0));
    CHECK_EQ("canon exact size: length", size, n);
    CHECK_STR("canon exact size: unchanged", buf, adobe);
    size = n + 2;
    CHECK_TRUE("canon larger size", InternetCanonicalizeUrlA(adobe, buf, &size, 0));
    CHECK_EQ("canon larger size: length", size, n);

    size = sizeof buf;
    CHECK_FAILS("canon NULL URL", InternetCanonicalizeUrlA(NULL, buf, &size, 0), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("canon NULL buffer", InternetCanonicalizeUrlA(adobe, NULL, &size, 0), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("canon NULL size", InternetCanonicalizeUrlA(adobe, buf, NULL, 0), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("canon empty URL", InternetCanonicalizeUrlA("   ", buf, &size, 0), ERROR_INTERNET_INVALID_URL);
    size = sizeof buf;
    CHECK_TRUE("canon unsuffixed name", InternetCanonicalizeUrl(adobe, buf, &size, 0));
}

/* ---------------------------------------------------------------------------------------- */
/* HTTP dates                                                                               */
/* ---------------------------------------------------------------------------------------- */

static void check_time(const char *name, const SYSTEMTIME *got, const SYSTEMTIME *want)
{
    if (memcmp(got, want, sizeof *got) == 0)
        tc_ok(name);
    else
        tc_fail(name, "got {%u,%u,%u,%u,%u,%u,%u,%u}, expected {%u,%u,%u,%u,%u,%u,%u,%u}", got->wYear, got->wMonth,
                got->wDayOfWeek, got->wDay, got->wHour, got->wMinute, got->wSecond, got->wMilliseconds,
                want->wYear, want->wMonth, want->wDayOfWeek, want->wDay, want->wHour, want->wMinute,
                want->wSecond, want->wMilliseconds);
}

static void test_time_from_system_time(void)
{
    static const SYSTEMTIME t = {2005, 1, 5, 7, 12, 6, 35, 0};
    static const char expect[] = "Fri, 07 Jan 2005 12:06:35 GMT";
    char s[INTERNET_RFC1123_BUFSIZE];

    CHECK_EQ("expected date is 29 characters", strlen(expect), INTERNET_RFC1123_BUFSIZE - 1);
    memset(s, '#', sizeof s);
    CHECK_TRUE("format date", InternetTimeFromSystemTimeA(&t, INTERNET_RFC1123_FORMAT, s, sizeof s));
    CHECK("format date: bytes and NUL", memcmp(s, expect, sizeof expect) == 0);

    SYSTEMTIME other = t;
    other.wDayOfWeek = 0;
    other.wMilliseconds = 999;
    CHECK_TRUE("format date with a wrong weekday", InternetTimeFromSystemTimeA(&other, INTERNET_RFC1123_FORMAT, s, sizeof s));
    CHECK_STR("format date with a wrong weekday: computed", s, expect);
    SYSTEMTIME nov = {1994, 11, 0, 6, 8, 49, 37, 0};
    CHECK_TRUE("format 1994", InternetTimeFromSystemTime(&nov, INTERNET_RFC1123_FORMAT, s, sizeof s));
    CHECK_STR("format 1994: text", s, "Sun, 06 Nov 1994 08:49:37 GMT");

    CHECK_FAILS("format NULL time", InternetTimeFromSystemTimeA(NULL, INTERNET_RFC1123_FORMAT, s, sizeof s),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS("format NULL string", InternetTimeFromSystemTimeA(&t, INTERNET_RFC1123_FORMAT, NULL, sizeof s),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS("format other format", InternetTimeFromSystemTimeA(&t, INTERNET_RFC1123_FORMAT + 1, s, sizeof s),
                ERROR_INVALID_PARAMETER);
    CHECK_FAILS("format size 0", InternetTimeFromSystemTimeA(&t, INTERNET_RFC1123_FORMAT, s, 0),
                ERROR_INSUFFICIENT_BUFFER);
    CHECK_FAILS("format size 29", InternetTimeFromSystemTimeA(&t, INTERNET_RFC1123_FORMAT, s, 29),
                ERROR_INSUFFICIENT_BUFFER);
    other = t;
    other.wMonth = 13;
    CHECK_FAILS("format month 13", InternetTimeFromSystemTimeA(&other, INTERNET_RFC1123_FORMAT, s, sizeof s),
                ERROR_INVALID_PARAMETER);
    other = t;
    other.wMonth = 2;
    other.wDay = 30;
    CHECK_FAILS("format 30 February", InternetTimeFromSystemTimeA(&other, INTERNET_RFC1123_FORMAT, s, sizeof s),
                ERROR_INVALID_PARAMETER);
}

static void test_time_to_system_time(void)
{
    static const SYSTEMTIME jan7 = {2005, 1, 5, 7, 12, 6, 35, 0};
    static const SYSTEMTIME jan11 = {2022, 1, 2, 11, 11, 13, 5, 0};
    static const struct {
        const char *text;
        const SYSTEMTIME *want;
    } cases[] = {
        {"Fri, 07 Jan 2005 12:06:35 GMT", &jan7}, {"Fri, 07 Jan 2005 12:06:35 UTC", &jan7},
        {" fri, 7 jan 2005 12 06 35", &jan7},     {"Fri, 07-01-2005 12:06:35", &jan7},
        {"5, 07-01-2005 12:06:35 GMT", &jan7},    {"5, 07-01-2005 12:06:35 UTC", &jan7},
        {"5, 07-01-2005 12:06:35 GMT;", &jan7},   {"5, 07-01-2005 12:06:35 GMT123", &jan7},
        {"2, 11 01 2022 11 13 05", &jan11},       {"2, 11-01-2022 11#13^05", &jan11},
        {"2, 11*01/2022 11+13=05", &jan11},       {"2, 11-Jan-2022 11:13:05", &jan11},
        {"Fri Jan 7 12:06:35 2005", &jan7},       {"Fri Jan 7 12:06:35 2005 GMT", &jan7},
        {"Fri Jan 7 12:06:35 2005 UTC", &jan7},   {"Fri, 7-Jan-05 12:06:35 GMT", &jan7},
        {"Friday, 07-Jan-05 12:06:35 GMT", &jan7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SYSTEMTIME got;
        memset(&got, 0xab, sizeof got);
        if (!InternetTimeToSystemTimeA(cases[i].text, &got, 0)) {
            tc_fail(nm("parse \"%s\"", cases[i].text), "failed with %u", (unsigned)GetLastError());
            continue;
        }
        check_time(nm("parse \"%s\"", cases[i].text), &got, cases[i].want);
    }

    static const struct {
        const char *text;
        WORD year, dow;
    } years[] = {
        {"Fri Jan 7 12:06:35 99 UTC", 1999, 4},  {"Fri Jan 7 12:06:35 100 UTC", 100, 4},
        {"Fri Jan 7 12:06:35 1600 UTC", 1600, 5}, {"Fri Jan 7 12:06:35 30828 UTC", 30828, 5},
        {"Fri Jan 7 12:06:35 79 UTC", 2079, 6},   {"Fri Jan 7 12:06:35 80 UTC", 1980, 1},
    };
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        SYSTEMTIME got;
        memset(&got, 0, sizeof got);
        CHECK_TRUE(nm("parse year \"%s\"", years[i].text), InternetTimeToSystemTimeA(years[i].text, &got, 0));
        CHECK_EQ(nm("parse year \"%s\": year", years[i].text), got.wYear, years[i].year);
        CHECK_EQ(nm("parse year \"%s\": weekday from the date", years[i].text), got.wDayOfWeek, years[i].dow);
    }

    SYSTEMTIME got = {1, 2, 3, 4, 5, 6, 7, 8};
    const SYSTEMTIME before = got;
    CHECK_FAILS("parse NULL text", InternetTimeToSystemTimeA(NULL, &got, 0), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("parse NULL time", InternetTimeToSystemTimeA("Fri, 07 Jan 2005 12:06:35 GMT", NULL, 0),
                ERROR_INVALID_PARAMETER);
    check_time("parse failures leave the time alone", &got, &before);

    /* Text that stops short of a date succeeds, as in WinInet: the current UTC time, with the
     * fields the text holds put in their place. */
    static const char *const no_date[] = {"Fr", "", "not a date", "  ,; "};
    for (size_t i = 0; i < sizeof no_date / sizeof no_date[0]; i++) {
        memset(&got, 0xab, sizeof got);
        time_t t0 = tc_wall_now();
        BOOL ok = InternetTimeToSystemTimeA(no_date[i], &got, 0);
        time_t t1 = tc_wall_now();
        CHECK(nm("parse \"%s\": TRUE, last error 0", no_date[i]), ok && GetLastError() == 0);
        CHECK(nm("parse \"%s\": the current time", no_date[i]), tc_system_time_between(&got, t0, t1));
    }
    /* Parts of a date: those fields as written, the others now's. */
    static const struct {
        const char *text;
        int dow, month, day, hour, minute; /* -1: now's */
    } partial[] = {
        {"Fri, 07 Jan", 5, 1, 7, -1, -1},
        {"Fri Jan 7 12:06", 5, 1, 7, 12, 6},
        {"2, 11-01", 2, 1, 11, -1, -1},
        {"Fri, 32 Jan 2005 12:06:35 GMT", 5, -1, -1, -1, -1}, /* 32 ends the reading */
    };
    for (size_t i = 0; i < sizeof partial / sizeof partial[0]; i++) {
        memset(&got, 0xab, sizeof got);
        time_t t0 = tc_wall_now();
        BOOL ok = InternetTimeToSystemTimeA(partial[i].text, &got, 0);
        time_t t1 = tc_wall_now();
        CHECK(nm("parse \"%s\": TRUE", partial[i].text), ok);
        CHECK(nm("parse \"%s\": the fields written", partial[i].text),
              got.wDayOfWeek == partial[i].dow && (partial[i].month < 0 || got.wMonth == partial[i].month) &&
                  (partial[i].day < 0 || got.wDay == partial[i].day) &&
                  (partial[i].hour < 0 || got.wHour == partial[i].hour) &&
                  (partial[i].minute < 0 || got.wMinute == partial[i].minute));
        /* Put now's values back in those fields (at t0 or, past a midnight, at t1): the time
         * is then the current one. */
        bool now = false;
        for (int k = 0; k < 2 && !now; k++) {
            time_t at = k == 0 ? t0 : t1;
            struct tm tm;
            gmtime_r(&at, &tm);
            SYSTEMTIME c = got;
            if (partial[i].month >= 0)
                c.wMonth = (WORD)(tm.tm_mon + 1);
            if (partial[i].day >= 0)
                c.wDay = (WORD)tm.tm_mday;
            if (partial[i].hour >= 0)
                c.wHour = (WORD)tm.tm_hour;
            if (partial[i].minute >= 0)
                c.wMinute = (WORD)tm.tm_min;
            c.wDayOfWeek = (WORD)tm.tm_wday;
            now = tc_system_time_between(&c, t0, t1);
        }
        CHECK(nm("parse \"%s\": the other fields are now's", partial[i].text), now);
    }

    /* Round trip. */
    char s[64];
    CHECK_TRUE("round trip: format", InternetTimeFromSystemTimeA(&jan11, INTERNET_RFC1123_FORMAT, s, sizeof s));
    CHECK_TRUE("round trip: parse", InternetTimeToSystemTime(s, &got, 0));
    check_time("round trip: same time", &got, &jan11);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    test_layouts();
    test_crack_pointers();
    test_crack_copies();
    test_crack_file_urls();
    test_crack_errors();
    test_create();
    test_canonicalize();
    test_time_from_system_time();
    test_time_to_system_time();
    return tc_finish();
}
