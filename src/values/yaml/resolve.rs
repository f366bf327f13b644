//! Which type a scalar gets, as Helm's YAML reader (go-yaml v2) gives it.
//!
//! go-yaml **v2** speaks YAML 1.1: `yes`, `On` and `n` are booleans, `017`
//! is octal, `1_000` is an int, `2001-12-14` is a timestamp, while `1e400`
//! (out of range) and `1:20` (no base-60) stay strings. The rules here are
//! the ones Helm's recorded behaviour shows (`tests/yaml_read.rs`,
//! `tests/emit.rs`); numbers are later turned into `float64` by the JSON
//! trip.

/// The long form of the core-schema tags, as go-yaml compares them.
pub(crate) const STR: &str = "tag:yaml.org,2002:str";
pub(crate) const BINARY: &str = "tag:yaml.org,2002:binary";
pub(crate) const MERGE: &str = "tag:yaml.org,2002:merge";
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const NULL: &str = "tag:yaml.org,2002:null";
const TIMESTAMP: &str = "tag:yaml.org,2002:timestamp";

/// A scalar as go-yaml decodes it into `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    /// Go `int`/`int64`.
    Int(i64),
    /// Go `uint64`: integers above `i64::MAX`.
    Uint(u64),
    Float(f64),
    /// A string; `None` means "the scalar's own text", saving a copy.
    Str(Option<String>),
}

/// Resolves one scalar given its long-form tag (`""` when untagged).
///
/// Returns go-yaml's failure text (`cannot decode !!str `x` as a !!int`)
/// when an explicit tag does not fit the value.
pub(crate) fn resolve(tag: &str, value: &str) -> Result<Scalar, String> {
    if !matches!(tag, "" | STR | BOOL | INT | FLOAT | TIMESTAMP | NULL) {
        // Unresolvable tags (custom ones, !!binary, !!seq, ...)
        // keep the text as a string: go-yaml only converts core tags.
        return Ok(Scalar::Str(None));
    }
    let (rtag, out) = resolve_untyped(tag, value);
    if tag.is_empty() || tag == rtag || tag == STR {
        return Ok(out);
    }
    match (tag, out) {
        (FLOAT, Scalar::Int(i)) => Ok(Scalar::Float(i as f64)),
        _ => Err(format!(
            "cannot decode {} `{}` as a {}",
            short_tag(rtag),
            value,
            short_tag(tag)
        )),
    }
}

/// `!!int` for `tag:yaml.org,2002:int`, anything else unchanged.
fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

/// What a scalar's text reads as when its tag leaves the choice open:
/// YAML 1.1 words, then (for text starting with a sign or digit) a
/// timestamp, an integer, a float; text starting with `.` can only be a
/// float; anything else is a string. A `!!str` tag keeps every text a
/// string.
fn resolve_untyped(tag: &str, value: &str) -> (&'static str, Scalar) {
    if tag == STR {
        return (STR, Scalar::Str(None));
    }
    if let Some(word) = yaml11_word(value) {
        return word;
    }
    if value.starts_with('.') {
        if let Some(f) = go_parse_float(value) {
            return (FLOAT, Scalar::Float(f));
        }
    } else if value.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') {
        if (tag.is_empty() || tag == TIMESTAMP) && is_timestamp(value) {
            // Into interface{}, go-yaml v2 keeps timestamps as their text.
            return (TIMESTAMP, Scalar::Str(None));
        }
        if let Some(number) = number(&value.replace('_', "")) {
            return number;
        }
    }
    (STR, Scalar::Str(None))
}

/// A number with its `_` separators dropped: an int if it fits int64, else
/// a uint if it fits uint64 (both with Go's `0x`/`0o`/`0b`/`0` prefixes),
/// else a float in YAML's decimal syntax that is in range.
fn number(digits: &str) -> Option<(&'static str, Scalar)> {
    if let Some(i) = go_parse_int(digits) {
        return Some((INT, Scalar::Int(i)));
    }
    if let Some(u) = go_parse_uint(digits) {
        return Some((INT, Scalar::Uint(u)));
    }
    let f = go_parse_float(digits).filter(|_| is_yaml_style_float(digits))?;
    Some((FLOAT, Scalar::Float(f)))
}

/// The fixed YAML 1.1 spellings of null, the booleans and the special
/// floats, each in lower, capitalised and upper case (and `y`/`n`).
fn yaml11_word(v: &str) -> Option<(&'static str, Scalar)> {
    let found = match v {
        "" | "~" | "null" | "Null" | "NULL" => (NULL, Scalar::Null),
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            (BOOL, Scalar::Bool(true))
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            (BOOL, Scalar::Bool(false))
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT, Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT, Scalar::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => (FLOAT, Scalar::Float(f64::NAN)),
        _ => return None,
    };
    Some(found)
}

/// Whether a plain (untagged, unquoted) scalar with this text would read
/// back as anything but a string; `toYaml` quotes such strings.
pub(crate) fn plain_reads_as_non_string(text: &str) -> bool {
    resolve_untyped("", text).0 != STR
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`: go-yaml v2's
/// float syntax, which `toYaml` must also know to quote such strings.
pub(crate) fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseInt(s, 0, 64)` (underscores already removed):
/// optional sign, then `0x`/`0o`/`0b` prefixes or a leading `0` for octal.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mag = go_parse_uint(body)?;
    if neg {
        if mag <= i64::MAX as u64 + 1 {
            Some((mag as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(mag).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign allowed).
fn go_parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (radix, digits) = if b.len() >= 2 && b[0] == b'0' {
        match b[1] {
            b'x' | b'X' => (16, &s[2..]),
            b'o' | b'O' => (8, &s[2..]),
            b'b' | b'B' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if digits.is_empty() && radix != 8 {
        return None;
    }
    if digits.is_empty() {
        return Some(0);
    }
    if !digits.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms go-yaml feeds it:
/// out-of-range values are errors (so `1e400` stays a string), and
/// underscores are allowed only between digits.
fn go_parse_float(s: &str) -> Option<f64> {
    if !s
        .bytes()
        .all(|c| c.is_ascii_digit() || b"+-.eE_".contains(&c))
    {
        return None;
    }
    let cleaned;
    let s = if s.contains('_') {
        if !underscores_ok(s) {
            return None;
        }
        cleaned = s.replace('_', "");
        &cleaned
    } else {
        s
    };
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

/// Go accepts `_` in a decimal number only with a digit on both sides
/// (a leading sign aside).
fn underscores_ok(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s).as_bytes();
    let digit_at = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
    (0..b.len())
        .filter(|&i| b[i] == b'_')
        .all(|i| digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)))
}

/// A YAML timestamp as Helm's reader recognises one: `YYYY-M-D` (a real
/// day of that month), optionally followed by `T`/`t` and `h:m:s`, an
/// optional fraction (`.` or `,` then digits) and a zone (`Z` or `±hh:mm`,
/// hours up to 24, minutes up to 60), or by one or more spaces and a time
/// with a fraction but no zone. Month, day and time fields have one or two
/// digits.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let year_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_len != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    let year: u32 = s[..4].parse().expect("4 digits");
    let mut p = Cursor { b, i: 5 };
    let Some(month) = p.num().filter(|m| (1..=12).contains(m)) else {
        return false;
    };
    if !p.lit(b'-') {
        return false;
    }
    let Some(day) = p.num() else {
        return false;
    };
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return false;
    }
    if p.done() {
        return true;
    }
    let zoned = match p.next() {
        Some(b'T' | b't') => true,
        Some(b' ') => {
            while p.peek() == Some(b' ') {
                p.i += 1;
            }
            false
        }
        _ => return false,
    };
    let time_ok = p.num().is_some_and(|h| h < 24)
        && p.lit(b':')
        && p.num().is_some_and(|m| m < 60)
        && p.lit(b':')
        && p.num().is_some_and(|s| s < 60);
    if !time_ok {
        return false;
    }
    if matches!(p.peek(), Some(b'.' | b',')) && p.b.get(p.i + 1).is_some_and(u8::is_ascii_digit) {
        p.i += 1;
        while p.peek().is_some_and(|c| c.is_ascii_digit()) {
            p.i += 1;
        }
    }
    if !zoned {
        return p.done();
    }
    if p.lit(b'Z') {
        return p.done();
    }
    let rest = &p.b[p.i..];
    rest.len() == 6
        && matches!(rest[0], b'+' | b'-')
        && rest[3] == b':'
        && rest[1..3].iter().chain(&rest[4..6]).all(u8::is_ascii_digit)
        && (rest[1] - b'0') * 10 + (rest[2] - b'0') <= 24
        && (rest[4] - b'0') * 10 + (rest[5] - b'0') <= 60
}

/// A byte cursor for the timestamp layouts.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
    fn lit(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// A field of one or two digits.
    fn num(&mut self) -> Option<u32> {
        let d0 = self.peek().filter(u8::is_ascii_digit)?;
        self.i += 1;
        match self.peek().filter(u8::is_ascii_digit) {
            Some(d1) => {
                self.i += 1;
                Some(u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'))
            }
            None => Some(u32::from(d0 - b'0')),
        }
    }
}
