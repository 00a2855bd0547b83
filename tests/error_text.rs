// SPDX-License-Identifier: MIT OR Apache-2.0
//! InternetGetLastResponseInfoA (rinet_get_last_response_info): the status line of the last
//! response a call on this thread completed, or whose REQUEST_COMPLETE this thread delivered,
//! with WinInet's buffer sizing; after a failure, its code and what went wrong in words (a
//! refused connection, a name that does not resolve, a timeout, each certificate check, a reset,
//! a malformed or cut-short response), against real servers on loopback. (rinet_strerror's
//! texts are checked in tests/docs.rs, next to the troubleshooting guide that quotes them.)

mod support;

use std::ffi::{c_char, c_void, CString};
use std::io::Read;
use std::ptr::{null, null_mut};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

use rinet::ffi::info::{
    rinet_get_last_response_info, rinet_get_last_response_info_w16,
    rinet_get_last_response_info_w32,
};
use rinet::ffi::options::*;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::faulty::{self, FaultyServer};
use support::nginx::Nginx;
use support::server::TestServer;
use support::tcp::TcpServer;

/// The thread's last response info, (error, text), through a buffer of exactly the needed
/// size, checking WinInet's sizing on the way.
fn last_info() -> (u32, String) {
    let mut len = 0u32;
    let mut err = 99u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_last_response_info(&mut err, null_mut(), &mut len) },
        122,
        "a NULL buffer asks for the size"
    );
    let mut buf = vec![0u8; len as usize];
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_get_last_response_info(&mut err, buf.as_mut_ptr() as *mut c_char, &mut len)
        },
        0
    );
    assert_eq!(buf[len as usize], 0, "the text is NUL-terminated");
    (
        err,
        String::from_utf8(buf[..len as usize].to_vec()).unwrap(),
    )
}

/// The thread's last response info as text, for a response (error 0).
fn last_response() -> String {
    let (err, text) = last_info();
    assert_eq!(err, 0, "*out_error is 0");
    text
}

type Callback = extern "C" fn(rinet_handle, usize, u32, *mut c_void, u32);

/// A session (with `callback`, inherited by the connect handle) and a connect handle to a new
/// test server.
fn open(flags: u32, callback: Option<Callback>) -> (rinet_handle, rinet_handle, TestServer) {
    let server = TestServer::start();
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), flags, &mut s) },
        0
    );
    if let Some(cb) = callback {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_set_status_callback(s, Some(cb), null_mut()) },
            0
        );
    }
    let host = CString::new("127.0.0.1").unwrap();
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_connect(
                s,
                host.as_ptr(),
                server.port(),
                null(),
                null(),
                3,
                0,
                1,
                &mut c,
            )
        },
        0
    );
    (s, c, server)
}

fn request(c: rinet_handle, path: &str, ctx: usize) -> rinet_handle {
    let path = CString::new(path).unwrap();
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
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
    r
}

#[test]
fn a_blocking_send_leaves_the_status_line_on_the_calling_thread() {
    let (s, c, _server) = open(0, None);
    let r = request(c, "/status/404", 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(last_response(), "HTTP/1.1 404 Not Found");

    // Too small: 122, the size needed (NUL included), and the buffer untouched.
    let mut small = [b'x'; 8];
    let mut len = small.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_get_last_response_info(null_mut(), small.as_mut_ptr() as *mut c_char, &mut len)
        },
        122
    );
    assert_eq!(len as usize, "HTTP/1.1 404 Not Found".len() + 1);
    assert_eq!(small, [b'x'; 8]);
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_last_response_info(null_mut(), null_mut(), null_mut()) },
        87
    );

    // Another thread has its own record.
    let other = std::thread::spawn(last_response).join().unwrap();
    assert_eq!(other, "", "a thread that saw no response has an empty text");

    let r2 = request(c, "/status/200", 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r2, null(), 0, null(), 0) }, 0);
    assert_eq!(last_response(), "HTTP/1.1 200 OK");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

static SEEN: Mutex<Option<mpsc::Sender<String>>> = Mutex::new(None);

extern "C" fn on_complete(_h: rinet_handle, _ctx: usize, status: u32, _i: *mut c_void, _l: u32) {
    if status == 100 {
        let text = last_response();
        if let Some(tx) = SEEN.lock().unwrap().as_ref() {
            let _ = tx.send(text);
        }
    }
}

#[test]
fn an_async_send_leaves_it_on_the_thread_that_delivers_request_complete() {
    let (tx, rx) = mpsc::channel();
    *SEEN.lock().unwrap() = Some(tx);
    let (s, c, _server) = open(0x1000_0000, Some(on_complete));
    let r = request(c, "/status/503", 2);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 997);
    let seen = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("REQUEST_COMPLETE arrives");
    assert_eq!(seen, "HTTP/1.1 503 Service Unavailable");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// A session (async with `flags` 0x10000000) and a connect handle to `host:port`.
fn session_to(host: &str, port: u16, flags: u32) -> (rinet_handle, rinet_handle) {
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), flags, &mut s) },
        0
    );
    let host = CString::new(host).unwrap();
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, host.as_ptr(), port, null(), null(), 3, 0, 1, &mut c) },
        0
    );
    (s, c)
}

const SECURE: u32 = 0x0080_0000;

fn request_with(c: rinet_handle, path: &str, flags: u32) -> rinet_handle {
    let path = CString::new(path).unwrap();
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
                null(),
                path.as_ptr(),
                null(),
                null(),
                null(),
                flags,
                0,
                &mut r,
            )
        },
        0
    );
    r
}

fn set_dword(h: rinet_handle, option: u32, v: u32) {
    let mut v = v;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(h, option, &mut v as *mut u32 as *mut c_void, 4) },
        0
    );
}

/// A blocking send of `path` on a new session to `host:port` that fails with `code`; returns
/// the thread's last response info after it.
fn failed_send(
    host: &str,
    port: u16,
    path: &str,
    flags: u32,
    setup: impl Fn(rinet_handle),
    code: u32,
) -> String {
    let (s, c) = session_to(host, port, 0);
    let r = request_with(c, path, flags);
    setup(r);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, code);
    let (err, text) = last_info();
    assert_eq!(err, code, "*out_error is the failure's code ({text:?})");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    text
}

/// `text` is `before`, a number of milliseconds, then `after`; returns the number.
fn with_ms(text: &str, before: &str, after: &str) -> u64 {
    let ms = text
        .strip_prefix(before)
        .and_then(|t| t.strip_suffix(after))
        .unwrap_or_else(|| panic!("{text:?} is not {before:?} <ms> {after:?}"));
    ms.parse()
        .unwrap_or_else(|_| panic!("{ms:?} in {text:?} is not a number of milliseconds"))
}

#[test]
fn a_refused_connection_names_the_server_the_time_and_the_reason() {
    // Port 1: nothing listens there, the connection is refused.
    let text = failed_send("127.0.0.1", 1, "/", 0, |_| {}, 12029);
    let ms = with_ms(
        &text,
        "Failed to connect to 127.0.0.1 port 1 after ",
        " ms: Connection refused",
    );
    assert!(ms < 30_000, "{text}");

    // The W forms give the same text, sized in characters.
    let mut len = 0u32;
    let mut err = 0u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_last_response_info_w16(&mut err, null_mut(), &mut len) },
        122
    );
    assert_eq!(len as usize, text.len() + 1);
    let mut w16 = vec![0u16; len as usize];
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_last_response_info_w16(&mut err, w16.as_mut_ptr(), &mut len) },
        0
    );
    assert_eq!(
        (err, String::from_utf16(&w16[..len as usize]).unwrap()),
        (12029, text.clone())
    );
    let mut w32 = vec![0u32; text.len() + 1];
    let mut len = w32.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_last_response_info_w32(&mut err, w32.as_mut_ptr(), &mut len) },
        0
    );
    let wide: String = w32[..len as usize]
        .iter()
        .map(|&c| char::from_u32(c).unwrap())
        .collect();
    assert_eq!((err, wide), (12029, text.clone()));

    // Another thread has its own record, and a call that fails by itself changes nothing.
    assert_eq!(
        std::thread::spawn(last_info).join().unwrap(),
        (0, String::new())
    );
    let mut n = 0u32;
    let mut byte = 0u8;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_read_file(null_mut(), &mut byte as *mut u8 as *mut c_void, 1, &mut n) },
        6
    );
    assert_eq!(last_info(), (12029, text));
}

#[test]
fn a_name_that_does_not_resolve_names_the_host_and_the_resolver_reason() {
    use std::net::ToSocketAddrs;
    let host = "nosuch.invalid";
    let why = ("nosuch.invalid", 80)
        .to_socket_addrs()
        .expect_err("a .invalid name never resolves")
        .to_string();
    let text = failed_send(host, 80, "/", 0, |_| {}, 12007);
    assert_eq!(
        text,
        format!("Could not resolve host nosuch.invalid: {why}")
    );
}

/// A server that reads each request head and then answers nothing until the client closes.
fn silent_server() -> TcpServer {
    TcpServer::start(|mut sock| {
        let mut buf = [0u8; 4096];
        while matches!(sock.read(&mut buf), Ok(n) if n > 0) {}
    })
}

#[test]
fn a_timeout_says_which_timeout_and_what_was_awaited() {
    let server = silent_server();
    let text = failed_send(
        "127.0.0.1",
        server.port(),
        "/",
        0,
        |r| set_dword(r, RINET_OPTION_RECEIVE_TIMEOUT, 300),
        12002,
    );
    assert_eq!(
        text,
        format!(
            "Timed out after 300 ms while waiting for the response head from 127.0.0.1 port {} \
             (the receive timeout)",
            server.port()
        )
    );
}

#[test]
fn a_reset_names_what_was_going_on() {
    // One connection, on a listener of its own: the RST goes out when the test's only copy of
    // the socket closes.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut sock, _) = listener.accept().unwrap();
        if read_head(&mut sock) {
            reset(sock);
        }
    });
    let text = failed_send("127.0.0.1", port, "/", 0, |_| {}, 12031);
    server.join().unwrap();
    assert_eq!(
        text,
        format!(
            "Connection reset by peer while waiting for the response head from 127.0.0.1 port {port}"
        )
    );
}

#[test]
fn malformed_responses_say_what_was_wrong() {
    let server = FaultyServer::start();
    let port = server.port();
    let text = failed_send("127.0.0.1", port, faulty::GARBAGE, 0, |_| {}, 12152);
    assert_eq!(
        text,
        format!(
            "Invalid response head from 127.0.0.1 port {port}: it starts \"HTTP/1.1 2OO What\""
        )
    );
    let text = failed_send("127.0.0.1", port, faulty::CLOSE, 0, |_| {}, 12152);
    assert_eq!(
        text,
        format!("127.0.0.1 port {port} closed the connection without sending a response")
    );
}

/// Send `path` (which must succeed), then read the body until a read fails with `code`; returns
/// the bytes read before and the thread's last response info after the failure.
fn failed_body(port: u16, path: &str, code: u32) -> (usize, String) {
    let (s, c) = session_to("127.0.0.1", port, 0);
    let r = request_with(c, path, 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(last_response(), "HTTP/1.1 200 OK");
    let mut total = 0;
    let mut buf = [0u8; 4096];
    let rc = loop {
        let mut n = 0u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
        };
        if rc != 0 || n == 0 {
            break rc;
        }
        total += n as usize;
    };
    assert_eq!(rc, code);
    let (err, text) = last_info();
    assert_eq!(err, code);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    (total, text)
}

#[test]
fn a_body_cut_short_or_badly_framed_says_how() {
    let server = FaultyServer::start();
    let port = server.port();
    assert_eq!(
        failed_body(port, faulty::TRUNCATE, 12030),
        (
            500,
            format!(
                "The connection closed after 500 of the 1000 bytes of the response body \
                 (Content-Length) from 127.0.0.1 port {port}"
            )
        )
    );
    assert_eq!(
        failed_body(port, faulty::BAD_CHUNK, 12152),
        (
            0,
            format!("Invalid chunk size in the response body from 127.0.0.1 port {port}")
        )
    );
}

#[test]
fn a_tls_failure_names_the_check_that_failed() {
    let nginx = Nginx::start();
    let ca = CString::new(nginx.ca_file.to_str().unwrap()).unwrap();
    let with_ca = |r: rinet_handle| {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_option(r, RINET_OPTION_CA_FILE, ca.as_ptr() as *mut c_void, 0) },
            0
        );
    };
    let cases = [
        (
            nginx.expired_port,
            12037,
            "dates (expired: not valid after 2001-01-01 00:00:00 UTC)",
        ),
        (
            nginx.wrong_name_port,
            12038,
            "host name (the certificate is for wrong.example, not localhost)",
        ),
        (
            nginx.self_signed_port,
            12045,
            "unknown issuer (the chain does not lead to a trusted root)",
        ),
    ];
    for (port, code, check) in cases {
        let text = failed_send(
            "localhost",
            port,
            "/static/small.txt",
            SECURE,
            with_ca,
            code,
        );
        assert_eq!(
            text,
            format!("TLS handshake with localhost port {port} failed: certificate check failed: {check}")
        );
    }
    // TLS to the plain HTTP port.
    let port = nginx.http_port;
    let text = failed_send("localhost", port, "/", SECURE, with_ca, 12157);
    assert_eq!(
        text,
        format!(
            "TLS handshake with localhost port {port} failed: the server does not speak TLS, or \
             spoke it wrongly (received corrupt message of type InvalidContentType)"
        )
    );
}

/// What the callback saw at REQUEST_COMPLETE: its dwError, and the last response info then.
type Completion = (u32, (u32, String));

static COMPLETED: Mutex<Option<mpsc::Sender<Completion>>> = Mutex::new(None);

extern "C" fn on_failure(_h: rinet_handle, _ctx: usize, status: u32, info: *mut c_void, _l: u32) {
    if status == 100 {
        // SAFETY: REQUEST_COMPLETE carries an INTERNET_ASYNC_RESULT { usize, u32 }.
        let error = unsafe { *(info as *const usize).add(1) as u32 };
        let seen = last_info();
        if let Some(tx) = COMPLETED.lock().unwrap().as_ref() {
            let _ = tx.send((error, seen));
        }
    }
}

#[test]
fn an_async_failure_is_explained_in_the_callback_and_to_the_thread_that_sent() {
    let (tx, rx) = mpsc::channel();
    *COMPLETED.lock().unwrap() = Some(tx);
    let mut s = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(null(), 1, null(), null(), 0x1000_0000, &mut s) },
        0
    );
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_status_callback(s, Some(on_failure), null_mut()) },
        0
    );
    let host = CString::new("127.0.0.1").unwrap();
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, host.as_ptr(), 1, null(), null(), 3, 0, 1, &mut c) },
        0
    );
    let path = CString::new("/").unwrap();
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
                null(),
                path.as_ptr(),
                null(),
                null(),
                null(),
                0,
                2,
                &mut r,
            )
        },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 997);
    let (error, (code, text)) = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("REQUEST_COMPLETE arrives");
    assert_eq!((error, code), (12029, 12029));
    with_ms(
        &text,
        "Failed to connect to 127.0.0.1 port 1 after ",
        " ms: Connection refused",
    );
    // This thread sent the request: it learns the outcome too, once REQUEST_COMPLETE is out.
    assert_eq!(last_info(), (12029, text));
    // A thread that started nothing has nothing.
    assert_eq!(
        std::thread::spawn(last_info).join().unwrap(),
        (0, String::new())
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// Read a request head; false if the connection ended first.
fn read_head(sock: &mut std::net::TcpStream) -> bool {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match sock.read(&mut b) {
            Ok(1) => head.push(b[0]),
            _ => return false,
        }
    }
    true
}

/// Close `sock` with an RST (SO_LINGER on, with a zero timeout).
fn reset(sock: std::net::TcpStream) {
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
    assert_eq!(rc, 0, "SO_LINGER");
    drop(sock);
}
