#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Writes rinet's man pages (section 3) from the comments of its C headers.

    python3 scripts/manpages.py --out DIR     write the pages into DIR (created if missing)
    python3 scripts/manpages.py --list        print the file names the pages would have

Pages, each generated (nothing is listed by hand, so a new export gets its page by itself):
  - one per function, struct and callback type of include/rinet.h, from the comment cbindgen
    copies above each declaration out of the Rust sources;
  - rinet(3), an overview: the header's own comment, how to build and link, every function
    with its summary, the types, and the constants with their values;
  - one per WinInet function of include/wininet.h (InternetOpenA, ...), from its comment there,
    pointing to the rinet_ function it calls; the unsuffixed names (InternetOpen) are `.so`
    links to the function they stand for.

Needs Python 3 only. `make install` runs it and installs the pages under share/man/man3;
tests/man.rs checks that every declaration has a page and that each page renders cleanly.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANUAL = "rinet Manual"


# ---- reading the headers ------------------------------------------------------------------


def strip_comment(raw):
    """The text of a block comment without /*, */ and the leading ' * ' of each line, with the
    common indentation removed."""
    body = raw[2:-2]
    lines = body.split("\n")
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("* ") or stripped == "*":
            line = line[line.index("*") + 1 :]
        out.append(line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    indents = [len(l) - len(l.lstrip()) for l in out if l.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(l[cut:] for l in out)


def collapse(text):
    return " ".join(text.split())


def declarations(text):
    """Yields (doc, statement, raw) for each top-level statement of a header, where doc is the
    text of the block comment right above it (or None), statement the code with comments
    removed, and raw the code as written.
    A statement is a preprocessor line, or code up to a ';' outside braces (a function body
    `{ ... }` ends a statement too)."""
    i, n = 0, len(text)
    doc, doc_end = None, -1
    while i < n:
        if text.startswith("/*", i):
            end = text.index("*/", i) + 2
            doc, doc_end = strip_comment(text[i:end]), end
            i = end
            continue
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        c = text[i]
        if c.isspace():
            i += 1
            continue
        # A comment is attached only if nothing but one line break (or spaces) separates it.
        gap = text[doc_end:i] if doc_end >= 0 else "\n\n"
        attached = doc if gap.count("\n") <= 1 else None
        if c == "#":
            end = i
            while True:
                end = text.find("\n", end)
                if end < 0:
                    end = n
                    break
                if text[end - 1] != "\\":
                    break
                end += 1
            yield attached, text[i:end], text[i:end]
            i = end
            doc, doc_end = None, -1
            continue
        m = re.match(r'extern\s+"C"\s*\{', text[i:])
        if m:  # the C++ guard's opening: its declarations are top-level ones
            i += m.end()
            doc, doc_end = None, -1
            continue
        depth, j, code = 0, i, []
        while j < n:
            if text.startswith("/*", j):
                j = text.index("*/", j) + 2
                continue
            if text.startswith("//", j):
                j = text.find("\n", j)
                j = n if j < 0 else j
                continue
            ch = text[j]
            code.append(ch)
            j += 1
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:  # the C++ guard's closing brace
                    break
                if depth == 0:
                    rest = text[j:].lstrip(" \t")
                    # `} NAME;` closes a typedef; a function body ends at its brace.
                    if not re.match(r"[A-Za-z_]", rest) and not rest.startswith(";"):
                        break
            elif ch == ";" and depth == 0:
                break
        yield attached, "".join(code), text[i:j]
        i = j
        doc, doc_end = None, -1


class Page:
    def __init__(self, name, kind, synopsis, doc, header):
        self.name = name
        self.kind = kind  # "function", "struct", "callback", "wininet"
        self.synopsis = synopsis
        self.doc = doc or ""
        self.header = header
        self.fields = []  # (declaration, doc) for structs
        self.calls = None  # the rinet_ function a WinInet wrapper calls


def summary(doc):
    """The first sentence of a comment, on one line, without its final period."""
    flat = collapse(doc.split("\n\n")[0])
    m = re.match(r"(.+?[.:])(\s|$)", flat)
    first = m.group(1) if m else flat
    return first.rstrip(".:")


def read_rinet_h(path):
    text = open(path, encoding="utf-8").read()
    # The licence line comes first; the header's own comment after it.
    text = re.sub(r"^\s*/\*\s*SPDX-License-Identifier:[^*]*\*/\n", "", text)
    top = re.match(r"\s*/\*.*?\*/", text, re.S)
    intro = strip_comment(top.group(0).strip()) if top else ""
    pages, constants = [], []
    for doc, stmt, raw in declarations(text[top.end() if top else 0 :]):
        flat = collapse(stmt)
        if flat.startswith("#define "):
            parts = flat.split(None, 2)
            if len(parts) == 3 and parts[1].startswith("RINET_"):
                constants.append((parts[1], parts[2], doc))
            continue
        if flat.startswith("#") or flat.startswith("extern") or flat.startswith("}"):
            continue
        m = re.match(r"typedef struct (\w+) \{(.*)\} (\w+);$", flat, re.S)
        if m and m.group(1).startswith("rinet_"):
            page = Page(m.group(1), "struct", "", doc, "rinet.h")
            page.fields = struct_fields(raw)
            page.synopsis = struct_synopsis(m.group(1), page.fields)
            pages.append(page)
            continue
        m = re.match(r"typedef .*\(\*(\w+)\)\s*\(", flat)
        if m and m.group(1).startswith("rinet_"):
            pages.append(Page(m.group(1), "callback", flat, doc, "rinet.h"))
            continue
        if flat.startswith("typedef"):
            continue
        m = re.match(r"(.*?\b)(rinet_\w+)\s*\((.*)\)\s*;$", flat, re.S)
        if m:
            pages.append(Page(m.group(2), "function", pretty_prototype(stmt), doc, "rinet.h"))
    return intro, pages, constants


def struct_fields(stmt):
    body = stmt[stmt.index("{") + 1 : stmt.rindex("}")]
    fields, doc = [], None
    for m in re.finditer(r"/\*.*?\*/|[^;/]+;", body, re.S):
        piece = m.group(0)
        if piece.startswith("/*"):
            doc = strip_comment(piece)
        else:
            fields.append((collapse(piece), doc or ""))
            doc = None
    return fields


def struct_synopsis(name, fields):
    lines = ["typedef struct %s {" % name]
    lines += ["    %s" % decl for decl, _ in fields]
    lines.append("} %s;" % name)
    return "\n".join(lines)


def pretty_prototype(stmt):
    """A prototype with the header's own line breaks, re-indented to four spaces."""
    lines = [l.strip() for l in stmt.strip().split("\n")]
    return "\n".join([lines[0]] + ["    " + l for l in lines[1:]])


def read_wininet_h(path, rinet_names):
    text = open(path, encoding="utf-8").read()
    pages, aliases = {}, []
    for doc, stmt, _ in declarations(text):
        flat = collapse(stmt)
        m = re.match(r"#define (\w+) (\w+)$", flat)
        if m:
            aliases.append((m.group(1), m.group(2)))
            continue
        m = re.match(r"static inline (.*?\b)(\w+)\s*\((.*?)\)\s*\{", flat, re.S)
        if not m:
            continue
        name = m.group(2)
        head = stmt[: stmt.index("{")].strip()
        head = re.sub(r"^static\s+inline\s+", "", head)
        page = Page(name, "wininet", pretty_prototype(head) + ";", doc, "wininet.h")
        calls = [c for c in re.findall(r"\b(rinet_\w+)\s*\(", stmt) if c in rinet_names]
        page.calls = calls[0] if calls else None
        if page.doc.startswith(name + ":"):
            page.doc = page.doc[len(name) + 1 :].lstrip()
            page.doc = page.doc[:1].upper() + page.doc[1:]
        pages[name] = page
    links = {}
    for alias, target in aliases:
        if target in pages and alias not in pages:
            # Prefer the ANSI function when both spellings are defined (UNICODE off).
            if alias not in links or target.endswith("A"):
                links[alias] = target
    return list(pages.values()), links


# ---- writing roff ---------------------------------------------------------------------------


def esc(text):
    text = text.replace("\\", "\\e")
    return text


def inline(text):
    """Escapes text and turns `code` into bold."""
    out = []
    for k, part in enumerate(text.split("`")):
        part = esc(part)
        out.append("\\fB%s\\fR" % part if k % 2 else part)
    return "".join(out)


def line_safe(text):
    return "\\&" + text if text[:1] in (".", "'") else text


TERM = re.compile(r"^ {2,}(\S+(?:, \S+)*) {2,}(\S.*)$")


def paragraphs(doc):
    """roff for a comment: paragraphs, and `- ` items as bulleted indented paragraphs."""
    out = []
    blocks = re.split(r"\n\s*\n", doc.strip()) if doc.strip() else []
    for block in blocks:
        lines = block.split("\n")
        terms = [TERM.match(l) for l in lines]
        if any(terms):
            # A table of parameters ("  lpszAgent   User-Agent ..."), as wininet.h writes them.
            text = []
            for line, term in zip(lines, terms):
                if term:
                    if text:
                        out += [".PP", line_safe(inline(collapse(" ".join(text))))]
                        text = []
                    out += [".TP", ".B %s" % esc(term.group(1)), line_safe(inline(term.group(2)))]
                elif line.startswith("  ") and out and out[-1] != ".PP" and not text:
                    out.append(line_safe(inline(collapse(line))))
                else:
                    text.append(line)
            if text:
                out += [".PP", line_safe(inline(collapse(" ".join(text))))]
            continue
        items, current = [], None
        if any(l.lstrip().startswith("- ") for l in lines):
            for l in lines:
                s = l.strip()
                if s.startswith("- "):
                    current = [s[2:]]
                    items.append(current)
                elif current is not None:
                    current.append(s)
                else:
                    items.append([None, s])
            for item in items:
                if item[0] is None:
                    out.append(".PP")
                    out.append(line_safe(inline(collapse(" ".join(item[1:])))))
                else:
                    out.append(".IP \\(bu 2")
                    out.append(line_safe(inline(collapse(" ".join(item)))))
        else:
            out.append(".PP")
            out.append(line_safe(inline(collapse(block))))
    return out


def synopsis_block(header, code):
    out = [".nf", ".B #include <%s>" % header, ".PP"]
    for l in code.split("\n"):
        out.append(line_safe(esc(l)))
    out.append(".fi")
    return out


def title(name, version):
    return '.TH %s 3 "" "rinet %s" "%s"' % (name.upper(), version, MANUAL)


def mentions(doc, known, exclude):
    found = []
    for name in re.findall(r"\b(rinet_[a-z0-9_]+|[A-Z][A-Za-z]+)\b", doc):
        if name in known and name != exclude and name not in found:
            found.append(name)
    return found


def see_also(names):
    names = list(dict.fromkeys(names))
    return [".SH SEE ALSO", ",\n".join(".BR %s (3)" % n for n in names)]


def render_page(page, version, known, wininet_for):
    out = [title(page.name, version), ".SH NAME"]
    out.append("%s \\- %s" % (page.name, esc(summary(page.doc) if page.doc else page.name)))
    out.append(".SH SYNOPSIS")
    out += synopsis_block(page.header, page.synopsis)
    if page.kind != "struct":
        out.append(".PP")
        out.append("Link with \\fI\\-lrinet\\fR (\\fBpkg\\-config \\-\\-libs rinet\\fR).")
    out.append(".SH DESCRIPTION")
    if page.kind == "wininet":
        target = page.calls
        if target:
            out.append(".PP")
            out.append(
                "The WinInet name, declared in \\fB<wininet.h>\\fR, for rinet's native "
                "\\fB%s\\fR(3), whose page has the details." % target
            )
            ret = page.synopsis.split("(")[0].split()[0]
            if ret == "BOOL":
                out.append(
                    "It returns TRUE on success; on failure FALSE, with the result code in "
                    "\\fBGetLastError\\fR()."
                )
            elif ret == "HINTERNET":
                out.append(
                    "It returns the new handle on success; on failure NULL, with the result "
                    "code in \\fBGetLastError\\fR()."
                )
    out += paragraphs(page.doc)
    if page.kind == "struct" and page.fields:
        out.append(".SS Members")
        for decl, doc in page.fields:
            out.append(".TP")
            out.append(".B %s" % esc(decl.rstrip(";")))
            out.append(line_safe(inline(collapse(doc))) if doc else "(undocumented)")
    if page.kind == "function" and page.synopsis.startswith("uint32_t "):
        out.append(".SH RETURN VALUE")
        out.append(
            "A WinInet result code: 0 on success, 997 (\\fBRINET_ERROR_IO_PENDING\\fR) when "
            "the operation continues and \\fBINTERNET_STATUS_REQUEST_COMPLETE\\fR follows, or "
            "an error code (see \\fBrinet_strerror\\fR(3)). The same code is stored as the "
            "calling thread's last error (\\fBrinet_get_last_error\\fR(3))."
        )
    if page.kind == "function" and page.name in wininet_for:
        out.append(".SH WININET")
        out.append(
            "Code written for WinInet calls it as %s (declared in \\fB<wininet.h>\\fR)."
            % ", ".join("\\fB%s\\fR(3)" % w for w in wininet_for[page.name])
        )
    refs = []
    if page.calls:
        refs.append(page.calls)
    refs += mentions(page.doc + " ".join(d for _, d in page.fields), known, page.name)
    refs += wininet_for.get(page.name, [])
    refs.append("rinet")
    out += see_also(refs)
    return "\n".join(out) + "\n"


def render_overview(intro, pages, constants, version):
    out = [title("rinet", version), ".SH NAME", "rinet \\- WinInet's asynchronous HTTP client model, with a C ABI"]
    out.append(".SH SYNOPSIS")
    out += [".nf", ".B #include <rinet.h>", ".B #include <wininet.h>", ".PP",
            "cc app.c $(pkg\\-config \\-\\-cflags \\-\\-libs rinet)", ".fi"]
    out.append(".SH DESCRIPTION")
    kept = [p for p in intro.split("\n\n") if "Generated by cbindgen" not in p and not p.startswith("rinet.h:")]
    out.append(".PP")
    out.append(
        "rinet brings WinInet's asynchronous HTTP client model to Linux: a tree of handles "
        "(session, connect, request), one status callback, and calls that either finish at once "
        "or return \\fBERROR_IO_PENDING\\fR (997) and later deliver "
        "\\fBINTERNET_STATUS_REQUEST_COMPLETE\\fR."
    )
    out += paragraphs("\n\n".join(kept))
    out.append(".SH FUNCTIONS")
    for p in sorted((p for p in pages if p.kind == "function"), key=lambda p: p.name):
        out.append(".TP")
        out.append(".BR %s (3)" % p.name)
        out.append(line_safe(inline(summary(p.doc))) + "." if p.doc else "")
    out.append(".SH TYPES")
    for p in sorted((p for p in pages if p.kind in ("struct", "callback")), key=lambda p: p.name):
        out.append(".TP")
        out.append(".BR %s (3)" % p.name)
        out.append(line_safe(inline(summary(p.doc))) + "." if p.doc else "")
    out.append(".SH CONSTANTS")
    out.append(".PP")
    out.append("The macros of \\fB<rinet.h>\\fR and their values.")
    for name, value, doc in constants:
        out.append(".TP")
        out.append(".B %s %s" % (name, esc(value)))
        out.append(line_safe(inline(collapse(doc))) if doc else "")
    out.append(".SH SEE ALSO")
    out.append(
        "The guides installed with the source: docs/getting-started.md, docs/async-model.md, "
        "docs/threading.md, docs/porting.md, docs/tracing.md, docs/troubleshooting.md."
    )
    return "\n".join(out) + "\n"


def build(root):
    """Every page as {file name: text}."""
    rinet_h = os.path.join(root, "include", "rinet.h")
    wininet_h = os.path.join(root, "include", "wininet.h")
    intro, pages, constants = read_rinet_h(rinet_h)
    version = next((v.strip('"') for n, v, _ in constants if n == "RINET_VERSION"), "")
    known = {p.name for p in pages}
    win_pages, links = read_wininet_h(wininet_h, known)
    wininet_for = {}
    for w in win_pages:
        if w.calls:
            wininet_for.setdefault(w.calls, []).append(w.name)
    files = {"rinet.3": render_overview(intro, pages, constants, version)}
    for p in pages:
        files[p.name + ".3"] = render_page(p, version, known, wininet_for)
    with_wininet = known | {w.name for w in win_pages}
    for w in win_pages:
        if w.name + ".3" not in files:
            files[w.name + ".3"] = render_page(w, version, with_wininet, {})
    for alias, target in links.items():
        if alias + ".3" not in files:
            files[alias + ".3"] = ".so man3/%s.3\n" % target
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="directory to write the pages into")
    ap.add_argument("--list", action="store_true", help="print the pages' file names")
    ap.add_argument("--root", default=ROOT, help="the source tree (default: this script's)")
    args = ap.parse_args()
    files = build(args.root)
    if args.list:
        print("\n".join(sorted(files)))
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.write(text)
    if not args.list and not args.out:
        ap.error("give --out DIR or --list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
