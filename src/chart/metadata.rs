//! `Chart.yaml`, `requirements.yaml` and `Chart.lock`, decoded from the
//! parsed YAML the way Helm decodes them.
//!
//! Helm reads these files with sigs.k8s.io/yaml: YAML becomes JSON, which
//! `encoding/json` decodes into Go structs. Templates see the outcome via
//! `.Chart`, so we keep its rules:
//! - a scalar bound for a string field is stringified as that library does:
//!   integers in decimal, floats with Go's `%g` at float32 precision (so
//!   `appVersion: 1.10` becomes `"1.1"`), booleans as `true`/`false`;
//! - keys match field names case-insensitively, and unknown keys are ignored;
//! - `null` leaves a field empty; a type mismatch is an error worded like
//!   Go's (`json: cannot unmarshal string into Go struct field
//!   Metadata.keywords of type []string`).
//!
//! Validation (`validation: chart.metadata.name is required`, ...) lives in
//! [`super::validate`].

use std::collections::BTreeMap;

use anyhow::{Result, bail};

use super::gofloat::go_float32_g;
use crate::values::{Map, Value};

/// Helm's `chart.Metadata`: every field templates reach through `.Chart`.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub name: String,
    pub home: String,
    pub sources: Vec<String>,
    pub version: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// `None` entries are `null` list items: kept until validation, which
    /// rejects them with Helm's message.
    pub maintainers: Vec<Option<Maintainer>>,
    pub icon: String,
    /// `apiVersion`; `v1` when Chart.yaml leaves it out (Helm 2 charts).
    pub api_version: String,
    pub condition: String,
    pub tags: String,
    pub app_version: String,
    pub deprecated: bool,
    /// `None` when absent, which Helm 4 prints as `null` (not `{}`).
    pub annotations: Option<BTreeMap<String, String>>,
    pub kube_version: String,
    /// `None` entries are `null` list items, rejected by validation.
    pub dependencies: Vec<Option<Dependency>>,
    /// `type`: `""`, `application` or `library`.
    pub chart_type: String,
    /// Chart.yaml as parsed, for anything that wants the document itself.
    pub raw: Value,
}

impl Default for Metadata {
    /// Empty fields, as Go's zero `Metadata`; `raw` is `null`.
    fn default() -> Self {
        Metadata {
            name: String::new(),
            home: String::new(),
            sources: Vec::new(),
            version: String::new(),
            description: String::new(),
            keywords: Vec::new(),
            maintainers: Vec::new(),
            icon: String::new(),
            api_version: String::new(),
            condition: String::new(),
            tags: String::new(),
            app_version: String::new(),
            deprecated: false,
            annotations: None,
            kube_version: String::new(),
            dependencies: Vec::new(),
            chart_type: String::new(),
            raw: Value::Null,
        }
    }
}

/// One entry of `maintainers`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Maintainer {
    pub name: String,
    pub email: String,
    pub url: String,
}

/// One entry of `dependencies` (Chart.yaml, requirements.yaml, lock files).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    /// Set at render time from `condition`/`tags`; false as loaded.
    pub enabled: bool,
    pub import_values: Vec<ImportValue>,
    pub alias: String,
}

/// An `import-values` entry.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportValue {
    /// `- data`: imports the child's `exports.data` into the parent root.
    Name(String),
    /// `- {child: a.b, parent: c}`.
    Map { child: String, parent: String },
}

/// Helm's `chart.Lock` (`Chart.lock` or `requirements.lock`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lock {
    /// The `generated` timestamp, as written.
    pub generated: String,
    pub digest: String,
    pub dependencies: Vec<Option<Dependency>>,
}

impl Metadata {
    /// Applies a decoded document onto `self`, as `yaml.Unmarshal` into an
    /// existing struct does: keys present overwrite, others stay (which is
    /// how `requirements.yaml` adds dependencies to a v1 chart).
    pub fn apply(&mut self, doc: &Value) -> Result<()> {
        for (key, v) in object(doc, "Metadata", "")? {
            let Some(field) = field_for(key, METADATA_FIELDS) else {
                continue;
            };
            let at = |f: &str| Field::new("Metadata", f);
            match field {
                "name" => set_string(&mut self.name, v, at(field))?,
                "home" => set_string(&mut self.home, v, at(field))?,
                "sources" => set_strings(&mut self.sources, v, at(field))?,
                "version" => set_string(&mut self.version, v, at(field))?,
                "description" => set_string(&mut self.description, v, at(field))?,
                "keywords" => set_strings(&mut self.keywords, v, at(field))?,
                "maintainers" => set_list(&mut self.maintainers, v, at(field), maintainer)?,
                "icon" => set_string(&mut self.icon, v, at(field))?,
                "apiVersion" => set_string(&mut self.api_version, v, at(field))?,
                "condition" => set_string(&mut self.condition, v, at(field))?,
                "tags" => set_string(&mut self.tags, v, at(field))?,
                "appVersion" => set_string(&mut self.app_version, v, at(field))?,
                "deprecated" => set_bool(&mut self.deprecated, v, at(field))?,
                "annotations" => set_string_map(&mut self.annotations, v, at(field))?,
                "kubeVersion" => set_string(&mut self.kube_version, v, at(field))?,
                "dependencies" => set_list(&mut self.dependencies, v, at(field), dependency)?,
                "type" => set_string(&mut self.chart_type, v, at(field))?,
                _ => unreachable!("every name in METADATA_FIELDS is handled"),
            }
        }
        Ok(())
    }
}

impl Lock {
    /// Decodes a lock file document.
    pub fn from_value(doc: &Value) -> Result<Lock> {
        let mut lock = Lock::default();
        for (key, v) in object(doc, "Lock", "")? {
            match field_for(key, &["generated", "digest", "dependencies"]) {
                Some("generated") => {
                    set_string(&mut lock.generated, v, Field::new("Lock", "generated"))?
                }
                Some("digest") => set_string(&mut lock.digest, v, Field::new("Lock", "digest"))?,
                Some("dependencies") => set_list(
                    &mut lock.dependencies,
                    v,
                    Field::new("Lock", "dependencies"),
                    dependency,
                )?,
                _ => {}
            }
        }
        Ok(lock)
    }
}

const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];

/// Where a value is going, for Go-style error messages.
#[derive(Clone)]
struct Field {
    strukt: &'static str,
    path: String,
}

impl Field {
    fn new(strukt: &'static str, path: &str) -> Field {
        Field {
            strukt,
            path: path.to_string(),
        }
    }

    fn child(&self, strukt: &'static str, name: &str) -> Field {
        Field {
            strukt,
            path: format!("{}.{name}", self.path),
        }
    }

    fn mismatch<T>(&self, v: &Value, go_type: &str) -> Result<T> {
        bail!(
            "json: cannot unmarshal {} into Go struct field {}.{} of type {go_type}",
            json_kind(v),
            self.strukt,
            self.path
        )
    }
}

/// Go's `encoding/json` matches object keys to field names ignoring case;
/// keys arrive sorted (Go marshals maps sorted), so the last match wins,
/// as in Go.
fn field_for(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    fields.iter().copied().find(|f| f.eq_ignore_ascii_case(key))
}

/// The entries of an object; `null` decodes as nothing, like Go.
fn object<'a>(v: &'a Value, strukt: &str, path: &str) -> Result<Vec<(&'a str, &'a Value)>> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Map(m) => Ok(m.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        other if path.is_empty() => {
            bail!(
                "json: cannot unmarshal {} into Go value of type chart.{strukt}",
                json_kind(other)
            )
        }
        other => bail!(
            "json: cannot unmarshal {} into Go struct field {path} of type chart.{strukt}",
            json_kind(other)
        ),
    }
}

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

/// A scalar as sigs.k8s.io/yaml hands it to a Go `string` field.
fn scalar_string(v: &Value, at: &Field) -> Result<Option<String>> {
    Ok(Some(match v {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        // Our YAML reader (like Helm's values path) yields every number as a
        // float, while go-yaml hands sigs.k8s.io/yaml an int for integer
        // literals and it prints those in decimal (`appVersion: 12345678`
        // stays `12345678`). An integral float is taken for such a literal;
        // only an integral *float literal* of 1e6 or more (`1e6`, Go:
        // `1e+06`) comes out differently.
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => (*f as i64).to_string(),
        Value::Float(f) => go_float32_g(*f),
        other => return at.mismatch(other, "string"),
    }))
}

fn set_string(slot: &mut String, v: &Value, at: Field) -> Result<()> {
    if let Some(s) = scalar_string(v, &at)? {
        *slot = s;
    }
    Ok(())
}

fn set_bool(slot: &mut bool, v: &Value, at: Field) -> Result<()> {
    match v {
        Value::Null => Ok(()),
        Value::Bool(b) => {
            *slot = *b;
            Ok(())
        }
        other => at.mismatch(other, "bool"),
    }
}

fn set_strings(slot: &mut Vec<String>, v: &Value, at: Field) -> Result<()> {
    match v {
        Value::Null => Ok(()),
        Value::List(items) => {
            *slot = items
                .iter()
                .map(|item| Ok(scalar_string(item, &at)?.unwrap_or_default()))
                .collect::<Result<_>>()?;
            Ok(())
        }
        other => at.mismatch(other, "[]string"),
    }
}

fn set_string_map(slot: &mut Option<BTreeMap<String, String>>, v: &Value, at: Field) -> Result<()> {
    match v {
        Value::Null => Ok(()),
        Value::Map(m) => {
            let mut out = slot.take().unwrap_or_default();
            for (k, item) in m {
                let s = scalar_string(item, &at)?.unwrap_or_default();
                out.insert(k.clone(), s);
            }
            *slot = Some(out);
            Ok(())
        }
        other => at.mismatch(other, "map[string]string"),
    }
}

/// A list of structs; `null` items stay `None` for validation to reject.
fn set_list<T>(
    slot: &mut Vec<Option<T>>,
    v: &Value,
    at: Field,
    decode: fn(&Map, &Field) -> Result<T>,
) -> Result<()> {
    match v {
        Value::Null => Ok(()),
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(match item {
                    Value::Null => None,
                    Value::Map(m) => Some(decode(m, &at)?),
                    other => return at.mismatch(other, "chart struct"),
                });
            }
            *slot = out;
            Ok(())
        }
        other => at.mismatch(other, "[]struct"),
    }
}

fn maintainer(m: &Map, at: &Field) -> Result<Maintainer> {
    let mut out = Maintainer::default();
    for (key, v) in m {
        let Some(f) = field_for(key, &["name", "email", "url"]) else {
            continue;
        };
        let slot = match f {
            "name" => &mut out.name,
            "email" => &mut out.email,
            _ => &mut out.url,
        };
        set_string(slot, v, at.child("Maintainer", f))?;
    }
    Ok(out)
}

const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

fn dependency(m: &Map, at: &Field) -> Result<Dependency> {
    let mut d = Dependency::default();
    for (key, v) in m {
        let Some(f) = field_for(key, DEPENDENCY_FIELDS) else {
            continue;
        };
        let here = at.child("Dependency", f);
        match f {
            "name" => set_string(&mut d.name, v, here)?,
            "version" => set_string(&mut d.version, v, here)?,
            "repository" => set_string(&mut d.repository, v, here)?,
            "condition" => set_string(&mut d.condition, v, here)?,
            "tags" => set_strings(&mut d.tags, v, here)?,
            "enabled" => set_bool(&mut d.enabled, v, here)?,
            "import-values" => d.import_values = import_values(v, &here)?,
            _ => set_string(&mut d.alias, v, here)?,
        }
    }
    Ok(d)
}

/// Helm keeps `import-values` as `[]interface{}` and only ever uses strings
/// and `{child, parent}` maps of strings; anything else would panic or be
/// skipped at render time, so it is refused here with a clear message.
fn import_values(v: &Value, at: &Field) -> Result<Vec<ImportValue>> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::List(items) => items,
        other => return at.mismatch(other, "[]interface {}"),
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(s) => Ok(ImportValue::Name(s.clone())),
            Value::Map(m) => match (m.get("child"), m.get("parent")) {
                (Some(Value::String(child)), Some(Value::String(parent))) => Ok(ImportValue::Map {
                    child: child.clone(),
                    parent: parent.clone(),
                }),
                _ => bail!(
                    "{}: a map entry needs string `child` and `parent` keys",
                    at.path
                ),
            },
            other => bail!(
                "{}: entries are strings or {{child, parent}} maps, not {}",
                at.path,
                json_kind(other)
            ),
        })
        .collect()
}
