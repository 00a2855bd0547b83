// SPDX-License-Identifier: MIT OR Apache-2.0
//! tinyproxy (Debian's package) as a real forward proxy for the integration tests.
//!
//! [`Tinyproxy::start`] writes a configuration in a fresh directory under the cargo target's
//! temporary directory and runs `tinyproxy -d` (foreground) on a free port of 127.0.0.1. It
//! accepts clients from 127.0.0.1 only, forwards absolute-form requests (`GET http://...`), and
//! tunnels `CONNECT host:port` for port 443 and the ports the test names (give it the nginx
//! HTTPS ports). A CONNECT to any other port gets 403. Its log (level Info: one line per
//! request and per CONNECT) is in the directory. Dropping the [`Tinyproxy`] kills it and waits
//! for it; the directory is removed unless the test is panicking.
//!
//! A missing `tinyproxy` binary fails the test with the command that installs it; `.ci/run`
//! installs it.

use std::fs;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use super::nginx::{
    find_binary, free_ports, fresh_dir, remove_dir_unless_panicking, wait_listening,
};

/// Start attempts, each with a new port.
const START_ATTEMPTS: usize = 5;

/// A running tinyproxy. Dropping it stops it.
pub struct Tinyproxy {
    child: Child,
    /// The directory holding the configuration and the log.
    pub dir: PathBuf,
    /// The proxy's port on 127.0.0.1.
    pub port: u16,
}

impl Tinyproxy {
    /// Start tinyproxy, allowing CONNECT to port 443 and to each of `connect_ports`. Panics
    /// (failing the test) with a clear message if tinyproxy is missing or does not come up.
    pub fn start(connect_ports: &[u16]) -> Tinyproxy {
        let tinyproxy = find_binary("tinyproxy", "tinyproxy");
        let dir = fresh_dir("tinyproxy");
        let mut last = String::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_ports(1, false)[0];
            let mut conf = format!(
                "# Written by rinet's test rig.\n\
                 Port {port}\n\
                 Listen 127.0.0.1\n\
                 Timeout 30\n\
                 MaxClients 64\n\
                 LogFile \"{log}\"\n\
                 LogLevel Info\n\
                 PidFile \"{pid}\"\n\
                 Allow 127.0.0.1\n\
                 ConnectPort 443\n",
                log = dir.join("tinyproxy.log").display(),
                pid = dir.join("tinyproxy.pid").display(),
            );
            for p in connect_ports {
                conf.push_str(&format!("ConnectPort {p}\n"));
            }
            let conf_path = dir.join("tinyproxy.conf");
            let pid_file = dir.join("tinyproxy.pid");
            let _ = fs::remove_file(&pid_file);
            fs::write(&conf_path, conf).expect("write tinyproxy.conf");
            let out = fs::File::create(dir.join("tinyproxy.out")).expect("create tinyproxy.out");
            let mut child = Command::new(&tinyproxy)
                .arg("-d")
                .arg("-c")
                .arg(&conf_path)
                .stdin(Stdio::null())
                .stdout(Stdio::from(out.try_clone().expect("clone tinyproxy.out")))
                .stderr(Stdio::from(out))
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", tinyproxy.display()));
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            match wait_listening(&mut child, &pid_file, &[addr]) {
                Ok(()) => return Tinyproxy { child, dir, port },
                Err(why) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    last = format!(
                        "{why}\n--- tinyproxy.log ---\n{}\n--- tinyproxy.out ---\n{}",
                        fs::read_to_string(dir.join("tinyproxy.log")).unwrap_or_default(),
                        fs::read_to_string(dir.join("tinyproxy.out")).unwrap_or_default()
                    );
                    // Another process took the port: try again with a new one.
                    if !last.contains("in use") && !last.contains("listening sockets") {
                        break;
                    }
                }
            }
        }
        panic!(
            "tinyproxy did not start (directory {}):\n{last}",
            dir.display()
        );
    }

    /// `127.0.0.1:<port>`, as a proxy setting.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The log so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("tinyproxy.log")).unwrap_or_default()
    }

    /// The log once `done` holds for it (tinyproxy writes some lines, a CONNECT's for one, a
    /// moment after it has answered). Waits at most 60 s, then returns the log as it is.
    pub fn log_when(&self, done: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let log = self.log();
            if done(&log) || std::time::Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        remove_dir_unless_panicking(&self.dir);
    }
}
