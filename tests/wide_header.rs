// SPDX-License-Identifier: MIT OR Apache-2.0
//! include/wininet.h compiles clean under `-Wall -Wextra -pedantic -Werror` as C (C99, C11,
//! C17) and C++ (C++11, C++17, C++20), with UNICODE undefined, with UNICODE, and with UNICODE
//! and _UNICODE, each with a 4-byte `wchar_t` and with `-fshort-wchar`; and in each the
//! unsuffixed names, TCHAR, LPTSTR, LPCTSTR, TEXT(), URL_COMPONENTS and INTERNET_BUFFERS are the
//! ones the Windows SDK gives (checked at compile time by the probe below). Every compiler found
//! among gcc/g++ and clang/clang++ is used; gcc and g++ must be there.

mod support;

use std::path::Path;
use std::process::Command;

use support::cprog::repo_root;

/// A program whose compilation fails when the header maps a name to the wrong type.
const PROBE: &str = r#"
#include <wininet.h>

#define RINET_PROBE_ASSERT(name, cond) typedef char name[(cond) ? 1 : -1]

#ifdef UNICODE
typedef WCHAR probe_tchar;
typedef URL_COMPONENTSW probe_url_components;
typedef INTERNET_BUFFERSW probe_buffers;
#define PROBE_T(x) L##x
#define PROBE_SFX(name) name##W
#else
typedef char probe_tchar;
typedef URL_COMPONENTSA probe_url_components;
typedef INTERNET_BUFFERSA probe_buffers;
#define PROBE_T(x) x
#define PROBE_SFX(name) name##A
#endif

RINET_PROBE_ASSERT(probe_tchar_size, sizeof(TCHAR) == sizeof(probe_tchar));
RINET_PROBE_ASSERT(probe_text_size, sizeof(TEXT("abc")) == sizeof(PROBE_T("abc")));
RINET_PROBE_ASSERT(probe_wchar_size, sizeof(WCHAR) == sizeof(wchar_t) && sizeof(WCHAR) == RINET_WCHAR_SIZE);
RINET_PROBE_ASSERT(probe_components_size, sizeof(URL_COMPONENTS) == sizeof(probe_url_components));
RINET_PROBE_ASSERT(probe_buffers_size, sizeof(INTERNET_BUFFERS) == sizeof(probe_buffers));

/* Each unsuffixed name must be the suffixed function of this build: the assignments fail to
 * compile (C with -Werror, C++ always) when the types differ. */
static void probe_names(void)
{
    HINTERNET (*open_fn)(LPCTSTR, DWORD, LPCTSTR, LPCTSTR, DWORD) = InternetOpen;
    HINTERNET (*open_sfx)(LPCTSTR, DWORD, LPCTSTR, LPCTSTR, DWORD) = PROBE_SFX(InternetOpen);
    HINTERNET (*connect_fn)(HINTERNET, LPCTSTR, INTERNET_PORT, LPCTSTR, LPCTSTR, DWORD, DWORD, DWORD_PTR) =
        InternetConnect;
    HINTERNET (*request_fn)(HINTERNET, LPCTSTR, LPCTSTR, LPCTSTR, LPCTSTR, LPCTSTR *, DWORD, DWORD_PTR) =
        HttpOpenRequest;
    BOOL (*add_fn)(HINTERNET, LPCTSTR, DWORD, DWORD) = HttpAddRequestHeaders;
    BOOL (*send_fn)(HINTERNET, LPCTSTR, DWORD, LPVOID, DWORD) = HttpSendRequest;
    BOOL (*send_ex_fn)(HINTERNET, LPINTERNET_BUFFERS, LPINTERNET_BUFFERS, DWORD, DWORD_PTR) = HttpSendRequestEx;
    BOOL (*end_fn)(HINTERNET, LPINTERNET_BUFFERS, DWORD, DWORD_PTR) = HttpEndRequest;
    BOOL (*read_ex_fn)(HINTERNET, LPINTERNET_BUFFERS, DWORD, DWORD_PTR) = InternetReadFileEx;
    BOOL (*query_fn)(HINTERNET, DWORD, LPVOID, LPDWORD, LPDWORD) = HttpQueryInfo;
    BOOL (*set_fn)(HINTERNET, DWORD, LPVOID, DWORD) = InternetSetOption;
    BOOL (*qopt_fn)(HINTERNET, DWORD, LPVOID, LPDWORD) = InternetQueryOption;
    HINTERNET (*url_fn)(HINTERNET, LPCTSTR, LPCTSTR, DWORD, DWORD, DWORD_PTR) = InternetOpenUrl;
    BOOL (*crack_fn)(LPCTSTR, DWORD, DWORD, LPURL_COMPONENTS) = InternetCrackUrl;
    BOOL (*create_fn)(LPURL_COMPONENTS, DWORD, LPTSTR, LPDWORD) = InternetCreateUrl;
    BOOL (*canon_fn)(LPCTSTR, LPTSTR, LPDWORD, DWORD) = InternetCanonicalizeUrl;
    BOOL (*from_fn)(const SYSTEMTIME *, DWORD, LPTSTR, DWORD) = InternetTimeFromSystemTime;
    BOOL (*to_fn)(LPCTSTR, SYSTEMTIME *, DWORD) = InternetTimeToSystemTime;
    BOOL (*setc_fn)(LPCTSTR, LPCTSTR, LPCTSTR) = InternetSetCookie;
    BOOL (*getc_fn)(LPCTSTR, LPCTSTR, LPTSTR, LPDWORD) = InternetGetCookie;
    BOOL (*info_fn)(LPDWORD, LPTSTR, LPDWORD) = InternetGetLastResponseInfo;
    INTERNET_STATUS_CALLBACK (*cb_fn)(HINTERNET, INTERNET_STATUS_CALLBACK) = InternetSetStatusCallback;
    void *all[] = {(void *)&open_fn, (void *)&open_sfx, (void *)&connect_fn, (void *)&request_fn,
                   (void *)&add_fn, (void *)&send_fn, (void *)&send_ex_fn, (void *)&end_fn,
                   (void *)&read_ex_fn, (void *)&query_fn, (void *)&set_fn, (void *)&qopt_fn,
                   (void *)&url_fn, (void *)&crack_fn, (void *)&create_fn, (void *)&canon_fn,
                   (void *)&from_fn, (void *)&to_fn, (void *)&setc_fn, (void *)&getc_fn,
                   (void *)&info_fn, (void *)&cb_fn};
    (void)all;
}

int main(void)
{
    TCHAR agent[] = TEXT("probe");
    LPCTSTR p = agent;
    LPTSTR q = agent;
    (void)p;
    (void)q;
    probe_names();
    return 0;
}
"#;

/// A tchar.h-style header that defined TCHAR first: wininet.h keeps it.
const TCHAR_FIRST: &str = r#"
#include <stddef.h>
#define _TCHAR_DEFINED
typedef wchar_t TCHAR;
#include <wininet.h>
typedef char rinet_probe_tchar_kept[sizeof(TCHAR) == sizeof(wchar_t) ? 1 : -1];
int main(void) { return 0; }
"#;

fn available(compiler: &str) -> bool {
    Command::new(compiler)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Compiles `source` (written to `dir/name`) with `compiler` and `flags`; the failures.
fn compile(
    compiler: &str,
    lang: &[&str],
    dir: &Path,
    name: &str,
    source: &str,
    flags: &[&str],
) -> Option<String> {
    let file = dir.join(name);
    std::fs::write(&file, source).expect("write the probe");
    let out = Command::new(compiler)
        .args(lang)
        .args([
            "-Wall",
            "-Wextra",
            "-pedantic",
            "-Werror",
            "-fsyntax-only",
            "-I",
        ])
        .arg(repo_root().join("include"))
        .args(flags)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("run {compiler}: {e}"));
    (!out.status.success()).then(|| {
        format!(
            "{compiler} {} {}:\n{}",
            lang.join(" "),
            flags.join(" "),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn wininet_h_compiles_clean_in_every_mode() {
    assert!(
        available("gcc") && available("g++"),
        "gcc and g++ are needed"
    );
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("wide-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make the probe directory");
    let mut compilers: Vec<(&str, Vec<&str>)> = Vec::new();
    for c in ["gcc", "clang"] {
        if available(c) {
            for std in ["-std=c99", "-std=c11", "-std=c17"] {
                compilers.push((c, vec!["-x", "c", std]));
            }
        }
    }
    for c in ["g++", "clang++"] {
        if available(c) {
            for std in ["-std=c++11", "-std=c++17", "-std=c++20"] {
                compilers.push((c, vec!["-x", "c++", std]));
            }
        }
    }
    let modes: [&[&str]; 3] = [&[], &["-DUNICODE"], &["-DUNICODE", "-D_UNICODE"]];
    let mut failures = Vec::new();
    let mut runs = 0;
    for (compiler, lang) in &compilers {
        for mode in modes {
            for width in [&[][..], &["-fshort-wchar"][..]] {
                let flags: Vec<&str> = mode.iter().chain(width).copied().collect();
                runs += 1;
                failures.extend(compile(compiler, lang, &dir, "probe.c", PROBE, &flags));
            }
        }
        runs += 1;
        failures.extend(compile(
            compiler,
            lang,
            &dir,
            "tchar_first.c",
            TCHAR_FIRST,
            &[],
        ));
    }
    assert!(runs >= 2 * 3 * 3 * 2, "only {runs} compilations ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_probe_catches_a_wrong_mapping() {
    // The probe is only worth something if a name mapped to the other width fails it.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("wide-header-neg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make the probe directory");
    let wrong = PROBE.replace(
        "#include <wininet.h>",
        "#include <wininet.h>\n#undef InternetOpen\n#ifdef UNICODE\n#define InternetOpen InternetOpenA\n#else\n#define InternetOpen InternetOpenW\n#endif",
    );
    for flags in [&[][..], &["-DUNICODE"][..]] {
        assert!(
            compile(
                "gcc",
                &["-x", "c", "-std=c11"],
                &dir,
                "wrong.c",
                &wrong,
                flags
            )
            .is_some(),
            "a wrong mapping compiled ({flags:?})"
        );
    }
}
