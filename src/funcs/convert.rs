//! The conversions Sprig applies to its `interface{}` arguments.
//!
//! Most Sprig functions accept anything and coerce it: `strval` prints with
//! `%v`, `toInt64`/`toFloat64` go through spf13/cast (which turns what it
//! cannot convert into zero instead of failing), and list functions accept
//! any slice. Keeping these in one place keeps every family consistent.

use minijinja::Value;

use crate::engine::runtime::print::to_go_string;
use crate::engine::runtime::value::{
    self, View, bytes_text, kind_of, slice_items, type_name, view,
};
use crate::values::emit::go_format_float;

/// Go's `strconv.FormatFloat(f, fmt, prec, 64)` for `e`, `f`, `g` and
/// their upper-case forms, which only differ in the exponent letter.
pub fn format_float(f: f64, fmt: u8, prec: i32) -> String {
    let s = go_format_float(f, fmt.to_ascii_lowercase(), prec);
    if fmt.is_ascii_uppercase() {
        s.to_ascii_uppercase()
    } else {
        s
    }
}

/// Sprig's `strval`: strings as they are, `[]byte` as its text,
/// everything else as `%v`.
pub fn strval(v: &Value) -> String {
    match view(v) {
        View::String(s) => s.to_owned(),
        _ => bytes_text(v).unwrap_or_else(|| to_go_string(v)),
    }
}

/// Sprig's `strslice`: a slice's items as strings with nil items dropped; a
/// nil value gives no strings, any other value gives its own `strval`.
pub fn strslice(v: &Value) -> Vec<String> {
    match view(v) {
        View::Nil => Vec::new(),
        View::List(items) | View::TypedSlice(_, items) => items
            .iter()
            .filter(|item| !matches!(view(item), View::Nil))
            .map(strval)
            .collect(),
        _ => vec![strval(v)],
    }
}

/// cast's `trimZeroDecimal`: `"4.000"` → `"4"`, so such strings convert to
/// integers; anything with a non-zero fraction is left alone (and fails).
fn trim_zero_decimal(s: &str) -> &str {
    match s.split_once('.') {
        Some((int, frac))
            if !int.is_empty() && !frac.is_empty() && frac.bytes().all(|b| b == b'0') =>
        {
            int
        }
        _ => s,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then a `0x`, `0o`,
/// `0b` or bare-`0` (octal) prefix, with `_` separators allowed after one.
pub fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    let bad_sep =
        digits.ends_with('_') || digits.contains("__") || (digits.starts_with('_') && !prefixed);
    if digits.is_empty() || bad_sep {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let magnitude = i128::from_str_radix(&clean, radix).ok()?;
    let n = if neg { -magnitude } else { magnitude };
    i64::try_from(n).ok()
}

/// cast's `ToInt64`: numbers truncate, bools are 0/1, strings parse with
/// Go's base prefixes; nil and anything unconvertible give 0.
pub fn to_int64(v: &Value) -> i64 {
    match view(v) {
        View::Bool(b) => i64::from(b),
        View::Int(n) | View::Int64(n) => n,
        View::Uint64(n) => n as i64,
        View::Float(f) => float_to_int(f),
        View::String(s) => parse_go_int(trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

/// Go's `int64(f)` on amd64: truncation, and the minimum int64 for NaN and
/// out-of-range values (Rust's `as` would saturate instead).
pub fn float_to_int(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's `ToFloat64`: numbers widen, bools are 0/1, strings parse as Go
/// floats; nil and anything unconvertible give 0.
pub fn to_float64(v: &Value) -> f64 {
    match view(v) {
        View::Bool(b) => f64::from(u8::from(b)),
        View::Int(n) | View::Int64(n) => n as f64,
        View::Uint64(n) => n as f64,
        View::Float(f) => f,
        View::String(s) => parse_go_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's `strconv.ParseFloat(s, 64)`: decimal or hex floats, `inf`/`nan`
/// spellings, `_` separators; Rust's parser covers the decimal forms.
pub fn parse_go_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        return lower.parse().ok();
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        let value = parse_hex_float(&hex.replace('_', ""))?;
        return Some(if lower.starts_with('-') {
            -value
        } else {
            value
        });
    }
    let clean: String = lower.chars().filter(|&c| c != '_').collect();
    if clean.ends_with('.') && clean.len() > 1 {
        return clean[..clean.len() - 1].parse().ok();
    }
    clean.parse().ok()
}

/// What a nil `interface{}` does to Sprig code that calls a method on it.
pub const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

/// A hex float's digits after `0x`: `1.8p3`; Go requires the `p` exponent.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once('p')?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let digits = u128::from_str_radix(&format!("{int}{frac}"), 16).ok()?;
    let exp: i32 = exp.parse().ok()?;
    Some(digits as f64 * 2f64.powi(exp - 4 * frac.len() as i32))
}

/// The items of a Go slice for Sprig's list functions: nil panics, any
/// other non-slice fails with `PREFIX KIND` (`Cannot find first on type
/// string`; Sprig names the reflect kind, so maps are `map`).
pub fn list_items<'a>(v: &'a Value, prefix: &str) -> Result<&'a [Value], String> {
    match view(v) {
        View::Nil => Err(NIL_DEREF.into()),
        _ => slice_items(v).ok_or_else(|| format!("{prefix} {}", kind_of(v).name())),
    }
}

/// Go's `reflect.DeepEqual` for template values: types must match exactly
/// (an int never equals an int64 or a float64), collections item by item.
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    if type_name(a) != type_name(b) {
        return false;
    }
    match (view(a), view(b)) {
        (View::List(x) | View::TypedSlice(_, x), View::List(y) | View::TypedSlice(_, y)) => {
            value::is_nil_slice(a) == value::is_nil_slice(b)
                && x.len() == y.len()
                && x.iter().zip(y).all(|(p, q)| deep_equal(p, q))
        }
        (View::Map(x), View::Map(y)) => {
            let (x, y) = (x.read(), y.read());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (View::Struct(_), View::Struct(_)) => a == b,
        _ => to_go_string(a) == to_go_string(b),
    }
}

/// Go's truth for `default`, `empty`, `coalesce`, `all`, `any`: zero
/// numbers, empty strings/collections, false and nil are empty.
pub fn is_empty(v: &Value) -> bool {
    match view(v) {
        View::Nil | View::Other => true,
        View::Bool(b) => !b,
        View::Int(n) | View::Int64(n) => n == 0,
        View::Uint64(n) => n == 0,
        View::Float(f) => f == 0.0,
        View::String(s) => s.is_empty(),
        View::List(items) | View::TypedSlice(_, items) => items.is_empty(),
        View::Map(m) => m.read().is_empty(),
        // Empty when a map or slice type (`.Files`, `[]byte`) is; Go's
        // truth says exactly that, and is true for every other struct.
        View::Struct(_) => !v.is_true(),
    }
}

/// Deterministic pseudo-random strings over `alphabet`, for no-panic tests
/// of the parsers in this module tree (format strings, regexps).
#[cfg(test)]
pub(super) fn pseudo_strings(alphabet: &[&str], count: usize, max_len: u64) -> Vec<String> {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    (0..count)
        .map(|_| {
            (0..next(max_len))
                .map(|_| alphabet[next(alphabet.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_int_prefixes() {
        assert_eq!(parse_go_int("0x1F"), Some(31));
        assert_eq!(parse_go_int("010"), Some(8));
        assert_eq!(parse_go_int("-7"), Some(-7));
        assert_eq!(parse_go_int("1_000"), Some(1000));
        assert_eq!(parse_go_int("0b1_0"), Some(2));
        assert_eq!(parse_go_int(" 5"), None);
    }

    #[test]
    fn cast_conversions() {
        assert_eq!(to_int64(&Value::from("4.00")), 4);
        assert_eq!(to_int64(&Value::from("4.2")), 0);
        assert_eq!(to_float64(&Value::from("1e3")), 1000.0);
        assert_eq!(to_int64(&Value::from(3.9)), 3);
    }
}
