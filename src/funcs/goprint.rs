//! Go's `fmt` printing of one operand (`pp.printArg` and `fmt.fmt*`):
//! flags, width and precision applied to template values by Go type.
//! [`super::gofmt`] parses the format string and drives it.

use minijinja::Value;

use super::convert::format_float;
use super::goquote::{can_backquote, is_print, quote, quote_rune};
use crate::engine::runtime::print::{nested_address, refuse};
use crate::engine::runtime::value::{self, GoStruct, Kind, View, bytes_text, type_name, view};

/// One verb's flags, width and precision (Go's `fmt.fmtFlags` and friends).
#[derive(Default, Clone, Copy)]
pub(super) struct Flags {
    pub(super) sharp: bool,
    pub(super) zero: bool,
    pub(super) plus: bool,
    pub(super) minus: bool,
    pub(super) space: bool,
    /// `%#v`: Go-syntax form.
    pub(super) sharp_v: bool,
    /// `%+v`: struct fields with their names.
    pub(super) plus_v: bool,
    pub(super) wid: Option<usize>,
    pub(super) prec: Option<usize>,
}

/// An output buffer plus the flags of the verb being printed.
#[derive(Default)]
pub(super) struct Printer {
    pub(super) buf: String,
    pub(super) f: Flags,
}

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

impl Printer {
    fn padding(&mut self, n: usize) {
        let c = if self.f.zero { '0' } else { ' ' };
        self.buf.extend(std::iter::repeat_n(c, n));
    }

    /// Writes `s` padded to the width (counted in runes), left or right.
    fn pad(&mut self, s: &str) {
        let n = s.chars().count();
        let extra = self.f.wid.map_or(0, |w| w.saturating_sub(n));
        if self.f.minus {
            self.buf.push_str(s);
            self.buf.extend(std::iter::repeat_n(' ', extra));
        } else {
            self.padding(extra);
            self.buf.push_str(s);
        }
    }

    /// Pads with spaces even when the zero flag is set.
    fn pad_spaces(&mut self, s: &str) {
        let zero = std::mem::replace(&mut self.f.zero, false);
        self.pad(s);
        self.f.zero = zero;
    }

    /// A top-level operand (Go's `printArg`).
    pub(super) fn print_arg(&mut self, v: &Value, verb: char) {
        if matches!(view(v), View::Nil) {
            match verb {
                'T' | 'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb, v),
            }
            return;
        }
        if verb == 'T' {
            self.fmt_s(&type_name(v));
            return;
        }
        self.print_value(v, verb);
    }

    /// Go's `printValue`: inside slices and maps a nil item prints as
    /// `<nil>` whatever the verb (only a top-level nil gets `%!d(<nil>)`).
    fn print_value(&mut self, v: &Value, verb: char) {
        match view(v) {
            View::Nil | View::Other if self.f.sharp_v => self.buf.push_str("interface {}(nil)"),
            View::Nil | View::Other => self.buf.push_str("<nil>"),
            View::Bool(b) => match verb {
                't' | 'v' => self.pad(if b { "true" } else { "false" }),
                _ => self.bad_verb(verb, v),
            },
            View::Int(n) | View::Int64(n) => self.fmt_int(n.into(), verb, v),
            View::Uint64(n) => self.fmt_int(n.into(), verb, v),
            View::Float(x) => self.fmt_float_verb(x, verb, v),
            View::String(s) => self.fmt_string(s, verb, v),
            // Go prints a []byte as text for the string verbs.
            View::Struct(s) if s.as_bytes().is_some() && matches!(verb, 's' | 'q' | 'x' | 'X') => {
                let text = bytes_text(v).unwrap_or_default();
                self.fmt_string(&text, verb, v);
            }
            View::List(items) | View::TypedSlice(_, items) => {
                let (open, sep, close) = if self.f.sharp_v {
                    ("{", ", ", "}")
                } else {
                    ("[", " ", "]")
                };
                if self.f.sharp_v {
                    self.buf.push_str(&type_name(v));
                    if value::is_nil_slice(v) {
                        self.buf.push_str("(nil)");
                        return;
                    }
                }
                self.buf.push_str(open);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(sep);
                    }
                    if !nested_address(item, self.address_verb(verb), &mut self.buf) {
                        self.print_value(item, verb);
                    }
                }
                self.buf.push_str(close);
            }
            View::Map(m) => {
                let (open, sep, close) = if self.f.sharp_v {
                    ("{", ", ", "}")
                } else {
                    ("[", " ", "]")
                };
                self.buf.push_str(&if self.f.sharp_v {
                    type_name(v)
                } else {
                    "map".into()
                });
                self.buf.push_str(open);
                for (i, (k, item)) in m.read().iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(sep);
                    }
                    self.print_value(&Value::from(k.as_str()), verb);
                    self.buf.push(':');
                    if !nested_address(item, self.address_verb(verb), &mut self.buf) {
                        self.print_value(item, verb);
                    }
                }
                self.buf.push_str(close);
            }
            // Go applies the verb to each field (`%s` of a bool field is
            // `%!s(bool=false)`) and `%+v` names them.
            View::Struct(s)
                if !self.f.sharp_v
                    && let Some(fields) = s.printed_fields() =>
            {
                if s.kind() == Kind::Ptr {
                    self.buf.push('&');
                }
                self.buf.push('{');
                for (i, (name, item)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    if self.f.plus_v {
                        self.buf.push_str(name);
                        self.buf.push(':');
                    }
                    if !nested_address(item, self.address_verb(verb), &mut self.buf) {
                        self.print_value(item, verb);
                    }
                }
                self.buf.push('}');
            }
            View::Struct(s)
                if self.f.sharp_v
                    && let Some(fields) = s.printed_fields() =>
            {
                self.go_syntax_struct(s, &fields)
            }
            // A nil map (Helm 4's `.Chart.Annotations` when absent).
            View::Struct(s)
                if self.f.sharp_v
                    && s.kind() == Kind::Map
                    && s.entries().is_some_and(|e| e.is_empty()) =>
            {
                self.buf.push_str(&format!("{}(nil)", s.type_name()));
            }
            View::Struct(s) => s.fmt_go(&mut self.buf),
        }
    }

    /// The verb a nested pointer is printed with: `%#v` wraps the
    /// address in the pointer's type, which `nested_address` refuses.
    fn address_verb(&self, verb: char) -> char {
        if self.f.sharp_v { '#' } else { verb }
    }

    /// `%#v` of a struct: `&pkg.T{Name:"value", ...}`. Go writes a nil
    /// slice or map as `[]T(nil)` and an empty one as `[]T{}`; we do not
    /// keep the difference, so a struct holding an empty one is refused.
    fn go_syntax_struct(&mut self, s: &dyn GoStruct, fields: &[(&str, Value)]) {
        let empty_collection = |v: &Value| match view(v) {
            View::TypedSlice(_, items) => items.is_empty(),
            View::Map(m) => m.read().is_empty(),
            _ => false,
        };
        if fields.iter().any(|(_, v)| empty_collection(v)) {
            refuse(|| {
                format!(
                    "deltallm-render cannot print a {} with %#v: Go tells nil lists and maps from empty ones there, which it does not keep",
                    s.type_name()
                )
            });
        }
        let name = s.type_name();
        if let Some(target) = name.strip_prefix('*') {
            self.buf.push('&');
            self.buf.push_str(target);
        } else {
            self.buf.push_str(name);
        }
        self.buf.push('{');
        for (i, (field, item)) in fields.iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            self.buf.push_str(field);
            self.buf.push(':');
            // `%#v` writes a nested pointer as `(*T)(0xc…)`: refused.
            if !nested_address(item, '#', &mut self.buf) {
                self.print_value(item, 'v');
            }
        }
        self.buf.push('}');
    }

    /// `%!verb(type=value)` for an operand the verb does not fit.
    fn bad_verb(&mut self, verb: char, v: &Value) {
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        if matches!(view(v), View::Nil) {
            self.buf.push_str("<nil>");
        } else {
            self.buf.push_str(&type_name(v));
            self.buf.push('=');
            self.print_value(v, 'v');
        }
        self.buf.push(')');
    }

    /// Signed and unsigned integers (hence i128, which holds both).
    fn fmt_int(&mut self, n: i128, verb: char, v: &Value) {
        // Beyond int64 only a uint64 reaches here; its rune is invalid
        // either way, and `%U` of it is out of any real use.
        let small = i64::try_from(n).unwrap_or(i64::MAX);
        match verb {
            'v' | 'd' => self.fmt_integer(n, 10, verb, LOWER),
            'b' => self.fmt_integer(n, 2, verb, LOWER),
            'o' | 'O' => self.fmt_integer(n, 8, verb, LOWER),
            'x' => self.fmt_integer(n, 16, verb, LOWER),
            'X' => self.fmt_integer(n, 16, verb, UPPER),
            'c' => {
                let c = rune(small);
                self.pad(c.encode_utf8(&mut [0; 4]));
            }
            'q' => self.pad(&quote_rune(rune(small), self.f.plus)),
            'U' => self.fmt_unicode(small),
            _ => self.bad_verb(verb, v),
        }
    }

    /// Go's `fmtInteger`: precision is a minimum digit count, and the zero
    /// flag (without precision or `-`) pads digits to the width after the sign.
    fn fmt_integer(&mut self, n: i128, base: u64, verb: char, digits: &[u8; 16]) {
        let negative = n < 0;
        let mut u = n.unsigned_abs() as u64;
        let mut prec = 0;
        if let Some(p) = self.f.prec {
            prec = p;
            if p == 0 && u == 0 {
                let w = self.f.wid.unwrap_or(0);
                let zero = std::mem::replace(&mut self.f.zero, false);
                self.padding(w);
                self.f.zero = zero;
                return;
            }
        } else if let (true, false, Some(w)) = (self.f.zero, self.f.minus, self.f.wid) {
            prec = w;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        let mut rev: Vec<u8> = Vec::new();
        loop {
            rev.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while rev.len() < prec {
            rev.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => rev.extend_from_slice(b"b0"),
                8 if rev.last() != Some(&b'0') => rev.push(b'0'),
                16 => rev.extend_from_slice(&[digits[15] + (b'x' - b'f'), b'0']),
                _ => {}
            }
        }
        if verb == 'O' {
            rev.extend_from_slice(b"o0");
        }
        if negative {
            rev.push(b'-');
        } else if self.f.plus {
            rev.push(b'+');
        } else if self.f.space {
            rev.push(b' ');
        }
        rev.reverse();
        self.pad_spaces(&String::from_utf8(rev).unwrap_or_default());
    }

    /// `%U`: `U+0041`, with `#` also the quoted character when printable.
    fn fmt_unicode(&mut self, n: i64) {
        let width = self.f.prec.unwrap_or(4).max(4);
        let mut s = format!("U+{:0width$X}", n as u64);
        if self.f.sharp
            && let Some(c) = u32::try_from(n).ok().and_then(char::from_u32)
            && is_print(c)
        {
            s.push_str(&format!(" '{c}'"));
        }
        self.pad_spaces(&s);
    }

    fn fmt_float_verb(&mut self, x: f64, verb: char, v: &Value) {
        match verb {
            'v' => self.fmt_float(x, 'g', -1),
            'g' | 'G' | 'x' | 'X' | 'b' => self.fmt_float(x, verb, -1),
            'f' | 'e' | 'E' => self.fmt_float(x, verb, 6),
            'F' => self.fmt_float(x, 'f', 6),
            _ => self.bad_verb(verb, v),
        }
    }

    /// Go's `fmt.fmtFloat`: strconv's digits, then sign, `#` and padding.
    fn fmt_float(&mut self, x: f64, verb: char, default_prec: i32) {
        let prec = self.f.prec.map_or(default_prec, |p| p as i32);
        let formatted = match verb {
            'x' | 'X' => hex_float(x, verb == 'X'),
            'b' => binary_float(x),
            _ => format_float(x, verb as u8, prec),
        };
        let mut num = match formatted.strip_prefix(['-', '+']) {
            Some(rest) => format!("{}{rest}", &formatted[..1]),
            None => format!("+{formatted}"),
        };
        if self.f.space && num.starts_with('+') && !self.f.plus {
            num.replace_range(..1, " ");
        }
        if num[1..].starts_with(['I', 'N']) {
            if num[1..].starts_with('N') && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad_spaces(&num);
            return;
        }
        if self.f.sharp && verb != 'b' {
            num = sharp_float(&num, verb, prec);
        }
        if self.f.plus || !num.starts_with('+') {
            match self.f.wid {
                Some(w) if self.f.zero && w > num.len() => {
                    self.buf.push_str(&num[..1]);
                    self.padding(w - num.len());
                    self.buf.push_str(&num[1..]);
                }
                _ => self.pad(&num),
            }
            return;
        }
        self.pad(&num[1..]);
    }

    fn fmt_string(&mut self, s: &str, verb: char, v: &Value) {
        match verb {
            'v' if self.f.sharp_v => self.fmt_q(s),
            'v' | 's' => self.fmt_s(s),
            'x' => self.fmt_sx(s, LOWER),
            'X' => self.fmt_sx(s, UPPER),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, v),
        }
    }

    /// The string cut to the precision, counted in runes.
    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        match self.f.prec.and_then(|p| s.char_indices().nth(p)) {
            Some((at, _)) => &s[..at],
            None => s,
        }
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad(s);
    }

    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            self.pad(&format!("`{s}`"));
        } else {
            self.pad(&quote(s, self.f.plus));
        }
    }

    /// `%x` of a string: hex bytes, `% x` spaced, `%#x` with `0x`.
    fn fmt_sx(&mut self, s: &str, digits: &[u8; 16]) {
        let bytes = &s.as_bytes()[..self.f.prec.map_or(s.len(), |p| p.min(s.len()))];
        let mut out = String::new();
        let prefix = [b'0', digits[15] + (b'x' - b'f')];
        if self.f.sharp {
            out.push_str(std::str::from_utf8(&prefix).unwrap_or_default());
        }
        for (i, b) in bytes.iter().enumerate() {
            if self.f.space && i > 0 {
                out.push(' ');
                if self.f.sharp {
                    out.push_str(std::str::from_utf8(&prefix).unwrap_or_default());
                }
            }
            out.push(digits[(b >> 4) as usize] as char);
            out.push(digits[(b & 15) as usize] as char);
        }
        if bytes.is_empty() {
            out.clear();
        }
        let extra = self.f.wid.map_or(0, |w| w.saturating_sub(out.len()));
        if self.f.minus {
            self.buf.push_str(&out);
            self.buf.extend(std::iter::repeat_n(' ', extra));
        } else {
            self.padding(extra);
            self.buf.push_str(&out);
        }
    }
}

/// Go's `rune(n)` for `%c`/`%q`: out-of-range values become U+FFFD.
fn rune(n: i64) -> char {
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}')
}

/// `%#g` and friends keep the decimal point and, for `g`, pad with zeros
/// to the precision (6 when none is given).
fn sharp_float(num: &str, verb: char, prec: i32) -> String {
    let mut digits = match verb {
        'v' | 'g' | 'G' | 'x' | 'X' => {
            if prec == -1 {
                6
            } else {
                prec
            }
        }
        _ => 0,
    };
    let tail_marks: &[char] = if matches!(verb, 'x' | 'X') {
        &['p', 'P']
    } else {
        &['e', 'E', 'p', 'P']
    };
    let (mut body, tail) = match num[1..].find(tail_marks) {
        Some(i) => (num[..i + 1].to_owned(), num[i + 1..].to_owned()),
        None => (num.to_owned(), String::new()),
    };
    let mut seen_nonzero = false;
    for c in body[1..].chars().filter(|&c| c != '.') {
        seen_nonzero |= c != '0';
        if seen_nonzero {
            digits -= 1;
        }
    }
    if !body.contains('.') {
        if body.len() == 2 && body.ends_with('0') {
            digits -= 1;
        }
        body.push('.');
    }
    while digits > 0 {
        body.push('0');
        digits -= 1;
    }
    body + &tail
}

/// strconv's `'b'` format: the integer mantissa and binary exponent,
/// `6755399441055744p-52` for 1.5.
fn binary_float(x: f64) -> String {
    if !x.is_finite() {
        return format_float(x, b'g', -1);
    }
    let bits = x.to_bits();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (exp, frac) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp as i64 - 1075)
    };
    format!("{sign}{mant}p{}{e}", if e >= 0 { "+" } else { "" })
}

/// strconv's `'x'` format with the shortest exact mantissa: `0x1.cp+01`.
pub(super) fn hex_float(x: f64, upper: bool) -> String {
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_nan() || x.is_infinite() {
        return format_float(x, b'g', -1);
    }
    let bits = x.abs().to_bits();
    let (mut mant, mut exp) = ((bits & ((1 << 52) - 1)), ((bits >> 52) as i64));
    if exp == 0 && mant == 0 {
        let s = format!("{sign}0x0p+00");
        return if upper { s.to_ascii_uppercase() } else { s };
    }
    if exp == 0 {
        exp = 1;
        while mant & (1 << 52) == 0 {
            mant <<= 1;
            exp -= 1;
        }
        mant &= (1 << 52) - 1;
    }
    let frac = format!("{mant:013x}");
    let frac = frac.trim_end_matches('0');
    let e = exp - 1023;
    let s = format!(
        "{sign}0x1{}{frac}p{}{:02}",
        if frac.is_empty() { "" } else { "." },
        if e < 0 { '-' } else { '+' },
        e.abs()
    );
    if upper { s.to_ascii_uppercase() } else { s }
}
