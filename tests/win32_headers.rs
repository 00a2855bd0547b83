// SPDX-License-Identifier: MIT OR Apache-2.0
//! The Win32 porting headers (include/win32) compile clean under `-Wall -Wextra -pedantic
//! -Werror`: as C (c99, c11, gnu11, gnu17) and C++ (c++11, c++17), with and without `UNICODE` /
//! `_UNICODE`, with and without `-fshort-wchar`, included first or after C library headers
//! (which in a strict mode hides POSIX declarations the headers then declare themselves), and
//! each header on its own. A program that is not warning-clean gets its own warnings and none
//! from the headers. Needs gcc and g++.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::cprog::repo_root;

/// A translation unit that includes every header of include/win32 after `prelude`.
fn all_headers_source(prelude: &str) -> String {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("include/win32"))
        .expect("list include/win32")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() > 20,
        "include/win32 has {} headers",
        names.len()
    );
    let mut text = String::from(prelude);
    text.push_str("#include <windows.h>\n");
    for name in &names {
        text.push_str(&format!("#include <{name}>\n"));
    }
    text.push_str("int rinet_headers_use(void);\nint rinet_headers_use(void) { return (int)GetTickCount(); }\n");
    text
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("win32-headers")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// Compiles `file` with `compiler` and `flags` plus the include directories; returns the
/// compiler's status and output.
fn compile(compiler: &str, flags: &[&str], file: &Path) -> (bool, String) {
    let out = Command::new(compiler)
        .args(flags)
        .arg("-fsyntax-only")
        .arg("-I")
        .arg(repo_root().join("include/win32"))
        .arg("-I")
        .arg(repo_root().join("include"))
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("run {compiler} (apt-get install gcc g++): {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_header_compiles_clean_in_every_mode() {
    let dir = scratch("matrix");
    let first = dir.join("first.c");
    let after = dir.join("after.c");
    std::fs::write(&first, all_headers_source("")).unwrap();
    std::fs::write(
        &after,
        all_headers_source("#include <stdio.h>\n#include <string.h>\n#include <time.h>\n"),
    )
    .unwrap();
    let cpp = dir.join("all.cpp");
    std::fs::write(
        &cpp,
        all_headers_source("") + "#include <string>\n#include <vector>\n#include <iostream>\n",
    )
    .unwrap();
    let mut failures = Vec::new();
    let modes: &[&[&str]] = &[&[], &["-DUNICODE", "-D_UNICODE"]];
    let widths: &[&[&str]] = &[&[], &["-fshort-wchar"]];
    for std in ["-std=c99", "-std=c11", "-std=gnu11", "-std=gnu17"] {
        for mode in modes {
            for width in widths {
                for file in [&first, &after] {
                    let mut flags = vec![std, "-Wall", "-Wextra", "-pedantic", "-Werror"];
                    flags.extend_from_slice(mode);
                    flags.extend_from_slice(width);
                    let (ok, err) = compile("gcc", &flags, file);
                    if !ok {
                        failures.push(format!("gcc {flags:?} {}:\n{err}", file.display()));
                    }
                }
            }
        }
    }
    for std in ["-std=c++11", "-std=c++17"] {
        for mode in modes {
            for width in widths {
                let mut flags = vec![std, "-Wall", "-Wextra", "-pedantic", "-Werror"];
                flags.extend_from_slice(mode);
                flags.extend_from_slice(width);
                let (ok, err) = compile("g++", &flags, &cpp);
                if !ok {
                    failures.push(format!("g++ {flags:?}:\n{err}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_header_compiles_on_its_own() {
    let dir = scratch("alone");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("include/win32")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file = dir.join(format!("{}.c", name.replace('.', "_")));
        std::fs::write(&file, format!("#include <{name}>\nint rinet_alone;\n")).unwrap();
        let (ok, err) = compile(
            "gcc",
            &["-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror"],
            &file,
        );
        if !ok {
            failures.push(format!("{name}:\n{err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Code as real Windows programs have it, with warnings of its own (MSVC printf formats, an
/// unused variable, a signed/unsigned comparison): every warning is in the program, none in the
/// headers.
#[test]
fn a_sloppy_program_gets_only_its_own_warnings() {
    let dir = scratch("sloppy");
    let file = dir.join("sloppy.c");
    std::fs::write(
        &file,
        "#include <windows.h>\n#include <tchar.h>\n#include <strsafe.h>\n\
         int main(int argc, char **argv)\n{\n    int unused;\n    DWORD n = GetTickCount();\n\
         \x20   printf(\"%ws %I64d\\n\", L\"x\", (long long)n);\n    if (argc < n)\n        return 1;\n\
         \x20   (void)argv;\n    return 0;\n}\n",
    )
    .unwrap();
    let (ok, err) = compile("gcc", &["-std=gnu17", "-Wall", "-Wextra"], &file);
    assert!(ok, "the program did not compile:\n{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert!(
        warnings.len() >= 3,
        "the program's own warnings are missing:\n{err}"
    );
    let foreign: Vec<&&str> = warnings
        .iter()
        .filter(|l| !l.contains("sloppy.c:"))
        .collect();
    assert!(
        foreign.is_empty(),
        "warnings from the headers: {foreign:#?}"
    );
}
