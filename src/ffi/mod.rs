// SPDX-License-Identifier: MIT OR Apache-2.0
//! The C surface: every `extern "C"` function, every raw pointer from the caller.
//!
//! Each export runs inside [`boundary::guard`], which catches panics, turns the outcome into a
//! WinInet result code, and stores that code as the calling thread's last error.
//!
//! # The seam between the C boundary and the core
//!
//! - An export is a thin skin: the guard, then its arguments converted in one place per kind,
//!   [`args`] (handles looked up by kind; input strings, ANSI or wide, turned into Rust `String`s, with
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
//! - A function that takes or gives text has one implementation, generic over the encoding
//!   ([`args::Encoding`]), and thin entry points: `rinet_x` (ANSI), `rinet_x_w16` (UTF-16, a
//!   2-byte `wchar_t`) and `rinet_x_w32` (UTF-32, a 4-byte `wchar_t`).
//!
//! The exports take raw pointers from C and are not `unsafe fn`: C callers cannot see the
//! difference, and each dereference sits in its own `unsafe` block with the caller's contract
//! spelled out in a `SAFETY:` comment, after the NULL checks.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub(crate) mod args;
pub mod boundary;
pub mod callback;
pub mod cookie;
pub mod dialog;
pub mod handles;
pub mod info;
pub mod memory;
pub mod netstate;
pub mod options;
pub(crate) mod per_conn;
pub mod query;
pub mod request;
pub mod session;
pub mod url;
pub mod version;

use std::ffi::c_void;

/// An opaque handle (WinInet's HINTERNET). NULL is never a valid handle.
#[allow(non_camel_case_types)]
pub type rinet_handle = *mut c_void;

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
