//! The glob patterns of `.Files.Glob`, as Helm matches them against chart
//! paths (behaviour taken from what `helm template` selects):
//!
//! - `*` is any run of characters without `/`, `**` any run including `/`,
//!   `?` one character other than `/`;
//! - `[abc]`, `[a-z]`, `[!abc]` are classes (they may match `/`; `^` is an
//!   ordinary member, only `!` negates); an empty, unclosed or reversed
//!   class, or a range missing its end, makes the pattern invalid;
//! - `{a,b}` are alternatives, nested freely; a `{` left open closes at the
//!   end of the pattern; `,` and `}` elsewhere are plain characters;
//! - `\` takes the next character literally; a trailing `\` is dropped.
//!
//! Helm answers an invalid pattern with every file, so [`Glob::compile`]
//! reports it and the caller decides.

/// One step of a pattern without alternatives.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Char(char),
    /// `*`
    Segment,
    /// `**`
    Any,
    /// `?`
    One,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A compiled pattern: every alternative spelled out as a flat sequence.
#[derive(Debug)]
pub struct Glob {
    sequences: Vec<Vec<Token>>,
}

/// The pattern cannot be compiled.
#[derive(Debug)]
pub struct InvalidPattern;

impl Glob {
    pub fn compile(pattern: &str) -> Result<Glob, InvalidPattern> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut at = 0;
        let sequences = parse_sequence(&chars, &mut at, false)?;
        Ok(Glob { sequences })
    }

    pub fn matches(&self, path: &str) -> bool {
        let chars: Vec<char> = path.chars().collect();
        self.sequences.iter().any(|seq| match_here(seq, &chars))
    }
}

/// Parses until the end (or, inside braces, until `,` or `}`), returning
/// every flat sequence the alternatives spell.
fn parse_sequence(
    chars: &[char],
    at: &mut usize,
    in_braces: bool,
) -> Result<Vec<Vec<Token>>, InvalidPattern> {
    let mut sequences = vec![Vec::new()];
    let push = |sequences: &mut Vec<Vec<Token>>, t: Token| {
        for s in sequences.iter_mut() {
            s.push(t.clone());
        }
    };
    while let Some(&c) = chars.get(*at) {
        if in_braces && (c == ',' || c == '}') {
            break;
        }
        *at += 1;
        match c {
            '\\' => {
                if let Some(&next) = chars.get(*at) {
                    *at += 1;
                    push(&mut sequences, Token::Char(next));
                }
            }
            '*' if chars.get(*at) == Some(&'*') => {
                *at += 1;
                push(&mut sequences, Token::Any);
            }
            '*' => push(&mut sequences, Token::Segment),
            '?' => push(&mut sequences, Token::One),
            '[' => push(&mut sequences, parse_class(chars, at)?),
            '{' => {
                let options = parse_alternatives(chars, at)?;
                sequences = sequences
                    .iter()
                    .flat_map(|head| {
                        options.iter().map(move |tail| {
                            let mut s = head.clone();
                            s.extend(tail.iter().cloned());
                            s
                        })
                    })
                    .collect();
            }
            c => push(&mut sequences, Token::Char(c)),
        }
    }
    Ok(sequences)
}

/// After `{`: alternatives up to the matching `}` or the end.
fn parse_alternatives(chars: &[char], at: &mut usize) -> Result<Vec<Vec<Token>>, InvalidPattern> {
    let mut options = Vec::new();
    loop {
        options.extend(parse_sequence(chars, at, true)?);
        match chars.get(*at) {
            Some(',') => *at += 1,
            Some('}') => {
                *at += 1;
                return Ok(options);
            }
            _ => return Ok(options),
        }
    }
}

/// After `[`: members up to `]`.
fn parse_class(chars: &[char], at: &mut usize) -> Result<Token, InvalidPattern> {
    let negated = chars.get(*at) == Some(&'!');
    if negated {
        *at += 1;
    }
    let mut ranges = Vec::new();
    let member = |at: &mut usize| -> Result<char, InvalidPattern> {
        let c = *chars.get(*at).ok_or(InvalidPattern)?;
        *at += 1;
        if c == '\\' {
            let next = *chars.get(*at).ok_or(InvalidPattern)?;
            *at += 1;
            return Ok(next);
        }
        Ok(c)
    };
    loop {
        match chars.get(*at) {
            None => return Err(InvalidPattern),
            Some(']') => {
                *at += 1;
                break;
            }
            Some(_) => {
                let lo = member(at)?;
                let hi = if chars.get(*at) == Some(&'-') {
                    *at += 1;
                    if matches!(chars.get(*at), None | Some(']')) {
                        return Err(InvalidPattern);
                    }
                    member(at)?
                } else {
                    lo
                };
                if hi < lo {
                    return Err(InvalidPattern);
                }
                ranges.push((lo, hi));
            }
        }
    }
    if ranges.is_empty() {
        return Err(InvalidPattern);
    }
    Ok(Token::Class { negated, ranges })
}

/// Backtracking match of a flat sequence against the whole text.
fn match_here(tokens: &[Token], text: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return text.is_empty();
    };
    match first {
        Token::Any => (0..=text.len()).any(|i| match_here(rest, &text[i..])),
        Token::Segment => {
            let run = text.iter().take_while(|&&c| c != '/').count();
            (0..=run).any(|i| match_here(rest, &text[i..]))
        }
        Token::One => text.first().is_some_and(|&c| c != '/') && match_here(rest, &text[1..]),
        Token::Char(c) => text.first() == Some(c) && match_here(rest, &text[1..]),
        Token::Class { negated, ranges } => {
            text.first()
                .is_some_and(|&c| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != *negated)
                && match_here(rest, &text[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(pattern: &str, path: &str) -> bool {
        Glob::compile(pattern).unwrap().matches(path)
    }

    #[test]
    fn stars_and_separators() {
        assert!(hits("files/*", "files/a.yaml"));
        assert!(!hits("files/*", "files/sub/d.txt"));
        assert!(hits("files/**", "files/sub/d.txt"));
        assert!(hits("**.txt", "top.txt"));
        assert!(!hits("**/*.txt", "top.txt"));
        assert!(!hits("files?a", "files/a"));
    }

    #[test]
    fn classes_and_alternatives() {
        assert!(hits("files/[!a]*", "files/b.txt"));
        assert!(hits("files/[^a]*", "files/a.yaml"));
        assert!(hits("[--/]*", ".hidden"));
        assert!(hits("files/{a,{b,c}}.*", "files/c.txt"));
        assert!(hits("{top.txt", "top.txt"));
        assert!(hits("top.txt\\", "top.txt"));
        for bad in ["[", "[]", "[a-]", "[z-a]", "[!]", "x[a-"] {
            assert!(Glob::compile(bad).is_err(), "{bad}");
        }
    }
}
