// SPDX-License-Identifier: MIT OR Apache-2.0
//! set_option and query_option (WinInet's InternetSetOptionA / InternetQueryOptionA).
//!
//! Options are WinInet's numbers. Each has a type (DWORD, DWORD_PTR, string, struct), the
//! handle kinds it applies to, and whether it can be set. Sizes follow WinInet: a DWORD option
//! set with a length other than 4 gives 12010; a query into a buffer that is NULL or too small
//! gives 122 with the size needed written back. Strings: a failed query reports the bytes
//! needed, NUL included (strlen+1 for ANSI, (wcslen+1) * sizeof(WCHAR) for the wide entry
//! points); a successful one the characters written, NUL excluded (strlen, wcslen), as WinInet
//! does.

use std::ffi::c_void;
use std::mem::size_of;
use std::sync::Mutex;

use super::args::{self, has_ctl, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use super::handles;
use super::per_conn;
use super::rinet_handle;
use crate::error::Error;
use crate::reactor::conn;
use crate::reactor::engine::{self, Phase};
use crate::reactor::{HandleId, Kind, Node, NodeData, Opts, Shared, Timeouts};

/// INTERNET_OPTION_CALLBACK (query only): the handle's status callback.
pub const RINET_OPTION_CALLBACK: u32 = 1;
/// INTERNET_OPTION_CONNECT_TIMEOUT, milliseconds (default 60000; 0xFFFFFFFF: no limit).
pub const RINET_OPTION_CONNECT_TIMEOUT: u32 = 2;
/// INTERNET_OPTION_CONNECT_RETRIES (default 5).
pub const RINET_OPTION_CONNECT_RETRIES: u32 = 3;
/// INTERNET_OPTION_SEND_TIMEOUT, milliseconds (default 30000): bounds each wait to send.
pub const RINET_OPTION_SEND_TIMEOUT: u32 = 5;
/// INTERNET_OPTION_RECEIVE_TIMEOUT, milliseconds (default 30000): bounds the wait for the
/// whole response head, and each pending read.
pub const RINET_OPTION_RECEIVE_TIMEOUT: u32 = 6;
/// INTERNET_OPTION_DATA_SEND_TIMEOUT, milliseconds (stored).
pub const RINET_OPTION_DATA_SEND_TIMEOUT: u32 = 7;
/// INTERNET_OPTION_DATA_RECEIVE_TIMEOUT, milliseconds (stored).
pub const RINET_OPTION_DATA_RECEIVE_TIMEOUT: u32 = 8;
/// INTERNET_OPTION_HANDLE_TYPE (query only): 1 session, 4 HTTP connect, 13 HTTP request.
pub const RINET_OPTION_HANDLE_TYPE: u32 = 9;
/// INTERNET_OPTION_PARENT_HANDLE (query only): the parent handle (NULL for a session).
pub const RINET_OPTION_PARENT_HANDLE: u32 = 21;
/// INTERNET_OPTION_REQUEST_FLAGS (query only): INTERNET_REQFLAG_* of a request.
pub const RINET_OPTION_REQUEST_FLAGS: u32 = 23;
/// INTERNET_OPTION_EXTENDED_ERROR (query only).
pub const RINET_OPTION_EXTENDED_ERROR: u32 = 24;
/// INTERNET_OPTION_USERNAME (connect and request handles). A request whose handle has no user
/// name, sent with the Basic credentials a server accepted before (the process's cache), reads
/// back the cached user name.
pub const RINET_OPTION_USERNAME: u32 = 28;
/// INTERNET_OPTION_PASSWORD (connect and request handles); reads back the cached password as
/// USERNAME reads back the cached user name.
pub const RINET_OPTION_PASSWORD: u32 = 29;
/// INTERNET_OPTION_SECURITY_FLAGS (request handles): SECURITY_FLAG_*.
pub const RINET_OPTION_SECURITY_FLAGS: u32 = 31;
/// INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT (query only, HTTPS request handles after the
/// handshake): an INTERNET_CERTIFICATE_INFO whose strings the caller frees with LocalFree.
pub const RINET_OPTION_SECURITY_CERTIFICATE_STRUCT: u32 = 32;
/// INTERNET_OPTION_URL (query only, request handles): the request's full URL.
pub const RINET_OPTION_URL: u32 = 34;
/// INTERNET_OPTION_SECURITY_CERTIFICATE (query only, HTTPS request handles after the
/// handshake): the server's certificate as text.
pub const RINET_OPTION_SECURITY_CERTIFICATE: u32 = 35;
/// INTERNET_OPTION_REFRESH (no effect; accepted on the NULL handle).
pub const RINET_OPTION_REFRESH: u32 = 37;
/// INTERNET_OPTION_PROXY: an INTERNET_PROXY_INFO (query; session or NULL handle).
pub const RINET_OPTION_PROXY: u32 = 38;
/// INTERNET_OPTION_SETTINGS_CHANGED (no effect; accepted on the NULL handle).
pub const RINET_OPTION_SETTINGS_CHANGED: u32 = 39;
/// INTERNET_OPTION_VERSION (query only): INTERNET_VERSION_INFO {1, 2}.
pub const RINET_OPTION_VERSION: u32 = 40;
/// INTERNET_OPTION_USER_AGENT: the session's User-Agent.
pub const RINET_OPTION_USER_AGENT: u32 = 41;
/// INTERNET_OPTION_END_BROWSER_SESSION (set only, no buffer; any handle or NULL): forgets the
/// process's session cookies (those without an expiry), the Basic credentials servers accepted
/// (sent unasked until then) and every session's Digest state.
pub const RINET_OPTION_END_BROWSER_SESSION: u32 = 42;
/// INTERNET_OPTION_PROXY_USERNAME (connect and request handles).
pub const RINET_OPTION_PROXY_USERNAME: u32 = 43;
/// INTERNET_OPTION_PROXY_PASSWORD (connect and request handles).
pub const RINET_OPTION_PROXY_PASSWORD: u32 = 44;
/// INTERNET_OPTION_CONTEXT_VALUE: the handle's DWORD_PTR context.
pub const RINET_OPTION_CONTEXT_VALUE: u32 = 45;
/// INTERNET_OPTION_HTTP_VERSION: HTTP_VERSION_INFO {1, 1}.
pub const RINET_OPTION_HTTP_VERSION: u32 = 59;
/// INTERNET_OPTION_ERROR_MASK: INTERNET_ERROR_MASK_* (stored).
pub const RINET_OPTION_ERROR_MASK: u32 = 62;
/// INTERNET_OPTION_HTTP_DECODING: BOOL, decode gzip and deflate bodies.
pub const RINET_OPTION_HTTP_DECODING: u32 = 65;
/// INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO (query only, request handles): an
/// INTERNET_DIAGNOSTIC_SOCKET_INFO for the connection the request uses, or used last.
pub const RINET_OPTION_DIAGNOSTIC_SOCKET_INFO: u32 = 67;
/// INTERNET_OPTION_MAX_CONNS_PER_SERVER (NULL handle only): the most connections a session
/// keeps open to one server at once; further requests wait for one (default 0xFFFFFFFF: no
/// limit).
pub const RINET_OPTION_MAX_CONNS_PER_SERVER: u32 = 73;
/// INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER (NULL handle only): the same for a server whose
/// last response was HTTP/1.0 (default 0xFFFFFFFF: no limit).
pub const RINET_OPTION_MAX_CONNS_PER_1_0_SERVER: u32 = 74;
/// INTERNET_OPTION_IGNORE_OFFLINE (stored).
pub const RINET_OPTION_IGNORE_OFFLINE: u32 = 77;
/// INTERNET_OPTION_SUPPRESS_SERVER_AUTH: only before the request is sent, else 12019.
pub const RINET_OPTION_SUPPRESS_SERVER_AUTH: u32 = 104;
/// rinet's own option: a PEM file of extra trusted CA certificates (string; any handle, copied
/// to handles created under it).
pub const RINET_OPTION_CA_FILE: u32 = 0x5249_0001;
/// rinet's own option: the largest response head accepted, in bytes (DWORD; default 65536).
/// A larger head fails the request with 12152.
pub const RINET_OPTION_MAX_HEADER_SIZE: u32 = 0x5249_0002;

/// rinet's own option: the most decoded bytes per coded byte accepted when HTTP_DECODING is on
/// (DWORD; default 1000; 0: no limit). Past it the read fails with 12175, a decompression bomb.
pub const RINET_OPTION_MAX_DECODE_RATIO: u32 = 0x5249_0003;

/// INTERNET_REQFLAG_VIA_PROXY: the request went through a proxy.
const REQFLAG_VIA_PROXY: u32 = 4;
/// INTERNET_REQFLAG_NO_HEADERS: no response head yet, or a reply that had none (HTTP/0.9).
const REQFLAG_NO_HEADERS: u32 = 8;

/// Settings made on the NULL handle: the defaults of sessions opened afterwards.
struct Global {
    timeouts: Timeouts,
    opts: Opts,
}

static GLOBAL: Mutex<Option<Global>> = Mutex::new(None);

fn with_global<T>(f: impl FnOnce(&mut Global) -> T) -> T {
    let mut g = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
    let g = g.get_or_insert_with(|| Global {
        timeouts: Timeouts::default(),
        opts: Opts::default(),
    });
    f(g)
}

/// The timeouts a new session starts with.
pub fn global_timeouts() -> Timeouts {
    with_global(|g| g.timeouts)
}

/// The other settings a new session starts with.
pub fn global_opts() -> Opts {
    with_global(|g| g.opts.clone())
}

fn timeout_field(t: &mut Timeouts, option: u32) -> Option<&mut u32> {
    match option {
        RINET_OPTION_CONNECT_TIMEOUT => Some(&mut t.connect),
        RINET_OPTION_SEND_TIMEOUT => Some(&mut t.send),
        RINET_OPTION_RECEIVE_TIMEOUT => Some(&mut t.receive),
        RINET_OPTION_DATA_SEND_TIMEOUT => Some(&mut t.data_send),
        RINET_OPTION_DATA_RECEIVE_TIMEOUT => Some(&mut t.data_receive),
        _ => None,
    }
}

/// DWORD options stored in `Opts`, settable on any handle (and on NULL for the defaults).
fn dword_field(o: &mut Opts, option: u32) -> Option<&mut u32> {
    match option {
        RINET_OPTION_CONNECT_RETRIES => Some(&mut o.connect_retries),
        RINET_OPTION_ERROR_MASK => Some(&mut o.error_mask),
        RINET_OPTION_IGNORE_OFFLINE => Some(&mut o.ignore_offline),
        RINET_OPTION_MAX_HEADER_SIZE => Some(&mut o.max_head),
        RINET_OPTION_MAX_DECODE_RATIO => Some(&mut o.max_decode_ratio),
        _ => None,
    }
}

/// String options of connect and request handles.
fn credential_field(o: &mut Opts, option: u32) -> Option<&mut Option<String>> {
    match option {
        RINET_OPTION_USERNAME => Some(&mut o.username),
        RINET_OPTION_PASSWORD => Some(&mut o.password),
        RINET_OPTION_PROXY_USERNAME => Some(&mut o.proxy_username),
        RINET_OPTION_PROXY_PASSWORD => Some(&mut o.proxy_password),
        _ => None,
    }
}

/// The process-wide value behind a connection-limit option (73, 74).
fn conn_limit(option: u32) -> Option<&'static std::sync::atomic::AtomicU32> {
    match option {
        RINET_OPTION_MAX_CONNS_PER_SERVER => Some(&conn::MAX_PER_SERVER),
        RINET_OPTION_MAX_CONNS_PER_1_0_SERVER => Some(&conn::MAX_PER_1_0_SERVER),
        _ => None,
    }
}

/// Options accepted on the NULL handle that change nothing (and END_BROWSER_SESSION, set on any
/// handle; none of them can be queried).
fn is_notice(option: u32) -> bool {
    matches!(
        option,
        RINET_OPTION_REFRESH | RINET_OPTION_SETTINGS_CHANGED | RINET_OPTION_END_BROWSER_SESSION
    )
}

/// Read a DWORD option value (length must be 4).
fn read_dword(buffer: *mut c_void, buffer_len: u32) -> Result<u32, Error> {
    if buffer.is_null() {
        return Err(Error::InvalidParameter);
    }
    if buffer_len != 4 {
        return Err(Error::BadOptionLength);
    }
    // SAFETY: non-NULL with four readable bytes (checked length).
    Ok(unsafe { (buffer as *const u32).read_unaligned() })
}

/// Read a string option value: up to `buffer_len` characters or the first NUL (all of it up to
/// the NUL when `buffer_len` is 0).
fn read_string<E: Encoding>(buffer: *mut c_void, buffer_len: u32) -> Result<String, Error> {
    if buffer.is_null() {
        return Err(Error::InvalidParameter);
    }
    let p = buffer as *const E::Unit;
    let units: &[E::Unit] = if buffer_len == 0 {
        // SAFETY: with a zero length the caller passes a NUL-terminated string.
        unsafe { args::units_to_nul(p) }
    } else {
        let mut n = 0usize;
        // SAFETY: the units before the first NUL and within `buffer_len` are readable (the
        // caller's contract); the loop stops at the NUL or at `buffer_len`.
        while n < buffer_len as usize && unsafe { p.add(n).read_unaligned() } != E::Unit::default()
        {
            n += 1;
        }
        // SAFETY: the `n` units just read are readable and stay borrowed for the call.
        unsafe { std::slice::from_raw_parts(p, n) }
    };
    let s = E::decode(units)?;
    if has_ctl(&s) {
        return Err(Error::InvalidParameter);
    }
    Ok(s)
}

/// Set an option on a handle, or the defaults for later sessions with a NULL handle where
/// WinInet allows it (WinInet's InternetSetOptionA).
///
/// - `handle`: a session, connect or request handle, or NULL.
/// - `option`: an INTERNET_OPTION_* number or a RINET_OPTION_* number.
/// - `buffer`, `buffer_len`: the value and its size in bytes: a DWORD (4 bytes) for numbers and
///   flags, a DWORD_PTR for CONTEXT_VALUE, a string for the names and passwords (its length, or 0
///   when it is NUL-terminated; it ends at the first NUL either way). The value is copied; the
///   buffer stays the caller's.
///
/// Supported: the timeouts (2, 5, 6, 7, 8), CONNECT_RETRIES (3), USERNAME/PASSWORD (28, 29) and
/// PROXY_USERNAME/PROXY_PASSWORD (43, 44) on connect and request handles, SECURITY_FLAGS (31) on
/// requests, USER_AGENT (41) on sessions, END_BROWSER_SESSION (42: on any handle or NULL, no
/// buffer; forgets the session cookies and the cached credentials of the whole process),
/// CONTEXT_VALUE (45), ERROR_MASK (62), HTTP_DECODING
/// (65), MAX_CONNS_PER_SERVER and MAX_CONNS_PER_1_0_SERVER (73, 74: on the NULL handle only;
/// each session then opens at most that many connections to one server, and further requests
/// wait for one), IGNORE_OFFLINE (77), SUPPRESS_SERVER_AUTH (104, before the request is sent),
/// PER_CONNECTION_OPTION (75: an INTERNET_PER_CONN_OPTION_LISTA on a session or the NULL
/// handle, see include/wininet_sdk.h), and rinet's RINET_OPTION_CA_FILE and
/// RINET_OPTION_MAX_HEADER_SIZE.
/// Settings are copied to handles created afterwards under the handle. Runs on the calling
/// thread; never pends. Errors: 6, 87 (NULL buffer; CONTEXT_VALUE of size 0; CR, LF in a
/// string), 12009 (unknown option), 12010 (wrong size), 12011 (query-only option), 12016 (a
/// process-wide option, such as MAX_CONNS_PER_SERVER, on a handle), 12018 (wrong handle kind,
/// or NULL for a per-handle option), 12019 (too late), 160 (connect timeout 0, connection
/// limit 0).
#[no_mangle]
pub unsafe extern "C" fn rinet_set_option(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> u32 {
    guard(|| set_option::<Ansi>(handle, option, buffer, buffer_len))
}

/// rinet_set_option with UTF-16 string values (WinInet's InternetSetOptionW where `wchar_t` is
/// 2 bytes): `handle`, `option`, `buffer` and `buffer_len` as there, except that a string value
/// is UTF-16 and `buffer_len` counts its characters (0: NUL-terminated). Other values are the
/// same bytes as for rinet_set_option. Runs on the calling thread; never pends. Errors: those of
/// rinet_set_option, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_option_w16(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> u32 {
    guard(|| set_option::<Utf16>(handle, option, buffer, buffer_len))
}

/// rinet_set_option_w16 (`handle`, `option`, `buffer`, `buffer_len`) with UTF-32 string values
/// (`wchar_t` of 4 bytes). Runs on the calling thread; never pends. Errors: those of
/// rinet_set_option, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_option_w32(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> u32 {
    guard(|| set_option::<Utf32>(handle, option, buffer, buffer_len))
}

fn set_option<E: Encoding>(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> Result<Done, Error> {
    {
        let h = handle as HandleId;
        if option == per_conn::OPTION_PER_CONNECTION {
            return per_conn::set::<E>(h, buffer, buffer_len);
        }
        if option == RINET_OPTION_END_BROWSER_SESSION {
            // Process-wide: the same on the NULL handle and on a handle of any kind.
            if h != 0 {
                let entry = handles::lookup(h)?;
                if !Shared::is_open(&entry.session.lock(), h) {
                    return Err(Error::InvalidHandle);
                }
            }
            crate::reactor::follow::end_browser_session();
            return Ok(Done::Now);
        }
        if h == 0 {
            return set_global::<E>(option, buffer, buffer_len);
        }
        let entry = handles::lookup(h)?;
        let mut st = entry.session.lock();
        let node = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .ok_or(Error::InvalidHandle)?;
        set_on_node::<E>(node, entry.kind, option, buffer, buffer_len)?;
        Ok(Done::Now)
    }
}

fn set_global<E: Encoding>(
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> Result<Done, Error> {
    if is_notice(option) {
        return Ok(Done::Now);
    }
    if option == RINET_OPTION_CA_FILE {
        let s = read_string::<E>(buffer, buffer_len)?;
        with_global(|g| g.opts.ca_file = Some(s).filter(|s| !s.is_empty()));
        return Ok(Done::Now);
    }
    if let Some(limit) = conn_limit(option) {
        let v = read_dword(buffer, buffer_len)?;
        if v == 0 {
            return Err(Error::BadArguments);
        }
        limit.store(v, std::sync::atomic::Ordering::Relaxed);
        return Ok(Done::Now);
    }
    let is_timeout = timeout_field(&mut Timeouts::default(), option).is_some();
    let is_dword = dword_field(&mut Opts::default(), option).is_some();
    if is_timeout || is_dword || option == RINET_OPTION_HTTP_DECODING {
        let v = read_dword(buffer, buffer_len)?;
        if option == RINET_OPTION_CONNECT_TIMEOUT && v == 0 {
            return Err(Error::BadArguments);
        }
        with_global(|g| {
            if let Some(f) = timeout_field(&mut g.timeouts, option) {
                *f = v;
            } else if let Some(f) = dword_field(&mut g.opts, option) {
                *f = v;
            } else {
                g.opts.decoding = v != 0;
            }
        });
        return Ok(Done::Now);
    }
    if option == RINET_OPTION_HTTP_VERSION {
        if buffer.is_null() {
            return Err(Error::InvalidParameter);
        }
        if buffer_len as usize != 8 {
            return Err(Error::BadOptionLength);
        }
        return Ok(Done::Now);
    }
    if is_known(option) {
        return Err(Error::IncorrectHandleType);
    }
    Err(Error::InvalidOption)
}

fn set_on_node<E: Encoding>(
    node: &mut Node,
    kind: Kind,
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> Result<(), Error> {
    match option {
        RINET_OPTION_CONTEXT_VALUE => {
            if buffer.is_null() || buffer_len == 0 {
                return Err(Error::InvalidParameter);
            }
            node.context = match buffer_len as usize {
                // SAFETY: the caller passes `buffer_len` readable bytes.
                n if n >= size_of::<usize>() => unsafe {
                    (buffer as *const usize).read_unaligned()
                },
                // SAFETY: as above, a DWORD.
                n if n >= 4 => unsafe { (buffer as *const u32).read_unaligned() as usize },
                _ => return Err(Error::BadOptionLength),
            };
            Ok(())
        }
        RINET_OPTION_CALLBACK
        | RINET_OPTION_HANDLE_TYPE
        | RINET_OPTION_PARENT_HANDLE
        | RINET_OPTION_REQUEST_FLAGS
        | RINET_OPTION_EXTENDED_ERROR
        | RINET_OPTION_URL
        | RINET_OPTION_VERSION
        | RINET_OPTION_DIAGNOSTIC_SOCKET_INFO
        | RINET_OPTION_SECURITY_CERTIFICATE_STRUCT
        | RINET_OPTION_SECURITY_CERTIFICATE => Err(Error::OptionNotSettable),
        RINET_OPTION_USER_AGENT => {
            let s = read_string::<E>(buffer, buffer_len)?;
            match &mut node.data {
                NodeData::Session { agent, .. } => {
                    *agent = s;
                    Ok(())
                }
                _ => Err(Error::IncorrectHandleType),
            }
        }
        RINET_OPTION_USERNAME
        | RINET_OPTION_PASSWORD
        | RINET_OPTION_PROXY_USERNAME
        | RINET_OPTION_PROXY_PASSWORD => {
            if kind == Kind::Session {
                return Err(Error::IncorrectHandleType);
            }
            let s = read_string::<E>(buffer, buffer_len)?;
            if let Some(f) = credential_field(&mut node.opts, option) {
                *f = Some(s);
            }
            Ok(())
        }
        RINET_OPTION_SECURITY_FLAGS => {
            if kind != Kind::Request {
                return Err(Error::IncorrectHandleType);
            }
            let v = read_dword(buffer, buffer_len)?;
            node.opts.security_flags = v & !SECURITY_FLAG_SECURE;
            Ok(())
        }
        RINET_OPTION_HTTP_DECODING => {
            if buffer.is_null() {
                return Err(Error::InvalidParameter);
            }
            // A BOOL; WinInet code passes sizeof(BOOL) (4), some pass 1.
            let v = match buffer_len {
                // SAFETY: four readable bytes.
                4 => unsafe { (buffer as *const u32).read_unaligned() },
                // SAFETY: one readable byte.
                1 => unsafe { *(buffer as *const u8) as u32 },
                _ => return Err(Error::BadOptionLength),
            };
            node.opts.decoding = v != 0;
            Ok(())
        }
        RINET_OPTION_SUPPRESS_SERVER_AUTH => {
            if kind != Kind::Request {
                return Err(Error::IncorrectHandleType);
            }
            let v = read_dword(buffer, buffer_len)?;
            let sent = node.request().is_some_and(|r| r.phase != Phase::Idle);
            if sent {
                return Err(Error::IncorrectHandleState);
            }
            node.opts.suppress_server_auth = v;
            Ok(())
        }
        RINET_OPTION_CA_FILE => {
            let s = read_string::<E>(buffer, buffer_len)?;
            node.opts.ca_file = Some(s).filter(|s| !s.is_empty());
            Ok(())
        }
        RINET_OPTION_HTTP_VERSION => {
            if buffer.is_null() {
                return Err(Error::InvalidParameter);
            }
            if buffer_len != 8 {
                return Err(Error::BadOptionLength);
            }
            Ok(())
        }
        RINET_OPTION_PROXY => Err(Error::OptionNotSettable),
        // Process-wide options: set on the NULL handle.
        o if conn_limit(o).is_some() => Err(Error::InvalidOperation),
        o if is_notice(o) => Err(Error::IncorrectHandleType),
        o => {
            if let Some(f) = timeout_field(&mut node.timeouts, o) {
                let v = read_dword(buffer, buffer_len)?;
                if o == RINET_OPTION_CONNECT_TIMEOUT && v == 0 {
                    return Err(Error::BadArguments);
                }
                *f = v;
                return Ok(());
            }
            if let Some(f) = dword_field(&mut node.opts, o) {
                *f = read_dword(buffer, buffer_len)?;
                return Ok(());
            }
            Err(Error::InvalidOption)
        }
    }
}

use crate::flags::SECURITY_FLAG_SECURE;

fn is_known(option: u32) -> bool {
    matches!(
        option,
        RINET_OPTION_CALLBACK
            | RINET_OPTION_HANDLE_TYPE
            | RINET_OPTION_PARENT_HANDLE
            | RINET_OPTION_REQUEST_FLAGS
            | RINET_OPTION_EXTENDED_ERROR
            | RINET_OPTION_USERNAME
            | RINET_OPTION_PASSWORD
            | RINET_OPTION_SECURITY_FLAGS
            | RINET_OPTION_URL
            | RINET_OPTION_PROXY
            | RINET_OPTION_VERSION
            | RINET_OPTION_USER_AGENT
            | RINET_OPTION_PROXY_USERNAME
            | RINET_OPTION_PROXY_PASSWORD
            | RINET_OPTION_CONTEXT_VALUE
            | RINET_OPTION_HTTP_VERSION
            | RINET_OPTION_HTTP_DECODING
            | RINET_OPTION_SUPPRESS_SERVER_AUTH
            | RINET_OPTION_CA_FILE
            | RINET_OPTION_DIAGNOSTIC_SOCKET_INFO
            | RINET_OPTION_SECURITY_CERTIFICATE_STRUCT
            | RINET_OPTION_SECURITY_CERTIFICATE
    ) || is_notice(option)
        || conn_limit(option).is_some()
        || timeout_field(&mut Timeouts::default(), option).is_some()
        || dword_field(&mut Opts::default(), option).is_some()
}

/// Fail a query with `e` for an option the handle has no value for, setting `*buffer_len` to 0
/// as WinInet does.
fn no_value(buffer_len: *mut u32, e: Error) -> Result<Done, Error> {
    // SAFETY: `buffer_len` was checked non-NULL by rinet_query_option.
    unsafe { buffer_len.write_unaligned(0) };
    Err(e)
}

/// Write `bytes` to the caller's option buffer, or say how large it must be (122).
fn put(buffer: *mut c_void, buffer_len: *mut u32, bytes: &[u8]) -> Result<Done, Error> {
    // SAFETY: `buffer_len` was checked non-NULL by rinet_query_option.
    let have = unsafe { buffer_len.read_unaligned() } as usize;
    if buffer.is_null() || have < bytes.len() {
        // SAFETY: as above.
        unsafe { buffer_len.write_unaligned(bytes.len() as u32) };
        return Err(Error::InsufficientBuffer);
    }
    // SAFETY: `buffer` has at least `have >= bytes.len()` writable bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer as *mut u8, bytes.len());
        buffer_len.write_unaligned(bytes.len() as u32);
    }
    Ok(Done::Now)
}

/// Write a string option: needs its characters and a NUL, counted in bytes; on success reports
/// its characters without the NUL.
fn put_str<E: Encoding>(buffer: *mut c_void, buffer_len: *mut u32, s: &str) -> Result<Done, Error> {
    // SAFETY: `buffer_len` was checked non-NULL by rinet_query_option; `buffer` is NULL or
    // holds `*buffer_len` bytes.
    unsafe { args::put_text::<E>(args::OPTION, buffer, buffer_len, &E::encode(s)) }
}

/// INTERNET_CERTIFICATE_INFO: ftExpiry, ftStart, then lpszSubjectInfo, lpszIssuerInfo,
/// lpszProtocolName, lpszSignatureAlgName, lpszEncryptionAlgName, dwKeySize, padded to the
/// pointer's alignment. The subject and issuer are ANSI strings in memory blocks the caller
/// frees (LocalFree, or rinet_mem_free), for the A and the W entry points alike, as WinInet
/// does; the three names WinInet leaves NULL are NULL.
fn put_cert_info(
    buffer: *mut c_void,
    buffer_len: *mut u32,
    cert: &crate::reactor::cert::CertInfo,
) -> Result<Done, Error> {
    let word = size_of::<usize>();
    let key_at = 16 + 5 * word;
    let size = (key_at + 4).div_ceil(word.max(4)) * word.max(4);
    // SAFETY: `buffer_len` was checked non-NULL by rinet_query_option.
    let have = unsafe { buffer_len.read_unaligned() } as usize;
    if buffer.is_null() || have < size {
        // SAFETY: as above.
        unsafe { buffer_len.write_unaligned(size as u32) };
        return Err(Error::InsufficientBuffer);
    }
    let subject = per_conn::allocate::<Ansi>(&cert.subject)?;
    let issuer = match per_conn::allocate::<Ansi>(&cert.issuer) {
        Ok(p) => p,
        Err(e) => {
            per_conn::free_all(&[subject]);
            return Err(e);
        }
    };
    let mut v = vec![0u8; size];
    let filetime = |t: u64| {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&(t as u32).to_ne_bytes());
        b[4..].copy_from_slice(&((t >> 32) as u32).to_ne_bytes());
        b
    };
    v[..8].copy_from_slice(&filetime(cert.expiry));
    v[8..16].copy_from_slice(&filetime(cert.start));
    v[16..16 + word].copy_from_slice(&(subject as usize).to_ne_bytes());
    v[16 + word..16 + 2 * word].copy_from_slice(&(issuer as usize).to_ne_bytes());
    v[key_at..key_at + 4].copy_from_slice(&cert.key_bits.to_ne_bytes());
    // SAFETY: `buffer` has at least `size` writable bytes (checked above).
    unsafe {
        std::ptr::copy_nonoverlapping(v.as_ptr(), buffer as *mut u8, size);
        buffer_len.write_unaligned(size as u32);
    }
    Ok(Done::Now)
}

/// INTERNET_PROXY_INFO followed by its two strings, pointers aimed into the caller's buffer.
fn put_proxy_info<E: Encoding>(
    buffer: *mut c_void,
    buffer_len: *mut u32,
    access: u32,
    proxy: &str,
    bypass: &str,
) -> Result<Done, Error> {
    let head = size_of::<usize>() * 3;
    let (p, b) = (E::encode(proxy), E::encode(bypass));
    let need = head + (p.len() + 1 + b.len() + 1) * E::UNIT;
    // SAFETY: `buffer_len` checked non-NULL.
    let have = unsafe { buffer_len.read_unaligned() } as usize;
    if have == 0 && !buffer.is_null() {
        // SAFETY: as above.
        unsafe { buffer_len.write_unaligned(need as u32) };
        return Err(Error::InsufficientBuffer);
    }
    if buffer.is_null() || have < need {
        // SAFETY: as above.
        unsafe { buffer_len.write_unaligned(need as u32) };
        return Err(Error::InsufficientBuffer);
    }
    let base = buffer as *mut u8;
    // SAFETY: `buffer` has `need` writable bytes; the struct is written field by field with
    // unaligned writes (DWORD, then two pointers at pointer-aligned offsets of the C layout),
    // the strings after it.
    unsafe {
        let p_at = base.add(head) as *mut E::Unit;
        let b_at = p_at.add(p.len() + 1);
        args::copy_out(p_at, &p);
        args::copy_out(b_at, &b);
        (base as *mut u32).write_unaligned(access);
        (base.add(size_of::<usize>()) as *mut *mut E::Unit).write_unaligned(if p.is_empty() {
            std::ptr::null_mut()
        } else {
            p_at
        });
        (base.add(size_of::<usize>() * 2) as *mut *mut E::Unit).write_unaligned(if b.is_empty() {
            std::ptr::null_mut()
        } else {
            b_at
        });
        buffer_len.write_unaligned(need as u32);
    }
    Ok(Done::Now)
}

/// Query an option of a handle (or a global one with a NULL handle).
///
/// `*buffer_len` is the buffer's size on input and the size written on output; when the buffer
/// is NULL or too small, 122 with `*buffer_len` = the size needed (strings: strlen+1; on
/// success `*buffer_len` = strlen). Supports every option rinet_set_option takes, plus CALLBACK
/// (1), HANDLE_TYPE (9), PARENT_HANDLE (21), REQUEST_FLAGS (23), EXTENDED_ERROR (24), URL (34),
/// SECURITY_CERTIFICATE_STRUCT (32: on an HTTPS request after its TLS handshake, an
/// INTERNET_CERTIFICATE_INFO with the validity dates, the subject and issuer (ANSI strings,
/// each attribute value on its own line, in memory blocks the caller frees with LocalFree or
/// rinet_mem_free, also through the W entry points, as in WinInet), the cipher's key size in
/// bits, and NULL protocol and algorithm names; 12016 on a request with no TLS connection),
/// SECURITY_CERTIFICATE (35: the same as text, 12016 likewise),
/// PROXY (38), VERSION (40), HTTP_VERSION (59) and DIAGNOSTIC_SOCKET_INFO (67: on a request, an
/// INTERNET_DIAGNOSTIC_SOCKET_INFO for the connection it uses or used last; before its first
/// send, Socket INVALID_SOCKET (all ones), SourcePort 0, DestPort the server's port, Flags 0). PER_CONNECTION_OPTION (75) fills the values
/// of the caller's INTERNET_PER_CONN_OPTION_LISTA, its strings in memory blocks the caller frees
/// with GlobalFree or rinet_mem_free. Runs on the calling thread; never pends.
/// MAX_CONNS_PER_SERVER and MAX_CONNS_PER_1_0_SERVER are read on the NULL handle (0xFFFFFFFF
/// until set: no limit). Errors: 6, 87 (NULL `buffer_len`), 122, 12009, 12016 (a process-wide
/// option on a handle), 12018 (wrong handle kind, or NULL handle for a per-handle option).
#[no_mangle]
pub unsafe extern "C" fn rinet_query_option(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| query_option::<Ansi>(handle, option, buffer, buffer_len))
}

/// rinet_query_option with UTF-16 string values (WinInet's InternetQueryOptionW where
/// `wchar_t` is 2 bytes): `handle`, `option`, `buffer` and `buffer_len` (in bytes) as there. A
/// string value (USER_AGENT, USERNAME, URL, ...) is written as UTF-16; too small a buffer gives
/// 122 with the bytes needed, NUL included, and success reports the characters written, NUL
/// excluded, as WinInet does. PROXY's INTERNET_PROXY_INFO points to UTF-16 strings. Runs on the
/// calling thread; never pends. Errors: those of rinet_query_option.
#[no_mangle]
pub unsafe extern "C" fn rinet_query_option_w16(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| query_option::<Utf16>(handle, option, buffer, buffer_len))
}

/// rinet_query_option_w16 (`handle`, `option`, `buffer`, `buffer_len` in bytes) with UTF-32
/// string values (`wchar_t` of 4 bytes). Runs on the calling thread; never pends. Errors: those
/// of rinet_query_option.
#[no_mangle]
pub unsafe extern "C" fn rinet_query_option_w32(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| query_option::<Utf32>(handle, option, buffer, buffer_len))
}

fn query_option<E: Encoding>(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> Result<Done, Error> {
    {
        if buffer_len.is_null() {
            return Err(Error::InvalidParameter);
        }
        if option == per_conn::OPTION_PER_CONNECTION {
            let h = handle as HandleId;
            return per_conn::query::<E>(h, buffer, buffer_len);
        }
        if !is_known(option) {
            return Err(Error::InvalidOption);
        }
        let h = handle as HandleId;
        if option == RINET_OPTION_VERSION {
            let mut v = [0u8; 8];
            v[..4].copy_from_slice(&1u32.to_ne_bytes());
            v[4..].copy_from_slice(&2u32.to_ne_bytes());
            return put(buffer, buffer_len, &v);
        }
        if option == RINET_OPTION_HTTP_VERSION {
            let mut v = [0u8; 8];
            v[..4].copy_from_slice(&1u32.to_ne_bytes());
            v[4..].copy_from_slice(&1u32.to_ne_bytes());
            return put(buffer, buffer_len, &v);
        }
        if h == 0 {
            return query_global::<E>(option, buffer, buffer_len);
        }
        let entry = handles::lookup(h)?;
        let mut st = entry.session.lock();
        let root_agent = if option == RINET_OPTION_USER_AGENT {
            st.agent()
        } else {
            String::new()
        };
        let socket = if option == RINET_OPTION_DIAGNOSTIC_SOCKET_INFO {
            engine::socket_info(&mut st, h)
        } else {
            None
        };
        let node = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .ok_or(Error::InvalidHandle)?;
        match option {
            RINET_OPTION_DIAGNOSTIC_SOCKET_INFO => {
                let info = socket.ok_or(Error::IncorrectHandleType)?;
                // INTERNET_DIAGNOSTIC_SOCKET_INFO: a DWORD_PTR and three DWORDs, padded to the
                // pointer's alignment.
                let word = size_of::<usize>();
                let mut v = vec![0u8; (word + 12).div_ceil(word) * word];
                v[..word].copy_from_slice(&info.socket.to_ne_bytes());
                v[word..word + 4].copy_from_slice(&info.source_port.to_ne_bytes());
                v[word + 4..word + 8].copy_from_slice(&info.dest_port.to_ne_bytes());
                v[word + 8..word + 12].copy_from_slice(&info.flags.to_ne_bytes());
                put(buffer, buffer_len, &v)
            }
            RINET_OPTION_SECURITY_CERTIFICATE_STRUCT | RINET_OPTION_SECURITY_CERTIFICATE => {
                let req = node.request().ok_or(Error::IncorrectHandleType)?;
                // No TLS connection (plain HTTP, or not sent yet): nothing to tell.
                let cert = req.cert.clone().ok_or(Error::InvalidOperation)?;
                if option == RINET_OPTION_SECURITY_CERTIFICATE {
                    put_str::<E>(buffer, buffer_len, &cert.text())
                } else {
                    put_cert_info(buffer, buffer_len, &cert)
                }
            }
            RINET_OPTION_CONTEXT_VALUE => put(buffer, buffer_len, &node.context.to_ne_bytes()),
            RINET_OPTION_CALLBACK => put(buffer, buffer_len, &node.callback.addr.to_ne_bytes()),
            RINET_OPTION_HANDLE_TYPE => {
                let t: u32 = match entry.kind {
                    Kind::Session => 1,
                    Kind::Connect => 4,
                    Kind::Request => 13,
                };
                put(buffer, buffer_len, &t.to_ne_bytes())
            }
            RINET_OPTION_PARENT_HANDLE => {
                put(buffer, buffer_len, &node.parent.unwrap_or(0).to_ne_bytes())
            }
            RINET_OPTION_EXTENDED_ERROR => put(buffer, buffer_len, &0u32.to_ne_bytes()),
            // The session's, also read through its requests; a connect handle has none.
            RINET_OPTION_USER_AGENT if entry.kind == Kind::Connect => {
                no_value(buffer_len, Error::IncorrectHandleType)
            }
            RINET_OPTION_USER_AGENT => put_str::<E>(buffer, buffer_len, &root_agent),
            RINET_OPTION_REQUEST_FLAGS => {
                let Some(req) = node.request() else {
                    // WinInet reports the size of the DWORD a request would have given.
                    // SAFETY: `buffer_len` was checked non-NULL above.
                    unsafe { buffer_len.write_unaligned(4) };
                    return Err(Error::IncorrectHandleType);
                };
                // No head yet, or a reply without one (HTTP/0.9), as in WinInet.
                let flags = if req.resp.as_ref().is_some_and(|r| !r.no_status_line) {
                    0
                } else {
                    REQFLAG_NO_HEADERS
                } | if req.via.is_some() {
                    REQFLAG_VIA_PROXY
                } else {
                    0
                };
                put(buffer, buffer_len, &flags.to_ne_bytes())
            }
            RINET_OPTION_URL => {
                let req = node.request().ok_or(Error::IncorrectHandleType)?;
                put_str::<E>(buffer, buffer_len, &req.url())
            }
            RINET_OPTION_SECURITY_FLAGS => {
                let flags = node.opts.security_flags;
                let req = node.request().ok_or(Error::IncorrectHandleType)?;
                let secure = if req.server.secure {
                    SECURITY_FLAG_SECURE
                } else {
                    0
                };
                put(buffer, buffer_len, &(flags | secure).to_ne_bytes())
            }
            RINET_OPTION_USERNAME
            | RINET_OPTION_PASSWORD
            | RINET_OPTION_PROXY_USERNAME
            | RINET_OPTION_PROXY_PASSWORD => {
                if entry.kind == Kind::Session {
                    return Err(Error::IncorrectHandleType);
                }
                let mut v = credential_field(&mut node.opts, option)
                    .and_then(|f| f.clone())
                    .unwrap_or_default();
                // A request without a user name of its own that was sent with credentials from
                // the process's cache shows those, as WinInet does.
                let own = node.opts.username.as_deref().is_some_and(|u| !u.is_empty());
                if let (false, Some((user, password))) =
                    (own, node.request().and_then(|r| r.cached_creds.as_ref()))
                {
                    match option {
                        RINET_OPTION_USERNAME => v = user.clone(),
                        RINET_OPTION_PASSWORD => v = password.clone(),
                        _ => {}
                    }
                }
                put_str::<E>(buffer, buffer_len, &v)
            }
            RINET_OPTION_HTTP_DECODING => put(
                buffer,
                buffer_len,
                &(node.opts.decoding as u32).to_ne_bytes(),
            ),
            RINET_OPTION_SUPPRESS_SERVER_AUTH => put(
                buffer,
                buffer_len,
                &node.opts.suppress_server_auth.to_ne_bytes(),
            ),
            RINET_OPTION_CA_FILE => put_str::<E>(
                buffer,
                buffer_len,
                node.opts.ca_file.as_deref().unwrap_or(""),
            ),
            RINET_OPTION_PROXY => match &node.data {
                NodeData::Session {
                    access_type,
                    proxy,
                    bypass,
                    ..
                } => {
                    // A preconfigured session (0, 4) that uses a proxy reports it.
                    let access = match access_type {
                        3 => 3,
                        0 | 4 if !proxy.is_empty() => 3,
                        _ => 1,
                    };
                    put_proxy_info::<E>(buffer, buffer_len, access, proxy, bypass)
                }
                _ => Err(Error::IncorrectHandleType),
            },
            o if conn_limit(o).is_some() => Err(Error::InvalidOperation),
            o if is_notice(o) => Err(Error::IncorrectHandleType),
            o => {
                if let Some(v) = timeout_field(&mut node.timeouts, o) {
                    return put(buffer, buffer_len, &v.to_ne_bytes());
                }
                if let Some(v) = dword_field(&mut node.opts, o) {
                    return put(buffer, buffer_len, &v.to_ne_bytes());
                }
                Err(Error::InvalidOption)
            }
        }
    }
}

fn query_global<E: Encoding>(
    option: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> Result<Done, Error> {
    match option {
        RINET_OPTION_USER_AGENT | RINET_OPTION_REQUEST_FLAGS => {
            no_value(buffer_len, Error::IncorrectHandleType)
        }
        RINET_OPTION_PROXY => put_proxy_info::<E>(buffer, buffer_len, 1, "", ""),
        RINET_OPTION_HTTP_DECODING => put(
            buffer,
            buffer_len,
            &(global_opts().decoding as u32).to_ne_bytes(),
        ),
        RINET_OPTION_CA_FILE => put_str::<E>(
            buffer,
            buffer_len,
            global_opts().ca_file.as_deref().unwrap_or(""),
        ),
        o if conn_limit(o).is_some() => {
            let v = conn_limit(o).map_or(0, |l| l.load(std::sync::atomic::Ordering::Relaxed));
            put(buffer, buffer_len, &v.to_ne_bytes())
        }
        o => {
            let mut t = global_timeouts();
            if let Some(v) = timeout_field(&mut t, o) {
                return put(buffer, buffer_len, &v.to_ne_bytes());
            }
            let mut opts = global_opts();
            if let Some(v) = dword_field(&mut opts, o) {
                return put(buffer, buffer_len, &v.to_ne_bytes());
            }
            Err(Error::IncorrectHandleType)
        }
    }
}
