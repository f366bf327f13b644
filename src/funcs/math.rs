//! Sprig's math functions.
//!
//! Integer functions convert every operand with cast's `ToInt64` (so
//! `add "3" 4` is 7 and `add "x" 4` is 4) and return `int64`, wrapping on
//! overflow like Go. The `…f` functions `addf`/`subf`/`mulf`/`divf`/`add1f`
//! compute in decimal (shopspring/decimal), which is why `addf 0.1 0.2` is
//! exactly `0.3`; `maxf`/`minf` and `floor`/`ceil`/`round` use float64.

use minijinja::Value;

use super::convert::{to_float64, to_int64};
use super::random;
use super::strings::int;
use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::value::{self, Elem};

const A: Param = Param::Any;
const I: Param = Param::Int;

pub static FUNCS: &[Func] = &[
    Func {
        name: "add",
        params: &[],
        variadic: Some(A),
        body: |_, a| Ok(i64s(&a).fold(0i64, i64::wrapping_add).into_go()),
    },
    Func {
        name: "add1",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(to_int64(&a[0]).wrapping_add(1).into_go()),
    },
    Func {
        name: "sub",
        params: &[A, A],
        variadic: None,
        body: |_, a| Ok(to_int64(&a[0]).wrapping_sub(to_int64(&a[1])).into_go()),
    },
    Func {
        name: "mul",
        params: &[A],
        variadic: Some(A),
        body: |_, a| Ok(i64s(&a).fold(1i64, i64::wrapping_mul).into_go()),
    },
    Func {
        name: "div",
        params: &[A, A],
        variadic: None,
        body: |_, a| int_div(&a, i64::wrapping_div),
    },
    Func {
        name: "mod",
        params: &[A, A],
        variadic: None,
        body: |_, a| int_div(&a, i64::wrapping_rem),
    },
    Func {
        name: "max",
        params: &[A],
        variadic: Some(A),
        body: |_, a| Ok(i64s(&a).max().unwrap_or_default().into_go()),
    },
    Func {
        name: "biggest",
        params: &[A],
        variadic: Some(A),
        body: |_, a| Ok(i64s(&a).max().unwrap_or_default().into_go()),
    },
    Func {
        name: "min",
        params: &[A],
        variadic: Some(A),
        body: |_, a| Ok(i64s(&a).min().unwrap_or_default().into_go()),
    },
    Func {
        name: "floor",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(to_float64(&a[0]).floor().into()),
    },
    Func {
        name: "ceil",
        params: &[A],
        variadic: None,
        body: |_, a| Ok(to_float64(&a[0]).ceil().into()),
    },
    Func {
        name: "round",
        params: &[A, I],
        variadic: Some(Param::Float64),
        body: round,
    },
    Func {
        name: "addf",
        params: &[],
        variadic: Some(A),
        body: |_, a| decimal_fold(&a, Op::Add, 0.0),
    },
    Func {
        name: "add1f",
        params: &[A],
        variadic: None,
        body: |_, a| decimal_fold(&[a[0].clone(), 1.0.into()], Op::Add, 0.0),
    },
    Func {
        name: "subf",
        params: &[A],
        variadic: Some(A),
        body: |_, a| decimal_fold(&a, Op::Sub, f64::NAN),
    },
    Func {
        name: "mulf",
        params: &[A],
        variadic: Some(A),
        body: |_, a| decimal_fold(&a, Op::Mul, f64::NAN),
    },
    Func {
        name: "divf",
        params: &[A],
        variadic: Some(A),
        body: divf,
    },
    Func {
        name: "maxf",
        params: &[A],
        variadic: Some(A),
        body: |_, a| {
            Ok(a.iter()
                .map(to_float64)
                .fold(f64::NEG_INFINITY, f64::max)
                .into())
        },
    },
    Func {
        name: "minf",
        params: &[A],
        variadic: Some(A),
        body: |_, a| {
            Ok(a.iter()
                .map(to_float64)
                .fold(f64::INFINITY, f64::min)
                .into())
        },
    },
    Func {
        name: "until",
        params: &[I],
        variadic: None,
        body: |_, a| Ok(ints(until(int(&a[0])))),
    },
    Func {
        name: "untilStep",
        params: &[I, I, I],
        variadic: None,
        body: |_, a| Ok(ints(until_step(int(&a[0]), int(&a[1]), int(&a[2])))),
    },
    Func {
        name: "seq",
        params: &[],
        variadic: Some(I),
        body: seq,
    },
    Func {
        name: "randInt",
        params: &[I, I],
        variadic: None,
        body: rand_int,
    },
];

/// Sprig's integer results are Go `int64`.
trait IntoGo {
    fn into_go(self) -> Value;
}

impl IntoGo for i64 {
    fn into_go(self) -> Value {
        value::int64(self)
    }
}

fn i64s(a: &[Value]) -> impl Iterator<Item = i64> + '_ {
    a.iter().map(to_int64)
}

fn int_div(a: &[Value], op: fn(i64, i64) -> i64) -> FnResult {
    match to_int64(&a[1]) {
        0 => Err("runtime error: integer divide by zero".into()),
        d => Ok(op(to_int64(&a[0]), d).into_go()),
    }
}

/// Sprig's `round`: rounds up when the fraction at `places` reaches
/// `roundOn` (default .5), so negative halves round down (-2.5 → -3).
fn round(_: &Ctx, a: Vec<Value>) -> FnResult {
    let round_on = a.get(2).map_or(0.5, to_float64);
    let pow = 10f64.powf(int(&a[1]) as f64);
    let digit = pow * to_float64(&a[0]);
    let r = if digit.fract() >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    Ok((r / pow).into())
}

/// An exact decimal `m × 10^e`, enough of shopspring/decimal for Sprig.
#[derive(Clone, Copy)]
struct Dec {
    m: i128,
    e: i32,
}

impl Dec {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Option<Dec> {
        let s = format!("{f:e}");
        let (mant, exp) = s.split_once('e')?;
        let digits: String = mant.chars().filter(|c| *c != '.').collect();
        let frac_len = mant.split_once('.').map_or(0, |(_, fr)| fr.len()) as i32;
        Some(Dec {
            m: digits.parse().ok()?,
            e: exp.parse::<i32>().ok()? - frac_len,
        })
    }

    fn align(a: Dec, b: Dec) -> Option<(i128, i128, i32)> {
        let e = a.e.min(b.e);
        let scale = |d: Dec| {
            10i128
                .checked_pow((d.e - e) as u32)
                .and_then(|p| d.m.checked_mul(p))
        };
        Some((scale(a)?, scale(b)?, e))
    }

    fn add(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, e) = Dec::align(a, b)?;
        Some(Dec {
            m: x.checked_add(y)?,
            e,
        })
    }

    fn sub(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, e) = Dec::align(a, b)?;
        Some(Dec {
            m: x.checked_sub(y)?,
            e,
        })
    }

    fn mul(a: Dec, b: Dec) -> Option<Dec> {
        Some(Dec {
            m: a.m.checked_mul(b.m)?,
            e: a.e + b.e,
        })
    }

    /// `DivRound(b, 16)`: the quotient to 16 decimal places, halves away
    /// from zero.
    fn div(a: Dec, b: Dec) -> Option<Dec> {
        let shift = a.e - b.e + 16;
        let (num, den) = if shift >= 0 {
            (a.m.checked_mul(10i128.checked_pow(shift as u32)?)?, b.m)
        } else {
            (a.m, b.m.checked_mul(10i128.checked_pow((-shift) as u32)?)?)
        };
        let (q, r) = (num.checked_div(den)?, num.checked_rem(den)?);
        let away = (r.abs() * 2 >= den.abs()) as i128 * (num.signum() * den.signum());
        Some(Dec {
            m: q + away,
            e: -16,
        })
    }

    /// `Float64()`: the nearest float64.
    fn to_f64(self) -> f64 {
        format!("{}e{}", self.m, self.e).parse().unwrap_or(f64::NAN)
    }
}

/// The four decimal operations, with their float64 fallbacks.
#[derive(Clone, Copy)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn exact(self, a: Dec, b: Dec) -> Option<Dec> {
        match self {
            Op::Add => Dec::add(a, b),
            Op::Sub => Dec::sub(a, b),
            Op::Mul => Dec::mul(a, b),
            Op::Div => Dec::div(a, b),
        }
    }

    fn float(self, x: f64, y: f64) -> f64 {
        match self {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::Div => x / y,
        }
    }
}

/// Folds the operands in decimal; falls back to float64 arithmetic where
/// the exact value outgrows 128 bits. `empty` is the result with no operands.
fn decimal_fold(a: &[Value], op: Op, empty: f64) -> FnResult {
    let floats: Vec<f64> = a.iter().map(to_float64).collect();
    let Some((&first, rest)) = floats.split_first() else {
        return Ok(empty.into());
    };
    let exact = Dec::from_f64(first).and_then(|d| {
        rest.iter()
            .try_fold(d, |acc, &f| op.exact(acc, Dec::from_f64(f)?))
    });
    let value = match exact {
        Some(d) => d.to_f64(),
        None => rest.iter().fold(first, |acc, &f| op.float(acc, f)),
    };
    Ok(value.into())
}

fn divf(_: &Ctx, a: Vec<Value>) -> FnResult {
    if a[1..].iter().any(|v| to_float64(v) == 0.0) {
        return Err("decimal division by 0".into());
    }
    decimal_fold(&a, Op::Div, f64::NAN)
}

fn ints(items: Vec<i64>) -> Value {
    value::typed_slice(Elem::Int, items.into_iter().map(Value::from).collect())
}

/// Sprig's `untilStep`: counts from `start` towards `stop` (exclusive);
/// a step pointing away from `stop` gives nothing.
fn until_step(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let mut i = start;
    if stop < start {
        if step >= 0 {
            return out;
        }
        while i > stop {
            out.push(i);
            match i.checked_add(step) {
                Some(next) => i = next,
                None => break,
            }
        }
    } else {
        if step <= 0 {
            return out;
        }
        while i < stop {
            out.push(i);
            match i.checked_add(step) {
                Some(next) => i = next,
                None => break,
            }
        }
    }
    out
}

fn until(count: i64) -> Vec<i64> {
    until_step(0, count, if count < 0 { -1 } else { 1 })
}

/// Sprig's `seq`, shaped like GNU seq: `seq END`, `seq START END`,
/// `seq START STEP END`; the numbers are joined by spaces.
fn seq(_: &Ctx, a: Vec<Value>) -> FnResult {
    let p: Vec<i64> = a.iter().map(int).collect();
    let dir = |start: i64, end: i64| if end < start { -1 } else { 1 };
    let nums = match p[..] {
        [end] => until_step(1, end.saturating_add(dir(1, end)), dir(1, end)),
        [start, end] => until_step(start, end.saturating_add(dir(start, end)), dir(start, end)),
        [start, step, end] => {
            let d = dir(start, end);
            if d * step < 0 || (d < 0 && step == 0) {
                Vec::new()
            } else {
                until_step(start, end.saturating_add(d), step)
            }
        }
        _ => Vec::new(),
    };
    Ok(nums
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" ")
        .into())
}

/// `rand.Intn(max-min) + min`; Go panics when the range is empty. Drawn
/// from the shared generator, so `DELTALLM_RENDER_SEED` applies.
fn rand_int(_: &Ctx, a: Vec<Value>) -> FnResult {
    let (lo, hi) = (int(&a[0]), int(&a[1]));
    let span = u64::try_from(hi.wrapping_sub(lo))
        .ok()
        .filter(|&n| n > 0)
        .ok_or("invalid argument to Intn")?;
    Ok(Value::from(lo.wrapping_add(random::below(span) as i64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(op: fn(Dec, Dec) -> Option<Dec>, x: f64, y: f64) -> f64 {
        op(Dec::from_f64(x).unwrap(), Dec::from_f64(y).unwrap())
            .unwrap()
            .to_f64()
    }

    #[test]
    fn decimal_arithmetic() {
        assert_eq!(dec(Dec::add, 0.1, 0.2), 0.3);
        assert_eq!(dec(Dec::div, 1.0, 3.0), 0.3333333333333333);
        assert_eq!(dec(Dec::mul, 1.5, 6.0), 9.0);
        assert_eq!(until_step(10, 0, -3), vec![10, 7, 4, 1]);
    }
}
