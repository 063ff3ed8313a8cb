//! The literal automata behind the classifier: leftmost-first ones for
//! "is there any hit" over whole blocks (aho-corasick's SIMD prefilter works
//! with those), overlapping ones to learn every literal in a line, and the
//! separate set that selects level-gated rules' patterns.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::matching::LEVEL_ONLY;
use super::ruleset::Rule;

/// Level-gated rules and the literals that select which of their patterns
/// to try on a line that has a level hint.
#[derive(Debug)]
pub(crate) struct Gated {
    automaton: Option<AhoCorasick>,
    targets: Vec<Vec<(u32, u32)>>,
    /// Tried on every hinted line: level-only rules, patterns without literals.
    always: Vec<(u32, u32)>,
}

impl Gated {
    pub(crate) fn candidates(&self, lower: &[u8], out: &mut Vec<(u32, u32)>) {
        out.extend_from_slice(&self.always);
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(lower) {
                out.extend_from_slice(&self.targets[m.pattern().as_usize()]);
            }
        }
    }
}

#[derive(Default)]
pub(crate) struct GatedBuilder {
    literals: Vec<Vec<u8>>,
    targets: Vec<Vec<(u32, u32)>>,
    ids: HashMap<Vec<u8>, usize>,
    always: Vec<(u32, u32)>,
}

impl GatedBuilder {
    pub(crate) fn add_rule(&mut self, r: u32, rule: &Rule) {
        if rule.patterns.is_empty() {
            self.always.push((r, LEVEL_ONLY));
        }
        for (p, pattern) in rule.patterns.iter().enumerate() {
            let target = (r, p as u32);
            let Some(literals) = &pattern.literals else {
                self.always.push(target);
                continue;
            };
            for literal in literals {
                let id = *self.ids.entry(literal.clone()).or_insert_with(|| {
                    self.literals.push(literal.clone());
                    self.targets.push(Vec::new());
                    self.literals.len() - 1
                });
                self.targets[id].push(target);
            }
        }
    }

    pub(crate) fn build(self) -> Result<Gated, aho_corasick::BuildError> {
        let automaton = if self.literals.is_empty() {
            None
        } else {
            Some(build(&self.literals)?)
        };
        Ok(Gated {
            automaton,
            targets: self.targets,
            always: self.always,
        })
    }
}

/// An automaton for "is there any hit": leftmost-first semantics let
/// aho-corasick use its SIMD (Teddy) prefilter when there are few literals.
pub(crate) fn build_leftmost<P: AsRef<[u8]>>(
    literals: &[P],
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostFirst)
        .build(literals)
}

/// An automaton that can report overlapping hits (to learn every literal in a line).
pub(crate) fn build<P: AsRef<[u8]>>(
    literals: &[P],
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::Standard)
        .build(literals)
        // A DFA can exceed its size limit where the NFA still fits.
        .or_else(|_| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(literals)
        })
}
