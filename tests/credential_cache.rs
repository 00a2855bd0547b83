// SPDX-License-Identifier: MIT OR Apache-2.0
//! The process's cache of Basic credentials, as WinInet's password cache behaves: credentials a
//! server accepted go with later requests to paths under the directory of the accepted one,
//! before the server asks, from any session and from connect handles without credentials,
//! until INTERNET_OPTION_END_BROWSER_SESSION.
//!
//! A small keep-alive server (tests/support/tcp.rs) records the Authorization header of every
//! request and answers by path:
//!
//! | path | answer |
//! | --- | --- |
//! | `/noask…` | 200 `in` with accepted Basic credentials, else 400 with no challenge: only credentials sent before the server asks get in |
//! | `/second/…` | 200 `in` with accepted credentials, else 401 with `Basic realm="second"` |
//! | `/bearer…` | 200 `bearer` with `Bearer tok`, 201 `basic` with accepted Basic credentials, else 401 |
//! | anything else | 200 `in` with accepted credentials, else 401 with `Basic realm="placebo"` |
//!
//! The credentials the server accepts can change during a test. Every test runs in each kind of
//! session (synchronous, asynchronous on rinet's reactor thread, asynchronous driven by a thread
//! of the test) with the credentials given through the A and the W16 functions. The cache
//! belongs to the process, so the tests take turns, and each round has a server (a port) of
//! its own.

mod support;

use std::ffi::{c_void, CString};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::ptr::{null, null_mut};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rinet::ffi::options::*;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::modes::{next_context, record, wait_complete, Driver, Mode};
use support::tcp::TcpServer;

const PENDING: u32 = 997;
const QUERY_STATUS_CODE: u32 = 19;
const QUERY_FLAG_NUMBER: u32 = 0x2000_0000;
/// INTERNET_FLAG_NO_AUTH.
const NO_AUTH: u32 = 0x0004_0000;
/// HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE.
const ADD_OR_REPLACE: u32 = 0x2000_0000 | 0x8000_0000;

/// `Basic` credentials for user:pwd, user1:pwd1 and user:wrong.
const USER_PWD: &str = "Basic dXNlcjpwd2Q=";
const USER1_PWD1: &str = "Basic dXNlcjE6cHdkMQ==";
const USER_WRONG: &str = "Basic dXNlcjp3cm9uZw==";

/// The longest wait for a notification; only a broken test reaches it.
const STALL: Duration = Duration::from_secs(60);

/// The tests take turns: the cache and END_BROWSER_SESSION are the process's.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// What the server saw of one request: method, path, Authorization header.
type Seen = (String, String, Option<String>);

struct CredServer {
    server: TcpServer,
    seen: Arc<Mutex<Vec<Seen>>>,
    accepted: Arc<Mutex<Vec<&'static str>>>,
}

impl CredServer {
    /// A server that accepts `accepted` (Authorization values).
    fn start(accepted: &[&'static str]) -> CredServer {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let accepted = Arc::new(Mutex::new(accepted.to_vec()));
        let (log, ok) = (seen.clone(), accepted.clone());
        let server = TcpServer::start(move |sock: TcpStream| {
            sock.set_read_timeout(Some(STALL)).unwrap();
            let mut reader = BufReader::new(sock.try_clone().unwrap());
            let mut sock = sock;
            while let Some((method, path, auth)) = read_request(&mut reader) {
                log.lock()
                    .unwrap()
                    .push((method, path.clone(), auth.clone()));
                let good = auth
                    .as_deref()
                    .is_some_and(|a| ok.lock().unwrap().contains(&a));
                let (status, extra, body) = if path.starts_with("/noask") {
                    if good {
                        ("200 OK", "", "in")
                    } else {
                        ("400 Bad Request", "", "no")
                    }
                } else if path.starts_with("/bearer") {
                    if auth.as_deref() == Some("Bearer tok") {
                        ("200 OK", "", "bearer")
                    } else if good {
                        ("201 Created", "", "basic")
                    } else {
                        (
                            "401 Unauthorized",
                            "WWW-Authenticate: Basic realm=\"placebo\"\r\n",
                            "out",
                        )
                    }
                } else if good {
                    ("200 OK", "", "in")
                } else if path.starts_with("/second/") {
                    (
                        "401 Unauthorized",
                        "WWW-Authenticate: Basic realm=\"second\"\r\n",
                        "out",
                    )
                } else {
                    (
                        "401 Unauthorized",
                        "WWW-Authenticate: Basic realm=\"placebo\"\r\n",
                        "out",
                    )
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                if sock.write_all(reply.as_bytes()).is_err() {
                    return;
                }
            }
        });
        CredServer {
            server,
            seen,
            accepted,
        }
    }

    fn port(&self) -> u16 {
        self.server.port()
    }

    /// The Authorization headers of the requests seen since the last call, in order, with
    /// their method and path.
    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    fn accept_only(&self, accepted: &[&'static str]) {
        *self.accepted.lock().unwrap() = accepted.to_vec();
    }
}

/// Read one request (its head and its Content-Length body): method, path, Authorization.
fn read_request(r: &mut BufReader<TcpStream>) -> Option<(String, String, Option<String>)> {
    let mut first = String::new();
    if r.read_line(&mut first).ok()? == 0 {
        return None;
    }
    let mut parts = first.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let (mut auth, mut len) = (None, 0usize);
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        if name.eq_ignore_ascii_case("Authorization") {
            auth = Some(value.trim().to_string());
        } else if name.eq_ignore_ascii_case("Content-Length") {
            len = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some((method, path, auth))
}

fn seen(method: &str, path: &str, auth: Option<&str>) -> Seen {
    (method.into(), path.into(), auth.map(Into::into))
}

// ---------------------------------------------------------------------------------------------
// The client, in three kinds of session, with A or W16 credentials
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Charset {
    A,
    W16,
}

/// Every kind of session with both kinds of credentials.
const ROUNDS: [(Mode, Charset); 6] = [
    (Mode::Sync, Charset::A),
    (Mode::Sync, Charset::W16),
    (Mode::Thread, Charset::A),
    (Mode::Thread, Charset::W16),
    (Mode::Driven, Charset::A),
    (Mode::Driven, Charset::W16),
];

/// A session (InternetOpen), closed on drop with everything under it.
struct Session {
    mode: Mode,
    charset: Charset,
    h: rinet_handle,
    driver: Option<Driver>,
}

impl Session {
    fn open((mode, charset): (Mode, Charset)) -> Session {
        let flags = mode.flags();
        let mut h = null_mut();
        let agent = cstr("rinet-credential-cache");
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_open(agent.as_ptr(), 1, null(), null(), flags, &mut h) },
            0
        );
        if mode != Mode::Sync {
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_set_status_callback(h, Some(record), null_mut()) },
                0
            );
        }
        let driver = (mode == Mode::Driven).then(|| Driver::start(h));
        Session {
            mode,
            charset,
            h,
            driver,
        }
    }

    /// InternetConnect to `host`:`port`, with credentials (NULL ones for None), through the
    /// A or the W16 function.
    fn connect(&self, host: &str, port: u16, creds: Option<(&str, &str)>) -> rinet_handle {
        let mut c = null_mut();
        let rc = match self.charset {
            Charset::A => {
                let host = cstr(host);
                let creds = creds.map(|(u, p)| (cstr(u), cstr(p)));
                let (u, p) = creds
                    .as_ref()
                    .map_or((null(), null()), |(u, p)| (u.as_ptr(), p.as_ptr()));
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_connect(self.h, host.as_ptr(), port, u, p, 3, 0, 0, &mut c) }
            }
            Charset::W16 => {
                let host = wide(host);
                let creds = creds.map(|(u, p)| (wide(u), wide(p)));
                let (u, p) = creds
                    .as_ref()
                    .map_or((null(), null()), |(u, p)| (u.as_ptr(), p.as_ptr()));
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_connect_w16(self.h, host.as_ptr(), port, u, p, 3, 0, 0, &mut c) }
            }
        };
        assert_eq!(rc, 0, "connect");
        c
    }

    /// Open `verb` `path` on `connect`, add `header` (if any) and send it; the request, sent.
    fn send(&self, connect: rinet_handle, verb: &str, path: &str, header: Option<&str>) -> Req {
        self.send_with(connect, verb, path, header, 0, false)
    }

    /// As [`Session::send`], with HttpOpenRequest `flags`, and INTERNET_OPTION_SUPPRESS_SERVER_AUTH
    /// set on the request first when `suppress`.
    fn send_with(
        &self,
        connect: rinet_handle,
        verb: &str,
        path: &str,
        header: Option<&str>,
        flags: u32,
        suppress: bool,
    ) -> Req {
        let ctx = next_context();
        let (verb, path) = (cstr(verb), cstr(path));
        let mut h = null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_open_request(
                    connect,
                    verb.as_ptr(),
                    path.as_ptr(),
                    null(),
                    null(),
                    null(),
                    flags,
                    ctx,
                    &mut h,
                )
            },
            0
        );
        if suppress {
            let mut on = 1u32;
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe {
                    rinet_set_option(
                        h,
                        RINET_OPTION_SUPPRESS_SERVER_AUTH,
                        &mut on as *mut u32 as *mut c_void,
                        4,
                    )
                },
                0
            );
        }
        if let Some(header) = header {
            let header = cstr(header);
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe { rinet_add_request_headers(h, header.as_ptr(), u32::MAX, ADD_OR_REPLACE) },
                0
            );
        }
        let req = Req {
            h,
            charset: self.charset,
        };
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_send_request(h, null(), 0, null(), 0) };
        let rc = if self.mode != Mode::Sync && rc == PENDING {
            wait_complete(ctx)
        } else {
            rc
        };
        assert_eq!(rc, 0, "{:?} {:?}: the send", self.mode, self.charset);
        req
    }

    /// INTERNET_OPTION_END_BROWSER_SESSION on this session's handle.
    fn end_browser_session(&self) {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_option(self.h, RINET_OPTION_END_BROWSER_SESSION, null_mut(), 0) },
            0
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_close_handle(self.h) };
        self.driver.take();
    }
}

/// A sent request, closed on drop.
struct Req {
    h: rinet_handle,
    charset: Charset,
}

impl Req {
    fn status(&self) -> u32 {
        let mut v = 0u32;
        let mut len = 4u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_query_info(
                    self.h,
                    QUERY_STATUS_CODE | QUERY_FLAG_NUMBER,
                    &mut v as *mut u32 as *mut c_void,
                    &mut len,
                    null_mut(),
                )
            },
            0
        );
        v
    }

    /// A string option through the A or the W16 function: the text and the length written
    /// (characters, without the NUL).
    fn option(&self, option: u32) -> (String, u32) {
        match self.charset {
            Charset::A => {
                let mut buf = [0u8; 64];
                let mut len = buf.len() as u32;
                assert_eq!(
                    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                    unsafe {
                        rinet_query_option(
                            self.h,
                            option,
                            buf.as_mut_ptr() as *mut c_void,
                            &mut len,
                        )
                    },
                    0
                );
                let end = buf.iter().position(|&b| b == 0).unwrap();
                (String::from_utf8(buf[..end].to_vec()).unwrap(), len)
            }
            Charset::W16 => {
                let mut buf = [0u16; 64];
                let mut len = (buf.len() * 2) as u32;
                assert_eq!(
                    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                    unsafe {
                        rinet_query_option_w16(
                            self.h,
                            option,
                            buf.as_mut_ptr() as *mut c_void,
                            &mut len,
                        )
                    },
                    0
                );
                let end = buf.iter().position(|&u| u == 0).unwrap();
                (String::from_utf16(&buf[..end]).unwrap(), len)
            }
        }
    }

    /// INTERNET_OPTION_USERNAME and PASSWORD with their lengths.
    fn credentials(&self) -> ((String, u32), (String, u32)) {
        (
            self.option(RINET_OPTION_USERNAME),
            self.option(RINET_OPTION_PASSWORD),
        )
    }
}

impl Drop for Req {
    fn drop(&mut self) {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(self.h) }, 0);
    }
}

fn creds(user: &str, password: &str) -> ((String, u32), (String, u32)) {
    (
        (user.into(), user.len() as u32),
        (password.into(), password.len() as u32),
    )
}

/// Log in to `server` as user:pwd in a session of its own: asked, answered, accepted.
fn log_in(round: (Mode, Charset), server: &CredServer, path: &str) {
    let s = Session::open(round);
    let c = s.connect("127.0.0.1", server.port(), Some(("user", "pwd")));
    let r = s.send(c, "GET", path, None);
    assert_eq!(r.status(), 200, "{round:?}");
    assert_eq!(
        server.take(),
        [seen("GET", path, None), seen("GET", path, Some(USER_PWD))],
        "{round:?}: asked, then answered"
    );
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// Credentials a server accepted in one session go, unasked, with a request of a new session
/// whose connect handle has none; the request's USERNAME and PASSWORD read them back.
#[test]
fn accepted_credentials_go_unasked_from_a_new_session() {
    let _serial = serial();
    for round in ROUNDS {
        let server = CredServer::start(&[USER_PWD]);
        log_in(round, &server, "/upload.txt");
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(r.status(), 200, "{round:?}: sent before the server asked");
        assert_eq!(
            server.take(),
            [seen("PUT", "/noask2.txt", Some(USER_PWD))],
            "{round:?}"
        );
        assert_eq!(r.credentials(), creds("user", "pwd"), "{round:?}");
        // Another request of that session, with a path in the directory, gets them too.
        let r = s.send(c, "GET", "/deeper/page?x=/y", None);
        assert_eq!(r.status(), 200, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("GET", "/deeper/page?x=/y", Some(USER_PWD))],
            "{round:?}"
        );
        drop(r);
        // INTERNET_FLAG_NO_AUTH and SUPPRESS_SERVER_AUTH keep them back.
        for (flags, suppress) in [(NO_AUTH, false), (0, true)] {
            let r = s.send_with(c, "PUT", "/noask2.txt", None, flags, suppress);
            assert_eq!(r.status(), 400, "{round:?} {flags:#x} {suppress}");
            assert_eq!(server.take(), [seen("PUT", "/noask2.txt", None)]);
            assert_eq!(r.credentials(), creds("", ""), "{round:?}");
        }
    }
}

/// END_BROWSER_SESSION empties the cache: the next request goes without credentials, and its
/// USERNAME and PASSWORD read "" (length 0).
#[test]
fn end_browser_session_empties_the_cache() {
    let _serial = serial();
    for round in ROUNDS {
        let server = CredServer::start(&[USER_PWD]);
        log_in(round, &server, "/upload.txt");
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(r.status(), 200, "{round:?}: cached");
        assert_eq!(server.take().len(), 1);
        drop(r);
        s.end_browser_session();
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(r.status(), 400, "{round:?}: forgotten");
        assert_eq!(
            server.take(),
            [seen("PUT", "/noask2.txt", None)],
            "{round:?}"
        );
        assert_eq!(r.credentials(), creds("", ""), "{round:?}");
    }
}

/// A connect handle's own credentials go instead of the cached ones, before the server asks
/// (the cache says the path needs Basic credentials), and read back as its own. Once accepted
/// they are the cache's.
#[test]
fn a_handles_own_credentials_go_instead_of_the_cached_ones() {
    let _serial = serial();
    for round in ROUNDS {
        let server = CredServer::start(&[USER_PWD, USER1_PWD1]);
        log_in(round, &server, "/upload.txt");
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), Some(("user1", "pwd1")));
        let r = s.send(c, "GET", "/upload3.txt", None);
        assert_eq!(r.status(), 200, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("GET", "/upload3.txt", Some(USER1_PWD1))],
            "{round:?}: the handle's, unasked"
        );
        assert_eq!(r.credentials(), creds("user1", "pwd1"), "{round:?}");
        drop((r, s));
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(r.status(), 200, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("PUT", "/noask2.txt", Some(USER1_PWD1))],
            "{round:?}: the last accepted"
        );
        assert_eq!(r.credentials(), creds("user1", "pwd1"), "{round:?}");
    }
}

/// Credentials the server refused are not cached; cached ones it refuses later are forgotten,
/// and the 401 is the application's (rinet does not send them twice).
#[test]
fn only_credentials_the_server_accepts_stay_cached() {
    let _serial = serial();
    for round in ROUNDS {
        let server = CredServer::start(&[USER_PWD]);
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), Some(("user", "wrong")));
        let r = s.send(c, "GET", "/upload.txt", None);
        assert_eq!(r.status(), 401, "{round:?}");
        assert_eq!(
            server.take(),
            [
                seen("GET", "/upload.txt", None),
                seen("GET", "/upload.txt", Some(USER_WRONG))
            ],
            "{round:?}: asked, answered, refused"
        );
        drop((r, s));
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(r.status(), 400, "{round:?}: nothing was cached");
        assert_eq!(server.take(), [seen("PUT", "/noask2.txt", None)]);
        drop((r, s));

        log_in(round, &server, "/upload.txt");
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(r.status(), 200, "{round:?}: accepted, so cached");
        assert_eq!(server.take(), [seen("PUT", "/noask2.txt", Some(USER_PWD))]);
        drop(r);

        // The server stops accepting them: refused once, forgotten.
        server.accept_only(&[USER1_PWD1]);
        let r = s.send(c, "GET", "/upload.txt", None);
        assert_eq!(r.status(), 401, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("GET", "/upload.txt", Some(USER_PWD))],
            "{round:?}: sent unasked once, not again"
        );
        assert_eq!(r.credentials(), creds("", ""), "{round:?}");
        drop(r);
        let r = s.send(c, "GET", "/upload.txt", None);
        assert_eq!(r.status(), 401, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("GET", "/upload.txt", None)],
            "{round:?}: forgotten"
        );
    }
}

/// The protection space is the directory of the accepted path and the realm: a path outside
/// the directory waits for the challenge, which the cache answers when its realm is the
/// cached one; a server of another port or host name gets nothing.
#[test]
fn the_cache_keeps_to_the_directory_the_realm_and_the_server() {
    let _serial = serial();
    for round in ROUNDS {
        let server = CredServer::start(&[USER_PWD]);
        log_in(round, &server, "/dir/first.txt");
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "GET", "/dir/sub/b.txt", None);
        assert_eq!(r.status(), 200, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("GET", "/dir/sub/b.txt", Some(USER_PWD))],
            "{round:?}: in the directory: unasked"
        );
        drop(r);
        let r = s.send(c, "GET", "/second/x.txt", None);
        assert_eq!(r.status(), 401, "{round:?}");
        assert_eq!(
            server.take(),
            [seen("GET", "/second/x.txt", None)],
            "{round:?}: another directory and another realm: the 401 stands"
        );
        drop(r);
        let r = s.send(c, "GET", "/other.txt", None);
        assert_eq!(r.status(), 200, "{round:?}");
        assert_eq!(
            server.take(),
            [
                seen("GET", "/other.txt", None),
                seen("GET", "/other.txt", Some(USER_PWD))
            ],
            "{round:?}: another directory, the cached realm: asked, answered from the cache"
        );
        assert_eq!(r.credentials(), creds("user", "pwd"), "{round:?}");
        drop(r);

        // The same server under another host name, and a server on another port.
        let other = CredServer::start(&[USER_PWD]);
        for (host, port, log) in [
            ("localhost", server.port(), &server),
            ("127.0.0.1", other.port(), &other),
        ] {
            let c = s.connect(host, port, None);
            let r = s.send(c, "PUT", "/noask2.txt", None);
            assert_eq!(r.status(), 400, "{round:?} {host}:{port}");
            assert_eq!(log.take(), [seen("PUT", "/noask2.txt", None)], "{round:?}");
        }
    }
}

/// An Authorization header the application set goes as it is, cached credentials or not, and
/// is not cached itself.
#[test]
fn the_applications_authorization_header_stands() {
    let _serial = serial();
    for round in ROUNDS {
        let server = CredServer::start(&[USER_PWD]);
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(
            c,
            "GET",
            "/upload.txt",
            Some("Authorization: Basic dXNlcjpwd2Q="),
        );
        assert_eq!(r.status(), 200, "{round:?}");
        assert_eq!(server.take(), [seen("GET", "/upload.txt", Some(USER_PWD))]);
        drop((r, s));
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "PUT", "/noask2.txt", None);
        assert_eq!(
            r.status(),
            400,
            "{round:?}: the application's header is not cached"
        );
        assert_eq!(server.take(), [seen("PUT", "/noask2.txt", None)]);
        drop((r, s));

        log_in(round, &server, "/upload.txt");
        let s = Session::open(round);
        let c = s.connect("127.0.0.1", server.port(), None);
        let r = s.send(c, "GET", "/bearer4.txt", Some("Authorization: Bearer tok"));
        assert_eq!(r.status(), 200, "{round:?}: the application's header went");
        assert_eq!(
            server.take(),
            [seen("GET", "/bearer4.txt", Some("Bearer tok"))]
        );
        drop(r);
        let r = s.send(c, "GET", "/bearer4.txt", None);
        assert_eq!(r.status(), 201, "{round:?}: without it, the cached ones");
        assert_eq!(server.take(), [seen("GET", "/bearer4.txt", Some(USER_PWD))]);
    }
}
