//! The lexer: a pull-driven state machine with the same states, the same
//! token boundaries and the same line bookkeeping as Go's `text/template/parse`
//! lexer (Go 1.23/1.24).
//!
//! Fidelity matters more than elegance here: error messages carry the line of
//! the token being lexed, and Go has a few quirks that Helm users can observe
//! (for instance newlines inside `{{/* */}}` comments are *not* counted, so
//! every later line number in the file is off by that many). We reproduce
//! them on purpose. The lexer never allocates except for error messages.

use super::strconv::{fmt_u, quote_prefix};

mod literal;

/// Token kinds, one for one with Go's `itemType`. The variants after
/// [`ItemType::Block`] are keywords and print as `<word>` in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemType {
    Error,
    Bool,
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemType {
    /// Whether Go classifies the type as a keyword (`typ > itemKeyword`).
    pub fn is_keyword(self) -> bool {
        self as u8 >= ItemType::Block as u8
    }
}

/// One token: its kind, byte offset, text and the line it starts on.
/// `Copy`, because the parser's look-ahead copies tokens all the time.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    pub typ: ItemType,
    pub pos: usize,
    /// The token text; empty for [`ItemType::Error`], whose message is
    /// [`Lexer::error`].
    pub val: &'a str,
    pub line: usize,
}

impl Item<'_> {
    /// A placeholder for the parser's empty look-ahead slots.
    pub fn empty() -> Self {
        Item {
            typ: ItemType::Eof,
            pos: 0,
            val: "",
            line: 0,
        }
    }
}

/// Go's `item.String()`, which is what `unexpected %s` prints. An error
/// item prints as its message, which only the lexer holds: see
/// [`Lexer::error`].
impl std::fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            t if t.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.len() > 10 => write!(f, "{}...", quote_prefix(self.val, 10)),
            _ => f.write_str(&quote_prefix(self.val, usize::MAX)),
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
/// A trim marker is the dash plus the mandatory space next to it.
const TRIM_MARKER_LEN: usize = 2;
/// Sentinel rune for end of input, as Go's `eof = -1`.
const EOF: Option<char> = None;

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Quote,
    RawQuote,
    Variable,
    Field,
    Char,
    Number,
    Identifier,
}

/// Either an emitted token or the next state to run.
enum Step<'a> {
    Emit(Item<'a>),
    Go(State),
}
use Step::{Emit, Go};

/// The lexer. Call [`Lexer::next_item`] repeatedly; after an error item it
/// behaves as if the input were empty, like Go.
pub struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: i32,
    line: usize,
    start_line: usize,
    inside_action: bool,
    /// `break`/`continue` are keywords only if no function shadows them.
    pub break_ok: bool,
    pub continue_ok: bool,
    /// Go >= 1.24 (Helm 4) counts the newlines inside `{{/* */}}`; Go 1.23
    /// (Helm 3.17) forgets them, shifting every later line number.
    pub comment_newlines: bool,
    /// The message of the error item, once one is emitted (the lexer stops
    /// there, so there is at most one).
    pub error: String,
}

/// Go's `isSpace`: the four ASCII whitespace characters of the grammar.
pub fn is_space(r: Option<char>) -> bool {
    matches!(r, Some(' ' | '\t' | '\r' | '\n'))
}

/// Go's `isAlphaNumeric` (`_`, `unicode.IsLetter`, `unicode.IsDigit`).
/// Rust's `is_alphabetic` is a close superset of Go's `IsLetter` (it also
/// admits a few combining marks); exact for ASCII.
pub fn is_alnum(r: Option<char>) -> bool {
    match r {
        Some(c) if c.is_ascii() => c == '_' || c.is_ascii_alphanumeric(),
        Some(c) => c.is_alphabetic() || c.is_numeric(),
        None => false,
    }
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && matches!(b[1], b' ' | b'\t' | b'\r' | b'\n')
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && matches!(b[0], b' ' | b'\t' | b'\r' | b'\n') && b[1] == b'-'
}

fn is_trim_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `s.find("{{")`, but through `memchr` for one byte (what `find` does for
/// an ASCII `char`): cheaper than building a substring searcher for each of
/// the many short texts between actions.
fn find_left_delim(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find('{') {
        let at = from + i;
        if b.get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn count_nl(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer {
            input,
            pos: 0,
            start: 0,
            at_eof: false,
            paren_depth: 0,
            line: 1,
            start_line: 1,
            inside_action: false,
            break_ok: true,
            continue_ok: true,
            comment_newlines: false,
            error: String::new(),
        }
    }

    /// Runs the state machine until it emits a token (Go's `nextItem`).
    pub fn next_item(&mut self) -> Item<'a> {
        let mut state = if self.inside_action {
            State::InsideAction
        } else {
            State::Text
        };
        loop {
            let step = match state {
                State::Text => self.lex_text(),
                State::LeftDelim => self.lex_left_delim(),
                State::Comment => self.lex_comment(),
                State::RightDelim => self.lex_right_delim(),
                State::InsideAction => self.lex_inside_action(),
                State::Space => self.lex_space(),
                State::Quote => self.lex_quote(),
                State::RawQuote => self.lex_raw_quote(),
                State::Variable => self.lex_variable(),
                State::Field => self.lex_field_or_variable(ItemType::Field),
                State::Char => self.lex_char(),
                State::Number => self.lex_number(),
                State::Identifier => self.lex_identifier(),
            };
            match step {
                Emit(item) => return item,
                Go(s) => state = s,
            }
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = match self.input.as_bytes().get(self.pos) {
            None => {
                self.at_eof = true;
                return EOF;
            }
            // ASCII fast path: nearly every byte of a template.
            Some(&b) if b < 0x80 => b as char,
            Some(_) => self.input[self.pos..].chars().next().unwrap_or('\0'),
        };
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        match self.input.as_bytes().get(self.pos) {
            None => None,
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.input[self.pos..].chars().next(),
        }
    }

    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            let c = self.input[..self.pos].chars().next_back().unwrap_or('\0');
            self.pos -= c.len_utf8();
            if c == '\n' {
                self.line -= 1;
            }
        }
        self.at_eof = false;
    }

    fn this_item(&mut self, typ: ItemType) -> Item<'a> {
        let item = Item {
            typ,
            pos: self.start,
            val: &self.input[self.start..self.pos],
            line: self.start_line,
        };
        self.start = self.pos;
        self.start_line = self.line;
        item
    }

    /// Skips pending input; counts its newlines because it was skipped
    /// without `next` (Go's `ignore`).
    fn ignore(&mut self) {
        self.line += count_nl(&self.input[self.start..self.pos]);
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    /// Emits an error item and empties the input, as Go's `errorf` does.
    fn errorf(&mut self, msg: String) -> Step<'a> {
        let item = Item {
            typ: ItemType::Error,
            pos: self.start,
            val: "",
            line: self.start_line,
        };
        self.error = msg;
        self.start = 0;
        self.pos = 0;
        self.input = "";
        Emit(item)
    }

    fn lex_text(&mut self) -> Step<'a> {
        if let Some(x) = find_left_delim(&self.input[self.pos..]) {
            if x > 0 {
                self.pos += x;
                let delim_end = self.pos + LEFT_DELIM.len();
                let trim = if has_left_trim_marker(&self.input[delim_end..]) {
                    let s = &self.input[self.start..self.pos];
                    s.len() - s.trim_end_matches(is_trim_space).len()
                } else {
                    0
                };
                self.pos -= trim;
                self.line += count_nl(&self.input[self.start..self.pos]);
                let item = self.this_item(ItemType::Text);
                self.pos += trim;
                self.ignore();
                if !item.val.is_empty() {
                    return Emit(item);
                }
            }
            return Go(State::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.line += count_nl(&self.input[self.start..self.pos]);
            return Emit(self.this_item(ItemType::Text));
        }
        Emit(self.this_item(ItemType::Eof))
    }

    /// Returns (at a right delimiter, with a trim marker before it).
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = &self.input[self.pos..];
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    fn lex_left_delim(&mut self) -> Step<'a> {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(&self.input[self.pos..]);
        let after_marker = if trim { TRIM_MARKER_LEN } else { 0 };
        if self.input[self.pos + after_marker..].starts_with(LEFT_COMMENT) {
            self.pos += after_marker;
            self.ignore();
            return Go(State::Comment);
        }
        let item = self.this_item(ItemType::LeftDelim);
        self.inside_action = true;
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        Emit(item)
    }

    /// Comments are dropped (Helm never sets `ParseComments`). Go 1.23 does
    /// not count the newlines inside a comment; Go 1.24 does.
    fn lex_comment(&mut self) -> Step<'a> {
        self.pos += LEFT_COMMENT.len();
        let Some(x) = self.input[self.pos..].find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".into());
        };
        self.pos += x + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".into());
        }
        if self.comment_newlines {
            self.line += count_nl(&self.input[self.start..self.pos]);
        }
        self.this_item(ItemType::Comment);
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            let s = &self.input[self.pos..];
            self.pos += s.len() - s.trim_start_matches(is_trim_space).len();
        }
        self.ignore();
        Go(State::Text)
    }

    fn lex_right_delim(&mut self) -> Step<'a> {
        let (_, trim) = self.at_right_delim();
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        let item = self.this_item(ItemType::RightDelim);
        if trim {
            let s = &self.input[self.pos..];
            self.pos += s.len() - s.trim_start_matches(is_trim_space).len();
            self.ignore();
        }
        self.inside_action = false;
        Emit(item)
    }

    fn lex_inside_action(&mut self) -> Step<'a> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Go(State::RightDelim);
            }
            return self.errorf("unclosed left paren".into());
        }
        let r = self.next();
        let Some(c) = r else {
            return self.errorf("unclosed action".into());
        };
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                // Put the space back in case we have " -}}".
                self.backup();
                Go(State::Space)
            }
            '=' => Emit(self.this_item(ItemType::Assign)),
            ':' => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".into());
                }
                Emit(self.this_item(ItemType::Declare))
            }
            '|' => Emit(self.this_item(ItemType::Pipe)),
            '"' => Go(State::Quote),
            '`' => Go(State::RawQuote),
            '$' => Go(State::Variable),
            '\'' => Go(State::Char),
            '.' if !self.input[self.pos..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit()) =>
            {
                Go(State::Field)
            }
            '.' | '+' | '-' | '0'..='9' => {
                self.backup();
                Go(State::Number)
            }
            _ if is_alnum(r) => {
                self.backup();
                Go(State::Identifier)
            }
            '(' => {
                self.paren_depth += 1;
                Emit(self.this_item(ItemType::LeftParen))
            }
            ')' => {
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf("unexpected right paren".into());
                }
                Emit(self.this_item(ItemType::RightParen))
            }
            c if c.is_ascii() && !c.is_ascii_control() => Emit(self.this_item(ItemType::Char)),
            c => self.errorf(format!("unrecognized character in action: {}", fmt_u(c))),
        }
    }

    fn lex_space(&mut self) -> Step<'a> {
        let mut num_spaces = 0;
        while is_space(self.peek()) {
            self.next();
            num_spaces += 1;
        }
        // A trim-marked closing delimiter has a minus after a space; we know
        // there is a space, so check for the '-' that might follow.
        let rest = &self.input[self.pos - 1..];
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            self.backup();
            if num_spaces == 1 {
                return Go(State::RightDelim);
            }
        }
        Emit(self.this_item(ItemType::Space))
    }

    /// Go's `atTerminator`: can the current word end here? The whole right
    /// delimiter must follow (`.a}x` is "bad character U+007D '}'").
    fn at_terminator(&self) -> bool {
        let r = self.peek();
        if is_space(r) {
            return true;
        }
        match r {
            None | Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            Some(_) => self.input[self.pos..].starts_with(RIGHT_DELIM),
        }
    }

    fn lex_variable(&mut self) -> Step<'a> {
        if self.at_terminator() {
            return Emit(self.this_item(ItemType::Variable));
        }
        self.lex_field_or_variable(ItemType::Variable)
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> Step<'a> {
        if self.at_terminator() {
            let t = if typ == ItemType::Variable {
                ItemType::Variable
            } else {
                ItemType::Dot
            };
            return Emit(self.this_item(t));
        }
        let r = self.skip_alnum();
        if !self.at_terminator() {
            return self.errorf(format!("bad character {}", fmt_rune(r)));
        }
        Emit(self.this_item(typ))
    }

    /// Consumes a run of [`is_alnum`] characters and returns the one that
    /// ends it, unconsumed. ASCII names, nearly all of them, are scanned as
    /// bytes; they hold no newline to count.
    fn skip_alnum(&mut self) -> Option<char> {
        let bytes = self.input.as_bytes();
        let ascii_run = bytes[self.pos..]
            .iter()
            .take_while(|&&b| b == b'_' || b.is_ascii_alphanumeric())
            .count();
        self.pos += ascii_run;
        match bytes.get(self.pos) {
            None => return EOF,
            // Not a name character, or the run would have taken it.
            Some(&b) if b < 0x80 => return Some(b as char),
            Some(_) => {}
        }
        loop {
            let r = self.next();
            if !is_alnum(r) {
                self.backup();
                return r;
            }
        }
    }

    fn lex_identifier(&mut self) -> Step<'a> {
        let r = self.skip_alnum();
        if !self.at_terminator() {
            return self.errorf(format!("bad character {}", fmt_rune(r)));
        }
        let word = &self.input[self.start..self.pos];
        let typ = match word {
            "." => ItemType::Dot,
            "block" => ItemType::Block,
            "break" if self.break_ok => ItemType::Break,
            "continue" if self.continue_ok => ItemType::Continue,
            "define" => ItemType::Define,
            "else" => ItemType::Else,
            "end" => ItemType::End,
            "if" => ItemType::If,
            "range" => ItemType::Range,
            "nil" => ItemType::Nil,
            "template" => ItemType::Template,
            "with" => ItemType::With,
            "true" | "false" => ItemType::Bool,
            _ if word.starts_with('.') => ItemType::Field,
            _ => ItemType::Identifier,
        };
        Emit(self.this_item(typ))
    }
}

/// `%#U` of Go's `eof` (-1) or a rune.
fn fmt_rune(r: Option<char>) -> String {
    match r {
        Some(c) => fmt_u(c),
        None => "U+FFFFFFFFFFFFFFFF".to_string(),
    }
}
