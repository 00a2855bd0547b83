// SPDX-License-Identifier: MIT OR Apache-2.0
//! The WinInet flag values rinet reads, defined once for the C boundary and the core: the
//! INTERNET_FLAG_* bits of InternetConnect, HttpOpenRequest and InternetOpenUrl, and the
//! SECURITY_FLAG_* bits of INTERNET_OPTION_SECURITY_FLAGS. The values are the Windows SDK's.

/// INTERNET_FLAG_SECURE: the request uses TLS (HTTPS).
pub(crate) const INTERNET_FLAG_SECURE: u32 = 0x0080_0000;
/// INTERNET_FLAG_KEEP_CONNECTION.
pub(crate) const INTERNET_FLAG_KEEP_CONNECTION: u32 = 0x0040_0000;
/// INTERNET_FLAG_NO_AUTO_REDIRECT: redirects are given to the application, not followed.
pub(crate) const INTERNET_FLAG_NO_AUTO_REDIRECT: u32 = 0x0020_0000;
/// INTERNET_FLAG_NO_COOKIES: cookies are neither sent nor stored.
pub(crate) const INTERNET_FLAG_NO_COOKIES: u32 = 0x0008_0000;
/// INTERNET_FLAG_NO_AUTH: authentication challenges are given to the application.
pub(crate) const INTERNET_FLAG_NO_AUTH: u32 = 0x0004_0000;
/// INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP: a redirect from HTTPS to HTTP is followed.
pub(crate) const INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP: u32 = 0x0000_8000;
/// INTERNET_FLAG_IGNORE_CERT_DATE_INVALID (the same bit as its SECURITY_FLAG_).
pub(crate) const INTERNET_FLAG_IGNORE_CERT_DATE_INVALID: u32 = 0x0000_2000;
/// INTERNET_FLAG_IGNORE_CERT_CN_INVALID (the same bit as its SECURITY_FLAG_).
pub(crate) const INTERNET_FLAG_IGNORE_CERT_CN_INVALID: u32 = 0x0000_1000;
/// INTERNET_FLAG_PRAGMA_NOCACHE: `Pragma: no-cache` is sent.
pub(crate) const INTERNET_FLAG_PRAGMA_NOCACHE: u32 = 0x0000_0100;
/// INTERNET_FLAG_NO_CACHE_WRITE: `Cache-Control: no-cache` is sent (verbs other than GET).
pub(crate) const INTERNET_FLAG_NO_CACHE_WRITE: u32 = 0x0400_0000;

/// SECURITY_FLAG_SECURE: reported for TLS requests, never settable.
pub(crate) const SECURITY_FLAG_SECURE: u32 = 0x0000_0001;
/// SECURITY_FLAG_IGNORE_REVOCATION.
pub(crate) const SECURITY_FLAG_IGNORE_REVOCATION: u32 = 0x0000_0080;
/// SECURITY_FLAG_IGNORE_UNKNOWN_CA.
pub(crate) const SECURITY_FLAG_IGNORE_UNKNOWN_CA: u32 = 0x0000_0100;
/// SECURITY_FLAG_IGNORE_CERT_CN_INVALID.
pub(crate) const SECURITY_FLAG_IGNORE_CERT_CN_INVALID: u32 = INTERNET_FLAG_IGNORE_CERT_CN_INVALID;
/// SECURITY_FLAG_IGNORE_CERT_DATE_INVALID.
pub(crate) const SECURITY_FLAG_IGNORE_CERT_DATE_INVALID: u32 =
    INTERNET_FLAG_IGNORE_CERT_DATE_INVALID;
/// SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP (the same bit as its INTERNET_FLAG_).
pub(crate) const SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP: u32 = INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP;
