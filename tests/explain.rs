//! `values --explain`: every layer kind names itself with file:line or the
//! exact flag, overrides are listed, credentials are masked.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_deltallm-render");

fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn explain(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("values")
        .arg("--explain")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The block printed for one leaf: its `path = value` line and the lines under it.
fn block<'a>(text: &'a str, path: &str) -> Vec<&'a str> {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{path} = ")));
    let head = lines
        .next()
        .unwrap_or_else(|| panic!("no leaf {path} in:\n{text}"));
    std::iter::once(head)
        .chain(lines.take_while(|l| l.starts_with("    ")))
        .collect()
}

#[test]
fn every_layer_kind_is_named() {
    let dir = tempfile_dir("explain-layers");
    let mine = dir.join("mine.yaml");
    std::fs::write(&mine, "# mine\nimage:\n  tag: from-file\nreplicaCount: 2\n").unwrap();
    let text_file = dir.join("note.txt");
    std::fs::write(&text_file, "from a file").unwrap();
    let out = explain(&[
        "--profile",
        "eval",
        "-f",
        mine.to_str().unwrap(),
        "--set",
        "image.tag=from-set",
        "--set-string",
        "podAnnotations.team=42",
        "--set-json",
        r#"podLabels={"tier":"gw"}"#,
        "--set-file",
        &format!("podAnnotations.note={}", text_file.display()),
        "--set-literal",
        "podAnnotations.lit=a,b",
    ]);
    // chart default
    let repo_line = line_of("chart/values.yaml", "repository: ghcr.io/deltawi/deltallm");
    let b = block(&out, "image.repository");
    assert!(
        b[1].contains(&format!("chart/values.yaml:{repo_line} (chart)")),
        "{b:?}"
    );
    // profile, overriding the chart default
    let b = block(&out, "postgresql.auth.username");
    let prof = line_of("profiles/eval.yaml", "username: deltallm");
    assert!(
        b[1].contains(&format!("profiles/eval.yaml:{prof} (profile)")),
        "{b:?}"
    );
    assert!(
        b.iter()
            .any(|l| l.contains("overrides") && l.contains("charts/postgresql/values.yaml")),
        "{b:?}"
    );
    // -f file, overriding the profile's replicaCount and the chart's
    let b = block(&out, "replicaCount");
    assert!(
        b[1].contains(&format!("{}:4 (file)", mine.display())),
        "{b:?}"
    );
    assert!(b[2].contains("profiles/eval.yaml:11 (profile)"), "{b:?}");
    assert!(b[3].contains("chart/values.yaml:"), "{b:?}");
    // --set, with the exact flag, overriding the -f file
    let b = block(&out, "image.tag");
    assert_eq!(b[0], "image.tag = \"from-set\"");
    assert_eq!(b[1].trim(), "set by    --set image.tag=from-set");
    assert!(
        b[2].contains(&format!("{}:3 (file)", mine.display())),
        "{b:?}"
    );
    assert!(b[3].contains("chart/values.yaml:"), "{b:?}");
    // the rest of the flag family
    assert_eq!(
        block(&out, "podAnnotations.team")[1].trim(),
        "set by    --set-string podAnnotations.team=42"
    );
    assert_eq!(
        block(&out, "podLabels.tier")[1].trim(),
        r#"set by    --set-json podLabels={"tier":"gw"}"#
    );
    assert!(block(&out, "podAnnotations.note")[1].contains("--set-file podAnnotations.note="));
    assert_eq!(
        block(&out, "podAnnotations.lit")[1].trim(),
        "set by    --set-literal podAnnotations.lit=a,b"
    );
}

#[test]
fn credentials_are_masked() {
    let secret = "StrongMasterKey2026SecureValue99";
    let out = explain(&[
        "--profile",
        "eval",
        "--set",
        &format!("secret.values.masterKey={secret}"),
    ]);
    assert!(!out.contains(secret), "secret leaked:\n{out}");
    let b = block(&out, "secret.values.masterKey");
    assert_eq!(b[0], "secret.values.masterKey = (masked)");
    assert_eq!(
        b[1].trim(),
        "set by    --set secret.values.masterKey=(masked)"
    );
}

#[test]
fn json_output() {
    let out = explain(&[
        "--profile",
        "production",
        "--set",
        "image.tag=v9",
        "-o",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tag = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "image.tag")
        .unwrap();
    assert_eq!(tag["value"], "v9");
    assert_eq!(tag["setBy"]["layer"], "--set");
    assert_eq!(tag["setBy"]["source"], "--set image.tag=v9");
    assert_eq!(tag["overrides"][0]["layer"], "chart");
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("deltallm-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
