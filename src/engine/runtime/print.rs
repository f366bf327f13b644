//! Go's `%v` formatting of template values, as `fmt.Fprint` does it when a
//! pipeline's result is printed.

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
                fmt_value(item, out);
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
                fmt_value(item, out);
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
