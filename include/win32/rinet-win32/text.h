/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/text.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * Text: UTF-8 and wide (UTF-16 or UTF-32) conversion, MultiByteToWideChar and
 * WideCharToMultiByte, wide-string functions that work in both wchar_t widths, lstr*, and the
 * Microsoft C library's string names (_stricmp, _wcsicmp, _wtoi, strcpy_s, ...).
 */
#ifndef RINET_WIN32_TEXT_H
#define RINET_WIN32_TEXT_H

/* ---- Code points ------------------------------------------------------------------------ */

/* Decodes one code point from the UTF-8 bytes s[0..n). Returns the number of bytes used (at
 * least 1 when n > 0). An ill-formed sequence gives U+FFFD for its maximal subpart, as Unicode
 * recommends and Windows does, and sets *bad. */
RINET_WIN32_FN size_t rinet_win32_utf8_next(const unsigned char *s, size_t n, uint32_t *cp, int *bad)
{
    unsigned char b = s[0];
    uint32_t c;
    size_t need, i;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        c = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        c = b & 0x0Fu;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        c = b & 0x07u;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *cp = 0xFFFD;
        *bad = 1;
        return 1;
    }
    for (i = 1; i <= need; i++) {
        unsigned char t;
        if (i >= n) {
            *cp = 0xFFFD;
            *bad = 1;
            return i;
        }
        t = s[i];
        if (i == 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF)) {
            *cp = 0xFFFD;
            *bad = 1;
            return i;
        }
        c = (c << 6) | (t & 0x3Fu);
    }
    *cp = c;
    return need + 1;
}

/* Encodes code point cp as UTF-8 into out (4 bytes of room); returns the byte count. */
RINET_WIN32_FN size_t rinet_win32_utf8_put(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one code point from the wide units w[0..n): a UTF-16 surrogate pair when WCHAR is 2
 * bytes, one unit when it is 4. A lone surrogate or a value past U+10FFFF gives U+FFFD and sets
 * *bad. Returns the units used (at least 1 when n > 0). */
RINET_WIN32_FN size_t rinet_win32_wide_next(const WCHAR *w, size_t n, uint32_t *cp, int *bad)
{
    uint32_t c = (uint32_t)w[0];
#if RINET_WIN32_WCHAR_UTF16
    c &= 0xFFFFu;
    if (c >= 0xD800 && c <= 0xDBFF && n > 1) {
        uint32_t d = (uint32_t)w[1] & 0xFFFFu;
        if (d >= 0xDC00 && d <= 0xDFFF) {
            *cp = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
            return 2;
        }
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
        *cp = 0xFFFD;
        *bad = 1;
        return 1;
    }
#else
    (void)n;
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        *bad = 1;
        return 1;
    }
#endif
    *cp = c;
    return 1;
}

/* The number of wide units code point cp takes. */
RINET_WIN32_FN size_t rinet_win32_wide_units(uint32_t cp)
{
#if RINET_WIN32_WCHAR_UTF16
    return cp >= 0x10000 ? 2 : 1;
#else
    (void)cp;
    return 1;
#endif
}

/* Writes code point cp as wide units at out (room for rinet_win32_wide_units(cp)). */
RINET_WIN32_FN void rinet_win32_wide_put(uint32_t cp, WCHAR *out)
{
#if RINET_WIN32_WCHAR_UTF16
    if (cp >= 0x10000) {
        cp -= 0x10000;
        out[0] = (WCHAR)(0xD800 + (cp >> 10));
        out[1] = (WCHAR)(0xDC00 + (cp & 0x3FF));
        return;
    }
#endif
    out[0] = (WCHAR)cp;
}

/* ---- Wide strings (both widths) --------------------------------------------------------- */

RINET_WIN32_FN size_t rinet_win32_wcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

RINET_WIN32_FN size_t rinet_win32_wcsnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcscpy(WCHAR *d, const WCHAR *s)
{
    size_t i = 0;
    while ((d[i] = s[i]) != 0)
        i++;
    return d;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcsncpy(WCHAR *d, const WCHAR *s, size_t n)
{
    size_t i = 0;
    for (; i < n && s[i]; i++)
        d[i] = s[i];
    for (; i < n; i++)
        d[i] = 0;
    return d;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcscat(WCHAR *d, const WCHAR *s)
{
    rinet_win32_wcscpy(d + rinet_win32_wcslen(d), s);
    return d;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcsncat(WCHAR *d, const WCHAR *s, size_t n)
{
    WCHAR *p = d + rinet_win32_wcslen(d);
    size_t i = 0;
    for (; i < n && s[i]; i++)
        p[i] = s[i];
    p[i] = 0;
    return d;
}

/* Compares as unsigned units, so both widths order the same way for the BMP. */
RINET_WIN32_FN int rinet_win32_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t x = (uint32_t)a[i], y = (uint32_t)b[i];
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            return 0;
    }
    return 0;
}

RINET_WIN32_FN int rinet_win32_wcscmp(const WCHAR *a, const WCHAR *b)
{
    return rinet_win32_wcsncmp(a, b, (size_t)-1);
}

/* Lower-cases one unit: ASCII and, through towlower, the rest of the BMP. */
RINET_WIN32_FN uint32_t rinet_win32_wlower(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xD800 && c <= 0xDFFF)
        return c;
    return (uint32_t)towlower((wint_t)c);
}

RINET_WIN32_FN uint32_t rinet_win32_wupper(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (c >= 0xD800 && c <= 0xDFFF)
        return c;
    return (uint32_t)towupper((wint_t)c);
}

RINET_WIN32_FN int rinet_win32_wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t x = rinet_win32_wlower((uint32_t)a[i]), y = rinet_win32_wlower((uint32_t)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            return 0;
    }
    return 0;
}

RINET_WIN32_FN int rinet_win32_wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return rinet_win32_wcsnicmp(a, b, (size_t)-1);
}

RINET_WIN32_FN WCHAR *rinet_win32_wcschr(const WCHAR *s, WCHAR c)
{
    for (;; s++) {
        if (*s == c)
            return (WCHAR *)s;
        if (*s == 0)
            return NULL;
    }
}

RINET_WIN32_FN WCHAR *rinet_win32_wcsrchr(const WCHAR *s, WCHAR c)
{
    const WCHAR *last = NULL;
    for (;; s++) {
        if (*s == c)
            last = s;
        if (*s == 0)
            return (WCHAR *)last;
    }
}

RINET_WIN32_FN WCHAR *rinet_win32_wcsstr(const WCHAR *h, const WCHAR *n)
{
    size_t len = rinet_win32_wcslen(n);
    if (len == 0)
        return (WCHAR *)h;
    for (; *h; h++)
        if (*h == *n && rinet_win32_wcsncmp(h, n, len) == 0)
            return (WCHAR *)h;
    return NULL;
}

RINET_WIN32_FN size_t rinet_win32_wcsspn(const WCHAR *s, const WCHAR *accept)
{
    size_t n = 0;
    while (s[n] && rinet_win32_wcschr(accept, s[n]))
        n++;
    return n;
}

RINET_WIN32_FN size_t rinet_win32_wcscspn(const WCHAR *s, const WCHAR *reject)
{
    size_t n = 0;
    while (s[n] && !rinet_win32_wcschr(reject, s[n]))
        n++;
    return n;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcspbrk(const WCHAR *s, const WCHAR *accept)
{
    s += rinet_win32_wcscspn(s, accept);
    return *s ? (WCHAR *)s : NULL;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcstok(WCHAR *s, const WCHAR *delim, WCHAR **save)
{
    WCHAR *end;
    if (s == NULL)
        s = *save;
    if (s == NULL)
        return NULL;
    s += rinet_win32_wcsspn(s, delim);
    if (*s == 0) {
        *save = NULL;
        return NULL;
    }
    end = s + rinet_win32_wcscspn(s, delim);
    if (*end) {
        *end = 0;
        *save = end + 1;
    } else {
        *save = NULL;
    }
    return s;
}

RINET_WIN32_FN WCHAR *rinet_win32_wcsdup(const WCHAR *s)
{
    size_t n = rinet_win32_wcslen(s) + 1;
    WCHAR *d = (WCHAR *)malloc(n * sizeof(WCHAR));
    if (d != NULL)
        memcpy(d, s, n * sizeof(WCHAR));
    return d;
}

RINET_WIN32_FN WCHAR *rinet_win32_wmemcpy(WCHAR *d, const WCHAR *s, size_t n)
{
    if (n)
        memcpy(d, s, n * sizeof(WCHAR));
    return d;
}

RINET_WIN32_FN WCHAR *rinet_win32_wmemmove(WCHAR *d, const WCHAR *s, size_t n)
{
    if (n)
        memmove(d, s, n * sizeof(WCHAR));
    return d;
}

RINET_WIN32_FN WCHAR *rinet_win32_wmemset(WCHAR *d, WCHAR c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        d[i] = c;
    return d;
}

RINET_WIN32_FN int rinet_win32_wmemcmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return (uint32_t)a[i] < (uint32_t)b[i] ? -1 : 1;
    return 0;
}

RINET_WIN32_FN WCHAR *rinet_win32_wmemchr(const WCHAR *s, WCHAR c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] == c)
            return (WCHAR *)(s + i);
    return NULL;
}

/* ---- Whole-string conversion ------------------------------------------------------------ */

/* The UTF-8 form of w (len units, or NUL-terminated when len is (size_t)-1), NUL-terminated,
 * in memory from malloc; *out_len (may be NULL) gets its length. Ill-formed units become
 * U+FFFD. NULL when out of memory. */
RINET_WIN32_FN char *rinet_win32_wide_to_utf8(const WCHAR *w, size_t len, size_t *out_len)
{
    size_t i = 0, n = 0;
    char *out;
    int bad = 0;
    if (len == (size_t)-1)
        len = rinet_win32_wcslen(w);
    while (i < len) {
        uint32_t cp;
        unsigned char tmp[4];
        i += rinet_win32_wide_next(w + i, len - i, &cp, &bad);
        n += rinet_win32_utf8_put(cp, tmp);
    }
    out = (char *)malloc(n + 1);
    if (out == NULL)
        return NULL;
    for (i = 0, n = 0; i < len;) {
        uint32_t cp;
        i += rinet_win32_wide_next(w + i, len - i, &cp, &bad);
        n += rinet_win32_utf8_put(cp, (unsigned char *)out + n);
    }
    out[n] = 0;
    if (out_len)
        *out_len = n;
    return out;
}

/* The wide form of the UTF-8 bytes s (len bytes, or NUL-terminated when len is (size_t)-1),
 * NUL-terminated, in memory from malloc; *out_len (may be NULL) gets its length in units.
 * NULL when out of memory. */
RINET_WIN32_FN WCHAR *rinet_win32_utf8_to_wide(const char *s, size_t len, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n = 0;
    WCHAR *out;
    int bad = 0;
    if (len == (size_t)-1)
        len = strlen(s);
    while (i < len) {
        uint32_t cp;
        i += rinet_win32_utf8_next(u + i, len - i, &cp, &bad);
        n += rinet_win32_wide_units(cp);
    }
    out = (WCHAR *)malloc((n + 1) * sizeof(WCHAR));
    if (out == NULL)
        return NULL;
    for (i = 0, n = 0; i < len;) {
        uint32_t cp;
        i += rinet_win32_utf8_next(u + i, len - i, &cp, &bad);
        rinet_win32_wide_put(cp, out + n);
        n += rinet_win32_wide_units(cp);
    }
    out[n] = 0;
    if (out_len)
        *out_len = n;
    return out;
}

/* ---- MultiByteToWideChar / WideCharToMultiByte ------------------------------------------ */
/*
 * Code pages: CP_ACP, CP_OEMCP, CP_MACCP and CP_THREAD_ACP are UTF-8 (the Linux convention), as
 * is CP_UTF8; 1252 (Windows Western), 28591 (ISO-8859-1) and 20127 (US-ASCII) are also known.
 * Any other code page fails with ERROR_INVALID_PARAMETER.
 *
 * Sizing, as documented: a source length of -1 means NUL-terminated, and the NUL is converted
 * and counted; a destination size of 0 returns the size needed without writing; a destination
 * too small fails with ERROR_INSUFFICIENT_BUFFER (the part that fitted is written). A source
 * length of 0, a NULL source, or the same buffer for both fail with ERROR_INVALID_PARAMETER.
 * Ill-formed input becomes U+FFFD (or '?'), or fails with ERROR_NO_UNICODE_TRANSLATION under
 * MB_ERR_INVALID_CHARS / WC_ERR_INVALID_CHARS.
 */

/* Windows-1252's 0x80..0x9F (0 where undefined). */
RINET_WIN32_FN uint32_t rinet_win32_cp1252_high(unsigned char b)
{
    static const uint16_t table[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                       0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    return table[b - 0x80];
}

/* 0: UTF-8, 1252, 28591, 20127; -1: unknown. */
RINET_WIN32_FN int rinet_win32_codepage(UINT cp)
{
    switch (cp) {
    case CP_ACP:
    case CP_OEMCP:
    case CP_MACCP:
    case CP_THREAD_ACP:
    case CP_UTF8:
        return 0;
    case 1252:
        return 1252;
    case 28591:
        return 28591;
    case 20127:
        return 20127;
    default:
        return -1;
    }
}

RINET_WIN32_FN int MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCSTR lpMultiByteStr, int cbMultiByte,
                                       LPWSTR lpWideCharStr, int cchWideChar)
{
    const unsigned char *s = (const unsigned char *)lpMultiByteStr;
    size_t len, i = 0, n = 0;
    int kind = rinet_win32_codepage(CodePage);
    int bad = 0;
    DWORD allowed = CodePage == CP_UTF8 ? MB_ERR_INVALID_CHARS
                                        : (MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS | MB_ERR_INVALID_CHARS);
    if (kind < 0 || s == NULL || cbMultiByte == 0 || cbMultiByte < -1 || cchWideChar < 0 ||
        (lpWideCharStr == NULL && cchWideChar != 0) ||
        (lpWideCharStr != NULL && (const void *)lpWideCharStr == (const void *)lpMultiByteStr)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (dwFlags & ~allowed) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    len = cbMultiByte == -1 ? strlen(lpMultiByteStr) + 1 : (size_t)cbMultiByte;
    while (i < len) {
        uint32_t cp;
        size_t units;
        int was_bad = 0;
        if (kind == 0) {
            i += rinet_win32_utf8_next(s + i, len - i, &cp, &was_bad);
        } else {
            unsigned char b = s[i++];
            cp = b;
            if (kind == 1252 && b >= 0x80 && b <= 0x9F) {
                cp = rinet_win32_cp1252_high(b);
                if (cp == 0)
                    cp = b; /* Windows maps the five undefined bytes to the C1 controls */
            } else if (kind == 20127 && b >= 0x80) {
                cp = b & 0x7Fu; /* Windows strips the high bit */
            }
        }
        if (was_bad) {
            bad = 1;
            if (dwFlags & MB_ERR_INVALID_CHARS) {
                SetLastError(ERROR_NO_UNICODE_TRANSLATION);
                return 0;
            }
        }
        units = rinet_win32_wide_units(cp);
        if (cchWideChar != 0) {
            if (n + units > (size_t)cchWideChar) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            rinet_win32_wide_put(cp, lpWideCharStr + n);
        }
        n += units;
    }
    (void)bad;
    if (n > (size_t)INT_MAX) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return (int)n;
}

RINET_WIN32_FN int WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWSTR lpWideCharStr, int cchWideChar,
                                       LPSTR lpMultiByteStr, int cbMultiByte, LPCSTR lpDefaultChar,
                                       LPBOOL lpUsedDefaultChar)
{
    size_t len, i = 0, n = 0;
    int kind = rinet_win32_codepage(CodePage);
    int used_default = 0;
    char def = lpDefaultChar ? lpDefaultChar[0] : '?';
    DWORD allowed = CodePage == CP_UTF8 ? WC_ERR_INVALID_CHARS
                                        : (WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR |
                                           WC_NO_BEST_FIT_CHARS | WC_ERR_INVALID_CHARS);
    if (kind < 0 || lpWideCharStr == NULL || cchWideChar == 0 || cchWideChar < -1 || cbMultiByte < 0 ||
        (lpMultiByteStr == NULL && cbMultiByte != 0) ||
        (lpMultiByteStr != NULL && (const void *)lpWideCharStr == (const void *)lpMultiByteStr) ||
        (CodePage == CP_UTF8 && (lpDefaultChar != NULL || lpUsedDefaultChar != NULL))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (dwFlags & ~allowed) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    len = cchWideChar == -1 ? rinet_win32_wcslen(lpWideCharStr) + 1 : (size_t)cchWideChar;
    while (i < len) {
        uint32_t cp;
        unsigned char tmp[4];
        size_t bytes;
        int was_bad = 0;
        i += rinet_win32_wide_next(lpWideCharStr + i, len - i, &cp, &was_bad);
        if (was_bad && (dwFlags & WC_ERR_INVALID_CHARS)) {
            SetLastError(ERROR_NO_UNICODE_TRANSLATION);
            return 0;
        }
        if (kind == 0) {
            bytes = rinet_win32_utf8_put(cp, tmp);
        } else {
            uint32_t b = cp;
            int ok = 0;
            if (kind == 20127)
                ok = cp < 0x80;
            else if (kind == 28591)
                ok = cp < 0x100;
            else if (cp < 0x80 || (cp >= 0xA0 && cp < 0x100))
                ok = 1;
            else {
                unsigned int k;
                for (k = 0x80; k <= 0x9F; k++) {
                    uint32_t m = rinet_win32_cp1252_high((unsigned char)k);
                    if ((m != 0 && m == cp) || (m == 0 && cp == k)) {
                        b = k;
                        ok = 1;
                        break;
                    }
                }
            }
            if (!ok || was_bad) {
                b = (unsigned char)def;
                used_default = 1;
            }
            tmp[0] = (unsigned char)b;
            bytes = 1;
        }
        if (cbMultiByte != 0) {
            if (n + bytes > (size_t)cbMultiByte) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            memcpy(lpMultiByteStr + n, tmp, bytes);
        }
        n += bytes;
    }
    if (lpUsedDefaultChar)
        *lpUsedDefaultChar = used_default ? TRUE : FALSE;
    if (n > (size_t)INT_MAX) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return (int)n;
}

/* ---- lstr* ------------------------------------------------------------------------------ */
/* lstrcmp and lstrcmpi compare ordinally (Windows compares linguistically: equal strings
 * compare equal either way, and ASCII letters of one case order the same). NULL counts as an
 * empty string where Windows accepts it. */

RINET_WIN32_FN int lstrlenA(LPCSTR s)
{
    return s ? (int)strlen(s) : 0;
}
RINET_WIN32_FN int lstrlenW(LPCWSTR s)
{
    return s ? (int)rinet_win32_wcslen(s) : 0;
}
RINET_WIN32_FN LPSTR lstrcpyA(LPSTR d, LPCSTR s)
{
    if (d == NULL || s == NULL)
        return NULL;
    return strcpy(d, s);
}
RINET_WIN32_FN LPWSTR lstrcpyW(LPWSTR d, LPCWSTR s)
{
    if (d == NULL || s == NULL)
        return NULL;
    return rinet_win32_wcscpy(d, s);
}
/* Copies at most n - 1 characters and a NUL. */
RINET_WIN32_FN LPSTR lstrcpynA(LPSTR d, LPCSTR s, int n)
{
    int i = 0;
    if (d == NULL || s == NULL)
        return NULL;
    if (n <= 0)
        return d;
    for (; i < n - 1 && s[i]; i++)
        d[i] = s[i];
    d[i] = 0;
    return d;
}
RINET_WIN32_FN LPWSTR lstrcpynW(LPWSTR d, LPCWSTR s, int n)
{
    int i = 0;
    if (d == NULL || s == NULL)
        return NULL;
    if (n <= 0)
        return d;
    for (; i < n - 1 && s[i]; i++)
        d[i] = s[i];
    d[i] = 0;
    return d;
}
RINET_WIN32_FN LPSTR lstrcatA(LPSTR d, LPCSTR s)
{
    if (d == NULL || s == NULL)
        return NULL;
    return strcat(d, s);
}
RINET_WIN32_FN LPWSTR lstrcatW(LPWSTR d, LPCWSTR s)
{
    if (d == NULL || s == NULL)
        return NULL;
    return rinet_win32_wcscat(d, s);
}
RINET_WIN32_FN int rinet_win32_sign(int v)
{
    return v < 0 ? -1 : v > 0 ? 1 : 0;
}
RINET_WIN32_FN int lstrcmpA(LPCSTR a, LPCSTR b)
{
    return rinet_win32_sign(strcmp(a ? a : "", b ? b : ""));
}
RINET_WIN32_FN int lstrcmpW(LPCWSTR a, LPCWSTR b)
{
    static const WCHAR empty[1] = {0};
    return rinet_win32_wcscmp(a ? a : empty, b ? b : empty);
}
RINET_WIN32_FN int rinet_win32_strnicmp(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            return 0;
    }
    return 0;
}
RINET_WIN32_FN int rinet_win32_stricmp(const char *a, const char *b)
{
    return rinet_win32_strnicmp(a, b, (size_t)-1);
}
RINET_WIN32_FN int lstrcmpiA(LPCSTR a, LPCSTR b)
{
    return rinet_win32_stricmp(a ? a : "", b ? b : "");
}
RINET_WIN32_FN int lstrcmpiW(LPCWSTR a, LPCWSTR b)
{
    static const WCHAR empty[1] = {0};
    return rinet_win32_wcsicmp(a ? a : empty, b ? b : empty);
}

/* Case conversion in place (CharUpper / CharLower, and their MSVC C library forms). */
RINET_WIN32_FN char *rinet_win32_strupr(char *s)
{
    char *p;
    for (p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return s;
}
RINET_WIN32_FN char *rinet_win32_strlwr(char *s)
{
    char *p;
    for (p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}
RINET_WIN32_FN WCHAR *rinet_win32_wcsupr(WCHAR *s)
{
    WCHAR *p;
    for (p = s; *p; p++)
        *p = (WCHAR)rinet_win32_wupper((uint32_t)*p);
    return s;
}
RINET_WIN32_FN WCHAR *rinet_win32_wcslwr(WCHAR *s)
{
    WCHAR *p;
    for (p = s; *p; p++)
        *p = (WCHAR)rinet_win32_wlower((uint32_t)*p);
    return s;
}
RINET_WIN32_FN LPSTR CharUpperA(LPSTR s)
{
    if ((uintptr_t)s <= 0xFFFF)
        return (LPSTR)(uintptr_t)toupper((int)(uintptr_t)s);
    return rinet_win32_strupr(s);
}
RINET_WIN32_FN LPSTR CharLowerA(LPSTR s)
{
    if ((uintptr_t)s <= 0xFFFF)
        return (LPSTR)(uintptr_t)tolower((int)(uintptr_t)s);
    return rinet_win32_strlwr(s);
}
RINET_WIN32_FN LPWSTR CharUpperW(LPWSTR s)
{
    if ((uintptr_t)s <= 0xFFFF)
        return (LPWSTR)(uintptr_t)rinet_win32_wupper((uint32_t)(uintptr_t)s);
    return rinet_win32_wcsupr(s);
}
RINET_WIN32_FN LPWSTR CharLowerW(LPWSTR s)
{
    if ((uintptr_t)s <= 0xFFFF)
        return (LPWSTR)(uintptr_t)rinet_win32_wlower((uint32_t)(uintptr_t)s);
    return rinet_win32_wcslwr(s);
}
RINET_WIN32_FN LPSTR CharNextA(LPCSTR s)
{
    return (LPSTR)(*s ? s + 1 : s);
}
RINET_WIN32_FN LPWSTR CharNextW(LPCWSTR s)
{
    return (LPWSTR)(*s ? s + 1 : s);
}
RINET_WIN32_FN LPSTR CharPrevA(LPCSTR start, LPCSTR s)
{
    return (LPSTR)(s > start ? s - 1 : start);
}
RINET_WIN32_FN LPWSTR CharPrevW(LPCWSTR start, LPCWSTR s)
{
    return (LPWSTR)(s > start ? s - 1 : start);
}
RINET_WIN32_FN BOOL IsCharAlphaA(CHAR c)
{
    return isalpha((unsigned char)c) ? TRUE : FALSE;
}
RINET_WIN32_FN BOOL IsCharAlphaNumericA(CHAR c)
{
    return isalnum((unsigned char)c) ? TRUE : FALSE;
}
RINET_WIN32_FN BOOL IsCharAlphaW(WCHAR c)
{
    return iswalpha((wint_t)c) ? TRUE : FALSE;
}
RINET_WIN32_FN BOOL IsCharAlphaNumericW(WCHAR c)
{
    return iswalnum((wint_t)c) ? TRUE : FALSE;
}

/* ---- Numbers from and to text (the MSVC C library's names) ------------------------------ */

/* Parses a wide number by converting its leading part to UTF-8 first. */
RINET_WIN32_FN long long rinet_win32_wcstoll(const WCHAR *s, WCHAR **end, int base)
{
    char buf[80];
    size_t i = 0;
    char *e = NULL;
    long long v;
    while (s[i] && i < sizeof buf - 1 && (uint32_t)s[i] < 0x80) {
        buf[i] = (char)s[i];
        i++;
    }
    buf[i] = 0;
    v = strtoll(buf, &e, base);
    if (end)
        *end = (WCHAR *)(s + (e - buf));
    return v;
}
RINET_WIN32_FN unsigned long long rinet_win32_wcstoull(const WCHAR *s, WCHAR **end, int base)
{
    char buf[80];
    size_t i = 0;
    char *e = NULL;
    unsigned long long v;
    while (s[i] && i < sizeof buf - 1 && (uint32_t)s[i] < 0x80) {
        buf[i] = (char)s[i];
        i++;
    }
    buf[i] = 0;
    v = strtoull(buf, &e, base);
    if (end)
        *end = (WCHAR *)(s + (e - buf));
    return v;
}
RINET_WIN32_FN double rinet_win32_wcstod(const WCHAR *s, WCHAR **end)
{
    char buf[128];
    size_t i = 0;
    char *e = NULL;
    double v;
    while (s[i] && i < sizeof buf - 1 && (uint32_t)s[i] < 0x80) {
        buf[i] = (char)s[i];
        i++;
    }
    buf[i] = 0;
    v = strtod(buf, &e);
    if (end)
        *end = (WCHAR *)(s + (e - buf));
    return v;
}
RINET_WIN32_FN long rinet_win32_wcstol(const WCHAR *s, WCHAR **end, int base)
{
    long long v = rinet_win32_wcstoll(s, end, base);
    if (v > LONG_MAX)
        return LONG_MAX;
    if (v < LONG_MIN)
        return LONG_MIN;
    return (long)v;
}
RINET_WIN32_FN unsigned long rinet_win32_wcstoul(const WCHAR *s, WCHAR **end, int base)
{
    return (unsigned long)rinet_win32_wcstoull(s, end, base);
}
RINET_WIN32_FN int rinet_win32_wtoi(const WCHAR *s)
{
    return (int)rinet_win32_wcstol(s, NULL, 10);
}
RINET_WIN32_FN long rinet_win32_wtol(const WCHAR *s)
{
    return rinet_win32_wcstol(s, NULL, 10);
}
RINET_WIN32_FN long long rinet_win32_wtoll(const WCHAR *s)
{
    return rinet_win32_wcstoll(s, NULL, 10);
}
RINET_WIN32_FN double rinet_win32_wtof(const WCHAR *s)
{
    return rinet_win32_wcstod(s, NULL);
}

/* Writes value in base radix (2..36) into buf; negative values get a '-' in base 10 only, as
 * the MSVC C library does. */
RINET_WIN32_FN char *rinet_win32_ulltoa(unsigned long long v, char *buf, int radix, int negative)
{
    char tmp[72];
    size_t n = 0, i = 0;
    if (radix < 2 || radix > 36) {
        buf[0] = 0;
        return buf;
    }
    do {
        unsigned d = (unsigned)(v % (unsigned)radix);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= (unsigned)radix;
    } while (v);
    if (negative)
        buf[i++] = '-';
    while (n)
        buf[i++] = tmp[--n];
    buf[i] = 0;
    return buf;
}
RINET_WIN32_FN char *rinet_win32_lltoa(long long v, char *buf, int radix)
{
    if (radix == 10 && v < 0)
        return rinet_win32_ulltoa(0ull - (unsigned long long)v, buf, radix, 1);
    return rinet_win32_ulltoa(radix == 10 ? (unsigned long long)v : (unsigned long long)(unsigned int)v, buf, radix,
                              0);
}
RINET_WIN32_FN char *rinet_win32_i64toa(long long v, char *buf, int radix)
{
    if (radix == 10 && v < 0)
        return rinet_win32_ulltoa(0ull - (unsigned long long)v, buf, radix, 1);
    return rinet_win32_ulltoa((unsigned long long)v, buf, radix, 0);
}
RINET_WIN32_FN WCHAR *rinet_win32_widen_ascii(const char *s, WCHAR *out)
{
    size_t i = 0;
    for (; s[i]; i++)
        out[i] = (WCHAR)(unsigned char)s[i];
    out[i] = 0;
    return out;
}
RINET_WIN32_FN char *rinet_win32_itoa(int v, char *buf, int radix)
{
    return rinet_win32_lltoa(v, buf, radix);
}
RINET_WIN32_FN WCHAR *rinet_win32_itow(int v, WCHAR *buf, int radix)
{
    char tmp[72];
    return rinet_win32_widen_ascii(rinet_win32_lltoa(v, tmp, radix), buf);
}
RINET_WIN32_FN WCHAR *rinet_win32_i64tow(long long v, WCHAR *buf, int radix)
{
    char tmp[72];
    return rinet_win32_widen_ascii(rinet_win32_i64toa(v, tmp, radix), buf);
}
RINET_WIN32_FN char *rinet_win32_ultoa(unsigned long v, char *buf, int radix)
{
    return rinet_win32_ulltoa(v, buf, radix, 0);
}
RINET_WIN32_FN WCHAR *rinet_win32_ultow(unsigned long v, WCHAR *buf, int radix)
{
    char tmp[72];
    return rinet_win32_widen_ascii(rinet_win32_ulltoa(v, tmp, radix, 0), buf);
}
RINET_WIN32_FN char *rinet_win32_ui64toa(unsigned long long v, char *buf, int radix)
{
    return rinet_win32_ulltoa(v, buf, radix, 0);
}
RINET_WIN32_FN size_t rinet_win32_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}
RINET_WIN32_FN char *rinet_win32_strtok(char *s, const char *delim, char **save)
{
    char *end;
    if (s == NULL)
        s = *save;
    if (s == NULL)
        return NULL;
    s += strspn(s, delim);
    if (*s == 0) {
        *save = NULL;
        return NULL;
    }
    end = s + strcspn(s, delim);
    if (*end) {
        *end = 0;
        *save = end + 1;
    } else {
        *save = NULL;
    }
    return s;
}
RINET_WIN32_FN char *rinet_win32_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = (char *)malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}
RINET_WIN32_FN char *rinet_win32_strrev(char *s)
{
    size_t n = strlen(s), i;
    for (i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    return s;
}

/* ---- Bounds-checked copies (strcpy_s and friends) ---------------------------------------- */
/* They return 0, or EINVAL / ERANGE after emptying the destination; _TRUNCATE as the count of
 * strncpy_s and friends truncates instead, returning STRUNCATE. */
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif
#ifndef STRUNCATE
#define STRUNCATE 80
#endif
typedef int errno_t;
#ifndef RINET_WIN32_RSIZE_T
#define RINET_WIN32_RSIZE_T 1
typedef size_t rsize_t;
#endif

RINET_WIN32_FN errno_t rinet_win32_strncpy_s(char *d, size_t size, const char *s, size_t count)
{
    size_t n, len;
    if (d == NULL || size == 0)
        return EINVAL;
    if (s == NULL) {
        d[0] = 0;
        return EINVAL;
    }
    len = strlen(s);
    n = count < len ? count : len;
    if (n >= size) {
        if (count == _TRUNCATE) {
            memcpy(d, s, size - 1);
            d[size - 1] = 0;
            return STRUNCATE;
        }
        d[0] = 0;
        return ERANGE;
    }
    memcpy(d, s, n);
    d[n] = 0;
    return 0;
}
RINET_WIN32_FN errno_t rinet_win32_strcpy_s(char *d, size_t size, const char *s)
{
    if (d != NULL && size != 0 && s != NULL && strlen(s) >= size) {
        d[0] = 0;
        return ERANGE;
    }
    return rinet_win32_strncpy_s(d, size, s, (size_t)-2);
}
RINET_WIN32_FN errno_t rinet_win32_strncat_s(char *d, size_t size, const char *s, size_t count)
{
    size_t used;
    errno_t rc;
    if (d == NULL || size == 0)
        return EINVAL;
    used = rinet_win32_strnlen(d, size);
    if (used == size) {
        d[0] = 0;
        return EINVAL;
    }
    rc = rinet_win32_strncpy_s(d + used, size - used, s, count);
    if (rc == ERANGE || rc == EINVAL)
        d[0] = 0;
    return rc;
}
RINET_WIN32_FN errno_t rinet_win32_strcat_s(char *d, size_t size, const char *s)
{
    size_t used;
    if (d == NULL || size == 0)
        return EINVAL;
    used = rinet_win32_strnlen(d, size);
    if (s != NULL && used < size && strlen(s) >= size - used) {
        d[0] = 0;
        return ERANGE;
    }
    return rinet_win32_strncat_s(d, size, s, (size_t)-2);
}
RINET_WIN32_FN errno_t rinet_win32_wcsncpy_s(WCHAR *d, size_t size, const WCHAR *s, size_t count)
{
    size_t n, len;
    if (d == NULL || size == 0)
        return EINVAL;
    if (s == NULL) {
        d[0] = 0;
        return EINVAL;
    }
    len = rinet_win32_wcslen(s);
    n = count < len ? count : len;
    if (n >= size) {
        if (count == _TRUNCATE) {
            rinet_win32_wmemcpy(d, s, size - 1);
            d[size - 1] = 0;
            return STRUNCATE;
        }
        d[0] = 0;
        return ERANGE;
    }
    rinet_win32_wmemcpy(d, s, n);
    d[n] = 0;
    return 0;
}
RINET_WIN32_FN errno_t rinet_win32_wcscpy_s(WCHAR *d, size_t size, const WCHAR *s)
{
    if (d != NULL && size != 0 && s != NULL && rinet_win32_wcslen(s) >= size) {
        d[0] = 0;
        return ERANGE;
    }
    return rinet_win32_wcsncpy_s(d, size, s, (size_t)-2);
}
RINET_WIN32_FN errno_t rinet_win32_wcsncat_s(WCHAR *d, size_t size, const WCHAR *s, size_t count)
{
    size_t used;
    errno_t rc;
    if (d == NULL || size == 0)
        return EINVAL;
    used = rinet_win32_wcsnlen(d, size);
    if (used == size) {
        d[0] = 0;
        return EINVAL;
    }
    rc = rinet_win32_wcsncpy_s(d + used, size - used, s, count);
    if (rc == ERANGE || rc == EINVAL)
        d[0] = 0;
    return rc;
}
RINET_WIN32_FN errno_t rinet_win32_wcscat_s(WCHAR *d, size_t size, const WCHAR *s)
{
    size_t used;
    if (d == NULL || size == 0)
        return EINVAL;
    used = rinet_win32_wcsnlen(d, size);
    if (s != NULL && used < size && rinet_win32_wcslen(s) >= size - used) {
        d[0] = 0;
        return ERANGE;
    }
    return rinet_win32_wcsncat_s(d, size, s, (size_t)-2);
}
RINET_WIN32_FN errno_t rinet_win32_memcpy_s(void *d, size_t size, const void *s, size_t count)
{
    if (count == 0)
        return 0;
    if (d == NULL)
        return EINVAL;
    if (s == NULL || size < count) {
        memset(d, 0, size);
        return s == NULL ? EINVAL : ERANGE;
    }
    memcpy(d, s, count);
    return 0;
}
RINET_WIN32_FN errno_t rinet_win32_memmove_s(void *d, size_t size, const void *s, size_t count)
{
    if (count == 0)
        return 0;
    if (d == NULL || s == NULL)
        return EINVAL;
    if (size < count)
        return ERANGE;
    memmove(d, s, count);
    return 0;
}

/* The C library names of Microsoft's C runtime, over the functions above. Define
 * RINET_WIN32_NO_CRT_NAMES to leave them out. */
#ifndef RINET_WIN32_NO_CRT_NAMES
#define _stricmp rinet_win32_stricmp
#define _strnicmp rinet_win32_strnicmp
#define _strcmpi rinet_win32_stricmp
#define stricmp rinet_win32_stricmp
#define strcmpi rinet_win32_stricmp
#define strnicmp rinet_win32_strnicmp
#define _wcsicmp rinet_win32_wcsicmp
#define _wcsnicmp rinet_win32_wcsnicmp
#define _wcscmpi rinet_win32_wcsicmp
#define wcsicmp rinet_win32_wcsicmp
#define wcsnicmp rinet_win32_wcsnicmp
#define _strdup rinet_win32_strdup
#define _wcsdup rinet_win32_wcsdup
#define _strupr rinet_win32_strupr
#define _strlwr rinet_win32_strlwr
#define _wcsupr rinet_win32_wcsupr
#define _wcslwr rinet_win32_wcslwr
#define strupr rinet_win32_strupr
#define strlwr rinet_win32_strlwr
#define _strrev rinet_win32_strrev
#define _wtoi rinet_win32_wtoi
#define _wtol rinet_win32_wtol
#define _wtoll rinet_win32_wtoll
#define _wtoi64 rinet_win32_wtoll
#define _wtof rinet_win32_wtof
#define _atoi64(s) strtoll((s), NULL, 10)
#define _strtoi64 strtoll
#define _strtoui64 strtoull
#define _wcstoi64 rinet_win32_wcstoll
#define _wcstoui64 rinet_win32_wcstoull
#define _itoa rinet_win32_itoa
#define itoa rinet_win32_itoa
#define _ltoa(v, b, r) rinet_win32_lltoa((long long)(v), (b), (r))
#define _ultoa rinet_win32_ultoa
#define _i64toa rinet_win32_i64toa
#define _ui64toa rinet_win32_ui64toa
#define _itow rinet_win32_itow
#define _ltow(v, b, r) rinet_win32_i64tow((long long)(v), (b), (r))
#define _ultow rinet_win32_ultow
#define _i64tow rinet_win32_i64tow
#define _itoa_s(v, b, n, r) ((void)(n), rinet_win32_itoa((v), (b), (r)), 0)
#define _itow_s(v, b, n, r) ((void)(n), rinet_win32_itow((v), (b), (r)), 0)
#define strcpy_s rinet_win32_strcpy_s
#define strncpy_s rinet_win32_strncpy_s
#define strcat_s rinet_win32_strcat_s
#define strncat_s rinet_win32_strncat_s
#define wcscpy_s rinet_win32_wcscpy_s
#define wcsncpy_s rinet_win32_wcsncpy_s
#define wcscat_s rinet_win32_wcscat_s
#define wcsncat_s rinet_win32_wcsncat_s
#define memcpy_s rinet_win32_memcpy_s
#define memmove_s rinet_win32_memmove_s
#define wmemcpy_s(d, n, s, c) rinet_win32_memcpy_s((d), (n) * sizeof(WCHAR), (s), (c) * sizeof(WCHAR))
#define strnlen_s(s, n) ((s) ? rinet_win32_strnlen((s), (n)) : 0)
#define wcsnlen_s(s, n) ((s) ? rinet_win32_wcsnlen((s), (n)) : 0)
#define strtok_s rinet_win32_strtok
#define wcstok_s rinet_win32_wcstok
#define _wcstok rinet_win32_wcstok
#endif

/* Under -fshort-wchar the C library's wide-string functions still count 4-byte units: the kit's
 * own versions take their names. */
#if RINET_WIN32_WCHAR_UTF16 && !defined(RINET_WIN32_NO_CRT_NAMES)
#define wcslen rinet_win32_wcslen
#define wcsnlen rinet_win32_wcsnlen
#define wcscpy rinet_win32_wcscpy
#define wcsncpy rinet_win32_wcsncpy
#define wcscat rinet_win32_wcscat
#define wcsncat rinet_win32_wcsncat
#define wcscmp rinet_win32_wcscmp
#define wcsncmp rinet_win32_wcsncmp
#define wcscasecmp rinet_win32_wcsicmp
#define wcsncasecmp rinet_win32_wcsnicmp
#define wcschr rinet_win32_wcschr
#define wcsrchr rinet_win32_wcsrchr
#define wcsstr rinet_win32_wcsstr
#define wcsspn rinet_win32_wcsspn
#define wcscspn rinet_win32_wcscspn
#define wcspbrk rinet_win32_wcspbrk
#define wcstok rinet_win32_wcstok
#define wcsdup rinet_win32_wcsdup
#define wcstol rinet_win32_wcstol
#define wcstoul rinet_win32_wcstoul
#define wcstoll rinet_win32_wcstoll
#define wcstoull rinet_win32_wcstoull
#define wcstod rinet_win32_wcstod
#define wmemcpy rinet_win32_wmemcpy
#define wmemmove rinet_win32_wmemmove
#define wmemset rinet_win32_wmemset
#define wmemcmp rinet_win32_wmemcmp
#define wmemchr rinet_win32_wmemchr
#endif

#endif /* RINET_WIN32_TEXT_H */
