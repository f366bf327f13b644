//! Go's `%v` formatting of template values, as `fmt.Fprint` does it when a
//! pipeline's result is printed.

use std::cell::RefCell;

use minijinja::Value;

use super::value::{View, view};
use crate::values::emit::go_format_float;

/// What Go prints for `{{ pipeline }}`: like `%v`, except that a missing or
/// nil value prints `<no value>` (which Helm removes from the output later).
pub fn fmt_output(v: &Value, out: &mut String) {
    match view(v) {
        View::Nil => out.push_str("<no value>"),
        View::Struct(s) => s.fmt_output(out),
        _ => fmt_value(v, out),
    }
}

thread_local! {
    /// Why the formatting in progress cannot print what Go prints, if it
    /// cannot (the first reason noted).
    static UNPRINTABLE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Notes that the value being formatted cannot be printed as Go prints it,
/// and why; [`take_unprintable`] reports it. Formatting itself goes on
/// (it cannot fail), writing a placeholder.
pub fn refuse(why: impl FnOnce() -> String) {
    UNPRINTABLE.with(|u| {
        u.borrow_mut().get_or_insert_with(why);
    });
}

/// Formats `v` as an element of a list, map or struct being printed. Go
/// prints a pointer to a struct there as its memory address (`0xc000123`),
/// which cannot be reproduced: the pointer's type is noted, to be reported
/// by [`take_unprintable`], and a placeholder written.
pub fn fmt_nested(v: &Value, out: &mut String) {
    match view(v) {
        View::Struct(s) if s.prints_as_address() => {
            refuse(|| {
                format!(
                    "deltallm-render cannot print this value: Go prints the {} inside it as a memory address, which cannot be reproduced",
                    s.type_name()
                )
            });
            out.push_str("0x?");
        }
        _ => fmt_value(v, out),
    }
}

/// Whether `v` would be printed as a memory address as an element (see
/// [`fmt_nested`]); notes it if so.
pub fn nested_address(v: &Value) -> bool {
    let mut scratch = String::new();
    match view(v) {
        View::Struct(s) if s.prints_as_address() => {
            fmt_nested(v, &mut scratch);
            true
        }
        _ => false,
    }
}

/// The error for a value that could not be printed as Go prints it since
/// the last call, if any: it must fail rather than print something else.
pub fn take_unprintable() -> Option<String> {
    UNPRINTABLE.with(|u| u.borrow_mut().take())
}

/// Go's `%v`: maps print as `map[k:v]` with sorted keys, slices as `[a b]`,
/// nil inside them as `<nil>`, floats in their shortest `%g` form.
pub fn fmt_value(v: &Value, out: &mut String) {
    match view(v) {
        View::Nil | View::Other => out.push_str("<nil>"),
        View::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        View::Int(n) | View::Int64(n) => out.push_str(&n.to_string()),
        View::Uint64(n) => out.push_str(&n.to_string()),
        View::Float(f) => out.push_str(&go_format_float(f, b'g', -1)),
        View::String(s) => out.push_str(s),
        View::List(items) | View::TypedSlice(_, items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                fmt_nested(item, out);
            }
            out.push(']');
        }
        View::Map(m) => {
            out.push_str("map[");
            for (i, (k, item)) in m.read().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                fmt_nested(item, out);
            }
            out.push(']');
        }
        View::Struct(s) => s.fmt_go(out),
    }
}

/// `%v` into a new string.
pub fn to_go_string(v: &Value) -> String {
    let mut out = String::new();
    fmt_value(v, &mut out);
    out
}
