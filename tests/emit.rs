//! Compares `values::emit` with real Helm output recorded by
//! `scripts/record-emit-goldens.sh` into `tests/goldens/emit/`.
//!
//! Each case's value is rebuilt from Helm's own typed dump of it (so no YAML
//! reader is involved): `float64` leaves become `Value::Float`, `int64` and
//! `int` (from `--set` or template literals) `Value::Int`.

use deltallm_render::values::emit::{
    HelmMajor, TomlError, go_format_float, to_json, to_pretty_json, to_raw_json, to_toml, to_yaml,
};
use deltallm_render::values::{Map, Value};
use serde_json::Value as Json;
use std::path::Path;

const GOLDENS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/goldens/emit");

/// Rebuilds the value from the probe's typed dump (see the record script).
fn from_dump(d: &Json) -> Value {
    if let Some(entries) = d.get("m") {
        let mut map = Map::new();
        for e in entries.as_array().expect("entries") {
            map.insert(e[0].as_str().expect("key").to_string(), from_dump(&e[1]));
        }
        return Value::Map(map);
    }
    if let Some(items) = d.get("l") {
        return Value::List(
            items
                .as_array()
                .expect("items")
                .iter()
                .map(from_dump)
                .collect(),
        );
    }
    let text = d["v"].as_str().unwrap_or_default();
    match d["t"].as_str().expect("type") {
        "<nil>" => Value::Null,
        "string" => Value::String(text.to_string()),
        "bool" => Value::Bool(text == "true"),
        "int64" | "int" => Value::Int(text.parse().expect("int")),
        "float64" => Value::Float(parse_go_float(text)),
        other => panic!("unexpected type {other}"),
    }
}

/// Parses Go's `%v` of a float64 (shortest round-trip form, or NaN/±Inf).
fn parse_go_float(text: &str) -> f64 {
    match text {
        "NaN" => f64::NAN,
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        t => t.parse().expect("float"),
    }
}

/// What our serializers print where Helm's function `func` printed.
fn render(func: &str, v: &Value, helm: HelmMajor) -> String {
    match func {
        "toYaml" => to_yaml(v).unwrap_or_default(),
        "toJson" => to_json(v).unwrap_or_default(),
        "toPrettyJson" => to_pretty_json(v).unwrap_or_default(),
        "toRawJson" => to_raw_json(v).unwrap_or_else(|e| format!("<error {e}>")),
        "toToml" => match to_toml(v, helm) {
            Ok(s) | Err(TomlError::Encode(s)) => s,
            Err(TomlError::Panic(p)) => format!("<panic {p}>"),
        },
        other => panic!("unknown function {other}"),
    }
}

/// The error text our `must` counterpart gives.
fn render_error(func: &str, v: &Value) -> String {
    let result = match func {
        "mustToYaml" => to_yaml(v),
        "mustToJson" => to_json(v),
        "mustToPrettyJson" => to_pretty_json(v),
        "toRawJson" => to_raw_json(v),
        other => panic!("unknown function {other}"),
    };
    result.err().unwrap_or_else(|| "<no error>".into())
}

struct Tally {
    checks: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, what: String, want: &str, got: &str) {
        self.checks += 1;
        if want != got {
            self.failures
                .push(format!("{what}\n  helm: {want:?}\n  ours: {got:?}"));
        }
    }
}

fn helm_of(name: &str) -> HelmMajor {
    if name.ends_with(".helm3.out") {
        HelmMajor::V3
    } else {
        HelmMajor::V4
    }
}

fn golden_files(filter: impl Fn(&str) -> bool) -> Vec<(String, Json)> {
    let mut files: Vec<_> = std::fs::read_dir(GOLDENS)
        .expect("goldens dir")
        .map(|e| {
            e.expect("entry")
                .file_name()
                .into_string()
                .expect("utf-8 name")
        })
        .filter(|n| n.ends_with(".out") && filter(n))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(Path::new(GOLDENS).join(&n)).expect("read golden");
            let json = serde_json::from_str(&text).expect("golden json");
            (n, json)
        })
        .collect()
}

fn finish(tally: Tally, what: &str) {
    println!(
        "{what}: {} checks, {} failures",
        tally.checks,
        tally.failures.len()
    );
    assert!(
        tally.failures.is_empty(),
        "{} of {} {what} checks differ from Helm:\n{}",
        tally.failures.len(),
        tally.checks,
        tally.failures.join("\n")
    );
}

#[test]
fn serializers_match_helm() {
    let files = golden_files(|n| !n.starts_with('_'));
    assert!(
        files.len() >= 300,
        "expected the recorded goldens, found {}",
        files.len()
    );
    let mut tally = Tally {
        checks: 0,
        failures: Vec::new(),
    };
    for (name, golden) in &files {
        let helm = helm_of(name);
        let whole = from_dump(&golden["dump"]);
        let mut targets = vec![("whole".to_string(), &whole, &golden["whole"])];
        let entries = whole.as_map();
        for e in golden["entries"].as_array().expect("entries") {
            let key = e[0].as_str().expect("key");
            let v = entries.and_then(|m| m.get(key)).expect("entry in dump");
            targets.push((format!("entry {key:?}"), v, &e[1]));
        }
        for (label, v, outputs) in targets {
            for (func, want) in outputs.as_object().expect("outputs") {
                let got = render(func, v, helm);
                tally.check(
                    format!("{name} {label} {func}"),
                    want.as_str().expect("text"),
                    &got,
                );
            }
        }
        for (func, want) in golden["errors"].as_object().expect("errors") {
            // A string is Go's error text, false means it rendered fine,
            // null means that Helm has no such function.
            let want = match want {
                Json::String(text) => text.as_str(),
                Json::Bool(false) => "<no error>",
                _ => continue,
            };
            tally.check(
                format!("{name} error {func}"),
                want,
                &render_error(func, &whole),
            );
        }
    }
    finish(tally, "serializer");
}

#[test]
fn go_format_float_matches_helm_printf() {
    let mut tally = Tally {
        checks: 0,
        failures: Vec::new(),
    };
    for (name, golden) in golden_files(|n| n.starts_with("_floats.")) {
        for row in golden.as_array().expect("rows") {
            let f = parse_go_float(row["%v"].as_str().expect("%v"));
            for (verb, want) in row.as_object().expect("formats") {
                let spec = verb.trim_start_matches('%');
                let fmt = *spec.as_bytes().last().expect("verb");
                let fmt = if fmt == b'v' { b'g' } else { fmt };
                let prec = match spec.split_once('.') {
                    Some((_, p)) => p[..p.len() - 1].parse().expect("precision"),
                    None if matches!(fmt, b'e' | b'f') => 6,
                    None => -1,
                };
                let got = go_format_float(f, fmt, prec);
                tally.check(
                    format!("{name} {verb} of {f:?}"),
                    want.as_str().expect("text"),
                    &got,
                );
            }
        }
    }
    finish(tally, "float");
}

#[test]
fn to_toml_of_nil_is_a_panic_in_helm() {
    // Helm fails the render: "error calling toToml: reflect: call of
    // reflect.Value.Type on zero Value".
    assert_eq!(
        to_toml(&Value::Null, HelmMajor::V3),
        Err(TomlError::Panic(
            "reflect: call of reflect.Value.Type on zero Value".into()
        ))
    );
}
