// SPDX-License-Identifier: MIT OR Apache-2.0
//! The rinet test server as a program, for the demo and for trying the C examples by hand.
//!
//! ```text
//! cargo run --example testserver -- [--port N] [--stdin-lifetime]
//! ```
//!
//! It listens on 127.0.0.1:N (0, the default, lets the system choose), prints `PORT <n>` on
//! standard output once listening, and serves until it is killed (SIGTERM or SIGINT) or, with
//! `--stdin-lifetime`, until its standard input reaches end of file. The routes are described
//! in tests/support/server.rs.

#[allow(dead_code)]
#[path = "../tests/support/server.rs"]
mod server;

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut port = 0u16;
    let mut stdin_lifetime = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => return usage("--port needs a number from 0 to 65535"),
            },
            "--stdin-lifetime" => stdin_lifetime = true,
            "-h" | "--help" => {
                println!("usage: testserver [--port N] [--stdin-lifetime]");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let server = match server::TestServer::start_on(port) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("testserver: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "PORT {}", server.port())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(out);
    if stdin_lifetime {
        // Serve until whoever started us closes our standard input.
        let mut sink = [0u8; 256];
        let mut stdin = std::io::stdin().lock();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        drop(server);
        ExitCode::SUCCESS
    } else {
        // Serve until a signal ends the process.
        loop {
            std::thread::park();
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("testserver: {message}\nusage: testserver [--port N] [--stdin-lifetime]");
    ExitCode::from(2)
}
