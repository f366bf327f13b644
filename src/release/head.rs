//! Helm's `SimpleHead`: the few fields of a document that release assembly
//! reads, decoded with the exact rules and error texts of
//! `sigs.k8s.io/yaml.Unmarshal` into a Go struct.
//!
//! That decode is YAML -> JSON -> `encoding/json`, and each step leaks into
//! Helm's behaviour: scalars headed for a Go `string` are stringified
//! (`kind: 5` is kind "5", `helm.sh/hook: 1e3` is hook "1000"), JSON object
//! keys are sorted and matched to fields case-insensitively (`KIND:` works),
//! and a type mismatch does not stop decoding: the *first* mismatch in
//! sorted-key order becomes the error, worded as Go's `UnmarshalTypeError`.

use std::collections::BTreeMap;

use crate::values::Value;

/// The decoded head of one document.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SimpleHead {
    pub kind: String,
    pub metadata: Option<Metadata>,
}

/// `SimpleHead.Metadata`; `None` when absent or `null`, as Go's pointer.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Metadata {
    pub name: String,
    /// `None` for a missing or `null` map, as Go's nil map.
    pub annotations: Option<BTreeMap<String, String>>,
}

impl SimpleHead {
    /// Helm's `hasAnyAnnotation`: only then is the hook annotation looked up.
    pub fn annotations(&self) -> Option<&BTreeMap<String, String>> {
        self.metadata
            .as_ref()
            .and_then(|m| m.annotations.as_ref())
            .filter(|a| !a.is_empty())
    }
}

const METADATA_TYPE: &str = r#"struct { Name string "json:\"name\""; Annotations map[string]string "json:\"annotations\"" }"#;

/// The JSON kind of a value as `UnmarshalTypeError` names it.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Float(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Collects the first type error, as `encoding/json`'s `savedError` does.
struct Decoder {
    first_error: Option<String>,
}

impl Decoder {
    fn mismatch(&mut self, v: &Value, structure: &str, field: &str, go_type: &str) {
        self.first_error.get_or_insert_with(|| {
            format!(
                "json: cannot unmarshal {} into Go struct field {structure}.{field} of type {go_type}",
                json_kind(v)
            )
        });
    }

    /// A Go `string` target: scalars are stringified by sigs.k8s.io/yaml
    /// before JSON sees them; `null` leaves the target untouched.
    fn string(&mut self, v: &Value, target: &mut String, structure: &str, field: &str) {
        match scalar_string(v) {
            Some(s) => *target = s,
            None if matches!(v, Value::Null) => {}
            None => self.mismatch(v, structure, field, "string"),
        }
    }

    fn metadata(&mut self, v: &Value, target: &mut Option<Metadata>) {
        let map = match v {
            Value::Null => return *target = None,
            Value::Map(map) => map,
            _ => return self.mismatch(v, "SimpleHead", "metadata", METADATA_TYPE),
        };
        let meta = target.get_or_insert_with(Metadata::default);
        for (key, value) in map {
            match field_for(key, &["name", "annotations"]) {
                Some("name") => self.string(value, &mut meta.name, "", "metadata.name"),
                Some(_) => self.annotations(value, &mut meta.annotations),
                None => {}
            }
        }
    }

    fn annotations(&mut self, v: &Value, target: &mut Option<BTreeMap<String, String>>) {
        const FIELD: &str = "metadata.annotations";
        let map = match v {
            Value::Null => return *target = None,
            Value::Map(map) => map,
            _ => return self.mismatch(v, "", FIELD, "map[string]string"),
        };
        let out = target.get_or_insert_with(BTreeMap::new);
        for (key, value) in map {
            // A null element stores the zero value; a container is an error
            // and leaves the key out.
            match (scalar_string(value), value) {
                (Some(s), _) => _ = out.insert(key.clone(), s),
                (None, Value::Null) => _ = out.insert(key.clone(), String::new()),
                (None, _) => self.mismatch(value, "", FIELD, "string"),
            }
        }
    }
}

/// `encoding/json`'s field lookup: an exact name wins, otherwise a
/// case-insensitive match (Go folds the Kelvin sign and long s too).
fn field_for(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '\u{212A}' => 'k',
                '\u{17F}' => 's',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    fields
        .iter()
        .find(|f| **f == key)
        .or_else(|| fields.iter().find(|f| fold(f) == fold(key)))
        .copied()
}

/// Stringifies a scalar as sigs.k8s.io/yaml does for a Go `string` target.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(format_float(*f)),
        Value::Null | Value::List(_) | Value::Map(_) => None,
    }
}

/// A YAML number headed for a string: go-yaml ints print as Go's
/// `FormatInt`, floats as `FormatFloat(f, 'g', -1, 32)`.
///
/// `Value` keeps every file number as `float64` (Helm's JSON trip), so an
/// integral value is taken to have been written as an integer; only
/// integral floats of a million or more (`1e10`, `100000000.0`) print
/// differently in Helm, where they keep the `1e+10` form.
fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return format!("{}", f as i64);
    }
    go_format_g32(f)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`: shortest float32 digits,
/// `%e` form when the exponent is below -4 or at least 6.
fn go_format_g32(f: f64) -> String {
    let f = f as f32;
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` yields the shortest round-trip digits, like Go's.
    let sci = format!("{:e}", f);
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::from(if neg { "-" } else { "" });
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
    } else if exp < 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-exp - 1) as usize));
        out.push_str(&digits);
    } else {
        let point = exp as usize + 1;
        if digits.len() <= point {
            out.push_str(&digits);
            out.push_str(&"0".repeat(point - digits.len()));
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
    out
}

/// Decodes a parsed document into its head, or returns Go's error text
/// (without sigs.k8s.io/yaml's `error unmarshaling JSON: while decoding
/// JSON: ` prefix). `type_name` is the Go type as the Helm version names it
/// in top-level mismatches (`releaseutil.SimpleHead` / `util.SimpleHead`).
pub fn decode(doc: &Value, type_name: &str) -> Result<SimpleHead, String> {
    let mut head = SimpleHead::default();
    let map = match doc {
        Value::Null => return Ok(head),
        Value::Map(map) => map,
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type {type_name}",
                json_kind(other)
            ));
        }
    };
    let mut dec = Decoder { first_error: None };
    let mut api_version = String::new();
    for (key, value) in map {
        match field_for(key, &["apiVersion", "kind", "metadata"]) {
            Some("apiVersion") => dec.string(value, &mut api_version, "SimpleHead", "apiVersion"),
            Some("kind") => dec.string(value, &mut head.kind, "SimpleHead", "kind"),
            Some(_) => dec.metadata(value, &mut head.metadata),
            None => {}
        }
    }
    match dec.first_error {
        Some(e) => Err(e),
        None => Ok(head),
    }
}

/// Reads one document's head as Helm's `yaml.Unmarshal(doc, &SimpleHead{})`,
/// returning the sigs.k8s.io/yaml error text on failure.
pub fn parse(path: &str, doc: &str, helm3: bool) -> Result<SimpleHead, String> {
    // The block reader answers for the plain block style templates print,
    // with the full reader's value; anything else goes to the full reader.
    let value = match crate::values::yaml::block::read(doc) {
        Some((value, _)) => value,
        None => crate::values::yaml::parse_document(path, doc).map_err(|e| e.go_error)?,
    };
    // Helm 4 moved SimpleHead from pkg/releaseutil to pkg/release/v1/util.
    let type_name = if helm3 {
        "releaseutil.SimpleHead"
    } else {
        "util.SimpleHead"
    };
    decode(&value, type_name)
        .map_err(|e| format!("error unmarshaling JSON: while decoding JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::go_format_g32;

    #[test]
    fn float32_g_format_matches_go() {
        assert_eq!(go_format_g32(0.1234567891), "0.12345679");
        assert_eq!(go_format_g32(1e10), "1e+10");
        assert_eq!(go_format_g32(1e8), "1e+08");
        assert_eq!(go_format_g32(1.5), "1.5");
        assert_eq!(go_format_g32(123456.0), "123456");
        assert_eq!(go_format_g32(0.0001), "0.0001");
        assert_eq!(go_format_g32(0.00001), "1e-05");
        assert_eq!(go_format_g32(f64::INFINITY), "+Inf");
    }
}
