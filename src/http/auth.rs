// SPDX-License-Identifier: MIT OR Apache-2.0
//! HTTP authentication without I/O: reading challenges and writing credentials.
//!
//! rinet answers a 401 (or a proxy's 407) itself when the application gave a user name and
//! password, with `InternetConnect`'s arguments or the USERNAME / PASSWORD (PROXY_USERNAME /
//! PROXY_PASSWORD) options, or with Basic credentials the server accepted before. This module
//! holds the rules; the reactor decides when to use them.
//!
//! - [`parse_challenges`] reads `WWW-Authenticate` / `Proxy-Authenticate` values (RFC 7235):
//!   several challenges in one header and across headers, quoted strings with escapes.
//! - [`basic`] writes RFC 7617 Basic credentials.
//! - [`Digest`] writes RFC 7616 Digest credentials: MD5, MD5-sess, SHA-256 and SHA-256-sess
//!   with `qop=auth`, and the RFC 2069 form when the server offers no qop. It counts `nc`
//!   itself; the client nonce comes from the caller, so the output is deterministic.
//! - [`Auth::choose`] picks the strongest challenge rinet supports: Digest with SHA-256, then
//!   Digest with MD5, then Basic.
//! - [`BasicCache`] keeps the Basic credentials servers accepted, by server, realm and
//!   directory, to send them again before a server asks.

use md5::Md5;
use sha2::Digest as _;
use sha2::Sha256;

use super::url::directory;

/// An authentication scheme named in a challenge. Scheme names are case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// `Basic` (RFC 7617).
    Basic,
    /// `Digest` (RFC 7616).
    Digest,
    /// Any other scheme (`Negotiate`, `NTLM`, `Bearer`...), lower-cased. rinet does not answer
    /// these, but the application can still read the header.
    Other(String),
}

impl Scheme {
    fn from_token(t: &str) -> Scheme {
        if t.eq_ignore_ascii_case("basic") {
            Scheme::Basic
        } else if t.eq_ignore_ascii_case("digest") {
            Scheme::Digest
        } else {
            Scheme::Other(t.to_ascii_lowercase())
        }
    }
}

/// One challenge from a `WWW-Authenticate` or `Proxy-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme.
    pub scheme: Scheme,
    /// The auth-params in order, names lower-cased, values with quotes and escapes removed.
    pub params: Vec<(String, String)>,
    /// A token68 given instead of auth-params (as `Negotiate` does).
    pub token68: Option<String>,
}

impl Challenge {
    /// The first value of the auth-param `name` (case-insensitive).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The protection space's `realm`.
    pub fn realm(&self) -> Option<&str> {
        self.param("realm")
    }

    /// Digest's server `nonce`.
    pub fn nonce(&self) -> Option<&str> {
        self.param("nonce")
    }

    /// Digest's `opaque` value, returned unchanged in the credentials.
    pub fn opaque(&self) -> Option<&str> {
        self.param("opaque")
    }

    /// Digest's `algorithm` as sent (absent means MD5).
    pub fn algorithm(&self) -> Option<&str> {
        self.param("algorithm")
    }

    /// Digest's `qop` options, lower-cased: `["auth", "auth-int"]` for `qop="auth,auth-int"`.
    /// Empty when the server sent none.
    pub fn qop(&self) -> Vec<String> {
        self.param("qop")
            .map(|q| {
                q.split(',')
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Digest's `stale=true`: the nonce expired but the credentials were right, so the client
    /// should retry with the new nonce without asking the user again.
    pub fn stale(&self) -> bool {
        self.param("stale")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// Parse every challenge in the values of all `WWW-Authenticate` (or all
/// `Proxy-Authenticate`) headers of a response, in order.
pub fn parse_all<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Challenge> {
    values.into_iter().flat_map(parse_challenges).collect()
}

/// Parse the challenges in one header value (RFC 7235 §4.1: `1#challenge`).
///
/// The parser is lenient: it skips empty list elements and bytes it cannot read, up to the
/// next comma, and an unterminated quoted string runs to the end of the value.
pub fn parse_challenges(value: &str) -> Vec<Challenge> {
    let mut c = Cursor { s: value, pos: 0 };
    let mut out = Vec::new();
    loop {
        c.skip_ws_and_commas();
        if c.at_end() {
            break;
        }
        let Some(scheme) = c.token() else {
            c.skip_past_comma();
            continue;
        };
        let mut ch = Challenge {
            scheme: Scheme::from_token(scheme),
            params: Vec::new(),
            token68: None,
        };
        c.skip_ws();
        if let Some(t) = c.token68() {
            ch.token68 = Some(t.to_string());
            out.push(ch);
            continue;
        }
        // auth-params until one that is not `name = value`, which starts the next challenge.
        loop {
            c.skip_ws();
            let save = c.pos;
            let Some(name) = c.token() else { break };
            c.skip_ws();
            if c.peek() != Some(b'=') {
                c.pos = save;
                break;
            }
            c.pos += 1;
            c.skip_ws();
            let value = if c.peek() == Some(b'"') {
                c.quoted()
            } else {
                c.bare_value().to_string()
            };
            ch.params.push((name.to_ascii_lowercase(), value));
            c.skip_ws();
            match c.peek() {
                None => break,
                Some(b',') => c.skip_ws_and_commas(),
                Some(_) => c.skip_past_comma(),
            }
        }
        out.push(ch);
    }
    out
}

/// A position in a header value. Every split falls on an ASCII byte, so slices stay valid.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn skip_ws_and_commas(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n' | b',')) {
            self.pos += 1;
        }
    }

    /// Skip anything up to and including the next comma outside a quoted string.
    fn skip_past_comma(&mut self) {
        while let Some(b) = self.peek() {
            if b == b'"' {
                self.quoted();
                continue;
            }
            self.pos += 1;
            if b == b',' {
                break;
            }
        }
    }

    fn token(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.s[start..self.pos])
    }

    /// A token68 that makes up the rest of the challenge (it ends the value or precedes a
    /// comma). Leaves the cursor untouched and returns `None` otherwise.
    fn token68(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let mut end = start;
        let b = self.s.as_bytes();
        while end < b.len() && is_token68_char(b[end]) {
            end += 1;
        }
        if end == start {
            return None;
        }
        while end < b.len() && b[end] == b'=' {
            end += 1;
        }
        let mut after = end;
        while after < b.len() && matches!(b[after], b' ' | b'\t') {
            after += 1;
        }
        if after == b.len() || b[after] == b',' {
            self.pos = end;
            Some(&self.s[start..end])
        } else {
            None
        }
    }

    /// A quoted-string at the cursor (which is on the opening quote), unescaped.
    fn quoted(&mut self) -> String {
        self.pos += 1;
        let mut v = String::new();
        let mut chars = self.s[self.pos..].char_indices();
        while let Some((i, ch)) = chars.next() {
            match ch {
                '"' => {
                    self.pos += i + 1;
                    return v;
                }
                '\\' => {
                    if let Some((_, next)) = chars.next() {
                        v.push(next);
                    }
                }
                _ => v.push(ch),
            }
        }
        self.pos = self.s.len();
        v
    }

    /// An unquoted value: everything up to a comma or white space.
    fn bare_value(&mut self) -> &'a str {
        let start = self.pos;
        while !matches!(
            self.peek(),
            None | Some(b',' | b' ' | b'\t' | b'\r' | b'\n')
        ) {
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }
}

/// Standard base64 (RFC 4648 §4) with padding.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for group in data.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let chars = [n >> 18, n >> 12, n >> 6, n];
        for (i, &c) in chars.iter().enumerate() {
            if i <= group.len() {
                out.push(ALPHABET[(c & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `Authorization` (or `Proxy-Authorization`) value for Basic: `Basic base64(user:pass)`,
/// with the user name and password as UTF-8.
pub fn basic(user: &str, pass: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{pass}").as_bytes()))
}

/// A Digest hash algorithm rinet supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `MD5` (also the meaning of a missing `algorithm`).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
}

impl Algorithm {
    /// The algorithm named by a challenge's `algorithm` token (case-insensitive); `None` for
    /// one rinet does not support, such as `SHA-512-256`.
    pub fn from_token(t: &str) -> Option<Algorithm> {
        [
            Algorithm::Md5,
            Algorithm::Md5Sess,
            Algorithm::Sha256,
            Algorithm::Sha256Sess,
        ]
        .into_iter()
        .find(|a| a.name().eq_ignore_ascii_case(t.trim()))
    }

    /// The algorithm's name as written in credentials.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    /// True for the `-sess` variants, whose A1 also covers the nonce and client nonce.
    pub fn is_session(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    /// True for the SHA-256 variants.
    pub fn is_sha256(self) -> bool {
        matches!(self, Algorithm::Sha256 | Algorithm::Sha256Sess)
    }

    /// The hash of `data` as lower-case hex.
    fn hex(self, data: &str) -> String {
        if self.is_sha256() {
            hex(&Sha256::digest(data.as_bytes()))
        } else {
            hex(&Md5::digest(data.as_bytes()))
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// `"value"` with `"` and `\` escaped.
fn quote(v: &str) -> String {
    let mut s = String::with_capacity(v.len() + 2);
    s.push('"');
    for ch in v.chars() {
        if ch == '"' || ch == '\\' {
            s.push('\\');
        }
        s.push(ch);
    }
    s.push('"');
    s
}

/// RFC 8187 `UTF-8''...` encoding, for a user name that is not ASCII.
fn ext_value(v: &str) -> String {
    let mut s = String::from("UTF-8''");
    for &b in v.as_bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// Digest state for one protection space: what the server's challenge said, plus the nonce
/// count. Keep it to send credentials pre-emptively on later requests to the same server;
/// each call to [`authorization`](Digest::authorization) counts one use of the nonce. When the
/// server sends a new challenge (for example with `stale=true`), make a new `Digest` from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Algorithm,
    /// Whether the challenge named its algorithm (echoed back only then).
    algorithm_named: bool,
    /// `qop=auth` offered; false means the RFC 2069 form.
    qop_auth: bool,
    /// The server asked for the user name to be hashed (RFC 7616 `userhash=true`).
    userhash: bool,
    nc: u32,
}

impl Digest {
    /// Digest state from a challenge, or `None` when rinet cannot answer it: not Digest, no
    /// nonce, an unsupported algorithm, a qop list without `auth` (only `auth-int`), or a
    /// `-sess` algorithm without qop (it needs the client nonce that only qop carries).
    pub fn from_challenge(c: &Challenge) -> Option<Digest> {
        if c.scheme != Scheme::Digest {
            return None;
        }
        let nonce = c.nonce()?.to_string();
        let (algorithm, algorithm_named) = match c.algorithm() {
            Some(a) => (Algorithm::from_token(a)?, true),
            None => (Algorithm::Md5, false),
        };
        let qop = c.qop();
        let qop_auth = match (c.param("qop"), qop.iter().any(|q| q == "auth")) {
            (None, _) => false,
            (Some(_), true) => true,
            (Some(_), false) => return None,
        };
        if algorithm.is_session() && !qop_auth {
            return None;
        }
        Some(Digest {
            realm: c.realm().unwrap_or("").to_string(),
            nonce,
            opaque: c.opaque().map(str::to_string),
            algorithm,
            algorithm_named,
            qop_auth,
            userhash: c
                .param("userhash")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            nc: 0,
        })
    }

    /// The hash algorithm in use.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The realm from the challenge.
    pub fn realm(&self) -> &str {
        &self.realm
    }

    /// How many times the nonce has been used so far (the last `nc` sent).
    pub fn nonce_count(&self) -> u32 {
        self.nc
    }

    /// The `Authorization` (or `Proxy-Authorization`) value for a request, counting one more
    /// use of the nonce. `uri` is the request-target exactly as on the request line;
    /// `cnonce` is a fresh client nonce (random, quoted-string safe), unused without qop.
    ///
    /// With qop: `response = H(H(A1):nonce:nc:cnonce:auth:H(A2))`, else (RFC 2069)
    /// `H(H(A1):nonce:H(A2))`; `A1 = user:realm:pass`, for `-sess`
    /// `H(user:realm:pass):nonce:cnonce`; `A2 = method:uri`.
    pub fn authorization(
        &mut self,
        user: &str,
        pass: &str,
        method: &str,
        uri: &str,
        cnonce: &str,
    ) -> String {
        self.nc = self.nc.wrapping_add(1);
        let alg = self.algorithm;
        let nc = format!("{:08x}", self.nc);
        let mut ha1 = alg.hex(&format!("{user}:{}:{pass}", self.realm));
        if alg.is_session() {
            ha1 = alg.hex(&format!("{ha1}:{}:{cnonce}", self.nonce));
        }
        let ha2 = alg.hex(&format!("{method}:{uri}"));
        let response = if self.qop_auth {
            alg.hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce))
        } else {
            alg.hex(&format!("{ha1}:{}:{ha2}", self.nonce))
        };

        let mut parts = Vec::with_capacity(11);
        if self.userhash {
            parts.push(format!(
                "username=\"{}\"",
                alg.hex(&format!("{user}:{}", self.realm))
            ));
        } else if user.is_ascii() {
            parts.push(format!("username={}", quote(user)));
        } else {
            parts.push(format!("username*={}", ext_value(user)));
        }
        parts.push(format!("realm={}", quote(&self.realm)));
        parts.push(format!("uri={}", quote(uri)));
        if self.algorithm_named {
            parts.push(format!("algorithm={}", alg.name()));
        }
        parts.push(format!("nonce={}", quote(&self.nonce)));
        if self.qop_auth {
            parts.push(format!("nc={nc}"));
            parts.push(format!("cnonce={}", quote(cnonce)));
            parts.push("qop=auth".to_string());
        }
        parts.push(format!("response=\"{response}\""));
        if let Some(o) = &self.opaque {
            parts.push(format!("opaque={}", quote(o)));
        }
        if self.userhash {
            parts.push("userhash=true".to_string());
        }
        format!("Digest {}", parts.join(", "))
    }
}

/// The way rinet answers a server (or proxy) that asked for credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Basic: the same header on every request.
    Basic,
    /// Digest, with its nonce count.
    Digest(Digest),
}

impl Auth {
    /// The strongest challenge rinet can answer: Digest with SHA-256 (or SHA-256-sess), then
    /// Digest with MD5 (or MD5-sess), then Basic. Among equals the first offered wins. `None`
    /// when nothing offered is supported.
    pub fn choose(challenges: &[Challenge]) -> Option<Auth> {
        let mut best: Option<(u8, Auth)> = None;
        for c in challenges {
            let candidate = match c.scheme {
                Scheme::Basic => Some((1, Auth::Basic)),
                Scheme::Digest => Digest::from_challenge(c).map(|d| {
                    let rank = if d.algorithm.is_sha256() { 3 } else { 2 };
                    (rank, Auth::Digest(d))
                }),
                Scheme::Other(_) => None,
            };
            if let Some((rank, auth)) = candidate {
                if best.as_ref().is_none_or(|(r, _)| rank > *r) {
                    best = Some((rank, auth));
                }
            }
        }
        best.map(|(_, a)| a)
    }

    /// The header value for one request; see [`basic`] and [`Digest::authorization`].
    pub fn authorization(
        &mut self,
        user: &str,
        pass: &str,
        method: &str,
        uri: &str,
        cnonce: &str,
    ) -> String {
        match self {
            Auth::Basic => basic(user, pass),
            Auth::Digest(d) => d.authorization(user, pass, method, uri, cnonce),
        }
    }
}

/// A server as a credentials cache knows it: lower-case host, port, TLS or not.
pub type ServerKey = (String, u16, bool);

/// Most protection spaces a [`BasicCache`] keeps; the oldest is forgotten first.
const MAX_SPACES: usize = 256;
/// Most directories one protection space keeps; the oldest is forgotten first.
const MAX_DIRS: usize = 32;

/// Basic credentials that servers accepted, to be sent again before a server asks for them,
/// as WinInet's password cache sends them.
///
/// An entry is a protection space: a server and a realm (compared exactly: a realm is
/// case-sensitive), the user name and password the server accepted last for it, and the
/// directories of the paths it accepted them for. A request whose path lies in one of those
/// directories (the directory is a prefix of the path's own [`directory`]) belongs to the space;
/// when the spaces of several realms hold it, the one with the longest directory wins.
#[derive(Default, Clone)]
pub struct BasicCache {
    spaces: Vec<Space>,
}

/// One protection space of a [`BasicCache`].
#[derive(Clone, PartialEq, Eq)]
pub struct Space {
    /// The server.
    pub server: ServerKey,
    /// The realm of the server's Basic challenge ("" when it named none).
    pub realm: String,
    /// The user name the server accepted.
    pub user: String,
    /// The password the server accepted.
    pub password: String,
    /// Directories (each ending in '/') the server accepted the credentials for.
    dirs: Vec<String>,
}

impl BasicCache {
    /// An empty cache.
    pub const fn new() -> Self {
        BasicCache { spaces: Vec::new() }
    }

    /// `server` accepted `user` and `password` for `realm` on a request for `path` (a request
    /// target: a path with its query): they are the space's credentials from now on, and the
    /// path's directory joins its directories.
    pub fn remember(
        &mut self,
        server: &ServerKey,
        realm: &str,
        path: &str,
        user: &str,
        password: &str,
    ) {
        let dir = directory(path);
        let i = match self
            .spaces
            .iter()
            .position(|s| &s.server == server && s.realm == realm)
        {
            Some(i) => i,
            None => {
                if self.spaces.len() >= MAX_SPACES {
                    self.spaces.remove(0);
                }
                self.spaces.push(Space {
                    server: server.clone(),
                    realm: realm.to_string(),
                    user: String::new(),
                    password: String::new(),
                    dirs: Vec::new(),
                });
                self.spaces.len() - 1
            }
        };
        let space = &mut self.spaces[i];
        space.user = user.to_string();
        space.password = password.to_string();
        if !space.dirs.iter().any(|d| dir.starts_with(d.as_str())) {
            // The new directory covers the ones below it.
            space.dirs.retain(|d| !d.starts_with(dir));
            if space.dirs.len() >= MAX_DIRS {
                space.dirs.remove(0);
            }
            space.dirs.push(dir.to_string());
        }
    }

    /// The space a request for `path` on `server` belongs to, whose credentials it carries
    /// before the server asks: of the spaces with a directory the path lies in, the one with
    /// the longest such directory.
    pub fn for_path(&self, server: &ServerKey, path: &str) -> Option<&Space> {
        let dir = directory(path);
        let mut best: Option<(usize, &Space)> = None;
        for space in self.spaces.iter().filter(|s| &s.server == server) {
            let longest = space
                .dirs
                .iter()
                .filter(|d| dir.starts_with(d.as_str()))
                .map(String::len)
                .max();
            if let Some(n) = longest {
                if best.is_none_or(|(b, _)| n >= b) {
                    best = Some((n, space));
                }
            }
        }
        best.map(|(_, s)| s)
    }

    /// The space of `realm` on `server`, whose credentials answer the server's challenge for
    /// that realm.
    pub fn for_realm(&self, server: &ServerKey, realm: &str) -> Option<&Space> {
        self.spaces
            .iter()
            .find(|s| &s.server == server && s.realm == realm)
    }

    /// The server refused `user` and `password` for `realm`: forget the space if those are
    /// still its credentials.
    pub fn forget(&mut self, server: &ServerKey, realm: &str, user: &str, password: &str) {
        self.spaces.retain(|s| {
            !(&s.server == server && s.realm == realm && s.user == user && s.password == password)
        });
    }

    /// Forget everything.
    pub fn clear(&mut self) {
        self.spaces.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC7616_SHA256: &str = "Digest\r\n    realm=\"http-auth@example.org\",\r\n    \
        qop=\"auth, auth-int\",\r\n    algorithm=SHA-256,\r\n    \
        nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n    \
        opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    const RFC7616_MD5: &str = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", \
        algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", \
        opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    const RFC7616_CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    const RFC2617: &str = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", \
        nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    fn pairs(c: &Challenge) -> Vec<(&str, &str)> {
        c.params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn base64_vectors() {
        // RFC 4648 §10.
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(base64(&[0xfb, 0xff, 0xfe]), "+//+");
    }

    #[test]
    fn basic_credentials() {
        // RFC 2617 §2 and RFC 7617 §2.
        assert_eq!(
            basic("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic("", ""), "Basic Og==");
        // RFC 7617 §2.1: UTF-8.
        assert_eq!(basic("test", "123\u{a3}"), "Basic dGVzdDoxMjPCow==");
    }

    #[test]
    fn parse_one_and_many() {
        let c = parse_challenges("Basic realm=\"WallyWorld\"");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].scheme, Scheme::Basic);
        assert_eq!(c[0].realm(), Some("WallyWorld"));

        // Several challenges in one header, the RFC 7235 §4.1 example.
        let v = "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"";
        let c = parse_challenges(v);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].scheme, Scheme::Other("newauth".into()));
        assert_eq!(
            pairs(&c[0]),
            [
                ("realm", "apps"),
                ("type", "1"),
                ("title", "Login to \"apps\"")
            ]
        );
        assert_eq!(c[1].scheme, Scheme::Basic);
        assert_eq!(c[1].realm(), Some("simple"));

        // Across headers, with token68, bare schemes and empty list elements.
        let c = parse_all(["Negotiate, NTLM", ", Negotiate YIIFyg==  ,Bearer", RFC2617]);
        let schemes: Vec<_> = c.iter().map(|c| c.scheme.clone()).collect();
        assert_eq!(
            schemes,
            [
                Scheme::Other("negotiate".into()),
                Scheme::Other("ntlm".into()),
                Scheme::Other("negotiate".into()),
                Scheme::Other("bearer".into()),
                Scheme::Digest,
            ]
        );
        assert_eq!(c[2].token68.as_deref(), Some("YIIFyg=="));
        assert!(c[0].params.is_empty() && c[0].token68.is_none());
        assert_eq!(c[4].qop(), ["auth", "auth-int"]);
        assert_eq!(c[4].opaque(), Some("5ccc069c403ebaf9f0171e9517f40e41"));
    }

    #[test]
    fn parse_details() {
        // Case-insensitive names, white space around '=', escapes, stale, unquoted values.
        let c = parse_challenges(
            "DIGEST Realm = \"a\\\\b\" , NONCE=abc, Stale=TRUE, algorithm=md5-SESS, qop=auth",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].scheme, Scheme::Digest);
        assert_eq!(c[0].realm(), Some("a\\b"));
        assert_eq!(c[0].nonce(), Some("abc"));
        assert!(c[0].stale());
        assert_eq!(
            Algorithm::from_token(c[0].algorithm().unwrap()),
            Some(Algorithm::Md5Sess)
        );
        assert_eq!(c[0].qop(), ["auth"]);
        // A comma inside a quoted string does not split challenges.
        let c = parse_challenges("Basic realm=\"a, Digest b\", Digest nonce=\"n\"");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].realm(), Some("a, Digest b"));
        assert_eq!(c[1].nonce(), Some("n"));
        // Junk is skipped up to the next comma; an unterminated string runs to the end.
        let c = parse_challenges("Basic realm=x junk \"q,\" , charset=UTF-8, Digest realm=\"open");
        assert_eq!(c.len(), 2);
        assert_eq!(pairs(&c[0]), [("realm", "x"), ("charset", "UTF-8")]);
        assert_eq!(c[1].realm(), Some("open"));
        assert!(!c[1].stale());
        // Nothing usable.
        assert!(parse_challenges("").is_empty());
        assert!(parse_challenges(" , ,").is_empty());
        assert_eq!(parse_challenges("=x, Basic").len(), 1);
        // Non-ASCII text in a quoted value survives.
        assert_eq!(
            parse_challenges("Basic realm=\"caf\u{e9}\"")[0].realm(),
            Some("caf\u{e9}")
        );
    }

    #[test]
    fn rfc7616_sha256_and_md5() {
        let challenges = parse_all([RFC7616_SHA256, RFC7616_MD5]);
        assert_eq!(challenges.len(), 2);
        let mut auth = Auth::choose(&challenges).unwrap();
        let Auth::Digest(d) = &auth else {
            panic!("{auth:?}")
        };
        assert_eq!(d.algorithm(), Algorithm::Sha256);
        assert_eq!(
            auth.authorization("Mufasa", "Circle of Life", "GET", "/dir/index.html", RFC7616_CNONCE),
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", \
             algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, \
             cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, \
             response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", \
             opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
        );
        let mut md5 = Digest::from_challenge(&challenges[1]).unwrap();
        assert_eq!(md5.algorithm(), Algorithm::Md5);
        assert_eq!(
            md5.authorization("Mufasa", "Circle of Life", "GET", "/dir/index.html", RFC7616_CNONCE),
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", \
             algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, \
             cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, \
             response=\"8ca523f5e9506fed4657c9700eebdbec\", \
             opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
        );
    }

    #[test]
    fn rfc2617_example_and_nonce_count() {
        let c = parse_challenges(RFC2617);
        let mut auth = Auth::choose(&c).unwrap();
        let header = auth.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        // The RFC's credentials, read back with the same auth-param grammar.
        let back = parse_challenges(&header);
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].scheme, Scheme::Digest);
        let mut got = pairs(&back[0]);
        got.sort();
        let mut want = vec![
            ("username", "Mufasa"),
            ("realm", "testrealm@host.com"),
            ("nonce", "dcd98b7102dd2f0e8b11d0f600bfb0c093"),
            ("uri", "/dir/index.html"),
            ("qop", "auth"),
            ("nc", "00000001"),
            ("cnonce", "0a4f113b"),
            ("response", "6629fae49393a05397450978507c4ef1"),
            ("opaque", "5ccc069c403ebaf9f0171e9517f40e41"),
        ];
        want.sort();
        assert_eq!(got, want);
        // No algorithm was named, so none is sent back.
        assert!(!header.contains("algorithm"));
        // Pre-emptive reuse counts the nonce.
        let second = auth.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        assert!(second.contains("nc=00000002"), "{second}");
        let Auth::Digest(d) = &auth else {
            unreachable!()
        };
        assert_eq!(d.nonce_count(), 2);
    }

    #[test]
    fn rfc2069_form_without_qop() {
        let c = parse_challenges(
            "Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", \
             opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        );
        let mut d = Digest::from_challenge(&c[0]).unwrap();
        assert_eq!(
            d.authorization(
                "Mufasa",
                "Circle Of Life",
                "GET",
                "/dir/index.html",
                "unused"
            ),
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", uri=\"/dir/index.html\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", \
             response=\"670fd8c2df070c60b045671b8b24ff02\", \
             opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
        );
    }

    #[test]
    fn session_algorithms() {
        let c = parse_challenges(&RFC2617.replace("qop=", "algorithm=MD5-sess, qop="));
        let mut d = Digest::from_challenge(&c[0]).unwrap();
        assert_eq!(d.algorithm(), Algorithm::Md5Sess);
        let h1 = d.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        assert!(
            h1.contains("response=\"8e3825c57e897f5a0dec6c2d4e5059d0\""),
            "{h1}"
        );
        assert!(h1.contains("algorithm=MD5-sess"), "{h1}");
        let h2 = d.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            "0a4f113b",
        );
        assert!(
            h2.contains("response=\"d16df0df0d92cef8935129145e21b5e1\""),
            "{h2}"
        );

        let c = parse_challenges(&RFC7616_SHA256.replace("SHA-256", "sha-256-SESS"));
        let mut d = Digest::from_challenge(&c[0]).unwrap();
        assert_eq!(d.algorithm(), Algorithm::Sha256Sess);
        let h = d.authorization(
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            RFC7616_CNONCE,
        );
        assert!(
            h.contains(
                "response=\"2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7\""
            ),
            "{h}"
        );
    }

    #[test]
    fn userhash_and_escaped_names() {
        let c = parse_challenges(&format!("{RFC7616_SHA256}, userhash=true"));
        let mut d = Digest::from_challenge(&c[0]).unwrap();
        let h = d.authorization(
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            RFC7616_CNONCE,
        );
        assert!(
            h.starts_with(
                "Digest username=\"a947aad205e80e429958a387394944c6b496301e79f89d35a4cc23b6ee12b5b6\""
            ),
            "{h}"
        );
        assert!(h.ends_with(", userhash=true"), "{h}");
        // The response itself is unchanged by userhash.
        assert!(h.contains("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"));

        let mut d = Digest::from_challenge(&parse_challenges(RFC2617)[0]).unwrap();
        let h = d.authorization("a\"b\\c", "p", "GET", "/", "cn");
        assert!(h.starts_with("Digest username=\"a\\\"b\\\\c\""), "{h}");
        assert_eq!(parse_challenges(&h)[0].param("username"), Some("a\"b\\c"));
        let h = d.authorization("J\u{e4}s\u{f8}n", "p", "GET", "/", "cn");
        assert!(
            h.starts_with("Digest username*=UTF-8''J%C3%A4s%C3%B8n, "),
            "{h}"
        );
    }

    #[test]
    fn unsupported_challenges() {
        let only = |v: &str| Digest::from_challenge(&parse_challenges(v)[0]);
        assert!(only("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256").is_none());
        assert!(only("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"").is_none());
        assert!(only("Digest realm=\"r\", qop=\"auth\"").is_none());
        assert!(only("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess").is_none());
        assert!(only("Basic realm=\"r\"").is_none());
        assert!(Auth::choose(&parse_challenges("Negotiate, NTLM, Bearer realm=\"x\"")).is_none());
        assert!(Auth::choose(&[]).is_none());
    }

    #[test]
    fn choose_the_strongest() {
        let basic_c = "Basic realm=\"b\"";
        let md5 = "Digest realm=\"m\", nonce=\"1\", qop=auth";
        let sha = "Digest realm=\"s\", nonce=\"2\", qop=auth, algorithm=SHA-256";
        let bad = "Digest realm=\"x\", nonce=\"3\", algorithm=SHA-512-256";
        let realm = |a: Option<Auth>| match a {
            Some(Auth::Digest(d)) => d.realm().to_string(),
            Some(Auth::Basic) => "basic".to_string(),
            None => "none".to_string(),
        };
        assert_eq!(realm(Auth::choose(&parse_all([basic_c, md5, sha]))), "s");
        assert_eq!(realm(Auth::choose(&parse_all([sha, md5, basic_c]))), "s");
        assert_eq!(realm(Auth::choose(&parse_all([basic_c, md5]))), "m");
        assert_eq!(realm(Auth::choose(&parse_all([bad, basic_c]))), "basic");
        assert_eq!(realm(Auth::choose(&parse_all(["NTLM", basic_c]))), "basic");
        let two_md5 = format!("{md5}, Digest realm=\"second\", nonce=\"9\"");
        assert_eq!(realm(Auth::choose(&parse_challenges(&two_md5))), "m");
        let mut a = Auth::choose(&parse_challenges(basic_c)).unwrap();
        assert_eq!(
            a.authorization("Aladdin", "open sesame", "GET", "/", ""),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn random_input_never_panics() {
        // A bounded property test: arbitrary mixes of the grammar's special characters.
        let alphabet: Vec<char> = "ab=\",\\ \t/+~Digest Basic realm nonce qop \u{e9}\u{20ac}"
            .chars()
            .collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((seed >> (i % 50)) as usize + i * 7) % alphabet.len()])
                .collect();
            for c in parse_challenges(&text) {
                if let Some(mut a) = Auth::choose(std::slice::from_ref(&c)) {
                    a.authorization("u", "p", "GET", "/", "c");
                }
                let _ = (c.qop(), c.stale(), c.realm());
            }
        }
    }

    fn key(host: &str) -> ServerKey {
        (host.to_string(), 80, false)
    }

    fn creds(space: Option<&Space>) -> Option<(&str, &str, &str)> {
        space.map(|s| (s.realm.as_str(), s.user.as_str(), s.password.as_str()))
    }

    #[test]
    fn basic_cache_covers_the_directory_of_the_accepted_path() {
        let mut c = BasicCache::new();
        c.remember(&key("h"), "r", "/a/b/page?q=1", "u", "p");
        for inside in ["/a/b/", "/a/b/other", "/a/b/c/d", "/a/b/x?y=/z"] {
            assert_eq!(
                creds(c.for_path(&key("h"), inside)),
                Some(("r", "u", "p")),
                "{inside}"
            );
        }
        for outside in ["/a/", "/a/bc/x", "/a/b", "/", "/b/a/b/"] {
            assert!(c.for_path(&key("h"), outside).is_none(), "{outside}");
        }
        // Another host, port or scheme is another server.
        assert!(c.for_path(&key("other"), "/a/b/x").is_none());
        assert!(c.for_path(&("h".into(), 81, false), "/a/b/x").is_none());
        assert!(c.for_path(&("h".into(), 80, true), "/a/b/x").is_none());
        assert_eq!(creds(c.for_realm(&key("h"), "r")), Some(("r", "u", "p")));
        assert!(
            c.for_realm(&key("h"), "R").is_none(),
            "realms are case-sensitive"
        );
    }

    #[test]
    fn basic_cache_widens_updates_and_forgets() {
        let mut c = BasicCache::new();
        c.remember(&key("h"), "r", "/a/b/x", "u", "p");
        c.remember(&key("h"), "r", "/c/y", "u2", "p2");
        // One space per realm: the last credentials accepted, for both directories.
        assert_eq!(
            creds(c.for_path(&key("h"), "/a/b/z")),
            Some(("r", "u2", "p2"))
        );
        assert_eq!(
            creds(c.for_path(&key("h"), "/c/z")),
            Some(("r", "u2", "p2"))
        );
        // A directory above covers those below it.
        c.remember(&key("h"), "r", "/a/x", "u2", "p2");
        assert_eq!(
            creds(c.for_path(&key("h"), "/a/q")),
            Some(("r", "u2", "p2"))
        );
        assert_eq!(c.spaces[0].dirs, ["/c/", "/a/"]);
        // The longest directory picks the realm.
        c.remember(&key("h"), "inner", "/a/in/x", "i", "ip");
        assert_eq!(
            creds(c.for_path(&key("h"), "/a/in/y")),
            Some(("inner", "i", "ip"))
        );
        assert_eq!(
            creds(c.for_path(&key("h"), "/a/out")),
            Some(("r", "u2", "p2"))
        );
        // Refused credentials go, unless the space holds others by now.
        c.forget(&key("h"), "inner", "i", "other");
        assert!(c.for_realm(&key("h"), "inner").is_some());
        c.forget(&key("h"), "inner", "i", "ip");
        assert!(c.for_realm(&key("h"), "inner").is_none());
        assert_eq!(
            creds(c.for_path(&key("h"), "/a/in/y")),
            Some(("r", "u2", "p2"))
        );
        c.clear();
        assert!(c.for_path(&key("h"), "/a/q").is_none());
    }

    #[test]
    fn basic_cache_is_bounded() {
        let mut c = BasicCache::new();
        for i in 0..MAX_SPACES + 10 {
            c.remember(&key(&format!("h{i}")), "r", "/", "u", "p");
        }
        assert_eq!(c.spaces.len(), MAX_SPACES);
        assert!(
            c.for_path(&key("h0"), "/").is_none(),
            "the oldest went first"
        );
        assert!(c
            .for_path(&key(&format!("h{}", MAX_SPACES + 9)), "/")
            .is_some());
        for i in 0..MAX_DIRS + 10 {
            c.remember(&key("d"), "r", &format!("/{i}/x"), "u", "p");
        }
        assert_eq!(c.for_realm(&key("d"), "r").unwrap().dirs.len(), MAX_DIRS);
        assert!(c.for_path(&key("d"), "/0/x").is_none());
        assert!(c
            .for_path(&key("d"), &format!("/{}/x", MAX_DIRS + 9))
            .is_some());
    }
}
