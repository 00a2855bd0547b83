// SPDX-License-Identifier: MIT OR Apache-2.0
//! The entry points the API calls: send_request, send_request_ex, write_file, end_request,
//! read_file and query_data_available, the panic guard around each step, the reset before a
//! new send, and the checks and defaults of the request headers.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::Error;
use crate::http::{BodyDecoder, Framing, HeaderList};
use crate::reactor::{status, HandleId, Info, Shared, State};

use super::body::{announce_close, drainable, drop_conn, fill, poll_available, Filled};
use super::connect::start;
use super::drive::{drive, fail_because};
use super::explain::{early_text, explain, explain_io, trace_conn};
use super::{
    Lent, Op, Out, Phase, Progress, Request, FLAG_KEEP_CONNECTION, FLAG_NO_CACHE_WRITE,
    FLAG_PRAGMA_NOCACHE,
};

/// Run `f` for request `h`; a panic inside fails that request with ERROR_INTERNET_INTERNAL_ERROR
/// and leaves the session running.
pub fn guarded(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    f: impl FnOnce(&Shared, &mut State, HandleId),
) {
    let r = catch_unwind(AssertUnwindSafe(|| f(sh, st, h)));
    if r.is_err() {
        let why = st.req(h).map_or_else(String::new, |r| {
            format!("rinet failed internally (a panic) while {}", r.activity())
        });
        fail_because(sh, st, h, Error::InternalError, why);
    }
}

fn state_err<T>() -> Result<T, Error> {
    Err(Error::IncorrectHandleState)
}

/// Reset a request for a new send: drop an unfinished connection, clear the last response.
fn reset_for_send(sh: &Shared, st: &mut State, h: HandleId) -> Result<(), Error> {
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if req.busy() || !matches!(req.phase, Phase::Idle | Phase::Body | Phase::Failed) {
        return state_err();
    }
    // A close the last response asked for is told before the new send's notifications.
    announce_close(st, h);
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    // The last response's body is unread: a remainder of known length that is small enough is
    // drained and the connection used again, as WinInet does; any other goes with its
    // connection.
    let drain = req.conn.is_some() && req.phase == Phase::Body && drainable(req);
    if !drain {
        if let Some(cid) = req.conn {
            trace_conn(st, h, cid, || {
                "closed (the response was not read to its end)".to_string()
            });
        }
        drop_conn(sh, st, h, true);
    }
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    req.drain = drain;
    req.drained = 0;
    req.resp = None;
    if !drain {
        req.decoder = BodyDecoder::new(Framing::None);
    }
    req.body_done = false;
    req.error = None;
    req.detail = None;
    req.connect_error = None;
    req.reused = false;
    req.retried = false;
    req.got_bytes = false;
    req.written = 0;
    req.declared = None;
    req.interim = 0;
    req.junk = 0;
    req.early = false;
    // Headers rinet computed for the last send are computed again for this one.
    if std::mem::take(&mut req.auto_length) {
        req.headers.remove_all("Content-Length");
    }
    if std::mem::take(&mut req.preauthorized) {
        req.headers.remove_all("Authorization");
    }
    req.basic = None;
    req.cached_creds = None;
    req.coder = None;
    req.staged = Vec::new();
    req.staged_pos = 0;
    req.decoded_done = false;
    req.raw_done = false;
    req.redirects = 0;
    req.auth_tries = 0;
    req.proxy_auth_tries = 0;
    req.gen += 1;
    Ok(())
}

/// Add the headers rinet supplies when the application did not: Host first, as the
/// application's own Host (however it added it) is sent in its place.
fn finish_headers(req: &mut Request, body_len: Option<u64>, decoding: bool) {
    if !req.headers.contains("Host") {
        let host =
            crate::http::request::host_header(&req.server.host, req.server.port, req.server.secure);
        req.headers.push_front("Host", &host);
    }
    if decoding {
        req.headers
            .push_if_absent("Accept-Encoding", crate::http::decode::ACCEPT_ENCODING);
    }
    if !req.agent.is_empty() {
        let agent = req.agent.clone();
        req.headers.push_if_absent("User-Agent", &agent);
    }
    let is_get_or_head =
        req.verb.eq_ignore_ascii_case("GET") || req.verb.eq_ignore_ascii_case("HEAD");
    if let Some(len) = body_len {
        if !req.headers.contains("Transfer-Encoding")
            && (len > 0 || !is_get_or_head)
            && !req.headers.contains("Content-Length")
        {
            req.headers.push("Content-Length", &len.to_string());
            req.auto_length = true;
        }
    }
    if req.flags & FLAG_KEEP_CONNECTION != 0 {
        req.headers.push_if_absent("Connection", "Keep-Alive");
    }
    if req.flags & FLAG_PRAGMA_NOCACHE != 0 {
        req.headers.push_if_absent("Pragma", "no-cache");
    }
    // As in WinInet: NO_CACHE_WRITE asks caches on the way not to keep the answer of anything
    // but a GET (HEAD and custom verbs included); PRAGMA_NOCACHE asks them not to answer from a
    // copy, whatever the verb. RELOAD concerns the local cache, which rinet has not: no header.
    if req.flags & FLAG_NO_CACHE_WRITE != 0 && !req.verb.eq_ignore_ascii_case("GET") {
        req.headers.push_if_absent("Cache-Control", "no-cache");
    }
}

fn apply_headers(req: &mut Request, headers: &[u8]) -> Result<(), Error> {
    if headers.is_empty() {
        return Ok(());
    }
    use crate::http::headers::{ADD, REPLACE};
    req.headers
        .apply_block(headers, ADD | REPLACE)
        .map_err(header_error)
}

fn header_error(e: crate::http::HeaderError) -> Error {
    match e {
        crate::http::HeaderError::Invalid => Error::InvalidParameter,
        crate::http::HeaderError::AlreadyExists => Error::HeaderAlreadyExists,
        crate::http::HeaderError::NotFound => Error::HeaderNotFound,
    }
}

/// Refuse a send's extra headers that cannot be merged (87: a malformed line, an empty value)
/// before the request is touched: the last response stays as it was, and nothing is sent.
fn check_headers(headers: &[u8]) -> Result<(), Error> {
    if headers.is_empty() {
        return Ok(());
    }
    use crate::http::headers::{ADD, REPLACE};
    HeaderList::new()
        .apply_block(headers, ADD | REPLACE)
        .map_err(header_error)
}

/// send_request: queue the head and body, connect (or reuse a pooled connection), and pend
/// until the response head arrives.
pub fn send_request(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    headers: &[u8],
    body: &[u8],
) -> Result<Progress, Error> {
    check_headers(headers)?;
    reset_for_send(sh, st, h)?;
    let decoding = st.nodes.get(&h).is_some_and(|n| n.opts.decoding);
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    apply_headers(req, headers)?;
    finish_headers(req, Some(body.len() as u64), decoding);
    begin_send(sh, st, h, body, Some(body.len() as u64), Op::Send)
}

/// The common end of send_request and send_request_ex: keep the body bytes given up front
/// (the head is serialized at the gate), record the upload's length, and start the network part.
fn begin_send(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    body: &[u8],
    declared: Option<u64>,
    op: Op,
) -> Result<Progress, Error> {
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    req.out = body.to_vec();
    req.head_len = 0;
    req.out_off = 0;
    req.declared = declared;
    req.written = body.len() as u64;
    req.sent_ex = matches!(op, Op::SendEx);
    req.op = Some(op);
    start(sh, st, h);
    Ok(Progress::Pending)
}

/// send_request_ex: send the head and the initial bytes; pend until they are on the wire.
pub fn send_request_ex(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    headers: &[u8],
    initial: &[u8],
    total: u32,
) -> Result<Progress, Error> {
    check_headers(headers)?;
    reset_for_send(sh, st, h)?;
    let decoding = st.nodes.get(&h).is_some_and(|n| n.opts.decoding);
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    apply_headers(req, headers)?;
    let declared = if total > 0 {
        Some(total as u64)
    } else if let Some(cl) = req.headers.get("Content-Length") {
        Some(
            cl.trim()
                .parse::<u64>()
                .map_err(|_| Error::InvalidParameter)?,
        )
    } else if req.headers.contains("Transfer-Encoding") {
        None
    } else {
        Some(0)
    };
    if declared.is_some_and(|d| initial.len() as u64 > d) {
        return Err(Error::InvalidParameter);
    }
    finish_headers(req, declared, decoding);
    begin_send(sh, st, h, initial, declared, Op::SendEx)
}

/// write_file: write at once if the socket takes everything; otherwise keep the caller's buffer
/// and pend until the rest is written.
pub fn write_file(
    _sh: &Shared,
    st: &mut State,
    h: HandleId,
    buf: Lent,
    out: Out,
) -> Result<Progress, Error> {
    let on_caller = st.api_call;
    let len = buf.len();
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if req.busy() || req.phase != Phase::HeadSent {
        return state_err();
    }
    if req.declared.is_some_and(|d| req.written + len as u64 > d) {
        return Err(Error::InvalidParameter);
    }
    if req.early {
        let why = early_text(req);
        return Err(explain(req, h, Error::ConnectionAborted, why));
    }
    let Some(cid) = req.conn else {
        return state_err();
    };
    st.push(h, status::SENDING_REQUEST, Info::None, on_caller);
    if len == 0 {
        st.push(h, status::REQUEST_SENT, Info::Dword(0), on_caller);
        return Ok(Progress::Done(0));
    }
    let conn = st.conns.get(cid).ok_or(Error::ConnectionAborted)?;
    let n = match conn.write_some(buf.tail(0)) {
        Ok(n) => n,
        Err(e) => {
            // The server stopped reading: it may have answered already (say, 413). Keep the
            // connection so that end_request can still read that answer.
            let req = st.req(h).ok_or(Error::InvalidHandle)?;
            req.early = true;
            return Err(explain_io(req, h, &e));
        }
    };
    let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.send);
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    req.written += n as u64;
    if n == len {
        st.push(h, status::REQUEST_SENT, Info::Dword(len as u32), on_caller);
        return Ok(Progress::Done(len as u32));
    }
    req.op = Some(Op::Write { buf, done: n, out });
    st.arm_timer(h, timeout);
    Ok(Progress::Pending)
}

/// end_request: the upload is complete; pend until the response head arrives.
pub fn end_request(sh: &Shared, st: &mut State, h: HandleId) -> Result<Progress, Error> {
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if !req.busy() && req.phase == Phase::Failed && req.sent_ex {
        // send_request_ex failed (say, the name did not resolve): as in WinInet, end_request
        // pends and completes with ERROR_INTERNET_OPERATION_CANCELLED.
        req.sent_ex = false;
        req.op = Some(Op::End);
        let before = req.error.map_or_else(String::new, |e| req.failure_text(e));
        let why = format!("HttpSendRequestEx had failed: {before}");
        explain(req, h, Error::OperationCancelled, why);
        sh.complete(st, h, Err(Error::OperationCancelled), false);
        return Ok(Progress::Pending);
    }
    if req.busy() || req.phase != Phase::HeadSent {
        return state_err();
    }
    if !req.early && req.declared.is_some_and(|d| req.written < d) {
        return state_err();
    }
    req.sent_ex = false;
    req.enter(h, Phase::AwaitHead);
    req.op = Some(Op::End);
    st.push(h, status::RECEIVING_RESPONSE, Info::None, false);
    let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.receive);
    st.arm_timer(h, timeout);
    drive(sh, st, h);
    Ok(Progress::Pending)
}

/// How a read call behaves when nothing is buffered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// Fill the whole buffer (or reach the end of the body) before completing.
    Fill,
    /// Return what is buffered; if nothing, pend until data arrives and write nothing then.
    NoWait,
}

/// read_file / read_file_ex: copy buffered body bytes; read the socket; pend if needed.
pub fn read_file(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    buf: Lent,
    out: Out,
    mode: ReadMode,
) -> Result<Progress, Error> {
    let on_caller = st.api_call;
    let len = buf.len();
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if req.busy() || req.phase != Phase::Body {
        return state_err();
    }
    if let Some(e) = req.error {
        return Err(e);
    }
    if req.body_done {
        // The application meets the end of the body.
        announce_close(st, h);
        return Ok(Progress::Done(0));
    }
    if len == 0 {
        return Ok(Progress::Done(0));
    }
    let mut filled = 0;
    let outcome = fill(sh, st, h, buf, &mut filled);
    match outcome {
        Err(e) if filled == 0 => Err(e),
        Err(e) => {
            if let Some(req) = st.req(h) {
                req.error = Some(e);
            }
            Ok(Progress::Done(filled as u32))
        }
        Ok(Filled::Full) | Ok(Filled::End) => Ok(Progress::Done(filled as u32)),
        Ok(Filled::Blocked) if mode == ReadMode::NoWait && filled > 0 => {
            Ok(Progress::Done(filled as u32))
        }
        Ok(Filled::Blocked) => {
            let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.receive);
            let req = st.req(h).ok_or(Error::InvalidHandle)?;
            req.op = Some(match mode {
                ReadMode::Fill => Op::Read { buf, filled, out },
                ReadMode::NoWait => Op::WaitData,
            });
            st.push(h, status::RECEIVING_RESPONSE, Info::None, on_caller);
            st.arm_timer(h, timeout);
            Ok(Progress::Pending)
        }
    }
}

/// query_data_available: the count of body bytes buffered, pending when there are none.
pub fn query_data_available(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    out: Out,
) -> Result<Progress, Error> {
    let on_caller = st.api_call;
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if req.busy() || req.phase != Phase::Body {
        return state_err();
    }
    if let Some(e) = req.error {
        return Err(e);
    }
    match poll_available(sh, st, h)? {
        Some(n) => Ok(Progress::Done(n)),
        None => {
            let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.receive);
            let req = st.req(h).ok_or(Error::InvalidHandle)?;
            req.op = Some(Op::Avail { out });
            st.push(h, status::RECEIVING_RESPONSE, Info::None, on_caller);
            st.arm_timer(h, timeout);
            Ok(Progress::Pending)
        }
    }
}
