//! Helm's `ProcessDependenciesWithMerge` (`chartutil/dependencies.go`):
//! aliases, `tags`, `condition`s, removal of disabled subcharts, then
//! `import-values`, in Helm's order and with Helm's quirks (for example the
//! `enabled:` field of `Chart.yaml` is overwritten with `true` before tags
//! and conditions are evaluated, so on its own it never disables anything).

use super::coalesce::{ValuesChart, Warnings, coalesce_tables, coalesce_values};
use super::value::{Map, Value};
use crate::chart::{Dependency, ImportValue};

/// Runs Helm's dependency processing on `chart` for the user values `vals`:
/// afterwards the tree holds only enabled subcharts under their rendered
/// names, and every chart's values include what it imported.
pub fn process_dependencies(
    chart: &mut ValuesChart,
    vals: &Map,
    warn: &mut Warnings,
) -> Result<(), String> {
    process_enabled(chart, vals, "", warn)?;
    process_imports(chart, warn)
}

/// `processDependencyEnabled`. Conditions are looked up in values
/// coalesced at this level; `path` is the chart's position (`a.b.`) in them.
fn process_enabled(
    c: &mut ValuesChart,
    v: &Map,
    path: &str,
    warn: &mut Warnings,
) -> Result<(), String> {
    if c.requirements.is_empty() {
        return Ok(());
    }
    // Subcharts no requirement claims stay as they are.
    let mut deps: Vec<ValuesChart> = c
        .subcharts
        .iter()
        .filter(|s| {
            !c.requirements
                .iter()
                .any(|r| r.name == s.name && compatible(&r.version, &s.version))
        })
        .cloned()
        .collect();
    for req in &mut c.requirements {
        if let Some(found) = c
            .subcharts
            .iter()
            .find(|s| s.name == req.name && compatible(&req.version, &s.version))
        {
            let mut sub = found.clone();
            if !req.alias.is_empty() {
                sub.name = req.alias.clone();
            }
            deps.push(sub);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
        req.enabled = true;
    }
    c.subcharts = deps;
    let cvals = coalesce_values(c, v, false, warn)?;
    process_tags(&mut c.requirements, &cvals, warn);
    process_conditions(&mut c.requirements, &cvals, path, warn);
    let disabled: Vec<String> = c
        .requirements
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.name.clone())
        .collect();
    c.subcharts.retain(|s| !disabled.contains(&s.name));
    c.requirements.retain(|r| !disabled.contains(&r.name));
    for sub in &mut c.subcharts {
        let sub_path = format!("{path}{}.", sub.name);
        process_enabled(sub, &cvals, &sub_path, warn)?;
    }
    Ok(())
}

/// `processDependencyTags`: any true tag enables, else any false disables.
fn process_tags(reqs: &mut [Dependency], cvals: &Map, warn: &mut Warnings) {
    let Ok(tags) = table(cvals, "tags") else {
        return;
    };
    for r in reqs {
        let (mut any_true, mut any_false) = (false, false);
        for tag in &r.tags {
            match tags.get(tag) {
                Some(Value::Bool(true)) => any_true = true,
                Some(Value::Bool(false)) => any_false = true,
                Some(_) => warn.push(format!(
                    "Warning: Tag '{tag}' for chart {} returned non-bool value",
                    r.name
                )),
                None => {}
            }
        }
        r.enabled = any_true || !any_false;
    }
}

/// `processDependencyConditions`: the first path that resolves to a bool
/// decides; Helm splits on `,` without trimming the parts.
fn process_conditions(reqs: &mut [Dependency], cvals: &Map, path: &str, warn: &mut Warnings) {
    for r in reqs {
        for cond in r.condition.trim().split(',').filter(|c| !c.is_empty()) {
            match path_value(cvals, &format!("{path}{cond}")) {
                Some(Value::Bool(b)) => {
                    r.enabled = *b;
                    break;
                }
                Some(_) => warn.push(format!(
                    "Warning: Condition path '{cond}' for chart {} returned non-bool value",
                    r.name
                )),
                None => {}
            }
        }
    }
}

/// `Values.PathValue`: the non-table value at a dotted path.
fn path_value<'a>(v: &'a Map, path: &str) -> Option<&'a Value> {
    let (parent, key) = match path.rsplit_once('.') {
        Some((parent, key)) => (table(v, parent).ok()?, key),
        None => (v, path),
    };
    parent.get(key).filter(|x| !matches!(x, Value::Map(_)))
}

/// `Values.Table`: the table at a dotted path, or Helm's `ErrNoTable` text.
fn table<'a>(v: &'a Map, name: &str) -> Result<&'a Map, String> {
    let mut t = v;
    for part in name.split('.') {
        match t.get(part) {
            Some(Value::Map(m)) => t = m,
            _ => return Err(format!("{part:?} is not a table")),
        }
    }
    Ok(t)
}

/// `processDependencyImportValues`: children first, then this chart.
fn process_imports(c: &mut ValuesChart, warn: &mut Warnings) -> Result<(), String> {
    for sub in &mut c.subcharts {
        process_imports(sub, warn)?;
    }
    if c.requirements.is_empty() {
        return Ok(());
    }
    // Helm replaces the chart's values with their merge over the subcharts';
    // imports sit under the parent's own values, the first import winning.
    let mut cvals = coalesce_values(c, &Map::new(), true, warn)?;
    let mut imported = Map::new();
    for r in &c.requirements {
        for iv in &r.import_values {
            let (child, parent) = match iv {
                ImportValue::Name(name) => (format!("exports.{name}"), "."),
                ImportValue::Map { child, parent } => (child.clone(), parent.as_str()),
            };
            match table(&cvals, &format!("{}.{child}", r.name)) {
                Ok(t) => coalesce_tables(
                    &mut imported,
                    path_to_map(parent, t.clone()),
                    "",
                    true,
                    warn,
                ),
                Err(e) => warn.push(format!(
                    "Warning: ImportValues missing table from chart {}: {e}",
                    r.name
                )),
            }
        }
    }
    coalesce_tables(&mut cvals, imported, "", true, warn);
    c.values = cvals;
    Ok(())
}

/// `pathToMap`: nests `data` under a dotted path (`.` is the root).
fn path_to_map(path: &str, data: Map) -> Map {
    if path == "." {
        return data;
    }
    path.rsplit('.').fold(data, |inner, key| {
        Map::from([(key.to_string(), Value::Map(inner))])
    })
}

/// `IsCompatibleRange`: whether a subchart's version satisfies the
/// requirement's semver constraint. Covers the Masterminds syntax charts
/// use: `||`, `,`/space conjunctions, `= != > >= < <= ~ ^`, `x`/`*`
/// wildcards. An empty or unparsable constraint matches nothing, as in Helm.
fn compatible(constraint: &str, version: &str) -> bool {
    let Some(v) = parse_version(version) else {
        return false;
    };
    constraint.split("||").any(|alt| {
        let terms: Vec<&str> = alt.split([',', ' ']).filter(|t| !t.is_empty()).collect();
        !terms.is_empty() && terms.iter().all(|t| term_matches(t, &v).unwrap_or(false))
    })
}

type Version = (u64, u64, u64, bool);

/// `major.minor.patch[-pre][+build]`, with an optional `v`; the bool is
/// "has a prerelease", which plain constraints never match.
fn parse_version(s: &str) -> Option<Version> {
    let s = s.trim().trim_start_matches('v');
    let core = s.split('+').next()?;
    let (nums, pre) = core
        .split_once('-')
        .map_or((core, false), |(n, _)| (n, true));
    let mut it = nums.split('.').map(|n| n.parse::<u64>().ok());
    let v = (
        it.next()??,
        it.next().unwrap_or(Some(0))?,
        it.next().unwrap_or(Some(0))?,
        pre,
    );
    it.next().is_none().then_some(v)
}

fn term_matches(term: &str, v: &Version) -> Option<bool> {
    let op_len = term
        .find(|c: char| c.is_ascii_alphanumeric() || c == '*')
        .unwrap_or(term.len());
    let (op, rest) = term.split_at(op_len);
    let rest = rest.trim_start_matches('v');
    // Parts given before the first wildcard; missing parts are wildcards.
    let parts: Vec<u64> = rest
        .split(['.', '-', '+'])
        .take(3)
        .map_while(|p| p.parse().ok())
        .collect();
    if v.3 || rest.is_empty() && op.is_empty() {
        return Some(false);
    }
    let lo = (
        parts.first().copied().unwrap_or(0),
        parts.get(1).copied().unwrap_or(0),
        parts.get(2).copied().unwrap_or(0),
    );
    let bump = |n: usize| match n {
        0 => (u64::MAX, 0, 0),
        1 => (lo.0 + 1, 0, 0),
        2 => (lo.0, lo.1 + 1, 0),
        _ => (lo.0, lo.1, lo.2 + 1),
    };
    let cur = (v.0, v.1, v.2);
    let exact_hi = bump(parts.len());
    Some(match op {
        "" | "=" => cur >= lo && cur < exact_hi,
        "!=" => !(cur >= lo && cur < exact_hi),
        ">" => cur >= exact_hi,
        ">=" | "=>" => cur >= lo,
        "<" => cur < lo,
        "<=" | "=<" => cur < exact_hi,
        "~" | "~>" => cur >= lo && cur < bump(parts.len().clamp(1, 2)),
        "^" => {
            cur >= lo
                && cur
                    < if lo.0 > 0 || parts.len() < 2 {
                        bump(1)
                    } else if lo.1 > 0 || parts.len() < 3 {
                        bump(2)
                    } else {
                        bump(3)
                    }
        }
        _ => return None,
    })
}
