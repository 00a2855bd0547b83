// SPDX-License-Identifier: MIT OR Apache-2.0
//! Builds the benchmark server and program (benches/) with `-Wall -Wextra -Werror` and runs every
//! workload once at a tiny size through `make bench-smoke`, against the librinet that cargo
//! built for this test run. The test passes when every workload, through rinet and through
//! libcurl, completes without error. It asserts no timing: benchmarks are not tests.
//!
//! The benchmark compares rinet with libcurl, so it needs libcurl's development files
//! (`apt-get install libcurl4-openssl-dev`). Without them the test prints what to install and
//! passes without running anything; CI installs them.

mod support;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use support::scratch::Scratch;

/// How long `make bench-smoke` may take before it counts as a hang.
const SMOKE_TIMEOUT: Duration = Duration::from_secs(600);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory holding the librinet.so that cargo built for this test run: beside the test
/// binary in `deps`, or one level up.
fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("find the path of the running test binary");
    let deps = exe.parent().expect("the test binary's directory");
    let dir = [Some(deps), deps.parent()]
        .into_iter()
        .flatten()
        .find(|dir| dir.join("librinet.so").is_file())
        .unwrap_or_else(|| {
            panic!(
                "librinet.so is neither in {} nor in its parent: run this test with `cargo test`, \
                 which builds the library first",
                deps.display()
            )
        })
        .to_path_buf();
    dir
}

/// True when a C compiler finds <curl/curl.h> (with the flags curl-config gives, if any).
fn have_curl_headers() -> bool {
    let cflags = Command::new("curl-config")
        .arg("--cflags")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_default();
    let script =
        format!("printf '#include <curl/curl.h>\\n' | cc {cflags} -E -x c - >/dev/null 2>&1");
    Command::new("sh")
        .args(["-c", &script])
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn bench_smoke_runs_every_workload() {
    if !have_curl_headers() {
        println!(
            "note: bench_smoke skipped: libcurl's development headers (<curl/curl.h>) are not \
             installed. Install them with `apt-get install libcurl4-openssl-dev` (and `make`) \
             to build and run the benchmarks; CI does."
        );
        return;
    }
    let out_dir = Scratch::new("bench-smoke");
    let mut child = Command::new("make")
        .current_dir(repo_root())
        .arg("bench-smoke")
        .arg(format!("RINET_LIB_DIR={}", lib_dir().display()))
        .arg("CARGO_BUILD=:")
        .arg(format!("BENCH_OUT={}", out_dir.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run `make bench-smoke` (is make installed? apt-get install make)");

    // Drain both pipes on threads so a chatty run cannot block on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout pipe");
    let mut stderr = child.stderr.take().expect("stderr pipe");
    let out_thread = thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err_thread = thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });

    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for make") {
            break Some(status);
        }
        if start.elapsed() > SMOKE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let out = out_thread.join().unwrap_or_default();
    let err = err_thread.join().unwrap_or_default();
    println!("{out}");
    eprintln!("{err}");
    match status {
        None => panic!("`make bench-smoke` did not finish within {SMOKE_TIMEOUT:?}"),
        Some(status) => assert!(
            status.success(),
            "`make bench-smoke` failed ({status}): a workload failed or hung, see the output above"
        ),
    }
}
