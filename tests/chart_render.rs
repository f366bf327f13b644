//! The DeltaLLM chart rendered by deltallm-render against what real Helm
//! rendered for every case of `tests/chart-cases/cases.yaml` (goldens from
//! `scripts/record-chart-goldens.sh`): byte-identical output, and the same
//! refusal where Helm refuses.

use std::fs;
use std::path::{Path, PathBuf};

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::engine::HelmCompat;
use deltallm_render::release::{Output, TemplateOptions};
use deltallm_render::values::Value;
use deltallm_render::values::layers::ValueOptions;
use deltallm_render::values::yaml::parse_document;

fn strings(case: &Value, key: &str) -> Vec<String> {
    match case.as_map().and_then(|m| m.get(key)) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn string(case: &Value, key: &str) -> Option<String> {
    case.as_map()
        .and_then(|m| m.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// Cases that still differ from Helm, each for a reason being worked on; the
/// test fails if one of them starts to match (so the list shrinks) or if
/// any other case differs.
const KNOWN_DIVERGENCES: &[(&str, &str)] = &[];

fn run(compat: HelmCompat, suffix: &str) {
    let src = fs::read_to_string("tests/chart-cases/cases.yaml").unwrap();
    let Value::List(cases) = parse_document("cases.yaml", &src).unwrap() else {
        panic!("cases.yaml holds a list")
    };
    let (mut passed, mut failed) = (0, Vec::new());
    for case in &cases {
        let name = string(case, "name").unwrap();
        let release_name = string(case, "release").unwrap_or_else(|| "deltallm".into());
        let req = TemplateRequest {
            release_name: release_name.clone(),
            chart: Some(PathBuf::from("chart")),
            values: ValueOptions {
                profile: string(case, "profile").filter(|p| p != "none"),
                values_files: strings(case, "values")
                    .iter()
                    .map(|v| format!("tests/chart-cases/{v}"))
                    .collect(),
                set: strings(case, "set"),
                set_string: strings(case, "setString"),
                ..Default::default()
            },
            namespace: string(case, "namespace").unwrap_or_else(|| "deltallm".into()),
            kube_version: string(case, "kubeVersion"),
            compat,
            output: TemplateOptions {
                release_name,
                helm3: compat == HelmCompat::Helm3,
                ..Default::default()
            },
            ..Default::default()
        };
        let golden = Path::new("tests/goldens/chart");
        let got = action::template(&req).map(|a| match a.output {
            Output::Stream(s) => s,
            Output::Files { .. } => unreachable!(),
        });
        let ok = match (string(case, "expectError"), &got) {
            (Some(_), Err(e)) => {
                // Helm's whole stderr: the error and, for one met while
                // rendering, the hint to use --debug.
                let want = fs::read_to_string(golden.join(format!("{name}.{suffix}.err"))).unwrap();
                want.trim_end() == format!("Error: {e:#}").trim_end()
            }
            (None, Ok(out)) => {
                *out == fs::read_to_string(golden.join(format!("{name}.{suffix}.yaml"))).unwrap()
            }
            _ => false,
        };
        let known = KNOWN_DIVERGENCES.contains(&(name.as_str(), suffix));
        if ok && known {
            failed.push(format!(
                "{name}: now matches Helm; remove it from KNOWN_DIVERGENCES"
            ));
        } else if ok || known {
            passed += usize::from(ok);
        } else {
            failed.push(format!(
                "{name}: {:?}",
                got.map(|s| s.len()).map_err(|e| format!("{e:#}"))
            ));
        }
    }
    println!(
        "chart cases vs {suffix}: {passed} byte-identical, {} known divergences, {} unexpected",
        KNOWN_DIVERGENCES
            .iter()
            .filter(|(_, v)| *v == suffix)
            .count(),
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "differ from {suffix}:\n{}",
        failed.join("\n")
    );
}

#[test]
fn deltallm_chart_matches_helm4() {
    run(HelmCompat::Helm4, "helm4");
}

#[test]
fn deltallm_chart_matches_helm3() {
    run(HelmCompat::Helm3, "helm3");
}
