// SPDX-License-Identifier: MIT OR Apache-2.0
//! A plain TCP server for tests that script their own answers byte for byte: it listens on a
//! port of 127.0.0.1 chosen by the system (bound to port 0) and runs `handler` on a thread of
//! its own for every connection. Dropping it stops it, also when the test panics: the accept
//! loop ends, every open connection is shut down (a handler blocked on it sees the end), and
//! every thread is joined.
//!
//! [`super::server::listen`] gives each server of a test binary a port no other server of that binary had:
//! rinet keeps process-wide state by host and port (the name cache, the credential cache), and
//! the system hands a freed port out again, so a later test's server could otherwise meet what
//! an earlier test's server left there.

use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

/// A running server; see the module documentation.
pub struct TcpServer {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    stop: AtomicBool,
    /// A clone of every connection accepted, so that stopping can shut them down.
    open: Mutex<Vec<TcpStream>>,
}

impl TcpServer {
    /// Starts the server. Panics if it cannot listen.
    pub fn start(handler: impl Fn(TcpStream) + Send + Sync + 'static) -> TcpServer {
        let listener = super::server::listen().expect("listen on 127.0.0.1");
        let port = listener.local_addr().expect("the listening address").port();
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            open: Mutex::new(Vec::new()),
        });
        let handler = Arc::new(handler);
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                let mut workers = Vec::new();
                for stream in listener.incoming() {
                    if shared.stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    if let Ok(clone) = stream.try_clone() {
                        shared.open.lock().unwrap().push(clone);
                    }
                    let handler = Arc::clone(&handler);
                    workers.push(thread::spawn(move || handler(stream)));
                }
                for stream in shared.open.lock().unwrap().iter() {
                    let _ = stream.shutdown(Shutdown::Both);
                }
                for worker in workers {
                    let _ = worker.join();
                }
            })
        };
        TcpServer {
            port,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for TcpServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which sees the stop flag.
        drop(TcpStream::connect(("127.0.0.1", self.port)));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}
