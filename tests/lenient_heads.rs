// SPDX-License-Identifier: MIT OR Apache-2.0
//! Lenient response heads: what WinInet tolerates in a response head, read the same way by
//! rinet, next to the framing faults that stay refused however lenient the head around them.
//!
//! A scripted raw server (tests/support/tcp.rs) sends exact bytes. Its first connection plays
//! the test's script: it reads the request head, writes the script's reply, and then answers
//! every further request on that connection with `200 OK` and the body `fresh`. Every later
//! connection answers `fresh` too. A test counts the connections: a response read leniently but
//! framed exactly leaves its connection in step, so the next request reuses it (one accept); a
//! refused one leaves the connection unusable, so the next request opens a new one (two).
//!
//! Every check runs in three sessions: synchronous, asynchronous with rinet's reactor thread,
//! and asynchronous driven by a thread of the test (RINET_FLAG_DRIVEN: it polls
//! rinet_session_fd and calls rinet_session_process, as an application's event loop does).

mod support;

use std::ffi::{c_void, CString};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self};
use std::time::{Duration, Instant};

use rinet::ffi::options::*;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::modes::{next_context, record, wait_complete, Driver, Mode, MODES};
use support::tcp::TcpServer;

const INVALID_SERVER_RESPONSE: u32 = 12152;
const PENDING: u32 = 997;
const HEADER_NOT_FOUND: u32 = 12150;

/// HTTP_QUERY_* levels.
const QUERY_VERSION: u32 = 18;
const QUERY_STATUS_CODE: u32 = 19;
const QUERY_STATUS_TEXT: u32 = 20;
const QUERY_RAW_HEADERS_CRLF: u32 = 22;
const QUERY_CONTENT_LENGTH: u32 = 5;
const QUERY_SERVER: u32 = 37;
const QUERY_CUSTOM: u32 = 65535;
const QUERY_FLAG_NUMBER: u32 = 0x2000_0000;
/// INTERNET_REQFLAG_NO_HEADERS.
const REQFLAG_NO_HEADERS: u32 = 8;

/// The longest a server thread waits on its socket, and the longest wait for a notification.
/// Only a broken test reaches it.
const STALL: Duration = Duration::from_secs(60);

/// The session's timeouts: long, so that a broken case fails instead of hanging, and never
/// reached by a passing one.
const SESSION_TIMEOUT_MS: u32 = 60_000;

// ---------------------------------------------------------------------------------------------
// The scripted server
// ---------------------------------------------------------------------------------------------

/// A server whose first connection runs a script; see the module documentation.
struct Scripted {
    server: TcpServer,
    accepts: Arc<AtomicUsize>,
}

impl Scripted {
    fn start(script: impl Fn(TcpStream) + Send + Sync + 'static) -> Scripted {
        let accepts = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepts);
        let server = TcpServer::start(move |sock: TcpStream| {
            sock.set_read_timeout(Some(STALL)).unwrap();
            sock.set_write_timeout(Some(STALL)).unwrap();
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                script(sock);
            } else {
                answer_fresh(sock);
            }
        });
        Scripted { server, accepts }
    }

    fn port(&self) -> u16 {
        self.server.port()
    }

    fn accepts(&self) -> usize {
        self.accepts.load(Ordering::SeqCst)
    }
}

/// Read one request head (through CR LF CR LF). None at the end of the stream.
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

/// `fresh` to every request, until the client closes.
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

/// Script: read the request head, send `reply`, then answer `fresh` on the same connection.
fn reply(reply: &'static [u8]) -> impl Fn(TcpStream) + Send + Sync + 'static {
    move |mut sock| {
        if read_head(&mut sock).is_some() && sock.write_all(reply).is_ok() {
            answer_fresh(sock);
        }
    }
}

/// Script: read the request head, send `reply`, close the connection (FIN).
fn reply_and_close(reply: Vec<u8>) -> impl Fn(TcpStream) + Send + Sync + 'static {
    move |mut sock| {
        if read_head(&mut sock).is_some() {
            let _ = sock.write_all(&reply);
        }
        let _ = sock.shutdown(Shutdown::Both);
    }
}

// ---------------------------------------------------------------------------------------------
// The client, through the C API, in three kinds of session
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

/// A session and a connect handle to 127.0.0.1:`port`.
struct Client {
    mode: Mode,
    session: rinet_handle,
    connect: rinet_handle,
    driver: Option<Driver>,
}

impl Client {
    fn open(mode: Mode, port: u16) -> Client {
        let flags = mode.flags();
        let mut session = null_mut();
        let agent = cstr("rinet-lenient");
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_open(agent.as_ptr(), 1, null(), null(), flags, &mut session) },
            0
        );
        if mode != Mode::Sync {
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
        let driver = (mode == Mode::Driven).then(|| Driver::start(session));
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
                    0,
                    1,
                    &mut connect,
                )
            },
            0
        );
        Client {
            mode,
            session,
            connect,
            driver,
        }
    }

    /// Open a request (not sent yet).
    fn request(&self, verb: &str) -> Req {
        let ctx = next_context();
        let (verb, path) = (cstr(verb), cstr("/lenient"));
        let mut h = null_mut();
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
                    0,
                    ctx,
                    &mut h,
                )
            },
            0
        );
        Req {
            h,
            ctx,
            mode: self.mode,
        }
    }

    /// Open and send a GET: the request and the send's result (0, or the error code).
    fn get(&self) -> (Req, u32) {
        let r = self.request("GET");
        let rc = r.send();
        (r, rc)
    }

    /// After a response rinet refused: the next request gets `fresh` over a new connection.
    fn next_request_is_fresh(&self, server: &Scripted) {
        let (r, rc) = self.get();
        assert_eq!(rc, 0, "{:?}: the next request must succeed", self.mode);
        assert_eq!(r.read_all(), (b"fresh".to_vec(), 0));
        drop(r);
        assert_eq!(
            server.accepts(),
            2,
            "{:?}: the refused connection must not be used again",
            self.mode
        );
    }

    /// After a response read leniently: the next request gets `fresh` over the same connection,
    /// which the lenient read left in step.
    fn next_request_reuses(&self, server: &Scripted) {
        let (r, rc) = self.get();
        assert_eq!(rc, 0, "{:?}: the next request must succeed", self.mode);
        assert_eq!(r.read_all(), (b"fresh".to_vec(), 0));
        drop(r);
        assert_eq!(
            server.accepts(),
            1,
            "{:?}: the connection must be reused",
            self.mode
        );
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_close_handle(self.session) };
        self.driver.take();
    }
}

/// A request handle, closed on drop.
struct Req {
    h: rinet_handle,
    ctx: usize,
    mode: Mode,
}

impl Req {
    /// What a call that may pend came to: its own result, or its REQUEST_COMPLETE's error.
    fn finish(&self, rc: u32) -> u32 {
        if self.mode != Mode::Sync && rc == PENDING {
            wait_complete(self.ctx)
        } else {
            rc
        }
    }

    fn send(&self) -> u32 {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        self.finish(unsafe { rinet_send_request(self.h, null(), 0, null(), 0) })
    }

    /// Read the body to its end: (bytes, 0) after a read of 0 bytes, or (bytes read, error)
    /// when a read failed.
    fn read_all(&self) -> (Vec<u8>, u32) {
        let mut body = Vec::new();
        let mut buf = vec![0u8; 4096];
        loop {
            // The count is written at completion when the read pends: it lives on the heap,
            // until then.
            let mut n = Box::new(0u32);
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            let rc = unsafe {
                rinet_read_file(
                    self.h,
                    buf.as_mut_ptr() as *mut c_void,
                    buf.len() as u32,
                    &mut *n,
                )
            };
            let rc = self.finish(rc);
            if rc != 0 {
                return (body, rc);
            }
            if *n == 0 {
                return (body, 0);
            }
            body.extend_from_slice(&buf[..*n as usize]);
        }
    }

    fn status(&self) -> u32 {
        let mut v = 0u32;
        let mut len = 4u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_query_info(
                self.h,
                QUERY_STATUS_CODE | QUERY_FLAG_NUMBER,
                &mut v as *mut u32 as *mut c_void,
                &mut len,
                null_mut(),
            )
        };
        assert_eq!(rc, 0, "status code query");
        v
    }

    /// A text query: the text, or the error code.
    fn text(&self, level: u32) -> Result<String, u32> {
        let mut buf = vec![0u8; 8192];
        let mut len = buf.len() as u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_query_info(
                self.h,
                level,
                buf.as_mut_ptr() as *mut c_void,
                &mut len,
                null_mut(),
            )
        };
        if rc != 0 {
            return Err(rc);
        }
        buf.truncate(len as usize);
        Ok(String::from_utf8(buf).unwrap())
    }

    /// HTTP_QUERY_CUSTOM: the value of the header called `name`, or the error code.
    fn header(&self, name: &str) -> Result<String, u32> {
        let mut buf = vec![0u8; 8192];
        buf[..name.len()].copy_from_slice(name.as_bytes());
        let mut len = buf.len() as u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_query_info(
                self.h,
                QUERY_CUSTOM,
                buf.as_mut_ptr() as *mut c_void,
                &mut len,
                null_mut(),
            )
        };
        if rc != 0 {
            return Err(rc);
        }
        buf.truncate(len as usize);
        Ok(String::from_utf8(buf).unwrap())
    }

    /// INTERNET_OPTION_REQUEST_FLAGS.
    fn request_flags(&self) -> u32 {
        let mut v = 0u32;
        let mut len = 4u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_query_option(
                    self.h,
                    RINET_OPTION_REQUEST_FLAGS,
                    &mut v as *mut u32 as *mut c_void,
                    &mut len,
                )
            },
            0
        );
        v
    }
}

impl Drop for Req {
    fn drop(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(self.h) }, 0);
    }
}

/// In every mode: the reply `wire` to a GET is refused with 12152 when the request is sent, and
/// the next request goes over a new connection.
fn refused(wire: &'static [u8]) {
    for mode in MODES {
        let server = Scripted::start(reply(wire));
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        assert_eq!(
            rc,
            INVALID_SERVER_RESPONSE,
            "{mode:?}: {:?}",
            String::from_utf8_lossy(wire)
        );
        drop(r);
        client.next_request_is_fresh(&server);
    }
}

// ---------------------------------------------------------------------------------------------
// Interim (1xx) responses
// ---------------------------------------------------------------------------------------------

/// In every mode, the reply `wire` (interim responses, then the final head with `Server:
/// rinet-test` and `Content-Length: 5`, then `hello`) reads as that final response alone, and
/// the connection stays in step.
fn final_response_after(wire: &'static [u8]) {
    for mode in MODES {
        let server = Scripted::start(reply(wire));
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        let what = format!("{mode:?}: {:?}", String::from_utf8_lossy(wire));
        assert_eq!(rc, 0, "{what}");
        assert_eq!(r.status(), 200, "{what}");
        assert_eq!(r.text(QUERY_STATUS_TEXT).as_deref(), Ok("OK"), "{what}");
        assert_eq!(r.text(QUERY_VERSION).as_deref(), Ok("HTTP/1.1"), "{what}");
        assert_eq!(r.text(QUERY_SERVER).as_deref(), Ok("rinet-test"), "{what}");
        assert_eq!(
            r.text(QUERY_RAW_HEADERS_CRLF).as_deref(),
            Ok("HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\n"),
            "{what}: nothing of the interim responses shows"
        );
        assert_eq!(r.read_all(), (b"hello".to_vec(), 0), "{what}");
        drop(r);
        client.next_request_reuses(&server);
    }
}

#[test]
fn bare_continue_lines_before_the_final_response() {
    // Status lines of 100 Continue with no empty line after them, as WinInet reads them.
    final_response_after(
        b"HTTP/1.1 100 Continue\r\nHTTP/1.1 100 Continue\r\n\
          HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\nhello",
    );
    // LF line ends, no reason phrase, HTTP/1.0, a mix of bare and complete ones.
    final_response_after(
        b"HTTP/1.1 100 Continue\nHTTP/1.1 100\r\nHTTP/1.0 100 Continue\r\n\r\n\
          HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\nhello",
    );
    // Empty lines before, between and after them.
    final_response_after(
        b"\r\nHTTP/1.1 100 Continue\r\n\r\n\r\n\nHTTP/1.1 100 Continue\r\n\
          HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\nhello",
    );
}

#[test]
fn interim_responses_with_headers_and_garbage_lines() {
    // An interim response's own headers and lines that are no headers, then another one with
    // a garbage line, then (after a complete 103 and more lines that belong to no response)
    // the final response.
    final_response_after(
        b"HTTP/1.1 100 Continue\r\nServer: continue\r\nTag: something witty\r\n\
          Garbage: Header\r\nHTTP/1.1 100 Continue\r\nGarbage: Header\r\n\
          HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n\
          this line is junk\r\n\r\nand so is this one\n\
          HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\nhello",
    );
    // An interim head whose lines are not even header lines.
    final_response_after(
        b"HTTP/1.1 102 Processing\r\nno colon here\r\n\x01\x02 binary \xff\r\n\r\n\
          HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\nhello",
    );
}

/// Waits until the peer has acknowledged every byte written on `sock` (its send queue is
/// empty): those bytes are then in the client's socket. Gives up after [`STALL`].
fn wait_delivered(sock: &TcpStream) {
    use std::os::unix::io::AsRawFd;
    let deadline = Instant::now() + STALL;
    loop {
        let mut queued: libc::c_int = 0;
        // SAFETY: TIOCOUTQ writes one int for a valid socket descriptor.
        let rc = unsafe { libc::ioctl(sock.as_raw_fd(), libc::TIOCOUTQ, &mut queued) };
        if rc != 0 || queued == 0 || Instant::now() > deadline {
            return;
        }
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn bare_continue_during_an_upload() {
    // The server sends a bare "100 Continue" line as soon as the request head arrives, and
    // starts reading the body only once that line is in the client's socket. The body is far
    // larger than the sockets hold, so the write waits for the server and finds the line while
    // it waits: an interim response, which does not end the upload early.
    const LEN: usize = 16 << 20;
    let body: Arc<Vec<u8>> = Arc::new((0..LEN).map(|i| (i % 251) as u8).collect());
    for mode in MODES {
        let got = Arc::new(AtomicBool::new(false));
        let (seen, expected) = (Arc::clone(&got), Arc::clone(&body));
        let server = Scripted::start(move |mut sock: TcpStream| {
            if read_head(&mut sock).is_none()
                || sock.write_all(b"HTTP/1.1 100 Continue\r\n").is_err()
            {
                return;
            }
            wait_delivered(&sock);
            let mut upload = vec![0u8; LEN];
            if sock.read_exact(&mut upload).is_err() {
                return;
            }
            seen.store(upload == *expected, Ordering::SeqCst);
            if sock
                .write_all(b"HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 2\r\n\r\nok")
                .is_ok()
            {
                answer_fresh(sock);
            }
        });
        let client = Client::open(mode, server.port());
        let r = client.request("POST");
        let b = rinet_buffers {
            dwStructSize: std::mem::size_of::<rinet_buffers>() as u32,
            Next: null_mut(),
            lpcszHeader: null(),
            dwHeadersLength: 0,
            dwHeadersTotal: 0,
            lpvBuffer: null_mut(),
            dwBufferLength: 0,
            dwBufferTotal: LEN as u32,
            dwOffsetLow: 0,
            dwOffsetHigh: 0,
        };
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            r.finish(unsafe { rinet_send_request_ex(r.h, &b, null_mut(), 0, r.ctx) }),
            0,
            "{mode:?}: send_request_ex"
        );
        let mut written = Box::new(0u32);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_write_file(
                r.h,
                body.as_ptr() as *const c_void,
                LEN as u32,
                &mut *written,
            )
        };
        assert_eq!(r.finish(rc), 0, "{mode:?}: write_file");
        assert_eq!(*written, LEN as u32);
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            r.finish(unsafe { rinet_end_request(r.h, null_mut(), 0, r.ctx) }),
            0,
            "{mode:?}: end_request"
        );
        assert_eq!(r.status(), 200, "{mode:?}");
        assert_eq!(r.read_all(), (b"ok".to_vec(), 0), "{mode:?}");
        assert!(
            got.load(Ordering::SeqCst),
            "{mode:?}: the server got the body"
        );
        drop(r);
        client.next_request_reuses(&server);
    }
}

#[test]
fn framing_faults_after_interim_responses_are_still_refused() {
    // Both framings at once.
    refused(
        b"HTTP/1.1 100 Continue\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\
          Content-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    // Two lengths that disagree, after junk lines.
    refused(
        b"HTTP/1.1 100 Continue\r\n\r\njunk\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\
          Content-Length: 6\r\n\r\nhello!",
    );
    // A NUL in an interim head, and in a line after one.
    refused(
        b"HTTP/1.1 100 Continue\r\nX: a\0b\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    );
    refused(b"HTTP/1.1 100 Continue\r\n\r\nju\0nk\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    // Seventeen interim responses, bare ones too.
    let mut many = b"HTTP/1.1 100 Continue\r\n".repeat(17);
    many.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    refused(many.leak());
}

#[test]
fn bad_chunks_after_interim_responses_are_still_refused() {
    for size in ["zz", "ffffffffffffffff", "10000000000000000"] {
        for mode in MODES {
            let wire = format!(
                "HTTP/1.1 100 Continue\r\nGarbage\r\nHTTP/1.1 200 OK\r\nno header line\r\n\
                 Transfer-Encoding: chunked\r\n\r\n{size}\r\nhello\r\n0\r\n\r\n"
            );
            let server = Scripted::start(reply(wire.into_bytes().leak()));
            let client = Client::open(mode, server.port());
            let (r, rc) = client.get();
            assert_eq!(rc, 0, "{mode:?}: the head is valid");
            assert_eq!(r.status(), 200);
            assert_eq!(
                r.read_all(),
                (Vec::new(), INVALID_SERVER_RESPONSE),
                "{mode:?}: chunk size {size}"
            );
            drop(r);
            client.next_request_is_fresh(&server);
        }
    }
}

#[test]
fn lines_after_interim_responses_are_bounded_by_the_head_limit() {
    // Junk lines after an interim response count against the head size limit
    // (RINET_OPTION_MAX_HEADER_SIZE, here 1024 bytes): 2000 bytes of them are refused ...
    let mut junk = b"HTTP/1.1 100 Continue\r\n\r\n".to_vec();
    for _ in 0..100 {
        junk.extend_from_slice(b"junk junk junk junk\r\n");
    }
    junk.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    let junk: &'static [u8] = junk.leak();
    for mode in MODES {
        let server = Scripted::start(reply(junk));
        let client = Client::open(mode, server.port());
        set_dword(client.connect, RINET_OPTION_MAX_HEADER_SIZE, 1024);
        let (r, rc) = client.get();
        assert_eq!(rc, INVALID_SERVER_RESPONSE, "{mode:?}");
        drop(r);
        client.next_request_is_fresh(&server);
    }
    // ... and so is one endless junk line.
    for mode in MODES {
        let server = Scripted::start(|mut sock: TcpStream| {
            if read_head(&mut sock).is_some() {
                let _ = sock.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                let _ = sock.write_all(&vec![b'j'; 100 * 1024]);
                answer_fresh(sock);
            }
        });
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        assert_eq!(rc, INVALID_SERVER_RESPONSE, "{mode:?}");
        drop(r);
        client.next_request_is_fresh(&server);
    }
}

// ---------------------------------------------------------------------------------------------
// Lines of a head that are no header lines
// ---------------------------------------------------------------------------------------------

#[test]
fn lines_that_are_no_header_lines_are_skipped() {
    let wire: &[u8] = b"HTTP/1.1 200 OK\r\nServer: rinet-test\r\nBad Header Line\r\n\
        X Bad: 1\r\n(bad)name: 2\r\nX-Ctl: a\x01b\r\n: no name\r\n\tfolded after junk\r\n\
        \xff\xfe\r\nContent-Length: 5\r\n\r\nhello";
    for mode in MODES {
        let server = Scripted::start(reply(wire));
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        assert_eq!(rc, 0, "{mode:?}");
        assert_eq!(r.status(), 200, "{mode:?}");
        assert_eq!(r.text(QUERY_SERVER).as_deref(), Ok("rinet-test"));
        assert_eq!(r.header("X-Ctl"), Err(HEADER_NOT_FOUND));
        assert_eq!(r.header("X Bad"), Err(HEADER_NOT_FOUND));
        assert_eq!(
            r.text(QUERY_RAW_HEADERS_CRLF).as_deref(),
            Ok("HTTP/1.1 200 OK\r\nServer: rinet-test\r\nContent-Length: 5\r\n\r\n"),
            "{mode:?}: the skipped lines do not show"
        );
        assert_eq!(r.read_all(), (b"hello".to_vec(), 0), "{mode:?}");
        drop(r);
        client.next_request_reuses(&server);
    }
}

#[test]
fn a_second_status_line_in_a_head_is_skipped() {
    // A head whose second line repeats the status line, ending in a bare LF: WinInet reads the
    // first status line and the headers after the repeated one.
    let wire: &[u8] = b"HTTP/1.0 401 Anonymous requests are not allowed\r\n\
        HTTP/1.0 401 Anonymous requests are not allowed d`0|6\n\
        Server: rinet-test\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nhello";
    for mode in MODES {
        let server = Scripted::start(reply(wire));
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        assert_eq!(rc, 0, "{mode:?}");
        assert_eq!(r.status(), 401, "{mode:?}");
        assert_eq!(
            r.text(QUERY_STATUS_TEXT).as_deref(),
            Ok("Anonymous requests are not allowed")
        );
        assert_eq!(r.text(QUERY_VERSION).as_deref(), Ok("HTTP/1.0"));
        assert_eq!(r.text(QUERY_SERVER).as_deref(), Ok("rinet-test"));
        assert_eq!(
            r.text(QUERY_RAW_HEADERS_CRLF).as_deref(),
            Ok(
                "HTTP/1.0 401 Anonymous requests are not allowed\r\nServer: rinet-test\r\n\
                Connection: keep-alive\r\nContent-Length: 5\r\n\r\n"
            )
        );
        assert_eq!(r.read_all(), (b"hello".to_vec(), 0), "{mode:?}");
        drop(r);
        client.next_request_reuses(&server);
    }
}

#[test]
fn framing_faults_next_to_skipped_lines_are_still_refused() {
    // Lines that are no header lines but name a framing header: refused, not skipped.
    refused(b"HTTP/1.1 200 OK\r\nContent-Length\x01: 5\r\n\r\nhello");
    refused(b"HTTP/1.1 200 OK\r\nTransfer-Encoding chunked\r\nContent-Length: 5\r\n\r\nhello");
    refused(b"HTTP/1.1 200 OK\r\n Content-Length: 5\r\n\r\nhello");
    refused(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\x01\r\nContent-Length: 5\r\n\r\nhello");
    // Both framings, and two lengths, with skipped lines around them.
    refused(
        b"HTTP/1.1 200 OK\r\nbad line\r\nTransfer-Encoding: chunked\r\nmore junk\r\n\
          Content-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    refused(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nbad line\r\nContent-Length: 6\r\n\r\nhello!");
    // NUL in a line that would be skipped.
    refused(b"HTTP/1.1 200 OK\r\nbad\0line\r\nContent-Length: 5\r\n\r\nhello");
    // Skipped lines count against the head size limit (here 1024 bytes) ...
    let mut big = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n".to_vec();
    big.extend(b"this is no header line\r\n".repeat(60));
    big.extend_from_slice(b"\r\n");
    let big: &'static [u8] = big.leak();
    for mode in MODES {
        let server = Scripted::start(reply(big));
        let client = Client::open(mode, server.port());
        set_dword(client.connect, RINET_OPTION_MAX_HEADER_SIZE, 1024);
        let (r, rc) = client.get();
        assert_eq!(rc, INVALID_SERVER_RESPONSE, "{mode:?}");
        drop(r);
        client.next_request_is_fresh(&server);
    }
    // ... and against the 256 lines of a head.
    let mut many = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n".to_vec();
    many.extend(b"junk line\r\n".repeat(256));
    many.extend_from_slice(b"\r\n");
    refused(many.leak());
}

// ---------------------------------------------------------------------------------------------
// Replies without a status line (HTTP/0.9)
// ---------------------------------------------------------------------------------------------

/// A flag the test raises and a script waits for.
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

/// Raises its signal when dropped.
struct RaiseOnDrop(Signal);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.raise();
    }
}

#[test]
fn a_reply_without_a_status_line_is_read_as_http_0_9() {
    // The server sends bytes that do not start with "HTTP/" and, once the test has seen the
    // response, the rest of them; then it closes. As in WinInet: status 200 "OK", version
    // HTTP/1.0, no headers, every byte body, to the close.
    for (first, rest) in [
        (
            &b"<HTML>\r\n<HEAD><TITLE>a page</TITLE></HEAD>\r\n"[..],
            &b"<BODY>The quick brown fox</BODY>\r\n</HTML>\r\n\r\n"[..],
        ),
        (b"garbage\r\n\r\n", b"and more\r\n"),
        (b"SSH-2.0-OpenSSH_9.6\r\n", b""),
        (b"\x16\x03\x01\x00\x05hello", b"\x00\xff"),
        (
            b"\r\n\r\nHTXP/1.1 200 OK\r\n",
            b"Content-Length: 1\r\n\r\nx",
        ),
        (b"http/1.1 200 OK\r\n\r\n", b"lower case is no status line"),
    ] {
        for mode in MODES {
            let go = Signal::default();
            let server = Scripted::start({
                let go = go.clone();
                move |mut sock: TcpStream| {
                    if read_head(&mut sock).is_some() && sock.write_all(first).is_ok() {
                        go.wait();
                        let _ = sock.write_all(rest);
                    }
                    let _ = sock.shutdown(Shutdown::Both);
                }
            });
            let what = format!("{mode:?}: {:?}", String::from_utf8_lossy(first));
            // The script is let go whatever happens, so that a failure does not hang it.
            let _release = RaiseOnDrop(go.clone());
            let client = Client::open(mode, server.port());
            let r = client.request("GET");
            assert_eq!(
                r.request_flags(),
                REQFLAG_NO_HEADERS,
                "{what}: before the send"
            );
            assert_eq!(r.send(), 0, "{what}");
            assert_eq!(r.status(), 200, "{what}");
            assert_eq!(r.text(QUERY_STATUS_TEXT).as_deref(), Ok("OK"), "{what}");
            assert_eq!(r.text(QUERY_VERSION).as_deref(), Ok("HTTP/1.0"), "{what}");
            assert_eq!(
                r.text(QUERY_RAW_HEADERS_CRLF).as_deref(),
                Ok("HTTP/1.0 200 OK\r\n\r\n"),
                "{what}"
            );
            assert_eq!(
                r.text(QUERY_CONTENT_LENGTH),
                Err(HEADER_NOT_FOUND),
                "{what}"
            );
            assert_eq!(
                r.request_flags(),
                REQFLAG_NO_HEADERS,
                "{what}: no headers came"
            );
            go.raise();
            let mut body = first.to_vec();
            body.extend_from_slice(rest);
            assert_eq!(r.read_all(), (body, 0), "{what}");
            drop(r);
            // The connection ended with the reply.
            client.next_request_is_fresh(&server);
        }
    }
}

#[test]
fn a_reply_without_a_status_line_on_a_reused_connection_is_refused() {
    // The first request is answered in full on a keep-alive connection; the second, sent on
    // that connection, gets bytes with no status line. Such bytes may be the tail of an earlier
    // response rather than an answer: refused (WinInet would read them as an HTTP/0.9 body).
    for mode in MODES {
        let server = Scripted::start(|mut sock: TcpStream| {
            if read_head(&mut sock).is_none()
                || sock
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    .is_err()
                || read_head(&mut sock).is_none()
            {
                return;
            }
            let _ = sock.write_all(b"<html>smuggled</html>");
            let _ = sock.shutdown(Shutdown::Both);
        });
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        assert_eq!(rc, 0, "{mode:?}");
        assert_eq!(r.read_all(), (b"ok".to_vec(), 0), "{mode:?}");
        drop(r);
        let (r, rc) = client.get();
        assert_eq!(rc, INVALID_SERVER_RESPONSE, "{mode:?}");
        assert_eq!(
            server.accepts(),
            1,
            "{mode:?}: it was sent on the reused connection"
        );
        drop(r);
        client.next_request_is_fresh(&server);
    }
}

#[test]
fn no_status_line_after_an_interim_response_is_refused() {
    // After an interim response, lines that are no status line are skipped, never read as an
    // HTTP/0.9 body: a reply that never gets to its final head is refused.
    for mode in MODES {
        let server = Scripted::start(reply_and_close(
            b"HTTP/1.1 100 Continue\r\n\r\n<html>no final head</html>\r\n".to_vec(),
        ));
        let client = Client::open(mode, server.port());
        let (r, rc) = client.get();
        assert_eq!(rc, INVALID_SERVER_RESPONSE, "{mode:?}");
        drop(r);
        client.next_request_is_fresh(&server);
    }
    // And a status line that is broken is no HTTP/0.9 reply either.
    refused(b"HTTP/1.1 2x0 OK\r\n\r\nbody");
    refused(b"HTTP/9.9 200 OK\r\n\r\nbody");
}
