//! Values: reading YAML the way Helm reads it, the `--set` family of flags,
//! and coalescing value layers (Helm's `pkg/chartutil` and `pkg/strvals`).

pub mod emit;
pub mod explain;
mod value;
pub mod yaml;

pub use value::{Map, Value};
pub mod coalesce;
pub mod dependencies;
pub mod layers;
pub mod strvals;
pub mod typed;
