//! Serializers that print a [`Value`](crate::values::Value) byte for byte as
//! Helm's template functions do.
//!
//! | Helm function | here | on error in Helm |
//! | --- | --- | --- |
//! | `toYaml` / `mustToYaml` (Helm 4 only) | [`to_yaml`] | `toYaml` prints "", `mustToYaml` fails |
//! | `toJson` / `mustToJson` | [`to_json`] | `toJson` prints "", `mustToJson` fails |
//! | `toPrettyJson` / `mustToPrettyJson` | [`to_pretty_json`] | "" / fails |
//! | `toRawJson` / `mustToRawJson` | [`to_raw_json`] | both fail (`toRawJson` panics) |
//! | `toYamlPretty` | [`to_yaml_pretty`] | prints ""; ours fails on what it does not reproduce |
//! | `toToml` | [`to_toml`] | prints the error text, see [`TomlError`] |
//!
//! Errors are Go's own `err.Error()` text; a template engine reports them as
//! `error calling <fn>: <text>`. Only NaN and ±Inf make JSON (and so YAML)
//! fail. [`go_format_float`] is Go's `strconv.FormatFloat`, shared with
//! `%v` printing.

mod float;
mod json;
mod toml;
mod yaml;
mod yaml_keys;
mod yaml_resolve;
mod yaml_scalar;

pub use float::go_format_float;
pub use json::{json_string, to_json, to_pretty_json, to_raw_json};
/// The JSON encoder's parts, for the template runtime's own value types.
pub mod json_parts {
    pub use super::json::{Style, write_array, write_object, write_value};
}
pub use toml::{HelmMajor, TomlError, to_toml};
pub use yaml::{to_yaml, to_yaml_pretty};
