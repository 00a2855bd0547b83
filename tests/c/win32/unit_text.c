/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unit_text.c -- unit tests of the Win32 porting headers' text functions, in both wchar_t
 * widths: MultiByteToWideChar and WideCharToMultiByte sizing and error rules, lstr*, the
 * StringCch / StringCb functions and their HRESULTs, wsprintf and the MSVC printf rules,
 * FormatMessage (WinInet's texts, system texts, inserts, ALLOCATE_BUFFER) and GetProcAddress.
 *
 * rinet-test-wchar: both
 */
#include <windows.h>
#include <strsafe.h>
#include <winternl.h>

#include "w32check.h"

#if RINET_WIN32_WCHAR_UTF16
#define EMOJI_UNITS 2
#else
#define EMOJI_UNITS 1
#endif

static void conversions(void)
{
    /* "h", U+00E9, U+1F600 */
    const char *utf8 = "h\xc3\xa9\xf0\x9f\x98\x80";
    WCHAR w[16];
    char a[16];
    BOOL used = TRUE;
    int n;

    CHECK_EQ("MB2WC size with the NUL", MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0), 3 + EMOJI_UNITS);
    CHECK_EQ("MB2WC size without the NUL", MultiByteToWideChar(CP_UTF8, 0, utf8, 7, NULL, 0), 2 + EMOJI_UNITS);
    n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, 16);
    CHECK_EQ("MB2WC converts", n, 3 + EMOJI_UNITS);
    CHECK("MB2WC units", w[0] == L'h' && w[1] == 0xE9 && w[n - 1] == 0);
#if RINET_WIN32_WCHAR_UTF16
    CHECK("MB2WC surrogate pair", (unsigned)w[2] == 0xD83D && (unsigned)w[3] == 0xDE00);
#else
    CHECK("MB2WC one unit", (unsigned)w[2] == 0x1F600);
#endif
    CHECK_EQ("MB2WC too small", MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, 2), 0);
    CHECK_EQ("MB2WC too small error", GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("MB2WC zero length", MultiByteToWideChar(CP_UTF8, 0, utf8, 0, w, 16), 0);
    CHECK_EQ("MB2WC zero length error", GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ("MB2WC bad code page", MultiByteToWideChar(12345, 0, utf8, -1, w, 16), 0);
    CHECK_EQ("MB2WC bad code page error", GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ("MB2WC bad flags for UTF-8", MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, utf8, -1, w, 16), 0);
    CHECK_EQ("MB2WC bad flags error", GetLastError(), ERROR_INVALID_FLAGS);
    CHECK_EQ("MB2WC ACP is UTF-8", MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED, utf8, -1, NULL, 0), 3 + EMOJI_UNITS);
    CHECK_EQ("MB2WC invalid strict", MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff", 2, w, 16), 0);
    CHECK_EQ("MB2WC invalid strict error", GetLastError(), ERROR_NO_UNICODE_TRANSLATION);
    n = MultiByteToWideChar(CP_UTF8, 0, "a\xffz\xe2\x82", 5, w, 16);
    CHECK("MB2WC invalid replaced", n == 4 && w[0] == L'a' && w[1] == 0xFFFD && w[2] == L'z' && w[3] == 0xFFFD);
    n = MultiByteToWideChar(1252, 0, "\x80\xe9", 2, w, 16);
    CHECK("MB2WC 1252", n == 2 && w[0] == 0x20AC && w[1] == 0xE9);

    n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, 16);
    CHECK_EQ("WC2MB size with the NUL", WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL), 8);
    CHECK_EQ("WC2MB size without the NUL", WideCharToMultiByte(CP_UTF8, 0, w, n - 1, NULL, 0, NULL, NULL), 7);
    CHECK_EQ("WC2MB converts", WideCharToMultiByte(CP_UTF8, 0, w, -1, a, 16, NULL, NULL), 8);
    CHECK_STR("WC2MB bytes", a, utf8);
    CHECK_EQ("WC2MB too small", WideCharToMultiByte(CP_UTF8, 0, w, -1, a, 3, NULL, NULL), 0);
    CHECK_EQ("WC2MB too small error", GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    CHECK_EQ("WC2MB UTF-8 takes no default char", WideCharToMultiByte(CP_UTF8, 0, w, -1, a, 16, NULL, &used), 0);
    CHECK_EQ("WC2MB UTF-8 default char error", GetLastError(), ERROR_INVALID_PARAMETER);
    w[0] = 0x20AC;
    w[1] = 0x4E2D;
    w[2] = 0;
    CHECK_EQ("WC2MB 1252", WideCharToMultiByte(1252, 0, w, -1, a, 16, NULL, &used), 3);
    CHECK("WC2MB 1252 bytes and default", (unsigned char)a[0] == 0x80 && a[1] == '?' && used == TRUE);
    w[0] = (WCHAR)0xD800; /* a lone surrogate in UTF-16, an invalid scalar in UTF-32 */
    w[1] = L'x';
    w[2] = 0;
    CHECK_EQ("WC2MB ill-formed replaced", WideCharToMultiByte(CP_UTF8, 0, w, -1, a, 16, NULL, NULL), 5);
    CHECK_STR("WC2MB U+FFFD", a, "\xef\xbf\xbdx");
    CHECK_EQ("WC2MB ill-formed strict", WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, a, 16, NULL, NULL),
             0);
    CHECK_EQ("WC2MB ill-formed strict error", GetLastError(), ERROR_NO_UNICODE_TRANSLATION);
}

static void lstr(void)
{
    char a[8];
    WCHAR w[8];
    CHECK_EQ("lstrlenA", lstrlenA("abc"), 3);
    CHECK_EQ("lstrlenA(NULL)", lstrlenA(NULL), 0);
    CHECK_EQ("lstrlenW", lstrlenW(L"abcd"), 4);
    CHECK_STR("lstrcpynA truncates to n - 1", lstrcpynA(a, "abcdef", 4), "abc");
    lstrcpyW(w, L"ab");
    lstrcatW(w, L"cd");
    CHECK_WSTR("lstrcpyW + lstrcatW", w, L"abcd");
    CHECK_EQ("lstrcmpiA equal", lstrcmpiA("HeLLo", "hello"), 0);
    CHECK("lstrcmpA orders", lstrcmpA("abc", "abd") < 0 && lstrcmpA("b", "a") > 0);
    CHECK_EQ("lstrcmpiW", lstrcmpiW(L"WinInet", L"WININET"), 0);
    CHECK_EQ("_stricmp", _stricmp("Content-Length", "content-length"), 0);
    CHECK_EQ("_wcsnicmp", _wcsnicmp(L"GETX", L"get", 3), 0);
    CHECK_EQ("_wtoi", _wtoi(L"  -123abc"), -123);
}

static void strsafe(void)
{
    char a[8];
    WCHAR w[8];
    char *end = NULL;
    size_t left = 0, len = 99;

    CHECK_EQ("StringCchCopyA fits", StringCchCopyA(a, 8, "abc"), S_OK);
    CHECK_STR("StringCchCopyA text", a, "abc");
    CHECK_EQ("StringCchCopyA truncates", StringCchCopyA(a, 4, "abcdef"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR("StringCchCopyA truncated text", a, "abc");
    CHECK_EQ("StringCchCopyA exact fit", StringCchCopyA(a, 4, "abc"), S_OK);
    CHECK_EQ("StringCchCopyA size 0", StringCchCopyA(a, 0, "x"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ("StringCchCopyA size too big", StringCchCopyA(a, (size_t)STRSAFE_MAX_CCH + 1, "x"),
             STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ("StringCchCatA", StringCchCatA(a, 8, "defg"), S_OK);
    CHECK_STR("StringCchCatA text", a, "abcdefg");
    CHECK_EQ("StringCchCatA full", StringCchCatA(a, 8, "h"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR("StringCchCatA full text", a, "abcdefg");
    memset(a, 'x', sizeof a);
    CHECK_EQ("StringCchCatA unterminated", StringCchCatA(a, 8, "h"), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ("StringCchLengthA", StringCchLengthA("hello", 8, &len), S_OK);
    CHECK_EQ("StringCchLengthA value", len, 5);
    CHECK_EQ("StringCchLengthA unterminated", StringCchLengthA("hello", 5, &len), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ("StringCchLengthA failure length", len, 0);
    CHECK_EQ("StringCchPrintfA", StringCchPrintfA(a, 8, "%d-%s", 42, "ok"), S_OK);
    CHECK_STR("StringCchPrintfA text", a, "42-ok");
    CHECK_EQ("StringCchPrintfA truncates", StringCchPrintfA(a, 8, "%s", "123456789"),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR("StringCchPrintfA truncated text", a, "1234567");
    CHECK_EQ("StringCchCopyExA", StringCchCopyExA(a, 8, "abc", &end, &left, 0), S_OK);
    CHECK("StringCchCopyExA end and remaining", end == a + 3 && left == 5);
    CHECK_EQ("StringCchCopyExA no truncation", StringCchCopyExA(a, 4, "abcdef", &end, &left, STRSAFE_NO_TRUNCATION),
             STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_STR("StringCchCopyExA no truncation text", a, "");
    CHECK_EQ("StringCchCopyExA ignore nulls", StringCchCopyExA(a, 8, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), S_OK);
    CHECK_EQ("StringCchCopyExA NULL source", StringCchCopyExA(a, 8, NULL, NULL, NULL, 0), STRSAFE_E_INVALID_PARAMETER);
    CHECK_EQ("StringCchCopyW truncates", StringCchCopyW(w, 4, L"wide string"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_WSTR("StringCchCopyW text", w, L"wid");
    CHECK_EQ("StringCbCopyW in bytes", StringCbCopyW(w, 3 * sizeof(WCHAR), L"abc"), STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK_WSTR("StringCbCopyW text", w, L"ab");
    CHECK_EQ("StringCchPrintfW wide %s", StringCchPrintfW(w, 8, L"%s:%d", L"ab", 7), S_OK);
    CHECK_WSTR("StringCchPrintfW text", w, L"ab:7");
    CHECK_EQ("StringCbLengthW", StringCbLengthW(L"abc", 8 * sizeof(WCHAR), &len), S_OK);
    CHECK_EQ("StringCbLengthW bytes", len, 3 * sizeof(WCHAR));
}

static void formatting(void)
{
    char a[64];
    WCHAR w[64];
    CHECK_EQ("wsprintfA", wsprintfA(a, "%s-%d-%S-%c", "n", 5, L"w", 'c'), 7);
    CHECK_STR("wsprintfA text", a, "n-5-w-c");
    CHECK_EQ("wsprintfW", wsprintfW(w, L"%s %S %c%C", L"wide", "narrow", L'x', 'y'), 14);
    CHECK_WSTR("wsprintfW text", w, L"wide narrow xy");
    CHECK_EQ("swprintf MSVC rules", swprintf(w, 64, L"%s|%hs|%ls|%5.2f|%I64d|%ws", L"a", "b", L"c", 1.5,
                                             (long long)-9000000000LL, L"d"),
             25);
    CHECK_WSTR("swprintf text", w, L"a|b|c| 1.50|-9000000000|d");
    CHECK_EQ("swprintf too small", swprintf(w, 4, L"%s", L"abcdef"), (unsigned long long)-1);
    CHECK_WSTR("swprintf truncated", w, L"abc");
    CHECK_EQ("_snprintf fits", _snprintf(a, 8, "%d", 1234), 4);
    CHECK_EQ("_snprintf too long", _snprintf(a, 4, "%s", "abcdef"), (unsigned long long)-1);
    CHECK("_snprintf leaves no NUL", memcmp(a, "abcd", 4) == 0);
    CHECK_EQ("sprintf_s too small", sprintf_s(a, 4, "%s", "abcdef"), (unsigned long long)-1);
    CHECK_STR("sprintf_s empties", a, "");
    /* (through _snprintf: GCC's printf format check rejects MSVC's sizes) */
    CHECK_EQ("_snprintf %I64u", _snprintf(a, 64, "%I64u %Iu %lu", (unsigned long long)1 << 40, (size_t)7, 9u), 17);
    CHECK_STR("_snprintf %I64u text", a, "1099511627776 7 9");
    CHECK_EQ("snprintf %S", snprintf(a, 64, "[%S]", L"h\u00e9"), 5);
    CHECK_STR("snprintf %S text", a, "[h\xc3\xa9]");
    CHECK_EQ("_snprintf (null)", _snprintf(a, 64, "%s", (char *)NULL), 6);
}

static void messages(void)
{
    char a[256];
    WCHAR w[256];
    char *alloc = NULL;
    WCHAR *walloc = NULL;
    DWORD_PTR args[2];
    HMODULE wininet = GetModuleHandleA("wininet.dll");
    DWORD n;

    CHECK("GetModuleHandle(wininet.dll)", wininet != NULL && wininet == GetModuleHandleW(L"WININET"));
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, wininet, ERROR_INTERNET_CANNOT_CONNECT,
                       MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), a, sizeof a, NULL);
    CHECK_STR("FormatMessage WinInet text", a, "A connection with the server could not be established.\r\n");
    CHECK_EQ("FormatMessage WinInet length", n, strlen(a));
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_FILE_NOT_FOUND, 0, a, sizeof a, NULL);
    CHECK_STR("FormatMessage system text", a, "The system cannot find the file specified.\r\n");
    CHECK_EQ("FormatMessage WinInet code from the system table", FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL,
                                                                                12029, 0, a, sizeof a, NULL),
             0);
    CHECK_EQ("FormatMessage no text error", GetLastError(), ERROR_MR_MID_NOT_FOUND);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM, wininet, ERROR_INVALID_PARAMETER, 0,
                       a, sizeof a, NULL);
    CHECK_STR("FormatMessage falls back to the system table", a, "The parameter is incorrect.\r\n");
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS,
                       NULL, ERROR_ACCESS_DENIED, 0, (LPSTR)&alloc, 0, NULL);
    CHECK("FormatMessage ALLOCATE_BUFFER", n == 19 && alloc != NULL && strcmp(alloc, "Access is denied.\r\n") == 0);
    CHECK("LocalFree", LocalFree(alloc) == NULL);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, ERROR_ACCESS_DENIED, 0, a,
                       sizeof a, NULL);
    CHECK_STR("FormatMessage MAX_WIDTH_MASK", a, "Access is denied. ");
    CHECK_EQ("FormatMessage buffer too small", FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_ACCESS_DENIED, 0,
                                                              a, 5, NULL),
             0);
    CHECK_EQ("FormatMessage buffer too small error", GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    args[0] = (DWORD_PTR) "rinet";
    args[1] = 12;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1 has %2!d! parts%n%%", 0, 0, a,
                       sizeof a, (va_list *)args);
    CHECK_STR("FormatMessage inserts", a, "rinet has 12 parts\r\n%");
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%1 stays", 0, 0, a, sizeof a,
                       NULL);
    CHECK_STR("FormatMessage IGNORE_INSERTS", a, "%1 stays");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ALLOCATE_BUFFER, wininet,
                       ERROR_INTERNET_NAME_NOT_RESOLVED, 0, (LPWSTR)&walloc, 0, NULL);
    CHECK_WSTR("FormatMessageW WinInet text", walloc, L"The server name or address could not be resolved.\r\n");
    CHECK_EQ("FormatMessageW length", n, lstrlenW(walloc));
    LocalFree(walloc);
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_NOT_ENOUGH_MEMORY, 0, w, 256, NULL);
    CHECK_WSTR("FormatMessageW system text", w, L"Not enough memory resources are available to process this command.\r\n");

    CHECK("GetProcAddress(InternetOpenA)",
          GetProcAddress(wininet, "InternetOpenA") == (FARPROC)(void (*)(void))InternetOpenA);
    CHECK("GetProcAddress(InternetOpenW)",
          GetProcAddress(wininet, "InternetOpenW") == (FARPROC)(void (*)(void))InternetOpenW);
    CHECK("GetProcAddress missing", GetProcAddress(wininet, "NoSuchFunction") == NULL &&
                                        GetLastError() == ERROR_PROC_NOT_FOUND);
    {
        typedef ULONG(NTAPI * status_to_error)(NTSTATUS);
        status_to_error f = (status_to_error)(void (*)(void))GetProcAddress(GetModuleHandleW(L"ntdll.dll"),
                                                                           "RtlNtStatusToDosError");
        CHECK("RtlNtStatusToDosError found", f != NULL);
        CHECK_EQ("RtlNtStatusToDosError(STATUS_END_OF_FILE)", f ? f((NTSTATUS)0xC0000011) : 0, ERROR_HANDLE_EOF);
        CHECK_EQ("RtlNtStatusToDosError from winternl.h", RtlNtStatusToDosError(0), ERROR_SUCCESS);
    }
    CHECK("an unknown module", GetModuleHandleA("user32.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND);
}

int main(void)
{
    conversions();
    lstr();
    strsafe();
    formatting();
    messages();
    return w32_finish();
}
