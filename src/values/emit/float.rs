//! Go's `strconv.FormatFloat(f, fmt, prec, 64)`, as its output shows.
//!
//! Every number Helm prints goes through it: `%v` of a float64 is `'g'` with
//! precision -1 (`1e+06`, `1.5`, `1e-05`), encoding/json uses `'f'`/`'e'`,
//! go-yaml and BurntSushi/toml use `'g'`/`'f'`. Rust's formatter produces
//! the digits (shortest round-tripping ones for precision -1, correctly
//! rounded ones otherwise, as Go does); only the layout is Go's:
//! - exponents have a sign and at least two digits (`1e+06`, `1e-07`);
//! - `'g'` keeps only significant digits (no trailing zeros) and switches
//!   to the exponent form when the decimal exponent is below -4 or at least
//!   the precision (6 when the precision is -1, at least 1 otherwise).

/// Formats `f` as Go's `strconv.FormatFloat(f, fmt, prec, 64)` does, for
/// `fmt` in `b'e'`, `b'f'`, `b'g'`; `prec` -1 means the shortest
/// representation that parses back to the same float64.
pub fn go_format_float(f: f64, fmt: u8, prec: i32) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    let abs = f.abs();
    let precision = usize::try_from(prec).ok();
    let body = match (fmt, precision) {
        (b'f', Some(p)) => format!("{abs:.p$}"),
        // Rust's Display never uses an exponent and is shortest.
        (b'f', None) => format!("{abs}"),
        (b'e', Some(p)) => go_exponent(&format!("{abs:.p$e}")),
        (b'e', None) => go_exponent(&format!("{abs:e}")),
        _ => general(abs, precision),
    };
    format!("{sign}{body}")
}

/// Rewrites Rust's `1.5e6` / `1.5e-7` exponent as Go's `1.5e+06` / `1.5e-07`.
fn go_exponent(rust: &str) -> String {
    let (mantissa, exp) = rust.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("exponent");
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
}

/// `'g'`: the significant digits, in exponent or positional form.
fn general(abs: f64, precision: Option<usize>) -> String {
    let rust = match precision {
        None => format!("{abs:e}"),
        Some(p) => format!("{abs:.*e}", p.max(1) - 1),
    };
    let (mantissa, exp) = rust.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("exponent");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.trim_end_matches('0') {
        "" => "0",
        trimmed => trimmed,
    };
    let switch_at = precision.map_or(6, |p| p.max(1) as i32);
    if exp < -4 || exp >= switch_at {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        go_exponent(&format!("{first}{point}{rest}e{exp}"))
    } else {
        positional(digits, exp)
    }
}

/// `digits` (d.ddd × 10^exp) written without an exponent.
fn positional(digits: &str, exp: i32) -> String {
    if exp < 0 {
        let zeros = "0".repeat(exp.unsigned_abs() as usize - 1);
        return format!("0.{zeros}{digits}");
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{digits}{}", "0".repeat(int_len - digits.len()))
    } else {
        let (int, frac) = digits.split_at(int_len);
        format!("{int}.{frac}")
    }
}
