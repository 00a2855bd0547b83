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

mod support;

use std::ffi::{c_char, c_void, CStr, CString};
use std::process::Command;
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::time::Duration;

use rinet::ffi::info::rinet_set_trace;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::cprog::run_with_timeout;
use support::server::TestServer;

const AUTH_SECRET: &str = "c2VjcmV0LXRva2Vu";
const COOKIE_SECRET: &str = "hunter2";
const CHILD_PORT: &str = "RINET_TRACE_TEST_PORT";
const CHILD_CALLBACK: &str = "RINET_TRACE_TEST_CALLBACK";

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
