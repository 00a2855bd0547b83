// SPDX-License-Identifier: MIT OR Apache-2.0
//! What follows a response head: a redirect to follow, or a credentials challenge to answer.
//!
//! Both resend the request on the same handle; the engine does the resending ([`super::engine`]).
//! Here live the rules: which statuses, which method, which URL, which credentials, and for which
//! server.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::engine::{Op, Request};
use super::{HandleId, Server, State};
use crate::error::Error;
use crate::http::auth::{basic, parse_all, Auth, BasicCache, Scheme as AuthScheme};
use crate::http::url::{crack, Scheme, UrlError};
use crate::http::ResponseHead;

use crate::flags::{
    INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP as FLAG_IGNORE_REDIRECT_TO_HTTP,
    INTERNET_FLAG_NO_AUTH as FLAG_NO_AUTH, INTERNET_FLAG_NO_AUTO_REDIRECT as FLAG_NO_AUTO_REDIRECT,
    SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP as SECURITY_IGNORE_REDIRECT_TO_HTTP,
};

/// Redirects followed for one send before it fails with ERROR_HTTP_REDIRECT_FAILED.
pub const MAX_REDIRECTS: u32 = 10;

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

/// Basic credentials rinet sent with a request, to remember once the server accepts them. (No
/// Debug: nothing should print a password.)
#[derive(Clone)]
pub struct SentBasic {
    /// The realm of the challenge they answer, or of the cached space they came from.
    pub realm: String,
    pub user: String,
    pub password: String,
    /// They came from the process's cache, not from the handle.
    pub cached: bool,
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
    (server.host.to_ascii_lowercase(), server.port, server.secure)
}

/// True when the request's body can be sent again: given in full at send time, or empty.
fn replayable(req: &Request) -> bool {
    match req.op {
        Some(Op::Send) => true,
        Some(Op::End) => req.declared == Some(0),
        _ => false,
    }
}

/// Decide what `head` (just received for request `h`) calls for.
pub fn plan(st: &mut State, h: HandleId, head: &ResponseHead) -> Result<Option<Plan>, Error> {
    let Some(node) = st.nodes.get(&h) else {
        return Ok(None);
    };
    let opts = node.opts.clone();
    let Some(req) = st.req(h) else {
        return Ok(None);
    };
    let key = key_of(&req.server);
    // The Basic credentials this attempt carried: accepted unless the server asks again (a
    // proxy's 407 says nothing of them: they go again with the answer to the proxy).
    let sent = match head.status {
        407 => None,
        _ => req.basic.take(),
    };
    if let Some(sent) = &sent {
        if head.status == 401 {
            if sent.cached {
                basic_credentials().forget(&key, &sent.realm, &sent.user, &sent.password);
                req.cached_creds = None;
            }
        } else {
            basic_credentials().remember(
                &key,
                &sent.realm,
                &req.target,
                &sent.user,
                &sent.password,
            );
        }
    }
    match head.status {
        301 | 302 | 303 | 307 | 308 => redirect(req, head, opts.security_flags),
        401 => {
            if req.flags & FLAG_NO_AUTH != 0
                || opts.suppress_server_auth != 0
                || req.cross_host
                || req.auth_tries > 0
                || !replayable(req)
            {
                return Ok(None);
            }
            let values: Vec<String> = head
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("WWW-Authenticate"))
                .map(|(_, v)| v.to_string())
                .collect();
            let challenges = parse_all(values.iter().map(String::as_str));
            let user = opts.username.filter(|u| !u.is_empty());
            let has_basic = challenges.iter().any(|c| c.scheme == AuthScheme::Basic);
            let chosen = match user {
                Some(_) => Auth::choose(&challenges),
                // Without a user name on the handle only cached Basic credentials can answer.
                None => has_basic.then_some(Auth::Basic),
            };
            let Some(mut auth) = chosen else {
                return Ok(None);
            };
            let realm = challenges
                .iter()
                .find(|c| c.scheme == AuthScheme::Basic)
                .and_then(|c| c.realm())
                .unwrap_or_default()
                .to_string();
            let (user, pass, cached) = match user {
                Some(user) => (user, opts.password.unwrap_or_default(), false),
                // No user name on the handle: the credentials the server accepted for this
                // realm.
                None => {
                    let cache = basic_credentials();
                    let Some(space) = cache.for_realm(&key, &realm) else {
                        return Ok(None);
                    };
                    (space.user.clone(), space.password.clone(), true)
                }
            };
            let value = auth.authorization(&user, &pass, &req.verb, &req.target, &cnonce());
            req.auth_tries += 1;
            match auth {
                Auth::Basic => {
                    if cached {
                        req.cached_creds = Some((user.clone(), pass.clone()));
                    }
                    req.basic = Some(SentBasic {
                        realm,
                        user,
                        password: pass,
                        cached,
                    });
                }
                Auth::Digest(_) => {
                    st.auth_cache.current().insert(key, auth);
                }
            }
            Ok(Some(Plan::Answer {
                header: "Authorization",
                value,
            }))
        }
        407 => {
            let user = opts.proxy_username.clone().unwrap_or_default();
            if user.is_empty() || req.proxy_auth_tries > 0 || !replayable(req) {
                return Ok(None);
            }
            let pass = opts.proxy_password.clone().unwrap_or_default();
            let values: Vec<String> = head
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("Proxy-Authenticate"))
                .map(|(_, v)| v.to_string())
                .collect();
            let mut auth =
                Auth::choose(&parse_all(values.iter().map(String::as_str))).unwrap_or(Auth::Basic);
            let value = auth.authorization(&user, &pass, &req.verb, &req.target, &cnonce());
            req.proxy_auth_tries += 1;
            Ok(Some(Plan::Answer {
                header: "Proxy-Authorization",
                value,
            }))
        }
        _ => Ok(None),
    }
}

fn redirect(
    req: &mut Request,
    head: &ResponseHead,
    security_flags: u32,
) -> Result<Option<Plan>, Error> {
    if req.flags & FLAG_NO_AUTO_REDIRECT != 0 {
        return Ok(None);
    }
    let Some(location) = head.headers.get("Location").map(str::trim) else {
        return Ok(None);
    };
    if location.is_empty() {
        return Ok(None);
    }
    let to_get = match head.status {
        303 => !req.verb.eq_ignore_ascii_case("HEAD"),
        301 | 302 => req.verb.eq_ignore_ascii_case("POST"),
        _ => false,
    };
    if !to_get && !replayable(req) {
        return Ok(None);
    }
    let Some((url, server, target)) = resolve(req, location)? else {
        // Not an http or https URL: WinInet leaves the 3xx to the caller.
        return Ok(None);
    };
    if req.redirects >= MAX_REDIRECTS {
        return Err(Error::HttpRedirectFailed);
    }
    let downgrade = req.server.secure && !server.secure;
    let allowed = req.flags & FLAG_IGNORE_REDIRECT_TO_HTTP != 0
        || security_flags & SECURITY_IGNORE_REDIRECT_TO_HTTP != 0;
    if downgrade && !allowed {
        return Err(Error::HttpsToHttpOnRedir);
    }
    Ok(Some(Plan::Redirect {
        url,
        server,
        target,
        to_get,
    }))
}

/// Resolve a Location against the request's URL: (full URL, server, request target).
/// None when it names a scheme other than http or https.
fn resolve(req: &Request, location: &str) -> Result<Option<(String, Server, String)>, Error> {
    let base_scheme = if req.server.secure { "https" } else { "http" };
    let absolute = if location.starts_with("//") {
        format!("{base_scheme}:{location}")
    } else if has_scheme(location) {
        location.to_string()
    } else {
        let authority =
            crate::http::request::host_header(&req.server.host, req.server.port, req.server.secure);
        let path = if location.starts_with('/') {
            location.to_string()
        } else {
            let base = req.target.split(['?', '#']).next().unwrap_or("/");
            let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
            let dir = if dir.is_empty() { "/" } else { dir };
            format!("{dir}{location}")
        };
        format!("{base_scheme}://{authority}{path}")
    };
    let cracked = match crack(absolute.as_bytes(), 0) {
        Ok(c) => c,
        Err(UrlError::UnrecognizedScheme) => return Ok(None),
        Err(_) => return Err(Error::InvalidUrl),
    };
    let secure = match cracked.kind {
        Scheme::Http => false,
        Scheme::Https => true,
        _ => return Ok(None),
    };
    let bytes = absolute.as_bytes();
    let host = cracked
        .host
        .clone()
        .map(|r| String::from_utf8_lossy(&bytes[r]).into_owned())
        .unwrap_or_default();
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    if host.is_empty() || host.bytes().any(|b| b <= b' ' || b == b'/' || b == 0x7f) {
        return Err(Error::InvalidUrl);
    }
    let mut target = String::from_utf8_lossy(&bytes[cracked.path_with_extra()]).into_owned();
    if let Some(hash) = target.find('#') {
        target.truncate(hash);
    }
    if target.is_empty() {
        target.push('/');
    }
    if target.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(Error::InvalidUrl);
    }
    let target = target.replace(' ', "%20");
    let same_server = host.eq_ignore_ascii_case(&req.server.host)
        && cracked.port == req.server.port
        && secure == req.server.secure;
    let server = Server {
        host,
        port: cracked.port,
        secure,
        user: if same_server {
            req.server.user.clone()
        } else {
            String::new()
        },
        password: if same_server {
            req.server.password.clone()
        } else {
            String::new()
        },
        flags: req.server.flags,
    };
    let shown = crate::http::request::host_header(&server.host, server.port, server.secure);
    let url = format!(
        "{}://{shown}{target}",
        if secure { "https" } else { "http" }
    );
    Ok(Some((url, server, target)))
}

/// True when `s` starts with `scheme:` (letters, digits, `+`, `-`, `.`, starting with a letter).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    !scheme.is_empty()
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Before a request's head is written, when the application set no Authorization header:
/// answer pre-emptively a server that asked this session for Digest credentials before (with
/// the handle's credentials), or send the Basic credentials the server accepted for the
/// protection space the request's path lies in (the handle's own, when it has a user name).
pub fn preauthorize(st: &mut State, h: HandleId) {
    let Some(node) = st.nodes.get(&h) else {
        return;
    };
    if node.opts.suppress_server_auth != 0 {
        return;
    }
    let user = node.opts.username.clone().filter(|u| !u.is_empty());
    let pass = node.opts.password.clone().unwrap_or_default();
    let Some(req) = st.nodes.get_mut(&h).and_then(super::Node::request) else {
        return;
    };
    if req.flags & FLAG_NO_AUTH != 0 || req.cross_host || req.headers.contains("Authorization") {
        return;
    }
    let key = key_of(&req.server);
    let (verb, target) = (req.verb.clone(), req.target.clone());
    let digest = match &user {
        Some(user) => st
            .auth_cache
            .current()
            .get_mut(&key)
            .map(|auth| auth.authorization(user, &pass, &verb, &target, &cnonce())),
        None => None,
    };
    let (value, sent) = match digest {
        Some(value) => (value, None),
        None => {
            let cache = basic_credentials();
            let Some(space) = cache.for_path(&key, &target) else {
                return;
            };
            let (user, password, cached) = match user {
                Some(user) => (user, pass, false),
                None => (space.user.clone(), space.password.clone(), true),
            };
            let sent = SentBasic {
                realm: space.realm.clone(),
                user,
                password,
                cached,
            };
            (basic(&sent.user, &sent.password), Some(sent))
        }
    };
    let Some(req) = st.nodes.get_mut(&h).and_then(super::Node::request) else {
        return;
    };
    req.headers.push("Authorization", &value);
    req.preauthorized = true;
    if let Some(sent) = sent {
        if sent.cached {
            req.cached_creds = Some((sent.user.clone(), sent.password.clone()));
        }
        req.basic = Some(sent);
    }
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
