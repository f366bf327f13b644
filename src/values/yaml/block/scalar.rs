//! Keys and one-line scalars for the block reader, resolved exactly as the
//! full reader resolves them (go-yaml v2's rules, then the JSON trip that
//! makes every number a float).

use std::borrow::Cow;

use super::{Fast, Unsure};
use crate::values::yaml::resolve::{Scalar, resolve};
use crate::values::{Map, Value};

/// What follows `key: ` or `- ` on a line.
pub enum Inline {
    Value(Value),
    /// A literal block scalar header (`|` or `|-`); its content is on the
    /// following lines.
    Literal {
        strip: bool,
    },
}

/// Reads the scalar (or `{}`, `[]`, or literal header) that `text` starts
/// with; only a comment may follow it on the line.
pub fn inline(text: &str) -> Fast<Inline> {
    let (value, tail) = match text.as_bytes()[0] {
        b'"' | b'\'' => {
            let (s, tail) = quoted(text)?;
            (Value::String(s.into_owned()), tail)
        }
        b'|' => {
            let header = &text[1..];
            let (strip, tail) = match header.strip_prefix('-') {
                Some(tail) => (true, tail),
                None => (false, header),
            };
            comment_only(tail)?;
            return Ok(Inline::Literal { strip });
        }
        b'{' => (
            Value::Map(Map::new()),
            text.strip_prefix("{}").ok_or(Unsure)?,
        ),
        b'[' => (
            Value::List(Vec::new()),
            text.strip_prefix("[]").ok_or(Unsure)?,
        ),
        _ => return plain(text).map(Inline::Value),
    };
    comment_only(tail)?;
    Ok(Inline::Value(value))
}

/// What may follow a scalar on its line: spaces, then a comment or nothing
/// (go-yaml also takes a comment glued to a closing quote; saphyr does not,
/// so that is the full reader's business).
fn comment_only(tail: &str) -> Fast<()> {
    let rest = tail.trim_start_matches(' ');
    if rest.is_empty() || (rest.starts_with('#') && rest.len() < tail.len()) {
        Ok(())
    } else {
        Err(Unsure)
    }
}

/// Whether a plain scalar may start with `text`'s first character: not an
/// indicator, and `-` only when glued to what follows (`-c`, `-1`).
fn plain_start(text: &str) -> bool {
    let b = text.as_bytes();
    match b.first() {
        None => false,
        Some(b'-') => b.get(1).is_some_and(|&c| c != b' '),
        Some(c) => !b",[]{}#&*!|>'\"%@`?:".contains(c),
    }
}

/// A plain scalar, resolved: `text` up to a comment, trailing spaces off.
fn plain(text: &str) -> Fast<Value> {
    if !plain_start(text) {
        return Err(Unsure);
    }
    let b = text.as_bytes();
    let mut end = b.len();
    for i in 0..b.len() {
        match b[i] {
            b'#' if b[i - 1] == b' ' => {
                end = i;
                break;
            }
            // A mapping where none may start (`a: b: c`), or a multi-line key.
            b':' if b.get(i + 1).is_none_or(|&c| c == b' ') => return Err(Unsure),
            _ => {}
        }
    }
    let s = text[..end].trim_end_matches(' ');
    Ok(match resolve("", s).map_err(|_| Unsure)? {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Float(i as f64),
        Scalar::Uint(u) => Value::Float(u as f64),
        Scalar::Float(f) if f.is_finite() => Value::Float(f),
        Scalar::Float(_) => return Err(Unsure), // the JSON trip's error
        Scalar::Str(Some(s)) => Value::String(s),
        Scalar::Str(None) => Value::String(s.to_string()),
    })
}

/// The key a mapping entry's line starts with, and the text after its
/// `:`. `None` if the line holds no key (a scalar); unsure about keys
/// that are not plain strings (`1:`, `true:`, `<<:`, `~:`), complex or
/// flow keys, and keys with a `:` of their own.
pub fn split_key(body: &str) -> Fast<Option<(Cow<'_, str>, &str)>> {
    if matches!(body.as_bytes()[0], b'"' | b'\'') {
        let (key, tail) = quoted(body)?;
        let rest = tail.trim_start_matches(' ');
        return match rest.strip_prefix(':') {
            None => Ok(None),
            Some(after) if after.is_empty() || after.starts_with(' ') => Ok(Some((key, after))),
            Some(_) => Err(Unsure),
        };
    }
    let b = body.as_bytes();
    let found = (0..b.len()).find(|&i| match b[i] {
        b':' => b.get(i + 1).is_none_or(|&c| c == b' '),
        b'#' => i > 0 && b[i - 1] == b' ',
        _ => false,
    });
    let Some(colon) = found.filter(|&i| b[i] == b':') else {
        return Ok(None);
    };
    let key = body[..colon].trim_end_matches(' ');
    if !plain_start(key) || key.contains(':') || key.len() > 1024 || key == "<<" {
        return Err(Unsure);
    }
    match resolve("", key) {
        Ok(Scalar::Str(None)) => Ok(Some((Cow::Borrowed(key), &body[colon + 1..]))),
        _ => Err(Unsure),
    }
}

/// A single- or double-quoted scalar closed on its line: its value and
/// the text after the closing quote.
fn quoted(text: &str) -> Fast<(Cow<'_, str>, &str)> {
    let (quote, body) = text.split_at(1);
    let specials: &[char] = if quote == "'" { &['\''] } else { &['"', '\\'] };
    let mut out: Option<String> = None;
    let mut rest = body;
    loop {
        let at = rest.find(specials).ok_or(Unsure)?;
        let (plain, special) = rest.split_at(at);
        let mut chars = special.chars();
        let (c, next) = (chars.next(), chars.next());
        let (unescaped, len) = match (c, next) {
            (Some('\''), Some('\'')) => ('\'', 2),
            (Some('\\'), Some(e)) => escape(e, chars.as_str())?,
            (Some('\\'), None) => return Err(Unsure), // continued on the next line
            _ => {
                // The closing quote.
                let value = match out {
                    None => Cow::Borrowed(plain),
                    Some(mut s) => {
                        s.push_str(plain);
                        Cow::Owned(s)
                    }
                };
                return Ok((value, &special[1..]));
            }
        };
        let s = out.get_or_insert_with(String::new);
        s.push_str(plain);
        s.push(unescaped);
        rest = &special[len..];
    }
}

/// A double-quoted escape: `e` follows the backslash, `after` the rest.
/// Returns the character and the escape's length in bytes. YAML 1.2's
/// `\/` is a go-yaml error, and the rare `\N \_ \L \P` are left to the
/// full reader too.
fn escape(e: char, after: &str) -> Fast<(char, usize)> {
    let simple = match e {
        '0' => '\0',
        'a' => '\x07',
        'b' => '\x08',
        't' => '\t',
        'n' => '\n',
        'v' => '\x0b',
        'f' => '\x0c',
        'r' => '\r',
        'e' => '\x1b',
        ' ' => ' ',
        '"' => '"',
        '\\' => '\\',
        'x' | 'u' | 'U' => {
            let digits = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = after.get(..digits).ok_or(Unsure)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Unsure);
            }
            let code = u32::from_str_radix(hex, 16).map_err(|_| Unsure)?;
            return Ok((char::from_u32(code).ok_or(Unsure)?, 2 + digits));
        }
        _ => return Err(Unsure),
    };
    Ok((simple, 2))
}
