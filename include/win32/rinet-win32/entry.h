/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/entry.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * Windows entry points. A program whose entry is wmain (or wWinMain / WinMain, or _tmain and
 * _tWinMain through <tchar.h>) links and runs: the kit supplies main, which converts the
 * arguments (UTF-8) to WCHAR and calls it. It works by making the name wmain a macro that, where
 * the program defines (or declares) wmain, also defines main once; so the name must be used
 * only to define or declare the entry point. main's result is the entry point's result.
 * Define RINET_WIN32_NO_ENTRY_POINTS to leave all of this out.
 *
 * GetCommandLine gives the program's command line, rebuilt from its arguments.
 */
#ifndef RINET_WIN32_ENTRY_H
#define RINET_WIN32_ENTRY_H

RINET_WIN32_BEGIN_C
/* The converted arguments, kept for the life of the program. */
RINET_WIN32_WEAK WCHAR **rinet_win32_wargv;
RINET_WIN32_WEAK WCHAR **rinet_win32_wenvp;
RINET_WIN32_WEAK char *rinet_win32_cmdline_a;
RINET_WIN32_WEAK WCHAR *rinet_win32_cmdline_w;
RINET_WIN32_END_C

/* The UTF-8 strings v[0..n) as a new NULL-terminated array of wide strings. */
RINET_WIN32_FN WCHAR **rinet_win32_widen_all(char **v)
{
    size_t n = 0, i;
    WCHAR **w;
    while (v != NULL && v[n] != NULL)
        n++;
    w = (WCHAR **)calloc(n + 1, sizeof *w);
    if (w == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        w[i] = rinet_win32_utf8_to_wide(v[i], (size_t)-1, NULL);
        if (w[i] == NULL)
            return NULL;
    }
    return w;
}

/* The command line rebuilt from argv: arguments separated by spaces, those with spaces, tabs or
 * quotes in double quotes with Windows' escaping. skip leaves out argv[0] (WinMain's
 * lpCmdLine). */
RINET_WIN32_FN char *rinet_win32_join_args(int argc, char **argv, int skip)
{
    rinet_win32_sb sb;
    int i;
    sb.buf = NULL;
    sb.len = sb.cap = 0;
    sb.oom = 0;
    rinet_win32_sb_put(&sb, "", 0);
    for (i = skip; i < argc; i++) {
        const char *a = argv[i];
        int quote = a[0] == 0 || strpbrk(a, " \t\"") != NULL;
        if (i > skip)
            rinet_win32_sb_put(&sb, " ", 1);
        if (!quote) {
            rinet_win32_sb_put(&sb, a, strlen(a));
            continue;
        }
        rinet_win32_sb_put(&sb, "\"", 1);
        for (; *a; a++) {
            size_t slashes = 0;
            while (a[slashes] == '\\')
                slashes++;
            if (a[slashes] == '"' || a[slashes] == 0) {
                size_t k;
                for (k = 0; k < slashes * 2; k++)
                    rinet_win32_sb_put(&sb, "\\", 1);
                a += slashes;
                if (*a == 0)
                    break;
                rinet_win32_sb_put(&sb, "\\\"", 2);
            } else {
                rinet_win32_sb_put(&sb, a, slashes + 1);
                a += slashes;
            }
        }
        rinet_win32_sb_put(&sb, "\"", 1);
    }
    if (sb.oom) {
        free(sb.buf);
        return NULL;
    }
    return sb.buf;
}

/* The program's arguments, read once from /proc/self/cmdline. */
RINET_WIN32_FN char *rinet_win32_read_cmdline(void)
{
    char *argv[256];
    char buf[32768];
    int argc = 0, fd;
    ssize_t n, i, start = 0;
    fd = open("/proc/self/cmdline", O_RDONLY);
    if (fd < 0)
        return rinet_win32_strdup("");
    n = rinet_win32_read_all(fd, buf, sizeof buf - 1, -1, 0);
    close(fd);
    if (n <= 0)
        return rinet_win32_strdup("");
    buf[n] = 0;
    for (i = 0; i <= n && argc < 255; i++)
        if (i == n || buf[i] == 0) {
            if (i > start || i < n)
                argv[argc++] = buf + start;
            start = i + 1;
            if (i == n - 1)
                break;
        }
    argv[argc] = NULL;
    return rinet_win32_join_args(argc, argv, 0);
}

RINET_WIN32_FN LPSTR GetCommandLineA(void)
{
    if (rinet_win32_cmdline_a == NULL) {
        char *c = rinet_win32_read_cmdline();
        char *expected = NULL;
        if (c != NULL &&
            !__atomic_compare_exchange_n(&rinet_win32_cmdline_a, &expected, c, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            free(c);
    }
    return rinet_win32_cmdline_a ? rinet_win32_cmdline_a : (LPSTR) "";
}

RINET_WIN32_FN LPWSTR GetCommandLineW(void)
{
    static WCHAR empty[1];
    if (rinet_win32_cmdline_w == NULL) {
        WCHAR *w = rinet_win32_utf8_to_wide(GetCommandLineA(), (size_t)-1, NULL);
        WCHAR *expected = NULL;
        if (w != NULL &&
            !__atomic_compare_exchange_n(&rinet_win32_cmdline_w, &expected, w, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            free(w);
    }
    return rinet_win32_cmdline_w ? rinet_win32_cmdline_w : empty;
}

#ifndef SW_SHOWDEFAULT
#define SW_HIDE 0
#define SW_SHOWNORMAL 1
#define SW_NORMAL 1
#define SW_SHOW 5
#define SW_SHOWDEFAULT 10
#endif

#if !defined(RINET_WIN32_NO_ENTRY_POINTS) && (defined(__GNUC__) || defined(__clang__))

/* The program's entry points, found by symbol: in C one name serves every parameter list; in
 * C++ a wmain with (int, wchar_t **) has C linkage and the other two forms are looked up by
 * their C++ names. */
RINET_WIN32_BEGIN_C
extern int rinet_win32_wmain_ref(int, WCHAR **, WCHAR **) __asm__("rinet_win32_user_wmain") RINET_WIN32_WEAK;
extern int rinet_win32_winmain_ref(HINSTANCE, HINSTANCE, LPSTR, int) __asm__("rinet_win32_user_winmain")
    RINET_WIN32_WEAK;
extern int rinet_win32_wwinmain_ref(HINSTANCE, HINSTANCE, LPWSTR, int) __asm__("rinet_win32_user_wwinmain")
    RINET_WIN32_WEAK;
RINET_WIN32_END_C
#ifdef __cplusplus
extern int rinet_win32_wmain_ref0(void) __asm__("_Z22rinet_win32_user_wmainv") RINET_WIN32_WEAK;
extern int rinet_win32_wmain_ref3(int, wchar_t **, wchar_t **) __asm__("_Z22rinet_win32_user_wmainiPPwS0_")
    RINET_WIN32_WEAK;
#endif

RINET_WIN32_BEGIN_C
int rinet_win32_wmain_start(int argc, char **argv, char **envp);
int rinet_win32_winmain_start(int argc, char **argv, char **envp);

/* main for a wmain program. */
RINET_WIN32_WEAK int rinet_win32_wmain_start(int argc, char **argv, char **envp)
{
    rinet_win32_wargv = rinet_win32_widen_all(argv);
    rinet_win32_wenvp = rinet_win32_widen_all(envp);
    if (rinet_win32_wargv == NULL || rinet_win32_wenvp == NULL) {
        fputs("out of memory converting the arguments\n", stderr);
        return 1;
    }
#ifdef __cplusplus
    if (rinet_win32_wmain_ref3)
        return rinet_win32_wmain_ref3(argc, rinet_win32_wargv, rinet_win32_wenvp);
    if (rinet_win32_wmain_ref0)
        return rinet_win32_wmain_ref0();
#endif
    return rinet_win32_wmain_ref(argc, rinet_win32_wargv, rinet_win32_wenvp);
}

/* main for a WinMain or wWinMain program: lpCmdLine is the arguments after the program's name. */
RINET_WIN32_WEAK int rinet_win32_winmain_start(int argc, char **argv, char **envp)
{
    char *line = rinet_win32_join_args(argc, argv, 1);
    (void)envp;
    if (line == NULL) {
        fputs("out of memory converting the arguments\n", stderr);
        return 1;
    }
    if (rinet_win32_wwinmain_ref) {
        WCHAR *wline = rinet_win32_utf8_to_wide(line, (size_t)-1, NULL);
        free(line);
        if (wline == NULL)
            return 1;
        rinet_win32_cmdline_w = wline;
        return rinet_win32_wwinmain_ref(GetModuleHandleA(NULL), NULL, wline, SW_SHOWDEFAULT);
    }
    rinet_win32_cmdline_a = line;
    return rinet_win32_winmain_ref(GetModuleHandleA(NULL), NULL, line, SW_SHOWDEFAULT);
}
RINET_WIN32_END_C

/* Defines main as an alias of start, once per translation unit (the assembler's .ifndef). */
#define RINET_WIN32_DEFINE_MAIN(start) \
    __asm__(".ifndef main\n\t.globl main\n\t.type main, %function\n\t.set main, " #start "\n.endif");

#ifdef __cplusplus
#define RINET_WIN32_WMAIN_DECL extern "C" int rinet_win32_user_wmain(int, wchar_t **);
#define RINET_WIN32_WINMAIN_DECL extern "C" int rinet_win32_user_winmain(HINSTANCE, HINSTANCE, LPSTR, int);
#define RINET_WIN32_WWINMAIN_DECL extern "C" int rinet_win32_user_wwinmain(HINSTANCE, HINSTANCE, LPWSTR, int);
#else
#define RINET_WIN32_WMAIN_DECL
#define RINET_WIN32_WINMAIN_DECL
#define RINET_WIN32_WWINMAIN_DECL
#endif

/* `int wmain(...)` becomes a harmless declaration (taking the return type written before the
 * name), main's definition, and `int rinet_win32_user_wmain(...)`, the program's function. */
#define wmain \
    rinet_win32_entry_tag(void); \
    RINET_WIN32_WMAIN_DECL RINET_WIN32_DEFINE_MAIN(rinet_win32_wmain_start) int rinet_win32_user_wmain
#define WinMain \
    rinet_win32_entry_tag(void); \
    RINET_WIN32_WINMAIN_DECL RINET_WIN32_DEFINE_MAIN(rinet_win32_winmain_start) int rinet_win32_user_winmain
#define wWinMain \
    rinet_win32_entry_tag(void); \
    RINET_WIN32_WWINMAIN_DECL RINET_WIN32_DEFINE_MAIN(rinet_win32_winmain_start) int rinet_win32_user_wwinmain

#endif /* entry points */

#endif /* RINET_WIN32_ENTRY_H */
