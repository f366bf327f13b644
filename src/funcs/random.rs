//! Random strings and bytes: `randAlpha`, `randNumeric`, `randAlphaNum`,
//! `randAscii`, `randBytes`, and the generator every nondeterministic
//! function draws from.
//!
//! Helm draws from the operating system, so output changes on every run.
//! We do the same unless `DELTALLM_RENDER_SEED` is set: then one ChaCha20
//! stream seeded from its text feeds every random function in the process
//! (in call order), so a chart using `randAlphaNum`, `uuidv4`, `bcrypt` or
//! `genCA` renders the same bytes each time and can be snapshot-tested.

use std::sync::{Mutex, OnceLock};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use minijinja::Value;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

use super::{Ctx, FnResult, Func, Param};

/// The variable that makes random functions reproducible.
pub const SEED_VAR: &str = "DELTALLM_RENDER_SEED";

pub static FUNCS: &[Func] = &[
    Func {
        name: "randAlpha",
        params: &[Param::Int],
        variadic: None,
        body: |_, a| Ok(Value::from(rand_string(&a[0], ALPHA))),
    },
    Func {
        name: "randNumeric",
        params: &[Param::Int],
        variadic: None,
        body: |_, a| Ok(Value::from(rand_string(&a[0], DIGITS))),
    },
    Func {
        name: "randAlphaNum",
        params: &[Param::Int],
        variadic: None,
        body: |_, a| Ok(Value::from(rand_string(&a[0], ALNUM))),
    },
    Func {
        name: "randAscii",
        params: &[Param::Int],
        variadic: None,
        body: |_, a| Ok(Value::from(rand_string(&a[0], ASCII))),
    },
    Func {
        name: "randBytes",
        params: &[Param::Int],
        variadic: None,
        body: rand_bytes,
    },
];

pub const ALPHA: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub const DIGITS: &str = "0123456789";
pub const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// Printable ASCII, space through tilde.
pub const ASCII: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// Runs `f` with the process's generator: seeded from `DELTALLM_RENDER_SEED`
/// when set, from the operating system otherwise.
pub fn with_rng<T>(f: impl FnOnce(&mut ChaCha20Rng) -> T) -> T {
    static RNG: OnceLock<Mutex<ChaCha20Rng>> = OnceLock::new();
    let rng = RNG.get_or_init(|| {
        let seed: [u8; 32] = match std::env::var(SEED_VAR) {
            Ok(text) => Sha256::digest(text.as_bytes()).into(),
            Err(_) => {
                let mut s = [0u8; 32];
                getrandom::fill(&mut s).expect("the operating system's random source");
                s
            }
        };
        Mutex::new(ChaCha20Rng::from_seed(seed))
    });
    let mut guard = rng.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut guard)
}

/// Fills `buf` with random bytes.
pub fn fill(buf: &mut [u8]) {
    with_rng(|r| r.fill_bytes(buf));
}

/// A uniform index below `n` (rejection sampling, so no modulo bias).
pub fn below(n: u64) -> u64 {
    let zone = u64::MAX - u64::MAX % n;
    with_rng(|r| {
        loop {
            let x = r.next_u64();
            if x < zone {
                return x % n;
            }
        }
    })
}

/// Sprig's random strings: `count` characters of `alphabet`; a negative
/// count gives the empty string (Sprig drops the library's error).
fn rand_string(count: &Value, alphabet: &str) -> String {
    let n = count.as_i64().unwrap_or(0).max(0) as usize;
    let chars: Vec<char> = alphabet.chars().collect();
    (0..n)
        .map(|_| chars[below(chars.len() as u64) as usize])
        .collect()
}

fn rand_bytes(_: &Ctx, a: Vec<Value>) -> FnResult {
    let n = a[0].as_i64().unwrap_or(0);
    let n = usize::try_from(n).map_err(|_| "runtime error: makeslice: len out of range")?;
    let mut buf = vec![0u8; n];
    fill(&mut buf);
    Ok(Value::from(STANDARD.encode(&buf)))
}
