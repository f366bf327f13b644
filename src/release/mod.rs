//! Release assembly for `helm template`: from rendered template files to
//! what Helm prints or writes (Helm's `pkg/releaseutil` plus the rendering
//! and printing halves of `pkg/action` and `cmd/helm/template.go`).
//!
//! The flow, each step in its own module:
//! 1. [`sort`] drops `NOTES.txt`, partials and blank files, cuts files into
//!    documents ([`split`]), reads each document's head ([`head`]) and
//!    separates hooks from manifests in install order;
//! 2. [`output`] prints them (`# Source:` headers, CRDs, hooks, `--show-only`)
//!    or lays them out for `--output-dir`, which [`write_files`] writes.
//!
//! Helm 4 is the default; [`TemplateOptions::helm3`] reproduces Helm 3.17
//! where the two differ: the kind order of admission webhooks, the Go type
//! named in head decode errors and the format of the unknown-hook log line.

mod glob;
mod head;
mod output;
mod quote;
mod sort;
pub(crate) mod split;
mod write;

use std::path::PathBuf;

pub use output::{OutFile, Output};
pub use write::write_files;

/// One rendered template file, after Helm's `<no value>` removal, keyed by
/// Helm's template name (`chart/templates/x.yaml`,
/// `chart/charts/sub/templates/y.yaml`). `NOTES.txt` and partials may be
/// included: assembly drops them as Helm does.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub path: String,
    pub content: String,
}

/// A `crds/` file of the chart or a subchart (`chart/crds/x.yaml`,
/// `chart/charts/sub/crds/y.yaml`), in Helm's `CRDObjects` order: the
/// chart's own files in directory-walk order, then each dependency's.
/// Only `.yaml`, `.yml` and `.json` files belong here; the content is
/// printed verbatim, never parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Crd {
    pub path: String,
    pub content: String,
}

/// The `helm template` flags that shape assembly.
///
/// `--skip-crds` and `--is-upgrade` are deliberately absent: neither changes
/// what `helm template` assembles (`--skip-crds` does not even cancel
/// `--include-crds`); `--is-upgrade` only reaches the templates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateOptions {
    /// `--include-crds`: print `crds/` files before the manifests.
    pub include_crds: bool,
    /// `--skip-tests`: drop hooks with a `test` event.
    pub skip_tests: bool,
    /// `--no-hooks`: drop every hook.
    pub no_hooks: bool,
    /// `-s/--show-only` patterns, in flag order.
    pub show_only: Vec<String>,
    /// `--output-dir`.
    pub output_dir: Option<PathBuf>,
    /// `--release-name`: put manifests and hooks (not CRDs) under
    /// `<output-dir>/<release>/`.
    pub use_release_name: bool,
    pub release_name: String,
    /// Reproduce Helm 3.17 instead of Helm 4.1.
    pub helm3: bool,
}

/// What `helm template` produces: the manifest stream or the files, plus
/// the log lines Helm prints on stderr (skipped unknown hooks).
#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    pub output: Output,
    pub stderr: String,
}

/// A failed assembly: Helm's error message, and what Helm had already
/// logged on stderr before failing (print it first, then `Error: <msg>`).
#[derive(Debug, Clone, PartialEq)]
pub struct AssembleError {
    pub message: String,
    pub stderr: String,
}

impl std::fmt::Display for AssembleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AssembleError {}

/// Assembles rendered files into `helm template`'s output.
///
/// Errors are an [`AssembleError`] carrying Helm's message: `YAML parse
/// error on <path>: ...` (with Helm's `--debug` hint) or `could not find
/// template <pattern> in chart`.
pub fn assemble(
    mut rendered: Vec<Rendered>,
    crds: Vec<Crd>,
    opts: &TemplateOptions,
) -> anyhow::Result<Assembled> {
    // Helm pulls out every file whose name ends in NOTES.txt (a suffix
    // test: `MYNOTES.txt` goes too); `helm template` never prints notes.
    rendered.retain(|r| !r.path.ends_with("NOTES.txt"));
    let sorted = sort::sort_manifests(&rendered, opts.helm3);
    let fail = |message: String| AssembleError {
        message,
        stderr: sorted.stderr.clone(),
    };
    if let Some(e) = &sorted.error {
        return Err(fail(format!(
            "{e}\n\nUse --debug flag to render out invalid YAML"
        ))
        .into());
    }
    match output::build(&sorted, &crds, opts) {
        Ok(output) => Ok(Assembled {
            output,
            stderr: sorted.stderr.clone(),
        }),
        Err(message) => Err(fail(message).into()),
    }
}
