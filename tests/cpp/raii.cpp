/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * raii.cpp -- checks of include/rinet.hpp against the test server.
 *
 *     raii <host> <port>
 *
 * Prints one "ok <check>" or "FAIL <check>: <why>" line per check and exits 1 if any failed.
 * tests/cpp.rs builds it with g++ -std=c++17 -Wall -Wextra -Werror and runs it directly and
 * under valgrind, where a leaked or doubly freed callback slot fails the run.
 */
#include <rinet.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

int failures = 0;
const char *host = "127.0.0.1";
uint16_t port = 0;

void check(bool ok, const char *name, const std::string &why = std::string())
{
    if (ok) {
        std::printf("ok %s\n", name);
    } else {
        failures++;
        std::printf("FAIL %s: %s\n", name, why.c_str());
    }
    std::fflush(stdout);
}

/* rinet_live_handles() once it is 0, or after 30 s. In an asynchronous session a handle whose
 * callback is running on the session's thread when it is closed gets its HANDLE_CLOSING (and
 * leaves the count) when that callback returns, a moment after the close. */
uint32_t live_once_closed()
{
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    uint32_t live = rinet_live_handles();
    while (live != 0 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        live = rinet_live_handles();
    }
    return live;
}

/* Whether the object behind `w` is freed, waiting up to 30 s: a function's slot is freed right
 * after its HANDLE_CLOSING callback returns, which may be on the session's thread, a moment
 * after the test saw that notification. */
bool freed(const std::weak_ptr<int> &w)
{
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!w.expired() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return w.expired();
}

std::string describe(const std::error_code &ec)
{
    return std::to_string(ec.value()) + " " + ec.message();
}

/* A flag one thread sets and another waits for. */
struct latch {
    std::mutex m;
    std::condition_variable cv;
    bool set = false;

    void open()
    {
        std::lock_guard<std::mutex> g(m);
        set = true;
        cv.notify_all();
    }
    bool wait(int seconds = 30)
    {
        std::unique_lock<std::mutex> g(m);
        return cv.wait_for(g, std::chrono::seconds(seconds), [this] { return set; });
    }
};

/* The notifications one handle's function saw. */
struct log {
    std::mutex m;
    std::vector<uint32_t> statuses;
    std::vector<rinet_handle> handles;
    std::error_code completion;
    rinet_handle completed_handle = nullptr;
    latch complete, closing;

    rinet::callback recorder(std::shared_ptr<int> probe = nullptr)
    {
        return [this, probe](const rinet::notification &n) {
            {
                std::lock_guard<std::mutex> g(m);
                statuses.push_back(n.status);
                handles.push_back(n.handle);
                if (n.status == rinet::request_complete) {
                    completion = n.error();
                    if (n.result() != nullptr) {
                        completed_handle = reinterpret_cast<rinet_handle>(n.result()->dwResult);
                    }
                }
            }
            if (n.status == rinet::request_complete) {
                complete.open();
            }
            if (n.status == rinet::handle_closing) {
                closing.open();
            }
        };
    }
    size_t count(uint32_t status)
    {
        std::lock_guard<std::mutex> g(m);
        size_t n = 0;
        for (uint32_t s : statuses) {
            n += s == status;
        }
        return n;
    }
    bool closing_last()
    {
        std::lock_guard<std::mutex> g(m);
        return !statuses.empty() && statuses.back() == rinet::handle_closing;
    }
    bool all_for(rinet_handle h)
    {
        std::lock_guard<std::mutex> g(m);
        for (rinet_handle x : handles) {
            if (x != h) {
                return false;
            }
        }
        return true;
    }
};

/* Reads a blocking request's whole body. */
std::string read_all(rinet::request &req, std::error_code &ec)
{
    std::string body;
    char buf[4096];
    uint32_t got = 0;
    while (!(ec = req.read(buf, sizeof buf, got)) && got > 0) {
        body.append(buf, got);
    }
    return body;
}

bool is_pattern(const std::string &body, size_t n)
{
    if (body.size() != n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (body[i] != static_cast<char>('a' + i % 26)) {
            return false;
        }
    }
    return true;
}

void errors()
{
    std::error_code ec = rinet::errc::invalid_handle;
    check(ec.category() == rinet::category() && std::strcmp(ec.category().name(), "rinet") == 0,
          "errc converts to an error_code of the rinet category");
    check(ec.message() == rinet_strerror(6), "message() is rinet_strerror's text", ec.message());
    check(rinet::to_error_code(12002) == std::errc::timed_out, "timeout compares equal to std::errc::timed_out");
    check(rinet::to_error_code(12017) == std::errc::operation_canceled, "cancel compares equal to std::errc");
    check(rinet::pending(rinet::to_error_code(997)) && !rinet::pending(ec), "pending() tests for 997");
    check(!rinet::to_error_code(0), "code 0 is an empty error_code");
    bool threw = false;
    try {
        rinet::throw_if_failed(rinet::to_error_code(12029), "connect");
    } catch (const std::system_error &e) {
        threw = e.code() == rinet::errc::cannot_connect;
    }
    check(threw, "throw_if_failed throws system_error with the code");
    rinet::throw_if_failed(rinet::to_error_code(997), "pending does not throw");
}

void handle_traits()
{
    static_assert(!std::is_copy_constructible_v<rinet::handle>, "handles are not copyable");
    static_assert(!std::is_copy_assignable_v<rinet::request>, "handles are not copyable");
    static_assert(std::is_nothrow_move_constructible_v<rinet::session>, "handles move without throwing");
    static_assert(std::is_nothrow_move_assignable_v<rinet::connection>, "handles move without throwing");

    std::error_code ec;
    rinet::session a = rinet::session::open("raii", 0, ec);
    check(!ec && a, "session::open", describe(ec));
    rinet_handle raw = a.get();
    rinet::session b = std::move(a);
    check(!a && b.get() == raw, "a move leaves the source empty");
    rinet::session c;
    c = std::move(b);
    check(!b && c.get() == raw, "move assignment transfers the handle");
    c.reset();
    uint32_t type = 0, len = sizeof type;
    check(rinet_query_option(raw, RINET_OPTION_HANDLE_TYPE, &type, &len) == RINET_ERROR_INVALID_HANDLE,
          "reset() closed the handle");
    check(rinet_live_handles() == 0, "nothing stays open", std::to_string(rinet_live_handles()));
}

void blocking_get()
{
    std::error_code ec;
    {
        rinet::session s = rinet::session::open("raii", 0, ec, rinet::access::direct);
        rinet::connection conn = s.connect(host, port, nullptr, ec);
        check(!ec && conn, "connect", describe(ec));
        rinet::request req = conn.open_request("GET", "/bytes/50000", nullptr, ec);
        check(!ec && req, "open_request", describe(ec));
        ec = req.send();
        check(!ec, "blocking send", describe(ec));
        uint32_t status = 0;
        ec = req.status_code(status);
        check(!ec && status == 200, "status_code", describe(ec) + " status " + std::to_string(status));
        std::string length;
        ec = req.header("Content-Length", length);
        check(!ec && length == "50000", "header()", describe(ec) + " '" + length + "'");
        std::string text;
        ec = req.query_info(rinet::query_status_text, text);
        check(!ec && text == "OK", "query_info() as text", describe(ec) + " '" + text + "'");
        std::string missing;
        ec = req.header("X-Not-There", missing);
        check(ec == rinet::errc::header_not_found, "a missing header is header_not_found", describe(ec));
        std::string body = read_all(req, ec);
        check(!ec && is_pattern(body, 50000), "the body arrives", describe(ec));
        /* No close calls: the destructors run here. */
    }
    check(rinet_live_handles() == 0, "destructors closed every handle", std::to_string(rinet_live_handles()));
}

void routed_callbacks()
{
    std::error_code ec;
    auto probe_a = std::make_shared<int>(1);
    auto probe_b = std::make_shared<int>(2);
    std::weak_ptr<int> weak_a = probe_a, weak_b = probe_b;
    log la, lb;
    {
        rinet::session s = rinet::session::open("raii", rinet::flag_async, ec, rinet::access::direct);
        rinet::connection conn = s.connect(host, port, nullptr, ec);
        rinet::request a = conn.open_request("GET", "/bytes/1000", la.recorder(std::move(probe_a)), ec);
        check(!ec, "open_request with a function", describe(ec));
        rinet::request b = conn.open_request("GET", "/chunked/3000/100", lb.recorder(std::move(probe_b)), ec);
        check(la.count(rinet::handle_created) == 1 && lb.count(rinet::handle_created) == 1,
              "HANDLE_CREATED reaches each function before open_request returns");
        std::error_code ea = a.send(), eb = b.send();
        check((!ea || rinet::pending(ea)) && (!eb || rinet::pending(eb)), "async sends start",
              describe(ea) + ", " + describe(eb));
        check(la.complete.wait() && lb.complete.wait(), "each request's REQUEST_COMPLETE reaches its own function");
        check(!la.completion && !lb.completion, "both succeed", describe(la.completion) + ", " + describe(lb.completion));
        check(la.all_for(a.get()) && lb.all_for(b.get()), "a function sees only its own handle's notifications");
        check(!weak_a.expired(), "a function lives while its handle is open");
        a.reset();
        check(la.closing.wait(), "closing a request sends HANDLE_CLOSING to its function");
        check(la.closing_last() && la.count(rinet::handle_closing) == 1, "HANDLE_CLOSING is last, and once");
        check(freed(weak_a), "the function is freed after HANDLE_CLOSING");
        check(lb.count(rinet::handle_closing) == 0, "the other request is untouched");
        /* b, conn and s close here. */
    }
    check(lb.closing.wait() && lb.closing_last() && freed(weak_b), "closing the session frees the remaining functions");
    uint32_t live = live_once_closed();
    check(live == 0, "nothing stays open", std::to_string(live));
}

void cancel_on_destruction()
{
    std::error_code ec;
    log l;
    rinet::session s = rinet::session::open("raii", rinet::flag_async, ec, rinet::access::direct);
    rinet::connection conn = s.connect(host, port, nullptr, ec);
    {
        /* Held at a gate of the test server that nobody opens: only the cancel can end it. */
        rinet::request req = conn.open_request("GET", "/gate/raii-never", l.recorder(), ec);
        ec = req.send();
        check(rinet::pending(ec), "a held request pends", describe(ec));
        /* Destroyed with the send pending. */
    }
    check(l.complete.wait() && l.completion == rinet::errc::operation_cancelled,
          "destroying a request cancels its pending call", describe(l.completion));
    check(l.closing.wait() && l.closing_last(), "then HANDLE_CLOSING");
}

void failed_creation()
{
    std::error_code ec;
    auto probe = std::make_shared<int>(3);
    std::weak_ptr<int> weak = probe;
    rinet::session s = rinet::session::open("raii", rinet::flag_async, ec, rinet::access::direct);
    log l;
    rinet::connection conn = s.connect("", port, l.recorder(std::move(probe)), ec);
    check(ec == rinet::errc::invalid_parameter && !conn, "connect to an empty host fails", describe(ec));
    check(weak.expired(), "a failed call frees its function");

    /* A blocking open_url that creates its request and then fails: rinet closes the request
     * (HANDLE_CLOSING), and the slot must be freed once, not twice. */
    rinet::session blocking = rinet::session::open("raii", 0, ec, rinet::access::direct);
    auto probe2 = std::make_shared<int>(4);
    std::weak_ptr<int> weak2 = probe2;
    log l2;
    rinet::request r = blocking.open_url("http://127.0.0.1:1/", l2.recorder(std::move(probe2)), ec);
    check(ec == rinet::errc::cannot_connect && !r, "open_url to a closed port fails", describe(ec));
    check(weak2.expired(), "its function is freed exactly once (valgrind checks the once)");
    std::error_code closed = rinet::handle().close();
    check(!closed, "closing an empty handle is a no-op");
}

void async_open_url()
{
    std::error_code ec;
    log l;
    rinet::session s = rinet::session::open("raii", rinet::flag_async, ec, rinet::access::direct);
    std::string url = "http://" + std::string(host) + ":" + std::to_string(port) + "/bytes/2000";
    rinet::request pending = s.open_url(url.c_str(), l.recorder(), ec);
    check(rinet::pending(ec) && !pending, "async open_url pends with no handle yet", describe(ec));
    check(l.complete.wait() && !l.completion && l.completed_handle != nullptr,
          "REQUEST_COMPLETE carries the request handle", describe(l.completion));
    rinet::request req(l.completed_handle);
    char buf[4096];
    uint32_t got = 0;
    ec = req.read(buf, sizeof buf, got);
    check(!ec || rinet::pending(ec), "reading the adopted request", describe(ec));
    req.reset();
    check(l.closing.wait() && l.closing_last(), "the adopted request closes on reset()");
    s.reset();
    uint32_t live = live_once_closed();
    check(live == 0, "nothing stays open", std::to_string(live));
}

void parent_closed_first()
{
    std::error_code ec;
    rinet::session s = rinet::session::open("raii", 0, ec, rinet::access::direct);
    rinet::connection conn = s.connect(host, port, nullptr, ec);
    rinet::request req = conn.open_request("GET", "/", nullptr, ec);
    s.reset();
    check(req.close() == rinet::errc::invalid_handle, "a child closed by its parent reports invalid_handle");
    /* conn's destructor closes a handle that is already gone: harmless. */
}

} // namespace

int main(int argc, char **argv)
{
    const char *h = argc > 1 ? argv[1] : std::getenv("RINET_TEST_HOST");
    const char *p = argc > 2 ? argv[2] : std::getenv("RINET_TEST_PORT");
    if (h == nullptr || p == nullptr || std::atoi(p) <= 0) {
        std::fprintf(stderr, "usage: %s <host> <port>\n", argv[0]);
        return 2;
    }
    host = h;
    port = static_cast<uint16_t>(std::atoi(p));

    errors();
    handle_traits();
    blocking_get();
    routed_callbacks();
    cancel_on_destruction();
    failed_creation();
    async_open_url();
    parent_closed_first();

    std::printf("%s\n", failures == 0 ? "all checks passed" : "some checks FAILED");
    return failures == 0 ? 0 : 1;
}
