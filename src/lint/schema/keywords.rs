//! Keywords that look at one value and nothing below it: `type`, `const`,
//! `enum`, the number bounds and the string checks.

use serde_json::Value as J;

use super::evaluate::{Evaluator, Failure, JsonType, Kind, json_type};
use super::format;
use crate::values::Value;
use crate::values::yaml::PathSeg;

fn type_matches(want: &str, have: JsonType) -> bool {
    match want {
        "null" => have == JsonType::Null,
        "boolean" => have == JsonType::Boolean,
        "integer" => have == JsonType::Integer,
        "number" => matches!(have, JsonType::Integer | JsonType::Number),
        "string" => have == JsonType::String,
        "array" => have == JsonType::Array,
        "object" => have == JsonType::Object,
        _ => true,
    }
}

pub fn type_check(schema: &J, v: &Value, path: &[PathSeg]) -> Vec<Failure> {
    let want: Vec<String> = match schema.get("type") {
        Some(J::String(t)) => vec![t.clone()],
        Some(J::Array(ts)) => ts.iter().filter_map(J::as_str).map(String::from).collect(),
        _ => return Vec::new(),
    };
    let got = json_type(v);
    if want.is_empty() || want.iter().any(|w| type_matches(w, got)) {
        return Vec::new();
    }
    vec![Evaluator::fail(path, Kind::Type { want, got })]
}

/// The value as JSON, to compare with `const` and `enum` entries.
pub fn to_json(v: &Value) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::String(s) => J::String(s.clone()),
        Value::List(l) => J::Array(l.iter().map(to_json).collect()),
        Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// JSON equality with numbers compared by value (`2` equals `2.0`).
pub fn json_eq(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

pub fn const_enum(schema: &J, v: &Value, path: &[PathSeg]) -> Vec<Failure> {
    let value = to_json(v);
    let mut out = Vec::new();
    if let Some(c) = schema.get("const").filter(|c| !json_eq(c, &value)) {
        out.push(Evaluator::fail(path, Kind::Const(c.clone())));
    }
    if let Some(J::Array(options)) = schema.get("enum")
        && !options.iter().any(|o| json_eq(o, &value))
    {
        out.push(Evaluator::fail(path, Kind::Enum(options.clone())));
    }
    out
}

/// Number bounds, in the order Helm 3 (gojsonschema) checks them; Helm 4
/// checks minimum before maximum and multipleOf last, so its order is
/// rebuilt from the same list.
pub fn numbers(schema: &J, v: &Value, path: &[PathSeg], helm3: bool) -> Vec<Failure> {
    let n = match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => return Vec::new(),
    };
    let bound = |k: &str| schema.get(k).and_then(J::as_f64);
    // draft-04 writes exclusive bounds as booleans beside minimum/maximum.
    let draft4 = |flag: &str, limit: &str| {
        (schema.get(flag) == Some(&J::Bool(true)))
            .then(|| bound(limit))
            .flatten()
    };
    let min_exclusive = draft4("exclusiveMinimum", "minimum");
    let max_exclusive = draft4("exclusiveMaximum", "maximum");
    let mut found: Vec<(&'static str, f64, bool)> = Vec::new();
    let mut check = |keyword, limit: Option<f64>, broken: fn(f64, f64) -> bool| {
        if let Some(limit) = limit {
            found.push((keyword, limit, broken(n, limit)));
        }
    };
    check(
        "multipleOf",
        bound("multipleOf").filter(|m| *m > 0.0),
        |n, m| (n / m).fract() != 0.0,
    );
    check(
        "maximum",
        bound("maximum").filter(|_| max_exclusive.is_none()),
        |n, m| n > m,
    );
    check(
        "exclusiveMaximum",
        max_exclusive.or(bound("exclusiveMaximum")),
        |n, m| n >= m,
    );
    check(
        "minimum",
        bound("minimum").filter(|_| min_exclusive.is_none()),
        |n, m| n < m,
    );
    check(
        "exclusiveMinimum",
        min_exclusive.or(bound("exclusiveMinimum")),
        |n, m| n <= m,
    );
    if !helm3 {
        let rank = |k: &str| {
            [
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ]
            .iter()
            .position(|x| *x == k)
        };
        found.sort_by_key(|(k, _, _)| rank(k));
    }
    found
        .into_iter()
        .filter(|(_, _, broken)| *broken)
        .map(|(keyword, limit, _)| {
            Evaluator::fail(
                path,
                Kind::Number {
                    keyword,
                    got: n,
                    limit,
                },
            )
        })
        .collect()
}

/// Length, pattern and (for Helm 3, which asserts formats) format.
pub fn strings(schema: &J, v: &Value, path: &[PathSeg], helm3: bool) -> Vec<Failure> {
    let Value::String(text) = v else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let len = text.chars().count();
    let count = |k| schema.get(k).and_then(J::as_u64);
    if let Some(limit) = count("minLength").filter(|m| (len as u64) < *m) {
        out.push(Evaluator::fail(
            path,
            Kind::Count {
                keyword: "minLength",
                got: len,
                limit,
            },
        ));
    }
    if let Some(limit) = count("maxLength").filter(|m| len as u64 > *m) {
        out.push(Evaluator::fail(
            path,
            Kind::Count {
                keyword: "maxLength",
                got: len,
                limit,
            },
        ));
    }
    if let Some(p) = schema.get("pattern").and_then(J::as_str) {
        let matched = regex::Regex::new(p).map(|re| re.is_match(text));
        if !matches!(matched, Ok(true)) {
            out.push(Evaluator::fail(
                path,
                Kind::Pattern {
                    pattern: p.into(),
                    text: text.clone(),
                },
            ));
        }
    }
    if helm3
        && let Some(f) = schema.get("format").and_then(J::as_str)
        && !format::holds(f, text)
    {
        out.push(Evaluator::fail(path, Kind::Format(f.into())));
    }
    out
}
