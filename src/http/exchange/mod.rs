// SPDX-License-Identifier: MIT OR Apache-2.0
//! The request exchange as sans-IO code: state machines that are fed the bytes and the end of
//! file a connection delivered and say what they mean. Nothing here owns a socket or reads a
//! clock; the reactor does the I/O and the timing, and asks these machines what comes next.

pub mod response;
