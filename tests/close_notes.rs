// SPDX-License-Identifier: MIT OR Apache-2.0
//! When CLOSING_CONNECTION and CONNECTION_CLOSED are told, as WinInet tells them:
//!
//! - a response that asks for its connection to be closed (`Connection: close`): when the
//!   application meets the end of the body (a read or a data-available query that finds
//!   nothing more), or when it closes the handle first;
//! - a response that allowed keep-alive, whose server then hung up (a body delimited by the
//!   close, a hang-up after a chunked or counted body): never;
//! - a body cut short by the server's hang-up, with the application closing the handle
//!   before it read on: at the close.
//!
//! Each check runs in a synchronous session, an asynchronous one run by rinet's reactor
//! thread, and one driven by a thread of the test, against a raw server that answers as each
//! test scripts it (tests/support/client.rs).

mod support;

use std::io::Write;
use std::net::Shutdown;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use support::client::*;
use support::modes::{wait_complete, Mode, MODES};

const HANDLE_CLOSING: u32 = 70;

/// The connection notifications among `notes`, in order.
fn closes(notes: &[u32]) -> Vec<u32> {
    notes
        .iter()
        .copied()
        .filter(|&s| s == CLOSING || s == CLOSED)
        .collect()
}

/// The connection notifications and HANDLE_CLOSING among `notes`, in order.
fn closes_and_closing(notes: &[u32]) -> Vec<u32> {
    notes
        .iter()
        .copied()
        .filter(|&s| s == CLOSING || s == CLOSED || s == HANDLE_CLOSING)
        .collect()
}

/// A server that writes `answer` to each connection's first request and hangs up (the server
/// keeps a clone of each socket, so the hang-up is a shutdown).
fn answer_and_hang_up(answer: &'static [u8]) -> Recorder {
    Recorder::start(move |sock, _, _| {
        let _ = sock.write_all(answer);
        let _ = sock.shutdown(Shutdown::Both);
        false
    })
}

const ASKS_TO_CLOSE: &[u8] = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n123";

#[test]
fn a_close_the_response_asked_for_is_told_when_the_application_meets_the_end() {
    let server = answer_and_hang_up(ASKS_TO_CLOSE);
    for mode in MODES {
        let client = Client::open(mode, server.port());
        let mut req = client.request("GET", "/", 0);
        assert_eq!(req.send(), 0, "{mode:?}: send");
        assert_eq!(
            closes(&req.notes()),
            Vec::<u32>::new(),
            "{mode:?}: after the send"
        );
        // The body ends with the server's hang-up, which this read may or may not meet:
        // either way it gives bytes, so the close is not told yet.
        assert_eq!(req.read(4096), b"123", "{mode:?}: the body");
        assert_eq!(
            closes(&req.notes()),
            Vec::<u32>::new(),
            "{mode:?}: after the bytes"
        );
        // This read finds the end: the close is told before it returns.
        assert_eq!(req.read(4096), b"", "{mode:?}: the end");
        assert_eq!(
            closes(&req.notes()),
            vec![CLOSING, CLOSED],
            "{mode:?}: at the end"
        );
        assert_eq!(req.read(4096), b"", "{mode:?}: the end again");
        assert_eq!(
            closes_and_closing(&req.close()),
            vec![HANDLE_CLOSING],
            "{mode:?}: told once"
        );
    }
}

#[test]
fn a_close_the_response_asked_for_is_told_at_handle_close_when_the_end_was_not_met() {
    let server = answer_and_hang_up(ASKS_TO_CLOSE);
    for mode in MODES {
        let client = Client::open(mode, server.port());
        // The whole body at once, or the first byte only: neither read meets the end.
        for len in [4096, 1] {
            let mut req = client.request("GET", "/", 0);
            assert_eq!(req.send(), 0, "{mode:?}: send");
            assert_eq!(req.read(len), &b"123"[..len.min(3)], "{mode:?}: the body");
            assert_eq!(
                closes(&req.notes()),
                Vec::<u32>::new(),
                "{mode:?} {len}: read"
            );
            assert_eq!(
                closes_and_closing(&req.close()),
                vec![CLOSING, CLOSED, HANDLE_CLOSING],
                "{mode:?} {len}: at the close"
            );
        }
    }
}

#[test]
fn a_data_available_query_that_meets_the_close_tells_it_before_it_completes() {
    // The server sends the body, then hangs up when the test says so.
    let (tx, rx) = mpsc::channel::<()>();
    let rx = Arc::new(Mutex::new(rx));
    let server = Recorder::start(move |sock, _, _| {
        let _ = sock.write_all(ASKS_TO_CLOSE);
        let _ = rx.lock().unwrap().recv();
        let _ = sock.shutdown(Shutdown::Both);
        false
    });
    for mode in MODES {
        let client = Client::open(mode, server.port());
        let mut req = client.request("GET", "/", 0);
        assert_eq!(req.send(), 0, "{mode:?}: send");
        assert_eq!(req.read(3), b"123", "{mode:?}: the body");
        req.notes();
        if mode == Mode::Sync {
            // A synchronous query blocks: the server hangs up first.
            tx.send(()).unwrap();
            let (rc, n) = req.available();
            assert_eq!((rc, *n), (0, 0), "{mode:?}: the end");
            assert_eq!(closes(&req.notes()), vec![CLOSING, CLOSED], "{mode:?}");
        } else {
            let (rc, _n) = req.available();
            assert_eq!(
                rc, PENDING,
                "{mode:?}: nothing is buffered, the query pends"
            );
            tx.send(()).unwrap();
            assert_eq!(wait_complete(req.ctx), 0, "{mode:?}: no more bytes");
            let notes = req.notes();
            let told: Vec<u32> = notes
                .iter()
                .copied()
                .filter(|&s| s == CLOSING || s == CLOSED || s == COMPLETE)
                .collect();
            assert_eq!(told, vec![CLOSING, CLOSED, COMPLETE], "{mode:?}: {notes:?}");
        }
        assert_eq!(
            closes_and_closing(&req.close()),
            vec![HANDLE_CLOSING],
            "{mode:?}: told once"
        );
    }
}

#[test]
fn a_server_hanging_up_after_a_response_that_allowed_keep_alive_is_not_told() {
    for answer in [
        &b"HTTP/1.1 200 OK\r\n\r\n123"[..],
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n123\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n123",
    ] {
        let server = answer_and_hang_up(answer);
        let shown = String::from_utf8_lossy(answer).into_owned();
        for mode in MODES {
            let client = Client::open(mode, server.port());
            let mut req = client.request("GET", "/", 0);
            assert_eq!(req.send(), 0, "{mode:?}: send");
            assert_eq!(req.read_all(), b"123", "{mode:?} {shown:?}: the body");
            let mut notes = req.notes();
            notes.extend(req.close());
            assert_eq!(
                closes_and_closing(&notes),
                vec![HANDLE_CLOSING],
                "{mode:?} {shown:?}: {notes:?}"
            );
        }
    }
}

#[test]
fn a_body_cut_short_is_told_closed_when_the_handle_closes() {
    let server = answer_and_hang_up(b"HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\nxx");
    for mode in MODES {
        let client = Client::open(mode, server.port());
        let mut req = client.request("GET", "/", 0);
        assert_eq!(req.send(), 0, "{mode:?}: send");
        let mut notes = req.notes();
        notes.extend(req.close());
        assert_eq!(
            closes_and_closing(&notes),
            vec![CLOSING, CLOSED, HANDLE_CLOSING],
            "{mode:?}: {notes:?}"
        );
    }
}
