//! What the in-process benchmarks share: the eval request and a timer.

use std::time::{Duration, Instant};

use deltallm_render::action::TemplateRequest;
use deltallm_render::values::layers::ValueOptions;

/// The binary's allocator (`src/main.rs`), so that timings are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The README's eval render: `template --profile eval` with both keys set.
pub fn eval_request() -> TemplateRequest {
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
pub fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration, Duration) {
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
