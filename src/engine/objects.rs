//! The Go structs Helm hands to templates: `.Chart`, `.Capabilities`,
//! `.Files` and their parts. Maps (`.Release`, `.Template`, `.Values`) are
//! plain [`GoMap`](super::runtime::value::GoMap)s, as they are in Helm.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use minijinja::Value;

use super::HelmCompat;
use super::kube_version::KubeVersion;
use super::runtime::print::fmt_nested;
use super::runtime::value::{self, Elem, GoStruct, SliceType};
use crate::values::Value as Data;

/// A Go struct given as its fields, in declaration order (the order `%v`
/// prints them and JSON encodes them).
#[derive(Debug)]
pub struct Record {
    /// The Go type, e.g. `*chartutil.Capabilities`; a leading `*` makes it
    /// a pointer to the struct.
    pub type_name: &'static str,
    pub fields: Vec<(&'static str, Value)>,
    /// Go's JSON form: names as the json tags give them, in field order,
    /// `omitempty` fields that are empty left out.
    pub json: Vec<(String, Value)>,
}

impl Record {
    fn is_pointer(&self) -> bool {
        self.type_name.starts_with('*')
    }

    fn fmt_fields(&self, out: &mut String) {
        out.push('{');
        for (i, (_, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            fmt_nested(v, out);
        }
        out.push('}');
    }
}

impl GoStruct for Record {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn kind(&self) -> value::Kind {
        if self.is_pointer() {
            value::Kind::Ptr
        } else {
            value::Kind::Struct
        }
    }
    fn field(&self, name: &str) -> Option<Value> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
    /// `%v` of a pointer to a struct is `&{field1 field2 ...}`.
    fn fmt_go(&self, out: &mut String) {
        if self.is_pointer() {
            out.push('&');
        }
        self.fmt_fields(out);
    }
    fn fmt_output(&self, out: &mut String) {
        self.fmt_fields(out);
    }
    fn prints_as_address(&self) -> bool {
        self.is_pointer()
    }
    fn printed_fields(&self) -> Option<Vec<(&str, Value)>> {
        Some(self.fields.iter().map(|(n, v)| (*n, v.clone())).collect())
    }
    fn to_data(&self) -> Data {
        Data::Map(
            self.json
                .iter()
                .map(|(k, v)| (k.clone(), value::to_data(v)))
                .collect(),
        )
    }
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(self.json.clone())
    }
}

/// `.Capabilities.KubeVersion`: a struct value inside `*Capabilities`,
/// whose `String()` and `GitVersion()` belong to its pointer type. Reached
/// through `.Capabilities` it is addressable, so `{{ .Capabilities.KubeVersion }}`
/// prints `String()` and the methods work; a function receives a copy that
/// is not, and prints (and returns) the struct's fields.
#[derive(Debug, Clone)]
struct KubeVersionValue {
    kube: KubeVersion,
    compat: HelmCompat,
    addressable: bool,
}

/// Helm 4's unexported field of `KubeVersion`, which only `fmt` sees.
const UNEXPORTED: &str = "normalizedVersion";

impl KubeVersionValue {
    fn fields(&self) -> Vec<(&'static str, &str)> {
        let k = &self.kube;
        match self.compat {
            HelmCompat::Helm3 => vec![
                ("Version", &k.version),
                ("Major", &k.major),
                ("Minor", &k.minor),
            ],
            // Helm 4 keeps the normalized text in an unexported field,
            // between `Version` and `Major`; `%v` shows it.
            HelmCompat::Helm4 => vec![
                ("Version", &k.version),
                (UNEXPORTED, &k.display),
                ("Major", &k.major),
                ("Minor", &k.minor),
            ],
        }
    }
}

impl GoStruct for KubeVersionValue {
    fn type_name(&self) -> &str {
        match self.compat {
            HelmCompat::Helm3 => "chartutil.KubeVersion",
            HelmCompat::Helm4 => "common.KubeVersion",
        }
    }
    fn kind(&self) -> value::Kind {
        value::Kind::Struct
    }
    fn field(&self, name: &str) -> Option<Value> {
        let k = &self.kube;
        match name {
            "Version" => Some(Value::from(k.version.as_str())),
            "Major" => Some(Value::from(k.major.as_str())),
            "Minor" => Some(Value::from(k.minor.as_str())),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        self.addressable && matches!(name, "String" | "GitVersion")
    }
    fn call_method(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        if !args.is_empty() {
            return Err(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            ));
        }
        Ok(Value::from(match name {
            "String" => self.kube.display.as_str(),
            _ => self.kube.version.as_str(),
        }))
    }
    fn fmt_go(&self, out: &mut String) {
        let values: Vec<&str> = self.fields().into_iter().map(|(_, v)| v).collect();
        out.push('{');
        out.push_str(&values.join(" "));
        out.push('}');
    }
    fn printed_fields(&self) -> Option<Vec<(&str, Value)>> {
        Some(
            self.fields()
                .into_iter()
                .map(|(n, v)| (n, Value::from(v)))
                .collect(),
        )
    }
    fn fmt_output(&self, out: &mut String) {
        if self.addressable {
            out.push_str(&self.kube.display);
        } else {
            self.fmt_go(out);
        }
    }
    fn copied(&self) -> Option<Value> {
        self.addressable.then(|| {
            value::structure(KubeVersionValue {
                addressable: false,
                ..self.clone()
            })
        })
    }
    fn to_data(&self) -> Data {
        Data::Map(
            self.json()
                .into_iter()
                .map(|(k, v)| (k, value::to_data(&v)))
                .collect(),
        )
    }
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(self.json())
    }
}

impl KubeVersionValue {
    /// The exported fields; they have no json tags.
    fn json(&self) -> Vec<(String, Value)> {
        self.fields()
            .into_iter()
            .filter(|(name, _)| *name != UNEXPORTED)
            .map(|(name, v)| (name.to_owned(), Value::from(v)))
            .collect()
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
    let kube = value::structure(KubeVersionValue {
        kube: kube.clone(),
        compat,
        addressable: true,
    });
    let helm = value::structure(BuildInfo(builtin.helm_version.clone()));
    let mut versions = builtin.api_versions.clone();
    versions.extend(extra_api_versions);
    let apis = value::named_slice(
        match compat {
            HelmCompat::Helm3 => &VERSION_SET_HELM3,
            HelmCompat::Helm4 => &VERSION_SET_HELM4,
        },
        versions.into_iter().map(Value::from).collect(),
    );
    let fields = vec![
        ("KubeVersion", kube),
        ("APIVersions", apis),
        ("HelmVersion", helm),
    ];
    value::structure(Record {
        type_name: match compat {
            HelmCompat::Helm3 => "*chartutil.Capabilities",
            HelmCompat::Helm4 => "*common.Capabilities",
        },
        json: fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        fields,
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
    fn printed_fields(&self) -> Option<Vec<(&str, Value)>> {
        Some(
            self.present()
                .map(|(go, _, v)| (go, Value::from(v.as_str())))
                .collect(),
        )
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
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.present()
                .map(|(_, json, v)| (json.to_owned(), Value::from(v.as_str())))
                .collect(),
        )
    }
}

/// `.Release` as Helm builds it for `helm template`.
/// Helm's `Values` type, of `$`, `.Values` and `.Template`.
pub fn values_type(compat: HelmCompat) -> &'static str {
    match compat {
        HelmCompat::Helm3 => "chartutil.Values",
        HelmCompat::Helm4 => "common.Values",
    }
}

/// `.Values`: the computed values as Helm's `Values` map.
pub fn values(values: &crate::values::Map, compat: HelmCompat) -> Value {
    let entries = values
        .iter()
        .map(|(k, v)| (k.clone(), value::from_data(v)))
        .collect();
    value::named_map(values_type(compat), entries)
}

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
