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
    /// with `error calling NAME`.
    pub message: String,
    /// What a nested template (`include`) failed with. Shared, so that
    /// each enclosing `include` wraps its inner error without copying the
    /// chain (Helm's recursion limit builds chains thousands deep).
    pub cause: Option<Arc<Cause>>,
}

/// The error of a template run by `include`.
#[derive(Debug, Clone)]
pub enum Cause {
    Go(GoError),
    Text(String),
}

impl Cause {
    fn go_text(&self) -> String {
        match self {
            Cause::Go(e) => e.go_text(),
            Cause::Text(t) => t.clone(),
        }
    }

    fn helm4_text(&self) -> String {
        match self {
            Cause::Go(e) => e.helm4_text(),
            Cause::Text(t) => t.clone(),
        }
    }
}

impl GoError {
    pub fn exec(node: Arc<Node>, message: impl Into<String>) -> GoError {
        GoError {
            node,
            kind: GoErrorKind::Exec,
            message: message.into(),
            cause: None,
        }
    }

    /// Go's own text for the error.
    pub fn go_text(&self) -> String {
        let n = &self.node;
        let message = match self.kind {
            // Helm keeps only the message; Go names the function, which a
            // call node's text starts with.
            GoErrorKind::Fail => {
                let function = n.text.split_whitespace().next().unwrap_or_default();
                format!("error calling {function}: {}", self.message)
            }
            GoErrorKind::Exec => self.message.clone(),
        };
        let mut text = format!(
            "template: {}:{}:{}: executing \"{}\" at <{}>: {message}",
            n.file, n.line, n.col, n.template, n.text
        );
        if let Some(cause) = &self.cause {
            text.push_str(": ");
            text.push_str(&cause.go_text());
        }
        text
    }

    /// The deepest error of a chain of `include`s.
    fn innermost(&self) -> &GoError {
        match self.cause.as_deref() {
            Some(Cause::Go(inner)) => inner.innermost(),
            _ => self,
        }
    }

    /// Helm 4's layout: location, node, then the message, each on a line;
    /// when the innermost error is a function's own error, the whole chain
    /// stays on Go's single line.
    fn helm4_text(&self) -> String {
        let inner = self.innermost();
        if inner.cause.is_none() && inner.message.starts_with("error calling ") {
            return self.go_text();
        }
        let n = &self.node;
        let mut text = format!(
            "{}:{}:{}\n  executing \"{}\" at <{}>:\n    {}",
            n.file, n.line, n.col, n.template, n.text, self.message
        );
        if let Some(cause) = &self.cause {
            text.push_str(":\n");
            text.push_str(&cause.helm4_text());
        }
        text
    }

    /// How Helm prints it. `fail` and `required` become `execution error
    /// at (...)` at the outermost call; Helm 4 spreads an execution error
    /// over lines unless it is a function's own error.
    pub fn helm_message(&self, style: super::HelmCompat) -> String {
        let n = &self.node;
        match self.kind {
            GoErrorKind::Fail => format!(
                "execution error at ({}:{}:{}): {}",
                n.file, n.line, n.col, self.message
            ),
            GoErrorKind::Exec if style == super::HelmCompat::Helm4 => self.helm4_text(),
            GoErrorKind::Exec => self.go_text(),
        }
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
