//! Keywords that look at one value and nothing below it: `type`, `const`,
//! `enum`, the number bounds and the string checks.

use serde_json::Value as J;

use super::evaluate::{Evaluator, Failure, JsonType, Keywords, Kind, Val, json_type};
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

pub fn type_check(schema: &J, v: Val, path: &[PathSeg]) -> Vec<Failure> {
    let got = json_type(v);
    let holds = match schema.keyword("type") {
        Some(J::String(t)) => type_matches(t, got),
        Some(J::Array(ts)) => {
            let mut named = ts.iter().filter_map(J::as_str).peekable();
            named.peek().is_none() || named.any(|t| type_matches(t, got))
        }
        _ => true,
    };
    if holds {
        return Vec::new();
    }
    let want = match schema.keyword("type") {
        Some(J::Array(ts)) => ts.iter().filter_map(J::as_str).map(String::from).collect(),
        t => t
            .and_then(J::as_str)
            .map(String::from)
            .into_iter()
            .collect(),
    };
    vec![Evaluator::fail(path, Kind::Type { want, got })]
}

/// The value as JSON, to compare arrays' items with each other.
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

/// Whether `v` equals the JSON `j`, numbers compared by value (`2` equals
/// `2.0`); a float JSON cannot hold (NaN, infinities) counts as null. It
/// compares in place: converting every value checked against a `const`
/// or `enum` to JSON first cost more than the rest of the check.
pub fn equals(j: &J, v: Val) -> bool {
    match (j, v) {
        (J::Null, Val::Null) => true,
        (J::Null, Val::Float(f)) => !f.is_finite(),
        (J::Bool(a), Val::Bool(b)) => *a == b,
        (J::Number(n), Val::Int(i)) => n.as_f64() == Some(i as f64),
        (J::Number(n), Val::Float(f)) => f.is_finite() && n.as_f64() == Some(f),
        (J::String(a), Val::String(b)) => a == b,
        (J::Array(x), Val::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equals(a, b.into()))
        }
        (J::Object(x), Val::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, a)| y.get(k).is_some_and(|b| equals(a, b.into())))
        }
        _ => false,
    }
}

pub fn const_enum(schema: &J, v: Val, path: &[PathSeg]) -> Vec<Failure> {
    let mut out = Vec::new();
    if let Some(c) = schema.keyword("const").filter(|c| !equals(c, v)) {
        out.push(Evaluator::fail(path, Kind::Const(c.clone())));
    }
    if let Some(J::Array(options)) = schema.keyword("enum")
        && !options.iter().any(|o| equals(o, v))
    {
        out.push(Evaluator::fail(path, Kind::Enum(options.clone())));
    }
    out
}

/// Number bounds, in the order Helm 3 (gojsonschema) checks them; Helm 4
/// checks minimum before maximum and multipleOf last, so its order is
/// rebuilt from the same list.
pub fn numbers(schema: &J, v: Val, path: &[PathSeg], helm3: bool) -> Vec<Failure> {
    let n = match v {
        Val::Int(i) => i as f64,
        Val::Float(f) => f,
        _ => return Vec::new(),
    };
    let bound = |k: &str| schema.keyword(k).and_then(J::as_f64);
    // draft-04 writes exclusive bounds as booleans beside minimum/maximum.
    let draft4 = |flag: &str, limit: &str| {
        (schema.keyword(flag) == Some(&J::Bool(true)))
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
pub fn strings(schema: &J, v: Val, path: &[PathSeg], helm3: bool) -> Vec<Failure> {
    let Val::String(text) = v else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let count = |k| schema.keyword(k).and_then(J::as_u64);
    let (min, max) = (count("minLength"), count("maxLength"));
    // Counting characters walks the whole string: only for a length limit.
    let len = match min.or(max) {
        Some(_) => text.chars().count(),
        None => 0,
    };
    if let Some(limit) = min.filter(|m| (len as u64) < *m) {
        out.push(Evaluator::fail(
            path,
            Kind::Count {
                keyword: "minLength",
                got: len,
                limit,
            },
        ));
    }
    if let Some(limit) = max.filter(|m| len as u64 > *m) {
        out.push(Evaluator::fail(
            path,
            Kind::Count {
                keyword: "maxLength",
                got: len,
                limit,
            },
        ));
    }
    if let Some(p) = schema.keyword("pattern").and_then(J::as_str) {
        let matched = regex::Regex::new(p).map(|re| re.is_match(text));
        if !matches!(matched, Ok(true)) {
            out.push(Evaluator::fail(
                path,
                Kind::Pattern {
                    pattern: p.into(),
                    text: text.into(),
                },
            ));
        }
    }
    if helm3
        && let Some(f) = schema.keyword("format").and_then(J::as_str)
        && !format::holds(f, text)
    {
        out.push(Evaluator::fail(path, Kind::Format(f.into())));
    }
    out
}
