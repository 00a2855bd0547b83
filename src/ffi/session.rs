// SPDX-License-Identifier: MIT OR Apache-2.0
//! Sessions and connections: open, set_status_callback, connect, close_handle, last error.

use std::ffi::c_char;
use std::sync::atomic::Ordering;

use super::args::{self, has_ctl, opt_text, Ansi, Encoding, Utf16, Utf32};
use super::boundary::{guard, Done};
use super::callback::{self, rinet_status_callback};
use super::handles::{self, Entry};
use super::rinet_handle;
use crate::error::Error;
use crate::reactor::{status, HandleId, Info, Kind, Node, NodeData, Server, Shared};

/// INTERNET_FLAG_ASYNC: the session's operations may pend.
pub const RINET_FLAG_ASYNC: u32 = 0x1000_0000;
/// rinet's driven mode (a flag for rinet_open, next to INTERNET_FLAG_ASYNC, which it implies):
/// the session has no reactor thread. The application polls rinet_session_fd, sleeps at most
/// rinet_session_timeout_ms, and calls rinet_session_process, which runs the session's I/O and
/// delivers its status callbacks on the calling thread. Handles, calls, pending codes,
/// REQUEST_COMPLETE and HANDLE_CLOSING behave exactly as in an asynchronous session.
pub const RINET_FLAG_DRIVEN: u32 = 0x0000_0004;
pub(crate) use crate::flags::INTERNET_FLAG_SECURE as FLAG_SECURE;
/// INTERNET_SERVICE_HTTP.
const SERVICE_HTTP: u32 = 3;
/// INTERNET_OPEN_TYPE_PROXY.
const OPEN_TYPE_PROXY: u32 = 3;

/// The calling thread's last error: the result code of the last rinet call made on this thread
/// (0 after a success). WinInet code reads it through GetLastError().
///
/// Runs on the calling thread and reads that thread's value only; never pends; never fails.
#[no_mangle]
pub unsafe extern "C" fn rinet_get_last_error() -> u32 {
    super::boundary::last_error()
}

/// Set the calling thread's last error (WinInet code's SetLastError()).
///
/// - `code`: the value rinet_get_last_error returns next on this thread.
///
/// Runs on the calling thread; never pends; never fails.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_last_error(code: u32) {
    super::boundary::set_last_error(code)
}

/// The number of handles created and not yet fully closed (HANDLE_CLOSING not yet delivered),
/// across the process. A diagnostic: it returns to 0 when an application has closed everything.
///
/// Callable from any thread; never pends; never fails.
#[no_mangle]
pub unsafe extern "C" fn rinet_live_handles() -> u32 {
    crate::reactor::LIVE.load(Ordering::Relaxed) as u32
}

/// Open a session (WinInet's InternetOpenA): the root handle, with its own reactor thread.
///
/// - `agent`: the User-Agent sent with each request (NULL: none).
/// - `access_type`: INTERNET_OPEN_TYPE_PRECONFIG (0) and PRECONFIG_WITH_NO_AUTOPROXY (4) take
///   the preconfigured proxy settings: those set with INTERNET_OPTION_PER_CONNECTION_OPTION on
///   the NULL handle, else http_proxy, https_proxy, all_proxy and no_proxy from the environment
///   (upper case too, but for HTTP_PROXY); DIRECT (1); PROXY (3) takes `proxy` ("host:port", "http=host:port
///   https=host:port") and `proxy_bypass` (host patterns, `<local>`, `<-loopback>`). Loopback
///   addresses bypass the proxy unless the bypass list says `<-loopback>`.
/// - `flags`: INTERNET_FLAG_ASYNC (0x10000000) makes every operation under this session
///   asynchronous (it may return 997 and complete with REQUEST_COMPLETE); without it calls block.
///   RINET_FLAG_DRIVEN (0x4) makes it asynchronous without a reactor thread: see
///   rinet_session_process.
/// - `out_session`: receives the handle on success.
///
/// Never pends. Errors: 87 (NULL `out_session`, PROXY without a proxy, unknown access type),
/// 8 (no memory or no thread). The caller closes the handle with rinet_close_handle, which
/// closes everything under it and joins the reactor thread.
#[no_mangle]
pub unsafe extern "C" fn rinet_open(
    agent: *const c_char,
    access_type: u32,
    proxy: *const c_char,
    proxy_bypass: *const c_char,
    flags: u32,
    out_session: *mut rinet_handle,
) -> u32 {
    guard(|| {
        open::<Ansi>(
            agent as *const u8,
            access_type,
            proxy as *const u8,
            proxy_bypass as *const u8,
            flags,
            out_session,
        )
    })
}

/// rinet_open with UTF-16 strings (WinInet's InternetOpenW where `wchar_t` is 2 bytes):
/// `agent`, `access_type`, `proxy`, `proxy_bypass`, `flags` and `out_session` as there. Runs on
/// the calling thread; never pends. Errors: those of rinet_open, and 87 for text that is not
/// valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_open_w16(
    agent: *const u16,
    access_type: u32,
    proxy: *const u16,
    proxy_bypass: *const u16,
    flags: u32,
    out_session: *mut rinet_handle,
) -> u32 {
    guard(|| open::<Utf16>(agent, access_type, proxy, proxy_bypass, flags, out_session))
}

/// rinet_open with UTF-32 strings (WinInet's InternetOpenW where `wchar_t` is 4 bytes):
/// `agent`, `access_type`, `proxy`, `proxy_bypass`, `flags` and `out_session` as there. Runs on
/// the calling thread; never pends. Errors: those of rinet_open, and 87 for text that is not
/// valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_open_w32(
    agent: *const u32,
    access_type: u32,
    proxy: *const u32,
    proxy_bypass: *const u32,
    flags: u32,
    out_session: *mut rinet_handle,
) -> u32 {
    guard(|| open::<Utf32>(agent, access_type, proxy, proxy_bypass, flags, out_session))
}

fn open<E: Encoding>(
    agent: *const E::Unit,
    access_type: u32,
    proxy: *const E::Unit,
    proxy_bypass: *const E::Unit,
    flags: u32,
    out_session: *mut rinet_handle,
) -> Result<Done, Error> {
    {
        crate::trace::init_from_env();
        if out_session.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: strings from C are NUL-terminated or NULL (the caller's contract).
        let (agent, proxy, bypass) = unsafe {
            (
                opt_text::<E>(agent)?,
                opt_text::<E>(proxy)?,
                opt_text::<E>(proxy_bypass)?,
            )
        };
        match access_type {
            0 | 1 | 4 => {}
            OPEN_TYPE_PROXY if proxy.as_deref().is_some_and(|p| !p.is_empty()) => {}
            _ => return Err(Error::InvalidParameter),
        }
        let agent = agent.unwrap_or_default();
        if has_ctl(&agent) {
            return Err(Error::InvalidParameter);
        }
        let (proxy_config, proxy, bypass) = match access_type {
            OPEN_TYPE_PROXY => (
                crate::http::proxy::ProxyConfig::parse(
                    proxy.as_deref().unwrap_or(""),
                    bypass.as_deref().unwrap_or(""),
                )
                .map_err(|_| Error::InvalidParameter)?,
                proxy.unwrap_or_default(),
                bypass.unwrap_or_default(),
            ),
            1 => (
                crate::http::proxy::ProxyConfig::direct(),
                proxy.unwrap_or_default(),
                bypass.unwrap_or_default(),
            ),
            // The preconfigured settings: the environment's, or those set with
            // INTERNET_OPTION_PER_CONNECTION_OPTION on the NULL handle.
            _ => super::per_conn::preconfigured(),
        };
        let h = handles::reserve()?;
        let mut root = Node::new(
            Kind::Session,
            None,
            0,
            crate::reactor::Callback::NONE,
            super::options::global_timeouts(),
            NodeData::Session {
                agent,
                flags,
                access_type,
                proxy,
                bypass,
            },
        );
        root.opts = super::options::global_opts();
        let driven = flags & RINET_FLAG_DRIVEN != 0;
        let is_async = driven || flags & RINET_FLAG_ASYNC != 0;
        let release = |h: HandleId| {
            handles::remove(h);
        };
        let shared = match Shared::start(h, is_async, driven, callback::deliver, release, root) {
            Ok(s) => s,
            Err(_) => {
                handles::remove(h);
                return Err(Error::NotEnoughMemory);
            }
        };
        shared.lock().proxy = proxy_config;
        handles::fill(
            h,
            Entry {
                kind: Kind::Session,
                session: shared,
            },
        );
        // SAFETY: checked non-NULL above; the caller provides a writable handle slot.
        unsafe { out_session.write(h as rinet_handle) };
        Ok(Done::Now)
    }
}

/// Register `callback` as the status callback of `handle` (WinInet's InternetSetStatusCallback).
///
/// Handles created later under `handle` copy the callback at creation; existing children keep
/// theirs. NULL removes the callback. `out_previous` (may be NULL) receives the callback that
/// was registered before (NULL if none). Runs on the calling thread; never pends.
/// Errors: 6 (invalid handle).
#[no_mangle]
pub unsafe extern "C" fn rinet_set_status_callback(
    handle: rinet_handle,
    callback: rinet_status_callback,
    out_previous: *mut rinet_status_callback,
) -> u32 {
    guard(|| set_status_callback::<Ansi>(handle, callback, out_previous))
}

/// rinet_set_status_callback (`handle`, `callback`, `out_previous` as there) for a callback
/// that wants wide strings with a 2-byte `wchar_t` (WinInet's InternetSetStatusCallbackW):
/// RESOLVING_NAME and REDIRECT carry UTF-16 strings with their NUL, their length in bytes.
/// NAME_RESOLVED, CONNECTING_TO_SERVER and CONNECTED_TO_SERVER carry an ANSI IP address
/// string, as in WinInet. Handles created later under `handle` copy the callback and the way
/// it wants its strings. Runs on the calling thread; never pends. Errors: 6.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_status_callback_w16(
    handle: rinet_handle,
    callback: rinet_status_callback,
    out_previous: *mut rinet_status_callback,
) -> u32 {
    guard(|| set_status_callback::<Utf16>(handle, callback, out_previous))
}

/// rinet_set_status_callback_w16 (`handle`, `callback`, `out_previous`) with a 4-byte
/// `wchar_t`: RESOLVING_NAME and REDIRECT carry UTF-32 strings. Runs on the calling thread;
/// never pends. Errors: 6.
#[no_mangle]
pub unsafe extern "C" fn rinet_set_status_callback_w32(
    handle: rinet_handle,
    callback: rinet_status_callback,
    out_previous: *mut rinet_status_callback,
) -> u32 {
    guard(|| set_status_callback::<Utf32>(handle, callback, out_previous))
}

fn set_status_callback<E: Encoding>(
    handle: rinet_handle,
    callback: rinet_status_callback,
    out_previous: *mut rinet_status_callback,
) -> Result<Done, Error> {
    {
        let h = handle as HandleId;
        let entry = handles::lookup(h)?;
        let mut st = entry.session.lock();
        let node = st
            .nodes
            .get_mut(&h)
            .filter(|n| !n.closed)
            .ok_or(Error::InvalidHandle)?;
        let previous =
            std::mem::replace(&mut node.callback, callback::to_core(callback, E::FLAVOR));
        if !out_previous.is_null() {
            // SAFETY: non-NULL; the caller provides a writable slot.
            unsafe { out_previous.write(callback::from_core(previous)) };
        }
        Ok(Done::Now)
    }
}

/// Create a node under `parent`, register it in the handle table, and send HANDLE_CREATED on
/// the calling thread before returning.
pub(crate) fn create_child(
    entry: &Entry,
    parent: HandleId,
    kind: Kind,
    context: usize,
    data: NodeData,
) -> Result<HandleId, Error> {
    create_node(entry, parent, kind, context, data, false)
}

/// As [`create_child`]; a `hidden` node (open_url's connect handle) has context 0, so it sends
/// nothing, and is closed with its request.
pub(crate) fn create_node(
    entry: &Entry,
    parent: HandleId,
    kind: Kind,
    context: usize,
    data: NodeData,
    hidden: bool,
) -> Result<HandleId, Error> {
    let shared = &entry.session;
    let h = handles::insert(Entry {
        kind,
        session: shared.clone(),
    })?;
    let mut st = shared.lock();
    let Some(p) = st.nodes.get(&parent).filter(|n| !n.closed) else {
        drop(st);
        handles::remove(h);
        return Err(Error::InvalidHandle);
    };
    let mut node = Node::new(kind, Some(parent), context, p.callback, p.timeouts, data);
    node.opts = p.opts.clone();
    node.hidden = hidden;
    if let NodeData::Connect(server) = &node.data {
        if !server.user.is_empty() {
            node.opts.username = Some(server.user.clone());
        }
        if !server.password.is_empty() {
            node.opts.password = Some(server.password.clone());
        }
    }
    st.add_node(h, node);
    st.push(h, status::HANDLE_CREATED, Info::Created, true);
    drop(shared.settle(st, h));
    Ok(h)
}

/// Create a connect handle for an HTTP server (WinInet's InternetConnectA). No network I/O.
///
/// - `session`: the session handle.
/// - `server`: host name or IP address; NULL or "" gives 87.
/// - `port`: 0 means the default (80, or 443 with INTERNET_FLAG_SECURE in `flags`).
/// - `user`, `password`: credentials for requests under this handle (may be NULL).
/// - `service`: INTERNET_SERVICE_HTTP (3). FTP and Gopher give 120 (not implemented).
/// - `flags`: INTERNET_FLAG_*; INTERNET_FLAG_SECURE makes requests under this handle use HTTPS.
/// - `context`: this handle's context value, passed to its callbacks (0: no callbacks).
/// - `out_connect`: receives the new handle, only on success. The caller closes it with
///   rinet_close_handle (closing the session closes it too).
///
/// Every string is copied. Sends HANDLE_CREATED on the calling thread before returning; never
/// pends. Errors: 6 (invalid handle), 12018 (not a session handle), 87, 120.
#[no_mangle]
pub unsafe extern "C" fn rinet_connect(
    session: rinet_handle,
    server: *const c_char,
    port: u16,
    user: *const c_char,
    password: *const c_char,
    service: u32,
    flags: u32,
    context: usize,
    out_connect: *mut rinet_handle,
) -> u32 {
    guard(|| {
        connect::<Ansi>(
            session,
            server as *const u8,
            port,
            user as *const u8,
            password as *const u8,
            service,
            flags,
            context,
            out_connect,
        )
    })
}

/// rinet_connect with UTF-16 strings (WinInet's InternetConnectW where `wchar_t` is 2 bytes):
/// `session`, `server`, `port`, `user`, `password`, `service`, `flags`, `context` and
/// `out_connect` as there. Runs on the calling thread; never pends. Errors: those of
/// rinet_connect, and 87 for text that is not valid UTF-16.
#[no_mangle]
pub unsafe extern "C" fn rinet_connect_w16(
    session: rinet_handle,
    server: *const u16,
    port: u16,
    user: *const u16,
    password: *const u16,
    service: u32,
    flags: u32,
    context: usize,
    out_connect: *mut rinet_handle,
) -> u32 {
    guard(|| {
        connect::<Utf16>(
            session,
            server,
            port,
            user,
            password,
            service,
            flags,
            context,
            out_connect,
        )
    })
}

/// rinet_connect with UTF-32 strings (WinInet's InternetConnectW where `wchar_t` is 4 bytes):
/// `session`, `server`, `port`, `user`, `password`, `service`, `flags`, `context` and
/// `out_connect` as there. Runs on the calling thread; never pends. Errors: those of
/// rinet_connect, and 87 for text that is not valid UTF-32.
#[no_mangle]
pub unsafe extern "C" fn rinet_connect_w32(
    session: rinet_handle,
    server: *const u32,
    port: u16,
    user: *const u32,
    password: *const u32,
    service: u32,
    flags: u32,
    context: usize,
    out_connect: *mut rinet_handle,
) -> u32 {
    guard(|| {
        connect::<Utf32>(
            session,
            server,
            port,
            user,
            password,
            service,
            flags,
            context,
            out_connect,
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn connect<E: Encoding>(
    session: rinet_handle,
    server: *const E::Unit,
    port: u16,
    user: *const E::Unit,
    password: *const E::Unit,
    service: u32,
    flags: u32,
    context: usize,
    out_connect: *mut rinet_handle,
) -> Result<Done, Error> {
    {
        let sh = session as HandleId;
        let entry = args::entry(session, Kind::Session)?;
        if out_connect.is_null() {
            return Err(Error::InvalidParameter);
        }
        // SAFETY: C strings are NUL-terminated or NULL.
        let (host, user, password) = unsafe {
            (
                opt_text::<E>(server)?,
                opt_text::<E>(user)?,
                opt_text::<E>(password)?,
            )
        };
        let host = host
            .filter(|h| !h.is_empty())
            .ok_or(Error::InvalidParameter)?;
        if has_ctl(&host) || host.contains(' ') || host.contains('/') {
            return Err(Error::InvalidParameter);
        }
        if service != SERVICE_HTTP {
            return Err(Error::CallNotImplemented);
        }
        let secure = flags & FLAG_SECURE != 0;
        let port = if port == 0 {
            if secure {
                443
            } else {
                80
            }
        } else {
            port
        };
        let server = Server {
            host,
            port,
            secure,
            user: user.unwrap_or_default(),
            password: password.unwrap_or_default(),
            flags,
        };
        let h = create_child(
            &entry,
            sh,
            Kind::Connect,
            context,
            NodeData::Connect(server),
        )?;
        // SAFETY: checked non-NULL above.
        unsafe { out_connect.write(h as rinet_handle) };
        Ok(Done::Now)
    }
}

/// Close a handle and everything under it (WinInet's InternetCloseHandle).
///
/// The handle value (and its children's) is invalid from the moment this is called: later calls
/// with it get 6. Each pending operation under it completes with REQUEST_COMPLETE
/// {0, 12017 ERROR_INTERNET_OPERATION_CANCELLED}; then each handle with a callback and a
/// non-zero context gets HANDLE_CLOSING, its last notification, children before parents. After
/// HANDLE_CLOSING rinet never touches that handle's context or buffers again. These are sent on
/// the calling thread unless a callback for that handle is running at that moment, in which
/// case they follow it on the thread running it. Called from inside a callback of the same
/// session, it returns first and the notifications follow once that callback has returned (on
/// the thread that delivers the session's notifications; in a driven session whose session
/// handle is being closed, before the outermost rinet call on that thread returns). Called from
/// a callback of another session, it delivers them as any caller does. May be called from inside a
/// callback, including for the handle being notified. Closing a session also stops and joins its reactor
/// thread (deferred when called from that thread). Never pends. Errors: 6.
#[no_mangle]
pub unsafe extern "C" fn rinet_close_handle(handle: rinet_handle) -> u32 {
    guard(|| {
        let h = handle as HandleId;
        let entry = handles::lookup(h)?;
        close_tree(&entry, h)?;
        Ok(Done::Now)
    })
}

/// Close `h` and its subtree: invalidate their handle values, then deliver what this thread
/// may deliver of their notes.
pub(crate) fn close_tree(entry: &Entry, h: HandleId) -> Result<(), Error> {
    let closed = entry.session.close_tree(h)?;
    // The closed requests' connections may be what waiting requests need.
    crate::reactor::engine::serve_waiters(&entry.session, &mut entry.session.lock());
    for &c in &closed {
        handles::remove(c);
    }
    entry.session.deliver_closed(&closed);
    Ok(())
}

/// Look up a driven session.
fn driven_session(session: rinet_handle) -> Result<Entry, Error> {
    let entry = handles::lookup(session as HandleId)?;
    if entry.kind != Kind::Session {
        return Err(Error::IncorrectHandleType);
    }
    if !entry.session.is_driven() {
        return Err(Error::IncorrectHandleState);
    }
    Ok(entry)
}

/// Driven sessions: the one file descriptor to poll for readability (an epoll descriptor).
///
/// - `session`: a session opened with RINET_FLAG_DRIVEN.
/// - `out_fd`: receives the descriptor, only on success.
///
/// It becomes readable when the session has I/O or notifications ready, including after a call
/// made from another thread. Valid until the session handle is closed; rinet owns it, do not
/// close it. Runs on the calling thread (any thread); never pends.
/// Errors: 6, 12018 (not a session handle), 12019 (not a driven session), 87 (NULL `out_fd`).
#[no_mangle]
pub unsafe extern "C" fn rinet_session_fd(session: rinet_handle, out_fd: *mut i32) -> u32 {
    guard(|| {
        let entry = driven_session(session)?;
        if out_fd.is_null() {
            return Err(Error::InvalidParameter);
        }
        let fd = entry
            .session
            .driven_fd()
            .ok_or(Error::IncorrectHandleState)?;
        // SAFETY: non-NULL, writable int.
        unsafe { out_fd.write(fd) };
        Ok(Done::Now)
    })
}

/// Driven sessions: how long the application may wait for the descriptor before calling
/// rinet_session_process anyway.
///
/// - `session`: a session opened with RINET_FLAG_DRIVEN.
/// - `out_ms`: receives the time in milliseconds, only on success: 0 when work is already due,
///   0xFFFFFFFF when no deadline is set.
///
/// Runs on the calling thread (any thread); never pends. Errors: 6, 12018, 12019, 87 (NULL
/// `out_ms`).
#[no_mangle]
pub unsafe extern "C" fn rinet_session_timeout_ms(session: rinet_handle, out_ms: *mut u32) -> u32 {
    guard(|| {
        let entry = driven_session(session)?;
        if out_ms.is_null() {
            return Err(Error::InvalidParameter);
        }
        let ms = entry.session.driven_timeout_ms();
        // SAFETY: non-NULL, writable DWORD.
        unsafe { out_ms.write(ms) };
        Ok(Done::Now)
    })
}

/// Driven sessions: run ready I/O and expired timers without waiting, and deliver every due
/// status callback on the calling thread, then return.
///
/// - `session`: a session opened with RINET_FLAG_DRIVEN.
/// - `max_events`: the most readiness events to handle (0: no limit).
/// - `out_handled` (may be NULL): receives the number of readiness events handled.
///
/// Callable from any thread; it never blocks and never pends. When another thread is already
/// processing the session, or when called from inside one of its callbacks, it returns at once
/// with 0 handled. Errors: 6, 12018, 12019.
#[no_mangle]
pub unsafe extern "C" fn rinet_session_process(
    session: rinet_handle,
    max_events: u32,
    out_handled: *mut u32,
) -> u32 {
    guard(|| {
        let entry = driven_session(session)?;
        let n = entry.session.driven_process(max_events).unwrap_or(0);
        if !out_handled.is_null() {
            // SAFETY: non-NULL, writable DWORD.
            unsafe { out_handled.write(n as u32) };
        }
        Ok(Done::Now)
    })
}
