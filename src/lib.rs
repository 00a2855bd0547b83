// SPDX-License-Identifier: MIT OR Apache-2.0
//! rinet: WinInet's asynchronous HTTP client model for Linux and POSIX systems, with a C ABI.
//!
//! The C surface lives in [`ffi`] and is declared in the generated `include/rinet.h`;
//! `include/wininet.h` maps WinInet's names onto it. Underneath, [`reactor`] runs one mio
//! reactor thread per session and the request state machine, and [`http`] holds the sans-IO
//! HTTP/1.1 pieces.
pub mod error;
// The C exports are `unsafe extern "C"`: a Rust caller takes on their C contract (live handles,
// valid pointers and lengths), which each function's documentation states in C terms; a separate
// `# Safety` heading in every one of them would repeat it.
#[allow(clippy::missing_safety_doc)]
pub mod ffi;
mod flags;
pub mod http;
pub mod reactor;
pub mod trace;
