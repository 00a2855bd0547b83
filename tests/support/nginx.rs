// SPDX-License-Identifier: MIT OR Apache-2.0
//! nginx (Debian's package) as a real HTTP and HTTPS origin for the integration tests.
//!
//! [`Nginx::start`] makes a fresh directory under the cargo target's temporary directory,
//! generates there a test CA and server certificates (with rcgen), a password file (with
//! `openssl passwd -apr1`), the files it serves and an `nginx.conf`, and starts nginx in the
//! foreground as a single process (`master_process off`), on free loopback ports. Everything
//! nginx writes (pid, logs, temporary files) stays in that directory. Dropping the [`Nginx`]
//! kills the process and waits for it; the directory is removed unless the test is panicking,
//! in which case it is kept (and named on stderr) for its logs.
//!
//! A missing `nginx` or `openssl` binary fails the test with the command that installs it;
//! `.ci/run` installs both.
//!
//! # Ports
//!
//! | field | speaks | certificate |
//! | --- | --- | --- |
//! | `http_port` | HTTP | — |
//! | `https_port` | HTTPS | `localhost`, `127.0.0.1`, `::1`, issued by the test CA (`ca_file`) |
//! | `wrong_name_port` | HTTPS | `wrong.example` only, issued by the test CA |
//! | `expired_port` | HTTPS | `localhost`, `127.0.0.1`, `::1`, issued by the test CA, expired in 2001 |
//! | `self_signed_port` | HTTPS | `localhost`, `127.0.0.1`, `::1`, self-signed (an unknown CA) |
//!
//! All listen on 127.0.0.1, and also on `[::1]` with the same numbers when IPv6 loopback works
//! (`ipv6`), so `localhost` reaches them whichever address it resolves to first. Every server
//! offers the same locations and keeps connections alive (nginx's defaults: 75 s, 1000
//! requests). HTTPS servers send only the leaf certificate, offer TLS 1.2 and 1.3, and end
//! each connection with close_notify.
//!
//! # Locations
//!
//! | path | answer |
//! | --- | --- |
//! | [`SMALL_PATH`] | 200 `text/plain`, `Content-Length`, body [`SMALL_BODY`] |
//! | [`BIG_PATH`] | 200 `application/octet-stream`, `Content-Length: 102400`, body [`big_body`] |
//! | [`GZIP_PATH`] | 200 `text/plain`, body [`gzip_body`]; with `Accept-Encoding: gzip` it comes gzip-compressed and chunked (`Content-Encoding: gzip`, `Transfer-Encoding: chunked`, `Vary: Accept-Encoding`) |
//! | [`CHUNKED_PATH`] | 200 `text/html`, `Transfer-Encoding: chunked` (to an HTTP/1.1 request), body [`chunked_body`] (a server-side include) |
//! | [`AUTH_PATH`] | 401 with `WWW-Authenticate: Basic realm="rinet"` unless Basic credentials [`AUTH_USER`]:[`AUTH_PASSWORD`] are sent; then 200 `text/plain`, body [`AUTH_BODY`] |
//! | [`NTLM_PATH`], [`NEGOTIATE_PATH`], [`WINDOWS_AUTH_PATH`] | 401 `text/plain`, body [`WINDOWS_AUTH_BODY`], with `WWW-Authenticate: NTLM`, `WWW-Authenticate: Negotiate`, or both (Negotiate first), as IIS with Windows authentication answers; no credentials are accepted |
//! | `/redirect/301`, `/302`, `/303`, `/307`, `/308` | that status, `Location: /static/small.txt` (relative) |
//! | [`REDIRECT_TO_HTTPS`] | 302, `Location: https://localhost:<https_port>/static/small.txt` |
//! | [`REDIRECT_TO_HTTP`] | 302, `Location: http://localhost:<http_port>/static/small.txt` |
//! | [`REDIRECT_LOOP`] | 302, `Location: /redirect/loop` (itself) |
//! | anything else | nginx's 404 page |

use std::fs;
use std::io::Write as _;
use std::net::{Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// A small text file.
pub const SMALL_PATH: &str = "/static/small.txt";
/// Its content.
pub const SMALL_BODY: &[u8] = b"Hello from nginx, for rinet.\n";
/// A 100 KiB binary file.
pub const BIG_PATH: &str = "/static/big.bin";
/// Its length.
pub const BIG_LEN: usize = 100 * 1024;
/// A compressible text file, served gzip-compressed on request.
pub const GZIP_PATH: &str = "/gzip/text.txt";
/// A page nginx sends chunked.
pub const CHUNKED_PATH: &str = "/chunked/page.html";
/// A file behind Basic authentication.
pub const AUTH_PATH: &str = "/auth/secret.txt";
/// Its content.
pub const AUTH_BODY: &[u8] = b"the secret behind basic auth\n";
/// The user name [`AUTH_PATH`] accepts.
pub const AUTH_USER: &str = "user";
/// Its password.
pub const AUTH_PASSWORD: &str = "pass";
/// A 401 that offers only NTLM.
pub const NTLM_PATH: &str = "/windows/ntlm";
/// A 401 that offers only Negotiate.
pub const NEGOTIATE_PATH: &str = "/windows/negotiate";
/// A 401 that offers Negotiate, then NTLM.
pub const WINDOWS_AUTH_PATH: &str = "/windows/both";
/// The body of those 401s.
pub const WINDOWS_AUTH_BODY: &[u8] = b"windows authentication required\n";
/// Where the `/redirect/<status>` locations point.
pub const REDIRECT_TARGET: &str = "/static/small.txt";
/// The statuses that `/redirect/<status>` answers with.
pub const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];
/// A 302 to the HTTPS server's [`REDIRECT_TARGET`], as an absolute URL.
pub const REDIRECT_TO_HTTPS: &str = "/redirect/to-https";
/// A 302 to the HTTP server's [`REDIRECT_TARGET`], as an absolute URL.
pub const REDIRECT_TO_HTTP: &str = "/redirect/to-http";
/// A 302 to itself.
pub const REDIRECT_LOOP: &str = "/redirect/loop";

/// How long nginx or tinyproxy may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// Start attempts, each with new ports, before giving up (another process may take a port
/// between the moment it is found free and the moment the server binds it).
const START_ATTEMPTS: usize = 5;

/// Content of [`BIG_PATH`]: byte `i` is `b'a' + (i % 26)`.
pub fn big_body() -> Vec<u8> {
    (0..BIG_LEN).map(|i| b'a' + (i % 26) as u8).collect()
}

/// Content of [`GZIP_PATH`] (about 60 KB of text, before compression).
pub fn gzip_body() -> Vec<u8> {
    let mut out = String::new();
    for i in 0..1000 {
        out.push_str(&format!(
            "line {i:04}: rinet asks nginx for compressed text.\n"
        ));
    }
    out.into_bytes()
}

/// The page at [`CHUNKED_PATH`] as a client receives it (after the include is expanded).
pub fn chunked_body() -> Vec<u8> {
    let mut out = chunked_page_head();
    out.extend_from_slice(SMALL_BODY);
    out.extend_from_slice(CHUNKED_TAIL);
    out
}

fn chunked_page_head() -> Vec<u8> {
    let mut out = b"<html><body><pre>\n".to_vec();
    for i in 0..500 {
        out.extend_from_slice(format!("chunked line {i:03}\n").as_bytes());
    }
    out
}

const CHUNKED_TAIL: &[u8] = b"</pre></body></html>\n";

/// A running nginx. Dropping it stops nginx.
pub struct Nginx {
    child: Child,
    /// The directory holding the configuration, certificates, served files and logs.
    pub dir: PathBuf,
    /// Plain HTTP.
    pub http_port: u16,
    /// HTTPS with a valid certificate issued by the test CA.
    pub https_port: u16,
    /// HTTPS with a certificate for `wrong.example` only.
    pub wrong_name_port: u16,
    /// HTTPS with an expired certificate.
    pub expired_port: u16,
    /// HTTPS with a self-signed certificate.
    pub self_signed_port: u16,
    /// True when every port also listens on `[::1]`.
    pub ipv6: bool,
    /// The test CA's certificate (PEM): the CA file to trust.
    pub ca_file: PathBuf,
}

impl Nginx {
    /// Start nginx. Panics (failing the test) with a clear message if nginx or openssl is
    /// missing or nginx does not come up.
    pub fn start() -> Nginx {
        let nginx = find_binary("nginx", "nginx");
        let openssl = find_binary("openssl", "openssl");
        let dir = fresh_dir("nginx");
        let ca_file = write_certificates(&dir);
        write_site(&dir, &openssl);
        let ipv6 = ipv6_loopback_works();
        let mut last_log = String::new();
        for _ in 0..START_ATTEMPTS {
            let ports = free_ports(5, ipv6);
            let (http_port, https_port) = (ports[0], ports[1]);
            let (wrong_name_port, expired_port, self_signed_port) = (ports[2], ports[3], ports[4]);
            let conf = nginx_conf(&dir, &ports, ipv6);
            let pid_file = dir.join("nginx.pid");
            let _ = fs::remove_file(&pid_file);
            fs::write(dir.join("nginx.conf"), conf).expect("write nginx.conf");
            let log = fs::File::create(dir.join("nginx.out")).expect("create nginx.out");
            let mut child = Command::new(&nginx)
                .arg("-p")
                .arg(&dir)
                .arg("-c")
                .arg(dir.join("nginx.conf"))
                .arg("-e")
                .arg(dir.join("error.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::from(log.try_clone().expect("clone nginx.out")))
                .stderr(Stdio::from(log))
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", nginx.display()));
            let mut addrs: Vec<SocketAddr> = ports
                .iter()
                .map(|&p| SocketAddr::from(([127, 0, 0, 1], p)))
                .collect();
            if ipv6 {
                addrs.extend(
                    ports
                        .iter()
                        .map(|&p| SocketAddr::from((Ipv6Addr::LOCALHOST, p))),
                );
            }
            match wait_listening(&mut child, &pid_file, &addrs) {
                Ok(()) => {
                    return Nginx {
                        child,
                        dir,
                        http_port,
                        https_port,
                        wrong_name_port,
                        expired_port,
                        self_signed_port,
                        ipv6,
                        ca_file,
                    }
                }
                Err(why) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    last_log = format!(
                        "{why}\n--- error.log ---\n{}\n--- nginx.out ---\n{}",
                        fs::read_to_string(dir.join("error.log")).unwrap_or_default(),
                        fs::read_to_string(dir.join("nginx.out")).unwrap_or_default()
                    );
                    // Another process took a port: try again with new ones.
                    if !last_log.contains("Address already in use") {
                        break;
                    }
                }
            }
        }
        panic!(
            "nginx did not start (directory {}):\n{last_log}",
            dir.display()
        );
    }

    /// `http://127.0.0.1:<http_port><path>`.
    pub fn http_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http_port)
    }

    /// `https://localhost:<https_port><path>`.
    pub fn https_url(&self, path: &str) -> String {
        format!("https://localhost:{}{path}", self.https_port)
    }

    /// The access log so far (one line per request, with the request line and status).
    pub fn access_log(&self) -> String {
        fs::read_to_string(self.dir.join("access.log")).unwrap_or_default()
    }

    /// The access log once `done` holds for it: nginx writes a request's line after it has sent
    /// the response, so a client can have the response before its line. Waits at most 60 s,
    /// then returns the log as it is.
    pub fn access_log_when(&self, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let log = self.access_log();
            if done(&log) || Instant::now() > deadline {
                return log;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// The error log so far.
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        remove_dir_unless_panicking(&self.dir);
    }
}

/// Generate the CA and the four server certificates; returns the CA file.
fn write_certificates(dir: &Path) -> PathBuf {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "rinet test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().expect("CA key"))
        .expect("CA certificate");
    let ca_file = dir.join("ca.pem");
    fs::write(&ca_file, ca.pem()).expect("write ca.pem");

    let loopback = ["localhost", "127.0.0.1", "::1"];
    let leaf = |names: &[&str], expired: bool| {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let mut p = CertificateParams::new(names).expect("leaf params");
        p.distinguished_name
            .push(DnType::CommonName, "rinet test server");
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        if expired {
            p.not_before = rcgen::date_time_ymd(2000, 1, 1);
            p.not_after = rcgen::date_time_ymd(2001, 1, 1);
        }
        p
    };
    let write = |name: &str, cert_pem: String, key: &KeyPair| {
        fs::write(dir.join(format!("{name}.pem")), cert_pem).expect("write certificate");
        fs::write(dir.join(format!("{name}.key")), key.serialize_pem()).expect("write key");
    };
    for (name, names, expired) in [
        ("server", &loopback[..], false),
        ("wrong-name", &["wrong.example"][..], false),
        ("expired", &loopback[..], true),
    ] {
        let key = KeyPair::generate().expect("leaf key");
        let cert = leaf(names, expired)
            .signed_by(&key, &ca)
            .expect("leaf certificate");
        write(name, cert.pem(), &key);
    }
    let key = KeyPair::generate().expect("self-signed key");
    let cert = leaf(&loopback, false)
        .self_signed(&key)
        .expect("self-signed certificate");
    write("self-signed", cert.pem(), &key);
    ca_file
}

/// The served files and the password file.
fn write_site(dir: &Path, openssl: &Path) {
    let www = dir.join("www");
    for sub in ["static", "gzip", "chunked", "auth"] {
        fs::create_dir_all(www.join(sub)).expect("create the site directories");
    }
    for sub in ["body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        fs::create_dir_all(dir.join("temp").join(sub)).expect("create nginx temp directories");
    }
    let file = |path: &str, data: &[u8]| {
        fs::write(www.join(&path[1..]), data).expect("write a served file");
    };
    file(SMALL_PATH, SMALL_BODY);
    file(BIG_PATH, &big_body());
    file(GZIP_PATH, &gzip_body());
    file(AUTH_PATH, AUTH_BODY);
    let mut page = chunked_page_head();
    page.extend_from_slice(format!("<!--# include virtual=\"{SMALL_PATH}\" -->").as_bytes());
    page.extend_from_slice(CHUNKED_TAIL);
    file(CHUNKED_PATH, &page);

    let out = Command::new(openssl)
        .args(["passwd", "-apr1", AUTH_PASSWORD])
        .stdin(Stdio::null())
        .output()
        .expect("run openssl passwd");
    assert!(
        out.status.success(),
        "openssl passwd failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hash = String::from_utf8(out.stdout).expect("openssl passwd output");
    let mut f = fs::File::create(dir.join("htpasswd")).expect("create htpasswd");
    writeln!(f, "{AUTH_USER}:{}", hash.trim()).expect("write htpasswd");
}

fn nginx_conf(dir: &Path, ports: &[u16], ipv6: bool) -> String {
    let d = dir.display();
    let (http, https) = (ports[0], ports[1]);
    let listen = |port: u16, ssl: bool| {
        let ssl = if ssl { " ssl" } else { "" };
        let mut s = format!("        listen 127.0.0.1:{port}{ssl};\n");
        if ipv6 {
            s.push_str(&format!("        listen [::1]:{port}{ssl};\n"));
        }
        s
    };
    let tls = |name: &str| {
        format!(
            "        ssl_certificate {d}/{name}.pem;\n        ssl_certificate_key {d}/{name}.key;\n"
        )
    };
    let mut redirects = String::new();
    for status in REDIRECT_STATUSES {
        redirects.push_str(&format!(
            "        location = /redirect/{status} {{ return {status} {REDIRECT_TARGET}; }}\n"
        ));
    }
    let windows_body = String::from_utf8_lossy(WINDOWS_AUTH_BODY).replace('\n', "\\n");
    let locations = format!(
        r#"        root {d}/www;
        location /static/ {{ }}
        location /gzip/ {{
            gzip on;
            gzip_types text/plain application/octet-stream;
            gzip_min_length 0;
            gzip_proxied any;
            gzip_vary on;
        }}
        location /chunked/ {{ ssi on; }}
        location /auth/ {{
            auth_basic "rinet";
            auth_basic_user_file {d}/htpasswd;
        }}
        location = {NTLM_PATH} {{
            default_type text/plain;
            add_header WWW-Authenticate NTLM always;
            return 401 "{windows_body}";
        }}
        location = {NEGOTIATE_PATH} {{
            default_type text/plain;
            add_header WWW-Authenticate Negotiate always;
            return 401 "{windows_body}";
        }}
        location = {WINDOWS_AUTH_PATH} {{
            default_type text/plain;
            add_header WWW-Authenticate Negotiate always;
            add_header WWW-Authenticate NTLM always;
            return 401 "{windows_body}";
        }}
{redirects}        location = {REDIRECT_TO_HTTPS} {{ return 302 https://localhost:{https}{REDIRECT_TARGET}; }}
        location = {REDIRECT_TO_HTTP} {{ return 302 http://localhost:{http}{REDIRECT_TARGET}; }}
        location = {REDIRECT_LOOP} {{ return 302 {REDIRECT_LOOP}; }}
"#
    );
    let mut servers = String::new();
    for (i, cert) in [
        None,
        Some("server"),
        Some("wrong-name"),
        Some("expired"),
        Some("self-signed"),
    ]
    .into_iter()
    .enumerate()
    {
        servers.push_str("    server {\n");
        servers.push_str(&listen(ports[i], cert.is_some()));
        servers.push_str("        server_name localhost;\n");
        if let Some(name) = cert {
            servers.push_str(&tls(name));
        }
        servers.push_str(&locations);
        servers.push_str("    }\n");
    }
    format!(
        r#"# Written by rinet's test rig; nginx runs as one foreground process.
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 256; }}
http {{
    types {{
        text/plain txt;
        text/html html;
        application/octet-stream bin;
    }}
    default_type application/octet-stream;
    access_log {d}/access.log;
    client_body_temp_path {d}/temp/body;
    proxy_temp_path {d}/temp/proxy;
    fastcgi_temp_path {d}/temp/fastcgi;
    uwsgi_temp_path {d}/temp/uwsgi;
    scgi_temp_path {d}/temp/scgi;
    absolute_redirect off;
    ssl_protocols TLSv1.2 TLSv1.3;
{servers}}}
"#
    )
}

/// The path of a binary, looked up in PATH and the usual sbin directories; panics with the
/// package to install when it is missing.
pub fn find_binary(name: &str, package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::env::split_paths(&path).chain(
        [
            "/usr/sbin",
            "/usr/bin",
            "/sbin",
            "/bin",
            "/usr/local/sbin",
            "/usr/local/bin",
        ]
        .into_iter()
        .map(PathBuf::from),
    );
    for d in dirs {
        let p = d.join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "`{name}` is not installed: this test needs it. Install it with \
         `apt-get install -y {package}` (.ci/run installs it)."
    );
}

/// A new, empty directory under the target's temporary directory.
pub fn fresh_dir(what: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{what}-{}-{}-{stamp}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

/// Remove a rig's directory, or keep it (and say where) when the test is failing.
pub fn remove_dir_unless_panicking(dir: &Path) {
    if thread::panicking() {
        eprintln!("test rig files kept in {}", dir.display());
    } else {
        let _ = fs::remove_dir_all(dir);
    }
}

/// True when a socket can be bound on `[::1]`.
pub fn ipv6_loopback_works() -> bool {
    TcpListener::bind((Ipv6Addr::LOCALHOST, 0)).is_ok()
}

/// `n` distinct ports free on 127.0.0.1 (and on `[::1]` too when `ipv6`) at this moment. The
/// listeners are closed before returning, so the server started next can bind them. A port
/// is handed out once per test process, so rigs started by tests running in parallel do not
/// get the same one.
pub fn free_ports(n: usize, ipv6: bool) -> Vec<u16> {
    static GIVEN: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    let mut held = Vec::new();
    let mut ports = Vec::new();
    while ports.len() < n {
        let v4 = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = v4.local_addr().expect("local address").port();
        if given.contains(&port) {
            held.push(v4);
            continue;
        }
        if ipv6 {
            match TcpListener::bind((Ipv6Addr::LOCALHOST, port)) {
                Ok(v6) => held.push(v6),
                Err(_) => {
                    held.push(v4);
                    continue;
                }
            }
        }
        held.push(v4);
        ports.push(port);
        given.push(port);
    }
    ports
}

/// Wait until the server has written its pid file and every address accepts a connection.
/// Both nginx and tinyproxy write the pid file only once all their sockets are bound, so a
/// port answered by some other process that took it first does not pass for the server's.
/// Fails if the child exits first or the time runs out.
pub fn wait_listening(
    child: &mut Child,
    pid_file: &Path,
    addrs: &[SocketAddr],
) -> Result<(), String> {
    let deadline = Instant::now() + START_TIMEOUT;
    let mut pending: Vec<SocketAddr> = addrs.to_vec();
    loop {
        let pid_written = fs::read_to_string(pid_file).is_ok_and(|s| !s.trim().is_empty());
        if pid_written && pending.is_empty() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the server exited at start ({status})"));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "nothing listening on {pending:?} after {START_TIMEOUT:?}"
            ));
        }
        if pid_written {
            pending.retain(|a| TcpStream::connect_timeout(a, Duration::from_millis(200)).is_err());
        }
        thread::sleep(Duration::from_millis(10));
    }
}
