//! Literal scanners of the lexer: character constants, numbers (Go's
//! `scanNumber`, which accepts more than is valid; [`super::super::number`]
//! rejects the rest) and both kinds of string.

use super::{Emit, ItemType, Lexer, Step, is_alnum};
use crate::engine::parse::strconv::quote_prefix;

impl<'a> Lexer<'a> {
    pub(super) fn lex_char(&mut self) -> Step<'a> {
        loop {
            match self.next() {
                Some('\\') => {
                    if !matches!(self.next(), None | Some('\n')) {
                        continue;
                    }
                    return self.errorf("unterminated character constant".into());
                }
                None | Some('\n') => {
                    return self.errorf("unterminated character constant".into());
                }
                Some('\'') => break,
                _ => {}
            }
        }
        Emit(self.this_item(ItemType::CharConstant))
    }

    pub(super) fn lex_number(&mut self) -> Step<'a> {
        if !self.scan_number() {
            let msg = format!(
                "bad number syntax: {}",
                quote_prefix(&self.input[self.start..self.pos], usize::MAX)
            );
            return self.errorf(msg);
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let msg = format!(
                    "bad number syntax: {}",
                    quote_prefix(&self.input[self.start..self.pos], usize::MAX)
                );
                return self.errorf(msg);
            }
            return Emit(self.this_item(ItemType::Complex));
        }
        Emit(self.this_item(ItemType::Number))
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            // A leading 0 does not mean octal in floats.
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 10 + 1 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 16 + 6 + 1 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        // Is it imaginary?
        self.accept("i");
        // The next thing mustn't be alphanumeric.
        if is_alnum(self.peek()) {
            self.next();
            return false;
        }
        true
    }

    pub(super) fn lex_quote(&mut self) -> Step<'a> {
        loop {
            // Bytes that cannot end or escape the string are skipped in one
            // go (UTF-8 continuation bytes are never ASCII, so this stops
            // on a character boundary).
            let plain = self.input.as_bytes()[self.pos..]
                .iter()
                .take_while(|&&b| !matches!(b, b'"' | b'\\' | b'\n'))
                .count();
            self.pos += plain;
            match self.next() {
                Some('\\') => {
                    if !matches!(self.next(), None | Some('\n')) {
                        continue;
                    }
                    return self.errorf("unterminated quoted string".into());
                }
                None | Some('\n') => return self.errorf("unterminated quoted string".into()),
                Some('"') => break,
                _ => {}
            }
        }
        Emit(self.this_item(ItemType::String))
    }

    pub(super) fn lex_raw_quote(&mut self) -> Step<'a> {
        loop {
            match self.next() {
                None => return self.errorf("unterminated raw quoted string".into()),
                Some('`') => break,
                _ => {}
            }
        }
        Emit(self.this_item(ItemType::RawString))
    }
}
