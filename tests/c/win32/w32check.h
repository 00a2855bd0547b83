/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * w32check.h -- checks for the unit tests of rinet's Win32 porting headers (the *.c files of
 * tests/c/win32 whose names start with unit_). Each check prints `ok <name>` or
 * `FAIL <name>: <why>`; w32_finish prints `N passed, M failed` and gives the exit status.
 */
#ifndef RINET_TESTS_W32CHECK_H
#define RINET_TESTS_W32CHECK_H

#include <windows.h>

static LONG w32_passed;
static LONG w32_failed;

#define CHECK(name, cond)                                                         \
    do {                                                                          \
        if (cond) {                                                               \
            InterlockedIncrement(&w32_passed);                                    \
            printf("ok %s\n", name);                                              \
        } else {                                                                  \
            InterlockedIncrement(&w32_failed);                                    \
            printf("FAIL %s: %s is false (line %d)\n", name, #cond, __LINE__);    \
        }                                                                         \
    } while (0)

#define CHECK_EQ(name, got, want)                                                                  \
    do {                                                                                           \
        unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want);        \
        if (g_ == w_) {                                                                            \
            InterlockedIncrement(&w32_passed);                                                     \
            printf("ok %s\n", name);                                                               \
        } else {                                                                                   \
            InterlockedIncrement(&w32_failed);                                                     \
            printf("FAIL %s: %s is %llu (0x%llx), want %llu (0x%llx) (line %d)\n", name, #got, g_, g_, w_, w_, \
                   __LINE__);                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_STR(name, got, want)                                                            \
    do {                                                                                      \
        const char *g_ = (got), *w_ = (want);                                                 \
        if (g_ != NULL && strcmp(g_, w_) == 0) {                                              \
            InterlockedIncrement(&w32_passed);                                                \
            printf("ok %s\n", name);                                                          \
        } else {                                                                              \
            InterlockedIncrement(&w32_failed);                                                \
            printf("FAIL %s: got \"%s\", want \"%s\" (line %d)\n", name, g_ ? g_ : "(null)", w_, __LINE__); \
        }                                                                                     \
    } while (0)

/* Wide strings are compared unit by unit (the kit's wcscmp works in both widths). */
#define CHECK_WSTR(name, got, want)                                                            \
    do {                                                                                       \
        const WCHAR *g_ = (got), *w_ = (want);                                                 \
        if (g_ != NULL && lstrcmpW(g_, w_) == 0) {                                             \
            InterlockedIncrement(&w32_passed);                                                 \
            printf("ok %s\n", name);                                                           \
        } else {                                                                               \
            InterlockedIncrement(&w32_failed);                                                 \
            printf("FAIL %s: got \"%ls\", want \"%ls\" (line %d)\n", name, g_ ? g_ : L"(null)", w_, __LINE__); \
        }                                                                                      \
    } while (0)

static int w32_finish(void)
{
    printf("%d passed, %d failed\n", (int)w32_passed, (int)w32_failed);
    return w32_failed ? 1 : 0;
}

#endif /* RINET_TESTS_W32CHECK_H */
