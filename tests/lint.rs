//! `lint`: Helm's checks, schema errors at the layer that set them, typo'd
//! keys with suggestions, the chart's refusals, and Kubernetes checks.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_deltallm-render");
const KEYS: [&str; 4] = [
    "--set",
    "secret.values.masterKey=StrongMasterKey2026SecureValue99",
    "--set",
    "secret.values.saltKey=unique-salt-2026",
];

fn lint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg("lint").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn guide_commands_lint_clean() {
    let mut args = vec!["--profile", "eval"];
    args.extend(KEYS);
    let (code, out, _) = lint(&args);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
    assert!(out.contains("[INFO]    icon is recommended"), "{out}");
    let (code, out, _) = lint(&[
        "--profile",
        "production",
        "--set",
        "secret.existingSecret=deltallm-app-secrets",
        "--set",
        "runtime.database.existingSecret.name=deltallm-runtime-secrets",
        "--set",
        "runtime.redis.existingSecret.name=deltallm-runtime-secrets",
        "--set",
        "ingress.enabled=true",
        "--set",
        "ingress.hosts[0].host=llm-gateway.example.com",
        "--set",
        "ingress.hosts[0].paths[0].path=/",
        "--set",
        "ingress.hosts[0].paths[0].pathType=Prefix",
    ]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn typo_key_gets_a_suggestion_at_its_flag() {
    let mut args = vec![
        "--profile",
        "eval",
        "--set",
        "imagee.tag=v2",
        "--set",
        "replicaCount=-1",
    ];
    args.extend(KEYS);
    let (code, out, _) = lint(&args);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("command line\n  [ERROR]   --set imagee.tag=v2: imagee: unknown key \"imagee\", not allowed by the schema: did you mean \"image\"?"),
        "{out}"
    );
    assert!(
        out.contains("--set replicaCount=-1: replicaCount: minimum: got -1, want 0"),
        "{out}"
    );
}

#[test]
fn schema_error_in_a_file_points_at_its_line() {
    let d = std::env::temp_dir().join(format!("deltallm-lint-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let f = d.join("mine.yaml");
    std::fs::write(
        &f,
        "# overlay\nimage:\n  pullPolicy: Sometimes\nservce:\n  type: ClusterIP\n",
    )
    .unwrap();
    let mut args = vec!["--profile", "eval", "-f", f.to_str().unwrap()];
    args.extend(KEYS);
    let (code, out, _) = lint(&args);
    assert_eq!(code, 1, "{out}");
    let group = format!("{}\n", f.display());
    assert!(out.contains(&group), "{out}");
    assert!(
        out.contains(
            "line 3: image.pullPolicy: value must be one of \"Always\", \"IfNotPresent\", \"Never\""
        ),
        "{out}"
    );
    assert!(out.contains("line 5: servce: unknown key \"servce\", not allowed by the schema: did you mean \"service\"?"), "{out}");
}

#[test]
fn chart_refusal_is_an_error_and_secrets_stay_out() {
    let (code, out, err) = lint(&[
        "--profile",
        "eval",
        "--set",
        "secret.values.masterKey=sk-Short1",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "chart refused the values: secret.values.masterKey must be at least 32 characters long"
        ),
        "{out}"
    );
    assert!(out.contains("deltallm/templates/"), "{out}");
    assert!(
        !out.contains("sk-Short1") && !err.contains("sk-Short1"),
        "{out}"
    );
}

#[test]
fn kubernetes_checks_on_a_broken_chart() {
    let (code, out, _) = lint(&[
        "tests/lint-cases/bad-chart",
        "--set",
        "name=Web_1",
        "-o",
        "json",
    ]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let msgs: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["severity"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    let has = |needle: &str| {
        assert!(
            msgs.iter().any(|m| m.contains(needle)),
            "{needle:?} not in {msgs:#?}"
        )
    };
    has("error command line --set name=Web_1: name: does not match pattern");
    has(
        "error bad-chart/templates/workload.yaml Deployment \"Bad_Name\": metadata.name must be a DNS-1123 subdomain",
    );
    has("metadata.labels.tier: label value \"-not-a-valid-label-value-\" is not valid");
    has("spec.selector.matchLabels does not match spec.template.metadata.labels");
    has(
        "warning bad-chart/templates/workload.yaml Service \"web\": spec.selector matches no pod template",
    );
    has("Service \"web\": duplicate resource");
    has("ConfigMap \"no-api-version\": apiVersion is missing");
    has("info tests/lint-cases/bad-chart/Chart.yaml icon is recommended");
    assert!(v["errors"].as_u64().unwrap() >= 6);
    assert_eq!(v["warnings"], 1);
}

#[test]
fn helm_chart_yaml_rules() {
    let d = std::env::temp_dir().join(format!("deltallm-lint-chart-{}", std::process::id()));
    std::fs::create_dir_all(d.join("templates")).unwrap();
    std::fs::write(
        d.join("Chart.yaml"),
        "apiVersion: v2\nname: x\nversion: notsemver\n",
    )
    .unwrap();
    let (code, out, _) = lint(&[d.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[ERROR]   version 'notsemver' is not a valid SemVer"),
        "{out}"
    );
}
