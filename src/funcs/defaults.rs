//! Sprig's defaults and flow functions. "Empty" is Sprig's notion (zero
//! numbers, "", false, nil, empty collections), shared via [`is_empty`].

use minijinja::Value;

use super::convert::is_empty;
use super::strings::s;
use super::{FnError, Func, Param};

const A: Param = Param::Any;

pub static FUNCS: &[Func] = &[
    // `default DEFAULT [GIVEN]`: GIVEN unless it is missing or empty.
    Func {
        name: "default",
        params: &[A],
        variadic: Some(A),
        body: |_, a| {
            Ok(match a.get(1) {
                Some(given) if !is_empty(given) => given.clone(),
                _ => a[0].clone(),
            })
        },
    },
    Func {
        name: "empty",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(is_empty(&a[0]).into()),
    },
    // The first non-empty operand, or nil.
    Func {
        name: "coalesce",
        params: &[],
        variadic: Some(A),
        body: |_, a| {
            Ok(a.into_iter()
                .find(|v| !is_empty(v))
                .unwrap_or(Value::from(())))
        },
    },
    Func {
        name: "ternary",
        params: &[A, A, Param::Bool],
        variadic: None,
        body: |_, a| Ok(a[if a[2].is_true() { 0 } else { 1 }].clone()),
    },
    Func {
        name: "all",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(a.iter().all(|v| !is_empty(v)).into()),
    },
    Func {
        name: "any",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(a.iter().any(|v| !is_empty(v)).into()),
    },
    // Helm reports `fail` as `execution error at (…): MSG`, not as a call error.
    Func {
        name: "fail",
        params: &[Param::String],
        variadic: None,
        body: |_, a| Err(FnError::Fail(s(&a[0]).to_owned())),
    },
];
