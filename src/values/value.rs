//! The data model every value layer is read into.
//!
//! It mirrors what Helm holds after reading values: go-yaml output pushed
//! through JSON, so every number from a file is a `float64`, while `--set`
//! produces `int64` for integers. Keeping the two apart is what lets the
//! engine print `1e+06` where Helm does and report `typeOf` exactly.

use std::collections::BTreeMap;

/// A Go map as Helm holds it. Go maps are unordered; everything Helm prints
/// from them (`toYaml`, `toJson`, `%v`, `range`) sorts keys by byte order,
/// which is exactly `BTreeMap<String, _>` order.
pub type Map = BTreeMap<String, Value>;

/// One value of `.Values`, typed as Go holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Value {
    /// Go `nil`.
    #[default]
    Null,
    Bool(bool),
    /// Go `int64`: integers from `--set`.
    Int(i64),
    /// Go `float64`: every number read from YAML or JSON.
    Float(f64),
    String(String),
    /// Go `[]interface{}`.
    List(Vec<Value>),
    /// Go `map[string]interface{}`.
    Map(Map),
}

impl Value {
    /// The Go type name as `typeOf` prints it.
    pub fn go_type(&self) -> &'static str {
        match self {
            Value::Null => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int64",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}
