// SPDX-License-Identifier: MIT OR Apache-2.0
//! Generates the C header from the code with cbindgen.
//!
//! The header is always written to `$OUT_DIR/rinet.h`. It is written to `include/rinet.h` when
//! that file is missing or when `RINET_UPDATE_HEADER=1` is set; the header drift test compares
//! the two and fails when the committed header is stale.
//!
//! It also gives librinet.so its soname (see [`soname`]) and, because programs linked against
//! the library record that name, puts a `librinet.so.<soversion>` link beside the library in
//! the target directory, so that C programs built against `target/<profile>` run from there.

use std::env;
use std::path::PathBuf;

fn main() {
    let crate_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=RINET_UPDATE_HEADER");
    println!("cargo:rerun-if-changed=Cargo.lock");

    dependency_versions(&crate_dir);

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is valid");
    let part = |name: &str| -> u32 {
        env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    };
    let (major, minor, patch) = (
        part("CARGO_PKG_VERSION_MAJOR"),
        part("CARGO_PKG_VERSION_MINOR"),
        part("CARGO_PKG_VERSION_PATCH"),
    );
    let version = format!(
        "#define RINET_VERSION \"{}\"\n#define RINET_VERSION_MAJOR {major}\n#define RINET_VERSION_MINOR {minor}\n#define RINET_VERSION_PATCH {patch}\n/* major << 16 | minor << 8 | patch, as rinet_version()->version_num at run time */\n#define RINET_VERSION_NUM 0x{:06x}",
        env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        major << 16 | minor << 8 | patch,
    );
    let config = cbindgen::Config {
        after_includes: Some(version),
        ..config
    };
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can read the crate");
    bindings.write_to_file(out_dir.join("rinet.h"));

    link_soname(&out_dir);

    let committed = crate_dir.join("include").join("rinet.h");
    if !committed.exists() || env::var("RINET_UPDATE_HEADER").as_deref() == Ok("1") {
        bindings.write_to_file(committed);
    }
}

/// Tell the crate (for rinet_version) the versions of the libraries it is built with, as
/// Cargo.lock records them, and the target: `RINET_DEP_<NAME>` and `RINET_BUILD_TARGET`. A
/// dependency the lock file does not name (rinet built inside another workspace) is "unknown".
fn dependency_versions(crate_dir: &std::path::Path) {
    let lock = std::fs::read_to_string(crate_dir.join("Cargo.lock")).unwrap_or_default();
    for name in ["rustls", "ring", "miniz_oxide"] {
        let wanted = format!("name = \"{name}\"");
        let mut lines = lock.lines();
        let mut version = "unknown".to_string();
        while let Some(line) = lines.next() {
            if line.trim() == wanted {
                if let Some(v) = lines
                    .next()
                    .and_then(|l| l.trim().strip_prefix("version = \""))
                    .and_then(|v| v.strip_suffix('"'))
                {
                    version = v.to_string();
                }
                break;
            }
        }
        println!(
            "cargo:rustc-env=RINET_DEP_{}={version}",
            name.to_uppercase()
        );
    }
    println!(
        "cargo:rustc-env=RINET_BUILD_TARGET={}",
        env::var("TARGET").unwrap_or_else(|_| "unknown".into())
    );
}

/// The ABI version in the soname: the major version, or `0.<minor>` before 1.0 (where a minor
/// release may break the ABI, as cargo's semver rules allow). `make install` computes the same.
fn soversion() -> String {
    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default();
    if major == "0" {
        format!("0.{minor}")
    } else {
        major
    }
}

/// The soname of the shared library: `librinet.so.<soversion>`.
fn soname() -> String {
    format!("librinet.so.{}", soversion())
}

/// Link the cdylib with its soname, and make `librinet.so.<soversion> -> librinet.so` in the
/// directories cargo puts the library in (`target/<profile>` and its `deps`).
fn link_soname(out_dir: &std::path::Path) {
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        return;
    }
    let soname = soname();
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    // OUT_DIR is <target>/<profile>/build/rinet-<hash>/out.
    let Some(profile_dir) = out_dir.ancestors().nth(3).filter(|_| {
        out_dir.ancestors().nth(2).and_then(|b| b.file_name()) == Some("build".as_ref())
    }) else {
        return;
    };
    for dir in [profile_dir.to_path_buf(), profile_dir.join("deps")] {
        let link = dir.join(&soname);
        if std::fs::read_link(&link).is_ok_and(|t| t == std::path::Path::new("librinet.so")) {
            continue;
        }
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::remove_file(&link);
        if let Err(e) = std::os::unix::fs::symlink("librinet.so", &link) {
            println!("cargo:warning=could not link {}: {e}", link.display());
        }
    }
}
