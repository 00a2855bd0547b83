// SPDX-License-Identifier: MIT OR Apache-2.0
//! What a TLS failure is ([`TlsError`]), its WinInet code ([`error_code`], [`io_error_code`])
//! and its words ([`explain`], [`io_error_text`]), for the error a request fails with and for
//! the trace.

use std::fmt;
use std::io;

use rustls::pki_types::UnixTime;
use rustls::CertificateError;

use crate::error::Error;

/// A TLS failure.
#[derive(Debug)]
pub enum TlsError {
    /// The TLS settings could not be built: the extra CA file is unreadable or holds no usable
    /// certificate.
    Config(String),
    /// The host name cannot be a TLS server name.
    BadName(String),
    /// The TLS protocol failed: the certificate was rejected, the server sent an alert, or what
    /// came back was not TLS.
    Tls(rustls::Error),
    /// The socket failed during the handshake. A server that closes before the handshake ends
    /// gives `UnexpectedEof`.
    Io(io::Error),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::Config(s) => write!(f, "TLS settings: {s}"),
            TlsError::BadName(s) => write!(f, "not a valid TLS server name: {s:?}"),
            TlsError::Tls(e) => write!(f, "TLS: {e}"),
            TlsError::Io(e) => write!(f, "TLS handshake I/O: {e}"),
        }
    }
}

impl std::error::Error for TlsError {}

/// The WinInet code for a TLS failure: an untrusted chain or a bad signature gives
/// ERROR_INTERNET_INVALID_CA (12045), a certificate for another name
/// ERROR_INTERNET_SEC_CERT_CN_INVALID (12038), a certificate outside its dates
/// ERROR_INTERNET_SEC_CERT_DATE_INVALID (12037), and everything else (a handshake or protocol
/// failure, an alert, a closed or reset socket during the handshake, TLS spoken to a plain HTTP
/// port, bad settings) ERROR_INTERNET_SECURITY_CHANNEL_ERROR (12157).
pub fn error_code(e: &TlsError) -> Error {
    match e {
        TlsError::Tls(e) => rustls_code(e),
        TlsError::Config(_) | TlsError::BadName(_) | TlsError::Io(_) => Error::SecurityChannelError,
    }
}

/// The WinInet code for an error from [`Tls::read`], [`Tls::write`] or [`Tls::flush`]: a TLS
/// protocol failure (carried inside the `io::Error`) maps as in [`error_code`]; a socket error,
/// including `UnexpectedEof` (the server closed without close_notify), maps as any socket error
/// does, through [`crate::error::from_io`].
///
/// [`Tls::read`]: super::Tls::read
/// [`Tls::write`]: super::Tls::write
/// [`Tls::flush`]: super::Tls::flush
pub fn io_error_code(e: &io::Error) -> Error {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        Some(tls) => rustls_code(tls),
        None => crate::error::from_io(e),
    }
}

/// Why a TLS failure happened, in words, naming the certificate check that failed where one
/// did: "certificate check failed: dates (expired: not valid after 2001-01-01 00:00:00 UTC)".
pub fn explain(e: &TlsError) -> String {
    match e {
        TlsError::Config(s) => format!("bad TLS settings: {s}"),
        TlsError::BadName(s) => format!("{s:?} cannot be a TLS server name"),
        TlsError::Tls(e) => rustls_text(e),
        TlsError::Io(e) => io_text(e),
    }
}

/// The text of an error from [`Tls::read`], [`Tls::write`] or [`Tls::flush`], or of any socket
/// error: a TLS failure carried inside as in [`explain`], else the system's message without
/// Rust's " (os error N)" ("Connection reset by peer").
///
/// [`Tls::read`]: super::Tls::read
/// [`Tls::write`]: super::Tls::write
/// [`Tls::flush`]: super::Tls::flush
pub fn io_error_text(e: &io::Error) -> String {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        Some(tls) => format!("TLS failure: {}", rustls_text(tls)),
        None => io_text(e),
    }
}

fn io_text(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}

/// A TLS alert in words, as RFC 8446 names it ("handshake failure", "unknown ca"), with its
/// number.
fn alert_text(alert: rustls::AlertDescription) -> String {
    let number = u8::from(alert);
    match alert.as_str() {
        Some(name) => {
            // CamelCase to words: a capital after a small letter starts one.
            let mut words = String::new();
            let mut after_small = false;
            for c in name.chars() {
                if c.is_ascii_uppercase() && after_small {
                    words.push(' ');
                }
                after_small = c.is_ascii_lowercase();
                words.push(c.to_ascii_lowercase());
            }
            format!("\"{words}\" ({number})")
        }
        None => format!("{number}"),
    }
}

fn rustls_text(e: &rustls::Error) -> String {
    let rustls::Error::InvalidCertificate(c) = e else {
        return match e {
            rustls::Error::AlertReceived(alert) => {
                format!("the server sent the alert {}", alert_text(*alert))
            }
            rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
                format!("the server does not speak TLS, or spoke it wrongly ({e})")
            }
            _ => e.to_string(),
        };
    };
    let what = match c {
        CertificateError::UnknownIssuer => {
            "unknown issuer (the chain does not lead to a trusted root)".to_string()
        }
        CertificateError::BadSignature => {
            "bad signature (a signature in the chain does not verify)".to_string()
        }
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => {
            let names = if presented.is_empty() {
                "no host name".to_string()
            } else {
                presented
                    .iter()
                    .map(|n| presented_name(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "host name (the certificate is for {names}, not {})",
                expected.to_str()
            )
        }
        CertificateError::NotValidForName => {
            "host name (the certificate is for another host)".to_string()
        }
        CertificateError::ExpiredContext { not_after, .. } => {
            format!("dates (expired: not valid after {})", unix_text(not_after))
        }
        CertificateError::NotValidYetContext { not_before, .. } => {
            format!("dates (not valid before {})", unix_text(not_before))
        }
        CertificateError::Expired => "dates (expired)".to_string(),
        CertificateError::NotValidYet => "dates (not valid yet)".to_string(),
        other => other.to_string(),
    };
    format!("certificate check failed: {what}")
}

/// A name as WebPKI presents it (`DnsName("a.example")`, `IpAddress(127.0.0.1)`) without its
/// wrapping.
fn presented_name(name: &str) -> &str {
    if let Some(inner) = name
        .strip_prefix("DnsName(\"")
        .and_then(|n| n.strip_suffix("\")"))
    {
        return inner;
    }
    name.strip_prefix("IpAddress(")
        .and_then(|n| n.strip_suffix(')'))
        .unwrap_or(name)
}

pub(super) fn rustls_code(e: &rustls::Error) -> Error {
    match problem(e) {
        Problem::UnknownIssuer | Problem::BadSignature => Error::InvalidCa,
        Problem::Name => Error::SecCertCnInvalid,
        Problem::Date(_) => Error::SecCertDateInvalid,
        Problem::Other => Error::SecurityChannelError,
    }
}

/// What a certificate verification failure is about.
#[derive(Debug, Clone, Copy)]
pub(super) enum Problem {
    /// The chain does not lead to a trusted root.
    UnknownIssuer,
    /// A signature in the chain does not verify.
    BadSignature,
    /// The leaf does not name the host.
    Name,
    /// A certificate is outside its validity dates; when known, a time at which that
    /// certificate is valid.
    Date(Option<UnixTime>),
    /// Anything else.
    Other,
}

pub(super) fn problem(e: &rustls::Error) -> Problem {
    let rustls::Error::InvalidCertificate(c) = e else {
        return Problem::Other;
    };
    match c {
        CertificateError::UnknownIssuer => Problem::UnknownIssuer,
        CertificateError::BadSignature => Problem::BadSignature,
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            Problem::Name
        }
        CertificateError::ExpiredContext { not_after, .. } => Problem::Date(Some(*not_after)),
        CertificateError::NotValidYetContext { not_before, .. } => Problem::Date(Some(*not_before)),
        CertificateError::Expired | CertificateError::NotValidYet => Problem::Date(None),
        _ => Problem::Other,
    }
}

/// A certificate time as failure details and the trace write it.
pub(super) fn unix_text(t: &UnixTime) -> String {
    crate::http::date::format_utc(i64::try_from(t.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    #[test]
    fn alerts_in_words() {
        use rustls::AlertDescription as A;
        assert_eq!(
            super::alert_text(A::HandshakeFailure),
            "\"handshake failure\" (40)"
        );
        assert_eq!(super::alert_text(A::UnknownCA), "\"unknown ca\" (48)");
        assert_eq!(super::alert_text(A::Unknown(200)), "200");
    }
}
