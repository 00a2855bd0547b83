// SPDX-License-Identifier: MIT OR Apache-2.0
//! The process's cookie jar from C: set_cookie and get_cookie (InternetSetCookieA /
//! InternetGetCookieA), and their Ex forms with INTERNET_COOKIE_* flags (InternetSetCookieExA /
//! InternetGetCookieExA), each also with UTF-16 and UTF-32 strings.
//!
//! [`set`] and [`get`] are the jar's side, on Rust strings; the exports convert their arguments
//! and lay out the result. Cookies an application sets or reads follow WinInet's HttpOnly rule:
//! an HttpOnly cookie (or one replacing an HttpOnly cookie) is refused with
//! ERROR_INVALID_OPERATION (4317), and HttpOnly cookies are not returned, unless the call passes
//! INTERNET_COOKIE_HTTPONLY. Requests always send HttpOnly cookies.

use std::ffi::{c_char, c_void};

use super::args::{self, has_ctl, opt_text, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use crate::error::Error;
use crate::http::cookie::Refusal;
use crate::http::url::{crack, Scheme, UrlError};
use crate::reactor::{now_unix, COOKIES};

/// INTERNET_COOKIE_HTTPONLY: the call may set, replace and read HttpOnly cookies.
const COOKIE_HTTPONLY: u32 = 0x0000_2000;

/// (host, path, https) of an http or https URL. A URL with a scheme but no host
/// (`about:blank`) is ERROR_INVALID_PARAMETER, as in WinInet; one with no scheme is 12006.
fn cookie_target(url: &str) -> Result<(String, String, bool), Error> {
    let c = crack(url.as_bytes(), 0).map_err(|e| match e {
        UrlError::UnrecognizedScheme => Error::UnrecognizedScheme,
        _ => Error::InvalidUrl,
    })?;
    let b = url.as_bytes();
    let Some(host) = c.host.map(|r| String::from_utf8_lossy(&b[r]).into_owned()) else {
        return Err(Error::InvalidParameter);
    };
    let secure = match c.kind {
        Scheme::Http => false,
        Scheme::Https => true,
        _ => return Err(Error::UnrecognizedScheme),
    };
    if host.is_empty() {
        return Err(Error::InvalidUrl);
    }
    let mut path = String::from_utf8_lossy(&b[c.path]).into_owned();
    if path.is_empty() {
        path.push('/');
    }
    Ok((host, path, secure))
}

/// Store the cookie `data` (with `name`, when given and not empty, as its name) for `url`.
/// `flags` holds INTERNET_COOKIE_* bits; only INTERNET_COOKIE_HTTPONLY changes anything.
/// Errors: 87 (CR, LF or NUL; not a cookie; a domain the URL may not set; a URL without a
/// host), 4317 (HttpOnly without the flag), 12005, 12006.
pub(crate) fn set(url: &str, name: Option<&str>, data: &str, flags: u32) -> Result<(), Error> {
    let (host, path, _) = cookie_target(url)?;
    let text = match name.filter(|n| !n.is_empty()) {
        Some(n) => format!("{n}={data}"),
        None => data.to_string(),
    };
    if has_ctl(&text) {
        return Err(Error::InvalidParameter);
    }
    COOKIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .store_from_app(
            &host,
            &path,
            &text,
            now_unix(),
            flags & COOKIE_HTTPONLY != 0,
        )
        .map_err(|r| match r {
            Refusal::NotCookie => Error::InvalidParameter,
            Refusal::HttpOnly => Error::InvalidOperationWin32,
        })
}

/// The cookies for `url` as one "a=1; b=2" string; HttpOnly ones only with
/// INTERNET_COOKIE_HTTPONLY in `flags`. Errors: 87 (a URL without a host), 259 (no cookie),
/// 12005, 12006.
pub(crate) fn get(url: &str, flags: u32) -> Result<String, Error> {
    let (host, path, secure) = cookie_target(url)?;
    COOKIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .for_app(
            &host,
            &path,
            secure,
            now_unix(),
            flags & COOKIE_HTTPONLY != 0,
        )
        .ok_or(Error::NoMoreItems)
}

/// Store a cookie for a URL in the process's jar (WinInet's InternetSetCookieA).
///
/// - `url`: the http or https URL the cookie belongs to.
/// - `name`: the cookie's name, or NULL when `data` is a whole "name=value; attributes" string.
/// - `data`: the value, optionally followed by attributes ("; expires=...; path=/; domain=...").
///
/// Every request made afterwards (without INTERNET_FLAG_NO_COOKIES) to a matching URL sends it:
/// to the URL's host (and, with a Domain attribute, to that domain's hosts), for request paths
/// whose directory (the path through its last '/') starts with the cookie's path, as WinInet
/// matches them ("path=/foo" goes to "/foo/x" and "/foobar/x", not to "/foobar"). Without a
/// Path attribute the path is the URL's directory. As in WinInet, a Domain attribute must name
/// the URL's host or a parent domain of it that is not a public suffix ("com", "co.uk", by the
/// Public Suffix List), and for a host that is an IP address only that address. An HttpOnly
/// cookie is refused, as WinInet refuses it: use rinet_set_cookie_ex with
/// INTERNET_COOKIE_HTTPONLY. Runs on the calling thread; never pends. Errors: 87 (NULL `url` or
/// `data`, a URL without a host such as `about:blank`, CR/LF/NUL, not a cookie, or a Domain
/// attribute the URL may not set), 4317 (ERROR_INVALID_OPERATION: an HttpOnly cookie, or one
/// replacing an HttpOnly cookie), 12005, 12006.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_cookie(
    url: *const c_char,
    name: *const c_char,
    data: *const c_char,
) -> u32 {
    guard(|| set_cookie::<Ansi>(url as *const u8, name as *const u8, data as *const u8, 0))
}

/// rinet_set_cookie with UTF-16 strings (WinInet's InternetSetCookieW where `wchar_t` is 2
/// bytes): `url`, `name` and `data` as there. Requests send the cookie as ISO-8859-1,
/// characters above U+00FF as '?'. Runs on the calling thread; never pends. Errors: those of
/// rinet_set_cookie, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_cookie_w16(
    url: *const u16,
    name: *const u16,
    data: *const u16,
) -> u32 {
    guard(|| set_cookie::<Utf16>(url, name, data, 0))
}

/// rinet_set_cookie_w16 (`url`, `name`, `data`) with UTF-32 strings (`wchar_t` of 4 bytes).
/// Runs on the calling thread; never pends. Errors: those of rinet_set_cookie, and 87 for text
/// that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_cookie_w32(
    url: *const u32,
    name: *const u32,
    data: *const u32,
) -> u32 {
    guard(|| set_cookie::<Utf32>(url, name, data, 0))
}

fn set_cookie<E: Encoding>(
    url: *const E::Unit,
    name: *const E::Unit,
    data: *const E::Unit,
    flags: u32,
) -> Result<Done, Error> {
    // SAFETY: C strings are NUL-terminated or NULL.
    let (url, name, data) = unsafe {
        (
            opt_text::<E>(url)?,
            opt_text::<E>(name)?,
            opt_text::<E>(data)?,
        )
    };
    let (url, data) = match (url, data) {
        (Some(u), Some(d)) => (u, d),
        _ => return Err(Error::InvalidParameter),
    };
    set(&url, name.as_deref(), &data, flags)?;
    Ok(Done::Now)
}

/// Store a cookie for a URL, with INTERNET_COOKIE_* flags (WinInet's InternetSetCookieExA).
///
/// - `url`, `name`, `data`: as for rinet_set_cookie (the URL; the name, or NULL when `data` is
///   a whole "name=value; attributes" string; the value and its attributes).
/// - `flags`: INTERNET_COOKIE_HTTPONLY (0x2000) lets the call set an HttpOnly cookie or replace
///   one. The other INTERNET_COOKIE_* flags (third-party, P3P, ...) are accepted and change
///   nothing.
/// - `reserved`: WinInet's P3P header; not read.
///
/// Success is 0: InternetSetCookieExA then returns COOKIE_STATE_ACCEPT. A refused HttpOnly
/// cookie is 4317, for which InternetSetCookieExA returns COOKIE_STATE_REJECT. Runs on the
/// calling thread; never pends; writes nothing but the jar. Errors: 87, 4317, 12005, 12006.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_cookie_ex(
    url: *const c_char,
    name: *const c_char,
    data: *const c_char,
    flags: u32,
    reserved: usize,
) -> u32 {
    let _ = reserved;
    guard(|| {
        set_cookie::<Ansi>(
            url as *const u8,
            name as *const u8,
            data as *const u8,
            flags,
        )
    })
}

/// rinet_set_cookie_ex with UTF-16 strings (WinInet's InternetSetCookieExW where `wchar_t` is 2
/// bytes): `url`, `name`, `data`, `flags` and `reserved` as there. Runs on the calling thread;
/// never pends. Errors: those of rinet_set_cookie_ex, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_cookie_ex_w16(
    url: *const u16,
    name: *const u16,
    data: *const u16,
    flags: u32,
    reserved: usize,
) -> u32 {
    let _ = reserved;
    guard(|| set_cookie::<Utf16>(url, name, data, flags))
}

/// rinet_set_cookie_ex with UTF-32 strings (`wchar_t` of 4 bytes): `url`, `name`, `data`,
/// `flags` and `reserved` as there. Runs on the calling thread; never pends. Errors: those of
/// rinet_set_cookie_ex, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_cookie_ex_w32(
    url: *const u32,
    name: *const u32,
    data: *const u32,
    flags: u32,
    reserved: usize,
) -> u32 {
    let _ = reserved;
    guard(|| set_cookie::<Utf32>(url, name, data, flags))
}

/// The cookies the jar would send to a URL, as one "a=1; b=2" string (WinInet's
/// InternetGetCookieA).
///
/// `name` is ignored, as in WinInet. HttpOnly cookies are left out (rinet_get_cookie_ex with
/// INTERNET_COOKIE_HTTPONLY returns them). `*size` is the buffer size on input. With a NULL `data`
/// the call succeeds and sets `*size` to the size needed (the NUL included); with a buffer too
/// small it fails with 122 and that size; on success it copies the string with its NUL and sets
/// `*size` to the string's length plus the NUL. No cookie for the URL: ERROR_NO_MORE_ITEMS
/// (259) with `*size` set to 0, as in WinInet. Runs on the calling thread; never pends. Errors:
/// 87 (NULL `url` or `size`, or a URL without a host such as `about:blank`), 122, 259, 12005,
/// 12006.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_cookie(
    url: *const c_char,
    _name: *const c_char,
    data: *mut c_char,
    size: *mut u32,
) -> u32 {
    guard(|| get_cookie::<Ansi>(url as *const u8, data as *mut u8, size, 0))
}

/// rinet_get_cookie with UTF-16 strings (WinInet's InternetGetCookieW where `wchar_t` is 2
/// bytes): `url` and `_name` (ignored) as there; `data` receives UTF-16 and `*size` is its size
/// in characters on input. As WinInet's InternetGetCookieW does, the size needed, reported with
/// a NULL `data` (success) or with 122, counts BYTES (NUL included), while success reports the
/// characters written with the NUL. Runs on the calling thread; never pends. Errors: those of
/// rinet_get_cookie, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_cookie_w16(
    url: *const u16,
    _name: *const u16,
    data: *mut u16,
    size: *mut u32,
) -> u32 {
    guard(|| get_cookie::<Utf16>(url, data, size, 0))
}

/// rinet_get_cookie_w16 (`url`, `_name`, `data`, `size`) with UTF-32 strings (`wchar_t` of 4
/// bytes). Runs on the calling thread; never pends. Errors: those of rinet_get_cookie, and 87
/// for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_cookie_w32(
    url: *const u32,
    _name: *const u32,
    data: *mut u32,
    size: *mut u32,
) -> u32 {
    guard(|| get_cookie::<Utf32>(url, data, size, 0))
}

fn get_cookie<E: Encoding>(
    url: *const E::Unit,
    data: *mut E::Unit,
    size: *mut u32,
    flags: u32,
) -> Result<Done, Error> {
    if size.is_null() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: a NUL-terminated string or NULL.
    let url = unsafe { opt_text::<E>(url) }?.ok_or(Error::InvalidParameter)?;
    let value = match get(&url, flags) {
        Ok(value) => value,
        Err(Error::NoMoreItems) => {
            // As WinInet: no cookie for the URL also reports a size of 0.
            // SAFETY: checked non-NULL.
            unsafe { size.write_unaligned(0) };
            return Err(Error::NoMoreItems);
        }
        Err(e) => return Err(e),
    };
    let units = E::encode(&value);
    let need = units.len() + 1;
    let need_reported = args::count::<E>(need, args::Count::Bytes)?;
    if data.is_null() {
        // SAFETY: checked non-NULL.
        unsafe { size.write_unaligned(need_reported) };
        return Ok(Done::Now);
    }
    // SAFETY: checked non-NULL.
    let have = unsafe { size.read_unaligned() } as usize;
    if have < need {
        // SAFETY: as above.
        unsafe { size.write_unaligned(need_reported) };
        return Err(Error::InsufficientBuffer);
    }
    // SAFETY: `data` has at least `have >= need` writable units; `size` is non-NULL.
    unsafe {
        args::copy_out(data, &units);
        size.write_unaligned(need as u32);
    }
    Ok(Done::Now)
}

/// The cookies for a URL, with INTERNET_COOKIE_* flags (WinInet's InternetGetCookieExA).
///
/// - `url`: the http or https URL.
/// - `name`: ignored, as in WinInet.
/// - `data`, `size`: the buffer and its size, written as rinet_get_cookie writes them.
/// - `flags`: INTERNET_COOKIE_HTTPONLY (0x2000) adds the HttpOnly cookies. The other flags
///   (INTERNET_COOKIE_THIRD_PARTY, INTERNET_FLAG_RESTRICTED_ZONE, ...) are accepted and change
///   nothing.
/// - `reserved`: not read.
///
/// Runs on the calling thread; never pends. Errors: 87 (NULL `url` or `size`, or a URL without
/// a host), 122, 259 (no cookie; `*size` set to 0), 12005, 12006.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_cookie_ex(
    url: *const c_char,
    name: *const c_char,
    data: *mut c_char,
    size: *mut u32,
    flags: u32,
    reserved: *mut c_void,
) -> u32 {
    let _ = (name, reserved);
    guard(|| get_cookie::<Ansi>(url as *const u8, data as *mut u8, size, flags))
}

/// rinet_get_cookie_ex with UTF-16 strings (WinInet's InternetGetCookieExW where `wchar_t` is 2
/// bytes): `url`, `name`, `data`, `size`, `flags` and `reserved` as there, and `*size` as
/// rinet_get_cookie_w16 reports it (the size needed in bytes, the length written in
/// characters). Runs on the calling thread; never pends. Errors: those of rinet_get_cookie_ex,
/// and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_cookie_ex_w16(
    url: *const u16,
    name: *const u16,
    data: *mut u16,
    size: *mut u32,
    flags: u32,
    reserved: *mut c_void,
) -> u32 {
    let _ = (name, reserved);
    guard(|| get_cookie::<Utf16>(url, data, size, flags))
}

/// rinet_get_cookie_ex with UTF-32 strings (`wchar_t` of 4 bytes): `url`, `name`, `data`,
/// `size`, `flags` and `reserved` as there, `*size` as rinet_get_cookie_w32 reports it. Runs on
/// the calling thread; never pends. Errors: those of rinet_get_cookie_ex, and 87 for text that
/// is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_cookie_ex_w32(
    url: *const u32,
    name: *const u32,
    data: *mut u32,
    size: *mut u32,
    flags: u32,
    reserved: *mut c_void,
) -> u32 {
    let _ = (name, reserved);
    guard(|| get_cookie::<Utf32>(url, data, size, flags))
}
