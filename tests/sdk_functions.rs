// SPDX-License-Identifier: MIT OR Apache-2.0
//! The WinInet functions of include/wininet_sdk.h that need real servers or real interfaces,
//! through rinet's native calls (tests/c/sdk.c checks the same functions through the header):
//!
//! - InternetErrorDlg's credentials answer against nginx's Basic authentication: ERROR_CANCELLED
//!   without credentials, ERROR_INTERNET_FORCE_RETRY once they are set (and only with
//!   FLAGS_ERROR_UI_FLAGS_GENERATE_DATA), the resend then succeeds; refused credentials give
//!   ERROR_CANCELLED, so a program's retry loop ends;
//! - INTERNET_OPTION_PER_CONNECTION_OPTION changes where a session's requests go: through
//!   tinyproxy once PROXY_TYPE_PROXY is set, direct again after PROXY_TYPE_DIRECT, with pooled
//!   connections of the old settings not reused; the NULL handle's settings are taken by
//!   INTERNET_OPEN_TYPE_PRECONFIG sessions opened afterwards;
//! - InternetGetConnectedState(Ex), InternetAttemptConnect and InternetCheckConnection(NULL) in
//!   network namespaces with only loopback, with an interface that is down, with one that has
//!   only an IPv6 link-local address, and with one that has an IPv4 or a global IPv6 address.
//!
//! Its own test binary: the NULL handle's proxy settings are the process's.

mod support;

use std::ffi::{c_char, c_void, CStr, CString};
use std::process::Command;
use std::ptr::{null, null_mut};

use rinet::ffi::dialog::rinet_error_dlg;
use rinet::ffi::memory::rinet_mem_free;
use rinet::ffi::options::*;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use support::cprog;
use support::nginx::{self, Nginx};
use support::tinyproxy::Tinyproxy;

const ERROR_CANCELLED: u32 = 1223;
const ERROR_INTERNET_FORCE_RETRY: u32 = 12032;
const ERROR_INTERNET_INCORRECT_PASSWORD: u32 = 12014;
const FLAGS_FILTER: u32 = 0x01;
const FLAGS_CHANGE_OPTIONS: u32 = 0x02;
const FLAGS_GENERATE_DATA: u32 = 0x04;
const FLAGS_NO_UI: u32 = 0x08;
const OPTION_PER_CONNECTION: u32 = 75;
const PER_CONN_FLAGS: u32 = 1;
const PER_CONN_PROXY_SERVER: u32 = 2;
const PER_CONN_PROXY_BYPASS: u32 = 3;
const PROXY_TYPE_DIRECT: u32 = 1;
const PROXY_TYPE_PROXY: u32 = 2;
const REQFLAG_VIA_PROXY: u32 = 4;

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn open(access: u32) -> rinet_handle {
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), access, null(), null(), 0, &mut s) },
        0
    );
    s
}

/// A request for `path` on `host:port`, not yet sent.
fn request(s: rinet_handle, host: &str, port: u16, path: &str) -> rinet_handle {
    let (h, p) = (cstr(host), cstr(path));
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, h.as_ptr(), port, null(), null(), 3, 0, 0, &mut c) },
        0
    );
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open_request(c, null(), p.as_ptr(), null(), null(), null(), 0, 0, &mut r) },
        0
    );
    r
}

fn status_of(r: rinet_handle) -> u32 {
    let mut v = 0u32;
    let mut len = 4u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_query_info(
            r,
            19 | 0x2000_0000,
            &mut v as *mut u32 as *mut c_void,
            &mut len,
            null_mut(),
        )
    };
    assert_eq!(rc, 0, "status code query");
    v
}

fn body_of(r: rinet_handle) -> Vec<u8> {
    let mut body = Vec::new();
    let mut buf = vec![0u8; 8192];
    loop {
        let mut n = 0u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
            },
            0
        );
        if n == 0 {
            return body;
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
}

fn set_string(h: rinet_handle, option: u32, value: &str) {
    let v = cstr(value);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_set_option(h, option, v.as_ptr() as *mut c_void, 0) },
        0
    );
}

fn via_proxy(r: rinet_handle) -> bool {
    let mut flags = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                r,
                RINET_OPTION_REQUEST_FLAGS,
                &mut flags as *mut u32 as *mut c_void,
                &mut len,
            )
        },
        0
    );
    flags & REQFLAG_VIA_PROXY != 0
}

#[test]
fn error_dlg_asks_for_a_resend_once_credentials_are_set() {
    let ng = Nginx::start();
    let s = open(1);
    let r = request(s, "127.0.0.1", ng.http_port, nginx::AUTH_PATH);
    let retry = FLAGS_FILTER | FLAGS_CHANGE_OPTIONS | FLAGS_GENERATE_DATA | FLAGS_NO_UI;
    let dlg = |r: rinet_handle, error: u32, flags: u32| {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_error_dlg(null_mut(), r, error, flags, null_mut()) }
    };

    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_of(r), 401);
    assert_eq!(
        dlg(r, 0, retry),
        ERROR_CANCELLED,
        "a 401 and no credentials: a person would have to type them"
    );
    set_string(r, RINET_OPTION_USERNAME, nginx::AUTH_USER);
    set_string(r, RINET_OPTION_PASSWORD, nginx::AUTH_PASSWORD);
    assert_eq!(
        dlg(r, 0, FLAGS_FILTER | FLAGS_NO_UI),
        ERROR_CANCELLED,
        "without GENERATE_DATA the call does not read the handle's credentials"
    );
    assert_eq!(dlg(r, 0, retry), ERROR_INTERNET_FORCE_RETRY);
    assert_eq!(
        dlg(r, ERROR_INTERNET_INCORRECT_PASSWORD, retry),
        ERROR_INTERNET_FORCE_RETRY
    );

    // The resend, as the program does on ERROR_INTERNET_FORCE_RETRY.
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_of(r), 200);
    assert_eq!(body_of(r), nginx::AUTH_BODY);
    assert_eq!(dlg(r, 0, retry), 0, "a 200: ERROR_SUCCESS");

    // Refused credentials: rinet answered the challenge with them, the 401 stands, and the
    // answer is ERROR_CANCELLED, so the program's loop ends.
    let wrong = request(s, "127.0.0.1", ng.http_port, nginx::AUTH_PATH);
    set_string(wrong, RINET_OPTION_USERNAME, nginx::AUTH_USER);
    set_string(wrong, RINET_OPTION_PASSWORD, "not the password");
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(wrong, null(), 0, null(), 0) },
        0
    );
    assert_eq!(status_of(wrong), 401);
    assert_eq!(dlg(wrong, 0, retry), ERROR_CANCELLED);

    // INTERNET_FLAG_NO_AUTH keeps credentials back: no resend would present them.
    let held_back = {
        let (h, p) = (cstr("127.0.0.1"), cstr(nginx::AUTH_PATH));
        let mut c = null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_connect(s, h.as_ptr(), ng.http_port, null(), null(), 3, 0, 0, &mut c) },
            0
        );
        let mut r = null_mut();
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_open_request(
                    c,
                    null(),
                    p.as_ptr(),
                    null(),
                    null(),
                    null(),
                    0x0004_0000,
                    0,
                    &mut r,
                )
            },
            0
        );
        r
    };
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(held_back, null(), 0, null(), 0) },
        0
    );
    set_string(held_back, RINET_OPTION_USERNAME, nginx::AUTH_USER);
    set_string(held_back, RINET_OPTION_PASSWORD, nginx::AUTH_PASSWORD);
    assert_eq!(dlg(held_back, 0, retry), ERROR_CANCELLED);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// INTERNET_PER_CONN_OPTIONA and INTERNET_PER_CONN_OPTION_LISTA, as C lays them out.
#[repr(C)]
#[derive(Clone, Copy)]
struct PerConnOption {
    option: u32,
    value: usize,
}

#[repr(C)]
struct OptionList {
    size: u32,
    connection: *mut c_char,
    count: u32,
    error: u32,
    options: *mut PerConnOption,
}

fn list(options: &mut [PerConnOption]) -> OptionList {
    OptionList {
        size: std::mem::size_of::<OptionList>() as u32,
        connection: null_mut(),
        count: options.len() as u32,
        error: 0,
        options: options.as_mut_ptr(),
    }
}

/// Set FLAGS, PROXY_SERVER and PROXY_BYPASS on `h` (0 for the NULL handle).
fn set_proxy(h: rinet_handle, flags: u32, server: &str, bypass: &str) {
    let (server, bypass) = (cstr(server), cstr(bypass));
    let mut options = [
        PerConnOption {
            option: PER_CONN_FLAGS,
            value: flags as usize,
        },
        PerConnOption {
            option: PER_CONN_PROXY_SERVER,
            value: server.as_ptr() as usize,
        },
        PerConnOption {
            option: PER_CONN_PROXY_BYPASS,
            value: bypass.as_ptr() as usize,
        },
    ];
    let mut l = list(&mut options);
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                h,
                OPTION_PER_CONNECTION,
                &mut l as *mut OptionList as *mut c_void,
                std::mem::size_of::<OptionList>() as u32,
            )
        },
        0
    );
}

/// FLAGS and PROXY_SERVER of `h`, the string freed.
fn query_proxy(h: rinet_handle) -> (u32, Option<String>) {
    let mut options = [
        PerConnOption {
            option: PER_CONN_FLAGS,
            value: 0,
        },
        PerConnOption {
            option: PER_CONN_PROXY_SERVER,
            value: 0,
        },
    ];
    let mut l = list(&mut options);
    let mut len = std::mem::size_of::<OptionList>() as u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_option(
                h,
                OPTION_PER_CONNECTION,
                &mut l as *mut OptionList as *mut c_void,
                &mut len,
            )
        },
        0
    );
    let server = (options[1].value != 0).then(|| {
        let p = options[1].value as *mut c_char;
        // SAFETY: rinet returned a NUL-terminated string in a block of its own.
        let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
        // The caller frees that block with rinet_mem_free, once.
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_mem_free(p as *mut c_void) },
            0,
            "rinet_mem_free"
        );
        s
    });
    (options[0].value as u32, server)
}

/// GET nginx's small file on `s`: (body, went through a proxy).
fn fetch_small(s: rinet_handle, ng: &Nginx) -> (Vec<u8>, bool) {
    let r = request(s, "127.0.0.1", ng.http_port, nginx::SMALL_PATH);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_of(r), 200);
    let body = body_of(r);
    let via = via_proxy(r);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(r) }, 0);
    (body, via)
}

#[test]
fn per_connection_option_routes_a_sessions_requests() {
    let ng = Nginx::start();
    let proxy = Tinyproxy::start(&[]);
    let through = format!("127.0.0.1:{}", proxy.port);
    let requests_seen = || proxy.log().matches(nginx::SMALL_PATH).count();

    let s = open(1);
    let (body, via) = fetch_small(s, &ng);
    assert_eq!((body.as_slice(), via), (nginx::SMALL_BODY, false));
    assert_eq!(requests_seen(), 0);

    // Loopback goes direct unless the bypass list says <-loopback>.
    set_proxy(s, PROXY_TYPE_PROXY, &through, "<-loopback>");
    assert_eq!(query_proxy(s), (PROXY_TYPE_PROXY, Some(through.clone())));
    let (body, via) = fetch_small(s, &ng);
    assert_eq!((body.as_slice(), via), (nginx::SMALL_BODY, true));
    assert_eq!(
        requests_seen(),
        1,
        "tinyproxy forwarded the request (the pooled direct connection was not reused): {}",
        proxy.log()
    );

    set_proxy(s, PROXY_TYPE_DIRECT, &through, "<-loopback>");
    let (body, via) = fetch_small(s, &ng);
    assert_eq!((body.as_slice(), via), (nginx::SMALL_BODY, false));
    assert_eq!(
        requests_seen(),
        1,
        "direct again: the pooled proxy connection was not reused"
    );
    assert_eq!(query_proxy(s), (PROXY_TYPE_DIRECT, Some(through.clone())));

    // Another session is not touched.
    let other = open(1);
    assert_eq!(query_proxy(other), (PROXY_TYPE_DIRECT, None));

    // The NULL handle's settings: PRECONFIG sessions opened afterwards take them.
    set_proxy(null_mut(), PROXY_TYPE_PROXY, &through, "<-loopback>");
    assert_eq!(
        query_proxy(null_mut()),
        (PROXY_TYPE_PROXY, Some(through.clone()))
    );
    let pre = open(0);
    assert_eq!(query_proxy(pre), (PROXY_TYPE_PROXY, Some(through.clone())));
    let (body, via) = fetch_small(pre, &ng);
    assert_eq!((body.as_slice(), via), (nginx::SMALL_BODY, true));
    assert_eq!(requests_seen(), 2);
    let (_, via) = fetch_small(other, &ng);
    assert!(!via, "an open DIRECT session keeps going direct");
    set_proxy(null_mut(), PROXY_TYPE_DIRECT, "", "");
    let (_, via) = fetch_small(pre, &ng);
    assert!(
        via,
        "an open PRECONFIG session keeps the settings it opened with"
    );
    let later = open(0);
    let (_, via) = fetch_small(later, &ng);
    assert!(!via, "a PRECONFIG session opened after DIRECT goes direct");
    assert_eq!(requests_seen(), 3);
    for h in [s, other, pre, later] {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_close_handle(h) }, 0);
    }
}

/// Runs `script` in a new network namespace (as root: `unshare -n`; otherwise in a new user
/// namespace as well: `unshare -rn`), with the probe program at `$PROBE`. Returns its output.
fn in_namespace(probe: &std::path::Path, script: &str) -> String {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = Command::new("unshare");
    command.arg(if root { "-n" } else { "-rn" }).args([
        "sh",
        "-ec",
        &format!("{script}\n\"$PROBE\""),
    ]);
    command.env("PROBE", probe);
    for var in [
        "http_proxy",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
    ] {
        command.env_remove(var);
    }
    let out = command.output().unwrap_or_else(|e| {
        panic!("run unshare (util-linux; apt-get install util-linux iproute2): {e}")
    });
    assert!(
        out.status.success(),
        "unshare {} sh -c {script:?} failed ({}): {}{}\n(the test needs unshare and ip: \
         apt-get install util-linux iproute2; and network namespaces: root, or unprivileged \
         user namespaces)",
        if root { "-n" } else { "-rn" },
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn connected_state_follows_the_interfaces() {
    let probe = cprog::compile_with(
        &cprog::repo_root()
            .join("tests/netns/connected_state.c")
            .display()
            .to_string(),
        "netns",
        &[],
    );
    let offline = "state 0 flags 0x0 error 0 name \"\" attempt 2250 check 0 2250";
    let online = "state 1 flags 0x2 error 0 name \"LAN Connection\" attempt 0 check 1 0";
    let veth = "ip link add v0 type veth peer name v1";
    for (what, script, want) in [
        ("only loopback, down", "true".to_string(), offline),
        (
            "only loopback, up",
            "ip link set lo up".to_string(),
            offline,
        ),
        (
            "an interface with an address, down",
            format!("{veth}\nip addr add 10.9.9.9/24 dev v0"),
            offline,
        ),
        (
            "an interface up with only an IPv6 link-local address",
            format!("{veth}\nip -6 addr add fe80::9/64 dev v0 nodad\nip link set v0 up"),
            offline,
        ),
        (
            "an interface up with an IPv4 address",
            format!("{veth}\nip addr add 10.9.9.9/24 dev v0\nip link set v0 up"),
            online,
        ),
        (
            "an interface up with a global IPv6 address",
            format!("{veth}\nip -6 addr add fd00::9/64 dev v0 nodad\nip link set v0 up"),
            online,
        ),
    ] {
        assert_eq!(in_namespace(&probe, &script), want, "{what}");
    }
}
