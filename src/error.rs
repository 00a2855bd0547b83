// SPDX-License-Identifier: MIT OR Apache-2.0
//! The one internal error type, whose values are WinInet's result codes.
//!
//! Every failure inside rinet is one of these. The C boundary hands `code()` to the caller and
//! stores it as the thread's last error; nothing else maps errors.

/// A failure, numbered as WinInet numbers it (Win32 codes and the 12000-range
/// `ERROR_INTERNET_*` / `ERROR_HTTP_*` codes).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error {
    /// 6: NULL, closed, stale or made-up handle.
    InvalidHandle = 6,
    /// 8: an allocation failed.
    NotEnoughMemory = 8,
    /// 87: a bad argument (NULL where a value is required, a wrong struct size, CR/LF in a header).
    InvalidParameter = 87,
    /// 120: the call is not implemented (FTP and Gopher services).
    CallNotImplemented = 120,
    /// 122: the caller's buffer is too small; the needed size was written back.
    InsufficientBuffer = 122,
    /// 259: no more items (InternetGetCookie found no cookie).
    NoMoreItems = 259,
    /// 160: a bad option value (a zero timeout).
    BadArguments = 160,
    /// 1223 (ERROR_CANCELLED): InternetErrorDlg's answer when the user would have been asked
    /// (rinet shows no dialog).
    Cancelled = 1223,
    /// 2250 (ERROR_NOT_CONNECTED): InternetCheckConnection could not reach the server, or the
    /// host has no network connection.
    NotConnected = 2250,
    /// 4317 (ERROR_INVALID_OPERATION): an application set an HttpOnly cookie, or replaced one,
    /// without INTERNET_COOKIE_HTTPONLY.
    InvalidOperationWin32 = 4317,
    /// 12002: a connect, send or receive timeout expired.
    Timeout = 12002,
    /// 12004: an internal failure (a caught panic).
    InternalError = 12004,
    /// 12005: a malformed URL.
    InvalidUrl = 12005,
    /// 12006: a URL scheme rinet does not speak.
    UnrecognizedScheme = 12006,
    /// 12007: the host name could not be resolved.
    NameNotResolved = 12007,
    /// 12009: an unknown option.
    InvalidOption = 12009,
    /// 12010: an option buffer of the wrong length.
    BadOptionLength = 12010,
    /// 12011: the option can only be queried.
    OptionNotSettable = 12011,
    /// 12016: the operation does not apply (e.g. a certificate query on plain HTTP).
    InvalidOperation = 12016,
    /// 12017: the handle was closed before the operation completed.
    OperationCancelled = 12017,
    /// 12018: the wrong kind of handle for this call or option.
    IncorrectHandleType = 12018,
    /// 12019: the call is not valid in the request's current state.
    IncorrectHandleState = 12019,
    /// 12029: no connection could be made to any address of the server.
    CannotConnect = 12029,
    /// 12030: the connection was closed before the response was complete.
    ConnectionAborted = 12030,
    /// 12031: the connection was reset by the server.
    ConnectionReset = 12031,
    /// 12032 (ERROR_INTERNET_FORCE_RETRY): InternetErrorDlg's answer when sending the request
    /// again will present credentials set since the last attempt.
    ForceRetry = 12032,
    /// 12037: the server's certificate (or one in its chain) has expired or is not yet valid.
    SecCertDateInvalid = 12037,
    /// 12038: the server's certificate does not name the host that was asked for.
    SecCertCnInvalid = 12038,
    /// 12045: the server's certificate chain does not lead to a trusted root, or a signature in
    /// it does not verify.
    InvalidCa = 12045,
    /// 12040: a redirect from https to http was refused.
    HttpsToHttpOnRedir = 12040,
    /// 12150: the header asked for is not there.
    HeaderNotFound = 12150,
    /// 12152: the server's response could not be parsed.
    InvalidServerResponse = 12152,
    /// 12153: a header given by the application is malformed.
    InvalidHeader = 12153,
    /// 12154: the query level or modifier is not valid.
    InvalidQueryRequest = 12154,
    /// 12155: HTTP_ADDREQ_FLAG_ADD_IF_NEW found the header present.
    HeaderAlreadyExists = 12155,
    /// 12156: too many redirects.
    HttpRedirectFailed = 12156,
    /// 12157: the TLS layer failed: a handshake or protocol failure, an alert from the server, or
    /// TLS spoken to a port that does not speak it.
    SecurityChannelError = 12157,
    /// 12162 (ERROR_HTTP_COOKIE_DECLINED): InternetErrorDlg's answer to a cookie that would
    /// need the user's confirmation.
    HttpCookieDeclined = 12162,
    /// 12175: a gzip or deflate body could not be decoded (corrupt, cut short, or a
    /// decompression bomb past the ratio limit).
    DecodingFailed = 12175,
}

impl Error {
    /// The WinInet result code.
    pub fn code(self) -> u32 {
        self as u32
    }
}

/// Success.
pub const SUCCESS: u32 = 0;
/// The operation is under way; REQUEST_COMPLETE will follow (ERROR_IO_PENDING).
pub const IO_PENDING: u32 = 997;

/// The text of a result code, in WinInet's wording where WinInet has one, with its NUL: what
/// rinet_strerror returns. Any code rinet does not return gives "Unknown error".
pub fn message_nul(code: u32) -> &'static [u8] {
    match code {
        0 => b"The operation completed successfully.\0",
        2 => b"The system cannot find the file specified.\0",
        6 => b"The handle is invalid.\0",
        8 => b"Not enough memory resources are available to process this command.\0",
        87 => b"The parameter is incorrect.\0",
        120 => b"This function is not supported on this system.\0",
        122 => b"The data area passed to a system call is too small.\0",
        160 => b"One or more arguments are not correct.\0",
        259 => b"No more data is available.\0",
        997 => b"Overlapped I/O operation is in progress.\0",
        1223 => b"The operation was canceled by the user.\0",
        2250 => b"This network connection does not exist.\0",
        4317 => b"The operation identifier is not valid.\0",
        12001 => b"No more handles could be generated at this time.\0",
        12002 => b"The operation timed out.\0",
        12003 => b"An extended error was returned from the server.\0",
        12004 => b"An internal error occurred.\0",
        12005 => b"The URL is invalid.\0",
        12006 => b"The URL does not use a recognized protocol.\0",
        12007 => b"The server name or address could not be resolved.\0",
        12008 => b"A protocol with the required capabilities was not found.\0",
        12009 => b"The option is invalid.\0",
        12010 => b"The length is incorrect for the option type.\0",
        12011 => b"The option value cannot be set.\0",
        12012 => b"Internet client support has been shut down.\0",
        12013 => b"The user name was not allowed.\0",
        12014 => b"The password was not allowed.\0",
        12015 => b"The login request was denied.\0",
        12016 => b"The requested operation is invalid.\0",
        12017 => b"The operation has been canceled.\0",
        12018 => b"The supplied handle is the wrong type for the requested operation.\0",
        12019 => b"The handle is in the wrong state for the requested operation.\0",
        12026 => b"The request cannot be completed because one or more requests are pending.\0",
        12029 => b"A connection with the server could not be established.\0",
        12030 => b"The connection with the server was terminated abnormally.\0",
        12031 => b"The connection with the server was reset.\0",
        12032 => b"The request must be sent again.\0",
        12037 => b"The date in the server's certificate is invalid or has expired.\0",
        12038 => b"The host name in the server's certificate is invalid or does not match.\0",
        12040 => {
            b"A redirect would move from a secure (https) to a non-secure (http) connection.\0"
        }
        12045 => b"The certificate authority is invalid or incorrect.\0",
        12150 => b"The requested header could not be located.\0",
        12152 => b"The server returned an invalid or unrecognized response.\0",
        12153 => b"The supplied HTTP header is invalid.\0",
        12154 => b"The request made to HttpQueryInfo is invalid.\0",
        12155 => b"The HTTP header already exists.\0",
        12156 => b"The HTTP redirect failed (too many redirects).\0",
        12157 => b"An error occurred in the secure channel support.\0",
        12162 => b"The HTTP cookie was declined by the server.\0",
        12175 => b"The content could not be decoded.\0",
        _ => b"Unknown error\0",
    }
}

/// The text of a result code ([`message_nul`] without the NUL).
pub fn message(code: u32) -> &'static str {
    let text = message_nul(code);
    std::str::from_utf8(&text[..text.len() - 1]).unwrap_or("")
}

/// The constant's name of a result code, as the Windows SDK spells it: 12029 gives
/// "ERROR_INTERNET_CANNOT_CONNECT". A code rinet does not return gives "".
pub fn name(code: u32) -> &'static str {
    match code {
        0 => "ERROR_SUCCESS",
        2 => "ERROR_FILE_NOT_FOUND",
        6 => "ERROR_INVALID_HANDLE",
        8 => "ERROR_NOT_ENOUGH_MEMORY",
        87 => "ERROR_INVALID_PARAMETER",
        120 => "ERROR_CALL_NOT_IMPLEMENTED",
        122 => "ERROR_INSUFFICIENT_BUFFER",
        160 => "ERROR_BAD_ARGUMENTS",
        259 => "ERROR_NO_MORE_ITEMS",
        997 => "ERROR_IO_PENDING",
        1223 => "ERROR_CANCELLED",
        2250 => "ERROR_NOT_CONNECTED",
        4317 => "ERROR_INVALID_OPERATION",
        12001 => "ERROR_INTERNET_OUT_OF_HANDLES",
        12002 => "ERROR_INTERNET_TIMEOUT",
        12003 => "ERROR_INTERNET_EXTENDED_ERROR",
        12004 => "ERROR_INTERNET_INTERNAL_ERROR",
        12005 => "ERROR_INTERNET_INVALID_URL",
        12006 => "ERROR_INTERNET_UNRECOGNIZED_SCHEME",
        12007 => "ERROR_INTERNET_NAME_NOT_RESOLVED",
        12008 => "ERROR_INTERNET_PROTOCOL_NOT_FOUND",
        12009 => "ERROR_INTERNET_INVALID_OPTION",
        12010 => "ERROR_INTERNET_BAD_OPTION_LENGTH",
        12011 => "ERROR_INTERNET_OPTION_NOT_SETTABLE",
        12012 => "ERROR_INTERNET_SHUTDOWN",
        12013 => "ERROR_INTERNET_INCORRECT_USER_NAME",
        12014 => "ERROR_INTERNET_INCORRECT_PASSWORD",
        12015 => "ERROR_INTERNET_LOGIN_FAILURE",
        12016 => "ERROR_INTERNET_INVALID_OPERATION",
        12017 => "ERROR_INTERNET_OPERATION_CANCELLED",
        12018 => "ERROR_INTERNET_INCORRECT_HANDLE_TYPE",
        12019 => "ERROR_INTERNET_INCORRECT_HANDLE_STATE",
        12026 => "ERROR_INTERNET_REQUEST_PENDING",
        12029 => "ERROR_INTERNET_CANNOT_CONNECT",
        12030 => "ERROR_INTERNET_CONNECTION_ABORTED",
        12031 => "ERROR_INTERNET_CONNECTION_RESET",
        12032 => "ERROR_INTERNET_FORCE_RETRY",
        12037 => "ERROR_INTERNET_SEC_CERT_DATE_INVALID",
        12038 => "ERROR_INTERNET_SEC_CERT_CN_INVALID",
        12040 => "ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR",
        12045 => "ERROR_INTERNET_INVALID_CA",
        12150 => "ERROR_HTTP_HEADER_NOT_FOUND",
        12152 => "ERROR_HTTP_INVALID_SERVER_RESPONSE",
        12153 => "ERROR_HTTP_INVALID_HEADER",
        12154 => "ERROR_HTTP_INVALID_QUERY_REQUEST",
        12155 => "ERROR_HTTP_HEADER_ALREADY_EXISTS",
        12156 => "ERROR_HTTP_REDIRECT_FAILED",
        12157 => "ERROR_INTERNET_SECURITY_CHANNEL_ERROR",
        12162 => "ERROR_HTTP_COOKIE_DECLINED",
        12175 => "ERROR_INTERNET_DECODING_FAILED",
        _ => "",
    }
}

/// Map a socket error to the WinInet code a caller expects.
pub fn from_io(e: &std::io::Error) -> Error {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionReset => Error::ConnectionReset,
        ConnectionRefused => Error::CannotConnect,
        TimedOut => Error::Timeout,
        _ => Error::ConnectionAborted,
    }
}
