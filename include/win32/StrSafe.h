/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* StrSafe.h -- rinet's Win32 porting headers: the spelling some programs use for <strsafe.h>. */
#include "strsafe.h"
