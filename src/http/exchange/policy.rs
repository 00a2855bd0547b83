// SPDX-License-Identifier: MIT OR Apache-2.0
//! What follows a response head, decided without I/O: follow a redirect, answer a 401 or 407
//! challenge, or hand the response to the caller.
//!
//! [`decide`] takes plain facts about the request ([`Facts`]) and the response head, and returns
//! a [`Decision`]: what to do next ([`Next`]) and the changes to make to the request and to the
//! process's credential caches ([`Effect`]), in order. It reads no clock and no random source
//! (the Digest client nonce is one of the facts) and changes nothing itself; the reactor gathers
//! the facts, calls it, and applies the decision.
//!
//! [`preauthorize`] decides, the same way, which Authorization header a request carries before
//! the server asks for one.

use std::fmt;

use crate::error::Error;
use crate::http::auth::{basic, parse_all, Auth, Scheme as AuthScheme, ServerKey};
use crate::http::url::{crack, Scheme, UrlError};
use crate::http::ResponseHead;

use crate::flags::{
    INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP as FLAG_IGNORE_REDIRECT_TO_HTTP,
    INTERNET_FLAG_NO_AUTH as FLAG_NO_AUTH, INTERNET_FLAG_NO_AUTO_REDIRECT as FLAG_NO_AUTO_REDIRECT,
    SECURITY_FLAG_IGNORE_REDIRECT_TO_HTTP as SECURITY_IGNORE_REDIRECT_TO_HTTP,
};

/// Redirects followed for one send before it fails with ERROR_HTTP_REDIRECT_FAILED.
pub const MAX_REDIRECTS: u32 = 10;

/// Basic credentials rinet sent with a request, to remember once the server accepts them.
/// (Its Debug output hides the password.)
#[derive(Clone, PartialEq, Eq)]
pub struct SentBasic {
    /// The realm of the challenge they answer, or of the cached space they came from.
    pub realm: String,
    pub user: String,
    pub password: String,
    /// They came from the process's cache, not from the handle.
    pub cached: bool,
}

impl fmt::Debug for SentBasic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentBasic")
            .field("realm", &self.realm)
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("cached", &self.cached)
            .finish()
    }
}

/// A user name and password. (Its Debug output hides the password.)
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub(crate) user: String,
    pub(crate) password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// What rinet knows of a request when its response head arrives. (No Debug: it holds
/// passwords.)
#[derive(Clone, Copy)]
pub(crate) struct Facts<'a> {
    /// The verb on the request line.
    pub(crate) method: &'a str,
    /// The request-target on the request line.
    pub(crate) target: &'a str,
    /// The server the request went to: host (without brackets), port, TLS or not.
    pub(crate) host: &'a str,
    pub(crate) port: u16,
    pub(crate) secure: bool,
    /// The request's INTERNET_FLAG_* flags.
    pub(crate) flags: u32,
    /// The handle's SECURITY_FLAG_* flags.
    pub(crate) security_flags: u32,
    /// The request's body can be sent again (given in full at send time, or empty).
    pub(crate) replayable: bool,
    /// Redirects followed for the current send.
    pub(crate) redirects: u32,
    /// Server challenges answered for the current send.
    pub(crate) auth_tries: u32,
    /// Proxy challenges answered for the current send.
    pub(crate) proxy_auth_tries: u32,
    /// A redirect moved the request to another server.
    pub(crate) cross_host: bool,
    /// The handle's user name and password (INTERNET_OPTION_USERNAME / PASSWORD).
    pub(crate) user: Option<&'a str>,
    pub(crate) password: Option<&'a str>,
    /// The handle's proxy user name and password (INTERNET_OPTION_PROXY_USERNAME / PASSWORD).
    pub(crate) proxy_user: Option<&'a str>,
    pub(crate) proxy_password: Option<&'a str>,
    /// INTERNET_OPTION_SUPPRESS_SERVER_AUTH is set on the handle.
    pub(crate) suppress_auth: bool,
    /// The Basic credentials rinet put in this attempt's Authorization header.
    pub(crate) sent: Option<&'a SentBasic>,
    /// A fresh Digest client nonce, used if the decision answers a Digest challenge.
    pub(crate) cnonce: &'a str,
}

/// A resend the response calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Follow a redirect to `url` (INTERNET_STATUS_REDIRECT carries it).
    Redirect {
        url: String,
        /// The server the redirect points to (host without brackets).
        host: String,
        port: u16,
        secure: bool,
        /// It is the same server (host, port and scheme): the connect handle's user name and
        /// password go along. Elsewhere they do not.
        same_server: bool,
        /// The request-target to send there.
        target: String,
        /// The request becomes a GET without a body (a HEAD stays a HEAD).
        to_get: bool,
    },
    /// Send again with this header (Authorization or Proxy-Authorization) set to `value`.
    Answer { header: &'static str, value: String },
}

/// What happens next with the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// The response is the caller's.
    Deliver,
    /// Send the request again.
    Resend(Plan),
    /// The send fails with this error (a redirect rinet refuses to follow).
    Fail(Error),
}

/// A change to make to the request or to the process's caches, whatever comes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Effect {
    /// The request's record of the Basic credentials it sent becomes this.
    SentBasic(Option<SentBasic>),
    /// `server` accepted these Basic credentials for `realm` on a request for `path`: the
    /// process's cache keeps them.
    RememberBasic {
        server: ServerKey,
        realm: String,
        path: String,
        credentials: Credentials,
    },
    /// `server` refused these Basic credentials (which came from the process's cache) for
    /// `realm`: the cache forgets them if they are still the ones it holds.
    ForgetBasic {
        server: ServerKey,
        realm: String,
        credentials: Credentials,
    },
    /// The credentials the process's cache gave the current send become this (what
    /// INTERNET_OPTION_USERNAME and PASSWORD read back on a handle without a user name).
    CachedCreds(Option<Credentials>),
    /// Keep this Digest state for `server`, to answer it pre-emptively next time.
    StoreDigest { server: ServerKey, auth: Auth },
    /// One more server challenge answered for the current send.
    CountAuthTry,
    /// One more proxy challenge answered for the current send.
    CountProxyAuthTry,
}

/// What a response head calls for: the changes to apply, in order, then what comes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) effects: Vec<Effect>,
    pub(crate) next: Next,
}

impl Facts<'_> {
    /// The credentials-cache key of the request's server, made only where a decision needs
    /// it (most responses need none).
    fn server(&self) -> ServerKey {
        server_key(self.host, self.port, self.secure)
    }
}

/// The credentials-cache key of a server.
pub(crate) fn server_key(host: &str, port: u16, secure: bool) -> ServerKey {
    (host.to_ascii_lowercase(), port, secure)
}

/// Decide what `head`, just received for the request `f` describes, calls for.
///
/// `cached_basic` looks up the Basic credentials the process's cache holds for a realm of the
/// request's server; it is called at most once, only for a 401 on a handle without a user
/// name, and the decision takes into account a [`Effect::ForgetBasic`] it makes itself.
pub(crate) fn decide(
    f: &Facts<'_>,
    head: &ResponseHead,
    cached_basic: impl FnOnce(&str) -> Option<Credentials>,
) -> Decision {
    let mut effects = Vec::new();
    // The Basic credentials this attempt carried: accepted unless the server asks again (a
    // proxy's 407 says nothing of them: they go again with the answer to the proxy).
    let sent = match head.status {
        407 => None,
        _ => f.sent,
    };
    // Credentials of the cache this decision forgets, which a lookup must no longer find.
    let mut forgotten: Option<&SentBasic> = None;
    if let Some(sent) = sent {
        effects.push(Effect::SentBasic(None));
        let credentials = Credentials {
            user: sent.user.clone(),
            password: sent.password.clone(),
        };
        if head.status == 401 {
            if sent.cached {
                effects.push(Effect::ForgetBasic {
                    server: f.server(),
                    realm: sent.realm.clone(),
                    credentials,
                });
                effects.push(Effect::CachedCreds(None));
                forgotten = Some(sent);
            }
        } else {
            effects.push(Effect::RememberBasic {
                server: f.server(),
                realm: sent.realm.clone(),
                path: f.target.to_string(),
                credentials,
            });
        }
    }
    let next = match head.status {
        301 | 302 | 303 | 307 | 308 => match redirect(f, head) {
            Ok(Some(plan)) => Next::Resend(plan),
            Ok(None) => Next::Deliver,
            Err(e) => Next::Fail(e),
        },
        401 => {
            let lookup = |realm: &str| {
                cached_basic(realm).filter(|c| {
                    forgotten.is_none_or(|s| {
                        s.realm != realm || s.user != c.user || s.password != c.password
                    })
                })
            };
            match answer_server(f, head, lookup, &mut effects) {
                Some(value) => Next::Resend(Plan::Answer {
                    header: "Authorization",
                    value,
                }),
                None => Next::Deliver,
            }
        }
        407 => match answer_proxy(f, head) {
            Some(value) => {
                effects.push(Effect::CountProxyAuthTry);
                Next::Resend(Plan::Answer {
                    header: "Proxy-Authorization",
                    value,
                })
            }
            None => Next::Deliver,
        },
        _ => Next::Deliver,
    };
    Decision { effects, next }
}

/// The Authorization value answering a server's 401, if rinet answers it, with the effects of
/// answering pushed onto `effects`.
fn answer_server(
    f: &Facts<'_>,
    head: &ResponseHead,
    cached_basic: impl FnOnce(&str) -> Option<Credentials>,
    effects: &mut Vec<Effect>,
) -> Option<String> {
    if f.flags & FLAG_NO_AUTH != 0
        || f.suppress_auth
        || f.cross_host
        || f.auth_tries > 0
        || !f.replayable
    {
        return None;
    }
    let challenges = parse_all(
        head.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("WWW-Authenticate"))
            .map(|(_, v)| v),
    );
    let user = f.user.filter(|u| !u.is_empty());
    let has_basic = challenges.iter().any(|c| c.scheme == AuthScheme::Basic);
    let mut auth = match user {
        Some(_) => Auth::choose(&challenges),
        // Without a user name on the handle only cached Basic credentials can answer.
        None => has_basic.then_some(Auth::Basic),
    }?;
    let realm = challenges
        .iter()
        .find(|c| c.scheme == AuthScheme::Basic)
        .and_then(|c| c.realm())
        .unwrap_or_default()
        .to_string();
    let (user, password, cached) = match user {
        Some(user) => (
            user.to_string(),
            f.password.unwrap_or_default().to_string(),
            false,
        ),
        // No user name on the handle: the credentials the server accepted for this realm.
        None => {
            let c = cached_basic(&realm)?;
            (c.user, c.password, true)
        }
    };
    let value = auth.authorization(&user, &password, f.method, f.target, f.cnonce);
    effects.push(Effect::CountAuthTry);
    match auth {
        Auth::Basic => {
            if cached {
                effects.push(Effect::CachedCreds(Some(Credentials {
                    user: user.clone(),
                    password: password.clone(),
                })));
            }
            effects.push(Effect::SentBasic(Some(SentBasic {
                realm,
                user,
                password,
                cached,
            })));
        }
        Auth::Digest(_) => effects.push(Effect::StoreDigest {
            server: f.server(),
            auth,
        }),
    }
    Some(value)
}

/// The Proxy-Authorization value answering a proxy's 407, if rinet answers it.
fn answer_proxy(f: &Facts<'_>, head: &ResponseHead) -> Option<String> {
    let user = f.proxy_user.unwrap_or_default();
    if user.is_empty() || f.proxy_auth_tries > 0 || !f.replayable {
        return None;
    }
    let password = f.proxy_password.unwrap_or_default();
    let challenges = parse_all(
        head.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("Proxy-Authenticate"))
            .map(|(_, v)| v),
    );
    let mut auth = Auth::choose(&challenges).unwrap_or(Auth::Basic);
    Some(auth.authorization(user, password, f.method, f.target, f.cnonce))
}

/// The redirect a 3xx calls for: None when rinet leaves the response to the caller.
fn redirect(f: &Facts<'_>, head: &ResponseHead) -> Result<Option<Plan>, Error> {
    if f.flags & FLAG_NO_AUTO_REDIRECT != 0 {
        return Ok(None);
    }
    let Some(location) = head.headers.get("Location").map(str::trim) else {
        return Ok(None);
    };
    if location.is_empty() {
        return Ok(None);
    }
    let to_get = match head.status {
        303 => !f.method.eq_ignore_ascii_case("HEAD"),
        301 | 302 => f.method.eq_ignore_ascii_case("POST"),
        _ => false,
    };
    if !to_get && !f.replayable {
        return Ok(None);
    }
    let Some(plan) = resolve(f, location, to_get)? else {
        // Not an http or https URL: WinInet leaves the 3xx to the caller.
        return Ok(None);
    };
    if f.redirects >= MAX_REDIRECTS {
        return Err(Error::HttpRedirectFailed);
    }
    let downgrade = f.secure && matches!(plan, Plan::Redirect { secure: false, .. });
    let allowed = f.flags & FLAG_IGNORE_REDIRECT_TO_HTTP != 0
        || f.security_flags & SECURITY_IGNORE_REDIRECT_TO_HTTP != 0;
    if downgrade && !allowed {
        return Err(Error::HttpsToHttpOnRedir);
    }
    Ok(Some(plan))
}

/// Resolve a Location against the request's URL into the redirect to follow. None when it
/// names a scheme other than http or https.
fn resolve(f: &Facts<'_>, location: &str, to_get: bool) -> Result<Option<Plan>, Error> {
    let base_scheme = if f.secure { "https" } else { "http" };
    let absolute = if location.starts_with("//") {
        format!("{base_scheme}:{location}")
    } else if has_scheme(location) {
        location.to_string()
    } else {
        let authority = crate::http::request::host_header(f.host, f.port, f.secure);
        let path = if location.starts_with('/') {
            location.to_string()
        } else {
            let base = f.target.split(['?', '#']).next().unwrap_or("/");
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
    let same_server =
        host.eq_ignore_ascii_case(f.host) && cracked.port == f.port && secure == f.secure;
    let shown = crate::http::request::host_header(&host, cracked.port, secure);
    let url = format!(
        "{}://{shown}{target}",
        if secure { "https" } else { "http" }
    );
    Ok(Some(Plan::Redirect {
        url,
        host,
        port: cracked.port,
        secure,
        same_server,
        target,
        to_get,
    }))
}

/// What rinet knows of a request before its head is written, for [`preauthorize`]. (No
/// Debug: it holds a password.)
#[derive(Clone, Copy)]
pub(crate) struct Ahead<'a> {
    /// The verb on the request line.
    pub(crate) method: &'a str,
    /// The request-target on the request line.
    pub(crate) target: &'a str,
    /// The server the request goes to: host (without brackets), port, TLS or not.
    pub(crate) host: &'a str,
    pub(crate) port: u16,
    pub(crate) secure: bool,
    /// The request's INTERNET_FLAG_* flags.
    pub(crate) flags: u32,
    /// A redirect moved the request to another server.
    pub(crate) cross_host: bool,
    /// The application set an Authorization header on the request.
    pub(crate) has_authorization: bool,
    /// INTERNET_OPTION_SUPPRESS_SERVER_AUTH is set on the handle.
    pub(crate) suppress_auth: bool,
    /// The handle's user name and password (INTERNET_OPTION_USERNAME / PASSWORD).
    pub(crate) user: Option<&'a str>,
    pub(crate) password: Option<&'a str>,
    /// A fresh Digest client nonce, used if the request answers a Digest server ahead.
    pub(crate) cnonce: &'a str,
}

/// A protection space of the process's Basic credentials cache, as [`preauthorize`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CachedSpace {
    /// The space's realm.
    pub(crate) realm: String,
    /// The credentials the server accepted last for it.
    pub(crate) credentials: Credentials,
}

/// An Authorization header to send before the server asks, and the changes that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Preauthorization {
    /// The Authorization value.
    pub(crate) value: String,
    /// The changes to make to the request and to the session's Digest state, in order.
    pub(crate) effects: Vec<Effect>,
}

/// The Authorization header a request carries before the server asks, if any: the answer to a
/// server that asked this session for Digest credentials before (with the handle's
/// credentials), or the Basic credentials the server accepted for the protection space the
/// request's path lies in (the handle's own, when it has a user name).
///
/// `digest` gives the session's Digest state for the request's server (called only when the
/// handle has a user name); `space` gives the space of the process's Basic credentials cache
/// the request's path lies in (called only when there is no Digest state to use). Each is
/// called at most once.
pub(crate) fn preauthorize(
    a: &Ahead<'_>,
    digest: impl FnOnce() -> Option<Auth>,
    space: impl FnOnce() -> Option<CachedSpace>,
) -> Option<Preauthorization> {
    if a.suppress_auth || a.flags & FLAG_NO_AUTH != 0 || a.cross_host || a.has_authorization {
        return None;
    }
    let user = a.user.filter(|u| !u.is_empty());
    let password = a.password.unwrap_or_default();
    if let Some(user) = user {
        if let Some(mut auth) = digest() {
            let value = auth.authorization(user, password, a.method, a.target, a.cnonce);
            return Some(Preauthorization {
                value,
                effects: vec![Effect::StoreDigest {
                    server: server_key(a.host, a.port, a.secure),
                    auth,
                }],
            });
        }
    }
    let space = space()?;
    let (credentials, cached) = match user {
        Some(user) => (
            Credentials {
                user: user.to_string(),
                password: password.to_string(),
            },
            false,
        ),
        None => (space.credentials, true),
    };
    let value = basic(&credentials.user, &credentials.password);
    let mut effects = Vec::new();
    if cached {
        effects.push(Effect::CachedCreds(Some(credentials.clone())));
    }
    effects.push(Effect::SentBasic(Some(SentBasic {
        realm: space.realm,
        user: credentials.user,
        password: credentials.password,
        cached,
    })));
    Some(Preauthorization { value, effects })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::INTERNET_FLAG_SECURE;
    use md5::{Digest as _, Md5};
    use std::cell::RefCell;

    fn head(raw: &str) -> ResponseHead {
        let (head, used) = ResponseHead::parse(raw.as_bytes(), 64 * 1024)
            .expect("a valid head")
            .expect("a whole head");
        assert_eq!(used, raw.len());
        head
    }

    /// A GET for /dir/page?q=1 on http://example.com, with nothing special about it.
    fn facts() -> Facts<'static> {
        Facts {
            method: "GET",
            target: "/dir/page?q=1",
            host: "example.com",
            port: 80,
            secure: false,
            flags: 0,
            security_flags: 0,
            replayable: true,
            redirects: 0,
            auth_tries: 0,
            proxy_auth_tries: 0,
            cross_host: false,
            user: None,
            password: None,
            proxy_user: None,
            proxy_password: None,
            suppress_auth: false,
            sent: None,
            cnonce: "0a4f113b",
        }
    }

    fn https() -> Facts<'static> {
        Facts {
            host: "secure.example.com",
            port: 443,
            secure: true,
            flags: INTERNET_FLAG_SECURE,
            ..facts()
        }
    }

    fn run(f: &Facts<'_>, raw: &str) -> Decision {
        decide(f, &head(raw), |_| panic!("no cache lookup expected"))
    }

    fn redirect_head(status: u16, location: &str) -> String {
        format!("HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
    }

    fn creds(user: &str, password: &str) -> Credentials {
        Credentials {
            user: user.into(),
            password: password.into(),
        }
    }

    fn key(host: &str, port: u16, secure: bool) -> ServerKey {
        (host.into(), port, secure)
    }

    fn deliver() -> Decision {
        Decision {
            effects: vec![],
            next: Next::Deliver,
        }
    }

    fn answer(header: &'static str, value: &str) -> Next {
        Next::Resend(Plan::Answer {
            header,
            value: value.into(),
        })
    }

    /// A redirect on http://example.com to `target`.
    fn same_server(target: &str, to_get: bool) -> Next {
        Next::Resend(Plan::Redirect {
            url: format!("http://example.com{target}"),
            host: "example.com".into(),
            port: 80,
            secure: false,
            same_server: true,
            target: target.into(),
            to_get,
        })
    }

    /// Whether the redirect `status` turns `method` into a GET: None when it is not followed.
    fn to_get(status: u16, method: &str, replayable: bool) -> Option<bool> {
        let f = Facts {
            method,
            replayable,
            ..facts()
        };
        let d = run(&f, &redirect_head(status, "/next"));
        assert!(d.effects.is_empty());
        match d.next {
            Next::Resend(Plan::Redirect { to_get, .. }) => {
                assert_eq!(d.next, same_server("/next", to_get));
                Some(to_get)
            }
            Next::Deliver => None,
            other => panic!("unexpected {other:?}"),
        }
    }

    fn hex_md5(s: &str) -> String {
        Md5::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    // Redirect codes and methods.

    #[test]
    fn moved_301_and_302_turn_only_post_into_get() {
        for status in [301, 302] {
            assert_eq!(to_get(status, "GET", true), Some(false), "{status}");
            assert_eq!(to_get(status, "POST", true), Some(true), "{status}");
            assert_eq!(to_get(status, "post", true), Some(true), "{status}");
            assert_eq!(to_get(status, "HEAD", true), Some(false), "{status}");
            assert_eq!(to_get(status, "PUT", true), Some(false), "{status}");
        }
    }

    #[test]
    fn see_other_303_turns_everything_but_head_into_get() {
        assert_eq!(to_get(303, "GET", true), Some(true));
        assert_eq!(to_get(303, "POST", true), Some(true));
        assert_eq!(to_get(303, "PUT", true), Some(true));
        assert_eq!(to_get(303, "HEAD", true), Some(false));
        assert_eq!(to_get(303, "head", true), Some(false));
    }

    #[test]
    fn temporary_307_and_permanent_308_keep_the_method() {
        for status in [307, 308] {
            for method in ["GET", "POST", "HEAD", "PUT"] {
                assert_eq!(
                    to_get(status, method, true),
                    Some(false),
                    "{status} {method}"
                );
            }
        }
    }

    #[test]
    fn a_redirect_that_keeps_the_body_needs_a_replayable_one() {
        assert_eq!(to_get(307, "POST", false), None);
        assert_eq!(to_get(308, "PUT", false), None);
        assert_eq!(to_get(301, "PUT", false), None);
        assert_eq!(to_get(302, "GET", false), None);
        assert_eq!(to_get(303, "HEAD", false), None);
        // A redirect that drops the body does not.
        assert_eq!(to_get(301, "POST", false), Some(true));
        assert_eq!(to_get(303, "PUT", false), Some(true));
    }

    #[test]
    fn other_3xx_statuses_are_the_callers() {
        for status in [300, 304, 305, 306, 309] {
            assert_eq!(run(&facts(), &redirect_head(status, "/next")), deliver());
        }
    }

    // Locations.

    #[test]
    fn relative_location_resolves_against_the_target_directory() {
        let d = run(&facts(), &redirect_head(302, "other?x=1"));
        assert_eq!(
            d,
            Decision {
                effects: vec![],
                next: same_server("/dir/other?x=1", false)
            }
        );
    }

    #[test]
    fn relative_location_from_the_root() {
        let f = Facts {
            target: "/",
            ..facts()
        };
        assert_eq!(
            run(&f, &redirect_head(301, "login")).next,
            same_server("/login", false)
        );
    }

    #[test]
    fn absolute_path_location_drops_the_fragment_and_encodes_spaces() {
        let d = run(&facts(), &redirect_head(301, "/new place/x?a=b#part"));
        assert_eq!(d.next, same_server("/new%20place/x?a=b", false));
    }

    #[test]
    fn location_is_trimmed() {
        let d = run(&facts(), "HTTP/1.1 302 Found\r\nLocation:   /t  \r\n\r\n");
        assert_eq!(d.next, same_server("/t", false));
    }

    #[test]
    fn absolute_location_on_another_server() {
        let d = run(
            &facts(),
            &redirect_head(302, "http://Other.example.net:8080/a/b?c#d"),
        );
        assert_eq!(
            d.next,
            Next::Resend(Plan::Redirect {
                url: "http://Other.example.net:8080/a/b?c".into(),
                host: "Other.example.net".into(),
                port: 8080,
                secure: false,
                same_server: false,
                target: "/a/b?c".into(),
                to_get: false,
            })
        );
    }

    #[test]
    fn absolute_location_on_the_same_server_in_other_case() {
        let d = run(&facts(), &redirect_head(301, "http://EXAMPLE.com/up"));
        assert_eq!(
            d.next,
            Next::Resend(Plan::Redirect {
                url: "http://EXAMPLE.com/up".into(),
                host: "EXAMPLE.com".into(),
                port: 80,
                secure: false,
                same_server: true,
                target: "/up".into(),
                to_get: false,
            })
        );
    }

    #[test]
    fn absolute_location_without_a_path_asks_for_the_root() {
        let d = run(&facts(), &redirect_head(301, "http://example.com"));
        assert_eq!(d.next, same_server("/", false));
    }

    #[test]
    fn same_host_on_another_scheme_is_another_server() {
        let d = run(&facts(), &redirect_head(301, "https://example.com/s"));
        assert_eq!(
            d.next,
            Next::Resend(Plan::Redirect {
                url: "https://example.com/s".into(),
                host: "example.com".into(),
                port: 443,
                secure: true,
                same_server: false,
                target: "/s".into(),
                to_get: false,
            })
        );
    }

    #[test]
    fn scheme_relative_location_keeps_the_scheme() {
        let d = run(&https(), &redirect_head(302, "//cdn.example.net/lib.js"));
        assert_eq!(
            d.next,
            Next::Resend(Plan::Redirect {
                url: "https://cdn.example.net/lib.js".into(),
                host: "cdn.example.net".into(),
                port: 443,
                secure: true,
                same_server: false,
                target: "/lib.js".into(),
                to_get: false,
            })
        );
    }

    #[test]
    fn bracketed_ipv6_location() {
        let d = run(&facts(), &redirect_head(307, "http://[::1]:8080/v6"));
        assert_eq!(
            d.next,
            Next::Resend(Plan::Redirect {
                url: "http://[::1]:8080/v6".into(),
                host: "::1".into(),
                port: 8080,
                secure: false,
                same_server: false,
                target: "/v6".into(),
                to_get: false,
            })
        );
    }

    #[test]
    fn non_http_location_is_the_callers() {
        for location in [
            "ftp://example.com/file",
            "mailto:someone@example.com",
            "x-app:open",
        ] {
            assert_eq!(
                run(&facts(), &redirect_head(302, location)),
                deliver(),
                "{location}"
            );
        }
    }

    #[test]
    fn location_without_a_host_fails() {
        let d = run(&facts(), &redirect_head(302, "http:///nohost"));
        assert_eq!(
            d,
            Decision {
                effects: vec![],
                next: Next::Fail(Error::InvalidUrl)
            }
        );
    }

    #[test]
    fn missing_or_empty_location_is_the_callers() {
        assert_eq!(
            run(&facts(), "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"),
            deliver()
        );
        assert_eq!(
            run(&facts(), "HTTP/1.1 301 Moved\r\nLocation:\r\n\r\n"),
            deliver()
        );
        assert_eq!(
            run(&facts(), "HTTP/1.1 307 Moved\r\nLocation:    \r\n\r\n"),
            deliver()
        );
    }

    #[test]
    fn no_auto_redirect_leaves_every_redirect_to_the_caller() {
        let f = Facts {
            flags: crate::flags::INTERNET_FLAG_NO_AUTO_REDIRECT,
            ..facts()
        };
        for status in [301, 302, 303, 307, 308] {
            assert_eq!(
                run(&f, &redirect_head(status, "/next")),
                deliver(),
                "{status}"
            );
        }
    }

    // The redirect limit and downgrades.

    #[test]
    fn the_tenth_redirect_is_followed_and_the_eleventh_fails() {
        let f = Facts {
            redirects: MAX_REDIRECTS - 1,
            ..facts()
        };
        assert_eq!(
            run(&f, &redirect_head(302, "/next")).next,
            same_server("/next", false)
        );
        let f = Facts {
            redirects: MAX_REDIRECTS,
            ..facts()
        };
        assert_eq!(MAX_REDIRECTS, 10);
        assert_eq!(
            run(&f, &redirect_head(302, "/next")).next,
            Next::Fail(Error::HttpRedirectFailed)
        );
    }

    #[test]
    fn past_the_limit_a_redirect_rinet_would_not_follow_is_still_the_callers() {
        let f = Facts {
            redirects: MAX_REDIRECTS,
            ..facts()
        };
        assert_eq!(
            run(&f, &redirect_head(302, "ftp://example.com/")),
            deliver()
        );
        assert_eq!(run(&f, "HTTP/1.1 302 Found\r\n\r\n"), deliver());
    }

    #[test]
    fn https_to_http_is_refused() {
        let d = run(&https(), &redirect_head(302, "http://example.com/plain"));
        assert_eq!(
            d,
            Decision {
                effects: vec![],
                next: Next::Fail(Error::HttpsToHttpOnRedir)
            }
        );
    }

    #[test]
    fn the_limit_is_checked_before_the_downgrade() {
        let f = Facts {
            redirects: MAX_REDIRECTS,
            ..https()
        };
        assert_eq!(
            run(&f, &redirect_head(302, "http://example.com/plain")).next,
            Next::Fail(Error::HttpRedirectFailed)
        );
    }

    fn plain_from_https() -> Next {
        Next::Resend(Plan::Redirect {
            url: "http://example.com/plain".into(),
            host: "example.com".into(),
            port: 80,
            secure: false,
            same_server: false,
            target: "/plain".into(),
            to_get: false,
        })
    }

    #[test]
    fn https_to_http_allowed_by_the_request_flag() {
        let f = Facts {
            flags: INTERNET_FLAG_SECURE | FLAG_IGNORE_REDIRECT_TO_HTTP,
            ..https()
        };
        assert_eq!(
            run(&f, &redirect_head(302, "http://example.com/plain")).next,
            plain_from_https()
        );
    }

    #[test]
    fn https_to_http_allowed_by_the_security_flag() {
        let f = Facts {
            security_flags: SECURITY_IGNORE_REDIRECT_TO_HTTP,
            ..https()
        };
        assert_eq!(
            run(&f, &redirect_head(302, "http://example.com/plain")).next,
            plain_from_https()
        );
    }

    #[test]
    fn http_to_https_needs_no_flag() {
        let d = run(&facts(), &redirect_head(301, "https://example.com/s"));
        assert!(matches!(
            d.next,
            Next::Resend(Plan::Redirect { secure: true, .. })
        ));
    }

    // Basic credentials sent with the attempt.

    fn sent(cached: bool) -> SentBasic {
        SentBasic {
            realm: "area".into(),
            user: "ann".into(),
            password: "pw".into(),
            cached,
        }
    }

    #[test]
    fn accepted_basic_credentials_are_remembered() {
        let s = sent(false);
        let f = Facts {
            host: "Example.COM",
            sent: Some(&s),
            ..facts()
        };
        let d = run(&f, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assert_eq!(
            d,
            Decision {
                effects: vec![
                    Effect::SentBasic(None),
                    Effect::RememberBasic {
                        server: key("example.com", 80, false),
                        realm: "area".into(),
                        path: "/dir/page?q=1".into(),
                        credentials: creds("ann", "pw"),
                    },
                ],
                next: Next::Deliver,
            }
        );
    }

    #[test]
    fn a_redirect_accepts_the_basic_credentials_sent_before_it() {
        let s = sent(true);
        let f = Facts {
            sent: Some(&s),
            ..facts()
        };
        let d = run(&f, &redirect_head(302, "/next"));
        assert_eq!(d.effects.len(), 2);
        assert_eq!(d.effects[0], Effect::SentBasic(None));
        assert!(
            matches!(&d.effects[1], Effect::RememberBasic { path, .. } if path == "/dir/page?q=1")
        );
        assert_eq!(d.next, same_server("/next", false));
    }

    #[test]
    fn a_refused_redirect_still_accepts_the_basic_credentials() {
        let s = sent(false);
        let f = Facts {
            sent: Some(&s),
            ..https()
        };
        let d = run(&f, &redirect_head(302, "http://example.com/"));
        assert_eq!(d.effects.len(), 2);
        assert_eq!(d.next, Next::Fail(Error::HttpsToHttpOnRedir));
    }

    #[test]
    fn a_proxy_challenge_leaves_the_sent_basic_credentials_alone() {
        let s = sent(true);
        let f = Facts {
            sent: Some(&s),
            ..facts()
        };
        assert_eq!(
            run(
                &f,
                "HTTP/1.1 407 Proxy\r\nProxy-Authenticate: Basic\r\n\r\n"
            ),
            deliver()
        );
    }

    #[test]
    fn refused_cached_basic_credentials_are_forgotten() {
        let s = sent(true);
        let f = Facts {
            sent: Some(&s),
            ..facts()
        };
        let asked = RefCell::new(Vec::new());
        let d = decide(
            &f,
            &head("HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"area\"\r\n\r\n"),
            |realm| {
                asked.borrow_mut().push(realm.to_string());
                // The cache still holds them until the shell applies the decision.
                Some(creds("ann", "pw"))
            },
        );
        assert_eq!(
            d,
            Decision {
                effects: vec![
                    Effect::SentBasic(None),
                    Effect::ForgetBasic {
                        server: key("example.com", 80, false),
                        realm: "area".into(),
                        credentials: creds("ann", "pw"),
                    },
                    Effect::CachedCreds(None),
                ],
                next: Next::Deliver,
            }
        );
        assert_eq!(asked.into_inner(), ["area"]);
    }

    #[test]
    fn refused_cached_credentials_give_way_to_newer_ones_for_the_realm() {
        let s = sent(true);
        let f = Facts {
            sent: Some(&s),
            ..facts()
        };
        let d = decide(
            &f,
            &head("HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"area\"\r\n\r\n"),
            |_| Some(creds("bob", "new")),
        );
        assert_eq!(d.next, answer("Authorization", "Basic Ym9iOm5ldw=="));
        assert_eq!(
            d.effects[3..],
            [
                Effect::CountAuthTry,
                Effect::CachedCreds(Some(creds("bob", "new"))),
                Effect::SentBasic(Some(SentBasic {
                    realm: "area".into(),
                    user: "bob".into(),
                    password: "new".into(),
                    cached: true,
                })),
            ]
        );
    }

    #[test]
    fn refused_handle_credentials_sent_before_any_challenge_are_sent_again() {
        // Credentials sent pre-emptively: the first challenge is still answered once.
        let s = sent(false);
        let f = Facts {
            sent: Some(&s),
            user: Some("ann"),
            password: Some("pw"),
            ..facts()
        };
        let d = run(
            &f,
            "HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"area\"\r\n\r\n",
        );
        assert_eq!(
            d,
            Decision {
                effects: vec![
                    Effect::SentBasic(None),
                    Effect::CountAuthTry,
                    Effect::SentBasic(Some(sent(false))),
                ],
                next: answer("Authorization", "Basic YW5uOnB3"),
            }
        );
    }

    // Server challenges.

    fn with_user() -> Facts<'static> {
        Facts {
            user: Some("Aladdin"),
            password: Some("open sesame"),
            ..facts()
        }
    }

    const BASIC_401: &str = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"WallyWorld\"\r\nContent-Length: 0\r\n\r\n";

    const RFC2617_401: &str = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n\r\n";

    #[test]
    fn basic_challenge_answered_with_the_handle_credentials() {
        let d = run(&with_user(), BASIC_401);
        assert_eq!(
            d,
            Decision {
                effects: vec![
                    Effect::CountAuthTry,
                    Effect::SentBasic(Some(SentBasic {
                        realm: "WallyWorld".into(),
                        user: "Aladdin".into(),
                        password: "open sesame".into(),
                        cached: false,
                    })),
                ],
                next: answer("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
            }
        );
    }

    #[test]
    fn basic_challenge_without_a_password_sends_an_empty_one() {
        let f = Facts {
            password: None,
            ..with_user()
        };
        // base64("Aladdin:")
        assert_eq!(
            run(&f, BASIC_401).next,
            answer("Authorization", "Basic QWxhZGRpbjo=")
        );
    }

    #[test]
    fn basic_challenge_without_a_realm_has_the_empty_realm() {
        let d = run(
            &with_user(),
            "HTTP/1.1 401 No\r\nWWW-Authenticate: basic\r\n\r\n",
        );
        assert_eq!(
            d.effects.last(),
            Some(&Effect::SentBasic(Some(SentBasic {
                realm: String::new(),
                user: "Aladdin".into(),
                password: "open sesame".into(),
                cached: false,
            })))
        );
    }

    #[test]
    fn basic_challenge_without_a_user_name_and_nothing_cached_is_the_callers() {
        for user in [None, Some("")] {
            let f = Facts {
                user,
                password: Some("secret"),
                ..facts()
            };
            let asked = RefCell::new(Vec::new());
            let d = decide(&f, &head(BASIC_401), |realm| {
                asked.borrow_mut().push(realm.to_string());
                None
            });
            assert_eq!(d, deliver());
            assert_eq!(asked.into_inner(), ["WallyWorld"]);
        }
    }

    #[test]
    fn basic_challenge_without_a_user_name_answered_from_the_cache() {
        let d = decide(&facts(), &head(BASIC_401), |realm| {
            (realm == "WallyWorld").then(|| creds("Aladdin", "open sesame"))
        });
        assert_eq!(
            d,
            Decision {
                effects: vec![
                    Effect::CountAuthTry,
                    Effect::CachedCreds(Some(creds("Aladdin", "open sesame"))),
                    Effect::SentBasic(Some(SentBasic {
                        realm: "WallyWorld".into(),
                        user: "Aladdin".into(),
                        password: "open sesame".into(),
                        cached: true,
                    })),
                ],
                next: answer("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
            }
        );
    }

    #[test]
    fn digest_challenge_answered_as_rfc_2617_shows() {
        let f = Facts {
            target: "/dir/index.html",
            user: Some("Mufasa"),
            password: Some("Circle Of Life"),
            ..facts()
        };
        let d = run(&f, RFC2617_401);
        // RFC 2617 section 3.5, with the client nonce and count given there.
        assert_eq!(
            d.next,
            answer(
                "Authorization",
                "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", \
                 uri=\"/dir/index.html\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", \
                 nc=00000001, cnonce=\"0a4f113b\", qop=auth, \
                 response=\"6629fae49393a05397450978507c4ef1\", \
                 opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
            )
        );
        assert_eq!(d.effects.len(), 2);
        assert_eq!(d.effects[0], Effect::CountAuthTry);
        let Effect::StoreDigest {
            server,
            auth: Auth::Digest(digest),
        } = &d.effects[1]
        else {
            panic!("no Digest state stored: {:?}", d.effects);
        };
        assert_eq!(server, &key("example.com", 80, false));
        assert_eq!(digest.realm(), "testrealm@host.com");
        assert_eq!(digest.nonce_count(), 1);
    }

    #[test]
    fn digest_answer_carries_the_given_client_nonce() {
        let f = Facts {
            method: "POST",
            target: "/form",
            user: Some("u"),
            password: Some("p"),
            cnonce: "feedc0de",
            ..facts()
        };
        let d = run(&f, "HTTP/1.1 401 No\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n1\", qop=\"auth\"\r\n\r\n");
        let ha1 = hex_md5("u:r:p");
        let ha2 = hex_md5("POST:/form");
        let response = hex_md5(&format!("{ha1}:n1:00000001:feedc0de:auth:{ha2}"));
        assert_eq!(
            d.next,
            answer(
                "Authorization",
                &format!(
                    "Digest username=\"u\", realm=\"r\", uri=\"/form\", nonce=\"n1\", \
                     nc=00000001, cnonce=\"feedc0de\", qop=auth, response=\"{response}\""
                )
            )
        );
    }

    #[test]
    fn digest_without_qop_answered_in_the_rfc_2069_form() {
        let f = Facts {
            user: Some("u"),
            password: Some("p"),
            ..facts()
        };
        let d = run(
            &f,
            "HTTP/1.1 401 No\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"abc\"\r\n\r\n",
        );
        let response = hex_md5(&format!(
            "{}:abc:{}",
            hex_md5("u:r:p"),
            hex_md5("GET:/dir/page?q=1")
        ));
        assert_eq!(
            d.next,
            answer(
                "Authorization",
                &format!(
                    "Digest username=\"u\", realm=\"r\", uri=\"/dir/page?q=1\", nonce=\"abc\", \
                     response=\"{response}\""
                )
            )
        );
    }

    #[test]
    fn digest_is_preferred_to_basic_with_a_user_name() {
        let raw = "HTTP/1.1 401 No\r\nWWW-Authenticate: Basic realm=\"b\"\r\nwww-authenticate: Digest realm=\"r\", nonce=\"abc\"\r\n\r\n";
        let d = run(&with_user(), raw);
        assert!(
            matches!(&d.next, Next::Resend(Plan::Answer { header: "Authorization", value }) if value.starts_with("Digest username=\"Aladdin\", realm=\"r\""))
        );
        assert!(matches!(
            d.effects[..],
            [Effect::CountAuthTry, Effect::StoreDigest { .. }]
        ));
    }

    #[test]
    fn without_a_user_name_only_basic_is_answered() {
        let raw = "HTTP/1.1 401 No\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"abc\"\r\n\r\n";
        assert_eq!(run(&facts(), raw), deliver());
        let raw = "HTTP/1.1 401 No\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"abc\", Basic realm=\"b\"\r\n\r\n";
        let d = decide(&facts(), &head(raw), |realm| {
            (realm == "b").then(|| creds("x", "y"))
        });
        assert_eq!(d.next, answer("Authorization", "Basic eDp5"));
    }

    #[test]
    fn unsupported_schemes_are_the_callers() {
        let raw =
            "HTTP/1.1 401 No\r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\n\r\n";
        assert_eq!(run(&with_user(), raw), deliver());
        assert_eq!(run(&with_user(), "HTTP/1.1 401 No\r\n\r\n"), deliver());
    }

    #[test]
    fn a_challenge_rinet_may_not_answer_is_the_callers() {
        let cases = [
            Facts {
                flags: FLAG_NO_AUTH,
                ..with_user()
            },
            Facts {
                suppress_auth: true,
                ..with_user()
            },
            Facts {
                cross_host: true,
                ..with_user()
            },
            Facts {
                replayable: false,
                ..with_user()
            },
        ];
        for (i, f) in cases.into_iter().enumerate() {
            assert_eq!(run(&f, BASIC_401), deliver(), "case {i}");
            assert_eq!(run(&f, RFC2617_401), deliver(), "case {i}");
        }
    }

    #[test]
    fn a_second_challenge_after_an_answer_is_the_callers() {
        let f = Facts {
            auth_tries: 1,
            ..with_user()
        };
        assert_eq!(run(&f, BASIC_401), deliver());
        assert_eq!(run(&f, RFC2617_401), deliver());
    }

    // Proxy challenges.

    fn with_proxy_user() -> Facts<'static> {
        Facts {
            proxy_user: Some("proxy"),
            proxy_password: Some("pass"),
            ..facts()
        }
    }

    #[test]
    fn proxy_challenge_answered_with_the_proxy_credentials() {
        let raw = "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"gate\"\r\n\r\n";
        assert_eq!(
            run(&with_proxy_user(), raw),
            Decision {
                effects: vec![Effect::CountProxyAuthTry],
                next: answer("Proxy-Authorization", "Basic cHJveHk6cGFzcw=="),
            }
        );
    }

    #[test]
    fn proxy_challenge_without_a_scheme_gets_basic() {
        let f = Facts {
            proxy_password: None,
            ..with_proxy_user()
        };
        let d = run(
            &f,
            "HTTP/1.1 407 Proxy\r\nProxy-Authenticate: Negotiate\r\n\r\n",
        );
        assert_eq!(d.next, answer("Proxy-Authorization", "Basic cHJveHk6"));
        let d = run(&f, "HTTP/1.1 407 Proxy\r\n\r\n");
        assert_eq!(d.next, answer("Proxy-Authorization", "Basic cHJveHk6"));
    }

    #[test]
    fn proxy_digest_challenge_is_answered_and_not_stored() {
        let f = Facts {
            cnonce: "c0ffee",
            ..with_proxy_user()
        };
        let d = run(&f, "HTTP/1.1 407 Proxy\r\nProxy-Authenticate: Digest realm=\"gate\", nonce=\"pn\", qop=auth\r\nWWW-Authenticate: Basic realm=\"other\"\r\n\r\n");
        let ha1 = hex_md5("proxy:gate:pass");
        let ha2 = hex_md5("GET:/dir/page?q=1");
        let response = hex_md5(&format!("{ha1}:pn:00000001:c0ffee:auth:{ha2}"));
        assert_eq!(
            d,
            Decision {
                effects: vec![Effect::CountProxyAuthTry],
                next: answer(
                    "Proxy-Authorization",
                    &format!(
                        "Digest username=\"proxy\", realm=\"gate\", uri=\"/dir/page?q=1\", \
                         nonce=\"pn\", nc=00000001, cnonce=\"c0ffee\", qop=auth, \
                         response=\"{response}\""
                    )
                ),
            }
        );
    }

    #[test]
    fn proxy_challenge_without_a_proxy_user_is_the_callers() {
        let raw = "HTTP/1.1 407 Proxy\r\nProxy-Authenticate: Basic\r\n\r\n";
        for proxy_user in [None, Some("")] {
            let f = Facts {
                proxy_user,
                proxy_password: Some("pass"),
                // Server credentials do not answer a proxy.
                user: Some("ann"),
                password: Some("pw"),
                ..facts()
            };
            assert_eq!(run(&f, raw), deliver());
        }
    }

    #[test]
    fn proxy_challenge_answered_once_and_only_with_a_replayable_body() {
        let raw = "HTTP/1.1 407 Proxy\r\nProxy-Authenticate: Basic\r\n\r\n";
        let f = Facts {
            proxy_auth_tries: 1,
            ..with_proxy_user()
        };
        assert_eq!(run(&f, raw), deliver());
        let f = Facts {
            replayable: false,
            ..with_proxy_user()
        };
        assert_eq!(run(&f, raw), deliver());
        // The server's own flags and counters say nothing about the proxy.
        let f = Facts {
            flags: FLAG_NO_AUTH,
            suppress_auth: true,
            auth_tries: 1,
            cross_host: true,
            ..with_proxy_user()
        };
        assert_eq!(
            run(&f, raw).next,
            answer("Proxy-Authorization", "Basic cHJveHk6cGFzcw==")
        );
    }

    // Credentials sent before the server asks.

    fn ahead() -> Ahead<'static> {
        Ahead {
            method: "GET",
            target: "/dir/index.html",
            host: "Example.com",
            port: 80,
            secure: false,
            flags: 0,
            cross_host: false,
            has_authorization: false,
            suppress_auth: false,
            user: Some("Mufasa"),
            password: Some("Circle Of Life"),
            cnonce: "0a4f113b",
        }
    }

    fn no_digest() -> Option<Auth> {
        None
    }

    fn space() -> Option<CachedSpace> {
        Some(CachedSpace {
            realm: "zone".into(),
            credentials: creds("kept", "secret"),
        })
    }

    /// The Digest state a session keeps after answering the RFC 2617 challenge once.
    fn rfc2617_state() -> Auth {
        let f = Facts {
            target: "/dir/index.html",
            user: Some("Mufasa"),
            password: Some("Circle Of Life"),
            ..facts()
        };
        match run(&f, RFC2617_401).effects.pop() {
            Some(Effect::StoreDigest { auth, .. }) => auth,
            other => panic!("no Digest state: {other:?}"),
        }
    }

    #[test]
    fn a_digest_server_is_answered_ahead_with_the_next_count() {
        let a = Ahead {
            target: "/dir/other.html",
            cnonce: "1b2c3d4e",
            ..ahead()
        };
        let p = preauthorize(&a, || Some(rfc2617_state()), || panic!("no Basic lookup"))
            .expect("an Authorization header");
        let ha1 = hex_md5("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = hex_md5("GET:/dir/other.html");
        let response = hex_md5(&format!(
            "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000002:1b2c3d4e:auth:{ha2}"
        ));
        assert_eq!(
            p.value,
            format!(
                "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", \
                 uri=\"/dir/other.html\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", \
                 nc=00000002, cnonce=\"1b2c3d4e\", qop=auth, response=\"{response}\", \
                 opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
            )
        );
        let [Effect::StoreDigest {
            server,
            auth: Auth::Digest(d),
        }] = &p.effects[..]
        else {
            panic!("unexpected effects {:?}", p.effects);
        };
        assert_eq!(server, &key("example.com", 80, false));
        assert_eq!(d.nonce_count(), 2);
    }

    #[test]
    fn the_handle_credentials_go_ahead_to_a_cached_basic_space() {
        let p = preauthorize(&ahead(), no_digest, space);
        assert_eq!(
            p,
            Some(Preauthorization {
                // base64("Mufasa:Circle Of Life")
                value: "Basic TXVmYXNhOkNpcmNsZSBPZiBMaWZl".into(),
                effects: vec![Effect::SentBasic(Some(SentBasic {
                    realm: "zone".into(),
                    user: "Mufasa".into(),
                    password: "Circle Of Life".into(),
                    cached: false,
                }))],
            })
        );
    }

    #[test]
    fn without_a_user_name_the_cached_basic_credentials_go_ahead() {
        for user in [None, Some("")] {
            let a = Ahead { user, ..ahead() };
            let p = preauthorize(&a, || panic!("no Digest lookup"), space);
            assert_eq!(
                p,
                Some(Preauthorization {
                    // base64("kept:secret")
                    value: "Basic a2VwdDpzZWNyZXQ=".into(),
                    effects: vec![
                        Effect::CachedCreds(Some(creds("kept", "secret"))),
                        Effect::SentBasic(Some(SentBasic {
                            realm: "zone".into(),
                            user: "kept".into(),
                            password: "secret".into(),
                            cached: true,
                        })),
                    ],
                })
            );
        }
    }

    #[test]
    fn nothing_goes_ahead_without_digest_state_or_a_cached_space() {
        assert_eq!(preauthorize(&ahead(), no_digest, || None), None);
        let a = Ahead {
            user: None,
            ..ahead()
        };
        assert_eq!(preauthorize(&a, no_digest, || None), None);
    }

    #[test]
    fn nothing_goes_ahead_when_rinet_may_not_answer() {
        let cases = [
            Ahead {
                suppress_auth: true,
                ..ahead()
            },
            Ahead {
                flags: FLAG_NO_AUTH,
                ..ahead()
            },
            Ahead {
                cross_host: true,
                ..ahead()
            },
            Ahead {
                has_authorization: true,
                ..ahead()
            },
        ];
        for (i, a) in cases.into_iter().enumerate() {
            let p = preauthorize(
                &a,
                || panic!("no Digest lookup in case {i}"),
                || panic!("no Basic lookup in case {i}"),
            );
            assert_eq!(p, None, "case {i}");
        }
    }

    // Everything else.

    #[test]
    fn other_statuses_are_the_callers() {
        let f = Facts {
            proxy_user: Some("proxy"),
            ..with_user()
        };
        for status in [200, 204, 400, 403, 404, 500, 502] {
            let raw = format!(
                "HTTP/1.1 {status} X\r\nLocation: /next\r\nWWW-Authenticate: Basic\r\nProxy-Authenticate: Basic\r\n\r\n"
            );
            assert_eq!(run(&f, &raw), deliver(), "{status}");
        }
    }

    #[test]
    fn the_debug_output_hides_passwords() {
        let text = format!("{:?} {:?}", sent(false), creds("ann", "pw"));
        assert!(!text.contains("pw"), "{text}");
        assert!(text.contains("ann"), "{text}");
    }
}
