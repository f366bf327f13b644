//! The checksum pass over a rendered manifest stream.
//!
//! A pod should roll when a ConfigMap or Secret it reads changes. Chart
//! authors stamp `checksum/*` annotations by hand for what they remember;
//! this pass does it for everything, for any chart, subcharts included:
//! every workload pod template (Deployment, StatefulSet, DaemonSet,
//! ReplicaSet, Job, CronJob, Pod) that references ConfigMaps or Secrets
//! defined in the same stream gets one annotation, [`ANNOTATION`], whose
//! value is a sha256 over a canonical form of those objects
//! ([`refs::checksum`]).
//!
//! The stream is cut as Helm cuts it ([`stream`]); each document is read
//! with the values YAML reader; the annotation is written into the text by
//! [`locate`], so every other byte of the input is kept. The pass is
//! idempotent: an annotation it wrote before is left alone when current
//! and rewritten in place when stale.

mod locate;
pub mod refs;
mod stream;

use std::collections::HashMap;
use std::fmt;

use crate::values::yaml;
use crate::values::{Map, Value};
use locate::{Edit, Locator};
use refs::ObjRef;
use stream::Lines;

/// The annotation key. Fixed, so it is a valid Kubernetes annotation key
/// (prefix `checksum`, a DNS label; name of 15 characters) whatever the
/// names of the objects it covers, and the same family as the chart's own
/// `checksum/config`.
pub const ANNOTATION: &str = "checksum/deltallm-render";

/// Settings of the pass.
#[derive(Debug, Clone)]
pub struct Options {
    /// The namespace of objects that do not write one (Helm's release
    /// namespace).
    pub namespace: String,
}

/// What the pass did besides the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Pod templates carrying the annotation (newly, or already current).
    pub annotated: usize,
    /// References to ConfigMaps and Secrets that are not in the stream,
    /// one line each (`Deployment ns/web: Secret ns/tls not in the stream`).
    pub skipped: Vec<String>,
}

/// A document the pass cannot read or cannot edit safely.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Applies the pass to one stream.
pub fn apply(stream: &str, opts: &Options) -> Result<(String, Report), Error> {
    let (mut out, report) = apply_many(&[("stdin", stream)], opts)?;
    Ok((out.pop().unwrap_or_default(), report))
}

/// One document of the input.
struct Doc {
    text: usize,
    range: (usize, usize),
    value: Value,
    label: String,
}

/// How many line breaks a text holds, counted as YAML counts them.
fn breaks(text: &str) -> usize {
    let b = text.as_bytes();
    let lone_cr = (0..b.len())
        .filter(|&i| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))
        .count();
    b.iter().filter(|&&c| c == b'\n').count() + lone_cr
}

/// Applies the pass to several texts that together form one stream (the
/// files of `--output-dir`): references are resolved across all of them.
/// `texts` are `(label, text)`; labels only name documents in errors.
pub fn apply_many(texts: &[(&str, &str)], opts: &Options) -> Result<(Vec<String>, Report), Error> {
    let mut docs = Vec::new();
    for (ti, (label, text)) in texts.iter().enumerate() {
        let (mut line, mut counted) = (1, 0);
        for (di, range) in stream::document_ranges(text).into_iter().enumerate() {
            let src = &text[range.0..range.1];
            line += breaks(&text[counted..range.0]);
            counted = range.0;
            let source = src
                .lines()
                .find_map(|l| l.strip_prefix("# Source: "))
                .map(|s| format!(", {}", s.trim_end()))
                .unwrap_or_default();
            let label = format!("document {} of {label} (line {line}{source})", di + 1);
            let value = yaml::parse_document(&label, src).map_err(|e| Error {
                message: format!(
                    "{label}: invalid YAML at line {} column {}: {}",
                    line + e.line - 1,
                    e.col,
                    e.message
                ),
            })?;
            docs.push(Doc {
                text: ti,
                range,
                value,
                label,
            });
        }
    }

    // Every ConfigMap and Secret of the stream, definitions in stream order.
    let mut table: HashMap<ObjRef, Vec<&Map>> = HashMap::new();
    let mut objects_per_doc = Vec::with_capacity(docs.len());
    for d in &docs {
        let mut objs = Vec::new();
        refs::objects(&d.value, Vec::new(), &mut objs);
        for o in &objs {
            if let Some(r) = refs::as_config(o.value, &opts.namespace) {
                table.entry(r).or_default().push(o.value);
            }
        }
        objects_per_doc.push(objs);
    }

    let mut report = Report::default();
    let mut edits: Vec<Vec<Edit>> = vec![Vec::new(); docs.len()];
    // Canonical lines of referenced objects, made once each.
    let mut canonical: HashMap<ObjRef, String> = HashMap::new();
    for (di, objs) in objects_per_doc.iter().enumerate() {
        let mut wanted = Vec::new();
        for o in objs {
            let Some(t) = refs::pod_template(o.value, &opts.namespace) else {
                continue;
            };
            let mut found = Vec::new();
            for r in refs::references(&t) {
                let Some(defs) = table.get(&r) else {
                    report.skipped.push(format!(
                        "{} {}/{}: {r} not in the stream",
                        t.kind, t.namespace, t.name
                    ));
                    continue;
                };
                if !canonical.contains_key(&r) {
                    let text = defs.iter().map(|d| refs::canonical_line(&r, d)).collect();
                    canonical.insert(r.clone(), text);
                }
                found.push(r);
            }
            if found.is_empty() {
                continue;
            }
            let sum = refs::checksum(found.iter().map(|r| canonical[r].as_str()));
            let mut path = o.path.clone();
            path.extend(t.path.iter().cloned());
            wanted.push((path, t.template, sum));
        }
        if wanted.is_empty() {
            continue;
        }
        report.annotated += wanted.len();
        let d = &docs[di];
        let src = &texts[d.text].1[d.range.0..d.range.1];
        let err = |m: String| Error {
            message: format!("{}: {m}", d.label),
        };
        let (_, positions) =
            yaml::parse_values_with_positions(&d.label, src).map_err(|e| err(e.message))?;
        let lines = Lines::new(src);
        let loc = Locator {
            lines: &lines,
            positions: &positions,
        };
        for (path, template, sum) in wanted {
            if let Some(e) = loc
                .annotate(&path, template, ANNOTATION, &sum)
                .map_err(err)?
            {
                edits[di].push(e);
            }
        }
    }

    // Reassemble: untouched bytes verbatim, edited documents rewritten.
    let mut out: Vec<String> = texts
        .iter()
        .map(|(_, t)| String::with_capacity(t.len() + 256))
        .collect();
    let mut pos = vec![0usize; texts.len()];
    for (di, d) in docs.iter().enumerate() {
        if edits[di].is_empty() {
            continue;
        }
        let text = texts[d.text].1;
        let o = &mut out[d.text];
        o.push_str(&text[pos[d.text]..d.range.0]);
        let lines = Lines::new(&text[d.range.0..d.range.1]);
        o.push_str(&locate::apply(&lines, std::mem::take(&mut edits[di])));
        pos[d.text] = d.range.1;
    }
    for (ti, (_, text)) in texts.iter().enumerate() {
        out[ti].push_str(&text[pos[ti]..]);
    }
    Ok((out, report))
}
