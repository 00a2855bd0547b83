/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * connected_state.c -- prints what InternetGetConnectedState, InternetGetConnectedStateExA,
 * InternetAttemptConnect and InternetCheckConnectionA(NULL) answer, on one line:
 *
 *     state <BOOL> flags <hex> error <GetLastError> name "<name>" attempt <code> check <BOOL> <error>
 *
 * tests/sdk_functions.rs runs it inside network namespaces whose interfaces it sets up, and
 * compares the line with what the interfaces call for.
 */
#include <wininet.h>

#include <stdio.h>

int main(void)
{
    DWORD flags = 0xdeadbeef, flags_ex = 0xdeadbeef;
    char name[64] = "untouched";

    SetLastError(0xdeadbeef);
    BOOL state = InternetGetConnectedState(&flags, 0);
    DWORD error = GetLastError();
    BOOL state_ex = InternetGetConnectedStateExA(&flags_ex, name, sizeof name, 0);
    DWORD attempt = InternetAttemptConnect(0);
    BOOL check = InternetCheckConnectionA(NULL, 0, 0);
    DWORD check_error = check ? 0 : GetLastError();
    if (state_ex != state || flags_ex != flags) {
        printf("InternetGetConnectedStateExA disagrees: %d 0x%x\n", state_ex, (unsigned)flags_ex);
        return 1;
    }
    printf("state %d flags 0x%x error %u name \"%s\" attempt %u check %d %u\n", state, (unsigned)flags,
           (unsigned)error, name, (unsigned)attempt, check, (unsigned)check_error);
    return 0;
}
