// SPDX-License-Identifier: MIT OR Apache-2.0
//! The session core: the handle tree, notification queues, and the mio reactor thread.
//!
//! Each session owns one [`Shared`]: a mutex over its [`State`], a condition variable for
//! synchronous callers, and a reactor thread running [`run`]. All socket I/O happens under the
//! state lock, on whichever thread needs it (the reactor thread for readiness events, a caller's
//! thread for an immediate write or read). Status callbacks are never called with the lock held.
//!
//! Notifications go through a queue per handle. Exactly one thread delivers a handle's queue at
//! a time, in order, so a handle's notifications never overtake each other and HANDLE_CLOSING,
//! queued last, is delivered last. A thread that is already inside a status callback never
//! delivers: it leaves the queue to the thread that is, so callbacks do not nest.

pub mod cert;
pub mod conn;
pub mod engine;
pub mod follow;
mod resolve;
pub mod tls;
mod x509;

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

use mio::{Events, Poll, Registry, Token, Waker};

use crate::error::Error;

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

/// A handle value as the caller sees it (pointer-sized, generation-checked by the C boundary).
pub type HandleId = usize;

/// The kinds of handle in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// From open: the root, owning the reactor.
    Session,
    /// From connect: a server (host, port, credentials). No I/O of its own.
    Connect,
    /// From open_request: one HTTP request.
    Request,
}

/// INTERNET_STATUS_* values that the core sends.
pub mod status {
    pub const RESOLVING_NAME: u32 = 10;
    pub const NAME_RESOLVED: u32 = 11;
    pub const CONNECTING_TO_SERVER: u32 = 20;
    pub const CONNECTED_TO_SERVER: u32 = 21;
    pub const SENDING_REQUEST: u32 = 30;
    pub const REQUEST_SENT: u32 = 31;
    pub const RECEIVING_RESPONSE: u32 = 40;
    pub const RESPONSE_RECEIVED: u32 = 41;
    pub const CLOSING_CONNECTION: u32 = 50;
    pub const CONNECTION_CLOSED: u32 = 51;
    pub const HANDLE_CREATED: u32 = 60;
    pub const HANDLE_CLOSING: u32 = 70;
    pub const REQUEST_COMPLETE: u32 = 100;
    pub const REDIRECT: u32 = 110;
}

/// What a notification carries, before the C boundary lays it out for the callback.
#[derive(Debug)]
pub enum Info {
    /// NULL, 0.
    None,
    /// A DWORD (byte counts).
    Dword(u32),
    /// A string (host names, IP addresses, URLs). The C boundary lays it out for the callback's
    /// flavour: ANSI bytes with their NUL (length strlen+1), or wide characters.
    Text(String),
    /// An INTERNET_ASYNC_RESULT.
    Result { result: usize, error: u32 },
    /// HANDLE_CREATED: INTERNET_ASYNC_RESULT { handle, 0 }, length sizeof(HINTERNET).
    Created,
    /// HANDLE_CLOSING: the handle value, length sizeof(HINTERNET). After it the node is freed.
    Closing,
}

/// One queued notification.
#[derive(Debug)]
pub struct Note {
    /// INTERNET_STATUS_* code.
    pub status: u32,
    /// Its payload.
    pub info: Info,
    /// True for notifications WinInet sends on the calling thread, inside the call
    /// (HANDLE_CREATED, a synchronous write's SENDING/SENT, RECEIVING_RESPONSE before a pending
    /// read, and the notifications of a close). The others are the reactor's to deliver.
    pub on_caller: bool,
}

/// A status callback as the C boundary registered it: the function's address (0: none) and its
/// flavour, a value only the C boundary reads (how string payloads are laid out: ANSI, or wide
/// characters of one width). The core copies it to new children and hands it back to
/// [`Deliver`]; it never calls it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Callback {
    pub addr: usize,
    pub flavor: u8,
}

impl Callback {
    /// No callback.
    pub const NONE: Callback = Callback { addr: 0, flavor: 0 };

    /// True when no callback is registered.
    pub fn is_none(&self) -> bool {
        self.addr == 0
    }
}

/// The C boundary's function that lays out a note and calls the status callback.
pub type Deliver = fn(callback: Callback, handle: HandleId, context: usize, note: &Note);

/// Timeouts in milliseconds, copied from the parent when a handle is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: u32,
    pub send: u32,
    pub receive: u32,
    pub data_send: u32,
    pub data_receive: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: 60_000,
            send: 30_000,
            receive: 30_000,
            data_send: 30_000,
            data_receive: 30_000,
        }
    }
}

/// Per-handle settings beyond the timeouts, copied from the parent when a handle is created
/// (the context value is not: it belongs to the handle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opts {
    pub username: Option<String>,
    pub password: Option<String>,
    pub proxy_username: Option<String>,
    pub proxy_password: Option<String>,
    /// INTERNET_OPTION_HTTP_DECODING: decode gzip/deflate bodies.
    pub decoding: bool,
    /// INTERNET_OPTION_SECURITY_FLAGS (SECURITY_FLAG_IGNORE_* relax certificate checks).
    pub security_flags: u32,
    pub error_mask: u32,
    pub connect_retries: u32,
    pub suppress_server_auth: u32,
    pub ignore_offline: u32,
    /// A PEM file of extra trusted CA certificates (RINET_OPTION_CA_FILE).
    pub ca_file: Option<String>,
    /// Largest response head accepted, in bytes (RINET_OPTION_MAX_HEADER_SIZE).
    pub max_head: u32,
    /// Most decoded bytes per coded byte before a body counts as a decompression bomb
    /// (RINET_OPTION_MAX_DECODE_RATIO; 0: no limit).
    pub max_decode_ratio: u32,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            username: None,
            password: None,
            proxy_username: None,
            proxy_password: None,
            decoding: false,
            security_flags: 0,
            error_mask: 0,
            connect_retries: 5,
            suppress_server_auth: 0,
            ignore_offline: 0,
            ca_file: None,
            max_head: crate::http::response::DEFAULT_MAX_HEAD as u32,
            max_decode_ratio: crate::http::decode::DEFAULT_MAX_RATIO as u32,
        }
    }
}

/// What a connect handle knows about its server.
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub secure: bool,
    pub user: String,
    pub password: String,
    pub flags: u32,
}

/// Per-kind data of a node.
pub enum NodeData {
    Session {
        agent: String,
        flags: u32,
        access_type: u32,
        proxy: String,
        bypass: String,
    },
    Connect(Server),
    Request(Box<engine::Request>),
}

/// One handle in the tree.
pub struct Node {
    pub kind: Kind,
    pub parent: Option<HandleId>,
    pub children: Vec<HandleId>,
    /// The handle's own context value (never inherited).
    pub context: usize,
    /// The status callback (copied from the parent at creation).
    pub callback: Callback,
    pub timeouts: Timeouts,
    pub opts: Opts,
    pub data: NodeData,
    queue: VecDeque<Note>,
    delivering: bool,
    /// API callers waiting for the owner to hand them the queue, to deliver their own
    /// notifications on their own thread.
    handoff: u32,
    /// Counts the callbacks started for this handle (tells a waiting caller that the owner
    /// has moved on to another note).
    cb_seq: u64,
    /// Callbacks for this handle running right now.
    in_flight: u32,
    /// Set when the handle is closed; no new operation starts on it.
    pub closed: bool,
    /// A connect handle open_url made for its request: closed with it, never notified.
    pub hidden: bool,
}

impl Node {
    /// A node with no queue yet.
    pub fn new(
        kind: Kind,
        parent: Option<HandleId>,
        context: usize,
        callback: Callback,
        timeouts: Timeouts,
        data: NodeData,
    ) -> Self {
        Node {
            kind,
            parent,
            children: Vec::new(),
            context,
            callback,
            timeouts,
            opts: Opts::default(),
            data,
            queue: VecDeque::new(),
            delivering: false,
            handoff: 0,
            cb_seq: 0,
            in_flight: 0,
            hidden: false,
            closed: false,
        }
    }

    /// The request of a request node.
    pub fn request(&mut self) -> Option<&mut engine::Request> {
        match &mut self.data {
            NodeData::Request(r) => Some(r),
            _ => None,
        }
    }
}

/// How long an API call waits for a callback running for the same handle on another thread,
/// so that the call's own notifications go out on its thread before it returns.
const HANDOFF_WAIT: Duration = Duration::from_millis(250);

/// Token reserved for the waker.
pub const WAKER: Token = Token(0);

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
    /// queued (or dropped), so that trace lines keep the order of the events, whichever thread
    /// delivers the notification and whenever.
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

thread_local! {
    /// The sessions whose status callbacks this thread is inside right now, innermost last (by
    /// the address of their [`Shared`], which lives while one of its callbacks runs). Being
    /// "inside a callback" is a state of the session that delivers, not of the thread: a
    /// callback of one session may close or call another session, whose notes are then
    /// delivered on this thread as for any other caller.
    static IN_CALLBACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Marks the current thread as inside a callback of one session while it lives.
struct CallbackScope(usize);

impl CallbackScope {
    fn enter(shared: &Shared) -> CallbackScope {
        let key = shared as *const Shared as usize;
        IN_CALLBACK.with(|v| v.borrow_mut().push(key));
        CallbackScope(key)
    }
}

impl Drop for CallbackScope {
    fn drop(&mut self) {
        IN_CALLBACK.with(|v| {
            let mut v = v.borrow_mut();
            if let Some(i) = v.iter().rposition(|&k| k == self.0) {
                v.remove(i);
            }
        });
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

/// The state lock's guard.
pub type Guard<'a> = MutexGuard<'a, State>;

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
        self.state.lock().unwrap_or_else(|e| e.into_inner())
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

    /// True when the current thread is inside one of this session's status callbacks.
    pub fn in_callback(&self) -> bool {
        let key = self as *const Shared as usize;
        IN_CALLBACK.with(|v| v.borrow().contains(&key))
    }

    fn is_reactor_thread(&self) -> bool {
        *self
            .reactor_thread
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            == Some(std::thread::current().id())
    }

    /// Deliver the notes of `h` on this thread, in order. With `caller_only`, stop at the first
    /// note that belongs to the reactor. Returns the guard (the lock is released around each
    /// callback). A thread inside a callback never delivers here.
    ///
    /// One thread at a time owns a handle's queue, and keeps it while the callback it runs is
    /// running: no other notification for the handle is delivered anywhere meanwhile. Notes
    /// queued meanwhile (by another thread's call, a close, or the callback itself) are
    /// delivered by the owner once the callback returns. HANDLE_CLOSING also waits for the
    /// handle's children's own HANDLE_CLOSING.
    fn deliver_handle<'a>(
        &'a self,
        mut st: Guard<'a>,
        h: HandleId,
        caller_only: bool,
    ) -> Guard<'a> {
        if self.in_callback() {
            st.ready.push(h);
            if self.is_async {
                self.wake();
            }
            return st;
        }
        match st.nodes.get_mut(&h) {
            Some(node) if !node.delivering => node.delivering = true,
            Some(node) if caller_only && node.queue.front().is_some_and(|n| n.on_caller) => {
                // Another thread owns the queue: it runs a callback for this handle, or has
                // just returned from one and is on its way back into the lock. This call's
                // own notifications come next; they are asked of that thread, so that they go
                // out on this thread before the call returns, as they do when nothing else is
                // being delivered.
                match self.take_over(st, h) {
                    (g, true) => st = g,
                    (g, false) => return g,
                }
            }
            _ => return st,
        }
        loop {
            let node = st
                .nodes
                .get_mut(&h)
                .expect("a node stays until its closing note is delivered");
            if node.handoff > 0 && node.queue.front().is_some_and(|n| n.on_caller) {
                // A caller waits to deliver its own notifications: hand the queue over.
                node.delivering = false;
                self.cond.notify_all();
                return st;
            }
            // HANDLE_CLOSING waits for the handle's running callbacks and for its children's
            // own HANDLE_CLOSING (children before parents).
            let take = match node.queue.front() {
                None => false,
                Some(n) if caller_only && !n.on_caller => false,
                Some(n) => {
                    !(matches!(n.info, Info::Closing)
                        && (node.in_flight > 0 || !node.children.is_empty()))
                }
            };
            if !take {
                node.delivering = false;
                if node.handoff > 0 {
                    self.cond.notify_all();
                }
                // Left for another thread: a reactor note (this thread delivers only its own).
                // A HANDLE_CLOSING that waits for a callback or a child is picked up by whoever
                // finishes that callback or frees that child.
                let waiting_close = node.queue.front().is_some_and(|n| {
                    matches!(n.info, Info::Closing)
                        && (node.in_flight > 0 || !node.children.is_empty())
                });
                if !node.queue.is_empty() && !waiting_close {
                    st.ready.push(h);
                    if self.is_async {
                        self.wake();
                    }
                }
                return st;
            }
            let note = node.queue.pop_front().expect("checked non-empty");
            let closing = matches!(note.info, Info::Closing);
            if note.status == status::REQUEST_COMPLETE {
                if let Some(req) = node.request() {
                    req.awaiting_complete = false;
                }
            }
            node.in_flight += 1;
            let (cb, ctx) = (node.callback, node.context);
            let calls_back = !cb.is_none() && ctx != 0;
            if calls_back {
                node.cb_seq = node.cb_seq.wrapping_add(1);
                if node.handoff > 0 {
                    // A caller waiting for the queue gives up: this callback may take long.
                    self.cond.notify_all();
                }
            }
            drop(st);
            if calls_back {
                let _scope = CallbackScope::enter(self);
                (self.deliver)(cb, h, ctx, &note);
            }
            st = self.lock();
            let node = st
                .nodes
                .get_mut(&h)
                .expect("no closing note is delivered while a callback runs");
            node.in_flight -= 1;
            if closing {
                return self.free_node(st, h);
            }
            if note.status == status::SENDING_REQUEST {
                engine::guarded(self, &mut st, h, engine::gate_passed);
            }
        }
    }

    /// Wait, as an API caller whose notifications are next in `h`'s queue, for the thread
    /// that owns the queue to finish the callback it runs (or its way back from one) and hand
    /// the queue over. Returns true with the queue owned by this thread; false when the notes
    /// are left to the owner: it started a callback for another note, the handle is gone, or
    /// HANDOFF_WAIT passed (a callback that blocks until this call returns must not deadlock
    /// it; its notes then follow that callback on the owner's thread).
    fn take_over<'a>(&'a self, mut st: Guard<'a>, h: HandleId) -> (Guard<'a>, bool) {
        let Some(node) = st.nodes.get_mut(&h) else {
            return (st, false);
        };
        node.handoff += 1;
        let seq = node.cb_seq;
        let deadline = Instant::now() + HANDOFF_WAIT;
        st.sync_waiters += 1;
        let owned = loop {
            let now = Instant::now();
            if now >= deadline {
                break false;
            }
            st = self
                .cond
                .wait_timeout(st, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
            match st.nodes.get_mut(&h) {
                None => break false,
                Some(node) if !node.delivering => {
                    node.delivering = true;
                    break true;
                }
                Some(node) if node.cb_seq != seq => break false,
                Some(_) => {}
            }
        };
        st.sync_waiters -= 1;
        if let Some(node) = st.nodes.get_mut(&h) {
            node.handoff -= 1;
        }
        (st, owned)
    }

    /// Remove a node whose HANDLE_CLOSING has been delivered. Removing the session node shuts
    /// the reactor down.
    fn free_node<'a>(&'a self, mut st: Guard<'a>, h: HandleId) -> Guard<'a> {
        let Some(node) = st.nodes.remove(&h) else {
            return st;
        };
        LIVE.fetch_sub(1, Ordering::Relaxed);
        if node.handoff > 0 {
            // A caller waiting to take the queue over finds the handle gone.
            self.cond.notify_all();
        }
        if let Some(parent) = node.parent {
            if let Some(p) = st.nodes.get_mut(&parent) {
                p.children.retain(|&c| c != h);
                // A parent's HANDLE_CLOSING may have been waiting for this child.
                if p.children.is_empty() && !p.queue.is_empty() && !p.delivering {
                    st.ready.push(parent);
                    if self.is_async {
                        self.wake();
                    }
                }
            }
        }
        if node.kind == Kind::Session {
            st.shutdown = true;
        }
        if st.shutdown {
            self.wake();
            if st.nodes.is_empty() {
                drop(st);
                self.join_reactor();
                st = self.lock();
            }
        }
        st
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

    /// Finish an API call on handle `h`: deliver the caller-thread notes it queued (async), or
    /// everything that is due (sync), then hand what is left to the reactor.
    pub fn settle<'a>(&'a self, mut st: Guard<'a>, h: HandleId) -> Guard<'a> {
        if std::mem::take(&mut st.timers_changed) {
            self.wake();
        }
        if !self.is_async {
            return self.deliver_all(st);
        }
        st = self.deliver_handle(st, h, true);
        if self.driven_fd.is_some() && st.session_closed {
            // A driven session closed (perhaps from a callback inside this call): no loop will
            // run for it again, so everything left is delivered here.
            return self.deliver_all(st);
        }
        if self.in_callback() {
            // The thread delivering this callback takes what is queued when it returns (and
            // deliver_handle has woken the reactor if need be).
            return st;
        }
        // Notes this call queued and then delivered itself leave their handle in `ready`; wake
        // the reactor only when notes are still waiting (a wake-up per call would cost the
        // caller a context switch and lock contention for nothing).
        let own_waiting = st
            .nodes
            .get(&h)
            .is_some_and(|n| !n.queue.is_empty() && !n.delivering);
        if own_waiting || st.ready.iter().any(|&r| r != h) {
            self.wake();
        }
        st
    }

    /// Deliver every queue that is due on this thread (synchronous sessions).
    fn deliver_all<'a>(&'a self, mut st: Guard<'a>) -> Guard<'a> {
        if self.in_callback() {
            return st;
        }
        loop {
            let ready = std::mem::take(&mut st.ready);
            if ready.is_empty() {
                return st;
            }
            for h in ready {
                st = self.deliver_handle(st, h, false);
            }
        }
    }

    /// Block a synchronous caller until the pending operation of request `h` completes,
    /// delivering that session's notifications on this thread meanwhile.
    pub fn wait_sync<'a>(
        &'a self,
        mut st: Guard<'a>,
        h: HandleId,
    ) -> (Guard<'a>, Result<u32, Error>) {
        loop {
            st = self.deliver_all(st);
            match st.req(h) {
                None => return (st, Err(Error::OperationCancelled)),
                Some(req) => {
                    if let Some(r) = req.sync_result.take() {
                        st = self.deliver_all(st);
                        return (st, r);
                    }
                }
            }
            // Waiting on the request's own socket: poll it here, so that the answer does not
            // have to travel through the reactor thread first.
            if let Some((fd, events, timeout, wake)) = engine::sync_wait_target(&mut st, h) {
                drop(st);
                let mut fds = [
                    libc::pollfd {
                        fd,
                        events,
                        revents: 0,
                    },
                    libc::pollfd {
                        fd: std::os::fd::AsRawFd::as_raw_fd(&*wake),
                        events: libc::POLLIN,
                        revents: 0,
                    },
                ];
                // SAFETY: `fds` is a valid array of two pollfd for the call. The eventfd stays
                // open (this thread holds a reference). If another thread closes the request
                // meanwhile, it writes the eventfd first, so poll returns at once even if the
                // socket's descriptor was closed (POLLNVAL, or a reused number) by then.
                unsafe { libc::poll(fds.as_mut_ptr(), 2, timeout) };
                drop(wake);
                st = self.lock();
                engine::sync_after_wait(self, &mut st, h, fds[1].revents & libc::POLLIN != 0);
                continue;
            }
            st.sync_waiters += 1;
            st = self.cond.wait(st).unwrap_or_else(|e| e.into_inner());
            st.sync_waiters -= 1;
        }
    }

    /// Record the end of request `h`'s pending operation: REQUEST_COMPLETE in async mode,
    /// a wake-up of the blocked caller in sync mode.
    pub fn complete(
        &self,
        st: &mut State,
        h: HandleId,
        outcome: Result<u32, Error>,
        on_caller: bool,
    ) {
        let Some(req) = st.req(h) else {
            return;
        };
        req.op = None;
        let open_url = std::mem::take(&mut req.open_url);
        if self.is_async {
            let info = match outcome {
                // open_url completes with the request handle itself.
                Ok(v) if open_url => Info::Result {
                    result: h,
                    error: v,
                },
                Ok(v) => Info::Result {
                    result: 1,
                    error: v,
                },
                Err(e) => Info::Result {
                    result: 0,
                    error: e.code(),
                },
            };
            let failed_open = open_url && matches!(info, Info::Result { result: 0, .. });
            let silent = st
                .nodes
                .get(&h)
                .is_none_or(|n| n.callback.is_none() || n.context == 0);
            if let Some(req) = st.req(h) {
                // Until the application has been told, the handle takes no new operation.
                req.awaiting_complete = !silent;
            }
            st.push(h, status::REQUEST_COMPLETE, info, on_caller);
            if failed_open {
                // The application never received this handle: close it (and its hidden
                // connect handle); HANDLE_CLOSING follows REQUEST_COMPLETE.
                self.close_unreturned(st, h);
            }
        } else {
            req.sync_result = Some(outcome);
            engine::sync_wake(st, h);
            self.notify(st);
        }
    }

    /// Close handle `h` and its subtree, first step: under the lock, mark every node closed,
    /// cancel pending operations (REQUEST_COMPLETE with ERROR_INTERNET_OPERATION_CANCELLED),
    /// drop connections, and queue HANDLE_CLOSING for each, children before parents. Returns the
    /// handles closed, for the C boundary to invalidate before [`Shared::deliver_closed`].
    /// A handle already closed gives ERROR_INVALID_HANDLE.
    pub fn close_tree(&self, h: HandleId) -> Result<Vec<HandleId>, Error> {
        let mut st = self.lock();
        self.close_locked(&mut st, h, true)
    }

    /// The locked part of [`Shared::close_tree`]. A request opened by open_url closes with its
    /// hidden connect handle. `on_caller` says whether the closing notes belong to the calling
    /// thread (an API call) or to the reactor.
    pub fn close_locked(
        &self,
        st: &mut State,
        h: HandleId,
        on_caller: bool,
    ) -> Result<Vec<HandleId>, Error> {
        match st.nodes.get(&h) {
            Some(n) if !n.closed => {}
            _ => return Err(Error::InvalidHandle),
        }
        let root = match st.nodes.get(&h).and_then(|n| n.parent) {
            Some(p) if st.nodes.get(&p).is_some_and(|p| p.hidden && !p.closed) => p,
            _ => h,
        };
        let mut order = Vec::new();
        collect_subtree(st, root, &mut order);
        if st.nodes.get(&root).is_some_and(|n| n.kind == Kind::Session) {
            st.session_closed = true;
        }
        let was = st.api_call;
        st.api_call = on_caller;
        for &n in order.iter().rev() {
            if let Some(node) = st.nodes.get_mut(&n) {
                node.closed = true;
            }
            engine::cancel(self, st, n);
            st.push(n, status::HANDLE_CLOSING, Info::Closing, on_caller);
        }
        st.api_call = was;
        Ok(order)
    }

    /// Close a request the application never received (open_url failed): invalidate its handle
    /// values through the C boundary's hook, and let the reactor deliver the notes.
    pub fn close_unreturned(&self, st: &mut State, h: HandleId) {
        if let Ok(order) = self.close_locked(st, h, false) {
            for n in order {
                (self.release)(n);
            }
        }
    }

    /// Close, second step: deliver what this thread may deliver of the closed handles' notes,
    /// children first, and hand the rest to the reactor.
    pub fn deliver_closed(&self, order: &[HandleId]) {
        let mut st = self.lock();
        if self.driven_fd.is_some() && st.session_closed {
            st = self.deliver_all(st);
            drop(st);
            return;
        }
        if self.is_async {
            for &n in order.iter().rev() {
                st = self.deliver_handle(st, n, true);
            }
            if !st.ready.is_empty() {
                self.wake();
            }
        } else {
            st = self.deliver_all(st);
            self.notify(&st);
        }
        drop(st);
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

fn collect_subtree(st: &State, h: HandleId, out: &mut Vec<HandleId>) {
    let Some(node) = st.nodes.get(&h) else {
        return;
    };
    if node.closed {
        return;
    }
    out.push(h);
    for &c in &node.children {
        collect_subtree(st, c, out);
    }
}

/// The reactor thread: poll, dispatch readiness to requests, run timers and finished name
/// resolutions, deliver what is due, and exit once the session is closed and its tree is empty.
/// The reactor's poller and its event buffer.
pub struct Loop {
    poll: Poll,
    events: Events,
}

/// One turn of the reactor: wait up to `timeout` for readiness, dispatch it to requests, run
/// finished name resolutions and expired timers, and deliver every due notification on this
/// thread. Returns the number of readiness events handled. The reactor thread runs it in a loop;
/// a driven session runs it when the application calls rinet_session_process.
fn turn(shared: &Shared, lp: &mut Loop, timeout: Option<Duration>) -> usize {
    if let Err(e) = lp.poll.poll(&mut lp.events, timeout) {
        if e.kind() != io::ErrorKind::Interrupted {
            return 0;
        }
    }
    let mut st = shared.lock();
    let mut handled = 0;
    for ev in lp.events.iter() {
        if ev.token() != WAKER {
            handled += 1;
            if let Some(h) = engine::on_event(shared, &mut st, ev.token()) {
                engine::guarded(shared, &mut st, h, engine::drive);
            }
        }
    }
    let resolved = std::mem::take(&mut st.resolved);
    for (h, gen, result) in resolved {
        engine::guarded(shared, &mut st, h, |sh, st, h| {
            engine::on_resolved(sh, st, h, gen, result)
        });
    }
    for h in st.expired(Instant::now()) {
        engine::guarded(shared, &mut st, h, engine::on_timeout);
    }
    engine::serve_waiters(shared, &mut st);
    if shared.is_async {
        loop {
            let ready = std::mem::take(&mut st.ready);
            if ready.is_empty() {
                break;
            }
            for h in ready {
                st = shared.deliver_handle(st, h, false);
            }
        }
    } else {
        // Synchronous callers wait on the condition variable for notes and progress.
        shared.notify(&st);
    }
    handled
}

/// The reactor thread: turns until the session is closed and its tree is empty.
fn run(shared: Arc<Shared>, poll: Poll) {
    let mut lp = Loop {
        poll,
        events: Events::with_capacity(1024),
    };
    loop {
        let timeout = {
            let mut st = shared.lock();
            st.timers_changed = false;
            let timeout = st.next_timeout();
            st.reactor_wakes_at = timeout.map(|t| Instant::now() + t);
            timeout
        };
        turn(&shared, &mut lp, timeout);
        let mut st = shared.lock();
        if st.shutdown && st.nodes.is_empty() {
            st.conns.close_all(&shared.registry);
            break;
        }
    }
}

impl Shared {
    /// Driven sessions: the poller's file descriptor (an epoll descriptor, readable when the
    /// session has work). None for sessions with a reactor thread.
    pub fn driven_fd(&self) -> Option<i32> {
        self.driven_fd
    }

    /// Driven sessions: milliseconds until the next deadline (0 when work is already due,
    /// u32::MAX when there is none).
    pub fn driven_timeout_ms(&self) -> u32 {
        let mut st = self.lock();
        if !st.ready.is_empty() || !st.resolved.is_empty() {
            return 0;
        }
        match st.next_timeout() {
            None => u32::MAX,
            Some(d) => {
                d.as_millis().min(u32::MAX as u128 - 1) as u32
                    + u32::from(d.subsec_micros() % 1000 != 0)
            }
        }
    }

    /// Driven sessions: run one turn without waiting, handling at most `max_events` readiness
    /// events (0: no limit), on the calling thread. Returns None when another thread is running
    /// a turn (or this thread is, from inside a callback).
    pub fn driven_process(&self, max_events: u32) -> Option<usize> {
        if self.in_callback() {
            return None;
        }
        let mut guard = self.driven.try_lock().ok()?;
        let lp = guard.as_mut()?;
        let cap = if max_events == 0 {
            1024
        } else {
            (max_events as usize).min(1024)
        };
        if lp.events.capacity() != cap {
            lp.events = Events::with_capacity(cap);
        }
        self.lock().timers_changed = false;
        let n = turn(self, lp, Some(Duration::ZERO));
        drop(guard);
        let mut st = self.lock();
        if st.shutdown && st.nodes.is_empty() {
            st.conns.close_all(&self.registry);
        }
        Some(n)
    }

    /// True for a driven session (no reactor thread).
    pub fn is_driven(&self) -> bool {
        self.driven_fd().is_some()
    }
}
