// SPDX-License-Identifier: MIT OR Apache-2.0
//! URLs the way WinInet reads and writes them: cracking a URL into its components
//! (InternetCrackUrl), building one from components (InternetCreateUrl) and canonicalizing one
//! (InternetCanonicalizeUrl).
//!
//! Everything here works on bytes. The "A" functions of WinInet treat a URL as a string of
//! 8-bit characters and never interpret a character set, and neither does rinet: bytes at or
//! above 0x80 pass through unchanged, or are escaped as `%XX` where a rule escapes them.
//!
//! Cracking returns byte ranges into the caller's URL, so the C layer can hand back pointers
//! into the input (WinInet's "NULL pointer, non-zero length" request) as well as copies.

use std::ops::Range;

/// ICU_ESCAPE: cracking unescapes `%XX` in copied components; creating escapes unsafe
/// characters in the path and extra info.
pub(crate) const ICU_ESCAPE: u32 = 0x8000_0000;
/// ICU_NO_ENCODE: canonicalizing does not escape unsafe characters.
pub(crate) const ICU_NO_ENCODE: u32 = 0x2000_0000;
/// ICU_DECODE: unescape `%XX` (copied components when cracking; the whole URL before
/// canonicalizing).
pub(crate) const ICU_DECODE: u32 = 0x1000_0000;
/// ICU_NO_META: canonicalizing leaves `.` and `..` path segments alone.
pub(crate) const ICU_NO_META: u32 = 0x0800_0000;
/// ICU_ENCODE_SPACES_ONLY: canonicalizing escapes spaces and nothing else.
pub(crate) const ICU_ENCODE_SPACES_ONLY: u32 = 0x0400_0000;
/// ICU_BROWSER_MODE: canonicalizing neither escapes nor unescapes after the first `?` or `#`.
pub(crate) const ICU_BROWSER_MODE: u32 = 0x0200_0000;
/// ICU_ENCODE_PERCENT: canonicalizing escapes `%` as `%25`.
pub(crate) const ICU_ENCODE_PERCENT: u32 = 0x0000_1000;

/// A URL scheme, numbered as WinInet's INTERNET_SCHEME.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// A scheme WinInet has no number for (INTERNET_SCHEME_UNKNOWN).
    Unknown = -1,
    /// ftp (1).
    Ftp = 1,
    /// gopher (2).
    Gopher = 2,
    /// http (3).
    Http = 3,
    /// https (4).
    Https = 4,
    /// file (5).
    File = 5,
    /// news (6).
    News = 6,
    /// mailto (7).
    Mailto = 7,
    /// socks (8).
    Socks = 8,
    /// javascript (9).
    Javascript = 9,
    /// vbscript (10).
    Vbscript = 10,
    /// res (11).
    Res = 11,
}

/// The schemes WinInet numbers, in number order (FTP = 1 first).
const KNOWN: [(Scheme, &str); 11] = [
    (Scheme::Ftp, "ftp"),
    (Scheme::Gopher, "gopher"),
    (Scheme::Http, "http"),
    (Scheme::Https, "https"),
    (Scheme::File, "file"),
    (Scheme::News, "news"),
    (Scheme::Mailto, "mailto"),
    (Scheme::Socks, "socks"),
    (Scheme::Javascript, "javascript"),
    (Scheme::Vbscript, "vbscript"),
    (Scheme::Res, "res"),
];

impl Scheme {
    /// The scheme named `name` (compared without regard to ASCII case), or Unknown.
    pub fn from_name(name: &[u8]) -> Scheme {
        KNOWN
            .iter()
            .find(|(_, n)| n.as_bytes().eq_ignore_ascii_case(name))
            .map_or(Scheme::Unknown, |&(s, _)| s)
    }

    /// The scheme numbered `n` (INTERNET_SCHEME_FTP 1 to INTERNET_SCHEME_RES 11), if any.
    pub fn from_number(n: i32) -> Option<Scheme> {
        KNOWN.iter().find(|(s, _)| *s as i32 == n).map(|&(s, _)| s)
    }

    /// The INTERNET_SCHEME number.
    pub fn number(self) -> i32 {
        self as i32
    }

    /// The scheme's name in lower case; None for Unknown.
    pub fn name(self) -> Option<&'static str> {
        KNOWN.iter().find(|(s, _)| *s == self).map(|&(_, n)| n)
    }

    /// The port a cracked URL reports when it names none: 80, 443 and 21 for http, https and
    /// ftp, 0 (INTERNET_INVALID_PORT_NUMBER) for every other scheme.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
            Scheme::Ftp => 21,
            _ => 0,
        }
    }

    /// True when a created URL leaves `port` out: 0, or the scheme's well-known port
    /// (gopher's 70 counts here).
    fn port_is_default(self, port: u16) -> bool {
        port == 0
            || matches!(
                (self, port),
                (Scheme::Http, 80)
                    | (Scheme::Https, 443)
                    | (Scheme::Ftp, 21)
                    | (Scheme::Gopher, 70)
            )
    }

    /// True for the schemes whose created URLs get `//` even without a host name.
    fn is_hierarchical(self) -> bool {
        matches!(
            self,
            Scheme::Ftp | Scheme::Gopher | Scheme::Http | Scheme::Https | Scheme::File
        )
    }
}

/// Why a URL operation failed; the C layer maps each to a WinInet code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    /// ERROR_INTERNET_UNRECOGNIZED_SCHEME (12006): no `scheme:` prefix, or an empty URL.
    UnrecognizedScheme,
    /// ERROR_INTERNET_INVALID_URL (12005): a malformed authority (bad port, unclosed `[`,
    /// missing host for http, https or ftp).
    InvalidUrl,
    /// ERROR_INVALID_PARAMETER (87): inconsistent components (a password without a user name,
    /// no usable scheme).
    InvalidParameter,
}

/// A cracked URL: where each component lies in the input, plus the scheme number and port.
///
/// Absent components are None; the path is always present, possibly empty (its range then
/// marks where it would start). The extra info is the query and fragment together, starting
/// at the first `?` or `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cracked {
    /// The scheme name, without the colon.
    pub scheme: Range<usize>,
    /// The scheme's INTERNET_SCHEME number.
    pub kind: Scheme,
    /// The host name; an IPv6 literal keeps its brackets (`[::1]`).
    pub host: Option<Range<usize>>,
    /// The explicit port, else the scheme's default (see [`Scheme::default_port`]); 0 when the
    /// URL has no `//` authority.
    pub port: u16,
    /// The user name of `user:password@`.
    pub user: Option<Range<usize>>,
    /// The password of `user:password@`.
    pub password: Option<Range<usize>>,
    /// The path, up to the extra info.
    pub path: Range<usize>,
    /// The query and fragment (`?query#fragment`), from the first `?` or `#` to the end.
    pub extra: Option<Range<usize>>,
}

impl Cracked {
    /// The path with the extra info after it: what WinInet reports as the path when the caller
    /// does not ask for the extra info separately.
    pub fn path_with_extra(&self) -> Range<usize> {
        match &self.extra {
            Some(extra) => self.path.start..extra.end,
            None => self.path.clone(),
        }
    }
}

/// The directory of a request path as WinInet reads it: the path without its query or fragment,
/// through its last '/' ("/a/b?x" gives "/a/"). It is the default path of a cookie set without a
/// Path attribute, the string a cookie's path must be a prefix of, and the protection space
/// that Basic credentials accepted for the path cover.
pub fn directory(request_path: &str) -> &str {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    match path.rfind('/') {
        Some(i) if path.starts_with('/') => &path[..=i],
        _ => "/",
    }
}

fn is_scheme_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

/// Find the first byte of `url[range]` matching `pred`, as an index into `url`.
fn find(url: &[u8], range: Range<usize>, pred: impl Fn(u8) -> bool) -> Option<usize> {
    let start = range.start;
    url[range].iter().position(|&b| pred(b)).map(|p| p + start)
}

/// Crack `url` into its components (InternetCrackUrl).
///
/// `url` is the URL without a terminating NUL. `flags` (ICU_DECODE, ICU_ESCAPE) only affect
/// copies of components ([`decode`]), so they are accepted and ignored here.
///
/// The rules follow WinInet:
/// - The scheme is the leading run of letters, digits, `+`, `-` and `.` and must be followed
///   by `:`; otherwise (or for an empty URL) the result is `UnrecognizedScheme`.
/// - The extra info starts at the first `?` or `#` after the scheme and runs to the end.
/// - After `scheme://` comes the authority, up to the first `/` or the extra info:
///   `[user[:password]@]host[:port]`. The user name ends at the first `:`; an IPv6 host is
///   written in brackets. An empty port means the default port; a port that is not a number
///   from 0 to 65535 is `InvalidUrl`. A `res:` authority is all host (no port).
/// - A `file:` authority of at most one character before any `:` (empty, or a drive letter
///   such as `file://C:/x`) is not a host: the path starts there.
/// - http, https and ftp URLs with `//` need a host: `http:///x` is `InvalidUrl`.
/// - Without `//` (`about:blank`, `mailto:a@b`), there is no host, user or password, the port
///   is 0 and everything after the colon is the path.
pub fn crack(url: &[u8], flags: u32) -> Result<Cracked, UrlError> {
    let _ = flags;
    let len = url.len();
    let scheme_end = url.iter().position(|&b| !is_scheme_char(b)).unwrap_or(len);
    if scheme_end == 0 || scheme_end == len || url[scheme_end] != b':' {
        return Err(UrlError::UnrecognizedScheme);
    }
    let kind = Scheme::from_name(&url[..scheme_end]);
    let rest = scheme_end + 1;
    let extra_start = find(url, rest..len, |b| b == b'?' || b == b'#');
    let main_end = extra_start.unwrap_or(len);

    let mut cracked = Cracked {
        scheme: 0..scheme_end,
        kind,
        host: None,
        port: 0,
        user: None,
        password: None,
        path: rest..main_end,
        extra: extra_start.map(|s| s..len),
    };
    if !url[rest..main_end].starts_with(b"//") {
        return Ok(cracked);
    }

    let auth_start = rest + 2;
    let auth_end = find(url, auth_start..main_end, |b| b == b'/').unwrap_or(main_end);
    let mut host_start = auth_start;
    if let Some(at) = find(url, auth_start..auth_end, |b| b == b'@') {
        match find(url, auth_start..at, |b| b == b':') {
            Some(colon) => {
                cracked.user = Some(auth_start..colon);
                cracked.password = Some(colon + 1..at);
            }
            None => cracked.user = Some(auth_start..at),
        }
        host_start = at + 1;
    }

    if kind == Scheme::Res {
        cracked.host = Some(host_start..auth_end);
        cracked.path = auth_end..main_end;
        return Ok(cracked);
    }

    // Split host and port.
    let (host, port_text) = if url.get(host_start) == Some(&b'[') && host_start < auth_end {
        let close = find(url, host_start..auth_end, |b| b == b']').ok_or(UrlError::InvalidUrl)?;
        let after = close + 1;
        if after == auth_end {
            (host_start..after, None)
        } else if url[after] == b':' {
            (host_start..after, Some(after + 1..auth_end))
        } else {
            return Err(UrlError::InvalidUrl);
        }
    } else {
        match find(url, host_start..auth_end, |b| b == b':') {
            Some(colon) => (host_start..colon, Some(colon + 1..auth_end)),
            None => (host_start..auth_end, None),
        }
    };

    if kind == Scheme::File && host.len() <= 1 {
        // No host name: `file:///C:/x` or `file://C:/x`. The path starts here.
        cracked.user = None;
        cracked.password = None;
        cracked.path = host_start..main_end;
        return Ok(cracked);
    }
    if host.is_empty() && matches!(kind, Scheme::Http | Scheme::Https | Scheme::Ftp) {
        return Err(UrlError::InvalidUrl);
    }

    cracked.port = match port_text {
        Some(text) if !text.is_empty() => parse_port(&url[text]).ok_or(UrlError::InvalidUrl)?,
        _ => kind.default_port(),
    };
    cracked.host = Some(host);
    cracked.path = auth_end..main_end;
    Ok(cracked)
}

/// True when `s` starts with a drive: a letter and `:` or `|` (`C:`, `c|`), alone or followed by a
/// separator or the end of the path.
fn starts_with_drive(s: &[u8]) -> bool {
    s.len() >= 2
        && s[0].is_ascii_alphabetic()
        && matches!(s[1], b':' | b'|')
        && s.get(2)
            .is_none_or(|&b| matches!(b, b'/' | b'\\' | b'?' | b'#'))
}

fn is_slash(b: u8) -> bool {
    b == b'/' || b == b'\\'
}

/// The path of a cracked `file:` URL in Windows form, as InternetCrackUrl copies it:
/// `file:///C:/Program%20Files/x.xml` gives `C:\Program Files\x.xml`.
///
/// `path` is the range of the path that is copied (with or without the extra info). The form
/// of the URL decides how the path is read, by the number of slashes after `file:`:
/// - `file://host/share/x` (a host): `\share\x`, unescaped; `file://host/C:/x` gives `C:\x`.
/// - `file://C:/x` (a drive where the host would be) and other paths that do not start with a
///   slash (`file:x/y`): the path as written with `\` for `/`, not unescaped.
/// - `file:/C:/x` and `file:///C:/x` (one or three slashes): `C:\x`, unescaped; without a drive
///   (`file:///etc/x`) the leading slash stays: `\etc\x`.
/// - `file:////server/share` (four slashes): the UNC path `\\server\share`, not unescaped (a
///   drive after the slashes is read as above).
/// - five slashes or more: `\\server\share`, unescaped.
///
/// A drive written `C|` becomes `C:`. `/` becomes `\` before unescaping, so an escaped `%2F`
/// stays a `/`. `unescape` (ICU_DECODE, ICU_ESCAPE) unescapes every form. A path whose last
/// segment is `.` or `..` gets a trailing `\`. Dots are not resolved.
pub fn file_path(url: &[u8], c: &Cracked, path: Range<usize>, unescape: bool) -> Vec<u8> {
    let after_colon = c.scheme.end + 1;
    let raw = &url[path.clone()];
    let (mut out, mut decode): (Vec<u8>, bool) = if c.host.is_some() {
        // The path after a host starts with its slash (or is empty).
        match raw.first() {
            Some(&b) if is_slash(b) && starts_with_drive(&raw[1..]) => (raw[1..].to_vec(), true),
            _ => (raw.to_vec(), true),
        }
    } else {
        // A path that does not start with a slash is a path as written (`file://C:/x`,
        // `file:x`). Otherwise count the slashes from the colon: the path of `file:///x`
        // starts after two of them.
        let lead = url[after_colon..path.end]
            .iter()
            .take_while(|&&b| is_slash(b))
            .count();
        let rest = &url[(after_colon + lead).max(path.start)..path.end];
        match lead {
            _ if raw.first() != Some(&b'/') => (raw.to_vec(), false),
            1 | 3 if starts_with_drive(rest) => (rest.to_vec(), true),
            1 | 3 => {
                let mut v = vec![b'/'];
                v.extend_from_slice(rest);
                (v, true)
            }
            4 if starts_with_drive(rest) => (rest.to_vec(), false),
            n => {
                let mut v = b"//".to_vec();
                v.extend_from_slice(rest);
                (v, n > 4)
            }
        }
    };
    for b in &mut out {
        if *b == b'/' {
            *b = b'\\';
        }
    }
    if starts_with_drive(&out) {
        out[1] = b':';
    }
    decode |= unescape;
    if decode {
        out = self::decode(&out);
    }
    if out.ends_with(b"\\.") || out.ends_with(b"\\..") {
        out.push(b'\\');
    }
    out
}

/// A decimal port from 0 to 65535.
fn parse_port(text: &[u8]) -> Option<u16> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    text.iter()
        .try_fold(0u32, |n, &d| {
            let n = n * 10 + u32::from(d - b'0');
            (n <= 65535).then_some(n)
        })
        .map(|n| n as u16)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Unescape every `%XX` (two hex digits) in `bytes`. A `%` not followed by two hex digits is
/// kept as is, and so is `%00`: a NUL would cut the C string the result is copied into.
pub fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                let value = hi << 4 | lo;
                if value != 0 {
                    out.push(value);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_escaped(out: &mut Vec<u8>, b: u8) {
    out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
}

/// The parts of a URL to create (InternetCreateUrl). None means the part is absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// The scheme name; when None (or empty), `scheme_number` names the scheme.
    pub scheme: Option<&'a [u8]>,
    /// An INTERNET_SCHEME number, used when `scheme` is None: 0 (DEFAULT) means http.
    pub scheme_number: i32,
    /// The host name.
    pub host: Option<&'a [u8]>,
    /// The port; 0 or the scheme's well-known port is left out of the URL.
    pub port: u16,
    /// The user name.
    pub user: Option<&'a [u8]>,
    /// The password; requires a user name.
    pub password: Option<&'a [u8]>,
    /// The path.
    pub path: Option<&'a [u8]>,
    /// The query and fragment, written after the path as given (`?a=1#top`).
    pub extra: Option<&'a [u8]>,
}

/// True for the bytes that ICU_ESCAPE escapes when creating a URL: controls, space, bytes
/// from 0x7F up, and `"` `%` `<` `>` `[` `\` `]` `^` `` ` `` `{` `|` `}` `~`.
fn create_unsafe(b: u8) -> bool {
    b <= 0x20 || b >= 0x7F || b"\"%<>[\\]^`{|}~".contains(&b)
}

/// Build a URL from its parts (InternetCreateUrl).
///
/// `scheme:` comes from `parts.scheme`, else from `parts.scheme_number` (0 means http; a
/// number WinInet does not know is `InvalidParameter`). `//` follows for ftp, gopher, http,
/// https and file, and for any scheme when there is a host. Then `user[:password]@` (a password
/// without a user name is `InvalidParameter`), the host, `:port` unless the port is 0 or the
/// scheme's well-known port, `/` when the path does not start with one, the path and the extra
/// info. With ICU_ESCAPE, unsafe characters of the path and extra info are escaped as `%XX`
/// (see `create_unsafe`; a `#` in the path too, since there it would start a fragment).
pub fn create(parts: &UrlParts<'_>, flags: u32) -> Result<Vec<u8>, UrlError> {
    let (name, kind): (&[u8], Scheme) = match parts.scheme {
        Some(s) if !s.is_empty() => (s, Scheme::from_name(s)),
        _ => {
            let kind = if parts.scheme_number == 0 {
                Scheme::Http
            } else {
                Scheme::from_number(parts.scheme_number).ok_or(UrlError::InvalidParameter)?
            };
            let name = kind.name().ok_or(UrlError::InvalidParameter)?;
            (name.as_bytes(), kind)
        }
    };
    if parts.password.is_some() && parts.user.is_none() {
        return Err(UrlError::InvalidParameter);
    }

    let mut out = Vec::new();
    out.extend_from_slice(name);
    out.push(b':');
    if kind.is_hierarchical() || parts.host.is_some() {
        out.extend_from_slice(b"//");
    }
    if let Some(user) = parts.user {
        out.extend_from_slice(user);
        if let Some(password) = parts.password {
            out.push(b':');
            out.extend_from_slice(password);
        }
        out.push(b'@');
    }
    if let Some(host) = parts.host {
        out.extend_from_slice(host);
        if !kind.port_is_default(parts.port) {
            out.push(b':');
            out.extend_from_slice(parts.port.to_string().as_bytes());
        }
        if parts.path.is_some_and(|p| p.first() != Some(&b'/')) {
            out.push(b'/');
        }
    }
    let escape = flags & ICU_ESCAPE != 0;
    for (part, is_path) in [(parts.path, true), (parts.extra, false)] {
        let Some(part) = part else { continue };
        if !escape {
            out.extend_from_slice(part);
            continue;
        }
        for &b in part {
            if create_unsafe(b) || (is_path && b == b'#') {
                push_escaped(&mut out, b);
            } else {
                out.push(b);
            }
        }
    }
    Ok(out)
}

/// True for the bytes canonicalizing escapes by default: controls, space, bytes from 0x7F up,
/// and `"` `&` `<` `>` `[` `\` `]` `^` `` ` `` `{` `|` `}`.
fn canonical_unsafe(b: u8) -> bool {
    b <= 0x20 || b >= 0x7F || b"\"&<>[\\]^`{|}".contains(&b)
}

/// How the part after `scheme:` is canonicalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `//authority/path`: the path's dot segments are resolved, `/` follows an empty path.
    Authority,
    /// A path without an authority whose dot segments are resolved.
    Path,
    /// Left as it is apart from escaping (mailto:, about:, javascript:, ...).
    Opaque,
}

/// Canonicalize a URL (InternetCanonicalizeUrl).
///
/// Leading and trailing spaces and control characters are removed; an empty result is
/// `InvalidUrl`. Then, in order:
/// - ICU_DECODE unescapes `%XX` in the whole URL (up to the first `?` or `#` with
///   ICU_BROWSER_MODE).
/// - For http, https and file, `\` becomes `/` in the authority and path.
/// - Unless ICU_NO_META, `.` and `..` segments of the path are resolved as WinInet resolves
///   them: a `..` never climbs above the host, a trailing `.` or `..` leaves a trailing `/`,
///   and when the first segment after the host is itself `.` or `..` the path is left alone.
///   The query and fragment are never touched. `scheme://host` gets a `/` as its path.
/// - Unless ICU_NO_ENCODE, unsafe characters of the path (controls, space, non-ASCII and
///   `"&<>[\]^`{|}`) are escaped as `%XX`; only spaces with ICU_ENCODE_SPACES_ONLY. Escaping
///   stops at the first `?` or `#`; the authority is left as it is. ICU_ENCODE_PERCENT also
///   escapes `%` as `%25`, with or without ICU_NO_ENCODE.
///
/// ICU_BROWSER_MODE therefore only changes decoding; ICU_ESCAPE and unknown flags are
/// ignored. A URL without a scheme is canonicalized as a path.
///
/// A `file:` URL gets WinInet's Windows form: `file://C:\dir\x` for a drive (after `file:`,
/// `file:/`, `file://`, `file:///` or `file:////`), `file://\\host\share\x` for a host,
/// `file://\dir\x` for a local path without a drive (`file:///dir/x`, `file://localhost/dir/x`),
/// `file:dir\x` for a relative one. `.` and `..` are resolved, and a `..` with nothing left to
/// remove is kept. The query (from the first `?`) is left as it is; a fragment starts only at a
/// `#` after a name ending in `.htm` or `.html`, and goes after the query; any other `#` belongs
/// to the path, and `/` separates after it. Unless ICU_NO_ENCODE, the result is then escaped:
/// `\` becomes `/` again, the separators after `file:` become `///` for a local path or `//`
/// for a drive or a host, and unsafe bytes and `#` are escaped up to the first `?`
/// (`file:///C:/a b` gives `file://C:/a%20b`).
pub fn canonicalize(url: &[u8], flags: u32) -> Result<Vec<u8>, UrlError> {
    let start = url.iter().position(|&b| b > b' ').unwrap_or(url.len());
    let end = url.iter().rposition(|&b| b > b' ').map_or(start, |p| p + 1);
    let trimmed = &url[start..end];
    if trimmed.is_empty() {
        return Err(UrlError::InvalidUrl);
    }

    let decoded;
    let url = if flags & ICU_DECODE != 0 {
        let stop = if flags & ICU_BROWSER_MODE != 0 {
            trimmed
                .iter()
                .position(|&b| b == b'?' || b == b'#')
                .unwrap_or(trimmed.len())
        } else {
            trimmed.len()
        };
        let mut d = decode(&trimmed[..stop]);
        d.extend_from_slice(&trimmed[stop..]);
        decoded = d;
        &decoded[..]
    } else {
        trimmed
    };

    // Scheme, if any.
    let scheme_end = url
        .iter()
        .position(|&b| !is_scheme_char(b))
        .unwrap_or(url.len());
    let has_scheme = scheme_end > 0 && url.get(scheme_end) == Some(&b':');
    let (prefix_len, kind) = if has_scheme {
        (scheme_end + 1, Scheme::from_name(&url[..scheme_end]))
    } else {
        (0, Scheme::Unknown)
    };
    if kind == Scheme::File {
        return Ok(canonicalize_file(&url[prefix_len..], flags));
    }
    let backslashes = matches!(kind, Scheme::Http | Scheme::Https);

    let mut rest: Vec<u8> = url[prefix_len..].to_vec();
    let tail_start = rest
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(rest.len());
    if backslashes {
        for b in &mut rest[..tail_start] {
            if *b == b'\\' {
                *b = b'/';
            }
        }
    }
    let tail = rest.split_off(tail_start);

    let shape = if rest.starts_with(b"//") {
        Shape::Authority
    } else if !has_scheme {
        if rest.first() == Some(&b'/') {
            Shape::Path
        } else {
            Shape::Opaque
        }
    } else {
        match kind {
            Scheme::Mailto | Scheme::Javascript | Scheme::Vbscript | Scheme::News => Shape::Opaque,
            Scheme::Unknown if rest.first() != Some(&b'/') => Shape::Opaque,
            _ => Shape::Path,
        }
    };

    let (authority, mut path) = match shape {
        Shape::Authority => {
            let auth_end = rest[2..]
                .iter()
                .position(|&b| b == b'/')
                .map_or(rest.len(), |p| p + 2);
            let path = rest.split_off(auth_end);
            (rest, path)
        }
        _ => (Vec::new(), rest),
    };

    if flags & ICU_NO_META == 0 && shape != Shape::Opaque {
        path = remove_dots(&path, shape == Shape::Authority);
    }
    if shape == Shape::Authority && path.is_empty() {
        path.push(b'/');
    }

    let mut out = Vec::with_capacity(url.len() + 16);
    out.extend_from_slice(&url[..prefix_len]);
    out.extend_from_slice(&authority);
    let encode = flags & ICU_NO_ENCODE == 0;
    let spaces_only = flags & ICU_ENCODE_SPACES_ONLY != 0;
    let percent = flags & ICU_ENCODE_PERCENT != 0;
    for &b in &path {
        let escape = (b == b'%' && percent)
            || (encode
                && b != b'%'
                && if spaces_only {
                    b == b' '
                } else {
                    canonical_unsafe(b)
                });
        if escape {
            push_escaped(&mut out, b);
        } else {
            out.push(b);
        }
    }
    out.extend_from_slice(&tail);
    Ok(out)
}

/// True for the bytes that end a `.` or `..` segment of a `file:` path.
fn ends_dot_segment(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b'/' | b'\\' | b'?'))
}

/// The separator a canonical `file:` path gets next: `\`, or `/` once a `#` has been written.
fn file_separator(out: &[u8]) -> u8 {
    if out.contains(&b'#') {
        b'/'
    } else {
        b'\\'
    }
}

/// The position of the fragment of a `file:` path: only a `#` right after a name ending in
/// `.htm` or `.html` starts one (the last such); any other `#` is part of the path.
fn file_fragment(rest: &[u8]) -> Option<usize> {
    let after =
        |i: usize, ext: &[u8]| i >= ext.len() && rest[i - ext.len()..i].eq_ignore_ascii_case(ext);
    (0..rest.len())
        .rev()
        .find(|&i| rest[i] == b'#' && (after(i, b".htm") || after(i, b".html")))
}

/// True when `s` starts with a drive letter: a letter and `:` or `|`.
fn starts_with_drive_letter(s: &[u8]) -> bool {
    s.len() >= 2 && s[0].is_ascii_alphabetic() && matches!(s[1], b':' | b'|')
}

/// Canonicalize a `file:` URL (`rest` is what follows `file:`) into the Windows form WinInet
/// gives, then escape it unless ICU_NO_ENCODE. See [`canonicalize`].
fn canonicalize_file(rest: &[u8], flags: u32) -> Vec<u8> {
    let no_meta = flags & ICU_NO_META != 0;
    let sep = |i: usize| rest.get(i).is_some_and(|&b| is_slash(b));
    let mut out = b"file:".to_vec();
    let mut i = 0;

    // Where the host is: after two separators (four or more are one UNC prefix), none after
    // one separator or before a drive; a path without either is relative and has no host.
    let host = if sep(0) && sep(1) {
        out.extend_from_slice(b"//");
        i = 2;
        if sep(2) && sep(3) {
            while sep(i) {
                i += 1;
            }
        }
        let start = i;
        while i < rest.len() && !matches!(rest[i], b'/' | b'\\' | b'?') {
            i += 1;
        }
        Some(start..i)
    } else if sep(0) {
        out.extend_from_slice(b"//");
        i = 1;
        Some(1..1)
    } else if starts_with_drive_letter(rest) {
        out.extend_from_slice(b"//");
        Some(0..0)
    } else {
        None
    };

    if let Some(mut host) = host {
        if sep(i) {
            i += 1;
        }
        let mut drive = false;
        if host.len() >= 2 && starts_with_drive_letter(&rest[host.clone()]) {
            // `file://C:/x`: the drive stands where the host would.
            i = host.start;
            host = i..i;
            drive = true;
        } else if starts_with_drive_letter(&rest[i..]) {
            drive = true;
        }
        if rest[host.clone()].eq_ignore_ascii_case(b"localhost") {
            host = i..i;
            if sep(i) {
                i += 1;
            }
            drive = starts_with_drive_letter(&rest[i..]);
        }
        if drive {
            while i < rest.len() && !matches!(rest[i], b'/' | b'\\' | b'?') {
                out.push(rest[i]);
                i += 1;
            }
            if sep(i) {
                out.push(b'\\');
                i += 1;
            }
        } else {
            if !host.is_empty() {
                out.extend_from_slice(b"\\\\");
                out.extend_from_slice(&rest[host]);
            }
            out.push(file_separator(&out));
        }
    }

    // The path up to the query (the first `?`) or the fragment, with its dot segments
    // resolved; a `..` with nothing left to remove stays and becomes part of the root.
    let rest_query = rest[i..].iter().position(|&b| b == b'?').map(|p| p + i);
    let rest_fragment = file_fragment(&rest[i..]).map(|p| p + i);
    let end = match (rest_query, rest_fragment) {
        (Some(q), Some(f)) => q.min(f),
        (q, f) => q.or(f).unwrap_or(rest.len()),
    };
    let mut root = out.len();
    while i < end {
        let len = rest[i..end].iter().take_while(|&&b| !is_slash(b)).count();
        let dots = if rest[i] == b'.' && ends_dot_segment(rest.get(i + 1)) {
            1
        } else if rest[i..].starts_with(b"..") && ends_dot_segment(rest.get(i + 2)) {
            2
        } else {
            0
        };
        if dots > 0 && !no_meta {
            if dots == 2 && out.len() == root {
                out.extend_from_slice(b"..");
                out.push(file_separator(&out));
                i += 2;
                if sep(i) {
                    i += 1;
                }
                root = out.len();
                continue;
            }
            if dots == 2 {
                if out.len() > root {
                    out.pop();
                }
                while out.len() > root && !is_slash(out[out.len() - 1]) {
                    out.pop();
                }
            }
            i += dots;
            if sep(i) {
                i += 1;
            }
            continue;
        }
        out.extend_from_slice(&rest[i..i + len]);
        i += len;
        if i < end {
            out.push(file_separator(&out));
            i += 1;
        } else if dots > 0 {
            out.push(file_separator(&out));
        }
    }

    // The query and the fragment follow the path, the query first.
    let range_to = |from: usize, other: Option<usize>| match other {
        Some(o) if o > from => from..o,
        _ => from..rest.len(),
    };
    if let Some(q) = rest_query {
        out.extend_from_slice(&rest[range_to(q, rest_fragment)]);
    }
    if let Some(f) = rest_fragment {
        out.extend_from_slice(&rest[range_to(f, rest_query)]);
    }

    if flags & ICU_NO_ENCODE != 0 && flags & ICU_ENCODE_PERCENT == 0 {
        return out;
    }
    escape_file_url(&out, flags)
}

/// The escaping pass over a canonical `file:` URL: `\` becomes `/`, the separators after
/// `file:` become `///` (one or three) or `//` (two, or four and more: a host), and unsafe bytes
/// and `#` are escaped as `%XX`, up to the first `?` (through it with ICU_ENCODE_SPACES_ONLY).
fn escape_file_url(url: &[u8], flags: u32) -> Vec<u8> {
    let encode = flags & ICU_NO_ENCODE == 0;
    let spaces_only = flags & ICU_ENCODE_SPACES_ONLY != 0;
    let percent = flags & ICU_ENCODE_PERCENT != 0;
    let mut out = b"file:".to_vec();
    let body = &url[5..];
    let slashes = body.iter().take_while(|&&b| is_slash(b)).count();
    out.extend_from_slice(match slashes {
        0 => &b""[..],
        1 | 3 => b"///",
        _ => b"//",
    });
    let mut stopped = false;
    for &b in &body[slashes..] {
        if b == b'?' && !spaces_only {
            stopped = true;
        }
        if stopped {
            out.push(b);
            continue;
        }
        let b = if b == b'\\' { b'/' } else { b };
        let escape = (b == b'%' && percent)
            || (encode
                && b != b'%'
                && if spaces_only {
                    b == b' '
                } else {
                    canonical_unsafe(b) || b == b'#'
                });
        if escape {
            push_escaped(&mut out, b);
        } else {
            out.push(b);
        }
    }
    out
}

/// Remove the `.` and `..` segments of a request target's path, as HttpOpenRequest does with
/// its object name (`/A/../B/./C/../../x` is `/x`); the query and fragment stay as they are. A
/// `..` with nothing left to remove is dropped.
pub fn remove_dot_segments(target: &str) -> String {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let (path, tail) = target.split_at(end);
    let mut out = remove_dots(path.as_bytes(), false);
    if out.is_empty() {
        out.push(b'/');
    }
    // Only ASCII dots and slashes were removed, so the bytes are still UTF-8.
    let mut out = String::from_utf8(out).unwrap_or_else(|_| path.to_string());
    out.push_str(tail);
    out
}

/// Resolve `.` and `..` segments of `path` (no query or fragment).
///
/// `after_host` marks a path that follows an authority: there, a first segment of `.` or `..`
/// leaves the whole path as it is. Elsewhere a leading `..` that has nothing to remove is
/// dropped, as it is after a host.
fn remove_dots(path: &[u8], after_host: bool) -> Vec<u8> {
    let absolute = path.first() == Some(&b'/');
    let body = if absolute { &path[1..] } else { path };
    let segments: Vec<&[u8]> = body.split(|&b| b == b'/').collect();
    if after_host && matches!(segments.first(), Some(&b".") | Some(&b"..")) {
        return path.to_vec();
    }
    if !segments.iter().any(|s| *s == b"." || *s == b"..") {
        return path.to_vec();
    }
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut trailing_slash = false;
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            b"." => trailing_slash = i == last,
            b".." => {
                kept.pop();
                trailing_slash = i == last;
            }
            s => {
                kept.push(s);
                trailing_slash = false;
            }
        }
    }
    let mut out = Vec::with_capacity(path.len());
    if absolute {
        out.push(b'/');
    }
    for (i, seg) in kept.iter().enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        out.extend_from_slice(seg);
    }
    if trailing_slash && !kept.is_empty() {
        out.push(b'/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part<'a>(url: &'a str, r: &Option<Range<usize>>) -> Option<&'a str> {
        r.clone().map(|r| &url[r])
    }

    /// Crack and describe as (scheme, number, host, port, user, password, path, extra).
    #[allow(clippy::type_complexity)]
    fn cracked(
        url: &str,
    ) -> (
        &str,
        i32,
        Option<&str>,
        u16,
        Option<&str>,
        Option<&str>,
        &str,
        Option<&str>,
    ) {
        let c = crack(url.as_bytes(), 0).unwrap_or_else(|e| panic!("{url}: {e:?}"));
        (
            &url[c.scheme.clone()],
            c.kind.number(),
            part(url, &c.host),
            c.port,
            part(url, &c.user),
            part(url, &c.password),
            &url[c.path.clone()],
            part(url, &c.extra),
        )
    }

    #[test]
    fn cracks_the_documented_examples() {
        assert_eq!(
            cracked("http://www.example.io/site/about#hi"),
            (
                "http",
                3,
                Some("www.example.io"),
                80,
                None,
                None,
                "/site/about",
                Some("#hi")
            )
        );
        assert_eq!(
            cracked("http://www.myserver.com/myscript.php?arg=1"),
            (
                "http",
                3,
                Some("www.myserver.com"),
                80,
                None,
                None,
                "/myscript.php",
                Some("?arg=1")
            )
        );
        assert_eq!(
            cracked("http://www.example.io/myscript.php;test=123"),
            (
                "http",
                3,
                Some("www.example.io"),
                80,
                None,
                None,
                "/myscript.php;test=123",
                None
            )
        );
        assert_eq!(
            cracked("HtTp://www.example.io/scheme"),
            (
                "HtTp",
                3,
                Some("www.example.io"),
                80,
                None,
                None,
                "/scheme",
                None
            )
        );
        assert_eq!(
            cracked("gopher://www.example.io/site/about#hi"),
            (
                "gopher",
                2,
                Some("www.example.io"),
                0,
                None,
                None,
                "/site/about",
                Some("#hi")
            )
        );
        assert_eq!(
            cracked("res://IELib.dll/test.htm"),
            (
                "res",
                11,
                Some("IELib.dll"),
                0,
                None,
                None,
                "/test.htm",
                None
            )
        );
        assert_eq!(
            cracked("about://host/blank"),
            ("about", -1, Some("host"), 0, None, None, "/blank", None)
        );
        assert_eq!(
            cracked("C:\\file.txt"),
            ("C", -1, None, 0, None, None, "\\file.txt", None)
        );
        assert_eq!(
            cracked("https://a.example:8443/x?y#z"),
            (
                "https",
                4,
                Some("a.example"),
                8443,
                None,
                None,
                "/x",
                Some("?y#z")
            )
        );
        assert_eq!(
            cracked("ftp://u@files.example/pub"),
            (
                "ftp",
                1,
                Some("files.example"),
                21,
                Some("u"),
                None,
                "/pub",
                None
            )
        );
    }

    #[test]
    fn empty_path_points_at_the_end_of_the_authority() {
        let c = crack(b"http://www.example.io", 0).unwrap();
        assert_eq!((c.path, c.extra), (21..21, None));
        let c = crack(b"http://www.example.io?test=123", 0).unwrap();
        assert_eq!(
            (c.host.clone(), c.path.clone(), c.extra.clone()),
            (Some(7..21), 21..21, Some(21..30))
        );
        assert_eq!(c.path_with_extra(), 21..30);
        let c = crack(b"http://x/?", 0).unwrap();
        assert_eq!((c.path, c.extra), (8..9, Some(9..10)));
    }

    #[test]
    fn user_and_password() {
        assert_eq!(
            cracked("http://user:pass@host:81/p"),
            (
                "http",
                3,
                Some("host"),
                81,
                Some("user"),
                Some("pass"),
                "/p",
                None
            )
        );
        assert_eq!(
            cracked("http://user:pa:ss@host/"),
            (
                "http",
                3,
                Some("host"),
                80,
                Some("user"),
                Some("pa:ss"),
                "/",
                None
            )
        );
        assert_eq!(
            cracked("http://:@host/"),
            ("http", 3, Some("host"), 80, Some(""), Some(""), "/", None)
        );
        // An @ in the query is not a user name separator.
        assert_eq!(
            cracked("http://host/p?mail=a@b"),
            (
                "http",
                3,
                Some("host"),
                80,
                None,
                None,
                "/p",
                Some("?mail=a@b")
            )
        );
    }

    #[test]
    fn ports() {
        assert_eq!(crack(b"http://h:0/", 0).unwrap().port, 0);
        assert_eq!(crack(b"http://h:/", 0).unwrap().port, 80);
        assert_eq!(crack(b"http://h:", 0).unwrap().port, 80);
        assert_eq!(crack(b"http://h:65535", 0).unwrap().port, 65535);
        assert_eq!(crack(b"https://h", 0).unwrap().port, 443);
        assert_eq!(crack(b"foo://h", 0).unwrap().port, 0);
        assert_eq!(crack(b"about:blank", 0).unwrap().port, 0);
        for bad in [
            "http://h:65536/",
            "http://h:8o/",
            "http://h:-1/",
            "http://h:80:81/",
        ] {
            assert_eq!(crack(bad.as_bytes(), 0), Err(UrlError::InvalidUrl), "{bad}");
        }
    }

    #[test]
    fn ipv6_literals_keep_their_brackets() {
        assert_eq!(
            cracked("http://[::1]:8080/x"),
            ("http", 3, Some("[::1]"), 8080, None, None, "/x", None)
        );
        assert_eq!(
            cracked("http://u:p@[fe80::1%25eth0]/"),
            (
                "http",
                3,
                Some("[fe80::1%25eth0]"),
                80,
                Some("u"),
                Some("p"),
                "/",
                None
            )
        );
        assert_eq!(
            cracked("https://[2001:db8::1]"),
            ("https", 4, Some("[2001:db8::1]"), 443, None, None, "", None)
        );
        assert_eq!(crack(b"http://[::1/", 0), Err(UrlError::InvalidUrl));
        assert_eq!(crack(b"http://[::1]x/", 0), Err(UrlError::InvalidUrl));
    }

    #[test]
    fn urls_without_an_authority() {
        assert_eq!(
            cracked("about:blank"),
            ("about", -1, None, 0, None, None, "blank", None)
        );
        assert_eq!(
            cracked("mailto:someone@example.com?subject=hi"),
            (
                "mailto",
                7,
                None,
                0,
                None,
                None,
                "someone@example.com",
                Some("?subject=hi")
            )
        );
        assert_eq!(
            cracked("about:"),
            ("about", -1, None, 0, None, None, "", None)
        );
    }

    #[test]
    fn file_urls() {
        let url = "file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml";
        let c = crack(url.as_bytes(), 0).unwrap();
        assert_eq!(
            (c.kind, c.host, c.port, c.path),
            (Scheme::File, None, 0, 7..62)
        );
        let url = "file://C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml";
        let c = crack(url.as_bytes(), 0).unwrap();
        assert_eq!((c.host, c.path), (None, 7..61));
        let url = "fide:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml";
        let c = crack(url.as_bytes(), 0).unwrap();
        assert_eq!(
            (c.kind, c.host, c.path),
            (Scheme::Unknown, Some(7..7), 7..62)
        );
        assert_eq!(
            cracked("file://server/share/x"),
            ("file", 5, Some("server"), 0, None, None, "/share/x", None)
        );
    }

    /// The path InternetCrackUrl copies for a file: URL (the extra info asked for apart).
    fn copied_file_path(url: &str, unescape: bool) -> String {
        let c = crack(url.as_bytes(), 0).unwrap_or_else(|e| panic!("{url}: {e:?}"));
        String::from_utf8(file_path(url.as_bytes(), &c, c.path.clone(), unescape)).unwrap()
    }

    #[test]
    fn file_paths_are_copied_in_windows_form() {
        for (url, want) in [
            (
                "file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
                "C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml",
            ),
            (
                "file://C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
                "C:\\Program%20Files\\Atmel\\AVR%20Tools\\STK500\\STK500.xml",
            ),
            ("file://C:/dir/x.xml", "C:\\dir\\x.xml"),
            (
                "file://C:/Program%20Files/Atmel/..",
                "C:\\Program%20Files\\Atmel\\..\\",
            ),
            (
                "file://C:/Program%20Files/Atmel/../Asdf.xml",
                "C:\\Program%20Files\\Atmel\\..\\Asdf.xml",
            ),
            (
                "file:///C:/Program%20Files/Atmel/..",
                "C:\\Program Files\\Atmel\\..\\",
            ),
            (
                "file:///C:/Program%20Files/Atmel/.",
                "C:\\Program Files\\Atmel\\.\\",
            ),
            (
                "file:///C:/Program%20Files/Atmel/./Asdf.xml",
                "C:\\Program Files\\Atmel\\.\\Asdf.xml",
            ),
            (
                "file://C:/Program%20Files/Atmel/.",
                "C:\\Program%20Files\\Atmel\\.\\",
            ),
            ("file://host/share/x", "\\share\\x"),
            ("file://host/share/a%20b", "\\share\\a b"),
            ("file://localhost/C:/x", "C:\\x"),
            ("file:///etc/hosts", "\\etc\\hosts"),
            ("file:///c|/x", "c:\\x"),
            ("file:/C:/a%20b", "C:\\a b"),
            ("file:C:/a%20b", "C:\\a%20b"),
            ("file:////server/share/a%20b", "\\\\server\\share\\a%20b"),
            ("file://///server/share/a%20b", "\\\\server\\share\\a b"),
            ("file:////C:/x", "C:\\x"),
            ("file:///C:/a%2Fb", "C:\\a/b"),
            ("file://", ""),
            ("file:///", "\\"),
        ] {
            assert_eq!(copied_file_path(url, false), want, "{url}");
        }
        // ICU_DECODE and ICU_ESCAPE unescape every form.
        assert_eq!(copied_file_path("file://C:/a%20b/c", true), "C:\\a b\\c");
        assert_eq!(
            copied_file_path("file:////server/a%20b", true),
            "\\\\server\\a b"
        );
    }

    #[test]
    fn rejects() {
        for (url, err) in [
            ("", UrlError::UnrecognizedScheme),
            ("file.txt", UrlError::UnrecognizedScheme),
            ("www.example.io", UrlError::UnrecognizedScheme),
            ("../Ritz.xml", UrlError::UnrecognizedScheme),
            (":nothing", UrlError::UnrecognizedScheme),
            ("http", UrlError::UnrecognizedScheme),
            ("http://", UrlError::InvalidUrl),
            ("http:///nohost", UrlError::InvalidUrl),
            ("https://user@/x", UrlError::InvalidUrl),
            ("ftp://:21/", UrlError::InvalidUrl),
        ] {
            assert_eq!(crack(url.as_bytes(), 0), Err(err), "{url:?}");
        }
        // Other schemes may have an empty host.
        assert!(crack(b"foo:///x", 0).is_ok());
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(decode(b"/a%20b%2Fc%zz%4"), b"/a b/c%zz%4");
        assert_eq!(decode(b"%41%62%00%"), b"Ab%00%");
        assert_eq!(decode(b""), b"");
    }

    fn create_str(parts: &UrlParts<'_>, flags: u32) -> Result<String, UrlError> {
        create(parts, flags).map(|v| String::from_utf8(v).unwrap())
    }

    fn full() -> UrlParts<'static> {
        UrlParts {
            scheme: Some(b"http"),
            scheme_number: 3,
            host: Some(b"www.example.io"),
            port: 80,
            user: Some(b"username"),
            password: Some(b"password"),
            path: Some(b"/site/about"),
            extra: Some(b""),
        }
    }

    #[test]
    fn creates_the_documented_examples() {
        let p = full();
        assert_eq!(
            create_str(&p, 0).unwrap(),
            "http://username:password@www.example.io/site/about"
        );
        assert_eq!(
            create_str(&UrlParts { scheme: None, ..p }, 0).unwrap(),
            "http://username:password@www.example.io/site/about"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: -3,
                    ..p
                },
                0
            )
            .unwrap(),
            "http://username:password@www.example.io/site/about"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    password: None,
                    ..p
                },
                0
            )
            .unwrap(),
            "http://username@www.example.io/site/about"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    user: None,
                    password: None,
                    ..p
                },
                0
            )
            .unwrap(),
            "http://www.example.io/site/about"
        );
        assert_eq!(
            create_str(&UrlParts { user: None, ..p }, 0),
            Err(UrlError::InvalidParameter)
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme: Some(b"nhttp"),
                    ..p
                },
                ICU_ESCAPE
            )
            .unwrap(),
            "nhttp://username:password@www.example.io:80/site/about"
        );
        assert_eq!(
            create_str(&UrlParts { port: 42, ..p }, ICU_ESCAPE).unwrap(),
            "http://username:password@www.example.io:42/site/about"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme: Some(b"https"),
                    port: 443,
                    ..p
                },
                0
            )
            .unwrap(),
            "https://username:password@www.example.io/site/about"
        );
        let about = UrlParts {
            scheme: Some(b"about"),
            path: Some(b"blank"),
            ..UrlParts::default()
        };
        assert_eq!(create_str(&about, ICU_ESCAPE).unwrap(), "about:blank");
        assert_eq!(
            create_str(
                &UrlParts {
                    host: Some(b"host"),
                    ..about
                },
                0
            )
            .unwrap(),
            "about://host/blank"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme: Some(b"about"),
                    port: 8080,
                    ..UrlParts::default()
                },
                0
            )
            .unwrap(),
            "about:"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme: Some(b"http"),
                    host: Some(b"www.example.io"),
                    port: 65535,
                    ..UrlParts::default()
                },
                0
            )
            .unwrap(),
            "http://www.example.io:65535"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme: Some(b"http"),
                    host: Some(b"localhost"),
                    port: 80,
                    path: Some(b"/"),
                    extra: Some(b"?test=123"),
                    ..UrlParts::default()
                },
                ICU_ESCAPE
            )
            .unwrap(),
            "http://localhost/?test=123"
        );
    }

    #[test]
    fn create_scheme_numbers_and_ports() {
        let base = UrlParts {
            host: Some(b"h"),
            ..UrlParts::default()
        };
        assert_eq!(create_str(&base, 0).unwrap(), "http://h");
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: 4,
                    port: 443,
                    ..base
                },
                0
            )
            .unwrap(),
            "https://h"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: 2,
                    port: 70,
                    ..base
                },
                0
            )
            .unwrap(),
            "gopher://h"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: 1,
                    port: 80,
                    ..base
                },
                0
            )
            .unwrap(),
            "ftp://h:80"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: 5,
                    host: None,
                    path: Some(b"/etc/hosts"),
                    ..base
                },
                0
            )
            .unwrap(),
            "file:///etc/hosts"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: -1,
                    ..base
                },
                0
            ),
            Err(UrlError::InvalidParameter)
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    scheme_number: 12,
                    ..base
                },
                0
            ),
            Err(UrlError::InvalidParameter)
        );
        // A path without a leading slash gets one after the host; an empty one too.
        assert_eq!(
            create_str(
                &UrlParts {
                    path: Some(b"x"),
                    ..base
                },
                0
            )
            .unwrap(),
            "http://h/x"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    path: Some(b""),
                    ..base
                },
                0
            )
            .unwrap(),
            "http://h/"
        );
        assert_eq!(
            create_str(
                &UrlParts {
                    host: Some(b"[::1]"),
                    port: 8080,
                    ..base
                },
                0
            )
            .unwrap(),
            "http://[::1]:8080"
        );
    }

    #[test]
    fn create_escapes_path_and_extra_info() {
        let base = UrlParts {
            host: Some(b"h"),
            path: Some(b"/a b#c%d~\x7f"),
            extra: Some(b"?q=1 2&r=<x>#frag"),
            ..UrlParts::default()
        };
        assert_eq!(
            create_str(&base, ICU_ESCAPE).unwrap(),
            "http://h/a%20b%23c%25d%7E%7F?q=1%202&r=%3Cx%3E#frag"
        );
        assert_eq!(
            create_str(&base, 0).unwrap(),
            "http://h/a b#c%d~\x7f?q=1 2&r=<x>#frag"
        );
        let all = UrlParts {
            extra: Some(b" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
            ..UrlParts::default()
        };
        assert_eq!(
            create_str(&all, ICU_ESCAPE).unwrap(),
            "http://%20!%22#$%25&'()*+,-./:;%3C=%3E?@%5B%5C%5D%5E_%60%7B%7C%7D%7E"
        );
    }

    fn canon(url: &str, flags: u32) -> String {
        String::from_utf8(canonicalize(url.as_bytes(), flags).unwrap()).unwrap()
    }

    #[test]
    fn canonicalizes_the_documented_example() {
        let src = "http://www.example.io/%27/ /./>/#>  ";
        assert_eq!(canon(src, 0), "http://www.example.io/%27/%20/%3E/#>");
        assert_eq!(
            canon(src, ICU_BROWSER_MODE),
            "http://www.example.io/%27/%20/%3E/#>"
        );
        assert_eq!(
            canon(src, ICU_ESCAPE),
            "http://www.example.io/%27/%20/%3E/#>"
        );
        assert_eq!(canon(src, ICU_DECODE), "http://www.example.io/'/%20/%3E/#>");
        assert_eq!(
            canon(src, ICU_ENCODE_PERCENT),
            "http://www.example.io/%2527/%20/%3E/#>"
        );
        assert_eq!(
            canon(src, ICU_ENCODE_SPACES_ONLY),
            "http://www.example.io/%27/%20/>/#>"
        );
        assert_eq!(
            canon(src, ICU_NO_ENCODE),
            "http://www.example.io/%27/ />/#>"
        );
        assert_eq!(
            canon(src, ICU_NO_META),
            "http://www.example.io/%27/%20/./%3E/#>"
        );
    }

    #[test]
    fn canonical_urls_are_unchanged() {
        for url in [
            "http://swupmf.adobe.com/manifest/50/win/AdobeUpdater.upd",
            "http://www.example.io/tests?date=10/10/1923",
            "https://u:p@h:8443/a/b/?x=1&y=%20#f/../g",
            "http://[::1]:8080/",
            "about:blank",
        ] {
            assert_eq!(canon(url, 0), url);
        }
    }

    #[test]
    fn request_targets_lose_their_dot_segments() {
        for (target, want) in [
            ("/A/../B/./C/../../x", "/x"),
            ("/a/./b/../c?q=/../y#/./f", "/a/c?q=/../y#/./f"),
            ("/a/b/..", "/a/"),
            ("/a/b/.", "/a/b/"),
            ("/../../up", "/up"),
            ("/..", "/"),
            ("/.", "/"),
            ("/plain/path?x", "/plain/path?x"),
            ("/a//b/../c", "/a//c"),
            ("/%C3%A9/./x", "/%C3%A9/x"),
        ] {
            assert_eq!(remove_dot_segments(target), want, "{target}");
        }
    }

    #[test]
    fn resolves_dot_segments() {
        for (src, want) in [
            (
                "http://www.example.io/tests/../tests/../..",
                "http://www.example.io/",
            ),
            (
                "http://www.example.io/tests/../tests",
                "http://www.example.io/tests",
            ),
            (
                "http://www.example.io/tests/../tests/",
                "http://www.example.io/tests/",
            ),
            (
                "http://www.example.io/tests/../tests/..",
                "http://www.example.io/",
            ),
            ("http://www.example.io/tests/..", "http://www.example.io/"),
            (
                "http://www.example.io/tests/..?query=x&return=y",
                "http://www.example.io/?query=x&return=y",
            ),
            (
                "http://www.example.io/tests/../#example",
                "http://www.example.io/#example",
            ),
            (
                "http://www.example.io/tests\\../#example",
                "http://www.example.io/#example",
            ),
            (
                "http://www.example.io\\tests/../#example",
                "http://www.example.io/#example",
            ),
            ("http://a/b/.", "http://a/b/"),
            ("http://a/b/./c", "http://a/b/c"),
            ("http://a/b/../../../c", "http://a/c"),
            ("http://a//../../..", "http://a/"),
            ("http://a/b/...", "http://a/b/..."),
            ("http://a/b?c/./d", "http://a/b?c/./d"),
            ("http://a/b#c/./d", "http://a/b#c/./d"),
            // A first segment of . or .. leaves the path alone.
            ("http://a/./b/./../", "http://a/./b/./../"),
            ("http://a/../", "http://a/../"),
            ("http://a", "http://a/"),
            ("http://a?x", "http://a/?x"),
            (
                "http:www.example.io/dir/../index.html",
                "http:www.example.io/index.html",
            ),
            ("mailto:a/../b", "mailto:a/../b"),
            ("/a/b/../c", "/a/c"),
        ] {
            assert_eq!(canon(src, 0), want, "{src}");
        }
        assert_eq!(
            canon("http://www.example.io/tests/../#example", ICU_NO_META),
            "http://www.example.io/tests/../#example"
        );
    }

    #[test]
    fn canonical_escaping() {
        assert_eq!(
            canon("http://h/b !\"$%&'()*+,-:;<=>@[]^_`{|}~c", 0),
            "http://h/b%20!%22$%%26'()*+,-:;%3C=%3E@%5B%5D%5E_%60%7B%7C%7D~c"
        );
        assert_eq!(canon("http://h/a\tb\x01c", 0), "http://h/a%09b%01c");
        assert_eq!(
            canonicalize(b"http://h/\xc3\xa9", 0).unwrap(),
            b"http://h/%C3%A9"
        );
        assert_eq!(canon("foo:/a\\b", 0), "foo:/a%5Cb");
        // Query and fragment are left alone; trailing spaces go even there.
        assert_eq!(canon("http://h/a b?c d#e f", 0), "http://h/a%20b?c d#e f");
        assert_eq!(
            canon("http://www.example.io/index.php?x= ", ICU_BROWSER_MODE),
            "http://www.example.io/index.php?x="
        );
        assert_eq!(canon("  http://h/x\r\n", 0), "http://h/x");
        assert_eq!(
            canon("http://h/%41%20", ICU_DECODE | ICU_NO_ENCODE),
            "http://h/A "
        );
        assert_eq!(canon("http://h/a?%41", ICU_DECODE), "http://h/a?A");
        assert_eq!(
            canon("http://h/a?%41", ICU_DECODE | ICU_BROWSER_MODE),
            "http://h/a?%41"
        );
        assert_eq!(
            canon("http://h/a%", ICU_NO_ENCODE | ICU_ENCODE_PERCENT),
            "http://h/a%25"
        );
        assert_eq!(
            canon(
                "file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
                ICU_DECODE | ICU_NO_ENCODE
            ),
            "file://C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml"
        );
        assert_eq!(canon("A", 0), "A");
        assert_eq!(canonicalize(b" \t", 0), Err(UrlError::InvalidUrl));
        assert_eq!(canonicalize(b"", 0), Err(UrlError::InvalidUrl));
    }

    #[test]
    fn file_urls_canonicalize_to_windows_form() {
        // Without escaping (ICU_NO_ENCODE) the Windows form shows: `\` separators, a drive
        // right after `file://`, `\\host` for a host, `\` for a local path.
        for (url, want) in [
            ("file:///C:/user/file", "file://C:\\user\\file"),
            ("file://C:/user/file", "file://C:\\user\\file"),
            ("file:////C:/user/file", "file://C:\\user\\file"),
            ("file:///c:\\tests\\foobar", "file://c:\\tests\\foobar"),
            ("file://localhost/C:/x", "file://C:\\x"),
            ("file://C:/a/../b/./c", "file://C:\\b\\c"),
            ("file://home/user/file", "file://\\\\home\\user\\file"),
            ("file:///home/user/file", "file://\\home\\user\\file"),
            ("file:////home/user/file", "file://\\\\home\\user\\file"),
            ("file://///home/user/file", "file://\\\\home\\user\\file"),
            ("file:\\\\a\\b", "file://\\\\a\\b"),
            ("fIlE://A/B", "file://\\\\A\\B"),
            ("fIlE:A:/B", "file://A:\\B"),
            ("file://", "file://\\"),
            ("file:///", "file://\\"),
            ("file:////", "file://\\"),
            ("file://a", "file://\\\\a\\"),
            ("file://a//", "file://\\\\a\\\\"),
            ("file://a:", "file://a:"),
            ("file:a:", "file://a:"),
            ("file:/a", "file://\\a"),
            ("file:\\a\\b", "file://\\a\\b"),
            ("file:", "file:"),
            ("file:a", "file:a"),
            ("file:./a", "file:a"),
            ("file:../a", "file:..\\a"),
            ("file://localhost", "file://\\"),
            ("file://localhost//b", "file://\\b"),
            ("file://127.0.0.1/b", "file://\\\\127.0.0.1\\b"),
            ("file://localhost?a/b", "file://\\?a/b"),
            // Dots: always resolved, a `..` with nothing to remove stays.
            ("file://a/.", "file://\\\\a\\"),
            ("file:///.", "file://\\"),
            ("file:///..", "file://\\..\\"),
            ("file:///a/b/./c/..", "file://\\a\\b\\"),
            ("file://a/../../b/./c/..", "file://\\\\a\\..\\..\\b\\"),
            ("file://a/b/../../../c", "file://\\\\a\\..\\..\\c"),
            ("file:////a/./b/../c", "file://\\\\a\\c"),
            ("file://a/b/.?c", "file://\\\\a\\b\\?c"),
            ("file://a/b/..?c", "file://\\\\a\\?c"),
            // `#` is part of the path (after it `/` separates) unless a `.htm(l)` name ends
            // before it; the query is left as it is and goes before the fragment.
            ("file://a/b#c/../d/e", "file://\\\\a\\d\\e"),
            ("file://a/b#c/./d/e", "file://\\\\a\\b#c/d/e"),
            ("file://a/b/.#c", "file://\\\\a\\b\\.#c"),
            (
                "file://a/b.html#c/../d\\e",
                "file://\\\\a\\b.html#c/../d\\e",
            ),
            ("file://a#/b\\./", "file://\\\\a#/b/"),
            ("file://a/b?c/../d\\e", "file://\\\\a\\b?c/../d\\e"),
            ("file://a/?c/../d", "file://\\\\a\\?c/../d"),
            ("file://a/b#\\?c\\d", "file://\\\\a\\b#/?c\\d"),
            ("file://a/b.html#c?d", "file://\\\\a\\b.html?d#c"),
            ("file://a/b &c", "file://\\\\a\\b &c"),
            ("file://a/b%20%26c", "file://\\\\a\\b%20%26c"),
        ] {
            assert_eq!(canon(url, ICU_NO_ENCODE), want, "{url}");
        }
        // ICU_NO_META keeps the dots; a last one gets a separator.
        assert_eq!(
            canon("file:../b/./c/../d", ICU_NO_ENCODE | ICU_NO_META),
            "file:..\\b\\.\\c\\..\\d"
        );
        assert_eq!(
            canon("file://a/b/.", ICU_NO_ENCODE | ICU_NO_META),
            "file://\\\\a\\b\\.\\"
        );
        // ICU_DECODE unescapes first.
        assert_eq!(
            canon("file:///C:/a%20b/%2E%2E/c", ICU_DECODE | ICU_NO_ENCODE),
            "file://C:\\c"
        );
        // Escaping (the default) writes `/` again, one or three slashes become `///`, two or
        // more than three `//`, and escapes unsafe bytes and `#` up to the first `?`.
        for (url, flags, want) in [
            (
                "file:///C:/Program Files/x.xml",
                0,
                "file://C:/Program%20Files/x.xml",
            ),
            ("file://C:/a/../b", 0, "file://C:/b"),
            ("file://host/share/a b", 0, "file://host/share/a%20b"),
            ("file:///etc/hosts", 0, "file:///etc/hosts"),
            ("file://localhost/etc/x", 0, "file:///etc/x"),
            ("file:x\\y", 0, "file:x/y"),
            ("file:///C:/a#b c", 0, "file://C:/a%23b%20c"),
            ("file:///C:/a b?c d\\e", 0, "file://C:/a%20b?c d\\e"),
            (
                "file:///C:/a b?c d",
                ICU_ENCODE_SPACES_ONLY,
                "file://C:/a%20b?c%20d",
            ),
            ("file:///C:/a<b>", ICU_ENCODE_SPACES_ONLY, "file://C:/a<b>"),
            ("file:///C:/a%b", ICU_ENCODE_PERCENT, "file://C:/a%25b"),
            (
                "file:///C:/a%b c",
                ICU_ENCODE_PERCENT | ICU_NO_ENCODE,
                "file://C:/a%25b c",
            ),
            ("file:///C:/a%20b", ICU_DECODE, "file://C:/a%20b"),
            ("  file:///C:/x  ", 0, "file://C:/x"),
        ] {
            assert_eq!(canon(url, flags), want, "{url} {flags:#x}");
        }
    }

    #[test]
    fn crack_never_panics_on_odd_input() {
        let alphabet = b"h:/@[]?#%.:0a1\\";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 14) as usize;
            let url: Vec<u8> = (0..n)
                .map(|i| alphabet[((seed >> (i * 4)) % alphabet.len() as u64) as usize])
                .collect();
            if let Ok(c) = crack(&url, 0) {
                let all = [
                    Some(c.scheme.clone()),
                    c.host.clone(),
                    c.user.clone(),
                    c.password.clone(),
                    Some(c.path.clone()),
                    c.extra.clone(),
                ];
                for r in all.into_iter().flatten() {
                    assert!(r.start <= r.end && r.end <= url.len(), "{url:?}");
                }
            }
            let _ = canonicalize(&url, 0);
            let _ = canonicalize(&url, ICU_DECODE | ICU_NO_META);
            // The same bytes after `file:`, with drives and names: the Windows forms.
            let file: Vec<u8> = b"file:"
                .iter()
                .copied()
                .chain(url.iter().map(|&b| match b {
                    b'h' => b'C',
                    b'@' => b'|',
                    b'[' => b'.',
                    _ => b,
                }))
                .collect();
            if let Ok(c) = crack(&file, 0) {
                let _ = file_path(&file, &c, c.path.clone(), false);
                let _ = file_path(&file, &c, c.path_with_extra(), true);
            }
            for flags in [0, ICU_NO_ENCODE, ICU_NO_META | ICU_ENCODE_SPACES_ONLY] {
                let _ = canonicalize(&file, flags);
            }
        }
    }
}
