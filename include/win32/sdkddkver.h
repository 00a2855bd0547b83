/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/* sdkddkver.h -- rinet's Win32 porting headers: the spelling some programs use for <SDKDDKVer.h>. */
#include "SDKDDKVer.h"
