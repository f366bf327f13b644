//! Snapshot testing of rendered charts (`deltallm-render snapshot`).
//!
//! A committed cases file lists named render cases; every case is rendered
//! in one process, in parallel, and compared with (or written to)
//! `<dir>/<case>.yaml`. Drift is reported resource by resource with
//! [`crate::diff`], so Secret data never appears in the report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::action::{self, TemplateRequest};
use crate::chart::Chart;
use crate::engine::HelmCompat;
use crate::release::{Output, TemplateOptions};
use crate::values::Value;
use crate::values::layers::ValueOptions;

/// One named render case.
#[derive(Debug, Clone, Default)]
pub struct Case {
    pub name: String,
    pub request: TemplateRequest,
}

/// Reads a cases file: a YAML list of maps with `name` (required),
/// `chart` (a path relative to the cases file; default the embedded chart),
/// `profile`, `values` (paths relative to the cases file), `set`,
/// `setString`, `setJson`, `setFile`, `setLiteral`, `release` (default
/// `deltallm`), `namespace` (default `deltallm`), `kubeVersion`,
/// `apiVersions`, `isUpgrade` and `helm3`.
pub fn read_cases(path: &Path) -> Result<Vec<Case>> {
    let src = std::fs::read_to_string(path)
        .with_context(|| format!("reading cases file {}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_cases(&path.display().to_string(), &src, base)
}

/// Parses the text of a cases file; relative paths resolve against `base`.
// `..Default::default()` keeps this compiling as ValueOptions grows fields.
#[allow(clippy::needless_update)]
pub fn parse_cases(name: &str, src: &str, base: &Path) -> Result<Vec<Case>> {
    let doc = crate::values::yaml::parse_document(name, src)
        .map_err(|e| anyhow!("{name}: {}", e.go_error))?;
    let Value::List(items) = doc else {
        bail!("{name}: expected a list of cases");
    };
    let mut seen = BTreeSet::new();
    let mut cases = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Map(m) = item else {
            bail!("{name}: case {} is not a mapping", i + 1);
        };
        const KNOWN: &[&str] = &[
            "name",
            "chart",
            "profile",
            "values",
            "set",
            "setString",
            "setJson",
            "setFile",
            "setLiteral",
            "release",
            "namespace",
            "kubeVersion",
            "apiVersions",
            "isUpgrade",
            "helm3",
            "description",
        ];
        if let Some(k) = m.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            bail!("{name}: case {}: unknown key {k:?}", i + 1);
        }
        let text = |k: &str| -> Result<Option<String>> {
            match m.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => bail!("{name}: case {}: {k} must be a string", i + 1),
            }
        };
        let list = |k: &str| -> Result<Vec<String>> {
            match m.get(k) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::List(l)) => l
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => Ok(s.clone()),
                        _ => bail!("{name}: case {}: {k} must be a list of strings", i + 1),
                    })
                    .collect(),
                Some(_) => bail!("{name}: case {}: {k} must be a list", i + 1),
            }
        };
        let flag = |k: &str| matches!(m.get(k), Some(Value::Bool(true)));
        let case_name =
            text("name")?.ok_or_else(|| anyhow!("{name}: case {} has no name", i + 1))?;
        let valid = !case_name.is_empty()
            && case_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
            && !case_name.starts_with('.');
        if !valid {
            bail!("{name}: case name {case_name:?} must be [A-Za-z0-9._-]+ (it names a file)");
        }
        if !seen.insert(case_name.clone()) {
            bail!("{name}: case {case_name:?} is listed twice");
        }
        let rel = |p: String| -> String {
            if p == "-" || Path::new(&p).is_absolute() {
                p
            } else {
                base.join(p).display().to_string()
            }
        };
        let profile = text("profile")?
            .filter(|p| p != "none")
            .map(|p| if p.contains('/') { rel(p) } else { p });
        let helm3 = flag("helm3");
        let release_name = text("release")?.unwrap_or_else(|| "deltallm".into());
        let request = TemplateRequest {
            release_name: release_name.clone(),
            chart: text("chart")?.map(|c| PathBuf::from(rel(c))),
            values: ValueOptions {
                profile,
                values_files: list("values")?.into_iter().map(rel).collect(),
                set: list("set")?,
                set_string: list("setString")?,
                set_file: list("setFile")?
                    .into_iter()
                    .map(|s| match s.split_once('=') {
                        Some((k, p)) => format!("{k}={}", rel(p.to_owned())),
                        None => s,
                    })
                    .collect(),
                set_json: list("setJson")?,
                set_literal: list("setLiteral")?,
                helm3,
                ..Default::default()
            },
            namespace: text("namespace")?.unwrap_or_else(|| "deltallm".into()),
            kube_version: text("kubeVersion")?,
            api_versions: list("apiVersions")?,
            is_upgrade: flag("isUpgrade"),
            compat: if helm3 {
                HelmCompat::Helm3
            } else {
                HelmCompat::Helm4
            },
            output: TemplateOptions {
                release_name,
                helm3,
                ..Default::default()
            },
            ..Default::default()
        };
        cases.push(Case {
            name: case_name,
            request,
        });
    }
    Ok(cases)
}

/// Renders one case to its manifest stream (what `template` prints).
pub fn render_case(case: &Case) -> Result<String> {
    let chart = action::load_chart(case.request.chart.as_ref())?;
    render_loaded(case, &chart, &action::EngineCache::default())
}

/// [`render_case`] with the chart already loaded: the steps of
/// [`action::template`] after loading, so a matrix loads each chart once.
fn render_loaded(case: &Case, chart: &Chart, cache: &action::EngineCache) -> Result<String> {
    let req = &case.request;
    let chart_dir = req.chart.as_deref().filter(|p| p.is_dir());
    let values = ValueOptions {
        helm3: req.compat == HelmCompat::Helm3,
        ..req.values.clone()
    };
    let computed = crate::values::layers::compute(chart, &values, chart_dir)?;
    let rendered = action::render_chart_cached(chart, &computed, req, cache)?;
    let assembled = action::assemble(rendered, &req.output)?;
    match assembled.output {
        Output::Stream(s) => Ok(s),
        Output::Files { .. } => bail!("case {}: output-dir is not supported", case.name),
    }
}

/// Renders every case on `jobs` threads; results in case order.
pub fn render_all(cases: &[Case], jobs: usize) -> Vec<Result<String>> {
    // Each distinct chart is loaded once and keeps its compiled engines.
    type Loaded = (Option<PathBuf>, Result<Chart, String>, action::EngineCache);
    let mut charts: Vec<Loaded> = Vec::new();
    for c in cases {
        if !charts.iter().any(|(p, _, _)| *p == c.request.chart) {
            let loaded = action::load_chart(c.request.chart.as_ref()).map_err(|e| format!("{e:#}"));
            charts.push((
                c.request.chart.clone(),
                loaded,
                action::EngineCache::default(),
            ));
        }
    }
    let chart_of = |c: &Case| -> Result<(&Chart, &action::EngineCache)> {
        let (_, loaded, cache) = charts
            .iter()
            .find(|(p, _, _)| *p == c.request.chart)
            .expect("every chart loaded");
        loaded
            .as_ref()
            .map(|chart| (chart, cache))
            .map_err(|e| anyhow!("{e}"))
    };
    crate::parallel::map(cases, jobs, |case| {
        chart_of(case).and_then(|(chart, cache)| render_loaded(case, chart, cache))
    })
}

/// The outcome for one case (or one orphaned snapshot file).
#[derive(Debug)]
pub enum Outcome {
    /// Rendered output equals the committed snapshot.
    Same,
    /// The snapshot was (re)written.
    Written,
    /// The snapshot file was removed (`--update`, no case names it).
    Removed,
    /// Rendered output differs from the committed snapshot: the resource-aware report.
    Drift(String),
    /// No committed snapshot for this case.
    Missing,
    /// A snapshot file that no case produces.
    Orphan,
    /// The case did not render.
    Failed(String),
}

impl Outcome {
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Outcome::Drift(_) | Outcome::Missing | Outcome::Orphan | Outcome::Failed(_)
        )
    }
}

/// What to do with the snapshot directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare, write nothing.
    Check,
    /// Write every snapshot and delete orphaned ones.
    Update,
}

/// Snapshot files in `dir`: every `*.yaml` directly inside it except `cases_file`.
fn snapshot_files(dir: &Path, cases_file: &Path) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    let cases_name = cases_file.file_name();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let path = entry.path();
        if !path.is_file() || Some(name.as_os_str()) == cases_name {
            continue;
        }
        if let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".yaml")) {
            out.insert(stem.to_owned());
        }
    }
    Ok(out)
}

/// Runs the cases against the snapshot directory; returns each case's (or
/// orphan's) name and outcome, cases first in file order, then orphans.
pub fn run(
    cases: &[Case],
    dir: &Path,
    cases_file: &Path,
    mode: Mode,
    jobs: usize,
    colour: bool,
) -> Result<Vec<(String, Outcome)>> {
    let rendered = render_all(cases, jobs);
    let existing = snapshot_files(dir, cases_file)?;
    if mode == Mode::Update {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut out = Vec::new();
    for (case, result) in cases.iter().zip(rendered) {
        let path = dir.join(format!("{}.yaml", case.name));
        let outcome = match result {
            Err(e) => Outcome::Failed(format!("{e:#}")),
            Ok(text) => match mode {
                Mode::Update => {
                    let same = std::fs::read_to_string(&path).is_ok_and(|old| old == text);
                    if same {
                        Outcome::Same
                    } else {
                        std::fs::write(&path, &text)
                            .with_context(|| format!("writing {}", path.display()))?;
                        Outcome::Written
                    }
                }
                Mode::Check => match std::fs::read_to_string(&path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Outcome::Missing,
                    Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
                    Ok(old) if old == text => Outcome::Same,
                    Ok(old) => Outcome::Drift(drift_report(&path, &old, &text, colour)),
                },
            },
        };
        out.push((case.name.clone(), outcome));
    }
    let names: BTreeSet<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    for orphan in existing.iter().filter(|n| !names.contains(n.as_str())) {
        let outcome = match mode {
            Mode::Check => Outcome::Orphan,
            Mode::Update => {
                let path = dir.join(format!("{orphan}.yaml"));
                std::fs::remove_file(&path)
                    .with_context(|| format!("removing {}", path.display()))?;
                Outcome::Removed
            }
        };
        out.push((orphan.clone(), outcome));
    }
    Ok(out)
}

/// The drift between a committed snapshot and a fresh render, resource by
/// resource; a byte-level difference that changes no field (comments,
/// `# Source:` lines, document order) is reported as such.
fn drift_report(path: &Path, committed: &str, rendered: &str, colour: bool) -> String {
    let name = path.display().to_string();
    match crate::diff::diff_streams(&name, committed, "rendered", rendered) {
        Ok(report) if !report.is_equal() => crate::diff::render_text(&report, colour),
        Ok(_) => "no resource changed; the text differs (comments, `# Source:` lines, order or formatting)\n".into(),
        Err(e) => format!("committed snapshot does not parse ({e}); re-run with --update\n"),
    }
}
