//! A behavioural port of Go's `text/template/parse` (Go 1.23/1.24, the
//! version inside Helm 3.17 and Helm 4.1).
//!
//! The renderer must print byte-identical output *and* byte-identical error
//! messages to `helm template`, so this module reproduces Go's token
//! boundaries, trim-marker rules, AST shapes (including the desugaring of
//! `else if`), node positions, `String()` renderings and error texts/lines.
//! Tests in `tests/template_parse.rs` check all of it against goldens
//! recorded from real Helm binaries.
//!
//! Layout: [`lex`] (tokens), `parser` (grammar), [`ast`] (nodes and their
//! Go `String()` forms), `number` and [`strconv`] (Go literal rules).

pub mod ast;
pub mod lex;
mod number;
mod parser;
pub mod strconv;

use std::fmt;
use std::sync::Arc;

pub use ast::*;

/// Every template a file defines, by name: the file itself (under the name
/// given to [`parse`]) and each `{{define}}`/`{{block}}`, in the order Go adds
/// them (definitions as they finish, the file's own tree last).
#[derive(Clone, Debug)]
pub struct ParsedSet {
    pub trees: indexmap::IndexMap<String, Tree>,
}

/// One named template.
#[derive(Clone, Debug)]
pub struct Tree {
    pub name: String,
    pub root: ListNode,
    /// The whole file the tree came from: node offsets index into it.
    pub source: Arc<str>,
}

/// A parse error. `Display` gives Go's text: `template: NAME:LINE: MESSAGE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The name given to [`parse`] (Go's `ParseName`), also for errors
    /// inside `{{define}}` bodies.
    pub template: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template: {}:{}: {}",
            self.template, self.line, self.message
        )
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// How Helm reports the error (`cleanupParseError`): the location, and
    /// only the text after the *last* `": "` of Go's message, so
    /// `bad number syntax: "0x"` becomes just `"0x"`. Helm's CLI prefixes
    /// this with `Error: `.
    pub fn helm_message(&self) -> String {
        let full = self.to_string();
        let last = full.rsplit(": ").next().unwrap_or(&full);
        format!("parse error at ({}:{}): {}", self.template, self.line, last)
    }
}

/// Where the Go versions behind Helm 3.17 (Go 1.23) and Helm 4.1 (Go 1.24+)
/// parse differently.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Count the newlines inside `{{/* */}}` comments for later line numbers
    /// (Helm 4). Helm 3 does not, so its error lines after a multi-line
    /// comment are too small by that many.
    pub comment_newlines: bool,
}

impl ParseOptions {
    pub const HELM3: ParseOptions = ParseOptions {
        comment_newlines: false,
    };
    pub const HELM4: ParseOptions = ParseOptions {
        comment_newlines: true,
    };
}

/// Parses `source` as the template `name`, like text/template's
/// `New(name).Parse(source)`, with Helm 3's rules (see [`parse_with`]).
/// `funcs` answers whether a function name is defined (text/template's
/// builtins such as `index`, `printf`, `eq` are always defined), because Go
/// rejects unknown functions at parse time.
pub fn parse(
    name: &str,
    source: &str,
    funcs: &dyn Fn(&str) -> bool,
) -> Result<ParsedSet, ParseError> {
    parse_with(name, source, funcs, ParseOptions::HELM3)
}

/// [`parse`] with the rules of a given Helm major version.
pub fn parse_with(
    name: &str,
    source: &str,
    funcs: &dyn Fn(&str) -> bool,
    opts: ParseOptions,
) -> Result<ParsedSet, ParseError> {
    match parse_here(name, source, funcs, opts, SHALLOW) {
        Ok(set) => return Ok(set),
        Err(parser::Fail::Parse(e)) => return Err(e),
        Err(parser::Fail::TooDeep) => {}
    }
    // Go's goroutine stacks grow to 1 GiB, so Go parses any nesting; ours
    // don't grow. Deep input is parsed again on a thread whose stack fits
    // the worst case (every `(` and `{{` opening a level). `funcs` need not
    // be `Send`, so its answers are collected first for every identifier
    // the lexer produces.
    let mut lex = lex::Lexer::new(source);
    let (has_break, has_continue) = (funcs("break"), funcs("continue"));
    lex.break_ok = !has_break;
    lex.continue_ok = !has_continue;
    let mut known = std::collections::HashSet::new();
    loop {
        let item = lex.next_item();
        match item.typ {
            lex::ItemType::Eof | lex::ItemType::Error => break,
            lex::ItemType::Identifier if funcs(item.val) => {
                known.insert(item.val);
            }
            _ => {}
        }
    }
    let answer = move |f: &str| {
        known.contains(f) || (f == "break" && has_break) || (f == "continue" && has_continue)
    };
    let bound = source.bytes().filter(|&b| b == b'(').count() + source.matches("{{").count();
    let stack = (8 << 20) + bound.saturating_mul(STACK_PER_LEVEL).min(1 << 30);
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .stack_size(stack)
            .spawn_scoped(s, move || {
                parse_here(name, source, &answer, opts, usize::MAX)
            })
            .expect("spawning the parser thread");
        match worker
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
        {
            Ok(set) => Ok(set),
            Err(parser::Fail::Parse(e)) => Err(e),
            Err(parser::Fail::TooDeep) => unreachable!("no depth limit on the deep thread"),
        }
    })
}

/// Nesting that is parsed on the caller's stack (a debug build uses up to
/// ~32 KiB of stack per `{{if}}` level; test threads have 2 MiB). Real
/// templates stay far below it.
const SHALLOW: usize = 40;
/// Generous stack per possible nesting level for the deep-input thread.
const STACK_PER_LEVEL: usize = 64 << 10;

fn parse_here(
    name: &str,
    source: &str,
    funcs: &dyn Fn(&str) -> bool,
    opts: ParseOptions,
    max_depth: usize,
) -> Result<ParsedSet, parser::Fail> {
    let mut p = parser::Parser::new(name, source, funcs, opts);
    p.max_depth = max_depth;
    p.parse_top()?;
    Ok(ParsedSet { trees: p.trees })
}

/// The `(line, column)` of a byte offset as Go's `ErrorContext` computes
/// it: 1-based line, 0-based byte column from the start of that line.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let text = &source.as_bytes()[..offset];
    let line = 1 + text.iter().filter(|&&b| b == b'\n').count();
    let col = match text.iter().rposition(|&b| b == b'\n') {
        Some(nl) => offset - nl - 1,
        None => offset,
    };
    (line, col)
}

/// Go's `ErrorContext`: `("NAME:LINE:COL", node text)` for an execution
/// error at a node; `node_text` is the node's `Display`.
pub fn error_context(
    tree_source: &str,
    parse_name: &str,
    pos: usize,
    node_text: &str,
) -> (String, String) {
    let (line, col) = line_col(tree_source, pos);
    (format!("{parse_name}:{line}:{col}"), node_text.to_string())
}

impl Tree {
    /// Go's `Tree.Root.String()`: the template re-printed from the AST.
    pub fn to_go_string(&self) -> String {
        self.root.to_string()
    }
}
