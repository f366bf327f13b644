//! How long the checksum pass takes over the DeltaLLM chart's eval output
//! (`template --profile eval --no-checksums`, the acceptance
//! figure), measured in process so start-up and I/O do not drown it.
//!
//! `cargo bench --bench postrender` (`RUNS=n` to change the run count).

use std::time::{Duration, Instant};

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::postrender::{self, Options, Reader};
use deltallm_render::release::Output;
use deltallm_render::values::layers::ValueOptions;

fn eval_request() -> TemplateRequest {
    TemplateRequest {
        release_name: "deltallm".into(),
        namespace: "default".into(),
        values: ValueOptions {
            profile: Some("eval".into()),
            set: vec![
                "secret.values.masterKey=StrongMasterKey2026SecureValue99".into(),
                "secret.values.saltKey=unique-salt-2026".into(),
            ],
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Mean, median and fastest of `runs` calls of `f`, after a warm-up.
fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration, Duration) {
    for _ in 0..runs / 10 + 1 {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs as u32;
    (mean, times[runs / 2], times[0])
}

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
