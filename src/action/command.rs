//! `helm template` as its command line asks for it: the flags checked as
//! Helm checks them, the release named, the post-renderer found, then
//! [`super::template_chart`]. What Helm logs on the way (warnings,
//! `--debug` lines) comes back with the result, or with the error.

use anyhow::Result;

use super::flags::{self, HelmFlags};
use super::release_name::{self, NameRequest};
use super::{EngineCache, TemplateRequest, kube_version, load_chart, template_chart};
use crate::chart::Chart;
use crate::engine::HelmCompat;
use crate::postrender::external;
use crate::release::{Assembled, HelmError};

/// Everything `deltallm-render template` was given.
#[derive(Debug, Clone, Default)]
pub struct TemplateCommand {
    /// The request; its `release_name` is filled in from `name`.
    pub request: TemplateRequest,
    pub name: NameRequest,
    pub flags: HelmFlags,
    /// `--post-renderer` and `--post-renderer-args`.
    pub post_renderer: Option<String>,
    pub post_renderer_args: Vec<String>,
    /// `--debug`.
    pub debug: bool,
}

/// Runs the command; Helm's log lines come first in the result's (or the
/// error's) stderr.
/// `cache` keeps the compiled engine (see [`super::template_cached`]).
pub fn run(mut cmd: TemplateCommand, cache: &EngineCache) -> Result<Assembled> {
    let mut log = String::new();
    let result = run_logged(&mut cmd, cache, &mut log);
    match result {
        Ok(mut assembled) => {
            assembled.stderr.insert_str(0, &log);
            Ok(assembled)
        }
        Err(e) => Err(with_log(e, &log)),
    }
}

fn run_logged(
    cmd: &mut TemplateCommand,
    cache: &EngineCache,
    log: &mut String,
) -> Result<Assembled> {
    let compat = cmd.request.compat;
    let chart_path = cmd.request.chart.clone();
    flags::check(&cmd.flags, chart_path.as_deref(), compat, log)?;
    if let Some(name) = &cmd.post_renderer {
        cmd.request.output.post_renderer =
            Some(external::locate(name, &cmd.post_renderer_args, compat)?);
    }
    kube_version(&cmd.request)?;
    let chart = load_chart(chart_path.as_ref())?;
    check_dependencies(&chart, cmd.flags.dependency_update, compat)?;
    if cmd.debug {
        log.push_str(&debug_lines(&cmd.request, &chart)?);
        cmd.request.output.debug = true;
    }
    let name = release_name::resolve(&cmd.name, compat)?;
    cmd.request.release_name = name.clone();
    cmd.request.output.release_name = name;
    template_chart(&cmd.request, &chart, cache)
}

/// Helm refuses a chart whose Chart.yaml lists dependencies missing from
/// `charts/`; `--dependency-update` would fetch them, which needs the network.
fn check_dependencies(chart: &Chart, update: bool, compat: HelmCompat) -> Result<()> {
    let missing: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .flatten()
        .map(|d| d.name.as_str())
        .filter(|name| !chart.dependencies.iter().any(|c| c.metadata.name == *name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if update {
        return Err(HelmError::new(format!(
            "--dependency-update needs the network (Helm would download {}); \
             deltallm-render renders the charts/ directory as it is",
            missing.join(", ")
        ))
        .into());
    }
    let an = match compat {
        HelmCompat::Helm3 => "An",
        HelmCompat::Helm4 => "an",
    };
    Err(HelmError::new(format!(
        "{an} error occurred while checking for chart dependencies. You may need to run \
         `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but \
         missing in charts/ directory: {}",
        missing.join(", ")
    ))
    .into())
}

/// The error with `log` in front of whatever it had logged itself.
fn with_log(e: anyhow::Error, log: &str) -> anyhow::Error {
    let mut helm = match e.downcast::<HelmError>() {
        Ok(helm) => helm,
        Err(other) => HelmError::new(format!("{other:#}")),
    };
    helm.stderr.insert_str(0, log);
    helm.into()
}

/// What `--debug` logs about a local chart before rendering: Helm 3's
/// timestamped `[debug]` lines or Helm 4's `level=DEBUG` records.
fn debug_lines(req: &TemplateRequest, chart: &Chart) -> Result<String> {
    let version = req.chart_version.as_deref().unwrap_or("");
    let path = match &req.chart {
        Some(p) => std::path::absolute(p)?.display().to_string(),
        None => "(the embedded DeltaLLM chart)".to_string(),
    };
    let quote = crate::release::quote::go_quote;
    Ok(match req.compat {
        HelmCompat::Helm3 => {
            let stamp = || {
                format!(
                    "{} m=+{:.9}",
                    crate::funcs::dates::now_go_string(),
                    process_seconds()
                )
            };
            format!(
                "install.go:225: {} [debug] Original chart version: {}\n\
                 install.go:242: {} [debug] CHART PATH: {path}\n\n",
                stamp(),
                quote(version),
                stamp()
            )
        }
        HelmCompat::Helm4 => {
            let slog = crate::release::quote::slog_value;
            let mut out = format!(
                "level=DEBUG msg=\"Original chart version\" version={}\n\
                 level=DEBUG msg=\"Chart path\" path={}\n",
                slog(version),
                slog(&path)
            );
            dependency_lines(chart, &mut out);
            out
        }
    })
}

/// Helm 4's count of loaded subcharts, for the chart and each subchart.
/// Helm walks sibling subcharts in an order that varies from run to run;
/// we walk them in load order, which is one of Helm's orders.
fn dependency_lines(chart: &Chart, out: &mut String) {
    out.push_str(&format!(
        "level=DEBUG msg=\"number of dependencies in the chart\" chart={} dependencies={}\n",
        crate::release::quote::slog_value(&chart.metadata.name),
        chart.dependencies.len()
    ));
    for sub in &chart.dependencies {
        dependency_lines(sub, out);
    }
}

/// Seconds since this process started, Go's monotonic `m=+` reading.
fn process_seconds() -> f64 {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}
