// SPDX-License-Identifier: MIT OR Apache-2.0
//! Getting a connection: the pool and the per-server limit (and the requests waiting on it),
//! resolving and connecting to each address in turn, the gate before the head is sent
//! (cookies and preauthorization), TLS and the CONNECT tunnel through a proxy.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use crate::error::Error;
use crate::http::response::{self, Next, ParseError, DEFAULT_MAX_HEAD};
use crate::reactor::conn::{ConnId, Fill};
use crate::reactor::{resolve, status, HandleId, Info, Shared, State};

use super::api::guarded;
use super::drive::{drive, fail, fail_because, fail_io, fail_tls};
use super::explain::{addr_text, closed_text, head_error_text, trace_conn};
use super::head::on_head;
use super::{note_socket, text, Phase, FLAG_NO_COOKIES, MAX_INTERIM};

// SECURITY_FLAG_IGNORE_CERT_CN_INVALID and _DATE_INVALID are the same bits as their
// INTERNET_FLAG_IGNORE_CERT_ namesakes.
use crate::flags::{
    SECURITY_FLAG_IGNORE_CERT_CN_INVALID as IGNORE_CERT_CN_INVALID,
    SECURITY_FLAG_IGNORE_CERT_DATE_INVALID as IGNORE_CERT_DATE_INVALID,
    SECURITY_FLAG_IGNORE_REVOCATION as SEC_IGNORE_REVOCATION,
    SECURITY_FLAG_IGNORE_UNKNOWN_CA as SEC_IGNORE_UNKNOWN_CA,
};

/// The TLS settings request `h` verifies its server under: its security flags, its
/// INTERNET_FLAG_IGNORE_CERT_* flags and its extra CA file.
fn tls_options(st: &mut State, h: HandleId) -> crate::reactor::tls::TlsOptions {
    let Some(node) = st.nodes.get_mut(&h) else {
        return Default::default();
    };
    let sec = node.opts.security_flags;
    let ca = node.opts.ca_file.clone();
    let flags = node.request().map_or(0, |r| r.flags);
    crate::reactor::tls::TlsOptions {
        ignore_unknown_ca: sec & SEC_IGNORE_UNKNOWN_CA != 0,
        ignore_cn: (sec | flags) & IGNORE_CERT_CN_INVALID != 0,
        ignore_date: (sec | flags) & IGNORE_CERT_DATE_INVALID != 0,
        ignore_revocation: sec & SEC_IGNORE_REVOCATION != 0,
        extra_ca_file: ca.map(std::path::PathBuf::from),
    }
}

/// The pool key for request `h`'s server and TLS settings.
fn pool_key(st: &mut State, h: HandleId) -> crate::reactor::conn::PoolKey {
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
pub(super) fn start(sh: &Shared, st: &mut State, h: HandleId) {
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
pub(super) fn start_inner(sh: &Shared, st: &mut State, h: HandleId, from_queue: bool) {
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
    let server = crate::reactor::conn::server_of(&key);
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
                crate::reactor::tls::io_error_text(&e)
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
pub(super) fn connect_next(sh: &Shared, st: &mut State, h: HandleId) {
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
                let why = crate::reactor::tls::io_error_text(&e);
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
pub(super) fn enter_gate(sh: &Shared, st: &mut State, h: HandleId, on_caller: bool) {
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
    crate::reactor::follow::preauthorize(st, h);
    let creds = st
        .nodes
        .get(&h)
        .map(|n| (n.opts.proxy_username.clone(), n.opts.proxy_password.clone()));
    let Some(req) = st.req(h) else {
        return;
    };
    if req.flags & FLAG_NO_COOKIES == 0 {
        let jar = crate::reactor::COOKIES
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // Cookies from the jar replace a Cookie header the application set, as in WinInet.
        if let Some(cookies) = jar.header(
            &req.server.host,
            &req.target,
            req.server.secure,
            crate::reactor::now_unix(),
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

/// Start TLS on the request's connection, naming the origin server. False when that failed
/// (the request has failed).
pub(super) fn begin_tls(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let opts = tls_options(st, h);
    let Some(req) = st.req(h) else {
        return false;
    };
    let host = req.server.host.clone();
    let tls = crate::reactor::tls::client_config(&opts)
        .and_then(|config| crate::reactor::tls::Tls::new(config, &host));
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
pub(super) fn begin_tunnel(st: &mut State, h: HandleId) {
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
pub(super) fn drive_tunnel(sh: &Shared, st: &mut State, h: HandleId, cid: ConnId) -> bool {
    let State { nodes, conns, .. } = &mut *st;
    let Some(req) = nodes.get_mut(&h).and_then(crate::reactor::Node::request) else {
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
