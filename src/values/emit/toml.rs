//! Helm's `toToml`: BurntSushi/toml's Encoder (v1.4 in Helm 3.17, v1.5 in
//! Helm 4) over Go's `map[string]interface{}`.
//!
//! Layout: in each table the keys whose values are not tables come first,
//! then sub-tables (`[a.b]`, indented two spaces per level below the top)
//! and arrays of tables (`[[a.b]]`); a blank line precedes every top-level
//! table and every array-of-tables entry. Lists that mix maps with other
//! values, and maps inside nested lists, are written inline (`{k = v}`).
//! Keys are bare when they are `[A-Za-z0-9_-]+`, else quoted. A `nil` map
//! entry is skipped, but a `nil` anywhere in a list is an error. Ints print
//! as is, floats always with a `.0` or an exponent; the two Helm majors
//! differ in float form (`1000000.0` vs `1e+06`).

use super::float::go_format_float;
use crate::values::{Map, Value};

/// The Helm major whose vendored library to imitate where they differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelmMajor {
    V3,
    V4,
}

/// How `toToml` fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TomlError {
    /// The encoder's error: Helm's `toToml` prints this text as its result.
    Encode(String),
    /// A Go panic (encoding a top-level `nil`): the template render fails
    /// with `error calling toToml: <text>`.
    Panic(String),
}

const NO_KEY: &str = "toml: top-level values must be Go maps or structs";
const NIL_ELEMENT: &str = "toml: cannot encode array with nil element";

/// Helm's `toToml`. Helm prints the `Encode` error text in place of the
/// document, so a caller imitating `toToml` uses `Err(Encode(e)) => e`.
pub fn to_toml(v: &Value, helm: HelmMajor) -> Result<String, TomlError> {
    let mut enc = Encoder {
        out: String::new(),
        helm,
    };
    match v {
        Value::Null => {
            return Err(TomlError::Panic(
                "reflect: call of reflect.Value.Type on zero Value".into(),
            ));
        }
        Value::Map(map) => enc.map(&[], map).map_err(TomlError::Encode)?,
        Value::List(items) if is_table_array(items).map_err(TomlError::Encode)? => {
            return Err(TomlError::Encode(NO_KEY.into()));
        }
        // A top-level non-table is written as a bare element, no key.
        _ => enc.element(v).map_err(TomlError::Encode)?,
    }
    Ok(enc.out)
}

/// A list written as `[[k]]` tables: non-empty and only maps. Fails on a
/// `nil` element, also inside nested lists.
fn is_table_array(items: &[Value]) -> Result<bool, String> {
    let mut all_maps = !items.is_empty();
    for item in items {
        match item {
            Value::Null => return Err(NIL_ELEMENT.into()),
            Value::Map(_) => {}
            Value::List(inner) => {
                is_table_array(inner)?;
                all_maps = false;
            }
            _ => all_maps = false,
        }
    }
    Ok(all_maps)
}

/// A map's entries split into those written `k = v` and those written as
/// tables, each part in key order.
type Entries<'a> = Vec<(&'a str, &'a Value)>;
fn plain_then_tables(map: &Map) -> Result<(Entries<'_>, Entries<'_>), String> {
    let (mut plain, mut tables) = (Vec::new(), Vec::new());
    for (k, v) in map {
        let part = if is_table(v)? {
            &mut tables
        } else {
            &mut plain
        };
        part.push((k.as_str(), v));
    }
    Ok((plain, tables))
}

/// Whether a value is written as a table (`[k]` or `[[k]]`) rather than
/// `k = v`.
fn is_table(v: &Value) -> Result<bool, String> {
    match v {
        Value::Map(_) => Ok(true),
        Value::List(items) => is_table_array(items),
        _ => Ok(false),
    }
}

struct Encoder {
    out: String,
    helm: HelmMajor,
}

impl Encoder {
    /// A line break, unless nothing has been written yet.
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&mut self, key: &[&str]) {
        for _ in 1..key.len() {
            self.out.push_str("  ");
        }
    }

    fn header(&mut self, key: &[&str], open: &str, close: &str) {
        self.indent(key);
        self.out.push_str(open);
        for (i, part) in key.iter().enumerate() {
            if i > 0 {
                self.out.push('.');
            }
            push_key(&mut self.out, part);
        }
        self.out.push_str(close);
        self.newline();
    }

    /// A table's body: its `k = v` lines, then its sub-tables.
    fn map(&mut self, key: &[&str], map: &Map) -> Result<(), String> {
        let (plain, tables) = plain_then_tables(map)?;
        for (k, v) in plain.into_iter().chain(tables) {
            let mut child = key.to_vec();
            child.push(k);
            self.encode(&child, v)?;
        }
        Ok(())
    }

    fn encode(&mut self, key: &[&str], v: &Value) -> Result<(), String> {
        match v {
            Value::Null => {}
            Value::Map(map) => {
                if key.len() == 1 {
                    self.newline();
                }
                self.header(key, "[", "]");
                self.map(key, map)?;
            }
            Value::List(items) if is_table_array(items)? => {
                for item in items {
                    let Value::Map(map) = item else {
                        unreachable!("table array holds maps")
                    };
                    self.newline();
                    self.header(key, "[[", "]]");
                    self.map(key, map)?;
                }
            }
            _ => {
                self.indent(key);
                push_key(&mut self.out, key[key.len() - 1]);
                self.out.push_str(" = ");
                self.element(v)?;
                self.newline();
            }
        }
        Ok(())
    }

    /// A value on the right of `=`, or inside an array.
    fn element(&mut self, v: &Value) -> Result<(), String> {
        match v {
            Value::Null => return Err(NIL_ELEMENT.into()),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => self.float(*f),
            Value::String(s) => push_quoted(&mut self.out, s),
            Value::List(items) => {
                is_table_array(items)?;
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.element(item)?;
                }
                self.out.push(']');
            }
            Value::Map(map) => self.inline_map(map)?,
        }
        Ok(())
    }

    /// An inline table, `{k = v, t = {…}}`: plain values before tables.
    /// Each entry but the last one of the whole table is followed by `, `,
    /// decided before `nil` entries are dropped, so a dropped last entry
    /// leaves a dangling `, ` behind (as Helm prints it).
    fn inline_map(&mut self, map: &Map) -> Result<(), String> {
        let (plain, tables) = plain_then_tables(map)?;
        let total = plain.len() + tables.len();
        self.out.push('{');
        for (n, (k, v)) in plain.into_iter().chain(tables).enumerate() {
            if matches!(v, Value::Null) {
                continue;
            }
            push_key(&mut self.out, k);
            self.out.push_str(" = ");
            self.element(v)?;
            if n + 1 < total {
                self.out.push_str(", ");
            }
        }
        self.out.push('}');
        Ok(())
    }

    fn float(&mut self, f: f64) {
        if f.is_nan() {
            self.out
                .push_str(if f.is_sign_negative() { "-nan" } else { "nan" });
        } else if f.is_infinite() {
            self.out.push_str(if f < 0.0 { "-inf" } else { "inf" });
        } else {
            let s = match self.helm {
                HelmMajor::V3 => go_format_float(f, b'f', -1),
                HelmMajor::V4 => go_format_float(f, b'g', -1),
            };
            let needs_point = !s.contains(['.', 'e']);
            self.out.push_str(&s);
            if needs_point {
                self.out.push_str(".0");
            }
        }
    }
}

/// A key, bare if it may be (`[A-Za-z0-9_-]+`), else quoted.
fn push_key(out: &mut String, k: &str) {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        out.push_str(k);
    } else {
        push_quoted(out, k);
    }
}

/// A basic string: `"`, `\` and control characters escaped, the rest raw.
fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\0'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
