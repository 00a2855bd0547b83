// SPDX-License-Identifier: MIT OR Apache-2.0
//! The demo's point: c-examples/post_large_async.c, uploading to a reader slower than itself,
//! sees some of its InternetWriteFile calls return ERROR_IO_PENDING and complete with
//! REQUEST_COMPLETE, and the server's reply still matches the length and hash of what was sent
//! (the program checks it and exits non-zero otherwise).
//!
//! scripts/demo.sh uploads to the test server's `/paced/<KiB/s>` route. Whether a paced reader
//! is slower than the writer depends on how fast the machine runs the writer, so the test makes
//! it certain instead: the server holds the request at a gate before reading any of its body
//! (`/gate/<key>/paced/<KiB/s>`), and the upload is larger than the kernel's socket buffers
//! between the two ends can grow to, so a write must pend; the program says so on its standard
//! output, and only then does the test open the gate and let the paced reader read.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use support::cprog;
use support::server::TestServer;

/// The route and rate scripts/demo.sh uploads to by default.
fn demo_path() -> String {
    let script = std::fs::read_to_string(cprog::repo_root().join("scripts/demo.sh")).unwrap();
    let kibps = script
        .lines()
        .find_map(|l| l.strip_prefix("kibps=${RINET_DEMO_KIBPS:-"))
        .and_then(|l| l.strip_suffix('}'))
        .expect("scripts/demo.sh sets kibps=${RINET_DEMO_KIBPS:-<n>}");
    assert!(script.contains("path=/paced/$kibps"));
    format!("/paced/{kibps}")
}

/// The most a socket's kernel buffer grows to, from `/proc/sys/net/ipv4/<name>` (its third
/// number), or `default` where that cannot be read.
fn net_max(name: &str, default: u64) -> u64 {
    std::fs::read_to_string(format!("/proc/sys/net/ipv4/{name}"))
        .ok()
        .and_then(|t| t.split_whitespace().nth(2)?.parse().ok())
        .unwrap_or(default)
}

/// MiB to upload: 32, or more where the client's send buffer and the server's receive buffer
/// together could hold that much, so that the upload can never fit in them.
fn upload_mib() -> u64 {
    let most = net_max("tcp_wmem", 4 << 20) + net_max("tcp_rmem", 6 << 20);
    (most.div_ceil(1 << 20) + 8).max(32)
}

#[test]
fn writes_pend_against_a_reader_that_is_held_then_paced() {
    let server = TestServer::start();
    let path = demo_path();
    let mib = upload_mib();
    for (i, exe) in cprog::compile_all("c-examples/post_large_async.c", "run", &[])
        .into_iter()
        .enumerate()
    {
        let key = format!("demo{i}");
        let held = format!("/gate/{key}{path}");
        let mut command = Command::new(&exe);
        cprog::point_at(&mut command, &server, &[&mib.to_string(), &held], &[]);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start post_large_async");
        let stderr = child.stderr.take().expect("piped stderr");
        let stderr =
            std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
        // Until the gate opens the server reads nothing: the program's first pending write is
        // what opens it. (A program that never pended would time out its own wait and exit.)
        let mut out = String::new();
        let mut opened = false;
        for line in BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
            let line = line.expect("the program's output");
            if !opened && line.contains("InternetWriteFile returned ERROR_IO_PENDING") {
                server.open_gate(&key);
                opened = true;
            }
            out.push_str(&line);
            out.push('\n');
        }
        let status = child.wait().expect("wait for post_large_async");
        let stderr = stderr.join().expect("stderr reader");
        print!("{out}");
        assert!(status.success(), "{status}\n{out}{stderr}");
        assert!(opened, "no write pended:\n{out}{stderr}");
        let line = out
            .lines()
            .find(|l| l.starts_with("writes: "))
            .expect("a writes: line");
        let pended: u32 = line
            .strip_suffix(" returned ERROR_IO_PENDING")
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("cannot read {line:?}"));
        assert!(pended > 0, "{line}");
        assert!(
            out.contains(&format!("reply:    \"{} ", mib << 20)),
            "{out}"
        );
        assert!(out.lines().any(|l| l == "OK"), "{out}");
        // Each pending write got its own REQUEST_COMPLETE: the send's, the end's and one each.
        let completes = format!("REQUEST_COMPLETE={}", pended + 2);
        assert!(out.contains(&completes), "expected {completes}:\n{out}");
    }
}
