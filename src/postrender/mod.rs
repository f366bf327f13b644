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
//! by the fast [`block`] reader, or by the full values YAML reader when
//! the fast one is not sure it reads the document exactly as the full one
//! would (so results, errors included, are always the full reader's); the
//! annotation is written into the text by [`locate`], so every other byte
//! of the input is kept. The pass is idempotent: an annotation it wrote
//! before is left alone when current and rewritten in place when stale.

pub mod external;
mod locate;
pub mod refs;
pub mod stream;

use std::collections::HashMap;
use std::fmt;

use crate::values::yaml::block::{self, Outline};
use crate::values::yaml::{self, PathSeg, Positions, YamlError};
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The namespace of objects that do not write one (Helm's release
    /// namespace).
    pub namespace: String,
    /// How documents are read (results are the same either way).
    pub reader: Reader,
}

/// How the pass reads documents. Both give the same results; `Full` is
/// there to prove it (the differential tests) and to measure the gain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reader {
    /// The [`block`] reader, falling back to the full one for documents it
    /// does not fully understand.
    #[default]
    Fast,
    /// The full values YAML reader for every document.
    Full,
}

impl Reader {
    /// A document's value, and its outline if the block reader read it.
    fn document(self, src: &str) -> Result<(Value, Option<Outline<'_>>), YamlError> {
        if self == Reader::Fast
            && let Some((value, outline)) = block::read(src)
        {
            return Ok((value, Some(outline)));
        }
        Ok((yaml::parse_document("", src)?, None))
    }
}

/// Positions of at least the entries and items whose parent path is a
/// prefix of `target`: all that [`Locator`] looks up around it.
fn positions(
    outline: Option<&Outline>,
    src: &str,
    target: &[PathSeg],
) -> Result<Positions, YamlError> {
    match outline {
        Some(outline) => Ok(outline.positions(target)),
        None => yaml::parse_values_with_positions("", src).map(|(_, positions)| positions),
    }
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

/// Where a document is: which text, which document of it, which bytes.
#[derive(Clone, Copy)]
struct Place {
    text: usize,
    index: usize,
    range: (usize, usize),
}

impl Place {
    /// The 1-based line the document starts on in its text.
    fn line(&self, texts: &[(&str, &str)]) -> usize {
        1 + breaks(&texts[self.text].1[..self.range.0])
    }

    /// How errors name the document (made only for them): its number, its
    /// text's label, its line and its `# Source:`.
    fn label(&self, texts: &[(&str, &str)]) -> String {
        let (name, text) = texts[self.text];
        let source = text[self.range.0..self.range.1]
            .lines()
            .find_map(|l| l.strip_prefix("# Source: "))
            .map(|s| format!(", {}", s.trim_end()))
            .unwrap_or_default();
        let (index, line) = (self.index + 1, self.line(texts));
        format!("document {index} of {name} (line {line}{source})")
    }
}

/// One document of the input.
struct Doc<'s> {
    place: Place,
    value: Value,
    outline: Option<Outline<'s>>,
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
    for (ti, (_, text)) in texts.iter().enumerate() {
        for (index, range) in stream::document_ranges(text).into_iter().enumerate() {
            let place = Place {
                text: ti,
                index,
                range,
            };
            let src = &text[range.0..range.1];
            let (value, outline) = opts.reader.document(src).map_err(|e| Error {
                message: format!(
                    "{}: invalid YAML at line {} column {}: {}",
                    place.label(texts),
                    place.line(texts) + e.line - 1,
                    e.col,
                    e.message
                ),
            })?;
            docs.push(Doc {
                place,
                value,
                outline,
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
    // The documents to rewrite, in stream order, with their edits.
    let mut edited: Vec<(&Doc, Lines, Vec<Edit>)> = Vec::new();
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
        let (text, range) = (texts[d.place.text].1, d.place.range);
        let src = &text[range.0..range.1];
        let err = |m: String| Error {
            message: format!("{}: {m}", d.place.label(texts)),
        };
        let lines = Lines::new(src);
        let mut edits = Vec::new();
        for (path, template, sum) in wanted {
            let mut target = path.clone();
            target.extend(["metadata", "annotations"].map(|k| PathSeg::Key(k.into())));
            let positions =
                positions(d.outline.as_ref(), src, &target).map_err(|e| err(e.message))?;
            let loc = Locator {
                lines: &lines,
                positions: &positions,
            };
            if let Some(e) = loc
                .annotate(&path, template, ANNOTATION, &sum)
                .map_err(err)?
            {
                edits.push(e);
            }
        }
        if !edits.is_empty() {
            edited.push((d, lines, edits));
        }
    }

    // Reassemble: untouched bytes verbatim, edited documents rewritten.
    let mut out: Vec<String> = texts
        .iter()
        .map(|(_, t)| String::with_capacity(t.len() + 256))
        .collect();
    let mut pos = vec![0usize; texts.len()];
    for (d, lines, edits) in edited {
        let Place { text, range, .. } = d.place;
        let o = &mut out[text];
        o.push_str(&texts[text].1[pos[text]..range.0]);
        locate::apply(&lines, edits, o);
        pos[text] = range.1;
    }
    for (ti, (_, text)) in texts.iter().enumerate() {
        out[ti].push_str(&text[pos[ti]..]);
    }
    Ok((out, report))
}
