//! The node table: what the compiled minijinja code refers to by number.
//!
//! Compiled templates call runtime functions with a node id as their first
//! argument. The id leads here, to the Go node's template, position and
//! printed form, so that every runtime error reads like Go's
//! (`template: x.yaml:3:12: executing "x.yaml" at <.Values.a.b>: ...`), and to
//! whatever the call needs that is fixed at compile time (field chains,
//! which arguments were literals).

use std::sync::{Arc, RwLock};

pub type NodeId = u32;

/// How a call argument was written, for Go's literal-versus-value rules.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgForm {
    /// An evaluated value (variable, pipeline).
    Value,
    /// A value read through a field chain (`.Values.x`, `$v.x`): Go's
    /// static type there is `interface {}`, which shows in its errors.
    Field,
    /// A number literal, with its source text.
    Number(String),
    /// A string literal, with its quoted source text.
    String(String),
    /// `true`, `false`.
    Bool(String),
    /// `nil`.
    Nil,
}

#[derive(Debug, Clone)]
pub struct Node {
    /// The file the node is in (Go's `ParseName`), for `NAME:LINE:COL`.
    pub file: Arc<str>,
    /// The template executing it (a file or a `define`), for `executing "NAME"`.
    pub template: Arc<str>,
    pub line: usize,
    pub col: usize,
    /// Go's `String()` of the node, shown as `at <...>`.
    pub text: String,
    pub data: NodeData,
}

#[derive(Debug, Clone)]
pub enum NodeData {
    /// A plain position (literals, pipelines).
    Plain,
    /// A chain of field names applied to a base value. `element_of` is the
    /// range (by its `_range` node) whose element the base is, if it is
    /// one: Go's static type of such a base may be `interface {}`, which
    /// its field errors name, where any other base has its own type.
    Fields {
        names: Vec<String>,
        element_of: Option<NodeId>,
    },
    /// A call: the function's name and, per argument, its form and the node
    /// Go was last "at" when that argument finished evaluating.
    /// `ident` is the function name's own node, where Go reports a wrong
    /// argument count. `args` are in Go's order, whatever `order` says.
    Call {
        name: String,
        ident: NodeId,
        args: Vec<(ArgForm, NodeId)>,
        order: ArgOrder,
    },
}

/// Where a call's piped value comes in the compiled argument list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArgOrder {
    /// Go's order: the piped value, if any, last.
    Go,
    /// The piped value first, so that it is evaluated before the written
    /// arguments, as Go evaluates it, when one of those can fail.
    PipedFirst,
}

/// All nodes of an engine. Append-only: `tpl` compiles while rendering.
#[derive(Debug, Default)]
pub struct NodeTable {
    nodes: RwLock<Vec<Arc<Node>>>,
}

impl NodeTable {
    pub fn push(&self, node: Node) -> NodeId {
        let mut nodes = self.nodes.write().unwrap_or_else(|e| e.into_inner());
        nodes.push(Arc::new(node));
        NodeId::try_from(nodes.len() - 1).expect("fewer than 2^32 nodes")
    }

    pub fn get(&self, id: NodeId) -> Arc<Node> {
        let nodes = self.nodes.read().unwrap_or_else(|e| e.into_inner());
        nodes[id as usize].clone()
    }
}
