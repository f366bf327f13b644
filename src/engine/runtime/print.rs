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

/// What we print where Go prints a memory address (`0xc000123456`): text
/// of the same shape, so that what comes of it in Helm (most often a YAML
/// error, or a later template's error) comes of it here too. A render
/// that printed it must not succeed: see [`take_address`].
pub const ADDRESS: &str = "0xc000000000";

thread_local! {
    /// Why the render on this thread printed [`ADDRESS`], if it did.
    static ADDRESS_PRINTED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Why the render on this thread printed [`ADDRESS`] since the last call.
pub fn take_address() -> Option<String> {
    ADDRESS_PRINTED.with(|a| a.borrow_mut().take())
}

fn print_address(type_name: &str, out: &mut String) {
    ADDRESS_PRINTED.with(|a| {
        a.borrow_mut()
            .get_or_insert_with(|| address_refusal(type_name));
    });
    out.push_str(ADDRESS);
}

fn address_refusal(type_name: &str) -> String {
    format!(
        "deltallm-render cannot print this value: Go prints the {type_name} inside it as a memory address, which cannot be reproduced"
    )
}

/// Formats `v` as an element of a list, map or struct being printed. Go
/// prints a pointer to a struct there as its memory address: see
/// [`ADDRESS`].
pub fn fmt_nested(v: &Value, out: &mut String) {
    match view(v) {
        View::Struct(s) if s.prints_as_address() => print_address(s.type_name(), out),
        _ => fmt_value(v, out),
    }
}

/// Prints `v` into `out` if Go would print it as a memory address as an
/// element formatted with `verb` (see [`fmt_nested`]), and says whether
/// it did. Only `%v` is written as [`ADDRESS`]; other verbs wrap the
/// address in text of their own, which is refused at once.
pub fn nested_address(v: &Value, verb: char, out: &mut String) -> bool {
    match view(v) {
        View::Struct(s) if s.prints_as_address() => {
            match verb {
                'v' => print_address(s.type_name(), out),
                _ => refuse(|| address_refusal(s.type_name())),
            }
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
