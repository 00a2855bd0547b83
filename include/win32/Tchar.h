/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Tchar.h -- rinet's Win32 porting headers: the spelling some programs use for <tchar.h>. */
#include "tchar.h"
