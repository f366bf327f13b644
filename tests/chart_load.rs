//! The chart loader against real Helm.
//!
//! Every case under tests/chart-load-cases/ (a chart directory or a crafted
//! `.tgz`) was rendered by Helm 3 and Helm 4 with a probe template that
//! prints `.Chart`, `.Values`, `.Files` (name, size, sha256) and
//! `.Subcharts`; scripts/record-chart-load-goldens.sh keeps those outputs in
//! tests/goldens/chart-load/. Here each case is loaded with our loader and
//! the observable facts are compared with the recordings: whether it loads,
//! what Helm's error says, the file set byte for byte, the metadata, the
//! values, the subcharts, and which templates Helm rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deltallm_render::chart::{Chart, ImportValue, Metadata, load};
use deltallm_render::values::Value;
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

/// Cases where both Helms load the chart but we refuse on purpose: a link
/// that leads outside the chart (see src/chart/loader.rs and archive.rs).
/// The second element is the entry our error must name.
const REFUSED_ON_PURPOSE: &[(&str, &str)] = &[
    ("symlink-outside", "stolen.txt"),
    ("symlink-dir-outside", "outdir"),
    ("tgz-symlink-absolute.tgz", "c/passwd"),
    ("tgz-symlink-relative-out.tgz", "c/up.txt"),
    ("tgz-hardlink-out.tgz", "c/hard"),
];

/// The probe template itself, which the recorder adds to every case.
const PROBE: &str = "templates/zz-probe.yaml";

struct Golden {
    exit: i32,
    stdout: String,
    stderr: String,
}

fn golden(case: &str, helm: u8) -> Golden {
    let path = root().join(format!("tests/goldens/chart-load/{case}.helm{helm}.out"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run scripts/record-chart-load-goldens.sh)",
            path.display()
        )
    });
    let (head, rest) = text.split_once("\n--- stdout\n").expect("golden header");
    let (stdout, stderr) = rest.split_once("--- stderr\n").expect("golden stderr");
    Golden {
        exit: head
            .trim_start_matches("exit: ")
            .parse()
            .expect("exit code"),
        stdout: stdout.to_string(),
        stderr: stderr.to_string(),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases_dir() -> PathBuf {
    root().join("tests/chart-load-cases")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && !n.ends_with(".py"))
        .collect();
    names.sort();
    names
}

/// Helm's message and ours must say the same thing: every `: `-separated
/// part of Helm's message (paths made relative to the cases directory)
/// appears in ours, in order. Ours may add the file and position.
fn same_meaning(helm: &str, ours: &str) -> Result<(), String> {
    let helm = helm.replace("<cases>/", "");
    let helm = helm.split("; got '").next().unwrap_or(&helm);
    let ours = ours.replace(&format!("{}/", cases_dir().display()), "");
    let mut at = 0;
    for part in helm.split(": ") {
        match ours[at..].find(part) {
            Some(i) => at += i + part.len(),
            None => return Err(format!("ours {ours:?} lacks {part:?} of Helm's {helm:?}")),
        }
    }
    Ok(())
}

fn error_line(g: &Golden) -> String {
    g.stderr
        .lines()
        .find_map(|l| l.strip_prefix("Error: "))
        .unwrap_or_default()
        .to_string()
}

/// The probe's sections (`chart`, `values`, `files`, `subcharts`).
fn probe(stdout: &str) -> BTreeMap<String, String> {
    let start = stdout
        .find("/templates/zz-probe.yaml\n")
        .expect("probe output in the golden");
    let mut sections = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in stdout[start..].lines().skip(1) {
        if line == "---" {
            break;
        }
        if let Some(content) = line.strip_prefix("  ") {
            let s: &mut String = sections.entry(current.clone().unwrap()).or_default();
            s.push_str(content);
            s.push('\n');
        } else if let Some(name) = line.strip_suffix(": |") {
            current = Some(name.to_string());
            sections.insert(name.to_string(), String::new());
        }
    }
    sections
}

/// Cases whose Helm error comes from go-yaml's parser, where our YAML
/// reader (src/values/yaml, not the loader) words or locates the problem
/// differently; only the loader's part of the message is compared.
const YAML_WORDING: &[(&str, &str)] = &[(
    "chart-yaml-invalid-yaml",
    "cannot load Chart.yaml: error converting YAML to JSON: yaml: line",
)];

/// Template paths Helm rendered (`# Source:` lines), minus the probe.
fn rendered(stdout: &str) -> Vec<String> {
    let mut out: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("# Source: "))
        .filter(|s| !s.ends_with(&format!("/{PROBE}")))
        .map(str::to_string)
        .collect();
    out.sort();
    out
}

/// Helm's `.Chart` JSON reduced to what the loader decides: Helm 4's
/// Go-field-named map renamed to Helm 3's JSON names, empty values dropped
/// (Helm 3 omits them, Helm 4 prints them), `IsRoot` and the render-time
/// `enabled` flag removed.
fn normalize_chart(v: &Json) -> Json {
    fn rename(k: &str) -> String {
        match k {
            "APIVersion" => "apiVersion".into(),
            "AppVersion" => "appVersion".into(),
            "KubeVersion" => "kubeVersion".into(),
            "ImportValues" => "import-values".into(),
            "URL" => "url".into(),
            k => {
                let mut c = k.chars();
                c.next()
                    .map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
            }
        }
    }
    fn strukt(v: &Json) -> Json {
        let Json::Object(m) = v else { return v.clone() };
        let mut out = serde_json::Map::new();
        let mut entries: Vec<_> = m.iter().collect();
        entries.sort_by_key(|(k, _)| rename(k));
        for (k, v) in entries {
            let k = rename(k);
            if k == "isRoot" || k == "IsRoot" || k == "enabled" {
                continue;
            }
            let v = match k.as_str() {
                "maintainers" | "dependencies" => {
                    Json::Array(v.as_array().into_iter().flatten().map(strukt).collect())
                }
                _ => v.clone(),
            };
            if !is_empty(&v) {
                out.insert(k, v);
            }
        }
        Json::Object(out)
    }
    strukt(v)
}

fn is_empty(v: &Json) -> bool {
    match v {
        Json::Null => true,
        Json::Bool(b) => !b,
        Json::String(s) => s.is_empty(),
        Json::Array(a) => a.is_empty(),
        Json::Object(o) => o.is_empty(),
        Json::Number(_) => false,
    }
}

/// Our metadata as Helm prints `.Chart` after rendering began. Rendering
/// mutates two things the loader must not: an aliased dependency takes its
/// alias as name, and `import-values: [x]` is rewritten to
/// `{child: exports.x, parent: .}`. Both are applied here to compare.
fn our_chart(md: &Metadata, alias: Option<&str>) -> Json {
    let deps: Vec<Json> = md
        .dependencies
        .iter()
        .flatten()
        .map(|d| {
            let imports: Vec<Json> = d
                .import_values
                .iter()
                .map(|iv| match iv {
                    ImportValue::Name(n) => json!({"child": format!("exports.{n}"), "parent": "."}),
                    ImportValue::Map { child, parent } => json!({"child": child, "parent": parent}),
                })
                .collect();
            let name = if d.alias.is_empty() { &d.name } else { &d.alias };
            json!({"name": name, "version": d.version, "repository": d.repository,
                   "condition": d.condition, "tags": d.tags, "import-values": imports, "alias": d.alias})
        })
        .collect();
    let maintainers: Vec<Json> = md
        .maintainers
        .iter()
        .flatten()
        .map(|m| json!({"name": m.name, "email": m.email, "url": m.url}))
        .collect();
    let v = json!({
        "name": alias.unwrap_or(&md.name), "home": md.home, "sources": md.sources,
        "version": md.version, "description": md.description, "keywords": md.keywords,
        "maintainers": maintainers, "icon": md.icon, "apiVersion": md.api_version,
        "condition": md.condition, "tags": md.tags, "appVersion": md.app_version,
        "deprecated": md.deprecated, "annotations": md.annotations, "kubeVersion": md.kube_version,
        "dependencies": deps, "type": md.chart_type,
    });
    normalize_chart(&v)
}

/// Numbers compared as f64: Helm's values are all float64.
fn numbers_as_f64(v: &Json) -> Json {
    match v {
        Json::Number(n) => json!(n.as_f64().unwrap()),
        Json::Array(a) => Json::Array(a.iter().map(numbers_as_f64).collect()),
        Json::Object(o) => Json::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), numbers_as_f64(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn value_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(*i as f64),
        Value::Float(f) => json!(f),
        Value::String(s) => json!(s),
        Value::List(l) => Json::Array(l.iter().map(value_json).collect()),
        Value::Map(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), value_json(v))).collect()),
    }
}

/// The name Helm gives a subchart: its alias in the parent, if any.
fn alias_of<'a>(parent: &'a Metadata, sub: &'a Chart) -> &'a str {
    parent
        .dependencies
        .iter()
        .flatten()
        .find(|d| d.name == sub.metadata.name && !d.alias.is_empty())
        .map_or(&sub.metadata.name, |d| &d.alias)
}

/// Templates Helm renders: not partials, not NOTES.txt, not empty, not
/// from library charts; with the `# Source:` prefix Helm prints.
fn our_rendered(chart: &Chart, prefix: &str, out: &mut Vec<String>) {
    if chart.metadata.chart_type != "library" {
        for t in &chart.templates {
            let base = t.name.rsplit('/').next().unwrap();
            let empty = String::from_utf8_lossy(&t.data).trim().is_empty();
            if !base.starts_with('_') && base != "NOTES.txt" && !empty && t.name != PROBE {
                out.push(format!("{prefix}/{}", t.name));
            }
        }
    }
    for sub in &chart.dependencies {
        let name = alias_of(&chart.metadata, sub);
        our_rendered(sub, &format!("{prefix}/charts/{name}"), out);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_loaded(case: &str, chart: &Chart, g: &Golden) -> Result<(), String> {
    let p = probe(&g.stdout);
    let mut ours_files: Vec<String> = chart
        .files
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f.name,
                f.data.len(),
                hex(&Sha256::digest(&f.data))
            )
        })
        .collect();
    ours_files.sort();
    let helm_files: Vec<String> = p["files"].lines().map(str::to_string).collect();
    if ours_files != helm_files {
        return Err(format!("files: ours {ours_files:#?}\nHelm {helm_files:#?}"));
    }
    let helm_chart: Json = serde_json::from_str(p["chart"].trim()).map_err(|e| e.to_string())?;
    let (ours, helm) = (
        our_chart(&chart.metadata, None),
        normalize_chart(&helm_chart),
    );
    if ours != helm {
        return Err(format!("metadata: ours {ours}\nHelm {helm}"));
    }
    let mut subs = Vec::new();
    for sub in &chart.dependencies {
        let name = alias_of(&chart.metadata, sub);
        subs.push(format!("{name} {}", our_chart(&sub.metadata, Some(name))));
    }
    subs.sort();
    let mut helm_subs: Vec<String> = p["subcharts"]
        .lines()
        .map(|l| {
            let (name, js) = l.split_once(' ').unwrap();
            format!(
                "{name} {}",
                normalize_chart(&serde_json::from_str(js).unwrap())
            )
        })
        .collect();
    helm_subs.sort();
    if subs != helm_subs {
        return Err(format!("subcharts: ours {subs:#?}\nHelm {helm_subs:#?}"));
    }
    if chart.dependencies.is_empty() {
        let helm_values: Json =
            serde_json::from_str(p["values"].trim()).map_err(|e| e.to_string())?;
        let ours = value_json(&chart.values);
        if numbers_as_f64(&ours) != numbers_as_f64(&helm_values) {
            return Err(format!("values: ours {ours}\nHelm {helm_values}"));
        }
    }
    let mut ours_rendered = Vec::new();
    our_rendered(chart, &chart.metadata.name, &mut ours_rendered);
    ours_rendered.sort();
    let helm_rendered = rendered(&g.stdout);
    if ours_rendered != helm_rendered {
        return Err(format!(
            "{case}: rendered templates: ours {ours_rendered:?}\nHelm {helm_rendered:?}"
        ));
    }
    Ok(())
}

fn check_case(case: &str) -> Result<(), String> {
    let (h3, h4) = (golden(case, 3), golden(case, 4));
    let result = load(&cases_dir().join(case));
    if let Some((_, entry)) = REFUSED_ON_PURPOSE.iter().find(|(c, _)| *c == case) {
        if h3.exit != 0 || h4.exit != 0 {
            return Err("Helm no longer loads this case: revisit REFUSED_ON_PURPOSE".into());
        }
        return match result {
            Ok(_) => Err("loaded a chart whose link leaves its root".into()),
            Err(e) if format!("{e:#}").contains(entry) => Ok(()),
            Err(e) => Err(format!("refusal does not name {entry:?}: {e:#}")),
        };
    }
    // Helm 4 is the reference where the two differ: only the size caps,
    // which Helm 3.17.2 lacks (see src/chart/archive.rs).
    match (result, h4.exit) {
        (Ok(chart), 0) => {
            check_loaded(case, &chart, &h4).map_err(|e| format!("helm4 {e}"))?;
            if h3.exit == 0 {
                check_loaded(case, &chart, &h3).map_err(|e| format!("helm3 {e}"))?;
            }
            Ok(())
        }
        (Ok(_), _) => Err(format!("loaded, but Helm 4 refuses: {}", error_line(&h4))),
        (Err(e), 0) => Err(format!("refused, but Helm loads: {e:#}")),
        (Err(e), _) => {
            let ours = format!("{e:#}");
            // Helm 3's errors are the specific ones; Helm 4 reports many
            // archive problems only as "unable to load chart archive".
            let mut helm = if h3.exit != 0 {
                error_line(&h3)
            } else {
                return Ok(());
            };
            if let Some((_, prefix)) = YAML_WORDING.iter().find(|(c, _)| *c == case) {
                assert!(helm.starts_with(prefix), "{case}: Helm says {helm}");
                helm = prefix.to_string();
            }
            same_meaning(&helm, &ours)
        }
    }
}

#[test]
fn loader_matches_helm_on_every_case() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failed = Vec::new();
    for case in &cases {
        if let Err(e) = check_case(case) {
            failed.push(format!("{case}: {e}"));
        }
    }
    let passed = cases.len() - failed.len();
    eprintln!("chart-load cases: {passed} passed, {} failed", failed.len());
    assert!(failed.is_empty(), "\n{}", failed.join("\n\n"));
}

#[test]
fn helm_warnings_are_what_we_document() {
    // Helm follows symlinks out of the chart with only a log line; that is
    // the behaviour REFUSED_ON_PURPOSE departs from.
    let g = golden("symlink-outside", 3);
    assert!(
        g.stderr.contains("found symbolic link in path"),
        "{}",
        g.stderr
    );
    assert!(Path::new(&cases_dir().join("symlink-outside/stolen.txt")).is_symlink());
}

#[test]
fn embedded_chart_and_profiles_load() {
    let chart = deltallm_render::chart::embedded_chart().expect("the compiled-in chart loads");
    assert!(!chart.metadata.name.is_empty());
    let on_disk = load(&root().join("chart")).expect("chart/ loads from disk");
    assert_eq!(chart.metadata, on_disk.metadata);
    let names = |c: &Chart| c.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&chart), names(&on_disk));
    for profile in std::fs::read_dir(root().join("profiles")).unwrap() {
        let path = profile.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let data = deltallm_render::chart::embedded_profile(stem).expect("profile compiled in");
        assert_eq!(data, std::fs::read(&path).unwrap());
    }
    assert!(deltallm_render::chart::embedded_profile("no-such-profile").is_none());
}
