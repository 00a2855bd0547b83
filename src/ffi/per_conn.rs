// SPDX-License-Identifier: MIT OR Apache-2.0
//! INTERNET_OPTION_PER_CONNECTION_OPTION (75): a session's proxy settings, or the process's
//! preconfigured ones, as WinInet's INTERNET_PER_CONN_OPTION_LIST.
//!
//! rinet knows one connection, WinInet's LAN settings: `pszConnection` is not read. Its settings
//! are three values: whether a proxy is used (INTERNET_PER_CONN_FLAGS, PROXY_TYPE_PROXY or
//! PROXY_TYPE_DIRECT; a set with both bits turns the proxy off, as WinInet does), the proxy list (INTERNET_PER_CONN_PROXY_SERVER) and the bypass list
//! (INTERNET_PER_CONN_PROXY_BYPASS), both in WinInet's syntax, as InternetOpen takes them.
//!
//! - On a session handle they are the session's: a query reports them, a set changes the proxy
//!   of the session's requests sent afterwards (idle pooled connections are closed, so no
//!   request reuses a connection made under the old settings). Other sessions are not touched.
//! - On the NULL handle they are the preconfigured settings, which sessions opened afterwards
//!   with INTERNET_OPEN_TYPE_PRECONFIG take. Until a program sets them, they are the
//!   environment's (http_proxy, https_proxy, all_proxy, no_proxy): a query reports the proxy
//!   list as `http=<http_proxy>;https=<https_proxy>;<all_proxy>` and the bypass list as
//!   no_proxy gives it.
//!
//! The options about proxy scripts and automatic detection (AUTOCONFIG_URL,
//! AUTODISCOVERY_FLAGS, AUTOCONFIG_SECONDARY_URL, AUTOCONFIG_RELOAD_DELAY_MINS,
//! AUTOCONFIG_LAST_DETECT_TIME, AUTOCONFIG_LAST_DETECT_URL) are accepted by a set and change
//! nothing (rinet runs no proxy script); a query reports NULL or 0 for them, and never the
//! PROXY_TYPE_AUTO_PROXY_URL or PROXY_TYPE_AUTO_DETECT bits.
//!
//! A query allocates each string it returns as a block of [`super::memory`]: the caller frees
//! it with GlobalFree, as WinInet's callers do (the Win32 porting headers' GlobalFree, LocalFree
//! and HeapFree free these blocks), or with rinet_mem_free. An empty string is returned as NULL.

use std::ffi::c_void;
use std::mem::size_of;
use std::sync::Mutex;

use super::args::{self, has_ctl, Encoding};
use super::boundary::Done;
use super::handles;
use crate::error::Error;
use crate::http::proxy::ProxyConfig;
use crate::reactor::{HandleId, Kind, NodeData};

/// INTERNET_OPTION_PER_CONNECTION_OPTION.
pub(crate) const OPTION_PER_CONNECTION: u32 = 75;

const PER_CONN_FLAGS: u32 = 1;
const PER_CONN_PROXY_SERVER: u32 = 2;
const PER_CONN_PROXY_BYPASS: u32 = 3;
const PER_CONN_AUTOCONFIG_URL: u32 = 4;
const PER_CONN_AUTODISCOVERY_FLAGS: u32 = 5;
const PER_CONN_AUTOCONFIG_SECONDARY_URL: u32 = 6;
const PER_CONN_AUTOCONFIG_RELOAD_DELAY_MINS: u32 = 7;
const PER_CONN_AUTOCONFIG_LAST_DETECT_TIME: u32 = 8;
const PER_CONN_AUTOCONFIG_LAST_DETECT_URL: u32 = 9;
const PER_CONN_FLAGS_UI: u32 = 10;

const PROXY_TYPE_DIRECT: u32 = 1;
const PROXY_TYPE_PROXY: u32 = 2;

/// INTERNET_OPEN_TYPE_DIRECT and INTERNET_OPEN_TYPE_PROXY.
const OPEN_TYPE_DIRECT: u32 = 1;
const OPEN_TYPE_PROXY: u32 = 3;

/// INTERNET_PER_CONN_OPTION_LIST (A and W have one layout).
#[repr(C)]
#[derive(Clone, Copy)]
struct OptionList {
    size: u32,
    connection: *mut c_void,
    count: u32,
    error: u32,
    options: *mut PerConnOption,
}

/// INTERNET_PER_CONN_OPTION: an option number and its value.
#[repr(C)]
#[derive(Clone, Copy)]
struct PerConnOption {
    option: u32,
    value: Value,
}

/// The value union of INTERNET_PER_CONN_OPTION: a DWORD, a string or a FILETIME.
#[repr(C)]
#[derive(Clone, Copy)]
union Value {
    dword: u32,
    string: *mut c_void,
    filetime: [u32; 2],
}

/// The settings of rinet's one connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// PROXY_TYPE_PROXY (else PROXY_TYPE_DIRECT).
    pub proxy_on: bool,
    /// The proxy list, WinInet's syntax ("host:port", "http=h:p;https=h:p", ...).
    pub proxy: String,
    /// The bypass list.
    pub bypass: String,
}

impl Settings {
    /// The proxy configuration requests follow: the proxy list when the proxy is on and the
    /// list is not empty, else none. Errors: 87 for a list that cannot be read.
    fn config(&self) -> Result<ProxyConfig, Error> {
        if self.proxy_on && !self.proxy.trim().is_empty() {
            ProxyConfig::parse(&self.proxy, &self.bypass).map_err(|_| Error::InvalidParameter)
        } else {
            Ok(ProxyConfig::direct())
        }
    }
}

/// The preconfigured settings a program set on the NULL handle (None: the environment's).
static PRECONFIGURED: Mutex<Option<Settings>> = Mutex::new(None);

/// The environment's proxy settings, spelled as WinInet lists.
fn from_environment() -> Settings {
    let var = |names: &[&str]| {
        names
            .iter()
            .filter_map(|n| std::env::var(n).ok())
            .map(|v| v.trim().to_string())
            .find(|v| !v.is_empty())
    };
    let mut entries = Vec::new();
    if let Some(v) = var(&["http_proxy"]) {
        entries.push(format!("http={v}"));
    }
    if let Some(v) = var(&["https_proxy", "HTTPS_PROXY"]) {
        entries.push(format!("https={v}"));
    }
    if let Some(v) = var(&["all_proxy", "ALL_PROXY"]) {
        entries.push(v);
    }
    Settings {
        proxy_on: !entries.is_empty(),
        proxy: entries.join(";"),
        bypass: var(&["no_proxy", "NO_PROXY"]).unwrap_or_default(),
    }
}

/// The preconfigured settings: what a program set on the NULL handle, else the environment's.
pub(crate) fn preconfigured_settings() -> Settings {
    PRECONFIGURED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_else(from_environment)
}

/// What a session opened with INTERNET_OPEN_TYPE_PRECONFIG starts with: the proxy
/// configuration of its requests, and the proxy and bypass lists it reports (empty when no
/// proxy is used). The environment's configuration is read as curl reads it
/// ([`ProxyConfig::from_env`]); settings a program set on the NULL handle follow WinInet's
/// syntax.
pub(crate) fn preconfigured() -> (ProxyConfig, String, String) {
    let set = PRECONFIGURED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let (settings, config) = match set {
        Some(s) => {
            let config = s.config().unwrap_or_else(|_| ProxyConfig::direct());
            (s, config)
        }
        None => (
            from_environment(),
            ProxyConfig::from_env(|k| std::env::var(k).ok()),
        ),
    };
    if settings.proxy_on {
        (config, settings.proxy, settings.bypass)
    } else {
        (config, String::new(), String::new())
    }
}

/// A session's settings, from its node: INTERNET_OPEN_TYPE_DIRECT keeps the lists but uses no
/// proxy; INTERNET_OPEN_TYPE_PROXY uses them; a preconfigured session uses its lists when it
/// has one.
fn of_session(access_type: u32, proxy: &str, bypass: &str) -> Settings {
    Settings {
        proxy_on: match access_type {
            OPEN_TYPE_PROXY => true,
            OPEN_TYPE_DIRECT => false,
            _ => !proxy.is_empty(),
        },
        proxy: proxy.to_string(),
        bypass: bypass.to_string(),
    }
}

/// Read the list at `buffer` after checking its size. Errors: 87 (NULL, a wrong dwSize, no
/// options array for a count), 12010 (a buffer smaller than the list, for a set).
///
/// # Safety
/// `buffer` is NULL or points to `len` readable bytes.
unsafe fn read_list(buffer: *mut c_void, len: usize) -> Result<OptionList, Error> {
    if buffer.is_null() {
        return Err(Error::InvalidParameter);
    }
    if len < size_of::<OptionList>() {
        return Err(Error::BadOptionLength);
    }
    // SAFETY: `buffer` has at least size_of::<OptionList>() readable bytes (checked above, the
    // caller's contract for the rest).
    let list = unsafe { (buffer as *const OptionList).read_unaligned() };
    if list.size as usize != size_of::<OptionList>() || (list.count > 0 && list.options.is_null()) {
        return Err(Error::InvalidParameter);
    }
    Ok(list)
}

/// The option at `index` of `list`.
///
/// # Safety
/// `list.options` points to `list.count` readable options and `index < list.count`.
unsafe fn option_at(list: &OptionList, index: u32) -> PerConnOption {
    // SAFETY: the caller's contract.
    unsafe { list.options.add(index as usize).read_unaligned() }
}

/// Record the index of the option that failed in the caller's list.
///
/// # Safety
/// `buffer` points to a writable OptionList (checked by [`read_list`]).
unsafe fn report_failed(buffer: *mut c_void, index: u32) {
    // SAFETY: the caller's contract; dwOptionError is a u32 inside the list.
    unsafe {
        let at = (buffer as *mut u8).add(std::mem::offset_of!(OptionList, error));
        (at as *mut u32).write_unaligned(index);
    }
}

/// A string value of the caller's option, as text. NULL is the empty string. Errors: 87 for
/// CR or LF, or wide text that is not valid.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string of `E`.
unsafe fn read_text<E: Encoding>(p: *mut c_void) -> Result<String, Error> {
    // SAFETY: the caller's contract.
    let text = unsafe { args::opt_text::<E>(p as *const E::Unit) }?.unwrap_or_default();
    if has_ctl(&text) {
        return Err(Error::InvalidParameter);
    }
    Ok(text)
}

/// Apply the caller's options to `settings`. On failure, the index of the failed option.
///
/// # Safety
/// `list.options` points to `list.count` readable options whose string values are NULL or
/// NUL-terminated.
unsafe fn apply<E: Encoding>(
    list: &OptionList,
    settings: &mut Settings,
) -> Result<(), (u32, Error)> {
    for i in 0..list.count {
        // SAFETY: the caller's contract.
        let o = unsafe { option_at(list, i) };
        // SAFETY: each arm reads the union member the option number says the value is; string
        // members are NULL or NUL-terminated (the caller's contract).
        let step = unsafe {
            match o.option {
                PER_CONN_FLAGS | PER_CONN_FLAGS_UI => {
                    // PROXY_TYPE_DIRECT wins over PROXY_TYPE_PROXY, as in WinInet.
                    let v = o.value.dword;
                    settings.proxy_on = v & PROXY_TYPE_PROXY != 0 && v & PROXY_TYPE_DIRECT == 0;
                    Ok(())
                }
                PER_CONN_PROXY_SERVER => read_text::<E>(o.value.string).map(|t| settings.proxy = t),
                PER_CONN_PROXY_BYPASS => {
                    read_text::<E>(o.value.string).map(|t| settings.bypass = t)
                }
                PER_CONN_AUTOCONFIG_URL
                | PER_CONN_AUTOCONFIG_SECONDARY_URL
                | PER_CONN_AUTOCONFIG_LAST_DETECT_URL => read_text::<E>(o.value.string).map(drop),
                PER_CONN_AUTODISCOVERY_FLAGS
                | PER_CONN_AUTOCONFIG_RELOAD_DELAY_MINS
                | PER_CONN_AUTOCONFIG_LAST_DETECT_TIME => Ok(()),
                _ => Err(Error::InvalidParameter),
            }
        };
        step.map_err(|e| (i, e))?;
    }
    Ok(())
}

/// InternetSetOption(INTERNET_OPTION_PER_CONNECTION_OPTION): `handle` is 0 (the preconfigured
/// settings) or a session. Errors: 6, 87 (see [`read_list`]; an unknown option or a string with
/// CR or LF, whose index goes to dwOptionError; a proxy list that cannot be read, the index of
/// the last PROXY_SERVER or FLAGS option), 12010, 12018 (a connect or request handle).
pub(crate) fn set<E: Encoding>(
    handle: HandleId,
    buffer: *mut c_void,
    buffer_len: u32,
) -> Result<Done, Error> {
    let entry = if handle == 0 {
        None
    } else {
        let entry = handles::lookup(handle)?;
        if entry.kind != Kind::Session {
            return Err(Error::IncorrectHandleType);
        }
        Some(entry)
    };
    // SAFETY: `buffer` has `buffer_len` readable bytes (the caller's contract).
    let list = unsafe { read_list(buffer, buffer_len as usize) }?;
    let mut last_proxy_option = 0;
    for i in 0..list.count {
        // SAFETY: `i < list.count`; the options array is readable (the caller's contract).
        let option = unsafe { option_at(&list, i) }.option;
        if matches!(
            option,
            PER_CONN_PROXY_SERVER | PER_CONN_FLAGS | PER_CONN_FLAGS_UI
        ) {
            last_proxy_option = i;
        }
    }
    let fail = |index: u32, e: Error| {
        // SAFETY: `buffer` holds a writable list (read_list checked its size).
        unsafe { report_failed(buffer, index) };
        Err(e)
    };
    let Some(entry) = entry else {
        let mut settings = preconfigured_settings();
        // SAFETY: the options array and its strings are the caller's, readable.
        if let Err((i, e)) = unsafe { apply::<E>(&list, &mut settings) } {
            return fail(i, e);
        }
        if let Err(e) = settings.config() {
            return fail(last_proxy_option, e);
        }
        *PRECONFIGURED.lock().unwrap_or_else(|e| e.into_inner()) = Some(settings);
        return Ok(Done::Now);
    };
    let shared = &entry.session;
    let mut st = shared.lock();
    let node = st
        .nodes
        .get_mut(&handle)
        .filter(|n| !n.closed)
        .ok_or(Error::InvalidHandle)?;
    let NodeData::Session {
        access_type,
        proxy,
        bypass,
        ..
    } = &mut node.data
    else {
        return Err(Error::IncorrectHandleType);
    };
    let mut settings = of_session(*access_type, proxy, bypass);
    // SAFETY: the options array and its strings are the caller's, readable.
    if let Err((i, e)) = unsafe { apply::<E>(&list, &mut settings) } {
        return fail(i, e);
    }
    let config = match settings.config() {
        Ok(c) => c,
        Err(e) => return fail(last_proxy_option, e),
    };
    *access_type = if settings.proxy_on {
        OPEN_TYPE_PROXY
    } else {
        OPEN_TYPE_DIRECT
    };
    *proxy = settings.proxy;
    *bypass = settings.bypass;
    if st.proxy != config {
        st.proxy = config;
        st.conns.close_idle(&shared.registry);
    }
    Ok(Done::Now)
}

/// A value to hand back: a DWORD, a string (the empty string is NULL) or a zero FILETIME.
enum Answer {
    Dword(u32),
    Text(String),
    Time,
}

/// Free strings [`query`] allocated before a later one failed.
pub(crate) fn free_all(strings: &[*mut c_void]) {
    for &p in strings {
        // SAFETY: each was returned by `allocate` below and not handed out.
        unsafe { super::memory::free(p) };
    }
}

/// A copy of `text` in `E` with its terminator, in a memory block the caller frees, or NULL
/// for the empty string.
pub(crate) fn allocate<E: Encoding>(text: &str) -> Result<*mut c_void, Error> {
    if text.is_empty() {
        return Ok(std::ptr::null_mut());
    }
    let units = E::encode(text);
    let p = super::memory::alloc((units.len() + 1) * E::UNIT, false) as *mut E::Unit;
    if p.is_null() {
        return Err(Error::NotEnoughMemory);
    }
    // SAFETY: `p` has room for the units and a terminator, and is rinet's own allocation.
    unsafe { args::copy_out(p, &units) };
    Ok(p as *mut c_void)
}

/// InternetQueryOption(INTERNET_OPTION_PER_CONNECTION_OPTION): fills the value of each option
/// of the caller's list. `*buffer_len` must be at least the list's size (else 122 with the
/// size); it is set to the list's size. Errors: 6, 8, 87 (a NULL `buffer_len`, a wrong dwSize,
/// an unknown option: its index goes to dwOptionError), 122, 12018. Nothing is written to the
/// options unless every one of them can be answered.
pub(crate) fn query<E: Encoding>(
    handle: HandleId,
    buffer: *mut c_void,
    buffer_len: *mut u32,
) -> Result<Done, Error> {
    if buffer_len.is_null() {
        return Err(Error::InvalidParameter);
    }
    let settings = if handle == 0 {
        preconfigured_settings()
    } else {
        let entry = handles::lookup(handle)?;
        if entry.kind != Kind::Session {
            return Err(Error::IncorrectHandleType);
        }
        let st = entry.session.lock();
        let node = st
            .nodes
            .get(&handle)
            .filter(|n| !n.closed)
            .ok_or(Error::InvalidHandle)?;
        match &node.data {
            NodeData::Session {
                access_type,
                proxy,
                bypass,
                ..
            } => of_session(*access_type, proxy, bypass),
            _ => return Err(Error::IncorrectHandleType),
        }
    };
    let need = size_of::<OptionList>();
    // SAFETY: `buffer_len` is non-NULL (checked) and writable (the caller's contract).
    let have = unsafe { buffer_len.read_unaligned() } as usize;
    if buffer.is_null() || have < need {
        // SAFETY: as above.
        unsafe { buffer_len.write_unaligned(need as u32) };
        return Err(Error::InsufficientBuffer);
    }
    // SAFETY: `buffer` has `have >= need` readable bytes.
    let list = unsafe { read_list(buffer, have) }?;
    let mut answers = Vec::with_capacity(list.count as usize);
    for i in 0..list.count {
        // SAFETY: `i < list.count`; the options array is the caller's, readable.
        let option = unsafe { option_at(&list, i) }.option;
        let answer = match option {
            PER_CONN_FLAGS | PER_CONN_FLAGS_UI => Answer::Dword(if settings.proxy_on {
                PROXY_TYPE_PROXY
            } else {
                PROXY_TYPE_DIRECT
            }),
            PER_CONN_PROXY_SERVER => Answer::Text(settings.proxy.clone()),
            PER_CONN_PROXY_BYPASS => Answer::Text(settings.bypass.clone()),
            PER_CONN_AUTOCONFIG_URL
            | PER_CONN_AUTOCONFIG_SECONDARY_URL
            | PER_CONN_AUTOCONFIG_LAST_DETECT_URL => Answer::Text(String::new()),
            PER_CONN_AUTODISCOVERY_FLAGS | PER_CONN_AUTOCONFIG_RELOAD_DELAY_MINS => {
                Answer::Dword(0)
            }
            PER_CONN_AUTOCONFIG_LAST_DETECT_TIME => Answer::Time,
            _ => {
                // SAFETY: `buffer` holds a writable list (read_list checked its size).
                unsafe { report_failed(buffer, i) };
                return Err(Error::InvalidParameter);
            }
        };
        answers.push(answer);
    }
    let mut values = Vec::with_capacity(answers.len());
    let mut allocated = Vec::new();
    for answer in &answers {
        // Every byte of the union starts zeroed (the FILETIME member covers all of it), so the
        // caller's Value is fully written whichever member it reads.
        let mut value = Value { filetime: [0, 0] };
        match answer {
            Answer::Dword(v) => value.dword = *v,
            Answer::Time => {}
            Answer::Text(t) => match allocate::<E>(t) {
                Ok(p) => {
                    if !p.is_null() {
                        allocated.push(p);
                    }
                    value.string = p;
                }
                Err(e) => {
                    free_all(&allocated);
                    return Err(e);
                }
            },
        }
        values.push(value);
    }
    for (i, value) in values.into_iter().enumerate() {
        // SAFETY: `i < list.count`; the options array is the caller's, writable. Only the value
        // union is written, after the option number.
        unsafe {
            let at = list.options.add(i) as *mut u8;
            let value_at = at.add(std::mem::offset_of!(PerConnOption, value)) as *mut Value;
            value_at.write_unaligned(value);
        }
    }
    // SAFETY: `buffer_len` checked non-NULL.
    unsafe { buffer_len.write_unaligned(need as u32) };
    Ok(Done::Now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_wininet() {
        // INTERNET_PER_CONN_OPTION_LIST and INTERNET_PER_CONN_OPTION on LP64 and ILP32.
        let word = size_of::<usize>();
        assert_eq!(size_of::<OptionList>(), if word == 8 { 32 } else { 20 });
        assert_eq!(size_of::<PerConnOption>(), if word == 8 { 16 } else { 12 });
        assert_eq!(std::mem::offset_of!(OptionList, error), word * 2 + 4);
    }

    #[test]
    fn a_session_uses_its_lists_by_access_type() {
        assert!(of_session(OPEN_TYPE_PROXY, "p:1", "").proxy_on);
        assert!(!of_session(OPEN_TYPE_DIRECT, "p:1", "").proxy_on);
        assert!(of_session(0, "p:1", "").proxy_on);
        assert!(!of_session(0, "", "").proxy_on);
        let s = Settings {
            proxy_on: true,
            proxy: "proxy.example:3128".into(),
            bypass: String::new(),
        };
        assert!(!s.config().unwrap().is_direct());
        let off = Settings {
            proxy_on: false,
            ..s.clone()
        };
        assert!(off.config().unwrap().is_direct());
        let bad = Settings {
            proxy: "http=".into(),
            ..s
        };
        assert_eq!(bad.config(), Err(Error::InvalidParameter));
    }
}
