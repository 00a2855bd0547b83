// SPDX-License-Identifier: MIT OR Apache-2.0
//! The status callback type and the laying out of notification payloads.

use std::ffi::c_void;
use std::mem::size_of;

use super::rinet_handle;
use crate::reactor::{Callback, HandleId, Info, Note};

/// A status callback, ABI-identical to WinInet's INTERNET_STATUS_CALLBACK:
/// `void callback(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD info_len)`.
///
/// It runs on the session's reactor thread for network progress, and on the calling thread for
/// notifications WinInet sends inside a call (HANDLE_CREATED, a synchronous write's
/// SENDING_REQUEST and REQUEST_SENT, RECEIVING_RESPONSE before a read pends, and the
/// notifications of a close). In a synchronous session every callback runs on the thread that
/// made the call. No rinet lock is held while it runs, and it may call any rinet function.
/// `info` is valid only during the call.
#[allow(non_camel_case_types)]
pub type rinet_status_callback = Option<
    unsafe extern "C" fn(
        handle: rinet_handle,
        context: usize,
        status: u32,
        info: *mut c_void,
        info_len: u32,
    ),
>;

/// WinInet's INTERNET_ASYNC_RESULT: the payload of REQUEST_COMPLETE.
#[allow(non_snake_case, non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct rinet_async_result {
    /// 1 (TRUE) on success, 0 on failure; for HANDLE_CREATED, the new handle.
    pub dwResult: usize,
    /// 0 on success, else the error code; for a completed data-available query, the byte count.
    pub dwError: u32,
}

/// How a callback's string payloads are laid out ([`Callback::flavor`]): registered through
/// the ANSI entry point, strings are bytes with their NUL.
pub const FLAVOR_ANSI: u8 = 0;
/// Registered through the wide entry point where `wchar_t` is 2 bytes: RESOLVING_NAME and
/// REDIRECT carry UTF-16 with its NUL.
pub const FLAVOR_UTF16: u8 = 1;
/// Registered through the wide entry point where `wchar_t` is 4 bytes: RESOLVING_NAME and
/// REDIRECT carry UTF-32 with its NUL.
pub const FLAVOR_UTF32: u8 = 2;

/// Store a callback for the core, with the flavour of the entry point that registered it.
pub fn to_core(cb: rinet_status_callback, flavor: u8) -> Callback {
    match cb {
        Some(f) => Callback {
            addr: f as usize,
            flavor,
        },
        None => Callback::NONE,
    }
}

/// Turn a stored callback back into the C function pointer.
pub fn from_core(cb: Callback) -> rinet_status_callback {
    if cb.is_none() {
        None
    } else {
        // SAFETY: non-zero addresses stored by the core come only from `to_core` on a valid
        // function pointer of exactly this type.
        Some(unsafe {
            std::mem::transmute::<
                usize,
                unsafe extern "C" fn(rinet_handle, usize, u32, *mut c_void, u32),
            >(cb.addr)
        })
    }
}

/// A string payload as the callback's flavour lays it out, NUL included. As in WinInet, a
/// callback registered wide gets RESOLVING_NAME (the host name) and REDIRECT (the new URL) as
/// wide strings, their length in bytes; NAME_RESOLVED, CONNECTING_TO_SERVER and
/// CONNECTED_TO_SERVER (an IP address) are ANSI strings whichever way the callback was
/// registered.
fn text_payload(s: &str, flavor: u8, status: u32) -> Vec<u8> {
    use super::args::{Ansi, Encoding, Utf16, Utf32};
    fn laid_out<E: Encoding>(s: &str) -> Vec<u8> {
        let mut units = E::encode(s);
        units.push(E::Unit::default());
        let mut bytes = Vec::with_capacity(units.len() * E::UNIT);
        for u in units {
            let v: u32 = u.into();
            match E::UNIT {
                1 => bytes.push(v as u8),
                2 => bytes.extend_from_slice(&(v as u16).to_ne_bytes()),
                _ => bytes.extend_from_slice(&v.to_ne_bytes()),
            }
        }
        bytes
    }
    let wide_status = matches!(
        status,
        crate::reactor::status::RESOLVING_NAME | crate::reactor::status::REDIRECT
    );
    match flavor {
        FLAVOR_UTF16 if wide_status => laid_out::<Utf16>(s),
        FLAVOR_UTF32 if wide_status => laid_out::<Utf32>(s),
        _ => laid_out::<Ansi>(s),
    }
}

/// Lay out `note` as WinInet does and call the callback at `cb`.
pub fn deliver(cb: Callback, h: HandleId, context: usize, note: &Note) {
    let Some(f) = from_core(cb) else {
        return;
    };
    let handle = h as rinet_handle;
    let status = note.status;
    if let (100, Info::Result { result, error }) = (status, &note.info) {
        // A failure completes with result 0 (a success's dwError can be a byte count).
        super::info::note_completion(h, if *result == 0 { *error } else { 0 });
    }
    // SAFETY (each call below): `f` is the application's callback; every payload pointer
    // points to a local that outlives the call, with the length WinInet documents.
    match &note.info {
        Info::None => unsafe { f(handle, context, status, std::ptr::null_mut(), 0) },
        Info::Dword(v) => {
            let mut v = *v;
            unsafe {
                f(
                    handle,
                    context,
                    status,
                    &mut v as *mut u32 as *mut c_void,
                    4,
                )
            }
        }
        Info::Text(s) => {
            // A private copy: the callback may write into it.
            let mut bytes = text_payload(s, cb.flavor, status);
            let len = bytes.len() as u32;
            unsafe {
                f(
                    handle,
                    context,
                    status,
                    bytes.as_mut_ptr() as *mut c_void,
                    len,
                )
            }
        }
        Info::Result { result, error } => {
            let mut r = rinet_async_result {
                dwResult: *result,
                dwError: *error,
            };
            let len = size_of::<rinet_async_result>() as u32;
            unsafe {
                f(
                    handle,
                    context,
                    status,
                    &mut r as *mut rinet_async_result as *mut c_void,
                    len,
                )
            }
        }
        Info::Created => {
            let mut r = rinet_async_result {
                dwResult: h,
                dwError: 0,
            };
            let len = size_of::<rinet_handle>() as u32;
            unsafe {
                f(
                    handle,
                    context,
                    status,
                    &mut r as *mut rinet_async_result as *mut c_void,
                    len,
                )
            }
        }
        Info::Closing => {
            let mut v = handle;
            let len = size_of::<rinet_handle>() as u32;
            unsafe {
                f(
                    handle,
                    context,
                    status,
                    &mut v as *mut rinet_handle as *mut c_void,
                    len,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reactor::status;

    #[test]
    fn wide_callbacks_get_wide_names_and_ansi_addresses() {
        let host = "h\u{e9}";
        assert_eq!(
            text_payload(host, FLAVOR_ANSI, status::RESOLVING_NAME),
            b"h\xe9\0"
        );
        let w16: Vec<u8> = [0x68u16, 0xe9, 0]
            .iter()
            .flat_map(|u| u.to_ne_bytes())
            .collect();
        assert_eq!(
            text_payload(host, FLAVOR_UTF16, status::RESOLVING_NAME),
            w16
        );
        let w32: Vec<u8> = [0x68u32, 0xe9, 0]
            .iter()
            .flat_map(|u| u.to_ne_bytes())
            .collect();
        assert_eq!(text_payload(host, FLAVOR_UTF32, status::REDIRECT), w32);
        for s in [
            status::NAME_RESOLVED,
            status::CONNECTING_TO_SERVER,
            status::CONNECTED_TO_SERVER,
        ] {
            assert_eq!(text_payload("127.0.0.1", FLAVOR_UTF16, s), b"127.0.0.1\0");
            assert_eq!(text_payload("127.0.0.1", FLAVOR_UTF32, s), b"127.0.0.1\0");
        }
    }
}
