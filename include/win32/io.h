/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * io.h -- rinet's Win32 porting headers: the Microsoft C library's low-level I/O names
 * (_open, _read, _write, _close, _lseek, _access, _setmode, _fileno, _isatty, _O_BINARY, ...),
 * over POSIX. Text and binary mode are the same.
 */
#ifndef RINET_WIN32_IO_H
#define RINET_WIN32_IO_H

#include "windows.h"

#ifndef RINET_WIN32_NO_CRT_NAMES
#define _open open
#define _read read
#define _write write
#define _close close
#define _lseek lseek
#define _lseeki64 lseek
#define _dup dup
#define _dup2 dup2
#define _chsize ftruncate
#define _chsize_s ftruncate
#define _commit fsync
#define _O_RDONLY O_RDONLY
#define _O_WRONLY O_WRONLY
#define _O_RDWR O_RDWR
#define _O_APPEND O_APPEND
#define _O_CREAT O_CREAT
#define _O_TRUNC O_TRUNC
#define _O_EXCL O_EXCL
#define _S_IREAD S_IRUSR
#define _S_IWRITE S_IWUSR
#endif

/* _filelength: the size of the open file, or -1. */
RINET_WIN32_FN long rinet_win32_filelength(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_size : -1L;
}
#ifndef RINET_WIN32_NO_CRT_NAMES
#define _filelength rinet_win32_filelength
#define _filelengthi64 rinet_win32_filelength
#endif

#endif /* RINET_WIN32_IO_H */
