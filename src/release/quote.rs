//! The two ways Helm quotes a string in its log lines: Helm 3 logs with
//! `%q` (Go's `strconv.Quote`), Helm 4 through `log/slog`'s text handler,
//! which leaves a value bare unless it needs quoting.

/// Go's `unicode.IsPrint`, close enough for log text: graphic characters
/// and the ASCII space; every other space, control or format character is
/// escaped.
fn is_go_print(c: char) -> bool {
    c == ' ' || !(c.is_control() || c.is_whitespace() || is_format(c))
}

/// The Unicode `Cf` characters likely in text (zero-width and bidi marks,
/// BOM); Go treats them as unprintable.
fn is_format(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if is_go_print(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A string value as slog's `TextHandler` prints it: bare unless it is
/// empty or holds a space, `=`, `"`, a control or unprintable character.
pub fn slog_value(s: &str) -> String {
    let needs_quoting = s.is_empty()
        || s.chars().any(|c| {
            if c.is_ascii() {
                c != '\\' && (c == ' ' || c == '=' || c == '"' || c.is_ascii_control())
            } else {
                c.is_whitespace() || !is_go_print(c)
            }
        });
    if needs_quoting {
        go_quote(s)
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::{go_quote, slog_value};

    #[test]
    fn quoting_matches_go() {
        assert_eq!(go_quote("a b\"c"), r#""a b\"c""#);
        assert_eq!(go_quote("\u{1}\n"), r#""\x01\n""#);
        assert_eq!(slog_value("pre-install,foo"), "pre-install,foo");
        assert_eq!(slog_value(""), r#""""#);
        assert_eq!(slog_value("a=b"), r#""a=b""#);
    }
}
