// SPDX-License-Identifier: MIT OR Apache-2.0
//! Proxy configuration: which proxy a request goes through, or none.
//!
//! Two sources fill a [`ProxyConfig`]:
//!
//! - `INTERNET_OPEN_TYPE_PROXY` gives WinInet's two strings, read by [`ProxyConfig::parse`].
//!   The proxy list holds entries `[<scheme>=][<proxy-scheme>://]<host>[:<port>]` separated
//!   by spaces or semicolons: `"proxy:8080"` serves every scheme, `"http=p1:80 https=p2:3128"`
//!   one scheme each. The port defaults to 80. The bypass list is read by [`Bypass::parse`].
//! - `INTERNET_OPEN_TYPE_PRECONFIG` reads the environment as curl does, with
//!   [`ProxyConfig::from_env`]: `http_proxy` (lower case only), `https_proxy`, `all_proxy` and
//!   `no_proxy` (each also in upper case, lower case first).
//!
//! Whatever the source, loopback hosts (`localhost`, 127.0.0.0/8 and `::1`) go direct, as in
//! WinInet, unless the bypass list holds `<-loopback>` or [`Bypass::loopback`] is cleared.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The port of a WinInet proxy entry that names none.
pub const DEFAULT_PORT: u16 = 80;

/// The port of an environment proxy URL that names none, as curl does: 1080, or 443 for an
/// `https://` proxy.
pub const ENV_DEFAULT_PORT: u16 = 1080;

/// One proxy server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    /// How to talk to the proxy, lower-cased: `"http"` unless the entry said otherwise
    /// (`"https"`, or `"socks"` for WinInet's `socks=` entries and curl's `socks4://`,
    /// `socks5://`... URLs, which keep their own name). rinet speaks to `"http"` proxies.
    pub scheme: String,
    /// Host name or IP address, without IPv6 brackets.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// User name from a `user:password@` prefix, percent-decoded.
    pub user: Option<String>,
    /// Password from a `user:password@` prefix, percent-decoded.
    pub password: Option<String>,
}

impl Proxy {
    /// `host:port`, with brackets around an IPv6 address: the proxy's address as it goes in a
    /// Host header or a log line.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Why a proxy string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyError {
    /// The proxy list holds no entry at all.
    Empty,
    /// This entry has no host, or a port that is not a number from 1 to 65535.
    BadEntry(String),
}

/// Which proxy serves which request scheme, and which hosts go direct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyConfig {
    /// `(request scheme, proxy)`; `None` serves every scheme without an entry of its own.
    servers: Vec<(Option<String>, Proxy)>,
    /// Hosts that go direct.
    pub bypass: Bypass,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig::direct()
    }
}

impl ProxyConfig {
    /// No proxy: every request goes direct.
    pub fn direct() -> Self {
        ProxyConfig {
            servers: Vec::new(),
            bypass: Bypass::default(),
        }
    }

    /// WinInet's proxy list and bypass list, as given to `InternetOpen` with
    /// `INTERNET_OPEN_TYPE_PROXY` or in `INTERNET_PROXY_INFO`.
    ///
    /// Entries are separated by spaces or semicolons. `scheme=` limits an entry to requests of
    /// that scheme (`http`, `https`, `ftp`); `socks=` names a SOCKS proxy. A request uses the
    /// entry for its scheme, else an entry without `scheme=`, else the `socks=` entry; when two
    /// entries claim the same place the first wins. A `proxy-scheme://` prefix and a trailing
    /// `/` are accepted. Errors: [`ProxyError::Empty`] when there is no entry (WinInet would
    /// take an empty string as a proxy name) and [`ProxyError::BadEntry`] for an entry without
    /// a host or with a bad port.
    pub fn parse(proxy: &str, bypass: &str) -> Result<Self, ProxyError> {
        let mut servers = Vec::new();
        for entry in proxy.split([' ', '\t', ';']).filter(|e| !e.is_empty()) {
            let (key, rest) = match entry.split_once('=') {
                Some((k, r)) => (Some(k.to_ascii_lowercase()), r),
                None => (None, entry),
            };
            let bad = || ProxyError::BadEntry(entry.to_string());
            let (key, default_scheme) = match key.as_deref() {
                Some("socks") => (Some("socks".to_string()), "socks"),
                Some("") => return Err(bad()),
                _ => (key, "http"),
            };
            let server = parse_server(rest, default_scheme, |s| match s {
                "socks" => 1080,
                "https" => 443,
                _ => DEFAULT_PORT,
            })
            .ok_or_else(bad)?;
            servers.push((key, server));
        }
        if servers.is_empty() {
            return Err(ProxyError::Empty);
        }
        Ok(ProxyConfig {
            servers,
            bypass: Bypass::parse(bypass),
        })
    }

    /// The configuration curl would take from the environment, read through `get` (which
    /// returns a variable's value, or `None` when it is unset).
    ///
    /// - `http_proxy` serves `http` requests. Only the lower-case name is read: a CGI program
    ///   gets the request's `Proxy:` header as `HTTP_PROXY`.
    /// - `https_proxy`, then `HTTPS_PROXY`, serves `https` requests.
    /// - `all_proxy`, then `ALL_PROXY`, serves any scheme without its own variable.
    /// - `no_proxy`, then `NO_PROXY`, is the bypass list, read by [`Bypass::from_no_proxy`].
    ///
    /// Empty values count as unset. A value is a URL, `[scheme://][user:password@]host[:port]`;
    /// without a scheme it is an `http` proxy, and without a port it uses
    /// [`ENV_DEFAULT_PORT`]. A value that cannot be read is skipped.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Self {
        let var = |names: &[&str]| {
            names
                .iter()
                .filter_map(|n| get(n))
                .find(|v| !v.trim().is_empty())
        };
        let env_port = |s: &str| if s == "https" { 443 } else { ENV_DEFAULT_PORT };
        let mut servers = Vec::new();
        let wanted: [(Option<&str>, &[&str]); 3] = [
            (Some("http"), &["http_proxy"]),
            (Some("https"), &["https_proxy", "HTTPS_PROXY"]),
            (None, &["all_proxy", "ALL_PROXY"]),
        ];
        for (key, names) in wanted {
            if let Some(server) = var(names).and_then(|v| parse_server(v.trim(), "http", env_port))
            {
                servers.push((key.map(str::to_string), server));
            }
        }
        let bypass = var(&["no_proxy", "NO_PROXY"])
            .map(|v| Bypass::from_no_proxy(&v))
            .unwrap_or_default();
        ProxyConfig { servers, bypass }
    }

    /// True when no proxy is configured for any scheme.
    pub fn is_direct(&self) -> bool {
        self.servers.is_empty()
    }

    /// The proxy for requests of `scheme` (`"http"`, `"https"`), ignoring the bypass list.
    pub fn server_for(&self, scheme: &str) -> Option<&Proxy> {
        let find = |want: Option<&str>| {
            self.servers
                .iter()
                .find(|(k, _)| match (k.as_deref(), want) {
                    (Some(k), Some(w)) => k.eq_ignore_ascii_case(w),
                    (None, None) => true,
                    _ => false,
                })
                .map(|(_, p)| p)
        };
        find(Some(scheme))
            .or_else(|| find(None))
            .or_else(|| find(Some("socks")))
    }

    /// The proxy for a request of `scheme` to `host:port`, or `None` to go direct (no proxy for
    /// the scheme, or the host is bypassed).
    pub fn proxy_for(&self, scheme: &str, host: &str, port: u16) -> Option<&Proxy> {
        let server = self.server_for(scheme)?;
        (!self.bypass.bypass(host, port)).then_some(server)
    }
}

/// Read `[scheme://][user[:password]@]host[:port][/...]`. `port_for` gives the port when the
/// text names none, from the proxy scheme. `None` when there is no host or the port is bad.
fn parse_server(text: &str, default_scheme: &str, port_for: impl Fn(&str) -> u16) -> Option<Proxy> {
    let (scheme, rest) = match text.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => (default_scheme.to_string(), text),
    };
    let rest = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let (user, password) = match userinfo {
        Some(u) => match u.split_once(':') {
            Some((n, p)) => (Some(percent_decode(n)), Some(percent_decode(p))),
            None => (Some(percent_decode(u)), None),
        },
        None => (None, None),
    };
    let (host, port) = split_host_port(hostport)?;
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => p,
        None => port_for(&scheme),
    };
    Some(Proxy {
        scheme,
        host: host.to_string(),
        port,
        user,
        password,
    })
}

/// Split `host[:port]` or `[v6]:port`. A bare IPv6 address (more than one colon) has no port.
/// `None` for a port that is not a number from 1 to 65535, or an unclosed bracket.
fn split_host_port(s: &str) -> Option<(&str, Option<u16>)> {
    let parse_port = |p: &str| -> Option<u16> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse::<u16>().ok().filter(|&n| n != 0)
    };
    if let Some(inner) = s.strip_prefix('[') {
        let (host, after) = inner.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(parse_port(p)?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match s.split_once(':') {
        Some((host, p)) if !p.contains(':') => Some((host, Some(parse_port(p)?))),
        _ => Some((s, None)),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A host name or address, ready to compare: lower case, no IPv6 brackets, no trailing dot.
fn normalize(host: &str) -> String {
    let h = host.trim();
    let h = h
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(h);
    h.strip_suffix('.').unwrap_or(h).to_ascii_lowercase()
}

/// True for `localhost`, 127.0.0.0/8, `::1` and the IPv4-mapped form of a 127 address.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => a.is_loopback(),
        Ok(IpAddr::V6(a)) => {
            a.is_loopback() || a.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => false,
    }
}

/// One entry of a bypass list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// WinInet's `<local>`: host names without a dot.
    Local,
    /// A WinInet pattern where `*` matches any run of characters; exact otherwise.
    Pattern { pattern: String, port: Option<u16> },
    /// A curl `no_proxy` name: that host and every host under it.
    Domain { name: String, port: Option<u16> },
    /// An IP address with a prefix length (a plain address has the full length).
    Cidr { net: IpAddr, bits: u8 },
    /// curl's lone `*`: everything.
    All,
}

/// The hosts that go direct instead of through the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bypass {
    rules: Vec<Rule>,
    /// Loopback hosts (`localhost`, 127.0.0.0/8, `::1`) go direct. On by default, as in
    /// WinInet; `<-loopback>` in a WinInet bypass list turns it off.
    pub loopback: bool,
}

impl Default for Bypass {
    /// Only loopback goes direct.
    fn default() -> Self {
        Bypass {
            rules: Vec::new(),
            loopback: true,
        }
    }
}

impl Bypass {
    /// A WinInet bypass list: entries separated by semicolons or white space, matched without
    /// regard to case.
    ///
    /// - `<local>`: any host name without a dot (IP addresses are not local names).
    /// - `<-loopback>`: loopback hosts no longer go direct by default.
    /// - A pattern: `*` matches any run of characters (`*.example.com`, `10.*`,
    ///   `*intranet*`); without `*` the host must match exactly. A `:port` suffix limits it to
    ///   that port; a `scheme://` prefix is accepted and ignored. IPv6 addresses may be written
    ///   with or without brackets (brackets are needed with a port).
    pub fn parse(list: &str) -> Bypass {
        let mut b = Bypass::default();
        for entry in list
            .split([' ', '\t', '\r', '\n', ';'])
            .filter(|e| !e.is_empty())
        {
            if entry.eq_ignore_ascii_case("<local>") {
                b.rules.push(Rule::Local);
                continue;
            }
            if entry.eq_ignore_ascii_case("<-loopback>") {
                b.loopback = false;
                continue;
            }
            let entry = entry.split_once("://").map_or(entry, |(_, r)| r);
            let entry = entry.strip_suffix('/').unwrap_or(entry);
            let Some((host, port)) = split_host_port(entry) else {
                continue;
            };
            let pattern = normalize(host);
            if !pattern.is_empty() {
                b.rules.push(Rule::Pattern { pattern, port });
            }
        }
        b
    }

    /// A curl `no_proxy` list: entries separated by commas (white space around them is
    /// ignored).
    ///
    /// - `*` alone: every host goes direct.
    /// - A name matches itself and every name under it: `example.com` matches `example.com`
    ///   and `www.example.com`, not `notexample.com`. A leading `.` or `*.` is ignored.
    /// - An IP address (IPv6 without brackets) matches that address, and with `/bits` (CIDR)
    ///   every address in the network; names never match addresses.
    /// - An optional `:port` limits a name to that port.
    ///
    /// Loopback stays bypassed as well (see [`Bypass::loopback`]).
    pub fn from_no_proxy(list: &str) -> Bypass {
        let mut b = Bypass::default();
        for entry in list.split([',', ' ', '\t']).filter(|e| !e.is_empty()) {
            if entry == "*" {
                b.rules.push(Rule::All);
                continue;
            }
            if let Some(rule) = cidr_rule(entry) {
                b.rules.push(rule);
                continue;
            }
            let Some((host, port)) = split_host_port(entry) else {
                continue;
            };
            if let Ok(ip) = normalize(host).parse::<IpAddr>() {
                let bits = if ip.is_ipv4() { 32 } else { 128 };
                b.rules.push(Rule::Cidr { net: ip, bits });
                continue;
            }
            let name = normalize(host);
            let name = name.strip_prefix('*').unwrap_or(&name);
            let name = name.trim_start_matches('.');
            if !name.is_empty() {
                b.rules.push(Rule::Domain {
                    name: name.to_string(),
                    port,
                });
            }
        }
        b
    }

    /// True when a request to `host:port` goes direct. `host` may be a name, an IPv4 address
    /// or an IPv6 address with or without brackets.
    pub fn bypass(&self, host: &str, port: u16) -> bool {
        let host = normalize(host);
        if self.loopback && is_loopback(&host) {
            return true;
        }
        let ip = host.parse::<IpAddr>().ok();
        let port_ok = |p: &Option<u16>| p.is_none_or(|p| p == port);
        self.rules.iter().any(|rule| match rule {
            Rule::All => true,
            Rule::Local => ip.is_none() && !host.contains('.') && !host.is_empty(),
            Rule::Pattern { pattern, port: p } => port_ok(p) && glob(pattern, &host),
            Rule::Domain { name, port: p } => {
                ip.is_none()
                    && port_ok(p)
                    && (host == *name
                        || host
                            .strip_suffix(name.as_str())
                            .is_some_and(|head| head.ends_with('.')))
            }
            Rule::Cidr { net, bits } => ip.is_some_and(|ip| in_network(ip, *net, *bits)),
        })
    }
}

/// `a.b.c.d/n` or `v6/n`, or `None` when the entry is not in CIDR form.
fn cidr_rule(entry: &str) -> Option<Rule> {
    let (addr, bits) = entry.split_once('/')?;
    let net = normalize(addr).parse::<IpAddr>().ok()?;
    let max = if net.is_ipv4() { 32 } else { 128 };
    let bits = bits.parse::<u8>().ok().filter(|&b| b <= max)?;
    Some(Rule::Cidr { net, bits })
}

/// True when `ip` is inside `net/bits`. An IPv4-mapped IPv6 address counts as its IPv4 form.
fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let v4 = |ip: IpAddr| -> Option<Ipv4Addr> {
        match ip {
            IpAddr::V4(a) => Some(a),
            IpAddr::V6(a) => a.to_ipv4_mapped(),
        }
    };
    match (net, ip) {
        (IpAddr::V4(n), _) => {
            let Some(a) = v4(ip) else { return false };
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        (IpAddr::V6(n), IpAddr::V4(a)) => {
            let a: Ipv6Addr = a.to_ipv6_mapped();
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
    }
}

/// Match `text` against `pattern`, where `*` matches any run of characters (also none).
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and the text position it is currently standing for.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn addr(p: Option<&Proxy>) -> Option<String> {
        p.map(|p| format!("{}://{}", p.scheme, p.authority()))
    }

    #[test]
    fn one_proxy_for_every_scheme() {
        let c = ProxyConfig::parse("proxy.example:8080", "").unwrap();
        assert!(!c.is_direct());
        assert_eq!(
            addr(c.server_for("http")).unwrap(),
            "http://proxy.example:8080"
        );
        assert_eq!(
            addr(c.server_for("https")).unwrap(),
            "http://proxy.example:8080"
        );
        // Default port 80, a scheme prefix and a trailing slash.
        let c = ProxyConfig::parse("http://proxy.example/", "").unwrap();
        assert_eq!(
            addr(c.server_for("https")).unwrap(),
            "http://proxy.example:80"
        );
        let c = ProxyConfig::parse("[::1]:3128", "").unwrap();
        let p = c.server_for("http").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("::1", 3128));
        assert_eq!(p.authority(), "[::1]:3128");
    }

    #[test]
    fn per_scheme_entries() {
        let c = ProxyConfig::parse("http=h1:81 https=h2:82", "").unwrap();
        assert_eq!(addr(c.server_for("http")).unwrap(), "http://h1:81");
        assert_eq!(addr(c.server_for("HTTPS")).unwrap(), "http://h2:82");
        assert_eq!(c.server_for("ftp"), None);

        // Semicolons, a default entry and a first-wins rule.
        let c = ProxyConfig::parse(";HTTP=h1;default:3128; http=ignored:1 ;", "").unwrap();
        assert_eq!(addr(c.server_for("http")).unwrap(), "http://h1:80");
        assert_eq!(addr(c.server_for("https")).unwrap(), "http://default:3128");

        // A scheme entry with a proxy URL, and SOCKS as the last resort.
        let c = ProxyConfig::parse("https=http://h2:8443 socks=s", "").unwrap();
        assert_eq!(addr(c.server_for("https")).unwrap(), "http://h2:8443");
        assert_eq!(addr(c.server_for("http")).unwrap(), "socks://s:1080");
    }

    #[test]
    fn bad_proxy_strings() {
        assert_eq!(ProxyConfig::parse("", ""), Err(ProxyError::Empty));
        assert_eq!(ProxyConfig::parse(" ; ", ""), Err(ProxyError::Empty));
        for bad in [
            "h:x", "h:0", "h:65536", "http=", ":80", "=h:80", "[::1", "h:",
        ] {
            assert_eq!(
                ProxyConfig::parse(bad, ""),
                Err(ProxyError::BadEntry(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn loopback_goes_direct_by_default() {
        let c = ProxyConfig::parse("p:1", "").unwrap();
        for host in [
            "localhost",
            "LOCALHOST.",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
            "::ffff:127.0.0.1",
        ] {
            assert!(c.bypass.bypass(host, 80), "{host}");
            assert_eq!(c.proxy_for("http", host, 80), None, "{host}");
        }
        for host in [
            "example.com",
            "128.0.0.1",
            "::2",
            "localhost.example",
            "10.0.0.1",
        ] {
            assert!(!c.bypass.bypass(host, 80), "{host}");
            assert!(c.proxy_for("http", host, 80).is_some(), "{host}");
        }
        // <-loopback> turns it off.
        let c = ProxyConfig::parse("p:1", "<-LOOPBACK>").unwrap();
        assert!(!c.bypass.loopback);
        assert!(!c.bypass.bypass("localhost", 80));
        assert!(!c.bypass.bypass("[::1]", 80));
        assert_eq!(
            addr(c.proxy_for("http", "127.0.0.1", 80)).unwrap(),
            "http://p:1"
        );
    }

    #[test]
    fn local_names() {
        let b = Bypass::parse("<local>");
        assert!(b.bypass("intranet", 80));
        assert!(b.bypass("Intranet", 8080));
        assert!(!b.bypass("intranet.corp", 80));
        assert!(!b.bypass("10.0.0.1", 80));
        assert!(!b.bypass("fe80::1", 80));
        assert!(!Bypass::parse("").bypass("intranet", 80));
    }

    #[test]
    fn patterns_and_ports() {
        let b = Bypass::parse(
            "*.example.com; 10.* \t exact.host;other:8080 [fe80::1]:81 ::2 http://skip.me",
        );
        assert!(b.bypass("www.example.com", 80));
        assert!(b.bypass("A.B.EXAMPLE.COM", 443));
        assert!(!b.bypass("example.com", 80));
        assert!(!b.bypass("notexample.com", 80));
        assert!(b.bypass("10.1.2.3", 80));
        assert!(!b.bypass("110.1.2.3", 80));
        assert!(b.bypass("exact.host", 1));
        assert!(!b.bypass("exact.host.too", 1));
        assert!(b.bypass("other", 8080));
        assert!(!b.bypass("other", 80));
        assert!(b.bypass("[fe80::1]", 81));
        assert!(!b.bypass("fe80::1", 82));
        assert!(b.bypass("::2", 80));
        assert!(b.bypass("skip.me", 80));
        assert!(Bypass::parse("*").bypass("anything.at.all", 1));
        assert!(Bypass::parse("*intra*").bypass("my-intranet-host.corp", 1));
    }

    #[test]
    fn glob_matching() {
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(glob("a*b*c", "abc"));
        assert!(!glob("a*b*c", "acb"));
        assert!(glob("*.a.b", "x.y.a.b"));
        assert!(!glob("*.a.b", "a.b"));
        assert!(glob("a**", "a"));
        assert!(!glob("abc", "abcd"));
    }

    #[test]
    fn env_variables() {
        let c = ProxyConfig::from_env(env(&[
            ("http_proxy", "http://h1:3128"),
            ("HTTPS_PROXY", "h2:8443"),
            ("no_proxy", "internal.example"),
        ]));
        assert_eq!(addr(c.server_for("http")).unwrap(), "http://h1:3128");
        assert_eq!(addr(c.server_for("https")).unwrap(), "http://h2:8443");
        assert_eq!(c.proxy_for("http", "www.internal.example", 80), None);
        assert!(c.proxy_for("http", "www.example", 80).is_some());
        // Loopback goes direct here too.
        assert_eq!(c.proxy_for("http", "localhost", 80), None);

        // HTTP_PROXY in upper case is not read; lower case wins over upper case.
        let c = ProxyConfig::from_env(env(&[
            ("HTTP_PROXY", "http://evil:1"),
            ("https_proxy", "lower:1"),
            ("HTTPS_PROXY", "upper:1"),
        ]));
        assert_eq!(c.server_for("http"), None);
        assert_eq!(addr(c.server_for("https")).unwrap(), "http://lower:1");

        // all_proxy fills in; empty values are unset; no port means curl's default.
        let c = ProxyConfig::from_env(env(&[("http_proxy", ""), ("ALL_PROXY", "all.example")]));
        assert_eq!(
            addr(c.server_for("http")).unwrap(),
            "http://all.example:1080"
        );
        assert_eq!(
            addr(c.server_for("https")).unwrap(),
            "http://all.example:1080"
        );
        let c = ProxyConfig::from_env(env(&[("all_proxy", "https://secure.example")]));
        assert_eq!(
            addr(c.server_for("http")).unwrap(),
            "https://secure.example:443"
        );
        let c = ProxyConfig::from_env(env(&[("all_proxy", "socks5h://s:9050")]));
        assert_eq!(addr(c.server_for("http")).unwrap(), "socks5h://s:9050");

        // Nothing set, or nothing readable: direct.
        assert!(ProxyConfig::from_env(env(&[])).is_direct());
        assert!(ProxyConfig::from_env(env(&[("http_proxy", "h:notaport")])).is_direct());
        assert_eq!(ProxyConfig::default(), ProxyConfig::direct());
    }

    #[test]
    fn credentials_in_proxy_urls() {
        let c = ProxyConfig::from_env(env(&[("http_proxy", "http://us%40er:p%3Ass@word@h:8080/")]));
        let p = c.server_for("http").unwrap();
        assert_eq!(p.user.as_deref(), Some("us@er"));
        assert_eq!(p.password.as_deref(), Some("p:ss@word"));
        assert_eq!((p.host.as_str(), p.port), ("h", 8080));
        let c = ProxyConfig::from_env(env(&[("http_proxy", "justuser@h:1")]));
        let p = c.server_for("http").unwrap();
        assert_eq!(
            (p.user.as_deref(), p.password.as_deref()),
            (Some("justuser"), None)
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(
            ProxyConfig::parse("h:1", "")
                .unwrap()
                .server_for("x")
                .unwrap()
                .user,
            None
        );
    }

    #[test]
    fn no_proxy_rules() {
        let b = Bypass::from_no_proxy("example.com, .dot.org,*.star.net ,10.0.0.0/8,192.168.1.7, fe80::/10,::5,port.test:8080");
        // A name matches itself and what is under it, not look-alikes.
        assert!(b.bypass("example.com", 80));
        assert!(b.bypass("www.example.com", 80));
        assert!(b.bypass("EXAMPLE.COM.", 80));
        assert!(!b.bypass("notexample.com", 80));
        assert!(!b.bypass("example.com.org", 80));
        // Leading "." and "*." are ignored.
        assert!(b.bypass("dot.org", 80));
        assert!(b.bypass("a.dot.org", 80));
        assert!(b.bypass("star.net", 80));
        assert!(b.bypass("a.b.star.net", 80));
        // Addresses and networks.
        assert!(b.bypass("10.200.3.4", 80));
        assert!(!b.bypass("11.0.0.1", 80));
        assert!(b.bypass("192.168.1.7", 80));
        assert!(!b.bypass("192.168.1.8", 80));
        assert!(b.bypass("[fe80::abcd]", 80));
        assert!(!b.bypass("fec0::1", 80));
        assert!(b.bypass("::5", 80));
        assert!(b.bypass("0:0::5", 80));
        assert!(b.bypass("::ffff:10.1.1.1", 80));
        // Ports.
        assert!(b.bypass("port.test", 8080));
        assert!(!b.bypass("port.test", 80));
        // Names do not match addresses that happen to end the same.
        let b = Bypass::from_no_proxy("0.1");
        assert!(!b.bypass("10.0.0.1", 80));
        // "*" alone matches everything; inside a name it is not a wildcard.
        assert!(Bypass::from_no_proxy("*").bypass("any.host", 1));
        assert!(Bypass::from_no_proxy("a, *").bypass("10.0.0.1", 1));
        assert!(!Bypass::from_no_proxy("ex*.com").bypass("example.com", 1));
        // Bad CIDR lengths are skipped; an empty list bypasses only loopback.
        assert!(!Bypass::from_no_proxy("10.0.0.0/33").bypass("10.0.0.1", 1));
        let empty = Bypass::from_no_proxy("");
        assert!(!empty.bypass("example.com", 80));
        assert!(empty.bypass("127.0.0.1", 80));
        assert!(Bypass::from_no_proxy("0.0.0.0/0").bypass("8.8.8.8", 1));
    }

    #[test]
    fn random_input_never_panics() {
        let alphabet: Vec<char> = "a1.:[]*/;,= <>%@-\u{e9}".chars().collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let text: String = (0..len)
                .map(|i| alphabet[((seed >> (i % 50)) as usize + i * 11) % alphabet.len()])
                .collect();
            let _ = ProxyConfig::parse(&text, &text);
            let _ = ProxyConfig::from_env(|_| Some(text.clone()));
            Bypass::parse(&text).bypass(&text, 80);
            Bypass::from_no_proxy(&text).bypass(&text, 80);
        }
    }
}
