//! Helm's `toYaml`: `sigs.k8s.io/yaml.Marshal` then one trailing newline
//! trimmed.
//!
//! sigs.k8s.io/yaml marshals to JSON first and feeds that JSON to go-yaml v2
//! as YAML, so what go-yaml emits is the JSON round trip: numbers are
//! re-resolved from their JSON text (a float64 1000000 prints `1000000`,
//! 1e+21 prints `1e+21`, 0.000001 prints `1e-06`, -0 prints `0`), NaN/±Inf
//! are JSON errors, and map keys are re-sorted by go-yaml's "natural" key
//! order (`a9` before `a10`, see `yaml_keys`). The layout, as Helm prints
//! it: 2-space indent, sequences in mappings not indented (`a:\n- 1`), empty collections as `{}`/`[]`, keys over 128 bytes
//! or with line breaks written as `? key`, and plain and quoted scalars folded
//! past column 80 (go-yaml v2.4 kept line wrapping on).
//!
//! Helm's `toYamlPretty` goes to go-yaml v3 directly, which the same writer
//! reproduces with a few switches, see [`Dialect`].

use super::float::go_format_float;
use super::json::json_float;
use super::yaml_keys::key_order;
use super::yaml_scalar::Scalar;
use crate::values::Value;
use std::borrow::Cow;

/// Helm's `toYaml` output, or the error that `mustToYaml` reports (Go's
/// text, e.g. `error marshaling into JSON: json: unsupported value: NaN`).
/// Helm's `toYaml` itself swallows the error and prints "".
pub fn to_yaml(v: &Value) -> Result<String, String> {
    // json.Marshal runs over the whole value before go-yaml sees anything.
    json_check(v).map_err(|e| format!("error marshaling into JSON: {e}"))?;
    write_document(v, Dialect::JsonV2)
}

/// Helm's `toYamlPretty`: go-yaml v3's encoder, asked for a 2-space indent,
/// over the value itself (no JSON round trip), one trailing newline
/// trimmed. It never fails on a `Value`.
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    write_document(v, Dialect::V3)
}

/// Which of Helm's two YAML paths a document takes.
#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    /// `toYaml`: JSON first, then go-yaml v2 reading that JSON and writing
    /// it back out, folding past column 80.
    JsonV2,
    /// `toYamlPretty`: go-yaml v3 on the value as it is. Floats keep Go's
    /// shortest form (`3`, `1e+06`) and YAML's names (`.nan`, `-.inf`),
    /// strings are written as they are, nothing is folded and a sequence
    /// under `key:` is indented one step.
    V3,
}

fn write_document(v: &Value, dialect: Dialect) -> Result<String, String> {
    let node = Node::from_value(v, dialect)?;
    let mut out = Out::new(dialect);
    out.node(&node, Place::Root);
    // The document ends with a line break (unless already at the start of
    // a line), and Helm trims one.
    out.line_at(0);
    let mut text = out.text;
    if text.ends_with('\n') {
        text.pop();
    }
    Ok(text)
}

/// The only way json.Marshal fails on a `Value`: NaN or ±Inf.
fn json_check(v: &Value) -> Result<(), String> {
    match v {
        Value::Float(f) => json_float(*f).map(drop),
        Value::List(items) => items.iter().try_for_each(json_check),
        Value::Map(map) => map.values().try_for_each(json_check),
        _ => Ok(()),
    }
}

/// A value as go-yaml holds it before emitting (for `toYaml`, after the JSON
/// round trip).
enum Node<'a> {
    /// Already-formatted plain scalar: null, bool, int, uint or float.
    Plain(String),
    Str(Cow<'a, str>),
    List(Vec<Node<'a>>),
    /// Entries in go-yaml's key order.
    Map(Vec<(&'a str, Node<'a>)>),
}

impl<'a> Node<'a> {
    fn from_value(v: &'a Value, dialect: Dialect) -> Result<Node<'a>, String> {
        // Only the JSON round trip changes (or rejects) a string.
        let text = |s: &'a str, key: bool| match dialect {
            Dialect::JsonV2 => reread_string(s, key),
            Dialect::V3 => Ok(Cow::Borrowed(s)),
        };
        Ok(match v {
            Value::Null => Node::Plain("null".into()),
            Value::Bool(b) => Node::Plain(b.to_string()),
            Value::Int(i) => Node::Plain(i.to_string()),
            Value::Float(f) => Node::Plain(match dialect {
                Dialect::JsonV2 => reresolve_number(&json_float(*f)?),
                Dialect::V3 => v3_float(*f),
            }),
            Value::String(s) => Node::Str(text(s, false)?),
            Value::List(items) => Node::List(
                items
                    .iter()
                    .map(|item| Node::from_value(item, dialect))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Map(map) => {
                let mut entries = map
                    .iter()
                    .map(|(k, v)| {
                        // A key's text never changes, it can only fail.
                        text(k, true)?;
                        Ok((k.as_str(), Node::from_value(v, dialect)?))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                entries.sort_by(|a, b| key_order(a.0, b.0));
                Node::Map(entries)
            }
        })
    }
}

/// What go-yaml's reader makes of a string encoding/json wrote as a JSON
/// string. JSON escapes every control character below U+0020 and U+2028/9,
/// but writes DEL, the C1 controls and U+FFFE/U+FFFF raw: go-yaml rejects
/// those ("control characters are not allowed", so `toYaml` prints ""), and
/// reads a raw NEL (U+0085) as a line break inside the quoted scalar, which
/// YAML folds: one break with the blanks around it becomes a space, n breaks
/// become n-1 newlines. In a key such a break is a syntax error.
fn reread_string(s: &str, key: bool) -> Result<Cow<'_, str>, String> {
    if s.chars()
        .any(|c| matches!(c, '\u{7F}'..='\u{84}' | '\u{86}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}'))
    {
        return Err("yaml: control characters are not allowed".into());
    }
    if !s.contains('\u{85}') {
        return Ok(Cow::Borrowed(s));
    }
    if key {
        return Err("yaml: line 1: did not find expected ',' or '}'".into());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' && c != '\u{85}' {
            out.push(c);
            continue;
        }
        // A run of spaces and NELs.
        let mut spaces = usize::from(c == ' ');
        let mut breaks = usize::from(c == '\u{85}');
        while let Some(&n) = chars.peek().filter(|&&n| n == ' ' || n == '\u{85}') {
            if n == ' ' && breaks == 0 {
                spaces += 1;
            } else if n == '\u{85}' {
                breaks += 1;
            }
            chars.next();
        }
        match breaks {
            0 => out.extend(std::iter::repeat_n(' ', spaces)),
            1 => out.push(' '),
            n => out.extend(std::iter::repeat_n('\n', n - 1)),
        }
    }
    Ok(Cow::Owned(out))
}

/// What go-yaml makes of a JSON number's text: an int if it fits int64, a
/// uint if it fits uint64, else a float printed with `%g`-style shortest form.
fn reresolve_number(json: &str) -> String {
    if let Ok(i) = json.parse::<i64>() {
        return i.to_string();
    }
    if let Ok(u) = json.parse::<u64>() {
        return u.to_string();
    }
    let f: f64 = json.parse().expect("encoding/json float text");
    go_format_float(f, b'g', -1)
}

/// A float64 as go-yaml v3 writes it: Go's shortest `%g` form, or YAML's
/// names for NaN and the infinities.
fn v3_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.into()
    } else {
        go_format_float(f, b'g', -1)
    }
}

/// `toYaml` folds long lines at the first chance past this column.
const FOLD_COLUMN: usize = 80;
/// Each nesting level indents by this much.
const STEP: usize = 2;

/// Where a node is written, which decides where its lines go.
#[derive(Clone, Copy)]
enum Place {
    /// The whole document.
    Root,
    /// Right after `key:` of a mapping whose keys sit at `indent`.
    AfterKey { indent: usize },
    /// Right after a `-` (of a sequence at `indent`) or after the `:` of a
    /// `? key` entry (of a mapping at `indent`): a nested collection starts
    /// on this same line.
    Inline { indent: usize },
}

impl Place {
    /// Where a scalar's continuation lines start.
    fn scalar_indent(self) -> usize {
        match self {
            Place::Root => STEP,
            Place::AfterKey { indent } | Place::Inline { indent } => indent + STEP,
        }
    }
}

/// The output, and what of the current line decides whether the next
/// line-start can stay on it.
pub(super) struct Out {
    text: String,
    /// Characters (not bytes) on the current line.
    column: usize,
    /// Only indentation and the block markers `-`, `?` and a `? key`'s `:`
    /// (or spaces after a copied line break) are on the current line.
    only_markers: bool,
    /// The last thing written was indentation (or a literal block's header
    /// line); stays so while a literal block's text is written.
    after_indentation: bool,
    /// Lines of scalars are folded at the first chance past this column
    /// (`toYamlPretty` never folds).
    pub(super) fold_column: Option<usize>,
    /// A sequence under `key:` is indented one step (`toYamlPretty`)
    /// rather than written at the key's column (`toYaml`).
    indent_sequence_under_key: bool,
}

impl Out {
    fn new(dialect: Dialect) -> Out {
        Out {
            text: String::new(),
            column: 0,
            only_markers: true,
            after_indentation: true,
            fold_column: (dialect == Dialect::JsonV2).then_some(FOLD_COLUMN),
            indent_sequence_under_key: dialect == Dialect::V3,
        }
    }

    /// Writes one character of text.
    pub(super) fn push(&mut self, c: char) {
        self.text.push(c);
        self.column += 1;
        if c != ' ' {
            self.only_markers = false;
        }
    }

    pub(super) fn push_str(&mut self, s: &str) {
        s.chars().for_each(|c| self.push(c));
    }

    /// Writes a block marker: `-`, `?`, or the `:` after a `? key`.
    fn marker(&mut self, c: char) {
        self.text.push(c);
        self.column += 1;
        self.after_indentation = false;
    }

    /// Marks the end of a scalar, key or flow collection.
    pub(super) fn end_text(&mut self) {
        self.only_markers = false;
        self.after_indentation = false;
    }

    /// Marks the header line of a literal block as written.
    pub(super) fn begin_block_text(&mut self) {
        self.after_indentation = true;
    }

    pub(super) fn column(&self) -> usize {
        self.column
    }

    /// A line break from the text: `\n` ends the line; the others are
    /// copied as they are but still count as starting a new line.
    pub(super) fn push_break(&mut self, c: char) {
        self.text.push(c);
        self.column = 0;
        self.only_markers = true;
    }

    /// Moves to column `indent`, staying on this line only while nothing
    /// but markers is on it and `indent` is not behind the cursor.
    pub(super) fn line_at(&mut self, indent: usize) {
        let reached = self.column == indent && !self.after_indentation;
        if !self.only_markers || self.column > indent || reached {
            self.push_break('\n');
        }
        while self.column < indent {
            self.text.push(' ');
            self.column += 1;
        }
        self.only_markers = true;
        self.after_indentation = true;
    }

    fn node(&mut self, node: &Node, place: Place) {
        match node {
            Node::Plain(text) => self.value_scalar(text, true, place),
            Node::Str(text) => self.value_scalar(text, false, place),
            Node::List(items) if items.is_empty() => self.empty(place, "[]"),
            Node::Map(entries) if entries.is_empty() => self.empty(place, "{}"),
            Node::List(items) => {
                let indent = match place {
                    Place::Root => 0,
                    Place::AfterKey { indent } if self.indent_sequence_under_key => indent + STEP,
                    Place::AfterKey { indent } => indent,
                    Place::Inline { indent } => indent + STEP,
                };
                for item in items {
                    self.line_at(indent);
                    self.marker('-');
                    self.node(item, Place::Inline { indent });
                }
            }
            Node::Map(entries) => {
                let indent = match place {
                    Place::Root => 0,
                    Place::AfterKey { indent } | Place::Inline { indent } => indent + STEP,
                };
                for (key, value) in entries {
                    self.entry(key, value, indent);
                }
            }
        }
    }

    /// `key: value`, or `? key` and `: value` on their own lines for keys
    /// that are too long or span lines.
    fn entry(&mut self, key: &str, value: &Node, indent: usize) {
        self.line_at(indent);
        let key = Scalar {
            text: key,
            formatted: false,
        };
        if key.fits_simple_key() {
            self.scalar(&key, false, indent + STEP, true);
            self.push(':');
            self.end_text();
            self.node(value, Place::AfterKey { indent });
        } else {
            self.marker('?');
            self.scalar(&key, true, indent + STEP, false);
            self.line_at(indent);
            self.marker(':');
            self.node(value, Place::Inline { indent });
        }
    }

    fn value_scalar(&mut self, text: &str, formatted: bool, place: Place) {
        let scalar = Scalar { text, formatted };
        let space_before = !matches!(place, Place::Root);
        self.scalar(&scalar, space_before, place.scalar_indent(), false);
    }

    /// An empty collection, written in flow style.
    fn empty(&mut self, place: Place, text: &str) {
        if !matches!(place, Place::Root) {
            self.push(' ');
        }
        self.push_str(text);
        self.end_text();
    }
}
