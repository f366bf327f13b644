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

/// go-yaml's `parseTimestamp`: `YYYY-M-D`, optionally followed by a time
/// (`T`/`t`/space separated) as Go's `time.Parse` accepts for its formats.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    let num = |i: &mut usize, max_len: usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && *i - start < max_len && b[*i].is_ascii_digit() {
            *i += 1;
        }
        (*i > start).then(|| s[start..*i].parse().unwrap_or(0))
    };
    let Some(month) = num(&mut i, 2) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = num(&mut i, 2) else {
        return false;
    };
    let year: u32 = s[..4].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || day < 1 || day > days_in(year, month) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zoned = matches!(b[i], b'T' | b't');
    if !zoned && b[i] != b' ' {
        return false;
    }
    i += 1;
    for (max, sep) in [(23, b':'), (59, b':'), (59, 0)] {
        match num(&mut i, 2) {
            Some(v) if v <= max => {}
            _ => return false,
        }
        if sep != 0 {
            if b.get(i) != Some(&sep) {
                return false;
            }
            i += 1;
        }
    }
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if !zoned {
        return i == b.len();
    }
    match &s[i..] {
        "Z" => true,
        zone => {
            let z = zone.as_bytes();
            z.len() == 6
                && matches!(z[0], b'+' | b'-')
                && z[1..3].iter().all(u8::is_ascii_digit)
                && z[3] == b':'
                && z[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
