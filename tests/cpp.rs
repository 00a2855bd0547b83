// SPDX-License-Identifier: MIT OR Apache-2.0
//! The C++ layer (include/rinet.hpp): its tests (tests/cpp/raii.cpp) and the C++ example
//! (c-examples/cpp/get.cpp), compiled with `g++ -std=c++17 -Wall -Wextra -Werror -pedantic`
//! against the librinet that cargo built, run against the test server, and run again under
//! valgrind. A program passes when it exits 0 and prints no `FAIL` line; under valgrind, also
//! with no memory error and no definitely lost block (a leaked or doubly freed callback slot
//! shows up there). Needs g++ (Debian: apt-get install g++) and valgrind.

mod support;

use std::path::Path;
use std::process::Command;

use support::cprog::{self, repo_root, run_with_timeout, Built, Outcome};
use support::scratch::Scratch;
use support::server::TestServer;

/// Compiles the C++ program at `source` (relative to the repository) into a scratch directory
/// of this call's own under `cpp/<tag>`; returns the executable. Panics with the compiler's
/// output when it fails.
fn compile(source: &str, tag: &str, std: &str) -> Built {
    let lib = cprog::lib_dir();
    let out_dir = Scratch::new(&format!("cpp/{tag}"));
    let exe = out_dir.join(
        Path::new(source)
            .file_stem()
            .expect("a C++ file name")
            .to_string_lossy()
            .into_owned(),
    );
    let cxx = std::env::var_os("CXX").unwrap_or_else(|| "g++".into());
    let mut command = Command::new(&cxx);
    command
        .arg(format!("-std={std}"))
        .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-g", "-I"])
        .arg(repo_root().join("include"))
        .arg(repo_root().join(source))
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(&lib)
        .args(["-lrinet", "-lpthread"])
        .args(support::cprog::RUN_THIS_LIBRARY)
        .arg(format!("-Wl,-rpath,{}", lib.display()));
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("run the C++ compiler {cxx:?} (apt-get install g++): {e}"));
    assert!(
        output.status.success(),
        "compiling {source} failed ({}):\n{command:?}\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Built::new(exe, out_dir)
}

fn run(exe: &Path, valgrind: bool, extra: &[&str]) -> Outcome {
    let server = TestServer::start();
    let port = server.port().to_string();
    let mut command = if valgrind {
        cprog::require_valgrind();
        let mut c = Command::new("valgrind");
        c.args(cprog::VALGRIND_ARGS).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    command.arg("127.0.0.1").arg(&port).args(extra);
    let timeout = if valgrind {
        cprog::VALGRIND_TIMEOUT
    } else {
        cprog::RUN_TIMEOUT
    };
    let outcome = run_with_timeout(command, timeout);
    let clean = !valgrind
        || outcome
            .stderr
            .contains("ERROR SUMMARY: 0 errors from 0 contexts");
    assert!(
        outcome.status.success() && outcome.failed_checks().is_empty() && clean,
        "{}",
        outcome.report(&exe.display().to_string())
    );
    print!("{}", outcome.stdout);
    outcome
}

#[test]
fn raii_layer_checks() {
    let exe = compile("tests/cpp/raii.cpp", "run", "c++17");
    let out = run(&exe, false, &[]);
    assert!(out.stdout.contains("all checks passed"), "{}", out.stdout);
}

#[test]
fn raii_layer_checks_under_valgrind() {
    let exe = compile("tests/cpp/raii.cpp", "valgrind", "c++17");
    run(&exe, true, &[]);
}

#[test]
fn cpp_example_gets_a_body() {
    let exe = compile("c-examples/cpp/get.cpp", "run", "c++17");
    let out = run(&exe, false, &["/bytes/250000"]);
    assert!(
        out.stdout.contains("status 200, 250000 bytes"),
        "{}",
        out.stdout
    );
}

#[test]
fn cpp_example_under_valgrind() {
    let exe = compile("c-examples/cpp/get.cpp", "valgrind", "c++17");
    run(&exe, true, &[]);
}

/// The header also stays clean for C++20 code.
#[test]
fn header_compiles_as_cpp20() {
    compile("c-examples/cpp/get.cpp", "cpp20", "c++20");
}
