// SPDX-License-Identifier: MIT OR Apache-2.0
//! NTLM and Negotiate (Windows integrated authentication) are not supported. Against a real
//! server (nginx) that offers only NTLM, only Negotiate, or both, as IIS does, a request with
//! credentials is sent once and not answered: HttpSendRequest succeeds (0) and the application
//! gets the server's 401, with the challenge in WWW-Authenticate and the server's body, as
//! README.md and docs/porting.md say. These tests pin that result, the notifications, and
//! that nothing is sent a second time.

mod support;

use std::ffi::{c_void, CString};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::nginx::{self, Nginx};

/// (context, status) of every notification, all tests together.
static NOTES: Mutex<Vec<(usize, u32)>> = Mutex::new(Vec::new());
static NEXT_CTX: AtomicUsize = AtomicUsize::new(1);

extern "C" fn record(_h: rinet_handle, ctx: usize, status: u32, _info: *mut c_void, _len: u32) {
    NOTES.lock().unwrap().push((ctx, status));
}

fn notes(ctx: usize) -> Vec<u32> {
    NOTES
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.0 == ctx)
        .map(|n| n.1)
        .collect()
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// What a request for `path` got: the send's code, the status, the WWW-Authenticate values, the
/// body, and the request's notifications up to and including its HANDLE_CLOSING.
struct Outcome {
    code: u32,
    status: u32,
    challenges: Vec<String>,
    body: Vec<u8>,
    notes: Vec<u32>,
}

fn query_text(r: rinet_handle, level: u32, index: &mut u32) -> Option<String> {
    let mut buf = vec![0u8; 512];
    let mut len = buf.len() as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc =
        unsafe { rinet_query_info(r, level, buf.as_mut_ptr() as *mut c_void, &mut len, index) };
    (rc == 0).then(|| String::from_utf8_lossy(&buf[..len as usize]).into_owned())
}

/// A synchronous session; with `user`, the credentials go on the connect handle (as
/// InternetConnect's lpszUserName and lpszPassword).
fn fetch(ng: &Nginx, path: &str, user: Option<(&str, &str)>) -> Outcome {
    let mut s = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(cstr("rinet-tests").as_ptr(), 1, null(), null(), 0, &mut s) },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_set_status_callback(s, Some(record), null_mut()) },
        0
    );
    let ctx = NEXT_CTX.fetch_add(1, Ordering::Relaxed);
    let (u, p) = (user.map(|u| cstr(u.0)), user.map(|u| cstr(u.1)));
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_connect(
                s,
                cstr("127.0.0.1").as_ptr(),
                ng.http_port,
                u.as_ref().map_or(null(), |c| c.as_ptr()),
                p.as_ref().map_or(null(), |c| c.as_ptr()),
                3,
                0,
                ctx,
                &mut c,
            )
        },
        0
    );
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
                null(),
                cstr(path).as_ptr(),
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
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let code = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
    let mut status = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_info(
                r,
                19 | 0x2000_0000,
                &mut status as *mut u32 as *mut c_void,
                &mut len,
                null_mut(),
            )
        },
        0
    );
    // HTTP_QUERY_WWW_AUTHENTICATE (40), every occurrence through the index.
    let mut challenges = Vec::new();
    let mut index = 0u32;
    while let Some(v) = query_text(r, 40, &mut index) {
        challenges.push(v);
    }
    let mut body = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let mut n = 0u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
            },
            0
        );
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    Outcome {
        code,
        status,
        challenges,
        body,
        notes: notes(ctx),
    }
}

const HANDLE_CREATED: u32 = 60;
const SENDING_REQUEST: u32 = 30;
const REQUEST_SENT: u32 = 31;
const RECEIVING_RESPONSE: u32 = 40;
const RESPONSE_RECEIVED: u32 = 41;
const CONNECTING_TO_SERVER: u32 = 20;
const CONNECTED_TO_SERVER: u32 = 21;
const RESOLVING_NAME: u32 = 10;
const NAME_RESOLVED: u32 = 11;
const HANDLE_CLOSING: u32 = 70;

#[test]
fn ntlm_and_negotiate_challenges_reach_the_application_as_a_401() {
    let ng = Nginx::start();
    for (path, offered) in [
        (nginx::NTLM_PATH, vec!["NTLM"]),
        (nginx::NEGOTIATE_PATH, vec!["Negotiate"]),
        (nginx::WINDOWS_AUTH_PATH, vec!["Negotiate", "NTLM"]),
    ] {
        for user in [None, Some(("DOMAIN\\user", "secret"))] {
            let before = ng.access_log().matches(path).count();
            let got = fetch(&ng, path, user);
            assert_eq!(got.code, 0, "{path}: HttpSendRequest's code");
            assert_eq!(got.status, 401, "{path}");
            assert_eq!(got.challenges, offered, "{path}: WWW-Authenticate");
            assert_eq!(got.body, nginx::WINDOWS_AUTH_BODY, "{path}: the 401's body");
            // One request on the wire: rinet did not try to answer the challenge. (nginx logs a
            // request after its response: wait for the line, then let a wrong second one come.)
            ng.access_log_when(|log| log.matches(path).count() > before);
            std::thread::sleep(std::time::Duration::from_millis(200));
            assert_eq!(
                ng.access_log().matches(path).count(),
                before + 1,
                "{path} {user:?}: {}",
                ng.access_log()
            );
            // The connect and the request handle share the context. The connection stays
            // open (keep-alive) until the session closes, after the request's notes. The
            // name is resolved (and notified) by the first request only: the process reuses
            // it, as WinInet does.
            let first = path == nginx::NTLM_PATH && user.is_none();
            let resolving: &[u32] = if first {
                &[RESOLVING_NAME, NAME_RESOLVED]
            } else {
                &[]
            };
            let want: Vec<u32> = [HANDLE_CREATED, HANDLE_CREATED]
                .iter()
                .chain(resolving)
                .chain(&[
                    CONNECTING_TO_SERVER,
                    CONNECTED_TO_SERVER,
                    SENDING_REQUEST,
                    REQUEST_SENT,
                    RECEIVING_RESPONSE,
                    RESPONSE_RECEIVED,
                    HANDLE_CLOSING,
                    HANDLE_CLOSING,
                ])
                .copied()
                .collect();
            assert_eq!(got.notes, want, "{path} {user:?}: the notifications");
        }
    }
}
