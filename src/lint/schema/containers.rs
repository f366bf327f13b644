//! Keywords of arrays and objects, which look into the items and members.

use serde_json::Value as J;

use super::evaluate::{Draft, Evaluator, Failure, Keywords, Kind, Val, member};
use super::keywords::{equals, to_json};
use crate::values::yaml::PathSeg;
use crate::values::{Map, Value};

fn count(schema: &J, keyword: &'static str, got: usize, path: &[PathSeg]) -> Option<Failure> {
    let limit = schema.keyword(keyword).and_then(J::as_u64)?;
    let broken = if keyword.starts_with("min") {
        (got as u64) < limit
    } else {
        got as u64 > limit
    };
    broken.then(|| {
        Evaluator::fail(
            path,
            Kind::Count {
                keyword,
                got,
                limit,
            },
        )
    })
}

impl<'a> Evaluator<'a> {
    /// `schema` applied to one member, its failures wrapped as one.
    fn child(
        &mut self,
        schema: &'a J,
        v: Val,
        path: &mut Vec<PathSeg>,
        seg: PathSeg,
    ) -> Option<Failure> {
        path.push(seg);
        let found = self.check(schema, v, path);
        let wrapped = Self::wrap(path, found);
        path.pop();
        wrapped
    }

    pub(super) fn arrays(
        &mut self,
        s: &'a J,
        items: &[Value],
        path: &mut Vec<PathSeg>,
    ) -> Vec<Failure> {
        let mut sizes: Vec<Failure> = ["minItems", "maxItems"]
            .into_iter()
            .filter_map(|k| count(s, k, items.len(), path))
            .collect();
        if s.keyword("uniqueItems") == Some(&J::Bool(true)) {
            // Helm 3 reports every repeated item, Helm 4 the first.
            let shown = if self.helm3() { usize::MAX } else { 1 };
            let repeats = duplicates(items).take(shown);
            sizes.extend(repeats.map(|(i, j)| Self::fail(path, Kind::Unique(i, j))));
        }
        let members = self.array_members(s, items, path);
        let contains = self.contains(s, items, path);
        let mut out = Vec::new();
        if self.helm3() {
            out.extend(members);
            out.extend(sizes);
        } else {
            out.extend(sizes);
            out.extend(members);
        }
        out.extend(contains);
        out
    }

    /// `items` (one schema, or a tuple up to draft 2019-09 and in Helm 3),
    /// `prefixItems` (2020-12) and `additionalItems`.
    fn array_members(
        &mut self,
        s: &'a J,
        items: &[Value],
        path: &mut Vec<PathSeg>,
    ) -> Vec<Failure> {
        let modern = !self.helm3() && self.draft >= Draft::D2020;
        let (tuple, rest): (&[J], Option<&'a J>) = match (s.keyword("items"), modern) {
            (Some(J::Array(t)), false) => (t, s.keyword("additionalItems")),
            (items, true) => (
                s.keyword("prefixItems")
                    .and_then(J::as_array)
                    .map_or(&[], Vec::as_slice),
                items,
            ),
            (items, false) => (&[], items),
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match tuple.get(i).or(rest) {
                Some(J::Bool(false)) if i >= tuple.len() && !tuple.is_empty() => {
                    out.push(Self::fail(path, Kind::AdditionalItems(items.len() - i)));
                    break;
                }
                Some(schema) => {
                    out.extend(self.child(schema, item.into(), path, PathSeg::Index(i)))
                }
                None => {}
            }
        }
        out
    }

    fn contains(&mut self, s: &'a J, items: &[Value], path: &mut Vec<PathSeg>) -> Option<Failure> {
        let schema = s.keyword("contains")?;
        let mut tries = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let before = self.passed;
            let failure = self.child(schema, item.into(), path, PathSeg::Index(i))?;
            tries.push((self.passed - before, failure));
        }
        let causes = self.pick(tries);
        Some(Failure {
            path: path.clone(),
            kind: Kind::Contains,
            causes,
        })
    }

    /// What a failed anyOf/oneOf/contains shows: Helm 3 the failures of the
    /// try that got furthest (the first on a tie), Helm 4 every try.
    pub(super) fn pick(&self, tries: Vec<(usize, Failure)>) -> Vec<Failure> {
        if !self.helm3() {
            return tries.into_iter().map(|(_, f)| f).collect();
        }
        let best = tries.iter().map(|(score, _)| *score).max();
        tries
            .into_iter()
            .find(|(score, _)| Some(*score) == best)
            .map(|(_, f)| vec![f])
            .unwrap_or_default()
    }

    pub(super) fn objects(&mut self, s: &'a J, m: &Map, path: &mut Vec<PathSeg>) -> Vec<Failure> {
        let mut out: Vec<Failure> = ["minProperties", "maxProperties"]
            .into_iter()
            .filter_map(|k| count(s, k, m.len(), path))
            .collect();
        let missing: Vec<String> = s
            .keyword("required")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
            .filter(|r| !m.contains_key(*r))
            .map(String::from)
            .collect();
        if !missing.is_empty() {
            out.push(Self::fail(path, Kind::Required(missing)));
        }
        if !self.helm3() {
            let found = self.dependencies(s, m, path);
            out.extend(found);
        }
        let (members, refused) = self.object_members(s, m, path);
        let names = self.property_names(s, m, path);
        if self.helm3() {
            out.extend(refused);
            out.extend(names);
            out.extend(members);
        } else {
            out.extend(members);
            out.extend(refused);
            out.extend(names);
        }
        out
    }

    /// `properties`, `patternProperties` and `additionalProperties`: the
    /// members' own failures, and the keys refused (or, for lint, undeclared).
    fn object_members(
        &mut self,
        s: &'a J,
        m: &Map,
        path: &mut Vec<PathSeg>,
    ) -> (Vec<Failure>, Vec<Failure>) {
        let props = s.keyword("properties").and_then(J::as_object);
        let patterns: Vec<(regex::Regex, &'a J)> = s
            .keyword("patternProperties")
            .and_then(J::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(p, sch)| regex::Regex::new(p).ok().map(|re| (re, sch)))
            .collect();
        let mut members = Vec::new();
        let mut matched = vec![false; m.len()];
        for (n, (k, v)) in m.iter().enumerate() {
            if let Some(sch) = props.and_then(|p| member(p, k)) {
                matched[n] = true;
                members.extend(self.child(sch, v.into(), path, PathSeg::Key(k.clone())));
            }
        }
        for (n, (k, v)) in m.iter().enumerate() {
            for (re, sch) in &patterns {
                if re.is_match(k) {
                    matched[n] = true;
                    members.extend(self.child(sch, v.into(), path, PathSeg::Key(k.clone())));
                }
            }
        }
        let extra: Vec<(&String, &Value)> = m
            .iter()
            .zip(&matched)
            .filter(|(_, known)| !**known)
            .map(|(kv, _)| kv)
            .collect();
        let known = || {
            props
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone())
                .collect()
        };
        let mut refused = Vec::new();
        match s.keyword("additionalProperties") {
            Some(J::Bool(false)) if !extra.is_empty() => refused.push(Self::fail(
                path,
                Kind::Additional {
                    keys: extra.iter().map(|(k, _)| (*k).clone()).collect(),
                    known: known(),
                },
            )),
            Some(sch @ J::Object(_)) => {
                for (k, v) in extra {
                    members.extend(self.child(sch, v.into(), path, PathSeg::Key(k.clone())));
                }
            }
            None if self.report_undeclared && props.is_some_and(|p| !p.is_empty()) => {
                for (k, _) in extra {
                    path.push(PathSeg::Key(k.clone()));
                    refused.push(Self::fail(
                        path,
                        Kind::Undeclared {
                            key: k.clone(),
                            known: known(),
                        },
                    ));
                    path.pop();
                }
            }
            _ => {}
        }
        (members, refused)
    }

    fn property_names(&mut self, s: &'a J, m: &Map, path: &[PathSeg]) -> Vec<Failure> {
        let Some(schema) = s.keyword("propertyNames") else {
            return Vec::new();
        };
        // Helm 4 places the name's failures at the root ('').
        let mut at = if self.helm3() {
            path.to_vec()
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        for k in m.keys() {
            let causes = self.check(schema, Val::String(k), &mut at);
            if !causes.is_empty() {
                out.push(Failure {
                    path: at.clone(),
                    kind: Kind::PropertyName(k.clone()),
                    causes,
                });
            }
        }
        out
    }

    /// `dependencies` (both forms) and, from draft 2019-09 in Helm 4,
    /// `dependentRequired`.
    pub(super) fn dependencies(
        &mut self,
        s: &'a J,
        m: &Map,
        path: &mut Vec<PathSeg>,
    ) -> Vec<Failure> {
        let mut out = Vec::new();
        let mut rules: Vec<(&String, &'a J)> = Vec::new();
        rules.extend(
            s.keyword("dependencies")
                .and_then(J::as_object)
                .into_iter()
                .flatten(),
        );
        if !self.helm3() && self.draft >= Draft::D2019 {
            rules.extend(
                s.keyword("dependentRequired")
                    .and_then(J::as_object)
                    .into_iter()
                    .flatten(),
            );
        }
        for (property, rule) in rules {
            if !m.contains_key(property) {
                continue;
            }
            match rule {
                J::Array(names) => {
                    let missing: Vec<String> = names
                        .iter()
                        .filter_map(J::as_str)
                        .filter(|n| !m.contains_key(*n))
                        .map(String::from)
                        .collect();
                    if !missing.is_empty() {
                        out.push(Self::fail(
                            path,
                            Kind::Dependency {
                                property: property.clone(),
                                missing,
                            },
                        ));
                    }
                }
                schema => {
                    let found = self.check(schema, Val::Map(m), path);
                    out.extend(found);
                }
            }
        }
        out
    }
}

/// Each item equal to an earlier one, with the latest such earlier one.
fn duplicates(items: &[Value]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let json: Vec<J> = items.iter().map(to_json).collect();
    (0..json.len()).filter_map(move |j| {
        (0..j)
            .rfind(|i| equals(&json[*i], (&items[j]).into()))
            .map(|i| (i, j))
    })
}
