/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * wininet_sdk.h -- the rest of the Windows SDK's <wininet.h> for rinet (hand-written).
 *
 * wininet.h includes this header at its end; include <wininet.h>, not this file. Together they
 * declare every function, structure and constant of the SDK's <wininet.h>, so that a program
 * written for Windows compiles and links unchanged, whatever it references. This file holds:
 *
 *   - the two Win32 structures those declarations need, FILETIME and WIN32_FIND_DATA (the other
 *     Win32 types of the SDK's declarations, such as HANDLE and HWND, are written as the C types
 *     they stand for, so that a program's own definitions of them meet no second one);
 *   - the SDK's structures and constants that wininet.h does not define, with WinInet's values,
 *     each constant guarded by #ifndef;
 *   - WinInet functions rinet provides beyond the core ones, each with its W form where the SDK
 *     has one: InternetErrorDlg (answered without a dialog), InternetSetCookieEx /
 *     InternetGetCookieEx, InternetGetConnectedState(Ex), InternetAttemptConnect,
 *     InternetCheckConnection, InternetSetOptionEx and InternetSetFilePointer;
 *     INTERNET_OPTION_PER_CONNECTION_OPTION's structures (the option itself goes through
 *     InternetSetOption and InternetQueryOption, A or W);
 *   - the URL-cache functions, which give Windows' answer for an entry that is not in the cache
 *     (ERROR_FILE_NOT_FOUND, ERROR_NO_MORE_ITEMS): rinet keeps no cache, so every download is
 *     fresh;
 *   - every other function of the SDK's <wininet.h> (FTP, Gopher, dial-up, proxy scripts, cache
 *     groups, per-site cookie decisions, ...), declared so that a program that refers to one
 *     builds: calling it fails at run time with ERROR_CALL_NOT_IMPLEMENTED (120), said beside
 *     each one;
 *   - the unsuffixed names (FtpGetFile, DeleteUrlCacheEntry, ...) as macros for the W functions
 *     when UNICODE is defined, else the A functions, as the SDK maps them; the structures with
 *     strings (INTERNET_PER_CONN_OPTION_LIST, INTERNET_CACHE_ENTRY_INFO, ...) follow UNICODE too.
 *
 * Every function here is static inline: librinet.so exports only rinet_* names. The ones that
 * need the library call its native functions (rinet_error_dlg, rinet_set_cookie_ex,
 * rinet_get_cookie_ex, rinet_get_connected_state, rinet_check_connection, rinet_set_option,
 * rinet_query_option, and their _w16 / _w32 forms, picked by RINET_W as in wininet.h); the
 * others are answered here.
 *
 * Valid C (C99 and later) and C++, clean under -Wall -Wextra -pedantic.
 */
#ifndef RINET_WININET_SDK_H
#define RINET_WININET_SDK_H

#ifndef RINET_WININET_H
#error "include <wininet.h>; it includes wininet_sdk.h"
#endif

/* A declared function rinet does not support: GetLastError() becomes ERROR_CALL_NOT_IMPLEMENTED
 * (120) and the function returns its failure value. */
#define RINET_UNSUPPORTED_RETURN(failure_value)                                                    \
    do {                                                                                           \
        rinet_set_last_error(120);                                                                 \
        return failure_value;                                                                      \
    } while (0)
#define RINET_UNSUPPORTED_VOID() rinet_set_last_error(120)

/* An unnamed union or struct member (C11, C++; an extension the compilers accept in C99). */
#if defined(__GNUC__) && !defined(__cplusplus) && (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 201112L)
#define RINET_SDK_ANONYMOUS __extension__
#else
#define RINET_SDK_ANONYMOUS
#endif

/* ======================================================================================== */
/* Constants of the SDK's <wininet.h> that wininet.h does not define (WinInet's values)     */
/* ======================================================================================== */

/* Each is guarded by #ifndef, so a program's own definition stays. The ones rinet acts on are
 * explained where the functions that take them are; the others are accepted where a function
 * takes flags, and change nothing. */

/* ---- Win32 values the functions below use (winerror.h, winbase.h, minwindef.h) ---- */
#ifndef ERROR_NEGATIVE_SEEK
#define ERROR_NEGATIVE_SEEK                          131  /* (rinet does not return it) */
#endif
#ifndef ERROR_CANCELLED
#define ERROR_CANCELLED                              1223  /* InternetErrorDlg */
#endif
#ifndef ERROR_NOT_CONNECTED
#define ERROR_NOT_CONNECTED                          2250  /* InternetCheckConnection */
#endif
#ifndef ERROR_INVALID_OPERATION
#define ERROR_INVALID_OPERATION                      4317  /* a refused HttpOnly cookie */
#endif
#ifndef INVALID_SET_FILE_POINTER
#define INVALID_SET_FILE_POINTER                     ((DWORD)-1)  /* InternetSetFilePointer's failure value */
#endif
#ifndef INVALID_FILE_SIZE
#define INVALID_FILE_SIZE                            ((DWORD)0xFFFFFFFF)  /* FtpGetFileSize's failure value */
#endif
#ifndef INTERNET_FLAG_BGUPDATE
#define INTERNET_FLAG_BGUPDATE                       0x00000008  /* a flag of INTERNET_FLAGS_MASK */
#endif
#ifndef FILE_BEGIN
#define FILE_BEGIN                                   0
#endif
#ifndef FILE_CURRENT
#define FILE_CURRENT                                 1
#endif
#ifndef FILE_END
#define FILE_END                                     2
#endif
#ifndef MAX_PATH
#define MAX_PATH                                     260
#endif

/* ---- INTERNET_OPTION_KEEP_CONNECTION values ---- */
#ifndef INTERNET_KEEP_ALIVE_UNKNOWN
#define INTERNET_KEEP_ALIVE_UNKNOWN                  ((DWORD)-1)
#endif
#ifndef INTERNET_KEEP_ALIVE_ENABLED
#define INTERNET_KEEP_ALIVE_ENABLED                  1
#endif
#ifndef INTERNET_KEEP_ALIVE_DISABLED
#define INTERNET_KEEP_ALIVE_DISABLED                 0
#endif

/* ---- INTERNET_OPTION_IDN flags ---- */
#ifndef INTERNET_FLAG_IDN_DIRECT
#define INTERNET_FLAG_IDN_DIRECT                     0x00000001
#endif
#ifndef INTERNET_FLAG_IDN_PROXY
#define INTERNET_FLAG_IDN_PROXY                      0x00000002
#endif

/* ---- Flag masks ---- */
#ifndef INTERNET_FLAG_TRANSFER_ASCII
#define INTERNET_FLAG_TRANSFER_ASCII                 FTP_TRANSFER_TYPE_ASCII
#endif
#ifndef INTERNET_FLAG_TRANSFER_BINARY
#define INTERNET_FLAG_TRANSFER_BINARY                FTP_TRANSFER_TYPE_BINARY
#endif
#ifndef SECURITY_INTERNET_MASK
#define SECURITY_INTERNET_MASK (INTERNET_FLAG_IGNORE_CERT_CN_INVALID |                \
    INTERNET_FLAG_IGNORE_CERT_DATE_INVALID | INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS | \
    INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP)
#endif
#ifndef SECURITY_IGNORE_ERROR_MASK
#define SECURITY_IGNORE_ERROR_MASK (INTERNET_FLAG_IGNORE_CERT_CN_INVALID |     \
    INTERNET_FLAG_IGNORE_CERT_DATE_INVALID | SECURITY_FLAG_IGNORE_UNKNOWN_CA | \
    SECURITY_FLAG_IGNORE_REVOCATION | SECURITY_FLAG_IGNORE_WEAK_SIGNATURE)
#endif
#ifndef INTERNET_FLAGS_MASK
#define INTERNET_FLAGS_MASK (INTERNET_FLAG_RELOAD | INTERNET_FLAG_RAW_DATA |                  \
    INTERNET_FLAG_EXISTING_CONNECT | INTERNET_FLAG_ASYNC | INTERNET_FLAG_PASSIVE |            \
    INTERNET_FLAG_NO_CACHE_WRITE | INTERNET_FLAG_MAKE_PERSISTENT | INTERNET_FLAG_FROM_CACHE | \
    INTERNET_FLAG_SECURE | INTERNET_FLAG_KEEP_CONNECTION | INTERNET_FLAG_NO_AUTO_REDIRECT |   \
    INTERNET_FLAG_READ_PREFETCH | INTERNET_FLAG_NO_COOKIES | INTERNET_FLAG_NO_AUTH |          \
    INTERNET_FLAG_CACHE_IF_NET_FAIL | SECURITY_INTERNET_MASK | INTERNET_FLAG_RESYNCHRONIZE |  \
    INTERNET_FLAG_HYPERLINK | INTERNET_FLAG_NO_UI | INTERNET_FLAG_PRAGMA_NOCACHE |            \
    INTERNET_FLAG_CACHE_ASYNC | INTERNET_FLAG_FORMS_SUBMIT | INTERNET_FLAG_NEED_FILE |        \
    INTERNET_FLAG_RESTRICTED_ZONE | INTERNET_FLAG_TRANSFER_BINARY |                           \
    INTERNET_FLAG_TRANSFER_ASCII | INTERNET_FLAG_FWD_BACK | INTERNET_FLAG_BGUPDATE)
#endif
#ifndef INTERNET_OPTIONS_MASK
#define INTERNET_OPTIONS_MASK                        (~INTERNET_FLAGS_MASK)
#endif

/* ---- INTERNET_DIAGNOSTIC_SOCKET_INFO.Flags ---- */
#ifndef IDSI_FLAG_KEEP_ALIVE
#define IDSI_FLAG_KEEP_ALIVE                         0x00000001
#endif
#ifndef IDSI_FLAG_SECURE
#define IDSI_FLAG_SECURE                             0x00000002
#endif
#ifndef IDSI_FLAG_PROXY
#define IDSI_FLAG_PROXY                              0x00000004
#endif
#ifndef IDSI_FLAG_TUNNEL
#define IDSI_FLAG_TUNNEL                             0x00000008
#endif

/* ---- INTERNET_PER_CONN_OPTION.dwOption (INTERNET_OPTION_PER_CONNECTION_OPTION) ---- */
#ifndef INTERNET_PER_CONN_FLAGS
#define INTERNET_PER_CONN_FLAGS                      1
#endif
#ifndef INTERNET_PER_CONN_PROXY_SERVER
#define INTERNET_PER_CONN_PROXY_SERVER               2
#endif
#ifndef INTERNET_PER_CONN_PROXY_BYPASS
#define INTERNET_PER_CONN_PROXY_BYPASS               3
#endif
#ifndef INTERNET_PER_CONN_AUTOCONFIG_URL
#define INTERNET_PER_CONN_AUTOCONFIG_URL             4
#endif
#ifndef INTERNET_PER_CONN_AUTODISCOVERY_FLAGS
#define INTERNET_PER_CONN_AUTODISCOVERY_FLAGS        5
#endif
#ifndef INTERNET_PER_CONN_AUTOCONFIG_SECONDARY_URL
#define INTERNET_PER_CONN_AUTOCONFIG_SECONDARY_URL   6
#endif
#ifndef INTERNET_PER_CONN_AUTOCONFIG_RELOAD_DELAY_MINS
#define INTERNET_PER_CONN_AUTOCONFIG_RELOAD_DELAY_MINS 7
#endif
#ifndef INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_TIME
#define INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_TIME 8
#endif
#ifndef INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_URL
#define INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_URL 9
#endif
#ifndef INTERNET_PER_CONN_FLAGS_UI
#define INTERNET_PER_CONN_FLAGS_UI                   10
#endif

/* ---- INTERNET_PER_CONN_FLAGS values ---- */
#ifndef PROXY_TYPE_DIRECT
#define PROXY_TYPE_DIRECT                            0x00000001
#endif
#ifndef PROXY_TYPE_PROXY
#define PROXY_TYPE_PROXY                             0x00000002
#endif
#ifndef PROXY_TYPE_AUTO_PROXY_URL
#define PROXY_TYPE_AUTO_PROXY_URL                    0x00000004
#endif
#ifndef PROXY_TYPE_AUTO_DETECT
#define PROXY_TYPE_AUTO_DETECT                       0x00000008
#endif

/* ---- INTERNET_PER_CONN_AUTODISCOVERY_FLAGS values ---- */
#ifndef AUTO_PROXY_FLAG_USER_SET
#define AUTO_PROXY_FLAG_USER_SET                     0x00000001
#endif
#ifndef AUTO_PROXY_FLAG_ALWAYS_DETECT
#define AUTO_PROXY_FLAG_ALWAYS_DETECT                0x00000002
#endif
#ifndef AUTO_PROXY_FLAG_DETECTION_RUN
#define AUTO_PROXY_FLAG_DETECTION_RUN                0x00000004
#endif
#ifndef AUTO_PROXY_FLAG_MIGRATED
#define AUTO_PROXY_FLAG_MIGRATED                     0x00000008
#endif
#ifndef AUTO_PROXY_FLAG_DONT_CACHE_PROXY_RESULT
#define AUTO_PROXY_FLAG_DONT_CACHE_PROXY_RESULT      0x00000010
#endif
#ifndef AUTO_PROXY_FLAG_CACHE_INIT_RUN
#define AUTO_PROXY_FLAG_CACHE_INIT_RUN               0x00000020
#endif
#ifndef AUTO_PROXY_FLAG_DETECTION_SUSPECT
#define AUTO_PROXY_FLAG_DETECTION_SUSPECT            0x00000040
#endif

/* ---- InternetSetOptionEx flags ---- */
#ifndef ISO_FORCE_DISCONNECTED
#define ISO_FORCE_DISCONNECTED                       0x00000001
#endif
#ifndef ISO_GLOBAL
#define ISO_GLOBAL                                   0x00000001
#endif
#ifndef ISO_REGISTRY
#define ISO_REGISTRY                                 0x00000002
#endif
#ifndef ISO_VALID_FLAGS
#define ISO_VALID_FLAGS                              (ISO_GLOBAL | ISO_REGISTRY)
#endif

/* ---- Old names of the INTERNET_OPEN_TYPE_* values ---- */
#ifndef PRE_CONFIG_INTERNET_ACCESS
#define PRE_CONFIG_INTERNET_ACCESS                   INTERNET_OPEN_TYPE_PRECONFIG
#endif
#ifndef LOCAL_INTERNET_ACCESS
#define LOCAL_INTERNET_ACCESS                        INTERNET_OPEN_TYPE_DIRECT
#endif
#ifndef CERN_PROXY_INTERNET_ACCESS
#define CERN_PROXY_INTERNET_ACCESS                   INTERNET_OPEN_TYPE_PROXY
#endif

/* ---- Options rinet does not act on (InternetQueryOption gives 12009 or 12018 for them) ---- */
#ifndef INTERNET_OPTION_LISTEN_TIMEOUT
#define INTERNET_OPTION_LISTEN_TIMEOUT               11
#endif
#ifndef INTERNET_OPTION_ASYNC_ID
#define INTERNET_OPTION_ASYNC_ID                     15
#endif
#ifndef INTERNET_OPTION_ASYNC_PRIORITY
#define INTERNET_OPTION_ASYNC_PRIORITY               16
#endif
#ifndef INTERNET_OPTION_OFFLINE_MODE
#define INTERNET_OPTION_OFFLINE_MODE                 26
#endif
#ifndef INTERNET_OPTION_CACHE_STREAM_HANDLE
#define INTERNET_OPTION_CACHE_STREAM_HANDLE          27
#endif
#ifndef INTERNET_OPTION_ASYNC
#define INTERNET_OPTION_ASYNC                        30
#endif
#ifndef INTERNET_OPTION_DATAFILE_NAME
#define INTERNET_OPTION_DATAFILE_NAME                33
#endif
#ifndef INTERNET_OPTION_SECURITY_KEY_BITNESS
#define INTERNET_OPTION_SECURITY_KEY_BITNESS         36
#endif
#ifndef INTERNET_OPTION_REFRESH
#define INTERNET_OPTION_REFRESH                      37
#endif
#ifndef INTERNET_OPTION_SECURITY_SELECT_CLIENT_CERT
#define INTERNET_OPTION_SECURITY_SELECT_CLIENT_CERT  47
#endif
#ifndef INTERNET_OPTION_POLICY
#define INTERNET_OPTION_POLICY                       48
#endif
#ifndef INTERNET_OPTION_DISCONNECTED_TIMEOUT
#define INTERNET_OPTION_DISCONNECTED_TIMEOUT         49
#endif
#ifndef INTERNET_OPTION_CONNECTED_STATE
#define INTERNET_OPTION_CONNECTED_STATE              50
#endif
#ifndef INTERNET_OPTION_IDLE_STATE
#define INTERNET_OPTION_IDLE_STATE                   51
#endif
#ifndef INTERNET_OPTION_OFFLINE_SEMANTICS
#define INTERNET_OPTION_OFFLINE_SEMANTICS            52
#endif
#ifndef INTERNET_OPTION_SECONDARY_CACHE_KEY
#define INTERNET_OPTION_SECONDARY_CACHE_KEY          53
#endif
#ifndef INTERNET_OPTION_CALLBACK_FILTER
#define INTERNET_OPTION_CALLBACK_FILTER              54
#endif
#ifndef INTERNET_OPTION_CONNECT_TIME
#define INTERNET_OPTION_CONNECT_TIME                 55
#endif
#ifndef INTERNET_OPTION_SEND_THROUGHPUT
#define INTERNET_OPTION_SEND_THROUGHPUT              56
#endif
#ifndef INTERNET_OPTION_RECEIVE_THROUGHPUT
#define INTERNET_OPTION_RECEIVE_THROUGHPUT           57
#endif
#ifndef INTERNET_OPTION_REQUEST_PRIORITY
#define INTERNET_OPTION_REQUEST_PRIORITY             58
#endif
#ifndef INTERNET_OPTION_RESET_URLCACHE_SESSION
#define INTERNET_OPTION_RESET_URLCACHE_SESSION       60
#endif
#ifndef INTERNET_OPTION_FROM_CACHE_TIMEOUT
#define INTERNET_OPTION_FROM_CACHE_TIMEOUT           63
#endif
#ifndef INTERNET_OPTION_BYPASS_EDITED_ENTRY
#define INTERNET_OPTION_BYPASS_EDITED_ENTRY          64
#endif
#ifndef INTERNET_OPTION_CODEPAGE
#define INTERNET_OPTION_CODEPAGE                     68
#endif
#ifndef INTERNET_OPTION_CACHE_TIMESTAMPS
#define INTERNET_OPTION_CACHE_TIMESTAMPS             69
#endif
#ifndef INTERNET_OPTION_DISABLE_AUTODIAL
#define INTERNET_OPTION_DISABLE_AUTODIAL             70
#endif
#ifndef INTERNET_OPTION_DIGEST_AUTH_UNLOAD
#define INTERNET_OPTION_DIGEST_AUTH_UNLOAD           76
#endif
#ifndef INTERNET_OPTION_IDENTITY
#define INTERNET_OPTION_IDENTITY                     78
#endif
#ifndef INTERNET_OPTION_REMOVE_IDENTITY
#define INTERNET_OPTION_REMOVE_IDENTITY              79
#endif
#ifndef INTERNET_OPTION_ALTER_IDENTITY
#define INTERNET_OPTION_ALTER_IDENTITY               80
#endif
#ifndef INTERNET_OPTION_SUPPRESS_BEHAVIOR
#define INTERNET_OPTION_SUPPRESS_BEHAVIOR            81
#endif
#ifndef INTERNET_OPTION_AUTODIAL_MODE
#define INTERNET_OPTION_AUTODIAL_MODE                82
#endif
#ifndef INTERNET_OPTION_AUTODIAL_CONNECTION
#define INTERNET_OPTION_AUTODIAL_CONNECTION          83
#endif
#ifndef INTERNET_OPTION_CLIENT_CERT_CONTEXT
#define INTERNET_OPTION_CLIENT_CERT_CONTEXT          84
#endif
#ifndef INTERNET_OPTION_AUTH_FLAGS
#define INTERNET_OPTION_AUTH_FLAGS                   85
#endif
#ifndef INTERNET_OPTION_COOKIES_3RD_PARTY
#define INTERNET_OPTION_COOKIES_3RD_PARTY            86
#endif
#ifndef INTERNET_OPTION_DISABLE_PASSPORT_AUTH
#define INTERNET_OPTION_DISABLE_PASSPORT_AUTH        87
#endif
#ifndef INTERNET_OPTION_SEND_UTF8_SERVERNAME_TO_PROXY
#define INTERNET_OPTION_SEND_UTF8_SERVERNAME_TO_PROXY 88
#endif
#ifndef INTERNET_OPTION_EXEMPT_CONNECTION_LIMIT
#define INTERNET_OPTION_EXEMPT_CONNECTION_LIMIT      89
#endif
#ifndef INTERNET_OPTION_ENABLE_PASSPORT_AUTH
#define INTERNET_OPTION_ENABLE_PASSPORT_AUTH         90
#endif
#ifndef INTERNET_OPTION_HIBERNATE_INACTIVE_WORKER_THREADS
#define INTERNET_OPTION_HIBERNATE_INACTIVE_WORKER_THREADS 91
#endif
#ifndef INTERNET_OPTION_ACTIVATE_WORKER_THREADS
#define INTERNET_OPTION_ACTIVATE_WORKER_THREADS      92
#endif
#ifndef INTERNET_OPTION_RESTORE_WORKER_THREAD_DEFAULTS
#define INTERNET_OPTION_RESTORE_WORKER_THREAD_DEFAULTS 93
#endif
#ifndef INTERNET_OPTION_SOCKET_SEND_BUFFER_LENGTH
#define INTERNET_OPTION_SOCKET_SEND_BUFFER_LENGTH    94
#endif
#ifndef INTERNET_OPTION_PROXY_SETTINGS_CHANGED
#define INTERNET_OPTION_PROXY_SETTINGS_CHANGED       95
#endif
#ifndef INTERNET_OPTION_DATAFILE_EXT
#define INTERNET_OPTION_DATAFILE_EXT                 96
#endif
#ifndef INTERNET_OPTION_CODEPAGE_PATH
#define INTERNET_OPTION_CODEPAGE_PATH                100
#endif
#ifndef INTERNET_OPTION_CODEPAGE_EXTRA
#define INTERNET_OPTION_CODEPAGE_EXTRA               101
#endif
#ifndef INTERNET_OPTION_IDN
#define INTERNET_OPTION_IDN                          102
#endif
#ifndef INTERNET_OPTION_ENABLE_REDIRECT_CACHE_READ
#define INTERNET_OPTION_ENABLE_REDIRECT_CACHE_READ   122
#endif
#ifndef INTERNET_OPTION_ENCODE_EXTRA
#define INTERNET_OPTION_ENCODE_EXTRA                 155
#endif
#ifndef INTERNET_OPTION_HSTS
#define INTERNET_OPTION_HSTS                         157
#endif
#ifndef INTERNET_OPTION_ENTERPRISE_CONTEXT
#define INTERNET_OPTION_ENTERPRISE_CONTEXT           159
#endif
#ifndef INTERNET_OPTION_CONNECTION_FILTER
#define INTERNET_OPTION_CONNECTION_FILTER            162
#endif
#ifndef INTERNET_OPTION_REFERER_TOKEN_BINDING_HOSTNAME
#define INTERNET_OPTION_REFERER_TOKEN_BINDING_HOSTNAME 163
#endif
#ifndef INTERNET_OPTION_TOKEN_BINDING_PUBLIC_KEY
#define INTERNET_OPTION_TOKEN_BINDING_PUBLIC_KEY     181
#endif
#ifndef INTERNET_OPTION_COOKIES_SAME_SITE_LEVEL
#define INTERNET_OPTION_COOKIES_SAME_SITE_LEVEL      187
#endif
#ifndef INTERNET_FIRST_OPTION
#define INTERNET_FIRST_OPTION                        INTERNET_OPTION_CALLBACK
#endif
#ifndef INTERNET_LAST_OPTION
#define INTERNET_LAST_OPTION                         INTERNET_OPTION_DATAFILE_EXT
#endif
#ifndef INTERNET_PRIORITY_FOREGROUND
#define INTERNET_PRIORITY_FOREGROUND                 1000
#endif
#ifndef INTERNET_IDENTITY_FLAG_PRIVATE_CACHE
#define INTERNET_IDENTITY_FLAG_PRIVATE_CACHE         0x01
#endif
#ifndef INTERNET_IDENTITY_FLAG_SHARED_CACHE
#define INTERNET_IDENTITY_FLAG_SHARED_CACHE          0x02
#endif
#ifndef INTERNET_IDENTITY_FLAG_CLEAR_DATA
#define INTERNET_IDENTITY_FLAG_CLEAR_DATA            0x04
#endif
#ifndef INTERNET_IDENTITY_FLAG_CLEAR_COOKIES
#define INTERNET_IDENTITY_FLAG_CLEAR_COOKIES         0x08
#endif
#ifndef INTERNET_IDENTITY_FLAG_CLEAR_HISTORY
#define INTERNET_IDENTITY_FLAG_CLEAR_HISTORY         0x10
#endif
#ifndef INTERNET_IDENTITY_FLAG_CLEAR_CONTENT
#define INTERNET_IDENTITY_FLAG_CLEAR_CONTENT         0x20
#endif
#ifndef INTERNET_SUPPRESS_RESET_ALL
#define INTERNET_SUPPRESS_RESET_ALL                  0x00
#endif
#ifndef INTERNET_SUPPRESS_COOKIE_POLICY
#define INTERNET_SUPPRESS_COOKIE_POLICY              0x01
#endif
#ifndef INTERNET_SUPPRESS_COOKIE_POLICY_RESET
#define INTERNET_SUPPRESS_COOKIE_POLICY_RESET        0x02
#endif

/* ---- INTERNET_OPTION_COOKIES_SAME_SITE_LEVEL values ---- */
#ifndef HTTP_COOKIES_SAME_SITE_LEVEL_UNKNOWN
#define HTTP_COOKIES_SAME_SITE_LEVEL_UNKNOWN         0x0
#endif
#ifndef HTTP_COOKIES_SAME_SITE_LEVEL_SAME_SITE
#define HTTP_COOKIES_SAME_SITE_LEVEL_SAME_SITE       0x1
#endif
#ifndef HTTP_COOKIES_SAME_SITE_LEVEL_CROSS_SITE_LAX
#define HTTP_COOKIES_SAME_SITE_LEVEL_CROSS_SITE_LAX  0x2
#endif
#ifndef HTTP_COOKIES_SAME_SITE_LEVEL_CROSS_SITE
#define HTTP_COOKIES_SAME_SITE_LEVEL_CROSS_SITE      0x3
#endif
#ifndef HTTP_COOKIES_SAME_SITE_LEVEL_MAX
#define HTTP_COOKIES_SAME_SITE_LEVEL_MAX             HTTP_COOKIES_SAME_SITE_LEVEL_CROSS_SITE
#endif

/* ---- INTERNET_OPTION_HTTP_PROTOCOL_USED values ---- */
#ifndef HTTP_PROTOCOL_FLAG_HTTP2
#define HTTP_PROTOCOL_FLAG_HTTP2                     0x2
#endif
#ifndef HTTP_PROTOCOL_MASK
#define HTTP_PROTOCOL_MASK                           HTTP_PROTOCOL_FLAG_HTTP2
#endif

/* ---- INTERNET_OPTION_AUTH_FLAGS values ---- */
#ifndef AUTH_FLAG_DISABLE_NEGOTIATE
#define AUTH_FLAG_DISABLE_NEGOTIATE                  0x00000001
#endif
#ifndef AUTH_FLAG_ENABLE_NEGOTIATE
#define AUTH_FLAG_ENABLE_NEGOTIATE                   0x00000002
#endif
#ifndef AUTH_FLAG_DISABLE_BASIC_CLEARCHANNEL
#define AUTH_FLAG_DISABLE_BASIC_CLEARCHANNEL         0x00000004
#endif
#ifndef AUTH_FLAG_DISABLE_SERVER_AUTH
#define AUTH_FLAG_DISABLE_SERVER_AUTH                0x00000008
#endif

/* ---- More SECURITY_FLAG_* values and masks ---- */
#ifndef SECURITY_FLAG_UNKNOWNBIT
#define SECURITY_FLAG_UNKNOWNBIT                     0x80000000
#endif
#ifndef SECURITY_FLAG_FORTEZZA
#define SECURITY_FLAG_FORTEZZA                       0x08000000
#endif
#ifndef SECURITY_FLAG_NORMALBITNESS
#define SECURITY_FLAG_NORMALBITNESS                  SECURITY_FLAG_STRENGTH_WEAK
#endif
#ifndef SECURITY_FLAG_SSL
#define SECURITY_FLAG_SSL                            0x00000002
#endif
#ifndef SECURITY_FLAG_SSL3
#define SECURITY_FLAG_SSL3                           0x00000004
#endif
#ifndef SECURITY_FLAG_PCT
#define SECURITY_FLAG_PCT                            0x00000008
#endif
#ifndef SECURITY_FLAG_PCT4
#define SECURITY_FLAG_PCT4                           0x00000010
#endif
#ifndef SECURITY_FLAG_IETFSSL4
#define SECURITY_FLAG_IETFSSL4                       0x00000020
#endif
#ifndef SECURITY_FLAG_40BIT
#define SECURITY_FLAG_40BIT                          SECURITY_FLAG_STRENGTH_WEAK
#endif
#ifndef SECURITY_FLAG_128BIT
#define SECURITY_FLAG_128BIT                         SECURITY_FLAG_STRENGTH_STRONG
#endif
#ifndef SECURITY_FLAG_56BIT
#define SECURITY_FLAG_56BIT                          SECURITY_FLAG_STRENGTH_MEDIUM
#endif
#ifndef SECURITY_FLAG_IGNORE_WEAK_SIGNATURE
#define SECURITY_FLAG_IGNORE_WEAK_SIGNATURE          0x00010000
#endif
#ifndef SECURITY_SET_MASK
#define SECURITY_SET_MASK (SECURITY_FLAG_IGNORE_REVOCATION | SECURITY_FLAG_IGNORE_UNKNOWN_CA | \
    SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |            \
    SECURITY_FLAG_IGNORE_WRONG_USAGE)
#endif
#ifndef SECURITY_FLAG_OPT_IN_WEAK_SIGNATURE
#define SECURITY_FLAG_OPT_IN_WEAK_SIGNATURE          0x00020000
#endif

/* ---- INTERNET_OPTION_AUTODIAL_MODE values ---- */
#ifndef AUTODIAL_MODE_NEVER
#define AUTODIAL_MODE_NEVER                          1
#endif
#ifndef AUTODIAL_MODE_ALWAYS
#define AUTODIAL_MODE_ALWAYS                         2
#endif
#ifndef AUTODIAL_MODE_NO_NETWORK_PRESENT
#define AUTODIAL_MODE_NO_NETWORK_PRESENT             4
#endif

/* ---- FTP transfer types ---- */
#ifndef FTP_TRANSFER_TYPE_UNKNOWN
#define FTP_TRANSFER_TYPE_UNKNOWN                    0x00000000
#endif
#ifndef FTP_TRANSFER_TYPE_ASCII
#define FTP_TRANSFER_TYPE_ASCII                      0x00000001
#endif
#ifndef FTP_TRANSFER_TYPE_BINARY
#define FTP_TRANSFER_TYPE_BINARY                     0x00000002
#endif
#ifndef FTP_TRANSFER_TYPE_MASK
#define FTP_TRANSFER_TYPE_MASK (FTP_TRANSFER_TYPE_ASCII | FTP_TRANSFER_TYPE_BINARY)
#endif

/* ---- Gopher ---- */
#ifndef MAX_GOPHER_DISPLAY_TEXT
#define MAX_GOPHER_DISPLAY_TEXT                      128
#endif
#ifndef MAX_GOPHER_SELECTOR_TEXT
#define MAX_GOPHER_SELECTOR_TEXT                     256
#endif
#ifndef MAX_GOPHER_HOST_NAME
#define MAX_GOPHER_HOST_NAME                         INTERNET_MAX_HOST_NAME_LENGTH
#endif
#ifndef MAX_GOPHER_LOCATOR_LENGTH
#define MAX_GOPHER_LOCATOR_LENGTH (1 + MAX_GOPHER_DISPLAY_TEXT + 1 + MAX_GOPHER_SELECTOR_TEXT + \
    1 + MAX_GOPHER_HOST_NAME + 1 + INTERNET_MAX_PORT_NUMBER_LENGTH + 1 + 1 + 2)
#endif
#ifndef GOPHER_TYPE_TEXT_FILE
#define GOPHER_TYPE_TEXT_FILE                        0x00000001
#endif
#ifndef GOPHER_TYPE_DIRECTORY
#define GOPHER_TYPE_DIRECTORY                        0x00000002
#endif
#ifndef GOPHER_TYPE_CSO
#define GOPHER_TYPE_CSO                              0x00000004
#endif
#ifndef GOPHER_TYPE_ERROR
#define GOPHER_TYPE_ERROR                            0x00000008
#endif
#ifndef GOPHER_TYPE_MAC_BINHEX
#define GOPHER_TYPE_MAC_BINHEX                       0x00000010
#endif
#ifndef GOPHER_TYPE_DOS_ARCHIVE
#define GOPHER_TYPE_DOS_ARCHIVE                      0x00000020
#endif
#ifndef GOPHER_TYPE_UNIX_UUENCODED
#define GOPHER_TYPE_UNIX_UUENCODED                   0x00000040
#endif
#ifndef GOPHER_TYPE_INDEX_SERVER
#define GOPHER_TYPE_INDEX_SERVER                     0x00000080
#endif
#ifndef GOPHER_TYPE_TELNET
#define GOPHER_TYPE_TELNET                           0x00000100
#endif
#ifndef GOPHER_TYPE_BINARY
#define GOPHER_TYPE_BINARY                           0x00000200
#endif
#ifndef GOPHER_TYPE_REDUNDANT
#define GOPHER_TYPE_REDUNDANT                        0x00000400
#endif
#ifndef GOPHER_TYPE_TN3270
#define GOPHER_TYPE_TN3270                           0x00000800
#endif
#ifndef GOPHER_TYPE_GIF
#define GOPHER_TYPE_GIF                              0x00001000
#endif
#ifndef GOPHER_TYPE_IMAGE
#define GOPHER_TYPE_IMAGE                            0x00002000
#endif
#ifndef GOPHER_TYPE_BITMAP
#define GOPHER_TYPE_BITMAP                           0x00004000
#endif
#ifndef GOPHER_TYPE_MOVIE
#define GOPHER_TYPE_MOVIE                            0x00008000
#endif
#ifndef GOPHER_TYPE_SOUND
#define GOPHER_TYPE_SOUND                            0x00010000
#endif
#ifndef GOPHER_TYPE_HTML
#define GOPHER_TYPE_HTML                             0x00020000
#endif
#ifndef GOPHER_TYPE_PDF
#define GOPHER_TYPE_PDF                              0x00040000
#endif
#ifndef GOPHER_TYPE_CALENDAR
#define GOPHER_TYPE_CALENDAR                         0x00080000
#endif
#ifndef GOPHER_TYPE_INLINE
#define GOPHER_TYPE_INLINE                           0x00100000
#endif
#ifndef GOPHER_TYPE_UNKNOWN
#define GOPHER_TYPE_UNKNOWN                          0x20000000
#endif
#ifndef GOPHER_TYPE_ASK
#define GOPHER_TYPE_ASK                              0x40000000
#endif
#ifndef GOPHER_TYPE_GOPHER_PLUS
#define GOPHER_TYPE_GOPHER_PLUS                      0x80000000
#endif
#ifndef IS_GOPHER_FILE
#define IS_GOPHER_FILE(type) (BOOL)(((type) & GOPHER_TYPE_FILE_MASK) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_DIRECTORY
#define IS_GOPHER_DIRECTORY(type) (BOOL)(((type) & GOPHER_TYPE_DIRECTORY) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_PHONE_SERVER
#define IS_GOPHER_PHONE_SERVER(type) (BOOL)(((type) & GOPHER_TYPE_CSO) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_ERROR
#define IS_GOPHER_ERROR(type) (BOOL)(((type) & GOPHER_TYPE_ERROR) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_INDEX_SERVER
#define IS_GOPHER_INDEX_SERVER(type) (BOOL)(((type) & GOPHER_TYPE_INDEX_SERVER) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_TELNET_SESSION
#define IS_GOPHER_TELNET_SESSION(type) (BOOL)(((type) & GOPHER_TYPE_TELNET) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_BACKUP_SERVER
#define IS_GOPHER_BACKUP_SERVER(type) (BOOL)(((type) & GOPHER_TYPE_REDUNDANT) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_TN3270_SESSION
#define IS_GOPHER_TN3270_SESSION(type) (BOOL)(((type) & GOPHER_TYPE_TN3270) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_ASK
#define IS_GOPHER_ASK(type) (BOOL)(((type) & GOPHER_TYPE_ASK) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_PLUS
#define IS_GOPHER_PLUS(type) (BOOL)(((type) & GOPHER_TYPE_GOPHER_PLUS) ? TRUE : FALSE)
#endif
#ifndef IS_GOPHER_TYPE_KNOWN
#define IS_GOPHER_TYPE_KNOWN(type) (BOOL)(((type) & GOPHER_TYPE_UNKNOWN) ? FALSE : TRUE)
#endif
#ifndef GOPHER_TYPE_FILE_MASK
#define GOPHER_TYPE_FILE_MASK (GOPHER_TYPE_TEXT_FILE | GOPHER_TYPE_MAC_BINHEX |     \
    GOPHER_TYPE_DOS_ARCHIVE | GOPHER_TYPE_UNIX_UUENCODED | GOPHER_TYPE_BINARY |     \
    GOPHER_TYPE_GIF | GOPHER_TYPE_IMAGE | GOPHER_TYPE_BITMAP | GOPHER_TYPE_MOVIE |  \
    GOPHER_TYPE_SOUND | GOPHER_TYPE_HTML | GOPHER_TYPE_PDF | GOPHER_TYPE_CALENDAR | \
    GOPHER_TYPE_INLINE)
#endif
#ifndef MAX_GOPHER_CATEGORY_NAME
#define MAX_GOPHER_CATEGORY_NAME                     128
#endif
#ifndef MAX_GOPHER_ATTRIBUTE_NAME
#define MAX_GOPHER_ATTRIBUTE_NAME                    128
#endif
#ifndef MIN_GOPHER_ATTRIBUTE_LENGTH
#define MIN_GOPHER_ATTRIBUTE_LENGTH                  256
#endif
#ifndef GOPHER_INFO_CATEGORY
#define GOPHER_INFO_CATEGORY                         TEXT("+INFO")
#endif
#ifndef GOPHER_ADMIN_CATEGORY
#define GOPHER_ADMIN_CATEGORY                        TEXT("+ADMIN")
#endif
#ifndef GOPHER_VIEWS_CATEGORY
#define GOPHER_VIEWS_CATEGORY                        TEXT("+VIEWS")
#endif
#ifndef GOPHER_ABSTRACT_CATEGORY
#define GOPHER_ABSTRACT_CATEGORY                     TEXT("+ABSTRACT")
#endif
#ifndef GOPHER_VERONICA_CATEGORY
#define GOPHER_VERONICA_CATEGORY                     TEXT("+VERONICA")
#endif
#ifndef GOPHER_ADMIN_ATTRIBUTE
#define GOPHER_ADMIN_ATTRIBUTE                       TEXT("Admin")
#endif
#ifndef GOPHER_MOD_DATE_ATTRIBUTE
#define GOPHER_MOD_DATE_ATTRIBUTE                    TEXT("Mod-Date")
#endif
#ifndef GOPHER_TTL_ATTRIBUTE
#define GOPHER_TTL_ATTRIBUTE                         TEXT("TTL")
#endif
#ifndef GOPHER_SCORE_ATTRIBUTE
#define GOPHER_SCORE_ATTRIBUTE                       TEXT("Score")
#endif
#ifndef GOPHER_RANGE_ATTRIBUTE
#define GOPHER_RANGE_ATTRIBUTE                       TEXT("Score-range")
#endif
#ifndef GOPHER_SITE_ATTRIBUTE
#define GOPHER_SITE_ATTRIBUTE                        TEXT("Site")
#endif
#ifndef GOPHER_ORG_ATTRIBUTE
#define GOPHER_ORG_ATTRIBUTE                         TEXT("Org")
#endif
#ifndef GOPHER_LOCATION_ATTRIBUTE
#define GOPHER_LOCATION_ATTRIBUTE                    TEXT("Loc")
#endif
#ifndef GOPHER_GEOG_ATTRIBUTE
#define GOPHER_GEOG_ATTRIBUTE                        TEXT("Geog")
#endif
#ifndef GOPHER_TIMEZONE_ATTRIBUTE
#define GOPHER_TIMEZONE_ATTRIBUTE                    TEXT("TZ")
#endif
#ifndef GOPHER_PROVIDER_ATTRIBUTE
#define GOPHER_PROVIDER_ATTRIBUTE                    TEXT("Provider")
#endif
#ifndef GOPHER_VERSION_ATTRIBUTE
#define GOPHER_VERSION_ATTRIBUTE                     TEXT("Version")
#endif
#ifndef GOPHER_ABSTRACT_ATTRIBUTE
#define GOPHER_ABSTRACT_ATTRIBUTE                    TEXT("Abstract")
#endif
#ifndef GOPHER_VIEW_ATTRIBUTE
#define GOPHER_VIEW_ATTRIBUTE                        TEXT("View")
#endif
#ifndef GOPHER_TREEWALK_ATTRIBUTE
#define GOPHER_TREEWALK_ATTRIBUTE                    TEXT("treewalk")
#endif
#ifndef GOPHER_ATTRIBUTE_ID_BASE
#define GOPHER_ATTRIBUTE_ID_BASE                     0xabcccc00
#endif
#ifndef GOPHER_CATEGORY_ID_ALL
#define GOPHER_CATEGORY_ID_ALL                       (GOPHER_ATTRIBUTE_ID_BASE + 1)
#endif
#ifndef GOPHER_CATEGORY_ID_INFO
#define GOPHER_CATEGORY_ID_INFO                      (GOPHER_ATTRIBUTE_ID_BASE + 2)
#endif
#ifndef GOPHER_CATEGORY_ID_ADMIN
#define GOPHER_CATEGORY_ID_ADMIN                     (GOPHER_ATTRIBUTE_ID_BASE + 3)
#endif
#ifndef GOPHER_CATEGORY_ID_VIEWS
#define GOPHER_CATEGORY_ID_VIEWS                     (GOPHER_ATTRIBUTE_ID_BASE + 4)
#endif
#ifndef GOPHER_CATEGORY_ID_ABSTRACT
#define GOPHER_CATEGORY_ID_ABSTRACT                  (GOPHER_ATTRIBUTE_ID_BASE + 5)
#endif
#ifndef GOPHER_CATEGORY_ID_VERONICA
#define GOPHER_CATEGORY_ID_VERONICA                  (GOPHER_ATTRIBUTE_ID_BASE + 6)
#endif
#ifndef GOPHER_CATEGORY_ID_ASK
#define GOPHER_CATEGORY_ID_ASK                       (GOPHER_ATTRIBUTE_ID_BASE + 7)
#endif
#ifndef GOPHER_CATEGORY_ID_UNKNOWN
#define GOPHER_CATEGORY_ID_UNKNOWN                   (GOPHER_ATTRIBUTE_ID_BASE + 8)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_ALL
#define GOPHER_ATTRIBUTE_ID_ALL                      (GOPHER_ATTRIBUTE_ID_BASE + 9)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_ADMIN
#define GOPHER_ATTRIBUTE_ID_ADMIN                    (GOPHER_ATTRIBUTE_ID_BASE + 10)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_MOD_DATE
#define GOPHER_ATTRIBUTE_ID_MOD_DATE                 (GOPHER_ATTRIBUTE_ID_BASE + 11)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_TTL
#define GOPHER_ATTRIBUTE_ID_TTL                      (GOPHER_ATTRIBUTE_ID_BASE + 12)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_SCORE
#define GOPHER_ATTRIBUTE_ID_SCORE                    (GOPHER_ATTRIBUTE_ID_BASE + 13)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_RANGE
#define GOPHER_ATTRIBUTE_ID_RANGE                    (GOPHER_ATTRIBUTE_ID_BASE + 14)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_SITE
#define GOPHER_ATTRIBUTE_ID_SITE                     (GOPHER_ATTRIBUTE_ID_BASE + 15)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_ORG
#define GOPHER_ATTRIBUTE_ID_ORG                      (GOPHER_ATTRIBUTE_ID_BASE + 16)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_LOCATION
#define GOPHER_ATTRIBUTE_ID_LOCATION                 (GOPHER_ATTRIBUTE_ID_BASE + 17)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_GEOG
#define GOPHER_ATTRIBUTE_ID_GEOG                     (GOPHER_ATTRIBUTE_ID_BASE + 18)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_TIMEZONE
#define GOPHER_ATTRIBUTE_ID_TIMEZONE                 (GOPHER_ATTRIBUTE_ID_BASE + 19)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_PROVIDER
#define GOPHER_ATTRIBUTE_ID_PROVIDER                 (GOPHER_ATTRIBUTE_ID_BASE + 20)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_VERSION
#define GOPHER_ATTRIBUTE_ID_VERSION                  (GOPHER_ATTRIBUTE_ID_BASE + 21)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_ABSTRACT
#define GOPHER_ATTRIBUTE_ID_ABSTRACT                 (GOPHER_ATTRIBUTE_ID_BASE + 22)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_VIEW
#define GOPHER_ATTRIBUTE_ID_VIEW                     (GOPHER_ATTRIBUTE_ID_BASE + 23)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_TREEWALK
#define GOPHER_ATTRIBUTE_ID_TREEWALK                 (GOPHER_ATTRIBUTE_ID_BASE + 24)
#endif
#ifndef GOPHER_ATTRIBUTE_ID_UNKNOWN
#define GOPHER_ATTRIBUTE_ID_UNKNOWN                  (GOPHER_ATTRIBUTE_ID_BASE + 25)
#endif

/* ---- HTTP version strings, query levels and status codes ---- */
#ifndef HTTP_MAJOR_VERSION
#define HTTP_MAJOR_VERSION                           1
#endif
#ifndef HTTP_MINOR_VERSION
#define HTTP_MINOR_VERSION                           0
#endif
#ifndef HTTP_VERSIONA
#define HTTP_VERSIONA                                "HTTP/1.0"
#endif
#ifndef HTTP_VERSIONW
#define HTTP_VERSIONW                                L"HTTP/1.0"
#endif
#ifndef HTTP_QUERY_SET_COOKIE2
#define HTTP_QUERY_SET_COOKIE2                       87
#endif
#ifndef HTTP_QUERY_DO_NOT_TRACK
#define HTTP_QUERY_DO_NOT_TRACK                      88
#endif
#ifndef HTTP_QUERY_HTTP2_SETTINGS
#define HTTP_QUERY_HTTP2_SETTINGS                    90
#endif
#ifndef HTTP_QUERY_STRICT_TRANSPORT_SECURITY
#define HTTP_QUERY_STRICT_TRANSPORT_SECURITY         91
#endif
#ifndef HTTP_QUERY_TOKEN_BINDING
#define HTTP_QUERY_TOKEN_BINDING                     92
#endif
#ifndef HTTP_QUERY_INCLUDE_REFERRED_TOKEN_BINDING_ID
#define HTTP_QUERY_INCLUDE_REFERRED_TOKEN_BINDING_ID 93
#endif
#ifndef HTTP_QUERY_INCLUDE_REFERER_TOKEN_BINDING_ID
#define HTTP_QUERY_INCLUDE_REFERER_TOKEN_BINDING_ID  HTTP_QUERY_INCLUDE_REFERRED_TOKEN_BINDING_ID
#endif
#ifndef HTTP_QUERY_PUBLIC_KEY_PINS
#define HTTP_QUERY_PUBLIC_KEY_PINS                   94
#endif
#ifndef HTTP_QUERY_PUBLIC_KEY_PINS_REPORT_ONLY
#define HTTP_QUERY_PUBLIC_KEY_PINS_REPORT_ONLY       95
#endif
#ifndef HTTP_STATUS_MISDIRECTED_REQUEST
#define HTTP_STATUS_MISDIRECTED_REQUEST              421
#endif

/* ---- INTERNET_COOKIE_* flags (InternetSetCookieEx, InternetGetCookieEx) ---- */
#ifndef INTERNET_COOKIE_IS_SECURE
#define INTERNET_COOKIE_IS_SECURE                    0x01
#endif
#ifndef INTERNET_COOKIE_IS_SESSION
#define INTERNET_COOKIE_IS_SESSION                   0x02
#endif
#ifndef INTERNET_COOKIE_THIRD_PARTY
#define INTERNET_COOKIE_THIRD_PARTY                  0x10
#endif
#ifndef INTERNET_COOKIE_PROMPT_REQUIRED
#define INTERNET_COOKIE_PROMPT_REQUIRED              0x20
#endif
#ifndef INTERNET_COOKIE_EVALUATE_P3P
#define INTERNET_COOKIE_EVALUATE_P3P                 0x40
#endif
#ifndef INTERNET_COOKIE_APPLY_P3P
#define INTERNET_COOKIE_APPLY_P3P                    0x80
#endif
#ifndef INTERNET_COOKIE_P3P_ENABLED
#define INTERNET_COOKIE_P3P_ENABLED                  0x100
#endif
#ifndef INTERNET_COOKIE_IS_RESTRICTED
#define INTERNET_COOKIE_IS_RESTRICTED                0x200
#endif
#ifndef INTERNET_COOKIE_IE6
#define INTERNET_COOKIE_IE6                          0x400
#endif
#ifndef INTERNET_COOKIE_IS_LEGACY
#define INTERNET_COOKIE_IS_LEGACY                    0x800
#endif
#ifndef INTERNET_COOKIE_NON_SCRIPT
#define INTERNET_COOKIE_NON_SCRIPT                   0x00001000
#endif
#ifndef INTERNET_COOKIE_HTTPONLY
#define INTERNET_COOKIE_HTTPONLY                     0x00002000
#endif
#ifndef INTERNET_COOKIE_HOST_ONLY
#define INTERNET_COOKIE_HOST_ONLY                    0x00004000
#endif
#ifndef INTERNET_COOKIE_APPLY_HOST_ONLY
#define INTERNET_COOKIE_APPLY_HOST_ONLY              0x00008000
#endif
#ifndef INTERNET_COOKIE_HOST_ONLY_APPLIED
#define INTERNET_COOKIE_HOST_ONLY_APPLIED            0x00080000
#endif
#ifndef INTERNET_COOKIE_SAME_SITE_STRICT
#define INTERNET_COOKIE_SAME_SITE_STRICT             0x00100000
#endif
#ifndef INTERNET_COOKIE_SAME_SITE_LAX
#define INTERNET_COOKIE_SAME_SITE_LAX                0x00200000
#endif
#ifndef INTERNET_COOKIE_SAME_SITE_LEVEL_CROSS_SITE
#define INTERNET_COOKIE_SAME_SITE_LEVEL_CROSS_SITE   0x00400000
#endif

/* ---- InternetCheckConnection flags ---- */
#ifndef FLAG_ICC_FORCE_CONNECTION
#define FLAG_ICC_FORCE_CONNECTION                    0x00000001
#endif

/* ---- InternetErrorDlg flags ---- */
#ifndef FLAGS_ERROR_UI_FILTER_FOR_ERRORS
#define FLAGS_ERROR_UI_FILTER_FOR_ERRORS             0x01
#endif
#ifndef FLAGS_ERROR_UI_FLAGS_CHANGE_OPTIONS
#define FLAGS_ERROR_UI_FLAGS_CHANGE_OPTIONS          0x02
#endif
#ifndef FLAGS_ERROR_UI_FLAGS_GENERATE_DATA
#define FLAGS_ERROR_UI_FLAGS_GENERATE_DATA           0x04
#endif
#ifndef FLAGS_ERROR_UI_FLAGS_NO_UI
#define FLAGS_ERROR_UI_FLAGS_NO_UI                   0x08
#endif
#ifndef FLAGS_ERROR_UI_SERIALIZE_DIALOGS
#define FLAGS_ERROR_UI_SERIALIZE_DIALOGS             0x10
#endif

/* ---- URL cache entry types, group attributes and field controls ---- */
#ifndef NORMAL_CACHE_ENTRY
#define NORMAL_CACHE_ENTRY                           0x00000001
#endif
#ifndef STICKY_CACHE_ENTRY
#define STICKY_CACHE_ENTRY                           0x00000004
#endif
#ifndef EDITED_CACHE_ENTRY
#define EDITED_CACHE_ENTRY                           0x00000008
#endif
#ifndef TRACK_OFFLINE_CACHE_ENTRY
#define TRACK_OFFLINE_CACHE_ENTRY                    0x00000010
#endif
#ifndef TRACK_ONLINE_CACHE_ENTRY
#define TRACK_ONLINE_CACHE_ENTRY                     0x00000020
#endif
#ifndef SPARSE_CACHE_ENTRY
#define SPARSE_CACHE_ENTRY                           0x00010000
#endif
#ifndef COOKIE_CACHE_ENTRY
#define COOKIE_CACHE_ENTRY                           0x00100000
#endif
#ifndef URLHISTORY_CACHE_ENTRY
#define URLHISTORY_CACHE_ENTRY                       0x00200000
#endif
#ifndef URLCACHE_FIND_DEFAULT_FILTER
#define URLCACHE_FIND_DEFAULT_FILTER NORMAL_CACHE_ENTRY | COOKIE_CACHE_ENTRY |      \
    URLHISTORY_CACHE_ENTRY | TRACK_OFFLINE_CACHE_ENTRY | TRACK_ONLINE_CACHE_ENTRY | \
    STICKY_CACHE_ENTRY
#endif
#ifndef CACHEGROUP_ATTRIBUTE_GET_ALL
#define CACHEGROUP_ATTRIBUTE_GET_ALL                 0xffffffff
#endif
#ifndef CACHEGROUP_ATTRIBUTE_BASIC
#define CACHEGROUP_ATTRIBUTE_BASIC                   0x00000001
#endif
#ifndef CACHEGROUP_ATTRIBUTE_FLAG
#define CACHEGROUP_ATTRIBUTE_FLAG                    0x00000002
#endif
#ifndef CACHEGROUP_ATTRIBUTE_TYPE
#define CACHEGROUP_ATTRIBUTE_TYPE                    0x00000004
#endif
#ifndef CACHEGROUP_ATTRIBUTE_QUOTA
#define CACHEGROUP_ATTRIBUTE_QUOTA                   0x00000008
#endif
#ifndef CACHEGROUP_ATTRIBUTE_GROUPNAME
#define CACHEGROUP_ATTRIBUTE_GROUPNAME               0x00000010
#endif
#ifndef CACHEGROUP_ATTRIBUTE_STORAGE
#define CACHEGROUP_ATTRIBUTE_STORAGE                 0x00000020
#endif
#ifndef CACHEGROUP_FLAG_NONPURGEABLE
#define CACHEGROUP_FLAG_NONPURGEABLE                 0x00000001
#endif
#ifndef CACHEGROUP_FLAG_GIDONLY
#define CACHEGROUP_FLAG_GIDONLY                      0x00000004
#endif
#ifndef CACHEGROUP_FLAG_FLUSHURL_ONDELETE
#define CACHEGROUP_FLAG_FLUSHURL_ONDELETE            0x00000002
#endif
#ifndef CACHEGROUP_SEARCH_ALL
#define CACHEGROUP_SEARCH_ALL                        0x00000000
#endif
#ifndef CACHEGROUP_SEARCH_BYURL
#define CACHEGROUP_SEARCH_BYURL                      0x00000001
#endif
#ifndef CACHEGROUP_TYPE_INVALID
#define CACHEGROUP_TYPE_INVALID                      0x00000001
#endif
#ifndef CACHEGROUP_READWRITE_MASK
#define CACHEGROUP_READWRITE_MASK CACHEGROUP_ATTRIBUTE_TYPE | CACHEGROUP_ATTRIBUTE_QUOTA | \
    CACHEGROUP_ATTRIBUTE_GROUPNAME | CACHEGROUP_ATTRIBUTE_STORAGE
#endif
#ifndef GROUPNAME_MAX_LENGTH
#define GROUPNAME_MAX_LENGTH                         120
#endif
#ifndef GROUP_OWNER_STORAGE_SIZE
#define GROUP_OWNER_STORAGE_SIZE                     4
#endif
#ifndef CACHE_ENTRY_ATTRIBUTE_FC
#define CACHE_ENTRY_ATTRIBUTE_FC                     0x00000004
#endif
#ifndef CACHE_ENTRY_HITRATE_FC
#define CACHE_ENTRY_HITRATE_FC                       0x00000010
#endif
#ifndef CACHE_ENTRY_MODTIME_FC
#define CACHE_ENTRY_MODTIME_FC                       0x00000040
#endif
#ifndef CACHE_ENTRY_EXPTIME_FC
#define CACHE_ENTRY_EXPTIME_FC                       0x00000080
#endif
#ifndef CACHE_ENTRY_ACCTIME_FC
#define CACHE_ENTRY_ACCTIME_FC                       0x00000100
#endif
#ifndef CACHE_ENTRY_SYNCTIME_FC
#define CACHE_ENTRY_SYNCTIME_FC                      0x00000200
#endif
#ifndef CACHE_ENTRY_HEADERINFO_FC
#define CACHE_ENTRY_HEADERINFO_FC                    0x00000400
#endif
#ifndef CACHE_ENTRY_EXEMPT_DELTA_FC
#define CACHE_ENTRY_EXEMPT_DELTA_FC                  0x00000800
#endif
#ifndef INTERNET_CACHE_GROUP_ADD
#define INTERNET_CACHE_GROUP_ADD                     0
#endif
#ifndef INTERNET_CACHE_GROUP_REMOVE
#define INTERNET_CACHE_GROUP_REMOVE                  1
#endif

/* ---- Dial-up ---- */
#ifndef INTERNET_DIAL_FORCE_PROMPT
#define INTERNET_DIAL_FORCE_PROMPT                   0x2000
#endif
#ifndef INTERNET_DIAL_SHOW_OFFLINE
#define INTERNET_DIAL_SHOW_OFFLINE                   0x4000
#endif
#ifndef INTERNET_DIAL_UNATTENDED
#define INTERNET_DIAL_UNATTENDED                     0x8000
#endif
#ifndef INTERENT_GOONLINE_REFRESH
#define INTERENT_GOONLINE_REFRESH                    0x00000001
#endif
#ifndef INTERENT_GOONLINE_MASK
#define INTERENT_GOONLINE_MASK                       0x00000001
#endif
#ifndef INTERNET_AUTODIAL_FORCE_ONLINE
#define INTERNET_AUTODIAL_FORCE_ONLINE               1
#endif
#ifndef INTERNET_AUTODIAL_FORCE_UNATTENDED
#define INTERNET_AUTODIAL_FORCE_UNATTENDED           2
#endif
#ifndef INTERNET_AUTODIAL_FAILIFSECURITYCHECK
#define INTERNET_AUTODIAL_FAILIFSECURITYCHECK        4
#endif
#ifndef INTERNET_AUTODIAL_OVERRIDE_NET_PRESENT
#define INTERNET_AUTODIAL_OVERRIDE_NET_PRESENT       8
#endif
#ifndef INTERNET_AUTODIAL_FLAGS_MASK
#define INTERNET_AUTODIAL_FLAGS_MASK (INTERNET_AUTODIAL_FORCE_ONLINE |           \
    INTERNET_AUTODIAL_FORCE_UNATTENDED | INTERNET_AUTODIAL_FAILIFSECURITYCHECK | \
    INTERNET_AUTODIAL_OVERRIDE_NET_PRESENT)
#endif
#ifndef PROXY_AUTO_DETECT_TYPE_DHCP
#define PROXY_AUTO_DETECT_TYPE_DHCP                  1
#endif
#ifndef PROXY_AUTO_DETECT_TYPE_DNS_A
#define PROXY_AUTO_DETECT_TYPE_DNS_A                 2
#endif
#ifndef INTERNET_RAS_INSTALLED
#define INTERNET_RAS_INSTALLED                       0x10
#endif
#ifndef INTERNET_CUSTOMDIAL_CONNECT
#define INTERNET_CUSTOMDIAL_CONNECT                  0
#endif
#ifndef INTERNET_CUSTOMDIAL_UNATTENDED
#define INTERNET_CUSTOMDIAL_UNATTENDED               1
#endif
#ifndef INTERNET_CUSTOMDIAL_DISCONNECT
#define INTERNET_CUSTOMDIAL_DISCONNECT               2
#endif
#ifndef INTERNET_CUSTOMDIAL_SHOWOFFLINE
#define INTERNET_CUSTOMDIAL_SHOWOFFLINE              4
#endif
#ifndef INTERNET_CUSTOMDIAL_SAFE_FOR_UNATTENDED
#define INTERNET_CUSTOMDIAL_SAFE_FOR_UNATTENDED      1
#endif
#ifndef INTERNET_CUSTOMDIAL_WILL_SUPPLY_STATE
#define INTERNET_CUSTOMDIAL_WILL_SUPPLY_STATE        2
#endif
#ifndef INTERNET_CUSTOMDIAL_CAN_HANGUP
#define INTERNET_CUSTOMDIAL_CAN_HANGUP               4
#endif
#ifndef INTERNET_DIALSTATE_DISCONNECTED
#define INTERNET_DIALSTATE_DISCONNECTED              1
#endif

/* ---- InternetGetConnectedState flags ---- */
#ifndef INTERNET_CONNECTION_MODEM
#define INTERNET_CONNECTION_MODEM                    0x01
#endif
#ifndef INTERNET_CONNECTION_LAN
#define INTERNET_CONNECTION_LAN                      0x02
#endif
#ifndef INTERNET_CONNECTION_PROXY
#define INTERNET_CONNECTION_PROXY                    0x04
#endif
#ifndef INTERNET_CONNECTION_MODEM_BUSY
#define INTERNET_CONNECTION_MODEM_BUSY               0x08
#endif
#ifndef INTERNET_CONNECTION_OFFLINE
#define INTERNET_CONNECTION_OFFLINE                  0x20
#endif
#ifndef INTERNET_CONNECTION_CONFIGURED
#define INTERNET_CONNECTION_CONFIGURED               0x40
#endif

/* ---- Privacy templates and types ---- */
#ifndef PRIVACY_TEMPLATE_NO_COOKIES
#define PRIVACY_TEMPLATE_NO_COOKIES                  0
#endif
#ifndef PRIVACY_TEMPLATE_HIGH
#define PRIVACY_TEMPLATE_HIGH                        1
#endif
#ifndef PRIVACY_TEMPLATE_MEDIUM_HIGH
#define PRIVACY_TEMPLATE_MEDIUM_HIGH                 2
#endif
#ifndef PRIVACY_TEMPLATE_MEDIUM
#define PRIVACY_TEMPLATE_MEDIUM                      3
#endif
#ifndef PRIVACY_TEMPLATE_MEDIUM_LOW
#define PRIVACY_TEMPLATE_MEDIUM_LOW                  4
#endif
#ifndef PRIVACY_TEMPLATE_LOW
#define PRIVACY_TEMPLATE_LOW                         5
#endif
#ifndef PRIVACY_TEMPLATE_CUSTOM
#define PRIVACY_TEMPLATE_CUSTOM                      100
#endif
#ifndef PRIVACY_TEMPLATE_ADVANCED
#define PRIVACY_TEMPLATE_ADVANCED                    101
#endif
#ifndef PRIVACY_TEMPLATE_MAX
#define PRIVACY_TEMPLATE_MAX                         PRIVACY_TEMPLATE_LOW
#endif
#ifndef PRIVACY_TYPE_FIRST_PARTY
#define PRIVACY_TYPE_FIRST_PARTY                     0
#endif
#ifndef PRIVACY_TYPE_THIRD_PARTY
#define PRIVACY_TYPE_THIRD_PARTY                     1
#endif

#ifndef HTTP_VERSION
#ifdef UNICODE
#define HTTP_VERSION HTTP_VERSIONW
#else
#define HTTP_VERSION HTTP_VERSIONA
#endif
#endif

/* ======================================================================================== */
/* Win32 types the SDK's declarations use                                                   */
/* ======================================================================================== */

/* Where the SDK's declarations use a Win32 type of <windows.h> (HANDLE, HWND, LONG, PLONG,
 * PBYTE, PDWORD, PBOOL, PSTR, DWORDLONG), these use the C type it stands for (void *, int32_t,
 * BYTE *, ...), so that a program's own Win32 definitions, from <windows.h>, a porting header or
 * its own shim, meet no second definition here. FILETIME, which WinInet's structures hold, is
 * defined unless a header defined RINET_NO_WIN32_BASE_TYPES (then that header provides it) or
 * the SDK's own guard _FILETIME_; WIN32_FIND_DATA unless RINET_HAVE_WIN32_FIND_DATA. */

#ifndef VOID
#define VOID void
#endif

/* FILETIME: 100-nanosecond intervals since 1601-01-01 UTC, in two DWORDs. A header that defines
 * RINET_NO_WIN32_BASE_TYPES provides it, as the SDK's minwindef.h does (guard _FILETIME_). */
#if !defined(_FILETIME_) && !defined(RINET_NO_WIN32_BASE_TYPES)
#define _FILETIME_
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
#endif

/* WIN32_FIND_DATAA / W: what FtpFindFirstFile and InternetFindNextFile fill (never, here). A
 * header that provides them (the SDK's minwinbase.h) defines RINET_HAVE_WIN32_FIND_DATA first. */
#ifndef RINET_HAVE_WIN32_FIND_DATA
#define RINET_HAVE_WIN32_FIND_DATA
typedef struct _WIN32_FIND_DATAA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD dwReserved0;
    DWORD dwReserved1;
    CHAR cFileName[MAX_PATH];
    CHAR cAlternateFileName[14];
} WIN32_FIND_DATAA, *PWIN32_FIND_DATAA, *LPWIN32_FIND_DATAA;
typedef struct _WIN32_FIND_DATAW {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime;
    FILETIME ftLastAccessTime;
    FILETIME ftLastWriteTime;
    DWORD nFileSizeHigh;
    DWORD nFileSizeLow;
    DWORD dwReserved0;
    DWORD dwReserved1;
    WCHAR cFileName[MAX_PATH];
    WCHAR cAlternateFileName[14];
} WIN32_FIND_DATAW, *PWIN32_FIND_DATAW, *LPWIN32_FIND_DATAW;
#ifdef UNICODE
typedef WIN32_FIND_DATAW WIN32_FIND_DATA;
typedef PWIN32_FIND_DATAW PWIN32_FIND_DATA;
typedef LPWIN32_FIND_DATAW LPWIN32_FIND_DATA;
#else
typedef WIN32_FIND_DATAA WIN32_FIND_DATA;
typedef PWIN32_FIND_DATAA PWIN32_FIND_DATA;
typedef LPWIN32_FIND_DATAA LPWIN32_FIND_DATA;
#endif
#endif /* RINET_HAVE_WIN32_FIND_DATA */

/* ======================================================================================== */
/* WinInet structures of the SDK that wininet.h does not define                             */
/* ======================================================================================== */

/* INTERNET_OPTION_VERSION: rinet reports {1, 2}, as WinInet does. */
typedef struct {
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
} INTERNET_VERSION_INFO, *LPINTERNET_VERSION_INFO;

/* INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO. */
typedef struct {
    DWORD_PTR Socket;
    DWORD SourcePort;
    DWORD DestPort;
    DWORD Flags; /* IDSI_FLAG_* */
} INTERNET_DIAGNOSTIC_SOCKET_INFO, *LPINTERNET_DIAGNOSTIC_SOCKET_INFO;

/* INTERNET_OPTION_CONNECTED_STATE. */
typedef struct {
    DWORD dwConnectedState; /* INTERNET_STATE_* */
    DWORD dwFlags;          /* ISO_FORCE_DISCONNECTED */
} INTERNET_CONNECTED_INFO, *LPINTERNET_CONNECTED_INFO;

/* INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, queried on an HTTPS request after it was sent
 * (ERROR_INTERNET_INVALID_OPERATION on a request with no TLS connection). The validity dates; the
 * subject and issuer, each attribute value on its own line ("US\r\nExample Inc\r\nwww.example.com");
 * the key size in bits of the session's cipher (128 for AES-128, 256 for AES-256 and ChaCha20).
 * lpszProtocolName, lpszSignatureAlgName and lpszEncryptionAlgName are NULL, as WinInet leaves
 * them. Free each non-NULL string with LocalFree (or rinet_mem_free without the Win32 porting
 * headers).
 *
 * As in WinInet, and as Microsoft documents it, the strings are ANSI (char) strings through
 * InternetQueryOptionA and InternetQueryOptionW alike: with UNICODE, cast them to LPSTR.
 * INTERNET_CERTIFICATE_INFO has the SDK's LPTSTR members; the A and W forms name the two
 * declarations, the same layout. */
typedef struct {
    FILETIME ftExpiry;
    FILETIME ftStart;
    LPSTR lpszSubjectInfo;
    LPSTR lpszIssuerInfo;
    LPSTR lpszProtocolName;
    LPSTR lpszSignatureAlgName;
    LPSTR lpszEncryptionAlgName;
    DWORD dwKeySize;
} INTERNET_CERTIFICATE_INFOA, *LPINTERNET_CERTIFICATE_INFOA;

typedef struct {
    FILETIME ftExpiry;
    FILETIME ftStart;
    LPWSTR lpszSubjectInfo;       /* holds a char string, as in WinInet: cast to LPSTR */
    LPWSTR lpszIssuerInfo;        /* likewise */
    LPWSTR lpszProtocolName;      /* NULL */
    LPWSTR lpszSignatureAlgName;  /* NULL */
    LPWSTR lpszEncryptionAlgName; /* NULL */
    DWORD dwKeySize;
} INTERNET_CERTIFICATE_INFOW, *LPINTERNET_CERTIFICATE_INFOW;

#ifdef UNICODE
typedef INTERNET_CERTIFICATE_INFOW INTERNET_CERTIFICATE_INFO;
typedef LPINTERNET_CERTIFICATE_INFOW LPINTERNET_CERTIFICATE_INFO;
#else
typedef INTERNET_CERTIFICATE_INFOA INTERNET_CERTIFICATE_INFO;
typedef LPINTERNET_CERTIFICATE_INFOA LPINTERNET_CERTIFICATE_INFO;
#endif

/* INTERNET_OPTION_PER_CONNECTION_OPTION, with InternetSetOption and InternetQueryOption on the
 * NULL handle (the preconfigured settings, which sessions opened afterwards with
 * INTERNET_OPEN_TYPE_PRECONFIG take) or on a session handle (that session's requests sent
 * afterwards). Set dwSize to sizeof(INTERNET_PER_CONN_OPTION_LIST) and the buffer length to
 * the same; pszConnection is not read (rinet has one connection, the LAN).
 *   INTERNET_PER_CONN_FLAGS (and _FLAGS_UI): PROXY_TYPE_PROXY or PROXY_TYPE_DIRECT (a set with
 *     both turns the proxy off, as in WinInet). A query never reports PROXY_TYPE_AUTO_PROXY_URL or
 *     PROXY_TYPE_AUTO_DETECT; a set ignores them.
 *   INTERNET_PER_CONN_PROXY_SERVER, INTERNET_PER_CONN_PROXY_BYPASS: the lists, as InternetOpen
 *     takes them. Before a program sets the NULL handle's, they are the environment's
 *     (http_proxy, https_proxy, all_proxy; no_proxy).
 *   The AUTOCONFIG_* and AUTODISCOVERY options: a set accepts them and changes nothing (rinet
 *     runs no proxy script); a query gives NULL or 0.
 * A query fills Value of each option; free each string with GlobalFree, as on Windows (the
 * Win32 porting headers' GlobalFree), or rinet_mem_free without them. An empty string is NULL. An unknown option fails the
 * call with ERROR_INVALID_PARAMETER and its index in dwOptionError; a proxy list that cannot be
 * read fails a set the same way. A buffer length below the list's size: 12010 for a set, 122
 * (with the size) for a query. On a connect or request handle: 12018. */
typedef struct {
    DWORD dwOption; /* INTERNET_PER_CONN_* */
    union {
        DWORD dwValue;
        LPSTR pszValue;
        FILETIME ftValue;
    } Value;
} INTERNET_PER_CONN_OPTIONA, *LPINTERNET_PER_CONN_OPTIONA;

typedef struct {
    DWORD dwSize;
    LPSTR pszConnection;
    DWORD dwOptionCount;
    DWORD dwOptionError;
    LPINTERNET_PER_CONN_OPTIONA pOptions;
} INTERNET_PER_CONN_OPTION_LISTA, *LPINTERNET_PER_CONN_OPTION_LISTA;

typedef struct {
    DWORD dwOption;
    union {
        DWORD dwValue;
        LPWSTR pszValue;
        FILETIME ftValue;
    } Value;
} INTERNET_PER_CONN_OPTIONW, *LPINTERNET_PER_CONN_OPTIONW;

typedef struct {
    DWORD dwSize;
    LPWSTR pszConnection;
    DWORD dwOptionCount;
    DWORD dwOptionError;
    LPINTERNET_PER_CONN_OPTIONW pOptions;
} INTERNET_PER_CONN_OPTION_LISTW, *LPINTERNET_PER_CONN_OPTION_LISTW;

#ifdef UNICODE
typedef INTERNET_PER_CONN_OPTIONW INTERNET_PER_CONN_OPTION;
typedef LPINTERNET_PER_CONN_OPTIONW LPINTERNET_PER_CONN_OPTION;
typedef INTERNET_PER_CONN_OPTION_LISTW INTERNET_PER_CONN_OPTION_LIST;
typedef LPINTERNET_PER_CONN_OPTION_LISTW LPINTERNET_PER_CONN_OPTION_LIST;
#else
typedef INTERNET_PER_CONN_OPTIONA INTERNET_PER_CONN_OPTION;
typedef LPINTERNET_PER_CONN_OPTIONA LPINTERNET_PER_CONN_OPTION;
typedef INTERNET_PER_CONN_OPTION_LISTA INTERNET_PER_CONN_OPTION_LIST;
typedef LPINTERNET_PER_CONN_OPTION_LISTA LPINTERNET_PER_CONN_OPTION_LIST;
#endif

/* InternetSetCookieEx's return value. rinet returns COOKIE_STATE_ACCEPT for a stored cookie,
 * COOKIE_STATE_REJECT for an HttpOnly cookie refused, COOKIE_STATE_UNKNOWN (0, FALSE) for any
 * other failure. */
typedef enum {
    COOKIE_STATE_UNKNOWN = 0x0,
    COOKIE_STATE_ACCEPT = 0x1,
    COOKIE_STATE_PROMPT = 0x2,
    COOKIE_STATE_LEASH = 0x3,
    COOKIE_STATE_DOWNGRADE = 0x4,
    COOKIE_STATE_REJECT = 0x5,
    COOKIE_STATE_MAX = COOKIE_STATE_REJECT
} InternetCookieState;

/* The payloads of INTERNET_STATUS_COOKIE_RECEIVED, _COOKIE_SENT and _COOKIE_HISTORY, which rinet
 * does not send. */
typedef struct {
    int cSession;
    int cPersistent;
    int cAccepted;
    int cLeashed;
    int cDowngraded;
    int cBlocked;
    const char *pszLocation;
} IncomingCookieState;

typedef struct {
    int cSent;
    int cSuppressed;
    const char *pszLocation;
} OutgoingCookieState;

typedef struct {
    BOOL fAccepted;
    BOOL fLeashed;
    BOOL fDowngraded;
    BOOL fRejected;
} InternetCookieHistory;

typedef struct {
    DWORD dwCookieState;
    BOOL fAllowSession;
} CookieDecision;

/* InternetGetCookieEx2 and InternetSetCookieEx2 (not supported). */
typedef struct {
    PWSTR pwszName;
    PWSTR pwszValue;
    PWSTR pwszDomain;
    PWSTR pwszPath;
    DWORD dwFlags;
    FILETIME ftExpires;
    BOOL fExpiresSet;
} INTERNET_COOKIE2;

/* FLAGS_ERROR_UI_SERIALIZE_DIALOGS' data (InternetErrorDlg reads no data). */
typedef DWORD(CALLBACK *PFN_AUTH_NOTIFY)(DWORD_PTR, DWORD, LPVOID);
typedef struct {
    DWORD cbStruct;
    DWORD dwOptions;
    PFN_AUTH_NOTIFY pfnNotify;
    DWORD_PTR dwContext;
} INTERNET_AUTH_NOTIFY_DATA;

/* The application's PFN_AUTH_NOTIFY, declared as the SDK declares it; rinet neither defines nor
 * calls it. */
#ifdef __cplusplus
extern "C" {
#endif
DWORD InternetAuthNotifyCallback(DWORD_PTR dwContext, DWORD dwReturn, LPVOID lpReserved);
#ifdef __cplusplus
}
#endif

/* ---- Gopher (not supported) ---- */
typedef struct {
    CHAR DisplayString[MAX_GOPHER_DISPLAY_TEXT + 1];
    DWORD GopherType;
    DWORD SizeLow;
    DWORD SizeHigh;
    FILETIME LastModificationTime;
    CHAR Locator[MAX_GOPHER_LOCATOR_LENGTH + 1];
} GOPHER_FIND_DATAA, *LPGOPHER_FIND_DATAA;

typedef struct {
    WCHAR DisplayString[MAX_GOPHER_DISPLAY_TEXT + 1];
    DWORD GopherType;
    DWORD SizeLow;
    DWORD SizeHigh;
    FILETIME LastModificationTime;
    WCHAR Locator[MAX_GOPHER_LOCATOR_LENGTH + 1];
} GOPHER_FIND_DATAW, *LPGOPHER_FIND_DATAW;

#ifdef UNICODE
typedef GOPHER_FIND_DATAW GOPHER_FIND_DATA;
typedef LPGOPHER_FIND_DATAW LPGOPHER_FIND_DATA;
#else
typedef GOPHER_FIND_DATAA GOPHER_FIND_DATA;
typedef LPGOPHER_FIND_DATAA LPGOPHER_FIND_DATA;
#endif

typedef struct {
    LPCTSTR Comment;
    LPCTSTR EmailAddress;
} GOPHER_ADMIN_ATTRIBUTE_TYPE, *LPGOPHER_ADMIN_ATTRIBUTE_TYPE;

typedef struct {
    FILETIME DateAndTime;
} GOPHER_MOD_DATE_ATTRIBUTE_TYPE, *LPGOPHER_MOD_DATE_ATTRIBUTE_TYPE;

typedef struct {
    DWORD Ttl;
} GOPHER_TTL_ATTRIBUTE_TYPE, *LPGOPHER_TTL_ATTRIBUTE_TYPE;

typedef struct {
    int Score;
} GOPHER_SCORE_ATTRIBUTE_TYPE, *LPGOPHER_SCORE_ATTRIBUTE_TYPE;

typedef struct {
    int LowerBound;
    int UpperBound;
} GOPHER_SCORE_RANGE_ATTRIBUTE_TYPE, *LPGOPHER_SCORE_RANGE_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR Site;
} GOPHER_SITE_ATTRIBUTE_TYPE, *LPGOPHER_SITE_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR Organization;
} GOPHER_ORGANIZATION_ATTRIBUTE_TYPE, *LPGOPHER_ORGANIZATION_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR Location;
} GOPHER_LOCATION_ATTRIBUTE_TYPE, *LPGOPHER_LOCATION_ATTRIBUTE_TYPE;

typedef struct {
    int DegreesNorth;
    int MinutesNorth;
    int SecondsNorth;
    int DegreesEast;
    int MinutesEast;
    int SecondsEast;
} GOPHER_GEOGRAPHICAL_LOCATION_ATTRIBUTE_TYPE, *LPGOPHER_GEOGRAPHICAL_LOCATION_ATTRIBUTE_TYPE;

typedef struct {
    int Zone;
} GOPHER_TIMEZONE_ATTRIBUTE_TYPE, *LPGOPHER_TIMEZONE_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR Provider;
} GOPHER_PROVIDER_ATTRIBUTE_TYPE, *LPGOPHER_PROVIDER_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR Version;
} GOPHER_VERSION_ATTRIBUTE_TYPE, *LPGOPHER_VERSION_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR ShortAbstract;
    LPCTSTR AbstractFile;
} GOPHER_ABSTRACT_ATTRIBUTE_TYPE, *LPGOPHER_ABSTRACT_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR ContentType;
    LPCTSTR Language;
    DWORD Size;
} GOPHER_VIEW_ATTRIBUTE_TYPE, *LPGOPHER_VIEW_ATTRIBUTE_TYPE;

typedef struct {
    BOOL TreeWalk;
} GOPHER_VERONICA_ATTRIBUTE_TYPE, *LPGOPHER_VERONICA_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR QuestionType;
    LPCTSTR QuestionText;
} GOPHER_ASK_ATTRIBUTE_TYPE, *LPGOPHER_ASK_ATTRIBUTE_TYPE;

typedef struct {
    LPCTSTR Text;
} GOPHER_UNKNOWN_ATTRIBUTE_TYPE, *LPGOPHER_UNKNOWN_ATTRIBUTE_TYPE;

typedef struct {
    DWORD CategoryId;
    DWORD AttributeId;
    union {
        GOPHER_ADMIN_ATTRIBUTE_TYPE Admin;
        GOPHER_MOD_DATE_ATTRIBUTE_TYPE ModDate;
        GOPHER_TTL_ATTRIBUTE_TYPE Ttl;
        GOPHER_SCORE_ATTRIBUTE_TYPE Score;
        GOPHER_SCORE_RANGE_ATTRIBUTE_TYPE ScoreRange;
        GOPHER_SITE_ATTRIBUTE_TYPE Site;
        GOPHER_ORGANIZATION_ATTRIBUTE_TYPE Organization;
        GOPHER_LOCATION_ATTRIBUTE_TYPE Location;
        GOPHER_GEOGRAPHICAL_LOCATION_ATTRIBUTE_TYPE GeographicalLocation;
        GOPHER_TIMEZONE_ATTRIBUTE_TYPE TimeZone;
        GOPHER_PROVIDER_ATTRIBUTE_TYPE Provider;
        GOPHER_VERSION_ATTRIBUTE_TYPE Version;
        GOPHER_ABSTRACT_ATTRIBUTE_TYPE Abstract;
        GOPHER_VIEW_ATTRIBUTE_TYPE View;
        GOPHER_VERONICA_ATTRIBUTE_TYPE Veronica;
        GOPHER_ASK_ATTRIBUTE_TYPE Ask;
        GOPHER_UNKNOWN_ATTRIBUTE_TYPE Unknown;
    } AttributeType;
} GOPHER_ATTRIBUTE_TYPE, *LPGOPHER_ATTRIBUTE_TYPE;

typedef BOOL(CALLBACK *GOPHER_ATTRIBUTE_ENUMERATOR)(LPGOPHER_ATTRIBUTE_TYPE lpAttributeInfo, DWORD dwError);

/* ---- URL cache (rinet keeps none: see the URL-cache functions) ---- */
typedef struct _INTERNET_CACHE_ENTRY_INFOA {
    DWORD dwStructSize;
    LPSTR lpszSourceUrlName;
    LPSTR lpszLocalFileName;
    DWORD CacheEntryType;
    DWORD dwUseCount;
    DWORD dwHitRate;
    DWORD dwSizeLow;
    DWORD dwSizeHigh;
    FILETIME LastModifiedTime;
    FILETIME ExpireTime;
    FILETIME LastAccessTime;
    FILETIME LastSyncTime;
    LPSTR lpHeaderInfo;
    DWORD dwHeaderInfoSize;
    LPSTR lpszFileExtension;
    RINET_SDK_ANONYMOUS union {
        DWORD dwReserved;
        DWORD dwExemptDelta;
    };
} INTERNET_CACHE_ENTRY_INFOA, *LPINTERNET_CACHE_ENTRY_INFOA;

typedef struct _INTERNET_CACHE_ENTRY_INFOW {
    DWORD dwStructSize;
    LPWSTR lpszSourceUrlName;
    LPWSTR lpszLocalFileName;
    DWORD CacheEntryType;
    DWORD dwUseCount;
    DWORD dwHitRate;
    DWORD dwSizeLow;
    DWORD dwSizeHigh;
    FILETIME LastModifiedTime;
    FILETIME ExpireTime;
    FILETIME LastAccessTime;
    FILETIME LastSyncTime;
    LPWSTR lpHeaderInfo;
    DWORD dwHeaderInfoSize;
    LPWSTR lpszFileExtension;
    RINET_SDK_ANONYMOUS union {
        DWORD dwReserved;
        DWORD dwExemptDelta;
    };
} INTERNET_CACHE_ENTRY_INFOW, *LPINTERNET_CACHE_ENTRY_INFOW;

#ifdef UNICODE
typedef INTERNET_CACHE_ENTRY_INFOW INTERNET_CACHE_ENTRY_INFO;
typedef LPINTERNET_CACHE_ENTRY_INFOW LPINTERNET_CACHE_ENTRY_INFO;
#else
typedef INTERNET_CACHE_ENTRY_INFOA INTERNET_CACHE_ENTRY_INFO;
typedef LPINTERNET_CACHE_ENTRY_INFOA LPINTERNET_CACHE_ENTRY_INFO;
#endif

typedef struct _INTERNET_CACHE_TIMESTAMPS {
    FILETIME ftExpires;
    FILETIME ftLastModified;
} INTERNET_CACHE_TIMESTAMPS, *LPINTERNET_CACHE_TIMESTAMPS;

typedef int64_t GROUPID; /* LONGLONG */

typedef struct _INTERNET_CACHE_GROUP_INFOA {
    DWORD dwGroupSize;
    DWORD dwGroupFlags;
    DWORD dwGroupType;
    DWORD dwDiskUsage;
    DWORD dwDiskQuota;
    DWORD dwOwnerStorage[GROUP_OWNER_STORAGE_SIZE];
    CHAR szGroupName[GROUPNAME_MAX_LENGTH];
} INTERNET_CACHE_GROUP_INFOA, *LPINTERNET_CACHE_GROUP_INFOA;

typedef struct _INTERNET_CACHE_GROUP_INFOW {
    DWORD dwGroupSize;
    DWORD dwGroupFlags;
    DWORD dwGroupType;
    DWORD dwDiskUsage;
    DWORD dwDiskQuota;
    DWORD dwOwnerStorage[GROUP_OWNER_STORAGE_SIZE];
    WCHAR szGroupName[GROUPNAME_MAX_LENGTH];
} INTERNET_CACHE_GROUP_INFOW, *LPINTERNET_CACHE_GROUP_INFOW;

#ifdef UNICODE
typedef INTERNET_CACHE_GROUP_INFOW INTERNET_CACHE_GROUP_INFO;
typedef LPINTERNET_CACHE_GROUP_INFOW LPINTERNET_CACHE_GROUP_INFO;
#else
typedef INTERNET_CACHE_GROUP_INFOA INTERNET_CACHE_GROUP_INFO;
typedef LPINTERNET_CACHE_GROUP_INFOA LPINTERNET_CACHE_GROUP_INFO;
#endif

/* ---- Proxy scripts and dial-up (not supported) ---- */
struct AutoProxyHelperFunctions;
typedef struct AutoProxyHelperVtbl {
    BOOL(WINAPI *IsResolvable)(LPSTR lpszHost);
    DWORD(WINAPI *GetIPAddress)(LPSTR lpszIPAddress, LPDWORD lpdwIPAddressSize);
    DWORD(WINAPI *ResolveHostName)(LPSTR lpszHostName, LPSTR lpszIPAddress, LPDWORD lpdwIPAddressSize);
    BOOL(WINAPI *IsInNet)(LPSTR lpszIPAddress, LPSTR lpszDest, LPSTR lpszMask);
    BOOL(WINAPI *IsResolvableEx)(LPSTR lpszHost);
    DWORD(WINAPI *GetIPAddressEx)(LPSTR lpszIPAddress, LPDWORD lpdwIPAddressSize);
    DWORD(WINAPI *ResolveHostNameEx)(LPSTR lpszHostName, LPSTR lpszIPAddress, LPDWORD lpdwIPAddressSize);
    BOOL(WINAPI *IsInNetEx)(LPSTR lpszIPAddress, LPSTR lpszIPPrefix);
    DWORD(WINAPI *SortIpList)(LPSTR lpszIPAddressList, LPSTR lpszIPSortedList, LPDWORD lpdwIPSortedListSize);
} AutoProxyHelperVtbl;

typedef struct {
    DWORD dwStructSize;
    LPSTR lpszScriptBuffer;
    DWORD dwScriptBufferSize;
} AUTO_PROXY_SCRIPT_BUFFER, *LPAUTO_PROXY_SCRIPT_BUFFER;

typedef struct AutoProxyHelperFunctions {
    const struct AutoProxyHelperVtbl *lpVtbl;
} AutoProxyHelperFunctions;

typedef BOOL(CALLBACK *pfnInternetInitializeAutoProxyDll)(DWORD dwVersion, LPSTR lpszDownloadedTempFile,
                                                          LPSTR lpszMime,
                                                          AutoProxyHelperFunctions *lpAutoProxyCallbacks,
                                                          LPAUTO_PROXY_SCRIPT_BUFFER lpAutoProxyScriptBuffer);
typedef BOOL(CALLBACK *pfnInternetDeInitializeAutoProxyDll)(LPSTR lpszMime, DWORD dwReserved);
typedef BOOL(CALLBACK *pfnInternetGetProxyInfo)(LPCSTR lpszUrl, DWORD dwUrlLength, LPSTR lpszUrlHostName,
                                                DWORD dwUrlHostNameLength, LPSTR *lplpszProxyHostName,
                                                LPDWORD lpdwProxyHostNameLength);

typedef enum {
    WPAD_CACHE_DELETE_CURRENT = 0x0,
    WPAD_CACHE_DELETE_ALL = 0x1
} WPAD_CACHE_DELETE;

typedef DWORD(CALLBACK *PFN_DIAL_HANDLER)(void * /* HWND */, LPCSTR, DWORD, LPDWORD);

/* ======================================================================================== */
/* Functions rinet provides                                                                 */
/* ======================================================================================== */

/* InternetErrorDlg: rinet shows no dialog. Every call gets the answer Windows gives with
 * FLAGS_ERROR_UI_FLAGS_NO_UI, whatever dwFlags say, so where a person would have been asked
 * the answer is "cancelled". lppvData is neither read nor written; FLAGS_ERROR_UI_FLAGS_CHANGE_OPTIONS
 * changes nothing (no dialog ever accepts). In order:
 *   - ERROR_INVALID_HANDLE (6): hWnd NULL without FLAGS_ERROR_UI_FLAGS_NO_UI (no window to show a
 *     dialog on), or hRequest not NULL and not a valid handle;
 *   - ERROR_SUCCESS: hRequest a session or connect handle (as WinInet);
 *   - dwError ERROR_SUCCESS without FLAGS_ERROR_UI_FILTER_FOR_ERRORS: ERROR_SUCCESS;
 *   - dwError ERROR_INTERNET_INCORRECT_PASSWORD, or ERROR_SUCCESS with
 *     FLAGS_ERROR_UI_FILTER_FOR_ERRORS: ERROR_INVALID_PARAMETER (87) without a request handle;
 *     ERROR_SUCCESS unless the request's response is 401 or 407. For 401/407, Windows asks for
 *     credentials and answers ERROR_INTERNET_FORCE_RETRY (12032) when the user gives them; rinet
 *     answers ERROR_INTERNET_FORCE_RETRY when dwFlags has FLAGS_ERROR_UI_FLAGS_GENERATE_DATA, the
 *     request has credentials (INTERNET_OPTION_USERNAME, or PROXY_USERNAME for 407) that the
 *     challenged request did not carry (no Authorization / Proxy-Authorization was sent), and
 *     sending it again will present them (the server offers a scheme rinet speaks; neither
 *     INTERNET_FLAG_NO_AUTH, SUPPRESS_SERVER_AUTH nor a redirect to another server keeps them
 *     back); otherwise ERROR_CANCELLED (1223). So a program that sets credentials after a 401
 *     resends once; one whose credentials were refused gets ERROR_CANCELLED, not a loop;
 *   - ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR, _HTTPS_TO_HTTP_ON_REDIR, _CHG_POST_IS_NON_SECURE,
 *     _POST_IS_NON_SECURE: ERROR_SUCCESS;
 *   - ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION: ERROR_HTTP_COOKIE_DECLINED (12162);
 *   - ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED, _INSERT_CDROM: ERROR_INVALID_PARAMETER without a
 *     request handle, else ERROR_CANCELLED;
 *   - the certificate errors (ERROR_INTERNET_SEC_CERT_DATE_INVALID, _SEC_CERT_CN_INVALID,
 *     _INVALID_CA, _SEC_CERT_ERRORS, _SEC_CERT_REV_FAILED, _SEC_CERT_REVOKED,
 *     _SEC_CERT_WEAK_SIGNATURE), _MIXED_SECURITY, _HTTPS_HTTP_SUBMIT_REDIR,
 *     _BAD_AUTO_PROXY_SCRIPT, _UNABLE_TO_DOWNLOAD_SCRIPT and ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION:
 *     ERROR_CANCELLED;
 *   - any other code: ERROR_CANCELLED, or ERROR_SUCCESS with FLAGS_ERROR_UI_FILTER_FOR_ERRORS.
 * The answer is also set as rinet_get_last_error(). Runs on the calling thread; never pends. */
static inline DWORD InternetErrorDlg(void *hWnd, HINTERNET hRequest, DWORD dwError, DWORD dwFlags, LPVOID *lppvData)
{
    return rinet_error_dlg(hWnd, hRequest, dwError, dwFlags, lppvData);
}

/* InternetSetCookieExA: InternetSetCookieA with INTERNET_COOKIE_* flags. INTERNET_COOKIE_HTTPONLY
 * lets the call set an HttpOnly cookie or replace one (without it, both are refused, as
 * InternetSetCookieA refuses them); the other flags and dwReserved (a P3P header) change
 * nothing. Returns COOKIE_STATE_ACCEPT when the cookie is stored; COOKIE_STATE_REJECT with
 * rinet_get_last_error() == ERROR_INVALID_OPERATION (4317) for a refused HttpOnly cookie;
 * COOKIE_STATE_UNKNOWN (FALSE) with 87, 12005 or 12006 otherwise. Never pends. */
static inline DWORD InternetSetCookieExA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPCSTR lpszCookieData, DWORD dwFlags,
                                         DWORD_PTR dwReserved)
{
    DWORD rc = rinet_set_cookie_ex(lpszUrl, lpszCookieName, lpszCookieData, dwFlags, dwReserved);
    if (rc == ERROR_SUCCESS) {
        return COOKIE_STATE_ACCEPT;
    }
    return rc == ERROR_INVALID_OPERATION ? COOKIE_STATE_REJECT : COOKIE_STATE_UNKNOWN;
}

/* InternetSetCookieExW: InternetSetCookieExA (lpszUrl, lpszCookieName, lpszCookieData, dwFlags,
 * dwReserved) with WCHAR strings; with dwFlags 0 it stores as InternetSetCookieW. Returns as
 * InternetSetCookieExA; 87 also for text that is not valid UTF-16 / UTF-32. Never pends. */
static inline DWORD InternetSetCookieExW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName, LPCWSTR lpszCookieData, DWORD dwFlags,
                                         DWORD_PTR dwReserved)
{
    DWORD rc = RINET_W(rinet_set_cookie_ex)(RINET_WSTR(lpszUrl), RINET_WSTR(lpszCookieName), RINET_WSTR(lpszCookieData),
                                            dwFlags, dwReserved);
    if (rc == ERROR_SUCCESS) {
        return COOKIE_STATE_ACCEPT;
    }
    return rc == ERROR_INVALID_OPERATION ? COOKIE_STATE_REJECT : COOKIE_STATE_UNKNOWN;
}

/* InternetGetCookieExA: InternetGetCookieA with INTERNET_COOKIE_* flags. INTERNET_COOKIE_HTTPONLY
 * adds the HttpOnly cookies, which InternetGetCookieA leaves out; the other flags and
 * lpReserved change nothing; lpszCookieName is ignored, as in WinInet. Sizes as
 * InternetGetCookieA: a NULL lpszCookieData gives TRUE and *lpdwSize = the size needed (the NUL
 * included). Errors: 87, 122, 259 (ERROR_NO_MORE_ITEMS: no cookie), 12005, 12006. Never pends. */
static inline BOOL InternetGetCookieExA(LPCSTR lpszUrl, LPCSTR lpszCookieName, LPSTR lpszCookieData, LPDWORD lpdwSize,
                                        DWORD dwFlags, LPVOID lpReserved)
{
    return rinet_get_cookie_ex(lpszUrl, lpszCookieName, lpszCookieData, lpdwSize, dwFlags, lpReserved) == 0;
}

/* InternetGetCookieExW: InternetGetCookieExA (lpszUrl, lpszCookieName, lpszCookieData, lpdwSize,
 * dwFlags, lpReserved) with WCHAR strings; *lpdwSize as InternetGetCookieW has it: the
 * buffer's size in characters on input, the size needed (with a NULL buffer, or with 122) in
 * bytes, the characters written (NUL included) on success.
 * Errors: those of InternetGetCookieExA, and 87 for text that is not valid UTF-16 / UTF-32.
 * Never pends. */
static inline BOOL InternetGetCookieExW(LPCWSTR lpszUrl, LPCWSTR lpszCookieName, LPWSTR lpszCookieData, LPDWORD lpdwSize,
                                        DWORD dwFlags, LPVOID lpReserved)
{
    return RINET_W(rinet_get_cookie_ex)(RINET_WSTR(lpszUrl), RINET_WSTR(lpszCookieName), RINET_WBUF(lpszCookieData),
                                        lpdwSize, dwFlags, lpReserved) == 0;
}

/* InternetGetConnectedState: TRUE when the host is connected, with *lpdwFlags =
 * INTERNET_CONNECTION_LAN (and INTERNET_CONNECTION_PROXY when the preconfigured settings name a
 * proxy); FALSE with rinet_get_last_error() == 0 when it is not, as Windows. rinet counts the host as
 * connected when a network interface other than loopback is up and has an address (IPv4, or
 * IPv6 other than link-local): a host with loopback only is offline, as Windows without a
 * network adapter. There is no dial-up: INTERNET_CONNECTION_MODEM, _CONFIGURED and
 * INTERNET_RAS_INSTALLED are never set. lpdwFlags may be NULL. Errors: 87 (dwReserved not 0).
 * Reads the interface list; never pends. */
static inline BOOL InternetGetConnectedState(LPDWORD lpdwFlags, DWORD dwReserved)
{
    DWORD flags = 0;
    if (rinet_get_connected_state(&flags, NULL, 0, dwReserved) != 0) {
        return FALSE;
    }
    if (lpdwFlags != NULL) {
        *lpdwFlags = flags;
    }
    return (flags & INTERNET_CONNECTION_LAN) != 0;
}

/* InternetGetConnectedStateExA: InternetGetConnectedState, and the connection's name in
 * lpszConnectionName (cchNameLen chars): "LAN Connection" when connected, "" when not. A name
 * longer than the buffer is cut to cchNameLen - 1 chars; cchNameLen 0 or a NULL buffer writes
 * nothing. lpdwFlags may be NULL. Errors: 87 (dwReserved not 0). Never pends. */
static inline BOOL InternetGetConnectedStateExA(LPDWORD lpdwFlags, LPSTR lpszConnectionName, DWORD cchNameLen,
                                                DWORD dwReserved)
{
    DWORD flags = 0;
    if (rinet_get_connected_state(&flags, lpszConnectionName, cchNameLen, dwReserved) != 0) {
        return FALSE;
    }
    if (lpdwFlags != NULL) {
        *lpdwFlags = flags;
    }
    return (flags & INTERNET_CONNECTION_LAN) != 0;
}

/* InternetGetConnectedStateExW: InternetGetConnectedStateExA (lpdwFlags, lpszConnectionName,
 * cchNameLen, dwReserved) with a WCHAR name; cchNameLen counts characters. Errors: 87 (dwReserved
 * not 0). Never pends. */
static inline BOOL InternetGetConnectedStateExW(LPDWORD lpdwFlags, LPWSTR lpszConnectionName, DWORD cchNameLen,
                                                DWORD dwReserved)
{
    DWORD flags = 0;
    if (RINET_W(rinet_get_connected_state)(&flags, RINET_WBUF(lpszConnectionName), cchNameLen, dwReserved) != 0) {
        return FALSE;
    }
    if (lpdwFlags != NULL) {
        *lpdwFlags = flags;
    }
    return (flags & INTERNET_CONNECTION_LAN) != 0;
}

/* InternetAttemptConnect: rinet has no dial-up to start. Returns ERROR_SUCCESS when the host is
 * connected (as InternetGetConnectedState counts it), else ERROR_NOT_CONNECTED (2250), which is
 * also set as rinet_get_last_error(). dwReserved is not read. Never pends. */
static inline DWORD InternetAttemptConnect(DWORD dwReserved)
{
    DWORD flags = 0;
    (void)dwReserved;
    if (rinet_get_connected_state(&flags, NULL, 0, 0) != 0) {
        return rinet_get_last_error();
    }
    if ((flags & INTERNET_CONNECTION_LAN) == 0) {
        rinet_set_last_error(ERROR_NOT_CONNECTED);
        return ERROR_NOT_CONNECTED;
    }
    return ERROR_SUCCESS;
}

/* InternetCheckConnectionA: TRUE when a TCP connection to lpszUrl's host and port (the scheme's
 * default port when the URL names none: http 80, https 443, ftp 21) can be made; rinet makes
 * it, sends nothing and closes it, trying each address of the name within the connect timeout
 * set on the NULL handle (INTERNET_OPTION_CONNECT_TIMEOUT, 60 s by default). The call blocks
 * meanwhile, whether or not dwFlags has FLAG_ICC_FORCE_CONNECTION. lpszUrl NULL: TRUE when the
 * host is connected (as InternetGetConnectedState counts it). FALSE with rinet_get_last_error():
 * ERROR_NOT_CONNECTED (2250: no address answered, the name does not resolve, or NULL and
 * offline), 87 (a flag other than FLAG_ICC_FORCE_CONNECTION), 12005 (no host), 12006 (no port
 * known for the scheme). dwReserved is not read. Never pends. */
static inline BOOL InternetCheckConnectionA(LPCSTR lpszUrl, DWORD dwFlags, DWORD dwReserved)
{
    return rinet_check_connection(lpszUrl, dwFlags, dwReserved) == 0;
}

/* InternetCheckConnectionW: InternetCheckConnectionA (lpszUrl, dwFlags, dwReserved) with a WCHAR
 * URL. Errors: those of InternetCheckConnectionA, and 87 for text that is not valid UTF-16 /
 * UTF-32. Blocks as InternetCheckConnectionA; never pends. */
static inline BOOL InternetCheckConnectionW(LPCWSTR lpszUrl, DWORD dwFlags, DWORD dwReserved)
{
    return RINET_W(rinet_check_connection)(RINET_WSTR(lpszUrl), dwFlags, dwReserved) == 0;
}

/* InternetSetOptionExA: InternetSetOptionA. dwFlags may hold ISO_GLOBAL and ISO_REGISTRY, which
 * change nothing (a NULL handle already sets the process's defaults; rinet has no registry);
 * any other flag fails with ERROR_INVALID_PARAMETER. Errors and threads as InternetSetOptionA. */
static inline BOOL InternetSetOptionExA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, DWORD dwBufferLength,
                                        DWORD dwFlags)
{
    if ((dwFlags & ~(DWORD)ISO_VALID_FLAGS) != 0) {
        rinet_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return rinet_set_option(hInternet, dwOption, lpBuffer, dwBufferLength) == 0;
}

/* InternetSetOptionExW: InternetSetOptionW (hInternet, dwOption, lpBuffer, dwBufferLength), with
 * dwFlags as for InternetSetOptionExA. Errors and threads as InternetSetOptionW. */
static inline BOOL InternetSetOptionExW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, DWORD dwBufferLength,
                                        DWORD dwFlags)
{
    if ((dwFlags & ~(DWORD)ISO_VALID_FLAGS) != 0) {
        rinet_set_last_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return RINET_W(rinet_set_option)(hInternet, dwOption, lpBuffer, dwBufferLength) == 0;
}

/* InternetSetFilePointer: Windows moves the read position inside the request's cache file, and
 * fails for a request made with INTERNET_FLAG_NO_CACHE_WRITE (which has none). rinet keeps no
 * cache file, so a request handle answers as such a request: INVALID_SET_FILE_POINTER with
 * ERROR_INTERNET_INVALID_OPERATION (12016); the body is read from the network, front to back,
 * with InternetReadFile. Before that: a NULL or bad handle gives ERROR_INVALID_HANDLE, a session
 * or connect handle ERROR_INTERNET_INCORRECT_HANDLE_TYPE, a dwMoveMethod other than FILE_BEGIN,
 * FILE_CURRENT or FILE_END, or a dwContext other than 0, ERROR_INVALID_PARAMETER.
 * lpDistanceToMoveHigh is not written. Never pends. */
static inline DWORD InternetSetFilePointer(HINTERNET hFile, int32_t lDistanceToMove, void *lpDistanceToMoveHigh,
                                           DWORD dwMoveMethod, DWORD_PTR dwContext)
{
    DWORD type = 0, len = sizeof(type);
    (void)lDistanceToMove;
    (void)lpDistanceToMoveHigh;
    if (hFile == NULL) {
        rinet_set_last_error(ERROR_INVALID_HANDLE);
        return INVALID_SET_FILE_POINTER;
    }
    if (rinet_query_option(hFile, INTERNET_OPTION_HANDLE_TYPE, &type, &len) != 0) {
        return INVALID_SET_FILE_POINTER;
    }
    if (type != INTERNET_HANDLE_TYPE_HTTP_REQUEST) {
        rinet_set_last_error(ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
        return INVALID_SET_FILE_POINTER;
    }
    if (dwMoveMethod > FILE_END || dwContext != 0) {
        rinet_set_last_error(ERROR_INVALID_PARAMETER);
        return INVALID_SET_FILE_POINTER;
    }
    rinet_set_last_error(ERROR_INTERNET_INVALID_OPERATION);
    return INVALID_SET_FILE_POINTER;
}

/* ======================================================================================== */
/* URL cache: rinet keeps none                                                              */
/* ======================================================================================== */

/* rinet keeps no URL cache: every request goes to the network (INTERNET_FLAG_RELOAD,
 * INTERNET_FLAG_NO_CACHE_WRITE and their kin change nothing). These functions answer as Windows
 * answers for a URL that is not in the cache, so that a program that deletes or looks up an
 * entry to force a fresh download carries on: deleting, looking up, retrieving, unlocking or
 * changing an entry fails with ERROR_FILE_NOT_FOUND (2); creating or committing one fails the
 * same way, as for a URL that no cache container takes; an enumeration finds nothing
 * (ERROR_NO_MORE_ITEMS, 259); and since no enumeration or stream handle is ever returned, any
 * such handle passed in is ERROR_INVALID_HANDLE (6). A NULL URL is ERROR_INVALID_PARAMETER
 * (87). Each sets GetLastError() and returns its failure value; none touches its buffers. */

/* CreateUrlCacheEntryA: no cache container takes the URL; lpszFileName is not written. Returns
 * FALSE: ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87)
 * for a NULL URL. */
static inline BOOL CreateUrlCacheEntryA(LPCSTR lpszUrlName, DWORD dwExpectedFileSize,
                                        LPCSTR lpszFileExtension, LPSTR lpszFileName, DWORD dwReserved)
{
    (void)dwExpectedFileSize; (void)lpszFileExtension; (void)lpszFileName; (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* CreateUrlCacheEntryW: no cache container takes the URL; lpszFileName is not written. Returns
 * FALSE: ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87)
 * for a NULL URL. */
static inline BOOL CreateUrlCacheEntryW(LPCWSTR lpszUrlName, DWORD dwExpectedFileSize,
                                        LPCWSTR lpszFileExtension, LPWSTR lpszFileName, DWORD dwReserved)
{
    (void)dwExpectedFileSize; (void)lpszFileExtension; (void)lpszFileName; (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* CommitUrlCacheEntryA: no cache container takes the URL (nothing is stored). Returns FALSE:
 * ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a
 * NULL URL. */
static inline BOOL CommitUrlCacheEntryA(LPCSTR lpszUrlName, LPCSTR lpszLocalFileName, FILETIME ExpireTime,
                                        FILETIME LastModifiedTime, DWORD CacheEntryType, LPBYTE lpHeaderInfo,
                                        DWORD cchHeaderInfo, LPCSTR lpszFileExtension, LPCSTR lpszOriginalUrl)
{
    (void)lpszLocalFileName; (void)ExpireTime; (void)LastModifiedTime; (void)CacheEntryType;
    (void)lpHeaderInfo; (void)cchHeaderInfo; (void)lpszFileExtension; (void)lpszOriginalUrl;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* CommitUrlCacheEntryW: no cache container takes the URL (nothing is stored). Returns FALSE:
 * ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a
 * NULL URL. */
static inline BOOL CommitUrlCacheEntryW(LPCWSTR lpszUrlName, LPCWSTR lpszLocalFileName, FILETIME ExpireTime,
                                        FILETIME LastModifiedTime, DWORD CacheEntryType,
                                        LPWSTR lpszHeaderInfo, DWORD cchHeaderInfo, LPCWSTR lpszFileExtension,
                                        LPCWSTR lpszOriginalUrl)
{
    (void)lpszLocalFileName; (void)ExpireTime; (void)LastModifiedTime; (void)CacheEntryType;
    (void)lpszHeaderInfo; (void)cchHeaderInfo; (void)lpszFileExtension; (void)lpszOriginalUrl;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* RetrieveUrlCacheEntryFileA: no entry to lock. Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any
 * URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL RetrieveUrlCacheEntryFileA(LPCSTR lpszUrlName,
                                              LPINTERNET_CACHE_ENTRY_INFOA lpCacheEntryInfo,
                                              LPDWORD lpcbCacheEntryInfo, DWORD dwReserved)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* RetrieveUrlCacheEntryFileW: no entry to lock. Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any
 * URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL RetrieveUrlCacheEntryFileW(LPCWSTR lpszUrlName,
                                              LPINTERNET_CACHE_ENTRY_INFOW lpCacheEntryInfo,
                                              LPDWORD lpcbCacheEntryInfo, DWORD dwReserved)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* UnlockUrlCacheEntryFileA: no entry to unlock. Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any
 * URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL UnlockUrlCacheEntryFileA(LPCSTR lpszUrlName, DWORD dwReserved)
{
    (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* UnlockUrlCacheEntryFileW: no entry to unlock. Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any
 * URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL UnlockUrlCacheEntryFileW(LPCWSTR lpszUrlName, DWORD dwReserved)
{
    (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* RetrieveUrlCacheEntryStreamA: no entry to stream. Returns NULL: ERROR_FILE_NOT_FOUND (2) for
 * any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline void *RetrieveUrlCacheEntryStreamA(LPCSTR lpszUrlName,
                                                 LPINTERNET_CACHE_ENTRY_INFOA lpCacheEntryInfo,
                                                 LPDWORD lpcbCacheEntryInfo, BOOL fRandomRead,
                                                 DWORD dwReserved)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)fRandomRead; (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return NULL;
}

/* RetrieveUrlCacheEntryStreamW: no entry to stream. Returns NULL: ERROR_FILE_NOT_FOUND (2) for
 * any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline void *RetrieveUrlCacheEntryStreamW(LPCWSTR lpszUrlName,
                                                 LPINTERNET_CACHE_ENTRY_INFOW lpCacheEntryInfo,
                                                 LPDWORD lpcbCacheEntryInfo, BOOL fRandomRead,
                                                 DWORD dwReserved)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)fRandomRead; (void)dwReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return NULL;
}

/* ReadUrlCacheEntryStream: no stream to read. Returns FALSE with ERROR_INVALID_HANDLE (6): no
 * enumeration or stream handle exists to pass. */
static inline BOOL ReadUrlCacheEntryStream(void *hUrlCacheStream, DWORD dwLocation, LPVOID lpBuffer,
                                           LPDWORD lpdwLen, DWORD Reserved)
{
    (void)hUrlCacheStream; (void)dwLocation; (void)lpBuffer; (void)lpdwLen; (void)Reserved;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* ReadUrlCacheEntryStreamEx: no stream to read. Returns FALSE with ERROR_INVALID_HANDLE (6): no
 * enumeration or stream handle exists to pass. */
static inline BOOL ReadUrlCacheEntryStreamEx(void *hUrlCacheStream, uint64_t qwLocation, LPVOID lpBuffer,
                                             LPDWORD lpdwLen)
{
    (void)hUrlCacheStream; (void)qwLocation; (void)lpBuffer; (void)lpdwLen;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* UnlockUrlCacheEntryStream: no stream to unlock. Returns FALSE with ERROR_INVALID_HANDLE (6):
 * no enumeration or stream handle exists to pass. */
static inline BOOL UnlockUrlCacheEntryStream(void *hUrlCacheStream, DWORD Reserved)
{
    (void)hUrlCacheStream; (void)Reserved;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* GetUrlCacheEntryInfoA: the URL is not in the cache. Returns FALSE: ERROR_FILE_NOT_FOUND (2)
 * for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL GetUrlCacheEntryInfoA(LPCSTR lpszUrlName, LPINTERNET_CACHE_ENTRY_INFOA lpCacheEntryInfo,
                                         LPDWORD lpcbCacheEntryInfo)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* GetUrlCacheEntryInfoW: the URL is not in the cache. Returns FALSE: ERROR_FILE_NOT_FOUND (2)
 * for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL GetUrlCacheEntryInfoW(LPCWSTR lpszUrlName, LPINTERNET_CACHE_ENTRY_INFOW lpCacheEntryInfo,
                                         LPDWORD lpcbCacheEntryInfo)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* GetUrlCacheEntryInfoExA: the URL is not in the cache. Returns FALSE: ERROR_FILE_NOT_FOUND (2)
 * for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL GetUrlCacheEntryInfoExA(LPCSTR lpszUrl, LPINTERNET_CACHE_ENTRY_INFOA lpCacheEntryInfo,
                                           LPDWORD lpcbCacheEntryInfo, LPSTR lpszRedirectUrl,
                                           LPDWORD lpcbRedirectUrl, LPVOID lpReserved, DWORD dwFlags)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)lpszRedirectUrl; (void)lpcbRedirectUrl;
    (void)lpReserved; (void)dwFlags;
    rinet_set_last_error(lpszUrl == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* GetUrlCacheEntryInfoExW: the URL is not in the cache. Returns FALSE: ERROR_FILE_NOT_FOUND (2)
 * for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL GetUrlCacheEntryInfoExW(LPCWSTR lpszUrl, LPINTERNET_CACHE_ENTRY_INFOW lpCacheEntryInfo,
                                           LPDWORD lpcbCacheEntryInfo, LPWSTR lpszRedirectUrl,
                                           LPDWORD lpcbRedirectUrl, LPVOID lpReserved, DWORD dwFlags)
{
    (void)lpCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)lpszRedirectUrl; (void)lpcbRedirectUrl;
    (void)lpReserved; (void)dwFlags;
    rinet_set_last_error(lpszUrl == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* SetUrlCacheEntryInfoA: no entry to change. Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any URL
 * (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL SetUrlCacheEntryInfoA(LPCSTR lpszUrlName, LPINTERNET_CACHE_ENTRY_INFOA lpCacheEntryInfo,
                                         DWORD dwFieldControl)
{
    (void)lpCacheEntryInfo; (void)dwFieldControl;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* SetUrlCacheEntryInfoW: no entry to change. Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any URL
 * (no cache holds it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL SetUrlCacheEntryInfoW(LPCWSTR lpszUrlName, LPINTERNET_CACHE_ENTRY_INFOW lpCacheEntryInfo,
                                         DWORD dwFieldControl)
{
    (void)lpCacheEntryInfo; (void)dwFieldControl;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* SetUrlCacheEntryGroupA: no entry to add to or remove from a group. Returns FALSE:
 * ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a
 * NULL URL. */
static inline BOOL SetUrlCacheEntryGroupA(LPCSTR lpszUrlName, DWORD dwFlags, GROUPID GroupId,
                                          LPBYTE pbGroupAttributes, DWORD cbGroupAttributes,
                                          LPVOID lpReserved)
{
    (void)dwFlags; (void)GroupId; (void)pbGroupAttributes; (void)cbGroupAttributes; (void)lpReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* SetUrlCacheEntryGroupW: no entry to add to or remove from a group. Returns FALSE:
 * ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds it), ERROR_INVALID_PARAMETER (87) for a
 * NULL URL. */
static inline BOOL SetUrlCacheEntryGroupW(LPCWSTR lpszUrlName, DWORD dwFlags, GROUPID GroupId,
                                          LPBYTE pbGroupAttributes, DWORD cbGroupAttributes,
                                          LPVOID lpReserved)
{
    (void)dwFlags; (void)GroupId; (void)pbGroupAttributes; (void)cbGroupAttributes; (void)lpReserved;
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* FindFirstUrlCacheEntryExA: the enumeration finds no entry. Returns NULL with
 * ERROR_NO_MORE_ITEMS (259): the cache is empty. */
static inline void *FindFirstUrlCacheEntryExA(LPCSTR lpszUrlSearchPattern, DWORD dwFlags, DWORD dwFilter,
                                              GROUPID GroupId,
                                              LPINTERNET_CACHE_ENTRY_INFOA lpFirstCacheEntryInfo,
                                              LPDWORD lpcbCacheEntryInfo, LPVOID lpGroupAttributes,
                                              LPDWORD lpcbGroupAttributes, LPVOID lpReserved)
{
    (void)lpszUrlSearchPattern; (void)dwFlags; (void)dwFilter; (void)GroupId; (void)lpFirstCacheEntryInfo;
    (void)lpcbCacheEntryInfo; (void)lpGroupAttributes; (void)lpcbGroupAttributes; (void)lpReserved;
    rinet_set_last_error(ERROR_NO_MORE_ITEMS);
    return NULL;
}

/* FindFirstUrlCacheEntryExW: the enumeration finds no entry. Returns NULL with
 * ERROR_NO_MORE_ITEMS (259): the cache is empty. */
static inline void *FindFirstUrlCacheEntryExW(LPCWSTR lpszUrlSearchPattern, DWORD dwFlags, DWORD dwFilter,
                                              GROUPID GroupId,
                                              LPINTERNET_CACHE_ENTRY_INFOW lpFirstCacheEntryInfo,
                                              LPDWORD lpcbCacheEntryInfo, LPVOID lpGroupAttributes,
                                              LPDWORD lpcbGroupAttributes, LPVOID lpReserved)
{
    (void)lpszUrlSearchPattern; (void)dwFlags; (void)dwFilter; (void)GroupId; (void)lpFirstCacheEntryInfo;
    (void)lpcbCacheEntryInfo; (void)lpGroupAttributes; (void)lpcbGroupAttributes; (void)lpReserved;
    rinet_set_last_error(ERROR_NO_MORE_ITEMS);
    return NULL;
}

/* FindNextUrlCacheEntryExA: no enumeration is ever started. Returns FALSE with
 * ERROR_INVALID_HANDLE (6): no enumeration or stream handle exists to pass. */
static inline BOOL FindNextUrlCacheEntryExA(void *hEnumHandle,
                                            LPINTERNET_CACHE_ENTRY_INFOA lpNextCacheEntryInfo,
                                            LPDWORD lpcbCacheEntryInfo, LPVOID lpGroupAttributes,
                                            LPDWORD lpcbGroupAttributes, LPVOID lpReserved)
{
    (void)hEnumHandle; (void)lpNextCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)lpGroupAttributes;
    (void)lpcbGroupAttributes; (void)lpReserved;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* FindNextUrlCacheEntryExW: no enumeration is ever started. Returns FALSE with
 * ERROR_INVALID_HANDLE (6): no enumeration or stream handle exists to pass. */
static inline BOOL FindNextUrlCacheEntryExW(void *hEnumHandle,
                                            LPINTERNET_CACHE_ENTRY_INFOW lpNextCacheEntryInfo,
                                            LPDWORD lpcbCacheEntryInfo, LPVOID lpGroupAttributes,
                                            LPDWORD lpcbGroupAttributes, LPVOID lpReserved)
{
    (void)hEnumHandle; (void)lpNextCacheEntryInfo; (void)lpcbCacheEntryInfo; (void)lpGroupAttributes;
    (void)lpcbGroupAttributes; (void)lpReserved;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* FindFirstUrlCacheEntryA: the enumeration finds no entry. Returns NULL with ERROR_NO_MORE_ITEMS
 * (259): the cache is empty. */
static inline void *FindFirstUrlCacheEntryA(LPCSTR lpszUrlSearchPattern,
                                            LPINTERNET_CACHE_ENTRY_INFOA lpFirstCacheEntryInfo,
                                            LPDWORD lpcbCacheEntryInfo)
{
    (void)lpszUrlSearchPattern; (void)lpFirstCacheEntryInfo; (void)lpcbCacheEntryInfo;
    rinet_set_last_error(ERROR_NO_MORE_ITEMS);
    return NULL;
}

/* FindFirstUrlCacheEntryW: the enumeration finds no entry. Returns NULL with ERROR_NO_MORE_ITEMS
 * (259): the cache is empty. */
static inline void *FindFirstUrlCacheEntryW(LPCWSTR lpszUrlSearchPattern,
                                            LPINTERNET_CACHE_ENTRY_INFOW lpFirstCacheEntryInfo,
                                            LPDWORD lpcbCacheEntryInfo)
{
    (void)lpszUrlSearchPattern; (void)lpFirstCacheEntryInfo; (void)lpcbCacheEntryInfo;
    rinet_set_last_error(ERROR_NO_MORE_ITEMS);
    return NULL;
}

/* FindNextUrlCacheEntryA: no enumeration is ever started. Returns FALSE with
 * ERROR_INVALID_HANDLE (6): no enumeration or stream handle exists to pass. */
static inline BOOL FindNextUrlCacheEntryA(void *hEnumHandle,
                                          LPINTERNET_CACHE_ENTRY_INFOA lpNextCacheEntryInfo,
                                          LPDWORD lpcbCacheEntryInfo)
{
    (void)hEnumHandle; (void)lpNextCacheEntryInfo; (void)lpcbCacheEntryInfo;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* FindNextUrlCacheEntryW: no enumeration is ever started. Returns FALSE with
 * ERROR_INVALID_HANDLE (6): no enumeration or stream handle exists to pass. */
static inline BOOL FindNextUrlCacheEntryW(void *hEnumHandle,
                                          LPINTERNET_CACHE_ENTRY_INFOW lpNextCacheEntryInfo,
                                          LPDWORD lpcbCacheEntryInfo)
{
    (void)hEnumHandle; (void)lpNextCacheEntryInfo; (void)lpcbCacheEntryInfo;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* FindCloseUrlCache: no enumeration is ever started. Returns FALSE with ERROR_INVALID_HANDLE
 * (6): no enumeration or stream handle exists to pass. */
static inline BOOL FindCloseUrlCache(void *hEnumHandle)
{
    (void)hEnumHandle;
    rinet_set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
}

/* DeleteUrlCacheEntryA: the URL is not in the cache (programs call it to force a fresh download,
 * which every download is). Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds
 * it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL DeleteUrlCacheEntryA(LPCSTR lpszUrlName)
{
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* DeleteUrlCacheEntryW: the URL is not in the cache (programs call it to force a fresh download,
 * which every download is). Returns FALSE: ERROR_FILE_NOT_FOUND (2) for any URL (no cache holds
 * it), ERROR_INVALID_PARAMETER (87) for a NULL URL. */
static inline BOOL DeleteUrlCacheEntryW(LPCWSTR lpszUrlName)
{
    rinet_set_last_error(lpszUrlName == NULL ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
    return FALSE;
}

/* ======================================================================================== */
/* Declared, not supported: each call fails with ERROR_CALL_NOT_IMPLEMENTED (120)           */
/* ======================================================================================== */

/* rinet speaks HTTP and HTTPS only, shows no user interface, dials nothing, runs no proxy
 * script and keeps no cache. These functions of the SDK's <wininet.h> are declared so that a
 * program that refers to one compiles and links; calling one sets GetLastError() to
 * ERROR_CALL_NOT_IMPLEMENTED (120) and returns the function's failure value (FALSE, NULL, or
 * the error code for those that return one), written beside each. None reads or writes its
 * arguments. */

/* ---- URLs and handles ---- */

/* InternetCombineUrlA: combining URLs. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetCombineUrlA(LPCSTR lpszBaseUrl, LPCSTR lpszRelativeUrl, LPSTR lpszBuffer,
                                       LPDWORD lpdwBufferLength, DWORD dwFlags)
{
    (void)lpszBaseUrl; (void)lpszRelativeUrl; (void)lpszBuffer; (void)lpdwBufferLength; (void)dwFlags;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetCombineUrlW: combining URLs. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetCombineUrlW(LPCWSTR lpszBaseUrl, LPCWSTR lpszRelativeUrl, LPWSTR lpszBuffer,
                                       LPDWORD lpdwBufferLength, DWORD dwFlags)
{
    (void)lpszBaseUrl; (void)lpszRelativeUrl; (void)lpszBuffer; (void)lpdwBufferLength; (void)dwFlags;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetFindNextFileA: FTP and Gopher listings. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetFindNextFileA(HINTERNET hFind, LPVOID lpvFindData)
{
    (void)hFind; (void)lpvFindData;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetFindNextFileW: FTP and Gopher listings. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetFindNextFileW(HINTERNET hFind, LPVOID lpvFindData)
{
    (void)hFind; (void)lpvFindData;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetLockRequestFile: the request's cache file (rinet keeps none). Not supported: returns
 * FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetLockRequestFile(HINTERNET hInternet, void **lphLockRequestInfo)
{
    (void)hInternet; (void)lphLockRequestInfo;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetUnlockRequestFile: the request's cache file (rinet keeps none). Not supported: returns
 * FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetUnlockRequestFile(void *hLockRequestInfo)
{
    (void)hLockRequestInfo;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* ResumeSuspendedDownload: rinet never suspends a download for a dialog. Not supported: returns
 * FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL ResumeSuspendedDownload(HINTERNET hRequest, DWORD dwResultCode)
{
    (void)hRequest; (void)dwResultCode;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetConfirmZoneCrossingA: a dialog about a change between secure and non-secure URLs. Not
 * supported: returns ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD InternetConfirmZoneCrossingA(void *hWnd, LPSTR szUrlPrev, LPSTR szUrlNew, BOOL bPost)
{
    (void)hWnd; (void)szUrlPrev; (void)szUrlNew; (void)bPost;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* InternetConfirmZoneCrossingW: a dialog about a change between secure and non-secure URLs. Not
 * supported: returns ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD InternetConfirmZoneCrossingW(void *hWnd, LPWSTR szUrlPrev, LPWSTR szUrlNew, BOOL bPost)
{
    (void)hWnd; (void)szUrlPrev; (void)szUrlNew; (void)bPost;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* ---- FTP ---- */

/* FtpFindFirstFileA: FTP. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET FtpFindFirstFileA(HINTERNET hConnect, LPCSTR lpszSearchFile,
                                          LPWIN32_FIND_DATAA lpFindFileData, DWORD dwFlags,
                                          DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszSearchFile; (void)lpFindFileData; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* FtpFindFirstFileW: FTP. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET FtpFindFirstFileW(HINTERNET hConnect, LPCWSTR lpszSearchFile,
                                          LPWIN32_FIND_DATAW lpFindFileData, DWORD dwFlags,
                                          DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszSearchFile; (void)lpFindFileData; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* FtpGetFileA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpGetFileA(HINTERNET hConnect, LPCSTR lpszRemoteFile, LPCSTR lpszNewFile,
                               BOOL fFailIfExists, DWORD dwFlagsAndAttributes, DWORD dwFlags,
                               DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszRemoteFile; (void)lpszNewFile; (void)fFailIfExists; (void)dwFlagsAndAttributes;
    (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpGetFileW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpGetFileW(HINTERNET hConnect, LPCWSTR lpszRemoteFile, LPCWSTR lpszNewFile,
                               BOOL fFailIfExists, DWORD dwFlagsAndAttributes, DWORD dwFlags,
                               DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszRemoteFile; (void)lpszNewFile; (void)fFailIfExists; (void)dwFlagsAndAttributes;
    (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpPutFileA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpPutFileA(HINTERNET hConnect, LPCSTR lpszLocalFile, LPCSTR lpszNewRemoteFile,
                               DWORD dwFlags, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocalFile; (void)lpszNewRemoteFile; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpPutFileW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpPutFileW(HINTERNET hConnect, LPCWSTR lpszLocalFile, LPCWSTR lpszNewRemoteFile,
                               DWORD dwFlags, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocalFile; (void)lpszNewRemoteFile; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpGetFileEx: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpGetFileEx(HINTERNET hFtpSession, LPCSTR lpszRemoteFile, LPCWSTR lpszNewFile,
                                BOOL fFailIfExists, DWORD dwFlagsAndAttributes, DWORD dwFlags,
                                DWORD_PTR dwContext)
{
    (void)hFtpSession; (void)lpszRemoteFile; (void)lpszNewFile; (void)fFailIfExists;
    (void)dwFlagsAndAttributes; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpPutFileEx: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpPutFileEx(HINTERNET hFtpSession, LPCWSTR lpszLocalFile, LPCSTR lpszNewRemoteFile,
                                DWORD dwFlags, DWORD_PTR dwContext)
{
    (void)hFtpSession; (void)lpszLocalFile; (void)lpszNewRemoteFile; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpDeleteFileA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpDeleteFileA(HINTERNET hConnect, LPCSTR lpszFileName)
{
    (void)hConnect; (void)lpszFileName;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpDeleteFileW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpDeleteFileW(HINTERNET hConnect, LPCWSTR lpszFileName)
{
    (void)hConnect; (void)lpszFileName;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpRenameFileA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpRenameFileA(HINTERNET hConnect, LPCSTR lpszExisting, LPCSTR lpszNew)
{
    (void)hConnect; (void)lpszExisting; (void)lpszNew;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpRenameFileW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpRenameFileW(HINTERNET hConnect, LPCWSTR lpszExisting, LPCWSTR lpszNew)
{
    (void)hConnect; (void)lpszExisting; (void)lpszNew;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpOpenFileA: FTP. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET FtpOpenFileA(HINTERNET hConnect, LPCSTR lpszFileName, DWORD dwAccess, DWORD dwFlags,
                                     DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszFileName; (void)dwAccess; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* FtpOpenFileW: FTP. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET FtpOpenFileW(HINTERNET hConnect, LPCWSTR lpszFileName, DWORD dwAccess, DWORD dwFlags,
                                     DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszFileName; (void)dwAccess; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* FtpCreateDirectoryA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpCreateDirectoryA(HINTERNET hConnect, LPCSTR lpszDirectory)
{
    (void)hConnect; (void)lpszDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpCreateDirectoryW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpCreateDirectoryW(HINTERNET hConnect, LPCWSTR lpszDirectory)
{
    (void)hConnect; (void)lpszDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpRemoveDirectoryA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpRemoveDirectoryA(HINTERNET hConnect, LPCSTR lpszDirectory)
{
    (void)hConnect; (void)lpszDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpRemoveDirectoryW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpRemoveDirectoryW(HINTERNET hConnect, LPCWSTR lpszDirectory)
{
    (void)hConnect; (void)lpszDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpSetCurrentDirectoryA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpSetCurrentDirectoryA(HINTERNET hConnect, LPCSTR lpszDirectory)
{
    (void)hConnect; (void)lpszDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpSetCurrentDirectoryW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpSetCurrentDirectoryW(HINTERNET hConnect, LPCWSTR lpszDirectory)
{
    (void)hConnect; (void)lpszDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpGetCurrentDirectoryA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpGetCurrentDirectoryA(HINTERNET hConnect, LPSTR lpszCurrentDirectory,
                                           LPDWORD lpdwCurrentDirectory)
{
    (void)hConnect; (void)lpszCurrentDirectory; (void)lpdwCurrentDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpGetCurrentDirectoryW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpGetCurrentDirectoryW(HINTERNET hConnect, LPWSTR lpszCurrentDirectory,
                                           LPDWORD lpdwCurrentDirectory)
{
    (void)hConnect; (void)lpszCurrentDirectory; (void)lpdwCurrentDirectory;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpCommandA: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpCommandA(HINTERNET hConnect, BOOL fExpectResponse, DWORD dwFlags, LPCSTR lpszCommand,
                               DWORD_PTR dwContext, HINTERNET *phFtpCommand)
{
    (void)hConnect; (void)fExpectResponse; (void)dwFlags; (void)lpszCommand; (void)dwContext;
    (void)phFtpCommand;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpCommandW: FTP. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FtpCommandW(HINTERNET hConnect, BOOL fExpectResponse, DWORD dwFlags, LPCWSTR lpszCommand,
                               DWORD_PTR dwContext, HINTERNET *phFtpCommand)
{
    (void)hConnect; (void)fExpectResponse; (void)dwFlags; (void)lpszCommand; (void)dwContext;
    (void)phFtpCommand;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* FtpGetFileSize: FTP. Not supported: returns INVALID_FILE_SIZE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline DWORD FtpGetFileSize(HINTERNET hFile, LPDWORD lpdwFileSizeHigh)
{
    (void)hFile; (void)lpdwFileSizeHigh;
    RINET_UNSUPPORTED_RETURN(INVALID_FILE_SIZE);
}

/* ---- Gopher ---- */

/* GopherCreateLocatorA: Gopher. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GopherCreateLocatorA(LPCSTR lpszHost, INTERNET_PORT nServerPort, LPCSTR lpszDisplayString,
                                        LPCSTR lpszSelectorString, DWORD dwGopherType, LPSTR lpszLocator,
                                        LPDWORD lpdwBufferLength)
{
    (void)lpszHost; (void)nServerPort; (void)lpszDisplayString; (void)lpszSelectorString; (void)dwGopherType;
    (void)lpszLocator; (void)lpdwBufferLength;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GopherCreateLocatorW: Gopher. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GopherCreateLocatorW(LPCWSTR lpszHost, INTERNET_PORT nServerPort,
                                        LPCWSTR lpszDisplayString, LPCWSTR lpszSelectorString,
                                        DWORD dwGopherType, LPWSTR lpszLocator, LPDWORD lpdwBufferLength)
{
    (void)lpszHost; (void)nServerPort; (void)lpszDisplayString; (void)lpszSelectorString; (void)dwGopherType;
    (void)lpszLocator; (void)lpdwBufferLength;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GopherGetLocatorTypeA: Gopher. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GopherGetLocatorTypeA(LPCSTR lpszLocator, LPDWORD lpdwGopherType)
{
    (void)lpszLocator; (void)lpdwGopherType;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GopherGetLocatorTypeW: Gopher. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GopherGetLocatorTypeW(LPCWSTR lpszLocator, LPDWORD lpdwGopherType)
{
    (void)lpszLocator; (void)lpdwGopherType;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GopherFindFirstFileA: Gopher. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET GopherFindFirstFileA(HINTERNET hConnect, LPCSTR lpszLocator, LPCSTR lpszSearchString,
                                             LPGOPHER_FIND_DATAA lpFindData, DWORD dwFlags,
                                             DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocator; (void)lpszSearchString; (void)lpFindData; (void)dwFlags;
    (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* GopherFindFirstFileW: Gopher. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET GopherFindFirstFileW(HINTERNET hConnect, LPCWSTR lpszLocator,
                                             LPCWSTR lpszSearchString, LPGOPHER_FIND_DATAW lpFindData,
                                             DWORD dwFlags, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocator; (void)lpszSearchString; (void)lpFindData; (void)dwFlags;
    (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* GopherOpenFileA: Gopher. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET GopherOpenFileA(HINTERNET hConnect, LPCSTR lpszLocator, LPCSTR lpszView,
                                        DWORD dwFlags, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocator; (void)lpszView; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* GopherOpenFileW: Gopher. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline HINTERNET GopherOpenFileW(HINTERNET hConnect, LPCWSTR lpszLocator, LPCWSTR lpszView,
                                        DWORD dwFlags, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocator; (void)lpszView; (void)dwFlags; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* GopherGetAttributeA: Gopher. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GopherGetAttributeA(HINTERNET hConnect, LPCSTR lpszLocator, LPCSTR lpszAttributeName,
                                       LPBYTE lpBuffer, DWORD dwBufferLength, LPDWORD lpdwCharactersReturned,
                                       GOPHER_ATTRIBUTE_ENUMERATOR lpfnEnumerator, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocator; (void)lpszAttributeName; (void)lpBuffer; (void)dwBufferLength;
    (void)lpdwCharactersReturned; (void)lpfnEnumerator; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GopherGetAttributeW: Gopher. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GopherGetAttributeW(HINTERNET hConnect, LPCWSTR lpszLocator, LPCWSTR lpszAttributeName,
                                       LPBYTE lpBuffer, DWORD dwBufferLength, LPDWORD lpdwCharactersReturned,
                                       GOPHER_ATTRIBUTE_ENUMERATOR lpfnEnumerator, DWORD_PTR dwContext)
{
    (void)hConnect; (void)lpszLocator; (void)lpszAttributeName; (void)lpBuffer; (void)dwBufferLength;
    (void)lpdwCharactersReturned; (void)lpfnEnumerator; (void)dwContext;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* ---- Cookies beyond InternetSetCookieEx and InternetGetCookieEx ---- */

/* InternetFreeCookies: INTERNET_COOKIE2 arrays (InternetGetCookieEx2 returns none). Not
 * supported: sets GetLastError() to ERROR_CALL_NOT_IMPLEMENTED (120) and does nothing. */
static inline VOID InternetFreeCookies(INTERNET_COOKIE2 *pCookies, DWORD dwCookieCount)
{
    (void)pCookies; (void)dwCookieCount;
    RINET_UNSUPPORTED_VOID();
}

/* InternetGetCookieEx2: cookies as INTERNET_COOKIE2 structures. Not supported: returns
 * ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD InternetGetCookieEx2(PCWSTR pcwszUrl, PCWSTR pcwszCookieName, DWORD dwFlags,
                                         INTERNET_COOKIE2 **ppCookies, DWORD *pdwCookieCount)
{
    (void)pcwszUrl; (void)pcwszCookieName; (void)dwFlags; (void)ppCookies; (void)pdwCookieCount;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* InternetSetCookieEx2: cookies as INTERNET_COOKIE2 structures. Not supported: returns
 * ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD InternetSetCookieEx2(PCWSTR pcwszUrl, const INTERNET_COOKIE2 *pCookie,
                                         PCWSTR pcwszP3PPolicy, DWORD dwFlags, DWORD *pdwCookieState)
{
    (void)pcwszUrl; (void)pCookie; (void)pcwszP3PPolicy; (void)dwFlags; (void)pdwCookieState;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* InternetSetPerSiteCookieDecisionA: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetSetPerSiteCookieDecisionA(LPCSTR pchHostName, DWORD dwDecision)
{
    (void)pchHostName; (void)dwDecision;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetSetPerSiteCookieDecisionW: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetSetPerSiteCookieDecisionW(LPCWSTR pchHostName, DWORD dwDecision)
{
    (void)pchHostName; (void)dwDecision;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetGetPerSiteCookieDecisionA: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetGetPerSiteCookieDecisionA(LPCSTR pchHostName, unsigned long *pResult)
{
    (void)pchHostName; (void)pResult;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetGetPerSiteCookieDecisionW: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetGetPerSiteCookieDecisionW(LPCWSTR pchHostName, unsigned long *pResult)
{
    (void)pchHostName; (void)pResult;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetClearAllPerSiteCookieDecisions: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetClearAllPerSiteCookieDecisions(void)
{
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetEnumPerSiteCookieDecisionA: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetEnumPerSiteCookieDecisionA(LPSTR pszSiteName, unsigned long *pcSiteNameSize,
                                                      unsigned long *pdwDecision, unsigned long dwIndex)
{
    (void)pszSiteName; (void)pcSiteNameSize; (void)pdwDecision; (void)dwIndex;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetEnumPerSiteCookieDecisionW: per-site cookie decisions (Internet Explorer's privacy
 * settings). Not supported: returns FALSE with GetLastError() == ERROR_CALL_NOT_IMPLEMENTED
 * (120). */
static inline BOOL InternetEnumPerSiteCookieDecisionW(LPWSTR pszSiteName, unsigned long *pcSiteNameSize,
                                                      unsigned long *pdwDecision, unsigned long dwIndex)
{
    (void)pszSiteName; (void)pcSiteNameSize; (void)pdwDecision; (void)dwIndex;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* PrivacySetZonePreferenceW: Internet Explorer's privacy zones. Not supported: returns
 * ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD PrivacySetZonePreferenceW(DWORD dwZone, DWORD dwType, DWORD dwTemplate,
                                              LPCWSTR pszPreference)
{
    (void)dwZone; (void)dwType; (void)dwTemplate; (void)pszPreference;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* PrivacyGetZonePreferenceW: Internet Explorer's privacy zones. Not supported: returns
 * ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD PrivacyGetZonePreferenceW(DWORD dwZone, DWORD dwType, LPDWORD pdwTemplate,
                                              LPWSTR pszBuffer, LPDWORD pdwBufferLength)
{
    (void)dwZone; (void)dwType; (void)pdwTemplate; (void)pszBuffer; (void)pdwBufferLength;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* HttpIsHostHstsEnabled: Internet Explorer's HSTS list. Not supported: returns
 * ERROR_CALL_NOT_IMPLEMENTED (120), also set as GetLastError(). */
static inline DWORD HttpIsHostHstsEnabled(PCWSTR pcwszUrl, BOOL *pfIsHsts)
{
    (void)pcwszUrl; (void)pfIsHsts;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* ---- URL cache groups ---- */

/* FindFirstUrlCacheGroup: cache groups. Not supported: returns NULL with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline void *FindFirstUrlCacheGroup(DWORD dwFlags, DWORD dwFilter, LPVOID lpSearchCondition,
                                           DWORD dwSearchCondition, GROUPID *lpGroupId, LPVOID lpReserved)
{
    (void)dwFlags; (void)dwFilter; (void)lpSearchCondition; (void)dwSearchCondition; (void)lpGroupId;
    (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(NULL);
}

/* FindNextUrlCacheGroup: cache groups. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL FindNextUrlCacheGroup(void *hFind, GROUPID *lpGroupId, LPVOID lpReserved)
{
    (void)hFind; (void)lpGroupId; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GetUrlCacheGroupAttributeA: cache groups. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GetUrlCacheGroupAttributeA(GROUPID gid, DWORD dwFlags, DWORD dwAttributes,
                                              LPINTERNET_CACHE_GROUP_INFOA lpGroupInfo, LPDWORD lpcbGroupInfo,
                                              LPVOID lpReserved)
{
    (void)gid; (void)dwFlags; (void)dwAttributes; (void)lpGroupInfo; (void)lpcbGroupInfo; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* GetUrlCacheGroupAttributeW: cache groups. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL GetUrlCacheGroupAttributeW(GROUPID gid, DWORD dwFlags, DWORD dwAttributes,
                                              LPINTERNET_CACHE_GROUP_INFOW lpGroupInfo, LPDWORD lpcbGroupInfo,
                                              LPVOID lpReserved)
{
    (void)gid; (void)dwFlags; (void)dwAttributes; (void)lpGroupInfo; (void)lpcbGroupInfo; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* SetUrlCacheGroupAttributeA: cache groups. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL SetUrlCacheGroupAttributeA(GROUPID gid, DWORD dwFlags, DWORD dwAttributes,
                                              LPINTERNET_CACHE_GROUP_INFOA lpGroupInfo, LPVOID lpReserved)
{
    (void)gid; (void)dwFlags; (void)dwAttributes; (void)lpGroupInfo; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* SetUrlCacheGroupAttributeW: cache groups. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL SetUrlCacheGroupAttributeW(GROUPID gid, DWORD dwFlags, DWORD dwAttributes,
                                              LPINTERNET_CACHE_GROUP_INFOW lpGroupInfo, LPVOID lpReserved)
{
    (void)gid; (void)dwFlags; (void)dwAttributes; (void)lpGroupInfo; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* CreateUrlCacheGroup: cache groups. Not supported: returns 0 with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline GROUPID CreateUrlCacheGroup(DWORD dwFlags, LPVOID lpReserved)
{
    (void)dwFlags; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(0);
}

/* DeleteUrlCacheGroup: cache groups. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL DeleteUrlCacheGroup(GROUPID GroupId, DWORD dwFlags, LPVOID lpReserved)
{
    (void)GroupId; (void)dwFlags; (void)lpReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* ---- Dial-up ---- */

/* InternetDialA: dial-up connections. Not supported: returns ERROR_CALL_NOT_IMPLEMENTED (120),
 * also set as GetLastError(). */
static inline DWORD InternetDialA(void *hwndParent, LPSTR lpszConnectoid, DWORD dwFlags,
                                  DWORD_PTR *lpdwConnection, DWORD dwReserved)
{
    (void)hwndParent; (void)lpszConnectoid; (void)dwFlags; (void)lpdwConnection; (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* InternetDialW: dial-up connections. Not supported: returns ERROR_CALL_NOT_IMPLEMENTED (120),
 * also set as GetLastError(). */
static inline DWORD InternetDialW(void *hwndParent, LPWSTR lpszConnectoid, DWORD dwFlags,
                                  DWORD_PTR *lpdwConnection, DWORD dwReserved)
{
    (void)hwndParent; (void)lpszConnectoid; (void)dwFlags; (void)lpdwConnection; (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* InternetHangUp: dial-up connections. Not supported: returns ERROR_CALL_NOT_IMPLEMENTED (120),
 * also set as GetLastError(). */
static inline DWORD InternetHangUp(DWORD_PTR dwConnection, DWORD dwReserved)
{
    (void)dwConnection; (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(ERROR_CALL_NOT_IMPLEMENTED);
}

/* InternetGoOnlineA: Internet Explorer's offline mode. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetGoOnlineA(LPCSTR lpszURL, void *hwndParent, DWORD dwFlags)
{
    (void)lpszURL; (void)hwndParent; (void)dwFlags;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetGoOnlineW: Internet Explorer's offline mode. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetGoOnlineW(LPCWSTR lpszURL, void *hwndParent, DWORD dwFlags)
{
    (void)lpszURL; (void)hwndParent; (void)dwFlags;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetAutodial: dial-up connections. Not supported: returns FALSE with GetLastError() ==
 * ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetAutodial(DWORD dwFlags, void *hwndParent)
{
    (void)dwFlags; (void)hwndParent;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetAutodialHangup: dial-up connections. Not supported: returns FALSE with GetLastError()
 * == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetAutodialHangup(DWORD dwReserved)
{
    (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetSetDialStateA: dial-up connections. Not supported: returns FALSE with GetLastError()
 * == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetSetDialStateA(LPCSTR lpszConnectoid, DWORD dwState, DWORD dwReserved)
{
    (void)lpszConnectoid; (void)dwState; (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetSetDialStateW: dial-up connections. Not supported: returns FALSE with GetLastError()
 * == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetSetDialStateW(LPCWSTR lpszConnectoid, DWORD dwState, DWORD dwReserved)
{
    (void)lpszConnectoid; (void)dwState; (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* ---- Proxy scripts and single sign-on ---- */

/* DeleteWpadCacheForNetworks: automatic proxy detection. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL DeleteWpadCacheForNetworks(WPAD_CACHE_DELETE DeleteFlags)
{
    (void)DeleteFlags;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* InternetInitializeAutoProxyDll: proxy scripts. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL InternetInitializeAutoProxyDll(DWORD dwReserved)
{
    (void)dwReserved;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* DetectAutoProxyUrl: automatic proxy detection. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL DetectAutoProxyUrl(char *pszAutoProxyUrl, DWORD cchAutoProxyUrl, DWORD dwDetectFlags)
{
    (void)pszAutoProxyUrl; (void)cchAutoProxyUrl; (void)dwDetectFlags;
    RINET_UNSUPPORTED_RETURN(FALSE);
}

/* CreateMD5SSOHash: Microsoft Passport single sign-on. Not supported: returns FALSE with
 * GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120). */
static inline BOOL CreateMD5SSOHash(PWSTR pszChallengeInfo, PWSTR pwszRealm, PWSTR pwszTarget,
                                    BYTE *pbHexHash)
{
    (void)pszChallengeInfo; (void)pwszRealm; (void)pwszTarget; (void)pbHexHash;
    RINET_UNSUPPORTED_RETURN(FALSE);
}



/* ======================================================================================== */
/* Unsuffixed names, as the Windows SDK maps them: W with UNICODE, else A                   */
/* ======================================================================================== */

#ifndef InternetCombineUrl
#ifdef UNICODE
#define InternetCombineUrl InternetCombineUrlW
#else
#define InternetCombineUrl InternetCombineUrlA
#endif
#endif
#ifndef InternetFindNextFile
#ifdef UNICODE
#define InternetFindNextFile InternetFindNextFileW
#else
#define InternetFindNextFile InternetFindNextFileA
#endif
#endif
#ifndef InternetSetOptionEx
#ifdef UNICODE
#define InternetSetOptionEx InternetSetOptionExW
#else
#define InternetSetOptionEx InternetSetOptionExA
#endif
#endif
#ifndef InternetSetCookieEx
#ifdef UNICODE
#define InternetSetCookieEx InternetSetCookieExW
#else
#define InternetSetCookieEx InternetSetCookieExA
#endif
#endif
#ifndef InternetGetCookieEx
#ifdef UNICODE
#define InternetGetCookieEx InternetGetCookieExW
#else
#define InternetGetCookieEx InternetGetCookieExA
#endif
#endif
#ifndef InternetCheckConnection
#ifdef UNICODE
#define InternetCheckConnection InternetCheckConnectionW
#else
#define InternetCheckConnection InternetCheckConnectionA
#endif
#endif
#ifndef InternetGetConnectedStateEx
#ifdef UNICODE
#define InternetGetConnectedStateEx InternetGetConnectedStateExW
#else
#define InternetGetConnectedStateEx InternetGetConnectedStateExA
#endif
#endif
#ifndef InternetConfirmZoneCrossing
#ifdef UNICODE
#define InternetConfirmZoneCrossing InternetConfirmZoneCrossingW
#else
#define InternetConfirmZoneCrossing InternetConfirmZoneCrossingA
#endif
#endif
#ifndef FtpFindFirstFile
#ifdef UNICODE
#define FtpFindFirstFile FtpFindFirstFileW
#else
#define FtpFindFirstFile FtpFindFirstFileA
#endif
#endif
#ifndef FtpGetFile
#ifdef UNICODE
#define FtpGetFile FtpGetFileW
#else
#define FtpGetFile FtpGetFileA
#endif
#endif
#ifndef FtpPutFile
#ifdef UNICODE
#define FtpPutFile FtpPutFileW
#else
#define FtpPutFile FtpPutFileA
#endif
#endif
#ifndef FtpDeleteFile
#ifdef UNICODE
#define FtpDeleteFile FtpDeleteFileW
#else
#define FtpDeleteFile FtpDeleteFileA
#endif
#endif
#ifndef FtpRenameFile
#ifdef UNICODE
#define FtpRenameFile FtpRenameFileW
#else
#define FtpRenameFile FtpRenameFileA
#endif
#endif
#ifndef FtpOpenFile
#ifdef UNICODE
#define FtpOpenFile FtpOpenFileW
#else
#define FtpOpenFile FtpOpenFileA
#endif
#endif
#ifndef FtpCreateDirectory
#ifdef UNICODE
#define FtpCreateDirectory FtpCreateDirectoryW
#else
#define FtpCreateDirectory FtpCreateDirectoryA
#endif
#endif
#ifndef FtpRemoveDirectory
#ifdef UNICODE
#define FtpRemoveDirectory FtpRemoveDirectoryW
#else
#define FtpRemoveDirectory FtpRemoveDirectoryA
#endif
#endif
#ifndef FtpSetCurrentDirectory
#ifdef UNICODE
#define FtpSetCurrentDirectory FtpSetCurrentDirectoryW
#else
#define FtpSetCurrentDirectory FtpSetCurrentDirectoryA
#endif
#endif
#ifndef FtpGetCurrentDirectory
#ifdef UNICODE
#define FtpGetCurrentDirectory FtpGetCurrentDirectoryW
#else
#define FtpGetCurrentDirectory FtpGetCurrentDirectoryA
#endif
#endif
#ifndef FtpCommand
#ifdef UNICODE
#define FtpCommand FtpCommandW
#else
#define FtpCommand FtpCommandA
#endif
#endif
#ifndef GopherCreateLocator
#ifdef UNICODE
#define GopherCreateLocator GopherCreateLocatorW
#else
#define GopherCreateLocator GopherCreateLocatorA
#endif
#endif
#ifndef GopherGetLocatorType
#ifdef UNICODE
#define GopherGetLocatorType GopherGetLocatorTypeW
#else
#define GopherGetLocatorType GopherGetLocatorTypeA
#endif
#endif
#ifndef GopherFindFirstFile
#ifdef UNICODE
#define GopherFindFirstFile GopherFindFirstFileW
#else
#define GopherFindFirstFile GopherFindFirstFileA
#endif
#endif
#ifndef GopherOpenFile
#ifdef UNICODE
#define GopherOpenFile GopherOpenFileW
#else
#define GopherOpenFile GopherOpenFileA
#endif
#endif
#ifndef GopherGetAttribute
#ifdef UNICODE
#define GopherGetAttribute GopherGetAttributeW
#else
#define GopherGetAttribute GopherGetAttributeA
#endif
#endif
#ifndef InternetSetPerSiteCookieDecision
#ifdef UNICODE
#define InternetSetPerSiteCookieDecision InternetSetPerSiteCookieDecisionW
#else
#define InternetSetPerSiteCookieDecision InternetSetPerSiteCookieDecisionA
#endif
#endif
#ifndef InternetGetPerSiteCookieDecision
#ifdef UNICODE
#define InternetGetPerSiteCookieDecision InternetGetPerSiteCookieDecisionW
#else
#define InternetGetPerSiteCookieDecision InternetGetPerSiteCookieDecisionA
#endif
#endif
#ifndef InternetEnumPerSiteCookieDecision
#ifdef UNICODE
#define InternetEnumPerSiteCookieDecision InternetEnumPerSiteCookieDecisionW
#else
#define InternetEnumPerSiteCookieDecision InternetEnumPerSiteCookieDecisionA
#endif
#endif
#ifndef CreateUrlCacheEntry
#ifdef UNICODE
#define CreateUrlCacheEntry CreateUrlCacheEntryW
#else
#define CreateUrlCacheEntry CreateUrlCacheEntryA
#endif
#endif
#ifndef CommitUrlCacheEntry
#ifdef UNICODE
#define CommitUrlCacheEntry CommitUrlCacheEntryW
#else
#define CommitUrlCacheEntry CommitUrlCacheEntryA
#endif
#endif
#ifndef RetrieveUrlCacheEntryFile
#ifdef UNICODE
#define RetrieveUrlCacheEntryFile RetrieveUrlCacheEntryFileW
#else
#define RetrieveUrlCacheEntryFile RetrieveUrlCacheEntryFileA
#endif
#endif
#ifndef UnlockUrlCacheEntryFile
#ifdef UNICODE
#define UnlockUrlCacheEntryFile UnlockUrlCacheEntryFileW
#else
#define UnlockUrlCacheEntryFile UnlockUrlCacheEntryFileA
#endif
#endif
#ifndef RetrieveUrlCacheEntryStream
#ifdef UNICODE
#define RetrieveUrlCacheEntryStream RetrieveUrlCacheEntryStreamW
#else
#define RetrieveUrlCacheEntryStream RetrieveUrlCacheEntryStreamA
#endif
#endif
#ifndef GetUrlCacheEntryInfo
#ifdef UNICODE
#define GetUrlCacheEntryInfo GetUrlCacheEntryInfoW
#else
#define GetUrlCacheEntryInfo GetUrlCacheEntryInfoA
#endif
#endif
#ifndef GetUrlCacheEntryInfoEx
#ifdef UNICODE
#define GetUrlCacheEntryInfoEx GetUrlCacheEntryInfoExW
#else
#define GetUrlCacheEntryInfoEx GetUrlCacheEntryInfoExA
#endif
#endif
#ifndef SetUrlCacheEntryInfo
#ifdef UNICODE
#define SetUrlCacheEntryInfo SetUrlCacheEntryInfoW
#else
#define SetUrlCacheEntryInfo SetUrlCacheEntryInfoA
#endif
#endif
#ifndef SetUrlCacheEntryGroup
#ifdef UNICODE
#define SetUrlCacheEntryGroup SetUrlCacheEntryGroupW
#else
#define SetUrlCacheEntryGroup SetUrlCacheEntryGroupA
#endif
#endif
#ifndef FindFirstUrlCacheEntryEx
#ifdef UNICODE
#define FindFirstUrlCacheEntryEx FindFirstUrlCacheEntryExW
#else
#define FindFirstUrlCacheEntryEx FindFirstUrlCacheEntryExA
#endif
#endif
#ifndef FindNextUrlCacheEntryEx
#ifdef UNICODE
#define FindNextUrlCacheEntryEx FindNextUrlCacheEntryExW
#else
#define FindNextUrlCacheEntryEx FindNextUrlCacheEntryExA
#endif
#endif
#ifndef FindFirstUrlCacheEntry
#ifdef UNICODE
#define FindFirstUrlCacheEntry FindFirstUrlCacheEntryW
#else
#define FindFirstUrlCacheEntry FindFirstUrlCacheEntryA
#endif
#endif
#ifndef FindNextUrlCacheEntry
#ifdef UNICODE
#define FindNextUrlCacheEntry FindNextUrlCacheEntryW
#else
#define FindNextUrlCacheEntry FindNextUrlCacheEntryA
#endif
#endif
#ifndef DeleteUrlCacheEntry
#ifdef UNICODE
#define DeleteUrlCacheEntry DeleteUrlCacheEntryW
#else
#define DeleteUrlCacheEntry DeleteUrlCacheEntryA
#endif
#endif
#ifndef GetUrlCacheGroupAttribute
#ifdef UNICODE
#define GetUrlCacheGroupAttribute GetUrlCacheGroupAttributeW
#else
#define GetUrlCacheGroupAttribute GetUrlCacheGroupAttributeA
#endif
#endif
#ifndef SetUrlCacheGroupAttribute
#ifdef UNICODE
#define SetUrlCacheGroupAttribute SetUrlCacheGroupAttributeW
#else
#define SetUrlCacheGroupAttribute SetUrlCacheGroupAttributeA
#endif
#endif
#ifndef InternetDial
#ifdef UNICODE
#define InternetDial InternetDialW
#else
#define InternetDial InternetDialA
#endif
#endif
#ifndef InternetGoOnline
#ifdef UNICODE
#define InternetGoOnline InternetGoOnlineW
#else
#define InternetGoOnline InternetGoOnlineA
#endif
#endif
#ifndef InternetSetDialState
#ifdef UNICODE
#define InternetSetDialState InternetSetDialStateW
#else
#define InternetSetDialState InternetSetDialStateA
#endif
#endif

#endif /* RINET_WININET_SDK_H */
