// SPDX-License-Identifier: MIT OR Apache-2.0
//! Response heads: parsing with httparse, interim (1xx) responses, and the body framing rules.

use super::body::Framing;
use super::headers::{latin1, HeaderList};

/// Largest response head accepted, in bytes (status line, headers and the blank line).
pub const DEFAULT_MAX_HEAD: usize = 64 * 1024;
/// Most header lines accepted in one response head.
pub const MAX_HEADERS: usize = 256;

/// A parsed response head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor: u8,
    /// The status code, 100 to 999.
    pub status: u16,
    /// The reason phrase (may be empty).
    pub reason: String,
    /// The header lines in order.
    pub headers: HeaderList,
}

/// Why a response head was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Not an HTTP/1.x status line or header block.
    Invalid,
    /// Larger than the size limit, or more header lines than allowed.
    TooLarge,
    /// Content-Length values disagree or are not numbers.
    BadLength,
}

impl ResponseHead {
    /// Parse one head from the start of `buf`. `Ok(None)` means more bytes are needed.
    /// On success also returns how many bytes the head took.
    pub fn parse(buf: &[u8], max_head: usize) -> Result<Option<(ResponseHead, usize)>, ParseError> {
        let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut resp = httparse::Response::new(&mut storage);
        let parsed = httparse::ParserConfig::default()
            .allow_spaces_after_header_name_in_responses(true)
            .allow_obsolete_multiline_headers_in_responses(true)
            .allow_multiple_spaces_in_response_status_delimiters(true)
            .parse_response(&mut resp, buf);
        match parsed {
            Ok(httparse::Status::Complete(n)) => {
                if n > max_head {
                    return Err(ParseError::TooLarge);
                }
                let mut headers = HeaderList::new();
                for h in resp.headers.iter() {
                    headers.push(h.name, &latin1(h.value));
                }
                let head = ResponseHead {
                    minor: resp.version.unwrap_or(1),
                    status: resp.code.unwrap_or(0),
                    reason: resp.reason.unwrap_or("").to_string(),
                    headers,
                };
                if !(100..=999).contains(&head.status) {
                    return Err(ParseError::Invalid);
                }
                Ok(Some((head, n)))
            }
            Ok(httparse::Status::Partial) => {
                if buf.len() > max_head {
                    Err(ParseError::TooLarge)
                } else {
                    Ok(None)
                }
            }
            Err(httparse::Error::TooManyHeaders) => Err(ParseError::TooLarge),
            Err(_) => Err(ParseError::Invalid),
        }
    }

    /// True for an interim 1xx response other than 101, which the client skips.
    pub fn is_interim(&self) -> bool {
        (100..200).contains(&self.status) && self.status != 101
    }

    /// The status line as WinInet reports it, e.g. "HTTP/1.1 200 OK".
    pub fn status_line(&self) -> String {
        if self.reason.is_empty() {
            format!("HTTP/1.{} {}", self.minor, self.status)
        } else {
            format!("HTTP/1.{} {} {}", self.minor, self.status, self.reason)
        }
    }

    /// The version text, e.g. "HTTP/1.1".
    pub fn version(&self) -> String {
        format!("HTTP/1.{}", self.minor)
    }

    /// How the body is delimited, given the request method (RFC 9112 §6.3).
    pub fn framing(&self, method_is_head: bool) -> Result<Framing, ParseError> {
        if method_is_head
            || (100..200).contains(&self.status)
            || self.status == 204
            || self.status == 304
        {
            return Ok(Framing::None);
        }
        if let Some(te) = self.transfer_encoding() {
            // Both framings at once is how responses are smuggled (RFC 9112 §6.3): refuse it.
            if self.headers.contains("Content-Length") {
                return Err(ParseError::BadLength);
            }
            let last = te.rsplit(',').next().unwrap_or("").trim();
            return Ok(if last.eq_ignore_ascii_case("chunked") {
                Framing::Chunked
            } else {
                Framing::Close
            });
        }
        match self.content_length()? {
            Some(0) => Ok(Framing::None),
            Some(n) => Ok(Framing::Length(n)),
            None => Ok(Framing::Close),
        }
    }

    fn transfer_encoding(&self) -> Option<String> {
        let all: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"))
            .map(|(_, v)| v)
            .collect();
        if all.is_empty() {
            None
        } else {
            Some(all.join(","))
        }
    }

    /// The Content-Length, when present. Several values must agree (a list of equal values counts
    /// as one); anything else is `BadLength`.
    pub fn content_length(&self) -> Result<Option<u64>, ParseError> {
        let mut found: Option<u64> = None;
        for (n, v) in self.headers.iter() {
            if !n.eq_ignore_ascii_case("content-length") {
                continue;
            }
            for part in v.split(',') {
                let part = part.trim();
                if part.is_empty() || part.len() > 19 || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ParseError::BadLength);
                }
                let value: u64 = part.parse().map_err(|_| ParseError::BadLength)?;
                if found.is_some_and(|f| f != value) {
                    return Err(ParseError::BadLength);
                }
                found = Some(value);
            }
        }
        Ok(found)
    }

    /// Whether the connection may carry another request after this response.
    pub fn keep_alive(&self) -> bool {
        // Framing by Transfer-Encoding in an HTTP/1.0 response is faulty framing (RFC 9112
        // §6.1): the connection closes after it. So does a protocol switch.
        if self.status == 101 || (self.minor == 0 && self.headers.contains("Transfer-Encoding")) {
            return false;
        }
        let mut close = self.minor == 0;
        for (n, v) in self.headers.iter() {
            if n.eq_ignore_ascii_case("connection") || n.eq_ignore_ascii_case("proxy-connection") {
                for tok in v.split(',') {
                    let tok = tok.trim();
                    if tok.eq_ignore_ascii_case("close") {
                        return false;
                    }
                    if tok.eq_ignore_ascii_case("keep-alive") {
                        close = false;
                    }
                }
            }
        }
        !close
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_head_and_framing() {
        let wire = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello";
        let (h, n) = ResponseHead::parse(wire, DEFAULT_MAX_HEAD)
            .unwrap()
            .unwrap();
        assert_eq!(n, wire.len() - 5);
        assert_eq!(h.status, 200);
        assert_eq!(h.status_line(), "HTTP/1.1 200 OK");
        assert_eq!(h.framing(false), Ok(Framing::Length(5)));
        assert_eq!(h.framing(true), Ok(Framing::None));
        assert!(h.keep_alive());
        assert_eq!(ResponseHead::parse(&wire[..10], DEFAULT_MAX_HEAD), Ok(None));
    }

    #[test]
    fn framing_rules() {
        let p = |s: &[u8]| ResponseHead::parse(s, DEFAULT_MAX_HEAD).unwrap().unwrap().0;
        let h = p(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assert_eq!(h.framing(false), Ok(Framing::Chunked));
        let h = p(b"HTTP/1.0 200 OK\r\n\r\n");
        assert_eq!(h.framing(false), Ok(Framing::Close));
        assert!(!h.keep_alive());
        let h = p(b"HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n");
        assert_eq!(h.framing(false), Ok(Framing::None));
        let h = p(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n");
        assert_eq!(h.framing(false), Err(ParseError::BadLength));
        let h = p(b"HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\n");
        assert_eq!(h.framing(false), Ok(Framing::Length(3)));
        let h = p(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n");
        assert_eq!(h.framing(false), Err(ParseError::BadLength));
        let h = p(b"HTTP/1.1 100 Continue\r\n\r\n");
        assert!(h.is_interim());
        let h = p(b"HTTP/1.1 200\r\nConnection: close\r\n\r\n");
        assert_eq!(h.reason, "");
        assert!(!h.keep_alive());
    }

    #[test]
    fn rejects_garbage_and_oversize() {
        assert_eq!(
            ResponseHead::parse(b"garbage\r\n\r\n", 1024),
            Err(ParseError::Invalid)
        );
        let mut big = b"HTTP/1.1 200 OK\r\n".to_vec();
        big.extend(std::iter::repeat_n(b'a', 2000));
        assert_eq!(ResponseHead::parse(&big, 1024), Err(ParseError::TooLarge));
    }
}
