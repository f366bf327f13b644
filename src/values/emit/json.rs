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
struct Style {
    /// Escape `<`, `>`, `&` (json.Marshal does; an Encoder with
    /// `SetEscapeHTML(false)` does not).
    html: bool,
    /// Indent each level by two spaces as `json.MarshalIndent(v, "", "  ")`.
    pretty: bool,
}

/// `json.Marshal(v)`: what Helm's `toJson` and sprig's `mustToJson` print.
/// The error is Go's text (`json: unsupported value: NaN`); `toJson` prints
/// "" instead, `mustToJson` fails the render with it.
pub fn to_json(v: &Value) -> Result<String, String> {
    encode(
        v,
        Style {
            html: true,
            pretty: false,
        },
    )
}

/// `json.MarshalIndent(v, "", "  ")`: sprig's `toPrettyJson` (which prints ""
/// on error) and `mustToPrettyJson`.
pub fn to_pretty_json(v: &Value) -> Result<String, String> {
    encode(
        v,
        Style {
            html: true,
            pretty: true,
        },
    )
}

/// An Encoder with HTML escaping off, trailing newline trimmed: sprig's
/// `toRawJson` and `mustToRawJson`. Note `toRawJson` panics on error, so
/// in a template it fails the render just like the `must` variant.
pub fn to_raw_json(v: &Value) -> Result<String, String> {
    encode(
        v,
        Style {
            html: false,
            pretty: false,
        },
    )
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

fn write_value(out: &mut String, v: &Value, style: Style, depth: usize) -> Result<(), String> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&json_float(*f)?),
        Value::String(s) => write_string(out, s, style.html),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if style.pretty {
                    newline(out, depth + 1);
                }
                write_value(out, item, style, depth + 1)?;
            }
            if style.pretty && !items.is_empty() {
                newline(out, depth);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if style.pretty {
                    newline(out, depth + 1);
                }
                write_string(out, k, style.html);
                out.push(':');
                if style.pretty {
                    out.push(' ');
                }
                write_value(out, item, style, depth + 1)?;
            }
            if style.pretty && !map.is_empty() {
                newline(out, depth);
            }
            out.push('}');
        }
    }
    Ok(())
}

/// encoding/json's float64 form: ES6-like, `'f'` between 1e-6 and 1e21,
/// otherwise `'e'` with a one-digit negative exponent kept short (`1e-7`).
pub(super) fn json_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!(
            "json: unsupported value: {}",
            go_format_float(f, b'g', -1)
        ));
    }
    let abs = f.abs();
    let fmt = if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        b'e'
    } else {
        b'f'
    };
    let mut s = go_format_float(f, fmt, -1);
    let b = s.as_bytes();
    let n = b.len();
    if fmt == b'e' && n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
        s.remove(n - 2);
    }
    Ok(s)
}

/// A JSON string literal as encoding/json writes it.
fn write_string(out: &mut String, s: &str, html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if html => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}
