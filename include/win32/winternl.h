/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * winternl.h -- rinet's Win32 porting headers: the few NT definitions WinInet programs use:
 * NTSTATUS, NT_SUCCESS, UNICODE_STRING, and RtlNtStatusToDosError (also reachable with
 * GetProcAddress(GetModuleHandle("ntdll.dll"), "RtlNtStatusToDosError")).
 */
#ifndef RINET_WIN32_WINTERNL_H
#define RINET_WIN32_WINTERNL_H

#include "windows.h"

#ifndef NT_SUCCESS
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#endif

typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;
typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, ANSI_STRING, *PSTRING, *PANSI_STRING;

/* The Win32 error for an NTSTATUS (ERROR_MR_MID_NOT_FOUND for one it does not know). */
RINET_WIN32_FN ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status)
{
    return rinet_win32_ntstatus_to_win32(Status);
}

#endif /* RINET_WIN32_WINTERNL_H */
