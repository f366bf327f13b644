//! How `toYaml` writes one scalar: which of the four styles it gets (plain,
//! `'single'`, `"double"`, `|` literal block) and how each style is laid out,
//! including the folding of long lines past column 80 (`toYaml` only).
//!
//! Style, as observed from Helm:
//! - a string with `\n` is wanted as a literal block, a string that would
//!   read back as another type (`"yes"`, `"1e3"`, `""`) double-quoted, any
//!   other text plain;
//! - plain gives way to single quotes when the text cannot be read back
//!   plain: it starts or ends with a space, holds a line break or a
//!   character that must be escaped, or has YAML syntax in it (`- x`, `x: y`,
//!   `x #y`, a leading `[`, `&`, `---`…);
//! - single quotes (and literal blocks) give way to double quotes when the
//!   text has a character that must be escaped (control characters, tab,
//!   anything above U+FFFF, a BOM) or a space before a line break; single
//!   quotes also for a space after a line break, literal blocks also for a
//!   trailing space and when written as a mapping key without `?`.

use super::yaml::Out;
use super::yaml_resolve::needs_quotes;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// Characters that YAML treats as line breaks.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters the output may carry as they are: `\n`, printable ASCII and
/// the Basic Multilingual Plane above U+009F, less surrogates, the BOM and
/// the two non-characters U+FFFE/U+FFFF.
fn writable_raw(c: char) -> bool {
    let in_range = matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}');
    in_range && c != '\u{FEFF}'
}

/// Characters that, first in a text, a YAML reader takes as syntax.
const LEADING_SYNTAX: &str = "#,[]{}&*!|>'\"%@`";

/// What about a text decides its style.
#[derive(Default)]
struct Traits {
    has_break: bool,
    needs_escape: bool,
    space_before_break: bool,
    space_after_break: bool,
    space_at_edge: bool,
    trailing_space: bool,
    looks_like_syntax: bool,
}

impl Traits {
    fn of(text: &str) -> Traits {
        let chars: Vec<char> = text.chars().collect();
        let blank_or_end = |i: usize| matches!(chars.get(i), None | Some(' ' | '\t'));
        let mut t = Traits {
            space_at_edge: chars.first() == Some(&' ') || chars.last() == Some(&' '),
            trailing_space: chars.last() == Some(&' '),
            looks_like_syntax: text.starts_with("---") || text.starts_with("..."),
            ..Traits::default()
        };
        for (i, &c) in chars.iter().enumerate() {
            t.has_break |= is_line_break(c);
            t.needs_escape |= !writable_raw(c);
            if c == ' ' {
                t.space_after_break |= i > 0 && is_line_break(chars[i - 1]);
                t.space_before_break |= chars.get(i + 1).is_some_and(|&n| is_line_break(n));
            }
            let syntax = if i == 0 {
                LEADING_SYNTAX.contains(c) || (matches!(c, '?' | ':' | '-') && blank_or_end(1))
            } else {
                let after_blank = matches!(chars[i - 1], ' ' | '\t') || is_line_break(chars[i - 1]);
                (c == ':' && blank_or_end(i + 1)) || (c == '#' && after_blank)
            };
            t.looks_like_syntax |= syntax;
        }
        t
    }

    fn plain_ok(&self) -> bool {
        !(self.space_at_edge || self.has_break || self.needs_escape || self.looks_like_syntax)
    }

    fn single_ok(&self) -> bool {
        !(self.space_before_break || self.space_after_break || self.needs_escape)
    }

    fn literal_ok(&self) -> bool {
        !(self.trailing_space || self.space_before_break || self.needs_escape)
    }
}

/// A scalar to write.
pub(super) struct Scalar<'a> {
    pub(super) text: &'a str,
    /// An already formatted number, bool or null: wanted plain.
    pub(super) formatted: bool,
}

impl Scalar<'_> {
    /// Whether it may be a mapping key without `?`: one line, at most 128
    /// bytes.
    pub(super) fn fits_simple_key(&self) -> bool {
        !self.text.chars().any(is_line_break) && self.text.len() <= 128
    }

    fn style(&self, simple_key: bool) -> Style {
        let wanted = if self.formatted {
            Style::Plain
        } else if self.text.contains('\n') {
            Style::Literal
        } else if needs_quotes(self.text) {
            Style::Double
        } else {
            Style::Plain
        };
        let traits = Traits::of(self.text);
        match wanted {
            Style::Plain if traits.plain_ok() => Style::Plain,
            Style::Plain if traits.single_ok() => Style::Single,
            Style::Literal if traits.literal_ok() && !simple_key => Style::Literal,
            _ => Style::Double,
        }
    }
}

impl Out {
    /// Writes `scalar`; `space_before` when something other than indentation
    /// precedes it on the line, `indent` is where continuation lines start,
    /// `simple_key` when it is a mapping key without `?` (never folded).
    pub(super) fn scalar(
        &mut self,
        scalar: &Scalar,
        space_before: bool,
        indent: usize,
        simple_key: bool,
    ) {
        if space_before {
            self.push(' ');
        }
        let fold = !simple_key;
        let style = scalar.style(simple_key);
        match style {
            Style::Plain => self.plain(scalar.text, indent, fold),
            Style::Single => self.single_quoted(scalar.text, indent, fold),
            Style::Double => self.double_quoted(scalar.text, indent, fold),
            Style::Literal => self.literal(scalar.text, indent),
        }
        if !matches!(style, Style::Literal) {
            self.end_text();
        }
    }

    /// Breaks the line at this space instead of writing it: only when
    /// folding and the line has run past the fold column.
    fn fold_here(&mut self, fold: bool, indent: usize) -> bool {
        if fold
            && self
                .fold_column
                .is_some_and(|column| self.column() > column)
        {
            self.line_at(indent);
            return true;
        }
        false
    }

    /// Plain text has no breaks; a single space between two non-spaces may
    /// become a line break.
    fn plain(&mut self, text: &str, indent: usize, fold: bool) {
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let lone_space =
                c == ' ' && i > 0 && chars[i - 1] != ' ' && chars.get(i + 1) != Some(&' ');
            if !(lone_space && self.fold_here(fold, indent)) {
                self.push(c);
            }
        }
    }

    /// `'` doubled inside; a single space strictly inside the text, between
    /// two non-spaces, may fold. Only U+2028/U+2029 can be line breaks
    /// here (texts with `\n` are never single-quoted): they are copied
    /// and the text resumes at the indentation.
    fn single_quoted(&mut self, text: &str, indent: usize, fold: bool) {
        self.open_quote('\'');
        let chars: Vec<char> = text.chars().collect();
        let mut after_break = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let foldable =
                    i > 0 && chars[i - 1] != ' ' && chars.get(i + 1).is_some_and(|&n| n != ' ');
                if !(foldable && self.fold_here(fold, indent)) {
                    self.push(' ');
                }
                continue;
            }
            if is_line_break(c) {
                self.push_break(c);
                after_break = true;
                continue;
            }
            if after_break {
                self.line_at(indent);
                after_break = false;
            }
            if c == '\'' {
                self.push('\'');
            }
            self.push(c);
        }
        self.push('\'');
    }

    /// Escapes what cannot be written raw (everything, when the text starts
    /// with a BOM). The first space of a run strictly inside the text may
    /// fold; if another space follows, the new line starts with `\` so the
    /// space survives the fold.
    fn double_quoted(&mut self, text: &str, indent: usize, fold: bool) {
        self.open_quote('"');
        let escape_all = text.starts_with('\u{FEFF}');
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut prev_space = false;
        for (i, &c) in chars.iter().enumerate() {
            if escape_all || !writable_raw(c) || is_line_break(c) || c == '"' || c == '\\' {
                self.escape(c);
                prev_space = false;
                continue;
            }
            if c == ' ' && !prev_space && i != 0 && i != last && self.fold_here(fold, indent) {
                if chars[i + 1] == ' ' {
                    self.push('\\');
                }
            } else {
                self.push(c);
            }
            prev_space = c == ' ';
        }
        self.push('"');
    }

    fn open_quote(&mut self, quote: char) {
        self.push(quote);
        self.end_text();
    }

    fn escape(&mut self, c: char) {
        self.push('\\');
        let short = match c {
            '"' | '\\' => Some(c),
            '\0' => Some('0'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\r' => Some('r'),
            '\u{7}' => Some('a'),
            '\u{8}' => Some('b'),
            '\u{b}' => Some('v'),
            '\u{c}' => Some('f'),
            '\u{1b}' => Some('e'),
            '\u{85}' => Some('N'),
            '\u{a0}' => Some('_'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        let code = u32::from(c);
        let text = match short {
            Some(s) => s.to_string(),
            None if code <= 0xFF => format!("x{code:02X}"),
            None if code <= 0xFFFF => format!("u{code:04X}"),
            None => format!("U{code:08X}"),
        };
        self.push_str(&text);
    }

    /// `|`, then `2` when the text starts with a space or break (the
    /// indentation could not be told otherwise), then `-` when there is no
    /// final break or `+` when the final break has another before it (or is
    /// all there is); the lines follow at `indent`, blank lines empty.
    fn literal(&mut self, text: &str, indent: usize) {
        self.push('|');
        if text.starts_with(|c: char| c == ' ' || is_line_break(c)) {
            self.push('2');
        }
        let mut from_end = text.chars().rev();
        match (from_end.next(), from_end.next()) {
            (Some(last), _) if !is_line_break(last) => self.push('-'),
            (None, _) => self.push('-'),
            (Some(_), None) => self.push('+'),
            (Some(_), Some(before)) if is_line_break(before) => self.push('+'),
            _ => {}
        }
        self.push_break('\n');
        self.begin_block_text();
        let mut line_start = true;
        for c in text.chars() {
            if is_line_break(c) {
                self.push_break(c);
                line_start = true;
            } else {
                if line_start {
                    self.line_at(indent);
                    line_start = false;
                }
                self.push(c);
            }
        }
    }
}
