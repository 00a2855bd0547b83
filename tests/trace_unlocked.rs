// SPDX-License-Identifier: MIT OR Apache-2.0
//! The trace callback runs with no rinet lock held, so it may call rinet: here it queries an
//! option of the session handle (which looks the handle up in the handle table and takes the
//! session's lock) and rinet_live_handles on every line, while a GET runs to its end against
//! the test server, in a synchronous session, an asynchronous one run by rinet's reactor
//! thread, and a driven one.
//!
//! A callback run under the session's lock would deadlock on its first line: the request runs
//! on a thread of its own and a watchdog fails the test after 60 s. Once it has finished, the
//! request's notification lines must be complete (every notification the status callback got
//! was traced) and in order: each thread's lines in the order of the notifications, the
//! SENDING_REQUEST line delivered before the server answers (the request waits at a gate until
//! the test has seen that line), and the lines of the answer after it.
//!
//! The trace level is process-wide, so the tests of this binary run one at a time.

mod support;

use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use rinet::ffi::info::rinet_set_trace;
use rinet::ffi::options::{rinet_query_option, rinet_set_option, RINET_OPTION_CONNECT_TIMEOUT};
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::modes::{next_context, record, take_statuses, wait_complete, Driver, Mode};
use support::server::TestServer;

const PENDING: u32 = 997;
/// The session's connect timeout, which the trace callback reads back.
const MARK_MS: u32 = 43_210;
/// The body the request gets (`/bytes/<n>`).
const BODY: usize = 3000;
/// The watchdog: a request that has not finished by then is deadlocked.
const DEADLOCK: Duration = Duration::from_secs(60);

/// One test at a time: the trace callback is process-wide.
static SERIAL: Mutex<()> = Mutex::new(());
/// The session whose option the trace callback queries (0: none).
static SESSION: AtomicUsize = AtomicUsize::new(0);
/// Queries made from the trace callback that read the session's connect timeout back.
static QUERIES_OK: AtomicUsize = AtomicUsize::new(0);
/// rinet_live_handles as the trace callback last saw it.
static LIVE_SEEN: AtomicUsize = AtomicUsize::new(0);
/// The lines the trace callback got: (thread, line).
static LINES: Mutex<Vec<(ThreadId, String)>> = Mutex::new(Vec::new());
static LINE_ADDED: Condvar = Condvar::new();

extern "C" fn trace_callback(_level: u32, line: *const c_char, _user: *mut c_void) {
    // SAFETY: rinet passes a NUL-terminated line valid during the call.
    let text = unsafe { CStr::from_ptr(line) }
        .to_string_lossy()
        .into_owned();
    let session = SESSION.load(Ordering::SeqCst);
    if session != 0 {
        let mut v = 0u32;
        let mut len = 4u32;
        // SAFETY: arguments as the C contract asks (a handle value, a 4-byte buffer). The
        // session may be closing: a stale value fails with ERROR_INVALID_HANDLE.
        let rc = unsafe {
            rinet_query_option(
                session as rinet_handle,
                RINET_OPTION_CONNECT_TIMEOUT,
                &mut v as *mut u32 as *mut c_void,
                &mut len,
            )
        };
        if rc == 0 && v == MARK_MS {
            QUERIES_OK.fetch_add(1, Ordering::SeqCst);
        }
        // SAFETY: no arguments.
        LIVE_SEEN.store(unsafe { rinet_live_handles() } as usize, Ordering::SeqCst);
    }
    LINES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((thread::current().id(), text));
    LINE_ADDED.notify_all();
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// Wait until the trace callback got a line that contains `needle`; false after `deadline`.
fn wait_line(needle: &str, deadline: Instant) -> bool {
    let mut lines = LINES.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if lines.iter().any(|(_, l)| l.contains(needle)) {
            return true;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        lines = LINE_ADDED
            .wait_timeout(lines, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}

/// What a call that may pend came to: its own result, or its REQUEST_COMPLETE's error.
fn finish(mode: Mode, ctx: usize, rc: u32) -> u32 {
    if mode != Mode::Sync && rc == PENDING {
        wait_complete(ctx)
    } else {
        rc
    }
}

/// The whole request, on the thread that runs it: open a session of `mode`, GET `path` with
/// context `ctx`, read the body to its end, close everything. Returns the bytes read.
fn workload(mode: Mode, port: u16, path: &str, ctx: usize) -> usize {
    let mut session = null_mut();
    let agent = cstr("rinet-trace-unlocked");
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open(
                agent.as_ptr(),
                1,
                null(),
                null(),
                mode.flags(),
                &mut session,
            )
        },
        0
    );
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_status_callback(session, Some(record), null_mut()) },
        0
    );
    let mut mark = MARK_MS;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                session,
                RINET_OPTION_CONNECT_TIMEOUT,
                &mut mark as *mut u32 as *mut c_void,
                4,
            )
        },
        0
    );
    SESSION.store(session as usize, Ordering::SeqCst);
    let driver = (mode == Mode::Driven).then(|| Driver::start(session));
    let host = cstr("127.0.0.1");
    let mut connect = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_connect(
                session,
                host.as_ptr(),
                port,
                null(),
                null(),
                3,
                0,
                next_context(),
                &mut connect,
            )
        },
        0
    );
    let path = cstr(path);
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                connect,
                null(),
                path.as_ptr(),
                null(),
                null(),
                null(),
                0,
                ctx,
                &mut r,
            )
        },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
    assert_eq!(finish(mode, ctx, rc), 0, "{mode:?}: the send");
    let mut total = 0usize;
    let mut buf = vec![0u8; 1024];
    loop {
        // The count is written at completion when the read pends: it lives on the heap until
        // then.
        let mut n = Box::new(0u32);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(
                r,
                buf.as_mut_ptr() as *mut c_void,
                buf.len() as u32,
                &mut *n,
            )
        };
        assert_eq!(finish(mode, ctx, rc), 0, "{mode:?}: a read");
        if *n == 0 {
            break;
        }
        total += *n as usize;
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    SESSION.store(0, Ordering::SeqCst);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(session) }, 0);
    drop(driver);
    total
}

/// The notification name of a trace line of context `ctx`
/// (`handle 0x.. ctx 0x..: NAME ...`), if it is one.
fn note_name(line: &str, ctx: usize) -> Option<String> {
    let rest = line.split_once(&format!(" ctx {ctx:#x}: "))?.1;
    Some(rest.split(' ').next().unwrap_or("").to_string())
}

/// The name the trace gives an INTERNET_STATUS_* code.
fn status_name(status: u32) -> &'static str {
    match status {
        10 => "RESOLVING_NAME",
        11 => "NAME_RESOLVED",
        20 => "CONNECTING_TO_SERVER",
        21 => "CONNECTED_TO_SERVER",
        30 => "SENDING_REQUEST",
        31 => "REQUEST_SENT",
        40 => "RECEIVING_RESPONSE",
        41 => "RESPONSE_RECEIVED",
        50 => "CLOSING_CONNECTION",
        51 => "CONNECTION_CLOSED",
        60 => "HANDLE_CREATED",
        70 => "HANDLE_CLOSING",
        100 => "REQUEST_COMPLETE",
        110 => "REDIRECT",
        _ => "STATUS",
    }
}

/// True when `part` is `whole` with some elements left out (order kept).
fn is_subsequence(part: &[String], whole: &[String]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| w == p))
}

fn run(mode: Mode) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    LINES.lock().unwrap_or_else(|e| e.into_inner()).clear();
    QUERIES_OK.store(0, Ordering::SeqCst);
    LIVE_SEEN.store(0, Ordering::SeqCst);
    let server = TestServer::start();
    let ctx = next_context();
    let gate = format!("unlocked{ctx}");
    let path = format!("/gate/{gate}/bytes/{BODY}");
    // SAFETY: a callback that stays valid for the process; no user pointer.
    assert_eq!(
        unsafe { rinet_set_trace(3, Some(trace_callback), null_mut()) },
        0
    );
    let (tx, rx) = mpsc::channel();
    let port = server.port();
    thread::spawn(move || {
        let _ = tx.send(workload(mode, port, &path, ctx));
    });
    // The server holds the answer until the request's SENDING_REQUEST line has reached the
    // callback: every line of the answer is produced after it.
    let deadline = Instant::now() + DEADLOCK;
    let sending = format!("ctx {ctx:#x}: SENDING_REQUEST");
    assert!(
        wait_line(&sending, deadline),
        "{mode:?}: deadlock: no SENDING_REQUEST line within {DEADLOCK:?} (a trace callback \
         that calls rinet must not run under a rinet lock)"
    );
    server.open_gate(&gate);
    let got = match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(got) => got,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "{mode:?}: deadlock: the GET did not finish within {DEADLOCK:?} with a trace \
             callback that calls rinet"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("{mode:?}: the thread running the GET failed")
        }
    };
    // SAFETY: no callback, no user pointer.
    unsafe { rinet_set_trace(0, None, null_mut()) };
    assert_eq!(got, BODY, "{mode:?}: the whole body");
    assert!(
        QUERIES_OK.load(Ordering::SeqCst) > 0,
        "{mode:?}: the trace callback read the session's option back"
    );
    assert!(
        LIVE_SEEN.load(Ordering::SeqCst) > 0,
        "{mode:?}: the trace callback saw live handles"
    );

    let delivered: Vec<String> = take_statuses(ctx)
        .into_iter()
        .map(|s| status_name(s).to_string())
        .collect();
    let lines = LINES.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let traced: Vec<(ThreadId, String)> = lines
        .iter()
        .filter_map(|(t, l)| note_name(l, ctx).map(|n| (*t, n)))
        .collect();
    let names: Vec<String> = traced.iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(
        delivered.first().map(String::as_str),
        Some("HANDLE_CREATED"),
        "{mode:?}: {delivered:?}"
    );
    assert_eq!(
        delivered.last().map(String::as_str),
        Some("HANDLE_CLOSING"),
        "{mode:?}: {delivered:?}"
    );
    // Complete: every notification the status callback got was traced, once.
    let (mut a, mut b) = (names.clone(), delivered.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "{mode:?}: traced {names:?}, delivered {delivered:?}");
    // In order: each thread's lines in the order of the notifications.
    let threads: Vec<ThreadId> = traced.iter().map(|(t, _)| *t).collect();
    for t in &threads {
        let mine: Vec<String> = traced
            .iter()
            .filter(|(u, _)| u == t)
            .map(|(_, n)| n.clone())
            .collect();
        assert!(
            is_subsequence(&mine, &delivered),
            "{mode:?}: one thread's lines {mine:?} out of the order of {delivered:?}"
        );
    }
    // The answer's lines come after SENDING_REQUEST's.
    let at = |name: &str| names.iter().position(|n| n == name);
    let sent = at("SENDING_REQUEST").expect("a SENDING_REQUEST line");
    let received = at("RESPONSE_RECEIVED").expect("a RESPONSE_RECEIVED line");
    assert!(sent < received, "{mode:?}: {names:?}");
    if mode != Mode::Sync {
        let complete = at("REQUEST_COMPLETE").expect("a REQUEST_COMPLETE line");
        assert!(received < complete, "{mode:?}: {names:?}");
    }
    assert_eq!(
        names.last().map(String::as_str),
        Some("HANDLE_CLOSING"),
        "{mode:?}: {names:?}"
    );
    // The state changes and the heads of the request were traced too.
    let request_lines: Vec<&String> = lines
        .iter()
        .map(|(_, l)| l)
        .filter(|l| l.starts_with("> ") || l.starts_with("< ") || l.contains(": STATE: "))
        .collect();
    assert!(
        request_lines.iter().any(|l| l.starts_with("> GET /gate/")),
        "{mode:?}: the request head: {lines:?}"
    );
    assert!(
        request_lines.iter().any(|l| *l == "< HTTP/1.1 200 OK"),
        "{mode:?}: the response head: {lines:?}"
    );
}

#[test]
fn sync_session_trace_callback_calls_rinet() {
    run(Mode::Sync);
}

#[test]
fn thread_session_trace_callback_calls_rinet() {
    run(Mode::Thread);
}

#[test]
fn driven_session_trace_callback_calls_rinet() {
    run(Mode::Driven);
}
