//! Chart loading (Helm's `pkg/chart/loader`): directories, packaged `.tgz`
//! archives, `.helmignore`, and the DeltaLLM chart compiled into the binary.
//!
//! What ends up where mirrors Helm's `LoadFiles` exactly, because templates
//! observe it: `.Files` is [`Chart::files`], which holds every file that is
//! not `Chart.yaml`, `Chart.lock`, `values.yaml`, `values.schema.json`,
//! `requirements.{yaml,lock}` (v2 charts), `templates/**` or `charts/**`
//! (except `charts/*.prov`). `crds/**` is in `.Files` too (Helm derives its
//! CRD list from `Files`), so [`Chart::crds`] is a view of the same entries.
//!
//! Safety limits (see [`archive`] and [`loader`]): a packed chart may not
//! decompress past [`MAX_CHART_SIZE`] (100 MiB) in total or
//! [`MAX_FILE_SIZE`] (5 MiB) per file — Helm 4's caps; entries may not escape
//! the chart root, and neither may links, in archives or in directories.

mod archive;
pub mod embedded;
mod gofloat;
mod helmignore;
mod loader;
mod metadata;
mod validate;

pub use archive::{MAX_CHART_SIZE, MAX_FILE_SIZE, load_archive};
pub use helmignore::Rules as IgnoreRules;
pub use loader::{embedded_chart, embedded_profile, load, load_files};
pub use metadata::{Dependency, ImportValue, Lock, Maintainer, Metadata};

use crate::values::Value;

/// A loaded chart, split the way Helm's `chart.Chart` splits it.
#[derive(Debug, Clone)]
pub struct Chart {
    /// `Chart.yaml` (plus `requirements.yaml` for apiVersion v1 charts).
    pub metadata: Metadata,
    /// Parsed `values.yaml`: always a `Value::Map`, empty when absent.
    pub values: Value,
    /// The raw `values.yaml` text (BOM removed), kept so diagnostics can
    /// point at lines and columns.
    pub values_source: Option<String>,
    /// `values.schema.json`, unparsed (Helm keeps the bytes).
    pub schema: Option<Vec<u8>>,
    /// `templates/**`, including `_*.tpl` partials and `NOTES.txt`, with
    /// paths relative to the chart root (`templates/deployment.yaml`).
    pub templates: Vec<File>,
    /// `crds/**`: the same entries as appear in [`Chart::files`].
    pub crds: Vec<File>,
    /// What templates see as `.Files`.
    pub files: Vec<File>,
    /// Subcharts from `charts/` (directories and `.tgz`), sorted by their
    /// entry name under `charts/` so rendering order is deterministic
    /// (Helm's order comes from a Go map and is random).
    pub dependencies: Vec<Chart>,
    /// `Chart.lock`, or `requirements.lock` for older charts.
    pub lock: Option<Lock>,
    /// Where the chart came from (a path, an archive name, or
    /// `parent/charts/sub`), for error messages.
    pub source: String,
}

/// One file of a chart: a `/`-separated path relative to the chart root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub data: Vec<u8>,
}

impl File {
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        File {
            name: name.into(),
            data: data.into(),
        }
    }
}

impl Chart {
    /// The chart's name, as Helm's `Chart.Name()` reports it.
    pub fn name(&self) -> &str {
        &self.metadata.name
    }
}
