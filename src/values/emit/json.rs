//! Go's `encoding/json` as Helm's `toJson`, `toPrettyJson` and `toRawJson`
//! use it.
//!
//! Byte-level details that matter: keys come out sorted (Go sorts map keys;
//! `Map` already iterates in that byte order), `<`, `>` and `&` are escaped
//! as `\u003c`… unless HTML escaping is off (`toRawJson`), U+2028/U+2029 are
//! escaped always, floats use `'f'` form inside [1e-6, 1e21) and `'e'` form
//! outside with `e-07` shortened to `e-7`, and NaN/±Inf are errors.

use super::float::go_format_float;
use crate::values::Value;

/// Options of one encoding run.
#[derive(Clone, Copy)]
pub struct Style {
    /// Escape `<`, `>`, `&` (json.Marshal does; an Encoder with
    /// `SetEscapeHTML(false)` does not).
    pub html: bool,
    /// Indent each level by two spaces as `json.MarshalIndent(v, "", "  ")`.
    pub pretty: bool,
}

impl Style {
    /// `toJson`.
    pub const COMPACT: Style = Style {
        html: true,
        pretty: false,
    };
    /// `toPrettyJson`.
    pub const PRETTY: Style = Style {
        html: true,
        pretty: true,
    };
    /// `toRawJson`.
    pub const RAW: Style = Style {
        html: false,
        pretty: false,
    };
}

/// `json.Marshal(v)`: what Helm's `toJson` and sprig's `mustToJson` print.
/// The error is Go's text (`json: unsupported value: NaN`); `toJson` prints
/// "" instead, `mustToJson` fails the render with it.
pub fn to_json(v: &Value) -> Result<String, String> {
    encode(v, Style::COMPACT)
}

/// `json.MarshalIndent(v, "", "  ")`: sprig's `toPrettyJson` (which prints ""
/// on error) and `mustToPrettyJson`.
pub fn to_pretty_json(v: &Value) -> Result<String, String> {
    encode(v, Style::PRETTY)
}

/// An Encoder with HTML escaping off, trailing newline trimmed: sprig's
/// `toRawJson` and `mustToRawJson`. Note `toRawJson` panics on error, so
/// in a template it fails the render just like the `must` variant.
pub fn to_raw_json(v: &Value) -> Result<String, String> {
    encode(v, Style::RAW)
}

fn encode(v: &Value, style: Style) -> Result<String, String> {
    let mut out = String::new();
    write_value(&mut out, v, style, 0)?;
    Ok(out)
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Writes `v` at nesting `depth` (for indentation).
pub fn write_value(out: &mut String, v: &Value, style: Style, depth: usize) -> Result<(), String> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)?),
        Value::String(s) => write_string(out, s, style.html),
        Value::List(items) => write_array(out, items, style, depth, write_value)?,
        Value::Map(map) => write_object(out, map.iter(), style, depth, write_value)?,
    }
    Ok(())
}

/// A JSON array of `items`, each written by `item` one level deeper.
/// Shared with encoders of other value types, so the layout is one.
pub fn write_array<T>(
    out: &mut String,
    items: &[T],
    style: Style,
    depth: usize,
    item: impl Fn(&mut String, &T, Style, usize) -> Result<(), String>,
) -> Result<(), String> {
    out.push('[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if style.pretty {
            newline(out, depth + 1);
        }
        item(out, v, style, depth + 1)?;
    }
    if style.pretty && !items.is_empty() {
        newline(out, depth);
    }
    out.push(']');
    Ok(())
}

/// A JSON object of `entries` in the order given, each value written by
/// `item` one level deeper.
pub fn write_object<K: AsRef<str>, T>(
    out: &mut String,
    entries: impl Iterator<Item = (K, T)>,
    style: Style,
    depth: usize,
    item: impl Fn(&mut String, T, Style, usize) -> Result<(), String>,
) -> Result<(), String> {
    out.push('{');
    let mut empty = true;
    for (i, (k, v)) in entries.enumerate() {
        empty = false;
        if i > 0 {
            out.push(',');
        }
        if style.pretty {
            newline(out, depth + 1);
        }
        write_string(out, k.as_ref(), style.html);
        out.push(':');
        if style.pretty {
            out.push(' ');
        }
        item(out, v, style, depth + 1)?;
    }
    if style.pretty && !empty {
        newline(out, depth);
    }
    out.push('}');
    Ok(())
}

/// encoding/json's float64 form: positional between 1e-6 and 1e21 (and for
/// zero), otherwise the exponent form with the exponent written in as few
/// digits as it needs (`1e-7`, `1e+21`).
pub(super) fn json_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!(
            "json: unsupported value: {}",
            go_format_float(f, b'g', -1)
        ));
    }
    let abs = f.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return Ok(go_format_float(f, b'f', -1));
    }
    let go = go_format_float(f, b'e', -1);
    let (mantissa, exp) = go.split_once('e').expect("exponent form");
    let (sign, digits) = exp.split_at(1);
    Ok(format!(
        "{mantissa}e{sign}{}",
        digits.trim_start_matches('0')
    ))
}

/// A JSON string literal as encoding/json writes it: the usual short
/// escapes, `\u00XX` for other control characters (and for `<`, `>`, `&`
/// when HTML-safe), and U+2028/U+2029 always escaped.
/// A string as Go's `json.Marshal` writes it (HTML-safe).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s, true);
    out
}

fn write_string(out: &mut String, s: &str, html: bool) {
    out.push('"');
    for c in s.chars() {
        let short = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            _ => "",
        };
        let hex_escape = c < ' '
            || matches!(c, '\u{2028}' | '\u{2029}')
            || (html && matches!(c, '<' | '>' | '&'));
        if !short.is_empty() {
            out.push_str(short);
        } else if hex_escape {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('"');
}
