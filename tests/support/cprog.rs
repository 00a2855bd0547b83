// SPDX-License-Identifier: MIT OR Apache-2.0
//! Builds the repository's C programs against the rinet library that cargo built for this test
//! run, and runs them against a test server: directly, or under valgrind.
//!
//! A program gets the server as `argv[1]` (host) and `argv[2]` (port), followed by any extra
//! arguments, and as the environment variables `RINET_TEST_HOST` and `RINET_TEST_PORT`. It
//! passes when it exits 0 and prints no line starting with `FAIL`.

use std::ffi::OsStr;
use std::io::Read;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use super::scratch::Scratch;
use super::server::TestServer;

/// How long a program may run on its own before it is killed and its test fails.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a program may run under valgrind before it is killed and its test fails.
pub const VALGRIND_TIMEOUT: Duration = Duration::from_secs(600);

/// The valgrind command line: any error, or any definitely lost block, fails the run.
pub const VALGRIND_ARGS: &[&str] = &[
    "--error-exitcode=1",
    // The TLS library's constant-time assembly (see the file).
    "--suppressions=tests/valgrind-tls.supp",
    "--leak-check=full",
    "--errors-for-leak-kinds=definite",
    "--show-leak-kinds=definite",
];

/// The repository's top directory.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory holding the librinet.so and librinet.a that cargo built for this test run.
/// The test binary is `target/<profile>/deps/<name>`; `cargo test` leaves the libraries beside
/// it in `deps`, and `cargo build` also copies them up to `target/<profile>`.
pub fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("find the path of the running test binary");
    let deps = exe.parent().expect("the test binary's directory");
    let candidates = [Some(deps), deps.parent()];
    let dir = candidates
        .into_iter()
        .flatten()
        .find(|dir| dir.join("librinet.so").is_file())
        .unwrap_or_else(|| {
            panic!(
                "librinet.so is neither in {} nor in its parent: run the C program tests with \
                 `cargo test`, which builds the library first",
                deps.display()
            )
        })
        .to_path_buf();
    dir
}

/// Linker flags that make an rpath an RPATH, searched before LD_LIBRARY_PATH, rather than a
/// RUNPATH, searched after it.
pub const RUN_THIS_LIBRARY: &[&str] = &["-Wl,--disable-new-dtags"];

/// The directories whose `.c` (and `.cpp`) files are programs.
pub const PROGRAM_DIRS: &[&str] = &["c-examples", "tests/c"];

/// Every C program of the repository: the `.c` files in [`PROGRAM_DIRS`] and their
/// subdirectories, and the `.cpp` files of the directories that hold Win32 programs
/// ([`WIN32_DIRS`]), as paths relative to the repository, sorted.
pub fn c_programs() -> Vec<String> {
    let mut programs = Vec::new();
    let mut dirs: Vec<String> = PROGRAM_DIRS.iter().map(|dir| dir.to_string()).collect();
    while let Some(dir) = dirs.pop() {
        let full = repo_root().join(&dir);
        let entries =
            std::fs::read_dir(&full).unwrap_or_else(|e| panic!("list {}: {e}", full.display()));
        for entry in entries {
            let path = entry.expect("read a directory entry").path();
            let name = path.file_name().expect("a file name").to_string_lossy();
            if path.is_dir() {
                dirs.push(format!("{dir}/{name}"));
            } else if path.extension().is_some_and(|ext| ext == "c")
                || (path.extension().is_some_and(|ext| ext == "cpp")
                    && WIN32_DIRS.iter().any(|w| dir.starts_with(w)))
            {
                programs.push(format!("{dir}/{name}"));
            }
        }
    }
    programs.sort();
    programs
}

/// A program built for one test: the executable, in a scratch directory of its own that is
/// removed with it. It dereferences to the executable's path.
pub struct Built {
    exe: PathBuf,
    _dir: Scratch,
}

impl Built {
    /// The executable `exe`, built in `dir`.
    pub fn new(exe: PathBuf, dir: Scratch) -> Built {
        Built { exe, _dir: dir }
    }
}

impl Deref for Built {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.exe
    }
}

impl AsRef<Path> for Built {
    fn as_ref(&self) -> &Path {
        &self.exe
    }
}

impl AsRef<OsStr> for Built {
    fn as_ref(&self) -> &OsStr {
        self.exe.as_os_str()
    }
}

/// The directories whose programs use the Win32 porting headers: they are built with
/// `-I include/win32` as well, and may be C++ (`.cpp`, built with `c++ -std=c++17`).
pub const WIN32_DIRS: &[&str] = &["tests/c/win32", "c-examples/wininet"];

/// The marker of a program built in both wchar_t widths: a line of its leading comment
/// ` * rinet-test-wchar: both` builds it once as is (4-byte wchar_t) and once with
/// `-fshort-wchar` (2 bytes, as on Windows); each build runs.
const WCHAR_MARKER: &str = "rinet-test-wchar: both";

/// The builds of the program at `source`: one list of extra compiler flags per build
/// (`-fshort-wchar` for the second build of a [`WCHAR_MARKER`] program), with the name that
/// tells the builds apart.
pub fn builds(source: &str) -> Vec<(String, Vec<String>)> {
    let path = repo_root().join(source);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut out = vec![("wchar4".to_string(), Vec::new())];
    if text.lines().any(|line| line.contains(WCHAR_MARKER)) {
        out.push(("wchar2".to_string(), vec!["-fshort-wchar".to_string()]));
    }
    out
}

/// Compiles every build of the program at `source` (see [`builds`]) with `extra_flags` too;
/// returns the executables, one per build.
pub fn compile_all(source: &str, tag: &str, extra_flags: &[&str]) -> Vec<Built> {
    builds(source)
        .into_iter()
        .map(|(name, flags)| {
            let mut all: Vec<&str> = flags.iter().map(String::as_str).collect();
            all.extend_from_slice(extra_flags);
            compile_with(source, &format!("{tag}/{name}"), &all)
        })
        .collect()
}

/// Compiles the C program at `source` (relative to the repository) with `-Werror` against
/// librinet, into a scratch directory of this call's own under `c-programs/<tag>` in the cargo
/// target's temporary space. Returns the executable; panics with the compiler's full output if
/// compiling fails.
pub fn compile(source: &str, tag: &str) -> Built {
    compile_with(source, tag, &[])
}

/// [`compile`] with extra compiler flags (for instance the sanitizers'), given before the
/// source file. `source` may also be an absolute path.
pub fn compile_with(source: &str, tag: &str, extra_flags: &[&str]) -> Built {
    let source = repo_root().join(source);
    assert!(
        source.is_file(),
        "the C program {} does not exist",
        source.display()
    );
    let lib = lib_dir();
    let stem = source.file_stem().expect("a C file name");
    // Every call builds in a directory of its own: two tests may build the same program at
    // once (one program run with two environments), and a program is never run while a
    // compiler is writing it.
    let dir = Scratch::new(&format!("c-programs/{tag}"));
    let exe = dir.join(stem);
    let cpp = source.extension().is_some_and(|ext| ext == "cpp");
    let win32 = WIN32_DIRS
        .iter()
        .any(|dir| source.starts_with(repo_root().join(dir)));
    let cc = if cpp {
        std::env::var_os("CXX").unwrap_or_else(|| "c++".into())
    } else {
        std::env::var_os("CC").unwrap_or_else(|| "cc".into())
    };
    let mut command = Command::new(&cc);
    command
        .arg(if cpp { "-std=c++17" } else { "-std=c11" })
        .args(["-Wall", "-Wextra", "-Werror", "-g"])
        .args(extra_flags)
        .args(marked_flags(&source));
    if win32 {
        command.arg("-I").arg(repo_root().join("include/win32"));
    }
    command
        .arg("-I")
        .arg(repo_root().join("include"))
        .arg(&source)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(&lib)
        .args(["-lrinet", "-lpthread"])
        // The program loads the library it was linked against: an RPATH (not the RUNPATH the
        // linker writes by default) comes before LD_LIBRARY_PATH, which `cargo test` sets to
        // directories that may hold an older librinet.so (target/<profile> is only refreshed
        // by `cargo build`).
        .args(RUN_THIS_LIBRARY)
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .args(pkg_config_flags(&source));
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("run the C compiler {cc:?} (install gcc): {e}"));
    assert!(
        output.status.success(),
        "compiling {} failed ({}):\n{:?}\n{}{}",
        source.display(),
        output.status,
        command,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Built { exe, _dir: dir }
}

/// The marker of a C program that needs libraries found through pkg-config: a line of its
/// leading comment such as ` * rinet-test-pkg-config: glib-2.0` lists the packages.
const PKG_CONFIG_MARKER: &str = "rinet-test-pkg-config:";

/// The compiler and linker flags for the pkg-config packages that the program at `source` names
/// after [`PKG_CONFIG_MARKER`] (none when it names none). Panics, saying what to install, when
/// pkg-config or a package is missing.
fn pkg_config_flags(source: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("read {}: {e}", source.display()));
    let packages: Vec<&str> = text
        .lines()
        .filter_map(|line| line.split_once(PKG_CONFIG_MARKER))
        .flat_map(|(_, names)| names.split_whitespace())
        .collect();
    if packages.is_empty() {
        return Vec::new();
    }
    let output = Command::new("pkg-config")
        .args(["--cflags", "--libs"])
        .args(&packages)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} needs pkg-config ({e}); install it (Debian: apt-get install pkg-config)",
                source.display()
            )
        });
    assert!(
        output.status.success(),
        "{} needs the pkg-config packages {packages:?}: {}(Debian: apt-get install pkg-config \
         and the matching -dev packages, e.g. libglib2.0-dev for glib-2.0)",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The marker of a C program built with extra compiler flags: a line of its leading comment
/// such as ` * rinet-test-cflags: -fshort-wchar` (the same program built with a 2-byte
/// `wchar_t`, from a file that includes another program).
const CFLAGS_MARKER: &str = "rinet-test-cflags:";

/// The compiler flags the program at `source` names after [`CFLAGS_MARKER`] (none when it names
/// none).
fn marked_flags(source: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("read {}: {e}", source.display()));
    text.lines()
        .filter_map(|line| line.split_once(CFLAGS_MARKER))
        .flat_map(|(_, flags)| flags.split_whitespace().map(str::to_owned))
        .collect()
}

/// What a finished program did.
pub struct Outcome {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// The program's output, for failure messages.
    pub fn report(&self, what: &str) -> String {
        format!(
            "{what}: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.status, self.stdout, self.stderr
        )
    }

    /// The lines of standard output that report a failed check.
    pub fn failed_checks(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|line| line.starts_with("FAIL"))
            .collect()
    }
}

/// Runs `command` with standard input closed, collecting its output; kills it and panics when
/// it runs longer than `timeout`.
pub fn run_with_timeout(mut command: Command, timeout: Duration) -> Outcome {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("start {command:?}: {e}"));
    let stdout = collect(child.stdout.take().expect("piped stdout"));
    let stderr = collect(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for a child process") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    match status {
        Some(status) => Outcome {
            status,
            stdout,
            stderr,
        },
        None => panic!(
            "{command:?} did not finish within {} s and was killed\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}",
            timeout.as_secs()
        ),
    }
}

fn collect(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Adds the server's address to `command`: as its first two arguments and in the environment.
pub fn point_at(command: &mut Command, server: &TestServer, args: &[&str], env: &[(&str, &str)]) {
    let port = server.port().to_string();
    command
        .arg("127.0.0.1")
        .arg(&port)
        .args(args)
        .env("RINET_TEST_HOST", "127.0.0.1")
        .env("RINET_TEST_PORT", &port)
        .envs(env.iter().copied());
}

/// Compiles and runs the C program at `source` against `server`, and asserts that it exits 0
/// and reports no failed check. Returns its outcome for further checks.
pub fn run_program(
    source: &str,
    server: &TestServer,
    args: &[&str],
    env: &[(&str, &str)],
) -> Outcome {
    let mut last = None;
    for exe in compile_all(source, "run", &[]) {
        let mut command = Command::new(&exe);
        point_at(&mut command, server, args, env);
        let outcome = run_with_timeout(command, RUN_TIMEOUT);
        assert!(
            outcome.status.success() && outcome.failed_checks().is_empty(),
            "{}",
            outcome.report(&format!("{source} ({})", exe.display()))
        );
        print!("{}", outcome.stdout);
        eprint!("{}", outcome.stderr);
        last = Some(outcome);
    }
    last.expect("a program has at least one build")
}

/// Panics with the way to get valgrind when it is not installed.
pub fn require_valgrind() {
    let found = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        found,
        "valgrind is not installed; the C programs are tested under it. \
         Install it (Debian: apt-get install valgrind; .ci/run installs it)."
    );
}

/// Compiles the C program at `source` and runs it under valgrind against `server`. Asserts that
/// it exits 0, reports no failed check, and that valgrind found no error and no definitely lost
/// block. Returns its outcome.
pub fn run_under_valgrind(
    source: &str,
    server: &TestServer,
    args: &[&str],
    env: &[(&str, &str)],
) -> Outcome {
    require_valgrind();
    let mut last = None;
    for exe in compile_all(source, "valgrind", &[]) {
        let mut command = Command::new("valgrind");
        command.args(VALGRIND_ARGS).arg(&exe);
        point_at(&mut command, server, args, env);
        let outcome = run_with_timeout(command, VALGRIND_TIMEOUT);
        assert!(
            outcome.status.success()
                && outcome.failed_checks().is_empty()
                && outcome
                    .stderr
                    .contains("ERROR SUMMARY: 0 errors from 0 contexts"),
            "{}",
            outcome.report(&format!("valgrind {source} ({})", exe.display()))
        );
        print!("{}", outcome.stdout);
        eprint!("{}", outcome.stderr);
        last = Some(outcome);
    }
    last.expect("a program has at least one build")
}
