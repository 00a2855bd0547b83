/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * process.h -- rinet's Win32 porting headers: the Microsoft C library's thread calls.
 *
 *   _beginthreadex  as CreateThread, with the C library's types: returns the thread's handle
 *                   (0 on failure, errno set); close it with CloseHandle.
 *   _beginthread    a thread whose handle closes itself when it ends (do not close it).
 *   _endthreadex, _endthread  end the calling thread.
 */
#ifndef RINET_WIN32_PROCESS_H
#define RINET_WIN32_PROCESS_H

#include "windows.h"

typedef unsigned(__stdcall *_beginthreadex_proc_type)(void *);
typedef void(__cdecl *_beginthread_proc_type)(void *);

RINET_WIN32_FN uintptr_t _beginthreadex(void *security, unsigned stack_size, _beginthreadex_proc_type start_address,
                                        void *arglist, unsigned initflag, unsigned *thrdaddr)
{
    DWORD tid = 0;
    HANDLE h = CreateThread((LPSECURITY_ATTRIBUTES)security, stack_size,
                            RINET_WIN32_CAST(LPTHREAD_START_ROUTINE, start_address), arglist, initflag, &tid);
    if (h == NULL) {
        errno = EAGAIN;
        return 0;
    }
    if (thrdaddr)
        *thrdaddr = tid;
    return (uintptr_t)h;
}

/* _beginthread's start routine returns nothing: a small record carries it to a DWORD one. */
typedef struct rinet_win32_beginthread {
    _beginthread_proc_type start;
    void *arg;
} rinet_win32_beginthread;

RINET_WIN32_FN DWORD WINAPI rinet_win32_beginthread_main(LPVOID p)
{
    rinet_win32_beginthread b = *(rinet_win32_beginthread *)p;
    free(p);
    b.start(b.arg);
    return 0;
}

RINET_WIN32_FN uintptr_t _beginthread(_beginthread_proc_type start_address, unsigned stack_size, void *arglist)
{
    rinet_win32_beginthread *b = (rinet_win32_beginthread *)malloc(sizeof *b);
    HANDLE h;
    if (b == NULL || start_address == NULL) {
        free(b);
        errno = b ? EINVAL : ENOMEM;
        return (uintptr_t)-1;
    }
    b->start = start_address;
    b->arg = arglist;
    h = CreateThread(NULL, stack_size, rinet_win32_beginthread_main, b, 0, NULL);
    if (h == NULL) {
        free(b);
        errno = EAGAIN;
        return (uintptr_t)-1;
    }
    CloseHandle(h); /* the thread keeps its own reference */
    return (uintptr_t)h;
}

RINET_WIN32_FN void _endthreadex(unsigned retval)
{
    ExitThread(retval);
}

RINET_WIN32_FN void _endthread(void)
{
    ExitThread(0);
}

#endif /* RINET_WIN32_PROCESS_H */
