//! Field chains: `.Values.a.b`, `$x.y`, `(pipeline).Z`, `.Files.Get "f"`.

use minijinja::Value;

use super::value::{View, slice_type, view};

/// Why a step of a chain failed, in Go's words.
pub fn field_error(base: &Value, name: &str) -> String {
    if let Some(ty) = slice_type(base) {
        return format!("can't evaluate field {name} in type {}", ty.name);
    }
    match view(base) {
        View::Nil => format!("nil pointer evaluating interface {{}}.{name}"),
        View::Struct(s) => format!("can't evaluate field {name} in type {}", s.type_name()),
        _ => format!("can't evaluate field {name} in type interface {{}}"),
    }
}

/// One step: a map key (missing keys give nil, as with Helm's
/// `missingkey=zero`), a struct field, or a method called with no arguments.
pub fn step(base: &Value, name: &str) -> Result<Value, String> {
    match view(base) {
        View::Map(m) => Ok(m.read().get(name).cloned().unwrap_or(Value::from(()))),
        View::Struct(s) => match s.field(name) {
            Some(v) => Ok(v),
            None if s.has_method(name) => s.call_method(name, &[]),
            None => Err(field_error(base, name)),
        },
        View::TypedSlice(_, items) => slice_method(base, items, name, &[]),
        _ => Err(field_error(base, name)),
    }
}

/// A method of a named slice type (`.Capabilities.APIVersions.Has`).
fn slice_method(
    base: &Value,
    items: &[Value],
    name: &str,
    args: &[Value],
) -> Result<Value, String> {
    slice_type(base)
        .and_then(|ty| (ty.method)(name, items, args))
        .unwrap_or_else(|| Err(field_error(base, name)))
}

/// A whole chain; the last step receives `args` when the command passes any.
/// An undefined base is Go's invalid value (a template run with no data,
/// as Helm runs `--name-template`): every field of it is invalid again.
pub fn chain(base: &Value, names: &[String], args: &[Value]) -> Result<Value, String> {
    if base.is_undefined() {
        return Ok(base.clone());
    }
    let Some((last, init)) = names.split_last() else {
        return Ok(base.clone());
    };
    let mut cur = base.clone();
    // Whether `cur` is an element read from a map by the previous step:
    // Go then names its type `interface {}` in a field error.
    let mut from_map = false;
    let unknown = |cur: &Value, from_map: bool, name: &str, err: String| {
        let typed = matches!(view(cur), View::Struct(_)) || slice_type(cur).is_some();
        if from_map && typed && err == field_error(cur, name) {
            format!("can't evaluate field {name} in type interface {{}}")
        } else {
            err
        }
    };
    for name in init {
        let next = step(&cur, name).map_err(|e| unknown(&cur, from_map, name, e))?;
        from_map = matches!(view(&cur), View::Map(_));
        cur = next;
    }
    if args.is_empty() {
        return step(&cur, last).map_err(|e| unknown(&cur, from_map, last, e));
    }
    match view(&cur) {
        View::Struct(s) if s.has_method(last) => s.call_method(last, args),
        View::TypedSlice(_, items) if slice_type(&cur).is_some() => {
            slice_method(&cur, items, last, args)
        }
        View::Nil => Err(field_error(&cur, last)),
        _ => Err(format!("{last} is not a method but has arguments")),
    }
}
