//! `snapshot`: render every case of a cases file and compare with (or
//! write) the committed snapshots.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use clap::Args;

use crate::snapshot::{self, Mode, Outcome};

#[derive(Args)]
pub struct SnapshotArgs {
    /// The cases file; snapshots live beside it as `<case>.yaml`.
    #[arg(long, default_value = "snapshots/cases.yaml")]
    pub cases: PathBuf,
    /// Directory of the snapshot files (default: the cases file's directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Compare with the committed snapshots and write nothing; exit 1 on
    /// drift, on a case without a snapshot, or on a snapshot without a case.
    #[arg(long, conflicts_with = "update")]
    pub check: bool,
    /// Rewrite every snapshot and delete snapshot files no case produces
    /// (also what a bare `snapshot` does).
    #[arg(long)]
    pub update: bool,
    /// Only these cases (orphaned snapshot files are then not looked for).
    #[arg(long = "case")]
    pub only: Vec<String>,
    /// Render threads (default: one per core).
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
}

pub fn run(args: SnapshotArgs) -> Result<i32> {
    let start = Instant::now();
    let mut cases = snapshot::read_cases(&args.cases)?;
    if !args.only.is_empty() {
        if let Some(unknown) = args
            .only
            .iter()
            .find(|n| !cases.iter().any(|c| &c.name == *n))
        {
            anyhow::bail!("no case named {unknown:?} in {}", args.cases.display());
        }
        cases.retain(|c| args.only.contains(&c.name));
    }
    let dir = args.dir.clone().unwrap_or_else(|| {
        args.cases
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    });
    let mode = if args.check {
        Mode::Check
    } else {
        Mode::Update
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let colour = super::colour_stdout();
    let mut results = snapshot::run(&cases, &dir, &args.cases, mode, jobs, colour)?;
    if !args.only.is_empty() {
        results.retain(|(_, o)| !matches!(o, Outcome::Orphan | Outcome::Removed));
    }
    let mut failures = 0;
    let mut written = 0;
    for (name, outcome) in &results {
        match outcome {
            Outcome::Same => {}
            Outcome::Written => {
                written += 1;
                println!("wrote    {}", dir.join(format!("{name}.yaml")).display());
            }
            Outcome::Removed => println!(
                "removed  {} (no case renders it)",
                dir.join(format!("{name}.yaml")).display()
            ),
            Outcome::Drift(report) => {
                println!(
                    "drift    {name}: rendered output differs from {}",
                    dir.join(format!("{name}.yaml")).display()
                );
                for line in report.lines() {
                    println!("    {line}");
                }
            }
            Outcome::Missing => println!(
                "missing  {name}: no committed snapshot {}",
                dir.join(format!("{name}.yaml")).display()
            ),
            Outcome::Orphan => println!(
                "orphan   {}: no case named {name:?} in {}",
                dir.join(format!("{name}.yaml")).display(),
                args.cases.display()
            ),
            Outcome::Failed(e) => eprintln!("failed   {name}: {e}"),
        }
        if outcome.is_failure() {
            failures += 1;
        }
    }
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    let verb = if mode == Mode::Check {
        "checked"
    } else {
        "rendered"
    };
    eprintln!(
        "{verb} {} case(s) in {elapsed:.0} ms on {jobs} thread(s): {failures} failure(s){}",
        cases.len(),
        if mode == Mode::Update {
            format!(", {written} written")
        } else {
            String::new()
        }
    );
    if failures > 0 && mode == Mode::Check {
        eprintln!(
            "snapshots are out of date: review the drift above, then run `deltallm-render snapshot --update`"
        );
    }
    Ok(if failures > 0 { 1 } else { 0 })
}
