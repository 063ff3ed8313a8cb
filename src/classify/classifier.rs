//! The classifier: which rule, if any, a line matches.
//!
//! Two stages. A single Aho-Corasick automaton holding every rule's required
//! literals runs over ASCII-lowercased text (a whole read buffer at a time in
//! `scan`); a line with no hit cannot match any rule and costs nothing more.
//! On a line with hits, only the rules whose literals occurred are verified,
//! best priority first, and the first that matches (and is not excluded) wins.

use std::ops::Range;

use aho_corasick::{AhoCorasick, Input};

pub(crate) use super::gate::Hit;
use super::gate::LiteralGate;

use super::automata::{Gated, GatedBuilder};
use super::duration::duration_ok;
use super::level::{LogLevel, letter_level};
use super::literals::line_needs_full_check;
use super::matching::{LevelCache, excluded_by, first_match, is_pg_secondary, level_ok};
use super::ruleset::{Rule, RuleSet};
use targets::{LiteralTable, PG_SECONDARY, Target};

mod diagnostics;
mod targets;

/// A rule that matched a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    /// Index into [`RuleSet::rules`]; lower is better (rules are priority-sorted).
    pub rule: usize,
    /// Byte range of the match in the line (the whole line for level-only rules).
    pub span: Range<usize>,
}

/// What the classifier learned about one line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineVerdict {
    /// The winning rule, if any.
    pub best: Option<RuleMatch>,
    /// The line is a PostgreSQL secondary field line (DETAIL:, HINT:, ...).
    pub pg_secondary: bool,
}

/// Reusable buffers for classifying, so the hot path does not allocate.
#[derive(Debug, Default)]
pub struct Scratch {
    candidates: Vec<(u32, u32)>,
    hits: Vec<Hit>,
    lower: Vec<u8>,
}

/// Compiled rules plus the literal prefilters.
///
/// Rules with `min_level` are gated by the level instead of their words:
/// their patterns run only on lines where an ERROR-like level token was
/// found (upper-case words case-sensitively in the original text, delimited
/// forms such as `[error` in the lower-cased text, one-letter layouts by
/// shape). Their message words ("error", "failed") are common in ordinary
/// lines and would otherwise make most lines candidates.
#[derive(Debug)]
pub struct Classifier {
    rules: RuleSet,
    literals: LiteralGate,
    targets: Vec<Vec<Target>>,
    level_automaton: Option<AhoCorasick>,
    /// Patterns with no usable literal: tried on every line (slow; `patterns check` warns).
    unfiltered: Vec<(u32, u32)>,
    /// Level-gated rules, looked at only on lines with a level hint.
    gated: Gated,
    /// The lowest `min_level` of any rule (levels below it need no hint).
    gate: Option<LogLevel>,
}

impl Classifier {
    /// Builds the prefilters for `rules`. Fails only when the literal
    /// automaton would exceed its size limits (a pathologically huge rule file).
    pub fn new(rules: RuleSet) -> Result<Self, aho_corasick::BuildError> {
        let mut table = LiteralTable::default();
        let mut unfiltered = Vec::new();
        let mut gated = GatedBuilder::default();
        let mut gate: Option<LogLevel> = None;
        for (r, rule) in rules.rules.iter().enumerate() {
            let r = r as u32;
            if let Some(min) = rule.min_level {
                gate = Some(gate.map_or(min, |g| g.min(min)));
                gated.add_rule(r, rule);
                continue;
            }
            for (p, pattern) in rule.patterns.iter().enumerate() {
                let target = Target::Pattern {
                    rule: r,
                    pattern: p as u32,
                };
                match &pattern.literals {
                    Some(lits) => lits.iter().for_each(|l| table.add(l, target)),
                    None => unfiltered.push((r, p as u32)),
                }
            }
        }
        let level_automaton = match gate {
            Some(min) => Some(table.add_level_hints(min)?),
            None => None,
        };
        table.add_pg_secondary();
        let (literals, targets) = table.into_parts();
        Ok(Classifier {
            rules,
            literals: LiteralGate::new(&literals)?,
            targets,
            level_automaton,
            unfiltered,
            gated: gated.build()?,
            gate,
        })
    }

    /// The rules this classifier applies.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule at an index of [`RuleMatch::rule`].
    pub fn rule(&self, index: usize) -> &Rule {
        &self.rules.rules[index]
    }

    /// Start of the first literal hit in `lower[from..]` (lowercased text).
    pub fn next_hit(&self, lower: &[u8], from: usize) -> Option<usize> {
        self.literals.find(lower, from)
    }

    /// Every literal hit in `lower` (a lowercased block of `\n`-terminated
    /// lines), in order of where they end: what [`Classifier::classify_line`]
    /// would find line by line, found for the whole block at once.
    pub(crate) fn block_hits(&self, lower: &[u8], out: &mut Vec<Hit>) {
        self.literals.block_hits(lower, out);
    }

    /// Start of the first upper-case level token in `text[from..]` (original
    /// text), or `None` when no rule is gated by level.
    pub fn next_level_hit(&self, text: &[u8], from: usize) -> Option<usize> {
        self.level_automaton
            .as_ref()?
            .find(Input::new(text).span(from..text.len()))
            .map(|m| m.start())
    }

    /// True when a line must bypass the prefilter (see [`line_needs_full_check`]).
    pub fn needs_full_check(&self, text: &[u8]) -> bool {
        line_needs_full_check(text)
    }

    /// Classifies a line the prefilters flagged. `lower` must be `line`
    /// ASCII-lowercased; `level_hint` says an upper-case level token was seen.
    pub fn classify_line(
        &self,
        line: &[u8],
        lower: &[u8],
        level_hint: bool,
        scratch: &mut Scratch,
    ) -> LineVerdict {
        let mut hits = std::mem::take(&mut scratch.hits);
        hits.clear();
        self.literals
            .for_each_overlapping(lower, |hit| hits.push(hit));
        let verdict = self.classify_hit_line(line, lower, level_hint, &hits, 0, scratch);
        scratch.hits = hits;
        verdict
    }

    /// Classifies a line whose literal hits are known: `hits` from
    /// [`Classifier::block_hits`], their starts counted from `base`.
    pub(crate) fn classify_hit_line(
        &self,
        line: &[u8],
        lower: &[u8],
        level_hint: bool,
        hits: &[Hit],
        base: usize,
        scratch: &mut Scratch,
    ) -> LineVerdict {
        let mut verdict = LineVerdict::default();
        let mut level_hint = level_hint || self.letter_level_hint(line);
        scratch.candidates.clear();
        for hit in hits {
            let Some(start) = hit.start.checked_sub(base) else {
                continue;
            };
            for target in &self.targets[hit.literal] {
                match *target {
                    Target::Pattern { rule, pattern } => scratch.candidates.push((rule, pattern)),
                    Target::Level => level_hint = true,
                    Target::PgSecondary => verdict.pg_secondary |= is_pg_secondary(line, start),
                }
            }
        }
        verdict.best = self.verify(line, Some(lower), level_hint, scratch);
        verdict
    }

    /// Classifies a line no prefilter flagged: only patterns without
    /// literals and one-letter log levels (klog, logcat) can still match.
    /// Free when neither exists.
    pub fn classify_unhit_line(&self, line: &[u8], scratch: &mut Scratch) -> Option<RuleMatch> {
        let level_hint = self.letter_level_hint(line);
        if self.unfiltered.is_empty() && !level_hint {
            return None;
        }
        scratch.candidates.clear();
        self.verify(line, None, level_hint, scratch)
    }

    /// Classifies a line without trusting the prefilters (lines holding
    /// characters the literals leave out).
    pub fn classify_fully(&self, line: &[u8], scratch: &mut Scratch) -> LineVerdict {
        scratch.lower.clear();
        scratch.lower.extend_from_slice(line);
        scratch.lower.make_ascii_lowercase();
        let pg_secondary = PG_SECONDARY.iter().any(|marker| {
            memchr::memmem::find_iter(&scratch.lower, marker.as_bytes())
                .any(|at| is_pg_secondary(line, at))
        });
        LineVerdict {
            best: self.classify_exhaustively(line),
            pg_secondary,
        }
    }

    fn letter_level_hint(&self, line: &[u8]) -> bool {
        self.gate
            .is_some_and(|gate| letter_level(line).is_some_and(|l| l >= gate))
    }

    /// Verifies the candidates gathered so far (plus level-gated ones when
    /// `level_hint`); `lower` is the lowercased line if the caller has it.
    fn verify(
        &self,
        line: &[u8],
        lower: Option<&[u8]>,
        level_hint: bool,
        scratch: &mut Scratch,
    ) -> Option<RuleMatch> {
        let Scratch {
            candidates,
            lower: lower_buf,
            ..
        } = scratch;
        candidates.extend_from_slice(&self.unfiltered);
        if level_hint {
            let lower = lower.unwrap_or_else(|| {
                lower_buf.clear();
                lower_buf.extend_from_slice(line);
                lower_buf.make_ascii_lowercase();
                lower_buf
            });
            self.gated.candidates(lower, candidates);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut level = LevelCache::default();
        let mut i = 0;
        while i < candidates.len() {
            let rule_index = candidates[i].0;
            let end = candidates[i..]
                .iter()
                .position(|c| c.0 != rule_index)
                .map_or(candidates.len(), |n| i + n);
            let rule = &self.rules.rules[rule_index as usize];
            let patterns = candidates[i..end].iter().map(|c| c.1);
            if let Some(span) = first_match(rule, line, patterns, &mut level)
                && level_ok(rule, line, &mut level)
                && excluded_by(rule, line).is_none()
                && duration_ok(rule, line)
            {
                return Some(RuleMatch {
                    rule: rule_index as usize,
                    span,
                });
            }
            i = end;
        }
        None
    }
}
