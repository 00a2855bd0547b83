// SPDX-License-Identifier: MIT OR Apache-2.0
//! The response body: filling the caller's buffer (decoded or not), what is available now, the
//! end of the body and the connection's return to the pool or its close, and the drain of an
//! unread body before a new send on the same connection.

use crate::error::Error;
use crate::http::response::{ResponseHead, DEFAULT_MAX_HEAD};
use crate::http::{BodyDecoder, BodyError, Framing, Step};
use crate::reactor::conn::{ConnId, Fill};
use crate::reactor::{status, HandleId, Info, Shared, State};

use super::connect::start_inner;
use super::drive::fail;
use super::explain::{explain_body, explain_decoding, explain_io, gone, trace_conn};
use super::{Lent, Op, Request};

/// The most bytes of an unread response body rinet reads and drops to send again on the same
/// connection. A larger remainder (by its Content-Length, or as read of a chunked body) costs
/// a new connection instead.
const DRAIN_MAX: u64 = 64 * 1024;

/// Can the unread rest of the last response's body be drained from its connection? Its end
/// must be known (Content-Length or chunked, not the close), the connection kept alive, and a
/// known remainder at most [`DRAIN_MAX`] bytes.
pub(super) fn drainable(req: &Request) -> bool {
    let keep = req.resp.as_ref().is_some_and(ResponseHead::keep_alive);
    keep && !req.early
        && !req.decoder.is_close_delimited()
        && req.decoder.remaining().is_none_or(|n| n <= DRAIN_MAX)
}

/// Read and drop what the socket has of the unread body; at its end, send on the connection.
pub(super) fn drive_drain(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) {
    loop {
        let State { nodes, conns, .. } = &mut *st;
        let Some(req) = nodes.get_mut(&h).and_then(crate::reactor::Node::request) else {
            return;
        };
        let Some(conn) = conns.get(cid) else {
            return end_drain(sh, st, h, false);
        };
        let step = req.decoder.step(conn.pending());
        let eaten = match step {
            Ok(Step::Data { skip, len }) => {
                conn.consume(skip + len);
                req.decoder.consume(len);
                skip + len
            }
            Ok(Step::Done { skip }) => {
                conn.consume(skip);
                let clean = !conn.eof && conn.rpos == conn.rend;
                return end_drain(sh, st, h, clean);
            }
            Ok(Step::Need { skip }) => {
                conn.consume(skip);
                match conn.fill(DEFAULT_MAX_HEAD) {
                    Ok(Fill::Got(_)) => skip,
                    Ok(Fill::WouldBlock) => return,
                    Ok(Fill::Eof) | Err(_) => return end_drain(sh, st, h, false),
                }
            }
            Err(_) => return end_drain(sh, st, h, false),
        };
        req.drained += eaten as u64;
        if req.drained > DRAIN_MAX {
            return end_drain(sh, st, h, false);
        }
    }
}

/// The drain is over: with `reusable`, the connection goes back to the pool, where the send
/// takes it at once (no new connection, no notification); otherwise it is closed
/// (CLOSING_CONNECTION, CONNECTION_CLOSED) and the send opens a new one.
pub(super) fn end_drain(sh: &Shared, st: &mut State, h: HandleId, reusable: bool) {
    st.disarm_timer(h);
    let Some(req) = st.req(h) else {
        return;
    };
    req.drain = false;
    req.decoder = BodyDecoder::new(Framing::None);
    crate::trace!(
        2,
        "request {h:#x}: drained {} bytes of the last body; {}",
        req.drained,
        if reusable {
            "reusing the connection"
        } else {
            "closing the connection"
        }
    );
    if reusable {
        if let Some(cid) = req.conn.take() {
            st.conns.release(cid);
        }
    } else {
        drop_conn(sh, st, h, true);
    }
    start_inner(sh, st, h, false);
}

/// Body bytes decodable from what is buffered now, without consuming them.
fn buffered_body(st: &mut State, h: HandleId) -> Result<u64, Error> {
    let State { nodes, conns, .. } = st;
    let req = nodes
        .get_mut(&h)
        .and_then(crate::reactor::Node::request)
        .ok_or(Error::InvalidHandle)?;
    if req.coder.is_some() {
        return Ok((req.staged.len() - req.staged_pos) as u64);
    }
    let Some(conn) = req.conn.and_then(|c| conns.get(c)) else {
        return Ok(0);
    };
    let mut dec = req.decoder;
    let mut input = conn.pending();
    let mut total = 0u64;
    loop {
        match dec.step(input).map_err(|e| explain_body(req, h, e))? {
            Step::Data { skip, len } => {
                total += len as u64;
                dec.consume(len);
                input = &input[skip + len..];
            }
            Step::Need { .. } | Step::Done { .. } => return Ok(total),
        }
    }
}

/// Some(count) when body bytes are buffered or the body is over (0); None when the caller
/// must wait. Reads the socket once if nothing is buffered.
pub(super) fn poll_available(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
) -> Result<Option<u32>, Error> {
    loop {
        let n = buffered_body(st, h)?;
        if n > 0 {
            return Ok(Some(n.min(u32::MAX as u64) as u32));
        }
        let req = st.req(h).ok_or(Error::InvalidHandle)?;
        if req.body_done {
            announce_close(st, h);
            return Ok(Some(0));
        }
        // Read the socket (and let the decoder eat pure framing, so that the end of the body
        // is noticed). Full means body bytes are buffered now: count them.
        let mut none = 0;
        match fill(sh, st, h, Lent::NONE, &mut none)? {
            Filled::End => return Ok(Some(0)),
            Filled::Full => continue,
            Filled::Blocked => return Ok(None),
        }
    }
}

/// What a fill attempt reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filled {
    /// The buffer is full.
    Full,
    /// The body ended.
    End,
    /// The socket has nothing more now.
    Blocked,
}

pub(super) fn body_error(e: BodyError) -> Error {
    match e {
        BodyError::Truncated => Error::ConnectionAborted,
        _ => Error::InvalidServerResponse,
    }
}

/// Copy body bytes into `buf` from `*filled` on, reading the socket as needed (straight into the
/// caller's buffer when nothing is buffered and the framing allows). With `len` 0, only eats
/// framing so that the end of the body is noticed. A call that meets the end with nothing to
/// give (`*filled` still 0) tells a close the response asked for ([`announce_close`]).
pub(super) fn fill(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    buf: Lent,
    filled: &mut usize,
) -> Result<Filled, Error> {
    let r = if st.req(h).is_some_and(|r| r.coder.is_some()) {
        fill_decoded(sh, st, h, buf, filled)
    } else {
        fill_raw(sh, st, h, buf, filled)
    };
    if matches!(r, Ok(Filled::End)) && *filled == 0 {
        announce_close(st, h);
    }
    r
}

/// [`fill`] for a body that is not being decoded.
fn fill_raw(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    mut buf: Lent,
    filled: &mut usize,
) -> Result<Filled, Error> {
    let len = buf.len();
    loop {
        let State { nodes, conns, .. } = &mut *st;
        let req = nodes
            .get_mut(&h)
            .and_then(crate::reactor::Node::request)
            .ok_or(Error::InvalidHandle)?;
        if req.body_done {
            return Ok(Filled::End);
        }
        let Some(conn) = req.conn.and_then(|c| conns.get(c)) else {
            return Err(gone(req, h));
        };
        let step = req
            .decoder
            .step(conn.pending())
            .map_err(|e| explain_body(req, h, e))?;
        match step {
            Step::Data { skip, len: avail } => {
                if *filled == len {
                    conn.consume(skip);
                    return Ok(Filled::Full);
                }
                let n = avail.min(len - *filled);
                let start = conn.rpos + skip;
                buf.put(*filled, &conn.rbuf[start..start + n]);
                conn.consume(skip + n);
                req.decoder.consume(n);
                *filled += n;
            }
            Step::Done { skip } => {
                conn.consume(skip);
                finish_body(sh, st, h);
                return Ok(Filled::End);
            }
            Step::Need { skip } => {
                conn.consume(skip);
                if *filled == len && len > 0 {
                    return Ok(Filled::Full);
                }
                let direct = req.decoder.direct_limit();
                let room = len - *filled;
                let r = if conn.rpos == conn.rend && room >= 16 * 1024 && direct > 0 {
                    let n = (room as u64).min(direct) as usize;
                    match conn.read_direct(buf.window(*filled, n)) {
                        Ok(Fill::Got(got)) => {
                            req.decoder.consume(got);
                            *filled += got;
                            continue;
                        }
                        other => other,
                    }
                } else {
                    conn.fill(DEFAULT_MAX_HEAD)
                };
                match r {
                    Ok(Fill::Got(_)) => {}
                    Ok(Fill::WouldBlock) => return Ok(Filled::Blocked),
                    Ok(Fill::Eof) => {
                        req.decoder.eof().map_err(|e| explain_body(req, h, e))?;
                        finish_body(sh, st, h);
                        return Ok(Filled::End);
                    }
                    Err(e) => return Err(explain_io(req, h, &e)),
                }
            }
        }
    }
}

/// Like [`fill`], for a body being decoded: coded bytes are decoded into the request's staging
/// buffer, and the caller's buffer is filled from there. With `len` 0, decodes until some bytes
/// are staged (Full), the body ends (End) or the socket has nothing (Blocked).
fn fill_decoded(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    mut buf: Lent,
    filled: &mut usize,
) -> Result<Filled, Error> {
    const STAGE: usize = 64 * 1024;
    let len = buf.len();
    loop {
        let req = st.req(h).ok_or(Error::InvalidHandle)?;
        let staged = req.staged.len() - req.staged_pos;
        if staged > 0 {
            if len == 0 {
                return Ok(Filled::Full);
            }
            let n = staged.min(len - *filled);
            buf.put(*filled, &req.staged[req.staged_pos..req.staged_pos + n]);
            req.staged_pos += n;
            *filled += n;
            if req.staged_pos == req.staged.len() {
                req.staged.clear();
                req.staged_pos = 0;
            }
            if *filled == len {
                return Ok(Filled::Full);
            }
            continue;
        }
        if req.decoded_done {
            req.body_done = true;
            return Ok(Filled::End);
        }
        if req.raw_done {
            // The coded body is all here: drain what the decoder still holds, then check its end.
            let coder = req.coder.as_mut().expect("decoding");
            req.staged.resize(STAGE, 0);
            let produced = match coder.feed(&[], &mut req.staged) {
                Ok((_, produced)) => produced,
                Err(e) => return Err(explain_decoding(req, h, e)),
            };
            req.staged.truncate(produced);
            if produced == 0 {
                if let Err(e) = coder.finish() {
                    return Err(explain_decoding(req, h, e));
                }
                req.decoded_done = true;
            }
            continue;
        }
        let State { nodes, conns, .. } = &mut *st;
        let req = nodes
            .get_mut(&h)
            .and_then(crate::reactor::Node::request)
            .ok_or(Error::InvalidHandle)?;
        let Some(conn) = req.conn.and_then(|c| conns.get(c)) else {
            return Err(gone(req, h));
        };
        let step = req
            .decoder
            .step(conn.pending())
            .map_err(|e| explain_body(req, h, e))?;
        match step {
            Step::Data { skip, len: avail } => {
                let start = conn.rpos + skip;
                let coder = req.coder.as_mut().expect("decoding");
                req.staged.resize(STAGE, 0);
                let (used, produced) =
                    match coder.feed(&conn.rbuf[start..start + avail], &mut req.staged) {
                        Ok(v) => v,
                        Err(e) => return Err(explain_decoding(req, h, e)),
                    };
                req.staged.truncate(produced);
                conn.consume(skip + used);
                req.decoder.consume(used);
            }
            Step::Done { skip } => {
                conn.consume(skip);
                req.raw_done = true;
                release_conn(sh, st, h);
            }
            Step::Need { skip } => {
                conn.consume(skip);
                match conn.fill(DEFAULT_MAX_HEAD) {
                    Ok(Fill::Got(_)) => {}
                    Ok(Fill::WouldBlock) => return Ok(Filled::Blocked),
                    Ok(Fill::Eof) => {
                        req.decoder.eof().map_err(|e| explain_body(req, h, e))?;
                        req.raw_done = true;
                        release_conn(sh, st, h);
                    }
                    Err(e) => return Err(explain_io(req, h, &e)),
                }
            }
        }
    }
}

/// The body is complete: pool the connection if it can carry another request, else close it.
pub(super) fn finish_body(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    req.body_done = true;
    release_conn(sh, st, h);
}

/// The body's bytes have all been received: pool the connection if it can carry another request,
/// else close it. Which closes are told with CLOSING_CONNECTION and CONNECTION_CLOSED, and when,
/// follows WinInet:
/// - the response asked for the close (`Connection: close`, or HTTP/1.0 without keep-alive):
///   the socket closes now, and the two notifications come when the application meets the
///   end of the body, or when it closes the handle or sends on it again, whichever is first
///   ([`announce_close`]);
/// - the server closed a connection its response allowed to be kept (a body delimited by the
///   close, or a hang-up after a complete body): nothing is told;
/// - rinet gives up a connection that could still carry requests (bytes beyond the response,
///   an early response to an upload): told now.
pub(super) fn release_conn(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    let asked = !req.resp.as_ref().is_some_and(ResponseHead::keep_alive);
    let by_close = req.decoder.is_close_delimited();
    let early = req.early;
    let Some(cid) = req.conn else {
        return;
    };
    let (eof, clean) = st
        .conns
        .get(cid)
        .map_or((true, false), |c| (c.eof, c.rpos == c.rend));
    if !asked && !by_close && !early && clean && !eof {
        if let Some(req) = st.req(h) {
            req.conn = None;
        }
        trace_conn(st, h, cid, || "kept for reuse".to_string());
        st.conns.release(cid);
    } else if early {
        drop_conn(sh, st, h, true);
    } else if asked {
        if let Some(req) = st.req(h) {
            req.close_owed = true;
        }
        drop_conn(sh, st, h, false);
    } else if eof || by_close {
        drop_conn(sh, st, h, false);
    } else {
        drop_conn(sh, st, h, true);
    }
}

/// Tell the close of a connection whose response asked for it (see [`release_conn`]), once:
/// CLOSING_CONNECTION then CONNECTION_CLOSED, for the thread of the call that meets the end.
pub(super) fn announce_close(st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    if !std::mem::take(&mut req.close_owed) {
        return;
    }
    let on_caller = st.api_call;
    st.push(h, status::CLOSING_CONNECTION, Info::None, on_caller);
    st.push(h, status::CONNECTION_CLOSED, Info::None, on_caller);
}

/// Close the request's connection; with `notify`, send CLOSING_CONNECTION and CONNECTION_CLOSED.
pub(super) fn drop_conn(sh: &Shared, st: &mut State, h: HandleId, notify: bool) {
    let Some(cid) = st.req(h).and_then(|r| r.conn.take()) else {
        return;
    };
    let on_caller = st.api_call;
    if notify {
        st.push(h, status::CLOSING_CONNECTION, Info::None, on_caller);
    }
    trace_conn(st, h, cid, || "closed".to_string());
    st.conns.close(&sh.registry, cid);
    if notify {
        st.push(h, status::CONNECTION_CLOSED, Info::None, on_caller);
    }
}

/// Eat whatever of the current response body is already buffered. True when that was all of it
/// (the connection is then ready for the next request).
pub(super) fn discard_buffered(st: &mut State, h: HandleId) -> bool {
    let State { nodes, conns, .. } = st;
    let Some(req) = nodes.get_mut(&h).and_then(crate::reactor::Node::request) else {
        return false;
    };
    let Some(conn) = req.conn.and_then(|c| conns.get(c)) else {
        return false;
    };
    loop {
        match req.decoder.step(conn.pending()) {
            Ok(Step::Data { skip, len }) => {
                conn.consume(skip + len);
                req.decoder.consume(len);
            }
            Ok(Step::Done { skip }) => {
                conn.consume(skip);
                return true;
            }
            Ok(Step::Need { skip }) => {
                conn.consume(skip);
                return false;
            }
            Err(_) => return false,
        }
    }
}

/// Progress a pending body operation (read, no-wait read, or data-available query).
pub(super) fn drive_body(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    match req.op {
        Some(Op::Read { buf, filled, out }) => {
            let mut now = filled;
            let r = fill(sh, st, h, buf, &mut now);
            if let Some(Op::Read { filled, .. }) = st.req(h).and_then(|r| r.op.as_mut()) {
                *filled = now;
            }
            match r {
                Ok(Filled::Blocked) => {}
                Ok(_) => {
                    out.set(now as u32);
                    st.disarm_timer(h);
                    st.push(h, status::RESPONSE_RECEIVED, Info::Dword(now as u32), false);
                    sh.complete(st, h, Ok(0), false);
                }
                Err(e) => {
                    if now > 0 {
                        // Deliver what arrived; the error is reported by the next read.
                        out.set(now as u32);
                        st.disarm_timer(h);
                        drop_conn(sh, st, h, false);
                        if let Some(req) = st.req(h) {
                            req.error = Some(e);
                        }
                        st.push(h, status::RESPONSE_RECEIVED, Info::Dword(now as u32), false);
                        sh.complete(st, h, Ok(0), false);
                    } else {
                        fail(sh, st, h, e);
                    }
                }
            }
        }
        Some(Op::WaitData) | Some(Op::Avail { .. }) => match poll_available(sh, st, h) {
            Ok(None) => {}
            Ok(Some(n)) => {
                let avail_out = match st.req(h).and_then(|r| r.op.as_ref()) {
                    Some(Op::Avail { out }) => Some(*out),
                    _ => None,
                };
                st.disarm_timer(h);
                st.push(h, status::RESPONSE_RECEIVED, Info::Dword(n), false);
                match avail_out {
                    Some(out) => {
                        out.set(n);
                        sh.complete(st, h, Ok(n), false);
                    }
                    None => sh.complete(st, h, Ok(0), false),
                }
            }
            Err(e) => fail(sh, st, h, e),
        },
        _ => {}
    }
}
