//! Helm's function map: Go's template builtins, Sprig, and Helm's own.
//!
//! One file per family. Each family exports `FUNCS`, a table of [`Func`]s
//! with their Go signatures; the engine registers every entry as a
//! minijinja function, and the template parser asks [`lookup`] whether a
//! name exists (Go rejects unknown functions at parse time).

use std::collections::HashMap;
use std::sync::OnceLock;

pub use crate::engine::runtime::call::{Ctx, FnError, FnResult, Func, Param};

mod builtins;
mod casing;
mod certs;
mod convert;
mod crypto;
pub(crate) mod dates;
mod defaults;
mod dicts;
mod encoding;
mod env;
mod gofmt;
mod goprint;
mod goquote;
mod goregex;
mod helm;
mod lists;
mod math;
mod misc;
mod paths;
pub mod random;
mod regex;
pub mod semver;
mod stringlists;
mod strings;
mod types;
mod urls;
mod uuid;

/// Every family's table, in one list.
/// `misc::MISSING` comes first so that any real implementation replaces its
/// stand-in (later entries win when the map is built).
fn families() -> [&'static [Func]; 21] {
    [
        builtins::FUNCS,
        strings::FUNCS,
        stringlists::FUNCS,
        regex::FUNCS,
        defaults::FUNCS,
        lists::FUNCS,
        lists::PLAIN,
        dicts::FUNCS,
        math::FUNCS,
        types::FUNCS,
        encoding::FUNCS,
        paths::FUNCS,
        helm::FUNCS,
        crypto::FUNCS,
        semver::FUNCS,
        random::FUNCS,
        uuid::FUNCS,
        urls::FUNCS,
        misc::FUNCS,
        dates::FUNCS,
        certs::FUNCS,
    ]
}

/// The whole function map by name.
pub fn map() -> &'static HashMap<&'static str, &'static Func> {
    static MAP: OnceLock<HashMap<&'static str, &'static Func>> = OnceLock::new();
    MAP.get_or_init(|| {
        families()
            .into_iter()
            .flat_map(|family| family.iter())
            .map(|f| (f.name, f))
            .collect()
    })
}

/// `env` and `expandenv`: defined only for `--name-template` (see [`env`]).
pub use env::FUNCS as ENVIRONMENT;

/// The function `name` as the engine registers it (every map's functions).
pub fn registered(name: &str) -> Option<&'static Func> {
    lookup(name).or_else(|| ENVIRONMENT.iter().find(|f| f.name == name))
}

/// Whether Helm's `--name-template` map has `name`: Sprig's functions and
/// Go's builtins (so `env` and `expandenv`), without Helm's own additions.
pub fn defined_in_name_template(name: &str) -> bool {
    const HELM_ONLY: &[&str] = &[
        "fromJsonArray",
        "fromToml",
        "fromYaml",
        "fromYamlArray",
        "include",
        "lookup",
        "mustToYaml",
        "required",
        "toToml",
        "toYaml",
        "toYamlPretty",
        "tpl",
    ];
    registered(name).is_some() && !HELM_ONLY.contains(&name)
}

pub fn lookup(name: &str) -> Option<&'static Func> {
    map().get(name).copied()
}

/// Whether the given Helm's function map has `name`: the parser's question
/// (Go rejects unknown names at parse time). Helm 3.17's map lacks only
/// `mustToYaml`, which Helm 4 added.
pub fn defined(name: &str, compat: crate::engine::HelmCompat) -> bool {
    lookup(name).is_some() && !(compat == crate::engine::HelmCompat::Helm3 && name == "mustToYaml")
}
