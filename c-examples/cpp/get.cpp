/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * get.cpp -- an asynchronous GET in C++ with rinet.hpp: no InternetCloseHandle anywhere.
 *
 *     get <host> <port> [path]
 *
 * The path defaults to /bytes/100000. The request's notifications go to a lambda: on each
 * REQUEST_COMPLETE it reads for as long as reads complete at once, and returns when a read
 * pends (the next REQUEST_COMPLETE says that read is done). Reading 0 bytes is the end of the
 * body. The session, connection and request are closed by their destructors, and rinet's
 * HANDLE_CLOSING frees each lambda.
 *
 * Build: g++ -std=c++17 get.cpp $(pkg-config --cflags --libs rinet)
 * Exits 0 when the response is 200 and, for /bytes/<n>, n bytes of the server's pattern
 * (byte i is 'a' + i % 26) arrived; else prints why and exits 1.
 */
#include <rinet.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace {

struct transfer {
    std::mutex lock;
    std::condition_variable cond;
    bool done = false;
    std::error_code error;
    std::vector<char> body;
    char buf[16384];
    uint32_t got = 0; /* written by rinet when a read pends, at its REQUEST_COMPLETE */
    bool reading = false;

    void finish(std::error_code ec)
    {
        std::lock_guard<std::mutex> guard(lock);
        error = ec;
        done = true;
        cond.notify_all();
    }
};

/* Runs on rinet's threads: after the send completes, and after each pending read. */
void on_complete(rinet::request &req, transfer &t, const rinet::notification &n)
{
    if (std::error_code ec = n.error()) {
        t.finish(ec);
        return;
    }
    if (t.reading) {
        /* A pending read just finished: its bytes are in t.buf. */
        t.reading = false;
        if (t.got == 0) {
            t.finish({});
            return;
        }
        t.body.insert(t.body.end(), t.buf, t.buf + t.got);
    }
    for (;;) {
        std::error_code ec = req.read(t.buf, sizeof t.buf, t.got);
        if (rinet::pending(ec)) {
            t.reading = true; /* t.buf and t.got are rinet's until the next REQUEST_COMPLETE */
            return;
        }
        if (ec || t.got == 0) {
            t.finish(ec);
            return;
        }
        t.body.insert(t.body.end(), t.buf, t.buf + t.got);
    }
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s <host> <port> [path]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    const uint16_t port = static_cast<uint16_t>(std::atoi(argv[2]));
    const char *path = argc > 3 ? argv[3] : "/bytes/100000";

    std::error_code ec;
    rinet::session session = rinet::session::open("rinet-cpp-example/1.0", rinet::flag_async, ec);
    if (ec) {
        std::fprintf(stderr, "open: %s\n", ec.message().c_str());
        return 1;
    }
    rinet::connection conn = session.connect(host, port, nullptr, ec);
    if (ec) {
        std::fprintf(stderr, "connect: %s\n", ec.message().c_str());
        return 1;
    }

    transfer t;
    rinet::request req;
    req = conn.open_request("GET", path,
                            [&req, &t](const rinet::notification &n) {
                                if (n.status == rinet::request_complete) {
                                    on_complete(req, t, n);
                                }
                            },
                            ec);
    if (ec) {
        std::fprintf(stderr, "open_request: %s\n", ec.message().c_str());
        return 1;
    }

    ec = req.send();
    if (ec && !rinet::pending(ec)) {
        std::fprintf(stderr, "send: %s\n", ec.message().c_str());
        return 1;
    }
    {
        std::unique_lock<std::mutex> guard(t.lock);
        if (!t.cond.wait_for(guard, std::chrono::seconds(60), [&t] { return t.done; })) {
            std::fprintf(stderr, "timed out\n");
            return 1;
        }
    }
    if (t.error) {
        std::fprintf(stderr, "request failed: %d %s\n", t.error.value(), t.error.message().c_str());
        return 1;
    }

    uint32_t status = 0;
    if (std::error_code qe = req.status_code(status)) {
        std::fprintf(stderr, "status: %s\n", qe.message().c_str());
        return 1;
    }
    std::printf("status %u, %zu bytes\n", status, t.body.size());

    unsigned long expected = 0;
    bool check = std::sscanf(path, "/bytes/%lu", &expected) == 1;
    if (status != 200 || (check && t.body.size() != expected)) {
        std::fprintf(stderr, "unexpected response\n");
        return 1;
    }
    for (size_t i = 0; check && i < t.body.size(); i++) {
        if (t.body[i] != static_cast<char>('a' + i % 26)) {
            std::fprintf(stderr, "byte %zu differs\n", i);
            return 1;
        }
    }
    /* req, conn and session close here, in that order. */
    return 0;
}
