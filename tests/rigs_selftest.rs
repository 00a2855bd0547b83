// SPDX-License-Identifier: MIT OR Apache-2.0
//! Checks the nginx and tinyproxy rigs themselves, with a plain std TcpStream and a plain
//! rustls client, so that a failing rinet test against them points at rinet and not at the rig.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use support::nginx::{
    self, Nginx, AUTH_BODY, AUTH_PATH, BIG_PATH, CHUNKED_PATH, GZIP_PATH, REDIRECT_LOOP,
    REDIRECT_STATUSES, REDIRECT_TARGET, REDIRECT_TO_HTTP, REDIRECT_TO_HTTPS, SMALL_BODY,
    SMALL_PATH,
};
use support::tinyproxy::Tinyproxy;

/// A parsed response.
#[derive(Debug)]
struct Response {
    status: u16,
    /// Header names in lower case.
    headers: Vec<(String, String)>,
    /// The body as framed on the wire, de-chunked when chunked.
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

fn v4(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Send a request with `Connection: close` and parse everything up to the server's close.
fn exchange<S: Read + Write>(s: &mut S, target: &str, host: &str, extra: &str) -> Response {
    let req = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("read the response to {target}: {e}"));
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = std::str::from_utf8(&raw[..end]).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("a header line");
            (n.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let rest = &raw[end + 4..];
    let mut r = Response {
        status,
        headers,
        body: Vec::new(),
    };
    r.body = if r.header("transfer-encoding") == Some("chunked") {
        dechunk(rest)
    } else {
        if let Some(len) = r.header("content-length") {
            assert_eq!(len.parse::<usize>().unwrap(), rest.len(), "Content-Length");
        }
        rest.to_vec()
    };
    r
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size_text = std::str::from_utf8(&data[..eol]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
            .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
        data = &data[eol + 2..];
        if size == 0 {
            assert!(data.ends_with(b"\r\n"), "the chunked body ends with CRLF");
            return out;
        }
        out.extend_from_slice(&data[..size]);
        assert_eq!(&data[size..size + 2], b"\r\n", "CRLF after chunk data");
        data = &data[size + 2..];
    }
}

fn get(port: u16, target: &str, extra: &str) -> Response {
    exchange(
        &mut connect(v4(port)),
        target,
        &format!("127.0.0.1:{port}"),
        extra,
    )
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .expect("a valid gzip body");
    out
}

/// A rustls client that trusts only `ca_file`.
fn tls_config(ca_file: &std::path::Path) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca_file).expect("read the CA file") {
        roots.add(cert.expect("a CA certificate")).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut cfg = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(cfg)
}

fn tls_stream(
    cfg: &Arc<ClientConfig>,
    sock: TcpStream,
    name: &str,
) -> StreamOwned<ClientConnection, TcpStream> {
    let name = ServerName::try_from(name.to_string()).unwrap();
    StreamOwned::new(ClientConnection::new(cfg.clone(), name).unwrap(), sock)
}

/// Complete a handshake; the rustls error if it fails.
fn handshake(s: &mut StreamOwned<ClientConnection, TcpStream>) -> Result<(), rustls::Error> {
    while s.conn.is_handshaking() {
        if let Err(e) = s.conn.complete_io(&mut s.sock) {
            let inner = e
                .get_ref()
                .and_then(|i| i.downcast_ref::<rustls::Error>())
                .cloned();
            return Err(inner.unwrap_or_else(|| panic!("handshake I/O: {e}")));
        }
    }
    Ok(())
}

#[test]
fn nginx_plain_http_locations() {
    let n = Nginx::start();

    let r = get(n.http_port, SMALL_PATH, "");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(r.body, SMALL_BODY);

    let r = get(n.http_port, BIG_PATH, "");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-length"), Some("102400"));
    assert!(r.body == nginx::big_body(), "the big file differs");

    // Without Accept-Encoding the text comes as is; with it, gzip-compressed and chunked.
    let r = get(n.http_port, GZIP_PATH, "");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(r.body, nginx::gzip_body());
    let r = get(n.http_port, GZIP_PATH, "Accept-Encoding: gzip\r\n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert_eq!(r.header("content-length"), None);
    assert!(r.body.len() < nginx::gzip_body().len() / 4, "compressed");
    assert_eq!(gunzip(&r.body), nginx::gzip_body());

    let r = get(n.http_port, CHUNKED_PATH, "");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert_eq!(r.header("content-length"), None);
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        String::from_utf8_lossy(&nginx::chunked_body())
    );

    for status in REDIRECT_STATUSES {
        let r = get(n.http_port, &format!("/redirect/{status}"), "");
        assert_eq!(r.status, status);
        assert_eq!(r.header("location"), Some(REDIRECT_TARGET));
    }
    let r = get(n.http_port, REDIRECT_TO_HTTPS, "");
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("location"),
        Some(n.https_url(REDIRECT_TARGET).as_str())
    );
    let r = get(n.http_port, REDIRECT_TO_HTTP, "");
    assert_eq!(
        r.header("location"),
        Some(format!("http://localhost:{}{REDIRECT_TARGET}", n.http_port).as_str())
    );
    let r = get(n.http_port, REDIRECT_LOOP, "");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some(REDIRECT_LOOP));

    let r = get(n.http_port, AUTH_PATH, "");
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Basic realm=\"rinet\""));
    // "user:pass" in base64.
    let r = get(
        n.http_port,
        AUTH_PATH,
        "Authorization: Basic dXNlcjpwYXNz\r\n",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, AUTH_BODY);
    // "user:wrong"
    let r = get(
        n.http_port,
        AUTH_PATH,
        "Authorization: Basic dXNlcjp3cm9uZw==\r\n",
    );
    assert_eq!(r.status, 401);

    assert_eq!(get(n.http_port, "/nothing-here", "").status, 404);

    // Keep-alive: two requests on one connection.
    let mut s = connect(v4(n.http_port));
    let req = format!("GET {SMALL_PATH} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(req.as_bytes()).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while got
        .windows(SMALL_BODY.len())
        .filter(|w| *w == SMALL_BODY)
        .count()
        < 2
    {
        let k = s.read(&mut buf).unwrap();
        assert!(k > 0, "nginx closed a keep-alive connection");
        got.extend_from_slice(&buf[..k]);
    }

    if n.ipv6 {
        let addr: SocketAddr = format!("[::1]:{}", n.http_port).parse().unwrap();
        let r = exchange(&mut connect(addr), SMALL_PATH, "[::1]", "");
        assert_eq!(r.body, SMALL_BODY);
    }
    assert!(n.access_log().contains(SMALL_PATH));
}

#[test]
fn nginx_https_and_its_bad_certificates() {
    let n = Nginx::start();
    let cfg = tls_config(&n.ca_file);

    let mut names = vec!["localhost", "127.0.0.1"];
    if n.ipv6 {
        names.push("::1");
    }
    for name in names {
        let addr = if name == "::1" {
            format!("[::1]:{}", n.https_port).parse().unwrap()
        } else {
            v4(n.https_port)
        };
        let mut s = tls_stream(&cfg, connect(addr), name);
        handshake(&mut s).unwrap_or_else(|e| panic!("TLS to {name}: {e}"));
        assert_eq!(s.conn.alpn_protocol(), Some(&b"http/1.1"[..]));
        // read_to_end succeeding means nginx ended with close_notify.
        let r = exchange(&mut s, SMALL_PATH, "localhost", "");
        assert_eq!(r.status, 200);
        assert_eq!(r.body, SMALL_BODY);
    }

    let mut s = tls_stream(&cfg, connect(v4(n.https_port)), "localhost");
    let r = exchange(&mut s, GZIP_PATH, "localhost", "Accept-Encoding: gzip\r\n");
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert_eq!(gunzip(&r.body), nginx::gzip_body());

    let cases = [
        (n.wrong_name_port, "name"),
        (n.expired_port, "expired"),
        (n.self_signed_port, "unknown issuer"),
    ];
    for (port, what) in cases {
        let mut s = tls_stream(&cfg, connect(v4(port)), "localhost");
        let err = handshake(&mut s).expect_err(what);
        let rustls::Error::InvalidCertificate(c) = &err else {
            panic!("{what}: {err}");
        };
        let ok = match what {
            "name" => matches!(c, CertificateError::NotValidForNameContext { .. }),
            "expired" => matches!(c, CertificateError::ExpiredContext { .. }),
            _ => matches!(c, CertificateError::UnknownIssuer),
        };
        assert!(ok, "{what}: {err}");
    }

    // TLS to the plain port fails as a protocol error.
    let mut s = tls_stream(&cfg, connect(v4(n.http_port)), "localhost");
    assert!(handshake(&mut s).is_err());
}

/// Read a proxy's answer head byte by byte, so that nothing after it is consumed.
fn read_head(s: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(s.read(&mut b).unwrap(), 1, "the proxy closed early");
        head.push(b[0]);
    }
    String::from_utf8(head).unwrap()
}

#[test]
fn tinyproxy_forwards_and_tunnels() {
    let n = Nginx::start();
    let p = Tinyproxy::start(&[n.https_port]);

    // Absolute-form GET.
    let mut s = connect(v4(p.port));
    let url = n.http_url(SMALL_PATH);
    let r = exchange(&mut s, &url, &format!("127.0.0.1:{}", n.http_port), "");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, SMALL_BODY);

    // CONNECT, then TLS to nginx through the tunnel.
    let mut s = connect(v4(p.port));
    let target = format!("127.0.0.1:{}", n.https_port);
    s.write_all(format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n").as_bytes())
        .unwrap();
    let head = read_head(&mut s);
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    let cfg = tls_config(&n.ca_file);
    let mut t = tls_stream(&cfg, s, "localhost");
    let r = exchange(&mut t, SMALL_PATH, "localhost", "");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, SMALL_BODY);

    // CONNECT to a port not allowed.
    let mut s = connect(v4(p.port));
    let target = format!("127.0.0.1:{}", n.http_port);
    s.write_all(format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n").as_bytes())
        .unwrap();
    let head = read_head(&mut s);
    assert!(head.contains(" 403 "), "{head}");

    let log = p.log_when(|log| log.contains("CONNECT"));
    assert!(log.contains("CONNECT"), "{log}");
}

/// rinet's own TLS layer against nginx (OpenSSL on the other side), over an edge-triggered mio
/// socket: the handshake, a request, the answer up to nginx's close_notify, and the WinInet
/// code of each bad certificate.
mod rinet_tls {
    use super::*;
    use mio::{Events, Interest, Poll, Token};
    use rinet::error::Error;
    use rinet::reactor::tls::{client_config, error_code, Tls, TlsError, TlsOptions};

    struct Client {
        poll: Poll,
        events: Events,
        sock: mio::net::TcpStream,
        tls: Tls,
    }

    impl Client {
        fn connect(port: u16, name: &str, opts: &TlsOptions) -> Client {
            let tls = Tls::new(client_config(opts).unwrap(), name).unwrap();
            let std_sock = connect(v4(port));
            std_sock.set_nonblocking(true).unwrap();
            let mut sock = mio::net::TcpStream::from_std(std_sock);
            let poll = Poll::new().unwrap();
            poll.registry()
                .register(&mut sock, Token(0), Interest::READABLE | Interest::WRITABLE)
                .unwrap();
            Client {
                poll,
                events: Events::with_capacity(4),
                sock,
                tls,
            }
        }

        fn wait(&mut self) {
            let limit = Duration::from_secs(30);
            self.poll.poll(&mut self.events, Some(limit)).unwrap();
            assert!(!self.events.is_empty(), "stalled for {limit:?}");
        }

        fn handshake(&mut self) -> Result<(), TlsError> {
            while !self.tls.handshake(&mut self.sock)? {
                self.wait();
            }
            Ok(())
        }

        fn get(&mut self, target: &str) -> Response {
            let req =
                format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            let mut data = req.as_bytes();
            while !data.is_empty() {
                match self.tls.write(&mut self.sock, data) {
                    Ok(n) => data = &data[n..],
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => self.wait(),
                    Err(e) => panic!("write: {e}"),
                }
            }
            let mut raw = Vec::new();
            let mut buf = [0u8; 16 * 1024];
            loop {
                match self.tls.read(&mut self.sock, &mut buf) {
                    Ok(0) => return parse(&raw),
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => self.wait(),
                    Err(e) => panic!("read: {e}"),
                }
            }
        }
    }

    #[test]
    fn rinet_tls_against_nginx() {
        let n = Nginx::start();
        let trusted = TlsOptions {
            extra_ca_file: Some(n.ca_file.clone()),
            ..Default::default()
        };
        for name in ["localhost", "127.0.0.1"] {
            let mut c = Client::connect(n.https_port, name, &trusted);
            c.handshake().unwrap();
            let r = c.get(BIG_PATH);
            assert_eq!(r.status, 200);
            assert!(r.body == nginx::big_body(), "the big file differs");
        }
        let cases = [
            (n.wrong_name_port, Error::SecCertCnInvalid),
            (n.expired_port, Error::SecCertDateInvalid),
            (n.self_signed_port, Error::InvalidCa),
            (n.http_port, Error::SecurityChannelError),
        ];
        for (port, code) in cases {
            let mut c = Client::connect(port, "localhost", &trusted);
            let err = c.handshake().expect_err("a failing handshake");
            assert_eq!(error_code(&err), code, "port {port}: {err}");
        }
    }
}
