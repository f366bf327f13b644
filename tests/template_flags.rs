//! The `helm template` flags whose effect needs a cluster, the network or
//! a Helm 4 plugin run: we refuse them, naming the flag, where Helm's own
//! output depends on the machine (an unreachable cluster's address, DNS).
//! Everything Helm prints the same on every machine is recorded instead
//! (`tests/release-cases/flags-*`, run by `tests/release.rs`).
//!
//! Also the shape of Helm 3's `--debug` time stamps, which the recorded
//! cases normalise away.

use std::path::Path;
use std::process::{Command, Output};

const CHART: &str = "tests/release-cases/flags-debug";

fn template(args: &[&str], plugins: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deltallm-render"))
        .arg("template")
        .args(args)
        .arg("--no-checksums")
        .env("HELM_PLUGINS", plugins)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Fails with exit 1 and a message that names `flag` and the reason.
fn assert_refused(args: &[&str], flag: &str, why: &str) {
    for helm3 in [false, true] {
        let mut all = args.to_vec();
        if helm3 {
            all.push("--helm3");
        }
        let out = template(&all, "/nonexistent/helm-plugins");
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{all:?}: {text}");
        assert!(out.stdout.is_empty(), "{all:?}: printed a stream");
        let last = text.lines().last().unwrap_or_default();
        assert!(
            last.starts_with(&format!("Error: {flag}")) && last.contains(why),
            "{all:?}: {text}"
        );
    }
}

#[test]
fn cluster_flags_are_refused() {
    assert_refused(
        &["r", CHART, "--validate"],
        "--validate",
        "needs a Kubernetes cluster",
    );
    assert_refused(
        &["r", CHART, "--dry-run=server"],
        "--dry-run=server",
        "needs a Kubernetes cluster",
    );
}

#[test]
fn helm4_deprecates_validate_before_refusing() {
    let out = template(&["r", CHART, "--validate"], "/nonexistent/helm-plugins");
    assert!(stderr(&out).starts_with(
        "Flag --validate has been deprecated, use '--dry-run=server' instead\nError: --validate"
    ));
}

#[test]
fn repo_needs_the_network_in_helm4_only() {
    let args = ["r", CHART, "--repo", "http://127.0.0.1:9/charts"];
    let out = template(&args, "/nonexistent/helm-plugins");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("Error: --repo needs the network"));
    // Helm 3 uses the local chart and never reads the repository.
    let out = template(
        &[&args[..], &["--helm3"]].concat(),
        "/nonexistent/helm-plugins",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn dependency_update_of_missing_dependencies_is_refused() {
    assert_refused(
        &[
            "r",
            "tests/release-cases/flags-missing-dependency",
            "--dependency-update",
        ],
        "--dependency-update",
        "needs the network (Helm would download absent, gone)",
    );
}

#[test]
fn verify_of_a_signed_archive_is_refused() {
    let dir = std::env::temp_dir().join(format!("deltallm-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("chart.tgz");
    let status = Command::new("tar")
        .args([
            "czf",
            archive.to_str().unwrap(),
            "-C",
            "tests/release-cases",
            "flags-debug",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(dir.join("chart.tgz.prov"), "signed\n").unwrap();
    assert_refused(
        &["r", archive.to_str().unwrap(), "--verify"],
        "--verify",
        "OpenPGP provenance is not supported",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn helm4_post_renderer_plugins_are_found_then_refused() {
    let plugins = Path::new("plugins").canonicalize().unwrap();
    let out = template(
        &["r", CHART, "--post-renderer", "deltallm-checksums"],
        plugins.to_str().unwrap(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.starts_with("Error: --post-renderer: Helm 4 runs plugin deltallm-checksums ("),
        "{text}"
    );
}

/// `install.go:225: 2026-01-02 03:04:05.123456789 +0000 UTC m=+0.000012345 [debug] ...`
#[test]
fn helm3_debug_lines_carry_go_time_stamps() {
    let out = template(
        &["r", CHART, "--debug", "--helm3"],
        "/nonexistent/helm-plugins",
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stderr(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for (line, prefix, rest) in [
        (
            lines[0],
            "install.go:225: ",
            " [debug] Original chart version: \"\"",
        ),
        (lines[1], "install.go:242: ", " [debug] CHART PATH: "),
    ] {
        let stamp = line
            .strip_prefix(prefix)
            .and_then(|l| l.split_once(rest))
            .map(|(stamp, _)| stamp)
            .unwrap_or_else(|| panic!("{line}"));
        let parts: Vec<&str> = stamp.split(' ').collect();
        assert_eq!(parts.len(), 5, "{stamp}");
        let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        assert!(parts[0].split('-').all(is_digits), "{stamp}");
        let (clock, fraction) = parts[1].split_once('.').unwrap_or((parts[1], "0"));
        assert!(
            clock.split(':').all(is_digits) && is_digits(fraction),
            "{stamp}"
        );
        assert!(
            parts[2].len() == 5 && parts[2].starts_with(['+', '-']),
            "{stamp}"
        );
        let monotonic = parts[4]
            .strip_prefix("m=+")
            .unwrap_or_else(|| panic!("{stamp}"));
        let (whole, nanos) = monotonic.split_once('.').unwrap();
        assert!(
            is_digits(whole) && is_digits(nanos) && nanos.len() == 9,
            "{stamp}"
        );
    }
    assert_eq!(lines[2], "");
}
