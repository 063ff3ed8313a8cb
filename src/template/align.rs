//! Matching a line against templates of another length (or of its own,
//! with its parts elsewhere). Messages take
//! optional parts (a `*64` after a program name, a `(1.2 KB)` after a
//! size, a thread name of one or three words), so one message comes in
//! several token counts; compared only with templates of its own length,
//! each count would be a template of its own. When no template of its
//! length agrees, a line is aligned with the templates a few tokens longer
//! or shorter: a token left out costs what it weighs (a variable, nothing),
//! and the same similarity threshold decides.

use super::header::{HEADER_DIFFER, HEADER_WEIGHT};
use super::mask::{Token, is_optional};
use super::{Cluster, ClusterId, TemplateMiner};

/// Token counts looked at on each side of a line's own: two optional
/// parts at once. Leave-one-out on the Loghub samples (0, 1, 2, 3, 5):
/// every system the same GA from 1 to 5 (0: Linux +0.001); the synthetic
/// layouts the same from 1 to 5 and the bracketed-time one 0 at 0
/// (bench/synth_formats.py). The fewer, the less work per new shape.
pub(super) const LENGTH_SLACK: usize = 2;

/// Templates of other lengths one new line shape is aligned with, at most
/// (the newest of each length first): bounded work per new shape.
const MAX_ALIGNED: usize = 32;

/// For each template slot, the line token it was aligned with.
pub(super) type Alignment = Vec<Option<usize>>;

/// Step taken into a DP cell.
#[derive(Clone, Copy)]
enum Step {
    Pair,
    SkipToken,
    SkipSlot,
}

/// Running totals of one path: its objective, agreed weight, weight considered.
#[derive(Clone, Copy)]
struct Cell {
    score: f64,
    equal: f64,
    considered: f64,
    step: Step,
}

impl TemplateMiner {
    /// The template of another length (within [`LENGTH_SLACK`]) that agrees
    /// most with the line once aligned, if it agrees enough, and how.
    pub(super) fn best_aligned(
        &self,
        line: &str,
        tokens: &[Token],
    ) -> Option<(ClusterId, Alignment)> {
        let n = tokens.len();
        // Only bracketed variables may be left out: with none in the line
        // nor in a template, alignment cannot do better than position by
        // position (already tried), so most lines cost nothing here.
        let line_optional = tokens.iter().any(|t| is_optional(t, line));
        let mut own: Vec<f64> = Vec::new();
        let mut best: Option<(f64, ClusterId, Alignment)> = None;
        let mut budget = MAX_ALIGNED;
        // Its own length too: an optional part may sit elsewhere in it.
        for d in 0..=LENGTH_SLACK {
            let shorter = n.checked_sub(d).filter(|_| d > 0);
            for len in [Some(n + d), shorter].into_iter().flatten() {
                let Some(ids) = self.by_len.get(&len) else {
                    continue;
                };
                for &id in ids.iter().rev().take(budget.min(MAX_ALIGNED / 2)) {
                    budget -= 1;
                    let Some(cluster) = self.clusters.get(&id) else {
                        continue;
                    };
                    if cluster.wide || (!line_optional && cluster.optional == 0) {
                        continue;
                    }
                    if own.is_empty() {
                        own = self.line_weights(line, tokens);
                    }
                    if let Some((sim, how)) = self.align(cluster, line, tokens, &own)
                        && best.as_ref().is_none_or(|(s, _, _)| sim > *s)
                    {
                        best = Some((sim, id, how));
                    }
                }
                if budget == 0 {
                    break;
                }
            }
        }
        best.map(|(_, id, how)| (id, how))
    }

    /// Aligns the line with `cluster` (dynamic programming that keeps the
    /// path of most `equal - similarity * considered`: a path agrees
    /// enough exactly when that is not negative); the similarity and the
    /// alignment when it agrees enough.
    fn align(
        &self,
        cluster: &Cluster,
        line: &str,
        tokens: &[Token],
        own: &[f64],
    ) -> Option<(f64, Alignment)> {
        let (n, m) = (tokens.len(), cluster.tokens.len());
        let s = self.similarity;
        let slot_weight: Vec<f64> = cluster
            .tokens
            .iter()
            .enumerate()
            .map(|(j, t)| {
                t.as_deref()
                    .map_or(0.0, |t| self.weight_of(t, false) * self.damp_at(j))
            })
            .collect();
        let width = m + 1;
        let start = Cell {
            score: 0.0,
            equal: 0.0,
            considered: 0.0,
            step: Step::Pair,
        };
        let mut dp = vec![
            Cell {
                score: f64::NEG_INFINITY,
                ..start
            };
            (n + 1) * width
        ];
        dp[0] = start;
        let extend = |from: Cell, equal: f64, considered: f64, step: Step| Cell {
            score: from.score + equal - s * considered,
            equal: from.equal + equal,
            considered: from.considered + considered,
            step,
        };
        for i in 0..=n {
            for j in 0..=m {
                // Paths stay near the diagonal: the lengths differ little.
                if i.abs_diff(j) > LENGTH_SLACK + 1 || (i == 0 && j == 0) {
                    continue;
                }
                let mut cell = dp[i * width + j];
                if i > 0 && j > 0 {
                    let from = dp[(i - 1) * width + j - 1];
                    let token = &tokens[i - 1];
                    let (eq, cons) = match cluster.tokens[j - 1].as_deref() {
                        None => (0.0, 0.0),
                        Some(_) if token.variable => (0.0, slot_weight[j - 1] * 0.5),
                        Some(t) if token.is(line, t) => (own[i - 1], own[i - 1]),
                        Some(_) => (
                            0.0,
                            slot_weight[j - 1].min(own[i - 1]) * self.differ_damp(j - 1),
                        ),
                    };
                    let c = extend(from, eq, cons, Step::Pair);
                    if c.score > cell.score {
                        cell = c;
                    }
                }
                // Only bracketed variables are left out: messages that
                // differ by a word, or by a trailing `user=<*>`, are
                // different messages.
                if i > 0 && is_optional(&tokens[i - 1], line) {
                    let c = extend(dp[(i - 1) * width + j], 0.0, own[i - 1], Step::SkipToken);
                    if c.score > cell.score {
                        cell = c;
                    }
                }
                if j > 0 && j <= 64 && cluster.optional & (1 << (j - 1)) != 0 {
                    let c = extend(
                        dp[i * width + j - 1],
                        0.0,
                        slot_weight[j - 1],
                        Step::SkipSlot,
                    );
                    if c.score > cell.score {
                        cell = c;
                    }
                }
                dp[i * width + j] = cell;
            }
        }
        let end = dp[n * width + m];
        // Nothing agreed (all variables) says nothing: no alignment.
        if end.score < 0.0 || end.equal <= f64::EPSILON {
            return None;
        }
        let mut how = vec![None; m];
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            match dp[i * width + j].step {
                Step::Pair => {
                    how[j - 1] = Some(i - 1);
                    i -= 1;
                    j -= 1;
                }
                Step::SkipToken => i -= 1,
                Step::SkipSlot => j -= 1,
            }
        }
        Some((end.equal / end.considered, how))
    }

    /// Each token's weight in the line (0 for a variable).
    pub(super) fn line_weights(&self, line: &str, tokens: &[Token]) -> Vec<f64> {
        tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if t.variable {
                    0.0
                } else {
                    self.weight_of(&t.word(line), true) * self.damp_at(i)
                }
            })
            .collect()
    }

    /// What a constant weighs among the templates (`in_line`: counting the
    /// line being placed as one more holding it); see `matching`.
    pub(super) fn weight_of(&self, token: &str, in_line: bool) -> f64 {
        let total = (self.clusters.len() + 1) as f64;
        let spread = self.spread.get(token).copied().unwrap_or(0) + u32::from(in_line);
        (1.0 + total / f64::from(spread.max(1))).ln()
    }

    /// What a differing word costs at position `i`, beyond its weight:
    /// less in the header (see `header::HEADER_DIFFER`).
    pub(super) fn differ_damp(&self, i: usize) -> f64 {
        if i < self.header_len {
            HEADER_DIFFER
        } else {
            1.0
        }
    }

    /// Header fields weigh less (see `header`).
    pub(super) fn damp_at(&self, i: usize) -> f64 {
        if i < self.header_len {
            HEADER_WEIGHT
        } else {
            1.0
        }
    }
}
