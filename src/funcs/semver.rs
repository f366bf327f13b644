//! Semantic versions: `semver` and `semverCompare`, with the constraint
//! language of Masterminds/semver v3 (what Sprig and Helm's `kubeVersion`
//! check use).
//!
//! The rules that matter for byte-identical output, all checked against
//! recorded Helm output (tests/func-cases/semver.txt):
//! - versions are lenient: `v1`, `1.2` and `01.2.3` parse (missing parts are
//!   zero), but prerelease identifiers follow SemVer strictly;
//! - a prerelease version only satisfies a constraint whose own version has
//!   a prerelease (so `>=1.24.0-0` is how charts admit `1.29.0-eks-…`);
//! - `x`, `X` and `*` wildcards and missing parts widen `~`, `^`, `=` and
//!   the comparisons to whole ranges.

use std::cmp::Ordering;

use minijinja::Value;

use super::{Ctx, FnResult, Func, Param};
use crate::engine::HelmCompat;
use crate::engine::runtime::value::{self, GoStruct, View, view};
use crate::values::Value as Data;

pub static FUNCS: &[Func] = &[
    Func {
        name: "semver",
        params: &[Param::String],
        variadic: None,
        body: semver,
    },
    Func {
        name: "semverCompare",
        params: &[Param::String, Param::String],
        variadic: None,
        body: semver_compare,
    },
];

fn semver(ctx: &Ctx, a: Vec<Value>) -> FnResult {
    let v =
        Version::parse(a[0].as_str().unwrap_or_default()).map_err(|e| worded_for(ctx.compat, e))?;
    Ok(value::structure(v))
}

fn semver_compare(ctx: &Ctx, a: Vec<Value>) -> FnResult {
    let ok = constraint_matches(
        a[0].as_str().unwrap_or_default(),
        a[1].as_str().unwrap_or_default(),
    )
    .map_err(|e| worded_for(ctx.compat, e))?;
    Ok(Value::from(ok))
}

/// Helm 4's Masterminds/semver (v3.4) writes its own words in lower case
/// (`invalid semantic version`, `constraint parser error`); what follows a
/// colon is the input or a strconv error, which keep their case.
pub fn worded_for(compat: HelmCompat, msg: String) -> String {
    match compat {
        HelmCompat::Helm3 => msg,
        HelmCompat::Helm4 => {
            let own = msg.find(':').unwrap_or(msg.len());
            msg[..own].to_lowercase() + &msg[own..]
        }
    }
}

/// Whether `version` satisfies `constraint`, with Masterminds' error texts
/// for a bad constraint or version. The engine uses this for Chart.yaml's
/// `kubeVersion`.
pub fn constraint_matches(constraint: &str, version: &str) -> Result<bool, String> {
    let c = Constraints::parse(constraint)?;
    let v = Version::parse(version)?;
    Ok(c.check(&v))
}

/// A parsed version; `original` is the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub meta: String,
    pub original: String,
}

const INVALID: &str = "Invalid Semantic Version";

fn ident_ok(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Version {
    /// Masterminds' lenient `NewVersion`: any shape error is the one
    /// "Invalid Semantic Version"; only numeric overflow and a leading
    /// zero in a numeric prerelease part have their own messages.
    pub fn parse(text: &str) -> Result<Version, String> {
        let s = text.strip_prefix('v').unwrap_or(text);
        let (before, meta) = match s.split_once('+') {
            Some((b, m)) => (b, Some(m)),
            None => (s, None),
        };
        let (core, pre) = match before.split_once('-') {
            Some((c, p)) => (c, Some(p)),
            None => (before, None),
        };
        if meta.is_some_and(|m| !m.split('.').all(ident_ok)) {
            return Err(INVALID.into());
        }
        if pre.is_some_and(|p| !p.split('.').all(ident_ok)) {
            return Err(INVALID.into());
        }
        let (pre, meta) = (pre.unwrap_or_default(), meta.unwrap_or_default());
        let parts: Vec<&str> = core.split('.').collect();
        if parts.len() > 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(INVALID.into());
        }
        let num = |i: usize| -> Result<u64, String> {
            match parts.get(i) {
                None => Ok(0),
                Some(p) => p.parse::<u64>().map_err(|_| {
                    format!("Error parsing version segment: strconv.ParseUint: parsing {p:?}: value out of range")
                }),
            }
        };
        for id in pre.split('.').filter(|_| !pre.is_empty()) {
            if id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
                return Err("Version segment starts with 0".into());
            }
        }
        Ok(Version {
            major: num(0)?,
            minor: num(1)?,
            patch: num(2)?,
            pre: pre.to_owned(),
            meta: meta.to_owned(),
            original: text.to_owned(),
        })
    }

    /// SemVer precedence; build metadata does not count.
    pub fn compare(&self, other: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| compare_pre(&self.pre, &other.pre))
    }

    /// The canonical form, `MAJOR.MINOR.PATCH[-PRE][+META]`.
    pub fn render(&self) -> String {
        let mut s = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            s.push('-');
            s.push_str(&self.pre);
        }
        if !self.meta.is_empty() {
            s.push('+');
            s.push_str(&self.meta);
        }
        s
    }
}

/// No prerelease sorts after any prerelease; identifiers compare
/// numerically when both are numbers, numbers before words, and a shorter
/// list first when one is a prefix of the other.
fn compare_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (mut x, mut y) = (a.split('.'), b.split('.'));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let ord = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => p.cmp(q),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

impl GoStruct for Version {
    fn type_name(&self) -> &str {
        "*semver.Version"
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Major" => value::uint64(self.major),
            "Minor" => value::uint64(self.minor),
            "Patch" => value::uint64(self.patch),
            "Prerelease" => Value::from(self.pre.as_str()),
            "Metadata" => Value::from(self.meta.as_str()),
            "Original" => Value::from(self.original.as_str()),
            "String" => Value::from(self.render()),
            _ => return None,
        })
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "LessThan" | "GreaterThan" | "Equal" | "Compare" | "LessThanEqual" | "GreaterThanEqual"
        )
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Result<Value, String> {
        let [other] = args else {
            return Err(format!(
                "wrong number of args for {name}: want 1 got {}",
                args.len()
            ));
        };
        let other = match view(other) {
            View::Struct(s) if s.type_name() == "*semver.Version" => Version::parse(
                &s.field("String")
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            )?,
            _ => {
                return Err(format!(
                    "wrong type for value; expected *semver.Version; got {}",
                    value::type_name(other)
                ));
            }
        };
        let ord = self.compare(&other);
        Ok(match name {
            "LessThan" => Value::from(ord.is_lt()),
            "GreaterThan" => Value::from(ord.is_gt()),
            "Equal" => Value::from(ord.is_eq()),
            "LessThanEqual" => Value::from(ord.is_le()),
            "GreaterThanEqual" => Value::from(ord.is_ge()),
            _ => Value::from(ord as i64),
        })
    }

    fn fmt_go(&self, out: &mut String) {
        out.push_str(&self.render());
    }

    fn to_data(&self) -> Data {
        Data::String(self.render())
    }
}

mod constraints;

pub use constraints::Constraints;
