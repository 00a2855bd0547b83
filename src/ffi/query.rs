// SPDX-License-Identifier: MIT OR Apache-2.0
//! query_info (WinInet's HttpQueryInfoA): response and request headers, status, raw heads.

use std::ffi::c_void;

use super::args::{self, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use super::rinet_handle;
use crate::error::Error;
use crate::http::headers::to_latin1;
use crate::http::HeaderList;
use crate::reactor::engine::Phase;
use crate::reactor::{HandleId, Kind};

/// HTTP_QUERY_FLAG_REQUEST_HEADERS: query the request's headers instead of the response's.
pub const RINET_QUERY_FLAG_REQUEST_HEADERS: u32 = 0x8000_0000;
/// HTTP_QUERY_FLAG_SYSTEMTIME: return a date as a SYSTEMTIME.
pub const RINET_QUERY_FLAG_SYSTEMTIME: u32 = 0x4000_0000;
/// HTTP_QUERY_FLAG_NUMBER: return the value as a DWORD.
pub const RINET_QUERY_FLAG_NUMBER: u32 = 0x2000_0000;
/// HTTP_QUERY_FLAG_NUMBER64: return the value as a 64-bit number.
pub const RINET_QUERY_FLAG_NUMBER64: u32 = 0x0800_0000;
/// HTTP_QUERY_CUSTOM: the header name is passed in the buffer.
pub const RINET_QUERY_CUSTOM: u32 = 65535;

const MODIFIER_MASK: u32 = 0xFC00_0000;
const LEVEL_MASK: u32 = 0x03FF_FFFF;

const VERSION: u32 = 18;
const STATUS_CODE: u32 = 19;
const STATUS_TEXT: u32 = 20;
const RAW_HEADERS: u32 = 21;
const RAW_HEADERS_CRLF: u32 = 22;
const REQUEST_METHOD: u32 = 45;

/// Header names of the HTTP_QUERY_* levels, by level number ("" for the special levels).
const LEVEL_NAMES: [&str; 97] = [
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-ID",
    "Content-Description",
    "Content-Length",
    "Content-Language",
    "Allow",
    "Public",
    "Date",
    "Expires",
    "Last-Modified",
    "Message-ID",
    "URI",
    "Derived-From",
    "Cost",
    "Link",
    "Pragma",
    "",
    "",
    "",
    "",
    "",
    "Connection",
    "Accept",
    "Accept-Charset",
    "Accept-Encoding",
    "Accept-Language",
    "Authorization",
    "Content-Encoding",
    "Forwarded",
    "From",
    "If-Modified-Since",
    "Location",
    "Orig-URI",
    "Referer",
    "Retry-After",
    "Server",
    "Title",
    "User-Agent",
    "WWW-Authenticate",
    "Proxy-Authenticate",
    "Accept-Ranges",
    "Set-Cookie",
    "Cookie",
    "",
    "Refresh",
    "Content-Disposition",
    "Age",
    "Cache-Control",
    "Content-Base",
    "Content-Location",
    "Content-MD5",
    "Content-Range",
    "ETag",
    "Host",
    "If-Match",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Max-Forwards",
    "Proxy-Authorization",
    "Range",
    "Transfer-Encoding",
    "Upgrade",
    "Vary",
    "Via",
    "Warning",
    "Expect",
    "Proxy-Connection",
    "Unless-Modified-Since",
    "Echo-Request",
    "Echo-Reply",
    "Echo-Headers",
    "Echo-Headers-Crlf",
    "Proxy-Support",
    "Authentication-Info",
    "PassportURLs",
    "PassportConfig",
    "X-Content-Type-Options",
    "P3P",
    "X-P2P-PeerDist",
    "Translate",
    "X-UA-Compatible",
    "Default-Style",
    "X-Frame-Options",
    "X-XSS-Protection",
    "Set-Cookie2",
    "DNT",
    "Keep-Alive",
    "HTTP2-Settings",
    "Strict-Transport-Security",
    "Token-Binding",
    "Include-Referred-Token-Binding-ID",
    "Include-Referer-Token-Binding-ID",
    "Public-Key-Pins",
    "Public-Key-Pins-Report-Only",
];

/// What a query found, before the buffer rules apply.
enum Value {
    Text(Vec<u8>),
    /// RAW_HEADERS: NUL-separated lines; the reported length counts the last separator but not
    /// the terminating NUL.
    Raw(Vec<u8>),
}

/// Query a header or status of a request (WinInet's HttpQueryInfoA).
///
/// - `request`: a request handle whose response head has arrived (or, with
///   FLAG_REQUEST_HEADERS, any request handle).
/// - `info_level`: an HTTP_QUERY_* level, optionally ORed with HTTP_QUERY_FLAG_NUMBER (a DWORD,
///   `*buffer_len` = 4; 12153 when the value is above 4294967295, which FLAG_NUMBER64 reads),
///   FLAG_NUMBER64 (8 bytes), FLAG_SYSTEMTIME (an HTTP date as a 16-byte SYSTEMTIME; 12153 when
///   the value is not a date) or FLAG_REQUEST_HEADERS.
/// - `buffer`, `buffer_len`: the caller's buffer and, in `*buffer_len`, its size in bytes. For
///   HTTP_QUERY_CUSTOM (65535) the header name is read from `buffer` first. On success the value
///   and a terminating NUL are written and `*buffer_len` is the length written without the NUL.
///   When `buffer` is NULL or too small (an exact fit leaves no room for the NUL) the call fails
///   with 122, `buffer` is left alone and `*buffer_len` is the size needed, NUL included.
/// - `index` (may be NULL): picks the n-th header of that name (0-based); advanced on success,
///   left alone on failure.
///
/// Runs on the calling thread and reads what has already arrived; never pends.
/// Errors: 6, 12018, 87 (NULL `buffer_len`), 122, 12150 (not found), 12153 (see above; the
/// buffer and `*buffer_len` are left alone), 12154 (a level or flag that does not apply), 12019
/// (response queried while an upload is under way).
#[no_mangle]
pub unsafe extern "C" fn rinet_query_info(
    request: rinet_handle,
    info_level: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
    index: *mut u32,
) -> u32 {
    guard(|| query_info::<Ansi>(request, info_level, buffer, buffer_len, index))
}

/// rinet_query_info with UTF-16 text (WinInet's HttpQueryInfoW where `wchar_t` is 2 bytes):
/// `request`, `info_level` and `index` as there. `buffer` receives the value as UTF-16 (numbers
/// and SYSTEMTIMEs as in rinet_query_info); for HTTP_QUERY_CUSTOM it holds the UTF-16 header
/// name on input. `*buffer_len` counts bytes: on success the bytes written without the NUL, with
/// 122 the bytes needed with the NUL. Runs on the calling thread; never pends. Errors: those of
/// rinet_query_info, and 87 for a custom header name that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_query_info_w16(
    request: rinet_handle,
    info_level: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
    index: *mut u32,
) -> u32 {
    guard(|| query_info::<Utf16>(request, info_level, buffer, buffer_len, index))
}

/// rinet_query_info_w16 (`request`, `info_level`, `buffer`, `buffer_len` in bytes, `index`)
/// with UTF-32 text (`wchar_t` of 4 bytes). Runs on the calling thread; never pends. Errors:
/// those of rinet_query_info, and 87 for a custom header name that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_query_info_w32(
    request: rinet_handle,
    info_level: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
    index: *mut u32,
) -> u32 {
    guard(|| query_info::<Utf32>(request, info_level, buffer, buffer_len, index))
}

fn query_info<E: Encoding>(
    request: rinet_handle,
    info_level: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
    index: *mut u32,
) -> Result<Done, Error> {
    {
        let h = request as HandleId;
        let entry = args::entry(request, Kind::Request)?;
        if buffer_len.is_null() {
            return Err(Error::InvalidParameter);
        }
        let modifiers = info_level & MODIFIER_MASK;
        let level = info_level & LEVEL_MASK;
        let want_request = modifiers & RINET_QUERY_FLAG_REQUEST_HEADERS != 0;
        let as_number = modifiers & RINET_QUERY_FLAG_NUMBER != 0;
        let as_number64 = modifiers & RINET_QUERY_FLAG_NUMBER64 != 0;
        let as_time = modifiers & RINET_QUERY_FLAG_SYSTEMTIME != 0;
        if as_time && (as_number || as_number64) {
            return Err(Error::InvalidQueryRequest);
        }
        let start = if index.is_null() {
            0
        } else {
            // SAFETY: non-NULL, readable DWORD.
            unsafe { index.read_unaligned() }
        };
        let custom_name = if level == RINET_QUERY_CUSTOM {
            if buffer.is_null() {
                return Err(Error::InvalidParameter);
            }
            // SAFETY: for CUSTOM the caller put a NUL-terminated header name in `buffer`.
            Some(unsafe { args::text::<E>(buffer as *const E::Unit) }?)
        } else {
            None
        };

        let mut st = entry.session.lock();
        let req = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .and_then(|n| n.request())
            .ok_or(Error::InvalidHandle)?;
        let fixed_level = matches!(
            level,
            VERSION | STATUS_CODE | STATUS_TEXT | RAW_HEADERS | RAW_HEADERS_CRLF
        );
        if fixed_level && start != 0 {
            return Err(Error::HeaderNotFound);
        }
        let mut advance = false;
        let value = if want_request {
            if matches!(level, STATUS_CODE | STATUS_TEXT | VERSION) {
                return Err(Error::InvalidQueryRequest);
            }
            let line = format!("{} {} {}", req.verb, req.target, req.version);
            match level {
                RAW_HEADERS => Value::Raw(raw_nul(&line, &req.headers)),
                RAW_HEADERS_CRLF => Value::Text(raw_crlf(&line, &req.headers)),
                REQUEST_METHOD => Value::Text(req.verb.as_bytes().to_vec()),
                _ => {
                    advance = true;
                    lookup(&req.headers, level, custom_name.as_deref(), start)?
                }
            }
        } else {
            if matches!(req.phase, Phase::HeadSent | Phase::AwaitHead) {
                return Err(Error::IncorrectHandleState);
            }
            match (&req.resp, level) {
                (None, STATUS_CODE) => Value::Text(b"0".to_vec()),
                (None, RAW_HEADERS) => Value::Raw(Vec::new()),
                (None, RAW_HEADERS_CRLF) => Value::Text(b"\r\n".to_vec()),
                (None, REQUEST_METHOD) => Value::Text(req.verb.as_bytes().to_vec()),
                (None, _) => return Err(Error::HeaderNotFound),
                (Some(r), STATUS_CODE) => Value::Text(r.status.to_string().into_bytes()),
                (Some(r), STATUS_TEXT) => Value::Text(to_latin1(&r.reason)),
                (Some(r), VERSION) => Value::Text(r.version().into_bytes()),
                (Some(r), RAW_HEADERS) => Value::Raw(raw_nul(&r.status_line(), &r.headers)),
                (Some(r), RAW_HEADERS_CRLF) => Value::Text(raw_crlf(&r.status_line(), &r.headers)),
                (Some(_), REQUEST_METHOD) => Value::Text(req.verb.as_bytes().to_vec()),
                (Some(r), _) => {
                    advance = true;
                    lookup(&r.headers, level, custom_name.as_deref(), start)?
                }
            }
        };
        drop(st);

        if as_time {
            let Value::Text(t) = value else {
                return Err(Error::InvalidQueryRequest);
            };
            let text = crate::http::headers::latin1(&t);
            let time = crate::http::date::parse_http_date(&text).ok_or(Error::InvalidHeader)?;
            let words = [
                time.year,
                time.month,
                time.day_of_week,
                time.day,
                time.hour,
                time.minute,
                time.second,
                time.milliseconds,
            ];
            let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
            // SAFETY: `buffer_len` checked non-NULL.
            let have = unsafe { buffer_len.read_unaligned() } as usize;
            if buffer.is_null() || have < bytes.len() {
                // SAFETY: as above.
                unsafe { buffer_len.write_unaligned(bytes.len() as u32) };
                return Err(Error::InsufficientBuffer);
            }
            // SAFETY: `buffer` has `have >= 16` writable bytes.
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer as *mut u8, bytes.len());
                buffer_len.write_unaligned(bytes.len() as u32);
            }
        } else if as_number || as_number64 {
            let Value::Text(t) = value else {
                return Err(Error::InvalidQueryRequest);
            };
            let n = leading_number(&t);
            if !as_number64 && n > u64::from(u32::MAX) {
                // A DWORD cannot hold it: WinInet fails rather than truncate.
                return Err(Error::InvalidHeader);
            }
            let bytes: Vec<u8> = if as_number64 {
                n.to_ne_bytes().to_vec()
            } else {
                (n as u32).to_ne_bytes().to_vec()
            };
            // SAFETY: `buffer_len` checked non-NULL.
            let have = unsafe { buffer_len.read_unaligned() } as usize;
            if buffer.is_null() || have < bytes.len() {
                // SAFETY: as above.
                unsafe { buffer_len.write_unaligned(bytes.len() as u32) };
                return Err(Error::InsufficientBuffer);
            }
            // SAFETY: `buffer` has `have >= bytes.len()` writable bytes.
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer as *mut u8, bytes.len());
                buffer_len.write_unaligned(bytes.len() as u32);
            }
        } else {
            // Text and RAW_HEADERS alike: the reported length is the value's (RAW_HEADERS
            // counts its last separator, not the terminating NUL).
            let data = match &value {
                Value::Text(t) => t.as_slice(),
                Value::Raw(r) => r.as_slice(),
            };
            let units: Vec<E::Unit> = data.iter().map(|&b| E::unit(b)).collect();
            // SAFETY: `buffer_len` checked non-NULL; `buffer` is NULL or holds `*buffer_len`
            // bytes.
            unsafe { args::put_text::<E>(args::BYTES, buffer, buffer_len, &units) }?;
        }
        if advance && !index.is_null() {
            // SAFETY: non-NULL, writable DWORD.
            unsafe { index.write_unaligned(start + 1) };
        }
        Ok(Done::Now)
    }
}

/// The `start`-th value of the header named by `level` (or `custom`).
fn lookup(
    headers: &HeaderList,
    level: u32,
    custom: Option<&str>,
    start: u32,
) -> Result<Value, Error> {
    let name = match custom {
        Some(n) => n,
        None => match LEVEL_NAMES.get(level as usize) {
            Some(n) if !n.is_empty() => n,
            _ => return Err(Error::InvalidQueryRequest),
        },
    };
    headers
        .get_nth(name, start as usize)
        .map(|v| Value::Text(to_latin1(v)))
        .ok_or(Error::HeaderNotFound)
}

/// "line\r\nName: value\r\n...\r\n".
fn raw_crlf(first: &str, headers: &HeaderList) -> Vec<u8> {
    let mut out = to_latin1(first);
    out.extend_from_slice(b"\r\n");
    crate::http::request::push_header_block(&mut out, headers);
    out
}

/// "line\0Name: value\0...\0" (the caller's copy adds the final terminator).
fn raw_nul(first: &str, headers: &HeaderList) -> Vec<u8> {
    let mut out = to_latin1(first);
    out.push(0);
    for (n, v) in headers.iter() {
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(&to_latin1(v));
        out.push(0);
    }
    out
}

/// The decimal number at the start of `t` (after spaces), 0 if none, as atoi does.
fn leading_number(t: &[u8]) -> u64 {
    let s = t.iter().skip_while(|b| b.is_ascii_whitespace());
    let mut n: u64 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            break;
        }
        n = n.saturating_mul(10).saturating_add((b - b'0') as u64);
    }
    n
}
