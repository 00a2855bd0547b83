// SPDX-License-Identifier: MIT OR Apache-2.0
//! Tracing: RINET_TRACE=1/2/3 writes notifications, state changes and wire heads to stderr,
//! like `curl -v`; bodies are never traced and the values of Authorization, Cookie and
//! Set-Cookie are masked; rinet_set_trace routes the same lines to a callback; tracing off
//! writes nothing.
//!
//! The trace level is process-wide and RINET_TRACE is read once, so each case runs the
//! workload in a child process: this test binary again, running only `child_workload` with
//! RINET_TRACE set as the case needs. The workload sends a request whose head carries an
//! Authorization and a Cookie header to /headers, which echoes the request head as its body,
//! and one to /cookies, which answers with Set-Cookie. The secrets appearing anywhere in the
//! trace would mean a value was not masked or a body was traced.
//!
//! The scenarios below check what the trace says of real requests, line by line: a plain
//! connection opened then reused (with its number and peer), an HTTPS connection to a rustls
//! server with a certificate made here (TLS version, cipher suite, ALPN, subject, issuer,
//! dates), a refused connection (12029), a body cut short by the server (12030), and handles
//! with a context of 0, whose notifications are traced though not delivered. Each failure line
//! must carry the same words as rinet_get_last_response_info. The examples of docs/tracing.md
//! are compared with the traces of the same workloads.

mod support;

use std::ffi::{c_char, c_void, CStr, CString};
use std::process::Command;
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::time::Duration;

use rinet::ffi::info::{rinet_get_last_response_info, rinet_set_trace};
use rinet::ffi::options::{rinet_set_option, RINET_OPTION_CA_FILE, RINET_OPTION_SECURITY_FLAGS};
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::cprog::run_with_timeout;
use support::faulty::{self, FaultyServer};
use support::scratch::Scratch;
use support::server::TestServer;
use support::tcp::TcpServer;

const AUTH_SECRET: &str = "c2VjcmV0LXRva2Vu";
const COOKIE_SECRET: &str = "hunter2";
const CHILD_PORT: &str = "RINET_TRACE_TEST_PORT";
const CHILD_CALLBACK: &str = "RINET_TRACE_TEST_CALLBACK";
/// The scenario the child runs (see `child_workload`), and its arguments.
const CHILD_SCENARIO: &str = "RINET_TRACE_TEST_SCENARIO";
const CHILD_ARGS: &str = "RINET_TRACE_TEST_ARGS";

extern "C" fn status_callback(_h: rinet_handle, _c: usize, _s: u32, _i: *mut c_void, _l: u32) {}

/// Lines the trace callback received: (level, line, user pointer).
static LINES: Mutex<Vec<(u32, String, usize)>> = Mutex::new(Vec::new());

extern "C" fn trace_callback(level: u32, line: *const c_char, user: *mut c_void) {
    // SAFETY: rinet passes a NUL-terminated line valid during the call.
    let text = unsafe { CStr::from_ptr(line) }
        .to_string_lossy()
        .into_owned();
    LINES.lock().unwrap().push((level, text, user as usize));
}

/// A blocking GET of `path` with extra `headers`; reads the whole body.
fn get(connect: rinet_handle, path: &str, headers: &str) {
    let path = CString::new(path).unwrap();
    let mut r: rinet_handle = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_open_request(
            connect,
            null(),
            path.as_ptr(),
            null(),
            null(),
            null(),
            0,
            7,
            &mut r,
        )
    };
    assert_eq!(rc, 0);
    let h = CString::new(headers).unwrap();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(r, h.as_ptr(), u32::MAX, null(), 0) },
        0
    );
    let mut buf = [0u8; 4096];
    loop {
        let mut got = 0u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_read_file(r, buf.as_mut_ptr().cast(), buf.len() as u32, &mut got) },
            0
        );
        if got == 0 {
            break;
        }
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
}

/// The workload, run in a child process by the tests below; does nothing in a normal run.
#[test]
fn child_workload() {
    if let Ok(scenario) = std::env::var(CHILD_SCENARIO) {
        let args = std::env::var(CHILD_ARGS).unwrap_or_default();
        let args: Vec<&str> = args.split(' ').collect();
        run_scenario(&scenario, &args);
        return;
    }
    let Ok(port) = std::env::var(CHILD_PORT) else {
        return;
    };
    let port: u16 = port.parse().unwrap();
    let user = 0x5eed_usize;
    if std::env::var_os(CHILD_CALLBACK).is_some() {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_trace(3, Some(trace_callback), user as *mut c_void) },
            0
        );
    }
    let mut session: rinet_handle = null_mut();
    let agent = CString::new("trace-test").unwrap();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(agent.as_ptr(), 1, null(), null(), 0, &mut session) },
        0
    );
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_status_callback(session, Some(status_callback), null_mut()) },
        0
    );
    let host = CString::new("127.0.0.1").unwrap();
    let mut connect: rinet_handle = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_connect(
                session,
                host.as_ptr(),
                port,
                null(),
                null(),
                3,
                0,
                5,
                &mut connect,
            )
        },
        0
    );
    get(
        connect,
        "/headers",
        &format!(
            "Authorization: Basic {AUTH_SECRET}\r\nCookie: session={COOKIE_SECRET}\r\nX-Visible: yes\r\n"
        ),
    );
    get(connect, "/cookies", "");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(session) }, 0);
    if std::env::var_os(CHILD_CALLBACK).is_some() {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_trace(0, None, null_mut()) };
        for (level, line, u) in LINES.lock().unwrap().iter() {
            assert_eq!(*u, user, "the user pointer is passed through");
            // One call is one line: show any embedded line break.
            println!("CB {level} {}", line.replace('\n', "\\n"));
        }
    }
}

/// Runs the workload in a child with `env`; returns (stdout, stderr).
fn child(env: &[(&str, Option<&str>)]) -> (String, String) {
    let server = TestServer::start();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child_workload",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_PORT, server.port().to_string())
        .env_remove("RINET_TRACE")
        .env_remove(CHILD_CALLBACK);
    for (k, v) in env {
        match v {
            Some(v) => command.env(k, v),
            None => command.env_remove(k),
        };
    }
    let out = run_with_timeout(command, Duration::from_secs(120));
    assert!(
        out.status.success(),
        "{}",
        out.report("the traced workload")
    );
    (out.stdout, out.stderr)
}

fn rinet_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("rinet: "))
        .collect()
}

fn assert_no_secrets(text: &str) {
    for secret in [AUTH_SECRET, COOKIE_SECRET, "Set-Cookie: a=1"] {
        assert!(
            !text.contains(secret),
            "the trace shows {secret:?}:\n{text}"
        );
    }
}

#[test]
fn level_3_traces_notifications_states_and_heads_with_credentials_masked() {
    let (_, stderr) = child(&[("RINET_TRACE", Some("3"))]);
    let lines = rinet_lines(&stderr).join("\n");
    for want in [
        "HANDLE_CREATED",
        "SENDING_REQUEST",
        "REQUEST_SENT",
        "RESPONSE_RECEIVED",
        "HANDLE_CLOSING",
        "STATE: ",
        "rinet: > GET /headers HTTP/1.1",
        "rinet: > Authorization: ***",
        "rinet: > Cookie: ***",
        "rinet: > X-Visible: yes",
        "rinet: < HTTP/1.1 200",
        "rinet: < Set-Cookie: ***",
    ] {
        assert!(lines.contains(want), "no {want:?} in the trace:\n{lines}");
    }
    assert_no_secrets(&stderr);
}

#[test]
fn level_2_adds_state_changes_but_no_heads() {
    let (_, stderr) = child(&[("RINET_TRACE", Some("2"))]);
    let lines = rinet_lines(&stderr).join("\n");
    assert!(
        lines.contains("STATE: ") && lines.contains("HANDLE_CREATED"),
        "{lines}"
    );
    assert!(
        !lines.contains("rinet: > ") && !lines.contains("rinet: < "),
        "{lines}"
    );
}

#[test]
fn level_1_traces_notifications_only() {
    let (_, stderr) = child(&[("RINET_TRACE", Some("1"))]);
    let lines = rinet_lines(&stderr);
    assert!(!lines.is_empty(), "no trace at level 1:\n{stderr}");
    let text = lines.join("\n");
    assert!(
        text.contains("REQUEST_SENT") && text.contains("HANDLE_CLOSING"),
        "{text}"
    );
    assert!(
        !text.contains("STATE: ") && !text.contains("rinet: > "),
        "{text}"
    );
}

#[test]
fn tracing_off_writes_nothing() {
    for value in [None, Some("0"), Some("")] {
        let (_, stderr) = child(&[("RINET_TRACE", value)]);
        assert!(
            rinet_lines(&stderr).is_empty(),
            "RINET_TRACE={value:?} still traced:\n{stderr}"
        );
    }
}

#[test]
fn a_callback_receives_the_lines_instead_of_stderr() {
    // RINET_TRACE=1 in the environment: rinet_set_trace overrides it.
    let (stdout, stderr) = child(&[("RINET_TRACE", Some("1")), (CHILD_CALLBACK, Some("1"))]);
    assert!(
        rinet_lines(&stderr).is_empty(),
        "with a callback nothing goes to stderr:\n{stderr}"
    );
    let received: Vec<&str> = stdout.lines().filter(|l| l.starts_with("CB ")).collect();
    let text = received.join("\n");
    for want in [
        "CB 1 handle ",
        "CB 2 request ",
        "CB 3 > GET /headers HTTP/1.1",
        "CB 3 > Authorization: ***",
        "CB 3 > Cookie: ***",
        "CB 3 < HTTP/1.1 200 OK",
        "CB 3 < Set-Cookie: ***",
    ] {
        assert!(
            received.iter().any(|l| l.starts_with(want)),
            "no line starting {want:?} among the callback's lines:\n{text}"
        );
    }
    // The same lines as stderr gets, one per call, without stderr's "rinet: " prefix.
    let joined: Vec<&&str> = received
        .iter()
        .filter(|l| l.contains("\\n") || l.contains("rinet: "))
        .collect();
    assert!(
        joined.is_empty(),
        "the callback got several lines in one call, or stderr's prefix: {joined:#?}"
    );
    assert_no_secrets(&stdout);
}

// ---------------------------------------------------------------------------------------------
// Scenarios: real requests, and the lines their trace must hold
// ---------------------------------------------------------------------------------------------

const FLAG_SECURE: u32 = 0x0080_0000;

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// The child's report of a handle, which the parent reads to know the values in the trace.
fn report_handle(name: &str, h: rinet_handle) {
    println!("HANDLE {name} {:#x}", h as usize);
}

/// A synchronous session with a status callback (which ignores what it gets).
fn sync_session() -> rinet_handle {
    let mut session: rinet_handle = null_mut();
    let agent = cstr("trace-test");
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(agent.as_ptr(), 1, null(), null(), 0, &mut session) },
        0
    );
    report_handle("session", session);
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_status_callback(session, Some(status_callback), null_mut()) },
        0
    );
    session
}

fn connect_to(session: rinet_handle, port: u16, flags: u32, context: usize) -> rinet_handle {
    connect_host(session, "127.0.0.1", port, flags, context)
}

fn connect_host(
    session: rinet_handle,
    host: &str,
    port: u16,
    flags: u32,
    context: usize,
) -> rinet_handle {
    let host = cstr(host);
    let mut connect: rinet_handle = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_connect(
                session,
                host.as_ptr(),
                port,
                null(),
                null(),
                3,
                flags,
                context,
                &mut connect,
            )
        },
        0
    );
    connect
}

fn open(connect: rinet_handle, path: &str, flags: u32, context: usize) -> rinet_handle {
    let path = cstr(path);
    let mut r: rinet_handle = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                connect,
                null(),
                path.as_ptr(),
                null(),
                null(),
                null(),
                flags,
                context,
                &mut r,
            )
        },
        0
    );
    r
}

/// Send request `r` and read its whole body: Ok(body length) or Err(the failing call's code).
fn send_and_read(r: rinet_handle) -> Result<usize, u32> {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe { rinet_send_request(r, null(), 0, null(), 0) };
    if rc != 0 {
        return Err(rc);
    }
    let mut buf = [0u8; 4096];
    let mut total = 0;
    loop {
        let mut got = 0u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_read_file(r, buf.as_mut_ptr().cast(), buf.len() as u32, &mut got) };
        if rc != 0 {
            return Err(rc);
        }
        if got == 0 {
            return Ok(total);
        }
        total += got as usize;
    }
}

/// The calling thread's last response info: (error, text).
fn last_info() -> (u32, String) {
    let mut err = 0u32;
    let mut buf = vec![0u8; 4096];
    let mut len = buf.len() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_get_last_response_info(&mut err, buf.as_mut_ptr().cast(), &mut len) },
        0
    );
    (
        err,
        String::from_utf8(buf[..len as usize].to_vec()).unwrap(),
    )
}

fn close(h: rinet_handle) {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(h) }, 0);
}

/// One scenario, in the child. Each prints its handles and outcomes on stdout for the parent.
fn run_scenario(scenario: &str, args: &[&str]) {
    let port = |i: usize| args[i].parse::<u16>().unwrap();
    match scenario {
        // Two GETs on one connect handle: a new connection, then the same one reused.
        "reuse" => {
            let s = sync_session();
            let c = connect_to(s, port(0), 0, 5);
            for (name, ctx) in [("first", 7), ("second", 8)] {
                let r = open(c, "/bytes/10", 0, ctx);
                report_handle(name, r);
                assert_eq!(send_and_read(r), Ok(10));
                close(r);
            }
            close(s);
        }
        // An HTTPS GET to each of two servers, trusting the CA file args[0].
        "tls" => {
            let s = sync_session();
            for (i, name) in [(1, "tls13"), (2, "tls12")] {
                let c = connect_to(s, port(i), FLAG_SECURE, 5);
                let r = open(c, "/", FLAG_SECURE, 7);
                report_handle(name, r);
                let ca = cstr(args[0]);
                assert_eq!(
                    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                    unsafe {
                        rinet_set_option(r, RINET_OPTION_CA_FILE, ca.as_ptr() as *mut c_void, 0)
                    },
                    0
                );
                assert_eq!(send_and_read(r), Ok(2));
                close(c);
            }
            close(s);
        }
        // A GET that fails: at the send (nothing listens) or in the body (the server stops).
        "refused" | "aborted" => {
            let s = sync_session();
            let c = connect_to(s, port(0), 0, 5);
            let r = open(c, args.get(1).copied().unwrap_or("/"), 0, 7);
            report_handle("request", r);
            let rc = send_and_read(r).unwrap_err();
            let (err, text) = last_info();
            assert_eq!(err, rc);
            println!("FAILED {rc} {text}");
            close(s);
        }
        // A self-signed certificate for 127.0.0.1 from a server reached as localhost, with
        // SECURITY_FLAG_IGNORE_UNKNOWN_CA: refused, its name does not match.
        "mismatch" => {
            let s = sync_session();
            let c = connect_host(s, "localhost", port(0), FLAG_SECURE, 5);
            let r = open(c, "/", FLAG_SECURE, 7);
            report_handle("request", r);
            let mut flags = 0x100u32;
            assert_eq!(
                // SAFETY: arguments as the C contract asks (live handles, valid buffers).
                unsafe {
                    rinet_set_option(
                        r,
                        RINET_OPTION_SECURITY_FLAGS,
                        &mut flags as *mut u32 as *mut c_void,
                        4,
                    )
                },
                0
            );
            let rc = send_and_read(r).unwrap_err();
            println!("FAILED {rc} {}", last_info().1);
            close(s);
        }
        // A self-signed, expired certificate: accepted with SECURITY_FLAG_IGNORE_UNKNOWN_CA and
        // SECURITY_FLAG_IGNORE_CERT_DATE_INVALID, then refused without them.
        "selfsigned" => {
            let s = sync_session();
            let c = connect_to(s, port(0), FLAG_SECURE, 5);
            for (name, mut flags) in [("relaxed", 0x100u32 | 0x2000), ("strict", 0)] {
                let r = open(c, "/", FLAG_SECURE, 7);
                report_handle(name, r);
                if flags != 0 {
                    assert_eq!(
                        // SAFETY: arguments as the C contract asks (live handles, valid
                        // buffers).
                        unsafe {
                            rinet_set_option(
                                r,
                                RINET_OPTION_SECURITY_FLAGS,
                                &mut flags as *mut u32 as *mut c_void,
                                4,
                            )
                        },
                        0
                    );
                }
                match send_and_read(r) {
                    Ok(n) => println!("READ {n}"),
                    Err(rc) => println!("FAILED {rc} {}", last_info().1),
                }
                close(r);
            }
            close(s);
        }
        // Handles with a context of 0 under a session with a callback.
        "context0" => {
            let s = sync_session();
            let c = connect_to(s, port(0), 0, 0);
            let r = open(c, "/bytes/10", 0, 0);
            report_handle("request", r);
            assert_eq!(send_and_read(r), Ok(10));
            close(s);
        }
        other => panic!("no scenario {other:?}"),
    }
}

/// What a scenario's child printed: its handles (by name) and its trace (stderr's lines
/// without the `rinet: ` prefix).
struct Traced {
    stdout: String,
    handles: std::collections::HashMap<String, String>,
    lines: Vec<String>,
}

impl Traced {
    fn handle(&self, name: &str) -> &str {
        self.handles
            .get(name)
            .unwrap_or_else(|| panic!("no handle {name} in:\n{}", self.stdout))
    }

    /// The lines that start with `prefix`, without it.
    fn starting(&self, prefix: &str) -> Vec<&str> {
        self.lines
            .iter()
            .filter_map(|l| l.strip_prefix(prefix))
            .collect()
    }

    fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Run `scenario` in a child at RINET_TRACE=`level` with `args`.
fn scenario(name: &str, level: &str, args: &[String]) -> Traced {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child_workload",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_SCENARIO, name)
        .env(CHILD_ARGS, args.join(" "))
        .env("RINET_TRACE", level)
        .env_remove(CHILD_PORT)
        .env_remove(CHILD_CALLBACK);
    let out = run_with_timeout(command, Duration::from_secs(120));
    assert!(
        out.status.success(),
        "{}",
        out.report(&format!("the traced scenario {name}"))
    );
    let handles = out
        .stdout
        .lines()
        // The first may follow the test harness's "test child_workload ... " on its line.
        .filter_map(|l| l.split_once("HANDLE ").map(|(_, h)| h))
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lines = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("rinet: "))
        .map(str::to_string)
        .collect();
    Traced {
        stdout: out.stdout,
        handles,
        lines,
    }
}

/// Assert that `got` is `want`, showing the whole trace when not.
fn assert_lines(got: &[&str], want: &[String], trace: &Traced) {
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    assert_eq!(got, want.as_slice(), "\nthe whole trace:\n{}", trace.text());
}

#[test]
fn connections_are_numbered_with_their_peer_new_then_reused() {
    let server = TestServer::start();
    let port = server.port();
    let t = scenario("reuse", "2", &[port.to_string()]);
    let (first, second) = (t.handle("first"), t.handle("second"));
    let peer = format!("connection #1 to 127.0.0.1 port {port}");
    assert_lines(
        &t.starting(&format!("request {first}: ")),
        &[
            "STATE: idle => connecting".to_string(),
            format!("{peer}: connecting"),
            format!("{peer}: new"),
            "STATE: connecting => ready to send".to_string(),
            "STATE: ready to send => sending the request".to_string(),
            "STATE: sending the request => waiting for the response".to_string(),
            "response: STATE: reading the head => reading the body".to_string(),
            "STATE: waiting for the response => reading the response".to_string(),
            format!("{peer}: kept for reuse"),
        ],
        &t,
    );
    assert_lines(
        &t.starting(&format!("request {second}: ")),
        &[
            format!("{peer}: reused"),
            "STATE: idle => ready to send".to_string(),
            "STATE: ready to send => sending the request".to_string(),
            "STATE: sending the request => waiting for the response".to_string(),
            "response: STATE: reading the head => reading the body".to_string(),
            "STATE: waiting for the response => reading the response".to_string(),
            format!("{peer}: kept for reuse"),
        ],
        &t,
    );
    assert_eq!(server.accepts(), 1, "one connection served both");
    // No Rust Debug text anywhere: no Some(..), no quoted enum payloads.
    for line in &t.lines {
        assert!(
            !line.contains("Some(")
                && !line.contains("None")
                && !line.contains("Text(")
                && !line.contains("Dword("),
            "Debug text in the trace: {line}"
        );
    }
}

/// A TLS server on 127.0.0.1 (rustls) answering each request `200 OK` with the body `ok`.
struct TlsServer {
    tcp: TcpServer,
}

impl TlsServer {
    /// Serve `chain` with `key`, over exactly `version` and `suite`, offering `alpn`.
    fn start(
        chain: Vec<rustls::pki_types::CertificateDer<'static>>,
        key: &rcgen::KeyPair,
        version: &'static rustls::SupportedProtocolVersion,
        suite: rustls::SupportedCipherSuite,
        alpn: &[&[u8]],
    ) -> TlsServer {
        let provider = rustls::crypto::CryptoProvider {
            cipher_suites: vec![suite],
            ..rustls::crypto::ring::default_provider()
        };
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
        let mut cfg = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(provider))
            .with_protocol_versions(&[version])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        cfg.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        let cfg = std::sync::Arc::new(cfg);
        let tcp = TcpServer::start(move |mut sock| serve_tls(cfg.clone(), &mut sock));
        TlsServer { tcp }
    }

    fn port(&self) -> u16 {
        self.tcp.port()
    }
}

/// One connection: the handshake, then `200 OK` and `ok` for each request head, until the
/// client goes.
fn serve_tls(cfg: std::sync::Arc<rustls::ServerConfig>, sock: &mut std::net::TcpStream) {
    use std::io::{Read, Write};
    let _ = sock.set_read_timeout(Some(Duration::from_secs(60)));
    let Ok(mut conn) = rustls::ServerConnection::new(cfg) else {
        return;
    };
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        while let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.drain(..end + 4);
            let _ = conn
                .writer()
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
        if conn.complete_io(sock).is_err() {
            return;
        }
        match conn.reader().read(&mut buf) {
            Ok(0) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
}

/// The "tls" scenario at level 2 against two rustls servers with a certificate made here:
/// TLS 1.3 with AES-128-GCM offering ALPN http/1.1, and TLS 1.2 with ECDHE-ECDSA AES-256-GCM
/// offering no ALPN. Returns the trace and the two servers' ports.
fn tls_trace() -> (Traced, u16, u16) {
    use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair};
    use rustls::crypto::ring::cipher_suite;
    // A CA, and a server certificate it signed for 127.0.0.1, with known names and dates.
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name = DistinguishedName::new();
    ca.distinguished_name.push(DnType::CountryName, "FR");
    ca.distinguished_name
        .push(DnType::OrganizationName, "rinet trace tests");
    ca.distinguished_name
        .push(DnType::CommonName, "rinet trace CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    leaf.distinguished_name = DistinguishedName::new();
    leaf.distinguished_name
        .push(DnType::OrganizationName, "rinet trace tests");
    leaf.distinguished_name
        .push(DnType::CommonName, "trace.example");
    leaf.not_before = rcgen::date_time_ymd(2024, 2, 29);
    leaf.not_after = rcgen::date_time_ymd(2099, 12, 31);
    let key = KeyPair::generate().unwrap();
    let leaf = leaf.signed_by(&key, &ca).unwrap();
    let dir = Scratch::new("trace-tls");
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();

    let tls13 = TlsServer::start(
        vec![leaf.der().clone()],
        &key,
        &rustls::version::TLS13,
        cipher_suite::TLS13_AES_128_GCM_SHA256,
        &[b"http/1.1"],
    );
    let tls12 = TlsServer::start(
        vec![leaf.der().clone()],
        &key,
        &rustls::version::TLS12,
        cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        &[],
    );
    let t = scenario(
        "tls",
        "2",
        &[
            ca_file.display().to_string(),
            tls13.port().to_string(),
            tls12.port().to_string(),
        ],
    );
    (t, tls13.port(), tls12.port())
}

#[test]
fn tls_sessions_show_version_cipher_alpn_and_the_certificate() {
    let (t, port13, port12) = tls_trace();
    for (name, n, port, session) in [
        (
            "tls13",
            1,
            port13,
            "TLSv1.3, cipher TLS_AES_128_GCM_SHA256, ALPN http/1.1",
        ),
        (
            "tls12",
            2,
            port12,
            "TLSv1.2, cipher TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ALPN none",
        ),
    ] {
        let r = t.handle(name);
        let conn = format!("connection #{n} to 127.0.0.1 port {port}: ");
        assert_lines(
            &t.starting(&format!("request {r}: {conn}")),
            &[
                "connecting".to_string(),
                "new".to_string(),
                session.to_string(),
                "certificate subject: O=rinet trace tests, CN=trace.example".to_string(),
                "certificate issuer: C=FR, O=rinet trace tests, CN=rinet trace CA".to_string(),
                "certificate valid from 2024-02-29 00:00:00 UTC until 2099-12-31 00:00:00 UTC"
                    .to_string(),
                "kept for reuse".to_string(),
            ],
            &t,
        );
        // The pool closes it when the session goes.
        assert_lines(
            &t.starting(&conn),
            &["closed (the session closed)".to_string()],
            &t,
        );
        let states = t.starting(&format!("request {r}: STATE: "));
        assert_eq!(
            &states[..3],
            [
                "idle => connecting",
                "connecting => TLS handshake",
                "TLS handshake => ready to send"
            ],
            "\n{}",
            t.text()
        );
    }
    assert_eq!(
        t.starting("TLS certificate of 127.0.0.1: "),
        ["accepted", "accepted"],
        "\n{}",
        t.text()
    );
}

#[test]
fn a_refused_connection_traces_the_attempt_and_the_failure_in_words() {
    // A port that nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let t = scenario("refused", "2", &[port.to_string()]);
    let r = t.handle("request");
    let failed = t
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("FAILED "))
        .expect("the child's outcome");
    let (code, why) = failed.split_once(' ').unwrap();
    assert_eq!(code, "12029", "{}", t.stdout);
    let peer = format!("connection #1 to 127.0.0.1 port {port}");
    assert_lines(
        &t.starting(&format!("request {r}: ")),
        &[
            "STATE: idle => connecting".to_string(),
            format!("{peer}: connecting"),
            format!("{peer}: connect failed: Connection refused"),
            format!("{peer}: closed"),
            format!("failed with 12029 ERROR_INTERNET_CANNOT_CONNECT: {why}"),
            "STATE: connecting => failed".to_string(),
        ],
        &t,
    );
    assert!(
        why.starts_with(&format!(
            "Failed to connect to 127.0.0.1 port {port} after "
        )),
        "{why}"
    );
}

#[test]
fn a_body_cut_short_traces_12030_with_its_reason() {
    let server = FaultyServer::start();
    // At level 1 too: a failure is shown with the notifications.
    let t = scenario(
        "aborted",
        "1",
        &[server.port().to_string(), faulty::TRUNCATE.to_string()],
    );
    let r = t.handle("request");
    let failed = t
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("FAILED "))
        .expect("the child's outcome");
    let (code, why) = failed.split_once(' ').unwrap();
    assert_eq!(code, "12030", "{}", t.stdout);
    assert_lines(
        &t.starting(&format!("request {r}: ")),
        &[format!(
            "failed with 12030 ERROR_INTERNET_CONNECTION_ABORTED: {why}"
        )],
        &t,
    );
    assert_eq!(
        why,
        format!(
            "The connection closed after 500 of the 1000 bytes of the response body \
             (Content-Length) from 127.0.0.1 port {}",
            server.port()
        )
    );
}

#[test]
fn notifications_of_context_0_handles_are_traced_as_not_delivered() {
    let server = TestServer::start();
    let t = scenario("context0", "1", &[server.port().to_string()]);
    let r = t.handle("request");
    let s = t.handle("session");
    let notes = t.starting(&format!("handle {r} ctx 0x0: "));
    let undelivered = " (not delivered: context 0)";
    let names: Vec<&str> = notes
        .iter()
        .map(|l| {
            l.strip_suffix(undelivered)
                .unwrap_or_else(|| panic!("not marked undelivered: {l}\n{}", t.text()))
        })
        .collect();
    // The body (10 bytes) may come with the head or after it: RECEIVING_RESPONSE and
    // RESPONSE_RECEIVED 10 then come once more.
    let mut want = vec![
        format!("HANDLE_CREATED {r}"),
        "RESOLVING_NAME \"127.0.0.1\"".to_string(),
        "NAME_RESOLVED \"127.0.0.1\"".to_string(),
        "CONNECTING_TO_SERVER \"127.0.0.1\"".to_string(),
        "CONNECTED_TO_SERVER \"127.0.0.1\"".to_string(),
        "SENDING_REQUEST".to_string(),
        "REQUEST_SENT 73".to_string(),
        "RECEIVING_RESPONSE".to_string(),
        "RESPONSE_RECEIVED 79".to_string(),
    ];
    if names.len() == want.len() + 3 {
        want.push("RECEIVING_RESPONSE".to_string());
        want.push("RESPONSE_RECEIVED 10".to_string());
    }
    want.push(format!("HANDLE_CLOSING {r}"));
    assert_lines(&names, &want, &t);
    // The session handle had no callback yet when it was made; the callback set afterwards is
    // there for its closing, but its context is 0.
    assert_lines(
        &t.starting(&format!("handle {s} ")),
        &[format!("ctx 0x0: HANDLE_CLOSING {s}{undelivered}")],
        &t,
    );
}

// ---------------------------------------------------------------------------------------------
// The examples of docs/tracing.md are real traces
// ---------------------------------------------------------------------------------------------

/// `line` with what differs from run to run written the same way: the port of a test server
/// ("port P", "127.0.0.1:P"), a time of day ("(now T)"), how long a connect tried
/// ("after N ms"), and the handles: each `0x` with 9 or more hex digits becomes H1, H2, ... in
/// the order `handles` first saw them, or H when `handles` is None.
fn normalize(line: &str, handles: &mut Option<Vec<String>>) -> String {
    let mut out = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let digits_after = |prefix: &str| -> Option<usize> {
            let tail = rest.strip_prefix(prefix)?;
            let n = tail.bytes().take_while(u8::is_ascii_digit).count();
            (n > 0).then_some(prefix.len() + n)
        };
        if let Some(n) = digits_after("port ") {
            out.push_str("port P");
            rest = &rest[n..];
        } else if let Some(n) = digits_after("127.0.0.1:") {
            out.push_str("127.0.0.1:P");
            rest = &rest[n..];
        } else if let Some(n) = digits_after("after ").filter(|&n| rest[n..].starts_with(" ms")) {
            out.push_str("after N");
            rest = &rest[n..];
        } else if rest.starts_with("(now ")
            && rest.len() >= 29
            && rest[5..].find(" UTC)") == Some(19)
        {
            out.push_str("(now T)");
            rest = &rest[29..];
        } else if let Some(tail) = rest.strip_prefix("0x") {
            let n = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
            if n >= 9 {
                let h = &rest[..2 + n];
                match handles {
                    Some(seen) => {
                        let i = seen.iter().position(|s| s == h).unwrap_or_else(|| {
                            seen.push(h.to_string());
                            seen.len() - 1
                        });
                        out.push_str(&format!("H{}", i + 1));
                    }
                    None => out.push('H'),
                }
            } else {
                out.push_str(&rest[..2 + n]);
            }
            rest = &rest[2 + n..];
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The example blocks of the document `file`: (the name in the `<!-- trace example: NAME -->`
/// line before the block, its `rinet: ` lines without the prefix). A block of trace lines
/// without such a line is an error.
fn doc_examples(file: &str) -> Vec<(String, Vec<String>)> {
    let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
        .unwrap();
    let mut examples = Vec::new();
    let mut marker: Option<String> = None;
    let mut block: Option<Vec<String>> = None;
    for line in doc.lines() {
        if let Some(name) = line
            .strip_prefix("<!-- trace example: ")
            .and_then(|l| l.strip_suffix(" -->"))
        {
            marker = Some(name.to_string());
        } else if line.starts_with("```") {
            match block.take() {
                Some(lines) => {
                    if lines.iter().any(|l| l.starts_with("rinet: ")) {
                        let name = marker.take().unwrap_or_else(|| {
                            panic!("a trace example without a marker: {lines:#?}")
                        });
                        let lines = lines
                            .iter()
                            .map(|l| {
                                l.strip_prefix("rinet: ")
                                    .unwrap_or_else(|| panic!("not a trace line: {l}"))
                                    .to_string()
                            })
                            .collect();
                        examples.push((name, lines));
                    }
                }
                None => block = Some(Vec::new()),
            }
        } else if let Some(lines) = block.as_mut() {
            lines.push(line.to_string());
        }
    }
    examples
}

/// Assert that the example `doc` is a part of the trace `real`: each of its lines, in its
/// order, is a line of `real` (with what differs from run to run normalized).
fn assert_excerpt(name: &str, doc: &[String], real: &[String]) {
    let real: Vec<String> = real.iter().map(|l| normalize(l, &mut None)).collect();
    let mut at = 0;
    for line in doc {
        let line = normalize(line, &mut None);
        match real[at..].iter().position(|r| *r == line) {
            Some(i) => at += i + 1,
            None => panic!(
                "the example {name:?} of the documentation has a line the trace has not (or not \
                 in that order):\n{line}\nthe trace:\n{}",
                real.join("\n")
            ),
        }
    }
}

/// A server certificate for 127.0.0.1 signed by its own key, that expired on 2001-01-01.
fn expired_self_signed() -> (rcgen::Certificate, rcgen::KeyPair) {
    let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "rinet self-signed");
    params.not_before = rcgen::date_time_ymd(2000, 1, 1);
    params.not_after = rcgen::date_time_ymd(2001, 1, 1);
    let key = rcgen::KeyPair::generate().unwrap();
    (params.self_signed(&key).unwrap(), key)
}

/// A server certificate for 127.0.0.1 signed by its own key, valid now.
fn self_signed_for_ip() -> (rcgen::Certificate, rcgen::KeyPair) {
    let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    (params.self_signed(&key).unwrap(), key)
}

#[test]
fn the_examples_of_the_documentation_are_real_traces() {
    let mut examples = doc_examples("docs/tracing.md");
    let names: Vec<&str> = examples.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "get_async",
            "https",
            "self-signed",
            "refused",
            "aborted",
            "context0"
        ],
        "the examples of docs/tracing.md"
    );
    let tls_doc = doc_examples("docs/tls-and-proxies.md");
    assert_eq!(tls_doc.len(), 1, "the examples of docs/tls-and-proxies.md");
    examples.extend(tls_doc);
    let server = TestServer::start();
    let faulty = FaultyServer::start();
    for (name, doc) in &examples {
        match name.as_str() {
            // The whole trace of c-examples/get_async.c, exactly. The server writes each
            // response, head and body, in one write, so that the body comes with the head (the
            // test server writes them apart, and the reads' notifications would depend on
            // when the body came).
            "get_async" => {
                let one_write = TcpServer::start(|mut sock| {
                    use std::io::{Read, Write};
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    loop {
                        while let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                            head.drain(..end + 4);
                            let mut answer = b"HTTP/1.1 200 OK\r\nContent-Type: \
                                application/octet-stream\r\nContent-Length: 300\r\n\r\n"
                                .to_vec();
                            answer.extend(support::server::pattern(300));
                            if sock.write_all(&answer).is_err() {
                                return;
                            }
                        }
                        match sock.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                });
                let exe = support::cprog::compile("c-examples/get_async.c", "trace-doc");
                let mut command = Command::new(&*exe);
                let port = one_write.port().to_string();
                command
                    .args(["127.0.0.1", &port, "/bytes/300"])
                    .env("RINET_TRACE", "3");
                let out = run_with_timeout(command, Duration::from_secs(120));
                assert!(out.status.success(), "{}", out.report("get_async"));
                let mut seen = Some(Vec::new());
                let real: Vec<String> = out
                    .stderr
                    .lines()
                    .filter_map(|l| l.strip_prefix("rinet: "))
                    .map(|l| normalize(l, &mut seen))
                    .collect();
                let mut seen = Some(Vec::new());
                let doc: Vec<String> = doc.iter().map(|l| normalize(l, &mut seen)).collect();
                assert_eq!(
                    doc.join("\n"),
                    real.join("\n"),
                    "the get_async example of docs/tracing.md is not its trace"
                );
            }
            "https" => {
                let (t, _, _) = tls_trace();
                assert_excerpt(name, doc, &t.lines);
            }
            "self-signed" => {
                let (cert, key) = expired_self_signed();
                let tls = TlsServer::start(
                    vec![cert.der().clone()],
                    &key,
                    &rustls::version::TLS13,
                    rustls::crypto::ring::cipher_suite::TLS13_AES_256_GCM_SHA384,
                    &[b"http/1.1"],
                );
                let t = scenario("selfsigned", "2", &[tls.port().to_string()]);
                assert!(t.stdout.contains("READ 2"), "{}", t.stdout);
                assert!(t.stdout.contains("FAILED 12037 "), "{}", t.stdout);
                assert_excerpt(name, doc, &t.lines);
            }
            "mismatch" => {
                let (cert, key) = self_signed_for_ip();
                let tls = TlsServer::start(
                    vec![cert.der().clone()],
                    &key,
                    &rustls::version::TLS13,
                    rustls::crypto::ring::cipher_suite::TLS13_AES_256_GCM_SHA384,
                    &[],
                );
                let t = scenario("mismatch", "2", &[tls.port().to_string()]);
                assert!(t.stdout.contains("FAILED 12038 "), "{}", t.stdout);
                assert_excerpt(name, doc, &t.lines);
            }
            "refused" => {
                let port = std::net::TcpListener::bind("127.0.0.1:0")
                    .unwrap()
                    .local_addr()
                    .unwrap()
                    .port();
                let t = scenario("refused", "2", &[port.to_string()]);
                assert_excerpt(name, doc, &t.lines);
            }
            "aborted" => {
                let args = [faulty.port().to_string(), faulty::TRUNCATE.to_string()];
                let t = scenario("aborted", "2", &args);
                assert_excerpt(name, doc, &t.lines);
            }
            "context0" => {
                let t = scenario("context0", "1", &[server.port().to_string()]);
                assert_excerpt(name, doc, &t.lines);
            }
            other => panic!("no workload for the example {other:?}"),
        }
    }
}

#[test]
fn normalizing_keeps_what_a_run_does_not_change() {
    let mut seen = Some(Vec::new());
    assert_eq!(
        normalize(
            "request 0x100000003: connection #1 to 127.0.0.1 port 40061: new 0x200000003 0x100000003",
            &mut seen
        ),
        "request H1: connection #1 to 127.0.0.1 port P: new H2 H1"
    );
    assert_eq!(
        normalize(
            "ctx 0x2: > Host: 127.0.0.1:40061 after 12 ms (now 2026-05-04 10:00:00 UTC)",
            &mut None
        ),
        "ctx 0x2: > Host: 127.0.0.1:P after N ms (now T)"
    );
}
