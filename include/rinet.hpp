/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * rinet.hpp: a header-only C++17 layer over rinet.h, so that C++ code never calls
 * rinet_close_handle by hand.
 *
 *   - rinet::session, rinet::connection and rinet::request are move-only handles that close
 *     their rinet handle (and, as rinet_close_handle does, everything under it) when they are
 *     destroyed or reset.
 *   - Each connection and request can carry its own std::function, called with every
 *     notification of that handle. A handle made without one gets no notifications.
 *   - Result codes are std::error_code values of rinet::category() ("rinet"), whose message()
 *     is rinet_strerror's text. ERROR_IO_PENDING (997) is rinet::errc::io_pending: "started,
 *     REQUEST_COMPLETE follows", which rinet::pending(ec) tests. Nothing here throws except
 *     rinet::throw_if_failed, and std::function's own allocation.
 *
 * How the routing works: a session made by rinet::session::open registers one status callback,
 * which its children inherit. A connection or request made with a function gets, as its
 * context value, a heap slot holding that function; the shared callback calls the slot's
 * function, and the slot is freed after HANDLE_CLOSING, the handle's last notification (or
 * when the creating call fails). So a function lives exactly as long as rinet can call it.
 * Do not change those handles' context (INTERNET_OPTION_CONTEXT_VALUE) or the session's
 * status callback.
 *
 * Threads: the functions run where rinet runs status callbacks (see rinet.h): on the session's
 * reactor thread for network progress, on the calling thread for notifications sent inside a
 * call. They may call any rinet function and may destroy the handle being notified. They must
 * not throw: the shared callback is noexcept, so an exception ends the program
 * (std::terminate) instead of unwinding into rinet.
 *
 * Buffers: a read or write that returns io_pending keeps using the caller's buffer and count
 * until that handle's REQUEST_COMPLETE, exactly as the C calls do.
 */
#ifndef RINET_HPP
#define RINET_HPP

#include "rinet.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace rinet {

/* ---- errors ------------------------------------------------------------------------------ */

/* The result codes rinet returns (WinInet's numbers). Any other code rinet returns is still a
 * valid std::error_code of rinet::category(); these are the ones code usually tests for. */
enum class errc : int {
    success = RINET_ERROR_SUCCESS,
    invalid_handle = RINET_ERROR_INVALID_HANDLE,
    not_enough_memory = 8,
    invalid_parameter = RINET_ERROR_INVALID_PARAMETER,
    insufficient_buffer = RINET_ERROR_INSUFFICIENT_BUFFER,
    no_more_items = 259,
    io_pending = RINET_ERROR_IO_PENDING,
    timeout = RINET_ERROR_TIMEOUT,
    internal_error = RINET_ERROR_INTERNAL_ERROR,
    invalid_url = 12005,
    unrecognized_scheme = 12006,
    name_not_resolved = RINET_ERROR_NAME_NOT_RESOLVED,
    operation_cancelled = RINET_ERROR_OPERATION_CANCELLED,
    incorrect_handle_type = RINET_ERROR_INCORRECT_HANDLE_TYPE,
    incorrect_handle_state = RINET_ERROR_INCORRECT_HANDLE_STATE,
    cannot_connect = RINET_ERROR_CANNOT_CONNECT,
    connection_aborted = RINET_ERROR_CONNECTION_ABORTED,
    connection_reset = RINET_ERROR_CONNECTION_RESET,
    header_not_found = RINET_ERROR_HTTP_HEADER_NOT_FOUND,
    invalid_server_response = RINET_ERROR_HTTP_INVALID_SERVER_RESPONSE,
};

} // namespace rinet

/* rinet::errc converts to std::error_code (of rinet::category()) and compares with one. */
namespace std {
template <> struct is_error_code_enum<rinet::errc> : true_type {};
} // namespace std

namespace rinet {

namespace detail {
class category_impl final : public std::error_category {
public:
    const char *name() const noexcept override { return "rinet"; }

    std::string message(int code) const override { return rinet_strerror(static_cast<uint32_t>(code)); }

    /* Map the codes that have a portable meaning onto std::errc, so that generic code can
     * compare with std::errc::timed_out and friends. */
    std::error_condition default_error_condition(int code) const noexcept override
    {
        switch (code) {
        case RINET_ERROR_INVALID_PARAMETER: return std::errc::invalid_argument;
        case 8: return std::errc::not_enough_memory;
        case RINET_ERROR_IO_PENDING: return std::errc::operation_in_progress;
        case RINET_ERROR_TIMEOUT: return std::errc::timed_out;
        case RINET_ERROR_OPERATION_CANCELLED: return std::errc::operation_canceled;
        case RINET_ERROR_CANNOT_CONNECT: return std::errc::connection_refused;
        case RINET_ERROR_CONNECTION_ABORTED: return std::errc::connection_aborted;
        case RINET_ERROR_CONNECTION_RESET: return std::errc::connection_reset;
        default: return std::error_condition(code, *this);
        }
    }
};
} // namespace detail

/* The error category of every rinet result code. Its message() is rinet_strerror(code). */
inline const std::error_category &category() noexcept
{
    static const detail::category_impl instance;
    return instance;
}

inline std::error_code make_error_code(errc e) noexcept
{
    return std::error_code(static_cast<int>(e), category());
}

/* A rinet result code as a std::error_code (0 is success, an empty error_code). */
inline std::error_code to_error_code(uint32_t code) noexcept
{
    return std::error_code(static_cast<int>(code), category());
}

/* True when `ec` is ERROR_IO_PENDING: the call has started and REQUEST_COMPLETE follows. */
inline bool pending(const std::error_code &ec) noexcept
{
    return ec == errc::io_pending;
}

/* Throws std::system_error for a failure; success and io_pending return normally. */
inline void throw_if_failed(const std::error_code &ec, const char *what)
{
    if (ec && !pending(ec)) {
        throw std::system_error(ec, what);
    }
}


/* ---- WinInet numbers used below ----------------------------------------------------------- */

/* INTERNET_STATUS_* values, as a notification's status. */
enum status : uint32_t {
    resolving_name = 10,
    name_resolved = 11,
    connecting_to_server = 20,
    connected_to_server = 21,
    sending_request = 30,
    request_sent = 31,
    receiving_response = 40,
    response_received = 41,
    closing_connection = 50,
    connection_closed = 51,
    handle_created = 60,
    handle_closing = 70,
    request_complete = 100,
    redirect = 110,
};

/* INTERNET_OPEN_TYPE_* values for session::open. */
enum class access : uint32_t { preconfig = 0, direct = 1, proxy = 3 };

/* Flags for session::open: RINET_FLAG_ASYNC makes the session's calls pend. */
constexpr uint32_t flag_async = RINET_FLAG_ASYNC;
/* INTERNET_SERVICE_HTTP. */
constexpr uint32_t service_http = 3;
/* HTTP_QUERY_STATUS_CODE, HTTP_QUERY_STATUS_TEXT, HTTP_QUERY_RAW_HEADERS_CRLF. */
constexpr uint32_t query_status_code = 19;
constexpr uint32_t query_status_text = 20;
constexpr uint32_t query_raw_headers_crlf = 22;

/* ---- notifications ---------------------------------------------------------------------- */

/* One notification, as the status callback received it. Valid during the call only. */
struct notification {
    rinet_handle handle; /* the handle notified (already invalid during HANDLE_CLOSING) */
    uint32_t status;     /* INTERNET_STATUS_*, see rinet::status */
    void *info;          /* the payload; what it points to depends on `status` */
    uint32_t info_len;   /* its length in bytes */

    /* REQUEST_COMPLETE and HANDLE_CREATED carry an INTERNET_ASYNC_RESULT; else NULL. */
    const rinet_async_result *result() const noexcept
    {
        return (status == request_complete || status == handle_created) && info != nullptr
                   ? static_cast<const rinet_async_result *>(info)
                   : nullptr;
    }

    /* REQUEST_COMPLETE's outcome: empty on success, else the error. */
    std::error_code error() const noexcept
    {
        const rinet_async_result *r = result();
        return r != nullptr && r->dwResult == 0 ? to_error_code(r->dwError) : std::error_code();
    }

    /* The text of the notifications that carry a string (name resolution, connecting,
     * redirect); empty for the others. */
    std::string_view text() const noexcept
    {
        switch (status) {
        case resolving_name:
        case name_resolved:
        case connecting_to_server:
        case connected_to_server:
        case redirect:
            if (info != nullptr && info_len > 0) {
                return std::string_view(static_cast<const char *>(info), info_len - 1);
            }
            return std::string_view();
        default: return std::string_view();
        }
    }
};

/* A handle's notification function. */
using callback = std::function<void(const notification &)>;

namespace detail {
/* The heap slot a handle's context points to. Two owners share it: the call that creates the
 * handle, until it returns, and rinet, from HANDLE_CREATED (sent on the calling thread before
 * the creating call returns) to HANDLE_CLOSING (the handle's last notification). Whoever lets
 * go last frees it, so a failed call frees it whether or not rinet had created the handle. */
struct slot {
    callback fn;
    std::atomic<int> owners{1};
};

inline void release(slot *s) noexcept
{
    if (s != nullptr && s->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete s;
    }
}

/* The status callback of every session made by session::open. */
inline void route(rinet_handle handle, uintptr_t context, uint32_t status, void *info, uint32_t info_len) noexcept
{
    slot *s = reinterpret_cast<slot *>(context);
    if (s == nullptr) {
        return;
    }
    if (status == handle_created) {
        s->owners.fetch_add(1, std::memory_order_relaxed);
    }
    if (s->fn) {
        s->fn(notification{handle, status, info, info_len});
    }
    if (status == handle_closing) {
        release(s);
    }
}

/* The creating call's share of a slot for `fn`, or 0 (no notifications) for an empty
 * function. Give it back with release_context once the call has returned. */
inline uintptr_t make_context(callback fn)
{
    return fn ? reinterpret_cast<uintptr_t>(new slot{std::move(fn)}) : 0;
}

inline void release_context(uintptr_t context) noexcept
{
    release(reinterpret_cast<slot *>(context));
}
} // namespace detail

/* ---- handles ------------------------------------------------------------------------------ */

/* A move-only owner of one rinet handle: closes it (and everything under it) on destruction.
 * An empty handle holds NULL. */
class handle {
public:
    handle() noexcept = default;
    /* Adopts `h`: it will be closed by this object. */
    explicit handle(rinet_handle h) noexcept : h_(h) {}
    handle(const handle &) = delete;
    handle &operator=(const handle &) = delete;
    handle(handle &&other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
    handle &operator=(handle &&other) noexcept
    {
        if (this != &other) {
            reset(std::exchange(other.h_, nullptr));
        }
        return *this;
    }
    ~handle() { reset(); }

    rinet_handle get() const noexcept { return h_; }
    explicit operator bool() const noexcept { return h_ != nullptr; }

    /* Gives up ownership without closing. */
    rinet_handle release() noexcept { return std::exchange(h_, nullptr); }

    /* Closes the handle held (if any) and holds `h` instead. Closing is rinet_close_handle:
     * pending operations complete with operation_cancelled, then HANDLE_CLOSING arrives. */
    void reset(rinet_handle h = nullptr) noexcept
    {
        rinet_handle old = std::exchange(h_, h);
        if (old != nullptr) {
            rinet_close_handle(old);
        }
    }

    /* Closes now and reports rinet_close_handle's result (invalid_handle when a parent was
     * closed first). */
    std::error_code close() noexcept
    {
        rinet_handle old = std::exchange(h_, nullptr);
        return old != nullptr ? to_error_code(rinet_close_handle(old)) : std::error_code();
    }

    /* rinet_set_option / rinet_query_option on this handle. */
    std::error_code set_option(uint32_t option, void *buffer, uint32_t len) noexcept
    {
        return to_error_code(rinet_set_option(h_, option, buffer, len));
    }
    std::error_code query_option(uint32_t option, void *buffer, uint32_t &len) noexcept
    {
        return to_error_code(rinet_query_option(h_, option, buffer, &len));
    }

private:
    rinet_handle h_ = nullptr;
};

/* A request handle (HttpOpenRequest, InternetOpenUrl). */
class request : public handle {
public:
    using handle::handle;

    /* rinet_add_request_headers: "Name: value" lines; `modifiers` are HTTP_ADDREQ_FLAG_*. */
    std::error_code add_headers(std::string_view headers, uint32_t modifiers) noexcept
    {
        return to_error_code(rinet_add_request_headers(get(), headers.data(), static_cast<uint32_t>(headers.size()), modifiers));
    }

    /* rinet_send_request: extra headers and a body, both copied before the call returns.
     * Async sessions: io_pending, then REQUEST_COMPLETE once the response head is in. */
    std::error_code send(std::string_view headers = {}, const void *body = nullptr, uint32_t body_len = 0) noexcept
    {
        return to_error_code(rinet_send_request(get(), headers.empty() ? nullptr : headers.data(),
                                                static_cast<uint32_t>(headers.size()), body, body_len));
    }

    /* rinet_read_file: up to `len` body bytes into `buffer`; `got` = 0 at the end of the body.
     * On io_pending, `buffer` and `got` are written at REQUEST_COMPLETE and must stay valid. */
    std::error_code read(void *buffer, uint32_t len, uint32_t &got) noexcept
    {
        return to_error_code(rinet_read_file(get(), buffer, len, &got));
    }

    /* rinet_write_file after send_ex; on io_pending `buffer` and `written` stay in use until
     * REQUEST_COMPLETE. */
    std::error_code write(const void *buffer, uint32_t len, uint32_t &written) noexcept
    {
        return to_error_code(rinet_write_file(get(), buffer, len, &written));
    }

    /* rinet_send_request_ex with a declared body length (Content-Length). */
    std::error_code send_ex(uint32_t total_length) noexcept
    {
        rinet_buffers in{};
        in.dwStructSize = sizeof in;
        in.dwBufferTotal = total_length;
        return to_error_code(rinet_send_request_ex(get(), &in, nullptr, 0, 0));
    }

    /* rinet_end_request: finish an upload and wait for the response head. */
    std::error_code end() noexcept { return to_error_code(rinet_end_request(get(), nullptr, 0, 0)); }

    /* The response's status code (HTTP_QUERY_STATUS_CODE as a number). */
    std::error_code status_code(uint32_t &code) const noexcept
    {
        uint32_t len = sizeof code;
        return to_error_code(rinet_query_info(get(), query_status_code | RINET_QUERY_FLAG_NUMBER, &code, &len, nullptr));
    }

    /* rinet_query_info as text: a header (`level` HTTP_QUERY_*), sized for the caller. */
    std::error_code query_info(uint32_t level, std::string &out) const
    {
        uint32_t len = 0;
        uint32_t rc = rinet_query_info(get(), level, nullptr, &len, nullptr);
        if (rc != RINET_ERROR_INSUFFICIENT_BUFFER) {
            return to_error_code(rc);
        }
        out.assign(len, '\0');
        rc = rinet_query_info(get(), level, &out[0], &len, nullptr);
        out.resize(rc == 0 ? len : 0);
        return to_error_code(rc);
    }

    /* A custom header by name (HTTP_QUERY_CUSTOM). */
    std::error_code header(std::string_view name, std::string &out) const
    {
        std::string buf(name);
        buf.push_back('\0'); /* the name, NUL-terminated, in a buffer rinet may write whole */
        uint32_t len = static_cast<uint32_t>(buf.size());
        uint32_t rc = rinet_query_info(get(), RINET_QUERY_CUSTOM, &buf[0], &len, nullptr);
        if (rc == RINET_ERROR_INSUFFICIENT_BUFFER) {
            buf.assign(name);
            buf.resize(len > buf.size() + 1 ? len : buf.size() + 1, '\0');
            rc = rinet_query_info(get(), RINET_QUERY_CUSTOM, &buf[0], &len, nullptr);
        }
        if (rc == 0) {
            buf.resize(len);
            out = std::move(buf);
        }
        return to_error_code(rc);
    }
};

/* A connect handle (InternetConnect). */
class connection : public handle {
public:
    using handle::handle;

    /* rinet_open_request: a request for `path` with its own notification function (empty:
     * no notifications). No network I/O; HANDLE_CREATED reaches `fn` before this returns. */
    request open_request(const char *verb, const char *path, callback fn, std::error_code &ec, uint32_t flags = 0)
    {
        uintptr_t ctx = detail::make_context(std::move(fn));
        rinet_handle h = nullptr;
        ec = to_error_code(rinet_open_request(get(), verb, path, nullptr, nullptr, nullptr, flags, ctx, &h));
        detail::release_context(ctx);
        return ec ? request() : request(h);
    }
};

/* A session (InternetOpen): the root handle. Closing it closes every connection and request
 * under it and joins its reactor thread. */
class session : public handle {
public:
    using handle::handle;

    /* rinet_open, then the routing status callback. `flags`: 0 (calls block) or flag_async. */
    static session open(const char *agent, uint32_t flags, std::error_code &ec, access type = access::preconfig,
                        const char *proxy = nullptr, const char *bypass = nullptr) noexcept
    {
        rinet_handle h = nullptr;
        ec = to_error_code(rinet_open(agent, static_cast<uint32_t>(type), proxy, bypass, flags, &h));
        if (ec) {
            return session();
        }
        session s(h);
        ec = to_error_code(rinet_set_status_callback(h, &detail::route, nullptr));
        if (ec) {
            return session();
        }
        return s;
    }

    /* rinet_connect to an HTTP server, with the connection's own notification function. */
    connection connect(const char *host, uint16_t port, callback fn, std::error_code &ec, uint32_t flags = 0,
                       const char *user = nullptr, const char *password = nullptr)
    {
        uintptr_t ctx = detail::make_context(std::move(fn));
        rinet_handle h = nullptr;
        ec = to_error_code(rinet_connect(get(), host, port, user, password, service_http, flags, ctx, &h));
        detail::release_context(ctx);
        return ec ? connection() : connection(h);
    }

    /* rinet_open_url: a GET of an http or https URL. A blocking session returns the request
     * once its response head is in. An async session returns an empty request and io_pending:
     * `fn` then gets HANDLE_CREATED and REQUEST_COMPLETE, whose result()->dwResult is the
     * request handle; adopt it with rinet::request(handle). On failure rinet closes it. */
    request open_url(const char *url, callback fn, std::error_code &ec, uint32_t flags = 0)
    {
        uintptr_t ctx = detail::make_context(std::move(fn));
        rinet_handle h = nullptr;
        ec = to_error_code(rinet_open_url(get(), url, nullptr, 0, flags, ctx, &h));
        detail::release_context(ctx);
        return request(h);
    }
};

} // namespace rinet

#endif /* RINET_HPP */
