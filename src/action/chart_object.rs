//! `.Chart` and `.Files` for a loaded chart.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::Value;

use super::glob::{Glob, InvalidPattern};

use crate::chart::{Chart, Dependency, ImportValue, Maintainer, Metadata};
use crate::engine::HelmCompat;
use crate::engine::objects::Record;
use crate::engine::runtime::print::fmt_value;
use crate::engine::runtime::value::{self as go, GoStruct};
use crate::values::{Value as Data, emit};

/// `.Chart` as each Helm builds it. `name` is the chart's name or, for a
/// subchart imported under an alias, the alias (Helm renames the
/// subchart); `dependencies` are the entries of Chart.yaml's
/// `dependencies` that stayed enabled, which is all Helm keeps.
pub fn metadata(
    m: &Metadata,
    name: &str,
    is_root: bool,
    dependencies: &[&Dependency],
    compat: HelmCompat,
) -> Value {
    match compat {
        HelmCompat::Helm3 => helm3::chart(m, name, is_root, dependencies),
        HelmCompat::Helm4 => helm4::chart(m, name, is_root, dependencies),
    }
}

/// Helm rewrites each `import-values` entry of an enabled dependency into
/// a `map[string]string`: `- data` becomes `{child: exports.data, parent: .}`.
fn import_values(d: &Dependency) -> Value {
    go::list(
        d.import_values
            .iter()
            .map(|iv| {
                let (child, parent) = match iv {
                    ImportValue::Name(n) => (format!("exports.{n}"), "."),
                    ImportValue::Map { child, parent } => (child.clone(), parent.as_str()),
                };
                go::map(
                    go::Elem::String,
                    BTreeMap::from([
                        ("child".to_owned(), Value::from(child)),
                        ("parent".to_owned(), Value::from(parent)),
                    ]),
                )
            })
            .collect(),
    )
}

/// `Annotations`, a `map[string]string` that is nil when Chart.yaml has none.
fn annotations(m: &Metadata) -> Value {
    match &m.annotations {
        Some(a) => go::map(
            go::Elem::String,
            a.iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        ),
        None => go::structure(NilStringMap),
    }
}

/// A dependency's name once Helm has processed it: the alias, if any.
fn dependency_name(d: &Dependency) -> &str {
    if d.alias.is_empty() {
        &d.name
    } else {
        &d.alias
    }
}

/// Helm 3: `struct { chart.Metadata; IsRoot bool }`, the Go struct itself,
/// so `%v` prints its fields in order and JSON follows the json tags.
mod helm3 {
    use super::*;

    fn strings(items: &[String]) -> Value {
        go::typed_slice(
            go::Elem::String,
            items.iter().map(|s| Value::from(s.as_str())).collect(),
        )
    }

    /// A field for `%v` and, unless `omitempty` drops it, for JSON.
    struct Fields {
        fields: Vec<(&'static str, Value)>,
        json: Vec<(String, Value)>,
    }

    impl Fields {
        fn new() -> Fields {
            Fields {
                fields: Vec::new(),
                json: Vec::new(),
            }
        }
        /// `json:"TAG,omitempty"` when `omit_empty`, else `json:"TAG"`.
        fn add(&mut self, name: &'static str, tag: &str, omit_empty: bool, v: Value) -> &mut Self {
            if !(omit_empty && is_empty(&v)) {
                self.json.push((tag.to_owned(), v.clone()));
            }
            self.fields.push((name, v));
            self
        }
        fn record(self, type_name: &'static str) -> Value {
            go::structure(Record {
                type_name,
                fields: self.fields,
                json: self.json,
            })
        }
    }

    /// encoding/json's `omitempty`: false, 0, "", and empty lists and maps.
    fn is_empty(v: &Value) -> bool {
        match go::view(v) {
            go::View::Nil => true,
            go::View::Bool(b) => !b,
            go::View::String(s) => s.is_empty(),
            go::View::List(items) | go::View::TypedSlice(_, items) => items.is_empty(),
            go::View::Map(m) => m.read().is_empty(),
            go::View::Struct(s) => s.entries().is_some_and(|e| e.is_empty()),
            _ => false,
        }
    }

    fn maintainer(m: &Maintainer) -> Value {
        let mut f = Fields::new();
        f.add("Name", "name", true, Value::from(m.name.as_str()))
            .add("Email", "email", true, Value::from(m.email.as_str()))
            .add("URL", "url", true, Value::from(m.url.as_str()));
        f.record("*chart.Maintainer")
    }

    fn dependency(d: &Dependency) -> Value {
        let mut f = Fields::new();
        f.add("Name", "name", false, Value::from(dependency_name(d)))
            .add("Version", "version", true, Value::from(d.version.as_str()))
            .add(
                "Repository",
                "repository",
                false,
                Value::from(d.repository.as_str()),
            )
            .add(
                "Condition",
                "condition",
                true,
                Value::from(d.condition.as_str()),
            )
            .add("Tags", "tags", true, strings(&d.tags))
            .add("Enabled", "enabled", true, Value::from(true))
            .add("ImportValues", "import-values", true, import_values(d))
            .add("Alias", "alias", true, Value::from(d.alias.as_str()));
        f.record("*chart.Dependency")
    }

    pub(super) fn chart(m: &Metadata, name: &str, is_root: bool, deps: &[&Dependency]) -> Value {
        let s = |v: &str| Value::from(v);
        let pointers =
            |type_name, items: Vec<Value>| go::typed_slice(go::Elem::Named(type_name), items);
        let mut f = Fields::new();
        f.add("Name", "name", true, s(name))
            .add("Home", "home", true, s(&m.home))
            .add("Sources", "sources", true, strings(&m.sources))
            .add("Version", "version", true, s(&m.version))
            .add("Description", "description", true, s(&m.description))
            .add("Keywords", "keywords", true, strings(&m.keywords))
            .add(
                "Maintainers",
                "maintainers",
                true,
                pointers(
                    "*chart.Maintainer",
                    m.maintainers.iter().flatten().map(maintainer).collect(),
                ),
            )
            .add("Icon", "icon", true, s(&m.icon))
            .add("APIVersion", "apiVersion", true, s(&m.api_version))
            .add("Condition", "condition", true, s(&m.condition))
            .add("Tags", "tags", true, s(&m.tags))
            .add("AppVersion", "appVersion", true, s(&m.app_version))
            .add("Deprecated", "deprecated", true, Value::from(m.deprecated))
            .add("Annotations", "annotations", true, annotations(m))
            .add("KubeVersion", "kubeVersion", true, s(&m.kube_version))
            .add(
                "Dependencies",
                "dependencies",
                true,
                pointers(
                    "*chart.Dependency",
                    deps.iter().map(|d| dependency(d)).collect(),
                ),
            )
            .add("Type", "type", true, s(&m.chart_type));
        let metadata = f.record("chart.Metadata");
        let mut outer = Fields::new();
        outer.fields.push(("Metadata", metadata.clone()));
        if let Some(data) = go::json_fields(&metadata) {
            outer.json = data;
        }
        outer.add("IsRoot", "IsRoot", false, Value::from(is_root));
        go::structure(Embedding(Record {
            type_name: "struct { chart.Metadata; IsRoot bool }",
            fields: outer.fields,
            json: outer.json,
        }))
    }

    /// A struct with an embedded struct first: the embedded struct's fields
    /// are reachable directly (`.Chart.Name`), as Go promotes them.
    #[derive(Debug)]
    struct Embedding(Record);

    impl GoStruct for Embedding {
        fn type_name(&self) -> &str {
            self.0.type_name()
        }
        fn kind(&self) -> go::Kind {
            self.0.kind()
        }
        fn field(&self, name: &str) -> Option<Value> {
            self.0.field(name).or_else(|| {
                let embedded = self.0.fields.first()?.1.clone();
                crate::engine::runtime::field::step(&embedded, &|| false, name).ok()
            })
        }
        fn fmt_go(&self, out: &mut String) {
            self.0.fmt_go(out)
        }
        fn printed_fields(&self) -> Option<Vec<(&str, Value)>> {
            self.0.printed_fields()
        }
        fn to_data(&self) -> Data {
            self.0.to_data()
        }
        fn json_fields(&self) -> Option<Vec<(String, Value)>> {
            self.0.json_fields()
        }
    }
}

/// Helm 4: a `map[string]interface {}` keyed by the Go field names, its
/// lists `[]interface {}` and its maintainers and dependencies maps.
mod helm4 {
    use super::*;

    fn strings(items: &[String]) -> Value {
        go::list(items.iter().map(|s| Value::from(s.as_str())).collect())
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        go::map(
            go::Elem::Interface,
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    fn maintainer(m: &Maintainer) -> Value {
        map(vec![
            ("Name", Value::from(m.name.as_str())),
            ("Email", Value::from(m.email.as_str())),
            ("URL", Value::from(m.url.as_str())),
        ])
    }

    fn dependency(d: &Dependency) -> Value {
        map(vec![
            ("Name", Value::from(dependency_name(d))),
            ("Version", Value::from(d.version.as_str())),
            ("Repository", Value::from(d.repository.as_str())),
            ("Condition", Value::from(d.condition.as_str())),
            ("Tags", strings(&d.tags)),
            ("Enabled", Value::from(true)),
            ("ImportValues", import_values(d)),
            ("Alias", Value::from(d.alias.as_str())),
        ])
    }

    pub(super) fn chart(m: &Metadata, name: &str, is_root: bool, deps: &[&Dependency]) -> Value {
        let s = |v: &str| Value::from(v);
        map(vec![
            ("IsRoot", Value::from(is_root)),
            ("Name", s(name)),
            ("Home", s(&m.home)),
            ("Sources", strings(&m.sources)),
            ("Version", s(&m.version)),
            ("Description", s(&m.description)),
            ("Keywords", strings(&m.keywords)),
            (
                "Maintainers",
                go::list(m.maintainers.iter().flatten().map(maintainer).collect()),
            ),
            ("Icon", s(&m.icon)),
            ("APIVersion", s(&m.api_version)),
            ("Condition", s(&m.condition)),
            ("Tags", s(&m.tags)),
            ("AppVersion", s(&m.app_version)),
            ("Deprecated", Value::from(m.deprecated)),
            ("Annotations", annotations(m)),
            ("KubeVersion", s(&m.kube_version)),
            (
                "Dependencies",
                go::list(deps.iter().map(|d| dependency(d)).collect()),
            ),
            ("Type", s(&m.chart_type)),
        ])
    }
}

/// A nil `map[string]string`: Chart.yaml without `annotations`. Empty
/// to `range`, `len` and `index`, `map[]` in `%v`, `null` in JSON.
#[derive(Debug)]
struct NilStringMap;

impl GoStruct for NilStringMap {
    fn type_name(&self) -> &str {
        "map[string]string"
    }
    fn kind(&self) -> go::Kind {
        go::Kind::Map
    }
    fn field(&self, _name: &str) -> Option<Value> {
        Some(Value::from(""))
    }
    fn entries(&self) -> Option<Vec<(Value, Value)>> {
        Some(Vec::new())
    }
    fn entry(&self, _key: &str) -> Option<Value> {
        Some(Value::from(""))
    }
    fn fmt_go(&self, out: &mut String) {
        out.push_str("map[]");
    }
    fn to_data(&self) -> Data {
        Data::Null
    }
}

/// `.Files`: the chart's non-template files, by path (Go's
/// `engine.files`, a `map[string][]byte` with methods). `.Files.Glob`
/// returns the same type, so its result has every method too.
#[derive(Debug)]
pub struct Files {
    files: BTreeMap<String, Arc<[u8]>>,
}

impl Files {
    /// The same files as a plain Go map, for printing and JSON.
    fn as_map(&self) -> Value {
        go::map(
            go::Elem::Interface,
            self.files
                .iter()
                .map(|(p, d)| (p.clone(), go::bytes(d.clone())))
                .collect(),
        )
    }

    fn text(&self, path: &str) -> String {
        self.files
            .get(path)
            .map(|d| String::from_utf8_lossy(d).into_owned())
            .unwrap_or_default()
    }

    /// Helm drops one final newline and splits on `\n`; a file present
    /// but empty makes Helm index before the start and fail.
    fn lines(&self, path: &str) -> Result<Value, String> {
        let lines = match self.files.get(path) {
            None => Vec::new(),
            Some(d) if d.is_empty() => {
                return Err("error calling Lines: runtime error: index out of range [-1]".into());
            }
            Some(d) => {
                let text = String::from_utf8_lossy(d);
                let text = text.strip_suffix('\n').unwrap_or(&text);
                text.split('\n').map(Value::from).collect()
            }
        };
        Ok(go::typed_slice(go::Elem::String, lines))
    }

    /// An invalid pattern selects every file, as in Helm.
    fn glob(&self, pattern: &str) -> Files {
        let files = match Glob::compile(pattern) {
            Ok(glob) => self
                .files
                .iter()
                .filter(|(path, _)| glob.matches(path))
                .map(|(p, d)| (p.clone(), d.clone()))
                .collect(),
            Err(InvalidPattern) => self.files.clone(),
        };
        Files { files }
    }

    /// `AsConfig`/`AsSecrets`: a YAML map from each file's base name to
    /// its text or its base64, as `toYaml` writes it.
    fn as_yaml(&self, encode: fn(&[u8]) -> String) -> Value {
        let map = self
            .files
            .iter()
            .map(|(path, d)| {
                let base = path.rsplit('/').next().unwrap_or(path).to_owned();
                (base, Data::String(encode(d)))
            })
            .collect();
        Value::from(emit::to_yaml(&Data::Map(map)).unwrap_or_default())
    }
}

impl GoStruct for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    fn kind(&self) -> go::Kind {
        go::Kind::Map
    }
    /// `.Files.name` is a map lookup, as on any Go map.
    fn field(&self, name: &str) -> Option<Value> {
        if self.has_method(name) {
            return None;
        }
        self.entry(name)
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "Get" | "GetBytes" | "Lines" | "Glob" | "AsConfig" | "AsSecrets"
        )
    }
    fn entry(&self, key: &str) -> Option<Value> {
        Some(go::bytes(
            self.files
                .get(key)
                .cloned()
                .unwrap_or_else(|| Arc::from([])),
        ))
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        let want = usize::from(matches!(name, "Get" | "GetBytes" | "Lines" | "Glob"));
        if args.len() != want {
            return Err(format!(
                "wrong number of args for {name}: want {want} got {}",
                args.len()
            ));
        }
        let arg = || match go::view(&args[0]) {
            go::View::String(s) => Ok(s),
            go::View::Nil => Err("invalid value; expected string".to_owned()),
            _ => Err(format!(
                "wrong type for value; expected string; got {}",
                go::type_name(&args[0])
            )),
        };
        match name {
            "Get" => Ok(Value::from(self.text(arg()?))),
            "GetBytes" => Ok(self.entry(arg()?).unwrap_or_default()),
            "Lines" => self.lines(arg()?),
            "Glob" => Ok(go::structure(self.glob(arg()?))),
            "AsConfig" => Ok(self.as_yaml(|d| String::from_utf8_lossy(d).into_owned())),
            _ => Ok(self.as_yaml(|d| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(d)
            })),
        }
    }
    fn entries(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.files
                .iter()
                .map(|(p, d)| (Value::from(p.as_str()), go::bytes(d.clone())))
                .collect(),
        )
    }
    fn fmt_go(&self, out: &mut String) {
        fmt_value(&self.as_map(), out);
    }
    fn to_data(&self) -> Data {
        go::to_data(&self.as_map())
    }
}

pub fn files(chart: &Chart) -> Value {
    go::structure(Files {
        files: chart
            .files
            .iter()
            .map(|f| (f.name.clone(), Arc::from(f.data.as_slice())))
            .collect(),
    })
}
