// SPDX-License-Identifier: MIT OR Apache-2.0
//! The request exchange as sans-IO code: what rinet sends, what it makes of what comes back and
//! what it does next. Nothing here owns a socket or reads a clock (or a random source): the
//! reactor gathers the facts, calls in, and applies the answer.
//!
//! - `response.rs`: reading a response (interim responses, the head, the body's framing and
//!   bytes, its end and whether the connection may carry another request) as one state
//!   machine fed the bytes and the end of file a connection delivered;
//! - `policy.rs`: what follows a response head (a redirect to follow, a 401 or 407 challenge to
//!   answer, or the response for the caller), and the credentials a request carries before the
//!   server asks, as pure functions of plain facts.
//!
//! # The protocol seam
//!
//! A connection carries exchanges through a codec: the part that turns a request into bytes on
//! the wire and the bytes that come back into responses, and says when the connection may carry
//! the next one. HTTP/1.1 is one codec, and it carries one exchange at a time: a request's head
//! and body go out, its response comes back in full (or the connection closes), and only then
//! may the pool hand the connection to another request. That is why a request holds its
//! connection (`Request::conn` in the engine) from the head it writes to the end of the body it
//! reads, and why the decisions here speak of one request and one response head.
//!
//! A second codec (HTTP/2) would carry several exchanges on one connection at once, and the
//! seam is drawn so that it needs no change to what is here:
//! - the connection, not the request, would own the codec's state (the frames' reader and
//!   writer, the header compression tables, the flow-control windows), and each exchange would
//!   hold a stream id on it instead of holding the connection;
//! - bytes read from the socket would go to the codec, which hands each exchange its own
//!   events (its head, its body bytes, its end or reset), the same events an HTTP/1.1 response
//!   gives, so the policy and the delivery of notifications stay as they are;
//! - what an exchange writes (its head, its body) would be queued to the codec, which frames it
//!   and interleaves the streams under the windows; the socket is written by one owner;
//! - keep-alive reuse becomes "the connection has room for another stream" (the server's
//!   SETTINGS), and the per-server connection limit counts connections, not requests;
//! - a request's cancellation resets its stream, not the connection.
//!
//! What does not move: the decisions after a head (`policy.rs`) are per exchange in both, and
//! WinInet's notifications stay per request handle; CONNECTING_TO_SERVER and the like are told
//! to the request that opened the connection, and a request that joins an open HTTP/2
//! connection is told as a request reusing a keep-alive connection is today.

pub(crate) mod policy;
pub mod response;
