//! `diff A B`: resource-aware comparison of two manifest streams.

use std::io::Read as _;

use anyhow::{Context as _, Result};
use clap::Args;

#[derive(Args)]
pub struct DiffArgs {
    /// The old manifest stream: a file, or `-` for stdin.
    pub old: String,
    /// The new manifest stream: a file, or `-` for stdin.
    pub new: String,
    /// Output format: text or json.
    #[arg(short = 'o', long, default_value = "text")]
    pub output: String,
}

fn read(path: &str) -> Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading stdin")?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
}

/// 0 equal, 1 different; errors become 2 in [`super::run`].
pub fn run(args: DiffArgs) -> Result<i32> {
    if args.old == "-" && args.new == "-" {
        anyhow::bail!("only one side can be read from stdin");
    }
    if !matches!(args.output.as_str(), "text" | "json") {
        anyhow::bail!("unknown output format {:?}: use text or json", args.output);
    }
    let a = read(&args.old)?;
    let b = read(&args.new)?;
    let report =
        crate::diff::diff_streams(&args.old, &a, &args.new, &b).map_err(anyhow::Error::msg)?;
    let text = match args.output.as_str() {
        "json" => crate::diff::render_json(&report),
        _ => crate::diff::render_text(&report, super::colour_stdout()),
    };
    print!("{text}");
    Ok(if report.is_equal() { 0 } else { 1 })
}
