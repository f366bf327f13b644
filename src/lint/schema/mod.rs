//! values.schema.json validation, as each Helm version does it and words
//! it, and as `lint` reports it.
//!
//! [`document`] reads the schema (leaving out what no check reads). One
//! evaluator ([`evaluate`]) finds the failures in the order and shape
//! of the Helm version it imitates (the keyword checks live in
//! [`keywords`], [`containers`] and [`combinators`]); [`helm3_wording`]
//! and [`helm4_wording`] turn them into Helm's exact text. `lint` uses
//! Helm 4's semantics and words unknown keys itself, with a "did you
//! mean" suggestion; it never quotes a string value (it could be a
//! credential).

mod combinators;
mod containers;
mod document;
mod evaluate;
mod format;
mod helm3_wording;
mod helm4_wording;
mod keywords;

use std::ops::ControlFlow;

use serde_json::Value as J;

use document::Holds;

use crate::engine::HelmCompat;
use crate::values::yaml::PathSeg;
use crate::values::{Map, Value};
use evaluate::{Dialect, Evaluator, Failure, Kind, Val};

/// What Helm prints under a chart's name when `values` break the chart's
/// schema `raw` (each line ends in a newline), or `None` when they pass.
/// A schema Helm cannot load is reported the same way, as Helm does.
pub fn helm_report(raw: &[u8], values: &Map, compat: HelmCompat) -> Option<String> {
    let dialect = match compat {
        HelmCompat::Helm3 => Dialect::Helm3,
        HelmCompat::Helm4 => Dialect::Helm4,
    };
    let schema = match document::parse(raw, dialect) {
        Ok(schema) => schema,
        Err(problem) => return Some(format!("{problem}\n")),
    };
    let mut eval = Evaluator::new(&schema, dialect);
    let refused = match dialect {
        Dialect::Helm3 => helm3_wording::schema_problem(&schema),
        Dialect::Helm4 => helm4_wording::schema_problem(&schema, eval.draft),
    };
    if let Some(problem) = refused {
        return Some(format!("{problem}\n"));
    }
    let failures = eval.check(&schema, Val::Map(values), &mut Vec::new());
    if failures.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    match dialect {
        Dialect::Helm3 => helm3_wording::lines(&failures, &mut lines),
        Dialect::Helm4 => helm4_wording::lines(&failures, &mut lines),
    }
    Some(lines.iter().map(|l| format!("{l}\n")).collect())
}

/// The first key of a local `$ref`'s JSON pointer that the document does
/// not have (`None` when it resolves, or is not a local pointer).
fn missing_pointer_key(root: &J, reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix("#/")?;
    let mut at = root;
    for key in pointer.split('/') {
        let key = key.replace("~1", "/").replace("~0", "~");
        let next = match at {
            J::Object(m) => m.get(&key),
            J::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        at = match next {
            Some(next) => next,
            None => return Some(key),
        };
    }
    None
}

/// Calls `visit` with every schema inside `schema` (itself included) and
/// its JSON pointer, parents before children.
fn each_subschema(schema: &J, visit: &mut dyn FnMut(&J, &str)) {
    let _: ControlFlow<()> = walk(schema, String::new(), &mut |s, at: &String| {
        visit(s, at);
        ControlFlow::Continue(())
    });
}

/// The first `found` of the schemas inside `schema` (itself included),
/// parents before children. It builds no JSON pointers, so checking a
/// schema that has no problem costs a walk and no more.
fn find_subschema<T>(schema: &J, found: &mut dyn FnMut(&J) -> Option<T>) -> Option<T> {
    match walk(schema, (), &mut |s, _| match found(s) {
        Some(t) => ControlFlow::Break(t),
        None => ControlFlow::Continue(()),
    }) {
        ControlFlow::Break(t) => Some(t),
        ControlFlow::Continue(()) => None,
    }
}

/// Where a walk is in the schema: a JSON pointer, or nothing when the
/// walk has no use for one.
trait Place: Sized {
    fn below(&self, segment: impl FnOnce() -> String) -> Self;
}

impl Place for String {
    fn below(&self, segment: impl FnOnce() -> String) -> Self {
        format!("{self}/{}", segment())
    }
}

impl Place for () {
    fn below(&self, _: impl FnOnce() -> String) {}
}

fn walk<P: Place, B>(
    schema: &J,
    at: P,
    visit: &mut dyn FnMut(&J, &P) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let J::Object(s) = schema else {
        return ControlFlow::Continue(());
    };
    visit(schema, &at)?;
    for (keyword, value) in s {
        match (document::holds(keyword), value) {
            (Holds::Members, J::Object(members)) => {
                let here = at.below(|| keyword.clone());
                for (name, sub) in members {
                    let name = || name.replace('~', "~0").replace('/', "~1");
                    walk(sub, here.below(name), visit)?;
                }
            }
            (Holds::List | Holds::Items, J::Array(subs)) => {
                let here = at.below(|| keyword.clone());
                for (i, sub) in subs.iter().enumerate() {
                    walk(sub, here.below(|| i.to_string()), visit)?;
                }
            }
            (Holds::Items | Holds::Schema, sub) => walk(sub, at.below(|| keyword.clone()), visit)?,
            _ => {}
        }
    }
    ControlFlow::Continue(())
}

/// One schema violation, as `lint` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where in the values (the unknown key itself for an unknown key).
    pub path: Vec<PathSeg>,
    pub message: String,
    /// A key the schema does not list, with no `additionalProperties: false`
    /// to refuse it: reported as a warning.
    pub warning: bool,
}

/// Validates `values` against `schema` for `lint`.
pub fn validate(schema: &J, values: &Value) -> Vec<Violation> {
    let mut eval = Evaluator::new(schema, Dialect::Helm4);
    eval.report_undeclared = true;
    let mut out = Vec::new();
    for f in eval.check(schema, values.into(), &mut Vec::new()) {
        lint_violations(f, &mut out);
    }
    // Reported by place in the values, not in the validator's order.
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn lint_violations(f: Failure, out: &mut Vec<Violation>) {
    let unknown = |key: &str, known: &[String], how: &str| {
        let hint = suggest(key, known.iter().map(String::as_str))
            .map(|s| format!(": did you mean {s:?}?"))
            .unwrap_or_default();
        format!("unknown key {key:?}, {how} the schema{hint}")
    };
    match f.kind {
        Kind::Group => {
            for c in f.causes {
                lint_violations(c, out);
            }
        }
        Kind::Additional { keys, known } => {
            for key in keys {
                let mut path = f.path.clone();
                path.push(PathSeg::Key(key.clone()));
                out.push(Violation {
                    path,
                    message: unknown(&key, &known, "not allowed by"),
                    warning: false,
                });
            }
        }
        Kind::Undeclared { key, known } => out.push(Violation {
            path: f.path,
            message: unknown(&key, &known, "not declared in"),
            warning: true,
        }),
        Kind::Enum(options) => {
            let options: Vec<String> = options.iter().map(J::to_string).collect();
            out.push(Violation {
                path: f.path,
                message: format!("value must be one of {}", options.join(", ")),
                warning: false,
            })
        }
        // The value itself stays out of lint's messages.
        Kind::Pattern { pattern, .. } => out.push(Violation {
            path: f.path,
            message: format!("does not match pattern {pattern:?}"),
            warning: false,
        }),
        kind => out.push(Violation {
            path: f.path,
            message: helm4_wording::message(&kind),
            warning: false,
        }),
    }
}

/// The closest of `candidates` to `word`, if close enough to be a typo.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .map(|c| (levenshtein(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(src: &str) -> Value {
        crate::values::yaml::parse_values("t", src).unwrap()
    }

    #[test]
    fn unknown_key_suggests() {
        let schema: J = serde_json::from_str(
            r#"{"type":"object","additionalProperties":false,"properties":{"image":{"type":"object"}}}"#,
        )
        .unwrap();
        let v = validate(&schema, &vals("imagee: {}\n"));
        assert_eq!(v.len(), 1);
        assert!(v[0].message.contains("did you mean \"image\""), "{v:?}");
    }

    #[test]
    fn integers_from_yaml_are_floats() {
        let schema: J =
            serde_json::from_str(r#"{"properties":{"count":{"type":"integer","minimum":0}}}"#)
                .unwrap();
        let v = validate(&schema, &vals("count: 3\n"));
        assert!(v.is_empty(), "{v:?}");
        assert_eq!(
            validate(&schema, &vals("count: -1\n"))[0].message,
            "minimum: got -1, want 0"
        );
        assert!(!validate(&schema, &vals("count: 1.5\n")).is_empty());
    }

    #[test]
    fn combinators_and_refs() {
        let schema: J = serde_json::from_str(
            r##"{"definitions":{"s":{"type":"string"}},"properties":{"a":{"anyOf":[{"$ref":"#/definitions/s"},{"type":"integer"}]}}}"##,
        )
        .unwrap();
        assert!(validate(&schema, &vals("a: x\n")).is_empty());
        assert!(!validate(&schema, &vals("a: [1]\n")).is_empty());
    }

    #[test]
    fn helm4_numbers() {
        assert_eq!(helm4_wording::number(1024.0), "1,024");
        assert_eq!(helm4_wording::number(-1234.5), "-1,234.5");
        assert_eq!(helm4_wording::number(1234567.0), "1.234567×10⁰⁶");
    }
}
