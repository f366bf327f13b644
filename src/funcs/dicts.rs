//! Sprig's dict functions over Go's `map[string]interface{}`.
//!
//! Maps are shared: `set`, `unset`, `merge` and `mergeOverwrite` change the
//! map they are given (and return it), so every holder, `.Values`
//! included, sees the change, exactly as in Go. `merge` follows mergo:
//! nested maps merge recursively, and a key is only filled when the
//! destination lacks it or holds an empty value (with overwrite, any
//! source value wins, nil included).

use std::collections::BTreeMap;

use minijinja::Value;

use super::convert::{is_empty, strval};
use super::strings::s;
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, Elem, GoMap, View, type_name, view};

const M: Param = Param::Map;
const S: Param = Param::String;
const A: Param = Param::Any;

pub static FUNCS: &[Func] = &[
    Func {
        name: "dict",
        params: &[],
        variadic: Some(A),
        body: dict,
    },
    Func {
        name: "get",
        params: &[M, S],
        variadic: None,
        body: |_, a| {
            Ok(with_map(&a[0], |m| m.read().get(s(&a[1])).cloned())
                .flatten()
                .unwrap_or(Value::from("")))
        },
    },
    Func {
        name: "set",
        params: &[M, S, A],
        variadic: None,
        body: set,
    },
    Func {
        name: "unset",
        params: &[M, S],
        variadic: None,
        body: unset,
    },
    Func {
        name: "hasKey",
        params: &[M, S],
        variadic: None,
        body: |_, a| Ok(with_map(&a[0], |m| m.read().contains_key(s(&a[1]))).into()),
    },
    Func {
        name: "pluck",
        params: &[S],
        variadic: Some(M),
        body: pluck,
    },
    Func {
        name: "dig",
        params: &[],
        variadic: Some(A),
        body: dig,
    },
    Func {
        name: "merge",
        params: &[M],
        variadic: Some(M),
        body: |_, a| Ok(merge_all(a, false)),
    },
    Func {
        name: "mustMerge",
        params: &[M],
        variadic: Some(M),
        body: |_, a| Ok(merge_all(a, false)),
    },
    Func {
        name: "mergeOverwrite",
        params: &[M],
        variadic: Some(M),
        body: |_, a| Ok(merge_all(a, true)),
    },
    Func {
        name: "mustMergeOverwrite",
        params: &[M],
        variadic: Some(M),
        body: |_, a| Ok(merge_all(a, true)),
    },
    Func {
        name: "deepCopy",
        params: &[A],
        variadic: None,
        body: deep_copy_fn,
    },
    Func {
        name: "mustDeepCopy",
        params: &[A],
        variadic: None,
        body: deep_copy_fn,
    },
    Func {
        name: "keys",
        params: &[],
        variadic: Some(M),
        body: keys,
    },
    Func {
        name: "values",
        params: &[M],
        variadic: None,
        body: |_, a| {
            Ok(value::list(
                with_map(&a[0], |m| m.read().values().cloned().collect()).unwrap_or_default(),
            ))
        },
    },
    Func {
        name: "pick",
        params: &[M],
        variadic: Some(S),
        body: |_, a| Ok(select(&a, true)),
    },
    Func {
        name: "omit",
        params: &[M],
        variadic: Some(S),
        body: |_, a| Ok(select(&a, false)),
    },
];

/// Runs `f` on the map of a `map[string]interface{}` parameter (None for
/// a nil map, which Go reads as empty).
fn with_map<T>(v: &Value, f: impl FnOnce(&GoMap) -> T) -> Option<T> {
    match view(v) {
        View::Map(m) => Some(f(m)),
        _ => None,
    }
}

fn new_map(entries: BTreeMap<String, Value>) -> Value {
    value::map(Elem::Interface, entries)
}

/// `dict k1 v1 k2 v2 …`: keys through `strval`, a missing last value is "".
fn dict(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut entries = BTreeMap::new();
    for pair in a.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or(Value::from(""));
        entries.insert(strval(&pair[0]), v);
    }
    Ok(new_map(entries))
}

fn set(_: &Ctx, a: Vec<Value>) -> FnResult {
    with_map(&a[0], |m| {
        m.write().insert(s(&a[1]).to_owned(), a[2].clone())
    });
    Ok(a[0].clone())
}

fn unset(_: &Ctx, a: Vec<Value>) -> FnResult {
    with_map(&a[0], |m| m.write().remove(s(&a[1])));
    Ok(a[0].clone())
}

fn pluck(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (name, maps) = a.split_first().expect("one fixed parameter");
    let found = maps
        .iter()
        .filter_map(|m| with_map(m, |m| m.read().get(s(name)).cloned()).flatten());
    Ok(value::list(found.collect()))
}

/// Go's failed type assertion `x.(T)` on an `interface{}` holding `x`.
fn assertion(v: &Value, want: &str) -> String {
    let got = match view(v) {
        View::Nil => "nil".into(),
        _ => type_name(v),
    };
    format!("interface conversion: interface {{}} is {got}, not {want}")
}

/// `dig k1 k2 … DEFAULT MAP`: walks nested maps, DEFAULT when a key is missing.
fn dig(_: &Ctx, a: Vec<Value>) -> FnResult {
    if a.len() < 3 {
        return Err("dig needs at least three arguments".into());
    }
    let (dict, rest) = a.split_last().expect("three arguments");
    let (default, keys) = rest.split_last().expect("two arguments");
    let is_dict = |v: &Value| matches!(view(v), View::Map(m) if m.elem == Elem::Interface);
    if !is_dict(dict) {
        return Err(assertion(dict, "map[string]interface {}").into());
    }
    if let Some(bad) = keys.iter().find(|k| !matches!(view(k), View::String(_))) {
        return Err(assertion(bad, "string").into());
    }
    let mut cur = dict.clone();
    for (i, key) in keys.iter().enumerate() {
        let Some(step) = with_map(&cur, |m| m.read().get(s(key)).cloned()).flatten() else {
            return Ok(default.clone());
        };
        if i + 1 < keys.len() && !is_dict(&step) {
            return Err(assertion(&step, "map[string]interface {}").into());
        }
        cur = step;
    }
    Ok(cur)
}

/// mergo's map merge of `src` into `dst`, in place.
fn merge_into(dst: &GoMap, src: &GoMap, overwrite: bool) {
    let src = src.read().clone();
    for (k, sv) in src {
        if matches!(view(&sv), View::Nil) {
            if overwrite {
                dst.write().insert(k, sv);
            }
            continue;
        }
        let dv = dst.read().get(&k).cloned();
        let both_maps = match (view(&sv), dv.as_ref().map(view)) {
            (View::Map(sm), Some(View::Map(dm))) => {
                merge_into(dm, sm, overwrite);
                true
            }
            _ => false,
        };
        let is_slice = matches!(view(&sv), View::List(_) | View::TypedSlice(..));
        let filled = dv.as_ref().is_some_and(|d| !is_empty(d));
        if filled && (is_slice || both_maps) {
            if overwrite && is_slice {
                dst.write().insert(k, sv);
            }
            continue;
        }
        if overwrite || !filled {
            dst.write().insert(k, sv);
        }
    }
}

fn merge_all(a: Vec<Value>, overwrite: bool) -> Value {
    let (dst, srcs) = a.split_first().expect("one fixed parameter");
    if let View::Map(d) = view(dst) {
        for src in srcs {
            if let View::Map(sm) = view(src) {
                merge_into(d, sm, overwrite);
            }
        }
    }
    dst.clone()
}

/// copystructure's deep copy: new maps and slices all the way down.
pub(super) fn deep_copy(v: &Value) -> Value {
    if value::is_nil_slice(v) {
        return v.clone();
    }
    match view(v) {
        View::List(items) | View::TypedSlice(_, items) => {
            value::slice_like(v, items.iter().map(deep_copy).collect())
        }
        View::Map(m) => {
            let entries = m
                .read()
                .iter()
                .map(|(k, v)| (k.clone(), deep_copy(v)))
                .collect();
            // The copy keeps the map's type, named or not.
            match m.name {
                Some(name) => value::named_map(name, entries),
                None => value::map(m.elem, entries),
            }
        }
        _ => v.clone(),
    }
}

fn deep_copy_fn(_: &Ctx, a: Vec<Value>) -> FnResult {
    if matches!(view(&a[0]), View::Nil) {
        return Err("reflect: call of reflect.Value.Type on zero Value".into());
    }
    Ok(deep_copy(&a[0]))
}

fn keys(_: &Ctx, a: Vec<Value>) -> FnResult {
    let mut out = Vec::new();
    for m in &a {
        with_map(m, |m| {
            out.extend(m.read().keys().map(|k| Value::from(k.as_str())))
        });
    }
    Ok(value::typed_slice(Elem::String, out))
}

/// `pick` (keep the named keys) and `omit` (drop them) into a new map.
fn select(a: &[Value], keep: bool) -> Value {
    let (map, names) = a.split_first().expect("one fixed parameter");
    let names: Vec<&str> = names.iter().map(s).collect();
    let entries = with_map(map, |m| {
        m.read()
            .iter()
            .filter(|(k, _)| names.contains(&k.as_str()) == keep)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    });
    new_map(entries.unwrap_or_default())
}
