/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sdk_wide_w16.c -- sdk_wide.c built with a 2-byte wchar_t (UTF-16, as on Windows).
 *
 * rinet-test-cflags: -fshort-wchar
 */
#include "sdk_wide.c"
