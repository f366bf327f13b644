//! `.Chart` and `.Files` for a loaded chart.

use std::collections::BTreeMap;

use minijinja::Value;

use crate::chart::{Chart, Metadata};
use crate::engine::objects::Record;
use crate::engine::runtime::value::{self as go, GoStruct};
use crate::values::Value as Data;

fn strings(items: &[String]) -> Value {
    go::typed_slice(
        go::Elem::String,
        items.iter().map(|s| Value::from(s.as_str())).collect(),
    )
}

/// `.Chart`: Go's `*chart.Metadata`, fields by their Go names.
pub fn metadata(m: &Metadata) -> Value {
    let s = |v: &str| Value::from(v);
    let fields = BTreeMap::from([
        ("Name", s(&m.name)),
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
    ]);
    go::structure(Record {
        type_name: "*chart.Metadata",
        fields,
        stringer: None,
        json: m.raw.clone(),
    })
}

/// `.Files`: the chart's non-template files, by path.
#[derive(Debug)]
pub struct Files {
    files: BTreeMap<String, Vec<u8>>,
}

impl GoStruct for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    fn kind(&self) -> go::Kind {
        go::Kind::Map
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "Get" | "GetBytes" | "Lines" | "Glob" | "AsConfig" | "AsSecrets"
        )
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        let path = args.first().and_then(|a| a.as_str()).unwrap_or_default();
        let text = || {
            String::from_utf8_lossy(self.files.get(path).map(Vec::as_slice).unwrap_or_default())
                .into_owned()
        };
        match name {
            "Get" => Ok(Value::from(text())),
            "Lines" => {
                let t = text();
                let lines: Vec<Value> = if t.is_empty() {
                    Vec::new()
                } else {
                    t.split('\n').map(Value::from).collect()
                };
                Ok(go::typed_slice(go::Elem::String, lines))
            }
            other => Err(format!(
                "deltallm-render does not support .Files.{other} yet"
            )),
        }
    }
    fn fmt_go(&self, out: &mut String) {
        out.push_str("map[");
        let names: Vec<&str> = self.files.keys().map(String::as_str).collect();
        out.push_str(&names.join(" "));
        out.push(']');
    }
    fn to_data(&self) -> Data {
        Data::Map(Default::default())
    }
}

pub fn files(chart: &Chart) -> Value {
    go::structure(Files {
        files: chart
            .files
            .iter()
            .map(|f| (f.name.clone(), f.data.clone()))
            .collect(),
    })
}
