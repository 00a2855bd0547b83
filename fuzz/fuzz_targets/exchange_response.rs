// SPDX-License-Identifier: MIT OR Apache-2.0
//! Fuzz target: see `rinet_fuzz::exchange_response` for the input format and the invariants
//! checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    rinet_fuzz::exchange_response(data);
});
