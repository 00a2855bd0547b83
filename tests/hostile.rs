// SPDX-License-Identifier: MIT OR Apache-2.0
//! Hostile servers: a scripted raw-TCP server plays one misbehaviour per test, and each test
//! checks, through the C API, that the request ends in its documented error and that the
//! connection it used is never handed to another request.
//!
//! The server accepts on 127.0.0.1:0 and runs a thread per connection. The first connection
//! runs the test's script, which decides exactly which bytes go out and when. Every later
//! connection answers each request with `200 OK` and the body `fresh`. If the client ever sends
//! a second request on the scripted connection, the server counts it as a reuse and answers
//! `reused`. After each hostile exchange the test sends a second request on the same session
//! and asserts that it opened a new connection: two accepts, no reuse, body `fresh`.
//!
//! Most tests use a synchronous session (the call returns the error code). The tests where
//! pending matters (a write to a server that never reads) use an asynchronous one and check
//! REQUEST_COMPLETE.
//!
//! Bodies are read in a loop until the read that fails or returns 0 bytes. A test whose body is
//! cut checks that every byte the server sent arrived and that the next read after them returns
//! the error: the body never ends with a clean 0-byte read.

mod support;

use std::ffi::{c_void, CString};
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rinet::ffi::callback::rinet_async_result;
use rinet::ffi::options::*;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;

const INVALID_SERVER_RESPONSE: u32 = 12152;
const CONNECTION_ABORTED: u32 = 12030;
const CONNECTION_RESET: u32 = 12031;
const TIMEOUT: u32 = 12002;
const CANCELLED: u32 = 12017;
const PENDING: u32 = 997;
const FLAG_SECURE: u32 = 0x0080_0000;

/// How long a server thread waits on a socket before giving up, and the longest wait for a
/// notification. Only a broken test reaches it.
const STALL: Duration = Duration::from_secs(60);

/// The session's connect, send and receive timeouts, unless a test sets its own on the request:
/// long, so that a request's own short timeout is told from the session's by a wide margin,
/// whatever the machine's load.
const SESSION_TIMEOUT_MS: u32 = 60_000;

/// Half the session's timeouts: a request that failed sooner than this failed by its own
/// timeout, or by what the server did, never by the session's.
const WELL_BEFORE_THE_SESSION_TIMEOUT: Duration =
    Duration::from_millis(SESSION_TIMEOUT_MS as u64 / 2);

// ---------------------------------------------------------------------------------------------
// The scripted server
// ---------------------------------------------------------------------------------------------

/// What a script does with the connection when it is done: keep it open (the server then
/// watches it for a reused request) or consider it gone.
enum After {
    KeepOpen(TcpStream),
    Closed,
}

type Script = Box<dyn FnOnce(TcpStream, &AtomicBool) -> After + Send>;
type Handler = Arc<dyn Fn(TcpStream) + Send + Sync>;

struct Server {
    port: u16,
    accepts: Arc<AtomicUsize>,
    reused: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// A server whose first connection runs `script` and whose later ones answer `fresh`.
    fn scripted(script: impl FnOnce(TcpStream) -> After + Send + 'static) -> Server {
        Server::scripted_until_stop(move |sock, _| script(sock))
    }

    /// As [`Server::scripted`], for a script that holds its connection until the test ends: it
    /// gets the flag that is raised when the server is dropped.
    fn scripted_until_stop(
        script: impl FnOnce(TcpStream, &AtomicBool) -> After + Send + 'static,
    ) -> Server {
        let reused = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let script: Arc<Mutex<Option<Script>>> = Arc::new(Mutex::new(Some(Box::new(script))));
        let (counter, flag) = (reused.clone(), stop.clone());
        let handler: Handler = Arc::new(move |sock: TcpStream| {
            let first = script.lock().unwrap().take();
            match first {
                Some(script) => {
                    if let After::KeepOpen(sock) = script(sock, &flag) {
                        watch_for_reuse(sock, &counter);
                    }
                }
                None => answer_fresh(sock),
            }
        });
        Server::start(handler, reused, stop)
    }

    /// A server that hands every accepted connection to `handler`.
    fn start(handler: Handler, reused: Arc<AtomicUsize>, stop: Arc<AtomicBool>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepts = Arc::new(AtomicUsize::new(0));
        let threads: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let acceptor = {
            let (accepts, stop, threads) = (accepts.clone(), stop.clone(), threads.clone());
            thread::spawn(move || {
                for sock in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(sock) = sock else { continue };
                    accepts.fetch_add(1, Ordering::SeqCst);
                    sock.set_read_timeout(Some(STALL)).unwrap();
                    sock.set_write_timeout(Some(STALL)).unwrap();
                    let handler = handler.clone();
                    threads
                        .lock()
                        .unwrap()
                        .push(thread::spawn(move || handler(sock)));
                }
            })
        };
        Server {
            port,
            accepts,
            reused,
            stop,
            threads,
            acceptor: Some(acceptor),
        }
    }

    fn accepts(&self) -> usize {
        self.accepts.load(Ordering::SeqCst)
    }

    fn reused(&self) -> usize {
        self.reused.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    /// Stop accepting and join every thread. Connection threads end when the client closes
    /// its side (the tests close their session first) or after [`STALL`] at the latest.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
        let threads: Vec<_> = self.threads.lock().unwrap().drain(..).collect();
        for t in threads {
            let _ = t.join();
        }
    }
}

/// Read one request head (through CRLF CRLF). None at end of stream.
fn read_head(sock: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match sock.read(&mut b) {
            Ok(1) => head.push(b[0]),
            _ => return None,
        }
    }
    Some(head)
}

/// A well-behaved keep-alive server: `fresh` to every request.
fn answer_fresh(mut sock: TcpStream) {
    while read_head(&mut sock).is_some() {
        if sock
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh")
            .is_err()
        {
            return;
        }
    }
}

/// After a script: read whatever else the client sends on this connection until it closes. A
/// new request line here means the client reused the connection; count it and answer it, so
/// the test sees `reused` instead of hanging.
fn watch_for_reuse(mut sock: TcpStream, reused: &AtomicUsize) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match sock.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
        if let Some(at) = find(&seen, b" HTTP/1.1\r\n") {
            if find(&seen[at..], b"\r\n\r\n").is_some() {
                reused.fetch_add(1, Ordering::SeqCst);
                seen.clear();
                let reply = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nreused";
                if sock.write_all(reply).is_err() {
                    return;
                }
            }
        }
        if seen.len() > 1 << 20 {
            seen.drain(..seen.len() - 64);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Close with a TCP reset instead of a FIN (SO_LINGER on, with a zero timeout).
fn reset(sock: TcpStream) {
    use std::os::unix::io::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor and a correctly sized linger struct.
    let rc = unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const libc::linger as *const c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(rc, 0);
    drop(sock);
}

/// Waits until the peer's kernel has acknowledged every byte written on `sock` (the send queue
/// is empty): those bytes are then in the client's socket, whatever the client does next. Gives
/// up after [`STALL`].
fn wait_delivered(sock: &TcpStream) {
    use std::os::unix::io::AsRawFd;
    let deadline = Instant::now() + STALL;
    loop {
        let mut queued: libc::c_int = 0;
        // SAFETY: TIOCOUTQ (SIOCOUTQ for a socket) writes one int for a valid descriptor.
        let rc = unsafe { libc::ioctl(sock.as_raw_fd(), libc::TIOCOUTQ, &mut queued) };
        if rc != 0 || queued == 0 || Instant::now() > deadline {
            return;
        }
        thread::sleep(Duration::from_millis(1));
    }
}

thread_local! {
    /// Set while this thread is inside [`read_body`] or [`write_until_error`].
    static INSIDE: Arc<AtomicBool> = Arc::default();
}

/// The test's thread, as a script sees it: a script waits until that thread is blocked inside a
/// read or a write of the test (waiting for the server), and only then does what the test
/// means to happen "while the call waits".
#[derive(Clone)]
struct Caller {
    tid: libc::pid_t,
    inside: Arc<AtomicBool>,
}

impl Caller {
    /// The calling thread.
    fn this_thread() -> Caller {
        Caller {
            // SAFETY: gettid has no preconditions.
            tid: unsafe { libc::gettid() },
            inside: INSIDE.with(Arc::clone),
        }
    }

    /// Waits until the thread is asleep inside [`read_body`] or [`write_until_error`] (its
    /// state in /proc is S, sleeping). Gives up after [`STALL`].
    fn wait_blocked(&self) {
        let stat = format!("/proc/self/task/{}/stat", self.tid);
        let deadline = Instant::now() + STALL;
        while Instant::now() < deadline {
            if self.inside.load(Ordering::SeqCst) {
                let state = std::fs::read_to_string(&stat).ok().and_then(|s| {
                    // "tid (name) S ...": the state follows the name's closing parenthesis.
                    s.rsplit_once(") ")
                        .and_then(|(_, rest)| rest.chars().next())
                });
                if state == Some('S') {
                    return;
                }
            }
            thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Runs `call` marked as inside a blocking helper (see [`Caller::wait_blocked`]).
fn inside<T>(call: impl FnOnce() -> T) -> T {
    INSIDE.with(|i| i.store(true, Ordering::SeqCst));
    let result = call();
    INSIDE.with(|i| i.store(false, Ordering::SeqCst));
    result
}

/// A flag one side raises and the other waits for.
#[derive(Clone, Default)]
struct Signal(Arc<(Mutex<bool>, Condvar)>);

impl Signal {
    fn raise(&self) {
        *self.0 .0.lock().unwrap() = true;
        self.0 .1.notify_all();
    }

    /// Waits until raised (at most [`STALL`]).
    fn wait(&self) {
        let deadline = Instant::now() + STALL;
        let mut raised = self.0 .0.lock().unwrap();
        while !*raised {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            raised = self.0 .1.wait_timeout(raised, left).unwrap().0;
        }
    }
}

/// Script: read the request head, send `reply`, keep the connection open.
fn reply_and_hold(reply: Vec<u8>) -> impl FnOnce(TcpStream) -> After + Send + 'static {
    move |mut sock| {
        if read_head(&mut sock).is_some() {
            let _ = sock.write_all(&reply);
        }
        After::KeepOpen(sock)
    }
}

/// Script: read the request head, send `reply`, close the connection (FIN).
fn reply_and_close(reply: Vec<u8>) -> impl FnOnce(TcpStream) -> After + Send + 'static {
    move |mut sock| {
        if read_head(&mut sock).is_some() {
            let _ = sock.write_all(&reply);
            let _ = sock.shutdown(Shutdown::Both);
        }
        After::Closed
    }
}

// ---------------------------------------------------------------------------------------------
// The client side, through the C API
// ---------------------------------------------------------------------------------------------

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn set_dword(h: rinet_handle, option: u32, v: u32) {
    let mut v = v;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(h, option, &mut v as *mut u32 as *mut c_void, 4) },
        0,
        "set option {option:#x}"
    );
}

/// A session, a connect handle to the scripted server and the requests made under them.
struct Client {
    session: rinet_handle,
    connect: rinet_handle,
}

impl Client {
    /// A synchronous session to 127.0.0.1:`port`. Every timeout is [`SESSION_TIMEOUT_MS`] unless
    /// the test sets its own, so a broken case fails instead of hanging.
    fn sync(port: u16) -> Client {
        Client::open(port, 0, 0)
    }

    fn open(port: u16, session_flags: u32, connect_flags: u32) -> Client {
        let mut session = null_mut();
        let agent = cstr("rinet-hostile");
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_open(
                    agent.as_ptr(),
                    1,
                    null(),
                    null(),
                    session_flags,
                    &mut session,
                )
            },
            0
        );
        if session_flags & RINET_FLAG_ASYNC != 0 {
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_set_status_callback(session, Some(record), null_mut()) },
                0
            );
        }
        for option in [
            RINET_OPTION_CONNECT_TIMEOUT,
            RINET_OPTION_SEND_TIMEOUT,
            RINET_OPTION_RECEIVE_TIMEOUT,
        ] {
            set_dword(session, option, SESSION_TIMEOUT_MS);
        }
        let mut connect = null_mut();
        let host = cstr("127.0.0.1");
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
                    connect_flags,
                    1,
                    &mut connect,
                )
            },
            0
        );
        Client { session, connect }
    }

    /// Open a request (not sent yet). `ctx` is its context value.
    fn request(&self, verb: &str, flags: u32, ctx: usize) -> rinet_handle {
        let (verb, path) = (cstr(verb), cstr("/hostile"));
        let mut r = null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_open_request(
                    self.connect,
                    verb.as_ptr(),
                    path.as_ptr(),
                    null(),
                    null(),
                    null(),
                    flags,
                    ctx,
                    &mut r,
                )
            },
            0
        );
        r
    }

    /// Open and send a GET; returns the request and send_request's result.
    fn get(&self) -> (rinet_handle, u32) {
        let r = self.request("GET", 0, 2);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
        (r, rc)
    }

    /// The check every test ends with: a second request on the same session is answered on a
    /// new connection, and the scripted one was never used again.
    fn second_request_is_fresh(&self, server: &Server) {
        let (r, rc) = self.get();
        assert_eq!(rc, 0, "the second request must succeed");
        assert_eq!(read_body(r), (b"fresh".to_vec(), 0));
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(r) }, 0);
        assert_eq!(server.reused(), 0, "the hostile connection was reused");
        assert_eq!(
            server.accepts(),
            2,
            "the second request must open a new connection"
        );
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_close_handle(self.session) };
    }
}

/// Read the body to its end: (bytes read, 0) when a read returned 0 bytes, or (bytes read,
/// error) when a read failed. A failed read stops the loop, so `bytes read` is exactly what
/// arrived before the error.
fn read_body(r: rinet_handle) -> (Vec<u8>, u32) {
    inside(|| read_body_inside(r))
}

fn read_body_inside(r: rinet_handle) -> (Vec<u8>, u32) {
    let mut body = Vec::new();
    let mut buf = vec![0u8; 4096];
    loop {
        let mut n = 0u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
        };
        if rc != 0 {
            return (body, rc);
        }
        if n == 0 {
            return (body, 0);
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
}

fn status_of(r: rinet_handle) -> u32 {
    let mut v = 0u32;
    let mut len = 4u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_query_info(
            r,
            19 | 0x2000_0000,
            &mut v as *mut u32 as *mut c_void,
            &mut len,
            null_mut(),
        )
    };
    assert_eq!(rc, 0, "status code query");
    v
}

/// The whole check for a response whose head is bad: send_request fails with `code`, and the
/// next request gets a new connection.
fn head_fails(script: impl FnOnce(TcpStream) -> After + Send + 'static, code: u32) {
    let server = Server::scripted(script);
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, code);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    client.second_request_is_fresh(&server);
}

/// The whole check for a response whose body is cut or malformed: the head is accepted, the
/// reads deliver `delivered` and then fail with `code`, and the next request gets a new
/// connection.
fn body_fails(
    script: impl FnOnce(TcpStream) -> After + Send + 'static,
    delivered: &[u8],
    code: u32,
) {
    let server = Server::scripted(script);
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0, "the head is valid");
    assert_eq!(status_of(r), 200);
    assert_eq!(read_body(r), (delivered.to_vec(), code));
    // The failure sticks: the body does not turn into a clean end afterwards.
    let mut n = 0u32;
    let mut b = [0u8; 16];
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let again = unsafe { rinet_read_file(r, b.as_mut_ptr() as *mut c_void, 16, &mut n) };
    assert_ne!((again, n), (0, 0), "a failed body must not end cleanly");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    client.second_request_is_fresh(&server);
}

// ---------------------------------------------------------------------------------------------
// The notifications of asynchronous sessions
// ---------------------------------------------------------------------------------------------

/// (context, status, dwResult, dwError) of every notification, all tests together.
static NOTES: Mutex<Vec<(usize, u32, usize, u32)>> = Mutex::new(Vec::new());
static ARRIVED: Condvar = Condvar::new();
static NEXT_CTX: AtomicUsize = AtomicUsize::new(100);

extern "C" fn record(_h: rinet_handle, ctx: usize, status: u32, info: *mut c_void, _len: u32) {
    let (mut res, mut err) = (0, 0);
    if status == 100 {
        // SAFETY: REQUEST_COMPLETE carries an INTERNET_ASYNC_RESULT valid during the call.
        let r = unsafe { &*(info as *const rinet_async_result) };
        (res, err) = (r.dwResult, r.dwError);
    }
    NOTES.lock().unwrap().push((ctx, status, res, err));
    ARRIVED.notify_all();
}

/// Wait for the next REQUEST_COMPLETE of context `ctx` and take it: (dwResult, dwError).
fn wait_complete(ctx: usize) -> (usize, u32) {
    let deadline = Instant::now() + STALL;
    let mut notes = NOTES.lock().unwrap();
    loop {
        if let Some(i) = notes.iter().position(|n| n.0 == ctx && n.1 == 100) {
            let n = notes.remove(i);
            return (n.2, n.3);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no REQUEST_COMPLETE for context {ctx}");
        notes = ARRIVED.wait_timeout(notes, left).unwrap().0;
    }
}

fn statuses(ctx: usize) -> Vec<u32> {
    NOTES
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.0 == ctx)
        .map(|n| n.1)
        .collect()
}

fn buffers(total: u32) -> rinet_buffers {
    rinet_buffers {
        dwStructSize: std::mem::size_of::<rinet_buffers>() as u32,
        Next: null_mut(),
        lpcszHeader: null(),
        dwHeadersLength: 0,
        dwHeadersTotal: 0,
        lpvBuffer: null_mut(),
        dwBufferLength: 0,
        dwBufferTotal: total,
        dwOffsetLow: 0,
        dwOffsetHigh: 0,
    }
}

// ---------------------------------------------------------------------------------------------
// The response head
// ---------------------------------------------------------------------------------------------

#[test]
fn garbage_status_line() {
    // (A reply that does not start with "HTTP/" at all is an HTTP/0.9 answer, read as WinInet
    // reads it: tests/lenient_heads.rs.)
    for reply in [
        &b"HTTP/1.1 2x0 OK\r\n\r\n"[..],
        b"HTTP/ 200 OK\r\n\r\n",
        b"HTTP/1.1 99 Too Low\r\n\r\n",
        b"HTTP/9.9 200 OK\r\n\r\n",
        // (A head with a line that is no header line is read as WinInet reads it: the line is
        // skipped. tests/lenient_heads.rs has those, and the refusals that remain.)
        b"HTTP/1.1 200 OK\r\nContent-Length\x01: 0\r\n\r\n",
    ] {
        head_fails(reply_and_hold(reply.to_vec()), INVALID_SERVER_RESPONSE);
    }
}

#[test]
fn status_line_cut_by_close() {
    // Part of a head, then the server hangs up: an invalid response, not an empty one.
    head_fails(
        reply_and_close(b"HTTP/1.1 200 OK\r\nContent-Le".to_vec()),
        INVALID_SERVER_RESPONSE,
    );
    // No byte at all, then the server hangs up: a premature close is an invalid response too,
    // as in WinInet.
    head_fails(reply_and_close(Vec::new()), INVALID_SERVER_RESPONSE);
}

/// A head of `size` bytes (status line, padding header, blank line) with Content-Length 2.
fn head_of_size(size: usize) -> Vec<u8> {
    let start = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Pad: ";
    let end = b"\r\n\r\n";
    let mut head = start.to_vec();
    head.resize(size - end.len(), b'p');
    head.extend_from_slice(end);
    assert_eq!(head.len(), size);
    head
}

#[test]
fn head_over_the_default_limit() {
    // The default limit is 64 KiB (65536 bytes) for the whole head.
    let mut ok = head_of_size(65536);
    ok.extend_from_slice(b"ok");
    let server = Server::scripted(reply_and_hold(ok));
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0, "a head of exactly 65536 bytes is accepted");
    assert_eq!(read_body(r), (b"ok".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    drop(client);
    drop(server);

    // One byte more, complete.
    head_fails(reply_and_hold(head_of_size(65537)), INVALID_SERVER_RESPONSE);
    // A head that never ends: one endless header line, the connection kept open. It fails as
    // soon as the buffered bytes pass the limit (12152), without waiting for the receive
    // timeout (which would give 12002).
    head_fails(
        |mut sock: TcpStream| {
            if read_head(&mut sock).is_some() {
                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nX-Endless: ");
                let line = vec![b'e'; 70 * 1024];
                let _ = sock.write_all(&line);
            }
            After::KeepOpen(sock)
        },
        INVALID_SERVER_RESPONSE,
    );
}

#[test]
fn head_limit_option() {
    // RINET_OPTION_MAX_HEADER_SIZE lowers the limit ...
    let server = Server::scripted(reply_and_hold(head_of_size(2000)));
    let client = Client::sync(server.port);
    set_dword(client.connect, RINET_OPTION_MAX_HEADER_SIZE, 1024);
    let r = client.request("GET", 0, 2);
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_send_request(r, null(), 0, null(), 0) },
        INVALID_SERVER_RESPONSE
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    drop(client);
    drop(server);

    // ... and raises it, set on the request handle itself.
    let mut big = head_of_size(100_000);
    big.extend_from_slice(b"ok");
    let server = Server::scripted(reply_and_hold(big));
    let client = Client::sync(server.port);
    let r = client.request("GET", 0, 2);
    let mut got = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                r,
                RINET_OPTION_MAX_HEADER_SIZE,
                &mut got as *mut u32 as *mut c_void,
                &mut len,
            )
        },
        0
    );
    assert_eq!(got, 65536, "the documented default");
    set_dword(r, RINET_OPTION_MAX_HEADER_SIZE, 128 * 1024);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(read_body(r), (b"ok".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
}

/// A head with `n` header lines (Content-Length among them) and the body "ok".
fn head_with_headers(n: usize) -> Vec<u8> {
    let mut head = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n".to_vec();
    for i in 1..n {
        head.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    head.extend_from_slice(b"\r\nok");
    head
}

#[test]
fn too_many_headers() {
    // 256 header lines are accepted; 257 are not.
    let server = Server::scripted(reply_and_hold(head_with_headers(256)));
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0);
    assert_eq!(read_body(r), (b"ok".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    drop(client);
    drop(server);

    head_fails(
        reply_and_hold(head_with_headers(257)),
        INVALID_SERVER_RESPONSE,
    );
}

#[test]
fn conflicting_content_lengths() {
    for head in [
        &b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"[..],
        b"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!",
        b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nhello",
    ] {
        head_fails(reply_and_hold(head.to_vec()), INVALID_SERVER_RESPONSE);
    }
}

#[test]
fn transfer_encoding_with_content_length() {
    // RFC 9112 §6.3: a response with both is how a response is smuggled; rinet refuses it, in
    // either order and whatever the values.
    for head in [
        &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n"[..],
        b"HTTP/1.1 200 OK\r\nContent-Length: 22\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    ] {
        head_fails(reply_and_hold(head.to_vec()), INVALID_SERVER_RESPONSE);
    }
}

#[test]
fn transfer_encoding_from_an_http_1_0_server() {
    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 response means the framing is faulty; the
    // connection is closed after the message, even when it asks to be kept alive.
    let server = Server::scripted(reply_and_hold(
        b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            .to_vec(),
    ));
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0);
    assert_eq!(read_body(r), (b"hello".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

#[test]
fn interim_responses_are_bounded() {
    // Sixteen interim responses before the final one are accepted ...
    let mut reply = b"HTTP/1.1 100 Continue\r\n\r\n".repeat(16);
    reply.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    let server = Server::scripted(reply_and_hold(reply));
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0);
    assert_eq!(status_of(r), 200);
    assert_eq!(read_body(r), (b"ok".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    drop(client);
    drop(server);

    // ... an endless run of them is not: the request fails after the seventeenth.
    head_fails(
        |mut sock: TcpStream| {
            if read_head(&mut sock).is_some() {
                for _ in 0..1000 {
                    if sock.write_all(b"HTTP/1.1 102 Processing\r\n\r\n").is_err() {
                        break;
                    }
                }
            }
            After::KeepOpen(sock)
        },
        INVALID_SERVER_RESPONSE,
    );
}

#[test]
fn slowloris_head_hits_the_receive_timeout() {
    // The server sends a head one byte every 100 ms and never ends it. Every byte comes well
    // inside the 500 ms receive timeout, so a timer restarted by each byte would not fire before
    // the last byte (after 23.7 s); rinet's receive timeout bounds the wait for the whole head,
    // so the request fails about 500 ms after it started. 100 ms per byte against 500 ms is
    // enough to prove the bound; the real default (30 s) behaves the same at a larger scale.
    let mut head = b"HTTP/1.1 200 OK\r\n".to_vec();
    head.extend_from_slice(&b"X-Slow: y\r\n".repeat(20));
    let trickle = Duration::from_millis(100) * head.len() as u32;
    let server = Server::scripted(move |mut sock: TcpStream| {
        if read_head(&mut sock).is_some() {
            for b in head {
                if sock.write_all(&[b]).is_err() {
                    return After::Closed;
                }
                thread::sleep(Duration::from_millis(100));
            }
        }
        After::KeepOpen(sock)
    });
    let client = Client::sync(server.port);
    let r = client.request("GET", 0, 2);
    set_dword(r, RINET_OPTION_RECEIVE_TIMEOUT, 500);
    let started = Instant::now();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(r, null(), 0, null(), 0) },
        TIMEOUT
    );
    let took = started.elapsed();
    // A timer restarted by each byte could not fire before the trickle ends; the request ends
    // at the timeout instead, far sooner.
    assert!(
        took >= Duration::from_millis(450) && took < trickle,
        "the receive timeout bounds the whole head: {took:?}"
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

// ---------------------------------------------------------------------------------------------
// The response body
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_chunk_size() {
    // Not hexadecimal at all.
    body_fails(
        reply_and_hold(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
                .to_vec(),
        ),
        b"",
        INVALID_SERVER_RESPONSE,
    );
    // A good chunk, then a bad size: the good bytes arrive, then the error.
    body_fails(
        reply_and_hold(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n-1\r\nx\r\n"
                .to_vec(),
        ),
        b"hello",
        INVALID_SERVER_RESPONSE,
    );
    // Chunk data not followed by CRLF.
    body_fails(
        reply_and_hold(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n".to_vec(),
        ),
        b"hello",
        INVALID_SERVER_RESPONSE,
    );
}

#[test]
fn chunk_size_overflow() {
    // Sixteen hex digits and more would overflow a 64-bit size (or nearly so): refused.
    for size in [
        "ffffffffffffffff",
        "10000000000000000",
        "0000000000000000000001",
    ] {
        let reply = format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\nx");
        body_fails(
            reply_and_hold(reply.into_bytes()),
            b"",
            INVALID_SERVER_RESPONSE,
        );
    }
}

#[test]
fn chunk_extension_over_the_limit() {
    // Chunk extensions are skipped, up to 4096 bytes on one chunk-size line.
    let mut ok = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;".to_vec();
    ok.extend_from_slice(&[b'e'; 4000]);
    ok.extend_from_slice(b"\r\nhello\r\n0\r\n\r\n");
    let server = Server::scripted(reply_and_hold(ok));
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0);
    assert_eq!(read_body(r), (b"hello".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    drop(client);
    drop(server);

    // An endless one fails once it passes the limit, without waiting for a timeout.
    body_fails(
        |mut sock: TcpStream| {
            if read_head(&mut sock).is_some() {
                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;");
                let _ = sock.write_all(&[b'e'; 64 * 1024]);
            }
            After::KeepOpen(sock)
        },
        b"",
        INVALID_SERVER_RESPONSE,
    );
}

#[test]
fn missing_final_chunk() {
    // The server closes after a complete chunk, without the final `0` chunk.
    body_fails(
        reply_and_close(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".to_vec(),
        ),
        b"hello",
        CONNECTION_ABORTED,
    );
    // ... or in the middle of a chunk.
    body_fails(
        reply_and_close(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nhello".to_vec(),
        ),
        b"hello",
        CONNECTION_ABORTED,
    );
    // ... or inside the trailer section after the final chunk.
    body_fails(
        reply_and_close(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n"
                .to_vec(),
        ),
        b"hello",
        CONNECTION_ABORTED,
    );
}

#[test]
fn body_shorter_than_content_length() {
    body_fails(
        reply_and_close(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".to_vec()),
        b"0123456789",
        CONNECTION_ABORTED,
    );
    // A large body cut far from its start: every byte sent arrives, then the error.
    let mut reply = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".to_vec();
    let sent: Vec<u8> = (0..300_000).map(|i| b'a' + (i % 26) as u8).collect();
    reply.extend_from_slice(&sent);
    body_fails(reply_and_close(reply), &sent, CONNECTION_ABORTED);
}

#[test]
fn body_stalls_short_of_content_length() {
    // The server sends part of the body and then nothing, without closing: the read waits for
    // the receive timeout and fails with it.
    let server = Server::scripted(reply_and_hold(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789".to_vec(),
    ));
    let client = Client::sync(server.port);
    let r = client.request("GET", 0, 2);
    set_dword(r, RINET_OPTION_RECEIVE_TIMEOUT, 300);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    let mut buf = [0u8; 10];
    let mut n = 0u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, 10, &mut n) },
        0
    );
    assert_eq!(&buf[..n as usize], b"0123456789");
    let started = Instant::now();
    let (rest, rc) = read_body(r);
    assert_eq!((rest.as_slice(), rc), (&b""[..], TIMEOUT));
    // The request's 300 ms, not the session's timeout.
    assert!(started.elapsed() < WELL_BEFORE_THE_SESSION_TIMEOUT);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

#[test]
fn reset_mid_body() {
    let caller = Caller::this_thread();
    body_fails(
        move |mut sock: TcpStream| {
            if read_head(&mut sock).is_some() {
                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
                // The client takes the ten bytes (they come with the head) and waits for more;
                // only then the reset arrives.
                caller.wait_blocked();
                reset(sock);
            }
            After::Closed
        },
        b"0123456789",
        CONNECTION_RESET,
    );
}

#[test]
fn reset_before_the_head() {
    head_fails(
        |mut sock: TcpStream| {
            if read_head(&mut sock).is_some() {
                reset(sock);
            }
            After::Closed
        },
        CONNECTION_RESET,
    );
}

/// How a two-part script ends.
#[derive(Clone, Copy)]
enum End {
    /// Keep the connection open.
    Hold,
    /// Close it (FIN).
    Close,
    /// Reset it (RST).
    Reset,
}

/// Script: read the request head, send `first`, wait until `caller` is blocked in a read, send
/// `rest`, then end as told. So the client has taken `first` and is waiting in a read when
/// `rest` (and the end) arrive.
fn in_two_parts(
    first: &'static [u8],
    rest: &'static [u8],
    end: End,
    caller: Caller,
) -> impl FnOnce(TcpStream) -> After + Send + 'static {
    move |mut sock| {
        if read_head(&mut sock).is_none() {
            return After::Closed;
        }
        let _ = sock.write_all(first);
        caller.wait_blocked();
        let _ = sock.write_all(rest);
        match end {
            End::Hold => After::KeepOpen(sock),
            End::Close => {
                let _ = sock.shutdown(Shutdown::Both);
                After::Closed
            }
            End::Reset => {
                reset(sock);
                After::Closed
            }
        }
    }
}

#[test]
fn body_errors_reach_a_waiting_read() {
    // The same failures as above, arriving while the application's read is already waiting
    // with nothing buffered: that read fails, and the body does not end cleanly afterwards.
    const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const LENGTH: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    let cases: [(&[u8], End, u32); 6] = [
        (b"zz\r\nhello\r\n", End::Hold, INVALID_SERVER_RESPONSE),
        (b"ffffffffffffffff\r\n", End::Hold, INVALID_SERVER_RESPONSE),
        (b"", End::Close, CONNECTION_ABORTED),
        (b"5\r\nhel", End::Close, CONNECTION_ABORTED),
        (b"", End::Reset, CONNECTION_RESET),
        (b"", End::Hold, TIMEOUT),
    ];
    let mut wrong = Vec::new();
    for (rest, end, code) in cases {
        let first = if rest.is_empty() { LENGTH } else { CHUNKED };
        let server = Server::scripted(in_two_parts(first, rest, end, Caller::this_thread()));
        let client = Client::sync(server.port);
        let r = client.request("GET", 0, 2);
        set_dword(r, RINET_OPTION_RECEIVE_TIMEOUT, 400);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
        let delivered: &[u8] = if rest == b"5\r\nhel" { b"hel" } else { b"" };
        let case = format!("{:?} then {code}", String::from_utf8_lossy(rest));
        assert_eq!(read_body(r), (delivered.to_vec(), code), "{case}");
        let mut n = 0u32;
        let mut b = [0u8; 16];
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let again = unsafe { rinet_read_file(r, b.as_mut_ptr() as *mut c_void, 16, &mut n) };
        if (again, n) == (0, 0) {
            wrong.push(case);
        }
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_close_handle(r) };
        client.second_request_is_fresh(&server);
    }
    assert!(
        wrong.is_empty(),
        "after these failures the next read reported a clean end of the body: {wrong:?}"
    );
}

#[test]
fn body_trickle_and_the_receive_timeout() {
    // The body trickles in one byte every 100 ms against a 500 ms receive timeout; the read
    // asks for more than will come in that time. Bytes that arrived are delivered or the read
    // fails, but nothing is dropped silently: what the reads return is a prefix of the body,
    // and once a read fails the body never ends cleanly.
    // The first byte comes with the head, so it is there before the first read starts.
    let server = Server::scripted(|mut sock: TcpStream| {
        if read_head(&mut sock).is_some() {
            let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\na");
            for b in b'b'..=b'z' {
                thread::sleep(Duration::from_millis(100));
                if sock.write_all(&[b]).is_err() {
                    return After::Closed;
                }
            }
        }
        After::KeepOpen(sock)
    });
    let client = Client::sync(server.port);
    let r = client.request("GET", 0, 2);
    set_dword(r, RINET_OPTION_RECEIVE_TIMEOUT, 500);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    let (got, rc) = read_body(r);
    assert_eq!(rc, TIMEOUT);
    // The bytes that arrived before the timeout are delivered, then the error.
    assert!(
        !got.is_empty(),
        "the bytes taken before the timeout were dropped"
    );
    let mut n = 0u32;
    let mut b = [0u8; 4096];
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let again = unsafe { rinet_read_file(r, b.as_mut_ptr() as *mut c_void, 4096, &mut n) };
    let mut all = got.clone();
    all.extend_from_slice(&b[..n as usize]);
    let alphabet: Vec<u8> = (b'a'..=b'z').collect();
    assert!(
        alphabet.starts_with(&all),
        "bytes skipped: {:?}",
        String::from_utf8_lossy(&all)
    );
    assert_ne!((again, n), (0, 0), "a timed-out body must not end cleanly");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

#[test]
fn unsolicited_bytes_after_a_response() {
    // A complete keep-alive response, then, once the client has read it and put the
    // connection back in its pool, and unasked, a second response on the same connection: a
    // desync attempt. The idle connection must be dropped, so the next request never reads the
    // planted answer. The next request goes out only once the planted bytes are in the
    // client's socket (the client's kernel acknowledged them).
    let read = Signal::default();
    let planted = Signal::default();
    let (read_, planted_) = (read.clone(), planted.clone());
    let server = Server::scripted(move |mut sock: TcpStream| {
        if read_head(&mut sock).is_some() {
            let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
            read_.wait();
            let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nplant!");
            wait_delivered(&sock);
        }
        planted_.raise();
        After::KeepOpen(sock)
    });
    let client = Client::sync(server.port);
    let (r, rc) = client.get();
    assert_eq!(rc, 0);
    assert_eq!(read_body(r), (b"first".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    read.raise();
    planted.wait();
    client.second_request_is_fresh(&server);
}

#[test]
fn extra_bytes_after_a_body() {
    // More bytes than Content-Length, and a body on a HEAD response and on a 204: the extra
    // bytes come with the response, so the connection is not clean and must not be pooled.
    let cases: [(&str, &[u8]); 3] = [
        ("GET", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirstHTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nplant!"),
        ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"),
        ("GET", b"HTTP/1.1 204 No Content\r\n\r\nfirst"),
    ];
    for (verb, reply) in cases {
        let server = Server::scripted(reply_and_hold(reply.to_vec()));
        let client = Client::sync(server.port);
        let r = client.request(verb, 0, 2);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
        let expect: &[u8] = if reply.starts_with(b"HTTP/1.1 200") && verb == "GET" {
            b"first"
        } else {
            b""
        };
        assert_eq!(read_body(r), (expect.to_vec(), 0));
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_close_handle(r) };
        client.second_request_is_fresh(&server);
    }
}

#[test]
fn unasked_protocol_switch() {
    // A 101 Switching Protocols that the client never asked for (it sent no Upgrade): after it
    // the connection speaks another protocol, so it must never carry another HTTP request.
    let server = Server::scripted(reply_and_hold(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
            .to_vec(),
    ));
    let client = Client::sync(server.port);
    // rinet refuses it as an invalid response.
    let (r, rc) = client.get();
    assert_eq!(rc, INVALID_SERVER_RESPONSE);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

// ---------------------------------------------------------------------------------------------
// Uploads
// ---------------------------------------------------------------------------------------------

/// Upload total for the upload tests: far more than the socket buffers can hold.
const UPLOAD_TOTAL: u32 = 64 << 20;

const TOO_LARGE: &[u8] = b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 5\r\n\r\nlarge";

/// Script: read the request head, wait (without reading) until `blocked` returns, which it does
/// once the client's write waits on its full socket, answer 413, then hold the connection
/// without ever reading the body until the test ends.
fn answer_early(
    blocked: impl FnOnce() + Send + 'static,
) -> impl FnOnce(TcpStream, &AtomicBool) -> After + Send {
    move |mut sock, stop| {
        if read_head(&mut sock).is_some() {
            blocked();
            let _ = sock.write_all(TOO_LARGE);
        }
        hold_without_reading(sock, stop)
    }
}

/// Write `chunk` repeatedly (sync session) until a write fails; returns that error.
fn write_until_error(r: rinet_handle) -> u32 {
    inside(|| write_until_error_inside(r))
}

fn write_until_error_inside(r: rinet_handle) -> u32 {
    let chunk = vec![b'x'; 256 * 1024];
    let mut sent = 0u64;
    loop {
        let mut n = 0u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_write_file(
                r,
                chunk.as_ptr() as *const c_void,
                chunk.len() as u32,
                &mut n,
            )
        };
        if rc != 0 {
            return rc;
        }
        sent += n as u64;
        assert!(sent < UPLOAD_TOTAL as u64, "the upload must stop early");
    }
}

/// After an early answer: end_request succeeds and the answer reads in full.
fn early_answer_is_delivered(r: rinet_handle) {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_end_request(r, null_mut(), 0, 0) }, 0);
    assert_eq!(status_of(r), 413);
    assert_eq!(read_body(r), (b"large".to_vec(), 0));
}

#[test]
fn early_response_then_close() {
    // The server reads the request head, answers 413 at once and closes without reading the
    // body (the unread bytes make the close a reset). The writes fail once the server is gone;
    // end_request then delivers the 413 the server sent before it went.
    let server = Server::scripted(|mut sock: TcpStream| {
        if read_head(&mut sock).is_some() {
            let _ = sock.write_all(TOO_LARGE);
        }
        After::Closed
    });
    let client = Client::sync(server.port);
    let r = client.request("POST", 0, 2);
    let b = buffers(UPLOAD_TOTAL);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request_ex(r, &b, null_mut(), 0, 0) }, 0);
    let err = write_until_error(r);
    assert!(
        err == CONNECTION_ABORTED || err == CONNECTION_RESET,
        "write_file after an early answer: {err}"
    );
    early_answer_is_delivered(r);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

#[test]
fn early_response_ends_a_blocked_write() {
    // The server stops reading after the head and answers 413 once the client's socket is full
    // and its write is waiting (the test's thread sleeps inside the write), keeping the
    // connection open. The answer ends that write with 12030 (no timeout is involved).
    let caller = Caller::this_thread();
    let server = Server::scripted_until_stop(answer_early(move || caller.wait_blocked()));
    let client = Client::sync(server.port);
    let r = client.request("POST", 0, 2);
    let b = buffers(UPLOAD_TOTAL);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request_ex(r, &b, null_mut(), 0, 0) }, 0);
    let started = Instant::now();
    assert_eq!(write_until_error(r), CONNECTION_ABORTED);
    // The answer ended it, not the session's send timeout (which would give 12002).
    assert!(started.elapsed() < WELL_BEFORE_THE_SESSION_TIMEOUT);
    early_answer_is_delivered(r);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

#[test]
fn early_response_completes_a_pending_write() {
    // The asynchronous form: the write pends on the full socket, and the early answer, sent once
    // the write has pended, completes it with {0, 12030}; end_request then pends and completes
    // with the 413.
    let pended = Signal::default();
    let pended_ = pended.clone();
    let server = Server::scripted_until_stop(answer_early(move || pended_.wait()));
    let client = Client::open(server.port, RINET_FLAG_ASYNC, 0);
    let ctx = NEXT_CTX.fetch_add(1, Ordering::SeqCst);
    let r = client.request("POST", 0, ctx);
    let b = buffers(UPLOAD_TOTAL);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request_ex(r, &b, null_mut(), 0, 0) },
        PENDING
    );
    assert_eq!(wait_complete(ctx), (1, 0));
    let data = vec![b'x'; 32 << 20];
    let written = Box::into_raw(Box::new(0u32));
    let started = Instant::now();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_write_file(
            r,
            data.as_ptr() as *const c_void,
            data.len() as u32,
            written,
        )
    };
    assert_eq!(rc, PENDING);
    pended.raise();
    assert_eq!(wait_complete(ctx), (0, CONNECTION_ABORTED));
    // The answer ended it, not the session's send timeout (which would give 12002).
    assert!(started.elapsed() < WELL_BEFORE_THE_SESSION_TIMEOUT);
    // SAFETY: allocated above; the write has completed, so rinet no longer writes it.
    drop(unsafe { Box::from_raw(written) });
    drop(data);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_end_request(r, null_mut(), 0, 0) }, PENDING);
    assert_eq!(wait_complete(ctx), (1, 0));
    assert_eq!(status_of(r), 413);
    let mut buf = [0u8; 16];
    let count = Box::into_raw(Box::new(0u32));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, 16, count) };
    if rc == PENDING {
        assert_eq!(wait_complete(ctx), (1, 0));
    } else {
        assert_eq!(rc, 0);
    }
    // SAFETY: allocated above; the read has completed.
    let n = *unsafe { Box::from_raw(count) };
    assert_eq!(&buf[..n as usize], b"large");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    second_async_request_is_fresh(&client, &server);
}

/// Script: read the request head, then never read again (see [`hold_without_reading`]).
fn never_read(mut sock: TcpStream, stop: &AtomicBool) -> After {
    let _ = read_head(&mut sock);
    hold_without_reading(sock, stop)
}

/// Keep the connection open without reading from it until the client closes it or the test
/// ends (the server is dropped). (A client closing with unsent bytes queued cannot deliver its
/// FIN to a server that never reads, so the end of the test is what usually stops this.)
fn hold_without_reading(sock: TcpStream, stop: &AtomicBool) -> After {
    while !stop.load(Ordering::SeqCst) && !is_closed_by_peer(&sock) {
        thread::sleep(Duration::from_millis(10));
    }
    After::Closed
}

/// True once the peer closed or reset the connection (without reading any data).
fn is_closed_by_peer(sock: &TcpStream) -> bool {
    use std::os::unix::io::AsRawFd;
    let mut pfd = libc::pollfd {
        fd: sock.as_raw_fd(),
        events: libc::POLLRDHUP,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let rc = unsafe { libc::poll(&mut pfd, 1, 0) };
    rc > 0 && pfd.revents & (libc::POLLRDHUP | libc::POLLHUP | libc::POLLERR) != 0
}

#[test]
fn never_reading_server_write_pends_then_times_out() {
    let server = Server::scripted_until_stop(never_read);
    let client = Client::open(server.port, RINET_FLAG_ASYNC, 0);
    let ctx = NEXT_CTX.fetch_add(1, Ordering::SeqCst);
    let r = client.request("POST", 0, ctx);
    set_dword(r, RINET_OPTION_SEND_TIMEOUT, 300);
    let b = buffers(UPLOAD_TOTAL);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request_ex(r, &b, null_mut(), 0, 0) },
        PENDING
    );
    assert_eq!(wait_complete(ctx), (1, 0));

    // More than the socket buffers hold: the write pends, using the buffer in place.
    let data = vec![b'x'; 32 << 20];
    let written = Box::new(0u32);
    let written = Box::into_raw(written);
    let started = Instant::now();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_write_file(
            r,
            data.as_ptr() as *const c_void,
            data.len() as u32,
            written,
        )
    };
    assert_eq!(rc, PENDING, "a write the socket cannot take pends");
    assert_eq!(wait_complete(ctx), (0, TIMEOUT));
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(250) && took < WELL_BEFORE_THE_SESSION_TIMEOUT,
        "the request's send timeout ends the pending write: {took:?}"
    );
    // SAFETY: allocated above; the write has completed, so rinet no longer writes it.
    drop(unsafe { Box::from_raw(written) });
    drop(data);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    assert!(statuses(ctx).contains(&30), "SENDING_REQUEST for the write");
    second_async_request_is_fresh(&client, &server);
}

#[test]
fn never_reading_server_write_pends_until_closed() {
    let server = Server::scripted_until_stop(never_read);
    let client = Client::open(server.port, RINET_FLAG_ASYNC, 0);
    let ctx = NEXT_CTX.fetch_add(1, Ordering::SeqCst);
    let r = client.request("POST", 0, ctx);
    let b = buffers(UPLOAD_TOTAL);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request_ex(r, &b, null_mut(), 0, 0) },
        PENDING
    );
    assert_eq!(wait_complete(ctx), (1, 0));
    let data = vec![b'x'; 32 << 20];
    let written = Box::into_raw(Box::new(0u32));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_write_file(
            r,
            data.as_ptr() as *const c_void,
            data.len() as u32,
            written,
        )
    };
    assert_eq!(rc, PENDING);
    // Still pending a while later: nothing but the session's send timeout or a close ends it.
    thread::sleep(Duration::from_millis(200));
    assert!(!statuses(ctx).contains(&100));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    assert_eq!(wait_complete(ctx), (0, CANCELLED));
    // SAFETY: allocated above; the write has completed, so rinet no longer writes it.
    drop(unsafe { Box::from_raw(written) });
    drop(data);
    // HANDLE_CLOSING is the last notification for the request.
    let deadline = Instant::now() + STALL;
    while statuses(ctx).last() != Some(&70) {
        assert!(
            Instant::now() < deadline,
            "no HANDLE_CLOSING: {:?}",
            statuses(ctx)
        );
        thread::sleep(Duration::from_millis(5));
    }
    second_async_request_is_fresh(&client, &server);
}

#[test]
fn never_reading_server_blocks_a_sync_write_until_the_send_timeout() {
    let server = Server::scripted_until_stop(never_read);
    let client = Client::sync(server.port);
    let r = client.request("POST", 0, 2);
    set_dword(r, RINET_OPTION_SEND_TIMEOUT, 300);
    let b = buffers(UPLOAD_TOTAL);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request_ex(r, &b, null_mut(), 0, 0) }, 0);
    let data = vec![b'x'; 32 << 20];
    let mut n = 0u32;
    let started = Instant::now();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc =
        unsafe { rinet_write_file(r, data.as_ptr() as *const c_void, data.len() as u32, &mut n) };
    assert_eq!(rc, TIMEOUT);
    assert!(started.elapsed() < WELL_BEFORE_THE_SESSION_TIMEOUT);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    client.second_request_is_fresh(&server);
}

/// The asynchronous form of [`Client::second_request_is_fresh`].
fn second_async_request_is_fresh(client: &Client, server: &Server) {
    let ctx = NEXT_CTX.fetch_add(1, Ordering::SeqCst);
    let r = client.request("GET", 0, ctx);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(r, null(), 0, null(), 0) },
        PENDING
    );
    assert_eq!(wait_complete(ctx), (1, 0));
    let mut buf = vec![0u8; 64];
    let count = Box::into_raw(Box::new(0u32));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, 64, count) };
    if rc == PENDING {
        assert_eq!(wait_complete(ctx), (1, 0));
    } else {
        assert_eq!(rc, 0);
    }
    // SAFETY: allocated above; the read has completed.
    let n = *unsafe { Box::from_raw(count) };
    assert_eq!(&buf[..n as usize], b"fresh");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    assert_eq!(server.reused(), 0, "the hostile connection was reused");
    assert_eq!(
        server.accepts(),
        2,
        "the second request must open a new connection"
    );
    assert!(
        statuses(ctx).contains(&20),
        "the second request connects anew"
    );
}

// ---------------------------------------------------------------------------------------------
// TLS
// ---------------------------------------------------------------------------------------------

mod tls {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    use rustls::{ServerConfig, ServerConnection};
    use support::scratch::Scratch;

    /// A CA (written to `ca.pem` in the returned scratch directory, for RINET_OPTION_CA_FILE)
    /// and a server config whose leaf it signed for 127.0.0.1.
    pub fn setup() -> (Scratch, Arc<ServerConfig>) {
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.distinguished_name
            .push(DnType::CommonName, "rinet hostile test CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let issuer = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()])
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        let dir = Scratch::new("hostile-tls");
        std::fs::write(dir.join("ca.pem"), issuer.pem()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let cfg = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap();
        (dir, Arc::new(cfg))
    }

    /// Handshake, then read one request head. None if the client went away.
    fn accept(cfg: Arc<ServerConfig>, sock: &mut TcpStream) -> Option<ServerConnection> {
        let mut conn = ServerConnection::new(cfg).ok()?;
        while conn.is_handshaking() {
            conn.complete_io(sock).ok()?;
        }
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while find(&head, b"\r\n\r\n").is_none() {
            match conn.reader().read(&mut buf) {
                Ok(0) => return None,
                Ok(n) => head.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    conn.complete_io(sock).ok()?;
                }
                Err(_) => return None,
            }
        }
        Some(conn)
    }

    /// The TLS records that carry `plain`.
    fn records(conn: &mut ServerConnection, plain: &[u8]) -> Vec<u8> {
        conn.writer().write_all(plain).unwrap();
        let mut wire = Vec::new();
        while conn.wants_write() {
            conn.write_tls(&mut wire).unwrap();
        }
        wire
    }

    /// The first connection: a 200 with Content-Length 1000; the head and 400 body bytes go
    /// out whole, then the record with the next 600 bytes is cut in its middle and the socket
    /// closed (no close_notify). Later connections answer `fresh`.
    pub fn cut_mid_record(cfg: Arc<ServerConfig>) -> Server {
        let first = Arc::new(AtomicBool::new(true));
        let handler: Handler = Arc::new(move |mut sock: TcpStream| {
            let Some(mut conn) = accept(cfg.clone(), &mut sock) else {
                return;
            };
            if first.swap(false, Ordering::SeqCst) {
                let mut whole = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".to_vec();
                whole.extend_from_slice(&[b'a'; 400]);
                let whole = records(&mut conn, &whole);
                let cut = records(&mut conn, &[b'b'; 600]);
                let _ = sock.write_all(&whole);
                let _ = sock.write_all(&cut[..cut.len() / 2]);
                wait_delivered(&sock);
                let _ = sock.shutdown(Shutdown::Both);
                return;
            }
            let reply = records(
                &mut conn,
                b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh",
            );
            let _ = sock.write_all(&reply);
            // Keep the connection until the client closes it.
            let mut b = [0u8; 1024];
            while matches!(sock.read(&mut b), Ok(n) if n > 0) {}
        });
        Server::start(handler, Arc::default(), Arc::default())
    }
}

#[test]
fn tls_cut_mid_record() {
    let (ca_dir, cfg) = tls::setup();
    let server = tls::cut_mid_record(cfg);
    let client = Client::open(server.port, 0, FLAG_SECURE);
    let ca_path = cstr(ca_dir.join("ca.pem").to_str().unwrap());
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                client.session,
                RINET_OPTION_CA_FILE,
                ca_path.as_ptr() as *mut c_void,
                0,
            )
        },
        0
    );
    // The connect handle was made before the CA option: set it there too.
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                client.connect,
                RINET_OPTION_CA_FILE,
                ca_path.as_ptr() as *mut c_void,
                0,
            )
        },
        0
    );
    let r = client.request("GET", FLAG_SECURE, 2);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_of(r), 200);
    // The 400 bytes of the whole record arrive; the cut record never turns into body bytes.
    assert_eq!(read_body(r), (vec![b'a'; 400], CONNECTION_ABORTED));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };

    let r = client.request("GET", FLAG_SECURE, 3);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(read_body(r), (b"fresh".to_vec(), 0));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_close_handle(r) };
    assert_eq!(
        server.accepts(),
        2,
        "the second request must open a new connection"
    );
}
