//! Go's `fmt.Sprintf`, `fmt.Sprint` and `fmt.Sprintln` over template values.
//!
//! `printf` output is part of what charts render, including Go's odd
//! corners: `%!d(string=x)` for a verb that does not fit the operand,
//! `%!d(MISSING)`, `%!(EXTRA int=2)`, zero padding placed after the sign,
//! `%x` of a string as hex bytes. Values are classified with [`view`] and
//! printed the way `fmt` prints the Go type they stand for.

use minijinja::Value;

use super::goprint::{Flags, Printer};
use crate::engine::runtime::value::{View, type_name, view};

/// Parses decimal digits at `i` (Go's `parsenum`); values over 1e6 fail.
fn parse_num(b: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let start = i;
    let mut n: usize = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        if n > 1_000_000 {
            return (None, b.len());
        }
        n = n * 10 + usize::from(b[i] - b'0');
        i += 1;
    }
    ((i > start).then_some(n), i)
}

/// Go's `intFromArg`: a `*` width or precision taken from an int operand.
fn int_from_arg(args: &[Value], arg_num: &mut usize) -> Option<i64> {
    let v = args.get(*arg_num)?;
    *arg_num += 1;
    match view(v) {
        View::Int(n) | View::Int64(n) if (-1_000_000..=1_000_000).contains(&n) => Some(n),
        View::Uint64(n) if n <= 1_000_000 => Some(n as i64),
        _ => None,
    }
}

/// Formatting state across one `Sprintf` call.
struct Args<'a> {
    args: &'a [Value],
    num: usize,
    reordered: bool,
    good: bool,
}

impl Args<'_> {
    /// Go's `argNumber`: an explicit `[n]` index at `i`, if any.
    fn index(&mut self, b: &[u8], i: usize) -> (usize, bool) {
        if b.get(i) != Some(&b'[') {
            return (i, false);
        }
        self.reordered = true;
        let close = b[i..].iter().position(|&c| c == b']');
        let Some(close) = close.filter(|_| b.len() - i >= 3) else {
            self.good = false;
            return (i + 1, false);
        };
        let (n, end) = parse_num(&b[i..i + close], 1);
        match n {
            Some(n) if end == close && n >= 1 && n <= self.args.len() => {
                self.num = n - 1;
                (i + close + 1, true)
            }
            n => {
                self.good = false;
                (i + close + 1, n.is_some() && end == close)
            }
        }
    }
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let b = format.as_bytes();
    let mut p = Printer::default();
    let mut a = Args {
        args,
        num: 0,
        reordered: false,
        good: true,
    };
    let mut i = 0;
    while i < b.len() {
        a.good = true;
        let start = i;
        while i < b.len() && b[i] != b'%' {
            i += 1;
        }
        p.buf.push_str(&format[start..i]);
        if i >= b.len() {
            break;
        }
        i += 1;
        p.f = Flags::default();
        while i < b.len() {
            match b[i] {
                b'#' => p.f.sharp = true,
                b'0' => p.f.zero = !p.f.minus,
                b'+' => p.f.plus = true,
                b'-' => {
                    p.f.minus = true;
                    p.f.zero = false;
                }
                b' ' => p.f.space = true,
                _ => break,
            }
            i += 1;
        }
        let mut after_index;
        (i, after_index) = a.index(b, i);
        if b.get(i) == Some(&b'*') {
            i += 1;
            match int_from_arg(args, &mut a.num) {
                Some(w) => {
                    p.f.wid = Some(w.unsigned_abs() as usize);
                    if w < 0 {
                        p.f.minus = true;
                        p.f.zero = false;
                    }
                }
                None => p.buf.push_str("%!(BADWIDTH)"),
            }
            after_index = false;
        } else {
            let (w, next) = parse_num(b, i);
            (p.f.wid, i) = (w, next);
            if after_index && w.is_some() {
                a.good = false;
            }
        }
        if i + 1 < b.len() && b[i] == b'.' {
            i += 1;
            if after_index {
                a.good = false;
            }
            (i, after_index) = a.index(b, i);
            if b.get(i) == Some(&b'*') {
                i += 1;
                match int_from_arg(args, &mut a.num) {
                    Some(pr) if pr >= 0 => p.f.prec = Some(pr as usize),
                    _ => p.buf.push_str("%!(BADPREC)"),
                }
                after_index = false;
            } else {
                let (pr, next) = parse_num(b, i);
                (p.f.prec, i) = (Some(pr.unwrap_or(0)), next);
            }
        }
        if !after_index {
            (i, _) = a.index(b, i);
        }
        let Some(verb) = format[i.min(b.len())..].chars().next() else {
            p.buf.push_str("%!(NOVERB)");
            break;
        };
        i += verb.len_utf8();
        if verb == '%' {
            p.buf.push('%');
        } else if !a.good {
            p.buf.push_str(&format!("%!{verb}(BADINDEX)"));
        } else if a.num >= args.len() {
            p.buf.push_str(&format!("%!{verb}(MISSING)"));
        } else {
            if verb == 'v' {
                p.f.sharp_v = std::mem::take(&mut p.f.sharp);
                p.f.plus_v = std::mem::take(&mut p.f.plus);
            }
            p.print_arg(&args[a.num], verb);
            a.num += 1;
        }
    }
    if !a.reordered && a.num < args.len() {
        p.f = Flags::default();
        p.buf.push_str("%!(EXTRA ");
        for (k, arg) in args[a.num..].iter().enumerate() {
            if k > 0 {
                p.buf.push_str(", ");
            }
            if matches!(view(arg), View::Nil) {
                p.buf.push_str("<nil>");
            } else {
                p.buf.push_str(&type_name(arg));
                p.buf.push('=');
                p.print_arg(arg, 'v');
            }
        }
        p.buf.push(')');
    }
    p.buf
}

/// `fmt.Sprint`: operands as `%v`, with a space between two operands only
/// when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::default();
    let mut prev_string = false;
    for (n, arg) in args.iter().enumerate() {
        let is_string = matches!(view(arg), View::String(_));
        if n > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(arg, 'v');
        prev_string = is_string;
    }
    p.buf
}

/// `fmt.Sprintln`: operands as `%v`, always space-separated, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::default();
    for (n, arg) in args.iter().enumerate() {
        if n > 0 {
            p.buf.push(' ');
        }
        p.print_arg(arg, 'v');
    }
    p.buf.push('\n');
    p.buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(format: &str, args: Vec<Value>) -> String {
        sprintf(format, &args)
    }

    #[test]
    fn integers() {
        assert_eq!(
            f("%5d|%-5d|%05d", vec![42.into(), 42.into(), 42.into()]),
            "   42|42   |00042"
        );
        assert_eq!(
            f(
                "%+d|% d|%x|%#x|%#o|%b",
                vec![
                    5.into(),
                    5.into(),
                    255.into(),
                    255.into(),
                    8.into(),
                    5.into()
                ]
            ),
            "+5| 5|ff|0xff|010|101"
        );
        assert_eq!(f("%05d", vec![(-42).into()]), "-0042");
        assert_eq!(f("%6.3d|", vec![(-7).into()]), "  -007|");
    }

    #[test]
    fn errors() {
        assert_eq!(f("%d", vec!["x".into()]), "%!d(string=x)");
        assert_eq!(f("%d %d", vec![1.into()]), "1 %!d(MISSING)");
        assert_eq!(f("%d", vec![1.into(), 2.into()]), "1%!(EXTRA int=2)");
        assert_eq!(f("%", vec![]), "%!(NOVERB)");
    }

    #[test]
    fn strings_and_floats() {
        assert_eq!(
            f("%q|%x|% X", vec!["a\"b".into(), "hi".into(), "hi".into()]),
            "\"a\\\"b\"|6869|68 69"
        );
        assert_eq!(
            f("%.2s|%5s|", vec!["héllo".into(), "é".into()]),
            "hé|    é|"
        );
        assert_eq!(super::super::goprint::hex_float(3.5, false), "0x1.cp+01");
        assert_eq!(sprint(&[1.into(), "a".into(), 2.into(), 3.into()]), "1a2 3");
    }

    #[test]
    fn never_panics() {
        let alphabet = [
            "%", "d", "v", "s", "q", "x", "e", "g", "#", "0", "+", "-", " ", "*", ".", "[", "]",
            "1", "2", "9", "é", "T", "U", "c",
        ];
        let args = [
            Value::from(-3),
            Value::from(2.5),
            Value::from("héllo"),
            Value::from(()),
            Value::from(vec![Value::from(1)]),
        ];
        for format in crate::funcs::convert::pseudo_strings(&alphabet, 3000, 12) {
            sprintf(&format, &args);
            sprintf(&format, &args[..1]);
        }
    }
}
