/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* WinNT.h -- rinet's Win32 porting headers: the spelling some programs use for <windows.h>. */
#include "windows.h"
