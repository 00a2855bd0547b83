// SPDX-License-Identifier: MIT OR Apache-2.0
//! TLS for HTTPS connections: rustls driven over a non-blocking socket.
//!
//! This module knows nothing of requests, handles or C. It gives the reactor three things:
//!
//! - [`client_config`]: the rustls client settings for a set of [`TlsOptions`], built once per
//!   process for each distinct set and shared. Certificates are checked against the system trust
//!   store (loaded once per process) plus an optional PEM file of extra CA certificates, and ALPN
//!   offers `http/1.1` only.
//! - [`Tls`]: one client-side TLS session over a socket the caller owns. Every method works on a
//!   non-blocking socket and reports "wait for readiness" as `WouldBlock` (or `Ok(false)`), so it
//!   fits mio's edge-triggered readiness: a method returns `WouldBlock` only after the socket
//!   itself said `WouldBlock`, and never while bytes it already pulled from the socket wait
//!   unprocessed.
//! - [`error_code`] and [`io_error_code`]: the WinInet code for each TLS failure.
//!
//! # Certificate checks and the SECURITY_FLAG_IGNORE_* relaxations
//!
//! The verifier wraps rustls' WebPKI verifier and relaxes exactly the checks the caller named:
//!
//! | check | WinInet code | relaxed only by |
//! | --- | --- | --- |
//! | the chain leads to a trusted root | 12045 `ERROR_INTERNET_INVALID_CA` | `ignore_unknown_ca` |
//! | every certificate is within its validity dates | 12037 `SEC_CERT_DATE_INVALID` | `ignore_date` |
//! | the server certificate names the host | 12038 `SEC_CERT_CN_INVALID` | `ignore_cn` |
//! | signatures (chain and handshake) verify | 12045 | never |
//!
//! Under `ignore_unknown_ca` the last certificate the server sent is taken as the root, so the
//! signatures up to it are still verified, and so are every certificate's dates and the name
//! unless those are relaxed too. A leaf whose issuer the server did not send at all can only
//! have its own dates, its constraints and its name checked.
//!
//! A self-signed server certificate (its issuer is its subject and it is signed with its own
//! key) is its own root, whatever its basicConstraints: `openssl req -x509` makes CA:TRUE
//! certificates by default, which WebPKI refuses as a server's own, so rinet checks these
//! itself (reading the certificate with `reactor/x509.rs`): its signature over itself, its
//! dates, its extended key usage, whether it is one of the trusted roots (the system store or
//! the extra CA file), and its name, each relaxed only by its own flag as above.
//!
//! A server certificate with no subjectAltName extension at all names the host when a common
//! name of its subject is that DNS name (compared without regard to ASCII case), as WinInet and
//! OpenSSL read such certificates. An IP address is matched against the subjectAltName only.
//!
//! At trace level 2 every verification says which check failed and why, each check that a
//! flag relaxed, and whether the certificate was accepted.
//!
//! rinet checks no revocation (it configures no CRLs and ignores stapled OCSP responses), so
//! `ignore_revocation` changes nothing; it is accepted because WinInet has the flag.
//!
//! # Crypto provider
//!
//! rustls runs on its `ring` provider, with rustls' default features off. `ring` builds with
//! the C compiler a fresh machine already has for Rust (its assembly comes pre-generated), so
//! `cargo build` needs nothing beyond the packaged toolchain. The other provider, `aws-lc-rs`,
//! builds AWS-LC from source and needs cmake (and on some targets more tools) on the build
//! machine, which a C library's users should not have to install to build rinet.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, ClientConnection, DigitallySignedStruct};
use rustls::{RootCertStore, SignatureScheme};

use super::x509;
use crate::error::Error;

/// Most TLS output (encrypted records not yet on the wire) that [`Tls::write`] lets pile up
/// before it stops accepting plaintext.
pub const WRITE_BUFFER: usize = 64 * 1024;

/// How many times one verification may be retried while relaxing checks (each relaxation moves
/// the verification time or the roots once; a chain needs at most a few).
const MAX_RETRIES: usize = 8;

/// Which certificate checks to relax, and which extra CA certificates to trust. The default
/// relaxes nothing and trusts the system store only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TlsOptions {
    /// SECURITY_FLAG_IGNORE_UNKNOWN_CA: accept a chain that does not lead to a trusted root.
    pub ignore_unknown_ca: bool,
    /// SECURITY_FLAG_IGNORE_CERT_CN_INVALID / INTERNET_FLAG_IGNORE_CERT_CN_INVALID: accept a
    /// certificate that does not name the host.
    pub ignore_cn: bool,
    /// SECURITY_FLAG_IGNORE_CERT_DATE_INVALID / INTERNET_FLAG_IGNORE_CERT_DATE_INVALID: accept
    /// certificates outside their validity dates.
    pub ignore_date: bool,
    /// SECURITY_FLAG_IGNORE_REVOCATION: accepted; rinet checks no revocation.
    pub ignore_revocation: bool,
    /// A PEM file of CA certificates trusted in addition to the system store (private CAs).
    pub extra_ca_file: Option<PathBuf>,
}

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

fn rustls_code(e: &rustls::Error) -> Error {
    match problem(e) {
        Problem::UnknownIssuer | Problem::BadSignature => Error::InvalidCa,
        Problem::Name => Error::SecCertCnInvalid,
        Problem::Date(_) => Error::SecCertDateInvalid,
        Problem::Other => Error::SecurityChannelError,
    }
}

/// What a certificate verification failure is about.
#[derive(Debug, Clone, Copy)]
enum Problem {
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

fn problem(e: &rustls::Error) -> Problem {
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

/// The crypto provider rinet uses.
fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// The system trust store, read once per process. Certificates the store holds that cannot be
/// parsed are skipped; a machine without a store gives an empty one.
fn system_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        roots
    })
}

/// Read the extra CA certificates of a PEM file.
fn extra_roots(path: &std::path::Path, roots: &mut RootCertStore) -> Result<(), TlsError> {
    let bad = |why: String| TlsError::Config(format!("CA file {}: {why}", path.display()));
    let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let mut found = 0;
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|e| bad(e.to_string()))?;
        roots
            .add(cert)
            .map_err(|e| bad(format!("unusable certificate: {e}")))?;
        found += 1;
    }
    if found == 0 {
        return Err(bad("no CERTIFICATE in it".into()));
    }
    Ok(())
}

/// The rustls client settings for `opts`. Built on first use and cached for the life of the
/// process, so every connection made with the same options shares one configuration (and its
/// TLS session cache). The extra CA file is read when the settings are first built; a failure to
/// read it is not cached, so a corrected file works on the next call.
pub fn client_config(opts: &TlsOptions) -> Result<Arc<ClientConfig>, TlsError> {
    static CONFIGS: OnceLock<Mutex<HashMap<TlsOptions, Arc<ClientConfig>>>> = OnceLock::new();
    let cache = CONFIGS.get_or_init(Default::default);
    if let Some(c) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(opts) {
        return Ok(c.clone());
    }
    let config = build_config(opts)?;
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    Ok(map.entry(opts.clone()).or_insert(config).clone())
}

fn build_config(opts: &TlsOptions) -> Result<Arc<ClientConfig>, TlsError> {
    let mut roots = system_roots().clone();
    if let Some(path) = &opts.extra_ca_file {
        extra_roots(path, &mut roots)?;
    }
    let roots = Arc::new(roots);
    let provider = provider();
    let trusted = if roots.is_empty() {
        None
    } else {
        Some(
            WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
                .build()
                .map_err(|e| TlsError::Config(e.to_string()))?,
        )
    };
    let verifier = Verifier {
        trusted,
        roots,
        provider: provider.clone(),
        ignore_unknown_ca: opts.ignore_unknown_ca,
        ignore_cn: opts.ignore_cn,
        ignore_date: opts.ignore_date,
    };
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The server certificate verifier: WebPKI against the trusted roots, with the relaxations of
/// [`TlsOptions`], and rinet's own checks for a self-signed server certificate.
#[derive(Debug)]
struct Verifier {
    /// WebPKI over the trusted roots; None when there are no trusted roots at all, in which case
    /// every chain has an unknown issuer.
    trusted: Option<Arc<WebPkiServerVerifier>>,
    /// The trusted roots themselves, to recognise a self-signed server certificate that is one
    /// of them.
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
    ignore_unknown_ca: bool,
    ignore_cn: bool,
    ignore_date: bool,
}

/// The server's name as the trace shows it.
fn host_text(name: &ServerName<'_>) -> String {
    match name {
        ServerName::DnsName(d) => d.as_ref().to_owned(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        _ => "the server".to_owned(),
    }
}

/// A certificate time as failure details and the trace write it.
fn unix_text(t: &UnixTime) -> String {
    crate::http::date::format_utc(i64::try_from(t.as_secs()).unwrap_or(i64::MAX))
}

fn unix_time(secs: i64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs.max(0).unsigned_abs()))
}

/// Which check a verification failure is about, and why it failed, for the trace.
fn why(e: &rustls::Error) -> String {
    let rustls::Error::InvalidCertificate(c) = e else {
        return e.to_string();
    };
    match c {
        CertificateError::UnknownIssuer => {
            "unknown CA: the certificate chain does not lead to a trusted root".into()
        }
        CertificateError::BadSignature => {
            "bad signature: a certificate's signature does not verify".into()
        }
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => format!(
            "name mismatch: the certificate is not for {} (it names {})",
            host_text(expected),
            if presented.is_empty() {
                "nothing in a subjectAltName".to_owned()
            } else {
                presented
                    .iter()
                    .map(|n| name_text(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        CertificateError::NotValidForName => {
            "name mismatch: the certificate does not name the host".into()
        }
        CertificateError::ExpiredContext { time, not_after } => format!(
            "date invalid: a certificate expired at {} (now {})",
            unix_text(not_after),
            unix_text(time)
        ),
        CertificateError::NotValidYetContext { time, not_before } => format!(
            "date invalid: a certificate is not valid before {} (now {})",
            unix_text(not_before),
            unix_text(time)
        ),
        CertificateError::Expired | CertificateError::NotValidYet => {
            "date invalid: a certificate is outside its validity dates".into()
        }
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            "wrong purpose: the certificate's extended key usage excludes TLS servers".into()
        }
        other => format!("certificate refused: {other}"),
    }
}

/// A name WebPKI found in a certificate (`DnsName("host")`, `IpAddress(127.0.0.1)`) as the
/// bare name.
fn name_text(presented: &str) -> &str {
    presented
        .strip_prefix("DnsName(\"")
        .and_then(|n| n.strip_suffix("\")"))
        .or_else(|| {
            presented
                .strip_prefix("IpAddress(")
                .and_then(|n| n.strip_suffix(')'))
        })
        .unwrap_or(presented)
}

/// Trace a check that failed and that `flag` relaxes (`why` is called only when tracing).
fn ignored(host: &str, why: impl FnOnce() -> String, flag: &str) {
    crate::trace!(
        2,
        "TLS certificate of {host}: {}; ignored (SECURITY_FLAG_{flag})",
        why()
    );
}

impl Verifier {
    /// A WebPKI verifier whose roots are `certs`, some of the certificates the server sent.
    /// None when none of them can serve as a root.
    fn rooted_in<'a>(
        &self,
        certs: impl IntoIterator<Item = CertificateDer<'a>>,
    ) -> Option<Arc<WebPkiServerVerifier>> {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(certs);
        if roots.is_empty() {
            return None;
        }
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), self.provider.clone())
            .build()
            .ok()
    }

    /// True when `cert` carries a valid signature made with its own key, by an algorithm of the
    /// provider (the same algorithms, and the same matching of algorithm identifiers, as WebPKI
    /// uses for a chain).
    fn signed_by_itself(&self, cert: &x509::Cert<'_>) -> bool {
        self.provider
            .signature_verification_algorithms
            .all
            .iter()
            .filter(|alg| {
                alg.signature_alg_id().as_ref() == cert.signature_algorithm
                    && alg.public_key_alg_id().as_ref() == cert.key_algorithm
            })
            .any(|alg| {
                alg.verify_signature(cert.key, cert.tbs, cert.signature)
                    .is_ok()
            })
    }

    /// The name check failed with `err` (after every other check passed). Accept when the
    /// certificate has no subjectAltName at all and a common name of its subject is the host
    /// (as WinInet and OpenSSL read such certificates), or when `ignore_cn` says so.
    fn name_failed(
        &self,
        host: &str,
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        err: rustls::Error,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let wanted = match server_name {
            ServerName::DnsName(d) => Some(d.as_ref().trim_end_matches('.')),
            _ => None,
        };
        if let (Some(wanted), Some(cert)) = (wanted, x509::Cert::parse(end_entity)) {
            let named = !cert.has_subject_alt_name
                && cert.common_names().iter().any(|cn| {
                    let cn = cn.strip_suffix(b".").unwrap_or(cn);
                    cn.eq_ignore_ascii_case(wanted.as_bytes())
                });
            if named {
                crate::trace!(
                    2,
                    "TLS certificate of {host}: no subjectAltName; the subject's common name \
                     is the host"
                );
                return Ok(ServerCertVerified::assertion());
            }
        }
        if self.ignore_cn {
            ignored(host, || why(&err), "IGNORE_CERT_CN_INVALID");
            return Ok(ServerCertVerified::assertion());
        }
        Err(err)
    }

    /// A self-signed server certificate (its issuer is its subject, and it is signed with its
    /// own key, which the caller checked) is its own root. WebPKI cannot verify it when it is a
    /// CA certificate, as `openssl req -x509` makes them by default (it refuses a CA certificate
    /// as a server's), so rinet makes the checks itself, in WebPKI's order: it must be a
    /// well-formed certificate WebPKI can parse, within its dates (unless `ignore_date`), not
    /// limited to other purposes than a TLS server's, one of the trusted roots (unless
    /// `ignore_unknown_ca`), and for the host (unless `ignore_cn`). Its basicConstraints do not
    /// matter, as they do not to WinInet: a self-signed certificate is a root either way.
    fn verify_self_signed(
        &self,
        host: &str,
        end_entity: &CertificateDer<'_>,
        cert: &x509::Cert<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // WebPKI's parse refuses malformed certificates and unknown critical extensions.
        let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
        crate::trace!(
            2,
            "TLS certificate of {host}: self-signed, checked as its own root"
        );
        let secs = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
        let date = if secs < cert.not_before {
            Some(CertificateError::NotValidYetContext {
                time: now,
                not_before: unix_time(cert.not_before),
            })
        } else if secs > cert.not_after {
            Some(CertificateError::ExpiredContext {
                time: now,
                not_after: unix_time(cert.not_after),
            })
        } else {
            None
        };
        if let Some(e) = date {
            let e = rustls::Error::from(e);
            if !self.ignore_date {
                return Err(e);
            }
            ignored(host, || why(&e), "IGNORE_CERT_DATE_INVALID");
        }
        if let Some(purposes) = &cert.key_purposes {
            if !purposes.contains(&x509::OID_SERVER_AUTH) {
                return Err(CertificateError::InvalidPurpose.into());
            }
        }
        // A root is a subject and a key. One that carries name constraints is not taken as
        // the server's own certificate: rinet does not check names against constraints.
        let trusted = self.roots.roots.iter().any(|root| {
            root.subject.as_ref() == cert.subject
                && root.subject_public_key_info.as_ref() == cert.spki
                && root.name_constraints.is_none()
        });
        if !trusted {
            if !self.ignore_unknown_ca {
                return Err(CertificateError::UnknownIssuer.into());
            }
            ignored(
                host,
                || "unknown CA: the certificate is self-signed and not a trusted root".into(),
                "IGNORE_UNKNOWN_CA",
            );
        }
        match rustls::client::verify_server_name(&parsed, server_name) {
            Ok(()) => Ok(ServerCertVerified::assertion()),
            Err(e) => self.name_failed(host, end_entity, server_name, e),
        }
    }

    // What this relies on in WebPKI: it checks each certificate's own dates and constraints
    // before it looks for that certificate's issuer; it verifies signatures only along a path
    // that reaches a root; it checks the name last, after a path is found; and among the
    // failures of the paths it tried it reports the most specific one, in the order dates,
    // name, signatures, ..., unknown issuer. So:
    // - an unknown issuer from the trusted roots means every certificate on the paths tried
    //   was within its dates and constraints, but says nothing yet about the signatures;
    // - a name failure means everything else passed.
    // Each relaxation below either accepts at such a point or runs WebPKI again with one thing
    // changed (the time, or the roots), so that every check not relaxed still runs.
    fn verify_chain(
        &self,
        host: &str,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut at = now;
        let mut anchors = Anchors::Trusted;
        let mut verifier = self.trusted.clone();
        let mut last = None;
        for _ in 0..MAX_RETRIES {
            let result = match &verifier {
                Some(v) => {
                    v.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, at)
                }
                None => Err(CertificateError::UnknownIssuer.into()),
            };
            let err = match result {
                Ok(ok) => return Ok(ok),
                Err(e) => e,
            };
            match problem(&err) {
                // Verify again at a time when the offending certificate is valid; any other
                // certificate out of its dates then shows up the same way.
                Problem::Date(Some(valid_at)) if self.ignore_date && valid_at != at => {
                    ignored(host, || why(&err), "IGNORE_CERT_DATE_INVALID");
                    at = valid_at;
                }
                // The name is checked last: the chain and dates have passed.
                Problem::Name => return self.name_failed(host, end_entity, server_name, err),
                Problem::UnknownIssuer if self.ignore_unknown_ca => {
                    let next = match anchors {
                        Anchors::Trusted => Some(Anchors::Top),
                        Anchors::Top if !intermediates.is_empty() => Some(Anchors::AllSent),
                        _ => None,
                    };
                    if anchors == Anchors::Trusted {
                        ignored(host, || why(&err), "IGNORE_UNKNOWN_CA");
                    }
                    let Some(next) = next else {
                        // Even rooted in what the server sent, the leaf has no issuer: the
                        // server did not send it. WebPKI has checked the leaf's own dates and
                        // constraints before looking for that issuer; the name is left.
                        crate::trace!(
                            2,
                            "TLS certificate of {host}: its issuer was not sent; only its own \
                             dates, constraints and name can be checked"
                        );
                        let cert = rustls::server::ParsedCertificate::try_from(end_entity)?;
                        return match rustls::client::verify_server_name(&cert, server_name) {
                            Ok(()) => Ok(ServerCertVerified::assertion()),
                            Err(e) => self.name_failed(host, end_entity, server_name, e),
                        };
                    };
                    let top = intermediates.last().unwrap_or(end_entity);
                    let roots = match next {
                        Anchors::Top => self.rooted_in([top.clone()]),
                        _ => self.rooted_in(
                            std::iter::once(end_entity.clone())
                                .chain(intermediates.iter().cloned()),
                        ),
                    };
                    anchors = next;
                    verifier = Some(roots.ok_or(err)?);
                    continue;
                }
                _ => return Err(err),
            }
            last = Some(err);
        }
        Err(last.unwrap_or(CertificateError::UnknownIssuer.into()))
    }

    fn verify(
        &self,
        host: &str,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let chain = || {
            self.verify_chain(
                host,
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            )
        };
        match x509::Cert::parse(end_entity) {
            Some(cert) if cert.issuer == cert.subject => {
                if self.signed_by_itself(&cert) {
                    return self.verify_self_signed(host, end_entity, &cert, server_name, now);
                }
                // Self-issued but not signed with its own key: a CA of the same name may have
                // issued it. If no chain verifies either, what is wrong with it for sure is
                // its signature, whatever else WebPKI found first.
                chain().map_err(|e| match problem(&e) {
                    Problem::Other => CertificateError::BadSignature.into(),
                    _ => e,
                })
            }
            _ => chain(),
        }
    }
}

/// The roots a verification runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchors {
    /// The trusted roots (system store and extra CA file).
    Trusted,
    /// The last certificate the server sent (the leaf itself when it sent only that), so that
    /// the path up to it, signatures included, is verified.
    Top,
    /// Every certificate the server sent, for a chain sent out of order.
    AllSent,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The name is only for the trace.
        let host = if crate::trace::on(2) {
            host_text(server_name)
        } else {
            String::new()
        };
        let result = self.verify(
            &host,
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        match &result {
            Ok(_) => crate::trace!(2, "TLS certificate of {host}: accepted"),
            Err(e) => crate::trace!(
                2,
                "TLS certificate of {host}: refused with {}: {}",
                rustls_code(e).code(),
                why(e)
            ),
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// One client TLS session over a socket that the caller owns and passes to each call (the mio
/// `TcpStream` of a connection, or any non-blocking `Read + Write`).
///
/// Use: [`Tls::handshake`] until it returns `Ok(true)`, then [`Tls::write`] the request and
/// [`Tls::read`] the response. Bytes accepted by `write` may still sit in the session when the
/// socket is full: [`Tls::wants_write`] says so, and [`Tls::flush`] (or any later `read` or
/// `write`) sends them when the socket is writable again.
pub struct Tls {
    conn: ClientConnection,
}

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls")
            .field("handshaking", &self.conn.is_handshaking())
            .field("wants_write", &self.conn.wants_write())
            .finish()
    }
}

impl Tls {
    /// Start a session to `server_name`, a DNS name or an IP literal (IPv6 with or without
    /// brackets). DNS names are sent as SNI; IP literals are not, and are checked against the
    /// certificate's IP addresses.
    pub fn new(config: Arc<ClientConfig>, server_name: &str) -> Result<Tls, TlsError> {
        let host = server_name
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(server_name);
        let name = ServerName::try_from(host.to_owned())
            .map_err(|_| TlsError::BadName(server_name.to_owned()))?;
        let mut conn = ClientConnection::new(config, name).map_err(TlsError::Tls)?;
        conn.set_buffer_limit(Some(WRITE_BUFFER));
        Ok(Tls { conn })
    }

    /// Move the handshake on as far as the socket allows. `Ok(true)` once it is complete and
    /// everything it wrote is on the wire; `Ok(false)` to wait for readiness (readable or
    /// writable, whichever comes). A certificate rejection, an alert or non-TLS bytes give
    /// [`TlsError::Tls`]; a server that closes first gives [`TlsError::Io`] of kind
    /// `UnexpectedEof`. Calling it again after `Ok(true)` returns `Ok(true)`.
    pub fn handshake<S: Read + Write>(&mut self, sock: &mut S) -> Result<bool, TlsError> {
        loop {
            let flushed = self.flush(sock).map_err(TlsError::Io)?;
            if !self.conn.is_handshaking() {
                return Ok(flushed);
            }
            match self.conn.read_tls(sock) {
                Ok(0) => {
                    return Err(TlsError::Io(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed the connection during the TLS handshake",
                    )))
                }
                Ok(_) => {
                    if let Err(e) = self.conn.process_new_packets() {
                        // Let the alert rustls queued reach the server if it can.
                        let _ = self.flush(sock);
                        return Err(TlsError::Tls(e));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(TlsError::Io(e)),
            }
        }
    }

    /// True until the handshake is complete.
    pub fn is_handshaking(&self) -> bool {
        self.conn.is_handshaking()
    }

    /// Read decrypted bytes into `buf` (which must not be empty). `Ok(n)` with `n > 0`: data.
    /// `Ok(0)`: the server ended the session with close_notify. `WouldBlock`: nothing decrypted
    /// is ready and the socket has nothing more now. `UnexpectedEof`: the server closed the
    /// connection without close_notify, which may have cut the data short; it is never
    /// reported as a clean end. `InvalidData` carrying a `rustls::Error`: the session failed
    /// (see [`io_error_code`]).
    ///
    /// It first tries to send any pending output (without failing on a socket error there,
    /// since the server's reply may still be readable), so a caller waiting to read need not
    /// flush separately.
    pub fn read<S: Read + Write>(&mut self, sock: &mut S, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let _ = self.flush(sock);
        loop {
            match self.conn.reader().read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
            // Nothing decrypted is waiting: pull more from the socket. Ok(0) is the socket's
            // EOF, which rustls records; the reader above then tells a close_notify from a
            // truncation.
            match self.conn.read_tls(sock) {
                Ok(_) => {
                    if let Err(e) = self.conn.process_new_packets() {
                        let _ = self.flush(sock);
                        return Err(io::Error::new(io::ErrorKind::InvalidData, e));
                    }
                    // A key update answer or similar may have been queued.
                    let _ = self.flush(sock);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Encrypt some of `data` for sending. Returns how many bytes were taken (at least one);
    /// they now belong to the session, which sends them as the socket allows. Plaintext is
    /// taken only while the session's unsent output is under [`WRITE_BUFFER`]; when it is full
    /// and the socket takes nothing, `WouldBlock`: wait for writable. An empty `data` gives
    /// `Ok(0)`. A socket error while sending is returned.
    pub fn write<S: Read + Write>(&mut self, sock: &mut S, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        self.flush(sock)?;
        let n = self.conn.writer().write(data)?;
        if n == 0 {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        self.flush(sock)?;
        Ok(n)
    }

    /// Send pending output. `Ok(true)` when all of it is on the wire, `Ok(false)` when the
    /// socket is full (wait for writable).
    pub fn flush<S: Write>(&mut self, sock: &mut S) -> io::Result<bool> {
        while self.conn.wants_write() {
            match self.conn.write_tls(sock) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// True while output is waiting for the socket (then ask for writable readiness).
    pub fn wants_write(&self) -> bool {
        self.conn.wants_write()
    }

    /// For an idle pooled connection: true when it is still usable. It processes whatever the
    /// server sent meanwhile (TLS 1.3 session tickets arrive this way and are fine) and answers
    /// false for decrypted data nobody asked for, a close_notify, an EOF, an error, or output
    /// that could not be sent.
    pub fn idle_alive<S: Read + Write>(&mut self, sock: &mut S) -> bool {
        if !matches!(self.flush(sock), Ok(true)) {
            return false;
        }
        loop {
            match self.conn.process_new_packets() {
                Ok(state) if state.plaintext_bytes_to_read() == 0 && !state.peer_has_closed() => {}
                _ => return false,
            }
            match self.conn.read_tls(sock) {
                Ok(0) => return false,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }

    /// Queue a close_notify and try once to send it, ignoring errors: a polite end before the
    /// socket is closed. Nothing may be written after it.
    pub fn close<S: Write>(&mut self, sock: &mut S) {
        self.conn.send_close_notify();
        let _ = self.flush(sock);
    }

    /// The rustls session, for what it knows after the handshake: the negotiated protocol
    /// version and cipher suite, the ALPN protocol, the server's certificates.
    pub fn session(&self) -> &ClientConnection {
        &self.conn
    }

    /// What the handshake settled, as the trace shows it: "TLSv1.3, cipher
    /// TLS_AES_256_GCM_SHA384, ALPN http/1.1" (IANA names; "ALPN none" when the server chose
    /// no protocol), with ", resumed" after a resumed session.
    pub fn session_text(&self) -> String {
        let version = match self.conn.protocol_version() {
            // "TLSv1_3" => "TLSv1.3".
            Some(v) => v.as_str().map_or_else(
                || format!("TLS 0x{:04x}", u16::from(v)),
                |n| n.replace('_', "."),
            ),
            None => "no TLS version".to_string(),
        };
        let cipher = self.conn.negotiated_cipher_suite().map_or_else(
            || "none".to_string(),
            |s| {
                let suite = s.suite();
                // rustls spells the TLS 1.3 suites TLS13_*; their IANA names are TLS_*.
                suite.as_str().map_or_else(
                    || format!("0x{:04x}", u16::from(suite)),
                    |n| n.replacen("TLS13_", "TLS_", 1),
                )
            },
        );
        let alpn = self.conn.alpn_protocol().map_or_else(
            || "none".to_string(),
            |p| String::from_utf8_lossy(p).escape_debug().to_string(),
        );
        let resumed = matches!(
            self.conn.handshake_kind(),
            Some(rustls::HandshakeKind::Resumed)
        );
        format!(
            "{version}, cipher {cipher}, ALPN {alpn}{}",
            if resumed { ", resumed" } else { "" }
        )
    }
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

    use super::*;
    use mio::{Events, Interest, Poll, Token};
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
        KeyUsagePurpose,
    };
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    use rustls::{ServerConfig, ServerConnection, StreamOwned};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::thread::{self, JoinHandle};
    use std::time::Duration;

    /// How long a test waits for readiness before calling the exchange stalled.
    const STALL: Duration = Duration::from_secs(10);

    /// A test CA: its certificate and the issuer that signs leaves.
    struct Ca {
        issuer: CertifiedIssuer<'static, KeyPair>,
    }

    impl Ca {
        fn new(name: &str) -> Ca {
            let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
            params.distinguished_name.push(DnType::CommonName, name);
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
            let issuer =
                CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
            Ca { issuer }
        }

        fn der(&self) -> CertificateDer<'static> {
            self.issuer.der().clone()
        }

        /// Write the CA certificate as PEM to a fresh file (the config cache is keyed by path).
        fn pem_file(&self) -> PathBuf {
            static N: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!("rinet-tls-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("ca-{}.pem", N.fetch_add(1, Ordering::Relaxed)));
            std::fs::write(&path, self.issuer.pem()).unwrap();
            path
        }

        /// A leaf for `names`, valid over the given years (None: rcgen's wide default).
        fn leaf(&self, names: &[&str], years: Option<(i32, i32)>) -> Leaf {
            let key = KeyPair::generate().unwrap();
            let params = leaf_params(names, years);
            let cert = params.signed_by(&key, &self.issuer).unwrap();
            Leaf {
                chain: vec![cert.der().clone()],
                key,
            }
        }
    }

    fn leaf_params(names: &[&str], years: Option<(i32, i32)>) -> CertificateParams {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "rinet test server");
        if let Some((from, to)) = years {
            params.not_before = rcgen::date_time_ymd(from, 1, 1);
            params.not_after = rcgen::date_time_ymd(to, 1, 1);
        }
        params
    }

    /// A server certificate chain and its key.
    struct Leaf {
        chain: Vec<CertificateDer<'static>>,
        key: KeyPair,
    }

    impl Leaf {
        fn self_signed(names: &[&str]) -> Leaf {
            let key = KeyPair::generate().unwrap();
            let cert = leaf_params(names, None).self_signed(&key).unwrap();
            Leaf {
                chain: vec![cert.der().clone()],
                key,
            }
        }

        fn server_config(&self) -> Arc<ServerConfig> {
            self.server_config_for(rustls::DEFAULT_VERSIONS)
        }

        /// A server offering only these TLS versions.
        fn server_config_for(
            &self,
            versions: &[&'static rustls::SupportedProtocolVersion],
        ) -> Arc<ServerConfig> {
            let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.serialize_der()));
            let mut cfg = ServerConfig::builder_with_provider(provider())
                .with_protocol_versions(versions)
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(self.chain.clone(), key)
                .unwrap();
            cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
            Arc::new(cfg)
        }
    }

    /// What the test server does once the handshake is over.
    #[derive(Clone, Copy)]
    enum Script {
        /// Read one line, answer "pong: <line>", close_notify.
        Echo,
        /// Send `n` pattern bytes, then close the socket without close_notify.
        Truncate(usize),
        /// Wait for the gate (if any), read `n` bytes, reply with their count and a pattern of
        /// `n` bytes, close_notify.
        Bulk(usize),
    }

    fn pattern(n: usize) -> Vec<u8> {
        (0..n).map(|i| b'a' + (i % 26) as u8).collect()
    }

    /// A one-connection TLS server on 127.0.0.1. Its thread ends on any error.
    fn tls_server(cfg: Arc<ServerConfig>, script: Script) -> (u16, JoinHandle<()>) {
        tls_server_gated(cfg, script, None)
    }

    /// As [`tls_server`]; after the handshake the server waits for `gate` before reading.
    fn tls_server_gated(
        cfg: Arc<ServerConfig>,
        script: Script,
        gate: Option<mpsc::Receiver<()>>,
    ) -> (u16, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let t = thread::spawn(move || {
            let Ok((sock, _)) = listener.accept() else {
                return;
            };
            sock.set_read_timeout(Some(STALL)).unwrap();
            sock.set_write_timeout(Some(STALL)).unwrap();
            let conn = ServerConnection::new(cfg).unwrap();
            let mut s = StreamOwned::new(conn, sock);
            let _ = serve(&mut s, script, gate);
        });
        (port, t)
    }

    fn serve(
        s: &mut StreamOwned<ServerConnection, TcpStream>,
        script: Script,
        gate: Option<mpsc::Receiver<()>>,
    ) -> io::Result<()> {
        while s.conn.is_handshaking() {
            s.conn.complete_io(&mut s.sock)?;
        }
        match script {
            Script::Echo => {
                let mut line = Vec::new();
                let mut b = [0u8; 1];
                while !line.ends_with(b"\n") {
                    if s.read(&mut b)? == 0 {
                        return Ok(());
                    }
                    line.push(b[0]);
                }
                s.write_all(b"pong: ")?;
                s.write_all(&line)?;
                s.conn.send_close_notify();
                s.flush()?;
                s.sock.shutdown(Shutdown::Write)?;
            }
            Script::Truncate(n) => {
                s.write_all(&pattern(n))?;
                s.flush()?;
                s.sock.shutdown(Shutdown::Both)?;
            }
            Script::Bulk(n) => {
                // Let the client fill its socket and the session's buffer first.
                if let Some(gate) = gate {
                    let _ = gate.recv_timeout(STALL);
                }
                let mut got = vec![0u8; n];
                s.read_exact(&mut got)?;
                assert_eq!(got, pattern(n));
                s.write_all(format!("{n}\n").as_bytes())?;
                s.write_all(&pattern(n))?;
                s.conn.send_close_notify();
                s.flush()?;
            }
        }
        Ok(())
    }

    /// A server that answers any bytes with a plain HTTP error and closes, as an HTTP port does
    /// when it is sent a ClientHello.
    fn plain_server() -> (u16, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let t = thread::spawn(move || {
            if let Ok((mut sock, _)) = listener.accept() {
                let mut b = [0u8; 4096];
                let _ = sock.read(&mut b);
                let _ = sock.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            }
        });
        (port, t)
    }

    /// The client side: a mio socket, edge-triggered, and a `Tls` over it. Every wait is for a
    /// real readiness event, so a `WouldBlock` given while data was already buffered would
    /// stall the test instead of passing.
    struct Client {
        poll: Poll,
        events: Events,
        sock: mio::net::TcpStream,
        tls: Tls,
        /// Times `write` said WouldBlock.
        write_blocked: usize,
        /// Opened when `write` first says WouldBlock (or when writing ends).
        gate: Option<mpsc::Sender<()>>,
    }

    impl Client {
        fn connect(port: u16, name: &str, opts: &TlsOptions) -> Result<Client, TlsError> {
            let config = client_config(opts)?;
            let tls = Tls::new(config, name)?;
            let std_sock = TcpStream::connect(("127.0.0.1", port)).unwrap();
            std_sock.set_nonblocking(true).unwrap();
            let mut sock = mio::net::TcpStream::from_std(std_sock);
            let poll = Poll::new().unwrap();
            poll.registry()
                .register(&mut sock, Token(1), Interest::READABLE | Interest::WRITABLE)
                .unwrap();
            Ok(Client {
                poll,
                events: Events::with_capacity(8),
                sock,
                tls,
                write_blocked: 0,
                gate: None,
            })
        }

        fn wait(&mut self) {
            self.poll.poll(&mut self.events, Some(STALL)).unwrap();
            assert!(
                !self.events.is_empty(),
                "stalled: no readiness for {STALL:?}"
            );
        }

        fn handshake(&mut self) -> Result<(), TlsError> {
            while !self.tls.handshake(&mut self.sock)? {
                self.wait();
            }
            Ok(())
        }

        fn write_all(&mut self, mut data: &[u8]) {
            while !data.is_empty() {
                match self.tls.write(&mut self.sock, data) {
                    Ok(n) => {
                        assert!(n > 0 && n <= WRITE_BUFFER);
                        data = &data[n..];
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        self.write_blocked += 1;
                        if let Some(gate) = self.gate.take() {
                            let _ = gate.send(());
                        }
                        assert!(self.tls.wants_write());
                        self.wait();
                    }
                    Err(e) => panic!("write: {e}"),
                }
            }
            if let Some(gate) = self.gate.take() {
                let _ = gate.send(());
            }
            while !self.tls.flush(&mut self.sock).unwrap() {
                self.wait();
            }
        }

        /// Read until the end; the result is what arrived and how it ended.
        fn read_to_end(&mut self) -> (Vec<u8>, io::Result<()>) {
            let mut out = Vec::new();
            let mut buf = [0u8; 7000];
            loop {
                match self.tls.read(&mut self.sock, &mut buf) {
                    Ok(0) => return (out, Ok(())),
                    Ok(n) => out.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.wait(),
                    Err(e) => return (out, Err(e)),
                }
            }
        }
    }

    /// Handshake with a server using `leaf`, as `name` with `opts`; then one echo exchange.
    fn attempt(leaf: &Leaf, name: &str, opts: &TlsOptions) -> Result<(), Error> {
        attempt_with(leaf.server_config(), name, opts)
    }

    fn attempt_with(cfg: Arc<ServerConfig>, name: &str, opts: &TlsOptions) -> Result<(), Error> {
        let (port, t) = tls_server(cfg, Script::Echo);
        let result = (|| {
            let mut c = Client::connect(port, name, opts)?;
            c.handshake()?;
            assert_eq!(c.tls.session().alpn_protocol(), Some(&b"http/1.1"[..]));
            c.write_all(b"ping\n");
            let (got, end) = c.read_to_end();
            end.expect("a clean close_notify end");
            assert_eq!(got, b"pong: ping\n");
            Ok(())
        })();
        let _ = t.join();
        result.map_err(|e: TlsError| error_code(&e))
    }

    fn trusting(ca: &Ca) -> TlsOptions {
        TlsOptions {
            extra_ca_file: Some(ca.pem_file()),
            ..Default::default()
        }
    }

    #[test]
    fn handshake_and_echo_with_a_private_ca() {
        let ca = Ca::new("rinet test CA");
        let leaf = ca.leaf(&["localhost", "127.0.0.1", "::1"], None);
        let opts = trusting(&ca);
        assert_eq!(attempt(&leaf, "localhost", &opts), Ok(()));
        assert_eq!(attempt(&leaf, "127.0.0.1", &opts), Ok(()));
        assert_eq!(attempt(&leaf, "[::1]", &opts), Ok(()));
        // Same options, same shared settings.
        let a = client_config(&opts).unwrap();
        let b = client_config(&opts.clone()).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn tls_1_2_servers_work_and_are_checked_alike() {
        let ca = Ca::new("rinet test CA");
        let tls12 = [&rustls::version::TLS12];
        let leaf = ca.leaf(&["localhost"], None);
        let opts = trusting(&ca);
        assert_eq!(
            attempt_with(leaf.server_config_for(&tls12), "localhost", &opts),
            Ok(())
        );
        let expired = ca.leaf(&["localhost"], Some((2000, 2001)));
        let cfg = expired.server_config_for(&tls12);
        assert_eq!(
            attempt_with(cfg.clone(), "localhost", &opts),
            Err(Error::SecCertDateInvalid)
        );
        let date = TlsOptions {
            ignore_date: true,
            ..opts
        };
        assert_eq!(attempt_with(cfg, "localhost", &date), Ok(()));
    }

    #[test]
    fn unknown_ca_is_12045_unless_ignored() {
        let ca = Ca::new("untrusted CA");
        let leaf = ca.leaf(&["localhost"], None);
        let strict = TlsOptions::default();
        assert_eq!(attempt(&leaf, "localhost", &strict), Err(Error::InvalidCa));
        let relaxed = TlsOptions {
            ignore_unknown_ca: true,
            ..Default::default()
        };
        assert_eq!(attempt(&leaf, "localhost", &relaxed), Ok(()));
        // A self-signed server certificate is an unknown CA too.
        let own = Leaf::self_signed(&["localhost"]);
        assert_eq!(attempt(&own, "localhost", &strict), Err(Error::InvalidCa));
        assert_eq!(attempt(&own, "localhost", &relaxed), Ok(()));
        // The other flags do not stand in for this one.
        let others = TlsOptions {
            ignore_cn: true,
            ignore_date: true,
            ignore_revocation: true,
            ..Default::default()
        };
        assert_eq!(attempt(&own, "localhost", &others), Err(Error::InvalidCa));
    }

    #[test]
    fn wrong_name_is_12038_unless_ignored() {
        let ca = Ca::new("rinet test CA");
        let leaf = ca.leaf(&["other.example"], None);
        let opts = trusting(&ca);
        assert_eq!(
            attempt(&leaf, "localhost", &opts),
            Err(Error::SecCertCnInvalid)
        );
        let cn = TlsOptions {
            ignore_cn: true,
            ..opts.clone()
        };
        assert_eq!(attempt(&leaf, "localhost", &cn), Ok(()));
        let ca_only = TlsOptions {
            ignore_unknown_ca: true,
            ignore_date: true,
            ..opts.clone()
        };
        assert_eq!(
            attempt(&leaf, "localhost", &ca_only),
            Err(Error::SecCertCnInvalid)
        );
        // An IP literal is not a DNS name match either.
        assert_eq!(
            attempt(&leaf, "127.0.0.1", &opts),
            Err(Error::SecCertCnInvalid)
        );
        // Untrusted and misnamed: ignoring the CA still leaves the name checked.
        let own = Leaf::self_signed(&["other.example"]);
        let relaxed = TlsOptions {
            ignore_unknown_ca: true,
            ..Default::default()
        };
        assert_eq!(
            attempt(&own, "localhost", &relaxed),
            Err(Error::SecCertCnInvalid)
        );
        let both = TlsOptions {
            ignore_cn: true,
            ..relaxed
        };
        assert_eq!(attempt(&own, "localhost", &both), Ok(()));
    }

    #[test]
    fn dates_are_12037_unless_ignored() {
        let ca = Ca::new("rinet test CA");
        let opts = trusting(&ca);
        let date = TlsOptions {
            ignore_date: true,
            ..opts.clone()
        };
        let others = TlsOptions {
            ignore_cn: true,
            ignore_unknown_ca: true,
            ignore_revocation: true,
            ..opts.clone()
        };
        for years in [(2000, 2001), (2990, 2999)] {
            let leaf = ca.leaf(&["localhost"], Some(years));
            assert_eq!(
                attempt(&leaf, "localhost", &opts),
                Err(Error::SecCertDateInvalid)
            );
            assert_eq!(attempt(&leaf, "localhost", &date), Ok(()));
            assert_eq!(
                attempt(&leaf, "localhost", &others),
                Err(Error::SecCertDateInvalid)
            );
        }
        // Ignoring dates leaves the name checked.
        let leaf = ca.leaf(&["other.example"], Some((2000, 2001)));
        assert_eq!(
            attempt(&leaf, "localhost", &date),
            Err(Error::SecCertCnInvalid)
        );
    }

    #[test]
    fn a_leaf_whose_issuer_is_absent_still_has_its_dates_and_name_checked() {
        let absent = Ca::new("CA the server does not send");
        let expired = absent.leaf(&["localhost"], Some((2000, 2001)));
        let ca = TlsOptions {
            ignore_unknown_ca: true,
            ..Default::default()
        };
        assert_eq!(
            attempt(&expired, "localhost", &ca),
            Err(Error::SecCertDateInvalid)
        );
        let ca_date = TlsOptions {
            ignore_date: true,
            ..ca.clone()
        };
        assert_eq!(attempt(&expired, "localhost", &ca_date), Ok(()));
        let misnamed = absent.leaf(&["other.example"], None);
        assert_eq!(
            attempt(&misnamed, "localhost", &ca),
            Err(Error::SecCertCnInvalid)
        );
    }

    #[test]
    fn a_bad_signature_is_12045_whatever_is_ignored() {
        let ca = Ca::new("rinet test CA");
        let mut leaf = ca.leaf(&["localhost"], None);
        // Corrupt the last byte of the leaf's signature, and send the CA along so that even the
        // chain rooted in what the server sent has a signature to verify.
        let mut der = leaf.chain[0].to_vec();
        let last = der.len() - 1;
        der[last] ^= 0x01;
        leaf.chain = vec![CertificateDer::from(der), ca.der()];
        let opts = trusting(&ca);
        assert_eq!(attempt(&leaf, "localhost", &opts), Err(Error::InvalidCa));
        let all = TlsOptions {
            ignore_unknown_ca: true,
            ignore_cn: true,
            ignore_date: true,
            ignore_revocation: true,
            ..opts
        };
        assert_eq!(attempt(&leaf, "localhost", &all), Err(Error::InvalidCa));
    }

    /// A CA the test does not trust, an intermediate it issued, and a leaf from the
    /// intermediate; the server sends the leaf and the intermediate.
    fn chain_via_intermediate(intermediate_years: Option<(i32, i32)>) -> Leaf {
        let root = Ca::new("absent root");
        let mut params = leaf_params(&[], intermediate_years);
        params
            .distinguished_name
            .push(DnType::CommonName, "rinet test intermediate");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        let inter =
            CertifiedIssuer::signed_by(params, KeyPair::generate().unwrap(), &root.issuer).unwrap();
        let key = KeyPair::generate().unwrap();
        let cert = leaf_params(&["localhost"], None)
            .signed_by(&key, &inter)
            .unwrap();
        Leaf {
            chain: vec![cert.der().clone(), inter.der().clone()],
            key,
        }
    }

    #[test]
    fn an_untrusted_chain_through_an_intermediate() {
        let ca = TlsOptions {
            ignore_unknown_ca: true,
            ..Default::default()
        };
        let good = chain_via_intermediate(None);
        assert_eq!(
            attempt(&good, "localhost", &TlsOptions::default()),
            Err(Error::InvalidCa)
        );
        assert_eq!(attempt(&good, "localhost", &ca), Ok(()));
        // The intermediate's dates are checked too.
        let expired = chain_via_intermediate(Some((2000, 2001)));
        assert_eq!(
            attempt(&expired, "localhost", &ca),
            Err(Error::SecCertDateInvalid)
        );
        let ca_date = TlsOptions {
            ignore_date: true,
            ..ca.clone()
        };
        assert_eq!(attempt(&expired, "localhost", &ca_date), Ok(()));
        // Sent out of order, the chain still verifies.
        let mut reversed = chain_via_intermediate(None);
        let inter = reversed.chain.pop().unwrap();
        let leaf = reversed.chain.pop().unwrap();
        let mut params = leaf_params(&["unrelated.example"], None);
        params
            .distinguished_name
            .push(DnType::CommonName, "unrelated");
        let extra = params
            .self_signed(&KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .clone();
        reversed.chain = vec![leaf, inter, extra];
        assert_eq!(attempt(&reversed, "localhost", &ca), Ok(()));
    }

    #[test]
    fn a_bad_signature_in_an_untrusted_chain_is_12045_whatever_is_ignored() {
        // Untrusted, the chain's signatures are checked only once it is rooted in what the
        // server sent: the relaxation must not skip them.
        let mut leaf = chain_via_intermediate(None);
        let mut der = leaf.chain[0].to_vec();
        let last = der.len() - 1;
        der[last] ^= 0x01;
        leaf.chain[0] = CertificateDer::from(der);
        let all = TlsOptions {
            ignore_unknown_ca: true,
            ignore_cn: true,
            ignore_date: true,
            ignore_revocation: true,
            ..Default::default()
        };
        assert_eq!(attempt(&leaf, "localhost", &all), Err(Error::InvalidCa));
    }

    #[test]
    fn a_plain_http_server_is_12157() {
        let (port, t) = plain_server();
        let opts = TlsOptions {
            ignore_unknown_ca: true,
            ignore_cn: true,
            ignore_date: true,
            ..Default::default()
        };
        let mut c = Client::connect(port, "localhost", &opts).unwrap();
        let err = c.handshake().unwrap_err();
        assert!(matches!(err, TlsError::Tls(_)), "{err}");
        assert_eq!(error_code(&err), Error::SecurityChannelError);
        t.join().unwrap();
    }

    #[test]
    fn a_server_closing_during_the_handshake_is_12157() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // The server reads the ClientHello and closes (a FIN, since nothing is left unread).
        let t = thread::spawn(move || {
            if let Ok((mut sock, _)) = listener.accept() {
                let mut b = [0u8; 4096];
                let _ = sock.read(&mut b);
            }
        });
        let mut c = Client::connect(port, "localhost", &TlsOptions::default()).unwrap();
        let err = c.handshake().unwrap_err();
        assert!(
            matches!(&err, TlsError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof),
            "{err}"
        );
        assert_eq!(error_code(&err), Error::SecurityChannelError);
        t.join().unwrap();
    }

    #[test]
    fn truncation_without_close_notify_is_unexpected_eof() {
        let ca = Ca::new("rinet test CA");
        let leaf = ca.leaf(&["localhost"], None);
        let (port, t) = tls_server(leaf.server_config(), Script::Truncate(30_000));
        let mut c = Client::connect(port, "localhost", &trusting(&ca)).unwrap();
        c.handshake().unwrap();
        let (got, end) = c.read_to_end();
        assert_eq!(got, pattern(30_000), "the data before the cut is delivered");
        let err = end.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(io_error_code(&err), Error::ConnectionAborted);
        t.join().unwrap();
    }

    /// Large writes against a server that reads nothing until told: the socket fills, `write`
    /// stops taking plaintext at the bound and says `WouldBlock`, and writable readiness resumes
    /// it. Then a large read.
    #[test]
    fn bulk_both_ways_through_full_sockets() {
        const N: usize = 8 << 20;
        let ca = Ca::new("rinet test CA");
        let leaf = ca.leaf(&["localhost"], None);
        let (tx, rx) = mpsc::channel();
        let (port, t) = tls_server_gated(leaf.server_config(), Script::Bulk(N), Some(rx));
        let mut c = Client::connect(port, "localhost", &trusting(&ca)).unwrap();
        c.gate = Some(tx);
        c.handshake().unwrap();
        c.write_all(&pattern(N));
        assert!(c.write_blocked > 0, "the socket never filled up");
        let (got, end) = c.read_to_end();
        end.unwrap();
        let head = format!("{N}\n");
        assert_eq!(&got[..head.len()], head.as_bytes());
        assert!(
            got[head.len()..] == pattern(N)[..],
            "the echoed bulk differs"
        );
        t.join().unwrap();
    }

    #[test]
    fn a_bad_ca_file_is_a_settings_error() {
        let dir = std::env::temp_dir().join(format!("rinet-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("not-a-ca.pem");
        std::fs::write(&path, "hello\n").unwrap();
        for file in [path, dir.join("missing.pem")] {
            let opts = TlsOptions {
                extra_ca_file: Some(file),
                ..Default::default()
            };
            let err = client_config(&opts).unwrap_err();
            assert!(matches!(err, TlsError::Config(_)), "{err}");
            assert_eq!(error_code(&err), Error::SecurityChannelError);
        }
    }

    #[test]
    fn a_bad_server_name_is_refused() {
        let config = client_config(&TlsOptions::default()).unwrap();
        let err = Tls::new(config, "bad name!").unwrap_err();
        assert!(matches!(err, TlsError::BadName(_)));
    }
}
