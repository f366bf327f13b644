//! Sprig's base64 and base32 functions (checksums are in `crypto`).
//! Decoding failures are not errors:
//! Sprig returns Go's error text as the result (`illegal base64 data at
//! input byte 4`), so the decoders below reproduce where Go's decoders
//! give up.

use minijinja::Value;

use super::strings::s;
use super::{Ctx, FnResult, Func, Param};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub static FUNCS: &[Func] = &[
    Func {
        name: "b64enc",
        params: &[Param::String],
        variadic: None,
        body: |_, a| Ok(encode(s(&a[0]).as_bytes(), B64, 6).into()),
    },
    Func {
        name: "b64dec",
        params: &[Param::String],
        variadic: None,
        body: b64dec,
    },
    Func {
        name: "b32enc",
        params: &[Param::String],
        variadic: None,
        body: |_, a| Ok(encode(s(&a[0]).as_bytes(), B32, 5).into()),
    },
    Func {
        name: "b32dec",
        params: &[Param::String],
        variadic: None,
        body: b32dec,
    },
];

/// Standard padded encoding with `bits` bits per symbol.
fn encode(data: &[u8], alphabet: &[u8], bits: u32) -> String {
    let mut out = String::new();
    let (mut acc, mut n) = (0u32, 0u32);
    for &b in data {
        acc = (acc << 8) | u32::from(b);
        n += 8;
        while n >= bits {
            n -= bits;
            out.push(alphabet[((acc >> n) & ((1 << bits) - 1)) as usize] as char);
        }
    }
    if n > 0 {
        out.push(alphabet[((acc << (bits - n)) & ((1 << bits) - 1)) as usize] as char);
    }
    let quantum = if bits == 6 { 4 } else { 8 };
    while !out.len().is_multiple_of(quantum) {
        out.push('=');
    }
    out
}

fn symbol(alphabet: &[u8], c: u8) -> Option<u32> {
    alphabet.iter().position(|&a| a == c).map(|p| p as u32)
}

fn illegal(kind: &str, at: usize) -> String {
    format!("illegal {kind} data at input byte {at}")
}

/// Packs `syms` symbols of `bits` bits into whole bytes.
fn pack(syms: &[u32], bits: u32, out: &mut Vec<u8>) {
    let total = syms.len() as u32 * bits;
    let mut acc: u64 = 0;
    for &v in syms {
        acc = (acc << bits) | u64::from(v);
    }
    for k in 0..total / 8 {
        out.push((acc >> (total - 8 * (k + 1))) as u8);
    }
}

/// Go's `base64.StdEncoding.DecodeString`, quantum by quantum; CR and LF
/// are skipped wherever they appear.
fn b64_decode(src: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut si = 0;
    while si < src.len() {
        let mut syms = Vec::with_capacity(4);
        let mut trailing = None;
        while syms.len() < 4 {
            let Some(&c) = src.get(si) else {
                match syms.len() {
                    0 => return Ok(out),
                    j => return Err(illegal("base64", si - j)),
                }
            };
            si += 1;
            if let Some(v) = symbol(B64, c) {
                syms.push(v);
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || syms.len() < 2 {
                return Err(illegal("base64", si - 1));
            }
            let skip_newlines = |mut i: usize| {
                while i < src.len() && matches!(src[i], b'\n' | b'\r') {
                    i += 1;
                }
                i
            };
            if syms.len() == 2 {
                si = skip_newlines(si);
                if si == src.len() {
                    return Err(illegal("base64", src.len()));
                }
                if src[si] != b'=' {
                    return Err(illegal("base64", si - 1));
                }
                si += 1;
            }
            si = skip_newlines(si);
            if si < src.len() {
                trailing = Some(si);
            }
            break;
        }
        let n = syms.len();
        syms.resize(4, 0);
        let mut quantum = Vec::new();
        pack(&syms, 6, &mut quantum);
        out.extend_from_slice(&quantum[..n - 1]);
        if let Some(at) = trailing {
            return Err(illegal("base64", at));
        }
        if n < 4 {
            break;
        }
    }
    Ok(out)
}

/// Go's `base32.StdEncoding.DecodeString` (newlines are removed first).
fn b32_decode(text: &[u8]) -> Result<Vec<u8>, String> {
    let src: Vec<u8> = text
        .iter()
        .copied()
        .filter(|c| !matches!(c, b'\n' | b'\r'))
        .collect();
    let olen = src.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < olen {
        let mut syms = Vec::with_capacity(8);
        let mut end = false;
        while syms.len() < 8 {
            let j = syms.len();
            let Some(&c) = src.get(i) else {
                return Err(illegal("base32", i - j));
            };
            i += 1;
            let left = olen - i;
            if c == b'=' && j >= 2 && left < 8 {
                if left + j < 7 {
                    return Err(illegal("base32", olen));
                }
                if let Some(k) = (0..7 - j).find(|&k| src.get(i + k).is_some_and(|&p| p != b'=')) {
                    return Err(illegal("base32", i + k - 1));
                }
                if matches!(j, 1 | 3 | 6) {
                    return Err(illegal("base32", i - 1));
                }
                end = true;
                break;
            }
            syms.push(symbol(B32, c).ok_or_else(|| illegal("base32", i - 1))?);
        }
        let n = syms.len();
        syms.resize(8, 0);
        let mut quantum = Vec::new();
        pack(&syms, 5, &mut quantum);
        out.extend_from_slice(&quantum[..n * 5 / 8]);
        if end {
            break;
        }
    }
    Ok(out)
}

/// The decoded bytes as text, or Go's error text in their place.
fn shown(result: Result<Vec<u8>, String>) -> Value {
    match result {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned().into(),
        Err(e) => e.into(),
    }
}

fn b64dec(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(shown(b64_decode(s(&a[0]).as_bytes())))
}

fn b32dec(_: &Ctx, a: Vec<Value>) -> FnResult {
    Ok(shown(b32_decode(s(&a[0]).as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_errors() {
        assert_eq!(encode(b"hello", B64, 6), "aGVsbG8=");
        assert_eq!(encode(b"hello", B32, 5), "NBSWY3DP");
        assert_eq!(b64_decode(b"aGk=\n"), Ok(b"hi".to_vec()));
        assert_eq!(b64_decode(b"aGVsbG8"), Err(illegal("base64", 4)));
        assert_eq!(b64_decode(b"YQ==YQ=="), Err(illegal("base64", 4)));
        assert_eq!(b32_decode(b"NBSWY3D"), Err(illegal("base32", 0)));
        assert_eq!(b32_decode(b"MFRGG==="), Ok(b"abc".to_vec()));
    }
}
