// SPDX-License-Identifier: MIT OR Apache-2.0
//! An ordered, case-insensitive header list with WinInet's add/replace/coalesce rules.

/// `HTTP_ADDREQ_FLAG_ADD_IF_NEW`: fail when the header is already present.
pub const ADD_IF_NEW: u32 = 0x1000_0000;
/// `HTTP_ADDREQ_FLAG_ADD`: add, even when a header of that name exists.
pub const ADD: u32 = 0x2000_0000;
/// `HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA`: merge into the first header of that name with ", ".
pub const COALESCE_WITH_COMMA: u32 = 0x4000_0000;
/// `HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON`: merge into the first header of that name with "; ".
pub const COALESCE_WITH_SEMICOLON: u32 = 0x0100_0000;
/// `HTTP_ADDREQ_FLAG_REPLACE`: remove the first header of that name, then append the new one.
pub const REPLACE: u32 = 0x8000_0000;

/// Why a header operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The text holds no header, or a header name or value holds a forbidden byte.
    Invalid,
    /// ADD_IF_NEW found the header present.
    AlreadyExists,
    /// REPLACE alone found no header to replace.
    NotFound,
}

/// Headers in the order they were added. Names compare without regard to ASCII case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderList {
    items: Vec<(String, String)>,
}

/// True when `b` may appear in a header name (RFC 9110 token characters).
pub fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// True when `s` is safe to put on the wire as a header value: no CR, LF or NUL.
pub fn is_safe_value(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// True when `s` is a non-empty header name made of token bytes.
pub fn is_valid_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

/// Decode ISO-8859-1 bytes into a String (each byte is one char), as WinInet's A functions do.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// Encode a String back to ISO-8859-1 bytes. Chars above U+00FF become '?'.
pub fn to_latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            if (c as u32) < 256 {
                c as u32 as u8
            } else {
                b'?'
            }
        })
        .collect()
}

impl HeaderList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of header lines.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are no headers.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All headers, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The `index`-th value (0-based) of the header called `name`.
    pub fn get_nth(&self, name: &str, index: usize) -> Option<&str> {
        self.items
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .nth(index)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of the header called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.get_nth(name, 0)
    }

    /// True when a header called `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Append a header without any check. The caller has validated it.
    pub fn push(&mut self, name: &str, value: &str) {
        self.items.push((name.to_string(), value.to_string()));
    }

    /// Continue the last header's value with `more`, after one space (a folded line of a
    /// response head). Nothing happens when there is no header or `more` is empty.
    pub fn extend_last(&mut self, more: &str) {
        if more.is_empty() {
            return;
        }
        if let Some((_, value)) = self.items.last_mut() {
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(more);
        }
    }

    /// Add `name: value` only when no header of that name exists.
    pub fn push_if_absent(&mut self, name: &str, value: &str) {
        if !self.contains(name) {
            self.push(name, value);
        }
    }

    /// Remove every header called `name`.
    pub fn remove_all(&mut self, name: &str) {
        self.items.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Insert a header before all others, without any check. The caller has validated it.
    pub fn push_front(&mut self, name: &str, value: &str) {
        self.items.insert(0, (name.to_string(), value.to_string()));
    }

    /// Apply one header with WinInet's modifier flags (`HTTP_ADDREQ_FLAG_*`).
    ///
    /// An empty value is refused (`Invalid`, as Windows refuses it with 87) except with
    /// REPLACE alone, where it removes the header. REPLACE of a `Host` that is not there adds
    /// it: every request has a Host (rinet adds its own at send time), so there is always one
    /// to replace, as Windows 10 treats it.
    pub fn apply(&mut self, name: &str, value: &str, modifiers: u32) -> Result<(), HeaderError> {
        if !is_valid_name(name) || !is_safe_value(value) {
            return Err(HeaderError::Invalid);
        }
        let removes = modifiers & (REPLACE | ADD) == REPLACE;
        if value.is_empty() && !removes {
            return Err(HeaderError::Invalid);
        }
        if let Some(pos) = self
            .items
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            if modifiers & REPLACE != 0 {
                self.items.remove(pos);
                if !value.is_empty() {
                    self.push(name, value);
                }
                return Ok(());
            }
            if modifiers & ADD_IF_NEW != 0 {
                return Err(HeaderError::AlreadyExists);
            }
            let sep = if modifiers & COALESCE_WITH_COMMA != 0 {
                Some(", ")
            } else if modifiers & COALESCE_WITH_SEMICOLON != 0 {
                Some("; ")
            } else {
                None
            };
            if let Some(sep) = sep {
                let v = &mut self.items[pos].1;
                v.push_str(sep);
                v.push_str(value);
                return Ok(());
            }
        } else if removes && (value.is_empty() || !name.eq_ignore_ascii_case("Host")) {
            return Err(HeaderError::NotFound);
        }
        self.push(name, value);
        Ok(())
    }

    /// Apply a block of header lines ("Name: value", separated by CRLF, LF or CR; blank lines
    /// skipped), all or nothing: at the first error the list is left as it was. A block with
    /// no header line at all is `Invalid`.
    pub fn apply_block(&mut self, text: &[u8], modifiers: u32) -> Result<(), HeaderError> {
        let mut next = self.clone();
        next.apply_lines(text, modifiers)?;
        *self = next;
        Ok(())
    }

    fn apply_lines(&mut self, text: &[u8], modifiers: u32) -> Result<(), HeaderError> {
        if text.contains(&0) {
            return Err(HeaderError::Invalid);
        }
        let mut any = false;
        for line in text.split(|&b| b == b'\r' || b == b'\n') {
            if line.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(HeaderError::Invalid);
            };
            let name = latin1(trim(&line[..colon]));
            let value = latin1(trim(&line[colon + 1..]));
            self.apply(&name, &value, modifiers)?;
            any = true;
        }
        if any {
            Ok(())
        } else {
            Err(HeaderError::Invalid)
        }
    }
}

/// Trim ASCII spaces and tabs from both ends.
pub fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(h: &HeaderList) -> Vec<String> {
        h.iter().map(|(n, v)| format!("{n}={v}")).collect()
    }

    #[test]
    fn replace_removes_then_appends() {
        let mut h = HeaderList::new();
        h.apply_block(b"t: 1\r\nt: 2\r\nu: x\r\n", ADD).unwrap();
        h.apply("t", "3", REPLACE).unwrap();
        assert_eq!(names(&h), ["t=2", "u=x", "t=3"]);
        h.apply("u", "", REPLACE).unwrap();
        assert_eq!(names(&h), ["t=2", "t=3"]);
        assert_eq!(h.apply("v", "1", REPLACE), Err(HeaderError::NotFound));
        assert_eq!(h.apply("v", "", REPLACE), Err(HeaderError::NotFound));
        h.apply("v", "1", REPLACE | ADD).unwrap();
        assert_eq!(h.get("V"), Some("1"));
    }

    #[test]
    fn empty_values_are_refused_except_for_removal() {
        let mut h = HeaderList::new();
        for modifiers in [0, ADD, ADD_IF_NEW, COALESCE_WITH_COMMA, ADD | REPLACE] {
            assert_eq!(h.apply("E", "", modifiers), Err(HeaderError::Invalid));
            assert_eq!(
                h.apply_block(b"E:\r\n", modifiers),
                Err(HeaderError::Invalid)
            );
            assert_eq!(
                h.apply_block(b"E:   ", modifiers),
                Err(HeaderError::Invalid)
            );
        }
        assert!(h.is_empty());
        assert_eq!(h.apply_block(b"A: 1\r\nE:", ADD), Err(HeaderError::Invalid));
        assert!(h.is_empty(), "all or nothing");
        h.apply("E", "1", ADD).unwrap();
        h.apply_block(b"E:\r\n", REPLACE).unwrap();
        assert!(h.is_empty());
    }

    #[test]
    fn replace_of_an_absent_host_adds_it() {
        let mut h = HeaderList::new();
        h.apply("X", "1", ADD).unwrap();
        h.apply("host", "a.example", REPLACE).unwrap();
        assert_eq!(names(&h), ["X=1", "host=a.example"]);
        h.apply("Host", "b.example", REPLACE).unwrap();
        assert_eq!(names(&h), ["X=1", "Host=b.example"]);
        h.push_front("Y", "0");
        assert_eq!(names(&h), ["Y=0", "X=1", "Host=b.example"]);
    }

    #[test]
    fn add_if_new_and_coalesce() {
        let mut h = HeaderList::new();
        h.apply("A", "a", ADD_IF_NEW).unwrap();
        assert_eq!(
            h.apply("a", "b", ADD_IF_NEW),
            Err(HeaderError::AlreadyExists)
        );
        h.apply("a", "b", COALESCE_WITH_COMMA).unwrap();
        h.apply("a", "c", COALESCE_WITH_SEMICOLON).unwrap();
        assert_eq!(h.get("a"), Some("a, b; c"));
        h.apply("a", "d", 0).unwrap();
        assert_eq!(h.get_nth("a", 1), Some("d"));
    }

    #[test]
    fn tolerant_separators_and_bad_input() {
        let mut h = HeaderList::new();
        h.apply_block(b"\r\nA:1\nB: 2\r\rC:3", ADD).unwrap();
        assert_eq!(names(&h), ["A=1", "B=2", "C=3"]);
        assert_eq!(h.apply_block(b"\r\n\r\n", ADD), Err(HeaderError::Invalid));
        assert_eq!(h.apply_block(b"nocolon", ADD), Err(HeaderError::Invalid));
        assert_eq!(h.apply_block(b"X: a\0b", ADD), Err(HeaderError::Invalid));
        assert_eq!(h.apply("Bad Name", "v", ADD), Err(HeaderError::Invalid));
        assert_eq!(h.apply("X", "a\rb", ADD), Err(HeaderError::Invalid));
    }
}
