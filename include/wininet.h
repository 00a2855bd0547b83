/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * wininet.h -- rinet's WinInet compatibility header (hand-written; include/rinet.h is generated).
 *
 * This header lets C code written for Windows WinInet build on Linux against rinet by changing only
 * the include path and the link line:
 *
 *     gcc -std=c11 -I <rinet>/include app.c -L <rinet>/lib -lrinet -lpthread
 *
 * It declares:
 *   - the Win32 base types WinInet code uses (DWORD, BOOL, LPCSTR, ...) and WinInet's own types
 *     (HINTERNET, INTERNET_BUFFERS, INTERNET_ASYNC_RESULT, INTERNET_STATUS_CALLBACK, ...). The
 *     structures are rinet's own (rinet_buffers, rinet_async_result, rinet_url_components for
 *     URL_COMPONENTS, rinet_system_time for SYSTEMTIME), so their layout is WinInet's;
 *   - every WinInet constant rinet documents, with WinInet's numeric value. Each macro is guarded by
 *     #ifndef so a program that already defines one keeps its definition;
 *   - the ANSI ("A") and wide ("W") WinInet functions as static inline wrappers over the native
 *     rinet_* API, and the unsuffixed names as macros for them, as the Windows SDK defines them:
 *     the W functions when UNICODE is defined, else the A functions. TCHAR, LPTSTR, LPCTSTR and
 *     TEXT() follow UNICODE too, as in the SDK's winnt.h;
 *   - at its end, through wininet_sdk.h (installed beside it), the rest of the SDK's <wininet.h>:
 *     InternetErrorDlg, InternetSetCookieEx / InternetGetCookieEx, InternetGetConnectedState(Ex),
 *     InternetCheckConnection, the URL-cache functions' answers, and every other function of the
 *     SDK declared as a stub that fails with ERROR_CALL_NOT_IMPLEMENTED (120).
 *
 * Wide characters: WCHAR is wchar_t. By default wchar_t is 4 bytes on Linux (UTF-32), so L"..."
 * literals, wcslen and wprintf work as the program expects. Compiled with -fshort-wchar,
 * wchar_t is 2 bytes (UTF-16, as on Windows) and the same header works: it picks rinet's
 * rinet_*_w16 or rinet_*_w32 entry points by the size of wchar_t. (With -fshort-wchar the C
 * library's wide functions, which expect 4 bytes, do not work on WCHAR strings.) Wide text that
 * is not valid UTF-16 or UTF-32 (a lone surrogate, a value above 0x10FFFF) fails the call with
 * ERROR_INVALID_PARAMETER and nothing is sent. Headers given wide go on the wire as ISO-8859-1,
 * characters above U+00FF as '?', as Windows' conversion makes them; request paths and URLs
 * given wide carry characters above U+007F as percent-encoded UTF-8.
 *
 * How results map: every rinet_* function returns a WinInet result code (0 = success, 997 =
 * ERROR_IO_PENDING, 6 = ERROR_INVALID_HANDLE, 87, 122, 12xxx = ERROR_INTERNET_*) and also stores it
 * as the calling thread's last error. A BOOL function here is therefore `rinet_x(...) == 0`, a
 * handle function returns NULL on failure, and GetLastError() returns the stored code. There is no
 * translation table.
 *
 * Asynchronous use follows WinInet: open the session with INTERNET_FLAG_ASYNC, register a status
 * callback with InternetSetStatusCallback, give each connect and request handle a non-zero context,
 * and treat FALSE with GetLastError() == ERROR_IO_PENDING as "started": the call ends later with
 * INTERNET_STATUS_REQUEST_COMPLETE carrying an INTERNET_ASYNC_RESULT. A buffer passed to a call that
 * pends must stay valid until that notification. INTERNET_STATUS_HANDLE_CLOSING is the last
 * notification of a handle. Callbacks run on the session's own thread; rinet functions may be called
 * from inside a callback.
 *
 * Differences from the Windows header:
 *   - WINAPI and CALLBACK are empty: rinet uses the platform's C calling convention.
 *   - HINTERNET is rinet_handle (void *). DWORD is uint32_t; DWORD_PTR and the context values are
 *     uintptr_t, so they are pointer-sized as on Win64.
 *   - GetLastError and SetLastError read and write rinet's per-thread error slot, not errno.
 *   - Define RINET_NO_WIN32_BASE_TYPES before including this header if another header already
 *     provides DWORD, BOOL, LPCSTR and the other Win32 base types with the same meaning (and
 *     FILETIME, which wininet_sdk.h then takes from it).
 *
 * The header is valid C (C99 and later) and C++, and is clean under -Wall -Wextra -pedantic.
 */
#ifndef RINET_WININET_H
#define RINET_WININET_H

#include <stddef.h>
#include <stdint.h>

#include "rinet.h"

/* ======================================================================================== */
/* Win32 base types                                                                          */
/* ======================================================================================== */

#ifndef RINET_NO_WIN32_BASE_TYPES
typedef uint32_t DWORD;
typedef uintptr_t DWORD_PTR;
typedef int BOOL;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef char CHAR;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef const char *LPCSTR;
typedef char *LPSTR;
typedef wchar_t WCHAR;
typedef WCHAR *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR;
typedef DWORD *LPDWORD;
typedef DWORD_PTR *LPDWORD_PTR;
typedef BYTE *LPBYTE;
typedef BOOL *LPBOOL;
typedef WORD *LPWORD;
/* SYSTEMTIME is rinet_system_time: eight WORDs, wYear, wMonth, wDayOfWeek (Sunday 0), wDay,
 * wHour, wMinute, wSecond, wMilliseconds. */
typedef rinet_system_time SYSTEMTIME;
typedef SYSTEMTIME *PSYSTEMTIME, *LPSYSTEMTIME;
/* TCHAR, LPTSTR and LPCTSTR follow UNICODE, as in the SDK's winnt.h (tchar.h's _TCHAR and _T()
 * follow _UNICODE); TCHAR is left alone when _TCHAR_DEFINED says a header defined it first. */
#ifdef UNICODE
#ifndef _TCHAR_DEFINED
#define _TCHAR_DEFINED
typedef WCHAR TCHAR, *PTCHAR;
#endif
typedef LPWSTR LPTSTR, PTSTR;
typedef LPCWSTR LPCTSTR, PCTSTR;
#else
#ifndef _TCHAR_DEFINED
#define _TCHAR_DEFINED
typedef char TCHAR, *PTCHAR;
#endif
typedef LPSTR LPTSTR, PTSTR;
typedef LPCSTR LPCTSTR, PCTSTR;
#endif
#endif /* RINET_NO_WIN32_BASE_TYPES */

/* TEXT("...") is a wide literal when UNICODE is defined, as in the SDK's winnt.h. */
#ifndef TEXT
#ifdef UNICODE
#define RINET_TEXT_(quote) L##quote
#else
#define RINET_TEXT_(quote) quote
#endif
#define TEXT(quote) RINET_TEXT_(quote)
#endif

/* The size of wchar_t picks rinet's entry points: RINET_W(rinet_open) is rinet_open_w16 where
 * wchar_t is 2 bytes (-fshort-wchar) and rinet_open_w32 where it is 4 bytes; RINET_WSTR(p) and
 * RINET_WBUF(p) view a WCHAR string or buffer as the code units those entry points take. */
#if defined(__SIZEOF_WCHAR_T__)
#define RINET_WCHAR_SIZE __SIZEOF_WCHAR_T__
#elif defined(WCHAR_MAX) && WCHAR_MAX > 0xFFFF
#define RINET_WCHAR_SIZE 4
#elif defined(WCHAR_MAX)
#define RINET_WCHAR_SIZE 2
#else
#error "rinet's wininet.h cannot tell the size of wchar_t"
#endif
#if RINET_WCHAR_SIZE == 2
#define RINET_W(name) name##_w16
#define RINET_WUNIT uint16_t
#elif RINET_WCHAR_SIZE == 4
#define RINET_W(name) name##_w32
#define RINET_WUNIT uint32_t
#else
#error "rinet's wininet.h supports a wchar_t of 2 or 4 bytes"
#endif
#define RINET_WSTR(p) ((const RINET_WUNIT *)(const void *)(p))
#define RINET_WBUF(p) ((RINET_WUNIT *)(void *)(p))

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef WINAPI
#define WINAPI /* the platform's C calling convention */
#endif
#ifndef CALLBACK
#define CALLBACK /* the platform's C calling convention */
#endif

/* ======================================================================================== */
/* WinInet types                                                                             */
/* ======================================================================================== */

/* An opaque handle: session (InternetOpen), connect (InternetConnect) or request (HttpOpenRequest).
 * NULL is never a valid handle; a closed handle answers ERROR_INVALID_HANDLE. */
typedef rinet_handle HINTERNET;
typedef HINTERNET *LPHINTERNET;

/* A TCP port; 0 (INTERNET_INVALID_PORT_NUMBER) means the scheme's default. */
typedef uint16_t INTERNET_PORT;
typedef INTERNET_PORT *LPINTERNET_PORT;

/* Payload of INTERNET_STATUS_REQUEST_COMPLETE (and of HANDLE_CREATED):
 * { DWORD_PTR dwResult; DWORD dwError; }. dwResult is 1 and dwError 0 on success,
 * dwResult 0 and dwError the error code on failure. */
typedef rinet_async_result INTERNET_ASYNC_RESULT;
typedef INTERNET_ASYNC_RESULT *LPINTERNET_ASYNC_RESULT;

/* INTERNET_BUFFERSA, used by HttpSendRequestEx and InternetReadFileEx. Set dwStructSize to
 * sizeof(INTERNET_BUFFERS). For HttpSendRequestEx, dwBufferTotal becomes the Content-Length. */
typedef rinet_buffers INTERNET_BUFFERSA;
typedef INTERNET_BUFFERSA *LPINTERNET_BUFFERSA;

/* INTERNET_BUFFERSW: INTERNET_BUFFERSA with a WCHAR header string; dwHeadersLength counts
 * characters. Same layout as rinet's rinet_buffers_w16 / rinet_buffers_w32 (checked below). */
typedef struct _INTERNET_BUFFERSW {
    DWORD dwStructSize; /* sizeof(INTERNET_BUFFERSW) */
    struct _INTERNET_BUFFERSW *Next;
    LPCWSTR lpcszHeader;
    DWORD dwHeadersLength;
    DWORD dwHeadersTotal;
    LPVOID lpvBuffer;
    DWORD dwBufferLength;
    DWORD dwBufferTotal;
    DWORD dwOffsetLow;
    DWORD dwOffsetHigh;
} INTERNET_BUFFERSW, *LPINTERNET_BUFFERSW;
typedef char rinet_check_buffersw_size_[sizeof(INTERNET_BUFFERSW) == sizeof(RINET_W(rinet_buffers)) ? 1 : -1];
typedef char rinet_check_buffersw_header_[offsetof(INTERNET_BUFFERSW, lpcszHeader) ==
                                                  offsetof(RINET_W(rinet_buffers), lpcszHeader) ? 1 : -1];

/* INTERNET_BUFFERS: INTERNET_BUFFERSW when UNICODE is defined, else INTERNET_BUFFERSA. */
#ifdef UNICODE
typedef INTERNET_BUFFERSW INTERNET_BUFFERS;
typedef LPINTERNET_BUFFERSW LPINTERNET_BUFFERS;
#else
typedef INTERNET_BUFFERSA INTERNET_BUFFERS;
typedef LPINTERNET_BUFFERSA LPINTERNET_BUFFERS;
#endif

/* The status callback:
 *   void CALLBACK cb(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
 *                    LPVOID lpvStatusInformation, DWORD dwStatusInformationLength);
 * lpvStatusInformation is valid only during the call. */
typedef rinet_status_callback INTERNET_STATUS_CALLBACK;
typedef INTERNET_STATUS_CALLBACK *LPINTERNET_STATUS_CALLBACK;

/* Returned by InternetSetStatusCallback when it fails. */
#ifndef INTERNET_INVALID_STATUS_CALLBACK
#define INTERNET_INVALID_STATUS_CALLBACK ((INTERNET_STATUS_CALLBACK)(intptr_t)-1)
#endif
#ifndef INTERNET_NO_CALLBACK
#define INTERNET_NO_CALLBACK 0 /* a dwContext of 0: the handle gets no callbacks */
#endif

/* INTERNET_OPTION_HTTP_VERSION. */
typedef struct {
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
} HTTP_VERSION_INFO, *LPHTTP_VERSION_INFO;

/* INTERNET_OPTION_PROXY. As in the Windows SDK, the strings are LPCTSTR: WCHAR strings when
 * UNICODE is defined, the way InternetQueryOptionW fills them in. */
typedef struct {
    DWORD dwAccessType; /* INTERNET_OPEN_TYPE_* */
    LPCTSTR lpszProxy;
    LPCTSTR lpszProxyBypass;
} INTERNET_PROXY_INFO, *LPINTERNET_PROXY_INFO;

/* URL schemes, as reported in URL_COMPONENTS.nScheme. INTERNET_SCHEME is rinet_scheme, a 32-bit
 * int as WinInet's enum is; the names below are its values. */
typedef rinet_scheme INTERNET_SCHEME, *LPINTERNET_SCHEME;
enum {
    INTERNET_SCHEME_PARTIAL = RINET_SCHEME_PARTIAL,
    INTERNET_SCHEME_UNKNOWN = RINET_SCHEME_UNKNOWN,
    INTERNET_SCHEME_DEFAULT = RINET_SCHEME_DEFAULT,
    INTERNET_SCHEME_FTP = RINET_SCHEME_FTP,
    INTERNET_SCHEME_GOPHER = RINET_SCHEME_GOPHER,
    INTERNET_SCHEME_HTTP = RINET_SCHEME_HTTP,
    INTERNET_SCHEME_HTTPS = RINET_SCHEME_HTTPS,
    INTERNET_SCHEME_FILE = RINET_SCHEME_FILE,
    INTERNET_SCHEME_NEWS = RINET_SCHEME_NEWS,
    INTERNET_SCHEME_MAILTO = RINET_SCHEME_MAILTO,
    INTERNET_SCHEME_SOCKS = RINET_SCHEME_SOCKS,
    INTERNET_SCHEME_JAVASCRIPT = RINET_SCHEME_JAVASCRIPT,
    INTERNET_SCHEME_VBSCRIPT = RINET_SCHEME_VBSCRIPT,
    INTERNET_SCHEME_RES = RINET_SCHEME_RES,
    INTERNET_SCHEME_FIRST = RINET_SCHEME_FTP,
    INTERNET_SCHEME_LAST = RINET_SCHEME_RES
};

/* URL_COMPONENTSA is rinet_url_components (same fields, same layout):
 *   DWORD dwStructSize; LPSTR lpszScheme; DWORD dwSchemeLength; INTERNET_SCHEME nScheme;
 *   LPSTR lpszHostName; DWORD dwHostNameLength; INTERNET_PORT nPort;
 *   LPSTR lpszUserName; DWORD dwUserNameLength; LPSTR lpszPassword; DWORD dwPasswordLength;
 *   LPSTR lpszUrlPath; DWORD dwUrlPathLength; LPSTR lpszExtraInfo; DWORD dwExtraInfoLength;
 * For each part: NULL pointer and length 0 = don't return it; NULL pointer and a non-zero
 * length = return a pointer into the input URL; a buffer and its size = copy into it. Lengths
 * are in characters and exclude the terminator. Set dwStructSize to sizeof(URL_COMPONENTSA). */
typedef rinet_url_components URL_COMPONENTSA, *LPURL_COMPONENTSA;

/* URL_COMPONENTSW: URL_COMPONENTSA with WCHAR strings; every length counts characters. Same
 * layout as rinet's rinet_url_components_w16 / rinet_url_components_w32 (checked below). Set
 * dwStructSize to sizeof(URL_COMPONENTSW). */
typedef struct {
    DWORD dwStructSize;
    LPWSTR lpszScheme;
    DWORD dwSchemeLength;
    INTERNET_SCHEME nScheme;
    LPWSTR lpszHostName;
    DWORD dwHostNameLength;
    INTERNET_PORT nPort;
    LPWSTR lpszUserName;
    DWORD dwUserNameLength;
    LPWSTR lpszPassword;
    DWORD dwPasswordLength;
    LPWSTR lpszUrlPath;
    DWORD dwUrlPathLength;
    LPWSTR lpszExtraInfo;
    DWORD dwExtraInfoLength;
} URL_COMPONENTSW, *LPURL_COMPONENTSW;
typedef char rinet_check_url_componentsw_size_[sizeof(URL_COMPONENTSW) ==
                                                       sizeof(RINET_W(rinet_url_components)) ? 1 : -1];
typedef char rinet_check_url_componentsw_port_[offsetof(URL_COMPONENTSW, nPort) ==
                                                       offsetof(RINET_W(rinet_url_components), nPort) ? 1 : -1];
typedef char rinet_check_url_componentsw_extra_[offsetof(URL_COMPONENTSW, dwExtraInfoLength) ==
                                                        offsetof(RINET_W(rinet_url_components), dwExtraInfoLength)
                                                    ? 1
                                                    : -1];

/* URL_COMPONENTS: URL_COMPONENTSW when UNICODE is defined, else URL_COMPONENTSA. */
#ifdef UNICODE
typedef URL_COMPONENTSW URL_COMPONENTS;
typedef LPURL_COMPONENTSW LPURL_COMPONENTS;
#else
typedef URL_COMPONENTSA URL_COMPONENTS;
typedef LPURL_COMPONENTSA LPURL_COMPONENTS;
#endif

/* ======================================================================================== */
/* Constants (WinInet's values)                                                              */
/* ======================================================================================== */

/* ---- Default ports (INTERNET_PORT) ---- */
#ifndef INTERNET_INVALID_PORT_NUMBER
#define INTERNET_INVALID_PORT_NUMBER                 0  /* use the scheme's default port */
#endif
#ifndef INTERNET_DEFAULT_FTP_PORT
#define INTERNET_DEFAULT_FTP_PORT                    21
#endif
#ifndef INTERNET_DEFAULT_GOPHER_PORT
#define INTERNET_DEFAULT_GOPHER_PORT                 70
#endif
#ifndef INTERNET_DEFAULT_HTTP_PORT
#define INTERNET_DEFAULT_HTTP_PORT                   80
#endif
#ifndef INTERNET_DEFAULT_HTTPS_PORT
#define INTERNET_DEFAULT_HTTPS_PORT                  443
#endif
#ifndef INTERNET_DEFAULT_SOCKS_PORT
#define INTERNET_DEFAULT_SOCKS_PORT                  1080
#endif

/* ---- Services for InternetConnect (rinet implements HTTP only) ---- */
#ifndef INTERNET_SERVICE_FTP
#define INTERNET_SERVICE_FTP                         1
#endif
#ifndef INTERNET_SERVICE_GOPHER
#define INTERNET_SERVICE_GOPHER                      2
#endif
#ifndef INTERNET_SERVICE_HTTP
#define INTERNET_SERVICE_HTTP                        3
#endif

/* ---- Access types for InternetOpen ---- */
#ifndef INTERNET_OPEN_TYPE_PRECONFIG
#define INTERNET_OPEN_TYPE_PRECONFIG                 0  /* proxy from the environment */
#endif
#ifndef INTERNET_OPEN_TYPE_DIRECT
#define INTERNET_OPEN_TYPE_DIRECT                    1
#endif
#ifndef INTERNET_OPEN_TYPE_PROXY
#define INTERNET_OPEN_TYPE_PROXY                     3  /* a NULL proxy fails with ERROR_INVALID_PARAMETER */
#endif
#ifndef INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY
#define INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY 4
#endif

/* ---- Handle types reported by INTERNET_OPTION_HANDLE_TYPE ---- */
#ifndef INTERNET_HANDLE_TYPE_INTERNET
#define INTERNET_HANDLE_TYPE_INTERNET                1  /* InternetOpen */
#endif
#ifndef INTERNET_HANDLE_TYPE_CONNECT_FTP
#define INTERNET_HANDLE_TYPE_CONNECT_FTP             2
#endif
#ifndef INTERNET_HANDLE_TYPE_CONNECT_GOPHER
#define INTERNET_HANDLE_TYPE_CONNECT_GOPHER          3
#endif
#ifndef INTERNET_HANDLE_TYPE_CONNECT_HTTP
#define INTERNET_HANDLE_TYPE_CONNECT_HTTP            4  /* InternetConnect */
#endif
#ifndef INTERNET_HANDLE_TYPE_FTP_FIND
#define INTERNET_HANDLE_TYPE_FTP_FIND                5
#endif
#ifndef INTERNET_HANDLE_TYPE_FTP_FIND_HTML
#define INTERNET_HANDLE_TYPE_FTP_FIND_HTML           6
#endif
#ifndef INTERNET_HANDLE_TYPE_FTP_FILE
#define INTERNET_HANDLE_TYPE_FTP_FILE                7
#endif
#ifndef INTERNET_HANDLE_TYPE_FTP_FILE_HTML
#define INTERNET_HANDLE_TYPE_FTP_FILE_HTML           8
#endif
#ifndef INTERNET_HANDLE_TYPE_GOPHER_FIND
#define INTERNET_HANDLE_TYPE_GOPHER_FIND             9
#endif
#ifndef INTERNET_HANDLE_TYPE_GOPHER_FIND_HTML
#define INTERNET_HANDLE_TYPE_GOPHER_FIND_HTML        10
#endif
#ifndef INTERNET_HANDLE_TYPE_GOPHER_FILE
#define INTERNET_HANDLE_TYPE_GOPHER_FILE             11
#endif
#ifndef INTERNET_HANDLE_TYPE_GOPHER_FILE_HTML
#define INTERNET_HANDLE_TYPE_GOPHER_FILE_HTML        12
#endif
#ifndef INTERNET_HANDLE_TYPE_HTTP_REQUEST
#define INTERNET_HANDLE_TYPE_HTTP_REQUEST            13  /* HttpOpenRequest */
#endif
#ifndef INTERNET_HANDLE_TYPE_FILE_REQUEST
#define INTERNET_HANDLE_TYPE_FILE_REQUEST            14
#endif

/* ---- Status codes passed to the INTERNET_STATUS_CALLBACK (contract section 3) ---- */
#ifndef INTERNET_STATUS_RESOLVING_NAME
#define INTERNET_STATUS_RESOLVING_NAME               10  /* info: host name string, len = strlen+1 */
#endif
#ifndef INTERNET_STATUS_NAME_RESOLVED
#define INTERNET_STATUS_NAME_RESOLVED                11  /* info: address text, len = strlen+1 */
#endif
#ifndef INTERNET_STATUS_CONNECTING_TO_SERVER
#define INTERNET_STATUS_CONNECTING_TO_SERVER         20  /* info: IP address text, len = strlen+1 */
#endif
#ifndef INTERNET_STATUS_CONNECTED_TO_SERVER
#define INTERNET_STATUS_CONNECTED_TO_SERVER          21  /* info: IP address text, len = strlen+1 */
#endif
#ifndef INTERNET_STATUS_SENDING_REQUEST
#define INTERNET_STATUS_SENDING_REQUEST              30  /* info: NULL, 0 */
#endif
#ifndef INTERNET_STATUS_REQUEST_SENT
#define INTERNET_STATUS_REQUEST_SENT                 31  /* info: DWORD* bytes sent, len 4 */
#endif
#ifndef INTERNET_STATUS_RECEIVING_RESPONSE
#define INTERNET_STATUS_RECEIVING_RESPONSE           40  /* info: NULL, 0 */
#endif
#ifndef INTERNET_STATUS_RESPONSE_RECEIVED
#define INTERNET_STATUS_RESPONSE_RECEIVED            41  /* info: DWORD* bytes received, len 4 */
#endif
#ifndef INTERNET_STATUS_CTL_RESPONSE_RECEIVED
#define INTERNET_STATUS_CTL_RESPONSE_RECEIVED        42  /* not sent by rinet */
#endif
#ifndef INTERNET_STATUS_PREFETCH
#define INTERNET_STATUS_PREFETCH                     43  /* not sent by rinet */
#endif
#ifndef INTERNET_STATUS_CLOSING_CONNECTION
#define INTERNET_STATUS_CLOSING_CONNECTION           50  /* info: NULL, 0 */
#endif
#ifndef INTERNET_STATUS_CONNECTION_CLOSED
#define INTERNET_STATUS_CONNECTION_CLOSED            51  /* info: NULL, 0 */
#endif
#ifndef INTERNET_STATUS_HANDLE_CREATED
#define INTERNET_STATUS_HANDLE_CREATED               60  /* info: INTERNET_ASYNC_RESULT* {new handle, 0}, len = sizeof(HINTERNET) */
#endif
#ifndef INTERNET_STATUS_HANDLE_CLOSING
#define INTERNET_STATUS_HANDLE_CLOSING               70  /* info: HINTERNET*, len = sizeof(HINTERNET); last callback of a handle */
#endif
#ifndef INTERNET_STATUS_DETECTING_PROXY
#define INTERNET_STATUS_DETECTING_PROXY              80
#endif
#ifndef INTERNET_STATUS_REQUEST_COMPLETE
#define INTERNET_STATUS_REQUEST_COMPLETE             100  /* info: INTERNET_ASYNC_RESULT*, len = sizeof(INTERNET_ASYNC_RESULT) */
#endif
#ifndef INTERNET_STATUS_REDIRECT
#define INTERNET_STATUS_REDIRECT                     110  /* info: new URL string, len = strlen+1 */
#endif
#ifndef INTERNET_STATUS_INTERMEDIATE_RESPONSE
#define INTERNET_STATUS_INTERMEDIATE_RESPONSE        120  /* a 1xx response was received and skipped */
#endif
#ifndef INTERNET_STATUS_USER_INPUT_REQUIRED
#define INTERNET_STATUS_USER_INPUT_REQUIRED          140
#endif
#ifndef INTERNET_STATUS_STATE_CHANGE
#define INTERNET_STATUS_STATE_CHANGE                 200  /* info: DWORD* of INTERNET_STATE_* */
#endif
#ifndef INTERNET_STATUS_COOKIE_SENT
#define INTERNET_STATUS_COOKIE_SENT                  320
#endif
#ifndef INTERNET_STATUS_COOKIE_RECEIVED
#define INTERNET_STATUS_COOKIE_RECEIVED              321
#endif
#ifndef INTERNET_STATUS_PRIVACY_IMPACTED
#define INTERNET_STATUS_PRIVACY_IMPACTED             324
#endif
#ifndef INTERNET_STATUS_P3P_HEADER
#define INTERNET_STATUS_P3P_HEADER                   325
#endif
#ifndef INTERNET_STATUS_P3P_POLICYREF
#define INTERNET_STATUS_P3P_POLICYREF                326
#endif
#ifndef INTERNET_STATUS_COOKIE_HISTORY
#define INTERNET_STATUS_COOKIE_HISTORY               327
#endif

/* ---- INTERNET_STATE_* values carried by INTERNET_STATUS_STATE_CHANGE ---- */
#ifndef INTERNET_STATE_CONNECTED
#define INTERNET_STATE_CONNECTED                     0x00000001
#endif
#ifndef INTERNET_STATE_DISCONNECTED
#define INTERNET_STATE_DISCONNECTED                  0x00000002
#endif
#ifndef INTERNET_STATE_DISCONNECTED_BY_USER
#define INTERNET_STATE_DISCONNECTED_BY_USER          0x00000010
#endif
#ifndef INTERNET_STATE_IDLE
#define INTERNET_STATE_IDLE                          0x00000100
#endif
#ifndef INTERNET_STATE_BUSY
#define INTERNET_STATE_BUSY                          0x00000200
#endif

/* ---- INTERNET_FLAG_* for InternetOpen, InternetConnect and HttpOpenRequest ---- */
#ifndef INTERNET_FLAG_RELOAD
#define INTERNET_FLAG_RELOAD                         0x80000000U
#endif
#ifndef INTERNET_FLAG_RAW_DATA
#define INTERNET_FLAG_RAW_DATA                       0x40000000
#endif
#ifndef INTERNET_FLAG_EXISTING_CONNECT
#define INTERNET_FLAG_EXISTING_CONNECT               0x20000000
#endif
#ifndef INTERNET_FLAG_ASYNC
#define INTERNET_FLAG_ASYNC                          0x10000000  /* on InternetOpen: every handle of the session is asynchronous */
#endif
#ifndef INTERNET_FLAG_PASSIVE
#define INTERNET_FLAG_PASSIVE                        0x08000000
#endif
#ifndef INTERNET_FLAG_NO_CACHE_WRITE
#define INTERNET_FLAG_NO_CACHE_WRITE                 0x04000000
#endif
#ifndef INTERNET_FLAG_DONT_CACHE
#define INTERNET_FLAG_DONT_CACHE                     INTERNET_FLAG_NO_CACHE_WRITE
#endif
#ifndef INTERNET_FLAG_MAKE_PERSISTENT
#define INTERNET_FLAG_MAKE_PERSISTENT                0x02000000
#endif
#ifndef INTERNET_FLAG_FROM_CACHE
#define INTERNET_FLAG_FROM_CACHE                     0x01000000
#endif
#ifndef INTERNET_FLAG_OFFLINE
#define INTERNET_FLAG_OFFLINE                        INTERNET_FLAG_FROM_CACHE
#endif
#ifndef INTERNET_FLAG_SECURE
#define INTERNET_FLAG_SECURE                         0x00800000  /* TLS; default port 443 */
#endif
#ifndef INTERNET_FLAG_KEEP_CONNECTION
#define INTERNET_FLAG_KEEP_CONNECTION                0x00400000  /* sends Connection: Keep-Alive */
#endif
#ifndef INTERNET_FLAG_NO_AUTO_REDIRECT
#define INTERNET_FLAG_NO_AUTO_REDIRECT               0x00200000
#endif
#ifndef INTERNET_FLAG_READ_PREFETCH
#define INTERNET_FLAG_READ_PREFETCH                  0x00100000
#endif
#ifndef INTERNET_FLAG_NO_COOKIES
#define INTERNET_FLAG_NO_COOKIES                     0x00080000
#endif
#ifndef INTERNET_FLAG_NO_AUTH
#define INTERNET_FLAG_NO_AUTH                        0x00040000
#endif
#ifndef INTERNET_FLAG_RESTRICTED_ZONE
#define INTERNET_FLAG_RESTRICTED_ZONE                0x00020000
#endif
#ifndef INTERNET_FLAG_CACHE_IF_NET_FAIL
#define INTERNET_FLAG_CACHE_IF_NET_FAIL              0x00010000
#endif
#ifndef INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP
#define INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP        0x00008000
#endif
#ifndef INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS
#define INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS       0x00004000
#endif
#ifndef INTERNET_FLAG_IGNORE_CERT_DATE_INVALID
#define INTERNET_FLAG_IGNORE_CERT_DATE_INVALID       0x00002000
#endif
#ifndef INTERNET_FLAG_IGNORE_CERT_CN_INVALID
#define INTERNET_FLAG_IGNORE_CERT_CN_INVALID         0x00001000
#endif
#ifndef INTERNET_FLAG_RESYNCHRONIZE
#define INTERNET_FLAG_RESYNCHRONIZE                  0x00000800
#endif
#ifndef INTERNET_FLAG_HYPERLINK
#define INTERNET_FLAG_HYPERLINK                      0x00000400
#endif
#ifndef INTERNET_FLAG_NO_UI
#define INTERNET_FLAG_NO_UI                          0x00000200
#endif
#ifndef INTERNET_FLAG_PRAGMA_NOCACHE
#define INTERNET_FLAG_PRAGMA_NOCACHE                 0x00000100
#endif
#ifndef INTERNET_FLAG_CACHE_ASYNC
#define INTERNET_FLAG_CACHE_ASYNC                    0x00000080
#endif
#ifndef INTERNET_FLAG_FORMS_SUBMIT
#define INTERNET_FLAG_FORMS_SUBMIT                   0x00000040
#endif
#ifndef INTERNET_FLAG_FWD_BACK
#define INTERNET_FLAG_FWD_BACK                       0x00000020
#endif
#ifndef INTERNET_FLAG_NEED_FILE
#define INTERNET_FLAG_NEED_FILE                      0x00000010
#endif
#ifndef INTERNET_FLAG_MUST_CACHE_REQUEST
#define INTERNET_FLAG_MUST_CACHE_REQUEST             INTERNET_FLAG_NEED_FILE
#endif

/* ---- API flags: WININET_API_FLAG_*, IRF_* (InternetReadFileEx), HSR_* (HttpSendRequestEx, HttpEndRequest) ---- */
#ifndef WININET_API_FLAG_ASYNC
#define WININET_API_FLAG_ASYNC                       0x00000001
#endif
#ifndef WININET_API_FLAG_SYNC
#define WININET_API_FLAG_SYNC                        0x00000004
#endif
#ifndef WININET_API_FLAG_USE_CONTEXT
#define WININET_API_FLAG_USE_CONTEXT                 0x00000008
#endif
#ifndef IRF_ASYNC
#define IRF_ASYNC                                    WININET_API_FLAG_ASYNC
#endif
#ifndef IRF_SYNC
#define IRF_SYNC                                     WININET_API_FLAG_SYNC
#endif
#ifndef IRF_USE_CONTEXT
#define IRF_USE_CONTEXT                              WININET_API_FLAG_USE_CONTEXT
#endif
#ifndef IRF_NO_WAIT
#define IRF_NO_WAIT                                  0x00000008  /* same value as IRF_USE_CONTEXT; 8 means NO_WAIT */
#endif
#ifndef HSR_ASYNC
#define HSR_ASYNC                                    WININET_API_FLAG_ASYNC
#endif
#ifndef HSR_SYNC
#define HSR_SYNC                                     WININET_API_FLAG_SYNC
#endif
#ifndef HSR_USE_CONTEXT
#define HSR_USE_CONTEXT                              WININET_API_FLAG_USE_CONTEXT
#endif
#ifndef HSR_INITIATE
#define HSR_INITIATE                                 0x00000008
#endif
#ifndef HSR_DOWNLOAD
#define HSR_DOWNLOAD                                 0x00000010
#endif
#ifndef HSR_CHUNKED
#define HSR_CHUNKED                                  0x00000020
#endif

/* ---- INTERNET_REQFLAG_* returned by INTERNET_OPTION_REQUEST_FLAGS ---- */
#ifndef INTERNET_REQFLAG_FROM_CACHE
#define INTERNET_REQFLAG_FROM_CACHE                  0x00000001
#endif
#ifndef INTERNET_REQFLAG_ASYNC
#define INTERNET_REQFLAG_ASYNC                       0x00000002
#endif
#ifndef INTERNET_REQFLAG_VIA_PROXY
#define INTERNET_REQFLAG_VIA_PROXY                   0x00000004
#endif
#ifndef INTERNET_REQFLAG_NO_HEADERS
#define INTERNET_REQFLAG_NO_HEADERS                  0x00000008
#endif
#ifndef INTERNET_REQFLAG_PASSIVE
#define INTERNET_REQFLAG_PASSIVE                     0x00000010
#endif
#ifndef INTERNET_REQFLAG_CACHE_WRITE_DISABLED
#define INTERNET_REQFLAG_CACHE_WRITE_DISABLED        0x00000040
#endif
#ifndef INTERNET_REQFLAG_NET_TIMEOUT
#define INTERNET_REQFLAG_NET_TIMEOUT                 0x00000080
#endif

/* ---- Options for InternetSetOption and InternetQueryOption ---- */
#ifndef INTERNET_OPTION_CALLBACK
#define INTERNET_OPTION_CALLBACK                     1  /* query only */
#endif
#ifndef INTERNET_OPTION_CONNECT_TIMEOUT
#define INTERNET_OPTION_CONNECT_TIMEOUT              2  /* DWORD milliseconds */
#endif
#ifndef INTERNET_OPTION_CONNECT_RETRIES
#define INTERNET_OPTION_CONNECT_RETRIES              3
#endif
#ifndef INTERNET_OPTION_CONNECT_BACKOFF
#define INTERNET_OPTION_CONNECT_BACKOFF              4
#endif
#ifndef INTERNET_OPTION_SEND_TIMEOUT
#define INTERNET_OPTION_SEND_TIMEOUT                 5  /* DWORD milliseconds */
#endif
#ifndef INTERNET_OPTION_CONTROL_SEND_TIMEOUT
#define INTERNET_OPTION_CONTROL_SEND_TIMEOUT         INTERNET_OPTION_SEND_TIMEOUT
#endif
#ifndef INTERNET_OPTION_RECEIVE_TIMEOUT
#define INTERNET_OPTION_RECEIVE_TIMEOUT              6  /* DWORD milliseconds */
#endif
#ifndef INTERNET_OPTION_CONTROL_RECEIVE_TIMEOUT
#define INTERNET_OPTION_CONTROL_RECEIVE_TIMEOUT      INTERNET_OPTION_RECEIVE_TIMEOUT
#endif
#ifndef INTERNET_OPTION_DATA_SEND_TIMEOUT
#define INTERNET_OPTION_DATA_SEND_TIMEOUT            7
#endif
#ifndef INTERNET_OPTION_DATA_RECEIVE_TIMEOUT
#define INTERNET_OPTION_DATA_RECEIVE_TIMEOUT         8
#endif
#ifndef INTERNET_OPTION_HANDLE_TYPE
#define INTERNET_OPTION_HANDLE_TYPE                  9  /* DWORD INTERNET_HANDLE_TYPE_* */
#endif
#ifndef INTERNET_OPTION_READ_BUFFER_SIZE
#define INTERNET_OPTION_READ_BUFFER_SIZE             12
#endif
#ifndef INTERNET_OPTION_WRITE_BUFFER_SIZE
#define INTERNET_OPTION_WRITE_BUFFER_SIZE            13
#endif
#ifndef INTERNET_OPTION_PARENT_HANDLE
#define INTERNET_OPTION_PARENT_HANDLE                21
#endif
#ifndef INTERNET_OPTION_KEEP_CONNECTION
#define INTERNET_OPTION_KEEP_CONNECTION              22
#endif
#ifndef INTERNET_OPTION_REQUEST_FLAGS
#define INTERNET_OPTION_REQUEST_FLAGS                23  /* DWORD INTERNET_REQFLAG_* */
#endif
#ifndef INTERNET_OPTION_EXTENDED_ERROR
#define INTERNET_OPTION_EXTENDED_ERROR               24
#endif
#ifndef INTERNET_OPTION_USERNAME
#define INTERNET_OPTION_USERNAME                     28
#endif
#ifndef INTERNET_OPTION_PASSWORD
#define INTERNET_OPTION_PASSWORD                     29
#endif
#ifndef INTERNET_OPTION_SECURITY_FLAGS
#define INTERNET_OPTION_SECURITY_FLAGS               31  /* DWORD SECURITY_FLAG_* */
#endif
#ifndef INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT
#define INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT  32
#endif
#ifndef INTERNET_OPTION_URL
#define INTERNET_OPTION_URL                          34
#endif
#ifndef INTERNET_OPTION_SECURITY_CERTIFICATE
#define INTERNET_OPTION_SECURITY_CERTIFICATE         35
#endif
#ifndef INTERNET_OPTION_PROXY
#define INTERNET_OPTION_PROXY                        38  /* INTERNET_PROXY_INFO */
#endif
#ifndef INTERNET_OPTION_SETTINGS_CHANGED
#define INTERNET_OPTION_SETTINGS_CHANGED             39
#endif
#ifndef INTERNET_OPTION_VERSION
#define INTERNET_OPTION_VERSION                      40
#endif
#ifndef INTERNET_OPTION_USER_AGENT
#define INTERNET_OPTION_USER_AGENT                   41
#endif
#ifndef INTERNET_OPTION_END_BROWSER_SESSION
#define INTERNET_OPTION_END_BROWSER_SESSION          42
#endif
#ifndef INTERNET_OPTION_PROXY_USERNAME
#define INTERNET_OPTION_PROXY_USERNAME               43
#endif
#ifndef INTERNET_OPTION_PROXY_PASSWORD
#define INTERNET_OPTION_PROXY_PASSWORD               44
#endif
#ifndef INTERNET_OPTION_CONTEXT_VALUE
#define INTERNET_OPTION_CONTEXT_VALUE                45  /* DWORD_PTR; the handle's own context, not inherited */
#endif
#ifndef INTERNET_OPTION_CONNECT_LIMIT
#define INTERNET_OPTION_CONNECT_LIMIT                46
#endif
#ifndef INTERNET_OPTION_HTTP_VERSION
#define INTERNET_OPTION_HTTP_VERSION                 59  /* HTTP_VERSION_INFO */
#endif
#ifndef INTERNET_OPTION_ERROR_MASK
#define INTERNET_OPTION_ERROR_MASK                   62  /* DWORD INTERNET_ERROR_MASK_* */
#endif
#ifndef INTERNET_OPTION_HTTP_DECODING
#define INTERNET_OPTION_HTTP_DECODING                65  /* BOOL */
#endif
#ifndef INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO
#define INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO       67
#endif
#ifndef INTERNET_OPTION_MAX_CONNS_PER_SERVER
#define INTERNET_OPTION_MAX_CONNS_PER_SERVER         73
#endif
#ifndef INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER
#define INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER     74
#endif
#ifndef INTERNET_OPTION_PER_CONNECTION_OPTION
#define INTERNET_OPTION_PER_CONNECTION_OPTION        75
#endif
#ifndef INTERNET_OPTION_IGNORE_OFFLINE
#define INTERNET_OPTION_IGNORE_OFFLINE               77
#endif
#ifndef INTERNET_OPTION_MAX_CONNS_PER_PROXY
#define INTERNET_OPTION_MAX_CONNS_PER_PROXY          103
#endif
#ifndef INTERNET_OPTION_SUPPRESS_SERVER_AUTH
#define INTERNET_OPTION_SUPPRESS_SERVER_AUTH         104
#endif
#ifndef INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT
#define INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT    105
#endif
#ifndef INTERNET_OPTION_COMPRESSED_CONTENT_LENGTH
#define INTERNET_OPTION_COMPRESSED_CONTENT_LENGTH    147
#endif
#ifndef INTERNET_OPTION_ENABLE_HTTP_PROTOCOL
#define INTERNET_OPTION_ENABLE_HTTP_PROTOCOL         148
#endif
#ifndef INTERNET_OPTION_HTTP_PROTOCOL_USED
#define INTERNET_OPTION_HTTP_PROTOCOL_USED           149
#endif

/* ---- SECURITY_FLAG_* for INTERNET_OPTION_SECURITY_FLAGS ---- */
#ifndef SECURITY_FLAG_SECURE
#define SECURITY_FLAG_SECURE                         0x00000001
#endif
#ifndef SECURITY_FLAG_IGNORE_REVOCATION
#define SECURITY_FLAG_IGNORE_REVOCATION              0x00000080
#endif
#ifndef SECURITY_FLAG_IGNORE_UNKNOWN_CA
#define SECURITY_FLAG_IGNORE_UNKNOWN_CA              0x00000100
#endif
#ifndef SECURITY_FLAG_IGNORE_WRONG_USAGE
#define SECURITY_FLAG_IGNORE_WRONG_USAGE             0x00000200
#endif
#ifndef SECURITY_FLAG_IGNORE_CERT_CN_INVALID
#define SECURITY_FLAG_IGNORE_CERT_CN_INVALID         0x00001000
#endif
#ifndef SECURITY_FLAG_IGNORE_CERT_DATE_INVALID
#define SECURITY_FLAG_IGNORE_CERT_DATE_INVALID       0x00002000
#endif
#ifndef SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTPS
#define SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTPS       0x00004000
#endif
#ifndef SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP
#define SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP        0x00008000
#endif
#ifndef SECURITY_FLAG_STRENGTH_WEAK
#define SECURITY_FLAG_STRENGTH_WEAK                  0x10000000
#endif
#ifndef SECURITY_FLAG_STRENGTH_STRONG
#define SECURITY_FLAG_STRENGTH_STRONG                0x20000000
#endif
#ifndef SECURITY_FLAG_STRENGTH_MEDIUM
#define SECURITY_FLAG_STRENGTH_MEDIUM                0x40000000
#endif

/* ---- INTERNET_ERROR_MASK_* for INTERNET_OPTION_ERROR_MASK ---- */
#ifndef INTERNET_ERROR_MASK_INSERT_CDROM
#define INTERNET_ERROR_MASK_INSERT_CDROM             0x1
#endif
#ifndef INTERNET_ERROR_MASK_COMBINED_SEC_CERT
#define INTERNET_ERROR_MASK_COMBINED_SEC_CERT        0x2
#endif
#ifndef INTERNET_ERROR_MASK_NEED_MSN_SSPI_PKG
#define INTERNET_ERROR_MASK_NEED_MSN_SSPI_PKG        0x4
#endif
#ifndef INTERNET_ERROR_MASK_LOGIN_FAILURE_DISPLAY_ENTITY_BODY
#define INTERNET_ERROR_MASK_LOGIN_FAILURE_DISPLAY_ENTITY_BODY 0x8
#endif

/* ---- Win32 error codes used by rinet (GetLastError) ---- */
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS                                0
#endif
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND                         2
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE                         6  /* NULL, forged, stale or closed handle */
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY                      8
#endif
#ifndef ERROR_OUTOFMEMORY
#define ERROR_OUTOFMEMORY                            14
#endif
#ifndef ERROR_NO_MORE_FILES
#define ERROR_NO_MORE_FILES                          18
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER                      87
#endif
#ifndef ERROR_CALL_NOT_IMPLEMENTED
#define ERROR_CALL_NOT_IMPLEMENTED                   120
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER                    122  /* the length out-parameter says how much is needed */
#endif
#ifndef ERROR_BAD_ARGUMENTS
#define ERROR_BAD_ARGUMENTS                          160
#endif
#ifndef ERROR_NO_MORE_ITEMS
#define ERROR_NO_MORE_ITEMS                          259
#endif
#ifndef ERROR_IO_PENDING
#define ERROR_IO_PENDING                             997  /* the call continues; INTERNET_STATUS_REQUEST_COMPLETE reports its end */
#endif

/* ---- WinInet error codes (12000 range); every SDK value ---- */
#ifndef INTERNET_ERROR_BASE
#define INTERNET_ERROR_BASE                          12000
#endif
#ifndef ERROR_INTERNET_OUT_OF_HANDLES
#define ERROR_INTERNET_OUT_OF_HANDLES                12001
#endif
#ifndef ERROR_INTERNET_TIMEOUT
#define ERROR_INTERNET_TIMEOUT                       12002
#endif
#ifndef ERROR_INTERNET_EXTENDED_ERROR
#define ERROR_INTERNET_EXTENDED_ERROR                12003
#endif
#ifndef ERROR_INTERNET_INTERNAL_ERROR
#define ERROR_INTERNET_INTERNAL_ERROR                12004
#endif
#ifndef ERROR_INTERNET_INVALID_URL
#define ERROR_INTERNET_INVALID_URL                   12005
#endif
#ifndef ERROR_INTERNET_UNRECOGNIZED_SCHEME
#define ERROR_INTERNET_UNRECOGNIZED_SCHEME           12006
#endif
#ifndef ERROR_INTERNET_NAME_NOT_RESOLVED
#define ERROR_INTERNET_NAME_NOT_RESOLVED             12007
#endif
#ifndef ERROR_INTERNET_PROTOCOL_NOT_FOUND
#define ERROR_INTERNET_PROTOCOL_NOT_FOUND            12008
#endif
#ifndef ERROR_INTERNET_INVALID_OPTION
#define ERROR_INTERNET_INVALID_OPTION                12009
#endif
#ifndef ERROR_INTERNET_BAD_OPTION_LENGTH
#define ERROR_INTERNET_BAD_OPTION_LENGTH             12010
#endif
#ifndef ERROR_INTERNET_OPTION_NOT_SETTABLE
#define ERROR_INTERNET_OPTION_NOT_SETTABLE           12011
#endif
#ifndef ERROR_INTERNET_SHUTDOWN
#define ERROR_INTERNET_SHUTDOWN                      12012
#endif
#ifndef ERROR_INTERNET_INCORRECT_USER_NAME
#define ERROR_INTERNET_INCORRECT_USER_NAME           12013
#endif
#ifndef ERROR_INTERNET_INCORRECT_PASSWORD
#define ERROR_INTERNET_INCORRECT_PASSWORD            12014
#endif
#ifndef ERROR_INTERNET_LOGIN_FAILURE
#define ERROR_INTERNET_LOGIN_FAILURE                 12015
#endif
#ifndef ERROR_INTERNET_INVALID_OPERATION
#define ERROR_INTERNET_INVALID_OPERATION             12016
#endif
#ifndef ERROR_INTERNET_OPERATION_CANCELLED
#define ERROR_INTERNET_OPERATION_CANCELLED           12017
#endif
#ifndef ERROR_INTERNET_INCORRECT_HANDLE_TYPE
#define ERROR_INTERNET_INCORRECT_HANDLE_TYPE         12018
#endif
#ifndef ERROR_INTERNET_INCORRECT_HANDLE_STATE
#define ERROR_INTERNET_INCORRECT_HANDLE_STATE        12019
#endif
#ifndef ERROR_INTERNET_NOT_PROXY_REQUEST
#define ERROR_INTERNET_NOT_PROXY_REQUEST             12020
#endif
#ifndef ERROR_INTERNET_REGISTRY_VALUE_NOT_FOUND
#define ERROR_INTERNET_REGISTRY_VALUE_NOT_FOUND      12021
#endif
#ifndef ERROR_INTERNET_BAD_REGISTRY_PARAMETER
#define ERROR_INTERNET_BAD_REGISTRY_PARAMETER        12022
#endif
#ifndef ERROR_INTERNET_NO_DIRECT_ACCESS
#define ERROR_INTERNET_NO_DIRECT_ACCESS              12023
#endif
#ifndef ERROR_INTERNET_NO_CONTEXT
#define ERROR_INTERNET_NO_CONTEXT                    12024
#endif
#ifndef ERROR_INTERNET_NO_CALLBACK
#define ERROR_INTERNET_NO_CALLBACK                   12025
#endif
#ifndef ERROR_INTERNET_REQUEST_PENDING
#define ERROR_INTERNET_REQUEST_PENDING               12026
#endif
#ifndef ERROR_INTERNET_INCORRECT_FORMAT
#define ERROR_INTERNET_INCORRECT_FORMAT              12027
#endif
#ifndef ERROR_INTERNET_ITEM_NOT_FOUND
#define ERROR_INTERNET_ITEM_NOT_FOUND                12028
#endif
#ifndef ERROR_INTERNET_CANNOT_CONNECT
#define ERROR_INTERNET_CANNOT_CONNECT                12029
#endif
#ifndef ERROR_INTERNET_CONNECTION_ABORTED
#define ERROR_INTERNET_CONNECTION_ABORTED            12030
#endif
#ifndef ERROR_INTERNET_CONNECTION_RESET
#define ERROR_INTERNET_CONNECTION_RESET              12031
#endif
#ifndef ERROR_INTERNET_FORCE_RETRY
#define ERROR_INTERNET_FORCE_RETRY                   12032
#endif
#ifndef ERROR_INTERNET_INVALID_PROXY_REQUEST
#define ERROR_INTERNET_INVALID_PROXY_REQUEST         12033
#endif
#ifndef ERROR_INTERNET_NEED_UI
#define ERROR_INTERNET_NEED_UI                       12034
#endif
#ifndef ERROR_INTERNET_HANDLE_EXISTS
#define ERROR_INTERNET_HANDLE_EXISTS                 12036
#endif
#ifndef ERROR_INTERNET_SEC_CERT_DATE_INVALID
#define ERROR_INTERNET_SEC_CERT_DATE_INVALID         12037
#endif
#ifndef ERROR_INTERNET_SEC_CERT_CN_INVALID
#define ERROR_INTERNET_SEC_CERT_CN_INVALID           12038
#endif
#ifndef ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR
#define ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR        12039
#endif
#ifndef ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR
#define ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR        12040
#endif
#ifndef ERROR_INTERNET_MIXED_SECURITY
#define ERROR_INTERNET_MIXED_SECURITY                12041
#endif
#ifndef ERROR_INTERNET_CHG_POST_IS_NON_SECURE
#define ERROR_INTERNET_CHG_POST_IS_NON_SECURE        12042
#endif
#ifndef ERROR_INTERNET_POST_IS_NON_SECURE
#define ERROR_INTERNET_POST_IS_NON_SECURE            12043
#endif
#ifndef ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED
#define ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED       12044
#endif
#ifndef ERROR_INTERNET_INVALID_CA
#define ERROR_INTERNET_INVALID_CA                    12045
#endif
#ifndef ERROR_INTERNET_CLIENT_AUTH_NOT_SETUP
#define ERROR_INTERNET_CLIENT_AUTH_NOT_SETUP         12046
#endif
#ifndef ERROR_INTERNET_ASYNC_THREAD_FAILED
#define ERROR_INTERNET_ASYNC_THREAD_FAILED           12047
#endif
#ifndef ERROR_INTERNET_REDIRECT_SCHEME_CHANGE
#define ERROR_INTERNET_REDIRECT_SCHEME_CHANGE        12048
#endif
#ifndef ERROR_INTERNET_DIALOG_PENDING
#define ERROR_INTERNET_DIALOG_PENDING                12049
#endif
#ifndef ERROR_INTERNET_RETRY_DIALOG
#define ERROR_INTERNET_RETRY_DIALOG                  12050
#endif
#ifndef ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR
#define ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR       12052
#endif
#ifndef ERROR_INTERNET_INSERT_CDROM
#define ERROR_INTERNET_INSERT_CDROM                  12053
#endif
#ifndef ERROR_INTERNET_FORTEZZA_LOGIN_NEEDED
#define ERROR_INTERNET_FORTEZZA_LOGIN_NEEDED         12054
#endif
#ifndef ERROR_INTERNET_SEC_CERT_ERRORS
#define ERROR_INTERNET_SEC_CERT_ERRORS               12055
#endif
#ifndef ERROR_INTERNET_SEC_CERT_NO_REV
#define ERROR_INTERNET_SEC_CERT_NO_REV               12056
#endif
#ifndef ERROR_INTERNET_SEC_CERT_REV_FAILED
#define ERROR_INTERNET_SEC_CERT_REV_FAILED           12057
#endif
#ifndef ERROR_HTTP_HSTS_REDIRECT_REQUIRED
#define ERROR_HTTP_HSTS_REDIRECT_REQUIRED            12060
#endif
#ifndef ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE
#define ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE       12062
#endif
#ifndef ERROR_FTP_TRANSFER_IN_PROGRESS
#define ERROR_FTP_TRANSFER_IN_PROGRESS               12110
#endif
#ifndef ERROR_FTP_DROPPED
#define ERROR_FTP_DROPPED                            12111
#endif
#ifndef ERROR_FTP_NO_PASSIVE_MODE
#define ERROR_FTP_NO_PASSIVE_MODE                    12112
#endif
#ifndef ERROR_GOPHER_PROTOCOL_ERROR
#define ERROR_GOPHER_PROTOCOL_ERROR                  12130
#endif
#ifndef ERROR_GOPHER_NOT_FILE
#define ERROR_GOPHER_NOT_FILE                        12131
#endif
#ifndef ERROR_GOPHER_DATA_ERROR
#define ERROR_GOPHER_DATA_ERROR                      12132
#endif
#ifndef ERROR_GOPHER_END_OF_DATA
#define ERROR_GOPHER_END_OF_DATA                     12133
#endif
#ifndef ERROR_GOPHER_INVALID_LOCATOR
#define ERROR_GOPHER_INVALID_LOCATOR                 12134
#endif
#ifndef ERROR_GOPHER_INCORRECT_LOCATOR_TYPE
#define ERROR_GOPHER_INCORRECT_LOCATOR_TYPE          12135
#endif
#ifndef ERROR_GOPHER_NOT_GOPHER_PLUS
#define ERROR_GOPHER_NOT_GOPHER_PLUS                 12136
#endif
#ifndef ERROR_GOPHER_ATTRIBUTE_NOT_FOUND
#define ERROR_GOPHER_ATTRIBUTE_NOT_FOUND             12137
#endif
#ifndef ERROR_GOPHER_UNKNOWN_LOCATOR
#define ERROR_GOPHER_UNKNOWN_LOCATOR                 12138
#endif
#ifndef ERROR_HTTP_HEADER_NOT_FOUND
#define ERROR_HTTP_HEADER_NOT_FOUND                  12150
#endif
#ifndef ERROR_HTTP_DOWNLEVEL_SERVER
#define ERROR_HTTP_DOWNLEVEL_SERVER                  12151
#endif
#ifndef ERROR_HTTP_INVALID_SERVER_RESPONSE
#define ERROR_HTTP_INVALID_SERVER_RESPONSE           12152
#endif
#ifndef ERROR_HTTP_INVALID_HEADER
#define ERROR_HTTP_INVALID_HEADER                    12153
#endif
#ifndef ERROR_HTTP_INVALID_QUERY_REQUEST
#define ERROR_HTTP_INVALID_QUERY_REQUEST             12154
#endif
#ifndef ERROR_HTTP_HEADER_ALREADY_EXISTS
#define ERROR_HTTP_HEADER_ALREADY_EXISTS             12155
#endif
#ifndef ERROR_HTTP_REDIRECT_FAILED
#define ERROR_HTTP_REDIRECT_FAILED                   12156
#endif
#ifndef ERROR_INTERNET_SECURITY_CHANNEL_ERROR
#define ERROR_INTERNET_SECURITY_CHANNEL_ERROR        12157
#endif
#ifndef ERROR_INTERNET_UNABLE_TO_CACHE_FILE
#define ERROR_INTERNET_UNABLE_TO_CACHE_FILE          12158
#endif
#ifndef ERROR_INTERNET_TCPIP_NOT_INSTALLED
#define ERROR_INTERNET_TCPIP_NOT_INSTALLED           12159
#endif
#ifndef ERROR_HTTP_NOT_REDIRECTED
#define ERROR_HTTP_NOT_REDIRECTED                    12160
#endif
#ifndef ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION
#define ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION         12161
#endif
#ifndef ERROR_HTTP_COOKIE_DECLINED
#define ERROR_HTTP_COOKIE_DECLINED                   12162
#endif
#ifndef ERROR_INTERNET_DISCONNECTED
#define ERROR_INTERNET_DISCONNECTED                  12163
#endif
#ifndef ERROR_INTERNET_SERVER_UNREACHABLE
#define ERROR_INTERNET_SERVER_UNREACHABLE            12164
#endif
#ifndef ERROR_INTERNET_PROXY_SERVER_UNREACHABLE
#define ERROR_INTERNET_PROXY_SERVER_UNREACHABLE      12165
#endif
#ifndef ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT
#define ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT         12166
#endif
#ifndef ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT
#define ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT     12167
#endif
#ifndef ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION
#define ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION       12168
#endif
#ifndef ERROR_INTERNET_SEC_INVALID_CERT
#define ERROR_INTERNET_SEC_INVALID_CERT              12169
#endif
#ifndef ERROR_INTERNET_SEC_CERT_REVOKED
#define ERROR_INTERNET_SEC_CERT_REVOKED              12170
#endif
#ifndef ERROR_INTERNET_FAILED_DUETOSECURITYCHECK
#define ERROR_INTERNET_FAILED_DUETOSECURITYCHECK     12171
#endif
#ifndef ERROR_INTERNET_NOT_INITIALIZED
#define ERROR_INTERNET_NOT_INITIALIZED               12172
#endif
#ifndef ERROR_INTERNET_NEED_MSN_SSPI_PKG
#define ERROR_INTERNET_NEED_MSN_SSPI_PKG             12173
#endif
#ifndef ERROR_INTERNET_LOGIN_FAILURE_DISPLAY_ENTITY_BODY
#define ERROR_INTERNET_LOGIN_FAILURE_DISPLAY_ENTITY_BODY 12174
#endif
#ifndef ERROR_INTERNET_DECODING_FAILED
#define ERROR_INTERNET_DECODING_FAILED               12175
#endif
#ifndef ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED_PROXY
#define ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED_PROXY 12187
#endif
#ifndef ERROR_INTERNET_SECURE_FAILURE_PROXY
#define ERROR_INTERNET_SECURE_FAILURE_PROXY          12188
#endif
#ifndef ERROR_INTERNET_HTTP_PROTOCOL_MISMATCH
#define ERROR_INTERNET_HTTP_PROTOCOL_MISMATCH        12190
#endif
#ifndef ERROR_INTERNET_GLOBAL_CALLBACK_FAILED
#define ERROR_INTERNET_GLOBAL_CALLBACK_FAILED        12191
#endif
#ifndef ERROR_INTERNET_FEATURE_DISABLED
#define ERROR_INTERNET_FEATURE_DISABLED              12192
#endif
#ifndef INTERNET_ERROR_LAST
#define INTERNET_ERROR_LAST                          ERROR_INTERNET_FEATURE_DISABLED
#endif

/* ---- HttpQueryInfo levels ---- */
#ifndef HTTP_QUERY_MIME_VERSION
#define HTTP_QUERY_MIME_VERSION                      0
#endif
#ifndef HTTP_QUERY_CONTENT_TYPE
#define HTTP_QUERY_CONTENT_TYPE                      1
#endif
#ifndef HTTP_QUERY_CONTENT_TRANSFER_ENCODING
#define HTTP_QUERY_CONTENT_TRANSFER_ENCODING         2
#endif
#ifndef HTTP_QUERY_CONTENT_ID
#define HTTP_QUERY_CONTENT_ID                        3
#endif
#ifndef HTTP_QUERY_CONTENT_DESCRIPTION
#define HTTP_QUERY_CONTENT_DESCRIPTION               4
#endif
#ifndef HTTP_QUERY_CONTENT_LENGTH
#define HTTP_QUERY_CONTENT_LENGTH                    5
#endif
#ifndef HTTP_QUERY_CONTENT_LANGUAGE
#define HTTP_QUERY_CONTENT_LANGUAGE                  6
#endif
#ifndef HTTP_QUERY_ALLOW
#define HTTP_QUERY_ALLOW                             7
#endif
#ifndef HTTP_QUERY_PUBLIC
#define HTTP_QUERY_PUBLIC                            8
#endif
#ifndef HTTP_QUERY_DATE
#define HTTP_QUERY_DATE                              9
#endif
#ifndef HTTP_QUERY_EXPIRES
#define HTTP_QUERY_EXPIRES                           10
#endif
#ifndef HTTP_QUERY_LAST_MODIFIED
#define HTTP_QUERY_LAST_MODIFIED                     11
#endif
#ifndef HTTP_QUERY_MESSAGE_ID
#define HTTP_QUERY_MESSAGE_ID                        12
#endif
#ifndef HTTP_QUERY_URI
#define HTTP_QUERY_URI                               13
#endif
#ifndef HTTP_QUERY_DERIVED_FROM
#define HTTP_QUERY_DERIVED_FROM                      14
#endif
#ifndef HTTP_QUERY_COST
#define HTTP_QUERY_COST                              15
#endif
#ifndef HTTP_QUERY_LINK
#define HTTP_QUERY_LINK                              16
#endif
#ifndef HTTP_QUERY_PRAGMA
#define HTTP_QUERY_PRAGMA                            17
#endif
#ifndef HTTP_QUERY_VERSION
#define HTTP_QUERY_VERSION                           18
#endif
#ifndef HTTP_QUERY_STATUS_CODE
#define HTTP_QUERY_STATUS_CODE                       19
#endif
#ifndef HTTP_QUERY_STATUS_TEXT
#define HTTP_QUERY_STATUS_TEXT                       20
#endif
#ifndef HTTP_QUERY_RAW_HEADERS
#define HTTP_QUERY_RAW_HEADERS                       21
#endif
#ifndef HTTP_QUERY_RAW_HEADERS_CRLF
#define HTTP_QUERY_RAW_HEADERS_CRLF                  22
#endif
#ifndef HTTP_QUERY_CONNECTION
#define HTTP_QUERY_CONNECTION                        23
#endif
#ifndef HTTP_QUERY_ACCEPT
#define HTTP_QUERY_ACCEPT                            24
#endif
#ifndef HTTP_QUERY_ACCEPT_CHARSET
#define HTTP_QUERY_ACCEPT_CHARSET                    25
#endif
#ifndef HTTP_QUERY_ACCEPT_ENCODING
#define HTTP_QUERY_ACCEPT_ENCODING                   26
#endif
#ifndef HTTP_QUERY_ACCEPT_LANGUAGE
#define HTTP_QUERY_ACCEPT_LANGUAGE                   27
#endif
#ifndef HTTP_QUERY_AUTHORIZATION
#define HTTP_QUERY_AUTHORIZATION                     28
#endif
#ifndef HTTP_QUERY_CONTENT_ENCODING
#define HTTP_QUERY_CONTENT_ENCODING                  29
#endif
#ifndef HTTP_QUERY_FORWARDED
#define HTTP_QUERY_FORWARDED                         30
#endif
#ifndef HTTP_QUERY_FROM
#define HTTP_QUERY_FROM                              31
#endif
#ifndef HTTP_QUERY_IF_MODIFIED_SINCE
#define HTTP_QUERY_IF_MODIFIED_SINCE                 32
#endif
#ifndef HTTP_QUERY_LOCATION
#define HTTP_QUERY_LOCATION                          33
#endif
#ifndef HTTP_QUERY_ORIG_URI
#define HTTP_QUERY_ORIG_URI                          34
#endif
#ifndef HTTP_QUERY_REFERER
#define HTTP_QUERY_REFERER                           35
#endif
#ifndef HTTP_QUERY_RETRY_AFTER
#define HTTP_QUERY_RETRY_AFTER                       36
#endif
#ifndef HTTP_QUERY_SERVER
#define HTTP_QUERY_SERVER                            37
#endif
#ifndef HTTP_QUERY_TITLE
#define HTTP_QUERY_TITLE                             38
#endif
#ifndef HTTP_QUERY_USER_AGENT
#define HTTP_QUERY_USER_AGENT                        39
#endif
#ifndef HTTP_QUERY_WWW_AUTHENTICATE
#define HTTP_QUERY_WWW_AUTHENTICATE                  40
#endif
#ifndef HTTP_QUERY_PROXY_AUTHENTICATE
#define HTTP_QUERY_PROXY_AUTHENTICATE                41
#endif
#ifndef HTTP_QUERY_ACCEPT_RANGES
#define HTTP_QUERY_ACCEPT_RANGES                     42
#endif
#ifndef HTTP_QUERY_SET_COOKIE
#define HTTP_QUERY_SET_COOKIE                        43
#endif
#ifndef HTTP_QUERY_COOKIE
#define HTTP_QUERY_COOKIE                            44
#endif
#ifndef HTTP_QUERY_REQUEST_METHOD
#define HTTP_QUERY_REQUEST_METHOD                    45
#endif
#ifndef HTTP_QUERY_REFRESH
#define HTTP_QUERY_REFRESH                           46
#endif
#ifndef HTTP_QUERY_CONTENT_DISPOSITION
#define HTTP_QUERY_CONTENT_DISPOSITION               47
#endif
#ifndef HTTP_QUERY_AGE
#define HTTP_QUERY_AGE                               48
#endif
#ifndef HTTP_QUERY_CACHE_CONTROL
#define HTTP_QUERY_CACHE_CONTROL                     49
#endif
#ifndef HTTP_QUERY_CONTENT_BASE
#define HTTP_QUERY_CONTENT_BASE                      50
#endif
#ifndef HTTP_QUERY_CONTENT_LOCATION
#define HTTP_QUERY_CONTENT_LOCATION                  51
#endif
#ifndef HTTP_QUERY_CONTENT_MD5
#define HTTP_QUERY_CONTENT_MD5                       52
#endif
#ifndef HTTP_QUERY_CONTENT_RANGE
#define HTTP_QUERY_CONTENT_RANGE                     53
#endif
#ifndef HTTP_QUERY_ETAG
#define HTTP_QUERY_ETAG                              54
#endif
#ifndef HTTP_QUERY_HOST
#define HTTP_QUERY_HOST                              55
#endif
#ifndef HTTP_QUERY_IF_MATCH
#define HTTP_QUERY_IF_MATCH                          56
#endif
#ifndef HTTP_QUERY_IF_NONE_MATCH
#define HTTP_QUERY_IF_NONE_MATCH                     57
#endif
#ifndef HTTP_QUERY_IF_RANGE
#define HTTP_QUERY_IF_RANGE                          58
#endif
#ifndef HTTP_QUERY_IF_UNMODIFIED_SINCE
#define HTTP_QUERY_IF_UNMODIFIED_SINCE               59
#endif
#ifndef HTTP_QUERY_MAX_FORWARDS
#define HTTP_QUERY_MAX_FORWARDS                      60
#endif
#ifndef HTTP_QUERY_PROXY_AUTHORIZATION
#define HTTP_QUERY_PROXY_AUTHORIZATION               61
#endif
#ifndef HTTP_QUERY_RANGE
#define HTTP_QUERY_RANGE                             62
#endif
#ifndef HTTP_QUERY_TRANSFER_ENCODING
#define HTTP_QUERY_TRANSFER_ENCODING                 63
#endif
#ifndef HTTP_QUERY_UPGRADE
#define HTTP_QUERY_UPGRADE                           64
#endif
#ifndef HTTP_QUERY_VARY
#define HTTP_QUERY_VARY                              65
#endif
#ifndef HTTP_QUERY_VIA
#define HTTP_QUERY_VIA                               66
#endif
#ifndef HTTP_QUERY_WARNING
#define HTTP_QUERY_WARNING                           67
#endif
#ifndef HTTP_QUERY_EXPECT
#define HTTP_QUERY_EXPECT                            68
#endif
#ifndef HTTP_QUERY_PROXY_CONNECTION
#define HTTP_QUERY_PROXY_CONNECTION                  69
#endif
#ifndef HTTP_QUERY_UNLESS_MODIFIED_SINCE
#define HTTP_QUERY_UNLESS_MODIFIED_SINCE             70
#endif
#ifndef HTTP_QUERY_ECHO_REQUEST
#define HTTP_QUERY_ECHO_REQUEST                      71
#endif
#ifndef HTTP_QUERY_ECHO_REPLY
#define HTTP_QUERY_ECHO_REPLY                        72
#endif
#ifndef HTTP_QUERY_ECHO_HEADERS
#define HTTP_QUERY_ECHO_HEADERS                      73
#endif
#ifndef HTTP_QUERY_ECHO_HEADERS_CRLF
#define HTTP_QUERY_ECHO_HEADERS_CRLF                 74
#endif
#ifndef HTTP_QUERY_PROXY_SUPPORT
#define HTTP_QUERY_PROXY_SUPPORT                     75
#endif
#ifndef HTTP_QUERY_AUTHENTICATION_INFO
#define HTTP_QUERY_AUTHENTICATION_INFO               76
#endif
#ifndef HTTP_QUERY_PASSPORT_URLS
#define HTTP_QUERY_PASSPORT_URLS                     77
#endif
#ifndef HTTP_QUERY_PASSPORT_CONFIG
#define HTTP_QUERY_PASSPORT_CONFIG                   78
#endif
#ifndef HTTP_QUERY_X_CONTENT_TYPE_OPTIONS
#define HTTP_QUERY_X_CONTENT_TYPE_OPTIONS            79
#endif
#ifndef HTTP_QUERY_P3P
#define HTTP_QUERY_P3P                               80
#endif
#ifndef HTTP_QUERY_X_P2P_PEERDIST
#define HTTP_QUERY_X_P2P_PEERDIST                    81
#endif
#ifndef HTTP_QUERY_TRANSLATE
#define HTTP_QUERY_TRANSLATE                         82
#endif
#ifndef HTTP_QUERY_X_UA_COMPATIBLE
#define HTTP_QUERY_X_UA_COMPATIBLE                   83
#endif
#ifndef HTTP_QUERY_DEFAULT_STYLE
#define HTTP_QUERY_DEFAULT_STYLE                     84
#endif
#ifndef HTTP_QUERY_X_FRAME_OPTIONS
#define HTTP_QUERY_X_FRAME_OPTIONS                   85
#endif
#ifndef HTTP_QUERY_X_XSS_PROTECTION
#define HTTP_QUERY_X_XSS_PROTECTION                  86
#endif
#ifndef HTTP_QUERY_KEEP_ALIVE
#define HTTP_QUERY_KEEP_ALIVE                        89
#endif
#ifndef HTTP_QUERY_MAX
#define HTTP_QUERY_MAX                               95  /* highest level in the current SDK */
#endif
#ifndef HTTP_QUERY_CUSTOM
#define HTTP_QUERY_CUSTOM                            65535  /* header name in lpBuffer on input, value returned in the same buffer */
#endif

/* ---- HttpQueryInfo modifier flags (OR-ed into the level) ---- */
#ifndef HTTP_QUERY_FLAG_REQUEST_HEADERS
#define HTTP_QUERY_FLAG_REQUEST_HEADERS              0x80000000U  /* query the request headers */
#endif
#ifndef HTTP_QUERY_FLAG_SYSTEMTIME
#define HTTP_QUERY_FLAG_SYSTEMTIME                   0x40000000
#endif
#ifndef HTTP_QUERY_FLAG_NUMBER
#define HTTP_QUERY_FLAG_NUMBER                       0x20000000  /* return a DWORD, *lpdwBufferLength = 4 */
#endif
#ifndef HTTP_QUERY_FLAG_COALESCE
#define HTTP_QUERY_FLAG_COALESCE                     0x10000000
#endif
#ifndef HTTP_QUERY_FLAG_NUMBER64
#define HTTP_QUERY_FLAG_NUMBER64                     0x08000000  /* return a 64-bit number, *lpdwBufferLength = 8 */
#endif
#ifndef HTTP_QUERY_FLAG_COALESCE_WITH_COMMA
#define HTTP_QUERY_FLAG_COALESCE_WITH_COMMA          0x04000000
#endif
#ifndef HTTP_QUERY_MODIFIER_FLAGS_MASK
#define HTTP_QUERY_MODIFIER_FLAGS_MASK               0xFC000000U
#endif
#ifndef HTTP_QUERY_HEADER_MASK
#define HTTP_QUERY_HEADER_MASK                       0x03FFFFFF
#endif

/* ---- HttpAddRequestHeaders modifiers ---- */
#ifndef HTTP_ADDREQ_INDEX_MASK
#define HTTP_ADDREQ_INDEX_MASK                       0x0000FFFF
#endif
#ifndef HTTP_ADDREQ_FLAGS_MASK
#define HTTP_ADDREQ_FLAGS_MASK                       0xFFFF0000U
#endif
#ifndef HTTP_ADDREQ_FLAG_ADD_IF_NEW
#define HTTP_ADDREQ_FLAG_ADD_IF_NEW                  0x10000000  /* fails with ERROR_HTTP_HEADER_ALREADY_EXISTS if present */
#endif
#ifndef HTTP_ADDREQ_FLAG_ADD
#define HTTP_ADDREQ_FLAG_ADD                         0x20000000
#endif
#ifndef HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA
#define HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA         0x40000000
#endif
#ifndef HTTP_ADDREQ_FLAG_COALESCE
#define HTTP_ADDREQ_FLAG_COALESCE                    HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA
#endif
#ifndef HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON
#define HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON     0x01000000
#endif
#ifndef HTTP_ADDREQ_FLAG_REPLACE
#define HTTP_ADDREQ_FLAG_REPLACE                     0x80000000U  /* an empty value removes the header */
#endif

/* ---- ICU_* flags for URL cracking and canonicalisation ---- */
#ifndef ICU_ESCAPE
#define ICU_ESCAPE                                   0x80000000U
#endif
#ifndef ICU_USERNAME
#define ICU_USERNAME                                 0x40000000
#endif
#ifndef ICU_NO_ENCODE
#define ICU_NO_ENCODE                                0x20000000
#endif
#ifndef ICU_DECODE
#define ICU_DECODE                                   0x10000000
#endif
#ifndef ICU_NO_META
#define ICU_NO_META                                  0x08000000
#endif
#ifndef ICU_ENCODE_SPACES_ONLY
#define ICU_ENCODE_SPACES_ONLY                       0x04000000
#endif
#ifndef ICU_BROWSER_MODE
#define ICU_BROWSER_MODE                             0x02000000
#endif
#ifndef ICU_ENCODE_PERCENT
#define ICU_ENCODE_PERCENT                           0x00001000
#endif
#ifndef ICU_ESCAPE_AUTHORITY
#define ICU_ESCAPE_AUTHORITY                         0x00002000  /* accepted, no effect in rinet */
#endif
#ifndef ICU_REJECT_USERPWD
#define ICU_REJECT_USERPWD                           0x00004000  /* accepted, no effect in rinet */
#endif

/* ---- Buffer sizes for URLs and dates (in characters, without the terminator) ---- */
#ifndef INTERNET_MAX_HOST_NAME_LENGTH
#define INTERNET_MAX_HOST_NAME_LENGTH                256
#endif
#ifndef INTERNET_MAX_USER_NAME_LENGTH
#define INTERNET_MAX_USER_NAME_LENGTH                128
#endif
#ifndef INTERNET_MAX_PASSWORD_LENGTH
#define INTERNET_MAX_PASSWORD_LENGTH                 128
#endif
#ifndef INTERNET_MAX_PORT_NUMBER_LENGTH
#define INTERNET_MAX_PORT_NUMBER_LENGTH              5
#endif
#ifndef INTERNET_MAX_PORT_NUMBER_VALUE
#define INTERNET_MAX_PORT_NUMBER_VALUE               65535
#endif
#ifndef INTERNET_MAX_PATH_LENGTH
#define INTERNET_MAX_PATH_LENGTH                     2048
#endif
#ifndef INTERNET_MAX_SCHEME_LENGTH
#define INTERNET_MAX_SCHEME_LENGTH                   32
#endif
#ifndef INTERNET_MAX_URL_LENGTH
#define INTERNET_MAX_URL_LENGTH                      (INTERNET_MAX_SCHEME_LENGTH + sizeof("://") + INTERNET_MAX_PATH_LENGTH)
#endif

/* ---- InternetTimeFromSystemTime formats ---- */
#ifndef INTERNET_RFC1123_FORMAT
#define INTERNET_RFC1123_FORMAT                      0   /* the only format */
#endif
#ifndef INTERNET_RFC1123_BUFSIZE
#define INTERNET_RFC1123_BUFSIZE                     30  /* "Fri, 07 Jan 2005 12:06:35 GMT" and its NUL */
#endif

/* ---- Common HTTP status codes (HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER) ---- */
#ifndef HTTP_STATUS_CONTINUE
#define HTTP_STATUS_CONTINUE                         100
#endif
#ifndef HTTP_STATUS_SWITCH_PROTOCOLS
#define HTTP_STATUS_SWITCH_PROTOCOLS                 101
#endif
#ifndef HTTP_STATUS_OK
#define HTTP_STATUS_OK                               200
#endif
#ifndef HTTP_STATUS_CREATED
#define HTTP_STATUS_CREATED                          201
#endif
#ifndef HTTP_STATUS_ACCEPTED
#define HTTP_STATUS_ACCEPTED                         202
#endif
#ifndef HTTP_STATUS_PARTIAL
#define HTTP_STATUS_PARTIAL                          203
#endif
#ifndef HTTP_STATUS_NO_CONTENT
#define HTTP_STATUS_NO_CONTENT                       204
#endif
#ifndef HTTP_STATUS_RESET_CONTENT
#define HTTP_STATUS_RESET_CONTENT                    205
#endif
#ifndef HTTP_STATUS_PARTIAL_CONTENT
#define HTTP_STATUS_PARTIAL_CONTENT                  206
#endif
#ifndef HTTP_STATUS_AMBIGUOUS
#define HTTP_STATUS_AMBIGUOUS                        300
#endif
#ifndef HTTP_STATUS_MOVED
#define HTTP_STATUS_MOVED                            301
#endif
#ifndef HTTP_STATUS_REDIRECT
#define HTTP_STATUS_REDIRECT                         302
#endif
#ifndef HTTP_STATUS_REDIRECT_METHOD
#define HTTP_STATUS_REDIRECT_METHOD                  303
#endif
#ifndef HTTP_STATUS_NOT_MODIFIED
#define HTTP_STATUS_NOT_MODIFIED                     304
#endif
#ifndef HTTP_STATUS_USE_PROXY
#define HTTP_STATUS_USE_PROXY                        305
#endif
#ifndef HTTP_STATUS_REDIRECT_KEEP_VERB
#define HTTP_STATUS_REDIRECT_KEEP_VERB               307
#endif
#ifndef HTTP_STATUS_PERMANENT_REDIRECT
#define HTTP_STATUS_PERMANENT_REDIRECT               308
#endif
#ifndef HTTP_STATUS_BAD_REQUEST
#define HTTP_STATUS_BAD_REQUEST                      400
#endif
#ifndef HTTP_STATUS_DENIED
#define HTTP_STATUS_DENIED                           401
#endif
#ifndef HTTP_STATUS_PAYMENT_REQ
#define HTTP_STATUS_PAYMENT_REQ                      402
#endif
#ifndef HTTP_STATUS_FORBIDDEN
#define HTTP_STATUS_FORBIDDEN                        403
#endif
#ifndef HTTP_STATUS_NOT_FOUND
#define HTTP_STATUS_NOT_FOUND                        404
#endif
#ifndef HTTP_STATUS_BAD_METHOD
#define HTTP_STATUS_BAD_METHOD                       405
#endif
#ifndef HTTP_STATUS_NONE_ACCEPTABLE
#define HTTP_STATUS_NONE_ACCEPTABLE                  406
#endif
#ifndef HTTP_STATUS_PROXY_AUTH_REQ
#define HTTP_STATUS_PROXY_AUTH_REQ                   407
#endif
#ifndef HTTP_STATUS_REQUEST_TIMEOUT
#define HTTP_STATUS_REQUEST_TIMEOUT                  408
#endif
#ifndef HTTP_STATUS_CONFLICT
#define HTTP_STATUS_CONFLICT                         409
#endif
#ifndef HTTP_STATUS_GONE
#define HTTP_STATUS_GONE                             410
#endif
#ifndef HTTP_STATUS_LENGTH_REQUIRED
#define HTTP_STATUS_LENGTH_REQUIRED                  411
#endif
#ifndef HTTP_STATUS_PRECOND_FAILED
#define HTTP_STATUS_PRECOND_FAILED                   412
#endif
#ifndef HTTP_STATUS_REQUEST_TOO_LARGE
#define HTTP_STATUS_REQUEST_TOO_LARGE                413
#endif
#ifndef HTTP_STATUS_URI_TOO_LONG
#define HTTP_STATUS_URI_TOO_LONG                     414
#endif
#ifndef HTTP_STATUS_UNSUPPORTED_MEDIA
#define HTTP_STATUS_UNSUPPORTED_MEDIA                415
#endif
#ifndef HTTP_STATUS_RETRY_WITH
#define HTTP_STATUS_RETRY_WITH                       449
#endif
#ifndef HTTP_STATUS_SERVER_ERROR
#define HTTP_STATUS_SERVER_ERROR                     500
#endif
#ifndef HTTP_STATUS_NOT_SUPPORTED
#define HTTP_STATUS_NOT_SUPPORTED                    501
#endif
#ifndef HTTP_STATUS_BAD_GATEWAY
#define HTTP_STATUS_BAD_GATEWAY                      502
#endif
#ifndef HTTP_STATUS_SERVICE_UNAVAIL
#define HTTP_STATUS_SERVICE_UNAVAIL                  503
#endif
#ifndef HTTP_STATUS_GATEWAY_TIMEOUT
#define HTTP_STATUS_GATEWAY_TIMEOUT                  504
#endif
#ifndef HTTP_STATUS_VERSION_NOT_SUP
#define HTTP_STATUS_VERSION_NOT_SUP                  505
#endif
#ifndef HTTP_STATUS_FIRST
#define HTTP_STATUS_FIRST                            HTTP_STATUS_CONTINUE
#endif
#ifndef HTTP_STATUS_LAST
#define HTTP_STATUS_LAST                             HTTP_STATUS_VERSION_NOT_SUP
#endif
/* ======================================================================================== */
/* Functions                                                                                 */
/* ======================================================================================== */
/*
 * Common rules:
 *   - A BOOL function returns TRUE on success and FALSE on failure; GetLastError() then gives the
 *     reason. A HINTERNET function returns NULL on failure.
 *   - In an asynchronous session, FALSE with GetLastError() == ERROR_IO_PENDING (997) means the call
 *     continues in the background. Exactly one INTERNET_STATUS_REQUEST_COMPLETE follows, with
 *     {1, 0} on success or {0, error}. Buffers and out-parameters given to that call must stay valid
 *     until then; they are written at completion. A call that returns TRUE sends no
 *     REQUEST_COMPLETE. A synchronous session (no INTERNET_FLAG_ASYNC) never pends.
 *   - A NULL, forged, stale or closed handle fails with ERROR_INVALID_HANDLE (6), a handle of the
 *     wrong kind with ERROR_INTERNET_INCORRECT_HANDLE_TYPE (12018), and a call made in the wrong
 *     state of a request with ERROR_INTERNET_INCORRECT_HANDLE_STATE (12019). A pending call
 *     cancelled by closing its handle completes with ERROR_INTERNET_OPERATION_CANCELLED (12017).
 */

/* GetLastError: the result code of the calling thread's most recent rinet call (0 after a
 * success). Callbacks run on another thread, so read it on the thread that made the call.
 * Reads the calling thread's value only; never pends; never fails. */
static inline DWORD GetLastError(void)
{
    return rinet_get_last_error();
}

/* SetLastError: sets the calling thread's last-error value to dwErrCode (read back by
 * GetLastError on the same thread). Never pends; never fails. */
static inline void SetLastError(DWORD dwErrCode)
{
    rinet_set_last_error(dwErrCode);
}

/* InternetOpenA: creates a session (root) handle.
 *   lpszAgent       User-Agent sent with requests (may be NULL). Copied.
 *   dwAccessType    INTERNET_OPEN_TYPE_PRECONFIG (environment proxies), DIRECT or PROXY.
 *   lpszProxy, lpszProxyBypass  proxy settings for INTERNET_OPEN_TYPE_PROXY (may be NULL).
 *   dwFlags         INTERNET_FLAG_ASYNC makes every handle of the session asynchronous.
 * Returns the handle, or NULL. Runs on the calling thread and starts the session's reactor
 * thread, where an asynchronous session's callbacks run; never pends. Close the handle with
 * InternetCloseHandle, which closes everything under it.
 * Errors: 87 (PROXY without lpszProxy, an unknown access type), 8 (no memory or no thread). */
static inline HINTERNET InternetOpenA(LPCSTR lpszAgent, DWORD dwAccessType, LPCSTR lpszProxy,
                                      LPCSTR lpszProxyBypass, DWORD dwFlags)
{
    rinet_handle h = NULL;
    if (rinet_open(lpszAgent, dwAccessType, lpszProxy, lpszProxyBypass, dwFlags, &h) != 0) {
        return NULL;
    }
    return h;
}

/* InternetOpenW: InternetOpenA with WCHAR strings (lpszAgent, lpszProxy, lpszProxyBypass);
 * dwAccessType and dwFlags as there. Runs on the calling thread; never pends.
 * Errors: those of InternetOpenA, and 87 for text that is not valid UTF-16 / UTF-32. */
static inline HINTERNET InternetOpenW(LPCWSTR lpszAgent, DWORD dwAccessType, LPCWSTR lpszProxy,
                                      LPCWSTR lpszProxyBypass, DWORD dwFlags)
{
    rinet_handle h = NULL;
    if (RINET_W(rinet_open)(RINET_WSTR(lpszAgent), dwAccessType, RINET_WSTR(lpszProxy),
                            RINET_WSTR(lpszProxyBypass), dwFlags, &h) != 0) {
        return NULL;
    }
    return h;
}

/* InternetSetStatusCallbackA: registers the status callback of hInternet;
 * lpfnInternetCallback NULL removes it. Handles created later from this one copy the callback at
 * creation; existing children keep theirs. Returns the previous callback (NULL if there was
 * none), or INTERNET_INVALID_STATUS_CALLBACK on failure. Runs on the calling thread; never
 * pends. The callback itself runs on the session's reactor thread for network progress and on
 * the calling thread for notifications sent inside a call (see the rinet_status_callback type).
 * Errors: 6 (a bad handle). */
static inline INTERNET_STATUS_CALLBACK InternetSetStatusCallbackA(HINTERNET hInternet,
                                                                  INTERNET_STATUS_CALLBACK lpfnInternetCallback)
{
    rinet_status_callback previous = NULL;
    if (rinet_set_status_callback(hInternet, lpfnInternetCallback, &previous) != 0) {
        return INTERNET_INVALID_STATUS_CALLBACK;
    }
    return previous;
}

/* InternetSetStatusCallbackW: InternetSetStatusCallbackA (hInternet, lpfnInternetCallback as
 * there) for a callback that wants wide strings: INTERNET_STATUS_RESOLVING_NAME (the host name)
 * and INTERNET_STATUS_REDIRECT (the new URL) carry WCHAR strings with their NUL, the length in
 * bytes. NAME_RESOLVED, CONNECTING_TO_SERVER and CONNECTED_TO_SERVER carry the server's IP
 * address as an ANSI string whichever way the callback was registered, as in WinInet. Handles
 * created later copy the callback and the way it wants its strings. Runs on the calling thread;
 * never pends. Errors: 6 (a bad handle). */
static inline INTERNET_STATUS_CALLBACK InternetSetStatusCallbackW(HINTERNET hInternet,
                                                                  INTERNET_STATUS_CALLBACK lpfnInternetCallback)
{
    rinet_status_callback previous = NULL;
    if (RINET_W(rinet_set_status_callback)(hInternet, lpfnInternetCallback, &previous) != 0) {
        return INTERNET_INVALID_STATUS_CALLBACK;
    }
    return previous;
}

/* InternetSetStatusCallback: the same as InternetSetStatusCallbackA(hInternet,
 * lpfnInternetCallback) (as in the Windows SDK, it is a function of its own, not a macro).
 * Runs on the calling thread; never pends. Errors: 6 (a bad handle). */
static inline INTERNET_STATUS_CALLBACK InternetSetStatusCallback(HINTERNET hInternet,
                                                                 INTERNET_STATUS_CALLBACK lpfnInternetCallback)
{
    return InternetSetStatusCallbackA(hInternet, lpfnInternetCallback);
}

/* InternetConnectA: creates a connect handle for one HTTP server. No network I/O happens here, so
 * it completes synchronously even in an asynchronous session: it never pends.
 * INTERNET_STATUS_HANDLE_CREATED is delivered on the calling thread (if the session has a
 * callback and dwContext != 0) before it returns.
 *   hInternet       session handle.
 *   lpszServerName  host name or address; NULL or "" fails with 87.
 *   nServerPort     port, or INTERNET_INVALID_PORT_NUMBER (0) for the default (80, or 443 with
 *                   INTERNET_FLAG_SECURE).
 *   lpszUserName, lpszPassword  credentials for Basic authentication (may be NULL).
 *   dwService       INTERNET_SERVICE_HTTP.
 *   dwFlags         INTERNET_FLAG_* (e.g. INTERNET_FLAG_SECURE).
 *   dwContext       the handle's context, passed to its callbacks; 0 means no callbacks.
 * The strings are copied. Returns the handle or NULL.
 * Errors: 6 (bad handle), 12018 (not a session handle), 87 (bad argument), 120 (FTP, Gopher). */
static inline HINTERNET InternetConnectA(HINTERNET hInternet, LPCSTR lpszServerName, INTERNET_PORT nServerPort,
                                         LPCSTR lpszUserName, LPCSTR lpszPassword, DWORD dwService,
                                         DWORD dwFlags, DWORD_PTR dwContext)
{
    rinet_handle h = NULL;
    if (rinet_connect(hInternet, lpszServerName, nServerPort, lpszUserName, lpszPassword, dwService, dwFlags,
                      dwContext, &h) != 0) {
        return NULL;
    }
    return h;
}

/* InternetConnectW: InternetConnectA with WCHAR strings (lpszServerName, lpszUserName,
 * lpszPassword); hInternet, nServerPort, dwService, dwFlags and dwContext as there. Runs on the
 * calling thread; never pends. Errors: those of InternetConnectA, and 87 for text that is not
 * valid UTF-16 / UTF-32. */
static inline HINTERNET InternetConnectW(HINTERNET hInternet, LPCWSTR lpszServerName, INTERNET_PORT nServerPort,
                                         LPCWSTR lpszUserName, LPCWSTR lpszPassword, DWORD dwService,
                                         DWORD dwFlags, DWORD_PTR dwContext)
{
    rinet_handle h = NULL;
    if (RINET_W(rinet_connect)(hInternet, RINET_WSTR(lpszServerName), nServerPort, RINET_WSTR(lpszUserName),
                               RINET_WSTR(lpszPassword), dwService, dwFlags, dwContext, &h) != 0) {
        return NULL;
    }
    return h;
}

/* HttpOpenRequestA: creates a request handle on a connect handle. No network I/O, so it never
 * pends; INTERNET_STATUS_HANDLE_CREATED is delivered on the calling thread first (callback and
 * dwContext != 0).
 *   hConnect        connect handle.
 *   lpszVerb        method; NULL means "GET".
 *   lpszObjectName  path and query, e.g. "/upload".
 *   lpszVersion     NULL means "HTTP/1.1".
 *   lpszReferrer    Referer header (may be NULL).
 *   lplpszAcceptTypes  NULL-terminated array of media types for Accept (may be NULL).
 *   dwFlags         INTERNET_FLAG_* (e.g. INTERNET_FLAG_KEEP_CONNECTION, INTERNET_FLAG_RELOAD).
 *   dwContext       the handle's context; 0 means no callbacks.
 * The strings are copied. Returns the handle or NULL.
 * Errors: 6 (bad handle), 12018 (not a connect handle), 87 (bad argument). */
static inline HINTERNET HttpOpenRequestA(HINTERNET hConnect, LPCSTR lpszVerb, LPCSTR lpszObjectName,
                                         LPCSTR lpszVersion, LPCSTR lpszReferrer, LPCSTR *lplpszAcceptTypes,
                                         DWORD dwFlags, DWORD_PTR dwContext)
{
    rinet_handle h = NULL;
    if (rinet_open_request(hConnect, lpszVerb, lpszObjectName, lpszVersion, lpszReferrer, lplpszAcceptTypes,
                           dwFlags, dwContext, &h) != 0) {
        return NULL;
    }
    return h;
}

/* HttpOpenRequestW: HttpOpenRequestA with WCHAR strings (lpszVerb, lpszObjectName, lpszVersion,
 * lpszReferrer, and lplpszAcceptTypes, an array of LPCWSTR); hConnect, dwFlags and dwContext as
 * there. Characters of lpszObjectName above U+007F go on the wire as percent-encoded UTF-8.
 * Runs on the calling thread; never pends. Errors: those of HttpOpenRequestA, and 87 for text
 * that is not valid UTF-16 / UTF-32. */
static inline HINTERNET HttpOpenRequestW(HINTERNET hConnect, LPCWSTR lpszVerb, LPCWSTR lpszObjectName,
                                         LPCWSTR lpszVersion, LPCWSTR lpszReferrer, LPCWSTR *lplpszAcceptTypes,
                                         DWORD dwFlags, DWORD_PTR dwContext)
{
    rinet_handle h = NULL;
    if (RINET_W(rinet_open_request)(hConnect, RINET_WSTR(lpszVerb), RINET_WSTR(lpszObjectName),
                                    RINET_WSTR(lpszVersion), RINET_WSTR(lpszReferrer),
                                    (const RINET_WUNIT **)(void *)lplpszAcceptTypes, dwFlags, dwContext, &h) != 0) {
        return NULL;
    }
    return h;
}

/* HttpAddRequestHeadersA: adds, replaces or merges request headers of hRequest before it is sent.
 *   lpszHeaders     one or more "Name: value" lines separated by CRLF. Copied.
 *   dwHeadersLength length in bytes, or (DWORD)-1 if lpszHeaders is NUL-terminated.
 *   dwModifiers     HTTP_ADDREQ_FLAG_* (ADD, ADD_IF_NEW, REPLACE, COALESCE_WITH_COMMA/SEMICOLON).
 * Runs on the calling thread; never pends; may be called from a callback.
 * Errors: 6, 12018, 87, 12153 (no header in the text), 12150 (REPLACE of a missing header),
 * 12155 (ADD_IF_NEW of an existing one). */
static inline BOOL HttpAddRequestHeadersA(HINTERNET hRequest, LPCSTR lpszHeaders, DWORD dwHeadersLength,
                                          DWORD dwModifiers)
{
    return rinet_add_request_headers(hRequest, lpszHeaders, dwHeadersLength, dwModifiers) == 0;
}

/* HttpAddRequestHeadersW: HttpAddRequestHeadersA with WCHAR text: hRequest and dwModifiers as
 * there; lpszHeaders is WCHAR and dwHeadersLength counts characters ((DWORD)-1: NUL-terminated).
 * The headers go on the wire as ISO-8859-1, characters above U+00FF as '?'. Runs on the calling
 * thread; never pends. Errors: those of HttpAddRequestHeadersA, and 87 for text that is not
 * valid UTF-16 / UTF-32. */
static inline BOOL HttpAddRequestHeadersW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength,
                                          DWORD dwModifiers)
{
    return RINET_W(rinet_add_request_headers)(hRequest, RINET_WSTR(lpszHeaders), dwHeadersLength, dwModifiers) == 0;
}

/* HttpSendRequestA: sends the request hRequest (with optional extra headers and body) and
 * receives the response headers.
 *   lpszHeaders/dwHeadersLength  extra headers; length (DWORD)-1 means NUL-terminated.
 *   lpOptional/dwOptionalLength  the whole request body (may be NULL/0).
 * Both are copied before the call returns. Runs on the calling thread. Synchronous session: blocks
 * until the response head has arrived. Asynchronous session: FALSE/ERROR_IO_PENDING (it pends),
 * then, on the session's reactor thread, CONNECTING_TO_SERVER, CONNECTED_TO_SERVER (unless a
 * kept-alive connection is reused), SENDING_REQUEST, REQUEST_SENT, RECEIVING_RESPONSE,
 * RESPONSE_RECEIVED and REQUEST_COMPLETE.
 * Errors: 6, 12018, 12019 (already sent), 12007 (name not resolved), 12029 (connect refused),
 * 12002 (timeout), 12152 (bad response), 12017 (cancelled by closing the handle). */
static inline BOOL HttpSendRequestA(HINTERNET hRequest, LPCSTR lpszHeaders, DWORD dwHeadersLength,
                                    LPVOID lpOptional, DWORD dwOptionalLength)
{
    return rinet_send_request(hRequest, lpszHeaders, dwHeadersLength, lpOptional, dwOptionalLength) == 0;
}

/* HttpSendRequestW: HttpSendRequestA with WCHAR headers: hRequest, lpOptional and
 * dwOptionalLength as there; dwHeadersLength counts the characters of lpszHeaders ((DWORD)-1:
 * NUL-terminated). Runs on the calling thread; pends or blocks as HttpSendRequestA.
 * Errors: those of HttpSendRequestA, and 87 for text that is not valid UTF-16 / UTF-32 (nothing
 * is sent). */
static inline BOOL HttpSendRequestW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength,
                                    LPVOID lpOptional, DWORD dwOptionalLength)
{
    return RINET_W(rinet_send_request)(hRequest, RINET_WSTR(lpszHeaders), dwHeadersLength, lpOptional,
                                       dwOptionalLength) == 0;
}

/* HttpSendRequestExA: starts the request hRequest whose body is then written with
 * InternetWriteFile and finished with HttpEndRequest.
 *   lpBuffersIn   optional; dwStructSize must be sizeof(INTERNET_BUFFERS) (else 87).
 *                 lpcszHeader/dwHeadersLength: extra headers; lpvBuffer/dwBufferLength: body bytes
 *                 sent with the headers; dwBufferTotal: the total body length (Content-Length).
 *   lpBuffersOut  must be NULL.
 *   dwFlags       HSR_* (ignored), dwContext  ignored (callbacks get the request's context).
 * Runs on the calling thread. Synchronous session: blocks until the headers are sent.
 * Asynchronous session: FALSE/ERROR_IO_PENDING (it pends); REQUEST_COMPLETE, on the reactor
 * thread, once the headers (and lpvBuffer) are sent.
 * Errors: 6, 12018, 12019 (already sent), 87, and the network errors of HttpSendRequest. */
static inline BOOL HttpSendRequestExA(HINTERNET hRequest, LPINTERNET_BUFFERSA lpBuffersIn,
                                      LPINTERNET_BUFFERSA lpBuffersOut, DWORD dwFlags, DWORD_PTR dwContext)
{
    return rinet_send_request_ex(hRequest, lpBuffersIn, lpBuffersOut, dwFlags, dwContext) == 0;
}

/* HttpSendRequestExW: HttpSendRequestExA with an INTERNET_BUFFERSW (lpBuffersIn; its
 * lpcszHeader is WCHAR and dwHeadersLength counts characters); lpBuffersOut must be NULL;
 * hRequest, dwFlags and dwContext as there. Runs on the calling thread; pends or blocks as
 * HttpSendRequestExA. Errors: those of HttpSendRequestExA, and 87 for text that is not valid
 * UTF-16 / UTF-32 (nothing is sent). */
static inline BOOL HttpSendRequestExW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersIn,
                                      LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags, DWORD_PTR dwContext)
{
    return RINET_W(rinet_send_request_ex)(hRequest, (const RINET_W(rinet_buffers) *)(const void *)lpBuffersIn,
                                          (RINET_W(rinet_buffers) *)(void *)lpBuffersOut, dwFlags, dwContext) == 0;
}

/* InternetWriteFile: writes request body bytes to hFile (a request) after HttpSendRequestEx.
 *   lpBuffer/dwNumberOfBytesToWrite  the bytes.
 *   lpdwNumberOfBytesWritten         set to 0 on entry; receives the count written.
 * Runs on the calling thread. Returns TRUE when the socket took everything at once
 * (SENDING_REQUEST then REQUEST_SENT are delivered on the calling thread before it returns).
 * A synchronous session blocks until every byte is written. An asynchronous session may instead
 * return FALSE/ERROR_IO_PENDING (it pends) when the bytes must wait: the buffer is used in place
 * and must stay valid, and *lpdwNumberOfBytesWritten is written, until REQUEST_COMPLETE on the
 * reactor thread.
 * Errors: 6, 12018, 12019 (no HttpSendRequestEx, or a write already pending), 87 (past
 * dwBufferTotal: nothing is sent), 12030/12031 (connection lost), 12002 (send timeout), 12017. */
static inline BOOL InternetWriteFile(HINTERNET hFile, LPCVOID lpBuffer, DWORD dwNumberOfBytesToWrite,
                                     LPDWORD lpdwNumberOfBytesWritten)
{
    if (lpdwNumberOfBytesWritten != NULL) {
        *lpdwNumberOfBytesWritten = 0;
    }
    return rinet_write_file(hFile, lpBuffer, dwNumberOfBytesToWrite, lpdwNumberOfBytesWritten) == 0;
}

/* HttpEndRequestA: ends the upload of hRequest started with HttpSendRequestEx and receives the
 * response headers. lpBuffersOut must be NULL (else 87); dwFlags and dwContext are ignored.
 * Runs on the calling thread. Synchronous session: blocks. Asynchronous session:
 * FALSE/ERROR_IO_PENDING (it pends), then RECEIVING_RESPONSE, RESPONSE_RECEIVED and
 * REQUEST_COMPLETE on the reactor thread.
 * Errors: 12019 at once if fewer bytes than dwBufferTotal were written (the request stays
 * usable: write the rest and call again) or without HttpSendRequestEx; 6, 12018, 87, 12152
 * (bad response), 12030, 12002, 12017. */
static inline BOOL HttpEndRequestA(HINTERNET hRequest, LPINTERNET_BUFFERSA lpBuffersOut, DWORD dwFlags,
                                   DWORD_PTR dwContext)
{
    return rinet_end_request(hRequest, lpBuffersOut, dwFlags, dwContext) == 0;
}

/* HttpEndRequestW: HttpEndRequestA (hRequest, dwFlags, dwContext as there) for code that uses
 * INTERNET_BUFFERSW; lpBuffersOut must be NULL (else 87). Runs on the calling thread; pends or
 * blocks as HttpEndRequestA. Errors: those of HttpEndRequestA. */
static inline BOOL HttpEndRequestW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags,
                                   DWORD_PTR dwContext)
{
    return rinet_end_request(hRequest, (rinet_buffers *)(void *)lpBuffersOut, dwFlags, dwContext) == 0;
}

/* InternetReadFile: reads response body bytes of hFile (a request).
 *   lpBuffer/dwNumberOfBytesToRead  where to put them.
 *   lpdwNumberOfBytesRead           set to 0 on entry; receives the count read.
 * Runs on the calling thread. TRUE with a count > 0: data was buffered. TRUE with 0: end of the
 * body (read until then). A synchronous session blocks until the buffer is full or the body
 * ends. An asynchronous session returns FALSE/ERROR_IO_PENDING (it pends) when nothing is
 * buffered; the call completes when the buffer is full or the body ends, and the buffer and
 * *lpdwNumberOfBytesRead are written at REQUEST_COMPLETE (on the reactor thread), so both must
 * stay valid until then.
 * Errors: 6, 12018, 12019 (before the response head, or a read already pending), 87, 12030 (body
 * cut short), 12152 (bad framing), 12002, 12017. */
static inline BOOL InternetReadFile(HINTERNET hFile, LPVOID lpBuffer, DWORD dwNumberOfBytesToRead,
                                    LPDWORD lpdwNumberOfBytesRead)
{
    if (lpdwNumberOfBytesRead != NULL) {
        *lpdwNumberOfBytesRead = 0;
    }
    return rinet_read_file(hFile, lpBuffer, dwNumberOfBytesToRead, lpdwNumberOfBytesRead) == 0;
}

/* InternetReadFileExA: reads body bytes of hFile (a request) into lpBuffersOut->lpvBuffer (size
 * dwBufferLength; dwStructSize must be sizeof(INTERNET_BUFFERS), else 87). On success
 * dwBufferLength is the count read.
 *   dwFlags    IRF_NO_WAIT: return whatever is buffered (possibly 0 bytes); if nothing is, pend,
 *              and the completion only means "data arrived": call again to get it.
 *   dwContext  ignored.
 * Runs on the calling thread. Pending and blocking behaviour otherwise as InternetReadFile;
 * lpBuffersOut must stay valid until REQUEST_COMPLETE.
 * Errors: those of InternetReadFile, and 87 (NULL or wrong-size lpBuffersOut). */
static inline BOOL InternetReadFileExA(HINTERNET hFile, LPINTERNET_BUFFERSA lpBuffersOut, DWORD dwFlags,
                                       DWORD_PTR dwContext)
{
    return rinet_read_file_ex(hFile, lpBuffersOut, dwFlags, dwContext) == 0;
}

/* InternetReadFileExW: InternetReadFileExA (hFile, dwFlags, dwContext as there) with an
 * INTERNET_BUFFERSW: lpBuffersOut->dwStructSize must be sizeof(INTERNET_BUFFERSW); only
 * lpvBuffer and dwBufferLength are used, as for the A function. Runs on the calling thread; pends
 * or blocks as InternetReadFileExA. Errors: those of InternetReadFileExA. */
static inline BOOL InternetReadFileExW(HINTERNET hFile, LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags,
                                       DWORD_PTR dwContext)
{
    return rinet_read_file_ex(hFile, (rinet_buffers *)(void *)lpBuffersOut, dwFlags, dwContext) == 0;
}

/* InternetQueryDataAvailable: how many body bytes of hFile (a request) can be read without waiting.
 *   lpdwNumberOfBytesAvailable  set to 0 on entry; receives the count (0 at the end of the body).
 *   dwFlags, dwContext          must be 0.
 * Runs on the calling thread. A synchronous session blocks until some data or the end arrives.
 * An asynchronous session returns FALSE/ERROR_IO_PENDING (it pends) when nothing is buffered; at
 * REQUEST_COMPLETE (on the reactor thread) *lpdwNumberOfBytesAvailable is written and the
 * INTERNET_ASYNC_RESULT's dwError holds the count.
 * Errors: 6, 12018, 12019, 12030, 12152, 12002, 12017. */
static inline BOOL InternetQueryDataAvailable(HINTERNET hFile, LPDWORD lpdwNumberOfBytesAvailable, DWORD dwFlags,
                                              DWORD_PTR dwContext)
{
    if (lpdwNumberOfBytesAvailable != NULL) {
        *lpdwNumberOfBytesAvailable = 0;
    }
    return rinet_query_data_available(hFile, lpdwNumberOfBytesAvailable, dwFlags, dwContext) == 0;
}

/* HttpQueryInfoA: reads response (or, with HTTP_QUERY_FLAG_REQUEST_HEADERS, request) headers of
 * hRequest.
 *   dwInfoLevel       HTTP_QUERY_* level, OR-ed with HTTP_QUERY_FLAG_* modifiers. With
 *                     HTTP_QUERY_CUSTOM, lpBuffer holds the header name on input.
 *   lpBuffer          receives the value; with HTTP_QUERY_FLAG_NUMBER a DWORD.
 *   lpdwBufferLength  in: buffer size in bytes; out: bytes written, without the terminating NUL.
 *                     When the buffer is too small (an exact fit is too small: the NUL needs
 *                     room) it fails with ERROR_INSUFFICIENT_BUFFER (122) and receives the size
 *                     needed, NUL included; the buffer and index are untouched.
 *   lpdwIndex         optional: which occurrence of a repeated header (0 first); advanced to the
 *                     next occurrence on success, unchanged on failure.
 * Runs on the calling thread; never pends.
 * Errors: 6, 12018, 87, 122, 12150 (header not found), 12154 (invalid query), 12019 (between
 * HttpSendRequestEx and HttpEndRequest). */
static inline BOOL HttpQueryInfoA(HINTERNET hRequest, DWORD dwInfoLevel, LPVOID lpBuffer, LPDWORD lpdwBufferLength,
                                  LPDWORD lpdwIndex)
{
    return rinet_query_info(hRequest, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex) == 0;
}

/* HttpQueryInfoW: HttpQueryInfoA with WCHAR text: hRequest, dwInfoLevel and lpdwIndex as there.
 * lpBuffer receives the value as WCHARs (with HTTP_QUERY_CUSTOM it holds the WCHAR header name on
 * input); numbers and SYSTEMTIMEs are the same as for HttpQueryInfoA. *lpdwBufferLength counts
 * BYTES: on success the bytes written without the NUL, with ERROR_INSUFFICIENT_BUFFER the bytes
 * needed with the NUL. Runs on the calling thread; never pends. Errors: those of HttpQueryInfoA. */
static inline BOOL HttpQueryInfoW(HINTERNET hRequest, DWORD dwInfoLevel, LPVOID lpBuffer, LPDWORD lpdwBufferLength,
                                  LPDWORD lpdwIndex)
{
    return RINET_W(rinet_query_info)(hRequest, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex) == 0;
}

/* InternetSetOptionA: sets option dwOption (INTERNET_OPTION_*) on hInternet, or globally when
 * hInternet is NULL and the option allows it.
 *   lpBuffer/dwBufferLength  the value (a DWORD for timeouts, a DWORD_PTR for CONTEXT_VALUE, a
 *                            string for names). Copied.
 * Runs on the calling thread; never pends.
 * Errors: 6, 87 (NULL buffer or zero length where a value is required), 12009 (unknown option),
 * 12010 (wrong length), 12011 (not settable), 12018 (wrong handle kind, or NULL handle for a
 * per-handle option), 12019 (too late for this request). */
static inline BOOL InternetSetOptionA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, DWORD dwBufferLength)
{
    return rinet_set_option(hInternet, dwOption, lpBuffer, dwBufferLength) == 0;
}

/* InternetSetOptionW: InternetSetOptionA (hInternet, dwOption, lpBuffer, dwBufferLength) with
 * WCHAR string values; dwBufferLength then counts characters (0: NUL-terminated). Other values
 * are the same as for InternetSetOptionA. Runs on the calling thread; never pends.
 * Errors: those of InternetSetOptionA, and 87 for text that is not valid UTF-16 / UTF-32. */
static inline BOOL InternetSetOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, DWORD dwBufferLength)
{
    return RINET_W(rinet_set_option)(hInternet, dwOption, lpBuffer, dwBufferLength) == 0;
}

/* InternetQueryOptionA: reads option dwOption of hInternet (or a global one when it is NULL)
 * into lpBuffer.
 *   lpdwBufferLength  in: buffer size in bytes; out: bytes written. Too small: 122 and the size
 *                     needed (for strings, strlen+1 on failure and strlen on success).
 * Runs on the calling thread; never pends.
 * Errors: 6, 87 (NULL length pointer), 122, 12009, 12018. */
static inline BOOL InternetQueryOptionA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                                        LPDWORD lpdwBufferLength)
{
    return rinet_query_option(hInternet, dwOption, lpBuffer, lpdwBufferLength) == 0;
}

/* InternetQueryOptionW: InternetQueryOptionA (hInternet, dwOption, lpBuffer, lpdwBufferLength in
 * BYTES) with WCHAR string values: too small a buffer gives ERROR_INSUFFICIENT_BUFFER and the
 * bytes needed, NUL included; success gives the characters written, NUL excluded, as WinInet
 * does. INTERNET_OPTION_PROXY's INTERNET_PROXY_INFO points to WCHAR strings. Runs on the calling
 * thread; never pends. Errors: those of InternetQueryOptionA. */
static inline BOOL InternetQueryOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer,
                                        LPDWORD lpdwBufferLength)
{
    return RINET_W(rinet_query_option)(hInternet, dwOption, lpBuffer, lpdwBufferLength) == 0;
}

/* InternetCloseHandle: closes hInternet and, with it, every handle created from it. The handle and
 * its children are invalid at once (further calls get 6). A pending operation on any of them
 * completes with REQUEST_COMPLETE {0, ERROR_INTERNET_OPERATION_CANCELLED}, then
 * INTERNET_STATUS_HANDLE_CLOSING is delivered for each handle that has a callback and a non-zero
 * context, last for that handle. These run on the calling thread, unless a callback of that
 * handle is running at that moment (then they follow it on its thread). May be called from a
 * callback, including for the handle being notified. Closing a session also joins its reactor
 * thread. Never pends. Errors: 6. */
static inline BOOL InternetCloseHandle(HINTERNET hInternet)
{
    return rinet_close_handle(hInternet) == 0;
}

/* InternetCrackUrlA: splits a URL into its parts.
 *   lpszUrl          the URL; dwUrlLength its length, or 0 if it is NUL-terminated (a NUL within
 *                    dwUrlLength ends it).
 *   dwFlags          0, or ICU_DECODE / ICU_ESCAPE to unescape %XX in the copied parts (every part
 *                    asked for must then have a buffer, else ERROR_INVALID_PARAMETER).
 *   lpUrlComponents  dwStructSize = sizeof(URL_COMPONENTSA); per part, NULL/0 = not wanted,
 *                    NULL/non-zero = pointer into lpszUrl, buffer/size = copy. When the extra info
 *                    (query and fragment) is not asked for, the path includes it. nScheme and
 *                    nPort (explicit, else 80/443/21 for http/https/ftp, else 0) are set.
 * Runs on the calling thread; never pends. Errors: 87 (NULL or wrong-size structure, nothing
 * asked for), 12006 (ERROR_INTERNET_UNRECOGNIZED_SCHEME: empty URL or no "scheme:"), 12005
 * (ERROR_INTERNET_INVALID_URL: bad port, no host for http/https/ftp), 122 (a buffer too small,
 * NUL included: that part's length receives the size needed, NUL included). */
static inline BOOL InternetCrackUrlA(LPCSTR lpszUrl, DWORD dwUrlLength, DWORD dwFlags,
                                     LPURL_COMPONENTSA lpUrlComponents)
{
    return rinet_crack_url(lpszUrl, dwUrlLength, dwFlags, lpUrlComponents) == 0;
}

/* InternetCrackUrlW: InternetCrackUrlA with a WCHAR URL and a URL_COMPONENTSW (lpUrlComponents;
 * dwStructSize = sizeof(URL_COMPONENTSW)); lpszUrl, dwUrlLength (in characters) and dwFlags as
 * there, every length in characters; pointers into lpszUrl point at WCHARs. Runs on the calling
 * thread; never pends. Errors: those of InternetCrackUrlA, and 87 for text that is not valid
 * UTF-16 / UTF-32. */
static inline BOOL InternetCrackUrlW(LPCWSTR lpszUrl, DWORD dwUrlLength, DWORD dwFlags,
                                     LPURL_COMPONENTSW lpUrlComponents)
{
    return RINET_W(rinet_crack_url)(RINET_WSTR(lpszUrl), dwUrlLength, dwFlags,
                                    (RINET_W(rinet_url_components) *)(void *)lpUrlComponents) == 0;
}

/* InternetCreateUrlA: builds a URL from its parts.
 *   lpUrlComponents  dwStructSize = sizeof(URL_COMPONENTSA). A part is used when its pointer is
 *                    non-NULL; its length, or strlen when the length is 0. lpszScheme, else
 *                    nScheme (INTERNET_SCHEME_DEFAULT means http). nPort is left out when it is 0
 *                    or the scheme's default.
 *   dwFlags          ICU_ESCAPE escapes unsafe characters of the path and extra info as %XX.
 *   lpszUrl          the buffer (may be NULL to ask for the size).
 *   lpdwUrlLength    in: the buffer size in characters; out: the URL's length without the NUL,
 *                    or, with ERROR_INSUFFICIENT_BUFFER (122), the size needed with the NUL.
 * Runs on the calling thread; never pends. Errors: 87 (NULL or wrong-size structure, NULL
 * lpdwUrlLength, a password without a user name, an unknown nScheme without lpszScheme), 122. */
static inline BOOL InternetCreateUrlA(LPURL_COMPONENTSA lpUrlComponents, DWORD dwFlags, LPSTR lpszUrl,
                                      LPDWORD lpdwUrlLength)
{
    return rinet_create_url(lpUrlComponents, dwFlags, lpszUrl, lpdwUrlLength) == 0;
}

/* InternetCreateUrlW: InternetCreateUrlA with a URL_COMPONENTSW (lpUrlComponents) and a WCHAR
 * buffer (lpszUrl); dwFlags as there. *lpdwUrlLength is the buffer size in characters and, on
 * success, the URL's length in characters without the NUL; with ERROR_INSUFFICIENT_BUFFER it
 * is the size needed in BYTES, NUL included, as WinInet's InternetCreateUrlW reports it.
 * Characters above U+00FF that ICU_ESCAPE escapes are written as percent-encoded UTF-8. Runs on
 * the calling thread; never pends. Errors: those of InternetCreateUrlA, and 87 for text that is
 * not valid UTF-16 / UTF-32. */
static inline BOOL InternetCreateUrlW(LPURL_COMPONENTSW lpUrlComponents, DWORD dwFlags, LPWSTR lpszUrl,
                                      LPDWORD lpdwUrlLength)
{
    return RINET_W(rinet_create_url)((const RINET_W(rinet_url_components) *)(const void *)lpUrlComponents,
                                     dwFlags, RINET_WBUF(lpszUrl), lpdwUrlLength) == 0;
}

/* InternetCanonicalizeUrlA: escapes unsafe characters and resolves "." and ".." segments.
 *   lpszUrl           the URL (NUL-terminated).
 *   lpszBuffer        receives the result (must not be NULL).
 *   lpdwBufferLength  in: the buffer size in characters; out: the result's length without the
 *                     NUL, or, with ERROR_INSUFFICIENT_BUFFER (122), the size needed with the NUL.
 *   dwFlags           ICU_NO_ENCODE, ICU_DECODE, ICU_NO_META, ICU_ENCODE_SPACES_ONLY,
 *                     ICU_BROWSER_MODE, ICU_ENCODE_PERCENT. The query and fragment are never
 *                     escaped.
 * Runs on the calling thread; never pends. Errors: 87 (a NULL argument), 12005 (empty URL), 122. */
static inline BOOL InternetCanonicalizeUrlA(LPCSTR lpszUrl, LPSTR lpszBuffer, LPDWORD lpdwBufferLength,
                                            DWORD dwFlags)
{
    return rinet_canonicalize_url(lpszUrl, lpszBuffer, lpdwBufferLength, dwFlags) == 0;
}

/* InternetCanonicalizeUrlW: InternetCanonicalizeUrlA with WCHAR strings (lpszUrl, lpszBuffer);
 * *lpdwBufferLength counts characters with the same rules; dwFlags as there. Characters above
 * U+00FF that the rules escape are written as percent-encoded UTF-8. Runs on the calling thread;
 * never pends. Errors: those of InternetCanonicalizeUrlA, and 87 for text that is not valid
 * UTF-16 / UTF-32. */
static inline BOOL InternetCanonicalizeUrlW(LPCWSTR lpszUrl, LPWSTR lpszBuffer, LPDWORD lpdwBufferLength,
                                            DWORD dwFlags)
{
    return RINET_W(rinet_canonicalize_url)(RINET_WSTR(lpszUrl), RINET_WBUF(lpszBuffer), lpdwBufferLength,
                                           dwFlags) == 0;
}

/* InternetTimeFromSystemTimeA: formats a UTC time as an HTTP date, "Fri, 07 Jan 2005 12:06:35 GMT".
 *   pst      the time; the day name is computed from the date (wDayOfWeek is not read).
 *   dwRFC    INTERNET_RFC1123_FORMAT.
 *   lpszTime, cbTime  the buffer and its size in bytes, at least INTERNET_RFC1123_BUFSIZE.
 * Runs on the calling thread; never pends. Errors: 87 (NULL argument, another format, a date
 * that does not exist), 122 (cbTime too small). */
static inline BOOL InternetTimeFromSystemTimeA(const SYSTEMTIME *pst, DWORD dwRFC, LPSTR lpszTime, DWORD cbTime)
{
    return rinet_time_from_system_time((const rinet_system_time *)(const void *)pst, dwRFC, lpszTime, cbTime) == 0;
}

/* InternetTimeFromSystemTimeW: InternetTimeFromSystemTimeA (pst, dwRFC as there) writing WCHARs
 * to lpszTime; cbTime is the buffer's size in BYTES, at least INTERNET_RFC1123_BUFSIZE
 * characters (INTERNET_RFC1123_BUFSIZE * sizeof(WCHAR) bytes). Runs on the calling thread; never
 * pends. Errors: those of InternetTimeFromSystemTimeA. */
static inline BOOL InternetTimeFromSystemTimeW(const SYSTEMTIME *pst, DWORD dwRFC, LPWSTR lpszTime, DWORD cbTime)
{
    return RINET_W(rinet_time_from_system_time)((const rinet_system_time *)(const void *)pst, dwRFC,
                                                RINET_WBUF(lpszTime), cbTime) == 0;
}

/* InternetTimeToSystemTimeA: parses the HTTP date lpszTime (RFC 1123, RFC 850 or asctime, read
 * leniently) into a UTC SYSTEMTIME at pst; wDayOfWeek is computed from the date, wMilliseconds
 * is 0.
 *   dwReserved  must be 0.
 * Runs on the calling thread; never pends. Errors: 87 (NULL argument, or no valid date in the
 * text; pst is then untouched). */
static inline BOOL InternetTimeToSystemTimeA(LPCSTR lpszTime, SYSTEMTIME *pst, DWORD dwReserved)
{
    return rinet_time_to_system_time(lpszTime, (rinet_system_time *)(void *)pst, dwReserved) == 0;
}

/* InternetTimeToSystemTimeW: InternetTimeToSystemTimeA (pst, dwReserved as there) reading the
 * WCHAR date lpszTime. Runs on the calling thread; never pends. Errors: those of
 * InternetTimeToSystemTimeA, and 87 for text that is not valid UTF-16 / UTF-32. */
static inline BOOL InternetTimeToSystemTimeW(LPCWSTR lpszTime, SYSTEMTIME *pst, DWORD dwReserved)
{
    return RINET_W(rinet_time_to_system_time)(RINET_WSTR(lpszTime), (rinet_system_time *)(void *)pst,
                                              dwReserved) == 0;
}

/* InternetOpenUrlA: a GET of the http or https URL lpszUrl on a new request handle under session
 * hInternet (through a hidden connect handle that sends no notifications and closes with the
 * request).
 *   lpszHeaders/dwHeadersLength  extra request headers ((DWORD)-1: NUL-terminated; may be NULL).
 *   dwFlags    INTERNET_FLAG_* for the request.
 *   dwContext  the request's context; 0 means no callbacks.
 * The URL and headers are copied. Runs on the calling thread, which gets HANDLE_CREATED.
 * Synchronous session: blocks, then returns the request handle once the response head has
 * arrived, or NULL with GetLastError set. Asynchronous session: returns NULL with
 * ERROR_IO_PENDING (it pends); REQUEST_COMPLETE, on the reactor thread, carries the request
 * handle in dwResult ({handle, 0}); on failure {0, error}, and rinet closes the request itself.
 * Errors: 6, 12018 (not a session), 87, 12005 (bad URL), 12006 (another scheme), and the network
 * errors of HttpSendRequest. */
static inline HINTERNET InternetOpenUrlA(HINTERNET hInternet, LPCSTR lpszUrl, LPCSTR lpszHeaders,
                                         DWORD dwHeadersLength, DWORD dwFlags, DWORD_PTR dwContext)
{
    rinet_handle h = NULL;
    return rinet_open_url(hInternet, lpszUrl, lpszHeaders, dwHeadersLength, dwFlags, dwContext, &h) == 0 ? h : NULL;
}

/* InternetOpenUrlW: InternetOpenUrlA with WCHAR strings (lpszUrl, lpszHeaders; dwHeadersLength
 * counts characters, (DWORD)-1: NUL-terminated); hInternet, dwFlags and dwContext as there.
 * Characters of the URL above U+007F go on the wire as percent-encoded UTF-8. Runs on the
 * calling thread; pends or blocks as InternetOpenUrlA. Errors: those of InternetOpenUrlA, and 87
 * for text that is not valid UTF-16 / UTF-32 (nothing is sent). */
static inline HINTERNET InternetOpenUrlW(HINTERNET hInternet, LPCWSTR lpszUrl, LPCWSTR lpszHeaders,
                                         DWORD dwHeadersLength, DWORD dwFlags, DWORD_PTR dwContext)
{
    rinet_handle h = NULL;
    return RINET_W(rinet_open_url)(hInternet, RINET_WSTR(lpszUrl), RINET_WSTR(lpszHeaders), dwHeadersLength, dwFlags,
                                   dwContext, &h) == 0
               ? h
               : NULL;
}

/* InternetSetCookieA: stores a cookie for lpszUrl in the process's cookie jar; requests without
 * INTERNET_FLAG_NO_COOKIES send it. lpszCookieName may be NULL when lpszCookieData is a whole
 * "name=value; attributes" string. As in WinInet, an HttpOnly cookie, or one that would replace
 * an HttpOnly cookie, is refused (InternetSetCookieEx with INTERNET_COOKIE_HTTPONLY sets it).
 * Paths match as in WinInet: the cookie's path is a plain prefix of the request's directory (the
 * path through its last '/'). A Domain attribute must name the host or a parent of it that is
 * not a public suffix ("com", "co.uk"); for an IP address, only that address.
 * Runs on the calling thread; never pends.
 * Errors: 87 (ERROR_INVALID_PARAMETER: also a URL without a host such as about:blank, and a
 * Domain attribute the URL may not set), 4317 (ERROR_INVALID_OPERATION: HttpOnly), 12005
 * (ERROR_INTERNET_INVALID_URL), 12006 (ERROR_INTERNET_UNRECOGNIZED_SCHEME). */
static inline BOOL InternetSetCookieA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPCSTR lpszCookieData)
{
    return rinet_set_cookie(lpszUrl, lpszCookieName, lpszCookieData) == 0;
}

/* InternetSetCookieW: InternetSetCookieA with WCHAR strings (lpszUrl, lpszCookieName,
 * lpszCookieData). Requests send the cookie as ISO-8859-1, characters above U+00FF as '?'. Runs
 * on the calling thread; never pends. Errors: those of InternetSetCookieA, and 87 for text that
 * is not valid UTF-16 / UTF-32. */
static inline BOOL InternetSetCookieW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName, LPCWSTR lpszCookieData)
{
    return RINET_W(rinet_set_cookie)(RINET_WSTR(lpszUrl), RINET_WSTR(lpszCookieName), RINET_WSTR(lpszCookieData)) == 0;
}

/* InternetGetCookieA: the cookies the jar sends to lpszUrl, as "a=1; b=2", into lpszCookieData
 * (HttpOnly cookies left out, as in WinInet: InternetGetCookieEx with INTERNET_COOKIE_HTTPONLY
 * adds them).
 * A NULL lpszCookieData succeeds with *lpdwSize = the size needed (NUL included); too small a
 * buffer fails with ERROR_INSUFFICIENT_BUFFER and that size. lpszCookieName is ignored, as in
 * WinInet. Runs on the calling thread; never pends.
 * Errors: 87 (also a URL without a host such as about:blank), 122, 259 (ERROR_NO_MORE_ITEMS: no
 * cookie for the URL; *lpdwSize is set to 0, as in WinInet), 12005, 12006. */
static inline BOOL InternetGetCookieA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPSTR lpszCookieData, LPDWORD lpdwSize)
{
    return rinet_get_cookie(lpszUrl, lpszCookieName, lpszCookieData, lpdwSize) == 0;
}

/* InternetGetCookieW: InternetGetCookieA with WCHAR strings (lpszUrl, lpszCookieName ignored,
 * lpszCookieData). *lpdwSize is the buffer size in characters; as WinInet's InternetGetCookieW
 * does, the size needed, reported with a NULL lpszCookieData (TRUE) or with
 * ERROR_INSUFFICIENT_BUFFER, is in BYTES (NUL included), and success reports the characters
 * written, NUL included. Runs on the calling thread; never pends. Errors: those of
 * InternetGetCookieA, and 87 for text that is not valid UTF-16 / UTF-32. */
static inline BOOL InternetGetCookieW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName, LPWSTR lpszCookieData, LPDWORD lpdwSize)
{
    return RINET_W(rinet_get_cookie)(RINET_WSTR(lpszUrl), RINET_WSTR(lpszCookieName), RINET_WBUF(lpszCookieData),
                                     lpdwSize) == 0;
}

/* InternetGetLastResponseInfoA: the status line of the last response completed on this thread
 * (or whose REQUEST_COMPLETE this thread delivered, or, in an asynchronous session, that a call
 * on this thread started), copied with its NUL into lpszBuffer; *lpdwError receives 0. After a
 * failure: *lpdwError receives its code and lpszBuffer what went wrong in words ("Failed to
 * connect to 127.0.0.1 port 1 after 0 ms: Connection refused"). Too small a buffer:
 * ERROR_INSUFFICIENT_BUFFER with *lpdwBufferLength = the size needed, NUL included. Reads the
 * calling thread's record only; never pends. Errors: 87 (NULL lpdwBufferLength), 122. */
static inline BOOL InternetGetLastResponseInfoA(LPDWORD lpdwError, LPSTR lpszBuffer, LPDWORD lpdwBufferLength)
{
    return rinet_get_last_response_info(lpdwError, lpszBuffer, lpdwBufferLength) == 0;
}

/* InternetGetLastResponseInfoW: InternetGetLastResponseInfoA (lpdwError, lpszBuffer,
 * lpdwBufferLength) with a WCHAR buffer; *lpdwBufferLength counts characters, with the same
 * rules. Reads the calling thread's record only; never pends. Errors: 87 (NULL
 * lpdwBufferLength), 122. */
static inline BOOL InternetGetLastResponseInfoW(LPDWORD lpdwError, LPWSTR lpszBuffer, LPDWORD lpdwBufferLength)
{
    return RINET_W(rinet_get_last_response_info)(lpdwError, RINET_WBUF(lpszBuffer), lpdwBufferLength) == 0;
}

/* Unsuffixed names, as the Windows SDK defines them: the W functions when UNICODE is defined,
 * else the A functions. Without UNICODE, InternetSetStatusCallback is the function of its own
 * above (the A one); with UNICODE it names InternetSetStatusCallbackW. */
#ifdef UNICODE
#ifndef InternetSetStatusCallback
#define InternetSetStatusCallback InternetSetStatusCallbackW
#endif
#ifndef InternetOpen
#define InternetOpen InternetOpenW
#endif
#ifndef InternetConnect
#define InternetConnect InternetConnectW
#endif
#ifndef HttpOpenRequest
#define HttpOpenRequest HttpOpenRequestW
#endif
#ifndef HttpAddRequestHeaders
#define HttpAddRequestHeaders HttpAddRequestHeadersW
#endif
#ifndef HttpSendRequest
#define HttpSendRequest HttpSendRequestW
#endif
#ifndef HttpSendRequestEx
#define HttpSendRequestEx HttpSendRequestExW
#endif
#ifndef HttpEndRequest
#define HttpEndRequest HttpEndRequestW
#endif
#ifndef InternetReadFileEx
#define InternetReadFileEx InternetReadFileExW
#endif
#ifndef HttpQueryInfo
#define HttpQueryInfo HttpQueryInfoW
#endif
#ifndef InternetSetOption
#define InternetSetOption InternetSetOptionW
#endif
#ifndef InternetQueryOption
#define InternetQueryOption InternetQueryOptionW
#endif
#ifndef InternetOpenUrl
#define InternetOpenUrl InternetOpenUrlW
#endif
#ifndef InternetCrackUrl
#define InternetCrackUrl InternetCrackUrlW
#endif
#ifndef InternetCreateUrl
#define InternetCreateUrl InternetCreateUrlW
#endif
#ifndef InternetCanonicalizeUrl
#define InternetCanonicalizeUrl InternetCanonicalizeUrlW
#endif
#ifndef InternetTimeFromSystemTime
#define InternetTimeFromSystemTime InternetTimeFromSystemTimeW
#endif
#ifndef InternetTimeToSystemTime
#define InternetTimeToSystemTime InternetTimeToSystemTimeW
#endif
#ifndef InternetSetCookie
#define InternetSetCookie InternetSetCookieW
#endif
#ifndef InternetGetCookie
#define InternetGetCookie InternetGetCookieW
#endif
#ifndef InternetGetLastResponseInfo
#define InternetGetLastResponseInfo InternetGetLastResponseInfoW
#endif
#else /* !UNICODE */
#ifndef InternetOpen
#define InternetOpen InternetOpenA
#endif
#ifndef InternetConnect
#define InternetConnect InternetConnectA
#endif
#ifndef HttpOpenRequest
#define HttpOpenRequest HttpOpenRequestA
#endif
#ifndef HttpAddRequestHeaders
#define HttpAddRequestHeaders HttpAddRequestHeadersA
#endif
#ifndef HttpSendRequest
#define HttpSendRequest HttpSendRequestA
#endif
#ifndef HttpSendRequestEx
#define HttpSendRequestEx HttpSendRequestExA
#endif
#ifndef HttpEndRequest
#define HttpEndRequest HttpEndRequestA
#endif
#ifndef InternetReadFileEx
#define InternetReadFileEx InternetReadFileExA
#endif
#ifndef HttpQueryInfo
#define HttpQueryInfo HttpQueryInfoA
#endif
#ifndef InternetSetOption
#define InternetSetOption InternetSetOptionA
#endif
#ifndef InternetQueryOption
#define InternetQueryOption InternetQueryOptionA
#endif
#ifndef InternetOpenUrl
#define InternetOpenUrl InternetOpenUrlA
#endif
#ifndef InternetCrackUrl
#define InternetCrackUrl InternetCrackUrlA
#endif
#ifndef InternetCreateUrl
#define InternetCreateUrl InternetCreateUrlA
#endif
#ifndef InternetCanonicalizeUrl
#define InternetCanonicalizeUrl InternetCanonicalizeUrlA
#endif
#ifndef InternetTimeFromSystemTime
#define InternetTimeFromSystemTime InternetTimeFromSystemTimeA
#endif
#ifndef InternetTimeToSystemTime
#define InternetTimeToSystemTime InternetTimeToSystemTimeA
#endif
#ifndef InternetSetCookie
#define InternetSetCookie InternetSetCookieA
#endif
#ifndef InternetGetCookie
#define InternetGetCookie InternetGetCookieA
#endif
#ifndef InternetGetLastResponseInfo
#define InternetGetLastResponseInfo InternetGetLastResponseInfoA
#endif
#endif /* UNICODE */


/* The rest of the SDK's <wininet.h>: InternetErrorDlg, the cookie Ex functions, the connection
 * state, the URL-cache functions' answers, and every other function declared as not supported
 * (ERROR_CALL_NOT_IMPLEMENTED), with their structures and constants. */
#include "wininet_sdk.h"

#endif /* RINET_WININET_H */
