/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/crt.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * The Microsoft C library's file, directory and environment functions that Windows programs
 * call beside the Win32 API: the wide forms (_wfopen, _wremove, _wgetenv, ...), fopen_s,
 * _fileno, _setmode, _access, _mkdir, _getcwd and friends, and fgetws that works in both wchar_t
 * widths. Paths follow the kit's rule (a backslash is a separator).
 */
#ifndef RINET_WIN32_CRT_H
#define RINET_WIN32_CRT_H

RINET_WIN32_FN FILE *rinet_win32_fopen(const char *path, const char *mode)
{
    char *p = rinet_win32_path_a(path);
    char m[16];
    size_t i, k = 0;
    FILE *f;
    if (p == NULL || mode == NULL) {
        free(p);
        errno = EINVAL;
        return NULL;
    }
    /* 't' (text) and ',ccs=...' are Windows-only: binary and text are the same here. */
    for (i = 0; mode[i] && mode[i] != ',' && k < sizeof m - 1; i++)
        if (mode[i] != 't')
            m[k++] = mode[i];
    m[k] = 0;
    f = fopen(p, m);
    free(p);
    return f;
}

RINET_WIN32_FN FILE *rinet_win32_wfopen(const WCHAR *path, const WCHAR *mode)
{
    char *p = path ? rinet_win32_wide_to_utf8(path, (size_t)-1, NULL) : NULL;
    char *m = mode ? rinet_win32_wide_to_utf8(mode, (size_t)-1, NULL) : NULL;
    FILE *f = p && m ? rinet_win32_fopen(p, m) : NULL;
    free(p);
    free(m);
    return f;
}

RINET_WIN32_FN errno_t rinet_win32_fopen_s(FILE **out, const char *path, const char *mode)
{
    if (out == NULL)
        return EINVAL;
    *out = rinet_win32_fopen(path, mode);
    return *out ? 0 : errno;
}

RINET_WIN32_FN errno_t rinet_win32_wfopen_s(FILE **out, const WCHAR *path, const WCHAR *mode)
{
    if (out == NULL)
        return EINVAL;
    *out = rinet_win32_wfopen(path, mode);
    return *out ? 0 : errno;
}

/* Runs op on the converted path; -1 with errno on failure. */
RINET_WIN32_FN char *rinet_win32_wpath(const WCHAR *path)
{
    char *u = path ? rinet_win32_wide_to_utf8(path, (size_t)-1, NULL) : NULL;
    char *p = u ? rinet_win32_path_a(u) : NULL;
    free(u);
    if (p == NULL)
        errno = EINVAL;
    return p;
}

RINET_WIN32_FN int rinet_win32_remove(const char *path)
{
    char *p = rinet_win32_path_a(path);
    int rc = p ? remove(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_wremove(const WCHAR *path)
{
    char *p = rinet_win32_wpath(path);
    int rc = p ? remove(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_unlink(const char *path)
{
    char *p = rinet_win32_path_a(path);
    int rc = p ? unlink(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_wunlink(const WCHAR *path)
{
    char *p = rinet_win32_wpath(path);
    int rc = p ? unlink(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_wrename(const WCHAR *from, const WCHAR *to)
{
    char *a = rinet_win32_wpath(from), *b = rinet_win32_wpath(to);
    int rc = a && b ? rename(a, b) : -1;
    free(a);
    free(b);
    return rc;
}
/* _access: mode 0 exists, 2 writable, 4 readable, 6 both. */
RINET_WIN32_FN int rinet_win32_access(const char *path, int mode)
{
    char *p = rinet_win32_path_a(path);
    int m = (mode & 2 ? W_OK : 0) | (mode & 4 ? R_OK : 0);
    int rc = p ? access(p, m ? m : F_OK) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_waccess(const WCHAR *path, int mode)
{
    char *p = rinet_win32_wpath(path);
    int rc = p ? rinet_win32_access(p, mode) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_mkdir(const char *path)
{
    char *p = rinet_win32_path_a(path);
    int rc = p ? mkdir(p, 0777) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_wmkdir(const WCHAR *path)
{
    char *p = rinet_win32_wpath(path);
    int rc = p ? mkdir(p, 0777) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_rmdir(const char *path)
{
    char *p = rinet_win32_path_a(path);
    int rc = p ? rmdir(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_wrmdir(const WCHAR *path)
{
    char *p = rinet_win32_wpath(path);
    int rc = p ? rmdir(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_chdir_crt(const char *path)
{
    char *p = rinet_win32_path_a(path);
    int rc = p ? chdir(p) : -1;
    free(p);
    return rc;
}
RINET_WIN32_FN int rinet_win32_wchdir(const WCHAR *path)
{
    char *p = rinet_win32_wpath(path);
    int rc = p ? chdir(p) : -1;
    free(p);
    return rc;
}
/* _getcwd / _wgetcwd: NULL buf allocates (with malloc) at least n characters. */
RINET_WIN32_FN char *rinet_win32_getcwd(char *buf, int n)
{
    char dir[4096];
    size_t len;
    if (getcwd(dir, sizeof dir) == NULL)
        return NULL;
    len = strlen(dir);
    if (buf == NULL) {
        buf = (char *)malloc(len + 1 > (size_t)(n > 0 ? n : 0) ? len + 1 : (size_t)n);
        if (buf == NULL)
            return NULL;
    } else if (n <= 0 || len + 1 > (size_t)n) {
        errno = ERANGE;
        return NULL;
    }
    memcpy(buf, dir, len + 1);
    return buf;
}
RINET_WIN32_FN WCHAR *rinet_win32_wgetcwd(WCHAR *buf, int n)
{
    char dir[4096];
    size_t units;
    if (getcwd(dir, sizeof dir) == NULL)
        return NULL;
    units = rinet_win32_utf8_wide_len(dir, strlen(dir));
    if (buf == NULL) {
        size_t cap = units + 1 > (size_t)(n > 0 ? n : 0) ? units + 1 : (size_t)n;
        buf = (WCHAR *)malloc(cap * sizeof(WCHAR));
        if (buf == NULL)
            return NULL;
        n = (int)cap;
    } else if (n <= 0 || units + 1 > (size_t)n) {
        errno = ERANGE;
        return NULL;
    }
    rinet_win32_utf8_to_wbuf(dir, strlen(dir), buf, (size_t)n);
    return buf;
}

/* _wgetenv: the value as a wide string that stays valid for the life of the program (each
 * distinct value is converted once). */
typedef struct rinet_win32_wenv {
    struct rinet_win32_wenv *next;
    char *utf8;
    WCHAR *wide;
} rinet_win32_wenv;
RINET_WIN32_BEGIN_C
RINET_WIN32_WEAK rinet_win32_wenv *rinet_win32_wenv_list;
RINET_WIN32_END_C
RINET_WIN32_FN WCHAR *rinet_win32_wgetenv(const WCHAR *name)
{
    char *n = name ? rinet_win32_wide_to_utf8(name, (size_t)-1, NULL) : NULL;
    const char *v = n ? getenv(n) : NULL;
    rinet_win32_wenv *e;
    WCHAR *result = NULL;
    free(n);
    if (v == NULL)
        return NULL;
    rinet_win32_enter();
    for (e = rinet_win32_wenv_list; e; e = e->next)
        if (strcmp(e->utf8, v) == 0) {
            result = e->wide;
            break;
        }
    if (result == NULL) {
        e = (rinet_win32_wenv *)calloc(1, sizeof *e);
        if (e != NULL) {
            e->utf8 = rinet_win32_strdup(v);
            e->wide = rinet_win32_utf8_to_wide(v, (size_t)-1, NULL);
            if (e->utf8 && e->wide) {
                e->next = rinet_win32_wenv_list;
                rinet_win32_wenv_list = e;
                result = e->wide;
            } else {
                free(e->utf8);
                free(e->wide);
                free(e);
            }
        }
    }
    rinet_win32_leave();
    return result;
}

/* fgetws: a line (UTF-8 on the stream) as wide units, at most n - 1 of them and a NUL. */
RINET_WIN32_FN WCHAR *rinet_win32_fgetws(WCHAR *buf, int n, FILE *f)
{
    int used = 0;
    if (buf == NULL || n <= 0)
        return NULL;
    while (used < n - 1) {
        unsigned char seq[4];
        int c = fgetc(f), len, i, bad = 0;
        uint32_t cp;
        if (c == EOF)
            break;
        seq[0] = (unsigned char)c;
        len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        for (i = 1; i < len; i++) {
            int d = fgetc(f);
            if (d == EOF)
                break;
            seq[i] = (unsigned char)d;
        }
        rinet_win32_utf8_next(seq, (size_t)i, &cp, &bad);
        if ((int)rinet_win32_wide_units(cp) > n - 1 - used)
            break;
        rinet_win32_wide_put(cp, buf + used);
        used += (int)rinet_win32_wide_units(cp);
        if (cp == '\n')
            break;
    }
    if (used == 0)
        return NULL;
    buf[used] = 0;
    return buf;
}

/* _setmode: text and binary mode are the same here; returns the previous mode (binary). */
#ifndef _O_BINARY
#define _O_BINARY 0x8000
#endif
#ifndef _O_TEXT
#define _O_TEXT 0x4000
#endif
#ifndef _O_WTEXT
#define _O_WTEXT 0x10000
#endif
#ifndef _O_U8TEXT
#define _O_U8TEXT 0x40000
#endif
#ifndef _O_U16TEXT
#define _O_U16TEXT 0x20000
#endif
#ifndef O_BINARY
#define O_BINARY _O_BINARY
#endif
#ifndef O_TEXT
#define O_TEXT _O_TEXT
#endif
RINET_WIN32_FN int rinet_win32_setmode(int fd, int mode)
{
    (void)fd;
    (void)mode;
    return _O_BINARY;
}

#ifndef RINET_WIN32_NO_CRT_NAMES
#define _wfopen rinet_win32_wfopen
#define _wfopen_s rinet_win32_wfopen_s
#define fopen_s rinet_win32_fopen_s
#define _fsopen(p, m, s) rinet_win32_fopen((p), (m))
#define _wfsopen(p, m, s) rinet_win32_wfopen((p), (m))
#define _wremove rinet_win32_wremove
#define _wrename rinet_win32_wrename
#define _unlink rinet_win32_unlink
#define _wunlink rinet_win32_wunlink
#define _access rinet_win32_access
#define _waccess rinet_win32_waccess
#define _access_s(p, m) (rinet_win32_access((p), (m)) == 0 ? 0 : errno)
#define _mkdir rinet_win32_mkdir
#define _wmkdir rinet_win32_wmkdir
#define _rmdir rinet_win32_rmdir
#define _wrmdir rinet_win32_wrmdir
#define _chdir rinet_win32_chdir_crt
#define _wchdir rinet_win32_wchdir
#define _getcwd rinet_win32_getcwd
#define _wgetcwd rinet_win32_wgetcwd
#define _wgetenv rinet_win32_wgetenv
#define _fileno fileno
#define _isatty isatty
#define _setmode rinet_win32_setmode
#define _getpid getpid
#define _fseeki64 fseeko
#define _ftelli64 ftello
#define _fgetws rinet_win32_fgetws
#undef fgetws
#define fgetws rinet_win32_fgetws
#define _putenv putenv
#define _strerror strerror
#define _fcloseall() 0
#endif

#endif /* RINET_WIN32_CRT_H */
