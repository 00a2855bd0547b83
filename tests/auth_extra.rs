// SPDX-License-Identifier: MIT OR Apache-2.0
//! Digest authentication, a proxy that asks for credentials, and the connect timeout, against
//! small scripted servers (nginx has no Digest, and the rigs' proxy asks for no credentials).

use std::ffi::{c_void, CString};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::ptr::{null, null_mut};
use std::sync::mpsc;

mod support;

use support::tcp::TcpServer;

use rinet::ffi::options::*;
use rinet::ffi::query::rinet_query_info;
use rinet::ffi::request::*;
use rinet::ffi::rinet_handle;
use rinet::ffi::session::*;
use sha2::{Digest, Sha256};

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// Read one request head (and a Content-Length body); None at EOF.
fn read_request(r: &mut BufReader<TcpStream>) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end().to_string();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    let len = lines
        .iter()
        .find_map(|l| {
            l.strip_prefix("Content-Length: ")
                .and_then(|v| v.parse::<usize>().ok())
        })
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(lines)
}

fn header<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
    lines.iter().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn hex(data: &str) -> String {
    Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parse `k="v", k=v` pairs of a Digest credentials value.
fn params(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in value.trim_start_matches("Digest").split(',') {
        if let Some((k, v)) = part.split_once('=') {
            out.push((k.trim().to_string(), v.trim().trim_matches('"').to_string()));
        }
    }
    out
}

/// A server that asks for Digest SHA-256 credentials and checks the answer itself.
fn digest_server() -> (TcpServer, mpsc::Receiver<String>) {
    let (tx, rx) = mpsc::channel();
    let server = TcpServer::start(move |stream: TcpStream| {
        let tx = tx.clone();
        {
            let mut w = stream.try_clone().unwrap();
            let mut r = BufReader::new(stream);
            while let Some(lines) = read_request(&mut r) {
                let method_uri: Vec<&str> = lines[0].split(' ').collect();
                let reply = match header(&lines, "Authorization") {
                    None => "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nWWW-Authenticate: Digest realm=\"r\", qop=\"auth\", nonce=\"n123\", algorithm=SHA-256, opaque=\"op\"\r\nContent-Length: 4\r\n\r\nnope".to_string(),
                    Some(auth) => {
                        let p = params(auth);
                        let get = |k: &str| p.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
                        let ha1 = hex("user:r:secret");
                        let ha2 = hex(&format!("{}:{}", method_uri[0], get("uri")));
                        let want = hex(&format!("{ha1}:n123:{}:{}:auth:{ha2}", get("nc"), get("cnonce")));
                        let ok = get("response") == want && get("uri") == method_uri[1] && get("opaque") == "op";
                        let _ = tx.send(auth.to_string());
                        if ok {
                            "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\ndigest ok".to_string()
                        } else {
                            "HTTP/1.1 401 Unauthorized\r\nContent-Length: 3\r\n\r\nbad".to_string()
                        }
                    }
                };
                if w.write_all(reply.as_bytes()).is_err() {
                    break;
                }
            }
        }
    });
    (server, rx)
}

fn open_sync() -> rinet_handle {
    let mut s = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_open(null(), 1, null(), null(), 0, &mut s) },
        0
    );
    s
}

fn request(s: rinet_handle, port: u16, path: &str, user: Option<(&str, &str)>) -> rinet_handle {
    let (u, p) = (user.map(|u| cstr(u.0)), user.map(|u| cstr(u.1)));
    let mut c = null_mut();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    let rc = unsafe {
        rinet_connect(
            s,
            cstr("127.0.0.1").as_ptr(),
            port,
            u.as_ref().map_or(null(), |c| c.as_ptr()),
            p.as_ref().map_or(null(), |c| c.as_ptr()),
            3,
            0,
            1,
            &mut c,
        )
    };
    assert_eq!(rc, 0);
    let mut r = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_open_request(
                c,
                null(),
                cstr(path).as_ptr(),
                null(),
                null(),
                null(),
                0,
                2,
                &mut r,
            )
        },
        0
    );
    r
}

fn status_and_body(r: rinet_handle) -> (u32, Vec<u8>) {
    let mut v = 0u32;
    let mut len = 4u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_query_info(
                r,
                19 | 0x2000_0000,
                &mut v as *mut u32 as *mut c_void,
                &mut len,
                null_mut(),
            )
        },
        0
    );
    let mut body = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        let mut n = 0u32;
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe {
                rinet_read_file(r, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, &mut n)
            },
            0
        );
        if n == 0 {
            return (v, body);
        }
        body.extend_from_slice(&buf[..n as usize]);
    }
}

#[test]
fn digest_sha256_is_preferred_to_basic_and_answered() {
    let (server, seen) = digest_server();
    let port = server.port();
    let s = open_sync();
    let r = request(s, port, "/secret?x=1", Some(("user", "secret")));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_and_body(r), (200, b"digest ok".to_vec()));
    let auth = seen.recv().unwrap();
    assert!(auth.starts_with("Digest "), "{auth}");
    assert!(
        auth.contains("algorithm=SHA-256")
            && auth.contains("qop=auth")
            && auth.contains("nc=00000001"),
        "{auth}"
    );
    // The next request to the same server answers pre-emptively with the next nonce count.
    let r2 = request(s, port, "/other", Some(("user", "secret")));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r2, null(), 0, null(), 0) }, 0);
    assert_eq!(status_and_body(r2), (200, b"digest ok".to_vec()));
    let auth = seen.recv().unwrap();
    assert!(auth.contains("nc=00000002"), "{auth}");
    // A wrong password: answered once, then the 401 stands for the caller.
    let r3 = request(s, port, "/secret", Some(("user", "wrong")));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r3, null(), 0, null(), 0) }, 0);
    assert_eq!(status_and_body(r3).0, 401);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

/// A proxy that wants Basic credentials (Proxy-Authorization) and otherwise answers 407.
fn asking_proxy() -> (TcpServer, mpsc::Receiver<Vec<String>>) {
    let (tx, rx) = mpsc::channel();
    let server = TcpServer::start(move |stream: TcpStream| {
        let tx = tx.clone();
        {
            let mut w = stream.try_clone().unwrap();
            let mut r = BufReader::new(stream);
            while let Some(lines) = read_request(&mut r) {
                let authorized =
                    header(&lines, "Proxy-Authorization") == Some("Basic dXNlcjpwYXNz");
                let _ = tx.send(lines);
                let reply: &[u8] = if authorized {
                    b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nvia proxy"
                } else {
                    b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 2\r\n\r\nno"
                };
                if w.write_all(reply).is_err() {
                    break;
                }
            }
        }
    });
    (server, rx)
}

#[test]
fn a_407_is_the_callers_without_credentials_and_answered_with_them() {
    let (server, seen) = asking_proxy();
    let port = server.port();
    let proxy = cstr(&format!("http=127.0.0.1:{port}"));
    let bypass = cstr("<-loopback>");
    let mut s = null_mut();
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_open(null(), 3, proxy.as_ptr(), bypass.as_ptr(), 0, &mut s) },
        0
    );
    // The origin port does not matter: the proxy answers.
    let r = request(s, 9, "/page", None);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_and_body(r), (407, b"no".to_vec()));
    let first = seen.recv().unwrap();
    assert_eq!(first[0], "GET http://127.0.0.1:9/page HTTP/1.1");
    let r = request(s, 9, "/page", None);
    let (u, p) = (cstr("user"), cstr("pass"));
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(r, RINET_OPTION_PROXY_USERNAME, u.as_ptr() as *mut c_void, 0) },
        0
    );
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet_set_option(r, RINET_OPTION_PROXY_PASSWORD, p.as_ptr() as *mut c_void, 0) },
        0
    );
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_send_request(r, null(), 0, null(), 0) }, 0);
    assert_eq!(status_and_body(r), (200, b"via proxy".to_vec()));
    let second = seen.recv().unwrap();
    assert_eq!(
        header(&second, "Proxy-Authorization"),
        Some("Basic dXNlcjpwYXNz")
    );
    assert_eq!(header(&second, "Host"), Some("127.0.0.1:9"));
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
}

#[test]
fn the_connect_timeout_bounds_a_connect_nobody_answers() {
    // A listener whose accept queue is full drops further SYNs: connects to it hang.
    // SAFETY: plain socket calls on a descriptor this test owns.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0) };
    assert!(fd >= 0);
    // SAFETY: sockaddr_in is plain data; all zeroes is a valid value.
    let mut addr: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    addr.sin_family = libc::AF_INET as libc::sa_family_t;
    addr.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
    // SAFETY: `addr` is a valid sockaddr_in for the calls below.
    let port = unsafe {
        assert_eq!(
            libc::bind(
                fd,
                &addr as *const _ as *const libc::sockaddr,
                std::mem::size_of_val(&addr) as u32
            ),
            0
        );
        assert_eq!(libc::listen(fd, 0), 0);
        let mut len = std::mem::size_of_val(&addr) as u32;
        libc::getsockname(fd, &mut addr as *mut _ as *mut libc::sockaddr, &mut len);
        u16::from_be(addr.sin_port)
    };
    let fillers: Vec<TcpStream> = (0..4)
        .filter_map(|_| {
            TcpStream::connect_timeout(
                &format!("127.0.0.1:{port}").parse().unwrap(),
                std::time::Duration::from_millis(200),
            )
            .ok()
        })
        .collect();
    let s = open_sync();
    let r = request(s, port, "/", None);
    let mut ms = 400u32;
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe {
            rinet_set_option(
                r,
                RINET_OPTION_CONNECT_TIMEOUT,
                &mut ms as *mut u32 as *mut c_void,
                4,
            )
        },
        0
    );
    let started = std::time::Instant::now();
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(
        unsafe { rinet_send_request(r, null(), 0, null(), 0) },
        12002
    );
    // The request's 400 ms, not the session's default of 60 s.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    drop(fillers);
    // SAFETY: arguments as the C contract asks (live handles, valid buffers).
    assert_eq!(unsafe { rinet_close_handle(s) }, 0);
    // SAFETY: closing the descriptor opened above.
    unsafe { libc::close(fd) };
}
