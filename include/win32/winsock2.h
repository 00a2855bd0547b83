/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * winsock2.h -- rinet's Win32 porting headers: the part of Windows Sockets that WinInet
 * programs touch (they include it for WSAStartup, gethostname, htons, inet_addr and the like),
 * over the POSIX socket headers. WSAStartup and WSACleanup succeed; WSAGetLastError is errno;
 * closesocket is close; SOCKET is an int descriptor.
 */
#ifndef RINET_WIN32_WINSOCK2_H
#define RINET_WIN32_WINSOCK2_H

#include "windows.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

typedef int SOCKET;
#ifndef INVALID_SOCKET
#define INVALID_SOCKET (-1)
#endif
#ifndef SOCKET_ERROR
#define SOCKET_ERROR (-1)
#endif
typedef struct sockaddr SOCKADDR, *PSOCKADDR, *LPSOCKADDR;
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN, *LPSOCKADDR_IN;
typedef struct in_addr IN_ADDR, *PIN_ADDR;
typedef struct hostent HOSTENT, *PHOSTENT, *LPHOSTENT;

#ifndef WSADESCRIPTION_LEN
#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128
#endif
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

RINET_WIN32_FN int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)
{
    if (lpWSAData != NULL) {
        memset(lpWSAData, 0, sizeof *lpWSAData);
        lpWSAData->wVersion = wVersionRequested;
        lpWSAData->wHighVersion = MAKEWORD(2, 2);
        strcpy(lpWSAData->szDescription, "WinSock 2.0");
        strcpy(lpWSAData->szSystemStatus, "Running");
    }
    return 0;
}

RINET_WIN32_FN int WSACleanup(void)
{
    return 0;
}

RINET_WIN32_FN int WSAGetLastError(void)
{
    return errno;
}

RINET_WIN32_FN void WSASetLastError(int iError)
{
    errno = iError;
}

RINET_WIN32_FN int closesocket(SOCKET s)
{
    return close(s);
}

RINET_WIN32_FN int ioctlsocket(SOCKET s, long cmd, unsigned long *argp)
{
    int v = argp ? (int)*argp : 0;
    int rc = ioctl(s, (unsigned long)cmd, &v);
    if (argp)
        *argp = (unsigned long)v;
    return rc;
}

#endif /* RINET_WIN32_WINSOCK2_H */
