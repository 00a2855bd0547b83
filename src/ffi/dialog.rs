// SPDX-License-Identifier: MIT OR Apache-2.0
//! error_dlg: WinInet's InternetErrorDlg without a user interface.
//!
//! Windows shows a dialog for some errors and returns what the user chose. rinet shows none:
//! every call gets the answer Windows gives with FLAGS_ERROR_UI_FLAGS_NO_UI, whatever the flags,
//! so a program written for a dialog gets "the user cancelled" where a person would have been
//! asked. The answers, from what WinInet returns with FLAGS_ERROR_UI_FLAGS_NO_UI:
//!
//! | dwError | answer |
//! | --- | --- |
//! | ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR, ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR, ERROR_INTERNET_CHG_POST_IS_NON_SECURE, ERROR_INTERNET_POST_IS_NON_SECURE | ERROR_SUCCESS |
//! | ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION | ERROR_HTTP_COOKIE_DECLINED |
//! | ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED, ERROR_INTERNET_INSERT_CDROM | ERROR_CANCELLED; ERROR_INVALID_PARAMETER without a request handle |
//! | ERROR_INTERNET_SEC_CERT_DATE_INVALID, _SEC_CERT_CN_INVALID, _INVALID_CA, _SEC_CERT_ERRORS, _SEC_CERT_REV_FAILED, _SEC_CERT_REVOKED, _SEC_CERT_WEAK_SIGNATURE, _MIXED_SECURITY, _HTTPS_HTTP_SUBMIT_REDIR, _BAD_AUTO_PROXY_SCRIPT, _UNABLE_TO_DOWNLOAD_SCRIPT, ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION | ERROR_CANCELLED |
//! | ERROR_INTERNET_INCORRECT_PASSWORD, or ERROR_SUCCESS with FLAGS_ERROR_UI_FILTER_FOR_ERRORS | the credentials rule below; ERROR_INVALID_PARAMETER without a request handle |
//! | ERROR_SUCCESS without FLAGS_ERROR_UI_FILTER_FOR_ERRORS | ERROR_SUCCESS |
//! | any other code | ERROR_CANCELLED, or ERROR_SUCCESS with FLAGS_ERROR_UI_FILTER_FOR_ERRORS |
//!
//! The credentials rule: when the request's response is 401 (or 407), Windows asks for a user
//! name and password and answers ERROR_INTERNET_FORCE_RETRY when the user gives them, so that
//! the program sends the request again. rinet answers ERROR_INTERNET_FORCE_RETRY when
//! FLAGS_ERROR_UI_FLAGS_GENERATE_DATA is given (the call may read the handle's settings), the
//! request handle has credentials (INTERNET_OPTION_USERNAME, or PROXY_USERNAME for 407), the
//! request that got the challenge did not carry any (no Authorization, or
//! Proxy-Authorization, header was sent), and a resend will answer the challenge with them (the
//! server offers a scheme rinet speaks, and neither INTERNET_FLAG_NO_AUTH nor
//! SUPPRESS_SERVER_AUTH nor a redirect to another server keeps them back). Otherwise a person
//! would have to type them: ERROR_CANCELLED. A response that is neither 401 nor 407 is
//! ERROR_SUCCESS. So a program that sets credentials after a 401 and asks InternetErrorDlg
//! resends once and succeeds; one whose credentials were refused gets ERROR_CANCELLED instead
//! of a loop.
//!
//! Before any of that: a NULL `hWnd` without FLAGS_ERROR_UI_FLAGS_NO_UI is ERROR_INVALID_HANDLE
//! (there is no window to show a dialog on), a request handle that is not valid is
//! ERROR_INVALID_HANDLE, and a valid handle that is not a request (a session or a connect
//! handle) is ERROR_SUCCESS, as WinInet answers.

use std::ffi::c_void;

use super::boundary::{guard, Done};
use super::handles;
use super::rinet_handle;
use crate::error::Error;
use crate::http::auth::{parse_all, Auth};
use crate::reactor::{HandleId, Kind};

/// FLAGS_ERROR_UI_FILTER_FOR_ERRORS.
const UI_FILTER_FOR_ERRORS: u32 = 0x01;
/// FLAGS_ERROR_UI_FLAGS_GENERATE_DATA.
const UI_GENERATE_DATA: u32 = 0x04;
/// FLAGS_ERROR_UI_FLAGS_NO_UI.
const UI_NO_UI: u32 = 0x08;

use crate::flags::INTERNET_FLAG_NO_AUTH as FLAG_NO_AUTH;

const INCORRECT_PASSWORD: u32 = 12014;
const HTTP_TO_HTTPS_ON_REDIR: u32 = 12039;
const HTTPS_TO_HTTP_ON_REDIR: u32 = 12040;
const CHG_POST_IS_NON_SECURE: u32 = 12042;
const POST_IS_NON_SECURE: u32 = 12043;
const CLIENT_AUTH_CERT_NEEDED: u32 = 12044;
const INSERT_CDROM: u32 = 12053;
const HTTP_COOKIE_NEEDS_CONFIRMATION: u32 = 12161;

/// The errors whose dialog asks the user to accept a risk (a certificate, mixed content, a
/// redirect, a proxy script): without a user the answer is ERROR_CANCELLED, with or without
/// FLAGS_ERROR_UI_FILTER_FOR_ERRORS.
const REFUSED_WITHOUT_USER: &[u32] = &[
    12037, // ERROR_INTERNET_SEC_CERT_DATE_INVALID
    12038, // ERROR_INTERNET_SEC_CERT_CN_INVALID
    12041, // ERROR_INTERNET_MIXED_SECURITY
    12044, // ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED
    12045, // ERROR_INTERNET_INVALID_CA
    12052, // ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR
    12053, // ERROR_INTERNET_INSERT_CDROM
    12055, // ERROR_INTERNET_SEC_CERT_ERRORS
    12057, // ERROR_INTERNET_SEC_CERT_REV_FAILED
    12062, // ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE
    12166, // ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT
    12167, // ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT
    12168, // ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION
    12170, // ERROR_INTERNET_SEC_CERT_REVOKED
];

/// The answer to a 401 or 407 response: see the module documentation.
fn credentials_answer(h: HandleId, flags: u32) -> Result<Done, Error> {
    let entry = handles::lookup(h)?;
    let mut st = entry.session.lock();
    let node = st
        .nodes
        .get_mut(&h)
        .filter(|n| !n.closed)
        .ok_or(Error::InvalidHandle)?;
    let opts = node.opts.clone();
    let Some(req) = node.request() else {
        return Ok(Done::Now);
    };
    let Some(resp) = req.resp.as_ref() else {
        return Ok(Done::Now);
    };
    let (user, sent, challenge, may_answer) = match resp.status {
        401 => (
            opts.username,
            "Authorization",
            "WWW-Authenticate",
            req.flags & FLAG_NO_AUTH == 0 && opts.suppress_server_auth == 0 && !req.cross_host,
        ),
        407 => (
            opts.proxy_username,
            "Proxy-Authorization",
            "Proxy-Authenticate",
            true,
        ),
        _ => return Ok(Done::Now),
    };
    let challenges = parse_all(
        resp.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(challenge))
            .map(|(_, v)| v),
    );
    // A proxy's challenge without a scheme rinet knows is answered with Basic (see
    // reactor::follow).
    let speaks = resp.status == 407 || Auth::choose(&challenges).is_some();
    let retry = flags & UI_GENERATE_DATA != 0
        && user.is_some_and(|u| !u.is_empty())
        && !req.headers.contains(sent)
        && may_answer
        && speaks;
    if retry {
        Err(Error::ForceRetry)
    } else {
        Err(Error::Cancelled)
    }
}

/// WinInet's InternetErrorDlg, answered as with FLAGS_ERROR_UI_FLAGS_NO_UI: rinet shows no
/// dialog. The module documentation of rinet's ffi::dialog (and include/wininet_sdk.h) gives
/// the answer for each error.
///
/// - `window`: the parent window (HWND); only whether it is NULL matters.
/// - `request`: the request handle the error is about, or NULL.
/// - `error`: the error to answer (a WinInet error code, or 0).
/// - `flags`: FLAGS_ERROR_UI_* bits: FILTER_FOR_ERRORS (1), CHANGE_OPTIONS (2, changes
///   nothing: no dialog ever accepts), GENERATE_DATA (4), NO_UI (8), SERIALIZE_DIALOGS (0x10).
/// - `data`: WinInet's lppvData; not read and not written.
///
/// Returns the answer as its result code, 0 (ERROR_SUCCESS), 1223 (ERROR_CANCELLED), 12032
/// (ERROR_INTERNET_FORCE_RETRY) or 12162 (ERROR_HTTP_COOKIE_DECLINED). Runs on the calling
/// thread; reads the request's response and settings under the session's lock; never pends;
/// writes nothing. Errors: 6 (ERROR_INVALID_HANDLE: a NULL `window` without NO_UI, or a bad
/// request handle), 87 (ERROR_INVALID_PARAMETER: no request handle where the answer needs
/// one).
#[no_mangle]
pub unsafe extern "C" fn rinet_error_dlg(
    window: *mut c_void,
    request: rinet_handle,
    error: u32,
    flags: u32,
    data: *mut *mut c_void,
) -> u32 {
    let _ = data;
    guard(|| {
        if window.is_null() && flags & UI_NO_UI == 0 {
            return Err(Error::InvalidHandle);
        }
        let h = request as HandleId;
        if h != 0 {
            let entry = handles::lookup(h)?;
            if entry.kind != Kind::Request {
                return Ok(Done::Now);
            }
        }
        let filter = flags & UI_FILTER_FOR_ERRORS != 0;
        match error {
            0 if !filter => Ok(Done::Now),
            0 | INCORRECT_PASSWORD => {
                if h == 0 {
                    return Err(Error::InvalidParameter);
                }
                credentials_answer(h, flags)
            }
            HTTP_TO_HTTPS_ON_REDIR
            | HTTPS_TO_HTTP_ON_REDIR
            | CHG_POST_IS_NON_SECURE
            | POST_IS_NON_SECURE => Ok(Done::Now),
            HTTP_COOKIE_NEEDS_CONFIRMATION => Err(Error::HttpCookieDeclined),
            CLIENT_AUTH_CERT_NEEDED | INSERT_CDROM if h == 0 => Err(Error::InvalidParameter),
            e if REFUSED_WITHOUT_USER.contains(&e) => Err(Error::Cancelled),
            _ if filter => Ok(Done::Now),
            _ => Err(Error::Cancelled),
        }
    })
}
