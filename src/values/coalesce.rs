//! Helm's `chartutil` coalescing (`CoalesceValues`, `MergeValues`,
//! `CoalesceTables`, globals), ported over a value-only chart tree.
//!
//! Helm mutates Go maps in place while walking a chart; here each step owns
//! the map it edits and hands it back, which yields the same result because
//! Helm's subchart `.Values` is literally the parent's `<subchart>:` table.

use super::typed::go_json;
use super::value::{Map, Value};
use crate::chart::Dependency;

/// The parts of a chart that value computation reads, under the name the
/// chart renders as (its alias, once dependencies are processed).
#[derive(Debug, Clone)]
pub struct ValuesChart {
    pub name: String,
    pub version: String,
    /// The chart's `values.yaml` (or, after import-values, its rewrite).
    pub values: Map,
    /// `Chart.yaml` `dependencies:`.
    pub requirements: Vec<Dependency>,
    /// Loaded subcharts, in load order.
    pub subcharts: Vec<ValuesChart>,
}

/// Where Helm's `log.Printf` warnings go: collected, printed by the caller.
pub type Warnings = Vec<String>;

/// `GlobalKey`: the table copied into every subchart.
pub const GLOBAL: &str = "global";

/// Helm's `CoalesceValues` (`merge == false`: user `null` deletes chart
/// defaults) or `MergeValues` (`merge == true`: nulls are kept).
pub fn coalesce_values(
    chart: &ValuesChart,
    vals: &Map,
    merge: bool,
    warn: &mut Warnings,
) -> Result<Map, String> {
    let mut dest = vals.clone();
    coalesce(chart, &mut dest, "", merge, warn)?;
    Ok(dest)
}

fn coalesce(
    chart: &ValuesChart,
    dest: &mut Map,
    prefix: &str,
    merge: bool,
    warn: &mut Warnings,
) -> Result<(), String> {
    coalesce_chart_values(chart, dest, prefix, merge, warn);
    coalesce_deps(chart, dest, prefix, merge, warn)
}

fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// `coalesceDeps`: each subchart's section receives the parent's globals,
/// then the subchart's own defaults.
fn coalesce_deps(
    chart: &ValuesChart,
    dest: &mut Map,
    prefix: &str,
    merge: bool,
    warn: &mut Warnings,
) -> Result<(), String> {
    for sub in &chart.subcharts {
        let mut section = match dest.remove(&sub.name) {
            None => Map::new(),
            Some(Value::Map(m)) => m,
            Some(other) => {
                return Err(format!(
                    "type mismatch on {}: %!t({}={})",
                    sub.name,
                    other.go_type(),
                    go_json(&other)
                ));
            }
        };
        let sub_prefix = concat_prefix(prefix, &chart.name);
        coalesce_globals(&mut section, dest, &sub_prefix, warn);
        let res = coalesce(sub, &mut section, &sub_prefix, merge, warn);
        dest.insert(sub.name.clone(), Value::Map(section));
        res?;
    }
    Ok(())
}

/// `coalesceGlobals`: the parent's `global` wins over the subchart
/// section's, tables merged key by key.
fn coalesce_globals(dest: &mut Map, src: &Map, prefix: &str, warn: &mut Warnings) {
    let mut dg = match dest.get(GLOBAL) {
        None => Map::new(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => {
            warn.push(format!(
                "warning: skipping globals because destination {GLOBAL} is not a table."
            ));
            return;
        }
    };
    let empty = Map::new();
    let sg = match src.get(GLOBAL) {
        None => &empty,
        Some(Value::Map(m)) => m,
        Some(_) => {
            warn.push(format!(
                "warning: skipping globals because source {GLOBAL} is not a table."
            ));
            return;
        }
    };
    for (key, val) in sg {
        match (val, dg.get(key)) {
            (Value::Map(table), None) => {
                dg.insert(key.clone(), Value::Map(table.clone()));
            }
            (Value::Map(table), Some(Value::Map(existing))) => {
                let mut merged = table.clone();
                let existing = existing.clone();
                coalesce_tables(
                    &mut merged,
                    existing,
                    &concat_prefix(prefix, key),
                    true,
                    warn,
                );
                dg.insert(key.clone(), Value::Map(merged));
            }
            (Value::Map(_), Some(_)) => {
                warn.push(format!(
                    "Conflict: cannot merge map onto non-map for {key:?}. Skipping."
                ));
            }
            (_, Some(Value::Map(_))) => warn.push(format!("key {key} is table. Skipping")),
            _ => {
                dg.insert(key.clone(), val.clone());
            }
        }
    }
    dest.insert(GLOBAL.to_string(), Value::Map(dg));
}

/// `coalesceValues`: the chart's defaults under the values in `v`.
fn coalesce_chart_values(
    chart: &ValuesChart,
    v: &mut Map,
    prefix: &str,
    merge: bool,
    warn: &mut Warnings,
) {
    let sub_prefix = concat_prefix(prefix, &chart.name);
    for (key, default) in &chart.values {
        match v.get_mut(key) {
            None => {
                v.insert(key.clone(), default.clone());
            }
            // A user `null` removes the chart's key, unless merging.
            Some(Value::Null) if !merge => {
                v.remove(key);
            }
            Some(Value::Map(dest)) => match default {
                Value::Map(src) => {
                    // A subchart's section keeps its nulls until the
                    // subchart itself is coalesced, which deletes them.
                    let merge = merge || chart.subcharts.iter().any(|s| &s.name == key);
                    coalesce_tables(
                        dest,
                        src.clone(),
                        &concat_prefix(&sub_prefix, key),
                        merge,
                        warn,
                    );
                }
                Value::Null => {}
                _ => warn.push(format!(
                    "warning: skipped value for {sub_prefix}.{key}: Not a table."
                )),
            },
            Some(_) => {}
        }
    }
}

/// Helm's `CoalesceTables` (`merge == false`) / `MergeTables` (`true`):
/// `dst` is authoritative; tables merge recursively, lists are replaced
/// wholesale, and a `null` in `dst` deletes the key unless merging.
///
/// A `null` in `dst` for a key `src` lacks stays `null`: the recorded
/// goldens show Helm 3.17 and 4.1 keep it (`sub.nested.y: null`).
pub fn coalesce_tables(dst: &mut Map, src: Map, prefix: &str, merge: bool, warn: &mut Warnings) {
    for (key, val) in src {
        let full_key = concat_prefix(prefix, &key);
        match dst.get_mut(&key) {
            Some(Value::Null) if !merge => {
                dst.remove(&key);
            }
            None => {
                dst.insert(key, val);
            }
            Some(Value::Map(dv)) => match val {
                Value::Map(sv) => coalesce_tables(dv, sv, &full_key, merge, warn),
                Value::Null => {}
                other => warn.push(format!(
                    "warning: destination for {full_key} is a table. Ignoring non-table value ({})",
                    go_json(&other)
                )),
            },
            Some(_) => {
                if let Value::Map(_) = val {
                    warn.push(format!(
                        "warning: cannot overwrite table with non table for {full_key} ({})",
                        go_json(&val)
                    ));
                }
            }
        }
    }
}
