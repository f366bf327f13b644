//! The validation itself: which keywords apply, in which order, where it
//! stops, and what each keyword found, as a tree of [`Failure`]s. Helm 3
//! (gojsonschema) and Helm 4 (santhosh-tekuri/jsonschema) differ in all of
//! that, not only in wording; the orders here are the ones recorded from
//! both binaries (`tests/schema-cases/`), so the wordings only phrase.

use serde_json::Value as J;

use super::keywords;
use crate::values::yaml::PathSeg;
use crate::values::{Map, Value};

/// Whose validator to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Helm3,
    Helm4,
}

/// The JSON Schema draft a schema declares in `$schema`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Draft {
    D4,
    D6,
    D7,
    D2019,
    D2020,
}

impl Draft {
    /// The declared draft; without one Helm 3 reads draft-07 and Helm 4
    /// reads 2020-12.
    pub fn of(schema: &J, dialect: Dialect) -> Draft {
        let declared = schema.get("$schema").and_then(J::as_str).unwrap_or("");
        [
            ("draft-04", Draft::D4),
            ("draft-06", Draft::D6),
            ("draft-07", Draft::D7),
            ("2019-09", Draft::D2019),
            ("2020-12", Draft::D2020),
        ]
        .into_iter()
        .find(|(tag, _)| declared.contains(tag))
        .map(|(_, d)| d)
        .unwrap_or(match dialect {
            Dialect::Helm3 => Draft::D7,
            Dialect::Helm4 => Draft::D2020,
        })
    }
}

/// One thing a schema found wrong, where, and what led to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub path: Vec<PathSeg>,
    pub kind: Kind,
    pub causes: Vec<Failure>,
}

/// A value's JSON type as both validators name it; whole numbers are
/// `Integer` (Helm 4 still calls them "number").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    FalseSchema,
    Type {
        want: Vec<String>,
        got: JsonType,
    },
    Const(J),
    Enum(Vec<J>),
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`.
    Number {
        keyword: &'static str,
        got: f64,
        limit: f64,
    },
    /// `minLength`, `maxLength`, `minItems`, `maxItems`, `minProperties`, `maxProperties`.
    Count {
        keyword: &'static str,
        got: usize,
        limit: u64,
    },
    Pattern {
        pattern: String,
        text: String,
    },
    Format(String),
    Unique(usize, usize),
    AdditionalItems(usize),
    Contains,
    Required(Vec<String>),
    /// Keys `additionalProperties: false` refuses; `known` are the
    /// declared ones, for lint's suggestion.
    Additional {
        keys: Vec<String>,
        known: Vec<String>,
    },
    /// A key no `properties` entry names, with no `additionalProperties`
    /// to allow or refuse it: only `lint` reports these, as warnings.
    Undeclared {
        key: String,
        known: Vec<String>,
    },
    PropertyName(String),
    Dependency {
        property: String,
        missing: Vec<String>,
    },
    AllOf,
    AnyOf,
    OneOfNone,
    OneOfMany(usize, usize),
    Not,
    Then,
    Else,
    /// Several failures of one subschema at one place.
    Group,
    Unresolved(String),
}

/// A value under check, borrowed: the root is the caller's values map and
/// property names are checked as strings, and neither is worth copying
/// into a [`Value`] only to be read.
#[derive(Debug, Clone, Copy)]
pub enum Val<'v> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(&'v str),
    List(&'v [Value]),
    Map(&'v Map),
}

impl<'v> From<&'v Value> for Val<'v> {
    fn from(v: &'v Value) -> Self {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(i) => Val::Int(*i),
            Value::Float(f) => Val::Float(*f),
            Value::String(s) => Val::String(s),
            Value::List(l) => Val::List(l),
            Value::Map(m) => Val::Map(m),
        }
    }
}

/// Reading a schema's keywords.
pub trait Keywords {
    /// The keyword `name`'s value.
    fn keyword(&self, name: &str) -> Option<&J>;
}

impl Keywords for J {
    fn keyword(&self, name: &str) -> Option<&J> {
        self.as_object().and_then(|m| member(m, name))
    }
}

/// `m[name]`. A schema holds a handful of keywords and is asked for dozens
/// it lacks, and most `properties` are short lists: comparing the few
/// names there are is cheaper than hashing each name asked for.
pub fn member<'m>(m: &'m serde_json::Map<String, J>, name: &str) -> Option<&'m J> {
    if m.len() > 8 {
        return m.get(name);
    }
    m.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
}

pub fn json_type(v: Val) -> JsonType {
    match v {
        Val::Null => JsonType::Null,
        Val::Bool(_) => JsonType::Boolean,
        Val::Int(_) => JsonType::Integer,
        Val::Float(f) if f.fract() == 0.0 && f.is_finite() => JsonType::Integer,
        Val::Float(_) => JsonType::Number,
        Val::String(_) => JsonType::String,
        Val::List(_) => JsonType::Array,
        Val::Map(_) => JsonType::Object,
    }
}

/// Walks a schema over a value. `passed` counts keywords that held: Helm 3
/// shows the failures of the anyOf/oneOf branch (or contains item) that
/// got furthest, the first of the best on a tie.
pub struct Evaluator<'a> {
    pub root: &'a J,
    pub dialect: Dialect,
    pub draft: Draft,
    pub report_undeclared: bool,
    pub passed: usize,
    depth: usize,
}

impl<'a> Evaluator<'a> {
    pub fn new(root: &'a J, dialect: Dialect) -> Self {
        Evaluator {
            root,
            dialect,
            draft: Draft::of(root, dialect),
            report_undeclared: false,
            passed: 0,
            depth: 0,
        }
    }

    pub fn fail(path: &[PathSeg], kind: Kind) -> Failure {
        Failure {
            path: path.to_vec(),
            kind,
            causes: Vec::new(),
        }
    }

    /// Several failures of one subschema become one (a `Group`, Helm 4's
    /// "validation failed"); one stays itself.
    pub fn wrap(path: &[PathSeg], mut found: Vec<Failure>) -> Option<Failure> {
        match found.len() {
            0 => None,
            1 => found.pop(),
            _ => Some(Failure {
                path: path.to_vec(),
                kind: Kind::Group,
                causes: found,
            }),
        }
    }

    pub fn helm3(&self) -> bool {
        self.dialect == Dialect::Helm3
    }

    /// `$ref` replaces its siblings up to draft-07, and always for Helm 3.
    fn ref_stands_alone(&self) -> bool {
        self.helm3() || self.draft <= Draft::D7
    }

    fn resolve(&self, r: &str) -> Option<&'a J> {
        let pointer = r.strip_prefix('#')?;
        let pointer = pointer.replace("%24", "$");
        if pointer.is_empty() {
            return Some(self.root);
        }
        self.root.pointer(&pointer)
    }

    pub fn check(&mut self, schema: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Vec<Failure> {
        match schema {
            J::Bool(false) => return vec![Self::fail(path, Kind::FalseSchema)],
            J::Object(_) => {}
            _ => return Vec::new(),
        }
        if self.depth > 64 {
            return Vec::new();
        }
        self.depth += 1;
        let mut out = Vec::new();
        let reference = schema.keyword("$ref").and_then(J::as_str);
        match reference {
            Some(r) if self.ref_stands_alone() => self.follow(r, v, path, &mut out),
            _ => self.keywords(schema, v, path, reference, &mut out),
        }
        self.depth -= 1;
        out
    }

    /// A `$ref`'s failures, as one (Helm 4 nests several under "validation
    /// failed" beside the failures of its siblings).
    fn follow(&mut self, r: &str, v: Val, path: &mut Vec<PathSeg>, out: &mut Vec<Failure>) {
        match self.resolve(r) {
            Some(target) => {
                let found = self.check(target, v, path);
                out.extend(Self::wrap(path, found));
            }
            None => out.push(Self::fail(path, Kind::Unresolved(r.into()))),
        }
    }

    /// Checks one keyword group, counting it as passed when it found nothing.
    fn run(&mut self, out: &mut Vec<Failure>, found: Vec<Failure>) -> bool {
        let ok = found.is_empty();
        self.passed += usize::from(ok);
        out.extend(found);
        ok
    }

    fn keywords(
        &mut self,
        schema: &'a J,
        v: Val,
        path: &mut Vec<PathSeg>,
        reference: Option<&str>,
        out: &mut Vec<Failure>,
    ) {
        let found = keywords::type_check(schema, v, path);
        if !self.run(out, found) {
            return;
        }
        let kind = json_type(v);
        // Helm 3: the combinators first, then a string's const/enum before
        // its own keywords, any other value's after them.
        if self.helm3() {
            let found = self.combinators(schema, v, path);
            out.extend(found);
            let common = keywords::const_enum(schema, v, path);
            match kind {
                JsonType::String => {
                    self.run(out, common);
                    let found = keywords::strings(schema, v, path, true);
                    self.run(out, found);
                }
                _ => {
                    let found = self.by_type(schema, v, path);
                    self.run(out, found);
                    self.run(out, common);
                }
            }
            return;
        }
        // Helm 4 stops at a failed const or enum, as at a failed type.
        let mut found = keywords::const_enum(schema, v, path);
        found.truncate(1);
        if !self.run(out, found) {
            return;
        }
        if let Some(r) = reference {
            self.follow(r, v, path, out);
        }
        let found = self.by_type(schema, v, path);
        self.run(out, found);
        let found = self.combinators(schema, v, path);
        out.extend(found);
    }

    /// The keywords of the value's own type.
    fn by_type(&mut self, schema: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Vec<Failure> {
        match v {
            Val::Int(_) | Val::Float(_) => keywords::numbers(schema, v, path, self.helm3()),
            Val::String(_) => keywords::strings(schema, v, path, false),
            Val::List(items) => self.arrays(schema, items, path),
            Val::Map(m) => self.objects(schema, m, path),
            _ => Vec::new(),
        }
    }

    /// Whether `v` passes `schema` (nothing recorded).
    pub fn valid(&mut self, schema: &'a J, v: Val, path: &mut Vec<PathSeg>) -> bool {
        let undeclared = std::mem::replace(&mut self.report_undeclared, false);
        let ok = self.check(schema, v, path).is_empty();
        self.report_undeclared = undeclared;
        ok
    }
}
