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
    // Values read from YAML or flags never hold NaN or infinities (the
    // reader refuses them), so encoding cannot fail here.
    super::emit::to_json(v).unwrap_or_default()
}
