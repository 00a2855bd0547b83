/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/system.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * Memory (Heap*, Local*, Global*, ZeroMemory and friends), time (Sleep, GetTickCount,
 * QueryPerformanceCounter, system time), modules (GetModuleHandle, LoadLibrary,
 * GetProcAddress), FormatMessage, OutputDebugString, MessageBox, the environment and a few
 * facts about the system.
 */
#ifndef RINET_WIN32_SYSTEM_H
#define RINET_WIN32_SYSTEM_H

#include <signal.h>

/* ---- Memory ----------------------------------------------------------------------------- */
#ifndef ZeroMemory
#define ZeroMemory(d, n) memset((d), 0, (n))
#endif
#ifndef RtlZeroMemory
#define RtlZeroMemory(d, n) memset((d), 0, (n))
#endif
#ifndef CopyMemory
#define CopyMemory(d, s, n) memcpy((d), (s), (n))
#endif
#ifndef RtlCopyMemory
#define RtlCopyMemory(d, s, n) memcpy((d), (s), (n))
#endif
#ifndef MoveMemory
#define MoveMemory(d, s, n) memmove((d), (s), (n))
#endif
#ifndef RtlMoveMemory
#define RtlMoveMemory(d, s, n) memmove((d), (s), (n))
#endif
#ifndef FillMemory
#define FillMemory(d, n, c) memset((d), (c), (n))
#endif
#ifndef RtlFillMemory
#define RtlFillMemory(d, n, c) memset((d), (c), (n))
#endif
#ifndef EqualMemory
#define EqualMemory(a, b, n) (!memcmp((a), (b), (n)))
#endif
#ifndef RtlEqualMemory
#define RtlEqualMemory(a, b, n) (!memcmp((a), (b), (n)))
#endif

/* SecureZeroMemory: zeroes memory in a way the compiler cannot drop. */
RINET_WIN32_FN PVOID SecureZeroMemory(PVOID ptr, SIZE_T cnt)
{
    volatile unsigned char *p = (volatile unsigned char *)ptr;
    while (cnt--)
        *p++ = 0;
    return ptr;
}
#ifndef RtlSecureZeroMemory
#define RtlSecureZeroMemory SecureZeroMemory
#endif

/* HeapAlloc, LocalAlloc and GlobalAlloc hand out rinet's memory blocks (rinet_mem_alloc): the
 * Size functions work, a pointer that is not a block is recognised when freed, and the memory
 * WinInet gives its caller to free with GlobalFree (INTERNET_OPTION_PER_CONNECTION_OPTION's
 * strings) is such a block too. */
RINET_WIN32_FN void *rinet_win32_alloc(size_t size, int zero)
{
    return rinet_mem_alloc(size, zero ? RINET_MEM_ZERO : 0);
}

RINET_WIN32_FN BOOL rinet_win32_is_block(const void *p)
{
    return p != NULL && rinet_mem_size(p) != (size_t)-1;
}

RINET_WIN32_FN BOOL rinet_win32_free(void *p)
{
    return p != NULL && rinet_mem_free(p) == 0;
}

RINET_WIN32_FN void *rinet_win32_realloc(void *p, size_t size, int zero, int in_place_only)
{
    return rinet_mem_realloc(p, size, (zero ? RINET_MEM_ZERO : 0) | (in_place_only ? RINET_MEM_IN_PLACE : 0));
}

typedef struct rinet_win32_heap {
    rinet_win32_object head;
} rinet_win32_heap;

RINET_WIN32_BEGIN_C
RINET_WIN32_WEAK rinet_win32_heap rinet_win32_process_heap = {{RINET_WIN32_MAGIC, RINET_WIN32_KIND_HEAP, 1 << 30, NULL}};
RINET_WIN32_END_C

/* GetProcessHeap, HeapCreate, HeapDestroy: heaps are handles over malloc. HeapDestroy does not
 * free the blocks left in the heap. */
RINET_WIN32_FN HANDLE GetProcessHeap(void)
{
    return (HANDLE)&rinet_win32_process_heap;
}

RINET_WIN32_FN HANDLE HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    (void)flOptions;
    (void)dwInitialSize;
    (void)dwMaximumSize;
    return (HANDLE)rinet_win32_new_object(sizeof(rinet_win32_heap), RINET_WIN32_KIND_HEAP);
}

RINET_WIN32_FN BOOL HeapDestroy(HANDLE hHeap)
{
    rinet_win32_object *o = rinet_win32_object_of(hHeap);
    if (o == NULL || o->kind != RINET_WIN32_KIND_HEAP || hHeap == GetProcessHeap()) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    o->magic = 0;
    free(o);
    return TRUE;
}

/* HeapAlloc: dwBytes bytes (zeroed with HEAP_ZERO_MEMORY), or NULL. */
RINET_WIN32_FN LPVOID HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    (void)hHeap;
    return rinet_win32_alloc(dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0);
}

RINET_WIN32_FN LPVOID HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)
{
    (void)hHeap;
    return rinet_win32_realloc(lpMem, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0,
                               (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) != 0);
}

/* HeapFree: frees a block (NULL is accepted). FALSE for a pointer that is not a block. */
RINET_WIN32_FN BOOL HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    (void)hHeap;
    (void)dwFlags;
    if (lpMem == NULL)
        return TRUE;
    if (!rinet_win32_free(lpMem)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

RINET_WIN32_FN SIZE_T HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    (void)hHeap;
    (void)dwFlags;
    return lpMem == NULL ? (SIZE_T)-1 : rinet_mem_size(lpMem);
}

RINET_WIN32_FN BOOL HeapValidate(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    (void)hHeap;
    (void)dwFlags;
    return lpMem == NULL || rinet_win32_is_block(lpMem);
}

/* LocalAlloc / GlobalAlloc: a block (zeroed with LMEM_ZEROINIT / GMEM_ZEROINIT). A moveable
 * block's handle is its address, so Lock returns it unchanged. The Free functions return NULL
 * on success and the handle on failure (ERROR_INVALID_HANDLE). */
RINET_WIN32_FN HLOCAL LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    void *p = rinet_win32_alloc(uBytes, (uFlags & LMEM_ZEROINIT) != 0);
    if (p == NULL)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return (HLOCAL)p;
}

RINET_WIN32_FN HLOCAL LocalFree(HLOCAL hMem)
{
    if (hMem == NULL)
        return NULL;
    if (!rinet_win32_free(hMem)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return hMem;
    }
    return NULL;
}

RINET_WIN32_FN HLOCAL LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
    void *p = rinet_win32_realloc(hMem, uBytes, (uFlags & LMEM_ZEROINIT) != 0, 0);
    if (p == NULL)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return (HLOCAL)p;
}

RINET_WIN32_FN SIZE_T LocalSize(HLOCAL hMem)
{
    return rinet_win32_is_block(hMem) ? rinet_mem_size(hMem) : 0;
}

RINET_WIN32_FN LPVOID LocalLock(HLOCAL hMem)
{
    return (LPVOID)hMem;
}

RINET_WIN32_FN BOOL LocalUnlock(HLOCAL hMem)
{
    (void)hMem;
    SetLastError(ERROR_SUCCESS);
    return FALSE;
}

RINET_WIN32_FN HGLOBAL GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return (HGLOBAL)LocalAlloc(uFlags & GMEM_ZEROINIT ? LMEM_ZEROINIT : 0, dwBytes);
}

RINET_WIN32_FN HGLOBAL GlobalFree(HGLOBAL hMem)
{
    return (HGLOBAL)LocalFree((HLOCAL)hMem);
}

RINET_WIN32_FN HGLOBAL GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)
{
    return (HGLOBAL)LocalReAlloc((HLOCAL)hMem, dwBytes, uFlags & GMEM_ZEROINIT ? LMEM_ZEROINIT : 0);
}

RINET_WIN32_FN SIZE_T GlobalSize(HGLOBAL hMem)
{
    return LocalSize((HLOCAL)hMem);
}

RINET_WIN32_FN LPVOID GlobalLock(HGLOBAL hMem)
{
    return (LPVOID)hMem;
}

RINET_WIN32_FN BOOL GlobalUnlock(HGLOBAL hMem)
{
    return LocalUnlock((HLOCAL)hMem);
}

/* ---- Time ------------------------------------------------------------------------------- */

RINET_WIN32_FN ULONGLONG rinet_win32_monotonic_ns(void)
{
    struct timespec t;
    clock_gettime(RINET_WIN32_CLOCK_MONOTONIC, &t);
    return (ULONGLONG)t.tv_sec * 1000000000ull + (ULONGLONG)t.tv_nsec;
}

/* Sleep: suspends the calling thread for dwMilliseconds (0 yields; INFINITE never returns). */
RINET_WIN32_FN void Sleep(DWORD dwMilliseconds)
{
    struct timespec t;
    if (dwMilliseconds == 0) {
        sched_yield();
        return;
    }
    if (dwMilliseconds == INFINITE) {
        for (;;)
            pause();
    }
    t.tv_sec = (time_t)(dwMilliseconds / 1000);
    t.tv_nsec = (long)(dwMilliseconds % 1000) * 1000000L;
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

RINET_WIN32_FN DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable)
{
    (void)bAlertable;
    Sleep(dwMilliseconds);
    return 0;
}

/* GetTickCount / GetTickCount64: milliseconds of the monotonic clock (the 32-bit one wraps
 * after 49.7 days, as on Windows). */
RINET_WIN32_FN ULONGLONG GetTickCount64(void)
{
    return rinet_win32_monotonic_ns() / 1000000ull;
}

RINET_WIN32_FN DWORD GetTickCount(void)
{
    return (DWORD)(GetTickCount64() & 0xFFFFFFFFu);
}

RINET_WIN32_FN DWORD timeGetTime(void)
{
    return GetTickCount();
}

/* QueryPerformanceCounter counts nanoseconds of the monotonic clock;
 * QueryPerformanceFrequency is therefore 1000000000. */
RINET_WIN32_FN BOOL QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
    if (lpPerformanceCount == NULL) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    lpPerformanceCount->QuadPart = (LONGLONG)rinet_win32_monotonic_ns();
    return TRUE;
}

RINET_WIN32_FN BOOL QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
    if (lpFrequency == NULL) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    lpFrequency->QuadPart = 1000000000;
    return TRUE;
}

RINET_WIN32_FN void GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    struct timespec t;
    clock_gettime(RINET_WIN32_CLOCK_REALTIME, &t);
    *lpSystemTimeAsFileTime = rinet_win32_filetime(t.tv_sec, t.tv_nsec);
}

RINET_WIN32_FN void GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    GetSystemTimeAsFileTime(lpSystemTimeAsFileTime);
}

RINET_WIN32_FN void rinet_win32_tm_to_systemtime(const struct tm *tm, long ms, LPSYSTEMTIME st)
{
    st->wYear = (WORD)(tm->tm_year + 1900);
    st->wMonth = (WORD)(tm->tm_mon + 1);
    st->wDayOfWeek = (WORD)tm->tm_wday;
    st->wDay = (WORD)tm->tm_mday;
    st->wHour = (WORD)tm->tm_hour;
    st->wMinute = (WORD)tm->tm_min;
    st->wSecond = (WORD)tm->tm_sec;
    st->wMilliseconds = (WORD)ms;
}

/* GetSystemTime: now, in UTC. GetLocalTime: now, in the local time zone. */
RINET_WIN32_FN void GetSystemTime(LPSYSTEMTIME lpSystemTime)
{
    struct timespec t;
    struct tm tm;
    clock_gettime(RINET_WIN32_CLOCK_REALTIME, &t);
    gmtime_r(&t.tv_sec, &tm);
    rinet_win32_tm_to_systemtime(&tm, t.tv_nsec / 1000000L, lpSystemTime);
}

RINET_WIN32_FN void GetLocalTime(LPSYSTEMTIME lpSystemTime)
{
    struct timespec t;
    struct tm tm;
    clock_gettime(RINET_WIN32_CLOCK_REALTIME, &t);
    localtime_r(&t.tv_sec, &tm);
    rinet_win32_tm_to_systemtime(&tm, t.tv_nsec / 1000000L, lpSystemTime);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
RINET_WIN32_FN int64_t rinet_win32_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* SystemTimeToFileTime: FALSE (ERROR_INVALID_PARAMETER) for a field out of range. */
RINET_WIN32_FN BOOL SystemTimeToFileTime(const SYSTEMTIME *lpSystemTime, LPFILETIME lpFileTime)
{
    static const unsigned char mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const SYSTEMTIME *st = lpSystemTime;
    int64_t days, secs;
    uint64_t v;
    int leap;
    if (st == NULL || lpFileTime == NULL || st->wYear < 1601 || st->wYear > 30827 || st->wMonth < 1 ||
        st->wMonth > 12 || st->wDay < 1 || st->wHour > 23 || st->wMinute > 59 || st->wSecond > 59 ||
        st->wMilliseconds > 999) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    leap = (st->wYear % 4 == 0 && st->wYear % 100 != 0) || st->wYear % 400 == 0;
    if (st->wDay > mdays[st->wMonth - 1] || (st->wMonth == 2 && st->wDay == 29 && !leap)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    days = rinet_win32_days_from_civil(st->wYear, st->wMonth, st->wDay);
    secs = days * 86400 + st->wHour * 3600 + st->wMinute * 60 + st->wSecond;
    v = (uint64_t)(secs + 11644473600ll) * 10000000ull + (uint64_t)st->wMilliseconds * 10000ull;
    lpFileTime->dwLowDateTime = (DWORD)(v & 0xFFFFFFFFu);
    lpFileTime->dwHighDateTime = (DWORD)(v >> 32);
    return TRUE;
}

RINET_WIN32_FN BOOL FileTimeToSystemTime(const FILETIME *lpFileTime, LPSYSTEMTIME lpSystemTime)
{
    uint64_t v;
    int64_t secs, days, z, era, y;
    unsigned doe, yoe, doy, mp, d, m, rem;
    if (lpFileTime == NULL || lpSystemTime == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    v = ((uint64_t)lpFileTime->dwHighDateTime << 32) | lpFileTime->dwLowDateTime;
    if (v >> 63) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    secs = (int64_t)(v / 10000000ull) - 11644473600ll;
    days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    rem = (unsigned)(secs - days * 86400);
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    lpSystemTime->wYear = (WORD)(y + (m <= 2));
    lpSystemTime->wMonth = (WORD)m;
    lpSystemTime->wDay = (WORD)d;
    lpSystemTime->wDayOfWeek = (WORD)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
    lpSystemTime->wHour = (WORD)(rem / 3600);
    lpSystemTime->wMinute = (WORD)(rem / 60 % 60);
    lpSystemTime->wSecond = (WORD)(rem % 60);
    lpSystemTime->wMilliseconds = (WORD)(v / 10000ull % 1000ull);
    return TRUE;
}

RINET_WIN32_FN LONG CompareFileTime(const FILETIME *a, const FILETIME *b)
{
    uint64_t x = ((uint64_t)a->dwHighDateTime << 32) | a->dwLowDateTime;
    uint64_t y = ((uint64_t)b->dwHighDateTime << 32) | b->dwLowDateTime;
    return x < y ? -1 : x > y ? 1 : 0;
}

/* ---- Modules ---------------------------------------------------------------------------- */
/* The modules a WinInet program asks for: the program itself (NULL), wininet.dll (rinet),
 * ntdll.dll and kernel32.dll. Their handles are constants; FreeLibrary does nothing. */
#define RINET_WIN32_MODULE_SELF ((HMODULE)(uintptr_t)0x52570001u)
#define RINET_WIN32_MODULE_WININET ((HMODULE)(uintptr_t)0x52570003u)
#define RINET_WIN32_MODULE_NTDLL ((HMODULE)(uintptr_t)0x52570005u)
#define RINET_WIN32_MODULE_KERNEL32 ((HMODULE)(uintptr_t)0x52570007u)

RINET_WIN32_FN HMODULE rinet_win32_module(const char *name)
{
    char base[64];
    size_t n, i;
    const char *slash;
    if (name == NULL)
        return RINET_WIN32_MODULE_SELF;
    slash = strrchr(name, '\\');
    if (slash == NULL)
        slash = strrchr(name, '/');
    if (slash != NULL)
        name = slash + 1;
    n = strlen(name);
    if (n >= sizeof base)
        return NULL;
    for (i = 0; i <= n; i++)
        base[i] = (char)tolower((unsigned char)name[i]);
    if (n > 4 && strcmp(base + n - 4, ".dll") == 0)
        base[n - 4] = 0;
    if (strcmp(base, "wininet") == 0)
        return RINET_WIN32_MODULE_WININET;
    if (strcmp(base, "ntdll") == 0)
        return RINET_WIN32_MODULE_NTDLL;
    if (strcmp(base, "kernel32") == 0 || strcmp(base, "kernelbase") == 0)
        return RINET_WIN32_MODULE_KERNEL32;
    return NULL;
}

/* GetModuleHandle / LoadLibrary: NULL (ERROR_MOD_NOT_FOUND) for other modules. */
RINET_WIN32_FN HMODULE GetModuleHandleA(LPCSTR lpModuleName)
{
    HMODULE m = rinet_win32_module(lpModuleName);
    if (m == NULL)
        SetLastError(ERROR_MOD_NOT_FOUND);
    return m;
}

RINET_WIN32_FN HMODULE GetModuleHandleW(LPCWSTR lpModuleName)
{
    char *name;
    HMODULE m;
    if (lpModuleName == NULL)
        return RINET_WIN32_MODULE_SELF;
    name = rinet_win32_wide_to_utf8(lpModuleName, (size_t)-1, NULL);
    m = name ? rinet_win32_module(name) : NULL;
    free(name);
    if (m == NULL)
        SetLastError(ERROR_MOD_NOT_FOUND);
    return m;
}

RINET_WIN32_FN BOOL GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE *phModule)
{
    (void)dwFlags;
    if (phModule == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *phModule = GetModuleHandleA(lpModuleName);
    return *phModule != NULL;
}

RINET_WIN32_FN BOOL GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE *phModule)
{
    (void)dwFlags;
    if (phModule == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *phModule = GetModuleHandleW(lpModuleName);
    return *phModule != NULL;
}

RINET_WIN32_FN HMODULE LoadLibraryA(LPCSTR lpLibFileName)
{
    if (lpLibFileName == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return GetModuleHandleA(lpLibFileName);
}

RINET_WIN32_FN HMODULE LoadLibraryW(LPCWSTR lpLibFileName)
{
    if (lpLibFileName == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return GetModuleHandleW(lpLibFileName);
}

RINET_WIN32_FN HMODULE LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    (void)hFile;
    (void)dwFlags;
    return LoadLibraryA(lpLibFileName);
}

RINET_WIN32_FN HMODULE LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    (void)hFile;
    (void)dwFlags;
    return LoadLibraryW(lpLibFileName);
}

RINET_WIN32_FN BOOL FreeLibrary(HMODULE hLibModule)
{
    (void)hLibModule;
    return TRUE;
}

/* A function's address as FARPROC, through void (*)(void), which -Wcast-function-type accepts. */
#define RINET_WIN32_FNCAST(f) RINET_WIN32_CAST(FARPROC, RINET_WIN32_CAST(void (*)(void), f))

/* GetProcAddress: WinInet's functions in wininet.dll (the ones <wininet.h> provides) and
 * RtlNtStatusToDosError in ntdll.dll; NULL (ERROR_PROC_NOT_FOUND) for anything else. */
RINET_WIN32_FN FARPROC GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    struct entry {
        const char *name;
        FARPROC fn;
    };
#define RINET_WIN32_PROC(f) {#f, RINET_WIN32_FNCAST(f)}
    const struct entry wininet[] = {
        RINET_WIN32_PROC(InternetOpenA),
        RINET_WIN32_PROC(InternetConnectA),
        RINET_WIN32_PROC(HttpOpenRequestA),
        RINET_WIN32_PROC(HttpAddRequestHeadersA),
        RINET_WIN32_PROC(HttpSendRequestA),
        RINET_WIN32_PROC(HttpSendRequestExA),
        RINET_WIN32_PROC(HttpEndRequestA),
        RINET_WIN32_PROC(HttpQueryInfoA),
        RINET_WIN32_PROC(InternetReadFile),
        RINET_WIN32_PROC(InternetReadFileExA),
        RINET_WIN32_PROC(InternetWriteFile),
        RINET_WIN32_PROC(InternetQueryDataAvailable),
        RINET_WIN32_PROC(InternetCloseHandle),
        RINET_WIN32_PROC(InternetSetStatusCallback),
        RINET_WIN32_PROC(InternetSetStatusCallbackA),
        RINET_WIN32_PROC(InternetSetOptionA),
        RINET_WIN32_PROC(InternetQueryOptionA),
        RINET_WIN32_PROC(InternetOpenUrlA),
        RINET_WIN32_PROC(InternetCrackUrlA),
        RINET_WIN32_PROC(InternetCreateUrlA),
        RINET_WIN32_PROC(InternetCanonicalizeUrlA),
        RINET_WIN32_PROC(InternetTimeFromSystemTimeA),
        RINET_WIN32_PROC(InternetTimeToSystemTimeA),
        RINET_WIN32_PROC(InternetSetCookieA),
        RINET_WIN32_PROC(InternetGetCookieA),
        RINET_WIN32_PROC(InternetGetLastResponseInfoA),
        RINET_WIN32_PROC(HttpAddRequestHeadersW),
        RINET_WIN32_PROC(HttpEndRequestW),
        RINET_WIN32_PROC(HttpOpenRequestW),
        RINET_WIN32_PROC(HttpQueryInfoW),
        RINET_WIN32_PROC(HttpSendRequestExW),
        RINET_WIN32_PROC(HttpSendRequestW),
        RINET_WIN32_PROC(InternetCanonicalizeUrlW),
        RINET_WIN32_PROC(InternetConnectW),
        RINET_WIN32_PROC(InternetCrackUrlW),
        RINET_WIN32_PROC(InternetCreateUrlW),
        RINET_WIN32_PROC(InternetGetCookieW),
        RINET_WIN32_PROC(InternetGetLastResponseInfoW),
        RINET_WIN32_PROC(InternetOpenUrlW),
        RINET_WIN32_PROC(InternetOpenW),
        RINET_WIN32_PROC(InternetQueryOptionW),
        RINET_WIN32_PROC(InternetReadFileExW),
        RINET_WIN32_PROC(InternetSetCookieW),
        RINET_WIN32_PROC(InternetSetOptionW),
        RINET_WIN32_PROC(InternetSetStatusCallbackW),
        RINET_WIN32_PROC(InternetTimeFromSystemTimeW),
        RINET_WIN32_PROC(InternetTimeToSystemTimeW),
    };
#undef RINET_WIN32_PROC
    size_t i;
    if (lpProcName == NULL || (uintptr_t)lpProcName <= 0xFFFF) {
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    if (hModule == RINET_WIN32_MODULE_WININET) {
        for (i = 0; i < sizeof wininet / sizeof wininet[0]; i++)
            if (strcmp(wininet[i].name, lpProcName) == 0)
                return wininet[i].fn;
    } else if (hModule == RINET_WIN32_MODULE_NTDLL) {
        if (strcmp(lpProcName, "RtlNtStatusToDosError") == 0)
            return RINET_WIN32_FNCAST(rinet_win32_ntstatus_to_win32);
    } else if (hModule != RINET_WIN32_MODULE_SELF && hModule != RINET_WIN32_MODULE_KERNEL32) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    SetLastError(ERROR_PROC_NOT_FOUND);
    return NULL;
}

/* GetModuleFileName: the program's path for NULL; "wininet.dll" for WinInet's module. Returns
 * the length; a name that does not fit is truncated and NUL-terminated, the return value is
 * nSize and the last error ERROR_INSUFFICIENT_BUFFER. */
RINET_WIN32_FN char *rinet_win32_module_path(HMODULE hModule)
{
    char buf[4096];
    ssize_t n;
    if (hModule == NULL || hModule == RINET_WIN32_MODULE_SELF) {
        n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n < 0) {
            rinet_win32_set_errno_error();
            return NULL;
        }
        buf[n] = 0;
        return rinet_win32_strdup(buf);
    }
    if (hModule == RINET_WIN32_MODULE_WININET)
        return rinet_win32_strdup("wininet.dll");
    if (hModule == RINET_WIN32_MODULE_NTDLL)
        return rinet_win32_strdup("ntdll.dll");
    if (hModule == RINET_WIN32_MODULE_KERNEL32)
        return rinet_win32_strdup("kernel32.dll");
    SetLastError(ERROR_MOD_NOT_FOUND);
    return NULL;
}

RINET_WIN32_FN DWORD GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize)
{
    char *path = rinet_win32_module_path(hModule);
    size_t n;
    if (path == NULL)
        return 0;
    n = strlen(path);
    if (lpFilename == NULL || nSize == 0) {
        free(path);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    if (n + 1 > nSize) {
        memcpy(lpFilename, path, nSize - 1);
        lpFilename[nSize - 1] = 0;
        free(path);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return nSize;
    }
    memcpy(lpFilename, path, n + 1);
    free(path);
    SetLastError(ERROR_SUCCESS);
    return (DWORD)n;
}

RINET_WIN32_FN DWORD GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize)
{
    char *path = rinet_win32_module_path(hModule);
    size_t units;
    if (path == NULL)
        return 0;
    if (lpFilename == NULL || nSize == 0) {
        free(path);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    units = rinet_win32_utf8_to_wbuf(path, strlen(path), lpFilename, nSize);
    free(path);
    if (units + 1 > nSize) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return nSize;
    }
    SetLastError(ERROR_SUCCESS);
    return (DWORD)units;
}

/* ---- FormatMessage ---------------------------------------------------------------------- */

/* The English text Windows has for the common system error codes (and HRESULTs), without the
 * line break that ends every message; NULL for others. */
RINET_WIN32_FN const char *rinet_win32_system_message(DWORD id)
{
    if ((id & 0xFFFF0000u) == 0x80070000u)
        id &= 0xFFFFu; /* HRESULT_FROM_WIN32 */
    switch (id) {
    case 0: return "The operation completed successfully.";
    case 1: return "Incorrect function.";
    case 2: return "The system cannot find the file specified.";
    case 3: return "The system cannot find the path specified.";
    case 4: return "The system cannot open the file.";
    case 5: return "Access is denied.";
    case 6: return "The handle is invalid.";
    case 8: return "Not enough memory resources are available to process this command.";
    case 12: return "The access code is invalid.";
    case 13: return "The data is invalid.";
    case 14: return "Not enough memory resources are available to complete this operation.";
    case 15: return "The system cannot find the drive specified.";
    case 17: return "The system cannot move the file to a different disk drive.";
    case 18: return "There are no more files.";
    case 21: return "The device is not ready.";
    case 29: return "The system cannot write to the specified device.";
    case 30: return "The system cannot read from the specified device.";
    case 31: return "A device attached to the system is not functioning.";
    case 32: return "The process cannot access the file because it is being used by another process.";
    case 33: return "The process cannot access the file because another process has locked a portion of the file.";
    case 38: return "Reached the end of the file.";
    case 39: return "The disk is full.";
    case 50: return "The request is not supported.";
    case 53: return "The network path was not found.";
    case 80: return "The file exists.";
    case 87: return "The parameter is incorrect.";
    case 103: return "The semaphore cannot be set again.";
    case 109: return "The pipe has been ended.";
    case 110: return "The system cannot open the device or file specified.";
    case 111: return "The file name is too long.";
    case 112: return "There is not enough space on the disk.";
    case 120: return "This function is not supported on this system.";
    case 122: return "The data area passed to a system call is too small.";
    case 123: return "The filename, directory name, or volume label syntax is incorrect.";
    case 126: return "The specified module could not be found.";
    case 127: return "The specified procedure could not be found.";
    case 131: return "An attempt was made to move the file pointer before the beginning of the file.";
    case 145: return "The directory is not empty.";
    case 158: return "The segment is already unlocked.";
    case 160: return "One or more arguments are not correct.";
    case 161: return "The specified path is invalid.";
    case 170: return "The requested resource is in use.";
    case 183: return "Cannot create a file when that file already exists.";
    case 203: return "The system could not find the environment option that was entered.";
    case 206: return "The filename or extension is too long.";
    case 234: return "More data is available.";
    case 258: return "The wait operation timed out.";
    case 259: return "No more data is available.";
    case 267: return "The directory name is invalid.";
    case 288: return "Attempt to release mutex not owned by caller.";
    case 298: return "Too many posts were made to a semaphore.";
    case 487: return "Attempt to access invalid address.";
    case 995: return "The I/O operation has been aborted because of either a thread exit or an application request.";
    case 996: return "Overlapped I/O event is not in a signaled state.";
    case 997: return "Overlapped I/O operation is in progress.";
    case 998: return "Invalid access to memory location.";
    case 1004: return "Invalid flags.";
    case 1113: return "No mapping for the Unicode character exists in the target multi-byte code page.";
    case 1168: return "Element not found.";
    case 1223: return "The operation was canceled by the user.";
    case 1400: return "Invalid window handle.";
    case 1460: return "This operation returned because the timeout period expired.";
    case 1815: return "The specified resource language ID cannot be found in the image file.";
    case 0x8000FFFFu: return "Catastrophic failure";
    case 0x80004001u: return "Not implemented";
    case 0x80004002u: return "No such interface supported";
    case 0x80004003u: return "Invalid pointer";
    case 0x80004004u: return "Operation aborted";
    case 0x80004005u: return "Unspecified error";
    default: return NULL;
    }
}

/* WinInet's text for a 12000-range code, from rinet (NULL for a code it has no text for). */
RINET_WIN32_FN const char *rinet_win32_wininet_message(DWORD id)
{
    const char *text;
    if (id < 12000 || id > 12999)
        return NULL;
    text = rinet_strerror(id);
    return text == NULL || strcmp(text, "Unknown error") == 0 ? NULL : text;
}

/* One insert's argument, fetched by its printf type. */
typedef struct rinet_win32_insert {
    char spec[24]; /* the printf conversion, "%s" by default */
    int kind;      /* 0 pointer or string, 1 int, 2 long long, 3 double */
    DWORD_PTR value;
    long long ll;
    double d;
    int seen;
} rinet_win32_insert;

/* The printf spec of an insert "!...!" (or "s"), and the kind of its argument. */
RINET_WIN32_FN int rinet_win32_insert_kind(const char *spec)
{
    size_t n = strlen(spec);
    char conv = n ? spec[n - 1] : 's';
    if (strchr("sSpZ", conv))
        return 0;
    if (strchr("eEfFgGaA", conv))
        return 3;
    if (strstr(spec, "I64") || strstr(spec, "ll") || strchr(spec, 'I') || strchr(spec, 'z'))
        return 2;
    return 1;
}

/* Formats the message text (UTF-8) src with FormatMessage's rules into sb. wide: the caller is
 * FormatMessageW (strings in inserts are wide by default). Returns 0, or a Win32 error. */
RINET_WIN32_FN DWORD rinet_win32_format_message(rinet_win32_sb *sb, const char *src, DWORD flags, int wide,
                                                va_list *args, int from_table)
{
    rinet_win32_insert ins[100];
    const char *p;
    int max_index = 0, i;
    DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    int ignore = (flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0;
    memset(ins, 0, sizeof ins);
    /* First pass: the inserts and their types. */
    for (p = src; !ignore && *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int idx = p[1] - '0';
            const char *q = p + 2;
            if (*q >= '0' && *q <= '9')
                idx = idx * 10 + (*q++ - '0');
            if (idx > max_index)
                max_index = idx;
            if (!ins[idx].seen) {
                strcpy(ins[idx].spec, "%s");
                if (*q == '!') {
                    const char *e = strchr(q + 1, '!');
                    size_t len = e ? (size_t)(e - q - 1) : 0;
                    if (e && len > 0 && len < sizeof ins[idx].spec - 2) {
                        ins[idx].spec[0] = '%';
                        memcpy(ins[idx].spec + 1, q + 1, len);
                        ins[idx].spec[len + 1] = 0;
                    }
                }
                ins[idx].kind = rinet_win32_insert_kind(ins[idx].spec + 1);
                ins[idx].seen = 1;
            }
        } else if (*p == '%' && p[1]) {
            p++;
        }
    }
    if (max_index > 0) {
        if (args == NULL)
            return ERROR_INVALID_PARAMETER;
        for (i = 1; i <= max_index; i++) {
            if (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) {
                DWORD_PTR v = ((const DWORD_PTR *)(const void *)args)[i - 1];
                ins[i].value = v;
                ins[i].ll = (long long)v;
            } else {
                switch (ins[i].kind) {
                case 1:
                    ins[i].ll = va_arg(*args, int);
                    break;
                case 2:
                    ins[i].ll = va_arg(*args, long long);
                    break;
                case 3:
                    ins[i].d = va_arg(*args, double);
                    break;
                default:
                    ins[i].value = (DWORD_PTR)va_arg(*args, void *);
                    break;
                }
            }
        }
    }
    /* Second pass: the text. */
    for (p = src; *p; p++) {
        if (*p == '%' && !ignore) {
            char c = p[1];
            if (c >= '1' && c <= '9') {
                int idx = c - '0';
                char conv, spec[32];
                size_t sl;
                p += 2;
                if (*p >= '0' && *p <= '9')
                    idx = idx * 10 + (*p++ - '0');
                if (*p == '!') {
                    const char *e = strchr(p + 1, '!');
                    if (e)
                        p = e + 1;
                }
                p--;
                sl = strlen(ins[idx].spec);
                memcpy(spec, ins[idx].spec, sl + 1);
                conv = spec[sl - 1];
                if (conv == 's' || conv == 'S') {
                    int wide_str = (conv == 's') == (wide != 0);
                    if (strchr(spec, 'h'))
                        wide_str = 0;
                    else if (strchr(spec, 'l') || strchr(spec, 'w'))
                        wide_str = 1;
                    if (ins[idx].value == 0) {
                        rinet_win32_sb_put(sb, "(null)", 6);
                    } else if (wide_str) {
                        size_t n = 0;
                        char *u = rinet_win32_wide_to_utf8((const WCHAR *)ins[idx].value, (size_t)-1, &n);
                        if (u) {
                            rinet_win32_sb_put(sb, u, n);
                            free(u);
                        }
                    } else {
                        const char *s = (const char *)ins[idx].value;
                        rinet_win32_sb_put(sb, s, strlen(s));
                    }
                } else if (ins[idx].kind == 3) {
                    rinet_win32_sb_num(sb, spec, 4, 0, 0, ins[idx].d, 0);
                } else if (conv == 'c' || conv == 'C') {
                    unsigned char tmp[4];
                    size_t n = rinet_win32_utf8_put((uint32_t)ins[idx].ll & 0x1FFFFFu, tmp);
                    rinet_win32_sb_put(sb, (const char *)tmp, n);
                } else {
                    /* an integer: the flags and width as written, the size as long long */
                    char clean[40];
                    size_t k = 0, j;
                    unsigned long long uv;
                    for (j = 0; j + 1 < sl && k < sizeof clean - 4; j++) {
                        if (spec[j] == 'I' && (spec[j + 1] == '6' || spec[j + 1] == '3')) {
                            j += 2;
                            continue;
                        }
                        if (strchr("lhIzjtqwL", spec[j]))
                            continue;
                        clean[k++] = spec[j];
                    }
                    if (!strchr("diuxXo", conv))
                        conv = 'd';
                    clean[k++] = 'l';
                    clean[k++] = 'l';
                    clean[k++] = conv;
                    clean[k] = 0;
                    uv = ins[idx].kind == 1 && !(flags & FORMAT_MESSAGE_ARGUMENT_ARRAY)
                             ? (unsigned long long)(unsigned)ins[idx].ll
                             : (unsigned long long)ins[idx].ll;
                    rinet_win32_sb_num(sb, clean, (conv == 'd' || conv == 'i') ? 2 : 3, ins[idx].ll, uv, 0, 0);
                }
                continue;
            }
            switch (c) {
            case '0':
                return 0; /* ends the message, with no line break */
            case 'n':
                rinet_win32_sb_put(sb, "\r\n", 2);
                p++;
                continue;
            case 'r':
                rinet_win32_sb_put(sb, "\r", 1);
                p++;
                continue;
            case 't':
                rinet_win32_sb_put(sb, "\t", 1);
                p++;
                continue;
            case 0:
                continue;
            default:
                /* %%, %!, %., %space and the like: the character itself */
                rinet_win32_sb_put(sb, p + 1, 1);
                p++;
                continue;
            }
        }
        if (width != 0 && (*p == '\r' || *p == '\n')) {
            /* FORMAT_MESSAGE_MAX_WIDTH_MASK: ordinary line breaks become a space */
            if (*p == '\r' && p[1] == '\n')
                p++;
            rinet_win32_sb_put(sb, " ", 1);
            continue;
        }
        rinet_win32_sb_put(sb, p, 1);
    }
    if (from_table)
        rinet_win32_sb_put(sb, width != 0 ? " " : "\r\n", width != 0 ? 1 : 2);
    return 0;
}

/* The message source text (UTF-8, new memory) for FormatMessage, or NULL with *error. */
RINET_WIN32_FN char *rinet_win32_message_source(DWORD flags, LPCVOID lpSource, DWORD id, int wide, DWORD *error,
                                               int *from_table)
{
    const char *text = NULL;
    *from_table = 1;
    if (flags & FORMAT_MESSAGE_FROM_STRING) {
        *from_table = 0;
        if (lpSource == NULL) {
            *error = ERROR_INVALID_PARAMETER;
            return NULL;
        }
        if (wide)
            return rinet_win32_wide_to_utf8((const WCHAR *)lpSource, (size_t)-1, NULL);
        return rinet_win32_strdup((const char *)lpSource);
    }
    if (flags & FORMAT_MESSAGE_FROM_HMODULE) {
        HMODULE m = (HMODULE)lpSource;
        if (m == RINET_WIN32_MODULE_WININET)
            text = rinet_win32_wininet_message(id);
        else if (m == RINET_WIN32_MODULE_NTDLL || m == RINET_WIN32_MODULE_KERNEL32)
            text = rinet_win32_system_message(id);
    }
    if (text == NULL && (flags & FORMAT_MESSAGE_FROM_SYSTEM))
        text = rinet_win32_system_message(id);
    if (text == NULL) {
        *error = (flags & (FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_FROM_HMODULE)) ? ERROR_MR_MID_NOT_FOUND
                                                                                        : ERROR_INVALID_PARAMETER;
        return NULL;
    }
    return rinet_win32_strdup(text);
}

/* FormatMessage: the text of a message, formatted.
 *   dwFlags  FORMAT_MESSAGE_FROM_SYSTEM (the system error texts above),
 *            FORMAT_MESSAGE_FROM_HMODULE with GetModuleHandle("wininet.dll") (WinInet's error
 *            texts, from rinet_strerror; then the system texts too when FROM_SYSTEM is also
 *            set), FORMAT_MESSAGE_FROM_STRING (lpSource is the text),
 *            FORMAT_MESSAGE_IGNORE_INSERTS, FORMAT_MESSAGE_ARGUMENT_ARRAY,
 *            FORMAT_MESSAGE_ALLOCATE_BUFFER (lpBuffer is then a pointer to a pointer that
 *            receives memory from LocalAlloc: free it with LocalFree),
 *            FORMAT_MESSAGE_MAX_WIDTH_MASK (line breaks become spaces).
 *   dwLanguageId  any: the texts are English.
 *   nSize    the buffer's size in characters (the minimum to allocate with ALLOCATE_BUFFER).
 * A text from a message table ends with "\r\n", as on Windows. Inserts %1 .. %99 (with an
 * optional !printf-format!, "!s!" by default), %n, %0, %% and friends are expanded.
 * Returns the length written without the NUL, or 0: ERROR_MR_MID_NOT_FOUND (no text for the
 * code), ERROR_INSUFFICIENT_BUFFER (nothing useful written), ERROR_INVALID_PARAMETER. */
RINET_WIN32_FN DWORD rinet_win32_format_message_any(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                                                   DWORD dwLanguageId, void *lpBuffer, DWORD nSize, va_list *Arguments,
                                                   int wide)
{
    rinet_win32_sb sb;
    DWORD error = 0;
    int from_table = 1;
    char *src;
    size_t units;
    (void)dwLanguageId;
    if (lpBuffer == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    src = rinet_win32_message_source(dwFlags, lpSource, dwMessageId, wide, &error, &from_table);
    if (src == NULL) {
        SetLastError(error ? error : ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    sb.buf = NULL;
    sb.len = sb.cap = 0;
    sb.oom = 0;
    rinet_win32_sb_put(&sb, "", 0);
    error = rinet_win32_format_message(&sb, src, dwFlags, wide, Arguments, from_table);
    free(src);
    if (error == 0 && sb.oom)
        error = ERROR_NOT_ENOUGH_MEMORY;
    if (error != 0) {
        free(sb.buf);
        SetLastError(error);
        return 0;
    }
    units = wide ? rinet_win32_utf8_wide_len(sb.buf, sb.len) : sb.len;
    if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        size_t cap = units + 1 > nSize ? units + 1 : nSize;
        void *out = LocalAlloc(LMEM_FIXED, cap * (wide ? sizeof(WCHAR) : 1));
        if (out == NULL) {
            free(sb.buf);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        if (wide)
            rinet_win32_utf8_to_wbuf(sb.buf, sb.len, (WCHAR *)out, cap);
        else
            memcpy(out, sb.buf, sb.len + 1);
        *(void **)lpBuffer = out;
    } else {
        if (units + 1 > nSize) {
            free(sb.buf);
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        if (wide)
            rinet_win32_utf8_to_wbuf(sb.buf, sb.len, (WCHAR *)lpBuffer, nSize);
        else
            memcpy(lpBuffer, sb.buf, sb.len + 1);
    }
    free(sb.buf);
    return (DWORD)units;
}

RINET_WIN32_FN DWORD FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                                    LPSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    return rinet_win32_format_message_any(dwFlags, lpSource, dwMessageId, dwLanguageId, (void *)lpBuffer, nSize,
                                          Arguments, 0);
}

RINET_WIN32_FN DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                                    LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    return rinet_win32_format_message_any(dwFlags, lpSource, dwMessageId, dwLanguageId, (void *)lpBuffer, nSize,
                                          Arguments, 1);
}

/* ---- Debug output and message boxes ----------------------------------------------------- */

/* OutputDebugString: the text goes to standard error, unchanged. */
RINET_WIN32_FN void OutputDebugStringA(LPCSTR lpOutputString)
{
    if (lpOutputString != NULL)
        fputs(lpOutputString, stderr);
}

RINET_WIN32_FN void OutputDebugStringW(LPCWSTR lpOutputString)
{
    char *u;
    if (lpOutputString == NULL)
        return;
    u = rinet_win32_wide_to_utf8(lpOutputString, (size_t)-1, NULL);
    if (u != NULL) {
        fputs(u, stderr);
        free(u);
    }
}

RINET_WIN32_FN BOOL IsDebuggerPresent(void)
{
    return FALSE;
}

/* DebugBreak: raises SIGTRAP, which ends the program when no debugger is attached. */
RINET_WIN32_FN void DebugBreak(void)
{
    raise(SIGTRAP);
}

#ifndef MB_OK
#define MB_OK 0x00000000u
#define MB_OKCANCEL 0x00000001u
#define MB_ABORTRETRYIGNORE 0x00000002u
#define MB_YESNOCANCEL 0x00000003u
#define MB_YESNO 0x00000004u
#define MB_RETRYCANCEL 0x00000005u
#define MB_CANCELTRYCONTINUE 0x00000006u
#define MB_ICONHAND 0x00000010u
#define MB_ICONQUESTION 0x00000020u
#define MB_ICONEXCLAMATION 0x00000030u
#define MB_ICONASTERISK 0x00000040u
#define MB_ICONERROR MB_ICONHAND
#define MB_ICONSTOP MB_ICONHAND
#define MB_ICONWARNING MB_ICONEXCLAMATION
#define MB_ICONINFORMATION MB_ICONASTERISK
#define MB_DEFBUTTON1 0x00000000u
#define MB_DEFBUTTON2 0x00000100u
#define MB_DEFBUTTON3 0x00000200u
#define MB_APPLMODAL 0x00000000u
#define MB_SYSTEMMODAL 0x00001000u
#define MB_TASKMODAL 0x00002000u
#define MB_TOPMOST 0x00040000u
#define MB_SETFOREGROUND 0x00010000u
#endif
#ifndef IDOK
#define IDOK 1
#define IDCANCEL 2
#define IDABORT 3
#define IDRETRY 4
#define IDIGNORE 5
#define IDYES 6
#define IDNO 7
#define IDTRYAGAIN 10
#define IDCONTINUE 11
#endif

/* MessageBox: there is no screen. The caption and text go to standard error, and the answer is
 * the default button (MB_DEFBUTTONn), except that a default Retry or Try Again answers Cancel
 * (Abort for MB_ABORTRETRYIGNORE), so that a retry loop ends. */
RINET_WIN32_FN int rinet_win32_message_box(const char *text, const char *caption, UINT type)
{
    static const int buttons[7][3] = {{IDOK, IDOK, IDOK},
                                      {IDOK, IDCANCEL, IDCANCEL},
                                      {IDABORT, IDABORT, IDIGNORE},
                                      {IDYES, IDNO, IDCANCEL},
                                      {IDYES, IDNO, IDNO},
                                      {IDCANCEL, IDCANCEL, IDCANCEL},
                                      {IDCANCEL, IDCANCEL, IDCONTINUE}};
    UINT kind = type & 0xFu, def = (type >> 8) & 0xFu;
    fprintf(stderr, "%s: %s\n", caption ? caption : "Error", text ? text : "");
    if (kind > 6)
        kind = 0;
    if (def > 2)
        def = 0;
    return buttons[kind][def];
}

RINET_WIN32_FN int MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType)
{
    (void)hWnd;
    return rinet_win32_message_box(lpText, lpCaption, uType);
}

RINET_WIN32_FN int MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType)
{
    char *text = lpText ? rinet_win32_wide_to_utf8(lpText, (size_t)-1, NULL) : NULL;
    char *caption = lpCaption ? rinet_win32_wide_to_utf8(lpCaption, (size_t)-1, NULL) : NULL;
    int r;
    (void)hWnd;
    r = rinet_win32_message_box(text, caption, uType);
    free(text);
    free(caption);
    return r;
}

/* There are no windows: the desktop window is a fixed non-NULL handle, a console program has
 * no console window. */
RINET_WIN32_FN HWND GetDesktopWindow(void)
{
    return (HWND)(uintptr_t)0x52570011u;
}

RINET_WIN32_FN HWND GetConsoleWindow(void)
{
    return NULL;
}

RINET_WIN32_FN BOOL Beep(DWORD dwFreq, DWORD dwDuration)
{
    (void)dwFreq;
    (void)dwDuration;
    return TRUE;
}

/* ---- Environment and system facts ------------------------------------------------------- */

RINET_WIN32_FN DWORD GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize)
{
    const char *v = lpName ? getenv(lpName) : NULL;
    if (v == NULL) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    return rinet_win32_out_a(v, lpBuffer, nSize);
}

RINET_WIN32_FN DWORD GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize)
{
    char *name = lpName ? rinet_win32_wide_to_utf8(lpName, (size_t)-1, NULL) : NULL;
    const char *v = name ? getenv(name) : NULL;
    free(name);
    if (v == NULL) {
        SetLastError(ERROR_ENVVAR_NOT_FOUND);
        return 0;
    }
    return rinet_win32_out_w(v, lpBuffer, nSize);
}

RINET_WIN32_FN BOOL SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue)
{
    int rc;
    if (lpName == NULL || lpName[0] == 0 || strchr(lpName, '=')) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    rc = lpValue ? setenv(lpName, lpValue, 1) : unsetenv(lpName);
    if (rc != 0) {
        rinet_win32_set_errno_error();
        return FALSE;
    }
    return TRUE;
}

RINET_WIN32_FN BOOL SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue)
{
    char *name = lpName ? rinet_win32_wide_to_utf8(lpName, (size_t)-1, NULL) : NULL;
    char *value = lpValue ? rinet_win32_wide_to_utf8(lpValue, (size_t)-1, NULL) : NULL;
    BOOL ok = SetEnvironmentVariableA(name, value);
    free(name);
    free(value);
    return ok;
}

/* ExpandEnvironmentStrings: %NAME% becomes the variable's value (unknown names stay as
 * written). Returns the size needed in characters, the NUL included (nothing written when nSize
 * is smaller). */
RINET_WIN32_FN char *rinet_win32_expand(const char *src)
{
    rinet_win32_sb sb;
    const char *p = src;
    sb.buf = NULL;
    sb.len = sb.cap = 0;
    sb.oom = 0;
    rinet_win32_sb_put(&sb, "", 0);
    while (*p) {
        const char *end = *p == '%' ? strchr(p + 1, '%') : NULL;
        if (end != NULL && end > p + 1) {
            char name[256];
            size_t n = (size_t)(end - p - 1);
            const char *v = NULL;
            if (n < sizeof name) {
                memcpy(name, p + 1, n);
                name[n] = 0;
                v = getenv(name);
            }
            if (v != NULL) {
                rinet_win32_sb_put(&sb, v, strlen(v));
                p = end + 1;
                continue;
            }
            rinet_win32_sb_put(&sb, p, (size_t)(end - p));
            p = end;
            continue;
        }
        rinet_win32_sb_put(&sb, p, 1);
        p++;
    }
    if (sb.oom) {
        free(sb.buf);
        return NULL;
    }
    return sb.buf;
}

RINET_WIN32_FN DWORD ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst, DWORD nSize)
{
    char *out = lpSrc ? rinet_win32_expand(lpSrc) : NULL;
    size_t n;
    if (out == NULL) {
        SetLastError(lpSrc ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER);
        return 0;
    }
    n = strlen(out);
    if (lpDst != NULL && n + 1 <= nSize)
        memcpy(lpDst, out, n + 1);
    free(out);
    return (DWORD)(n + 1);
}

RINET_WIN32_FN DWORD ExpandEnvironmentStringsW(LPCWSTR lpSrc, LPWSTR lpDst, DWORD nSize)
{
    char *src = lpSrc ? rinet_win32_wide_to_utf8(lpSrc, (size_t)-1, NULL) : NULL;
    char *out = src ? rinet_win32_expand(src) : NULL;
    size_t units;
    free(src);
    if (out == NULL) {
        SetLastError(lpSrc ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER);
        return 0;
    }
    units = rinet_win32_utf8_wide_len(out, strlen(out));
    if (lpDst != NULL && units + 1 <= nSize)
        rinet_win32_utf8_to_wbuf(out, strlen(out), lpDst, nSize);
    free(out);
    return (DWORD)(units + 1);
}

#if !defined(__cplusplus) && defined(__GLIBC__) && !defined(__USE_MISC) && !defined(__USE_XOPEN_EXTENDED)
extern int gethostname(char *rinet_name, size_t rinet_len);
#endif

/* GetComputerName: the host name. *nSize is the buffer's size in, the length out (or the size
 * needed, with ERROR_BUFFER_OVERFLOW). */
RINET_WIN32_FN BOOL rinet_win32_host_name(char *out, size_t n)
{
    if (gethostname(out, n) != 0) {
        rinet_win32_set_errno_error();
        return FALSE;
    }
    out[n - 1] = 0;
    return TRUE;
}

RINET_WIN32_FN BOOL GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize)
{
    char name[256];
    size_t n;
    if (nSize == NULL || !rinet_win32_host_name(name, sizeof name))
        return FALSE;
    n = strlen(name);
    if (lpBuffer == NULL || n + 1 > *nSize) {
        *nSize = (DWORD)(n + 1);
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    memcpy(lpBuffer, name, n + 1);
    *nSize = (DWORD)n;
    return TRUE;
}

RINET_WIN32_FN BOOL GetComputerNameW(LPWSTR lpBuffer, LPDWORD nSize)
{
    char name[256];
    size_t units;
    if (nSize == NULL || !rinet_win32_host_name(name, sizeof name))
        return FALSE;
    units = rinet_win32_utf8_wide_len(name, strlen(name));
    if (lpBuffer == NULL || units + 1 > *nSize) {
        *nSize = (DWORD)(units + 1);
        SetLastError(ERROR_BUFFER_OVERFLOW);
        return FALSE;
    }
    rinet_win32_utf8_to_wbuf(name, strlen(name), lpBuffer, *nSize);
    *nSize = (DWORD)units;
    return TRUE;
}

/* GetUserName: $USER (or $LOGNAME). *pcbBuffer is the size in, the length with the NUL out. */
RINET_WIN32_FN const char *rinet_win32_user_name(void)
{
    const char *u = getenv("USER");
    if (u == NULL || u[0] == 0)
        u = getenv("LOGNAME");
    return u && u[0] ? u : "user";
}

RINET_WIN32_FN BOOL GetUserNameA(LPSTR lpBuffer, LPDWORD pcbBuffer)
{
    const char *u = rinet_win32_user_name();
    size_t n = strlen(u);
    if (pcbBuffer == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (lpBuffer == NULL || n + 1 > *pcbBuffer) {
        *pcbBuffer = (DWORD)(n + 1);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(lpBuffer, u, n + 1);
    *pcbBuffer = (DWORD)(n + 1);
    return TRUE;
}

RINET_WIN32_FN BOOL GetUserNameW(LPWSTR lpBuffer, LPDWORD pcbBuffer)
{
    const char *u = rinet_win32_user_name();
    size_t units = rinet_win32_utf8_wide_len(u, strlen(u));
    if (pcbBuffer == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (lpBuffer == NULL || units + 1 > *pcbBuffer) {
        *pcbBuffer = (DWORD)(units + 1);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    rinet_win32_utf8_to_wbuf(u, strlen(u), lpBuffer, *pcbBuffer);
    *pcbBuffer = (DWORD)(units + 1);
    return TRUE;
}

/* ExitProcess: exit(uExitCode). */
RINET_WIN32_FN void ExitProcess(UINT uExitCode)
{
    exit((int)uExitCode);
}

typedef struct _SYSTEM_INFO {
    RINET_WIN32_ANON union {
        DWORD dwOemId;
        RINET_WIN32_ANON struct {
            WORD wProcessorArchitecture;
            WORD wReserved;
        };
    };
    DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress;
    LPVOID lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors;
    DWORD dwProcessorType;
    DWORD dwAllocationGranularity;
    WORD wProcessorLevel;
    WORD wProcessorRevision;
} SYSTEM_INFO, *LPSYSTEM_INFO;
#ifndef PROCESSOR_ARCHITECTURE_AMD64
#define PROCESSOR_ARCHITECTURE_INTEL 0
#define PROCESSOR_ARCHITECTURE_ARM 5
#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_ARCHITECTURE_ARM64 12
#define PROCESSOR_ARCHITECTURE_UNKNOWN 0xffff
#endif

/* GetSystemInfo: the processors online and the page size. */
RINET_WIN32_FN void GetSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long page = sysconf(_SC_PAGESIZE);
    memset(lpSystemInfo, 0, sizeof *lpSystemInfo);
#if defined(__x86_64__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
#elif defined(__aarch64__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_ARM64;
#elif defined(__i386__)
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_INTEL;
#else
    lpSystemInfo->wProcessorArchitecture = PROCESSOR_ARCHITECTURE_UNKNOWN;
#endif
    lpSystemInfo->dwPageSize = page > 0 ? (DWORD)page : 4096;
    lpSystemInfo->dwNumberOfProcessors = cpus > 0 ? (DWORD)cpus : 1;
    lpSystemInfo->dwActiveProcessorMask = cpus >= (long)(8 * sizeof(DWORD_PTR)) ? ~(DWORD_PTR)0
                                                                                 : (((DWORD_PTR)1 << cpus) - 1);
    lpSystemInfo->dwAllocationGranularity = 65536;
    lpSystemInfo->lpMinimumApplicationAddress = (LPVOID)(uintptr_t)0x10000;
    lpSystemInfo->lpMaximumApplicationAddress = (LPVOID)(uintptr_t)0x7FFFFFFEFFFFull;
}

RINET_WIN32_FN void GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo)
{
    GetSystemInfo(lpSystemInfo);
}

typedef struct _OSVERSIONINFOA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA;
typedef struct _OSVERSIONINFOW {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    WCHAR szCSDVersion[128];
} OSVERSIONINFOW, *POSVERSIONINFOW, *LPOSVERSIONINFOW;
typedef struct _OSVERSIONINFOEXA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR szCSDVersion[128];
    WORD wServicePackMajor;
    WORD wServicePackMinor;
    WORD wSuiteMask;
    BYTE wProductType;
    BYTE wReserved;
} OSVERSIONINFOEXA, *POSVERSIONINFOEXA, *LPOSVERSIONINFOEXA;
typedef struct _OSVERSIONINFOEXW {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    WCHAR szCSDVersion[128];
    WORD wServicePackMajor;
    WORD wServicePackMinor;
    WORD wSuiteMask;
    BYTE wProductType;
    BYTE wReserved;
} OSVERSIONINFOEXW, *POSVERSIONINFOEXW, *LPOSVERSIONINFOEXW;
#ifndef VER_PLATFORM_WIN32_NT
#define VER_PLATFORM_WIN32_NT 2
#endif

/* GetVersionEx: what Windows reports to a program without a compatibility manifest: 6.2 (build
 * 9200), NT platform. */
RINET_WIN32_FN BOOL rinet_win32_version(DWORD size, DWORD *fields, int wide)
{
    (void)wide;
    if (size < 5 * sizeof(DWORD) + 128) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    fields[1] = 6;
    fields[2] = 2;
    fields[3] = 9200;
    fields[4] = VER_PLATFORM_WIN32_NT;
    return TRUE;
}

RINET_WIN32_FN BOOL GetVersionExA(LPOSVERSIONINFOA lpVersionInformation)
{
    if (lpVersionInformation == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(lpVersionInformation->szCSDVersion, 0, sizeof lpVersionInformation->szCSDVersion);
    return rinet_win32_version(lpVersionInformation->dwOSVersionInfoSize, &lpVersionInformation->dwOSVersionInfoSize,
                               0);
}

RINET_WIN32_FN BOOL GetVersionExW(LPOSVERSIONINFOW lpVersionInformation)
{
    if (lpVersionInformation == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    memset(lpVersionInformation->szCSDVersion, 0, sizeof lpVersionInformation->szCSDVersion);
    return rinet_win32_version(lpVersionInformation->dwOSVersionInfoSize, &lpVersionInformation->dwOSVersionInfoSize,
                               1);
}

RINET_WIN32_FN DWORD GetVersion(void)
{
    return 6u | (2u << 8) | (9200u << 16);
}

#endif /* RINET_WIN32_SYSTEM_H */
