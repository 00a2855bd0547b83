// SPDX-License-Identifier: MIT OR Apache-2.0
//! A scripted HTTP server that misbehaves on purpose, for tests that need server faults beside
//! the well-behaved test server of `server.rs`. Each connection serves one request and then
//! ends; the request path picks the fault:
//!
//! | path | what the server does once it has read the request head |
//! | --- | --- |
//! | `/fault/garbage` | sends `HTTP/1.1 2OO What` (letters for a status code) and an empty line, then closes |
//! | `/fault/truncate` | `200`, `Content-Length: 1000`, 500 pattern bytes, then closes (a FIN) |
//! | `/fault/reset` | `200`, `Content-Length: 100000`, 1000 pattern bytes, then resets (an RST) |
//! | `/fault/close` | closes without answering |
//! | `/fault/badchunk` | `200`, `Transfer-Encoding: chunked`, a chunk size of `zz`, then closes |
//! | `/slow/body` | `200`, `Content-Length: 100000`, 1000 pattern bytes, a 200 ms pause, the other 99,000 (not a fault: a body that keeps a read waiting), then closes |
//! | anything else | 404, body `not found`, then closes |
//!
//! [`FaultyServer`] stops on drop: it wakes its accept loop, shuts down every open connection
//! and joins every thread it started.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::io::AsRawFd;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// The faults, by path.
pub const GARBAGE: &str = "/fault/garbage";
pub const TRUNCATE: &str = "/fault/truncate";
pub const RESET: &str = "/fault/reset";
pub const CLOSE: &str = "/fault/close";
pub const BAD_CHUNK: &str = "/fault/badchunk";

/// Every fault path.
pub const FAULTS: &[&str] = &[GARBAGE, TRUNCATE, RESET, CLOSE, BAD_CHUNK];

/// A correct response whose body stops for a while: see the table above.
pub const SLOW_BODY: &str = "/slow/body";
/// The length of the `/slow/body` body.
pub const SLOW_BODY_LEN: usize = 100_000;
/// How long `/slow/body` pauses after its first 1000 bytes.
pub const SLOW_BODY_PAUSE: std::time::Duration = std::time::Duration::from_millis(200);

/// A running faulty server. Dropping it stops it and joins all of its threads.
pub struct FaultyServer {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    stop: AtomicBool,
    served: AtomicU64,
    open: Mutex<HashMap<u64, TcpStream>>,
}

impl FaultyServer {
    /// Starts a server on 127.0.0.1 with a port chosen by the system. Panics if it cannot.
    pub fn start() -> FaultyServer {
        let listener = super::server::listen().expect("bind the faulty server");
        let port = listener.local_addr().expect("its address").port();
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            served: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("faulty-accept".into())
                .spawn(move || accept_loop(listener, shared))
                .expect("start the faulty server's thread")
        };
        FaultyServer {
            port,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Request heads read so far.
    pub fn served(&self) -> u64 {
        self.shared.served.load(Ordering::SeqCst)
    }
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    let mut next_id = 0u64;
    loop {
        let accepted = listener.accept();
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok((stream, _)) = accepted else {
            thread::sleep(std::time::Duration::from_millis(10));
            continue;
        };
        workers.retain(|w| !w.is_finished());
        let id = next_id;
        next_id += 1;
        if let Ok(clone) = stream.try_clone() {
            shared.open.lock().unwrap().insert(id, clone);
        }
        let worker_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name(format!("faulty-conn-{id}"))
            .spawn(move || {
                let _ = serve(stream, &worker_shared);
                worker_shared.open.lock().unwrap().remove(&id);
            });
        match spawned {
            Ok(worker) => workers.push(worker),
            Err(_) => {
                shared.open.lock().unwrap().remove(&id);
            }
        }
    }
    drop(listener);
    for stream in shared.open.lock().unwrap().values() {
        let _ = stream.shutdown(Shutdown::Both);
    }
    for worker in workers {
        let _ = worker.join();
    }
}

/// Reads up to the end of the request head; returns the request path.
fn read_head(stream: &mut TcpStream) -> io::Result<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > 64 * 1024 {
            return Err(io::ErrorKind::InvalidData.into());
        }
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let target = String::from_utf8_lossy(line)
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    Ok(target.split('?').next().unwrap_or("/").to_string())
}

/// The first `n` bytes of the test server's pattern: byte `i` is `b'a' + (i % 26)`.
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| b'a' + (i % 26) as u8).collect()
}

/// Makes the coming close send an RST instead of a FIN (SO_LINGER on, with a zero timeout).
fn reset_on_close(stream: &TcpStream) {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor owned by `stream`, and a correctly sized option value.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const libc::linger as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
}

fn serve(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let path = read_head(&mut stream)?;
    shared.served.fetch_add(1, Ordering::SeqCst);
    match path.as_str() {
        GARBAGE => stream.write_all(b"HTTP/1.1 2OO What\r\n\r\n")?,
        TRUNCATE => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")?;
            stream.write_all(&pattern(500))?;
        }
        RESET => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")?;
            stream.write_all(&pattern(1000))?;
            reset_on_close(&stream);
        }
        CLOSE => {}
        SLOW_BODY => {
            let body = pattern(SLOW_BODY_LEN);
            stream.write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Length: {SLOW_BODY_LEN}\r\n\r\n").as_bytes(),
            )?;
            stream.write_all(&body[..1000])?;
            thread::sleep(SLOW_BODY_PAUSE);
            stream.write_all(&body[1000..])?;
        }
        BAD_CHUNK => stream
            .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n")?,
        _ => stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        )?,
    }
    Ok(())
}
