/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * handles.c -- handle validity, kinds and states, and handle options.
 *
 * WinInet contract (wininet-contract.md sections 1, 5, 8 and 9):
 *   - a NULL, forged, stale or closed handle fails every call with ERROR_INVALID_HANDLE (6); a
 *     NULL handle given to a per-handle option fails with ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
 *   - a handle of the wrong kind fails with ERROR_INTERNET_INCORRECT_HANDLE_TYPE (12018), a call
 *     in the wrong state of a request with ERROR_INTERNET_INCORRECT_HANDLE_STATE (12019);
 *   - closing a parent invalidates its children at once;
 *   - InternetConnect with a NULL or "" server fails with ERROR_INVALID_PARAMETER;
 *   - INTERNET_OPTION_HANDLE_TYPE is 1 / 4 / 13; INTERNET_OPTION_CONTEXT_VALUE round-trips, is
 *     not inherited, and rejects NULL or empty buffers (87), a zero-size query (122) and a NULL
 *     handle (12018); timeouts round-trip; an unknown option fails with 12009;
 *   - HttpEndRequest with lpBuffersOut != NULL, and HttpSendRequestEx or InternetReadFileEx with a
 *     wrong dwStructSize, fail with ERROR_INVALID_PARAMETER;
 *   - InternetSetStatusCallback returns the previous callback (NULL the first time).
 *
 * Usage: handles <host> <port>
 */
#include "check.h"

#define UNKNOWN_OPTION 9999u

static void CALLBACK other_callback(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID info, DWORD len)
{
    tc_callback(h, ctx, status, info, len);
}

static HINTERNET open_plain_session(void)
{
    return InternetOpenA("rinet-c-tests", INTERNET_OPEN_TYPE_DIRECT, NULL, NULL, 0);
}

static HINTERNET connect_to_server(HINTERNET s, DWORD_PTR ctx)
{
    return InternetConnectA(s, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, ctx);
}

/* Every call of the API with handle h fails with ERROR_INVALID_HANDLE. */
static void every_call_fails(const char *label, HINTERNET h)
{
    char name[160];
    char buf[64];
    DWORD n = 0, len;
    INTERNET_BUFFERS bi;
    memset(&bi, 0, sizeof bi);
    bi.dwStructSize = sizeof bi;
    DWORD_PTR ctx = 5;

#define NAME(call) (snprintf(name, sizeof name, "%s handle: %s fails with 6", label, call), name)
    CHECK_NULL_ERR(NAME("InternetConnect"),
                   InternetConnectA(h, tc_host, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 1),
                   ERROR_INVALID_HANDLE);
    CHECK_NULL_ERR(NAME("HttpOpenRequest"), HttpOpenRequestA(h, "GET", "/", NULL, NULL, NULL, 0, 1),
                   ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("HttpAddRequestHeaders"), HttpAddRequestHeadersA(h, "X-A: 1\r\n", (DWORD)-1, HTTP_ADDREQ_FLAG_ADD),
                ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("HttpSendRequest"), HttpSendRequestA(h, NULL, 0, NULL, 0), ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("HttpSendRequestEx"), HttpSendRequestExA(h, &bi, NULL, 0, 0), ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("InternetWriteFile"), InternetWriteFile(h, "x", 1, &n), ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("HttpEndRequest"), HttpEndRequestA(h, NULL, 0, 0), ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("InternetReadFile"), InternetReadFile(h, buf, sizeof buf, &n), ERROR_INVALID_HANDLE);
    INTERNET_BUFFERS bo;
    memset(&bo, 0, sizeof bo);
    bo.dwStructSize = sizeof bo;
    bo.lpvBuffer = buf;
    bo.dwBufferLength = sizeof buf;
    CHECK_FAILS(NAME("InternetReadFileEx"), InternetReadFileExA(h, &bo, 0, 0), ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("InternetQueryDataAvailable"), InternetQueryDataAvailable(h, &n, 0, 0), ERROR_INVALID_HANDLE);
    len = sizeof buf;
    CHECK_FAILS(NAME("HttpQueryInfo"), HttpQueryInfoA(h, HTTP_QUERY_STATUS_CODE, buf, &len, NULL),
                ERROR_INVALID_HANDLE);
    /* A NULL handle means "global" to the option functions: per-handle options give 12018. */
    DWORD want = h == NULL ? ERROR_INTERNET_INCORRECT_HANDLE_TYPE : ERROR_INVALID_HANDLE;
    snprintf(name, sizeof name, "%s handle: InternetSetOption(CONTEXT_VALUE) fails with %u", label, (unsigned)want);
    CHECK_FAILS(name, InternetSetOptionA(h, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx), want);
    len = sizeof n;
    snprintf(name, sizeof name, "%s handle: InternetQueryOption(HANDLE_TYPE) fails with %u", label, (unsigned)want);
    CHECK_FAILS(name, InternetQueryOptionA(h, INTERNET_OPTION_HANDLE_TYPE, &n, &len), want);
    INTERNET_STATUS_CALLBACK prev = InternetSetStatusCallbackA(h, tc_callback);
    DWORD err = GetLastError();
    snprintf(name, sizeof name, "%s handle: InternetSetStatusCallback returns INTERNET_INVALID_STATUS_CALLBACK/6", label);
    CHECK(name, prev == INTERNET_INVALID_STATUS_CALLBACK && err == ERROR_INVALID_HANDLE);
    CHECK_FAILS(NAME("InternetCloseHandle"), InternetCloseHandle(h), ERROR_INVALID_HANDLE);
#undef NAME
}

static void test_invalid_handles(void)
{
    every_call_fails("NULL", NULL);
    every_call_fails("forged 0x1234", (HINTERNET)(uintptr_t)0x1234);
    every_call_fails("forged 1", (HINTERNET)(uintptr_t)1);

    HINTERNET s = open_plain_session();
    CHECK("stale session: InternetOpen", s != NULL);
    if (s != NULL) {
        CHECK_TRUE("stale session: InternetCloseHandle", InternetCloseHandle(s));
        every_call_fails("stale session", s);
    }

    s = open_plain_session();
    HINTERNET c = s ? connect_to_server(s, 0) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/bytes/10", NULL, NULL, NULL, 0, 0) : NULL;
    CHECK("stale request: handles created", r != NULL);
    if (r != NULL) {
        CHECK_TRUE("stale request: InternetCloseHandle", InternetCloseHandle(r));
        every_call_fails("stale request", r);
    }
    if (c != NULL) {
        CHECK_TRUE("stale connect: InternetCloseHandle", InternetCloseHandle(c));
        every_call_fails("stale connect", c);
    }
    if (s != NULL)
        InternetCloseHandle(s);
}

static void test_kind_and_state(void)
{
    HINTERNET s = open_plain_session();
    HINTERNET c = s ? connect_to_server(s, 0) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/bytes/10", NULL, NULL, NULL, 0, 0) : NULL;
    CHECK("kind/state: handles created", r != NULL);
    if (r == NULL)
        goto out;

    /* Wrong kind. */
    CHECK_FAILS("HttpSendRequest on a session handle fails with 12018", HttpSendRequestA(s, NULL, 0, NULL, 0),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_FAILS("HttpSendRequest on a connect handle fails with 12018", HttpSendRequestA(c, NULL, 0, NULL, 0),
                ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_NULL_ERR("InternetConnect on a request handle fails with 12018", connect_to_server(r, 1),
                   ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_NULL_ERR("InternetConnect on a connect handle fails with 12018", connect_to_server(c, 1),
                   ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_NULL_ERR("HttpOpenRequest on a session handle fails with 12018",
                   HttpOpenRequestA(s, "GET", "/", NULL, NULL, NULL, 0, 1), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    CHECK_NULL_ERR("HttpOpenRequest on a request handle fails with 12018",
                   HttpOpenRequestA(r, "GET", "/", NULL, NULL, NULL, 0, 1), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

    /* Wrong state. */
    char buf[64];
    DWORD n = 0;
    CHECK_FAILS("InternetReadFile before HttpSendRequest fails with 12019", InternetReadFile(r, buf, sizeof buf, &n),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_FAILS("InternetWriteFile without HttpSendRequestEx fails with 12019", InternetWriteFile(r, "x", 1, &n),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    CHECK_FAILS("HttpEndRequest without HttpSendRequestEx fails with 12019", HttpEndRequestA(r, NULL, 0, 0),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);

    /* After HttpSendRequest the request takes reads, not writes. */
    CHECK_TRUE("sync HttpSendRequest /bytes/10", HttpSendRequestA(r, NULL, 0, NULL, 0));
    CHECK_FAILS("InternetWriteFile after HttpSendRequest fails with 12019", InternetWriteFile(r, "x", 1, &n),
                ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    tc_buf body = {0};
    DWORD err = tc_read_all(r, 0, 64, &body, NULL);
    CHECK("the request still reads its body after the refused calls", err == 0 && body.len == 10 &&
                                                                        tc_pattern_mismatch(body.data, 10, 0) < 0);
    tc_buf_free(&body);

    /* InternetConnect with no server name. */
    CHECK_NULL_ERR("InternetConnect with a NULL server fails with 87",
                   InternetConnectA(s, NULL, tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 1), ERROR_INVALID_PARAMETER);
    CHECK_NULL_ERR("InternetConnect with an empty server fails with 87",
                   InternetConnectA(s, "", tc_port, NULL, NULL, INTERNET_SERVICE_HTTP, 0, 1), ERROR_INVALID_PARAMETER);

out:
    if (r)
        InternetCloseHandle(r);
    if (c)
        InternetCloseHandle(c);
    if (s)
        InternetCloseHandle(s);
}

static void test_parent_close(void)
{
    HINTERNET s = open_plain_session();
    HINTERNET c = s ? connect_to_server(s, 0) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/bytes/10", NULL, NULL, NULL, 0, 0) : NULL;
    CHECK("parent close: handles created", r != NULL);
    if (r == NULL) {
        if (c)
            InternetCloseHandle(c);
        if (s)
            InternetCloseHandle(s);
        return;
    }
    CHECK_TRUE("parent close: close the session", InternetCloseHandle(s));
    DWORD type = 0, len = sizeof type;
    CHECK_FAILS("parent close: InternetQueryOption on the request fails with 6",
                InternetQueryOptionA(r, INTERNET_OPTION_HANDLE_TYPE, &type, &len), ERROR_INVALID_HANDLE);
    CHECK_FAILS("parent close: HttpSendRequest on the request fails with 6", HttpSendRequestA(r, NULL, 0, NULL, 0),
                ERROR_INVALID_HANDLE);
    CHECK_NULL_ERR("parent close: HttpOpenRequest on the connect handle fails with 6",
                   HttpOpenRequestA(c, "GET", "/", NULL, NULL, NULL, 0, 0), ERROR_INVALID_HANDLE);
    CHECK_FAILS("parent close: InternetCloseHandle(connect) fails with 6", InternetCloseHandle(c), ERROR_INVALID_HANDLE);
    CHECK_FAILS("parent close: InternetCloseHandle(request) fails with 6", InternetCloseHandle(r), ERROR_INVALID_HANDLE);
}

static DWORD query_dword(HINTERNET h, DWORD option, BOOL *ok, DWORD *len)
{
    DWORD v = 0xDEADBEEF;
    *len = sizeof v;
    *ok = InternetQueryOptionA(h, option, &v, len);
    return v;
}

static void test_options(void)
{
    char name[160];
    HINTERNET s = open_plain_session();
    HINTERNET c = s ? connect_to_server(s, 0) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "GET", "/", NULL, NULL, NULL, 0, 0) : NULL;
    CHECK("options: handles created", r != NULL);
    if (r == NULL)
        goto out;

    /* HANDLE_TYPE. */
    BOOL ok;
    DWORD len, v;
    v = query_dword(s, INTERNET_OPTION_HANDLE_TYPE, &ok, &len);
    CHECK("HANDLE_TYPE of a session is 1 (INTERNET_HANDLE_TYPE_INTERNET)", ok && v == INTERNET_HANDLE_TYPE_INTERNET && len == 4);
    v = query_dword(c, INTERNET_OPTION_HANDLE_TYPE, &ok, &len);
    CHECK("HANDLE_TYPE of a connect handle is 4 (CONNECT_HTTP)", ok && v == INTERNET_HANDLE_TYPE_CONNECT_HTTP && len == 4);
    v = query_dword(r, INTERNET_OPTION_HANDLE_TYPE, &ok, &len);
    CHECK("HANDLE_TYPE of a request handle is 13 (HTTP_REQUEST)", ok && v == INTERNET_HANDLE_TYPE_HTTP_REQUEST && len == 4);

    /* CONTEXT_VALUE round trip. */
    DWORD_PTR ctx = (DWORD_PTR)0xABCDEF12u, got = 0;
    CHECK_TRUE("CONTEXT_VALUE set on a request", InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &ctx, sizeof ctx));
    len = sizeof got;
    CHECK_TRUE("CONTEXT_VALUE query", InternetQueryOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &got, &len));
    CHECK_EQ("CONTEXT_VALUE reads back what was set", got, ctx);
    CHECK_EQ("CONTEXT_VALUE length is sizeof(DWORD_PTR)", len, sizeof(DWORD_PTR));

    /* Not inherited: session context 1, children created with 0 read 0. */
    HINTERNET s2 = open_plain_session();
    DWORD_PTR one = 1;
    CHECK_TRUE("CONTEXT_VALUE 1 set on a session", s2 && InternetSetOptionA(s2, INTERNET_OPTION_CONTEXT_VALUE, &one, sizeof one));
    HINTERNET c2 = s2 ? connect_to_server(s2, 0) : NULL;
    HINTERNET r2 = c2 ? HttpOpenRequestA(c2, "GET", "/", NULL, NULL, NULL, 0, 0) : NULL;
    got = 77;
    len = sizeof got;
    CHECK("context not inherited: connect handle reads 0",
          c2 && InternetQueryOptionA(c2, INTERNET_OPTION_CONTEXT_VALUE, &got, &len) && got == 0);
    got = 77;
    len = sizeof got;
    CHECK("context not inherited: request handle reads 0",
          r2 && InternetQueryOptionA(r2, INTERNET_OPTION_CONTEXT_VALUE, &got, &len) && got == 0);
    got = 0;
    len = sizeof got;
    CHECK("session context reads back 1",
          s2 && InternetQueryOptionA(s2, INTERNET_OPTION_CONTEXT_VALUE, &got, &len) && got == 1);
    if (r2)
        InternetCloseHandle(r2);
    if (c2)
        InternetCloseHandle(c2);
    if (s2)
        InternetCloseHandle(s2);

    /* CONTEXT_VALUE errors. */
    CHECK_FAILS("CONTEXT_VALUE set with a NULL buffer fails with 87",
                InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, NULL, sizeof ctx), ERROR_INVALID_PARAMETER);
    CHECK_FAILS("CONTEXT_VALUE set with size 0 fails with 87", InternetSetOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &ctx, 0),
                ERROR_INVALID_PARAMETER);
    len = 0;
    CHECK_FAILS("CONTEXT_VALUE query with size 0 fails with 122",
                InternetQueryOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &got, &len), ERROR_INSUFFICIENT_BUFFER);
    CHECK_FAILS("CONTEXT_VALUE query with a NULL size pointer fails with 87",
                InternetQueryOptionA(r, INTERNET_OPTION_CONTEXT_VALUE, &got, NULL), ERROR_INVALID_PARAMETER);
    len = sizeof got;
    CHECK_FAILS("CONTEXT_VALUE query on a NULL handle fails with 12018",
                InternetQueryOptionA(NULL, INTERNET_OPTION_CONTEXT_VALUE, &got, &len), ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

    /* Timeouts round-trip on every kind of handle. */
    static const struct {
        DWORD option;
        const char *label;
    } timeouts[] = {
        {INTERNET_OPTION_CONNECT_TIMEOUT, "CONNECT_TIMEOUT"},
        {INTERNET_OPTION_SEND_TIMEOUT, "SEND_TIMEOUT"},
        {INTERNET_OPTION_RECEIVE_TIMEOUT, "RECEIVE_TIMEOUT"},
    };
    HINTERNET hs[3] = {s, c, r};
    static const char *kinds[3] = {"session", "connect", "request"};
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 0; k < 3; k++) {
            DWORD ms = 12345 + (DWORD)(i * 10 + k);
            snprintf(name, sizeof name, "%s on a %s handle: set %u, query returns it", timeouts[i].label, kinds[k],
                     (unsigned)ms);
            BOOL set = InternetSetOptionA(hs[k], timeouts[i].option, &ms, sizeof ms);
            v = query_dword(hs[k], timeouts[i].option, &ok, &len);
            CHECK(name, set && ok && v == ms && len == 4);
        }
    }

    /* Unknown option. */
    DWORD dummy = 1;
    CHECK_FAILS("set unknown option 9999 fails with 12009", InternetSetOptionA(r, UNKNOWN_OPTION, &dummy, sizeof dummy),
                ERROR_INTERNET_INVALID_OPTION);
    len = sizeof dummy;
    CHECK_FAILS("query unknown option 9999 fails with 12009", InternetQueryOptionA(r, UNKNOWN_OPTION, &dummy, &len),
                ERROR_INTERNET_INVALID_OPTION);

out:
    if (r)
        InternetCloseHandle(r);
    if (c)
        InternetCloseHandle(c);
    if (s)
        InternetCloseHandle(s);
}

static void test_send_ex_parameters(void)
{
    HINTERNET s = open_plain_session();
    HINTERNET c = s ? connect_to_server(s, 0) : NULL;
    HINTERNET r = c ? HttpOpenRequestA(c, "POST", "/upload", NULL, NULL, NULL, 0, 0) : NULL;
    CHECK("send-ex parameters: handles created", r != NULL);
    if (r != NULL) {
        INTERNET_BUFFERS bi;
        memset(&bi, 0, sizeof bi);
        bi.dwStructSize = sizeof bi - 1;
        CHECK_FAILS("HttpSendRequestEx with dwStructSize sizeof-1 fails with 87", HttpSendRequestExA(r, &bi, NULL, 0, 0),
                    ERROR_INVALID_PARAMETER);
        bi.dwStructSize = 0;
        CHECK_FAILS("HttpSendRequestEx with dwStructSize 0 fails with 87", HttpSendRequestExA(r, &bi, NULL, 0, 0),
                    ERROR_INVALID_PARAMETER);
        INTERNET_BUFFERS bad;
        char scratch[16];
        memset(&bad, 0, sizeof bad);
        bad.dwStructSize = sizeof bad - 1;
        bad.lpvBuffer = scratch;
        bad.dwBufferLength = sizeof scratch;
        CHECK_FAILS("InternetReadFileEx with dwStructSize sizeof-1 fails with 87", InternetReadFileExA(r, &bad, 0, 0),
                    ERROR_INVALID_PARAMETER);
        bi.dwStructSize = sizeof bi;
        bi.dwBufferTotal = 0;
        CHECK_TRUE("HttpSendRequestEx with an empty body (sync)", HttpSendRequestExA(r, &bi, NULL, 0, 0));
        INTERNET_BUFFERS out;
        memset(&out, 0, sizeof out);
        out.dwStructSize = sizeof out;
        CHECK_FAILS("HttpEndRequest with lpBuffersOut != NULL fails with 87", HttpEndRequestA(r, &out, 0, 0),
                    ERROR_INVALID_PARAMETER);
        CHECK_TRUE("HttpEndRequest with lpBuffersOut NULL then succeeds", HttpEndRequestA(r, NULL, 0, 0));
        tc_buf body = {0};
        DWORD err = tc_read_all(r, 0, 256, &body, NULL);
        char want[64];
        tc_upload_reply(want, sizeof want, 0, TC_FNV_OFFSET);
        CHECK("empty upload: server reply", err == 0 && body.data != NULL && strcmp(body.data, want) == 0);
        tc_buf_free(&body);
    }
    if (r)
        InternetCloseHandle(r);
    if (c)
        InternetCloseHandle(c);
    if (s)
        InternetCloseHandle(s);
}

static void test_set_status_callback(void)
{
    HINTERNET s = open_plain_session();
    CHECK("callback: session", s != NULL);
    if (s == NULL)
        return;
    CHECK("InternetSetStatusCallback returns NULL the first time", InternetSetStatusCallbackA(s, tc_callback) == NULL);
    CHECK("InternetSetStatusCallback returns the previous callback",
          InternetSetStatusCallbackA(s, other_callback) == tc_callback);
    CHECK("InternetSetStatusCallback (unsuffixed) returns the previous callback",
          InternetSetStatusCallback(s, NULL) == other_callback);
    CHECK("InternetSetStatusCallback after removal returns NULL", InternetSetStatusCallbackA(s, tc_callback) == NULL);
    InternetSetStatusCallbackA(s, NULL);
    InternetCloseHandle(s);
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    test_invalid_handles();
    test_kind_and_state();
    test_parent_close();
    test_options();
    test_send_ex_parameters();
    test_set_status_callback();
    tc_check_no_live_handles("every handle released at the end");
    return tc_finish();
}
