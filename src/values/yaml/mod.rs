//! Reading YAML exactly as Helm does.
//!
//! Helm reads values (and Chart.yaml, and `fromYaml` input) with
//! sigs.k8s.io/yaml: go-yaml **v2** parses with YAML 1.1 scalar rules, the
//! result is converted to JSON and decoded with encoding/json. So `on` is
//! `true`, every number is a `float64`, keys are strings (`1:` becomes
//! `"1"`), anchors and `<<` merges are expanded, duplicate keys silently
//! keep the last value, and NaN or infinities are errors.
//!
//! Helm 3 reads only a values file's first document ([`parse_values`]);
//! Helm 4 splits the file on `---` lines and deep-merges every document
//! ([`load_values`]).
//!
//! saphyr-parser provides the events; go-yaml's node building
//! (`parse`), scalar resolution (`resolve`) and decoding plus the JSON
//! trip (`compose`) are reproduced here, and `lenient` bridges where
//! saphyr's YAML 1.2 validity differs from go-yaml's.

pub mod block;
mod compose;
mod error;
mod gofmt;
mod lenient;
mod load;
mod parse;
mod positions;
pub(crate) mod resolve;

pub use error::YamlError;
pub use load::load_values;
pub use positions::{Mark, PathSeg, Positions};

use crate::values::{Map, Value};
use compose::Composer;

/// Reads a values file as Helm 3's `chartutil.ReadValues` (and any
/// single `yaml.Unmarshal` into a map) does: an empty (or
/// comment-only, or null) document is an empty map, any other non-map
/// document is Helm's `cannot unmarshal ... into Go value of type
/// map[string]interface {}` error. Only the first document counts.
pub fn parse_values(file: &str, src: &str) -> Result<Value, YamlError> {
    values(file, src, false).map(|(v, _)| v)
}

/// Like [`parse_values`], also returning where each value was written.
pub fn parse_values_with_positions(file: &str, src: &str) -> Result<(Value, Positions), YamlError> {
    values(file, src, true)
}

/// Reads one YAML document of any shape (the first one of the stream),
/// with the same scalar rules as values; an empty document is `Null`.
pub fn parse_document(file: &str, src: &str) -> Result<Value, YamlError> {
    match block::read(src) {
        Some((value, _)) => Ok(value),
        None => full_document(file, src),
    }
}

/// [`parse_document`] by the full reader alone: the reference that the
/// fast block reader is tested against.
pub fn full_document(file: &str, src: &str) -> Result<Value, YamlError> {
    let tree = parse::parse(file, src, false)?;
    match tree.docs.first() {
        Some(&root) => with_stack(&tree, || {
            Composer::new(file, src, &tree, false).document(root)
        }),
        None => Ok(Value::Null),
    }
}

/// Reads every document of a `---`-separated stream.
pub fn parse_stream(file: &str, src: &str) -> Result<Vec<Value>, YamlError> {
    let tree = parse::parse(file, src, true)?;
    with_stack(&tree, || {
        tree.docs
            .iter()
            .map(|&root| Composer::new(file, src, &tree, false).document(root))
            .collect()
    })
}

fn values(file: &str, src: &str, with_positions: bool) -> Result<(Value, Positions), YamlError> {
    // The fast reader gives the full reader's values; errors and positions
    // are the full reader's alone.
    if !with_positions {
        match block::read(src) {
            Some((value @ Value::Map(_), _)) => return Ok((value, Positions::default())),
            Some((Value::Null, _)) => return Ok((Value::Map(Map::new()), Positions::default())),
            _ => {}
        }
    }
    let tree = parse::parse(file, src, false)?;
    let Some(&root) = tree.docs.first() else {
        return Ok((Value::Map(Map::new()), Positions::default()));
    };
    let mut composer = Composer::new(file, src, &tree, with_positions);
    let value = with_stack(&tree, || composer.document(root))?;
    let json_kind = match value {
        Value::Map(_) => return Ok((value, composer.into_positions())),
        Value::Null => return Ok((Value::Map(Map::new()), composer.into_positions())),
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Float(_) => "number",
    };
    let pos = tree.nodes[root].pos;
    let msg = format!(
        "json: cannot unmarshal {json_kind} into Go value of type map[string]interface {{}}"
    );
    Err(YamlError::from_json(file, pos.line, pos.col, msg))
}

/// Runs the (recursive) decoder; for deeply nested input (go-yaml allows
/// 10000 levels) on a thread whose stack fits the nesting, so the caller's
/// thread cannot overflow.
fn with_stack<T: Send>(tree: &parse::Tree<'_>, f: impl FnOnce() -> T + Send) -> T {
    const SHALLOW: usize = 128;
    if tree.depth <= SHALLOW {
        return f();
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size((1 << 20) + tree.depth * (16 << 10))
            .spawn_scoped(scope, f)
            .expect("spawn decoder thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
