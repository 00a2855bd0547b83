// SPDX-License-Identifier: MIT OR Apache-2.0
//! Self-signed server certificates as `openssl req -x509` makes them, against the
//! SECURITY_FLAG_IGNORE_* flags, as WinInet treats them: with SECURITY_FLAG_IGNORE_UNKNOWN_CA a
//! self-signed certificate is accepted whatever its basicConstraints (CA:TRUE, openssl's
//! default, or CA:FALSE) and key type (RSA, EC P-256); a self-signed certificate given as the
//! trusted CA file (RINET_OPTION_CA_FILE, or SSL_CERT_FILE for the system store) is accepted
//! with no flag; and each flag still relaxes only its own check: an unknown CA (12045), a name
//! mismatch (12038), a date (12037). Signatures, the certificate's own and the handshake's,
//! are checked whatever the flags. The trace names the check that failed and why.
//!
//! Each test makes its certificates with the openssl command line, at test time, in a scratch
//! directory of its own, and serves them with a rustls server on 127.0.0.1 that answers each
//! request `200 OK` with the body `ok`. Requests name the host `127.0.0.1` (the certificates
//! carry it as an IP address) unless a test checks the name. Every check runs in three
//! sessions: synchronous, asynchronous with rinet's reactor thread, and asynchronous driven by
//! a thread of the test (RINET_FLAG_DRIVEN), each check in a session of its own, so that no
//! connection is reused from another check.

mod support;

use std::ffi::{c_void, CString};
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ServerConfig, ServerConnection, SupportedProtocolVersion};

use rinet::ffi::options::*;
use rinet::ffi::request::*;
use rinet::ffi::session::*;
use support::cprog::run_with_timeout;
use support::modes::{next_context, record, wait_complete, Driver, Mode, MODES};
use support::nginx::find_binary;
use support::scratch::Scratch;
use support::tcp::TcpServer;

const FLAG_SECURE: u32 = 0x0080_0000;
/// INTERNET_FLAG_IGNORE_CERT_CN_INVALID and INTERNET_FLAG_IGNORE_CERT_DATE_INVALID, which are
/// also the SECURITY_FLAG_IGNORE_CERT_* bits.
const IGNORE_CN: u32 = 0x1000;
const IGNORE_DATE: u32 = 0x2000;
/// SECURITY_FLAG_IGNORE_UNKNOWN_CA and SECURITY_FLAG_IGNORE_REVOCATION.
const IGNORE_UNKNOWN_CA: u32 = 0x100;
const IGNORE_REVOCATION: u32 = 0x80;
/// Every SECURITY_FLAG_IGNORE_* bit rinet reads.
const IGNORE_ALL: u32 = IGNORE_UNKNOWN_CA | IGNORE_REVOCATION | IGNORE_CN | IGNORE_DATE;

const PENDING: u32 = 997;
const DATE_INVALID: u32 = 12037;
const CN_INVALID: u32 = 12038;
const INVALID_CA: u32 = 12045;

/// The longest wait for a notification, and the server's socket timeout. Only a broken test
/// reaches it.
const STALL: Duration = Duration::from_secs(60);

/// The environment variable that makes `child_workload` run (see `child`).
const CHILD: &str = "RINET_TLS_SELF_SIGNED_CHILD";

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Certificates, made with the openssl command line
// ---------------------------------------------------------------------------------------------

/// Run openssl with `args` in `dir`; panics with its output if it fails.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new(find_binary("openssl", "openssl"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The key types the tests make.
#[derive(Clone, Copy, Debug)]
enum Key {
    Rsa,
    EcP256,
}

/// openssl's `-newkey` arguments for a key type.
fn newkey(key: Key) -> &'static [&'static str] {
    match key {
        Key::Rsa => &["-newkey", "rsa:2048"],
        Key::EcP256 => &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"],
    }
}

/// A certificate and its key, as PEM files.
struct Made {
    cert: PathBuf,
    key: PathBuf,
}

/// `openssl req -x509` a self-signed certificate called `name` in `dir`, valid from now for 30
/// days, for the subject `/CN=<cn>`. `san` is the subjectAltName (None: none, as openssl makes
/// by default); `ca` None keeps openssl's default basicConstraints for `req -x509` (the
/// configuration's v3_ca section: critical, CA:TRUE), Some(v) adds `basicConstraints=v`.
fn self_signed(
    dir: &Path,
    name: &str,
    key: Key,
    cn: &str,
    san: Option<&str>,
    ca: Option<&str>,
) -> Made {
    let (cert, keyfile) = (format!("{name}.pem"), format!("{name}.key"));
    let subj = format!("/CN={cn}");
    let mut args = vec!["req", "-x509", "-nodes", "-days", "30", "-subj", &subj];
    args.extend(newkey(key));
    args.extend(["-keyout", &keyfile, "-out", &cert]);
    let san = san.map(|v| format!("subjectAltName={v}"));
    if let Some(san) = &san {
        args.extend(["-addext", san]);
    }
    let bc = ca.map(|v| format!("basicConstraints={v}"));
    if let Some(bc) = &bc {
        args.extend(["-addext", bc]);
    }
    openssl(dir, &args);
    Made {
        cert: dir.join(cert),
        key: dir.join(keyfile),
    }
}

/// The self-signed certificates for 127.0.0.1 that the tests serve: (label, certificate).
fn for_loopback(dir: &Path) -> Vec<(&'static str, Made)> {
    let ip = Some("IP:127.0.0.1");
    vec![
        (
            "RSA, CA:TRUE",
            self_signed(dir, "rsa-ca", Key::Rsa, "rinet rsa", ip, None),
        ),
        (
            "RSA, CA:FALSE",
            self_signed(dir, "rsa-leaf", Key::Rsa, "rinet rsa", ip, Some("CA:FALSE")),
        ),
        (
            "EC P-256, CA:TRUE",
            self_signed(dir, "ec-ca", Key::EcP256, "rinet ec", ip, None),
        ),
        (
            "EC P-256, CA:FALSE",
            self_signed(
                dir,
                "ec-leaf",
                Key::EcP256,
                "rinet ec",
                ip,
                Some("CA:FALSE"),
            ),
        ),
    ]
}

/// A self-signed RSA certificate for 127.0.0.1 (critical CA:TRUE, as `req -x509` makes) valid
/// only between the two dates (`YYYYMMDDHHMMSSZ`), made with `openssl ca -selfsign`, the
/// openssl command that takes explicit dates.
fn dated_self_signed(dir: &Path, name: &str, start: &str, end: &str) -> Made {
    let sub = dir.join(name);
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("index.txt"), "").unwrap();
    std::fs::write(sub.join("serial"), "01\n").unwrap();
    std::fs::write(
        sub.join("ca.cnf"),
        "[ca]\ndefault_ca = self\n\
         [self]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n\
         default_md = sha256\npolicy = any\nx509_extensions = ext\nunique_subject = no\n\
         [any]\ncommonName = supplied\n\
         [ext]\nbasicConstraints = critical,CA:TRUE\nsubjectAltName = IP:127.0.0.1\n",
    )
    .unwrap();
    let mut args = vec!["req", "-new", "-nodes", "-subj", "/CN=rinet dated"];
    args.extend(newkey(Key::Rsa));
    args.extend(["-keyout", "cert.key", "-out", "cert.csr"]);
    openssl(&sub, &args);
    openssl(
        &sub,
        &[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-selfsign",
            "-keyfile",
            "cert.key",
            "-in",
            "cert.csr",
            "-out",
            "cert.pem",
            "-notext",
            "-startdate",
            start,
            "-enddate",
            end,
        ],
    );
    Made {
        cert: sub.join("cert.pem"),
        key: sub.join("cert.key"),
    }
}

/// A copy of `made` (same key) whose certificate's signature is damaged: the last byte of the
/// DER, which is the last byte of the signature, flipped.
fn damaged(dir: &Path, made: &Made, name: &str) -> Made {
    let mut der = certs(&made.cert).remove(0).to_vec();
    *der.last_mut().unwrap() ^= 0x01;
    let (der_file, cert) = (format!("{name}.der"), format!("{name}.pem"));
    std::fs::write(dir.join(&der_file), der).unwrap();
    openssl(
        dir,
        &["x509", "-inform", "der", "-in", &der_file, "-out", &cert],
    );
    Made {
        cert: dir.join(cert),
        key: made.key.clone(),
    }
}

fn certs(path: &Path) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_file_iter(path)
        .unwrap()
        .map(|c| c.unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The TLS server
// ---------------------------------------------------------------------------------------------

/// Always the one certificate and key, paired without checking that they match (so that a test
/// can serve a certificate with another key).
#[derive(Debug)]
struct Fixed(Arc<CertifiedKey>);

impl ResolvesServerCert for Fixed {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
}

/// A TLS server on 127.0.0.1 presenting the certificate of `cert` signed (in the handshake)
/// with the key of `key`: each connection's requests get `200 OK` and `ok`.
struct TlsServer {
    tcp: TcpServer,
}

impl TlsServer {
    fn start(made: &Made) -> TlsServer {
        TlsServer::with_key(&made.cert, &made.key, rustls::DEFAULT_VERSIONS)
    }

    fn with_key(
        cert: &Path,
        key: &Path,
        versions: &[&'static SupportedProtocolVersion],
    ) -> TlsServer {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::from_pem_file(key).unwrap();
        let signer = provider.key_provider.load_private_key(key).unwrap();
        let certified = Arc::new(CertifiedKey::new(certs(cert), signer));
        let cfg = Arc::new(
            ServerConfig::builder_with_provider(provider)
                .with_protocol_versions(versions)
                .unwrap()
                .with_no_client_auth()
                .with_cert_resolver(Arc::new(Fixed(certified))),
        );
        let tcp = TcpServer::start(move |mut sock: TcpStream| serve(cfg.clone(), &mut sock));
        TlsServer { tcp }
    }

    fn port(&self) -> u16 {
        self.tcp.port()
    }
}

/// One connection: the handshake, then `200 OK` to each request head until the client goes
/// (or refuses the certificate).
fn serve(cfg: Arc<ServerConfig>, sock: &mut TcpStream) {
    let _ = sock.set_read_timeout(Some(STALL));
    let Ok(mut conn) = ServerConnection::new(cfg) else {
        return;
    };
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        while let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.drain(..end + 4);
            let _ = conn
                .writer()
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        }
        if conn.complete_io(sock).is_err() {
            return;
        }
        match conn.reader().read(&mut buf) {
            Ok(0) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The client, through the C API, in three kinds of session
// ---------------------------------------------------------------------------------------------

/// How a request is made.
#[derive(Clone, Copy)]
struct Ask<'a> {
    host: &'a str,
    /// INTERNET_FLAG_* of HttpOpenRequest (INTERNET_FLAG_SECURE is always added).
    flags: u32,
    /// INTERNET_OPTION_SECURITY_FLAGS set on the request before it is sent; None sets none.
    security: Option<u32>,
    /// RINET_OPTION_CA_FILE set on the request.
    ca_file: Option<&'a Path>,
}

const PLAIN: Ask<'static> = Ask {
    host: "127.0.0.1",
    flags: 0,
    security: None,
    ca_file: None,
};

/// Ask with these security flags.
fn sec(flags: u32) -> Ask<'static> {
    Ask {
        security: Some(flags),
        ..PLAIN
    }
}

/// What a call that may pend came to, in a session of `mode`: its own result, or its
/// REQUEST_COMPLETE's error.
fn finish(mode: Mode, ctx: usize, rc: u32) -> u32 {
    if mode != Mode::Sync && rc == PENDING {
        wait_complete(ctx)
    } else {
        rc
    }
}

/// GET / from 127.0.0.1:`port` as `ask` says, in a new session of `mode`: Ok(body), or Err(the
/// send's code).
fn get(mode: Mode, port: u16, ask: Ask) -> Result<Vec<u8>, u32> {
    let flags = mode.flags();
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), flags, &mut s) },
        0
    );
    if mode != Mode::Sync {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_status_callback(s, Some(record), null_mut()) },
            0
        );
    }
    let driver = (mode == Mode::Driven).then(|| Driver::start(s));
    let ctx = next_context();
    let host = cstr(ask.host);
    let mut c = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_connect(s, host.as_ptr(), port, null(), null(), 3, 0, 1, &mut c) },
        0
    );
    let path = cstr("/");
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
                null(),
                path.as_ptr(),
                null(),
                null(),
                null(),
                FLAG_SECURE | ask.flags,
                ctx,
                &mut r,
            )
        },
        0
    );
    if let Some(mut v) = ask.security {
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_set_option(
                    r,
                    RINET_OPTION_SECURITY_FLAGS,
                    &mut v as *mut u32 as *mut c_void,
                    4,
                )
            },
            0
        );
    }
    if let Some(ca) = ask.ca_file {
        let ca = cstr(ca.to_str().unwrap());
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_set_option(r, RINET_OPTION_CA_FILE, ca.as_ptr() as *mut c_void, 0) },
            0
        );
    }
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = finish(mode, ctx, unsafe {
        rinet_send_request(r, null(), 0, null(), 0)
    });
    let result = if rc != 0 {
        Err(rc)
    } else {
        let mut body = Vec::new();
        let mut buf = vec![0u8; 4096];
        loop {
            // The count is written at completion when the read pends: it lives on the heap,
            // as the buffer does, until then.
            let mut n = Box::new(0u32);
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            let rc = unsafe {
                rinet_read_file(
                    r,
                    buf.as_mut_ptr() as *mut c_void,
                    buf.len() as u32,
                    &mut *n,
                )
            };
            assert_eq!(finish(mode, ctx, rc), 0, "{mode:?}: reading the body");
            if *n == 0 {
                break;
            }
            body.extend_from_slice(&buf[..*n as usize]);
        }
        Ok(body)
    };
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    drop(driver);
    result
}

/// The body every accepted request reads.
fn ok() -> Result<Vec<u8>, u32> {
    Ok(b"ok".to_vec())
}

/// Run `ask` against `port` in every mode and check the result.
fn check(what: &str, port: u16, ask: Ask, want: Result<Vec<u8>, u32>) {
    for mode in MODES {
        assert_eq!(get(mode, port, ask), want, "{what}, {mode:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

#[test]
fn a_self_signed_certificate_needs_ignore_unknown_ca_and_is_accepted_with_it() {
    let dir = Scratch::new("tls-self-signed");
    for (label, made) in for_loopback(&dir) {
        let server = TlsServer::start(&made);
        let port = server.port();
        check(&format!("{label}, no flag"), port, PLAIN, Err(INVALID_CA));
        // The other flags do not stand in for this one.
        let others = Ask {
            flags: IGNORE_CN | IGNORE_DATE,
            ..sec(IGNORE_REVOCATION | IGNORE_CN | IGNORE_DATE)
        };
        check(
            &format!("{label}, other flags"),
            port,
            others,
            Err(INVALID_CA),
        );
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA"),
            port,
            sec(IGNORE_UNKNOWN_CA),
            ok(),
        );
        check(&format!("{label}, every flag"), port, sec(IGNORE_ALL), ok());
    }
}

#[test]
fn a_self_signed_certificate_given_as_the_ca_file_is_trusted() {
    let dir = Scratch::new("tls-self-signed");
    let made = for_loopback(&dir);
    for (i, (label, own)) in made.iter().enumerate() {
        let server = TlsServer::start(own);
        let port = server.port();
        let trusting = |ca| Ask {
            ca_file: Some(ca),
            ..PLAIN
        };
        check(
            &format!("{label}, its own CA file"),
            port,
            trusting(&own.cert),
            ok(),
        );
        // Another self-signed certificate as the CA file does not make this one trusted.
        let (other_label, other) = &made[(i + 1) % made.len()];
        check(
            &format!("{label}, the CA file of {other_label}"),
            port,
            trusting(&other.cert),
            Err(INVALID_CA),
        );
    }
}

#[test]
fn the_name_is_checked_unless_ignore_cn() {
    let dir = Scratch::new("tls-self-signed");
    for (label, made) in for_loopback(&dir) {
        let server = TlsServer::start(&made);
        let port = server.port();
        // The certificates name 127.0.0.1 only.
        let localhost = |ask: Ask<'static>| Ask {
            host: "localhost",
            ..ask
        };
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA, localhost"),
            port,
            localhost(sec(IGNORE_UNKNOWN_CA)),
            Err(CN_INVALID),
        );
        check(
            &format!("{label}, every flag but IGNORE_CERT_CN_INVALID, localhost"),
            port,
            localhost(sec(IGNORE_ALL & !IGNORE_CN)),
            Err(CN_INVALID),
        );
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA | IGNORE_CERT_CN_INVALID, localhost"),
            port,
            localhost(sec(IGNORE_UNKNOWN_CA | IGNORE_CN)),
            ok(),
        );
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA and INTERNET_FLAG_IGNORE_CERT_CN_INVALID"),
            port,
            Ask {
                flags: IGNORE_CN,
                ..localhost(sec(IGNORE_UNKNOWN_CA))
            },
            ok(),
        );
        // Trusted through the CA file, the name is still checked.
        let trusting = Ask {
            host: "localhost",
            ca_file: Some(&made.cert),
            ..PLAIN
        };
        check(
            &format!("{label}, its CA file, localhost"),
            port,
            trusting,
            Err(CN_INVALID),
        );
        check(
            &format!("{label}, its CA file, localhost, IGNORE_CERT_CN_INVALID"),
            port,
            Ask {
                security: Some(IGNORE_CN),
                ..trusting
            },
            ok(),
        );
    }
}

/// `openssl req -x509 -subj /CN=localhost` with no subjectAltName, the commonest way to make a
/// test certificate: its common name names the host, as WinInet reads it.
#[test]
fn a_certificate_without_subject_alt_name_is_for_its_common_name() {
    let dir = Scratch::new("tls-self-signed");
    for (label, key) in [("RSA", Key::Rsa), ("EC P-256", Key::EcP256)] {
        let name = format!("cn-{label}").replace(' ', "-");
        let made = self_signed(&dir, &name, key, "localhost", None, None);
        let server = TlsServer::start(&made);
        let port = server.port();
        let host = |host, ask: Ask<'static>| Ask { host, ..ask };
        check(
            &format!("{label}, localhost, no flag"),
            port,
            host("localhost", PLAIN),
            Err(INVALID_CA),
        );
        check(
            &format!("{label}, localhost"),
            port,
            host("localhost", sec(IGNORE_UNKNOWN_CA)),
            ok(),
        );
        check(
            &format!("{label}, LocalHost"),
            port,
            host("LocalHost", sec(IGNORE_UNKNOWN_CA)),
            ok(),
        );
        check(
            &format!("{label}, localhost, its CA file"),
            port,
            Ask {
                host: "localhost",
                ca_file: Some(&made.cert),
                ..PLAIN
            },
            ok(),
        );
        // An IP address is matched against the subjectAltName only, and another name is
        // another name.
        check(
            &format!("{label}, 127.0.0.1"),
            port,
            sec(IGNORE_UNKNOWN_CA),
            Err(CN_INVALID),
        );
        check(
            &format!("{label}, 127.0.0.1, IGNORE_CERT_CN_INVALID"),
            port,
            sec(IGNORE_UNKNOWN_CA | IGNORE_CN),
            ok(),
        );
    }
    // With a subjectAltName, the common name does not count.
    let made = self_signed(
        &dir,
        "cn-and-san",
        Key::Rsa,
        "localhost",
        Some("DNS:other.example"),
        None,
    );
    let server = TlsServer::start(&made);
    check(
        "CN=localhost, DNS:other.example, localhost",
        server.port(),
        Ask {
            host: "localhost",
            ..sec(IGNORE_UNKNOWN_CA)
        },
        Err(CN_INVALID),
    );
}

#[test]
fn the_dates_are_checked_unless_ignore_cert_date_invalid() {
    let dir = Scratch::new("tls-self-signed");
    for (label, made) in [
        (
            "expired",
            dated_self_signed(&dir, "expired", "20000101000000Z", "20010101000000Z"),
        ),
        (
            "not yet valid",
            dated_self_signed(&dir, "future", "29900101000000Z", "29910101000000Z"),
        ),
    ] {
        let server = TlsServer::start(&made);
        let port = server.port();
        // Dates are checked first.
        check(&format!("{label}, no flag"), port, PLAIN, Err(DATE_INVALID));
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA"),
            port,
            sec(IGNORE_UNKNOWN_CA),
            Err(DATE_INVALID),
        );
        check(
            &format!("{label}, every flag but IGNORE_CERT_DATE_INVALID"),
            port,
            sec(IGNORE_ALL & !IGNORE_DATE),
            Err(DATE_INVALID),
        );
        check(
            &format!("{label}, IGNORE_CERT_DATE_INVALID"),
            port,
            sec(IGNORE_DATE),
            Err(INVALID_CA),
        );
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA | IGNORE_CERT_DATE_INVALID"),
            port,
            sec(IGNORE_UNKNOWN_CA | IGNORE_DATE),
            ok(),
        );
        check(
            &format!("{label}, IGNORE_UNKNOWN_CA and INTERNET_FLAG_IGNORE_CERT_DATE_INVALID"),
            port,
            Ask {
                flags: IGNORE_DATE,
                ..sec(IGNORE_UNKNOWN_CA)
            },
            ok(),
        );
        let trusting = Ask {
            ca_file: Some(&made.cert),
            ..PLAIN
        };
        check(
            &format!("{label}, its CA file"),
            port,
            trusting,
            Err(DATE_INVALID),
        );
        check(
            &format!("{label}, its CA file, IGNORE_CERT_DATE_INVALID"),
            port,
            Ask {
                security: Some(IGNORE_DATE),
                ..trusting
            },
            ok(),
        );
        // Ignoring the dates leaves the name checked.
        check(
            &format!("{label}, localhost, IGNORE_UNKNOWN_CA | IGNORE_CERT_DATE_INVALID"),
            port,
            Ask {
                host: "localhost",
                ..sec(IGNORE_UNKNOWN_CA | IGNORE_DATE)
            },
            Err(CN_INVALID),
        );
    }
}

/// A certificate's own signature and the handshake's are checked whatever the flags.
#[test]
fn signatures_are_checked_whatever_the_flags() {
    let dir = Scratch::new("tls-self-signed");
    let made = for_loopback(&dir);
    for (i, (label, good)) in made.iter().enumerate() {
        let bad = damaged(&dir, good, &format!("damaged-{i}"));
        let server = TlsServer::start(&bad);
        check(
            &format!("{label}, a damaged signature"),
            server.port(),
            sec(IGNORE_ALL),
            Err(INVALID_CA),
        );
        check(
            &format!("{label}, a damaged signature, as the CA file"),
            server.port(),
            Ask {
                ca_file: Some(&bad.cert),
                ..sec(IGNORE_ALL)
            },
            Err(INVALID_CA),
        );
        // The certificate, with the handshake signed by the other key of the same type: the
        // server does not hold the certificate's key. Over TLS 1.3 and TLS 1.2 (the two
        // handshake signatures).
        let (_, other) = &made[i ^ 1];
        for versions in [&[&rustls::version::TLS13], &[&rustls::version::TLS12]] {
            let server = TlsServer::with_key(&good.cert, &other.key, versions);
            check(
                &format!(
                    "{label}, handshake by another key, {:?}",
                    versions[0].version
                ),
                server.port(),
                sec(IGNORE_ALL),
                Err(INVALID_CA),
            );
        }
    }
}

/// The workload of `child`, run in a child process by the tests below; does nothing in a
/// normal run. Its environment holds one request a line: `port host security-flags`; it makes
/// each in a synchronous session and prints `RESULT <code>` (0 for success) for each.
#[test]
fn child_workload() {
    let Ok(script) = std::env::var(CHILD) else {
        return;
    };
    for line in script.lines() {
        let mut words = line.split_whitespace();
        let port: u16 = words.next().unwrap().parse().unwrap();
        let host = words.next().unwrap();
        let security: u32 = words.next().unwrap().parse().unwrap();
        let ask = Ask {
            host,
            ..sec(security)
        };
        let code = match get(Mode::Sync, port, ask) {
            Ok(body) => {
                assert_eq!(body, b"ok");
                0
            }
            Err(code) => code,
        };
        println!("RESULT {code}");
    }
}

/// Run `child_workload` in a child process with `requests` and the extra environment `env`:
/// (the results, the trace lines on stderr without their `rinet: ` prefix).
fn child(requests: &[(u16, &str, u32)], env: &[(&str, &str)]) -> (Vec<u32>, Vec<String>) {
    let script: Vec<String> = requests
        .iter()
        .map(|(port, host, sec)| format!("{port} {host} {sec}"))
        .collect();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child_workload",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, script.join("\n"))
        .env_remove("RINET_TRACE")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = run_with_timeout(command, Duration::from_secs(120));
    assert!(out.status.success(), "{}", out.report("the child workload"));
    let results = out
        .stdout
        .lines()
        // The first may follow the harness's `test child_workload ... ` on its line.
        .filter_map(|l| l.split_once("RESULT ").map(|(_, code)| code))
        .map(|c| c.parse().unwrap())
        .collect();
    let trace = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("rinet: "))
        .map(str::to_owned)
        .collect();
    (results, trace)
}

/// The trace, at level 2, says which check failed and why, and which flag relaxed which check.
#[test]
fn the_trace_names_the_failed_check_and_the_reason() {
    let dir = Scratch::new("tls-self-signed");
    let good = self_signed(
        &dir,
        "rsa-ca",
        Key::Rsa,
        "rinet rsa",
        Some("IP:127.0.0.1"),
        None,
    );
    let expired = dated_self_signed(&dir, "expired", "20000101000000Z", "20010101000000Z");
    let bad = damaged(&dir, &good, "damaged");
    let unrelated = self_signed(&dir, "unrelated", Key::EcP256, "unrelated", None, None);
    let (good_server, expired_server, bad_server) = (
        TlsServer::start(&good),
        TlsServer::start(&expired),
        TlsServer::start(&bad),
    );
    let (g, e, b) = (good_server.port(), expired_server.port(), bad_server.port());
    let (results, trace) = child(
        &[
            (g, "127.0.0.1", 0),
            (g, "127.0.0.1", IGNORE_UNKNOWN_CA),
            (g, "localhost", IGNORE_UNKNOWN_CA),
            (g, "localhost", IGNORE_UNKNOWN_CA | IGNORE_CN),
            (e, "127.0.0.1", IGNORE_UNKNOWN_CA),
            (e, "127.0.0.1", IGNORE_UNKNOWN_CA | IGNORE_DATE),
            (b, "127.0.0.1", IGNORE_ALL),
        ],
        // A store that holds none of them, the same on every machine.
        &[
            ("RINET_TRACE", "2"),
            ("SSL_CERT_FILE", unrelated.cert.to_str().unwrap()),
        ],
    );
    assert_eq!(
        results,
        [INVALID_CA, 0, CN_INVALID, 0, DATE_INVALID, 0, INVALID_CA]
    );
    let tls: Vec<&str> = trace
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with("TLS certificate of "))
        .collect();
    let own = "self-signed, checked as its own root";
    let unknown = "unknown CA: the certificate is self-signed and not a trusted root; ignored \
                   (SECURITY_FLAG_IGNORE_UNKNOWN_CA)";
    let mismatch = "name mismatch: the certificate is not for localhost (it names 127.0.0.1)";
    let expired_at = "date invalid: a certificate expired at 2001-01-01 00:00:00 UTC (now ";
    let want = vec![
        format!("TLS certificate of 127.0.0.1: {own}"),
        "TLS certificate of 127.0.0.1: refused with 12045: unknown CA: the certificate chain \
         does not lead to a trusted root"
            .to_owned(),
        format!("TLS certificate of 127.0.0.1: {own}"),
        format!("TLS certificate of 127.0.0.1: {unknown}"),
        "TLS certificate of 127.0.0.1: accepted".to_owned(),
        format!("TLS certificate of localhost: {own}"),
        format!("TLS certificate of localhost: {unknown}"),
        format!("TLS certificate of localhost: refused with 12038: {mismatch}"),
        format!("TLS certificate of localhost: {own}"),
        format!("TLS certificate of localhost: {unknown}"),
        format!("TLS certificate of localhost: {mismatch}; ignored (SECURITY_FLAG_IGNORE_CERT_CN_INVALID)"),
        "TLS certificate of localhost: accepted".to_owned(),
        format!("TLS certificate of 127.0.0.1: {own}"),
        format!("TLS certificate of 127.0.0.1: refused with 12037: {expired_at}"),
        format!("TLS certificate of 127.0.0.1: {own}"),
        format!(
            "TLS certificate of 127.0.0.1: {expired_at}; ignored \
             (SECURITY_FLAG_IGNORE_CERT_DATE_INVALID)"
        ),
        format!("TLS certificate of 127.0.0.1: {unknown}"),
        "TLS certificate of 127.0.0.1: accepted".to_owned(),
        "TLS certificate of 127.0.0.1: refused with 12045: bad signature: a certificate's \
         signature does not verify"
            .to_owned(),
    ];
    // The current time in the date lines: check the shape, then compare the rest exactly.
    let mut got: Vec<String> = Vec::new();
    for line in &tls {
        match line.find("(now ") {
            Some(at) => {
                let now = &line[at + 5..];
                assert!(
                    now.len() >= 24
                        && now[..19]
                            .bytes()
                            .zip("2000-01-01 00:00:00".bytes())
                            .all(|(b, shape)| b.is_ascii_digit() == shape.is_ascii_digit())
                        && now[19..].starts_with(" UTC)"),
                    "the time in {line:?}"
                );
                let rest = &now[24..];
                got.push(format!("{}{rest}", &line[..at + 5]));
            }
            None => got.push(line.to_string()),
        }
    }
    assert_eq!(got, want, "the whole trace:\n{}", trace.join("\n"));
    // Each failed request's own line gives the code, its name and the reason.
    let failed: Vec<&str> = trace
        .iter()
        .filter_map(|l| l.split_once(": failed with ").map(|(_, f)| f))
        .collect();
    let check = "TLS handshake with";
    assert_eq!(
        failed,
        [
            format!(
                "12045 ERROR_INTERNET_INVALID_CA: {check} 127.0.0.1 port {g} failed: certificate \
                 check failed: unknown issuer (the chain does not lead to a trusted root)"
            ),
            format!(
                "12038 ERROR_INTERNET_SEC_CERT_CN_INVALID: {check} localhost port {g} failed: \
                 certificate check failed: host name (the certificate is for 127.0.0.1, not \
                 localhost)"
            ),
            format!(
                "12037 ERROR_INTERNET_SEC_CERT_DATE_INVALID: {check} 127.0.0.1 port {e} failed: \
                 certificate check failed: dates (expired: not valid after 2001-01-01 00:00:00 \
                 UTC)"
            ),
            format!(
                "12045 ERROR_INTERNET_INVALID_CA: {check} 127.0.0.1 port {b} failed: certificate \
                 check failed: bad signature (a signature in the chain does not verify)"
            ),
        ],
        "the whole trace:\n{}",
        trace.join("\n")
    );
}

/// SSL_CERT_FILE replaces the system store: a self-signed certificate in it is trusted.
#[test]
fn a_self_signed_certificate_in_ssl_cert_file_is_trusted() {
    let dir = Scratch::new("tls-self-signed");
    let made = for_loopback(&dir);
    let mut store = String::new();
    for (_, m) in &made[..2] {
        store.push_str(&std::fs::read_to_string(&m.cert).unwrap());
    }
    let file = dir.join("store.pem");
    std::fs::write(&file, store).unwrap();
    let servers: Vec<TlsServer> = made.iter().map(|(_, m)| TlsServer::start(m)).collect();
    let mut requests = Vec::new();
    for s in &servers {
        requests.push((s.port(), "127.0.0.1", 0));
        requests.push((s.port(), "localhost", 0));
    }
    let (results, _) = child(
        &requests,
        &[
            ("SSL_CERT_FILE", file.to_str().unwrap()),
            ("SSL_CERT_DIR", "/nonexistent"),
        ],
    );
    // The two RSA certificates are in the store; the two EC ones are not.
    assert_eq!(
        results,
        [0, CN_INVALID, 0, CN_INVALID, INVALID_CA, INVALID_CA, INVALID_CA, INVALID_CA]
    );
}
