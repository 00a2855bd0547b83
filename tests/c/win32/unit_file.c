/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * unit_file.c -- unit tests of the Win32 porting headers' files, memory and paths: CreateFile
 * dispositions and their errors, ReadFile / WriteFile, sizes and file pointers, DeleteFile,
 * MoveFileEx, CopyFile, GetFileAttributes, GetTempPath / GetTempFileName, overlapped I/O with
 * BindIoCompletionCallback and GetOverlappedResult, Heap / Local / Global memory, and
 * QueueUserWorkItem.
 *
 * rinet-test-wchar: both
 */
#include <windows.h>

#include "w32check.h"

static HANDLE g_done;
static LONG g_completions;
static DWORD g_bytes;
static DWORD g_status = 99;

static VOID CALLBACK on_io(DWORD dwErrorCode, DWORD dwNumberOfBytesTransfered, LPOVERLAPPED lpOverlapped)
{
    (void)lpOverlapped;
    g_status = dwErrorCode;
    InterlockedExchangeAdd((LONG *)&g_bytes, (LONG)dwNumberOfBytesTransfered);
    if (InterlockedIncrement(&g_completions) == 2)
        SetEvent(g_done);
}

static DWORD WINAPI work(LPVOID param)
{
    SetEvent((HANDLE)param);
    return 0;
}

int main(void)
{
    char dir[MAX_PATH], name[MAX_PATH], other[MAX_PATH], buf[64];
    WCHAR wname[MAX_PATH];
    DWORD n = 0, high = 7, attrs;
    HANDLE h;
    LARGE_INTEGER size, pos, dist;
    OVERLAPPED ov[2];
    LONG movehigh = 0;
    void *p;
    char *q;
    HGLOBAL g;
    UINT unique;

    CHECK_EQ("GetTempPath size needed", GetTempPathA(1, dir), GetTempPathA(MAX_PATH, dir) + 1);
    CHECK("GetTempPath ends with a separator", dir[strlen(dir) - 1] == '/');
    unique = GetTempFileNameA(dir, "rinet", 0, name);
    CHECK("GetTempFileName", unique != 0 && strstr(name, "/rin") != NULL &&
                                 strcmp(name + strlen(name) - 4, ".tmp") == 0);
    CHECK("GetTempFileName created the file", GetFileAttributesA(name) == FILE_ATTRIBUTE_ARCHIVE);
    CHECK_EQ("GetTempFileName with a number creates nothing", GetTempFileNameA(dir, "rin", 0xBEEF, other), 0xBEEF);
    CHECK("GetTempFileName with a number: the name", strstr(other, "/rinBEEF.tmp") != NULL &&
                                                         GetFileAttributesA(other) == INVALID_FILE_ATTRIBUTES);
    CHECK_EQ("missing file attributes error", GetLastError(), ERROR_FILE_NOT_FOUND);

    h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    CHECK("CREATE_NEW on an existing file", h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS);
    h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    CHECK("CREATE_ALWAYS on an existing file", h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS);
    CHECK("WriteFile", WriteFile(h, "hello world", 11, &n, NULL) && n == 11);
    CHECK_EQ("GetFileSize", GetFileSize(h, &high), 11);
    CHECK_EQ("GetFileSize high part", high, 0);
    CHECK("GetFileSizeEx", GetFileSizeEx(h, &size) && size.QuadPart == 11);
    CHECK_EQ("SetFilePointer", SetFilePointer(h, 6, NULL, FILE_BEGIN), 6);
    CHECK("ReadFile", ReadFile(h, buf, 5, &n, NULL) && n == 5 && memcmp(buf, "world", 5) == 0);
    CHECK("ReadFile at the end", ReadFile(h, buf, 5, &n, NULL) && n == 0);
    CHECK_EQ("SetFilePointer before the start", SetFilePointer(h, -100, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER);
    CHECK_EQ("SetFilePointer before the start error", GetLastError(), ERROR_NEGATIVE_SEEK);
    CHECK_EQ("SetFilePointer with a high part", SetFilePointer(h, 5, &movehigh, FILE_BEGIN), 5);
    CHECK("SetEndOfFile", SetEndOfFile(h) && GetFileSize(h, NULL) == 5);
    dist.QuadPart = -2;
    CHECK("SetFilePointerEx from the end", SetFilePointerEx(h, dist, &pos, FILE_END) && pos.QuadPart == 3);
    CHECK("FlushFileBuffers", FlushFileBuffers(h));
    CHECK_EQ("GetFileType", GetFileType(h), FILE_TYPE_DISK);
    CHECK("CloseHandle file", CloseHandle(h));

    h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    CHECK("WriteFile on a read-only handle", !WriteFile(h, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED);
    CloseHandle(h);
    h = CreateFileA("/nonexistent-rinet-dir/file", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK("missing directory", h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND);
    snprintf(other, sizeof other, "%srinet-missing-%u", dir, unique);
    h = CreateFileA(other, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK("missing file", h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND);
    h = CreateFileA(dir, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK("a directory without FILE_FLAG_BACKUP_SEMANTICS", h == INVALID_HANDLE_VALUE &&
                                                                 GetLastError() == ERROR_ACCESS_DENIED);

    /* Backslashes are separators; the W forms take wide names. */
    snprintf(other, sizeof other, "%s", name);
    q = strrchr(other, '/');
    *q = '\\';
    CHECK("a backslash path", GetFileAttributesA(other) == FILE_ATTRIBUTE_ARCHIVE);
    MultiByteToWideChar(CP_UTF8, 0, name, -1, wname, MAX_PATH);
    h = CreateFileW(wname, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    CHECK("CreateFileW", h != INVALID_HANDLE_VALUE && ReadFile(h, buf, sizeof buf, &n, NULL) && n == 5 &&
                             memcmp(buf, "hello", 5) == 0);
    CloseHandle(h);

    snprintf(other, sizeof other, "%s.copy", name);
    CHECK("CopyFile", CopyFileA(name, other, TRUE));
    CHECK("CopyFile fails on an existing target", !CopyFileA(name, other, TRUE) && GetLastError() == ERROR_FILE_EXISTS);
    CHECK("MoveFileEx without REPLACE_EXISTING", !MoveFileExA(name, other, 0) && GetLastError() == ERROR_ALREADY_EXISTS);
    CHECK("MoveFileEx with REPLACE_EXISTING", MoveFileExA(other, name, MOVEFILE_REPLACE_EXISTING));
    CHECK("the moved file is gone", GetFileAttributesA(other) == INVALID_FILE_ATTRIBUTES);

    /* Overlapped writes at two offsets, completed on the thread pool; then overlapped reads. */
    g_done = CreateEvent(NULL, TRUE, FALSE, NULL);
    h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_OVERLAPPED, NULL);
    CHECK("BindIoCompletionCallback", BindIoCompletionCallback(h, on_io, 0));
    CHECK("BindIoCompletionCallback twice", !BindIoCompletionCallback(h, on_io, 0) &&
                                                GetLastError() == ERROR_INVALID_PARAMETER);
    ZeroMemory(ov, sizeof ov);
    ov[0].Offset = 5;
    ov[1].Offset = 0;
    CHECK("overlapped WriteFile pends", !WriteFile(h, "56789", 5, NULL, &ov[0]) && GetLastError() == ERROR_IO_PENDING);
    CHECK("second overlapped WriteFile pends", !WriteFile(h, "01234", 5, NULL, &ov[1]) &&
                                                   GetLastError() == ERROR_IO_PENDING);
    CHECK_EQ("both completions ran", WaitForSingleObject(g_done, 10000), WAIT_OBJECT_0);
    CHECK("completions' status and bytes", g_status == 0 && g_bytes == 10 && g_completions == 2);
    CHECK("GetOverlappedResult", GetOverlappedResult(h, &ov[0], &n, TRUE) && n == 5);
    CloseHandle(h);
    h = CreateFileA(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
    ZeroMemory(ov, sizeof ov);
    ov[0].Offset = 3;
    ov[0].hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
    memset(buf, 0, sizeof buf);
    CHECK("overlapped ReadFile pends", !ReadFile(h, buf, 4, NULL, &ov[0]) && GetLastError() == ERROR_IO_PENDING);
    CHECK_EQ("overlapped ReadFile signals its event", WaitForSingleObject(ov[0].hEvent, 10000), WAIT_OBJECT_0);
    CHECK("overlapped ReadFile result", GetOverlappedResult(h, &ov[0], &n, TRUE) && n == 4 &&
                                            memcmp(buf, "3456", 4) == 0);
    CHECK("HasOverlappedIoCompleted", HasOverlappedIoCompleted(&ov[0]));
    CloseHandle(ov[0].hEvent);
    ov[1].Offset = 10;
    CHECK("overlapped ReadFile at the end", !ReadFile(h, buf, 4, NULL, &ov[1]) && GetLastError() == ERROR_HANDLE_EOF);
    CloseHandle(h);

    CHECK("DeleteFile", DeleteFileA(name));
    CHECK("DeleteFile again", !DeleteFileA(name) && GetLastError() == ERROR_FILE_NOT_FOUND);
    snprintf(other, sizeof other, "%srinet-dir-%u", dir, unique);
    CHECK("CreateDirectory", CreateDirectoryA(other, NULL));
    CHECK("CreateDirectory again", !CreateDirectoryA(other, NULL) && GetLastError() == ERROR_ALREADY_EXISTS);
    attrs = GetFileAttributesA(other);
    CHECK("a directory's attributes", attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY));
    CHECK("DeleteFile on a directory", !DeleteFileA(other) && GetLastError() == ERROR_ACCESS_DENIED);
    CHECK("RemoveDirectory", RemoveDirectoryA(other));

    /* Memory. */
    p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 100);
    CHECK("HeapAlloc zeroed", p != NULL && ((char *)p)[99] == 0 && HeapSize(GetProcessHeap(), 0, p) == 100);
    memset(p, 'x', 100);
    p = HeapReAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, p, 200);
    CHECK("HeapReAlloc keeps and zeroes", p != NULL && ((char *)p)[99] == 'x' && ((char *)p)[150] == 0);
    CHECK("HeapFree", HeapFree(GetProcessHeap(), 0, p));
    q = (char *)LocalAlloc(LPTR, 16);
    CHECK("LocalAlloc(LPTR)", q != NULL && q[15] == 0 && LocalSize(q) == 16);
    CHECK("LocalFree returns NULL", LocalFree(q) == NULL);
    g = GlobalAlloc(GHND, 32);
    q = (char *)GlobalLock(g);
    CHECK("GlobalAlloc + GlobalLock", q != NULL && q[31] == 0 && GlobalSize(g) == 32);
    CHECK("GlobalUnlock of an unlocked block", !GlobalUnlock(g) && GetLastError() == NO_ERROR);
    CHECK("GlobalFree returns NULL", GlobalFree(g) == NULL);
    {
        /* The strings WinInet hands its caller are freed with GlobalFree, as on Windows. */
        INTERNET_PER_CONN_OPTIONA opt[2];
        INTERNET_PER_CONN_OPTION_LISTA list;
        DWORD size = sizeof list;
        HINTERNET s = InternetOpenA("unit", INTERNET_OPEN_TYPE_PROXY, "proxy.unit.invalid:3128", "<local>", 0);
        memset(opt, 0, sizeof opt);
        memset(&list, 0, sizeof list);
        opt[0].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
        opt[1].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
        list.dwSize = sizeof list;
        list.dwOptionCount = 2;
        list.pOptions = opt;
        CHECK("query PER_CONNECTION_OPTION's two strings",
              s != NULL && InternetQueryOptionA(s, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, &size) &&
                  opt[0].Value.pszValue != NULL && strcmp(opt[0].Value.pszValue, "proxy.unit.invalid:3128") == 0 &&
                  opt[1].Value.pszValue != NULL && strcmp(opt[1].Value.pszValue, "<local>") == 0);
        CHECK("GlobalSize of WinInet's string is its length with the NUL",
              GlobalSize(opt[0].Value.pszValue) == sizeof "proxy.unit.invalid:3128");
        CHECK("GlobalFree frees WinInet's strings", GlobalFree(opt[0].Value.pszValue) == NULL &&
                                                        GlobalFree(opt[1].Value.pszValue) == NULL);
        CHECK("GlobalFree of a pointer that is no block fails with ERROR_INVALID_HANDLE",
              GlobalFree((HGLOBAL)&opt[0]) == (HGLOBAL)&opt[0] && GetLastError() == ERROR_INVALID_HANDLE);
        InternetCloseHandle(s);
    }

    /* The thread pool runs work items. */
    ResetEvent(g_done);
    CHECK("QueueUserWorkItem", QueueUserWorkItem(work, g_done, WT_EXECUTEDEFAULT));
    CHECK_EQ("work item ran", WaitForSingleObject(g_done, 10000), WAIT_OBJECT_0);
    CloseHandle(g_done);

    /* Standard handles write straight to the descriptor. */
    fflush(stdout);
    CHECK("WriteFile to standard output", WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "ok std handle\n", 14, &n, NULL) &&
                                              n == 14);
    return w32_finish();
}
