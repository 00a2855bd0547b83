// SPDX-License-Identifier: MIT OR Apache-2.0
//! The demo's point: c-examples/post_large_async.c, uploading to a reader slower than itself
//! (the test server's `/paced/<KiB/s>` route, which scripts/demo.sh uses), sees some of its
//! InternetWriteFile calls return ERROR_IO_PENDING and complete with REQUEST_COMPLETE, and the
//! server's reply still matches the length and hash of what was sent (the program checks it
//! and exits non-zero otherwise).

mod support;

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

#[test]
fn writes_pend_against_a_paced_reader() {
    let server = TestServer::start();
    // 32 MiB: well past what the socket buffers of a loopback connection hold (about 4 MiB of
    // send buffer and 6 MiB of receive buffer with Linux's defaults), so the writer must wait
    // for the reader; at the demo's 32 MiB/s that takes about a second.
    let path = demo_path();
    let out = cprog::run_program(
        "c-examples/post_large_async.c",
        &server,
        &["32", &path],
        &[],
    );
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("writes: "))
        .expect("a writes: line");
    let pended: u32 = line
        .strip_suffix(" returned ERROR_IO_PENDING")
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("cannot read {line:?}"));
    assert!(pended > 0, "no write pended: {line}");
    assert!(out.stdout.contains("reply:    \"33554432 "));
    assert!(out.stdout.lines().any(|l| l == "OK"));
    // Each pending write got its own REQUEST_COMPLETE: the send's, the end's and one each.
    let completes = format!("REQUEST_COMPLETE={}", pended + 2);
    assert!(
        out.stdout.contains(&completes),
        "expected {completes}:\n{}",
        out.stdout
    );
}
