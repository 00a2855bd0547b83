// SPDX-License-Identifier: MIT OR Apache-2.0
//! Explaining outcomes: error text, the last response's status line, and tracing.

use std::cell::RefCell;
use std::ffi::{c_char, c_void, CString};

use super::args::{self, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use super::handles;
use crate::error::Error;
use crate::reactor::HandleId;

thread_local! {
    /// The last response a call or a REQUEST_COMPLETE on this thread saw: (error, text). For a
    /// response, (0, its status line); for a request that failed, (its code, the error's text).
    static LAST_RESPONSE: RefCell<(u32, String)> = const { RefCell::new((0, String::new())) };
}

/// Remember request `h`'s outcome as this thread's last response information.
pub(crate) fn note_response(h: HandleId) {
    let Ok(entry) = handles::lookup(h) else {
        return;
    };
    let mut st = entry.session.lock();
    let info = st.req(h).and_then(|r| match (&r.resp, r.error) {
        (_, Some(e)) => Some((e.code(), error_text(e.code()).to_string())),
        (Some(resp), None) => Some((0, resp.status_line())),
        (None, None) => None,
    });
    drop(st);
    if let Some(info) = info {
        LAST_RESPONSE.with(|l| *l.borrow_mut() = info);
    }
}

/// The static text of a code (without its NUL).
fn error_text(code: u32) -> &'static str {
    // SAFETY: rinet_strerror returns a static NUL-terminated ASCII string.
    unsafe { std::ffi::CStr::from_ptr(rinet_strerror(code)) }
        .to_str()
        .unwrap_or("")
}

/// The text of a result code, in WinInet's wording where WinInet has one: 12029 gives "A
/// connection with the server could not be established.".
///
/// - `code`: any value. Every code rinet returns has a text; any other value gives
///   "Unknown error".
///
/// Returns a static NUL-terminated string: never NULL, never freed, valid for the life of the
/// process. Runs on the calling thread (any thread, callbacks included); never pends; never
/// fails, and leaves the thread's last error as it was.
#[no_mangle]
pub unsafe extern "C" fn rinet_strerror(code: u32) -> *const c_char {
    let text: &'static [u8] = match code {
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
    };
    text.as_ptr() as *const c_char
}

/// The calling thread's last response information (WinInet's InternetGetLastResponseInfoA),
/// from the last request a call on this thread completed (or whose REQUEST_COMPLETE this thread
/// delivered): for a response, its status line, e.g. "HTTP/1.1 404 Not Found"; for a request
/// that failed, the error's text, e.g. "The certificate authority is invalid or incorrect.".
///
/// - `out_error` (may be NULL): receives 0 for a response, the error code for a failure.
/// - `buffer`, `buffer_len`: the caller's buffer and, in `*buffer_len`, its size in bytes. On
///   success the text and a NUL are written and `*buffer_len` is the text's length without the
///   NUL (an empty text before any response). When `buffer` is NULL or too small nothing is
///   written to it, the call fails with 122 and `*buffer_len` is the size needed, NUL included.
///
/// Runs on the calling thread and reads that thread's record only; never pends.
/// Errors: 87 (NULL `buffer_len`), 122.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_last_response_info(
    out_error: *mut u32,
    buffer: *mut c_char,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| get_last_response_info::<Ansi>(out_error, buffer as *mut c_void, buffer_len))
}

/// rinet_get_last_response_info with a UTF-16 buffer (WinInet's InternetGetLastResponseInfoW
/// where `wchar_t` is 2 bytes): `out_error` as there; `buffer` and `*buffer_len` in
/// characters, with the same rules (the size needed, NUL included, with 122; the length
/// written, NUL excluded, on success). Reads the calling thread's record only; never pends.
/// Errors: 87 (NULL `buffer_len`), 122.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_last_response_info_w16(
    out_error: *mut u32,
    buffer: *mut u16,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| get_last_response_info::<Utf16>(out_error, buffer as *mut c_void, buffer_len))
}

/// rinet_get_last_response_info_w16 (`out_error`, `buffer`, `buffer_len` in characters) with a
/// UTF-32 buffer (`wchar_t` of 4 bytes). Reads the calling thread's record only; never pends.
/// Errors: 87 (NULL `buffer_len`), 122.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_last_response_info_w32(
    out_error: *mut u32,
    buffer: *mut u32,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| get_last_response_info::<Utf32>(out_error, buffer as *mut c_void, buffer_len))
}

fn get_last_response_info<E: Encoding>(
    out_error: *mut u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> Result<Done, Error> {
    if buffer_len.is_null() {
        return Err(Error::InvalidParameter);
    }
    let (error, text) = LAST_RESPONSE.with(|l| l.borrow().clone());
    if !out_error.is_null() {
        // SAFETY: non-NULL, writable DWORD.
        unsafe { out_error.write_unaligned(error) };
    }
    // SAFETY: `buffer_len` is non-NULL; `buffer` is NULL or holds `*buffer_len` characters.
    unsafe { args::put_text::<E>(args::CHARS, buffer, buffer_len, &E::encode(&text)) }
}

/// A trace line receiver: `level` (1 notifications, 2 state changes, 3 wire heads), the line
/// (NUL-terminated, valid during the call only), and the `user` pointer given to rinet_set_trace.
/// It may run on any rinet thread, and must not call rinet_set_trace.
#[allow(non_camel_case_types)]
pub type rinet_trace_callback =
    Option<unsafe extern "C" fn(level: u32, line: *const c_char, user: *mut c_void)>;

static TRACE_FN: std::sync::Mutex<rinet_trace_callback> = std::sync::Mutex::new(None);

fn forward(level: u32, line: &str, user: usize) {
    let f = *TRACE_FN.lock().unwrap_or_else(|e| e.into_inner());
    if let (Some(f), Ok(c)) = (f, CString::new(line.replace('\0', ""))) {
        // SAFETY: the application's trace callback; the line lives for the call.
        unsafe { f(level, c.as_ptr(), user as *mut c_void) }
    }
}

/// Set the trace level and where trace lines go, for the whole process (see docs/tracing.md).
/// Overrides RINET_TRACE, which is otherwise read when the first session opens.
///
/// - `level`: 0 off, 1 notifications, 2 also request state changes, 3 also request and response
///   heads, with the values of Authorization, Proxy-Authorization, Cookie and Set-Cookie masked.
///   Bodies are never traced. Values above 3 mean 3.
/// - `callback`: receives each line on whichever rinet thread produced it (see
///   rinet_trace_callback); NULL writes lines to stderr, each prefixed "rinet: ".
/// - `user`: passed to `callback` as it is; rinet never dereferences it. It must stay valid
///   until tracing is set again.
///
/// Takes effect at once for every session. Runs on the calling thread; never pends; never fails
/// (returns 0). Lines already being written when it is called may still reach the previous
/// callback.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_trace(
    level: u32,
    callback: rinet_trace_callback,
    user: *mut c_void,
) -> u32 {
    guard(|| {
        *TRACE_FN.lock().unwrap_or_else(|e| e.into_inner()) = callback;
        let sink = callback.map(|_| (forward as fn(u32, &str, usize), user as usize));
        crate::trace::set(level.min(3) as u8, sink);
        Ok(Done::Now)
    })
}
