//! How long the checksum pass takes over the DeltaLLM chart's eval output
//! (`template --profile eval --no-checksums`, the acceptance
//! figure), measured in process so start-up and I/O do not drown it.
//!
//! `cargo bench --bench postrender` (`RUNS=n` to change the run count).

mod common;

use common::{eval_request, measure};
use deltallm_render::action;
use deltallm_render::postrender::{self, Options, Reader};
use deltallm_render::release::Output;

fn main() {
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2000);
    let req = eval_request();
    let stream = match action::template(&req).expect("render").output {
        Output::Stream(s) => s,
        Output::Files { .. } => unreachable!("no --output-dir"),
    };
    let (render, _, _) = measure(runs / 20 + 1, || {
        action::template(&req).expect("render");
    });
    println!(
        "DeltaLLM eval output: {} bytes; whole render (without the pass) {:.2} ms",
        stream.len(),
        render.as_secs_f64() * 1e3
    );
    for reader in [Reader::Fast, Reader::Full] {
        let opts = Options {
            namespace: req.namespace.clone(),
            reader,
        };
        let (mean, median, min) = measure(runs, || {
            postrender::apply(&stream, &opts).expect("pass");
        });
        println!(
            "checksum pass, {reader:?} reader, {runs} runs: median {:.1} µs, mean {:.1} µs, min {:.1} µs ({:.2}% of the render)",
            median.as_secs_f64() * 1e6,
            mean.as_secs_f64() * 1e6,
            min.as_secs_f64() * 1e6,
            100.0 * median.as_secs_f64() / render.as_secs_f64(),
        );
    }
}
