// SPDX-License-Identifier: MIT OR Apache-2.0
//! Shared pieces of the integration tests: the test server they talk to and the harness that
//! builds and runs the C programs. Each test binary uses only some of them.
#![allow(dead_code)]

pub mod client;
pub mod cprog;
pub mod faulty;
pub mod https_rig;
pub mod modes;
pub mod nginx;
pub mod scratch;
pub mod server;
pub mod tcp;
pub mod tinyproxy;
