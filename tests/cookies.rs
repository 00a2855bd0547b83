// SPDX-License-Identifier: MIT OR Apache-2.0
//! The cookie jar as WinInet keeps it, through the exports (A, UTF-16 and UTF-32): paths match
//! as plain prefixes of the request's directory; a URL without a host is 87; no cookie is 259
//! with a size of 0.
//!
//! The jar is the process's, shared by the tests of this binary, which run at once: each test
//! uses host names of its own.

use std::ffi::CString;
use std::ptr::{null, null_mut};

use rinet::ffi::cookie::*;

const INVALID_PARAMETER: u32 = 87;
const NO_MORE_ITEMS: u32 = 259;

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
    rinet_set_cookie(cstr(url).as_ptr(), null(), cstr(text).as_ptr())
}

/// InternetSetCookieW's code (UTF-16), which must be InternetSetCookieW's with UTF-32 too.
fn set_w(url: &str, text: &str) -> u32 {
    let rc = rinet_set_cookie_w16(w16(url).as_ptr(), null(), w16(text).as_ptr());
    // The same call again with UTF-32 strings stores the same cookie (or is refused alike).
    let rc32 = rinet_set_cookie_w32(w32(url).as_ptr(), null(), w32(text).as_ptr());
    assert_eq!(rc, rc32, "UTF-16 and UTF-32 differ for {text} at {url}");
    rc
}

/// InternetGetCookieA: (code, cookies, *size afterwards), from a buffer of 256 bytes.
fn get_a(url: &str) -> (u32, String, u32) {
    let mut buf = [0xACu8; 256];
    let mut size = buf.len() as u32;
    let rc = rinet_get_cookie(
        cstr(url).as_ptr(),
        null(),
        buf.as_mut_ptr() as *mut _,
        &mut size,
    );
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
    let rc = rinet_get_cookie_w16(w16(url).as_ptr(), null(), buf.as_mut_ptr(), &mut size);
    let text = if rc == 0 {
        let end = buf.iter().position(|&u| u == 0).unwrap();
        String::from_utf16(&buf[..end]).unwrap()
    } else {
        String::new()
    };
    let mut buf32 = [0xACACu32; 256];
    let mut size32 = buf32.len() as u32;
    let rc32 = rinet_get_cookie_w32(w32(url).as_ptr(), null(), buf32.as_mut_ptr(), &mut size32);
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
            rinet_get_cookie_ex(
                cstr(url).as_ptr(),
                null(),
                buf.as_mut_ptr() as *mut _,
                &mut size,
                0,
                null_mut()
            ),
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
        rinet_get_cookie(url.as_ptr(), null(), null_mut(), &mut size),
        NO_MORE_ITEMS
    );
    assert_eq!(size, 0);
    let mut size = 1024u32;
    assert_eq!(
        rinet_get_cookie_w16(
            w16("http://nothing.nocookie.test/").as_ptr(),
            null(),
            null_mut(),
            &mut size
        ),
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
