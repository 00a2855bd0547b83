/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* mmsystem.h -- rinet's Win32 porting headers: timeGetTime is in <windows.h>. */
#include "windows.h"
