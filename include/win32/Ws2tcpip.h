/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Ws2tcpip.h -- rinet's Win32 porting headers: the spelling some programs use for <winsock2.h>. */
#include "winsock2.h"
