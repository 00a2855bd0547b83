// SPDX-License-Identifier: MIT OR Apache-2.0
//! Request heads: the request line and header block as bytes for the wire.

use super::headers::{to_latin1, HeaderList};

/// Serialize `METHOD target VERSION\r\n` followed by every header and the blank line.
pub fn serialize_head(method: &str, target: &str, version: &str, headers: &HeaderList) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + headers.len() * 32);
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(&to_latin1(target));
    out.push(b' ');
    out.extend_from_slice(version.as_bytes());
    out.extend_from_slice(b"\r\n");
    push_header_block(&mut out, headers);
    out
}

/// Append every header as `Name: value\r\n`, then the blank line that ends a head.
pub fn push_header_block(out: &mut Vec<u8>, headers: &HeaderList) {
    for (n, v) in headers.iter() {
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(&to_latin1(v));
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
}

/// The Host header value: the host, bracketed when it is an IPv6 literal, with the port unless
/// it is the scheme's default.
pub fn host_header(host: &str, port: u16, secure: bool) -> String {
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let default = if secure { 443 } else { 80 };
    if port == default {
        host
    } else {
        format!("{host}:{port}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_bytes() {
        let mut h = HeaderList::new();
        h.push("Host", &host_header("example.test", 8080, false));
        h.push("X", "y");
        let b = serialize_head("GET", "/a?b", "HTTP/1.1", &h);
        assert_eq!(
            b,
            b"GET /a?b HTTP/1.1\r\nHost: example.test:8080\r\nX: y\r\n\r\n"
        );
        assert_eq!(host_header("::1", 80, false), "[::1]");
        assert_eq!(host_header("h", 443, false), "h:443");
        assert_eq!(host_header("h", 443, true), "h");
    }
}
