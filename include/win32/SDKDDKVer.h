/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * SDKDDKVer.h -- rinet's Win32 porting headers: the Windows versions a program targets. The kit
 * behaves as Windows 10, so the version macros a program did not set say so.
 */
#ifndef RINET_WIN32_SDKDDKVER_H
#define RINET_WIN32_SDKDDKVER_H
#ifndef _WIN32_WINNT_WIN10
#define _WIN32_WINNT_NT4 0x0400
#define _WIN32_WINNT_WINXP 0x0501
#define _WIN32_WINNT_VISTA 0x0600
#define _WIN32_WINNT_WIN7 0x0601
#define _WIN32_WINNT_WIN8 0x0602
#define _WIN32_WINNT_WINBLUE 0x0603
#define _WIN32_WINNT_WIN10 0x0A00
#endif
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0A00
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif
#ifndef _WIN32_IE
#define _WIN32_IE 0x0A00
#endif
#ifndef NTDDI_VERSION
#define NTDDI_VERSION 0x0A000000
#endif
#endif /* RINET_WIN32_SDKDDKVER_H */
