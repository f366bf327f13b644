//! Sprig's regular-expression functions over Go's RE2 syntax (bridged to
//! the `regex` crate by [`goregex`]). `mustRegex…` return compile errors;
//! the plain forms use `regexp.MustCompile` in Sprig and fail with its
//! panic text, except `regexMatch`, which answers false.

use minijinja::Value;
use regex::Regex;

use super::goquote::{can_backquote, quote};
use super::goregex;
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

/// `regexp.Compile` of a pattern parameter.
fn compile(pattern: &Value) -> Result<Regex, String> {
    goregex::compile(s(pattern))
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

fn strings(items: impl Iterator<Item = String>) -> Value {
    value::typed_slice(Elem::String, items.map(Value::from).collect())
}

/// Go's `n` for `FindAll`/`Split`: negative means all.
fn limit(n: &Value) -> usize {
    usize::try_from(int(n)).unwrap_or(usize::MAX)
}

/// Go's `FindAllString`: nil when nothing matches.
fn find_all(re: &Regex, a: &[Value]) -> FnResult {
    let mut found = re
        .find_iter(s(&a[1]))
        .take(limit(&a[2]))
        .map(|m| m.as_str().to_owned())
        .peekable();
    Ok(match found.peek() {
        None => value::nil_typed_slice(Elem::String),
        Some(_) => strings(found),
    })
}

fn find(re: &Regex, text: &str) -> Value {
    re.find(text).map_or("", |m| m.as_str()).into()
}

/// Go's `Regexp.Split`: a match at the very start adds no leading empty
/// piece; an empty pattern on empty text still gives one piece; `n` 0 is nil.
fn split(re: &Regex, a: &[Value]) -> FnResult {
    let (text, n) = (s(&a[1]), int(&a[2]));
    if n == 0 {
        return Ok(value::nil_typed_slice(Elem::String));
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
