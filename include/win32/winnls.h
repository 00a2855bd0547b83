/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* winnls.h -- rinet's Win32 porting headers: part of <windows.h>. */
#include "windows.h"
