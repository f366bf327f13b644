//! Running compiled templates: the minijinja environment, Go's printing,
//! and the calls that start another template (`template`, `include`, `tpl`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Names of the `define`s.
    defines: Vec<String>,
}

impl Engine {
    /// Parses and compiles `sources` in Helm's order: deeper paths first,
    /// so a parent chart's `define` replaces a subchart's of the same name.
    /// Files are parsed and compiled on every core; only the merging of
    /// their definitions is sequential.
    pub fn new(sources: Vec<Source>, compat: HelmCompat) -> Result<Engine, RenderError> {
        Engine::with_functions(sources, compat, &|name| funcs::defined(name, compat))
    }

    /// [`Engine::new`] with another function map for the parser: Helm
    /// renders `--name-template` with Sprig's map, not its chart map.
    pub fn with_functions(
        mut sources: Vec<Source>,
        compat: HelmCompat,
        defined: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Engine, RenderError> {
        sources.sort_by(|a, b| helm_order(&a.name, &b.name));
        let nodes = Arc::new(NodeTable::default());
        let mut env = base_environment(&nodes, compat);
        let jobs = crate::parallel::jobs_for(sources.len());
        let prepared =
            crate::parallel::map(&sources, jobs, |src| prepare(src, compat, defined, &nodes));
        let mut definitions: BTreeMap<String, Definition> = BTreeMap::new();
        let mut files = Vec::new();
        // The first failing file in Helm's order is the one Helm reports.
        for (src, prepared) in sources.iter().zip(prepared) {
            for (name, definition) in prepared? {
                // Go keeps an earlier definition when a later one is empty.
                if let Definition::Parsed { tree, .. } = &definition
                    && compile::is_empty(tree)
                    && definitions.contains_key(&name)
                {
                    continue;
                }
                definitions.insert(name, definition);
            }
            files.push(src.name.clone());
        }
        let defines = definitions
            .iter()
            .filter(|(_, d)| matches!(d, Definition::Parsed { .. }))
            .map(|(name, _)| name.clone())
            .collect();
        // A `define` is compiled, by us and then by minijinja, when a
        // template first uses it (or ahead, by `warm`): one that nothing
        // uses cannot fail the render, as in Go.
        let loader_nodes = nodes.clone();
        env.set_loader(move |name| match definitions.get(name) {
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
        Ok(Engine {
            env,
            nodes,
            files,
            defines,
        })
    }

    /// Has minijinja compile the templates ahead of their use, file
    /// templates from the last one rendered backwards, then every `define`,
    /// until `stop`: run beside the render, it takes the compiling off the
    /// render's path. A failure is not kept: the render meets it again.
    pub fn warm(&self, stop: &AtomicBool) {
        for name in self.files.iter().rev().chain(&self.defines) {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let _ = self.env.get_template(name);
        }
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

/// One file's share of building an engine: its trees parsed, the file's
/// own tree compiled (every file renders, so its compile errors surface
/// here), its `define`s kept parsed.
fn prepare(
    src: &Source,
    compat: HelmCompat,
    defined: &dyn Fn(&str) -> bool,
    nodes: &NodeTable,
) -> Result<Vec<(String, Definition)>, RenderError> {
    let set = parse::parse_with(&src.name, &src.text, defined, compat.parse_options())
        .map_err(RenderError::Parse)?;
    let lines = Arc::new(compile::LineIndex::new(&src.text));
    let file: Arc<str> = Arc::from(src.name.as_str());
    set.trees
        .into_iter()
        .map(|(name, tree)| {
            let definition = if name == src.name {
                let jinja = compile::compile_with_lines(&src.name, &tree, &lines, nodes)
                    .map_err(RenderError::Compile)?;
                Definition::Compiled(jinja)
            } else {
                Definition::Parsed {
                    file: file.clone(),
                    lines: lines.clone(),
                    tree,
                }
            };
            Ok((name, definition))
        })
        .collect()
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
    for func in funcs::map().values().copied().chain(funcs::ENVIRONMENT) {
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
        move |id: u32, msg: String, _evaluated: Rest<Value>| -> Result<Value, minijinja::Error> {
            Err(GoError::exec(n.get(id), msg).into_minijinja())
        },
    );
    let n = nodes.clone();
    env.add_function("_a", move |id: u32, i: usize, v: Value| {
        super::runtime::call::check_arg(&n, id, i, v)
    });
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
    let NodeData::Fields { names, element_of } = &node.data else {
        unreachable!("_f is compiled for field nodes only");
    };
    let base_is_interface = || element_of.is_some_and(elements_are_interfaces);
    field::chain(&args[1], &base_is_interface, names, &args[2..])
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
    RANGE_ELEMENTS.with_borrow_mut(|r| r.insert(id, static_element_is_interface(v)));
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

/// Whether Go's static type of the elements of a ranged value is
/// `interface {}`: it is for `[]interface {}` and `map[string]interface {}`
/// (what `.Values` and `list` hold), not for typed slices (`until`'s
/// `[]int`) or integers.
fn static_element_is_interface(v: &Value) -> bool {
    use value::{Elem, View};
    match value::view(v) {
        View::List(_) => true,
        View::TypedSlice(elem, _) => elem == Elem::Interface,
        View::Map(m) => m.elem == Elem::Interface,
        _ => false,
    }
}

/// [`static_element_is_interface`] of what the range `id` last started on.
fn elements_are_interfaces(id: NodeId) -> bool {
    RANGE_ELEMENTS.with_borrow(|r| r.get(&id).copied().unwrap_or(false))
}

/// `range N`'s (i, i) pairs, each number made by `make`.
fn counting<T: Copy>(numbers: impl Iterator<Item = T>, make: fn(T) -> Value) -> Vec<Value> {
    numbers
        .map(|i| Value::from(vec![make(i), make(i)]))
        .collect()
}

/// Go's limit on `{{template}}` calls nested within one execution.
const MAX_TEMPLATE_DEPTH: usize = 100_000;

thread_local! {
    /// Running `include`s of each name, for Helm's limit.
    static INCLUDES: std::cell::RefCell<BTreeMap<String, usize>> = const { std::cell::RefCell::new(BTreeMap::new()) };
    /// Per range node, whether the value it last ranged over has elements
    /// of static type `interface {}` (see `static_element_is_interface`).
    static RANGE_ELEMENTS: std::cell::RefCell<std::collections::HashMap<NodeId, bool>> = std::cell::RefCell::new(std::collections::HashMap::new());
    /// `{{template}}` nesting of the running execution.
    static TEMPLATE_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs `f` as an execution of its own, as Go runs `include`'s and `tpl`'s
/// templates: its `{{template}}` nesting counts from zero.
pub fn new_execution<T>(f: impl FnOnce() -> T) -> T {
    let outer = TEMPLATE_DEPTH.replace(0);
    let result = f();
    TEMPLATE_DEPTH.set(outer);
    result
}

/// `include NAME DATA`: another template run as a new execution, within
/// Helm's limit on nested includes of one name.
pub fn include_named(state: &State, name: &str, data: &Value) -> Result<String, TemplateCallError> {
    let depth = INCLUDES.with(|d| {
        let mut d = d.borrow_mut();
        let n = d.entry(name.to_owned()).or_default();
        *n += 1;
        *n
    });
    let result = if depth > RECURSION_LIMIT + 1 {
        Err(TemplateCallError::Recursion)
    } else {
        new_execution(|| execute_named(state, name, data))
    };
    INCLUDES.with(|d| {
        if let Some(n) = d.borrow_mut().get_mut(name) {
            *n -= 1;
        }
    });
    result
}

/// Runs another template by name, a `define` of `tpl` text first.
fn execute_named(state: &State, name: &str, data: &Value) -> Result<String, TemplateCallError> {
    let context = minijinja::context! { dot => data, root => data };
    if let Some(source) = super::tpl_defines::lookup(name) {
        return state
            .env()
            .render_str(&source, context)
            .map_err(TemplateCallError::Failed);
    }
    match state.env().get_template(name) {
        Err(e) if e.kind() == minijinja::ErrorKind::TemplateNotFound => {
            Err(TemplateCallError::Undefined)
        }
        Err(e) => Err(TemplateCallError::Failed(e)),
        Ok(t) => t.render(context).map_err(TemplateCallError::Failed),
    }
}

pub enum TemplateCallError {
    Undefined,
    /// Helm's limit on nested `include`s of one name.
    Recursion,
    Failed(minijinja::Error),
}

/// `{{template NAME DATA}}`, within Go's limit on nesting.
fn run_template(
    state: &State,
    nodes: &NodeTable,
    id: NodeId,
    name: &str,
    data: &Value,
) -> Result<Value, minijinja::Error> {
    let depth = TEMPLATE_DEPTH.get();
    if depth == MAX_TEMPLATE_DEPTH {
        let msg = format!("exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})");
        return Err(GoError::exec(nodes.get(id), msg).into_minijinja());
    }
    TEMPLATE_DEPTH.set(depth + 1);
    let result = execute_named(state, name, data);
    TEMPLATE_DEPTH.set(depth);
    match result {
        Ok(s) => Ok(Value::from(s)),
        Err(TemplateCallError::Failed(e)) => Err(e),
        Err(TemplateCallError::Undefined) => Err(GoError::exec(
            nodes.get(id),
            format!("template {name:?} not defined"),
        )
        .into_minijinja()),
        Err(TemplateCallError::Recursion) => unreachable!("only include counts names"),
    }
}

/// Writes `s` as a minijinja string literal.
pub fn jinja_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
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
