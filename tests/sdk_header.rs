// SPDX-License-Identifier: MIT OR Apache-2.0
//! include/wininet_sdk.h, the rest of the SDK's <wininet.h>:
//!
//! - tests/c/sdk_unsupported.c calls every function the header declares as not supported (its
//!   calls are written from the header: `RINET_UPDATE_SDK_CALLS=1 cargo test --test sdk_header`
//!   rewrites them), so none is left without a run-time check of its ERROR_CALL_NOT_IMPLEMENTED;
//! - each of those functions says so in the comment beside it;
//! - <wininet.h>, and so wininet_sdk.h, compiles clean under `-Wall -Wextra -pedantic -Werror` as
//!   C (C99, C11) and C++ (C++11, C++17), with UNICODE on and off and in both wchar widths
//!   (`-fshort-wchar`), in a program that uses every constant and names every function the
//!   header defines; and the same after the Win32 porting headers' <windows.h> when the
//!   repository has them (include/win32), whose Win32 types it then takes.

mod support;

use std::path::Path;
use std::process::Command;

use support::cprog::repo_root;

const HEADER: &str = "include/wininet_sdk.h";
const PROGRAM: &str = "tests/c/sdk_unsupported.c";
const BEGIN: &str = "/* GENERATED CALLS BEGIN */";
const END: &str = "/* GENERATED CALLS END */";

fn header_text() -> String {
    std::fs::read_to_string(repo_root().join(HEADER)).expect("include/wininet_sdk.h is committed")
}

/// A function the header defines: `static inline RET NAME(PARAMS) { BODY }`.
#[derive(Debug)]
struct Function {
    name: String,
    ret: String,
    /// Parameter types, names removed.
    params: Vec<String>,
    body: String,
    /// The block comment right above it.
    doc: String,
}

impl Function {
    /// The failure value of a function whose body is `RINET_UNSUPPORTED_RETURN(value);`, or
    /// `Some("")` for `RINET_UNSUPPORTED_VOID();`; None when it is supported.
    fn unsupported(&self) -> Option<String> {
        if self.body.contains("RINET_UNSUPPORTED_VOID()") {
            return Some(String::new());
        }
        let at = self.body.find("RINET_UNSUPPORTED_RETURN(")?;
        let rest = &self.body[at + "RINET_UNSUPPORTED_RETURN(".len()..];
        Some(rest[..rest.find(')').expect("a closing parenthesis")].to_string())
    }
}

/// Every `static inline` function of `text`, in order.
fn functions(text: &str) -> Vec<Function> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("static inline ") {
        let start = from + found;
        let open = start + text[start..].find('(').expect("a parameter list");
        let close = open
            + text[open..]
                .find(')')
                .expect("the end of the parameter list");
        let head = text[start + "static inline ".len()..open].trim();
        let cut = head
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .expect("a return type before the name");
        let (ret, name) = (head[..=cut].trim(), &head[cut + 1..]);
        let body_open = close + text[close..].find('{').expect("a body");
        let body_close = body_open + text[body_open..].find("\n}").expect("the end of the body");
        let params = text[open + 1..close]
            .split(',')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| p != "void" && !p.is_empty())
            .map(|p| {
                let cut = p
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(0, |i| i + 1);
                p[..cut].trim().to_string()
            })
            .collect();
        let before = text[..start].trim_end();
        let doc = if before.ends_with("*/") {
            before[before.rfind("/*").expect("a comment start")..].to_string()
        } else {
            String::new()
        };
        out.push(Function {
            name: name.to_string(),
            ret: ret.to_string(),
            params,
            body: text[body_open..body_close].to_string(),
            doc,
        });
        from = body_close;
    }
    out
}

/// The C argument for a parameter of type `ty`: a zero FILETIME, or a cast 0.
fn zero_argument(ty: &str) -> String {
    if ty == "FILETIME" {
        "zero_time".to_string()
    } else {
        format!("({ty})0")
    }
}

/// `line` cut after commas so that no piece passes 110 columns, continued under the first `(`
/// of the call, with a newline at the end.
fn wrap(line: &str) -> String {
    let indent = " ".repeat(line.find(", ").map_or(4, |i| i + 2));
    let mut out = String::new();
    let mut current = String::new();
    for piece in line.split_inclusive(", ") {
        if current.len() + piece.trim_end().len() > 110 && !current.trim().is_empty() {
            out.push_str(current.trim_end());
            out.push('\n');
            current = indent.clone();
        }
        current.push_str(piece);
    }
    out.push_str(current.trim_end());
    out.push('\n');
    out
}

/// The generated calls of tests/c/sdk_unsupported.c, one EXPECT_120 per unsupported function.
fn calls(functions: &[Function]) -> String {
    let mut out = String::new();
    for f in functions {
        let Some(fail) = f.unsupported() else {
            continue;
        };
        let args: Vec<String> = f.params.iter().map(|t| zero_argument(t)).collect();
        let call = format!("{}({})", f.name, args.join(", "));
        let failed = if f.ret == "VOID" {
            format!("({call}, 1)")
        } else {
            format!("{call} == {fail}")
        };
        out.push_str(&wrap(&format!("    EXPECT_120(\"{}\", {failed});", f.name)));
    }
    out
}

fn unsupported_names(functions: &[Function]) -> Vec<&str> {
    functions
        .iter()
        .filter(|f| f.unsupported().is_some())
        .map(|f| f.name.as_str())
        .collect()
}

#[test]
fn the_unsupported_program_calls_every_unsupported_function() {
    let fns = functions(&header_text());
    let names = unsupported_names(&fns);
    assert!(
        names.len() >= 70,
        "the header declares only {} unsupported functions: the parser lost some",
        names.len()
    );
    let want = calls(&fns);
    let path = repo_root().join(PROGRAM);
    let program = std::fs::read_to_string(&path).expect("tests/c/sdk_unsupported.c is committed");
    let begin = program.find(BEGIN).expect("the BEGIN marker") + BEGIN.len() + 1;
    let end = program.find(END).expect("the END marker");
    let end = program[..end]
        .rfind('\n')
        .expect("a line before the END marker")
        + 1;
    let have = &program[begin..end];
    if have != want {
        if std::env::var_os("RINET_UPDATE_SDK_CALLS").is_some() {
            let updated = format!("{}{}{}", &program[..begin], want, &program[end..]);
            std::fs::write(&path, updated).expect("rewrite tests/c/sdk_unsupported.c");
            return;
        }
        let missing: Vec<&&str> = names
            .iter()
            .filter(|n| !have.contains(&format!("EXPECT_120(\"{n}\",")))
            .collect();
        panic!(
            "{PROGRAM} does not hold the calls {HEADER} calls for (functions without a call: \
             {missing:?}). Rewrite them with: RINET_UPDATE_SDK_CALLS=1 cargo test --test sdk_header"
        );
    }
}

/// The words of a block comment, without its `/*`, `*/` and leading `*`s.
fn comment_words(comment: &str) -> String {
    comment
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("/*")
                .trim_end_matches("*/")
                .trim_start_matches('*')
                .trim()
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_unsupported_function_says_so_beside_it() {
    let fns = functions(&header_text());
    let silent: Vec<&str> = fns
        .iter()
        .filter(|f| f.unsupported().is_some())
        .filter(|f| {
            let doc = comment_words(&f.doc);
            !(doc.starts_with(&format!("{}:", f.name))
                && doc.contains("Not supported")
                && doc.contains("ERROR_CALL_NOT_IMPLEMENTED (120)"))
        })
        .map(|f| f.name.as_str())
        .collect();
    assert!(
        silent.is_empty(),
        "these unsupported functions do not say so in the comment above them: {silent:?}"
    );
    let undocumented: Vec<&str> = fns
        .iter()
        .filter(|f| !f.doc.starts_with(&format!("/* {}:", f.name)))
        .map(|f| f.name.as_str())
        .collect();
    assert!(
        undocumented.is_empty(),
        "these functions have no comment naming them right above them: {undocumented:?}"
    );
}

/// The macros `#define`d in `text`: name, whether it takes arguments, and its value.
fn macros(text: &str) -> Vec<(String, bool, String)> {
    let mut seen = std::collections::BTreeSet::new();
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("#define "))
        .filter_map(|rest| {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let function_like = rest[name.len()..].starts_with('(');
            let value = rest[name.len()..].trim().to_string();
            (!name.is_empty()).then_some((name, function_like, value))
        })
        .filter(|(name, _, _)| !name.starts_with("RINET_") && seen.insert(name.clone()))
        .collect()
}

/// A program that includes <wininet.h> and uses every constant, macro and function of the
/// SDK header.
fn use_everything(text: &str) -> String {
    let mut program = String::from(
        "#include <wininet.h>\n\
         #ifndef TEXT\n#define TEXT(s) s\n#endif\n\
         int main(void)\n{\n",
    );
    let fns = functions(text);
    let defined = |n: &str| fns.iter().any(|f| f.name == n);
    for (name, function_like, value) in macros(text) {
        if name.starts_with('_') || name == "VOID" {
            continue;
        }
        if function_like {
            program.push_str(&format!("    (void)({name}(0));\n"));
        } else if value == format!("{name}A") || value == format!("{name}W") {
            // An unsuffixed name: its W function exists once the header declares it.
            if defined(&format!("{name}W")) {
                program.push_str(&format!("    (void)&{name};\n"));
            } else {
                program.push_str(&format!("#ifndef UNICODE\n    (void)&{name};\n#endif\n"));
            }
        } else {
            program.push_str(&format!("    (void)({name});\n"));
        }
    }
    for f in &fns {
        program.push_str(&format!("    (void)&{};\n", f.name));
    }
    program.push_str("    return 0;\n}\n");
    program
}

#[test]
fn wininet_compiles_clean_as_c_and_cpp_in_every_mode() {
    let text = header_text();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sdk-header");
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    let include = repo_root().join("include");
    let win32 = include.join("win32");
    let mut variants = vec![("every", "", None)];
    if win32.join("windows.h").is_file() {
        variants.push((
            "every-win32",
            "#include <windows.h>\n",
            Some(win32.as_path()),
        ));
    }
    let mut failures = Vec::new();
    for (stem, prefix, extra_include) in variants {
        let source = format!("{prefix}{}", use_everything(&text));
        let c = dir.join(format!("{stem}.c"));
        let cpp = dir.join(format!("{stem}.cpp"));
        std::fs::write(&c, &source).expect("write the C program");
        std::fs::write(&cpp, &source).expect("write the C++ program");
        for (compiler, file, std) in [
            ("cc", &c, "-std=c99"),
            ("cc", &c, "-std=c11"),
            ("c++", &cpp, "-std=c++11"),
            ("c++", &cpp, "-std=c++17"),
        ] {
            for unicode in [false, true] {
                for short_wchar in [false, true] {
                    let mut command = Command::new(compiler);
                    command.args([
                        std,
                        "-Wall",
                        "-Wextra",
                        "-pedantic",
                        "-Werror",
                        "-fsyntax-only",
                    ]);
                    if let Some(dir) = extra_include {
                        command.arg("-I").arg(dir);
                    }
                    command.arg("-I").arg(&include);
                    if unicode {
                        command.args(["-DUNICODE", "-D_UNICODE"]);
                    }
                    if short_wchar {
                        command.arg("-fshort-wchar");
                    }
                    command.arg(file);
                    let out = command
                        .output()
                        .unwrap_or_else(|e| panic!("run {compiler} (install gcc and g++): {e}"));
                    if !out.status.success() {
                        failures.push(format!(
                            "{command:?}\n{}",
                            String::from_utf8_lossy(&out.stderr)
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_header_parser_sees_the_known_functions() {
    let fns = functions(&header_text());
    let find = |name: &str| fns.iter().find(|f| f.name == name);
    let ftp = find("FtpGetFileA").expect("FtpGetFileA is declared");
    assert_eq!(ftp.ret, "BOOL");
    assert_eq!(ftp.unsupported().as_deref(), Some("FALSE"));
    assert_eq!(
        ftp.params,
        [
            "HINTERNET",
            "LPCSTR",
            "LPCSTR",
            "BOOL",
            "DWORD",
            "DWORD",
            "DWORD_PTR"
        ]
    );
    let size = find("FtpGetFileSize").expect("FtpGetFileSize is declared");
    assert_eq!(size.unsupported().as_deref(), Some("INVALID_FILE_SIZE"));
    let dlg = find("InternetErrorDlg").expect("InternetErrorDlg is defined");
    assert_eq!(dlg.unsupported(), None);
    assert_eq!(
        find("DeleteUrlCacheEntryA").map(Function::unsupported),
        Some(None),
        "the URL-cache functions answer: they are supported"
    );
    let lock = find("InternetLockRequestFile").expect("InternetLockRequestFile is declared");
    assert_eq!(lock.params, ["HINTERNET", "void **"]);
}
