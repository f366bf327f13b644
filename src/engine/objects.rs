//! The Go structs Helm hands to templates: `.Chart`, `.Capabilities`,
//! `.Files` and their parts. Maps (`.Release`, `.Template`, `.Values`) are
//! plain [`GoMap`](super::runtime::value::GoMap)s, as they are in Helm.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use minijinja::Value;

use super::HelmCompat;
use super::kube_version::KubeVersion;
use super::runtime::print::fmt_value;
use super::runtime::value::{self, Elem, GoStruct, SliceType};
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

/// `.Capabilities.APIVersions`: Helm's `VersionSet`, a `[]string` with a
/// `Has` method, so every list function takes it too.
static VERSION_SET_HELM3: SliceType = SliceType {
    name: "chartutil.VersionSet",
    elem: Elem::String,
    method: version_set_method,
};
static VERSION_SET_HELM4: SliceType = SliceType {
    name: "common.VersionSet",
    elem: Elem::String,
    method: version_set_method,
};

fn version_set_method(
    name: &str,
    items: &[Value],
    args: &[Value],
) -> Option<Result<Value, String>> {
    if name != "Has" {
        return None;
    }
    Some(match args {
        [v] => {
            Ok(Value::from(v.as_str().is_some_and(|s| {
                items.iter().any(|x| x.as_str() == Some(s))
            })))
        }
        _ => Err(format!(
            "wrong number of args for Has: want 1 got {}",
            args.len()
        )),
    })
}

/// `.Capabilities`: the Kubernetes version, the API versions the cluster
/// is assumed to serve (Helm's built-in list, then `--api-versions` in
/// flag order, duplicates kept, as Helm appends them) and Helm's build info.
pub fn capabilities(
    kube: &KubeVersion,
    extra_api_versions: Vec<String>,
    compat: HelmCompat,
) -> Value {
    let builtin = BuiltIn::of(compat);
    let kube = Record {
        type_name: "*common.KubeVersion",
        fields: BTreeMap::from([
            ("Version", Value::from(kube.version.as_str())),
            ("Major", Value::from(kube.major.as_str())),
            ("Minor", Value::from(kube.minor.as_str())),
            ("GitVersion", Value::from(kube.version.as_str())),
        ]),
        stringer: Some(kube.display.clone()),
        json: Data::Map(BTreeMap::from([
            ("Major".into(), Data::String(kube.major.clone())),
            ("Minor".into(), Data::String(kube.minor.clone())),
            ("Version".into(), Data::String(kube.version.clone())),
        ])),
    };
    let helm = BuildInfo(builtin.helm_version.clone());
    let mut versions = builtin.api_versions.clone();
    versions.extend(extra_api_versions);
    let apis = value::named_slice(
        match compat {
            HelmCompat::Helm3 => &VERSION_SET_HELM3,
            HelmCompat::Helm4 => &VERSION_SET_HELM4,
        },
        versions.into_iter().map(Value::from).collect(),
    );
    let json = Data::Map(BTreeMap::from([
        ("APIVersions".into(), value::to_data(&apis)),
        ("HelmVersion".into(), helm.to_data()),
        ("KubeVersion".into(), kube.json.clone()),
    ]));
    value::structure(Record {
        type_name: "*common.Capabilities",
        fields: BTreeMap::from([
            ("KubeVersion", value::structure(kube)),
            ("APIVersions", apis),
            ("HelmVersion", value::structure(helm)),
        ]),
        stringer: None,
        json,
    })
}

/// What each Helm assumes without a cluster, recorded from the binaries by
/// scripts/record-capabilities-goldens.sh.
#[derive(serde::Deserialize)]
struct BuiltIn {
    #[serde(rename = "apiVersions")]
    api_versions: Vec<String>,
    #[serde(rename = "helmVersion")]
    helm_version: BTreeMap<String, String>,
}

impl BuiltIn {
    fn of(compat: HelmCompat) -> &'static BuiltIn {
        static HELM3: OnceLock<BuiltIn> = OnceLock::new();
        static HELM4: OnceLock<BuiltIn> = OnceLock::new();
        let (cell, json) = match compat {
            HelmCompat::Helm3 => (&HELM3, include_str!("capabilities/helm3.json")),
            HelmCompat::Helm4 => (&HELM4, include_str!("capabilities/helm4.json")),
        };
        cell.get_or_init(|| {
            serde_json::from_str(json).expect("recorded capabilities are valid JSON")
        })
    }
}

/// `.Capabilities.HelmVersion`, Helm's `BuildInfo` struct (a value, not a
/// pointer: it prints as `{v4.1.4 COMMIT clean go1.25.9 v1.35}`).
#[derive(Debug)]
struct BuildInfo(BTreeMap<String, String>);

impl BuildInfo {
    /// Field names in declaration order, with their json tags.
    const FIELDS: [(&'static str, &'static str); 5] = [
        ("Version", "version"),
        ("GitCommit", "git_commit"),
        ("GitTreeState", "git_tree_state"),
        ("GoVersion", "go_version"),
        ("KubeClientVersion", "kube_client_version"),
    ];

    fn present(&self) -> impl Iterator<Item = (&'static str, &'static str, &String)> {
        Self::FIELDS
            .iter()
            .filter_map(|&(go, json)| self.0.get(go).map(|v| (go, json, v)))
    }
}

impl GoStruct for BuildInfo {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    fn kind(&self) -> value::Kind {
        value::Kind::Struct
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.0.get(name).map(|v| Value::from(v.as_str()))
    }
    fn fmt_go(&self, out: &mut String) {
        let values: Vec<&str> = self.present().map(|(_, _, v)| v.as_str()).collect();
        out.push('{');
        out.push_str(&values.join(" "));
        out.push('}');
    }
    fn to_data(&self) -> Data {
        Data::Map(
            self.present()
                .map(|(_, json, v)| (json.to_owned(), Data::String(v.clone())))
                .collect(),
        )
    }
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
