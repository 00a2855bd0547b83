// SPDX-License-Identifier: MIT OR Apache-2.0
//! Checks the test server itself, byte for byte, with a plain std TcpStream client, so that a
//! failing rinet test points at rinet and not at its server.

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use support::server::{fnv1a64, pattern, upload_reply, TestServer};

/// Connects to the server. The read timeout only keeps a broken server from hanging the test.
fn connect(server: &TestServer) -> TcpStream {
    let stream = TcpStream::connect(server.addr()).expect("connect to the test server");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
}

/// Sends `request` on a new connection and returns everything the server sends until it closes.
fn exchange(server: &TestServer, request: &[u8]) -> Vec<u8> {
    let mut stream = connect(server);
    stream.write_all(request).unwrap();
    read_all(&mut stream)
}

fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .expect("read until the server closes");
    reply
}

fn read_exact(stream: &mut TcpStream, n: usize) -> Vec<u8> {
    let mut reply = vec![0; n];
    stream.read_exact(&mut reply).unwrap();
    reply
}

/// Compares as text where possible, so that a failure shows readable bytes.
#[track_caller]
fn assert_bytes(actual: &[u8], expected: &[u8]) {
    assert!(
        actual == expected,
        "\nactual:   {:?}\nexpected: {:?}",
        String::from_utf8_lossy(actual),
        String::from_utf8_lossy(expected)
    );
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

const CLOSE_HEAD: &str = "Connection: close\r\n\r\n";

#[test]
fn fnv1a64_matches_the_reference_vectors() {
    assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
    assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
    assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    assert_eq!(upload_reply(b"123456789"), "9 06d5573923c6cdfc");
    assert_eq!(&pattern(28), b"abcdefghijklmnopqrstuvwxyzab");
}

#[test]
fn bytes_sends_the_pattern_with_its_length() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /bytes/30 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        &cat(&[
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 30\r\n",
            CLOSE_HEAD.as_bytes(),
            b"abcdefghijklmnopqrstuvwxyzabcd",
        ]),
    );
}

#[test]
fn bytes_sends_a_large_pattern_exactly() {
    let server = TestServer::start();
    let n = 3_000_017;
    let reply = exchange(
        &server,
        format!("GET /bytes/{n} HTTP/1.1\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {n}\r\n{CLOSE_HEAD}"
    );
    assert_bytes(&reply[..head.len()], head.as_bytes());
    assert!(
        reply[head.len()..] == pattern(n),
        "the body is not the pattern"
    );
}

#[test]
fn bytes_zero_has_an_empty_body() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /bytes/0 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        &cat(&[
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 0\r\n",
            CLOSE_HEAD.as_bytes(),
        ]),
    );
}

#[test]
fn chunked_frames_the_pattern_and_sends_the_trailer() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /chunked/10/4 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        &cat(&[
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n",
            CLOSE_HEAD.as_bytes(),
            b"4\r\nabcd\r\n4\r\nefgh\r\n2\r\nij\r\n0\r\nX-Trailer: yes\r\n\r\n",
        ]),
    );
}

#[test]
fn chunked_zero_is_only_the_last_chunk() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /chunked/0/7 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        &cat(&[
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n",
            CLOSE_HEAD.as_bytes(),
            b"0\r\nX-Trailer: yes\r\n\r\n",
        ]),
    );
}

#[test]
fn chunked_large_chunks_decode_to_the_pattern() {
    let server = TestServer::start();
    let (n, k) = (1_500_000usize, 700_000usize);
    let reply = exchange(
        &server,
        format!("GET /chunked/{n}/{k} HTTP/1.1\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n{CLOSE_HEAD}"
    );
    let body = pattern(n);
    let expected = cat(&[
        head.as_bytes(),
        b"aae60\r\n",
        &body[..k],
        b"\r\naae60\r\n",
        &body[k..2 * k],
        b"\r\n186a0\r\n",
        &body[2 * k..],
        b"\r\n0\r\nX-Trailer: yes\r\n\r\n",
    ]);
    assert_eq!(reply.len(), expected.len());
    assert!(reply == expected, "the chunked body differs");
}

#[test]
fn close_sends_the_pattern_then_closes() {
    let server = TestServer::start();
    // The request does not ask to close: the route closes by itself.
    let reply = exchange(&server, b"GET /close/5 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\nabcde",
    );
}

#[test]
fn upload_replies_length_and_hash_for_a_content_length_body() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"POST /upload HTTP/1.1\r\nContent-Length: 9\r\nConnection: close\r\n\r\n123456789",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\n9 06d5573923c6cdfc",
    );
}

#[test]
fn upload_accepts_put_and_a_chunked_body_with_extensions_and_trailers() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"PUT /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
          4;name=value\r\n1234\r\n5\r\n56789\r\n0\r\nX-Sum: 1\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\n9 06d5573923c6cdfc",
    );
}

#[test]
fn upload_of_an_empty_body() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"POST /upload HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\n0 cbf29ce484222325",
    );
}

#[test]
fn upload_hashes_eight_mebibytes() {
    let server = TestServer::start();
    let body = pattern(8 << 20);
    let mut stream = connect(&server);
    let head = format!(
        "POST /upload HTTP/1.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
    assert_bytes(
        &read_all(&mut stream),
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 24\r\nConnection: close\r\n\r\n8388608 c615571c594674e9",
    );
}

#[test]
fn expect_continue_gets_100_before_the_body_is_sent() {
    let server = TestServer::start();
    let mut stream = connect(&server);
    stream
        .write_all(b"POST /upload HTTP/1.1\r\nContent-Length: 9\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
        .unwrap();
    let interim = b"HTTP/1.1 100 Continue\r\n\r\n";
    assert_bytes(&read_exact(&mut stream, interim.len()), interim);
    stream.write_all(b"123456789").unwrap();
    assert_bytes(
        &read_all(&mut stream),
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\n9 06d5573923c6cdfc",
    );
}

#[test]
fn echo_returns_the_body_verbatim() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"POST /echo HTTP/1.1\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello\0world",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello\0world",
    );
}

#[test]
fn headers_returns_the_raw_request_head() {
    let server = TestServer::start();
    let head = "GET /headers?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Odd:  spaced value \r\nconnection: close\r\n\r\n";
    let reply = exchange(&server, head.as_bytes());
    let expected = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n{CLOSE_HEAD}{head}",
        head.len()
    );
    assert_bytes(&reply, expected.as_bytes());
}

#[test]
fn status_replies_with_the_code_and_its_body() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /status/503 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nstatus 503",
    );
    let reply = exchange(
        &server,
        b"GET /status/299 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 299 Unknown\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nstatus 299",
    );
}

#[test]
fn status_204_and_304_have_no_body_and_keep_the_connection() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /status/204 HTTP/1.1\r\n\r\nGET /status/304 HTTP/1.1\r\n\r\nGET /status/404 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\n\r\n\
          HTTP/1.1 304 Not Modified\r\nContent-Type: text/plain\r\n\r\n\
          HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nstatus 404",
    );
    assert_eq!((server.accepts(), server.requests()), (1, 3));
}

#[test]
fn status_out_of_range_is_not_found() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /status/99 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
    );
}

#[test]
fn head_sends_the_get_headers_without_a_body() {
    let server = TestServer::start();
    // If HEAD sent a body, its bytes would appear before the second response.
    let reply = exchange(
        &server,
        b"HEAD /bytes/10 HTTP/1.1\r\n\r\nHEAD /status/200 HTTP/1.1\r\n\r\nHEAD /chunked/5/2 HTTP/1.1\r\n\r\nGET /bytes/3 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 10\r\n\r\n\
          HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n\
          HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n\
          HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    );
}

#[test]
fn hold_replies_held() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /hold/50 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\nheld",
    );
}

#[test]
fn continue_sends_100_then_the_response() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /continue HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\nConnection: close\r\n\r\nafter continue",
    );
}

#[test]
fn cookies_sets_two_cookies() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"GET /cookies HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nConnection: close\r\n\r\ncookies",
    );
}

#[test]
fn unknown_paths_are_not_found() {
    let server = TestServer::start();
    for path in [
        "/nope",
        "/bytes/",
        "/bytes/x",
        "/chunked/5",
        "/chunked/5/0",
        "/",
    ] {
        let reply = exchange(
            &server,
            format!("GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_bytes(
            &reply,
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        );
    }
}

#[test]
fn a_malformed_head_gets_400_and_a_close() {
    let server = TestServer::start();
    let reply = exchange(&server, b"GET /bytes/1\r\n\r\n");
    assert_bytes(
        &reply,
        b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nbad request",
    );
}

#[test]
fn keep_alive_serves_two_requests_on_one_connection() {
    let server = TestServer::start();
    let mut stream = connect(&server);
    let first = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 4\r\n\r\nabcd";
    stream
        .write_all(b"GET /bytes/4 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    assert_bytes(&read_exact(&mut stream, first.len()), first);
    stream
        .write_all(b"GET /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_bytes(
        &read_all(&mut stream),
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\nConnection: close\r\n\r\naccepts 1 requests 2",
    );
    assert_eq!(server.accepts(), 1);
    assert_eq!(server.requests(), 2);
}

#[test]
fn stats_counts_connections_and_requests() {
    let server = TestServer::start();
    assert_eq!((server.accepts(), server.requests()), (0, 0));
    let stats = |n: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{n}",
            n.len()
        )
    };
    let reply = exchange(&server, b"GET /stats HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_bytes(&reply, stats("accepts 1 requests 1").as_bytes());
    let reply = exchange(
        &server,
        b"GET /bytes/1 HTTP/1.1\r\n\r\nGET /stats HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    let expected = cat(&[
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1\r\n\r\na",
        stats("accepts 2 requests 3").as_bytes(),
    ]);
    assert_bytes(&reply, &expected);
    assert_eq!((server.accepts(), server.requests()), (2, 3));
}

#[test]
fn http10_closes_unless_asked_to_keep_alive() {
    let server = TestServer::start();
    let reply = exchange(&server, b"GET /bytes/2 HTTP/1.0\r\n\r\n");
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab",
    );
    let reply = exchange(
        &server,
        b"GET /bytes/2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /bytes/1 HTTP/1.0\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nab\
          HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1\r\nConnection: close\r\n\r\na",
    );
}

#[test]
fn unused_request_bodies_are_read_and_dropped() {
    let server = TestServer::start();
    let reply = exchange(
        &server,
        b"POST /bytes/1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nxxxxx\
          POST /cookies HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nyyy\r\n0\r\n\r\n\
          GET /bytes/2 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &reply,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1\r\n\r\na\
          HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\ncookies\
          HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab",
    );
}

#[test]
fn slowread_replies_as_upload_does() {
    let server = TestServer::start();
    let body = pattern(20_000);
    let mut stream = connect(&server);
    stream
        .write_all(
            b"POST /slowread/1 HTTP/1.1\r\nContent-Length: 20000\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    stream.write_all(&body).unwrap();
    assert_bytes(
        &read_all(&mut stream),
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 22\r\nConnection: close\r\n\r\n20000 8b955dd930df6cad",
    );
}

#[test]
fn paced_replies_as_upload_does_and_reads_no_faster_than_its_rate() {
    let server = TestServer::start();
    // 1 MiB at 4096 KiB/s: the reply cannot come before the last read, which waits until the
    // bytes already read fit the rate; those are at least 1 MiB less one read of 64 KiB.
    let body = pattern(1 << 20);
    let started = std::time::Instant::now();
    let mut stream = connect(&server);
    stream
        .write_all(
            b"POST /paced/4096 HTTP/1.1\r\nContent-Length: 1048576\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    stream.write_all(&body).unwrap();
    let reply = format!("1048576 {:016x}", fnv1a64(&body));
    let expected = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n{CLOSE_HEAD}{reply}",
        reply.len()
    );
    assert_bytes(&read_all(&mut stream), expected.as_bytes());
    let least = Duration::from_millis(((1 << 20) - 65536) * 1000 / (4096 * 1024));
    assert!(
        started.elapsed() >= least,
        "1 MiB read at 4 MiB/s in {:?}",
        started.elapsed()
    );
}

#[test]
fn slowread_takes_a_body_larger_than_the_socket_buffers() {
    let server = TestServer::start();
    let body = pattern(6 << 20);
    let mut stream = connect(&server);
    stream
        .write_all(
            b"POST /slowread/0 HTTP/1.1\r\nContent-Length: 6291456\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    stream.write_all(&body).unwrap();
    let reply = format!("6291456 {:016x}", fnv1a64(&body));
    let expected = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n{CLOSE_HEAD}{reply}",
        reply.len()
    );
    assert_bytes(&read_all(&mut stream), expected.as_bytes());
}

#[test]
fn slowread_makes_a_nonblocking_client_wait() {
    let server = TestServer::start();
    // What a client can write before it must wait is its own send buffer (on loopback Linux
    // grows it up to net.ipv4.tcp_wmem's maximum, 4 MiB by default) plus what the server's
    // receive buffer holds unread: 16 MiB is well past both.
    let total = 16 << 20;
    let mut stream = connect(&server);
    stream
        .write_all(
            format!("POST /slowread/50 HTTP/1.1\r\nContent-Length: {total}\r\n\r\n").as_bytes(),
        )
        .unwrap();
    // Let the server read the head first, so that it is reading the body slowly.
    while server.requests() < 1 {
        std::thread::sleep(Duration::from_millis(5));
    }
    stream.set_nonblocking(true).unwrap();
    let body = pattern(total);
    let mut written = 0;
    let blocked = loop {
        match stream.write(&body[written..]) {
            Ok(n) => {
                written += n;
                if written == total {
                    break false;
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break true,
            Err(e) => panic!("write: {e}"),
        }
    };
    assert!(
        blocked,
        "all {total} bytes were taken without the socket filling up"
    );
    assert!(written < total);
    println!("{written} bytes were taken before the socket filled up");
}

#[test]
fn dropping_the_server_closes_idle_and_busy_connections() {
    let server = TestServer::start();
    let mut idle = connect(&server);
    idle.write_all(b"GET /bytes/1 HTTP/1.1\r\n\r\n").unwrap();
    let first =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1\r\n\r\na";
    assert_bytes(&read_exact(&mut idle, first.len()), first);
    let mut busy = connect(&server);
    busy.write_all(b"GET /hold/600000 HTTP/1.1\r\n\r\n")
        .unwrap();
    // Wait until the server has read the hold request.
    while server.requests() < 2 {
        std::thread::sleep(Duration::from_millis(5));
    }
    // Drop returns only after every connection thread has ended.
    drop(server);
    assert_bytes(&read_all(&mut idle), b"");
    assert_bytes(&read_all(&mut busy), b"");
}

#[test]
fn a_gate_holds_a_request_until_it_is_opened() {
    let server = TestServer::start();
    let mut held = connect(&server);
    held.write_all(b"GET /gate/g1/bytes/3 HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let arrived = exchange(
        &server,
        b"GET /arrived/g1/1 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &arrived,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\narrived 1",
    );
    // The gate is shut: the held request has no answer, not a byte of one.
    held.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(
        held.read(&mut byte).map_err(|e| e.kind()),
        Err(ErrorKind::WouldBlock)
    );
    held.set_nonblocking(false).unwrap();
    let opened = exchange(
        &server,
        b"GET /open/g1 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &opened,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nopen g1",
    );
    assert_bytes(
        &read_all(&mut held),
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    );
    let answered = exchange(
        &server,
        b"GET /answered/g1/1 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &answered,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\nanswered 1",
    );
    // An open gate lets later requests through at once; the bare gate answers with its name.
    let later = exchange(
        &server,
        b"GET /gate/g1 HTTP/1.1\r\nConnection: close\r\n\r\n",
    );
    assert_bytes(
        &later,
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\ngate g1",
    );
    server.wait_arrived("g1", 2);
    server.wait_answered("g1", 2);
}

#[test]
fn a_gated_upload_reads_its_body_after_the_gate_opens() {
    let server = TestServer::start();
    server.open_gate("up");
    let reply = exchange(
        &server,
        b"POST /gate/up/upload HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    let body = upload_reply(b"hello");
    assert_bytes(
        &reply,
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
}

#[test]
fn dropping_the_server_ends_gate_waits() {
    let server = TestServer::start();
    let mut held = connect(&server);
    held.write_all(b"GET /gate/never HTTP/1.1\r\n\r\n").unwrap();
    let mut waiting = connect(&server);
    waiting
        .write_all(b"GET /arrived/nobody/1 HTTP/1.1\r\n\r\n")
        .unwrap();
    server.wait_arrived("never", 1);
    // The /arrived request has been read once the server counted it.
    while server.requests() < 2 {
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(server);
    assert_bytes(&read_all(&mut held), b"");
    assert_bytes(&read_all(&mut waiting), b"");
}

#[test]
fn partial_sends_the_rest_of_a_body_once_its_gate_opens() {
    let server = TestServer::start();
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /partial/30/4/p1 HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 30\r\nConnection: close\r\n\r\n";
    assert_bytes(
        &read_exact(&mut stream, head.len() + 4),
        &cat(&[head, b"abcd"]),
    );
    server.wait_arrived("p1", 1);
    // Held: not a byte more until the gate opens.
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    assert_eq!(
        stream.read(&mut byte).map_err(|e| e.kind()),
        Err(ErrorKind::WouldBlock)
    );
    stream.set_nonblocking(false).unwrap();
    server.open_gate("p1");
    assert_bytes(&read_all(&mut stream), &pattern(30)[4..]);
}
