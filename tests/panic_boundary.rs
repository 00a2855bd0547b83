// SPDX-License-Identifier: MIT OR Apache-2.0
//! The panic boundary: a panic inside rinet fails the one request (or call) that raised it with
//! ERROR_INTERNET_INTERNAL_ERROR (12004), and the session and its other requests carry on.
//! Runs only with the test-only `fault-injection` feature (the README's test command enables it).
#![cfg(feature = "fault-injection")]

mod support;

use std::ffi::{c_void, CString};
use std::ptr::null;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::server::TestServer;

/// (handle, context, status, dwResult, dwError) of a notification.
type Note = (usize, usize, u32, usize, u32);

/// Every notification received.
static NOTES: Mutex<Vec<Note>> = Mutex::new(Vec::new());
static ARRIVED: Condvar = Condvar::new();

extern "C" fn callback(h: rinet_handle, ctx: usize, status: u32, info: *mut c_void, _len: u32) {
    let (mut res, mut err) = (0, 0);
    if status == 100 {
        // SAFETY: REQUEST_COMPLETE carries an INTERNET_ASYNC_RESULT valid during the call.
        let r = unsafe { &*(info as *const rinet::ffi::callback::rinet_async_result) };
        (res, err) = (r.dwResult, r.dwError);
    }
    NOTES
        .lock()
        .unwrap()
        .push((h as usize, ctx, status, res, err));
    ARRIVED.notify_all();
}

/// Wait for REQUEST_COMPLETE of context `ctx`; returns (dwResult, dwError).
fn wait_complete(ctx: usize) -> (usize, u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut notes = NOTES.lock().unwrap();
    loop {
        if let Some(n) = notes.iter().find(|n| n.1 == ctx && n.2 == 100) {
            return (n.3, n.4);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no REQUEST_COMPLETE for context {ctx}");
        notes = ARRIVED.wait_timeout(notes, left).unwrap().0;
    }
}

/// Waits (at most 10 s) until `n` notifications `status` of context `ctx` have arrived.
fn wait_count(ctx: usize, status: u32, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut notes = NOTES.lock().unwrap();
    while notes.iter().filter(|x| x.1 == ctx && x.2 == status).count() < n {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        notes = ARRIVED.wait_timeout(notes, left).unwrap().0;
    }
}

fn count(ctx: usize, status: u32) -> usize {
    NOTES
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.1 == ctx && n.2 == status)
        .count()
}

fn open_request(connect: rinet_handle, path: &str, ctx: usize) -> rinet_handle {
    let path = CString::new(path).unwrap();
    let mut r: rinet_handle = std::ptr::null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
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
    };
    assert_eq!(rc, 0);
    r
}

/// Send a GET and read its whole body (async), returning the body.
fn get(r: rinet_handle, ctx: usize) -> Vec<u8> {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
    assert_eq!(rc, 997);
    assert_eq!(wait_complete(ctx), (1, 0));
    let mut body = Vec::new();
    let mut buf = vec![0u8; 4096];
    loop {
        NOTES
            .lock()
            .unwrap()
            .retain(|n| !(n.1 == ctx && n.2 == 100));
        // The count is written at completion when the read pends, so it lives on the heap.
        let count = Box::into_raw(Box::new(0u32));
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc =
            unsafe { rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, count) };
        if rc == 997 {
            assert_eq!(wait_complete(ctx), (1, 0));
        } else {
            assert_eq!(rc, 0);
        }
        // SAFETY: allocated above; rinet no longer writes it (the read completed).
        let n = *unsafe { Box::from_raw(count) };
        if n == 0 {
            return body;
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
}

#[test]
fn a_panic_fails_one_request_and_the_session_carries_on() {
    let server = TestServer::start();
    let mut s: rinet_handle = std::ptr::null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(null(), 1, null(), null(), RINET_FLAG_ASYNC, &mut s) },
        0
    );
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_status_callback(s, Some(callback), std::ptr::null_mut()) },
        0
    );
    let host = CString::new("127.0.0.1").unwrap();
    let mut c: rinet_handle = std::ptr::null_mut();
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

    // A request whose driving panics on the reactor thread: it pends, then fails with 12004,
    // exactly once. (The server holds it at a gate nobody opens: only the panic can end it.)
    let bad = open_request(c, "/gate/panic-never", 10);
    let fault = CString::new("X-Rinet-Fault: reactor-drive\r\n").unwrap();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_add_request_headers(bad, fault.as_ptr(), u32::MAX, 0x2000_0000) },
        0
    );
    let good = open_request(c, "/bytes/3000", 11);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(bad, null(), 0, null(), 0) },
        997
    );
    assert_eq!(wait_complete(10), (0, 12004));

    // Another request on the same session works, byte for byte.
    let body = get(good, 11);
    assert_eq!(body, support::server::pattern(3000));

    // A panic inside an export returns 12004 from that call; the next call works.
    let fault = CString::new("X-Rinet-Fault: export\r\n").unwrap();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_add_request_headers(good, fault.as_ptr(), u32::MAX, 0x2000_0000) },
        12004
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_get_last_error() }, 12004);
    let third = open_request(c, "/bytes/10", 12);
    assert_eq!(get(third, 12), support::server::pattern(10));

    // A panic while driving on whatever thread: either the call itself fails with 12004 and no
    // REQUEST_COMPLETE follows, or it pends and exactly one REQUEST_COMPLETE {0, 12004} follows.
    let any_bad = open_request(c, "/bytes/10", 13);
    let fault = CString::new("X-Rinet-Fault: drive\r\n").unwrap();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_add_request_headers(any_bad, fault.as_ptr(), u32::MAX, 0x2000_0000) },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    match unsafe { rinet_send_request(any_bad, null(), 0, null(), 0) } {
        12004 => {
            std::thread::sleep(Duration::from_millis(200));
            assert_eq!(count(13, 100), 0);
        }
        997 => {
            assert_eq!(wait_complete(13), (0, 12004));
            std::thread::sleep(Duration::from_millis(200));
            assert_eq!(count(13, 100), 1);
        }
        rc => panic!("send_request returned {rc}"),
    }

    // Closing still delivers exactly one HANDLE_CLOSING per handle with a context (a handle
    // whose callback runs at the close gets it when that callback returns: wait for each).
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    for ctx in [1, 10, 11, 12, 13] {
        wait_count(ctx, 70, 1);
    }
    std::thread::sleep(Duration::from_millis(200)); // let anything wrongly sent after arrive
    for ctx in [1, 10, 11, 12, 13] {
        assert_eq!(count(ctx, 70), 1, "HANDLE_CLOSING for context {ctx}");
    }
    assert_eq!(
        count(10, 100),
        1,
        "exactly one REQUEST_COMPLETE for the failed request"
    );
}
