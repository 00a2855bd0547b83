// SPDX-License-Identifier: MIT OR Apache-2.0
//! A small reader of rinet's C headers (include/rinet.h, include/wininet.h), for the tests that
//! check what the headers declare: the ABI guard (tests/abi.rs) and the documentation check
//! (tests/docs.rs). It understands the shapes those two headers use, not C in general:
//! block comments, `#define NAME value`, prototypes, `typedef`s (plain, function pointer,
//! `struct { ... }`), `enum { ... };`, `extern "C" { ... }` and `static inline` definitions.
#![allow(dead_code)]

/// One top-level declaration.
#[derive(Debug, Clone)]
pub struct Decl {
    pub kind: Kind,
    pub name: String,
    /// The declaration with comments removed and whitespace collapsed (for a definition, up to
    /// its opening brace).
    pub text: String,
    /// The 1-based line the declaration starts on.
    pub line: usize,
    /// The text of the block comment that ends on the line just above, without `/*`, `*/` and
    /// leading `*`s.
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A prototype (`uint32_t rinet_open(...);`) or a definition (`static inline ...{`).
    Function { ret: String, params: Vec<Param> },
    /// `typedef struct NAME { fields } NAME;` (fields in order).
    Struct { fields: Vec<String> },
    /// `typedef RET (*NAME)(params);`
    Callback { ret: String, params: Vec<Param> },
    /// `typedef TYPE NAME;`
    Typedef { ty: String },
    /// `#define NAME value` (value may be empty).
    Constant { value: String },
    /// Anything else (enums, anonymous structs).
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The type with the name removed: `const char *`.
    pub ty: String,
    /// The name, or "" when the parameter has none (`void`).
    pub name: String,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a header into its code, line by line with every comment blanked out, and its block
/// comments as (first line, last line, text), lines 0-based. String and character literals are
/// kept as they are.
fn split_comments(text: &str) -> (Vec<String>, Vec<(usize, usize, String)>) {
    let mut code = String::new();
    let mut comments = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 0;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let first = line;
                let mut body = String::new();
                code.push_str("  ");
                while let Some(c) = chars.next() {
                    if c == '*' && chars.peek() == Some(&'/') {
                        chars.next();
                        code.push_str("  ");
                        break;
                    }
                    if c == '\n' {
                        line += 1;
                        code.push('\n');
                    } else {
                        code.push(' ');
                    }
                    body.push(c);
                }
                comments.push((first, line, comment_text(&body)));
            }
            '/' if chars.peek() == Some(&'/') => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' => {
                code.push(c);
                while let Some(d) = chars.next() {
                    code.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            code.push(e);
                        }
                    } else if d == c || d == '\n' {
                        if d == '\n' {
                            line += 1;
                        }
                        break;
                    }
                }
            }
            '\n' => {
                line += 1;
                code.push('\n');
            }
            _ => code.push(c),
        }
    }
    (code.lines().map(str::to_string).collect(), comments)
}

/// The text of a block comment without its delimiters and the leading `*` of each line.
fn comment_text(body: &str) -> String {
    body.lines()
        .map(|l| {
            let l = l.trim();
            l.strip_prefix('*').unwrap_or(l).trim()
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Splits a parameter list (without its parentheses) into parameters.
pub fn params(list: &str) -> Vec<Param> {
    let list = collapse(list);
    if list.is_empty() || list == "void" {
        return Vec::new();
    }
    list.split(',')
        .map(|p| {
            let p = p.trim();
            let name_start = p
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let (ty, name) = p.split_at(name_start);
            if ty.trim().is_empty() {
                // Only a type (`void`, or a typedef name without a parameter name).
                Param {
                    ty: p.to_string(),
                    name: String::new(),
                }
            } else {
                Param {
                    ty: collapse(ty).replace("* ", "*").trim().to_string(),
                    name: name.to_string(),
                }
            }
        })
        .collect()
}

fn ident_before_paren(text: &str) -> Option<(String, String, String)> {
    // "RET NAME(PARAMS)..." -> (RET, NAME, PARAMS)
    let open = text.find('(')?;
    let head = text[..open].trim_end();
    let name_start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = head[name_start..].to_string();
    let ret = collapse(&head[..name_start]);
    let mut depth = 0;
    let mut close = None;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let params = text[open + 1..close?].to_string();
    Some((ret, name, params))
}

/// Reads every top-level declaration of a header.
pub fn parse(text: &str) -> Vec<Decl> {
    let (lines, comments) = split_comments(text);
    // The comment that documents a declaration starting on line `l`: a block comment ending on
    // the line just above, alone on its lines.
    let doc_for = |l: usize| {
        comments
            .iter()
            .find(|(first, last, _)| {
                last + 1 == l && (*first..=*last).all(|k| lines[k].trim().is_empty())
            })
            .map(|(_, _, t)| t.clone())
    };
    let mut decls = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim();
        if trimmed.is_empty() || trimmed.starts_with("extern \"C\"") || trimmed.starts_with('}') {
            i += 1;
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if let Some(def) = rest.trim().strip_prefix("define") {
                let def = def.trim();
                let (name, value) = match def.find(|c: char| c.is_whitespace() || c == '(') {
                    Some(p) if def[p..].starts_with('(') => (&def[..p], ""),
                    Some(p) => (&def[..p], def[p..].trim()),
                    None => (def, ""),
                };
                decls.push(Decl {
                    kind: Kind::Constant {
                        value: collapse(value),
                    },
                    name: name.to_string(),
                    text: collapse(&format!("#define {def}")),
                    line: i + 1,
                    doc: doc_for(i),
                });
            }
            while lines[i].trim_end().ends_with('\\') && i + 1 < lines.len() {
                i += 1;
            }
            i += 1;
            continue;
        }
        // A statement: up to `;` at brace depth 0, or the end of a definition's body.
        let start = i;
        let mut code = String::new();
        let mut head: Option<String> = None;
        let mut body = Vec::new();
        let mut depth = 0i32;
        loop {
            let l = &lines[i];
            let depth_before = depth;
            for (k, ch) in l.char_indices() {
                match ch {
                    '{' => {
                        if depth == 0 && head.is_none() {
                            head = Some(format!("{code} {}", &l[..k]));
                        }
                        depth += 1;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if depth_before > 0 && depth > 0 {
                body.push(l.as_str());
            }
            code.push(' ');
            code.push_str(l);
            let t = l.trim_end();
            i += 1;
            let done = depth == 0 && (t.ends_with(';') || (head.is_some() && t.ends_with('}')));
            if done || i >= lines.len() {
                break;
            }
        }
        let text = collapse(&code);
        let head = head.map(|h| collapse(&h));
        let (kind, name) = classify(&text, head.as_deref().unwrap_or(&text), &body);
        decls.push(Decl {
            kind,
            name,
            text: head.unwrap_or(text),
            line: start + 1,
            doc: doc_for(start),
        });
    }
    decls
}

fn classify(text: &str, head: &str, body: &[&str]) -> (Kind, String) {
    if let Some(rest) = head.strip_prefix("typedef struct ") {
        let tag = rest.trim().trim_end_matches('{').trim().to_string();
        if !tag.is_empty() {
            let mut fields = Vec::new();
            for line in body {
                for code in line.split(';') {
                    let code = code.trim();
                    if code.is_empty() || code.contains('{') || code.contains('}') {
                        continue;
                    }
                    let name_start = code
                        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(0, |i| i + 1);
                    fields.push(code[name_start..].to_string());
                }
            }
            return (Kind::Struct { fields }, tag);
        }
        return (Kind::Other, String::new());
    }
    if let Some(rest) = text.strip_prefix("typedef ") {
        if let Some(p) = rest.find("(*") {
            let name_end = rest[p + 2..]
                .find(')')
                .map(|e| p + 2 + e)
                .unwrap_or(rest.len());
            let name = rest[p + 2..name_end].trim().to_string();
            let ret = collapse(&rest[..p]);
            let after = &rest[name_end + 1..];
            let list = after
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(';')
                .trim_end()
                .trim_end_matches(')');
            return (
                Kind::Callback {
                    ret,
                    params: params(list),
                },
                name,
            );
        }
        let body = rest.trim_end_matches(';').trim();
        let name_start = body
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        return (
            Kind::Typedef {
                ty: collapse(&body[..name_start]).replace("* ", "*"),
            },
            body[name_start..].to_string(),
        );
    }
    if head.starts_with("enum") || head.starts_with("typedef") {
        return (Kind::Other, String::new());
    }
    if let Some((ret, name, list)) = ident_before_paren(head) {
        return (
            Kind::Function {
                ret: ret.replace("* ", "*"),
                params: params(&list),
            },
            name,
        );
    }
    (Kind::Other, String::new())
}

/// A prototype's types, for comparing signatures without their parameter names:
/// `(const char *, uint32_t) -> uint32_t`.
pub fn signature(ret: &str, params: &[Param]) -> String {
    let types: Vec<&str> = params.iter().map(|p| p.ty.as_str()).collect();
    format!("({}) -> {}", types.join(", "), ret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shapes_the_headers_use() {
        let h = "/*\n A thing.\n */\n#define RINET_X 5\n\n/*\n Doc.\n */\ntypedef struct rinet_s {\n  /*\n   A.\n   */\n  uint32_t a;\n  void *b;\n} rinet_s;\n/* cb */\ntypedef void (*rinet_cb)(uint32_t level,\n   const char *line);\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n/*\n Open.\n */\nuint32_t rinet_open(const char *agent,\n                    rinet_handle *out);\n}  // extern \"C\"\n/* inline */\nstatic inline BOOL F(LPCSTR a, DWORD b)\n{\n    return rinet_x(a, b) == 0;\n}\n";
        let d = parse(h);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["RINET_X", "rinet_s", "rinet_cb", "rinet_open", "F"]);
        assert_eq!(d[0].doc.as_deref(), Some("A thing."));
        assert_eq!(
            d[1].kind,
            Kind::Struct {
                fields: vec!["a".into(), "b".into()]
            }
        );
        match &d[3].kind {
            Kind::Function { ret, params } => {
                assert_eq!(
                    signature(ret, params),
                    "(const char *, rinet_handle *) -> uint32_t"
                );
                assert_eq!(params[1].name, "out");
            }
            k => panic!("{k:?}"),
        }
        assert_eq!(d[3].doc.as_deref(), Some("Open."));
        assert_eq!(d[4].doc.as_deref(), Some("inline"));
        assert!(matches!(d[2].kind, Kind::Callback { .. }));
    }
}
