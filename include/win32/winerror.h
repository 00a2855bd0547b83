/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* winerror.h -- rinet's Win32 porting headers: the error codes and HRESULTs are in <windows.h>. */
#include "windows.h"
