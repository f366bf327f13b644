//! `values --explain`: for every leaf of the computed values, the layer
//! that set it (chart default, subchart default, profile, `-f` file, or the
//! exact `--set`-family flag) with its `file:line`, and the lower layers it
//! overrode.
//!
//! Each layer is read again on its own, with positions, and its leaves are
//! matched by path against the leaves of the computed values: the highest
//! layer holding a leaf at that path set it, every lower one holding it was
//! overridden. Lists replace as a whole in Helm, so a list item's leaves
//! belong to the layer whose list won. Values at credential-like keys (and
//! env vars with credential-like names) are masked, in the value and in the
//! flag text alike.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use super::layers::{self, ValueOptions};
use super::strvals::parse_into;
use super::yaml::{PathSeg, Positions, parse_values_with_positions};
use super::{Map, Value};
use crate::chart::Chart;

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `chart`, `subchart`, `profile`, `file`, `--set`, `--set-string`,
    /// `--set-json`, `--set-file` or `--set-literal`.
    pub layer: String,
    /// `file:line` for a file layer, the flag as given for a flag layer
    /// (`--set image.tag=v2`; a masked value reads `(masked)`).
    pub source: String,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.layer.starts_with("--") {
            f.write_str(&self.source)
        } else {
            write!(f, "{} ({})", self.source, self.layer)
        }
    }
}

/// One leaf of the computed values.
#[derive(Debug, Clone)]
pub struct Explained {
    pub segs: Vec<PathSeg>,
    /// Printed path: `image.tag`, `env[0].name`, `ingress.annotations["a.b/c"]`.
    pub path: String,
    /// `None` when masked.
    pub value: Option<Value>,
    /// The layer that set it; `None` for a value no layer wrote as such
    /// (Helm's own additions, such as subchart globals).
    pub set_by: Option<Origin>,
    /// Lower layers that held the same path, highest first.
    pub overrode: Vec<Origin>,
}

/// A layer's leaves with their origins.
struct Layer {
    leaves: Vec<(Vec<PathSeg>, Origin)>,
}

/// Explains the computed values of `chart` under `opts`.
pub fn explain(
    chart: &Chart,
    opts: &ValueOptions,
    chart_dir: Option<&Path>,
) -> Result<Vec<Explained>> {
    // stdin can be read once: keep it in memory and hand the layers a copy.
    let mut stdin_text = None;
    let mut opts = opts.clone();
    let mut tmp = None;
    if opts.values_files.iter().any(|f| f.trim() == "-") {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        let path =
            std::env::temp_dir().join(format!("deltallm-explain-{}.yaml", std::process::id()));
        std::fs::write(&path, &s)?;
        for f in &mut opts.values_files {
            if f.trim() == "-" {
                *f = path.display().to_string();
            }
        }
        tmp = Some(path);
        stdin_text = Some(s);
    }
    let result = explain_inner(
        chart,
        &opts,
        chart_dir,
        stdin_text.as_deref(),
        tmp.as_deref(),
    );
    if let Some(p) = tmp {
        let _ = std::fs::remove_file(p);
    }
    result
}

fn explain_inner(
    chart: &Chart,
    opts: &ValueOptions,
    chart_dir: Option<&Path>,
    stdin_text: Option<&str>,
    stdin_path: Option<&Path>,
) -> Result<Vec<Explained>> {
    let computed = layers::compute(chart, opts, chart_dir)?;
    let mut stack: Vec<Layer> = Vec::new();

    // Chart defaults: subcharts first (the parent's values override them).
    let chart_file = match chart_dir {
        Some(d) => d.join("values.yaml").display().to_string(),
        None => "chart/values.yaml".into(),
    };
    subchart_layers(chart, &chart_file, &mut Vec::new(), &mut stack)?;
    stack.push(file_layer(
        "chart",
        &chart_file,
        chart.values_source.as_deref().unwrap_or(""),
        &[],
    )?);

    if let Some(profile) = &opts.profile {
        let (name, src) = read_profile(profile, chart_dir)?;
        stack.push(file_layer("profile", &name, &src, &[])?);
    }
    for f in &opts.values_files {
        let (name, src) = if Some(Path::new(f)) == stdin_path {
            ("-".to_owned(), stdin_text.unwrap_or_default().to_owned())
        } else {
            let src = std::fs::read_to_string(f).with_context(|| format!("open {f}"))?;
            (f.clone(), src)
        };
        stack.push(file_layer("file", &name, &src, &[])?);
    }
    let read_file = |p: &str| std::fs::read_to_string(p).map_err(|e| format!("open {p}: {e}"));
    for (kind, values, flag) in opts.set_flags() {
        for text in values {
            let mut m = Map::new();
            parse_into(kind, text, &mut m, &read_file)
                .map_err(|e| anyhow!("failed parsing {flag} data: {e}"))?;
            let mut leaves = Vec::new();
            collect_leaves(&Value::Map(m), &mut Vec::new(), &mut leaves);
            let leaves = leaves
                .into_iter()
                .filter(|(_, v)| !matches!(v, Value::Null))
                .map(|(segs, _)| {
                    let source = if path_is_secret(&segs, None) {
                        let key = text.split_once('=').map_or(text.as_str(), |(k, _)| k);
                        format!("{flag} {key}=(masked)")
                    } else {
                        format!("{flag} {text}")
                    };
                    (
                        segs,
                        Origin {
                            layer: flag.into(),
                            source,
                        },
                    )
                })
                .collect();
            stack.push(Layer { leaves });
        }
    }

    let root = Value::Map(computed.values);
    let mut finals = Vec::new();
    collect_leaves(&root, &mut Vec::new(), &mut finals);
    let mut out = Vec::new();
    for (segs, value) in finals {
        let mut holders: Vec<&Origin> = stack
            .iter()
            .rev()
            .filter_map(|l| l.leaves.iter().find(|(p, _)| *p == segs).map(|(_, o)| o))
            .collect();
        let set_by = if holders.is_empty() {
            None
        } else {
            Some(holders.remove(0).clone())
        };
        let masked = path_is_secret(&segs, Some(&root));
        out.push(Explained {
            path: format_path(&segs),
            value: (!masked).then(|| value.clone()),
            segs,
            set_by,
            overrode: holders.into_iter().cloned().collect(),
        });
    }
    Ok(out)
}

/// Chart defaults of every subchart, placed under its key in the parent.
fn subchart_layers(
    chart: &Chart,
    chart_file: &str,
    prefix: &mut Vec<PathSeg>,
    stack: &mut Vec<Layer>,
) -> Result<()> {
    let dir = chart_file.strip_suffix("values.yaml").unwrap_or("");
    for sub in &chart.dependencies {
        let key = chart
            .metadata
            .dependencies
            .iter()
            .flatten()
            .find(|d| d.name == sub.metadata.name && !d.alias.is_empty())
            .map_or(sub.metadata.name.clone(), |d| d.alias.clone());
        prefix.push(PathSeg::Key(key));
        let file = format!("{dir}charts/{}/values.yaml", sub.metadata.name);
        subchart_layers(sub, &file, prefix, stack)?;
        stack.push(file_layer(
            "subchart",
            &file,
            sub.values_source.as_deref().unwrap_or(""),
            prefix,
        )?);
        prefix.pop();
    }
    Ok(())
}

/// A values file as a layer: its leaves, each at `file:line`.
fn file_layer(kind: &str, name: &str, src: &str, prefix: &[PathSeg]) -> Result<Layer> {
    let (value, positions) = parse_values_with_positions(name, src)
        .map_err(|e| anyhow!("failed to parse {name}: {}", e.go_error))?;
    let mut leaves = Vec::new();
    collect_leaves(&value, &mut Vec::new(), &mut leaves);
    Ok(Layer {
        leaves: leaves
            .into_iter()
            .map(|(segs, _)| {
                let line = line_of(&positions, &segs);
                let mut full = prefix.to_vec();
                full.extend(segs);
                (
                    full,
                    Origin {
                        layer: kind.into(),
                        source: match line {
                            Some(l) => format!("{name}:{l}"),
                            None => name.to_owned(),
                        },
                    },
                )
            })
            .collect(),
    })
}

/// The line of `segs`, or of its nearest recorded ancestor.
fn line_of(positions: &Positions, segs: &[PathSeg]) -> Option<usize> {
    (0..=segs.len())
        .rev()
        .find_map(|n| positions.get(&segs[..n]))
        .map(|m| m.line)
}

/// `--profile` as the layering reads it: a path, or `profiles/NAME.yaml`
/// beside the chart directory (embedded for the embedded chart).
fn read_profile(profile: &str, chart_dir: Option<&Path>) -> Result<(String, String)> {
    let is_path = profile.contains('/') || profile.ends_with(".yaml") || profile.ends_with(".yml");
    let path = match chart_dir {
        _ if is_path => PathBuf::from(profile),
        Some(dir) => dir
            .join("..")
            .join("profiles")
            .join(format!("{profile}.yaml")),
        None => {
            let data = crate::chart::embedded_profile(profile)
                .ok_or_else(|| anyhow!("unknown profile {profile:?}"))?;
            return Ok((
                format!("profiles/{profile}.yaml"),
                String::from_utf8_lossy(data).into_owned(),
            ));
        }
    };
    let src = std::fs::read_to_string(&path).with_context(|| format!("profile {profile:?}"))?;
    Ok((path.display().to_string(), src))
}

/// Leaves of a value tree: scalars, and empty maps and lists.
pub fn collect_leaves(v: &Value, path: &mut Vec<PathSeg>, out: &mut Vec<(Vec<PathSeg>, Value)>) {
    match v {
        Value::Map(m) if !m.is_empty() => {
            for (k, v) in m {
                path.push(PathSeg::Key(k.clone()));
                collect_leaves(v, path, out);
                path.pop();
            }
        }
        Value::List(l) if !l.is_empty() => {
            for (i, v) in l.iter().enumerate() {
                path.push(PathSeg::Index(i));
                collect_leaves(v, path, out);
                path.pop();
            }
        }
        _ => out.push((path.clone(), v.clone())),
    }
}

/// Whether the value at `segs` is a credential: a credential-like key on
/// the way, or the `value` of a list item whose `name` is credential-like
/// (an env var), looked up in `root` when given.
pub fn path_is_secret(segs: &[PathSeg], root: Option<&Value>) -> bool {
    let by_key = segs.iter().any(|s| match s {
        PathSeg::Key(k) => crate::diff::is_secret_name(k),
        PathSeg::Index(_) => false,
    });
    if by_key {
        return true;
    }
    let (Some(root), Some(PathSeg::Key(last))) = (root, segs.last()) else {
        return false;
    };
    if last != "value" {
        return false;
    }
    let mut cur = root;
    for s in &segs[..segs.len() - 1] {
        cur = match (s, cur) {
            (PathSeg::Key(k), Value::Map(m)) => match m.get(k) {
                Some(v) => v,
                None => return false,
            },
            (PathSeg::Index(i), Value::List(l)) => match l.get(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    cur.as_map()
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .is_some_and(crate::diff::is_secret_name)
}

/// `a.b[0].c`; keys that are not plain identifiers are quoted: `a["b.c/d"]`.
pub fn format_path(segs: &[PathSeg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            PathSeg::Key(k) => crate::diff::push_key(&mut out, k),
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The human listing: one line per leaf.
pub fn render_text(items: &[Explained]) -> String {
    let mut out = String::new();
    for e in items {
        let value = match &e.value {
            Some(v) => crate::values::emit::to_json(v).unwrap_or_else(|err| format!("<{err}>")),
            None => "(masked)".into(),
        };
        out.push_str(&format!("{} = {value}\n", e.path));
        match &e.set_by {
            Some(o) => out.push_str(&format!("    set by    {o}\n")),
            None => out.push_str("    set by    (computed by Helm: globals or subchart scoping)\n"),
        }
        for o in &e.overrode {
            out.push_str(&format!("    overrides {o}\n"));
        }
    }
    out
}

/// The listing as JSON.
pub fn render_json(items: &[Explained]) -> String {
    let origin = |o: &Origin| serde_json::json!({"layer": o.layer, "source": o.source});
    let list: Vec<serde_json::Value> = items
        .iter()
        .map(|e| {
            let mut o = serde_json::json!({
                "path": e.path,
                "setBy": e.set_by.as_ref().map(origin),
                "overrides": e.overrode.iter().map(origin).collect::<Vec<_>>(),
            });
            match &e.value {
                Some(v) => {
                    let text = crate::values::emit::to_json(v).unwrap_or_else(|_| "null".into());
                    o["value"] = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
                }
                None => o["masked"] = true.into(),
            }
            o
        })
        .collect();
    serde_json::to_string_pretty(&list).expect("plain JSON") + "\n"
}
