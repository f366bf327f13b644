//! Release assembly against real Helm: every chart under
//! `tests/release-cases/` is turned into `Rendered`/`Crd` lists straight
//! from its files (their content is literal YAML, so rendering is the
//! identity) and `assemble()` must reproduce the recorded `helm template`
//! output of Helm 4 and, with `helm3: true`, of Helm 3, byte for byte.
//! Every case also runs through the `deltallm-render template` binary,
//! which must print the same; cases named `flags-*` exercise the command
//! line (names, refusals, post-renderers, `--debug`) and run only there.
//! Goldens come only from `scripts/record-release-goldens.sh`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use deltallm_render::release::{Crd, HelmError, Output, Rendered, TemplateOptions, assemble};
use deltallm_render::values::yaml::parse_document;

const CASES: &str = "tests/release-cases";
const GOLDENS: &str = "tests/goldens/release";

/// Cases whose Helm output we do not reproduce, with the Helm versions
/// concerned; each still has to fail, so a fix is noticed and the entry
/// removed.
const KNOWN_DIVERGENCES: &[(&str, &[u32], &str)] = &[
    (
        "flags-debug-invalid-yaml",
        &[3],
        "on failure Helm 3's --debug logs the error again with Go's stack trace, which names \
         Helm's own source files and lines",
    ),
    (
        "flags-debug-render-error",
        &[3],
        "on failure Helm 3's --debug logs the error again after it (`helm.go:86: <time> [debug] \
         <error>`), which we do not",
    ),
    (
        "hooks-unknown-scalars-lossy",
        &[3, 4],
        "Value keeps YAML numbers as f64 and rejects infinities, but sigs.k8s.io/yaml stringifies \
         for string fields first: `1e10` prints as 1e+10 (not 10000000000), `.inf` as +Inf",
    ),
];

/// Directory entries sorted by name, as Go's `filepath.Walk` visits them.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().path()).collect(),
        Err(_) => return Vec::new(),
    };
    out.sort();
    out
}

/// Every file below `dir` in walk order, with its `/`-joined relative path.
fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    for path in entries(dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if path.is_dir() {
            walk(&path, &rel, out);
        } else {
            out.push((rel, fs::read_to_string(&path).unwrap()));
        }
    }
}

fn chart_name(dir: &Path) -> String {
    let src = fs::read_to_string(dir.join("Chart.yaml")).unwrap();
    let meta = parse_document("Chart.yaml", &src).unwrap();
    meta.as_map().unwrap()["name"].as_str().unwrap().to_string()
}

/// Templates and CRDs of a chart and, recursively, its `charts/` subcharts,
/// named as Helm names them (`parent/charts/sub/templates/x.yaml`).
fn load(dir: &Path, prefix: &str, rendered: &mut Vec<Rendered>, crds: &mut Vec<Crd>) {
    let prefix = if prefix.is_empty() {
        chart_name(dir)
    } else {
        format!("{prefix}/charts/{}", chart_name(dir))
    };
    let mut files = Vec::new();
    walk(&dir.join("templates"), "", &mut files);
    for (rel, content) in files {
        rendered.push(Rendered {
            path: format!("{prefix}/templates/{rel}"),
            content,
        });
    }
    let mut files = Vec::new();
    walk(&dir.join("crds"), "", &mut files);
    for (rel, content) in files {
        let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if rel.contains('.') && matches!(ext.as_str(), "yaml" | "yml" | "json") {
            crds.push(Crd {
                path: format!("{prefix}/crds/{rel}"),
                content,
            });
        }
    }
    for sub in entries(&dir.join("charts")) {
        load(&sub, &prefix, rendered, crds);
    }
}

/// The case's `flags` file, split on whitespace like the recording script.
fn options(dir: &Path, helm3: bool) -> TemplateOptions {
    let flags = fs::read_to_string(dir.join("flags")).unwrap_or_default();
    let mut opts = TemplateOptions {
        release_name: "r".into(),
        helm3,
        ..Default::default()
    };
    let mut args = flags.split_whitespace();
    while let Some(flag) = args.next() {
        match flag {
            "--include-crds" => opts.include_crds = true,
            "--skip-crds" => {}
            "--skip-tests" => opts.skip_tests = true,
            "--no-hooks" => opts.no_hooks = true,
            "--release-name" => opts.use_release_name = true,
            "-s" | "--show-only" => opts.show_only.push(args.next().unwrap().into()),
            "--output-dir" => opts.output_dir = Some(args.next().unwrap().into()),
            other => panic!("{}: unsupported flag {other}", dir.display()),
        }
    }
    opts
}

/// Runs one case and formats the result the way the recording script does.
fn run(dir: &Path, helm3: bool) -> String {
    let (mut rendered, mut crds) = (Vec::new(), Vec::new());
    load(dir, "", &mut rendered, &mut crds);
    let (stdout, stderr, code, mut files) = match assemble(rendered, crds, &options(dir, helm3)) {
        Ok(a) => match a.output {
            Output::Stream(s) => (s, a.stderr, 0, Vec::new()),
            Output::Files { files, stdout } => (stdout, a.stderr, 0, files),
        },
        Err(e) => {
            let logged = &e.downcast_ref::<HelmError>().unwrap().stderr;
            (
                String::new(),
                format!("{logged}Error: {e}\n"),
                1,
                Vec::new(),
            )
        }
    };
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = format!("### stdout\n{stdout}\n### stderr\n{stderr}\n### exit {code}\n");
    for f in files {
        out.push_str(&format!("### file {}\n{}\n", f.path.display(), f.content));
    }
    out
}

/// Runs one case through the binary as the recording script runs Helm:
/// in an empty scratch directory, with the recorded golden's normalising.
fn run_binary(dir: &Path, helm3: bool) -> String {
    let case = fs::canonicalize(dir).unwrap();
    let case_text = case.to_string_lossy().into_owned();
    let scratch = std::env::temp_dir().join(format!(
        "deltallm-release-{}-{}-{}",
        std::process::id(),
        dir.file_name().unwrap().to_string_lossy(),
        if helm3 { 3 } else { 4 }
    ));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).unwrap();
    let flags = fs::read_to_string(dir.join("flags")).unwrap_or_default();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deltallm-render"));
    cmd.current_dir(&scratch)
        .env("HELM_PLUGINS", "/nonexistent/helm-plugins")
        .arg("template");
    if !dir.join("no-name").exists() {
        cmd.arg("r");
    }
    cmd.arg(&case)
        .args(
            flags
                .split_whitespace()
                .map(|f| f.replace("@CASE@", &case_text)),
        )
        .arg("--no-checksums");
    if helm3 {
        cmd.arg("--helm3");
    }
    let out = cmd.output().unwrap();
    let mut written = Vec::new();
    walk(&scratch, "", &mut written);
    let _ = fs::remove_dir_all(&scratch);
    let mut text = format!(
        "### stdout\n{}\n### stderr\n{}\n### exit {}\n",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        out.status.code().unwrap_or(-1)
    );
    for (path, content) in written {
        text.push_str(&format!("### file {path}\n{content}\n"));
    }
    normalise(&text.replace(&case_text, "@CASE@"))
}

/// The recording script's `@TIME@` for the time stamp of Helm 3's
/// `--debug` lines (`install.go:225: <time> m=+<seconds> [debug] ...`,
/// any `<file>.go:<line>:`).
fn normalise(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let is_log = line.split_once(".go:").is_some_and(|(file, _)| {
                !file.is_empty() && file.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            });
            match (is_log, line.find(": "), line.find(" [debug] ")) {
                (true, Some(colon), Some(end)) => {
                    format!("{}@TIME@{}", &line[..colon + 2], &line[end..])
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

fn check(helm3: bool) {
    let major = if helm3 { 3 } else { 4 };
    let (mut passed, mut failed) = (0, Vec::new());
    for dir in entries(Path::new(CASES)) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let golden = fs::read_to_string(format!("{GOLDENS}/{name}.helm{major}.out"))
            .unwrap_or_else(|e| {
                panic!("{name}: no helm{major} golden ({e}); run scripts/record-release-goldens.sh")
            });
        let mut outcomes = vec![("binary", run_binary(&dir, helm3))];
        if !name.starts_with("flags-") {
            outcomes.push(("assemble", run(&dir, helm3)));
        }
        for (path, got) in outcomes {
            if got == golden {
                passed += 1;
            } else {
                failed.push((format!("{name} ({path})"), got, golden.clone()));
            }
        }
    }
    let known: Vec<&str> = KNOWN_DIVERGENCES
        .iter()
        .filter(|(_, versions, _)| versions.contains(&major))
        .map(|(name, ..)| *name)
        .collect();
    let case = |failure: &str| failure.split(' ').next().unwrap_or_default().to_string();
    let unexpected: Vec<_> = failed
        .iter()
        .filter(|(n, ..)| !known.contains(&case(n).as_str()))
        .collect();
    for (name, got, golden) in &unexpected {
        eprintln!("=== {name} (helm{major})\n--- got\n{got}--- want\n{golden}");
    }
    let fixed: Vec<_> = known
        .iter()
        .filter(|k| !failed.iter().any(|(n, ..)| case(n) == **k))
        .collect();
    eprintln!(
        "helm{major}: {passed} passed, {} failed ({} known)",
        failed.len(),
        failed.len() - unexpected.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} cases differ from helm{major}",
        unexpected.len()
    );
    assert!(
        fixed.is_empty(),
        "known divergences now pass, drop them: {fixed:?}"
    );
}

#[test]
fn matches_helm4() {
    check(false);
}

#[test]
fn matches_helm3() {
    check(true);
}
