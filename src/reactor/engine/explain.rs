// SPDX-License-Identifier: MIT OR Apache-2.0
//! The words rinet gives for what went wrong: the error text a failed request keeps (its
//! detail, for InternetGetLastResponseInfo and the trace), and the connection and TLS traces.

use std::net::SocketAddr;

use crate::error::Error;
use crate::http::response::ParseError;
use crate::http::BodyError;
use crate::reactor::conn::ConnId;
use crate::reactor::tls::io_error_code as from_io;
use crate::reactor::{HandleId, State};

use super::body::body_error;
use super::Request;

/// Trace, at level 2, what happens to request `h`'s connection `cid`:
/// "request H: connection #N to 127.0.0.1 port 80: <what>" (see [`crate::reactor::conn::Conn::trace_name`]).
pub(super) fn trace_conn(st: &mut State, h: HandleId, cid: ConnId, what: impl FnOnce() -> String) {
    if !crate::trace::on(2) {
        return;
    }
    if let Some(c) = st.conns.get(cid) {
        let line = format!("request {h:#x}: {}: {}", c.trace_name(), what());
        crate::trace::emit(2, &line);
    }
}

/// "127.0.0.1 port 80", "::1 port 80", or "proxy 127.0.0.1 port 3128".
pub(super) fn addr_text(addr: &SocketAddr, proxy: bool) -> String {
    let proxy = if proxy { "proxy " } else { "" };
    format!("{proxy}{} port {}", addr.ip(), addr.port())
}

/// Trace, at level 2, the TLS session request `h` set up on connection `cid` (`session`, from
/// [`crate::reactor::tls::Tls::session_text`]) and the server's certificate.
pub(super) fn trace_tls(
    st: &mut State,
    h: HandleId,
    cid: ConnId,
    session: String,
    cert: Option<&crate::reactor::cert::CertInfo>,
) {
    trace_conn(st, h, cid, || session);
    match cert {
        Some(c) => {
            trace_conn(st, h, cid, || {
                format!("certificate subject: {}", c.subject_dn)
            });
            trace_conn(st, h, cid, || {
                format!("certificate issuer: {}", c.issuer_dn)
            });
            trace_conn(st, h, cid, || {
                format!(
                    "certificate valid from {} until {}",
                    c.start_text(),
                    c.expiry_text()
                )
            });
        }
        None => trace_conn(st, h, cid, || "certificate: not readable".to_string()),
    }
}

/// Record why a request failed with `err`, in words (see [`Request::detail`]); returns `err`.
/// The failure is traced at level 1 with its code, the code's name and the words.
pub(super) fn explain(req: &mut Request, h: HandleId, err: Error, why: String) -> Error {
    crate::trace!(
        1,
        "request {h:#x}: failed with {}: {why}",
        crate::trace::code_text(err.code())
    );
    req.detail = Some((err, why));
    err
}

/// [`explain`] for request `h`.
pub(super) fn explain_h(st: &mut State, h: HandleId, err: Error, why: String) -> Error {
    match st.req(h) {
        Some(req) => explain(req, h, err, why),
        None => err,
    }
}

/// Explain a socket (or TLS) error met while doing what the request's phase does.
pub(super) fn explain_io(req: &mut Request, h: HandleId, e: &std::io::Error) -> Error {
    let why = format!(
        "{} while {}",
        crate::reactor::tls::io_error_text(e),
        req.activity()
    );
    explain(req, h, from_io(e), why)
}

/// Why an upload ended early, in words.
pub(super) fn early_text(req: &Request) -> String {
    let sent = match req.declared {
        Some(total) => format!("{} of {total} bytes", req.written),
        None => format!("{} bytes", req.written),
    };
    format!(
        "{} answered or closed the connection before the request body was all sent ({sent})",
        req.peer_text()
    )
}

/// A body read found the request's connection gone (closed after an earlier failure).
pub(super) fn gone(req: &mut Request, h: HandleId) -> Error {
    let why = format!("The connection to {} is already closed", req.peer_text());
    explain(req, h, Error::ConnectionAborted, why)
}

/// Explain a malformed or cut-short response body.
pub(super) fn explain_body(req: &mut Request, h: HandleId, e: BodyError) -> Error {
    let peer = req.peer_text();
    let why = match e {
        BodyError::BadChunkSize => format!("Invalid chunk size in the response body from {peer}"),
        BodyError::BadChunkEnd => {
            format!("A chunk of the response body from {peer} does not end with CRLF")
        }
        BodyError::TrailerTooLarge => {
            format!("The trailer of the chunked response body from {peer} is larger than 64 KiB")
        }
        BodyError::Truncated => match req.decoder.remaining() {
            Some(left) => {
                let total = req
                    .resp
                    .as_ref()
                    .and_then(|r| r.content_length().ok().flatten());
                match total {
                    Some(total) if total >= left => format!(
                        "The connection closed after {} of the {total} bytes of the response \
                         body (Content-Length) from {peer}",
                        total - left
                    ),
                    _ => format!(
                        "The connection closed {left} bytes before the end of the response \
                         body from {peer}"
                    ),
                }
            }
            None => format!(
                "The connection closed before the last chunk of the response body from {peer}"
            ),
        },
    };
    explain(req, h, body_error(e), why)
}

/// Explain a body that could not be decoded (HTTP_DECODING).
pub(super) fn explain_decoding(
    req: &mut Request,
    h: HandleId,
    e: crate::http::decode::DecodeError,
) -> Error {
    use crate::http::decode::DecodeError;
    let coding = match req.coder.as_ref().map(|c| c.coding()) {
        Some(crate::http::decode::Coding::Deflate) => "deflate",
        _ => "gzip",
    };
    let peer = req.peer_text();
    let why = match e {
        DecodeError::Corrupt => {
            format!("The {coding} response body from {peer} is not valid {coding} data")
        }
        DecodeError::Truncated => format!(
            "The {coding} response body from {peer} ends in the middle of its compressed data"
        ),
        DecodeError::Bomb => format!(
            "The {coding} response body from {peer} decodes to more bytes per compressed byte \
             than RINET_OPTION_MAX_DECODE_RATIO allows"
        ),
    };
    explain(req, h, Error::DecodingFailed, why)
}

/// The words for a response head that could not be parsed.
pub(super) fn head_error_text(
    st: &mut State,
    h: HandleId,
    cid: ConnId,
    e: ParseError,
    max: usize,
) -> String {
    let start = st.conns.get(cid).map_or_else(String::new, |c| {
        let pending = c.pending();
        let line = pending.split(|&b| b == b'\n').next().unwrap_or(pending);
        let line = &line[..line.len().min(80)];
        String::from_utf8_lossy(line)
            .trim_end_matches('\r')
            .to_string()
    });
    let peer = st.req(h).map_or_else(String::new, |r| r.peer_text());
    match e {
        ParseError::TooLarge => format!(
            "The response head from {peer} is larger than {max} bytes, or has more than {} \
             header lines",
            crate::http::response::MAX_HEADERS
        ),
        _ => format!("Invalid response head from {peer}: it starts {start:?}"),
    }
}

/// The words for a connection that closed before the response head was complete.
pub(super) fn closed_text(st: &mut State, h: HandleId, cid: ConnId) -> String {
    let got = st.conns.get(cid).map_or(0, |c| c.pending().len());
    let Some(req) = st.req(h) else {
        return String::new();
    };
    let peer = req.peer_text();
    if got == 0 {
        format!("{peer} closed the connection without sending a response")
    } else {
        format!("{peer} closed the connection in the middle of the response head ({got} bytes received)")
    }
}

/// The words for a redirect that is not followed.
pub(super) fn redirect_text(req: &Request, e: Error) -> String {
    let location = req
        .resp
        .as_ref()
        .and_then(|r| r.headers.get("Location"))
        .unwrap_or("")
        .to_string();
    match e {
        Error::HttpRedirectFailed => format!(
            "Too many redirects: {} followed, and {} asks for another (to {location:?})",
            req.redirects,
            req.peer_text()
        ),
        Error::HttpsToHttpOnRedir => format!(
            "Refused to follow the redirect from {} to {location:?}: it leaves https for http",
            req.url()
        ),
        Error::InvalidUrl => format!("The redirect location {location:?} is not a valid URL"),
        _ => crate::error::message(e.code()).to_string(),
    }
}
