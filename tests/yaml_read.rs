//! The YAML reader against real Helm: every `tests/yaml-cases/<name>.yaml`
//! was rendered by Helm 3 and Helm 4 (`scripts/record-yaml-goldens.sh`) in a
//! probe chart printing `toJson` and each node's `typeOf`; our reader must
//! give the same JSON text, the same Go types, and Helm's exact error text.

use std::fs;
use std::path::{Path, PathBuf};

use deltallm_render::values::Value;
use deltallm_render::values::yaml::{self, PathSeg};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// What Helm printed for one case.
struct Golden {
    exit: i32,
    stdout: String,
    stderr: String,
}

fn read_golden(path: &Path) -> Golden {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (head, rest) = text.split_once("\n-- stdout --\n").expect("stdout marker");
    let (stdout, stderr) = rest.split_once("-- stderr --\n").expect("stderr marker");
    Golden {
        exit: head
            .trim_start_matches("exit: ")
            .trim()
            .parse()
            .expect("exit code"),
        stdout: stdout.to_string(),
        stderr: stderr.to_string(),
    }
}

/// encoding/json's rendering of a value, i.e. what Helm's `toJson` prints:
/// the library's encoder, itself checked against Helm in `tests/emit.rs`.
fn go_json(v: &Value, out: &mut String) {
    out.push_str(
        &deltallm_render::values::emit::to_json(v).expect("values read from YAML are finite"),
    );
}

/// `typeOf` of every node, pre-order, map keys sorted: the probe's walk.
fn types(v: &Value, out: &mut Vec<String>) {
    out.push(v.go_type().to_string());
    match v {
        Value::List(items) => items.iter().for_each(|i| types(i, out)),
        Value::Map(m) => m.values().for_each(|i| types(i, out)),
        _ => {}
    }
}

/// The JSON line and type lines following `# {label}: ` in the probe output.
fn section(stdout: &str, label: &str) -> Option<(String, Vec<String>)> {
    let start = stdout.find(&format!("# {label}: "))?;
    let mut lines = stdout[start..].lines();
    let json = lines.next()?.split_once(": ")?.1.to_string();
    let types = lines
        .take_while(|l| l.starts_with("# t "))
        .map(|l| l["# t ".len()..].to_string())
        .collect();
    Some((json, types))
}

fn case_names() -> Vec<String> {
    let dir = PathBuf::from(ROOT).join("tests/yaml-cases");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/yaml-cases")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

fn case_src(name: &str) -> String {
    let path = PathBuf::from(ROOT).join(format!("tests/yaml-cases/{name}.yaml"));
    String::from_utf8(fs::read(&path).unwrap()).expect("cases are UTF-8")
}

/// Compares one case with one Helm version's golden; `Err` says how it differs.
fn check(name: &str, helm: u8) -> Result<(), String> {
    let golden =
        read_golden(&PathBuf::from(ROOT).join(format!("tests/goldens/yaml/{name}.helm{helm}.out")));
    let src = case_src(name);
    // The chart's values.yaml: one document in Helm 3, a stream in Helm 4.
    let ours = if helm == 4 {
        yaml::load_values("values.yaml", &src)
    } else {
        yaml::parse_values("values.yaml", &src)
    };
    if golden.exit != 0 {
        let want = golden.stderr.trim_end();
        let want = want
            .strip_prefix("Error: cannot load values.yaml: ")
            .unwrap_or(want);
        return match ours {
            Ok(v) => {
                let mut json = String::new();
                go_json(&v, &mut json);
                Err(format!("helm failed with {want:?}, we read {json}"))
            }
            Err(e) if e.go_error == want => Ok(()),
            Err(e) => Err(format!(
                "error text\n  helm: {want}\n  ours: {}",
                e.go_error
            )),
        };
    }
    let v = ours.map_err(|e| format!("helm succeeded, we failed: {e} ({})", e.go_error))?;
    let (want_json, want_types) = section(&golden.stdout, "values").ok_or("no values line")?;
    let mut json = String::new();
    go_json(&v, &mut json);
    if json != want_json {
        return Err(format!("values\n  helm: {want_json}\n  ours: {json}"));
    }
    let mut ours_types = Vec::new();
    types(&v, &mut ours_types);
    // The root prints as chartutil.Values / common.Values; compare below it.
    if ours_types[1..] != want_types[1..] {
        return Err(format!(
            "types\n  helm: {want_types:?}\n  ours: {ours_types:?}"
        ));
    }
    // fromYaml on the same text: nothing is coalesced away there.
    let (want_json, _) = section(&golden.stdout, "fromYaml").ok_or("no fromYaml line")?;
    let doc = yaml::parse_document("case.yaml", &src).map_err(|e| e.to_string())?;
    let mut json = String::new();
    go_json(&doc, &mut json);
    if doc != Value::Null && json != want_json {
        return Err(format!("fromYaml\n  helm: {want_json}\n  ours: {json}"));
    }
    Ok(())
}

#[test]
fn matches_helm_goldens() {
    let names = case_names();
    let mut failures = Vec::new();
    let mut passed = 0;
    for name in &names {
        for helm in [3, 4] {
            match check(name, helm) {
                Ok(()) => passed += 1,
                Err(why) => failures.push(format!("{name} (helm {helm}): {why}")),
            }
        }
    }
    eprintln!(
        "yaml cases: {passed} of {} checks match Helm",
        names.len() * 2
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(names.len() >= 100, "only {} cases", names.len());
}

/// The real chart's values and profiles parse fast: a guard against
/// accidental quadratic work, with slack for loaded CI machines (unloaded,
/// a release build reads chart/values.yaml in a fraction of a millisecond).
#[test]
fn parses_the_chart_values_quickly() {
    let mut files: Vec<PathBuf> = [
        "chart/values.yaml",
        "profiles/eval.yaml",
        "profiles/production.yaml",
    ]
    .iter()
    .map(|p| PathBuf::from(ROOT).join(p))
    .collect();
    files.retain(|p| p.exists());
    for path in files {
        let src = fs::read_to_string(&path).unwrap();
        yaml::parse_values("values.yaml", &src).expect("chart values parse");
        let runs = 200;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(yaml::parse_values("values.yaml", &src).unwrap());
        }
        let per = start.elapsed() / runs;
        let limit = if cfg!(debug_assertions) { 200 } else { 10 };
        eprintln!("{}: {per:?} per parse", path.display());
        assert!(
            per.as_millis() < limit,
            "{}: {per:?} per parse",
            path.display()
        );
    }
}

#[test]
fn positions_point_at_keys_and_items() {
    let src = "a:\n  b: 1\n  c: [x, y]\nd: &m {k: v}\ne:\n  <<: *m\n  f: 2\n";
    let (_, pos) = yaml::parse_values_with_positions("v.yaml", src).unwrap();
    let key = |k: &str| PathSeg::Key(k.to_string());
    let at = |path: &[PathSeg]| pos.get(path).map(|m| (m.line, m.col));
    assert_eq!(at(&[]), Some((1, 1)));
    assert_eq!(at(&[key("a")]), Some((1, 1)));
    assert_eq!(at(&[key("a"), key("b")]), Some((2, 3)));
    assert_eq!(at(&[key("a"), key("c"), PathSeg::Index(1)]), Some((3, 10)));
    // A merged entry is located where it was written: inside the anchor.
    assert_eq!(at(&[key("e"), key("k")]), Some((4, 8)));
    assert_eq!(at(&[key("e"), key("f")]), Some((7, 3)));
    assert_eq!(at(&[key("zz")]), None);
    // A duplicate key replaces the value, and the old value's positions go.
    let (_, pos) = yaml::parse_values_with_positions("v.yaml", "a: {b: 1}\na: 2\n").unwrap();
    assert_eq!(pos.get(&[key("a")]).map(|m| m.line), Some(2));
    assert_eq!(pos.get(&[key("a"), key("b")]), None);
    assert_eq!(pos.iter().count(), pos.len());
}

#[test]
fn streams_documents_and_errors_carry_positions() {
    let docs = yaml::parse_stream("s.yaml", "a: 1\n---\n- x\n---\n").unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[2], Value::Null);
    assert_eq!(yaml::parse_document("d.yaml", "").unwrap(), Value::Null);
    let e = yaml::parse_values("v.yaml", "a: 1\n b: 2\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "v.yaml:2:3: mapping values are not allowed in this context"
    );
}

/// Mutation fuzzing without cargo-fuzz: for `FUZZ_SECONDS` (default 2),
/// mutate the case files with a seeded PRNG and require every entry point
/// to return (no panic; a hang fails the test by its time limit).
#[test]
fn mutated_cases_never_panic() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let seeds: Vec<Vec<u8>> = case_names()
        .iter()
        .map(|n| case_src(n).into_bytes())
        .collect();
    let tokens: &[&[u8]] = &[
        b": ",
        b"- ",
        b"\n",
        b"\t",
        b"&a ",
        b"*a",
        b"<<: ",
        b"!!int ",
        b"!!binary ",
        b"|",
        b">-",
        b"[",
        b"]",
        b"{",
        b"}",
        b",",
        b"'",
        b"\"",
        b"#",
        b"? ",
        b"---\n",
        b"...\n",
        b"%YAML 1.1\n",
        b"\\",
        b".nan",
        b"~",
        b"0x",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"  ",
    ];
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let mut executed = 0u64;
    while std::time::Instant::now() < deadline {
        let mut input = seeds[next() as usize % seeds.len()].clone();
        for _ in 0..1 + next() % 8 {
            let at = if input.is_empty() {
                0
            } else {
                next() as usize % (input.len() + 1)
            };
            match next() % 4 {
                0 if at < input.len() => {
                    input.remove(at);
                }
                1 => {
                    let t = tokens[next() as usize % tokens.len()];
                    input.splice(at..at, t.iter().copied());
                }
                2 if at < input.len() => input[at] = next() as u8,
                _ => {
                    let other = &seeds[next() as usize % seeds.len()];
                    let from = next() as usize % (other.len() + 1);
                    let len = (next() as usize % 64).min(other.len() - from);
                    input.splice(at..at, other[from..from + len].iter().copied());
                }
            }
        }
        let src = String::from_utf8_lossy(&input);
        let _ = yaml::parse_values("f.yaml", &src);
        let _ = yaml::load_values("f.yaml", &src);
        let _ = yaml::parse_stream("f.yaml", &src);
        let _ = yaml::parse_values_with_positions("f.yaml", &src);
        executed += 1;
    }
    eprintln!("yaml mutation fuzz: {executed} inputs in {seconds}s");
}

/// Deep block nesting (one line of `- - - ...`) must not overflow the stack
/// of a test thread: go-yaml allows 10000 levels.
#[test]
fn deep_nesting_returns() {
    for depth in [1000, 9000, 20000] {
        let src = format!("a:\n{}x\n", "- ".repeat(depth));
        let _ = yaml::parse_values("deep.yaml", &src);
        let _ = yaml::load_values("deep.yaml", &src);
    }
}
