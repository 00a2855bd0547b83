// SPDX-License-Identifier: MIT OR Apache-2.0
//! The server certificate verifier: rustls' WebPKI verifier with the SECURITY_FLAG_IGNORE_*
//! relaxations, rinet's own checks for a self-signed server certificate, and the trace of each
//! verification (see the module above for what is checked and what each flag relaxes).

use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::errors::{problem, rustls_code, unix_text, Problem};
use crate::reactor::x509;

/// How many times one verification may be retried while relaxing checks (each relaxation moves
/// the verification time or the roots once; a chain needs at most a few).
const MAX_RETRIES: usize = 8;

/// The server certificate verifier: WebPKI against the trusted roots, with the relaxations of
/// [`TlsOptions`], and rinet's own checks for a self-signed server certificate.
///
/// [`TlsOptions`]: super::TlsOptions
#[derive(Debug)]
pub(super) struct Verifier {
    /// WebPKI over the trusted roots; None when there are no trusted roots at all, in which case
    /// every chain has an unknown issuer.
    pub(super) trusted: Option<Arc<WebPkiServerVerifier>>,
    /// The trusted roots themselves, to recognise a self-signed server certificate that is one
    /// of them.
    pub(super) roots: Arc<RootCertStore>,
    pub(super) provider: Arc<CryptoProvider>,
    pub(super) ignore_unknown_ca: bool,
    pub(super) ignore_cn: bool,
    pub(super) ignore_date: bool,
}

/// The server's name as the trace shows it.
fn host_text(name: &ServerName<'_>) -> String {
    match name {
        ServerName::DnsName(d) => d.as_ref().to_owned(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        _ => "the server".to_owned(),
    }
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
