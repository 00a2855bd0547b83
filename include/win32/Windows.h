/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Windows.h -- rinet's Win32 porting headers: the spelling some programs use for <windows.h>. */
#include "windows.h"
