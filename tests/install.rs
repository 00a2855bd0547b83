// SPDX-License-Identifier: MIT OR Apache-2.0
//! `make install` into a temporary prefix, then C and C++ programs built out of the source tree
//! against what was installed, the way an application would build: with pkg-config, with CMake
//! (`find_package(rinet)` and `rinet::rinet`), and with the static link line that
//! docs/getting-started.md documents. Each program runs against the test server.
//!
//! Also: the installed libraries are stripped and the shared library's debug information sits
//! in lib/.debug under the name (and CRC) its .gnu_debuglink records; `ldconfig` is run as root
//! or printed; `cc -static` links with `pkg-config --static`; the CMake package still works
//! after the installed tree is moved, and accepts compatible version requests only; the man
//! pages are found by `man`.
//!
//! The install uses the library cargo built for this test run (`CARGO_BUILD=:` and
//! `RINET_LIB_DIR`), so it checks the same code the other tests check. Needs make, a C and a
//! C++ compiler, pkg-config, cmake, readelf and objcopy, python3, and man (Debian: apt-get
//! install make gcc g++ pkg-config cmake binutils python3 man-db groff-base).

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use support::cprog::{self, repo_root, run_with_timeout, Outcome};
use support::scratch::Scratch;
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

fn scratch(name: &str) -> Scratch {
    Scratch::new(&format!("install/{name}"))
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

/// `make <target> PREFIX=<prefix>` with the library cargo built for this run, the man pages
/// written into a scratch directory of this call's own (under `install/<tag>-man`, so that
/// installs run by tests at the same time do not share one), and `extra` arguments. Returns
/// make's output.
fn make_install(target: &str, prefix: &Path, tag: &str, extra: &[&str]) -> Outcome {
    let man = scratch(&format!("{tag}-man"));
    let mut make = Command::new("make");
    make.current_dir(repo_root())
        .arg(target)
        .arg(format!("PREFIX={}", prefix.display()))
        .arg("CARGO_BUILD=:")
        .arg(format!("RINET_LIB_DIR={}", cprog::lib_dir().display()))
        .arg(format!("MAN_BUILD={}", man.display()))
        .args(extra);
    run(make, &format!("make {target}"))
}

/// The prefix `make install` installed into, once per test binary. (As root, `make install`
/// would run ldconfig, which a test must not do to the machine: LDCONFIG=: turns it off.)
fn prefix() -> &'static Path {
    static PREFIX: OnceLock<Scratch> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let prefix = scratch("prefix");
        make_install("install", &prefix, "prefix", &["LDCONFIG=:"]);
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
        p.join("include/rinet/wininet_sdk.h"),
        lib.join("pkgconfig/rinet.pc"),
        lib.join("pkgconfig/rinet-win32.pc"),
        p.join("include/rinet/win32/windows.h"),
        lib.join("cmake/rinet/rinetConfig.cmake"),
        lib.join("cmake/rinet/rinetConfigVersion.cmake"),
        lib.join(format!(".debug/{real}.debug")),
        p.join("share/man/man3/rinet.3"),
        p.join("share/man/man3/rinet_open.3"),
        p.join("share/man/man3/InternetOpenA.3"),
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
    for header in ["rinet.h", "rinet.hpp", "wininet.h", "wininet_sdk.h"] {
        let from = repo_root().join("include").join(header);
        let to = if header.starts_with("wininet") {
            p.join("include/rinet").join(header)
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
    assert!(
        !static_libs.contains("gcc_s"),
        "no libgcc_s in a static link: {static_libs:?}"
    );
}

/// The names of the ELF sections of `file` (every member's, for an archive).
fn sections(file: &Path) -> Vec<String> {
    let mut readelf = Command::new("readelf");
    readelf.arg("-S").arg("-W").arg(file);
    let out = run(readelf, "readelf (apt-get install binutils)");
    out.stdout
        .lines()
        .filter_map(|l| {
            let rest = l.trim_start().strip_prefix('[')?;
            let (_, rest) = rest.split_once(']')?;
            rest.split_whitespace().next().map(str::to_string)
        })
        .collect()
}

/// The CRC-32 (ISO-HDLC, as .gnu_debuglink records it) of `data`.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn installed_libraries_are_stripped_and_the_debug_info_kept_apart() {
    let lib = prefix().join("lib");
    let real = lib.join(format!("librinet.so.{VERSION}"));
    let debug = lib.join(format!(".debug/librinet.so.{VERSION}.debug"));
    // What was built has debug information (so the checks below mean something).
    let built = sections(&cprog::lib_dir().join("librinet.so"));
    assert!(built.iter().any(|s| s == ".debug_info"), "built: {built:?}");

    let installed = sections(&real);
    for gone in [".debug_info", ".debug_line", ".symtab"] {
        assert!(
            !installed.iter().any(|s| s == gone),
            "the installed library still has {gone}: {installed:?}"
        );
    }
    assert!(installed.iter().any(|s| s == ".gnu_debuglink"));
    let kept = sections(&debug);
    assert!(
        kept.iter().any(|s| s == ".debug_info") && kept.iter().any(|s| s == ".symtab"),
        "{} lacks the debug information: {kept:?}",
        debug.display()
    );
    // The exports are still there.
    let nm = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&real)
        .output()
        .expect("run nm");
    assert!(String::from_utf8_lossy(&nm.stdout).contains(" T rinet_open\n"));

    // .gnu_debuglink: the debug file's name, NUL, padding to 4 bytes, its CRC-32 (little endian).
    let debuglink = scratch("debuglink");
    let dump = debuglink.join("link");
    let mut objcopy = Command::new("objcopy");
    objcopy
        .arg(format!("--dump-section=.gnu_debuglink={}", dump.display()))
        .arg(&real)
        .arg(debuglink.join("copy"));
    run(objcopy, "objcopy (apt-get install binutils)");
    let link = std::fs::read(&dump).unwrap();
    let name_end = link
        .iter()
        .position(|&b| b == 0)
        .expect("a NUL-terminated name");
    let name = std::str::from_utf8(&link[..name_end]).unwrap();
    assert_eq!(name, format!("librinet.so.{VERSION}.debug"));
    let at = link.len() - 4;
    let recorded = u32::from_le_bytes(link[at..].try_into().unwrap());
    assert_eq!(
        recorded,
        crc32(&std::fs::read(&debug).unwrap()),
        "the CRC in .gnu_debuglink does not match {}",
        debug.display()
    );

    let archive = sections(&lib.join("librinet.a"));
    assert!(
        !archive.is_empty(),
        "readelf read no sections of librinet.a"
    );
    assert!(
        !archive.iter().any(|s| s.starts_with(".debug_")),
        "the installed librinet.a keeps debug sections"
    );
}

/// As root, a real install (no DESTDIR) runs ldconfig and says so; a staged one (DESTDIR), or
/// one by another user, prints the reminder; docs/getting-started.md says both.
#[test]
fn ldconfig_is_run_as_root_or_printed() {
    let dir = scratch("ldconfig");
    let marker = dir.join("ran");
    let fake = dir.join("ldconfig");
    // Stands in for ldconfig, which a test must not run on the machine: records that it ran.
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho \"$@\" > {}\n", marker.display()),
    )
    .unwrap();
    let mut chmod = Command::new("chmod");
    chmod.arg("755").arg(&fake);
    run(chmod, "chmod");
    let ldconfig = format!("LDCONFIG={}", fake.display());
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;

    let out = make_install("install", &dir.join("prefix"), "ldconfig", &[&ldconfig]);
    if root {
        assert!(
            marker.is_file(),
            "make install as root did not run ldconfig"
        );
        assert!(out.stdout.lines().any(|l| l == fake.display().to_string()));
    } else {
        assert!(!marker.exists());
        assert!(
            out.stdout.contains("run 'ldconfig' as root"),
            "{}",
            out.stdout
        );
    }
    let _ = std::fs::remove_file(&marker);
    let destdir = format!("DESTDIR={}", dir.join("stage").display());
    let out = make_install(
        "install",
        &dir.join("prefix"),
        "ldconfig",
        &[&ldconfig, &destdir],
    );
    assert!(!marker.exists(), "a staged install ran ldconfig");
    assert!(
        out.stdout.contains("run 'ldconfig' as root"),
        "{}",
        out.stdout
    );

    let doc = std::fs::read_to_string(repo_root().join("docs/getting-started.md")).unwrap();
    assert!(doc.contains("runs `ldconfig` itself and prints `ldconfig`"));
}

/// `cc -static` with pkg-config's static line, as docs/getting-started.md writes it: a program
/// with no dynamic section at all, which runs.
#[test]
fn cc_static_links_with_pkg_config_static() {
    let dir = scratch("cc-static-app");
    copy_examples(&dir);
    std::fs::copy(dir.join("get_async.c"), dir.join("app.c")).expect("copy app.c");
    let line = documented_line("cc -static -o app app.c", "--static");
    let mut sh = Command::new("sh");
    sh.current_dir(&dir)
        .arg("-c")
        .arg(format!("{line} -Wall -Wextra -Werror"))
        .env("PKG_CONFIG_PATH", prefix().join("lib/pkgconfig"))
        .env("PKG_CONFIG_LIBDIR", prefix().join("lib/pkgconfig"));
    run(sh, "the documented cc -static line");
    let app = dir.join("app");
    let mut readelf = Command::new("readelf");
    readelf.arg("-l").arg(&app);
    let headers = run(readelf, "readelf").stdout;
    assert!(
        !headers.contains("INTERP") && !headers.contains("DYNAMIC"),
        "a -static program with a dynamic part:\n{headers}"
    );
    let out = run_against_server(&app, &[]);
    print!("{}", out.stdout);
}

/// Installs into one prefix, moves the whole tree elsewhere, and builds and runs against the
/// moved tree with CMake: nothing in the package names the prefix it was installed to.
#[test]
fn cmake_package_is_relocatable() {
    let dir = scratch("cmake-relocated");
    let first = dir.join("first");
    make_install("install", &first, "relocated", &["LDCONFIG=:"]);
    let moved = dir.join("moved");
    std::fs::rename(&first, &moved).expect("move the installed tree");
    for file in ["rinetConfig.cmake", "rinetConfigVersion.cmake"] {
        let text = std::fs::read_to_string(moved.join("lib/cmake/rinet").join(file)).unwrap();
        assert!(
            !text.contains(&first.display().to_string()),
            "{file} names the prefix it was installed to"
        );
    }
    let app = dir.join("app");
    copy_examples(&app);
    let build = app.join("build");
    let mut configure = Command::new("cmake");
    configure
        .arg("-S")
        .arg(app.join("cmake"))
        .arg("-B")
        .arg(&build)
        .arg(format!("-DCMAKE_PREFIX_PATH={}", moved.display()));
    run(configure, "cmake configure against the moved tree");
    let mut make = Command::new("cmake");
    make.arg("--build").arg(&build);
    run(make, "cmake --build");
    let cache = std::fs::read_to_string(build.join("CMakeCache.txt")).unwrap();
    assert!(
        cache.contains(&format!(
            "rinet_DIR:PATH={}",
            moved.join("lib/cmake/rinet").display()
        )),
        "found another rinet package"
    );
    for exe in ["get_async", "get_async_static"] {
        let server = TestServer::start();
        let mut command = Command::new(build.join(exe));
        command
            .arg("127.0.0.1")
            .arg(server.port().to_string())
            .env("LD_LIBRARY_PATH", moved.join("lib"));
        let out = run_with_timeout(command, cprog::RUN_TIMEOUT);
        assert!(out.status.success(), "{}", out.report(exe));
    }
    let runpath = [
        dynamic(&build.join("get_async"), "RUNPATH"),
        dynamic(&build.join("get_async"), "RPATH"),
    ]
    .concat();
    assert!(
        runpath
            .iter()
            .all(|p| !p.contains(&first.display().to_string())),
        "get_async looks for its library in the old prefix: {runpath:?}"
    );
}

/// find_package(rinet <version>): compatible requests find the package, others do not.
#[test]
fn cmake_accepts_compatible_versions_only() {
    let dir = scratch("cmake-versions");
    let (major, minor, patch) = (
        env!("CARGO_PKG_VERSION_MAJOR").parse::<u32>().unwrap(),
        env!("CARGO_PKG_VERSION_MINOR").parse::<u32>().unwrap(),
        env!("CARGO_PKG_VERSION_PATCH").parse::<u32>().unwrap(),
    );
    let mut compatible = vec![
        format!("{major}.{minor}"),
        format!("{major}.{minor}.{patch}"),
        format!("{major}.{minor}...{major}.{}", minor + 2),
    ];
    let mut incompatible = vec![
        format!("{major}.{minor}.{}", patch + 1),
        format!("{}.0", major + 1),
        format!("{major}.{}...{major}.{}", minor + 1, minor + 3),
        format!("{major}.0...<{major}.{minor}"),
    ];
    if major == 0 {
        // Before 1.0 another minor is another ABI.
        incompatible.push(format!("0.{}", minor + 1));
        if minor > 0 {
            incompatible.push(format!("0.{}", minor - 1));
        }
    } else {
        compatible.push(format!("{major}"));
        compatible.push(format!("{major}.0"));
    }
    let mut lists = String::from("cmake_minimum_required(VERSION 3.19)\nproject(versions C)\n");
    for want in compatible.iter().chain(&incompatible) {
        lists.push_str(&format!(
            "unset(rinet_FOUND)\nfind_package(rinet {want} QUIET)\nmessage(STATUS \"want {want}: ${{rinet_FOUND}}\")\n"
        ));
    }
    std::fs::write(dir.join("CMakeLists.txt"), lists).unwrap();
    let mut configure = Command::new("cmake");
    configure
        .arg("-S")
        .arg(&dir)
        .arg("-B")
        .arg(dir.join("build"))
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix().display()));
    let out = run(configure, "cmake configure");
    for (wants, found) in [(&compatible, "1"), (&incompatible, "0")] {
        for want in wants {
            let line = format!("-- want {want}: {found}");
            let alt = format!("-- want {want}: {}", if found == "1" { "TRUE" } else { "" });
            assert!(
                out.stdout
                    .lines()
                    .any(|l| l == line || l.trim_end() == alt.trim_end()),
                "find_package(rinet {want}) should {}find {VERSION}:\n{}",
                if found == "1" { "" } else { "not " },
                out.stdout
            );
        }
    }

    // A REQUIRED request for an incompatible version stops the configure and says why.
    let required = dir.join("required");
    std::fs::create_dir_all(&required).unwrap();
    std::fs::write(
        required.join("CMakeLists.txt"),
        format!(
            "cmake_minimum_required(VERSION 3.16)\nproject(required C)\nfind_package(rinet {}.0 REQUIRED)\n",
            major + 1
        ),
    )
    .unwrap();
    let mut configure = Command::new("cmake");
    configure
        .arg("-S")
        .arg(&required)
        .arg("-B")
        .arg(required.join("build"))
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix().display()));
    let out = run_with_timeout(configure, BUILD_TIMEOUT);
    assert!(!out.status.success(), "{}", out.report("cmake"));
    assert!(out.stderr.contains(VERSION), "{}", out.stderr);
}

/// `man` finds the installed pages through MANPATH, and formats them.
#[test]
fn man_finds_the_installed_pages() {
    let man = prefix().join("share/man");
    for (name, file) in [
        ("rinet_open", "man3/rinet_open.3"),
        ("rinet", "man3/rinet.3"),
        // A `.so` link: man resolves it to the page it names.
        ("InternetOpen", "man3/InternetOpenA.3"),
        ("rinet_version", "man3/rinet_version.3"),
    ] {
        let mut where_ = Command::new("man");
        where_.env("MANPATH", &man).args(["-w", name]);
        let out = run(where_, "man -w (apt-get install man-db)");
        assert_eq!(out.stdout.trim(), man.join(file).display().to_string());
    }
    let mut show = Command::new("man");
    show.current_dir(&man)
        .env("MANPATH", &man)
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "")
        .args(["-P", "cat", "rinet_open"]);
    let out = run(show, "man rinet_open (apt-get install man-db groff-base)");
    assert!(
        out.stdout.contains("rinet_open - Open a session"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("SYNOPSIS"));
    let mut alias = Command::new("man");
    alias
        .current_dir(&man)
        .env("MANPATH", &man)
        .args(["-P", "cat", "InternetOpen"]);
    let out = run(alias, "man InternetOpen");
    assert!(out.stdout.contains("InternetOpenA"), "{}", out.stdout);
    assert!(out.stdout.contains("rinet_open(3)"), "{}", out.stdout);
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

/// The Win32 porting headers: installed under include/rinet/win32 as they are in the
/// repository, and a program in the shape of Microsoft's KB242019 sample (it includes
/// <windows.h> and uses Win32 events) built with `pkg-config --cflags --libs rinet-win32` alone
/// and run.
#[test]
fn win32_headers_install_and_build_through_pkg_config() {
    let p = prefix();
    let win32 = repo_root().join("include/win32");
    let mut files = Vec::new();
    let mut stack = vec![win32.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list include/win32") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(
        files.len() > 20,
        "include/win32 holds {} files",
        files.len()
    );
    for from in &files {
        let rel = from.strip_prefix(&win32).expect("a file of include/win32");
        let to = p.join("include/rinet/win32").join(rel);
        assert_eq!(
            std::fs::read(from).unwrap(),
            std::fs::read(&to)
                .unwrap_or_else(|e| panic!("{} was not installed: {e}", to.display())),
            "{} differs from {}",
            to.display(),
            from.display()
        );
    }

    let cflags = pkg_config(&["--cflags", "rinet-win32"]);
    let inc = p.join("include");
    let want = [
        format!("-I{}", inc.join("rinet/win32").display()),
        format!("-I{}", inc.join("rinet").display()),
        format!("-I{}", inc.display()),
    ];
    let got: Vec<&str> = cflags.split_whitespace().collect();
    assert_eq!(
        got,
        want.iter().map(String::as_str).collect::<Vec<_>>(),
        "pkg-config --cflags rinet-win32"
    );

    let dir = scratch("win32-app");
    std::fs::copy(
        repo_root().join("c-examples/wininet/kb242019.c"),
        dir.join("app.c"),
    )
    .expect("copy the sample");
    let mut sh = Command::new("sh");
    sh.current_dir(&dir)
        .arg("-c")
        .arg("cc -std=c11 -Wall -Wextra -Werror -o app app.c $(pkg-config --cflags --libs rinet-win32)")
        .env("PKG_CONFIG_PATH", prefix().join("lib/pkgconfig"))
        .env("PKG_CONFIG_LIBDIR", prefix().join("lib/pkgconfig"));
    run(sh, "a Win32 program built through pkg-config rinet-win32");
    let out = run_against_server(&dir.join("app"), &["1024", "/upload"]);
    print!("{}", out.stdout);
}

#[test]
fn static_link_line_as_documented() {
    let dir = scratch("static-app");
    copy_examples(&dir);
    std::fs::copy(dir.join("get_async.c"), dir.join("app.c")).expect("copy app.c");
    let line = documented_line("cc -o app app.c", "librinet.a");
    assert!(!line.contains("gcc_s"), "{line}");
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
    for target in ["install", "uninstall"] {
        make_install(target, &prefix, "uninstall", &["LDCONFIG=:"]);
    }
    let mut left = Vec::new();
    let mut stack = vec![prefix.to_path_buf()];
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
