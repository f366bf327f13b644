//! Hashes and secrets: `sha1sum`, `sha256sum`, `sha512sum`, `adler32sum`,
//! `bcrypt`, `htpasswd`, `derivePassword`, `encryptAES`, `decryptAES`.
//!
//! Where Sprig turns a Go error into the function's *result* (bcrypt,
//! htpasswd, derivePassword), so do we: templates print that text. Salts
//! and IVs come from [`super::random`], so `DELTALLM_RENDER_SEED` makes them
//! reproducible.

use std::fmt::Write as _;

use minijinja::Value;
use sha2::{Digest, Sha256, Sha512};

use super::{Ctx, FnResult, Func, Param};

pub static FUNCS: &[Func] = &[
    Func {
        name: "sha1sum",
        params: &[Param::String],
        variadic: None,
        body: |_, a| Ok(Value::from(hex(&sha1::Sha1::digest(text(&a[0]))))),
    },
    Func {
        name: "sha256sum",
        params: &[Param::String],
        variadic: None,
        body: sha256sum,
    },
    Func {
        name: "sha512sum",
        params: &[Param::String],
        variadic: None,
        body: |_, a| Ok(Value::from(hex(&Sha512::digest(text(&a[0]))))),
    },
    Func {
        name: "bcrypt",
        params: &[Param::String],
        variadic: None,
        body: |_, a| Ok(Value::from(secrets::bcrypt_or_message(text(&a[0])))),
    },
    Func {
        name: "htpasswd",
        params: &[Param::String, Param::String],
        variadic: None,
        body: secrets::htpasswd,
    },
    Func {
        name: "derivePassword",
        params: &[
            Param::Uint32,
            Param::String,
            Param::String,
            Param::String,
            Param::String,
        ],
        variadic: None,
        body: secrets::derive_password,
    },
    Func {
        name: "encryptAES",
        params: &[Param::String, Param::String],
        variadic: None,
        body: secrets::encrypt_aes,
    },
    Func {
        name: "decryptAES",
        params: &[Param::String, Param::String],
        variadic: None,
        body: secrets::decrypt_aes,
    },
    Func {
        name: "adler32sum",
        params: &[Param::String],
        variadic: None,
        body: adler32sum,
    },
];

mod secrets;

fn text(v: &Value) -> &[u8] {
    v.as_str().unwrap_or_default().as_bytes()
}

/// Lower-case hex, as Go's `hex.EncodeToString`.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        write!(out, "{b:02x}").unwrap();
    }
    out
}

fn sha256sum(_: &Ctx, args: Vec<Value>) -> FnResult {
    Ok(Value::from(hex(&Sha256::digest(text(&args[0])))))
}

/// Go's `hash/adler32` checksum, printed in decimal as sprig does.
fn adler32sum(_: &Ctx, args: Vec<Value>) -> FnResult {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in args[0].as_str().unwrap_or_default().as_bytes() {
        a = (a + u32::from(byte)) % MOD;
        b = (b + a) % MOD;
    }
    // Sprig returns the checksum as decimal text.
    Ok(Value::from(((b << 16) | a).to_string()))
}
