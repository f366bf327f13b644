//! Differential suite for value computation: every case of
//! tests/values-cases/ was run through `helm template` by Helm 3 and Helm 4
//! (`scripts/record-values-goldens.sh`), whose probe templates print each
//! chart's `.Values` as typed leaf lines. We compute the same with our
//! library and require identical lines (values and Go types) for the top
//! chart and every enabled subchart, and a failure wherever Helm failed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deltallm_render::values::layers::{ValueOptions, compute};
use deltallm_render::values::typed::typed_lines;

/// Known, deliberate divergences: (case, helm major). Helm 4 treats the
/// wrapped EOF of an unclosed `a[0` as the end of input; we keep Helm 3's
/// error, the stricter reading.
const KNOWN: &[(&str, u8)] = &[("set_index_unclosed", 4)];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one golden says: failure, or the typed lines per chart path.
enum Golden {
    Failed(String),
    Rendered(BTreeMap<String, String>),
}

fn read_golden(path: &Path) -> Golden {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (head, rest) = text.split_once("\n=== stdout\n").expect("golden header");
    let (stdout, stderr) = rest.split_once("=== stderr\n").expect("golden stderr");
    if head.trim() != "=== exit 0" {
        return Golden::Failed(stderr.trim().to_string());
    }
    let mut charts = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(template) = line.strip_prefix("# probe: ") {
            let chart = template
                .trim_end_matches("/templates/probe.yaml")
                .split("/charts/")
                .collect::<Vec<_>>()
                .join(".");
            charts.insert(chart.clone(), String::new());
            current = Some(chart);
        } else if let (Some(leaf), Some(chart)) = (line.strip_prefix("# "), &current)
            && !leaf.starts_with("json: ")
            && !leaf.starts_with("Source: ")
        {
            let lines = charts.get_mut(chart).expect("section");
            lines.push_str(leaf);
            lines.push('\n');
        }
    }
    Golden::Rendered(charts)
}

/// Turns a case's `flags` (one argument per line) into our options, the way
/// our CLI reads them (`-f a,b` is a list, as in Helm's flag parsing).
fn options(case: &Path) -> ValueOptions {
    let text = std::fs::read_to_string(case.join("flags")).expect("flags");
    let mut args = text.lines().map(str::to_string);
    let mut o = ValueOptions::default();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let value = inline.or_else(|| args.next()).expect("flag value");
        match flag.as_str() {
            "-f" | "--values" => o.values_files.extend(value.split(',').map(|p| match p {
                // The recorder pipes the case's `stdin` file into Helm.
                "-" => case.join("stdin").display().to_string(),
                p => case.join(p).display().to_string(),
            })),
            "--profile" if value.contains('/') => {
                o.profile = Some(case.join(value).display().to_string())
            }
            "--profile" => o.profile = Some(value),
            "--set" => o.set.push(value),
            "--set-string" => o.set_string.push(value),
            "--set-file" => o.set_file.push(value),
            "--set-json" => o.set_json.push(value),
            "--set-literal" => o.set_literal.push(value),
            other => panic!("{}: unsupported flag {other}", case.display()),
        }
    }
    o
}

fn chart_dir(case: &Path) -> PathBuf {
    if case.join("chart").is_dir() {
        return case.join("chart");
    }
    let name = std::fs::read_to_string(case.join("chart")).expect("chart ref");
    root().join("tests/values-cases/_charts").join(name.trim())
}

/// Our side: typed lines per chart path, or the error.
fn ours(case: &Path, major: u8) -> Result<BTreeMap<String, String>, String> {
    let dir = chart_dir(case);
    let chart = deltallm_render::chart::load(&dir).map_err(|e| format!("load: {e:#}"))?;
    let opts = ValueOptions {
        helm3: major == 3,
        ..options(case)
    };
    // `--set-file` paths are relative to where Helm ran: the case directory.
    std::env::set_current_dir(case).expect("cd case");
    let computed = compute(&chart, &opts, Some(&dir)).map_err(|e| format!("{e:#}"))?;
    let mut out = BTreeMap::from([(chart.metadata.name.clone(), typed_lines(&computed.values))]);
    for (path, values) in &computed.subcharts {
        out.insert(path.clone(), typed_lines(values));
    }
    Ok(out)
}

#[test]
fn values_match_helm() {
    let cases_dir = root().join("tests/values-cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("_charts"))
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut passed = [0usize; 2];
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        for (i, major) in [3u8, 4].into_iter().enumerate() {
            let ours = ours(case, major);
            let golden =
                read_golden(&root().join(format!("tests/goldens/values/{name}.helm{major}.out")));
            let verdict = match (&golden, &ours) {
                (Golden::Failed(_), Err(_)) => Ok(()),
                (Golden::Failed(helm), Ok(_)) => {
                    Err(format!("helm failed, we did not:\n  helm: {helm}"))
                }
                (Golden::Rendered(_), Err(e)) => {
                    Err(format!("we failed, helm did not:\n  ours: {e}"))
                }
                (Golden::Rendered(want), Ok(got)) if want == got => Ok(()),
                (Golden::Rendered(want), Ok(got)) => Err(diff(want, got)),
            };
            if let (Golden::Failed(helm), Err(e)) = (&golden, &ours) {
                println!("{name} (helm{major}) both fail:\n  helm: {helm}\n  ours: {e}");
            }
            match verdict {
                Ok(()) => passed[i] += 1,
                Err(_) if KNOWN.contains(&(name.as_str(), major)) => {
                    println!("{name} (helm{major}): known divergence")
                }
                Err(why) => failures.push(format!("{name} (helm{major}): {why}")),
            }
        }
    }
    println!(
        "values_diff: helm3 {}/{n} passed, helm4 {}/{n} passed",
        passed[0],
        passed[1],
        n = cases.len()
    );
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn diff(want: &BTreeMap<String, String>, got: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for chart in want
        .keys()
        .chain(got.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (w, g) = (want.get(chart), got.get(chart));
        if w != g {
            out.push_str(&format!(
                "\n  chart {chart}:\n  helm:\n{}\n  ours:\n{}",
                w.map_or("  (not rendered)", |s| s),
                g.map_or("  (not rendered)", |s| s)
            ));
        }
    }
    out
}
