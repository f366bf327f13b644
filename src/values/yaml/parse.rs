//! From saphyr-parser events to go-yaml v2's node tree.
//!
//! go-yaml first builds a tree of nodes (anchors registered when a node
//! starts, aliases pointing at the anchored node), then decodes it. Keeping
//! the same split lets `compose` reproduce go-yaml's decoding order, alias
//! expansion and merge rules exactly. Errors are translated into go-yaml's
//! wording and its idiosyncratic line numbers.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

use super::error::YamlError;

/// go-yaml's nesting limit (`max_flow_level`, `max_indents`).
const MAX_DEPTH: usize = 10_000;

/// A source position: 1-based line, 1-based column and char index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: usize,
    pub col: usize,
    pub index: usize,
}

impl Pos {
    fn of(span: &Span) -> Pos {
        Pos {
            line: span.start.line(),
            col: span.start.col() + 1,
            index: span.start.index(),
        }
    }
}

pub(crate) enum Kind<'a> {
    Scalar {
        value: Cow<'a, str>,
        /// Long-form tag (`tag:yaml.org,2002:str`, `!foo`), empty if none.
        tag: String,
        /// Plain style (or the non-specific `!` tag): go-yaml's `implicit`.
        implicit: bool,
    },
    Seq(Vec<usize>),
    /// Keys and values interleaved.
    Map(Vec<usize>),
    Alias(usize),
}

pub(crate) struct Node<'a> {
    pub kind: Kind<'a>,
    pub pos: Pos,
}

/// The nodes of one stream; each document is a root index into `nodes`.
pub(crate) struct Tree<'a> {
    pub nodes: Vec<Node<'a>>,
    pub docs: Vec<usize>,
}

/// Builds the node tree of the first document (`all == false`) or of
/// every document in `src`.
pub(crate) fn parse<'a>(file: &str, src: &'a str, all: bool) -> Result<Tree<'a>, YamlError> {
    check_chars(file, src)?;
    let mut parser = Parser::new_from_str(src);
    let mut tree = Tree {
        nodes: Vec::new(),
        docs: Vec::new(),
    };
    // Open collections, and anchor id -> node (ids restart per document).
    let mut stack: Vec<usize> = Vec::new();
    let mut anchors: Vec<Option<usize>> = Vec::new();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_error(file, src, &e))?;
        let pos = Pos::of(&span);
        let (kind, anchor, opens) = match event {
            Event::DocumentEnd => {
                if !all {
                    break;
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let tag = long_tag(tag.as_deref());
                let implicit = (style == ScalarStyle::Plain && tag.is_empty()) || tag == "!";
                (
                    Kind::Scalar {
                        value,
                        tag,
                        implicit,
                    },
                    anchor,
                    false,
                )
            }
            Event::SequenceStart(anchor, _) => (Kind::Seq(Vec::new()), anchor, true),
            Event::MappingStart(anchor, _) => (Kind::Map(Vec::new()), anchor, true),
            Event::Alias(id) => match anchors.get(id).copied().flatten() {
                Some(target) => (Kind::Alias(target), 0, false),
                None => return Err(unknown_anchor(file, src, pos)),
            },
            _ => continue,
        };
        let id = tree.nodes.len();
        tree.nodes.push(Node { kind, pos });
        if anchor != 0 {
            if anchors.len() <= anchor {
                anchors.resize(anchor + 1, None);
            }
            anchors[anchor] = Some(id);
        }
        match stack.last() {
            Some(&parent) => match &mut tree.nodes[parent].kind {
                Kind::Seq(items) | Kind::Map(items) => items.push(id),
                _ => unreachable!("only collections are pushed on the stack"),
            },
            None => tree.docs.push(id),
        }
        if opens {
            if stack.len() >= MAX_DEPTH {
                let msg = format!("exceeded max depth of {MAX_DEPTH}");
                return Err(YamlError::yaml(file, pos.line, pos.col, pos.line, msg));
            }
            stack.push(id);
        }
    }
    Ok(tree)
}

/// The tag as go-yaml spells it: `!!x` expands to `tag:yaml.org,2002:x`,
/// local tags keep their `!`.
fn long_tag(tag: Option<&Tag>) -> String {
    match tag {
        None => String::new(),
        Some(t) if t.handle == "!" => format!("!{}", t.suffix),
        Some(t) => format!("{}{}", t.handle, t.suffix),
    }
}

/// go-yaml's reader rejects characters outside YAML's printable set
/// anywhere in the input; saphyr-parser does not check them.
fn check_chars(file: &str, src: &str) -> Result<(), YamlError> {
    let bad = src.char_indices().find(|&(_, c)| {
        !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    });
    let Some((at, _)) = bad else { return Ok(()) };
    let (line, col) = line_col(src, at);
    Err(YamlError::yaml(
        file,
        line,
        col,
        0,
        "control characters are not allowed".to_string(),
    ))
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// go-yaml's message for an alias without a matching anchor (no line).
fn unknown_anchor(file: &str, src: &str, pos: Pos) -> YamlError {
    let name: String = src
        .chars()
        .skip(pos.index + 1)
        .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
        .collect();
    YamlError::yaml(file, pos.line, pos.col, 0, format!("unknown anchor '{name}' referenced"))
}

/// Translates a saphyr-parser error into go-yaml's wording and line.
fn scan_error(file: &str, src: &str, e: &ScanError) -> YamlError {
    let m = e.marker();
    let pos = Pos {
        line: m.line(),
        col: m.col() + 1,
        index: m.index(),
    };
    let info = e.info();
    if info.contains("unknown anchor") {
        return unknown_anchor(file, src, pos);
    }
    let parser_error = info.starts_with("while parsing") || info.starts_with("did not find expected <");
    let problem = info.rsplit_once(", ").map_or(info, |(_, p)| p);
    let msg = match problem {
        "expected ',' or ']'" => "did not find expected ',' or ']'",
        p if p.starts_with("unexpected character") || p.starts_with("tabs disallowed") => {
            "found character that cannot start any token"
        }
        other => other,
    };
    // go-yaml reports 0-based lines for parser errors and 1-based ones for
    // scanner errors, and omits the line when the 0-based line is 0.
    let go_line = match (pos.line, parser_error) {
        (1, _) => 0,
        (l, true) => l - 1,
        (l, false) => l,
    };
    YamlError::yaml(file, pos.line, pos.col, go_line, msg.to_string())
}
