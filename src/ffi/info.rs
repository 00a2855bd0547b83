// SPDX-License-Identifier: MIT OR Apache-2.0
//! Explaining outcomes: error text, the last response's status line, and tracing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, c_void, CString};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::thread::ThreadId;

use super::args::{self, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use super::handles;
use crate::error::Error;
use crate::reactor::HandleId;

/// One thread's last response information: for a response, (0, its status line); for a request
/// that failed, (its code, the failure's detail in words, e.g. "Failed to connect to 127.0.0.1
/// port 1 after 0 ms: Connection refused"). `seq` orders records made on different threads.
#[derive(Clone, Default)]
struct Record {
    seq: u64,
    error: u32,
    text: String,
}

static SEQ: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's record.
    static LAST_RESPONSE: RefCell<Record> = RefCell::new(Record::default());
}

/// Records for a thread made on another one: how an operation ended, for the thread that
/// started it, which takes the record on its next rinet_get_last_response_info when it is newer
/// than its own.
static POSTED: Mutex<Option<HashMap<ThreadId, Record>>> = Mutex::new(None);

/// Most records kept for other threads (threads that never read theirs, or have ended).
const MAX_POSTED: usize = 1024;

/// Record (error, text) for this thread, and for `starter` when that is another thread.
fn record(error: u32, text: String, starter: Option<ThreadId>) {
    let rec = Record {
        seq: SEQ.fetch_add(1, Ordering::Relaxed),
        error,
        text,
    };
    let me = std::thread::current().id();
    if let Some(t) = starter.filter(|&t| t != me) {
        let mut posted = POSTED.lock().unwrap_or_else(|e| e.into_inner());
        let map = posted.get_or_insert_with(HashMap::new);
        if map.len() >= MAX_POSTED && !map.contains_key(&t) {
            // Forget the older half.
            let mut seqs: Vec<u64> = map.values().map(|r| r.seq).collect();
            seqs.sort_unstable();
            let cut = seqs[seqs.len() / 2];
            map.retain(|_, r| r.seq > cut);
        }
        map.insert(t, rec.clone());
    }
    LAST_RESPONSE.with(|l| *l.borrow_mut() = rec);
}

/// Remember how request `h`'s operation ended (`error` 0: it succeeded) as the last response
/// information of this thread and of the thread that started the operation: the status line of
/// its response, or the failure's detail.
pub(crate) fn note_completion(h: HandleId, error: u32) {
    let Ok(entry) = handles::lookup(h) else {
        return;
    };
    let mut st = entry.session.lock();
    let info = st.req(h).and_then(|r| {
        let starter = r.started_by;
        if error != 0 {
            let text = match &r.detail {
                Some((e, text)) if e.code() == error => text.clone(),
                _ => crate::error::message(error).to_string(),
            };
            return Some((error, text, starter));
        }
        match (&r.resp, r.error) {
            (_, Some(e)) => Some((e.code(), r.failure_text(e), starter)),
            (Some(resp), None) => Some((0, resp.status_line(), starter)),
            (None, None) => None,
        }
    });
    drop(st);
    if let Some((error, text, starter)) = info {
        record(error, text, starter);
    }
}

/// A call on request `h` failed at once with `e`: when that is the request's failure (rinet
/// recorded its detail), remember the detail as this thread's last response information.
/// Errors of the call itself (a bad argument, the wrong state) leave it as it was.
pub(crate) fn note_failure(h: HandleId, e: Error) {
    let Ok(entry) = handles::lookup(h) else {
        return;
    };
    let mut st = entry.session.lock();
    let text = st
        .req(h)
        .and_then(|r| r.detail.as_ref().filter(|d| d.0 == e).map(|d| d.1.clone()));
    drop(st);
    if let Some(text) = text {
        record(e.code(), text, None);
    }
}

/// This thread's last response information: its own record, or a newer one another thread
/// made for it.
fn last_record() -> Record {
    let me = std::thread::current().id();
    let posted = POSTED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_mut()
        .and_then(|m| m.remove(&me));
    LAST_RESPONSE.with(|l| {
        let mut l = l.borrow_mut();
        if let Some(p) = posted.filter(|p| p.seq > l.seq) {
            *l = p;
        }
        l.clone()
    })
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
    crate::error::message_nul(code).as_ptr() as *const c_char
}

/// The calling thread's last response information (WinInet's InternetGetLastResponseInfoA):
/// how the last request operation this thread knows of ended. That is the last one a call on
/// this thread completed or failed, whose REQUEST_COMPLETE this thread delivered (so a status
/// callback can ask from inside REQUEST_COMPLETE), or, in an asynchronous session, that a call
/// on this thread started (asked after REQUEST_COMPLETE has been delivered elsewhere).
///
/// - For a response: its status line, e.g. "HTTP/1.1 404 Not Found", and error 0.
/// - For a failure: the error code and what went wrong in words, naming the server, as
///   ERROR_INTERNET_EXTENDED_ERROR's text does, e.g. "Failed to connect to 127.0.0.1 port 1
///   after 0 ms: Connection refused", "TLS handshake with localhost port 443 failed: certificate
///   check failed: dates (expired: not valid after 2001-01-01 00:00:00 UTC)", "Timed out after
///   500 ms while waiting for the response head from 127.0.0.1 port 8080 (the receive
///   timeout)". rinet_strerror gives the code's general text.
///
/// A call that fails by itself (a bad argument, a handle in the wrong state) changes nothing.
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
    let Record { error, text, .. } = last_record();
    if !out_error.is_null() {
        // SAFETY: non-NULL, writable DWORD.
        unsafe { out_error.write_unaligned(error) };
    }
    // SAFETY: `buffer_len` is non-NULL; `buffer` is NULL or holds `*buffer_len` characters.
    unsafe { args::put_text::<E>(args::CHARS, buffer, buffer_len, &E::encode(&text)) }
}

/// A trace line receiver: `level` (1 notifications and failures, 2 state changes, connections,
/// TLS sessions and certificate checks, 3 wire heads), the line
/// (NUL-terminated, valid during the call only), and the `user` pointer given to rinet_set_trace.
/// It runs on the rinet thread (or the application's thread inside a rinet call) that produced
/// the line, with no rinet lock held, so it may call rinet functions that return at once
/// (rinet_live_handles, rinet_query_option on a handle, rinet_set_trace, ...); the lines those
/// calls produce come after it returns. Each thread's lines come in the order it produced them;
/// lines of different threads may come in another order than their events.
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
/// - `level`: 0 off, 1 notifications (also those of handles with no callback or context 0,
///   marked as not delivered) and failures (code, name, reason), 2 also request state changes,
///   connections (number, peer, new or reused, closed), TLS sessions (version, cipher suite,
///   ALPN, certificate subject, issuer and dates) and certificate checks, 3 also request and
///   response heads, with the values of Authorization, Proxy-Authorization, Cookie and
///   Set-Cookie masked. Bodies are never traced. Values above 3 mean 3.
/// - `callback`: receives each line on whichever rinet thread produced it (see
///   rinet_trace_callback); NULL writes lines to stderr, each prefixed "rinet: ".
/// - `user`: passed to `callback` as it is; rinet never dereferences it. It must stay valid
///   until tracing is set again.
///
/// Takes effect at once for every session. Runs on the calling thread; never pends; never fails
/// (returns 0). Lines already being written when it is called may still reach the previous
/// callback. Lines produced before it and written after it (a thread writes its lines once it
/// holds no rinet lock) go where it says, or nowhere when it lowers the level below theirs.
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
