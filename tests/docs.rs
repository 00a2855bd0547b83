// SPDX-License-Identifier: MIT OR Apache-2.0
//! Documentation checks.
//!
//! - Every function declared in include/rinet.h and include/wininet.h has a block comment right
//!   above it that names each of its parameters, says which thread it runs on ("thread"),
//!   whether it can pend ("pend" or "block"), and what errors it returns ("Errors:" or "never
//!   fails"). The offenders are listed with what each lacks.
//! - librinet.so exports no `rinet_*` function that include/rinet.h does not declare (and so
//!   document).
//! - docs/troubleshooting.md has a section for every code rinet can return, and
//!   rinet_strerror has a text for each.
//! - Relative links between the Markdown files resolve, and the sequence diagram's SVG is
//!   committed and matches its source (docs/async-sequence.py).
//! - What README.md and docs/ claim and a test can check: every repository path they mention
//!   exists, every `rinet_*` and `RINET_*` name they mention exists, each troubleshooting
//!   section quotes rinet_strerror's text and names its code's constant, the first program of
//!   getting-started.md compiles and runs as printed, and README's static link line is the
//!   Makefile's. (tests/install.rs runs the getting-started build lines; tests/demo.rs,
//!   tests/windows_auth.rs and tests/version.rs check the demo, NTLM and version claims.)

mod cheader;
mod support;

use std::collections::BTreeSet;
use std::ffi::CStr;

use cheader::Kind;
use support::cprog::repo_root;

/// What a function's comment lacks, or None when it has everything.
fn lacks(doc: Option<&str>, params: &[cheader::Param]) -> Option<Vec<String>> {
    let Some(doc) = doc else {
        return Some(vec!["a comment right above the declaration".into()]);
    };
    // Line breaks do not matter: "never\nfails" is "never fails".
    let flat = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let doc = flat.as_str();
    let lower = doc.to_lowercase();
    let mut missing = Vec::new();
    if !(doc.contains("Errors:") || lower.contains("never fails")) {
        missing.push("its errors (\"Errors: ...\" or \"never fails\")".into());
    }
    if !lower.contains("thread") {
        missing.push("the thread it runs on".into());
    }
    if !(lower.contains("pend") || lower.contains("block")) {
        missing.push("whether it pends (\"pend\" or \"block\")".into());
    }
    let words: Vec<&str> = doc
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    for p in params {
        if !p.name.is_empty() && !p.name.starts_with('_') && !words.contains(&p.name.as_str()) {
            missing.push(format!("parameter `{}`", p.name));
        }
    }
    (!missing.is_empty()).then_some(missing)
}

fn check_header(file: &str) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(repo_root().join(file)).expect("read the header");
    let mut checked = 0;
    let mut offenders = Vec::new();
    for d in cheader::parse(&text) {
        let Kind::Function { params, .. } = &d.kind else {
            continue;
        };
        checked += 1;
        if let Some(missing) = lacks(d.doc.as_deref(), params) {
            offenders.push(format!(
                "{file}:{} {}: lacks {}",
                d.line,
                d.name,
                missing.join(", ")
            ));
        }
    }
    (checked, offenders)
}

#[test]
fn every_public_function_is_documented() {
    let mut offenders = Vec::new();
    for (file, at_least) in [("include/rinet.h", 30), ("include/wininet.h", 25)] {
        let (checked, mut bad) = check_header(file);
        assert!(
            checked >= at_least,
            "only {checked} functions found in {file}: the header reader is broken"
        );
        offenders.append(&mut bad);
    }
    assert!(
        offenders.is_empty(),
        "{} undocumented or under-documented functions (fix the /// comment in src/ffi and run \
         RINET_UPDATE_HEADER=1 cargo build for rinet.h; edit wininet.h directly):\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}

/// The check itself: a comment without errors, threads or a parameter is reported.
#[test]
fn the_check_reports_what_is_missing() {
    let p = cheader::params("rinet_handle handle, uint32_t *out, uintptr_t _context");
    let full =
        "Closes `handle`; writes `*out`. Runs on the calling thread; never pends. Errors: 6.";
    assert_eq!(lacks(Some(full), &p), None);
    let missing = lacks(Some("Closes `handle`."), &p).expect("incomplete");
    assert_eq!(missing.len(), 4, "{missing:?}");
    assert!(missing.iter().any(|m| m.contains("`out`")));
    assert!(lacks(None, &p).is_some());
}

/// Every `rinet_*` function librinet.so exports is declared (and so documented) in rinet.h.
#[test]
fn no_export_is_undeclared() {
    let lib = support::cprog::lib_dir().join("librinet.so");
    let out = std::process::Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .unwrap_or_else(|e| panic!("run nm (apt-get install binutils): {e}"));
    let text = std::fs::read_to_string(repo_root().join("include/rinet.h")).unwrap();
    let declared: Vec<String> = cheader::parse(&text)
        .into_iter()
        .filter(|d| matches!(d.kind, Kind::Function { .. }))
        .map(|d| d.name)
        .collect();
    let undeclared: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .filter(|s| s.starts_with("rinet_") && !declared.iter().any(|d| d == s))
        .map(str::to_string)
        .collect();
    assert!(
        undeclared.is_empty(),
        "exported but not declared in include/rinet.h: {undeclared:?}"
    );
}

/// The codes rinet can return: success, pending, and each value of the internal error enum
/// (src/error.rs), the one place failures are numbered.
fn codes() -> Vec<u32> {
    let text = std::fs::read_to_string(repo_root().join("src/error.rs")).expect("src/error.rs");
    let mut codes = vec![0, 997];
    let enum_body = text
        .split("pub enum Error {")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .expect("src/error.rs declares `pub enum Error {`");
    for line in enum_body.lines() {
        let line = line.trim();
        if line.starts_with("//") {
            continue;
        }
        if let Some((_, value)) = line.trim_end_matches(',').split_once(" = ") {
            codes.push(value.trim().parse().expect("a numeric code"));
        }
    }
    assert!(codes.len() > 20, "read only {codes:?} from src/error.rs");
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[test]
fn rinet_strerror_knows_every_code() {
    let mut unknown = Vec::new();
    for code in codes() {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let p = unsafe { rinet::ffi::info::rinet_strerror(code) };
        assert!(!p.is_null());
        // SAFETY: rinet_strerror returns a static NUL-terminated string.
        let text = unsafe { CStr::from_ptr(p) }.to_str().expect("ASCII text");
        if text == "Unknown error" || text.is_empty() {
            unknown.push(code);
        }
    }
    assert!(
        unknown.is_empty(),
        "rinet_strerror has no text for {unknown:?}"
    );
    // Static: the same pointer every time.
    assert_eq!(
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet::ffi::info::rinet_strerror(12002) },
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        unsafe { rinet::ffi::info::rinet_strerror(12002) }
    );
    // WinInet's wording where WinInet has one.
    for (code, text) in [
        (6, "The handle is invalid."),
        (87, "The parameter is incorrect."),
        (997, "Overlapped I/O operation is in progress."),
        (12002, "The operation timed out."),
        (12007, "The server name or address could not be resolved."),
        (
            12029,
            "A connection with the server could not be established.",
        ),
        (
            12030,
            "The connection with the server was terminated abnormally.",
        ),
    ] {
        // SAFETY: as above.
        let got = unsafe { CStr::from_ptr(rinet::ffi::info::rinet_strerror(code)) };
        assert_eq!(got.to_str().unwrap(), text, "rinet_strerror({code})");
    }
}

#[test]
fn troubleshooting_covers_every_code() {
    let text = std::fs::read_to_string(repo_root().join("docs/troubleshooting.md"))
        .expect("docs/troubleshooting.md");
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
    let missing: Vec<u32> = codes()
        .into_iter()
        .filter(|c| {
            !headings
                .iter()
                .any(|h| h[3..].split_whitespace().next() == Some(&c.to_string()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "docs/troubleshooting.md needs a `## <code> ...` section for {missing:?}"
    );
}

/// GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    let mut in_code = false;
    let mut out = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.push(anchor(line.trim_start_matches('#')));
        }
    }
    out
}

/// Relative links in README.md and docs/*.md point at files that exist, and a `#fragment` of a
/// Markdown file at one of its headings.
#[test]
fn markdown_links_resolve() {
    let root = repo_root();
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/ exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut broken = Vec::new();
    for file in files.iter().filter(|f| f.is_file()) {
        let text = std::fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let link = &rest[..end];
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (target, fragment) = link.split_once('#').unwrap_or((link, ""));
            let path = if target.is_empty() {
                file.clone()
            } else {
                dir.join(target)
            };
            if !path.exists() {
                broken.push(format!("{name}: {link} (no such file)"));
                continue;
            }
            if !fragment.is_empty() && path.extension().is_some_and(|e| e == "md") {
                let headings = anchors(&std::fs::read_to_string(&path).unwrap());
                if !headings.iter().any(|a| a == fragment) {
                    broken.push(format!("{name}: {link} (no such heading)"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:#?}");
}

#[test]
fn sequence_diagram_is_rendered_and_committed() {
    let docs = repo_root().join("docs");
    let source = docs.join("async-sequence.py");
    let svg = docs.join("async-sequence.svg");
    let svg_text = std::fs::read_to_string(&svg).expect("docs/async-sequence.svg is committed");
    assert!(svg_text.contains("<svg"), "{} is not an SVG", svg.display());
    let model = std::fs::read_to_string(docs.join("async-model.md")).unwrap();
    assert!(
        model.contains("async-sequence.svg"),
        "docs/async-model.md shows the diagram"
    );
    for name in [
        "HANDLE_CREATED",
        "RESOLVING_NAME",
        "CONNECTED_TO_SERVER",
        "SENDING_REQUEST",
        "REQUEST_SENT",
        "RECEIVING_RESPONSE",
        "RESPONSE_RECEIVED",
        "REQUEST_COMPLETE",
        "HANDLE_CLOSING",
    ] {
        assert!(svg_text.contains(name), "the diagram lacks {name}");
    }
    // The committed SVG is what its source draws (python3 is all it needs).
    let out = std::process::Command::new("python3")
        .arg(&source)
        .arg("--check")
        .output()
        .unwrap_or_else(|e| panic!("run python3 (apt-get install python3): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// README.md and every docs/*.md file, as (name, text).
fn documents() -> Vec<(String, String)> {
    let root = repo_root();
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
        .into_iter()
        .map(|f| {
            let name = f.strip_prefix(&root).unwrap().display().to_string();
            (name, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

/// The words of `text` that start with `prefix` and go on with characters of `allowed`.
fn words_starting(text: &str, prefix: &str, allowed: impl Fn(char) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(prefix) {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || "_/.-:".contains(c)) {
            continue;
        }
        let rest = &text[i..];
        let end = rest
            .char_indices()
            .find(|&(_, c)| !allowed(c))
            .map_or(rest.len(), |(k, _)| k);
        out.push(rest[..end].to_string());
    }
    out
}

/// Every repository path README.md and docs/ mention (`c-examples/get_async.c`,
/// `tests/install.rs`, `scripts/demo.sh`, ...) exists. Paths with placeholders (`<n>`, `*`,
/// `$PREFIX`) are not paths of the repository and are skipped; so are the installed layout's
/// `include/rinet/` and `lib/...`, which are places under an install prefix.
#[test]
fn every_path_mentioned_exists() {
    let root = repo_root();
    let dirs = [
        "c-examples/",
        "tests/",
        "scripts/",
        "include/",
        "docs/",
        "src/",
        "benches/",
        "pkg/",
        "fuzz/",
        "abi/",
        "examples/",
        ".ci/",
    ];
    let mut missing = Vec::new();
    let mut checked = 0;
    for (name, text) in documents() {
        for dir in dirs {
            let path_char = |c: char| c.is_ascii_alphanumeric() || "_-./".contains(c);
            for word in words_starting(&text, dir, path_char) {
                let path = word.trim_end_matches(['.', ',']);
                let next = text[text.find(path).unwrap() + path.len()..].chars().next();
                if next.is_some_and(|c| "<*$".contains(c)) || path == "include/rinet/" {
                    continue;
                }
                checked += 1;
                if !root.join(path).exists() {
                    missing.push(format!("{name}: {path}"));
                }
            }
        }
        for file in [
            "BENCHMARKS.md",
            "SECURITY.md",
            "CHANGELOG.md",
            "LICENSE",
            "Makefile",
            "Cargo.toml",
            "cbindgen.toml",
            "build.rs",
        ] {
            if text.contains(file) && !root.join(file).exists() {
                missing.push(format!("{name}: {file}"));
            }
        }
        // Any other NAME.md named at the top level.
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c))) {
            if word.ends_with(".md")
                && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && word[..word.len() - 3]
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '-' || c == '_')
                && !root.join(word).exists()
                && !root.join("docs").join(word).exists()
            {
                missing.push(format!("{name}: {word}"));
            }
        }
    }
    assert!(
        checked > 30,
        "found only {checked} paths: the reader is broken"
    );
    assert!(missing.is_empty(), "mentioned but missing: {missing:#?}");
}

/// Every section of docs/troubleshooting.md quotes rinet_strerror's text of its code, and names
/// the constant wininet.h gives that value.
#[test]
fn troubleshooting_quotes_rinet_strerror() {
    let text = std::fs::read_to_string(repo_root().join("docs/troubleshooting.md")).unwrap();
    let wininet = std::fs::read_to_string(repo_root().join("include/wininet.h")).unwrap();
    let mut wrong = Vec::new();
    let mut sections = 0;
    for section in text.split("\n## ").skip(1) {
        let heading = section.lines().next().unwrap();
        let mut words = heading.split_whitespace();
        let Some(Ok(code)) = words.next().map(str::parse::<u32>) else {
            continue;
        };
        sections += 1;
        let body = section.split_once('\n').map_or("", |(_, b)| b).trim_start();
        let quoted = body
            .strip_prefix('"')
            .and_then(|b| b.split_once('"'))
            .map(|(q, _)| q.split_whitespace().collect::<Vec<_>>().join(" "));
        // SAFETY: rinet_strerror returns a static NUL-terminated string.
        let want = unsafe { CStr::from_ptr(rinet::ffi::info::rinet_strerror(code)) }
            .to_str()
            .unwrap()
            .to_string();
        if quoted.as_deref() != Some(want.as_str()) {
            wrong.push(format!(
                "## {heading}: quotes {quoted:?}, rinet_strerror gives {want:?}"
            ));
        }
        if let Some(constant) = words.next() {
            let defined = wininet.lines().find_map(|l| {
                let mut w = l.split_whitespace();
                (w.next() == Some("#define") && w.next() == Some(constant))
                    .then(|| w.next().unwrap_or("").to_string())
            });
            if let Some(value) = defined {
                let value = value.trim_start_matches('(').trim_end_matches(')');
                let parsed = value.strip_prefix("0x").map_or_else(
                    || value.trim_end_matches(['u', 'L']).parse().ok(),
                    |h| u32::from_str_radix(h.trim_end_matches(['u', 'L']), 16).ok(),
                );
                if parsed.is_some() && parsed != Some(code) {
                    wrong.push(format!(
                        "## {heading}: wininet.h defines {constant} as {value}"
                    ));
                }
            }
        }
    }
    assert!(sections > 20, "read only {sections} sections");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every `rinet_*` name README.md and docs/ mention is declared in rinet.h (a name ending in
/// `_`, such as `rinet_session_`, is a prefix of some), and every `RINET_*` name is defined in
/// rinet.h or wininet.h, or is an environment variable the code reads.
#[test]
fn every_rinet_name_mentioned_exists() {
    let rinet_h = std::fs::read_to_string(repo_root().join("include/rinet.h")).unwrap();
    let declared: BTreeSet<String> = cheader::parse(&rinet_h)
        .into_iter()
        .map(|d| d.name)
        .collect();
    let mut wininet = std::fs::read_to_string(repo_root().join("include/wininet.h")).unwrap();
    // The Win32 porting headers' switches (RINET_WIN32_*) are documented too.
    for dir in ["include/win32", "include/win32/rinet-win32"] {
        for entry in std::fs::read_dir(repo_root().join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                wininet.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut code = String::new();
    for dir in [
        "src",
        "scripts",
        "tests",
        "c-examples",
        "examples",
        "benches",
    ] {
        let mut stack = vec![repo_root().join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    code.push_str(&t);
                }
            }
        }
    }
    for file in ["build.rs", "Makefile", ".ci/run"] {
        code.push_str(&std::fs::read_to_string(repo_root().join(file)).unwrap());
    }
    let read_from_env = |name: &str| {
        [
            format!("\"{name}\""),
            format!("${name}"),
            format!("${{{name}"),
            format!("{name}="),
        ]
        .iter()
        .any(|form| code.contains(form.as_str()))
    };
    let mut unknown = Vec::new();
    let mut seen = 0;
    for (name, text) in documents() {
        let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        for word in words_starting(&text, "rinet_", lower) {
            seen += 1;
            let known = if word.ends_with('_') {
                declared.iter().any(|d| d.starts_with(&word))
            } else {
                declared.contains(&word)
            };
            if !known {
                unknown.push(format!("{name}: {word}"));
            }
        }
        let upper = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_';
        for word in words_starting(&text, "RINET_", upper) {
            seen += 1;
            let known = if word.ends_with('_') {
                declared.iter().any(|d| d.starts_with(&word))
            } else {
                declared.contains(&word)
                    || wininet.contains(&format!("defined({word})"))
                    || wininet.contains(&format!("#ifndef {word}"))
                    || wininet.contains(&format!("#define {word}"))
                    || read_from_env(&word)
            };
            if !known {
                unknown.push(format!("{name}: {word}"));
            }
        }
    }
    assert!(seen > 50, "found only {seen} names");
    assert!(
        unknown.is_empty(),
        "not in rinet.h, wininet.h or the code: {unknown:#?}"
    );
}

/// docs/getting-started.md's first program, as printed there, compiles with -Werror and fetches
/// a URL from the test server, printing the body.
#[test]
fn the_first_program_in_getting_started_runs() {
    let doc = std::fs::read_to_string(repo_root().join("docs/getting-started.md")).unwrap();
    let program = doc
        .split("```c\n/* app.c */\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("docs/getting-started.md has a ```c block starting with /* app.c */");
    let dir = support::scratch::Scratch::new("docs-first-program");
    let source = dir.join("app.c");
    std::fs::write(&source, format!("/* app.c */\n{program}\n")).unwrap();
    // The page builds it with <wininet.h> from include/rinet (pkg-config's second -I).
    let exe = support::cprog::compile_with(
        source.to_str().unwrap(),
        "docs-first-program",
        &["-I", repo_root().join("include/rinet").to_str().unwrap()],
    );
    let server = support::server::TestServer::start();
    let mut run = std::process::Command::new(&exe);
    run.arg(format!("http://127.0.0.1:{}/bytes/1000", server.port()));
    let out = support::cprog::run_with_timeout(run, support::cprog::RUN_TIMEOUT);
    assert!(out.status.success(), "{}", out.report("app.c"));
    assert_eq!(out.stdout.as_bytes(), &support::server::pattern(1000)[..]);
}

/// README's static link line is the Makefile's (what rinet.pc's Libs.private gets).
#[test]
fn readme_static_link_line_is_the_makefiles() {
    let makefile = std::fs::read_to_string(repo_root().join("Makefile")).unwrap();
    let libs = makefile
        .lines()
        .find_map(|l| l.strip_prefix("STATIC_LIBS := "))
        .expect("the Makefile sets STATIC_LIBS");
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("`-lrinet {}`", libs.trim())),
        "README.md should give the static link line `-lrinet {libs}`"
    );
}
