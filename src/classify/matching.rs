//! Checking one rule against one line: patterns (never on the level word
//! for level-gated rules), the level condition, excludes; and `explain`,
//! which runs every rule without the prefilter.

use std::ops::Range;

use super::classifier::{Classifier, RuleMatch};
use super::duration::duration_ok;
use super::level::{LogLevel, detect_level_span};
use super::ruleset::Rule;

/// Marks a level-gated rule candidate that has no patterns of its own.
pub(crate) const LEVEL_ONLY: u32 = u32::MAX;

/// Per-rule outcome on one line, for `patterns test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The rule matches at this span.
    Matched(Range<usize>),
    /// A pattern matched, but the exclude pattern with this index vetoed it.
    Excluded(usize),
    /// A pattern matched, but the line's level is below the rule's `min_level`.
    LevelTooLow(Option<LogLevel>),
    /// A pattern matched, but the duration the line reports is below the
    /// rule's threshold (`[thresholds]`).
    BelowThreshold,
}

impl Classifier {
    /// Every rule's outcome on `line`, best first, without the prefilter:
    /// the ground truth `patterns test` shows and tests compare against.
    pub fn explain(&self, line: &[u8]) -> Vec<(usize, Outcome)> {
        let mut level = LevelCache::default();
        let mut out = Vec::new();
        for (index, rule) in self.rules().rules.iter().enumerate() {
            let all = if rule.patterns.is_empty() {
                vec![LEVEL_ONLY]
            } else {
                (0..rule.patterns.len() as u32).collect()
            };
            let Some(span) = first_match(rule, line, all.into_iter(), &mut level) else {
                continue;
            };
            let outcome = if !level_ok(rule, line, &mut level) {
                Outcome::LevelTooLow(level.get(line).map(|(l, _)| l))
            } else if let Some(ex) = excluded_by(rule, line) {
                Outcome::Excluded(ex)
            } else if !duration_ok(rule, line) {
                Outcome::BelowThreshold
            } else {
                Outcome::Matched(span)
            };
            out.push((index, outcome));
        }
        out
    }

    /// The winner on a single line, without the prefilter (for tests).
    pub fn classify_exhaustively(&self, line: &[u8]) -> Option<RuleMatch> {
        self.explain(line)
            .into_iter()
            .find_map(|(rule, outcome)| match outcome {
                Outcome::Matched(span) => Some(RuleMatch { rule, span }),
                _ => None,
            })
    }
}

/// The line's level, detected at most once per line.
#[derive(Default)]
pub(crate) struct LevelCache(Option<Option<(LogLevel, Range<usize>)>>);

impl LevelCache {
    pub(crate) fn get(&mut self, line: &[u8]) -> Option<(LogLevel, Range<usize>)> {
        self.0
            .get_or_insert_with(|| detect_level_span(line))
            .clone()
    }
}

/// The first pattern (of those listed; `u32::MAX` = level-only) that matches.
/// For a rule with `min_level`, a match lying on the level token itself
/// (`ERROR` for `errors?`) does not count: the message must say it.
pub(crate) fn first_match(
    rule: &Rule,
    line: &[u8],
    patterns: impl Iterator<Item = u32>,
    level: &mut LevelCache,
) -> Option<Range<usize>> {
    for p in patterns {
        if p == LEVEL_ONLY {
            return Some(0..line.len());
        }
        let regex = rule.patterns[p as usize].regex();
        if rule.min_level.is_none() {
            if let Some(m) = regex
                .find_iter(line)
                .find(|m| !counted_zero(line, m.start()))
            {
                return Some(m.range());
            }
            continue;
        }
        let token = level.get(line).map(|(_, span)| span);
        let outside = |m: &regex::bytes::Match<'_>| {
            token
                .as_ref()
                .is_none_or(|t| m.end() <= t.start || m.start() >= t.end)
        };
        if let Some(m) = regex
            .find_iter(line)
            .find(|m| outside(m) && !counted_zero(line, m.start()))
        {
            return Some(m.range());
        }
    }
    None
}

/// Whether the words at `at` are counted as none: `0 permission denied`,
/// `0 I/O errors` in a summary say nothing went wrong.
fn counted_zero(line: &[u8], at: usize) -> bool {
    let before = line[..at].trim_ascii_end();
    // A standalone 0 word right before (not `op=0`, `10`, `0.0`, `x:0`).
    before.len() < at
        && before.ends_with(b"0")
        && before[..before.len() - 1]
            .last()
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'(' | b'['))
}

pub(crate) fn level_ok(rule: &Rule, line: &[u8], cache: &mut LevelCache) -> bool {
    let Some(min) = rule.min_level else {
        return true;
    };
    cache.get(line).is_some_and(|(l, _)| l >= min)
}

pub(crate) fn excluded_by(rule: &Rule, line: &[u8]) -> Option<usize> {
    rule.excludes
        .iter()
        .position(|ex| ex.regex().is_match(line))
}

/// The hit at `at` (lowercased `" detail:  "` etc.) is upper case in the line,
/// as PostgreSQL writes it.
pub(crate) fn is_pg_secondary(line: &[u8], at: usize) -> bool {
    line.get(at + 1..)
        .and_then(|rest| rest.iter().position(|&b| b == b':').map(|n| &rest[..n]))
        .is_some_and(|word| word.iter().all(u8::is_ascii_uppercase))
}
