// SPDX-License-Identifier: MIT OR Apache-2.0
//! The event loop: a session's poller and one turn of it (readiness, finished name resolutions,
//! expired timers, then delivery of what is due), the reactor thread that turns it until the
//! session is gone, and the entry points of a driven session, whose application turns it from
//! its own thread (rinet_session_process).

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mio::{Events, Poll, Token};

use super::{engine, Shared};

/// Token reserved for the waker.
pub const WAKER: Token = Token(0);

/// The reactor thread: poll, dispatch readiness to requests, run timers and finished name
/// resolutions, deliver what is due, and exit once the session is closed and its tree is empty.
/// The reactor's poller and its event buffer.
pub struct Loop {
    pub(super) poll: Poll,
    pub(super) events: Events,
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
pub(super) fn run(shared: Arc<Shared>, poll: Poll) {
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
