//! The compiler: a parsed Go template becomes minijinja source.
//!
//! Control flow maps onto minijinja's own (`if`, `for` with `else`, `break`,
//! `continue`, `with`), and so do `and`, `or` and `not`, whose Jinja forms
//! already return an operand and short-circuit as Go's do. Everything whose
//! meaning is Go's is a runtime call carrying a node id (see
//! `runtime::nodes`): `_f` for field chains, `f_NAME` for functions, `_range`
//! for range's pairs, `_tmpl` for `{{template}}`.
//!
//! Go variables become uniquely named minijinja variables. A variable that
//! is ever assigned with `=` lives in a `namespace()` object instead, since
//! Go's assignment reaches out of `range` and `with` bodies while a
//! minijinja `set` there would not.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;

use super::parse::{self, Arg, BranchNode, CommandNode, ListNode, Node, PipeNode, Tree};
use super::render::jinja_string;
use minijinja::Value;

use super::runtime::call::{self, Param};
use super::runtime::nodes::{ArgForm, ArgOrder, Node as TableNode, NodeData, NodeId, NodeTable};
use crate::funcs;

/// Go's `IsEmptyTree`, used to decide whether a `define` replaces another.
pub fn is_empty(tree: &Tree) -> bool {
    parse::is_empty_tree(&tree.root)
}

/// Compiles `tree` (defined in file `file`) to minijinja source.
pub fn compile(file: &str, tree: &Tree, nodes: &NodeTable) -> Result<String, String> {
    compile_with_lines(file, tree, &LineIndex::new(&tree.source), nodes)
}

/// [`compile`] with the line index of `tree.source` given: a file's
/// `define`s share one source text, which need not be indexed once per tree.
pub fn compile_with_lines(
    file: &str,
    tree: &Tree,
    lines: &LineIndex,
    nodes: &NodeTable,
) -> Result<String, String> {
    let mut assigned = HashSet::new();
    collect_assigned(&tree.root, &mut assigned);
    let mut c = Compiler {
        file: Arc::from(file),
        template: Arc::from(tree.name.as_str()),
        lines,
        nodes,
        out: String::with_capacity(tree.source.len() * 2),
        scopes: vec![Vec::new()],
        assigned,
        counter: 0,
        dot_element_of: None,
        operand_nodes: Vec::new(),
    };
    c.list(&tree.root)?;
    Ok(c.out)
}

struct Var {
    go: String,
    jinja: String,
    /// Held in a `namespace()`: read and written as `NAME.v`.
    namespaced: bool,
    /// The range whose element this is (`range $i, $e := ...` declares `$e`).
    element_of: Option<NodeId>,
}

struct Compiler<'a> {
    file: Arc<str>,
    template: Arc<str>,
    lines: &'a LineIndex,
    nodes: &'a NodeTable,
    out: String,
    scopes: Vec<Vec<Var>>,
    assigned: HashSet<String>,
    counter: usize,
    /// The range whose element `.` is, inside a range body.
    dot_element_of: Option<NodeId>,
    /// The nodes made for operands that are field chains or function
    /// names, by position: Go's "last evaluated" node of such an operand
    /// is that same node, which need not be made twice.
    operand_nodes: Vec<(usize, NodeId)>,
}

type Res = Result<(), String>;

/// Where each line starts, so a node's `line:col` is a binary search
/// rather than a scan from the top of the file for every node.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        // Eight bytes at a time: most words hold no newline at all.
        const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
        const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for word in &mut words {
            let x = u64::from_ne_bytes(word.try_into().expect("eight bytes")) ^ NEWLINES;
            if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
                starts.extend(newline_ends(word, at));
            }
            at += 8;
        }
        starts.extend(newline_ends(words.remainder(), at));
        LineIndex { starts }
    }

    /// The same answer as [`parse::line_col`]: 1-based line, 0-based byte column.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        (line, offset - self.starts[line - 1])
    }
}

/// The offsets just after each newline of `bytes`, which start at `at`.
fn newline_ends(bytes: &[u8], at: usize) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(move |(i, _)| at + i + 1)
}

impl Compiler<'_> {
    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        let mut name = String::with_capacity(prefix.len() + 4);
        name.push_str(prefix);
        push_number(&mut name, self.counter);
        name
    }

    /// A node for operand `a` that [`Compiler::last_evaluated`] may reuse.
    fn operand_node(&mut self, pos: usize, a: &Arg, data: NodeData) -> NodeId {
        let id = self.node(pos, go_text(a), data);
        self.operand_nodes.push((pos, id));
        id
    }

    fn node(&self, pos: usize, text: String, data: NodeData) -> NodeId {
        let (line, col) = self.lines.line_col(pos);
        self.nodes.push(TableNode {
            file: self.file.clone(),
            template: self.template.clone(),
            line,
            col,
            text,
            data,
        })
    }

    fn unsupported(&self, pos: usize, what: &str) -> String {
        let (line, col) = self.lines.line_col(pos);
        format!(
            "template: {}:{line}:{col}: {what} is not supported by deltallm-render",
            self.file
        )
    }

    fn list(&mut self, list: &ListNode) -> Res {
        for node in &list.nodes {
            self.statement(node)?;
        }
        Ok(())
    }

    fn statement(&mut self, node: &Node) -> Res {
        match node {
            Node::Text(t) => {
                self.text(&t.text);
                Ok(())
            }
            Node::Action(a) => self.action(&a.pipe),
            Node::If(b) => self.if_node(b),
            Node::Range(b) => self.range_node(b),
            Node::With(b) => self.with_node(b),
            Node::Template(t) => {
                let data = match &t.pipe {
                    Some(p) => self.pipe(p)?,
                    None => "none".to_owned(),
                };
                let id = self.node(t.pos, go_text(node), NodeData::Plain);
                let mut name = String::new();
                jinja_string(&t.name, &mut name);
                write!(self.out, "{{{{_tmpl({id},{name},{data})}}}}").unwrap();
                Ok(())
            }
            Node::Break { .. } => {
                self.out.push_str("{%break%}");
                Ok(())
            }
            Node::Continue { .. } => {
                self.out.push_str("{%continue%}");
                Ok(())
            }
        }
    }

    /// Text is copied as is, unless minijinja would read a delimiter in it.
    fn text(&mut self, text: &str) {
        if text.contains("{{") || text.contains("{%") || text.contains("{#") {
            self.out.push_str("{{");
            jinja_string(text, &mut self.out);
            self.out.push_str("}}");
        } else {
            self.out.push_str(text);
        }
    }

    fn action(&mut self, pipe: &PipeNode) -> Res {
        if pipe.decl.is_empty() {
            let expr = self.pipe(pipe)?;
            self.print(&expr);
            return Ok(());
        }
        let expr = self.pipe(pipe)?;
        let name = &pipe.decl[0].ident[0];
        if pipe.is_assign {
            let target = self
                .lookup(name)
                .ok_or_else(|| format!("undefined variable {name:?}"))?;
            let (jinja, namespaced) = (target.jinja.clone(), target.namespaced);
            if namespaced {
                write!(self.out, "{{%set {jinja}.v={expr}%}}").unwrap();
            } else {
                write!(self.out, "{{%set {jinja}={expr}%}}").unwrap();
            }
        } else {
            self.declare(name, &expr);
        }
        Ok(())
    }

    /// Declares Go variable `go` with value expression `expr`.
    fn declare(&mut self, go: &str, expr: &str) {
        self.declare_element(go, expr, None);
    }

    /// [`declare`](Self::declare) of a range's element variable.
    fn declare_element(&mut self, go: &str, expr: &str, element_of: Option<NodeId>) {
        let jinja = self.fresh("v");
        let namespaced = self.assigned.contains(go);
        if namespaced {
            write!(self.out, "{{%set {jinja}=namespace(v={expr})%}}").unwrap();
        } else {
            write!(self.out, "{{%set {jinja}={expr}%}}").unwrap();
        }
        let var = Var {
            go: go.to_owned(),
            jinja,
            namespaced,
            element_of,
        };
        self.scopes.last_mut().expect("a scope").push(var);
    }

    fn lookup(&self, go: &str) -> Option<&Var> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|v| v.go == go)
    }

    /// The range whose element variable `go` is; `$` and variables set
    /// from a pipeline hold values of their own type.
    fn var_element_of(&self, go: &str) -> Option<NodeId> {
        self.lookup(go).and_then(|v| v.element_of)
    }

    fn var_ref(&self, go: &str) -> Result<String, String> {
        if go == "$" {
            return Ok("root".to_owned());
        }
        let var = self
            .lookup(go)
            .ok_or_else(|| format!("undefined variable {go:?}"))?;
        Ok(if var.namespaced {
            format!("{}.v", var.jinja)
        } else {
            var.jinja.clone()
        })
    }

    /// The condition of `if`/`with` with declarations: the pipeline is
    /// evaluated into its first variable, which is then the condition.
    fn declared_condition(&mut self, pipe: &PipeNode) -> Result<String, String> {
        let expr = self.pipe(pipe)?;
        let name = &pipe.decl[0].ident[0];
        self.declare(name, &expr);
        self.var_ref(name)
    }

    /// `{{expr}}`. A leading minus would read as minijinja's trim marker.
    fn print(&mut self, expr: &str) {
        let gap = if expr.starts_with('-') { " " } else { "" };
        write!(self.out, "{{{{{gap}{expr}}}}}").unwrap();
    }

    fn scoped(&mut self, f: impl FnOnce(&mut Self) -> Res) -> Res {
        self.scopes.push(Vec::new());
        let r = f(self);
        self.scopes.pop();
        r
    }

    fn else_branch(&mut self, b: &BranchNode, end: &str) -> Res {
        if let Some(else_list) = &b.else_list {
            self.out.push_str("{%else%}");
            self.scoped(|c| c.list(else_list))?;
        }
        self.out.push_str(end);
        Ok(())
    }

    fn if_node(&mut self, b: &BranchNode) -> Res {
        self.scoped(|c| {
            let cond = if b.pipe.decl.is_empty() {
                c.pipe(&b.pipe)?
            } else {
                c.declared_condition(&b.pipe)?
            };
            write!(c.out, "{{%if {cond}%}}").unwrap();
            c.scoped(|c| c.list(&b.list))?;
            c.else_branch(b, "{%endif%}")
        })
    }

    /// Go's `with`: the body sees the value as dot, an `else` the old dot.
    /// Without declarations or `else`, minijinja's `with` can bind dot
    /// first and test it after; otherwise the value is held in a variable.
    fn with_node(&mut self, b: &BranchNode) -> Res {
        self.scoped(|c| {
            // `with` sets `.` to a pipeline's value: a value of its own type.
            let outer = c.dot_element_of.take();
            if b.pipe.decl.is_empty() && b.else_list.is_none() {
                let expr = c.pipe(&b.pipe)?;
                write!(c.out, "{{%with dot={expr}%}}{{%if dot%}}").unwrap();
                c.scoped(|c| c.list(&b.list))?;
                c.dot_element_of = outer;
                c.out.push_str("{%endif%}{%endwith%}");
                return Ok(());
            }
            let cond = if b.pipe.decl.is_empty() {
                let expr = c.pipe(&b.pipe)?;
                let tmp = c.fresh("w");
                write!(c.out, "{{%set {tmp}={expr}%}}").unwrap();
                tmp
            } else {
                c.declared_condition(&b.pipe)?
            };
            write!(c.out, "{{%if {cond}%}}{{%with dot={cond}%}}").unwrap();
            c.scoped(|c| c.list(&b.list))?;
            c.dot_element_of = outer;
            c.out.push_str("{%endwith%}");
            c.else_branch(b, "{%endif%}")
        })
    }

    fn range_node(&mut self, b: &BranchNode) -> Res {
        self.scoped(|c| {
            let expr = c.pipe(&b.pipe)?;
            // Go reports a value it cannot range over at the last node it evaluated.
            let id = c.last_evaluated_in(&b.pipe);
            let key = c.fresh("k");
            let vars = b.pipe.decl.len();
            write!(c.out, "{{%for {key},dot in _range({id},{expr},{vars})%}}").unwrap();
            let outer = c.dot_element_of.replace(id);
            c.scoped(|c| {
                match b.pipe.decl.as_slice() {
                    [] => {}
                    [v] => c.declare_element(&v.ident[0], "dot", Some(id)),
                    [k, v] => {
                        c.declare(&k.ident[0], &key);
                        c.declare_element(&v.ident[0], "dot", Some(id));
                    }
                    _ => return Err("too many declarations in range".into()),
                }
                c.list(&b.list)
            })?;
            c.dot_element_of = outer;
            c.else_branch(b, "{%endfor%}")
        })
    }

    /// A pipeline's value: each command's result is the next one's last argument.
    fn pipe(&mut self, pipe: &PipeNode) -> Result<String, String> {
        let mut prev: Option<String> = None;
        for cmd in &pipe.cmds {
            prev = Some(self.command(cmd, prev.take())?);
        }
        Ok(prev.unwrap_or_else(|| "none".into()))
    }

    /// One command, with the previous command's value as `fin`al argument.
    fn command(&mut self, cmd: &CommandNode, fin: Option<String>) -> Result<String, String> {
        let first = &cmd.args[0];
        let rest = &cmd.args[1..];
        let has_args = !rest.is_empty() || fin.is_some();
        match first {
            Arg::Identifier { pos, name } => self.call(cmd, *pos, name, rest, fin),
            Arg::Field(f) if has_args => {
                let base = ("dot".to_owned(), self.dot_element_of);
                self.method(f.pos, go_text(first), f.ident.clone(), base, rest, fin)
            }
            Arg::Variable(v) if has_args && v.ident.len() > 1 => {
                let base = (self.var_ref(&v.ident[0])?, self.var_element_of(&v.ident[0]));
                self.method(
                    v.pos,
                    go_text(first),
                    v.ident[1..].to_vec(),
                    base,
                    rest,
                    fin,
                )
            }
            Arg::Chain(ch) if has_args => {
                let base = (self.arg(&ch.node)?, None);
                self.method(ch.pos, go_text(first), ch.field.clone(), base, rest, fin)
            }
            Arg::Nil { pos } => {
                Ok(self.runtime_error(*pos, go_text(first), "nil is not a command"))
            }
            _ if has_args => Err(self.unsupported(
                first.pos(),
                &format!("giving arguments to non-function {first}"),
            )),
            _ => self.arg(first),
        }
    }

    /// An error Go raises only when execution reaches the node.
    fn runtime_error(&self, pos: usize, text: String, msg: &str) -> String {
        let id = self.node(pos, text, NodeData::Plain);
        raise(id, msg, std::iter::empty())
    }

    fn method(
        &mut self,
        pos: usize,
        text: String,
        names: Vec<String>,
        (base, element_of): (String, Option<NodeId>),
        rest: &[Arg],
        fin: Option<String>,
    ) -> Result<String, String> {
        let id = self.node(pos, text, NodeData::Fields { names, element_of });
        let mut args = Vec::with_capacity(rest.len() + 2);
        args.push(base);
        for a in rest {
            args.push(self.arg(a)?);
        }
        args.extend(fin);
        Ok(runtime_call("_f", id, &args))
    }

    /// A function call, evaluated in Go's order: the piped value (the
    /// previous command) first, then the count check, then each written
    /// argument, converted to its parameter type before the next one is
    /// evaluated, so the first problem Go meets is the one reported.
    fn call(
        &mut self,
        cmd: &CommandNode,
        pos: usize,
        name: &str,
        rest: &[Arg],
        fin: Option<String>,
    ) -> Result<String, String> {
        let mut written = Vec::with_capacity(rest.len());
        for a in rest {
            written.push(self.arg(a)?);
        }
        match name {
            "and" | "or" | "not" => {
                let operands = written.iter().chain(&fin).cloned().collect::<Vec<_>>();
                match (name, operands.len()) {
                    ("not", 1) => return Ok(format!("(not {})", operands[0])),
                    ("and" | "or", 1..) => {
                        return Ok(format!("({})", operands.join(&format!(" {name} "))));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        let Some(func) = funcs::registered(name) else {
            return Err(self.unsupported(pos, &format!("function {name:?}")));
        };
        let ident = self.node(pos, name.to_owned(), NodeData::Plain);
        self.operand_nodes.push((pos, ident));
        if let Some(msg) = func.arity_error(rest.len(), fin.is_some()) {
            return Ok(raise(ident, &msg, fin.into_iter()));
        }
        let mut forms = Vec::with_capacity(rest.len() + 1);
        let mut last_at = ident;
        let mut bad_literal = None;
        for (i, a) in rest.iter().enumerate() {
            last_at = self.last_evaluated(a);
            let form = arg_form(a);
            if bad_literal.is_none()
                && let Some(Err(msg)) = literal_fits(a, &form, func.param(i))
            {
                bad_literal = Some((i, last_at, msg));
            }
            forms.push((form, last_at));
        }
        if fin.is_some() {
            forms.push((ArgForm::Value, last_at));
        }
        // The last written argument whose evaluation can fail: arguments
        // before it are converted as soon as they are evaluated.
        let last_failing = match &bad_literal {
            Some((i, ..)) => Some(*i),
            None => rest.iter().rposition(can_fail),
        };
        let order = match (&fin, last_failing) {
            (Some(_), Some(_)) => ArgOrder::PipedFirst,
            _ => ArgOrder::Go,
        };
        let data = NodeData::Call {
            name: name.to_owned(),
            ident,
            args: forms,
            order,
        };
        let id = self.node(cmd.pos, go_text(cmd), data);
        let mut parts = Vec::with_capacity(rest.len() + 1);
        if order == ArgOrder::PipedFirst {
            parts.extend(fin.clone());
        }
        let reached = bad_literal.as_ref().map_or(rest.len(), |(i, ..)| *i);
        for (i, (a, e)) in rest.iter().zip(written).enumerate().take(reached) {
            let early = last_failing.is_some_and(|last| i < last)
                && !is_literal(a)
                && func.param(i) != Param::Any;
            parts.push(if early {
                let mut index = String::new();
                push_number(&mut index, i);
                runtime_call("_a", id, &[index, e])
            } else {
                e
            });
        }
        if let Some((_, at, msg)) = bad_literal {
            return Ok(raise(at, &msg, parts.into_iter()));
        }
        if order == ArgOrder::Go {
            parts.extend(fin);
        }
        let mut function = String::with_capacity(2 + name.len());
        function.push_str("f_");
        function.push_str(name);
        Ok(runtime_call(&function, id, &parts))
    }

    /// The node Go was last "at" after evaluating `a`: where it reports a
    /// wrong argument type.
    fn last_evaluated(&mut self, a: &Arg) -> NodeId {
        match a {
            Arg::Pipe(p) => self.last_evaluated_in(p),
            Arg::Field(_) | Arg::Chain(_) | Arg::Identifier { .. } | Arg::Variable(_) => {
                let pos = a.pos();
                match self.operand_nodes.iter().rev().find(|(at, _)| *at == pos) {
                    Some(&(_, id)) => id,
                    None => self.node(pos, go_text(a), NodeData::Plain),
                }
            }
            _ => self.node(a.pos(), go_text(a), NodeData::Plain),
        }
    }

    /// [`Compiler::last_evaluated`] of a pipeline.
    fn last_evaluated_in(&mut self, p: &PipeNode) -> NodeId {
        match p.cmds.last() {
            Some(cmd) => self.last_evaluated(cmd.args.last().expect("a command has an operand")),
            None => {
                let text = format!("({p})");
                self.node(p.pos, text, NodeData::Plain)
            }
        }
    }

    /// An operand's value.
    fn arg(&mut self, a: &Arg) -> Result<String, String> {
        Ok(match a {
            Arg::Identifier { pos, name } => {
                let cmd = CommandNode {
                    pos: *pos,
                    args: vec![a.clone()],
                };
                return self.call(&cmd, *pos, name, &[], None);
            }
            Arg::Dot { .. } => "dot".into(),
            Arg::Nil { .. } => "none".into(),
            Arg::Bool { value, .. } => if *value { "true" } else { "false" }.into(),
            Arg::String(s) => {
                let mut out = String::new();
                jinja_string(&s.text, &mut out);
                out
            }
            Arg::Number(n) => self.number(n)?,
            Arg::Variable(v) => {
                let base = self.var_ref(&v.ident[0])?;
                if v.ident.len() == 1 {
                    base
                } else {
                    let data = NodeData::Fields {
                        names: v.ident[1..].to_vec(),
                        element_of: self.var_element_of(&v.ident[0]),
                    };
                    let id = self.operand_node(v.pos, a, data);
                    runtime_call("_f", id, &[base])
                }
            }
            Arg::Field(f) => {
                let data = NodeData::Fields {
                    names: f.ident.clone(),
                    element_of: self.dot_element_of,
                };
                let id = self.operand_node(f.pos, a, data);
                runtime_call("_f", id, &["dot".to_owned()])
            }
            Arg::Chain(ch) => {
                // A parenthesized pipeline's value has its own type, and
                // Go reports its fields' errors where the pipeline ended.
                let base = self.arg(&ch.node)?;
                let data = NodeData::Fields {
                    names: ch.field.clone(),
                    element_of: None,
                };
                let (pos, text) = last_evaluated_at(&ch.node);
                let id = self.node(pos, text, data);
                self.operand_nodes.push((ch.pos, id));
                runtime_call("_f", id, &[base])
            }
            Arg::Pipe(p) => {
                if !p.decl.is_empty() {
                    return Err(self.unsupported(p.pos, "a declaration inside parentheses"));
                }
                // Every expression the compiler makes is a call, a name, a
                // literal or already parenthesised: no parentheses needed.
                self.pipe(p)?
            }
        })
    }

    /// Go's `idealConstant`: a literal passed where any type is accepted.
    fn number(&self, n: &parse::NumberNode) -> Result<String, String> {
        match number_kind(n) {
            Some(Number::Float(f)) => Ok(float_literal(f)),
            Some(Number::Int(i)) => Ok(i.to_string()),
            None if n.is_complex && !n.is_int && !n.is_float => {
                Err(self.unsupported(n.pos, "a complex number"))
            }
            None => Err(self.unsupported(
                n.pos,
                &format!("the constant {} (it overflows int)", n.text),
            )),
        }
    }
}

/// Go's `String()` of a node, for the node table. Sized for a typical
/// node, as growing a `String` from empty costs several reallocations.
fn go_text(node: &impl std::fmt::Display) -> String {
    let mut text = String::with_capacity(48);
    write!(text, "{node}").unwrap();
    text
}

/// `function(id,args...)`, the form of every runtime call.
fn runtime_call(function: &str, id: NodeId, args: &[String]) -> String {
    let len = function.len() + 12 + args.iter().map(|a| a.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len);
    out.push_str(function);
    out.push('(');
    push_number(&mut out, id as usize);
    for a in args {
        out.push(',');
        out.push_str(a);
    }
    out.push(')');
    out
}

/// `write!(out, "{n}")` without the formatting machinery, which costs
/// more than the rest of a runtime call's text.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// A float literal minijinja reads back as the same f64.
fn float_literal(f: f64) -> String {
    let s = format!("{f:?}");
    if s.contains(['.', 'e', 'i', 'N']) {
        s
    } else {
        format!("{s}.0")
    }
}

/// `_err(id, msg, ...)`: Go's error `msg` at node `id`, raised once the
/// expressions given (what Go evaluates before it) have been evaluated.
fn raise(at: NodeId, msg: &str, evaluated: impl Iterator<Item = String>) -> String {
    let mut out = format!("_err({at},");
    jinja_string(msg, &mut out);
    for e in evaluated {
        write!(out, ",{e}").unwrap();
    }
    out.push(')');
    out
}

fn is_literal(a: &Arg) -> bool {
    matches!(
        a,
        Arg::Number(_) | Arg::String(_) | Arg::Bool { .. } | Arg::Nil { .. }
    )
}

/// Whether evaluating `a` can fail: calls and field chains can, literals
/// and plain variables cannot.
fn can_fail(a: &Arg) -> bool {
    match a {
        Arg::Variable(v) => v.ident.len() > 1,
        Arg::Dot { .. } => false,
        _ => !is_literal(a),
    }
}

/// Whether Go accepts literal `a` for `param` (known before running);
/// `None` for anything but a literal.
fn literal_fits(a: &Arg, form: &ArgForm, param: Param) -> Option<Result<(), String>> {
    let value = match a {
        Arg::Number(n) => match number_kind(n)? {
            Number::Int(i) => Value::from(i),
            Number::Float(f) => Value::from(f),
        },
        Arg::String(s) => Value::from(s.text.as_str()),
        Arg::Bool { value, .. } => Value::from(*value),
        Arg::Nil { .. } => Value::from(()),
        _ => return None,
    };
    Some(call::convert(&value, param, form).map(|_| ()))
}

/// What a number literal is where any type is accepted (Go's `idealConstant`).
enum Number {
    Int(i64),
    Float(f64),
}

/// `None` for what minijinja cannot hold: complex numbers, ints that overflow.
fn number_kind(n: &parse::NumberNode) -> Option<Number> {
    let hex_int = n.text.starts_with("0x") || n.text.starts_with("0X");
    if n.is_float && !hex_int && !n.is_char && n.text.contains(['.', 'e', 'E', 'p', 'P']) {
        return Some(Number::Float(n.float64));
    }
    n.is_int.then_some(Number::Int(n.int64))
}

fn arg_form(a: &Arg) -> ArgForm {
    match a {
        Arg::Number(n) => ArgForm::Number(n.text.clone()),
        Arg::String(s) => ArgForm::String(s.quoted.clone()),
        Arg::Bool { .. } => ArgForm::Bool(a.to_string()),
        Arg::Nil { .. } => ArgForm::Nil,
        Arg::Field(_) | Arg::Chain(_) => ArgForm::Field,
        Arg::Variable(v) if v.ident.len() > 1 => ArgForm::Field,
        _ => ArgForm::Value,
    }
}

/// Go variables assigned with `=` somewhere in the tree.
fn collect_assigned(list: &ListNode, out: &mut HashSet<String>) {
    for node in &list.nodes {
        match node {
            Node::Action(a) if a.pipe.is_assign => {
                out.extend(a.pipe.decl.iter().map(|v| v.ident[0].clone()));
            }
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                if b.pipe.is_assign {
                    out.extend(b.pipe.decl.iter().map(|v| v.ident[0].clone()));
                }
                collect_assigned(&b.list, out);
                if let Some(e) = &b.else_list {
                    collect_assigned(e, out);
                }
            }
            _ => {}
        }
    }
}

/// The position and text of the node Go was last "at" after evaluating `a`.
fn last_evaluated_at(a: &Arg) -> (usize, String) {
    match a {
        Arg::Pipe(p) => match p.cmds.last() {
            Some(cmd) => last_evaluated_at(cmd.args.last().expect("a command has an operand")),
            None => (p.pos, go_text(a)),
        },
        _ => (a.pos(), go_text(a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_go_error_context() {
        let src = "a\n{{ .x }}\n\n  {{- y -}}\nlast";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() {
            assert_eq!(
                index.line_col(offset),
                parse::line_col(src, offset),
                "offset {offset}"
            );
        }
    }
}
