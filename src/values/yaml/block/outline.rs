//! Where the block reader saw each map entry and list item: recorded for
//! every node as it reads (one push, no path built), turned into
//! [`Positions`] only for the few documents the pass edits.

use std::borrow::Cow;

use crate::values::yaml::{Mark, PathSeg, Positions};

/// The marks of a document's entries and items, each linked to its parent,
/// in document order (a parent before its children).
#[derive(Debug, Default)]
pub struct Outline<'s> {
    entries: Vec<Entry<'s>>,
}

#[derive(Debug)]
struct Entry<'s> {
    /// The parent's id: 0 for the root, else 1 + its index in `entries`.
    parent: usize,
    seg: Seg<'s>,
    mark: Mark,
}

/// One step from a collection to an entry or item.
#[derive(Debug, Clone)]
pub enum Seg<'s> {
    Key(Cow<'s, str>),
    Index(usize),
}

impl Seg<'_> {
    fn owned(&self) -> PathSeg {
        match self {
            Seg::Key(k) => PathSeg::Key(k.to_string()),
            Seg::Index(i) => PathSeg::Index(*i),
        }
    }

    fn is(&self, seg: &PathSeg) -> bool {
        match (self, seg) {
            (Seg::Key(a), PathSeg::Key(b)) => a == b,
            (Seg::Index(a), PathSeg::Index(b)) => a == b,
            _ => false,
        }
    }
}

/// The id of the document's root node.
pub const ROOT: usize = 0;

impl<'s> Outline<'s> {
    /// Room for a document of `lines` lines (about one entry each).
    pub fn with_capacity(lines: usize) -> Self {
        Outline {
            entries: Vec::with_capacity(lines),
        }
    }

    /// Records an entry or item of the collection `parent` at 1-based
    /// `line` and `col`; returns its id.
    pub fn push(&mut self, parent: usize, seg: Seg<'s>, line: usize, col: usize) -> usize {
        self.entries.push(Entry {
            parent,
            seg,
            mark: Mark { line, col },
        });
        self.entries.len()
    }

    /// The positions of every entry and item whose parent's path is a
    /// prefix of `target` (the root has none): all that the pass looks up
    /// to edit the mapping at `target` or on the way to it. Paths are as
    /// [`Positions`] gives them from the full reader.
    pub fn positions(&self, target: &[PathSeg]) -> Positions {
        let mut positions = Positions::default();
        // Ids of the nodes at target[..d], for d = 0, 1, ...
        let mut chain = vec![ROOT];
        for (index, entry) in self.entries.iter().enumerate() {
            let Some(depth) = chain.iter().position(|&id| id == entry.parent) else {
                continue;
            };
            let mut path = target[..depth].to_vec();
            path.push(entry.seg.owned());
            positions.insert(&path, entry.mark);
            if chain.len() == depth + 1 && target.get(depth).is_some_and(|t| entry.seg.is(t)) {
                chain.push(index + 1);
            }
        }
        positions
    }
}
