// SPDX-License-Identifier: MIT OR Apache-2.0
//! The bodies of rinet's fuzz targets, shared by the cargo-fuzz binaries in `fuzz_targets/` and
//! by the bounded run inside `cargo test` (`tests/fuzz_bounded.rs` includes this file).
//!
//! Each target takes arbitrary bytes, runs one of rinet's sans-IO parsers on them, and panics
//! when a parser panics or breaks one of its invariants. Those invariants are the properties
//! the reactor relies on: a parse does not depend on how the bytes were split into reads,
//! consumed counts stay within the input, returned ranges and pointers stay inside the caller's
//! buffer, and nothing is written past a caller's buffer.
//!
//! Input formats (the first byte or two choose a mode; the rest is the data):
//! - [`response_head`]: the whole input is a response head. Byte 0 also sets a small head limit.
//! - [`chunked`]: byte 0 picks the read size used for the split decode (1 to 16 bytes). If
//!   byte 1 is even, the rest is the raw wire. If it is odd, the rest is a body, which is
//!   encoded as valid chunks (sizes, extensions and a trailer taken from its bytes) and then
//!   decoded.
//! - [`gzip`]: byte 0 picks a mode: raw gzip, raw deflate, or a round trip through a gzip,
//!   zlib or raw deflate encoder with one byte corrupted. Byte 1 sets the split sizes and,
//!   for the round trip, the level and the byte to corrupt.
//! - [`url_crack`]: byte 0 holds flags and buffer sizes; the rest is the URL.
//! - [`exchange_response`]: byte 0 holds the facts of the exchange (HEAD request, reused
//!   connection, end of file after the bytes, interim and head limits), byte 1 seeds the read
//!   sizes; the rest is the wire.

use std::ffi::c_char;
use std::io::Write;

use rinet::ffi::url::{
    rinet_canonicalize_url, rinet_crack_url, rinet_create_url, rinet_url_components,
};
use rinet::http::decode::{Coding, DecodeError, Decoder, DEFAULT_MAX_RATIO};
use rinet::http::exchange::response::{ResponseRx, RxConfig, RxError, RxEvent, Wants};
use rinet::http::response::{self, Next, ParseError, ResponseHead, DEFAULT_MAX_HEAD, MAX_HEADERS};
use rinet::http::url::{canonicalize, crack, decode, UrlParts};
use rinet::http::{BodyDecoder, BodyError, Framing, Step};

/// ICU_DECODE and ICU_ESCAPE.
const ICU_DECODE: u32 = 0x1000_0000;
const ICU_ESCAPE: u32 = 0x8000_0000;

// ---------------------------------------------------------------------------------------------
// Response heads
// ---------------------------------------------------------------------------------------------

/// Response head parsing: with the default limit and with a small one. Returns true when the
/// input held a complete head.
pub fn response_head(data: &[u8]) -> bool {
    let small = 16 + usize::from(data.first().copied().unwrap_or(0));
    head_with_limit(data, small);
    next_with_limit(data, small);
    next_with_limit(data, DEFAULT_MAX_HEAD);
    head_with_limit(data, DEFAULT_MAX_HEAD)
}

/// The reply reader (`response::next`): it reads heads as `ResponseHead::parse` does; a line it
/// skips after an interim response is one whole line, no status line, within the limit, and
/// every shorter prefix of it asks for more bytes; a reply it finds without a status line is
/// one the strict parser refuses, and stays so as more bytes arrive.
fn next_with_limit(data: &[u8], max: usize) {
    for after_interim in [false, true] {
        match response::next(data, max, after_interim) {
            Ok(Next::Head(head, n)) => {
                assert_eq!(ResponseHead::parse(data, max), Ok(Some((head, n))));
            }
            Ok(Next::Junk(n)) => {
                assert!(
                    after_interim,
                    "lines are skipped only after an interim response"
                );
                assert!(n <= data.len() && n <= max);
                assert_eq!(data[n - 1], b'\n');
                assert!(!data[..n - 1].contains(&b'\n'));
                assert!(!data.starts_with(b"HTTP/"));
                assert!(!data[..n].contains(&0));
                let step = (n / 64).max(1);
                for k in (0..n).step_by(step) {
                    assert_eq!(
                        response::next(&data[..k], max, after_interim),
                        Ok(Next::Need),
                        "a prefix of {k} bytes of a {n}-byte skipped line"
                    );
                }
            }
            Ok(Next::NoStatusLine) => {
                assert!(
                    !after_interim,
                    "only a reply's start can lack a status line"
                );
                assert_eq!(ResponseHead::parse(data, max), Err(ParseError::Invalid));
                // Once the bytes show it, every longer prefix does too.
                let first = (0..=data.len())
                    .find(|&k| response::next(&data[..k], max, false) == Ok(Next::NoStatusLine))
                    .expect("the whole input shows it");
                for k in first..data.len().min(first + 64) {
                    assert_eq!(
                        response::next(&data[..k], max, false),
                        Ok(Next::NoStatusLine),
                        "a prefix of {k} bytes"
                    );
                }
            }
            Ok(Next::Need) => assert!(data.len() <= max),
            Err(e) => assert_ne!(e, ParseError::BadLength),
        }
    }
}

fn head_with_limit(data: &[u8], max: usize) -> bool {
    let parsed = ResponseHead::parse(data, max);
    let (head, n) = match parsed {
        Ok(Some(found)) => found,
        Ok(None) => {
            assert!(
                data.len() <= max,
                "a partial head past the limit is TooLarge"
            );
            return false;
        }
        Err(ParseError::TooLarge | ParseError::Invalid) => return false,
        Err(ParseError::BadLength) => panic!("parse never reports BadLength"),
    };
    assert!(n <= data.len(), "consumed {n} of {}", data.len());
    assert!(n <= max, "a head of {n} bytes passed the {max}-byte limit");
    assert!((100..=999).contains(&head.status));
    assert!(head.minor <= 1);
    assert!(head.headers.len() <= MAX_HEADERS);

    // Exactly the head's bytes parse to the same head, unless it is an interim head that
    // ended where the next status line starts: then the head's bytes and the 5 that follow
    // ("HTTP/") do.
    let ended_by_status_line =
        head.is_interim() && !(data[..n].ends_with(b"\n\n") || data[..n].ends_with(b"\n\r\n"));
    if !ended_by_status_line {
        assert_eq!(
            ResponseHead::parse(&data[..n], max),
            Ok(Some((head.clone(), n)))
        );
    } else {
        assert!(data[n..].starts_with(b"HTTP/"));
    }
    assert_eq!(
        ResponseHead::parse(&data[..data.len().min(n + 5)], max),
        Ok(Some((head.clone(), n)))
    );
    // The head does not depend on how it arrived: every shorter prefix asks for more bytes.
    // (Every prefix of short heads; an even spread of 64 of longer ones.)
    let step = (n / 64).max(1);
    for k in (0..n).step_by(step).chain(n.checked_sub(1)) {
        assert_eq!(
            ResponseHead::parse(&data[..k], max),
            Ok(None),
            "a prefix of {k} bytes of a {n}-byte head"
        );
    }

    // The rest of its interface is total.
    let _ = (head.status_line(), head.version(), head.keep_alive());
    assert_eq!(
        head.is_interim(),
        (100..200).contains(&head.status) && head.status != 101
    );
    assert_eq!(head.framing(true), Ok(Framing::None));
    let length = head.content_length();
    match head.framing(false) {
        Ok(Framing::Length(k)) => {
            assert!(k > 0);
            assert_eq!(length, Ok(Some(k)));
        }
        Ok(Framing::Chunked) => {
            assert!(!head.headers.contains("Content-Length"));
            assert!(head.headers.contains("Transfer-Encoding"));
        }
        Ok(Framing::None | Framing::Close) => {}
        Err(e) => assert_eq!(e, ParseError::BadLength),
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Chunked bodies
// ---------------------------------------------------------------------------------------------

/// How a decode ended: the body bytes, then the end (bytes of input taken when the body
/// completed, or None if it needs more input) or the error.
type Decoded = (Vec<u8>, Result<Option<usize>, BodyError>);

/// Decode `wire` as a body framed by `framing`, feeding it `piece` bytes at a time as a socket
/// would, and reporting what the decoder said.
fn decode_body(framing: Framing, wire: &[u8], piece: usize) -> Decoded {
    let mut d = BodyDecoder::new(framing);
    let mut body = Vec::new();
    // The unconsumed input, as the connection's buffer holds it.
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut taken = 0;
    loop {
        let step = match d.step(&buf) {
            Ok(s) => s,
            Err(e) => return (body, Err(e)),
        };
        match step {
            Step::Data { skip, len } => {
                assert!(
                    len > 0 && skip + len <= buf.len(),
                    "{step:?} over {}",
                    buf.len()
                );
                assert!(d.direct_limit() >= len as u64);
                body.extend_from_slice(&buf[skip..skip + len]);
                d.consume(len);
                buf.drain(..skip + len);
                taken += skip + len;
            }
            Step::Need { skip } => {
                assert!(skip <= buf.len());
                buf.drain(..skip);
                taken += skip;
                if fed == wire.len() {
                    assert!(!d.is_done());
                    return (body, Ok(None));
                }
                let end = (fed + piece).min(wire.len());
                buf.extend_from_slice(&wire[fed..end]);
                fed = end;
            }
            Step::Done { skip } => {
                assert!(skip <= buf.len());
                assert!(d.is_done());
                taken += skip;
                // Done stays done, and takes nothing more.
                assert_eq!(d.step(&buf[skip..]), Ok(Step::Done { skip: 0 }));
                assert_eq!(d.eof(), Ok(()));
                return (body, Ok(Some(taken)));
            }
        }
    }
}

/// Chunked decoding: split and whole decodes agree; a body that is not complete at the end of
/// its input is an error at end of file; valid encodings decode to their body. Returns true
/// when the chunked decode reached the end of a body.
pub fn chunked(data: &[u8]) -> bool {
    let piece = 1 + usize::from(data.first().copied().unwrap_or(0) % 16);
    let structured = data.get(1).is_some_and(|b| b & 1 == 1);
    let rest = data.get(2..).unwrap_or(&[]);
    if structured {
        let (wire, body) = encode_chunked(rest);
        let mut with_next = wire.clone();
        with_next.extend_from_slice(b"HTTP/1.1 200 OK\r\n");
        for p in [piece, with_next.len()] {
            assert_eq!(
                decode_body(Framing::Chunked, &with_next, p),
                (body.clone(), Ok(Some(wire.len()))),
                "valid encoding, read size {p}"
            );
        }
        chunked_wire(&wire, piece)
    } else {
        chunked_wire(rest, piece)
    }
}

fn chunked_wire(wire: &[u8], piece: usize) -> bool {
    let whole = decode_body(Framing::Chunked, wire, wire.len().max(1));
    let split = decode_body(Framing::Chunked, wire, piece);
    assert_eq!(whole, split, "read size {piece}");
    if let (_, Ok(Some(taken))) = &whole {
        assert!(*taken <= wire.len());
    }
    if let (_, Ok(None)) = &whole {
        // Cut short: end of file is an error.
        let mut d = BodyDecoder::new(Framing::Chunked);
        let mut left = wire;
        loop {
            match d.step(left) {
                Ok(Step::Data { skip, len }) => {
                    d.consume(len);
                    left = &left[skip + len..];
                }
                Ok(Step::Need { .. }) => break,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(d.eof(), Err(BodyError::Truncated));
    }
    // The same bytes under Content-Length framing: the first n bytes, done once n arrived.
    let n = wire.len() as u64 / 2 + 1;
    let (body, end) = decode_body(Framing::Length(n), wire, piece);
    let k = (n as usize).min(wire.len());
    assert_eq!(body, &wire[..k]);
    assert_eq!(end, Ok((k == n as usize).then_some(k)));
    matches!(whole.1, Ok(Some(_)))
}

/// A valid chunked encoding of `body`, with chunk sizes, extensions and a trailer chosen from
/// the body's own bytes. Returns (wire, body).
fn encode_chunked(body: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut wire = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let size = (1 + usize::from(body[at]) % 37).min(body.len() - at);
        let upper = body[at] & 0x40 != 0;
        let hex = if upper {
            format!("{size:X}")
        } else {
            format!("{size:x}")
        };
        wire.extend_from_slice(hex.as_bytes());
        if body[at] & 0x80 != 0 {
            wire.extend_from_slice(b";name=\"v\"");
        }
        wire.extend_from_slice(if body[at] & 0x20 != 0 { b"\n" } else { b"\r\n" });
        wire.extend_from_slice(&body[at..at + size]);
        wire.extend_from_slice(b"\r\n");
        at += size;
    }
    wire.extend_from_slice(b"0\r\n");
    if body.len() % 3 == 1 {
        wire.extend_from_slice(b"X-Trailer: yes\r\nX-Other: 1\r\n");
    }
    wire.extend_from_slice(b"\r\n");
    (wire, body.to_vec())
}

// ---------------------------------------------------------------------------------------------
// gzip and deflate
// ---------------------------------------------------------------------------------------------

/// Output past this is not compared (a tiny input can inflate a thousandfold).
const OUTPUT_CAP: usize = 1 << 20;

/// Decode `input` fed `in_piece` bytes at a time into an output buffer of `out_piece` bytes.
/// Returns the output and how it ended (None when the output cap was reached first).
fn inflate(
    coding: Coding,
    max_ratio: u64,
    input: &[u8],
    in_piece: usize,
    out_piece: usize,
) -> (Vec<u8>, Option<Result<(), DecodeError>>) {
    let mut d = Decoder::new(coding, max_ratio);
    let mut out = Vec::new();
    let mut buf = vec![0u8; out_piece];
    let mut pos = 0;
    loop {
        let chunk = &input[pos..(pos + in_piece).min(input.len())];
        let (used, made) = match d.feed(chunk, &mut buf) {
            Ok(r) => r,
            Err(e) => {
                // A failed decoder stays failed.
                assert_eq!(d.feed(b"x", &mut buf), Err(e));
                assert_eq!(d.finish(), Err(e));
                return (out, Some(Err(e)));
            }
        };
        assert!(used <= chunk.len() && made <= buf.len());
        assert!(
            chunk.is_empty() || used > 0 || made > 0,
            "no progress with {} bytes of input and {} of room",
            chunk.len(),
            buf.len()
        );
        assert!(d.total_in() <= input.len() as u64);
        out.extend_from_slice(&buf[..made]);
        pos += used;
        if out.len() > OUTPUT_CAP {
            return (out, None);
        }
        if chunk.is_empty() && made == 0 {
            let end = d.finish();
            if end.is_ok() {
                assert!(d.is_done() || d.total_in() == 0);
            }
            assert_eq!(d.total_out(), out.len() as u64);
            return (out, Some(end));
        }
    }
}

/// Split and whole decodes agree (with the ratio limit off, since where it trips depends on
/// the output buffer); the default limit never panics. True when the decode produced bytes.
fn inflate_agrees(coding: Coding, input: &[u8], in_piece: usize, out_piece: usize) -> bool {
    let whole = inflate(coding, 0, input, input.len().max(1), 64 * 1024);
    let split = inflate(coding, 0, input, in_piece, out_piece);
    let common = whole.0.len().min(split.0.len());
    assert_eq!(whole.0[..common], split.0[..common], "decoded bytes differ");
    if let (Some(a), Some(b)) = (whole.1, split.1) {
        assert_eq!(a, b, "in {in_piece}, out {out_piece}");
        // After an error the two runs may have produced different amounts (a failing call's
        // output does not count), but a successful decode is the same decode.
        if a.is_ok() {
            assert_eq!(whole.0.len(), split.0.len());
        }
    }
    let _ = inflate(coding, DEFAULT_MAX_RATIO, input, in_piece, out_piece);
    !whole.0.is_empty()
}

/// gzip and deflate decoding of raw bytes, and round trips through real encoders. Returns
/// true when raw bytes decoded to something, or for a round trip.
pub fn gzip(data: &[u8]) -> bool {
    let (Some(&mode), Some(&knob)) = (data.first(), data.get(1)) else {
        return false;
    };
    let rest = &data[2..];
    let in_piece = 1 + usize::from(knob % 13);
    let out_piece = 1 + usize::from(knob / 13 % 19) * 7;
    match mode % 5 {
        0 => inflate_agrees(Coding::Gzip, rest, in_piece, out_piece),
        1 => inflate_agrees(Coding::Deflate, rest, in_piece, out_piece),
        kind => {
            let level = flate2::Compression::new(u32::from(knob % 10));
            let encoded = match kind {
                2 => {
                    let mut e = flate2::write::GzEncoder::new(Vec::new(), level);
                    e.write_all(rest).unwrap();
                    e.finish().unwrap()
                }
                3 => {
                    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), level);
                    e.write_all(rest).unwrap();
                    e.finish().unwrap()
                }
                _ => {
                    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), level);
                    e.write_all(rest).unwrap();
                    e.finish().unwrap()
                }
            };
            let coding = if kind == 2 {
                Coding::Gzip
            } else {
                Coding::Deflate
            };
            // A valid stream decodes to the original bytes, however it is split.
            let (out, end) = inflate(coding, 0, &encoded, in_piece, out_piece);
            if end.is_some() {
                assert_eq!(end, Some(Ok(())), "{coding:?}, level {}", knob % 10);
                assert_eq!(out, rest);
            }
            // Two gzip members are one body.
            if kind == 2 && rest.len() < 4096 {
                let mut two = encoded.clone();
                two.extend_from_slice(&encoded);
                let (out, end) = inflate(coding, 0, &two, in_piece, out_piece);
                assert_eq!(end, Some(Ok(())));
                assert_eq!(out, [rest, rest].concat());
            }
            // One corrupted byte: any result but a panic, and split still agrees with whole.
            let mut bad = encoded;
            let at = usize::from(knob) * 7 % bad.len();
            bad[at] ^= 1 << (knob % 8);
            inflate_agrees(coding, &bad, in_piece, out_piece);
            true
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a whole response (the exchange's sans-IO state machine)
// ---------------------------------------------------------------------------------------------

/// A response event with its body bytes copied out (consecutive runs joined).
#[derive(Debug, Clone, PartialEq, Eq)]
enum RxSeen {
    Interim(u16),
    Head(ResponseHead, usize),
    Body(Vec<u8>),
    End(bool),
    Failed(RxError),
}

/// Feed `wire` to a response reader in pieces whose sizes come from `cuts` (cycled; 0 means
/// the whole rest), keeping the unconsumed bytes as a connection's buffer does, then the end
/// of file when `eof`. Checks the invariants of every call and event on the way. Returns the
/// events and the bytes left unconsumed.
fn rx_run(config: RxConfig, wire: &[u8], cuts: &[usize], eof: bool) -> (Vec<RxSeen>, Vec<u8>) {
    let mut rx = ResponseRx::new(config);
    let mut seen: Vec<RxSeen> = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut cut = cuts.iter().cycle();
    let take = |rx: &mut ResponseRx, input: &[u8], seen: &mut Vec<RxSeen>| {
        while let Some(ev) = rx.poll_event() {
            let over = matches!(seen.last(), Some(RxSeen::End(_) | RxSeen::Failed(_)));
            assert!(!over, "{ev:?} after the end: {seen:?}");
            let has_head = seen.iter().any(|e| matches!(e, RxSeen::Head(..)));
            let ev = match ev {
                RxEvent::Interim(status) => {
                    assert!(!has_head, "an interim response after the head");
                    assert!((100..200).contains(&status) && status != 101);
                    RxSeen::Interim(status)
                }
                RxEvent::Head { head, len } => {
                    assert!(!has_head, "two final heads");
                    assert!(!head.is_interim());
                    assert!(len <= input.len() && len <= config.max_head);
                    RxSeen::Head(head, len)
                }
                RxEvent::Body(r) => {
                    assert!(has_head, "body bytes before the head");
                    assert!(
                        r.start < r.end && r.end <= input.len(),
                        "{r:?} of {}",
                        input.len()
                    );
                    if let Some(RxSeen::Body(b)) = seen.last_mut() {
                        b.extend_from_slice(&input[r]);
                        continue;
                    }
                    RxSeen::Body(input[r].to_vec())
                }
                RxEvent::End { reusable } => {
                    assert!(has_head, "the end before the head");
                    RxSeen::End(reusable)
                }
                RxEvent::Failed(e) => RxSeen::Failed(e),
            };
            seen.push(ev);
        }
        let over = matches!(seen.last(), Some(RxSeen::End(_) | RxSeen::Failed(_)));
        assert_eq!(rx.wants() == Wants::Nothing, over, "{:?}", rx.state());
    };
    while fed < wire.len() {
        let piece = match cut.next().copied().unwrap_or(0) {
            0 => wire.len() - fed,
            n => n.min(wire.len() - fed),
        };
        buf.extend_from_slice(&wire[fed..fed + piece]);
        fed += piece;
        let done = rx.wants() == Wants::Nothing;
        let n = rx.handle_bytes(&buf);
        assert!(n <= buf.len(), "consumed {n} of {}", buf.len());
        if done {
            assert_eq!(n, 0, "bytes consumed after the end");
        }
        take(&mut rx, &buf, &mut seen);
        buf.drain(..n);
    }
    if eof {
        rx.handle_eof();
        take(&mut rx, &[], &mut seen);
        assert_eq!(
            rx.wants(),
            Wants::Nothing,
            "the end of file ends every response"
        );
    }
    // Done and failed take nothing more.
    if rx.wants() == Wants::Nothing {
        assert_eq!(rx.handle_bytes(b"HTTP/1.1 200 OK\r\n\r\nmore"), 0);
        rx.handle_eof();
        assert_eq!(rx.poll_event(), None);
    }
    (seen, buf)
}

/// The response reader (`http::exchange::response`): byte 0 holds the facts of the exchange
/// (bit 0 a HEAD request, bit 1 a reused connection, bit 2 an end of file after the bytes,
/// bits 3-4 the interim limit: 16, 2, 1 or 0; bits 5-7 the head limit: the default, or 56 to
/// 296 bytes), byte 1 seeds the read sizes, the rest is the wire. Fed whole, a byte at a time and in reads of 1 to 17 bytes, the events are
/// the same (a connection kept after a body is only refused when more bytes followed it in
/// the same read, and those bytes stay unconsumed either way); no call consumes more than it
/// was given; body ranges lie inside the bytes given; nothing follows the end or a failure;
/// a Content-Length body is that long; and a reused connection never reads a reply without a
/// status line. Returns true when a final head was read.
pub fn exchange_response(data: &[u8]) -> bool {
    let (facts, seed) = (data.first().copied().unwrap_or(0), data.get(1).copied());
    let wire = data.get(2..).unwrap_or(&[]);
    let config = RxConfig {
        method_is_head: facts & 1 != 0,
        fresh: facts & 2 == 0,
        max_head: match facts >> 5 {
            0 => DEFAULT_MAX_HEAD,
            k => 16 + 40 * usize::from(k),
        },
        max_interim: [16, 2, 1, 0][usize::from((facts >> 3) & 3)],
    };
    let eof = facts & 4 != 0;
    let mut state = u32::from(seed.unwrap_or(0)) | 0x100;
    let cuts: Vec<usize> = (0..32)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            1 + (state % 17) as usize
        })
        .collect();
    let (whole, left) = rx_run(config, wire, &[0], eof);
    let runs = [
        rx_run(config, wire, &[1], eof),
        rx_run(config, wire, &cuts, eof),
    ];
    let failed = matches!(whole.last(), Some(RxSeen::Failed(_)));
    if let Some(RxSeen::End(true)) = whole.last() {
        assert!(left.is_empty(), "kept with bytes after the response");
    }
    for (split, split_left) in &runs {
        // A read that ends exactly where the body ends cannot know of the bytes after it.
        let split: Vec<RxSeen> = split
            .iter()
            .map(|e| match e {
                RxSeen::End(r) => RxSeen::End(*r && split_left.is_empty()),
                other => other.clone(),
            })
            .collect();
        assert_eq!(whole, split);
        // How much of broken input was eaten before the fault showed depends on the reads.
        if !failed {
            assert_eq!(&left, split_left);
        }
    }
    let head = whole.iter().find_map(|e| match e {
        RxSeen::Head(head, _) => Some(head),
        _ => None,
    });
    if let Some(head) = head {
        assert!(config.fresh || !head.no_status_line);
        let body: usize = whole
            .iter()
            .map(|e| match e {
                RxSeen::Body(b) => b.len(),
                _ => 0,
            })
            .sum();
        match head.framing(config.method_is_head) {
            Ok(Framing::Length(n)) => assert!(body as u64 <= n),
            Ok(Framing::None) => assert_eq!(body, 0),
            _ => {}
        }
        if let (Ok(Framing::Length(n)), Some(RxSeen::End(_))) =
            (head.framing(config.method_is_head), whole.last())
        {
            assert_eq!(body as u64, n, "a Content-Length body ended early");
        }
    }
    head.is_some()
}

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

/// URL cracking (sans-IO and through the C export), unescaping, creating and canonicalizing.
/// Returns true when the URL cracked.
pub fn url_crack(data: &[u8]) -> bool {
    let Some((&knob, url)) = data.split_first() else {
        return false;
    };
    let flags = match knob % 4 {
        0 => 0,
        1 => ICU_DECODE,
        2 => ICU_ESCAPE,
        _ => ICU_DECODE | ICU_ESCAPE,
    };
    let len = url.len();
    let cracked = crack(url, flags);
    if let Ok(c) = &cracked {
        let parts = [
            Some(c.scheme.clone()),
            c.host.clone(),
            c.user.clone(),
            c.password.clone(),
            Some(c.path.clone()),
            c.extra.clone(),
            Some(c.path_with_extra()),
        ];
        for r in parts.iter().flatten() {
            assert!(r.start <= r.end && r.end <= len, "{r:?} outside 0..{len}");
        }
        assert_eq!(c.scheme.start, 0);
        assert_eq!(url[c.scheme.end], b':');
        if let Some(extra) = &c.extra {
            assert!(matches!(url[extra.start], b'?' | b'#'));
            assert_eq!(extra.end, len);
            assert!(c.path.end <= extra.start);
        }
        for r in [&c.host, &c.user, &c.password].into_iter().flatten() {
            assert!(r.end <= c.path.start || r.start >= c.path.end);
        }
        // Building a URL from the parts never fails on sound input, and never panics.
        let slice = |r: &Option<std::ops::Range<usize>>| r.clone().map(|r| &url[r]);
        let created = rinet::http::url::create(
            &UrlParts {
                scheme: Some(&url[c.scheme.clone()]),
                scheme_number: 0,
                host: slice(&c.host),
                port: c.port,
                user: slice(&c.user),
                password: slice(&c.password),
                path: Some(&url[c.path.clone()]),
                extra: slice(&c.extra),
            },
            flags & ICU_ESCAPE,
        );
        if c.password.is_some() {
            assert!(c.user.is_some());
        }
        assert!(created.is_ok(), "{created:?}");
    }
    let decoded = decode(url);
    assert!(decoded.len() <= len);
    for f in [
        0,
        ICU_DECODE,
        0x2000_0000,
        0x0800_0000,
        0x0400_0000,
        0x0200_1000,
    ] {
        let _ = canonicalize(url, f);
    }
    crack_through_the_export(url, knob, flags);
    canonicalize_through_the_export(url, knob);
    cracked.is_ok()
}

/// rinet_crack_url with pointers into the URL, then with copies into buffers of sizes chosen by
/// `knob`: pointers stay inside the URL and nothing is written past a buffer.
fn crack_through_the_export(url: &[u8], knob: u8, flags: u32) {
    // The export reads up to `url_len` bytes or the first NUL.
    let end = url.iter().position(|&b| b == 0).unwrap_or(url.len());
    let expected = crack(&url[..end], flags);
    let mut owned = url.to_vec();
    owned.push(0);
    let base = owned.as_ptr() as usize;

    // Pointers into the URL (no decoding flags: they need buffers).
    let mut uc = components();
    uc.dwSchemeLength = 1;
    uc.dwHostNameLength = 1;
    uc.dwUserNameLength = 1;
    uc.dwPasswordLength = 1;
    uc.dwUrlPathLength = 1;
    uc.dwExtraInfoLength = 1;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_crack_url(
            owned.as_ptr() as *const c_char,
            url.len() as u32,
            0,
            &mut uc,
        )
    };
    assert_eq!(rc == 0, crack(&url[..end], 0).is_ok(), "rc {rc}");
    if rc == 0 {
        for (p, l) in [
            (uc.lpszScheme, uc.dwSchemeLength),
            (uc.lpszHostName, uc.dwHostNameLength),
            (uc.lpszUserName, uc.dwUserNameLength),
            (uc.lpszPassword, uc.dwPasswordLength),
            (uc.lpszUrlPath, uc.dwUrlPathLength),
            (uc.lpszExtraInfo, uc.dwExtraInfoLength),
        ] {
            if !p.is_null() {
                let p = p as usize;
                assert!(
                    p >= base && p + l as usize <= base + end,
                    "pointer outside the URL"
                );
            }
        }
    }

    // Copies into buffers with guard bytes after them.
    const GUARD: usize = 8;
    let sizes = [
        usize::from(knob) % 9,
        usize::from(knob) % 23,
        64,
        usize::from(knob) % 5,
        usize::from(knob) % 41 + 1,
        3,
    ];
    let mut bufs: Vec<Vec<u8>> = sizes.iter().map(|&n| vec![0xA5; n + GUARD]).collect();
    let mut uc = components();
    let ptrs: Vec<*mut c_char> = bufs
        .iter_mut()
        .map(|b| b.as_mut_ptr() as *mut c_char)
        .collect();
    uc.lpszScheme = ptrs[0];
    uc.dwSchemeLength = sizes[0] as u32;
    uc.lpszHostName = ptrs[1];
    uc.dwHostNameLength = sizes[1] as u32;
    uc.lpszUserName = ptrs[2];
    uc.dwUserNameLength = sizes[2] as u32;
    uc.lpszPassword = ptrs[3];
    uc.dwPasswordLength = sizes[3] as u32;
    uc.lpszUrlPath = ptrs[4];
    uc.dwUrlPathLength = sizes[4] as u32;
    uc.lpszExtraInfo = ptrs[5];
    uc.dwExtraInfoLength = sizes[5] as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_crack_url(
            owned.as_ptr() as *const c_char,
            url.len() as u32,
            flags,
            &mut uc,
        )
    };
    for (b, &n) in bufs.iter().zip(&sizes) {
        assert!(
            b[n..].iter().all(|&g| g == 0xA5),
            "written past a {n}-byte buffer"
        );
    }
    match expected {
        Ok(_) => assert!(rc == 0 || rc == 122 || rc == 87, "rc {rc}"),
        Err(_) => assert!(rc != 0 && rc != 122, "rc {rc}"),
    }
    if rc == 0 {
        let lens = [
            uc.dwSchemeLength,
            uc.dwHostNameLength,
            uc.dwUserNameLength,
            uc.dwPasswordLength,
            uc.dwUrlPathLength,
            uc.dwExtraInfoLength,
        ];
        for ((b, &n), &l) in bufs.iter().zip(&sizes).zip(&lens) {
            if n > 0 {
                assert!((l as usize) < n);
                assert_eq!(b[l as usize], 0, "NUL after the part");
            }
        }
    }
}

/// rinet_canonicalize_url into a buffer of a size chosen by `knob`, then into one of the size
/// it asked for.
fn canonicalize_through_the_export(url: &[u8], knob: u8) {
    let end = url.iter().position(|&b| b == 0).unwrap_or(url.len());
    let mut owned = url[..end].to_vec();
    owned.push(0);
    let size = usize::from(knob) % 17;
    let mut buf = vec![0xA5u8; size + 8];
    let mut len = size as u32;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_canonicalize_url(
            owned.as_ptr() as *const c_char,
            buf.as_mut_ptr() as *mut c_char,
            &mut len,
            0,
        )
    };
    assert!(
        buf[size..].iter().all(|&g| g == 0xA5),
        "written past the buffer"
    );
    if rc == 122 {
        let need = len as usize;
        assert!(need > size);
        let mut buf = vec![0xA5u8; need + 8];
        let mut len = need as u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe {
            rinet_canonicalize_url(
                owned.as_ptr() as *const c_char,
                buf.as_mut_ptr() as *mut c_char,
                &mut len,
                0,
            )
        };
        assert_eq!(rc, 0);
        assert_eq!(len as usize + 1, need);
        assert!(buf[need..].iter().all(|&g| g == 0xA5));
    }
    // Creating a URL back from a cracked one, through the export, into a too-small buffer.
    let mut uc = components();
    uc.dwSchemeLength = 1;
    uc.dwHostNameLength = 1;
    uc.dwUserNameLength = 1;
    uc.dwPasswordLength = 1;
    uc.dwUrlPathLength = 1;
    uc.dwExtraInfoLength = 1;
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    if unsafe { rinet_crack_url(owned.as_ptr() as *const c_char, 0, 0, &mut uc) } == 0 {
        let mut out = vec![0xA5u8; size + 8];
        let mut len = size as u32;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let rc = unsafe { rinet_create_url(&uc, 0, out.as_mut_ptr() as *mut c_char, &mut len) };
        assert!(
            out[size..].iter().all(|&g| g == 0xA5),
            "written past the buffer"
        );
        assert!(rc == 0 || rc == 122 || rc == 87, "rc {rc}");
    }
}

fn components() -> rinet_url_components {
    rinet_url_components {
        dwStructSize: std::mem::size_of::<rinet_url_components>() as u32,
        lpszScheme: std::ptr::null_mut(),
        dwSchemeLength: 0,
        nScheme: 0,
        lpszHostName: std::ptr::null_mut(),
        dwHostNameLength: 0,
        nPort: 0,
        lpszUserName: std::ptr::null_mut(),
        dwUserNameLength: 0,
        lpszPassword: std::ptr::null_mut(),
        dwPasswordLength: 0,
        lpszUrlPath: std::ptr::null_mut(),
        dwUrlPathLength: 0,
        lpszExtraInfo: std::ptr::null_mut(),
        dwExtraInfoLength: 0,
    }
}
