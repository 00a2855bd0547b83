// SPDX-License-Identifier: MIT OR Apache-2.0
//! A recording raw server and a client through the C API, for tests that check requests on
//! the wire and the notifications each request gets, in the three kinds of session.
//!
//! The server ([`Recorder`]) keeps every request it gets, head and body byte for byte, with
//! the number of the connection it came on, and answers as each test scripts it. The client
//! ([`Client`], [`Req`]) is a session with the recording status callback of
//! [`super::modes`] and a connect handle to the server.

use std::ffi::{c_void, CString};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use rinet::ffi::options::*;
use rinet::ffi::query::{rinet_query_info, rinet_query_info_w16};
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;

use super::modes::{next_context, record, take_statuses, wait_complete, Driver, Mode};
use super::tcp::TcpServer;

pub const PENDING: u32 = 997;
pub const INVALID_PARAMETER: u32 = 87;
pub const HEADER_NOT_FOUND: u32 = 12150;

/// HTTP_ADDREQ_FLAG_*.
pub const ADD: u32 = 0x2000_0000;
pub const ADD_IF_NEW: u32 = 0x1000_0000;
pub const COALESCE: u32 = 0x4000_0000;
pub const REPLACE: u32 = 0x8000_0000;

/// HTTP_QUERY_*.
pub const QUERY_STATUS_CODE: u32 = 19;
pub const QUERY_HOST: u32 = 55;
pub const QUERY_AUTHORIZATION: u32 = 28;
pub const QUERY_CUSTOM: u32 = 65535;
pub const QUERY_FLAG_NUMBER: u32 = 0x2000_0000;
pub const QUERY_FLAG_REQUEST_HEADERS: u32 = 0x8000_0000;

/// INTERNET_FLAG_*.
pub const FLAG_RELOAD: u32 = 0x8000_0000;
pub const FLAG_NO_CACHE_WRITE: u32 = 0x0400_0000;
pub const FLAG_PRAGMA_NOCACHE: u32 = 0x0000_0100;

/// INTERNET_STATUS_*.
pub const RESOLVING_NAME: u32 = 10;
pub const NAME_RESOLVED: u32 = 11;
pub const CONNECTING: u32 = 20;
pub const CONNECTED: u32 = 21;
pub const SENDING: u32 = 30;
pub const SENT: u32 = 31;
pub const RECEIVING: u32 = 40;
pub const RECEIVED: u32 = 41;
pub const CLOSING: u32 = 50;
pub const CLOSED: u32 = 51;
pub const COMPLETE: u32 = 100;

/// The longest a server thread waits on its socket, and the longest wait for a notification.
/// Only a broken test reaches it.
pub const STALL: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// The recording server
// ---------------------------------------------------------------------------------------------

/// One request as the server got it.
#[derive(Clone, Debug)]
pub struct Got {
    /// Which connection it came on (0 for the first accepted).
    pub conn: usize,
    pub head: Vec<u8>,
    pub body: Vec<u8>,
}

impl Got {
    pub fn head_text(&self) -> String {
        String::from_utf8_lossy(&self.head).into_owned()
    }

    pub fn request_line(&self) -> String {
        self.head_text().lines().next().unwrap_or("").to_string()
    }

    /// Every value of the header `name` (any letter case), in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.head_text()
            .split("\r\n")
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }
}

/// How the server answers request number `nth` (0-based) of connection `conn`: it writes the
/// answer itself, and returns false to close the connection.
pub type Answer = dyn Fn(&mut TcpStream, usize, usize) -> bool + Send + Sync;

pub struct Recorder {
    pub server: TcpServer,
    pub accepts: Arc<AtomicUsize>,
    pub log: Arc<Mutex<Vec<Got>>>,
}

impl Recorder {
    pub fn start(
        answer: impl Fn(&mut TcpStream, usize, usize) -> bool + Send + Sync + 'static,
    ) -> Self {
        let accepts = Arc::new(AtomicUsize::new(0));
        let log: Arc<Mutex<Vec<Got>>> = Arc::new(Mutex::new(Vec::new()));
        let answer: Arc<Answer> = Arc::new(answer);
        let server = {
            let (accepts, log) = (Arc::clone(&accepts), Arc::clone(&log));
            TcpServer::start(move |mut sock: TcpStream| {
                sock.set_read_timeout(Some(STALL)).unwrap();
                sock.set_write_timeout(Some(STALL)).unwrap();
                let conn = accepts.fetch_add(1, Ordering::SeqCst);
                for nth in 0.. {
                    let Some(head) = read_head(&mut sock) else {
                        return;
                    };
                    let len = content_length(&head);
                    let mut body = vec![0u8; len];
                    if sock.read_exact(&mut body).is_err() {
                        return;
                    }
                    log.lock().unwrap().push(Got { conn, head, body });
                    if !answer(&mut sock, conn, nth) {
                        return;
                    }
                }
            })
        };
        Recorder {
            server,
            accepts,
            log,
        }
    }

    /// A server that answers every request `200 OK` with the body `ok`.
    pub fn ok() -> Self {
        Recorder::start(|sock, _, _| {
            sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                .is_ok()
        })
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    pub fn accepts(&self) -> usize {
        self.accepts.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Got> {
        self.log.lock().unwrap().clone()
    }

    pub fn last(&self) -> Got {
        self.requests()
            .last()
            .cloned()
            .expect("a request reached the server")
    }
}

/// Read one request head (through CR LF CR LF). None at the end of the stream.
pub fn read_head(sock: &mut TcpStream) -> Option<Vec<u8>> {
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

pub fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// The client, through the C API, in three kinds of session
// ---------------------------------------------------------------------------------------------

pub fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// `s` as NUL-terminated UTF-16.
pub fn w16(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

/// A session (with the recording callback) and a connect handle to 127.0.0.1:`port`.
pub struct Client {
    pub mode: Mode,
    pub session: rinet_handle,
    pub connect: rinet_handle,
    pub driver: Option<Driver>,
}

impl Client {
    pub fn open(mode: Mode, port: u16) -> Client {
        let flags = mode.flags();
        let mut session = null_mut();
        let agent = cstr("rinet-forming");
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_open(agent.as_ptr(), 1, null(), null(), flags, &mut session) },
            0
        );
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_status_callback(session, Some(record), null_mut()) },
            0
        );
        for option in [
            RINET_OPTION_CONNECT_TIMEOUT,
            RINET_OPTION_SEND_TIMEOUT,
            RINET_OPTION_RECEIVE_TIMEOUT,
        ] {
            let mut v = 60_000u32;
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_set_option(session, option, &mut v as *mut u32 as *mut c_void, 4) },
                0
            );
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

    /// Open a request (not sent yet) through HttpOpenRequestA.
    pub fn request(&self, verb: &str, path: &str, flags: u32) -> Req {
        let ctx = next_context();
        let (verb, path) = (cstr(verb), cstr(path));
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
                    flags,
                    ctx,
                    &mut h,
                )
            },
            0
        );
        take_statuses(ctx);
        Req {
            h,
            ctx,
            mode: self.mode,
        }
    }

    /// Open a request through HttpOpenRequestW (UTF-16).
    pub fn request_w16(&self, verb: &str, path: &str, flags: u32) -> Req {
        let ctx = next_context();
        let (verb, path) = (w16(verb), w16(path));
        let mut h = null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_open_request_w16(
                    self.connect,
                    verb.as_ptr(),
                    path.as_ptr(),
                    null(),
                    null(),
                    null(),
                    flags,
                    ctx,
                    &mut h,
                )
            },
            0
        );
        take_statuses(ctx);
        Req {
            h,
            ctx,
            mode: self.mode,
        }
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
pub struct Req {
    pub h: rinet_handle,
    pub ctx: usize,
    pub mode: Mode,
}

impl Req {
    /// What a call that may pend came to: its own result, or its REQUEST_COMPLETE's error.
    pub fn finish(&mut self, rc: u32) -> u32 {
        if self.mode != Mode::Sync && rc == PENDING {
            wait_complete(self.ctx)
        } else {
            rc
        }
    }

    pub fn send_with(&mut self, headers: &str, body: &[u8]) -> u32 {
        let headers = cstr(headers);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_send_request(
                self.h,
                headers.as_ptr(),
                u32::MAX,
                body.as_ptr() as *const c_void,
                body.len() as u32,
            )
        };
        self.finish(rc)
    }

    pub fn send(&mut self) -> u32 {
        self.send_with("", b"")
    }

    /// The statuses this request got since the last call (or since it was opened).
    pub fn notes(&self) -> Vec<u32> {
        take_statuses(self.ctx)
    }

    pub fn add(&self, headers: &str, modifiers: u32) -> u32 {
        let headers = cstr(headers);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_add_request_headers(self.h, headers.as_ptr(), u32::MAX, modifiers) }
    }

    pub fn add_w16(&self, headers: &str, modifiers: u32) -> u32 {
        let headers = w16(headers);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_add_request_headers_w16(self.h, headers.as_ptr(), u32::MAX, modifiers) }
    }

    /// One InternetReadFile into a buffer of `len` bytes (waiting for its completion if it
    /// pends): the bytes it gave.
    pub fn read(&mut self, len: usize) -> Vec<u8> {
        let mut buf = vec![0u8; len];
        // The count is written at completion when the read pends: it lives on the heap.
        let mut n = Box::new(0u32);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(self.h, buf.as_mut_ptr() as *mut c_void, len as u32, &mut *n)
        };
        assert_eq!(self.finish(rc), 0, "{:?}: read", self.mode);
        buf.truncate(*n as usize);
        buf
    }

    /// InternetQueryDataAvailable, as the call returned it (0, 997 pending, or an error
    /// code), with the count it wrote; the count of a pending query is written at its
    /// completion, so it lives on the heap.
    pub fn available(&mut self) -> (u32, Box<u32>) {
        let mut n = Box::new(u32::MAX);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_query_data_available(self.h, &mut *n, 0, 0) };
        (rc, n)
    }

    /// Close the handle and wait for its HANDLE_CLOSING: every status the request got since
    /// the last [`Req::notes`], in order, HANDLE_CLOSING last.
    pub fn close(self) -> Vec<u32> {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(self.h) }, 0);
        let ctx = self.ctx;
        std::mem::forget(self);
        super::modes::wait_status(ctx, 70);
        take_statuses(ctx)
    }

    /// Read the body to its end.
    pub fn read_all(&mut self) -> Vec<u8> {
        let mut body = Vec::new();
        let mut buf = vec![0u8; 4096];
        loop {
            // The count is written at completion when the read pends: it lives on the heap.
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
            assert_eq!(self.finish(rc), 0, "{:?}: read", self.mode);
            if *n == 0 {
                return body;
            }
            body.extend_from_slice(&buf[..*n as usize]);
        }
    }

    pub fn status(&self) -> u32 {
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

    /// A text query of the request headers: the text, or the error code.
    pub fn request_header(&self, level: u32, custom: &str) -> Result<String, u32> {
        let mut buf = vec![0u8; 4096];
        buf[..custom.len()].copy_from_slice(custom.as_bytes());
        let mut len = buf.len() as u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_query_info(
                self.h,
                level | QUERY_FLAG_REQUEST_HEADERS,
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

    /// HttpQueryInfoW of a request header: the text, or the error code.
    pub fn request_header_w16(&self, level: u32) -> Result<String, u32> {
        let mut buf = vec![0u16; 1024];
        let mut len = (buf.len() * 2) as u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_query_info_w16(
                self.h,
                level | QUERY_FLAG_REQUEST_HEADERS,
                buf.as_mut_ptr() as *mut c_void,
                &mut len,
                null_mut(),
            )
        };
        if rc != 0 {
            return Err(rc);
        }
        buf.truncate(len as usize / 2);
        Ok(String::from_utf16(&buf).unwrap())
    }

    /// INTERNET_OPTION_URL.
    pub fn url(&self) -> String {
        let mut buf = vec![0u8; 4096];
        let mut len = buf.len() as u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_query_option(
                    self.h,
                    RINET_OPTION_URL,
                    buf.as_mut_ptr() as *mut c_void,
                    &mut len,
                )
            },
            0
        );
        buf.truncate(len as usize);
        String::from_utf8(buf).unwrap()
    }
}

impl Drop for Req {
    fn drop(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_close_handle(self.h) };
        if !thread::panicking() {
            assert_eq!(rc, 0);
        }
    }
}

/// What the first send to a server notifies, in order (an IP literal is resolved too).
pub const FRESH: [u32; 8] = [
    RESOLVING_NAME,
    NAME_RESOLVED,
    CONNECTING,
    CONNECTED,
    SENDING,
    SENT,
    RECEIVING,
    RECEIVED,
];

/// What a later send to the same server notifies when it gets a new connection: the process
/// has resolved the name already, so no RESOLVING_NAME or NAME_RESOLVED.
pub const NEW_CONNECTION: [u32; 6] = [CONNECTING, CONNECTED, SENDING, SENT, RECEIVING, RECEIVED];

/// The statuses of one send: `net` then REQUEST_COMPLETE in the asynchronous modes.
pub fn with_complete(mode: Mode, net: &[u32]) -> Vec<u32> {
    let mut v = net.to_vec();
    if mode != Mode::Sync {
        v.push(COMPLETE);
    }
    v
}
