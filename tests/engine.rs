//! The engine against real Helm: every `tests/engine-cases/*.tpl` rendered
//! by `render_snippet` must equal what helm 4 (and, where recorded apart,
//! helm 3) printed. Goldens come from `scripts/record-engine-goldens.sh`.

use std::fs;
use std::path::Path;

use deltallm_render::engine::{HelmCompat, render_snippet_compat};
use deltallm_render::values::yaml::parse_values;

fn expected(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).unwrap();
    let (status, rest) = text.split_once('\n').unwrap();
    match status {
        "ok" => Ok(rest.to_owned()),
        _ => Err(rest.trim_end_matches('\n').to_owned()),
    }
}

fn run(style: HelmCompat, suffix: &str) {
    let cases = Path::new("tests/engine-cases");
    let values_src = fs::read_to_string(cases.join("values.yaml")).unwrap();
    let values = parse_values("values.yaml", &values_src).unwrap();
    let mut names: Vec<_> = fs::read_dir(cases)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tpl"))
        .collect();
    names.sort();
    let (mut passed, mut failed) = (0, Vec::new());
    for case in &names {
        let name = case.file_stem().unwrap().to_str().unwrap();
        let golden = Path::new("tests/goldens/engine").join(format!("{name}.{suffix}.out"));
        let want = expected(&golden);
        let got = render_snippet_compat(&fs::read_to_string(case).unwrap(), &values, style)
            .map_err(|e| format!("Error: {e}"));
        if got == want {
            passed += 1;
        } else {
            failed.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    println!("{suffix}: {passed} passed, {} failed", failed.len());
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from {suffix}:\n{}",
        failed.len(),
        names.len(),
        failed.join("\n")
    );
}

#[test]
fn engine_matches_helm4() {
    run(HelmCompat::Helm4, "helm4");
}

#[test]
fn engine_matches_helm3() {
    run(HelmCompat::Helm3, "helm3");
}
