//! A fast reader for the block-style YAML that Helm and chart templates
//! print, so the checksum pass does not pay for the full values reader
//! (`crate::values::yaml`: saphyr's events, go-yaml's node tree and every
//! one of its rules, positions of every path) on each document.
//!
//! It reads block mappings and sequences (compact `- key: value` items
//! too), comments, blank lines, one-line plain, single- and double-quoted
//! scalars, literal block scalars (`|`, `|-`) and the empty flow
//! collections `{}` and `[]`, into the same [`Value`] the full reader
//! gives, and an [`Outline`] that gives the same positions. On
//! anything else it answers `None` and the caller asks the full reader:
//! flow collections with content, anchors, aliases, tags, `<<` merges,
//! multi-line plain or quoted scalars, folded or keep-chomped block
//! scalars, tabs, directives, document markers, duplicate keys, keys that
//! are not plain strings, NaN or infinities, nesting deeper than
//! [`MAX_DEPTH`], unusual characters, and any invalid YAML (so every error
//! message comes from the full reader). Answering `None` too often costs
//! only time; answering differently would be a bug, which the differential
//! tests in `tests/postrender/reader.rs` hunt for.

mod outline;
mod scalar;

use crate::values::{Map, Value};
pub use outline::Outline;
use outline::{ROOT, Seg};
use scalar::{Inline, split_key};

/// The fast reader does not fully understand the document: ask the full one.
#[derive(Debug)]
struct Unsure;

type Fast<T> = Result<T, Unsure>;

/// Nesting deeper than this goes to the full reader (which sizes its
/// decoder's stack to the nesting); Kubernetes objects stay far below.
const MAX_DEPTH: usize = 64;

/// Reads one document, or `None`: use the full reader.
pub fn read(src: &str) -> Option<(Value, Outline<'_>)> {
    let mut reader = Reader::new(src).ok()?;
    let value = reader.document().ok()?;
    Some((value, reader.outline))
}

/// Whether a document holds only characters the fast reader knows how the
/// full one treats: YAML's printable set minus the ones go-yaml and saphyr
/// may disagree about (NEL, the Unicode line separators, BOM).
fn plain_characters(src: &str) -> bool {
    // Without early exit, so the common all-printable case is vectorised.
    let controls = src.bytes().fold(false, |bad, b| {
        bad | ((b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f)
    });
    !controls
        && (src.is_ascii()
            || src.chars().all(|c| {
                c.is_ascii()
                    || matches!(c, '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
                        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
            }))
}

/// One line: its leading spaces and the rest, line break removed. The
/// first line of a compact mapping (`- key: v`) is rewritten to start at
/// its key, as if the `- ` were indentation.
#[derive(Clone, Copy)]
struct Line<'s> {
    indent: usize,
    body: &'s str,
}

/// Whether a line's body is a block sequence item (`-` then a space or
/// nothing).
fn is_item(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

struct Reader<'s> {
    lines: Vec<Line<'s>>,
    /// The next line not yet read.
    next: usize,
    /// The text ends with a line break (go-yaml keeps a final block
    /// scalar's last newline only then).
    terminated: bool,
    has_tabs: bool,
    depth: usize,
    outline: Outline<'s>,
}

impl<'s> Reader<'s> {
    fn new(src: &'s str) -> Fast<Self> {
        if !plain_characters(src) {
            return Err(Unsure);
        }
        let terminated = src.ends_with('\n');
        let text = src.strip_suffix('\n').unwrap_or(src);
        let has_cr = text.contains('\r');
        let mut lines = Vec::with_capacity(text.len() / 24 + 1);
        let mut push = |raw: &'s str| {
            let raw = if has_cr {
                let raw = raw.strip_suffix('\r').unwrap_or(raw);
                if raw.contains('\r') {
                    return Err(Unsure); // a lone CR breaks lines too
                }
                raw
            } else {
                raw
            };
            let body = raw.trim_start_matches(' ');
            lines.push(Line {
                indent: raw.len() - body.len(),
                body,
            });
            Ok(())
        };
        // A plain byte loop: lines are short, and a search call per line
        // cost more than the scan.
        let mut start = 0;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b == b'\n' {
                push(&text[start..i])?;
                start = i + 1;
            }
        }
        push(&text[start..])?;
        Ok(Reader {
            next: 0,
            terminated,
            has_tabs: src.contains('\t'),
            depth: 0,
            outline: Outline::with_capacity(lines.len()),
            lines,
        })
    }

    /// The root: a block mapping or sequence, or nothing (null).
    fn document(&mut self) -> Fast<Value> {
        let Some(first) = self.peek()? else {
            return Ok(Value::Null);
        };
        let value = self.block(first, ROOT)?;
        match self.peek()? {
            None => Ok(value),
            Some(_) => Err(Unsure),
        }
    }

    /// The next line with content (not blank, not only a comment), which
    /// it does not consume. Lines it skips are gone for good.
    fn peek(&mut self) -> Fast<Option<usize>> {
        while let Some(line) = self.lines.get(self.next) {
            if line.body.is_empty() || line.body.starts_with('#') {
                self.next += 1;
                continue;
            }
            let marker =
                line.indent == 0 && ["---", "..."].iter().any(|m| line.body.starts_with(m));
            if marker || (self.has_tabs && line.body.contains('\t')) {
                return Err(Unsure);
            }
            return Ok(Some(self.next));
        }
        Ok(None)
    }

    /// A block collection starting at line `at`, at that line's
    /// indentation; `id` is its id in the outline.
    fn block(&mut self, at: usize, id: usize) -> Fast<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Unsure);
        }
        let Line { indent, body } = self.lines[at];
        let value = if is_item(body) {
            Value::List(self.sequence(indent, id)?)
        } else {
            Value::Map(self.mapping(indent, id)?)
        };
        self.depth -= 1;
        Ok(value)
    }

    fn mapping(&mut self, indent: usize, id: usize) -> Fast<Map> {
        let mut map = Map::new();
        while let Some(at) = self.peek()? {
            let line = self.lines[at];
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.body) {
                return Err(Unsure);
            }
            let (key, rest) = split_key(line.body)?.ok_or(Unsure)?;
            self.next = at + 1;
            let child = self
                .outline
                .push(id, Seg::Key(key.clone()), at + 1, indent + 1);
            let value = self.value(rest, indent, child)?;
            if map.insert(key.into_owned(), value).is_some() {
                return Err(Unsure); // duplicate key: go-yaml's rules for it are the full reader's
            }
        }
        Ok(map)
    }

    fn sequence(&mut self, indent: usize, id: usize) -> Fast<Vec<Value>> {
        let mut items = Vec::new();
        while let Some(at) = self.peek()? {
            let line = self.lines[at];
            if line.indent < indent || (line.indent == indent && !is_item(line.body)) {
                break; // the parent mapping carries on at `indent`, or fails there
            }
            if line.indent > indent {
                return Err(Unsure);
            }
            self.next = at + 1;
            let seg = Seg::Index(items.len());
            let content = line.body[1..].trim_start_matches(' ');
            if content.is_empty() || content.starts_with('#') {
                // The item is the block on the following lines.
                let nested = self.peek()?.filter(|&n| self.lines[n].indent > indent);
                let nested = nested.ok_or(Unsure)?; // an empty item (null): rare, left to the full reader
                let child = self
                    .outline
                    .push(id, seg, nested + 1, self.lines[nested].indent + 1);
                items.push(self.block(nested, child)?);
                continue;
            }
            if is_item(content) {
                return Err(Unsure); // `- - x`
            }
            let column = indent + line.body.len() - content.len();
            if split_key(content)?.is_some() {
                let child = self.outline.push(id, seg, at + 1, column + 1);
                self.lines[at] = Line {
                    indent: column,
                    body: content,
                };
                self.next = at;
                items.push(self.block(at, child)?);
            } else {
                let (value, start) = self.scalar(content, indent)?;
                let (line, col) = match start {
                    Start::Inline => (at, column),
                    Start::Content { line, col } => (line, col),
                    Start::Nothing => return Err(Unsure),
                };
                self.outline.push(id, seg, line + 1, col + 1);
                items.push(value);
            }
        }
        Ok(items)
    }

    /// The value of a mapping entry at `indent`: `rest` is the text after
    /// the key's `:`.
    fn value(&mut self, rest: &'s str, indent: usize, id: usize) -> Fast<Value> {
        let text = rest.trim_start_matches(' ');
        if !(text.is_empty() || text.starts_with('#')) {
            return Ok(self.scalar(text, indent)?.0);
        }
        match self.peek()? {
            Some(n) if self.lines[n].indent > indent => self.block(n, id),
            // The value may be a sequence at the mapping's own indentation.
            Some(n) if self.lines[n].indent == indent && is_item(self.lines[n].body) => {
                self.block(n, id)
            }
            _ => Ok(Value::Null),
        }
    }

    /// A scalar or empty flow collection starting a line's `text`, inside a
    /// collection at `indent`.
    fn scalar(&mut self, text: &'s str, indent: usize) -> Fast<(Value, Start)> {
        match scalar::inline(text)? {
            Inline::Value(v) => Ok((v, Start::Inline)),
            Inline::Literal { strip } => self.literal(indent, strip),
        }
    }

    /// A literal block scalar's content: the lines after its header, more
    /// indented than the collection at `indent`, at the indentation of the
    /// first non-empty one.
    fn literal(&mut self, indent: usize, strip: bool) -> Fast<(Value, Start)> {
        let mut start = Start::Nothing;
        let mut text = String::new();
        let mut content_indent = None;
        let (mut empty_run, mut widest_leading) = (0, 0);
        let mut seen_content = false;
        while let Some(&line) = self.lines.get(self.next) {
            if line.body.is_empty() {
                match content_indent {
                    None => widest_leading = widest_leading.max(line.indent),
                    // Spaces past the indentation would be content.
                    Some(ci) if line.indent > ci => return Err(Unsure),
                    Some(_) => {}
                }
                empty_run += 1;
                self.next += 1;
                continue;
            }
            let ci = match content_indent {
                Some(ci) => ci,
                None if line.indent <= indent => break,
                None if widest_leading > line.indent => return Err(Unsure),
                None => {
                    start = Start::Content {
                        line: self.next,
                        col: line.indent,
                    };
                    *content_indent.insert(line.indent)
                }
            };
            if line.indent < ci {
                break;
            }
            if line.body.starts_with('\t') {
                return Err(Unsure); // tabs in the leading white space
            }
            let breaks = empty_run + usize::from(seen_content);
            text.extend(std::iter::repeat_n('\n', breaks));
            text.extend(std::iter::repeat_n(' ', line.indent - ci));
            text.push_str(line.body);
            seen_content = true;
            empty_run = 0;
            self.next += 1;
        }
        let at_end = self.next == self.lines.len();
        if empty_run > 0 && (at_end || !seen_content) {
            return Err(Unsure); // blank lines ending the text, or all there is
        }
        // go-yaml keeps the last line break unless the text ends right there
        // without one.
        if seen_content && !strip && (self.terminated || !at_end) {
            text.push('\n');
        }
        Ok((Value::String(text), start))
    }
}

/// Where the full reader places a scalar (0-based line and column).
enum Start {
    /// Where it was written.
    Inline,
    /// A literal block scalar: at its first content line, past the
    /// indentation.
    Content { line: usize, col: usize },
    /// An empty literal block scalar: somewhere after its header.
    Nothing,
}
