// SPDX-License-Identifier: MIT OR Apache-2.0
//! Tests of the TLS session and the certificate checks, each against a real rustls server on
//! loopback.

use super::*;
use crate::error::Error;
use mio::{Events, Interest, Poll, Token};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
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
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
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
