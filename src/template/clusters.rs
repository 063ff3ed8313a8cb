//! How clusters grow: a new one is born for a line no cluster agrees
//! with, a line joining one turns where it differs into wildcards, and the
//! spread of constant tokens (what weighs them) follows both.

use super::mask::{Token, is_optional};
use super::{Cluster, ClusterId, TemplateMiner, bounds};

impl TemplateMiner {
    /// A line joins cluster `id`: positions where it differs become
    /// wildcards (their tokens' costs and spread given back). `how` says
    /// which line token each slot was aligned with when the lengths differ
    /// (a slot with none is optional: a wildcard); `None`: position by
    /// position.
    pub(super) fn merge(
        &mut self,
        id: ClusterId,
        line: &str,
        tokens: &[Token],
        how: Option<&[Option<usize>]>,
    ) {
        let Some(cluster) = self.clusters.get_mut(&id) else {
            return;
        };
        let mut dropped = Vec::new();
        for (j, slot) in cluster.tokens.iter_mut().enumerate() {
            let token = match how {
                Some(how) => how.get(j).copied().flatten().and_then(|i| tokens.get(i)),
                None => tokens.get(j),
            };
            let differs = |t: &str| token.is_none_or(|token| token.variable || !token.is(line, t));
            if slot.as_deref().is_some_and(differs) {
                dropped.extend(slot.take());
            }
        }
        dropped.retain(|token| {
            let still = cluster
                .tokens
                .iter()
                .any(|s| s.as_deref() == Some(&**token));
            if !still {
                let cost = bounds::token_bytes(token);
                cluster.bytes = cluster.bytes.saturating_sub(cost);
                self.bytes = self.bytes.saturating_sub(cost);
            }
            !still
        });
        for token in dropped {
            self.unspread(&token);
        }
        self.joined(id);
    }

    /// A line joined cluster `id`: it counts one more and is the newest used;
    /// a template with its second line is no longer a failed sibling.
    pub(super) fn joined(&mut self, id: ClusterId) {
        let Some(cluster) = self.clusters.get_mut(&id) else {
            return;
        };
        cluster.size += 1;
        cluster.last_used = self.clock;
        if cluster.size == 2 && !cluster.wide {
            let family = cluster.family;
            self.family_lost(family, id);
        }
    }

    /// One fewer template holds `token`.
    pub(super) fn unspread(&mut self, token: &str) {
        if let Some(n) = self.spread.get_mut(token) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.spread.remove(token);
            }
        }
    }

    /// A new cluster for the line, ordinary or (when its family keeps
    /// failing to generalise) wide.
    pub(super) fn birth(&mut self, line: &str, tokens: &[Token], family: u64) -> ClusterId {
        let mut template: Vec<Option<Box<str>>> = tokens
            .iter()
            .map(|t| (!t.variable).then(|| t.word(line).into()))
            .collect();
        let wide = self.generalise(&mut template, family);
        let id = self.next_id;
        self.next_id += 1;
        let mut seen: Vec<&str> = Vec::new();
        for token in template.iter().flatten() {
            if !seen.contains(&&**token) {
                seen.push(token);
                *self.spread.entry(token.clone()).or_default() += 1;
            }
        }
        let optional = tokens
            .iter()
            .take(64)
            .enumerate()
            .filter(|(_, t)| is_optional(t, line))
            .fold(0u64, |bits, (i, _)| bits | 1 << i);
        let bytes = bounds::cluster_bytes(&template);
        self.bytes += bytes;
        self.clusters.insert(
            id,
            Cluster {
                tokens: template,
                size: 1,
                last_used: self.clock,
                family,
                wide,
                bytes,
                optional,
            },
        );
        self.by_len.entry(tokens.len()).or_default().push(id);
        let entry = self.families.entry(family).or_default();
        if wide {
            entry.wide = Some(id);
            self.generalised += 1;
        } else if self.limits.generalise_after > 0 {
            entry.unconfirmed.push(id);
        }
        id
    }
}
