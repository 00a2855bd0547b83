// SPDX-License-Identifier: MIT OR Apache-2.0
//! Response heads read as WinInet reads them (interim responses, lines that are no header lines,
//! replies without a status line), and the body framing rules. httparse judges status lines.

use super::body::Framing;
use super::headers::{is_token_byte, latin1, trim, HeaderList};

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
    /// The reply had no status line at all (an HTTP/0.9 answer): this is the head WinInet
    /// reports for it (see [`ResponseHead::without_status_line`]).
    pub no_status_line: bool,
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

/// What the next bytes of a reply hold, as [`next`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// More bytes are needed to tell.
    Need,
    /// A response head, interim or final, and the number of bytes it took.
    Head(ResponseHead, usize),
    /// A line after an interim response that belongs to no response (WinInet skips such
    /// lines until the next status line): this many bytes, its line end included.
    Junk(usize),
    /// The reply does not start with a status line: an HTTP/0.9 answer, whose bytes are all
    /// body (empty lines before them included) until the connection closes.
    NoStatusLine,
}

/// The first bytes of every status line.
const STATUS_PREFIX: &[u8] = b"HTTP/";

/// Whether `rest` begins with a status line: None when it is too short to tell.
fn starts_status(rest: &[u8]) -> Option<bool> {
    let n = rest.len().min(STATUS_PREFIX.len());
    if rest[..n] != STATUS_PREFIX[..n] {
        Some(false)
    } else if n == STATUS_PREFIX.len() {
        Some(true)
    } else {
        None
    }
}

/// The index just past the LF that ends the line starting at `at`, if the line is complete.
fn line_end(buf: &[u8], at: usize) -> Option<usize> {
    buf[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| at + i + 1)
}

/// A line without its LF or CR LF.
fn content(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// How many bytes of empty lines (CR LF or LF) `buf` begins with. A trailing lone CR is not
/// counted (it may be the start of one more).
fn empty_lines(buf: &[u8]) -> usize {
    let mut at = 0;
    loop {
        match &buf[at..] {
            [b'\r', b'\n', ..] => at += 2,
            [b'\n', ..] => at += 1,
            _ => return at,
        }
    }
}

/// More bytes are needed, unless the buffer already holds more than a head may be.
fn partial<T>(buf: &[u8], max_head: usize) -> Result<Option<T>, ParseError> {
    if buf.len() > max_head {
        Err(ParseError::TooLarge)
    } else {
        Ok(None)
    }
}

/// The version (minor), status code and reason phrase of a status line, its line end removed.
fn status_line(line: &[u8]) -> Result<(u8, u16, String), ParseError> {
    // httparse judges the line, as it would at the start of a head without headers.
    let mut wire = Vec::with_capacity(line.len() + 4);
    wire.extend_from_slice(line);
    wire.extend_from_slice(b"\r\n\r\n");
    let mut none = [httparse::EMPTY_HEADER; 0];
    let mut resp = httparse::Response::new(&mut none);
    let parsed = httparse::ParserConfig::default()
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .parse_response(&mut resp, &wire);
    match parsed {
        Ok(httparse::Status::Complete(n)) if n == wire.len() => {}
        _ => return Err(ParseError::Invalid),
    }
    let status = resp.code.unwrap_or(0);
    if !(100..=999).contains(&status) {
        return Err(ParseError::Invalid);
    }
    Ok((
        resp.version.unwrap_or(1),
        status,
        resp.reason.unwrap_or("").to_string(),
    ))
}

/// True when `b` may appear in a header value (HTAB, SP, visible ASCII, obs-text).
fn is_value_byte(b: u8) -> bool {
    b == b'\t' || (0x20..=0x7e).contains(&b) || b >= 0x80
}

/// A header line ("Name: value", spaces allowed before the colon) as name and value; None
/// when it is not one.
fn header_line(line: &[u8]) -> Option<(String, String)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let mut name = &line[..colon];
    while let [rest @ .., b' ' | b'\t'] = name {
        name = rest;
    }
    if name.is_empty() || !name.iter().all(|&b| is_token_byte(b)) {
        return None;
    }
    let value = trim(&line[colon + 1..]);
    if !value.iter().all(|&b| is_value_byte(b)) {
        return None;
    }
    Some((latin1(name), latin1(value)))
}

/// A line of a final head that is no header line (no colon, a bad byte in the name or the
/// value, a folded line with no header to continue). WinInet skips it, and so does rinet,
/// unless it names a framing header: a reader less strict could take "Content-Length\x01: 5"
/// or "Transfer-Encoding chunked" for one, and a response whose end two readers see
/// differently is refused.
fn malformed(line: &[u8]) -> Result<(), ParseError> {
    let lower = line.to_ascii_lowercase();
    let names = |framing: &[u8]| lower.windows(framing.len()).any(|w| w == framing);
    if names(b"content-length") || names(b"transfer-encoding") {
        Err(ParseError::Invalid)
    } else {
        Ok(())
    }
}

/// The head whose status line starts at `start` of `buf` (which begins with "HTTP/" there).
fn parse_from(
    buf: &[u8],
    start: usize,
    max_head: usize,
) -> Result<Option<(ResponseHead, usize)>, ParseError> {
    let Some(end) = line_end(buf, start) else {
        if buf[start..].contains(&0) {
            return Err(ParseError::Invalid);
        }
        return partial(buf, max_head);
    };
    let line = content(&buf[start..end]);
    if line.contains(&0) {
        return Err(ParseError::Invalid);
    }
    let (minor, status, reason) = status_line(line)?;
    let mut head = ResponseHead {
        minor,
        status,
        reason,
        headers: HeaderList::new(),
        no_status_line: false,
    };
    let interim = head.is_interim();
    let mut at = end;
    let mut lines = 0;
    // Whether the last line was a header, which a folded line (one starting with a space or
    // a tab) continues.
    let mut continues = false;
    loop {
        let rest = &buf[at..];
        if interim {
            // An interim head also ends where the next status line starts, as in WinInet,
            // which reads "HTTP/1.1 100 Continue" lines with no empty line after them.
            match starts_status(rest) {
                Some(true) => break,
                None => return partial(buf, max_head),
                Some(false) => {}
            }
        }
        let Some(end) = line_end(buf, at) else {
            if rest.contains(&0) {
                return Err(ParseError::Invalid);
            }
            return partial(buf, max_head);
        };
        let line = content(&buf[at..end]);
        if line.contains(&0) {
            return Err(ParseError::Invalid);
        }
        if end > max_head {
            return Err(ParseError::TooLarge);
        }
        at = end;
        if line.is_empty() {
            break;
        }
        lines += 1;
        if lines > MAX_HEADERS {
            return Err(ParseError::TooLarge);
        }
        if matches!(line[0], b' ' | b'\t') {
            // obs-fold: the line continues the header before it, joined with one space.
            let more = trim(line);
            if continues && more.iter().all(|&b| is_value_byte(b)) {
                head.headers.extend_last(&latin1(more));
                continue;
            }
            if !interim {
                malformed(line)?;
            }
            continue;
        }
        match header_line(line) {
            Some((name, value)) => {
                head.headers.push(&name, &value);
                continues = true;
            }
            None => {
                // An interim head's lines are all dropped: one that is no header line goes
                // with them, as in WinInet.
                if !interim {
                    malformed(line)?;
                }
                continues = false;
            }
        }
    }
    if at > max_head {
        return Err(ParseError::TooLarge);
    }
    Ok(Some((head, at)))
}

/// Read the next part of a reply from the start of `buf`: a response head; a line to skip
/// (when `after_interim`, that is after an interim response of the same reply); or, at the
/// start of a reply, no status line at all. Empty lines before a status line are part of its
/// head.
pub fn next(buf: &[u8], max_head: usize, after_interim: bool) -> Result<Next, ParseError> {
    if !after_interim {
        let rest = &buf[empty_lines(buf)..];
        if rest != b"\r" && starts_status(rest) == Some(false) {
            return Ok(Next::NoStatusLine);
        }
    }
    if after_interim && starts_status(buf) == Some(false) {
        let Some(end) = line_end(buf, 0) else {
            if buf.contains(&0) {
                return Err(ParseError::Invalid);
            }
            return partial(buf, max_head).map(|_: Option<()>| Next::Need);
        };
        if buf[..end].contains(&0) {
            return Err(ParseError::Invalid);
        }
        if end > max_head {
            return Err(ParseError::TooLarge);
        }
        return Ok(Next::Junk(end));
    }
    Ok(match ResponseHead::parse(buf, max_head)? {
        Some((head, n)) => Next::Head(head, n),
        None => Next::Need,
    })
}

/// True when `buf` begins with the complete status line of an interim response (its head may
/// still be arriving).
pub fn begins_interim(buf: &[u8]) -> bool {
    let start = empty_lines(buf);
    if starts_status(&buf[start..]) != Some(true) {
        return false;
    }
    let Some(end) = line_end(buf, start) else {
        return false;
    };
    let line = content(&buf[start..end]);
    !line.contains(&0)
        && status_line(line)
            .is_ok_and(|(_, status, _)| (100..200).contains(&status) && status != 101)
}

impl ResponseHead {
    /// The head of a reply without a status line, as WinInet reports it: HTTP/1.0, 200, "OK",
    /// no headers (so the body runs until the connection closes, and the connection is not
    /// kept).
    pub fn without_status_line() -> ResponseHead {
        ResponseHead {
            minor: 0,
            status: 200,
            reason: "OK".to_string(),
            headers: HeaderList::new(),
            no_status_line: true,
        }
    }

    /// Parse one head from the start of `buf`. `Ok(None)` means more bytes are needed.
    /// On success also returns how many bytes the head took.
    ///
    /// The head ends at an empty line; an interim head (1xx but 101) also ends where a status
    /// line starts. Header lines end with CR LF or LF; folded lines continue the header before
    /// them; a line that is no header line is skipped (see `malformed`).
    pub fn parse(buf: &[u8], max_head: usize) -> Result<Option<(ResponseHead, usize)>, ParseError> {
        let start = empty_lines(buf);
        let rest = &buf[start..];
        if rest == b"\r" {
            return partial(buf, max_head);
        }
        match starts_status(rest) {
            Some(true) => parse_from(buf, start, max_head),
            None => partial(buf, max_head),
            Some(false) => Err(ParseError::Invalid),
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

    /// Read a whole reply as the reactor does: interim heads and the lines after them
    /// skipped, up to the final head. Returns it, the offset of the body and the interim
    /// responses skipped.
    fn read_reply(wire: &[u8]) -> Result<(ResponseHead, usize, u32), ParseError> {
        let (mut at, mut interim) = (0, 0);
        loop {
            match next(&wire[at..], DEFAULT_MAX_HEAD, interim > 0)? {
                Next::Head(head, n) if head.is_interim() => {
                    at += n;
                    interim += 1;
                }
                Next::Head(head, n) => return Ok((head, at + n, interim)),
                Next::Junk(n) => at += n,
                Next::Need => panic!("the reply ends inside a head: {wire:?}"),
                Next::NoStatusLine => panic!("no status line: {wire:?}"),
            }
        }
    }

    #[test]
    fn bare_continue_lines() {
        let wire = b"HTTP/1.1 100 Continue\r\nHTTP/1.1 100 Continue\r\n\
                     HTTP/1.1 200 OK\r\nServer: s\r\n\r\nbody";
        // The interim head ends where the next status line starts.
        let (h, n) = ResponseHead::parse(wire, DEFAULT_MAX_HEAD)
            .unwrap()
            .unwrap();
        assert_eq!((h.status, n), (100, 23));
        let (h, body, interim) = read_reply(wire).unwrap();
        assert_eq!((h.status, &wire[body..], interim), (200, &b"body"[..], 2));
        assert_eq!(h.headers.get("Server"), Some("s"));
        // LF line ends, no reason phrase, HTTP/1.0, empty lines around.
        let wire = b"\r\nHTTP/1.1 100 Continue\nHTTP/1.0 100\r\n\r\n\n\r\n\
                     HTTP/1.1 204 No Content\r\n\r\n";
        let (h, body, interim) = read_reply(wire).unwrap();
        assert_eq!((h.status, body, interim), (204, wire.len(), 2));
        // Until the next line shows whether it is a status line, more bytes are needed.
        for cut in [b"HTTP/1.1 100 Continue\r\n".len(), 26, 27] {
            let wire = b"HTTP/1.1 100 Continue\r\nHTTP/1.1 200 OK\r\n\r\n";
            assert_eq!(
                ResponseHead::parse(&wire[..cut], DEFAULT_MAX_HEAD),
                Ok(None)
            );
        }
        assert!(begins_interim(b"HTTP/1.1 100 Continue\r\n"));
        assert!(begins_interim(b"\r\nHTTP/1.1 103 Early Hints\nLink: x"));
        assert!(!begins_interim(b"HTTP/1.1 100 Continue"));
        assert!(!begins_interim(b"HTTP/1.1 101 Switching Protocols\r\n"));
        assert!(!begins_interim(b"HTTP/1.1 200 OK\r\n"));
    }

    #[test]
    fn interim_heads_with_headers_and_garbage() {
        let wire = b"HTTP/1.1 100 Continue\r\nServer: c\r\nTag: something witty\r\n\
                     Garbage: Header\r\nno colon\r\n\x01\xff\r\n folded\r\n\
                     HTTP/1.1 100 Continue\r\nGarbage: Header\r\n\
                     HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n\
                     junk\r\n\r\nmore junk\nHTTP/1.1 200 OK\r\nServer: final\r\n\r\n";
        let (h, body, interim) = read_reply(wire).unwrap();
        assert_eq!((h.status, body, interim), (200, wire.len(), 3));
        assert_eq!(h.headers.len(), 1);
        assert_eq!(h.headers.get("Server"), Some("final"));
        // Lines after an interim response are skipped one by one, and only whole ones.
        assert_eq!(next(b"junk\r\nHTTP/1.1", 1024, true), Ok(Next::Junk(6)));
        assert_eq!(next(b"\r\nHTTP/1.1", 1024, true), Ok(Next::Junk(2)));
        assert_eq!(next(b"junk", 1024, true), Ok(Next::Need));
        assert_eq!(next(b"HTT", 1024, true), Ok(Next::Need));
        assert_eq!(next(b"", 1024, true), Ok(Next::Need));
        assert_eq!(next(b"junk\r\n", 1024, false), Ok(Next::NoStatusLine));
        // A folded line continues the header before it, joined with a space.
        let (h, _) = ResponseHead::parse(b"HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\tc\r\n\r\n", 1024)
            .unwrap()
            .unwrap();
        assert_eq!(h.headers.get("X"), Some("a b c"));
    }

    #[test]
    fn interim_leniency_keeps_the_refusals() {
        // NUL in an interim head, and in a line after one.
        assert_eq!(
            ResponseHead::parse(b"HTTP/1.1 100 Continue\r\nX: \0\r\n\r\n", 1024),
            Err(ParseError::Invalid)
        );
        assert_eq!(next(b"ju\0nk\r\n", 1024, true), Err(ParseError::Invalid));
        assert_eq!(next(b"ju\0", 1024, true), Err(ParseError::Invalid));
        // A line after an interim response longer than the limit.
        assert_eq!(next(&[b'j'; 2000], 1024, true), Err(ParseError::TooLarge));
        let mut long = vec![b'j'; 2000];
        long.extend_from_slice(b"\r\n");
        assert_eq!(next(&long, 1024, true), Err(ParseError::TooLarge));
        // An interim head longer than the limit, whole or in part.
        let mut big = b"HTTP/1.1 100 Continue\r\n".to_vec();
        big.extend(std::iter::repeat_n(b'a', 2000));
        assert_eq!(ResponseHead::parse(&big, 1024), Err(ParseError::TooLarge));
        big.extend_from_slice(b"\r\nHTTP/1.1 200 OK\r\n\r\n");
        assert_eq!(ResponseHead::parse(&big, 1024), Err(ParseError::TooLarge));
        // The final head after interim ones keeps its framing rules.
        let (h, _, _) = read_reply(
            b"HTTP/1.1 100 Continue\r\njunk\r\nHTTP/1.1 200 OK\r\n\
              Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
        )
        .unwrap();
        assert_eq!(h.framing(false), Err(ParseError::BadLength));
        let (h, _, _) = read_reply(
            b"HTTP/1.1 100 Continue\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\
              Content-Length: 6\r\n\r\n",
        )
        .unwrap();
        assert_eq!(h.framing(false), Err(ParseError::BadLength));
        // 101 is no interim response: a status line after it is no end of its head, only a
        // line that is no header line.
        let wire = b"HTTP/1.1 101 Switching\r\nHTTP/1.1 200 OK\r\n\r\n";
        let (h, n) = ResponseHead::parse(wire, 1024).unwrap().unwrap();
        assert_eq!((h.status, n, h.headers.len()), (101, wire.len(), 0));
    }

    #[test]
    fn lines_that_are_no_header_lines_are_skipped() {
        let wire = b"HTTP/1.1 200 OK\r\nServer: s\r\nBad Header Line\r\nX Bad: 1\r\n\
                     (bad)name: 2\r\nX-Ctl: a\x01b\r\n: no name\r\n\
                     HTTP/1.0 401 A second status line\n\x7f\xff\r\nContent-Length: 5\r\n\r\nhello";
        let (h, n) = ResponseHead::parse(wire, DEFAULT_MAX_HEAD)
            .unwrap()
            .unwrap();
        assert_eq!(&wire[n..], b"hello");
        let names: Vec<_> = h.headers.iter().collect();
        assert_eq!(names, [("Server", "s"), ("Content-Length", "5")]);
        assert_eq!(h.framing(false), Ok(Framing::Length(5)));
        // A folded line with no header before it, and one after a skipped line.
        let wire = b"HTTP/1.1 200 OK\r\n folded\r\nbad line\r\n\tfolded too\r\nA: 1\r\n\r\n";
        let (h, _) = ResponseHead::parse(wire, DEFAULT_MAX_HEAD)
            .unwrap()
            .unwrap();
        assert_eq!(h.headers.iter().collect::<Vec<_>>(), [("A", "1")]);
        // Skipped lines count against the line limit.
        let mut many = b"HTTP/1.1 200 OK\r\n".to_vec();
        many.extend(b"junk\r\n".repeat(MAX_HEADERS));
        many.extend_from_slice(b"\r\n");
        assert!(ResponseHead::parse(&many, DEFAULT_MAX_HEAD)
            .unwrap()
            .is_some());
        many.truncate(many.len() - 2);
        many.extend_from_slice(b"junk\r\n\r\n");
        assert_eq!(
            ResponseHead::parse(&many, DEFAULT_MAX_HEAD),
            Err(ParseError::TooLarge)
        );
    }

    #[test]
    fn skipping_keeps_the_refusals() {
        let p = |s: &[u8]| ResponseHead::parse(s, DEFAULT_MAX_HEAD);
        // A line that is no header line but names a framing header.
        for line in [
            &b"Content-Length\x01: 5"[..],
            b"content-length 5",
            b" Content-Length: 5",
            b"Transfer-Encoding chunked",
            b"Transfer-Encoding: chunked\x01",
            b"X-\x01: transfer-encoding",
            b"Content-Length: 5\rX: 1",
        ] {
            let mut wire = b"HTTP/1.1 200 OK\r\n".to_vec();
            wire.extend_from_slice(line);
            wire.extend_from_slice(b"\r\nContent-Length: 5\r\n\r\nhello");
            assert_eq!(p(&wire), Err(ParseError::Invalid), "{line:?}");
        }
        // NUL, in a line that is no header line too.
        assert_eq!(
            p(b"HTTP/1.1 200 OK\r\nbad\0line\r\n\r\n"),
            Err(ParseError::Invalid)
        );
        assert_eq!(
            p(b"HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n"),
            Err(ParseError::Invalid)
        );
        // The framing rules, with skipped lines around.
        let (h, _) = p(b"HTTP/1.1 200 OK\r\njunk\r\nTransfer-Encoding: chunked\r\n\
                         more junk\r\nContent-Length: 5\r\n\r\n")
        .unwrap()
        .unwrap();
        assert_eq!(h.framing(false), Err(ParseError::BadLength));
        let (h, _) =
            p(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\njunk\r\nContent-Length: 6\r\n\r\n")
                .unwrap()
                .unwrap();
        assert_eq!(h.framing(false), Err(ParseError::BadLength));
    }

    #[test]
    fn replies_without_a_status_line() {
        for wire in [
            &b"<html>hello</html>"[..],
            b"garbage\r\n\r\n",
            b"SSH-2.0-OpenSSH_9.6\r\n",
            b"\x16\x03\x01\x00\x05hello",
            b"\r\n\r\nHTXP/1.1 200 OK\r\n\r\n",
            b"http/1.1 200 OK\r\n\r\n",
            b"HTT\n",
            b"\rX",
            b"x",
        ] {
            assert_eq!(
                next(wire, DEFAULT_MAX_HEAD, false),
                Ok(Next::NoStatusLine),
                "{wire:?}"
            );
            // The strict reader (a proxy's answer to CONNECT, ...) refuses them.
            assert_eq!(
                ResponseHead::parse(wire, DEFAULT_MAX_HEAD),
                Err(ParseError::Invalid)
            );
        }
        // Until the bytes show whether a status line starts, more are needed.
        for wire in [&b""[..], b"\r", b"\r\n", b"\n\r", b"H", b"HTTP", b"\r\nHTT"] {
            assert_eq!(
                next(wire, DEFAULT_MAX_HEAD, false),
                Ok(Next::Need),
                "{wire:?}"
            );
        }
        // A status line, however broken, is no HTTP/0.9 answer.
        for wire in [
            &b"HTTP/9.9 200 OK\r\n\r\n"[..],
            b"HTTP/1.1 2x0 OK\r\n\r\n",
            b"HTTP/\r\n",
        ] {
            assert_eq!(
                next(wire, DEFAULT_MAX_HEAD, false),
                Err(ParseError::Invalid),
                "{wire:?}"
            );
        }
        // After an interim response, a line that is no status line is skipped instead.
        assert_eq!(next(b"<html>\n", DEFAULT_MAX_HEAD, true), Ok(Next::Junk(7)));
        let h = ResponseHead::without_status_line();
        assert_eq!(h.status_line(), "HTTP/1.0 200 OK");
        assert_eq!(h.version(), "HTTP/1.0");
        assert_eq!(h.framing(false), Ok(Framing::Close));
        assert!(!h.keep_alive());
        assert!(h.no_status_line);
    }
}
