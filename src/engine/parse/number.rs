//! Go's `newNumber`: turning a number token into a [`NumberNode`] with all
//! the interpretations that are exact. Separate from the parser because the
//! rules are intricate and entirely Go-specific (e.g. `1e3` is also an int,
//! `-0` is also a uint, a character constant is int, uint *and* float).

use super::ast::NumberNode;
use super::lex::ItemType;
use super::strconv::{parse_float, parse_int0, parse_uint0, quote_prefix, unquote_char};

const TWO_63: f64 = 9_223_372_036_854_775_808.0;
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// Go's `float64(int64(f)) == f` on amd64 (out-of-range conversions yield
/// `MinInt64`, so they never round-trip).
fn exact_i64(f: f64) -> Option<i64> {
    ((-TWO_63..TWO_63).contains(&f) && f.trunc() == f).then_some(f as i64)
}

/// Go's `float64(uint64(f)) == f` on amd64.
fn exact_u64(f: f64) -> Option<u64> {
    (f > -1.0 && f < TWO_64 && f.trunc() == f).then_some(f as u64)
}

fn blank(pos: usize, text: &str) -> NumberNode {
    NumberNode {
        pos,
        text: text.to_string(),
        is_int: false,
        is_uint: false,
        is_float: false,
        is_complex: false,
        is_char: false,
        int64: 0,
        uint64: 0,
        float64: 0.0,
        complex128: (0.0, 0.0),
    }
}

/// Go's `simplifyComplex`: a complex with zero imaginary part is also a
/// float (and maybe an int/uint).
fn simplify_complex(n: &mut NumberNode) {
    n.is_float = n.complex128.1 == 0.0;
    if n.is_float {
        n.float64 = n.complex128.0;
        if let Some(i) = exact_i64(n.float64) {
            n.is_int = true;
            n.int64 = i;
        }
        if let Some(u) = exact_u64(n.float64) {
            n.is_uint = true;
            n.uint64 = u;
        }
    }
}

/// Splits `1+2i` into its real and imaginary parts (where `fmt.Sscan` would).
fn split_complex(text: &str) -> Option<(&str, &str)> {
    let b = text.as_bytes();
    let body = text.trim_start_matches(['+', '-']);
    let hex = body.len() > 1 && body.as_bytes()[0] == b'0' && body.as_bytes()[1] | 0x20 == b'x';
    (1..b.len()).find_map(|i| {
        let exp_sign = matches!(b[i - 1] | 0x20, b'p') || !hex && matches!(b[i - 1] | 0x20, b'e');
        (matches!(b[i], b'+' | b'-') && !exp_sign).then(|| (&text[..i], &text[i..]))
    })
}

/// Builds the node, or returns the error message Go would report.
pub fn new_number(pos: usize, text: &str, typ: ItemType) -> Result<NumberNode, String> {
    let mut n = blank(pos, text);
    match typ {
        ItemType::CharConstant => {
            let (r, _, tail) = unquote_char(&text[1..], text.as_bytes()[0])?;
            if tail != "'" {
                return Err(format!("malformed character constant: {text}"));
            }
            n.is_char = true;
            n.is_int = true;
            n.int64 = r as i64;
            n.is_uint = true;
            n.uint64 = r as u64;
            n.is_float = true; // odd, but those are Go's rules
            n.float64 = r as f64;
            return Ok(n);
        }
        ItemType::Complex => {
            let parts = split_complex(text).and_then(|(re, im)| {
                let im = im.strip_suffix('i')?;
                Some((parse_float(re)?, parse_float(im)?))
            });
            let Some(c) = parts else {
                // What fmt.Sscan reports for a pair it cannot read.
                return Err("syntax error scanning complex number".to_string());
            };
            n.is_complex = true;
            n.complex128 = c;
            simplify_complex(&mut n);
            return Ok(n);
        }
        _ => {}
    }
    // Imaginary constants can only be complex unless they are zero.
    if let Some(f) = text.strip_suffix('i').and_then(parse_float) {
        n.is_complex = true;
        n.complex128 = (0.0, f);
        simplify_complex(&mut n);
        return Ok(n);
    }
    // Integers first, so that 0x123 etc. are exact.
    let u = parse_uint0(text);
    if let Some(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Some(i) = parse_int0(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            // -0 is a uint too.
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Some(f) = parse_float(text) {
        // A float that looks like an integer is one too big for 64 bits.
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!(
                "integer overflow: {}",
                quote_prefix(text, usize::MAX)
            ));
        }
        n.is_float = true;
        n.float64 = f;
        if let Some(i) = exact_i64(f) {
            n.is_int = true;
            n.int64 = i;
        }
        if let Some(u) = exact_u64(f) {
            n.is_uint = true;
            n.uint64 = u;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!(
            "illegal number syntax: {}",
            quote_prefix(text, usize::MAX)
        ));
    }
    Ok(n)
}
