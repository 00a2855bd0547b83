/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * conio.h -- rinet's Win32 porting headers: console input. _getch and _getche read one byte of
 * standard input (EOF: -1); _kbhit says whether input is waiting; _putch writes one byte.
 */
#ifndef RINET_WIN32_CONIO_H
#define RINET_WIN32_CONIO_H

#include "windows.h"
#include <poll.h>

RINET_WIN32_FN int _getch(void)
{
    return getchar();
}
RINET_WIN32_FN int _getche(void)
{
    int c = getchar();
    if (c != EOF)
        putchar(c);
    return c;
}
RINET_WIN32_FN int _kbhit(void)
{
    struct pollfd p;
    p.fd = 0;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, 0) > 0 && (p.revents & POLLIN) ? 1 : 0;
}
RINET_WIN32_FN int _putch(int c)
{
    return putchar(c);
}
#define getch _getch
#define getche _getche
#define kbhit _kbhit
#define putch _putch

#endif /* RINET_WIN32_CONIO_H */
