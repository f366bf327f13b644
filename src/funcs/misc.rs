//! Odds and ends of Helm's map (`hello`, `getHostByName`), and stand-ins
//! for the functions Helm defines that we do not implement yet.
//!
//! A template naming a function outside our map would fail to parse with
//! Go's `function "x" not defined`, which wrongly suggests Helm lacks it.
//! The stand-ins make such templates parse, like Helm, and fail only when
//! the function actually runs, with an error that names it. [`MISSING`]
//! is registered before every other family, so a real implementation added
//! anywhere later replaces its stand-in without touching this file.

use minijinja::Value;

use super::{Ctx, FnResult, Func, Param};
use crate::engine::runtime::nodes::NodeData;

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

const fn missing(name: &'static str) -> Func {
    Func {
        name,
        params: &[],
        variadic: Some(Param::Any),
        body: unsupported,
    }
}

/// Names in Helm 3.17's or 4.1's function map (see COMPATIBILITY.md and
/// scripts/list-helm-functions.sh) that no family implements yet.
pub static MISSING: &[Func] = &[
    missing("genPrivateKey"),
    missing("genCA"),
    missing("genCAWithKey"),
    missing("genSelfSignedCert"),
    missing("genSelfSignedCertWithKey"),
    missing("genSignedCert"),
    missing("genSignedCertWithKey"),
    missing("buildCustomCert"),
];

fn unsupported(ctx: &Ctx, _: Vec<Value>) -> FnResult {
    let name = match &ctx.node.data {
        NodeData::Call { name, .. } => name.as_str(),
        _ => "?",
    };
    Err(format!("function {name:?} is not supported by deltallm-render").into())
}
