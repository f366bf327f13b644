//! Reading values.schema.json. A chart's schema is read on every render,
//! and most of its bytes are annotations (`description`, `default`, ...)
//! that no check reads: the fast reading leaves them out of the schemas,
//! and falls back to reading the whole document wherever leaving them
//! out could show (a `$ref`, which may point anywhere, or a document
//! that is not one well-formed value, whose error must be serde_json's
//! own).

use std::cell::Cell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as J;

use super::evaluate::Dialect;

/// The document. Helm 3 reads the first JSON value and ignores what
/// follows; Helm 4 refuses trailing content. Go's wording is known for a
/// truncated document; other syntax errors are worded by serde_json.
/// A document that is UTF-8 throughout (any real one) is read as text:
/// checking it once is cheaper than checking each string in it.
pub fn parse(raw: &[u8], dialect: Dialect) -> Result<J, String> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return first_value(
            serde_json::Deserializer::from_slice(raw).into_iter(),
            dialect,
        );
    };
    if let Some(schema) = without_annotations(text) {
        return Ok(schema);
    }
    first_value(
        serde_json::Deserializer::from_str(text).into_iter(),
        dialect,
    )
}

fn first_value(
    mut values: impl Iterator<Item = serde_json::Result<J>>,
    dialect: Dialect,
) -> Result<J, String> {
    let first = match values.next() {
        Some(Ok(schema)) => schema,
        Some(Err(e)) if e.is_eof() => return Err("unexpected EOF".into()),
        None => return Err("unexpected EOF".into()),
        Some(Err(e)) => return Err(format!("values.schema.json is not valid JSON: {e}")),
    };
    if dialect == Dialect::Helm4 && values.next().is_some() {
        return Err("invalid character after top-level value".into());
    }
    Ok(first)
}

/// The document with its schemas' annotations left out, when it is one
/// well-formed value (what both Helm versions then read) and has no
/// `$ref` among its schemas.
fn without_annotations(text: &str) -> Option<J> {
    let refs = Cell::new(false);
    let mut reader = serde_json::Deserializer::from_str(text);
    let schema = Node {
        place: Holds::Schema,
        refs: &refs,
    }
    .deserialize(&mut reader)
    .ok()?;
    reader.end().ok()?;
    (!refs.get()).then_some(schema)
}

/// Keywords for people, which neither validator acts on. Should a
/// metaschema check (`helm4_wording::refused_keyword`) ever look at one,
/// it must leave this list.
const ANNOTATIONS: [&str; 8] = [
    "description",
    "title",
    "default",
    "examples",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// What a JSON value is, by where it stands: the keywords the walk over
/// subschemas (`super::walk`) and the evaluator descend into.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Holds {
    /// A schema: an object of keywords.
    Schema,
    /// `items`: a schema, or an array of them.
    Items,
    /// `allOf`, `anyOf`, `oneOf`, `prefixItems`: an array of schemas.
    List,
    /// `properties` and the like: an object of schemas by name.
    Members,
    /// Anything else, read whole.
    Plain,
}

pub(super) fn holds(keyword: &str) -> Holds {
    match keyword {
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas"
        | "dependencies" => Holds::Members,
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Holds::List,
        "items" => Holds::Items,
        "additionalItems"
        | "additionalProperties"
        | "not"
        | "if"
        | "then"
        | "else"
        | "contains"
        | "propertyNames" => Holds::Schema,
        _ => Holds::Plain,
    }
}

/// Reads one value standing at `place`; `refs` notes a `$ref` key.
#[derive(Clone, Copy)]
struct Node<'r> {
    place: Holds,
    refs: &'r Cell<bool>,
}

impl Node<'_> {
    fn at(self, place: Holds) -> Self {
        Node { place, ..self }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = J;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        match self.place {
            Holds::Plain => serde::Deserialize::deserialize(d),
            _ => d.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = J;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<J, E> {
        Ok(J::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<J, E> {
        Ok(J::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<J, E> {
        Ok(J::from(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<J, E> {
        Ok(J::from(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<J, E> {
        Ok(J::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<J, E> {
        Ok(J::String(s))
    }

    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<J, A::Error> {
        let each = match self.place {
            Holds::Items | Holds::List => self.at(Holds::Schema),
            _ => self.at(Holds::Plain),
        };
        let mut out = Vec::new();
        while let Some(item) = items.next_element_seed(each)? {
            out.push(item);
        }
        Ok(J::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<J, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            if key == "$ref" {
                self.refs.set(true);
            }
            let place = match self.place {
                Holds::Schema | Holds::Items if ANNOTATIONS.contains(&key.as_str()) => {
                    entries.next_value::<IgnoredAny>()?;
                    continue;
                }
                Holds::Schema | Holds::Items => holds(&key),
                Holds::Members => Holds::Schema,
                Holds::List | Holds::Plain => Holds::Plain,
            };
            let value = entries.next_value_seed(self.at(place))?;
            out.insert(key, value);
        }
        Ok(J::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> J {
        parse(text.as_bytes(), Dialect::Helm4).unwrap()
    }

    #[test]
    fn annotations_leave_schemas_but_not_names_or_values() {
        let schema = read(
            r#"{"title":"t","properties":{"default":{"description":"d","const":{"title":1}}},
                "items":[{"default":2}],"enum":[{"description":"kept"}]}"#,
        );
        let want: J = serde_json::from_str(
            r#"{"properties":{"default":{"const":{"title":1}}},"items":[{}],
                "enum":[{"description":"kept"}]}"#,
        )
        .unwrap();
        assert_eq!(schema, want);
    }

    #[test]
    fn a_ref_keeps_the_whole_document() {
        let text = r##"{"description":"d","properties":{"a":{"$ref":"#/description"}}}"##;
        assert_eq!(read(text), serde_json::from_str::<J>(text).unwrap());
    }
}
