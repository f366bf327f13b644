//! `.helmignore`, exactly as Helm's `pkg/ignore` applies it.
//!
//! Helm's rules are not gitignore's, and charts depend on the differences:
//! - patterns are Go `filepath.Match` globs (`*`, `?`, `[...]`, `\`); `*`
//!   never crosses `/`, and `**` is refused outright;
//! - a pattern without `/` matches the *base name* at any depth; one with a
//!   `/` matches the whole relative path; a leading `/` anchors at the root
//!   (which, with Go's `Match`, is the same as a structural match);
//! - a trailing `/` restricts the pattern to directories;
//! - a `!` pattern is not "un-ignore": on reaching it, every path that does
//!   NOT match it is ignored (so `*.txt` then `!keep.txt` ignores
//!   `Chart.yaml` too and the chart fails to load — recorded in the goldens);
//! - `templates/.?*` is always added: dotfiles under `templates/` never load.

use anyhow::{Result, bail};

/// Go's `filepath.ErrBadPattern` text, which Helm prints as is.
const BAD_PATTERN: &str = "syntax error in pattern";

/// The rules of one `.helmignore`, in file order.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
struct Pattern {
    glob: String,
    /// The glob's literal ending (after its last `*?[]\\`): a name that
    /// does not end with it cannot match, which rejects most names without
    /// running the matcher.
    tail: String,
    negate: bool,
    must_dir: bool,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// No `/` in the pattern: match the base name only.
    BaseName,
    /// A `/` somewhere (a leading one is stripped): match the whole path.
    Path,
}

impl Rules {
    /// Parses `.helmignore` text; errors carry Helm's wording plus the line.
    pub fn parse(text: &str) -> Result<Rules> {
        let mut rules = Rules::default();
        for (i, line) in text.lines().enumerate() {
            if let Err(e) = rules.add(line) {
                bail!("line {}: {e}", i + 1);
            }
        }
        Ok(rules)
    }

    /// Rules Helm adds to every chart directory after the file's own.
    pub fn with_defaults(mut self) -> Rules {
        self.add("templates/.?*")
            .expect("the default rule is a valid pattern");
        self
    }

    fn add(&mut self, rule: &str) -> Result<()> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            bail!("double-star (**) syntax is not supported");
        }
        // Helm validates the whole rule (with `!` and `/` still on) once.
        if go_match(rule.as_bytes(), b"abc").is_err() {
            bail!("{BAD_PATTERN}: {rule:?}");
        }
        let (negate, rule) = match rule.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (must_dir, rule) = match rule.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let (kind, glob) = if let Some(rest) = rule.strip_prefix('/') {
            (Kind::Path, rest)
        } else if rule.contains('/') {
            (Kind::Path, rule)
        } else {
            (Kind::BaseName, rule)
        };
        let tail_start = glob.rfind(['*', '?', '[', ']', '\\']).map_or(0, |i| i + 1);
        self.patterns.push(Pattern {
            glob: glob.to_string(),
            tail: glob[tail_start..].to_string(),
            negate,
            must_dir,
            kind,
        });
        Ok(())
    }

    /// Whether `path` (relative, `/`-separated) is ignored. A directory that
    /// is ignored takes its whole subtree with it; callers walk accordingly.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !p.matches(path) {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if p.matches(path) {
                return true;
            }
        }
        false
    }

    /// Whether a file at `path` survives a directory walk: none of its
    /// parent directories is ignored, and neither is the file itself. This
    /// is what the walk in [`super::loader`] decides one level at a time,
    /// for in-memory file sets that have no directories to walk.
    pub fn keeps_file(&self, path: &str) -> bool {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            if self.ignore(&path[..end], true) {
                return false;
            }
            end += 1;
        }
        !self.ignore(path, false)
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        let subject = self.subject(path);
        if !subject.ends_with(&self.tail) {
            return false;
        }
        // Validated at parse time, so an error cannot occur here; Helm logs
        // and treats it as a non-match, and so do we.
        go_match(self.glob.as_bytes(), subject.as_bytes()).unwrap_or(false)
    }

    /// What the glob is matched against: the base name or the whole path.
    fn subject<'p>(&self, path: &'p str) -> &'p str {
        match self.kind {
            Kind::BaseName => path.rsplit('/').next().unwrap_or(path),
            Kind::Path => path,
        }
    }
}

/// Go's `path/filepath.Match` on Unix, ported step by step so that its
/// corner cases (and what counts as a bad pattern) stay Go's.
fn go_match(mut pattern: &[u8], mut name: &[u8]) -> Result<bool, ()> {
    'outer: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest unless it holds a separator.
            return Ok(!name.contains(&b'/'));
        }
        let first = match_chunk(chunk, name);
        if let Ok(Some(t)) = first
            && (t.is_empty() || !pattern.is_empty())
        {
            name = t;
            continue;
        }
        first?;
        if star {
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                if let Some(t) = match_chunk(chunk, &name[i + 1..])? {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'outer;
                }
                i += 1;
            }
        }
        // Before failing, Go checks the rest of the pattern is well formed.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, b"")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Splits off leading stars and the literal chunk up to the next `*`.
fn scan_chunk(pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let stars = pattern.iter().take_while(|&&b| b == b'*').count();
    let pattern = &pattern[stars..];
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (stars > 0, &pattern[..i], &pattern[i..])
}

/// Matches one chunk at the start of `s`: `Ok(Some(rest))` on a match,
/// `Ok(None)` on a mismatch, `Err` for a malformed chunk (checked even after
/// a mismatch, as Go does).
fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> Result<Option<&'a [u8]>, ()> {
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match chunk[0] {
            b'[' => {
                let mut r = '\0';
                if !failed {
                    let (c, n) = decode_rune(s);
                    r = c;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let negated = chunk.first() == Some(&b'^');
                if negated {
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if chunk.first() == Some(&b']') && ranges > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
                        let (h, rest) = get_esc(&chunk[1..])?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            c => {
                let literal = if c == b'\\' {
                    chunk = &chunk[1..];
                    *chunk.first().ok_or(())?
                } else {
                    c
                };
                if !failed {
                    if literal != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    Ok(if failed { None } else { Some(s) })
}

/// One (possibly escaped) character of a `[...]` class.
fn get_esc(mut chunk: &[u8]) -> Result<(char, &[u8]), ()> {
    if chunk.is_empty() || chunk[0] == b'-' || chunk[0] == b']' {
        return Err(());
    }
    if chunk[0] == b'\\' {
        chunk = &chunk[1..];
        if chunk.is_empty() {
            return Err(());
        }
    }
    let (r, n) = decode_rune(chunk);
    if r == char::REPLACEMENT_CHARACTER && n == 1 {
        return Err(());
    }
    let rest = &chunk[n..];
    if rest.is_empty() {
        return Err(());
    }
    Ok((r, rest))
}

/// Go's `utf8.DecodeRuneInString`: invalid input decodes as U+FFFD, width 1.
fn decode_rune(s: &[u8]) -> (char, usize) {
    let width = match s.first() {
        None => return (char::REPLACEMENT_CHARACTER, 0),
        Some(b) if *b < 0x80 => 1,
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(_) => 2,
    };
    match s.get(..width).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(text) => (text.chars().next().unwrap_or_default(), width),
        None => (char::REPLACEMENT_CHARACTER, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, n: &str) -> Result<bool, ()> {
        go_match(p.as_bytes(), n.as_bytes())
    }

    /// A sample of Go's own `filepath.Match` test table.
    #[test]
    fn go_match_table() {
        assert_eq!(m("abc", "abc"), Ok(true));
        assert_eq!(m("*", "abc"), Ok(true));
        assert_eq!(m("*c", "abc"), Ok(true));
        assert_eq!(m("a*", "a"), Ok(true));
        assert_eq!(m("a*", "ab/c"), Ok(false));
        assert_eq!(m("a*/b", "abc/b"), Ok(true));
        assert_eq!(m("a*b*c*d*e*/f", "axbxcxdxe/f"), Ok(true));
        assert_eq!(m("a*b?c*x", "abxbbxdbxebxczzx"), Ok(true));
        assert_eq!(m("ab[c]", "abc"), Ok(true));
        assert_eq!(m("ab[b-d]", "abc"), Ok(true));
        assert_eq!(m("ab[^c]", "abc"), Ok(false));
        assert_eq!(m("a\\*b", "a*b"), Ok(true));
        assert_eq!(m("a?b", "a/b"), Ok(false));
        assert_eq!(m("[\\]a]", "]"), Ok(true));
        assert_eq!(m("[", "a"), Err(()));
        assert_eq!(m("[^", "a"), Err(()));
        assert_eq!(m("a[", "x"), Err(()));
        assert_eq!(m("*x", "xxx"), Ok(true));
        assert_eq!(m("[x-]", "x"), Err(()));
        assert_eq!(m("\\", "a"), Err(()));
    }

    /// The literal-tail shortcut never changes an answer of the matcher.
    #[test]
    fn tail_shortcut_agrees_with_go_match() {
        let globs = [
            "abc", "*", "*c", "a*", "a*/b", "a*b?c*x", "ab[c]", "ab[b-d]", "ab[^c]", "a\\*b",
            "a?b", "[\\]a]", "*.swp", "*~", ".git", "x[ab]y", "a\\b", "*\\]",
        ];
        let names = [
            "abc",
            "a",
            "ab/c",
            "abc/b",
            "abxbbxdbxebxczzx",
            "abd",
            "a*b",
            "a/b",
            "]",
            "x.swp",
            "x.swpx",
            "x~",
            ".git",
            "xay",
            "xcy",
            "ab",
            "z]",
            "",
        ];
        for glob in globs {
            let pattern = &Rules::parse(glob).unwrap().patterns[0];
            for name in names {
                let subject = pattern.subject(name).as_bytes();
                let want = go_match(pattern.glob.as_bytes(), subject).unwrap_or(false);
                assert_eq!(pattern.matches(name), want, "{glob} on {name}");
            }
        }
    }

    #[test]
    fn keeps_file_checks_parent_directories() {
        let rules = Rules::parse("build/\n").unwrap().with_defaults();
        assert!(!rules.keeps_file("sub/build/x"));
        assert!(rules.keeps_file("sub/build"));
        assert!(!rules.keeps_file("templates/.hidden"));
    }
}
