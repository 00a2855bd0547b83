/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* ws2tcpip.h -- rinet's Win32 porting headers: getaddrinfo and friends come with <winsock2.h>. */
#include "winsock2.h"
