// SPDX-License-Identifier: MIT OR Apache-2.0
//! URLs and HTTP dates: crack_url, create_url and canonicalize_url (WinInet's
//! InternetCrackUrlA, InternetCreateUrlA and InternetCanonicalizeUrlA), time_from_system_time
//! and time_to_system_time (InternetTimeFromSystemTimeA, InternetTimeToSystemTimeA).
//!
//! None of these functions takes a handle or touches the network: each runs on the calling
//! thread, never pends, never calls a status callback, and keeps no pointer it was given after
//! it returns. Each stores its result code as the thread's last error, like every export.

use std::ffi::{c_char, c_void};
use std::mem::size_of;
use std::ops::Range;

use super::args::{self, Ansi, Encoding, UrlText, Utf16, Utf32};
use super::boundary::{guard, Done};
use crate::error::Error;
use crate::http::date::{self, SystemTime16};
use crate::http::url::{self, Cracked, UrlError, UrlParts};

/// WinInet's INTERNET_SCHEME: a URL scheme number (a C enum, so a 32-bit int).
#[allow(non_camel_case_types)]
pub type rinet_scheme = i32;

/// INTERNET_SCHEME_PARTIAL.
pub const RINET_SCHEME_PARTIAL: rinet_scheme = -2;
/// INTERNET_SCHEME_UNKNOWN: a scheme WinInet has no number for.
pub const RINET_SCHEME_UNKNOWN: rinet_scheme = -1;
/// INTERNET_SCHEME_DEFAULT: create_url uses http.
pub const RINET_SCHEME_DEFAULT: rinet_scheme = 0;
/// INTERNET_SCHEME_FTP.
pub const RINET_SCHEME_FTP: rinet_scheme = 1;
/// INTERNET_SCHEME_GOPHER.
pub const RINET_SCHEME_GOPHER: rinet_scheme = 2;
/// INTERNET_SCHEME_HTTP.
pub const RINET_SCHEME_HTTP: rinet_scheme = 3;
/// INTERNET_SCHEME_HTTPS.
pub const RINET_SCHEME_HTTPS: rinet_scheme = 4;
/// INTERNET_SCHEME_FILE.
pub const RINET_SCHEME_FILE: rinet_scheme = 5;
/// INTERNET_SCHEME_NEWS.
pub const RINET_SCHEME_NEWS: rinet_scheme = 6;
/// INTERNET_SCHEME_MAILTO.
pub const RINET_SCHEME_MAILTO: rinet_scheme = 7;
/// INTERNET_SCHEME_SOCKS.
pub const RINET_SCHEME_SOCKS: rinet_scheme = 8;
/// INTERNET_SCHEME_JAVASCRIPT.
pub const RINET_SCHEME_JAVASCRIPT: rinet_scheme = 9;
/// INTERNET_SCHEME_VBSCRIPT.
pub const RINET_SCHEME_VBSCRIPT: rinet_scheme = 10;
/// INTERNET_SCHEME_RES.
pub const RINET_SCHEME_RES: rinet_scheme = 11;

/// ICU_ESCAPE: crack_url unescapes `%XX` in copied components; create_url escapes unsafe
/// characters of the path and extra info. canonicalize_url ignores it.
pub const RINET_ICU_ESCAPE: u32 = 0x8000_0000;
/// ICU_USERNAME: accepted and ignored (there is no logon user name to substitute).
pub const RINET_ICU_USERNAME: u32 = 0x4000_0000;
/// ICU_NO_ENCODE: canonicalize_url does not escape unsafe characters.
pub const RINET_ICU_NO_ENCODE: u32 = 0x2000_0000;
/// ICU_DECODE: crack_url unescapes copied components; canonicalize_url unescapes the URL first.
pub const RINET_ICU_DECODE: u32 = 0x1000_0000;
/// ICU_NO_META: canonicalize_url keeps `.` and `..` path segments.
pub const RINET_ICU_NO_META: u32 = 0x0800_0000;
/// ICU_ENCODE_SPACES_ONLY: canonicalize_url escapes spaces only.
pub const RINET_ICU_ENCODE_SPACES_ONLY: u32 = 0x0400_0000;
/// ICU_BROWSER_MODE: canonicalize_url does not unescape after the first `?` or `#` (it never
/// escapes there).
pub const RINET_ICU_BROWSER_MODE: u32 = 0x0200_0000;
/// ICU_ENCODE_PERCENT: canonicalize_url escapes `%` as `%25`.
pub const RINET_ICU_ENCODE_PERCENT: u32 = 0x0000_1000;

/// INTERNET_RFC1123_FORMAT: the only format time_from_system_time writes.
pub const RINET_RFC1123_FORMAT: u32 = 0;
/// INTERNET_RFC1123_BUFSIZE: the smallest buffer time_from_system_time accepts (29 characters
/// and the NUL).
pub const RINET_RFC1123_BUFSIZE: u32 = 30;

/// WinInet's URL_COMPONENTSA, same field order and C layout: the parts of a URL, for
/// rinet_crack_url (out) and rinet_create_url (in).
///
/// Set `dwStructSize` to `sizeof(rinet_url_components)`. For rinet_crack_url, each part is
/// asked for through its pointer and length: NULL and 0 means "not wanted" (both are left
/// alone); NULL and a non-zero length means "point into the URL I passed" (the pointer and the
/// length are set; the pointer is NULL and the length 0 when the URL has no such part); a
/// buffer and its size in characters means "copy it here" (the part is copied with a NUL and
/// the length set to the characters copied, without the NUL; a buffer with a size of 0 is too
/// small). Lengths never count the NUL.
/// The caller owns every buffer; rinet keeps no pointer after the call.
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_url_components {
    /// Must be sizeof(rinet_url_components), else 87.
    pub dwStructSize: u32,
    /// The scheme name, e.g. "http".
    pub lpszScheme: *mut c_char,
    /// Length of lpszScheme.
    pub dwSchemeLength: u32,
    /// The scheme's number (RINET_SCHEME_*). create_url uses it when lpszScheme is NULL.
    pub nScheme: rinet_scheme,
    /// The host name; an IPv6 literal keeps its brackets ("[::1]").
    pub lpszHostName: *mut c_char,
    /// Length of lpszHostName.
    pub dwHostNameLength: u32,
    /// The port: explicit, else 80, 443 or 21 for http, https and ftp, else 0.
    pub nPort: u16,
    /// The user name.
    pub lpszUserName: *mut c_char,
    /// Length of lpszUserName.
    pub dwUserNameLength: u32,
    /// The password.
    pub lpszPassword: *mut c_char,
    /// Length of lpszPassword.
    pub dwPasswordLength: u32,
    /// The path. When the extra info is not asked for, the path includes it.
    pub lpszUrlPath: *mut c_char,
    /// Length of lpszUrlPath.
    pub dwUrlPathLength: u32,
    /// The query and fragment, from the first '?' or '#': "?a=1#top".
    pub lpszExtraInfo: *mut c_char,
    /// Length of lpszExtraInfo.
    pub dwExtraInfoLength: u32,
}

/// rinet_url_components with UTF-16 strings (WinInet's URL_COMPONENTSW where `wchar_t` is 2
/// bytes), for rinet_crack_url_w16 and rinet_create_url_w16: the same fields and layout, every
/// length in characters (UTF-16 units).
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_url_components_w16 {
    /// Must be sizeof(rinet_url_components_w16), else 87.
    pub dwStructSize: u32,
    /// The scheme name.
    pub lpszScheme: *mut u16,
    /// Length of lpszScheme.
    pub dwSchemeLength: u32,
    /// The scheme's number (RINET_SCHEME_*).
    pub nScheme: rinet_scheme,
    /// The host name.
    pub lpszHostName: *mut u16,
    /// Length of lpszHostName.
    pub dwHostNameLength: u32,
    /// The port.
    pub nPort: u16,
    /// The user name.
    pub lpszUserName: *mut u16,
    /// Length of lpszUserName.
    pub dwUserNameLength: u32,
    /// The password.
    pub lpszPassword: *mut u16,
    /// Length of lpszPassword.
    pub dwPasswordLength: u32,
    /// The path.
    pub lpszUrlPath: *mut u16,
    /// Length of lpszUrlPath.
    pub dwUrlPathLength: u32,
    /// The query and fragment.
    pub lpszExtraInfo: *mut u16,
    /// Length of lpszExtraInfo.
    pub dwExtraInfoLength: u32,
}

/// rinet_url_components with UTF-32 strings (WinInet's URL_COMPONENTSW where `wchar_t` is 4
/// bytes), for rinet_crack_url_w32 and rinet_create_url_w32: the same fields and layout, every
/// length in characters.
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_url_components_w32 {
    /// Must be sizeof(rinet_url_components_w32), else 87.
    pub dwStructSize: u32,
    /// The scheme name.
    pub lpszScheme: *mut u32,
    /// Length of lpszScheme.
    pub dwSchemeLength: u32,
    /// The scheme's number (RINET_SCHEME_*).
    pub nScheme: rinet_scheme,
    /// The host name.
    pub lpszHostName: *mut u32,
    /// Length of lpszHostName.
    pub dwHostNameLength: u32,
    /// The port.
    pub nPort: u16,
    /// The user name.
    pub lpszUserName: *mut u32,
    /// Length of lpszUserName.
    pub dwUserNameLength: u32,
    /// The password.
    pub lpszPassword: *mut u32,
    /// Length of lpszPassword.
    pub dwPasswordLength: u32,
    /// The path.
    pub lpszUrlPath: *mut u32,
    /// Length of lpszUrlPath.
    pub dwUrlPathLength: u32,
    /// The query and fragment.
    pub lpszExtraInfo: *mut u32,
    /// Length of lpszExtraInfo.
    pub dwExtraInfoLength: u32,
}

/// The three URL_COMPONENTS layouts as one type, for the one implementation (the tests check
/// that the layouts agree).
#[allow(non_snake_case)]
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct UrlComponentsOf<U> {
    dwStructSize: u32,
    lpszScheme: *mut U,
    dwSchemeLength: u32,
    nScheme: rinet_scheme,
    lpszHostName: *mut U,
    dwHostNameLength: u32,
    nPort: u16,
    lpszUserName: *mut U,
    dwUserNameLength: u32,
    lpszPassword: *mut U,
    dwPasswordLength: u32,
    lpszUrlPath: *mut U,
    dwUrlPathLength: u32,
    lpszExtraInfo: *mut U,
    dwExtraInfoLength: u32,
}

/// Win32's SYSTEMTIME, same field order and layout: a calendar time (UTC for HTTP dates).
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct rinet_system_time {
    /// The year, e.g. 2005.
    pub wYear: u16,
    /// January is 1.
    pub wMonth: u16,
    /// Sunday is 0.
    pub wDayOfWeek: u16,
    /// The day of the month, from 1.
    pub wDay: u16,
    /// 0 to 23.
    pub wHour: u16,
    /// 0 to 59.
    pub wMinute: u16,
    /// 0 to 59.
    pub wSecond: u16,
    /// 0 to 999.
    pub wMilliseconds: u16,
}

impl From<SystemTime16> for rinet_system_time {
    fn from(t: SystemTime16) -> Self {
        rinet_system_time {
            wYear: t.year,
            wMonth: t.month,
            wDayOfWeek: t.day_of_week,
            wDay: t.day,
            wHour: t.hour,
            wMinute: t.minute,
            wSecond: t.second,
            wMilliseconds: t.milliseconds,
        }
    }
}

impl From<rinet_system_time> for SystemTime16 {
    fn from(t: rinet_system_time) -> Self {
        SystemTime16 {
            year: t.wYear,
            month: t.wMonth,
            day_of_week: t.wDayOfWeek,
            day: t.wDay,
            hour: t.wHour,
            minute: t.wMinute,
            second: t.wSecond,
            milliseconds: t.wMilliseconds,
        }
    }
}

impl From<UrlError> for Error {
    fn from(e: UrlError) -> Self {
        match e {
            UrlError::UnrecognizedScheme => Error::UnrecognizedScheme,
            UrlError::InvalidUrl => Error::InvalidUrl,
            UrlError::InvalidParameter => Error::InvalidParameter,
        }
    }
}

/// Read `*p`, a caller's u32.
///
/// # Safety
/// `p` is non-NULL and points to a readable u32.
unsafe fn read_u32(p: *const u32) -> u32 {
    // SAFETY: the caller's contract.
    unsafe { p.read_unaligned() }
}

/// One part of a URL_COMPONENTS: its pointer and length fields.
struct Field<'a, U> {
    ptr: &'a mut *mut U,
    len: &'a mut u32,
}

/// Split a URL_COMPONENTS into its six parts, in field order.
fn fields<U>(uc: &mut UrlComponentsOf<U>) -> [Field<'_, U>; 6] {
    [
        Field {
            ptr: &mut uc.lpszScheme,
            len: &mut uc.dwSchemeLength,
        },
        Field {
            ptr: &mut uc.lpszHostName,
            len: &mut uc.dwHostNameLength,
        },
        Field {
            ptr: &mut uc.lpszUserName,
            len: &mut uc.dwUserNameLength,
        },
        Field {
            ptr: &mut uc.lpszPassword,
            len: &mut uc.dwPasswordLength,
        },
        Field {
            ptr: &mut uc.lpszUrlPath,
            len: &mut uc.dwUrlPathLength,
        },
        Field {
            ptr: &mut uc.lpszExtraInfo,
            len: &mut uc.dwExtraInfoLength,
        },
    ]
}

/// The index of the path among the six parts, in field order.
const PATH: usize = 4;

/// The ranges of the six parts of `c`, in field order, given whether the extra info was asked
/// for (when it is not, the path includes it).
fn ranges(c: &Cracked, extra_wanted: bool) -> [Option<Range<usize>>; 6] {
    let path = if extra_wanted {
        c.path.clone()
    } else {
        c.path_with_extra()
    };
    [
        Some(c.scheme.clone()),
        c.host.clone(),
        c.user.clone(),
        c.password.clone(),
        Some(path),
        c.extra.clone(),
    ]
}

/// Crack a URL into its parts (WinInet's InternetCrackUrlA).
///
/// - `url`: the URL. Borrowed for the call; pointers returned into it stay valid as long as
///   the caller keeps the string.
/// - `url_len`: its length in bytes, or 0 when it is NUL-terminated. A NUL within `url_len`
///   ends the URL there.
/// - `flags`: 0, or RINET_ICU_DECODE / RINET_ICU_ESCAPE (both unescape `%XX` in the copied
///   parts; they need buffers for every part asked for, else 87).
/// - `components`: in: `dwStructSize` and, for each part, what is wanted (see
///   rinet_url_components); out: the parts, `nScheme` and `nPort`.
///
/// The URL is `scheme://user:password@host:port/path?query#fragment`; the extra info is the
/// query and fragment, and when it is not asked for (length 0) the path includes it. A URL
/// without `//` (`about:blank`, `mailto:x@y`) has a scheme and a path only, and port 0. The
/// port is the explicit one, else 80, 443 or 21 for http, https and ftp, else 0; an empty port
/// is the default. A missing path is an empty path (a pointer to where it would be, length 0).
/// An IPv6 host keeps its brackets. A `file:` URL with an empty or one-letter host
/// (`file:///C:/x`, `file://C:/x`) has no host: its path starts there.
///
/// A copied `file:` path is in Windows form, as WinInet gives it: `\` for `/`, and
/// `file:///C:/Program%20Files/x.xml` gives `C:\Program Files\x.xml` (one or three slashes,
/// or a host, unescape the path; `file://C:/a%20b` gives `C:\a%20b`, unescaped only with
/// ICU_DECODE or ICU_ESCAPE); `file://host/share/x` gives the host `host` and the path
/// `\share\x`; `file:////server/share` gives `\\server\share`; a last segment of `.` or `..`
/// gets a trailing `\`. A pointer into the URL gives the path as written.
///
/// Runs on the calling thread; never pends. A buffer too small for its part (one character for
/// the NUL included; a buffer of size 0 too) fails the call with 122 and that part's length is
/// set to the size needed, NUL included; parts that fit are still copied, and `nScheme` and
/// `nPort` set. Errors: 87 (NULL `url` or `components`, wrong `dwStructSize`, no part asked
/// for: all six lengths 0, or ICU_DECODE/ICU_ESCAPE with a part asked for by pointer), 12006
/// (empty URL, or no `scheme:`), 12005 (bad port, unclosed `[`, an http, https or ftp URL with
/// an empty host), 122. On any other error `components` is not written.
#[no_mangle]
pub unsafe extern "C" fn rinet_crack_url(
    url: *const c_char,
    url_len: u32,
    flags: u32,
    components: *mut rinet_url_components,
) -> u32 {
    guard(|| {
        crack_url::<Ansi>(
            url as *const u8,
            url_len,
            flags,
            components as *mut UrlComponentsOf<u8>,
        )
    })
}

/// rinet_crack_url with UTF-16 strings (WinInet's InternetCrackUrlW where `wchar_t` is 2
/// bytes): `url` and `url_len` (in characters), `flags` and `components` (a
/// rinet_url_components_w16) as there, every length in characters. Pointers into `url` point
/// at UTF-16 units. Runs on the calling thread; never pends. Errors: those of rinet_crack_url,
/// and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_crack_url_w16(
    url: *const u16,
    url_len: u32,
    flags: u32,
    components: *mut rinet_url_components_w16,
) -> u32 {
    guard(|| crack_url::<Utf16>(url, url_len, flags, components as *mut UrlComponentsOf<u16>))
}

/// rinet_crack_url_w16 (`url`, `url_len`, `flags`, `components`, a rinet_url_components_w32)
/// with UTF-32 strings (`wchar_t` of 4 bytes). Runs on the calling thread; never pends.
/// Errors: those of rinet_crack_url, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_crack_url_w32(
    url: *const u32,
    url_len: u32,
    flags: u32,
    components: *mut rinet_url_components_w32,
) -> u32 {
    guard(|| crack_url::<Utf32>(url, url_len, flags, components as *mut UrlComponentsOf<u32>))
}

fn crack_url<E: Encoding>(
    url: *const E::Unit,
    url_len: u32,
    flags: u32,
    components: *mut UrlComponentsOf<E::Unit>,
) -> Result<Done, Error> {
    if url.is_null() || components.is_null() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: non-NULL; the caller passes a structure starting with dwStructSize.
    let size = unsafe { read_u32(components as *const u32) };
    if size as usize != size_of::<UrlComponentsOf<E::Unit>>() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: non-NULL, and dwStructSize says the whole structure is there.
    let mut uc = unsafe { components.read_unaligned() };
    // SAFETY: `url` is non-NULL and is what the caller promised for `url_len`.
    let text = E::decode(unsafe { args::units_upto(url, url_len) })?;
    let url_text = UrlText::new(&[&text])?;
    // `at[i]`: where, in units of the caller's URL, the character of byte `i` starts.
    let (bytes, at) = url_text.narrow::<E>(&text);
    let cracked = url::crack(&bytes, flags)?;

    let extra_wanted = uc.dwExtraInfoLength != 0 || !uc.lpszExtraInfo.is_null();
    let decode = flags & (RINET_ICU_DECODE | RINET_ICU_ESCAPE) != 0;
    {
        let fs = fields(&mut uc);
        if fs.iter().all(|f| *f.len == 0) {
            return Err(Error::InvalidParameter);
        }
        if decode && fs.iter().any(|f| f.ptr.is_null() && *f.len != 0) {
            return Err(Error::InvalidParameter);
        }
    }

    let mut too_small = false;
    for (i, (f, range)) in fields(&mut uc)
        .into_iter()
        .zip(ranges(&cracked, extra_wanted))
        .enumerate()
    {
        if f.ptr.is_null() && *f.len == 0 {
            continue;
        }
        if f.ptr.is_null() {
            match range {
                Some(r) => {
                    // SAFETY: `at[r.start]` lies within the units read from `url`.
                    *f.ptr = unsafe { url.add(at[r.start]) } as *mut E::Unit;
                    *f.len = (at[r.end] - at[r.start]) as u32;
                }
                None => *f.len = 0,
            }
            continue;
        }
        let value = match range {
            // A file: URL's path is copied in Windows form (`C:\dir\x.xml`).
            Some(r) if i == PATH && cracked.kind == url::Scheme::File => {
                url::file_path(&bytes, &cracked, r, decode)
            }
            Some(r) if decode => url::decode(&bytes[r]),
            Some(r) => bytes[r].to_vec(),
            None => Vec::new(),
        };
        let value = E::encode(&url_text.widen(&value));
        if (*f.len as usize) < value.len() + 1 {
            *f.len = value.len() as u32 + 1;
            too_small = true;
        } else {
            // SAFETY: the caller's buffer holds `*f.len` units, which is room for the value
            // and its NUL; it is the caller's own memory, not rinet's copy.
            unsafe { args::copy_out(*f.ptr, &value) };
            *f.len = value.len() as u32;
        }
    }
    uc.nScheme = cracked.kind.number();
    uc.nPort = cracked.port;
    // SAFETY: non-NULL and the full structure (checked above).
    unsafe { components.write_unaligned(uc) };
    if too_small {
        Err(Error::InsufficientBuffer)
    } else {
        Ok(Done::Now)
    }
}

/// One part given to create_url: None when the pointer is NULL; the length is the field's,
/// or the string's own when the field is 0.
///
/// # Safety
/// `p` is NULL, or points to `len` readable units, or (when `len` is 0) to a NUL-terminated
/// string.
unsafe fn part<E: Encoding>(p: *const E::Unit, len: u32) -> Result<Option<String>, Error> {
    if p.is_null() {
        return Ok(None);
    }
    let units = if len == 0 {
        // SAFETY: the caller's contract: a NUL-terminated string.
        unsafe { args::units_to_nul(p) }
    } else {
        // SAFETY: the caller's contract: `len` readable units.
        unsafe { std::slice::from_raw_parts(p, len as usize) }
    };
    E::decode(units).map(Some)
}

/// Build a URL from its parts (WinInet's InternetCreateUrlA).
///
/// - `components`: `dwStructSize` must be sizeof(rinet_url_components). Each part is used when
///   its pointer is non-NULL; its length field gives its length in characters, or 0 when the
///   part is a NUL-terminated string. Borrowed for the call.
/// - `flags`: 0, or RINET_ICU_ESCAPE to escape unsafe characters of the path and extra info as
///   `%XX` (controls, space, non-ASCII, `"%<>[\]^`{|}~`, and `#` in the path).
/// - `url`, `url_len`: the caller's buffer and its size in characters (NUL included).
///
/// The URL is `scheme:` (from `lpszScheme`, else from `nScheme`, where 0 means http), `//` for
/// ftp, gopher, http, https and file or whenever there is a host, `user[:password]@`, the host,
/// `:port` unless the port is 0 or the scheme's well-known one (80, 443, 21, 70), `/` when the
/// path does not start with one, the path and the extra info.
///
/// Runs on the calling thread; never pends. On success the URL and a NUL are written and
/// `*url_len` is its length without the NUL. When `url` is NULL or `*url_len` is too small
/// (room for the NUL included) the call fails with 122 and `*url_len` is the size needed, NUL
/// included. Errors: 87 (NULL `components` or `url_len`, wrong `dwStructSize`, a password
/// without a user name, no scheme name and an `nScheme` that is not a known scheme), 122.
#[no_mangle]
pub unsafe extern "C" fn rinet_create_url(
    components: *const rinet_url_components,
    flags: u32,
    url: *mut c_char,
    url_len: *mut u32,
) -> u32 {
    guard(|| {
        create_url::<Ansi>(
            components as *const UrlComponentsOf<u8>,
            flags,
            url as *mut u8,
            url_len,
        )
    })
}

/// rinet_create_url with UTF-16 strings (WinInet's InternetCreateUrlW where `wchar_t` is 2
/// bytes): `components` (a rinet_url_components_w16, lengths in characters), `flags`, `url` and
/// `*url_len` as there, except that the size needed, reported with 122, counts BYTES (NUL
/// included), as WinInet's InternetCreateUrlW does; `*url_len` is otherwise in characters.
/// Characters above U+00FF that ICU_ESCAPE escapes are written as percent-encoded UTF-8. Runs on
/// the calling thread; never pends. Errors: those of rinet_create_url, and 87 for text that is
/// not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_create_url_w16(
    components: *const rinet_url_components_w16,
    flags: u32,
    url: *mut u16,
    url_len: *mut u32,
) -> u32 {
    guard(|| {
        create_url::<Utf16>(
            components as *const UrlComponentsOf<u16>,
            flags,
            url,
            url_len,
        )
    })
}

/// rinet_create_url_w16 (`components`, a rinet_url_components_w32; `flags`; `url`; `url_len`)
/// with UTF-32 strings (`wchar_t` of 4 bytes). Runs on the calling thread; never pends.
/// Errors: those of rinet_create_url, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_create_url_w32(
    components: *const rinet_url_components_w32,
    flags: u32,
    url: *mut u32,
    url_len: *mut u32,
) -> u32 {
    guard(|| {
        create_url::<Utf32>(
            components as *const UrlComponentsOf<u32>,
            flags,
            url,
            url_len,
        )
    })
}

fn create_url<E: Encoding>(
    components: *const UrlComponentsOf<E::Unit>,
    flags: u32,
    url: *mut E::Unit,
    url_len: *mut u32,
) -> Result<Done, Error> {
    if components.is_null() || url_len.is_null() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: non-NULL; the caller passes a structure starting with dwStructSize.
    let size = unsafe { read_u32(components as *const u32) };
    if size as usize != size_of::<UrlComponentsOf<E::Unit>>() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: non-NULL, and dwStructSize says the whole structure is there.
    let uc = unsafe { components.read_unaligned() };
    // SAFETY: each non-NULL part points to its length in units, or to a NUL-terminated
    // string when its length is 0 (the caller's contract).
    let texts = unsafe {
        [
            part::<E>(uc.lpszScheme, uc.dwSchemeLength)?,
            part::<E>(uc.lpszHostName, uc.dwHostNameLength)?,
            part::<E>(uc.lpszUserName, uc.dwUserNameLength)?,
            part::<E>(uc.lpszPassword, uc.dwPasswordLength)?,
            part::<E>(uc.lpszUrlPath, uc.dwUrlPathLength)?,
            part::<E>(uc.lpszExtraInfo, uc.dwExtraInfoLength)?,
        ]
    };
    let all: Vec<&str> = texts.iter().flatten().map(String::as_str).collect();
    let url_text = UrlText::new(&all)?;
    let narrowed = texts
        .each_ref()
        .map(|t| t.as_deref().map(|t| url_text.narrow::<E>(t).0));
    let bytes = |i: usize| narrowed[i].as_deref();
    let parts = UrlParts {
        scheme: bytes(0),
        scheme_number: uc.nScheme,
        host: bytes(1),
        port: uc.nPort,
        user: bytes(2),
        password: bytes(3),
        path: bytes(4),
        extra: bytes(5),
    };
    let created = url::create(&parts, flags)?;
    let out = E::encode(&url_text.widen(&created));
    // SAFETY: `url_len` is non-NULL; `url` is NULL or holds `*url_len` units.
    unsafe { args::put_text::<E>(args::CREATE_URL, url as *mut c_void, url_len, &out) }
}

/// Canonicalize a URL (WinInet's InternetCanonicalizeUrlA).
///
/// - `url`: a NUL-terminated URL. Borrowed for the call.
/// - `buffer`, `buffer_len`: the caller's buffer and its size in characters (NUL included).
/// - `flags`: RINET_ICU_* (below). 0 escapes unsafe characters and resolves `.` and `..`.
///
/// Leading and trailing spaces and control characters are dropped. RINET_ICU_DECODE first
/// unescapes `%XX` (not after the first `?` or `#` with RINET_ICU_BROWSER_MODE). For http and
/// https, `\` becomes `/` before the query. Unless RINET_ICU_NO_META, `.` and `..`
/// path segments are resolved (a `..` never climbs above the host; a path whose first segment
/// is `.` or `..` is kept as it is); `http://host` becomes `http://host/`. Unless
/// RINET_ICU_NO_ENCODE, unsafe characters of the path (controls, space, non-ASCII,
/// `"&<>[\]^`{|}`) become `%XX`, spaces only with RINET_ICU_ENCODE_SPACES_ONLY; the authority,
/// query and fragment are never escaped. RINET_ICU_ENCODE_PERCENT also escapes `%` as `%25`.
/// RINET_ICU_ESCAPE is ignored.
///
/// A `file:` URL gets WinInet's Windows form: `file:///C:/a/../x` gives `file://C:\x`,
/// `file://host/x` gives `file://\\host\x`, `file:///etc/x` gives `file://\etc\x`; a `..` with
/// nothing left to remove is kept, the query is left as it is, and a `#` starts the fragment
/// only after a name ending in `.htm` or `.html`. Unless RINET_ICU_NO_ENCODE that form is then
/// escaped: `\` becomes `/`, a local path gets `file:///`, a drive or a host `file://`, and
/// unsafe characters and `#` become `%XX` up to the first `?` (`file:///C:/a b` gives
/// `file://C:/a%20b`).
///
/// Runs on the calling thread; never pends. On success the result and a NUL are written and
/// `*buffer_len` is its length without the NUL. When `*buffer_len` is too small (room for the
/// NUL included) the call fails with 122 and `*buffer_len` is the size needed, NUL included.
/// Errors: 87 (NULL `url`, `buffer` or `buffer_len`), 12005 (the URL is empty or only
/// spaces), 122.
#[no_mangle]
pub unsafe extern "C" fn rinet_canonicalize_url(
    url: *const c_char,
    buffer: *mut c_char,
    buffer_len: *mut u32,
    flags: u32,
) -> u32 {
    guard(|| canonicalize_url::<Ansi>(url as *const u8, buffer as *mut u8, buffer_len, flags))
}

/// rinet_canonicalize_url with UTF-16 strings (WinInet's InternetCanonicalizeUrlW where
/// `wchar_t` is 2 bytes): `url`, `buffer`, `buffer_len` (in characters) and `flags` as there.
/// Characters above U+00FF that the rules escape are written as percent-encoded UTF-8. Runs on
/// the calling thread; never pends. Errors: those of rinet_canonicalize_url, and 87 for text
/// that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_canonicalize_url_w16(
    url: *const u16,
    buffer: *mut u16,
    buffer_len: *mut u32,
    flags: u32,
) -> u32 {
    guard(|| canonicalize_url::<Utf16>(url, buffer, buffer_len, flags))
}

/// rinet_canonicalize_url_w16 (`url`, `buffer`, `buffer_len` in characters, `flags`) with
/// UTF-32 strings (`wchar_t` of 4 bytes). Runs on the calling thread; never pends. Errors:
/// those of rinet_canonicalize_url, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_canonicalize_url_w32(
    url: *const u32,
    buffer: *mut u32,
    buffer_len: *mut u32,
    flags: u32,
) -> u32 {
    guard(|| canonicalize_url::<Utf32>(url, buffer, buffer_len, flags))
}

fn canonicalize_url<E: Encoding>(
    url: *const E::Unit,
    buffer: *mut E::Unit,
    buffer_len: *mut u32,
    flags: u32,
) -> Result<Done, Error> {
    if url.is_null() || buffer.is_null() || buffer_len.is_null() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: non-NULL and NUL-terminated (the caller's contract).
    let text = E::decode(unsafe { args::units_to_nul(url) })?;
    let url_text = UrlText::new(&[&text])?;
    let canonical = url::canonicalize(&url_text.narrow::<E>(&text).0, flags)?;
    let out = E::encode(&url_text.widen(&canonical));
    // SAFETY: both non-NULL; `buffer` holds `*buffer_len` units (the caller's contract).
    unsafe { args::put_text::<E>(args::CHARS, buffer as *mut c_void, buffer_len, &out) }
}

/// Format a time as an HTTP date (WinInet's InternetTimeFromSystemTimeA):
/// `Fri, 07 Jan 2005 12:06:35 GMT`.
///
/// - `st`: the time, in UTC. The day name is computed from the date (`wDayOfWeek` is not
///   read); `wMilliseconds` is ignored. Borrowed for the call.
/// - `rfc`: must be RINET_RFC1123_FORMAT (0), else 87.
/// - `buffer`, `buffer_len`: the caller's buffer and its size in bytes; at least
///   RINET_RFC1123_BUFSIZE (30), more for a year beyond 9999.
///
/// Runs on the calling thread; never pends. On success the date and a NUL are written.
/// Errors: 87 (NULL `st` or `buffer`, `rfc` not 0, a date or time that does not exist: month
/// 13, 30 February, hour 24, year 0, ...), 122 (`buffer_len` below 30, or too small for the
/// date and its NUL; the buffer is not written).
#[no_mangle]
pub unsafe extern "C" fn rinet_time_from_system_time(
    st: *const rinet_system_time,
    rfc: u32,
    buffer: *mut c_char,
    buffer_len: u32,
) -> u32 {
    guard(|| time_from_system_time::<Ansi>(st, rfc, buffer as *mut u8, buffer_len))
}

/// rinet_time_from_system_time writing UTF-16 (WinInet's InternetTimeFromSystemTimeW where
/// `wchar_t` is 2 bytes): `st` and `rfc` as there; `buffer_len` is the buffer's size in BYTES,
/// at least RINET_RFC1123_BUFSIZE characters (60 bytes). Runs on the calling thread; never
/// pends. Errors: those of rinet_time_from_system_time (122 below 60 bytes).
#[no_mangle]
pub unsafe extern "C" fn rinet_time_from_system_time_w16(
    st: *const rinet_system_time,
    rfc: u32,
    buffer: *mut u16,
    buffer_len: u32,
) -> u32 {
    guard(|| time_from_system_time::<Utf16>(st, rfc, buffer, buffer_len))
}

/// rinet_time_from_system_time_w16 (`st`, `rfc`, `buffer`, `buffer_len` in bytes, at least 120)
/// writing UTF-32 (`wchar_t` of 4 bytes). Runs on the calling thread; never pends. Errors:
/// those of rinet_time_from_system_time (122 below 120 bytes).
#[no_mangle]
pub unsafe extern "C" fn rinet_time_from_system_time_w32(
    st: *const rinet_system_time,
    rfc: u32,
    buffer: *mut u32,
    buffer_len: u32,
) -> u32 {
    guard(|| time_from_system_time::<Utf32>(st, rfc, buffer, buffer_len))
}

fn time_from_system_time<E: Encoding>(
    st: *const rinet_system_time,
    rfc: u32,
    buffer: *mut E::Unit,
    buffer_len: u32,
) -> Result<Done, Error> {
    if st.is_null() || buffer.is_null() || rfc != RINET_RFC1123_FORMAT {
        return Err(Error::InvalidParameter);
    }
    let units = buffer_len as usize / E::UNIT;
    if units < RINET_RFC1123_BUFSIZE as usize {
        return Err(Error::InsufficientBuffer);
    }
    // SAFETY: non-NULL; the caller passes a SYSTEMTIME.
    let t = SystemTime16::from(unsafe { st.read_unaligned() });
    if !t.is_valid() {
        return Err(Error::InvalidParameter);
    }
    let text = E::encode(&date::format_rfc1123(&t));
    if text.len() + 1 > units {
        return Err(Error::InsufficientBuffer);
    }
    // SAFETY: `buffer` holds `buffer_len` bytes, room for the text and its NUL.
    unsafe { args::copy_out(buffer, &text) };
    Ok(Done::Now)
}

/// Parse an HTTP date (WinInet's InternetTimeToSystemTimeA).
///
/// - `time`: a NUL-terminated date. RFC 1123 (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850
///   (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) are read, as
///   leniently as WinInet reads them: any non-alphanumeric characters separate fields, names
///   ignore case and need only their first three letters, the month may be a number
///   (`07-01-2005`), the weekday may be missing or a digit and a comma, the time of day may be
///   missing in the RFC layouts, and anything after the time (`GMT`, `UTC`, ...) is ignored. A
///   one- or two-digit year is 1980 to 2079. Borrowed for the call.
/// - `out`: receives the time (UTC). `wDayOfWeek` is computed from the date; `wMilliseconds`
///   is 0. Text that stops short of a date (`Fr`, `Fri, 07 Jan`, an empty string) succeeds, as
///   in WinInet: `out` gets the current UTC time with the fields the text holds put in their
///   place (weekday, day, month, year, hour, minute, second, in the order of the text's
///   layout; the first field missing or out of range ends the reading). Written on success.
/// - `reserved`: must be 0; ignored.
///
/// Runs on the calling thread; never pends. Errors: 87 (NULL `time` or `out`).
#[no_mangle]
pub unsafe extern "C" fn rinet_time_to_system_time(
    time: *const c_char,
    out: *mut rinet_system_time,
    reserved: u32,
) -> u32 {
    guard(|| time_to_system_time::<Ansi>(time as *const u8, out, reserved))
}

/// rinet_time_to_system_time reading UTF-16 (WinInet's InternetTimeToSystemTimeW where
/// `wchar_t` is 2 bytes): `time`, `out` and `reserved` as there. Runs on the calling thread;
/// never pends. Errors: those of rinet_time_to_system_time, and 87 for text that is not valid
/// UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_time_to_system_time_w16(
    time: *const u16,
    out: *mut rinet_system_time,
    reserved: u32,
) -> u32 {
    guard(|| time_to_system_time::<Utf16>(time, out, reserved))
}

/// rinet_time_to_system_time_w16 (`time`, `out`, `reserved`) reading UTF-32 (`wchar_t` of 4
/// bytes). Runs on the calling thread; never pends. Errors: those of
/// rinet_time_to_system_time, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_time_to_system_time_w32(
    time: *const u32,
    out: *mut rinet_system_time,
    reserved: u32,
) -> u32 {
    guard(|| time_to_system_time::<Utf32>(time, out, reserved))
}

fn time_to_system_time<E: Encoding>(
    time: *const E::Unit,
    out: *mut rinet_system_time,
    reserved: u32,
) -> Result<Done, Error> {
    let _ = reserved;
    if time.is_null() || out.is_null() {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: non-NULL and NUL-terminated (the caller's contract).
    let text = E::decode(unsafe { args::units_to_nul(time) })?;
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let now = date::from_unix_seconds(since_epoch.as_secs(), since_epoch.subsec_millis() as u16);
    let t = date::parse_http_date_or(&text, now);
    // SAFETY: non-NULL; the caller passes room for a SYSTEMTIME.
    unsafe { out.write_unaligned(t.into()) };
    Ok(Done::Now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::{CStr, CString};
    use std::ptr::null_mut;

    fn empty() -> rinet_url_components {
        rinet_url_components {
            dwStructSize: size_of::<rinet_url_components>() as u32,
            lpszScheme: null_mut(),
            dwSchemeLength: 0,
            nScheme: 0,
            lpszHostName: null_mut(),
            dwHostNameLength: 0,
            nPort: 0,
            lpszUserName: null_mut(),
            dwUserNameLength: 0,
            lpszPassword: null_mut(),
            dwPasswordLength: 0,
            lpszUrlPath: null_mut(),
            dwUrlPathLength: 0,
            lpszExtraInfo: null_mut(),
            dwExtraInfoLength: 0,
        }
    }

    #[test]
    fn flag_values_match_the_core() {
        assert_eq!(RINET_ICU_ESCAPE, url::ICU_ESCAPE);
        assert_eq!(RINET_ICU_NO_ENCODE, url::ICU_NO_ENCODE);
        assert_eq!(RINET_ICU_DECODE, url::ICU_DECODE);
        assert_eq!(RINET_ICU_NO_META, url::ICU_NO_META);
        assert_eq!(RINET_ICU_ENCODE_SPACES_ONLY, url::ICU_ENCODE_SPACES_ONLY);
        assert_eq!(RINET_ICU_BROWSER_MODE, url::ICU_BROWSER_MODE);
        assert_eq!(RINET_ICU_ENCODE_PERCENT, url::ICU_ENCODE_PERCENT);
        assert_eq!(RINET_SCHEME_RES, url::Scheme::Res.number());
        assert_eq!(RINET_SCHEME_UNKNOWN, url::Scheme::Unknown.number());
    }

    #[test]
    fn the_three_url_components_share_one_layout() {
        use std::mem::{align_of, offset_of};
        macro_rules! same {
            ($t:ty, $g:ty) => {
                assert_eq!(size_of::<$t>(), size_of::<$g>());
                assert_eq!(align_of::<$t>(), align_of::<$g>());
                assert_eq!(offset_of!($t, nScheme), offset_of!($g, nScheme));
                assert_eq!(offset_of!($t, nPort), offset_of!($g, nPort));
                assert_eq!(offset_of!($t, lpszHostName), offset_of!($g, lpszHostName));
                assert_eq!(offset_of!($t, lpszExtraInfo), offset_of!($g, lpszExtraInfo));
                assert_eq!(
                    offset_of!($t, dwExtraInfoLength),
                    offset_of!($g, dwExtraInfoLength)
                );
            };
        }
        same!(rinet_url_components, UrlComponentsOf<u8>);
        same!(rinet_url_components_w16, UrlComponentsOf<u16>);
        same!(rinet_url_components_w32, UrlComponentsOf<u32>);
        same!(rinet_url_components, rinet_url_components_w32);
    }

    #[test]
    fn wide_cracking_counts_units_and_points_into_the_input() {
        let url: Vec<u16> = "http://h\u{e9}/\u{1F600}x?q\0".encode_utf16().collect();
        let mut uc = UrlComponentsOf::<u16> {
            dwStructSize: size_of::<UrlComponentsOf<u16>>() as u32,
            lpszScheme: std::ptr::null_mut(),
            dwSchemeLength: 0,
            nScheme: 0,
            lpszHostName: std::ptr::null_mut(),
            dwHostNameLength: 1,
            nPort: 0,
            lpszUserName: std::ptr::null_mut(),
            dwUserNameLength: 0,
            lpszPassword: std::ptr::null_mut(),
            dwPasswordLength: 0,
            lpszUrlPath: std::ptr::null_mut(),
            dwUrlPathLength: 1,
            lpszExtraInfo: std::ptr::null_mut(),
            dwExtraInfoLength: 1,
        };
        assert_eq!(
            crack_url::<Utf16>(url.as_ptr(), 0, 0, &mut uc),
            Ok(Done::Now)
        );
        let base = url.as_ptr() as usize;
        assert_eq!(
            ((uc.lpszHostName as usize - base) / 2, uc.dwHostNameLength),
            (7, 2)
        );
        // The path "/" and the emoji (two UTF-16 units) and "x".
        assert_eq!(
            ((uc.lpszUrlPath as usize - base) / 2, uc.dwUrlPathLength),
            (9, 4)
        );
        assert_eq!(
            ((uc.lpszExtraInfo as usize - base) / 2, uc.dwExtraInfoLength),
            (13, 2)
        );
        let bad: Vec<u16> = vec![0x68, 0xD800, 0];
        assert_eq!(
            crack_url::<Utf16>(bad.as_ptr(), 0, 0, &mut uc),
            Err(Error::InvalidParameter)
        );
    }

    #[test]
    fn layouts() {
        use std::mem::{align_of, offset_of};
        assert_eq!(size_of::<rinet_system_time>(), 16);
        assert_eq!(offset_of!(rinet_system_time, wMilliseconds), 14);
        let p = size_of::<*mut c_char>();
        assert_eq!(offset_of!(rinet_url_components, lpszScheme), p);
        assert_eq!(offset_of!(rinet_url_components, nScheme), 2 * p + 4);
        assert_eq!(offset_of!(rinet_url_components, nPort), 3 * p + 12);
        assert_eq!(
            size_of::<rinet_url_components>() % align_of::<*mut c_char>(),
            0
        );
    }

    #[test]
    fn crack_points_into_the_input() {
        let url = CString::new("http://u:p@host:81/a/b?c#d").unwrap();
        let mut uc = empty();
        uc.dwSchemeLength = 1;
        uc.dwHostNameLength = 1;
        uc.dwUserNameLength = 1;
        uc.dwPasswordLength = 1;
        uc.dwUrlPathLength = 1;
        uc.dwExtraInfoLength = 1;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_crack_url(url.as_ptr(), 0, 0, &mut uc) }, 0);
        let base = url.as_ptr() as usize;
        assert_eq!((uc.lpszScheme as usize - base, uc.dwSchemeLength), (0, 4));
        assert_eq!(
            (uc.lpszUserName as usize - base, uc.dwUserNameLength),
            (7, 1)
        );
        assert_eq!(
            (uc.lpszPassword as usize - base, uc.dwPasswordLength),
            (9, 1)
        );
        assert_eq!(
            (uc.lpszHostName as usize - base, uc.dwHostNameLength),
            (11, 4)
        );
        assert_eq!(
            (uc.lpszUrlPath as usize - base, uc.dwUrlPathLength),
            (18, 4)
        );
        assert_eq!(
            (uc.lpszExtraInfo as usize - base, uc.dwExtraInfoLength),
            (22, 4)
        );
        assert_eq!((uc.nScheme, uc.nPort), (RINET_SCHEME_HTTP, 81));
    }

    #[test]
    fn crack_copies_and_sizes() {
        let url = CString::new("http://host/a%20b?q").unwrap();
        let mut path = [0x55 as c_char; 8];
        let mut uc = empty();
        uc.lpszUrlPath = path.as_mut_ptr();
        uc.dwUrlPathLength = 8;
        // The path with the query is 8 characters: no room for the NUL.
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_crack_url(url.as_ptr(), 0, 0, &mut uc) }, 122);
        assert_eq!(uc.dwUrlPathLength, 9);
        assert_eq!(path[0], 0x55);
        // Decoded, it is 6 characters and fits.
        uc.dwUrlPathLength = 8;
        uc.dwExtraInfoLength = 0;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_crack_url(url.as_ptr(), 0, RINET_ICU_DECODE, &mut uc) },
            0
        );
        assert_eq!(uc.dwUrlPathLength, 6);
        let got: Vec<u8> = path[..8].iter().map(|&c| c as u8).collect();
        assert_eq!(&got, b"/a b?q\0\x55");
        // Decoding needs buffers.
        uc.dwHostNameLength = 1;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_crack_url(url.as_ptr(), 0, RINET_ICU_DECODE, &mut uc) },
            87
        );
        // Nothing asked for.
        let mut none = empty();
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_crack_url(url.as_ptr(), 0, 0, &mut none) },
            87
        );
        none.dwStructSize += 1;
        none.dwHostNameLength = 1;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_crack_url(url.as_ptr(), 0, 0, &mut none) },
            87
        );
        assert_eq!(super::super::boundary::last_error(), 87);
    }

    #[test]
    fn dates_round_trip_through_c_types() {
        let text = CString::new("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let mut st = rinet_system_time::default();
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_time_to_system_time(text.as_ptr(), &mut st, 0) },
            0
        );
        assert_eq!(
            (st.wYear, st.wMonth, st.wDayOfWeek, st.wDay),
            (1994, 11, 0, 6)
        );
        let mut buf = [0 as c_char; 30];
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(
            unsafe { rinet_time_from_system_time(&st, 0, buf.as_mut_ptr(), 30) },
            0
        );
        // SAFETY: the call wrote a NUL-terminated string into `buf`.
        let back = unsafe { CStr::from_ptr(buf.as_ptr()) };
        assert_eq!(back.to_bytes(), text.as_bytes());
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_time_from_system_time(&st, 0, buf.as_mut_ptr(), 29) },
            122
        );
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_time_from_system_time(&st, 1, buf.as_mut_ptr(), 30) },
            87
        );
        st.wMonth = 13;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_time_from_system_time(&st, 0, buf.as_mut_ptr(), 30) },
            87
        );
    }
}
