//! The layering entry point: user value layers in Helm's order
//! (`values.Options.MergeValues`), then dependency processing and
//! coalescing as `helm template` does them (`ProcessDependenciesWithMerge`,
//! `ToRenderValues`), then the `.Values` each enabled subchart sees.
//!
//! Layer order, verified against helm 3.17.2 and 4.1.4 with conflicting
//! flags: `--profile` (ours: a values file), `-f` files in order, then every
//! `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`,
//! each kind as a block whatever the command-line order.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use super::coalesce::{ValuesChart, coalesce_values};
use super::dependencies::process_dependencies;
use super::strvals::{SetKind, parse_into};
use super::value::{Map, Value};
use crate::chart::Chart;

/// The value flags of one invocation.
#[derive(Debug, Clone, Default)]
pub struct ValueOptions {
    /// `--profile`: a path, or a name looked up as `profiles/NAME.yaml`
    /// beside the chart directory (the embedded profiles for the embedded
    /// chart). Applied before the `-f` files.
    pub profile: Option<String>,
    /// `-f`/`--values`; `-` is stdin.
    pub values_files: Vec<String>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_file: Vec<String>,
    pub set_json: Vec<String>,
    pub set_literal: Vec<String>,
    /// Read values files as Helm 3.17 does (first YAML document only);
    /// Helm 4 deep-merges every `---`-separated document.
    pub helm3: bool,
}

impl ValueOptions {
    /// The `--set` family in the order Helm applies it, each with its
    /// parser and flag name (for error messages).
    pub fn set_flags(&self) -> [(SetKind, &Vec<String>, &'static str); 5] {
        [
            (SetKind::Json, &self.set_json, "--set-json"),
            (SetKind::Set, &self.set, "--set"),
            (SetKind::String, &self.set_string, "--set-string"),
            (SetKind::File, &self.set_file, "--set-file"),
            (SetKind::Literal, &self.set_literal, "--set-literal"),
        ]
    }
}

/// What templates will see.
#[derive(Debug, Clone, Default)]
pub struct ComputedValues {
    /// The top chart's `.Values`.
    pub values: Map,
    /// Each enabled subchart's `.Values`, keyed by its path under the top
    /// chart in rendered names (`deltallm.postgresql`).
    pub subcharts: BTreeMap<String, Map>,
    /// Paths of the enabled subcharts, parents before children.
    pub enabled: Vec<String>,
    /// Helm's warnings, already printed to stderr.
    pub warnings: Vec<String>,
}

/// Computes `.Values` for `chart` and its enabled subcharts. `chart_dir` is
/// where the chart was loaded from (`None` for the embedded chart).
pub fn compute(
    chart: &Chart,
    opts: &ValueOptions,
    chart_dir: Option<&Path>,
) -> Result<ComputedValues> {
    let user = user_values(opts, chart_dir)?;
    let mut tree = values_chart(chart, opts.helm3)?;
    let mut warnings = Vec::new();
    process_dependencies(&mut tree, &user, &mut warnings).map_err(|e| anyhow!(e))?;
    let values = coalesce_values(&tree, &user, false, &mut warnings).map_err(|e| anyhow!(e))?;
    for w in &warnings {
        eprintln!("{w}");
    }
    let mut out = ComputedValues {
        warnings,
        ..Default::default()
    };
    scope_subcharts(&tree, &values, &tree.name, &mut out);
    out.values = values;
    Ok(out)
}

/// Helm's `MergeValues`: the user's layers, before any chart default.
pub fn user_values(opts: &ValueOptions, chart_dir: Option<&Path>) -> Result<Map> {
    let mut base = Map::new();
    if let Some(profile) = &opts.profile {
        let (name, src) = read_profile(profile, chart_dir)?;
        merge_maps(&mut base, parse_values_file(&name, &src, opts.helm3)?);
    }
    for path in &opts.values_files {
        let src = read_input(path).map_err(|e| anyhow!(e))?;
        merge_maps(&mut base, parse_values_file(path, &src, opts.helm3)?);
    }
    let read_file = |p: &str| read_input(p);
    for (kind, values, flag) in opts.set_flags() {
        for value in values {
            parse_into(kind, value, &mut base, &read_file).map_err(|e| match kind {
                // Helm drops the parser's reason for --set-json.
                SetKind::Json => anyhow!("failed parsing {flag} data {value}"),
                _ => anyhow!("failed parsing {flag} data: {e}"),
            })?;
        }
    }
    Ok(base)
}

fn parse_values_file(name: &str, src: &str, helm3: bool) -> Result<Map> {
    let parsed = if helm3 {
        super::yaml::parse_values(name, src)
    } else {
        super::yaml::load_values(name, src)
    };
    match parsed {
        Ok(Value::Map(m)) => Ok(m),
        Ok(_) => Ok(Map::new()),
        Err(e) => Err(anyhow!("failed to parse {name}: {}", e.go_error)),
    }
}

/// The profile's display name and text.
fn read_profile(profile: &str, chart_dir: Option<&Path>) -> Result<(String, String)> {
    let is_path = profile.contains('/') || profile.ends_with(".yaml") || profile.ends_with(".yml");
    let path = match chart_dir {
        _ if is_path => PathBuf::from(profile),
        Some(dir) => dir
            .join("..")
            .join("profiles")
            .join(format!("{profile}.yaml")),
        None => {
            let want = format!("{profile}.yaml");
            let (_, data) = crate::chart::embedded::files_under("profiles/")
                .find(|(name, _)| *name == want)
                .ok_or_else(|| anyhow!("unknown profile {profile:?}"))?;
            return Ok((want, String::from_utf8_lossy(data).into_owned()));
        }
    };
    let name = path.display().to_string();
    let src = read_input(&name)
        .map_err(|e| anyhow!(e))
        .with_context(|| format!("profile {profile:?}"))?;
    Ok((name, src))
}

/// Helm's `readFile`: `-` is stdin, anything else a local file, with Go's
/// `open NAME: reason` error text.
fn read_input(path: &str) -> Result<String, String> {
    if path.trim() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("read -: {e}"))?;
        return Ok(s);
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("open {path}: no such file or directory"))
        }
        Err(e) => Err(format!("open {path}: {e}")),
    }
}

/// `mergeMaps` of Helm's values options: maps merge key by key, anything
/// else (lists, `null`) replaces.
fn merge_maps(dst: &mut Map, src: Map) {
    for (k, v) in src {
        match (dst.get_mut(&k), v) {
            (Some(Value::Map(d)), Value::Map(s)) => merge_maps(d, s),
            (_, v) => {
                dst.insert(k, v);
            }
        }
    }
}

/// The value-relevant view of a loaded chart tree.
/// The chart tree's values. The loader read `values.yaml` the Helm 4 way;
/// for Helm 3 the text is read again, first document only.
fn values_chart(chart: &Chart, helm3: bool) -> Result<ValuesChart> {
    let values = match (&chart.values_source, helm3) {
        (Some(src), true) => match super::yaml::parse_values("values.yaml", src) {
            Ok(Value::Map(m)) => m,
            Ok(_) => Map::new(),
            Err(e) => return Err(anyhow!("cannot load values.yaml: {}", e.go_error)),
        },
        _ => chart.values.as_map().cloned().unwrap_or_default(),
    };
    Ok(ValuesChart {
        name: chart.metadata.name.clone(),
        version: chart.metadata.version.clone(),
        values,
        requirements: chart
            .metadata
            .dependencies
            .iter()
            .flatten()
            .cloned()
            .collect(),
        subcharts: chart
            .dependencies
            .iter()
            .map(|c| values_chart(c, helm3))
            .collect::<Result<_>>()?,
    })
}

/// A subchart's templates see the parent's `.Values.<name>` table (or an
/// empty one when that is not a table).
fn scope_subcharts(chart: &ValuesChart, values: &Map, path: &str, out: &mut ComputedValues) {
    for sub in &chart.subcharts {
        let scoped = values
            .get(&sub.name)
            .and_then(Value::as_map)
            .cloned()
            .unwrap_or_default();
        let sub_path = format!("{path}.{}", sub.name);
        out.enabled.push(sub_path.clone());
        scope_subcharts(sub, &scoped, &sub_path, out);
        out.subcharts.insert(sub_path, scoped);
    }
}
