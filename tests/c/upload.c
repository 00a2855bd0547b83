/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * upload.c -- HttpSendRequestEx, InternetWriteFile and HttpEndRequest.
 *
 * WinInet contract (wininet-contract.md sections 4 and 9, and the rinet differences at its top):
 *   - dwBufferTotal becomes the Content-Length; lpvBuffer bytes go out with the headers:
 *     3 initial bytes + six 1-byte writes, total 9, deliver a 9-byte body;
 *   - rinet: writing past dwBufferTotal fails with ERROR_INVALID_PARAMETER and sends nothing;
 *     HttpEndRequest short of dwBufferTotal fails at once with
 *     ERROR_INTERNET_INCORRECT_HANDLE_STATE and the request stays usable;
 *   - InternetWriteFile that completes at once returns TRUE after SENDING_REQUEST then
 *     REQUEST_SENT on the caller's thread; when the socket cannot take the bytes it returns
 *     FALSE/ERROR_IO_PENDING and exactly one REQUEST_COMPLETE follows (KB242019); an upload
 *     larger than the kernel's buffers, to a server that reads nothing until a write has
 *     pended, makes at least one write wait;
 *   - between HttpSendRequestEx and HttpEndRequest, HttpQueryInfo fails with 12019;
 *   - a synchronous session never pends and never sends REQUEST_COMPLETE.
 *
 * Usage: upload <host> <port>
 */
#include "check.h"

#define CTX_CONNECT ((DWORD_PTR)0xD0)

static DWORD_PTR next_ctx = 0x2000;

typedef struct {
    HINTERNET s, c;
    bool async;
    const char *mode;
} env_t;

static bool env_open(env_t *e, bool async)
{
    e->async = async;
    e->mode = async ? "async" : "sync";
    e->s = tc_open_session(e->mode, async);
    e->c = e->s ? InternetConnectA(e->s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, CTX_CONNECT) : NULL;
    if (e->c == NULL && e->s != NULL) {
        tc_fail(e->mode, "InternetConnect failed, GetLastError %u", (unsigned)GetLastError());
        InternetCloseHandle(e->s);
        e->s = NULL;
    }
    return e->c != NULL;
}

static void env_close(env_t *e)
{
    size_t mark = tc_mark();
    InternetCloseHandle(e->c);
    tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, CTX_CONNECT, mark, TC_WAIT_MS);
    InternetCloseHandle(e->s);
}

static void close_request(HINTERNET r, DWORD_PTR ctx)
{
    size_t mark = tc_mark();
    InternetCloseHandle(r);
    tc_wait_for(INTERNET_STATUS_HANDLE_CLOSING, NULL, ctx, mark, TC_WAIT_MS);
}

/* Opens a POST request and starts it with HttpSendRequestEx (initial bytes, total length).
 * Returns the request, or NULL (reported). */
static HINTERNET start_post(const env_t *e, const char *what, const char *path, const void *initial, DWORD initial_len,
                            DWORD total, DWORD_PTR *ctx)
{
    char name[160];
    *ctx = next_ctx++;
    HINTERNET r = HttpOpenRequestA(e->c, "POST", path, NULL, NULL, NULL, 0, *ctx);
    if (r == NULL) {
        snprintf(name, sizeof name, "%s %s: HttpOpenRequest", e->mode, what);
        tc_fail(name, "NULL, GetLastError %u", (unsigned)GetLastError());
        return NULL;
    }
    /* INTERNET_BUFFERS must stay valid until the call completes: keep it static. */
    static INTERNET_BUFFERS bi;
    memset(&bi, 0, sizeof bi);
    bi.dwStructSize = sizeof bi;
    bi.lpvBuffer = (LPVOID)(uintptr_t)initial;
    bi.dwBufferLength = initial_len;
    bi.dwBufferTotal = total;
    size_t mark = tc_mark();
    DWORD err = tc_await(HttpSendRequestExA(r, &bi, NULL, 0, 0), r, *ctx, mark, NULL);
    snprintf(name, sizeof name, "%s %s: HttpSendRequestEx", e->mode, what);
    if (err != 0) {
        tc_fail(name, "failed with %u", (unsigned)err);
        close_request(r, *ctx);
        return NULL;
    }
    return r;
}

/* Writes n bytes (finishing a pending write), returning 0 or the error. */
static DWORD write_bytes(HINTERNET r, DWORD_PTR ctx, const void *data, DWORD n, DWORD *written, bool *pended)
{
    size_t mark = tc_mark();
    return tc_await(InternetWriteFile(r, data, n, written), r, ctx, mark, pended);
}

/* Ends the request and reads the reply into body. Returns 0 or the error. */
static DWORD end_and_read(HINTERNET r, DWORD_PTR ctx, tc_buf *body)
{
    size_t mark = tc_mark();
    DWORD err = tc_await(HttpEndRequestA(r, NULL, 0, 0), r, ctx, mark, NULL);
    if (err != 0)
        return err;
    DWORD code = 0, len = sizeof code;
    if (!HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &len, NULL) || code != 200)
        return 0xFFFF0000u | code;
    return tc_read_all(r, ctx, 4096, body, NULL);
}

static void check_reply(const char *name, DWORD err, const tc_buf *body, const char *want)
{
    if (err != 0)
        tc_fail(name, "HttpEndRequest or the read failed with %#x", (unsigned)err);
    else
        CHECK_STR(name, body->len ? body->data : "", want);
}

/* 3 initial bytes, then six 1-byte writes, total 9: /echo returns the 9 bytes. */
static void test_nine_bytes(const env_t *e)
{
    char name[160];
    DWORD_PTR ctx;
    HINTERNET r = start_post(e, "3+6x1", "/echo", "abc", 3, 9, &ctx);
    if (r == NULL)
        return;
    /* Between HttpSendRequestEx and HttpEndRequest there is no response to query. */
    char status[16];
    DWORD status_len = sizeof status;
    snprintf(name, sizeof name, "%s 3+6x1: HttpQueryInfo before HttpEndRequest fails with 12019", e->mode);
    CHECK_FAILS(name, HttpQueryInfoA(r, HTTP_QUERY_STATUS_CODE, status, &status_len, NULL),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    const char *rest = "defghi";
    bool all = true;
    for (int i = 0; i < 6; i++) {
        DWORD written = 0;
        DWORD err = write_bytes(r, ctx, rest + i, 1, &written, NULL);
        if (err != 0 || written != 1) {
            snprintf(name, sizeof name, "%s 3+6x1: write %d", e->mode, i);
            tc_fail(name, "error %u, written %u", (unsigned)err, (unsigned)written);
            all = false;
        }
    }
    snprintf(name, sizeof name, "%s 3+6x1: six 1-byte writes succeed", e->mode);
    CHECK(name, all);
    tc_buf body = {0};
    DWORD err = end_and_read(r, ctx, &body);
    snprintf(name, sizeof name, "%s 3+6x1: /echo returns the 9-byte body", e->mode);
    check_reply(name, err, &body, "abcdefghi");
    tc_buf_free(&body);
    close_request(r, ctx);
}

/* Writing past dwBufferTotal fails with 87 and sends nothing. */
static void test_write_past_total(const env_t *e)
{
    char name[160];
    DWORD_PTR ctx;
    HINTERNET r = start_post(e, "past total", "/echo", "abc", 3, 9, &ctx);
    if (r == NULL)
        return;
    DWORD written = 12345;
    BOOL ok = InternetWriteFile(r, "defghij", 7, &written);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s past total: a 7-byte write where 6 remain fails at once with 87", e->mode);
    CHECK(name, !ok && err == ERROR_INVALID_PARAMETER);
    written = 0;
    err = write_bytes(r, ctx, "defghi", 6, &written, NULL);
    snprintf(name, sizeof name, "%s past total: the 6 remaining bytes are then accepted", e->mode);
    CHECK(name, err == 0 && written == 6);
    ok = InternetWriteFile(r, "x", 1, &written);
    err = GetLastError();
    snprintf(name, sizeof name, "%s past total: one more byte fails at once with 87", e->mode);
    CHECK(name, !ok && err == ERROR_INVALID_PARAMETER);
    tc_buf body = {0};
    err = end_and_read(r, ctx, &body);
    snprintf(name, sizeof name, "%s past total: the request completes with exactly the declared body", e->mode);
    check_reply(name, err, &body, "abcdefghi");
    tc_buf_free(&body);
    close_request(r, ctx);
}

/* HttpEndRequest short of dwBufferTotal fails with 12019; write the rest and end again. */
static void test_end_short(const env_t *e)
{
    char name[160];
    DWORD_PTR ctx;
    HINTERNET r = start_post(e, "end short", "/echo", "abc", 3, 9, &ctx);
    if (r == NULL)
        return;
    DWORD written = 0;
    DWORD err = write_bytes(r, ctx, "def", 3, &written, NULL);
    snprintf(name, sizeof name, "%s end short: write 3 of the 6 remaining bytes", e->mode);
    CHECK(name, err == 0 && written == 3);
    size_t mark = tc_mark();
    BOOL ok = HttpEndRequestA(r, NULL, 0, 0);
    err = GetLastError();
    snprintf(name, sizeof name, "%s end short: HttpEndRequest fails at once with 12019", e->mode);
    CHECK(name, !ok && err == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    tc_sleep_ms(100);
    snprintf(name, sizeof name, "%s end short: the refused HttpEndRequest sends no REQUEST_COMPLETE", e->mode);
    CHECK_EQ(name, tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, mark, SIZE_MAX), 0);
    err = write_bytes(r, ctx, "ghi", 3, &written, NULL);
    snprintf(name, sizeof name, "%s end short: the rest is written after the refusal", e->mode);
    CHECK(name, err == 0 && written == 3);
    tc_buf body = {0};
    err = end_and_read(r, ctx, &body);
    snprintf(name, sizeof name, "%s end short: HttpEndRequest then succeeds with the right reply", e->mode);
    check_reply(name, err, &body, "abcdefghi");
    tc_buf_free(&body);
    close_request(r, ctx);
}

/* A write the socket takes at once: TRUE, after SENDING_REQUEST then REQUEST_SENT delivered on
 * the caller's thread, and no REQUEST_COMPLETE. */
static void test_sync_write_notifications(const env_t *e)
{
    char name[160];
    enum { PIECE = 1024, PIECES = 4 };
    static char data[PIECE * PIECES];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = tc_pattern_byte(i);
    DWORD_PTR ctx;
    HINTERNET r = start_post(e, "write notifications", "/upload", NULL, 0, sizeof data, &ctx);
    if (r == NULL)
        return;
    unsigned sync_writes = 0, good = 0;
    for (int i = 0; i < PIECES; i++) {
        DWORD written = 0;
        size_t before = tc_mark();
        BOOL ok = InternetWriteFile(r, data + i * PIECE, PIECE, &written);
        DWORD err = GetLastError();
        size_t after = tc_mark();
        if (!ok) {
            if (err == ERROR_IO_PENDING) {
                tc_info("%s: write %d of %d bytes pended; its notifications are not checked", e->mode, i, PIECE);
                tc_await_ex(FALSE, r, ctx, before, NULL, NULL); /* GetLastError is still 997 */
                continue;
            }
            snprintf(name, sizeof name, "%s write notifications: write %d", e->mode, i);
            tc_fail(name, "FALSE, GetLastError %u", (unsigned)err);
            continue;
        }
        sync_writes++;
        long sending = -1, sent = -1;
        bool on_main = true;
        DWORD sent_value = 0;
        size_t completes = 0;
        for (size_t k = before; k < after; k++) {
            tc_note n = tc_get(k);
            if (n.context != ctx)
                continue;
            if (n.status == INTERNET_STATUS_SENDING_REQUEST && sending < 0)
                sending = (long)k;
            if (n.status == INTERNET_STATUS_REQUEST_SENT && sent < 0) {
                sent = (long)k;
                sent_value = (DWORD)n.result;
            }
            if (n.status == INTERNET_STATUS_SENDING_REQUEST || n.status == INTERNET_STATUS_REQUEST_SENT)
                on_main = on_main && n.on_main;
            if (n.status == INTERNET_STATUS_REQUEST_COMPLETE)
                completes++;
        }
        bool fine = written == PIECE && sending >= 0 && sent > sending && on_main && completes == 0 && sent_value == PIECE;
        if (fine) {
            good++;
        } else {
            snprintf(name, sizeof name, "%s write notifications: write %d", e->mode, i);
            tc_fail(name, "written %u, SENDING_REQUEST at %ld, REQUEST_SENT at %ld (value %u), on caller's thread %d, "
                          "REQUEST_COMPLETE %zu",
                    (unsigned)written, sending, sent, (unsigned)sent_value, on_main, completes);
            tc_dump(name, NULL, ctx, before, after);
        }
    }
    snprintf(name, sizeof name, "%s: a write that returns TRUE delivered SENDING_REQUEST then REQUEST_SENT(n) on the "
                                "caller's thread before returning, and no REQUEST_COMPLETE (%u of %u)",
             e->mode, good, sync_writes);
    CHECK(name, sync_writes > 0 && good == sync_writes);
    tc_buf body = {0};
    DWORD err = end_and_read(r, ctx, &body);
    char want[64];
    tc_upload_reply(want, sizeof want, sizeof data, tc_fnv1a64(TC_FNV_OFFSET, data, sizeof data));
    snprintf(name, sizeof name, "%s write notifications: /upload reply", e->mode);
    check_reply(name, err, &body, want);
    tc_buf_free(&body);
    close_request(r, ctx);
}

/* The largest value of a /proc/sys/net/ipv4 buffer setting ("min default max"), or `fallback`. */
static unsigned long net_max(const char *file, unsigned long fallback)
{
    char path[96];
    snprintf(path, sizeof path, "/proc/sys/net/ipv4/%s", file);
    FILE *f = fopen(path, "r");
    unsigned long lo = 0, mid = 0, hi = 0;
    bool ok = f != NULL && fscanf(f, "%lu %lu %lu", &lo, &mid, &hi) == 3;
    if (f != NULL)
        fclose(f);
    return ok ? hi : fallback;
}

/* A large upload in 256 KiB writes; each pended write gets exactly one REQUEST_COMPLETE,
 * synchronous writes never pend.
 *
 * Asynchronous: the upload goes to /upload behind a gate of the test server that stays shut
 * until a write pends, so the server reads nothing until then. The body is larger than the most
 * the kernel can buffer between the two ends (the client's send buffer grows at most to
 * tcp_wmem's maximum, the server's receive buffer to tcp_rmem's), so some write must pend: the
 * test then opens the gate and the server reads the rest at full speed. Nothing depends on how
 * fast either side is.
 *
 * Synchronous: 8 MiB to /slowread/1, which reads 4 KiB per millisecond at most, far slower than
 * the client writes, so writes block in the call; they must never return ERROR_IO_PENDING. */
static void test_slow_upload(const env_t *e)
{
    char name[200];
    enum { PIECE = 256 * 1024 };
    unsigned long total = 8ul * 1024 * 1024;
    if (e->async) {
        unsigned long most = net_max("tcp_wmem", 4ul << 20) + net_max("tcp_rmem", 6ul << 20);
        total = (most / PIECE + 8) * PIECE;
    }
    const int pieces = (int)(total / PIECE);
    char *piece = (char *)malloc(PIECE);
    size_t *marks = (size_t *)malloc(((size_t)pieces + 1) * sizeof *marks);
    bool *pended_at = (bool *)calloc((size_t)pieces, sizeof *pended_at);
    if (piece == NULL || marks == NULL || pended_at == NULL) {
        free(piece);
        free(marks);
        free(pended_at);
        return;
    }
    const char *gate = "upload-async";
    DWORD_PTR ctx;
    size_t start = tc_mark();
    HINTERNET r = start_post(e, "large upload", e->async ? "/gate/upload-async/upload" : "/slowread/1", NULL, 0,
                             (DWORD)total, &ctx);
    if (r == NULL) {
        if (e->async)
            tc_gate_open(gate);
        free(piece);
        free(marks);
        free(pended_at);
        return;
    }
    bool gate_open = !e->async;
    unsigned pended = 0, failures = 0;
    uint64_t hash = TC_FNV_OFFSET;
    for (int i = 0; i < pieces; i++) {
        for (size_t k = 0; k < PIECE; k++)
            piece[k] = tc_pattern_byte((uint64_t)i * PIECE + k);
        hash = tc_fnv1a64(hash, piece, PIECE);
        DWORD written = 0;
        marks[i] = tc_mark();
        /* piece and written stay rinet's until the write completes, which is waited for. */
        BOOL ok = InternetWriteFile(r, piece, PIECE, &written);
        DWORD err = ok ? 0 : GetLastError();
        bool p = !ok && err == ERROR_IO_PENDING;
        if (p) {
            pended++;
            if (!gate_open) {
                tc_gate_open(gate);
                gate_open = true;
            }
            long done = tc_wait_for(INTERNET_STATUS_REQUEST_COMPLETE, r, ctx, marks[i], TC_WAIT_MS);
            tc_note n = done >= 0 ? tc_get((size_t)done) : (tc_note){0};
            err = done < 0 ? TC_TIMED_OUT : n.result ? 0 : n.error;
        }
        pended_at[i] = p;
        if (err != 0 || written != PIECE) {
            snprintf(name, sizeof name, "%s large upload: write %d", e->mode, i);
            tc_fail(name, "%s, error %u, written %u", p ? "pended" : "did not pend", (unsigned)err, (unsigned)written);
            failures++;
            break;
        }
    }
    marks[pieces] = tc_mark();
    if (!gate_open)
        tc_gate_open(gate); /* no write pended (a failure below): let the server answer */
    tc_buf body = {0};
    DWORD err = failures ? 1 : end_and_read(r, ctx, &body);
    char want[64];
    tc_upload_reply(want, sizeof want, total, hash);
    snprintf(name, sizeof name, "%s large upload: server reply \"<len> <hash>\" matches what was sent", e->mode);
    if (!failures)
        check_reply(name, err, &body, want);
    else
        tc_fail(name, "a write failed");
    tc_buf_free(&body);
    tc_sleep_ms(100); /* let anything wrongly sent afterwards arrive */

    if (e->async) {
        snprintf(name, sizeof name, "%s large upload: at least one InternetWriteFile returned FALSE/997 (%u of %d)",
                 e->mode, pended, pieces);
        CHECK(name, pended > 0);
        bool one_each = true;
        for (int i = 0; i < pieces && !failures; i++) {
            size_t n = tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, marks[i], marks[i + 1]);
            if (n != (pended_at[i] ? 1u : 0u)) {
                one_each = false;
                tc_info("write %d: pended %d, REQUEST_COMPLETE x%zu", i, pended_at[i], n);
            }
        }
        snprintf(name, sizeof name, "%s large upload: exactly one REQUEST_COMPLETE per pended write, none otherwise",
                 e->mode);
        CHECK(name, one_each);
    } else {
        snprintf(name, sizeof name, "%s large upload: no write pended", e->mode);
        CHECK_EQ(name, pended, 0);
        snprintf(name, sizeof name, "%s large upload: no REQUEST_COMPLETE in a synchronous session", e->mode);
        CHECK_EQ(name, tc_count(INTERNET_STATUS_REQUEST_COMPLETE, NULL, ctx, start, SIZE_MAX), 0);
    }
    close_request(r, ctx);
    free(piece);
    free(marks);
    free(pended_at);
}

static void run_mode(bool async)
{
    env_t e;
    if (!env_open(&e, async))
        return;
    test_nine_bytes(&e);
    test_write_past_total(&e);
    test_end_short(&e);
    test_sync_write_notifications(&e);
    test_slow_upload(&e);
    env_close(&e);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    run_mode(true);
    run_mode(false);
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
