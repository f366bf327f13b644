//! `.Chart` and `.Files` for a loaded chart.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::Value;

use super::glob::{Glob, InvalidPattern};

use crate::chart::{Chart, Metadata};
use crate::engine::objects::Record;
use crate::engine::runtime::print::fmt_value;
use crate::engine::runtime::value::{self as go, GoStruct};
use crate::values::{Value as Data, emit};

fn strings(items: &[String]) -> Value {
    go::typed_slice(
        go::Elem::String,
        items.iter().map(|s| Value::from(s.as_str())).collect(),
    )
}

/// `.Chart`: Go's `*chart.Metadata`, fields by their Go names, plus Helm's
/// `IsRoot`. `name` is the chart's name or, for a subchart imported under
/// an alias, the alias (Helm renames the subchart).
pub fn metadata(m: &Metadata, name: &str, is_root: bool) -> Value {
    let s = |v: &str| Value::from(v);
    let fields = vec![
        ("IsRoot", Value::from(is_root)),
        ("Name", s(name)),
        ("Home", s(&m.home)),
        ("Sources", strings(&m.sources)),
        ("Version", s(&m.version)),
        ("Description", s(&m.description)),
        ("Keywords", strings(&m.keywords)),
        ("Icon", s(&m.icon)),
        ("APIVersion", s(&m.api_version)),
        ("Condition", s(&m.condition)),
        ("Tags", s(&m.tags)),
        ("AppVersion", s(&m.app_version)),
        ("Deprecated", Value::from(m.deprecated)),
        ("KubeVersion", s(&m.kube_version)),
        ("Type", s(&m.chart_type)),
        (
            "Annotations",
            go::map(
                go::Elem::String,
                m.annotations
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                    .collect(),
            ),
        ),
    ];
    go::structure(Record {
        type_name: "*chart.Metadata",
        fields,
        json: Vec::new(),
    })
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
