//! The reader's error type.
//!
//! Helm never shows a position-less "invalid YAML": it prints go-yaml's text
//! (`yaml: line 2: mapping values are not allowed in this context`) wrapped
//! by sigs.k8s.io/yaml. Callers need both our own precise position (for
//! lint and `file:line:col` diagnostics) and that exact Go text (to print
//! what Helm prints), so an error carries both.

use std::fmt;

/// A failure to read YAML, located in its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub file: String,
    /// 1-based line of the offending node or character.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// The problem in go-yaml's wording, without any prefix.
    pub message: String,
    /// The error text exactly as sigs.k8s.io/yaml's `Unmarshal` returns it
    /// under Helm 3 (e.g. `error converting YAML to JSON: yaml: line 2:
    /// did not find expected key`). Helm 4 prefixes it with `cannot
    /// unmarshal yaml document: `; Helm then wraps it further per caller
    /// (`cannot load values.yaml: ...`).
    pub go_error: String,
}

impl YamlError {
    /// An error from go-yaml itself (scanner, parser or decoder), whose
    /// Go text is `error converting YAML to JSON: yaml: [line N: ]msg`.
    ///
    /// `go_line` is the line go-yaml reports, which is not always the real
    /// one (see `parse::go_line`); 0 means go-yaml prints no line.
    pub(crate) fn yaml(file: &str, line: usize, col: usize, go_line: usize, msg: String) -> Self {
        let where_ = if go_line == 0 {
            String::new()
        } else {
            format!("line {go_line}: ")
        };
        YamlError {
            file: file.to_string(),
            line,
            col,
            go_error: format!("error converting YAML to JSON: yaml: {where_}{msg}"),
            message: msg,
        }
    }

    /// An error of the YAML-to-JSON conversion step (unsupported key type,
    /// NaN or infinity), which go-yaml parsed fine.
    pub(crate) fn to_json(file: &str, line: usize, col: usize, msg: String) -> Self {
        YamlError {
            file: file.to_string(),
            line,
            col,
            go_error: format!("error converting YAML to JSON: {msg}"),
            message: msg,
        }
    }

    /// An error of the final JSON-to-Go step (a values file that is not a map).
    pub(crate) fn from_json(file: &str, line: usize, col: usize, msg: String) -> Self {
        YamlError {
            file: file.to_string(),
            line,
            col,
            go_error: format!("error unmarshaling JSON: while decoding JSON: {msg}"),
            message: msg,
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for YamlError {}
