//! The syntax tree, mirroring Go's `text/template/parse` node types.
//!
//! Every node keeps its byte offset (`pos`) into the *whole file* it came
//! from, because Go reports execution errors as `NAME:LINE:COL` computed from
//! that offset (see [`super::line_col`]), and the positions are those Go
//! assigns, quirks included (a field chain `.a.b` sits at the offset of `.b`).
//! `Display` reproduces Go's `String()` byte for byte, since that text is
//! what appears in `executing "x" at <...>` error messages.

use std::fmt::{self, Display, Formatter, Write};

/// A sequence of nodes (Go's `ListNode`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListNode {
    pub pos: usize,
    pub nodes: Vec<Node>,
}

/// A statement-level node: what may appear in a [`ListNode`].
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Plain text, already trimmed as `{{-`/`-}}` demand.
    Text(TextNode),
    /// `{{pipeline}}`: its value is printed unless it declares variables.
    Action(ActionNode),
    If(BranchNode),
    Range(BranchNode),
    With(BranchNode),
    /// `{{template "name" pipeline}}` (also what `{{block}}` leaves behind).
    Template(TemplateNode),
    /// `{{break}}`; `pos` is the keyword's offset.
    Break {
        pos: usize,
        line: usize,
    },
    /// `{{continue}}`; `pos` is the keyword's offset.
    Continue {
        pos: usize,
        line: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TextNode {
    pub pos: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionNode {
    pub pos: usize,
    pub line: usize,
    pub pipe: PipeNode,
}

/// `if`, `range` and `with`. `else if`/`else with` chains arrive desugared
/// as Go does it: the else list holds a single nested branch node.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchNode {
    pub pos: usize,
    pub line: usize,
    pub pipe: PipeNode,
    pub list: ListNode,
    pub else_list: Option<ListNode>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateNode {
    pub pos: usize,
    pub line: usize,
    /// The unquoted template name.
    pub name: String,
    pub pipe: Option<PipeNode>,
}

/// A pipeline, optionally with declarations (`$x := `, `$i, $v := `) or an
/// assignment (`$x = `), and its `|`-separated commands.
#[derive(Clone, Debug, PartialEq)]
pub struct PipeNode {
    pub pos: usize,
    pub line: usize,
    /// True for `=`, false for `:=` (meaningless when `decl` is empty).
    pub is_assign: bool,
    pub decl: Vec<VariableNode>,
    pub cmds: Vec<CommandNode>,
}

/// One command: a function or method call, or a single operand.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandNode {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// Operands.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// A function name, already checked to exist.
    Identifier {
        pos: usize,
        name: String,
    },
    Variable(VariableNode),
    /// `.`
    Dot {
        pos: usize,
    },
    /// `nil`
    Nil {
        pos: usize,
    },
    Field(FieldNode),
    Chain(ChainNode),
    Bool {
        pos: usize,
        value: bool,
    },
    Number(NumberNode),
    String(StringNode),
    /// A parenthesized pipeline.
    Pipe(Box<PipeNode>),
}

/// `$x` or `$x.a.b`: `ident` is `["$x", "a", "b"]` (Go's `Ident`).
#[derive(Clone, Debug, PartialEq)]
pub struct VariableNode {
    pub pos: usize,
    pub ident: Vec<String>,
}

/// `.a.b`: `ident` is `["a", "b"]`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldNode {
    pub pos: usize,
    pub ident: Vec<String>,
}

/// Fields applied to a term that is not a field or variable, e.g.
/// `(index . 0).Name`; `field` holds the names without dots.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainNode {
    pub pos: usize,
    pub node: Box<Arg>,
    pub field: Vec<String>,
}

/// Go's `NumberNode`: one literal with every interpretation that is exact.
/// The executor picks among them by the type the context needs.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberNode {
    pub pos: usize,
    /// The literal as written (what Go prints).
    pub text: String,
    pub is_int: bool,
    pub is_uint: bool,
    pub is_float: bool,
    /// Complex literals are lexed and kept; the compiler rejects them.
    pub is_complex: bool,
    /// The literal was a character constant such as `'a'`.
    pub is_char: bool,
    pub int64: i64,
    pub uint64: u64,
    pub float64: f64,
    /// (real, imaginary)
    pub complex128: (f64, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringNode {
    pub pos: usize,
    /// The original quoted text, e.g. `"a\n"` or `` `raw` ``.
    pub quoted: String,
    /// The unquoted value.
    pub text: String,
}

impl Arg {
    /// The node's byte offset, as Go's `Position()`.
    pub fn pos(&self) -> usize {
        match self {
            Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. } => *pos,
            Arg::Variable(v) => v.pos,
            Arg::Field(f) => f.pos,
            Arg::Chain(c) => c.pos,
            Arg::Number(n) => n.pos,
            Arg::String(s) => s.pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl Node {
    /// The node's byte offset, as Go's `Position()`.
    pub fn pos(&self) -> usize {
        match self {
            Node::Text(t) => t.pos,
            Node::Action(a) => a.pos,
            Node::If(b) | Node::Range(b) | Node::With(b) => b.pos,
            Node::Template(t) => t.pos,
            Node::Break { pos, .. } | Node::Continue { pos, .. } => *pos,
        }
    }
}

/// Go's `IsEmptyTree`: only whitespace text (and nothing else). Decides
/// whether a later `{{define}}` of the same name may replace an earlier one.
pub fn is_empty_tree(list: &ListNode) -> bool {
    list.nodes.iter().all(|n| match n {
        Node::Text(t) => t.text.trim_matches(|c: char| c.is_whitespace()).is_empty(),
        _ => false,
    })
}

impl Display for ListNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.nodes.iter().try_for_each(|n| n.fmt(f))
    }
}

impl Display for Node {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Node::Text(t) => f.write_str(&t.text),
            Node::Action(a) => write!(f, "{{{{{}}}}}", a.pipe),
            Node::If(b) => write_branch(f, "if", b),
            Node::Range(b) => write_branch(f, "range", b),
            Node::With(b) => write_branch(f, "with", b),
            Node::Template(t) => t.fmt(f),
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

fn write_branch(f: &mut Formatter<'_>, name: &str, b: &BranchNode) -> fmt::Result {
    write!(f, "{{{{{name} {}}}}}{}", b.pipe, b.list)?;
    if let Some(e) = &b.else_list {
        write!(f, "{{{{else}}}}{e}")?;
    }
    f.write_str("{{end}}")
}

impl Display for TemplateNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let name = super::strconv::quote_prefix(&self.name, usize::MAX);
        match &self.pipe {
            None => write!(f, "{{{{template {name}}}}}"),
            Some(p) => write!(f, "{{{{template {name} {p}}}}}"),
        }
    }
}

impl Display for PipeNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, v) in self.decl.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            v.fmt(f)?;
        }
        if !self.decl.is_empty() {
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            c.fmt(f)?;
        }
        Ok(())
    }
}

impl Display for CommandNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            a.fmt(f)?;
        }
        Ok(())
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Variable(v) => v.fmt(f),
            Arg::Dot { .. } => f.write_char('.'),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Field(x) => x.fmt(f),
            Arg::Chain(c) => c.fmt(f),
            Arg::Bool { value, .. } => f.write_str(if *value { "true" } else { "false" }),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String(s) => f.write_str(&s.quoted),
            Arg::Pipe(p) => write!(f, "({p})"),
        }
    }
}

impl Display for VariableNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let (var, fields) = self.ident.split_first().expect("a variable has a name");
        f.write_str(var)?;
        write_fields(f, fields)
    }
}

impl Display for FieldNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_fields(f, &self.ident)
    }
}

impl Display for ChainNode {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)?;
        write_fields(f, &self.field)
    }
}

/// `.a.b` for `["a", "b"]`, written piece by piece: node texts are made
/// for every node the compiler keeps, and `write!` would parse a format
/// string for each name.
fn write_fields(f: &mut Formatter<'_>, names: &[String]) -> fmt::Result {
    names.iter().try_for_each(|name| {
        f.write_char('.')?;
        f.write_str(name)
    })
}
