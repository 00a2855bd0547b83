/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * async_overlapped_unicode.c -- tests/c/win32/async_overlapped.c built as a UNICODE program
 * (the W functions, TCHAR as WCHAR), as Microsoft's own asynchronous sample is.
 *
 * rinet-test-wchar: both
 * rinet-test-cflags: -DUNICODE -D_UNICODE
 */
#include "async_overlapped.c"
