//! How go-yaml v2 writes one scalar: the style the encoder asks for
//! (`encoder.stringv`), the libyaml analysis that may overrule it
//! (`yaml_emitter_analyze_scalar`, `select_scalar_style`), and the four
//! writers (plain, single-quoted, double-quoted, literal block).
//!
//! Decisions in short: strings that would read back as another type are
//! requested double-quoted; strings with `\n` are requested as literal
//! blocks; everything else plain. Plain falls back to single quotes when the
//! text has indicators (`- x`, `: x`, `#x`, leading/trailing space…), single
//! quotes fall back to double quotes for non-printable characters (tab,
//! control characters, characters outside the BMP, BOM) and for spaces
//! next to line breaks, and literal blocks fall back to double quotes for
//! the same reasons and for trailing spaces.

use super::yaml::{BEST_INDENT, Emitter};
use super::yaml_resolve::needs_quotes;

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// Where the scalar is written.
pub(super) struct ScalarCtx {
    /// A mapping key written without `?`: no folding, no multi-line styles.
    pub(super) simple_key: bool,
}

/// A scalar ready to be written: its text, the style the encoder requests,
/// and libyaml's analysis of the text.
pub(super) struct Scalar<'a> {
    value: &'a str,
    requested: Style,
    multiline: bool,
    plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// go-yaml's `is_printable`: what may appear unescaped in the output.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t'))
}

impl<'a> Scalar<'a> {
    /// A number, bool or null, already formatted.
    pub(super) fn plain(text: &'a str) -> Scalar<'a> {
        Scalar::analyze(text, Style::Plain)
    }

    /// A Go string, styled as `encoder.stringv` requests.
    pub(super) fn string(s: &'a str) -> Scalar<'a> {
        let requested = if s.contains('\n') {
            Style::Literal
        } else if needs_quotes(s) {
            Style::DoubleQuoted
        } else {
            Style::Plain
        };
        Scalar::analyze(s, requested)
    }

    /// libyaml `check_simple_key` for a scalar: one line, at most 128 bytes.
    pub(super) fn is_simple_key(&self) -> bool {
        !self.multiline && self.value.len() <= 128
    }

    fn analyze(value: &'a str, requested: Style) -> Scalar<'a> {
        if value.is_empty() {
            return Scalar {
                value,
                requested,
                multiline: false,
                plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
            };
        }
        let mut block_indicators = value.starts_with("---") || value.starts_with("...");
        let (mut line_breaks, mut special) = (false, false);
        let (mut leading, mut trailing_space, mut trailing_break) = (false, false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_ws = true;
        let mut chars = value.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let followed_by_ws = next.is_none() || is_blank(next);
            let last = next.is_none();
            if first {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => block_indicators = true,
                    '?' | ':' | '-' if followed_by_ws => block_indicators = true,
                    _ => {}
                }
            } else {
                match c {
                    ':' if followed_by_ws => block_indicators = true,
                    '#' if preceded_by_ws => block_indicators = true,
                    _ => {}
                }
            }
            if !is_printable(c) {
                special = true;
            }
            if c == ' ' {
                leading |= first;
                trailing_space |= last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                line_breaks = true;
                leading |= first;
                trailing_break |= last;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_ws = matches!(c, ' ' | '\t' | '\0') || is_break(c);
            first = false;
        }
        let plain_allowed = !(leading
            || trailing_space
            || trailing_break
            || break_space
            || space_break
            || special
            || line_breaks
            || block_indicators);
        Scalar {
            value,
            requested,
            multiline: line_breaks,
            plain_allowed,
            single_quoted_allowed: !(break_space || space_break || special),
            block_allowed: !(trailing_space || space_break || special),
        }
    }

    /// libyaml `select_scalar_style`, for block context.
    fn style(&self, ctx: &ScalarCtx) -> Style {
        let mut style = self.requested;
        if ctx.simple_key && self.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain
            && (!self.plain_allowed || (self.value.is_empty() && ctx.simple_key))
        {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !self.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!self.block_allowed || ctx.simple_key) {
            style = Style::DoubleQuoted;
        }
        style
    }
}

impl Emitter {
    pub(super) fn write_scalar(&mut self, s: &Scalar, ctx: ScalarCtx) {
        let allow_breaks = !ctx.simple_key;
        match s.style(&ctx) {
            Style::Plain => self.write_plain(s.value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(s.value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(s.value, allow_breaks),
            Style::Literal => self.write_literal(s.value),
        }
    }

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                if allow_breaks && !spaces && self.column > self.width && chars.peek() != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let (mut spaces, mut breaks) = (false, false);
        let mut chars = value.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width
                    && i > 0
                    && next.is_some()
                    && next != Some(' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.write_indicator("\"", true, false, false);
        // go-yaml's `is_bom` looks at the first three bytes whatever the
        // position, so a leading BOM escapes every character.
        let escape_all = value.starts_with('\u{FEFF}');
        let mut spaces = false;
        let mut chars = value.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if escape_all || !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                if let Some(e) = short {
                    self.put(e);
                } else {
                    let v = c as u32;
                    let (tag, width) = match v {
                        0..=0xFF => ('x', 2),
                        0x100..=0xFFFF => ('u', 4),
                        _ => ('U', 8),
                    };
                    self.put(tag);
                    for k in (0..width).rev() {
                        self.put(HEX[((v >> (4 * k)) & 15) as usize] as char);
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.width
                    && i != 0
                    && i != value.len() - 1
                {
                    self.write_indent();
                    if chars.peek().map(|&(_, n)| n) == Some(' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: explicit indentation when the text starts with
        // a space or break, `-` to strip a missing final break, `+` to keep
        // more than one.
        let first = value.chars().next();
        if first.is_some_and(|c| c == ' ' || is_break(c)) {
            let hint = char::from_digit(BEST_INDENT as u32, 10).expect("single digit");
            self.write_indicator(&hint.to_string(), false, false, false);
        }
        let mut rev = value.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(prev)) if is_break(prev) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in value.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
