//! What the pass reads from parsed documents: the objects of the stream,
//! the workloads' pod templates and the ConfigMaps and Secrets each one
//! references, and the checksum over a canonical form of those.

use sha2::{Digest, Sha256};

use crate::values::yaml::PathSeg;
use crate::values::{Map, Value};

/// A ConfigMap or Secret, as a pod refers to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjRef {
    /// `ConfigMap` or `Secret`.
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
}

impl std::fmt::Display for ObjRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// One object of the stream: its value and where it sits in its document
/// (the empty path, or under `items` of a `kind: List`).
pub struct Object<'v> {
    pub value: &'v Map,
    pub path: Vec<PathSeg>,
}

/// Every object in a parsed document: the document itself, or for a
/// `kind: List` its items (recursively), as `kubectl` and Helm see them.
pub fn objects<'v>(doc: &'v Value, path: Vec<PathSeg>, out: &mut Vec<Object<'v>>) {
    let Value::Map(m) = doc else { return };
    if str_at(m, "kind") == Some("List")
        && let Some(Value::List(items)) = m.get("items")
    {
        for (i, item) in items.iter().enumerate() {
            let mut p = path.clone();
            p.push(PathSeg::Key("items".into()));
            p.push(PathSeg::Index(i));
            objects(item, p, out);
        }
        return;
    }
    out.push(Object { value: m, path });
}

fn str_at<'v>(m: &'v Map, key: &str) -> Option<&'v str> {
    match m.get(key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

fn map_at<'v>(m: &'v Map, key: &str) -> Option<&'v Map> {
    m.get(key).and_then(Value::as_map)
}

fn list<'v>(m: &'v Map, key: &str) -> Vec<&'v Map> {
    match m.get(key) {
        Some(Value::List(l)) => l.iter().filter_map(Value::as_map).collect(),
        _ => Vec::new(),
    }
}

/// The API group of an `apiVersion` (`""` for the core group).
fn group(m: &Map) -> &str {
    let v = str_at(m, "apiVersion").unwrap_or("");
    v.rsplit_once('/').map_or("", |(g, _)| g)
}

fn namespace_of(m: &Map, release_ns: &str) -> String {
    match map_at(m, "metadata").and_then(|md| str_at(md, "namespace")) {
        Some(ns) if !ns.is_empty() => ns.to_string(),
        _ => release_ns.to_string(),
    }
}

/// The object as a referenceable ConfigMap or Secret, if it is one.
pub fn as_config(m: &Map, release_ns: &str) -> Option<ObjRef> {
    let kind = match (str_at(m, "kind")?, group(m)) {
        ("ConfigMap", "") => "ConfigMap",
        ("Secret", "") => "Secret",
        _ => return None,
    };
    let name = map_at(m, "metadata").and_then(|md| str_at(md, "name"))?;
    Some(ObjRef {
        kind,
        namespace: namespace_of(m, release_ns),
        name: name.to_string(),
    })
}

/// A workload's pod template: where it is (relative to the object) and
/// its value.
pub struct PodTemplate<'v> {
    /// Path of the pod template map (`spec.template`, `spec.jobTemplate.
    /// spec.template`, or empty for a Pod) inside the object.
    pub path: Vec<PathSeg>,
    pub template: &'v Map,
    pub kind: &'v str,
    pub name: &'v str,
    pub namespace: String,
}

/// The object's pod template, if it is a workload.
pub fn pod_template<'v>(m: &'v Map, release_ns: &str) -> Option<PodTemplate<'v>> {
    let kind = str_at(m, "kind")?;
    let keys: &[&str] = match (kind, group(m)) {
        ("Pod", "") => &[],
        ("Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet", "apps" | "extensions") => {
            &["spec", "template"]
        }
        ("Job", "batch") => &["spec", "template"],
        ("CronJob", "batch") => &["spec", "jobTemplate", "spec", "template"],
        _ => return None,
    };
    let mut template = m;
    for k in keys {
        template = map_at(template, k)?;
    }
    Some(PodTemplate {
        path: keys.iter().map(|k| PathSeg::Key(k.to_string())).collect(),
        template,
        kind,
        name: map_at(m, "metadata")
            .and_then(|md| str_at(md, "name"))
            .unwrap_or(""),
        namespace: namespace_of(m, release_ns),
    })
}

/// The ConfigMaps and Secrets a pod template references, sorted and
/// deduplicated: volumes (projected sources too), `env[].valueFrom` and
/// `envFrom` of containers, init containers and ephemeral containers. A
/// pod can only reference objects of its own namespace.
pub fn references(t: &PodTemplate) -> Vec<ObjRef> {
    let mut refs = Vec::new();
    let mut add = |kind: &'static str, name: Option<&str>| {
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            refs.push(ObjRef {
                kind,
                namespace: t.namespace.clone(),
                name: name.to_string(),
            });
        }
    };
    let Some(spec) = map_at(t.template, "spec") else {
        return refs;
    };
    for vol in list(spec, "volumes") {
        add(
            "ConfigMap",
            map_at(vol, "configMap").and_then(|c| str_at(c, "name")),
        );
        add(
            "Secret",
            map_at(vol, "secret").and_then(|s| str_at(s, "secretName")),
        );
        if let Some(projected) = map_at(vol, "projected") {
            for src in list(projected, "sources") {
                add(
                    "ConfigMap",
                    map_at(src, "configMap").and_then(|c| str_at(c, "name")),
                );
                add(
                    "Secret",
                    map_at(src, "secret").and_then(|s| str_at(s, "name")),
                );
            }
        }
    }
    for group in ["initContainers", "containers", "ephemeralContainers"] {
        for c in list(spec, group) {
            for e in list(c, "env") {
                if let Some(from) = map_at(e, "valueFrom") {
                    add(
                        "ConfigMap",
                        map_at(from, "configMapKeyRef").and_then(|r| str_at(r, "name")),
                    );
                    add(
                        "Secret",
                        map_at(from, "secretKeyRef").and_then(|r| str_at(r, "name")),
                    );
                }
            }
            for e in list(c, "envFrom") {
                add(
                    "ConfigMap",
                    map_at(e, "configMapRef").and_then(|r| str_at(r, "name")),
                );
                add(
                    "Secret",
                    map_at(e, "secretRef").and_then(|r| str_at(r, "name")),
                );
            }
        }
    }
    refs.sort();
    refs.dedup();
    refs
}

/// Version tag at the head of the hashed text: bump it when the canonical
/// form changes, so old and new checksums never compare equal by accident.
const SCHEME: &str = "deltallm-render checksum v1\n";

/// One referenced object's line of the canonical form: `[kind, name,
/// content]` in JSON, where content is the object without `apiVersion`,
/// `kind` and `metadata` (for a ConfigMap `data`, `binaryData`,
/// `immutable`; for a Secret `data`, `stringData`, `type`, `immutable`),
/// keys sorted, followed by a newline. The namespace is left out: a pod
/// only references objects of its own namespace, and leaving it out keeps
/// the value the same whether or not the release namespace was known
/// (Helm 3 does not tell an executable post-renderer).
pub fn canonical_line(r: &ObjRef, def: &Map) -> String {
    let content: Map = def
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "apiVersion" | "kind" | "metadata"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let line = Value::List(vec![
        Value::String(r.kind.to_string()),
        Value::String(r.name.clone()),
        Value::Map(content),
    ]);
    // Cannot fail: parsed YAML holds no NaN or infinity.
    let mut json = crate::values::emit::to_json(&line).unwrap_or_default();
    json.push('\n');
    json
}

/// The checksum of what a pod template references: sha256 over the scheme
/// tag and the [`canonical_line`]s of the referenced objects in (kind,
/// name) order. An object defined twice contributes both definitions in
/// stream order.
pub fn checksum<'l>(lines: impl IntoIterator<Item = &'l str>) -> String {
    let mut h = Sha256::new();
    h.update(SCHEME.as_bytes());
    for l in lines {
        h.update(l.as_bytes());
    }
    let mut hex = String::with_capacity(64);
    for b in h.finalize() {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";
