// SPDX-License-Identifier: MIT OR Apache-2.0
//! Requests: open_request, add_request_headers, send_request(_ex), write_file, end_request,
//! read_file(_ex) and query_data_available.

use std::borrow::Cow;
use std::ffi::{c_char, c_void};
use std::mem::size_of;

use super::args::{self, has_ctl, opt_text, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use super::handles::{self, Entry};
use super::rinet_handle;
use super::session::{create_child, FLAG_SECURE};
use crate::error::Error;
use crate::http::headers::is_valid_name;
use crate::http::HeaderList;
use crate::reactor::engine::{self, Lent, Out, Progress, ReadMode, Request};
use crate::reactor::{HandleId, Kind, NodeData, Outcome, Shared, State};

/// WinInet's INTERNET_BUFFERSA, same field order and layout.
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_buffers {
    /// Must be sizeof(rinet_buffers), else 87.
    pub dwStructSize: u32,
    /// Ignored.
    pub Next: *mut rinet_buffers,
    /// Extra request headers (send_request_ex).
    pub lpcszHeader: *const c_char,
    /// Their length, or 0xFFFFFFFF for NUL-terminated.
    pub dwHeadersLength: u32,
    /// Ignored.
    pub dwHeadersTotal: u32,
    /// Body bytes sent with the head (send_request_ex), or the read buffer (read_file_ex).
    pub lpvBuffer: *mut c_void,
    /// Length of `lpvBuffer`; read_file_ex writes the count read here.
    pub dwBufferLength: u32,
    /// The total body length (send_request_ex): becomes Content-Length.
    pub dwBufferTotal: u32,
    /// Ignored.
    pub dwOffsetLow: u32,
    /// Ignored.
    pub dwOffsetHigh: u32,
}

/// rinet_buffers with a UTF-16 header string (WinInet's INTERNET_BUFFERSW where `wchar_t` is 2
/// bytes), for rinet_send_request_ex_w16: the same fields and layout; `dwHeadersLength` counts
/// characters.
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_buffers_w16 {
    /// Must be sizeof(rinet_buffers_w16), else 87.
    pub dwStructSize: u32,
    /// Ignored.
    pub Next: *mut rinet_buffers_w16,
    /// Extra request headers.
    pub lpcszHeader: *const u16,
    /// Their length in characters, or 0xFFFFFFFF for NUL-terminated.
    pub dwHeadersLength: u32,
    /// Ignored.
    pub dwHeadersTotal: u32,
    /// Body bytes sent with the head.
    pub lpvBuffer: *mut c_void,
    /// Length of `lpvBuffer`.
    pub dwBufferLength: u32,
    /// The total body length: becomes Content-Length.
    pub dwBufferTotal: u32,
    /// Ignored.
    pub dwOffsetLow: u32,
    /// Ignored.
    pub dwOffsetHigh: u32,
}

/// rinet_buffers with a UTF-32 header string (WinInet's INTERNET_BUFFERSW where `wchar_t` is 4
/// bytes), for rinet_send_request_ex_w32: the same fields and layout; `dwHeadersLength` counts
/// characters.
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_buffers_w32 {
    /// Must be sizeof(rinet_buffers_w32), else 87.
    pub dwStructSize: u32,
    /// Ignored.
    pub Next: *mut rinet_buffers_w32,
    /// Extra request headers.
    pub lpcszHeader: *const u32,
    /// Their length in characters, or 0xFFFFFFFF for NUL-terminated.
    pub dwHeadersLength: u32,
    /// Ignored.
    pub dwHeadersTotal: u32,
    /// Body bytes sent with the head.
    pub lpvBuffer: *mut c_void,
    /// Length of `lpvBuffer`.
    pub dwBufferLength: u32,
    /// The total body length: becomes Content-Length.
    pub dwBufferTotal: u32,
    /// Ignored.
    pub dwOffsetLow: u32,
    /// Ignored.
    pub dwOffsetHigh: u32,
}

/// The three INTERNET_BUFFERS layouts as one type, for the one implementation (the tests check
/// that the layouts agree).
#[allow(non_snake_case)]
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct BuffersOf<U> {
    dwStructSize: u32,
    Next: *mut c_void,
    lpcszHeader: *const U,
    dwHeadersLength: u32,
    dwHeadersTotal: u32,
    lpvBuffer: *mut c_void,
    dwBufferLength: u32,
    dwBufferTotal: u32,
    dwOffsetLow: u32,
    dwOffsetHigh: u32,
}

/// IRF_NO_WAIT: return what is buffered instead of filling the buffer.
pub const RINET_IRF_NO_WAIT: u32 = 8;

/// Look up a request handle.
fn request_entry(h: HandleId) -> Result<Entry, Error> {
    let entry = handles::lookup(h)?;
    if entry.kind != Kind::Request {
        return Err(Error::IncorrectHandleType);
    }
    Ok(entry)
}

/// Run engine operation `op` for request `h` ([`Shared::run_op`], which states the rules) and
/// record its outcome for InternetGetLastResponseInfo. Returns the value of an operation that
/// finished during the call (a byte count where one applies); None when it pended, or when a
/// synchronous wait ended it (the completion then wrote the caller's out-parameters itself).
fn run_op(
    h: HandleId,
    always_waits: bool,
    op: impl FnOnce(&Shared, &mut State, HandleId) -> Result<Progress, Error>,
) -> Result<(Done, Option<u32>), Error> {
    let entry = request_entry(h)?;
    match entry.session.run_op(h, always_waits, op) {
        Outcome::Now(v) => Ok((Done::Now, Some(v))),
        Outcome::Pending => Ok((Done::Pending, None)),
        Outcome::Waited(r) => {
            super::info::note_completion(h, r.err().map_or(0, |e| e.code()));
            r.map(|_| (Done::Now, None))
        }
        Outcome::Failed(e) => {
            super::info::note_failure(h, e);
            Err(e)
        }
        Outcome::Refused(e) => Err(e),
    }
}

/// Open a request under a connect handle (WinInet's HttpOpenRequestA). No network I/O.
///
/// - `connect`: the connect handle (the server to talk to).
/// - `verb`: the method (NULL or "": GET). `object_name`: the target path (NULL or "": "/"),
///   whose `.` and `..` segments are removed (`/A/../B/./C/../../x` is `/x`, on the wire and in
///   INTERNET_OPTION_URL). `version`: NULL or "" for HTTP/1.1. `referrer`: sent as Referer (may
///   be NULL).
/// - `accept_types`: NULL-terminated array of media types sent as Accept (may be NULL); empty
///   strings are left out. An array with an entry that is not a readable string (a small
///   integer, all-ones, an unmapped address) is ignored, as Windows ignores it: no Accept
///   header, and no fault.
/// - `flags`: INTERNET_FLAG_* (KEEP_CONNECTION, PRAGMA_NOCACHE, NO_CACHE_WRITE, SECURE, ...).
/// - `context`: the request's context value (0: no callbacks for it).
/// - `out_request`: receives the new handle, only on success. The caller closes it with
///   rinet_close_handle (closing the connect or session handle closes it too).
///
/// Every string is copied. Sends HANDLE_CREATED on the calling thread before returning; never
/// pends. Errors: 6, 12018 (not a connect handle), 87 (NULL out pointer; CR, LF or NUL in a
/// string).
#[no_mangle]
pub unsafe extern "C" fn rinet_open_request(
    connect: rinet_handle,
    verb: *const c_char,
    object_name: *const c_char,
    version: *const c_char,
    referrer: *const c_char,
    accept_types: *const *const c_char,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open_request::<Ansi>(
            connect,
            verb as *const u8,
            object_name as *const u8,
            version as *const u8,
            referrer as *const u8,
            accept_types as *const *const u8,
            flags,
            context,
            out_request,
        )
    })
}

/// rinet_open_request with UTF-16 strings (WinInet's HttpOpenRequestW where `wchar_t` is 2
/// bytes): `connect`, `verb`, `object_name`, `version`, `referrer`, `accept_types` (an array of
/// UTF-16 strings), `flags`, `context` and `out_request` as there. Characters of `object_name`
/// above U+007F go on the wire as percent-encoded UTF-8; the Referer and Accept headers as
/// ISO-8859-1, characters above U+00FF as '?'. Runs on the calling thread; never pends. Errors:
/// those of rinet_open_request, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_open_request_w16(
    connect: rinet_handle,
    verb: *const u16,
    object_name: *const u16,
    version: *const u16,
    referrer: *const u16,
    accept_types: *const *const u16,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open_request::<Utf16>(
            connect,
            verb,
            object_name,
            version,
            referrer,
            accept_types,
            flags,
            context,
            out_request,
        )
    })
}

/// rinet_open_request with UTF-32 strings (WinInet's HttpOpenRequestW where `wchar_t` is 4
/// bytes): `connect`, `verb`, `object_name`, `version`, `referrer`, `accept_types`, `flags`,
/// `context` and `out_request` as in rinet_open_request_w16. Runs on the calling thread; never
/// pends. Errors: those of rinet_open_request, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_open_request_w32(
    connect: rinet_handle,
    verb: *const u32,
    object_name: *const u32,
    version: *const u32,
    referrer: *const u32,
    accept_types: *const *const u32,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open_request::<Utf32>(
            connect,
            verb,
            object_name,
            version,
            referrer,
            accept_types,
            flags,
            context,
            out_request,
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn open_request<E: Encoding>(
    connect: rinet_handle,
    verb: *const E::Unit,
    object_name: *const E::Unit,
    version: *const E::Unit,
    referrer: *const E::Unit,
    accept_types: *const *const E::Unit,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> Result<Done, Error> {
    {
        let ch = connect as HandleId;
        let entry = args::entry(connect, Kind::Connect)?;
        let out_request = args::OutParam::new(out_request)?;
        // SAFETY: C strings are NUL-terminated or NULL.
        let (verb, object, version, referrer) = unsafe {
            (
                opt_text::<E>(verb)?,
                opt_text::<E>(object_name)?.map(E::wire_target),
                opt_text::<E>(version)?,
                opt_text::<E>(referrer)?,
            )
        };
        let verb = verb
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "GET".into());
        if !is_valid_name(&verb) {
            return Err(Error::InvalidParameter);
        }
        let object = object
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| "/".into());
        if has_ctl(&object) {
            return Err(Error::InvalidParameter);
        }
        let mut target = object.replace(' ', "%20");
        if !target.starts_with('/') && !target.contains("://") && target != "*" {
            target.insert(0, '/');
        }
        if target.starts_with('/') {
            target = crate::http::url::remove_dot_segments(&target);
        }
        let version = version
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "HTTP/1.1".into());
        if !version.starts_with("HTTP/") || has_ctl(&version) || version.contains(' ') {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: the array is only read through checks that never fault.
        let accepts = unsafe { args::string_array::<E>(accept_types) }?.unwrap_or_default();
        if accepts.iter().any(|s| has_ctl(s)) {
            return Err(Error::InvalidParameter);
        }
        if referrer.as_deref().is_some_and(has_ctl) {
            return Err(Error::InvalidParameter);
        }
        let h = new_request(
            &entry, ch, verb, target, version, referrer, &accepts, flags, context,
        )?;
        out_request.set(h as rinet_handle);
        Ok(Done::Now)
    }
}

/// Create a request node under connect handle `ch` (HANDLE_CREATED is sent).
#[allow(clippy::too_many_arguments)]
fn new_request(
    entry: &Entry,
    ch: HandleId,
    verb: String,
    target: String,
    version: String,
    referrer: Option<String>,
    accepts: &[String],
    flags: u32,
    context: usize,
) -> Result<HandleId, Error> {
    let (mut server, agent) = {
        let st = entry.session.lock();
        let server = match st.nodes.get(&ch).map(|n| &n.data) {
            Some(NodeData::Connect(s)) => s.clone(),
            _ => return Err(Error::InvalidHandle),
        };
        (server, st.agent())
    };
    if flags & FLAG_SECURE != 0 {
        server.secure = true;
    }
    // No Host yet: rinet adds it at send time unless the application has set its own, so that
    // HttpQueryInfo(HTTP_QUERY_HOST) before the send finds only the application's, as in WinInet.
    let mut headers = HeaderList::new();
    if !accepts.is_empty() {
        headers.push("Accept", &accepts.join(", "));
    }
    if let Some(r) = referrer.filter(|r| !r.is_empty()) {
        headers.push("Referer", &r);
    }
    let req = Request::new(verb, target, version, flags, server, agent, headers);
    create_child(
        entry,
        ch,
        Kind::Request,
        context,
        NodeData::Request(Box::new(req)),
    )
}

/// Open an http or https URL in one call (WinInet's InternetOpenUrlA): a GET on a new request
/// handle under a hidden connect handle (which sends no notifications and closes with the
/// request).
///
/// - `session`: the session handle.
/// - `url`: "http://[user:pass@]host[:port]/path?query" or https; other schemes give 12006.
/// - `headers`/`headers_len`: extra request headers (0xFFFFFFFF: NUL-terminated; may be NULL).
/// - `flags`: INTERNET_FLAG_* for the request. `context`: the request's context value.
/// - `out_request`: set to NULL first; receives the request handle when the call succeeds at once.
///
/// The URL and headers are copied. Runs on the calling thread, which gets HANDLE_CREATED.
/// Async session: returns 997 and leaves `*out_request` NULL; REQUEST_COMPLETE carries the
/// request handle in dwResult once the response head has arrived ({handle, 0}), on the
/// session's reactor thread; on failure {0, error}, and rinet closes the request itself
/// (HANDLE_CLOSING follows). Sync session: blocks, then writes `*out_request`. Read the body with
/// rinet_read_file; close the request handle when done. Errors: 6, 12018 (not a session), 87,
/// 12005, 12006, and the network errors of send_request.
#[no_mangle]
pub unsafe extern "C" fn rinet_open_url(
    session: rinet_handle,
    url: *const c_char,
    headers: *const c_char,
    headers_len: u32,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open_url::<Ansi>(
            session,
            url as *const u8,
            headers as *const u8,
            headers_len,
            flags,
            context,
            out_request,
        )
    })
}

/// rinet_open_url with UTF-16 strings (WinInet's InternetOpenUrlW where `wchar_t` is 2 bytes):
/// `session`, `url`, `headers`, `headers_len` (in characters), `flags`, `context` and
/// `out_request` as there. Characters of the URL above U+007F go on the wire as
/// percent-encoded UTF-8; the headers as ISO-8859-1, characters above U+00FF as '?'. Runs on
/// the calling thread; pends or blocks as rinet_open_url. Errors: those of rinet_open_url, and
/// 87 for text that is not valid UTF-16 (nothing is sent).
#[no_mangle]
pub unsafe extern "C" fn rinet_open_url_w16(
    session: rinet_handle,
    url: *const u16,
    headers: *const u16,
    headers_len: u32,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open_url::<Utf16>(
            session,
            url,
            headers,
            headers_len,
            flags,
            context,
            out_request,
        )
    })
}

/// rinet_open_url_w16 (`session`, `url`, `headers`, `headers_len` in characters, `flags`,
/// `context`, `out_request`) with UTF-32 strings (`wchar_t` of 4 bytes). Runs on the calling
/// thread; pends or blocks as rinet_open_url. Errors: those of rinet_open_url, and 87 for text
/// that is not valid UTF-32 (nothing is sent).
#[no_mangle]
pub unsafe extern "C" fn rinet_open_url_w32(
    session: rinet_handle,
    url: *const u32,
    headers: *const u32,
    headers_len: u32,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open_url::<Utf32>(
            session,
            url,
            headers,
            headers_len,
            flags,
            context,
            out_request,
        )
    })
}

fn open_url<E: Encoding>(
    session: rinet_handle,
    url: *const E::Unit,
    headers: *const E::Unit,
    headers_len: u32,
    flags: u32,
    context: usize,
    out_request: *mut rinet_handle,
) -> Result<Done, Error> {
    {
        let sh = session as HandleId;
        let entry = args::entry(session, Kind::Session)?;
        if out_request.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: out_request is non-NULL and writable.
        unsafe { out_request.write(std::ptr::null_mut()) };
        // SAFETY: a NUL-terminated string or NULL.
        let url = unsafe { opt_text::<E>(url) }?
            .map(E::wire_target)
            .ok_or(Error::InvalidParameter)?;
        // SAFETY: `headers` holds `headers_len` units or is NUL-terminated (or NULL).
        let extra = unsafe { args::header_text::<E>(headers, headers_len) }?;
        let extra = &extra[..];
        let cracked = crate::http::url::crack(url.as_bytes(), 0).map_err(|e| match e {
            crate::http::url::UrlError::UnrecognizedScheme => Error::UnrecognizedScheme,
            _ => Error::InvalidUrl,
        })?;
        let secure = match cracked.kind {
            crate::http::url::Scheme::Http => false,
            crate::http::url::Scheme::Https => true,
            _ => return Err(Error::UnrecognizedScheme),
        };
        let b = url.as_bytes();
        let part = |r: Option<std::ops::Range<usize>>| {
            r.map(|r| String::from_utf8_lossy(&crate::http::url::decode(&b[r])).into_owned())
        };
        let host = part(cracked.host.clone()).unwrap_or_default();
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if host.is_empty() || has_ctl(&host) || host.contains(' ') {
            return Err(Error::InvalidUrl);
        }
        let mut target = String::from_utf8_lossy(&b[cracked.path_with_extra()]).into_owned();
        if let Some(hash) = target.find('#') {
            target.truncate(hash);
        }
        if target.is_empty() {
            target.push('/');
        }
        if has_ctl(&target) {
            return Err(Error::InvalidUrl);
        }
        let target = target.replace(' ', "%20");
        let server = crate::reactor::Server {
            host,
            port: cracked.port,
            secure,
            user: part(cracked.user).unwrap_or_default(),
            password: part(cracked.password).unwrap_or_default(),
            flags,
        };
        let ch = super::session::create_node(
            &entry,
            sh,
            Kind::Connect,
            0,
            NodeData::Connect(server),
            true,
        )?;
        let flags = if secure { flags | FLAG_SECURE } else { flags };
        let h = match new_request(
            &entry,
            ch,
            "GET".into(),
            target,
            "HTTP/1.1".into(),
            None,
            &[],
            flags,
            context,
        ) {
            Ok(h) => h,
            Err(e) => {
                close_quietly(&entry, ch);
                return Err(e);
            }
        };
        let r = run_op(h, true, |sh, st, h| {
            if let Some(req) = st.req(h) {
                req.open_url = sh.is_async;
            }
            engine::send_request(sh, st, h, extra, &[])
        });
        match r {
            Ok((Done::Pending, _)) => Ok(Done::Pending),
            Ok((d, _)) => {
                // SAFETY: out_request is non-NULL and writable.
                unsafe { out_request.write(h as rinet_handle) };
                Ok(d)
            }
            Err(e) => {
                close_quietly(&entry, ch);
                Err(e)
            }
        }
    }
}

/// Close a tree the application never received (a failed open_url).
fn close_quietly(entry: &Entry, h: HandleId) {
    let _ = super::session::close_tree(entry, h);
}

/// Add, replace or merge request headers (WinInet's HttpAddRequestHeadersA).
///
/// - `request`: a request handle that has not been sent yet.
/// - `headers`, `headers_len`: one or more "Name: value" lines (CRLF, LF or CR separated) and
///   their length; 0xFFFFFFFF means NUL-terminated. Copied.
/// - `modifiers`: HTTP_ADDREQ_FLAG_ADD, ADD_IF_NEW, REPLACE (an empty value removes; a Host
///   not there yet is added, since every request has one), COALESCE_WITH_COMMA,
///   COALESCE_WITH_SEMICOLON.
///
/// The text is applied all or nothing. Runs on the calling thread; never pends. Errors: 6,
/// 12018, 87 (NULL headers; CR, LF or NUL inside a name or value; a header with an empty
/// value, `Name:`, other than with REPLACE alone), 12153 (no header in the text), 12155
/// (ADD_IF_NEW and present), 12150 (REPLACE and absent).
#[no_mangle]
pub unsafe extern "C" fn rinet_add_request_headers(
    request: rinet_handle,
    headers: *const c_char,
    headers_len: u32,
    modifiers: u32,
) -> u32 {
    guard(|| add_request_headers::<Ansi>(request, headers as *const u8, headers_len, modifiers))
}

/// rinet_add_request_headers with UTF-16 text (WinInet's HttpAddRequestHeadersW where
/// `wchar_t` is 2 bytes): `request` and `modifiers` as there; `headers_len` counts characters
/// (0xFFFFFFFF: NUL-terminated). The headers go on the wire as ISO-8859-1, characters above
/// U+00FF as '?'. Runs on the calling thread; never pends. Errors: those of
/// rinet_add_request_headers, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_add_request_headers_w16(
    request: rinet_handle,
    headers: *const u16,
    headers_len: u32,
    modifiers: u32,
) -> u32 {
    guard(|| add_request_headers::<Utf16>(request, headers, headers_len, modifiers))
}

/// rinet_add_request_headers with UTF-32 text (WinInet's HttpAddRequestHeadersW where
/// `wchar_t` is 4 bytes): `request`, `headers`, `headers_len` (in characters) and `modifiers`
/// as in rinet_add_request_headers_w16. Runs on the calling thread; never pends. Errors: those
/// of rinet_add_request_headers, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_add_request_headers_w32(
    request: rinet_handle,
    headers: *const u32,
    headers_len: u32,
    modifiers: u32,
) -> u32 {
    guard(|| add_request_headers::<Utf32>(request, headers, headers_len, modifiers))
}

fn add_request_headers<E: Encoding>(
    request: rinet_handle,
    headers: *const E::Unit,
    headers_len: u32,
    modifiers: u32,
) -> Result<Done, Error> {
    {
        let h = request as HandleId;
        let entry = request_entry(h)?;
        if headers.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: `headers` holds `headers_len` units or is NUL-terminated.
        let text = unsafe { args::header_text::<E>(headers, headers_len) }?;
        let text = &text[..];
        #[cfg(feature = "fault-injection")]
        if text.starts_with(b"X-Rinet-Fault: export") {
            panic!("injected fault in an export");
        }
        let mut st = entry.session.lock();
        let req = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .and_then(|n| n.request())
            .ok_or(Error::InvalidHandle)?;
        req.headers
            .apply_block(text, modifiers)
            .map_err(|e| match e {
                crate::http::HeaderError::Invalid
                    if text.iter().all(|b| b.is_ascii_whitespace()) =>
                {
                    Error::InvalidHeader
                }
                crate::http::HeaderError::Invalid => Error::InvalidParameter,
                crate::http::HeaderError::AlreadyExists => Error::HeaderAlreadyExists,
                crate::http::HeaderError::NotFound => Error::HeaderNotFound,
            })?;
        Ok(Done::Now)
    }
}

/// Send the request with an optional body given in full (WinInet's HttpSendRequestA).
///
/// - `request`: a request handle not sent yet.
/// - `headers`/`headers_len`: extra headers (0xFFFFFFFF: NUL-terminated), merged with
///   add-or-replace; a header with an empty value (`Name:`) fails the call with 87 and nothing
///   is sent.
/// - `optional`/`optional_len`: the body.
///
/// Both are copied before the call returns, so the caller may reuse them at once. rinet adds
/// Host (unless the application set its own), User-Agent, Content-Length and the headers of
/// the request's flags. Sent again on a request whose last response body was not read to its
/// end, it first reads and drops the rest of that body (at most 64 KiB, waiting for it up to
/// the receive timeout) and sends on the same connection; a rest it cannot drain closes that
/// connection (CLOSING_CONNECTION, CONNECTION_CLOSED) and the send opens a new one. Runs on
/// the calling thread. Async session: returns 997; the work goes on on the session's reactor thread,
/// which sends the progress notifications and REQUEST_COMPLETE once the response head has
/// arrived ({1,0}, or {0,error}). Sync session: blocks until then and returns 0 or the error.
/// Errors: 6, 12018, 12019 (an operation is pending, an upload is under way, or a blocking call
/// made from inside a callback), 87, 12007, 12029, 12002, 12152, 12017 (closed meanwhile).
#[no_mangle]
pub unsafe extern "C" fn rinet_send_request(
    request: rinet_handle,
    headers: *const c_char,
    headers_len: u32,
    optional: *const c_void,
    optional_len: u32,
) -> u32 {
    guard(|| {
        send_request::<Ansi>(
            request,
            headers as *const u8,
            headers_len,
            optional,
            optional_len,
        )
    })
}

/// rinet_send_request with UTF-16 headers (WinInet's HttpSendRequestW where `wchar_t` is 2
/// bytes): `request`, `optional` and `optional_len` as there; `headers_len` counts characters
/// (0xFFFFFFFF: NUL-terminated). The headers go on the wire as ISO-8859-1, characters above
/// U+00FF as '?'. Runs on the calling thread; pends or blocks as rinet_send_request. Errors:
/// those of rinet_send_request, and 87 for text that is not valid UTF-16 (nothing is sent).
#[no_mangle]
pub unsafe extern "C" fn rinet_send_request_w16(
    request: rinet_handle,
    headers: *const u16,
    headers_len: u32,
    optional: *const c_void,
    optional_len: u32,
) -> u32 {
    guard(|| send_request::<Utf16>(request, headers, headers_len, optional, optional_len))
}

/// rinet_send_request with UTF-32 headers (WinInet's HttpSendRequestW where `wchar_t` is 4
/// bytes): `request`, `headers`, `headers_len` (in characters), `optional` and `optional_len`
/// as in rinet_send_request_w16. Runs on the calling thread; pends or blocks as
/// rinet_send_request. Errors: those of rinet_send_request, and 87 for text that is not valid
/// UTF-32 (nothing is sent).
#[no_mangle]
pub unsafe extern "C" fn rinet_send_request_w32(
    request: rinet_handle,
    headers: *const u32,
    headers_len: u32,
    optional: *const c_void,
    optional_len: u32,
) -> u32 {
    guard(|| send_request::<Utf32>(request, headers, headers_len, optional, optional_len))
}

fn send_request<E: Encoding>(
    request: rinet_handle,
    headers: *const E::Unit,
    headers_len: u32,
    optional: *const c_void,
    optional_len: u32,
) -> Result<Done, Error> {
    {
        // SAFETY: the caller passes valid buffers of the given lengths (or NULL with 0).
        let extra = unsafe { args::header_text::<E>(headers, headers_len) }?;
        let extra = &extra[..];
        // SAFETY: `optional` holds `optional_len` readable bytes (or is NULL with 0).
        let body = unsafe { args::bytes(optional, optional_len) }?;
        run_op(request as HandleId, true, |sh, st, h| {
            engine::send_request(sh, st, h, extra, body)
        })
        .map(|(d, _)| d)
    }
}

/// Start a request whose body follows through rinet_write_file (WinInet's HttpSendRequestExA).
///
/// - `request`: a request handle not sent yet.
/// - `buffers_in` (may be NULL): dwStructSize must be sizeof(rinet_buffers); lpcszHeader are extra
///   headers; lpvBuffer/dwBufferLength are body bytes sent with the head (copied); dwBufferTotal
///   becomes Content-Length and is the total the writes must reach (0 with the application's own
///   Content-Length or Transfer-Encoding header: that header rules). Read during the call only.
/// - `buffers_out`: must be NULL.
///
/// Runs on the calling thread. Async: returns 997; REQUEST_COMPLETE follows on the session's
/// reactor thread once the head and initial bytes are on the wire. Sync: blocks until then.
/// Errors: 6, 12018, 12019, 87, and the network errors of send_request.
#[no_mangle]
pub unsafe extern "C" fn rinet_send_request_ex(
    request: rinet_handle,
    buffers_in: *const rinet_buffers,
    buffers_out: *mut rinet_buffers,
    _flags: u32,
    _context: usize,
) -> u32 {
    guard(|| {
        send_request_ex::<Ansi>(
            request,
            buffers_in as *const BuffersOf<u8>,
            buffers_out as *mut c_void,
        )
    })
}

/// rinet_send_request_ex with a UTF-16 header string (WinInet's HttpSendRequestExW where
/// `wchar_t` is 2 bytes): `request`, `buffers_in` (a rinet_buffers_w16), `buffers_out` (must
/// be NULL), `_flags` and `_context` as there. The headers go on the wire as ISO-8859-1,
/// characters above U+00FF as '?'. Runs on the calling thread; pends or blocks as
/// rinet_send_request_ex. Errors: those of rinet_send_request_ex, and 87 for text that is not
/// valid UTF-16 (nothing is sent).
#[no_mangle]
pub unsafe extern "C" fn rinet_send_request_ex_w16(
    request: rinet_handle,
    buffers_in: *const rinet_buffers_w16,
    buffers_out: *mut rinet_buffers_w16,
    _flags: u32,
    _context: usize,
) -> u32 {
    guard(|| {
        send_request_ex::<Utf16>(
            request,
            buffers_in as *const BuffersOf<u16>,
            buffers_out as *mut c_void,
        )
    })
}

/// rinet_send_request_ex_w16 (`request`, `buffers_in` a rinet_buffers_w32, `buffers_out`,
/// `_flags`, `_context`) with a UTF-32 header string (`wchar_t` of 4 bytes). Runs on the
/// calling thread; pends or blocks as rinet_send_request_ex. Errors: those of
/// rinet_send_request_ex, and 87 for text that is not valid UTF-32 (nothing is sent).
#[no_mangle]
pub unsafe extern "C" fn rinet_send_request_ex_w32(
    request: rinet_handle,
    buffers_in: *const rinet_buffers_w32,
    buffers_out: *mut rinet_buffers_w32,
    _flags: u32,
    _context: usize,
) -> u32 {
    guard(|| {
        send_request_ex::<Utf32>(
            request,
            buffers_in as *const BuffersOf<u32>,
            buffers_out as *mut c_void,
        )
    })
}

fn send_request_ex<E: Encoding>(
    request: rinet_handle,
    buffers_in: *const BuffersOf<E::Unit>,
    buffers_out: *mut c_void,
) -> Result<Done, Error> {
    {
        if !buffers_out.is_null() {
            return Err(Error::InvalidParameter);
        }
        let (extra, initial, total): (Cow<[u8]>, &[u8], u32) = if buffers_in.is_null() {
            (Cow::Borrowed(&[]), &[], 0)
        } else {
            // SAFETY: non-NULL; the caller passes a readable INTERNET_BUFFERS.
            let b = unsafe { &*buffers_in };
            if b.dwStructSize as usize != size_of::<BuffersOf<E::Unit>>() {
                return Err(Error::InvalidParameter);
            }
            // SAFETY: the header pointer and length come from the caller's struct.
            let extra = unsafe { args::header_text::<E>(b.lpcszHeader, b.dwHeadersLength) }?;
            // SAFETY: `lpvBuffer` holds `dwBufferLength` readable bytes (or is NULL with 0).
            let initial = unsafe { args::bytes(b.lpvBuffer, b.dwBufferLength) }?;
            (extra, initial, b.dwBufferTotal)
        };
        let extra = &extra[..];
        run_op(request as HandleId, true, |sh, st, h| {
            engine::send_request_ex(sh, st, h, extra, initial, total)
        })
        .map(|(d, _)| d)
    }
}

/// Write body bytes after rinet_send_request_ex has completed (WinInet's InternetWriteFile).
///
/// - `request`: the request being uploaded.
/// - `buffer`, `len`: the bytes. Not copied when the write pends.
/// - `out_written`: set to 0 first; receives the count written.
///
/// Runs on the calling thread. If the socket takes all `len` bytes now, returns 0 with
/// `*out_written` = `len`, after SENDING_REQUEST and REQUEST_SENT on the calling thread. Otherwise
/// (async) returns 997 and keeps using `buffer` in place: `buffer` and `out_written` must stay
/// valid until REQUEST_COMPLETE, which the reactor thread sends after REQUEST_SENT once every
/// byte is written and `*out_written` is set. Sync sessions block instead. Writing past the
/// declared total fails with 87 and sends nothing. Errors: 6, 12018, 12019 (no send_request_ex,
/// or an operation pending), 87, 12030/12031 (connection lost), 12002 (send timeout), 12017.
#[no_mangle]
pub unsafe extern "C" fn rinet_write_file(
    request: rinet_handle,
    buffer: *const c_void,
    len: u32,
    out_written: *mut u32,
) -> u32 {
    guard(|| {
        if out_written.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: non-NULL, writable DWORD.
        unsafe { out_written.write(0) };
        if buffer.is_null() && len > 0 {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: a writable DWORD (checked above) and `len` readable bytes at `buffer` (non-NULL
        // when len > 0), both valid until the write completes (WinInet's rule for the caller).
        let (buf, out) = unsafe {
            (
                Lent::new(buffer as *mut u8, len as usize),
                Out::new(out_written),
            )
        };
        let (done, v) = run_op(request as HandleId, true, |sh, st, h| {
            engine::write_file(sh, st, h, buf, out)
        })?;
        if let Some(v) = v {
            out.set(v);
        }
        Ok(done)
    })
}

/// Finish the upload and wait for the response head (WinInet's HttpEndRequestA).
///
/// - `request`: the request being uploaded.
/// - `buffers_out`: must be NULL (else 87).
///
/// Fails at once with 12019 when fewer bytes than the declared total were written; the request
/// stays as it was, so the rest can still be written. Runs on the calling thread. Async: returns
/// 997; RECEIVING_RESPONSE, RESPONSE_RECEIVED and REQUEST_COMPLETE follow on the reactor thread.
/// Sync: blocks. Interim 1xx responses are skipped. Errors: 6, 12018, 12019, 87, 12152, 12030,
/// 12002, 12017.
#[no_mangle]
pub unsafe extern "C" fn rinet_end_request(
    request: rinet_handle,
    buffers_out: *mut rinet_buffers,
    _flags: u32,
    _context: usize,
) -> u32 {
    guard(|| {
        if !buffers_out.is_null() {
            return Err(Error::InvalidParameter);
        }
        run_op(request as HandleId, true, engine::end_request).map(|(d, _)| d)
    })
}

/// Read response body bytes (WinInet's InternetReadFile).
///
/// - `request`: a request whose response head has arrived.
/// - `buffer`, `len`: where to put up to `len` bytes.
/// - `out_read`: set to 0 first; receives the count.
///
/// Runs on the calling thread. Returns 0 with the count when the buffer could be filled (or the
/// body ended) from what has arrived; 0 with `*out_read` = 0 means the end of the body.
/// Otherwise (async) sends RECEIVING_RESPONSE, returns 997, and fills `buffer` as data arrives:
/// `buffer` and `out_read` must stay valid until REQUEST_COMPLETE (on the reactor thread), before
/// which RESPONSE_RECEIVED carries the count. Sync sessions block until the buffer is full or the
/// body ends. Errors: 6, 12018, 12019 (before the response head, or an operation pending), 87,
/// 12030 (body cut short), 12152 (bad framing), 12002, 12017.
#[no_mangle]
pub unsafe extern "C" fn rinet_read_file(
    request: rinet_handle,
    buffer: *mut c_void,
    len: u32,
    out_read: *mut u32,
) -> u32 {
    guard(|| {
        if out_read.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: non-NULL, writable DWORD.
        unsafe { out_read.write(0) };
        if buffer.is_null() && len > 0 {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: a writable DWORD (checked above) and `len` writable bytes at `buffer` (non-NULL
        // when len > 0), both valid until the read completes (WinInet's rule for the caller).
        let (buf, out) = unsafe {
            (
                Lent::new(buffer as *mut u8, len as usize),
                Out::new(out_read),
            )
        };
        let (done, v) = run_op(request as HandleId, false, |sh, st, h| {
            engine::read_file(sh, st, h, buf, out, ReadMode::Fill)
        })?;
        if let Some(v) = v {
            out.set(v);
        }
        Ok(done)
    })
}

/// Read response body bytes into an INTERNET_BUFFERS (WinInet's InternetReadFileExA).
///
/// - `request`: a request whose response head has arrived.
/// - `buffers_out`: `dwStructSize` must be sizeof(rinet_buffers) (else 87); `lpvBuffer` and
///   `dwBufferLength` are the buffer and its size.
/// - `flags`: 0, or IRF_NO_WAIT (8).
///
/// Runs on the calling thread. Without IRF_NO_WAIT it behaves as rinet_read_file, writing the
/// count to `dwBufferLength` (at completion when it pends; until then `dwBufferLength` keeps its
/// input value, and `buffers_out` and its buffer must stay valid). With IRF_NO_WAIT it returns
/// what is buffered (possibly 0 at the end); when nothing is, it pends, and its REQUEST_COMPLETE
/// only says data arrived: the buffer and `dwBufferLength` are left untouched, call again.
/// Errors: those of rinet_read_file, and 87 (NULL `buffers_out`, wrong `dwStructSize`).
#[no_mangle]
pub unsafe extern "C" fn rinet_read_file_ex(
    request: rinet_handle,
    buffers_out: *mut rinet_buffers,
    flags: u32,
    _context: usize,
) -> u32 {
    guard(|| {
        let h = request as HandleId;
        request_entry(h)?;
        if buffers_out.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: non-NULL; the caller passes a writable INTERNET_BUFFERS.
        let b = unsafe { &mut *buffers_out };
        if b.dwStructSize as usize != size_of::<rinet_buffers>() {
            return Err(Error::InvalidParameter);
        }
        if b.lpvBuffer.is_null() && b.dwBufferLength > 0 {
            return Err(Error::InvalidParameter);
        }
        let mode = if flags & RINET_IRF_NO_WAIT != 0 {
            ReadMode::NoWait
        } else {
            ReadMode::Fill
        };
        // SAFETY: the structure (checked above) and the `dwBufferLength` bytes at `lpvBuffer`
        // (non-NULL when the length is not 0) stay valid until the read completes (WinInet's
        // rule for the caller).
        let (buf, out) = unsafe {
            (
                Lent::new(b.lpvBuffer as *mut u8, b.dwBufferLength as usize),
                Out::new(&mut b.dwBufferLength as *mut u32),
            )
        };
        let (done, v) = run_op(h, false, |sh, st, h| {
            engine::read_file(sh, st, h, buf, out, mode)
        })?;
        if let Some(v) = v {
            out.set(v);
        }
        Ok(done)
    })
}

/// How many body bytes can be read without waiting (WinInet's InternetQueryDataAvailable).
///
/// - `request`: a request whose response head has arrived.
/// - `out_available` (may be NULL): set to 0 first; receives the count.
///
/// Runs on the calling thread. Returns 0 with the count of bytes buffered (0 at the end of the
/// body). When nothing is buffered (async) it sends RECEIVING_RESPONSE and returns 997 (it
/// pends); REQUEST_COMPLETE then carries {1, count} (the count in dwError, as WinInet does) and
/// `*out_available` is written, so it must stay valid until then. A sync session blocks instead.
/// Errors: 6, 12018, 12019, 12030, 12152, 12002, 12017.
#[no_mangle]
pub unsafe extern "C" fn rinet_query_data_available(
    request: rinet_handle,
    out_available: *mut u32,
    _flags: u32,
    _context: usize,
) -> u32 {
    guard(|| {
        // SAFETY: NULL or a writable DWORD that stays valid until the query completes (WinInet's
        // rule for the caller).
        let out = unsafe { Out::new(out_available) };
        out.set(0);
        let (done, v) = run_op(request as HandleId, false, |sh, st, h| {
            engine::query_data_available(sh, st, h, out)
        })?;
        if let Some(v) = v {
            out.set(v);
        }
        Ok(done)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, offset_of};

    #[test]
    fn the_three_buffers_share_one_layout() {
        macro_rules! same {
            ($t:ty, $g:ty) => {
                assert_eq!(size_of::<$t>(), size_of::<$g>());
                assert_eq!(align_of::<$t>(), align_of::<$g>());
                assert_eq!(offset_of!($t, lpcszHeader), offset_of!($g, lpcszHeader));
                assert_eq!(
                    offset_of!($t, dwHeadersLength),
                    offset_of!($g, dwHeadersLength)
                );
                assert_eq!(offset_of!($t, lpvBuffer), offset_of!($g, lpvBuffer));
                assert_eq!(offset_of!($t, dwBufferTotal), offset_of!($g, dwBufferTotal));
                assert_eq!(offset_of!($t, dwOffsetHigh), offset_of!($g, dwOffsetHigh));
            };
        }
        same!(rinet_buffers, BuffersOf<u8>);
        same!(rinet_buffers_w16, BuffersOf<u16>);
        same!(rinet_buffers_w32, BuffersOf<u32>);
    }
}
