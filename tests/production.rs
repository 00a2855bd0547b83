// SPDX-License-Identifier: MIT OR Apache-2.0
//! Production HTTP against real servers: HTTPS (nginx with a CA made at test time), the
//! certificate failures and the flags that relax each one, keep-alive over TLS, a forward proxy
//! (tinyproxy) for plain and tunnelled requests, redirects, Basic authentication, content
//! decoding and the receive timeout.

mod support;

use std::ffi::{c_void, CString};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rinet::ffi::options::*;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::nginx::{self, Nginx};
use support::tinyproxy::Tinyproxy;

/// (context, status, payload text) of every notification, all tests together.
static NOTES: Mutex<Vec<(usize, u32, String)>> = Mutex::new(Vec::new());
static NEXT_CTX: AtomicUsize = AtomicUsize::new(1000);

extern "C" fn record(_h: rinet_handle, ctx: usize, status: u32, info: *mut c_void, len: u32) {
    let text = if matches!(status, 10 | 11 | 20 | 21 | 110) && !info.is_null() && len > 0 {
        // SAFETY: these notifications carry a NUL-terminated string of `len` bytes.
        let bytes = unsafe { std::slice::from_raw_parts(info as *const u8, len as usize - 1) };
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        String::new()
    };
    NOTES.lock().unwrap().push((ctx, status, text));
}

fn notes(ctx: usize) -> Vec<(u32, String)> {
    NOTES
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n.0 == ctx)
        .map(|n| (n.1, n.2.clone()))
        .collect()
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// A synchronous session (the simplest way to drive requests from a test).
fn session(access: u32, proxy: Option<&str>, bypass: Option<&str>) -> rinet_handle {
    let (p, b) = (proxy.map(cstr), bypass.map(cstr));
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_open(
            cstr("rinet-tests").as_ptr(),
            access,
            p.as_ref().map_or(null(), |c| c.as_ptr()),
            b.as_ref().map_or(null(), |c| c.as_ptr()),
            0,
            &mut s,
        )
    };
    assert_eq!(rc, 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_set_status_callback(s, Some(record), null_mut()) },
        0
    );
    s
}

struct Fetch {
    ctx: usize,
    request: rinet_handle,
}

/// Open a request on a new connect handle and send it; `setup` runs before sending.
fn send(
    s: rinet_handle,
    host: &str,
    port: u16,
    path: &str,
    flags: u32,
    user: Option<(&str, &str)>,
    setup: impl FnOnce(rinet_handle),
) -> (Fetch, u32) {
    let ctx = NEXT_CTX.fetch_add(1, Ordering::Relaxed);
    let (u, p) = (user.map(|u| cstr(u.0)), user.map(|u| cstr(u.1)));
    let mut c = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_connect(
            s,
            cstr(host).as_ptr(),
            port,
            u.as_ref().map_or(null(), |c| c.as_ptr()),
            p.as_ref().map_or(null(), |c| c.as_ptr()),
            3,
            flags,
            ctx,
            &mut c,
        )
    };
    assert_eq!(rc, 0);
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
                flags,
                ctx,
                &mut r,
            )
        },
        0
    );
    setup(r);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
    (Fetch { ctx, request: r }, rc)
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

fn body_of(r: rinet_handle) -> Result<Vec<u8>, u32> {
    let mut body = Vec::new();
    let mut buf = vec![0u8; 7000];
    loop {
        let mut n = 0u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
        };
        if rc != 0 {
            return Err(rc);
        }
        if n == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
}

fn query_str(h: rinet_handle, option: u32) -> String {
    let mut buf = vec![0u8; 2048];
    let mut len = buf.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_query_option(h, option, buf.as_mut_ptr() as *mut c_void, &mut len) },
        0
    );
    String::from_utf8_lossy(&buf[..len as usize]).into_owned()
}

fn set_dword(h: rinet_handle, option: u32, v: u32) {
    let mut v = v;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(h, option, &mut v as *mut u32 as *mut c_void, 4) },
        0
    );
}

fn set_ca(h: rinet_handle, nginx: &Nginx) {
    let ca = cstr(nginx.ca_file.to_str().unwrap());
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(h, RINET_OPTION_CA_FILE, ca.as_ptr() as *mut c_void, 0) },
        0
    );
}

const SECURE: u32 = 0x0080_0000;
const SEC_IGNORE_UNKNOWN_CA: u32 = 0x100;
const SEC_IGNORE_CN: u32 = 0x1000;
const SEC_IGNORE_DATE: u32 = 0x2000;
const FLAG_IGNORE_CERT_DATE_INVALID: u32 = 0x2000;
const FLAG_NO_AUTO_REDIRECT: u32 = 0x0020_0000;

#[test]
fn https_with_the_test_ca_and_keep_alive() {
    let ng = Nginx::start();
    let s = session(1, None, None);
    set_ca(s, &ng);
    let (f, rc) = send(
        s,
        "localhost",
        ng.https_port,
        nginx::BIG_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 200);
    assert_eq!(body_of(f.request).unwrap(), nginx::big_body());
    assert_eq!(
        query_str(f.request, RINET_OPTION_URL),
        format!("https://localhost:{}{}", ng.https_port, nginx::BIG_PATH)
    );
    // Security flags report SECURITY_FLAG_SECURE on a TLS request.
    let mut flags = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                f.request,
                RINET_OPTION_SECURITY_FLAGS,
                &mut flags as *mut u32 as *mut c_void,
                &mut len,
            )
        },
        0
    );
    assert_eq!(flags & 1, 1);
    // A second request to the same server reuses the TLS connection: no CONNECTING.
    let mut r2 = null_mut();
    let mut c = 0usize;
    let mut clen = std::mem::size_of::<usize>() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                f.request,
                RINET_OPTION_PARENT_HANDLE,
                &mut c as *mut usize as *mut c_void,
                &mut clen,
            )
        },
        0
    );
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c as rinet_handle,
                null(),
                cstr(nginx::SMALL_PATH).as_ptr(),
                null(),
                null(),
                null(),
                SECURE,
                f.ctx + 500_000,
                &mut r2,
            )
        },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r2, null(), 0, null(), 0) }, 0);
    assert_eq!(body_of(r2).unwrap(), nginx::SMALL_BODY);
    let second: Vec<u32> = notes(f.ctx + 500_000).iter().map(|n| n.0).collect();
    assert!(
        !second.contains(&20),
        "reused connection must not connect again: {second:?}"
    );
    assert!(second.contains(&30) && second.contains(&31));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn certificate_failures_map_to_their_codes_and_flags_relax_only_their_check() {
    let ng = Nginx::start();
    let s = session(1, None, None);
    // Without the test CA: unknown issuer.
    let (_, rc) = send(
        s,
        "localhost",
        ng.https_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 12045);
    // Self-signed: 12045; IGNORE_UNKNOWN_CA accepts it.
    let (_, rc) = send(
        s,
        "localhost",
        ng.self_signed_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 12045);
    let (f, rc) = send(
        s,
        "localhost",
        ng.self_signed_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |r| set_dword(r, RINET_OPTION_SECURITY_FLAGS, SEC_IGNORE_UNKNOWN_CA),
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    set_ca(s, &ng);
    // Wrong name: 12038; IGNORE_UNKNOWN_CA does not relax it; IGNORE_CERT_CN_INVALID does.
    let (_, rc) = send(
        s,
        "localhost",
        ng.wrong_name_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 12038);
    let (_, rc) = send(
        s,
        "localhost",
        ng.wrong_name_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |r| {
            set_dword(
                r,
                RINET_OPTION_SECURITY_FLAGS,
                SEC_IGNORE_UNKNOWN_CA | SEC_IGNORE_DATE,
            )
        },
    );
    assert_eq!(rc, 12038);
    let (f, rc) = send(
        s,
        "localhost",
        ng.wrong_name_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |r| set_dword(r, RINET_OPTION_SECURITY_FLAGS, SEC_IGNORE_CN),
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    // Expired: 12037; INTERNET_FLAG_IGNORE_CERT_DATE_INVALID accepts it, IGNORE_CN does not.
    let (_, rc) = send(
        s,
        "localhost",
        ng.expired_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 12037);
    let (_, rc) = send(
        s,
        "localhost",
        ng.expired_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |r| set_dword(r, RINET_OPTION_SECURITY_FLAGS, SEC_IGNORE_CN),
    );
    assert_eq!(rc, 12037);
    let (f, rc) = send(
        s,
        "localhost",
        ng.expired_port,
        nginx::SMALL_PATH,
        SECURE | FLAG_IGNORE_CERT_DATE_INVALID,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    // TLS to a plain HTTP port: a security channel error.
    let (_, rc) = send(
        s,
        "localhost",
        ng.http_port,
        nginx::SMALL_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 12157);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn proxy_absolute_form_and_connect_tunnel() {
    let ng = Nginx::start();
    let proxy = Tinyproxy::start(&[ng.https_port]);
    let s = session(
        3,
        Some(&format!("127.0.0.1:{}", proxy.port)),
        Some("<-loopback>"),
    );
    set_ca(s, &ng);
    // Plain http through the proxy.
    let (f, rc) = send(
        s,
        "localhost",
        ng.http_port,
        nginx::SMALL_PATH,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 200);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    let mut rf = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                f.request,
                RINET_OPTION_REQUEST_FLAGS,
                &mut rf as *mut u32 as *mut c_void,
                &mut len,
            )
        },
        0
    );
    assert_eq!(rf & 4, 4, "INTERNET_REQFLAG_VIA_PROXY");
    // The first resolution is the proxy's address.
    let n = notes(f.ctx);
    assert_eq!(
        n.iter().find(|n| n.0 == 20).map(|n| n.1.as_str()),
        Some("127.0.0.1")
    );
    // https through a CONNECT tunnel, verified against the test CA.
    let (f, rc) = send(
        s,
        "localhost",
        ng.https_port,
        nginx::BIG_PATH,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::big_body());
    // tinyproxy writes its log line a moment after it opens the tunnel: wait for it.
    let connect = format!("CONNECT localhost:{}", ng.https_port);
    let log = proxy.log_when(|log| log.contains(&connect));
    assert!(log.contains(&connect), "tinyproxy saw the CONNECT: {log}");
    // Without <-loopback>, loopback names bypass the proxy (the default), so this goes direct.
    let s2 = session(3, Some("127.0.0.1:1"), None);
    let (f, rc) = send(
        s2,
        "127.0.0.1",
        ng.http_port,
        nginx::SMALL_PATH,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s2) }, 0);
}

#[test]
fn redirects_are_followed_with_notifications_and_limits() {
    let ng = Nginx::start();
    let s = session(1, None, None);
    set_ca(s, &ng);
    for code in nginx::REDIRECT_STATUSES {
        let (f, rc) = send(
            s,
            "localhost",
            ng.http_port,
            &format!("/redirect/{code}"),
            0,
            None,
            |_| {},
        );
        assert_eq!(rc, 0, "redirect {code}");
        assert_eq!(status_of(f.request), 200);
        assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
        let url = format!(
            "http://localhost:{}{}",
            ng.http_port,
            nginx::REDIRECT_TARGET
        );
        assert_eq!(query_str(f.request, RINET_OPTION_URL), url);
        let n = notes(f.ctx);
        let redirects: Vec<&(u32, String)> = n.iter().filter(|n| n.0 == 110).collect();
        assert_eq!(redirects.len(), 1, "one REDIRECT for {code}");
        assert_eq!(redirects[0].1, url);
        assert_eq!(
            n.iter().filter(|n| n.0 == 30).count(),
            2,
            "SENDING_REQUEST twice for {code}"
        );
    }
    // NO_AUTO_REDIRECT leaves the 3xx to the caller.
    let (f, rc) = send(
        s,
        "localhost",
        ng.http_port,
        "/redirect/302",
        FLAG_NO_AUTO_REDIRECT,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 302);
    assert!(notes(f.ctx).iter().all(|n| n.0 != 110));
    // A loop ends with ERROR_HTTP_REDIRECT_FAILED.
    let (_, rc) = send(
        s,
        "localhost",
        ng.http_port,
        nginx::REDIRECT_LOOP,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 12156);
    // http -> https is followed; https -> http is refused.
    let (f, rc) = send(
        s,
        "localhost",
        ng.http_port,
        nginx::REDIRECT_TO_HTTPS,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    assert!(query_str(f.request, RINET_OPTION_URL).starts_with("https://"));
    let (_, rc) = send(
        s,
        "localhost",
        ng.https_port,
        nginx::REDIRECT_TO_HTTP,
        SECURE,
        None,
        |_| {},
    );
    assert_eq!(rc, 12040);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn basic_authentication_answers_the_challenge_then_sends_preemptively() {
    let ng = Nginx::start();
    let s = session(1, None, None);
    // No credentials: the 401 is the caller's to see.
    let (f, rc) = send(
        s,
        "127.0.0.1",
        ng.http_port,
        nginx::AUTH_PATH,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 401);
    // Wrong credentials: answered once, then the 401 stands.
    let (f, rc) = send(
        s,
        "127.0.0.1",
        ng.http_port,
        nginx::AUTH_PATH,
        0,
        Some(("user", "wrong")),
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 401);
    // Right credentials from InternetConnect.
    let (f, rc) = send(
        s,
        "127.0.0.1",
        ng.http_port,
        nginx::AUTH_PATH,
        0,
        Some((nginx::AUTH_USER, nginx::AUTH_PASSWORD)),
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 200);
    assert_eq!(body_of(f.request).unwrap(), nginx::AUTH_BODY);
    let before = ng.access_log().matches(" 401 ").count();
    // Then pre-emptively: no new 401 in the server's log.
    let (f, rc) = send(
        s,
        "127.0.0.1",
        ng.http_port,
        nginx::AUTH_PATH,
        0,
        Some((nginx::AUTH_USER, nginx::AUTH_PASSWORD)),
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 200);
    assert_eq!(body_of(f.request).unwrap(), nginx::AUTH_BODY);
    assert_eq!(ng.access_log().matches(" 401 ").count(), before);
    // Credentials through INTERNET_OPTION_USERNAME / PASSWORD work too; NO_AUTH turns it off.
    let (f, rc) = send(
        s,
        "localhost",
        ng.http_port,
        nginx::AUTH_PATH,
        0,
        None,
        |r| {
            let (u, p) = (cstr(nginx::AUTH_USER), cstr(nginx::AUTH_PASSWORD));
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_set_option(r, RINET_OPTION_USERNAME, u.as_ptr() as *mut c_void, 0) },
                0
            );
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_set_option(r, RINET_OPTION_PASSWORD, p.as_ptr() as *mut c_void, 0) },
                0
            );
        },
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 200);
    let (f, rc) = send(
        s,
        "localhost",
        ng.http_port,
        nginx::AUTH_PATH,
        0x0004_0000,
        Some((nginx::AUTH_USER, nginx::AUTH_PASSWORD)),
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(status_of(f.request), 401);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn http_decoding_returns_the_decoded_body_and_hides_the_coding() {
    let ng = Nginx::start();
    let s = session(1, None, None);
    let on: u32 = 1;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                s,
                RINET_OPTION_HTTP_DECODING,
                &on as *const u32 as *mut c_void,
                4,
            )
        },
        0
    );
    let (f, rc) = send(
        s,
        "127.0.0.1",
        ng.http_port,
        nginx::GZIP_PATH,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::gzip_body());
    let mut buf = [0u8; 64];
    let mut len = buf.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_info(
                f.request,
                29,
                buf.as_mut_ptr() as *mut c_void,
                &mut len,
                null_mut(),
            )
        },
        12150
    );
    let mut len = buf.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_info(
                f.request,
                5,
                buf.as_mut_ptr() as *mut c_void,
                &mut len,
                null_mut(),
            )
        },
        12150
    );
    // Without decoding the body stays as sent (no Accept-Encoding: plain).
    let s2 = session(1, None, None);
    let (f, rc) = send(
        s2,
        "127.0.0.1",
        ng.http_port,
        nginx::GZIP_PATH,
        0,
        None,
        |_| {},
    );
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::gzip_body());
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s2) }, 0);
}

#[test]
fn receive_timeout_bounds_the_wait_for_the_response() {
    let server = support::server::TestServer::start();
    let s = session(1, None, None);
    let started = std::time::Instant::now();
    // The server holds the request at a gate nobody opens: it never answers.
    let (_, rc) = send(s, "127.0.0.1", server.port(), "/gate/never", 0, None, |r| {
        set_dword(r, RINET_OPTION_RECEIVE_TIMEOUT, 300)
    });
    assert_eq!(rc, 12002);
    // The request's 300 ms ended it, not the session's default receive timeout of 30 s.
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn ipv6_loopback_and_the_address_used_in_notifications() {
    if !nginx::ipv6_loopback_works() {
        eprintln!("IPv6 loopback is not available here; skipping");
        return;
    }
    let ng = Nginx::start();
    let s = session(1, None, None);
    let (f, rc) = send(s, "::1", ng.http_port, nginx::SMALL_PATH, 0, None, |_| {});
    assert_eq!(rc, 0);
    assert_eq!(body_of(f.request).unwrap(), nginx::SMALL_BODY);
    let n = notes(f.ctx);
    assert_eq!(
        n.iter().find(|n| n.0 == 21).map(|n| n.1.as_str()),
        Some("::1")
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}
