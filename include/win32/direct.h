/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * direct.h -- rinet's Win32 porting headers: _mkdir, _rmdir, _chdir, _getcwd and their wide
 * forms (in <windows.h>).
 */
#ifndef RINET_WIN32_DIRECT_H
#define RINET_WIN32_DIRECT_H
#include "windows.h"
#endif
