//! Running compiled templates: the minijinja environment, Go's printing,
//! and the calls that start another template (`template`, `include`, `tpl`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use minijinja::value::Rest;
use minijinja::{Environment, State, Value};

use super::compile;
use super::parse;
use super::runtime::error::GoError;
use super::runtime::nodes::{NodeData, NodeId, NodeTable};
use super::runtime::print::{fmt_output, take_unprintable};
use super::runtime::{field, value};
use crate::funcs;

/// Helm's limit on nested `include`/`template` of one name: the call that
/// finds 1000 more of the same name already running (the 1002nd) fails.
const RECURSION_LIMIT: usize = 1000;

/// A template file as Helm names it (`mychart/templates/x.yaml`).
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Why rendering stopped, in the form Helm reports it.
#[derive(Debug)]
pub enum RenderError {
    Parse(parse::ParseError),
    Compile(String),
    Exec(GoError),
    /// A minijinja failure with no Go error behind it: a bug or an
    /// unsupported construct, reported with the template name.
    Internal(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Parse(e) => write!(f, "{e}"),
            RenderError::Compile(e) | RenderError::Internal(e) => f.write_str(e),
            RenderError::Exec(e) => f.write_str(&e.go_text()),
        }
    }
}

impl std::error::Error for RenderError {}

pub use super::runtime::HelmCompat;

impl RenderError {
    /// The message as `helm template` prints it after `Error: `.
    pub fn helm_message(&self, style: HelmCompat) -> String {
        match self {
            RenderError::Parse(e) => e.helm_message(),
            RenderError::Exec(e) => e.helm_message(style),
            RenderError::Compile(m) | RenderError::Internal(m) => m.clone(),
        }
    }
}

/// A template name's body as the loader finds it.
enum Definition {
    /// A file template, compiled up front.
    Compiled(String),
    /// A `define`, compiled on first use.
    Parsed {
        file: Arc<str>,
        lines: Arc<compile::LineIndex>,
        tree: parse::Tree,
    },
}

/// Compiled templates of one render, ready to execute.
pub struct Engine {
    env: Environment<'static>,
    nodes: Arc<NodeTable>,
    /// Names of the file templates (not `define`s), in Helm's order.
    files: Vec<String>,
}

impl Engine {
    /// Parses and compiles `sources` in Helm's order: deeper paths first,
    /// so a parent chart's `define` replaces a subchart's of the same name.
    pub fn new(mut sources: Vec<Source>, compat: HelmCompat) -> Result<Engine, RenderError> {
        sources.sort_by(|a, b| helm_order(&a.name, &b.name));
        let nodes = Arc::new(NodeTable::default());
        let mut env = base_environment(&nodes, compat);
        let mut defined: BTreeMap<String, Definition> = BTreeMap::new();
        let mut files = Vec::new();
        for src in &sources {
            let set = parse::parse_with(
                &src.name,
                &src.text,
                &|name| funcs::defined(name, compat),
                compat.parse_options(),
            )
            .map_err(RenderError::Parse)?;
            let lines = Arc::new(compile::LineIndex::new(&src.text));
            let file: Arc<str> = Arc::from(src.name.as_str());
            for (name, tree) in set.trees {
                let definition = if name == src.name {
                    // Every file renders, so its compile errors surface here.
                    let jinja = compile::compile_with_lines(&src.name, &tree, &lines, &nodes)
                        .map_err(RenderError::Compile)?;
                    Definition::Compiled(jinja)
                } else {
                    // Go keeps an earlier definition when a later one is empty.
                    if compile::is_empty(&tree) && defined.contains_key(&name) {
                        continue;
                    }
                    Definition::Parsed {
                        file: file.clone(),
                        lines: lines.clone(),
                        tree,
                    }
                };
                defined.insert(name, definition);
            }
            files.push(src.name.clone());
        }
        // A `define` is compiled, by us and then by minijinja, only when a
        // template first uses it: the ones nothing includes cost nothing.
        let loader_nodes = nodes.clone();
        env.set_loader(move |name| match defined.get(name) {
            None => Ok(None),
            Some(Definition::Compiled(jinja)) => Ok(Some(jinja.clone())),
            Some(Definition::Parsed { file, lines, tree }) => {
                compile::compile_with_lines(file, tree, lines, &loader_nodes)
                    .map(Some)
                    .map_err(|msg| {
                        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, msg)
                    })
            }
        });
        Ok(Engine { env, nodes, files })
    }

    /// File templates in Helm's render order.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Executes template `name` with `data` as `.` and `$`. Helm's removal
    /// of `<no value>` is the caller's, since `include` must not do it.
    pub fn render(&self, name: &str, data: &Value) -> Result<String, RenderError> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| RenderError::Internal(e.to_string()))?;
        tmpl.render(minijinja::context! { dot => data, root => data })
            .map_err(|e| match GoError::find(&e) {
                Some(go) => RenderError::Exec(go.clone()),
                None => RenderError::Internal(format!("{name}: {e:#}")),
            })
    }

    pub fn nodes(&self) -> &NodeTable {
        &self.nodes
    }
}

/// Helm's `sortTemplates`: more path segments first, then reverse name order.
fn helm_order(a: &str, b: &str) -> std::cmp::Ordering {
    let depth = |s: &str| s.matches('/').count();
    depth(b).cmp(&depth(a)).then_with(|| b.cmp(a))
}

fn base_environment(nodes: &Arc<NodeTable>, compat: HelmCompat) -> Environment<'static> {
    let mut env = Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .expect("default delimiters are valid");
    env.set_syntax(syntax);
    env.set_formatter(|out, _state, v| {
        if let Some(s) = v.as_str() {
            out.write_str(s)?;
        } else {
            let mut s = String::new();
            fmt_output(v, &mut s);
            if let Some(msg) = take_unprintable() {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    msg,
                ));
            }
            out.write_str(&s)?;
        }
        Ok(())
    });
    for func in funcs::map().values().copied() {
        let nodes = nodes.clone();
        env.add_function(
            format!("f_{}", func.name),
            move |state: &State, args: Rest<Value>| func.invoke(state, &nodes, compat, &args),
        );
    }
    let n = nodes.clone();
    env.add_function("_f", move |args: Rest<Value>| fields(&n, &args));
    let n = nodes.clone();
    env.add_function("_range", move |id: u32, v: Value, vars: usize| {
        range_items(&n, id, &v, vars, compat)
    });
    let n = nodes.clone();
    env.add_function(
        "_err",
        move |id: u32, msg: String| -> Result<Value, minijinja::Error> {
            Err(GoError::exec(n.get(id), msg).into_minijinja())
        },
    );
    let n = nodes.clone();
    env.add_function(
        "_tmpl",
        move |state: &State, id: u32, name: String, data: Value| {
            run_template(state, &n, id, &name, &data)
        },
    );
    env
}

/// `_f(id, base, args...)`: a field chain, Go's errors at the field node.
fn fields(nodes: &NodeTable, args: &[Value]) -> Result<Value, minijinja::Error> {
    let id = node_id(&args[0]);
    let node = nodes.get(id);
    let NodeData::Fields(names) = &node.data else {
        unreachable!("_f is compiled for field nodes only");
    };
    field::chain(&args[1], names, &args[2..])
        .map_err(|msg| GoError::exec(node.clone(), msg).into_minijinja())
}

fn node_id(v: &Value) -> NodeId {
    v.as_i64()
        .and_then(|n| NodeId::try_from(n).ok())
        .expect("node id")
}

/// `range`'s pairs: (index, element) of slices, (key, value) of maps in key
/// order, (i, i) for an integer (Helm 4); nil ranges over nothing.
fn range_items(
    nodes: &NodeTable,
    id: NodeId,
    v: &Value,
    vars: usize,
    compat: HelmCompat,
) -> Result<Value, minijinja::Error> {
    use value::View;
    let integer = matches!(
        value::view(v),
        View::Int(_) | View::Int64(_) | View::Uint64(_)
    );
    if integer && vars > 1 && compat == HelmCompat::Helm4 {
        let msg = format!(
            "can't use {} to iterate over more than one variable",
            super::runtime::print::to_go_string(v)
        );
        return Err(GoError::exec(nodes.get(id), msg).into_minijinja());
    }
    let pairs: Vec<Value> = match value::view(v) {
        View::Nil => Vec::new(),
        View::List(items) | View::TypedSlice(_, items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| Value::from(vec![Value::from(i as i64), item.clone()]))
            .collect(),
        View::Map(m) => m
            .read()
            .iter()
            .map(|(k, item)| Value::from(vec![Value::from(k.as_str()), item.clone()]))
            .collect(),
        View::Struct(s) if let Some(entries) = s.entries() => entries
            .into_iter()
            .map(|(k, item)| Value::from(vec![k, item]))
            .collect(),
        // Go 1.22 ranges over integers, yielding the integer's own type.
        View::Int(n) if compat == HelmCompat::Helm4 => counting(0..n.max(0), Value::from),
        View::Int64(n) if compat == HelmCompat::Helm4 => counting(0..n.max(0), value::int64),
        View::Uint64(n) if compat == HelmCompat::Helm4 => counting(0..n, value::uint64),
        _ => {
            let msg = format!(
                "range can't iterate over {}",
                super::runtime::print::to_go_string(v)
            );
            return Err(GoError::exec(nodes.get(id), msg).into_minijinja());
        }
    };
    Ok(Value::from(pairs))
}

/// `range N`'s (i, i) pairs, each number made by `make`.
fn counting<T: Copy>(numbers: impl Iterator<Item = T>, make: fn(T) -> Value) -> Vec<Value> {
    numbers
        .map(|i| Value::from(vec![make(i), make(i)]))
        .collect()
}

thread_local! {
    static DEPTH: std::cell::RefCell<BTreeMap<String, usize>> = const { std::cell::RefCell::new(BTreeMap::new()) };
}

/// Runs another template by name: `{{ template }}` and `include`.
pub fn execute_named(state: &State, name: &str, data: &Value) -> Result<String, TemplateCallError> {
    let depth = DEPTH.with(|d| {
        let mut d = d.borrow_mut();
        let n = d.entry(name.to_owned()).or_default();
        *n += 1;
        *n
    });
    let context = minijinja::context! { dot => data, root => data };
    let result = if depth > RECURSION_LIMIT + 1 {
        Err(TemplateCallError::Recursion)
    } else if let Some(source) = super::tpl_defines::lookup(name) {
        state
            .env()
            .render_str(&source, context)
            .map_err(TemplateCallError::Failed)
    } else {
        match state.env().get_template(name) {
            Err(e) if e.kind() == minijinja::ErrorKind::TemplateNotFound => {
                Err(TemplateCallError::Undefined)
            }
            Err(e) => Err(TemplateCallError::Failed(e)),
            Ok(t) => t.render(context).map_err(TemplateCallError::Failed),
        }
    };
    DEPTH.with(|d| {
        if let Some(n) = d.borrow_mut().get_mut(name) {
            *n -= 1;
        }
    });
    result
}

pub enum TemplateCallError {
    Undefined,
    Recursion,
    Failed(minijinja::Error),
}

fn run_template(
    state: &State,
    nodes: &NodeTable,
    id: NodeId,
    name: &str,
    data: &Value,
) -> Result<Value, minijinja::Error> {
    match execute_named(state, name, data) {
        Ok(s) => Ok(Value::from(s)),
        Err(TemplateCallError::Failed(e)) => Err(e),
        Err(TemplateCallError::Undefined) => Err(GoError::exec(
            nodes.get(id),
            format!("template {name:?} not defined"),
        )
        .into_minijinja()),
        Err(TemplateCallError::Recursion) => Err(GoError::exec(
            nodes.get(id),
            format!(
                "rendering template has a nested reference name: {name}: unable to execute template"
            ),
        )
        .into_minijinja()),
    }
}

/// Writes `s` as a minijinja string literal.
pub fn jinja_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
