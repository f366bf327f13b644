//! `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`: keywords that apply
//! further schemas to the same value.

use serde_json::Value as J;

use super::evaluate::{Evaluator, Failure, Keywords, Kind, Val};
use crate::values::yaml::PathSeg;

impl<'a> Evaluator<'a> {
    /// Helm 3 checks anyOf, oneOf, allOf, not, dependencies, if; Helm 4
    /// not, allOf, anyOf, oneOf, if (its dependencies go with the object
    /// keywords).
    pub(super) fn combinators(
        &mut self,
        s: &'a J,
        v: Val,
        path: &mut Vec<PathSeg>,
    ) -> Vec<Failure> {
        let mut out = Vec::new();
        if self.helm3() {
            out.extend(self.any_of(s, v, path));
            out.extend(self.one_of(s, v, path));
            out.extend(self.all_of(s, v, path));
            out.extend(self.not(s, v, path));
            if let Val::Map(m) = v {
                out.extend(self.dependencies(s, m, path));
            }
        } else {
            out.extend(self.not(s, v, path));
            out.extend(self.all_of(s, v, path));
            out.extend(self.any_of(s, v, path));
            out.extend(self.one_of(s, v, path));
        }
        out.extend(self.conditional(s, v, path));
        out
    }

    fn branches(s: &'a J, keyword: &str) -> &'a [J] {
        s.keyword(keyword)
            .and_then(J::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// Each branch's failures (wrapped as one) with how far it got.
    fn try_branches(
        &mut self,
        branches: &'a [J],
        v: Val,
        path: &mut Vec<PathSeg>,
    ) -> Vec<(usize, Option<Failure>)> {
        branches
            .iter()
            .map(|b| {
                let before = self.passed;
                let found = self.check(b, v, path);
                (self.passed - before, Self::wrap(path, found))
            })
            .collect()
    }

    fn with_causes(path: &[PathSeg], kind: Kind, causes: Vec<Failure>) -> Failure {
        Failure {
            path: path.to_vec(),
            kind,
            causes,
        }
    }

    fn all_of(&mut self, s: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Option<Failure> {
        let tries = self.try_branches(Self::branches(s, "allOf"), v, path);
        let causes: Vec<Failure> = tries.into_iter().filter_map(|(_, f)| f).collect();
        (!causes.is_empty()).then(|| Self::with_causes(path, Kind::AllOf, causes))
    }

    fn any_of(&mut self, s: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Option<Failure> {
        let branches = Self::branches(s, "anyOf");
        if branches.is_empty() {
            return None;
        }
        let tries = self.try_branches(branches, v, path);
        let failed: Option<Vec<(usize, Failure)>> = tries
            .into_iter()
            .map(|(score, f)| f.map(|f| (score, f)))
            .collect();
        let causes = self.pick(failed?);
        Some(Self::with_causes(path, Kind::AnyOf, causes))
    }

    fn one_of(&mut self, s: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Option<Failure> {
        let branches = Self::branches(s, "oneOf");
        if branches.is_empty() {
            return None;
        }
        let tries = self.try_branches(branches, v, path);
        let passed: Vec<usize> = (0..tries.len()).filter(|i| tries[*i].1.is_none()).collect();
        match passed[..] {
            [] => {
                let failed = tries
                    .into_iter()
                    .filter_map(|(score, f)| Some((score, f?)))
                    .collect();
                let causes = self.pick(failed);
                Some(Self::with_causes(path, Kind::OneOfNone, causes))
            }
            [_] => None,
            [first, second, ..] => Some(Self::fail(path, Kind::OneOfMany(first, second))),
        }
    }

    fn not(&mut self, s: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Option<Failure> {
        let schema = s.keyword("not")?;
        self.valid(schema, v, path)
            .then(|| Self::fail(path, Kind::Not))
    }

    /// Helm 3 reports which branch failed; Helm 4 only the branch's failures.
    fn conditional(&mut self, s: &'a J, v: Val, path: &mut Vec<PathSeg>) -> Vec<Failure> {
        let Some(condition) = s.keyword("if") else {
            return Vec::new();
        };
        let (kind, branch) = if self.valid(condition, v, path) {
            (Kind::Then, s.keyword("then"))
        } else {
            (Kind::Else, s.keyword("else"))
        };
        let Some(branch) = branch else {
            return Vec::new();
        };
        let found = self.check(branch, v, path);
        if found.is_empty() || !self.helm3() {
            return found;
        }
        vec![Self::with_causes(path, kind, found)]
    }
}
