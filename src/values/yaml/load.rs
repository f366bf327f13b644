//! Helm 4's `loader.LoadValues`: a values file may hold several YAML
//! documents, split textually by Kubernetes' `YAMLReader` and deep-merged.
//!
//! The split is line-based, not YAML-aware: every line starting with `---`
//! separates documents (and must be followed by nothing but a comment),
//! each line is re-terminated with `\n` (so CRLF becomes LF and a last line
//! gets its missing newline), and each chunk is parsed on its own, so error
//! lines in Go's text count from the chunk's first line.

use super::error::YamlError;
use super::parse_values;
use crate::values::{Map, Value};

/// Reads a values file as Helm 4 does; `go_error` holds the whole text
/// after Helm's `cannot load values.yaml: `.
pub fn load_values(file: &str, src: &str) -> Result<Value, YamlError> {
    let mut values = Map::new();
    let mut chunk = String::new();
    let mut chunk_line = 1; // 1-based line of the chunk's first line in `src`
    let mut lines = src.split_inclusive('\n').enumerate().peekable();
    loop {
        let next = lines.next();
        let is_separator = match next {
            Some((i, line)) if line.starts_with("---") => {
                let rest = line[3..].trim_matches(|c: char| {
                    c.is_ascii_whitespace() || c == '\u{85}' || c == '\u{a0}'
                });
                if !rest.is_empty() && !rest.starts_with('#') {
                    let msg = format!("invalid Yaml document separator: {rest}");
                    return Err(YamlError {
                        file: file.to_string(),
                        line: i + 1,
                        col: 4,
                        go_error: format!("error reading yaml document: {msg}"),
                        message: msg,
                    });
                }
                true
            }
            _ => false,
        };
        if is_separator || next.is_none() {
            if !chunk.is_empty() {
                let doc = parse_values(file, &chunk).map_err(|mut e| {
                    e.line += chunk_line - 1;
                    e.go_error = format!("cannot unmarshal yaml document: {}", e.go_error);
                    e
                })?;
                if let Value::Map(doc) = doc {
                    merge_maps(&mut values, doc);
                }
                chunk.clear();
            }
            match next {
                None => return Ok(Value::Map(values)),
                Some((i, _)) => chunk_line = i + 2,
            }
            continue;
        }
        let (_, line) = next.expect("checked above");
        // bufio.Reader.ReadLine drops "\n" or "\r\n"; LineReader adds "\n".
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        chunk.push_str(body);
        chunk.push('\n');
    }
}

/// Helm 4's `MergeMaps`: `b` wins, maps present on both sides merge.
fn merge_maps(a: &mut Map, b: Map) {
    for (k, v) in b {
        match (a.get_mut(&k), v) {
            (Some(Value::Map(old)), Value::Map(new)) => merge_maps(old, new),
            (_, v) => {
                a.insert(k, v);
            }
        }
    }
}
