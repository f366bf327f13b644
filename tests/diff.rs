//! `diff A B`: resource matching, field paths, named lists, masked Secrets,
//! exit statuses, colour rules and JSON.

use std::io::Write as _;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_deltallm-render");
const KEY_A: &str = "StrongMasterKey2026SecureValue99";
const KEY_B: &str = "OtherMasterKey2026SecureValue777";

fn dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("deltallm-diff-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn render(name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = Command::new(BIN)
        .args([
            "template",
            "--profile",
            "eval",
            "--set",
            "secret.values.saltKey=unique-salt-2026",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = dir().join(name);
    std::fs::write(&p, out.stdout).unwrap();
    p
}

fn diff(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .arg("diff")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn b64(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn equal_streams_exit_zero() {
    let a = render(
        "eq-a.yaml",
        &["--set", &format!("secret.values.masterKey={KEY_A}")],
    );
    let (code, out, _) = diff(&[a.to_str().unwrap(), a.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(out, "0 added, 0 removed, 0 changed\n");
}

#[test]
fn changed_fields_by_path_and_masked_secret() {
    let a = render(
        "a.yaml",
        &["--set", &format!("secret.values.masterKey={KEY_A}")],
    );
    let b = render(
        "b.yaml",
        &[
            "--set",
            &format!("secret.values.masterKey={KEY_B}"),
            "--set",
            "image.tag=v2",
            "--set",
            "autoscaling.enabled=true",
        ],
    );
    let (code, out, err) = diff(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("~ apps/v1 Deployment deltallm\n"), "{out}");
    assert!(
        out.contains(r#"~ spec.template.spec.containers[name=deltallm].image: "ghcr.io/deltawi/deltallm:v1.0.0" -> "ghcr.io/deltawi/deltallm:v2""#),
        "{out}"
    );
    assert!(
        out.contains("+ autoscaling/v2 HorizontalPodAutoscaler deltallm  (added)"),
        "{out}"
    );
    assert!(out.contains("- spec.replicas: 1"), "{out}");
    assert!(
        out.contains(
            "~ v1 Secret deltallm\n    ~ data.master-key: (masked: value changed, not shown)"
        ),
        "{out}"
    );
    assert!(!out.contains("\x1b["), "no colour off a terminal");
    for leak in [KEY_A, KEY_B, &b64(KEY_A), &b64(KEY_B)] {
        assert!(
            !out.contains(leak) && !err.contains(leak),
            "secret leaked: {leak}\n{out}"
        );
    }
    let (code, json, _) = diff(&["-o", "json", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 1);
    for leak in [KEY_A, KEY_B, &b64(KEY_A), &b64(KEY_B)] {
        assert!(!json.contains(leak), "secret leaked in JSON");
    }
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["equal"], false);
    let secret = v["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "Secret")
        .unwrap();
    assert_eq!(secret["fields"][0]["path"], "data.master-key");
    assert_eq!(secret["fields"][0]["masked"], true);
    assert!(secret["fields"][0].get("old").is_none());
}

#[test]
fn string_data_and_credential_env_are_masked() {
    let d = dir();
    let a = d.join("sd-a.yaml");
    let b = d.join("sd-b.yaml");
    let doc = |pw: &str, envpw: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: x\nstringData:\n  password: {pw}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    env:\n    - name: ADMIN_PASSWORD\n      value: {envpw}\n"
        )
    };
    std::fs::write(&a, doc("hunter2-old", "env-old-pw")).unwrap();
    std::fs::write(&b, doc("hunter2-new", "env-new-pw")).unwrap();
    let (code, out, _) = diff(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("~ v1 Secret x/s\n    ~ stringData.password: (masked"),
        "{out}"
    );
    assert!(
        out.contains("spec.containers[name=c].env[name=ADMIN_PASSWORD].value: (masked"),
        "{out}"
    );
    for leak in ["hunter2", "env-old-pw", "env-new-pw"] {
        assert!(!out.contains(leak), "{out}");
    }
}

#[test]
fn named_lists_match_by_name_not_position() {
    let d = dir();
    let a = d.join("n-a.yaml");
    let b = d.join("n-b.yaml");
    std::fs::write(&a, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: x}\n  - {name: b, image: y}\n").unwrap();
    std::fs::write(&b, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: b, image: y}\n  - {name: a, image: x}\n").unwrap();
    let (code, out, _) = diff(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, "0 added, 0 removed, 0 changed\n"));
}

#[test]
fn stdin_and_errors() {
    let a = render(
        "s-a.yaml",
        &["--set", &format!("secret.values.masterKey={KEY_A}")],
    );
    let mut child = Command::new(BIN)
        .args(["diff", a.to_str().unwrap(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&a).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (code, out, err) = diff(&["/nonexistent/a.yaml", a.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("/nonexistent/a.yaml"), "{err}");
}

#[test]
fn colour_never_with_no_color() {
    // Off a terminal there is never colour; NO_COLOR must not change that
    // (the terminal case is exercised by hand: `script -c`).
    let a = render(
        "c-a.yaml",
        &["--set", &format!("secret.values.masterKey={KEY_A}")],
    );
    let b = render(
        "c-b.yaml",
        &[
            "--set",
            &format!("secret.values.masterKey={KEY_A}"),
            "--set",
            "image.tag=v3",
        ],
    );
    let out = Command::new(BIN)
        .args(["diff", a.to_str().unwrap(), b.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\x1b["));
}
