/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * tchar.h -- rinet's Win32 porting headers: the generic-text names of the Microsoft C library.
 *
 * With _UNICODE defined, _TCHAR is wchar_t, _T("x") is L"x", _tmain is wmain and the _t names
 * are the wide functions (_tprintf is wprintf, _tcslen wcslen, ...); without it they are the
 * narrow ones (_tmain is main, _tprintf printf, _tcslen strlen). As in the Windows SDK this
 * follows _UNICODE, while <windows.h>'s TCHAR follows UNICODE: define both for a Unicode build.
 * The printf names follow Microsoft's rules (see rinet-win32/printf.h); the string names work
 * in both wchar_t widths.
 */
#ifndef RINET_WIN32_TCHAR_H
#define RINET_WIN32_TCHAR_H

#include "windows.h"

#ifdef _UNICODE

typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wchar_t _TXCHAR;
typedef wint_t _TINT;
#define __T(x) L##x
#define _TEOF WEOF

#define _tmain wmain
#define _tWinMain wWinMain
#define _tenviron _wenviron

#define _tprintf rinet_win32_wprintf
#define _tprintf_s rinet_win32_wprintf
#define _ftprintf rinet_win32_fwprintf
#define _ftprintf_s rinet_win32_fwprintf
#define _vtprintf rinet_win32_vwprintf
#define _vftprintf rinet_win32_vfwprintf
#define _stprintf rinet_win32_swprintf_unbounded
#define _vstprintf rinet_win32_vswprintf_unbounded
#define _stprintf_s rinet_win32_swprintf_s
#define _vstprintf_s rinet_win32_vswprintf_s
#define _sntprintf rinet_win32_snwprintf_ms
#define _vsntprintf rinet_win32_vsnwprintf_ms
#define _sntprintf_s rinet_win32_snwprintf_s
#define _vsntprintf_s rinet_win32_vsnwprintf_s
#define _sctprintf rinet_win32_scwprintf
#define _vsctprintf rinet_win32_vscwprintf
#define _fputts rinet_win32_fputws
#define _fputtc rinet_win32_fputwc
#define _puttc rinet_win32_fputwc
#define _puttchar(c) rinet_win32_fputwc((c), stdout)
#define _putts rinet_win32_putws
#define _fgetts rinet_win32_fgetws

#define _tcslen rinet_win32_wcslen
#define _tcsnlen rinet_win32_wcsnlen
#define _tcsclen rinet_win32_wcslen
#define _tcscpy rinet_win32_wcscpy
#define _tcsncpy rinet_win32_wcsncpy
#define _tcscat rinet_win32_wcscat
#define _tcsncat rinet_win32_wcsncat
#define _tcscmp rinet_win32_wcscmp
#define _tcsncmp rinet_win32_wcsncmp
#define _tcsnccmp rinet_win32_wcsncmp
#define _tcsicmp rinet_win32_wcsicmp
#define _tcsnicmp rinet_win32_wcsnicmp
#define _tcsncicmp rinet_win32_wcsnicmp
#define _tcschr rinet_win32_wcschr
#define _tcsrchr rinet_win32_wcsrchr
#define _tcsstr rinet_win32_wcsstr
#define _tcsspn rinet_win32_wcsspn
#define _tcscspn rinet_win32_wcscspn
#define _tcspbrk rinet_win32_wcspbrk
#define _tcstok(s, d) rinet_win32_wcstok((s), (d), &rinet_win32_tcstok_state)
#define _tcstok_s rinet_win32_wcstok
#define _tcsdup rinet_win32_wcsdup
#define _tcsupr rinet_win32_wcsupr
#define _tcslwr rinet_win32_wcslwr
#define _tcscpy_s rinet_win32_wcscpy_s
#define _tcsncpy_s rinet_win32_wcsncpy_s
#define _tcscat_s rinet_win32_wcscat_s
#define _tcsncat_s rinet_win32_wcsncat_s
#define _tcstol rinet_win32_wcstol
#define _tcstoul rinet_win32_wcstoul
#define _tcstoi64 rinet_win32_wcstoll
#define _tcstoui64 rinet_win32_wcstoull
#define _tcstod rinet_win32_wcstod
#define _ttoi rinet_win32_wtoi
#define _ttol rinet_win32_wtol
#define _ttoi64 rinet_win32_wtoll
#define _tstoi rinet_win32_wtoi
#define _tstol rinet_win32_wtol
#define _tstoi64 rinet_win32_wtoll
#define _ttof rinet_win32_wtof
#define _tstof rinet_win32_wtof
#define _itot rinet_win32_itow
#define _ltot(v, b, r) rinet_win32_i64tow((long long)(v), (b), (r))
#define _ultot rinet_win32_ultow
#define _i64tot rinet_win32_i64tow
#define _tcsinc(p) ((p) + 1)
#define _tcsdec(start, p) ((p) > (start) ? (p)-1 : NULL)
#define _tcsnextc(p) ((unsigned int)*(p))

#define _tfopen rinet_win32_wfopen
#define _tfopen_s rinet_win32_wfopen_s
#define _tfsopen(p, m, s) rinet_win32_wfopen((p), (m))
#define _tremove rinet_win32_wremove
#define _trename rinet_win32_wrename
#define _tunlink rinet_win32_wunlink
#define _taccess rinet_win32_waccess
#define _tmkdir rinet_win32_wmkdir
#define _trmdir rinet_win32_wrmdir
#define _tchdir rinet_win32_wchdir
#define _tgetcwd rinet_win32_wgetcwd
#define _tgetenv rinet_win32_wgetenv

#define _istalpha iswalpha
#define _istdigit iswdigit
#define _istxdigit iswxdigit
#define _istalnum iswalnum
#define _istspace iswspace
#define _istupper iswupper
#define _istlower iswlower
#define _istprint iswprint
#define _istpunct iswpunct
#define _istcntrl iswcntrl
#define _istgraph iswgraph
#define _istascii(c) ((unsigned)(c) < 0x80)
#define _totupper towupper
#define _totlower towlower

#else /* _UNICODE */

typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef unsigned char _TXCHAR;
typedef int _TINT;
#define __T(x) x
#define _TEOF EOF

#define _tmain main
#define _tWinMain WinMain
#define _tenviron environ

#define _tprintf rinet_win32_printf
#define _tprintf_s rinet_win32_printf
#define _ftprintf rinet_win32_fprintf
#define _ftprintf_s rinet_win32_fprintf
#define _vtprintf rinet_win32_vprintf
#define _vftprintf rinet_win32_vfprintf
#define _stprintf rinet_win32_sprintf
#define _vstprintf rinet_win32_vsprintf
#define _stprintf_s rinet_win32_sprintf_s
#define _vstprintf_s rinet_win32_vsprintf_s
#define _sntprintf rinet_win32_snprintf_ms
#define _vsntprintf rinet_win32_vsnprintf_ms
#define _sntprintf_s rinet_win32_snprintf_s
#define _vsntprintf_s rinet_win32_vsnprintf_s
#define _sctprintf rinet_win32_scprintf
#define _vsctprintf rinet_win32_vscprintf
#define _fputts fputs
#define _fputtc fputc
#define _puttc putc
#define _puttchar putchar
#define _putts puts
#define _fgetts fgets

#define _tcslen strlen
#define _tcsnlen rinet_win32_strnlen
#define _tcsclen strlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsnccmp strncmp
#define _tcsicmp rinet_win32_stricmp
#define _tcsnicmp rinet_win32_strnicmp
#define _tcsncicmp rinet_win32_strnicmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstok strtok
#define _tcstok_s rinet_win32_strtok
#define _tcsdup rinet_win32_strdup
#define _tcsupr rinet_win32_strupr
#define _tcslwr rinet_win32_strlwr
#define _tcscpy_s rinet_win32_strcpy_s
#define _tcsncpy_s rinet_win32_strncpy_s
#define _tcscat_s rinet_win32_strcat_s
#define _tcsncat_s rinet_win32_strncat_s
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoi64 strtoll
#define _tcstoui64 strtoull
#define _tcstod strtod
#define _ttoi atoi
#define _ttol atol
#define _ttoi64 atoll
#define _tstoi atoi
#define _tstol atol
#define _tstoi64 atoll
#define _ttof atof
#define _tstof atof
#define _itot rinet_win32_itoa
#define _ltot(v, b, r) rinet_win32_lltoa((long long)(v), (b), (r))
#define _ultot rinet_win32_ultoa
#define _i64tot rinet_win32_i64toa
#define _tcsinc(p) ((p) + 1)
#define _tcsdec(start, p) ((p) > (start) ? (p)-1 : NULL)
#define _tcsnextc(p) ((unsigned int)(unsigned char)*(p))

#define _tfopen rinet_win32_fopen
#define _tfopen_s rinet_win32_fopen_s
#define _tfsopen(p, m, s) rinet_win32_fopen((p), (m))
#define _tremove rinet_win32_remove
#define _trename rename
#define _tunlink rinet_win32_unlink
#define _taccess rinet_win32_access
#define _tmkdir rinet_win32_mkdir
#define _trmdir rinet_win32_rmdir
#define _tchdir rinet_win32_chdir_crt
#define _tgetcwd rinet_win32_getcwd
#define _tgetenv getenv

#define _istalpha isalpha
#define _istdigit isdigit
#define _istxdigit isxdigit
#define _istalnum isalnum
#define _istspace isspace
#define _istupper isupper
#define _istlower islower
#define _istprint isprint
#define _istpunct ispunct
#define _istcntrl iscntrl
#define _istgraph isgraph
#define _istascii(c) ((unsigned)(c) < 0x80)
#define _totupper toupper
#define _totlower tolower

#endif /* _UNICODE */

#undef _T
#undef _TEXT
#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#ifdef _UNICODE
/* _tcstok's position between calls (strtok keeps its own). */
RINET_WIN32_BEGIN_C
RINET_WIN32_WEAK WCHAR *rinet_win32_tcstok_state;
RINET_WIN32_END_C
#endif

#endif /* RINET_WIN32_TCHAR_H */
