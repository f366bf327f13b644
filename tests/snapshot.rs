//! `snapshot`: the committed DeltaLLM matrix is current; drift, missing and
//! orphaned snapshots fail `--check` with a resource-aware report; Secret
//! drift is masked; `--update` rewrites and prunes.

use std::path::{Path, PathBuf};
use std::process::Command;

use deltallm_render::snapshot::{self, Mode, Outcome};

const BIN: &str = env!("CARGO_BIN_EXE_deltallm-render");
const KEY: &str = "StrongMasterKey2026SecureValue99";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .arg("snapshot")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn workdir(name: &str, key: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deltallm-snap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    write_cases(&d, key, "");
    d
}

fn write_cases(d: &Path, key: &str, extra: &str) {
    let cases = format!(
        "- name: eval\n  profile: eval\n  set:\n    - secret.values.masterKey={key}\n    - secret.values.saltKey=unique-salt-2026\n{extra}- name: prod\n  profile: production\n  set:\n    - secret.existingSecret=app\n"
    );
    std::fs::write(d.join("cases.yaml"), cases).unwrap();
}

#[test]
fn committed_matrix_is_current() {
    let cases = snapshot::read_cases(Path::new("snapshots/cases.yaml")).unwrap();
    assert!(cases.len() >= 12, "the matrix covers at least 12 cases");
    let results = snapshot::run(
        &cases,
        Path::new("snapshots"),
        Path::new("snapshots/cases.yaml"),
        Mode::Check,
        2,
        false,
    )
    .unwrap();
    let bad: Vec<_> = results
        .iter()
        .filter(|(_, o)| !matches!(o, Outcome::Same))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn drift_is_caught_and_shown() {
    let d = workdir("drift", KEY);
    let cases = d.join("cases.yaml");
    let (code, out, err) = run(&["--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(d.join("eval.yaml").is_file() && d.join("prod.yaml").is_file());
    assert_eq!(run(&["--check", "--cases", cases.to_str().unwrap()]).0, 0);

    // Someone changes a value: the committed snapshot no longer matches.
    let snap = std::fs::read_to_string(d.join("eval.yaml")).unwrap();
    std::fs::write(
        d.join("eval.yaml"),
        snap.replace(
            "ghcr.io/deltawi/deltallm:v1.0.0",
            "ghcr.io/deltawi/deltallm:v0.9.0",
        ),
    )
    .unwrap();
    let (code, out, err) = run(&["--check", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("drift    eval: rendered output differs from"),
        "{out}"
    );
    assert!(
        out.contains(r#"~ spec.template.spec.containers[name=deltallm].image: "ghcr.io/deltawi/deltallm:v0.9.0" -> "ghcr.io/deltawi/deltallm:v1.0.0""#),
        "{out}"
    );
    assert!(err.contains("1 failure(s)"), "{err}");
    // --check wrote nothing.
    assert!(
        std::fs::read_to_string(d.join("eval.yaml"))
            .unwrap()
            .contains("v0.9.0")
    );
    // --update repairs it.
    assert_eq!(run(&["--update", "--cases", cases.to_str().unwrap()]).0, 0);
    assert_eq!(run(&["--check", "--cases", cases.to_str().unwrap()]).0, 0);
}

#[test]
fn secret_drift_is_masked() {
    let d = workdir("secret", KEY);
    let cases = d.join("cases.yaml");
    assert_eq!(run(&["--cases", cases.to_str().unwrap()]).0, 0);
    let other = "AnotherMasterKey2026SecureValue11";
    write_cases(&d, other, "");
    let (code, out, err) = run(&["--check", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("~ data.master-key: (masked: value changed, not shown)"),
        "{out}"
    );
    for leak in [KEY, other] {
        assert!(
            !out.contains(leak) && !err.contains(leak),
            "secret leaked:\n{out}{err}"
        );
    }
    // Nor the base64 form committed in the snapshot.
    let snap = std::fs::read_to_string(d.join("eval.yaml")).unwrap();
    let b64 = snap
        .lines()
        .find(|l| l.trim_start().starts_with("master-key:"))
        .unwrap();
    let b64 = b64.split(':').nth(1).unwrap().trim().trim_matches('"');
    assert!(!out.contains(b64), "base64 secret leaked");
}

#[test]
fn missing_and_orphaned_snapshots_fail() {
    let d = workdir("orphan", KEY);
    let cases = d.join("cases.yaml");
    assert_eq!(run(&["--cases", cases.to_str().unwrap()]).0, 0);
    // A new case without a committed snapshot.
    write_cases(
        &d,
        KEY,
        "- name: eval-presidio\n  profile: eval\n  set: [secret.values.masterKey=StrongMasterKey2026SecureValue99, secret.values.saltKey=s, image.tag=v1-presidio]\n",
    );
    let (code, out, _) = run(&["--check", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("missing  eval-presidio: no committed snapshot"),
        "{out}"
    );
    // A snapshot whose case was deleted.
    write_cases(&d, KEY, "");
    std::fs::write(d.join("gone.yaml"), "apiVersion: v1\n").unwrap();
    let (code, out, _) = run(&["--check", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("orphan   ") && out.contains("no case named \"gone\""),
        "{out}"
    );
    // --update prunes it.
    let (code, out, _) = run(&["--update", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("removed"), "{out}");
    assert!(!d.join("gone.yaml").exists());
}

#[test]
fn failing_case_and_bad_cases_file() {
    let d = workdir("fail", "change-me");
    let cases = d.join("cases.yaml");
    let (code, _, err) = run(&["--check", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("failed   eval:") && err.contains("placeholder"),
        "{err}"
    );
    std::fs::write(&cases, "- name: a\n  profle: eval\n").unwrap();
    let (code, _, err) = run(&["--check", "--cases", cases.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown key \"profle\""), "{err}");
}
