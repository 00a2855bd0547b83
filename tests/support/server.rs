// SPDX-License-Identifier: MIT OR Apache-2.0
//! The rinet test server: a real HTTP/1.1 server on 127.0.0.1 that the Rust integration tests,
//! the C test programs and the demo talk to.
//!
//! It uses std's blocking sockets, one thread per connection, and keeps connections alive unless
//! the request asks to close (`Connection: close`, or HTTP/1.0 without `Connection: keep-alive`)
//! or the route closes (`/close/<n>`). Request bodies are framed by `Content-Length` or by
//! `Transfer-Encoding: chunked`; a request with `Expect: 100-continue` and a body gets
//! `HTTP/1.1 100 Continue` before the server reads that body.
//!
//! Routes match on the path only (the query string is ignored) and accept any method; `HEAD`
//! answers with the headers the same request would get without its body. Every route reads and
//! drops a request body it does not use, so a connection stays usable.
//!
//! "The pattern" is the generated body used by several routes: byte `i` is `b'a' + (i % 26)`.
//!
//! | route | reply |
//! | --- | --- |
//! | `/bytes/<n>` | 200, `Content-Length: n`, `application/octet-stream`, the pattern |
//! | `/chunked/<n>/<k>` | 200, chunked, the pattern in chunks of `k` bytes, then `0\r\nX-Trailer: yes\r\n\r\n` |
//! | `/close/<n>` | 200, `Connection: close`, no length, `n` pattern bytes, then the server closes |
//! | `/upload` | 200 `text/plain`, body `"<len> <fnv1a64 of the body, 16 lowercase hex digits>"` |
//! | `/echo` | 200 `application/octet-stream`, the request body verbatim |
//! | `/headers` | 200 `text/plain`, the raw request head byte for byte (through the final CRLF CRLF) |
//! | `/status/<code>` | that status (100..=599), body `status <code>`; 1xx, 204 and 304 have no body and no `Content-Length` |
//! | `/slowread/<ms>` | sleeps `ms` before each read of at most 4096 body bytes, then replies as `/upload` |
//! | `/paced/<KiB/s>` | reads the body at no more than that many KiB per second on average (each read of at most 64 KiB waits until the bytes read so far fit the rate), then replies as `/upload` |
//! | `/hold/<ms>` | sleeps `ms`, then 200 `text/plain` body `held` |
//! | `/continue` | `HTTP/1.1 100 Continue`, then 200 `text/plain` body `after continue` |
//! | `/cookies` | 200 with `Set-Cookie: a=1` and `Set-Cookie: b=2`, body `cookies` |
//! | `/stats` | 200 `text/plain`, body `accepts <n> requests <m>`, this request counted in `m` |
//! | `/redirect` | 302, `Location: /bytes/5` (relative), body `redirect` |
//! | `/partial/<n>/<k>/<key>` | 200, `Content-Length: n`, the first `k` pattern bytes; then it counts as an arrival at gate `key` and holds until that gate is open, then sends the rest |
//! | `/gate/<key>` | counted as an arrival at gate `key`, held until that gate is open, then 200 `text/plain` body `gate <key>` |
//! | `/gate/<key>/<route>` | counted and held the same way (before its body is read), then answered as `/<route>` |
//! | `/open/<key>` | opens gate `key` for good (held requests go on, later ones pass), 200 `text/plain` body `open <key>` |
//! | `/arrived/<key>/<n>` | waits until `n` requests have arrived at gate `key`, then 200 `text/plain` body `arrived <count>` |
//! | `/answered/<key>/<n>` | waits until `n` requests that passed gate `key` have been answered in full (every byte of the answer acknowledged by the client's kernel: it is in the client's socket), then 200 `text/plain` body `answered <count>` |
//! | anything else | 404 `text/plain`, body `not found` |
//!
//! A malformed request head gets 400 `bad request` and the connection closes. Header values may
//! hold bytes above 0x7F (obs-text); `/headers` echoes them as they came.
//!
//! `/slowread` makes a client's writes wait once the bytes in flight fill the client's send
//! buffer and the server's receive buffer. On Linux loopback that is about 4 MiB (the client's
//! send buffer grows to `net.ipv4.tcp_wmem`'s maximum, 4 MiB by default), so a client must send
//! more than that to be made to wait. The server leaves `SO_RCVBUF` alone: shrinking it on an
//! accepted loopback connection, whose peer already sends 64 KiB segments into the window it
//! was offered, makes the kernel drop segments, and the client then stalls for tens of seconds
//! in retransmission back-off; shrinking it on the listening socket instead slows every upload
//! about sevenfold.
//!
//! Gates are the tests' deterministic signals, in place of sleeps: a test holds a request at a
//! gate for exactly as long as it needs it pending (a gate nobody opens holds until the server
//! stops), learns that a request reached the server (`/arrived`), or that its whole answer was
//! delivered (`/answered`), with no timing assumption. Gate keys are names without `/`; a gate
//! exists from its first mention. The same operations are methods of [`TestServer`] for the
//! Rust tests ([`TestServer::open_gate`], [`TestServer::wait_arrived`],
//! [`TestServer::wait_answered`]). Every wait ends when the server stops.
//!
//! [`TestServer`] stops on drop: it wakes its accept loop, shuts down every open connection,
//! and joins every thread it started, so nothing outlives the test that started it.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// Size of the buffer each connection reads request bodies into.
const BODY_READ: usize = 1 << 20;
/// Largest read made while looking for a request head or a chunk-size line. Small, so that
/// little of a `/slowread` body is read before the route is known.
const LINE_READ: usize = 4096;
/// Largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Read size used by `/slowread/<ms>`.
const SLOW_READ: usize = 4096;
/// Largest read made by `/paced/<KiB/s>`.
const PACED_READ: usize = 64 * 1024;

/// How a route reads a request body.
enum Pace {
    /// As fast as the client sends.
    Full,
    /// `/slowread/<ms>`: sleeps this many milliseconds before each read of [`SLOW_READ`] bytes.
    Sleep(u64),
    /// `/paced/<KiB/s>`: at most `bytes_per_s` on average since `start`; `read` so far.
    Rate {
        bytes_per_s: u64,
        start: Instant,
        read: u64,
    },
}
/// Size of the pattern block responses are written from: a multiple of 26 near 256 KiB.
const PATTERN_BLOCK: usize = 26 * 10_082;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Continues an FNV-1a 64-bit hash over `data`.
pub fn fnv1a64_update(mut hash: u64, data: &[u8]) -> u64 {
    for &b in data {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// FNV-1a 64-bit hash of `data`.
pub fn fnv1a64(data: &[u8]) -> u64 {
    fnv1a64_update(FNV_OFFSET, data)
}

/// The `/upload` reply body for `data`: `"<len> <fnv1a64 as 16 lowercase hex digits>"`.
pub fn upload_reply(data: &[u8]) -> String {
    format!("{} {:016x}", data.len(), fnv1a64(data))
}

/// The first `n` bytes of the pattern: byte `i` is `b'a' + (i % 26)`.
pub fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| b'a' + (i % 26) as u8).collect()
}

fn pattern_block() -> &'static [u8] {
    static BLOCK: OnceLock<Vec<u8>> = OnceLock::new();
    BLOCK.get_or_init(|| pattern(PATTERN_BLOCK))
}

/// A running test server. Dropping it stops it and joins all of its threads.
pub struct TestServer {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    stop: AtomicBool,
    accepts: AtomicU64,
    requests: AtomicU64,
    /// A clone of each open connection, so that stopping can shut them all down.
    open: Mutex<HashMap<u64, TcpStream>>,
    /// The gates, by key.
    gates: Mutex<HashMap<String, Gate>>,
    /// Signalled whenever a gate changes and when the server stops.
    gate_changed: Condvar,
}

/// One gate: whether it is open, and what passed it.
#[derive(Default, Clone, Copy)]
struct Gate {
    open: bool,
    arrived: u64,
    answered: u64,
}

impl Shared {
    /// Runs `change` on gate `key` (created if new) and wakes every waiter.
    fn update_gate(&self, key: &str, change: impl FnOnce(&mut Gate)) {
        let mut gates = self.gates.lock().unwrap();
        change(gates.entry(key.to_string()).or_default());
        drop(gates);
        self.gate_changed.notify_all();
    }

    /// Waits until `done` holds for gate `key`. Fails when the server stops first.
    fn wait_gate(&self, key: &str, done: impl Fn(&Gate) -> bool) -> io::Result<Gate> {
        let mut gates = self.gates.lock().unwrap();
        loop {
            let gate = gates.entry(key.to_string()).or_default();
            if done(gate) {
                return Ok(*gate);
            }
            if self.stop.load(Ordering::SeqCst) {
                return Err(io::Error::new(
                    io::ErrorKind::Interrupted,
                    "server stopping",
                ));
            }
            gates = self.gate_changed.wait(gates).unwrap();
        }
    }
}

/// Ports this process has listened on, and the listeners held open on ports the system
/// offered a second time (so that it offers them no more).
static PORTS: Mutex<(Option<HashSet<u16>>, Vec<TcpListener>)> = Mutex::new((None, Vec::new()));

/// A listener on 127.0.0.1 with a port this process has not listened on before.
pub fn listen() -> io::Result<TcpListener> {
    let mut ports = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = listener.local_addr()?.port();
        if ports.0.get_or_insert_with(HashSet::new).insert(port) {
            return Ok(listener);
        }
        ports.1.push(listener);
    }
}

impl TestServer {
    /// Starts a server on 127.0.0.1 with a port chosen by the system. Panics if it cannot.
    pub fn start() -> TestServer {
        TestServer::start_on(0).expect("start the test server on 127.0.0.1:0")
    }

    /// Starts a server on 127.0.0.1:`port` (0: a port chosen by the system).
    pub fn start_on(port: u16) -> io::Result<TestServer> {
        let listener = if port == 0 {
            listen()?
        } else {
            TcpListener::bind((Ipv4Addr::LOCALHOST, port))?
        };
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            accepts: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
            gates: Mutex::new(HashMap::new()),
            gate_changed: Condvar::new(),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("testserver-accept".into())
                .spawn(move || accept_loop(listener, shared))?
        };
        Ok(TestServer {
            port,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// Connections accepted so far.
    pub fn accepts(&self) -> u64 {
        self.shared.accepts.load(Ordering::SeqCst)
    }

    /// Request heads received so far.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Opens gate `key` for good, as `/open/<key>` does.
    pub fn open_gate(&self, key: &str) {
        self.shared.update_gate(key, |gate| gate.open = true);
    }

    /// Waits until `n` requests have arrived at gate `key`, as `/arrived/<key>/<n>` does.
    pub fn wait_arrived(&self, key: &str, n: u64) {
        self.shared
            .wait_gate(key, |gate| gate.arrived >= n)
            .expect("the test server stopped while a test waited for an arrival");
    }

    /// Waits until `n` requests that passed gate `key` are answered in full, as
    /// `/answered/<key>/<n>` does.
    pub fn wait_answered(&self, key: &str, n: u64) {
        self.shared
            .wait_gate(key, |gate| gate.answered >= n)
            .expect("the test server stopped while a test waited for an answer");
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake every gate waiter (taking the lock orders this after any waiter's stop check).
        drop(self.shared.gates.lock().unwrap());
        self.shared.gate_changed.notify_all();
        // Wake the accept loop; it sees the stop flag and ends. A failed connect means the
        // listener is already gone, which also ends the loop.
        let _ = TcpStream::connect(self.addr());
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    let mut next_id = 0u64;
    loop {
        let accepted = listener.accept();
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        shared.accepts.fetch_add(1, Ordering::SeqCst);
        workers.retain(|w| !w.is_finished());
        let id = next_id;
        next_id += 1;
        if let Ok(clone) = stream.try_clone() {
            shared.open.lock().unwrap().insert(id, clone);
        }
        let worker_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name(format!("testserver-conn-{id}"))
            .spawn(move || {
                let _ = serve_connection(stream, &worker_shared);
                worker_shared.open.lock().unwrap().remove(&id);
            });
        match spawned {
            Ok(worker) => workers.push(worker),
            Err(_) => {
                shared.open.lock().unwrap().remove(&id);
            }
        }
    }
    drop(listener);
    for stream in shared.open.lock().unwrap().values() {
        let _ = stream.shutdown(Shutdown::Both);
    }
    for worker in workers {
        let _ = worker.join();
    }
}

/// Sleeps for `ms` milliseconds. Fails as soon as the server stops, so that a connection
/// thread ends instead of answering.
fn nap(shared: &Shared, ms: u64) -> io::Result<()> {
    let end = Instant::now() + Duration::from_millis(ms);
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "server stopping",
            ));
        }
        let now = Instant::now();
        if now >= end {
            return Ok(());
        }
        thread::sleep((end - now).min(Duration::from_millis(10)));
    }
}

/// How a request body is delimited.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Framing {
    Length(u64),
    Chunked,
}

/// A parsed request head.
struct Request {
    raw: Vec<u8>,
    method: String,
    /// The path, without query string or absolute-form scheme and authority.
    path: String,
    http10: bool,
    framing: Framing,
    wants_close: bool,
    keep_alive_10: bool,
    expect_continue: bool,
}

impl Request {
    fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    fn has_body(&self) -> bool {
        self.framing != Framing::Length(0)
    }
}

fn parse_head(raw: Vec<u8>) -> Option<Request> {
    // Header values may hold bytes above 0x7F (obs-text: ISO-8859-1 values, say), which real
    // servers accept; the parts parsed here are ASCII.
    let text = String::from_utf8_lossy(&raw).into_owned();
    let mut lines = text.strip_suffix("\r\n\r\n")?.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?;
    let version = parts.next()?;
    if method.is_empty() || parts.next().is_some() {
        return None;
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return None,
    };
    let mut path = target;
    if let Some(rest) = path
        .strip_prefix("http://")
        .or_else(|| path.strip_prefix("https://"))
    {
        path = rest.find('/').map_or("/", |i| &rest[i..]);
    }
    let path = path.split('?').next().unwrap_or("").to_string();
    if !path.starts_with('/') {
        return None;
    }
    let mut length = None;
    let mut chunked = false;
    let mut wants_close = false;
    let mut keep_alive_10 = false;
    let mut expect_continue = false;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.ends_with(' ') || name.ends_with('\t') {
            return None;
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            let n: u64 = value.parse().ok()?;
            if length.is_some_and(|old| old != n) {
                return None;
            }
            length = Some(n);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            let last = value.rsplit(',').next().unwrap_or("").trim();
            if !last.eq_ignore_ascii_case("chunked") {
                return None;
            }
            chunked = true;
        } else if name.eq_ignore_ascii_case("connection") {
            for token in value.split(',') {
                let token = token.trim();
                wants_close |= token.eq_ignore_ascii_case("close");
                keep_alive_10 |= token.eq_ignore_ascii_case("keep-alive");
            }
        } else if name.eq_ignore_ascii_case("expect") {
            expect_continue = value.eq_ignore_ascii_case("100-continue");
        }
    }
    let framing = match (chunked, length) {
        (true, Some(_)) => return None,
        (true, None) => Framing::Chunked,
        (false, n) => Framing::Length(n.unwrap_or(0)),
    };
    Some(Request {
        raw,
        method,
        path,
        http10,
        framing,
        wants_close,
        keep_alive_10,
        expect_continue,
    })
}

/// What a route answers.
enum Body {
    /// No body and no `Content-Length` (1xx, 204, 304).
    Empty,
    /// These bytes, with `Content-Length`.
    Bytes(Vec<u8>),
    /// `n` pattern bytes, with `Content-Length`.
    Pattern(u64),
    /// `n` pattern bytes in chunks of `k`, then the trailer.
    Chunked(u64, u64),
    /// `n` pattern bytes, then the server closes the connection.
    CloseDelimited(u64),
    /// `n` pattern bytes with `Content-Length`, of which the first `k` go out at once and the
    /// rest once the gate (the key) is open.
    Partial(u64, u64, String),
}

struct Response {
    status: u16,
    content_type: &'static str,
    extra: Vec<&'static str>,
    body: Body,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: Body) -> Response {
        Response {
            status,
            content_type,
            extra: Vec::new(),
            body,
        }
    }

    fn text(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response::new(status, "text/plain", Body::Bytes(body.into()))
    }

    fn not_found() -> Response {
        Response::text(404, "not found")
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// A gate key: not empty, no `/`.
fn is_key(key: &str) -> bool {
    !key.is_empty() && !key.contains('/')
}

/// `/gate/<key>` or `/gate/<key>/<route>`: the key and what follows it (`""` or `/<route>`).
fn gate_of(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/gate/")?;
    let (key, inner) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    is_key(key).then_some((key, inner))
}

/// `<prefix><key>/<n>`: the key and the count.
fn key_and_count<'p>(path: &'p str, prefix: &str) -> Option<(&'p str, u64)> {
    let (key, n) = path.strip_prefix(prefix)?.split_once('/')?;
    let n = number_after(&format!("/{n}"), "/")?;
    is_key(key).then_some((key, n))
}

/// Parses the number after `prefix` in `path`, e.g. `/bytes/10`.
fn number_after(path: &str, prefix: &str) -> Option<u64> {
    let digits = path.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// One accepted connection: the socket and the buffer request bytes are read into.
struct Conn<'a> {
    stream: TcpStream,
    shared: &'a Shared,
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

fn serve_connection(stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut conn = Conn {
        stream,
        shared,
        buf: vec![0; BODY_READ],
        start: 0,
        end: 0,
    };
    while !shared.stop.load(Ordering::SeqCst) {
        let raw = match conn.read_head()? {
            Some(raw) => raw,
            None => return Ok(()),
        };
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let Some(req) = parse_head(raw) else {
            let mut response = Response::text(400, "bad request");
            response.extra.push("Connection: close");
            conn.write_response(&response, false)?;
            return conn.close_gracefully();
        };
        if !conn.handle(&req)? {
            return conn.close_gracefully();
        }
    }
    Ok(())
}

impl Conn<'_> {
    /// Handles one request. Returns whether the connection stays open.
    fn handle(&mut self, req: &Request) -> io::Result<bool> {
        let mut gate = None;
        let path = match gate_of(&req.path) {
            Some((key, inner)) => {
                self.shared.update_gate(key, |g| g.arrived += 1);
                self.shared.wait_gate(key, |g| g.open)?;
                gate = Some(key.to_string());
                inner
            }
            None => req.path.as_str(),
        };
        let is_continue = path == "/continue";
        if is_continue || (req.expect_continue && req.has_body()) {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        }
        let response = if path == "/upload" {
            let (len, hash) = self.hash_body(req.framing, &mut Pace::Full)?;
            Response::text(200, format!("{len} {hash:016x}"))
        } else if let Some(ms) = number_after(path, "/slowread/") {
            let (len, hash) = self.hash_body(req.framing, &mut Pace::Sleep(ms))?;
            Response::text(200, format!("{len} {hash:016x}"))
        } else if let Some(kib) = number_after(path, "/paced/").filter(|&k| k > 0) {
            let mut pace = Pace::Rate {
                bytes_per_s: kib * 1024,
                start: Instant::now(),
                read: 0,
            };
            let (len, hash) = self.hash_body(req.framing, &mut pace)?;
            Response::text(200, format!("{len} {hash:016x}"))
        } else if path == "/echo" {
            let mut body = Vec::new();
            self.read_body(req.framing, &mut Pace::Full, &mut |data| {
                body.extend_from_slice(data)
            })?;
            Response::new(200, "application/octet-stream", Body::Bytes(body))
        } else {
            self.read_body(req.framing, &mut Pace::Full, &mut |_| {})?;
            self.route(req, path, gate.as_deref())?
        };
        let keep_alive = !(req.wants_close
            || (req.http10 && !req.keep_alive_10)
            || matches!(response.body, Body::CloseDelimited(_)));
        let mut response = response;
        if !keep_alive {
            response.extra.push("Connection: close");
        } else if req.http10 {
            response.extra.push("Connection: keep-alive");
        }
        self.write_response(&response, req.is_head())?;
        if let Some(key) = gate {
            self.wait_acknowledged()?;
            self.shared.update_gate(&key, |g| g.answered += 1);
        }
        Ok(keep_alive)
    }

    /// The routes that do not use the request body (already read). `path` is the request's
    /// path, or what follows a gate's key; `gate` is that key.
    fn route(&mut self, req: &Request, path: &str, gate: Option<&str>) -> io::Result<Response> {
        if path.is_empty() {
            let key = gate.unwrap_or_default();
            return Ok(Response::text(200, format!("gate {key}")));
        }
        if let Some(key) = path.strip_prefix("/open/").filter(|k| is_key(k)) {
            self.shared.update_gate(key, |g| g.open = true);
            return Ok(Response::text(200, format!("open {key}")));
        }
        if let Some((key, n)) = key_and_count(path, "/arrived/") {
            let gate = self.shared.wait_gate(key, |g| g.arrived >= n)?;
            return Ok(Response::text(200, format!("arrived {}", gate.arrived)));
        }
        if let Some((key, n)) = key_and_count(path, "/answered/") {
            let gate = self.shared.wait_gate(key, |g| g.answered >= n)?;
            return Ok(Response::text(200, format!("answered {}", gate.answered)));
        }
        if let Some(n) = number_after(path, "/bytes/") {
            return Ok(Response::new(
                200,
                "application/octet-stream",
                Body::Pattern(n),
            ));
        }
        if let Some(rest) = path.strip_prefix("/chunked/") {
            return Ok(match rest.split_once('/') {
                Some((n, k)) => match (n.parse::<u64>(), k.parse::<u64>()) {
                    (Ok(n), Ok(k)) if k > 0 => {
                        Response::new(200, "application/octet-stream", Body::Chunked(n, k))
                    }
                    _ => Response::not_found(),
                },
                None => Response::not_found(),
            });
        }
        if let Some(rest) = path.strip_prefix("/partial/") {
            let mut parts = rest.splitn(3, '/');
            let n = parts.next().and_then(|n| n.parse::<u64>().ok());
            let k = parts.next().and_then(|k| k.parse::<u64>().ok());
            return Ok(match (n, k, parts.next().filter(|key| is_key(key))) {
                (Some(n), Some(k), Some(key)) => Response::new(
                    200,
                    "application/octet-stream",
                    Body::Partial(n, k, key.to_string()),
                ),
                _ => Response::not_found(),
            });
        }
        if let Some(n) = number_after(path, "/close/") {
            // `handle` adds `Connection: close` to every close-delimited response.
            return Ok(Response::new(
                200,
                "application/octet-stream",
                Body::CloseDelimited(n),
            ));
        }
        if let Some(code) = number_after(path, "/status/") {
            return Ok(match u16::try_from(code) {
                Ok(code @ (100..=199 | 204 | 304)) => {
                    Response::new(code, "text/plain", Body::Empty)
                }
                Ok(code @ 200..=599) => Response::text(code, format!("status {code}")),
                _ => Response::not_found(),
            });
        }
        if let Some(ms) = number_after(path, "/hold/") {
            nap(self.shared, ms)?;
            return Ok(Response::text(200, "held"));
        }
        Ok(match path {
            "/headers" => Response::text(200, req.raw.clone()),
            "/continue" => Response::text(200, "after continue"),
            "/redirect" => {
                let mut response = Response::text(302, "redirect");
                response.extra = vec!["Location: /bytes/5"];
                response
            }
            "/cookies" => {
                let mut response = Response::text(200, "cookies");
                response.extra = vec!["Set-Cookie: a=1", "Set-Cookie: b=2"];
                response
            }
            "/stats" => Response::text(
                200,
                format!(
                    "accepts {} requests {}",
                    self.shared.accepts.load(Ordering::SeqCst),
                    self.shared.requests.load(Ordering::SeqCst)
                ),
            ),
            _ => Response::not_found(),
        })
    }

    fn write_response(&mut self, response: &Response, head_only: bool) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\n",
            response.status,
            reason(response.status),
            response.content_type
        );
        match &response.body {
            Body::Empty | Body::CloseDelimited(_) => {}
            Body::Bytes(bytes) => head.push_str(&format!("Content-Length: {}\r\n", bytes.len())),
            Body::Pattern(n) | Body::Partial(n, ..) => {
                head.push_str(&format!("Content-Length: {n}\r\n"))
            }
            Body::Chunked(..) => head.push_str("Transfer-Encoding: chunked\r\n"),
        }
        for line in &response.extra {
            head.push_str(line);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        if head_only {
            return self.stream.write_all(head.as_bytes());
        }
        match &response.body {
            Body::Empty => self.stream.write_all(head.as_bytes()),
            Body::Bytes(bytes) => {
                let mut all = head.into_bytes();
                all.extend_from_slice(bytes);
                self.stream.write_all(&all)
            }
            Body::Pattern(n) | Body::CloseDelimited(n) => {
                self.stream.write_all(head.as_bytes())?;
                self.write_pattern(0, *n)
            }
            Body::Partial(n, k, key) => {
                self.stream.write_all(head.as_bytes())?;
                let k = (*k).min(*n);
                self.write_pattern(0, k)?;
                self.shared.update_gate(key, |g| g.arrived += 1);
                self.shared.wait_gate(key, |g| g.open)?;
                self.write_pattern(k, n - k)
            }
            Body::Chunked(n, k) => {
                self.stream.write_all(head.as_bytes())?;
                self.write_chunked(*n, *k)
            }
        }
    }

    /// Waits until the client's kernel has acknowledged every byte written (nothing is left in
    /// the socket's send queue): the bytes are then in the client's socket. Fails when the
    /// server stops first.
    fn wait_acknowledged(&self) -> io::Result<()> {
        use std::os::unix::io::AsRawFd;
        loop {
            let mut queued: libc::c_int = 0;
            // SAFETY: TIOCOUTQ (SIOCOUTQ for a socket) writes one int for a valid descriptor.
            let rc = unsafe { libc::ioctl(self.stream.as_raw_fd(), libc::TIOCOUTQ, &mut queued) };
            if rc != 0 {
                return Err(io::Error::last_os_error());
            }
            if queued == 0 {
                return Ok(());
            }
            nap(self.shared, 1)?;
        }
    }

    /// Writes pattern bytes `offset..offset + n`.
    fn write_pattern(&mut self, offset: u64, n: u64) -> io::Result<()> {
        let block = pattern_block();
        let mut at = offset;
        let end = offset + n;
        while at < end {
            let skew = (at % 26) as usize;
            let len = (end - at).min((block.len() - skew) as u64) as usize;
            self.stream.write_all(&block[skew..skew + len])?;
            at += len as u64;
        }
        Ok(())
    }

    fn write_chunked(&mut self, n: u64, k: u64) -> io::Result<()> {
        let block = pattern_block();
        let mut out = Vec::with_capacity(BODY_READ);
        let mut at = 0u64;
        while at < n {
            let size = k.min(n - at);
            out.extend_from_slice(format!("{size:x}\r\n").as_bytes());
            let mut left = size;
            while left > 0 {
                let skew = (at % 26) as usize;
                let len = left.min((block.len() - skew) as u64) as usize;
                out.extend_from_slice(&block[skew..skew + len]);
                at += len as u64;
                left -= len as u64;
                if out.len() >= BODY_READ {
                    self.stream.write_all(&out)?;
                    out.clear();
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\nX-Trailer: yes\r\n\r\n");
        self.stream.write_all(&out)
    }

    /// Reads from the socket into `buf[end..]`, at most `max` bytes, first moving unread bytes
    /// to the front when the buffer is full. Fails on end of stream.
    fn fill(&mut self, max: usize) -> io::Result<()> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        } else if self.end == self.buf.len() {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let limit = (self.end + max).min(self.buf.len());
        let n = self.stream.read(&mut self.buf[self.end..limit])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.end += n;
        Ok(())
    }

    /// Reads the next request head. `None` when the client closed between requests.
    fn read_head(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut searched = 0;
        loop {
            let pending = &self.buf[self.start..self.end];
            if let Some(at) = find(&pending[searched..], b"\r\n\r\n") {
                let len = searched + at + 4;
                let head = pending[..len].to_vec();
                self.start += len;
                return Ok(Some(head));
            }
            if pending.len() >= MAX_HEAD {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "head too long"));
            }
            searched = pending.len().saturating_sub(3);
            let was_empty = pending.is_empty();
            match self.fill(LINE_READ) {
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && was_empty => return Ok(None),
                other => other?,
            }
        }
    }

    /// Reads one CRLF-terminated line (without the CRLF).
    fn read_line(&mut self) -> io::Result<Vec<u8>> {
        let mut searched = 0;
        loop {
            let pending = &self.buf[self.start..self.end];
            if let Some(at) = find(&pending[searched..], b"\r\n") {
                let len = searched + at;
                let line = pending[..len].to_vec();
                self.start += len + 2;
                return Ok(line);
            }
            if pending.len() >= MAX_HEAD {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "line too long"));
            }
            searched = pending.len().saturating_sub(1);
            self.fill(LINE_READ)?;
        }
    }

    /// Passes the next `n` body bytes to `sink`, reading at the pace `pace` sets.
    fn copy_body(
        &mut self,
        mut n: u64,
        pace: &mut Pace,
        sink: &mut dyn FnMut(&[u8]),
    ) -> io::Result<()> {
        while n > 0 {
            let max = match pace {
                Pace::Sleep(ms) => {
                    nap(self.shared, *ms)?;
                    SLOW_READ
                }
                Pace::Rate {
                    bytes_per_s,
                    start,
                    read,
                } => {
                    // The time the bytes read so far are due at, to the nanosecond, and a nap
                    // rounded up to whole milliseconds: the pace is never faster than the rate.
                    let due = Duration::from_nanos(
                        (u128::from(*read) * 1_000_000_000 / u128::from(*bytes_per_s)) as u64,
                    );
                    let elapsed = start.elapsed();
                    if due > elapsed {
                        let micros = (due - elapsed).as_micros() as u64;
                        nap(self.shared, micros.div_ceil(1000))?;
                    }
                    PACED_READ
                }
                Pace::Full => BODY_READ,
            };
            if self.start == self.end {
                self.fill(max)?;
            }
            let len = n.min((self.end - self.start).min(max) as u64) as usize;
            sink(&self.buf[self.start..self.start + len]);
            self.start += len;
            n -= len as u64;
            if let Pace::Rate { read, .. } = pace {
                *read += len as u64;
            }
        }
        Ok(())
    }

    /// Reads a request body framed by `framing`, passing its bytes to `sink`.
    fn read_body(
        &mut self,
        framing: Framing,
        pace: &mut Pace,
        sink: &mut dyn FnMut(&[u8]),
    ) -> io::Result<()> {
        match framing {
            Framing::Length(n) => self.copy_body(n, pace, sink),
            Framing::Chunked => loop {
                let line = self.read_line()?;
                let size = std::str::from_utf8(&line)
                    .ok()
                    .and_then(|l| l.split(';').next())
                    .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
                    .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "chunk size"))?;
                if size == 0 {
                    // Trailer fields, up to the empty line.
                    while !self.read_line()?.is_empty() {}
                    return Ok(());
                }
                self.copy_body(size, pace, sink)?;
                if !self.read_line()?.is_empty() {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, "chunk end"));
                }
            },
        }
    }

    /// Reads a request body and returns its length and FNV-1a 64 hash.
    fn hash_body(&mut self, framing: Framing, pace: &mut Pace) -> io::Result<(u64, u64)> {
        let mut len = 0u64;
        let mut hash = FNV_OFFSET;
        self.read_body(framing, pace, &mut |data| {
            len += data.len() as u64;
            hash = fnv1a64_update(hash, data);
        })?;
        Ok((len, hash))
    }

    /// Ends the connection after a response: sends FIN, then reads until the client closes
    /// (or a second passes), so that unread request bytes do not turn the close into a reset
    /// that could destroy the response in flight.
    fn close_gracefully(&mut self) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)?;
        self.stream
            .set_read_timeout(Some(Duration::from_millis(100)))?;
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut scratch = [0u8; 4096];
        while Instant::now() < deadline && !self.shared.stop.load(Ordering::SeqCst) {
            match self.stream.read(&mut scratch) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e)
                    if e.kind() == io::ErrorKind::WouldBlock
                        || e.kind() == io::ErrorKind::TimedOut => {}
                Err(_) => break,
            }
        }
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
