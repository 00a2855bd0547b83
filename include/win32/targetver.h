/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * targetver.h -- rinet's Win32 porting headers: Visual Studio projects carry their own copy of
 * this file, which includes <SDKDDKVer.h>; this one stands in when a program's copy is missing.
 */
#include "SDKDDKVer.h"
