// SPDX-License-Identifier: MIT OR Apache-2.0
//! The one place where C arguments become Rust values, and Rust values go back into C buffers.
//!
//! - **Strings in.** An export takes text in one of three encodings ([`Encoding`]): ANSI (the
//!   "A" functions: bytes read as ISO-8859-1, one byte one character, as WinInet does), UTF-16
//!   (the "W" functions where `wchar_t` is 2 bytes, `-fshort-wchar`, as on Windows) or UTF-32
//!   (the "W" functions where `wchar_t` is 4 bytes, Linux's default). Wide text that is not valid
//!   UTF-16 (a lone surrogate) or UTF-32 (a surrogate, or a value above 0x10FFFF) gives 87 before
//!   anything else happens, so nothing is sent. Inside rinet every string is a Rust `String`.
//! - **Strings out.** Text goes back in the caller's encoding, with the sizing rule of the
//!   function ([`Rule`]): a size in characters or in bytes, the size needed (NUL included) on
//!   ERROR_INSUFFICIENT_BUFFER, the length written (NUL excluded) on success. ANSI output writes
//!   characters above U+00FF as `?`.
//! - **Text on the wire.** Header text (added headers, User-Agent, Referer, accept types) goes
//!   out as ISO-8859-1, as WinInet's A functions send it; a wide string's characters above
//!   U+00FF become `?`, as Windows' conversion to the ANSI code page makes them. Request targets
//!   given wide (HttpOpenRequestW's object name, InternetOpenUrlW's URL) carry characters above
//!   U+007F as percent-encoded UTF-8 ([`Encoding::wire_target`]).
//! - **Byte buffers, out-parameters, handles**: [`bytes`], [`OutParam`] (written only on
//!   success), [`entry`] (looked up by kind: 6 for a handle that is not live, 12018 for the
//!   wrong kind).
//! - **Pointers that may not be readable**: [`readable_units`] copies a NUL-terminated string
//!   from an address that may not be mapped, without faulting (accept-type arrays hold such
//!   entries in real programs).

use std::borrow::Cow;
use std::ffi::c_void;
use std::mem::size_of;

use super::boundary::Done;
use super::handles::{self, Entry};
use super::rinet_handle;
use crate::error::Error;
use crate::http::headers::{latin1, to_latin1};
use crate::reactor::{HandleId, Kind};

/// How an export's strings are encoded: [`Ansi`], [`Utf16`] or [`Utf32`].
pub(crate) trait Encoding: 'static {
    /// One code unit: `u8`, `u16` or `u32`.
    type Unit: Copy + Default + PartialEq + Into<u32> + 'static;
    /// The status callback flavour of an InternetSetStatusCallback in this encoding.
    const FLAVOR: u8;
    /// True for the wide encodings.
    const WIDE: bool;
    /// Size of a unit in bytes.
    const UNIT: usize = size_of::<Self::Unit>();

    /// Decode units (without their NUL). Wide text that is not valid gives 87.
    fn decode(units: &[Self::Unit]) -> Result<String, Error>;
    /// Encode text as units (without a NUL). ANSI writes characters above U+00FF as `?`.
    fn encode(s: &str) -> Vec<Self::Unit>;
    /// One unit holding the character `c` (below U+0100).
    fn unit(c: u8) -> Self::Unit;
    /// How many units the character `c` takes.
    fn units_in(c: char) -> usize {
        let _ = c;
        1
    }

    /// A request target as it goes on the wire: ANSI targets are sent as their bytes; wide
    /// targets carry characters above U+007F as percent-encoded UTF-8.
    fn wire_target(s: String) -> String {
        if !Self::WIDE || s.is_ascii() {
            return s;
        }
        let mut out = String::with_capacity(s.len() * 3);
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
        out
    }

    /// Text for the wire's ISO-8859-1 header bytes: ANSI input is used as it came.
    fn header_bytes(units: &[Self::Unit]) -> Result<Cow<'_, [u8]>, Error>;
}

/// The "A" functions: bytes, read as ISO-8859-1.
pub(crate) struct Ansi;
/// The "W" functions with a 2-byte `wchar_t`: UTF-16.
pub(crate) struct Utf16;
/// The "W" functions with a 4-byte `wchar_t`: UTF-32.
pub(crate) struct Utf32;

impl Encoding for Ansi {
    type Unit = u8;
    const FLAVOR: u8 = super::callback::FLAVOR_ANSI;
    const WIDE: bool = false;

    fn decode(units: &[u8]) -> Result<String, Error> {
        Ok(latin1(units))
    }

    fn encode(s: &str) -> Vec<u8> {
        to_latin1(s)
    }

    fn unit(c: u8) -> u8 {
        c
    }

    fn header_bytes(units: &[u8]) -> Result<Cow<'_, [u8]>, Error> {
        Ok(Cow::Borrowed(units))
    }
}

impl Encoding for Utf16 {
    type Unit = u16;
    const FLAVOR: u8 = super::callback::FLAVOR_UTF16;
    const WIDE: bool = true;

    fn decode(units: &[u16]) -> Result<String, Error> {
        String::from_utf16(units).map_err(|_| Error::InvalidParameter)
    }

    fn encode(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn unit(c: u8) -> u16 {
        c.into()
    }

    fn units_in(c: char) -> usize {
        c.len_utf16()
    }

    fn header_bytes(units: &[u16]) -> Result<Cow<'_, [u8]>, Error> {
        Ok(Cow::Owned(to_latin1(&Self::decode(units)?)))
    }
}

impl Encoding for Utf32 {
    type Unit = u32;
    const FLAVOR: u8 = super::callback::FLAVOR_UTF32;
    const WIDE: bool = true;

    fn decode(units: &[u32]) -> Result<String, Error> {
        units
            .iter()
            .map(|&u| char::from_u32(u).ok_or(Error::InvalidParameter))
            .collect()
    }

    fn encode(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    fn unit(c: u8) -> u32 {
        c.into()
    }

    fn header_bytes(units: &[u32]) -> Result<Cow<'_, [u8]>, Error> {
        Ok(Cow::Owned(to_latin1(&Self::decode(units)?)))
    }
}

/// The units of a NUL-terminated string, without the NUL.
///
/// # Safety
/// `p` is non-NULL and points to a string of `U` ending in a zero unit.
pub(crate) unsafe fn units_to_nul<'a, U: Copy + Default + PartialEq>(p: *const U) -> &'a [U] {
    let mut n = 0usize;
    // SAFETY: every unit up to and including the terminating zero is readable (the caller's
    // contract); the loop stops at that zero.
    while unsafe { p.add(n).read_unaligned() } != U::default() {
        n += 1;
    }
    // SAFETY: the `n` units just read are readable and stay borrowed for the call. Callers pass
    // pointers to arrays of `U`; a misaligned `u16`/`u32` string is refused by the C compiler's
    // own rules before it reaches rinet.
    unsafe { std::slice::from_raw_parts(p, n) }
}

/// An optional input string: NULL gives None.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string of `E::Unit`.
pub(crate) unsafe fn opt_text<E: Encoding>(p: *const E::Unit) -> Result<Option<String>, Error> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated (the caller's contract).
    E::decode(unsafe { units_to_nul(p) }).map(Some)
}

/// A required input string: NULL gives 87.
///
/// # Safety
/// As [`opt_text`].
pub(crate) unsafe fn text<E: Encoding>(p: *const E::Unit) -> Result<String, Error> {
    // SAFETY: the caller's contract.
    unsafe { opt_text::<E>(p) }?.ok_or(Error::InvalidParameter)
}

/// `len` units at `p`, or up to the NUL when `len` is 0xFFFFFFFF (WinInet's -1). NULL is empty
/// with a length of 0 or -1, and 87 with any other length.
///
/// # Safety
/// `p` points to `len` readable units, or to a NUL-terminated string when `len` is -1.
pub(crate) unsafe fn units_or_nul<'a, E: Encoding>(
    p: *const E::Unit,
    len: u32,
) -> Result<&'a [E::Unit], Error> {
    if p.is_null() {
        return if len == 0 || len == u32::MAX {
            Ok(&[])
        } else {
            Err(Error::InvalidParameter)
        };
    }
    if len == u32::MAX {
        // SAFETY: the caller passed a NUL-terminated string.
        Ok(unsafe { units_to_nul(p) })
    } else {
        // SAFETY: the caller passed `len` readable units.
        Ok(unsafe { std::slice::from_raw_parts(p, len as usize) })
    }
}

/// The units at `p` up to `len` units or the first NUL, whichever comes first (all of a
/// NUL-terminated string when `len` is 0), as InternetCrackUrl and InternetCreateUrl read
/// their strings.
///
/// # Safety
/// `p` is non-NULL and points to a NUL-terminated string, or (when `len` is not 0) to `len`
/// readable units or to a string whose NUL comes within `len` units.
pub(crate) unsafe fn units_upto<'a, U: Copy + Default + PartialEq>(
    p: *const U,
    len: u32,
) -> &'a [U] {
    if len == 0 {
        // SAFETY: the caller passed a NUL-terminated string.
        return unsafe { units_to_nul(p) };
    }
    let mut n = 0usize;
    // SAFETY: units before the first NUL and within `len` are readable (caller's contract);
    // the loop stops at the NUL or at `len`.
    while n < len as usize && unsafe { p.add(n).read_unaligned() } != U::default() {
        n += 1;
    }
    // SAFETY: the `n` units just read are readable and stay borrowed for the call.
    unsafe { std::slice::from_raw_parts(p, n) }
}

/// Header text in (`len` units, or NUL-terminated with -1) as the ISO-8859-1 bytes that go on
/// the wire.
///
/// # Safety
/// As [`units_or_nul`].
pub(crate) unsafe fn header_text<'a, E: Encoding>(
    p: *const E::Unit,
    len: u32,
) -> Result<Cow<'a, [u8]>, Error> {
    // SAFETY: the caller's contract.
    let units = unsafe { units_or_nul::<E>(p, len) }?;
    E::header_bytes(units)
}

/// True when `s` holds CR, LF or NUL, which would let it break out of a header or request line.
pub(crate) fn has_ctl(s: &str) -> bool {
    s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// A byte buffer in: `len` bytes at `p`; NULL is empty with a length of 0 and 87 otherwise.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes.
pub(crate) unsafe fn bytes<'a>(p: *const c_void, len: u32) -> Result<&'a [u8], Error> {
    if p.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Error::InvalidParameter)
        };
    }
    // SAFETY: the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(p as *const u8, len as usize) })
}

/// Look up a live handle of `kind`: 6 when it is not a live handle, 12018 when it is another
/// kind.
pub(crate) fn entry(handle: rinet_handle, kind: Kind) -> Result<Entry, Error> {
    let entry = handles::lookup(handle as HandleId)?;
    if entry.kind != kind {
        return Err(Error::IncorrectHandleType);
    }
    Ok(entry)
}

/// A required out-parameter, written only when the call succeeds.
pub(crate) struct OutParam<T>(*mut T);

impl<T> OutParam<T> {
    /// Wrap `p`; NULL gives 87.
    pub(crate) fn new(p: *mut T) -> Result<Self, Error> {
        if p.is_null() {
            Err(Error::InvalidParameter)
        } else {
            Ok(OutParam(p))
        }
    }

    /// Write the result.
    pub(crate) fn set(&self, v: T) {
        // SAFETY: non-NULL (checked in `new`); the caller provides a writable slot of `T`.
        unsafe { self.0.write_unaligned(v) }
    }
}

/// What a size counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    /// Characters (code units of the encoding).
    Chars,
    /// Bytes.
    Bytes,
}

/// How a function sizes its output string: the unit of the buffer size the caller passes, of
/// the size reported with ERROR_INSUFFICIENT_BUFFER (the NUL included), and of the length
/// reported on success (the NUL excluded). For ANSI all three are the same.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub capacity: Count,
    pub needed: Count,
    pub written: Count,
}

/// Sizes in characters throughout (InternetCanonicalizeUrl, InternetGetLastResponseInfo,
/// InternetCrackUrl's parts).
pub(crate) const CHARS: Rule = Rule {
    capacity: Count::Chars,
    needed: Count::Chars,
    written: Count::Chars,
};
/// Sizes in bytes throughout (HttpQueryInfo).
pub(crate) const BYTES: Rule = Rule {
    capacity: Count::Bytes,
    needed: Count::Bytes,
    written: Count::Bytes,
};
/// String options (InternetQueryOption): a buffer size and the size needed in bytes, the
/// length written in characters.
pub(crate) const OPTION: Rule = Rule {
    capacity: Count::Bytes,
    needed: Count::Bytes,
    written: Count::Chars,
};
/// InternetCreateUrl: a buffer size and the length written in characters, the size needed in
/// bytes.
pub(crate) const CREATE_URL: Rule = Rule {
    capacity: Count::Chars,
    needed: Count::Bytes,
    written: Count::Chars,
};

/// `units` units counted as `count` in encoding `E`.
pub(crate) fn count<E: Encoding>(units: usize, count: Count) -> Result<u32, Error> {
    let n = match count {
        Count::Chars => Some(units),
        Count::Bytes => units.checked_mul(E::UNIT),
    };
    n.and_then(|n| u32::try_from(n).ok())
        .ok_or(Error::InvalidParameter)
}

/// A caller's buffer size `size`, counted as `count`, in units of `E` (a byte size that is not
/// a whole number of units is rounded down).
pub(crate) fn capacity<E: Encoding>(size: u32, count: Count) -> usize {
    match count {
        Count::Chars => size as usize,
        Count::Bytes => size as usize / E::UNIT,
    }
}

/// Copy `units` and a NUL to `buffer`.
///
/// # Safety
/// `buffer` points to at least `units.len() + 1` writable units that do not overlap `units`.
pub(crate) unsafe fn copy_out<U: Copy + Default>(buffer: *mut U, units: &[U]) {
    // SAFETY: the caller's contract: room for the units and the NUL, no overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(units.as_ptr(), buffer, units.len());
        buffer.add(units.len()).write_unaligned(U::default());
    }
}

/// Write `units` and a NUL into the caller's buffer with sizing `rule`: when `buffer` is NULL
/// or `*len` too small, 122 and `*len` = the size needed; else the text and `*len` = its
/// length.
///
/// # Safety
/// `len` is non-NULL and readable and writable; `buffer` is NULL or holds `*len` (counted as
/// `rule.capacity`) writable bytes.
pub(crate) unsafe fn put_text<E: Encoding>(
    rule: Rule,
    buffer: *mut c_void,
    len: *mut u32,
    units: &[E::Unit],
) -> Result<Done, Error> {
    // SAFETY: the caller's contract.
    let have = capacity::<E>(unsafe { len.read_unaligned() }, rule.capacity);
    if buffer.is_null() || have < units.len() + 1 {
        let needed = count::<E>(units.len() + 1, rule.needed)?;
        // SAFETY: as above.
        unsafe { len.write_unaligned(needed) };
        return Err(Error::InsufficientBuffer);
    }
    let written = count::<E>(units.len(), rule.written)?;
    // SAFETY: `buffer` holds `have > units.len()` units; `units` is rinet's own copy.
    unsafe {
        copy_out(buffer as *mut E::Unit, units);
        len.write_unaligned(written);
    }
    Ok(Done::Now)
}

/// Copy bytes from `addr` into `out`, failing instead of faulting when any of them is not
/// readable. `out` must not cross a page boundary of `addr` (then the whole range is in one
/// page: readable or not).
fn read_page_part(addr: usize, out: &mut [u8], pipe: &mut Option<[i32; 2]>) -> bool {
    let local = libc::iovec {
        iov_base: out.as_mut_ptr() as *mut c_void,
        iov_len: out.len(),
    };
    let remote = libc::iovec {
        iov_base: addr as *mut c_void,
        iov_len: out.len(),
    };
    // SAFETY: the kernel copies from this process's own address space into `out` (a live,
    // writable buffer of `iov_len` bytes) and reports an unreadable source as EFAULT instead of
    // faulting.
    let n = unsafe { libc::process_vm_readv(libc::getpid(), &local, 1, &remote, 1, 0) };
    if n >= 0 {
        return n as usize == out.len();
    }
    let err = std::io::Error::last_os_error().raw_os_error();
    if err == Some(libc::EFAULT) {
        return false;
    }
    // process_vm_readv is not allowed here (a seccomp filter, an old kernel): a pipe's write
    // reads the source with the same EFAULT check.
    let fds = match pipe {
        Some(fds) => *fds,
        None => {
            let mut fds = [0i32; 2];
            // SAFETY: `fds` has room for the two descriptors.
            if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC | libc::O_NONBLOCK) } != 0 {
                return false;
            }
            *pipe = Some(fds);
            fds
        }
    };
    // SAFETY: write reads `out.len()` bytes at `addr` in the kernel, which reports EFAULT for
    // an unreadable source; the pipe is empty and holds more than a page.
    let w = unsafe { libc::write(fds[1], addr as *const c_void, out.len()) };
    if w < 0 || w as usize != out.len() {
        return false;
    }
    // SAFETY: `out` is writable for its length; the pipe holds exactly that many bytes.
    let r = unsafe { libc::read(fds[0], out.as_mut_ptr() as *mut c_void, out.len()) };
    r >= 0 && r as usize == out.len()
}

/// Copy the NUL-terminated string of `U` at `p` (without its NUL), or None when any part of it
/// is not readable memory. Never faults: the string is read through the kernel in small pieces,
/// none crossing a page boundary. Small integers and all-ones values given as pointers are
/// answered None without a read.
pub(crate) fn readable_units<U: Copy + Default + PartialEq>(p: *const U) -> Option<Vec<U>> {
    const PIECE: usize = 256;
    let addr = p as usize;
    if addr < 0x10000 || addr.checked_add(size_of::<U>()).is_none() {
        return None;
    }
    // SAFETY: sysconf has no preconditions.
    let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
        n if n > 0 => n as usize,
        _ => 4096,
    };
    let mut pipe = None;
    let mut bytes: Vec<u8> = Vec::new();
    let unit = size_of::<U>();
    let mut at = addr;
    let found = loop {
        let page_end = (at / page + 1) * page;
        let n = PIECE.min(page_end - at);
        let start = bytes.len();
        bytes.resize(start + n, 0);
        if !read_page_part(at, &mut bytes[start..], &mut pipe) {
            break None;
        }
        at += n;
        // A whole unit of zeros at a unit boundary ends the string.
        let whole = bytes.len() / unit * unit;
        let from = (start / unit) * unit;
        if let Some(end) = (from..whole)
            .step_by(unit)
            .find(|&i| bytes[i..i + unit].iter().all(|&b| b == 0))
        {
            break Some(end / unit);
        }
        if at.checked_add(PIECE).is_none() {
            break None;
        }
    };
    if let Some(fds) = pipe {
        // SAFETY: both descriptors were opened above and are closed once.
        unsafe {
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
    }
    let n = found?;
    let mut out = vec![U::default(); n];
    // SAFETY: `bytes` holds at least `n * unit` bytes copied from the string; `out` has room
    // for `n` units; the copy is bytewise, so alignment does not matter.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), out.as_mut_ptr() as *mut u8, n * unit);
    }
    Some(out)
}

/// A NULL-terminated array of strings (HttpOpenRequest's accept types), read without faulting:
/// the strings, empty ones left out, or None when an entry (or the array itself) is not
/// readable memory, as Windows ignores such an array.
///
/// # Safety
/// `p` is NULL or a pointer the caller passed as the array; it is only read through
/// [`readable_units`]-style checks.
pub(crate) unsafe fn string_array<E: Encoding>(
    p: *const *const E::Unit,
) -> Result<Option<Vec<String>>, Error> {
    let mut out = Vec::new();
    if p.is_null() {
        return Ok(Some(out));
    }
    let mut pipe = None;
    let mut slot = p as usize;
    let result = loop {
        let mut raw = [0u8; size_of::<usize>()];
        let page = 4096usize;
        // A pointer-sized slot may straddle a page boundary when misaligned: read it bytewise
        // in the parts that lie in each page.
        let mut ok = true;
        let mut done = 0;
        while done < raw.len() {
            let at = slot + done;
            let n = (raw.len() - done).min((at / page + 1) * page - at);
            if !read_page_part(at, &mut raw[done..done + n], &mut pipe) {
                ok = false;
                break;
            }
            done += n;
        }
        if !ok {
            break Ok(None);
        }
        let entry = usize::from_ne_bytes(raw) as *const E::Unit;
        if entry.is_null() {
            break Ok(Some(out));
        }
        let Some(units) = readable_units(entry) else {
            break Ok(None);
        };
        match E::decode(&units) {
            Ok(s) if s.is_empty() => {}
            Ok(s) => out.push(s),
            Err(e) => break Err(e),
        }
        slot += size_of::<usize>();
    };
    if let Some(fds) = pipe {
        // SAFETY: both descriptors were opened by read_page_part and are closed once.
        unsafe {
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
    }
    result
}

/// URL text for the byte-based URL functions (InternetCrackUrl, InternetCreateUrl,
/// InternetCanonicalizeUrl), from any encoding, and back.
///
/// The URL core treats a URL as 8-bit characters, as WinInet's A functions do. A character
/// below U+0100 becomes its ISO-8859-1 byte, so a wide URL made of such characters is treated
/// exactly as the same URL given to the A function. A character above U+00FF becomes a pair of
/// bytes from 0x80..=0xFF that the text uses nowhere else (neither as a character nor in a
/// `%XX` escape), so the core handles it as it handles any non-ASCII character: it passes it
/// through, or, where a rule escapes non-ASCII characters, escapes its bytes. [`UrlText::widen`]
/// turns the pair back into the character, and its escaped bytes into the character's
/// percent-encoded UTF-8.
pub(crate) struct UrlText {
    /// The bytes free for pairs.
    free: Vec<u8>,
    /// The characters above U+00FF, in the order they were given pairs.
    chars: Vec<char>,
}

impl UrlText {
    /// Prepare for `texts`, every string that goes into one call of the URL core.
    pub(crate) fn new(texts: &[&str]) -> Result<Self, Error> {
        let mut used = [false; 256];
        let mut chars: Vec<char> = Vec::new();
        for t in texts {
            let cs: Vec<char> = t.chars().collect();
            for (i, &c) in cs.iter().enumerate() {
                let v = c as u32;
                if v < 0x100 {
                    used[v as usize] = true;
                } else if !chars.contains(&c) {
                    chars.push(c);
                }
                if c == '%' {
                    let hex = |c: Option<&char>| c.and_then(|c| c.to_digit(16));
                    if let (Some(h), Some(l)) = (hex(cs.get(i + 1)), hex(cs.get(i + 2))) {
                        used[(h * 16 + l) as usize] = true;
                    }
                }
            }
        }
        let free: Vec<u8> = (0x80..=0xFFu8).filter(|&b| !used[b as usize]).collect();
        if !chars.is_empty() && free.len() * free.len() < chars.len() {
            return Err(Error::InvalidParameter);
        }
        Ok(UrlText { free, chars })
    }

    /// The pair of bytes standing for `c`.
    fn pair(&self, c: char) -> [u8; 2] {
        let i = self.chars.iter().position(|&x| x == c).unwrap_or(0);
        let k = self.free.len();
        [self.free[i / k], self.free[i % k]]
    }

    /// `s` as bytes for the core, and for each byte (and the end) the offset in units of `E`
    /// of the character it belongs to.
    pub(crate) fn narrow<E: Encoding>(&self, s: &str) -> (Vec<u8>, Vec<usize>) {
        let mut bytes = Vec::with_capacity(s.len());
        let mut at = Vec::with_capacity(s.len() + 1);
        let mut units = 0usize;
        for c in s.chars() {
            let v = c as u32;
            if v < 0x100 {
                bytes.push(v as u8);
                at.push(units);
            } else {
                bytes.extend_from_slice(&self.pair(c));
                at.push(units);
                at.push(units);
            }
            units += E::units_in(c);
        }
        at.push(units);
        (bytes, at)
    }

    /// The core's output as text: pairs back into their characters, escaped pairs into the
    /// characters' percent-encoded UTF-8, every other byte its ISO-8859-1 character.
    pub(crate) fn widen(&self, bytes: &[u8]) -> String {
        let is_free = |b: u8| !self.chars.is_empty() && self.free.contains(&b);
        let hex = |b: u8| (b as char).to_digit(16);
        let escaped = |i: usize| -> Option<u8> {
            if bytes.get(i) != Some(&b'%') {
                return None;
            }
            let (h, l) = (hex(*bytes.get(i + 1)?)?, hex(*bytes.get(i + 2)?)?);
            let b = (h * 16 + l) as u8;
            is_free(b).then_some(b)
        };
        let char_of = |a: u8, b: u8| -> Option<char> {
            let k = self.free.len();
            let i = self.free.iter().position(|&x| x == a)? * k
                + self.free.iter().position(|&x| x == b)?;
            self.chars.get(i).copied()
        };
        let mut out = String::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if is_free(bytes[i]) && i + 1 < bytes.len() {
                if let Some(c) = char_of(bytes[i], bytes[i + 1]) {
                    out.push(c);
                    i += 2;
                    continue;
                }
            }
            if let (Some(a), Some(b)) = (escaped(i), escaped(i + 3)) {
                if let Some(c) = char_of(a, b) {
                    let mut buf = [0u8; 4];
                    for u in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("%{u:02X}"));
                    }
                    i += 6;
                    continue;
                }
            }
            out.push(bytes[i] as char);
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_text_must_be_valid() {
        assert_eq!(
            Utf16::decode(&[0x68, 0xD83D, 0xDE00]).unwrap(),
            "h\u{1F600}"
        );
        assert_eq!(Utf16::decode(&[0x68, 0xD83D]), Err(Error::InvalidParameter));
        assert_eq!(Utf16::decode(&[0xDE00, 0x68]), Err(Error::InvalidParameter));
        assert_eq!(Utf32::decode(&[0x1F600]).unwrap(), "\u{1F600}");
        assert_eq!(Utf32::decode(&[0xD800]), Err(Error::InvalidParameter));
        assert_eq!(Utf32::decode(&[0x110000]), Err(Error::InvalidParameter));
        assert_eq!(Ansi::decode(&[0xE9]).unwrap(), "\u{e9}");
        assert_eq!(Ansi::encode("\u{e9}\u{20ac}"), vec![0xE9, b'?']);
        assert_eq!(Utf16::encode("\u{1F600}"), vec![0xD83D, 0xDE00]);
    }

    #[test]
    fn wide_targets_are_percent_encoded_utf8() {
        assert_eq!(
            Utf32::wire_target("/\u{e9}t\u{e9}?q=\u{20ac}".into()),
            "/%C3%A9t%C3%A9?q=%E2%82%AC"
        );
        assert_eq!(Ansi::wire_target("/\u{e9}".into()), "/\u{e9}");
        assert_eq!(Utf16::wire_target("/plain".into()), "/plain");
    }

    #[test]
    fn sizing_rules() {
        let mut buf = [0u16; 4];
        let mut len = 6u32; // bytes: three units, no room for "abc" and its NUL
        let units = Utf16::encode("abc");
        let r =
            unsafe { put_text::<Utf16>(BYTES, buf.as_mut_ptr() as *mut c_void, &mut len, &units) };
        assert_eq!((r, len), (Err(Error::InsufficientBuffer), 8));
        len = 8;
        let r =
            unsafe { put_text::<Utf16>(BYTES, buf.as_mut_ptr() as *mut c_void, &mut len, &units) };
        assert_eq!((r, len, buf), (Ok(Done::Now), 6, [97, 98, 99, 0]));
        len = 8;
        let r =
            unsafe { put_text::<Utf16>(OPTION, buf.as_mut_ptr() as *mut c_void, &mut len, &units) };
        assert_eq!((r, len), (Ok(Done::Now), 3));
    }

    #[test]
    fn url_text_round_trips_and_escapes_as_utf8() {
        let s = "http://h/\u{20ac}/x\u{e9}?q=\u{4e2d}%41";
        let t = UrlText::new(&[s]).unwrap();
        let (bytes, at) = t.narrow::<Utf16>(s);
        assert_eq!(bytes.len(), at.len() - 1);
        assert_eq!(t.widen(&bytes), s);
        assert_eq!(*at.last().unwrap(), s.encode_utf16().count());
        // The core escapes non-ASCII bytes one by one.
        let escaped: Vec<u8> = bytes
            .iter()
            .flat_map(|&b| {
                if b >= 0x80 {
                    format!("%{b:02X}").into_bytes()
                } else {
                    vec![b]
                }
            })
            .collect();
        assert_eq!(t.widen(&escaped), "http://h/%E2%82%AC/x%E9?q=%E4%B8%AD%41");
        // ANSI text is its own bytes.
        let a = "x\u{e9}\u{ff}";
        let t = UrlText::new(&[a]).unwrap();
        assert_eq!(t.narrow::<Ansi>(a).0, vec![b'x', 0xE9, 0xFF]);
        assert_eq!(t.widen(&[b'x', 0xE9, 0xFF]), a);
    }

    #[test]
    fn unreadable_strings_are_answered_without_a_fault() {
        assert_eq!(readable_units(6240usize as *const u8), None);
        assert_eq!(readable_units(usize::MAX as *const u8), None);
        assert_eq!(readable_units(0xffff_ffff as *const u16), None);
        let s = b"text/html\0";
        assert_eq!(readable_units(s.as_ptr()), Some(b"text/html".to_vec()));
        let w: Vec<u32> = "a\u{e9}\0".chars().map(u32::from).collect();
        assert_eq!(readable_units(w.as_ptr()), Some(vec![97, 0xE9]));
        // A string that ends at the last byte of a readable page, followed by a page that
        // cannot be read.
        // SAFETY: a fresh anonymous mapping of two pages, the second made unreadable.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
            let m = libc::mmap(
                std::ptr::null_mut(),
                2 * page,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            ) as *mut u8;
            assert_ne!(m as *mut c_void, libc::MAP_FAILED);
            assert_eq!(
                libc::mprotect(m.add(page) as *mut c_void, page, libc::PROT_NONE),
                0
            );
            let at = m.add(page - 4);
            at.copy_from_nonoverlapping(c"abc".as_ptr() as *const u8, 4);
            assert_eq!(readable_units(at as *const u8), Some(b"abc".to_vec()));
            at.copy_from_nonoverlapping(b"abcd".as_ptr(), 4);
            assert_eq!(readable_units(at as *const u8), None);
            assert_eq!(readable_units(m.add(page) as *const u8), None);
            libc::munmap(m as *mut c_void, 2 * page);
        }
    }
}
