// SPDX-License-Identifier: MIT OR Apache-2.0
//! The version at run time: rinet_version and what it describes.
//!
//! The numbers come from Cargo.toml (cargo's `CARGO_PKG_VERSION_*`), and the versions of the
//! libraries compiled in from Cargo.lock, which build.rs reads; nothing here is typed by hand.

use std::ffi::c_char;

/// The age of the rinet_version_info this header describes. rinet_version fills every member
/// of its library's age; members are only ever added at the end, each addition raising the
/// age by one. Read a member added at age N only when `info->age >= N`. Age 0 is the first.
pub const RINET_VERSION_AGE: u32 = 0;

/// Feature bit: HTTPS (TLS) is compiled in; `tls_backend` names the library.
pub const RINET_FEATURE_TLS: u32 = 0x1;
/// Feature bit: content decoding (INTERNET_OPTION_HTTP_DECODING) is compiled in; `decoders`
/// names the codings.
pub const RINET_FEATURE_DECODING: u32 = 0x2;
/// Feature bit: driven mode (RINET_FLAG_DRIVEN) is available.
pub const RINET_FEATURE_DRIVEN: u32 = 0x4;
/// Feature bit: HTTP authentication is compiled in; `auth_schemes` names the schemes.
pub const RINET_FEATURE_AUTH: u32 = 0x8;
/// Feature bit: a test build with fault injection (a request header can make rinet panic on
/// purpose). Never set in a library meant to be shipped.
pub const RINET_FEATURE_FAULT_INJECTION: u32 = 0x100;

/// What rinet_version describes: the library's version and what it was built with, like
/// curl's curl_version_info_data. Every string is static, NUL-terminated and never NULL.
#[repr(C)]
#[derive(Debug)]
pub struct rinet_version_info {
    /// The age of this struct as the library filled it (RINET_VERSION_AGE when it was built).
    pub age: u32,
    /// The version as one number, `major << 16 | minor << 8 | patch` (0x000100 is 0.1.0), the
    /// run-time counterpart of RINET_VERSION_NUM.
    pub version_num: u32,
    /// The major version (RINET_VERSION_MAJOR when the library was built).
    pub version_major: u32,
    /// The minor version.
    pub version_minor: u32,
    /// The patch version.
    pub version_patch: u32,
    /// RINET_FEATURE_* bits of what is compiled in.
    pub features: u32,
    /// The version as text, e.g. "0.1.0" (RINET_VERSION when the library was built).
    pub version: *const c_char,
    /// The TLS library: "rustls".
    pub tls_backend: *const c_char,
    /// The version of the TLS library, e.g. "0.23.46".
    pub tls_version: *const c_char,
    /// The TLS library's cryptography provider and its version, e.g. "ring 0.17.14".
    pub tls_provider: *const c_char,
    /// The content codings decoded, space-separated: "gzip deflate".
    pub decoders: *const c_char,
    /// The inflate implementation and its version, e.g. "miniz_oxide 0.9.1".
    pub decoder_backend: *const c_char,
    /// The HTTP authentication schemes answered, space-separated: "Basic Digest" (no NTLM or
    /// Negotiate).
    pub auth_schemes: *const c_char,
    /// The target the library was built for, e.g. "x86_64-unknown-linux-gnu".
    pub host: *const c_char,
}

/// The one instance: its pointers are to static strings, read-only.
struct Static(rinet_version_info);

// SAFETY: every pointer in the struct points to a static, immutable, NUL-terminated string,
// and nothing ever writes to the struct, so sharing it between threads is sound.
unsafe impl Sync for Static {}

/// A decimal number from cargo's version text, at compile time.
const fn number(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        value = value * 10 + (bytes[i] - b'0') as u32;
        i += 1;
    }
    value
}

macro_rules! c_text {
    ($($text:expr),+) => {
        concat!($($text),+, "\0").as_ptr() as *const c_char
    };
}

const MAJOR: u32 = number(env!("CARGO_PKG_VERSION_MAJOR"));
const MINOR: u32 = number(env!("CARGO_PKG_VERSION_MINOR"));
const PATCH: u32 = number(env!("CARGO_PKG_VERSION_PATCH"));

const FEATURES: u32 = RINET_FEATURE_TLS
    | RINET_FEATURE_DECODING
    | RINET_FEATURE_DRIVEN
    | RINET_FEATURE_AUTH
    | if cfg!(feature = "fault-injection") {
        RINET_FEATURE_FAULT_INJECTION
    } else {
        0
    };

static INFO: Static = Static(rinet_version_info {
    age: RINET_VERSION_AGE,
    version_num: MAJOR << 16 | MINOR << 8 | PATCH,
    version_major: MAJOR,
    version_minor: MINOR,
    version_patch: PATCH,
    features: FEATURES,
    version: c_text!(env!("CARGO_PKG_VERSION")),
    tls_backend: c_text!("rustls"),
    tls_version: c_text!(env!("RINET_DEP_RUSTLS")),
    tls_provider: c_text!("ring ", env!("RINET_DEP_RING")),
    decoders: c_text!("gzip deflate"),
    decoder_backend: c_text!("miniz_oxide ", env!("RINET_DEP_MINIZ_OXIDE")),
    auth_schemes: c_text!("Basic Digest"),
    host: c_text!(env!("RINET_BUILD_TARGET")),
});

/// The version of the library actually loaded and what it was built with: the version as text
/// and numbers, the TLS library and its version, the content decoders, the authentication
/// schemes, and RINET_FEATURE_* bits (see rinet_version_info). Compare `version_num` with
/// RINET_VERSION_NUM to tell the library a program runs with from the header it was built with.
///
/// Returns a pointer to a static struct: never NULL, never freed, the same for the life of the
/// process. Read a member added after age 0 only when `age` says it is there.
///
/// Runs on the calling thread (any thread, callbacks included); never pends; never fails, and
/// leaves the thread's last error as it was.
#[no_mangle]
pub unsafe extern "C" fn rinet_version() -> *const rinet_version_info {
    &INFO.0
}
