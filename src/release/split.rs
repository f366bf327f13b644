//! Helm's `releaseutil.SplitManifests`: cutting one rendered file into YAML
//! documents.
//!
//! Helm does not use a YAML parser for this; it splits on the Go regexp
//! `(?:^|\s*\n)---\s*` after trimming the file. That is looser and stranger
//! than YAML's document markers, and the output must follow it exactly:
//! `---` only needs to start a line (`--- # c` and `---kind: X` both split,
//! leaving `# c` / `kind: X` as the next document's start), an indented
//! `---` never splits, and because the trailing `\s*` swallows newlines a
//! `---` line directly after another separator is *not* a separator but
//! the start of the next document.

/// Go RE2's `\s`: exactly `[\t\n\f\r ]` (no `\v`, no Unicode spaces).
fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Finds the leftmost separator match starting at or after `from`, as
/// `(start, end)` byte offsets. The checksum pass cuts streams with it too,
/// keeping every byte where [`split_manifests`] hands back trimmed copies.
pub(crate) fn find_separator(text: &str, from: usize) -> Option<(usize, usize)> {
    let s = text.as_bytes();
    let after_dashes = |at: usize| {
        let mut end = at + 3;
        while end < s.len() && is_re_space(s[end]) {
            end += 1;
        }
        end
    };
    if from == 0 && s.starts_with(b"---") {
        return Some((0, after_dashes(0)));
    }
    // `\s*\n---`: a whitespace run whose last byte is a newline, directly
    // followed by the dashes; each `\n---` ends one (a dash is no space), so
    // the first of those (found by the fast substring search) ends the
    // leftmost match, which starts where its run starts.
    let newline = text[from..].find("\n---")? + from;
    let mut start = newline;
    while start > from && is_re_space(s[start - 1]) {
        start -= 1;
    }
    Some((start, after_dashes(newline + 1)))
}

/// Splits a rendered file into its documents, in file order, each trimmed.
///
/// Mirrors Go's `Regexp.Split(s, -1)` followed by Helm's filter: pieces
/// that are empty *before* trimming are dropped, while a piece holding only
/// whitespace the regexp does not know (a vertical tab, a no-break space)
/// survives as an empty document.
pub fn split_manifests(big_file: &str) -> Vec<String> {
    let s = big_file.trim();
    let mut docs = Vec::new();
    let mut beg = 0;
    let mut push = |piece: &str| {
        if !piece.is_empty() {
            docs.push(piece.trim().to_string());
        }
    };
    while let Some((start, end)) = find_separator(s, beg) {
        push(&s[beg..start]);
        beg = end;
    }
    push(&s[beg..]);
    docs
}

#[cfg(test)]
mod tests {
    use super::split_manifests;

    #[test]
    fn separators_follow_helms_regexp() {
        assert_eq!(split_manifests("---\na: 1\n---\nb: 2\n"), ["a: 1", "b: 2"]);
        assert_eq!(
            split_manifests("a: 1\n--- # c\nb: 2"),
            ["a: 1", "# c\nb: 2"]
        );
        assert_eq!(split_manifests("a: 1\n---b: 2"), ["a: 1", "b: 2"]);
        assert_eq!(split_manifests("---\n---\na: 1"), ["---\na: 1"]);
        assert_eq!(split_manifests("a: |\n  x\n  ---\n"), ["a: |\n  x\n  ---"]);
        assert_eq!(split_manifests("a\r\n---\r\nb"), ["a", "b"]);
        assert_eq!(split_manifests("a\n---\n\u{b}\n---\nb"), ["a", "", "b"]);
        assert!(split_manifests(" \n ").is_empty());
    }
}
