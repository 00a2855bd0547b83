// SPDX-License-Identifier: MIT OR Apache-2.0
//! Dropping the test server ends every thread it started, whatever its connections are doing.
//! This is its own test binary so that no other test's server runs in the process meanwhile.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use support::server::TestServer;

/// The server's threads in this process: their names start with `testserver-`.
fn server_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("list /proc/self/task")
        .filter(|task| {
            let comm = task.as_ref().unwrap().path().join("comm");
            std::fs::read_to_string(comm).is_ok_and(|name| name.starts_with("testserver-"))
        })
        .count()
}

#[test]
fn drop_joins_every_server_thread() {
    assert_eq!(server_threads(), 0);
    let server = TestServer::start();
    // An idle keep-alive connection, between requests.
    let mut idle = TcpStream::connect(server.addr()).unwrap();
    idle.write_all(b"GET /bytes/1 HTTP/1.1\r\n\r\n").unwrap();
    let reply =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1\r\n\r\na";
    let mut first = [0u8; 79];
    idle.read_exact(&mut first).unwrap();
    assert_eq!(&first, reply);
    // A connection held in /hold.
    let mut held = TcpStream::connect(server.addr()).unwrap();
    held.write_all(b"GET /hold/600000 HTTP/1.1\r\n\r\n")
        .unwrap();
    // A connection whose reply fills the socket because the client never reads it.
    let mut stuck = TcpStream::connect(server.addr()).unwrap();
    stuck
        .write_all(b"GET /bytes/1000000000 HTTP/1.1\r\n\r\n")
        .unwrap();
    // A connection in the middle of a request head.
    let mut partial = TcpStream::connect(server.addr()).unwrap();
    partial.write_all(b"GET /bytes/1 HTTP/1.1\r\nHo").unwrap();
    while server.requests() < 3 || server.accepts() < 4 {
        thread::sleep(Duration::from_millis(5));
    }
    // The accept loop and one thread per connection.
    assert_eq!(server_threads(), 5);

    // Drop on another thread, so that a drop that never returns fails the test.
    let (done, dropped) = mpsc::channel();
    thread::spawn(move || {
        drop(server);
        done.send(()).unwrap();
    });
    dropped
        .recv_timeout(Duration::from_secs(120))
        .expect("dropping the server did not return");
    // Every thread has been joined; the kernel may list an exiting thread a moment longer.
    let mut left = server_threads();
    for _ in 0..1000 {
        if left == 0 {
            break;
        }
        thread::sleep(Duration::from_millis(10));
        left = server_threads();
    }
    assert_eq!(left, 0);
    drop((idle, held, stuck, partial));
}
