// SPDX-License-Identifier: MIT OR Apache-2.0
//! InternetGetLastResponseInfoA (rinet_get_last_response_info): the status line of the last
//! response a call on this thread completed, or whose REQUEST_COMPLETE this thread delivered,
//! with WinInet's buffer sizing. (rinet_strerror's texts are checked in tests/docs.rs, next to
//! the troubleshooting guide that quotes them.)

mod support;

use std::ffi::{c_char, c_void, CString};
use std::ptr::{null, null_mut};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

use rinet::ffi::info::rinet_get_last_response_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::server::TestServer;

/// The thread's last response info as text, through a buffer of exactly the needed size.
fn last_response() -> String {
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
    assert_eq!(err, 0, "*out_error is 0");
    assert_eq!(buf[len as usize], 0, "the text is NUL-terminated");
    String::from_utf8(buf[..len as usize].to_vec()).unwrap()
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

#[test]
fn a_failed_send_leaves_its_code_and_text() {
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), 0, &mut s) },
        0
    );
    let host = CString::new("127.0.0.1").unwrap();
    let mut c = null_mut();
    // Port 1: nothing listens there, the connection is refused.
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, host.as_ptr(), 1, null(), null(), 3, 0, 0, &mut c) },
        0
    );
    let r = request(c, "/", 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(r, null(), 0, null(), 0) },
        12029
    );
    let mut error = 0u32;
    let mut buf = [0u8; 256];
    let mut len = buf.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_get_last_response_info(&mut error, buf.as_mut_ptr() as *mut c_char, &mut len)
        },
        0
    );
    assert_eq!(error, 12029);
    assert_eq!(
        &buf[..len as usize],
        b"A connection with the server could not be established."
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}
