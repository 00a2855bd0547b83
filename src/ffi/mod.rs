//! The C surface: every `extern "C"` function, every raw pointer from the caller.
//!
//! Each export runs inside [`boundary::guard`], which catches panics, turns the outcome into a
//! WinInet result code, and stores that code as the calling thread's last error.
//!
//! # The seam between the C boundary and the core
//!
//! - An export is a thin skin: the guard, then its arguments converted in one place per kind
//!   (handles looked up by kind; input strings, ANSI or wide, turned into Rust `String`s, with
//!   87 for a string that is not valid; byte buffers; out-parameters written only on success;
//!   output strings written back with the ANSI or wide sizing rule), then one call into the
//!   core, whose result the guard maps to the WinInet code.
//! - The core takes and gives Rust values: `String` for text, byte slices and vectors for bodies
//!   and header blocks, typed values for options. It never sees a C string, a wide string or an
//!   INTERNET_BUFFERS; caller buffers of calls that may pend cross as the core's own buffer type.
//! - A status callback is stored by the core as a [`crate::reactor::Callback`] (its address and
//!   a flavour that only this module reads) and handed back to [`callback::deliver`], which lays
//!   out string payloads (`Info::Text`) as that flavour wants: ANSI bytes, or wide characters.
//!
//! The exports take raw pointers from C and are not `unsafe fn`: C callers cannot see the
//! difference, and each dereference sits in its own `unsafe` block with the caller's contract
//! spelled out in a `SAFETY:` comment, after the NULL checks.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod boundary;
pub mod callback;
pub mod cookie;
pub mod handles;
pub mod info;
pub mod options;
pub mod query;
pub mod request;
pub mod session;
pub mod url;
pub mod version;

use std::ffi::{c_char, c_void, CStr};

use crate::error::Error;

/// An opaque handle (WinInet's HINTERNET). NULL is never a valid handle.
#[allow(non_camel_case_types)]
pub type rinet_handle = *mut c_void;

/// Read an optional C string as ISO-8859-1 text. NULL gives None.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string.
pub(crate) unsafe fn opt_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    Some(crate::http::headers::latin1(bytes))
}

/// Read `len` bytes at `p`, or up to the NUL when `len` is 0xFFFFFFFF (WinInet's -1).
///
/// # Safety
/// `p` points to `len` readable bytes, or to a NUL-terminated string when `len` is -1.
pub(crate) unsafe fn bytes_or_cstr<'a>(p: *const c_char, len: u32) -> Result<&'a [u8], Error> {
    if p.is_null() {
        return if len == 0 || len == u32::MAX {
            Ok(&[])
        } else {
            Err(Error::InvalidParameter)
        };
    }
    if len == u32::MAX {
        // SAFETY: the caller passed a NUL-terminated string.
        Ok(unsafe { CStr::from_ptr(p) }.to_bytes())
    } else {
        // SAFETY: the caller passed `len` readable bytes.
        Ok(unsafe { std::slice::from_raw_parts(p as *const u8, len as usize) })
    }
}

/// True when `s` holds CR, LF or NUL, which would let it break out of a header or request line.
pub(crate) fn has_ctl(s: &str) -> bool {
    s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// Success.
pub const RINET_ERROR_SUCCESS: u32 = 0;
/// The handle is NULL, closed, stale or was never issued.
pub const RINET_ERROR_INVALID_HANDLE: u32 = 6;
/// A bad argument. Also: write_file past the declared body length (nothing is sent).
pub const RINET_ERROR_INVALID_PARAMETER: u32 = 87;
/// The buffer is too small; the size needed was written back.
pub const RINET_ERROR_INSUFFICIENT_BUFFER: u32 = 122;
/// The operation is under way; REQUEST_COMPLETE follows.
pub const RINET_ERROR_IO_PENDING: u32 = 997;
/// A connect, send or receive timeout expired.
pub const RINET_ERROR_TIMEOUT: u32 = 12002;
/// rinet failed internally (a caught panic); the session carries on.
pub const RINET_ERROR_INTERNAL_ERROR: u32 = 12004;
/// The server name could not be resolved.
pub const RINET_ERROR_NAME_NOT_RESOLVED: u32 = 12007;
/// The handle was closed before the operation completed.
pub const RINET_ERROR_OPERATION_CANCELLED: u32 = 12017;
/// The handle is the wrong kind for this call or option.
pub const RINET_ERROR_INCORRECT_HANDLE_TYPE: u32 = 12018;
/// The call is not valid in the request's state. Also: end_request before the declared body
/// length has been written (the request stays usable: write the rest and end again).
pub const RINET_ERROR_INCORRECT_HANDLE_STATE: u32 = 12019;
/// No connection could be made to the server.
pub const RINET_ERROR_CANNOT_CONNECT: u32 = 12029;
/// The connection closed before the response was complete (e.g. a body shorter than its
/// Content-Length).
pub const RINET_ERROR_CONNECTION_ABORTED: u32 = 12030;
/// The server reset the connection.
pub const RINET_ERROR_CONNECTION_RESET: u32 = 12031;
/// The header is not present.
pub const RINET_ERROR_HTTP_HEADER_NOT_FOUND: u32 = 12150;
/// The server's response could not be parsed.
pub const RINET_ERROR_HTTP_INVALID_SERVER_RESPONSE: u32 = 12152;
