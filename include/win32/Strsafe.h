/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Strsafe.h -- rinet's Win32 porting headers: the spelling some programs use for <strsafe.h>. */
#include "strsafe.h"
