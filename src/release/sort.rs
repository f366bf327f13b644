//! Helm's `releaseutil.SortManifests`: which rendered files are manifests,
//! which documents are hooks, and the install order by kind.

use super::head::{self, SimpleHead};
use super::{Rendered, quote};

/// Helm 3.17's `releaseutil.InstallOrder`.
const INSTALL_ORDER_HELM3: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
];

/// Helm 4 appends the admission webhooks after `APIService`, so they no
/// longer sort alphabetically among unknown kinds.
const INSTALL_ORDER_HELM4_EXTRA: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Hook events Helm accepts in `helm.sh/hook` (lower-cased, trimmed);
/// `test-success` is Helm 2's name for `test`.
const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// One non-hook document of a rendered file.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Template path (`chart/templates/x.yaml`), printed in `# Source:`.
    pub path: String,
    /// The document, trimmed.
    pub content: String,
    pub kind: String,
}

/// One hook document. Weights and delete policies only matter to a real
/// install, which this renderer never performs, so they are not kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    pub path: String,
    pub content: String,
    pub kind: String,
    /// Any of its events is `test` (`--skip-tests` drops it).
    pub is_test: bool,
}

/// Manifests and hooks in install order, plus what Helm logs to stderr,
/// which it prints even when a later document then fails to decode.
#[derive(Debug, Default)]
pub struct Sorted {
    pub manifests: Vec<Manifest>,
    pub hooks: Vec<Hook>,
    pub stderr: String,
    /// The first decode failure, `YAML parse error on <path>: <Go error>`;
    /// sorting stops there.
    pub error: Option<String>,
}

/// Sorts rendered files as Helm does: files in byte order of their path,
/// partials (`_*`) and blank files skipped, documents in file order, then
/// a stable sort by kind. The first document that fails to decode stops
/// the sort (see [`Sorted::error`]).
pub fn sort_manifests(rendered: &[Rendered], helm3: bool) -> Sorted {
    let mut files: Vec<&Rendered> = rendered.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = Sorted::default();
    for file in files {
        let base = file.path.rsplit('/').next().unwrap_or(&file.path);
        if base.starts_with('_') || file.content.trim().is_empty() {
            continue;
        }
        for doc in super::split::split_manifests(&file.content) {
            match head::parse(&file.path, &doc, helm3) {
                Ok(head) => classify(&file.path, doc, head, helm3, &mut out),
                Err(e) => {
                    out.error = Some(format!("YAML parse error on {}: {e}", file.path));
                    return out;
                }
            }
        }
    }
    fn order(kind: &str, helm3: bool) -> (u8, usize, &str) {
        let known = INSTALL_ORDER_HELM3
            .iter()
            .position(|k| *k == kind)
            .or_else(|| {
                (!helm3)
                    .then(|| INSTALL_ORDER_HELM4_EXTRA.iter().position(|k| *k == kind))
                    .flatten()
                    .map(|i| i + INSTALL_ORDER_HELM3.len())
            });
        // Helm's lessByKind: known kinds by list position, unknown kinds
        // after them by name; equal keys keep document order (stable sort).
        match known {
            Some(i) => (0, i, ""),
            None => (1, 0, kind),
        }
    }
    out.manifests
        .sort_by(|a, b| order(&a.kind, helm3).cmp(&order(&b.kind, helm3)));
    out.hooks
        .sort_by(|a, b| order(&a.kind, helm3).cmp(&order(&b.kind, helm3)));
    out
}

/// Files one decoded document as a manifest or a hook. A hook with any
/// unknown event is dropped entirely, with Helm's log line.
fn classify(path: &str, content: String, head: SimpleHead, helm3: bool, out: &mut Sorted) {
    let kind = head.kind.clone();
    let Some(hook_types) = head.annotations().and_then(|a| a.get("helm.sh/hook")) else {
        out.manifests.push(Manifest {
            path: path.to_string(),
            content,
            kind,
        });
        return;
    };
    let events: Vec<String> = hook_types
        .split(',')
        .map(|e| e.trim().to_lowercase())
        .collect();
    if events.iter().any(|e| !HOOK_EVENTS.contains(&e.as_str())) {
        out.stderr.push_str(&if helm3 {
            format!(
                "manifest_sorter.go:190: info: skipping unknown hook: {}\n",
                quote::go_quote(hook_types)
            )
        } else {
            format!(
                "level=INFO msg=\"skipping unknown hooks\" hookTypes={}\n",
                quote::slog_value(hook_types)
            )
        });
        return;
    }
    let is_test = events.iter().any(|e| e == "test" || e == "test-success");
    out.hooks.push(Hook {
        path: path.to_string(),
        content,
        kind,
        is_test,
    });
}
