//! The checksum pass (`crate::postrender`): properties over generated
//! streams, the shapes Helm prints, the rollout behaviour on the DeltaLLM
//! chart, its cost, and (`reader`) the block reader against the full one.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::postrender::{ANNOTATION, Options, Reader, apply};
use deltallm_render::release::Output;
use deltallm_render::values::layers::ValueOptions;
use deltallm_render::values::{Value, yaml};

mod reader;
mod streams;
use streams::generate;

fn opts() -> Options {
    Options {
        namespace: "default".into(),
        ..Default::default()
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

/// A guard against gross regressions only; the figure itself comes from
/// `cargo bench --bench postrender`. Measured in the same run, so a busy
/// machine slows both sides: the pass with the block reader must stay
/// well ahead of the pass with the full reader alone.
#[test]
fn deltallm_pass_time_block_reader_well_ahead_of_full_reader() {
    let stream = deltallm(&[]);
    let median = |reader| {
        let opts = Options {
            namespace: "deltallm".into(),
            reader,
        };
        let mut times: Vec<Duration> = (0..41)
            .map(|_| {
                let t = Instant::now();
                apply(&stream, &opts).unwrap();
                t.elapsed()
            })
            .collect();
        times.sort();
        times[20]
    };
    let (fast, full) = (median(Reader::Fast), median(Reader::Full));
    eprintln!(
        "checksum pass over the DeltaLLM eval stream ({} bytes), median: {fast:?}; with the full reader alone {full:?}",
        stream.len()
    );
    if !cfg!(debug_assertions) {
        assert!(
            fast * 2 < full && fast.as_millis() < 5,
            "{fast:?} vs {full:?}"
        );
    }
}
