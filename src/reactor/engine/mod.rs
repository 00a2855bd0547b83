// SPDX-License-Identifier: MIT OR Apache-2.0
//! The request state machine: connecting, sending, uploading, receiving heads and bodies.
//!
//! Every function here runs with the session lock held, on the reactor thread (readiness,
//! timers, resolutions) or on a caller's thread (an API call trying its I/O at once). None of
//! them calls a status callback: they queue notes, which the session delivers once the lock is
//! released.
//!
//! This file holds a request's state ([`Request`], its [`Phase`] and pending [`Op`]), the socket
//! facts the options read ([`socket_info`]) and the flags the engine's files share. The rest:
//!
//! - `api.rs`: the entry points the API calls (send_request, send_request_ex, write_file,
//!   end_request, read_file, query_data_available), the panic guard, the reset before a new
//!   send, and the checks and defaults of the request headers;
//! - `connect.rs`: getting a connection: the pool and the per-server limit with the requests
//!   waiting on it, resolving, connecting address by address, the gate before the head is sent,
//!   TLS and the CONNECT tunnel through a proxy;
//! - `drive.rs`: moving a request along: readiness events, timeouts, the loop over the phases,
//!   the early answer during an upload, retry on a fresh connection, failure, cancellation, and
//!   the synchronous caller waiting on its own socket;
//! - `head.rs`: reading the response head and acting on it, and sending again for a redirect or
//!   a credentials challenge;
//! - `body.rs`: the response body: filling the caller's buffer, what is available, the body's
//!   end and the connection's return to the pool or its close, and the drain of an unread body;
//! - `explain.rs`: the words for what went wrong (a failed request's detail) and the connection
//!   and TLS traces.

use std::net::SocketAddr;
use std::time::Instant;

use super::conn::ConnId;
use super::{HandleId, Info, Server, State};
use crate::error::Error;
use crate::http::response::ResponseHead;
use crate::http::{BodyDecoder, Framing, HeaderList};

mod api;
mod body;
mod connect;
mod drive;
mod explain;
mod head;

pub use api::{
    end_request, guarded, query_data_available, read_file, send_request, send_request_ex,
    write_file, ReadMode,
};
pub use connect::{gate_passed, on_resolved, serve_waiters};
pub use drive::{
    abandon, cancel, drive, fail, on_event, on_timeout, sync_after_wait, sync_wait_target,
    sync_wake, unwind,
};

pub use super::lent::{Lent, Out};

/// The operation a request is waiting on. At most one at a time.
#[derive(Debug)]
pub enum Op {
    /// send_request: completes when the response head has arrived.
    Send,
    /// send_request_ex: completes when the head and initial bytes are on the wire.
    SendEx,
    /// end_request: completes when the response head has arrived.
    End,
    /// write_file that could not finish at once: `done` of `buf`'s bytes are written.
    Write { buf: Lent, done: usize, out: Out },
    /// A read that fills `buf` (or to the end of the body); `filled` bytes so far.
    Read { buf: Lent, filled: usize, out: Out },
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
    /// The response asked for its connection to be closed and it has been, with the end of
    /// the body; CLOSING_CONNECTION and CONNECTION_CLOSED are still to be told
    /// ([`body::announce_close`]).
    close_owed: bool,
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
            close_owed: false,
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

/// Interim (1xx) responses skipped before one is taken as the server misbehaving.
const MAX_INTERIM: u32 = 16;

use crate::flags::{
    INTERNET_FLAG_KEEP_CONNECTION as FLAG_KEEP_CONNECTION,
    INTERNET_FLAG_NO_CACHE_WRITE as FLAG_NO_CACHE_WRITE,
    INTERNET_FLAG_NO_COOKIES as FLAG_NO_COOKIES,
    INTERNET_FLAG_PRAGMA_NOCACHE as FLAG_PRAGMA_NOCACHE,
};

fn text(s: &str) -> Info {
    Info::Text(s.replace('\0', ""))
}

#[cfg(test)]
mod tests {
    use super::Phase;

    #[test]
    fn state_names_are_words_the_documentation_lists() {
        let doc = include_str!("../../../docs/tracing.md");
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
