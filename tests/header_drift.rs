// SPDX-License-Identifier: MIT OR Apache-2.0
//! The committed include/rinet.h must be exactly what cbindgen generates from the code.

#[test]
fn committed_header_matches_generated() {
    let generated = std::path::Path::new(env!("OUT_DIR")).join("rinet.h");
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include/rinet.h");
    let g = std::fs::read_to_string(&generated).expect("build.rs writes $OUT_DIR/rinet.h");
    let c = std::fs::read_to_string(&committed).expect("include/rinet.h is committed");
    assert!(
        g == c,
        "include/rinet.h is stale: the code generates a different header.\n\
         Fix: RINET_UPDATE_HEADER=1 cargo build && git add include/rinet.h"
    );
}

/// Everything the header declares carries rinet's prefix, so that including <wininet.h> (which
/// includes rinet.h) cannot collide with an application's own names.
#[test]
fn header_declares_only_prefixed_names() {
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include/rinet.h");
    let text = std::fs::read_to_string(committed).expect("include/rinet.h is committed");
    let mut bad = Vec::new();
    for line in text.lines() {
        let name = if let Some(rest) = line.strip_prefix("#define ") {
            rest.split_whitespace().next()
        } else if let Some(rest) = line.strip_prefix("typedef struct ") {
            rest.split_whitespace().next()
        } else if let Some(i) = line.find("(*").filter(|_| line.starts_with("typedef ")) {
            line[i + 2..].split(')').next()
        } else if line.starts_with("typedef ") {
            line.trim_end_matches(';').rsplit([' ', '*']).next()
        } else if line.starts_with("uint32_t ")
            || line.starts_with("const char *")
            || line.starts_with("void ")
        {
            line.split('(')
                .next()
                .and_then(|s| s.rsplit([' ', '*']).next())
        } else {
            None
        };
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            let ok = name.starts_with("rinet_") || name.starts_with("RINET_");
            if !ok {
                bad.push(line.to_string());
            }
        }
    }
    assert!(bad.is_empty(), "unprefixed names in include/rinet.h (add them to cbindgen.toml's exclude list or make them private): {bad:#?}");
}
