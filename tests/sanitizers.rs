// SPDX-License-Identifier: MIT OR Apache-2.0
//! Builds every C program of the repository a second time with AddressSanitizer and
//! UndefinedBehaviorSanitizer (`-fsanitize=address,undefined -fno-omit-frame-pointer`, every
//! finding fatal) against librinet, and runs each against its own test server. A run passes
//! when the program passes and the sanitizers report nothing: no AddressSanitizer error, no
//! UndefinedBehaviorSanitizer runtime error, and no leak from LeakSanitizer, which
//! AddressSanitizer runs when the program exits.
//!
//! librinet is Rust and is not instrumented itself. The sanitizer runtime is linked into each
//! executable, which then loads librinet.so as usual (no `LD_PRELOAD`): the runtime is the first
//! library of the process, so it intercepts every `malloc` and `free`, rinet's included (Rust
//! allocates through the C allocator), and the C library's `memcpy`, `memmove` and `memset`,
//! through which rinet's larger copies into and out of C buffers go. What the C code does with
//! rinet's handles, buffers and callbacks is fully checked; rinet's own loads and stores are
//! checked only where they go through those functions (the valgrind runs of tests/valgrind.rs
//! check all of them). LeakSanitizer sees every block rinet allocated and never freed. Rust's
//! thread-locals and statics stay reachable (LeakSanitizer scans the globals and thread data of
//! every loaded library), so they are not reported: no suppression is needed, and
//! [`LSAN_SUPPRESSIONS`] names the file that would hold one, with a comment per entry.
//!
//! The sanitizers are proven to be really linked in: every executable must reference
//! `__asan_init` and an UndefinedBehaviorSanitizer handler (checked with `nm`), and small faulty
//! programs built the same way must be caught: a heap overflow, a use after free, a signed
//! overflow and a leak.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use support::cprog::{self, Built};
use support::https_rig::{self, HttpsRig};
use support::scratch::Scratch;
use support::server::TestServer;

/// The sanitizer flags, added to the usual `-std=c11 -Wall -Wextra -Werror -g`.
/// `-fno-sanitize-recover=all` makes every UndefinedBehaviorSanitizer finding end the program.
const SANITIZE: &[&str] = &[
    "-fsanitize=address,undefined",
    "-fno-omit-frame-pointer",
    "-fno-sanitize-recover=all",
];

/// Exit status the sanitizers use, so that a finding is told apart from a failed check (1).
const SANITIZER_EXIT: i32 = 86;

/// LeakSanitizer suppressions, relative to the repository. Each entry in the file says why it
/// is there; the file may hold none.
const LSAN_SUPPRESSIONS: &str = "tests/lsan.supp";

/// What a sanitizer prints when it finds something.
const FINDINGS: &[&str] = &[
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "SUMMARY: AddressSanitizer",
    "SUMMARY: UndefinedBehaviorSanitizer",
];

/// Compiles `source` with the sanitizers into the `tag` directory, and checks with `nm` that
/// the executable really has them linked in.
fn compile_sanitized(source: &str, tag: &str) -> Built {
    let exe = cprog::compile_with(source, tag, SANITIZE);
    assert_sanitizers_linked(&exe);
    exe
}

/// The executable references AddressSanitizer's start-up and an UndefinedBehaviorSanitizer
/// handler: the runtime is linked in, not just the flags accepted.
fn assert_sanitizers_linked(exe: &Path) {
    let out = Command::new("nm")
        .arg(exe)
        .output()
        .unwrap_or_else(|e| panic!("run nm (install binutils): {e}"));
    assert!(out.status.success(), "nm {} failed", exe.display());
    let symbols = String::from_utf8_lossy(&out.stdout);
    let has = |name: &str| {
        symbols
            .lines()
            .any(|line| line.split_whitespace().last() == Some(name))
    };
    assert!(
        has("__asan_init"),
        "{} does not reference __asan_init: AddressSanitizer is not linked in",
        exe.display()
    );
    assert!(
        symbols.lines().any(|line| line
            .split_whitespace()
            .last()
            .is_some_and(|s| s.starts_with("__ubsan_handle_"))),
        "{} references no __ubsan_handle_* symbol: UndefinedBehaviorSanitizer is not linked in",
        exe.display()
    );
}

/// The sanitizers' settings for a run.
fn sanitizer_env() -> Vec<(String, String)> {
    let mut lsan = String::from("print_suppressions=0");
    let supp = cprog::repo_root().join(LSAN_SUPPRESSIONS);
    if supp.is_file() {
        lsan = format!("suppressions={}:{lsan}", supp.display());
    }
    vec![
        (
            "ASAN_OPTIONS".into(),
            format!("detect_leaks=1:halt_on_error=1:exitcode={SANITIZER_EXIT}:strict_string_checks=1:detect_invalid_pointer_pairs=0"),
        ),
        (
            "UBSAN_OPTIONS".into(),
            format!("print_stacktrace=1:halt_on_error=1:exitcode={SANITIZER_EXIT}"),
        ),
        ("LSAN_OPTIONS".into(), lsan),
    ]
}

/// Compiles the C program at `source` with the sanitizers and runs it against `server`.
/// Asserts that it passes and that no sanitizer reported anything.
fn run_sanitized(source: &str, server: &TestServer, args: &[&str], env: &[(&str, &str)]) {
    for exe in cprog::compile_all(source, "sanitizers", SANITIZE) {
        assert_sanitizers_linked(&exe);
        run_sanitized_exe(source, &exe, server, args, env);
    }
}

/// Runs one sanitized build of `source` against `server` and asserts that it passes and that
/// no sanitizer reported anything.
fn run_sanitized_exe(
    source: &str,
    exe: &Path,
    server: &TestServer,
    args: &[&str],
    env: &[(&str, &str)],
) {
    let mut command = Command::new(exe);
    cprog::point_at(&mut command, server, args, env);
    command.envs(sanitizer_env());
    let outcome = cprog::run_with_timeout(command, cprog::RUN_TIMEOUT);
    let findings: Vec<&str> = FINDINGS
        .iter()
        .copied()
        .filter(|f| outcome.stderr.contains(f))
        .collect();
    assert!(
        outcome.status.success() && outcome.failed_checks().is_empty() && findings.is_empty(),
        "{}",
        outcome.report(&format!(
            "sanitized {source} ({}; findings: {findings:?})",
            exe.display()
        ))
    );
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
}

/// One test per C program: `name => "path" [extra arguments] {environment}`. `PROGRAMS` lists
/// them all, so that a C file without a test fails `every_c_program_runs_under_sanitizers`.
macro_rules! sanitizer_tests {
    ($($name:ident => $path:literal [$($arg:literal),*] {$($key:literal = $value:literal),*};)*) => {
        $(
            #[test]
            fn $name() {
                let server = TestServer::start();
                run_sanitized($path, &server, &[$($arg),*], &[$(($key, $value)),*]);
            }
        )*

        const PROGRAMS: &[&str] = &[$($path),*];
    };
}

sanitizer_tests! {
    post_large_async => "c-examples/post_large_async.c" ["8"] {"RINET_POST_MIB" = "8"};
    get_async => "c-examples/get_async.c" [] {};
    get_sync => "c-examples/get_sync.c" [] {};
    notify_order => "tests/c/notify_order.c" [] {};
    bodies => "tests/c/bodies.c" [] {};
    handles => "tests/c/handles.c" [] {};
    upload => "tests/c/upload.c" [] {};
    cancel_reentry => "tests/c/cancel_reentry.c" [] {};
    delivery => "tests/c/delivery.c" [] {};
    names => "tests/c/names.c" [] {};
    url => "tests/c/url.c" [] {};
    misuse => "tests/c/misuse.c" [] {};
    driven_poll => "c-examples/driven_poll.c" ["2048"] {};
    driven_glib => "c-examples/driven_glib.c" [] {};
    driven_close => "tests/c/driven_close.c" [] {};
    kb242019 => "c-examples/wininet/kb242019.c" ["6144", "/slowread/1"] {};
    async_example => "c-examples/wininet/async_example.c" [] {};
    kb164983_threads => "c-examples/wininet/kb164983_threads.c" [] {};
    irf_no_wait => "c-examples/wininet/irf_no_wait.c" [] {};
    conformance => "tests/c/conformance.c" [] {};
    conformance_driven => "tests/c/conformance.c" [] {"RINET_CONFORMANCE_DRIVEN" = "1"};
    wide => "tests/c/wide.c" [] {};
    wide_w16 => "tests/c/wide_w16.c" [] {};
    wide_unicode => "tests/c/wide_unicode.c" [] {};
    wide_unicode_w16 => "tests/c/wide_unicode_w16.c" [] {};
    sdk => "tests/c/sdk.c" [] {};
    sdk_unsupported => "tests/c/sdk_unsupported.c" [] {};
    sdk_wide => "tests/c/sdk_wide.c" [] {};
    sdk_wide_w16 => "tests/c/sdk_wide_w16.c" [] {};
    win32_unit_sync => "tests/c/win32/unit_sync.c" [] {};
    win32_unit_text => "tests/c/win32/unit_text.c" [] {};
    win32_unit_file => "tests/c/win32/unit_file.c" [] {};
    win32_wmain_args => "tests/c/win32/wmain_args.c" ["h\u{e9}llo", "\u{65e5}\u{672c}", "\u{1F600}", "two words"] {};
    win32_ansi_formatmessage => "tests/c/win32/ansi_formatmessage.c" [] {};
    win32_async_overlapped => "tests/c/win32/async_overlapped.c" [] {};
    win32_upload_file => "tests/c/win32/upload_file.c" [] {};
    win32_cpp_wrapper => "tests/c/win32/cpp_wrapper.cpp" [] {};
    win32_unicode_download => "tests/c/win32/unicode_download.c" [] {};
    win32_unicode_async => "tests/c/win32/unicode_async.c" [] {};
    win32_async_overlapped_unicode => "tests/c/win32/async_overlapped_unicode.c" [] {};
    win32_upload_file_unicode => "tests/c/win32/upload_file_unicode.c" [] {};
}

#[test]
fn every_c_program_runs_under_sanitizers() {
    let programs = cprog::c_programs();
    let on_disk: BTreeSet<&str> = programs.iter().map(String::as_str).collect();
    let tested: BTreeSet<&str> = PROGRAMS
        .iter()
        .copied()
        .chain([https_rig::HTTPS_GET])
        .collect();
    let untested: Vec<&&str> = on_disk.difference(&tested).collect();
    let missing: Vec<&&str> = tested.difference(&on_disk).collect();
    assert!(
        untested.is_empty() && missing.is_empty(),
        "every C program needs a test in tests/sanitizers.rs; without a test: {untested:?}; \
         tested but missing on disk: {missing:?}"
    );
}

/// Writes a faulty program, builds it exactly as the real ones are built (sanitizers, `-Werror`,
/// linked with librinet), runs it, and returns its standard error after checking that it
/// failed with the sanitizers' exit status.
fn run_faulty(name: &str, code: &str) -> String {
    let dir = Scratch::new("sanitizer-faults");
    let source = dir.join(format!("{name}.c"));
    let program = format!(
        "#include <rinet.h>\n#include <limits.h>\n#include <stdio.h>\n#include <stdlib.h>\n\
         #include <string.h>\n\nint main(int argc, char **argv)\n{{\n    (void)argv;\n    \
         /* librinet is loaded and used, as in the real programs */\n    \
         if (rinet_live_handles() != 0)\n        return 2;\n{code}\n    return 0;\n}}\n"
    );
    std::fs::write(&source, program).unwrap_or_else(|e| panic!("write {}: {e}", source.display()));
    let exe = compile_sanitized(
        source.to_str().expect("a UTF-8 temporary path"),
        "sanitizer-faults",
    );
    let mut command = Command::new(&exe);
    command.envs(sanitizer_env());
    let outcome = cprog::run_with_timeout(command, cprog::RUN_TIMEOUT);
    assert_eq!(
        outcome.status.code(),
        Some(SANITIZER_EXIT),
        "{}",
        outcome.report(&format!(
            "the faulty program {name} was not stopped by a sanitizer"
        ))
    );
    outcome.stderr
}

#[test]
fn address_sanitizer_catches_a_heap_overflow() {
    let stderr = run_faulty(
        "heap_overflow",
        "    char *p = malloc(8);\n    volatile size_t i = 8 + (size_t)argc - 1;\n    \
         p[i] = 'x';\n    printf(\"%c\\n\", p[i]);\n    free(p);",
    );
    assert!(
        stderr.contains("ERROR: AddressSanitizer: heap-buffer-overflow"),
        "AddressSanitizer did not report the overflow:\n{stderr}"
    );
}

#[test]
fn address_sanitizer_catches_a_use_after_free() {
    let stderr = run_faulty(
        "use_after_free",
        // free through a volatile pointer: the compiler cannot see the use after free, and
        // only the sanitizer can catch it.
        "    char *p = malloc(16 + (size_t)argc);\n    strcpy(p, \"freed\");\n    \
         void (*volatile release)(void *) = free;\n    release(p);\n    \
         volatile char c = p[argc];\n    printf(\"%d\\n\", c);",
    );
    assert!(
        stderr.contains("ERROR: AddressSanitizer: heap-use-after-free"),
        "AddressSanitizer did not report the use after free:\n{stderr}"
    );
}

#[test]
fn undefined_behavior_sanitizer_catches_a_signed_overflow() {
    let stderr = run_faulty(
        "signed_overflow",
        "    volatile int big = INT_MAX;\n    int sum = big + argc;\n    printf(\"%d\\n\", sum);",
    );
    assert!(
        stderr.contains("runtime error: signed integer overflow"),
        "UndefinedBehaviorSanitizer did not report the overflow:\n{stderr}"
    );
}

#[test]
fn leak_sanitizer_catches_a_leak() {
    let stderr = run_faulty(
        "leak",
        "    char *p = malloc(100 + (size_t)argc);\n    strcpy(p, \"leaked\");\n    \
         printf(\"%s\\n\", p);\n    p = NULL;",
    );
    assert!(
        stderr.contains("ERROR: LeakSanitizer: detected memory leaks"),
        "LeakSanitizer did not report the leak (are the suppressions too wide?):\n{stderr}"
    );
}

/// c-examples/https_get.c with the sanitizers, against nginx (TLS, test CA) through tinyproxy.
#[test]
fn https_get() {
    let rig = HttpsRig::start();
    let exe = compile_sanitized(https_rig::HTTPS_GET, "sanitizers");
    let mut command = Command::new(&exe);
    command.args(rig.arg_refs()).envs(sanitizer_env());
    let outcome = cprog::run_with_timeout(command, cprog::RUN_TIMEOUT);
    let findings: Vec<&str> = FINDINGS
        .iter()
        .copied()
        .filter(|f| outcome.stderr.contains(f))
        .collect();
    assert!(
        outcome.status.success() && findings.is_empty(),
        "{}",
        outcome.report(&format!(
            "sanitized {} (findings: {findings:?})",
            https_rig::HTTPS_GET
        ))
    );
}
