//! Go's text/template builtins (`and`, `or` and `not` compile to
//! minijinja's own operators and are not here; Helm's function map
//! replaces Go's `slice` with Sprig's, which lives in `lists`).
//!
//! Comparison follows Go's "basic kind" rules: every integer type compares
//! with every other, but an int never equals a float64, which is why
//! `eq .Values.replicas 1` fails for a number read from YAML.

use minijinja::Value;

use super::gofmt::{sprint, sprintf, sprintln};
use super::goquote::is_print;
use super::{Ctx, FnError, FnResult, Func, Param};
use crate::engine::runtime::HelmCompat;
use crate::engine::runtime::nodes::{ArgForm, NodeData};
use crate::engine::runtime::value::{self, View, type_name, view};

pub static FUNCS: &[Func] = &[
    Func {
        name: "eq",
        params: &[Param::Any],
        variadic: Some(Param::Any),
        body: eq,
    },
    Func {
        name: "ne",
        params: &[Param::Any, Param::Any],
        variadic: None,
        body: ne,
    },
    Func {
        name: "lt",
        params: &[Param::Any, Param::Any],
        variadic: None,
        body: lt,
    },
    Func {
        name: "le",
        params: &[Param::Any, Param::Any],
        variadic: None,
        body: le,
    },
    Func {
        name: "gt",
        params: &[Param::Any, Param::Any],
        variadic: None,
        body: gt,
    },
    Func {
        name: "ge",
        params: &[Param::Any, Param::Any],
        variadic: None,
        body: ge,
    },
    Func {
        name: "index",
        params: &[Param::Any],
        variadic: Some(Param::Any),
        body: index,
    },
    Func {
        name: "len",
        params: &[Param::Any],
        variadic: None,
        body: len,
    },
    Func {
        name: "print",
        params: &[],
        variadic: Some(Param::Any),
        body: print,
    },
    Func {
        name: "printf",
        params: &[Param::String],
        variadic: Some(Param::Any),
        body: printf,
    },
    Func {
        name: "println",
        params: &[],
        variadic: Some(Param::Any),
        body: println,
    },
    Func {
        name: "html",
        params: &[],
        variadic: Some(Param::Any),
        body: html,
    },
    Func {
        name: "js",
        params: &[],
        variadic: Some(Param::Any),
        body: js,
    },
    Func {
        name: "urlquery",
        params: &[],
        variadic: Some(Param::Any),
        body: urlquery,
    },
    Func {
        name: "call",
        params: &[Param::Any],
        variadic: Some(Param::Any),
        body: call,
    },
];

/// Go's `basicKind`: the comparable kinds, with every integer type as one.
#[derive(PartialEq)]
enum Basic<'a> {
    Bool(bool),
    /// Signed and unsigned alike, as Go compares them across the two.
    Int(i128),
    Float(f64),
    Str(&'a str),
    /// Not a basic kind: nil, slices, maps, structs.
    Other,
}

fn basic(v: &Value) -> Basic<'_> {
    match view(v) {
        View::Bool(b) => Basic::Bool(b),
        View::Int(n) | View::Int64(n) => Basic::Int(n.into()),
        View::Uint64(n) => Basic::Int(n.into()),
        View::Float(f) => Basic::Float(f),
        View::String(s) => Basic::Str(s),
        _ => Basic::Other,
    }
}

fn is_nil(v: &Value) -> bool {
    matches!(view(v), View::Nil | View::Other)
}

/// `reflect.Kind` equality used by `canCompare` for non-basic values.
fn same_kind(a: &Value, b: &Value) -> bool {
    value::kind_of(a) == value::kind_of(b)
}

const BAD_COMPARISON: &str = "incompatible types for comparison";

/// Go 1.24 (Helm 4) names the two types; [`for_helm`] trims them for Helm 3.
fn bad_comparison(a: &Value, b: &Value) -> String {
    format!("{BAD_COMPARISON}: {} and {}", type_name(a), type_name(b))
}

/// A comparison error in the wording of the Helm being reproduced.
fn for_helm(ctx: &Ctx, msg: String) -> FnError {
    match ctx.compat {
        HelmCompat::Helm3 if msg.starts_with(BAD_COMPARISON) => FnError::Msg(BAD_COMPARISON.into()),
        _ => FnError::Msg(msg),
    }
}
const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";

fn eq_one(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (basic(a), basic(b));
    if std::mem::discriminant(&ka) != std::mem::discriminant(&kb) {
        if !is_nil(a) && !is_nil(b) {
            return Err(bad_comparison(a, b));
        }
        return Ok(false);
    }
    if ka != Basic::Other {
        return Ok(ka == kb);
    }
    if !same_kind(a, b) && !is_nil(a) && !is_nil(b) {
        let msg = sprintf(
            "non-comparable types %s: %v, %s: %v",
            &[
                a.clone(),
                type_name(a).into(),
                type_name(b).into(),
                b.clone(),
            ],
        );
        return Err(msg);
    }
    if is_nil(a) || is_nil(b) {
        return Ok(is_nil(a) == is_nil(b));
    }
    Err(sprintf(
        "non-comparable type %s: %v",
        &[b.clone(), type_name(b).into()],
    ))
}

fn eq(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    let (first, rest) = args.split_first().expect("one fixed parameter");
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    for other in rest {
        if eq_one(first, other).map_err(|m| for_helm(ctx, m))? {
            return Ok(true.into());
        }
    }
    Ok(false.into())
}

fn ne(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    Ok((!eq_one(&args[0], &args[1]).map_err(|m| for_helm(ctx, m))?).into())
}

fn less(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (basic(a), basic(b));
    if ka == Basic::Other || kb == Basic::Other {
        return Err(BAD_COMPARISON_TYPE.into());
    }
    match (ka, kb) {
        (Basic::Int(x), Basic::Int(y)) => Ok(x < y),
        (Basic::Float(x), Basic::Float(y)) => Ok(x < y),
        (Basic::Str(x), Basic::Str(y)) => Ok(x < y),
        (Basic::Bool(_), Basic::Bool(_)) => Err(BAD_COMPARISON_TYPE.into()),
        _ => Err(bad_comparison(a, b)),
    }
}

fn less_or_equal(a: &Value, b: &Value) -> Result<bool, String> {
    Ok(less(a, b)? || eq_one(a, b)?)
}

fn lt(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    Ok(less(&args[0], &args[1])
        .map_err(|m| for_helm(ctx, m))?
        .into())
}

fn le(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    Ok(less_or_equal(&args[0], &args[1])
        .map_err(|m| for_helm(ctx, m))?
        .into())
}

fn gt(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    Ok((!less_or_equal(&args[0], &args[1]).map_err(|m| for_helm(ctx, m))?).into())
}

fn ge(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    Ok((!less(&args[0], &args[1]).map_err(|m| for_helm(ctx, m))?).into())
}

/// Go's `indexArg`: an integer in `0..=len` (`len` itself passes this
/// check; the access then fails like Go's reflect panic).
fn index_arg(i: &Value, len: usize) -> Result<usize, String> {
    let x = match view(i) {
        View::Int(n) | View::Int64(n) => n,
        View::Uint64(n) => i64::try_from(n).unwrap_or(i64::MAX),
        View::Nil => return Err("cannot index slice/array with nil".into()),
        _ => {
            return Err(format!(
                "cannot index slice/array with type {}",
                type_name(i)
            ));
        }
    };
    usize::try_from(x)
        .ok()
        .filter(|&x| x <= len)
        .ok_or_else(|| format!("index out of range: {x}"))
}

/// A map index must be a string.
fn map_key(key: &Value) -> Result<&str, String> {
    match view(key) {
        View::String(k) => Ok(k),
        View::Nil => Err("value is nil; should be of type string".into()),
        _ => Err(format!(
            "value has type {}; should be string",
            type_name(key)
        )),
    }
}

fn index(_: &Ctx, args: Vec<Value>) -> FnResult {
    let (item, keys) = args.split_first().expect("one fixed parameter");
    if matches!(view(item), View::Nil) {
        return Err("index of untyped nil".into());
    }
    let mut item = item.clone();
    for key in keys {
        let next = match view(&item) {
            View::Nil => return Err("index of nil pointer".into()),
            View::List(items) | View::TypedSlice(_, items) => {
                let x = index_arg(key, items.len())?;
                items
                    .get(x)
                    .cloned()
                    .ok_or("reflect: slice index out of range")?
            }
            View::String(s) => {
                let x = index_arg(key, s.len())?;
                Value::from(
                    *s.as_bytes()
                        .get(x)
                        .ok_or("reflect: string index out of range")?,
                )
            }
            View::Map(m) => m
                .read()
                .get(map_key(key)?)
                .cloned()
                .unwrap_or(Value::from(())),
            View::Struct(s) if let Some(data) = s.as_bytes() => {
                let x = index_arg(key, data.len())?;
                Value::from(*data.get(x).ok_or("reflect: slice index out of range")?)
            }
            // Helm's `engine.files` is a map type too.
            View::Struct(s) if s.kind() == value::Kind::Map => {
                s.entry(map_key(key)?).unwrap_or_default()
            }
            _ => return Err(format!("can't index item of type {}", type_name(&item)).into()),
        };
        item = next;
    }
    Ok(item)
}

fn len(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    let n = match view(&args[0]) {
        // A nil read from a map keeps its interface type; any other nil
        // reaches Go's `len` as no value at all, and reflect panics on it.
        View::Nil if written_as_field(ctx, 0) => return Err("len of nil pointer".into()),
        View::Nil => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        View::String(s) => s.len(),
        View::List(items) | View::TypedSlice(_, items) => items.len(),
        View::Map(m) => m.read().len(),
        View::Struct(s) if let Some(data) = s.as_bytes() => data.len(),
        View::Struct(s) if let Some(entries) = s.entries() => entries.len(),
        _ => return Err(format!("len of type {}", type_name(&args[0])).into()),
    };
    Ok(Value::from(n as i64))
}

/// Whether written argument `i` of the running call is a field chain.
fn written_as_field(ctx: &Ctx, i: usize) -> bool {
    match &ctx.node.data {
        NodeData::Call { args, .. } => matches!(args.get(i), Some((ArgForm::Field, _))),
        _ => false,
    }
}

fn print(_: &Ctx, args: Vec<Value>) -> FnResult {
    Ok(sprint(&args).into())
}

fn printf(_: &Ctx, args: Vec<Value>) -> FnResult {
    let (format, rest) = args.split_first().expect("one fixed parameter");
    Ok(sprintf(format.as_str().unwrap_or_default(), rest).into())
}

fn println(_: &Ctx, args: Vec<Value>) -> FnResult {
    Ok(sprintln(&args).into())
}

/// text/template's `evalArgs`: a lone string as is, otherwise `Sprint` of
/// the operands with nil ones shown as `<no value>`.
fn eval_args(args: &[Value]) -> String {
    if let [only] = args
        && let View::String(s) = view(only)
    {
        return s.to_owned();
    }
    let shown: Vec<Value> = args
        .iter()
        .map(|a| {
            if matches!(view(a), View::Nil) {
                Value::from("<no value>")
            } else {
                a.clone()
            }
        })
        .collect();
    sprint(&shown)
}

fn html(_: &Ctx, args: Vec<Value>) -> FnResult {
    let mut out = String::new();
    for c in eval_args(&args).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Ok(out.into())
}

fn js(_: &Ctx, args: Vec<Value>) -> FnResult {
    let mut out = String::new();
    for c in eval_args(&args).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if c < ' ' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if c.is_ascii() || is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    Ok(out.into())
}

/// `url.QueryEscape`: unreserved bytes stay, space becomes `+`.
fn urlquery(_: &Ctx, args: Vec<Value>) -> FnResult {
    let mut out = String::new();
    for b in eval_args(&args).bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(out.into())
}

/// Templates hold no Go functions, so `call` can only fail; Go names the
/// argument as written (`non-function .Values.x of type string`).
fn call(ctx: &Ctx, args: Vec<Value>) -> FnResult {
    let f = &args[0];
    if matches!(view(f), View::Nil) {
        return Err("call of nil".into());
    }
    let written = match &ctx.node.data {
        NodeData::Call { args, .. } => args.first().map(|(_, id)| ctx.nodes.get(*id).text.clone()),
        _ => None,
    };
    Err(format!(
        "non-function {} of type {}",
        written.unwrap_or_default(),
        type_name(f)
    )
    .into())
}
