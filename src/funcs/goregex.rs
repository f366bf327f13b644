//! Go's RE2 syntax on top of the `regex` crate.
//!
//! Both implement RE2, but they disagree at the edges, and templates see
//! the difference: Go's `\d`, `\w`, `\s`, `\b` are ASCII-only (Rust's are
//! Unicode), Go accepts `\Q…\E` and repeated group names, and Go rejects
//! what Rust accepts (`a**`, `(?x)`, `\8`). [`compile`] bridges this and
//! reports failures in Go's words: `error parsing regexp: CODE: `EXPR``.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// `regexp.Compile` with Go's acceptance rules and error text.
///
/// Compiled patterns are kept for the process: building one costs far
/// more than matching (half a millisecond for a case-insensitive
/// alternation), and charts apply the same pattern to many values.
pub fn compile(p: &str) -> Result<Regex, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(p) {
        return Ok(re.clone());
    }
    let re = compile_uncached(p)?;
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(p.to_owned(), re.clone());
    Ok(re)
}

fn compile_uncached(p: &str) -> Result<Regex, String> {
    let fail = |(code, expr): (&str, &str)| format!("error parsing regexp: {code}: `{expr}`");
    if let Some(err) = go_rejects(p) {
        return Err(fail(err));
    }
    Regex::new(&translate(p)).map_err(|_| fail(diagnose(p)))
}

/// The end of a `{n}`, `{n,}` or `{n,m}` repetition starting at `i`.
fn braces_end(b: &[u8], i: usize) -> Option<usize> {
    let close = i + b[i..].iter().position(|&c| c == b'}')?;
    let inner = std::str::from_utf8(&b[i + 1..close]).ok()?;
    let (lo, hi) = inner.split_once(',').unwrap_or((inner, inner));
    let numeric = |t: &str| t.bytes().all(|c| c.is_ascii_digit());
    (!lo.is_empty() && numeric(lo) && numeric(hi)).then_some(close + 1)
}

/// Where `\` at `i` is acceptable to Go: the escape's length, or the error.
fn escape(p: &str, i: usize) -> Result<usize, (&'static str, &str)> {
    let b = p.as_bytes();
    let Some(&c) = b.get(i + 1) else {
        return Err(("trailing backslash at end of expression", ""));
    };
    let octal = |k: usize| b.get(k).is_some_and(|d| (b'0'..=b'7').contains(d));
    let ok = match c {
        b'0' => true,
        b'1'..=b'7' => octal(i + 2),
        b'a' | b'f' | b't' | b'n' | b'r' | b'v' | b'x' | b'p' | b'P' => true,
        b'd' | b'D' | b's' | b'S' | b'w' | b'W' | b'b' | b'B' | b'A' | b'z' | b'Q' | b'E' => true,
        c => c.is_ascii() && !c.is_ascii_alphanumeric(),
    };
    if !ok {
        let len = p[i + 1..].chars().next().map_or(1, char::len_utf8);
        return Err(("invalid escape sequence", &p[i..i + 1 + len]));
    }
    Ok(2)
}

/// What Go refuses but the `regex` crate would compile: repeated
/// repetition operators, Perl flags and groups RE2 lacks, bad escapes.
fn go_rejects(p: &str) -> Option<(&'static str, &str)> {
    let b = p.as_bytes();
    let (mut i, mut last_rep) = (0, None);
    while i < b.len() {
        let rep = match b[i] {
            b'*' | b'+' | b'?' => Some(i + 1),
            b'{' => braces_end(b, i),
            _ => None,
        };
        if let Some(mut end) = rep {
            if b.get(end) == Some(&b'?') {
                end += 1;
            }
            if let Some(start) = last_rep {
                return Some(("invalid nested repetition operator", &p[start..end]));
            }
            last_rep = Some(i);
            i = end;
            continue;
        }
        last_rep = None;
        match b[i] {
            b'\\' if b.get(i + 1) == Some(&b'Q') => {
                i = p[i..].find("\\E").map_or(b.len(), |e| i + e + 2);
            }
            b'\\' => match escape(p, i) {
                Ok(n) => i += n,
                Err(e) => return Some(e),
            },
            b'(' if b.get(i + 1) == Some(&b'?') => {
                let named = p[i + 2..].starts_with("P<")
                    || (p[i + 2..].starts_with('<')
                        && !p[i + 2..].starts_with("<=")
                        && !p[i + 2..].starts_with("<!"));
                if !named {
                    let flags = &b[i + 2..];
                    let end = flags
                        .iter()
                        .position(|&c| c == b':' || c == b')')
                        .unwrap_or(flags.len());
                    if let Some(bad) = flags[..end].iter().position(|c| !b"imsU-".contains(c)) {
                        let at = i + 2 + bad;
                        let len = p[at..].chars().next().map_or(1, char::len_utf8);
                        return Some(("invalid or unsupported Perl syntax", &p[i..at + len]));
                    }
                    if end == flags.len() {
                        return Some(("missing closing )", p));
                    }
                }
                i += 2;
            }
            b'[' => {
                i += 1;
                while i < b.len()
                    && (b[i] != b']' || b[i - 1] == b'[' || (b[i - 1] == b'^' && b[i - 2] == b'['))
                {
                    if b[i] == b'\\' {
                        match escape(p, i) {
                            Ok(n) => i += n - 1,
                            Err(e) => return Some(e),
                        }
                    }
                    i += 1;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Go's code for a pattern the `regex` crate failed to compile.
fn diagnose(p: &str) -> (&'static str, &str) {
    let b = p.as_bytes();
    let (mut depth, mut i, mut at_start) = (0usize, 0, true);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => {
                let start = i;
                i += 1;
                i += usize::from(b.get(i) == Some(&b'^'));
                i += usize::from(b.get(i) == Some(&b']'));
                while i < b.len() && b[i] != b']' {
                    if b[i] == b'-'
                        && i > start + 1
                        && b.get(i + 1)
                            .is_some_and(|&hi| b[i - 1].is_ascii() && hi != b']' && hi < b[i - 1])
                    {
                        return ("invalid character class range", &p[i - 1..i + 2]);
                    }
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                if i >= b.len() {
                    return ("missing closing ]", &p[start..]);
                }
            }
            b'(' => {
                depth += 1;
                i += usize::from(b.get(i + 1) == Some(&b'?'));
            }
            b')' if depth == 0 => return ("unexpected )", p),
            b')' => depth -= 1,
            b'*' | b'+' | b'?' if at_start => {
                return ("missing argument to repetition operator", &p[i..=i]);
            }
            _ => {}
        }
        at_start = matches!(b.get(i), Some(b'(' | b'|'));
        i += 1;
    }
    if depth > 0 {
        return ("missing closing )", p);
    }
    ("invalid or unsupported Perl syntax", p)
}

/// Rewrites Go-only syntax into the `regex` crate's equivalent: ASCII
/// perl classes, `\Q…\E` literals, and repeated group names made unique
/// (Go's `${name}` refers to the leftmost group, as the kept name does).
fn translate(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    let mut names: Vec<String> = Vec::new();
    while let Some(c) = chars.next() {
        if c != '\\' {
            match c {
                '[' if !in_class => in_class = true,
                ']' if in_class && !out.ends_with('[') && !out.ends_with("[^") => in_class = false,
                '<' if !in_class && (out.ends_with("(?P") || out.ends_with("(?")) => {
                    let name: String = chars.clone().take_while(|&c| c != '>').collect();
                    out.push('<');
                    if names.contains(&name) {
                        out.push_str(&format!("{name}__dup{}", names.len()));
                        for _ in name.chars() {
                            chars.next();
                        }
                    }
                    names.push(name);
                    continue;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let ascii = match (e, in_class) {
            ('d', false) => "[0-9]",
            ('D', false) => "[^0-9]",
            ('w', false) => "[0-9A-Za-z_]",
            ('W', false) => "[^0-9A-Za-z_]",
            ('s', false) => r"[\t\n\f\r ]",
            ('S', false) => r"[^\t\n\f\r ]",
            ('b', false) => r"(?-u:\b)",
            ('B', false) => r"(?-u:\B)",
            ('d', true) => "0-9",
            ('w', true) => "0-9A-Za-z_",
            ('s', true) => r"\t\n\f\r ",
            ('Q', _) => {
                let mut lit = String::new();
                while let Some(c) = chars.next() {
                    if c == '\\' && chars.peek() == Some(&'E') {
                        chars.next();
                        break;
                    }
                    lit.push(c);
                }
                out.push_str(&regex::escape(&lit));
                continue;
            }
            _ => {
                out.push('\\');
                out.push(e);
                continue;
            }
        };
        out.push_str(ascii);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(p: &str) -> String {
        compile(p).err().unwrap_or_default()
    }

    #[test]
    fn go_errors() {
        assert_eq!(
            err("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            err("(?x)a"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"
        );
        assert_eq!(
            err(r"\8"),
            r"error parsing regexp: invalid escape sequence: `\8`"
        );
        assert_eq!(
            err("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            err("x\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert!(compile("(?P<n>a)(?P<n>b)").is_ok());
        assert!(!compile(r"\d").unwrap().is_match("٣"));
    }

    #[test]
    fn never_panics() {
        let alphabet = [
            "a", "\\", "(", ")", "?", "P", "<", ">", "[", "]", "^", "-", "*", "+", "{", "2", ",",
            "}", "|", "Q", "E", "é", "x", "d", "b", ":",
        ];
        for p in crate::funcs::convert::pseudo_strings(&alphabet, 5000, 10) {
            let _ = compile(&p);
        }
    }
}
