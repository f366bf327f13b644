//! Sprig's type inspection and conversion functions.
//!
//! Conversions go through cast (see [`super::convert`]): anything that
//! does not convert becomes 0, never an error. `int` gives a Go `int`,
//! `int64`/`toDecimal` an `int64`.

use minijinja::Value;

use super::convert::{deep_equal, strslice, strval, to_float64, to_int64};
use super::strings::s;
use super::{Func, Param};
use crate::engine::runtime::value::{self, Elem, kind_of, type_name};

const A: Param = Param::Any;
const S: Param = Param::String;

pub static FUNCS: &[Func] = &[
    Func {
        name: "typeOf",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(type_name(&a[0]).into()),
    },
    Func {
        name: "typeIs",
        params: &[S, A],
        variadic: None,
        body: |_, a| Ok((s(&a[0]) == type_name(&a[1])).into()),
    },
    // Also true when the value's type is a pointer to the named type.
    Func {
        name: "typeIsLike",
        params: &[S, A],
        variadic: None,
        body: |_, a| {
            let t = type_name(&a[1]);
            Ok((s(&a[0]) == t || format!("*{}", s(&a[0])) == t).into())
        },
    },
    Func {
        name: "kindOf",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(kind_of(&a[0]).name().into()),
    },
    Func {
        name: "kindIs",
        params: &[S, A],
        variadic: None,
        body: |_, a| Ok((s(&a[0]) == kind_of(&a[1]).name()).into()),
    },
    Func {
        name: "deepEqual",
        params: &[A, A],
        variadic: None,
        body: |_, a| Ok(deep_equal(&a[0], &a[1]).into()),
    },
    Func {
        name: "toString",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(strval(&a[0]).into()),
    },
    Func {
        name: "toStrings",
        params: &[A],
        variadic: None,
        body: |_, a| {
            Ok(value::typed_slice(
                Elem::String,
                strslice(&a[0]).into_iter().map(Value::from).collect(),
            ))
        },
    },
    Func {
        name: "int",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(Value::from(to_int64(&a[0]))),
    },
    Func {
        name: "int64",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(value::int64(to_int64(&a[0]))),
    },
    Func {
        name: "float64",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(to_float64(&a[0]).into()),
    },
    // strconv.Atoi: plain decimal only, 0 on bad syntax, clamped on overflow.
    Func {
        name: "atoi",
        params: &[S],
        variadic: None,
        body: |_, a| Ok(Value::from(atoi(s(&a[0])))),
    },
    // The value's %v read as an octal number.
    Func {
        name: "toDecimal",
        params: &[A],
        variadic: None,
        body: |_, a| {
            Ok(value::int64(
                i64::from_str_radix(&strval(&a[0]), 8).unwrap_or(0),
            ))
        },
    },
];

/// Sprig ignores Atoi's error, whose value is 0 for bad syntax and the
/// nearest bound for out-of-range numbers.
fn atoi(text: &str) -> i64 {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    text.parse().unwrap_or(if text.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    })
}
