/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * cpp_wrapper.cpp -- WinInet wrapped in C++ classes, the way C++ programs and libraries use it:
 * a move-only RAII handle, a small HTTP client whose calls throw an exception carrying
 * FormatMessage's text, std::string and std::vector buffers, and a worker thread started with
 * CreateThread that waits on a Win32 event.
 *
 *     cpp_wrapper <host> <port>
 */
#include <windows.h>
#include <wininet.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

class WinInetError : public std::runtime_error {
public:
    WinInetError(const std::string &what, DWORD code) : std::runtime_error(what + ": " + Text(code)), code_(code) {}
    DWORD code() const { return code_; }

private:
    static std::string Text(DWORD code)
    {
        char *msg = nullptr;
        DWORD n = ::FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_HMODULE |
                                       FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                   ::GetModuleHandleA("wininet.dll"), code, 0, reinterpret_cast<LPSTR>(&msg), 0,
                                   nullptr);
        std::string text = n ? std::string(msg, n) : "error " + std::to_string(code);
        ::LocalFree(msg);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.pop_back();
        return text;
    }
    DWORD code_;
};

class InternetHandle {
public:
    InternetHandle() = default;
    explicit InternetHandle(HINTERNET h) : h_(h) {}
    InternetHandle(const InternetHandle &) = delete;
    InternetHandle &operator=(const InternetHandle &) = delete;
    InternetHandle(InternetHandle &&other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
    InternetHandle &operator=(InternetHandle &&other) noexcept
    {
        if (this != &other) {
            Close();
            h_ = std::exchange(other.h_, nullptr);
        }
        return *this;
    }
    ~InternetHandle() { Close(); }
    operator HINTERNET() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }

private:
    void Close()
    {
        if (h_)
            ::InternetCloseHandle(h_);
        h_ = nullptr;
    }
    HINTERNET h_ = nullptr;
};

struct Response {
    DWORD status = 0;
    std::string contentType;
    std::vector<char> body;
};

class HttpClient {
public:
    HttpClient(const std::string &host, INTERNET_PORT port)
        : session_(::InternetOpenA("rinet-cpp/1.0", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0))
    {
        if (!session_)
            throw WinInetError("InternetOpen", ::GetLastError());
        connect_ = InternetHandle(::InternetConnectA(session_, host.c_str(), port, nullptr, nullptr,
                                                     INTERNET_SERVICE_HTTP, 0, 0));
        if (!connect_)
            throw WinInetError("InternetConnect", ::GetLastError());
    }

    Response Send(const char *verb, const std::string &path, const std::vector<char> &body = {})
    {
        InternetHandle request(::HttpOpenRequestA(connect_, verb, path.c_str(), nullptr, nullptr, nullptr,
                                                  INTERNET_FLAG_RELOAD | INTERNET_FLAG_KEEP_CONNECTION, 0));
        if (!request)
            throw WinInetError("HttpOpenRequest", ::GetLastError());
        if (!::HttpSendRequestA(request, nullptr, 0, body.empty() ? nullptr : const_cast<char *>(body.data()),
                                static_cast<DWORD>(body.size())))
            throw WinInetError("HttpSendRequest " + path, ::GetLastError());
        Response r;
        DWORD len = sizeof r.status;
        if (!::HttpQueryInfoA(request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &r.status, &len, nullptr))
            throw WinInetError("HttpQueryInfo", ::GetLastError());
        std::vector<char> type(16);
        len = static_cast<DWORD>(type.size());
        while (!::HttpQueryInfoA(request, HTTP_QUERY_CONTENT_TYPE, type.data(), &len, nullptr)) {
            if (::GetLastError() != ERROR_INSUFFICIENT_BUFFER)
                throw WinInetError("HttpQueryInfo(Content-Type)", ::GetLastError());
            type.resize(len);
        }
        r.contentType.assign(type.data(), len);
        char chunk[8192];
        DWORD got = 0;
        while (::InternetReadFile(request, chunk, sizeof chunk, &got) && got > 0)
            r.body.insert(r.body.end(), chunk, chunk + got);
        return r;
    }

private:
    InternetHandle session_;
    InternetHandle connect_;
};

int g_failures;

void Check(bool ok, const std::string &name)
{
    std::printf("%s %s\n", ok ? "ok" : "FAIL", name.c_str());
    if (!ok)
        g_failures++;
}

bool IsPattern(const std::vector<char> &v)
{
    for (size_t i = 0; i < v.size(); i++)
        if (v[i] != static_cast<char>('a' + i % 26))
            return false;
    return true;
}

struct Job {
    HttpClient *client;
    HANDLE done;
    Response response;
};

DWORD WINAPI Worker(LPVOID param)
{
    Job *job = static_cast<Job *>(param);
    job->response = job->client->Send("GET", "/bytes/12345");
    ::SetEvent(job->done);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    try {
        HttpClient client(argv[1], static_cast<INTERNET_PORT>(std::atoi(argv[2])));
        Response get = client.Send("GET", "/bytes/70000");
        Check(get.status == 200 && get.body.size() == 70000 && IsPattern(get.body), "GET /bytes/70000");
        Check(get.contentType == "application/octet-stream", "Content-Type " + get.contentType);

        std::vector<char> payload(200000);
        for (size_t i = 0; i < payload.size(); i++)
            payload[i] = static_cast<char>(i * 13);
        Response echo = client.Send("POST", "/echo", payload);
        Check(echo.status == 200 && echo.body == payload, "POST /echo 200000 bytes");

        Response missing = client.Send("GET", "/status/404");
        Check(missing.status == 404 && std::string(missing.body.begin(), missing.body.end()) == "status 404",
              "404 status and body");

        InternetHandle first(::InternetOpenA("x", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
        InternetHandle second(std::move(first));
        Check(!first && second, "a moved handle changes owner");

        Job job{&client, ::CreateEventA(nullptr, TRUE, FALSE, nullptr), {}};
        HANDLE thread = ::CreateThread(nullptr, 0, Worker, &job, 0, nullptr);
        Check(::WaitForSingleObject(job.done, 60000) == WAIT_OBJECT_0 && job.response.body.size() == 12345 &&
                  IsPattern(job.response.body),
              "a request from a worker thread");
        ::WaitForSingleObject(thread, INFINITE);
        ::CloseHandle(thread);
        ::CloseHandle(job.done);

        try {
            HttpClient bad("127.0.0.1", 1);
            bad.Send("GET", "/");
            Check(false, "a refused connection throws");
        } catch (const WinInetError &e) {
            Check(e.code() == ERROR_INTERNET_CANNOT_CONNECT &&
                      std::string(e.what()) ==
                          "HttpSendRequest /: A connection with the server could not be established.",
                  std::string("a refused connection throws: ") + e.what());
        }
    } catch (const std::exception &e) {
        std::printf("FAIL exception: %s\n", e.what());
        return 1;
    }
    std::printf("%d failed\n", g_failures);
    return g_failures ? 1 : 0;
}
