//! Helm's `toYaml`: `sigs.k8s.io/yaml.Marshal` then one trailing newline
//! trimmed.
//!
//! sigs.k8s.io/yaml marshals to JSON first and feeds that JSON to go-yaml v2
//! as YAML, so what go-yaml emits is the JSON round trip: numbers are
//! re-resolved from their JSON text (a float64 1000000 prints `1000000`,
//! 1e+21 prints `1e+21`, 0.000001 prints `1e-06`, -0 prints `0`), NaN/±Inf
//! are JSON errors, and map keys are re-sorted by go-yaml's "natural" key
//! order (`a9` before `a10`). The layout is a port of the libyaml emitter
//! that go-yaml v2 carries: 2-space indent, sequences in mappings not
//! indented (`a:\n- 1`), empty collections as `{}`/`[]`, keys over 128 bytes
//! or with line breaks written as `? key`, and plain and quoted scalars folded
//! past column 80 (go-yaml v2.4 kept line wrapping on).

use super::float::go_format_float;
use super::json::json_float;
use super::yaml_scalar::{Scalar, ScalarCtx};
use crate::values::Value;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Helm's `toYaml` output, or the error that `mustToYaml` reports (Go's
/// text, e.g. `error marshaling into JSON: json: unsupported value: NaN`).
/// Helm's `toYaml` itself swallows the error and prints "".
pub fn to_yaml(v: &Value) -> Result<String, String> {
    // json.Marshal runs over the whole value before go-yaml sees anything.
    json_check(v).map_err(|e| format!("error marshaling into JSON: {e}"))?;
    emit(&Node::from_value(v, Dialect::JsonV2)?, Dialect::JsonV2)
}

/// Helm's `toYamlPretty`: go-yaml v3's Encoder with indent 2 straight over
/// the Go value (no JSON round trip), one trailing newline trimmed. Unlike
/// `toYaml`, floats keep their Go form (`3`, `1e+06`, `.nan`), sequences in
/// mappings are indented (`a:\n  - 1`) and nothing is folded.
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    emit(&Node::from_value(v, Dialect::V3)?, Dialect::V3)
}

/// Which go-yaml, fed how.
#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    /// go-yaml v2 over the JSON round trip (`toYaml`).
    JsonV2,
    /// go-yaml v3 over the value itself (`toYamlPretty`).
    V3,
}

fn emit(node: &Node, dialect: Dialect) -> Result<String, String> {
    let mut em = Emitter::new(dialect);
    em.node(node, Ctx::Root);
    // Document end: a final line break unless one was just written.
    em.write_indent();
    let mut out = em.out;
    if out.ends_with('\n') {
        out.pop();
    }
    Ok(out)
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

/// A value after the JSON round trip, as go-yaml holds it before emitting.
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
        let text = |s: &'a str, key: bool| match dialect {
            Dialect::JsonV2 => reread_string(s, key),
            Dialect::V3 => Ok(Cow::Borrowed(s)),
        };
        Ok(match v {
            Value::Null => Node::Plain("null".into()),
            Value::Bool(b) => Node::Plain(b.to_string()),
            Value::Int(i) => Node::Plain(i.to_string()),
            Value::Float(f) if dialect == Dialect::V3 => Node::Plain(yaml3_float(*f)),
            Value::Float(f) => Node::Plain(reresolve_number(&json_float(*f)?)),
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

/// go-yaml v3's float: Go's shortest `%g` form, YAML's names for the rest.
fn yaml3_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.into()
    } else {
        go_format_float(f, b'g', -1)
    }
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
    super::float::go_format_float(f, b'g', -1)
}

/// go-yaml v2's `keyList.Less` for string keys: letters before non-letters
/// at the first difference, runs of digits compared as numbers. It is not a
/// strict weak order for keys like `a01`/`a10`/`a1b`, for which Helm's own
/// output varies from run to run; for all other key sets this is the order.
fn key_order(a: &str, b: &str) -> Ordering {
    if key_less(a, b) {
        Ordering::Less
    } else if key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Where a node sits, as libyaml's emit_node flags say it.
#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Root,
    SeqItem,
    MapKey { simple: bool },
    MapValue,
}

/// The libyaml emitter state that shapes the output.
pub(super) struct Emitter {
    pub(super) out: String,
    /// Characters on the current line (libyaml counts code points).
    pub(super) column: i32,
    pub(super) indent: i32,
    /// The last character written is whitespace (or nothing yet).
    pub(super) whitespace: bool,
    /// Only indentation has been written on the current line.
    pub(super) indention: bool,
    /// Fold scalars past this column (go-yaml v2: 80; v3: never).
    pub(super) width: i32,
    /// Indent a sequence that is a mapping's value (go-yaml v3 with
    /// `SetIndent(2)`); v2 writes it at the key's column.
    indent_sequences: bool,
}

/// go-yaml's indent, 2 (`toYamlPretty` asks v3 for the same).
pub(super) const BEST_INDENT: i32 = 2;

impl Emitter {
    fn new(dialect: Dialect) -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            whitespace: true,
            indention: true,
            width: match dialect {
                Dialect::JsonV2 => 80,
                Dialect::V3 => i32::MAX,
            },
            indent_sequences: dialect == Dialect::V3,
        }
    }

    pub(super) fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    pub(super) fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// libyaml `write_break`: a `\n` is a line break; other break characters
    /// (CR, NEL, LS, PS) are copied but reset the column all the same.
    pub(super) fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    pub(super) fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    pub(super) fn write_indicator(
        &mut self,
        ind: &str,
        need_ws: bool,
        is_ws: bool,
        is_indention: bool,
    ) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    /// Pushes an indentation level (libyaml `increase_indent`) and returns
    /// the previous one.
    pub(super) fn increase_indent(&mut self, flow: bool, indentless: bool) -> i32 {
        let prev = self.indent;
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
        prev
    }

    fn node(&mut self, node: &Node, ctx: Ctx) {
        match node {
            Node::Plain(text) => self.scalar(&Scalar::plain(text), ctx),
            Node::Str(s) => self.scalar(&Scalar::string(s), ctx),
            Node::List(items) if items.is_empty() => self.empty_flow("[", "]"),
            Node::Map(entries) if entries.is_empty() => self.empty_flow("{", "}"),
            Node::List(items) => {
                let mapping_ctx = matches!(ctx, Ctx::MapKey { .. } | Ctx::MapValue);
                let indentless = mapping_ctx && !self.indention && !self.indent_sequences;
                let prev = self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, Ctx::SeqItem);
                }
                self.indent = prev;
            }
            Node::Map(entries) => {
                let prev = self.increase_indent(false, false);
                for (key, value) in entries {
                    self.write_indent();
                    let key = Scalar::string(key);
                    if key.is_simple_key() {
                        self.scalar(&key, Ctx::MapKey { simple: true });
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.scalar(&key, Ctx::MapKey { simple: false });
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(value, Ctx::MapValue);
                }
                self.indent = prev;
            }
        }
    }

    /// An empty sequence or mapping: go-yaml emits it in flow style.
    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        let prev = self.increase_indent(true, false);
        self.indent = prev;
        self.write_indicator(close, false, false, false);
    }

    fn scalar(&mut self, scalar: &Scalar, ctx: Ctx) {
        let simple_key = ctx == Ctx::MapKey { simple: true };
        let prev = self.increase_indent(true, false);
        self.write_scalar(scalar, ScalarCtx { simple_key });
        self.indent = prev;
    }
}
