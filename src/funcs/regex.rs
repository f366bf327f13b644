//! Sprig's regular-expression functions over Go's RE2 syntax.
//!
//! The `regex` crate implements the same RE2 family; the differences that
//! matter are bridged in [`translate`]: Go's `\d`, `\w`, `\s`, `\b` are
//! ASCII-only (Rust's are Unicode) and Go accepts `\Q…\E` quoting. Compile
//! errors are reported in Go's words ([`go_error`]). Non-`must` forms that
//! use `regexp.MustCompile` in Sprig fail with its panic text.

use minijinja::Value;
use regex::Regex;

use super::goquote::{can_backquote, quote};
use super::strings::{int, s};
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, Elem};

const S: Param = Param::String;
const I: Param = Param::Int;

pub static FUNCS: &[Func] = &[
    Func {
        name: "regexMatch",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(compile(&a[0]).is_ok_and(|re| re.is_match(s(&a[1]))).into()),
    },
    Func {
        name: "mustRegexMatch",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(compile(&a[0])?.is_match(s(&a[1])).into()),
    },
    Func {
        name: "regexFindAll",
        params: &[S, S, I],
        variadic: None,
        body: |_, a| find_all(&must_compile(&a[0])?, &a),
    },
    Func {
        name: "mustRegexFindAll",
        params: &[S, S, I],
        variadic: None,
        body: |_, a| find_all(&compile(&a[0])?, &a),
    },
    Func {
        name: "regexFind",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(find(&must_compile(&a[0])?, s(&a[1]))),
    },
    Func {
        name: "mustRegexFind",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(find(&compile(&a[0])?, s(&a[1]))),
    },
    Func {
        name: "regexReplaceAll",
        params: &[S, S, S],
        variadic: None,
        body: |_, a| {
            Ok(must_compile(&a[0])?
                .replace_all(s(&a[1]), s(&a[2]))
                .into_owned()
                .into())
        },
    },
    Func {
        name: "mustRegexReplaceAll",
        params: &[S, S, S],
        variadic: None,
        body: |_, a| {
            Ok(compile(&a[0])?
                .replace_all(s(&a[1]), s(&a[2]))
                .into_owned()
                .into())
        },
    },
    Func {
        name: "regexReplaceAllLiteral",
        params: &[S, S, S],
        variadic: None,
        body: |_, a| {
            Ok(must_compile(&a[0])?
                .replace_all(s(&a[1]), regex::NoExpand(s(&a[2])))
                .into_owned()
                .into())
        },
    },
    Func {
        name: "mustRegexReplaceAllLiteral",
        params: &[S, S, S],
        variadic: None,
        body: |_, a| {
            Ok(compile(&a[0])?
                .replace_all(s(&a[1]), regex::NoExpand(s(&a[2])))
                .into_owned()
                .into())
        },
    },
    Func {
        name: "regexSplit",
        params: &[S, S, I],
        variadic: None,
        body: |_, a| split(&must_compile(&a[0])?, &a),
    },
    Func {
        name: "mustRegexSplit",
        params: &[S, S, I],
        variadic: None,
        body: |_, a| split(&compile(&a[0])?, &a),
    },
    Func {
        name: "regexQuoteMeta",
        params: &[S],
        variadic: None,
        body: quote_meta,
    },
];

/// `regexp.Compile`, with Go's error text.
fn compile(pattern: &Value) -> Result<Regex, String> {
    let p = s(pattern);
    if let Some(ops) = nested_repetition(p) {
        return Err(format!(
            "error parsing regexp: invalid nested repetition operator: `{ops}`"
        ));
    }
    Regex::new(&translate(p)).map_err(|_| go_error(p))
}

/// The end of a `{n}`, `{n,}` or `{n,m}` repetition starting at `i`.
fn braces_end(b: &[u8], i: usize) -> Option<usize> {
    let close = i + b[i..].iter().position(|&c| c == b'}')?;
    let inner = std::str::from_utf8(&b[i + 1..close]).ok()?;
    let (lo, hi) = inner.split_once(',').unwrap_or((inner, inner));
    let numeric = |t: &str| t.bytes().all(|c| c.is_ascii_digit());
    (!lo.is_empty() && numeric(lo) && numeric(hi)).then_some(close + 1)
}

/// Go rejects a repetition applied to a repetition (`a**`, `a++`, `a{2}*`),
/// which the `regex` crate accepts; returns the offending operators.
fn nested_repetition(p: &str) -> Option<&str> {
    let b = p.as_bytes();
    let (mut i, mut last) = (0, None);
    while i < b.len() {
        let rep = match b[i] {
            b'*' | b'+' | b'?' => Some(i + 1),
            b'{' => braces_end(b, i),
            _ => None,
        };
        if let Some(mut end) = rep {
            if b.get(end) == Some(&b'?') {
                end += 1;
            }
            if let Some(start) = last {
                return Some(&p[start..end]);
            }
            last = Some(i);
            i = end;
            continue;
        }
        last = None;
        i += match b[i] {
            b'\\' => 2,
            b'[' => b[i + 1..]
                .iter()
                .skip(1)
                .position(|&c| c == b']')
                .map_or(b.len(), |n| n + 3),
            _ => 1,
        };
    }
    None
}

/// `regexp.MustCompile`: its panic text on failure.
fn must_compile(pattern: &Value) -> Result<Regex, String> {
    let p = s(pattern);
    let shown = if can_backquote(p) {
        format!("`{p}`")
    } else {
        quote(p, false)
    };
    compile(pattern).map_err(|e| format!("regexp: Compile({shown}): {e}"))
}

/// Rewrites Go-only syntax into the `regex` crate's equivalent.
fn translate(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        if c != '\\' {
            match c {
                '[' if !in_class => in_class = true,
                ']' if in_class && !out.ends_with('[') && !out.ends_with("[^") => in_class = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let ascii = match (e, in_class) {
            ('d', false) => "[0-9]",
            ('D', false) => "[^0-9]",
            ('w', false) => "[0-9A-Za-z_]",
            ('W', false) => "[^0-9A-Za-z_]",
            ('s', false) => r"[\t\n\f\r ]",
            ('S', false) => r"[^\t\n\f\r ]",
            ('b', false) => r"(?-u:\b)",
            ('B', false) => r"(?-u:\B)",
            ('d', true) => "0-9",
            ('w', true) => "0-9A-Za-z_",
            ('s', true) => r"\t\n\f\r ",
            ('Q', _) => {
                let mut lit = String::new();
                while let Some(c) = chars.next() {
                    if c == '\\' && chars.peek() == Some(&'E') {
                        chars.next();
                        break;
                    }
                    lit.push(c);
                }
                out.push_str(&regex::escape(&lit));
                continue;
            }
            _ => {
                out.push('\\');
                out.push(e);
                continue;
            }
        };
        out.push_str(ascii);
    }
    out
}

/// Go's `error parsing regexp: CODE: `EXPR`` for the common mistakes.
fn go_error(p: &str) -> String {
    let (code, expr) = diagnose(p);
    format!("error parsing regexp: {code}: `{expr}`")
}

fn diagnose(p: &str) -> (&'static str, String) {
    let b = p.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut at_start = true;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => {
                let start = i;
                i += 1;
                if b.get(i) == Some(&b'^') {
                    i += 1;
                }
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
                while i < b.len() && b[i] != b']' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if i >= b.len() {
                    return ("missing closing ]", p[start..].to_owned());
                }
            }
            b'(' => {
                depth += 1;
                if b.get(i + 1) == Some(&b'?') {
                    i += 1;
                }
            }
            b')' if depth == 0 => return ("unexpected )", p.to_owned()),
            b')' => depth -= 1,
            b'*' | b'+' | b'?' => {
                if at_start {
                    return (
                        "missing argument to repetition operator",
                        p[i..=i].to_owned(),
                    );
                }
                at_start = false;
                i += 1;
                continue;
            }
            _ => {}
        }
        at_start = matches!(b.get(i), Some(b'(' | b'|'));
        i += 1;
    }
    if depth > 0 {
        return ("missing closing )", p.to_owned());
    }
    ("invalid or unsupported Perl syntax", p.to_owned())
}

fn strings(items: impl Iterator<Item = String>) -> Value {
    value::typed_slice(Elem::String, items.map(Value::from).collect())
}

/// Go's `n` for `FindAll`/`Split`: negative means all.
fn limit(n: &Value) -> usize {
    usize::try_from(int(n)).unwrap_or(usize::MAX)
}

fn find_all(re: &Regex, a: &[Value]) -> FnResult {
    Ok(strings(
        re.find_iter(s(&a[1]))
            .take(limit(&a[2]))
            .map(|m| m.as_str().to_owned()),
    ))
}

fn find(re: &Regex, text: &str) -> Value {
    re.find(text).map_or("", |m| m.as_str()).into()
}

/// Go's `Regexp.Split`: a match at the very start adds no leading empty
/// piece; an empty pattern on empty text still gives one piece.
fn split(re: &Regex, a: &[Value]) -> FnResult {
    let (text, n) = (s(&a[1]), int(&a[2]));
    if n == 0 {
        return Ok(strings(std::iter::empty()));
    }
    if !re.as_str().is_empty() && text.is_empty() {
        return Ok(strings(std::iter::once(String::new())));
    }
    let mut parts = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(text).take(limit(&a[2])) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            parts.push(text[beg..end].to_owned());
        }
        beg = m.end();
    }
    if end != text.len() {
        parts.push(text[beg..].to_owned());
    }
    Ok(strings(parts.into_iter()))
}

/// Go's `regexp.QuoteMeta`: only `\.+*?()|[]{}^$` are escaped.
fn quote_meta(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut out = String::new();
    for c in s(&a[0]).chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(out.into())
}
