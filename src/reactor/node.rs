// SPDX-License-Identifier: MIT OR Apache-2.0
//! The handle tree's types: handle values, the kinds of handle, the notifications a handle
//! queues and the status callback they go to, and what each node holds (its settings, copied
//! from its parent, and its per-kind data).

use std::collections::VecDeque;

use super::engine;

/// A handle value as the caller sees it (pointer-sized, generation-checked by the C boundary).
pub type HandleId = usize;

/// The kinds of handle in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// From open: the root, owning the reactor.
    Session,
    /// From connect: a server (host, port, credentials). No I/O of its own.
    Connect,
    /// From open_request: one HTTP request.
    Request,
}

/// INTERNET_STATUS_* values that the core sends.
pub mod status {
    pub const RESOLVING_NAME: u32 = 10;
    pub const NAME_RESOLVED: u32 = 11;
    pub const CONNECTING_TO_SERVER: u32 = 20;
    pub const CONNECTED_TO_SERVER: u32 = 21;
    pub const SENDING_REQUEST: u32 = 30;
    pub const REQUEST_SENT: u32 = 31;
    pub const RECEIVING_RESPONSE: u32 = 40;
    pub const RESPONSE_RECEIVED: u32 = 41;
    pub const CLOSING_CONNECTION: u32 = 50;
    pub const CONNECTION_CLOSED: u32 = 51;
    pub const HANDLE_CREATED: u32 = 60;
    pub const HANDLE_CLOSING: u32 = 70;
    pub const REQUEST_COMPLETE: u32 = 100;
    pub const REDIRECT: u32 = 110;
}

/// What a notification carries, before the C boundary lays it out for the callback.
#[derive(Debug)]
pub enum Info {
    /// NULL, 0.
    None,
    /// A DWORD (byte counts).
    Dword(u32),
    /// A string (host names, IP addresses, URLs). The C boundary lays it out for the callback's
    /// flavour: ANSI bytes with their NUL (length strlen+1), or wide characters.
    Text(String),
    /// An INTERNET_ASYNC_RESULT.
    Result { result: usize, error: u32 },
    /// HANDLE_CREATED: INTERNET_ASYNC_RESULT { handle, 0 }, length sizeof(HINTERNET).
    Created,
    /// HANDLE_CLOSING: the handle value, length sizeof(HINTERNET). After it the node is freed.
    Closing,
}

/// One queued notification.
#[derive(Debug)]
pub struct Note {
    /// INTERNET_STATUS_* code.
    pub status: u32,
    /// Its payload.
    pub info: Info,
    /// True for notifications WinInet sends on the calling thread, inside the call
    /// (HANDLE_CREATED, a synchronous write's SENDING/SENT, RECEIVING_RESPONSE before a pending
    /// read, and the notifications of a close). The others are the reactor's to deliver.
    pub on_caller: bool,
}

/// A status callback as the C boundary registered it: the function's address (0: none) and its
/// flavour, a value only the C boundary reads (how string payloads are laid out: ANSI, or wide
/// characters of one width). The core copies it to new children and hands it back to
/// [`Deliver`]; it never calls it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Callback {
    pub addr: usize,
    pub flavor: u8,
}

impl Callback {
    /// No callback.
    pub const NONE: Callback = Callback { addr: 0, flavor: 0 };

    /// True when no callback is registered.
    pub fn is_none(&self) -> bool {
        self.addr == 0
    }
}

/// The C boundary's function that lays out a note and calls the status callback.
pub type Deliver = fn(callback: Callback, handle: HandleId, context: usize, note: &Note);

/// Timeouts in milliseconds, copied from the parent when a handle is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: u32,
    pub send: u32,
    pub receive: u32,
    pub data_send: u32,
    pub data_receive: u32,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: 60_000,
            send: 30_000,
            receive: 30_000,
            data_send: 30_000,
            data_receive: 30_000,
        }
    }
}

/// Per-handle settings beyond the timeouts, copied from the parent when a handle is created
/// (the context value is not: it belongs to the handle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opts {
    pub username: Option<String>,
    pub password: Option<String>,
    pub proxy_username: Option<String>,
    pub proxy_password: Option<String>,
    /// INTERNET_OPTION_HTTP_DECODING: decode gzip/deflate bodies.
    pub decoding: bool,
    /// INTERNET_OPTION_SECURITY_FLAGS (SECURITY_FLAG_IGNORE_* relax certificate checks).
    pub security_flags: u32,
    pub error_mask: u32,
    pub connect_retries: u32,
    pub suppress_server_auth: u32,
    pub ignore_offline: u32,
    /// A PEM file of extra trusted CA certificates (RINET_OPTION_CA_FILE).
    pub ca_file: Option<String>,
    /// Largest response head accepted, in bytes (RINET_OPTION_MAX_HEADER_SIZE).
    pub max_head: u32,
    /// Most decoded bytes per coded byte before a body counts as a decompression bomb
    /// (RINET_OPTION_MAX_DECODE_RATIO; 0: no limit).
    pub max_decode_ratio: u32,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            username: None,
            password: None,
            proxy_username: None,
            proxy_password: None,
            decoding: false,
            security_flags: 0,
            error_mask: 0,
            connect_retries: 5,
            suppress_server_auth: 0,
            ignore_offline: 0,
            ca_file: None,
            max_head: crate::http::response::DEFAULT_MAX_HEAD as u32,
            max_decode_ratio: crate::http::decode::DEFAULT_MAX_RATIO as u32,
        }
    }
}

/// What a connect handle knows about its server.
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub secure: bool,
    pub user: String,
    pub password: String,
    pub flags: u32,
}

/// Per-kind data of a node.
pub enum NodeData {
    Session {
        agent: String,
        flags: u32,
        access_type: u32,
        proxy: String,
        bypass: String,
    },
    Connect(Server),
    Request(Box<engine::Request>),
}

/// One handle in the tree.
pub struct Node {
    pub kind: Kind,
    pub parent: Option<HandleId>,
    pub children: Vec<HandleId>,
    /// The handle's own context value (never inherited).
    pub context: usize,
    /// The status callback (copied from the parent at creation).
    pub callback: Callback,
    pub timeouts: Timeouts,
    pub opts: Opts,
    pub data: NodeData,
    pub(super) queue: VecDeque<Note>,
    pub(super) delivering: bool,
    /// API callers waiting for the owner to hand them the queue, to deliver their own
    /// notifications on their own thread.
    pub(super) handoff: u32,
    /// Counts the callbacks started for this handle (tells a waiting caller that the owner
    /// has moved on to another note).
    pub(super) cb_seq: u64,
    /// Callbacks for this handle running right now.
    pub(super) in_flight: u32,
    /// Set when the handle is closed; no new operation starts on it.
    pub closed: bool,
    /// A connect handle open_url made for its request: closed with it, never notified.
    pub hidden: bool,
}

impl Node {
    /// A node with no queue yet.
    pub fn new(
        kind: Kind,
        parent: Option<HandleId>,
        context: usize,
        callback: Callback,
        timeouts: Timeouts,
        data: NodeData,
    ) -> Self {
        Node {
            kind,
            parent,
            children: Vec::new(),
            context,
            callback,
            timeouts,
            opts: Opts::default(),
            data,
            queue: VecDeque::new(),
            delivering: false,
            handoff: 0,
            cb_seq: 0,
            in_flight: 0,
            hidden: false,
            closed: false,
        }
    }

    /// The request of a request node.
    pub fn request(&mut self) -> Option<&mut engine::Request> {
        match &mut self.data {
            NodeData::Request(r) => Some(r),
            _ => None,
        }
    }
}
