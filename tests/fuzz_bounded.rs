// SPDX-License-Identifier: MIT OR Apache-2.0
//! A bounded, deterministic run of the fuzz targets inside `cargo test`, so that every
//! change gets exercised against them in CI, not only when someone runs `cargo fuzz`.
//!
//! The target bodies are the ones the cargo-fuzz binaries call (`fuzz/src/lib.rs`), with the
//! same invariants. Inputs come from a xorshift generator with a fixed seed per target:
//! first the seed corpus in `fuzz/seeds/<target>/` as it is, then a mix of random bytes,
//! response heads and URLs built from plausible parts, and mutations of the seeds and of
//! earlier inputs (flipped, inserted, deleted, duplicated and spliced bytes, and tokens the
//! parsers care about). There is no coverage feedback; the seeds, the builders and the tokens
//! give the depth, and each target's count of inputs that got past its first checks shows it.
//! A failure prints the input that caused it.
//!
//! `RINET_FUZZ_ITERATIONS` sets the number of generated inputs per target (the default keeps
//! the whole file to a few seconds in a debug build).

#[path = "../fuzz/src/lib.rs"]
mod targets;

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::Instant;

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// The seed corpus of `target`, in file-name order.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("seeds")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Apply one to four random edits to `input`. Byte 0 (and 1) of each input are the target's
/// mode bytes, which the edits change like any other byte.
fn mutate(rng: &mut Rng, input: &[u8], tokens: &[&[u8]], pool: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(9) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] = rng.byte();
            }
            2 => v.insert(at, rng.byte()),
            3 if !v.is_empty() => {
                let n = 1 + rng.below(8.min(v.len()));
                let start = at.min(v.len() - n);
                v.drain(start..start + n);
            }
            4 if !v.is_empty() => {
                // Duplicate a range.
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(32)).min(v.len());
                let piece = v[start..end].to_vec();
                v.splice(at..at, piece);
            }
            5 | 6 => {
                let t = tokens[rng.below(tokens.len())];
                v.splice(at..at, t.iter().copied());
            }
            7 if !pool.is_empty() => {
                // Splice in the tail of another input.
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                v.truncate(at);
                v.extend_from_slice(&other[from..]);
            }
            _ => {
                // Replace a byte with an interesting value.
                if !v.is_empty() {
                    let i = at.min(v.len() - 1);
                    v[i] = [0, 0x7f, 0x80, 0xff, b'\r', b'\n', b' ', b'0'][rng.below(8)];
                }
            }
        }
    }
    v.truncate(8192);
    v
}

fn iterations(default: usize) -> usize {
    std::env::var("RINET_FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Run `target` over its seeds and `count` generated inputs. Returns the executions made and how
/// many of them went past the first checks (the target says which: a complete head, a body that
/// ended, bytes decoded, a URL that cracked).
fn run(
    name: &str,
    target: fn(&[u8]) -> bool,
    seed: u64,
    count: usize,
    tokens: &[&[u8]],
    generate: Option<fn(&mut Rng) -> Vec<u8>>,
) -> (usize, usize) {
    let started = Instant::now();
    let corpus = seeds(name);
    assert!(!corpus.is_empty(), "no seeds for {name}");
    let mut rng = Rng::new(seed);
    let mut pool: Vec<Vec<u8>> = corpus.clone();
    let (mut executions, mut deep) = (0, 0);
    let check = |input: &[u8]| -> bool {
        match catch_unwind(AssertUnwindSafe(|| target(input))) {
            Ok(went_deep) => went_deep,
            Err(panic) => {
                eprintln!(
                    "fuzz_bounded {name}: failing input ({} bytes): {:?}",
                    input.len(),
                    String::from_utf8_lossy(input)
                );
                eprintln!("as bytes: {input:?}");
                resume_unwind(panic);
            }
        }
    };
    for input in &corpus {
        deep += usize::from(check(input));
        executions += 1;
    }
    for i in 0..count {
        let choice = rng.below(10);
        let input = if choice < 2 {
            let len = rng.below(300);
            (0..len).map(|_| rng.byte()).collect()
        } else if let Some(generate) = generate.filter(|_| choice < 6) {
            let fresh = generate(&mut rng);
            if rng.below(2) == 0 {
                fresh
            } else {
                mutate(&mut rng, &fresh, tokens, &pool)
            }
        } else {
            let base = pool[rng.below(pool.len())].clone();
            mutate(&mut rng, &base, tokens, &pool)
        };
        deep += usize::from(check(&input));
        executions += 1;
        // Keep some inputs to mutate further, so edits can stack up.
        if i % 8 == 0 {
            if pool.len() < 512 {
                pool.push(input);
            } else {
                let slot = corpus.len() + rng.below(pool.len() - corpus.len());
                pool[slot] = input;
            }
        }
    }
    println!(
        "fuzz_bounded {name}: {executions} executions ({deep} past the first checks), \
         0 findings, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (executions, deep)
}

/// Pick one of `items`.
fn pick<'a>(rng: &mut Rng, items: &[&'a [u8]]) -> &'a [u8] {
    items[rng.below(items.len())]
}

/// A response head built from plausible parts: a status line, header lines with odd spacing,
/// folding, repeated and conflicting framing headers, CRLF or bare LF, and maybe a body.
fn generate_head(rng: &mut Rng) -> Vec<u8> {
    let eol = pick(rng, &[b"\r\n", b"\r\n", b"\n"]);
    let mut v = Vec::new();
    v.extend_from_slice(pick(
        rng,
        &[b"HTTP/1.1", b"HTTP/1.0", b"HTTP/1.1", b"HTTP/2.0"],
    ));
    v.extend_from_slice(pick(rng, &[b" ", b"  ", b" "]));
    let status = [
        100, 101, 103, 200, 204, 206, 301, 304, 404, 500, 999, 99, 1000,
    ];
    v.extend_from_slice(status[rng.below(status.len())].to_string().as_bytes());
    v.extend_from_slice(pick(
        rng,
        &[b" OK", b"", b" ", b" Reason Phrase\t!", b" \x80\xff"],
    ));
    v.extend_from_slice(eol);
    for _ in 0..rng.below(12) {
        // Mostly sound names and values, so that most heads parse and the framing rules run;
        // now and then a broken one.
        let name = if rng.below(20) == 0 {
            pick(rng, &[b"Bad Name", b"", b"X\x00"])
        } else {
            pick(
                rng,
                &[
                    b"Content-Length",
                    b"content-length",
                    b"Transfer-Encoding",
                    b"Connection",
                    b"Proxy-Connection",
                    b"Content-Encoding",
                    b"Location",
                    b"Set-Cookie",
                    b"X-A",
                ],
            )
        };
        let value = if rng.below(20) == 0 {
            pick(rng, &[b"\x01\x7f", b"a\rb"])
        } else {
            pick(
                rng,
                &[
                    b"5",
                    b"5, 5",
                    b"5, 6",
                    b"-1",
                    b"18446744073709551615",
                    b"99999999999999999999",
                    b"chunked",
                    b"gzip, chunked",
                    b"chunked, identity",
                    b"close",
                    b"keep-alive",
                    b"",
                    b"a\r\n folded",
                ],
            )
        };
        v.extend_from_slice(name);
        v.extend_from_slice(pick(rng, &[b": ", b":", b" : ", b":\t"]));
        v.extend_from_slice(value);
        v.extend_from_slice(eol);
    }
    v.extend_from_slice(eol);
    if rng.below(2) == 0 {
        v.extend_from_slice(b"hello");
    }
    v
}

/// A whole response: the two bytes of facts and read sizes, maybe interim responses and lines
/// after them, a head built by [`generate_head`] (or no status line at all), and a body in one
/// of the framings, whole, cut short or with more bytes after it.
fn generate_exchange(rng: &mut Rng) -> Vec<u8> {
    let mut v = vec![rng.byte(), rng.byte()];
    for _ in 0..rng.below(4) {
        v.extend_from_slice(pick(
            rng,
            &[
                b"HTTP/1.1 100 Continue\r\n\r\n",
                b"HTTP/1.1 100 Continue\r\n",
                b"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n",
                b"HTTP/1.0 102\n\n",
            ],
        ));
        if rng.below(3) == 0 {
            v.extend_from_slice(pick(rng, &[b"junk\r\n", b"\r\n", b"<html>\n", b"HTT\n"]));
        }
    }
    if rng.below(12) == 0 {
        v.extend_from_slice(pick(rng, &[b"<html>0.9</html>", b"\r\n\r\nSSH-2.0\r\n"]));
        return v;
    }
    v.extend(generate_head(rng));
    v.extend_from_slice(pick(
        rng,
        &[
            b"",
            b"hello",
            b"helloHTTP/1.1 200 OK\r\n\r\n",
            b"hel",
            b"5\r\nhello\r\n0\r\n\r\n",
            b"3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\nextra",
            b"5\r\nhel",
            b"zz\r\n",
        ],
    ));
    v
}

/// A URL built from plausible parts.
fn generate_url(rng: &mut Rng) -> Vec<u8> {
    let mut v = vec![rng.byte()];
    v.extend_from_slice(pick(
        rng,
        &[
            b"http", b"https", b"ftp", b"file", b"res", b"mailto", b"x-y.z+w", b"", b"1ab",
        ],
    ));
    v.push(b':');
    if rng.below(4) != 0 {
        v.extend_from_slice(b"//");
    }
    if rng.below(3) == 0 {
        v.extend_from_slice(pick(rng, &[b"user", b"", b"u%40x", b"a@b"]));
        if rng.below(2) == 0 {
            v.push(b':');
            v.extend_from_slice(pick(rng, &[b"pass", b"", b"p:w"]));
        }
        v.push(b'@');
    }
    v.extend_from_slice(pick(
        rng,
        &[
            b"example.com",
            b"[::1]",
            b"[fe80::1%25eth0]",
            b"C:",
            b"",
            b"h",
            b"[::1",
            b"a b",
        ],
    ));
    if rng.below(2) == 0 {
        v.push(b':');
        v.extend_from_slice(pick(rng, &[b"80", b"", b"65535", b"65536", b"0", b"x"]));
    }
    for _ in 0..rng.below(4) {
        v.extend_from_slice(pick(
            rng,
            &[b"/", b"/a", b"/..", b"/.", b"\\b", b"/%2e", b"/ c"],
        ));
    }
    if rng.below(2) == 0 {
        v.extend_from_slice(pick(rng, &[b"?q=1&r=%20", b"?", b"#frag", b"?a#b?c"]));
    }
    v
}

const HTTP_TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\n",
    b"\r\n\r\n",
    b"HTTP/1.1 ",
    b"HTTP/1.0 ",
    b"100 Continue\r\n\r\n",
    b"101 ",
    b"204 ",
    b"Content-Length: ",
    b"Content-Length: 5, 6",
    b"Transfer-Encoding: chunked",
    b"Transfer-Encoding: gzip, chunked",
    b"Connection: close",
    b"Connection: keep-alive",
    b": ",
    b" \t",
    b"18446744073709551616",
    b"\xff\xfe",
];

const CHUNK_TOKENS: &[&[u8]] = &[
    b"\r\n",
    b"\n",
    b"0\r\n\r\n",
    b"0\r\nX-Trailer: 1\r\n\r\n",
    b"ffffffffffffffff",
    b"fffffffffffffff",
    b";ext=\"v\"",
    b"5\r\nhello\r\n",
    b"\r",
    b"Ff",
    b" ",
];

const GZIP_TOKENS: &[&[u8]] = &[
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    b"\x1f\x8b\x08\x1f",
    b"\x78\x9c",
    b"\x78\x01",
    b"\x03\x00",
    b"\x00\x00\xff\xff",
    b"\x01\x00\x00\xff\xff",
    b"\x00\x00\x00\x00\x00\x00\x00\x00",
    b"\xff\xff\xff\xff",
];

const URL_TOKENS: &[&[u8]] = &[
    b"http://",
    b"https://",
    b"file:///",
    b"file://C:",
    b"res://",
    b"mailto:",
    b"://",
    b"//",
    b"@",
    b":",
    b":65535",
    b":65536",
    b"[::1]",
    b"[",
    b"]",
    b"?",
    b"#",
    b"%",
    b"%2",
    b"%00",
    b"%41",
    b"/../",
    b"/./",
    b"\\",
    b" ",
    b"\x00",
    b"\xc3\xa9",
];

#[test]
fn response_head() {
    let (n, deep) = run(
        "response_head",
        targets::response_head,
        0x5249_4e45_5401,
        iterations(120_000),
        HTTP_TOKENS,
        Some(generate_head),
    );
    assert!(
        n > 0 && deep > n / 20,
        "too few inputs got deep: {deep} of {n}"
    );
}

#[test]
fn chunked() {
    let (n, deep) = run(
        "chunked",
        targets::chunked,
        0x5249_4e45_5402,
        iterations(80_000),
        CHUNK_TOKENS,
        None,
    );
    assert!(
        n > 0 && deep > n / 20,
        "too few inputs got deep: {deep} of {n}"
    );
}

#[test]
fn gzip() {
    let (n, deep) = run(
        "gzip",
        targets::gzip,
        0x5249_4e45_5403,
        iterations(12_000),
        GZIP_TOKENS,
        None,
    );
    assert!(
        n > 0 && deep > n / 20,
        "too few inputs got deep: {deep} of {n}"
    );
}

#[test]
fn url_crack() {
    let (n, deep) = run(
        "url_crack",
        targets::url_crack,
        0x5249_4e45_5404,
        iterations(80_000),
        URL_TOKENS,
        Some(generate_url),
    );
    assert!(
        n > 0 && deep > n / 20,
        "too few inputs got deep: {deep} of {n}"
    );
}

#[test]
fn exchange_response() {
    let (n, deep) = run(
        "exchange_response",
        targets::exchange_response,
        0x5249_4e45_5405,
        iterations(40_000),
        HTTP_TOKENS,
        Some(generate_exchange),
    );
    assert!(
        n > 0 && deep > n / 20,
        "too few inputs got deep: {deep} of {n}"
    );
}
