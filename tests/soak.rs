// SPDX-License-Identifier: MIT OR Apache-2.0
//! Load and soak: many requests over 256 concurrent request handles of one asynchronous
//! session, driven through rinet's C API the way a C application drives it: every call after
//! the start is made from inside status callbacks (reads from REQUEST_COMPLETE, the next request
//! from HANDLE_CLOSING), and a canceller thread closes handles from outside.
//!
//! - `RINET_SOAK_REQUESTS` (default 20,000) requests in all; each of the 256 lanes runs one
//!   request at a time and starts the next when the previous one's HANDLE_CLOSING arrives.
//! - The mix, against the test server: GETs of `/bytes/<n>` and `/chunked/<n>/<k>` (bodies
//!   checked byte for byte), POSTs to `/upload` (the reply checks the body the server got), and
//!   `/status/<code>` (the status code and body checked).
//! - 2% are cancelled at random points: closed by the canceller thread a random moment after
//!   their send pended (on `/hold/300`) or after a read pended (on a body that pauses for
//!   200 ms after its first 1000 bytes); some closes come after the request ended.
//! - 2% hit injected server faults (tests/support/faulty.rs): a garbage status line, a body cut
//!   short, a reset mid-body, a close without an answer, a bad chunk size. Each must fail with a
//!   WinInet error; none may succeed.
//!
//! Checks: every request handle got exactly one HANDLE_CLOSING; every call that returned 997
//! got exactly one REQUEST_COMPLETE (and no other call got one); every request that was neither
//! cancelled nor faulty succeeded with the right body; `rinet_live_handles()` returns to 0 once
//! the session is closed; and resident memory (VmRSS) does not grow from the first half of the
//! run to the second by more than [`RSS_MARGIN_KIB`] (or 10%, if that is more), nor the live
//! heap by more than [`HEAP_MARGIN_KIB`]. The servers run in a child process (this binary,
//! re-run), so that their memory stays out of the figures.
//!
//! `RINET_SOAK_SEED` picks the random sequence (the seed used is printed). The long run:
//! `RINET_SOAK_REQUESTS=1000000 cargo test --release --test soak -- --nocapture`.

mod support;

use std::ffi::{c_void, CString};
use std::ptr::null;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use rinet::ffi::callback::rinet_async_result;
use rinet::ffi::options::rinet_set_option;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::faulty::{self, FaultyServer};
use support::server::{self, TestServer};

/// Request handles open at once.
const LANES: usize = 256;
/// Requests when `RINET_SOAK_REQUESTS` is not set.
const DEFAULT_REQUESTS: usize = 20_000;
/// Bytes asked for by each InternetReadFile.
const READ_CHUNK: usize = 16 * 1024;
/// Largest upload body.
const MAX_UPLOAD: usize = 16 * 1024;

/// How much VmRSS may grow from the first half's sample to the second's. The servers run in a
/// child process, so the figure is rinet's and this test's. It still moves without a leak:
/// glibc keeps freed memory in per-thread arenas (the reactor's, the canceller's) and returns it
/// to the system only from the top of a heap, and each sample catches 256 requests in flight
/// at different points (connection buffers, responses being parsed). That is a few MiB at most;
/// 8 MiB still catches a leak of 840 bytes per request at the default size (10,000 requests in
/// the second half) and of 17 bytes per request at 1,000,000 requests.
const RSS_MARGIN_KIB: u64 = 8 * 1024;

/// How much the live heap (bytes allocated and not freed, counted by [`Counting`]) may grow
/// from the first half's sample to the second's. It has no allocator slack, only what is in
/// flight at each moment, and a warm-up: over the first 30 seconds of a run it climbs by about
/// 1 MiB and then stays flat (3,000,000 requests in 150 s: within 0.5 MiB from 30 s on). With
/// the send, receive and connect timeouts cut to 5 s the climb ends at 5 s instead: it is state
/// rinet keeps for as long as its timeouts (timer entries, most likely), not a leak. 2 MiB
/// covers it and still catches a leak of 210 bytes per request at the default size and of 4
/// bytes per request at 1,000,000 requests.
const HEAP_MARGIN_KIB: u64 = 2 * 1024;

const STATUS_HANDLE_CLOSING: u32 = 70;
const STATUS_REQUEST_COMPLETE: u32 = 100;
const HTTP_QUERY_STATUS_CODE: u32 = 19;
const HTTP_QUERY_FLAG_NUMBER: u32 = 0x2000_0000;
const ERROR_INVALID_HANDLE: u32 = 6;
const ERROR_IO_PENDING: u32 = 997;
const ERROR_OPERATION_CANCELLED: u32 = 12017;

/// Contexts: a request's is `(index + 1) << 9 | lane`; the low 9 bits of the others are 256 and
/// up, which no lane has.
const LANE_BITS: u32 = 9;
const LANE_MASK: usize = (1 << LANE_BITS) - 1;
const CTX_SESSION: usize = 256;
const CTX_CONNECT: usize = 257;
const CTX_FAULTY_CONNECT: usize = 258;
const CTX_STARTER: usize = 259;

/// What one request does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// GET /bytes/<n>.
    Bytes(usize),
    /// GET /chunked/<n>/<k>.
    Chunked(usize, usize),
    /// POST /upload with the first <n> pattern bytes.
    Upload(usize),
    /// GET /status/<code>.
    Status(u32),
    /// GET /hold/300, closed by the canceller a moment after the send pended.
    CancelSend,
    /// GET of a body that pauses (the faulty server's `/slow/body`), closed by the canceller a
    /// moment after a read pended.
    CancelRead,
    /// GET of a fault path of the faulty server (an index into faulty::FAULTS).
    Fault(usize),
}

impl Kind {
    fn path(self) -> String {
        match self {
            Kind::Bytes(n) => format!("/bytes/{n}"),
            Kind::Chunked(n, k) => format!("/chunked/{n}/{k}"),
            Kind::Upload(_) => "/upload".into(),
            Kind::Status(code) => format!("/status/{code}"),
            Kind::CancelSend => "/hold/300".into(),
            Kind::CancelRead => faulty::SLOW_BODY.into(),
            Kind::Fault(f) => faulty::FAULTS[f].into(),
        }
    }

    fn cancelled(self) -> bool {
        matches!(self, Kind::CancelSend | Kind::CancelRead)
    }

    /// The kind as one number, for [`Rec::kind`]: a tag and up to two fields.
    fn encode(self) -> u64 {
        let (tag, a, b) = match self {
            Kind::Bytes(n) => (0, n as u64, 0),
            Kind::Chunked(n, k) => (1, n as u64, k as u64),
            Kind::Upload(n) => (2, n as u64, 0),
            Kind::Status(code) => (3, code as u64, 0),
            Kind::CancelSend => (4, 0, 0),
            Kind::CancelRead => (5, 0, 0),
            Kind::Fault(f) => (6, f as u64, 0),
        };
        (tag << 56) | (a << 24) | b
    }

    fn decode(v: u64) -> Kind {
        let (a, b) = (((v >> 24) & 0xFFFF_FFFF) as usize, (v & 0xFF_FFFF) as usize);
        match v >> 56 {
            0 => Kind::Bytes(a),
            1 => Kind::Chunked(a, b),
            2 => Kind::Upload(a),
            3 => Kind::Status(a as u32),
            4 => Kind::CancelSend,
            5 => Kind::CancelRead,
            _ => Kind::Fault(a),
        }
    }

    /// The errors a fault may end with: the WinInet codes of rinet.h for a response that cannot
    /// be parsed (12152), a connection closed before the response was complete (12030) and a
    /// reset (12031).
    fn fault_errors(self) -> &'static [u32] {
        match self {
            Kind::Fault(f) => match faulty::FAULTS[f] {
                faulty::GARBAGE => &[12152],
                faulty::TRUNCATE => &[12030],
                faulty::RESET => &[12030, 12031],
                faulty::CLOSE => &[12030, 12152],
                faulty::BAD_CHUNK => &[12152],
                _ => &[],
            },
            _ => &[],
        }
    }
}

/// What happened to one request, updated from whichever thread delivers its notifications.
struct Rec {
    /// Calls that returned 997.
    pended: AtomicU32,
    /// REQUEST_COMPLETE notifications.
    completed: AtomicU32,
    /// HANDLE_CLOSING notifications.
    closing: AtomicU32,
    /// [`Kind::encode`] of the request.
    kind: AtomicU64,
    /// [`Outcome::encode`] of how it ended; [`UNFINISHED`] until then.
    outcome: AtomicU32,
}

/// [`Rec::outcome`] of a request that has not ended.
const UNFINISHED: u32 = u32::MAX;

/// The reasons of [`Outcome::Wrong`].
const WRONG: &[&str] = &[
    "status code",
    "body length",
    "body bytes",
    "upload reply",
    "204 body",
    "status body",
    "hold body",
    "never ended",
];

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed(u32),
    /// It succeeded with the wrong response (one of [`WRONG`]).
    Wrong(&'static str),
}

impl Outcome {
    /// As one number, for [`Rec::outcome`]: 0, the error, or 0x8000_0000 and the reason.
    fn encode(self) -> u32 {
        match self {
            Outcome::Ok => 0,
            Outcome::Failed(e) => e & 0x7FFF_FFFF,
            Outcome::Wrong(why) => {
                0x8000_0000 | WRONG.iter().position(|w| *w == why).unwrap_or(0) as u32
            }
        }
    }

    fn decode(v: u32) -> Outcome {
        match v {
            0 => Outcome::Ok,
            v if v & 0x8000_0000 != 0 => Outcome::Wrong(WRONG[(v & 0xFF) as usize % WRONG.len()]),
            e => Outcome::Failed(e),
        }
    }
}

/// A lane: one request at a time.
struct Lane {
    rng: u64,
    index: usize,
    handle: usize,
    kind: Kind,
    reading: bool,
    /// The canceller was told to close this request.
    cancel_scheduled: bool,
    /// A call returned 997 and its REQUEST_COMPLETE has not come yet.
    pending: bool,
    ended: bool,
    outcome: Outcome,
    status: u32,
    received: usize,
    pattern_ok: bool,
    text: Vec<u8>,
    buf: Box<[u8]>,
    /// The count of a read; written by rinet when a pending read completes, so it stays put
    /// (boxed) and is read atomically.
    got: Box<AtomicU32>,
}

/// Everything the callback needs.
struct Soak {
    requests: usize,
    lanes: Vec<Mutex<Lane>>,
    recs: Vec<Rec>,
    connect: AtomicUsize,
    faulty_connect: AtomicUsize,
    started: AtomicUsize,
    finished: AtomicUsize,
    special_closing: [AtomicU32; 4],
    /// Notifications that broke a rule (a REQUEST_COMPLETE or HANDLE_CLOSING for a request its
    /// lane had finished with, for instance): described here, asserted by the test.
    anomalies: Mutex<Vec<String>>,
    cancel_tx: Mutex<mpsc::Sender<(Instant, usize)>>,
    upload: Vec<u8>,
}

static SOAK: OnceLock<Soak> = OnceLock::new();

/// The process's allocator, counting the bytes allocated and not yet freed: rinet and the test
/// server run in this process, so this is the heap they hold, without the allocator's own
/// slack.
struct Counting;

static HEAP_LIVE: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is kept.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract is the system allocator's.
        let p = unsafe { std::alloc::System.alloc(layout) };
        if !p.is_null() {
            HEAP_LIVE.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as above.
        unsafe { std::alloc::System.dealloc(ptr, layout) };
        HEAP_LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { std::alloc::System.alloc_zeroed(layout) };
        if !p.is_null() {
            HEAP_LIVE.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { std::alloc::System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            HEAP_LIVE.fetch_add(new_size as u64, Ordering::Relaxed);
            HEAP_LIVE.fetch_sub(layout.size() as u64, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn heap_kib() -> u64 {
    HEAP_LIVE.load(Ordering::Relaxed) / 1024
}

fn soak() -> &'static Soak {
    SOAK.get()
        .expect("the soak state is set up before the session")
}

fn anomaly(text: String) {
    let mut a = soak().anomalies.lock().unwrap();
    if a.len() < 50 {
        a.push(text);
    }
}

fn next_random(state: &mut u64) -> u64 {
    // xorshift64*
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

fn pick_kind(rng: &mut u64) -> Kind {
    let r = next_random(rng) % 10_000;
    let n = |rng: &mut u64, max: u64| (next_random(rng) % (max + 1)) as usize;
    match r {
        0..=99 => Kind::CancelSend,
        100..=199 => Kind::CancelRead,
        200..=399 => Kind::Fault(n(rng, faulty::FAULTS.len() as u64 - 1)),
        400..=1899 => Kind::Chunked(n(rng, 32 * 1024), 1 + n(rng, 4095)),
        1900..=3199 => Kind::Upload(n(rng, MAX_UPLOAD as u64)),
        3200..=3999 => Kind::Status([204, 404, 500][n(rng, 2)]),
        _ => Kind::Bytes(n(rng, 32 * 1024)),
    }
}

/// Schedules a close of `handle` by the canceller thread `delay_us` microseconds from now.
fn schedule_cancel(handle: usize, delay_us: u64) {
    let due = Instant::now() + Duration::from_micros(delay_us);
    let _ = soak().cancel_tx.lock().unwrap().send((due, handle));
}

/// Starts the lane's next request, if any is left. Called from inside a callback, with the
/// lane locked: calls made there deliver no nested callback.
fn start_next(lane_id: usize, lane: &mut Lane) {
    while !try_start(lane_id, lane) {}
}

/// Starts the next request; false when it could not be opened (the caller tries the next one).
fn try_start(lane_id: usize, lane: &mut Lane) -> bool {
    let s = soak();
    let index = s.started.fetch_add(1, Ordering::SeqCst);
    if index >= s.requests {
        lane.handle = 0;
        return true;
    }
    let kind = pick_kind(&mut lane.rng);
    lane.index = index;
    lane.kind = kind;
    lane.reading = false;
    lane.cancel_scheduled = false;
    lane.pending = false;
    lane.ended = false;
    lane.outcome = Outcome::Ok;
    lane.status = 0;
    lane.received = 0;
    lane.pattern_ok = true;
    lane.text.clear();
    let connect = if matches!(kind, Kind::Fault(_) | Kind::CancelRead) {
        s.faulty_connect.load(Ordering::SeqCst)
    } else {
        s.connect.load(Ordering::SeqCst)
    };
    let verb = CString::new(if matches!(kind, Kind::Upload(_)) {
        "POST"
    } else {
        "GET"
    })
    .unwrap();
    let path = CString::new(kind.path()).unwrap();
    let ctx = ((index + 1) << LANE_BITS) | lane_id;
    let mut h: rinet_handle = std::ptr::null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_open_request(
            connect as rinet_handle,
            verb.as_ptr(),
            path.as_ptr(),
            null(),
            null(),
            null(),
            0,
            ctx,
            &mut h,
        )
    };
    if rc != 0 {
        // No handle, so no HANDLE_CLOSING will come: count it here and go on.
        anomaly(format!("request {index}: open_request failed with {rc}"));
        s.recs[index].closing.fetch_add(1, Ordering::SeqCst);
        s.finished.fetch_add(1, Ordering::SeqCst);
        finish(index, kind, Outcome::Failed(rc));
        return false;
    }
    lane.handle = h as usize;
    let body: &[u8] = match kind {
        Kind::Upload(n) => &s.upload[..n],
        _ => &[],
    };
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_send_request(
            h,
            null(),
            0,
            body.as_ptr() as *const c_void,
            body.len() as u32,
        )
    };
    match rc {
        ERROR_IO_PENDING => {
            s.recs[index].pended.fetch_add(1, Ordering::SeqCst);
            lane.pending = true;
            if kind == Kind::CancelSend {
                let delay = next_random(&mut lane.rng) % 30_000;
                schedule_cancel(lane.handle, delay);
            }
        }
        0 => sent(lane),
        e => end(lane, Outcome::Failed(e)),
    }
    true
}

/// The send completed: check the status, then read.
fn sent(lane: &mut Lane) {
    let mut status = 0u32;
    let mut len = 4u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_query_info(
            lane.handle as rinet_handle,
            HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER,
            &mut status as *mut u32 as *mut c_void,
            &mut len,
            std::ptr::null_mut(),
        )
    };
    if rc != 0 {
        return end(lane, Outcome::Failed(rc));
    }
    lane.status = status;
    lane.reading = true;
    read_on(lane);
}

/// Reads until a read pends, the body ends or a read fails.
fn read_on(lane: &mut Lane) {
    let s = soak();
    loop {
        lane.got.store(0, Ordering::SeqCst);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(
                lane.handle as rinet_handle,
                lane.buf.as_mut_ptr() as *mut c_void,
                READ_CHUNK as u32,
                lane.got.as_ptr(),
            )
        };
        match rc {
            0 if lane.got.load(Ordering::SeqCst) == 0 => return end(lane, Outcome::Ok),
            0 => take(lane),
            ERROR_IO_PENDING => {
                s.recs[lane.index].pended.fetch_add(1, Ordering::SeqCst);
                lane.pending = true;
                if lane.kind == Kind::CancelRead && !lane.cancel_scheduled {
                    // Mostly during the body's 200 ms pause, sometimes after the request ended.
                    lane.cancel_scheduled = true;
                    let delay = next_random(&mut lane.rng) % 250_000;
                    schedule_cancel(lane.handle, delay);
                }
                return;
            }
            e => return end(lane, Outcome::Failed(e)),
        }
    }
}

/// Takes the bytes of a finished read.
fn take(lane: &mut Lane) {
    let n = lane.got.load(Ordering::SeqCst) as usize;
    let data = &lane.buf[..n];
    match lane.kind {
        Kind::Bytes(_) | Kind::Chunked(..) | Kind::CancelRead => {
            let start = lane.received;
            if lane.pattern_ok
                && data
                    .iter()
                    .enumerate()
                    .any(|(i, &b)| b != b'a' + ((start + i) % 26) as u8)
            {
                lane.pattern_ok = false;
            }
        }
        _ => {
            if lane.text.len() < 256 {
                lane.text.extend_from_slice(&data[..n.min(256)]);
            }
        }
    }
    lane.received += n;
}

/// The request is over: judge it and close its handle (its HANDLE_CLOSING starts the next).
fn end(lane: &mut Lane, outcome: Outcome) {
    if lane.ended {
        return;
    }
    lane.ended = true;
    lane.outcome = match outcome {
        Outcome::Ok => judge(lane),
        other => other,
    };
    finish(lane.index, lane.kind, lane.outcome);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_close_handle(lane.handle as rinet_handle) };
    if rc != 0 && rc != ERROR_INVALID_HANDLE {
        anomaly(format!("request {}: close failed with {rc}", lane.index));
    }
}

fn judge(lane: &Lane) -> Outcome {
    let s = soak();
    let want_status = match lane.kind {
        Kind::Status(code) => code,
        _ => 200,
    };
    if lane.status != want_status {
        return Outcome::Wrong("status code");
    }
    match lane.kind {
        Kind::Bytes(n) | Kind::Chunked(n, _) if lane.received != n => Outcome::Wrong("body length"),
        Kind::CancelRead if lane.received != faulty::SLOW_BODY_LEN => Outcome::Wrong("body length"),
        Kind::Bytes(_) | Kind::Chunked(..) | Kind::CancelRead if !lane.pattern_ok => {
            Outcome::Wrong("body bytes")
        }
        Kind::Upload(n) if lane.text != server::upload_reply(&s.upload[..n]).as_bytes() => {
            Outcome::Wrong("upload reply")
        }
        Kind::Status(204) if lane.received != 0 => Outcome::Wrong("204 body"),
        Kind::Status(code) if code != 204 && lane.text != format!("status {code}").as_bytes() => {
            Outcome::Wrong("status body")
        }
        Kind::CancelSend if lane.text != b"held" => Outcome::Wrong("hold body"),
        _ => Outcome::Ok,
    }
}

/// Records how the request ended (in its preallocated record: nothing grows with the run).
fn finish(index: usize, kind: Kind, outcome: Outcome) {
    let rec = &soak().recs[index];
    rec.kind.store(kind.encode(), Ordering::SeqCst);
    let before = rec.outcome.swap(outcome.encode(), Ordering::SeqCst);
    if before != UNFINISHED {
        anomaly(format!("request {index} ended twice"));
    }
}

fn lane_lock(lane_id: usize) -> MutexGuard<'static, Lane> {
    soak().lanes[lane_id]
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

extern "C" fn callback(h: rinet_handle, ctx: usize, status: u32, info: *mut c_void, _len: u32) {
    if status != STATUS_REQUEST_COMPLETE && status != STATUS_HANDLE_CLOSING {
        return;
    }
    let s = soak();
    let lane_id = ctx & LANE_MASK;
    if lane_id >= LANES {
        return special(h, lane_id, status);
    }
    let index = (ctx >> LANE_BITS) - 1;
    let Some(rec) = s.recs.get(index) else {
        return anomaly(format!("a notification for unknown context {ctx:#x}"));
    };
    let mut lane = lane_lock(lane_id);
    if lane.index != index || lane.handle != h as usize {
        // A lane moves on only after HANDLE_CLOSING, the last notification of a handle.
        return anomaly(format!(
            "status {status} for request {index} after its lane moved on to {}",
            lane.index
        ));
    }
    if status == STATUS_HANDLE_CLOSING {
        rec.closing.fetch_add(1, Ordering::SeqCst);
        if !lane.ended {
            // Closed by the canceller: the request ends here.
            lane.ended = true;
            lane.outcome = Outcome::Failed(ERROR_OPERATION_CANCELLED);
            let (index, kind, outcome) = (lane.index, lane.kind, lane.outcome);
            finish(index, kind, outcome);
        }
        s.finished.fetch_add(1, Ordering::SeqCst);
        return start_next(lane_id, &mut lane);
    }
    rec.completed.fetch_add(1, Ordering::SeqCst);
    if !lane.pending {
        return anomaly(format!(
            "a REQUEST_COMPLETE for request {index} with no call pending"
        ));
    }
    lane.pending = false;
    // SAFETY: REQUEST_COMPLETE carries an INTERNET_ASYNC_RESULT valid during the call.
    let result = unsafe { *(info as *const rinet_async_result) };
    if lane.ended {
        return; // the cancelled operation of a handle already closed
    }
    if result.dwResult == 0 {
        return end(&mut lane, Outcome::Failed(result.dwError));
    }
    if !lane.reading {
        return sent(&mut lane);
    }
    if lane.got.load(Ordering::SeqCst) == 0 {
        return end(&mut lane, Outcome::Ok);
    }
    take(&mut lane);
    read_on(&mut lane);
}

/// Notifications of the session, the connect handles and the starter request.
fn special(h: rinet_handle, which: usize, status: u32) {
    let s = soak();
    if status == STATUS_HANDLE_CLOSING {
        s.special_closing[which - CTX_SESSION].fetch_add(1, Ordering::SeqCst);
        return;
    }
    if which == CTX_STARTER {
        // Start every lane from inside a callback, as every later request is started.
        for lane_id in 0..LANES {
            let mut lane = lane_lock(lane_id);
            start_next(lane_id, &mut lane);
        }
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_close_handle(h) };
    }
}

/// Memory samples over a window of the run.
#[derive(Default)]
struct Samples {
    rss: u64,
    heap: u64,
    count: u64,
}

impl Samples {
    fn add(&mut self) {
        self.rss += vm_rss_kib();
        self.heap += heap_kib();
        self.count += 1;
    }

    /// (VmRSS, live heap), KiB.
    fn means(&self) -> (u64, u64) {
        let n = self.count.max(1);
        (self.rss / n, self.heap / n)
    }
}

fn vm_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn canceller(rx: mpsc::Receiver<(Instant, usize)>, effective: &AtomicU64) {
    let mut due: Vec<(Instant, usize)> = Vec::new();
    loop {
        let wait = due
            .iter()
            .map(|d| d.0)
            .min()
            .map_or(Duration::from_millis(50), |t| {
                t.saturating_duration_since(Instant::now())
            });
        match rx.recv_timeout(wait) {
            Ok(item) => due.push(item),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) if due.is_empty() => return,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                std::thread::sleep(wait.min(Duration::from_millis(5)))
            }
        }
        let now = Instant::now();
        let mut i = 0;
        while i < due.len() {
            if due[i].0 <= now {
                let (_, handle) = due.swap_remove(i);
                // 6 when the request already ended and was closed by its lane.
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                if unsafe { rinet_close_handle(handle as rinet_handle) } == 0 {
                    effective.fetch_add(1, Ordering::SeqCst);
                }
            } else {
                i += 1;
            }
        }
    }
}

/// The servers, in a child process: this test binary run again with `RINET_SOAK_SERVE` set and
/// only [`soak_servers`] selected. Keeping them out of the soak's process keeps their threads and
/// buffers out of its VmRSS.
struct Servers {
    child: std::process::Child,
    port: u16,
    faulty_port: u16,
}

impl Servers {
    fn start() -> Servers {
        use std::io::BufRead;
        let exe = std::env::current_exe().expect("the test binary's path");
        let mut child = std::process::Command::new(exe)
            .args([
                "--exact",
                "soak_servers",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("RINET_SOAK_SERVE", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the servers' process");
        // A thread reads its output (to the end, so that it never blocks on a full pipe) and
        // hands over the ports, which follow libtest's "test soak_servers ... " on one line.
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("SOAK-PORTS ") {
                    let ports: Vec<u16> = line[at + 11..]
                        .split_whitespace()
                        .filter_map(|p| p.parse().ok())
                        .collect();
                    let _ = tx.send(ports);
                }
            }
        });
        let ports = rx.recv_timeout(Duration::from_secs(60));
        match ports {
            Ok(p) if p.len() == 2 => Servers {
                child,
                port: p[0],
                faulty_port: p[1],
            },
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the servers' process did not print its ports: {other:?}");
            }
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        drop(self.child.stdin.take()); // the servers stop when their input closes
        let _ = self.child.wait();
    }
}

/// The servers' side of the soak (see [`Servers`]); does nothing when run on its own.
#[test]
#[ignore = "started by soak_requests_over_256_handles in a child process"]
fn soak_servers() {
    use std::io::Read;
    if std::env::var_os("RINET_SOAK_SERVE").is_none() {
        return;
    }
    let server = TestServer::start();
    let faults = FaultyServer::start();
    println!("SOAK-PORTS {} {}", server.port(), faults.port());
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
    println!(
        "soak servers: {} connections, {} requests; faulty server {} requests",
        server.accepts(),
        server.requests(),
        faults.served()
    );
}

fn open_connect(session: rinet_handle, port: u16, ctx: usize) -> rinet_handle {
    let host = CString::new("127.0.0.1").unwrap();
    let mut c: rinet_handle = std::ptr::null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_connect(
            session,
            host.as_ptr(),
            port,
            null(),
            null(),
            3,
            0,
            ctx,
            &mut c,
        )
    };
    assert_eq!(rc, 0, "connect");
    c
}

#[test]
fn soak_requests_over_256_handles() {
    let requests = std::env::var("RINET_SOAK_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_REQUESTS);
    assert!(
        requests >= 8 * LANES,
        "RINET_SOAK_REQUESTS must be at least {}",
        8 * LANES
    );
    let seed = std::env::var("RINET_SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_0001_u64);
    println!("soak: {requests} requests over {LANES} handles, seed {seed}");

    let servers = Servers::start();
    let (cancel_tx, cancel_rx) = mpsc::channel();
    let recs: Vec<Rec> = (0..requests)
        .map(|_| Rec {
            pended: AtomicU32::new(0),
            completed: AtomicU32::new(0),
            closing: AtomicU32::new(0),
            kind: AtomicU64::new(0),
            outcome: AtomicU32::new(UNFINISHED),
        })
        .collect();
    let lanes = (0..LANES)
        .map(|i| {
            Mutex::new(Lane {
                rng: (seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1,
                index: usize::MAX,
                handle: 0,
                kind: Kind::Bytes(0),
                reading: false,
                cancel_scheduled: false,
                pending: false,
                ended: true,
                outcome: Outcome::Ok,
                status: 0,
                received: 0,
                pattern_ok: true,
                text: Vec::with_capacity(256),
                buf: vec![0u8; READ_CHUNK].into_boxed_slice(),
                got: Box::new(AtomicU32::new(0)),
            })
        })
        .collect();
    assert!(SOAK
        .set(Soak {
            requests,
            lanes,
            recs,
            connect: AtomicUsize::new(0),
            faulty_connect: AtomicUsize::new(0),
            started: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            special_closing: Default::default(),
            anomalies: Mutex::new(Vec::new()),
            cancel_tx: Mutex::new(cancel_tx),
            upload: server::pattern(MAX_UPLOAD),
        })
        .is_ok());
    let s = soak();
    let effective_cancels = AtomicU64::new(0);

    std::thread::scope(|scope| {
        let canceller = scope.spawn(|| canceller(cancel_rx, &effective_cancels));

        let mut session: rinet_handle = std::ptr::null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_open(null(), 1, null(), null(), RINET_FLAG_ASYNC, &mut session) },
            0
        );
        let ctx = CTX_SESSION;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_set_option(
                    session,
                    45,
                    &ctx as *const usize as *mut c_void,
                    std::mem::size_of::<usize>() as u32,
                )
            },
            0
        );
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_status_callback(session, Some(callback), std::ptr::null_mut()) },
            0
        );
        let connect = open_connect(session, servers.port, CTX_CONNECT);
        let faulty_connect = open_connect(session, servers.faulty_port, CTX_FAULTY_CONNECT);
        s.connect.store(connect as usize, Ordering::SeqCst);
        s.faulty_connect
            .store(faulty_connect as usize, Ordering::SeqCst);

        // The starter request's REQUEST_COMPLETE starts the lanes.
        let start = Instant::now();
        let path = CString::new("/bytes/0").unwrap();
        let mut starter: rinet_handle = std::ptr::null_mut();
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
                    CTX_STARTER,
                    &mut starter,
                )
            },
            0
        );
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_send_request(starter, null(), 0, null(), 0) },
            997
        );

        // Wait, sampling VmRSS and the live heap over the second quarter of the run and over
        // the fourth (up to the last 256 requests, so that as many requests are in flight in
        // both windows). Each figure is the mean of its window: a single sample would catch
        // whatever the 256 requests in flight happen to hold at that moment.
        let deadline =
            start + Duration::from_secs(120) + Duration::from_millis(requests as u64 * 20);
        let first_window = requests / 4..requests / 2;
        let second_window = requests * 3 / 4..requests - LANES;
        let mut first = Samples::default();
        let mut second = Samples::default();
        let mut last_report = Instant::now();
        loop {
            let done = s.finished.load(Ordering::SeqCst);
            if first_window.contains(&done) {
                first.add();
            }
            if second_window.contains(&done) {
                second.add();
            }
            if done >= requests {
                break;
            }
            if Instant::now() > deadline {
                let stuck: Vec<String> = (0..LANES)
                    .filter_map(|i| {
                        let l = lane_lock(i);
                        (!l.ended).then(|| format!("lane {i}: request {} {:?}", l.index, l.kind))
                    })
                    .take(20)
                    .collect();
                panic!(
                    "soak stuck: {done} of {requests} requests finished after {:?}; unfinished: {stuck:#?}",
                    start.elapsed()
                );
            }
            if last_report.elapsed() > Duration::from_secs(10) {
                println!(
                    "soak: {done}/{requests} after {:.0?}, VmRSS {} KiB, heap {} KiB",
                    start.elapsed(),
                    vm_rss_kib(),
                    heap_kib()
                );
                last_report = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let elapsed = start.elapsed();
        let (rss_half, heap_half) = first.means();
        let (rss_end, heap_end) = second.means();

        // Close everything; the session's HANDLE_CLOSING is the last notification.
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(session) }, 0);
        let closing_deadline = Instant::now() + Duration::from_secs(30);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        while (s.special_closing[0].load(Ordering::SeqCst) == 0
            || unsafe { rinet_live_handles() } != 0)
            && Instant::now() < closing_deadline
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(std::mem::replace(
            &mut *s.cancel_tx.lock().unwrap(),
            mpsc::channel().0,
        ));
        canceller.join().expect("the canceller thread");

        // The figures.
        let outcomes: Vec<(usize, Kind, Outcome)> = s
            .recs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let (kind, outcome) = (
                    r.kind.load(Ordering::SeqCst),
                    r.outcome.load(Ordering::SeqCst),
                );
                (outcome != 0 || kind >> 56 >= 4).then(|| {
                    let outcome = if outcome == UNFINISHED {
                        Outcome::Wrong("never ended")
                    } else {
                        Outcome::decode(outcome)
                    };
                    (i, Kind::decode(kind), outcome)
                })
            })
            .collect();
        let faults_hit = outcomes
            .iter()
            .filter(|o| matches!(o.1, Kind::Fault(_)))
            .count();
        let cancel_targets = outcomes.iter().filter(|o| o.1.cancelled()).count();
        let cancelled = outcomes
            .iter()
            .filter(|o| {
                o.1.cancelled()
                    && matches!(
                        o.2,
                        Outcome::Failed(ERROR_OPERATION_CANCELLED | ERROR_INVALID_HANDLE)
                    )
            })
            .count();
        println!(
            "soak: {requests} requests in {elapsed:.1?} ({:.0} requests/s); {faults_hit} faults; \
             {cancel_targets} cancel targets, {cancelled} cancelled ({} closes by the canceller took \
             effect); VmRSS {rss_half} KiB in the first half, {rss_end} KiB in the second ({:+} KiB); \
             live heap {heap_half} KiB, then {heap_end} KiB ({:+} KiB); {} and {} samples",
            requests as f64 / elapsed.as_secs_f64(),
            effective_cancels.load(Ordering::SeqCst),
            rss_end as i64 - rss_half as i64,
            heap_end as i64 - heap_half as i64,
            first.count,
            second.count,
        );

        // Every request: one HANDLE_CLOSING; a REQUEST_COMPLETE for each call that pended.
        let mut bad_closing = Vec::new();
        let mut bad_complete = Vec::new();
        for (i, r) in s.recs.iter().enumerate() {
            let closing = r.closing.load(Ordering::SeqCst);
            if closing != 1 && bad_closing.len() < 10 {
                bad_closing.push((i, closing));
            }
            let (p, c) = (
                r.pended.load(Ordering::SeqCst),
                r.completed.load(Ordering::SeqCst),
            );
            if p != c && bad_complete.len() < 10 {
                bad_complete.push((i, p, c));
            }
        }
        assert!(
            bad_closing.is_empty(),
            "requests without exactly one HANDLE_CLOSING (index, count): {bad_closing:?}"
        );
        assert!(
            bad_complete.is_empty(),
            "requests whose REQUEST_COMPLETEs do not match their pending calls \
             (index, pended, completed): {bad_complete:?}"
        );
        let anomalies = s.anomalies.lock().unwrap().clone();
        assert!(anomalies.is_empty(), "rule breaks: {anomalies:#?}");

        // Outcomes: plain requests succeed, faults fail with their codes, cancels end cancelled
        // or (when the close came too late) succeed.
        let wrong: Vec<_> = outcomes
            .iter()
            .filter(|(_, kind, outcome)| match (kind, outcome) {
                (Kind::Fault(_), Outcome::Failed(e)) => !kind.fault_errors().contains(e),
                (Kind::Fault(_), _) => true,
                (k, Outcome::Failed(ERROR_OPERATION_CANCELLED | ERROR_INVALID_HANDLE))
                    if k.cancelled() =>
                {
                    false
                }
                (k, Outcome::Ok) if k.cancelled() => false,
                _ => true,
            })
            .take(20)
            .collect();
        assert!(
            wrong.is_empty(),
            "wrong outcomes (index, kind, outcome): {wrong:#?}"
        );
        assert!(faults_hit > 0, "no request hit a fault");
        assert!(cancelled > 0, "no request was cancelled");

        // Every handle is released; the session, both connect handles and the starter request
        // each got one HANDLE_CLOSING.
        let special: Vec<u32> = s
            .special_closing
            .iter()
            .map(|c| c.load(Ordering::SeqCst))
            .collect();
        assert_eq!(
            special,
            vec![1, 1, 1, 1],
            "HANDLE_CLOSING of the session, the connect handles and the starter"
        );
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_live_handles() },
            0,
            "rinet_live_handles() after closing"
        );

        // Memory does not grow from the first half to the second.
        let margin = RSS_MARGIN_KIB.max(rss_half / 10);
        assert!(
            rss_end <= rss_half + margin,
            "VmRSS grew from {rss_half} KiB in the first half to {rss_end} KiB in the second (margin {margin} KiB)"
        );
        assert!(
            heap_end <= heap_half + HEAP_MARGIN_KIB,
            "the live heap grew from {heap_half} KiB in the first half to {heap_end} KiB in the second \
             (margin {HEAP_MARGIN_KIB} KiB)"
        );
    });
}
