//! Printing a [`Report`]: human text (optionally coloured) and JSON.

use super::{FieldChange, Report, ResourceKey, Shown};
use crate::values::Value;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("{code}{s}{RESET}")
        } else {
            s.to_owned()
        }
    }
}

/// The report as text: one block per resource, a summary line last.
pub fn render_text(report: &Report, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = String::new();
    for key in &report.removed {
        out.push_str(&p.wrap(RED, &format!("- {key}")));
        out.push_str("  (removed)\n");
    }
    for key in &report.added {
        out.push_str(&p.wrap(GREEN, &format!("+ {key}")));
        out.push_str("  (added)\n");
    }
    for (key, changes) in &report.changed {
        out.push_str(&p.wrap(BOLD, &p.wrap(YELLOW, &format!("~ {key}"))));
        out.push('\n');
        for c in changes {
            match c {
                FieldChange::Added { path, new } => {
                    let line = format!("    + {path}: {}", inline(new));
                    out.push_str(&p.wrap(GREEN, &line));
                    out.push('\n');
                }
                FieldChange::Removed { path, old } => {
                    let line = format!("    - {path}: {}", inline(old));
                    out.push_str(&p.wrap(RED, &line));
                    out.push('\n');
                }
                FieldChange::Changed { path, old, new } => match (old, new) {
                    (Shown::Masked, _) | (_, Shown::Masked) => {
                        let line = format!("    ~ {path}: (masked: value changed, not shown)");
                        out.push_str(&p.wrap(YELLOW, &line));
                        out.push('\n');
                    }
                    (Shown::Value(Value::String(a)), Shown::Value(Value::String(b)))
                        if a.contains('\n') || b.contains('\n') =>
                    {
                        out.push_str(&format!("    ~ {path}:\n"));
                        for (tag, line) in line_diff(a, b) {
                            let text = format!("        {tag} {line}");
                            match tag {
                                '+' => out.push_str(&p.wrap(GREEN, &text)),
                                '-' => out.push_str(&p.wrap(RED, &text)),
                                _ => out.push_str(&text),
                            }
                            out.push('\n');
                        }
                    }
                    _ => {
                        out.push_str(&format!("    ~ {path}: "));
                        out.push_str(&p.wrap(RED, &inline(old)));
                        out.push_str(" -> ");
                        out.push_str(&p.wrap(GREEN, &inline(new)));
                        out.push('\n');
                    }
                },
            }
        }
    }
    out.push_str(&format!(
        "{} added, {} removed, {} changed\n",
        report.added.len(),
        report.removed.len(),
        report.changed.len()
    ));
    out
}

/// A value on one line: JSON, or `(masked)` for a masked one.
fn inline(v: &Shown) -> String {
    match v {
        Shown::Masked => "(masked: value changed, not shown)".into(),
        Shown::Value(v) => {
            let s = crate::values::emit::to_json(v).unwrap_or_else(|e| format!("<{e}>"));
            if s.len() > 200 {
                let mut cut = 200;
                while !s.is_char_boundary(cut) {
                    cut -= 1;
                }
                format!("{}… ({} bytes)", &s[..cut], s.len())
            } else {
                s
            }
        }
    }
}

fn json_key(k: &ResourceKey) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": k.api_version,
        "kind": k.kind,
        "namespace": k.namespace,
        "name": k.name,
    })
}

fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => (*f as i64).into(),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::String(s) => s.clone().into(),
        Value::List(l) => l.iter().map(json_value).collect(),
        Value::Map(m) => m.iter().map(|(k, v)| (k.clone(), json_value(v))).collect(),
    }
}

/// Inserts `field` into `obj`, or `masked: true` for a masked value.
fn put(obj: &mut serde_json::Map<String, serde_json::Value>, field: &str, v: &Shown) {
    match v {
        Shown::Masked => {
            obj.insert("masked".into(), true.into());
        }
        Shown::Value(v) => {
            obj.insert(field.into(), json_value(v));
        }
    }
}

/// The report as one JSON document.
pub fn render_json(report: &Report) -> String {
    let changed: Vec<serde_json::Value> = report
        .changed
        .iter()
        .map(|(k, changes)| {
            let fields: Vec<serde_json::Value> = changes
                .iter()
                .map(|c| {
                    let mut o = serde_json::Map::new();
                    o.insert("path".into(), c.path().into());
                    match c {
                        FieldChange::Added { new, .. } => {
                            o.insert("op".into(), "added".into());
                            put(&mut o, "new", new);
                        }
                        FieldChange::Removed { old, .. } => {
                            o.insert("op".into(), "removed".into());
                            put(&mut o, "old", old);
                        }
                        FieldChange::Changed { old, new, .. } => {
                            o.insert("op".into(), "changed".into());
                            put(&mut o, "old", old);
                            put(&mut o, "new", new);
                        }
                    }
                    serde_json::Value::Object(o)
                })
                .collect();
            let mut o = json_key(k);
            o["fields"] = fields.into();
            o
        })
        .collect();
    let doc = serde_json::json!({
        "equal": report.is_equal(),
        "added": report.added.iter().map(json_key).collect::<Vec<_>>(),
        "removed": report.removed.iter().map(json_key).collect::<Vec<_>>(),
        "changed": changed,
    });
    serde_json::to_string_pretty(&doc).expect("JSON of plain values") + "\n"
}

/// A line diff of two texts (longest common subsequence): `' '` for a
/// kept line, `'-'` removed, `'+'` added. Runs of more than three kept
/// lines are folded to an `…` line so only the changes and their context show.
pub fn line_diff<'a>(a: &'a str, b: &'a str) -> Vec<(char, &'a str)> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut raw = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            raw.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            raw.push(('+', b[j]));
            j += 1;
        } else {
            raw.push(('-', a[i]));
            i += 1;
        }
    }
    // Keep two lines of context around each change.
    let near = |k: usize| {
        let lo = k.saturating_sub(2);
        let hi = (k + 3).min(raw.len());
        raw[lo..hi].iter().any(|(t, _)| *t != ' ')
    };
    let mut out = Vec::new();
    let mut folded = false;
    for (k, &(t, line)) in raw.iter().enumerate() {
        if t != ' ' || near(k) {
            out.push((t, line));
            folded = false;
        } else if !folded {
            out.push((' ', "…"));
            folded = true;
        }
    }
    out
}
