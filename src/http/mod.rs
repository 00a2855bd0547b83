// SPDX-License-Identifier: MIT OR Apache-2.0
//! Sans-IO HTTP/1.1: header lists, request heads, response heads, body framing, content
//! decoding, authentication and proxy choice.
//!
//! Nothing here touches a socket, a thread or a C type. The reactor feeds bytes in and
//! takes bytes out; every rule about what those bytes mean lives in this module.

pub mod auth;
pub mod body;
pub mod cookie;
pub mod date;
pub mod decode;
pub mod exchange;
pub mod headers;
pub mod proxy;
pub mod request;
pub mod response;
pub mod url;

pub use body::{BodyDecoder, BodyError, Framing, Step};
pub use headers::{HeaderError, HeaderList};
pub use response::{ParseError, ResponseHead};
