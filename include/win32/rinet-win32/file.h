/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet-win32/file.h -- part of rinet's Win32 porting headers (include <windows.h>, not this).
 *
 * Files over POSIX file descriptors: CreateFile, ReadFile, WriteFile, sizes and file pointers,
 * the path calls downloaders and uploaders use (DeleteFile, MoveFile, CopyFile,
 * CreateDirectory, GetFileAttributes, GetTempPath, GetTempFileName, ...), overlapped I/O, and
 * the thread pool (BindIoCompletionCallback, QueueUserWorkItem).
 *
 * Paths: a backslash is a directory separator, as on Windows, and becomes '/'; "NUL" is
 * /dev/null. Names are UTF-8 (the W forms convert). Sharing modes are accepted and not enforced.
 *
 * Overlapped I/O: on a handle opened with FILE_FLAG_OVERLAPPED, ReadFile and WriteFile with an
 * OVERLAPPED do the transfer at its Offset at once, store the status and byte count in
 * Internal and InternalHigh, signal its hEvent (if any), queue the completion routine bound by
 * BindIoCompletionCallback (if any) to the thread pool, and return FALSE with
 * ERROR_IO_PENDING; GetOverlappedResult then reports the result. A read at or past the end
 * fails at once with ERROR_HANDLE_EOF and queues nothing. The completion routine receives an
 * NTSTATUS (0 on success), as on Windows.
 */
#ifndef RINET_WIN32_FILE_H
#define RINET_WIN32_FILE_H

#define RINET_WIN32_STATUS_END_OF_FILE ((DWORD)0xC0000011u)

/* The Win32 error for an errno value. */
RINET_WIN32_FN DWORD rinet_win32_errno_to_win32(int e)
{
    switch (e) {
    case 0:
        return ERROR_SUCCESS;
    case ENOENT:
        return ERROR_FILE_NOT_FOUND;
    case ENOTDIR:
        return ERROR_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EISDIR:
    case EROFS:
        return ERROR_ACCESS_DENIED;
    case EEXIST:
        return ERROR_FILE_EXISTS;
    case EBADF:
        return ERROR_INVALID_HANDLE;
    case ENOMEM:
        return ERROR_NOT_ENOUGH_MEMORY;
    case EINVAL:
        return ERROR_INVALID_PARAMETER;
    case ENOSPC:
        return ERROR_DISK_FULL;
    case ENAMETOOLONG:
        return ERROR_FILENAME_EXCED_RANGE;
    case EMFILE:
    case ENFILE:
        return ERROR_TOO_MANY_OPEN_FILES;
    case EBUSY:
        return ERROR_BUSY;
    case ENOTEMPTY:
        return ERROR_DIR_NOT_EMPTY;
    case EXDEV:
        return ERROR_NOT_SAME_DEVICE;
    case EPIPE:
        return ERROR_BROKEN_PIPE;
    case ESPIPE:
        return ERROR_INVALID_FUNCTION;
    case EAGAIN:
        return ERROR_BUSY;
    case EIO:
        return ERROR_GEN_FAILURE;
    default:
        return ERROR_GEN_FAILURE;
    }
}

RINET_WIN32_FN void rinet_win32_set_errno_error(void)
{
    SetLastError(rinet_win32_errno_to_win32(errno));
}

/* NTSTATUS to Win32 error (RtlNtStatusToDosError). */
RINET_WIN32_FN ULONG rinet_win32_ntstatus_to_win32(LONG status)
{
    switch ((uint32_t)status) {
    case 0x00000000u:
        return ERROR_SUCCESS;
    case 0x00000102u:
        return WAIT_TIMEOUT;
    case 0x00000103u:
        return ERROR_IO_PENDING;
    case 0x80000005u:
        return ERROR_MORE_DATA;
    case 0xC0000002u:
        return ERROR_INVALID_FUNCTION;
    case 0xC0000008u:
        return ERROR_INVALID_HANDLE;
    case 0xC000000Du:
        return ERROR_INVALID_PARAMETER;
    case 0xC0000011u:
        return ERROR_HANDLE_EOF;
    case 0xC0000017u:
        return ERROR_NOT_ENOUGH_MEMORY;
    case 0xC0000022u:
        return ERROR_ACCESS_DENIED;
    case 0xC0000023u:
        return ERROR_INSUFFICIENT_BUFFER;
    case 0xC0000034u:
        return ERROR_FILE_NOT_FOUND;
    case 0xC000003Au:
        return ERROR_PATH_NOT_FOUND;
    case 0xC0000035u:
        return ERROR_ALREADY_EXISTS;
    case 0xC000007Fu:
        return ERROR_DISK_FULL;
    case 0xC0000120u:
        return ERROR_OPERATION_ABORTED;
    case 0xC00000BBu:
        return ERROR_NOT_SUPPORTED;
    default:
        return ERROR_MR_MID_NOT_FOUND;
    }
}

/* The NTSTATUS an overlapped operation stores for a Win32 error. */
RINET_WIN32_FN DWORD rinet_win32_win32_to_ntstatus(DWORD error)
{
    switch (error) {
    case ERROR_SUCCESS:
        return 0;
    case ERROR_HANDLE_EOF:
        return RINET_WIN32_STATUS_END_OF_FILE;
    case ERROR_ACCESS_DENIED:
        return 0xC0000022u;
    case ERROR_DISK_FULL:
        return 0xC000007Fu;
    case ERROR_INVALID_HANDLE:
        return 0xC0000008u;
    case ERROR_NOT_ENOUGH_MEMORY:
        return 0xC0000017u;
    default:
        return 0xC0000001u; /* STATUS_UNSUCCESSFUL */
    }
}

/* ---- Paths ------------------------------------------------------------------------------ */

/* A Windows path as a Linux one (new memory, caller frees): backslashes become slashes, NUL is
 * /dev/null. NULL (ERROR_NOT_ENOUGH_MEMORY or ERROR_INVALID_PARAMETER) on failure. */
RINET_WIN32_FN char *rinet_win32_path_a(LPCSTR path)
{
    char *p, *q;
    if (path == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (rinet_win32_stricmp(path, "NUL") == 0 || rinet_win32_stricmp(path, "\\\\.\\NUL") == 0)
        path = "/dev/null";
    p = rinet_win32_strdup(path);
    if (p == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    for (q = p; *q; q++)
        if (*q == '\\')
            *q = '/';
    return p;
}

RINET_WIN32_FN char *rinet_win32_path_w(LPCWSTR path)
{
    char *u, *p;
    if (path == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    u = rinet_win32_wide_to_utf8(path, (size_t)-1, NULL);
    if (u == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    p = rinet_win32_path_a(u);
    free(u);
    return p;
}

/* Copies the UTF-8 text s into a caller's buffer of n characters with the Win32 rule of
 * GetTempPath, GetCurrentDirectory and friends: returns the length without the NUL when it
 * fits, otherwise the size needed with the NUL (and writes nothing). */
RINET_WIN32_FN DWORD rinet_win32_out_a(const char *s, LPSTR buf, DWORD n)
{
    size_t len = strlen(s);
    if (buf == NULL || len + 1 > n)
        return (DWORD)(len + 1);
    memcpy(buf, s, len + 1);
    return (DWORD)len;
}

RINET_WIN32_FN DWORD rinet_win32_out_w(const char *s, LPWSTR buf, DWORD n)
{
    size_t units = rinet_win32_utf8_wide_len(s, strlen(s));
    if (buf == NULL || units + 1 > n)
        return (DWORD)(units + 1);
    rinet_win32_utf8_to_wbuf(s, strlen(s), buf, units + 1);
    return (DWORD)units;
}

/* Whether the directory part of path exists (Windows tells a missing directory,
 * ERROR_PATH_NOT_FOUND, from a missing file, ERROR_FILE_NOT_FOUND). */
RINET_WIN32_FN int rinet_win32_parent_exists(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    struct stat st;
    int ok;
    if (slash == NULL || slash == path)
        return 1;
    dir = (char *)malloc((size_t)(slash - path) + 1);
    if (dir == NULL)
        return 1;
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = 0;
    ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    free(dir);
    return ok;
}

/* ---- File objects ----------------------------------------------------------------------- */
typedef struct rinet_win32_file {
    rinet_win32_object head;
    int fd;
    int own_fd;
    DWORD access;
    DWORD flags;
    char *delete_path;
    LPOVERLAPPED_COMPLETION_ROUTINE completion;
} rinet_win32_file;

RINET_WIN32_FN void rinet_win32_file_destroy(rinet_win32_object *o)
{
    rinet_win32_file *f = (rinet_win32_file *)o;
    if (f->own_fd)
        close(f->fd);
    if (f->delete_path) {
        unlink(f->delete_path);
        free(f->delete_path);
    }
}

/* Standard handles: file objects over descriptors 0, 1 and 2 that CloseHandle does not free. */
RINET_WIN32_BEGIN_C
RINET_WIN32_WEAK rinet_win32_file rinet_win32_std_files[3] = {
    {{RINET_WIN32_MAGIC, RINET_WIN32_KIND_FILE, 1 << 30, NULL}, 0, 0, GENERIC_READ, 0, NULL, NULL},
    {{RINET_WIN32_MAGIC, RINET_WIN32_KIND_FILE, 1 << 30, NULL}, 1, 0, GENERIC_WRITE, 0, NULL, NULL},
    {{RINET_WIN32_MAGIC, RINET_WIN32_KIND_FILE, 1 << 30, NULL}, 2, 0, GENERIC_WRITE, 0, NULL, NULL}};
RINET_WIN32_END_C

/* GetStdHandle: STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE. Output written through
 * these handles bypasses stdio's buffers: call fflush first when mixing them with printf. */
RINET_WIN32_FN HANDLE GetStdHandle(DWORD nStdHandle)
{
    if (nStdHandle == STD_INPUT_HANDLE)
        return (HANDLE)&rinet_win32_std_files[0];
    if (nStdHandle == STD_OUTPUT_HANDLE)
        return (HANDLE)&rinet_win32_std_files[1];
    if (nStdHandle == STD_ERROR_HANDLE)
        return (HANDLE)&rinet_win32_std_files[2];
    SetLastError(ERROR_INVALID_HANDLE);
    return INVALID_HANDLE_VALUE;
}

RINET_WIN32_FN rinet_win32_file *rinet_win32_file_of(HANDLE h)
{
    rinet_win32_object *o = rinet_win32_object_of(h);
    if (o == NULL)
        return NULL;
    if (o->kind != RINET_WIN32_KIND_FILE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return (rinet_win32_file *)o;
}

/* CreateFile: opens or creates a file.
 *   dwDesiredAccess        GENERIC_READ, GENERIC_WRITE (or FILE_READ_DATA, FILE_WRITE_DATA,
 *                          FILE_APPEND_DATA: writes then go to the end).
 *   dwShareMode            accepted, not enforced.
 *   dwCreationDisposition  CREATE_NEW, CREATE_ALWAYS, OPEN_EXISTING, OPEN_ALWAYS,
 *                          TRUNCATE_EXISTING.
 *   dwFlagsAndAttributes   FILE_FLAG_OVERLAPPED, FILE_FLAG_DELETE_ON_CLOSE,
 *                          FILE_FLAG_BACKUP_SEMANTICS (needed to open a directory); others
 *                          accepted.
 * Returns the handle, or INVALID_HANDLE_VALUE. After success GetLastError() is
 * ERROR_ALREADY_EXISTS when CREATE_ALWAYS or OPEN_ALWAYS found the file, 0 otherwise.
 * Errors: ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_FILE_EXISTS (CREATE_NEW),
 * ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER, ERROR_TOO_MANY_OPEN_FILES. */
RINET_WIN32_FN HANDLE rinet_win32_create_file(char *path, DWORD access, DWORD disposition, DWORD flags)
{
    int oflags, fd = -1, existed = 0;
    int reads = (access & (GENERIC_READ | GENERIC_ALL | FILE_READ_DATA)) != 0;
    int writes = (access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA | FILE_APPEND_DATA)) != 0;
    struct stat st;
    rinet_win32_file *f;
    if (path == NULL)
        return INVALID_HANDLE_VALUE;
    oflags = reads && writes ? O_RDWR : writes ? O_WRONLY : O_RDONLY;
    if ((access & FILE_APPEND_DATA) && !(access & (GENERIC_WRITE | GENERIC_ALL | FILE_WRITE_DATA)))
        oflags |= O_APPEND;
    switch (disposition) {
    case CREATE_NEW:
        fd = open(path, oflags | O_CREAT | O_EXCL, 0666);
        break;
    case CREATE_ALWAYS:
    case OPEN_ALWAYS:
        for (;;) {
            fd = open(path, oflags | (disposition == CREATE_ALWAYS ? O_TRUNC : 0));
            if (fd >= 0) {
                existed = 1;
                break;
            }
            if (errno != ENOENT)
                break;
            fd = open(path, oflags | O_CREAT | O_EXCL | (disposition == CREATE_ALWAYS ? O_TRUNC : 0), 0666);
            if (fd >= 0 || errno != EEXIST)
                break;
        }
        break;
    case OPEN_EXISTING:
        fd = open(path, oflags);
        break;
    case TRUNCATE_EXISTING:
        if (!writes) {
            free(path);
            SetLastError(ERROR_INVALID_PARAMETER);
            return INVALID_HANDLE_VALUE;
        }
        fd = open(path, oflags | O_TRUNC);
        break;
    default:
        free(path);
        SetLastError(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (fd < 0) {
        int e = errno;
        DWORD error = e == EEXIST && disposition == CREATE_NEW ? ERROR_FILE_EXISTS : rinet_win32_errno_to_win32(e);
        if (e == ENOENT && !rinet_win32_parent_exists(path))
            error = ERROR_PATH_NOT_FOUND;
        free(path);
        SetLastError(error);
        return INVALID_HANDLE_VALUE;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && !(flags & FILE_FLAG_BACKUP_SEMANTICS)) {
        close(fd);
        free(path);
        SetLastError(ERROR_ACCESS_DENIED);
        return INVALID_HANDLE_VALUE;
    }
    f = (rinet_win32_file *)rinet_win32_new_object(sizeof *f, RINET_WIN32_KIND_FILE);
    if (f == NULL) {
        close(fd);
        free(path);
        return INVALID_HANDLE_VALUE;
    }
    f->head.destroy = rinet_win32_file_destroy;
    f->fd = fd;
    f->own_fd = 1;
    f->access = access;
    f->flags = flags;
    if (flags & FILE_FLAG_DELETE_ON_CLOSE)
        f->delete_path = path;
    else
        free(path);
    SetLastError(existed && (disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS) ? ERROR_ALREADY_EXISTS
                                                                                         : ERROR_SUCCESS);
    return (HANDLE)f;
}

RINET_WIN32_FN HANDLE CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                  LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
    (void)dwShareMode;
    (void)lpSecurityAttributes;
    (void)hTemplateFile;
    return rinet_win32_create_file(rinet_win32_path_a(lpFileName), dwDesiredAccess, dwCreationDisposition,
                                   dwFlagsAndAttributes);
}

RINET_WIN32_FN HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                  LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
    (void)dwShareMode;
    (void)lpSecurityAttributes;
    (void)hTemplateFile;
    return rinet_win32_create_file(rinet_win32_path_w(lpFileName), dwDesiredAccess, dwCreationDisposition,
                                   dwFlagsAndAttributes);
}

/* ---- Thread pool ------------------------------------------------------------------------ */
/* Work items run on up to RINET_WIN32_POOL_MAX threads, started as work arrives and kept for
 * the life of the process. */
#ifndef RINET_WIN32_POOL_MAX
#define RINET_WIN32_POOL_MAX 4
#endif
typedef struct rinet_win32_work {
    struct rinet_win32_work *next;
    LPOVERLAPPED_COMPLETION_ROUTINE io;
    DWORD status;
    DWORD bytes;
    LPOVERLAPPED overlapped;
    LPTHREAD_START_ROUTINE fn;
    void *context;
} rinet_win32_work;

RINET_WIN32_BEGIN_C
RINET_WIN32_WEAK rinet_win32_work *rinet_win32_pool_head;
RINET_WIN32_WEAK rinet_win32_work *rinet_win32_pool_tail;
RINET_WIN32_WEAK int rinet_win32_pool_threads;
RINET_WIN32_WEAK int rinet_win32_pool_idle;
RINET_WIN32_END_C

RINET_WIN32_FN void *rinet_win32_pool_main(void *arg)
{
    (void)arg;
    rinet_win32_enter();
    for (;;) {
        rinet_win32_work *w;
        while (rinet_win32_pool_head == NULL) {
            rinet_win32_pool_idle++;
            pthread_cond_wait(&rinet_win32_cond, &rinet_win32_lock);
            rinet_win32_pool_idle--;
        }
        w = rinet_win32_pool_head;
        rinet_win32_pool_head = w->next;
        if (rinet_win32_pool_head == NULL)
            rinet_win32_pool_tail = NULL;
        rinet_win32_leave();
        if (w->io)
            w->io(w->status, w->bytes, w->overlapped);
        else
            w->fn(w->context);
        free(w);
        rinet_win32_enter();
    }
    return NULL;
}

/* Queues w; starts a worker when none is idle. Returns FALSE (ERROR_NOT_ENOUGH_MEMORY) when
 * no worker exists and none can be started. */
RINET_WIN32_FN BOOL rinet_win32_pool_post(rinet_win32_work *w)
{
    int start = 0;
    w->next = NULL;
    rinet_win32_enter();
    if (rinet_win32_pool_tail)
        rinet_win32_pool_tail->next = w;
    else
        rinet_win32_pool_head = w;
    rinet_win32_pool_tail = w;
    if (rinet_win32_pool_idle == 0 && rinet_win32_pool_threads < RINET_WIN32_POOL_MAX) {
        rinet_win32_pool_threads++;
        start = 1;
    }
    rinet_win32_wake_all();
    rinet_win32_leave();
    if (start) {
        pthread_t t;
        pthread_attr_t attr;
        int rc;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        rc = pthread_create(&t, &attr, rinet_win32_pool_main, NULL);
        pthread_attr_destroy(&attr);
        if (rc != 0) {
            rinet_win32_enter();
            rinet_win32_pool_threads--;
            rc = rinet_win32_pool_threads == 0;
            rinet_win32_leave();
            if (rc) {
                SetLastError(ERROR_NOT_ENOUGH_MEMORY);
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* QueueUserWorkItem: runs Function(Context) on a thread-pool thread. Flags are accepted. */
RINET_WIN32_FN BOOL QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags)
{
    rinet_win32_work *w;
    (void)Flags;
    if (Function == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    w = (rinet_win32_work *)calloc(1, sizeof *w);
    if (w == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    w->fn = Function;
    w->context = Context;
    return rinet_win32_pool_post(w);
}

/* BindIoCompletionCallback: every overlapped ReadFile or WriteFile on FileHandle then queues
 * Function(status, bytes, overlapped) to the thread pool when it completes. A handle can be
 * bound once (ERROR_INVALID_PARAMETER the second time). */
RINET_WIN32_FN BOOL BindIoCompletionCallback(HANDLE FileHandle, LPOVERLAPPED_COMPLETION_ROUTINE Function, ULONG Flags)
{
    rinet_win32_file *f = rinet_win32_file_of(FileHandle);
    (void)Flags;
    if (f == NULL)
        return FALSE;
    if (Function == NULL || f->completion != NULL || !(f->flags & FILE_FLAG_OVERLAPPED)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    f->completion = Function;
    return TRUE;
}

/* Completes an overlapped operation that has been carried out: records the result, signals the
 * event and queues the bound completion routine. */
RINET_WIN32_FN void rinet_win32_overlapped_done(rinet_win32_file *f, LPOVERLAPPED ov, DWORD error, DWORD bytes)
{
    ov->Internal = rinet_win32_win32_to_ntstatus(error);
    ov->InternalHigh = bytes;
    if (ov->hEvent != NULL && !((uintptr_t)ov->hEvent & 1u))
        SetEvent(ov->hEvent);
    if (f->completion != NULL && !((uintptr_t)ov->hEvent & 1u)) {
        rinet_win32_work *w = (rinet_win32_work *)calloc(1, sizeof *w);
        if (w != NULL) {
            w->io = f->completion;
            w->status = (DWORD)ov->Internal;
            w->bytes = bytes;
            w->overlapped = ov;
            rinet_win32_pool_post(w);
        }
    }
}

/* ---- Reading and writing ---------------------------------------------------------------- */

RINET_WIN32_FN off_t rinet_win32_offset_of(LPOVERLAPPED ov)
{
    return (off_t)(((uint64_t)ov->OffsetHigh << 32) | ov->Offset);
}

/* Reads up to n bytes at offset (or at the file pointer when offset < 0); a regular file is read
 * until n bytes or its end. Returns the count, or -1 with errno. */
RINET_WIN32_FN ssize_t rinet_win32_read_all(int fd, void *buf, size_t n, off_t offset, int regular)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = offset >= 0 ? pread(fd, (char *)buf + done, n - done, offset + (off_t)done)
                                : read(fd, (char *)buf + done, n - done);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return done > 0 ? (ssize_t)done : -1;
        }
        if (r == 0)
            break;
        done += (size_t)r;
        if (!regular)
            break;
    }
    return (ssize_t)done;
}

RINET_WIN32_FN ssize_t rinet_win32_write_all(int fd, const void *buf, size_t n, off_t offset)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = offset >= 0 ? pwrite(fd, (const char *)buf + done, n - done, offset + (off_t)done)
                                : write(fd, (const char *)buf + done, n - done);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)r;
    }
    return (ssize_t)done;
}

RINET_WIN32_FN int rinet_win32_is_regular(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* ReadFile: reads up to nNumberOfBytesToRead bytes; *lpNumberOfBytesRead (may be NULL only with
 * an OVERLAPPED) gets the count, 0 at the end of the file (TRUE). With an OVERLAPPED the read
 * is at its Offset (see the top of this file for overlapped handles). Errors:
 * ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED (not opened for reading), ERROR_HANDLE_EOF
 * (overlapped read at the end), ERROR_INVALID_PARAMETER. */
RINET_WIN32_FN BOOL ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead, LPDWORD lpNumberOfBytesRead,
                             LPOVERLAPPED lpOverlapped)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    ssize_t r;
    off_t offset;
    if (lpNumberOfBytesRead)
        *lpNumberOfBytesRead = 0;
    if (f == NULL)
        return FALSE;
    if ((lpBuffer == NULL && nNumberOfBytesToRead > 0) || (lpNumberOfBytesRead == NULL && lpOverlapped == NULL)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    offset = lpOverlapped ? rinet_win32_offset_of(lpOverlapped) : -1;
    r = rinet_win32_read_all(f->fd, lpBuffer, nNumberOfBytesToRead, offset, rinet_win32_is_regular(f->fd));
    if (r < 0) {
        DWORD e = errno == EBADF ? ERROR_ACCESS_DENIED : rinet_win32_errno_to_win32(errno);
        SetLastError(e);
        return FALSE;
    }
    if (lpOverlapped == NULL) {
        *lpNumberOfBytesRead = (DWORD)r;
        return TRUE;
    }
    if (r == 0 && nNumberOfBytesToRead > 0) {
        lpOverlapped->Internal = RINET_WIN32_STATUS_END_OF_FILE;
        lpOverlapped->InternalHigh = 0;
        SetLastError(ERROR_HANDLE_EOF);
        return FALSE;
    }
    if (!(f->flags & FILE_FLAG_OVERLAPPED)) {
        lseek(f->fd, offset + (off_t)r, SEEK_SET);
        lpOverlapped->Internal = 0;
        lpOverlapped->InternalHigh = (ULONG_PTR)r;
        if (lpNumberOfBytesRead)
            *lpNumberOfBytesRead = (DWORD)r;
        return TRUE;
    }
    rinet_win32_overlapped_done(f, lpOverlapped, ERROR_SUCCESS, (DWORD)r);
    SetLastError(ERROR_IO_PENDING);
    return FALSE;
}

/* WriteFile: writes all nNumberOfBytesToWrite bytes; *lpNumberOfBytesWritten (may be NULL only
 * with an OVERLAPPED) gets the count. With an OVERLAPPED the write is at its Offset, or at the
 * end when Offset and OffsetHigh are both 0xFFFFFFFF. Errors: ERROR_INVALID_HANDLE,
 * ERROR_ACCESS_DENIED (not opened for writing), ERROR_DISK_FULL, ERROR_INVALID_PARAMETER. */
RINET_WIN32_FN BOOL WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                              LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    ssize_t r;
    off_t offset = -1;
    if (lpNumberOfBytesWritten)
        *lpNumberOfBytesWritten = 0;
    if (f == NULL)
        return FALSE;
    if ((lpBuffer == NULL && nNumberOfBytesToWrite > 0) || (lpNumberOfBytesWritten == NULL && lpOverlapped == NULL)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (lpOverlapped != NULL) {
        if (lpOverlapped->Offset == 0xFFFFFFFFu && lpOverlapped->OffsetHigh == 0xFFFFFFFFu)
            offset = lseek(f->fd, 0, SEEK_END);
        else
            offset = rinet_win32_offset_of(lpOverlapped);
    }
    if (f == &rinet_win32_std_files[1])
        fflush(stdout);
    else if (f == &rinet_win32_std_files[2])
        fflush(stderr);
    r = rinet_win32_write_all(f->fd, lpBuffer, nNumberOfBytesToWrite, offset);
    if (r >= 0 && lpOverlapped != NULL && !(f->flags & FILE_FLAG_OVERLAPPED) && offset >= 0)
        lseek(f->fd, offset + (off_t)r, SEEK_SET); /* a positioned write on an ordinary handle moves its pointer */
    if (r < 0) {
        DWORD e = errno == EBADF ? ERROR_ACCESS_DENIED : rinet_win32_errno_to_win32(errno);
        SetLastError(e);
        return FALSE;
    }
    if (lpOverlapped == NULL || !(f->flags & FILE_FLAG_OVERLAPPED)) {
        if (lpOverlapped != NULL) {
            lpOverlapped->Internal = 0;
            lpOverlapped->InternalHigh = (ULONG_PTR)r;
        }
        if (lpNumberOfBytesWritten)
            *lpNumberOfBytesWritten = (DWORD)r;
        return TRUE;
    }
    rinet_win32_overlapped_done(f, lpOverlapped, ERROR_SUCCESS, (DWORD)r);
    SetLastError(ERROR_IO_PENDING);
    return FALSE;
}

/* GetOverlappedResult: the result of an overlapped ReadFile or WriteFile (which the kit has
 * always finished by the time it returns). */
RINET_WIN32_FN BOOL GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                        BOOL bWait)
{
    (void)hFile;
    (void)bWait;
    if (lpOverlapped == NULL || lpNumberOfBytesTransferred == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *lpNumberOfBytesTransferred = (DWORD)lpOverlapped->InternalHigh;
    if (lpOverlapped->Internal == STATUS_PENDING) {
        SetLastError(ERROR_IO_INCOMPLETE);
        return FALSE;
    }
    if (lpOverlapped->Internal != 0) {
        SetLastError(rinet_win32_ntstatus_to_win32((LONG)lpOverlapped->Internal));
        return FALSE;
    }
    return TRUE;
}
#ifndef HasOverlappedIoCompleted
#define HasOverlappedIoCompleted(lpOverlapped) (((DWORD)(lpOverlapped)->Internal) != STATUS_PENDING)
#endif

/* Nothing is ever left in flight to cancel. */
RINET_WIN32_FN BOOL CancelIo(HANDLE hFile)
{
    return rinet_win32_file_of(hFile) != NULL;
}

RINET_WIN32_FN BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
    (void)lpOverlapped;
    if (rinet_win32_file_of(hFile) == NULL)
        return FALSE;
    SetLastError(ERROR_NOT_FOUND);
    return FALSE;
}

/* ---- Sizes and file pointers ------------------------------------------------------------ */

RINET_WIN32_FN BOOL GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    struct stat st;
    if (f == NULL)
        return FALSE;
    if (lpFileSize == NULL) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (fstat(f->fd, &st) != 0) {
        rinet_win32_set_errno_error();
        return FALSE;
    }
    lpFileSize->QuadPart = (LONGLONG)st.st_size;
    return TRUE;
}

/* GetFileSize: the low 32 bits of the size; *lpFileSizeHigh (may be NULL) the high ones. On
 * failure INVALID_FILE_SIZE with GetLastError() != 0 (a size of 0xFFFFFFFF leaves it 0). */
RINET_WIN32_FN DWORD GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)
{
    LARGE_INTEGER size;
    if (!GetFileSizeEx(hFile, &size))
        return INVALID_FILE_SIZE;
    if (lpFileSizeHigh)
        *lpFileSizeHigh = (DWORD)((uint64_t)size.QuadPart >> 32);
    SetLastError(ERROR_SUCCESS);
    return (DWORD)((uint64_t)size.QuadPart & 0xFFFFFFFFu);
}

RINET_WIN32_FN BOOL SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
                                     DWORD dwMoveMethod)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    int whence;
    off_t r;
    if (f == NULL)
        return FALSE;
    switch (dwMoveMethod) {
    case FILE_BEGIN:
        whence = SEEK_SET;
        break;
    case FILE_CURRENT:
        whence = SEEK_CUR;
        break;
    case FILE_END:
        whence = SEEK_END;
        break;
    default:
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    r = lseek(f->fd, (off_t)liDistanceToMove.QuadPart, whence);
    if (r < 0) {
        SetLastError(errno == EINVAL ? ERROR_NEGATIVE_SEEK : rinet_win32_errno_to_win32(errno));
        return FALSE;
    }
    if (lpNewFilePointer)
        lpNewFilePointer->QuadPart = (LONGLONG)r;
    return TRUE;
}

/* SetFilePointer: moves by lDistanceToMove (with *lpDistanceToMoveHigh as the high 32 bits when
 * given, which then receives the new position's high bits). Returns the new position's low 32
 * bits, or INVALID_SET_FILE_POINTER with GetLastError() != 0 (ERROR_NEGATIVE_SEEK, ...). */
RINET_WIN32_FN DWORD SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                                    DWORD dwMoveMethod)
{
    LARGE_INTEGER distance, position;
    if (lpDistanceToMoveHigh)
        distance.QuadPart = (LONGLONG)(((uint64_t)(uint32_t)*lpDistanceToMoveHigh << 32) | (uint32_t)lDistanceToMove);
    else
        distance.QuadPart = lDistanceToMove;
    if (!SetFilePointerEx(hFile, distance, &position, dwMoveMethod))
        return INVALID_SET_FILE_POINTER;
    if (lpDistanceToMoveHigh)
        *lpDistanceToMoveHigh = (LONG)((uint64_t)position.QuadPart >> 32);
    SetLastError(ERROR_SUCCESS);
    return (DWORD)((uint64_t)position.QuadPart & 0xFFFFFFFFu);
}

/* SetEndOfFile: the file ends at its file pointer. */
RINET_WIN32_FN BOOL SetEndOfFile(HANDLE hFile)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    off_t here;
    if (f == NULL)
        return FALSE;
    here = lseek(f->fd, 0, SEEK_CUR);
    if (here < 0 || ftruncate(f->fd, here) != 0) {
        rinet_win32_set_errno_error();
        return FALSE;
    }
    return TRUE;
}

RINET_WIN32_FN BOOL FlushFileBuffers(HANDLE hFile)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    if (f == NULL)
        return FALSE;
    if (f->fd == 1)
        fflush(stdout);
    else if (f->fd == 2)
        fflush(stderr);
    if (fsync(f->fd) != 0 && errno != EINVAL && errno != EROFS) {
        rinet_win32_set_errno_error();
        return FALSE;
    }
    return TRUE;
}

RINET_WIN32_FN DWORD GetFileType(HANDLE hFile)
{
    rinet_win32_file *f = rinet_win32_file_of(hFile);
    struct stat st;
    if (f == NULL || fstat(f->fd, &st) != 0)
        return FILE_TYPE_UNKNOWN;
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return FILE_TYPE_DISK;
    if (S_ISCHR(st.st_mode))
        return FILE_TYPE_CHAR;
    if (S_ISFIFO(st.st_mode) || (st.st_mode & 0170000) == 0140000)
        return FILE_TYPE_PIPE;
    return FILE_TYPE_UNKNOWN;
}

/* ---- Path calls ------------------------------------------------------------------------- */

RINET_WIN32_FN BOOL rinet_win32_delete_file(char *path)
{
    struct stat st;
    if (path == NULL)
        return FALSE;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        free(path);
        SetLastError(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (unlink(path) != 0) {
        rinet_win32_set_errno_error();
        free(path);
        return FALSE;
    }
    free(path);
    return TRUE;
}

/* DeleteFile: removes a file (not a directory: ERROR_ACCESS_DENIED). */
RINET_WIN32_FN BOOL DeleteFileA(LPCSTR lpFileName)
{
    return rinet_win32_delete_file(rinet_win32_path_a(lpFileName));
}

RINET_WIN32_FN BOOL DeleteFileW(LPCWSTR lpFileName)
{
    return rinet_win32_delete_file(rinet_win32_path_w(lpFileName));
}

RINET_WIN32_FN BOOL rinet_win32_create_directory(char *path)
{
    int rc;
    if (path == NULL)
        return FALSE;
    rc = mkdir(path, 0777);
    if (rc != 0)
        SetLastError(errno == EEXIST ? ERROR_ALREADY_EXISTS
                                     : errno == ENOENT ? ERROR_PATH_NOT_FOUND : rinet_win32_errno_to_win32(errno));
    free(path);
    return rc == 0;
}

RINET_WIN32_FN BOOL CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    (void)lpSecurityAttributes;
    return rinet_win32_create_directory(rinet_win32_path_a(lpPathName));
}

RINET_WIN32_FN BOOL CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    (void)lpSecurityAttributes;
    return rinet_win32_create_directory(rinet_win32_path_w(lpPathName));
}

RINET_WIN32_FN BOOL rinet_win32_remove_directory(char *path)
{
    int rc;
    if (path == NULL)
        return FALSE;
    rc = rmdir(path);
    if (rc != 0)
        rinet_win32_set_errno_error();
    free(path);
    return rc == 0;
}

RINET_WIN32_FN BOOL RemoveDirectoryA(LPCSTR lpPathName)
{
    return rinet_win32_remove_directory(rinet_win32_path_a(lpPathName));
}

RINET_WIN32_FN BOOL RemoveDirectoryW(LPCWSTR lpPathName)
{
    return rinet_win32_remove_directory(rinet_win32_path_w(lpPathName));
}

/* MoveFileEx: renames; the target must not exist unless MOVEFILE_REPLACE_EXISTING
 * (ERROR_ALREADY_EXISTS). Across file systems it needs MOVEFILE_COPY_ALLOWED. */
RINET_WIN32_FN BOOL rinet_win32_copy_file(const char *from, const char *to, BOOL fail_if_exists);
RINET_WIN32_FN BOOL rinet_win32_move_file(char *from, char *to, DWORD flags)
{
    BOOL ok = FALSE;
    struct stat st;
    if (from == NULL || to == NULL) {
        free(from);
        free(to);
        return FALSE;
    }
    if (!(flags & MOVEFILE_REPLACE_EXISTING) && stat(to, &st) == 0) {
        SetLastError(ERROR_ALREADY_EXISTS);
    } else if (rename(from, to) == 0) {
        ok = TRUE;
    } else if (errno == EXDEV && (flags & MOVEFILE_COPY_ALLOWED)) {
        ok = rinet_win32_copy_file(from, to, FALSE);
        if (ok)
            unlink(from);
    } else {
        rinet_win32_set_errno_error();
    }
    free(from);
    free(to);
    return ok;
}

RINET_WIN32_FN BOOL MoveFileExA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, DWORD dwFlags)
{
    return rinet_win32_move_file(rinet_win32_path_a(lpExistingFileName), rinet_win32_path_a(lpNewFileName), dwFlags);
}

RINET_WIN32_FN BOOL MoveFileExW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, DWORD dwFlags)
{
    return rinet_win32_move_file(rinet_win32_path_w(lpExistingFileName), rinet_win32_path_w(lpNewFileName), dwFlags);
}

RINET_WIN32_FN BOOL MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName)
{
    return MoveFileExA(lpExistingFileName, lpNewFileName, MOVEFILE_COPY_ALLOWED);
}

RINET_WIN32_FN BOOL MoveFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName)
{
    return MoveFileExW(lpExistingFileName, lpNewFileName, MOVEFILE_COPY_ALLOWED);
}

/* CopyFile: copies the contents; with bFailIfExists an existing target fails with
 * ERROR_FILE_EXISTS. */
RINET_WIN32_FN BOOL rinet_win32_copy_file(const char *from, const char *to, BOOL fail_if_exists)
{
    char buf[65536];
    int in, out;
    BOOL ok = TRUE;
    in = open(from, O_RDONLY);
    if (in < 0) {
        rinet_win32_set_errno_error();
        return FALSE;
    }
    out = open(to, O_WRONLY | O_CREAT | (fail_if_exists ? O_EXCL : O_TRUNC), 0666);
    if (out < 0) {
        SetLastError(errno == EEXIST ? ERROR_FILE_EXISTS : rinet_win32_errno_to_win32(errno));
        close(in);
        return FALSE;
    }
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || (r > 0 && rinet_win32_write_all(out, buf, (size_t)r, -1) < 0)) {
            rinet_win32_set_errno_error();
            ok = FALSE;
            break;
        }
        if (r == 0)
            break;
    }
    close(in);
    if (close(out) != 0 && ok) {
        rinet_win32_set_errno_error();
        ok = FALSE;
    }
    return ok;
}

RINET_WIN32_FN BOOL CopyFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, BOOL bFailIfExists)
{
    char *from = rinet_win32_path_a(lpExistingFileName), *to = rinet_win32_path_a(lpNewFileName);
    BOOL ok = from && to ? rinet_win32_copy_file(from, to, bFailIfExists) : FALSE;
    free(from);
    free(to);
    return ok;
}

RINET_WIN32_FN BOOL CopyFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, BOOL bFailIfExists)
{
    char *from = rinet_win32_path_w(lpExistingFileName), *to = rinet_win32_path_w(lpNewFileName);
    BOOL ok = from && to ? rinet_win32_copy_file(from, to, bFailIfExists) : FALSE;
    free(from);
    free(to);
    return ok;
}

/* GetFileAttributes: FILE_ATTRIBUTE_DIRECTORY for a directory, FILE_ATTRIBUTE_ARCHIVE for a
 * file, with FILE_ATTRIBUTE_READONLY when it cannot be written; INVALID_FILE_ATTRIBUTES
 * (ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND) when it does not exist. */
RINET_WIN32_FN DWORD rinet_win32_attributes(char *path, struct stat *st_out)
{
    struct stat st;
    DWORD a;
    if (path == NULL)
        return INVALID_FILE_ATTRIBUTES;
    if (stat(path, &st) != 0) {
        SetLastError(errno == ENOENT && !rinet_win32_parent_exists(path) ? ERROR_PATH_NOT_FOUND
                                                                         : rinet_win32_errno_to_win32(errno));
        free(path);
        return INVALID_FILE_ATTRIBUTES;
    }
    a = S_ISDIR(st.st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;
    if (access(path, W_OK) != 0)
        a |= FILE_ATTRIBUTE_READONLY;
    free(path);
    if (st_out)
        *st_out = st;
    return a;
}

RINET_WIN32_FN DWORD GetFileAttributesA(LPCSTR lpFileName)
{
    return rinet_win32_attributes(rinet_win32_path_a(lpFileName), NULL);
}

RINET_WIN32_FN DWORD GetFileAttributesW(LPCWSTR lpFileName)
{
    return rinet_win32_attributes(rinet_win32_path_w(lpFileName), NULL);
}

/* SetFileAttributes: accepted; only FILE_ATTRIBUTE_READONLY has a meaning here, and it is not
 * applied. */
RINET_WIN32_FN BOOL SetFileAttributesA(LPCSTR lpFileName, DWORD dwFileAttributes)
{
    (void)dwFileAttributes;
    return GetFileAttributesA(lpFileName) != INVALID_FILE_ATTRIBUTES;
}

RINET_WIN32_FN BOOL SetFileAttributesW(LPCWSTR lpFileName, DWORD dwFileAttributes)
{
    (void)dwFileAttributes;
    return GetFileAttributesW(lpFileName) != INVALID_FILE_ATTRIBUTES;
}

typedef enum _GET_FILEEX_INFO_LEVELS { GetFileExInfoStandard, GetFileExMaxInfoLevel } GET_FILEEX_INFO_LEVELS;
typedef struct _WIN32_FILE_ATTRIBUTE_DATA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA, *LPWIN32_FILE_ATTRIBUTE_DATA;

/* Seconds and nanoseconds since 1970 as a FILETIME. */
RINET_WIN32_FN FILETIME rinet_win32_filetime(time_t sec, long nsec)
{
    FILETIME ft;
    uint64_t v = ((uint64_t)(int64_t)sec + 11644473600ull) * 10000000ull + (uint64_t)(nsec / 100);
    ft.dwLowDateTime = (DWORD)(v & 0xFFFFFFFFu);
    ft.dwHighDateTime = (DWORD)(v >> 32);
    return ft;
}

RINET_WIN32_FN BOOL rinet_win32_attributes_ex(char *path, LPVOID out)
{
    struct stat st;
    WIN32_FILE_ATTRIBUTE_DATA *d = (WIN32_FILE_ATTRIBUTE_DATA *)out;
    DWORD a;
    if (out == NULL) {
        free(path);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    a = rinet_win32_attributes(path, &st);
    if (a == INVALID_FILE_ATTRIBUTES)
        return FALSE;
    d->dwFileAttributes = a;
    d->ftCreationTime = rinet_win32_filetime(st.st_ctime, 0);
    d->ftLastAccessTime = rinet_win32_filetime(st.st_atime, 0);
    d->ftLastWriteTime = rinet_win32_filetime(st.st_mtime, 0);
    d->nFileSizeHigh = S_ISDIR(st.st_mode) ? 0 : (DWORD)((uint64_t)st.st_size >> 32);
    d->nFileSizeLow = S_ISDIR(st.st_mode) ? 0 : (DWORD)((uint64_t)st.st_size & 0xFFFFFFFFu);
    return TRUE;
}

RINET_WIN32_FN BOOL GetFileAttributesExA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                         LPVOID lpFileInformation)
{
    if (fInfoLevelId != GetFileExInfoStandard) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return rinet_win32_attributes_ex(rinet_win32_path_a(lpFileName), lpFileInformation);
}

RINET_WIN32_FN BOOL GetFileAttributesExW(LPCWSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                         LPVOID lpFileInformation)
{
    if (fInfoLevelId != GetFileExInfoStandard) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return rinet_win32_attributes_ex(rinet_win32_path_w(lpFileName), lpFileInformation);
}

/* GetTempPath: $TMPDIR (or /tmp) with a trailing '/'. Returns its length without the NUL, or the
 * size needed with the NUL when nBufferLength is too small (nothing written). */
RINET_WIN32_FN char *rinet_win32_temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    char *out;
    size_t n;
    if (dir == NULL || dir[0] == 0)
        dir = "/tmp";
    n = strlen(dir);
    out = (char *)malloc(n + 2);
    if (out == NULL)
        return NULL;
    memcpy(out, dir, n);
    if (n == 0 || out[n - 1] != '/')
        out[n++] = '/';
    out[n] = 0;
    return out;
}

RINET_WIN32_FN DWORD GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
    char *dir = rinet_win32_temp_dir();
    DWORD r;
    if (dir == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    r = rinet_win32_out_a(dir, lpBuffer, nBufferLength);
    free(dir);
    return r;
}

RINET_WIN32_FN DWORD GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    char *dir = rinet_win32_temp_dir();
    DWORD r;
    if (dir == NULL) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    r = rinet_win32_out_w(dir, lpBuffer, nBufferLength);
    free(dir);
    return r;
}

/* GetTempFileName: "<dir>/<up to 3 characters of prefix><hex>.tmp" into a MAX_PATH buffer.
 * uUnique 0: picks a number whose file does not exist yet and creates the file (empty);
 * otherwise uses uUnique's low 16 bits and creates nothing. Returns the number used, or 0
 * (ERROR_DIRECTORY when the directory does not exist, ERROR_BUFFER_OVERFLOW when the name is
 * longer than MAX_PATH). */
RINET_WIN32_FN UINT rinet_win32_temp_name(const char *dir, const char *prefix, UINT unique, char *out)
{
    struct stat st;
    size_t dl = strlen(dir);
    char pre[16];
    size_t i = 0, k = 0, chars = 0;
    UINT n;
    int tries;
    if (dl == 0 || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        SetLastError(ERROR_DIRECTORY);
        return 0;
    }
    /* At most three characters (not bytes) of the prefix. */
    while (prefix && prefix[i] && chars < 3) {
        size_t len = 1;
        while (prefix[i + len] && ((unsigned char)prefix[i + len] & 0xC0) == 0x80)
            len++;
        if (k + len >= sizeof pre)
            break;
        memcpy(pre + k, prefix + i, len);
        k += len;
        i += len;
        chars++;
    }
    pre[k] = 0;
    if (unique != 0) {
        int len = snprintf(out, MAX_PATH, "%s%s%s%X.tmp", dir, dir[dl - 1] == '/' ? "" : "/", pre, unique & 0xFFFFu);
        if (len < 0 || len >= MAX_PATH) {
            SetLastError(ERROR_BUFFER_OVERFLOW);
            return 0;
        }
        return unique & 0xFFFFu;
    }
    {
        struct timespec now;
        clock_gettime(RINET_WIN32_CLOCK_MONOTONIC, &now);
        n = (UINT)((now.tv_nsec / 1000) ^ (long)getpid()) & 0xFFFFu;
    }
    for (tries = 0; tries < 65536; tries++, n = (n + 1) & 0xFFFFu) {
        int fd, len;
        if (n == 0)
            continue;
        len = snprintf(out, MAX_PATH, "%s%s%s%X.tmp", dir, dir[dl - 1] == '/' ? "" : "/", pre, n);
        if (len < 0 || len >= MAX_PATH) {
            SetLastError(ERROR_BUFFER_OVERFLOW);
            return 0;
        }
        fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            close(fd);
            return n;
        }
        if (errno != EEXIST) {
            rinet_win32_set_errno_error();
            return 0;
        }
    }
    SetLastError(ERROR_FILE_EXISTS);
    return 0;
}

RINET_WIN32_FN UINT GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString, UINT uUnique, LPSTR lpTempFileName)
{
    char *dir = rinet_win32_path_a(lpPathName);
    char out[MAX_PATH];
    UINT n;
    if (dir == NULL)
        return 0;
    if (lpTempFileName == NULL) {
        free(dir);
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    n = rinet_win32_temp_name(dir, lpPrefixString, uUnique, out);
    free(dir);
    if (n != 0)
        memcpy(lpTempFileName, out, strlen(out) + 1);
    return n;
}

RINET_WIN32_FN UINT GetTempFileNameW(LPCWSTR lpPathName, LPCWSTR lpPrefixString, UINT uUnique, LPWSTR lpTempFileName)
{
    char *dir = rinet_win32_path_w(lpPathName);
    char *prefix = lpPrefixString ? rinet_win32_wide_to_utf8(lpPrefixString, (size_t)-1, NULL) : NULL;
    char out[MAX_PATH];
    UINT n;
    if (dir == NULL || lpTempFileName == NULL || (lpPrefixString && prefix == NULL)) {
        free(dir);
        free(prefix);
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    n = rinet_win32_temp_name(dir, prefix, uUnique, out);
    free(dir);
    free(prefix);
    if (n != 0)
        rinet_win32_utf8_to_wbuf(out, strlen(out), lpTempFileName, MAX_PATH);
    return n;
}

/* GetCurrentDirectory / SetCurrentDirectory. */
RINET_WIN32_FN DWORD GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer)
{
    char dir[4096];
    if (getcwd(dir, sizeof dir) == NULL) {
        rinet_win32_set_errno_error();
        return 0;
    }
    return rinet_win32_out_a(dir, lpBuffer, nBufferLength);
}

RINET_WIN32_FN DWORD GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    char dir[4096];
    if (getcwd(dir, sizeof dir) == NULL) {
        rinet_win32_set_errno_error();
        return 0;
    }
    return rinet_win32_out_w(dir, lpBuffer, nBufferLength);
}

RINET_WIN32_FN BOOL rinet_win32_chdir(char *path)
{
    int rc;
    if (path == NULL)
        return FALSE;
    rc = chdir(path);
    if (rc != 0)
        SetLastError(errno == ENOENT ? ERROR_FILE_NOT_FOUND : rinet_win32_errno_to_win32(errno));
    free(path);
    return rc == 0;
}

RINET_WIN32_FN BOOL SetCurrentDirectoryA(LPCSTR lpPathName)
{
    return rinet_win32_chdir(rinet_win32_path_a(lpPathName));
}

RINET_WIN32_FN BOOL SetCurrentDirectoryW(LPCWSTR lpPathName)
{
    return rinet_win32_chdir(rinet_win32_path_w(lpPathName));
}

#endif /* RINET_WIN32_FILE_H */
