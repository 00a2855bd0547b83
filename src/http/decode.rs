// SPDX-License-Identifier: MIT OR Apache-2.0
//! Content-Encoding decoding: gzip and deflate bodies, streamed into a caller's fixed buffer.
//!
//! With `INTERNET_OPTION_HTTP_DECODING` on, rinet asks for `Accept-Encoding: gzip, deflate` and
//! hands the application decoded bytes. The [`Decoder`] sits between the body framing and the
//! application's read buffer: the reactor feeds it the body bytes as they arrive, in pieces of
//! any size, and it writes decoded bytes straight into the buffer the application gave to
//! `InternetReadFile`. Nothing is queued inside it except what the inflater itself holds.
//!
//! - `gzip` (and its old alias `x-gzip`) is RFC 1952. Several members one after the other are
//!   decoded as one body. The CRC-32 and length in each member's trailer are checked. Bytes
//!   after the last member that do not start a new member are ignored, as browsers do.
//! - `deflate` is meant to be zlib (RFC 1950), but many servers send raw deflate (RFC 1951).
//!   The first two bytes decide: a valid zlib header means zlib, anything else means raw.
//! - A decompression bomb (a small body that inflates to an enormous one) is stopped by a
//!   ratio limit: see [`Decoder::new`] and [`DEFAULT_MAX_RATIO`].
//!
//! Every failure is a [`DecodeError`]; the reactor reports any of them to the application as
//! `ERROR_INTERNET_DECODING_FAILED` (12175).

use flate2::{Crc, Decompress, FlushDecompress, Status};

/// The `Accept-Encoding` value sent when decoding is on.
pub const ACCEPT_ENCODING: &str = "gzip, deflate";

/// The default ratio limit: decoded bytes may be at most 1000 times the compressed bytes
/// consumed so far (after the first [`RATIO_ALLOWANCE`] bytes of output).
///
/// Deflate cannot compress better than about 1032 to 1, so this default only stops streams
/// made of little more than one repeated byte, which is what a single-layer bomb is. A smaller
/// limit stops more.
pub const DEFAULT_MAX_RATIO: u64 = 1000;

/// Decoded bytes that are always allowed, whatever the ratio. Small bodies compress very well
/// (a short page of repeated markup can reach 100:1 and more), so the limit applies only past
/// this much output.
pub const RATIO_ALLOWANCE: u64 = 1 << 20;

/// A content coding rinet can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// `gzip` or `x-gzip`: RFC 1952 members.
    Gzip,
    /// `deflate`: zlib-wrapped (RFC 1950) or raw (RFC 1951) deflate.
    Deflate,
}

impl Coding {
    /// The coding named by a `Content-Encoding` header value: `gzip`, `x-gzip` or `deflate`,
    /// in any case, with surrounding spaces allowed.
    ///
    /// Anything else is `None`: `identity`, an unknown coding such as `br`, and a list of
    /// several codings (`deflate, gzip`). The body is then passed on as it came.
    pub fn from_header(value: &str) -> Option<Coding> {
        let v = value.trim();
        if v.eq_ignore_ascii_case("gzip") || v.eq_ignore_ascii_case("x-gzip") {
            Some(Coding::Gzip)
        } else if v.eq_ignore_ascii_case("deflate") {
            Some(Coding::Deflate)
        } else {
            None
        }
    }
}

/// Why a body could not be decoded. Each maps to `ERROR_INTERNET_DECODING_FAILED` (12175).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not valid gzip, zlib or deflate data, or a gzip trailer's CRC-32 or
    /// length does not match the decoded bytes.
    Corrupt,
    /// The compressed input ended in the middle of the stream.
    Truncated,
    /// The decoded size passed the ratio limit: a likely decompression bomb.
    Bomb,
}

/// Where the decoder is in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading a gzip member's header.
    GzHeader(GzHead),
    /// Waiting for the first two bytes of a deflate body to tell zlib from raw.
    Sniff { buf: [u8; 2], have: u8 },
    /// Inside the compressed data; the inflater is running.
    Inflate,
    /// Reading a gzip member's 8-byte trailer: CRC-32 then length, little-endian.
    GzTrailer { buf: [u8; 8], have: u8 },
    /// A gzip member ended cleanly. Another may start; other bytes end the body.
    GzBetween,
    /// The stream is complete. Any further bytes are consumed and ignored.
    Ended,
}

/// Progress through a gzip header (RFC 1952 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GzHead {
    /// Which part is being read.
    part: GzPart,
    /// The FLG byte, once read.
    flags: u8,
    /// Bytes read in the current part (for the fixed-size parts).
    count: u16,
    /// FEXTRA's length, once read; then the bytes still to skip.
    extra: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GzPart {
    /// ID1 ID2 CM FLG MTIME(4) XFL OS.
    Fixed,
    /// The two little-endian bytes of XLEN.
    ExtraLen,
    /// XLEN bytes of extra field.
    Extra,
    /// The zero-terminated file name.
    Name,
    /// The zero-terminated comment.
    Comment,
    /// The two bytes of the header CRC-16.
    HeaderCrc,
}

const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const FRESERVED: u8 = 0xE0;

impl GzHead {
    fn new() -> Self {
        GzHead {
            part: GzPart::Fixed,
            flags: 0,
            count: 0,
            extra: 0,
        }
    }

    /// Take one header byte. `Ok(true)` once the header is complete.
    fn byte(&mut self, b: u8) -> Result<bool, DecodeError> {
        match self.part {
            GzPart::Fixed => {
                match self.count {
                    0 if b != 0x1f => return Err(DecodeError::Corrupt),
                    1 if b != 0x8b => return Err(DecodeError::Corrupt),
                    2 if b != 8 => return Err(DecodeError::Corrupt),
                    3 if b & FRESERVED != 0 => return Err(DecodeError::Corrupt),
                    3 => self.flags = b,
                    _ => {}
                }
                self.count += 1;
                if self.count == 10 {
                    self.count = 0;
                    return Ok(self.next_part(GzPart::Fixed));
                }
            }
            GzPart::ExtraLen => {
                self.extra |= u16::from(b) << (8 * self.count);
                self.count += 1;
                if self.count == 2 {
                    self.count = 0;
                    if self.extra > 0 {
                        self.part = GzPart::Extra;
                    } else {
                        return Ok(self.next_part(GzPart::Extra));
                    }
                }
            }
            GzPart::Extra => {
                self.extra -= 1;
                if self.extra == 0 {
                    return Ok(self.next_part(GzPart::Extra));
                }
            }
            GzPart::Name if b == 0 => return Ok(self.next_part(GzPart::Name)),
            GzPart::Comment if b == 0 => return Ok(self.next_part(GzPart::Comment)),
            GzPart::Name | GzPart::Comment => {}
            GzPart::HeaderCrc => {
                self.count += 1;
                if self.count == 2 {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Move past `done` to the next optional part the flags ask for. True when none is left.
    fn next_part(&mut self, done: GzPart) -> bool {
        let order = [
            (GzPart::ExtraLen, FEXTRA),
            (GzPart::Name, FNAME),
            (GzPart::Comment, FCOMMENT),
            (GzPart::HeaderCrc, FHCRC),
        ];
        let start = match done {
            GzPart::Fixed => 0,
            GzPart::ExtraLen | GzPart::Extra => 1,
            GzPart::Name => 2,
            GzPart::Comment => 3,
            GzPart::HeaderCrc => 4,
        };
        for &(part, flag) in &order[start..] {
            if self.flags & flag != 0 {
                self.part = part;
                self.count = 0;
                return false;
            }
        }
        true
    }
}

/// True when two bytes form a zlib header (RFC 1950 §2.2): method 8, a window of at most
/// 32 KiB, a valid check value and no preset dictionary.
fn is_zlib_header(b: [u8; 2]) -> bool {
    let (cmf, flg) = (b[0], b[1]);
    cmf & 0x0f == 8
        && cmf >> 4 <= 7
        && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
        && flg & 0x20 == 0
}

/// A streaming decoder for one gzip or deflate body.
///
/// Feed it compressed bytes with [`feed`](Decoder::feed) in pieces of any size; it writes
/// decoded bytes into the output slice it is given. When the body's framing says the
/// compressed input is over, drain it and call [`finish`](Decoder::finish).
///
/// After any error the decoder is spent: every later call returns the same error.
pub struct Decoder {
    coding: Coding,
    phase: Phase,
    /// Created on the first compressed byte; reset for each gzip member.
    inflate: Option<Decompress>,
    /// CRC-32 of the current gzip member's decoded bytes.
    crc: Crc,
    /// Decoded bytes of the current gzip member, modulo 2^32.
    member_len: u32,
    /// The two sniffed deflate bytes, consumed from the caller but not yet given to the
    /// inflater: `prefix[pos..len]`.
    prefix: [u8; 2],
    prefix_pos: u8,
    prefix_len: u8,
    max_ratio: u64,
    total_in: u64,
    total_out: u64,
    failed: Option<DecodeError>,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("coding", &self.coding)
            .field("phase", &self.phase)
            .field("total_in", &self.total_in)
            .field("total_out", &self.total_out)
            .field("failed", &self.failed)
            .finish()
    }
}

impl Decoder {
    /// A decoder for a body in `coding`.
    ///
    /// `max_ratio` bounds decoded bytes against compressed bytes consumed: once more than
    /// [`RATIO_ALLOWANCE`] bytes have been decoded, decoding fails with [`DecodeError::Bomb`]
    /// as soon as the decoded total exceeds `max_ratio` times the compressed total. The check
    /// runs as output is produced, so at most one output buffer's worth passes the limit before
    /// it trips. [`DEFAULT_MAX_RATIO`] is the usual value; 0 turns the limit off.
    pub fn new(coding: Coding, max_ratio: u64) -> Self {
        let phase = match coding {
            Coding::Gzip => Phase::GzHeader(GzHead::new()),
            Coding::Deflate => Phase::Sniff {
                buf: [0; 2],
                have: 0,
            },
        };
        Decoder {
            coding,
            phase,
            inflate: None,
            crc: Crc::new(),
            member_len: 0,
            prefix: [0; 2],
            prefix_pos: 0,
            prefix_len: 0,
            max_ratio,
            total_in: 0,
            total_out: 0,
            failed: None,
        }
    }

    /// The coding this decoder reads.
    pub fn coding(&self) -> Coding {
        self.coding
    }

    /// Compressed bytes consumed so far.
    pub fn total_in(&self) -> u64 {
        self.total_in
    }

    /// Decoded bytes produced so far.
    pub fn total_out(&self) -> u64 {
        self.total_out
    }

    /// True once the compressed stream is complete: the deflate stream ended, or the last gzip
    /// member's trailer was read and checked (a further member may still start). Input bytes
    /// after the end are consumed and ignored.
    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::GzBetween | Phase::Ended)
    }

    /// Decode from `input` into `out`. Returns `(consumed, produced)`: how many bytes of
    /// `input` were used and how many decoded bytes were written to the front of `out`.
    ///
    /// Input that is not consumed (because `out` filled up) must be passed again, at the front
    /// of the next call's input. Decoded bytes can wait inside the inflater after all input is
    /// consumed, so to drain them call `feed` with an empty `input` until it produces 0 bytes.
    /// With room in `out` and bytes in `input`, a call always makes progress.
    ///
    /// Errors: [`DecodeError::Corrupt`] for invalid data and [`DecodeError::Bomb`] for the ratio
    /// limit. Bytes written to `out` by a call that fails are not valid output.
    pub fn feed(&mut self, input: &[u8], out: &mut [u8]) -> Result<(usize, usize), DecodeError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        let r = self.run(input, out);
        if let Err(e) = r {
            self.failed = Some(e);
        }
        r
    }

    /// The compressed input has ended. Call this after the last [`feed`](Decoder::feed) and
    /// after draining (a `feed` with empty input that produced 0 bytes).
    ///
    /// `Ok` when the stream is complete, and also for a body of zero bytes (some servers label
    /// an empty body `gzip`). [`DecodeError::Truncated`] when the input stopped inside the
    /// stream; any earlier error is returned again.
    pub fn finish(&mut self) -> Result<(), DecodeError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if self.is_done() || self.total_in == 0 {
            return Ok(());
        }
        self.failed = Some(DecodeError::Truncated);
        Err(DecodeError::Truncated)
    }

    fn run(&mut self, input: &[u8], out: &mut [u8]) -> Result<(usize, usize), DecodeError> {
        let mut inp = 0usize;
        let mut outp = 0usize;
        loop {
            match self.phase {
                Phase::GzHeader(mut head) => {
                    let Some(&b) = input.get(inp) else { break };
                    inp += 1;
                    self.total_in += 1;
                    if head.byte(b)? {
                        self.start_inflate(false);
                    } else {
                        self.phase = Phase::GzHeader(head);
                    }
                }
                Phase::Sniff { mut buf, mut have } => {
                    let Some(&b) = input.get(inp) else { break };
                    inp += 1;
                    self.total_in += 1;
                    buf[usize::from(have)] = b;
                    have += 1;
                    if have == 2 {
                        self.prefix = buf;
                        self.prefix_pos = 0;
                        self.prefix_len = 2;
                        self.start_inflate(is_zlib_header(buf));
                    } else {
                        self.phase = Phase::Sniff { buf, have };
                    }
                }
                Phase::Inflate => {
                    let from_prefix = self.prefix_pos < self.prefix_len;
                    let src = if from_prefix {
                        &self.prefix[usize::from(self.prefix_pos)..usize::from(self.prefix_len)]
                    } else {
                        &input[inp..]
                    };
                    let inflate = self
                        .inflate
                        .as_mut()
                        .expect("inflater exists while inflating");
                    let (in0, out0) = (inflate.total_in(), inflate.total_out());
                    let status = inflate
                        .decompress(src, &mut out[outp..], FlushDecompress::None)
                        .map_err(|_| DecodeError::Corrupt)?;
                    let used = (inflate.total_in() - in0) as usize;
                    let made = (inflate.total_out() - out0) as usize;
                    if from_prefix {
                        // Sniffed bytes were counted in total_in when they were taken.
                        self.prefix_pos += used as u8;
                    } else {
                        inp += used;
                        self.total_in += used as u64;
                    }
                    if self.coding == Coding::Gzip {
                        self.crc.update(&out[outp..outp + made]);
                        self.member_len = self.member_len.wrapping_add(made as u32);
                    }
                    outp += made;
                    self.total_out += made as u64;
                    self.check_ratio()?;
                    if status == Status::StreamEnd {
                        self.phase = match self.coding {
                            Coding::Gzip => Phase::GzTrailer {
                                buf: [0; 8],
                                have: 0,
                            },
                            Coding::Deflate => Phase::Ended,
                        };
                    } else if used == 0 && made == 0 {
                        // Needs more input or more room in `out`.
                        break;
                    }
                }
                Phase::GzTrailer { mut buf, mut have } => {
                    let Some(&b) = input.get(inp) else { break };
                    inp += 1;
                    self.total_in += 1;
                    buf[usize::from(have)] = b;
                    have += 1;
                    if have < 8 {
                        self.phase = Phase::GzTrailer { buf, have };
                        continue;
                    }
                    let crc = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
                    let len = u32::from_le_bytes([buf[4], buf[5], buf[6], buf[7]]);
                    if crc != self.crc.sum() || len != self.member_len {
                        return Err(DecodeError::Corrupt);
                    }
                    self.phase = Phase::GzBetween;
                }
                Phase::GzBetween => {
                    let Some(&b) = input.get(inp) else { break };
                    if b == 0x1f {
                        self.phase = Phase::GzHeader(GzHead::new());
                    } else {
                        self.phase = Phase::Ended;
                    }
                }
                Phase::Ended => {
                    self.total_in += (input.len() - inp) as u64;
                    inp = input.len();
                    break;
                }
            }
        }
        Ok((inp, outp))
    }

    /// Enter the compressed data: a fresh inflater (or a reset one) and a fresh member CRC.
    fn start_inflate(&mut self, zlib: bool) {
        match self.inflate.as_mut() {
            Some(d) => d.reset(zlib),
            None => self.inflate = Some(Decompress::new(zlib)),
        }
        self.crc.reset();
        self.member_len = 0;
        self.phase = Phase::Inflate;
    }

    fn check_ratio(&self) -> Result<(), DecodeError> {
        if self.max_ratio != 0
            && self.total_out > RATIO_ALLOWANCE
            && self.total_out > self.max_ratio.saturating_mul(self.total_in)
        {
            return Err(DecodeError::Bomb);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use flate2::Compression;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn raw(data: &[u8]) -> Vec<u8> {
        let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Some text that compresses, with enough variety to use real Huffman blocks.
    fn sample(lines: u32) -> Vec<u8> {
        let mut v = Vec::new();
        for i in 0..lines {
            v.extend_from_slice(
                format!("line {i}: the quick brown fox {}\n", i * 7919 % 1000).as_bytes(),
            );
        }
        v
    }

    /// Decode `data` feeding `split` input bytes at a time into an `out_size` buffer.
    fn decode(
        coding: Coding,
        data: &[u8],
        split: usize,
        out_size: usize,
    ) -> Result<Vec<u8>, DecodeError> {
        let mut d = Decoder::new(coding, DEFAULT_MAX_RATIO);
        let mut result = Vec::new();
        let mut out = vec![0u8; out_size];
        let mut pending: Vec<u8> = Vec::new();
        let mut chunks = data.chunks(split.max(1));
        loop {
            if pending.is_empty() {
                match chunks.next() {
                    Some(c) => pending.extend_from_slice(c),
                    None => break,
                }
            }
            let (used, made) = d.feed(&pending, &mut out)?;
            result.extend_from_slice(&out[..made]);
            pending.drain(..used);
            assert!(used > 0 || made > 0, "no progress with input and room");
        }
        loop {
            let (used, made) = d.feed(&[], &mut out)?;
            assert_eq!(used, 0);
            if made == 0 {
                break;
            }
            result.extend_from_slice(&out[..made]);
        }
        d.finish()?;
        Ok(result)
    }

    #[test]
    fn header_names() {
        assert_eq!(Coding::from_header("gzip"), Some(Coding::Gzip));
        assert_eq!(Coding::from_header(" X-GZip "), Some(Coding::Gzip));
        assert_eq!(Coding::from_header("Deflate"), Some(Coding::Deflate));
        assert_eq!(Coding::from_header("br"), None);
        assert_eq!(Coding::from_header("identity"), None);
        assert_eq!(Coding::from_header("deflate, gzip"), None);
        assert_eq!(Coding::from_header(""), None);
    }

    #[test]
    fn every_split_size() {
        let plain = sample(40);
        let streams = [
            (Coding::Gzip, gzip(&plain)),
            (Coding::Deflate, zlib(&plain)),
            (Coding::Deflate, raw(&plain)),
        ];
        for (coding, packed) in &streams {
            for split in 1..=packed.len() {
                for out_size in [1, 7, 4096] {
                    let got = decode(*coding, packed, split, out_size).unwrap_or_else(|e| {
                        panic!("{coding:?} split {split} out {out_size}: {e:?}")
                    });
                    assert!(got == plain, "{coding:?} split {split} out {out_size}");
                }
            }
        }
    }

    #[test]
    fn raw_and_zlib_deflate() {
        let plain = b"hello hello hello deflate".to_vec();
        let z = zlib(&plain);
        let r = raw(&plain);
        assert!(is_zlib_header([z[0], z[1]]));
        assert!(!is_zlib_header([r[0], r[1]]));
        assert_eq!(decode(Coding::Deflate, &z, 1, 64).unwrap(), plain);
        assert_eq!(decode(Coding::Deflate, &r, 1, 64).unwrap(), plain);
        // Stored (uncompressed) blocks, raw and zlib.
        for level in [Compression::none(), Compression::best()] {
            let mut e = DeflateEncoder::new(Vec::new(), level);
            e.write_all(&plain).unwrap();
            let r = e.finish().unwrap();
            assert_eq!(decode(Coding::Deflate, &r, 3, 5).unwrap(), plain);
            let mut e = ZlibEncoder::new(Vec::new(), level);
            e.write_all(&plain).unwrap();
            let z = e.finish().unwrap();
            assert_eq!(decode(Coding::Deflate, &z, 3, 5).unwrap(), plain);
        }
    }

    #[test]
    fn empty_streams_and_empty_bodies() {
        assert_eq!(decode(Coding::Gzip, &gzip(b""), 1, 8).unwrap(), b"");
        assert_eq!(decode(Coding::Deflate, &zlib(b""), 1, 8).unwrap(), b"");
        assert_eq!(decode(Coding::Deflate, &raw(b""), 1, 8).unwrap(), b"");
        // A zero-byte body labelled with a coding is accepted.
        let mut d = Decoder::new(Coding::Gzip, DEFAULT_MAX_RATIO);
        assert_eq!(d.feed(&[], &mut [0; 4]), Ok((0, 0)));
        assert!(!d.is_done());
        assert_eq!(d.finish(), Ok(()));
    }

    #[test]
    fn gzip_multi_member_and_trailing_bytes() {
        let mut packed = gzip(b"first member, ");
        packed.extend_from_slice(&gzip(b"second member"));
        for split in 1..=packed.len() {
            assert_eq!(
                decode(Coding::Gzip, &packed, split, 3).unwrap(),
                b"first member, second member"
            );
        }
        // Bytes after the last member that are not a gzip header are ignored.
        let mut trailing = gzip(b"body");
        trailing.extend_from_slice(b"\r\n\0\0");
        assert_eq!(decode(Coding::Gzip, &trailing, 1, 16).unwrap(), b"body");
        // But a second member that starts and breaks off is an error.
        let mut broken = gzip(b"body");
        broken.extend_from_slice(&[0x1f, 0x8b, 8]);
        assert_eq!(
            decode(Coding::Gzip, &broken, 2, 16),
            Err(DecodeError::Truncated)
        );
        let mut bad = gzip(b"body");
        bad.extend_from_slice(&[0x1f, 0x00]);
        assert_eq!(decode(Coding::Gzip, &bad, 2, 16), Err(DecodeError::Corrupt));
    }

    #[test]
    fn gzip_optional_header_fields() {
        let plain = b"with every optional header field".to_vec();
        // FHCRC | FEXTRA | FNAME | FCOMMENT, then the raw deflate data and the trailer.
        let mut packed = vec![0x1f, 0x8b, 8, 0x1e, 1, 2, 3, 4, 0, 3];
        packed.extend_from_slice(&[5, 0, b'A', b'B', 3, 0, b'x']);
        packed.extend_from_slice(b"name.txt\0");
        packed.extend_from_slice(b"a comment\0");
        packed.extend_from_slice(&[0xab, 0xcd]);
        packed.extend_from_slice(&raw(&plain));
        let mut crc = Crc::new();
        crc.update(&plain);
        packed.extend_from_slice(&crc.sum().to_le_bytes());
        packed.extend_from_slice(&(plain.len() as u32).to_le_bytes());
        for split in 1..=packed.len() {
            assert_eq!(decode(Coding::Gzip, &packed, split, 9).unwrap(), plain);
        }
        // The same stream from flate2's own header writer.
        let mut e = flate2::GzBuilder::new()
            .filename("f")
            .comment("c")
            .extra(vec![1, 2, 3])
            .write(Vec::new(), Compression::fast());
        e.write_all(&plain).unwrap();
        let packed = e.finish().unwrap();
        assert_eq!(decode(Coding::Gzip, &packed, 1, 9).unwrap(), plain);
    }

    #[test]
    fn corrupt_data() {
        let plain = sample(200);
        // Not gzip at all.
        assert_eq!(
            decode(Coding::Gzip, b"plain text body", 4, 64),
            Err(DecodeError::Corrupt)
        );
        // Reserved flag bits, or a method other than deflate.
        let mut g = gzip(&plain);
        g[3] |= 0x80;
        assert_eq!(decode(Coding::Gzip, &g, 64, 64), Err(DecodeError::Corrupt));
        let mut g = gzip(&plain);
        g[2] = 7;
        assert_eq!(decode(Coding::Gzip, &g, 64, 64), Err(DecodeError::Corrupt));
        // A damaged CRC-32 or length in the trailer.
        let mut g = gzip(&plain);
        let n = g.len();
        g[n - 8] ^= 1;
        assert_eq!(decode(Coding::Gzip, &g, 64, 64), Err(DecodeError::Corrupt));
        let mut g = gzip(&plain);
        g[n - 1] ^= 1;
        assert_eq!(decode(Coding::Gzip, &g, 64, 64), Err(DecodeError::Corrupt));
        // A damaged zlib checksum.
        let mut z = zlib(&plain);
        let n = z.len();
        z[n - 1] ^= 1;
        assert_eq!(
            decode(Coding::Deflate, &z, 64, 4096),
            Err(DecodeError::Corrupt)
        );
        // A reserved block type (BTYPE = 11) in raw deflate.
        assert_eq!(
            decode(Coding::Deflate, &[0x07, 0x00, 0x00], 1, 64),
            Err(DecodeError::Corrupt)
        );
        // A stored block whose NLEN is not LEN's complement.
        assert_eq!(
            decode(
                Coding::Deflate,
                &[0x01, 0x05, 0x00, 0x00, 0x00, b'a'],
                1,
                64
            ),
            Err(DecodeError::Corrupt)
        );
        // The error sticks.
        let mut d = Decoder::new(Coding::Gzip, DEFAULT_MAX_RATIO);
        assert_eq!(d.feed(b"xx", &mut [0; 8]), Err(DecodeError::Corrupt));
        assert_eq!(d.feed(&gzip(b"ok"), &mut [0; 8]), Err(DecodeError::Corrupt));
        assert_eq!(d.finish(), Err(DecodeError::Corrupt));
    }

    #[test]
    fn truncated_data() {
        let plain = sample(200);
        for (coding, packed) in [
            (Coding::Gzip, gzip(&plain)),
            (Coding::Deflate, zlib(&plain)),
            (Coding::Deflate, raw(&plain)),
        ] {
            for cut in 1..packed.len() {
                let r = decode(coding, &packed[..cut], 16, 256);
                assert!(
                    r == Err(DecodeError::Truncated),
                    "{coding:?} cut at {cut} of {}: {r:?}",
                    packed.len()
                );
            }
        }
    }

    #[test]
    fn bomb_is_stopped() {
        // 100 MiB of zeros as 100 gzip members of 1 MiB each: about 100 KiB compressed.
        let member = gzip(&vec![0u8; 1 << 20]);
        let bomb: Vec<u8> = member
            .iter()
            .copied()
            .cycle()
            .take(member.len() * 100)
            .collect();
        let ratio = (100u64 << 20) / bomb.len() as u64;
        assert!(ratio > 500, "ratio {ratio}");
        let mut d = Decoder::new(Coding::Gzip, ratio / 2);
        let mut out = vec![0u8; 64 * 1024];
        let mut input = &bomb[..];
        let err = loop {
            match d.feed(input, &mut out) {
                Ok((used, _)) => input = &input[used..],
                Err(e) => break e,
            }
        };
        assert_eq!(err, DecodeError::Bomb);
        // It tripped soon after the allowance, not after inflating everything.
        assert!(
            d.total_out() < RATIO_ALLOWANCE + 2 * out.len() as u64,
            "{}",
            d.total_out()
        );
        assert_eq!(d.feed(&[], &mut out), Err(DecodeError::Bomb));

        // With the limit off, or high enough, the same body decodes in full.
        for limit in [0, ratio * 2] {
            let mut d = Decoder::new(Coding::Gzip, limit);
            let mut input = &bomb[..];
            loop {
                let (used, made) = d.feed(input, &mut out).unwrap();
                input = &input[used..];
                if used == 0 && made == 0 {
                    break;
                }
            }
            d.finish().unwrap();
            assert_eq!(d.total_out(), 100 << 20);
        }
    }

    #[test]
    fn default_ratio_stops_one_long_run_of_zeros() {
        // 100 MiB of zeros in one zlib stream.
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..100 {
            e.write_all(&zeros).unwrap();
        }
        let packed = e.finish().unwrap();
        let mut d = Decoder::new(Coding::Deflate, DEFAULT_MAX_RATIO);
        let mut out = vec![0u8; 16 * 1024];
        let mut input = &packed[..];
        let err = loop {
            match d.feed(input, &mut out) {
                Ok((used, made)) => {
                    assert!(used > 0 || made > 0, "stalled at {}", d.total_out());
                    input = &input[used..];
                }
                Err(e) => break e,
            }
        };
        assert_eq!(err, DecodeError::Bomb);
        assert!(d.total_out() < 4 * RATIO_ALLOWANCE);
    }

    #[test]
    fn small_bodies_may_exceed_the_ratio() {
        // 512 KiB of zeros compresses far better than 1000:1 but is under the allowance.
        let packed = gzip(&vec![0u8; 512 * 1024]);
        let mut d = Decoder::new(Coding::Gzip, 2);
        let mut out = vec![0u8; 1 << 20];
        let (used, made) = d.feed(&packed, &mut out).unwrap();
        assert_eq!((used, made), (packed.len(), 512 * 1024));
        assert!(d.is_done());
        d.finish().unwrap();
    }

    #[test]
    fn damaged_streams_never_panic() {
        // A bounded property test: flip, drop and insert bytes in valid streams.
        let plain = sample(20);
        let streams = [
            (Coding::Gzip, gzip(&plain)),
            (Coding::Deflate, zlib(&plain)),
            (Coding::Deflate, raw(&plain)),
        ];
        let mut seed = 0xd1b5_4a32_d192_ed03u64;
        for round in 0..1500 {
            let (coding, packed) = &streams[round % 3];
            let mut data = packed.clone();
            for _ in 0..1 + round % 4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % data.len() as u64) as usize;
                match seed >> 60 {
                    0..=9 => data[at] ^= 1 << (seed >> 32 & 7),
                    10..=12 => {
                        data.remove(at);
                    }
                    _ => data.insert(at, (seed >> 40) as u8),
                }
            }
            let split = 1 + (seed >> 20) as usize % 64;
            let out = 1 + (seed >> 30) as usize % 300;
            if let Ok(got) = decode(*coding, &data, split, out) {
                // Checksums catch almost every change; raw deflate has none.
                if *coding == Coding::Gzip {
                    assert_eq!(got, plain);
                }
            }
        }
    }
}
