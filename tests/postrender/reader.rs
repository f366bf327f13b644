//! The block reader (`values::yaml::block`) against the full values reader:
//! wherever the block reader answers, its value and positions must be the
//! full reader's, and the pass must give the same output, report and
//! errors with either. Run over every DeltaLLM snapshot case, the
//! generated workload streams, and documents generated to hit the edges
//! of what the block reader takes (and what it leaves to the full one).

use std::collections::BTreeMap;

use deltallm_render::postrender::stream::document_ranges;
use deltallm_render::postrender::{Options, Reader, apply};
use deltallm_render::values::Value;
use deltallm_render::values::yaml::block;
use deltallm_render::values::yaml::{self, Mark, PathSeg};

use super::streams::{NAMES, Rng, generate};

/// Checks the block reader against the full one on one document; returns
/// whether the block reader read it (rather than deferring).
fn agrees_with_full_reader(doc: &str) -> bool {
    let Some((value, outline)) = block::read(doc) else {
        return false;
    };
    let full = yaml::full_document("t", doc)
        .unwrap_or_else(|e| panic!("block reader took what the full one refuses ({e}):\n{doc}"));
    assert_eq!(value, full, "values differ:\n{doc}");
    if let Value::Map(_) = value {
        let (_, positions) = yaml::parse_values_with_positions("t", doc).unwrap();
        let all: BTreeMap<Vec<PathSeg>, Mark> =
            positions.iter().map(|(p, m)| (p.to_vec(), m)).collect();
        // Every path of the document as a target, and one that leads nowhere.
        let targets = all
            .keys()
            .cloned()
            .chain([vec![], vec![PathSeg::Key("nowhere".into())]]);
        for target in targets {
            let expected: BTreeMap<_, _> = all
                .iter()
                .filter(|(p, _)| !p.is_empty() && target.starts_with(&p[..p.len() - 1]))
                .map(|(p, m)| (p.clone(), *m))
                .collect();
            let got: BTreeMap<_, _> = outline
                .positions(&target)
                .iter()
                .map(|(p, m)| (p.to_vec(), m))
                .collect();
            assert_eq!(got, expected, "positions around {target:?} differ:\n{doc}");
        }
    }
    true
}

/// The documents of a stream, as the pass cuts them.
fn documents(stream: &str) -> impl Iterator<Item = &str> {
    document_ranges(stream)
        .into_iter()
        .map(move |(a, b)| &stream[a..b])
}

/// The pass gives the same text, report or error with either reader.
fn pass_agrees(stream: &str, namespace: &str) {
    let with = |reader| {
        apply(
            stream,
            &Options {
                namespace: namespace.into(),
                reader,
            },
        )
    };
    assert_eq!(with(Reader::Fast), with(Reader::Full), "{stream}");
}

fn snapshot_streams() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("snapshots").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".yaml") && name != "cases.yaml" {
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    assert!(out.len() >= 20, "snapshot cases not found");
    out
}

#[test]
fn block_reader_reads_every_deltallm_snapshot_case_as_the_full_reader_does() {
    let mut docs = 0;
    for (name, stream) in snapshot_streams() {
        let annotated = apply(&stream, &super::opts()).unwrap().0;
        for text in [&stream, &annotated] {
            pass_agrees(text, "deltallm");
            for doc in documents(text) {
                // The chart's output is exactly what the block reader is for:
                // it must never need the full reader there.
                assert!(agrees_with_full_reader(doc), "{name}: deferred on\n{doc}");
                docs += 1;
            }
        }
    }
    eprintln!("snapshot cases: {docs} documents, all read by the block reader");
}

#[test]
fn block_reader_agrees_on_generated_workload_streams() {
    let (mut read, mut docs) = (0, 0);
    for seed in 0..300u64 {
        let text = generate(seed, &BTreeMap::new()).text;
        let annotated = apply(&text, &super::opts()).unwrap().0;
        for text in [&text, &annotated] {
            pass_agrees(text, "default");
            for doc in documents(text) {
                read += usize::from(agrees_with_full_reader(doc));
                docs += 1;
            }
        }
    }
    eprintln!("generated streams: {read} of {docs} documents read by the block reader");
    // Flow-style lines in the generator send some documents to the full reader.
    assert!(read * 2 > docs, "{read} of {docs}");
}

/// How many edge documents to try: 3000, or `EDGE_SEEDS` for a longer
/// hunt (100000 ran clean when the block reader was written).
fn edge_seeds() -> u64 {
    std::env::var("EDGE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000)
}

#[test]
fn block_reader_agrees_on_documents_at_its_edges() {
    let (mut read, mut docs) = (0, 0);
    for seed in 0..edge_seeds() {
        let mut r = Rng(seed);
        let doc = edge_document(&mut r);
        read += usize::from(agrees_with_full_reader(&doc));
        docs += 1;
        // The same content as a ConfigMap read by a workload: the checksum
        // (canonical form of the content) and errors must agree too.
        if seed % 4 == 0 {
            let name = NAMES[r.below(NAMES.len())];
            let data = doc.replace('\n', "\n  ");
            let stream = format!(
                "{}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  {data}",
                generate(seed, &BTreeMap::new()).text
            );
            pass_agrees(&stream, "default");
        }
    }
    eprintln!("edge documents: {read} of {docs} read by the block reader");
    // Both paths well exercised.
    assert!(read * 5 > docs && read * 5 < docs * 4, "{read} of {docs}");
}

/// Values files and Chart.yaml are read by the block reader first too: it
/// must agree on the chart's own files and on every YAML reader case.
#[test]
fn block_reader_agrees_on_values_files_and_yaml_cases() {
    let mut paths: Vec<std::path::PathBuf> = vec![
        "chart/Chart.yaml".into(),
        "chart/values.yaml".into(),
        "chart/charts/postgresql/values.yaml".into(),
        "chart/charts/redis/values.yaml".into(),
        "profiles/eval.yaml".into(),
        "profiles/production.yaml".into(),
    ];
    for entry in std::fs::read_dir("tests/yaml-cases").unwrap() {
        paths.push(entry.unwrap().path());
    }
    let (mut read, mut docs) = (0, 0);
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let taken = agrees_with_full_reader(&text);
        assert!(taken || !path.starts_with("chart"), "deferred on {path:?}");
        read += usize::from(taken);
        docs += 1;
    }
    eprintln!("values files and YAML cases: {read} of {docs} read by the block reader");
    assert!(docs > 200 && read > 50, "{read} of {docs}");
}

/// Fixed documents: each construct the block reader takes, and some it
/// leaves to the full reader, with the path it must take.
#[test]
fn block_reader_edge_cases() {
    let cases: &[(&str, bool)] = &[
        ("", true),
        ("# only a comment", true),
        (
            "a: 1\nb: -2.5e3\nc: 0x1F\nd: 017\ne: 1_000\nf: yes\ng: ~\nh: 2001-12-14",
            true,
        ),
        ("a: 9223372036854775808\nb: 1e400\nc: 12:30\nd: +1", true),
        (
            "a:\n- x\n-   y # c\nb:\n  - k: v\n    l: w\n  -\n    m: n",
            true,
        ),
        ("'a''b': \"c\\\"\\u00e9\\x41\\t\"\n\"\": ''", true),
        ("a: |\n  x\n\n   y\n  # z\nb: |-\n  x\n\nc: 1", true),
        ("a: |\n  x", true),
        ("a: |\n  x\n", true),
        ("a: |\n  x\n# after", true),
        ("a: |\nb: 1", true),
        ("a:\n- |\n\n    x\n-   |-\n   y\n- z", true),
        ("a: {}\nb: []  # c\nc: {} #c", true),
        ("a:\r\n  b: c\r\n", true),
        ("  a: 1\n  b: 2", true),
        ("a: é日本\nb: \"\\U0001F600\"", true),
        ("- a\n- b", true),
        ("a: http://x:80/p#frag\nb: a#b\nc: -c\nd: ---", true),
        // Left to the full reader.
        ("a: 1\na: 2", false),
        ("a: &x 1\nb: *x", false),
        ("a: !!str 1", false),
        ("<<: {a: 1}", false),
        ("a: {b: 1}", false),
        ("a: b\n  c", false),
        ("a: \"b\n  c\"", false),
        ("a: >\n  x", false),
        ("a: |+\n  x\n", false),
        ("a: |2\n   x", false),
        ("a: |\n  x\n\n", false),
        ("a:\tb", false),
        ("- - x", false),
        ("-\n- x", false),
        ("a:\n- |\nb: 1", false),
        ("1: x", false),
        ("true: x", false),
        ("a: .inf", false),
        ("a: \"\\/\"", false),
        ("a: 'x'#c", false),
        ("a: b: c", false),
        ("a:\n  b\n", false),
        ("scalar", false),
        ("a: 1\n...\n", false),
        ("a: \u{85}", false),
        ("a: 1\rb: 2", false),
        ("%YAML 1.1\n---\na: 1", false),
        ("a:\n  b: 1\n c: 2", false),
    ];
    for (doc, read) in cases {
        assert_eq!(agrees_with_full_reader(doc), *read, "{doc:?}");
    }
}

/// Keys, including ones the block reader leaves to the full reader.
const KEYS: &[&str] = &[
    "a",
    "b",
    "name",
    "app.kubernetes.io/name",
    "key with spaces",
    "-dash",
    "k  ",
    "\"quoted\"",
    "'single''s'",
    "\"esc\\tkey\"",
    "\"\"",
    "1",
    "true",
    "~",
    "<<",
    "a:b",
    "x#y",
    "x #y",
    "?q",
    "[f]",
    "&anchor k",
    "é",
];

/// Scalars as written after `key: ` or `- `.
const SCALARS: &[&str] = &[
    "plain",
    "two words",
    "1",
    "-1",
    "+1",
    "0x1F",
    "017",
    "0o17",
    "0b101",
    "1_000",
    "1__0",
    "1e3",
    "1.5",
    "-.5",
    "0.",
    "00",
    "-0",
    "9223372036854775808",
    "1e400",
    ".inf",
    "-.Inf",
    ".nan",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "~",
    "null",
    "Null",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "12:30",
    "1_0:3",
    "http://x:80/p",
    "a: b",
    "a:",
    "a #c",
    "a#c",
    "x   ",
    "-",
    "- x",
    "--x",
    "---",
    "...",
    "=",
    "<x>",
    "$x",
    "[a, b]",
    "{a: 1}",
    "{}",
    "[]",
    "{ }",
    "{} # c",
    "[]x",
    "&a x",
    "*a",
    "!!str 1",
    "!!int 1",
    "!x y",
    "%x",
    "@x",
    "`x",
    "?x",
    ":x",
    "'it''s'",
    "'a'#c",
    "'a' # c",
    "'unterminated",
    "\"dq\"",
    "\"e\\n\\u00e9\\x41\\\\ \\\" \\0 \\e \\ \"",
    "\"bad\\/\"",
    "\"\\ud83d\"",
    "\"\\U0001F600\"",
    "\"\\N\"",
    "\"unterminated",
    "\"x\" y",
    "\"x\"  # c",
    "é",
    "日本",
    "a\tb",
    "\ta",
    "a\u{85}b",
    "a\u{2028}b",
    "\u{feff}x",
    "a\u{7}b",
];

/// Lines of literal block scalar content (indented by the generator).
const LITERAL_LINES: &[&str] = &[
    "text",
    "  more indented",
    "",
    "# not a comment",
    "---",
    "key: v",
    "\ttab first",
    "tab\tinside",
    "trailing  ",
    "é",
];

/// A document generated to hit the block reader's edges: every construct
/// it takes, most it does not, and slips of indentation.
fn edge_document(r: &mut Rng) -> String {
    let mut out = String::new();
    if r.chance(10) {
        out.push_str("# leading comment\n");
    }
    if r.chance(8) {
        edge_sequence(r, 0, 0, &mut out);
    } else {
        edge_mapping(r, 0, 0, &mut out);
    }
    if r.chance(8) {
        out = out.replace('\n', "\r\n");
    }
    // Documents cut from a stream end without a line break.
    if r.chance(70) {
        while out.ends_with(['\n', '\r']) {
            out.pop();
        }
    }
    out
}

fn pick<'a>(r: &mut Rng, items: &[&'a str]) -> &'a str {
    items[r.below(items.len())]
}

/// Indentation, now and then one space off.
fn indent(r: &mut Rng, n: usize) -> String {
    let n = match r.below(100) {
        0 => n + 1,
        1 if n > 0 => n - 1,
        _ => n,
    };
    " ".repeat(n)
}

fn decoration(r: &mut Rng, n: usize, out: &mut String) {
    if r.chance(8) {
        out.push_str(&format!("{}# comment\n", " ".repeat(r.below(n + 3))));
    }
    if r.chance(5) {
        out.push_str(&format!("{}\n", " ".repeat(r.below(4))));
    }
}

fn trailing_comment(r: &mut Rng) -> &'static str {
    match r.below(20) {
        0..=5 => " # c",
        6 => "#c",
        7 => "   ",
        _ => "",
    }
}

fn edge_mapping(r: &mut Rng, n: usize, depth: usize, out: &mut String) {
    let common = ["a", "b", "c", "d", "e", "name", "data"];
    for _ in 0..1 + r.below(4) {
        decoration(r, n, out);
        let key = if r.chance(80) {
            pick(r, &common)
        } else {
            pick(r, KEYS)
        };
        out.push_str(&format!("{}{key}:", indent(r, n)));
        edge_value(r, n, depth, true, out);
    }
}

fn edge_sequence(r: &mut Rng, n: usize, depth: usize, out: &mut String) {
    for _ in 0..1 + r.below(3) {
        decoration(r, n, out);
        out.push_str(&format!("{}-", indent(r, n)));
        match r.below(10) {
            // A compact mapping: `- key: v` and more keys under it.
            0..=3 => {
                let spaces = 1 + usize::from(r.chance(20));
                out.push_str(&" ".repeat(spaces));
                let inner = n + 1 + spaces;
                let mut first = String::new();
                edge_mapping(r, inner, depth + 1, &mut first);
                out.push_str(first.trim_start_matches(' '));
            }
            4 if r.chance(30) => out.push_str(" - x\n"),
            _ => edge_value(r, n, depth, false, out),
        }
    }
}

/// What follows `key:` or `-` at indentation `n`.
fn edge_value(r: &mut Rng, n: usize, depth: usize, in_map: bool, out: &mut String) {
    let nested = depth < 4;
    match r.below(20) {
        0..=8 => {
            let s = if r.chance(70) {
                pick(r, &SCALARS[..40])
            } else {
                pick(r, SCALARS)
            };
            out.push_str(&format!(" {s}{}\n", trailing_comment(r)));
            if r.chance(3) {
                // A plain scalar continued on the next line.
                out.push_str(&format!("{}more\n", " ".repeat(n + 2)));
            }
        }
        9..=11 if nested => {
            out.push_str(&format!("{}\n", trailing_comment(r)));
            let step = [2, 2, 4, 1][r.below(4)];
            if r.chance(35) {
                let same = in_map && r.chance(50);
                edge_sequence(r, if same { n } else { n + step }, depth + 1, out);
            } else {
                edge_mapping(r, n + step, depth + 1, out);
            }
        }
        12..=14 => edge_literal(r, n, out),
        15 => out.push_str(&format!(
            " {}{}\n",
            pick(r, &["{}", "[]"]),
            trailing_comment(r)
        )),
        16 => out.push('\n'),
        17 => out.push_str(" # only a comment\n"),
        _ => out.push_str(&format!(" {}\n", pick(r, SCALARS))),
    }
}

fn edge_literal(r: &mut Rng, n: usize, out: &mut String) {
    let header = pick(r, &["|", "|", "|-", "|-", "|+", ">", "|2", "| # c", "|-#c"]);
    out.push_str(&format!(" {header}\n"));
    let content = n + [2, 2, 1, 3, 0][r.below(5)];
    for i in 0..r.below(5) {
        let line = pick(r, LITERAL_LINES);
        let extra = if i == 0 && r.chance(10) { "  " } else { "" };
        if line.is_empty() {
            out.push_str(&format!("{}\n", " ".repeat(r.below(content + 3))));
        } else {
            out.push_str(&format!("{}{extra}{line}\n", " ".repeat(content)));
        }
    }
    if r.chance(20) {
        out.push_str(&format!("{}\n", " ".repeat(r.below(3))));
    }
}
