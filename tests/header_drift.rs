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
