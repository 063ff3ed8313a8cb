//! Which cluster a new line shape belongs to: the constants two lines
//! agree on, each weighted by how rare it is among the templates, and a
//! comparison given up as soon as a cluster cannot agree enough.

use super::mask::Token;
use super::{Cluster, ClusterId, MAX_CANDIDATES, TemplateMiner};

/// A candidate's agreement: (similarity, wildcards, cluster).
type Score = (f64, usize, ClusterId);

impl TemplateMiner {
    /// The cluster of the same length whose constants agree most with
    /// `tokens`, if it agrees enough; a wide cluster only when no ordinary
    /// one does.
    pub(super) fn best_match(
        &self,
        line: &str,
        tokens: &[Token],
        family: u64,
    ) -> Option<ClusterId> {
        let candidates = self.by_len.get(&tokens.len())?;
        let weights = LineWeights::new(self, line, tokens);
        let mut best: Option<Score> = None;
        let mut best_wide: Option<Score> = None;
        // The family's wide template is looked at even when newer
        // templates of its length push it out of the window.
        let wide = self.families.get(&family).and_then(|f| f.wide);
        // Bounded work per new shape, whatever the input: the newest
        // clusters of this length are the likeliest, and enough.
        let window = candidates.iter().rev().take(MAX_CANDIDATES);
        for &id in wide.iter().chain(window) {
            let Some(cluster) = self.clusters.get(&id) else {
                continue;
            };
            let Some((sim, wild)) = weights.agreement(cluster, line, tokens) else {
                continue;
            };
            let slot = if cluster.wide {
                &mut best_wide
            } else {
                &mut best
            };
            let better = slot.is_none_or(|(s, w, _)| sim > s || (sim == s && wild > w));
            if better {
                *slot = Some((sim, wild, id));
            }
        }
        let good = |b: Option<Score>| {
            b.filter(|(sim, _, _)| *sim >= self.similarity)
                .map(|(_, _, id)| id)
        };
        good(best).or_else(|| good(best_wide))
    }
}

/// What a new line's tokens weigh, worked out once for all candidates.
struct LineWeights<'a> {
    miner: &'a TemplateMiner,
    /// Each token's weight in the line (0 for a variable).
    own: Vec<f64>,
    /// What is left of `own` from each position on, to stop comparing
    /// once a cluster cannot agree enough.
    rest: Vec<f64>,
}

impl<'a> LineWeights<'a> {
    fn new(miner: &'a TemplateMiner, line: &str, tokens: &[Token]) -> Self {
        // Weights as if the line were one more cluster: a token in every
        // template weighs least, one in a single template most.
        let own = miner.line_weights(line, tokens);
        let mut rest = vec![0.0; own.len() + 1];
        for i in (0..own.len()).rev() {
            rest[i] = rest[i + 1] + own[i];
        }
        LineWeights { miner, own, rest }
    }

    /// What a constant weighs, by the templates holding it (`in_line`:
    /// counting the line as one of them).
    fn weight(&self, token: &str, in_line: bool) -> f64 {
        self.miner.weight_of(token, in_line)
    }

    /// Header fields (component, facility) say little of what happened.
    fn damp(&self, i: usize) -> f64 {
        self.miner.damp_at(i)
    }

    /// The line's similarity with `cluster` and the cluster's wildcards;
    /// `None` once it cannot agree enough.
    fn agreement(&self, cluster: &Cluster, line: &str, tokens: &[Token]) -> Option<(f64, usize)> {
        let (own, rest) = (&self.own, &self.rest);
        let (mut considered, mut equal, mut wild) = (0f64, 0f64, 0usize);
        for (i, (slot, token)) in cluster.tokens.iter().zip(tokens).enumerate() {
            let Some(t) = slot else {
                wild += 1;
                continue;
            };
            if token.variable {
                // A variable here hints that the position varies: it
                // costs half what the constant is worth.
                considered += self.weight(t, false) * 0.5 * self.damp(i);
            } else if token.is(line, t) {
                considered += own[i];
                equal += own[i];
            } else {
                // A differing word costs what the commoner of the two is
                // worth: a common one there (root) hints at a variable. In
                // the header, less: another component, same message.
                considered +=
                    (self.weight(t, false) * self.damp(i)).min(own[i]) * self.miner.differ_damp(i);
                let most = (equal + rest[i + 1]) / (considered + rest[i + 1]);
                if most < self.miner.similarity {
                    return None;
                }
            }
        }
        let sim = if considered <= f64::EPSILON {
            1.0
        } else {
            equal / considered
        };
        Some((sim, wild))
    }
}
