// SPDX-License-Identifier: MIT OR Apache-2.0
//! The cookie jar as WinInet keeps it, through the exports (A, UTF-16 and UTF-32) and over real
//! loopback servers: paths match as plain prefixes of the request's directory; a Domain
//! attribute naming a public suffix, a domain the host is not within, or a tail of an IP
//! address is refused (87 from InternetSetCookie, ignored in a response's Set-Cookie); an IP
//! address's cookies go to that address alone; a URL without a host is 87; no cookie is 259
//! with a size of 0.
//!
//! The jar is the process's, shared by the tests of this binary, which run at once: each test
//! uses host names of its own. The servers are small scripted ones: one answers as the origin
//! at 127.0.0.1, one as an HTTP proxy, so that requests can name any host (the proxy answers
//! them all; nothing but loopback is ever connected to).

use std::ffi::{c_void, CString};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::ptr::{null, null_mut};
use std::sync::mpsc;

mod support;

use support::tcp::TcpServer;

use rinet::ffi::cookie::*;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;

const INVALID_PARAMETER: u32 = 87;
const NO_MORE_ITEMS: u32 = 259;
/// INTERNET_FLAG_RELOAD.
const RELOAD: u32 = 0x8000_0000;

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn w16(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

fn w32(s: &str) -> Vec<u32> {
    s.chars().map(|c| c as u32).chain([0]).collect()
}

/// InternetSetCookieA's code for `text` at `url`.
fn set_a(url: &str, text: &str) -> u32 {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    unsafe { rinet_set_cookie(cstr(url).as_ptr(), null(), cstr(text).as_ptr()) }
}

/// InternetSetCookieW's code (UTF-16), which must be InternetSetCookieW's with UTF-32 too.
fn set_w(url: &str, text: &str) -> u32 {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_set_cookie_w16(w16(url).as_ptr(), null(), w16(text).as_ptr()) };
    // The same call again with UTF-32 strings stores the same cookie (or is refused alike).
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc32 = unsafe { rinet_set_cookie_w32(w32(url).as_ptr(), null(), w32(text).as_ptr()) };
    assert_eq!(rc, rc32, "UTF-16 and UTF-32 differ for {text} at {url}");
    rc
}

/// InternetGetCookieA: (code, cookies, *size afterwards), from a buffer of 256 bytes.
fn get_a(url: &str) -> (u32, String, u32) {
    let mut buf = [0xACu8; 256];
    let mut size = buf.len() as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_get_cookie(
            cstr(url).as_ptr(),
            null(),
            buf.as_mut_ptr() as *mut _,
            &mut size,
        )
    };
    let text = if rc == 0 {
        let end = buf.iter().position(|&b| b == 0).unwrap();
        String::from_utf8(buf[..end].to_vec()).unwrap()
    } else {
        String::new()
    };
    (rc, text, size)
}

/// InternetGetCookieW: as [`get_a`] with UTF-16 strings, checked to agree with UTF-32.
fn get_w(url: &str) -> (u32, String, u32) {
    let mut buf = [0xACACu16; 256];
    let mut size = buf.len() as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc =
        unsafe { rinet_get_cookie_w16(w16(url).as_ptr(), null(), buf.as_mut_ptr(), &mut size) };
    let text = if rc == 0 {
        let end = buf.iter().position(|&u| u == 0).unwrap();
        String::from_utf16(&buf[..end]).unwrap()
    } else {
        String::new()
    };
    let mut buf32 = [0xACACu32; 256];
    let mut size32 = buf32.len() as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc32 =
        unsafe { rinet_get_cookie_w32(w32(url).as_ptr(), null(), buf32.as_mut_ptr(), &mut size32) };
    assert_eq!(
        (rc, size),
        (rc32, size32),
        "UTF-16 and UTF-32 differ at {url}"
    );
    (rc, text, size)
}

/// The cookies for `url` as both the A and the W call give them; None for no cookie, where
/// both must fail with 259 and a size of 0, as in WinInet.
fn cookies(url: &str) -> Option<String> {
    let (rc, a, size) = get_a(url);
    let (rcw, w, sizew) = get_w(url);
    assert_eq!(rc, rcw, "A and W differ at {url}");
    match rc {
        0 => {
            assert_eq!(a, w, "A and W differ at {url}");
            assert_eq!(size as usize, a.len() + 1);
            assert_eq!(sizew as usize, w.chars().count() + 1);
            Some(a)
        }
        NO_MORE_ITEMS => {
            assert_eq!(
                (size, sizew),
                (0, 0),
                "no cookie at {url} must report a size of 0"
            );
            None
        }
        other => panic!("InternetGetCookie({url}) failed with {other}"),
    }
}

#[test]
fn a_url_without_a_host_is_an_invalid_parameter() {
    for url in ["about:blank", "about:", "mailto:someone@cookie.test"] {
        assert_eq!(get_a(url).0, INVALID_PARAMETER, "get A {url}");
        assert_eq!(get_w(url).0, INVALID_PARAMETER, "get W {url}");
        assert_eq!(set_a(url, "a=1"), INVALID_PARAMETER, "set A {url}");
        assert_eq!(set_w(url, "a=1"), INVALID_PARAMETER, "set W {url}");
        let mut buf = [0u8; 16];
        let mut size = buf.len() as u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_get_cookie_ex(
                    cstr(url).as_ptr(),
                    null(),
                    buf.as_mut_ptr() as *mut _,
                    &mut size,
                    0,
                    null_mut(),
                )
            },
            INVALID_PARAMETER,
            "get Ex {url}"
        );
    }
    // A name without a scheme stays 12006 (ERROR_INTERNET_UNRECOGNIZED_SCHEME), as in WinInet.
    assert_eq!(set_a("server", "a=1"), 12006);
    assert_eq!(set_w("server", "a=1"), 12006);
}

#[test]
fn no_cookie_fails_with_no_more_items_and_a_size_of_0() {
    assert_eq!(cookies("http://nothing.nocookie.test/"), None);
    // With no buffer, too: the size is still set to 0.
    let mut size = 1024u32;
    let url = cstr("http://nothing.nocookie.test/a/b");
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_cookie(url.as_ptr(), null(), null_mut(), &mut size) },
        NO_MORE_ITEMS
    );
    assert_eq!(size, 0);
    let mut size = 1024u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_get_cookie_w16(
                w16("http://nothing.nocookie.test/").as_ptr(),
                null(),
                null_mut(),
                &mut size,
            )
        },
        NO_MORE_ITEMS
    );
    assert_eq!(size, 0);
    // A cookie for another path of the host is no cookie for this URL.
    assert_eq!(set_a("http://www.nocookie.test/deep/page", "d=1"), 0);
    assert_eq!(cookies("http://www.nocookie.test/"), None);
    assert_eq!(
        cookies("http://www.nocookie.test/deep/x").as_deref(),
        Some("d=1")
    );
}

#[test]
fn paths_match_as_plain_prefixes_of_the_directory() {
    let host = "http://www.pathrule.test";
    assert_eq!(set_a(&format!("{host}/bar"), "root=1"), 0);
    assert_eq!(set_w(&format!("{host}/bar/"), "dir=1"), 0);
    assert_eq!(set_a(&format!("{host}/"), "foo=1; path=/foo"), 0);
    assert_eq!(set_w(&format!("{host}/bar/"), "slash=1; path=/foo/"), 0);
    let at = |path: &str| cookies(&format!("{host}{path}"));
    assert_eq!(at("/").as_deref(), Some("root=1"));
    assert_eq!(at("/foobar").as_deref(), Some("root=1"));
    // No '/' boundary: "/foo" is a prefix of the directory "/foobar/".
    assert_eq!(at("/foobar/").as_deref(), Some("foo=1; root=1"));
    assert_eq!(at("/foo/bar").as_deref(), Some("slash=1; foo=1; root=1"));
    assert_eq!(at("/barfoo/").as_deref(), Some("root=1"));
    assert_eq!(at("/bar/foo").as_deref(), Some("dir=1; root=1"));
}

#[test]
fn a_domain_that_is_a_public_suffix_or_not_the_hosts_is_refused() {
    for (url, text) in [
        ("http://www.sample.co.uk/", "x=1; domain=co.uk"),
        ("http://www.sample.co.uk/", "x=1; domain=.co.uk"),
        ("http://www.aaa.example.com.pl/bar", "x=1; domain=com.pl"),
        ("http://www.suffix.com/", "x=1; domain=com"),
        ("http://www.aaa.suffix.com/bar", "x=1; domain=different.com"),
        ("http://www.suffix.com/", "x=1; domain=ffix.com"),
    ] {
        assert_eq!(set_a(url, text), INVALID_PARAMETER, "A: {text} at {url}");
        assert_eq!(set_w(url, text), INVALID_PARAMETER, "W: {text} at {url}");
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let state =
            unsafe { rinet_set_cookie_ex(cstr(url).as_ptr(), null(), cstr(text).as_ptr(), 0, 0) };
        assert_eq!(state, INVALID_PARAMETER, "Ex: {text} at {url}");
    }
    assert_eq!(cookies("http://other.co.uk/"), None);
    assert_eq!(cookies("http://www.sample.co.uk/"), None);
    assert_eq!(cookies("http://example.com.pl/"), None);
    assert_eq!(cookies("http://different.com/"), None);
    // The registrable domain below a suffix is allowed.
    assert_eq!(
        set_a(
            "http://www.aaa.example.com.pl/bar",
            "pl=1; domain=example.com.pl"
        ),
        0
    );
    assert_eq!(
        set_w("http://www.sample.co.uk/", "uk=1; domain=sample.co.uk"),
        0
    );
    assert_eq!(cookies("http://example.com.pl/").as_deref(), Some("pl=1"));
    assert_eq!(cookies("http://api.sample.co.uk/").as_deref(), Some("uk=1"));
}

#[test]
fn an_ip_address_gets_only_its_own_cookies() {
    // "2.3.4" is an IPv4 address (inet_aton's three-part form): a Domain of itself keeps the
    // cookie its own, and 1.2.3.4, whose text ends in ".2.3.4", never gets it.
    assert_eq!(set_a("http://2.3.4/", "a=1; domain=2.3.4"), 0);
    assert_eq!(set_w("http://2.3.4/", "b=1"), 0);
    assert_eq!(cookies("http://2.3.4/").as_deref(), Some("a=1; b=1"));
    assert_eq!(cookies("http://1.2.3.4/"), None);
    assert_eq!(
        set_a("http://1.2.3.4/", "c=1; domain=2.3.4"),
        INVALID_PARAMETER
    );
    assert_eq!(
        set_w("http://1.2.3.4/", "c=1; domain=.3.4"),
        INVALID_PARAMETER
    );
    assert_eq!(cookies("http://2.3.4/").as_deref(), Some("a=1; b=1"));
    assert_eq!(cookies("http://3.4/"), None);
}

/// Read one request head; None at EOF.
fn read_head(r: &mut BufReader<TcpStream>) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            return Some(lines);
        }
        lines.push(line);
    }
}

/// A server that sends every request head it reads to the test and answers 200 "ok" with the
/// Set-Cookie headers `set_cookies` gives for the request line.
fn cookie_server(
    set_cookies: fn(&str) -> Vec<&'static str>,
) -> (TcpServer, mpsc::Receiver<Vec<String>>) {
    let (tx, rx) = mpsc::channel();
    let server = TcpServer::start(move |stream: TcpStream| {
        let tx = tx.clone();
        let mut w = stream.try_clone().unwrap();
        let mut r = BufReader::new(stream);
        while let Some(lines) = read_head(&mut r) {
            let mut reply = String::from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
            for c in set_cookies(&lines[0]) {
                reply.push_str(&format!("Set-Cookie: {c}\r\n"));
            }
            reply.push_str("\r\nok");
            let _ = tx.send(lines);
            if w.write_all(reply.as_bytes()).is_err() {
                break;
            }
        }
    });
    (server, rx)
}

/// The Cookie header of a request head, None without one.
fn cookie_header(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("Cookie: "))
        .map(str::to_string)
        .reduce(|a, b| format!("{a} | {b}"))
}

/// Open `url` on `s` with the A call or the W call, read the body to its end, close the
/// request, and return the request head the server saw.
fn fetch(
    s: rinet_handle,
    url: &str,
    wide: bool,
    seen: &mpsc::Receiver<Vec<String>>,
) -> Vec<String> {
    let mut r = null_mut();
    let rc = if wide {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open_url_w16(s, w16(url).as_ptr(), null(), 0, RELOAD, 0, &mut r) }
    } else {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open_url(s, cstr(url).as_ptr(), null(), 0, RELOAD, 0, &mut r) }
    };
    assert_eq!(rc, 0, "open {url}");
    let mut body = Vec::new();
    loop {
        let mut buf = [0u8; 64];
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
    assert_eq!(body, b"ok");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    seen.try_recv().expect("the server saw the request")
}

fn proxy_cookies(request_line: &str) -> Vec<&'static str> {
    if request_line.starts_with("GET http://www.example.co.uk/dir/page ") {
        vec![
            "suffix=1; Domain=co.uk; Path=/",
            "tld=1; Domain=uk; Path=/",
            "other=1; Domain=example.com; Path=/",
            "reg=1; Domain=.example.co.uk; Path=/",
            "dflt=1",
            "foo=1; Path=/foo",
        ]
    } else {
        Vec::new()
    }
}

#[test]
fn responses_and_requests_follow_the_rules_through_a_proxy() {
    // Through the proxy the request names its host, so the jar sees real domain names; the
    // proxy (this test's server, on loopback) answers every request itself.
    let (proxy, seen) = cookie_server(proxy_cookies);
    let proxy_name = cstr(&format!("http=127.0.0.1:{}", proxy.port()));
    let mut s = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(null(), 3, proxy_name.as_ptr(), null(), 0, &mut s) },
        0
    );
    let first = fetch(s, "http://www.example.co.uk/dir/page", false, &seen);
    assert_eq!(first[0], "GET http://www.example.co.uk/dir/page HTTP/1.1");
    assert_eq!(cookie_header(&first), None);
    // The public suffixes and the foreign domain were ignored; the rest stored.
    for (url, wide, want) in [
        // "/foo" is a prefix of the directory "/foobar/"; "dflt" has the path "/dir/".
        (
            "http://www.example.co.uk/foobar/x",
            false,
            Some("foo=1; reg=1"),
        ),
        (
            "http://www.example.co.uk/foobar/x",
            true,
            Some("foo=1; reg=1"),
        ),
        ("http://www.example.co.uk/foobar", true, Some("reg=1")),
        (
            "http://www.example.co.uk/dir/other?q=1",
            false,
            Some("dflt=1; reg=1"),
        ),
        ("http://www.example.co.uk/dirt/", false, Some("reg=1")),
        ("http://api.example.co.uk/foo/", true, Some("reg=1")),
        ("http://another.co.uk/", false, None),
        ("http://www.example.com/", true, None),
    ] {
        let head = fetch(s, url, wide, &seen);
        assert_eq!(
            cookie_header(&head).as_deref(),
            want,
            "{url} (wide: {wide})"
        );
    }
    assert_eq!(cookies("http://x.co.uk/"), None);
    assert_eq!(cookies("http://uk/"), None);
    assert_eq!(cookies("http://example.com/"), None);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

fn origin_cookies(request_line: &str) -> Vec<&'static str> {
    if request_line.starts_with("GET /ip/set ") {
        vec![
            "tail=1; Domain=0.0.1; Path=/",
            "own=1; Domain=127.0.0.1; Path=/",
        ]
    } else {
        Vec::new()
    }
}

#[test]
fn an_ip_origin_sends_and_takes_only_its_own_cookies() {
    let (server, seen) = cookie_server(origin_cookies);
    let base = format!("http://127.0.0.1:{}", server.port());
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), 0, &mut s) },
        0
    );
    let first = fetch(s, &format!("{base}/ip/set"), false, &seen);
    assert_eq!(cookie_header(&first), None);
    // "Domain=0.0.1" from 127.0.0.1 was ignored; "Domain=127.0.0.1" kept, for that host alone.
    assert_eq!(cookies("http://0.0.1/"), None);
    assert_eq!(cookies("http://127.0.0.1/").as_deref(), Some("own=1"));
    // A cookie for 0.0.1, whose text is a tail of 127.0.0.1, does not go to 127.0.0.1.
    assert_eq!(set_a("http://0.0.1/", "other=1; domain=0.0.1"), 0);
    assert_eq!(set_w("http://0.0.1/", "other2=1"), 0);
    for wide in [false, true] {
        let head = fetch(s, &format!("{base}/ip/next"), wide, &seen);
        assert_eq!(
            cookie_header(&head).as_deref(),
            Some("own=1"),
            "wide: {wide}"
        );
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}
