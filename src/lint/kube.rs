//! Per-document Kubernetes checks on rendered manifests: identity fields,
//! DNS-1123 names, label syntax, duplicate resources, selectors that match
//! their pod labels, and API versions Kubernetes removed.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Finding, Severity};
use crate::values::{Map, Value};

static SUBDOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$").unwrap()
});
static LABEL_1123: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").unwrap());
static LABEL_1035: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z]([-a-z0-9]*[a-z0-9])?$").unwrap());
static LABEL_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$").unwrap());
static QUALIFIED_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$").unwrap());

/// One parsed document of the release.
pub struct Doc {
    pub file: String,
    pub value: Map,
}

/// Kinds whose names must be DNS-1035 labels (Kubernetes' rule for Services).
const LABEL_NAMED: &[&str] = &["Service", "Namespace"];
/// Removed API versions: (apiVersion, kind, removed in).
const REMOVED: &[(&str, &str, &str)] = &[
    ("extensions/v1beta1", "Ingress", "1.22"),
    ("networking.k8s.io/v1beta1", "Ingress", "1.22"),
    ("extensions/v1beta1", "Deployment", "1.16"),
    ("apps/v1beta1", "Deployment", "1.16"),
    ("apps/v1beta2", "Deployment", "1.16"),
    ("policy/v1beta1", "PodDisruptionBudget", "1.25"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26"),
    ("batch/v1beta1", "CronJob", "1.25"),
    ("rbac.authorization.k8s.io/v1beta1", "Role", "1.22"),
    ("rbac.authorization.k8s.io/v1beta1", "RoleBinding", "1.22"),
];
const WORKLOADS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
];

fn get<'a>(m: &'a Map, path: &[&str]) -> Option<&'a Value> {
    let mut cur = m.get(path[0])?;
    for k in &path[1..] {
        cur = cur.as_map()?.get(*k)?;
    }
    Some(cur)
}

fn str_at<'a>(m: &'a Map, path: &[&str]) -> Option<&'a str> {
    get(m, path).and_then(Value::as_str)
}

fn labels_at(m: &Map, path: &[&str]) -> BTreeMap<String, String> {
    get(m, path)
        .and_then(Value::as_map)
        .map(|l| {
            l.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn subset(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

fn label_key_ok(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    prefix.is_none_or(|p| p.len() <= 253 && SUBDOMAIN.is_match(p))
        && name.len() <= 63
        && QUALIFIED_NAME.is_match(name)
}

/// Runs every check over the release's documents.
pub fn check(docs: &[Doc], release_namespace: &str, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<(String, String, String, String), String> = BTreeMap::new();
    let mut pod_templates: Vec<BTreeMap<String, String>> = Vec::new();
    for d in docs {
        if WORKLOADS.contains(&str_at(&d.value, &["kind"]).unwrap_or_default()) {
            pod_templates.push(labels_at(
                &d.value,
                &["spec", "template", "metadata", "labels"],
            ));
        }
        if str_at(&d.value, &["kind"]) == Some("Pod") {
            pod_templates.push(labels_at(&d.value, &["metadata", "labels"]));
        }
    }
    for d in docs {
        let m = &d.value;
        let mut f = |severity, message: String| {
            out.push(Finding {
                severity,
                file: d.file.clone(),
                message,
            })
        };
        let kind = str_at(m, &["kind"]).unwrap_or_default();
        let api = str_at(m, &["apiVersion"]).unwrap_or_default();
        let name = str_at(m, &["metadata", "name"]).unwrap_or_default();
        let what = if name.is_empty() {
            kind.to_owned()
        } else {
            format!("{kind} {name:?}")
        };
        if api.is_empty() {
            f(Severity::Error, format!("{what}: apiVersion is missing"));
        }
        if kind.is_empty() {
            f(Severity::Error, "kind is missing".into());
        }
        if name.is_empty() && str_at(m, &["metadata", "generateName"]).is_none() {
            f(Severity::Error, format!("{what}: metadata.name is missing"));
        } else if !name.is_empty() {
            if LABEL_NAMED.contains(&kind) {
                if name.len() > 63 || !LABEL_1035.is_match(name) {
                    f(
                        Severity::Error,
                        format!(
                            "{what}: metadata.name must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63 characters)"
                        ),
                    );
                }
            } else if name.len() > 253 || !SUBDOMAIN.is_match(name) {
                f(
                    Severity::Error,
                    format!(
                        "{what}: metadata.name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)"
                    ),
                );
            }
        }
        let ns = str_at(m, &["metadata", "namespace"]).unwrap_or(release_namespace);
        if !ns.is_empty() && (ns.len() > 63 || !LABEL_1123.is_match(ns)) {
            f(
                Severity::Error,
                format!("{what}: namespace {ns:?} is not a DNS-1123 label"),
            );
        }
        for (api_v, k, removed) in REMOVED {
            if api == *api_v && kind == *k {
                f(
                    Severity::Warning,
                    format!("{what}: {api} {kind} was removed in Kubernetes {removed}"),
                );
            }
        }
        for where_ in [
            &["metadata", "labels"][..],
            &["spec", "template", "metadata", "labels"][..],
            &["spec", "selector", "matchLabels"][..],
        ] {
            for (k, v) in labels_at(m, where_) {
                if !label_key_ok(&k) {
                    f(
                        Severity::Error,
                        format!("{what}: {}: label key {k:?} is not valid", where_.join(".")),
                    );
                }
                if v.len() > 63 || !LABEL_VALUE.is_match(&v) {
                    f(
                        Severity::Error,
                        format!(
                            "{what}: {}.{k}: label value {v:?} is not valid (at most 63 characters: alphanumerics, '-', '_', '.', starting and ending alphanumeric)",
                            where_.join(".")
                        ),
                    );
                }
            }
        }
        if !kind.is_empty() && !name.is_empty() {
            let group = api.rsplit_once('/').map_or("", |(g, _)| g).to_owned();
            let key = (group, kind.to_owned(), ns.to_owned(), name.to_owned());
            if let Some(first) = seen.get(&key) {
                f(
                    Severity::Error,
                    format!("{what}: duplicate resource (first defined in {first})"),
                );
            } else {
                seen.insert(key, d.file.clone());
            }
        }
        if WORKLOADS.contains(&kind) {
            let selector = labels_at(m, &["spec", "selector", "matchLabels"]);
            let labels = labels_at(m, &["spec", "template", "metadata", "labels"]);
            if kind != "Job"
                && selector.is_empty()
                && get(m, &["spec", "selector", "matchExpressions"]).is_none()
            {
                f(Severity::Error, format!("{what}: spec.selector is empty"));
            } else if !subset(&selector, &labels) {
                f(
                    Severity::Error,
                    format!(
                        "{what}: spec.selector.matchLabels does not match spec.template.metadata.labels"
                    ),
                );
            }
        }
        let selects = |selector: &BTreeMap<String, String>| {
            selector.is_empty() || pod_templates.iter().any(|p| subset(selector, p))
        };
        let pod_selector = match kind {
            "Service" => Some(("spec.selector", labels_at(m, &["spec", "selector"]))),
            "PodDisruptionBudget" => Some((
                "spec.selector.matchLabels",
                labels_at(m, &["spec", "selector", "matchLabels"]),
            )),
            "NetworkPolicy" => Some((
                "spec.podSelector.matchLabels",
                labels_at(m, &["spec", "podSelector", "matchLabels"]),
            )),
            _ => None,
        };
        if let Some((field, sel)) = pod_selector
            && !selects(&sel)
        {
            f(
                Severity::Warning,
                format!("{what}: {field} matches no pod template of this release"),
            );
        }
        if kind == "HorizontalPodAutoscaler" {
            let tk = str_at(m, &["spec", "scaleTargetRef", "kind"]).unwrap_or_default();
            let tn = str_at(m, &["spec", "scaleTargetRef", "name"]).unwrap_or_default();
            let found = docs.iter().any(|o| {
                str_at(&o.value, &["kind"]) == Some(tk)
                    && str_at(&o.value, &["metadata", "name"]) == Some(tn)
            });
            if !found {
                f(
                    Severity::Warning,
                    format!("{what}: scaleTargetRef {tk} {tn:?} is not part of this release"),
                );
            }
        }
        if kind == "ServiceMonitor" {
            let sel = labels_at(m, &["spec", "selector", "matchLabels"]);
            let found = sel.is_empty()
                || docs.iter().any(|o| {
                    str_at(&o.value, &["kind"]) == Some("Service")
                        && subset(&sel, &labels_at(&o.value, &["metadata", "labels"]))
                });
            if !found {
                f(
                    Severity::Warning,
                    format!("{what}: spec.selector.matchLabels matches no Service of this release"),
                );
            }
        }
    }
}
