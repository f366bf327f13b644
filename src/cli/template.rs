//! `template` and `values`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::ValueFlags;
use crate::action::{self, TemplateRequest};
use crate::engine::HelmCompat;
use crate::release::{Output, TemplateOptions};
use crate::values::layers::{self, ValueOptions};

#[derive(Args)]
pub struct TemplateArgs {
    /// [NAME] [CHART]: release name and chart (directory or .tgz). With one
    /// argument it is the chart, as in Helm; with none, the embedded DeltaLLM chart.
    #[arg(num_args = 0..=2)]
    pub positional: Vec<String>,
    #[command(flatten)]
    pub values: ValueFlags,
    /// Namespace of the release.
    #[arg(short = 'n', long, default_value = "default")]
    pub namespace: String,
    /// Kubernetes version for .Capabilities (default v1.35.0, or v1.32.0 with --helm3).
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    /// Kubernetes API versions for .Capabilities.APIVersions.
    #[arg(short = 'a', long = "api-versions")]
    pub api_versions: Vec<String>,
    /// Set .Release.IsUpgrade instead of .Release.IsInstall.
    #[arg(long = "is-upgrade")]
    pub is_upgrade: bool,
    /// Include CRDs in the output.
    #[arg(long = "include-crds")]
    pub include_crds: bool,
    /// Leave out test hooks.
    #[arg(long = "skip-tests")]
    pub skip_tests: bool,
    /// Leave out hooks.
    #[arg(long = "no-hooks")]
    pub no_hooks: bool,
    /// Only show manifests rendered from the given templates.
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,
    /// Write each template to a file under this directory instead of stdout.
    #[arg(long = "output-dir")]
    pub output_dir: Option<PathBuf>,
    /// Reproduce Helm 3.17 exactly where it differs from Helm 4.1.
    #[arg(long)]
    pub helm3: bool,
    /// Leave out the checksum annotations on pod templates (see
    /// `post-render`): print exactly what `helm template` prints.
    #[arg(long = "no-checksums")]
    pub no_checksums: bool,
}

#[derive(Args)]
pub struct ValuesArgs {
    /// [NAME] [CHART], as for `template`.
    #[arg(num_args = 0..=2)]
    pub positional: Vec<String>,
    #[command(flatten)]
    pub values: ValueFlags,
    /// Output format: yaml, json or typed (each leaf with its Go type).
    #[arg(short = 'o', long, default_value = "yaml")]
    pub output: String,
    /// For every leaf, the layer that set it (file:line or the exact flag)
    /// and the layers it overrode; `-o json` for machines.
    #[arg(long)]
    pub explain: bool,
    /// Read values files as Helm 3.17 does (first YAML document only).
    #[arg(long)]
    pub helm3: bool,
}

impl ValueFlags {
    fn options(&self) -> ValueOptions {
        ValueOptions {
            profile: self.profile.clone(),
            values_files: self.values.clone(),
            set: self.set.clone(),
            set_string: self.set_string.clone(),
            set_file: self.set_file.clone(),
            set_json: self.set_json.clone(),
            set_literal: self.set_literal.clone(),
            helm3: false,
        }
    }
}

/// Helm's `[NAME] [CHART]`: one argument is the chart; none is the embedded chart.
fn name_and_chart(positional: &[String]) -> (String, Option<PathBuf>) {
    match positional {
        [] => ("deltallm".into(), None),
        [chart] => ("release-name".into(), Some(PathBuf::from(chart))),
        [name, chart, ..] => (name.clone(), Some(PathBuf::from(chart))),
    }
}

pub fn run_template(args: TemplateArgs) -> Result<i32> {
    let (release_name, chart) = name_and_chart(&args.positional);
    let req = TemplateRequest {
        output: TemplateOptions {
            include_crds: args.include_crds,
            skip_tests: args.skip_tests,
            no_hooks: args.no_hooks,
            show_only: args.show_only,
            output_dir: args.output_dir,
            release_name: release_name.clone(),
            helm3: args.helm3,
            ..Default::default()
        },
        release_name,
        chart,
        values: args.values.options(),
        namespace: args.namespace,
        kube_version: args.kube_version,
        api_versions: args.api_versions,
        is_upgrade: args.is_upgrade,
        compat: if args.helm3 {
            HelmCompat::Helm3
        } else {
            HelmCompat::Helm4
        },
    };
    let namespace = req.namespace.clone();
    // The process exits next: its engine need not be freed piece by piece.
    let cache = std::mem::ManuallyDrop::new(action::EngineCache::default());
    let mut assembled = action::template_cached(&req, &cache)?;
    if !args.no_checksums {
        super::post_render::checksums(&mut assembled.output, &namespace)?;
    }
    eprint!("{}", assembled.stderr);
    // Output only after the whole render succeeded: nothing partial on stdout.
    let mut stdout = std::io::stdout().lock();
    match assembled.output {
        Output::Stream(s) => stdout.write_all(s.as_bytes())?,
        Output::Files { files, stdout: log } => {
            crate::release::write_files(&files)?;
            stdout.write_all(log.as_bytes())?;
        }
    }
    Ok(0)
}

pub fn run_values(args: ValuesArgs) -> Result<i32> {
    let (_, chart_path) = name_and_chart(&args.positional);
    let chart = action::load_chart(chart_path.as_ref())?;
    let dir = chart_path.as_deref().filter(|p| p.is_dir());
    let opts = ValueOptions {
        helm3: args.helm3,
        ..args.values.options()
    };
    if args.explain {
        let items = crate::values::explain::explain(&chart, &opts, dir)?;
        let text = match args.output.as_str() {
            "json" => crate::values::explain::render_json(&items),
            _ => crate::values::explain::render_text(&items),
        };
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(0);
    }
    let computed = layers::compute(&chart, &opts, dir)?;
    let text = match args.output.as_str() {
        "typed" => crate::values::typed::typed_lines(&computed.values),
        _ => String::new(),
    };
    let data = crate::values::Value::Map(computed.values);
    let text = match args.output.as_str() {
        "json" => crate::values::emit::to_json(&data).map_err(anyhow::Error::msg)? + "\n",
        "typed" => text,
        "yaml" => crate::values::emit::to_yaml(&data).map_err(anyhow::Error::msg)? + "\n",
        other => anyhow::bail!("unknown output format {other:?}: use yaml, json or typed"),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(0)
}
