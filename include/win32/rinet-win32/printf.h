/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/printf.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * Formatted output with the Microsoft C library's rules, for wsprintf, StringCchPrintf, the
 * _t*printf names and (unless RINET_WIN32_NO_CRT_NAMES is defined) printf, wprintf and their
 * relatives:
 *   - in a wide function (wprintf, swprintf, wsprintfW, ...) %s and %c take wide strings and
 *     characters and %S / %C narrow ones; in a narrow function it is the other way round;
 *     %hs / %hc are always narrow, %ls / %lc and %ws / %wc always wide;
 *   - %I64d, %I32d and %Id (pointer-sized), as well as the C99 sizes hh, h, l, ll, j, z, t, L;
 *     l is the platform's long (64 bits here, as the C library and <inttypes.h> expect: a
 *     DWORD printed with %lu should be cast to unsigned long, as GCC's -Wformat says);
 *   - %p prints the pointer as 2 * sizeof(void *) upper-case hexadecimal digits;
 *   - a NULL string prints "(null)"; %n writes nothing.
 * Wide text is written to streams as UTF-8, so narrow and wide output mix on one stream as they
 * do on Windows. Numbers are formatted by the C library's snprintf.
 */
#ifndef RINET_WIN32_PRINTF_H
#define RINET_WIN32_PRINTF_H

/* A growable UTF-8 buffer. */
typedef struct rinet_win32_sb {
    char *buf;
    size_t len;
    size_t cap;
    int oom;
} rinet_win32_sb;

RINET_WIN32_FN void rinet_win32_sb_put(rinet_win32_sb *sb, const char *s, size_t n)
{
    if (sb->oom)
        return;
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 128;
        char *p;
        while (cap < sb->len + n + 1)
            cap *= 2;
        p = (char *)realloc(sb->buf, cap);
        if (p == NULL) {
            sb->oom = 1;
            return;
        }
        sb->buf = p;
        sb->cap = cap;
    }
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = 0;
}

RINET_WIN32_FN void rinet_win32_sb_pad(rinet_win32_sb *sb, size_t n)
{
    static const char spaces[16] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    while (n > 0) {
        size_t k = n < sizeof spaces ? n : sizeof spaces;
        rinet_win32_sb_put(sb, spaces, k);
        n -= k;
    }
}

/* The number of code points in the UTF-8 bytes s[0..n). */
RINET_WIN32_FN size_t rinet_win32_utf8_chars(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Puts text (UTF-8, n bytes) padded to width characters. */
RINET_WIN32_FN void rinet_win32_sb_field(rinet_win32_sb *sb, const char *s, size_t n, long width, int left)
{
    size_t chars = rinet_win32_utf8_chars(s, n);
    size_t pad = (width > 0 && (size_t)width > chars) ? (size_t)width - chars : 0;
    if (!left)
        rinet_win32_sb_pad(sb, pad);
    rinet_win32_sb_put(sb, s, n);
    if (left)
        rinet_win32_sb_pad(sb, pad);
}

/* Formats one C-library conversion (spec is a complete "%...x" string) of an already fetched
 * value into sb. kind: 0 int, 1 unsigned, 2 long long, 3 unsigned long long, 4 double,
 * 5 long double, 6 pointer value as unsigned long long. */
RINET_WIN32_FN void rinet_win32_sb_num(rinet_win32_sb *sb, const char *spec, int kind, long long i,
                                       unsigned long long u, double d, long double ld)
{
    char small[128];
    char *out = small;
    int n;
    size_t cap = sizeof small;
    for (;;) {
        switch (kind) {
        case 0:
            n = snprintf(out, cap, spec, (int)i);
            break;
        case 1:
            n = snprintf(out, cap, spec, (unsigned)u);
            break;
        case 2:
            n = snprintf(out, cap, spec, i);
            break;
        case 4:
            n = snprintf(out, cap, spec, d);
            break;
        case 5:
            n = snprintf(out, cap, spec, ld);
            break;
        default:
            n = snprintf(out, cap, spec, u);
            break;
        }
        if (n < 0)
            break;
        if ((size_t)n < cap) {
            rinet_win32_sb_put(sb, out, (size_t)n);
            break;
        }
        if (out != small)
            free(out);
        cap = (size_t)n + 1;
        out = (char *)malloc(cap);
        if (out == NULL) {
            sb->oom = 1;
            return;
        }
    }
    if (out != small)
        free(out);
}

/* Formats fmt (UTF-8) with Microsoft's rules into sb; wide_fn says whether the caller is a wide
 * function (which decides what %s, %c, %S and %C take). */
RINET_WIN32_FN void rinet_win32_vformat(rinet_win32_sb *sb, const char *fmt, int wide_fn, va_list ap)
{
    const char *p = fmt;
    while (*p) {
        const char *start = p;
        char flags[8];
        size_t nflags = 0;
        long width = -1, prec = -1;
        int left = 0;
        /* size: 0 default, 1 hh, 2 h, 3 l (long), 4 ll / I64, 5 pointer-sized (I, z, t, j),
         * 6 L, 7 w, 8 I32 */
        int size = 0;
        char conv;
        char spec[48];
        if (*p != '%') {
            const char *q = p;
            while (*q && *q != '%')
                q++;
            rinet_win32_sb_put(sb, p, (size_t)(q - p));
            p = q;
            continue;
        }
        p++;
        if (*p == '%') {
            rinet_win32_sb_put(sb, "%", 1);
            p++;
            continue;
        }
        while (*p && strchr("-+ #0", *p)) {
            if (*p == '-')
                left = 1;
            if (nflags < sizeof flags - 1 && !memchr(flags, *p, nflags))
                flags[nflags++] = *p;
            p++;
        }
        flags[nflags] = 0;
        if (*p == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1;
                if (!memchr(flags, '-', nflags) && nflags < sizeof flags - 1) {
                    flags[nflags++] = '-';
                    flags[nflags] = 0;
                }
                width = -width;
            }
            p++;
        } else if (*p >= '0' && *p <= '9') {
            width = 0;
            while (*p >= '0' && *p <= '9' && width < 100000)
                width = width * 10 + (*p++ - '0');
        }
        if (*p == '.') {
            p++;
            prec = 0;
            if (*p == '*') {
                prec = va_arg(ap, int);
                p++;
            } else {
                while (*p >= '0' && *p <= '9' && prec < 100000)
                    prec = prec * 10 + (*p++ - '0');
            }
        }
        if (p[0] == 'h' && p[1] == 'h') {
            size = 1;
            p += 2;
        } else if (p[0] == 'h') {
            size = 2;
            p++;
        } else if (p[0] == 'l' && p[1] == 'l') {
            size = 4;
            p += 2;
        } else if (p[0] == 'l') {
            size = 3;
            p++;
        } else if (p[0] == 'I' && p[1] == '6' && p[2] == '4') {
            size = 4;
            p += 3;
        } else if (p[0] == 'I' && p[1] == '3' && p[2] == '2') {
            size = 8;
            p += 3;
        } else if (p[0] == 'I') {
            size = 5;
            p++;
        } else if (p[0] == 'z' || p[0] == 't' || p[0] == 'j') {
            size = p[0] == 'j' ? 4 : 5;
            p++;
        } else if (p[0] == 'L' || p[0] == 'q') {
            size = p[0] == 'q' ? 4 : 6;
            p++;
        } else if (p[0] == 'w') {
            size = 7;
            p++;
        }
        conv = *p;
        if (conv == 0) {
            rinet_win32_sb_put(sb, start, (size_t)(p - start));
            break;
        }
        p++;
        if (prec >= 0)
            snprintf(spec, sizeof spec, "%%%s%.0ld.%ld", flags, width > 0 ? width : 0L, prec);
        else
            snprintf(spec, sizeof spec, "%%%s%.0ld", flags, width > 0 ? width : 0L);
        /* "%.0ld" prints nothing for 0, so a width of 0 adds no digit. */
        switch (conv) {
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            int is_signed = conv == 'd' || conv == 'i';
            size_t sl = strlen(spec);
            if (size == 4 || size == 5 || (size == 3 && sizeof(long) > sizeof(int))) {
                long long v = 0;
                unsigned long long uv = 0;
                if (size == 3) {
                    if (is_signed)
                        v = va_arg(ap, long);
                    else
                        uv = va_arg(ap, unsigned long);
                } else if (size == 4) {
                    if (is_signed)
                        v = va_arg(ap, long long);
                    else
                        uv = va_arg(ap, unsigned long long);
                } else {
                    if (is_signed)
                        v = (long long)va_arg(ap, intptr_t);
                    else
                        uv = (unsigned long long)va_arg(ap, uintptr_t);
                }
                spec[sl] = 'l';
                spec[sl + 1] = 'l';
                spec[sl + 2] = conv;
                spec[sl + 3] = 0;
                rinet_win32_sb_num(sb, spec, is_signed ? 2 : 3, v, uv, 0, 0);
            } else {
                int v = 0;
                unsigned uv = 0;
                if (is_signed) {
                    v = va_arg(ap, int);
                    if (size == 1)
                        v = (signed char)v;
                    else if (size == 2)
                        v = (short)v;
                } else {
                    uv = va_arg(ap, unsigned);
                    if (size == 1)
                        uv = (unsigned char)uv;
                    else if (size == 2)
                        uv = (unsigned short)uv;
                }
                spec[sl] = conv;
                spec[sl + 1] = 0;
                rinet_win32_sb_num(sb, spec, is_signed ? 0 : 1, v, uv, 0, 0);
            }
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A': {
            size_t sl = strlen(spec);
            if (size == 6) {
                long double v = va_arg(ap, long double);
                spec[sl] = 'L';
                spec[sl + 1] = conv;
                spec[sl + 2] = 0;
                rinet_win32_sb_num(sb, spec, 5, 0, 0, 0, v);
            } else {
                double v = va_arg(ap, double);
                spec[sl] = conv;
                spec[sl + 1] = 0;
                rinet_win32_sb_num(sb, spec, 4, 0, 0, v, 0);
            }
            break;
        }
        case 'p': {
            void *v = va_arg(ap, void *);
            char digits[40];
            snprintf(digits, sizeof digits, "%0*llX", (int)(2 * sizeof(void *)),
                     (unsigned long long)(uintptr_t)v);
            rinet_win32_sb_field(sb, digits, strlen(digits), width, left);
            break;
        }
        case 'c':
        case 'C': {
            int wide = size == 3 || size == 7 || (size != 2 && ((conv == 'c') == (wide_fn != 0)));
            unsigned char tmp[4];
            size_t n;
            if (wide) {
                uint32_t cp = (uint32_t)va_arg(ap, int);
#if RINET_WIN32_WCHAR_UTF16
                cp &= 0xFFFFu;
#endif
                if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                    cp = 0xFFFD;
                n = rinet_win32_utf8_put(cp, tmp);
            } else {
                tmp[0] = (unsigned char)va_arg(ap, int);
                n = 1;
            }
            rinet_win32_sb_field(sb, (const char *)tmp, n, width, left);
            break;
        }
        case 's':
        case 'S':
        case 'Z': {
            int wide = size == 3 || size == 7 || (size != 2 && ((conv == 's') == (wide_fn != 0)));
            if (wide) {
                const WCHAR *w = va_arg(ap, const WCHAR *);
                if (w == NULL) {
                    rinet_win32_sb_field(sb, "(null)", prec >= 0 && prec < 6 ? (size_t)prec : 6, width, left);
                } else {
                    size_t units = prec >= 0 ? rinet_win32_wcsnlen(w, (size_t)prec) : rinet_win32_wcslen(w);
                    size_t n = 0;
                    char *u = rinet_win32_wide_to_utf8(w, units, &n);
                    if (u == NULL) {
                        sb->oom = 1;
                    } else {
                        rinet_win32_sb_field(sb, u, n, width, left);
                        free(u);
                    }
                }
            } else {
                const char *s = va_arg(ap, const char *);
                if (s == NULL)
                    s = "(null)";
                rinet_win32_sb_field(sb, s, prec >= 0 ? rinet_win32_strnlen(s, (size_t)prec) : strlen(s), width,
                                     left);
            }
            break;
        }
        case 'n':
            (void)va_arg(ap, void *);
            break;
        default:
            /* Not a conversion: the text as written. */
            rinet_win32_sb_put(sb, start, (size_t)(p - start));
            break;
        }
    }
    if (sb->buf == NULL)
        rinet_win32_sb_put(sb, "", 0);
}

/* The number of wide units the UTF-8 text s[0..n) makes. */
RINET_WIN32_FN size_t rinet_win32_utf8_wide_len(const char *s, size_t n)
{
    size_t i = 0, units = 0;
    int bad = 0;
    while (i < n) {
        uint32_t cp;
        i += rinet_win32_utf8_next((const unsigned char *)s + i, n - i, &cp, &bad);
        units += rinet_win32_wide_units(cp);
    }
    return units;
}

/* Formats a narrow or wide format string into a new buffer (caller frees sb.buf). Returns 0, or
 * -1 when out of memory. */
RINET_WIN32_FN int rinet_win32_format_a(rinet_win32_sb *sb, const char *fmt, va_list ap)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->oom = 0;
    rinet_win32_vformat(sb, fmt ? fmt : "", 0, ap);
    if (sb->oom) {
        free(sb->buf);
        sb->buf = NULL;
        return -1;
    }
    return 0;
}

RINET_WIN32_FN int rinet_win32_format_w(rinet_win32_sb *sb, const WCHAR *fmt, va_list ap)
{
    char *f;
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->oom = 0;
    if (fmt == NULL) {
        rinet_win32_sb_put(sb, "", 0);
        return sb->oom ? -1 : 0;
    }
    f = rinet_win32_wide_to_utf8(fmt, (size_t)-1, NULL);
    if (f == NULL)
        return -1;
    rinet_win32_vformat(sb, f, 1, ap);
    free(f);
    if (sb->oom) {
        free(sb->buf);
        sb->buf = NULL;
        return -1;
    }
    return 0;
}

/* Copies the UTF-8 text s[0..n) as wide units into d (room for cap units), NUL-terminated and
 * truncated to cap - 1 units; returns the units the whole text needs. */
RINET_WIN32_FN size_t rinet_win32_utf8_to_wbuf(const char *s, size_t n, WCHAR *d, size_t cap)
{
    size_t i = 0, units = 0;
    int bad = 0;
    while (i < n) {
        uint32_t cp;
        size_t k;
        i += rinet_win32_utf8_next((const unsigned char *)s + i, n - i, &cp, &bad);
        k = rinet_win32_wide_units(cp);
        if (cap > 0 && units + k <= cap - 1)
            rinet_win32_wide_put(cp, d + units);
        else if (cap > 0 && units <= cap - 1)
            cap = units + 1; /* stop writing: a pair must not be split */
        units += k;
    }
    if (cap > 0)
        d[units < cap - 1 ? units : cap - 1] = 0;
    return units;
}

/* ---- Narrow output ---------------------------------------------------------------------- */

RINET_WIN32_FN int rinet_win32_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t written;
    if (rinet_win32_format_a(&sb, fmt, ap) != 0) {
        errno = ENOMEM;
        return -1;
    }
    written = fwrite(sb.buf, 1, sb.len, f);
    free(sb.buf);
    if (written != sb.len)
        return -1;
    return (int)written;
}
RINET_WIN32_FN int rinet_win32_fprintf(FILE *f, const char *fmt, ...) RINET_WIN32_PRINTF(2, 3);
RINET_WIN32_FN int rinet_win32_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = rinet_win32_vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}
RINET_WIN32_FN int rinet_win32_vprintf(const char *fmt, va_list ap)
{
    return rinet_win32_vfprintf(stdout, fmt, ap);
}
RINET_WIN32_FN int rinet_win32_printf(const char *fmt, ...) RINET_WIN32_PRINTF(1, 2);
RINET_WIN32_FN int rinet_win32_printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = rinet_win32_vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

/* ISO snprintf: writes at most n - 1 bytes and a NUL; returns the full length. */
RINET_WIN32_FN int rinet_win32_vsnprintf(char *d, size_t n, const char *fmt, va_list ap)
{
    rinet_win32_sb sb;
    if (rinet_win32_format_a(&sb, fmt, ap) != 0)
        return -1;
    if (d != NULL && n > 0) {
        size_t k = sb.len < n - 1 ? sb.len : n - 1;
        memcpy(d, sb.buf, k);
        d[k] = 0;
    }
    free(sb.buf);
    return sb.len > (size_t)INT_MAX ? -1 : (int)sb.len;
}
RINET_WIN32_FN int rinet_win32_snprintf(char *d, size_t n, const char *fmt, ...) RINET_WIN32_PRINTF(3, 4);
RINET_WIN32_FN int rinet_win32_snprintf(char *d, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnprintf(d, n, fmt, ap);
    va_end(ap);
    return r;
}
RINET_WIN32_FN int rinet_win32_vsprintf(char *d, const char *fmt, va_list ap)
{
    return rinet_win32_vsnprintf(d, (size_t)INT_MAX, fmt, ap);
}
RINET_WIN32_FN int rinet_win32_sprintf(char *d, const char *fmt, ...) RINET_WIN32_PRINTF(2, 3);
RINET_WIN32_FN int rinet_win32_sprintf(char *d, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnprintf(d, (size_t)INT_MAX, fmt, ap);
    va_end(ap);
    return r;
}

/* _snprintf: the output and a NUL when they fit; exactly n bytes and no NUL when the output is
 * n bytes long; n bytes, no NUL and -1 when it is longer. */
RINET_WIN32_FN int rinet_win32_vsnprintf_ms(char *d, size_t n, const char *fmt, va_list ap)
{
    rinet_win32_sb sb;
    int r;
    if (rinet_win32_format_a(&sb, fmt, ap) != 0)
        return -1;
    if (sb.len < n) {
        memcpy(d, sb.buf, sb.len + 1);
        r = (int)sb.len;
    } else {
        if (n > 0)
            memcpy(d, sb.buf, n);
        r = sb.len == n ? (int)n : -1;
    }
    free(sb.buf);
    return r;
}
RINET_WIN32_FN int rinet_win32_snprintf_ms(char *d, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnprintf_ms(d, n, fmt, ap);
    va_end(ap);
    return r;
}

/* sprintf_s / _snprintf_s: the output and a NUL when they fit in size; otherwise an empty
 * string and -1, or, when count is _TRUNCATE, as much as fits and -1. */
RINET_WIN32_FN int rinet_win32_vsnprintf_s(char *d, size_t size, size_t count, const char *fmt, va_list ap)
{
    rinet_win32_sb sb;
    int r;
    size_t limit;
    if (d == NULL || size == 0 || fmt == NULL) {
        errno = EINVAL;
        return -1;
    }
    if (rinet_win32_format_a(&sb, fmt, ap) != 0) {
        d[0] = 0;
        return -1;
    }
    limit = count < size - 1 ? count : size - 1;
    if (sb.len <= limit) {
        memcpy(d, sb.buf, sb.len + 1);
        r = (int)sb.len;
    } else if (count == _TRUNCATE || count < size) {
        memcpy(d, sb.buf, limit);
        d[limit] = 0;
        r = count == _TRUNCATE ? -1 : (int)limit;
    } else {
        d[0] = 0;
        errno = ERANGE;
        r = -1;
    }
    free(sb.buf);
    return r;
}
RINET_WIN32_FN int rinet_win32_sprintf_s(char *d, size_t size, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnprintf_s(d, size, (size_t)-2, fmt, ap);
    va_end(ap);
    return r;
}
RINET_WIN32_FN int rinet_win32_vsprintf_s(char *d, size_t size, const char *fmt, va_list ap)
{
    return rinet_win32_vsnprintf_s(d, size, (size_t)-2, fmt, ap);
}
RINET_WIN32_FN int rinet_win32_snprintf_s(char *d, size_t size, size_t count, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnprintf_s(d, size, count, fmt, ap);
    va_end(ap);
    return r;
}
/* _scprintf: the length the output would have. */
RINET_WIN32_FN int rinet_win32_vscprintf(const char *fmt, va_list ap)
{
    rinet_win32_sb sb;
    int r;
    if (rinet_win32_format_a(&sb, fmt, ap) != 0)
        return -1;
    r = (int)sb.len;
    free(sb.buf);
    return r;
}
RINET_WIN32_FN int rinet_win32_scprintf(const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vscprintf(fmt, ap);
    va_end(ap);
    return r;
}

/* ---- Wide output ------------------------------------------------------------------------ */

RINET_WIN32_FN int rinet_win32_vfwprintf(FILE *f, const WCHAR *fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t written, units;
    if (rinet_win32_format_w(&sb, fmt, ap) != 0) {
        errno = ENOMEM;
        return -1;
    }
    written = fwrite(sb.buf, 1, sb.len, f);
    units = rinet_win32_utf8_wide_len(sb.buf, sb.len);
    free(sb.buf);
    if (written != sb.len)
        return -1;
    return (int)units;
}
RINET_WIN32_FN int rinet_win32_fwprintf(FILE *f, const WCHAR *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = rinet_win32_vfwprintf(f, fmt, ap);
    va_end(ap);
    return n;
}
RINET_WIN32_FN int rinet_win32_vwprintf(const WCHAR *fmt, va_list ap)
{
    return rinet_win32_vfwprintf(stdout, fmt, ap);
}
RINET_WIN32_FN int rinet_win32_wprintf(const WCHAR *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = rinet_win32_vfwprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

/* swprintf (ISO form, with a count): at most n - 1 units and a NUL; -1 when the output did not
 * fit (it is then truncated). */
RINET_WIN32_FN int rinet_win32_vswprintf(WCHAR *d, size_t n, const WCHAR *fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t units;
    if (rinet_win32_format_w(&sb, fmt, ap) != 0)
        return -1;
    units = rinet_win32_utf8_to_wbuf(sb.buf, sb.len, d, d ? n : 0);
    free(sb.buf);
    if (units >= n || units > (size_t)INT_MAX)
        return -1;
    return (int)units;
}
RINET_WIN32_FN int rinet_win32_swprintf(WCHAR *d, size_t n, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vswprintf(d, n, fmt, ap);
    va_end(ap);
    return r;
}
#ifdef __cplusplus
/* The old two-argument swprintf, which Microsoft's C++ library still offers. */
RINET_WIN32_FN int rinet_win32_swprintf(WCHAR *d, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vswprintf(d, (size_t)INT_MAX, fmt, ap);
    va_end(ap);
    return r;
}
#endif

/* The old two-argument swprintf (_swprintf, and _stprintf in a _UNICODE build): no bound. */
RINET_WIN32_FN int rinet_win32_swprintf_unbounded(WCHAR *d, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vswprintf(d, (size_t)INT_MAX, fmt, ap);
    va_end(ap);
    return r;
}
RINET_WIN32_FN int rinet_win32_vswprintf_unbounded(WCHAR *d, const WCHAR *fmt, va_list ap)
{
    return rinet_win32_vswprintf(d, (size_t)INT_MAX, fmt, ap);
}

/* _snwprintf: as _snprintf, in units. */
RINET_WIN32_FN int rinet_win32_vsnwprintf_ms(WCHAR *d, size_t n, const WCHAR *fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t units;
    WCHAR *tmp;
    int r;
    if (rinet_win32_format_w(&sb, fmt, ap) != 0)
        return -1;
    units = rinet_win32_utf8_wide_len(sb.buf, sb.len);
    tmp = (WCHAR *)malloc((units + 1) * sizeof(WCHAR));
    if (tmp == NULL) {
        free(sb.buf);
        return -1;
    }
    rinet_win32_utf8_to_wbuf(sb.buf, sb.len, tmp, units + 1);
    free(sb.buf);
    if (units < n) {
        rinet_win32_wmemcpy(d, tmp, units + 1);
        r = (int)units;
    } else {
        rinet_win32_wmemcpy(d, tmp, n);
        r = units == n ? (int)n : -1;
    }
    free(tmp);
    return r;
}
RINET_WIN32_FN int rinet_win32_snwprintf_ms(WCHAR *d, size_t n, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnwprintf_ms(d, n, fmt, ap);
    va_end(ap);
    return r;
}

/* swprintf_s / _snwprintf_s: as sprintf_s / _snprintf_s, in units. */
RINET_WIN32_FN int rinet_win32_vsnwprintf_s(WCHAR *d, size_t size, size_t count, const WCHAR *fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t units, limit;
    int r;
    if (d == NULL || size == 0 || fmt == NULL) {
        errno = EINVAL;
        return -1;
    }
    if (rinet_win32_format_w(&sb, fmt, ap) != 0) {
        d[0] = 0;
        return -1;
    }
    limit = count < size - 1 ? count : size - 1;
    units = rinet_win32_utf8_wide_len(sb.buf, sb.len);
    if (units <= limit) {
        rinet_win32_utf8_to_wbuf(sb.buf, sb.len, d, units + 1);
        r = (int)units;
    } else if (count == _TRUNCATE || count < size) {
        rinet_win32_utf8_to_wbuf(sb.buf, sb.len, d, limit + 1);
        r = count == _TRUNCATE ? -1 : (int)rinet_win32_wcslen(d);
    } else {
        d[0] = 0;
        errno = ERANGE;
        r = -1;
    }
    free(sb.buf);
    return r;
}
RINET_WIN32_FN int rinet_win32_swprintf_s(WCHAR *d, size_t size, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnwprintf_s(d, size, (size_t)-2, fmt, ap);
    va_end(ap);
    return r;
}
RINET_WIN32_FN int rinet_win32_vswprintf_s(WCHAR *d, size_t size, const WCHAR *fmt, va_list ap)
{
    return rinet_win32_vsnwprintf_s(d, size, (size_t)-2, fmt, ap);
}
RINET_WIN32_FN int rinet_win32_snwprintf_s(WCHAR *d, size_t size, size_t count, const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vsnwprintf_s(d, size, count, fmt, ap);
    va_end(ap);
    return r;
}
RINET_WIN32_FN int rinet_win32_vscwprintf(const WCHAR *fmt, va_list ap)
{
    rinet_win32_sb sb;
    int r;
    if (rinet_win32_format_w(&sb, fmt, ap) != 0)
        return -1;
    r = (int)rinet_win32_utf8_wide_len(sb.buf, sb.len);
    free(sb.buf);
    return r;
}
RINET_WIN32_FN int rinet_win32_scwprintf(const WCHAR *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = rinet_win32_vscwprintf(fmt, ap);
    va_end(ap);
    return r;
}

/* Wide text to streams, as UTF-8. */
RINET_WIN32_FN int rinet_win32_fputws(const WCHAR *s, FILE *f)
{
    size_t n = 0;
    char *u = rinet_win32_wide_to_utf8(s, (size_t)-1, &n);
    int r;
    if (u == NULL)
        return -1;
    r = fwrite(u, 1, n, f) == n ? 0 : -1;
    free(u);
    return r;
}
RINET_WIN32_FN wint_t rinet_win32_fputwc(WCHAR c, FILE *f)
{
    unsigned char tmp[4];
    uint32_t cp = (uint32_t)c;
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    n = rinet_win32_utf8_put(cp, tmp);
    return fwrite(tmp, 1, n, f) == n ? (wint_t)c : (wint_t)WEOF;
}
RINET_WIN32_FN int rinet_win32_putws(const WCHAR *s)
{
    if (rinet_win32_fputws(s, stdout) != 0 || fputc('\n', stdout) == EOF)
        return -1;
    return 0;
}

/* ---- wsprintf --------------------------------------------------------------------------- */
/* wsprintf writes at most 1024 characters, the NUL included, as on Windows, and returns the
 * number written without the NUL. */
RINET_WIN32_FN int wvsprintfA(LPSTR d, LPCSTR fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t k;
    if (d == NULL || rinet_win32_format_a(&sb, fmt, ap) != 0)
        return -1;
    k = sb.len < 1023 ? sb.len : 1023;
    memcpy(d, sb.buf, k);
    d[k] = 0;
    free(sb.buf);
    return (int)k;
}
RINET_WIN32_FN int WINAPIV wsprintfA(LPSTR d, LPCSTR fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = wvsprintfA(d, fmt, ap);
    va_end(ap);
    return r;
}
RINET_WIN32_FN int wvsprintfW(LPWSTR d, LPCWSTR fmt, va_list ap)
{
    rinet_win32_sb sb;
    size_t units;
    if (d == NULL || rinet_win32_format_w(&sb, fmt, ap) != 0)
        return -1;
    units = rinet_win32_utf8_to_wbuf(sb.buf, sb.len, d, 1024);
    free(sb.buf);
    return (int)(units < 1023 ? units : rinet_win32_wcslen(d));
}
RINET_WIN32_FN int WINAPIV wsprintfW(LPWSTR d, LPCWSTR fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = wvsprintfW(d, fmt, ap);
    va_end(ap);
    return r;
}

/* The Microsoft C library's names, always. */
#ifndef RINET_WIN32_NO_CRT_NAMES
#define _snprintf rinet_win32_snprintf_ms
#define _vsnprintf rinet_win32_vsnprintf_ms
#define sprintf_s rinet_win32_sprintf_s
#define vsprintf_s rinet_win32_vsprintf_s
#define _snprintf_s rinet_win32_snprintf_s
#define _vsnprintf_s rinet_win32_vsnprintf_s
#define _scprintf rinet_win32_scprintf
#define _vscprintf rinet_win32_vscprintf
#define printf_s rinet_win32_printf
#define fprintf_s rinet_win32_fprintf
#define vprintf_s rinet_win32_vprintf
#define vfprintf_s rinet_win32_vfprintf
#define _snwprintf rinet_win32_snwprintf_ms
#define _vsnwprintf rinet_win32_vsnwprintf_ms
#define swprintf_s rinet_win32_swprintf_s
#define vswprintf_s rinet_win32_vswprintf_s
#define _snwprintf_s rinet_win32_snwprintf_s
#define _vsnwprintf_s rinet_win32_vsnwprintf_s
#define _scwprintf rinet_win32_scwprintf
#define _vscwprintf rinet_win32_vscwprintf
#define wprintf_s rinet_win32_wprintf
#define fwprintf_s rinet_win32_fwprintf
#define vwprintf_s rinet_win32_vwprintf
#define vfwprintf_s rinet_win32_vfwprintf
#define _putws rinet_win32_putws
#define _swprintf rinet_win32_swprintf_unbounded
#define _vswprintf rinet_win32_vswprintf_unbounded

/* The C library's own names, so that %s means a wide string in wprintf (and %S, %ws, %I64d
 * work in printf), as Windows programs expect. */
#undef printf
#undef fprintf
#undef vprintf
#undef vfprintf
#undef sprintf
#undef snprintf
#undef vsprintf
#undef vsnprintf
#undef wprintf
#undef fwprintf
#undef vwprintf
#undef vfwprintf
#undef swprintf
#undef vswprintf
#undef fputws
#undef fputwc
#undef putwc
#undef putwchar
#define printf(...) rinet_win32_printf(__VA_ARGS__)
#define fprintf(...) rinet_win32_fprintf(__VA_ARGS__)
#define vprintf(...) rinet_win32_vprintf(__VA_ARGS__)
#define vfprintf(...) rinet_win32_vfprintf(__VA_ARGS__)
#define sprintf(...) rinet_win32_sprintf(__VA_ARGS__)
#define snprintf(...) rinet_win32_snprintf(__VA_ARGS__)
#define vsprintf(...) rinet_win32_vsprintf(__VA_ARGS__)
#define vsnprintf(...) rinet_win32_vsnprintf(__VA_ARGS__)
#define wprintf(...) rinet_win32_wprintf(__VA_ARGS__)
#define fwprintf(...) rinet_win32_fwprintf(__VA_ARGS__)
#define vwprintf(...) rinet_win32_vwprintf(__VA_ARGS__)
#define vfwprintf(...) rinet_win32_vfwprintf(__VA_ARGS__)
#define swprintf(...) rinet_win32_swprintf(__VA_ARGS__)
#define vswprintf(...) rinet_win32_vswprintf(__VA_ARGS__)
#define fputws(...) rinet_win32_fputws(__VA_ARGS__)
#define fputwc(...) rinet_win32_fputwc(__VA_ARGS__)
#define putwc(...) rinet_win32_fputwc(__VA_ARGS__)
#define putwchar(c) rinet_win32_fputwc((c), stdout)
#endif

#endif /* RINET_WIN32_PRINTF_H */
