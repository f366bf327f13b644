//! The command line: a thin layer of clap definitions over the library.

mod post_render;
mod template;

use clap::{Args, Parser, Subcommand};

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
    Template(template::TemplateArgs),
    /// Print the computed values templates see as .Values.
    #[command(after_help = "Examples:\n  \
        deltallm-render values --profile production\n  \
        deltallm-render values myrelease ./mychart -o json")]
    Values(template::ValuesArgs),
    /// Add checksum annotations to a manifest stream (stdin to stdout), as
    /// a Helm post-renderer.
    #[command(after_help = "Examples:\n  \
        helm template ./chart | deltallm-render post-render --verbose\n  \
        helm install r ./chart --post-renderer $(which deltallm-render) --post-renderer-args post-render   (Helm 3)\n  \
        helm install r ./chart --post-renderer deltallm-checksums   (Helm 4, plugins/helm4-postrenderer)")]
    PostRender(post_render::PostRenderArgs),
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
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Template(args) => template::run_template(args),
        Command::Values(args) => template::run_values(args),
        Command::PostRender(args) => post_render::run_post_render(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Error: {e:#}");
            1
        }
    }
}
