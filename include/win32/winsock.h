/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* winsock.h -- rinet's Win32 porting headers: the same as <winsock2.h>. */
#include "winsock2.h"
