// SPDX-License-Identifier: MIT OR Apache-2.0
//! Every tracked source file (Rust, C and C++, headers, scripts, build and package files)
//! names its licence in an `SPDX-License-Identifier:` line among its first three lines: the
//! licence Cargo.toml declares. The failure lists each file with the line to add.

mod support;

use std::process::Command;

use support::cprog::repo_root;

/// The comment that carries the line in a file of this name, or None when the file is not
/// source (data, documents, seeds).
fn comment_for(path: &str) -> Option<(&'static str, &'static str)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if path.starts_with("fuzz/seeds/") {
        return None;
    }
    match ext {
        "rs" => Some(("// ", "")),
        "c" | "h" | "hpp" | "cpp" => Some(("/* ", " */")),
        "py" | "sh" | "in" => Some(("# ", "")),
        _ if matches!(name, "Makefile" | "CMakeLists.txt") || path == ".ci/run" => Some(("# ", "")),
        _ => None,
    }
}

#[test]
fn every_source_file_has_an_spdx_line() {
    let cargo = std::fs::read_to_string(repo_root().join("Cargo.toml")).unwrap();
    let licence = cargo
        .lines()
        .find_map(|l| l.strip_prefix("license = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("Cargo.toml declares license = \"...\"");
    let want = format!("SPDX-License-Identifier: {licence}");
    let out = Command::new("git")
        .arg("-C")
        .arg(repo_root())
        .args(["ls-files", "-z"])
        .output()
        .unwrap_or_else(|e| panic!("run git ls-files (apt-get install git): {e}"));
    assert!(
        out.status.success(),
        "git ls-files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    let mut checked = 0;
    let mut lacking = Vec::new();
    for file in &files {
        let Some((open, close)) = comment_for(file) else {
            continue;
        };
        // A file deleted in the work tree but still tracked is not there to check.
        let Ok(text) = std::fs::read_to_string(repo_root().join(file)) else {
            continue;
        };
        checked += 1;
        if !text.lines().take(3).any(|l| l.contains(&want)) {
            lacking.push(format!(
                "{file}: add `{open}{want}{close}` as its first line (after a #! line)"
            ));
        }
    }
    assert!(checked > 100, "checked only {checked} files");
    assert!(
        lacking.is_empty(),
        "{} source files lack their licence line:\n{}",
        lacking.len(),
        lacking.join("\n")
    );
}
