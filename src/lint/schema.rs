//! JSON Schema (draft-07) validation of computed values, for the keywords
//! chart schemas use: `type`, `enum`, `const`, `properties`,
//! `patternProperties`, `additionalProperties`, `required`, `items`,
//! `minItems`/`maxItems`, `minimum`/`maximum` and their exclusive forms,
//! `minLength`/`maxLength`, `pattern`, `allOf`/`anyOf`/`oneOf`/`not`,
//! `if`/`then`/`else`, and local `$ref`s (`#`, `#/definitions/...`).
//! `format` is an annotation, as draft-07 allows.
//!
//! Messages never quote a string value (it could be a credential); a
//! key the schema does not know comes with a "did you mean" suggestion.

use serde_json::Value as J;

use crate::values::Value;
use crate::values::yaml::PathSeg;

/// One schema violation.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Where in the values (the unknown key itself for an unknown key).
    pub path: Vec<PathSeg>,
    pub message: String,
    /// A key the schema does not list, with no `additionalProperties: false`
    /// to refuse it: reported as a warning.
    pub warning: bool,
}

/// Validates `values` against `schema`.
pub fn validate(schema: &J, values: &Value) -> Vec<Violation> {
    let mut v = Validator {
        root: schema,
        out: Vec::new(),
        depth: 0,
    };
    v.check(schema, values, &mut Vec::new());
    v.out
}

struct Validator<'a> {
    root: &'a J,
    out: Vec<Violation>,
    depth: usize,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(f) if f.fract() == 0.0 && f.is_finite() => "integer",
        Value::Float(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
    }
}

fn type_matches(want: &str, v: &Value) -> bool {
    let have = type_name(v);
    have == want || (want == "number" && have == "integer")
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn to_json(v: &Value) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => J::from(*f as i64),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::String(s) => J::String(s.clone()),
        Value::List(l) => J::Array(l.iter().map(to_json).collect()),
        Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

fn json_eq(a: &J, b: &J) -> bool {
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

impl<'a> Validator<'a> {
    fn err(&mut self, path: &[PathSeg], message: String) {
        self.out.push(Violation {
            path: path.to_vec(),
            message,
            warning: false,
        });
    }

    fn resolve(&self, r: &str) -> Option<&'a J> {
        let pointer = r.strip_prefix('#')?;
        if pointer.is_empty() {
            return Some(self.root);
        }
        self.root.pointer(pointer)
    }

    /// Whether `v` is valid, without recording anything.
    fn valid(&mut self, schema: &'a J, v: &Value, path: &mut Vec<PathSeg>) -> bool {
        let before = self.out.len();
        self.check(schema, v, path);
        let ok = self.out[before..].iter().all(|e| e.warning);
        self.out.truncate(before);
        ok
    }

    fn check(&mut self, schema: &'a J, v: &Value, path: &mut Vec<PathSeg>) {
        let s = match schema {
            J::Bool(true) => return,
            J::Bool(false) => return self.err(path, "no value is allowed here".into()),
            J::Object(s) => s,
            _ => return,
        };
        self.depth += 1;
        if self.depth > 64 {
            self.depth -= 1;
            return;
        }
        if let Some(r) = s.get("$ref").and_then(J::as_str) {
            // draft-07: $ref siblings are ignored.
            match self.resolve(r) {
                Some(target) => self.check(target, v, path),
                None => self.err(path, format!("schema $ref {r:?} cannot be resolved")),
            }
            self.depth -= 1;
            return;
        }
        if let Some(t) = s.get("type") {
            let wanted: Vec<&str> = match t {
                J::String(t) => vec![t.as_str()],
                J::Array(ts) => ts.iter().filter_map(J::as_str).collect(),
                _ => vec![],
            };
            if !wanted.is_empty() && !wanted.iter().any(|w| type_matches(w, v)) {
                self.err(
                    path,
                    format!("got {}, want {}", type_name(v), wanted.join(" or ")),
                );
                self.depth -= 1;
                return;
            }
        }
        let jv = to_json(v);
        if let Some(J::Array(options)) = s.get("enum")
            && !options.iter().any(|o| json_eq(o, &jv))
        {
            let list: Vec<String> = options.iter().map(|o| o.to_string()).collect();
            self.err(path, format!("value must be one of {}", list.join(", ")));
        }
        if let Some(c) = s.get("const")
            && !json_eq(c, &jv)
        {
            self.err(path, format!("value must be {c}"));
        }
        if let Some(n) = number(v) {
            let bound = |k: &str| s.get(k).and_then(J::as_f64);
            let show = |f: f64| {
                if f.fract() == 0.0 && f.abs() < 9e15 {
                    (f as i64).to_string()
                } else {
                    J::from(f).to_string()
                }
            };
            if let Some(m) = bound("minimum").filter(|m| n < *m) {
                self.err(path, format!("minimum: got {}, want {}", show(n), show(m)));
            }
            if let Some(m) = bound("maximum").filter(|m| n > *m) {
                self.err(path, format!("maximum: got {}, want {}", show(n), show(m)));
            }
            if let Some(m) = bound("exclusiveMinimum").filter(|m| n <= *m) {
                self.err(
                    path,
                    format!("exclusiveMinimum: got {}, want > {}", show(n), show(m)),
                );
            }
            if let Some(m) = bound("exclusiveMaximum").filter(|m| n >= *m) {
                self.err(
                    path,
                    format!("exclusiveMaximum: got {}, want < {}", show(n), show(m)),
                );
            }
            if let Some(m) = bound("multipleOf").filter(|m| *m > 0.0 && (n / m).fract() != 0.0) {
                self.err(path, format!("must be a multiple of {}", show(m)));
            }
        }
        if let Value::String(text) = v {
            let len = text.chars().count() as u64;
            if let Some(m) = s.get("minLength").and_then(J::as_u64).filter(|m| len < *m) {
                self.err(path, format!("minLength: length {len}, want at least {m}"));
            }
            if let Some(m) = s.get("maxLength").and_then(J::as_u64).filter(|m| len > *m) {
                self.err(path, format!("maxLength: length {len}, want at most {m}"));
            }
            if let Some(p) = s.get("pattern").and_then(J::as_str) {
                match regex::Regex::new(p) {
                    Ok(re) if !re.is_match(text) => {
                        self.err(path, format!("does not match pattern {p:?}"))
                    }
                    Ok(_) => {}
                    Err(_) => self.err(path, format!("schema pattern {p:?} is not a valid regex")),
                }
            }
        }
        if let Value::List(items) = v {
            let n = items.len() as u64;
            if let Some(m) = s.get("minItems").and_then(J::as_u64).filter(|m| n < *m) {
                self.err(path, format!("minItems: {n} items, want at least {m}"));
            }
            if let Some(m) = s.get("maxItems").and_then(J::as_u64).filter(|m| n > *m) {
                self.err(path, format!("maxItems: {n} items, want at most {m}"));
            }
            match s.get("items") {
                Some(J::Array(tuple)) => {
                    for (i, (item, sch)) in items.iter().zip(tuple).enumerate() {
                        path.push(PathSeg::Index(i));
                        self.check(sch, item, path);
                        path.pop();
                    }
                }
                Some(sch) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(PathSeg::Index(i));
                        self.check(sch, item, path);
                        path.pop();
                    }
                }
                None => {}
            }
        }
        if let Value::Map(m) = v {
            if let Some(J::Array(req)) = s.get("required") {
                for r in req.iter().filter_map(J::as_str) {
                    if !m.contains_key(r) {
                        self.err(path, format!("missing property {r:?}"));
                    }
                }
            }
            let props = s.get("properties").and_then(J::as_object);
            let patterns: Vec<(regex::Regex, &'a J)> = s
                .get("patternProperties")
                .and_then(J::as_object)
                .map(|pp| {
                    pp.iter()
                        .filter_map(|(p, sch)| regex::Regex::new(p).ok().map(|re| (re, sch)))
                        .collect()
                })
                .unwrap_or_default();
            for (k, child) in m {
                path.push(PathSeg::Key(k.clone()));
                let mut known = false;
                if let Some(sch) = props.and_then(|p| p.get(k)) {
                    known = true;
                    self.check(sch, child, path);
                }
                for (re, sch) in &patterns {
                    if re.is_match(k) {
                        known = true;
                        self.check(sch, child, path);
                    }
                }
                if !known {
                    let hint = props
                        .and_then(|p| suggest(k, p.keys().map(String::as_str)))
                        .map(|s| format!(": did you mean {s:?}?"))
                        .unwrap_or_default();
                    match s.get("additionalProperties") {
                        Some(J::Bool(false)) => self.err(
                            path,
                            format!("unknown key {k:?}, not allowed by the schema{hint}"),
                        ),
                        Some(sch @ J::Object(_)) => self.check(sch, child, path),
                        Some(_) => {}
                        None if props.is_some_and(|p| !p.is_empty()) => self.out.push(Violation {
                            path: path.clone(),
                            message: format!("unknown key {k:?}, not declared in the schema{hint}"),
                            warning: true,
                        }),
                        None => {}
                    }
                }
                path.pop();
            }
        }
        if let Some(J::Array(all)) = s.get("allOf") {
            for sch in all {
                self.check(sch, v, path);
            }
        }
        if let Some(J::Array(any)) = s.get("anyOf")
            && !any.iter().any(|sch| self.valid(sch, v, path))
        {
            self.err(path, "does not match any schema of anyOf".into());
        }
        if let Some(J::Array(one)) = s.get("oneOf") {
            let n = one.iter().filter(|sch| self.valid(sch, v, path)).count();
            if n != 1 {
                self.err(
                    path,
                    format!("matches {n} schemas of oneOf, want exactly 1"),
                );
            }
        }
        if let Some(not) = s.get("not")
            && self.valid(not, v, path)
        {
            self.err(path, "must not match the schema of not".into());
        }
        if let Some(cond) = s.get("if") {
            let branch = if self.valid(cond, v, path) {
                s.get("then")
            } else {
                s.get("else")
            };
            if let Some(b) = branch {
                self.check(b, v, path);
            }
        }
        self.depth -= 1;
    }
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
}
