// SPDX-License-Identifier: MIT OR Apache-2.0
//! Moving a request along: readiness events and timeouts, the driving loop over the phases,
//! the early answer during an upload, retry on a fresh connection, failure and cancellation,
//! and the synchronous caller who waits on its own socket.

use std::time::Instant;

use mio::Token;

use crate::error::Error;
use crate::http::response::{self, Next, DEFAULT_MAX_HEAD};
use crate::reactor::conn::{ConnId, Fill};
use crate::reactor::tls::io_error_code as from_io;
use crate::reactor::{resolve, status, HandleId, Info, Shared, State};

use super::api::guarded;
use super::body::{announce_close, drive_body, drive_drain, drop_conn, end_drain};
use super::connect::{
    begin_tls, begin_tunnel, connect_next, drive_tunnel, enter_gate, serve_waiters, start,
};
use super::explain::{early_text, explain, explain_h, explain_io, trace_conn, trace_tls};
use super::head::read_head;
use super::{text, Op, Phase, MAX_INTERIM};

/// An API call on `h` panicked half way: withdraw whatever it started (no REQUEST_COMPLETE will
/// follow, since the call returned an error), drop the connection, and leave the request failed
/// but usable for a new send.
pub fn unwind(sh: &Shared, st: &mut State, h: HandleId) {
    abandon(st, h);
    drop_conn(sh, st, h, false);
    if let Some(req) = st.req(h) {
        req.enter(h, Phase::Failed);
        req.gen += 1;
    }
}

thread_local! {
    /// This thread's eventfd for being woken out of poll() while it waits on a synchronous
    /// request (made once per thread).
    static WAKE_FD: Option<std::sync::Arc<std::os::fd::OwnedFd>> = {
        use std::os::fd::{FromRawFd, OwnedFd};
        // SAFETY: eventfd returns a new descriptor (or -1), which OwnedFd then owns.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        // SAFETY: `fd` is a fresh descriptor nothing else owns.
        (fd >= 0).then(|| std::sync::Arc::new(unsafe { OwnedFd::from_raw_fd(fd) }))
    };
}

/// Sync sessions: what the caller blocked on request `h` can wait for itself, instead of
/// waiting for the reactor thread to be woken and to wake it in turn: (socket, poll events,
/// timeout in ms or -1, wake eventfd). None when the request is not waiting on its socket. The
/// caller holds its own reference to the eventfd, so it stays open while the caller polls.
pub fn sync_wait_target(
    st: &mut State,
    h: HandleId,
) -> Option<(i32, i16, i32, std::sync::Arc<std::os::fd::OwnedFd>)> {
    use std::os::fd::AsRawFd;
    let req = st.req(h)?;
    let cid = req.conn?;
    let (phase, writing, tunnel_writing) = (
        req.phase,
        matches!(req.op, Some(Op::Write { .. })),
        req.tunnel_off < req.tunnel_out.len(),
    );
    let deadline = req.deadline;
    let wake = WAKE_FD.with(|w| w.clone())?;
    req.wake_fd = Some(wake.clone());
    let conn = st.conns.get(cid)?;
    let wants_write = conn.tls.as_ref().is_some_and(|t| t.wants_write());
    let events = match phase {
        Phase::Connecting | Phase::SendingHead => libc::POLLOUT,
        Phase::Handshaking => libc::POLLIN | if wants_write { libc::POLLOUT } else { 0 },
        Phase::Tunnel if tunnel_writing => libc::POLLOUT,
        Phase::Tunnel | Phase::AwaitHead | Phase::Body | Phase::Draining => libc::POLLIN,
        Phase::HeadSent if writing => libc::POLLOUT | libc::POLLIN,
        _ => return None,
    };
    conn.caller_driven = true;
    let timeout = match deadline {
        None => -1,
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now());
            left.as_millis().min(i32::MAX as u128 - 1) as i32
                + i32::from(left.subsec_micros() % 1000 != 0)
        }
    };
    Some((conn.stream.as_raw_fd(), events, timeout, wake))
}

/// Sync sessions: the blocked caller woke from poll(): hand the socket back to the reactor,
/// then run the request's timer if it expired, or drive it.
pub fn sync_after_wait(sh: &Shared, st: &mut State, h: HandleId, woken: bool) {
    use std::os::fd::AsRawFd;
    let Some(req) = st.req(h) else {
        return;
    };
    if let Some(fd) = req.wake_fd.take() {
        if woken {
            let mut v = 0u64;
            // SAFETY: reading 8 bytes from this thread's non-blocking eventfd into a u64.
            unsafe { libc::read(fd.as_raw_fd(), &mut v as *mut u64 as *mut libc::c_void, 8) };
        }
    }
    let expired = req.deadline.is_some_and(|d| d <= Instant::now());
    if let Some(conn) = req.conn.and_then(|c| st.conns.get(c)) {
        conn.caller_driven = false;
    }
    if expired {
        guarded(sh, st, h, on_timeout);
    } else {
        guarded(sh, st, h, drive);
    }
    serve_waiters(sh, st);
}

/// Sync sessions: wake the caller of `h` if it waits in poll() (its operation completed or was
/// cancelled from elsewhere).
pub fn sync_wake(st: &mut State, h: HandleId) {
    use std::os::fd::AsRawFd;
    if let Some(fd) = st.req(h).and_then(|r| r.wake_fd.as_ref()) {
        let one = 1u64;
        // SAFETY: writing 8 bytes to our own eventfd.
        unsafe { libc::write(fd.as_raw_fd(), &one as *const u64 as *const libc::c_void, 8) };
    }
}

/// Withdraw the pending operation of `h` without completing it (a synchronous call made from
/// inside a callback must not wait). Returns the bytes a read had already copied.
pub fn abandon(st: &mut State, h: HandleId) -> Option<u32> {
    st.disarm_timer(h);
    let req = st.req(h)?;
    match req.op.take()? {
        Op::Read { filled, .. } => Some(filled as u32),
        _ => Some(0),
    }
}

/// Which request a readiness event is for. Idle pooled connections are checked here and
/// closed if the server closed them or sent something unasked.
pub fn on_event(sh: &Shared, st: &mut State, token: Token) -> Option<HandleId> {
    let (cid, conn) = st.conns.by_token(token)?;
    if conn.caller_driven {
        // A synchronous caller is waiting on this socket itself and will drive the request.
        return None;
    }
    match conn.owner {
        Some(h) => Some(h),
        None => {
            if !conn.idle_alive() {
                let why = "the server closed it while it was idle";
                st.conns.close_unused(&sh.registry, cid, why);
                serve_waiters(sh, st);
            }
            None
        }
    }
}

/// A timer of request `h` expired.
pub fn on_timeout(sh: &Shared, st: &mut State, h: HandleId) {
    let timeouts = st.nodes.get(&h).map(|n| n.timeouts).unwrap_or_default();
    if st.req(h).is_some_and(|r| r.phase == Phase::Draining) {
        // The rest of the last body did not come: send on a new connection instead.
        end_drain(sh, st, h, false);
        return;
    }
    let Some(req) = st.req(h) else {
        return;
    };
    if req.op.is_some() || matches!(req.phase, Phase::Resolving | Phase::Connecting) {
        let (ms, which) = match req.phase {
            Phase::Gate | Phase::SendingHead | Phase::HeadSent => (timeouts.send, "send"),
            Phase::AwaitHead | Phase::Body => (timeouts.receive, "receive"),
            _ => (timeouts.connect, "connect"),
        };
        let why = format!(
            "Timed out after {ms} ms while {} (the {which} timeout)",
            req.activity()
        );
        fail_because(sh, st, h, Error::Timeout, why);
    }
}

/// [`fail`], with the failure's detail in words.
pub(super) fn fail_because(sh: &Shared, st: &mut State, h: HandleId, err: Error, why: String) {
    explain_h(st, h, err, why);
    fail(sh, st, h, err);
}

/// Fail with a socket (or TLS) error met while doing what the request's phase does.
pub(super) fn fail_io(sh: &Shared, st: &mut State, h: HandleId, e: &std::io::Error) {
    let err = st.req(h).map_or(from_io(e), |req| explain_io(req, h, e));
    fail(sh, st, h, err);
}

/// Fail with a TLS failure (setting up or during the handshake).
pub(super) fn fail_tls(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    e: &crate::reactor::tls::TlsError,
) {
    crate::trace!(2, "request {h:#x}: TLS handshake failed: {e}");
    let why = st.req(h).map_or_else(String::new, |r| {
        format!(
            "TLS handshake with {} port {} failed: {}",
            r.server.host,
            r.server.port,
            crate::reactor::tls::explain(e)
        )
    });
    fail_because(sh, st, h, crate::reactor::tls::error_code(e), why);
}

/// The request failed: drop its connection and complete its pending operation with `err`.
pub fn fail(sh: &Shared, st: &mut State, h: HandleId, err: Error) {
    if let Some(req) = st.req(h) {
        if req.detail.as_ref().map(|d| d.0) != Some(err) {
            explain(req, h, err, crate::error::message(err.code()).to_string());
        }
    }
    drop_conn(sh, st, h, false);
    st.disarm_timer(h);
    let Some(req) = st.req(h) else {
        return;
    };
    if req.phase != Phase::Body {
        req.enter(h, Phase::Failed);
    }
    // The error stays: every later read or query reports it, so a body cut short never looks
    // like a clean end.
    req.error = Some(err);
    match req.op {
        // A read that had already copied bytes delivers them; the error comes with the next.
        Some(Op::Read { filled, out, .. }) if filled > 0 => {
            out.set(filled as u32);
            st.push(
                h,
                status::RESPONSE_RECEIVED,
                Info::Dword(filled as u32),
                false,
            );
            sh.complete(st, h, Ok(0), false);
        }
        Some(_) => sh.complete(st, h, Err(err), false),
        None => {}
    }
}

/// The handle is being closed: cancel its pending operation (REQUEST_COMPLETE with
/// ERROR_INTERNET_OPERATION_CANCELLED) and close its connection.
pub fn cancel(sh: &Shared, st: &mut State, h: HandleId) {
    st.disarm_timer(h);
    let Some(req) = st.req(h) else {
        return;
    };
    req.gen += 1;
    let pending = req.op.is_some();
    let connected = req.conn.is_some() && !matches!(req.phase, Phase::Connecting);
    // The closer decides whose thread these notes are for (st.api_call, set by close_locked).
    if pending {
        let why = format!("The handle was closed while {}", req.activity());
        explain(req, h, Error::OperationCancelled, why);
        let on_caller = st.api_call;
        sh.complete(st, h, Err(Error::OperationCancelled), on_caller);
    }
    drop_conn(sh, st, h, connected);
    announce_close(st, h);
    if let Some(req) = st.req(h) {
        if pending {
            req.enter(h, Phase::Failed);
        } else {
            // Nothing failed: the handle goes, as its HANDLE_CLOSING line says.
            req.phase = Phase::Failed;
        }
    }
}

/// A request lost a reused keep-alive connection before any response byte: send again on a
/// fresh one. Returns false when that is not possible.
pub(super) fn retry_fresh(sh: &Shared, st: &mut State, h: HandleId) -> bool {
    let Some(req) = st.req(h) else {
        return false;
    };
    let replayable = matches!(req.op, Some(Op::Send))
        || (matches!(req.op, Some(Op::SendEx)) && req.phase == Phase::SendingHead);
    if !req.reused || req.retried || req.got_bytes || !replayable {
        return false;
    }
    req.retried = true;
    req.reused = false;
    crate::trace!(
        2,
        "request {h:#x}: the server closed the reused connection; sending again on a new one"
    );
    req.out_off = 0;
    let head_len = std::mem::take(&mut req.head_len);
    req.out.drain(..head_len);
    drop_conn(sh, st, h, false);
    start(sh, st, h);
    true
}

/// Advance request `h` as far as its socket allows.
pub fn drive(sh: &Shared, st: &mut State, h: HandleId) {
    #[cfg(feature = "fault-injection")]
    if let Some(fault) = st.req(h).and_then(|r| r.headers.get("X-Rinet-Fault")) {
        let on_reactor = std::thread::current().name() == Some("rinet-reactor");
        if fault == "drive" || (fault == "reactor-drive" && on_reactor) {
            panic!("injected fault in drive");
        }
    }
    loop {
        let Some(req) = st.req(h) else {
            return;
        };
        let Some(cid) = req.conn else {
            return;
        };
        match req.phase {
            Phase::Connecting => {
                let Some(conn) = st.conns.get(cid) else {
                    return;
                };
                let failed = match conn.stream.take_error() {
                    Ok(Some(e)) | Err(e) => Some(e),
                    Ok(None) => match conn.stream.peer_addr() {
                        Ok(_) => None,
                        Err(e) if e.kind() == std::io::ErrorKind::NotConnected => return,
                        Err(e) => Some(e),
                    },
                };
                if let Some(e) = failed {
                    let why = crate::reactor::tls::io_error_text(&e);
                    trace_conn(st, h, cid, || format!("connect failed: {why}"));
                    drop_conn(sh, st, h, false);
                    if let Some(req) = st.req(h) {
                        req.connect_error = Some(why);
                        req.addr_idx += 1;
                    }
                    connect_next(sh, st, h);
                    return;
                }
                let peer = conn.peer;
                let ip = peer.ip().to_string();
                if let Some((host, port)) = st.req(h).map(|r| r.dial_target()) {
                    resolve::answered(&host, port, peer);
                }
                trace_conn(st, h, cid, || "new".to_string());
                st.push(h, status::CONNECTED_TO_SERVER, text(&ip), false);
                let Some(req) = st.req(h) else {
                    return;
                };
                if !req.server.secure {
                    enter_gate(sh, st, h, false);
                    return;
                }
                if req.via.is_some() {
                    begin_tunnel(st, h);
                    continue;
                }
                if !begin_tls(sh, st, h, cid) {
                    return;
                }
            }
            Phase::Tunnel => {
                if !drive_tunnel(sh, st, h, cid) {
                    return;
                }
            }
            Phase::Handshaking => {
                let Some(conn) = st.conns.get(cid) else {
                    return;
                };
                let Some(tls) = conn.tls.as_mut() else {
                    return;
                };
                match tls.handshake(&mut conn.stream) {
                    Ok(true) => {
                        let session = tls.session();
                        let bits = session.negotiated_cipher_suite().map_or(0, |s| {
                            crate::reactor::cert::cipher_bits(&format!("{:?}", s.suite()))
                        });
                        let cert = session
                            .peer_certificates()
                            .and_then(|certs| certs.first())
                            .and_then(|der| crate::reactor::cert::parse(der, bits))
                            .map(std::sync::Arc::new);
                        let session = crate::trace::on(2).then(|| tls.session_text());
                        conn.cert = cert.clone();
                        if let Some(session) = session {
                            trace_tls(st, h, cid, session, cert.as_deref());
                        }
                        if let Some(req) = st.req(h) {
                            req.cert = cert;
                        }
                        enter_gate(sh, st, h, false);
                        return;
                    }
                    Ok(false) => return,
                    Err(e) => {
                        fail_tls(sh, st, h, &e);
                        return;
                    }
                }
            }
            Phase::SendingHead => {
                let State { nodes, conns, .. } = &mut *st;
                let req = nodes
                    .get_mut(&h)
                    .and_then(crate::reactor::Node::request)
                    .expect("checked above");
                let Some(conn) = conns.get(cid) else {
                    return;
                };
                match conn.write_some(&req.out[req.out_off..]) {
                    Ok(n) => req.out_off += n,
                    Err(e) => {
                        if !retry_fresh(sh, st, h) {
                            fail_io(sh, st, h, &e);
                        }
                        return;
                    }
                }
                if req.out_off < req.out.len() {
                    return;
                }
                let sent = req.out.len() as u32;
                let is_ex = matches!(req.op, Some(Op::SendEx));
                st.push(h, status::REQUEST_SENT, Info::Dword(sent), false);
                st.disarm_timer(h);
                let req = st.req(h).expect("checked above");
                if is_ex {
                    req.enter(h, Phase::HeadSent);
                    req.out = Vec::new();
                    sh.complete(st, h, Ok(0), false);
                    return;
                }
                req.enter(h, Phase::AwaitHead);
                st.push(h, status::RECEIVING_RESPONSE, Info::None, false);
                let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.receive);
                st.arm_timer(h, timeout);
                if !sh.is_async {
                    // The answer cannot be there yet: the blocked caller polls the socket
                    // (level-triggered) rather than trying a read that would not block.
                    return;
                }
            }
            Phase::HeadSent => {
                if probe_early(st, h, cid) {
                    if let Some(req) = st.req(h) {
                        if matches!(req.op, Some(Op::Write { .. })) {
                            let why = early_text(req);
                            explain(req, h, Error::ConnectionAborted, why);
                            st.disarm_timer(h);
                            sh.complete(st, h, Err(Error::ConnectionAborted), false);
                        }
                    }
                    return;
                }
                let State { nodes, conns, .. } = &mut *st;
                let req = nodes
                    .get_mut(&h)
                    .and_then(crate::reactor::Node::request)
                    .expect("checked above");
                let Some(Op::Write { buf, done, out }) = &mut req.op else {
                    return;
                };
                let Some(conn) = conns.get(cid) else {
                    return;
                };
                match conn.write_some(buf.tail(*done)) {
                    Ok(n) => {
                        *done += n;
                        req.written += n as u64;
                    }
                    Err(e) => {
                        req.early = true;
                        let err = explain_io(req, h, &e);
                        st.disarm_timer(h);
                        sh.complete(st, h, Err(err), false);
                        return;
                    }
                }
                if *done < buf.len() {
                    return;
                }
                let (len, out) = (buf.len(), *out);
                out.set(len as u32);
                st.disarm_timer(h);
                st.push(h, status::REQUEST_SENT, Info::Dword(len as u32), false);
                sh.complete(st, h, Ok(0), false);
                return;
            }
            Phase::AwaitHead => {
                if !read_head(sh, st, h, cid) {
                    return;
                }
            }
            Phase::Body => {
                drive_body(sh, st, h);
                return;
            }
            Phase::Draining => {
                drive_drain(sh, st, h, cid);
                return;
            }
            Phase::Idle | Phase::Waiting | Phase::Resolving | Phase::Gate | Phase::Failed => return,
        }
    }
}

/// During an upload: has the server sent something (other than an interim 1xx) or hung up?
/// Then the upload is over early; the bytes stay buffered for end_request.
fn probe_early(st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let Some(req) = st.req(h) else {
        return false;
    };
    if req.early {
        return true;
    }
    let early = loop {
        let State { nodes, conns, .. } = &mut *st;
        let (Some(req), Some(conn)) = (
            nodes.get_mut(&h).and_then(crate::reactor::Node::request),
            conns.get(cid),
        ) else {
            return false;
        };
        match conn.fill(DEFAULT_MAX_HEAD) {
            Ok(Fill::Got(0)) | Ok(Fill::WouldBlock) => break false,
            Ok(Fill::Got(_)) => {}
            Ok(Fill::Eof) | Err(_) => break true,
        }
        match response::next(conn.pending(), DEFAULT_MAX_HEAD, req.interim > 0) {
            Ok(Next::Head(head, n)) if head.is_interim() => {
                conn.consume(n);
                req.interim += 1;
                if req.interim > MAX_INTERIM {
                    break true;
                }
            }
            Ok(Next::Junk(n)) => {
                conn.consume(n);
                req.junk += n;
                if req.junk > DEFAULT_MAX_HEAD {
                    break true;
                }
            }
            // Nothing yet, or an interim response still arriving ("HTTP/1.1 100 Continue"
            // and no more): the server is not answering yet, the upload goes on.
            Ok(Next::Need)
                if conn.pending().is_empty() || response::begins_interim(conn.pending()) => {}
            _ => break true,
        }
    };
    if early {
        if let Some(req) = st.req(h) {
            req.early = true;
        }
    }
    early
}
