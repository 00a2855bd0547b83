// SPDX-License-Identifier: MIT OR Apache-2.0
//! InternetQueryOption / InternetSetOption against real loopback servers, where the answer
//! depends on the network: the connection limit (MAX_CONNS_PER_SERVER and _PER_1_0_SERVER) is
//! enforced, END_BROWSER_SESSION forgets session cookies and cached credentials, and the
//! socket and certificate options describe the connection a request used. Also the answers of
//! the wrong handle kinds.
//!
//! Several of these options are process-wide, so the tests here run one at a time (SERIAL).

mod support;

use std::collections::HashMap;
use std::ffi::{c_void, CString};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rinet::ffi::callback::rinet_async_result;
use rinet::ffi::options::*;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::server::TestServer;
use support::tcp::TcpServer;

/// Process-wide options change here: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

const ASYNC: u32 = 0x1000_0000;
const PENDING: u32 = 997;
const REQUEST_COMPLETE: u32 = 100;
const INVALID_OPERATION: u32 = 12016;
const INCORRECT_HANDLE_TYPE: u32 = 12018;
const BAD_ARGUMENTS: u32 = 160;
const BAD_OPTION_LENGTH: u32 = 12010;
const NO_LIMIT: u32 = u32::MAX;

/// The longest wait for a completion; only a broken test reaches it.
const STALL: Duration = Duration::from_secs(60);

/// REQUEST_COMPLETE results (dwResult, dwError) by context.
type Completions = HashMap<usize, Vec<(usize, u32)>>;

/// The completions of every test.
static DONE: Mutex<Option<Completions>> = Mutex::new(None);
static DONE_CHANGED: Condvar = Condvar::new();
static NEXT_CTX: AtomicUsize = AtomicUsize::new(1);

extern "C" fn record(_h: rinet_handle, ctx: usize, status: u32, info: *mut c_void, _len: u32) {
    if status != REQUEST_COMPLETE || info.is_null() {
        return;
    }
    // SAFETY: REQUEST_COMPLETE carries an INTERNET_ASYNC_RESULT.
    let r = unsafe { (info as *const rinet_async_result).read_unaligned() };
    let mut done = DONE.lock().unwrap();
    done.get_or_insert_with(HashMap::new)
        .entry(ctx)
        .or_default()
        .push((r.dwResult, r.dwError));
    DONE_CHANGED.notify_all();
}

/// Waits for the `n`th REQUEST_COMPLETE of `ctx` and returns it.
fn completion(ctx: usize, n: usize) -> (usize, u32) {
    let deadline = Instant::now() + STALL;
    let mut done = DONE.lock().unwrap();
    loop {
        if let Some(r) = done
            .as_ref()
            .and_then(|m| m.get(&ctx))
            .and_then(|v| v.get(n - 1))
        {
            return *r;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no REQUEST_COMPLETE #{n} for context {ctx}"
        );
        done = DONE_CHANGED.wait_timeout(done, left).unwrap().0;
    }
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn open_session(flags: u32) -> rinet_handle {
    let mut s = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open(
                cstr("rinet options test").as_ptr(),
                1,
                null(),
                null(),
                flags,
                &mut s,
            )
        },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_set_status_callback(s, Some(record), null_mut()) },
        0
    );
    s
}

fn connect(s: rinet_handle, port: u16, flags: u32) -> rinet_handle {
    let mut c = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_connect(
            s,
            cstr("127.0.0.1").as_ptr(),
            port,
            null(),
            null(),
            3,
            flags,
            NEXT_CTX.fetch_add(1, Ordering::Relaxed),
            &mut c,
        )
    };
    assert_eq!(rc, 0);
    c
}

/// A request and its context.
struct Req {
    h: rinet_handle,
    ctx: usize,
    completions: usize,
}

fn request(c: rinet_handle, path: &str, flags: u32) -> Req {
    let ctx = NEXT_CTX.fetch_add(1, Ordering::Relaxed);
    let mut r = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_open_request(
            c,
            null(),
            cstr(path).as_ptr(),
            null(),
            null(),
            null(),
            flags,
            ctx,
            &mut r,
        )
    };
    assert_eq!(rc, 0);
    Req {
        h: r,
        ctx,
        completions: 0,
    }
}

impl Req {
    /// The next completion of this request.
    fn complete(&mut self) -> (usize, u32) {
        self.completions += 1;
        completion(self.ctx, self.completions)
    }

    /// Send in an asynchronous session: it pends.
    fn send_async(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_send_request(self.h, null(), 0, null(), 0) },
            PENDING
        );
    }

    /// The whole body, in an asynchronous session (after the send completed).
    fn body_async(&mut self) -> Vec<u8> {
        let mut body = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let mut n = 0u32;
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            let rc =
                unsafe { rinet_read_file(self.h, buf.as_mut_ptr() as *mut c_void, 4096, &mut n) };
            if rc == PENDING {
                assert_eq!(self.complete(), (1, 0), "pending read");
            } else {
                assert_eq!(rc, 0, "read");
            }
            if n == 0 {
                return body;
            }
            body.extend_from_slice(&buf[..n as usize]);
        }
    }
}

fn set_dword(h: rinet_handle, option: u32, v: u32) -> u32 {
    let mut v = v;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_set_option(h, option, &mut v as *mut u32 as *mut c_void, 4) }
}

fn query_dword(h: rinet_handle, option: u32) -> Result<u32, u32> {
    let mut v = 0xdead_beefu32;
    let mut len = 4u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    match unsafe { rinet_query_option(h, option, &mut v as *mut u32 as *mut c_void, &mut len) } {
        0 => {
            assert_eq!(len, 4);
            Ok(v)
        }
        e => Err(e),
    }
}

/// Puts the connection limits back to their defaults when a test ends, also when it fails.
struct Limits;

impl Drop for Limits {
    fn drop(&mut self) {
        // The defaults cannot be set through the option (0 is refused): the test sets the
        // largest value, which is what the default is.
        assert_eq!(
            set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_SERVER, NO_LIMIT),
            0
        );
        assert_eq!(
            set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_1_0_SERVER, NO_LIMIT),
            0
        );
    }
}

// ---------------------------------------------------------------------------------------------
// MAX_CONNS_PER_SERVER (73) and MAX_CONNS_PER_1_0_SERVER (74)
// ---------------------------------------------------------------------------------------------

#[test]
fn max_conns_is_a_global_option() {
    let _serial = serial();
    let _limits = Limits;
    for option in [
        RINET_OPTION_MAX_CONNS_PER_SERVER,
        RINET_OPTION_MAX_CONNS_PER_1_0_SERVER,
    ] {
        assert_eq!(query_dword(null_mut(), option), Ok(NO_LIMIT));
        assert_eq!(set_dword(null_mut(), option, 3), 0);
        assert_eq!(query_dword(null_mut(), option), Ok(3));
        assert_eq!(set_dword(null_mut(), option, 0), BAD_ARGUMENTS);
        assert_eq!(query_dword(null_mut(), option), Ok(3));
        let mut v = [2u8; 5];
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_option(null_mut(), option, v.as_mut_ptr() as *mut c_void, 3) },
            BAD_OPTION_LENGTH
        );
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_option(null_mut(), option, v.as_mut_ptr() as *mut c_void, 5) },
            BAD_OPTION_LENGTH
        );

        // On a handle of any kind, set and query give ERROR_INTERNET_INVALID_OPERATION.
        let s = open_session(0);
        let c = connect(s, 80, 0);
        let r = request(c, "/", 0);
        for h in [s, c, r.h] {
            assert_eq!(set_dword(h, option, 2), INVALID_OPERATION);
            assert_eq!(query_dword(h, option), Err(INVALID_OPERATION));
        }
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(s) }, 0);
        assert_eq!(query_dword(null_mut(), option), Ok(3));
    }
}

/// With a limit of 2, three requests held by the server open two connections: the third waits
/// and then takes the connection the first one finished with.
#[test]
fn max_conns_per_server_is_enforced() {
    let _serial = serial();
    let _limits = Limits;
    let server = TestServer::start();
    assert_eq!(
        set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_SERVER, 2),
        0
    );
    let s = open_session(ASYNC);
    let c = connect(s, server.port(), 0);
    let mut reqs: Vec<Req> = (0..3).map(|_| request(c, "/gate/mc/bytes/5", 0)).collect();
    for r in &mut reqs {
        r.send_async();
    }
    server.wait_arrived("mc", 2);
    server.open_gate("mc");
    for r in &mut reqs {
        assert_eq!(r.complete(), (1, 0));
        assert_eq!(r.body_async(), b"abcde");
    }
    assert_eq!(
        server.accepts(),
        2,
        "at most 2 connections, the third request waited"
    );
    assert_eq!(server.requests(), 3);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// Closing a request that holds the only connection allowed lets the waiting one go on.
#[test]
fn a_waiting_request_goes_on_when_the_holder_is_closed() {
    let _serial = serial();
    let _limits = Limits;
    let server = TestServer::start();
    assert_eq!(
        set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_SERVER, 1),
        0
    );
    let s = open_session(ASYNC);
    let c = connect(s, server.port(), 0);
    let mut holder = request(c, "/gate/mc-never/bytes/5", 0);
    let mut waiter = request(c, "/bytes/7", 0);
    holder.send_async();
    server.wait_arrived("mc-never", 1);
    waiter.send_async();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(holder.h) }, 0);
    assert_eq!(holder.complete(), (0, 12017));
    assert_eq!(waiter.complete(), (1, 0));
    assert_eq!(waiter.body_async(), b"abcdefg");
    assert_eq!(
        server.accepts(),
        2,
        "the waiter opened a connection of its own"
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// In a synchronous session, a send blocked waiting for room goes on when another thread's
/// request finishes with its connection (it is woken on its own thread). Whether the second
/// send reaches the queue before the first request is done or only after, it ends on the one
/// connection allowed.
#[test]
fn max_conns_in_a_synchronous_session() {
    let _serial = serial();
    let _limits = Limits;
    let server = Arc::new(TestServer::start());
    assert_eq!(
        set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_SERVER, 1),
        0
    );
    let s = open_session(0);
    let c = connect(s, server.port(), 0);
    let first = request(c, "/gate/mc-sync/bytes/3", 0);
    let second = request(c, "/bytes/4", 0);
    let (h1, h2) = (first.h as usize, second.h as usize);
    let t1 = std::thread::spawn(move || {
        let r = h1 as rinet_handle;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
        sync_body(r)
    });
    server.wait_arrived("mc-sync", 1);
    let t2 = std::thread::spawn(move || {
        let r = h2 as rinet_handle;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
        sync_body(r)
    });
    server.open_gate("mc-sync");
    assert_eq!(t1.join().unwrap(), b"abc");
    assert_eq!(t2.join().unwrap(), b"abcd");
    assert_eq!(
        server.accepts(),
        1,
        "the second send waited for the first connection"
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

fn sync_body(r: rinet_handle) -> Vec<u8> {
    let mut body = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let mut n = 0u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, 4096, &mut n) },
            0
        );
        if n == 0 {
            return body;
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
}

/// An HTTP/1.0 server that keeps connections alive: `/hold` waits until the test opens the
/// gate; everything answers `ok`.
struct Http10 {
    server: TcpServer,
    accepts: Arc<AtomicUsize>,
    gate: Arc<(Mutex<(bool, usize)>, Condvar)>,
}

impl Http10 {
    fn start() -> Http10 {
        let accepts = Arc::new(AtomicUsize::new(0));
        let gate: Arc<(Mutex<(bool, usize)>, Condvar)> = Arc::default();
        let (a, g) = (accepts.clone(), gate.clone());
        let server = TcpServer::start(move |sock: TcpStream| {
            a.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(sock.try_clone().unwrap());
            let mut sock = sock;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let path = line.split(' ').nth(1).unwrap_or("").to_string();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 {
                        return;
                    }
                    if h == "\r\n" {
                        break;
                    }
                }
                if path == "/hold" {
                    let (lock, cv) = &*g;
                    let mut st = lock.lock().unwrap();
                    st.1 += 1;
                    cv.notify_all();
                    while !st.0 {
                        st = cv.wait(st).unwrap();
                    }
                }
                let reply =
                    b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok";
                if sock.write_all(reply).is_err() {
                    return;
                }
            }
        });
        Http10 {
            server,
            accepts,
            gate,
        }
    }

    fn wait_arrived(&self, n: usize) {
        let (lock, cv) = &*self.gate;
        let mut st = lock.lock().unwrap();
        while st.1 < n {
            st = cv.wait_timeout(st, STALL).unwrap().0;
        }
    }

    fn open(&self) {
        let (lock, cv) = &*self.gate;
        lock.lock().unwrap().0 = true;
        cv.notify_all();
    }
}

/// A server whose last answer was HTTP/1.0 gets MAX_CONNS_PER_1_0_SERVER, not the other limit.
#[test]
fn max_conns_per_1_0_server_is_enforced() {
    let _serial = serial();
    let _limits = Limits;
    let server = Http10::start();
    assert_eq!(
        set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_SERVER, 8),
        0
    );
    assert_eq!(
        set_dword(null_mut(), RINET_OPTION_MAX_CONNS_PER_1_0_SERVER, 1),
        0
    );
    let s = open_session(ASYNC);
    let c = connect(s, server.server.port(), 0);
    let mut first = request(c, "/learn", 0);
    first.send_async();
    assert_eq!(first.complete(), (1, 0));
    assert_eq!(first.body_async(), b"ok");
    let mut held: Vec<Req> = (0..2).map(|_| request(c, "/hold", 0)).collect();
    for r in &mut held {
        r.send_async();
    }
    server.wait_arrived(1);
    server.open();
    for r in &mut held {
        assert_eq!(r.complete(), (1, 0));
        assert_eq!(r.body_async(), b"ok");
    }
    assert_eq!(
        server.accepts.load(Ordering::SeqCst),
        1,
        "one connection to the HTTP/1.0 server"
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    drop(server);
}

// ---------------------------------------------------------------------------------------------
// USER_AGENT (41) and REQUEST_FLAGS (23) on the wrong handles
// ---------------------------------------------------------------------------------------------

type QueryFn = fn(rinet_handle, u32, *mut c_void, *mut u32) -> u32;
type SetFn = fn(rinet_handle, u32, *mut c_void, u32) -> u32;

/// The A, W16 and W32 forms of the query and set functions, with a one-character value for
/// each: "x" in its own encoding, NUL-terminated.
fn forms() -> [(QueryFn, SetFn, Vec<u8>); 3] {
    let w16: Vec<u8> = [b'x' as u16, 0]
        .iter()
        .flat_map(|u| u.to_ne_bytes())
        .collect();
    let w32: Vec<u8> = [b'x' as u32, 0]
        .iter()
        .flat_map(|u| u.to_ne_bytes())
        .collect();
    // SAFETY (each closure): the tests pass live or NULL handles, and buffers and sizes that
    // match, as the C contract asks.
    [
        (
            |h, o, b, l| unsafe { rinet_query_option(h, o, b, l) },
            |h, o, b, l| unsafe { rinet_set_option(h, o, b, l) },
            b"x\0".to_vec(),
        ),
        (
            |h, o, b, l| unsafe { rinet_query_option_w16(h, o, b, l) },
            |h, o, b, l| unsafe { rinet_set_option_w16(h, o, b, l) },
            w16,
        ),
        (
            |h, o, b, l| unsafe { rinet_query_option_w32(h, o, b, l) },
            |h, o, b, l| unsafe { rinet_set_option_w32(h, o, b, l) },
            w32,
        ),
    ]
}

#[test]
fn user_agent_belongs_to_the_session() {
    let _serial = serial();
    let s = open_session(0);
    let c = connect(s, 80, 0);
    let r = request(c, "/", 0);
    for (query, set, mut value) in forms() {
        // A connect handle has none: 12018, and the size is 0, with or without a buffer.
        for with_buffer in [false, true] {
            let mut buf = [0u8; 64];
            let mut len = if with_buffer { 64 } else { 0 };
            let p = if with_buffer {
                buf.as_mut_ptr() as *mut c_void
            } else {
                null_mut()
            };
            assert_eq!(
                query(c, RINET_OPTION_USER_AGENT, p, &mut len),
                INCORRECT_HANDLE_TYPE
            );
            assert_eq!(len, 0);
        }
        assert_eq!(
            set(
                c,
                RINET_OPTION_USER_AGENT,
                value.as_mut_ptr() as *mut c_void,
                0
            ),
            INCORRECT_HANDLE_TYPE
        );
        // The NULL handle has none either.
        let mut len = 64u32;
        let mut buf = [0u8; 64];
        assert_eq!(
            query(
                null_mut(),
                RINET_OPTION_USER_AGENT,
                buf.as_mut_ptr() as *mut c_void,
                &mut len
            ),
            INCORRECT_HANDLE_TYPE
        );
        assert_eq!(len, 0);
        assert_eq!(
            set(
                null_mut(),
                RINET_OPTION_USER_AGENT,
                value.as_mut_ptr() as *mut c_void,
                0
            ),
            INCORRECT_HANDLE_TYPE
        );
        // The session and its requests answer with the session's agent.
        for h in [s, r.h] {
            let mut len = 0u32;
            assert_eq!(query(h, RINET_OPTION_USER_AGENT, null_mut(), &mut len), 122);
            let unit = value.len() / 2;
            assert_eq!(len as usize, ("rinet options test".len() + 1) * unit);
        }
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn request_flags_belong_to_requests() {
    let _serial = serial();
    let s = open_session(0);
    let c = connect(s, 80, 0);
    for (query, _, _) in forms() {
        // The NULL handle: 12018, and the size becomes 0.
        let mut v = 0u32;
        let mut len = 4u32;
        assert_eq!(
            query(
                null_mut(),
                RINET_OPTION_REQUEST_FLAGS,
                &mut v as *mut u32 as *mut c_void,
                &mut len
            ),
            INCORRECT_HANDLE_TYPE
        );
        assert_eq!(len, 0);
        let mut len = 4u32;
        assert_eq!(
            query(null_mut(), RINET_OPTION_REQUEST_FLAGS, null_mut(), &mut len),
            INCORRECT_HANDLE_TYPE
        );
        assert_eq!(len, 0);
        // A session or connect handle: 12018, the size a DWORD.
        for h in [s, c] {
            let mut len = 4u32;
            assert_eq!(
                query(h, RINET_OPTION_REQUEST_FLAGS, null_mut(), &mut len),
                INCORRECT_HANDLE_TYPE
            );
            assert_eq!(len, 4);
        }
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

// ---------------------------------------------------------------------------------------------
// END_BROWSER_SESSION (42)
// ---------------------------------------------------------------------------------------------

fn cookies_for(url: &str) -> Result<String, u32> {
    let mut buf = [0u8; 256];
    let mut len = buf.len() as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet::ffi::cookie::rinet_get_cookie(
            cstr(url).as_ptr(),
            null(),
            buf.as_mut_ptr() as *mut std::ffi::c_char,
            &mut len,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    let end = buf.iter().position(|&b| b == 0).unwrap();
    Ok(String::from_utf8(buf[..end].to_vec()).unwrap())
}

fn set_cookie(url: &str, data: &str) {
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet::ffi::cookie::rinet_set_cookie(cstr(url).as_ptr(), null(), cstr(data).as_ptr())
        },
        0
    );
}

fn end_browser_session(h: rinet_handle) -> u32 {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_set_option(h, RINET_OPTION_END_BROWSER_SESSION, null_mut(), 0) }
}

/// Session cookies (no Expires, no Max-Age) go; persistent ones stay. On the NULL handle and on
/// a session handle alike (the jar is the process's).
#[test]
fn end_browser_session_forgets_session_cookies() {
    let _serial = serial();
    let url = "http://ebs.example/";
    let s = open_session(0);
    let c = connect(s, 80, 0);
    let r = request(c, "/", 0);
    for h in [null_mut(), s, c, r.h] {
        set_cookie(url, "session=1");
        set_cookie(url, "kept=2; expires=Fri, 01 Jan 2100 00:00:00 GMT");
        set_cookie(url, "aged=3; max-age=86400");
        assert_eq!(cookies_for(url), Ok("session=1; kept=2; aged=3".into()));
        assert_eq!(end_browser_session(h), 0);
        assert_eq!(cookies_for(url), Ok("kept=2; aged=3".into()));
    }
    // A session cookie a server set goes too.
    set_cookie(url, "kept=; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    set_cookie(url, "aged=; max-age=0");
    assert_eq!(cookies_for(url), Err(259));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// A server behind Basic authentication: 401 with a challenge unless the request has an
/// Authorization header. It counts the requests without one.
struct BasicServer {
    server: TcpServer,
    without: Arc<AtomicUsize>,
    with: Arc<AtomicUsize>,
}

impl BasicServer {
    fn start() -> BasicServer {
        let without = Arc::new(AtomicUsize::new(0));
        let with = Arc::new(AtomicUsize::new(0));
        let (wo, wi) = (without.clone(), with.clone());
        let server = TcpServer::start(move |sock: TcpStream| {
            let mut reader = BufReader::new(sock.try_clone().unwrap());
            let mut sock = sock;
            loop {
                let mut authorized = false;
                let mut first = true;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" && !first {
                        break;
                    }
                    first = false;
                    authorized |= line
                        .to_ascii_lowercase()
                        .starts_with("authorization: basic ");
                }
                let reply: &[u8] = if authorized {
                    wi.fetch_add(1, Ordering::SeqCst);
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nin"
                } else {
                    wo.fetch_add(1, Ordering::SeqCst);
                    b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nContent-Length: 3\r\n\r\nout"
                };
                if sock.write_all(reply).is_err() {
                    return;
                }
            }
        });
        BasicServer {
            server,
            without,
            with,
        }
    }

    fn counts(&self) -> (usize, usize) {
        (
            self.without.load(Ordering::SeqCst),
            self.with.load(Ordering::SeqCst),
        )
    }
}

/// Once a server has accepted Basic credentials, later requests send them at once, from any
/// session of the process; after END_BROWSER_SESSION they wait to be asked again.
#[test]
fn end_browser_session_forgets_cached_credentials() {
    let _serial = serial();
    let server = BasicServer::start();
    for (round, ending) in [null_mut(), open_session(0)].into_iter().enumerate() {
        let s = open_session(0);
        let mut c = null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_connect(
                    s,
                    cstr("127.0.0.1").as_ptr(),
                    server.server.port(),
                    cstr("user").as_ptr(),
                    cstr("pass").as_ptr(),
                    3,
                    0,
                    1,
                    &mut c,
                )
            },
            0
        );
        let get = || {
            let r = request(c, "/secret", 0);
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            assert_eq!(unsafe { rinet_send_request(r.h, null(), 0, null(), 0) }, 0);
            let body = sync_body(r.h);
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            assert_eq!(unsafe { rinet_close_handle(r.h) }, 0);
            body
        };
        let (mut without, mut with) = server.counts();
        assert_eq!(get(), b"in");
        if round == 0 {
            (without, with) = (without + 1, with + 1);
            assert_eq!(server.counts(), (without, with), "asked, then answered");
        } else {
            // The last request of the first round left them in the process's cache.
            with += 1;
            assert_eq!(
                server.counts(),
                (without, with),
                "answered at once in a new session"
            );
        }
        assert_eq!(get(), b"in");
        with += 1;
        assert_eq!(server.counts(), (without, with), "answered at once");
        assert_eq!(end_browser_session(ending), 0);
        assert_eq!(get(), b"in");
        (without, with) = (without + 1, with + 1);
        assert_eq!(server.counts(), (without, with), "asked again");
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(s) }, 0);
        if !ending.is_null() {
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            assert_eq!(unsafe { rinet_close_handle(ending) }, 0);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// DIAGNOSTIC_SOCKET_INFO (67)
// ---------------------------------------------------------------------------------------------

const DIAGNOSTIC_SOCKET_INFO: u32 = 67;
const IDSI_FLAG_KEEP_ALIVE: u32 = 1;

/// INTERNET_DIAGNOSTIC_SOCKET_INFO.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SocketInfo {
    socket: usize,
    source_port: u32,
    dest_port: u32,
    flags: u32,
}

fn socket_info(h: rinet_handle) -> Result<SocketInfo, u32> {
    let mut info = SocketInfo {
        socket: 0xdead,
        source_port: 0xdead,
        dest_port: 0xdead,
        flags: 0xdead,
    };
    let mut len = std::mem::size_of::<SocketInfo>() as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    match unsafe {
        rinet_query_option(
            h,
            DIAGNOSTIC_SOCKET_INFO,
            &mut info as *mut SocketInfo as *mut c_void,
            &mut len,
        )
    } {
        0 => {
            assert_eq!(len as usize, std::mem::size_of::<SocketInfo>());
            Ok(info)
        }
        e => Err(e),
    }
}

/// A keep-alive server answering `ok` to everything; it records the client's port of each
/// connection it accepts.
fn peer_recording_server() -> (TcpServer, Arc<Mutex<Vec<u16>>>) {
    let peers: Arc<Mutex<Vec<u16>>> = Arc::default();
    let p = peers.clone();
    let server = TcpServer::start(move |sock: TcpStream| {
        p.lock().unwrap().push(sock.peer_addr().unwrap().port());
        let mut reader = BufReader::new(sock.try_clone().unwrap());
        let mut sock = sock;
        loop {
            let mut first = true;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" && !first {
                    break;
                }
                first = false;
            }
            if sock
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                .is_err()
            {
                return;
            }
        }
    });
    (server, peers)
}

/// The local port of a socket descriptor, from the kernel.
fn local_port(fd: usize) -> u16 {
    // SAFETY: a sockaddr_storage and its size for getsockname to fill.
    unsafe {
        let mut addr: libc::sockaddr_storage = std::mem::zeroed();
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        assert_eq!(
            libc::getsockname(
                fd as i32,
                &mut addr as *mut _ as *mut libc::sockaddr,
                &mut len
            ),
            0
        );
        let v4 = &*(&addr as *const _ as *const libc::sockaddr_in);
        u16::from_be(v4.sin_port)
    }
}

#[test]
fn diagnostic_socket_info_describes_the_requests_connection() {
    let _serial = serial();
    let (server, peers) = peer_recording_server();
    let port = server.port();
    let s = open_session(0);
    let c = connect(s, port, 0);
    let first = request(c, "/one", 0);
    // Before the send: no socket yet.
    assert_eq!(
        socket_info(first.h),
        Ok(SocketInfo {
            socket: usize::MAX,
            source_port: 0,
            dest_port: port as u32,
            flags: 0
        })
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(first.h, null(), 0, null(), 0) },
        0
    );
    let info = socket_info(first.h).unwrap();
    assert_eq!(sync_body(first.h), b"ok");
    assert_eq!(
        socket_info(first.h),
        Ok(info),
        "after the body, the same connection"
    );
    assert_eq!(info.dest_port, port as u32);
    assert_eq!(info.flags, 0, "a new connection");
    assert_eq!(*peers.lock().unwrap(), vec![info.source_port as u16]);
    assert_eq!(local_port(info.socket), info.source_port as u16);

    // The next request takes the connection from the keep-alive pool.
    let second = request(c, "/two", 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(second.h, null(), 0, null(), 0) },
        0
    );
    assert_eq!(
        socket_info(second.h),
        Ok(SocketInfo {
            flags: IDSI_FLAG_KEEP_ALIVE,
            ..info
        })
    );
    assert_eq!(sync_body(second.h), b"ok");
    assert_eq!(peers.lock().unwrap().len(), 1);

    // Sizes: too small, or no buffer, gives 122 and the size.
    let size = std::mem::size_of::<SocketInfo>() as u32;
    let mut buf = [0u8; 64];
    for (p, have) in [(buf.as_mut_ptr() as *mut c_void, size - 1), (null_mut(), 0)] {
        let mut len = have;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_query_option(second.h, DIAGNOSTIC_SOCKET_INFO, p, &mut len) },
            122
        );
        assert_eq!(len, size);
    }
    // Other handles, and setting it.
    for h in [null_mut(), s, c] {
        assert_eq!(socket_info(h), Err(INCORRECT_HANDLE_TYPE));
    }
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                second.h,
                DIAGNOSTIC_SOCKET_INFO,
                buf.as_mut_ptr() as *mut c_void,
                size,
            )
        },
        12011
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

// ---------------------------------------------------------------------------------------------
// SECURITY_CERTIFICATE_STRUCT (32) and SECURITY_CERTIFICATE (35)
// ---------------------------------------------------------------------------------------------

const SECURITY_CERTIFICATE_STRUCT: u32 = 32;
const SECURITY_CERTIFICATE: u32 = 35;
const FLAG_SECURE: u32 = 0x0080_0000;
const IDSI_FLAG_SECURE: u32 = 2;

/// INTERNET_CERTIFICATE_INFO (the A and W layouts are the same).
#[repr(C)]
#[derive(Debug)]
struct CertificateInfo {
    expiry: [u32; 2],
    start: [u32; 2],
    subject: *mut std::ffi::c_char,
    issuer: *mut std::ffi::c_char,
    protocol: *mut std::ffi::c_char,
    signature_alg: *mut std::ffi::c_char,
    encryption_alg: *mut std::ffi::c_char,
    key_size: u32,
}

/// A FILETIME of a UTC midnight, as (low, high).
fn filetime(unix: u64) -> [u32; 2] {
    let t = (unix + 11_644_473_600) * 10_000_000;
    [t as u32, (t >> 32) as u32]
}

/// A TLS server on 127.0.0.1 that speaks TLS 1.3 with AES-128-GCM only, whose certificate
/// (issued by a test CA, written to `ca.pem` in the scratch directory) has known names and
/// dates. Every request gets `ok`, on a kept-alive connection.
fn tls_server() -> (TcpServer, support::scratch::Scratch) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name = rcgen::DistinguishedName::new();
    ca.distinguished_name
        .push(DnType::OrganizationName, "rinet tests");
    ca.distinguished_name
        .push(DnType::CommonName, "rinet options CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let issuer = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    leaf.distinguished_name = rcgen::DistinguishedName::new();
    leaf.distinguished_name.push(DnType::CountryName, "US");
    leaf.distinguished_name
        .push(DnType::OrganizationName, "rinet tests");
    leaf.distinguished_name
        .push(DnType::CommonName, "rinet options server");
    leaf.not_before = rcgen::date_time_ymd(2021, 3, 4);
    leaf.not_after = rcgen::date_time_ymd(2051, 6, 7);
    let leaf = leaf.signed_by(&key, &issuer).unwrap();
    let dir = support::scratch::Scratch::new("options-tls");
    std::fs::write(dir.join("ca.pem"), issuer.pem()).unwrap();
    let mut provider = rustls::crypto::ring::default_provider();
    provider.cipher_suites = vec![rustls::crypto::ring::cipher_suite::TLS13_AES_128_GCM_SHA256];
    let cfg = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap(),
    );
    let server = TcpServer::start(move |sock: TcpStream| {
        let Ok(conn) = rustls::ServerConnection::new(cfg.clone()) else {
            return;
        };
        let mut tls = BufReader::new(rustls::StreamOwned::new(conn, sock));
        loop {
            let mut first = true;
            loop {
                let mut line = String::new();
                if tls.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" && !first {
                    break;
                }
                first = false;
            }
            let out = tls.get_mut();
            if out
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    });
    (server, dir)
}

fn query_cert(query: QueryFn, h: rinet_handle) -> Result<CertificateInfo, u32> {
    // SAFETY: all-zero bytes are a valid CertificateInfo (NULL pointers).
    let mut info: CertificateInfo = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<CertificateInfo>() as u32;
    match query(
        h,
        SECURITY_CERTIFICATE_STRUCT,
        &mut info as *mut CertificateInfo as *mut c_void,
        &mut len,
    ) {
        0 => {
            assert_eq!(len as usize, std::mem::size_of::<CertificateInfo>());
            Ok(info)
        }
        e => Err(e),
    }
}

/// The text of a string the query allocated, freed after reading.
fn take_string(p: *mut std::ffi::c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: a NUL-terminated string rinet allocated for the caller.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_str()
        .unwrap()
        .to_string();
    // The block came from rinet's allocator and is freed once.
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet::ffi::memory::rinet_mem_free(p as *mut c_void) },
        0
    );
    s
}

/// The text option through `query`, in units of `unit` bytes, as a String.
fn query_text(query: QueryFn, h: rinet_handle, unit: usize) -> Result<String, u32> {
    let mut len = 0u32;
    let rc = query(h, SECURITY_CERTIFICATE, null_mut(), &mut len);
    if rc != 122 {
        return Err(rc);
    }
    let mut buf = vec![0u8; len as usize];
    let need = len;
    assert_eq!(
        query(
            h,
            SECURITY_CERTIFICATE,
            buf.as_mut_ptr() as *mut c_void,
            &mut len
        ),
        0
    );
    assert_eq!(
        len as usize,
        need as usize / unit - 1,
        "characters, NUL excluded"
    );
    let units: Vec<u32> = buf
        .chunks(unit)
        .map(|c| match unit {
            1 => c[0] as u32,
            2 => u16::from_ne_bytes([c[0], c[1]]) as u32,
            _ => u32::from_ne_bytes([c[0], c[1], c[2], c[3]]),
        })
        .take(len as usize)
        .collect();
    Ok(units.iter().map(|&u| char::from_u32(u).unwrap()).collect())
}

#[test]
fn certificate_of_an_https_request() {
    let _serial = serial();
    let (server, dir) = tls_server();
    let s = open_session(0);
    let ca = cstr(dir.join("ca.pem").to_str().unwrap());
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(s, RINET_OPTION_CA_FILE, ca.as_ptr() as *mut c_void, 0) },
        0
    );
    let c = connect(s, server.port(), FLAG_SECURE);
    let r = request(c, "/", FLAG_SECURE);
    // Not sent yet: no certificate.
    for (query, _, _) in forms() {
        assert_eq!(query_cert(query, r.h).err(), Some(INVALID_OPERATION));
        assert_eq!(query_text(query, r.h, 1), Err(INVALID_OPERATION));
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r.h, null(), 0, null(), 0) }, 0);
    assert_eq!(sync_body(r.h), b"ok");
    assert_eq!(socket_info(r.h).unwrap().flags, IDSI_FLAG_SECURE);

    let subject = "US\r\nrinet tests\r\nrinet options server";
    let issuer = "rinet tests\r\nrinet options CA";
    let size = std::mem::size_of::<CertificateInfo>() as u32;
    for (query, _, value) in forms() {
        // The size: no buffer, or one too small.
        for (p, have) in [(null_mut(), 0u32), (null_mut(), size)] {
            let mut len = have;
            assert_eq!(query(r.h, SECURITY_CERTIFICATE_STRUCT, p, &mut len), 122);
            assert_eq!(len, size);
        }
        let mut small = vec![0u8; size as usize];
        let mut len = size - 1;
        assert_eq!(
            query(
                r.h,
                SECURITY_CERTIFICATE_STRUCT,
                small.as_mut_ptr() as *mut c_void,
                &mut len
            ),
            122
        );
        assert_eq!(len, size);
        // The structure: ANSI strings through every entry point, as WinInet gives them.
        let info = query_cert(query, r.h).unwrap();
        assert_eq!(info.start, filetime(1_614_816_000));
        assert_eq!(info.expiry, filetime(2_569_708_800));
        assert!(info.protocol.is_null());
        assert!(info.signature_alg.is_null());
        assert!(info.encryption_alg.is_null());
        assert_eq!(info.key_size, 128, "AES-128");
        assert_eq!(take_string(info.subject), subject);
        assert_eq!(take_string(info.issuer), issuer);
        // The text, in the entry point's characters.
        let unit = value.len() / 2;
        assert_eq!(
            query_text(query, r.h, unit).unwrap(),
            format!(
                "Subject:\r\n{subject}\r\nIssuer:\r\n{issuer}\r\nEffective Date:\t\
                 3/4/2021 12:00:00 AM\r\nExpiration Date:\t6/7/2051 12:00:00 AM\r\n\
                 Security Protocol:\t(null)\r\nSignature Type:\t(null)\r\n\
                 Encryption Type:\t(null)\r\nPrivacy Strength:\tHigh (128 bits)"
            )
        );
        // Other handles.
        for h in [null_mut(), s, c] {
            assert_eq!(query_cert(query, h).err(), Some(INCORRECT_HANDLE_TYPE));
            assert_eq!(query_text(query, h, unit), Err(INCORRECT_HANDLE_TYPE));
        }
    }
    // Query only.
    let mut buf = [0u8; 64];
    for option in [SECURITY_CERTIFICATE_STRUCT, SECURITY_CERTIFICATE] {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_option(r.h, option, buf.as_mut_ptr() as *mut c_void, 64) },
            12011
        );
    }
    // The next request on the kept-alive connection knows the certificate too.
    let again = request(c, "/again", FLAG_SECURE);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(again.h, null(), 0, null(), 0) },
        0
    );
    let info = query_cert(forms()[0].0, again.h).unwrap();
    assert_eq!(take_string(info.subject), subject);
    assert_eq!(take_string(info.issuer), issuer);
    assert_eq!(
        socket_info(again.h).unwrap().flags,
        IDSI_FLAG_SECURE | IDSI_FLAG_KEEP_ALIVE
    );
    assert_eq!(sync_body(again.h), b"ok");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// A plain HTTP request has no certificate: ERROR_INTERNET_INVALID_OPERATION.
#[test]
fn no_certificate_on_plain_http() {
    let _serial = serial();
    let server = TestServer::start();
    let s = open_session(0);
    let c = connect(s, server.port(), 0);
    let r = request(c, "/bytes/3", 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r.h, null(), 0, null(), 0) }, 0);
    assert_eq!(sync_body(r.h), b"abc");
    for (query, _, _) in forms() {
        assert_eq!(query_cert(query, r.h).err(), Some(INVALID_OPERATION));
        assert_eq!(query_text(query, r.h, 1), Err(INVALID_OPERATION));
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

// ---------------------------------------------------------------------------------------------
// PER_CONNECTION_OPTION (75)
// ---------------------------------------------------------------------------------------------

const PER_CONNECTION_OPTION: u32 = 75;
const PER_CONN_FLAGS: u32 = 1;
const PER_CONN_PROXY_SERVER: u32 = 2;
const PROXY_TYPE_DIRECT: u32 = 1;
const PROXY_TYPE_PROXY: u32 = 2;

/// INTERNET_PER_CONN_OPTION (A and W: the value is a DWORD, a pointer or a FILETIME).
#[repr(C)]
#[derive(Clone, Copy)]
struct PerConnOption {
    option: u32,
    value: usize,
}

/// INTERNET_PER_CONN_OPTION_LIST.
#[repr(C)]
struct PerConnList {
    size: u32,
    connection: *mut c_void,
    count: u32,
    error: u32,
    options: *mut PerConnOption,
}

fn per_conn(
    h: rinet_handle,
    options: &mut [PerConnOption],
    f: impl FnOnce(rinet_handle, *mut c_void, u32) -> u32,
) -> u32 {
    let mut list = PerConnList {
        size: std::mem::size_of::<PerConnList>() as u32,
        connection: null_mut(),
        count: options.len() as u32,
        error: 0,
        options: options.as_mut_ptr(),
    };
    f(
        h,
        &mut list as *mut PerConnList as *mut c_void,
        std::mem::size_of::<PerConnList>() as u32,
    )
}

/// INTERNET_PER_CONN_FLAGS with both PROXY_TYPE_PROXY and PROXY_TYPE_DIRECT reads back as
/// PROXY_TYPE_DIRECT, as WinInet answers: the proxy is off.
#[test]
fn per_connection_flags_direct_wins() {
    let _serial = serial();
    let saved = {
        let mut o = [PerConnOption {
            option: PER_CONN_FLAGS,
            value: 0,
        }];
        assert_eq!(
            per_conn(null_mut(), &mut o, |h, p, l| {
                let mut len = l;
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_query_option(h, PER_CONNECTION_OPTION, p, &mut len) }
            }),
            0
        );
        o[0].value as u32
    };
    let s = open_session(0);
    for (query, set, value) in forms() {
        let unit = value.len() / 2;
        // "proxy.example:3128" in the entry point's characters.
        let text: Vec<u8> = "proxy.example:3128\0"
            .chars()
            .flat_map(|c| match unit {
                1 => vec![c as u8],
                2 => (c as u16).to_ne_bytes().to_vec(),
                _ => (c as u32).to_ne_bytes().to_vec(),
            })
            .collect();
        for h in [s, null_mut()] {
            let mut o = [
                PerConnOption {
                    option: PER_CONN_PROXY_SERVER,
                    value: text.as_ptr() as usize,
                },
                PerConnOption {
                    option: PER_CONN_FLAGS,
                    value: (PROXY_TYPE_PROXY | PROXY_TYPE_DIRECT) as usize,
                },
            ];
            assert_eq!(
                per_conn(h, &mut o, |h, p, l| set(h, PER_CONNECTION_OPTION, p, l)),
                0
            );
            let mut o = [PerConnOption {
                option: PER_CONN_FLAGS,
                value: 0xdead,
            }];
            assert_eq!(
                per_conn(h, &mut o, |h, p, l| {
                    let mut len = l;
                    query(h, PER_CONNECTION_OPTION, p, &mut len)
                }),
                0
            );
            assert_eq!(o[0].value as u32, PROXY_TYPE_DIRECT);
            // PROXY_TYPE_PROXY alone turns it on.
            let mut o = [PerConnOption {
                option: PER_CONN_FLAGS,
                value: PROXY_TYPE_PROXY as usize,
            }];
            assert_eq!(
                per_conn(h, &mut o, |h, p, l| set(h, PER_CONNECTION_OPTION, p, l)),
                0
            );
            let mut o = [PerConnOption {
                option: PER_CONN_FLAGS,
                value: 0xdead,
            }];
            assert_eq!(
                per_conn(h, &mut o, |h, p, l| {
                    let mut len = l;
                    query(h, PER_CONNECTION_OPTION, p, &mut len)
                }),
                0
            );
            assert_eq!(o[0].value as u32, PROXY_TYPE_PROXY);
        }
    }
    // Put the preconfigured settings back as they were (the proxy list stays, unused when off).
    let mut o = [PerConnOption {
        option: PER_CONN_FLAGS,
        value: saved as usize,
    }];
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        per_conn(null_mut(), &mut o, |h, p, l| unsafe {
            rinet_set_option(h, PER_CONNECTION_OPTION, p, l)
        }),
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}
