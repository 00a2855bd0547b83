// SPDX-License-Identifier: MIT OR Apache-2.0
//! Reading one response, as a sans-IO state machine: the interim (1xx) responses and the lines
//! after them that belong to no response, the final head (or none at all, for an HTTP/0.9
//! answer on a new connection), the body's framing and bytes, its end, and whether the
//! connection may carry another request afterwards.
//!
//! The caller owns the receive buffer. It hands the unconsumed bytes to
//! [`ResponseRx::handle_bytes`], which says how many it took; the rest stay buffered for the
//! next call, with more bytes behind them. An end of file goes to [`ResponseRx::handle_eof`].
//! What the bytes meant comes out of [`ResponseRx::poll_event`]; body bytes come out as ranges
//! of the slice given to the last `handle_bytes` call, so the caller takes them before it
//! drops the consumed bytes and calls again. To take fewer body bytes at a time, the caller
//! passes a shorter slice.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use crate::http::body::{BodyDecoder, BodyError, Step};
use crate::http::response::{self, Next, ParseError, ResponseHead};

/// The facts about the exchange the reading depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RxConfig {
    /// The request was a HEAD: the response has no body, whatever its head says.
    pub method_is_head: bool,
    /// The connection is new: only then may a reply without a status line be an HTTP/0.9
    /// answer. On a reused connection such bytes are more likely what is left of an earlier
    /// response, and reading them as an answer would let one response smuggle another.
    pub fresh: bool,
    /// Largest head accepted, in bytes; the lines skipped after interim responses count
    /// against it too.
    pub max_head: usize,
    /// Most interim responses accepted before the final one.
    pub max_interim: u32,
}

/// Why a response could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RxError {
    /// A head that is no response head ([`ParseError::Invalid`]) or is larger than the limit
    /// ([`ParseError::TooLarge`]).
    Head(ParseError),
    /// The lines skipped after interim responses came to more than the head limit.
    JunkTooLarge,
    /// More interim responses than the limit.
    TooManyInterim,
    /// A reply without a status line on a reused connection.
    NoStatusLine,
    /// The final head frames its body in contradicting ways ([`ParseError::BadLength`]).
    Framing(ParseError),
    /// The body's framing is broken, or the connection closed inside the body
    /// ([`BodyError::Truncated`]).
    Body(BodyError),
    /// The connection closed before the final head was complete.
    ClosedInHead,
}

/// What the bytes fed in meant, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RxEvent {
    /// An interim response with this status was read and skipped.
    Interim(u16),
    /// The final head, and the bytes it took (0 for a reply without a status line, whose
    /// bytes are all body).
    Head { head: ResponseHead, len: usize },
    /// Body bytes: this range of the slice given to the last `handle_bytes` call.
    Body(Range<usize>),
    /// The body is complete. `reusable` tells whether the connection may carry another
    /// request: the response allowed it (HTTP/1.1 without `Connection: close`, or HTTP/1.0
    /// with keep-alive), its body did not run until the close, and no bytes followed it.
    End { reusable: bool },
    /// The response cannot be read; nothing follows.
    Failed(RxError),
}

/// What the machine needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wants {
    /// More bytes (or the end of file).
    Bytes,
    /// Nothing: the response is over, read or failed.
    Nothing,
}

/// Where the reading is, with what it knows there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RxState {
    /// Before the final head: `interim` responses read so far, and `junk` bytes of lines
    /// skipped after them.
    Head { interim: u32, junk: usize },
    /// Inside the body; `keep_alive` is what the head said about the connection.
    Body {
        decoder: BodyDecoder,
        keep_alive: bool,
    },
    /// The body is complete.
    Done { reusable: bool },
    /// The response cannot be read.
    Failed(RxError),
}

impl RxState {
    /// The state's name, as the trace's `STATE: A => B` lines give it.
    pub fn name(&self) -> &'static str {
        match self {
            RxState::Head { .. } => "reading the head",
            RxState::Body { .. } => "reading the body",
            RxState::Done { .. } => "done",
            RxState::Failed(_) => "failed",
        }
    }
}

/// The reading of one response; see the module documentation.
#[derive(Debug, Clone)]
pub struct ResponseRx {
    config: RxConfig,
    state: RxState,
    events: VecDeque<RxEvent>,
    /// What the trace's lines about this reader start with.
    label: Cow<'static, str>,
}

impl ResponseRx {
    /// A reader for the response to a request just sent.
    pub fn new(config: RxConfig) -> ResponseRx {
        ResponseRx {
            config,
            state: RxState::Head {
                interim: 0,
                junk: 0,
            },
            events: VecDeque::new(),
            label: Cow::Borrowed("response"),
        }
    }

    /// The same reader, its trace lines starting with `label` (for example the request it
    /// reads for) instead of "response".
    pub fn traced_as(mut self, label: String) -> ResponseRx {
        self.label = Cow::Owned(label);
        self
    }

    /// A reader for a response of which `interim` interim responses and `junk` bytes of lines
    /// after them were already read (by a look at the connection while the request was still
    /// being sent).
    pub fn resume(config: RxConfig, interim: u32, junk: usize) -> ResponseRx {
        ResponseRx {
            state: RxState::Head { interim, junk },
            ..ResponseRx::new(config)
        }
    }

    /// Where the reading is.
    pub fn state(&self) -> &RxState {
        &self.state
    }

    /// What the machine needs next.
    pub fn wants(&self) -> Wants {
        match self.state {
            RxState::Head { .. } | RxState::Body { .. } => Wants::Bytes,
            RxState::Done { .. } | RxState::Failed(_) => Wants::Nothing,
        }
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<RxEvent> {
        self.events.pop_front()
    }

    /// Read `input`, the bytes received and not consumed yet. Returns how many of them were
    /// consumed (at most `input.len()`); the caller keeps the rest for the next call. Bytes
    /// after the end of the response are never consumed.
    pub fn handle_bytes(&mut self, input: &[u8]) -> usize {
        self.read(input, false)
    }

    /// Like [`handle_bytes`](Self::handle_bytes), but stops at the end of the final head: no
    /// byte of the body is consumed, and the body's events do not come. For a caller that
    /// reads the body its own way.
    pub fn handle_head_bytes(&mut self, input: &[u8]) -> usize {
        self.read(input, true)
    }

    /// Read `input`; with `head_only`, stop where the body starts.
    fn read(&mut self, input: &[u8], head_only: bool) -> usize {
        let mut at = 0;
        loop {
            let rest = &input[at..];
            match &mut self.state {
                RxState::Head { interim, junk } => {
                    let (interim, junk) = (*interim, *junk);
                    // No head is longer than the limit, so one byte more than it is all the
                    // head reader needs to see. Looking at no more makes its verdict on an
                    // oversized head the same however the bytes were split into reads (a
                    // fault beyond the limit would otherwise be seen only when it arrived in
                    // the same read).
                    let max = self.config.max_head;
                    let view = &rest[..rest.len().min(max.saturating_add(1))];
                    match response::next(view, max, interim > 0) {
                        Ok(Next::Need) => return at,
                        Ok(Next::Junk(n)) => {
                            at += n;
                            let junk = junk + n;
                            if junk > self.config.max_head {
                                self.transition(RxState::Failed(RxError::JunkTooLarge));
                                return at;
                            }
                            self.state = RxState::Head { interim, junk };
                        }
                        Ok(Next::Head(head, n)) if head.is_interim() => {
                            at += n;
                            let interim = interim + 1;
                            if interim > self.config.max_interim {
                                self.transition(RxState::Failed(RxError::TooManyInterim));
                                return at;
                            }
                            self.state = RxState::Head { interim, junk };
                            self.events.push_back(RxEvent::Interim(head.status));
                        }
                        Ok(Next::Head(head, n)) => {
                            at += n;
                            self.on_final_head(head, n);
                        }
                        Ok(Next::NoStatusLine) if self.config.fresh => {
                            self.on_final_head(ResponseHead::without_status_line(), 0);
                        }
                        Ok(Next::NoStatusLine) => {
                            self.transition(RxState::Failed(RxError::NoStatusLine));
                            return at;
                        }
                        Err(e) => {
                            self.transition(RxState::Failed(RxError::Head(e)));
                            return at;
                        }
                    }
                }
                RxState::Body { .. } if head_only => return at,
                RxState::Body {
                    decoder,
                    keep_alive,
                } => match decoder.step(rest) {
                    Ok(Step::Data { skip, len }) => {
                        decoder.consume(len);
                        let start = at + skip;
                        self.events.push_back(RxEvent::Body(start..start + len));
                        at = start + len;
                    }
                    Ok(Step::Need { skip }) => return at + skip,
                    Ok(Step::Done { skip }) => {
                        at += skip;
                        let reusable =
                            *keep_alive && !decoder.is_close_delimited() && at == input.len();
                        self.transition(RxState::Done { reusable });
                        return at;
                    }
                    Err(e) => {
                        self.transition(RxState::Failed(RxError::Body(e)));
                        return at;
                    }
                },
                RxState::Done { .. } | RxState::Failed(_) => return at,
            }
        }
    }

    /// The connection reached its end of file (after every byte before it was given to
    /// [`handle_bytes`](Self::handle_bytes)). It ends a body that runs until the close, and
    /// cuts any other short.
    pub fn handle_eof(&mut self) {
        match &mut self.state {
            RxState::Head { .. } => self.transition(RxState::Failed(RxError::ClosedInHead)),
            RxState::Body { decoder, .. } => match decoder.eof() {
                Ok(()) => self.transition(RxState::Done { reusable: false }),
                Err(e) => self.transition(RxState::Failed(RxError::Body(e))),
            },
            RxState::Done { .. } | RxState::Failed(_) => {}
        }
    }

    /// The final head arrived: tell it, and read the body its framing says.
    fn on_final_head(&mut self, head: ResponseHead, len: usize) {
        let framing = head.framing(self.config.method_is_head);
        let keep_alive = head.keep_alive();
        self.events.push_back(RxEvent::Head { head, len });
        match framing {
            Ok(framing) => self.transition(RxState::Body {
                decoder: BodyDecoder::new(framing),
                keep_alive,
            }),
            Err(e) => self.transition(RxState::Failed(RxError::Framing(e))),
        }
    }

    /// Move to state `to`: trace the change and run its entry actions (the terminal states
    /// tell their event).
    fn transition(&mut self, to: RxState) {
        if crate::trace::on(2) {
            crate::trace::emit(
                2,
                &format!(
                    "{}: STATE: {} => {}",
                    self.label,
                    self.state.name(),
                    to.name()
                ),
            );
        }
        self.state = to;
        match &self.state {
            RxState::Done { reusable } => self.events.push_back(RxEvent::End {
                reusable: *reusable,
            }),
            RxState::Failed(e) => self.events.push_back(RxEvent::Failed(*e)),
            RxState::Head { .. } | RxState::Body { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response::DEFAULT_MAX_HEAD;

    /// An event with the body bytes copied out (consecutive body runs joined) and the head
    /// reduced to its status and length.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Ev {
        Interim(u16),
        Head(u16, usize),
        Body(Vec<u8>),
        End(bool),
        Failed(RxError),
    }

    /// What a run saw: the events, the final heads given, and the bytes left unconsumed.
    #[derive(Debug, PartialEq, Eq)]
    struct Run {
        events: Vec<Ev>,
        heads: Vec<ResponseHead>,
        left: Vec<u8>,
    }

    fn config() -> RxConfig {
        RxConfig {
            method_is_head: false,
            fresh: true,
            max_head: DEFAULT_MAX_HEAD,
            max_interim: 16,
        }
    }

    fn reused() -> RxConfig {
        RxConfig {
            fresh: false,
            ..config()
        }
    }

    fn take(rx: &mut ResponseRx, input: &[u8], run: &mut Run) {
        while let Some(ev) = rx.poll_event() {
            let ev = match ev {
                RxEvent::Interim(s) => Ev::Interim(s),
                RxEvent::Head { head, len } => {
                    let status = head.status;
                    run.heads.push(head);
                    Ev::Head(status, len)
                }
                RxEvent::Body(r) => {
                    assert!(r.start < r.end && r.end <= input.len(), "{r:?}");
                    if let Some(Ev::Body(b)) = run.events.last_mut() {
                        b.extend_from_slice(&input[r]);
                        continue;
                    }
                    Ev::Body(input[r].to_vec())
                }
                RxEvent::End { reusable } => Ev::End(reusable),
                RxEvent::Failed(e) => Ev::Failed(e),
            };
            run.events.push(ev);
        }
    }

    /// Feed `wire` in pieces of `piece` bytes as a caller with a receive buffer does, then
    /// the end of file when `eof`.
    fn feed(config: RxConfig, wire: &[u8], piece: usize, eof: bool) -> Run {
        let mut rx = ResponseRx::new(config);
        let mut run = Run {
            events: Vec::new(),
            heads: Vec::new(),
            left: Vec::new(),
        };
        let mut buf = Vec::new();
        for part in wire.chunks(piece) {
            buf.extend_from_slice(part);
            let n = rx.handle_bytes(&buf);
            assert!(n <= buf.len());
            take(&mut rx, &buf, &mut run);
            buf.drain(..n);
        }
        if eof {
            rx.handle_eof();
            take(&mut rx, &[], &mut run);
        }
        run.left = buf;
        run
    }

    /// Feed `wire` whole and one byte at a time: the two runs must agree (on the bytes left
    /// too, unless the response failed: how much of broken framing was eaten before the fault
    /// was seen depends on the split). Returns the first.
    fn both(config: RxConfig, wire: &[u8], eof: bool) -> Run {
        let whole = feed(config, wire, wire.len().max(1), eof);
        let bytes = feed(config, wire, 1, eof);
        let text = String::from_utf8_lossy(wire);
        assert_eq!(
            (&whole.events, &whole.heads),
            (&bytes.events, &bytes.heads),
            "{text:?}"
        );
        if !matches!(whole.events.last(), Some(Ev::Failed(_))) {
            assert_eq!(whole.left, bytes.left, "{text:?}");
        }
        whole
    }

    fn events(config: RxConfig, wire: &[u8], eof: bool) -> Vec<Ev> {
        both(config, wire, eof).events
    }

    fn body(b: &[u8]) -> Ev {
        Ev::Body(b.to_vec())
    }

    const OK5: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

    #[test]
    fn continue_before_the_head() {
        let wire = [CONTINUE, OK5, b"hello"].concat();
        assert_eq!(
            events(config(), &wire, false),
            [
                Ev::Interim(100),
                Ev::Head(200, OK5.len()),
                body(b"hello"),
                Ev::End(true)
            ]
        );
    }

    #[test]
    fn other_interim_responses_with_headers() {
        let wire = [
            &b"HTTP/1.1 102 Processing\r\nX-A: 1\r\n\r\n"[..],
            b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n",
            CONTINUE,
            OK5,
            b"hello",
        ]
        .concat();
        let run = both(config(), &wire, false);
        assert_eq!(
            run.events,
            [
                Ev::Interim(102),
                Ev::Interim(103),
                Ev::Interim(100),
                Ev::Head(200, OK5.len()),
                body(b"hello"),
                Ev::End(true)
            ]
        );
        assert_eq!(
            run.heads[0].headers.iter().collect::<Vec<_>>(),
            [("Content-Length", "5")]
        );
    }

    #[test]
    fn bare_continue_lines_end_at_the_next_status_line() {
        let wire = [
            &b"HTTP/1.1 100 Continue\r\nHTTP/1.1 100 Continue\r\n"[..],
            OK5,
            b"hello",
        ]
        .concat();
        assert_eq!(
            events(config(), &wire, false),
            [
                Ev::Interim(100),
                Ev::Interim(100),
                Ev::Head(200, OK5.len()),
                body(b"hello"),
                Ev::End(true)
            ]
        );
    }

    #[test]
    fn interim_responses_up_to_the_limit() {
        let cfg = RxConfig {
            max_interim: 2,
            ..config()
        };
        let wire = [CONTINUE, CONTINUE, OK5, b"hello"].concat();
        assert_eq!(
            events(cfg, &wire, false),
            [
                Ev::Interim(100),
                Ev::Interim(100),
                Ev::Head(200, OK5.len()),
                body(b"hello"),
                Ev::End(true)
            ]
        );
    }

    #[test]
    fn too_many_interim_responses() {
        let cfg = RxConfig {
            max_interim: 2,
            ..config()
        };
        let wire = [CONTINUE, CONTINUE, CONTINUE, OK5, b"hello"].concat();
        let run = both(cfg, &wire, false);
        assert_eq!(
            run.events,
            [
                Ev::Interim(100),
                Ev::Interim(100),
                Ev::Failed(RxError::TooManyInterim)
            ]
        );
        // The third interim head was consumed; nothing after it.
        assert_eq!(run.left, [OK5, b"hello"].concat());
    }

    #[test]
    fn junk_after_interim_is_skipped() {
        let wire = [
            CONTINUE,
            b"junk\r\n\r\nmore junk\n<html>\r\n",
            OK5,
            b"hello",
        ]
        .concat();
        assert_eq!(
            events(config(), &wire, false),
            [
                Ev::Interim(100),
                Ev::Head(200, OK5.len()),
                body(b"hello"),
                Ev::End(true)
            ]
        );
    }

    #[test]
    fn junk_after_interim_counts_against_the_head_limit() {
        let cfg = RxConfig {
            max_head: 64,
            ..config()
        };
        // Each line is within the limit; together they are not.
        let junk = b"0123456789012345678901234567890\r\n".repeat(3);
        let wire = [CONTINUE, &junk, OK5].concat();
        let run = both(cfg, &wire, false);
        assert_eq!(
            run.events,
            [Ev::Interim(100), Ev::Failed(RxError::JunkTooLarge)]
        );
        // Two lines (66 bytes) went over: the third and the head stay.
        assert_eq!(run.left, [&junk[66..], OK5].concat());
    }

    #[test]
    fn switching_protocols_is_a_final_head_and_keeps_no_connection() {
        let head = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
        let wire = [&head[..], b"\x81\x05hello"].concat();
        let run = feed(config(), &wire, wire.len(), false);
        assert_eq!(run.events, [Ev::Head(101, head.len()), Ev::End(false)]);
        // The bytes after it are the new protocol's: left to the caller.
        assert_eq!(run.left, b"\x81\x05hello");
    }

    #[test]
    fn head_request_has_no_body_despite_content_length() {
        let cfg = RxConfig {
            method_is_head: true,
            ..config()
        };
        assert_eq!(
            events(cfg, OK5, false),
            [Ev::Head(200, OK5.len()), Ev::End(true)]
        );
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(
            events(cfg, chunked, false),
            [Ev::Head(200, chunked.len()), Ev::End(true)]
        );
    }

    #[test]
    fn no_content_and_not_modified_have_no_body() {
        for head in [
            &b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"[..],
            b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n",
            b"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        ] {
            let status = if head[9] == b'2' && head[10] == b'0' && head[11] == b'4' {
                204
            } else if head[9] == b'3' {
                304
            } else {
                200
            };
            assert_eq!(
                events(config(), head, false),
                [Ev::Head(status, head.len()), Ev::End(true)],
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn bytes_after_a_bodiless_response_are_left_and_refuse_reuse() {
        let cfg = RxConfig {
            method_is_head: true,
            ..config()
        };
        let wire = [OK5, b"hello"].concat();
        let run = feed(cfg, &wire, wire.len(), false);
        assert_eq!(run.events, [Ev::Head(200, OK5.len()), Ev::End(false)]);
        assert_eq!(run.left, b"hello");
    }

    #[test]
    fn content_length_body_split_at_every_byte() {
        let wire = [OK5, b"hello"].concat();
        let want = [Ev::Head(200, OK5.len()), body(b"hello"), Ev::End(true)];
        for piece in 1..=wire.len() {
            let run = feed(config(), &wire, piece, false);
            assert_eq!(run.events, want, "piece {piece}");
            assert!(run.left.is_empty());
        }
        // And cut at every point into two parts.
        for cut in 0..=wire.len() {
            let mut rx = ResponseRx::new(config());
            let mut run = Run {
                events: Vec::new(),
                heads: Vec::new(),
                left: Vec::new(),
            };
            let n = rx.handle_bytes(&wire[..cut]);
            take(&mut rx, &wire[..cut], &mut run);
            let rest = &wire[n..];
            let m = rx.handle_bytes(rest);
            take(&mut rx, rest, &mut run);
            assert_eq!((run.events.as_slice(), n + m), (&want[..], wire.len()));
        }
    }

    #[test]
    fn body_ranges_are_of_the_slice_given() {
        let wire = [OK5, b"hello"].concat();
        let mut rx = ResponseRx::new(config());
        assert_eq!(rx.handle_bytes(&wire[..OK5.len() + 2]), OK5.len() + 2);
        assert!(matches!(rx.poll_event(), Some(RxEvent::Head { len, .. }) if len == OK5.len()));
        let start = OK5.len();
        assert_eq!(rx.poll_event(), Some(RxEvent::Body(start..start + 2)));
        assert_eq!(rx.poll_event(), None);
        assert_eq!(rx.handle_bytes(b"llo"), 3);
        assert_eq!(rx.poll_event(), Some(RxEvent::Body(0..3)));
        assert_eq!(rx.poll_event(), Some(RxEvent::End { reusable: true }));
        assert_eq!(rx.poll_event(), None);
    }

    #[test]
    fn a_shorter_slice_takes_fewer_body_bytes() {
        let wire = [OK5, b"hello"].concat();
        let mut rx = ResponseRx::new(config());
        let n = rx.handle_bytes(&wire[..OK5.len() + 1]);
        assert_eq!(n, OK5.len() + 1);
        let rest = &wire[n..];
        assert_eq!(rx.handle_bytes(&rest[..2]), 2);
        assert_eq!(rx.handle_bytes(&rest[2..]), 2);
        let evs: Vec<_> = std::iter::from_fn(|| rx.poll_event()).collect();
        assert_eq!(
            &evs[1..],
            [
                RxEvent::Body(OK5.len()..OK5.len() + 1),
                RxEvent::Body(0..2),
                RxEvent::Body(0..2),
                RxEvent::End { reusable: true }
            ]
        );
    }

    #[test]
    fn bytes_after_a_length_body_are_left_and_refuse_reuse() {
        let wire = [OK5, b"helloHTTP/1.1 200 OK\r\n\r\n"].concat();
        let run = feed(config(), &wire, wire.len(), false);
        assert_eq!(
            run.events,
            [Ev::Head(200, OK5.len()), body(b"hello"), Ev::End(false)]
        );
        assert_eq!(run.left, b"HTTP/1.1 200 OK\r\n\r\n");
        // Fed a byte at a time, the body ends before the extra bytes come: they stay
        // buffered, for the caller to judge.
        let run = feed(config(), &wire, 1, false);
        assert_eq!(
            run.events,
            [Ev::Head(200, OK5.len()), body(b"hello"), Ev::End(true)]
        );
        assert_eq!(run.left, b"HTTP/1.1 200 OK\r\n\r\n");
    }

    const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    #[test]
    fn chunked_with_extensions_and_trailers() {
        let wire = [
            CHUNKED,
            b"5;name=value;q=\"x\"\r\nhello\r\n1 ; e\r\n \r\n\
              6\r\nworld!\r\n0;last\r\nX-Trailer: 1\r\nY: 2\r\n\r\n",
        ]
        .concat();
        let want = [
            Ev::Head(200, CHUNKED.len()),
            body(b"hello world!"),
            Ev::End(true),
        ];
        for piece in 1..=wire.len() {
            let run = feed(config(), &wire, piece, false);
            assert_eq!(run.events, want, "piece {piece}");
            assert!(run.left.is_empty(), "piece {piece}");
        }
    }

    #[test]
    fn chunked_with_bare_line_feeds() {
        let wire = [CHUNKED, b"3\nabc\n0\n\n"].concat();
        assert_eq!(
            events(config(), &wire, false),
            [Ev::Head(200, CHUNKED.len()), body(b"abc"), Ev::End(true)]
        );
    }

    #[test]
    fn chunked_with_a_bad_size_fails() {
        let wire = [CHUNKED, b"3\r\nabc\r\nzz\r\n"].concat();
        assert_eq!(
            events(config(), &wire, false),
            [
                Ev::Head(200, CHUNKED.len()),
                body(b"abc"),
                Ev::Failed(RxError::Body(BodyError::BadChunkSize))
            ]
        );
        let wire = [CHUNKED, b"3\r\nabcX"].concat();
        assert_eq!(
            events(config(), &wire, false),
            [
                Ev::Head(200, CHUNKED.len()),
                body(b"abc"),
                Ev::Failed(RxError::Body(BodyError::BadChunkEnd))
            ]
        );
    }

    #[test]
    fn close_delimited_body_ends_at_eof() {
        let head = b"HTTP/1.1 200 OK\r\n\r\n";
        let wire = [&head[..], b"all of it\r\n\r\nuntil the close"].concat();
        assert_eq!(
            events(config(), &wire, true),
            [
                Ev::Head(200, head.len()),
                body(b"all of it\r\n\r\nuntil the close"),
                Ev::End(false)
            ]
        );
        // Without the end of file, the body goes on.
        let mut rx = ResponseRx::new(config());
        assert_eq!(rx.handle_bytes(&wire), wire.len());
        assert_eq!(rx.wants(), Wants::Bytes);
        assert_eq!(rx.state().name(), "reading the body");
    }

    #[test]
    fn close_delimited_by_a_transfer_coding_other_than_chunked() {
        let head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n";
        let wire = [&head[..], b"\x1f\x8b"].concat();
        assert_eq!(
            events(config(), &wire, true),
            [Ev::Head(200, head.len()), body(b"\x1f\x8b"), Ev::End(false)]
        );
    }

    #[test]
    fn eof_inside_a_length_body_fails() {
        let wire = [OK5, b"hel"].concat();
        assert_eq!(
            events(config(), &wire, true),
            [
                Ev::Head(200, OK5.len()),
                body(b"hel"),
                Ev::Failed(RxError::Body(BodyError::Truncated))
            ]
        );
    }

    #[test]
    fn eof_inside_a_chunked_body_fails() {
        for tail in [&b"5\r\nhel"[..], b"5\r\nhello\r\n", b"0\r\nX-T: 1\r\n"] {
            let wire = [CHUNKED, tail].concat();
            let run = both(config(), &wire, true);
            assert_eq!(
                run.events.last(),
                Some(&Ev::Failed(RxError::Body(BodyError::Truncated))),
                "{tail:?}"
            );
            assert_eq!(run.events[0], Ev::Head(200, CHUNKED.len()));
        }
    }

    #[test]
    fn eof_before_or_inside_the_head_fails() {
        assert_eq!(
            events(config(), b"", true),
            [Ev::Failed(RxError::ClosedInHead)]
        );
        let run = both(config(), b"HTTP/1.1 200 OK\r\nContent-", true);
        assert_eq!(run.events, [Ev::Failed(RxError::ClosedInHead)]);
        assert_eq!(run.left, b"HTTP/1.1 200 OK\r\nContent-");
        // After an interim response too.
        assert_eq!(
            events(config(), CONTINUE, true),
            [Ev::Interim(100), Ev::Failed(RxError::ClosedInHead)]
        );
    }

    #[test]
    fn http09_on_a_fresh_connection_is_all_body() {
        let wire = b"\r\n<html>no status line</html>\n";
        let run = both(config(), wire, true);
        assert_eq!(run.events, [Ev::Head(200, 0), body(wire), Ev::End(false)]);
        assert!(run.heads[0].no_status_line);
        assert_eq!(run.heads[0].status_line(), "HTTP/1.0 200 OK");
    }

    #[test]
    fn http09_on_a_reused_connection_fails() {
        let wire = b"<html>no status line</html>\n";
        let run = both(reused(), wire, true);
        assert_eq!(run.events, [Ev::Failed(RxError::NoStatusLine)]);
        assert_eq!(run.left, wire);
        // A status line is read on a reused connection as on a new one.
        assert_eq!(
            events(reused(), &[OK5, b"hello"].concat(), false),
            [Ev::Head(200, OK5.len()), body(b"hello"), Ev::End(true)]
        );
    }

    #[test]
    fn after_interim_no_status_line_is_junk_not_http09() {
        let wire = [CONTINUE, b"<html>\n", OK5, b"hello"].concat();
        assert_eq!(
            events(config(), &wire, false),
            [
                Ev::Interim(100),
                Ev::Head(200, OK5.len()),
                body(b"hello"),
                Ev::End(true)
            ]
        );
    }

    #[test]
    fn oversized_head_fails() {
        let cfg = RxConfig {
            max_head: 64,
            ..config()
        };
        let mut wire = b"HTTP/1.1 200 OK\r\nX-Long: ".to_vec();
        wire.extend_from_slice(&[b'a'; 100]);
        wire.extend_from_slice(b"\r\n\r\n");
        assert_eq!(
            events(cfg, &wire, false),
            [Ev::Failed(RxError::Head(ParseError::TooLarge))]
        );
        // The same head fits the default limit.
        assert_eq!(
            events(config(), &wire, true),
            [Ev::Head(200, wire.len()), Ev::End(false)]
        );
    }

    #[test]
    fn a_fault_past_the_head_limit_reads_as_too_large_however_split() {
        let cfg = RxConfig {
            max_head: 64,
            ..config()
        };
        // The NUL lies past the limit: fed whole or a byte at a time, the head is too large
        // before it matters.
        let mut wire = b"HTTP/1.1 200 OK\r\nX-Long: ".to_vec();
        wire.extend_from_slice(&[b'a'; 60]);
        wire.extend_from_slice(b"\0\r\n\r\n");
        assert_eq!(
            events(cfg, &wire, false),
            [Ev::Failed(RxError::Head(ParseError::TooLarge))]
        );
    }

    #[test]
    fn invalid_status_line_fails() {
        for wire in [&b"HTTP/1.1 2x0 OK\r\n\r\n"[..], b"HTTP/9.9 200 OK\r\n\r\n"] {
            assert_eq!(
                events(config(), wire, false),
                [Ev::Failed(RxError::Head(ParseError::Invalid))],
                "{wire:?}"
            );
        }
        assert_eq!(
            events(config(), b"HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", false),
            [Ev::Failed(RxError::Head(ParseError::Invalid))]
        );
    }

    #[test]
    fn conflicting_framing_fails_after_the_head() {
        for head in [
            &b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
        ] {
            let wire = [head, b"hello"].concat();
            let run = both(config(), &wire, false);
            assert_eq!(
                run.events,
                [
                    Ev::Head(200, head.len()),
                    Ev::Failed(RxError::Framing(ParseError::BadLength))
                ]
            );
            assert_eq!(run.left, b"hello");
        }
    }

    /// Whether the connection is reusable after `head` and a 5-byte body (by Content-Length
    /// unless the head frames it otherwise), with the end of file after it when `eof`.
    fn reusable(head: &str, eof: bool) -> Vec<Ev> {
        let wire = [head.as_bytes(), b"hello"].concat();
        events(config(), &wire, eof)
    }

    #[test]
    fn http11_keeps_the_connection_by_default() {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
        assert_eq!(reusable(head, false).last(), Some(&Ev::End(true)));
        let head = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\n";
        assert_eq!(reusable(head, false).last(), Some(&Ev::End(true)));
    }

    #[test]
    fn connection_close_refuses_reuse() {
        for head in [
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\nContent-Length: 5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nProxy-Connection: close\r\nContent-Length: 5\r\n\r\n",
        ] {
            assert_eq!(
                reusable(head, false),
                [Ev::Head(200, head.len()), body(b"hello"), Ev::End(false)],
                "{head}"
            );
        }
    }

    #[test]
    fn http10_keeps_the_connection_only_with_keep_alive() {
        let head = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n";
        assert_eq!(reusable(head, false).last(), Some(&Ev::End(false)));
        let head = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\n";
        assert_eq!(reusable(head, false).last(), Some(&Ev::End(true)));
        // Chunked framing in HTTP/1.0 is faulty: the connection goes after it.
        let wire = [
            &b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"[..],
            b"5\r\nhello\r\n0\r\n\r\n",
        ]
        .concat();
        assert_eq!(events(config(), &wire, false).last(), Some(&Ev::End(false)));
    }

    #[test]
    fn close_delimited_body_refuses_reuse_even_with_keep_alive() {
        let head = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n";
        assert_eq!(
            reusable(head, true),
            [Ev::Head(200, head.len()), body(b"hello"), Ev::End(false)]
        );
        let head = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n";
        assert_eq!(reusable(head, true).last(), Some(&Ev::End(false)));
    }

    #[test]
    fn nothing_comes_after_the_end() {
        let mut rx = ResponseRx::new(config());
        let wire = [OK5, b"hello"].concat();
        assert_eq!(rx.handle_bytes(&wire), wire.len());
        while rx.poll_event().is_some() {}
        assert_eq!(rx.wants(), Wants::Nothing);
        assert_eq!(rx.state(), &RxState::Done { reusable: true });
        assert_eq!(rx.handle_bytes(b"more bytes"), 0);
        rx.handle_eof();
        assert_eq!(rx.poll_event(), None);
        assert_eq!(rx.state().name(), "done");
    }

    #[test]
    fn nothing_comes_after_a_failure() {
        let mut rx = ResponseRx::new(reused());
        assert_eq!(rx.handle_bytes(b"garbage\r\n"), 0);
        assert_eq!(
            rx.poll_event(),
            Some(RxEvent::Failed(RxError::NoStatusLine))
        );
        assert_eq!(rx.wants(), Wants::Nothing);
        assert_eq!(rx.handle_bytes(OK5), 0);
        rx.handle_eof();
        assert_eq!(rx.poll_event(), None);
        assert_eq!(rx.state().name(), "failed");
    }

    #[test]
    fn head_only_stops_where_the_body_starts() {
        let wire = [CONTINUE, OK5, b"hello"].concat();
        let mut rx = ResponseRx::new(config());
        assert_eq!(rx.handle_head_bytes(&wire), CONTINUE.len() + OK5.len());
        assert_eq!(rx.poll_event(), Some(RxEvent::Interim(100)));
        assert!(matches!(rx.poll_event(), Some(RxEvent::Head { len, .. }) if len == OK5.len()));
        assert_eq!(rx.poll_event(), None);
        assert_eq!(rx.state().name(), "reading the body");
        // Even a body of none waits for the bytes to be read as a body.
        let cfg = RxConfig {
            method_is_head: true,
            ..config()
        };
        let mut rx = ResponseRx::new(cfg);
        assert_eq!(rx.handle_head_bytes(&wire[CONTINUE.len()..]), OK5.len());
        assert!(matches!(rx.poll_event(), Some(RxEvent::Head { .. })));
        assert_eq!(rx.poll_event(), None);
        assert_eq!(rx.handle_bytes(&[]), 0);
        assert_eq!(rx.poll_event(), Some(RxEvent::End { reusable: true }));
    }

    #[test]
    fn resumed_after_interim_responses_read_elsewhere() {
        let cfg = RxConfig {
            max_interim: 2,
            ..config()
        };
        // Lines that are no status line are skipped, as after an interim response.
        let mut rx = ResponseRx::resume(cfg, 2, 10);
        assert_eq!(rx.handle_bytes(b"junk\r\n"), 6);
        assert_eq!(
            rx.state(),
            &RxState::Head {
                interim: 2,
                junk: 16
            }
        );
        assert_eq!(rx.handle_bytes(CONTINUE), CONTINUE.len());
        assert_eq!(
            rx.poll_event(),
            Some(RxEvent::Failed(RxError::TooManyInterim))
        );
    }

    #[test]
    fn the_states_in_order() {
        let mut rx = ResponseRx::new(config());
        assert_eq!(
            rx.state(),
            &RxState::Head {
                interim: 0,
                junk: 0
            }
        );
        assert_eq!(rx.wants(), Wants::Bytes);
        let n = rx.handle_bytes(CONTINUE);
        assert_eq!(n, CONTINUE.len());
        assert_eq!(
            rx.state(),
            &RxState::Head {
                interim: 1,
                junk: 0
            }
        );
        assert_eq!(rx.handle_bytes(b"junk\r\n"), 6);
        assert_eq!(
            rx.state(),
            &RxState::Head {
                interim: 1,
                junk: 6
            }
        );
        assert_eq!(rx.handle_bytes(OK5), OK5.len());
        assert_eq!(rx.state().name(), "reading the body");
        assert!(matches!(
            rx.state(),
            RxState::Body {
                keep_alive: true,
                ..
            }
        ));
        assert_eq!(rx.handle_bytes(b"hello"), 5);
        assert_eq!(rx.state(), &RxState::Done { reusable: true });
    }
}
