//! Case conversions as Sprig's helper libraries do them: `title` is Go's
//! `strings.Title`, `snakecase`/`kebabcase`/`camelcase` are huandu/xstrings
//! (whose word splitting keeps digits with the word before them unless
//! lower-case letters follow: `Bld4Floor` → `bld4_floor`, `http2xx` →
//! `http_2xx`), `swapcase` is goutils. Go maps case rune by rune, so a
//! character whose upper case is several characters (`ß`) stays as it is.

/// Go's `unicode.ToUpper` for one rune.
pub fn upper_rune(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower` for one rune.
pub fn lower_rune(c: char) -> char {
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

pub fn upper(s: &str) -> String {
    s.chars().map(upper_rune).collect()
}

pub fn lower(s: &str) -> String {
    s.chars().map(lower_rune).collect()
}

/// `strings.Title`: upper-cases letters that follow a separator (ASCII
/// other than letters, digits and `_`; or Unicode space).
pub fn title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let sep = if prev.is_ascii() {
                !(prev.is_ascii_alphanumeric() || prev == '_')
            } else {
                !prev.is_alphanumeric() && prev.is_whitespace()
            };
            prev = c;
            if sep { title_rune(c) } else { c }
        })
        .collect()
}

/// Go's `unicode.ToTitle` for one rune: the upper case, except for the
/// four letters with a title case of their own (`ǆ` → `ǅ`).
fn title_rune(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        _ => upper_rune(c),
    }
}

/// Go's `unicode.IsTitle`: the few title-case letters (`ǅ`), which Rust's
/// `is_uppercase`/`is_lowercase` both reject.
fn is_title(c: char) -> bool {
    matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}'
        | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// goutils' `SwapCase`: upper and title case to lower; lower case to
/// title case at the start or after white space (`ǆ` → `ǅ`), else to upper.
pub fn swapcase(s: &str) -> String {
    let mut after_space = true;
    s.chars()
        .map(|c| {
            let swapped = if is_upper(c) || is_title(c) {
                lower_rune(c)
            } else if is_lower(c) && after_space {
                title_rune(c)
            } else if is_lower(c) {
                upper_rune(c)
            } else {
                c
            };
            after_space = c.is_whitespace();
            swapped
        })
        .collect()
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || c.is_whitespace()
}

/// Go's `unicode.IsPunct` over ASCII (`$+<=>^`|~` are symbols there).
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '#'
            | '%'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
            | '@'
            | '['
            | '\\'
            | ']'
            | '_'
            | '{'
            | '}'
    )
}

/// Go's `unicode.IsLetter`: Rust's alphabetic characters less letter
/// numbers (`Ⅻ`) and the circled letters, which Go files as symbols.
fn is_letter(c: char) -> bool {
    c.is_alphabetic()
        && !c.is_numeric()
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F189}')
}

/// Go's `unicode.IsUpper` (category Lu), which leaves out what Rust's
/// `is_uppercase` adds (`Ⓐ`, `Ⅻ`).
fn is_upper(c: char) -> bool {
    c.is_uppercase() && is_letter(c)
}

/// Go's `unicode.IsLower` (category Ll, near enough: `ª` and `ʰ` count).
fn is_lower(c: char) -> bool {
    c.is_lowercase() && is_letter(c)
}

/// The ideographs (`中`, `𠀀`), which xstrings words apart from letters.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3006}' | '\u{3007}' | '\u{3021}'..='\u{3029}' | '\u{3038}'..='\u{303A}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAD9}'
        | '\u{16FE4}' | '\u{17000}'..='\u{18CD5}' | '\u{18D00}'..='\u{18D08}'
        | '\u{1B170}'..='\u{1B2FB}' | '\u{20000}'..='\u{323AF}')
}

/// xstrings' letters: Go's letters less ideographs.
fn is_alpha(c: char) -> bool {
    is_letter(c) && !is_ideograph(c)
}

#[derive(Clone, Copy, PartialEq)]
enum Word {
    /// End of input.
    End,
    Number,
    Upper,
    Alpha,
    Connector,
    Punct,
    Other,
}

/// xstrings' `nextWord`: the type and length (bytes) of the leading word.
fn next_word(s: &str) -> (Word, usize) {
    let mut it = s.char_indices().peekable();
    let Some((_, c)) = it.next() else {
        return (Word::End, 0);
    };
    let run = |pred: &dyn Fn(char) -> bool| {
        s.char_indices()
            .skip(1)
            .find(|&(_, c)| !pred(c))
            .map_or(s.len(), |(i, _)| i)
    };
    if is_connector(c) {
        return (Word::Connector, run(&is_connector));
    }
    if is_punct(c) {
        return (Word::Punct, run(&is_punct));
    }
    if is_upper(c) {
        let Some(&(i1, c1)) = it.peek() else {
            return (Word::Upper, s.len());
        };
        if is_upper(c1) {
            let mut end = s.len();
            let mut last_start = i1;
            for (i, ch) in s.char_indices().skip(1) {
                if !is_upper(ch) {
                    end = if is_alpha(ch) { last_start } else { i };
                    break;
                }
                last_start = i;
            }
            return (Word::Upper, end);
        }
        if is_alpha(c1) {
            let end = s[i1..]
                .char_indices()
                .find(|&(_, c)| !is_alpha(c) || is_upper(c))
                .map_or(s.len(), |(i, _)| i1 + i);
            return (Word::Upper, end);
        }
        return (Word::Upper, i1);
    }
    if is_alpha(c) {
        return (Word::Alpha, run(&|c| is_alpha(c) && !is_upper(c)));
    }
    if c.is_numeric() {
        return (Word::Number, run(&char::is_numeric));
    }
    let other = |c: char| !(is_connector(c) || is_alpha(c) || c.is_numeric() || is_punct(c));
    (Word::Other, run(&other))
}

/// xstrings' `toLower` of one word: in upper-case words and connectors,
/// upper-case letters are lowered (a title-case `ǅ` stays) and connectors
/// replaced; other words are copied.
fn push_lower(out: &mut String, w: Word, word: &str, connector: char) {
    if w != Word::Upper && w != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        out.push(if is_connector(c) {
            connector
        } else if is_upper(c) {
            lower_rune(c)
        } else {
            c
        });
    }
}

/// xstrings' `camelCaseToLowerCase`, behind `snakecase` and `kebabcase`.
pub fn to_lower_case(s: &str, connector: char) -> String {
    let mut out = String::new();
    let mut rest = s;
    let take = |rest: &mut &str| -> (Word, String) {
        let (w, n) = next_word(rest);
        let word = rest[..n].to_owned();
        *rest = &rest[n..];
        (w, word)
    };
    let (mut w, mut word) = take(&mut rest);
    let sep = |w: Word| !matches!(w, Word::End | Word::Punct | Word::Connector);
    while !rest.is_empty() {
        if w != Word::Connector {
            push_lower(&mut out, w, &word, connector);
        }
        let (prev, last) = (w, std::mem::take(&mut word));
        (w, word) = take(&mut rest);
        match prev {
            Word::Number => {
                while matches!(w, Word::Alpha | Word::Number) {
                    push_lower(&mut out, w, &word, connector);
                    (w, word) = take(&mut rest);
                }
                if sep(w) {
                    out.push(connector);
                }
            }
            Word::Connector => push_lower(&mut out, prev, &last, connector),
            Word::Punct => {}
            _ if w != Word::Number => {
                if w != Word::Connector && w != Word::Punct {
                    out.push(connector);
                }
            }
            _ if rest.is_empty() => {}
            _ => {
                let number = std::mem::take(&mut word);
                (w, word) = take(&mut rest);
                if w != Word::Alpha {
                    push_lower(&mut out, Word::Number, &number, connector);
                    if w != Word::Connector && w != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                push_lower(&mut out, Word::Number, &number, connector);
                while matches!(w, Word::Alpha | Word::Number) {
                    push_lower(&mut out, w, &word, connector);
                    (w, word) = take(&mut rest);
                }
                if sep(w) {
                    out.push(connector);
                }
            }
        }
    }
    push_lower(&mut out, w, &word, connector);
    out
}

/// xstrings' `ToCamelCase`: connectors dropped and the next letter
/// upper-cased; leading connectors and runs of them keep one. A word that
/// starts upper-case has the upper-case run after its first letter
/// lower-cased (`HTTPServer` → `Httpserver`, `AB1C` → `Ab1C`).
pub fn camelcase(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    let mut r0 = None;
    for c in chars.by_ref() {
        if !is_connector(c) {
            r0 = Some(c);
            break;
        }
        out.push(c);
        r0 = Some(c);
    }
    let Some(first) = r0 else {
        return out;
    };
    let mut lowering = is_upper(first);
    let mut r0 = upper_rune(first);
    // Input used up: xstrings writes the last rune read once more, so
    // "x" gives "X" and "--" gives "---".
    if chars.as_str().is_empty() {
        out.push(r0);
        return out;
    }
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            lowering = is_upper(r0);
            r0 = upper_rune(r0);
        } else {
            if !is_connector(r0) {
                if lowering && is_upper(r0) {
                    r0 = lower_rune(r0);
                } else {
                    lowering = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake() {
        for (i, o) in [
            ("HTTPServer", "http_server"),
            ("NoHTTPS", "no_https"),
            ("HTTP20xOK", "http_20x_ok"),
            ("Duration2m3s", "duration_2m3s"),
            ("Bld4Floor3rd", "bld4_floor_3rd"),
            ("  spaced  out ", "__spaced__out_"),
            ("GO PATH", "go_path"),
        ] {
            assert_eq!(to_lower_case(i, '_'), o, "{i}");
        }
        assert_eq!(camelcase("_complex__case_"), "_Complex_Case_");
        assert_eq!(title("o'neil 3rd élan"), "O'Neil 3rd Élan");
    }
}
