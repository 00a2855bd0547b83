// SPDX-License-Identifier: MIT OR Apache-2.0
//! The man pages: scripts/manpages.py writes one page per function, struct and callback type of
//! include/rinet.h, the overview rinet(3), and a page per WinInet function of
//! include/wininet.h, all from the headers' comments. The pages are generated (by `make
//! install`, not committed), so a new export gets its page by itself; these tests read the
//! headers with the tests' own C header reader and fail when any declaration lacks a page,
//! when a page does not describe its declaration, or when groff warns about a page. The
//! installed pages are checked with `man` in tests/install.rs. Needs python3 and groff
//! (Debian: apt-get install python3 groff-base).

mod cheader;
mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use cheader::Kind;
use support::cprog::repo_root;
use support::scratch::Scratch;

/// Runs the generator into a scratch directory of this call's own (`<dir>/man3`); returns that
/// directory's parent, the man root a `.so` request is resolved from.
fn generate(tag: &str) -> Scratch {
    let root = Scratch::new(&format!("man/{tag}"));
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/manpages.py"))
        .arg("--out")
        .arg(root.join("man3"))
        .output()
        .unwrap_or_else(|e| panic!("run python3 (apt-get install python3): {e}"));
    assert!(
        out.status.success(),
        "scripts/manpages.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root
}

fn pages(root: &Path) -> BTreeSet<String> {
    std::fs::read_dir(root.join("man3"))
        .expect("the pages' directory")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn header(name: &str) -> Vec<cheader::Decl> {
    let text = std::fs::read_to_string(repo_root().join("include").join(name)).unwrap();
    cheader::parse(&text)
}

/// What a page must show of a declaration: its NAME line, and the declaration's name in the
/// SYNOPSIS.
fn check_page(root: &Path, name: &str, first_words: &str, problems: &mut Vec<String>) {
    let path = root.join("man3").join(format!("{name}.3"));
    let Ok(page) = std::fs::read_to_string(&path) else {
        problems.push(format!("{name}: no page {name}.3"));
        return;
    };
    let name_line = page
        .lines()
        .skip_while(|l| *l != ".SH NAME")
        .nth(1)
        .unwrap_or("");
    if !name_line.starts_with(&format!("{name} \\- ")) {
        problems.push(format!("{name}.3: NAME line {name_line:?}"));
    }
    let synopsis: String = page
        .split(".SH SYNOPSIS")
        .nth(1)
        .and_then(|s| s.split(".SH ").next())
        .unwrap_or("")
        .to_string();
    if !synopsis.contains(name) {
        problems.push(format!("{name}.3: its SYNOPSIS does not declare {name}"));
    }
    // The comment's first words reach the page (line breaks and roff escapes aside).
    let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat
        .replace("\\fB", "")
        .replace("\\fR", "")
        .replace("\\e", "\\");
    if !first_words.is_empty() && !flat.contains(first_words) {
        problems.push(format!(
            "{name}.3 lacks the start of its comment: {first_words:?}"
        ));
    }
}

/// The first few words of a declaration's comment, as a page must show them.
fn first_words(doc: Option<&str>, strip: &str) -> String {
    let doc = doc.unwrap_or("");
    let doc = doc.strip_prefix(strip).unwrap_or(doc);
    let words: Vec<&str> = doc.split_whitespace().take(5).collect();
    let mut text = words.join(" ");
    // The generator capitalizes what follows a WinInet comment's "Name:".
    if let (false, Some(first)) = (strip.is_empty(), text.get(..1)) {
        text = first.to_uppercase() + &text[1..];
    }
    text.replace('`', "")
}

#[test]
fn every_declaration_has_its_page() {
    let root = generate("cover");
    let mut problems = Vec::new();
    let mut expected = BTreeSet::from(["rinet.3".to_string()]);
    let mut functions = 0;
    for d in header("rinet.h") {
        let wanted = match &d.kind {
            Kind::Function { .. } => {
                functions += 1;
                true
            }
            Kind::Struct { .. } | Kind::Callback { .. } => true,
            _ => false,
        };
        if wanted && d.name.starts_with("rinet_") {
            check_page(
                &root,
                &d.name,
                &first_words(d.doc.as_deref(), ""),
                &mut problems,
            );
            expected.insert(format!("{}.3", d.name));
        }
    }
    assert!(
        functions >= 30,
        "read only {functions} functions of rinet.h"
    );
    let mut wrappers = 0;
    for d in header("wininet.h") {
        if let Kind::Function { .. } = d.kind {
            wrappers += 1;
            let strip = format!("{}:", d.name);
            check_page(
                &root,
                &d.name,
                &first_words(d.doc.as_deref(), &strip),
                &mut problems,
            );
            expected.insert(format!("{}.3", d.name));
        }
    }
    assert!(
        wrappers >= 25,
        "read only {wrappers} functions of wininet.h"
    );
    let written = pages(&root);
    let missing: Vec<_> = expected.difference(&written).collect();
    assert!(missing.is_empty(), "pages missing: {missing:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The overview lists every function of rinet.h.
    let overview = std::fs::read_to_string(root.join("man3/rinet.3")).unwrap();
    for d in header("rinet.h") {
        if matches!(d.kind, Kind::Function { .. }) {
            assert!(
                overview.contains(&format!(".BR {} (3)", d.name)),
                "rinet(3) does not list {}",
                d.name
            );
        }
    }

    // --list names exactly the pages --out writes (make uninstall removes that list).
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/manpages.py"))
        .arg("--list")
        .output()
        .expect("run python3");
    let listed: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(listed, written);
}

/// The unsuffixed WinInet names are `.so` links to a page that exists.
#[test]
fn wininet_names_lead_to_pages() {
    let root = generate("links");
    let written = pages(&root);
    let open = std::fs::read_to_string(root.join("man3/InternetOpen.3")).expect("InternetOpen.3");
    assert_eq!(open, ".so man3/InternetOpenA.3\n");
    let wrapper = std::fs::read_to_string(root.join("man3/InternetOpenA.3")).unwrap();
    assert!(wrapper.contains(".BR rinet_open (3)"), "{wrapper}");
    let native = std::fs::read_to_string(root.join("man3/rinet_open.3")).unwrap();
    assert!(native.contains(".BR InternetOpenA (3)"), "{native}");
    for name in &written {
        let text = std::fs::read_to_string(root.join("man3").join(name)).unwrap();
        if let Some(target) = text.strip_prefix(".so ") {
            let target = target.trim();
            assert!(
                root.join(target).is_file(),
                "{name} points to {target}, which was not written"
            );
        }
    }
}

/// groff formats each page without a warning.
#[test]
fn pages_render_cleanly() {
    let root = generate("render");
    let mut problems = Vec::new();
    for name in pages(&root) {
        let out = Command::new("groff")
            .current_dir(&root)
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(Path::new("man3").join(&name))
            .output()
            .unwrap_or_else(|e| panic!("run groff (apt-get install groff-base): {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() || !stderr.trim().is_empty() {
            problems.push(format!("{name}: {stderr}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
