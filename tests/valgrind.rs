// SPDX-License-Identifier: MIT OR Apache-2.0
//! Runs every C program of the repository under valgrind, each against its own test server.
//! A run passes when the program passes and valgrind reports no error and no definitely lost
//! block. valgrind must be installed: these tests fail, saying so, when it is not.

mod support;

use std::collections::BTreeSet;

use support::cprog;
use support::https_rig::{self, HttpsRig};
use support::server::TestServer;

/// One test per C program: `name => "path" [extra arguments] {environment}`. `PROGRAMS` lists
/// them all, so that a C file without a test fails `every_c_program_runs_under_valgrind`.
macro_rules! valgrind_tests {
    ($($name:ident => $path:literal [$($arg:literal),*] {$($key:literal = $value:literal),*};)*) => {
        $(
            #[test]
            fn $name() {
                let server = TestServer::start();
                cprog::run_under_valgrind($path, &server, &[$($arg),*], &[$(($key, $value)),*]);
            }
        )*

        const PROGRAMS: &[&str] = &[$($path),*];
    };
}

valgrind_tests! {
    post_large_async => "c-examples/post_large_async.c" ["4"] {"RINET_POST_MIB" = "4"};
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
    driven_poll => "c-examples/driven_poll.c" [] {};
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
fn every_c_program_runs_under_valgrind() {
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
        "every C program needs a test in tests/valgrind.rs; without a test: {untested:?}; \
         tested but missing on disk: {missing:?}"
    );
}

/// c-examples/https_get.c under valgrind, against nginx (TLS, test CA) through tinyproxy.
#[test]
fn https_get() {
    cprog::require_valgrind();
    let rig = HttpsRig::start();
    let exe = cprog::compile(https_rig::HTTPS_GET, "valgrind");
    let mut command = std::process::Command::new("valgrind");
    command
        .args(cprog::VALGRIND_ARGS)
        .arg(&exe)
        .args(rig.arg_refs());
    let outcome = cprog::run_with_timeout(command, cprog::VALGRIND_TIMEOUT);
    assert!(
        outcome.status.success()
            && outcome
                .stderr
                .contains("ERROR SUMMARY: 0 errors from 0 contexts"),
        "{}",
        outcome.report(https_rig::HTTPS_GET)
    );
}
