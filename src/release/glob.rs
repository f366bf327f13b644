//! Go's `path/filepath.Match` on Unix, which `--show-only` uses to compare
//! its patterns with template paths. A malformed pattern is an error in Go,
//! which Helm ignores, so here it simply never matches.

/// Reports whether `name` matches the shell pattern (`*`, `?`, `[...]`,
/// `\` escapes; neither `*` nor `?` crosses a `/`).
pub fn matches(pattern: &str, name: &str) -> bool {
    match_pattern(pattern, name).unwrap_or(false)
}

/// `None` is Go's `ErrBadPattern`.
fn match_pattern(mut pattern: &str, mut name: &str) -> Option<bool> {
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            // A trailing `*` matches the rest unless it holds a separator.
            return Some(!name.contains('/'));
        }
        if let Some(t) = match_chunk(chunk, name)?
            && (t.is_empty() || !pattern.is_empty())
        {
            name = t;
            continue;
        }
        if star {
            for (i, c) in name.char_indices() {
                if c == '/' {
                    break;
                }
                let skip = i + c.len_utf8();
                if let Some(t) = match_chunk(chunk, &name[skip..])? {
                    if pattern.is_empty() && !t.is_empty() {
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
            }
        }
        // Go still rejects a malformed remainder before answering false.
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, "")?;
        }
        return Some(false);
    }
    Some(name.is_empty())
}

/// Splits off leading stars and the literal chunk up to the next star.
fn scan_chunk(pattern: &str) -> (bool, &str, &str) {
    let star_free = pattern.trim_start_matches('*');
    let star = star_free.len() != pattern.len();
    let bytes = star_free.as_bytes();
    let mut in_range = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &star_free[..i], &star_free[i..])
}

/// Matches one chunk at the start of `s`: `Some(Some(rest))` on a match,
/// `Some(None)` on a mismatch, `None` for a malformed chunk.
fn match_chunk<'a>(mut chunk: &str, mut s: &'a str) -> Option<Option<&'a str>> {
    let mut failed = false;
    while let Some(c) = chunk.chars().next() {
        failed |= s.is_empty();
        let next_char = s.chars().next();
        match c {
            '[' => {
                let r = if failed { None } else { next_char };
                if let Some(r) = r {
                    s = &s[r.len_utf8()..];
                }
                chunk = &chunk[1..];
                let negated = chunk.starts_with('^');
                if negated {
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if ranges > 0 && chunk.starts_with(']') {
                        chunk = &chunk[1..];
                        break;
                    }
                    let lo;
                    (lo, chunk) = get_esc(chunk)?;
                    let mut hi = lo;
                    if chunk.starts_with('-') {
                        (hi, chunk) = get_esc(&chunk[1..])?;
                    }
                    matched |= r.is_some_and(|r| lo <= r && r <= hi);
                    ranges += 1;
                }
                failed |= matched == negated;
            }
            '?' => {
                if let Some(r) = next_char.filter(|_| !failed) {
                    failed |= r == '/';
                    s = &s[r.len_utf8()..];
                }
                chunk = &chunk[1..];
            }
            _ => {
                let literal = if c == '\\' {
                    chunk = &chunk[1..];
                    chunk.chars().next()?
                } else {
                    c
                };
                if let Some(r) = next_char.filter(|_| !failed) {
                    failed |= r != literal;
                    s = &s[r.len_utf8()..];
                }
                chunk = &chunk[literal.len_utf8()..];
            }
        }
    }
    Some((!failed).then_some(s))
}

/// One possibly escaped character of a `[...]` class.
fn get_esc(chunk: &str) -> Option<(char, &str)> {
    let mut chunk = chunk;
    if chunk.is_empty() || chunk.starts_with('-') || chunk.starts_with(']') {
        return None;
    }
    if let Some(rest) = chunk.strip_prefix('\\') {
        chunk = rest;
    }
    let c = chunk.chars().next()?;
    let rest = &chunk[c.len_utf8()..];
    (!rest.is_empty()).then_some((c, rest))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn go_filepath_match() {
        assert!(matches("templates/*", "templates/a.yaml"));
        assert!(!matches("templates/*", "templates/x/a.yaml"));
        assert!(matches("*/*.yaml", "templates/a.yaml"));
        assert!(matches("templates/[a-d]*.yaml", "templates/cm.yaml"));
        assert!(!matches("templates/[^a-d]*.yaml", "templates/cm.yaml"));
        assert!(matches("templates/\\a.yaml", "templates/a.yaml"));
        assert!(matches("t?mplates/a.yaml", "templates/a.yaml"));
        assert!(!matches("templates/[.yaml", "templates/[.yaml"));
        assert!(!matches("a\\", "a"));
    }
}
