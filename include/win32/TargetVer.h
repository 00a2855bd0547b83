/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* TargetVer.h -- rinet's Win32 porting headers: the spelling some programs use for <targetver.h>. */
#include "targetver.h"
