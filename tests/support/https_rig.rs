// SPDX-License-Identifier: MIT OR Apache-2.0
//! The rig for c-examples/https_get.c: nginx with a test CA behind tinyproxy, and the
//! program's arguments (proxy, https URL, CA file, file holding the expected body).

use std::path::PathBuf;

use super::nginx::{self, Nginx};
use super::tinyproxy::Tinyproxy;

/// The example's path, tested by the programs' runners with this rig instead of the test server.
pub const HTTPS_GET: &str = "c-examples/https_get.c";

/// The running servers (stopped on drop) and the program's arguments.
pub struct HttpsRig {
    pub nginx: Nginx,
    pub proxy: Tinyproxy,
    pub args: Vec<String>,
}

impl HttpsRig {
    /// Start nginx and tinyproxy (CONNECT allowed to nginx's TLS port) and write the expected
    /// body next to nginx's files.
    pub fn start() -> HttpsRig {
        let nginx = Nginx::start();
        let proxy = Tinyproxy::start(&[nginx.https_port]);
        let expected: PathBuf = nginx.dir.join("expected-big.bin");
        std::fs::write(&expected, nginx::big_body()).expect("write the expected body");
        let args = vec![
            format!("127.0.0.1:{}", proxy.port),
            nginx.https_url(nginx::BIG_PATH),
            nginx.ca_file.display().to_string(),
            expected.display().to_string(),
        ];
        HttpsRig { nginx, proxy, args }
    }

    /// The arguments as string slices.
    pub fn arg_refs(&self) -> Vec<&str> {
        self.args.iter().map(String::as_str).collect()
    }
}
