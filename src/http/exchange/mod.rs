// SPDX-License-Identifier: MIT OR Apache-2.0
//! The request exchange as sans-IO code: what rinet sends, what it makes of what comes back and
//! what it does next. Nothing here owns a socket or reads a clock (or a random source): the
//! reactor gathers the facts, calls in, and applies the answer.

pub(crate) mod policy;
