/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Process.h -- rinet's Win32 porting headers: the spelling some programs use for <process.h>. */
#include "process.h"
