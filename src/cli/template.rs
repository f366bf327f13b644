//! `template` and `values`.

use clap::Args;

use super::ValueFlags;

#[derive(Args)]
pub struct TemplateArgs {
    /// Release name, then chart (a directory or .tgz; default: the embedded DeltaLLM chart).
    #[arg(num_args = 0..=2)]
    pub positional: Vec<String>,
    #[command(flatten)]
    pub values: ValueFlags,
}

#[derive(Args)]
pub struct ValuesArgs {
    #[arg(num_args = 0..=2)]
    pub positional: Vec<String>,
    #[command(flatten)]
    pub values: ValueFlags,
}

pub fn run_template(_args: TemplateArgs) -> anyhow::Result<i32> {
    anyhow::bail!("template: not wired yet")
}

pub fn run_values(_args: ValuesArgs) -> anyhow::Result<i32> {
    anyhow::bail!("values: not wired yet")
}
