//! `post-render`: the checksum pass as a filter, stdin to stdout, in the
//! shape Helm's post-renderers take (Helm 3's `--post-renderer` executable,
//! Helm 4's `postrenderer/v1` plugin in `plugins/helm4-postrenderer/`).

use std::io::{Read as _, Write as _};

use anyhow::{Context as _, Result};
use clap::Args;

use crate::postrender::{self, Options, Report};

#[derive(Args)]
pub struct PostRenderArgs {
    /// Namespace of objects that do not write one (the release namespace).
    /// Default: $HELM_NAMESPACE (set for Helm plugins), else `default`.
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// List references to ConfigMaps and Secrets that are not in the stream
    /// (and so are not covered) on stderr.
    #[arg(short = 'v', long)]
    pub verbose: bool,
}

/// Prints `--verbose` findings on stderr.
pub fn report(verbose: bool, r: &Report) {
    if verbose {
        eprintln!("checksums: {} pod template(s) annotated", r.annotated);
        for s in &r.skipped {
            eprintln!("checksums: skipped {s}");
        }
    }
}

pub fn run_post_render(args: PostRenderArgs) -> Result<i32> {
    let namespace = args
        .namespace
        .or_else(|| {
            std::env::var("HELM_NAMESPACE")
                .ok()
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| "default".into());
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("reading the manifest stream from stdin")?;
    let (out, r) = postrender::apply(
        &input,
        &Options {
            namespace,
            ..Default::default()
        },
    )?;
    report(args.verbose, &r);
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(0)
}

/// `template`'s default: the pass over what it prints, or over the files
/// of `--output-dir` taken together as one stream.
pub fn checksums(output: &mut crate::release::Output, namespace: &str) -> Result<()> {
    use crate::release::Output;
    let opts = Options {
        namespace: namespace.to_string(),
        ..Default::default()
    };
    match output {
        Output::Stream(s) => {
            let (out, _) = postrender::apply(s, &opts)?;
            *s = out;
        }
        Output::Files { files, .. } => {
            let labels: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
            let texts: Vec<(&str, &str)> = labels
                .iter()
                .zip(files.iter())
                .map(|(l, f)| (l.as_str(), f.content.as_str()))
                .collect();
            let (outs, _) = postrender::apply_many(&texts, &opts)?;
            for (f, o) in files.iter_mut().zip(outs) {
                f.content = o;
            }
        }
    }
    Ok(())
}
