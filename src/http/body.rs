// SPDX-License-Identifier: MIT OR Apache-2.0
//! Response body framing: Content-Length, chunked (with trailers), read-until-close, or none.
//!
//! The decoder works in place over the connection's receive buffer. `step` eats framing bytes
//! and says where the next run of body bytes lies; the caller copies what it wants and reports
//! the count with `consume`. Body bytes are never copied inside the decoder.

/// How a response body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No body at all (HEAD, 1xx, 204, 304, or Content-Length: 0).
    None,
    /// Exactly this many bytes.
    Length(u64),
    /// Transfer-Encoding: chunked.
    Chunked,
    /// Everything until the server closes the connection.
    Close,
}

/// A body that cannot be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// A chunk size line is not hexadecimal, or is too large.
    BadChunkSize,
    /// The bytes after a chunk's data are not CRLF.
    BadChunkEnd,
    /// A trailer section is larger than the limit.
    TrailerTooLarge,
    /// The connection closed before the body's end.
    Truncated,
}

/// What the next bytes of input hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Skip `skip` framing bytes; then `len` body bytes follow (at least 1).
    Data { skip: usize, len: usize },
    /// Skip `skip` framing bytes; the rest of the input was framing; more input is needed.
    Need { skip: usize },
    /// Skip `skip` framing bytes; the body is complete. Bytes after them belong to the next response.
    Done { skip: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// Reading hex digits of a chunk size; `digits` counts them.
    Size {
        size: u64,
        digits: u8,
    },
    /// Skipping a chunk extension up to LF; `seen` bytes of it so far.
    Ext {
        size: u64,
        seen: u32,
    },
    /// Inside chunk data.
    Data {
        left: u64,
    },
    /// Expecting CR (or a bare LF) after chunk data.
    DataCr,
    /// Expecting LF after chunk data's CR.
    DataLf,
    /// At the start of a trailer line (or the final empty line).
    TrailerStart,
    /// Inside a trailer line; skipping up to LF.
    TrailerLine,
    /// Saw CR at the start of a trailer line; expecting LF.
    TrailerEndLf,
    Done,
}

/// Longest chunk extension accepted, in bytes.
const MAX_CHUNK_EXT: u32 = 4096;

/// Largest trailer section accepted, in bytes.
const MAX_TRAILER: u64 = 64 * 1024;

/// Decoder state for one response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyDecoder {
    kind: Kind,
    trailer_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Length(u64),
    Close { done: bool },
    Chunked(Chunk),
}

impl BodyDecoder {
    /// A decoder for a body framed as `framing`.
    pub fn new(framing: Framing) -> Self {
        let kind = match framing {
            Framing::None => Kind::Length(0),
            Framing::Length(n) => Kind::Length(n),
            Framing::Chunked => Kind::Chunked(Chunk::Size { size: 0, digits: 0 }),
            Framing::Close => Kind::Close { done: false },
        };
        BodyDecoder {
            kind,
            trailer_bytes: 0,
        }
    }

    /// True once the whole body has been seen.
    pub fn is_done(&self) -> bool {
        matches!(
            self.kind,
            Kind::Length(0) | Kind::Close { done: true } | Kind::Chunked(Chunk::Done)
        )
    }

    /// True when the body ends only when the connection closes.
    pub fn is_close_delimited(&self) -> bool {
        matches!(self.kind, Kind::Close { .. })
    }

    /// The body bytes still to come when the length is known (Content-Length); None for a
    /// chunked or close-delimited body.
    pub fn remaining(&self) -> Option<u64> {
        match self.kind {
            Kind::Length(n) => Some(n),
            _ => None,
        }
    }

    /// How many body bytes may be read from the socket straight into a caller's buffer
    /// without framing in between, when the receive buffer is empty.
    pub fn direct_limit(&self) -> u64 {
        match self.kind {
            Kind::Length(n) => n,
            Kind::Close { done: false } => u64::MAX,
            Kind::Chunked(Chunk::Data { left }) => left,
            _ => 0,
        }
    }

    /// Look at `input` (unconsumed bytes) and say what comes next.
    pub fn step(&mut self, input: &[u8]) -> Result<Step, BodyError> {
        match &mut self.kind {
            Kind::Length(0) => Ok(Step::Done { skip: 0 }),
            Kind::Length(n) => Ok(data_or_need(0, input.len(), *n)),
            Kind::Close { done: true } => Ok(Step::Done { skip: 0 }),
            Kind::Close { done: false } => Ok(data_or_need(0, input.len(), u64::MAX)),
            Kind::Chunked(_) => self.step_chunked(input),
        }
    }

    /// Report that `n` body bytes from the last `Data` step were taken.
    pub fn consume(&mut self, n: usize) {
        let n = n as u64;
        match &mut self.kind {
            Kind::Length(left) => *left -= n.min(*left),
            Kind::Close { .. } => {}
            Kind::Chunked(c) => {
                if let Chunk::Data { left } = c {
                    *left -= n.min(*left);
                    if *left == 0 {
                        *c = Chunk::DataCr;
                    }
                }
            }
        }
    }

    /// The connection reached end of file. Fine for a close-delimited body; an error if the body
    /// was not complete.
    pub fn eof(&mut self) -> Result<(), BodyError> {
        if let Kind::Close { done } = &mut self.kind {
            *done = true;
            return Ok(());
        }
        if self.is_done() {
            Ok(())
        } else {
            Err(BodyError::Truncated)
        }
    }

    fn step_chunked(&mut self, input: &[u8]) -> Result<Step, BodyError> {
        let Kind::Chunked(state) = &mut self.kind else {
            unreachable!("step_chunked on a non-chunked body");
        };
        let mut i = 0;
        while i < input.len() {
            let b = input[i];
            match *state {
                Chunk::Size { size, digits } => {
                    if let Some(d) = (b as char).to_digit(16) {
                        if digits >= 15 {
                            return Err(BodyError::BadChunkSize);
                        }
                        *state = Chunk::Size {
                            size: size * 16 + d as u64,
                            digits: digits + 1,
                        };
                    } else if digits == 0 {
                        return Err(BodyError::BadChunkSize);
                    } else if b == b';' || b == b' ' || b == b'\t' || b == b'\r' {
                        *state = Chunk::Ext { size, seen: 0 };
                    } else if b == b'\n' {
                        *state = after_size(size);
                    } else {
                        return Err(BodyError::BadChunkSize);
                    }
                }
                Chunk::Ext { size, seen } => {
                    if b == b'\n' {
                        *state = after_size(size);
                    } else if seen >= MAX_CHUNK_EXT {
                        return Err(BodyError::BadChunkSize);
                    } else {
                        *state = Chunk::Ext {
                            size,
                            seen: seen + 1,
                        };
                    }
                }
                Chunk::Data { left } => return Ok(data_or_need(i, input.len() - i, left)),
                Chunk::DataCr => match b {
                    b'\r' => *state = Chunk::DataLf,
                    b'\n' => *state = Chunk::Size { size: 0, digits: 0 },
                    _ => return Err(BodyError::BadChunkEnd),
                },
                Chunk::DataLf => match b {
                    b'\n' => *state = Chunk::Size { size: 0, digits: 0 },
                    _ => return Err(BodyError::BadChunkEnd),
                },
                Chunk::TrailerStart => match b {
                    b'\r' => *state = Chunk::TrailerEndLf,
                    b'\n' => {
                        *state = Chunk::Done;
                        return Ok(Step::Done { skip: i + 1 });
                    }
                    _ => *state = Chunk::TrailerLine,
                },
                Chunk::TrailerLine => {
                    if b == b'\n' {
                        *state = Chunk::TrailerStart;
                    }
                }
                Chunk::TrailerEndLf => {
                    if b == b'\n' {
                        *state = Chunk::Done;
                        return Ok(Step::Done { skip: i + 1 });
                    }
                    *state = Chunk::TrailerLine;
                }
                Chunk::Done => return Ok(Step::Done { skip: i }),
            }
            if matches!(
                *state,
                Chunk::TrailerStart | Chunk::TrailerLine | Chunk::TrailerEndLf
            ) {
                self.trailer_bytes += 1;
                if self.trailer_bytes > MAX_TRAILER {
                    return Err(BodyError::TrailerTooLarge);
                }
            }
            i += 1;
        }
        Ok(match *state {
            Chunk::Done => Step::Done { skip: i },
            _ => Step::Need { skip: i },
        })
    }
}

fn after_size(size: u64) -> Chunk {
    if size == 0 {
        Chunk::TrailerStart
    } else {
        Chunk::Data { left: size }
    }
}

fn data_or_need(skip: usize, avail: usize, left: u64) -> Step {
    let len = (avail as u64).min(left) as usize;
    if len == 0 {
        Step::Need { skip }
    } else {
        Step::Data { skip, len }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decode `input` fed in pieces of `piece` bytes; returns (body, leftover, done).
    fn decode(
        framing: Framing,
        input: &[u8],
        piece: usize,
    ) -> Result<(Vec<u8>, usize, bool), BodyError> {
        let mut d = BodyDecoder::new(framing);
        let mut out = Vec::new();
        let mut buf: Vec<u8> = Vec::new();
        let mut fed = 0;
        loop {
            match d.step(&buf)? {
                Step::Data { skip, len } => {
                    out.extend_from_slice(&buf[skip..skip + len]);
                    d.consume(len);
                    buf.drain(..skip + len);
                }
                Step::Need { skip } => {
                    buf.drain(..skip);
                    if fed == input.len() {
                        return Ok((out, buf.len(), false));
                    }
                    let end = (fed + piece).min(input.len());
                    buf.extend_from_slice(&input[fed..end]);
                    fed = end;
                }
                Step::Done { skip } => {
                    buf.drain(..skip);
                    return Ok((out, buf.len() + input.len() - fed, true));
                }
            }
        }
    }

    #[test]
    fn chunked_any_split() {
        let wire = b"5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-T: y\r\n\r\nNEXT";
        for piece in 1..wire.len() {
            let (body, left, done) = decode(Framing::Chunked, wire, piece).unwrap();
            assert_eq!(body, b"hello 0123456789", "piece {piece}");
            assert!(done);
            assert_eq!(left, 4, "piece {piece}");
        }
    }

    #[test]
    fn chunked_bare_lf_and_errors() {
        let (body, _, done) = decode(Framing::Chunked, b"3\nabc\n0\n\n", 2).unwrap();
        assert_eq!((body.as_slice(), done), (&b"abc"[..], true));
        assert_eq!(
            decode(Framing::Chunked, b"zz\r\n", 4),
            Err(BodyError::BadChunkSize)
        );
        assert_eq!(
            decode(Framing::Chunked, b"ffffffffffffffff\r\n", 64),
            Err(BodyError::BadChunkSize)
        );
        assert_eq!(
            decode(Framing::Chunked, b"2\r\nabX", 64),
            Err(BodyError::BadChunkEnd)
        );
        let (_, _, done) = decode(Framing::Chunked, b"2\r\nab\r\n", 64).unwrap();
        assert!(!done);
    }

    #[test]
    fn length_and_close() {
        let (body, left, done) = decode(Framing::Length(3), b"abcdef", 2).unwrap();
        assert_eq!((body.as_slice(), left, done), (&b"abc"[..], 3, true));
        let (body, _, done) = decode(Framing::None, b"abc", 2).unwrap();
        assert_eq!((body.len(), done), (0, true));
        let mut d = BodyDecoder::new(Framing::Close);
        assert_eq!(d.step(b"xy"), Ok(Step::Data { skip: 0, len: 2 }));
        d.eof().unwrap();
        assert!(d.is_done());
        let mut d = BodyDecoder::new(Framing::Length(5));
        assert_eq!(d.eof(), Err(BodyError::Truncated));
    }
}
