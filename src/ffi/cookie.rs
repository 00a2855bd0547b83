//! The process's cookie jar from C: set_cookie and get_cookie (InternetSetCookieA /
//! InternetGetCookieA).

use std::ffi::c_char;

use super::args::{has_ctl, opt_str};
use super::boundary::{guard, Done};
use crate::error::Error;
use crate::http::url::{crack, Scheme, UrlError};
use crate::reactor::{now_unix, COOKIES};

/// (host, path, https) of an http or https URL.
fn cookie_target(url: &str) -> Result<(String, String, bool), Error> {
    let c = crack(url.as_bytes(), 0).map_err(|e| match e {
        UrlError::UnrecognizedScheme => Error::UnrecognizedScheme,
        _ => Error::InvalidUrl,
    })?;
    let secure = match c.kind {
        Scheme::Http => false,
        Scheme::Https => true,
        _ => return Err(Error::UnrecognizedScheme),
    };
    let b = url.as_bytes();
    let host = c
        .host
        .map(|r| String::from_utf8_lossy(&b[r]).into_owned())
        .unwrap_or_default();
    if host.is_empty() {
        return Err(Error::InvalidUrl);
    }
    let mut path = String::from_utf8_lossy(&b[c.path]).into_owned();
    if path.is_empty() {
        path.push('/');
    }
    Ok((host, path, secure))
}

/// Store a cookie for a URL in the process's jar (WinInet's InternetSetCookieA).
///
/// - `url`: the http or https URL the cookie belongs to.
/// - `name`: the cookie's name, or NULL when `data` is a whole "name=value; attributes" string.
/// - `data`: the value, optionally followed by attributes ("; expires=...; path=/; domain=...").
///
/// Every request made afterwards (without INTERNET_FLAG_NO_COOKIES) to a matching URL sends it.
/// Runs on the calling thread; never pends. Errors: 87 (NULL `url` or `data`, CR/LF/NUL, or not
/// a cookie), 12005, 12006.
#[no_mangle]
pub extern "C" fn rinet_set_cookie(
    url: *const c_char,
    name: *const c_char,
    data: *const c_char,
) -> u32 {
    guard(|| {
        // SAFETY: C strings are NUL-terminated or NULL.
        let (url, name, data) = unsafe { (opt_str(url), opt_str(name), opt_str(data)) };
        let (url, data) = match (url, data) {
            (Some(u), Some(d)) => (u, d),
            _ => return Err(Error::InvalidParameter),
        };
        let (host, path, _) = cookie_target(&url)?;
        let text = match name.filter(|n| !n.is_empty()) {
            Some(n) => format!("{n}={data}"),
            None => data,
        };
        if has_ctl(&text) {
            return Err(Error::InvalidParameter);
        }
        let stored = COOKIES.lock().unwrap_or_else(|e| e.into_inner()).store(
            &host,
            &path,
            &text,
            now_unix(),
        );
        if stored {
            Ok(Done::Now)
        } else {
            Err(Error::InvalidParameter)
        }
    })
}

/// The cookies the jar would send to a URL, as one "a=1; b=2" string (WinInet's
/// InternetGetCookieA).
///
/// `name` is ignored, as in WinInet. `*size` is the buffer size on input. With a NULL `data`
/// the call succeeds and sets `*size` to the size needed (the NUL included); with a buffer too
/// small it fails with 122 and that size; on success it copies the string with its NUL and sets
/// `*size` to the string's length plus the NUL. No cookie for the URL: ERROR_NO_MORE_ITEMS
/// (259). Runs on the calling thread; never pends. Errors: 87 (NULL `url` or `size`), 122, 259,
/// 12005, 12006.
#[no_mangle]
pub extern "C" fn rinet_get_cookie(
    url: *const c_char,
    _name: *const c_char,
    data: *mut c_char,
    size: *mut u32,
) -> u32 {
    guard(|| {
        if size.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: a NUL-terminated string or NULL.
        let url = unsafe { opt_str(url) }.ok_or(Error::InvalidParameter)?;
        let (host, path, secure) = cookie_target(&url)?;
        let value = COOKIES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .header(&host, &path, secure, now_unix())
            .ok_or(Error::NoMoreItems)?;
        let bytes = crate::http::headers::to_latin1(&value);
        let need = bytes.len() + 1;
        if data.is_null() {
            // SAFETY: checked non-NULL.
            unsafe { size.write_unaligned(need as u32) };
            return Ok(Done::Now);
        }
        // SAFETY: checked non-NULL.
        let have = unsafe { size.read_unaligned() } as usize;
        // SAFETY: as above.
        unsafe { size.write_unaligned(need as u32) };
        if have < need {
            return Err(Error::InsufficientBuffer);
        }
        // SAFETY: `data` has at least `have >= need` writable bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), data as *mut u8, bytes.len());
            *(data as *mut u8).add(bytes.len()) = 0;
        }
        Ok(Done::Now)
    })
}
