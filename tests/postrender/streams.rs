//! Generated manifest streams: realistic workloads and the ConfigMaps and
//! Secrets they reference, in the layouts Helm prints, seeded so that a
//! failure reproduces by its seed.

use std::collections::BTreeMap;

/// splitmix64: a small seeded generator, so failures reproduce by seed.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

pub const NAMES: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

/// A generated stream: its text plus, per workload, the `kind/name` of
/// the config objects it references (in or out of the stream).
pub struct Generated {
    pub text: String,
    pub refs: BTreeMap<String, Vec<String>>,
    pub configs: Vec<String>,
}

pub fn generate(seed: u64, data_salt: &BTreeMap<String, String>) -> Generated {
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
