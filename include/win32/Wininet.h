/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* Wininet.h -- rinet's Win32 porting headers: the spelling some programs use for <wininet.h>. */
#include "windows.h"
#include <wininet.h>
