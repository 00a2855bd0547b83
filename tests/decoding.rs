// SPDX-License-Identifier: MIT OR Apache-2.0
//! Content decoding failures end in ERROR_INTERNET_DECODING_FAILED (12175), never in a silent
//! short body: a corrupt gzip stream, a stream cut short, and a decompression bomb past the ratio
//! limit (RINET_OPTION_MAX_DECODE_RATIO). Scripted servers play the responses nginx cannot.

use std::ffi::{c_void, CString};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::ptr::{null, null_mut};
use std::thread;

use flate2::write::GzEncoder;
use flate2::Compression;
use rinet::ffi::options::*;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;

/// A server answering one GET with `Content-Encoding: gzip` and `body` (Content-Length framed).
fn serve_once(body: Vec<u8>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let Ok((mut s, _)) = listener.accept() else {
            return;
        };
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
        // Keep the connection open a moment so the client sees the whole body.
        thread::sleep(std::time::Duration::from_millis(500));
    });
    port
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// GET with decoding on; read everything; the first error of a read, or Ok(body).
fn fetch(port: u16, ratio: Option<u32>) -> Result<Vec<u8>, u32> {
    let mut s: rinet_handle = null_mut();
    assert_eq!(rinet_open(null(), 1, null(), null(), 0, &mut s), 0);
    let on: u32 = 1;
    assert_eq!(
        rinet_set_option(
            s,
            RINET_OPTION_HTTP_DECODING,
            &on as *const u32 as *mut c_void,
            4
        ),
        0
    );
    if let Some(r) = ratio {
        assert_eq!(
            rinet_set_option(
                s,
                RINET_OPTION_MAX_DECODE_RATIO,
                &r as *const u32 as *mut c_void,
                4
            ),
            0
        );
    }
    let host = CString::new("127.0.0.1").unwrap();
    let mut c = null_mut();
    assert_eq!(
        rinet_connect(s, host.as_ptr(), port, null(), null(), 3, 0, 1, &mut c),
        0
    );
    let mut r = null_mut();
    assert_eq!(
        rinet_open_request(c, null(), null(), null(), null(), null(), 0, 2, &mut r),
        0
    );
    assert_eq!(rinet_send_request(r, null(), 0, null(), 0), 0);
    let mut body = Vec::new();
    let mut buf = vec![0u8; 65536];
    let result = loop {
        let mut n = 0u32;
        let rc = rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n);
        if rc != 0 {
            break Err(rc);
        }
        if n == 0 {
            break Ok(body);
        }
        body.extend_from_slice(&buf[..n as usize]);
    };
    assert_eq!(rinet_close_handle(s), 0);
    result
}

#[test]
fn a_good_stream_decodes() {
    let text = b"decoded by rinet ".repeat(4000);
    let port = serve_once(gzip(&text));
    assert_eq!(fetch(port, None), Ok(text));
}

#[test]
fn a_corrupt_stream_fails_with_decoding_failed() {
    let mut data = gzip(&b"some text that compresses ".repeat(200));
    let mid = data.len() / 2;
    for b in &mut data[mid..mid + 8] {
        *b ^= 0xa5;
    }
    let port = serve_once(data);
    assert_eq!(fetch(port, None), Err(12175));
}

#[test]
fn a_stream_cut_short_fails_with_decoding_failed() {
    let data = gzip(&b"0123456789".repeat(10_000));
    let cut = data[..data.len() - 12].to_vec();
    let port = serve_once(cut);
    assert_eq!(fetch(port, None), Err(12175));
}

#[test]
fn a_decompression_bomb_stops_at_the_ratio_limit() {
    // 64 MiB of zeros compress about a thousand to one.
    let bomb = gzip(&vec![0u8; 64 << 20]);
    let port = serve_once(bomb.clone());
    assert_eq!(fetch(port, Some(100)), Err(12175));
    // With the limit off, the same body decodes.
    let port = serve_once(bomb);
    assert_eq!(fetch(port, Some(0)).map(|b| b.len()), Ok(64 << 20));
}
