//! go-yaml v2's `resolve("", s)` for the one question the encoder asks it:
//! would this string, written unquoted, read back as something other than a
//! string? If so `toYaml` double-quotes it (`"yes"`, `"1e3"`, `"0x1F"`,
//! `"2001-12-14"`, `""`). YAML 1.1 rules, as go-yaml v2 implements them,
//! including its use of Go's `strconv` number syntax and `time.Parse`.

use crate::values::yaml::resolve::is_yaml_style_float;

/// True when go-yaml v2 would resolve the plain scalar `s` to a non-string
/// (null, bool, int, float, timestamp, merge key) or treats it as a base-60
/// float; such strings must be quoted.
pub(super) fn needs_quotes(s: &str) -> bool {
    resolves_to_non_string(s) || is_base60_float(s)
}

fn resolves_to_non_string(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return true; // "" is null
    };
    // resolveTable: only these first bytes can start a non-string.
    let hint = match first {
        b'+' | b'-' | b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return false,
    };
    if in_resolve_map(s) {
        return true;
    }
    match hint {
        b'M' => false,
        b'.' => parse_go_float(s),
        _ => {
            if parse_timestamp(s) {
                return true;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            parse_go_int(&plain)
                || parse_go_uint(&plain).is_some()
                || (is_yaml_style_float(&plain) && parse_go_float(&plain))
        }
    }
}

fn in_resolve_map(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "true"
            | "True"
            | "TRUE"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "false"
            | "False"
            | "FALSE"
            | "off"
            | "Off"
            | "OFF"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | ".nan"
            | ".NaN"
            | ".NAN"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
            | "<<"
    )
}

/// Go's `strconv.ParseUint(s, 0, 64)` (underscores already removed).
fn parse_go_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (base, digits) = if b[0] == b'0' {
        match b.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if b.len() >= 3 => (2, &b[2..]),
            Some(b'o') if b.len() >= 3 => (8, &b[2..]),
            Some(b'x') if b.len() >= 3 => (16, &b[2..]),
            _ => (8, &b[1..]),
        }
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(16).filter(|&d| d < base)?;
        n = n.checked_mul(base as u64)?.checked_add(d as u64)?;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)` succeeds.
fn parse_go_int(s: &str) -> bool {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    match parse_go_uint(rest) {
        Some(u) if neg => u <= 1 << 63,
        Some(u) => u < 1 << 63,
        None => false,
    }
}

/// Go's `strconv.ParseFloat(s, 64)` succeeds (finite result, no range
/// error; `inf`/`nan` spellings accepted). Decimal syntax only: hex floats
/// cannot reach here (the callers' first byte is `.` or a regex-checked form).
fn parse_go_float(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return true;
    }
    if body.contains('_') && !underscores_ok(body) {
        return false;
    }
    let cleaned: String = body.chars().filter(|&c| c != '_').collect();
    if !is_yaml_style_float(&cleaned) {
        return false;
    }
    cleaned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go's `underscoreOK`: each `_` sits between digits.
fn underscores_ok(s: &str) -> bool {
    let mut saw = b'^';
    for &c in s.as_bytes() {
        if c.is_ascii_digit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`: go-yaml's encoder
/// quotes these sexagesimal numbers (`1:20`) for YAML 1.1 readers.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) || !s.contains(':') {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        match &b[start..i] {
            [d] if d.is_ascii_digit() => {}
            [h, _] if *h <= b'5' => {}
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml v2's `parseTimestamp`: `time.Parse` with the layouts
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t` or a space and no zone)
/// and `2006-1-2`, including Go's day-in-month validation.
fn parse_timestamp(s: &str) -> bool {
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
    /// Go's `getnum(s, false)`: one or two digits.
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
