// SPDX-License-Identifier: MIT OR Apache-2.0
//! The request state machine: connecting, sending, uploading, receiving heads and bodies.
//!
//! Every function here runs with the session lock held, on the reactor thread (readiness,
//! timers, resolutions) or on a caller's thread (an API call trying its I/O at once). None of
//! them calls a status callback: they queue notes, which the session delivers once the lock is
//! released.

use std::net::{IpAddr, SocketAddr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use mio::Token;

use super::conn::{ConnId, Fill};
use super::tls::io_error_code as from_io;
use super::{resolve, status, HandleId, Info, Server, Shared, State};
use crate::error::Error;
use crate::http::response::{self, Next, ParseError, ResponseHead, DEFAULT_MAX_HEAD};
use crate::http::{BodyDecoder, BodyError, Framing, HeaderList, Step};

/// A caller's buffer, borrowed until the operation that holds it completes or is cancelled.
#[derive(Debug, Clone, Copy)]
pub struct Buf(pub *mut u8);
// SAFETY: the pointer is only dereferenced under the session lock, while the operation that
// owns it is pending; the caller keeps the buffer valid until REQUEST_COMPLETE (WinInet's rule),
// and cancellation drops the pointer before HANDLE_CLOSING is delivered.
unsafe impl Send for Buf {}

/// A caller's DWORD out-parameter, written once at completion.
#[derive(Debug, Clone, Copy)]
pub struct Out(pub *mut u32);
// SAFETY: as for `Buf`: written only under the lock while its operation is pending.
unsafe impl Send for Out {}

impl Out {
    /// Store `v` if the pointer is not NULL.
    pub fn set(self, v: u32) {
        if !self.0.is_null() {
            // SAFETY: non-NULL and valid while the operation is pending (see the impl above).
            unsafe { self.0.write_unaligned(v) }
        }
    }
}

/// The operation a request is waiting on. At most one at a time.
#[derive(Debug)]
pub enum Op {
    /// send_request: completes when the response head has arrived.
    Send,
    /// send_request_ex: completes when the head and initial bytes are on the wire.
    SendEx,
    /// end_request: completes when the response head has arrived.
    End,
    /// write_file that could not finish at once: `done` of `len` bytes are written.
    Write {
        buf: Buf,
        len: usize,
        done: usize,
        out: Out,
    },
    /// A read that fills `len` bytes (or to the end of the body); `filled` so far.
    Read {
        buf: Buf,
        len: usize,
        filled: usize,
        out: Out,
    },
    /// A no-wait read that found nothing: completes when data or the end arrives, writes nothing.
    WaitData,
    /// query_data_available that found nothing: completes with the count.
    Avail { out: Out },
}

/// Where a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Opened, not sent (or ready to be sent again).
    Idle,
    /// Sent again while the last response's body was unread: reading and dropping the rest of
    /// that body (at most [`DRAIN_MAX`] bytes), so that the send reuses the connection.
    Draining,
    /// Waiting for room under the connection limit (INTERNET_OPTION_MAX_CONNS_PER_SERVER):
    /// queued in the pool, no connection yet.
    Waiting,
    Resolving,
    Connecting,
    /// Asking the proxy for a tunnel (https through a proxy): CONNECT written, answer awaited.
    Tunnel,
    /// The TLS handshake is under way (https).
    Handshaking,
    /// SENDING_REQUEST is queued; the head is serialized once it has been delivered, so that
    /// headers added from that callback are sent.
    Gate,
    /// Writing the request head (and any body given up front).
    SendingHead,
    /// send_request_ex completed: write_file and end_request are accepted.
    HeadSent,
    /// Waiting for the response head.
    AwaitHead,
    /// The response head arrived; reading the body.
    Body,
    /// The request failed; it may be sent again.
    Failed,
}

impl Phase {
    /// The state in words, as the trace's `STATE: A => B` lines name it.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Waiting => "waiting for a connection",
            Phase::Resolving => "resolving",
            Phase::Connecting => "connecting",
            Phase::Tunnel => "opening a tunnel",
            Phase::Handshaking => "TLS handshake",
            Phase::Gate => "ready to send",
            Phase::SendingHead => "sending the request",
            Phase::HeadSent => "sending the body",
            Phase::AwaitHead => "waiting for the response",
            Phase::Body => "reading the response",
            Phase::Draining => "draining the last body",
            Phase::Failed => "failed",
        }
    }
}

/// Immediate outcome of an API call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Finished now, with a value (a byte count where one applies).
    Done(u32),
    /// Under way; REQUEST_COMPLETE (async) or the sync wait follows.
    Pending,
}

/// One HTTP request handle's state.
pub struct Request {
    pub verb: String,
    pub target: String,
    pub version: String,
    pub flags: u32,
    pub server: Server,
    pub agent: String,
    /// Request headers, as they will be (or were) sent.
    pub headers: HeaderList,
    pub phase: Phase,
    pub op: Option<Op>,
    /// Sync mode: the result handed to the blocked caller.
    pub sync_result: Option<Result<u32, Error>>,
    pub conn: Option<ConnId>,
    reused: bool,
    retried: bool,
    got_bytes: bool,
    /// Head plus the body bytes given up front; `out_off` of them are written. Until the head
    /// is serialized (`head_len` 0), only the body bytes.
    out: Vec<u8>,
    out_off: usize,
    head_len: usize,
    /// Upload length announced (None: unbounded, the caller frames the body itself).
    pub declared: Option<u64>,
    /// Body bytes accepted so far (initial buffer included).
    pub written: u64,
    pub resp: Option<ResponseHead>,
    decoder: BodyDecoder,
    pub body_done: bool,
    /// The failure of the current send or body, reported by every later read.
    pub error: Option<Error>,
    addrs: Vec<SocketAddr>,
    addr_idx: usize,
    gen: u64,
    pub deadline: Option<Instant>,
    pub timer_seq: u64,
    /// Interim responses skipped for the current send.
    interim: u32,
    /// Bytes of lines skipped after interim responses for the current send (lines that belong
    /// to no response); bounded by the head size limit.
    junk: usize,
    /// Content decoding of the current response (HTTP_DECODING and a gzip/deflate body).
    coder: Option<Box<crate::http::decode::Decoder>>,
    /// Decoded bytes not yet read.
    staged: Vec<u8>,
    staged_pos: usize,
    /// The coded body has ended and the decoder is drained.
    decoded_done: bool,
    /// The coded body's bytes have all been received.
    raw_done: bool,
    /// A redirect moved the request to another server: the connect handle's credentials are
    /// not sent there.
    pub cross_host: bool,
    /// Redirects followed for the current send.
    pub redirects: u32,
    /// Credentials challenges answered for the current send.
    pub auth_tries: u32,
    pub proxy_auth_tries: u32,
    /// An Authorization header was added pre-emptively.
    pub preauthorized: bool,
    /// The Basic credentials rinet put in the Authorization header of the current attempt,
    /// remembered for the server once it accepts them.
    pub basic: Option<super::follow::SentBasic>,
    /// The credentials the process's cache gave the current send, for a handle without a user
    /// name (INTERNET_OPTION_USERNAME and PASSWORD read them back).
    pub cached_creds: Option<(String, String)>,
    /// Sent by open_url: its completion carries the request handle.
    pub open_url: bool,
    /// Started by send_request_ex and not yet ended.
    sent_ex: bool,
    /// A REQUEST_COMPLETE is queued and not yet delivered.
    pub awaiting_complete: bool,
    /// Sync sessions: an eventfd that wakes the caller blocked in poll() on this request's
    /// socket when the request completes or is cancelled from elsewhere (made on first use).
    wake_fd: Option<std::sync::Arc<std::os::fd::OwnedFd>>,
    /// rinet added the Content-Length of the last send (so the next send recomputes it).
    auto_length: bool,
    /// This send first drains the last response's unread body from the connection it keeps
    /// (`decoder` still frames that body); `drained` counts the bytes read so far.
    drain: bool,
    drained: u64,
    /// The proxy the current attempt goes through, if any.
    pub via: Option<crate::http::proxy::Proxy>,
    /// The CONNECT request being written to the proxy (https through a proxy).
    tunnel_out: Vec<u8>,
    tunnel_off: usize,
    /// The connection this request used last, as INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO reports
    /// it (None before its first send).
    socket: Option<SocketInfo>,
    /// The server's certificate on that connection (TLS only).
    pub cert: Option<std::sync::Arc<super::cert::CertInfo>>,
    /// The server answered (or hung up) before the upload ended.
    early: bool,
    /// Why the current send or body failed, in words, with the code it explains: the text
    /// InternetGetLastResponseInfo gives for that failure.
    pub detail: Option<(Error, String)>,
    /// When the network part of the current attempt began (a connect failure says how long
    /// it tried).
    started: Option<Instant>,
    /// Why the last connection attempt failed.
    connect_error: Option<String>,
    /// The thread that made the last API call on this request (the C boundary sets it), which
    /// learns how an operation it started ended.
    pub started_by: Option<std::thread::ThreadId>,
}

impl Request {
    /// A request not yet sent.
    pub fn new(
        verb: String,
        target: String,
        version: String,
        flags: u32,
        server: Server,
        agent: String,
        headers: HeaderList,
    ) -> Self {
        Request {
            verb,
            target,
            version,
            flags,
            server,
            agent,
            headers,
            phase: Phase::Idle,
            op: None,
            sync_result: None,
            conn: None,
            reused: false,
            retried: false,
            got_bytes: false,
            out: Vec::new(),
            out_off: 0,
            head_len: 0,
            declared: None,
            written: 0,
            resp: None,
            decoder: BodyDecoder::new(Framing::None),
            body_done: false,
            error: None,
            addrs: Vec::new(),
            addr_idx: 0,
            gen: 0,
            deadline: None,
            timer_seq: 0,
            interim: 0,
            junk: 0,
            early: false,
            coder: None,
            staged: Vec::new(),
            staged_pos: 0,
            decoded_done: false,
            raw_done: false,
            cross_host: false,
            redirects: 0,
            auth_tries: 0,
            proxy_auth_tries: 0,
            preauthorized: false,
            basic: None,
            cached_creds: None,
            open_url: false,
            sent_ex: false,
            awaiting_complete: false,
            wake_fd: None,
            auto_length: false,
            drain: false,
            drained: 0,
            via: None,
            tunnel_out: Vec::new(),
            tunnel_off: 0,
            socket: None,
            cert: None,
            detail: None,
            started: None,
            connect_error: None,
            started_by: None,
        }
    }
}

impl Request {
    /// An operation is under way, or its REQUEST_COMPLETE has not been delivered yet: no other
    /// operation may start (12019).
    pub fn busy(&self) -> bool {
        self.op.is_some() || self.awaiting_complete
    }

    /// The request's full URL, as INTERNET_OPTION_URL reports it.
    pub fn url(&self) -> String {
        if self.target.contains("://") {
            return self.target.clone();
        }
        let scheme = if self.server.secure { "https" } else { "http" };
        let host = crate::http::request::host_header(
            &self.server.host,
            self.server.port,
            self.server.secure,
        );
        format!("{scheme}://{host}{}", self.target)
    }
}

/// INTERNET_DIAGNOSTIC_SOCKET_INFO: the socket a request uses (or used last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketInfo {
    /// The socket's descriptor (INVALID_SOCKET, all ones, before the first send).
    pub socket: usize,
    /// The local port (0 before the first send).
    pub source_port: u32,
    /// The port connected to: the server's, or the proxy's for a request through one.
    pub dest_port: u32,
    /// IDSI_FLAG_*.
    pub flags: u32,
}

/// IDSI_FLAG_KEEP_ALIVE: the connection came from the keep-alive pool.
const IDSI_KEEP_ALIVE: u32 = 1;
/// IDSI_FLAG_SECURE: TLS.
const IDSI_SECURE: u32 = 2;
/// IDSI_FLAG_PROXY: through a proxy.
const IDSI_PROXY: u32 = 4;
/// IDSI_FLAG_TUNNEL: through a tunnel the proxy opened (https through a proxy).
const IDSI_TUNNEL: u32 = 8;

/// Record the connection request `h` now uses, for INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO.
fn note_socket(st: &mut State, h: HandleId) {
    use std::os::fd::AsRawFd;
    let State { nodes, conns, .. } = st;
    let Some(req) = nodes.get_mut(&h).and_then(super::Node::request) else {
        return;
    };
    let Some(conn) = req.conn.and_then(|c| conns.get(c)) else {
        return;
    };
    let secure = req.server.secure;
    let proxied = req.via.is_some();
    let flags = if req.reused { IDSI_KEEP_ALIVE } else { 0 }
        | if secure { IDSI_SECURE } else { 0 }
        | if proxied { IDSI_PROXY } else { 0 }
        | if proxied && secure { IDSI_TUNNEL } else { 0 };
    req.cert = conn.cert.clone();
    req.socket = Some(SocketInfo {
        socket: conn.stream.as_raw_fd() as usize,
        source_port: conn.stream.local_addr().map_or(0, |a| a.port() as u32),
        dest_port: conn.peer.port() as u32,
        flags,
    });
}

/// INTERNET_OPTION_DIAGNOSTIC_SOCKET_INFO of request `h`: the connection it uses, or used last
/// (its socket may have gone back to the pool, or been closed, since). Before its first send:
/// INVALID_SOCKET, source port 0, the server's port, no flags. None when `h` is no request.
pub fn socket_info(st: &mut State, h: HandleId) -> Option<SocketInfo> {
    let req = st.req(h)?;
    Some(req.socket.unwrap_or(SocketInfo {
        socket: usize::MAX,
        source_port: 0,
        dest_port: req.server.port as u32,
        flags: 0,
    }))
}

impl Request {
    /// Move request `h` to state `to`, tracing the change (`STATE: A => B`) at level 2.
    fn enter(&mut self, h: HandleId, to: Phase) {
        if self.phase != to {
            crate::trace!(
                2,
                "request {h:#x}: STATE: {} => {}",
                self.phase.name(),
                to.name()
            );
            self.phase = to;
        }
    }

    /// Where the request's connection goes, for a failure's detail: "127.0.0.1 port 80", or
    /// the proxy while the request talks to it.
    fn peer_text(&self) -> String {
        let server = format!("{} port {}", self.server.host, self.server.port);
        match &self.via {
            None => server,
            Some(p)
                if self.server.secure
                    && !matches!(self.phase, Phase::Connecting | Phase::Tunnel) =>
            {
                format!("{server} (through proxy {} port {})", p.host, p.port)
            }
            Some(p) => format!("proxy {} port {}", p.host, p.port),
        }
    }

    /// The host and port the request connects to: the server's, or its proxy's.
    fn dial_target(&self) -> (String, u16) {
        match &self.via {
            Some(p) => (p.host.clone(), p.port),
            None => (self.server.host.clone(), self.server.port),
        }
    }

    /// The host name the request resolves: the server's, or its proxy's.
    fn resolve_text(&self) -> String {
        match &self.via {
            None => format!("host {}", self.server.host),
            Some(p) => format!("proxy {}", p.host),
        }
    }

    /// What the request was doing, for a failure's detail ("... while <this>").
    fn activity(&self) -> String {
        let peer = self.peer_text();
        match self.phase {
            Phase::Idle | Phase::Resolving => format!("resolving {}", self.resolve_text()),
            Phase::Waiting => format!("waiting for a free connection to {peer}"),
            Phase::Draining => format!("reading the rest of the last response body from {peer}"),
            Phase::Connecting => format!("connecting to {peer}"),
            Phase::Tunnel => format!(
                "asking {peer} for a tunnel to {} port {}",
                self.server.host, self.server.port
            ),
            Phase::Handshaking => format!("in the TLS handshake with {peer}"),
            Phase::Gate | Phase::SendingHead => format!("sending the request to {peer}"),
            Phase::HeadSent => format!("sending the request body to {peer}"),
            Phase::AwaitHead => format!("waiting for the response head from {peer}"),
            Phase::Body => format!("reading the response body from {peer}"),
            Phase::Failed => format!("talking to {peer}"),
        }
    }

    /// The words for failure `e` of this request: its detail when one was recorded for that
    /// code, else the code's text.
    pub fn failure_text(&self, e: Error) -> String {
        match &self.detail {
            Some((code, text)) if *code == e => text.clone(),
            _ => crate::error::message(e.code()).to_string(),
        }
    }
}

/// Trace, at level 2, what happens to request `h`'s connection `cid`:
/// "request H: connection #N to 127.0.0.1 port 80: <what>" (see [`super::conn::Conn::trace_name`]).
fn trace_conn(st: &mut State, h: HandleId, cid: ConnId, what: impl FnOnce() -> String) {
    if !crate::trace::on(2) {
        return;
    }
    if let Some(c) = st.conns.get(cid) {
        let line = format!("request {h:#x}: {}: {}", c.trace_name(), what());
        crate::trace::emit(2, &line);
    }
}

/// "127.0.0.1 port 80", "::1 port 80", or "proxy 127.0.0.1 port 3128".
fn addr_text(addr: &SocketAddr, proxy: bool) -> String {
    let proxy = if proxy { "proxy " } else { "" };
    format!("{proxy}{} port {}", addr.ip(), addr.port())
}

/// Trace, at level 2, the TLS session request `h` set up on connection `cid` (`session`, from
/// [`super::tls::Tls::session_text`]) and the server's certificate.
fn trace_tls(
    st: &mut State,
    h: HandleId,
    cid: ConnId,
    session: String,
    cert: Option<&super::cert::CertInfo>,
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
fn explain(req: &mut Request, h: HandleId, err: Error, why: String) -> Error {
    crate::trace!(
        1,
        "request {h:#x}: failed with {}: {why}",
        crate::trace::code_text(err.code())
    );
    req.detail = Some((err, why));
    err
}

/// [`explain`] for request `h`.
fn explain_h(st: &mut State, h: HandleId, err: Error, why: String) -> Error {
    match st.req(h) {
        Some(req) => explain(req, h, err, why),
        None => err,
    }
}

/// Explain a socket (or TLS) error met while doing what the request's phase does.
fn explain_io(req: &mut Request, h: HandleId, e: &std::io::Error) -> Error {
    let why = format!("{} while {}", super::tls::io_error_text(e), req.activity());
    explain(req, h, from_io(e), why)
}

/// Why an upload ended early, in words.
fn early_text(req: &Request) -> String {
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
fn gone(req: &mut Request, h: HandleId) -> Error {
    let why = format!("The connection to {} is already closed", req.peer_text());
    explain(req, h, Error::ConnectionAborted, why)
}

/// Explain a malformed or cut-short response body.
fn explain_body(req: &mut Request, h: HandleId, e: BodyError) -> Error {
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
fn explain_decoding(req: &mut Request, h: HandleId, e: crate::http::decode::DecodeError) -> Error {
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

/// Interim (1xx) responses skipped before one is taken as the server misbehaving.
const MAX_INTERIM: u32 = 16;

/// INTERNET_FLAG_NO_COOKIES.
const FLAG_NO_COOKIES: u32 = 0x0008_0000;
/// INTERNET_FLAG_KEEP_CONNECTION.
const FLAG_KEEP_CONNECTION: u32 = 0x0040_0000;
/// INTERNET_FLAG_PRAGMA_NOCACHE.
const FLAG_PRAGMA_NOCACHE: u32 = 0x0000_0100;
/// INTERNET_FLAG_NO_CACHE_WRITE.
const FLAG_NO_CACHE_WRITE: u32 = 0x0400_0000;

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

fn text(s: &str) -> Info {
    Info::Text(s.replace('\0', ""))
}

fn state_err<T>() -> Result<T, Error> {
    Err(Error::IncorrectHandleState)
}

/// Reset a request for a new send: drop an unfinished connection, clear the last response.
fn reset_for_send(sh: &Shared, st: &mut State, h: HandleId) -> Result<(), Error> {
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if req.busy() {
        return state_err();
    }
    match req.phase {
        Phase::Idle | Phase::Body | Phase::Failed => {}
        _ => return state_err(),
    }
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

/// The most bytes of an unread response body rinet reads and drops to send again on the same
/// connection. A larger remainder (by its Content-Length, or as read of a chunked body) costs
/// a new connection instead.
const DRAIN_MAX: u64 = 64 * 1024;

/// Can the unread rest of the last response's body be drained from its connection? Its end
/// must be known (Content-Length or chunked, not the close), the connection kept alive, and a
/// known remainder at most [`DRAIN_MAX`] bytes.
fn drainable(req: &Request) -> bool {
    let keep = req.resp.as_ref().is_some_and(ResponseHead::keep_alive);
    keep && !req.early
        && !req.decoder.is_close_delimited()
        && req.decoder.remaining().is_none_or(|n| n <= DRAIN_MAX)
}

/// Read and drop what the socket has of the unread body; at its end, send on the connection.
fn drive_drain(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) {
    loop {
        let State { nodes, conns, .. } = &mut *st;
        let Some(req) = nodes.get_mut(&h).and_then(super::Node::request) else {
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
fn end_drain(sh: &Shared, st: &mut State, h: HandleId, reusable: bool) {
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
    buf: Buf,
    len: usize,
    out: Out,
) -> Result<Progress, Error> {
    let on_caller = st.api_call;
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
    // SAFETY: the caller passed `len` readable bytes at `buf` (checked non-NULL by the boundary).
    let data = unsafe { std::slice::from_raw_parts(buf.0, len) };
    let conn = st.conns.get(cid).ok_or(Error::ConnectionAborted)?;
    let n = match conn.write_some(data) {
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
    req.op = Some(Op::Write {
        buf,
        len,
        done: n,
        out,
    });
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
    buf: Buf,
    len: usize,
    out: Out,
    mode: ReadMode,
) -> Result<Progress, Error> {
    let on_caller = st.api_call;
    let req = st.req(h).ok_or(Error::InvalidHandle)?;
    if req.busy() || req.phase != Phase::Body {
        return state_err();
    }
    if let Some(e) = req.error {
        return Err(e);
    }
    if req.body_done || len == 0 {
        return Ok(Progress::Done(0));
    }
    let mut filled = 0;
    let outcome = fill(sh, st, h, buf, len, &mut filled);
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
                ReadMode::Fill => Op::Read {
                    buf,
                    len,
                    filled,
                    out,
                },
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

/// Body bytes decodable from what is buffered now, without consuming them.
fn buffered_body(st: &mut State, h: HandleId) -> Result<u64, Error> {
    let State { nodes, conns, .. } = st;
    let req = nodes
        .get_mut(&h)
        .and_then(super::Node::request)
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
fn poll_available(sh: &Shared, st: &mut State, h: HandleId) -> Result<Option<u32>, Error> {
    loop {
        let n = buffered_body(st, h)?;
        if n > 0 {
            return Ok(Some(n.min(u32::MAX as u64) as u32));
        }
        let req = st.req(h).ok_or(Error::InvalidHandle)?;
        if req.body_done {
            return Ok(Some(0));
        }
        // Read the socket (and let the decoder eat pure framing, so that the end of the body
        // is noticed). Full means body bytes are buffered now: count them.
        let mut none = 0;
        match fill(sh, st, h, Buf(std::ptr::null_mut()), 0, &mut none)? {
            Filled::End => return Ok(Some(0)),
            Filled::Full => continue,
            Filled::Blocked => return Ok(None),
        }
    }
}

/// What a fill attempt reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filled {
    /// The buffer is full.
    Full,
    /// The body ended.
    End,
    /// The socket has nothing more now.
    Blocked,
}

fn body_error(e: BodyError) -> Error {
    match e {
        BodyError::Truncated => Error::ConnectionAborted,
        _ => Error::InvalidServerResponse,
    }
}

/// Copy body bytes into `buf[*filled..len]`, reading the socket as needed (straight into the
/// caller's buffer when nothing is buffered and the framing allows). With `len` 0, only eats
/// framing so that the end of the body is noticed.
fn fill(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    buf: Buf,
    len: usize,
    filled: &mut usize,
) -> Result<Filled, Error> {
    if st.req(h).is_some_and(|r| r.coder.is_some()) {
        return fill_decoded(sh, st, h, buf, len, filled);
    }
    loop {
        let State { nodes, conns, .. } = &mut *st;
        let req = nodes
            .get_mut(&h)
            .and_then(super::Node::request)
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
                // SAFETY: `buf` has `len` writable bytes (the caller's promise, checked non-NULL
                // when len > 0), and `*filled + n <= len`.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        conn.rbuf[start..start + n].as_ptr(),
                        buf.0.add(*filled),
                        n,
                    );
                }
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
                    // SAFETY: as above; `*filled + n <= len`.
                    let dst = unsafe { std::slice::from_raw_parts_mut(buf.0.add(*filled), n) };
                    match conn.read_direct(dst) {
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
    buf: Buf,
    len: usize,
    filled: &mut usize,
) -> Result<Filled, Error> {
    const STAGE: usize = 64 * 1024;
    loop {
        let req = st.req(h).ok_or(Error::InvalidHandle)?;
        let staged = req.staged.len() - req.staged_pos;
        if staged > 0 {
            if len == 0 {
                return Ok(Filled::Full);
            }
            let n = staged.min(len - *filled);
            // SAFETY: `buf` has `len` writable bytes and `*filled + n <= len`.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    req.staged[req.staged_pos..].as_ptr(),
                    buf.0.add(*filled),
                    n,
                );
            }
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
            .and_then(super::Node::request)
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
fn finish_body(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    req.body_done = true;
    release_conn(sh, st, h);
}

/// The body's bytes have all been received: pool the connection if it can carry another request,
/// else close it.
fn release_conn(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    let keep = req.resp.as_ref().is_some_and(ResponseHead::keep_alive)
        && !req.decoder.is_close_delimited()
        && !req.early;
    let Some(cid) = req.conn else {
        return;
    };
    let clean = st
        .conns
        .get(cid)
        .is_some_and(|c| !c.eof && c.rpos == c.rend);
    if keep && clean {
        if let Some(req) = st.req(h) {
            req.conn = None;
        }
        trace_conn(st, h, cid, || "kept for reuse".to_string());
        st.conns.release(cid);
    } else {
        drop_conn(sh, st, h, true);
    }
}

/// Close the request's connection; with `notify`, send CLOSING_CONNECTION and CONNECTION_CLOSED.
fn drop_conn(sh: &Shared, st: &mut State, h: HandleId, notify: bool) {
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

/// SECURITY_FLAG_IGNORE_REVOCATION.
const SEC_IGNORE_REVOCATION: u32 = 0x80;
/// SECURITY_FLAG_IGNORE_UNKNOWN_CA.
const SEC_IGNORE_UNKNOWN_CA: u32 = 0x100;
/// SECURITY_FLAG_IGNORE_CERT_CN_INVALID and INTERNET_FLAG_IGNORE_CERT_CN_INVALID.
const IGNORE_CERT_CN_INVALID: u32 = 0x1000;
/// SECURITY_FLAG_IGNORE_CERT_DATE_INVALID and INTERNET_FLAG_IGNORE_CERT_DATE_INVALID.
const IGNORE_CERT_DATE_INVALID: u32 = 0x2000;

/// The TLS settings request `h` verifies its server under: its security flags, its
/// INTERNET_FLAG_IGNORE_CERT_* flags and its extra CA file.
fn tls_options(st: &mut State, h: HandleId) -> super::tls::TlsOptions {
    let Some(node) = st.nodes.get_mut(&h) else {
        return Default::default();
    };
    let sec = node.opts.security_flags;
    let ca = node.opts.ca_file.clone();
    let flags = node.request().map_or(0, |r| r.flags);
    super::tls::TlsOptions {
        ignore_unknown_ca: sec & SEC_IGNORE_UNKNOWN_CA != 0,
        ignore_cn: (sec | flags) & IGNORE_CERT_CN_INVALID != 0,
        ignore_date: (sec | flags) & IGNORE_CERT_DATE_INVALID != 0,
        ignore_revocation: sec & SEC_IGNORE_REVOCATION != 0,
        extra_ca_file: ca.map(std::path::PathBuf::from),
    }
}

/// The pool key for request `h`'s server and TLS settings.
fn pool_key(st: &mut State, h: HandleId) -> super::conn::PoolKey {
    use std::hash::{Hash, Hasher};
    let opts = tls_options(st, h);
    let Some(req) = st.req(h) else {
        return (String::new(), 0, false, 0);
    };
    let fingerprint = if req.server.secure {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        opts.hash(&mut hasher);
        hasher.finish() | 1
    } else {
        0
    };
    (
        req.server.host.to_ascii_lowercase(),
        req.server.port,
        req.server.secure,
        fingerprint,
    )
}

/// Begin the network part of a send: reuse a pooled connection, or resolve and connect; or,
/// when the server is at the connection limit (or earlier requests already wait for it), wait
/// for room ([`serve_waiters`] goes on from here).
fn start(sh: &Shared, st: &mut State, h: HandleId) {
    if st.req(h).is_some_and(|r| r.drain && r.conn.is_some()) {
        let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.receive);
        if let Some(req) = st.req(h) {
            req.phase = Phase::Draining;
        }
        st.arm_timer(h, timeout);
        drive(sh, st, h);
        return;
    }
    start_inner(sh, st, h, false);
}

/// [`start`]; `from_queue` for a waiter whose turn it is (it does not queue behind others).
fn start_inner(sh: &Shared, st: &mut State, h: HandleId, from_queue: bool) {
    let Some(node) = st.nodes.get(&h) else {
        return;
    };
    let timeouts = node.timeouts;
    let target = st
        .req(h)
        .map(|r| (r.server.secure, r.server.host.clone(), r.server.port));
    let via = target.and_then(|(secure, host, port)| {
        let scheme = if secure { "https" } else { "http" };
        st.proxy.proxy_for(scheme, &host, port).cloned()
    });
    if let Some(req) = st.req(h) {
        req.via = via.filter(|p| p.scheme == "http");
    }
    let key = pool_key(st, h);
    let Some(req) = st.req(h) else {
        return;
    };
    let (host, port) = match &req.via {
        Some(p) => (p.host.clone(), p.port),
        None => (req.server.host.clone(), req.server.port),
    };
    let gen = req.gen;
    if let Some(cid) = st.conns.take_idle(&sh.registry, &key, h) {
        trace_conn(st, h, cid, || "reused".to_string());
        let req = st.req(h).expect("checked above");
        req.conn = Some(cid);
        req.reused = true;
        note_socket(st, h);
        // SENDING_REQUEST is a network-phase notification: the reactor (or the driven loop)
        // delivers it, as for a fresh connection.
        enter_gate(sh, st, h, false);
        return;
    }
    let server = super::conn::server_of(&key);
    let queued_ahead = !from_queue && st.conns.has_waiters(&server);
    if queued_ahead || !st.conns.make_room(&sh.registry, &server) {
        crate::trace!(
            2,
            "request {h:#x}: waits for a connection to {}:{}",
            server.0,
            server.1
        );
        st.conns.wait_for_room(server, h, gen);
        if let Some(req) = st.req(h) {
            req.enter(h, Phase::Waiting);
        }
        return;
    }
    if let Some(req) = st.req(h) {
        req.started = Some(Instant::now());
        req.connect_error = None;
    }
    st.arm_timer(h, timeouts.connect);
    // A name this process resolved lately is not resolved (nor notified) again, as in WinInet.
    if let Some(addrs) = resolve::cached(&host, port) {
        if let Some(req) = st.req(h) {
            req.addrs = addrs;
            req.addr_idx = 0;
        }
        connect_next(sh, st, h);
        return;
    }
    st.push(h, status::RESOLVING_NAME, text(&host), false);
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        on_addrs(sh, st, h, vec![SocketAddr::new(ip, port)]);
        return;
    }
    if let Some(req) = st.req(h) {
        req.enter(h, Phase::Resolving);
    }
    if let Err(e) = resolve::spawn(sh.me.clone(), h, gen, host.clone(), port) {
        let why = format!("Could not start a thread to resolve {host}: {e}");
        fail_because(sh, st, h, Error::InternalError, why);
    }
}

/// Start the requests waiting for room under the connection limit, oldest first, as far as
/// their servers have room now (a connection finished or closed). Requests closed or failed
/// meanwhile are dropped from the queue. Runs at the end of each reactor turn and each API call
/// that may have freed a connection; cheap when nothing waits.
pub fn serve_waiters(sh: &Shared, st: &mut State) {
    let queue = st.conns.take_waiters();
    if queue.is_empty() {
        return;
    }
    let mut rest = std::collections::VecDeque::new();
    let mut started = false;
    for (server, h, gen) in queue {
        let live = st
            .req(h)
            .is_some_and(|r| r.phase == Phase::Waiting && r.gen == gen && r.op.is_some());
        if !live {
            continue;
        }
        let behind = rest.iter().any(|(s, _, _)| *s == server);
        if behind || !st.conns.has_room(&server) {
            rest.push_back((server, h, gen));
            continue;
        }
        if let Some(req) = st.req(h) {
            req.enter(h, Phase::Idle);
        }
        guarded(sh, st, h, |sh, st, h| start_inner(sh, st, h, true));
        started = true;
    }
    st.conns.restore_waiters(rest);
    if started && !sh.is_async {
        // Their callers wait on the condition variable: they poll their sockets now.
        sh.notify(st);
    }
}

/// A helper thread finished resolving the name of request `h`'s server.
pub fn on_resolved(
    sh: &Shared,
    st: &mut State,
    h: HandleId,
    gen: u64,
    result: std::io::Result<Vec<SocketAddr>>,
) {
    let Some(req) = st.req(h) else {
        return;
    };
    if req.gen != gen || req.phase != Phase::Resolving {
        return;
    }
    let what = req.resolve_text();
    match result {
        Ok(addrs) if !addrs.is_empty() => on_addrs(sh, st, h, addrs),
        Ok(_) => {
            let why = format!("Could not resolve {what}: it has no address");
            fail_because(sh, st, h, Error::NameNotResolved, why);
        }
        Err(e) => {
            let why = format!(
                "Could not resolve {what}: {}",
                super::tls::io_error_text(&e)
            );
            fail_because(sh, st, h, Error::NameNotResolved, why);
        }
    }
}

fn on_addrs(sh: &Shared, st: &mut State, h: HandleId, addrs: Vec<SocketAddr>) {
    if let Some((host, port)) = st.req(h).map(|r| r.dial_target()) {
        resolve::remember(&host, port, &addrs);
    }
    st.push(
        h,
        status::NAME_RESOLVED,
        text(&addrs[0].ip().to_string()),
        false,
    );
    if let Some(req) = st.req(h) {
        req.addrs = addrs;
        req.addr_idx = 0;
    }
    connect_next(sh, st, h);
}

/// Connect to the request's current address, moving on to the next one on failure.
fn connect_next(sh: &Shared, st: &mut State, h: HandleId) {
    loop {
        let key = pool_key(st, h);
        let Some(req) = st.req(h) else {
            return;
        };
        let Some(&addr) = req.addrs.get(req.addr_idx) else {
            let ms = req.started.map_or(0, |t| t.elapsed().as_millis());
            let why = format!(
                "Failed to connect to {} after {ms} ms: {}",
                req.peer_text(),
                req.connect_error.as_deref().unwrap_or("no address to try")
            );
            let (host, port) = req.dial_target();
            resolve::forget(&host, port);
            fail_because(sh, st, h, Error::CannotConnect, why);
            return;
        };
        let proxy = req.via.is_some();
        // One CONNECTING_TO_SERVER per connection, however many addresses it tries.
        if req.addr_idx == 0 {
            st.push(
                h,
                status::CONNECTING_TO_SERVER,
                text(&addr.ip().to_string()),
                false,
            );
        }
        match st.conns.connect(&sh.registry, addr, key, h, sh.is_async) {
            Ok(cid) => {
                if let Some(c) = st.conns.get(cid) {
                    let _ = c.stream.set_nodelay(true);
                    c.proxy = proxy;
                }
                let req = st.req(h).expect("checked above");
                req.conn = Some(cid);
                req.enter(h, Phase::Connecting);
                trace_conn(st, h, cid, || "connecting".to_string());
                note_socket(st, h);
                drive(sh, st, h);
                return;
            }
            Err(e) => {
                let why = super::tls::io_error_text(&e);
                crate::trace!(
                    2,
                    "request {h:#x}: connection to {}: connect failed: {why}",
                    addr_text(&addr, proxy)
                );
                let req = st.req(h).expect("checked above");
                req.connect_error = Some(why);
                req.addr_idx += 1;
            }
        }
    }
}

/// The connection is ready for the request: send SENDING_REQUEST and write the head once it has
/// been delivered ([`gate_passed`]). A handle without callbacks goes straight on.
fn enter_gate(sh: &Shared, st: &mut State, h: HandleId, on_caller: bool) {
    let silent = st
        .nodes
        .get(&h)
        .is_none_or(|n| n.callback.is_none() || n.context == 0);
    let timeout = st.nodes.get(&h).map_or(u32::MAX, |n| n.timeouts.send);
    st.arm_timer(h, timeout);
    let Some(req) = st.req(h) else {
        return;
    };
    req.enter(h, Phase::Gate);
    if silent {
        // Not queued, but traced as a silent handle's other notifications are.
        st.push(h, status::SENDING_REQUEST, Info::None, on_caller);
        gate_passed(sh, st, h);
    } else {
        st.push(h, status::SENDING_REQUEST, Info::None, on_caller);
    }
}

/// SENDING_REQUEST has been delivered (or the handle has no callback): serialize the head with
/// the headers as they are now and start writing.
pub fn gate_passed(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    if req.phase != Phase::Gate {
        return;
    }
    super::follow::preauthorize(st, h);
    let creds = st
        .nodes
        .get(&h)
        .map(|n| (n.opts.proxy_username.clone(), n.opts.proxy_password.clone()));
    let Some(req) = st.req(h) else {
        return;
    };
    if req.flags & FLAG_NO_COOKIES == 0 {
        let jar = super::COOKIES.lock().unwrap_or_else(|e| e.into_inner());
        // Cookies from the jar replace a Cookie header the application set, as in WinInet.
        if let Some(cookies) = jar.header(
            &req.server.host,
            &req.target,
            req.server.secure,
            super::now_unix(),
        ) {
            req.headers.remove_all("Cookie");
            req.headers.push("Cookie", &cookies);
        }
    }
    let proxied_plain = req.via.is_some() && !req.server.secure;
    let target = if proxied_plain {
        // Through a proxy, a plain request names its whole URL (absolute form).
        if let Some(value) = req.via.as_ref().and_then(|via| proxy_basic(creds, via)) {
            if !req.headers.contains("Proxy-Authorization") {
                req.headers.push("Proxy-Authorization", &value);
            }
        }
        req.url()
    } else {
        req.target.clone()
    };
    let mut out =
        crate::http::request::serialize_head(&req.verb, &target, &req.version, &req.headers);
    crate::trace!(3, "{}", crate::trace::head_lines("> ", &out));
    req.head_len = out.len();
    out.extend_from_slice(&req.out[..]);
    req.out = out;
    req.out_off = 0;
    req.enter(h, Phase::SendingHead);
    drive(sh, st, h);
    if !sh.is_async {
        // The gate may have been passed on another caller's thread (one that delivered this
        // request's SENDING_REQUEST): the request's own caller polls its socket from now on.
        sh.notify(st);
    }
}

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
fn fail_because(sh: &Shared, st: &mut State, h: HandleId, err: Error, why: String) {
    explain_h(st, h, err, why);
    fail(sh, st, h, err);
}

/// Fail with a socket (or TLS) error met while doing what the request's phase does.
fn fail_io(sh: &Shared, st: &mut State, h: HandleId, e: &std::io::Error) {
    let err = st.req(h).map_or(from_io(e), |req| explain_io(req, h, e));
    fail(sh, st, h, err);
}

/// Fail with a TLS failure (setting up or during the handshake).
fn fail_tls(sh: &Shared, st: &mut State, h: HandleId, e: &super::tls::TlsError) {
    crate::trace!(2, "request {h:#x}: TLS handshake failed: {e}");
    let why = st.req(h).map_or_else(String::new, |r| {
        format!(
            "TLS handshake with {} port {} failed: {}",
            r.server.host,
            r.server.port,
            super::tls::explain(e)
        )
    });
    fail_because(sh, st, h, super::tls::error_code(e), why);
}

/// The words for a response head that could not be parsed.
fn head_error_text(st: &mut State, h: HandleId, cid: ConnId, e: ParseError, max: usize) -> String {
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
fn closed_text(st: &mut State, h: HandleId, cid: ConnId) -> String {
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
fn redirect_text(req: &Request, e: Error) -> String {
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
fn retry_fresh(sh: &Shared, st: &mut State, h: HandleId) -> bool {
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
                    let why = super::tls::io_error_text(&e);
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
                        let bits = session
                            .negotiated_cipher_suite()
                            .map_or(0, |s| super::cert::cipher_bits(&format!("{:?}", s.suite())));
                        let cert = session
                            .peer_certificates()
                            .and_then(|certs| certs.first())
                            .and_then(|der| super::cert::parse(der, bits))
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
                    .and_then(super::Node::request)
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
                    .and_then(super::Node::request)
                    .expect("checked above");
                let Some(Op::Write {
                    buf,
                    len,
                    done,
                    out,
                }) = &mut req.op
                else {
                    return;
                };
                let Some(conn) = conns.get(cid) else {
                    return;
                };
                // SAFETY: the pending write's buffer stays valid until its completion.
                let data = unsafe { std::slice::from_raw_parts(buf.0.add(*done), *len - *done) };
                match conn.write_some(data) {
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
                if *done < *len {
                    return;
                }
                let (len, out) = (*len, *out);
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
            nodes.get_mut(&h).and_then(super::Node::request),
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

/// Start TLS on the request's connection, naming the origin server. False when that failed
/// (the request has failed).
fn begin_tls(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let opts = tls_options(st, h);
    let Some(req) = st.req(h) else {
        return false;
    };
    let host = req.server.host.clone();
    let tls =
        super::tls::client_config(&opts).and_then(|config| super::tls::Tls::new(config, &host));
    match tls {
        Ok(tls) => {
            if let Some(conn) = st.conns.get(cid) {
                conn.tls = Some(Box::new(tls));
            }
            if let Some(req) = st.req(h) {
                req.enter(h, Phase::Handshaking);
            }
            true
        }
        Err(e) => {
            fail_tls(sh, st, h, &e);
            false
        }
    }
}

/// Queue the CONNECT request that asks the proxy for a tunnel to the origin.
fn begin_tunnel(st: &mut State, h: HandleId) {
    let creds = st
        .nodes
        .get(&h)
        .map(|n| (n.opts.proxy_username.clone(), n.opts.proxy_password.clone()));
    let Some(req) = st.req(h) else {
        return;
    };
    let Some(via) = req.via.clone() else {
        return;
    };
    let authority = if req.server.host.contains(':') {
        format!("[{}]:{}", req.server.host, req.server.port)
    } else {
        format!("{}:{}", req.server.host, req.server.port)
    };
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if !req.agent.is_empty() {
        head.push_str(&format!("User-Agent: {}\r\n", req.agent));
    }
    if let Some(value) = proxy_basic(creds, &via) {
        head.push_str(&format!("Proxy-Authorization: {value}\r\n"));
    }
    head.push_str("\r\n");
    req.tunnel_out = crate::http::headers::to_latin1(&head);
    req.tunnel_off = 0;
    req.enter(h, Phase::Tunnel);
}

/// Proxy-Authorization Basic from PROXY_USERNAME/PROXY_PASSWORD, or from the proxy setting's
/// own user:password@.
fn proxy_basic(
    creds: Option<(Option<String>, Option<String>)>,
    via: &crate::http::proxy::Proxy,
) -> Option<String> {
    let (user, pass) = match creds {
        Some((Some(u), p)) if !u.is_empty() => (u, p.unwrap_or_default()),
        _ => (via.user.clone()?, via.password.clone().unwrap_or_default()),
    };
    Some(crate::http::auth::basic(&user, &pass))
}

/// Write the CONNECT request and read the proxy's answer. True when the tunnel is open and the
/// TLS handshake may begin. A refusal (407, 403, ...) becomes the request's response.
fn drive_tunnel(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let State { nodes, conns, .. } = &mut *st;
    let Some(req) = nodes.get_mut(&h).and_then(super::Node::request) else {
        return false;
    };
    let Some(conn) = conns.get(cid) else {
        return false;
    };
    if req.tunnel_off < req.tunnel_out.len() {
        match conn.write_some(&req.tunnel_out[req.tunnel_off..]) {
            Ok(n) => req.tunnel_off += n,
            Err(e) => {
                fail_io(sh, st, h, &e);
                return false;
            }
        }
        if req.tunnel_off < req.tunnel_out.len() {
            return false;
        }
    }
    loop {
        let after_interim = st.req(h).is_some_and(|r| r.interim > 0);
        let Some(conn) = st.conns.get(cid) else {
            return false;
        };
        match response::next(conn.pending(), DEFAULT_MAX_HEAD, after_interim) {
            Ok(Next::Junk(n)) => {
                conn.consume(n);
                let Some(req) = st.req(h) else {
                    return false;
                };
                req.junk += n;
                if req.junk > DEFAULT_MAX_HEAD {
                    fail(sh, st, h, Error::InvalidServerResponse);
                    return false;
                }
                continue;
            }
            Ok(Next::Head(head, n)) => {
                if head.is_interim() {
                    conn.consume(n);
                    let Some(req) = st.req(h) else {
                        return false;
                    };
                    req.interim += 1;
                    if req.interim > MAX_INTERIM {
                        fail(sh, st, h, Error::InvalidServerResponse);
                        return false;
                    }
                    continue;
                }
                if (200..300).contains(&head.status) {
                    conn.consume(n);
                    if let Some(req) = st.req(h) {
                        req.tunnel_out = Vec::new();
                        // The origin's own response starts afresh.
                        req.interim = 0;
                        req.junk = 0;
                    }
                    // Now the TLS handshake, as for a direct connection.
                    return begin_tls(sh, st, h, cid);
                }
                // The proxy refused: its answer is the response; the connection is not reused.
                conn.consume(n);
                if let Some(req) = st.req(h) {
                    req.early = true;
                    req.tunnel_out = Vec::new();
                }
                on_head(sh, st, h, head, n);
                return false;
            }
            Ok(Next::Need) => {}
            // A proxy answers CONNECT with a status line, or not at all.
            Ok(Next::NoStatusLine) => {
                let why = head_error_text(st, h, cid, ParseError::Invalid, DEFAULT_MAX_HEAD);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            Err(e) => {
                let why = head_error_text(st, h, cid, e, DEFAULT_MAX_HEAD);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
        }
        match conn.fill(DEFAULT_MAX_HEAD + 1) {
            Ok(Fill::Got(n)) if n > 0 => {}
            Ok(Fill::WouldBlock) => return false,
            Ok(Fill::Got(_)) => {
                let why = head_error_text(st, h, cid, ParseError::TooLarge, DEFAULT_MAX_HEAD);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            Ok(Fill::Eof) => {
                let why = closed_text(st, h, cid);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            Err(e) => {
                fail_io(sh, st, h, &e);
                return false;
            }
        }
    }
}

/// Read and parse the response head. Returns true when the head arrived (the phase moved on).
fn read_head(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let max_head = st
        .nodes
        .get(&h)
        .map_or(DEFAULT_MAX_HEAD, |n| n.opts.max_head as usize);
    loop {
        let Some(req) = st.req(h) else {
            return false;
        };
        let after_interim = req.interim > 0;
        // A reply without a status line (HTTP/0.9) is read only as the first answer on a new
        // connection. On a reused one, such bytes are more likely the tail of an earlier
        // response than an answer, and reading them as one would let a response smuggle
        // another.
        let fresh = !req.reused;
        let Some(conn) = st.conns.get(cid) else {
            return false;
        };
        match response::next(conn.pending(), max_head, after_interim) {
            Ok(Next::Junk(n)) => {
                conn.consume(n);
                let Some(req) = st.req(h) else {
                    return false;
                };
                req.got_bytes = true;
                req.junk += n;
                if req.junk > max_head {
                    fail(sh, st, h, Error::InvalidServerResponse);
                    return false;
                }
                continue;
            }
            Ok(Next::Head(head, n)) => {
                conn.consume(n);
                if let Some(req) = st.req(h) {
                    req.got_bytes = true;
                }
                if head.is_interim() {
                    let Some(req) = st.req(h) else {
                        return false;
                    };
                    req.interim += 1;
                    if req.interim > MAX_INTERIM {
                        let why = format!(
                            "More than {MAX_INTERIM} interim (1xx) responses from {}",
                            req.peer_text()
                        );
                        fail_because(sh, st, h, Error::InvalidServerResponse, why);
                        return false;
                    }
                    continue;
                }
                on_head(sh, st, h, head, n);
                return true;
            }
            Ok(Next::NoStatusLine) if fresh => {
                if let Some(req) = st.req(h) {
                    req.got_bytes = true;
                }
                if crate::trace::on(3) {
                    crate::trace::emit(
                        3,
                        "< (no status line: an HTTP/0.9 reply, all body until the close)",
                    );
                }
                on_head(sh, st, h, ResponseHead::without_status_line(), 0);
                return true;
            }
            Ok(Next::Need) => {}
            Ok(Next::NoStatusLine) => {
                let why = head_error_text(st, h, cid, ParseError::Invalid, max_head);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
            Err(e) => {
                let why = head_error_text(st, h, cid, e, max_head);
                fail_because(sh, st, h, Error::InvalidServerResponse, why);
                return false;
            }
        }
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

fn on_head(sh: &Shared, st: &mut State, h: HandleId, head: ResponseHead, head_len: usize) {
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
        let mut jar = super::COOKIES.lock().unwrap_or_else(|e| e.into_inner());
        let now = super::now_unix();
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
        Some(head) => super::follow::plan(st, h, &head),
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
        finish_body(sh, st, h);
    }
    sh.complete(st, h, Ok(0), false);
}

/// Eat whatever of the current response body is already buffered. True when that was all of it
/// (the connection is then ready for the next request).
fn discard_buffered(st: &mut State, h: HandleId) -> bool {
    let State { nodes, conns, .. } = st;
    let Some(req) = nodes.get_mut(&h).and_then(super::Node::request) else {
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

/// Send the request again for a redirect or a credentials challenge, on the same handle. The
/// pending operation carries on; its REQUEST_COMPLETE comes with the final response.
fn restart(sh: &Shared, st: &mut State, h: HandleId, plan: super::follow::Plan) {
    use super::follow::{key_of, Plan};
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
    } else {
        drop_conn(sh, st, h, false);
    }
    if let Some(req) = st.req(h) {
        req.reused = false;
    }
    start(sh, st, h);
}

/// Progress a pending body operation (read, no-wait read, or data-available query).
fn drive_body(sh: &Shared, st: &mut State, h: HandleId) {
    let Some(req) = st.req(h) else {
        return;
    };
    match req.op {
        Some(Op::Read {
            buf,
            len,
            filled,
            out,
        }) => {
            let mut now = filled;
            let r = fill(sh, st, h, buf, len, &mut now);
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

#[cfg(test)]
mod tests {
    use super::Phase;

    #[test]
    fn state_names_are_words_the_documentation_lists() {
        let doc = include_str!("../../docs/tracing.md");
        let states = doc
            .split("**States**")
            .nth(1)
            .and_then(|s| s.split("\n\n").next())
            .expect("docs/tracing.md describes the states");
        let all = [
            Phase::Idle,
            Phase::Waiting,
            Phase::Resolving,
            Phase::Connecting,
            Phase::Tunnel,
            Phase::Handshaking,
            Phase::Gate,
            Phase::SendingHead,
            Phase::HeadSent,
            Phase::AwaitHead,
            Phase::Body,
            Phase::Failed,
        ];
        for p in all {
            let name = p.name();
            assert!(
                name.chars().all(|c| c.is_ascii_alphabetic() || c == ' '),
                "{name:?} is not in words"
            );
            // Written as `name`, possibly broken over two lines.
            let flat = states.replace('\n', " ");
            assert!(
                flat.contains(&format!("`{name}`")),
                "docs/tracing.md does not list the state {name:?}"
            );
        }
        let names: std::collections::HashSet<_> = all.iter().map(|p| p.name()).collect();
        assert_eq!(names.len(), all.len(), "two states share a name");
    }
}
