// SPDX-License-Identifier: MIT OR Apache-2.0
//! Content decoding failures end in ERROR_INTERNET_DECODING_FAILED (12175), never in a silent
//! short body: a corrupt gzip stream, a stream cut short, and a decompression bomb past the ratio
//! limit (RINET_OPTION_MAX_DECODE_RATIO). Scripted servers play the responses nginx cannot.

use std::ffi::{c_void, CString};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::ptr::{null, null_mut};
use std::sync::{Arc, Mutex};
use std::thread;

use flate2::write::GzEncoder;
use flate2::Compression;
use rinet::ffi::options::*;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;

/// A server answering one GET with `Content-Encoding: gzip` and `body` (Content-Length framed).
/// It holds the connection until the client closes it, and stops when dropped: it shuts the
/// connection down (a connect wakes an accept that is still waiting) and joins its thread.
struct ServeOnce {
    port: u16,
    /// Whether the server was dropped, and a clone of its connection.
    conn: Arc<Mutex<(bool, Option<TcpStream>)>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl ServeOnce {
    fn start(body: Vec<u8>) -> ServeOnce {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let conn: Arc<Mutex<(bool, Option<TcpStream>)>> = Arc::default();
        let held = Arc::clone(&conn);
        let thread = thread::spawn(move || {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            {
                let mut held = held.lock().unwrap();
                if held.0 {
                    return; // dropped meanwhile: the connect that woke the accept
                }
                held.1 = s.try_clone().ok();
            }
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if s.read(&mut byte).unwrap_or(0) == 0 {
                    return;
                }
                head.push(byte[0]);
            }
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(reply.as_bytes());
            let _ = s.write_all(&body);
            // Until the client closes the connection (a client that stopped reading closes it
            // with the body unread: the write above then fails, and so does this read).
            let mut rest = [0u8; 1024];
            while matches!(s.read(&mut rest), Ok(n) if n > 0) {}
        });
        ServeOnce {
            port,
            conn,
            thread: Some(thread),
        }
    }
}

impl Drop for ServeOnce {
    fn drop(&mut self) {
        // Wakes the accept if nobody connected (the test failed first); a closed listener
        // refuses, which is fine too. The connection is closed at once, so the thread ends.
        {
            let mut conn = self.conn.lock().unwrap();
            conn.0 = true;
            if let Some(conn) = conn.1.take() {
                let _ = conn.shutdown(Shutdown::Both);
            }
        }
        drop(TcpStream::connect(("127.0.0.1", self.port)));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// GET with decoding on; read everything; the first error of a read, or Ok(body).
fn fetch(server: ServeOnce, ratio: Option<u32>) -> Result<Vec<u8>, u32> {
    let port = server.port;
    let mut s: rinet_handle = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), 0, &mut s) },
        0
    );
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
    if let Some(r) = ratio {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_set_option(
                    s,
                    RINET_OPTION_MAX_DECODE_RATIO,
                    &r as *const u32 as *mut c_void,
                    4,
                )
            },
            0
        );
    }
    let host = CString::new("127.0.0.1").unwrap();
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, host.as_ptr(), port, null(), null(), 3, 0, 1, &mut c) },
        0
    );
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open_request(c, null(), null(), null(), null(), null(), 0, 2, &mut r) },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    let mut body = Vec::new();
    let mut buf = vec![0u8; 65536];
    let result = loop {
        let mut n = 0u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
        };
        if rc != 0 {
            break Err(rc);
        }
        if n == 0 {
            break Ok(body);
        }
        body.extend_from_slice(&buf[..n as usize]);
    };
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    result
}

#[test]
fn a_good_stream_decodes() {
    let text = b"decoded by rinet ".repeat(4000);
    let server = ServeOnce::start(gzip(&text));
    assert_eq!(fetch(server, None), Ok(text));
}

#[test]
fn a_corrupt_stream_fails_with_decoding_failed() {
    let mut data = gzip(&b"some text that compresses ".repeat(200));
    let mid = data.len() / 2;
    for b in &mut data[mid..mid + 8] {
        *b ^= 0xa5;
    }
    let server = ServeOnce::start(data);
    assert_eq!(fetch(server, None), Err(12175));
}

#[test]
fn a_stream_cut_short_fails_with_decoding_failed() {
    let data = gzip(&b"0123456789".repeat(10_000));
    let cut = data[..data.len() - 12].to_vec();
    let server = ServeOnce::start(cut);
    assert_eq!(fetch(server, None), Err(12175));
}

#[test]
fn a_decompression_bomb_stops_at_the_ratio_limit() {
    // 64 MiB of zeros compress about a thousand to one.
    let bomb = gzip(&vec![0u8; 64 << 20]);
    let server = ServeOnce::start(bomb.clone());
    assert_eq!(fetch(server, Some(100)), Err(12175));
    // With the limit off, the same body decodes.
    let server = ServeOnce::start(bomb);
    assert_eq!(fetch(server, Some(0)).map(|b| b.len()), Ok(64 << 20));
}
