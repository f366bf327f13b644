//! Masterminds' constraint language: `||` groups of comma- or
//! space-separated `OP VERSION` terms, hyphen ranges and wildcards.

use std::cmp::Ordering;

use super::{Version, ident_ok};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

/// One `OP VERSION` term; `minor_dirty`/`patch_dirty` mark a wildcard or
/// missing part, which makes the term a range.
#[derive(Debug)]
struct Term {
    op: Op,
    con: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

/// `||`-separated groups of terms that must all hold.
#[derive(Debug)]
pub struct Constraints(Vec<Vec<Term>>);

fn is_wild(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

const OPS: [(&str, Op); 12] = [
    ("!=", Op::NotEqual),
    (">=", Op::GreaterEqual),
    ("=>", Op::GreaterEqual),
    ("<=", Op::LessEqual),
    ("=<", Op::LessEqual),
    ("~>", Op::Tilde),
    (">", Op::Greater),
    ("<", Op::Less),
    ("~", Op::Tilde),
    ("^", Op::Caret),
    ("=", Op::TildeOrEqual),
    ("", Op::TildeOrEqual),
];

impl Constraints {
    pub fn parse(text: &str) -> Result<Constraints, String> {
        let text = rewrite_ranges(text);
        let mut groups = Vec::new();
        for group in text.split("||") {
            let terms =
                split_terms(group).ok_or_else(|| format!("improper constraint: {group}"))?;
            let mut parsed = Vec::new();
            for (op, ver) in terms {
                parsed.push(Term::parse(op, ver)?);
            }
            groups.push(parsed);
        }
        Ok(Constraints(groups))
    }

    pub fn check(&self, v: &Version) -> bool {
        self.0.iter().any(|group| group.iter().all(|t| t.check(v)))
    }
}

/// `A - B` (spaces required around the dash) means `>= A, <= B`.
fn rewrite_ranges(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !words.contains(&"-") {
        return text.to_owned();
    }
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if i + 2 < words.len()
            && words[i + 1] == "-"
            && is_version_word(words[i])
            && is_version_word(words[i + 2])
        {
            out.push(format!(">= {}, <= {}", words[i], words[i + 2]));
            i += 3;
        } else {
            out.push(words[i].to_owned());
            i += 1;
        }
    }
    out.join(" ")
}

fn is_version_word(w: &str) -> bool {
    let w = w.strip_prefix('v').unwrap_or(w);
    w.starts_with(|c: char| c.is_ascii_digit() || c == 'x' || c == 'X' || c == '*')
        && w.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.+*".contains(&b))
}

/// The shape Masterminds accepts for a constraint's version: up to three
/// dot-separated parts of digits or wildcards, then SemVer's prerelease and
/// build identifiers.
fn constraint_version_ok(ver: &str) -> bool {
    let ver = ver.strip_prefix('v').unwrap_or(ver);
    let (before, meta) = match ver.split_once('+') {
        Some((b, m)) => (b, Some(m)),
        None => (ver, None),
    };
    let (core, pre) = match before.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (before, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() <= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_digit() || b"xX*|".contains(&b))
        })
        && pre.is_none_or(|p| p.split('.').all(ident_ok))
        && meta.is_none_or(|m| m.split('.').all(ident_ok))
}

/// Splits one `||` group into (operator, version) terms separated by
/// whitespace or commas; `None` if the group has any other shape.
fn split_terms(group: &str) -> Option<Vec<(Op, &str)>> {
    let mut terms = Vec::new();
    let mut rest = group.trim_start();
    let mut first = true;
    while !rest.is_empty() {
        if !first {
            let trimmed = rest.trim_start();
            let sep_ws = trimmed.len() < rest.len();
            rest = trimmed;
            if let Some(r) = rest.strip_prefix(',') {
                rest = r.trim_start();
            } else if !sep_ws {
                return None;
            }
            if rest.is_empty() {
                return None;
            }
        }
        first = false;
        let (op, after) = OPS
            .iter()
            .find_map(|(s, op)| rest.strip_prefix(s).map(|r| (*op, r)))?;
        let after = after.trim_start();
        let end = after
            .find(|c: char| c.is_whitespace() || c == ',' || c == '|')
            .unwrap_or(after.len());
        let ver = &after[..end];
        if !constraint_version_ok(ver) {
            return None;
        }
        terms.push((op, ver));
        rest = after[end..].trim_end_matches(char::is_whitespace);
        if rest.trim().is_empty() {
            break;
        }
    }
    (!terms.is_empty()).then_some(terms)
}

impl Term {
    fn parse(op: Op, ver: &str) -> Result<Term, String> {
        let bare = ver.strip_prefix('v').unwrap_or(ver);
        let (core, tail) = match bare.find(['-', '+']) {
            Some(i) => (&bare[..i], &bare[i..]),
            None => (bare, ""),
        };
        let parts: Vec<&str> = core.split('.').collect();
        let (mut minor_dirty, mut patch_dirty) = (false, false);
        let mut dirty = false;
        // A wildcard major is "any version" for `=` and `~` (through the
        // `~0.0.0` rule below) but, as in Masterminds, marks neither the minor
        // nor the patch dirty, which is why `^*` only admits 0.0.x.
        let text = if parts.first().is_some_and(|p| is_wild(p)) {
            dirty = true;
            "0.0.0".to_owned()
        } else if parts.get(1).is_some_and(|p| is_wild(p)) {
            minor_dirty = true;
            patch_dirty = true;
            format!("{}.0.0{tail}", parts[0])
        } else if parts.get(2).is_some_and(|p| is_wild(p)) {
            patch_dirty = true;
            format!("{}.{}.0{tail}", parts[0], parts[1])
        } else {
            minor_dirty = parts.len() < 2;
            patch_dirty = parts.len() < 3;
            bare.to_owned()
        };
        let con = Version::parse(&text).map_err(|_| "constraint Parser Error".to_owned())?;
        Ok(Term {
            op,
            con,
            dirty: dirty || minor_dirty || patch_dirty,
            minor_dirty,
            patch_dirty,
        })
    }

    fn check(&self, v: &Version) -> bool {
        let c = &self.con;
        if !v.pre.is_empty() && c.pre.is_empty() {
            return false;
        }
        let ord = v.compare(c);
        match self.op {
            Op::TildeOrEqual if self.dirty => self.tilde(v, ord),
            Op::TildeOrEqual => ord.is_eq(),
            Op::NotEqual if self.dirty => !self.tilde(v, ord),
            Op::NotEqual => !ord.is_eq(),
            Op::Greater if self.dirty => {
                if v.major != c.major {
                    v.major > c.major
                } else if self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    ord.is_gt()
                }
            }
            Op::Greater => ord.is_gt(),
            Op::Less => ord.is_lt(),
            Op::GreaterEqual => ord.is_ge(),
            Op::LessEqual if self.dirty => {
                if v.major != c.major {
                    v.major < c.major
                } else if self.minor_dirty {
                    true
                } else if v.minor != c.minor {
                    v.minor < c.minor
                } else {
                    self.patch_dirty || ord.is_le()
                }
            }
            Op::LessEqual => ord.is_le(),
            Op::Tilde => self.tilde(v, ord),
            Op::Caret => {
                if ord.is_lt() {
                    false
                } else if c.major > 0 || self.minor_dirty {
                    v.major == c.major
                } else if c.minor > 0 || self.patch_dirty {
                    v.major == 0 && v.minor == c.minor
                } else {
                    v.major == 0 && v.minor == 0 && v.patch == c.patch
                }
            }
        }
    }

    /// `~1.2.3` is `>=1.2.3 <1.3.0`; `~1` and `~1.x` are `>=1.0.0 <2.0.0`.
    fn tilde(&self, v: &Version, ord: Ordering) -> bool {
        let c = &self.con;
        if ord.is_lt() {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        v.major == c.major && (self.minor_dirty || v.minor == c.minor)
    }
}
