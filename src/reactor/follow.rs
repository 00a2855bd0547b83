// SPDX-License-Identifier: MIT OR Apache-2.0
//! What follows a response head: a redirect to follow, or a credentials challenge to answer.
//!
//! Both resend the request on the same handle; the engine does the resending ([`super::engine`]).
//! The rules (which statuses, which method, which URL, which credentials, and for which server)
//! are pure functions in `crate::http::exchange::policy`; here the request's facts are gathered
//! for them, and their decisions applied to the request and to the process's credential caches.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::engine::{Op, Request};
use super::{HandleId, NodeData, Server, State};
use crate::error::Error;
use crate::http::auth::{Auth, BasicCache};
use crate::http::exchange::policy::{
    self, Ahead, CachedSpace, Credentials, Effect, Facts, Next, Preauthorization,
};
use crate::http::ResponseHead;

pub use crate::http::exchange::policy::{SentBasic, MAX_REDIRECTS};

/// The resend a response calls for.
#[derive(Debug)]
pub enum Plan {
    /// Follow a redirect to `url` (INTERNET_STATUS_REDIRECT carries it).
    Redirect {
        url: String,
        server: Server,
        target: String,
        to_get: bool,
    },
    /// Send again with this header (Authorization or Proxy-Authorization).
    Answer { header: &'static str, value: String },
}

pub use crate::http::auth::ServerKey;

/// INTERNET_OPTION_END_BROWSER_SESSION counts here: every session's Digest state learned
/// before the latest end is forgotten.
static BROWSER_SESSION: AtomicU64 = AtomicU64::new(0);

/// The Basic credentials servers accepted, for every session of the process (WinInet's
/// password cache), until the browser session ends. Taken with a session's lock held, never
/// the other way round.
static BASIC_CREDENTIALS: Mutex<BasicCache> = Mutex::new(BasicCache::new());

fn basic_credentials() -> MutexGuard<'static, BasicCache> {
    BASIC_CREDENTIALS.lock().unwrap_or_else(|e| e.into_inner())
}

/// How each server that asked a session for Digest credentials was answered (its nonce and
/// count), to answer it pre-emptively next time, until the browser session ends.
#[derive(Default)]
pub struct AuthCache {
    /// The browser session the entries belong to ([`BROWSER_SESSION`] when they were made).
    session: u64,
    entries: HashMap<ServerKey, Auth>,
}

impl AuthCache {
    /// The entries, emptied first when the browser session they belong to has ended.
    fn current(&mut self) -> &mut HashMap<ServerKey, Auth> {
        let now = BROWSER_SESSION.load(Ordering::Acquire);
        if self.session != now {
            self.entries.clear();
            self.session = now;
        }
        &mut self.entries
    }
}

/// End the browser session (INTERNET_OPTION_END_BROWSER_SESSION): forget the session cookies of
/// the process's jar (those without an expiry), the Basic credentials servers accepted and
/// every session's Digest state, so that credentials go to a server again only once it asks
/// for them, and only when the handle has some.
pub fn end_browser_session() {
    super::COOKIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .end_session();
    basic_credentials().clear();
    BROWSER_SESSION.fetch_add(1, Ordering::AcqRel);
}

/// The credentials-cache key of a server.
pub fn key_of(server: &Server) -> ServerKey {
    policy::server_key(&server.host, server.port, server.secure)
}

/// True when the request's body can be sent again: given in full at send time, or empty.
fn replayable(req: &Request) -> bool {
    match req.op {
        Some(Op::Send) => true,
        Some(Op::End) => req.declared == Some(0),
        _ => false,
    }
}

/// Decide what `head` (just received for request `h`) calls for: gather the facts, let
/// `policy::decide` decide, and apply the changes it asks for to the request and to the
/// process's credential caches.
pub fn plan(st: &mut State, h: HandleId, head: &ResponseHead) -> Result<Option<Plan>, Error> {
    // Only an answer to a challenge uses the client nonce: other responses cost no random read.
    let cnonce = if matches!(head.status, 401 | 407) {
        cnonce()
    } else {
        String::new()
    };
    let Some(node) = st.nodes.get(&h) else {
        return Ok(None);
    };
    let (opts, NodeData::Request(req)) = (&node.opts, &node.data) else {
        return Ok(None);
    };
    let facts = Facts {
        method: &req.verb,
        target: &req.target,
        host: &req.server.host,
        port: req.server.port,
        secure: req.server.secure,
        flags: req.flags,
        security_flags: opts.security_flags,
        replayable: replayable(req),
        redirects: req.redirects,
        auth_tries: req.auth_tries,
        proxy_auth_tries: req.proxy_auth_tries,
        cross_host: req.cross_host,
        user: opts.username.as_deref(),
        password: opts.password.as_deref(),
        proxy_user: opts.proxy_username.as_deref(),
        proxy_password: opts.proxy_password.as_deref(),
        suppress_auth: opts.suppress_server_auth != 0,
        sent: req.basic.as_ref(),
        cnonce: &cnonce,
    };
    let decision = policy::decide(&facts, head, |realm| {
        basic_credentials()
            .for_realm(&key_of(&req.server), realm)
            .map(|space| Credentials {
                user: space.user.clone(),
                password: space.password.clone(),
            })
    });
    let plan = match decision.next {
        Next::Deliver => Ok(None),
        Next::Fail(e) => Err(e),
        Next::Resend(policy::Plan::Answer { header, value }) => {
            Ok(Some(Plan::Answer { header, value }))
        }
        Next::Resend(policy::Plan::Redirect {
            url,
            host,
            port,
            secure,
            same_server,
            target,
            to_get,
        }) => {
            // The connect handle's user name and password go along only on the same server.
            let (user, password) = if same_server {
                (req.server.user.clone(), req.server.password.clone())
            } else {
                (String::new(), String::new())
            };
            let server = Server {
                host,
                port,
                secure,
                user,
                password,
                flags: req.server.flags,
            };
            Ok(Some(Plan::Redirect {
                url,
                server,
                target,
                to_get,
            }))
        }
    };
    for effect in decision.effects {
        apply(st, h, effect);
    }
    plan
}

/// Make one change a decision asks for.
fn apply(st: &mut State, h: HandleId, effect: Effect) {
    match effect {
        Effect::RememberBasic {
            server,
            realm,
            path,
            credentials,
        } => basic_credentials().remember(
            &server,
            &realm,
            &path,
            &credentials.user,
            &credentials.password,
        ),
        Effect::ForgetBasic {
            server,
            realm,
            credentials,
        } => basic_credentials().forget(&server, &realm, &credentials.user, &credentials.password),
        Effect::StoreDigest { server, auth } => {
            st.auth_cache.current().insert(server, auth);
        }
        Effect::SentBasic(sent) => {
            if let Some(req) = st.req(h) {
                req.basic = sent;
            }
        }
        Effect::CachedCreds(creds) => {
            if let Some(req) = st.req(h) {
                req.cached_creds = creds.map(|c| (c.user, c.password));
            }
        }
        Effect::CountAuthTry => {
            if let Some(req) = st.req(h) {
                req.auth_tries += 1;
            }
        }
        Effect::CountProxyAuthTry => {
            if let Some(req) = st.req(h) {
                req.proxy_auth_tries += 1;
            }
        }
    }
}

/// Before a request's head is written, when the application set no Authorization header:
/// answer pre-emptively a server that asked this session for Digest credentials before (with
/// the handle's credentials), or send the Basic credentials the server accepted for the
/// protection space the request's path lies in (the handle's own, when it has a user name).
/// `policy::preauthorize` decides; this applies its decision.
pub fn preauthorize(st: &mut State, h: HandleId) {
    let State {
        nodes, auth_cache, ..
    } = &mut *st;
    let Some(node) = nodes.get(&h) else {
        return;
    };
    let (opts, NodeData::Request(req)) = (&node.opts, &node.data) else {
        return;
    };
    let key = key_of(&req.server);
    // Only a Digest answer uses the client nonce: a send to a server without Digest state costs
    // no random read.
    let cnonce = if auth_cache.current().contains_key(&key) {
        cnonce()
    } else {
        String::new()
    };
    let ahead = Ahead {
        method: &req.verb,
        target: &req.target,
        host: &req.server.host,
        port: req.server.port,
        secure: req.server.secure,
        flags: req.flags,
        cross_host: req.cross_host,
        has_authorization: req.headers.contains("Authorization"),
        suppress_auth: opts.suppress_server_auth != 0,
        user: opts.username.as_deref(),
        password: opts.password.as_deref(),
        cnonce: &cnonce,
    };
    let decision = policy::preauthorize(
        &ahead,
        || auth_cache.current().get(&key).cloned(),
        || {
            basic_credentials()
                .for_path(&key, ahead.target)
                .map(|space| CachedSpace {
                    realm: space.realm.clone(),
                    credentials: Credentials {
                        user: space.user.clone(),
                        password: space.password.clone(),
                    },
                })
        },
    );
    let Some(Preauthorization { value, effects }) = decision else {
        return;
    };
    for effect in effects {
        apply(st, h, effect);
    }
    let Some(req) = st.req(h) else {
        return;
    };
    req.headers.push("Authorization", &value);
    req.preauthorized = true;
}

/// A fresh client nonce for Digest: 16 random bytes as hex.
fn cnonce() -> String {
    let mut bytes = [0u8; 16];
    // SAFETY: getrandom writes at most `bytes.len()` bytes into the buffer it is given.
    let n = unsafe { libc::getrandom(bytes.as_mut_ptr() as *mut libc::c_void, bytes.len(), 0) };
    if n != bytes.len() as isize {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes.copy_from_slice(&t.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
