/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * driven_close.c -- driven sessions (RINET_FLAG_DRIVEN): closing the session from a status
 * callback while requests are in flight, calls made from other threads, and the session
 * functions themselves.
 *
 * In a driven session the application runs the loop: it polls rinet_session_fd, waits at most
 * rinet_session_timeout_ms and calls rinet_session_process, which delivers the due callbacks on
 * the calling thread. Everything else is the asynchronous WinInet contract
 * (wininet-contract.md section 4; CONVENTIONS.md "Threads, callbacks, ownership"):
 *   (a) the session functions: rinet_session_fd, rinet_session_timeout_ms and
 *       rinet_session_process answer 12019 for a thread-mode or synchronous session, 12018 for a
 *       handle that is not a session, 87 for a NULL out-parameter, 6 once the session is closed;
 *       an idle driven session has no deadline (0xFFFFFFFF) and a quiet descriptor;
 *   (b) the three session functions may be called from inside a status callback: they return
 *       (rinet_session_process returns at once with 0 handled) instead of blocking;
 *   (c) a callback delivered by rinet_session_process closes the SESSION while ten other
 *       requests are in flight (seven GETs waiting for their response, an upload whose
 *       InternetWriteFile is pending, a send started in that callback that is resolving a name,
 *       another connecting): every pending call gets exactly one REQUEST_COMPLETE
 *       {0, ERROR_INTERNET_OPERATION_CANCELLED}, requests that had finished get none, every handle
 *       gets exactly one HANDLE_CLOSING and nothing after it, children before their parent, all
 *       on the main thread, with no nesting, within that rinet_session_process call, and
 *       rinet_live_handles() is 0 when it returns;
 *   (d) a call made from another thread wakes the descriptor: the main thread sleeps in poll()
 *       with no timeout, a second thread calls HttpSendRequest, the poll returns with the
 *       descriptor readable; the request's notifications, on a fresh connection and on a reused
 *       keep-alive one, arrive on the main thread (a send sends none inside the call);
 *   (e) a callback delivered inside an API call on the main thread (HANDLE_CREATED, inside
 *       HttpOpenRequest) closes the session while requests are in flight: once that call has
 *       returned every handle has had its HANDLE_CLOSING, since the application cannot run the
 *       session's loop any more, and rinet_live_handles() is 0.
 *
 * Usage: driven_close <host> <port>
 */
#include "check.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Contexts of (c). */
#define C_CONN ((DWORD_PTR)0xC00)
#define C_CONN_LOCAL ((DWORD_PTR)0xC01)
#define C_FAST ((DWORD_PTR)0xC10) /* + i, i < C_FASTS */
#define C_HOLD ((DWORD_PTR)0xC20) /* + i, i < C_HOLDS */
#define C_UPLOAD ((DWORD_PTR)0xC30)
#define C_TRIGGER ((DWORD_PTR)0xC40)
#define C_LATE_LOCAL ((DWORD_PTR)0xC50)
#define C_LATE_FRESH ((DWORD_PTR)0xC51)
#define C_FASTS 2
#define C_HOLDS 7
/* Contexts of (d) and (e). */
#define D_CONN ((DWORD_PTR)0xD00)
#define D_REQ ((DWORD_PTR)0xD01) /* + i */
#define E_CONN ((DWORD_PTR)0xE00)
#define E_HOLD ((DWORD_PTR)0xE10) /* + i, i < E_HOLDS */
#define E_TRIGGER ((DWORD_PTR)0xE20)
#define E_HOLDS 4

#define UPLOAD_PIECE (1024 * 1024)

static bool under_valgrind(void)
{
    const char *preload = getenv("LD_PRELOAD");
    return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Running a driven session's loop                                                          */
/* ---------------------------------------------------------------------------------------- */

/* One turn: wait up to max_ms (less when rinet has an earlier deadline) for the session's
 * descriptor, then rinet_session_process. Returns rinet_session_process's result. */
static uint32_t dc_turn(HINTERNET s, int max_ms)
{
    int32_t fd = -1;
    uint32_t ms = 0xFFFFFFFFu;
    uint32_t r = rinet_session_fd(s, &fd);
    if (r != 0)
        return r;
    rinet_session_timeout_ms(s, &ms);
    int timeout = ms < (uint32_t)max_ms ? (int)ms : max_ms;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    poll(&p, 1, timeout);
    return rinet_session_process(s, 0, NULL);
}

/* Runs the loop until a notification with this status for h/ctx is recorded at an index >= from.
 * Returns its index, or -1 after timeout_ms or when the session cannot be processed. */
static long dc_pump_for(HINTERNET s, DWORD status, HINTERNET h, DWORD_PTR ctx, size_t from, int timeout_ms)
{
    double start = tc_now();
    for (;;) {
        long i = tc_wait_for(status, h, ctx, from, 0);
        if (i >= 0)
            return i;
        if ((tc_now() - start) * 1000.0 > timeout_ms)
            return -1;
        if (dc_turn(s, 50) != 0)
            return tc_wait_for(status, h, ctx, from, 0);
    }
}

/* Finishes a call that may have pended (see tc_await), running the loop while it waits. */
static DWORD dc_await(HINTERNET s, BOOL ret, HINTERNET h, DWORD_PTR ctx, size_t mark)
{
    DWORD err = GetLastError();
    if (ret)
        return 0;
    if (err != ERROR_IO_PENDING)
        return err;
    long i = dc_pump_for(s, INTERNET_STATUS_REQUEST_COMPLETE, h, ctx, mark, TC_WAIT_MS);
    if (i < 0)
        return TC_TIMED_OUT;
    tc_note n = tc_get((size_t)i);
    return n.result ? 0 : n.error;
}

/* Reads the whole body of req, running the loop while reads pend. */
static DWORD dc_read_all(HINTERNET s, HINTERNET req, DWORD_PTR ctx, tc_buf *out)
{
    static char buf[16384];
    for (;;) {
        DWORD got = 0;
        size_t mark = tc_mark();
        DWORD err = dc_await(s, InternetReadFile(req, buf, sizeof buf, &got), req, ctx, mark);
        if (err != 0)
            return err;
        if (got == 0)
            return 0;
        tc_buf_append(out, buf, got);
    }
}

/* Opens a driven session with `cb` registered. */
static HINTERNET dc_open(const char *name, INTERNET_STATUS_CALLBACK cb)
{
    HINTERNET s = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, RINET_FLAG_DRIVEN);
    if (s == NULL) {
        tc_fail(name, "InternetOpen(RINET_FLAG_DRIVEN) failed, GetLastError %u", (unsigned)GetLastError());
        return NULL;
    }
    if (InternetSetStatusCallbackA(s, cb) == INTERNET_INVALID_STATUS_CALLBACK) {
        tc_fail(name, "InternetSetStatusCallback failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return NULL;
    }
    return s;
}

/* Every notification in [from, to) ran on the main thread, none nested in another. */
static void dc_check_threads(const char *name, size_t from, size_t to)
{
    size_t off_main = 0, nested = 0;
    for (size_t i = from; i < to; i++) {
        tc_note n = tc_get(i);
        if (!n.on_main)
            off_main++;
        if (n.depth > 1)
            nested++;
    }
    if (off_main == 0 && nested == 0) {
        tc_ok(name);
    } else {
        tc_fail(name, "%zu notifications off the main thread, %zu nested in another callback", off_main, nested);
        for (size_t i = from; i < to; i++) {
            tc_note n = tc_get(i);
            if (!n.on_main || n.depth > 1)
                tc_info("  [%zu] ctx=%#jx %s%s depth=%d", i, (uintmax_t)n.context, tc_status_name(n.status),
                        n.on_main ? "" : " OFF-MAIN", n.depth);
        }
    }
}

/* HANDLE_CLOSING came exactly once for ctx within [from, to), none before from, and nothing after
 * it. Returns its index, or -1. */
static long dc_check_closing(const char *name, DWORD_PTR ctx, size_t from, size_t to)
{
    size_t before = tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, 0, from);
    size_t count = tc_count(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, to);
    long at = tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, from, 0);
    size_t after = at >= 0 ? tc_count(0, NULL, ctx, (size_t)at + 1, SIZE_MAX) : 0;
    if (before == 0 && count == 1 && after == 0) {
        tc_ok(name);
        return at;
    }
    tc_fail(name, "ctx %#jx: %zu HANDLE_CLOSING before the close, %zu after it (expected 1), %zu notifications after it",
            (uintmax_t)ctx, before, count, after);
    tc_dump(name, NULL, ctx, from, SIZE_MAX);
    return -1;
}

/* Exactly one REQUEST_COMPLETE for ctx in [from, to), and it is {0, 12017}. */
static void dc_check_cancelled(const char *name, DWORD_PTR ctx, size_t from, size_t to)
{
    size_t count = tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, from, to);
    long at = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, from, 0);
    tc_note n;
    memset(&n, 0, sizeof n);
    if (at >= 0)
        n = tc_get((size_t)at);
    if (count == 1 && n.result == 0 && n.error == ERROR_INTERNET_OPERATION_CANCELLED) {
        tc_ok(name);
        return;
    }
    tc_fail(name, "ctx %#jx: %zu REQUEST_COMPLETE after the close (expected 1), the first {%ju, %u} (expected {0, 12017})",
            (uintmax_t)ctx, count, (uintmax_t)n.result, (unsigned)n.error);
    tc_dump(name, NULL, ctx, from, SIZE_MAX);
}

/* ---------------------------------------------------------------------------------------- */
/* (a) the session functions                                                                */
/* ---------------------------------------------------------------------------------------- */

static void test_session_functions(void)
{
    int32_t fd = -1;
    uint32_t ms = 0;
    HINTERNET threaded = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, INTERNET_FLAG_ASYNC);
    HINTERNET sync = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
    HINTERNET s = dc_open("a: open", tc_callback);
    if (threaded == NULL || sync == NULL || s == NULL) {
        tc_fail("a: open", "a session could not be opened");
        return;
    }
    CHECK_EQ("a: fd of a thread-mode session is 12019", rinet_session_fd(threaded, &fd), 12019);
    CHECK_EQ("a: timeout of a synchronous session is 12019", rinet_session_timeout_ms(sync, &ms), 12019);
    CHECK_EQ("a: process of a thread-mode session is 12019", rinet_session_process(threaded, 0, NULL), 12019);
    HINTERNET c = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 0);
    CHECK("a: connect", c != NULL);
    CHECK_EQ("a: fd of a connect handle is 12018", rinet_session_fd(c, &fd), 12018);
    CHECK_EQ("a: fd with a NULL out-parameter is 87", rinet_session_fd(s, NULL), 87);
    CHECK_EQ("a: timeout with a NULL out-parameter is 87", rinet_session_timeout_ms(s, NULL), 87);
    CHECK_EQ("a: fd of a driven session", rinet_session_fd(s, &fd), 0);
    CHECK("a: the descriptor is valid", fd >= 0);
    /* Whatever creating the handles queued is handled by one turn; then the session is idle. */
    CHECK_EQ("a: process", rinet_session_process(s, 0, NULL), 0);
    CHECK_EQ("a: timeout of an idle driven session", rinet_session_timeout_ms(s, &ms), 0);
    CHECK_EQ("a: an idle driven session has no deadline", ms, 0xFFFFFFFFu);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    CHECK_EQ("a: the descriptor of an idle driven session is quiet", poll(&p, 1, 0), 0);
    uint32_t handled = 7;
    CHECK_EQ("a: process with nothing to do", rinet_session_process(s, 0, &handled), 0);
    CHECK_EQ("a: process with nothing to do handles no event", handled, 0);
    CHECK_TRUE("a: close the connect handle", InternetCloseHandle(c));
    CHECK_TRUE("a: close the driven session", InternetCloseHandle(s));
    CHECK_EQ("a: fd of a closed session is 6", rinet_session_fd(s, &fd), 6);
    CHECK_EQ("a: timeout of a closed session is 6", rinet_session_timeout_ms(s, &ms), 6);
    CHECK_EQ("a: process of a closed session is 6", rinet_session_process(s, 0, NULL), 6);
    InternetCloseHandle(threaded);
    InternetCloseHandle(sync);
    tc_check_no_live_handles("a: no live handles");
}

/* ---------------------------------------------------------------------------------------- */
/* (b) the session functions from inside a callback, in a child process                      */
/* ---------------------------------------------------------------------------------------- */

static struct {
    HINTERNET session;
    int calls;          /* REQUEST_COMPLETE callbacks that made the three calls */
    uint32_t fd_r, timeout_r, process_r, handled;
} bs;

static void CALLBACK b_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    (void)h;
    (void)ctx;
    (void)info;
    (void)len;
    if (status != INTERNET_STATUS_REQUEST_COMPLETE)
        return;
    int32_t fd = -1;
    uint32_t ms = 0;
    bs.handled = 99;
    bs.fd_r = rinet_session_fd(bs.session, &fd);
    bs.timeout_r = rinet_session_timeout_ms(bs.session, &ms);
    bs.process_r = rinet_session_process(bs.session, 0, &bs.handled);
    bs.calls++;
}

/* The child: exits 0 when the calls returned as documented, 1 when they returned something
 * else, 2 when the request did not complete. A deadlock leaves it to the parent's timer. */
static int b_child(void)
{
    bs.session = InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, RINET_FLAG_DRIVEN);
    if (bs.session == NULL || InternetSetStatusCallbackA(bs.session, b_callback) == INTERNET_INVALID_STATUS_CALLBACK)
        return 2;
    HINTERNET c = InternetConnectA(bs.session, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 1);
    HINTERNET r = HttpOpenRequestA(c, "GET", "/bytes/10", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, 2);
    if (c == NULL || r == NULL || HttpSendRequestA(r, NULL, 0, NULL, 0) || GetLastError() != ERROR_IO_PENDING)
        return 2;
    double start = tc_now();
    while (bs.calls == 0 && tc_now() - start < TC_WAIT_MS / 1000.0)
        dc_turn(bs.session, 50);
    int code = bs.calls == 0 ? 2 : bs.fd_r == 0 && bs.timeout_r == 0 && bs.process_r == 0 && bs.handled == 0 ? 0 : 1;
    if (code == 1)
        printf("# in the callback: rinet_session_fd %u, rinet_session_timeout_ms %u, rinet_session_process %u "
               "(handled %u)\n",
               (unsigned)bs.fd_r, (unsigned)bs.timeout_r, (unsigned)bs.process_r, (unsigned)bs.handled);
    InternetCloseHandle(bs.session);
    return code;
}

static void test_calls_in_callback(void)
{
    const char *name = "b: session functions called from inside a callback return";
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        tc_fail(name, "fork: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        int code = b_child();
        fflush(stdout);
        _exit(code);
    }
    int limit = under_valgrind() ? 120 : 20;
    double start = tc_now();
    int status = 0;
    pid_t done = 0;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && tc_now() - start < limit)
        tc_sleep_ms(20);
    if (done == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        tc_fail(name, "the child process was still stuck after %d s: a call made from inside a callback blocked "
                      "(rinet_session_fd, rinet_session_timeout_ms or rinet_session_process)",
                limit);
        return;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        tc_ok(name);
    else if (WIFEXITED(status))
        tc_fail(name, "the child exited with status %d (1: a call failed, 2: the request did not complete)",
                WEXITSTATUS(status));
    else
        tc_fail(name, "the child died of signal %d", WTERMSIG(status));
}

/* ---------------------------------------------------------------------------------------- */
/* (c) a callback closes the session while ten requests are in flight                        */
/* ---------------------------------------------------------------------------------------- */

static struct {
    HINTERNET session;
    HINTERNET late_local, late_fresh;
    BOOL late_local_ret, late_fresh_ret;
    DWORD late_local_err, late_fresh_err;
    bool fired;
    size_t mark;      /* notifications recorded before the close */
    BOOL close_ret;
    DWORD close_err;
} cs;

static void CALLBACK c_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (!cs.fired && ctx == C_TRIGGER && status == INTERNET_STATUS_REQUEST_COMPLETE) {
        cs.fired = true;
        /* Two more sends, left in flight: one resolving "localhost", one connecting. */
        cs.late_local_ret = HttpSendRequestA(cs.late_local, NULL, 0, NULL, 0);
        cs.late_local_err = GetLastError();
        cs.late_fresh_ret = HttpSendRequestA(cs.late_fresh, NULL, 0, NULL, 0);
        cs.late_fresh_err = GetLastError();
        cs.mark = tc_mark();
        cs.close_ret = InternetCloseHandle(cs.session);
        cs.close_err = GetLastError();
    }
    tc_leave();
}

static void test_close_session_in_callback(void)
{
    HINTERNET s = dc_open("c: open", c_callback);
    if (s == NULL)
        return;
    cs.session = s;
    size_t start = tc_mark();
    HINTERNET conn = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, C_CONN);
    HINTERNET local = InternetConnectA(s, "localhost", tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, C_CONN_LOCAL);
    if (conn == NULL || local == NULL) {
        tc_fail("c: connect", "InternetConnect failed, GetLastError %u", (unsigned)GetLastError());
        return;
    }

    /* Two requests that finish before the close. */
    for (int i = 0; i < C_FASTS; i++) {
        HINTERNET r = HttpOpenRequestA(conn, "GET", "/bytes/100", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, C_FAST + i);
        size_t mark = tc_mark();
        DWORD err = r ? dc_await(s, HttpSendRequestA(r, NULL, 0, NULL, 0), r, C_FAST + i, mark) : GetLastError();
        tc_buf body = {0};
        if (err == 0)
            err = dc_read_all(s, r, C_FAST + i, &body);
        if (err != 0)
            tc_fail("c: finished requests", "request %d failed: %u", i, (unsigned)err);
        else
            tc_check_pattern("c: a request finishes before the close", body.data, body.len, 100);
        tc_buf_free(&body);
    }

    /* Seven GETs the server holds at a gate nobody opens (until the server stops). */
    for (int i = 0; i < C_HOLDS; i++) {
        HINTERNET r = HttpOpenRequestA(conn, "GET", "/gate/dc-c-never", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, C_HOLD + i);
        if (r == NULL || HttpSendRequestA(r, NULL, 0, NULL, 0) || GetLastError() != ERROR_IO_PENDING)
            tc_fail("c: held GETs pend", "GET %d: handle %p, GetLastError %u", i, r, (unsigned)GetLastError());
    }

    /* An upload the server never reads (held at the same gate before its body is read), written
     * until a write pends: 256 MiB is far more than the socket buffers on both sides hold. */
    static char piece[UPLOAD_PIECE];
    memset(piece, 'u', sizeof piece);
    HINTERNET up = HttpOpenRequestA(conn, "POST", "/gate/dc-c-never/upload", NULL, NULL, NULL, INTERNET_FLAG_RELOAD,
                                    C_UPLOAD);
    INTERNET_BUFFERSA buffers;
    memset(&buffers, 0, sizeof buffers);
    buffers.dwStructSize = sizeof buffers;
    buffers.dwBufferTotal = 256u * UPLOAD_PIECE;
    size_t mark = tc_mark();
    DWORD err = up ? dc_await(s, HttpSendRequestExA(up, &buffers, NULL, 0, C_UPLOAD), up, C_UPLOAD, mark)
                   : GetLastError();
    CHECK_EQ("c: HttpSendRequestEx for the upload", err, 0);
    bool write_pending = false;
    DWORD written = 0;
    for (int i = 0; err == 0 && i < 256 && !write_pending; i++) {
        written = 0;
        if (InternetWriteFile(up, piece, sizeof piece, &written))
            continue;
        if (GetLastError() == ERROR_IO_PENDING)
            write_pending = true; /* piece and written stay rinet's until REQUEST_COMPLETE */
        else
            break;
    }
    CHECK("c: an InternetWriteFile pends", write_pending);

    /* Two requests the trigger callback sends, and the trigger itself. */
    cs.late_local = HttpOpenRequestA(local, "GET", "/bytes/10", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, C_LATE_LOCAL);
    cs.late_fresh = HttpOpenRequestA(conn, "GET", "/bytes/10", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, C_LATE_FRESH);
    HINTERNET trigger = HttpOpenRequestA(conn, "GET", "/bytes/10", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, C_TRIGGER);
    if (cs.late_local == NULL || cs.late_fresh == NULL || trigger == NULL) {
        tc_fail("c: open requests", "HttpOpenRequest failed, GetLastError %u", (unsigned)GetLastError());
        return;
    }
    size_t before_trigger = tc_mark();
    CHECK_FAILS("c: the trigger request pends", HttpSendRequestA(trigger, NULL, 0, NULL, 0), ERROR_IO_PENDING);

    /* Run the loop until the trigger's callback has closed the session. */
    double t0 = tc_now();
    uint32_t last = 0;
    while (!cs.fired && tc_now() - t0 < TC_WAIT_MS / 1000.0) {
        last = dc_turn(s, 50);
        if (last != 0)
            break;
    }
    if (!cs.fired) {
        tc_fail("c: the trigger's REQUEST_COMPLETE arrives", "not within %d ms (last process result %u)", TC_WAIT_MS,
                (unsigned)last);
        tc_dump("trigger", NULL, C_TRIGGER, before_trigger, SIZE_MAX);
        tc_bail("the session is still open");
    }
    size_t end = tc_mark();
    CHECK("c: InternetCloseHandle(session) inside the callback succeeds", cs.close_ret);
    CHECK("c: the late send to localhost pends", !cs.late_local_ret && cs.late_local_err == ERROR_IO_PENDING);
    CHECK("c: the late send on a new connection pends", !cs.late_fresh_ret && cs.late_fresh_err == ERROR_IO_PENDING);
    CHECK_EQ("c: the session can no longer be processed", rinet_session_process(s, 0, NULL), ERROR_INVALID_HANDLE);

    /* Every pending call: exactly one REQUEST_COMPLETE {0, 12017}, after the close. */
    for (int i = 0; i < C_HOLDS; i++) {
        CHECK_EQ("c: a held GET was in flight at the close",
                 tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, C_HOLD + i, start, cs.mark), 0);
        dc_check_cancelled("c: the held GET's send completes cancelled", C_HOLD + i, cs.mark, end);
    }
    CHECK_EQ("c: the upload completed only its HttpSendRequestEx before the close",
             tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, C_UPLOAD, start, cs.mark), 1);
    dc_check_cancelled("c: the pending InternetWriteFile completes cancelled", C_UPLOAD, cs.mark, end);
    dc_check_cancelled("c: the send resolving localhost completes cancelled", C_LATE_LOCAL, cs.mark, end);
    dc_check_cancelled("c: the connecting send completes cancelled", C_LATE_FRESH, cs.mark, end);
    /* Requests with nothing pending get no REQUEST_COMPLETE. */
    for (int i = 0; i < C_FASTS; i++)
        CHECK_EQ("c: a finished request gets no REQUEST_COMPLETE after the close",
                 tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, C_FAST + i, cs.mark, end), 0);
    CHECK_EQ("c: the trigger gets no REQUEST_COMPLETE after the close",
             tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, C_TRIGGER, cs.mark, end), 0);

    /* Every handle: exactly one HANDLE_CLOSING, last, children before their parent. */
    long conn_at = dc_check_closing("c: connect handle: one HANDLE_CLOSING, last", C_CONN, cs.mark, end);
    long local_at = dc_check_closing("c: localhost connect handle: one HANDLE_CLOSING, last", C_CONN_LOCAL, cs.mark, end);
    DWORD_PTR children[] = {C_FAST, C_FAST + 1, C_HOLD, C_HOLD + 1, C_HOLD + 2, C_HOLD + 3, C_HOLD + 4,
                            C_HOLD + 5, C_HOLD + 6, C_UPLOAD, C_TRIGGER, C_LATE_FRESH, C_LATE_LOCAL};
    for (size_t i = 0; i < sizeof children / sizeof *children; i++) {
        long at = dc_check_closing("c: request: one HANDLE_CLOSING, last", children[i], cs.mark, end);
        long parent = children[i] == C_LATE_LOCAL ? local_at : conn_at;
        if (at >= 0 && parent >= 0)
            CHECK("c: a request's HANDLE_CLOSING comes before its connect handle's", at < parent);
    }
    dc_check_threads("c: every notification on the main thread, none nested", start, end);
    CHECK_EQ("c: nothing is delivered after rinet_session_process returns", tc_mark(), end);
    CHECK_EQ("c: no live handles once that rinet_session_process returns", rinet_live_handles(), 0);
    tc_check_no_live_handles("c: no live handles");
}

/* ---------------------------------------------------------------------------------------- */
/* (d) a call from another thread wakes the descriptor                                      */
/* ---------------------------------------------------------------------------------------- */

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    HINTERNET req;
    int guard_fd;         /* written when the main thread did not wake in time */
    int limit_ms;
    double called_at;
    BOOL ret;
    DWORD err;
    bool woke;            /* the main thread came back from poll() */
    char main_syscall[64]; /* /proc/self/task/<main thread>/syscall */
} ds = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, -1, 0, 0, FALSE, 0, false, ""};

/* Whether the thread whose /proc syscall file is `path` is blocked in poll() or ppoll() right
 * now: Linux writes there the number of the system call a blocked thread is in ("running" for
 * a running thread). */
static bool d_in_poll(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    long nr = -1;
    int n = fscanf(f, "%ld", &nr);
    fclose(f);
#ifdef SYS_poll
    if (n == 1 && nr == SYS_poll)
        return true;
#endif
    return n == 1 && nr == SYS_ppoll;
}

static void *d_sender(void *arg)
{
    (void)arg;
    /* Call only once the main thread is asleep in poll(): the call must be what wakes it. */
    double until = tc_now() + ds.limit_ms / 1000.0;
    bool asleep = false;
    while (!(asleep = d_in_poll(ds.main_syscall)) && tc_now() < until)
        tc_sleep_ms(1);
    if (!asleep)
        tc_fail("d: the main thread is asleep in poll() before the other thread's call",
                "%s never showed poll or ppoll", ds.main_syscall);
    pthread_mutex_lock(&ds.lock);
    ds.called_at = tc_now();
    pthread_mutex_unlock(&ds.lock);
    BOOL ret = HttpSendRequestA(ds.req, NULL, 0, NULL, 0);
    DWORD err = GetLastError();
    pthread_mutex_lock(&ds.lock);
    ds.ret = ret;
    ds.err = err;
    /* Guard: if poll() has not returned in time, wake it through the second descriptor. */
    double deadline = tc_now() + ds.limit_ms / 1000.0;
    while (!ds.woke && tc_now() < deadline) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 20 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&ds.cond, &ds.lock, &ts);
    }
    bool woke = ds.woke;
    pthread_mutex_unlock(&ds.lock);
    if (!woke) {
        char byte = 1;
        if (write(ds.guard_fd, &byte, 1) != 1)
            tc_info("d: the guard could not write");
    }
    return NULL;
}

/* Sends request `index` from another thread while the main thread sleeps in poll() with no
 * timeout, then finishes it on the main thread. */
static void d_cross_thread_send(HINTERNET s, HINTERNET conn, int index, const char *what)
{
    char name[160];
    DWORD_PTR ctx = D_REQ + (DWORD_PTR)index;
    HINTERNET r = HttpOpenRequestA(conn, "GET", "/bytes/5000", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, ctx);
    if (r == NULL) {
        tc_fail("d: open", "HttpOpenRequest failed, GetLastError %u", (unsigned)GetLastError());
        return;
    }
    int32_t fd = -1;
    rinet_session_fd(s, &fd);
    /* Let the session settle, then check that it is idle: no deadline, a quiet descriptor. */
    for (int i = 0; i < 5; i++)
        rinet_session_process(s, 0, NULL);
    uint32_t ms = 0;
    rinet_session_timeout_ms(s, &ms);
    snprintf(name, sizeof name, "d: %s: no deadline before the call", what);
    CHECK_EQ(name, ms, 0xFFFFFFFFu);
    struct pollfd quiet = {.fd = fd, .events = POLLIN};
    snprintf(name, sizeof name, "d: %s: the descriptor is quiet before the call", what);
    CHECK_EQ(name, poll(&quiet, 1, 0), 0);

    int pipefd[2];
    if (pipe(pipefd) != 0) {
        tc_fail("d: pipe", "%s", strerror(errno));
        return;
    }
    ds.req = r;
    ds.guard_fd = pipefd[1];
    ds.limit_ms = under_valgrind() ? 60000 : 10000;
    ds.woke = false;
    ds.called_at = 0;
    char self[48] = "";
    ssize_t self_len = readlink("/proc/thread-self", self, sizeof self - 1);
    self[self_len > 0 ? self_len : 0] = '\0';
    snprintf(ds.main_syscall, sizeof ds.main_syscall, "/proc/%s/syscall", self);
    size_t mark = tc_mark();
    pthread_t t;
    pthread_create(&t, NULL, d_sender, NULL);
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = pipefd[0], .events = POLLIN}};
    int n;
    do {
        n = poll(p, 2, -1); /* no timeout: only the call can wake this */
    } while (n < 0 && errno == EINTR);
    double woke_at = tc_now();
    pthread_mutex_lock(&ds.lock);
    ds.woke = true;
    pthread_cond_broadcast(&ds.cond);
    pthread_mutex_unlock(&ds.lock);
    pthread_join(t, NULL);
    close(pipefd[0]);
    close(pipefd[1]);

    snprintf(name, sizeof name, "d: %s: the call from another thread wakes poll() on the descriptor", what);
    if ((p[0].revents & POLLIN) && !(p[1].revents & POLLIN) && woke_at >= ds.called_at && ds.called_at > 0)
        tc_ok(name);
    else
        tc_fail(name, "poll returned %d, descriptor revents %#x, guard revents %#x (guard fires after %d ms)", n,
                (unsigned)p[0].revents, (unsigned)p[1].revents, ds.limit_ms);
    snprintf(name, sizeof name, "d: %s: HttpSendRequest from the other thread pends", what);
    if (!ds.ret && ds.err == ERROR_IO_PENDING)
        tc_ok(name);
    else
        tc_fail(name, "returned %s, GetLastError %u", ds.ret ? "TRUE" : "FALSE", (unsigned)ds.err);

    long done = dc_pump_for(s, INTERNET_STATUS_REQUEST_COMPLETE, r, ctx, mark, TC_WAIT_MS);
    snprintf(name, sizeof name, "d: %s: REQUEST_COMPLETE {1, 0}", what);
    if (done >= 0) {
        tc_note c = tc_get((size_t)done);
        CHECK(name, c.result == 1 && c.error == 0);
    } else {
        tc_fail(name, "no REQUEST_COMPLETE within %d ms", TC_WAIT_MS);
    }
    tc_buf body = {0};
    DWORD err = dc_read_all(s, r, ctx, &body);
    snprintf(name, sizeof name, "d: %s: body", what);
    if (err == 0)
        tc_check_pattern(name, body.data, body.len, 5000);
    else
        tc_fail(name, "reading failed: %u", (unsigned)err);
    tc_buf_free(&body);
    snprintf(name, sizeof name, "d: %s: every notification of the request on the main thread", what);
    dc_check_threads(name, mark, tc_mark());
    CHECK_TRUE("d: close the request", InternetCloseHandle(r));
}

static void test_cross_thread_wake(void)
{
    HINTERNET s = dc_open("d: open", tc_callback);
    if (s == NULL)
        return;
    HINTERNET conn = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, D_CONN);
    if (conn == NULL) {
        tc_fail("d: connect", "InternetConnect failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(s);
        return;
    }
    d_cross_thread_send(s, conn, 0, "fresh connection");
    d_cross_thread_send(s, conn, 1, "reused connection");
    CHECK_TRUE("d: close the session", InternetCloseHandle(s));
    tc_check_no_live_handles("d: no live handles");
}

/* ---------------------------------------------------------------------------------------- */
/* (e) a callback inside an API call closes the session                                      */
/* ---------------------------------------------------------------------------------------- */

static struct {
    HINTERNET session;
    bool fired;
    size_t mark;
    BOOL close_ret;
} es;

static void CALLBACK e_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_enter();
    tc_record(h, ctx, status, info, len);
    if (!es.fired && ctx == E_TRIGGER && status == INTERNET_STATUS_HANDLE_CREATED) {
        es.fired = true;
        es.mark = tc_mark();
        es.close_ret = InternetCloseHandle(es.session);
    }
    tc_leave();
}

static void test_close_session_in_api_call(void)
{
    HINTERNET s = dc_open("e: open", e_callback);
    if (s == NULL)
        return;
    es.session = s;
    size_t start = tc_mark();
    HINTERNET conn = InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, E_CONN);
    if (conn == NULL) {
        tc_fail("e: connect", "InternetConnect failed, GetLastError %u", (unsigned)GetLastError());
        return;
    }
    for (int i = 0; i < E_HOLDS; i++) {
        HINTERNET r = HttpOpenRequestA(conn, "GET", "/gate/dc-e-never", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, E_HOLD + i);
        if (r == NULL || HttpSendRequestA(r, NULL, 0, NULL, 0) || GetLastError() != ERROR_IO_PENDING)
            tc_fail("e: held GETs pend", "GET %d: handle %p, GetLastError %u", i, r, (unsigned)GetLastError());
    }
    /* Run the session until the server holds every GET at its gate (nobody opens it). */
    double t0 = tc_now();
    long held = 0;
    while (held < E_HOLDS && tc_now() - t0 < TC_WAIT_MS / 1000.0) {
        dc_turn(s, 20);
        held = tc_gate_count("dc-e-never");
    }
    CHECK_EQ("e: the server holds the GETs", held, E_HOLDS);
    /* HttpOpenRequest sends HANDLE_CREATED on this thread, inside the call; the callback closes
     * the session there. */
    HINTERNET trigger = HttpOpenRequestA(conn, "GET", "/bytes/10", NULL, NULL, NULL, INTERNET_FLAG_RELOAD, E_TRIGGER);
    (void)trigger;
    size_t end = tc_mark();
    CHECK("e: the callback ran inside HttpOpenRequest", es.fired);
    CHECK("e: InternetCloseHandle(session) inside the callback succeeds", es.close_ret);
    if (!es.fired)
        return;
    for (int i = 0; i < E_HOLDS; i++)
        dc_check_cancelled("e: the held GET's send completes cancelled before HttpOpenRequest returns", E_HOLD + i,
                           es.mark, end);
    long conn_at = dc_check_closing("e: connect handle: one HANDLE_CLOSING before HttpOpenRequest returns", E_CONN,
                                    es.mark, end);
    for (int i = 0; i < E_HOLDS; i++) {
        long at = dc_check_closing("e: held GET: one HANDLE_CLOSING before HttpOpenRequest returns", E_HOLD + i,
                                   es.mark, end);
        if (at >= 0 && conn_at >= 0)
            CHECK("e: a request's HANDLE_CLOSING comes before its connect handle's", at < conn_at);
    }
    dc_check_closing("e: the new request: one HANDLE_CLOSING before HttpOpenRequest returns", E_TRIGGER, es.mark, end);
    dc_check_threads("e: every notification on the main thread, none nested", start, end);
    tc_check_no_live_handles("e: no live handles");
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    /* (b) forks: it runs first, while this process has no session. */
    test_calls_in_callback();
    test_session_functions();
    test_close_session_in_callback();
    test_cross_thread_wake();
    /* (e) last: when it fails, handles stay live and later checks would fail with it. */
    test_close_session_in_api_call();
    return tc_finish();
}
