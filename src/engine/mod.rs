//! The template engine (Helm's `pkg/engine`): Go `text/template` source is
//! parsed by our own front end ([`parse`]), compiled to minijinja templates
//! ([`compile`]), and executed by minijinja against the [`runtime`], which
//! holds Go's value semantics.

pub mod parse;
pub mod runtime;
