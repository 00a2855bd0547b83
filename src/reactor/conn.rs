// SPDX-License-Identifier: MIT OR Apache-2.0
//! Connections: the socket, its receive buffer, and the session's keep-alive pool, with the
//! per-server connection limit (INTERNET_OPTION_MAX_CONNS_PER_SERVER and _PER_1_0_SERVER).
//!
//! # The connection limit
//!
//! The limit counts the connections a session has open to one server (host and port), busy or
//! idle in the pool. A request that needs a new connection while its server is at the limit
//! waits in [`Conns`]' queue of waiters (first come, first served), without a connection and
//! without notifications, until a connection of that server finishes its response (and goes
//! back to the pool, where the waiter takes it) or closes. Idle connections of the server kept
//! under other TLS settings give way: one is closed to make room. The limit is
//! [`MAX_PER_SERVER`], or [`MAX_PER_1_0_SERVER`] for a server whose last response was HTTP/1.0.
//! Both are process-wide values, `u32::MAX` (no limit) until the application sets them.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use mio::net::TcpStream;
use mio::{Interest, Registry, Token};

/// Index of a connection in [`Conns`]; its mio token is `id + 1`.
pub type ConnId = usize;

/// Pool key: lower-case host, port, TLS or not, and a fingerprint of the TLS settings the
/// connection was verified under (0 for plain HTTP), so that a connection verified with relaxed
/// checks or an extra CA is reused only by requests with the same settings.
pub type PoolKey = (String, u16, bool, u64);

/// A server, as the connection limit counts it: lower-case host and port.
pub type ServerId = (String, u16);

/// INTERNET_OPTION_MAX_CONNS_PER_SERVER: the most connections a session keeps open to one
/// HTTP/1.1 server at once (u32::MAX: no limit, the default).
pub static MAX_PER_SERVER: AtomicU32 = AtomicU32::new(u32::MAX);

/// INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER: the same for a server that answered HTTP/1.0.
pub static MAX_PER_1_0_SERVER: AtomicU32 = AtomicU32::new(u32::MAX);

/// The server a pool key belongs to.
pub fn server_of(key: &PoolKey) -> ServerId {
    (key.0.clone(), key.1)
}

/// Initial receive buffer size.
const RBUF: usize = 64 * 1024;

/// Receive buffer size a connection starts with: small, so that thousands of idle or waiting
/// connections cost little; it doubles as responses need it (bodies mostly bypass it, read
/// straight into the caller's buffer).
const RBUF_INITIAL: usize = 4 * 1024;

/// One TCP connection to a server.
pub struct Conn {
    /// The session's number for this connection (1, 2, ... in the order they were opened),
    /// which the trace names it by.
    pub serial: u64,
    /// The peer is a proxy (set by the request that opened it), for the trace.
    pub proxy: bool,
    pub stream: TcpStream,
    pub peer: SocketAddr,
    pub key: PoolKey,
    /// The request handle using this connection, or None while it idles in the pool.
    pub owner: Option<usize>,
    /// Received bytes `rbuf[rpos..rend]` not yet consumed.
    pub rbuf: Vec<u8>,
    pub rpos: usize,
    pub rend: usize,
    /// The server closed its side.
    pub eof: bool,
    /// The TLS session, for https connections (after the TCP connect).
    pub tls: Option<Box<super::tls::Tls>>,
    /// A synchronous caller is polling this socket itself; the reactor leaves it alone.
    pub caller_driven: bool,
    /// The server's certificate, once the TLS handshake is done (INTERNET_OPTION_SECURITY_*).
    pub cert: Option<std::sync::Arc<super::cert::CertInfo>>,
}

/// Outcome of trying to read more bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Fill {
    /// This many new bytes were added to the buffer.
    Got(usize),
    /// Nothing now; wait for readiness.
    WouldBlock,
    /// The server closed the connection.
    Eof,
}

impl Conn {
    /// The connection as the trace names it: "connection #1 to 127.0.0.1 port 80" ("to proxy
    /// ..." when the peer is a proxy).
    pub fn trace_name(&self) -> String {
        format!(
            "connection #{} to {}{} port {}",
            self.serial,
            if self.proxy { "proxy " } else { "" },
            self.peer.ip(),
            self.peer.port()
        )
    }

    /// The unconsumed received bytes.
    pub fn pending(&self) -> &[u8] {
        &self.rbuf[self.rpos..self.rend]
    }

    /// Mark `n` received bytes consumed.
    pub fn consume(&mut self, n: usize) {
        self.rpos += n;
        if self.rpos == self.rend {
            self.rpos = 0;
            self.rend = 0;
        }
    }

    /// Read once from the socket into the buffer, growing it up to `max` bytes of unconsumed
    /// data.
    pub fn fill(&mut self, max: usize) -> io::Result<Fill> {
        if self.eof {
            return Ok(Fill::Eof);
        }
        if self.rend == self.rbuf.len() {
            if self.rpos > 0 {
                self.rbuf.copy_within(self.rpos..self.rend, 0);
                self.rend -= self.rpos;
                self.rpos = 0;
            } else if self.rbuf.len() < max.max(RBUF) {
                let new_len = (self.rbuf.len() * 2).clamp(RBUF_INITIAL, max.max(RBUF));
                self.rbuf.resize(new_len, 0);
            } else {
                return Ok(Fill::Got(0));
            }
        }
        if let Some(tls) = self.tls.as_mut() {
            return match tls.read(&mut self.stream, &mut self.rbuf[self.rend..]) {
                Ok(0) => {
                    self.eof = true;
                    Ok(Fill::Eof)
                }
                Ok(n) => {
                    self.rend += n;
                    Ok(Fill::Got(n))
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Fill::WouldBlock),
                Err(e) => Err(e),
            };
        }
        loop {
            match self.stream.read(&mut self.rbuf[self.rend..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(Fill::Eof);
                }
                Ok(n) => {
                    self.rend += n;
                    return Ok(Fill::Got(n));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(Fill::WouldBlock),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Read straight into a caller's buffer (only when no bytes are buffered).
    pub fn read_direct(&mut self, dst: &mut [u8]) -> io::Result<Fill> {
        if self.eof {
            return Ok(Fill::Eof);
        }
        if let Some(tls) = self.tls.as_mut() {
            return match tls.read(&mut self.stream, dst) {
                Ok(0) => {
                    self.eof = true;
                    Ok(Fill::Eof)
                }
                Ok(n) => Ok(Fill::Got(n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Fill::WouldBlock),
                Err(e) => Err(e),
            };
        }
        loop {
            match self.stream.read(dst) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(Fill::Eof);
                }
                Ok(n) => return Ok(Fill::Got(n)),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(Fill::WouldBlock),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Write as much of `buf` as the socket takes now. Returns the count (0 on WouldBlock).
    pub fn write_some(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut done = 0;
        if let Some(tls) = self.tls.as_mut() {
            while done < buf.len() {
                match tls.write(&mut self.stream, &buf[done..]) {
                    Ok(n) => done += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) => return Err(e),
                }
            }
            return Ok(done);
        }
        while done < buf.len() {
            match self.stream.write(&buf[done..]) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }

    /// True when an idle pooled connection still looks usable: no EOF and no unexpected bytes.
    pub fn idle_alive(&mut self) -> bool {
        if self.eof || self.rend > self.rpos {
            return false;
        }
        if let Some(tls) = self.tls.as_mut() {
            return tls.idle_alive(&mut self.stream);
        }
        let mut probe = [0u8; 1];
        loop {
            match self.stream.peek(&mut probe) {
                Ok(_) => return false,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
    }
}

/// All connections of a session, its keep-alive pool, and the requests waiting for room under
/// the connection limit.
#[derive(Default)]
pub struct Conns {
    /// Connections opened so far.
    opened: u64,
    slots: Vec<Option<Conn>>,
    free: Vec<ConnId>,
    pool: HashMap<PoolKey, Vec<ConnId>>,
    /// Open connections (busy or idle) by server.
    open: HashMap<ServerId, usize>,
    /// Servers whose last response was HTTP/1.0.
    http10: HashSet<ServerId>,
    /// Requests waiting for room, oldest first: (server, request handle, its send generation).
    waiting: VecDeque<(ServerId, usize, u64)>,
}

impl Conns {
    /// Open a non-blocking connection to `addr` and register it for readiness.
    /// A synchronous session passes `register` false: its callers poll their sockets
    /// themselves, and the reactor thread need not wake for them.
    pub fn connect(
        &mut self,
        registry: &Registry,
        addr: SocketAddr,
        key: PoolKey,
        owner: usize,
        register: bool,
    ) -> io::Result<ConnId> {
        let mut stream = TcpStream::connect(addr)?;
        let id = self.free.pop().unwrap_or_else(|| {
            self.slots.push(None);
            self.slots.len() - 1
        });
        if register {
            if let Err(e) = registry.register(
                &mut stream,
                Token(id + 1),
                Interest::READABLE | Interest::WRITABLE,
            ) {
                self.free.push(id);
                return Err(e);
            }
        }
        *self.open.entry(server_of(&key)).or_default() += 1;
        self.opened += 1;
        self.slots[id] = Some(Conn {
            serial: self.opened,
            proxy: false,
            stream,
            peer: addr,
            key,
            owner: Some(owner),
            rbuf: vec![0; RBUF_INITIAL],
            rpos: 0,
            rend: 0,
            eof: false,
            tls: None,
            caller_driven: false,
            cert: None,
        });
        Ok(id)
    }

    /// The connection with this id.
    pub fn get(&mut self, id: ConnId) -> Option<&mut Conn> {
        self.slots.get_mut(id).and_then(Option::as_mut)
    }

    /// The connection a mio token stands for.
    pub fn by_token(&mut self, token: Token) -> Option<(ConnId, &mut Conn)> {
        let id = token.0.checked_sub(1)?;
        self.get(id).map(|c| (id, c))
    }

    /// Close idle connection `id` (one no request owns) for the reason `why`, which the trace
    /// gives at level 2: "connection #1 to 127.0.0.1 port 80: closed (<why>)".
    pub fn close_unused(&mut self, registry: &Registry, id: ConnId, why: &str) {
        if let Some(c) = self.get(id) {
            crate::trace!(2, "{}: closed ({why})", c.trace_name());
        }
        self.close(registry, id);
    }

    /// Deregister and drop a connection (closing its socket).
    pub fn close(&mut self, registry: &Registry, id: ConnId) {
        if let Some(mut c) = self.slots.get_mut(id).and_then(Option::take) {
            if let Some(tls) = c.tls.as_mut() {
                tls.close(&mut c.stream);
            }
            let _ = registry.deregister(&mut c.stream);
            if c.owner.is_none() {
                if let Some(list) = self.pool.get_mut(&c.key) {
                    list.retain(|&x| x != id);
                }
            }
            let server = server_of(&c.key);
            if let Some(n) = self.open.get_mut(&server) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.open.remove(&server);
                }
            }
            self.free.push(id);
        }
    }

    /// Put a finished connection in the pool.
    pub fn release(&mut self, id: ConnId) {
        if let Some(c) = self.get(id) {
            c.owner = None;
            let key = c.key.clone();
            self.pool.entry(key).or_default().push(id);
        }
    }

    /// Take a live idle connection for `key`, closing dead ones found on the way.
    pub fn take_idle(
        &mut self,
        registry: &Registry,
        key: &PoolKey,
        owner: usize,
    ) -> Option<ConnId> {
        loop {
            let id = self.pool.get_mut(key)?.pop()?;
            let alive = self.get(id).is_some_and(Conn::idle_alive);
            if alive {
                let c = self.get(id)?;
                c.owner = Some(owner);
                return Some(id);
            }
            if let Some(c) = self.get(id) {
                c.owner = Some(owner);
            }
            self.close_unused(registry, id, "the server closed it while it was idle");
        }
    }

    /// Close the idle connections of the pool (the session's proxy settings changed: no later
    /// request may reuse a connection made under the old ones).
    pub fn close_idle(&mut self, registry: &Registry) {
        let idle: Vec<ConnId> = self.pool.values().flatten().copied().collect();
        for id in idle {
            if let Some(c) = self.get(id) {
                c.owner = Some(usize::MAX);
            }
            self.close_unused(registry, id, "idle, and the proxy settings changed");
        }
        self.pool.clear();
    }

    /// The connection limit for `server`.
    pub fn limit(&self, server: &ServerId) -> usize {
        let limit = if self.http10.contains(server) {
            &MAX_PER_1_0_SERVER
        } else {
            &MAX_PER_SERVER
        };
        limit.load(Ordering::Relaxed) as usize
    }

    /// Record the HTTP version of `server`'s latest response (its limit follows it).
    pub fn note_version(&mut self, server: &ServerId, http10: bool) {
        if http10 {
            self.http10.insert(server.clone());
        } else {
            self.http10.remove(server);
        }
    }

    /// True when a request for `server` could get a connection now: one can be opened under
    /// the limit, or an idle one of the server can be taken or closed to make room.
    pub fn has_room(&self, server: &ServerId) -> bool {
        self.open.get(server).copied().unwrap_or(0) < self.limit(server)
            || self
                .pool
                .iter()
                .any(|(k, ids)| server_of(k) == *server && !ids.is_empty())
    }

    /// Make room for a new connection to `server`: true when one may be opened (under the
    /// limit, or after closing an idle connection of the server kept under other settings).
    pub fn make_room(&mut self, registry: &Registry, server: &ServerId) -> bool {
        if self.open.get(server).copied().unwrap_or(0) < self.limit(server) {
            return true;
        }
        let idle = self
            .pool
            .iter()
            .filter(|(k, _)| server_of(k) == *server)
            .find_map(|(_, ids)| ids.first().copied());
        let Some(id) = idle else {
            return false;
        };
        // An idle connection has no owner: closing it takes it out of the pool.
        self.close_unused(
            registry,
            id,
            "idle, to make room under the connection limit",
        );
        true
    }

    /// True when requests wait for room at `server`.
    pub fn has_waiters(&self, server: &ServerId) -> bool {
        self.waiting.iter().any(|(s, _, _)| s == server)
    }

    /// Queue request `h` (send generation `gen`) until `server` has room.
    pub fn wait_for_room(&mut self, server: ServerId, h: usize, gen: u64) {
        self.waiting.push_back((server, h, gen));
    }

    /// Take the queue of waiting requests (empty when none waits).
    pub fn take_waiters(&mut self) -> VecDeque<(ServerId, usize, u64)> {
        std::mem::take(&mut self.waiting)
    }

    /// Put back the waiters not served, ahead of any queued meanwhile.
    pub fn restore_waiters(&mut self, mut rest: VecDeque<(ServerId, usize, u64)>) {
        rest.append(&mut self.waiting);
        self.waiting = rest;
    }

    /// Close every connection (the session is going away).
    pub fn close_all(&mut self, registry: &Registry) {
        for id in 0..self.slots.len() {
            let Some(c) = self.get(id) else {
                continue;
            };
            c.owner = Some(usize::MAX);
            self.close_unused(registry, id, "the session closed");
        }
        self.pool.clear();
    }
}
