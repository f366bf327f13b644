//! Sprig's functions between strings and lists of strings.
//!
//! `split` and `splitn` return Go `map[string]string` keyed `_0`, `_1`, …
//! (so templates write `(split "," $s)._1`); `splitList` and `sortAlpha`
//! return `[]string`, which `typeOf` reports.

use std::collections::BTreeMap;

use minijinja::Value;

use super::convert::{strslice, strval};
use super::strings::{int, s};
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, Elem, View, view};

pub static FUNCS: &[Func] = &[
    Func {
        name: "join",
        params: &[Param::String, Param::Any],
        variadic: None,
        body: join,
    },
    Func {
        name: "split",
        params: &[Param::String, Param::String],
        variadic: None,
        body: split,
    },
    Func {
        name: "splitList",
        params: &[Param::String, Param::String],
        variadic: None,
        body: split_list,
    },
    Func {
        name: "splitn",
        params: &[Param::String, Param::Int, Param::String],
        variadic: None,
        body: splitn,
    },
    Func {
        name: "sortAlpha",
        params: &[Param::Any],
        variadic: None,
        body: sort_alpha,
    },
];

/// Go's `strings.SplitN(text, sep, n)`: an empty separator splits into
/// runes; `n` < 0 means no limit and 0 gives nothing.
pub(super) fn go_split(text: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let limit = usize::try_from(n).unwrap_or(usize::MAX);
    if sep.is_empty() {
        let chars: Vec<char> = text.chars().collect();
        let mut parts: Vec<String> = chars
            .iter()
            .take(limit.saturating_sub(1))
            .map(|c| c.to_string())
            .collect();
        if chars.len() > parts.len() {
            parts.push(chars[parts.len()..].iter().collect());
        }
        return parts;
    }
    text.splitn(limit, sep).map(str::to_owned).collect()
}

fn string_slice(items: Vec<String>) -> Value {
    value::typed_slice(Elem::String, items.into_iter().map(Value::from).collect())
}

/// The parts as Go's `map[string]string` with keys `_0`, `_1`, ….
fn numbered(parts: Vec<String>) -> Value {
    let entries: BTreeMap<String, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::from(p)))
        .collect();
    value::map(Elem::String, entries)
}

fn join(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(strslice(&a[1]).join(s(&a[0])).into())
}

fn split(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(numbered(go_split(s(&a[1]), s(&a[0]), -1)))
}

fn split_list(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(string_slice(go_split(s(&a[1]), s(&a[0]), -1)))
}

fn splitn(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(numbered(go_split(s(&a[2]), s(&a[0]), int(&a[1]))))
}

/// Slices sort as strings (nil items dropped); anything else becomes a
/// one-item list of its `%v` form.
fn sort_alpha(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut items = match view(&a[0]) {
        View::List(_) | View::TypedSlice(..) => strslice(&a[0]),
        _ => vec![strval(&a[0])],
    };
    items.sort();
    Ok(string_slice(items))
}
