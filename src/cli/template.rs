//! `template` and `values`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::ValueFlags;
use crate::action::command::TemplateCommand;
use crate::action::flags::HelmFlags;
use crate::action::release_name::NameRequest;
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
    #[command(flatten)]
    pub helm: HelmTemplateFlags,
}

/// The boolean flags whose mere presence matters to Helm (Helm 4 warns
/// about the deprecated ones, Helm 3 does not know the Helm 4 ones), even
/// as `--flag=false`: `Option<bool>` fields, `None` when absent.
pub const PRESENCE_FLAGS: &[&str] = &[
    "validate",
    "atomic",
    "force",
    "rollback_on_failure",
    "force_replace",
    "force_conflicts",
];

/// The rest of `helm template`'s flags, accepted for compatibility. Most
/// change nothing in `helm template` output; see COMPATIBILITY.md.
#[derive(Args)]
#[command(next_help_heading = "Helm compatibility")]
pub struct HelmTemplateFlags {
    /// With --output-dir, write manifests under <dir>/<release name>/.
    #[arg(long = "release-name")]
    pub release_name: bool,
    /// No effect on template output (CRDs print only with --include-crds).
    #[arg(long = "skip-crds")]
    pub skip_crds: bool,
    /// Do not validate values against values.schema.json.
    #[arg(long = "skip-schema-validation")]
    pub skip_schema_validation: bool,
    /// Refused with a NAME; otherwise no effect (the name stays `release-name`).
    #[arg(short = 'g', long = "generate-name")]
    pub generate_name: bool,
    /// Name the release with this Go template (Sprig functions, no data).
    #[arg(long = "name-template")]
    pub name_template: Option<String>,
    /// client: no effect; server: refused (needs a cluster).
    #[arg(long = "dry-run", num_args = 0..=1, require_equals = true)]
    pub dry_run: Option<Option<String>>,
    /// Refused: validating needs a cluster.
    #[arg(long)]
    pub validate: Option<bool>,
    /// Pipe the manifests through this executable (--helm3); Helm 4 names a plugin.
    #[arg(long = "post-renderer")]
    pub post_renderer: Option<String>,
    /// An argument to the post-renderer (repeatable).
    #[arg(long = "post-renderer-args")]
    pub post_renderer_args: Vec<String>,
    /// Print Helm's debug lines; on invalid YAML, print the rendered files.
    #[arg(long)]
    pub debug: bool,
    /// Refused when Chart.yaml's dependencies are missing from charts/ (needs the network).
    #[arg(long = "dependency-update")]
    pub dependency_update: bool,
    /// Chart version constraint: ignored for a local chart, as by Helm.
    #[arg(long)]
    pub version: Option<String>,
    /// Needs a packaged chart and its .prov (OpenPGP checks are refused).
    #[arg(long)]
    pub verify: bool,
    /// Refused (Helm 4 fetches the repository's index); no effect with --helm3.
    #[arg(long)]
    pub repo: Option<String>,
    /// Checked as Helm checks it: the file must hold a PEM certificate.
    #[arg(long = "ca-file")]
    pub ca_file: Option<String>,
    /// Wait mode (Helm 4: watcher, hookOnly, legacy); no effect.
    #[arg(long, num_args = 0..=1, require_equals = true)]
    pub wait: Option<Option<String>>,
    /// A Go duration; no effect.
    #[arg(long)]
    pub timeout: Option<String>,
    /// Release labels key=value[,...]; no effect.
    #[arg(short = 'l', long)]
    pub labels: Vec<String>,
    /// An integer; no effect.
    #[arg(long = "burst-limit")]
    pub burst_limit: Option<String>,
    /// A number; no effect.
    #[arg(long)]
    pub qps: Option<String>,
    /// never, auto or always (Helm 4); no effect.
    #[arg(long)]
    pub color: Option<String>,
    /// The same as --color.
    #[arg(long)]
    pub colour: Option<String>,
    /// Helm 4 (default true); no effect.
    #[arg(long = "server-side", num_args = 0..=1, require_equals = true)]
    pub server_side: Option<Option<String>>,
    /// Helm 4 only; no effect.
    #[arg(long = "rollback-on-failure")]
    pub rollback_on_failure: Option<bool>,
    /// Helm 4 only; no effect.
    #[arg(long = "force-replace")]
    pub force_replace: Option<bool>,
    /// Helm 4 only; no effect.
    #[arg(long = "force-conflicts")]
    pub force_conflicts: Option<bool>,
    /// Helm 4 only; no effect.
    #[arg(long = "content-cache")]
    pub content_cache: Option<String>,
    /// Deprecated in Helm 4 (--rollback-on-failure); no effect.
    #[arg(long)]
    pub atomic: Option<bool>,
    /// Deprecated in Helm 4 (--force-replace); no effect.
    #[arg(long)]
    pub force: Option<bool>,
    /// No effect on template output.
    #[arg(long)]
    pub devel: bool,
    /// No effect on template output.
    #[arg(long = "render-subchart-notes")]
    pub render_subchart_notes: bool,
    /// No effect on template output.
    #[arg(long = "hide-notes")]
    pub hide_notes: bool,
    /// No effect on template output.
    #[arg(long)]
    pub description: Option<String>,
    /// No effect on template output.
    #[arg(long = "create-namespace")]
    pub create_namespace: bool,
    /// No effect on template output.
    #[arg(long = "wait-for-jobs")]
    pub wait_for_jobs: bool,
    /// No effect on template output.
    #[arg(long = "take-ownership")]
    pub take_ownership: bool,
    /// No effect on template output.
    #[arg(long)]
    pub replace: bool,
    /// No effect on template output.
    #[arg(long = "disable-openapi-validation")]
    pub disable_openapi_validation: bool,
    /// No effect (we never resolve names: getHostByName gives "").
    #[arg(long = "enable-dns")]
    pub enable_dns: bool,
    /// No effect on template output.
    #[arg(long)]
    pub username: Option<String>,
    /// No effect on template output.
    #[arg(long)]
    pub password: Option<String>,
    /// Checked as Helm checks it (readable PEM); no effect.
    #[arg(long = "cert-file")]
    pub cert_file: Option<String>,
    /// Checked as Helm checks it (readable PEM); no effect.
    #[arg(long = "key-file")]
    pub key_file: Option<String>,
    /// Makes Helm check --cert-file/--key-file/--ca-file; no effect.
    #[arg(long = "insecure-skip-tls-verify")]
    pub insecure_skip_tls_verify: bool,
    /// No effect on template output.
    #[arg(long = "plain-http")]
    pub plain_http: bool,
    /// No effect on template output.
    #[arg(long = "pass-credentials")]
    pub pass_credentials: bool,
    /// No effect on template output.
    #[arg(long)]
    pub keyring: Option<String>,
    /// No effect on template output.
    #[arg(long = "registry-config")]
    pub registry_config: Option<String>,
    /// No effect on template output.
    #[arg(long = "repository-cache")]
    pub repository_cache: Option<String>,
    /// No effect on template output.
    #[arg(long = "repository-config")]
    pub repository_config: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-context")]
    pub kube_context: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long)]
    pub kubeconfig: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-apiserver")]
    pub kube_apiserver: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-as-user")]
    pub kube_as_user: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-as-group")]
    pub kube_as_group: Vec<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-ca-file")]
    pub kube_ca_file: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-insecure-skip-tls-verify")]
    pub kube_insecure_skip_tls_verify: bool,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-tls-server-name")]
    pub kube_tls_server_name: Option<String>,
    /// No effect: we never contact a cluster.
    #[arg(long = "kube-token")]
    pub kube_token: Option<String>,
}

impl HelmTemplateFlags {
    /// The flags the library checks, warns about or refuses.
    fn checked(&self) -> HelmFlags {
        let given = [
            ("rollback-on-failure", self.rollback_on_failure.is_some()),
            ("force-replace", self.force_replace.is_some()),
            ("server-side", self.server_side.is_some()),
            ("force-conflicts", self.force_conflicts.is_some()),
            ("content-cache", self.content_cache.is_some()),
            ("color", self.color.is_some()),
            ("colour", self.colour.is_some()),
            ("atomic", self.atomic.is_some()),
            ("force", self.force.is_some()),
            ("validate", self.validate.is_some()),
        ];
        HelmFlags {
            dry_run: self.dry_run.clone(),
            validate: self.validate == Some(true),
            wait: self.wait.clone(),
            timeout: self.timeout.clone(),
            labels: self.labels.clone(),
            burst_limit: self.burst_limit.clone(),
            qps: self.qps.clone(),
            color: self.colour.clone().or_else(|| self.color.clone()),
            verify: self.verify,
            repo: self.repo.clone(),
            ca_file: self.ca_file.clone(),
            cert_file: self.cert_file.clone(),
            key_file: self.key_file.clone(),
            insecure_skip_tls_verify: self.insecure_skip_tls_verify,
            dependency_update: self.dependency_update,
            server_side: self.server_side.clone().flatten(),
            version_specific: given
                .iter()
                .filter(|(_, on)| *on)
                .map(|(name, _)| *name)
                .collect(),
        }
    }
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

/// Helm's `[NAME] [CHART]`: one argument is the chart, none the embedded
/// chart (released as `deltallm` unless named otherwise).
fn name_and_chart(positional: &[String]) -> (Option<String>, Option<PathBuf>) {
    match positional {
        [] => (None, None),
        [chart] => (None, Some(PathBuf::from(chart))),
        [name, chart, ..] => (Some(name.clone()), Some(PathBuf::from(chart))),
    }
}

pub fn run_template(args: TemplateArgs) -> Result<i32> {
    let (name, chart) = name_and_chart(&args.positional);
    let default_name = match chart {
        None => "deltallm",
        Some(_) => action::release_name::DEFAULT_NAME,
    };
    let helm = &args.helm;
    let req = TemplateRequest {
        output: TemplateOptions {
            include_crds: args.include_crds,
            skip_tests: args.skip_tests,
            no_hooks: args.no_hooks,
            show_only: args.show_only,
            output_dir: args.output_dir,
            use_release_name: helm.release_name,
            helm3: args.helm3,
            ..Default::default()
        },
        skip_schema_validation: helm.skip_schema_validation,
        chart_version: helm.version.clone(),
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
        ..Default::default()
    };
    let namespace = req.namespace.clone();
    // The process exits next: its engine need not be freed piece by piece.
    let cache = std::mem::ManuallyDrop::new(action::EngineCache::default());
    let command = TemplateCommand {
        request: req,
        name: NameRequest {
            name,
            default: default_name.into(),
            generate_name: helm.generate_name,
            name_template: helm.name_template.clone(),
        },
        flags: helm.checked(),
        post_renderer: helm.post_renderer.clone(),
        post_renderer_args: helm.post_renderer_args.clone(),
        debug: helm.debug,
    };
    let mut assembled = action::command::run(command, &cache)?;
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
