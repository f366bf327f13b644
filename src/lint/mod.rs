//! `deltallm-render lint`: what `helm lint` checks (Chart.yaml, values,
//! templates that render and parse), plus `values.schema.json` errors
//! located at the layer that set the bad value, keys the schema does not
//! know with a "did you mean" suggestion, the chart's own refusals
//! (`fail`/`required`), and per-document Kubernetes checks ([`kube`]).

pub mod kube;
pub mod schema;

use std::sync::LazyLock;

use regex::Regex;

use crate::action::{self, TemplateRequest};
use crate::values::explain::{self, Explained};
use crate::values::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One lint message, attributed to a file (a chart file, a values file,
/// `command line` for value flags, or a rendered template).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub severity: Severity,
    pub file: String,
    pub message: String,
}

static SEMVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^v?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?(\.(0|[1-9][0-9]*))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$",
    )
    .unwrap()
});
static EXEC_ERROR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^execution error at \(([^:()]+):(\d+):(\d+)\): (.*)$").unwrap()
});

/// Lints the chart of `req` with its values; findings sorted by file, then severity.
pub fn lint(req: &TemplateRequest) -> Vec<Finding> {
    let mut out = Vec::new();
    lint_into(req, &mut out);
    out.sort_by(|a, b| (&a.file, a.severity).cmp(&(&b.file, b.severity)));
    out.dedup();
    out
}

fn push(out: &mut Vec<Finding>, severity: Severity, file: &str, message: impl Into<String>) {
    out.push(Finding {
        severity,
        file: file.to_owned(),
        message: message.into(),
    });
}

fn lint_into(req: &TemplateRequest, out: &mut Vec<Finding>) {
    let chart_dir = req.chart.as_deref().filter(|p| p.is_dir());
    let chart_yaml = match chart_dir {
        Some(d) => d.join("Chart.yaml").display().to_string(),
        None => "chart/Chart.yaml".into(),
    };
    // Chart.yaml, read raw first: the loader refuses what lint should explain.
    if let Some(dir) = chart_dir {
        match std::fs::read_to_string(dir.join("Chart.yaml")) {
            Err(e) => {
                return push(
                    out,
                    Severity::Error,
                    &chart_yaml,
                    format!("cannot read: {e}"),
                );
            }
            Ok(src) => match crate::values::yaml::parse_document(&chart_yaml, &src) {
                Ok(Value::Map(m)) => check_chart_yaml(&m, &chart_yaml, out),
                Ok(_) => push(out, Severity::Error, &chart_yaml, "not a YAML mapping"),
                Err(e) => push(
                    out,
                    Severity::Error,
                    &chart_yaml,
                    format!("unable to parse YAML: {}", e.go_error),
                ),
            },
        }
    }
    let chart = match action::load_chart(req.chart.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            return push(
                out,
                Severity::Error,
                &chart_yaml,
                format!("unable to load chart: {e:#}"),
            );
        }
    };
    if chart_dir.is_none()
        && let Value::Map(m) = &chart.metadata.raw
    {
        check_chart_yaml(m, &chart_yaml, out);
    }
    if !chart
        .templates
        .iter()
        .any(|t| t.name.starts_with("templates/"))
    {
        push(
            out,
            Severity::Warning,
            "templates/",
            "directory does not exist or holds no template",
        );
    }
    let computed = match crate::values::layers::compute(&chart, &req.values, chart_dir) {
        Ok(c) => c,
        Err(e) => return push(out, Severity::Error, "values", format!("{e:#}")),
    };
    if let Some(bytes) = &chart.schema {
        let schema_file = match chart_dir {
            Some(d) => d.join("values.schema.json").display().to_string(),
            None => "chart/values.schema.json".into(),
        };
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Err(e) => push(
                out,
                Severity::Error,
                &schema_file,
                format!("not valid JSON: {e}"),
            ),
            Ok(schema) => {
                let violations = schema::validate(&schema, &Value::Map(computed.values.clone()));
                if !violations.is_empty() {
                    let explained =
                        explain::explain(&chart, &req.values, chart_dir).unwrap_or_default();
                    for v in violations {
                        report_violation(&v, &explained, out);
                    }
                }
            }
        }
    }
    let rendered = match action::render_chart(&chart, &computed, req) {
        Ok(r) => r,
        Err(e) => {
            let msg = format!("{e:#}");
            return match EXEC_ERROR.captures(&msg) {
                Some(c) => push(
                    out,
                    Severity::Error,
                    &c[1],
                    format!("line {}: chart refused the values: {}", &c[2], &c[4]),
                ),
                None => push(
                    out,
                    Severity::Error,
                    "templates/",
                    format!("render failed: {msg}"),
                ),
            };
        }
    };
    let files = rendered.files.clone();
    if let Err(e) = action::assemble(rendered, &req.output) {
        push(out, Severity::Error, "templates/", format!("{e:#}"));
    }
    let mut docs = Vec::new();
    for r in &files {
        if r.path.ends_with("NOTES.txt") {
            continue;
        }
        for piece in split_documents(&r.content) {
            match crate::values::yaml::parse_document(&r.path, &piece) {
                Ok(Value::Map(m)) if !m.is_empty() => docs.push(kube::Doc {
                    file: r.path.clone(),
                    value: m,
                }),
                Ok(Value::Null) | Ok(Value::Map(_)) => {}
                Ok(_) => push(
                    out,
                    Severity::Error,
                    &r.path,
                    "a document is not a YAML mapping",
                ),
                Err(e) => push(
                    out,
                    Severity::Error,
                    &r.path,
                    format!("unable to parse YAML: {}", e.go_error),
                ),
            }
        }
    }
    kube::check(&docs, &req.namespace, out);
}

/// A rendered file's documents, split on `---` lines.
fn split_documents(text: &str) -> Vec<String> {
    let mut docs = vec![String::new()];
    for line in text.lines() {
        let sep = line.strip_prefix("---").is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(' ')
                || rest.starts_with('\t')
                || rest.starts_with('#')
        });
        if sep {
            docs.push(String::new());
        } else {
            let cur = docs.last_mut().expect("never empty");
            cur.push_str(line);
            cur.push('\n');
        }
    }
    docs.retain(|d| !d.trim().is_empty());
    docs
}

/// Helm's Chart.yaml rules.
fn check_chart_yaml(m: &Map, file: &str, out: &mut Vec<Finding>) {
    let s = |k: &str| match m.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Float(f)) => Some(f.to_string()),
        _ => None,
    };
    match s("apiVersion").as_deref() {
        None | Some("") => push(
            out,
            Severity::Error,
            file,
            "apiVersion is required. The value must be either \"v1\" or \"v2\"",
        ),
        Some("v1" | "v2") => {}
        Some(v) => push(
            out,
            Severity::Error,
            file,
            format!("apiVersion '{v}' is not valid. The value must be either \"v1\" or \"v2\""),
        ),
    }
    match s("name").as_deref() {
        None | Some("") => push(out, Severity::Error, file, "name is required"),
        Some(n) if n.contains('/') || n.contains('\\') || n.contains("..") => push(
            out,
            Severity::Error,
            file,
            format!("chart name {n:?} is not allowed"),
        ),
        Some(_) => {}
    }
    match s("version").as_deref() {
        None | Some("") => push(out, Severity::Error, file, "version is required"),
        Some(v) if !SEMVER.is_match(v) => push(
            out,
            Severity::Error,
            file,
            format!("version '{v}' is not a valid SemVer"),
        ),
        Some(_) => {}
    }
    if s("icon").is_none_or(|i| i.is_empty()) {
        push(out, Severity::Info, file, "icon is recommended");
    }
    if let Some(Value::List(ms)) = m.get("maintainers") {
        for (i, mt) in ms.iter().enumerate() {
            let named = mt
                .as_map()
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str)
                .is_some_and(|n| !n.is_empty());
            if !named {
                push(
                    out,
                    Severity::Error,
                    file,
                    format!("maintainers[{i}]: each maintainer requires a name"),
                );
            }
        }
    }
}

/// Places a schema violation at the layer that set the offending value.
fn report_violation(v: &schema::Violation, explained: &[Explained], out: &mut Vec<Finding>) {
    let path = explain::format_path(&v.path);
    let origin = explained
        .iter()
        .find(|e| e.segs.starts_with(&v.path))
        .and_then(|e| e.set_by.clone());
    let severity = if v.warning {
        Severity::Warning
    } else {
        Severity::Error
    };
    let shown = if path.is_empty() {
        "(root)".to_owned()
    } else {
        path
    };
    match origin {
        Some(o) if o.layer.starts_with("--") => push(
            out,
            severity,
            "command line",
            format!("{}: {shown}: {}", o.source, v.message),
        ),
        Some(o) => {
            let (file, line) = match o.source.rsplit_once(':') {
                Some((f, l)) if l.chars().all(|c| c.is_ascii_digit()) => {
                    (f.to_owned(), format!("line {l}: "))
                }
                _ => (o.source.clone(), String::new()),
            };
            push(
                out,
                severity,
                &file,
                format!("{line}{shown}: {}", v.message),
            )
        }
        None => push(out, severity, "values", format!("{shown}: {}", v.message)),
    }
}

/// Counts of (errors, warnings).
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let e = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let w = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    (e, w)
}

/// Human output: findings grouped by file, a summary line last.
pub fn render_text(chart: &str, findings: &[Finding]) -> String {
    let mut out = format!("==> Linting {chart}\n");
    let mut current: Option<&str> = None;
    for f in findings {
        if current != Some(&f.file) {
            out.push_str(&format!("\n{}\n", f.file));
            current = Some(&f.file);
        }
        let tag = match f.severity {
            Severity::Error => "[ERROR]  ",
            Severity::Warning => "[WARNING]",
            Severity::Info => "[INFO]   ",
        };
        for (i, line) in f.message.lines().enumerate() {
            if i == 0 {
                out.push_str(&format!("  {tag} {line}\n"));
            } else {
                out.push_str(&format!("              {line}\n"));
            }
        }
    }
    let (e, w) = counts(findings);
    out.push_str(&format!("\n{e} error(s), {w} warning(s)\n"));
    out
}

/// Machine output.
pub fn render_json(chart: &str, findings: &[Finding]) -> String {
    let (e, w) = counts(findings);
    let list: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| serde_json::json!({"severity": f.severity.as_str(), "file": f.file, "message": f.message}))
        .collect();
    let doc = serde_json::json!({"chart": chart, "errors": e, "warnings": w, "findings": list});
    serde_json::to_string_pretty(&doc).expect("plain JSON") + "\n"
}
