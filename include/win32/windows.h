/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * windows.h -- rinet's Win32 porting headers: the part of the Windows API that WinInet programs
 * use, over POSIX, so that such a program builds on Linux unchanged:
 *
 *     cc app.c -I <rinet>/include/win32 -I <rinet>/include -L <rinet>/lib -lrinet -lpthread
 *
 * (or `pkg-config --cflags --libs rinet-win32`). The folder also holds <tchar.h>, <strsafe.h>,
 * <process.h>, <io.h>, <winsock2.h>, <winternl.h>, the SDK's empty headers (<SDKDDKVer.h>,
 * <targetver.h>) and the other spellings real code uses (<Windows.h>, <WinInet.h>, ...).
 *
 * Everything is static inline in these headers: librinet exports only rinet_* names, and a
 * program needs no other library. The few pieces of state that must be one per process (the
 * lock behind every wait, the thread pool's queue, the converted arguments of wmain) are weak
 * symbols, merged by the linker.
 *
 * What the parts provide (each file's head says how each call behaves and where it differs from
 * Windows):
 *   rinet-win32/base.h    base types and handles (DWORD, WCHAR, TCHAR, HANDLE, LARGE_INTEGER,
 *                         OVERLAPPED, ...), calling-convention and SAL macros, constants and
 *                         error codes with Windows' values;
 *   rinet-win32/text.h    MultiByteToWideChar, WideCharToMultiByte, lstr*, CharUpper/Lower,
 *                         the MSVC C library's string names (_stricmp, _wtoi, strcpy_s, ...),
 *                         and wide-string functions that work in both wchar_t widths;
 *   rinet-win32/printf.h  wsprintf and printf-family output with MSVC's rules (%s is a wide
 *                         string in wprintf, %S, %ws, %I64d, ...);
 *   rinet-win32/sync.h    events, mutexes, semaphores, threads, WaitForSingleObject,
 *                         WaitForMultipleObjects, CloseHandle, critical sections, SRW locks,
 *                         condition variables, Interlocked*, TLS;
 *   rinet-win32/file.h    CreateFile, ReadFile, WriteFile, file sizes and pointers, DeleteFile,
 *                         MoveFile, CopyFile, GetTempPath, GetTempFileName, overlapped I/O and
 *                         the thread pool (BindIoCompletionCallback, QueueUserWorkItem);
 *   rinet-win32/system.h  Heap/Local/Global memory, ZeroMemory and friends, Sleep,
 *                         GetTickCount(64), QueryPerformanceCounter, system time,
 *                         GetModuleHandle/LoadLibrary/GetProcAddress, FormatMessage (WinInet's
 *                         texts through GetModuleHandle("wininet.dll")), OutputDebugString,
 *                         MessageBox, environment variables, GetVersionEx, GetSystemInfo;
 *   rinet-win32/crt.h     the MSVC C library's file and environment names (_wfopen, fopen_s,
 *                         _access, _mkdir, _wgetenv, _setmode, ...);
 *   rinet-win32/entry.h   wmain, WinMain and wWinMain as entry points, GetCommandLine.
 *
 * <wininet.h> is included after the base types, which it uses:
 * GetLastError and SetLastError are rinet's (rinet_get_last_error / rinet_set_last_error),
 * shared by WinInet and Win32 calls. Include <windows.h> before <wininet.h>, as the Windows SDK
 * requires.
 *
 * Wide characters: WCHAR is wchar_t, 4 bytes (UTF-32) by default and 2 bytes (UTF-16, as on
 * Windows) under -fshort-wchar. UNICODE selects the W functions and makes TCHAR WCHAR; _UNICODE
 * does the same for <tchar.h>'s names, as in the Windows SDK.
 *
 * Switches (define before including): NOMINMAX (no min/max macros; C++ never gets them),
 * RINET_WIN32_NO_CRT_NAMES (leave printf, wprintf, _stricmp, ... to the C library),
 * RINET_WIN32_NO_ENTRY_POINTS (no wmain/WinMain support), RINET_WIN32_SAL_IN_OUT (define the
 * __in / __out annotations in C++ too).
 *
 * The headers are C99 and C++11, clean under -Wall -Wextra -pedantic, with or without UNICODE
 * and -fshort-wchar, and need GCC or Clang.
 */
#ifndef RINET_WIN32_WINDOWS_H
#define RINET_WIN32_WINDOWS_H

#include "rinet-win32/base.h"
#include "rinet-win32/text.h"
#include "rinet-win32/printf.h"
#include "rinet-win32/sync.h"
#include "rinet-win32/file.h"
#include "rinet-win32/system.h"
#include "rinet-win32/crt.h"
#include "rinet-win32/entry.h"

/* The unsuffixed names, as the Windows SDK maps them. */
#ifdef UNICODE
#define RINET_WIN32_AW(name) name##W
#else
#define RINET_WIN32_AW(name) name##A
#endif
#define CreateEvent RINET_WIN32_AW(CreateEvent)
#define CreateEventEx RINET_WIN32_AW(CreateEventEx)
#define OpenEvent RINET_WIN32_AW(OpenEvent)
#define CreateMutex RINET_WIN32_AW(CreateMutex)
#define OpenMutex RINET_WIN32_AW(OpenMutex)
#define CreateSemaphore RINET_WIN32_AW(CreateSemaphore)
#define CreateFile RINET_WIN32_AW(CreateFile)
#define DeleteFile RINET_WIN32_AW(DeleteFile)
#define CreateDirectory RINET_WIN32_AW(CreateDirectory)
#define RemoveDirectory RINET_WIN32_AW(RemoveDirectory)
#define MoveFile RINET_WIN32_AW(MoveFile)
#define MoveFileEx RINET_WIN32_AW(MoveFileEx)
#define CopyFile RINET_WIN32_AW(CopyFile)
#define GetFileAttributes RINET_WIN32_AW(GetFileAttributes)
#define GetFileAttributesEx RINET_WIN32_AW(GetFileAttributesEx)
#define SetFileAttributes RINET_WIN32_AW(SetFileAttributes)
#define GetTempPath RINET_WIN32_AW(GetTempPath)
#define GetTempFileName RINET_WIN32_AW(GetTempFileName)
#define GetCurrentDirectory RINET_WIN32_AW(GetCurrentDirectory)
#define SetCurrentDirectory RINET_WIN32_AW(SetCurrentDirectory)
#define GetModuleHandle RINET_WIN32_AW(GetModuleHandle)
#define GetModuleHandleEx RINET_WIN32_AW(GetModuleHandleEx)
#define GetModuleFileName RINET_WIN32_AW(GetModuleFileName)
#define LoadLibrary RINET_WIN32_AW(LoadLibrary)
#define LoadLibraryEx RINET_WIN32_AW(LoadLibraryEx)
#define FormatMessage RINET_WIN32_AW(FormatMessage)
#define OutputDebugString RINET_WIN32_AW(OutputDebugString)
#define MessageBox RINET_WIN32_AW(MessageBox)
#define GetEnvironmentVariable RINET_WIN32_AW(GetEnvironmentVariable)
#define SetEnvironmentVariable RINET_WIN32_AW(SetEnvironmentVariable)
#define ExpandEnvironmentStrings RINET_WIN32_AW(ExpandEnvironmentStrings)
#define GetComputerName RINET_WIN32_AW(GetComputerName)
#define GetUserName RINET_WIN32_AW(GetUserName)
#define GetVersionEx RINET_WIN32_AW(GetVersionEx)
#define GetCommandLine RINET_WIN32_AW(GetCommandLine)
#define lstrlen RINET_WIN32_AW(lstrlen)
#define lstrcpy RINET_WIN32_AW(lstrcpy)
#define lstrcpyn RINET_WIN32_AW(lstrcpyn)
#define lstrcat RINET_WIN32_AW(lstrcat)
#define lstrcmp RINET_WIN32_AW(lstrcmp)
#define lstrcmpi RINET_WIN32_AW(lstrcmpi)
#define wsprintf RINET_WIN32_AW(wsprintf)
#define wvsprintf RINET_WIN32_AW(wvsprintf)
#define CharUpper RINET_WIN32_AW(CharUpper)
#define CharLower RINET_WIN32_AW(CharLower)
#define CharNext RINET_WIN32_AW(CharNext)
#define CharPrev RINET_WIN32_AW(CharPrev)
#define IsCharAlpha RINET_WIN32_AW(IsCharAlpha)
#define IsCharAlphaNumeric RINET_WIN32_AW(IsCharAlphaNumeric)
#ifdef UNICODE
typedef OSVERSIONINFOW OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXW OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;
#else
typedef OSVERSIONINFOA OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXA OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;
#endif

#if defined(__cplusplus) && !defined(RINET_WIN32_NO_CRT_NAMES)
/* std::printf and friends reach the kit's versions too. */
namespace std {
using ::rinet_win32_printf;
using ::rinet_win32_fprintf;
using ::rinet_win32_vprintf;
using ::rinet_win32_vfprintf;
using ::rinet_win32_sprintf;
using ::rinet_win32_snprintf;
using ::rinet_win32_vsprintf;
using ::rinet_win32_vsnprintf;
using ::rinet_win32_wprintf;
using ::rinet_win32_fwprintf;
using ::rinet_win32_vwprintf;
using ::rinet_win32_vfwprintf;
using ::rinet_win32_swprintf;
using ::rinet_win32_vswprintf;
using ::rinet_win32_fputws;
using ::rinet_win32_fputwc;
#if RINET_WIN32_WCHAR_UTF16
using ::rinet_win32_wcslen;
using ::rinet_win32_wcscpy;
using ::rinet_win32_wcsncpy;
using ::rinet_win32_wcscat;
using ::rinet_win32_wcsncat;
using ::rinet_win32_wcscmp;
using ::rinet_win32_wcsncmp;
using ::rinet_win32_wcschr;
using ::rinet_win32_wcsrchr;
using ::rinet_win32_wcsstr;
using ::rinet_win32_wcsspn;
using ::rinet_win32_wcscspn;
using ::rinet_win32_wcspbrk;
using ::rinet_win32_wcstok;
using ::rinet_win32_wcstol;
using ::rinet_win32_wcstoul;
using ::rinet_win32_wcstoll;
using ::rinet_win32_wcstoull;
using ::rinet_win32_wcstod;
using ::rinet_win32_wmemcpy;
using ::rinet_win32_wmemmove;
using ::rinet_win32_wmemset;
using ::rinet_win32_wmemcmp;
using ::rinet_win32_wmemchr;
#endif
} // namespace std
#endif

#endif /* RINET_WIN32_WINDOWS_H */
