//! `--kube-version` against real Helm: every version of
//! tests/kube-version-cases/versions.txt, rendered with the probe chart
//! (all of `.Capabilities.KubeVersion`) and the constrained chart
//! (`kubeVersion: ">=1.2.3"`), must give what helm 3 (with `--helm3`) and
//! helm 4 gave (goldens from scripts/record-kube-version-goldens.sh).

use std::fs;
use std::path::PathBuf;

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::engine::HelmCompat;
use deltallm_render::release::{Output, TemplateOptions};

const CASES: &str = "tests/kube-version-cases";

/// One case in the golden's layout: header, exit code, stdout or error.
fn render(chart: &str, version: &str, compat: HelmCompat) -> String {
    let req = TemplateRequest {
        release_name: "r".into(),
        chart: Some(PathBuf::from(CASES).join(chart)),
        namespace: "default".into(),
        kube_version: Some(version.to_owned()),
        compat,
        output: TemplateOptions {
            release_name: "r".into(),
            helm3: compat == HelmCompat::Helm3,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut out = format!("### {chart} |{version}|\n");
    match action::template(&req) {
        Ok(assembled) => {
            let Output::Stream(stream) = assembled.output else {
                panic!("a stream without --output-dir");
            };
            out.push_str("exit 0\n");
            out.push_str(stream.trim_end_matches('\n'));
            out.push('\n');
        }
        // The recording keeps Helm's error up to the --debug hint.
        Err(e) => {
            let e = format!("{e:#}");
            let block = e.split("\n\n").next().unwrap_or_default();
            out.push_str(&format!("exit 1\nError: {block}\n"))
        }
    }
    out
}

fn run(compat: HelmCompat, golden: &str) {
    let versions = fs::read_to_string(format!("{CASES}/versions.txt")).unwrap();
    let want = fs::read_to_string(format!("tests/goldens/kube-version/{golden}")).unwrap();
    let want_cases: Vec<&str> = want.split_inclusive('\n').collect();
    let mut got = String::new();
    let mut count = 0;
    for line in versions.lines().filter(|l| !l.starts_with('#')) {
        let version = &line[1..line.len() - 1];
        for chart in ["probe", "constrained"] {
            got.push_str(&render(chart, version, compat));
            count += 1;
        }
    }
    let mismatches: Vec<String> = split_cases(&want)
        .into_iter()
        .zip(split_cases(&got))
        .filter(|(w, g)| w != g)
        .map(|(w, g)| format!("want:\n{w}got:\n{g}"))
        .collect();
    assert!(!want_cases.is_empty());
    assert!(
        mismatches.is_empty() && got == want,
        "{} of {count} cases differ from {golden}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    println!("{golden}: {count} cases match");
}

fn split_cases(text: &str) -> Vec<String> {
    let mut cases: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("### ") || cases.is_empty() {
            cases.push(String::new());
        }
        cases.last_mut().unwrap().push_str(line);
    }
    cases
}

#[test]
fn kube_version_matches_helm4() {
    run(HelmCompat::Helm4, "helm4.out");
}

#[test]
fn kube_version_matches_helm3() {
    run(HelmCompat::Helm3, "helm3.out");
}
