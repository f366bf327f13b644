//! The command line: a thin layer of clap definitions over the library.

mod completion;
mod diff;
mod lint;
mod post_render;
mod snapshot;
mod template;

use clap::{ArgAction, Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "deltallm-render",
    version,
    about = "A Helm-compatible chart renderer that ships the DeltaLLM chart",
    long_about = "Renders Helm charts to the exact bytes `helm template` prints, without Helm.\n\
                  With no CHART argument the DeltaLLM chart compiled into the binary is used."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render chart templates to a manifest stream, like `helm template`.
    #[command(after_help = "Examples:\n  \
        deltallm-render template --profile eval --set secret.values.masterKey=... > manifests.yaml\n  \
        deltallm-render template myrelease ./mychart -f values.yaml -n prod")]
    Template(Box<template::TemplateArgs>),
    /// Print the computed values templates see as .Values.
    #[command(after_help = "Examples:\n  \
        deltallm-render values --profile production\n  \
        deltallm-render values myrelease ./mychart -o json\n  \
        deltallm-render values --explain --profile eval -f mine.yaml --set image.tag=v2")]
    Values(template::ValuesArgs),
    /// Add checksum annotations to a manifest stream (stdin to stdout), as
    /// a Helm post-renderer.
    #[command(after_help = "Examples:\n  \
        helm template ./chart | deltallm-render post-render --verbose\n  \
        helm install r ./chart --post-renderer $(which deltallm-render) --post-renderer-args post-render   (Helm 3)\n  \
        helm install r ./chart --post-renderer deltallm-checksums   (Helm 4, plugins/helm4-postrenderer)")]
    PostRender(post_render::PostRenderArgs),
    /// Render every case of a cases file and compare with the committed snapshots.
    #[command(after_help = "Examples:\n  \
        deltallm-render snapshot                 # (re)write snapshots/<case>.yaml for every case\n  \
        deltallm-render snapshot --check         # CI: exit 1 on drift, missing or orphaned snapshots\n  \
        deltallm-render snapshot --check --case eval --cases snapshots/cases.yaml\n\n\
        Exit status: 0 all snapshots match (or were written), 1 drift or failure, 2 error.")]
    Snapshot(snapshot::SnapshotArgs),
    /// Compare two manifest streams resource by resource.
    #[command(after_help = "Examples:\n  \
        deltallm-render diff before.yaml after.yaml\n  \
        deltallm-render template --profile eval --set ... | deltallm-render diff snapshots/eval.yaml -\n  \
        deltallm-render diff old.yaml new.yaml -o json\n\n\
        Secret data/stringData values are masked. Colour only on a terminal and never with NO_COLOR.\n\
        Exit status: 0 equal, 1 different, 2 error.")]
    Diff(diff::DiffArgs),
    /// Check a chart and its values: Helm's lint, schema, refusals and Kubernetes rules.
    #[command(after_help = "Examples:\n  \
        deltallm-render lint --profile eval --set secret.values.masterKey=... --set secret.values.saltKey=...\n  \
        deltallm-render lint myrelease ./mychart -f values.yaml -o json\n\n\
        Exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 error running lint.")]
    Lint(lint::LintArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:\n  \
        deltallm-render completion bash > /etc/bash_completion.d/deltallm-render\n  \
        deltallm-render completion zsh > \"${fpath[1]}/_deltallm-render\"\n  \
        deltallm-render completion fish > ~/.config/fish/completions/deltallm-render.fish")]
    Completion(completion::CompletionArgs),
}

/// The value flags shared by every command that computes values.
#[derive(Args, Clone, Default)]
pub struct ValueFlags {
    /// A value profile: a file path, or NAME for profiles/NAME.yaml beside the chart.
    #[arg(long)]
    pub profile: Option<String>,
    /// Values files, applied in order after the profile (`-` reads stdin).
    #[arg(short = 'f', long = "values")]
    pub values: Vec<String>,
    /// Set values (key1=val1,key2=val2).
    #[arg(long)]
    pub set: Vec<String>,
    /// Set STRING values.
    #[arg(long = "set-string")]
    pub set_string: Vec<String>,
    /// Set values from files (key=path).
    #[arg(long = "set-file")]
    pub set_file: Vec<String>,
    /// Set JSON values (key=json).
    #[arg(long = "set-json")]
    pub set_json: Vec<String>,
    /// Set literal STRING values, taken verbatim.
    #[arg(long = "set-literal")]
    pub set_literal: Vec<String>,
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let command = Cli::command().mut_subcommand("template", go_boolean_flags);
    let cli = Cli::from_arg_matches(&command.get_matches()).unwrap_or_else(|e| e.exit());
    let result = match cli.command {
        Command::Template(args) => template::run_template(*args),
        Command::Values(args) => template::run_values(args),
        Command::PostRender(args) => post_render::run_post_render(args),
        Command::Snapshot(args) => return exit2(snapshot::run(args)),
        Command::Diff(args) => return exit2(diff::run(args)),
        Command::Lint(args) => return exit2(lint::run(args)),
        Command::Completion(args) => completion::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            1
        }
    }
}

/// An error as Helm prints it: what it had logged on stderr and printed on
/// stdout first, then `Error: <message>` (no such line when Helm 4 only
/// logs the failure).
fn print_error(e: &anyhow::Error) {
    use std::io::Write as _;
    match e.downcast_ref::<crate::release::HelmError>() {
        Some(helm) => {
            eprint!("{}", helm.stderr);
            let _ = std::io::stdout().write_all(helm.stdout.as_bytes());
            if !helm.message.is_empty() {
                eprintln!("Error: {}", helm.message);
            }
        }
        None => eprintln!("Error: {e:#}"),
    }
}

/// Helm's boolean flags also take `--flag=VALUE`, read by Go's
/// `strconv.ParseBool` (`--include-crds=false`); so do `template`'s.
fn go_boolean_flags(command: clap::Command) -> clap::Command {
    command.mut_args(|arg| {
        let presence = template::PRESENCE_FLAGS.contains(&arg.get_id().as_str());
        if !presence && !matches!(arg.get_action(), ArgAction::SetTrue) {
            return arg;
        }
        let arg = if presence {
            arg
        } else {
            arg.default_value("false").hide_default_value(true)
        };
        arg.action(ArgAction::Set)
            .num_args(0..=1)
            .require_equals(true)
            .default_missing_value("true")
            .value_name("BOOL")
            .value_parser(|value: &str| {
                crate::action::flags::parse_go_bool(value)
                    .ok_or_else(|| format!("strconv.ParseBool: parsing {value:?}: invalid syntax"))
            })
    })
}

/// Commands whose 1 means "found a difference": their own errors exit 2.
fn exit2(result: anyhow::Result<i32>) -> i32 {
    result.unwrap_or_else(|e| {
        eprintln!("Error: {e:#}");
        2
    })
}

/// Colour on stdout: only on a terminal, and never with `NO_COLOR` set.
fn colour_stdout() -> bool {
    use std::io::IsTerminal as _;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
