//! The template parser against goldens recorded from real Helm
//! (`scripts/record-parse-goldens.sh`), plus a time-boxed fuzz loop.
//!
//! For each `tests/parse-cases/NAME.tpl` the goldens hold Helm's output when
//! the case is a chart template (`### direct`) and when it goes through
//! `tpl` (`### tpl`, template name `gotpl`, full Go error text). Checks:
//! * parse errors: our Go-form message matches the `tpl` route exactly, and
//!   our Helm-form message matches the `direct` route exactly (3 and 4);
//! * successes: a tiny evaluator (literals, variables, if/with/range over
//!   `until N`, break/continue, template calls) renders our AST and must give
//!   exactly the text Helm rendered, which checks trimming and AST shape;
//!   every tree also survives a `to_go_string` → parse → `to_go_string` trip;
//! * execution errors (`x_*`): Helm names a node by `FILE:LINE:COL` and its
//!   Go `String()`; some node of ours must have that position and rendering.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use deltallm_render::engine::parse::{
    Arg, ListNode, Node, ParseOptions, ParsedSet, PipeNode, line_col, parse, parse_with,
};

/// The non-builtin function names the cases use, as Helm (sprig + Helm's
/// own) defines them; anything else must be reported as undefined.
fn helm_funcs(name: &str) -> bool {
    const F: &[&str] = &[
        "include",
        "tpl",
        "required",
        "toYaml",
        "toJson",
        "fromYaml",
        "fromJson",
        "lookup",
        "default",
        "dict",
        "list",
        "until",
        "printf",
        "fail",
        "quote",
        "upper",
        "lower",
        "trim",
        "get",
        "set",
        "hasKey",
        "empty",
        "coalesce",
        "ternary",
        "toString",
        "int",
        "add",
        "sub",
        "mul",
        "div",
        "mod",
        "b64enc",
        "b64dec",
        "indent",
        "nindent",
        "replace",
        "split",
        "join",
        "contains",
        "hasPrefix",
        "hasSuffix",
        "semverCompare",
        "merge",
        "mergeOverwrite",
        "keys",
        "uniq",
        "first",
        "last",
        "append",
        "sha256sum",
        "randAlphaNum",
        "now",
        "date",
        "regexMatch",
    ];
    F.contains(&name)
}

struct Golden {
    direct: String,
    tpl_exit: i32,
    tpl: String,
}

fn read_golden(path: &Path) -> Golden {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (head, rest) = text.split_once('\n').expect("header");
    assert!(
        head.starts_with("### direct exit="),
        "{}: bad header",
        path.display()
    );
    let idx = rest.find("\n### tpl exit=").expect("tpl section");
    let direct = rest[..idx].to_string();
    let rest = &rest[idx + "\n### tpl exit=".len()..];
    let (code, tpl) = rest.split_once('\n').unwrap_or((rest, ""));
    Golden {
        direct,
        tpl_exit: code.parse().unwrap(),
        tpl: tpl.to_string(),
    }
}

fn error_line(out: &str) -> Option<&str> {
    out.lines().find(|l| l.starts_with("Error: "))
}

fn cases() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse-cases");
    let mut v: Vec<_> = fs::read_dir(&dir)
        .expect("tests/parse-cases")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tpl"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- evaluator

#[derive(Clone, Debug)]
enum Val {
    Int(i64),
    Str(String),
    Bool(bool),
    List(Vec<Val>),
    /// Anything this little evaluator cannot compute.
    Unknown,
}

enum Flow {
    Normal,
    Break,
    Continue,
}

/// `Err(())` means the template uses something outside the evaluator.
type Ev<T> = Result<T, ()>;

struct Eval<'a> {
    set: &'a ParsedSet,
    vars: Vec<(String, Val)>,
    out: String,
}

fn truth(v: &Val) -> Ev<bool> {
    Ok(match v {
        Val::Int(i) => *i != 0,
        Val::Str(s) => !s.is_empty(),
        Val::Bool(b) => *b,
        Val::List(l) => !l.is_empty(),
        Val::Unknown => return Err(()),
    })
}

impl Eval<'_> {
    fn arg(&self, a: &Arg) -> Ev<Val> {
        Ok(match a {
            Arg::Number(n)
                if n.is_int
                    && !n.is_complex
                    && (n.is_char
                        || !n.text.contains(['.', 'e', 'E', 'p', 'P'])
                        || n.text.starts_with("0x")) =>
            {
                Val::Int(n.int64)
            }
            Arg::String(s) => Val::Str(s.text.clone()),
            Arg::Bool { value, .. } => Val::Bool(*value),
            Arg::Variable(v) if v.ident.len() == 1 => self
                .vars
                .iter()
                .rev()
                .find(|(n, _)| *n == v.ident[0])
                .map(|(_, v)| v.clone())
                .ok_or(())?,
            Arg::Pipe(p) => self.pipe(p)?,
            _ => Val::Unknown,
        })
    }

    fn pipe(&self, p: &PipeNode) -> Ev<Val> {
        let [cmd] = p.cmds.as_slice() else {
            return Ok(Val::Unknown);
        };
        match cmd.args.as_slice() {
            [Arg::Identifier { name, .. }, n] if name == "until" => match self.arg(n)? {
                Val::Int(n) => Ok(Val::List((0..n.max(0)).map(Val::Int).collect())),
                _ => Ok(Val::Unknown),
            },
            [a] => self.arg(a),
            _ => Ok(Val::Unknown),
        }
    }

    fn declare(&mut self, p: &PipeNode, v: Val) {
        for d in &p.decl {
            if p.is_assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| *n == d.ident[0]) {
                    slot.1 = v.clone();
                }
            } else {
                self.vars.push((d.ident[0].clone(), v.clone()));
            }
        }
    }

    fn list(&mut self, l: &ListNode) -> Ev<Flow> {
        for n in &l.nodes {
            match self.node(n)? {
                Flow::Normal => {}
                f => return Ok(f),
            }
        }
        Ok(Flow::Normal)
    }

    fn scoped(&mut self, l: &ListNode) -> Ev<Flow> {
        let mark = self.vars.len();
        let r = self.list(l);
        self.vars.truncate(mark);
        r
    }

    fn node(&mut self, n: &Node) -> Ev<Flow> {
        match n {
            Node::Text(t) => self.out.push_str(&t.text),
            Node::Action(a) => {
                let v = self.pipe(&a.pipe)?;
                if a.pipe.decl.is_empty() {
                    match v {
                        Val::Int(i) => self.out.push_str(&i.to_string()),
                        Val::Str(s) => self.out.push_str(&s),
                        Val::Bool(b) => self.out.push_str(&b.to_string()),
                        _ => return Err(()),
                    }
                } else {
                    self.declare(&a.pipe, v);
                }
            }
            Node::If(b) | Node::With(b) => {
                let mark = self.vars.len();
                let v = self.pipe(&b.pipe)?;
                self.declare(&b.pipe, v.clone());
                let r = if truth(&v)? {
                    self.scoped(&b.list)
                } else if let Some(e) = &b.else_list {
                    self.scoped(e)
                } else {
                    Ok(Flow::Normal)
                };
                self.vars.truncate(mark);
                return r;
            }
            Node::Range(b) => {
                let Val::List(items) = self.pipe(&b.pipe)? else {
                    return Err(());
                };
                if items.is_empty()
                    && let Some(e) = &b.else_list
                {
                    return self.scoped(e);
                }
                for (i, item) in items.into_iter().enumerate() {
                    let mark = self.vars.len();
                    match b.pipe.decl.as_slice() {
                        [] => {}
                        [v] => self.vars.push((v.ident[0].clone(), item)),
                        [k, v] => {
                            self.vars.push((k.ident[0].clone(), Val::Int(i as i64)));
                            self.vars.push((v.ident[0].clone(), item));
                        }
                        _ => return Err(()),
                    }
                    let f = self.list(&b.list)?;
                    self.vars.truncate(mark);
                    if let Flow::Break = f {
                        break;
                    }
                }
            }
            Node::Template(t) => {
                let tree = self.set.trees.get(&t.name).ok_or(())?;
                let saved = std::mem::replace(&mut self.vars, vec![("$".into(), Val::Unknown)]);
                let r = self.list(&tree.root);
                self.vars = saved;
                r?;
            }
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }
}

fn render(set: &ParsedSet, name: &str) -> Ev<String> {
    let mut ev = Eval {
        set,
        vars: vec![("$".into(), Val::Unknown)],
        out: String::new(),
    };
    ev.list(&set.trees[name].root)?;
    Ok(ev.out)
}

// ------------------------------------------------------- node enumeration

/// Every (offset, Go `String()`) an execution error could name.
fn candidates(l: &ListNode, out: &mut Vec<(usize, String)>) {
    for n in &l.nodes {
        out.push((n.pos(), n.to_string()));
        match n {
            Node::Action(a) => pipe_candidates(&a.pipe, out),
            Node::If(b) | Node::With(b) | Node::Range(b) => {
                pipe_candidates(&b.pipe, out);
                candidates(&b.list, out);
                if let Some(e) = &b.else_list {
                    candidates(e, out);
                }
            }
            Node::Template(t) => {
                if let Some(p) = &t.pipe {
                    pipe_candidates(p, out);
                }
            }
            _ => {}
        }
    }
}

fn pipe_candidates(p: &PipeNode, out: &mut Vec<(usize, String)>) {
    out.push((p.pos, p.to_string()));
    for c in &p.cmds {
        out.push((c.pos, c.to_string()));
        for a in &c.args {
            arg_candidates(a, out);
        }
    }
}

fn arg_candidates(a: &Arg, out: &mut Vec<(usize, String)>) {
    out.push((a.pos(), a.to_string()));
    match a {
        Arg::Pipe(p) => pipe_candidates(p, out),
        Arg::Chain(c) => arg_candidates(&c.node, out),
        _ => {}
    }
}

// ------------------------------------------------------------------- tests

#[test]
fn parse_cases_match_helm() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens/parse");
    let all = cases();
    assert!(all.len() >= 120, "only {} cases", all.len());
    let (mut errors, mut rendered, mut contexts, mut parsed_only) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for (name, src) in &all {
        for (v, opts) in [
            ("helm3", ParseOptions::HELM3),
            ("helm4", ParseOptions::HELM4),
        ] {
            let direct = parse_with("c/templates/t.yaml", src, &helm_funcs, opts);
            let via_tpl = parse_with("gotpl", src, &helm_funcs, opts);
            let g = read_golden(&gold.join(format!("{name}.{v}.out")));
            let helm_parse_err = g.direct.contains("Error: parse error at (");
            let mut fail = |msg: String| failures.push(format!("{name} ({v}): {msg}"));
            match (&direct, &via_tpl) {
                (Err(d), Err(t)) => {
                    if !helm_parse_err {
                        fail(format!("we reject ({t}) but Helm parses"));
                        continue;
                    }
                    let want = format!("Error: {}", d.helm_message());
                    if error_line(&g.direct) != Some(want.as_str()) {
                        fail(format!(
                            "direct: got {want:?}, Helm {:?}",
                            error_line(&g.direct)
                        ));
                    }
                    let tail = format!(": {t}");
                    if g.tpl_exit == 0 || !error_line(&g.tpl).is_some_and(|l| l.ends_with(&tail)) {
                        fail(format!(
                            "tpl: want suffix {tail:?}, Helm {:?}",
                            error_line(&g.tpl)
                        ));
                    }
                    if v == "helm3" {
                        errors += 1;
                    }
                }
                (Ok(set), Ok(tset)) => {
                    if helm_parse_err {
                        fail(format!(
                            "we parse but Helm says {:?}",
                            error_line(&g.direct)
                        ));
                        continue;
                    }
                    for (tname, tree) in &set.trees {
                        let printed = tree.to_go_string();
                        match parse_with(tname, &printed, &helm_funcs, opts) {
                            Ok(again) if again.trees[tname.as_str()].to_go_string() == printed => {}
                            other => {
                                fail(format!("round trip of {tname}: {printed:?} -> {other:?}"))
                            }
                        }
                    }
                    if g.tpl_exit == 0 {
                        let line = g
                            .tpl
                            .lines()
                            .find_map(|l| l.strip_prefix("out: "))
                            .expect("out line");
                        let helm_out: String = serde_json::from_str(line).expect("json string");
                        match render(tset, "gotpl") {
                            Ok(ours) if ours == helm_out => rendered += (v == "helm3") as usize,
                            Ok(ours) => fail(format!("rendered {ours:?}, Helm {helm_out:?}")),
                            Err(()) => parsed_only += (v == "helm3") as usize,
                        }
                    } else if name.starts_with("ok_") {
                        fail(format!("ok case fails in Helm: {:?}", error_line(&g.tpl)));
                    }
                    if name.starts_with("x_") && v == "helm3" {
                        let line = error_line(&g.direct).expect("exec error");
                        let mut cands = Vec::new();
                        for tree in set.trees.values() {
                            candidates(&tree.root, &mut cands);
                        }
                        let hit = cands.iter().any(|(pos, s)| {
                            let (l, c) = line_col(src, *pos);
                            line.starts_with(&format!(
                                "Error: template: c/templates/t.yaml:{l}:{c}: executing "
                            )) && line.contains(&format!("\" at <{s}>: "))
                        });
                        if hit {
                            contexts += 1;
                        } else {
                            fail(format!("no node matches {line:?}; have {cands:?}"));
                        }
                    }
                }
                (d, t) => fail(format!("direct/tpl disagree: {d:?} vs {t:?}")),
            }
        }
    }
    eprintln!(
        "{} cases: {errors} parse errors, {rendered} renders compared, {contexts} exec contexts, {parsed_only} parse-only",
        all.len()
    );
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn positions_and_strings() {
    let set = parse(
        "t",
        "a\n  {{ .x.y }}{{ $v := index . \"k\" | len }}",
        &helm_funcs,
    )
    .unwrap();
    let root = &set.trees["t"].root;
    assert_eq!(
        root.to_string(),
        "a\n  {{.x.y}}{{$v := index . \"k\" | len}}"
    );
    let Node::Action(a) = &root.nodes[1] else {
        panic!()
    };
    // Go puts a field chain at the offset of its second field.
    assert_eq!(
        line_col(&set.trees["t"].source, a.pipe.cmds[0].args[0].pos()),
        (2, 7)
    );
    let err = parse("t", "{{ if }}", &helm_funcs).unwrap_err();
    assert_eq!(err.to_string(), "template: t:1: missing value for if");
    assert_eq!(
        err.helm_message(),
        "parse error at (t:1): missing value for if"
    );
}

/// A deterministic fuzz loop (xorshift), for machines without cargo-fuzz:
/// mixes template fragments into random inputs and checks that parsing
/// never panics and always terminates. `FUZZ_SECONDS` sets the budget.
#[test]
fn fuzz_parse_never_panics() {
    let secs: f64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let frags: &[&str] = &[
        "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", " ", "\n", "\t", "$x", "$", ":=", "=", "|",
        "(", ")", ".", ".a", ".b.c", "\"s\"", "\"\\", "`r`", "`", "'a'", "'", "1", "-3", "0x",
        "1e", "1+2i", "0b1", "_", "if", "else", "end", "range", "with", "define", "block",
        "template", "break", "continue", "nil", "true", "print", "foo", ",", "#", "é", "€",
        "\u{1}", "-", "}", "{", "\"t\"", "$y", "else if", "x",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = Instant::now();
    let mut runs = 0u64;
    let mut outcomes: HashMap<bool, u64> = HashMap::new();
    while start.elapsed() < Duration::from_secs_f64(secs) {
        let n = 1 + rnd() % 24;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(frags[(rnd() % frags.len() as u64) as usize]);
        }
        let r = parse("f", &s, &helm_funcs);
        if let Ok(set) = &r {
            for t in set.trees.values() {
                let _ = t.to_go_string();
            }
        }
        *outcomes.entry(r.is_ok()).or_default() += 1;
        runs += 1;
    }
    eprintln!("fuzz: {runs} inputs in {secs}s ({outcomes:?})");
}

/// Go has no nesting limit (its stacks grow); neither may we crash on
/// deep input: it is parsed on a thread with a big enough stack.
#[test]
fn deep_nesting_parses() {
    let n = 3000;
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
    let ifs = format!("{}x{}", "{{if 1}}".repeat(n), "{{end}}".repeat(n));
    for src in [parens, ifs] {
        let set = parse("t", &src, &helm_funcs).expect("deep input parses");
        // Drop on a roomy thread: dropping a 3000-deep tree recurses too.
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || drop(set))
            .unwrap()
            .join()
            .unwrap();
    }
    let err = parse(
        "t",
        &format!("{}{{{{ foo }}}}", "((".repeat(40)),
        &helm_funcs,
    )
    .unwrap_err();
    assert_eq!(err.message, "function \"foo\" not defined");
}

/// Every template of the shipped chart parses (Helm renders them), and
/// parsing is fast: prints the throughput (`--release` for real numbers).
#[test]
fn chart_templates_parse_fast() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.parent().is_some_and(|d| d.ends_with("templates"))
                && p.extension()
                    .is_some_and(|x| x == "yaml" || x == "tpl" || x == "txt")
            {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("chart"),
        &mut files,
    );
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|p| (p.display().to_string(), fs::read_to_string(p).unwrap()))
        .collect();
    let bytes: usize = sources.iter().map(|(_, s)| s.len()).sum();
    let all = |_: &str| true;
    let start = Instant::now();
    let rounds = 100;
    for _ in 0..rounds {
        for (name, src) in &sources {
            parse(name, src, &all).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "parsed {} chart templates ({bytes} bytes) {rounds}x: {:.1} MB/s",
        sources.len(),
        (bytes * rounds) as f64 / secs / 1e6
    );
}
