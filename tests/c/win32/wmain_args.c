/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * wmain_args.c -- a UNICODE program whose entry point is wmain: the Win32 porting headers give
 * it main, which hands it its arguments as WCHAR. The test runs it with the arguments
 *     <host> <port> h\u00e9llo \u65e5\u672c \U0001F600 "two words"
 * and it checks each one unit by unit (UTF-16 with -fshort-wchar, UTF-32 otherwise), and
 * GetCommandLineW.
 *
 * rinet-test-wchar: both
 * rinet-test-cflags: -DUNICODE -D_UNICODE
 */
#include <windows.h>
#include <tchar.h>

#include "w32check.h"

int wmain(int argc, wchar_t *argv[]);

int wmain(int argc, wchar_t *argv[])
{
    static const WCHAR accented[] = {'h', 0xE9, 'l', 'l', 'o', 0};
    static const WCHAR cjk[] = {0x65E5, 0x672C, 0};
#if RINET_WIN32_WCHAR_UTF16
    static const WCHAR emoji[] = {0xD83D, 0xDE00, 0};
#else
    static const WCHAR emoji[] = {0x1F600, 0};
#endif
    LPWSTR line = GetCommandLineW();

    CHECK_EQ("sizeof(WCHAR)", sizeof(WCHAR), sizeof(wchar_t));
    CHECK_EQ("argc", argc, 7);
    if (argc != 7)
        return w32_finish();
    CHECK_WSTR("ASCII argument", argv[1], L"127.0.0.1");
    CHECK_WSTR("Latin-1 argument", argv[3], accented);
    CHECK_WSTR("CJK argument", argv[4], cjk);
    CHECK_WSTR("astral argument", argv[5], emoji);
    CHECK_EQ("astral argument length", _tcslen(argv[5]), sizeof emoji / sizeof emoji[0] - 1);
    CHECK_WSTR("argument with a space", argv[6], L"two words");
    CHECK("argv ends with NULL", argv[argc] == NULL);
    CHECK("GetCommandLineW quotes the spaced argument", _tcsstr(line, _T("\"two words\"")) != NULL);
    CHECK("GetCommandLineW holds the CJK argument", _tcsstr(line, cjk) != NULL);
    _tprintf(_T("ok printed with _tprintf: %s %s\n"), argv[3], argv[4]);
    return w32_finish();
}
