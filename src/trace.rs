// SPDX-License-Identifier: MIT OR Apache-2.0
//! Tracing: notifications, state changes and wire heads, like `curl -v`.
//!
//! Off by default. `RINET_TRACE=1` (notifications and failures), `2` (and state changes,
//! connections and TLS sessions), `3` (and request and response heads) turn it on, read when the first session opens; rinet_set_trace sets the
//! level and routes lines to the application instead of stderr. Bodies are never traced, and
//! the values of Authorization, Proxy-Authorization, Cookie and Set-Cookie headers are masked.
//! When tracing is off each trace point costs one relaxed atomic load.
//!
//! No trace line reaches the application's trace callback while the thread that produced it
//! holds a rinet lock, so that the callback may call rinet. Each thread counts the rinet locks
//! it holds ([`Held`]: the session's state lock takes one); a line for the callback produced
//! while the count is above 0 is queued on the thread, and the thread writes its queue, in
//! order, once it holds none. A line produced with no lock held is written at once. Lines the
//! callback's own rinet calls produce are written after the callback returns, not inside it,
//! so that lines never nest and each thread's lines keep the order in which it produced them.
//! Lines for stderr (no callback) are written at once, under the lock as the case may be: they
//! run no application code, and written as they are produced they keep the order of the
//! events across threads too, which is what a reader of `RINET_TRACE` output relies on.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, Once};

/// The current level: 0 off, 1 notifications and failures, 2 state changes, connections and
/// TLS, 3 wire heads.
static LEVEL: AtomicU8 = AtomicU8::new(0);
static FROM_ENV: Once = Once::new();

/// Where lines go when the application routes them: (function, user pointer).
pub type Sink = (fn(level: u32, line: &str, user: usize), usize);
static SINK: Mutex<Option<Sink>> = Mutex::new(None);

/// Read RINET_TRACE once.
pub fn init_from_env() {
    FROM_ENV.call_once(|| {
        if let Ok(v) = std::env::var("RINET_TRACE") {
            let level = v
                .trim()
                .parse::<u8>()
                .unwrap_or(if v.trim().is_empty() { 0 } else { 1 });
            LEVEL.store(level.min(3), Ordering::Relaxed);
        }
    });
}

/// Set the level and the sink (None: stderr).
pub fn set(level: u8, sink: Option<Sink>) {
    FROM_ENV.call_once(|| {});
    *SINK.lock().unwrap_or_else(|e| e.into_inner()) = sink;
    LEVEL.store(level.min(3), Ordering::Relaxed);
}

/// True when lines of `level` are wanted.
#[inline]
pub fn on(level: u8) -> bool {
    LEVEL.load(Ordering::Relaxed) >= level
}

thread_local! {
    /// The rinet locks this thread holds (see [`Held`]).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// True while this thread writes lines (its queue included): lines produced meanwhile, by
    /// the trace callback's own calls into rinet, join the queue.
    static WRITING: Cell<bool> = const { Cell::new(false) };
    /// The lines this thread produced while it held a lock or wrote lines, not yet written:
    /// (level, text).
    static QUEUE: RefCell<VecDeque<(u8, String)>> = const { RefCell::new(VecDeque::new()) };
}

/// One rinet lock held by this thread, for as long as it lives: trace lines the thread
/// produces meanwhile wait in its queue, and are written when the last such lock is released
/// (when the last `Held` of the thread is dropped, after the lock itself). A guard of a lock
/// that is held across trace points keeps one next to the lock's own guard, declared after it
/// so that the lock is released first.
pub struct Held {
    /// Bound to the thread that counted it.
    _thread: PhantomData<*const ()>,
}

impl Held {
    /// Count one more lock held by this thread.
    #[inline]
    pub fn enter() -> Held {
        DEPTH.set(DEPTH.get() + 1);
        Held {
            _thread: PhantomData,
        }
    }

    /// True when this is the only lock the thread holds and lines wait in its queue.
    pub fn last_with_lines() -> bool {
        DEPTH.get() == 1 && !WRITING.get() && has_queued()
    }
}

impl Drop for Held {
    #[inline]
    fn drop(&mut self) {
        let depth = DEPTH.get() - 1;
        DEPTH.set(depth);
        if depth == 0 && !WRITING.get() && has_queued() {
            write_queued();
        }
    }
}

/// True when lines wait in this thread's queue (false once the thread's queue is gone).
fn has_queued() -> bool {
    QUEUE.try_with(|q| !q.borrow().is_empty()).unwrap_or(false)
}

/// Clears WRITING when the thread is done writing, even if a sink panicked.
struct Writing;

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.set(false);
    }
}

/// Write the lines in this thread's queue, in order, those its sink's own calls add included.
fn write_queued() {
    WRITING.set(true);
    let _writing = Writing;
    while let Some((level, text)) = QUEUE
        .try_with(|q| q.borrow_mut().pop_front())
        .ok()
        .flatten()
    {
        // Tracing turned off, or down below the line's level, since the line was produced:
        // it is dropped, as it would have been had it come later.
        if on(level) {
            write(current_sink(), level, &text);
        }
    }
}

/// Emit one line (callers check [`on`] first, so that formatting costs nothing when off).
/// Several lines (a head) go out one per line: one callback call each, or one stderr line each
/// with the `rinet: ` prefix. Lines for the application's sink wait while this thread holds a
/// rinet lock, or writes lines already, and go out when it holds none. Lines for stderr go out
/// at once, lock held or not (they run no application code), unless this thread has lines
/// waiting, which they then follow.
pub fn emit(level: u8, text: &str) {
    let sink = current_sink();
    if sink.is_none() && !has_queued() {
        return write(None, level, text);
    }
    if DEPTH.get() > 0 || WRITING.get() {
        let queued = QUEUE.try_with(|q| q.borrow_mut().push_back((level, text.to_string())));
        if queued.is_ok() {
            return;
        }
        // The thread is ending and its queue is gone: the line goes out at once.
        return write(sink, level, text);
    }
    WRITING.set(true);
    let writing = Writing;
    write(sink, level, text);
    drop(writing);
    if has_queued() {
        write_queued();
    }
}

/// The sink set now (None: stderr).
fn current_sink() -> Option<Sink> {
    *SINK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Write one line (or several) to `sink`, or to stderr.
fn write(sink: Option<Sink>, level: u8, text: &str) {
    match sink {
        Some((f, user)) => text
            .split('\n')
            .for_each(|line| f(level as u32, line, user)),
        None => {
            use std::io::Write;
            let mut err = std::io::stderr().lock();
            for line in text.split('\n') {
                let _ = writeln!(err, "rinet: {line}");
            }
        }
    }
}

/// Emit a line at `level` if that level is on.
#[macro_export]
macro_rules! trace {
    ($level:expr, $($arg:tt)*) => {
        if $crate::trace::on($level) {
            $crate::trace::emit($level, &format!($($arg)*));
        }
    };
}

/// Trace a notification for handle `h` (context `ctx`) at level 1, as it is queued for the
/// callback, or as it is dropped because the handle has no callback or a context of 0:
/// `handle 0x100000003 ctx 0x2: REQUEST_SENT 79`,
/// `handle 0x100000003 ctx 0x0: REQUEST_SENT 79 (not delivered: context 0)`.
pub fn note(h: usize, ctx: usize, no_callback: bool, status: u32, info: &crate::reactor::Info) {
    if !on(1) {
        return;
    }
    let undelivered = if no_callback {
        " (not delivered: no callback)"
    } else if ctx == 0 {
        " (not delivered: context 0)"
    } else {
        ""
    };
    emit(
        1,
        &format!(
            "handle {h:#x} ctx {ctx:#x}: {}{}{undelivered}",
            status_name(status),
            payload(h, info)
        ),
    );
}

/// A result code with its constant's name, as the trace writes it:
/// "12029 ERROR_INTERNET_CANNOT_CONNECT" (the bare number for a code without a name).
pub fn code_text(code: u32) -> String {
    match crate::error::name(code) {
        "" => code.to_string(),
        name => format!("{code} {name}"),
    }
}

/// A notification's payload as the trace shows it: nothing (NULL), a number, a quoted string,
/// the handle (HANDLE_CREATED, HANDLE_CLOSING), or REQUEST_COMPLETE's result and error, with
/// the error's name when the operation failed.
fn payload(h: usize, info: &crate::reactor::Info) -> String {
    use crate::reactor::Info;
    match info {
        Info::None => String::new(),
        Info::Dword(v) => format!(" {v}"),
        Info::Text(s) => format!(" \"{}\"", s.escape_debug()),
        Info::Created | Info::Closing => format!(" {h:#x}"),
        Info::Result { result: 0, error } => format!(" result 0, error {}", code_text(*error)),
        Info::Result { result: 1, error } => format!(" result 1, error {error}"),
        Info::Result { result, error } => format!(" result {result:#x}, error {error}"),
    }
}

/// The name of an INTERNET_STATUS_* code.
pub fn status_name(status: u32) -> &'static str {
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

/// A request or response head as trace lines, with credentials and cookies masked.
pub fn head_lines(prefix: &str, head: &[u8]) -> String {
    let text = String::from_utf8_lossy(head);
    let mut out = String::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let masked = match line.split_once(':') {
            Some((name, _))
                if [
                    "authorization",
                    "proxy-authorization",
                    "cookie",
                    "set-cookie",
                ]
                .iter()
                .any(|n| name.trim().eq_ignore_ascii_case(n)) =>
            {
                format!("{name}: ***")
            }
            _ => line.to_string(),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(prefix);
        out.push_str(&masked);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines the test sink got: (thread, line).
    static GOT: Mutex<Vec<(std::thread::ThreadId, String)>> = Mutex::new(Vec::new());

    /// A sink that records each line, and produces lines of its own as a trace callback's calls
    /// into rinet would: one under a lock for "b", one with no lock for "c".
    fn recording_sink(_level: u32, line: &str, _user: usize) {
        GOT.lock()
            .unwrap()
            .push((std::thread::current().id(), line.to_string()));
        if line == "b" {
            let _lock = Held::enter();
            emit(1, "nested under a lock");
        }
        if line == "c" {
            emit(1, "nested");
        }
    }

    /// The lines this thread's emits wrote to the test sink (other tests' lines are left out).
    fn mine() -> Vec<String> {
        let me = std::thread::current().id();
        GOT.lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| *t == me)
            .map(|(_, l)| l.clone())
            .collect()
    }

    #[test]
    fn lines_wait_for_the_last_lock_and_keep_their_order() {
        set(3, Some((recording_sink, 0)));
        emit(1, "a");
        assert_eq!(mine(), ["a"], "with no lock held a line goes out at once");
        {
            let _outer = Held::enter();
            emit(1, "b");
            {
                let _inner = Held::enter();
                emit(2, "c\nd");
            }
            assert_eq!(mine(), ["a"], "nothing is written while a lock is held");
        }
        assert_eq!(
            mine(),
            ["a", "b", "c", "d", "nested under a lock", "nested"],
            "written in order once no lock is held, the sink's own lines after the others"
        );
        {
            let _lock = Held::enter();
            emit(3, "> GET / HTTP/1.1");
            emit(1, "note");
            set(1, Some((recording_sink, 0)));
        }
        set(0, None);
        assert_eq!(
            mine()[6..],
            ["note"],
            "a line whose level was turned off while it waited is dropped"
        );
    }

    #[test]
    fn heads_are_masked() {
        let t = head_lines(
            "> ",
            b"GET / HTTP/1.1\r\nAuthorization: Basic c2VjcmV0\r\nCookie: a=1\r\nX: y\r\n\r\n",
        );
        assert!(!t.contains("c2VjcmV0") && !t.contains("a=1"));
        assert!(t.contains("> Authorization: ***") && t.contains("> X: y"));
    }

    #[test]
    fn payloads_in_words() {
        use crate::reactor::Info;
        assert_eq!(payload(7, &Info::None), "");
        assert_eq!(payload(7, &Info::Dword(79)), " 79");
        assert_eq!(payload(7, &Info::Text("a\"b\n".into())), " \"a\\\"b\\n\"");
        assert_eq!(payload(0x10, &Info::Created), " 0x10");
        assert_eq!(
            payload(
                7,
                &Info::Result {
                    result: 0,
                    error: 12029
                }
            ),
            " result 0, error 12029 ERROR_INTERNET_CANNOT_CONNECT"
        );
        assert_eq!(
            payload(
                7,
                &Info::Result {
                    result: 1,
                    error: 0
                }
            ),
            " result 1, error 0"
        );
        assert_eq!(code_text(12030), "12030 ERROR_INTERNET_CONNECTION_ABORTED");
        assert_eq!(code_text(54321), "54321");
    }
}
