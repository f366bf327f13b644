//! The typed form of computed values (`deltallm-render values --typed`):
//! one line per leaf, `path: json # gotype`, e.g. `replicaCount: 1 # float64`.
//!
//! The value is printed as Go's `encoding/json` (sprig's `toJson`) prints
//! it, so the same lines can be produced by a Helm template and compared
//! byte for byte; the Go type is what `typeOf` reports.

use super::value::{Map, Value};

/// Every leaf of `values`, sorted as Go sorts map keys. Empty maps and lists
/// are leaves too, so the lines describe the values completely.
pub fn typed_lines(values: &Map) -> String {
    let mut out = String::new();
    for (k, v) in values {
        leaf_lines(k, v, &mut out);
    }
    out
}

fn leaf_lines(path: &str, v: &Value, out: &mut String) {
    match v {
        Value::Map(m) if !m.is_empty() => {
            for (k, item) in m {
                leaf_lines(&format!("{path}.{k}"), item, out);
            }
        }
        Value::List(l) if !l.is_empty() => {
            for (i, item) in l.iter().enumerate() {
                leaf_lines(&format!("{path}[{i}]"), item, out);
            }
        }
        _ => {
            out.push_str(&format!("{path}: {} # {}\n", go_json(v), v.go_type()));
        }
    }
}

/// Go's `json.Marshal`: sorted keys, HTML-safe string escapes, and floats
/// in `%f` form except for very small or large magnitudes.
pub fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)),
        Value::String(s) => json_string(s, out),
        Value::List(l) => {
            out.push('[');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

/// `encoding/json`'s float64 encoding: shortest digits, exponent form
/// below 1e-6 and from 1e21 on, with a signed, at least one-digit exponent.
fn json_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        }
    } else {
        format!("{f}")
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
