// SPDX-License-Identifier: MIT OR Apache-2.0
//! rinet_version: the version at run time and what the library was built with, read from Rust
//! and from a C program built against include/rinet.h, and compared with Cargo.toml (the
//! version) and Cargo.lock (the libraries compiled in).

mod support;

use std::ffi::{c_char, CStr};
use std::process::Command;

use rinet::ffi::version::{
    rinet_version, rinet_version_info, RINET_FEATURE_AUTH, RINET_FEATURE_DECODING,
    RINET_FEATURE_DRIVEN, RINET_FEATURE_FAULT_INJECTION, RINET_FEATURE_TLS, RINET_VERSION_AGE,
};
use support::cprog::{self, repo_root, run_with_timeout};

fn text(p: *const c_char) -> String {
    assert!(!p.is_null(), "a NULL string in rinet_version_info");
    // SAFETY: rinet_version's strings are static and NUL-terminated (checked non-NULL above).
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .expect("ASCII")
        .to_string()
}

fn info() -> &'static rinet_version_info {
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let p = unsafe { rinet_version() };
    assert!(!p.is_null());
    // SAFETY: rinet_version returns a pointer to a static struct, never NULL.
    unsafe { &*p }
}

/// The version Cargo.lock records for `name`.
fn locked(name: &str) -> String {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).expect("Cargo.lock");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            let v = lines.next().expect("a version line");
            return v
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .expect("version = \"...\"")
                .to_string();
        }
    }
    panic!("Cargo.lock does not name {name}");
}

/// The `#define NAME value` of include/rinet.h.
fn header_define(name: &str) -> String {
    let header = std::fs::read_to_string(repo_root().join("include/rinet.h")).unwrap();
    header
        .lines()
        .find_map(|l| l.strip_prefix(&format!("#define {name} ")))
        .unwrap_or_else(|| panic!("rinet.h does not define {name}"))
        .trim()
        .to_string()
}

#[test]
fn version_numbers_and_text_come_from_cargo_toml() {
    let v = info();
    let num = |s: &str| s.parse::<u32>().unwrap();
    let (major, minor, patch) = (
        num(env!("CARGO_PKG_VERSION_MAJOR")),
        num(env!("CARGO_PKG_VERSION_MINOR")),
        num(env!("CARGO_PKG_VERSION_PATCH")),
    );
    assert_eq!(v.age, RINET_VERSION_AGE);
    assert_eq!(
        (v.version_major, v.version_minor, v.version_patch),
        (major, minor, patch)
    );
    assert_eq!(v.version_num, major << 16 | minor << 8 | patch);
    assert_eq!(text(v.version), env!("CARGO_PKG_VERSION"));
    // The header's macros say the same.
    assert_eq!(
        header_define("RINET_VERSION"),
        format!("\"{}\"", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        header_define("RINET_VERSION_NUM"),
        format!("0x{:06x}", v.version_num)
    );
    // The same struct every time.
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_version() }, unsafe { rinet_version() });
}

#[test]
fn what_was_compiled_in() {
    let v = info();
    assert_eq!(text(v.tls_backend), "rustls");
    assert_eq!(text(v.tls_version), locked("rustls"));
    assert_eq!(text(v.tls_provider), format!("ring {}", locked("ring")));
    assert_eq!(text(v.decoders), "gzip deflate");
    assert_eq!(
        text(v.decoder_backend),
        format!("miniz_oxide {}", locked("miniz_oxide"))
    );
    assert_eq!(text(v.auth_schemes), "Basic Digest");
    let host = text(v.host);
    assert!(
        host.starts_with(std::env::consts::ARCH) && host.contains(std::env::consts::OS),
        "host {host:?}"
    );
    let always =
        RINET_FEATURE_TLS | RINET_FEATURE_DECODING | RINET_FEATURE_DRIVEN | RINET_FEATURE_AUTH;
    let test_only = if cfg!(feature = "fault-injection") {
        RINET_FEATURE_FAULT_INJECTION
    } else {
        0
    };
    assert_eq!(v.features, always | test_only, "features {:#x}", v.features);
}

#[test]
fn it_leaves_the_last_error_alone() {
    rinet::ffi::boundary::set_last_error(12029);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let _ = unsafe { rinet_version() };
    assert_eq!(rinet::ffi::boundary::last_error(), 12029);
}

/// A C program built against rinet.h prints what rinet_version gives and checks it against the
/// header's macros; its lines must match what Rust reads.
#[test]
fn from_c() {
    let dir = support::scratch::Scratch::new("version-c");
    let source = dir.join("version.c");
    std::fs::write(&source, C_PROGRAM).unwrap();
    let exe = cprog::compile_with(source.to_str().unwrap(), "version", &[]);
    let out = run_with_timeout(Command::new(&exe), cprog::RUN_TIMEOUT);
    assert!(out.status.success(), "{}", out.report("version.c"));
    let v = info();
    // The C program loads the librinet.so in the target directory, which the last build of
    // any feature set wrote (a plain `cargo build --release` after this test binary was built
    // leaves one without fault injection): compare the rest exactly, and that bit by itself.
    let (c_features, want_features) = (
        c_line(&out.stdout, "features "),
        v.features & !RINET_FEATURE_FAULT_INJECTION,
    );
    assert_eq!(
        u32::from_str_radix(c_features.trim_start_matches("0x"), 16).unwrap()
            & !RINET_FEATURE_FAULT_INJECTION,
        want_features
    );
    let stdout = out
        .stdout
        .lines()
        .filter(|l| !l.starts_with("features "))
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    let want = format!(
        "age {}\nversion {} {:#x} {}.{}.{}\ntls {} {} ({})\ndecoding {} ({})\nauth {}\nhost {}\nok header and library agree\n",
        v.age,
        text(v.version),
        v.version_num,
        v.version_major,
        v.version_minor,
        v.version_patch,
        text(v.tls_backend),
        text(v.tls_version),
        text(v.tls_provider),
        text(v.decoders),
        text(v.decoder_backend),
        text(v.auth_schemes),
        text(v.host),
    );
    assert_eq!(stdout, want);
}

/// The value of the line of `text` that starts with `prefix`.
fn c_line<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} line in {text:?}"))
}

const C_PROGRAM: &str = r#"#include <rinet.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    const rinet_version_info *v = rinet_version();
    if (v == NULL)
        return 1;
    printf("age %u\n", (unsigned)v->age);
    printf("version %s %#x %u.%u.%u\n", v->version, (unsigned)v->version_num, (unsigned)v->version_major,
           (unsigned)v->version_minor, (unsigned)v->version_patch);
    printf("features %#x\n", (unsigned)v->features);
    printf("tls %s %s (%s)\n", v->tls_backend, v->tls_version, v->tls_provider);
    printf("decoding %s (%s)\n", v->decoders, v->decoder_backend);
    printf("auth %s\n", v->auth_schemes);
    printf("host %s\n", v->host);
    if (v->age != RINET_VERSION_AGE || v->version_num != RINET_VERSION_NUM || strcmp(v->version, RINET_VERSION) != 0 ||
        v->version_major != RINET_VERSION_MAJOR || v->version_minor != RINET_VERSION_MINOR ||
        v->version_patch != RINET_VERSION_PATCH || !(v->features & RINET_FEATURE_TLS)) {
        printf("FAIL header and library disagree\n");
        return 1;
    }
    printf("ok header and library agree\n");
    return 0;
}
"#;
