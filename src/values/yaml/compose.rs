//! Decoding the node tree into `Value`s the way Helm ends up holding them.
//!
//! Two Go steps are folded into one pass here: go-yaml v2 decoding into
//! `interface{}` (aliases re-decoded at each use, `<<` merges applied in
//! document order, its alias-bomb guard) and sigs.k8s.io/yaml's trip
//! through JSON (keys stringified, every number a `float64`, NaN and
//! infinities rejected). Errors come out in the order Go would hit them:
//! go-yaml's first, then key conversion, then JSON encoding.

use super::error::YamlError;
use super::gofmt::{float_key, scalar_syntax, value_syntax};
use super::parse::{Kind, Pos, Tree};
use super::positions::{Mark, PathSeg, Positions};
use super::resolve::{BINARY, MERGE, Scalar, resolve};
use crate::values::{Map, Value};

pub(crate) struct Composer<'t, 'a> {
    file: &'t str,
    src: &'a str,
    tree: &'t Tree<'a>,
    /// go-yaml's alias-bomb accounting (`decodeCount`, `aliasCount`, `aliasDepth`).
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    /// Alias nodes being expanded, to catch an anchor containing itself.
    expanding: Vec<usize>,
    /// The first key sigs.k8s.io/yaml cannot stringify; reported only if
    /// go-yaml itself decodes the whole document.
    bad_key: Option<YamlError>,
    /// The first NaN or infinity, which json.Marshal will refuse.
    non_finite: Option<Pos>,
    /// Filled only when positions were asked for.
    positions: Option<(Positions, Vec<PathSeg>)>,
}

type Result<T> = std::result::Result<T, YamlError>;

impl<'t, 'a> Composer<'t, 'a> {
    pub(crate) fn new(file: &'t str, src: &'a str, tree: &'t Tree<'a>, positions: bool) -> Self {
        Composer {
            file,
            src,
            tree,
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            expanding: Vec::new(),
            bad_key: None,
            non_finite: None,
            positions: positions.then(|| (Positions::default(), Vec::new())),
        }
    }

    /// Decodes one document root, then applies the JSON-trip checks.
    pub(crate) fn document(&mut self, root: usize) -> Result<Value> {
        self.decode_count += 1; // go-yaml's document node
        self.record(root);
        let value = self.node(root)?;
        if let Some(err) = self.bad_key.take() {
            return Err(err);
        }
        if let Some(pos) = self.non_finite {
            let msg = format!("json: unsupported value: {}", first_non_finite(&value));
            return Err(YamlError::to_json(self.file, pos.line, pos.col, msg));
        }
        Ok(value)
    }

    pub(crate) fn into_positions(self) -> Positions {
        self.positions.map(|(p, _)| p).unwrap_or_default()
    }

    fn fail(&self, pos: Pos, msg: String) -> YamlError {
        YamlError::yaml(self.file, pos.line, pos.col, 0, msg)
    }

    /// go-yaml's per-node bookkeeping at the top of `unmarshal`.
    fn count(&mut self, pos: Pos) -> Result<()> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(self.fail(pos, "document contains excessive aliasing".to_string()));
        }
        Ok(())
    }

    fn node(&mut self, id: usize) -> Result<Value> {
        let node = &self.tree.nodes[id];
        self.count(node.pos)?;
        match &node.kind {
            Kind::Scalar { .. } => {
                let s = self.scalar(id)?;
                Ok(self.scalar_value(s, id))
            }
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, &item) in items.iter().enumerate() {
                    self.push(PathSeg::Index(i), item);
                    out.push(self.node(item)?);
                    self.pop();
                }
                Ok(Value::List(out))
            }
            Kind::Map(_) => {
                let mut map = Map::new();
                self.map_into(id, &mut map)?;
                Ok(Value::Map(map))
            }
            Kind::Alias(target) => {
                let target = *target;
                self.alias(id, |c| c.node(target))
            }
        }
    }

    /// Expands an alias, refusing one that is inside its own anchor.
    fn alias<T>(&mut self, id: usize, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let pos = self.tree.nodes[id].pos;
        if self.expanding.contains(&id) {
            let name = alias_name(self.src, pos);
            return Err(self.fail(pos, format!("anchor '{name}' value contains itself")));
        }
        self.expanding.push(id);
        self.alias_depth += 1;
        let out = f(self);
        self.alias_depth -= 1;
        self.expanding.pop();
        out
    }

    /// A scalar node's typed value: quoted scalars are strings, others take
    /// the type their tag or text gives them; `!!binary` is base64-decoded.
    fn scalar(&self, id: usize) -> Result<Scalar> {
        let node = &self.tree.nodes[id];
        let Kind::Scalar {
            value,
            tag,
            implicit,
        } = &node.kind
        else {
            unreachable!("scalar() is called on scalar nodes");
        };
        if tag.is_empty() && !implicit {
            return Ok(Scalar::Str(None));
        }
        let resolved = resolve(tag, value).map_err(|m| self.fail(node.pos, m))?;
        if tag == BINARY {
            let bytes = decode_base64(value).ok_or_else(|| {
                self.fail(
                    node.pos,
                    "!!binary value contains invalid base64 data".to_string(),
                )
            })?;
            return Ok(Scalar::Str(Some(go_json_string(&bytes))));
        }
        Ok(resolved)
    }

    /// A scalar as it comes back from JSON: numbers become float64.
    fn scalar_value(&mut self, s: Scalar, id: usize) -> Value {
        let f = match s {
            Scalar::Null => return Value::Null,
            Scalar::Bool(b) => return Value::Bool(b),
            Scalar::Str(Some(s)) => return Value::String(s),
            Scalar::Str(None) => return Value::String(self.text(id).to_string()),
            Scalar::Int(i) => i as f64,
            Scalar::Uint(u) => u as f64,
            Scalar::Float(f) => f,
        };
        if !f.is_finite() && self.non_finite.is_none() {
            self.non_finite = Some(self.tree.nodes[id].pos);
        }
        Value::Float(f)
    }

    fn text(&self, id: usize) -> &str {
        match &self.tree.nodes[id].kind {
            Kind::Scalar { value, .. } => value,
            _ => "",
        }
    }

    /// Decodes a mapping node's entries into `map` (merges also use this to
    /// pour one mapping into another).
    fn map_into(&mut self, id: usize, map: &mut Map) -> Result<()> {
        let Kind::Map(items) = &self.tree.nodes[id].kind else {
            unreachable!("map_into() is called on mapping nodes");
        };
        for pair in items.chunks_exact(2) {
            let (k, v) = (pair[0], pair[1]);
            if self.is_merge(k) {
                self.merge(v, map)?;
                continue;
            }
            let Some(key) = self.key(k, v)? else { continue };
            let replacing = map.contains_key(&key);
            self.push(PathSeg::Key(key.clone()), k);
            if replacing && let Some((positions, path)) = &mut self.positions {
                positions.remove_below(path);
            }
            let value = self.node(v)?;
            self.pop();
            map.insert(key, value);
        }
        Ok(())
    }

    /// A merge key: `<<`, plain or tagged `!!merge`.
    fn is_merge(&self, k: usize) -> bool {
        match &self.tree.nodes[k].kind {
            Kind::Scalar {
                value,
                tag,
                implicit,
            } => value == "<<" && (*implicit || tag == MERGE),
            _ => false,
        }
    }

    /// A merge's value: a mapping, an alias of one, or a sequence of
    /// those (applied last to first, so earlier ones win).
    fn merge(&mut self, v: usize, map: &mut Map) -> Result<()> {
        let want_map = |c: &Self, id: usize| {
            c.fail(
                c.tree.nodes[id].pos,
                "map merge requires map or sequence of maps as the value".to_string(),
            )
        };
        let targets: Vec<usize> = match &self.tree.nodes[v].kind {
            Kind::Map(_) | Kind::Alias(_) => vec![v],
            Kind::Seq(items) => items.iter().rev().copied().collect(),
            Kind::Scalar { .. } => return Err(want_map(self, v)),
        };
        for t in targets {
            let node = &self.tree.nodes[t];
            self.count(node.pos)?;
            match node.kind {
                Kind::Map(_) => self.map_into(t, map)?,
                Kind::Alias(target) if matches!(self.tree.nodes[target].kind, Kind::Map(_)) => self
                    .alias(t, |c| {
                        c.count(c.tree.nodes[target].pos)?;
                        c.map_into(target, map)
                    })?,
                _ => return Err(want_map(self, t)),
            }
        }
        Ok(())
    }

    /// Decodes a key and stringifies it as sigs.k8s.io/yaml does. Keys it
    /// cannot convert (null, uint64) are remembered and skipped; collection
    /// keys fail at once, as in go-yaml.
    fn key(&mut self, k: usize, v: usize) -> Result<Option<String>> {
        let pos = self.tree.nodes[k].pos;
        // go-yaml decodes an alias key as its anchored node (never an alias).
        let id = match self.tree.nodes[k].kind {
            Kind::Alias(target) => target,
            _ => k,
        };
        if !matches!(self.tree.nodes[id].kind, Kind::Scalar { .. }) {
            // Decoded through `node` so that an anchor used as a key inside
            // itself is caught like any other self-containing alias.
            let shown = value_syntax(&self.node(k)?);
            return Err(self.fail(pos, format!("invalid map key: {shown}")));
        }
        self.count(pos)?;
        if id != k {
            self.count(self.tree.nodes[id].pos)?;
        }
        let s = self.scalar(id)?;
        let text = self.text(id);
        let key = match &s {
            Scalar::Str(Some(s)) => s.clone(),
            Scalar::Str(None) => text.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => float_key(*f),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null | Scalar::Uint(_) => {
                if self.bad_key.is_none() {
                    let ty = if s == Scalar::Null {
                        "%!s(<nil>)"
                    } else {
                        "uint64"
                    };
                    let shown_key = scalar_syntax(&s, text);
                    let shown_value = match self.tree.nodes[v].kind {
                        Kind::Scalar { .. } => {
                            let vs = self.scalar(v)?;
                            scalar_syntax(&vs, self.text(v))
                        }
                        _ => "...".to_string(),
                    };
                    let msg = format!(
                        "unsupported map key of type: {ty}, key: {shown_key}, value: {shown_value}"
                    );
                    self.bad_key = Some(YamlError::to_json(self.file, pos.line, pos.col, msg));
                }
                return Ok(None);
            }
        };
        Ok(Some(key))
    }

    fn push(&mut self, seg: PathSeg, at: usize) {
        if let Some((positions, path)) = &mut self.positions {
            path.push(seg);
            let pos = self.tree.nodes[at].pos;
            positions.insert(
                path,
                Mark {
                    line: pos.line,
                    col: pos.col,
                },
            );
        }
    }

    fn pop(&mut self) {
        if let Some((_, path)) = &mut self.positions {
            path.pop();
        }
    }

    fn record(&mut self, root: usize) {
        let pos = self.tree.nodes[root].pos;
        if let Some((positions, _)) = &mut self.positions {
            positions.insert(
                &[],
                Mark {
                    line: pos.line,
                    col: pos.col,
                },
            );
        }
    }
}

/// The share of decoded nodes that may come from alias expansion before
/// Helm refuses a document as an alias bomb: 99% for up to 400,000 decoded
/// nodes, 10% from 4,000,000 on, and on a straight line in between.
fn allowed_alias_ratio(decoded: usize) -> f64 {
    const SMALL: usize = 400_000;
    const LARGE: usize = 4_000_000;
    let along = decoded.saturating_sub(SMALL) as f64 / (LARGE - SMALL) as f64;
    if along >= 1.0 {
        0.10
    } else {
        0.99 - 0.89 * along
    }
}

/// The name of the alias at `pos` (its `*` is at `pos.index`).
fn alias_name(src: &str, pos: Pos) -> String {
    src.chars()
        .skip(pos.index + 1)
        .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
        .collect()
}

/// How json.Marshal names the first NaN or infinity, in its sorted-key order.
fn first_non_finite(v: &Value) -> &'static str {
    fn find(v: &Value) -> Option<&'static str> {
        match v {
            Value::Float(f) if f.is_nan() => Some("NaN"),
            Value::Float(f) if f.is_infinite() => Some(if *f > 0.0 { "+Inf" } else { "-Inf" }),
            Value::List(items) => items.iter().find_map(find),
            Value::Map(m) => m.values().find_map(find),
            _ => None,
        }
    }
    find(v).unwrap_or("NaN")
}

/// Go's `base64.StdEncoding.DecodeString`: padded standard alphabet, with
/// `\r` and `\n` ignored.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let sextet = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let chars: Vec<u8> = s.bytes().filter(|&c| c != b'\r' && c != b'\n').collect();
    if !chars.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let quads = chars.chunks_exact(4);
    let last = quads.len().saturating_sub(1);
    for (i, q) in quads.enumerate() {
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i != last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            n = n << 6 | sextet(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        // Go rejects non-zero bits left over in a padded quantum.
        if (pad == 1 && bytes[2] != 0) || (pad == 2 && bytes[1] != 0) {
            return None;
        }
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// Bytes as encoding/json writes a Go string: each byte that is not part
/// of valid UTF-8 becomes U+FFFD.
fn go_json_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for _ in chunk.invalid() {
            out.push('\u{FFFD}');
        }
    }
    out
}
