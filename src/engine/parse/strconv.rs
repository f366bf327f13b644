//! The parts of Go's `strconv` (and of `fmt`'s `%q`/`%#U`) that the parser
//! depends on. Go's rules differ from Rust's in many small ways (octal by
//! leading zero, underscores, hex floats needing a `p` exponent, `\r` being
//! dropped from raw strings...), and each difference changes what a template
//! means or which error it reports, so they are spelled out here.

/// The error every `strconv` syntax failure prints (`strconv.ErrSyntax`).
pub const ERR_SYNTAX: &str = "invalid syntax";

/// Go's `strconv.IsPrint`, exact for ASCII. For other characters this treats
/// controls, non-ASCII spaces and the common format characters as
/// unprintable, which covers what can realistically appear in a template.
pub fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
        || ('\u{f0000}'..).contains(&c))
}

/// Go's `%#U`: `U+0023 '#'`, or just `U+0001` when unprintable.
pub fn fmt_u(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{}'", c as u32, c)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Go's `%.Nq` of a string: the first `max_runes` characters, double-quoted
/// with Go's escapes (`strconv.Quote`). `usize::MAX` gives plain `%q`.
pub fn quote_prefix(s: &str, max_runes: usize) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars().take(max_runes) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn unhex(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Go's `strconv.UnquoteChar`: decodes one (possibly escaped) character of
/// a literal quoted by `quote`. Returns the value, whether it must be encoded
/// as UTF-8 (false for `\x`/octal bytes) and the rest of the input.
pub fn unquote_char(s: &str, quote: u8) -> Result<(u32, bool, &str), &'static str> {
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return Err(ERR_SYNTAX);
    };
    if c == quote && (quote == b'\'' || quote == b'"') {
        return Err(ERR_SYNTAX);
    }
    if c >= 0x80 {
        let ch = s.chars().next().unwrap_or('\u{fffd}');
        return Ok((ch as u32, true, &s[ch.len_utf8()..]));
    }
    if c != b'\\' {
        return Ok((c as u32, false, &s[1..]));
    }
    // A non-ASCII byte after the backslash is no escape Go knows.
    if b.len() <= 1 || b[1] >= 0x80 {
        return Err(ERR_SYNTAX);
    }
    let e = b[1];
    let rest = &s[2..];
    let simple = match e {
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(10),
        b'r' => Some(13),
        b't' => Some(9),
        b'v' => Some(11),
        b'\\' => Some(b'\\' as u32),
        b'\'' | b'"' if e == quote => Some(e as u32),
        _ => None,
    };
    if let Some(v) = simple {
        return Ok((v, false, rest));
    }
    match e {
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let rb = rest.as_bytes();
            if rb.len() < n {
                return Err(ERR_SYNTAX);
            }
            let mut v: u32 = 0;
            for &d in &rb[..n] {
                v = (v << 4) | unhex(d).ok_or(ERR_SYNTAX)?;
            }
            if e == b'x' {
                return Ok((v, false, &rest[n..]));
            }
            if char::from_u32(v).is_none() {
                return Err(ERR_SYNTAX);
            }
            Ok((v, true, &rest[n..]))
        }
        b'0'..=b'7' => {
            let rb = rest.as_bytes();
            if rb.len() < 2 {
                return Err(ERR_SYNTAX);
            }
            let mut v = (e - b'0') as u32;
            for &d in &rb[..2] {
                if !(b'0'..=b'7').contains(&d) {
                    return Err(ERR_SYNTAX);
                }
                v = (v << 3) | (d - b'0') as u32;
            }
            if v > 255 {
                return Err(ERR_SYNTAX);
            }
            Ok((v, false, &rest[2..]))
        }
        _ => Err(ERR_SYNTAX),
    }
}

/// Go's `strconv.Unquote` for the two string token kinds. Bytes produced by
/// `\x`/octal escapes that are not valid UTF-8 are replaced by U+FFFD (our
/// strings are Rust strings), a deliberate, documented divergence.
pub fn unquote(s: &str) -> Result<String, &'static str> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b[b.len() - 1] {
        return Err(ERR_SYNTAX);
    }
    let inner = &s[1..s.len() - 1];
    match b[0] {
        b'`' => {
            if inner.contains('`') {
                return Err(ERR_SYNTAX);
            }
            // Go drops carriage returns from raw strings.
            Ok(inner.replace('\r', ""))
        }
        b'"' => {
            if !inner.contains('\\') && !inner.contains('\n') && !inner.contains('"') {
                return Ok(inner.to_string());
            }
            let mut out: Vec<u8> = Vec::with_capacity(inner.len());
            let mut rest = inner;
            while !rest.is_empty() {
                if rest.starts_with('\n') {
                    return Err(ERR_SYNTAX);
                }
                let (v, multibyte, tail) = unquote_char(rest, b'"')?;
                rest = tail;
                if v < 0x80 || !multibyte {
                    out.push(v as u8);
                } else {
                    let mut buf = [0u8; 4];
                    let ch = char::from_u32(v).unwrap_or('\u{fffd}');
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
            }
            Ok(match String::from_utf8(out) {
                Ok(s) => s,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            })
        }
        _ => Err(ERR_SYNTAX),
    }
}

/// Go's `underscoreOK`: underscores only between digits or after a prefix.
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c.is_ascii_digit() || hex && (b'a'..=b'f').contains(&(c | 0x20)) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, 0, 64)`; `None` on any error.
pub fn parse_uint0(s0: &str) -> Option<u64> {
    let mut s = s0.as_bytes();
    if s.is_empty() {
        return None;
    }
    let mut base = 10u64;
    if s[0] == b'0' {
        if s.len() >= 3 && s[1] | 0x20 == b'b' {
            base = 2;
            s = &s[2..];
        } else if s.len() >= 3 && s[1] | 0x20 == b'o' {
            base = 8;
            s = &s[2..];
        } else if s.len() >= 3 && s[1] | 0x20 == b'x' {
            base = 16;
            s = &s[2..];
        } else {
            base = 8;
            s = &s[1..];
        }
    }
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in s {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let d = (c as char).to_digit(36)? as u64;
        if d >= base {
            return None;
        }
        n = n.checked_mul(base)?.checked_add(d)?;
    }
    if underscores && !underscore_ok(s0) {
        return None;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)`; `None` on any error.
pub fn parse_int0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint0(body)?;
    if neg {
        if u > 1 << 63 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the inputs the lexer can produce:
/// decimal and hexadecimal (`0x1.8p3`, exponent mandatory) forms, with
/// underscores per Go's rules. Out-of-range values are errors, as in Go.
pub fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String;
    let s = if s.contains('_') {
        clean = s.replace('_', "");
        clean.as_str()
    } else {
        s
    };
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let b = body.as_bytes();
    let v = if b.len() >= 2 && b[0] == b'0' && b[1] | 0x20 == b'x' {
        parse_hex_float(&body[2..])?
    } else {
        if !body
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let p = s.find(['p', 'P'])?;
    let (mant, exp) = (&s[..p], &s[p + 1..]);
    let exp: i32 = match exp.strip_prefix('+') {
        Some(e) if !e.starts_with(['+', '-']) => e.parse().ok()?,
        _ => exp.parse().ok()?,
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1f64;
    for c in frac.chars() {
        scale /= 16.0;
        v += c.to_digit(16)? as f64 * scale;
    }
    Some(v * 2f64.powi(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_number_rules() {
        assert_eq!(parse_uint0("0x1F"), Some(31));
        assert_eq!(parse_uint0("017"), Some(15));
        assert_eq!(parse_uint0("0o17"), Some(15));
        assert_eq!(parse_uint0("0b101"), Some(5));
        assert_eq!(parse_uint0("1_000"), Some(1000));
        assert_eq!(parse_uint0("1__0"), None);
        assert_eq!(parse_uint0("0x"), None);
        assert_eq!(parse_uint0("09"), None);
        assert_eq!(parse_int0("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int0("9223372036854775808"), None);
        assert_eq!(parse_float("0x1p-2"), Some(0.25));
        assert_eq!(parse_float("0x1.8"), None);
        assert_eq!(parse_float("1e400"), None);
        assert_eq!(parse_float("1_0.5"), Some(10.5));
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_prefix("a\"b\n", usize::MAX), "\"a\\\"b\\n\"");
        assert_eq!(quote_prefix("0123456789abc", 10), "\"0123456789\"");
        assert_eq!(fmt_u('#'), "U+0023 '#'");
        assert_eq!(fmt_u('\u{1}'), "U+0001");
        assert_eq!(unquote(r#""a\x41\u00e9""#).unwrap(), "aAé");
        assert_eq!(unquote("`a\r\nb`").unwrap(), "a\nb");
        assert!(unquote(r#""\q""#).is_err());
    }
}
