// SPDX-License-Identifier: MIT OR Apache-2.0
//! The session core: the handle tree, notification queues, and the mio reactor thread.
//!
//! Each session owns one [`Shared`]: a mutex over its [`State`], a condition variable for
//! synchronous callers, and a reactor thread running the event loop. All socket I/O happens
//! under the state lock, on whichever thread needs it (the reactor thread for readiness events,
//! a caller's thread for an immediate write or read). Status callbacks are never called with the
//! lock held, and neither is the trace callback: trace lines produced under the lock are
//! written by their thread once it has released it (see [`Guard`] and `trace.rs`).
//!
//! The core's files:
//! - here: [`Shared`] (a session: its lock, its start, its reactor thread's end) and [`State`]
//!   (what the lock guards: the nodes, the connections, the notes ready to deliver, the timers);
//! - `node.rs`: the handle tree's types ([`Kind`], [`Node`], [`Note`] and [`Info`], [`status`],
//!   [`Callback`], the settings a node copies from its parent);
//! - `delivery.rs`: per-handle delivery of the notification queues, the end of an operation,
//!   and closing; its module doc states the delivery rules and the lock order of all of rinet;
//! - `calls.rs`: a request operation the C boundary starts ([`Shared::run_op`]): the lock, the
//!   engine call, the notes due on the caller's thread, and a synchronous session's wait;
//! - `event_loop.rs`: the poller, one turn of it, the reactor thread, and the entry points of a
//!   driven session (whose application turns the loop);
//! - [`engine`]: the request state machine; [`conn`]: the connection pool; [`follow`]:
//!   redirects and authentication; `resolve.rs`: name resolution and its cache; [`tls`],
//!   [`cert`] and `x509.rs`: TLS and certificates.

mod calls;
pub mod cert;
pub mod conn;
mod delivery;
pub mod engine;
mod event_loop;
pub mod follow;
pub mod lent;
mod node;
mod resolve;
pub mod tls;
mod x509;

pub use calls::Outcome;
pub use event_loop::{Loop, WAKER};
pub use node::{
    status, Callback, Deliver, HandleId, Info, Kind, Node, NodeData, Note, Opts, Server, Timeouts,
};

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

use mio::{Events, Poll, Registry, Waker};

use event_loop::run;

/// Handles created and not yet freed (freed once HANDLE_CLOSING has been delivered), across
/// all sessions. A diagnostic for leak checks.
pub static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The process's cookie jar (InternetSetCookie / InternetGetCookie, and every request without
/// INTERNET_FLAG_NO_COOKIES).
pub static COOKIES: Mutex<crate::http::cookie::Jar> = Mutex::new(crate::http::cookie::Jar::new());

/// Seconds since 1970, for cookie expiry.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Everything a session's threads share, behind one lock.
pub struct State {
    pub nodes: HashMap<HandleId, Node>,
    pub conns: conn::Conns,
    /// Handles whose queues hold notes that no thread is delivering.
    ready: Vec<HandleId>,
    /// Deadlines: (when, handle, sequence). Stale entries are skipped when popped.
    timers: BinaryHeap<Reverse<(Instant, HandleId, u64)>>,
    /// Name resolutions finished by helper threads: (handle, send generation, result).
    resolved: Vec<(HandleId, u64, io::Result<Vec<SocketAddr>>)>,
    /// Set once the session handle is gone; the reactor exits when the tree is empty.
    shutdown: bool,
    /// True while an API call (not the reactor) runs engine code, so that connection-closed
    /// notifications it causes go out on the caller's thread.
    pub api_call: bool,
    /// A timer was armed since the reactor last computed its poll timeout.
    timers_changed: bool,
    /// When the reactor thread will wake by itself (None: it sleeps until an event).
    reactor_wakes_at: Option<Instant>,
    /// Synchronous callers waiting on the condition variable (notify only when there are).
    sync_waiters: usize,
    /// How each server that asked for credentials was answered, to answer pre-emptively next
    /// time (keyed like the connection pool: host, port, TLS).
    pub auth_cache: follow::AuthCache,
    /// The session's proxy settings (direct unless the session was opened with a proxy).
    pub proxy: crate::http::proxy::ProxyConfig,
    /// The session handle has been closed (its tree is being torn down).
    session_closed: bool,
    /// The session's own handle (the root of the tree).
    root: HandleId,
}

impl State {
    /// Queue a notification for `h`. Silent handles (no callback or context 0) drop it,
    /// except HANDLE_CLOSING, which also frees the node. The trace shows it here, as it is
    /// queued (or dropped), so that a thread's trace lines keep the order of the events,
    /// whichever thread delivers the notification and whenever. A trace callback gets the line
    /// once this thread has released the lock, so lines of different threads may reach it in
    /// another order than their events (stderr gets it at once, in the order of the events).
    pub fn push(&mut self, h: HandleId, status: u32, info: Info, on_caller: bool) {
        let Some(node) = self.nodes.get_mut(&h) else {
            return;
        };
        crate::trace::note(h, node.context, node.callback.is_none(), status, &info);
        let silent = node.callback.is_none() || node.context == 0;
        if silent && !matches!(info, Info::Closing) {
            return;
        }
        node.queue.push_back(Note {
            status,
            info,
            on_caller,
        });
        if !node.delivering && node.queue.len() == 1 {
            self.ready.push(h);
        }
    }

    /// The session's User-Agent ("" when it has none, or once the session node is gone).
    pub fn agent(&self) -> String {
        match self.nodes.get(&self.root).map(|n| &n.data) {
            Some(NodeData::Session { agent, .. }) => agent.clone(),
            _ => String::new(),
        }
    }

    /// Add a child node under `parent`.
    pub fn add_node(&mut self, h: HandleId, node: Node) {
        if let Some(p) = node.parent.and_then(|p| self.nodes.get_mut(&p)) {
            p.children.push(h);
        }
        self.nodes.insert(h, node);
        LIVE.fetch_add(1, Ordering::Relaxed);
    }

    /// Arm the timer of request `h` for `ms` milliseconds from now (0xFFFFFFFF: no limit).
    pub fn arm_timer(&mut self, h: HandleId, ms: u32) {
        let Some(req) = self.nodes.get_mut(&h).and_then(Node::request) else {
            return;
        };
        req.timer_seq += 1;
        if ms == u32::MAX {
            req.deadline = None;
            return;
        }
        let when = Instant::now() + Duration::from_millis(ms as u64);
        req.deadline = Some(when);
        self.timers.push(Reverse((when, h, req.timer_seq)));
        // Re-armed timers leave stale entries behind until their time comes; when they pile
        // up (four times the handles there are), keep only the live ones.
        if self.timers.len() > 4 * self.nodes.len() + 1024 {
            let nodes = &mut self.nodes;
            self.timers.retain(|Reverse((_, h, seq))| {
                nodes
                    .get_mut(h)
                    .and_then(Node::request)
                    .is_some_and(|r| r.timer_seq == *seq)
            });
        }
        // The reactor needs waking only when this deadline comes before the one it sleeps to.
        if self.reactor_wakes_at.is_none_or(|at| when < at) {
            self.timers_changed = true;
        }
    }

    /// Disarm the timer of request `h`.
    pub fn disarm_timer(&mut self, h: HandleId) {
        if let Some(req) = self.nodes.get_mut(&h).and_then(Node::request) {
            req.timer_seq += 1;
            req.deadline = None;
        }
    }

    /// The request data of `h`.
    pub fn req(&mut self, h: HandleId) -> Option<&mut engine::Request> {
        self.nodes.get_mut(&h).and_then(Node::request)
    }

    fn next_timeout(&mut self) -> Option<Duration> {
        while let Some(Reverse((when, h, seq))) = self.timers.peek().copied() {
            let live = self
                .nodes
                .get_mut(&h)
                .and_then(Node::request)
                .is_some_and(|r| r.timer_seq == seq);
            if live {
                return Some(when.saturating_duration_since(Instant::now()));
            }
            self.timers.pop();
        }
        None
    }

    fn expired(&mut self, now: Instant) -> Vec<HandleId> {
        let mut out = Vec::new();
        while let Some(Reverse((when, h, seq))) = self.timers.peek().copied() {
            if when > now {
                break;
            }
            self.timers.pop();
            let live = self
                .nodes
                .get_mut(&h)
                .and_then(Node::request)
                .is_some_and(|r| r.timer_seq == seq);
            if live {
                out.push(h);
            }
        }
        out
    }
}

/// A session: its state, its reactor's waker and its thread.
pub struct Shared {
    state: Mutex<State>,
    cond: Condvar,
    /// True for sessions opened with INTERNET_FLAG_ASYNC.
    pub is_async: bool,
    pub registry: Registry,
    waker: Waker,
    deliver: Deliver,
    /// The C boundary's function that invalidates a handle value (for handles rinet closes on
    /// its own).
    release: fn(HandleId),
    thread: Mutex<Option<JoinHandle<()>>>,
    reactor_thread: Mutex<Option<ThreadId>>,
    /// A weak reference to this session, for helper threads.
    pub me: Weak<Shared>,
    /// A driven session's poller, run by the application's thread (None with a reactor thread).
    driven: Mutex<Option<Loop>>,
    /// A driven session's epoll descriptor (set once at start; valid while the session lives).
    driven_fd: Option<i32>,
}

/// The state lock's guard. It counts as a rinet lock held by its thread ([`crate::trace::Held`]),
/// so that trace lines produced under it are written only once the thread holds no lock.
pub struct Guard<'a> {
    /// Declared first, so that dropping the guard releases the lock before `held` writes the
    /// lines the thread queued.
    inner: MutexGuard<'a, State>,
    held: crate::trace::Held,
}

impl std::ops::Deref for Guard<'_> {
    type Target = State;

    #[inline]
    fn deref(&self) -> &State {
        &self.inner
    }
}

impl std::ops::DerefMut for Guard<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut State {
        &mut self.inner
    }
}

impl Shared {
    /// Create a session whose root node is `h`, and start its reactor thread.
    pub fn start(
        h: HandleId,
        is_async: bool,
        driven: bool,
        deliver: Deliver,
        release: fn(HandleId),
        root: Node,
    ) -> io::Result<Arc<Shared>> {
        let poll = Poll::new()?;
        let waker = Waker::new(poll.registry(), WAKER)?;
        let registry = poll.registry().try_clone()?;
        let mut nodes = HashMap::new();
        nodes.insert(h, root);
        LIVE.fetch_add(1, Ordering::Relaxed);
        let shared = Arc::new_cyclic(|me| Shared {
            state: Mutex::new(State {
                nodes,
                conns: conn::Conns::default(),
                ready: Vec::new(),
                timers: BinaryHeap::new(),
                resolved: Vec::new(),
                shutdown: false,
                api_call: false,
                timers_changed: false,
                reactor_wakes_at: None,
                sync_waiters: 0,
                auth_cache: follow::AuthCache::default(),
                proxy: crate::http::proxy::ProxyConfig::direct(),
                session_closed: false,
                root: h,
            }),
            cond: Condvar::new(),
            is_async,
            registry,
            waker,
            deliver,
            release,
            thread: Mutex::new(None),
            reactor_thread: Mutex::new(None),
            me: me.clone(),
            driven: Mutex::new(None),
            driven_fd: if driven {
                use std::os::fd::AsRawFd;
                Some(poll.as_raw_fd())
            } else {
                None
            },
        });
        if driven {
            *shared.driven.lock().unwrap_or_else(|e| e.into_inner()) = Some(Loop {
                poll,
                events: Events::with_capacity(1024),
            });
            return Ok(shared);
        }
        let for_thread = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name("rinet-reactor".into())
            .spawn(move || run(for_thread, poll))?;
        *shared
            .reactor_thread
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(handle.thread().id());
        *shared.thread.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
        Ok(shared)
    }

    /// Lock the session state (a poisoned lock is taken over: state changes are kept consistent
    /// step by step, and a panic fails only the request that raised it).
    pub fn lock(&self) -> Guard<'_> {
        let inner = self.state.lock().unwrap_or_else(|e| e.into_inner());
        Guard {
            inner,
            held: crate::trace::Held::enter(),
        }
    }

    /// Wait on the condition variable, releasing the lock meanwhile. When the thread holds no
    /// other lock and has trace lines queued, it writes them instead of waiting, with the lock
    /// released, and returns as from a spurious wake-up (every caller checks its condition
    /// again), so that its lines do not wait as long as it does.
    fn wait<'a>(&'a self, st: Guard<'a>, timeout: Option<Duration>) -> Guard<'a> {
        if crate::trace::Held::last_with_lines() {
            drop(st);
            return self.lock();
        }
        let Guard { inner, held } = st;
        let inner = match timeout {
            None => self.cond.wait(inner).unwrap_or_else(|e| e.into_inner()),
            Some(t) => {
                self.cond
                    .wait_timeout(inner, t)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
        Guard { inner, held }
    }

    /// Wake the synchronous callers waiting on the condition variable, if any.
    fn notify(&self, st: &State) {
        if st.sync_waiters > 0 {
            self.cond.notify_all();
        }
    }

    /// Wake the reactor thread.
    pub fn wake(&self) {
        let _ = self.waker.wake();
    }

    fn is_reactor_thread(&self) -> bool {
        *self
            .reactor_thread
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            == Some(std::thread::current().id())
    }

    /// Join the reactor thread once the tree is empty, unless this is the reactor thread itself,
    /// which then exits on its own (its handle is dropped, detaching it).
    fn join_reactor(&self) {
        let handle = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(handle) = handle {
            if self.is_reactor_thread() {
                drop(handle);
            } else {
                self.wake();
                let _ = handle.join();
            }
        }
    }

    /// True when `h` is a live (not closed) node of this session.
    pub fn is_open(st: &State, h: HandleId) -> bool {
        st.nodes.get(&h).is_some_and(|n| !n.closed)
    }

    /// Record a finished name resolution and wake the reactor.
    pub fn resolved(&self, h: HandleId, gen: u64, result: io::Result<Vec<SocketAddr>>) {
        self.lock().resolved.push((h, gen, result));
        self.wake();
    }
}
