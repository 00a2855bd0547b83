// SPDX-License-Identifier: MIT OR Apache-2.0
//! INTERNET_OPEN_TYPE_PRECONFIG takes its proxy from the environment, as curl does
//! (http_proxy, https_proxy, no_proxy), through tinyproxy to nginx. Its own test binary: the
//! process environment is changed before any session is opened.

mod support;

use std::ffi::{c_void, CString};
use std::ptr::{null, null_mut};

use rinet::ffi::options::*;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::nginx::{self, Nginx};
use support::tinyproxy::Tinyproxy;

fn get(s: rinet_handle, host: &str, port: u16, path: &str, flags: u32) -> (u32, Vec<u8>, u32) {
    let h = CString::new(host).unwrap();
    let p = CString::new(path).unwrap();
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, h.as_ptr(), port, null(), null(), 3, flags, 0, &mut c) },
        0
    );
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
                null(),
                p.as_ptr(),
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
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
    let mut via = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                r,
                RINET_OPTION_REQUEST_FLAGS,
                &mut via as *mut u32 as *mut c_void,
                &mut len,
            )
        },
        0
    );
    let mut body = Vec::new();
    if rc == 0 {
        let mut buf = [0u8; 8192];
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
    }
    (rc, body, via)
}

#[test]
fn preconfig_reads_http_proxy_https_proxy_and_no_proxy() {
    let ng = Nginx::start();
    let proxy = Tinyproxy::start(&[ng.https_port]);
    // Loopback bypasses a proxy by default; these names are not loopback literals, so the
    // environment's proxy applies to "localhost" only when no_proxy does not name it.
    std::env::set_var("http_proxy", format!("http://127.0.0.1:{}", proxy.port));
    std::env::set_var("https_proxy", format!("http://127.0.0.1:{}", proxy.port));
    std::env::set_var("no_proxy", "example.invalid");
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 0, null(), null(), 0, &mut s) },
        0
    );
    let ca = CString::new(ng.ca_file.to_str().unwrap()).unwrap();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(s, RINET_OPTION_CA_FILE, ca.as_ptr() as *mut c_void, 0) },
        0
    );
    let (rc, body, via) = get(s, "localhost", ng.http_port, nginx::SMALL_PATH, 0);
    assert_eq!(rc, 0);
    assert_eq!(body, nginx::SMALL_BODY);
    let direct_loopback = via & 4 == 0;
    // Either the proxy was used, or loopback was bypassed by default (WinInet's rule): the
    // WinInet rule applies, so localhost goes direct.
    assert!(
        direct_loopback,
        "localhost bypasses the environment's proxy by default"
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);

    // With no_proxy naming nothing local and the loopback rule turned off by a proxy string,
    // the request goes through the proxy: that is the PROXY access type; here the environment's
    // proxy is checked to be the one parsed, by sending a name that is not loopback through it.
    std::env::set_var("http_proxy", format!("http://127.0.0.1:{}", proxy.port));
    std::env::set_var("no_proxy", "");
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 0, null(), null(), 0, &mut s) },
        0
    );
    // "rinet.invalid" would fail to resolve if sent direct; tinyproxy cannot resolve it either,
    // and answers with an error page (a response, with the proxy flag set).
    let (rc, _body, via) = get(s, "rinet.invalid", 80, "/", 0);
    assert_eq!(
        rc, 0,
        "the proxy answered for a name only it was asked to resolve"
    );
    assert_eq!(via & 4, 4, "INTERNET_REQFLAG_VIA_PROXY");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    let log = proxy.log_when(|log| log.contains("rinet.invalid"));
    assert!(
        log.contains("rinet.invalid"),
        "tinyproxy saw the request: {log}"
    );

    // no_proxy naming the host sends it direct (and the name does not resolve: 12007).
    std::env::set_var("no_proxy", "rinet.invalid");
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 0, null(), null(), 0, &mut s) },
        0
    );
    let (rc, _body, _via) = get(s, "rinet.invalid", 80, "/", 0);
    assert_eq!(rc, 12007);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}
