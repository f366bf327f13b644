//! `urlParse` and `urlJoin`: Go's net/url split of a URL into the dict
//! Sprig returns (scheme, userinfo, host, hostname, path, query, opaque,
//! fragment) and back. Paths and fragments are unescaped when parsed and
//! re-escaped with Go's rules when joined, so `urlJoin (urlParse u)`
//! normalises like Go's `URL.String()`.

use std::collections::BTreeMap;

use minijinja::Value;

use super::convert::strval;
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, Elem, View, view};

pub static FUNCS: &[Func] = &[
    Func {
        name: "urlParse",
        params: &[Param::String],
        variadic: None,
        body: url_parse,
    },
    Func {
        name: "urlJoin",
        params: &[Param::Map],
        variadic: None,
        body: url_join,
    },
];

#[derive(Default)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<String>,
    host: String,
    path: String,
    query: String,
    fragment: String,
}

fn unhex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Go's `url.PathUnescape`/`QueryUnescape`-style decoding of `%XX`.
fn unescape(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = b.get(i + 1).copied().and_then(unhex);
            let lo = b.get(i + 2).copied().and_then(unhex);
            match (hi, lo) {
                (Some(h), Some(l)) => out.push(h << 4 | l),
                _ => {
                    let end = (i + 3).min(s.len());
                    return Err(format!("invalid URL escape {:?}", &s[i..end]));
                }
            }
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn parse(raw: &str) -> Result<Url, String> {
    let fail = |msg: String| format!("parse {raw:?}: {msg}");
    let mut u = Url::default();
    let (rest, frag) = match raw.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (raw, None),
    };
    if let Some(f) = frag {
        u.fragment = unescape(f).map_err(fail)?;
    }
    if rest.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(fail("net/url: invalid control character in URL".into()));
    }
    let mut rest = rest;
    if let Some(colon) = rest.find(':') {
        let scheme = &rest[..colon];
        let valid = scheme.bytes().enumerate().all(|(i, c)| {
            c.is_ascii_alphabetic() || (i > 0 && (c.is_ascii_digit() || b"+-.".contains(&c)))
        });
        if colon == 0 {
            return Err(fail("missing protocol scheme".into()));
        }
        if valid {
            u.scheme = scheme.to_ascii_lowercase();
            rest = &rest[colon + 1..];
        }
    }
    if let Some((r, q)) = rest.split_once('?') {
        u.query = q.to_owned();
        rest = r;
    }
    if !rest.starts_with('/') && !u.scheme.is_empty() {
        u.opaque = rest.to_owned();
        return Ok(u);
    }
    if rest.starts_with("//") {
        let auth_end = rest[2..].find('/').map_or(rest.len(), |i| i + 2);
        let authority = &rest[2..auth_end];
        rest = &rest[auth_end..];
        let host = match authority.rfind('@') {
            Some(at) => {
                u.user = Some(authority[..at].to_owned());
                &authority[at + 1..]
            }
            None => authority,
        };
        if let Some(bad) = host.chars().find(|&c| !host_char_ok(c)) {
            return Err(fail(format!(
                "invalid character {:?} in host name",
                bad.to_string()
            )));
        }
        u.host = unescape(host).map_err(fail)?;
    }
    u.path = unescape(rest).map_err(fail)?;
    Ok(u)
}

/// The characters Go's net/url lets through in a host name.
fn host_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.~!$&'()*+,;=:[]<>\"%".contains(c) || !c.is_ascii()
}

/// Go's `validUserinfo`.
fn userinfo_ok(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c) || !c.is_ascii())
}

fn hostname(host: &str) -> &str {
    if let Some(inner) = host.strip_prefix('[') {
        return inner.split(']').next().unwrap_or_default();
    }
    match host.rfind(':') {
        Some(i) => &host[..i],
        None => host,
    }
}

fn url_parse(_: &Ctx, a: Vec<Value>) -> FnResult {
    let raw = a[0].as_str().unwrap_or_default();
    let u = parse(raw).map_err(|e| format!("unable to parse url: {e}"))?;
    // Go prints userinfo re-escaped; the text as written is that form.
    let user = u.user.clone().unwrap_or_default();
    let fields = [
        ("scheme", u.scheme.clone()),
        ("host", u.host.clone()),
        ("hostname", hostname(&u.host).to_owned()),
        ("path", u.path.clone()),
        ("query", u.query.clone()),
        ("opaque", u.opaque.clone()),
        ("fragment", u.fragment.clone()),
        ("userinfo", user),
    ];
    let entries: BTreeMap<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::from(v)))
        .collect();
    Ok(value::map(Elem::Interface, entries))
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Path,
    Fragment,
    User,
}

/// Go's `shouldEscape` for the parts `URL.String()` escapes.
fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        let keep = c.is_ascii_alphanumeric()
            || b"-_.~".contains(&c)
            || match mode {
                Mode::Path => b"$&+,/:;=@".contains(&c),
                Mode::Fragment => b"$&+,/:;=?@!()*".contains(&c),
                Mode::User => b"$&+,;=".contains(&c),
            };
        if keep {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

fn url_join(_: &Ctx, a: Vec<Value>) -> FnResult {
    let get = |k: &str| -> String {
        match view(&a[0]) {
            View::Map(m) => m.read().get(k).map(strval).unwrap_or_default(),
            _ => String::new(),
        }
    };
    let (scheme, host, path) = (get("scheme"), get("host"), get("path"));
    let (opaque, query, fragment, userinfo) = (
        get("opaque"),
        get("query"),
        get("fragment"),
        get("userinfo"),
    );
    let mut out = String::new();
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push(':');
    }
    if !opaque.is_empty() {
        out.push_str(&opaque);
    } else {
        if !scheme.is_empty() || !host.is_empty() || !userinfo.is_empty() {
            if !host.is_empty() || !path.is_empty() || !userinfo.is_empty() {
                out.push_str("//");
            }
            if !userinfo.is_empty() {
                if !userinfo_ok(&userinfo) {
                    return Err(format!(
                        "unable to parse userinfo in dict: parse {:?}: net/url: invalid userinfo",
                        format!("proto://{userinfo}@host")
                    )
                    .into());
                }
                let userinfo = unescape(&userinfo).map_err(|e| {
                    format!(
                        "unable to parse userinfo in dict: parse \"proto://{userinfo}@host\": {e}"
                    )
                })?;
                let mut parts = userinfo.splitn(2, ':');
                out.push_str(&escape(parts.next().unwrap_or_default(), Mode::User));
                if let Some(p) = parts.next() {
                    out.push(':');
                    out.push_str(&escape(p, Mode::User));
                }
                out.push('@');
            }
            out.push_str(&host);
        }
        let escaped = escape(&path, Mode::Path);
        if !escaped.is_empty() && !escaped.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        if out.is_empty() {
            let first = escaped.split('/').next().unwrap_or_default();
            if first.contains(':') {
                out.push_str("./");
            }
        }
        out.push_str(&escaped);
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(&escape(&fragment, Mode::Fragment));
    }
    Ok(Value::from(out))
}
