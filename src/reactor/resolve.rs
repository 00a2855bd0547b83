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

/// How long a resolved name is reused, as WinInet's own cache of names keeps one (half an
/// hour): within it, requests to that host and port (from any session of the process) go
/// straight to its addresses, with no RESOLVING_NAME or NAME_RESOLVED notification.
const NAME_TTL: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Names resolved by this process: (host in lower case, port) → (addresses, when resolved).
type Names = std::collections::HashMap<(String, u16), (Vec<SocketAddr>, std::time::Instant)>;

static NAMES: std::sync::Mutex<Option<Names>> = std::sync::Mutex::new(None);

use std::net::SocketAddr;

fn names() -> std::sync::MutexGuard<'static, Option<Names>> {
    NAMES.lock().unwrap_or_else(|e| e.into_inner())
}

/// The addresses `host:port` resolved to within [`NAME_TTL`], if any.
pub fn cached(host: &str, port: u16) -> Option<Vec<SocketAddr>> {
    let mut names = names();
    let map = names.as_mut()?;
    let key = (host.to_ascii_lowercase(), port);
    match map.get(&key) {
        Some((addrs, at)) if at.elapsed() < NAME_TTL => Some(addrs.clone()),
        Some(_) => {
            map.remove(&key);
            None
        }
        None => None,
    }
}

/// Remember what `host:port` resolved to.
pub fn remember(host: &str, port: u16, addrs: &[SocketAddr]) {
    if addrs.is_empty() {
        return;
    }
    names().get_or_insert_with(Default::default).insert(
        (host.to_ascii_lowercase(), port),
        (addrs.to_vec(), std::time::Instant::now()),
    );
}

/// `addr` answered: try it first next time (the others stay, in their order).
pub fn answered(host: &str, port: u16, addr: SocketAddr) {
    let mut names = names();
    let Some((addrs, _)) = names
        .as_mut()
        .and_then(|m| m.get_mut(&(host.to_ascii_lowercase(), port)))
    else {
        return;
    };
    if let Some(i) = addrs.iter().position(|a| *a == addr) {
        let a = addrs.remove(i);
        addrs.insert(0, a);
    }
}

/// None of the addresses answered: resolve the name again next time.
pub fn forget(host: &str, port: u16) {
    if let Some(map) = names().as_mut() {
        map.remove(&(host.to_ascii_lowercase(), port));
    }
}
