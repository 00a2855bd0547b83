// SPDX-License-Identifier: MIT OR Apache-2.0
//! A host name with several addresses whose first one refuses the connection (typically
//! "localhost" as ::1 then 127.0.0.1, with the server listening on 127.0.0.1 only): rinet tries
//! the next address, and the request gets exactly one CONNECTING_TO_SERVER and one
//! CONNECTED_TO_SERVER, the latter naming the address that answered, as in WinInet; in an
//! asynchronous session, in a synchronous one and in a driven one.
//!
//! tests/netns/names_refused.c runs in new mount and network namespaces (as root:
//! `unshare -m -n`; otherwise in a new user namespace as well: `unshare -r -m -n`) with `lo` up,
//! a hosts file of the test's own mounted over /etc/hosts and "hosts: files" over
//! /etc/nsswitch.conf. The program itself is the server, on an address where the name's second
//! address points. On loopback the non-blocking connect to the refused address returns
//! EINPROGRESS and the refusal comes when the socket becomes writable with the error, so the
//! move to the next address is made where rinet drives a connecting request.
//!
//! Two names: `rinet-two.test`, 127.0.0.3 (nothing listens) then 127.0.0.2, which needs no IPv6
//! (127.0.0.3 and 127.0.0.2 share as long a prefix with the source address 127.0.0.1, so glibc
//! keeps the hosts file's order); and `localhost`, ::1 then 127.0.0.1, when the namespace's
//! `lo` has ::1.

mod support;

use std::process::Command;

use support::cprog;
use support::scratch::Scratch;

/// The hosts file the program resolves through.
const HOSTS: &str = "127.0.0.3 rinet-two.test\n127.0.0.2 rinet-two.test\n\
                     ::1 localhost\n127.0.0.1 localhost\n";

/// Runs `script` in new mount and network namespaces, with `lo` up, [`HOSTS`] over /etc/hosts
/// and "hosts: files" over /etc/nsswitch.conf, the program at `$PROBE`. Returns its output.
fn in_namespace(probe: &std::path::Path, script: &str) -> String {
    let dir = Scratch::new("names-refused");
    let hosts = dir.join("hosts");
    let nsswitch = dir.join("nsswitch.conf");
    std::fs::write(&hosts, HOSTS).expect("write the hosts file");
    std::fs::write(&nsswitch, "hosts: files\n").expect("write the nsswitch.conf");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let flags = if root { "-mn" } else { "-rmn" };
    let setup = "ip link set lo up\n\
                 mount --bind \"$HOSTS\" /etc/hosts\n\
                 if [ -e /etc/nsswitch.conf ]; then mount --bind \"$NSSWITCH\" /etc/nsswitch.conf; fi";
    let mut command = Command::new("unshare");
    command
        .args([flags, "sh", "-ec", &format!("{setup}\n{script}")])
        .env("PROBE", probe)
        .env("HOSTS", &hosts)
        .env("NSSWITCH", &nsswitch);
    for var in [
        "http_proxy",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
        "RINET_TRACE",
    ] {
        command.env_remove(var);
    }
    let out = command.output().unwrap_or_else(|e| {
        panic!("run unshare (util-linux; apt-get install util-linux iproute2): {e}")
    });
    assert!(
        out.status.success(),
        "unshare {flags} sh -ec {script:?} failed ({}): {}{}\n(the test needs unshare, mount and \
         ip: apt-get install util-linux iproute2; and mount and network namespaces: root, or \
         unprivileged user namespaces)",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// What the program prints for `name`, which resolves to `refused` (nothing listens) then to
/// `answering`, for each mode.
fn expected(name: &str, refused: &str, answering: &str) -> String {
    let mut lines = vec![format!("addrs {refused},{answering}")];
    for mode in ["async", "sync", "driven"] {
        lines.push(format!("ok {mode}"));
        lines.push(format!(
            "{mode} status 200 body \"ok\" accepted 1 notes RESOLVING_NAME({name}) \
             NAME_RESOLVED({refused}) CONNECTING_TO_SERVER({refused}) \
             CONNECTED_TO_SERVER({answering}) SENDING_REQUEST"
        ));
    }
    lines.push("3 passed, 0 failed".to_string());
    lines.join("\n")
}

fn probe() -> cprog::Built {
    cprog::compile_with(
        &cprog::repo_root()
            .join("tests/netns/names_refused.c")
            .display()
            .to_string(),
        "netns",
        &[],
    )
}

#[test]
fn a_refused_first_address_gives_one_connecting_and_one_connected() {
    let probe = probe();
    let out = in_namespace(
        &probe,
        "\"$PROBE\" rinet-two.test 127.0.0.2 async sync driven",
    );
    assert_eq!(out, expected("rinet-two.test", "127.0.0.3", "127.0.0.2"));
}

#[test]
fn localhost_refused_on_ipv6_connects_once_on_ipv4() {
    let probe = probe();
    let out = in_namespace(
        &probe,
        "if ip -6 addr show dev lo | grep -q 'inet6 ::1/'; then\n\
         \"$PROBE\" localhost 127.0.0.1 async sync driven\n\
         else echo no IPv6; fi",
    );
    if out == "no IPv6" {
        eprintln!("lo has no ::1 in a new network namespace here: localhost has only 127.0.0.1");
        return;
    }
    assert_eq!(out, expected("localhost", "::1", "127.0.0.1"));
}
