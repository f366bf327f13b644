//! Sprig's string functions.
//!
//! Several of them index Go strings by byte (`trunc`, `substr`, `wrap`,
//! `abbrev`) or walk them byte by byte as if each byte were a rune
//! (`nospace`, `initials`), so they are written over bytes here too; where
//! Go would produce invalid UTF-8 the result is decoded lossily.

use minijinja::Value;

use super::casing;
use super::convert::strval;
use super::goquote::quote as go_quote;
use super::random;
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{View, view};

const S: Param = Param::String;
const I: Param = Param::Int;
const A: Param = Param::Any;

pub static FUNCS: &[Func] = &[
    Func {
        name: "trim",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(s(&a[0]).trim_matches(char::is_whitespace).into()),
    },
    Func {
        name: "trimAll",
        params: &[S, S],
        variadic: None,
        body: trim_all,
    },
    // Sprig's older spelling of `trimAll`, still in the map.
    Func {
        name: "trimall",
        params: &[S, S],
        variadic: None,
        body: trim_all,
    },
    Func {
        name: "trimSuffix",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(s(&a[1]).strip_suffix(s(&a[0])).unwrap_or(s(&a[1])).into()),
    },
    Func {
        name: "trimPrefix",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(s(&a[1]).strip_prefix(s(&a[0])).unwrap_or(s(&a[1])).into()),
    },
    Func {
        name: "upper",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::upper(s(&a[0])).into()),
    },
    Func {
        name: "lower",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::lower(s(&a[0])).into()),
    },
    Func {
        name: "title",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::title(s(&a[0])).into()),
    },
    Func {
        name: "untitle",
        params: &[S],
        variadic: None,
        body: untitle,
    },
    Func {
        name: "repeat",
        params: &[I, S],
        variadic: None,
        body: |_, a| Ok(repeat(s(&a[1]), int(&a[0]))?.into()),
    },
    Func {
        name: "substr",
        params: &[I, I, S],
        variadic: None,
        body: substr,
    },
    Func {
        name: "nospace",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(nospace(s(&a[0])).into()),
    },
    Func {
        name: "trunc",
        params: &[I, S],
        variadic: None,
        body: trunc,
    },
    Func {
        name: "abbrev",
        params: &[I, S],
        variadic: None,
        body: abbrev,
    },
    Func {
        name: "abbrevboth",
        params: &[I, I, S],
        variadic: None,
        body: abbrevboth,
    },
    Func {
        name: "initials",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(initials(s(&a[0])).into()),
    },
    Func {
        name: "wrap",
        params: &[I, S],
        variadic: None,
        body: |_, a| Ok(wrap(s(&a[1]), int(&a[0]), "\n", false).into()),
    },
    Func {
        name: "wrapWith",
        params: &[I, S, S],
        variadic: None,
        body: |_, a| Ok(wrap(s(&a[2]), int(&a[0]), s(&a[1]), true).into()),
    },
    Func {
        name: "contains",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(s(&a[1]).contains(s(&a[0])).into()),
    },
    Func {
        name: "hasPrefix",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(s(&a[1]).starts_with(s(&a[0])).into()),
    },
    Func {
        name: "hasSuffix",
        params: &[S, S],
        variadic: None,
        body: |_, a| Ok(s(&a[1]).ends_with(s(&a[0])).into()),
    },
    Func {
        name: "quote",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(joined(&a, |v| go_quote(&v, false)).into()),
    },
    Func {
        name: "squote",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(joined(&a, |v| format!("'{v}'")).into()),
    },
    Func {
        name: "cat",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(joined(&a, |v| v).into()),
    },
    Func {
        name: "indent",
        params: &[I, S],
        variadic: None,
        body: |_, a| Ok(indent(int(&a[0]), s(&a[1]))?.into()),
    },
    Func {
        name: "nindent",
        params: &[I, S],
        variadic: None,
        body: |_, a| Ok(format!("\n{}", indent(int(&a[0]), s(&a[1]))?).into()),
    },
    Func {
        name: "replace",
        params: &[S, S, S],
        variadic: None,
        body: |_, a| Ok(replace(s(&a[2]), s(&a[0]), s(&a[1])).into()),
    },
    Func {
        name: "plural",
        params: &[S, S, I],
        variadic: None,
        body: |_, a| Ok(a[if int(&a[2]) == 1 { 0 } else { 1 }].clone()),
    },
    Func {
        name: "snakecase",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::to_lower_case(s(&a[0]), '_').into()),
    },
    Func {
        name: "kebabcase",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::to_lower_case(s(&a[0]), '-').into()),
    },
    Func {
        name: "camelcase",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::camelcase(s(&a[0])).into()),
    },
    Func {
        name: "swapcase",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(casing::swapcase(s(&a[0])).into()),
    },
    Func {
        name: "shuffle",
        params: &[S],
        variadic: None,
        body: shuffle,
    },
];

/// The string of a `string` parameter (the caller has checked the type).
pub(super) fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The number of an `int`/`int64` parameter (the caller has checked it).
pub(super) fn int(v: &Value) -> i64 {
    match view(v) {
        View::Int(n) | View::Int64(n) => n,
        _ => 0,
    }
}

/// Go's panic text for an out-of-range string slice `s[lo:hi]`.
fn bounds_error(lo: Option<usize>, hi: Option<usize>, len: usize) -> String {
    match (lo, hi) {
        (None, Some(h)) => {
            format!("runtime error: slice bounds out of range [:{h}] with length {len}")
        }
        (Some(l), None) => format!("runtime error: slice bounds out of range [{l}:{len}]"),
        (l, h) => format!(
            "runtime error: slice bounds out of range [{}:{}]",
            l.unwrap_or(0),
            h.unwrap_or(len)
        ),
    }
}

/// Go's `s[lo:hi]` on bytes: the panic message when out of range.
pub(super) fn byte_slice(s: &str, lo: usize, hi: usize) -> Result<String, String> {
    if hi > s.len() {
        return Err(bounds_error(None, Some(hi), s.len()));
    }
    if lo > hi {
        return Err(bounds_error(
            Some(lo),
            (hi != s.len()).then_some(hi),
            s.len(),
        ));
    }
    Ok(String::from_utf8_lossy(&s.as_bytes()[lo..hi]).into_owned())
}

fn repeat(s: &str, n: i64) -> Result<String, String> {
    let n = usize::try_from(n).map_err(|_| "strings: negative Repeat count".to_owned())?;
    Ok(s.repeat(n))
}

/// goutils' `Uncapitalize`: lower-cases the first rune of every
/// space-separated word.
fn untitle(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut next = true;
    let out: String = s(&a[0])
        .chars()
        .map(|c| {
            if c.is_whitespace() {
                next = true;
                c
            } else if std::mem::take(&mut next) {
                casing::lower_rune(c)
            } else {
                c
            }
        })
        .collect();
    Ok(out.into())
}

fn substr(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (start, end, text) = (int(&a[0]), int(&a[1]), s(&a[2]));
    let len = text.len() as i64;
    let clamp = |n: i64| usize::try_from(n).unwrap_or(0);
    let out = if start < 0 {
        byte_slice(text, 0, clamp(end))
    } else if end < 0 || end > len {
        if start > len {
            Err(bounds_error(Some(clamp(start)), None, text.len()))
        } else {
            byte_slice(text, clamp(start), text.len())
        }
    } else {
        byte_slice(text, clamp(start), clamp(end))
    };
    Ok(out?.into())
}

/// goutils' `DeleteWhiteSpace`: bytes taken as runes, so non-ASCII text
/// comes out as Latin-1 mojibake whenever any space was removed.
fn nospace(text: &str) -> String {
    let kept: String = text
        .bytes()
        .map(char::from)
        .filter(|c| !c.is_whitespace())
        .collect();
    if kept.chars().count() == text.len() {
        text.to_owned()
    } else {
        kept
    }
}

fn trunc(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (c, text) = (int(&a[0]), s(&a[1]));
    let len = text.len() as i64;
    let out = if c < 0 && len + c > 0 {
        byte_slice(text, (len + c) as usize, text.len())?
    } else if c >= 0 && len > c {
        byte_slice(text, 0, c as usize)?
    } else {
        text.to_owned()
    };
    Ok(out.into())
}

/// goutils' `AbbreviateFull`; `None` where goutils returns an error.
fn abbreviate(text: &str, offset: i64, width: i64) -> Option<String> {
    let len = text.len() as i64;
    if text.is_empty() {
        return Some(String::new());
    }
    if width < 4 {
        return None;
    }
    if len <= width {
        return Some(text.to_owned());
    }
    let mut offset = offset.min(len);
    if len - offset < width - 3 {
        offset = len - (width - 3);
    }
    let cut = |lo: i64, hi: i64| {
        String::from_utf8_lossy(&text.as_bytes()[lo as usize..hi as usize]).into_owned()
    };
    if offset <= 4 {
        return Some(cut(0, width - 3) + "...");
    }
    if width < 7 {
        return None;
    }
    if offset + width - 3 < len {
        return abbreviate(&cut(offset, len), 0, width - 3).map(|s| format!("...{s}"));
    }
    Some(format!("...{}", cut(len - (width - 3), len)))
}

fn abbrev(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (width, text) = (int(&a[0]), s(&a[1]));
    if width < 4 {
        return Ok(text.into());
    }
    Ok(abbreviate(text, 0, width).unwrap_or_default().into())
}

fn abbrevboth(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (left, right, text) = (int(&a[0]), int(&a[1]), s(&a[2]));
    if right < 4 || left > 0 && right < 7 {
        return Ok(text.into());
    }
    Ok(abbreviate(text, left, right).unwrap_or_default().into())
}

/// goutils' `Initials`: the first byte (as a rune) after each space.
fn initials(text: &str) -> String {
    let mut gap = true;
    let mut out = String::new();
    for c in text.bytes().map(char::from) {
        if c.is_whitespace() {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    out
}

/// goutils' `WrapCustom`: breaks at the last space within the width; words
/// longer than the width are split only when `long_words`.
fn wrap(text: &str, width: i64, newline: &str, long_words: bool) -> String {
    if text.is_empty() {
        return String::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = width.max(1) as usize;
    let b = text.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut offset = 0;
    while b.len() - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = (width + offset + 1).min(b.len());
        if let Some(at) = b[offset..end].iter().rposition(|&c| c == b' ') {
            out.extend_from_slice(&b[offset..offset + at]);
            out.extend_from_slice(newline.as_bytes());
            offset += at + 1;
        } else if long_words {
            out.extend_from_slice(&b[offset..offset + width]);
            out.extend_from_slice(newline.as_bytes());
            offset += width;
        } else {
            match b[offset + width..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = b.len();
                }
                Some(at) => {
                    let space = offset + width + at;
                    out.extend_from_slice(&b[offset..space]);
                    out.extend_from_slice(newline.as_bytes());
                    offset = space + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    String::from_utf8_lossy(&out).into_owned()
}

/// `quote`/`squote`/`cat`: non-nil operands through `strval`, each
/// rendered by `each`, joined with spaces.
fn joined(args: &[Value], each: impl Fn(String) -> String) -> String {
    args.iter()
        .filter(|v| !matches!(view(v), View::Nil))
        .map(|v| each(strval(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn indent(n: i64, text: &str) -> Result<String, String> {
    let pad = repeat(" ", n)?;
    Ok(format!("{pad}{}", text.replace('\n', &format!("\n{pad}"))))
}

/// Go's `strings.Replace(s, old, new, -1)`: an empty `old` matches before
/// every rune and at the end.
fn replace(text: &str, old: &str, new: &str) -> String {
    if !old.is_empty() {
        return text.replace(old, new);
    }
    let mut out = String::from(new);
    for c in text.chars() {
        out.push(c);
        out.push_str(new);
    }
    out
}

/// A random permutation of the runes (Fisher–Yates), drawn from the shared
/// generator so `DELTALLM_RENDER_SEED` makes it reproducible.
fn shuffle(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut chars: Vec<char> = s(&a[0]).chars().collect();
    for i in (1..chars.len()).rev() {
        chars.swap(i, random::below(i as u64 + 1) as usize);
    }
    Ok(chars.into_iter().collect::<String>().into())
}

/// `trimAll CUTSET S`: Go's `strings.Trim(S, CUTSET)`.
fn trim_all(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(s(&a[1]).trim_matches(|c| s(&a[0]).contains(c)).into())
}
