//! Odds and ends of Helm's map: `hello`, `getHostByName`.

use minijinja::Value;

use super::{Func, Param};

pub static FUNCS: &[Func] = &[
    Func {
        name: "hello",
        params: &[],
        variadic: None,
        body: |_, _| Ok(Value::from("Hello!")),
    },
    // Helm replaces Sprig's DNS lookup with one that answers "" unless
    // `--enable-dns` is given; we never resolve names (renders must not
    // depend on the network), which is Helm's default.
    Func {
        name: "getHostByName",
        params: &[Param::String],
        variadic: None,
        body: |_, _| Ok(Value::from("")),
    },
];
