// SPDX-License-Identifier: MIT OR Apache-2.0
//! Builds every C program of the repository with `-Wall -Wextra -Werror` against librinet and
//! runs each against its own test server. A program passes when it exits 0 and prints no
//! `FAIL` line.

mod support;

use std::collections::BTreeSet;

use support::cprog;
use support::https_rig::{self, HttpsRig};
use support::server::TestServer;

/// One test per C program: `name => "path" [extra arguments] {environment}`. `PROGRAMS` lists
/// them all, so that a C file without a test fails `every_c_program_has_a_test`.
macro_rules! c_program_tests {
    ($($name:ident => $path:literal [$($arg:literal),*] {$($key:literal = $value:literal),*};)*) => {
        $(
            #[test]
            fn $name() {
                let server = TestServer::start();
                cprog::run_program($path, &server, &[$($arg),*], &[$(($key, $value)),*]);
            }
        )*

        const PROGRAMS: &[&str] = &[$($path),*];
    };
}

c_program_tests! {
    post_large_async => "c-examples/post_large_async.c" ["16"] {"RINET_POST_MIB" = "16"};
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
fn every_c_file_compiles_with_werror() {
    let programs = cprog::c_programs();
    assert!(
        !programs.is_empty(),
        "no C files in {:?}",
        cprog::PROGRAM_DIRS
    );
    let failures: Vec<String> = programs
        .iter()
        .filter_map(|source| {
            std::panic::catch_unwind(|| cprog::compile_all(source, "werror", &[]))
                .err()
                .map(|panic| match panic.downcast::<String>() {
                    Ok(message) => *message,
                    Err(_) => format!("compiling {source} failed"),
                })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_c_program_has_a_test() {
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
        "every C program needs a test in tests/c_programs.rs; without a test: {untested:?}; \
         tested but missing on disk: {missing:?}"
    );
}

/// c-examples/https_get.c against nginx (TLS, test CA) through tinyproxy.
#[test]
fn https_get() {
    let rig = HttpsRig::start();
    let exe = cprog::compile(https_rig::HTTPS_GET, "run");
    let mut command = std::process::Command::new(&exe);
    command.args(rig.arg_refs());
    let outcome = cprog::run_with_timeout(command, cprog::RUN_TIMEOUT);
    assert!(
        outcome.status.success() && outcome.stdout.starts_with("ok "),
        "{}",
        outcome.report(https_rig::HTTPS_GET)
    );
    print!("{}", outcome.stdout);
}
