//! Just enough DER to write certificates and keys field by field, and to
//! read the few fields we need back out of PEM input.
//!
//! Writing by hand (rather than through a certificate builder) is what lets
//! us lay out every field and extension exactly where Go's `x509` puts them.

pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const BOOLEAN: u8 = 0x01;
pub const UTF8_STRING: u8 = 0x0c;
pub const PRINTABLE_STRING: u8 = 0x13;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;

/// One tag-length-value.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// A constructed value from already-encoded parts.
pub fn cons(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes (minimal form).
pub fn uint(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude.iter().take_while(|&&b| b == 0).count();
    let digits = &magnitude[skip..];
    let mut content = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|&b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(digits);
    tlv(INTEGER, &content)
}

/// A BIT STRING holding whole bytes.
pub fn bits(bytes: &[u8]) -> Vec<u8> {
    tlv(BIT_STRING, &[&[0u8][..], bytes].concat())
}

/// An OBJECT IDENTIFIER from its dotted arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut content = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push(0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        content.extend(groups.iter().rev());
    }
    tlv(OID, &content)
}

/// The dotted form of an OID's content bytes, as Go prints it.
pub fn oid_text(content: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc = 0u64;
    for &b in content {
        acc = (acc << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.extend([first, acc - first * 40]);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// One decoded element.
#[derive(Clone, Copy)]
pub struct Element<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    /// The whole encoding, tag and length included.
    pub raw: &'a [u8],
}

/// Reads consecutive elements from a buffer.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { rest: bytes }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next element, if it is well formed (definite lengths only).
    pub fn next(&mut self) -> Option<Element<'a>> {
        let buf = self.rest;
        let (&tag, after_tag) = buf.split_first()?;
        let (&first, mut after_len) = after_tag.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 || after_len.len() < count {
                return None;
            }
            let (digits, rest) = after_len.split_at(count);
            after_len = rest;
            digits
                .iter()
                .fold(0usize, |acc, &d| (acc << 8) | usize::from(d))
        };
        if after_len.len() < len {
            return None;
        }
        let header = buf.len() - after_len.len();
        self.rest = &after_len[len..];
        Some(Element {
            tag,
            content: &after_len[..len],
            raw: &buf[..header + len],
        })
    }

    /// The next element if it has `tag`.
    pub fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        let saved = self.rest;
        match self.next() {
            Some(e) if e.tag == tag => Some(e.content),
            _ => {
                self.rest = saved;
                None
            }
        }
    }

    /// Skips the next element if it has `tag`; reports whether it did.
    pub fn skip_if(&mut self, tag: u8) -> bool {
        self.expect(tag).is_some()
    }
}

/// The content of `bytes` when it is exactly one element with `tag`.
pub fn only(bytes: &[u8], tag: u8) -> Option<&[u8]> {
    let mut r = Reader::new(bytes);
    let content = r.expect(tag)?;
    r.is_empty().then_some(content)
}

/// An INTEGER's magnitude, rejecting negative values.
pub fn unsigned(content: &[u8]) -> Option<&[u8]> {
    match content.first() {
        Some(b) if b & 0x80 == 0 => Some(content),
        _ => None,
    }
}
