/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * strsafe.h -- rinet's Win32 porting headers: the bounded string functions of the Windows SDK.
 *
 * StringCch* take sizes in characters, StringCb* in bytes; each has A and W forms and an
 * unsuffixed name that follows UNICODE. They always leave the destination NUL-terminated (when
 * its size is not 0) and return an HRESULT:
 *   S_OK                           done;
 *   STRSAFE_E_INSUFFICIENT_BUFFER  the result did not fit: the destination holds as much as
 *                                  fitted (or nothing, with STRSAFE_NO_TRUNCATION);
 *   STRSAFE_E_INVALID_PARAMETER    a size of 0 or over STRSAFE_MAX_CCH, a NULL pointer (a NULL
 *                                  source is an empty string with STRSAFE_IGNORE_NULLS), or a
 *                                  destination (Cat) or string (Length) not terminated within
 *                                  its size;
 *   STRSAFE_E_END_OF_FILE          StringCchGets at the end of input.
 * The Ex forms give the end of the result (*ppszDestEnd, at its NUL) and the characters left
 * (*pcchRemaining, the NUL included), and take STRSAFE_FILL_BEHIND_NULL, STRSAFE_IGNORE_NULLS,
 * STRSAFE_FILL_ON_FAILURE, STRSAFE_NULL_ON_FAILURE and STRSAFE_NO_TRUNCATION (the low byte of
 * dwFlags is the fill byte). The Printf forms use Microsoft's printf rules (%s is wide in the W
 * forms).
 */
#ifndef RINET_WIN32_STRSAFE_H
#define RINET_WIN32_STRSAFE_H

#include "windows.h"

#ifndef STRSAFE_MAX_CCH
#define STRSAFE_MAX_CCH 2147483647
#endif
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007A)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026)
#define STRSAFE_IGNORE_NULLS 0x00000100u
#define STRSAFE_FILL_BEHIND_NULL 0x00000200u
#define STRSAFE_FILL_ON_FAILURE 0x00000400u
#define STRSAFE_NULL_ON_FAILURE 0x00000800u
#define STRSAFE_NO_TRUNCATION 0x00001000u
#define STRSAFE_FILL_BYTE(x) ((DWORD)(((x) & 0xFF) | STRSAFE_FILL_BEHIND_NULL))
#define STRSAFE_FAILURE_BYTE(x) ((DWORD)(((x) & 0xFF) | STRSAFE_FILL_ON_FAILURE))
#define STRSAFE_VALID_FLAGS                                                                                 \
    (0x000000FFu | STRSAFE_IGNORE_NULLS | STRSAFE_FILL_BEHIND_NULL | STRSAFE_FILL_ON_FAILURE |               \
     STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION)

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef WCHAR *STRSAFE_LPWSTR;
typedef const WCHAR *STRSAFE_LPCWSTR;

/* The functions work on characters of es bytes (1 for A, sizeof(WCHAR) for W). */
RINET_WIN32_FN uint32_t rinet_win32_ss_get(const void *p, size_t i, size_t es)
{
    return es == 1 ? (uint32_t)((const unsigned char *)p)[i] : (uint32_t)((const WCHAR *)p)[i];
}

RINET_WIN32_FN void rinet_win32_ss_set(void *p, size_t i, size_t es, uint32_t v)
{
    if (es == 1)
        ((unsigned char *)p)[i] = (unsigned char)v;
    else
        ((WCHAR *)p)[i] = (WCHAR)v;
}

/* Applies the Ex options to a finished operation: dest[0..len) is the result (NUL at len). */
RINET_WIN32_FN HRESULT rinet_win32_ss_finish(void *dest, size_t cch, size_t len, size_t es, HRESULT hr,
                                             DWORD flags, void **end, size_t *remaining)
{
    unsigned char fill = (unsigned char)(flags & 0xFF);
    if (FAILED(hr) && dest != NULL && cch > 0 && cch <= STRSAFE_MAX_CCH) {
        if (flags & STRSAFE_FILL_ON_FAILURE) {
            memset(dest, fill, cch * es);
            rinet_win32_ss_set(dest, cch - 1, es, 0);
            len = cch - 1;
        }
        if (flags & (STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION)) {
            rinet_win32_ss_set(dest, 0, es, 0);
            len = 0;
        }
    }
    if ((SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER) && dest != NULL && cch > 0 &&
        (flags & STRSAFE_FILL_BEHIND_NULL) && len + 1 < cch)
        memset((char *)dest + (len + 1) * es, fill, (cch - len - 1) * es);
    if (SUCCEEDED(hr) || hr == STRSAFE_E_INSUFFICIENT_BUFFER || (flags & STRSAFE_FILL_ON_FAILURE) ||
        (flags & (STRSAFE_NULL_ON_FAILURE | STRSAFE_NO_TRUNCATION))) {
        if (end && dest && cch > 0)
            *end = (char *)dest + len * es;
        if (remaining && cch > 0)
            *remaining = cch - len;
    }
    return hr;
}

/* Copy of at most max characters of src to the end of dest[at..cch). */
RINET_WIN32_FN HRESULT rinet_win32_ss_copy(void *dest, size_t cch, size_t at, const void *src, size_t max,
                                           size_t es, DWORD flags, void **end, size_t *remaining)
{
    static const WCHAR empty[1] = {0};
    size_t i = 0;
    HRESULT hr = S_OK;
    if (flags & ~STRSAFE_VALID_FLAGS)
        return STRSAFE_E_INVALID_PARAMETER;
    if (src == NULL) {
        if (!(flags & STRSAFE_IGNORE_NULLS))
            return rinet_win32_ss_finish(dest, cch, at, es, STRSAFE_E_INVALID_PARAMETER, flags, end, remaining);
        src = empty;
    }
    while (i < max && rinet_win32_ss_get(src, i, es) != 0) {
        if (at + i >= cch - 1) {
            hr = STRSAFE_E_INSUFFICIENT_BUFFER;
            break;
        }
        rinet_win32_ss_set(dest, at + i, es, rinet_win32_ss_get(src, i, es));
        i++;
    }
    rinet_win32_ss_set(dest, at + i, es, 0);
    return rinet_win32_ss_finish(dest, cch, at + i, es, hr, flags, end, remaining);
}

RINET_WIN32_FN HRESULT rinet_win32_ss_check_dest(void *dest, size_t cch, size_t es, DWORD flags)
{
    if (dest == NULL || cch == 0 || cch > STRSAFE_MAX_CCH) {
        if (dest != NULL && cch > 0 && cch <= STRSAFE_MAX_CCH)
            rinet_win32_ss_set(dest, 0, es, 0);
        (void)flags;
        return STRSAFE_E_INVALID_PARAMETER;
    }
    return S_OK;
}

RINET_WIN32_FN HRESULT rinet_win32_ss_copy_ex(void *dest, size_t cch, const void *src, size_t max, size_t es,
                                              DWORD flags, void **end, size_t *remaining)
{
    if (FAILED(rinet_win32_ss_check_dest(dest, cch, es, flags)) || max > STRSAFE_MAX_CCH)
        return rinet_win32_ss_finish(dest, cch, 0, es, STRSAFE_E_INVALID_PARAMETER, flags, end, remaining);
    return rinet_win32_ss_copy(dest, cch, 0, src, max, es, flags, end, remaining);
}

RINET_WIN32_FN HRESULT rinet_win32_ss_cat_ex(void *dest, size_t cch, const void *src, size_t max, size_t es,
                                             DWORD flags, void **end, size_t *remaining)
{
    size_t len = 0;
    if (dest == NULL || cch == 0 || cch > STRSAFE_MAX_CCH || max > STRSAFE_MAX_CCH)
        return STRSAFE_E_INVALID_PARAMETER;
    while (len < cch && rinet_win32_ss_get(dest, len, es) != 0)
        len++;
    if (len == cch)
        return rinet_win32_ss_finish(dest, cch, 0, es, STRSAFE_E_INVALID_PARAMETER, flags, end, remaining);
    if (flags & STRSAFE_NO_TRUNCATION) {
        /* Nothing changes when the whole source does not fit. */
        size_t n = 0;
        if (src != NULL)
            while (n < max && rinet_win32_ss_get(src, n, es) != 0)
                n++;
        if (src != NULL && len + n >= cch) {
            if (end)
                *end = (char *)dest + len * es;
            if (remaining)
                *remaining = cch - len;
            return STRSAFE_E_INSUFFICIENT_BUFFER;
        }
    }
    return rinet_win32_ss_copy(dest, cch, len, src, max, es, flags, end, remaining);
}

RINET_WIN32_FN HRESULT rinet_win32_ss_length(const void *s, size_t max, size_t es, size_t *out)
{
    size_t n = 0;
    HRESULT hr = S_OK;
    if (s == NULL || max > STRSAFE_MAX_CCH) {
        hr = STRSAFE_E_INVALID_PARAMETER;
    } else {
        while (n < max && rinet_win32_ss_get(s, n, es) != 0)
            n++;
        if (n == max)
            hr = STRSAFE_E_INVALID_PARAMETER;
    }
    if (out)
        *out = SUCCEEDED(hr) ? n : 0;
    return hr;
}

/* Printf: the result, truncated to fit (STRSAFE_E_INSUFFICIENT_BUFFER). */
RINET_WIN32_FN HRESULT rinet_win32_ss_vprintf_a(char *dest, size_t cch, DWORD flags, char **end, size_t *remaining,
                                                const char *fmt, va_list ap)
{
    rinet_win32_sb sb;
    HRESULT hr = S_OK;
    size_t len;
    if (flags & ~STRSAFE_VALID_FLAGS)
        return STRSAFE_E_INVALID_PARAMETER;
    if (FAILED(rinet_win32_ss_check_dest(dest, cch, 1, flags)))
        return rinet_win32_ss_finish(dest, cch, 0, 1, STRSAFE_E_INVALID_PARAMETER, flags, (void **)end, remaining);
    if (fmt == NULL) {
        if (!(flags & STRSAFE_IGNORE_NULLS))
            return rinet_win32_ss_finish(dest, cch, 0, 1, STRSAFE_E_INVALID_PARAMETER, flags, (void **)end,
                                         remaining);
        fmt = "";
    }
    if (rinet_win32_format_a(&sb, fmt, ap) != 0)
        return rinet_win32_ss_finish(dest, cch, 0, 1, STRSAFE_E_INVALID_PARAMETER, flags, (void **)end, remaining);
    len = sb.len;
    if (len >= cch) {
        len = cch - 1;
        hr = STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    memcpy(dest, sb.buf, len);
    dest[len] = 0;
    free(sb.buf);
    return rinet_win32_ss_finish(dest, cch, len, 1, hr, flags, (void **)end, remaining);
}

RINET_WIN32_FN HRESULT rinet_win32_ss_vprintf_w(WCHAR *dest, size_t cch, DWORD flags, WCHAR **end, size_t *remaining,
                                                const WCHAR *fmt, va_list ap)
{
    static const WCHAR empty[1] = {0};
    rinet_win32_sb sb;
    HRESULT hr = S_OK;
    size_t units;
    if (flags & ~STRSAFE_VALID_FLAGS)
        return STRSAFE_E_INVALID_PARAMETER;
    if (FAILED(rinet_win32_ss_check_dest(dest, cch, sizeof(WCHAR), flags)))
        return rinet_win32_ss_finish(dest, cch, 0, sizeof(WCHAR), STRSAFE_E_INVALID_PARAMETER, flags, (void **)end,
                                     remaining);
    if (fmt == NULL) {
        if (!(flags & STRSAFE_IGNORE_NULLS))
            return rinet_win32_ss_finish(dest, cch, 0, sizeof(WCHAR), STRSAFE_E_INVALID_PARAMETER, flags,
                                         (void **)end, remaining);
        fmt = empty;
    }
    if (rinet_win32_format_w(&sb, fmt, ap) != 0)
        return rinet_win32_ss_finish(dest, cch, 0, sizeof(WCHAR), STRSAFE_E_INVALID_PARAMETER, flags, (void **)end,
                                     remaining);
    units = rinet_win32_utf8_to_wbuf(sb.buf, sb.len, dest, cch);
    free(sb.buf);
    if (units >= cch)
        hr = STRSAFE_E_INSUFFICIENT_BUFFER;
    return rinet_win32_ss_finish(dest, cch, rinet_win32_wcslen(dest), sizeof(WCHAR), hr, flags, (void **)end,
                                 remaining);
}

/* ---- StringCch ---------------------------------------------------------------------------- */
RINET_WIN32_FN HRESULT StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 1, 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCopyW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, sizeof(WCHAR), 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCopyNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToCopy)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, cchToCopy, 1, 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCopyNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc,
                                       size_t cchToCopy)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, cchToCopy, sizeof(WCHAR), 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCopyExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc,
                                        STRSAFE_LPSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 1, dwFlags, (void **)ppszDestEnd,
                                  pcchRemaining);
}
RINET_WIN32_FN HRESULT StringCchCopyExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc,
                                        STRSAFE_LPWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, sizeof(WCHAR), dwFlags,
                                  (void **)ppszDestEnd, pcchRemaining);
}
RINET_WIN32_FN HRESULT StringCchCopyNExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc,
                                         size_t cchToCopy, STRSAFE_LPSTR *ppszDestEnd, size_t *pcchRemaining,
                                         DWORD dwFlags)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, cchToCopy, 1, dwFlags, (void **)ppszDestEnd,
                                  pcchRemaining);
}
RINET_WIN32_FN HRESULT StringCchCopyNExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc,
                                         size_t cchToCopy, STRSAFE_LPWSTR *ppszDestEnd, size_t *pcchRemaining,
                                         DWORD dwFlags)
{
    return rinet_win32_ss_copy_ex(pszDest, cchDest, pszSrc, cchToCopy, sizeof(WCHAR), dwFlags,
                                  (void **)ppszDestEnd, pcchRemaining);
}
RINET_WIN32_FN HRESULT StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc)
{
    return rinet_win32_ss_cat_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 1, 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCatW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc)
{
    return rinet_win32_ss_cat_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, sizeof(WCHAR), 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCatNA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc, size_t cchToAppend)
{
    return rinet_win32_ss_cat_ex(pszDest, cchDest, pszSrc, cchToAppend, 1, 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCatNW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc,
                                      size_t cchToAppend)
{
    return rinet_win32_ss_cat_ex(pszDest, cchDest, pszSrc, cchToAppend, sizeof(WCHAR), 0, NULL, NULL);
}
RINET_WIN32_FN HRESULT StringCchCatExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszSrc,
                                       STRSAFE_LPSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return rinet_win32_ss_cat_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, 1, dwFlags, (void **)ppszDestEnd,
                                 pcchRemaining);
}
RINET_WIN32_FN HRESULT StringCchCatExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszSrc,
                                       STRSAFE_LPWSTR *ppszDestEnd, size_t *pcchRemaining, DWORD dwFlags)
{
    return rinet_win32_ss_cat_ex(pszDest, cchDest, pszSrc, STRSAFE_MAX_CCH, sizeof(WCHAR), dwFlags,
                                 (void **)ppszDestEnd, pcchRemaining);
}
RINET_WIN32_FN HRESULT StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, va_list ap)
{
    return rinet_win32_ss_vprintf_a(pszDest, cchDest, 0, NULL, NULL, pszFormat, ap);
}
RINET_WIN32_FN HRESULT StringCchVPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, va_list ap)
{
    return rinet_win32_ss_vprintf_w(pszDest, cchDest, 0, NULL, NULL, pszFormat, ap);
}
RINET_WIN32_FN HRESULT StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_a(pszDest, cchDest, 0, NULL, NULL, pszFormat, ap);
    va_end(ap);
    return hr;
}
RINET_WIN32_FN HRESULT StringCchPrintfW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_w(pszDest, cchDest, 0, NULL, NULL, pszFormat, ap);
    va_end(ap);
    return hr;
}
RINET_WIN32_FN HRESULT StringCchVPrintfExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPSTR *ppszDestEnd,
                                           size_t *pcchRemaining, DWORD dwFlags, STRSAFE_LPCSTR pszFormat, va_list ap)
{
    return rinet_win32_ss_vprintf_a(pszDest, cchDest, dwFlags, ppszDestEnd, pcchRemaining, pszFormat, ap);
}
RINET_WIN32_FN HRESULT StringCchVPrintfExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPWSTR *ppszDestEnd,
                                           size_t *pcchRemaining, DWORD dwFlags, STRSAFE_LPCWSTR pszFormat,
                                           va_list ap)
{
    return rinet_win32_ss_vprintf_w(pszDest, cchDest, dwFlags, ppszDestEnd, pcchRemaining, pszFormat, ap);
}
RINET_WIN32_FN HRESULT StringCchPrintfExA(STRSAFE_LPSTR pszDest, size_t cchDest, STRSAFE_LPSTR *ppszDestEnd,
                                          size_t *pcchRemaining, DWORD dwFlags, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_a(pszDest, cchDest, dwFlags, ppszDestEnd, pcchRemaining, pszFormat, ap);
    va_end(ap);
    return hr;
}
RINET_WIN32_FN HRESULT StringCchPrintfExW(STRSAFE_LPWSTR pszDest, size_t cchDest, STRSAFE_LPWSTR *ppszDestEnd,
                                          size_t *pcchRemaining, DWORD dwFlags, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_w(pszDest, cchDest, dwFlags, ppszDestEnd, pcchRemaining, pszFormat, ap);
    va_end(ap);
    return hr;
}
RINET_WIN32_FN HRESULT StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax, size_t *pcchLength)
{
    return rinet_win32_ss_length(psz, cchMax, 1, pcchLength);
}
RINET_WIN32_FN HRESULT StringCchLengthW(STRSAFE_LPCWSTR psz, size_t cchMax, size_t *pcchLength)
{
    return rinet_win32_ss_length(psz, cchMax, sizeof(WCHAR), pcchLength);
}
/* StringCchGets: one line of standard input without its line break; STRSAFE_E_END_OF_FILE at
 * the end of input, STRSAFE_E_INSUFFICIENT_BUFFER when the line was cut (the rest stays
 * unread). */
RINET_WIN32_FN HRESULT StringCchGetsA(STRSAFE_LPSTR pszDest, size_t cchDest)
{
    size_t n = 0;
    int c = EOF;
    if (FAILED(rinet_win32_ss_check_dest(pszDest, cchDest, 1, 0)))
        return STRSAFE_E_INVALID_PARAMETER;
    if (cchDest == 1) {
        pszDest[0] = 0;
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    while (n < cchDest - 1 && (c = getchar()) != EOF && c != '\n')
        pszDest[n++] = (char)c;
    pszDest[n] = 0;
    if (c == EOF && n == 0)
        return STRSAFE_E_END_OF_FILE;
    if (n == cchDest - 1 && c != '\n' && c != EOF)
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    return S_OK;
}
RINET_WIN32_FN HRESULT StringCchGetsW(STRSAFE_LPWSTR pszDest, size_t cchDest)
{
    char *line;
    HRESULT hr;
    size_t units;
    if (FAILED(rinet_win32_ss_check_dest(pszDest, cchDest, sizeof(WCHAR), 0)))
        return STRSAFE_E_INVALID_PARAMETER;
    line = (char *)malloc(cchDest * 4 + 1);
    if (line == NULL)
        return E_OUTOFMEMORY;
    hr = StringCchGetsA(line, cchDest * 4 + 1);
    if (hr == STRSAFE_E_END_OF_FILE) {
        free(line);
        pszDest[0] = 0;
        return hr;
    }
    units = rinet_win32_utf8_to_wbuf(line, strlen(line), pszDest, cchDest);
    free(line);
    return units >= cchDest ? STRSAFE_E_INSUFFICIENT_BUFFER : hr;
}

/* ---- StringCb ----------------------------------------------------------------------------- */
#define RINET_WIN32_CCH_A(cb) (cb)
#define RINET_WIN32_CCH_W(cb) ((cb) / sizeof(WCHAR))
RINET_WIN32_FN HRESULT StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return StringCchCopyA(pszDest, RINET_WIN32_CCH_A(cbDest), pszSrc);
}
RINET_WIN32_FN HRESULT StringCbCopyW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCopyW(pszDest, RINET_WIN32_CCH_W(cbDest), pszSrc);
}
RINET_WIN32_FN HRESULT StringCbCopyNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToCopy)
{
    return StringCchCopyNA(pszDest, RINET_WIN32_CCH_A(cbDest), pszSrc, cbToCopy);
}
RINET_WIN32_FN HRESULT StringCbCopyNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToCopy)
{
    return StringCchCopyNW(pszDest, RINET_WIN32_CCH_W(cbDest), pszSrc, RINET_WIN32_CCH_W(cbToCopy));
}
RINET_WIN32_FN HRESULT rinet_win32_cb_result(HRESULT hr, size_t *pcb, size_t cch, size_t es)
{
    if (pcb)
        *pcb = cch * es;
    return hr;
}
RINET_WIN32_FN HRESULT StringCbCopyExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc,
                                       STRSAFE_LPSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    size_t left = 0;
    HRESULT hr = StringCchCopyExA(pszDest, cbDest, pszSrc, ppszDestEnd, &left, dwFlags);
    return rinet_win32_cb_result(hr, pcbRemaining, left, 1);
}
RINET_WIN32_FN HRESULT StringCbCopyExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc,
                                       STRSAFE_LPWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    size_t left = 0;
    HRESULT hr = StringCchCopyExW(pszDest, RINET_WIN32_CCH_W(cbDest), pszSrc, ppszDestEnd, &left, dwFlags);
    return rinet_win32_cb_result(hr, pcbRemaining, left, sizeof(WCHAR));
}
RINET_WIN32_FN HRESULT StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc)
{
    return StringCchCatA(pszDest, RINET_WIN32_CCH_A(cbDest), pszSrc);
}
RINET_WIN32_FN HRESULT StringCbCatW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc)
{
    return StringCchCatW(pszDest, RINET_WIN32_CCH_W(cbDest), pszSrc);
}
RINET_WIN32_FN HRESULT StringCbCatNA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc, size_t cbToAppend)
{
    return StringCchCatNA(pszDest, RINET_WIN32_CCH_A(cbDest), pszSrc, cbToAppend);
}
RINET_WIN32_FN HRESULT StringCbCatNW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc, size_t cbToAppend)
{
    return StringCchCatNW(pszDest, RINET_WIN32_CCH_W(cbDest), pszSrc, RINET_WIN32_CCH_W(cbToAppend));
}
RINET_WIN32_FN HRESULT StringCbCatExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszSrc,
                                      STRSAFE_LPSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    size_t left = 0;
    HRESULT hr = StringCchCatExA(pszDest, cbDest, pszSrc, ppszDestEnd, &left, dwFlags);
    return rinet_win32_cb_result(hr, pcbRemaining, left, 1);
}
RINET_WIN32_FN HRESULT StringCbCatExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszSrc,
                                      STRSAFE_LPWSTR *ppszDestEnd, size_t *pcbRemaining, DWORD dwFlags)
{
    size_t left = 0;
    HRESULT hr = StringCchCatExW(pszDest, RINET_WIN32_CCH_W(cbDest), pszSrc, ppszDestEnd, &left, dwFlags);
    return rinet_win32_cb_result(hr, pcbRemaining, left, sizeof(WCHAR));
}
RINET_WIN32_FN HRESULT StringCbVPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, va_list ap)
{
    return rinet_win32_ss_vprintf_a(pszDest, cbDest, 0, NULL, NULL, pszFormat, ap);
}
RINET_WIN32_FN HRESULT StringCbVPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, va_list ap)
{
    return rinet_win32_ss_vprintf_w(pszDest, RINET_WIN32_CCH_W(cbDest), 0, NULL, NULL, pszFormat, ap);
}
RINET_WIN32_FN HRESULT StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_a(pszDest, cbDest, 0, NULL, NULL, pszFormat, ap);
    va_end(ap);
    return hr;
}
RINET_WIN32_FN HRESULT StringCbPrintfW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_w(pszDest, RINET_WIN32_CCH_W(cbDest), 0, NULL, NULL, pszFormat, ap);
    va_end(ap);
    return hr;
}
RINET_WIN32_FN HRESULT StringCbPrintfExA(STRSAFE_LPSTR pszDest, size_t cbDest, STRSAFE_LPSTR *ppszDestEnd,
                                         size_t *pcbRemaining, DWORD dwFlags, STRSAFE_LPCSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    size_t left = 0;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_a(pszDest, cbDest, dwFlags, ppszDestEnd, &left, pszFormat, ap);
    va_end(ap);
    return rinet_win32_cb_result(hr, pcbRemaining, left, 1);
}
RINET_WIN32_FN HRESULT StringCbPrintfExW(STRSAFE_LPWSTR pszDest, size_t cbDest, STRSAFE_LPWSTR *ppszDestEnd,
                                         size_t *pcbRemaining, DWORD dwFlags, STRSAFE_LPCWSTR pszFormat, ...)
{
    va_list ap;
    HRESULT hr;
    size_t left = 0;
    va_start(ap, pszFormat);
    hr = rinet_win32_ss_vprintf_w(pszDest, RINET_WIN32_CCH_W(cbDest), dwFlags, ppszDestEnd, &left, pszFormat, ap);
    va_end(ap);
    return rinet_win32_cb_result(hr, pcbRemaining, left, sizeof(WCHAR));
}
RINET_WIN32_FN HRESULT StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax, size_t *pcbLength)
{
    return StringCchLengthA(psz, cbMax, pcbLength);
}
RINET_WIN32_FN HRESULT StringCbLengthW(STRSAFE_LPCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    size_t n = 0;
    HRESULT hr = StringCchLengthW(psz, RINET_WIN32_CCH_W(cbMax), &n);
    if (pcbLength)
        *pcbLength = n * sizeof(WCHAR);
    return hr;
}
RINET_WIN32_FN HRESULT StringCbGetsA(STRSAFE_LPSTR pszDest, size_t cbDest)
{
    return StringCchGetsA(pszDest, cbDest);
}
RINET_WIN32_FN HRESULT StringCbGetsW(STRSAFE_LPWSTR pszDest, size_t cbDest)
{
    return StringCchGetsW(pszDest, RINET_WIN32_CCH_W(cbDest));
}

#define StringCchCopy RINET_WIN32_AW(StringCchCopy)
#define StringCchCopyN RINET_WIN32_AW(StringCchCopyN)
#define StringCchCopyEx RINET_WIN32_AW(StringCchCopyEx)
#define StringCchCopyNEx RINET_WIN32_AW(StringCchCopyNEx)
#define StringCchCat RINET_WIN32_AW(StringCchCat)
#define StringCchCatN RINET_WIN32_AW(StringCchCatN)
#define StringCchCatEx RINET_WIN32_AW(StringCchCatEx)
#define StringCchPrintf RINET_WIN32_AW(StringCchPrintf)
#define StringCchVPrintf RINET_WIN32_AW(StringCchVPrintf)
#define StringCchPrintfEx RINET_WIN32_AW(StringCchPrintfEx)
#define StringCchVPrintfEx RINET_WIN32_AW(StringCchVPrintfEx)
#define StringCchLength RINET_WIN32_AW(StringCchLength)
#define StringCchGets RINET_WIN32_AW(StringCchGets)
#define StringCbCopy RINET_WIN32_AW(StringCbCopy)
#define StringCbCopyN RINET_WIN32_AW(StringCbCopyN)
#define StringCbCopyEx RINET_WIN32_AW(StringCbCopyEx)
#define StringCbCat RINET_WIN32_AW(StringCbCat)
#define StringCbCatN RINET_WIN32_AW(StringCbCatN)
#define StringCbCatEx RINET_WIN32_AW(StringCbCatEx)
#define StringCbPrintf RINET_WIN32_AW(StringCbPrintf)
#define StringCbVPrintf RINET_WIN32_AW(StringCbVPrintf)
#define StringCbPrintfEx RINET_WIN32_AW(StringCbPrintfEx)
#define StringCbLength RINET_WIN32_AW(StringCbLength)
#define StringCbGets RINET_WIN32_AW(StringCbGets)

#endif /* RINET_WIN32_STRSAFE_H */
