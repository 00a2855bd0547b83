// SPDX-License-Identifier: MIT OR Apache-2.0
//! A cookie jar: Set-Cookie parsing (RFC 6265's essentials) and the Cookie header for a request.

use super::date::parse_http_date;
use super::url::directory as url_dir;

/// One stored cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    /// Lower-case domain, without a leading dot.
    pub domain: String,
    /// Sent to exactly `domain` (no Domain attribute was given), not to its subdomains.
    pub host_only: bool,
    pub path: String,
    pub secure: bool,
    /// Expiry in seconds since 1970; None for a session cookie.
    pub expires: Option<i64>,
    /// The HttpOnly attribute: the cookie goes to servers, and to applications only when they
    /// ask for HttpOnly cookies (WinInet's INTERNET_COOKIE_HTTPONLY).
    pub http_only: bool,
}

/// Why [`Jar::store_from_app`] refused a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The text is not a cookie, or its Domain attribute names a domain the URL's host may not
    /// set: one the host is not within, a public suffix ("com", "co.uk") other than the host
    /// itself, or anything but the host itself when the host is an IP address.
    NotCookie,
    /// The cookie is HttpOnly, or would replace an HttpOnly cookie, and the application did not
    /// say it may set HttpOnly cookies.
    HttpOnly,
}

/// Cookies, in the order they were first set.
#[derive(Debug, Default, Clone)]
pub struct Jar {
    cookies: Vec<Cookie>,
}

/// Seconds since 1970 of a civil UTC date and time.
pub fn unix_seconds(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> i64 {
    super::date::days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
}

/// Whether `host` (lower case, without brackets) is an IP address rather than a name: an IPv6
/// address, or a host whose last label is a number (decimal, or hex with 0x), which URL parsers
/// and inet_aton read as IPv4 ("1.2.3.4", "2.3.4", "0x7f.1"). An IP address has no parent
/// domains: its cookies go to that address only.
fn is_ip_host(host: &str) -> bool {
    if host.contains(':') {
        return true;
    }
    let last = host
        .strip_suffix('.')
        .unwrap_or(host)
        .rsplit('.')
        .next()
        .unwrap_or("");
    let digits = last
        .strip_prefix("0x")
        .map(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(|| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()));
    !last.is_empty() && digits
}

/// Whether `domain` is a public suffix ("com", "co.uk", "github.io") by the Public Suffix List,
/// where no one registrable domain's cookie may be set. A name the list does not know is taken
/// as ending in a suffix of one label, as the list's "*" rule says, so a single label
/// ("localhost", "test") is a public suffix.
fn is_public_suffix(domain: &str) -> bool {
    psl::suffix_str(domain) == Some(domain)
}

/// `host` is `domain` or one of its subdomains, by whole labels.
fn is_within(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

fn domain_matches(host: &str, cookie: &Cookie) -> bool {
    if cookie.host_only || is_ip_host(host) {
        return host == cookie.domain;
    }
    is_within(host, &cookie.domain)
}

/// WinInet's path rule: the cookie's path is a plain string prefix of the request's directory,
/// with no '/' boundary ("/foo" matches "/foo/x" and "/foobar/x", not "/foobar", whose
/// directory is "/").
fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    url_dir(request_path).starts_with(cookie_path)
}

impl Jar {
    /// An empty jar.
    pub const fn new() -> Self {
        Jar {
            cookies: Vec::new(),
        }
    }

    /// Store the cookie of a `Set-Cookie` value received from `host` for `request_path`, at time
    /// `now` (seconds since 1970). An expiry in the past removes the cookie. Returns false, and
    /// stores nothing, when the value is not a cookie or names a domain `host` may not set (see
    /// [`Refusal::NotCookie`]).
    pub fn store(&mut self, host: &str, request_path: &str, set_cookie: &str, now: i64) -> bool {
        self.store_with(host, request_path, set_cookie, now, true)
            .is_ok()
    }

    /// Store a cookie an application gives for a URL of `host` and `request_path` (WinInet's
    /// InternetSetCookie and InternetSetCookieEx), at time `now`. As [`Jar::store`], except that
    /// an HttpOnly cookie, or one that would replace an HttpOnly cookie, is refused unless
    /// `allow_http_only`.
    pub fn store_from_app(
        &mut self,
        host: &str,
        request_path: &str,
        text: &str,
        now: i64,
        allow_http_only: bool,
    ) -> Result<(), Refusal> {
        self.store_with(host, request_path, text, now, allow_http_only)
    }

    fn store_with(
        &mut self,
        host: &str,
        request_path: &str,
        set_cookie: &str,
        now: i64,
        allow_http_only: bool,
    ) -> Result<(), Refusal> {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let mut parts = set_cookie.split(';');
        let Some((name, value)) = parts.next().and_then(|nv| nv.split_once('=')) else {
            return Err(Refusal::NotCookie);
        };
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty()
            || name.bytes().any(|b| b <= b' ' || b == 0x7f)
            || value.bytes().any(|b| b < b' ' || b == 0x7f)
        {
            return Err(Refusal::NotCookie);
        }
        let mut cookie = Cookie {
            name: name.to_string(),
            value: value.trim_matches('"').to_string(),
            domain: host.clone(),
            host_only: true,
            path: url_dir(request_path).to_string(),
            secure: false,
            expires: None,
            http_only: false,
        };
        let mut max_age: Option<i64> = None;
        for attr in parts {
            let (k, v) = attr.split_once('=').unwrap_or((attr, ""));
            let (k, v) = (k.trim(), v.trim());
            if k.eq_ignore_ascii_case("expires") {
                if let Some(t) = parse_http_date(v) {
                    cookie.expires = Some(unix_seconds(
                        t.year as i64,
                        t.month as i64,
                        t.day as i64,
                        t.hour as i64,
                        t.minute as i64,
                        t.second as i64,
                    ));
                }
            } else if k.eq_ignore_ascii_case("max-age") {
                if let Ok(n) = v.parse::<i64>() {
                    max_age = Some(n);
                }
            } else if k.eq_ignore_ascii_case("domain") {
                let d = v.trim_start_matches('.').to_ascii_lowercase();
                if d.is_empty() {
                    continue;
                }
                if !is_within(&host, &d) {
                    return Err(Refusal::NotCookie);
                }
                if is_ip_host(&host) || is_public_suffix(&d) {
                    // An IP address, or a public suffix that is the host itself: the cookie
                    // stays the host's own. A public suffix naming a parent is refused.
                    if d != host {
                        return Err(Refusal::NotCookie);
                    }
                } else {
                    cookie.domain = d;
                    cookie.host_only = false;
                }
            } else if k.eq_ignore_ascii_case("path") {
                if v.starts_with('/') {
                    cookie.path = v.to_string();
                }
            } else if k.eq_ignore_ascii_case("secure") {
                cookie.secure = true;
            } else if k.eq_ignore_ascii_case("httponly") {
                cookie.http_only = true;
            }
        }
        if let Some(n) = max_age {
            cookie.expires = Some(if n <= 0 {
                i64::MIN
            } else {
                now.saturating_add(n)
            });
        }
        let same = |c: &Cookie| {
            c.name == cookie.name && c.domain == cookie.domain && c.path == cookie.path
        };
        if !allow_http_only
            && (cookie.http_only || self.cookies.iter().any(|c| same(c) && c.http_only))
        {
            return Err(Refusal::HttpOnly);
        }
        self.cookies.retain(|c| !same(c));
        if cookie.expires.is_none_or(|e| e > now) {
            self.cookies.push(cookie);
        }
        Ok(())
    }

    /// Forget the session cookies (those with no expiry), as the end of a browser session does.
    pub fn end_session(&mut self) {
        self.cookies.retain(|c| c.expires.is_some());
    }

    /// The Cookie header value for a request to `host` and `request_path`, or None.
    pub fn header(&self, host: &str, request_path: &str, secure: bool, now: i64) -> Option<String> {
        self.header_with(host, request_path, secure, now, true)
    }

    /// The cookies an application asks for with WinInet's InternetGetCookie(Ex) for a URL of
    /// `host` and `request_path`, as one "a=1; b=2" string, or None. As [`Jar::header`], except
    /// that HttpOnly cookies are left out unless `with_http_only`.
    pub fn for_app(
        &self,
        host: &str,
        request_path: &str,
        secure: bool,
        now: i64,
        with_http_only: bool,
    ) -> Option<String> {
        self.header_with(host, request_path, secure, now, with_http_only)
    }

    fn header_with(
        &self,
        host: &str,
        request_path: &str,
        secure: bool,
        now: i64,
        with_http_only: bool,
    ) -> Option<String> {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        let mut matching: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| c.expires.is_none_or(|e| e > now))
            .filter(|c| !c.secure || secure)
            .filter(|c| with_http_only || !c.http_only)
            .filter(|c| domain_matches(&host, c) && path_matches(request_path, &c.path))
            .collect();
        if matching.is_empty() {
            return None;
        }
        // Longer paths first (RFC 6265 §5.4), otherwise in the order they were set.
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        Some(
            matching
                .iter()
                .map(|c| format!("{}={}", c.name, c.value))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    #[test]
    fn store_and_send() {
        let mut jar = Jar::new();
        assert!(jar.store("Example.test", "/a/b", "id=1; Path=/a", NOW));
        assert!(jar.store("example.test", "/", "lang=en", NOW));
        assert_eq!(
            jar.header("example.test", "/a/x", false, NOW).as_deref(),
            Some("id=1; lang=en")
        );
        assert_eq!(
            jar.header("example.test", "/b", false, NOW).as_deref(),
            Some("lang=en")
        );
        assert_eq!(jar.header("other.test", "/", false, NOW), None);
        assert!(jar.store("example.test", "/", "lang=fr", NOW));
        assert_eq!(
            jar.header("example.test", "/", false, NOW).as_deref(),
            Some("lang=fr")
        );
    }

    #[test]
    fn domain_secure_and_expiry() {
        let mut jar = Jar::new();
        assert!(jar.store("www.example.test", "/", "d=1; Domain=.example.test", NOW));
        assert!(!jar.store("www.example.test", "/", "bad=1; Domain=other.test", NOW));
        assert_eq!(
            jar.header("api.example.test", "/", false, NOW).as_deref(),
            Some("d=1")
        );
        assert!(jar.store("example.test", "/", "s=1; Secure", NOW));
        assert_eq!(
            jar.header("example.test", "/", false, NOW).as_deref(),
            Some("d=1")
        );
        assert_eq!(
            jar.header("example.test", "/", true, NOW).as_deref(),
            Some("d=1; s=1")
        );
        assert!(jar.store("example.test", "/", "t=1; Max-Age=10", NOW));
        assert!(jar
            .header("example.test", "/", false, NOW + 11)
            .unwrap()
            .find("t=1")
            .is_none());
        assert!(jar.store(
            "example.test",
            "/",
            "d=1; Domain=example.test; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            NOW
        ));
        assert_eq!(jar.header("api.example.test", "/", false, NOW), None);
        assert!(!jar.store("example.test", "/", "garbage", NOW));
    }

    #[test]
    fn http_only_cookies_need_the_applications_leave() {
        let mut jar = Jar::new();
        assert_eq!(
            jar.store_from_app("example.test", "/", "h=1; HttpOnly", NOW, false),
            Err(Refusal::HttpOnly)
        );
        assert_eq!(jar.header("example.test", "/", false, NOW), None);
        assert_eq!(
            jar.store_from_app("example.test", "/", "h=1; httponly", NOW, true),
            Ok(())
        );
        assert_eq!(
            jar.header("example.test", "/", false, NOW).as_deref(),
            Some("h=1")
        );
        assert_eq!(jar.for_app("example.test", "/", false, NOW, false), None);
        assert_eq!(
            jar.for_app("example.test", "/", false, NOW, true)
                .as_deref(),
            Some("h=1")
        );
        // Replacing an HttpOnly cookie with a plain one needs the same leave.
        assert_eq!(
            jar.store_from_app("example.test", "/", "h=2", NOW, false),
            Err(Refusal::HttpOnly)
        );
        assert_eq!(
            jar.store_from_app("example.test", "/", "p=1", NOW, false),
            Ok(())
        );
        assert_eq!(
            jar.for_app("example.test", "/", false, NOW, false)
                .as_deref(),
            Some("p=1")
        );
        // A server may always set one.
        assert!(jar.store("example.test", "/", "s=1; HttpOnly", NOW));
        assert_eq!(
            jar.store_from_app("example.test", "/", "garbage", NOW, true),
            Err(Refusal::NotCookie)
        );
    }

    /// The Cookie header `jar` sends to `host` for `path`.
    fn sent(jar: &Jar, host: &str, path: &str) -> Option<String> {
        jar.header(host, path, false, NOW)
    }

    #[test]
    fn paths_match_as_plain_prefixes_of_the_request_directory() {
        let mut jar = Jar::new();
        for (url_path, text) in [
            ("/bar", "root=1"),
            ("/bar/", "dir=1"),
            ("/", "foo=1; path=/foo"),
            ("/bar/", "fooslash=1; path=/foo/"),
        ] {
            assert!(jar.store("www.example.com", url_path, text, NOW), "{text}");
        }
        // The default path is the directory through its last '/': "/" for "/bar", "/bar/" for
        // "/bar/".
        assert_eq!(
            sent(&jar, "www.example.com", "/").as_deref(),
            Some("root=1")
        );
        assert_eq!(
            sent(&jar, "www.example.com", "/barfoo/").as_deref(),
            Some("root=1")
        );
        assert_eq!(
            sent(&jar, "www.example.com", "/bar/x").as_deref(),
            Some("dir=1; root=1")
        );
        // "/foo" is a prefix of the directory "/foobar/" (no '/' boundary is needed) but not of
        // "/", the directory of "/foobar".
        assert_eq!(
            sent(&jar, "www.example.com", "/foobar").as_deref(),
            Some("root=1")
        );
        assert_eq!(
            sent(&jar, "www.example.com", "/foobar/").as_deref(),
            Some("foo=1; root=1")
        );
        assert_eq!(
            sent(&jar, "www.example.com", "/foo/bar?q=/x/").as_deref(),
            Some("fooslash=1; foo=1; root=1")
        );
        assert_eq!(
            sent(&jar, "www.example.com", "/foo").as_deref(),
            Some("root=1")
        );
        // The same rule for an application's InternetGetCookie.
        assert_eq!(
            jar.for_app("www.example.com", "/foobar/", false, NOW, false)
                .as_deref(),
            Some("foo=1; root=1")
        );
    }

    #[test]
    fn a_public_suffix_is_no_cookie_domain() {
        let mut jar = Jar::new();
        for (host, domain) in [
            ("www.example.co.uk", "co.uk"),
            ("www.example.co.uk", ".co.uk"),
            ("www.example.co.uk", "uk"),
            ("www.aaa.example.com.pl", "com.pl"),
            ("www.example.com", "com"),
            ("www.example.com", ".COM"),
            ("a.b.github.io", "github.io"),
            ("a.localhost", "localhost"),
        ] {
            assert_eq!(
                jar.store_from_app(host, "/", &format!("x=1; domain={domain}"), NOW, false),
                Err(Refusal::NotCookie),
                "{domain} from {host}"
            );
            assert!(!jar.store(host, "/", &format!("x=1; Domain={domain}"), NOW));
        }
        assert_eq!(sent(&jar, "other.co.uk", "/"), None);
        assert_eq!(sent(&jar, "www.example.co.uk", "/"), None);
        // One label below a suffix is a registrable domain.
        assert!(jar.store("www.example.co.uk", "/", "uk=1; domain=example.co.uk", NOW));
        assert!(jar.store(
            "www.aaa.example.com.pl",
            "/",
            "pl=1; domain=example.com.pl",
            NOW
        ));
        assert_eq!(
            sent(&jar, "api.example.co.uk", "/").as_deref(),
            Some("uk=1")
        );
        assert_eq!(sent(&jar, "example.com.pl", "/").as_deref(), Some("pl=1"));
        // A domain the host is not within is refused as well.
        assert!(!jar.store("www.aaa.example.com", "/", "d=1; domain=different.com", NOW));
        assert!(!jar.store("www.example.com", "/", "d=1; domain=ample.com", NOW));
        // A host that is a public suffix keeps its own cookie, host-only.
        assert!(jar.store("localhost", "/", "l=1; domain=localhost", NOW));
        assert_eq!(sent(&jar, "localhost", "/").as_deref(), Some("l=1"));
        assert_eq!(sent(&jar, "a.localhost", "/"), None);
    }

    #[test]
    fn an_ip_address_has_no_parent_domain() {
        let mut jar = Jar::new();
        // "2.3.4" reads as an IPv4 address: a cookie for it goes to it alone, never to 1.2.3.4.
        assert!(jar.store("2.3.4", "/", "a=1; domain=2.3.4", NOW));
        assert!(jar.store("2.3.4", "/", "b=1", NOW));
        assert_eq!(sent(&jar, "2.3.4", "/").as_deref(), Some("a=1; b=1"));
        assert_eq!(sent(&jar, "1.2.3.4", "/"), None);
        // A Domain attribute naming a tail of an address is refused.
        assert!(!jar.store("1.2.3.4", "/", "c=1; domain=2.3.4", NOW));
        assert!(!jar.store("1.2.3.4", "/", "c=1; domain=.3.4", NOW));
        assert!(!jar.store("127.0.0.1", "/", "c=1; domain=0.0.1", NOW));
        assert_eq!(sent(&jar, "2.3.4", "/").as_deref(), Some("a=1; b=1"));
        assert!(jar.store("127.0.0.1", "/", "d=1; domain=127.0.0.1", NOW));
        assert_eq!(sent(&jar, "127.0.0.1", "/").as_deref(), Some("d=1"));
        assert_eq!(sent(&jar, "0.127.0.0.1", "/"), None);
        assert!(jar.store("[::1]", "/", "v6=1; domain=::1", NOW));
        assert_eq!(sent(&jar, "[::1]", "/").as_deref(), Some("v6=1"));
        assert!(is_ip_host("0x7f.1") && is_ip_host("10") && is_ip_host("1.2.3.4."));
        assert!(!is_ip_host("1.2.3.example") && !is_ip_host("example.com") && !is_ip_host(""));
    }

    #[test]
    fn epoch_arithmetic() {
        assert_eq!(unix_seconds(1970, 1, 1, 0, 0, 0), 0);
        assert_eq!(unix_seconds(2023, 11, 14, 22, 13, 20), 1_700_000_000);
        assert_eq!(unix_seconds(2000, 3, 1, 0, 0, 0), 951_868_800);
    }
}
