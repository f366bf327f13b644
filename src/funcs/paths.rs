//! Sprig's path functions: Go's `path` package (slash-separated), and the
//! `os…` forms over `path/filepath`, which on Linux behave the same.

use super::strings::s;
use super::{Func, Param};

/// A function and its `os…` twin.
macro_rules! with_os {
    ($name:literal, $os:literal, $body:expr) => {
        [
            Func {
                name: $name,
                params: &[Param::String],
                variadic: None,
                body: |_, a| Ok($body(s(&a[0])).into()),
            },
            Func {
                name: $os,
                params: &[Param::String],
                variadic: None,
                body: |_, a| Ok($body(s(&a[0])).into()),
            },
        ]
    };
}

static PAIRS: [[Func; 2]; 5] = [
    with_os!("base", "osBase", base),
    with_os!("dir", "osDir", dir),
    with_os!("ext", "osExt", ext),
    with_os!("clean", "osClean", clean),
    with_os!("isAbs", "osIsAbs", |p: &str| p.starts_with('/')),
];

pub static FUNCS: &[Func] = PAIRS.as_flattened();

/// `path.Clean`: the shortest equivalent path (`.` for nothing).
pub fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|&l| l != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            seg => parts.push(seg),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// `path.Base`: the last element, ignoring trailing slashes.
fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).into()
}

/// `path.Dir`: everything before the last slash, cleaned.
fn dir(p: &str) -> String {
    clean(&p[..p.rfind('/').map_or(0, |i| i + 1)])
}

/// `path.Ext`: the suffix from the last dot of the last element.
fn ext(p: &str) -> String {
    let last = &p[p.rfind('/').map_or(0, |i| i + 1)..];
    last.rfind('.').map_or(String::new(), |i| last[i..].into())
}
