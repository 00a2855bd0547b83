/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * upload_file_unicode.c -- tests/c/win32/upload_file.c built as a UNICODE program: the file
 * read with CreateFileW and posted with HttpSendRequestExW + InternetWriteFile.
 *
 * rinet-test-wchar: both
 * rinet-test-cflags: -DUNICODE -D_UNICODE
 */
#include "upload_file.c"
