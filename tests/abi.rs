// SPDX-License-Identifier: MIT OR Apache-2.0
//! The ABI guard: what C programs compiled against rinet depend on must not change within a
//! version. abi/rinet.abi records it, for the ABI version (major.minor) of Cargo.toml:
//!
//! - every public struct's size and alignment, and each field's offset and size, measured by
//!   compiling a C program against include/rinet.h;
//! - every function's and callback type's parameter and return types, and every typedef, as
//!   include/rinet.h declares them;
//! - every `RINET_*` constant's value;
//! - every `rinet_*` symbol librinet.so exports (`nm -D --defined-only`).
//!
//! A recorded entry that disappears or changes fails the test unless Cargo.toml's major or minor
//! version has been bumped (before 1.0 a minor bump is the breaking one; the soname follows
//! it). New entries fail too until they are recorded, so the list stays complete. To record:
//!
//! ```text
//! RINET_UPDATE_ABI=1 cargo test --test abi
//! ```
//!
//! which refuses to drop or change an entry without the version bump.

mod cheader;
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cheader::{signature, Kind};
use support::cprog::{self, repo_root};

const ABI_FILE: &str = "abi/rinet.abi";

/// The ABI version: major.minor of the crate.
fn abi_version() -> String {
    format!(
        "{}.{}",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR")
    )
}

/// Constants that change with every release on purpose.
fn volatile(name: &str) -> bool {
    name == "RINET_H" || name.starts_with("RINET_VERSION")
}

fn header() -> Vec<cheader::Decl> {
    let text = std::fs::read_to_string(repo_root().join("include/rinet.h"))
        .expect("include/rinet.h is committed");
    cheader::parse(&text)
}

/// Sizes, alignments and field offsets of the header's structs, measured by the C compiler.
fn layouts(decls: &[cheader::Decl]) -> BTreeMap<String, String> {
    let mut program = String::from(
        "#include <stdalign.h>\n#include <stddef.h>\n#include <stdio.h>\n#include \"rinet.h\"\n\nint main(void)\n{\n",
    );
    for d in decls {
        if let Kind::Struct { fields } = &d.kind {
            let s = &d.name;
            program.push_str(&format!(
                "    printf(\"struct {s}\\tsize %zu align %zu\\n\", sizeof(struct {s}), alignof(struct {s}));\n"
            ));
            for f in fields {
                program.push_str(&format!(
                    "    printf(\"field {s}.{f}\\toffset %zu size %zu\\n\", offsetof(struct {s}, {f}), sizeof(((struct {s} *)0)->{f}));\n"
                ));
            }
        }
    }
    program.push_str("    return 0;\n}\n");
    // Each call builds in a directory of its own: two tests probe at once, and one must never
    // run the probe while the other's compiler is writing it (ETXTBSY).
    static PROBES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "abi-{}-{}",
        std::process::id(),
        PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    let source = dir.join("layout.c");
    let exe = dir.join("layout");
    std::fs::write(&source, program).expect("write layout.c");
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(repo_root().join("include"))
        .arg(&source)
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap_or_else(|e| panic!("run the C compiler {cc:?} (apt-get install gcc): {e}"));
    assert!(
        out.status.success(),
        "compiling the layout probe failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&exe).output().expect("run the layout probe");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The `rinet_*` symbols librinet.so defines and exports, and any other exported name.
fn exported_symbols() -> (Vec<String>, Vec<String>) {
    let lib = cprog::lib_dir().join("librinet.so");
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .unwrap_or_else(|e| panic!("run nm (apt-get install binutils): {e}"));
    assert!(out.status.success(), "nm -D {} failed", lib.display());
    let mut ours = Vec::new();
    let mut other = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut parts = line.split_whitespace().rev();
        let (Some(name), Some(kind)) = (parts.next(), parts.next()) else {
            continue;
        };
        if name.starts_with("rinet_") {
            ours.push(name.to_string());
        } else if kind != "A" {
            other.push(name.to_string());
        }
    }
    ours.sort();
    other.sort();
    (ours, other)
}

/// The ABI as it is now: entry key -> value.
fn current() -> BTreeMap<String, String> {
    let decls = header();
    let mut abi = layouts(&decls);
    for d in &decls {
        match &d.kind {
            Kind::Function { ret, params } => {
                abi.insert(format!("function {}", d.name), signature(ret, params));
            }
            Kind::Callback { ret, params } => {
                abi.insert(format!("callback {}", d.name), signature(ret, params));
            }
            Kind::Typedef { ty } => {
                abi.insert(format!("typedef {}", d.name), ty.clone());
            }
            Kind::Constant { value } if !volatile(&d.name) => {
                abi.insert(format!("constant {}", d.name), value.clone());
            }
            _ => {}
        }
    }
    for s in exported_symbols().0 {
        abi.insert(format!("symbol {s}"), String::new());
    }
    abi
}

/// The committed file: its ABI version and entries.
fn committed() -> (String, BTreeMap<String, String>) {
    let path = repo_root().join(ABI_FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut version = String::new();
    let mut entries = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(v) = line.strip_prefix("abi-version ") {
            version = v.trim().to_string();
            continue;
        }
        let (key, value) = line.split_once('\t').unwrap_or((line, ""));
        entries.insert(key.to_string(), value.to_string());
    }
    (version, entries)
}

fn render(version: &str, abi: &BTreeMap<String, String>) -> String {
    let mut out = format!(
        "# rinet's ABI, checked by tests/abi.rs: struct layouts (x86_64 Linux), function and\n\
         # callback signatures, typedefs, RINET_* constants and the symbols librinet.so exports.\n\
         # An entry may disappear or change only with a new ABI version (Cargo.toml's major, or\n\
         # minor before 1.0). Rewrite with: RINET_UPDATE_ABI=1 cargo test --test abi\n\
         abi-version {version}\n"
    );
    // Group by kind, in a fixed order, for a readable diff.
    for kind in [
        "struct", "field", "typedef", "callback", "function", "symbol", "constant",
    ] {
        for (k, v) in abi
            .iter()
            .filter(|(k, _)| k.split(' ').next() == Some(kind))
        {
            if v.is_empty() {
                out.push_str(&format!("{k}\n"));
            } else {
                out.push_str(&format!("{k}\t{v}\n"));
            }
        }
    }
    out
}

/// What comparing the recorded ABI with the current one found.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Nothing to do.
    Same,
    /// Entries were removed or changed and the ABI version is the recorded one.
    Breaking(String),
    /// The ABI version moved on: the file must be recorded again.
    Bumped(String),
    /// Only additions, not recorded yet.
    Unrecorded(String),
}

fn judge(
    recorded_version: &str,
    recorded: &BTreeMap<String, String>,
    version: &str,
    now: &BTreeMap<String, String>,
) -> Verdict {
    let mut removed = Vec::new();
    let mut changed = Vec::new();
    for (k, v) in recorded {
        match now.get(k) {
            None => removed.push(k.clone()),
            Some(n) if n != v => changed.push(format!("{k}: {v:?} -> {n:?}")),
            _ => {}
        }
    }
    let added: Vec<&String> = now.keys().filter(|k| !recorded.contains_key(*k)).collect();
    let report = format!(
        "ABI version: recorded {recorded_version:?}, Cargo.toml {version:?}\n\
         removed: {removed:#?}\nchanged: {changed:#?}\nadded: {added:#?}"
    );
    if recorded_version != version {
        Verdict::Bumped(report)
    } else if !removed.is_empty() || !changed.is_empty() {
        Verdict::Breaking(report)
    } else if !added.is_empty() {
        Verdict::Unrecorded(report)
    } else {
        Verdict::Same
    }
}

#[test]
fn abi_matches_the_committed_list() {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        println!("note: abi/rinet.abi records x86_64 Linux layouts; skipped on this target");
        return;
    }
    let now = current();
    let (recorded_version, recorded) = committed();
    let version = abi_version();
    let verdict = judge(&recorded_version, &recorded, &version, &now);
    if let Verdict::Breaking(report) = &verdict {
        panic!(
            "the ABI changed incompatibly without a version bump.\n{report}\n\
             Keep the entries as they were, or bump Cargo.toml's version (major; minor before \
             1.0) and then run RINET_UPDATE_ABI=1 cargo test --test abi"
        );
    }
    if std::env::var("RINET_UPDATE_ABI").as_deref() == Ok("1") {
        let path: PathBuf = repo_root().join(ABI_FILE);
        std::fs::create_dir_all(path.parent().expect("abi/")).expect("create abi/");
        std::fs::write(&path, render(&version, &now)).expect("write abi/rinet.abi");
        println!("wrote {}: {verdict:?}", path.display());
        return;
    }
    match verdict {
        Verdict::Same => {}
        Verdict::Bumped(report) => panic!(
            "Cargo.toml's ABI version is {version}, abi/rinet.abi records \
             {recorded_version:?}: record the new ABI with RINET_UPDATE_ABI=1 cargo test --test \
             abi\n{report}"
        ),
        Verdict::Unrecorded(report) => panic!(
            "new ABI entries are not recorded yet; record them with RINET_UPDATE_ABI=1 cargo \
             test --test abi\n{report}"
        ),
        Verdict::Breaking(_) => unreachable!("handled above"),
    }
}

/// The public structs the WinInet layouts depend on are all measured.
#[test]
fn the_wininet_structs_are_covered() {
    let now = current();
    for s in [
        "rinet_buffers",
        "rinet_buffers_w16",
        "rinet_buffers_w32",
        "rinet_async_result",
        "rinet_url_components",
        "rinet_url_components_w16",
        "rinet_url_components_w32",
        "rinet_system_time",
    ] {
        assert!(
            now.contains_key(&format!("struct {s}")),
            "{s} was not measured: {:?}",
            now.keys()
                .filter(|k| k.starts_with("struct"))
                .collect::<Vec<_>>()
        );
    }
}

/// librinet.so exports rinet's names only, and exactly the functions rinet.h declares.
#[test]
fn exports_are_the_declared_functions() {
    let (ours, other) = exported_symbols();
    assert!(
        other.is_empty(),
        "librinet.so exports names without the rinet_ prefix: {other:?}"
    );
    let declared: Vec<String> = header()
        .into_iter()
        .filter(|d| matches!(d.kind, Kind::Function { .. }))
        .map(|d| d.name)
        .collect();
    let undeclared: Vec<&String> = ours.iter().filter(|s| !declared.contains(s)).collect();
    let missing: Vec<&String> = declared.iter().filter(|s| !ours.contains(s)).collect();
    assert!(
        undeclared.is_empty() && missing.is_empty(),
        "exported but not declared in include/rinet.h: {undeclared:?}; declared but not \
         exported: {missing:?}"
    );
}

/// The guard itself, on the current ABI: a dropped symbol or a moved field fails with the same
/// ABI version and is allowed after a bump; an addition must be recorded.
#[test]
fn the_guard_catches_a_removal_and_a_layout_change() {
    let now = current();
    let v = abi_version();
    assert_eq!(judge(&v, &now, &v, &now), Verdict::Same);

    let symbol = now
        .keys()
        .find(|k| k.starts_with("symbol "))
        .expect("some symbol")
        .clone();
    let mut without = now.clone();
    without.remove(&symbol);
    assert!(matches!(judge(&v, &now, &v, &without), Verdict::Breaking(r) if r.contains(&symbol)));
    assert!(matches!(
        judge("0.0", &now, &v, &without),
        Verdict::Bumped(_)
    ));
    assert!(matches!(judge(&v, &without, &v, &now), Verdict::Unrecorded(r) if r.contains(&symbol)));

    let field = now
        .keys()
        .find(|k| k.starts_with("field rinet_buffers."))
        .expect("a rinet_buffers field")
        .clone();
    let mut moved = now.clone();
    moved.insert(field.clone(), "offset 999 size 4".into());
    assert!(matches!(judge(&v, &now, &v, &moved), Verdict::Breaking(r) if r.contains(&field)));

    let rendered = render(&v, &now);
    assert!(rendered.contains(&format!("\n{symbol}\n")) && rendered.contains(&field));
}
