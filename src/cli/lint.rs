//! `lint [NAME] [CHART]`: Helm's lint checks plus schema, refusals and
//! Kubernetes checks.

use anyhow::Result;
use clap::Args;

use super::ValueFlags;
use crate::action::TemplateRequest;
use crate::release::TemplateOptions;

#[derive(Args)]
pub struct LintArgs {
    /// [NAME] [CHART]: release name and chart (directory or .tgz). With one
    /// argument it is the chart; with none, the embedded DeltaLLM chart.
    #[arg(num_args = 0..=2)]
    pub positional: Vec<String>,
    #[command(flatten)]
    pub values: ValueFlags,
    /// Namespace of the release.
    #[arg(short = 'n', long, default_value = "default")]
    pub namespace: String,
    /// Kubernetes version for .Capabilities.
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    /// Kubernetes API versions for .Capabilities.APIVersions.
    #[arg(short = 'a', long = "api-versions")]
    pub api_versions: Vec<String>,
    /// Output format: text or json.
    #[arg(short = 'o', long, default_value = "text")]
    pub output: String,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

/// 0 clean (warnings allowed), 1 errors (or warnings with --strict).
// `..Default::default()` keeps this compiling as ValueOptions grows fields.
#[allow(clippy::needless_update)]
pub fn run(args: LintArgs) -> Result<i32> {
    if !matches!(args.output.as_str(), "text" | "json") {
        anyhow::bail!("unknown output format {:?}: use text or json", args.output);
    }
    let (release_name, chart) = name_and_chart(&args.positional);
    let label = chart
        .as_ref()
        .map_or("deltallm (embedded chart)".to_owned(), |p| {
            p.display().to_string()
        });
    let req = TemplateRequest {
        output: TemplateOptions {
            release_name: release_name.clone(),
            ..Default::default()
        },
        release_name,
        chart,
        values: crate::values::layers::ValueOptions {
            profile: args.values.profile.clone(),
            values_files: args.values.values.clone(),
            set: args.values.set.clone(),
            set_string: args.values.set_string.clone(),
            set_file: args.values.set_file.clone(),
            set_json: args.values.set_json.clone(),
            set_literal: args.values.set_literal.clone(),
            ..Default::default()
        },
        namespace: args.namespace,
        kube_version: args.kube_version,
        api_versions: args.api_versions,
        ..Default::default()
    };
    let findings = crate::lint::lint(&req);
    let text = match args.output.as_str() {
        "json" => crate::lint::render_json(&label, &findings),
        _ => crate::lint::render_text(&label, &findings),
    };
    print!("{text}");
    let (errors, warnings) = crate::lint::counts(&findings);
    Ok(if errors > 0 || (args.strict && warnings > 0) {
        1
    } else {
        0
    })
}

/// Helm's `[NAME] [CHART]`: one argument is the chart; none is the embedded chart.
fn name_and_chart(positional: &[String]) -> (String, Option<std::path::PathBuf>) {
    match positional {
        [] => ("deltallm".into(), None),
        [chart] => ("release-name".into(), Some(chart.into())),
        [name, chart, ..] => (name.clone(), Some(chart.into())),
    }
}
