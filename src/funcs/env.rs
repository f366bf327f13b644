//! Sprig's `env` and `expandenv`. Helm removes both from the chart
//! function map (templates must not read the environment) but keeps them
//! in the map `--name-template` is rendered with, so they are registered
//! with every engine and only the name-template parser lets them through.

use minijinja::Value;

use super::{Func, Param};

pub static FUNCS: &[Func] = &[
    Func {
        name: "env",
        params: &[Param::String],
        variadic: None,
        body: |_, args| Ok(Value::from(variable(args[0].as_str().unwrap_or("")))),
    },
    Func {
        name: "expandenv",
        params: &[Param::String],
        variadic: None,
        body: |_, args| {
            Ok(Value::from(expand(
                args[0].as_str().unwrap_or(""),
                variable,
            )))
        },
    },
];

/// An environment variable, empty when unset (Go's `os.Getenv`).
fn variable(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

/// Go's `os.ExpandEnv`: `$NAME` (letters, digits, `_`), `${ANY}`, and the
/// one-character shell specials (`$1`, `$*`, `$$`, ...), each replaced by
/// `lookup`. A `$` before anything else stays; `${` without its `}` and
/// `${}` vanish.
pub fn expand(text: &str, lookup: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, used) = variable_name(after);
        match name {
            Some(name) if !name.is_empty() => out.push_str(&lookup(name)),
            Some(_) => {}
            None => out.push('$'),
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

/// The variable named at the start of `s` (just after a `$`) and the bytes
/// it takes; `None` when `$` is literal, `Some("")` for a malformed `${`.
fn variable_name(s: &str) -> (Option<&str>, usize) {
    let is_special = |c: char| "*#$@!?-".contains(c) || c.is_ascii_digit();
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let Some(first) = s.chars().next() else {
        return (None, 0);
    };
    if first == '{' {
        return match s[1..].find('}') {
            Some(0) => (Some(""), 2),
            Some(end) => (Some(&s[1..1 + end]), end + 2),
            None => (Some(""), 1),
        };
    }
    if is_special(first) {
        return (Some(&s[..1]), 1);
    }
    let end = s.find(|c: char| !is_name(c)).unwrap_or(s.len());
    if end == 0 {
        (None, 0)
    } else {
        (Some(&s[..end]), end)
    }
}

#[cfg(test)]
mod tests {
    use super::expand;

    /// Cases probed with real Helm's `--name-template` (HOME=/root).
    #[test]
    fn expands_as_go() {
        let env = |name: &str| {
            if name == "HOME" {
                "/root".into()
            } else {
                String::new()
            }
        };
        for (text, want) in [
            ("a$HOME-${HOME}x$", "a/root-/rootx$"),
            ("${", ""),
            ("${}", ""),
            ("${HOME", "HOME"),
            ("$%x", "$%x"),
            ("$-x", "x"),
            ("$1x", "x"),
            ("$$", ""),
            ("${%}", ""),
            ("${HOME}}", "/root}"),
            ("$H_OME9", ""),
            ("$\u{e9}", "$\u{e9}"),
            ("${-}x", "x"),
        ] {
            assert_eq!(expand(text, env), want, "{text}");
        }
    }
}

#[cfg(test)]
mod name_template_map {
    use crate::funcs::defined_in_name_template;

    /// Probed with both Helms: `--name-template '{{ $x := NAME }}'` fails
    /// with `function "NAME" not defined` exactly for Helm's own additions.
    #[test]
    fn sprig_and_builtins_without_helms_additions() {
        for name in [
            "env",
            "expandenv",
            "fromJson",
            "toJson",
            "fail",
            "printf",
            "index",
            "randAlpha",
            "now",
        ] {
            assert!(defined_in_name_template(name), "{name}");
        }
        for name in [
            "fromJsonArray",
            "fromToml",
            "fromYaml",
            "fromYamlArray",
            "include",
            "lookup",
            "mustToYaml",
            "required",
            "toToml",
            "toYaml",
            "toYamlPretty",
            "tpl",
            "nosuch",
        ] {
            assert!(!defined_in_name_template(name), "{name}");
        }
    }
}
