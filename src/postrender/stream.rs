//! Byte-preserving views of a manifest stream: its documents, cut exactly
//! where Helm's `releaseutil.SplitManifests` cuts (see `release::split`),
//! and each document's lines, broken where YAML breaks them.

use crate::release::split::find_separator;

/// The documents of a stream as byte ranges into it, in order. Everything
/// between two ranges (separators, leading and trailing whitespace) belongs
/// to no document and is never touched. Ranges that are empty are kept
/// (they hold no object), so indexes count Helm's pieces plus empty ones.
pub fn document_ranges(stream: &str) -> Vec<(usize, usize)> {
    let lead = stream.len()
        - stream
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let trimmed = stream[lead..].trim_end_matches(|c: char| c.is_ascii_whitespace());
    let mut ranges = Vec::new();
    let mut beg = 0;
    while let Some((start, end)) = find_separator(trimmed, beg) {
        if start > beg {
            ranges.push((lead + beg, lead + start));
        }
        beg = end;
    }
    if trimmed.len() > beg {
        ranges.push((lead + beg, lead + trimmed.len()));
    }
    ranges
}

/// A text's lines as YAML counts them: broken at `\r\n`, `\n` or a lone
/// `\r`. Line `n` (1-based) spans `starts[n-1]..starts[n]`, break included.
pub struct Lines<'a> {
    pub text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let b = text.as_bytes();
        let mut starts = Vec::with_capacity(b.len() / 16 + 2);
        starts.push(0);
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    starts.push(i + 1);
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        if *starts.last().unwrap() == b.len() && !b.is_empty() {
            starts.pop();
        }
        starts.push(b.len());
        Lines { text, starts }
    }

    /// How many lines there are.
    pub fn count(&self) -> usize {
        self.starts.len() - 1
    }

    /// Byte offset where line `n` (1-based; `count()+1` is the end) starts.
    pub fn start(&self, n: usize) -> usize {
        self.starts[n - 1]
    }

    /// Line `n` without its line break.
    pub fn line(&self, n: usize) -> &'a str {
        let raw = &self.text[self.starts[n - 1]..self.starts[n]];
        raw.trim_end_matches(['\n', '\r'])
    }

    /// The line break the text uses (that of its first line), `\n` if none.
    pub fn eol(&self) -> &'static str {
        let raw = &self.text[self.starts[0]..self.starts[1]];
        if raw.ends_with("\r\n") {
            "\r\n"
        } else if raw.ends_with('\r') {
            "\r"
        } else {
            "\n"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(s: &str) -> Vec<&str> {
        document_ranges(s)
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect()
    }

    #[test]
    fn cuts_like_helm_and_keeps_bytes() {
        assert_eq!(docs("---\na: 1\n---\nb: 2\n"), ["a: 1", "b: 2"]);
        assert_eq!(docs("a: 1\n--- # c\nb: 2"), ["a: 1", "# c\nb: 2"]);
        assert_eq!(docs("---\n---\na: 1"), ["---\na: 1"]);
        assert_eq!(docs("a: |\n  x\n  ---\n"), ["a: |\n  x\n  ---"]);
        assert_eq!(docs("a\r\n---\r\nb"), ["a", "b"]);
        assert_eq!(docs("  ---\na: 1\n"), ["a: 1"]);
        assert!(docs(" \n ").is_empty());
    }

    #[test]
    fn lines_break_where_yaml_does() {
        let l = Lines::new("a\r\nb\rc\nd");
        assert_eq!(l.count(), 4);
        assert_eq!(
            (l.line(1), l.line(2), l.line(3), l.line(4)),
            ("a", "b", "c", "d")
        );
        assert_eq!(l.eol(), "\r\n");
        assert_eq!(Lines::new("a\n").count(), 1);
        assert_eq!(Lines::new("").count(), 1);
    }
}
