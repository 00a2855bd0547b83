//! Generates the C header from the code with cbindgen.
//!
//! The header is always written to `$OUT_DIR/rinet.h`. It is written to `include/rinet.h` when
//! that file is missing or when `RINET_UPDATE_HEADER=1` is set; the header drift test compares
//! the two and fails when the committed header is stale.

use std::env;
use std::path::PathBuf;

fn main() {
    let crate_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=RINET_UPDATE_HEADER");

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is valid");
    let version = format!(
        "#define RINET_VERSION \"{}\"\n#define RINET_VERSION_MAJOR {}\n#define RINET_VERSION_MINOR {}\n#define RINET_VERSION_PATCH {}",
        env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_default(),
        env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_default(),
        env::var("CARGO_PKG_VERSION_PATCH").unwrap_or_default(),
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

    let committed = crate_dir.join("include").join("rinet.h");
    if !committed.exists() || env::var("RINET_UPDATE_HEADER").as_deref() == Ok("1") {
        bindings.write_to_file(committed);
    }
}
