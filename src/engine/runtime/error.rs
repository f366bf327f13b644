//! Runtime errors in Go's words.
//!
//! A [`GoError`] travels through minijinja as the source of a minijinja
//! error and is recovered at the top, where Helm's formatting is applied.

use std::fmt;
use std::sync::Arc;

use super::nodes::Node;

#[derive(Debug, Clone)]
pub enum GoErrorKind {
    /// A failure while executing the template at a node:
    /// `template: NAME:LINE:COL: executing "NAME" at <NODE>: MSG`.
    Exec,
    /// `fail` (and `required`): Helm reports these as
    /// `execution error at (NAME:LINE:COL): MSG`.
    Fail,
}

#[derive(Debug, Clone)]
pub struct GoError {
    pub node: Arc<Node>,
    pub kind: GoErrorKind,
    /// The message after the node: for function errors it already starts
    /// with `error calling NAME: `.
    pub message: String,
}

impl GoError {
    pub fn exec(node: Arc<Node>, message: impl Into<String>) -> GoError {
        GoError {
            node,
            kind: GoErrorKind::Exec,
            message: message.into(),
        }
    }

    /// Go's own text for the error.
    pub fn go_text(&self) -> String {
        let n = &self.node;
        format!(
            "template: {}:{}:{}: executing \"{}\" at <{}>: {}",
            n.template, n.line, n.col, n.template, n.text, self.message
        )
    }

    pub fn into_minijinja(self) -> minijinja::Error {
        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, "go template error")
            .with_source(self)
    }

    /// Finds the Go error inside a minijinja error chain.
    pub fn find(err: &minijinja::Error) -> Option<&GoError> {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
        while let Some(e) = source {
            if let Some(go) = e.downcast_ref::<GoError>() {
                return Some(go);
            }
            source = e.source();
        }
        None
    }
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.go_text())
    }
}

impl std::error::Error for GoError {}
