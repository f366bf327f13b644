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
pub(crate) mod quote;
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
    /// `--debug`: when a rendered file's YAML does not parse, print every
    /// rendered file instead of Helm's hint to use `--debug`.
    pub debug: bool,
    /// `--post-renderer` (Helm 3): run over the CRDs and manifests.
    pub post_renderer: Option<crate::postrender::external::PostRenderer>,
}

/// An error met while rendering (not one met before, such as a values or
/// schema error) as `helm template` reports it without `--debug`.
pub fn debug_hint(message: &str) -> String {
    format!("{message}\n\nUse --debug flag to render out invalid YAML")
}

/// What `helm template` produces: the manifest stream or the files, plus
/// the log lines Helm prints on stderr (skipped unknown hooks).
#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    pub output: Output,
    pub stderr: String,
}

/// An error as Helm reports it: the message Helm prints after `Error: `,
/// and what Helm had already logged on stderr (print that first).
#[derive(Debug, Clone, PartialEq)]
pub struct HelmError {
    pub message: String,
    pub stderr: String,
    /// What Helm printed on stdout before failing (`--debug`'s dump of
    /// the rendered files when their YAML does not parse).
    pub stdout: String,
}

impl HelmError {
    /// An error with nothing logged before it.
    pub fn new(message: impl Into<String>) -> HelmError {
        HelmError {
            message: message.into(),
            stderr: String::new(),
            stdout: String::new(),
        }
    }

    /// Helm 4's way of failing a check: it logs
    /// `level=ERROR msg=<what> error=<cause>`, then fails with `<what>: <cause>`.
    pub fn logged(what: &str, cause: &str) -> HelmError {
        HelmError {
            message: format!("{what}: {cause}"),
            stderr: format!(
                "level=ERROR msg={} error={}\n",
                quote::slog_value(what),
                quote::slog_value(cause)
            ),
            stdout: String::new(),
        }
    }
}

impl std::fmt::Display for HelmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HelmError {}

/// What `--debug` prints when a file's YAML does not parse: every rendered
/// file but partials and blank ones, as one stream. Helm prints them in Go
/// map order, which changes from run to run; we print them in path order.
fn debug_dump(rendered: &[Rendered]) -> String {
    let mut files: Vec<&Rendered> = rendered
        .iter()
        .filter(|r| {
            let base = r.path.rsplit('/').next().unwrap_or(&r.path);
            !base.starts_with('_') && !r.content.trim().is_empty()
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let stream: String = files
        .iter()
        .map(|r| format!("---\n# Source: {}\n{}\n", r.path, r.content))
        .collect();
    format!("{}\n", stream.trim())
}

/// Assembles rendered files into `helm template`'s output.
///
/// Errors are a [`HelmError`] carrying Helm's message: `YAML parse
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
    let fail = |message: String| HelmError {
        message,
        stderr: sorted.stderr.clone(),
        stdout: String::new(),
    };
    if let Some(e) = &sorted.error {
        if opts.debug {
            return Err(HelmError {
                stdout: debug_dump(&rendered),
                ..fail(e.clone())
            }
            .into());
        }
        return Err(fail(debug_hint(e)).into());
    }
    match output::build(&sorted, &crds, opts) {
        Ok(output) => Ok(Assembled {
            output,
            stderr: sorted.stderr.clone(),
        }),
        Err(message) => Err(fail(message).into()),
    }
}
