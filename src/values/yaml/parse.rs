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
use super::lenient;

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
    /// The deepest collection nesting, which sizes the decoder's stack.
    pub depth: usize,
}

/// Builds the node tree of the first document (`all == false`) or of
/// every document in `src`.
pub(crate) fn parse<'a>(file: &str, src: &'a str, all: bool) -> Result<Tree<'a>, YamlError> {
    check_chars(file, src)?;
    lenient::check_directives(file, src)?;
    let patch = match events(file, src, src, all) {
        Ok(tree) => return Ok(tree),
        Err(Failure::Error(e)) => return Err(e),
        Err(Failure::Patch(p)) => p,
    };
    // Repairs shift nothing, so positions and error lines stay those of
    // `src`; the tree is made owned since the repaired text is local.
    let mut text = lenient::apply(src, &patch);
    for _ in 0..1000 {
        match events(file, src, &text, all) {
            Ok(tree) => return Ok(tree.into_owned()),
            Err(Failure::Error(e)) => return Err(e),
            Err(Failure::Patch(p)) => text = lenient::apply(&text, &p),
        }
    }
    Err(YamlError::yaml(
        file,
        1,
        1,
        0,
        "too many repairs".to_string(),
    ))
}

enum Failure {
    Error(YamlError),
    Patch(lenient::Patch),
}

impl From<YamlError> for Failure {
    fn from(e: YamlError) -> Self {
        Failure::Error(e)
    }
}

/// One pass of saphyr-parser over `text` (`src`, possibly repaired).
fn events<'t>(file: &str, src: &str, text: &'t str, all: bool) -> Result<Tree<'t>, Failure> {
    let mut parser = Parser::new_from_str(text);
    let mut tree = Tree {
        nodes: Vec::new(),
        docs: Vec::new(),
        depth: 0,
    };
    // Open collections, and anchor id -> node (ids restart per document).
    let mut stack: Vec<usize> = Vec::new();
    let mut anchors: Vec<Option<usize>> = Vec::new();
    let unterminated = !text.ends_with(['\n', '\r']);
    let mut text_chars = None;
    let mut char_bytes = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ok) => ok,
            // go-yaml reads one document and never scans past its end: not
            // past an end marker, nor into a second document without a
            // start marker once the first one's root is complete.
            Err(e)
                if !all
                    && !tree.docs.is_empty()
                    && (e.info().contains("after document end marker")
                        || (stack.is_empty()
                            && e.info() == "did not find expected <document start>")) =>
            {
                break;
            }
            Err(e) => match lenient::patch_for(text, &e) {
                Some(p) => return Err(Failure::Patch(p)),
                None => {
                    // What go-yaml's parser was waiting for decides its message.
                    let expecting = match stack.last().map(|&p| &tree.nodes[p].kind) {
                        Some(Kind::Map(items)) if items.len() % 2 == 0 => {
                            "did not find expected key"
                        }
                        _ => "did not find expected node content",
                    };
                    return Err(scan_error(file, src, &e, expecting).into());
                }
            },
        };
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
            Event::Scalar(mut value, style, anchor, tag) => {
                lenient::check_escapes(file, src, &value, style, &span)?;
                // go-yaml gives a block scalar ending the input without a
                // line break no final newline.
                if unterminated
                    && matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && span.end.index() == *text_chars.get_or_insert_with(|| text.chars().count())
                    && value.ends_with('\n')
                {
                    value.to_mut().pop();
                }
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
                None => return Err(unknown_anchor(file, src, pos).into()),
            },
            _ => continue,
        };
        if let Some(&parent) = stack.last()
            && matches!(tree.nodes[parent].kind, Kind::Seq(_))
        {
            lenient::check_tab_after_dash(file, text, &mut char_bytes, pos.index)?;
        }
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
                return Err(YamlError::yaml(file, pos.line, pos.col, pos.line, msg).into());
            }
            stack.push(id);
            tree.depth = tree.depth.max(stack.len());
        }
    }
    Ok(tree)
}

impl Tree<'_> {
    /// The same tree, no longer borrowing the text it was parsed from.
    fn into_owned(self) -> Tree<'static> {
        let nodes = self
            .nodes
            .into_iter()
            .map(|n| Node {
                pos: n.pos,
                kind: match n.kind {
                    Kind::Scalar {
                        value,
                        tag,
                        implicit,
                    } => Kind::Scalar {
                        value: Cow::Owned(value.into_owned()),
                        tag,
                        implicit,
                    },
                    Kind::Seq(v) => Kind::Seq(v),
                    Kind::Map(v) => Kind::Map(v),
                    Kind::Alias(t) => Kind::Alias(t),
                },
            })
            .collect();
        Tree {
            nodes,
            docs: self.docs,
            depth: self.depth,
        }
    }
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
    YamlError::yaml(
        file,
        pos.line,
        pos.col,
        0,
        format!("unknown anchor '{name}' referenced"),
    )
}

/// Translates a saphyr-parser error into go-yaml's wording and line.
fn scan_error(file: &str, src: &str, e: &ScanError, expecting: &'static str) -> YamlError {
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
    let mut parser_error =
        info.starts_with("while parsing") || info.starts_with("did not find expected <");
    let problem = info.rsplit_once(", ").map_or(info, |(_, p)| p);
    let mut go_line = None;
    let msg = match problem {
        "expected ',' or ']'" => "did not find expected ',' or ']'",
        "simple key expect ':'" | "simple key expected" => "could not find expected ':'",
        "the handle wasn't declared" => "found undefined tag handle",
        "misplaced bracket" => {
            parser_error = true;
            expecting
        }
        p if p.contains("is only valid inside a block") => "did not find expected node content",
        "invalid trailing content after double-quoted scalar" => {
            parser_error = true;
            "did not find expected key"
        }
        "found unexpected end of stream" | "invalid indentation in quoted scalar" => {
            // go-yaml notices an unclosed quote only at the end of input.
            let eof_line = src.matches('\n').count();
            go_line = Some(eof_line + usize::from(eof_line != 0));
            "found unexpected end of stream"
        }
        p if p.starts_with("unexpected character") || p.starts_with("tabs disallowed") => {
            "found character that cannot start any token"
        }
        other => other,
    };
    // go-yaml reports 0-based lines for parser errors and 1-based ones for
    // scanner errors, and omits the line when the 0-based line is 0.
    let go_line = go_line.unwrap_or(match (pos.line, parser_error) {
        (1, _) => 0,
        (l, true) => l - 1,
        (l, false) => l,
    });
    YamlError::yaml(file, pos.line, pos.col, go_line, msg.to_string())
}
