// SPDX-License-Identifier: MIT OR Apache-2.0
//! Request forming as WinInet does it, checked on the wire: dot segments removed from the
//! object name, the Host header added at send time (and the application's own Host sent
//! instead), the cache headers of INTERNET_FLAG_NO_CACHE_WRITE and INTERNET_FLAG_PRAGMA_NOCACHE,
//! a POST sent again with a new body, headers with an empty value refused; and a request sent
//! again while its last response body is unread, which drains that body and reuses the
//! connection.
//!
//! A recording raw server (tests/support/tcp.rs) keeps every request it gets, head and body
//! byte for byte, with the number of the connection it came on, and answers as each test
//! scripts it. Checks that touch the network run in three sessions: synchronous, asynchronous
//! with rinet's reactor thread, and asynchronous driven by a thread of the test
//! (RINET_FLAG_DRIVEN).

mod support;

use std::ffi::c_void;
use std::io::{Read, Write};
use std::ptr::null;
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rinet::ffi::options::*;
use rinet::ffi::request::*;
use support::modes::{Mode, MODES};

use support::client::*;

// ---------------------------------------------------------------------------------------------
// A.1 Dot segments
// ---------------------------------------------------------------------------------------------

#[test]
fn dot_segments_are_removed_from_the_object_name() {
    let server = Recorder::ok();
    let base = format!("http://127.0.0.1:{}", server.port());
    for mode in MODES {
        let client = Client::open(mode, server.port());
        let cases = [
            (false, "/A/../B/./C/../../x", "/x"),
            (true, "/A/../B/./C/../../x", "/x"),
            (false, "/a/./b/../c?q=/../y", "/a/c?q=/../y"),
            (true, "/a/./b/../c?q=/../y", "/a/c?q=/../y"),
            (false, "/a/b/..", "/a/"),
            (false, "/../../up", "/up"),
            (false, "/plain/path", "/plain/path"),
        ];
        for (wide, object, wire) in cases {
            let mut r = if wide {
                client.request_w16("GET", object, 0)
            } else {
                client.request("GET", object, 0)
            };
            assert_eq!(r.url(), format!("{base}{wire}"), "{mode:?} {object}: URL");
            assert_eq!(r.send(), 0, "{mode:?} {object}");
            assert_eq!(r.status(), 200);
            assert_eq!(
                server.last().request_line(),
                format!("GET {wire} HTTP/1.1"),
                "{mode:?} {object}: the request line"
            );
            assert_eq!(
                r.url(),
                format!("{base}{wire}"),
                "{mode:?} {object}: URL after"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A.2 Host
// ---------------------------------------------------------------------------------------------

#[test]
fn host_is_added_at_send_time_and_the_applications_host_is_sent_instead() {
    let server = Recorder::ok();
    let ours = format!("127.0.0.1:{}", server.port());
    for mode in MODES {
        let client = Client::open(mode, server.port());

        // No Host of the application's: none before the send, rinet's after it.
        let mut r = client.request("GET", "/plain", 0);
        assert_eq!(r.request_header(QUERY_HOST, ""), Err(HEADER_NOT_FOUND));
        assert_eq!(r.request_header_w16(QUERY_HOST), Err(HEADER_NOT_FOUND));
        assert_eq!(r.send(), 0);
        assert_eq!(server.last().values("Host"), vec![ours.clone()], "{mode:?}");
        assert_eq!(r.request_header(QUERY_HOST, ""), Ok(ours.clone()));
        assert_eq!(r.request_header_w16(QUERY_HOST), Ok(ours.clone()));
        drop(r);

        // The application's Host, however it was added, is the one Host line sent.
        for (how, modifiers, wide) in [
            ("REPLACE", REPLACE, false),
            ("COALESCE", COALESCE, false),
            ("ADD|REPLACE", ADD | REPLACE, false),
            ("ADD", ADD, false),
            ("ADD_IF_NEW", ADD_IF_NEW, false),
            ("REPLACE (W)", REPLACE, true),
        ] {
            let mut r = client.request("GET", "/override", 0);
            let line = "Host: test.local:1234\r\n";
            let rc = if wide {
                r.add_w16(line, modifiers)
            } else {
                r.add(line, modifiers)
            };
            assert_eq!(rc, 0, "{mode:?} {how}");
            assert_eq!(
                r.request_header(QUERY_HOST, ""),
                Ok("test.local:1234".into()),
                "{mode:?} {how}: before the send"
            );
            assert_eq!(r.send(), 0, "{mode:?} {how}");
            assert_eq!(
                server.last().values("Host"),
                ["test.local:1234"],
                "{mode:?} {how}: the wire"
            );
            assert_eq!(
                r.request_header(QUERY_HOST, ""),
                Ok("test.local:1234".into()),
                "{mode:?} {how}: after the send"
            );
        }

        // Through HttpSendRequest's headers (merged with ADD|REPLACE).
        let mut r = client.request("GET", "/send-headers", 0);
        assert_eq!(r.send_with("Host: other.example\r\n", b""), 0);
        assert_eq!(server.last().values("Host"), ["other.example"], "{mode:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// A.3 Cache headers
// ---------------------------------------------------------------------------------------------

#[test]
fn cache_flags_add_the_headers_windows_adds() {
    let server = Recorder::start(|sock, _, _| {
        sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            .is_ok()
    });
    let client = Client::open(Mode::Thread, server.port());
    // (flags, verb, Cache-Control values, Pragma values)
    let no_cache: &[&str] = &["no-cache"];
    let none: &[&str] = &[];
    let cases: [(u32, &str, &[&str], &[&str]); 12] = [
        // NO_CACHE_WRITE: Cache-Control: no-cache for every verb but GET.
        (FLAG_NO_CACHE_WRITE, "GET", none, none),
        (FLAG_NO_CACHE_WRITE, "HEAD", no_cache, none),
        (FLAG_NO_CACHE_WRITE, "POST", no_cache, none),
        (FLAG_NO_CACHE_WRITE, "PUT", no_cache, none),
        (FLAG_NO_CACHE_WRITE, "RPC_OUT_DATA", no_cache, none),
        // PRAGMA_NOCACHE: Pragma: no-cache for every verb.
        (FLAG_PRAGMA_NOCACHE, "GET", none, no_cache),
        (FLAG_PRAGMA_NOCACHE, "HEAD", none, no_cache),
        (FLAG_PRAGMA_NOCACHE, "POST", none, no_cache),
        // RELOAD concerns the local cache only: no header.
        (FLAG_RELOAD, "GET", none, none),
        (FLAG_RELOAD, "POST", none, none),
        // All three.
        (
            FLAG_RELOAD | FLAG_NO_CACHE_WRITE | FLAG_PRAGMA_NOCACHE,
            "GET",
            none,
            no_cache,
        ),
        (
            FLAG_RELOAD | FLAG_NO_CACHE_WRITE | FLAG_PRAGMA_NOCACHE,
            "HEAD",
            no_cache,
            no_cache,
        ),
    ];
    for (flags, verb, cache_control, pragma) in cases {
        let mut r = client.request(verb, "/cache", flags);
        assert_eq!(r.send(), 0, "{flags:#x} {verb}");
        let got = server.last();
        assert_eq!(got.request_line(), format!("{verb} /cache HTTP/1.1"));
        assert_eq!(
            got.values("Cache-Control"),
            cache_control,
            "{flags:#x} {verb}: Cache-Control"
        );
        assert_eq!(got.values("Pragma"), pragma, "{flags:#x} {verb}: Pragma");
    }
    // The application's own Cache-Control wins over the one rinet would add.
    let mut r = client.request("POST", "/cache", FLAG_NO_CACHE_WRITE);
    assert_eq!(r.add("Cache-Control: max-age=0\r\n", ADD), 0);
    assert_eq!(r.send(), 0);
    assert_eq!(server.last().values("Cache-Control"), ["max-age=0"]);
}

// ---------------------------------------------------------------------------------------------
// A.4 A POST sent again with a new body
// ---------------------------------------------------------------------------------------------

#[test]
fn a_post_sent_again_carries_its_new_body_and_length() {
    let server = Recorder::ok();
    for mode in MODES {
        let client = Client::open(mode, server.port());
        let mut r = client.request("POST", "/post", 0);
        assert_eq!(r.send_with("", b"first"), 0, "{mode:?}");
        assert_eq!(r.read_all(), b"ok");
        let got = server.last();
        assert_eq!(got.values("Content-Length"), ["5"], "{mode:?}");
        assert_eq!(got.body, b"first");

        assert_eq!(r.send_with("", b"the second body"), 0, "{mode:?}");
        assert_eq!(r.read_all(), b"ok");
        let got = server.last();
        assert_eq!(
            got.values("Content-Length"),
            ["15"],
            "{mode:?}: second send"
        );
        assert_eq!(got.body, b"the second body", "{mode:?}");

        // Sent again with no body: Content-Length 0, as for any body-less POST.
        assert_eq!(r.send(), 0, "{mode:?}");
        assert_eq!(r.read_all(), b"ok");
        let got = server.last();
        assert_eq!(got.values("Content-Length"), ["0"], "{mode:?}: third send");
        assert_eq!(got.body, b"");

        // Sent again while the last response is unread.
        assert_eq!(r.send_with("", b"fourth"), 0, "{mode:?}");
        assert_eq!(r.send_with("", b"fifth!!"), 0, "{mode:?}");
        let got = server.last();
        assert_eq!(got.values("Content-Length"), ["7"], "{mode:?}: fifth send");
        assert_eq!(got.body, b"fifth!!");
        assert_eq!(r.read_all(), b"ok");
    }
}

// ---------------------------------------------------------------------------------------------
// A.5 Headers with an empty value
// ---------------------------------------------------------------------------------------------

#[test]
fn a_header_with_an_empty_value_is_refused() {
    let server = Recorder::ok();
    let client = Client::open(Mode::Sync, server.port());
    let mut r = client.request("GET", "/empty", 0);
    for modifiers in [ADD, ADD_IF_NEW, COALESCE, ADD | REPLACE, 0] {
        for text in ["EmptyTest1:", "EmptyTest2:\r\n", "EmptyTest3:   \r\n"] {
            assert_eq!(
                r.add(text, modifiers),
                INVALID_PARAMETER,
                "{text:?} {modifiers:#x}"
            );
            assert_eq!(r.add_w16(text, modifiers), INVALID_PARAMETER, "W {text:?}");
        }
    }
    for name in ["EmptyTest1", "EmptyTest2", "EmptyTest3"] {
        assert_eq!(r.request_header(QUERY_CUSTOM, name), Err(HEADER_NOT_FOUND));
    }
    // REPLACE with an empty value still removes the header.
    assert_eq!(r.add("Authorization: Basic\r\n", ADD), 0);
    assert_eq!(
        r.request_header(QUERY_AUTHORIZATION, ""),
        Ok("Basic".into())
    );
    assert_eq!(r.add("Authorization:\r\n", REPLACE), 0);
    assert_eq!(
        r.request_header(QUERY_AUTHORIZATION, ""),
        Err(HEADER_NOT_FOUND)
    );

    // HttpSendRequest's headers: refused, nothing sent.
    assert_eq!(r.send_with("X-Empty:\r\n", b""), INVALID_PARAMETER);
    assert_eq!(r.send_with("X-Fine: 1\r\nX-Empty:", b""), INVALID_PARAMETER);
    let wide = w16("X-Empty:\r\n");
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_send_request_w16(r.h, wide.as_ptr(), u32::MAX, null(), 0) },
        INVALID_PARAMETER
    );
    assert_eq!(server.accepts(), 0, "nothing was sent");
    assert_eq!(r.send(), 0);
    let got = server.last();
    assert_eq!(got.values("X-Empty"), Vec::<String>::new());
    assert_eq!(got.values("X-Fine"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// B. Sent again while the last response body is unread
// ---------------------------------------------------------------------------------------------

/// A server that answers the first request of each connection with `first`, and every later
/// request of a connection with `201 same` (on the first connection) or `202 new` (on any
/// other): a second connection shows in the status.
fn per_connection(first: &'static [u8]) -> Recorder {
    Recorder::start(move |sock, conn, nth| {
        let reply: &[u8] = match (conn, nth) {
            (_, 0) if conn == 0 => first,
            (0, _) => b"HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nsame",
            _ => b"HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\nnew!",
        };
        let text = String::from_utf8_lossy(reply);
        let framed = text.contains("Content-Length") || text.contains("chunked");
        sock.write_all(reply).is_ok() && framed && !text.contains("Connection: close")
    })
}

/// The body of the first answer looks like a response: a client that reads it as the answer to
/// the next request is caught.
const LENGTH_FIRST: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\nHTTP/1.1 211 OK\r\n\r\n";
const CHUNKED_FIRST: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
    13\r\nHTTP/1.1 211 OK\r\n\r\n\r\n5\r\nabcde\r\n0\r\nX-Trailer: 1\r\n\r\n";

#[test]
fn sent_again_with_the_body_unread_drains_it_and_reuses_the_connection() {
    let at_the_bound: &'static [u8] = {
        let mut v = b"HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n\r\n".to_vec();
        v.extend(std::iter::repeat_n(b'y', 65_536));
        Box::leak(v.into_boxed_slice())
    };
    for (what, first) in [
        ("Content-Length", LENGTH_FIRST),
        ("chunked", CHUNKED_FIRST),
        ("64 KiB", at_the_bound),
    ] {
        for mode in MODES {
            let server = per_connection(first);
            let client = Client::open(mode, server.port());
            let mut r = client.request("GET", "/again", 0);
            assert_eq!(r.send(), 0, "{what} {mode:?}");
            assert_eq!(r.status(), 200);
            assert_eq!(r.notes(), with_complete(mode, &FRESH), "{what} {mode:?}");

            // The body is never read; the same handle sends again.
            assert_eq!(r.send(), 0, "{what} {mode:?}");
            assert_eq!(
                r.notes(),
                with_complete(mode, &[SENDING, SENT, RECEIVING, RECEIVED]),
                "{what} {mode:?}: the second send reuses the connection"
            );
            assert_eq!(r.status(), 201, "{what} {mode:?}");
            assert_eq!(r.read_all(), b"same", "{what} {mode:?}");
            assert_eq!(server.accepts(), 1, "{what} {mode:?}: one connection");
            let got = server.requests();
            assert_eq!(got.len(), 2);
            assert!(got.iter().all(|g| g.conn == 0));
        }
    }
}

#[test]
fn the_drain_waits_for_a_remainder_still_on_its_way() {
    for mode in [Mode::Thread, Mode::Driven] {
        let (go, wait) = mpsc::channel::<()>();
        let wait = Mutex::new(wait);
        let server = Recorder::start(move |sock, conn, nth| {
            if conn == 0 && nth == 0 {
                // Half the body now, the rest once the client has sent again.
                let ok = sock
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234")
                    .is_ok();
                let _ = wait.lock().unwrap().recv_timeout(STALL);
                return ok && sock.write_all(b"56789").is_ok();
            }
            let reply: &[u8] = if conn == 0 {
                b"HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nsame"
            } else {
                b"HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\nnew!"
            };
            sock.write_all(reply).is_ok()
        });
        let client = Client::open(mode, server.port());
        let mut r = client.request("GET", "/partial", 0);
        assert_eq!(r.send(), 0);
        r.notes();
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_send_request(r.h, null(), 0, null(), 0) };
        assert_eq!(rc, PENDING, "{mode:?}");
        go.send(()).unwrap();
        assert_eq!(r.finish(rc), 0, "{mode:?}");
        assert_eq!(
            r.notes(),
            [SENDING, SENT, RECEIVING, RECEIVED, COMPLETE],
            "{mode:?}"
        );
        assert_eq!(r.status(), 201, "{mode:?}");
        assert_eq!(r.read_all(), b"same");
        assert_eq!(server.accepts(), 1, "{mode:?}");
    }
}

#[test]
fn a_remainder_that_cannot_be_drained_gets_a_new_connection() {
    // Too big to drain (over 64 KiB), or delimited by the close, or Connection: close.
    let big: &'static [u8] = {
        let mut v = b"HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n".to_vec();
        v.extend(std::iter::repeat_n(b'x', 70_000));
        Box::leak(v.into_boxed_slice())
    };
    let big_chunked: &'static [u8] = {
        let mut v = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        for _ in 0..7 {
            v.extend_from_slice(b"2710\r\n");
            v.extend(std::iter::repeat_n(b'x', 10_000));
            v.extend_from_slice(b"\r\n");
        }
        v.extend_from_slice(b"0\r\n\r\n");
        Box::leak(v.into_boxed_slice())
    };
    for (what, first) in [
        ("too big", big),
        ("too big, chunked", big_chunked),
        (
            "close-delimited",
            &b"HTTP/1.1 200 OK\r\n\r\nuntil the close"[..],
        ),
        (
            "Connection: close",
            &b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc"[..],
        ),
    ] {
        for mode in MODES {
            let server = per_connection(first);
            let client = Client::open(mode, server.port());
            let mut r = client.request("GET", "/again", 0);
            assert_eq!(r.send(), 0, "{what} {mode:?}");
            r.notes();
            assert_eq!(r.send(), 0, "{what} {mode:?}");
            let mut want = vec![CLOSING, CLOSED];
            want.extend(NEW_CONNECTION);
            assert_eq!(r.notes(), with_complete(mode, &want), "{what} {mode:?}");
            assert_eq!(r.status(), 202, "{what} {mode:?}");
            assert_eq!(r.read_all(), b"new!");
            assert_eq!(server.accepts(), 2, "{what} {mode:?}");
        }
    }
}

#[test]
fn a_remainder_that_does_not_come_in_time_gets_a_new_connection() {
    for mode in MODES {
        let server = Recorder::start(|sock, conn, nth| {
            if conn == 0 && nth == 0 {
                // Half the body, and the rest never: the connection stays open, silent.
                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
                let mut b = [0u8; 1];
                while matches!(sock.read(&mut b), Ok(1)) {}
                return false;
            }
            sock.write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\nnew!")
                .is_ok()
        });
        let client = Client::open(mode, server.port());
        let mut r = client.request("GET", "/stuck", 0);
        assert_eq!(r.send(), 0, "{mode:?}");
        r.notes();
        // The drain waits for the rest as long as the receive timeout allows.
        let mut ms = 500u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_set_option(
                    r.h,
                    RINET_OPTION_RECEIVE_TIMEOUT,
                    &mut ms as *mut u32 as *mut c_void,
                    4,
                )
            },
            0
        );
        let began = Instant::now();
        assert_eq!(r.send(), 0, "{mode:?}");
        assert!(began.elapsed() >= Duration::from_millis(500), "{mode:?}");
        let mut want = vec![CLOSING, CLOSED];
        want.extend(NEW_CONNECTION);
        assert_eq!(r.notes(), with_complete(mode, &want), "{mode:?}");
        assert_eq!(r.status(), 202, "{mode:?}");
        assert_eq!(r.read_all(), b"new!");
        assert_eq!(server.accepts(), 2, "{mode:?}");
    }
}
