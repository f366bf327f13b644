//! Helm's chart objects against real Helm: every chart under
//! `tests/object-cases/` (`.Files` and its methods, `.Subcharts`, `.Chart`
//! and `.Capabilities` printed and encoded, `define` inside `tpl`, the
//! include and template recursion limits) rendered by `action::template`
//! must print what `helm template r <case>` printed, or fail with Helm's
//! error. Goldens come only from `scripts/record-object-goldens.sh`.

use std::fs;
use std::path::{Path, PathBuf};

use deltallm_render::action::{self, TemplateRequest};
use deltallm_render::engine::HelmCompat;
use deltallm_render::release::{Output, TemplateOptions};

const CASES: &str = "tests/object-cases";
const GOLDENS: &str = "tests/goldens/objects";

/// Cases that still differ from Helm, with the reason; the test fails when
/// one starts to match, so the list only shrinks.
const KNOWN_DIVERGENCES: &[(&str, &str, &str)] = &[
    ("files-get-wrong-arg-type", "helm3", METHOD_ARGS),
    ("files-get-wrong-arg-type", "helm4", METHOD_ARGS),
    ("files-get-nil-field-arg", "helm3", METHOD_ARGS),
    ("files-get-nil-field-arg", "helm4", METHOD_ARGS),
    ("files-get-int64-arg", "helm3", METHOD_ARGS),
    ("files-get-int64-arg", "helm4", METHOD_ARGS),
    ("chart-print-pointers", "helm3", ADDRESS),
    ("capabilities-in-list", "helm3", ADDRESS),
    ("address-then-yaml-error", "helm3", ADDRESS),
    ("capabilities-in-list", "helm4", ADDRESS),
    ("chart-print-go-syntax", "helm3", NIL_OR_EMPTY),
    ("capabilities-to-toml", "helm3", TOML_STRUCT),
    ("capabilities-to-toml", "helm4", TOML_STRUCT),
];

/// The TOML encoder writes Helm's structs by Go field name in field order;
/// we refuse `toToml` of them with an error.
const TOML_STRUCT: &str = "toToml of one of Helm's structs";

/// `%#v` writes a nil list or map (`[]string(nil)`) differently from an
/// empty one (`[]string{}`); we do not keep the difference for Helm 3's
/// `.Chart`, and fail with an error saying so.
const NIL_OR_EMPTY: &str = "%#v of a struct holding an empty list or map";

/// Go prints a pointer to a struct inside a printed value as its memory
/// address (`[0xc000123456]`), different on every run; we fail with an
/// error saying so.
const ADDRESS: &str = "a pointer Go prints as a memory address";

/// Go checks each argument of a method call at the argument's own node
/// with the rules it applies to function arguments (`expected string;
/// found 1` for a literal, `got interface {}` for a value read from a
/// map); we check the evaluated values at the method's node. Both fail.
const METHOD_ARGS: &str = "method arguments are checked after evaluation, at the method";

/// The recording: Helm's stdout when it succeeded, else its error block.
fn expected(case: &str, suffix: &str) -> Result<String, String> {
    let path = Path::new(GOLDENS).join(format!("{case}.{suffix}.out"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run scripts/record-object-goldens.sh)",
            path.display()
        )
    });
    let (head, rest) = text.split_once("\n--- stdout\n").expect("golden header");
    let (stdout, error) = rest.split_once("--- error\n").expect("golden error");
    match head {
        "exit 0" => Ok(stdout.to_owned()),
        _ => Err(error.trim_end().to_owned()),
    }
}

fn render(case: &str, compat: HelmCompat) -> Result<String, String> {
    let req = TemplateRequest {
        release_name: "r".into(),
        chart: Some(PathBuf::from(CASES).join(case)),
        namespace: "default".into(),
        compat,
        output: TemplateOptions {
            release_name: "r".into(),
            helm3: compat == HelmCompat::Helm3,
            ..Default::default()
        },
        ..Default::default()
    };
    match action::template(&req) {
        Ok(assembled) => match assembled.output {
            Output::Stream(s) => Ok(s),
            Output::Files { .. } => unreachable!("no --output-dir here"),
        },
        // The recording keeps Helm's error up to the --debug hint.
        Err(e) => Err(format!("Error: {e:#}")
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_owned()),
    }
}

fn run(compat: HelmCompat, suffix: &str) {
    let mut cases: Vec<String> = fs::read_dir(CASES)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    let (mut passed, mut failed) = (0, Vec::new());
    for case in &cases {
        let want = expected(case, suffix);
        let got = render(case, compat);
        let same = got == want;
        let known = KNOWN_DIVERGENCES
            .iter()
            .any(|(c, s, _)| c == case && *s == suffix);
        match (same, known) {
            (true, true) => failed.push(format!(
                "{case}: now matches {suffix}; remove it from KNOWN_DIVERGENCES"
            )),
            (true, false) => passed += 1,
            (false, true) => {}
            (false, false) => failed.push(format!(
                "{case}:\n  want {:?}\n  got  {:?}",
                clip(&want),
                clip(&got)
            )),
        }
    }
    println!(
        "object cases vs {suffix}: {passed} passed, {} failed",
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from {suffix}:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}

/// Long outputs (the recursion errors run to 96 KB) shown by their ends.
fn clip(r: &Result<String, String>) -> Result<String, String> {
    let cut = |s: &String| {
        if s.len() <= 1200 {
            return s.clone();
        }
        let head: String = s.chars().take(500).collect();
        let tail: String = s
            .chars()
            .rev()
            .take(500)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("{head} … ({} bytes) … {tail}", s.len())
    };
    r.as_ref().map(cut).map_err(cut)
}

#[test]
fn chart_objects_match_helm4() {
    run(HelmCompat::Helm4, "helm4");
}

#[test]
fn chart_objects_match_helm3() {
    run(HelmCompat::Helm3, "helm3");
}
