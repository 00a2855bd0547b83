// SPDX-License-Identifier: MIT OR Apache-2.0
//! Fuzz target: see `rinet_fuzz::gzip` for the input format and the invariants checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    rinet_fuzz::gzip(data);
});
