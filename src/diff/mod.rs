//! Resource-aware comparison of two manifest streams (`deltallm-render diff`,
//! and the drift report of `snapshot --check`).
//!
//! Resources are matched by apiVersion, kind, namespace and name; fields
//! are compared by path, and lists whose items all carry a unique `name`
//! are matched by that name instead of position
//! (`spec.template.spec.containers[name=deltallm].image`). Secret
//! `data`/`stringData` values, and values of env vars whose name looks
//! like a credential, are masked when the change is recorded: the report
//! never holds them, so no output format can leak them.

mod text;

use std::collections::BTreeMap;

use crate::values::Value;
use crate::values::yaml::parse_stream;

pub use text::{line_diff, render_json, render_text};

/// Identity of one resource in a stream.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResourceKey {
    pub api_version: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl std::fmt::Display for ResourceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ", self.api_version, self.kind)?;
        if !self.namespace.is_empty() {
            write!(f, "{}/", self.namespace)?;
        }
        f.write_str(&self.name)
    }
}

/// A value as the report holds it: either shown, or masked.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    Value(Value),
    Masked,
}

/// One changed field of a resource.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldChange {
    Added {
        path: String,
        new: Shown,
    },
    Removed {
        path: String,
        old: Shown,
    },
    Changed {
        path: String,
        old: Shown,
        new: Shown,
    },
}

impl FieldChange {
    pub fn path(&self) -> &str {
        match self {
            FieldChange::Added { path, .. }
            | FieldChange::Removed { path, .. }
            | FieldChange::Changed { path, .. } => path,
        }
    }
}

/// The difference between two manifest streams.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub added: Vec<ResourceKey>,
    pub removed: Vec<ResourceKey>,
    pub changed: Vec<(ResourceKey, Vec<FieldChange>)>,
}

impl Report {
    pub fn is_equal(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Parses a manifest stream into resources keyed by identity. A document
/// that is not a map with a kind is an error; empty documents are skipped.
/// A repeated identity gets a `#2`, `#3`... suffix on its name so both
/// sides still line up.
pub fn parse_resources(name: &str, src: &str) -> Result<BTreeMap<ResourceKey, Value>, String> {
    let docs = parse_stream(name, src).map_err(|e| format!("{name}: {}", e.go_error))?;
    let mut out = BTreeMap::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let map = match &doc {
            Value::Null => continue,
            Value::Map(m) if m.is_empty() => continue,
            Value::Map(m) => m,
            _ => return Err(format!("{name}: document {} is not a mapping", i + 1)),
        };
        let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
        let meta = map.get("metadata").and_then(Value::as_map);
        let mut key = ResourceKey {
            api_version: s(map.get("apiVersion")),
            kind: s(map.get("kind")),
            namespace: s(meta.and_then(|m| m.get("namespace"))),
            name: s(meta.and_then(|m| m.get("name"))),
        };
        let base = key.name.clone();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key.name = format!("{base}#{n}");
        }
        out.insert(key, doc);
    }
    Ok(out)
}

/// Compares two manifest streams.
pub fn diff_streams(a_name: &str, a: &str, b_name: &str, b: &str) -> Result<Report, String> {
    let a = parse_resources(a_name, a)?;
    let b = parse_resources(b_name, b)?;
    Ok(diff_resources(&a, &b))
}

/// Compares two parsed resource sets.
pub fn diff_resources(
    a: &BTreeMap<ResourceKey, Value>,
    b: &BTreeMap<ResourceKey, Value>,
) -> Report {
    let mut report = Report::default();
    for (key, old) in a {
        match b.get(key) {
            None => report.removed.push(key.clone()),
            Some(new) => {
                let mut changes = Vec::new();
                let ctx = Ctx {
                    secret: key.kind == "Secret",
                };
                diff_value(&ctx, &mut Vec::new(), old, new, &mut changes);
                if !changes.is_empty() {
                    report.changed.push((key.clone(), changes));
                }
            }
        }
    }
    report.added = b.keys().filter(|k| !a.contains_key(k)).cloned().collect();
    report
}

/// Whether a key or env var name names a credential: its value is never shown.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['_', '-', '.'], "");
    [
        "password",
        "passwd",
        "secret",
        "token",
        "masterkey",
        "saltkey",
        "apikey",
        "accesskey",
        "privatekey",
        "credential",
    ]
    .iter()
    .any(|w| n.contains(w))
        && !n.ends_with("keykey")
        && !n.ends_with("secretname")
        && !n.ends_with("existingsecret")
        && !n.ends_with("secretref")
}

struct Ctx {
    secret: bool,
}

/// One step of a field path as it is printed.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
    Named(String),
}

/// Appends one map key to a path: `.key` for plain identifiers, else the
/// key quoted in brackets (`["b.c/d"]`), so the path reads back unambiguously.
pub(crate) fn push_key(out: &mut String, k: &str) {
    let plain = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(k);
    } else {
        out.push_str(&format!("[{}]", serde_json::Value::String(k.to_owned())));
    }
}

fn format_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => push_key(&mut out, k),
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
            Seg::Named(n) => out.push_str(&format!("[name={n}]")),
        }
    }
    out
}

/// Whether a value at `path` must be masked.
fn masked(ctx: &Ctx, path: &[Seg]) -> bool {
    if ctx.secret && matches!(path.first(), Some(Seg::Key(k)) if k == "data" || k == "stringData") {
        return true;
    }
    // An env var (`env[name=X].value`) or any key whose name reads as a credential.
    path.iter().any(|s| match s {
        Seg::Named(n) => is_secret_name(n),
        Seg::Key(k) => is_secret_name(k),
        Seg::Index(_) => false,
    })
}

fn show(ctx: &Ctx, path: &[Seg], v: &Value) -> Shown {
    if masked(ctx, path) {
        Shown::Masked
    } else {
        Shown::Value(v.clone())
    }
}

/// The names of a list's items when every item is a map with a distinct
/// string `name`.
fn item_names(list: &[Value]) -> Option<Vec<&str>> {
    let mut names = Vec::with_capacity(list.len());
    for item in list {
        let name = item.as_map()?.get("name")?.as_str()?;
        if names.contains(&name) {
            return None;
        }
        names.push(name);
    }
    Some(names)
}

fn diff_value(ctx: &Ctx, path: &mut Vec<Seg>, a: &Value, b: &Value, out: &mut Vec<FieldChange>) {
    match (a, b) {
        (Value::Map(ma), Value::Map(mb)) => {
            for (k, va) in ma {
                path.push(Seg::Key(k.clone()));
                match mb.get(k) {
                    Some(vb) => diff_value(ctx, path, va, vb, out),
                    None => out.push(FieldChange::Removed {
                        path: format_path(path),
                        old: show(ctx, path, va),
                    }),
                }
                path.pop();
            }
            for (k, vb) in mb {
                if !ma.contains_key(k) {
                    path.push(Seg::Key(k.clone()));
                    out.push(FieldChange::Added {
                        path: format_path(path),
                        new: show(ctx, path, vb),
                    });
                    path.pop();
                }
            }
        }
        (Value::List(la), Value::List(lb)) => {
            if let (Some(na), Some(nb)) = (item_names(la), item_names(lb))
                && (!la.is_empty() || !lb.is_empty())
            {
                for (i, name) in na.iter().enumerate() {
                    path.push(Seg::Named((*name).to_owned()));
                    match nb.iter().position(|n| n == name) {
                        Some(j) => diff_value(ctx, path, &la[i], &lb[j], out),
                        None => out.push(FieldChange::Removed {
                            path: format_path(path),
                            old: show(ctx, path, &la[i]),
                        }),
                    }
                    path.pop();
                }
                for (j, name) in nb.iter().enumerate() {
                    if !na.contains(name) {
                        path.push(Seg::Named((*name).to_owned()));
                        out.push(FieldChange::Added {
                            path: format_path(path),
                            new: show(ctx, path, &lb[j]),
                        });
                        path.pop();
                    }
                }
                return;
            }
            for i in 0..la.len().max(lb.len()) {
                path.push(Seg::Index(i));
                match (la.get(i), lb.get(i)) {
                    (Some(va), Some(vb)) => diff_value(ctx, path, va, vb, out),
                    (Some(va), None) => out.push(FieldChange::Removed {
                        path: format_path(path),
                        old: show(ctx, path, va),
                    }),
                    (None, Some(vb)) => out.push(FieldChange::Added {
                        path: format_path(path),
                        new: show(ctx, path, vb),
                    }),
                    (None, None) => {}
                }
                path.pop();
            }
        }
        _ if a == b => {}
        _ => out.push(FieldChange::Changed {
            path: format_path(path),
            old: show(ctx, path, a),
            new: show(ctx, path, b),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        assert!(is_secret_name("PLATFORM_BOOTSTRAP_ADMIN_PASSWORD"));
        assert!(is_secret_name("masterKey"));
        assert!(is_secret_name("OPENAI_API_KEY"));
        assert!(!is_secret_name("masterKeyKey"));
        assert!(!is_secret_name("existingSecret"));
        assert!(!is_secret_name("image"));
    }

    #[test]
    fn named_lists_match_by_name() {
        let a = "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n  - name: b\n    image: y\n";
        let b = "kind: Pod\napiVersion: v1\nmetadata: {name: p}\nspec:\n  containers:\n  - name: b\n    image: y\n  - name: a\n    image: z\n";
        let r = diff_streams("a", a, "b", b).unwrap();
        assert_eq!(r.changed.len(), 1);
        assert_eq!(r.changed[0].1.len(), 1);
        assert_eq!(r.changed[0].1[0].path(), "spec.containers[name=a].image");
    }
}
