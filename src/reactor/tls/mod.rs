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
//!
//! # Files
//!
//! This file holds the settings ([`TlsOptions`], [`client_config`]) and the session ([`Tls`]);
//! `verify.rs` the certificate verifier and its trace; `errors.rs` [`TlsError`], the WinInet
//! codes and the words for each failure; `tests.rs` the tests against rustls servers on
//! loopback.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore};

mod errors;
#[cfg(test)]
mod tests;
mod verify;

pub use errors::{error_code, explain, io_error_code, io_error_text, TlsError};
use verify::Verifier;

/// Most TLS output (encrypted records not yet on the wire) that [`Tls::write`] lets pile up
/// before it stops accepting plaintext.
pub const WRITE_BUFFER: usize = 64 * 1024;

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
