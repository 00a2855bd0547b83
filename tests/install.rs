//! `make install` into a temporary prefix, then C and C++ programs built out of the source tree
//! against what was installed, the way an application would build: with pkg-config, with CMake
//! (`find_package(rinet)` and `rinet::rinet`), and with the static link line that
//! docs/getting-started.md documents. Each program runs against the test server.
//!
//! The install uses the library cargo built for this test run (`CARGO_BUILD=:` and
//! `RINET_LIB_DIR`), so it checks the same code the other tests check. Needs make, a C and a
//! C++ compiler, pkg-config, cmake and readelf (Debian: apt-get install make gcc g++
//! pkg-config cmake binutils).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use support::cprog::{self, repo_root, run_with_timeout, Outcome};
use support::server::TestServer;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const BUILD_TIMEOUT: Duration = Duration::from_secs(300);

/// `librinet.so.<major>`, or `librinet.so.0.<minor>` before 1.0: what build.rs and the
/// Makefile both use.
fn soname() -> String {
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    let minor = env!("CARGO_PKG_VERSION_MINOR");
    if major == "0" {
        format!("librinet.so.0.{minor}")
    } else {
        format!("librinet.so.{major}")
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("install")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

/// Runs `command` and panics with its output unless it succeeds.
fn run(mut command: Command, what: &str) -> Outcome {
    command.env_remove("MAKEFLAGS").env_remove("MFLAGS");
    let shown = format!("{command:?}");
    let outcome = run_with_timeout(command, BUILD_TIMEOUT);
    assert!(
        outcome.status.success(),
        "{}",
        outcome.report(&format!("{what}: {shown}"))
    );
    outcome
}

/// The prefix `make install` installed into, once per test binary.
fn prefix() -> &'static Path {
    static PREFIX: OnceLock<PathBuf> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let prefix = scratch("prefix");
        let mut make = Command::new("make");
        make.current_dir(repo_root())
            .arg("install")
            .arg(format!("PREFIX={}", prefix.display()))
            .arg("CARGO_BUILD=:")
            .arg(format!("RINET_LIB_DIR={}", cprog::lib_dir().display()));
        run(make, "make install");
        prefix
    })
}

/// A `pkg-config` that sees only the temporary prefix.
fn pkg_config(args: &[&str]) -> String {
    let mut command = Command::new("pkg-config");
    command
        .args(args)
        .env("PKG_CONFIG_PATH", prefix().join("lib/pkgconfig"))
        .env("PKG_CONFIG_LIBDIR", prefix().join("lib/pkgconfig"));
    run(command, "pkg-config (apt-get install pkg-config)")
        .stdout
        .trim()
        .to_string()
}

/// The dynamic section entries of `kind` (NEEDED, SONAME, RUNPATH) of an ELF file.
fn dynamic(file: &Path, kind: &str) -> Vec<String> {
    let mut readelf = Command::new("readelf");
    readelf.arg("-d").arg(file);
    let out = run(readelf, "readelf (apt-get install binutils)");
    out.stdout
        .lines()
        .filter(|l| l.contains(&format!("({kind})")))
        .filter_map(|l| Some(l.split_once('[')?.1.trim_end_matches(']').to_string()))
        .collect()
}

/// Copies the example sources an application would have into `dir`: get_async.c, cpp/get.cpp
/// and cmake/CMakeLists.txt, keeping their relative places.
fn copy_examples(dir: &Path) {
    for file in ["get_async.c", "cpp/get.cpp", "cmake/CMakeLists.txt"] {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("create a directory");
        std::fs::copy(repo_root().join("c-examples").join(file), &to)
            .unwrap_or_else(|e| panic!("copy {file}: {e}"));
    }
}

/// Runs an installed-against program against a fresh test server; asserts it succeeds.
/// `LD_LIBRARY_PATH` names the prefix's lib directory, as for any library installed outside the
/// linker's default paths.
fn run_against_server(exe: &Path, extra: &[&str]) -> Outcome {
    let server = TestServer::start();
    let mut command = Command::new(exe);
    command
        .arg("127.0.0.1")
        .arg(server.port().to_string())
        .args(extra)
        .env("LD_LIBRARY_PATH", prefix().join("lib"));
    let outcome = run_with_timeout(command, cprog::RUN_TIMEOUT);
    assert!(
        outcome.status.success() && outcome.failed_checks().is_empty(),
        "{}",
        outcome.report(&exe.display().to_string())
    );
    outcome
}

/// The line of docs/getting-started.md that starts with `start` and contains `needle`.
fn documented_line(start: &str, needle: &str) -> String {
    let path = repo_root().join("docs/getting-started.md");
    let text = std::fs::read_to_string(&path).expect("docs/getting-started.md exists");
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with(start) && l.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "docs/getting-started.md has no line starting with {start:?} containing {needle:?}"
            )
        })
        .to_string()
}

/// The system libraries the Makefile puts in rinet.pc's Libs.private (STATIC_LIBS).
fn makefile_static_libs() -> String {
    let text = std::fs::read_to_string(repo_root().join("Makefile")).expect("read the Makefile");
    text.lines()
        .find_map(|l| l.strip_prefix("STATIC_LIBS := "))
        .expect("the Makefile sets STATIC_LIBS")
        .trim()
        .to_string()
}

#[test]
fn install_lays_out_libraries_headers_and_package_files() {
    let p = prefix();
    let lib = p.join("lib");
    let soname = soname();
    let real = format!("librinet.so.{VERSION}");
    for file in [
        lib.join(&real),
        lib.join("librinet.a"),
        p.join("include/rinet.h"),
        p.join("include/rinet.hpp"),
        p.join("include/rinet/wininet.h"),
        lib.join("pkgconfig/rinet.pc"),
        lib.join("cmake/rinet/rinetConfig.cmake"),
        lib.join("cmake/rinet/rinetConfigVersion.cmake"),
    ] {
        assert!(file.is_file(), "{} was not installed", file.display());
    }
    let link = |name: &str| std::fs::read_link(lib.join(name)).map(|t| t.display().to_string());
    assert_eq!(link(&soname).ok().as_deref(), Some(real.as_str()));
    assert_eq!(link("librinet.so").ok().as_deref(), Some(soname.as_str()));
    assert_eq!(
        dynamic(&lib.join(&real), "SONAME"),
        vec![soname.clone()],
        "the installed library's soname"
    );
    for header in ["rinet.h", "rinet.hpp", "wininet.h"] {
        let from = repo_root().join("include").join(header);
        let to = if header == "wininet.h" {
            p.join("include/rinet/wininet.h")
        } else {
            p.join("include").join(header)
        };
        assert_eq!(
            std::fs::read(&from).unwrap(),
            std::fs::read(&to).unwrap(),
            "{} differs from include/{header}",
            to.display()
        );
    }

    assert_eq!(pkg_config(&["--modversion", "rinet"]), VERSION);
    let cflags = pkg_config(&["--cflags", "rinet"]);
    let inc = p.join("include");
    for want in [
        format!("-I{}", inc.display()),
        format!("-I{}", inc.join("rinet").display()),
    ] {
        assert!(
            cflags.split_whitespace().any(|f| f == want),
            "pkg-config --cflags rinet gave {cflags:?}, without {want}"
        );
    }
    let static_libs = pkg_config(&["--libs", "--static", "rinet"]);
    assert!(
        static_libs.ends_with(&makefile_static_libs()),
        "pkg-config --libs --static rinet gave {static_libs:?}"
    );
}

#[test]
fn pkg_config_build_out_of_tree() {
    let dir = scratch("pkg-config-app");
    copy_examples(&dir);
    std::fs::copy(dir.join("get_async.c"), dir.join("app.c")).expect("copy app.c");
    // The documented line, as written, plus the warnings the project builds with.
    let line = documented_line("cc -o app app.c", "pkg-config --cflags --libs rinet");
    let mut sh = Command::new("sh");
    sh.current_dir(&dir)
        .arg("-c")
        .arg(format!("{line} -Wall -Wextra -Werror"))
        .env("PKG_CONFIG_PATH", prefix().join("lib/pkgconfig"))
        .env("PKG_CONFIG_LIBDIR", prefix().join("lib/pkgconfig"));
    run(sh, "the documented pkg-config build");
    let app = dir.join("app");
    assert!(
        dynamic(&app, "NEEDED").contains(&soname()),
        "app does not record {} as NEEDED",
        soname()
    );
    let out = run_against_server(&app, &[]);
    print!("{}", out.stdout);

    // The C++ example the same way.
    let mut gxx = Command::new(std::env::var_os("CXX").unwrap_or_else(|| "g++".into()));
    gxx.current_dir(&dir)
        .args(["-std=c++17", "-Wall", "-Wextra", "-Werror", "-o", "get_cpp"])
        .arg("cpp/get.cpp")
        .args(pkg_config(&["--cflags", "--libs", "rinet"]).split_whitespace());
    run(gxx, "g++ with pkg-config (apt-get install g++)");
    let out = run_against_server(&dir.join("get_cpp"), &[]);
    print!("{}", out.stdout);
}

#[test]
fn static_link_line_as_documented() {
    let dir = scratch("static-app");
    copy_examples(&dir);
    std::fs::copy(dir.join("get_async.c"), dir.join("app.c")).expect("copy app.c");
    let line = documented_line("cc -o app app.c", "librinet.a");
    assert!(
        line.ends_with(&makefile_static_libs()),
        "the documented static link line ({line}) must end with the Makefile's STATIC_LIBS ({})",
        makefile_static_libs()
    );
    let mut sh = Command::new("sh");
    sh.current_dir(&dir)
        .arg("-c")
        .arg(format!("{line} -Wall -Wextra -Werror"))
        .env("PKG_CONFIG_PATH", prefix().join("lib/pkgconfig"))
        .env("PKG_CONFIG_LIBDIR", prefix().join("lib/pkgconfig"));
    run(sh, "the documented static link line");
    let app = dir.join("app");
    let needed = dynamic(&app, "NEEDED");
    assert!(
        !needed.iter().any(|n| n.starts_with("librinet")),
        "a static build still needs {needed:?}"
    );
    let out = run_against_server(&app, &[]);
    print!("{}", out.stdout);
}

#[test]
fn cmake_build_out_of_tree() {
    let dir = scratch("cmake-app");
    copy_examples(&dir);
    let build = dir.join("build");
    let mut configure = Command::new("cmake");
    configure
        .arg("-S")
        .arg(dir.join("cmake"))
        .arg("-B")
        .arg(&build)
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix().display()))
        .arg("-DCMAKE_C_FLAGS=-Wall -Wextra -Werror")
        .arg("-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror");
    run(configure, "cmake configure (apt-get install cmake)");
    let mut make = Command::new("cmake");
    make.arg("--build").arg(&build);
    run(make, "cmake --build");

    let shared = build.join("get_async");
    assert!(dynamic(&shared, "NEEDED").contains(&soname()));
    print!("{}", run_against_server(&shared, &[]).stdout);

    let fixed = build.join("get_async_static");
    let needed = dynamic(&fixed, "NEEDED");
    assert!(
        !needed.iter().any(|n| n.starts_with("librinet")),
        "rinet::rinet_static still needs {needed:?}"
    );
    print!("{}", run_against_server(&fixed, &[]).stdout);

    print!(
        "{}",
        run_against_server(&build.join("get_cpp"), &["/bytes/300000"]).stdout
    );
}

#[test]
fn uninstall_removes_what_install_installed() {
    let prefix = scratch("uninstall");
    let lib_dir = format!("RINET_LIB_DIR={}", cprog::lib_dir().display());
    let prefix_arg = format!("PREFIX={}", prefix.display());
    for target in ["install", "uninstall"] {
        let mut make = Command::new("make");
        make.current_dir(repo_root())
            .args([target, &prefix_arg, "CARGO_BUILD=:", &lib_dir]);
        run(make, &format!("make {target}"));
    }
    let mut left = Vec::new();
    let mut stack = vec![prefix.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list a directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else {
                left.push(path);
            }
        }
    }
    assert!(left.is_empty(), "make uninstall left {left:?}");
}
