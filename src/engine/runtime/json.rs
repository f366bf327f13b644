//! Go's `encoding/json` of template values (`toJson` and friends).
//!
//! Maps encode with sorted keys, which the data form already has; a Go
//! struct encodes its fields in declaration order, which a map cannot keep.
//! So values are walked here, structs that know their JSON fields
//! ([`GoStruct::json_fields`](super::value::GoStruct::json_fields)) in
//! their order, and the rest is encoded from its data form by the shared
//! encoder.

use minijinja::Value;

use super::value::{View, is_nil_slice, to_data, view};
use crate::values::emit::json_parts::{Style, write_array, write_object, write_value};

pub use crate::values::emit::json_parts::Style as JsonStyle;

/// `v` as Go's JSON encoder writes it in `style`; the error is Go's text.
pub fn to_json(v: &Value, style: Style) -> Result<String, String> {
    let mut out = String::new();
    write(&mut out, v, style, 0)?;
    Ok(out)
}

fn write(out: &mut String, v: &Value, style: Style, depth: usize) -> Result<(), String> {
    if is_nil_slice(v) {
        out.push_str("null");
        return Ok(());
    }
    match view(v) {
        View::Struct(s) => match s.json_fields() {
            Some(fields) => write_object(out, fields.into_iter(), style, depth, |o, f, st, d| {
                write(o, &f, st, d)
            }),
            None => write_value(out, &s.to_data(), style, depth),
        },
        View::List(items) | View::TypedSlice(_, items) => {
            write_array(out, items, style, depth, write)
        }
        View::Map(m) => {
            let entries: Vec<(String, Value)> = m
                .read()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            write_object(out, entries.into_iter(), style, depth, |o, f, st, d| {
                write(o, &f, st, d)
            })
        }
        _ => write_value(out, &to_data(v), style, depth),
    }
}
