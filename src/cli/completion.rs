//! `completion SHELL`: shell completion scripts, generated from the clap
//! definitions so they never drift from the real flags.

use anyhow::Result;
use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;

#[derive(Clone, Copy, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Args)]
pub struct CompletionArgs {
    /// The shell to generate completions for.
    pub shell: CompletionShell,
}

pub fn run(args: CompletionArgs) -> Result<i32> {
    let shell = match args.shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut cmd = super::Cli::command();
    clap_complete::generate(shell, &mut cmd, "deltallm-render", &mut std::io::stdout());
    Ok(0)
}
