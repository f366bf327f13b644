//! Differential test of the function map: every snippet in
//! tests/func-cases/<family>.txt is rendered by our engine and compared
//! byte for byte with what Helm 3 and Helm 4 rendered for it
//! (tests/goldens/funcs/<family>.helm{3,4}.out, recorded by
//! scripts/record-func-goldens.sh).
//!
//! The recorded template is the snippet followed by MARK (\x01), which
//! made Helm show the raw rendered text; we render the same source, so
//! output and error positions line up. Cases listed in
//! tests/func-cases/known-divergences.txt are reported but not failed.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use deltallm_render::engine::{HelmCompat, render_snippet_compat};
use deltallm_render::values::{Map, Value};
use serde_json::Value as Json;

const MARK: char = '\x01';

/// Reverses the recorder's escaping (`\\`, `\n`, `\t`, `\r`, `\xNN`).
fn unescape(s: &str) -> String {
    let mut bytes = Vec::new();
    let mut it = s.bytes();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'x') => {
                let hex: Vec<u8> = it.by_ref().take(2).collect();
                let text = std::str::from_utf8(&hex).expect("hex digits");
                bytes.push(u8::from_str_radix(text, 16).expect("hex byte"));
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Rebuilds `.Values` from the recorder's typed dump.
fn from_dump(j: &Json) -> Value {
    if let Some(m) = j.get("m").and_then(Json::as_object) {
        return Value::Map(
            m.iter()
                .map(|(k, v)| (k.clone(), from_dump(v)))
                .collect::<Map>(),
        );
    }
    if let Some(l) = j.get("l").and_then(Json::as_array) {
        return Value::List(l.iter().map(from_dump).collect());
    }
    let text = j["v"].as_str().expect("leaf value");
    match j["t"].as_str().expect("leaf type") {
        "string" => Value::String(text.into()),
        "float64" => Value::Float(text.parse().expect("float")),
        "int64" => Value::Int(text.parse().expect("int")),
        "bool" => Value::Bool(text == "true"),
        "<nil>" => Value::Null,
        other => panic!("unexpected type {other} in values dump"),
    }
}

struct Case {
    snippet: String,
    ok: bool,
    text: String,
}

fn read_golden(path: &Path) -> Vec<Case> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|line| {
            let mut f = line.splitn(3, '\t');
            let (snippet, status, text) =
                (f.next().unwrap(), f.next().unwrap(), f.next().unwrap_or(""));
            Case {
                snippet: unescape(snippet),
                ok: status == "OK",
                text: unescape(text),
            }
        })
        .collect()
}

/// What our engine gives for a snippet, in the golden's terms.
fn ours(snippet: &str, values: &Value, style: HelmCompat) -> (bool, String) {
    match render_snippet_compat(&format!("{snippet}{MARK}"), values, style) {
        Ok(out) => match out.strip_suffix(MARK) {
            Some(text) => (true, text.to_owned()),
            None => (true, format!("{out} (no end mark)")),
        },
        Err(e) => (false, e.strip_prefix("Error: ").unwrap_or(&e).to_owned()),
    }
}

#[test]
fn functions_match_helm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let goldens = root.join("tests/goldens/funcs");
    let dump: Json =
        serde_json::from_str(&fs::read_to_string(goldens.join("values.json")).unwrap()).unwrap();
    let values = from_dump(&dump);
    let known: BTreeSet<String> =
        fs::read_to_string(root.join("tests/func-cases/known-divergences.txt"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').next().unwrap_or(l).to_owned())
            .collect();
    let mut families: Vec<_> = fs::read_dir(&goldens)
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".helm3.out")
                .map(str::to_owned)
        })
        .collect();
    families.sort();
    let (mut total, mut passed, mut unexpected) = (0, 0, Vec::new());
    for family in &families {
        for (version, style) in [("helm3", HelmCompat::Helm3), ("helm4", HelmCompat::Helm4)] {
            let cases = read_golden(&goldens.join(format!("{family}.{version}.out")));
            let mut fam_pass = 0;
            for case in &cases {
                let got = ours(&case.snippet, &values, style);
                total += 1;
                if got == (case.ok, case.text.clone()) {
                    passed += 1;
                    fam_pass += 1;
                } else if !known.contains(&format!("{family}.{version}: {}", case.snippet)) {
                    unexpected.push(format!(
                        "{family}.{version}: {}\n    helm: {} {:?}\n    ours: {} {:?}",
                        case.snippet,
                        if case.ok { "OK" } else { "ERR" },
                        case.text,
                        if got.0 { "OK" } else { "ERR" },
                        got.1
                    ));
                }
            }
            eprintln!("{family}.{version}: {fam_pass}/{} match", cases.len());
        }
    }
    eprintln!("total: {passed}/{total} match Helm");
    assert!(
        unexpected.is_empty(),
        "{} unexpected divergences:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

/// Byte-indexed string functions over multi-byte text and every nearby
/// index: Helm may fail, but our engine must answer (never panic).
#[test]
fn index_arithmetic_never_panics() {
    let values = Value::Map(Map::new());
    let texts = ["", "a", "héllo wörld", "ab cd ef"];
    for text in texts {
        for a in -3..9 {
            for b in -3..9 {
                for snippet in [
                    format!("{{{{ substr {a} {b} {text:?} }}}}"),
                    format!("{{{{ abbrevboth {a} {b} {text:?} }}}}"),
                    format!("{{{{ slice (splitList \"\" {text:?}) {a} {b} }}}}"),
                    format!("{{{{ untilStep {a} {b} {a} }}}}"),
                    format!("{{{{ seq {a} {b} {a} }}}}"),
                ] {
                    let _ = render_snippet_compat(&snippet, &values, HelmCompat::Helm3);
                }
            }
            for snippet in [
                format!("{{{{ trunc {a} {text:?} }}}}"),
                format!("{{{{ abbrev {a} {text:?} }}}}"),
                format!("{{{{ wrap {a} {text:?} }}}}"),
                format!("{{{{ wrapWith {a} \"|\" {text:?} }}}}"),
                format!("{{{{ chunk {a} (splitList \"\" {text:?}) }}}}"),
                format!("{{{{ indent {a} {text:?} }}}}"),
                format!(
                    "{{{{ printf \"%{a}.{b}q|%-{a}x\" {text:?} {text:?} }}}}",
                    b = a + 2
                ),
            ] {
                let _ = render_snippet_compat(&snippet, &values, HelmCompat::Helm3);
            }
        }
    }
}
