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
