//! The Go structs Helm hands to templates: `.Chart`, `.Capabilities`,
//! `.Files` and their parts. Maps (`.Release`, `.Template`, `.Values`) are
//! plain [`GoMap`](super::runtime::value::GoMap)s, as they are in Helm.

use std::collections::BTreeMap;

use minijinja::Value;

use super::runtime::print::fmt_value;
use super::runtime::value::{self, Elem, GoStruct};
use crate::values::Value as Data;

/// A struct given as its fields, with an optional `String()` form (Go's
/// Stringer: what `{{ .Capabilities.KubeVersion }}` prints).
#[derive(Debug)]
pub struct Record {
    pub type_name: &'static str,
    pub fields: BTreeMap<&'static str, Value>,
    pub stringer: Option<String>,
    /// Go's JSON form: field names as the struct's json tags give them.
    pub json: Data,
}

impl GoStruct for Record {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.fields.get(name).cloned()
    }
    fn fmt_go(&self, out: &mut String) {
        if let Some(s) = &self.stringer {
            out.push_str(s);
            return;
        }
        // Go prints a struct pointer as &{field1 field2 ...} in field order;
        // our field order is declaration order only where callers keep it.
        out.push_str("&{");
        for (i, v) in self.fields.values().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            fmt_value(v, out);
        }
        out.push('}');
    }
    fn to_data(&self) -> Data {
        self.json.clone()
    }
}

/// `.Capabilities.APIVersions`: a list with a `Has` method.
#[derive(Debug)]
pub struct ApiVersions {
    pub versions: Vec<String>,
}

impl GoStruct for ApiVersions {
    fn type_name(&self) -> &str {
        "common.VersionSet"
    }
    fn kind(&self) -> value::Kind {
        value::Kind::Slice
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn has_method(&self, name: &str) -> bool {
        name == "Has"
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        match (name, args) {
            ("Has", [v]) => Ok(Value::from(
                v.as_str()
                    .is_some_and(|s| self.versions.iter().any(|x| x == s)),
            )),
            ("Has", _) => Err(format!(
                "wrong number of args for Has: want 1 got {}",
                args.len()
            )),
            _ => Err(format!(
                "can't evaluate field {name} in type {}",
                self.type_name()
            )),
        }
    }
    fn fmt_go(&self, out: &mut String) {
        out.push('[');
        out.push_str(&self.versions.join(" "));
        out.push(']');
    }
    fn to_data(&self) -> Data {
        Data::List(
            self.versions
                .iter()
                .map(|s| Data::String(s.clone()))
                .collect(),
        )
    }
}

/// Builds `.Capabilities` for a Kubernetes version like `v1.35.0`.
pub fn capabilities(kube_version: &str, api_versions: Vec<String>, helm_version: &str) -> Value {
    let trimmed = kube_version.trim_start_matches('v');
    let mut parts = trimmed.split('.');
    let major = parts.next().unwrap_or("1").to_owned();
    let minor = parts.next().unwrap_or("0").to_owned();
    let kube = Record {
        type_name: "*common.KubeVersion",
        fields: BTreeMap::from([
            ("Version", Value::from(kube_version)),
            ("Major", Value::from(major.clone())),
            ("Minor", Value::from(minor.clone())),
            ("GitVersion", Value::from(kube_version)),
        ]),
        stringer: Some(kube_version.to_owned()),
        json: Data::Map(BTreeMap::from([
            ("Major".into(), Data::String(major)),
            ("Minor".into(), Data::String(minor)),
            ("Version".into(), Data::String(kube_version.into())),
        ])),
    };
    let helm = Record {
        type_name: "common.BuildInfo",
        fields: BTreeMap::from([("Version", Value::from(helm_version))]),
        stringer: None,
        json: Data::Map(BTreeMap::from([(
            "version".into(),
            Data::String(helm_version.into()),
        )])),
    };
    let apis = ApiVersions {
        versions: api_versions,
    };
    let json = Data::Map(BTreeMap::from([
        ("APIVersions".into(), apis.to_data()),
        ("HelmVersion".into(), helm.json.clone()),
        ("KubeVersion".into(), kube.json.clone()),
    ]));
    value::structure(Record {
        type_name: "*common.Capabilities",
        fields: BTreeMap::from([
            ("KubeVersion", value::structure(kube)),
            ("APIVersions", value::structure(apis)),
            ("HelmVersion", value::structure(helm)),
        ]),
        stringer: None,
        json,
    })
}

/// `.Release` as Helm builds it for `helm template`.
pub fn release(name: &str, namespace: &str, is_upgrade: bool, revision: i64) -> Value {
    value::map(
        Elem::Interface,
        BTreeMap::from([
            ("Name".to_owned(), Value::from(name)),
            ("Namespace".to_owned(), Value::from(namespace)),
            ("IsUpgrade".to_owned(), Value::from(is_upgrade)),
            ("IsInstall".to_owned(), Value::from(!is_upgrade)),
            ("Revision".to_owned(), Value::from(revision)),
            ("Service".to_owned(), Value::from("Helm")),
        ]),
    )
}
