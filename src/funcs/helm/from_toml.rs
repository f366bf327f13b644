//! Helm's `fromToml`: BurntSushi/toml decoding into `map[string]interface{}`.
//!
//! The document is read by `toml_edit` (TOML 1.0, as Helm 3's BurntSushi
//! v1.4 reads it; the TOML 1.1 additions Helm 4's v1.5 also reads fail
//! here as invalid) and turned into the Go values BurntSushi produces: integers `int64`,
//! floats `float64`, arrays `[]interface{}` — except arrays of tables
//! (`[[x]]`), which are `[]map[string]interface{}` — and every date or time
//! a `time.Time`. Offset date-times are placed as Go's `time.Parse` places
//! them (`Z` is UTC; an offset the local zone has is the local zone; others
//! a nameless fixed zone); the local kinds sit at offset zero in zones named
//! `datetime-local`, `date-local` and `time-local` (a local time on
//! 0000-01-01), which is how Go prints them.
//!
//! Helm returns a broken document's error text under `Error`. That text is
//! BurntSushi's own wording (with line numbers that differ between Helm 3
//! and 4), which we do not reproduce: instead of a different `Error`, the
//! call fails and says so.

use std::collections::BTreeMap;

use minijinja::Value;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table};

use super::super::dates::{WallZone, wall_time};
use super::super::{Ctx, FnResult};
use crate::engine::runtime::value::{self as go, Elem};

pub fn from_toml(_: &Ctx, args: Vec<Value>) -> FnResult {
    let text = args[0].as_str().unwrap_or_default();
    let doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| invalid(e.message().trim()))?;
    Ok(table(doc.as_table())?)
}

/// The refusal that stands in for Helm's `Error` entry.
fn invalid(detail: &str) -> String {
    format!(
        "invalid TOML ({}): deltallm-render does not reproduce the error text Helm returns under \"Error\"",
        detail.replace('\n', "; ")
    )
}

fn table(t: &Table) -> Result<Value, String> {
    let mut out = BTreeMap::new();
    for (k, item) in t.iter() {
        let v = match item {
            Item::None => continue,
            Item::Value(v) => value(v)?,
            Item::Table(t) => table(t)?,
            Item::ArrayOfTables(a) => tables(a)?,
        };
        out.insert(k.to_owned(), v);
    }
    Ok(go::map(Elem::Interface, out))
}

fn tables(a: &ArrayOfTables) -> Result<Value, String> {
    let items = a.iter().map(table).collect::<Result<_, _>>()?;
    Ok(go::typed_slice(Elem::Map, items))
}

fn inline_table(t: &InlineTable) -> Result<Value, String> {
    let mut out = BTreeMap::new();
    for (k, v) in t.iter() {
        out.insert(k.to_owned(), value(v)?);
    }
    Ok(go::map(Elem::Interface, out))
}

fn array(a: &Array) -> Result<Value, String> {
    Ok(go::list(a.iter().map(value).collect::<Result<_, _>>()?))
}

fn value(v: &toml_edit::Value) -> Result<Value, String> {
    use toml_edit::Value as T;
    Ok(match v {
        T::String(s) => Value::from(s.value().as_str()),
        T::Integer(n) => go::int64(*n.value()),
        T::Float(f) => Value::from(*f.value()),
        T::Boolean(b) => Value::from(*b.value()),
        T::Datetime(d) => datetime(d.value())?,
        T::Array(a) => array(a)?,
        T::InlineTable(t) => inline_table(t)?,
    })
}

fn datetime(d: &toml_edit::Datetime) -> Result<Value, String> {
    use toml_edit::Offset;
    let date = d.date.map_or((0, 1, 1), |d| {
        (i32::from(d.year), u32::from(d.month), u32::from(d.day))
    });
    let clock = d.time.map_or((0, 0, 0, 0), |t| {
        (
            u32::from(t.hour),
            u32::from(t.minute),
            u32::from(t.second),
            t.nanosecond,
        )
    });
    let zone = match (d.date, d.time, d.offset) {
        (_, _, Some(Offset::Z)) => WallZone::Utc,
        (_, _, Some(Offset::Custom { minutes })) => WallZone::Offset(i32::from(minutes) * 60),
        (Some(_), Some(_), None) => WallZone::Named("datetime-local"),
        (Some(_), None, None) => WallZone::Named("date-local"),
        _ => WallZone::Named("time-local"),
    };
    wall_time(date, clock, zone).ok_or_else(|| invalid(&format!("no such date-time: {d}")))
}
