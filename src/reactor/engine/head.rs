// SPDX-License-Identifier: MIT OR Apache-2.0
//! The response head: reading and parsing it, acting on it (interim responses, cookies,
//! redirects and credentials challenges), and sending again on the same handle when it asks.

use crate::error::Error;
use crate::http::exchange::response::{ResponseRx, RxConfig, RxError, RxEvent, RxState};
use crate::http::response::{ParseError, ResponseHead, DEFAULT_MAX_HEAD};
use crate::http::{BodyDecoder, Framing};
use crate::reactor::conn::{ConnId, Fill};
use crate::reactor::{status, HandleId, Info, Shared, State};

use super::body::{announce_close, discard_buffered, drop_conn, finish_body, release_conn};
use super::connect::{enter_gate, start};
use super::drive::{fail, fail_because, fail_io, retry_fresh};
use super::explain::{closed_text, head_error_text, redirect_text};
use super::{note_socket, text, Phase, FLAG_NO_COOKIES, MAX_INTERIM};

/// Read and parse the response head. Returns true when the head arrived (the phase moved on).
///
/// The response reader of `http::exchange` reads the interim responses, the lines after them
/// and the head (or its absence); the counts of what it skipped stay with the request, which a
/// look at the connection during an upload also adds to.
pub(super) fn read_head(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let max_head = st
        .nodes
        .get(&h)
        .map_or(DEFAULT_MAX_HEAD, |n| n.opts.max_head as usize);
    loop {
        let Some(req) = st.req(h) else {
            return false;
        };
        let config = RxConfig {
            method_is_head: req.verb.eq_ignore_ascii_case("HEAD"),
            // A reply without a status line (HTTP/0.9) is read only as the first answer on a
            // new connection. On a reused one, such bytes are more likely the tail of an
            // earlier response than an answer, and reading them as one would let a response
            // smuggle another.
            fresh: !req.reused,
            max_head,
            max_interim: MAX_INTERIM,
        };
        let mut rx = ResponseRx::resume(config, req.interim, req.junk);
        if crate::trace::on(2) {
            rx = rx.traced_as(format!("request {h:#x}: response"));
        }
        let Some(conn) = st.conns.get(cid) else {
            return false;
        };
        let n = rx.handle_head_bytes(conn.pending());
        conn.consume(n);
        let (mut head, mut failed) = (None, None);
        while let Some(event) = rx.poll_event() {
            match event {
                RxEvent::Head { head: got, len } => head = Some((got, len)),
                // A framing fault after the head is on_head's to tell.
                RxEvent::Failed(e) if head.is_none() => failed = Some(e),
                _ => {}
            }
        }
        let Some(req) = st.req(h) else {
            return false;
        };
        if n > 0 || head.is_some() {
            req.got_bytes = true;
        }
        if let RxState::Head { interim, junk } = *rx.state() {
            req.interim = interim;
            req.junk = junk;
        }
        match failed {
            Some(RxError::JunkTooLarge) => {
                fail(sh, st, h, Error::InvalidServerResponse);
                return false;
            }
            Some(RxError::TooManyInterim) => {
                let why = format!(
                    "More than {MAX_INTERIM} interim (1xx) responses from {}",
                    req.peer_text()
                );
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            Some(e) => {
                let e = match e {
                    RxError::Head(e) => e,
                    _ => ParseError::Invalid,
                };
                let why = head_error_text(st, h, cid, e, max_head);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            None => {}
        }
        if let Some((head, len)) = head {
            if head.no_status_line && crate::trace::on(3) {
                crate::trace::emit(
                    3,
                    "< (no status line: an HTTP/0.9 reply, all body until the close)",
                );
            }
            on_head(sh, st, h, head, len);
            return true;
        }
        let Some(conn) = st.conns.get(cid) else {
            return false;
        };
        match conn.fill(max_head + 1) {
            Ok(Fill::Got(0)) => {
                let why = head_error_text(st, h, cid, ParseError::TooLarge, max_head);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            Ok(Fill::Got(_)) => {
                if let Some(req) = st.req(h) {
                    req.got_bytes = true;
                }
            }
            Ok(Fill::WouldBlock) => return false,
            Ok(Fill::Eof) => {
                let why = closed_text(st, h, cid);
                if !retry_fresh(sh, st, h) {
                    // A close before or inside the response head: no valid response came.
                    fail_because(sh, st, h, Error::InvalidServerResponse, why);
                }
                return false;
            }
            Err(e) => {
                if !retry_fresh(sh, st, h) {
                    fail_io(sh, st, h, &e);
                }
                return false;
            }
        }
    }
}

pub(super) fn on_head(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    head: ResponseHead,
    head_len: usize,
) {
    if crate::trace::on(3) {
        let mut text = head.status_line();
        text.push_str("\r\n");
        for (n, v) in head.headers.iter() {
            text.push_str(&format!("{n}: {v}\r\n"));
        }
        crate::trace::emit(3, &crate::trace::head_lines("< ", text.as_bytes()));
    }
    let (decoding, max_ratio) = st.nodes.get(&h).map_or((false, 0), |n| {
        (n.opts.decoding, n.opts.max_decode_ratio as u64)
    });
    let Some(req) = st.req(h) else {
        return;
    };
    let server = (req.server.host.to_ascii_lowercase(), req.server.port);
    st.conns.note_version(&server, head.minor == 0);
    let Some(req) = st.req(h) else {
        return;
    };
    if head.status == 101 {
        if !req.headers.contains("Upgrade") {
            // A protocol switch nobody asked for (RFC 9110 §15.2.2).
            let why = format!(
                "{} switched protocols (101) without being asked to",
                req.peer_text()
            );
            fail_because(sh, st, h, Error::InvalidServerResponse, why);
            return;
        }
        // Asked for: the caller gets the 101; the connection never carries HTTP again.
        req.early = true;
    }
    let is_head = req.verb.eq_ignore_ascii_case("HEAD");
    let framing = match head.framing(is_head) {
        Ok(f) => f,
        Err(_) => {
            let lengths: Vec<&str> = head
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
                .map(|(_, v)| v)
                .collect();
            let why = if head.headers.contains("Transfer-Encoding") {
                format!(
                    "The response from {} has both Transfer-Encoding and Content-Length",
                    req.peer_text()
                )
            } else {
                format!(
                    "The response from {} has an invalid or conflicting Content-Length: {:?}",
                    req.peer_text(),
                    lengths.join(", ")
                )
            };
            fail_because(sh, st, h, Error::InvalidServerResponse, why);
            return;
        }
    };
    if req.flags & FLAG_NO_COOKIES == 0 {
        let mut jar = crate::reactor::COOKIES
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let now = crate::reactor::now_unix();
        for (n, v) in head.headers.iter() {
            if n.eq_ignore_ascii_case("Set-Cookie") {
                jar.store(&req.server.host, &req.target, v, now);
            }
        }
    }
    let mut head = head;
    let coding = head
        .headers
        .get("Content-Encoding")
        .and_then(crate::http::decode::Coding::from_header);
    req.coder = None;
    if let (true, Some(coding), false) = (decoding, coding, framing == Framing::None) {
        req.coder = Some(Box::new(crate::http::decode::Decoder::new(
            coding, max_ratio,
        )));
        // As WinInet does, the decoded body has no Content-Encoding and no known length.
        head.headers.remove_all("Content-Encoding");
        head.headers.remove_all("Content-Length");
    }
    req.resp = Some(head);
    req.decoder = BodyDecoder::new(framing);
    req.enter(h, Phase::Body);
    st.disarm_timer(h);
    st.push(
        h,
        status::RESPONSE_RECEIVED,
        Info::Dword(head_len as u32),
        false,
    );
    let plan = match st.req(h).and_then(|r| r.resp.clone()) {
        Some(head) => crate::reactor::follow::plan(st, h, &head),
        None => Ok(None),
    };
    match plan {
        Ok(Some(plan)) => {
            restart(sh, st, h, plan);
            return;
        }
        Ok(None) => {}
        Err(e) => {
            let why = st.req(h).map_or_else(String::new, |r| redirect_text(r, e));
            fail_because(sh, st, h, e, why);
            return;
        }
    }
    // The request will not be sent again: its head and body bytes can go.
    if let Some(req) = st.req(h) {
        req.out = Vec::new();
        req.head_len = 0;
    }
    if BodyDecoder::new(framing).is_done() {
        // No body: the send itself meets its end.
        finish_body(sh, st, h);
        announce_close(st, h);
    }
    sh.complete(st, h, Ok(0), false);
}

/// Send the request again for a redirect or a credentials challenge, on the same handle. The
/// pending operation carries on; its REQUEST_COMPLETE comes with the final response.
fn restart(sh: &Shared, st: &mut State, h: HandleId, plan: crate::reactor::follow::Plan) {
    use crate::reactor::follow::{key_of, Plan};
    let complete = discard_buffered(st, h);
    let Some(req) = st.req(h) else {
        return;
    };
    let reusable = complete
        && req.resp.as_ref().is_some_and(ResponseHead::keep_alive)
        && !req.decoder.is_close_delimited()
        && !req.early;
    let old_key = key_of(&req.server);
    match plan {
        Plan::Redirect {
            url,
            server,
            target,
            to_get,
        } => {
            req.redirects += 1;
            let host_changed = !server.host.eq_ignore_ascii_case(&req.server.host)
                || server.port != req.server.port;
            if host_changed {
                req.cross_host = true;
                req.headers.remove_all("Authorization");
            }
            if req.preauthorized || req.auth_tries > 0 {
                req.headers.remove_all("Authorization");
                req.preauthorized = false;
            }
            if to_get {
                if !req.verb.eq_ignore_ascii_case("HEAD") {
                    req.verb = "GET".into();
                }
                // No body any more: only the head (rewritten below) goes out.
                req.out.clear();
                req.head_len = 0;
                req.declared = Some(0);
                req.written = 0;
                req.headers.remove_all("Content-Length");
                req.headers.remove_all("Content-Type");
            }
            let host = crate::http::request::host_header(&server.host, server.port, server.secure);
            req.headers.remove_all("Host");
            req.headers.push("Host", &host);
            req.server = server;
            req.target = target;
            st.push(h, status::REDIRECT, text(&url), false);
        }
        Plan::Answer { header, value } => {
            req.headers.remove_all(header);
            req.headers.push(header, &value);
        }
    }
    let Some(req) = st.req(h) else {
        return;
    };
    let head_len = std::mem::take(&mut req.head_len);
    req.out.drain(..head_len.min(req.out.len()));
    req.out_off = 0;
    req.resp = None;
    req.decoder = BodyDecoder::new(Framing::None);
    req.coder = None;
    req.staged = Vec::new();
    req.staged_pos = 0;
    req.decoded_done = false;
    req.raw_done = false;
    req.body_done = false;
    req.interim = 0;
    req.junk = 0;
    req.got_bytes = false;
    req.retried = false;
    req.early = false;
    let same = key_of(&req.server) == old_key;
    if reusable && same {
        req.reused = true;
        note_socket(st, h);
        enter_gate(sh, st, h, false);
        return;
    }
    if reusable {
        release_conn(sh, st, h);
        announce_close(st, h);
    } else {
        drop_conn(sh, st, h, false);
    }
    if let Some(req) = st.req(h) {
        req.reused = false;
    }
    start(sh, st, h);
}
