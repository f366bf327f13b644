//! values.schema.json validation against real Helm: every case of
//! `tests/schema-cases/cases.yaml` becomes a small chart (built here as
//! `scripts/record-schema-goldens.sh` builds it) and `template` must refuse
//! it with Helm 3's and Helm 4's exact text, or render what Helm renders.

use std::fs;
use std::path::{Path, PathBuf};

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::engine::HelmCompat;
use deltallm_render::release::{Output, TemplateOptions};
use deltallm_render::values::Value;
use deltallm_render::values::layers::ValueOptions;
use deltallm_render::values::yaml::parse_document;

const GOLDENS: &str = "tests/goldens/schema";
const TEMPLATE: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: schemacase\n";

/// Cases that still differ from Helm, with the reason; each must still
/// differ, so a fix is noticed and the entry removed.
const KNOWN_DIVERGENCES: &[(&str, &str, &str)] = &[];

fn field<'a>(case: &'a Value, key: &str) -> Option<&'a Value> {
    case.as_map().and_then(|m| m.get(key))
}

fn text(case: &Value, key: &str) -> String {
    field(case, key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn strings(case: &Value, key: &str) -> Vec<String> {
    match field(case, key) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn write_chart(dir: &Path, name: &str, spec: &Value) {
    fs::create_dir_all(dir.join("templates")).unwrap();
    let chart = format!("apiVersion: v2\nname: {name}\nversion: 0.1.0\n");
    fs::write(dir.join("Chart.yaml"), chart).unwrap();
    fs::write(dir.join("values.yaml"), text(spec, "values")).unwrap();
    fs::write(dir.join("values.schema.json"), text(spec, "schema")).unwrap();
    fs::write(dir.join("templates/cm.yaml"), TEMPLATE).unwrap();
}

/// Helm's error with each chart's items sorted (see the recorder).
fn sort_items(err: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut items: Vec<Vec<&str>> = Vec::new();
    let flush = |items: &mut Vec<Vec<&str>>, out: &mut Vec<String>| {
        items.sort();
        out.extend(items.drain(..).flatten().map(str::to_owned));
    };
    for line in err.split('\n') {
        if line.starts_with("- ") {
            items.push(vec![line]);
        } else if line.starts_with("  ") && !items.is_empty() {
            items.last_mut().unwrap().push(line);
        } else {
            flush(&mut items, &mut out);
            out.push(line.to_owned());
        }
    }
    flush(&mut items, &mut out);
    out.join("\n")
}

fn run(compat: HelmCompat, suffix: &str) {
    let src = fs::read_to_string("tests/schema-cases/cases.yaml").unwrap();
    let Value::List(cases) = parse_document("cases.yaml", &src).unwrap() else {
        panic!("cases.yaml holds a list")
    };
    let root = std::env::temp_dir().join(format!("schema-cases-{}-{suffix}", std::process::id()));
    let (mut passed, mut failed) = (0, Vec::new());
    for case in &cases {
        let name = text(case, "name");
        let dir = root.join(&name);
        write_chart(&dir, "schemacase", case);
        if let Some(sub) = field(case, "sub") {
            write_chart(&dir.join("charts/sub"), "sub", sub);
        }
        let req = TemplateRequest {
            release_name: "schemacase".into(),
            chart: Some(PathBuf::from(&dir)),
            values: ValueOptions {
                set: strings(case, "set"),
                set_string: strings(case, "setString"),
                ..Default::default()
            },
            namespace: "default".into(),
            compat,
            output: TemplateOptions {
                release_name: "schemacase".into(),
                helm3: compat == HelmCompat::Helm3,
                ..Default::default()
            },
            ..Default::default()
        };
        let got = action::template(&req).map(|a| match a.output {
            Output::Stream(s) => s,
            Output::Files { .. } => unreachable!(),
        });
        let golden = Path::new(GOLDENS).join(format!("{name}.{suffix}"));
        let (want, have) = match (
            &got,
            fs::read_to_string(golden.with_extension(format!("{suffix}.err"))),
        ) {
            (_, Ok(err)) => {
                // Helm's error runs to the first blank line.
                let want = err
                    .split("\n\n")
                    .next()
                    .unwrap_or_default()
                    .trim_end()
                    .to_owned();
                let have = match &got {
                    Ok(_) => "(rendered)".to_owned(),
                    Err(e) => format!("Error: {e:#}").trim_end().to_owned(),
                };
                if field(case, "unordered").is_some() {
                    (sort_items(&want), sort_items(&have))
                } else {
                    (want, have)
                }
            }
            (Ok(out), Err(_)) => (
                fs::read_to_string(golden.with_extension(format!("{suffix}.yaml"))).unwrap(),
                out.clone(),
            ),
            (Err(e), Err(_)) => ("(renders)".to_owned(), format!("Error: {e:#}")),
        };
        let ok = want == have;
        let known = KNOWN_DIVERGENCES
            .iter()
            .any(|(n, v, _)| *n == name && *v == suffix);
        match (ok, known) {
            (true, true) => failed.push(format!(
                "{name}: now matches Helm; remove it from KNOWN_DIVERGENCES"
            )),
            (true, false) => passed += 1,
            (false, true) => {}
            (false, false) => failed.push(format!("{name}:\n--- helm\n{want}\n--- ours\n{have}")),
        }
    }
    let _ = fs::remove_dir_all(&root);
    println!(
        "schema cases vs {suffix}: {passed}/{} byte-identical, {} known divergences, {} unexpected",
        cases.len(),
        KNOWN_DIVERGENCES
            .iter()
            .filter(|(_, v, _)| *v == suffix)
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
fn schema_errors_match_helm4() {
    run(HelmCompat::Helm4, "helm4");
}

#[test]
fn schema_errors_match_helm3() {
    run(HelmCompat::Helm3, "helm3");
}
