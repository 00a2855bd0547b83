// SPDX-License-Identifier: MIT OR Apache-2.0
//! Delivery: each handle's notification queue delivered to its status callback, the end of a
//! pending operation (REQUEST_COMPLETE, or a blocked synchronous caller woken), and closing.
//!
//! # The delivery rules
//!
//! - One deliverer per handle at a time. Notifications go through a queue per handle
//!   ([`State::push`]). Exactly one thread delivers a handle's queue at a time, in order, and
//!   keeps it while the callback it runs is running, so a handle's notifications never overtake
//!   each other. Notes queued meanwhile are delivered by that thread once the callback returns.
//! - HANDLE_CLOSING last. It is queued last and delivered last: it also waits for the handle's
//!   running callbacks and for its children's own HANDLE_CLOSING (children before parents).
//!   Once it has been delivered the node is freed.
//! - No callback under the lock. The session lock is released around every callback, and a
//!   thread that is already inside one of a session's status callbacks never delivers that
//!   session's notes: it leaves the queue to the thread that is, so callbacks do not nest.
//! - The handoff. The notes an API call queues for its own thread (`on_caller`) go out on that
//!   thread before the call returns. When another thread owns the handle's queue (it runs a
//!   callback for the handle, or is on its way back from one), the caller waits for the owner
//!   to hand the queue over before the next such note; it gives up when the owner starts a
//!   callback for another note, or after [`HANDOFF_WAIT`], so that a callback that blocks
//!   until the call returns cannot deadlock it (its notes then follow that callback on the
//!   owner's thread).
//!
//! # The lock order
//!
//! rinet's locks, in the order in which they may be taken: a thread holding one may take only
//! locks further down the list.
//!
//! 1. A driven session's poller (`Shared::driven`). It is held for a whole turn of the loop,
//!    the callbacks that turn runs included, so it is only ever taken with `try_lock`
//!    (rinet_session_process on another thread, or inside a callback, returns at once); a
//!    callback of one driven session may so hold it while turning another.
//! 2. A session's state lock (`Shared::state`, with its condition variable `Shared::cond`, whose
//!    waits release it). At most one session's at a time: no code path holds two.
//! 3. Process-wide leaves, taken with a session's lock held or with none, and each alone: none
//!    is held while any other lock (a session's included) is taken:
//!    - [`COOKIES`](super::COOKIES), the cookie jar;
//!    - `BASIC_CREDENTIALS` in follow.rs, the Basic credentials servers accepted;
//!    - `NAMES` in resolve.rs, the cache of resolved names;
//!    - the rustls settings cache of `tls::client_config` (released while settings are built);
//!    - `TABLE` in ffi/handles.rs, the handle table (the release hook takes it under the
//!      session lock, when rinet closes a handle the application never received);
//!    - `SINK` in trace.rs and `TRACE_FN` in ffi/info.rs, read and released before a trace line
//!      is written.
//! 4. Leaves taken with no other lock held: a session's thread bookkeeping (`Shared::thread`,
//!    `Shared::reactor_thread`), the NULL handle's settings (`GLOBAL` in ffi/options.rs,
//!    `PRECONFIGURED` in ffi/per_conn.rs) and the last response information posted for other
//!    threads (`POSTED` in ffi/info.rs).
//!
//! No lock is held while a status callback or the trace callback runs, except a driven
//! session's poller (1). A callback may call rinet, and the C boundary's delivery itself looks
//! the handle up and takes the session lock (to record the last response information), so a
//! callback run under the session lock or the handle table would deadlock. Trace lines are
//! produced under the session lock, where the events happen, but reach the trace callback only
//! once their thread holds no lock: the state lock's [`Guard`] counts itself as a lock its
//! thread holds (`trace::Held`), the lines a thread produces while it holds one wait in that
//! thread's queue, and the thread writes them, in order, when it releases the last (before a
//! condition-variable wait too). Lines for stderr, which run no application code, are written
//! at once. None of the leaves (3, 4) is held across a trace point; a lock that comes to be
//! must count itself with a `trace::Held` the same way.

use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{engine, status, Guard, HandleId, Info, Kind, Shared, State, LIVE};
use crate::error::Error;

/// How long an API call waits for a callback running for the same handle on another thread,
/// so that the call's own notifications go out on its thread before it returns.
const HANDOFF_WAIT: Duration = Duration::from_millis(250);

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

impl Shared {
    /// True when the current thread is inside one of this session's status callbacks.
    pub fn in_callback(&self) -> bool {
        let key = self as *const Shared as usize;
        IN_CALLBACK.with(|v| v.borrow().contains(&key))
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
    pub(super) fn deliver_handle<'a>(
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
            st = self.wait(st, Some(deadline - now));
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
            st = self.wait(st, None);
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
