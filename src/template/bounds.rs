//! Keeping the miner within its limits: templates are counted and their
//! bytes estimated; beyond either limit the least recently used go first
//! (those the caller asks to keep, last), down to 15/16 of the limits so
//! the cost of finding them is shared by many lines.

use super::family::Family;
use super::{Cluster, ClusterId, TemplateMiner};

/// Bounds on a miner's memory, and its give-up rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinerLimits {
    /// Templates held at most.
    pub templates: usize,
    /// Bytes they may take at most (estimated: text, slots, index entries).
    pub bytes: usize,
    /// Templates of one line each a family may spawn before its new lines
    /// go to a wide template (0: never; see `family`).
    pub generalise_after: usize,
}

impl MinerLimits {
    /// The give-up rule's default: enough that distinct messages which
    /// happen to start alike are not merged (the Loghub samples are not).
    pub const GENERALISE_AFTER: usize = 32;
}

impl Default for MinerLimits {
    /// No bound on count or bytes (`templates` keeps every template to
    /// print it), the default give-up rule.
    fn default() -> Self {
        MinerLimits {
            templates: usize::MAX,
            bytes: usize::MAX,
            generalise_after: MinerLimits::GENERALISE_AFTER,
        }
    }
}

/// What the allocator adds to each allocation (header, rounding).
const ALLOC: usize = 24;

/// Hash tables are this much larger than their entries (load, control bytes).
fn table(entry: usize) -> usize {
    entry * 3 / 2 + 1
}

/// What one constant token costs beyond its slot: its text, and its entry
/// in the spread index with its own copy (counted per template: an
/// over-estimate when templates share words).
pub(super) fn token_bytes(token: &str) -> usize {
    2 * (token.len() + ALLOC) + table(std::mem::size_of::<(Box<str>, u32)>())
}

/// What a template costs: the cluster, its slots and words, and its
/// entries in the indexes (by id, by length, its family, a line shape).
pub(super) fn cluster_bytes(template: &[Option<Box<str>>]) -> usize {
    table(std::mem::size_of::<(ClusterId, Cluster)>())
        + std::mem::size_of::<ClusterId>()
        + table(std::mem::size_of::<(u64, Family)>())
        + 2 * std::mem::size_of::<ClusterId>()
        + table(std::mem::size_of::<(u64, ClusterId)>())
        + std::mem::size_of_val(template)
        + ALLOC
        + template
            .iter()
            .flatten()
            .map(|t| token_bytes(t))
            .sum::<usize>()
}

impl TemplateMiner {
    /// Estimated bytes the templates take (the shape cache, at most
    /// 16,384 entries, is not counted).
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Templates evicted so far.
    pub(crate) fn evicted(&self) -> u64 {
        self.evicted
    }

    /// Wide templates made by giving up on a family so far.
    pub(crate) fn generalised(&self) -> u64 {
        self.generalised
    }

    /// Whether a limit is exceeded (then [`TemplateMiner::trim`] is due).
    pub(crate) fn over_limits(&self) -> bool {
        self.clusters.len() > self.limits.templates || self.bytes > self.limits.bytes
    }

    /// Evicts the least recently used templates, those `keep` says should
    /// stay last, until both limits are met with room (15/16 of them);
    /// returns the ids evicted. Nothing happens within the limits.
    pub(crate) fn trim(&mut self, keep: impl Fn(ClusterId) -> bool) -> Vec<ClusterId> {
        if !self.over_limits() {
            return Vec::new();
        }
        let count_goal = self.limits.templates - self.limits.templates / 16;
        let bytes_goal = self.limits.bytes - self.limits.bytes / 16;
        let mut order: Vec<(bool, u64, ClusterId)> = self
            .clusters
            .iter()
            .map(|(&id, c)| (keep(id), c.last_used, id))
            .collect();
        order.sort_unstable();
        let mut gone = Vec::new();
        for (_, _, id) in order {
            if self.clusters.len() <= count_goal && self.bytes <= bytes_goal {
                break;
            }
            self.remove(id);
            gone.push(id);
        }
        let gone_set: std::collections::HashSet<ClusterId> = gone.iter().copied().collect();
        self.by_len.retain(|_, ids| {
            ids.retain(|id| !gone_set.contains(id));
            !ids.is_empty()
        });
        self.known.retain(|_, id| !gone_set.contains(id));
        self.evicted += gone.len() as u64;
        gone
    }

    fn remove(&mut self, id: ClusterId) {
        let Some(cluster) = self.clusters.remove(&id) else {
            return;
        };
        self.bytes = self.bytes.saturating_sub(cluster.bytes);
        let mut seen: Vec<&str> = Vec::new();
        for token in cluster.tokens.iter().flatten() {
            if !seen.contains(&&**token) {
                seen.push(token);
                self.unspread(token);
            }
        }
        self.family_lost(cluster.family, id);
    }
}
