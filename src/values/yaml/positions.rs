//! Where each value of a parsed file was written, for `values --explain`
//! and lint messages that point at a line.

use std::collections::HashMap;

/// One step of a path into a value tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// A source position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// Source positions by path. A map entry is located at its key (that is
/// where a reader looks for `a.b`), a list item at the item, the root
/// (empty path) at the document's first node. Values that came through an
/// alias or a `<<` merge are located where they were written (inside the
/// anchored node), except the alias node itself, located at the alias.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    marks: HashMap<Vec<PathSeg>, Mark>,
}

impl Positions {
    /// The position of the value at `path`, if the file defined it.
    pub fn get(&self, path: &[PathSeg]) -> Option<Mark> {
        self.marks.get(path).copied()
    }

    /// Every recorded path and its position, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&[PathSeg], Mark)> {
        self.marks.iter().map(|(p, m)| (p.as_slice(), *m))
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    pub(crate) fn insert(&mut self, path: &[PathSeg], mark: Mark) {
        self.marks.insert(path.to_vec(), mark);
    }

    /// Forgets everything below `path`, whose value is being replaced (a
    /// duplicate key or a merge overriding it).
    pub(crate) fn remove_below(&mut self, path: &[PathSeg]) {
        self.marks
            .retain(|p, _| p.len() <= path.len() || !p.starts_with(path));
    }
}
