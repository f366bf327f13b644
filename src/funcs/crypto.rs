//! Hashes: `sha256sum`, `adler32sum`.

use std::fmt::Write as _;

use minijinja::Value;
use sha2::{Digest, Sha256};

use super::{Ctx, FnResult, Func, Param};

pub static FUNCS: &[Func] = &[
    Func {
        name: "sha256sum",
        params: &[Param::String],
        variadic: None,
        body: sha256sum,
    },
    Func {
        name: "adler32sum",
        params: &[Param::String],
        variadic: None,
        body: adler32sum,
    },
];

fn sha256sum(_: &Ctx, args: Vec<Value>) -> FnResult {
    let digest = Sha256::digest(args[0].as_str().unwrap_or_default().as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        write!(hex, "{b:02x}").unwrap();
    }
    Ok(Value::from(hex))
}

/// Go's `hash/adler32` checksum, printed in decimal as sprig does.
fn adler32sum(_: &Ctx, args: Vec<Value>) -> FnResult {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in args[0].as_str().unwrap_or_default().as_bytes() {
        a = (a + u32::from(byte)) % MOD;
        b = (b + a) % MOD;
    }
    Ok(Value::from(i64::from((b << 16) | a)))
}
