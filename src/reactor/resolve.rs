// SPDX-License-Identifier: MIT OR Apache-2.0
//! Name resolution on helper threads, so the reactor never blocks on DNS.

use std::net::ToSocketAddrs;
use std::sync::Weak;

use super::{HandleId, Shared};

/// Resolve `host:port` on a new thread and report to the session (if it still exists).
pub fn spawn(
    shared: Weak<Shared>,
    h: HandleId,
    gen: u64,
    host: String,
    port: u16,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("rinet-resolve".into())
        .spawn(move || {
            let result = (host.as_str(), port)
                .to_socket_addrs()
                .map(|addrs| addrs.collect::<Vec<_>>());
            if let Some(shared) = shared.upgrade() {
                shared.resolved(h, gen, result);
            }
        })
        .map(|_| ())
}
