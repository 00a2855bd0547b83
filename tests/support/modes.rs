// SPDX-License-Identifier: MIT OR Apache-2.0
//! The three kinds of session a test runs its checks in, the thread that runs a driven one as
//! an application's event loop would, and a status callback that records what each request
//! is told.

use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use rinet::ffi::callback::rinet_async_result;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;

/// How a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A synchronous session: every call blocks.
    Sync,
    /// An asynchronous session run by rinet's reactor thread.
    Thread,
    /// An asynchronous session run by the test's own thread (RINET_FLAG_DRIVEN), see
    /// [`Driver`].
    Driven,
}

/// Every mode, in the order tests run them.
pub const MODES: [Mode; 3] = [Mode::Sync, Mode::Thread, Mode::Driven];

impl Mode {
    /// The rinet_open flags of a session of this mode.
    pub fn flags(self) -> u32 {
        match self {
            Mode::Sync => 0,
            Mode::Thread => RINET_FLAG_ASYNC,
            Mode::Driven => RINET_FLAG_ASYNC | RINET_FLAG_DRIVEN,
        }
    }
}

/// The thread that runs a driven session: it waits on the session's descriptor (at most as
/// long as rinet_session_timeout_ms allows) and calls rinet_session_process, until stopped
/// (dropped) or until the session is gone.
pub struct Driver {
    stop: Arc<AtomicBool>,
    wake: [i32; 2],
    thread: Option<JoinHandle<()>>,
}

impl Driver {
    pub fn start(session: rinet_handle) -> Driver {
        let mut fd = -1;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_session_fd(session, &mut fd) }, 0);
        let mut wake = [-1i32; 2];
        // SAFETY: pipe writes two descriptors into the array.
        assert_eq!(unsafe { libc::pipe(wake.as_mut_ptr()) }, 0);
        let stop = Arc::new(AtomicBool::new(false));
        let (session, flag, wake_read) = (session as usize, Arc::clone(&stop), wake[0]);
        let thread = thread::spawn(move || {
            let session = session as rinet_handle;
            while !flag.load(Ordering::SeqCst) {
                let mut ms = 0u32;
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                if unsafe { rinet_session_timeout_ms(session, &mut ms) } != 0 {
                    return;
                }
                let mut fds = [fd, wake_read].map(|fd| libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                });
                let wait = if ms == u32::MAX {
                    -1
                } else {
                    ms.min(60_000) as i32
                };
                // SAFETY: two valid pollfd entries.
                unsafe { libc::poll(fds.as_mut_ptr(), 2, wait) };
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                if unsafe { rinet_session_process(session, 0, null_mut()) } != 0 {
                    return;
                }
            }
        });
        Driver {
            stop,
            wake,
            thread: Some(thread),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // SAFETY: one byte to the pipe's write end; both ends are closed once the thread that
        // polls the read end has ended.
        unsafe { libc::write(self.wake[1], b"x".as_ptr() as *const c_void, 1) };
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        // SAFETY: the descriptors came from pipe() and nothing uses them any more.
        unsafe {
            libc::close(self.wake[0]);
            libc::close(self.wake[1]);
        }
    }
}

/// The longest wait for a notification. Only a broken test reaches it.
const STALL: std::time::Duration = std::time::Duration::from_secs(60);

/// (context, status) of every notification [`record`] saw and [`take_statuses`] has not taken,
/// all tests of the binary together.
static NOTES: Mutex<Vec<(usize, u32)>> = Mutex::new(Vec::new());
/// (context, dwError) of every REQUEST_COMPLETE [`wait_complete`] has not taken.
static COMPLETES: Mutex<Vec<(usize, u32)>> = Mutex::new(Vec::new());
static ARRIVED: Condvar = Condvar::new();
/// Request contexts: unique across the tests of a binary, which run in parallel.
static NEXT_CTX: AtomicUsize = AtomicUsize::new(1000);

/// A context no other request of this test binary has.
pub fn next_context() -> usize {
    NEXT_CTX.fetch_add(1, Ordering::SeqCst)
}

/// A status callback that records every notification by context.
pub extern "C" fn record(_h: rinet_handle, ctx: usize, status: u32, info: *mut c_void, _len: u32) {
    NOTES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((ctx, status));
    if status == 100 {
        // SAFETY: REQUEST_COMPLETE carries an INTERNET_ASYNC_RESULT, valid during the call.
        let r = unsafe { &*(info as *const rinet_async_result) };
        COMPLETES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((ctx, r.dwError));
    }
    ARRIVED.notify_all();
}

/// Wait for the next REQUEST_COMPLETE of context `ctx` and take it: its dwError.
pub fn wait_complete(ctx: usize) -> u32 {
    let deadline = Instant::now() + STALL;
    let mut completes = COMPLETES.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if let Some(i) = completes.iter().position(|n| n.0 == ctx) {
            return completes.remove(i).1;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no REQUEST_COMPLETE for context {ctx}");
        completes = ARRIVED
            .wait_timeout(completes, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}

/// Wait until context `ctx` has had a notification `status` (it is not taken).
pub fn wait_status(ctx: usize, status: u32) {
    let deadline = Instant::now() + STALL;
    let mut notes = NOTES.lock().unwrap_or_else(|e| e.into_inner());
    while !notes.contains(&(ctx, status)) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no status {status} for context {ctx}");
        notes = ARRIVED
            .wait_timeout(notes, left)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}

/// The statuses recorded for context `ctx` so far, in order; they are taken.
pub fn take_statuses(ctx: usize) -> Vec<u32> {
    let mut notes = NOTES.lock().unwrap_or_else(|e| e.into_inner());
    let mine = notes.iter().filter(|n| n.0 == ctx).map(|n| n.1).collect();
    notes.retain(|n| n.0 != ctx);
    mine
}
