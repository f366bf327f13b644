//! The part of Go's `encoding/json` that `--set-json` relies on: decode the
//! first JSON value of the input into `interface{}` (numbers `float64`) and
//! report where it ended, so the rest can be parsed as further `key=value`s.

use crate::values::{Map, Value};

/// Go's `maxNestingDepth`.
const MAX_DEPTH: usize = 10000;

pub fn decode(src: &str) -> Result<(Value, usize), String> {
    let mut d = Decoder {
        b: src.as_bytes(),
        src,
        i: 0,
        depth: 0,
    };
    let v = d.value()?;
    Ok((v, d.i))
}

struct Decoder<'a> {
    b: &'a [u8],
    src: &'a str,
    i: usize,
    depth: usize,
}

impl Decoder<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    fn err<T>(&self, ctx: &str) -> Result<T, String> {
        match self.src[self.i.min(self.src.len())..].chars().next() {
            Some(c) => Err(format!("invalid character {c:?} {ctx}")),
            None => Err("unexpected end of JSON input".into()),
        }
    }

    fn expect(&mut self, c: u8, ctx: &str) -> Result<(), String> {
        self.ws();
        if self.peek() != Some(c) {
            return self.err(ctx);
        }
        self.i += 1;
        Ok(())
    }

    fn value(&mut self) -> Result<Value, String> {
        self.ws();
        match self.peek() {
            Some(b'{' | b'[') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err("exceeded max depth".into());
                }
                let v = if self.peek() == Some(b'{') {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                v
            }
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            _ => self.err("looking for beginning of value"),
        }
    }

    /// `true`, `false` or `null`, whose first byte has been seen. Go's
    /// scanner names the first wrong byte; at the end of the input it sees
    /// the space it pads the input with.
    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        for expected in word.bytes() {
            if self.peek() != Some(expected) {
                let found = self.src[self.i..].chars().next().unwrap_or(' ');
                return Err(format!(
                    "invalid character {found:?} in literal {word} (expecting {:?})",
                    expected as char
                ));
            }
            self.i += 1;
        }
        Ok(v)
    }

    fn object(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut m = Map::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Map(m));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return self.err("looking for beginning of object key string");
            }
            let k = self.string()?;
            self.expect(b':', "after object key")?;
            m.insert(k, self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Map(m));
                }
                _ => return self.err("after object key:value pair"),
            }
        }
    }

    fn array(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut l = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::List(l));
        }
        loop {
            l.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::List(l));
                }
                _ => return self.err("after array element"),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    /// JSON's number grammar, greedy; a complete number ends at any byte.
    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => _ = self.digits(),
            _ => return self.err("in numeric literal"),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.err("after decimal point in numeric literal");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.err("in exponent of numeric literal");
            }
        }
        let text = &self.src[start..self.i];
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(format!(
                "json: cannot unmarshal number {text} into Go value of type float64"
            )),
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.src.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(h, 16)
            .ok()
            .filter(|_| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        self.i += 4;
        Some(v)
    }

    /// A string; bad surrogates become U+FFFD as in Go.
    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.i..].chars().next() else {
                return self.err("in string literal");
            };
            match c {
                '"' => {
                    self.i += 1;
                    return Ok(out);
                }
                '\u{0}'..='\u{1f}' => return self.err("in string literal"),
                '\\' => {
                    self.i += 1;
                    let e = self.peek();
                    self.i += 1;
                    match e {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let Some(hi) = self.hex4() else {
                                return self.err("in \\u hexadecimal character escape");
                            };
                            out.push(self.surrogate_pair(hi));
                        }
                        _ => {
                            self.i -= 1;
                            return self.err("in string escape code");
                        }
                    }
                }
                c => {
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    fn surrogate_pair(&mut self, hi: u32) -> char {
        if (0xD800..0xDC00).contains(&hi) && self.src[self.i..].starts_with("\\u") {
            let save = self.i;
            self.i += 2;
            match self.hex4() {
                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                    return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                        .unwrap_or('\u{FFFD}');
                }
                _ => self.i = save,
            }
        }
        char::from_u32(hi).unwrap_or('\u{FFFD}')
    }
}
