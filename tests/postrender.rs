//! The checksum pass (`crate::postrender`): properties over generated
//! streams, the shapes Helm prints, the rollout behaviour on the DeltaLLM
//! chart, and its cost.

use std::collections::BTreeMap;
use std::time::Instant;

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::postrender::{ANNOTATION, Options, apply};
use deltallm_render::release::Output;
use deltallm_render::values::layers::ValueOptions;
use deltallm_render::values::{Value, yaml};

fn opts() -> Options {
    Options {
        namespace: "default".into(),
    }
}

fn pass(s: &str) -> String {
    apply(s, &opts()).unwrap_or_else(|e| panic!("{e}\n{s}")).0
}

/// `kind/name` -> annotation value of every pod template in a stream.
fn checksums(stream: &str) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    for doc in yaml::parse_stream("t", stream).unwrap() {
        let mut objs = vec![doc];
        while let Some(Value::Map(m)) = objs.pop() {
            if let Some(Value::List(items)) = m.get("items") {
                objs.extend(items.iter().cloned());
                continue;
            }
            let kind = m.get("kind").and_then(s).unwrap_or_default();
            let mut t = Some(&Value::Map(m.clone()));
            let keys: &[&str] = match kind.as_str() {
                "Pod" => &[],
                "CronJob" => &["spec", "jobTemplate", "spec", "template"],
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
                    &["spec", "template"]
                }
                _ => continue,
            };
            for k in keys {
                t = t.and_then(|v| v.as_map()).and_then(|m| m.get(*k));
            }
            let ann = t
                .and_then(|v| v.as_map())
                .and_then(|m| m.get("metadata"))
                .and_then(|v| v.as_map())
                .and_then(|m| m.get("annotations"))
                .and_then(|v| v.as_map())
                .and_then(|m| m.get(ANNOTATION))
                .and_then(s);
            let name = m
                .get("metadata")
                .and_then(|v| v.as_map())
                .and_then(|m| m.get("name"))
                .and_then(s)
                .unwrap_or_default();
            out.insert(format!("{kind}/{name}"), ann);
        }
    }
    out
}

fn s(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Input lines are a subsequence of output lines, and every extra line is
/// one the pass may insert.
fn only_inserted_lines(input: &str, output: &str) {
    let split = |t: &str| -> Vec<String> { t.split('\n').map(str::to_string).collect() };
    let (a, b) = (split(input), split(output));
    let mut i = 0;
    for line in &b {
        if i < a.len() && *line == a[i] {
            i += 1;
            continue;
        }
        let t = line.trim_start().trim_end_matches('\r');
        let ok = t == "metadata:"
            || t == "annotations:"
            || (t.starts_with(&format!("{ANNOTATION}: \""))
                && t.len() == ANNOTATION.len() + 2 + 66);
        assert!(ok, "unexpected line {line:?} in\n{output}");
    }
    assert_eq!(i, a.len(), "input lines lost:\n{input}\n=>\n{output}");
}

/// splitmix64: a small seeded generator, so failures reproduce by seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

const NAMES: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

/// A generated stream: its text plus, per workload, the `kind/name` of
/// the config objects it references (in or out of the stream).
struct Generated {
    text: String,
    refs: BTreeMap<String, Vec<String>>,
    configs: Vec<String>,
}

fn generate(seed: u64, data_salt: &BTreeMap<String, String>) -> Generated {
    let mut r = Rng(seed);
    let mut docs = Vec::new();
    let mut configs = Vec::new();
    let mut refs = BTreeMap::new();
    let (seq_indent, eol) = (
        if r.chance(50) { "  " } else { "" },
        if r.chance(20) { "\r\n" } else { "\n" },
    );
    for (i, name) in NAMES.iter().enumerate() {
        for kind in ["ConfigMap", "Secret"] {
            if r.chance(70) {
                let id = format!("{kind}/{name}");
                let salt = data_salt.get(&id).cloned().unwrap_or_default();
                let field = if kind == "Secret" {
                    "stringData"
                } else {
                    "data"
                };
                docs.push(format!(
                    "# Source: gen/templates/{i}.yaml\napiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n  labels:\n    seed: \"{seed}\"\n{field}:\n  key: \"v{i}{salt}\"\n  multi: |\n    line one\n    line two {salt}\n"
                ));
                configs.push(id);
            }
        }
    }
    let kinds = [
        ("apps/v1", "Deployment", 2),
        ("apps/v1", "StatefulSet", 2),
        ("apps/v1", "DaemonSet", 2),
        ("apps/v1", "ReplicaSet", 2),
        ("batch/v1", "Job", 2),
        ("batch/v1", "CronJob", 4),
        ("v1", "Pod", 0),
    ];
    for w in 0..(2 + r.below(5)) {
        let (api, kind, depth) = kinds[r.below(kinds.len())];
        let name = format!("w{w}");
        let mut wr = Vec::new();
        // One reference: the list it goes in (env or envFrom) and its item.
        let mut refline = |r: &mut Rng, ind: &str| -> (bool, String) {
            let n = NAMES[r.below(4)];
            let i = format!("{ind}{seq_indent}");
            let (k, env, text) = match r.below(6) {
                0 => (
                    "ConfigMap",
                    false,
                    format!("{i}- configMapRef:\n{i}    name: {n}\n"),
                ),
                1 => ("Secret", false, format!("{i}- secretRef: {{name: {n}}}\n")),
                2 => (
                    "ConfigMap",
                    true,
                    format!(
                        "{i}- name: X\n{i}  valueFrom:\n{i}    configMapKeyRef:\n{i}      name: \"{n}\"\n{i}      key: key\n"
                    ),
                ),
                _ => (
                    "Secret",
                    true,
                    format!(
                        "{i}- name: X\n{i}  valueFrom:\n{i}    secretKeyRef:\n{i}      name: '{n}'\n{i}      key: key\n"
                    ),
                ),
            };
            wr.push(format!("{k}/{n}"));
            (env, text)
        };
        let lists = |items: Vec<(bool, String)>, ind: &str| -> String {
            let mut out = String::new();
            for (env, key) in [(true, "env"), (false, "envFrom")] {
                let mine: Vec<_> = items
                    .iter()
                    .filter(|(e, _)| *e == env)
                    .map(|(_, t)| t.as_str())
                    .collect();
                if !mine.is_empty() {
                    out.push_str(&format!("{ind}{key}:\n{}", mine.concat()));
                }
            }
            out
        };
        // the pod template at indentation `pi`
        let pi = " ".repeat(depth * 2);
        let ci = format!("{pi}  ");
        let meta = match r.below(5) {
            0 => String::new(),
            1 => format!("{pi}metadata:\n{ci}labels:\n{ci}  app: {name}\n"),
            2 => format!(
                "{pi}metadata:\n{ci}# comment\n{ci}annotations:\n{ci}  \"other/key\": 'x'\n{ci}labels: {{app: {name}}}\n"
            ),
            3 => format!("{pi}metadata:\n{ci}annotations:\n{ci}labels:\n{ci}  app: {name}\n"),
            _ => format!("{pi}metadata:\n"),
        };
        let meta = if kind == "Pod" {
            format!("metadata:\n  name: {name}\n")
        } else {
            meta
        };
        let c_ind = format!("{ci}{seq_indent}  ");
        let mut containers =
            format!("{ci}containers:\n{ci}{seq_indent}- name: c\n{c_ind}image: busybox # pinned\n");
        let items: Vec<_> = (0..r.below(3)).map(|_| refline(&mut r, &c_ind)).collect();
        containers.push_str(&lists(items, &c_ind));
        if r.chance(30) {
            containers.push_str(&format!("{ci}initContainers:\n{ci}{seq_indent}- name: i\n"));
            let items = vec![refline(&mut r, &c_ind)];
            containers.push_str(&lists(items, &c_ind));
        }
        if r.chance(40) {
            let n = NAMES[r.below(4)];
            containers.push_str(&format!("{ci}volumes:\n{ci}{seq_indent}- name: v\n{c_ind}projected:\n{c_ind}  sources:\n{c_ind}  - configMap:\n{c_ind}      name: {n}\n"));
            wr.push(format!("ConfigMap/{n}"));
        }
        let body = match kind {
            "Pod" => format!("spec:\n{containers}"),
            "CronJob" => format!(
                "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n{meta}{pi}spec:\n{containers}"
            ),
            _ => format!("spec:\n  replicas: 1\n  template:\n{meta}{pi}spec:\n{containers}"),
        };
        let head = if kind == "Pod" {
            meta.clone()
        } else {
            format!("metadata:\n  name: {name}\n")
        };
        let body = body.replace(
            &format!("{pi}spec:\n{ci}containers"),
            &format!("{pi}spec:\n{ci}restartPolicy: Never\n{ci}containers"),
        );
        docs.push(format!(
            "# Source: gen/templates/w{w}.yaml\napiVersion: {api}\nkind: {kind}\n{head}{body}"
        ));
        wr.sort();
        wr.dedup();
        refs.insert(format!("{kind}/{name}"), wr);
    }
    if r.chance(30) {
        docs.insert(
            r.below(docs.len()),
            "# Source: gen/templates/empty.yaml\n".into(),
        );
    }
    let mut text = String::new();
    for d in docs {
        text.push_str("---\n");
        text.push_str(&d);
    }
    if eol == "\r\n" {
        text = text.replace('\n', "\r\n");
    }
    Generated {
        text,
        refs,
        configs,
    }
}

#[test]
fn generated_streams_idempotent_byte_preserving_deterministic() {
    let mut annotated = 0;
    for seed in 0..300u64 {
        let g = generate(seed, &BTreeMap::new());
        let once = pass(&g.text);
        assert_eq!(pass(&once), once, "not idempotent, seed {seed}");
        assert_eq!(pass(&g.text), once, "not deterministic, seed {seed}");
        only_inserted_lines(&g.text, &once);
        // The annotation is there exactly when something referenced is in the stream.
        let sums = checksums(&once);
        for (w, refs) in &g.refs {
            let has_in_stream = refs.iter().any(|r| g.configs.contains(r));
            assert_eq!(sums[w].is_some(), has_in_stream, "seed {seed} {w}\n{once}");
            annotated += usize::from(has_in_stream);
        }
    }
    assert!(
        annotated > 300,
        "the generator should exercise the pass ({annotated})"
    );
}

#[test]
fn generated_streams_annotation_changes_iff_referenced_content_changes() {
    for seed in 0..200u64 {
        let g = generate(seed, &BTreeMap::new());
        let before = checksums(&pass(&g.text));
        for changed in &g.configs {
            let salt = BTreeMap::from([(changed.clone(), "-changed".to_string())]);
            let after = checksums(&pass(&generate(seed, &salt).text));
            for (w, refs) in &g.refs {
                let reads = refs.contains(changed);
                assert_eq!(
                    before[w] != after[w],
                    reads,
                    "seed {seed}: {changed} changed, {w} reads it: {reads}"
                );
            }
        }
    }
}

#[test]
fn stale_annotation_is_rewritten_in_place() {
    let src = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: '1'\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: x\n    envFrom:\n    - configMapRef:\n        name: c\n";
    let once = pass(src);
    let changed = pass(&once.replace("a: '1'", "a: '2'"));
    assert_eq!(changed.lines().count(), once.lines().count());
    assert_ne!(checksums(&changed), checksums(&once));
    assert_eq!(changed, pass(&src.replace("a: '1'", "a: '2'")));
}

#[test]
fn crlf_empty_documents_and_separators_are_kept() {
    let src = "\r\n---\r\n# Source: x\r\n---\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: s\r\n--- \r\napiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: d\r\nspec:\r\n  template:\r\n    spec:\r\n      volumes:\r\n      - name: v\r\n        secret:\r\n          secretName: s\r\n\r\n";
    let out = pass(src);
    only_inserted_lines(src, &out);
    assert!(out.contains(
        "  template:\r\n    metadata:\r\n      annotations:\r\n        checksum/deltallm-render: \""
    ));
    assert!(out.ends_with("secretName: s\r\n\r\n"));
}

#[test]
fn invalid_yaml_names_the_document() {
    let src =
        "---\n# Source: c/templates/a.yaml\na: 1\n---\n# Source: c/templates/b.yaml\nkind: [\n";
    let err = apply(src, &opts()).unwrap_err().to_string();
    assert!(
        err.contains("document 2")
            && err.contains("c/templates/b.yaml")
            && err.contains("invalid YAML"),
        "{err}"
    );
}

#[test]
fn flow_style_metadata_is_refused_not_mangled() {
    let src = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - envFrom: [{secretRef: {name: s}}]\n";
    let err = apply(src, &opts()).unwrap_err().to_string();
    assert!(
        err.contains("document 2") && err.contains("spec.template.metadata"),
        "{err}"
    );
}

#[test]
fn references_outside_the_stream_are_reported() {
    let src = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: team\nspec:\n  containers:\n  - envFrom:\n    - secretRef:\n        name: elsewhere\n";
    let (out, report) = apply(src, &opts()).unwrap();
    assert_eq!(out, src);
    assert_eq!(
        report.skipped,
        ["Pod team/p: Secret team/elsewhere not in the stream"]
    );
}

fn deltallm(sets: &[&str]) -> String {
    let mut set: Vec<String> = [
        "secret.values.masterKey=StrongMasterKey2026SecureValue99",
        "secret.values.saltKey=unique-salt-2026",
        "batchWorker.enabled=true",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    set.extend(sets.iter().map(|s| s.to_string()));
    let req = TemplateRequest {
        release_name: "deltallm".into(),
        namespace: "deltallm".into(),
        values: ValueOptions {
            profile: Some("eval".into()),
            set,
            ..Default::default()
        },
        ..Default::default()
    };
    match action::template(&req).unwrap().output {
        Output::Stream(s) => s,
        Output::Files { .. } => unreachable!(),
    }
}

/// ConfigMaps of a stream by name, parsed.
fn config_maps(stream: &str) -> BTreeMap<String, Value> {
    yaml::parse_stream("t", stream)
        .unwrap()
        .into_iter()
        .filter_map(|d| {
            let m = d.as_map()?;
            (m.get("kind")? == &Value::String("ConfigMap".into())).then(|| {
                let name = s(m["metadata"].as_map().unwrap().get("name").unwrap()).unwrap();
                (name, d.clone())
            })
        })
        .collect()
}

#[test]
fn deltallm_rollout_exactly_the_readers_of_a_changed_config_map() {
    let a = deltallm(&[]);
    let b = deltallm(&["batchWorker.config.general_settings.request_timeout=1234"]);
    let (ca, cb) = (config_maps(&a), config_maps(&b));
    let changed: Vec<_> = ca.keys().filter(|k| ca[*k] != cb[*k]).collect();
    assert_eq!(
        changed,
        ["deltallm-batch-worker"],
        "one value, one ConfigMap"
    );
    let (sa, sb) = (checksums(&pass(&a)), checksums(&pass(&b)));
    let moved: Vec<_> = sa.keys().filter(|k| sa[*k] != sb[*k]).collect();
    assert_eq!(
        moved,
        ["Deployment/deltallm-batch-worker"],
        "{sa:?}\n{sb:?}"
    );
    assert!(
        sa["Deployment/deltallm"].is_some() && sa["StatefulSet/deltallm-postgresql"].is_some(),
        "{sa:?}"
    );
    // `template` output itself is Helm's; the pass only adds lines.
    only_inserted_lines(&a, &pass(&a));
}

#[test]
fn deltallm_eval_pass_time() {
    let stream = deltallm(&[]);
    let start = Instant::now();
    let mut total = 0;
    let render_start = Instant::now();
    let _ = deltallm(&[]);
    let render = render_start.elapsed();
    let runs = 200;
    let t = Instant::now();
    for _ in 0..runs {
        total += pass(&stream).len();
    }
    let per = t.elapsed() / runs;
    eprintln!(
        "checksum pass over the DeltaLLM eval stream ({} bytes): {:?} per run; whole render {:?} ({:.2}% of it)",
        stream.len(),
        per,
        render,
        100.0 * per.as_secs_f64() / render.as_secs_f64()
    );
    assert!(total > 0 && start.elapsed().as_secs() < 60);
    // The target is well under a millisecond; today the pass costs about
    // 1.3-2.5 ms, nearly all of it the values YAML reader (see the module
    // docs of `postrender`). Guard only against gross regressions here.
    if !cfg!(debug_assertions) {
        assert!(per.as_millis() < 25, "pass took {per:?}");
    }
}
