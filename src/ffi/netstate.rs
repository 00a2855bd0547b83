// SPDX-License-Identifier: MIT OR Apache-2.0
//! The host's connection to the network: get_connected_state (WinInet's
//! InternetGetConnectedState and InternetGetConnectedStateEx) and check_connection
//! (InternetCheckConnection).
//!
//! rinet reports one connection, a LAN connection named "LAN Connection", and reports it as
//! connected when the host has a network interface other than loopback that is up and has an
//! address (IPv4, or IPv6 other than link-local), as `getifaddrs` lists them. A host with only
//! loopback is offline, as Windows is without a network adapter: a program that checks first
//! then says so instead of trying. rinet has no dial-up (RAS) connections, so the
//! INTERNET_CONNECTION_MODEM, INTERNET_CONNECTION_CONFIGURED and INTERNET_RAS_INSTALLED bits are
//! never set; INTERNET_CONNECTION_PROXY is set when the preconfigured settings (the
//! environment's, or those set with INTERNET_OPTION_PER_CONNECTION_OPTION on the NULL handle)
//! name a proxy.

use std::ffi::c_char;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use super::args::{self, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use crate::error::Error;
use crate::http::url::{crack, UrlError};

/// INTERNET_CONNECTION_LAN.
const CONNECTION_LAN: u32 = 0x02;
/// INTERNET_CONNECTION_PROXY.
const CONNECTION_PROXY: u32 = 0x04;
/// FLAG_ICC_FORCE_CONNECTION.
const ICC_FORCE_CONNECTION: u32 = 0x01;
/// The name of rinet's one connection.
const LAN_NAME: &str = "LAN Connection";

/// True when an interface other than loopback is up and has a usable address.
fn has_network() -> bool {
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs writes a list head into `list` on success; it is freed below.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return false;
    }
    let mut found = false;
    let mut at = list;
    while !at.is_null() {
        // SAFETY: `at` is a node of the list getifaddrs returned, not yet freed.
        let ifa = unsafe { &*at };
        at = ifa.ifa_next;
        let flags = ifa.ifa_flags;
        if flags & libc::IFF_UP as u32 == 0
            || flags & libc::IFF_LOOPBACK as u32 != 0
            || ifa.ifa_addr.is_null()
        {
            continue;
        }
        // SAFETY: ifa_addr is non-NULL and points to a sockaddr of the family it names.
        let family = unsafe { (*ifa.ifa_addr).sa_family } as i32;
        if family == libc::AF_INET {
            found = true;
        } else if family == libc::AF_INET6 {
            // SAFETY: an AF_INET6 address is a sockaddr_in6.
            let a6 = unsafe { &*(ifa.ifa_addr as *const libc::sockaddr_in6) };
            let ip = std::net::Ipv6Addr::from(a6.sin6_addr.s6_addr);
            let link_local = ip.segments()[0] & 0xffc0 == 0xfe80;
            found |= !link_local && !ip.is_loopback();
        }
        if found {
            break;
        }
    }
    // SAFETY: `list` came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(list) };
    found
}

/// The INTERNET_CONNECTION_* flags of the host.
fn connection_flags() -> u32 {
    let mut flags = 0;
    if has_network() {
        flags |= CONNECTION_LAN;
    }
    if super::per_conn::preconfigured_settings().proxy_on {
        flags |= CONNECTION_PROXY;
    }
    flags
}

fn connected_state<E: Encoding>(
    out_flags: *mut u32,
    name: *mut E::Unit,
    name_len: u32,
    reserved: u32,
) -> Result<Done, Error> {
    if reserved != 0 {
        return Err(Error::InvalidParameter);
    }
    let flags = connection_flags();
    if !out_flags.is_null() {
        // SAFETY: a non-NULL `out_flags` is writable (the caller's contract).
        unsafe { out_flags.write_unaligned(flags) };
    }
    if !name.is_null() && name_len > 0 {
        let text = if flags & CONNECTION_LAN != 0 {
            LAN_NAME
        } else {
            ""
        };
        let units = E::encode(text);
        let n = units.len().min(name_len as usize - 1);
        // SAFETY: `name` has `name_len > n` writable units (the caller's contract).
        unsafe { args::copy_out(name, &units[..n]) };
    }
    Ok(Done::Now)
}

/// The host's network connection (WinInet's InternetGetConnectedState and, with a name,
/// InternetGetConnectedStateExA).
///
/// - `out_flags`: receives INTERNET_CONNECTION_LAN (0x2) when the host is connected (see the
///   module documentation: an interface other than loopback, up, with an address), and
///   INTERNET_CONNECTION_PROXY (0x4) when the preconfigured settings name a proxy. May be NULL.
/// - `name`, `name_len`: a buffer of `name_len` bytes for the connection's name: "LAN
///   Connection" when connected, "" when not. A name longer than the buffer is cut to
///   `name_len - 1` bytes and terminated; a `name_len` of 0 or a NULL `name` writes nothing.
/// - `reserved`: must be 0.
///
/// The call succeeds whether or not the host is connected: InternetGetConnectedState returns
/// TRUE when `*out_flags` has INTERNET_CONNECTION_LAN, else FALSE with GetLastError() 0, as
/// Windows does. Runs on the calling thread (it reads the interface list, without I/O on the
/// network); never pends; writes `out_flags` and `name` on success only. Errors: 87 (`reserved`
/// not 0).
#[no_mangle]
pub unsafe extern "C" fn rinet_get_connected_state(
    out_flags: *mut u32,
    name: *mut c_char,
    name_len: u32,
    reserved: u32,
) -> u32 {
    guard(|| connected_state::<Ansi>(out_flags, name as *mut u8, name_len, reserved))
}

/// rinet_get_connected_state with a UTF-16 name (WinInet's InternetGetConnectedStateExW where
/// `wchar_t` is 2 bytes): `out_flags`, `name`, `name_len` (in characters) and `reserved` as
/// there. Runs on the calling thread; never pends. Errors: 87 (`reserved` not 0).
#[no_mangle]
pub unsafe extern "C" fn rinet_get_connected_state_w16(
    out_flags: *mut u32,
    name: *mut u16,
    name_len: u32,
    reserved: u32,
) -> u32 {
    guard(|| connected_state::<Utf16>(out_flags, name, name_len, reserved))
}

/// rinet_get_connected_state with a UTF-32 name (`wchar_t` of 4 bytes): `out_flags`, `name`,
/// `name_len` (in characters) and `reserved` as there. Runs on the calling thread; never pends.
/// Errors: 87 (`reserved` not 0).
#[no_mangle]
pub unsafe extern "C" fn rinet_get_connected_state_w32(
    out_flags: *mut u32,
    name: *mut u32,
    name_len: u32,
    reserved: u32,
) -> u32 {
    guard(|| connected_state::<Utf32>(out_flags, name, name_len, reserved))
}

/// Try a TCP connection to each address of `host:port` until one answers, within `limit`.
fn try_connect(host: &str, port: u16, limit: Duration) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let Ok(addrs) = (bare, port).to_socket_addrs() else {
        return false;
    };
    let addrs: Vec<SocketAddr> = addrs.collect();
    let deadline = Instant::now() + limit;
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        if TcpStream::connect_timeout(&addr, left).is_ok() {
            return true;
        }
    }
    false
}

fn check_connection<E: Encoding>(url: *const E::Unit, flags: u32) -> Result<Done, Error> {
    if flags & !ICC_FORCE_CONNECTION != 0 {
        return Err(Error::InvalidParameter);
    }
    // SAFETY: a NUL-terminated string or NULL (the caller's contract).
    let Some(url) = (unsafe { args::opt_text::<E>(url) })? else {
        return if has_network() {
            Ok(Done::Now)
        } else {
            Err(Error::NotConnected)
        };
    };
    let b = url.as_bytes();
    let c = crack(b, 0).map_err(|e| match e {
        UrlError::UnrecognizedScheme => Error::UnrecognizedScheme,
        _ => Error::InvalidUrl,
    })?;
    let host = c
        .host
        .map(|r| String::from_utf8_lossy(&b[r]).into_owned())
        .unwrap_or_default();
    if host.is_empty() {
        return Err(Error::InvalidUrl);
    }
    if c.port == 0 {
        return Err(Error::UnrecognizedScheme);
    }
    // 0xFFFFFFFF, WinInet's "no limit", is 49 days here.
    let limit = Duration::from_millis(super::options::global_timeouts().connect as u64);
    if try_connect(&host, c.port, limit) {
        Ok(Done::Now)
    } else {
        Err(Error::NotConnected)
    }
}

/// Whether a connection to a URL's server can be made (WinInet's InternetCheckConnectionA).
///
/// - `url`: the server to try. rinet makes a TCP connection to the URL's host and port (its
///   explicit port, else the scheme's default: http 80, https 443, ftp 21) and
///   closes it at once, sending nothing; each address of the name is tried in turn, all within
///   the connect timeout (INTERNET_OPTION_CONNECT_TIMEOUT set on the NULL handle; 60 s by
///   default). NULL: rinet keeps no list of servers to try, so the answer is whether the host
///   is connected at all (rinet_get_connected_state's INTERNET_CONNECTION_LAN).
/// - `flags`: FLAG_ICC_FORCE_CONNECTION (1) or 0: a URL is always tried.
/// - `reserved`: not read.
///
/// Runs on the calling thread and blocks until the connection is made, refused, or the time is
/// up; never pends; writes nothing. Errors: 87 (a flag other than FLAG_ICC_FORCE_CONNECTION),
/// 2250 (ERROR_NOT_CONNECTED: the name does not resolve, every address refuses or does not
/// answer in time, or, for NULL, the host is offline), 12005 (a URL without a host), 12006 (a
/// scheme with no default port and no port in the URL).
#[no_mangle]
pub unsafe extern "C" fn rinet_check_connection(
    url: *const c_char,
    flags: u32,
    reserved: u32,
) -> u32 {
    let _ = reserved;
    guard(|| check_connection::<Ansi>(url as *const u8, flags))
}

/// rinet_check_connection with a UTF-16 URL (WinInet's InternetCheckConnectionW where `wchar_t`
/// is 2 bytes): `url`, `flags` and `reserved` as there. Runs on the calling thread and blocks
/// as rinet_check_connection does; never pends. Errors: those of rinet_check_connection, and 87
/// for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_check_connection_w16(
    url: *const u16,
    flags: u32,
    reserved: u32,
) -> u32 {
    let _ = reserved;
    guard(|| check_connection::<Utf16>(url, flags))
}

/// rinet_check_connection with a UTF-32 URL (`wchar_t` of 4 bytes): `url`, `flags` and
/// `reserved` as there. Runs on the calling thread and blocks; never pends. Errors: those of
/// rinet_check_connection, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_check_connection_w32(
    url: *const u32,
    flags: u32,
    reserved: u32,
) -> u32 {
    let _ = reserved;
    guard(|| check_connection::<Utf32>(url, flags))
}
