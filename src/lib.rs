// SPDX-License-Identifier: MIT OR Apache-2.0
//! rinet: WinInet's asynchronous HTTP client model for Linux and POSIX systems, with a C ABI.
//!
//! The C surface lives in [`ffi`] and is declared in the generated `include/rinet.h`;
//! `include/wininet.h` maps WinInet's names onto it. Underneath, [`reactor`] runs one mio
//! reactor thread per session and the request state machine, and [`http`] holds the sans-IO
//! HTTP/1.1 pieces.
pub mod error;
pub mod ffi;
pub mod http;
pub mod reactor;
pub mod trace;
