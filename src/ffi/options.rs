//! set_option and query_option (WinInet's InternetSetOptionA / InternetQueryOptionA).

use std::ffi::c_void;
use std::mem::size_of;
use std::sync::Mutex;

use super::boundary::{guard, Done};
use super::handles;
use super::rinet_handle;
use crate::error::Error;
use crate::reactor::{HandleId, Kind, Timeouts};

/// INTERNET_OPTION_CALLBACK (query only).
pub const RINET_OPTION_CALLBACK: u32 = 1;
/// INTERNET_OPTION_CONNECT_TIMEOUT, milliseconds (default 60000; 0xFFFFFFFF: no limit).
pub const RINET_OPTION_CONNECT_TIMEOUT: u32 = 2;
/// INTERNET_OPTION_SEND_TIMEOUT, milliseconds (default 30000).
pub const RINET_OPTION_SEND_TIMEOUT: u32 = 5;
/// INTERNET_OPTION_RECEIVE_TIMEOUT, milliseconds (default 30000): bounds the wait for the
/// response head and for each pending read.
pub const RINET_OPTION_RECEIVE_TIMEOUT: u32 = 6;
/// INTERNET_OPTION_DATA_SEND_TIMEOUT, milliseconds.
pub const RINET_OPTION_DATA_SEND_TIMEOUT: u32 = 7;
/// INTERNET_OPTION_DATA_RECEIVE_TIMEOUT, milliseconds.
pub const RINET_OPTION_DATA_RECEIVE_TIMEOUT: u32 = 8;
/// INTERNET_OPTION_HANDLE_TYPE (query only): 1 session, 4 HTTP connect, 13 HTTP request.
pub const RINET_OPTION_HANDLE_TYPE: u32 = 9;
/// INTERNET_OPTION_CONTEXT_VALUE: the handle's DWORD_PTR context.
pub const RINET_OPTION_CONTEXT_VALUE: u32 = 45;

/// Timeouts set on the NULL handle: the defaults of sessions opened afterwards.
static GLOBAL: Mutex<Option<Timeouts>> = Mutex::new(None);

/// The defaults for a new session.
pub fn global_timeouts() -> Timeouts {
    GLOBAL
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or_default()
}

fn timeout_field(t: &mut Timeouts, option: u32) -> Option<&mut u32> {
    match option {
        RINET_OPTION_CONNECT_TIMEOUT => Some(&mut t.connect),
        RINET_OPTION_SEND_TIMEOUT => Some(&mut t.send),
        RINET_OPTION_RECEIVE_TIMEOUT => Some(&mut t.receive),
        RINET_OPTION_DATA_SEND_TIMEOUT => Some(&mut t.data_send),
        RINET_OPTION_DATA_RECEIVE_TIMEOUT => Some(&mut t.data_receive),
        _ => None,
    }
}

fn is_known(option: u32) -> bool {
    matches!(
        option,
        RINET_OPTION_CALLBACK
            | RINET_OPTION_CONNECT_TIMEOUT
            | RINET_OPTION_SEND_TIMEOUT
            | RINET_OPTION_RECEIVE_TIMEOUT
            | RINET_OPTION_DATA_SEND_TIMEOUT
            | RINET_OPTION_DATA_RECEIVE_TIMEOUT
            | RINET_OPTION_HANDLE_TYPE
            | RINET_OPTION_CONTEXT_VALUE
    )
}

/// Set an option on a handle, or globally with a NULL handle where WinInet allows it.
///
/// Supported: the timeouts (2, 5, 6, 7, 8; a DWORD of milliseconds; NULL handle sets the
/// default for sessions opened later; a handle's value is copied to handles created under it)
/// and CONTEXT_VALUE (45; a DWORD_PTR). Never pends.
/// Errors: 6, 87 (NULL buffer or size 0 for CONTEXT_VALUE), 12009 (unknown option),
/// 12010 (wrong size), 12011 (query-only option), 12018 (NULL handle for a per-handle option),
/// 160 (a connect timeout of 0).
#[no_mangle]
pub extern "C" fn rinet_set_option(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: u32,
) -> u32 {
    guard(|| {
        if !is_known(option) {
            return Err(Error::InvalidOption);
        }
        let h = handle as HandleId;
        if option == RINET_OPTION_CONTEXT_VALUE {
            if h == 0 {
                return Err(Error::IncorrectHandleType);
            }
            if buffer.is_null() || buffer_len == 0 {
                return Err(Error::InvalidParameter);
            }
            let value = match buffer_len as usize {
                // SAFETY: the caller passes `buffer_len` readable bytes.
                n if n >= size_of::<usize>() => unsafe {
                    (buffer as *const usize).read_unaligned()
                },
                // SAFETY: as above, a DWORD.
                n if n >= 4 => unsafe { (buffer as *const u32).read_unaligned() as usize },
                _ => return Err(Error::BadOptionLength),
            };
            let entry = handles::lookup(h)?;
            let mut st = entry.session.lock();
            let node = st
                .nodes
                .get_mut(&h)
                .filter(|n| !n.closed)
                .ok_or(Error::InvalidHandle)?;
            node.context = value;
            return Ok(Done::Now);
        }
        if matches!(option, RINET_OPTION_CALLBACK | RINET_OPTION_HANDLE_TYPE) {
            if h == 0 {
                return Err(Error::IncorrectHandleType);
            }
            handles::lookup(h)?;
            return Err(Error::OptionNotSettable);
        }
        if buffer.is_null() {
            return Err(Error::InvalidParameter);
        }
        if buffer_len != 4 {
            return Err(Error::BadOptionLength);
        }
        // SAFETY: four readable bytes (checked length).
        let value = unsafe { (buffer as *const u32).read_unaligned() };
        if option == RINET_OPTION_CONNECT_TIMEOUT && value == 0 {
            return Err(Error::BadArguments);
        }
        if h == 0 {
            let mut g = GLOBAL.lock().unwrap_or_else(|e| e.into_inner());
            let mut t = g.unwrap_or_default();
            if let Some(f) = timeout_field(&mut t, option) {
                *f = value;
            }
            *g = Some(t);
            return Ok(Done::Now);
        }
        let entry = handles::lookup(h)?;
        let mut st = entry.session.lock();
        let node = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .ok_or(Error::InvalidHandle)?;
        if let Some(f) = timeout_field(&mut node.timeouts, option) {
            *f = value;
        }
        Ok(Done::Now)
    })
}

/// Write `bytes` to the caller's option buffer, or say how large it must be (122).
fn put(buffer: *mut c_void, buffer_len: *mut u32, bytes: &[u8]) -> Result<Done, Error> {
    // SAFETY: `buffer_len` was checked non-NULL by the caller of this helper.
    let have = unsafe { buffer_len.read_unaligned() } as usize;
    if buffer.is_null() || have < bytes.len() {
        // SAFETY: as above.
        unsafe { buffer_len.write_unaligned(bytes.len() as u32) };
        return Err(Error::InsufficientBuffer);
    }
    // SAFETY: `buffer` has at least `have >= bytes.len()` writable bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), buffer as *mut u8, bytes.len());
        buffer_len.write_unaligned(bytes.len() as u32);
    }
    Ok(Done::Now)
}

/// Query an option of a handle (or a global one with a NULL handle).
///
/// `*buffer_len` is the buffer's size on input and the size written on output; when the buffer
/// is NULL or too small, 122 with `*buffer_len` = the size needed. Supported: CALLBACK (1), the
/// timeouts (2, 5, 6, 7, 8), HANDLE_TYPE (9: 1 session, 4 connect, 13 request) and
/// CONTEXT_VALUE (45). Never pends. Errors: 6, 87 (NULL `buffer_len`), 122, 12009, 12018.
#[no_mangle]
pub extern "C" fn rinet_query_option(
    handle: rinet_handle,
    option: u32,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> u32 {
    guard(|| {
        if buffer_len.is_null() {
            return Err(Error::InvalidParameter);
        }
        if !is_known(option) {
            return Err(Error::InvalidOption);
        }
        let h = handle as HandleId;
        if h == 0 {
            let mut t = global_timeouts();
            return match timeout_field(&mut t, option) {
                Some(v) => put(buffer, buffer_len, &v.to_ne_bytes()),
                None => Err(Error::IncorrectHandleType),
            };
        }
        let entry = handles::lookup(h)?;
        let mut st = entry.session.lock();
        let node = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .ok_or(Error::InvalidHandle)?;
        match option {
            RINET_OPTION_CONTEXT_VALUE => put(buffer, buffer_len, &node.context.to_ne_bytes()),
            RINET_OPTION_CALLBACK => put(buffer, buffer_len, &node.callback.to_ne_bytes()),
            RINET_OPTION_HANDLE_TYPE => {
                let t: u32 = match entry.kind {
                    Kind::Session => 1,
                    Kind::Connect => 4,
                    Kind::Request => 13,
                };
                put(buffer, buffer_len, &t.to_ne_bytes())
            }
            _ => {
                let v = *timeout_field(&mut node.timeouts, option).ok_or(Error::InvalidOption)?;
                put(buffer, buffer_len, &v.to_ne_bytes())
            }
        }
    })
}
