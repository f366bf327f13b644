//! Where an eval render's time goes, in process: the whole render as the
//! CLI runs it, against the same render with every template already
//! compiled (an engine kept from an earlier render). The second figure is
//! the least any render can cost while minijinja executes the templates: a
//! compile cache kept between runs could save the difference and no more.
//! Process start-up comes on top (`scripts/bench.sh` times `--version`).
//!
//! `cargo bench --bench render` (`RUNS=n` to change the run count).

mod common;

use common::{eval_request, measure};
use deltallm_render::action::{self, EngineCache};

fn main() {
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let req = eval_request();
    let (_, cold, _) = measure(runs, || {
        action::template_cached(&req, &EngineCache::default()).expect("render");
    });
    let cache = EngineCache::default();
    let (_, warm, _) = measure(runs, || {
        action::template_cached(&req, &cache).expect("render");
    });
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!(
        "eval render in process, median of {runs}: {:.2} ms; with every template compiled already: {:.2} ms ({:.0}% of it)",
        ms(cold),
        ms(warm),
        100.0 * warm.as_secs_f64() / cold.as_secs_f64()
    );
}
