/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Winternl.h -- rinet's Win32 porting headers: the spelling some programs use for <winternl.h>. */
#include "winternl.h"
