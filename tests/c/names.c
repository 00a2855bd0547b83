/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * names.c -- a server's name is resolved once per process, as WinInet resolves it.
 *
 * For each of two server names, "localhost" (resolved by the system) and the test server's
 * address as a literal, four sessions one after the other (thread mode, synchronous, driven,
 * thread mode again) each send GET /bytes/5 on a new connection:
 *   - only the first request of the process to that name and port sends RESOLVING_NAME and
 *     NAME_RESOLVED (once each, before CONNECTING_TO_SERVER); the later ones, from other
 *     sessions, send neither: the process reuses what the name resolved to;
 *   - every request, new connection as it is, sends one CONNECTING_TO_SERVER and one
 *     CONNECTED_TO_SERVER, carrying the address it connected to, then SENDING_REQUEST.
 *
 * Usage: names <host> <port>
 */
#include "check.h"

#include <poll.h>

enum mode { M_THREAD, M_SYNC, M_DRIVEN };

static const char *mode_name(enum mode m)
{
    return m == M_SYNC ? "sync" : m == M_THREAD ? "thread" : "driven";
}

#define SES_CTX ((DWORD_PTR)0x5E5)
#define REQ_CTX ((DWORD_PTR)0x7E9)

/* One turn of a driven session's loop (at most 50 ms of waiting). */
static void turn(HINTERNET s)
{
    int32_t fd = -1;
    uint32_t ms = 0xFFFFFFFFu;
    if (rinet_session_fd(s, &fd) != 0)
        return;
    rinet_session_timeout_ms(s, &ms);
    struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    poll(&p, 1, ms < 50 ? (int)ms : 50);
    rinet_session_process(s, 0, NULL);
}

/* Waits for a notification (see tc_wait_for), running the loop of `s` when it is driven. */
static long wait_note(HINTERNET s, enum mode m, DWORD status, DWORD_PTR ctx, size_t from)
{
    if (m != M_DRIVEN)
        return tc_wait_for(status, NULL, ctx, from, TC_WAIT_MS);
    double start = tc_now();
    for (;;) {
        long i = tc_wait_for(status, NULL, ctx, from, 0);
        if (i >= 0 || (tc_now() - start) * 1000.0 > TC_WAIT_MS)
            return i;
        turn(s);
    }
}

/* Sends GET /bytes/5 to host in a new session of mode m; checks the name and connection
 * notifications (`first`: the first request of the process to this name). */
static void fetch(const char *host, enum mode m, bool first)
{
    char name[256];
    const char *what = mode_name(m);
    DWORD flags = m == M_SYNC ? 0 : m == M_THREAD ? INTERNET_FLAG_ASYNC : RINET_FLAG_DRIVEN;
    HINTERNET s = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, flags);
    if (s == NULL) {
        tc_fail(what, "InternetOpen failed with %u", (unsigned)GetLastError());
        return;
    }
    InternetSetStatusCallbackA(s, tc_callback);
    DWORD_PTR ses_ctx = SES_CTX;
    InternetSetOptionA(s, INTERNET_OPTION_CONTEXT_VALUE, &ses_ctx, sizeof ses_ctx);
    HINTERNET c = InternetConnectA(s, host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/bytes/5", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, REQ_CTX)
                    : NULL;
    if (r == NULL) {
        tc_fail(what, "InternetConnect or HttpOpenRequest failed with %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return;
    }
    size_t mark = tc_mark();
    BOOL ok = HttpSendRequestA(r, NULL, 0, NULL, 0);
    DWORD err = ok ? 0 : GetLastError();
    if (m != M_SYNC && !ok && err == ERROR_IO_PENDING) {
        long i = wait_note(s, m, INTERNET_STATUS_REQUEST_COMPLETE, REQ_CTX, mark);
        tc_note n = i >= 0 ? tc_get((size_t)i) : (tc_note){0};
        tc_wait_returned(i, TC_WAIT_MS);
        err = i < 0 ? TC_TIMED_OUT : n.result ? 0 : n.error;
    }
    snprintf(name, sizeof name, "%s %s: the send succeeds", host, what);
    CHECK_EQ(name, err, 0);
    size_t end = tc_mark();

    size_t resolving = tc_count(INTERNET_STATUS_RESOLVING_NAME, NULL, REQ_CTX, mark, end);
    size_t resolved = tc_count(INTERNET_STATUS_NAME_RESOLVED, NULL, REQ_CTX, mark, end);
    if (first) {
        snprintf(name, sizeof name, "%s %s: the first request resolves the name: one RESOLVING_NAME, one NAME_RESOLVED",
                 host, what);
        CHECK(name, resolving == 1 && resolved == 1);
    } else {
        snprintf(name, sizeof name, "%s %s: a later session's request does not resolve it again: no RESOLVING_NAME or NAME_RESOLVED",
                 host, what);
        CHECK(name, resolving == 0 && resolved == 0);
    }
    snprintf(name, sizeof name, "%s %s: one CONNECTING_TO_SERVER and one CONNECTED_TO_SERVER", host, what);
    CHECK(name, tc_count(INTERNET_STATUS_CONNECTING_TO_SERVER, NULL, REQ_CTX, mark, end) == 1 &&
                    tc_count(INTERNET_STATUS_CONNECTED_TO_SERVER, NULL, REQ_CTX, mark, end) == 1);
    long ic = tc_wait_for(INTERNET_STATUS_CONNECTED_TO_SERVER, NULL, REQ_CTX, mark, 0);
    long is = tc_wait_for(INTERNET_STATUS_SENDING_REQUEST, NULL, REQ_CTX, mark, 0);
    long in = tc_wait_for(INTERNET_STATUS_NAME_RESOLVED, NULL, REQ_CTX, mark, 0);
    long ig = tc_wait_for(INTERNET_STATUS_CONNECTING_TO_SERVER, NULL, REQ_CTX, mark, 0);
    tc_note cn = ic >= 0 ? tc_get((size_t)ic) : (tc_note){0};
    snprintf(name, sizeof name, "%s %s: CONNECTED_TO_SERVER carries the server's address, before SENDING_REQUEST",
             host, what);
    CHECK(name, ic >= 0 && is > ic && strcmp(cn.text, "127.0.0.1") == 0);
    if (first) {
        snprintf(name, sizeof name, "%s %s: NAME_RESOLVED comes before CONNECTING_TO_SERVER", host, what);
        CHECK(name, in >= 0 && ig > in);
    }
    if (tc_failed)
        tc_dump(name, NULL, REQ_CTX, mark, end);

    mark = tc_mark();
    InternetCloseHandle(r);
    InternetCloseHandle(c);
    InternetCloseHandle(s);
    snprintf(name, sizeof name, "%s %s: the session closes", host, what);
    CHECK(name, wait_note(s, m, INTERNET_STATUS_HANDLE_CLOSING, SES_CTX, mark) >= 0);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    const char *hosts[] = {"localhost", tc_host};
    const enum mode modes[] = {M_THREAD, M_SYNC, M_DRIVEN, M_THREAD};
    for (size_t h = 0; h < sizeof hosts / sizeof hosts[0]; h++)
        for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
            fetch(hosts[h], modes[i], i == 0);
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
