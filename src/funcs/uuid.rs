//! `uuidv4`: a random (version 4, RFC 4122 variant) UUID in the canonical
//! lower-case hyphenated form, drawn from the shared generator so
//! `DELTALLM_RENDER_SEED` makes it reproducible.

use minijinja::Value;

use super::Func;
use super::random::fill;

pub static FUNCS: &[Func] = &[Func {
    name: "uuidv4",
    params: &[],
    variadic: None,
    body: |_, _| Ok(Value::from(uuidv4())),
}];

pub fn uuidv4() -> String {
    let mut bytes = [0u8; 16];
    fill(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}
