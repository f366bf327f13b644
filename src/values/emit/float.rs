//! Go's `strconv.FormatFloat(f, fmt, prec, 64)`.
//!
//! Every number Helm prints goes through it: `%v` of a float64 is `'g'` with
//! precision -1 (`1e+06`, `1.5`, `1e-05`), encoding/json uses `'f'`/`'e'`,
//! go-yaml and BurntSushi/toml use `'g'`/`'f'`. The digit generation is
//! delegated to Rust's formatter, which like Go produces the shortest
//! round-tripping digits for precision -1 and exactly rounded digits
//! (ties to even on the exact binary value) otherwise; only the layout
//! (exponent form `e+06`, `%g`'s switch to exponent form, trailing-zero
//! rules) is Go's and is reproduced here.

/// Decimal digits of |f|: `0.d1d2d3… × 10^dp`, no trailing zeros; zero has
/// no digits (Go's `decimalSlice`).
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

/// Parses Rust's `{:e}` form (`1.2345e-7`, `5e0`) into digits and exponent.
fn digits_from_sci(s: &str) -> Digits {
    let (mant, exp) = s.split_once('e').expect("scientific form");
    let exp: i32 = exp.parse().expect("exponent");
    let mut d: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while d.last() == Some(&b'0') {
        d.pop();
    }
    if d.is_empty() {
        return Digits { d, dp: 0 };
    }
    Digits { d, dp: exp + 1 }
}

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
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let abs = f.abs();
    if fmt == b'f' && prec >= 0 {
        out.push_str(&format!("{:.*}", prec as usize, abs));
        return out;
    }
    let shortest = prec < 0;
    let digs = if shortest {
        digits_from_sci(&format!("{abs:e}"))
    } else {
        let sig = match fmt {
            b'e' => prec + 1,
            _ => prec.max(1),
        };
        digits_from_sci(&format!("{:.*e}", (sig - 1) as usize, abs))
    };
    let nd = digs.d.len() as i32;
    match fmt {
        b'e' => {
            let p = if shortest { (nd - 1).max(0) } else { prec };
            fmt_e(&mut out, &digs, p);
        }
        b'f' => fmt_f(&mut out, &digs, (nd - digs.dp).max(0)),
        _ => {
            let mut p = if shortest { nd } else { prec.max(1) };
            let mut eprec = p;
            if eprec > nd && nd >= digs.dp {
                eprec = nd;
            }
            // Shortest output decides between the forms as if precision were 6.
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            if exp < -4 || exp >= eprec {
                if p > nd {
                    p = nd;
                }
                fmt_e(&mut out, &digs, p - 1);
            } else {
                if p > digs.dp {
                    p = nd;
                }
                fmt_f(&mut out, &digs, (p - digs.dp).max(0));
            }
        }
    }
    out
}

/// `d.ddddde±dd` with `prec` digits after the point (Go's `fmtE`).
fn fmt_e(out: &mut String, digs: &Digits, prec: i32) {
    let nd = digs.d.len() as i32;
    out.push(if nd == 0 { '0' } else { digs.d[0] as char });
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(if i < nd {
                digs.d[i as usize] as char
            } else {
                '0'
            });
        }
    }
    out.push('e');
    let exp = if nd == 0 { 0 } else { digs.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

/// `ddd.ddd` with `prec` digits after the point (Go's `fmtF`).
fn fmt_f(out: &mut String, digs: &Digits, prec: i32) {
    let nd = digs.d.len() as i32;
    if digs.dp > 0 {
        for i in 0..digs.dp {
            out.push(if i < nd {
                digs.d[i as usize] as char
            } else {
                '0'
            });
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = digs.dp + i - 1;
            out.push(if (0..nd).contains(&j) {
                digs.d[j as usize] as char
            } else {
                '0'
            });
        }
    }
}
