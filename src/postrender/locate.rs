//! Finding, in a document's text, where the checksum annotation goes, and
//! writing it there without touching any other byte.
//!
//! The YAML reader gives each map entry's position (the line and column of
//! its key); with those and the block-style layout Helm prints, the
//! annotation is either a new line at the indentation of the first entry
//! of the mapping it joins, new lines under a key whose value is empty, or
//! the replacement of the line of an annotation a previous run wrote. Any
//! layout that would need more (flow style, aliases, merges, a key sharing
//! its line with a sequence dash) is refused with an error.

use crate::values::yaml::{Mark, PathSeg, Positions};
use crate::values::{Map, Value};

use super::stream::Lines;

/// One change to a document's text.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// New lines before line `before` (1-based; `count()+1` appends).
    Insert { before: usize, lines: Vec<String> },
    /// Line `line` becomes `text`.
    Replace { line: usize, text: String },
}

/// Writes a text with edits (at distinct lines) applied to `out`.
pub fn apply(lines: &Lines, mut edits: Vec<Edit>, out: &mut String) {
    let at = |e: &Edit| match e {
        Edit::Insert { before, .. } => (*before, 0),
        Edit::Replace { line, .. } => (*line, 1),
    };
    edits.sort_by_key(at);
    let text = lines.text;
    let eol = lines.eol();
    let mut pos = 0;
    for e in edits {
        match e {
            Edit::Insert { before, lines: new } => {
                if before > lines.count() {
                    out.push_str(&text[pos..]);
                    pos = text.len();
                    for l in new {
                        out.push_str(eol);
                        out.push_str(&l);
                    }
                } else {
                    let start = lines.start(before);
                    out.push_str(&text[pos..start]);
                    pos = start;
                    for l in new {
                        out.push_str(&l);
                        out.push_str(eol);
                    }
                }
            }
            Edit::Replace { line, text: new } => {
                let start = lines.start(line);
                out.push_str(&text[pos..start]);
                out.push_str(&new);
                pos = start + lines.line(line).len();
            }
        }
    }
    out.push_str(&text[pos..]);
}

fn child(path: &[PathSeg], key: &str) -> Vec<PathSeg> {
    let mut p = path.to_vec();
    p.push(PathSeg::Key(key.to_string()));
    p
}

fn describe(path: &[PathSeg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            PathSeg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    if s.is_empty() {
        "the document".into()
    } else {
        s
    }
}

/// Where the annotation goes for one pod template.
pub struct Locator<'a> {
    pub lines: &'a Lines<'a>,
    pub positions: &'a Positions,
}

impl<'a> Locator<'a> {
    fn mark(&self, path: &[PathSeg]) -> Result<Mark, String> {
        self.positions
            .get(path)
            .ok_or_else(|| format!("cannot locate {} in the text", describe(path)))
    }

    /// The text after a key's `:` on the key's line, given its mark.
    fn after_key(&self, m: Mark, path: &[PathSeg]) -> Result<&'a str, String> {
        let line = self.lines.line(m.line);
        let rest = line
            .char_indices()
            .nth(m.col - 1)
            .map_or("", |(i, _)| &line[i..]);
        let bytes = rest.as_bytes();
        // Skip the key: quoted, or plain up to `: ` / a final `:`.
        let mut i = 0;
        if let Some(&q @ (b'"' | b'\'')) = bytes.first() {
            i = 1;
            while i < bytes.len() && bytes[i] != q {
                i += if bytes[i] == b'\\' && q == b'"' { 2 } else { 1 };
            }
            i += 1;
        }
        while i < bytes.len() {
            if bytes[i] == b':' && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) {
                return Ok(&rest[i + 1..]);
            }
            i += 1;
        }
        Err(format!(
            "{} is not written as `key:` on line {}",
            describe(path),
            m.line
        ))
    }

    /// The key's value must start on a later line (a block value or none):
    /// nothing but a comment may follow its `:`.
    fn ensure_block(&self, path: &[PathSeg]) -> Result<Mark, String> {
        let m = self.mark(path)?;
        let rest = self.after_key(m, path)?.trim_start();
        if rest.is_empty() || rest.starts_with('#') {
            Ok(m)
        } else {
            Err(format!(
                "{} is written inline on line {} (`{}`): only block style can be edited safely",
                describe(path),
                m.line,
                rest
            ))
        }
    }

    /// The indentation of a key that starts its line, or an error.
    fn line_indent(&self, m: Mark, path: &[PathSeg]) -> Result<usize, String> {
        let line = self.lines.line(m.line);
        let indent = m.col - 1;
        if line.len() >= indent && line.as_bytes()[..indent].iter().all(|&b| b == b' ') {
            Ok(indent)
        } else {
            Err(format!(
                "{} does not start its line {}: cannot insert beside it",
                describe(path),
                m.line
            ))
        }
    }

    /// Lines inserted before the first entry of the non-empty block map
    /// `map` at `path`, at that entry's indentation.
    fn insert_in_map(&self, path: &[PathSeg], map: &Map, new: &[String]) -> Result<Edit, String> {
        let owner = if matches!(path.last(), Some(PathSeg::Key(_))) {
            Some(self.ensure_block(path)?)
        } else {
            None
        };
        let mut first: Option<(Mark, Vec<PathSeg>)> = None;
        for k in map.keys() {
            let p = child(path, k);
            let m = self.mark(&p)?;
            if owner.is_some_and(|o| m.line <= o.line)
                || first.as_ref().is_some_and(|(f, _)| f.col != m.col)
            {
                return Err(format!(
                    "{} is not a plain block mapping (an alias or merge key?): cannot edit it safely",
                    describe(path)
                ));
            }
            if first.as_ref().is_none_or(|(f, _)| m.line < f.line) {
                first = Some((m, p));
            }
        }
        let (m, p) = first.ok_or_else(|| format!("{} is empty", describe(path)))?;
        let indent = self.line_indent(m, &p)?;
        Ok(Edit::Insert {
            before: m.line,
            lines: new.iter().map(|l| indented(indent, l)).collect(),
        })
    }

    /// Lines inserted right under the key at `path`, whose value is empty.
    fn insert_under(&self, path: &[PathSeg], new: &[String]) -> Result<Edit, String> {
        let m = self.ensure_block(path)?;
        let indent = m.col - 1 + 2;
        Ok(Edit::Insert {
            before: m.line + 1,
            lines: new.iter().map(|l| indented(indent, l)).collect(),
        })
    }

    /// The edit that makes the pod template at `path` (value `template`)
    /// carry `key: "value"` among its annotations, or `None` if it already
    /// does.
    pub fn annotate(
        &self,
        path: &[PathSeg],
        template: &Map,
        key: &str,
        value: &str,
    ) -> Result<Option<Edit>, String> {
        let entry = format!("{key}: \"{value}\"");
        let meta_path = child(path, "metadata");
        let ann_path = child(&meta_path, "annotations");
        let edit = match template.get("metadata") {
            None => self.insert_in_map(
                path,
                template,
                &[
                    "metadata:".into(),
                    "  annotations:".into(),
                    format!("    {entry}"),
                ],
            )?,
            Some(Value::Null) => {
                self.insert_under(&meta_path, &["annotations:".into(), format!("  {entry}")])?
            }
            Some(Value::Map(meta)) if !meta.is_empty() => match meta.get("annotations") {
                None => self.insert_in_map(
                    &meta_path,
                    meta,
                    &["annotations:".into(), format!("  {entry}")],
                )?,
                Some(Value::Null) => self.insert_under(&ann_path, &[entry])?,
                Some(Value::Map(ann)) if !ann.is_empty() => match ann.get(key) {
                    Some(Value::String(v)) if v == value => return Ok(None),
                    Some(_) => self.replace(&child(&ann_path, key), &entry)?,
                    None => self.insert_in_map(&ann_path, ann, &[entry])?,
                },
                Some(_) => return Err(self.not_block(&ann_path)),
            },
            Some(_) => return Err(self.not_block(&meta_path)),
        };
        Ok(Some(edit))
    }

    /// Rewrites the single line of an annotation an earlier run wrote.
    fn replace(&self, path: &[PathSeg], entry: &str) -> Result<Edit, String> {
        let m = self.mark(path)?;
        let indent = self.line_indent(m, path)?;
        let rest = self.after_key(m, path)?.trim();
        let next_is_continuation = m.line < self.lines.count() && {
            let next = self.lines.line(m.line + 1);
            let body = next.trim_start_matches(' ');
            !body.is_empty() && next.len() - body.len() > indent
        };
        if rest.is_empty() || rest.starts_with(['|', '>', '&', '*', '!']) || next_is_continuation {
            return Err(format!(
                "{} (line {}) spans more than its line: cannot rewrite it safely",
                describe(path),
                m.line
            ));
        }
        Ok(Edit::Replace {
            line: m.line,
            text: indented(indent, entry),
        })
    }

    fn not_block(&self, path: &[PathSeg]) -> String {
        match self.positions.get(path) {
            Some(m) => format!(
                "{} on line {} is not a block mapping with entries (flow style like `{{}}`?): cannot add an annotation safely",
                describe(path),
                m.line
            ),
            None => format!("{} is not a mapping", describe(path)),
        }
    }
}

fn indented(n: usize, s: &str) -> String {
    format!("{:n$}{s}", "")
}
