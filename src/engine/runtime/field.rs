//! Field chains: `.Values.a.b`, `$x.y`, `(pipeline).Z`, `.Files.Get "f"`.

use minijinja::Value;

use super::value::{View, slice_type, type_name, view};

/// Whether Go's static type of a receiver is `interface {}`: asked only
/// when a field error needs it (see [`field_error`]).
pub type IsInterface<'a> = &'a dyn Fn() -> bool;

/// Why a step of a chain failed, in Go's words. Go names the receiver's
/// static type: `interface {}` for a value read from a map or ranged out
/// of `[]interface {}` (`is_interface`), else the value's own type.
pub fn field_error(base: &Value, is_interface: IsInterface, name: &str) -> String {
    let ty = match view(base) {
        View::Nil => return format!("nil pointer evaluating interface {{}}.{name}"),
        _ if is_interface() => "interface {}".to_owned(),
        View::Struct(s) => s.type_name().to_owned(),
        _ => slice_type(base).map_or_else(|| type_name(base), |ty| ty.name.to_owned()),
    };
    format!("can't evaluate field {name} in type {ty}")
}

/// One step: a map key (missing keys give nil, as with Helm's
/// `missingkey=zero`), a struct field, or a method called with no arguments.
/// `is_interface`: see [`field_error`].
pub fn step(base: &Value, is_interface: IsInterface, name: &str) -> Result<Value, String> {
    match view(base) {
        View::Map(m) => Ok(m.read().get(name).cloned().unwrap_or(Value::from(()))),
        View::Struct(s) => match s.field(name) {
            Some(v) => Ok(v),
            None if s.has_method(name) => s.call_method(name, &[]),
            None => Err(field_error(base, is_interface, name)),
        },
        View::TypedSlice(_, items) => slice_method(base, is_interface, items, name, &[]),
        _ => Err(field_error(base, is_interface, name)),
    }
}

/// A method of a named slice type (`.Capabilities.APIVersions.Has`).
fn slice_method(
    base: &Value,
    is_interface: IsInterface,
    items: &[Value],
    name: &str,
    args: &[Value],
) -> Result<Value, String> {
    slice_type(base)
        .and_then(|ty| (ty.method)(name, items, args))
        .unwrap_or_else(|| Err(field_error(base, is_interface, name)))
}

/// A whole chain; the last step receives `args` when the command passes any.
/// `base_is_interface`: whether Go's static type of the base is
/// `interface {}` (see [`field_error`]); only asked on an error.
/// An undefined base is Go's invalid value (a template run with no data,
/// as Helm runs `--name-template`): every field of it is invalid again.
pub fn chain(
    base: &Value,
    base_is_interface: IsInterface,
    names: &[String],
    args: &[Value],
) -> Result<Value, String> {
    if base.is_undefined() {
        return Ok(base.clone());
    }
    let Some((last, init)) = names.split_last() else {
        return Ok(base.clone());
    };
    let mut cur = base.clone();
    // A value read from a map has static type `interface {}`; a struct's
    // field or method result has its own.
    // Whether `cur` was read from a map; `None` while it is the base.
    let mut from_map = None;
    for name in init {
        let next = step(&cur, &|| from_map.unwrap_or_else(base_is_interface), name)?;
        from_map = Some(matches!(view(&cur), View::Map(_)));
        cur = next;
    }
    let is_interface = || from_map.unwrap_or_else(base_is_interface);
    if args.is_empty() {
        return step(&cur, &is_interface, last);
    }
    match view(&cur) {
        View::Struct(s) if s.has_method(last) => s.call_method(last, args),
        View::TypedSlice(_, items) if slice_type(&cur).is_some() => {
            slice_method(&cur, &is_interface, items, last, args)
        }
        View::Nil => Err(field_error(&cur, &is_interface, last)),
        _ => Err(format!("{last} is not a method but has arguments")),
    }
}
