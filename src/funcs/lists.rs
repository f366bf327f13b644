//! Sprig's list functions.
//!
//! They take any slice (`[]interface{}` or typed, like `splitList`'s
//! `[]string`) and return `[]interface{}`. Each has a `must` twin; in Sprig
//! the plain form panics with the twin's error, so both fail with the same
//! text here. Membership (`has`, `without`, `uniq`) is `reflect.DeepEqual`,
//! under which `1` (int) and `1.0` (float64) differ.

use minijinja::Value;

use super::convert::{NIL_DEREF, deep_equal, is_empty, list_items, to_int64};
use super::strings::int;
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, Elem, View, kind_of, view};

const A: Param = Param::Any;

/// A function registered under its plain and its `must` name.
macro_rules! both {
    ($name:literal, $must:literal, $params:expr, $variadic:expr, $body:expr) => {
        [
            Func {
                name: $name,
                params: $params,
                variadic: $variadic,
                body: $body,
            },
            Func {
                name: $must,
                params: $params,
                variadic: $variadic,
                body: $body,
            },
        ]
    };
}

static PAIRS: [[Func; 2]; 14] = [
    both!("first", "mustFirst", &[A], None, |_, a| Ok(items(
        &a[0],
        "find first"
    )?
    .first()
    .cloned()
    .unwrap_or_default())),
    both!("last", "mustLast", &[A], None, |_, a| Ok(items(
        &a[0],
        "find last"
    )?
    .last()
    .cloned()
    .unwrap_or_default())),
    both!("rest", "mustRest", &[A], None, rest),
    both!("initial", "mustInitial", &[A], None, initial),
    both!("append", "mustAppend", &[A, A], None, append),
    both!("push", "mustPush", &[A, A], None, append),
    both!("prepend", "mustPrepend", &[A, A], None, prepend),
    both!("reverse", "mustReverse", &[A], None, |_, a| Ok(
        value::list(
            items(&a[0], "find reverse")?
                .iter()
                .rev()
                .cloned()
                .collect()
        )
    )),
    both!("uniq", "mustUniq", &[A], None, uniq),
    both!("without", "mustWithout", &[A], Some(A), without),
    both!("has", "mustHas", &[A, A], None, has),
    both!("compact", "mustCompact", &[A], None, |_, a| Ok(
        value::list(
            list_items(&a[0], "Cannot compact on type")?
                .iter()
                .filter(|v| !is_empty(v))
                .cloned()
                .collect()
        )
    )),
    both!("slice", "mustSlice", &[A], Some(A), slice),
    both!("chunk", "mustChunk", &[Param::Int, A], None, chunk),
];

pub static FUNCS: &[Func] = PAIRS.as_flattened();

/// The list functions without a `must` twin (`tuple` is Sprig's alias of `list`).
pub static PLAIN: &[Func] = &[
    Func {
        name: "list",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(value::list(a)),
    },
    Func {
        name: "tuple",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(value::list(a)),
    },
    Func {
        name: "concat",
        params: &[],
        variadic: Some(A),
        body: concat,
    },
];

/// The items, or Sprig's `Cannot WHAT on type KIND`.
fn items<'a>(v: &'a Value, what: &str) -> Result<&'a [Value], String> {
    list_items(v, &format!("Cannot {what} on type"))
}

/// `rest` and `initial` of an empty list are Go's nil slice.
fn rest(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(match items(&a[0], "find rest")? {
        [] => value::nil_slice(),
        [_, tail @ ..] => value::list(tail.to_vec()),
    })
}

fn initial(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(match items(&a[0], "find initial")? {
        [] => value::nil_slice(),
        [head @ .., _] => value::list(head.to_vec()),
    })
}

fn append(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut out = list_items(&a[0], "Cannot push on type")?.to_vec();
    out.push(a[1].clone());
    Ok(value::list(out))
}

fn prepend(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut out = vec![a[1].clone()];
    out.extend_from_slice(list_items(&a[0], "Cannot prepend on type")?);
    Ok(value::list(out))
}

fn uniq(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut out: Vec<Value> = Vec::new();
    for v in items(&a[0], "find uniq")? {
        if !out.iter().any(|seen| deep_equal(seen, v)) {
            out.push(v.clone());
        }
    }
    Ok(value::list(out))
}

fn without(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (list, omit) = a.split_first().expect("one fixed parameter");
    let kept = items(list, "find without")?
        .iter()
        .filter(|v| !omit.iter().any(|o| deep_equal(o, v)));
    Ok(value::list(kept.cloned().collect()))
}

/// `has NEEDLE LIST`; a nil list contains nothing.
fn has(_: &Ctx, a: Vec<Value>) -> FnResult {
    if matches!(view(&a[1]), View::Nil) {
        return Ok(false.into());
    }
    Ok(items(&a[1], "find has")?
        .iter()
        .any(|v| deep_equal(v, &a[0]))
        .into())
}

/// Sprig's `slice LIST [START [END]]`: indices go through `toInt`, an
/// empty list gives nil, and bad bounds fail as reflect's `Slice` panics.
fn slice(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (list, idx) = a.split_first().expect("one fixed parameter");
    let all = match view(list) {
        View::Nil => return Err(NIL_DEREF.into()),
        _ => value::slice_items(list).ok_or_else(|| {
            format!(
                "list should be type of slice or array but {}",
                kind_of(list).name()
            )
        })?,
    };
    if all.is_empty() {
        return Ok(Value::from(()));
    }
    let start = idx.first().map_or(0, to_int64);
    let end = idx.get(1).map_or(all.len() as i64, to_int64);
    let bounds = usize::try_from(start).ok().zip(usize::try_from(end).ok());
    match bounds {
        Some((lo, hi)) if lo <= hi && hi <= all.len() => {
            Ok(value::slice_like(list, all[lo..hi].to_vec()))
        }
        _ => Err("reflect.Value.Slice: slice index out of bounds".into()),
    }
}

fn chunk(_: &Ctx, a: Vec<Value>) -> FnResult {
    let all = list_items(&a[1], "Cannot chunk type")?;
    let size = usize::try_from(int(&a[0])).ok().filter(|&n| n > 0);
    let Some(size) = size else {
        return Err("runtime error: makeslice: len out of range".into());
    };
    Ok(value::typed_slice(
        Elem::Named("[]interface {}"),
        all.chunks(size).map(|c| value::list(c.to_vec())).collect(),
    ))
}

fn concat(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut out = Vec::new();
    for list in &a {
        match view(list) {
            View::Nil => return Err(NIL_DEREF.into()),
            _ => match value::slice_items(list) {
                Some(items) => out.extend_from_slice(items),
                None => {
                    return Err(
                        format!("Cannot concat type {} as list", kind_of(list).name()).into(),
                    );
                }
            },
        }
    }
    Ok(value::list_or_nil(out))
}
