//! Detection times an issue had before it recurred. The original API's
//! scripts save an issue's `timestamp` and resolve by it later, exactly
//! when a problem repeats and the issue's own timestamp has moved on: the
//! last [`FORMER_KEPT`] of them, store-wide, still name their issue.

use std::collections::{HashMap, VecDeque};

use crate::model::DetectedAt;

/// Former detection times remembered (about 40 bytes each).
pub(crate) const FORMER_KEPT: usize = 16_384;

/// Former detection time -> a hash of the id (no allocation per
/// recurrence; the id is verified when used).
#[derive(Debug, Default)]
pub(crate) struct FormerTimes {
    ids: HashMap<DetectedAt, u64>,
    order: VecDeque<DetectedAt>,
}

impl FormerTimes {
    /// The issue whose id hashes to `id_hash` was detected at `at` before
    /// it recurred.
    pub(crate) fn remember(&mut self, at: DetectedAt, id_hash: u64) {
        if self.ids.insert(at, id_hash).is_none() {
            self.order.push_back(at);
        }
        while self.order.len() > FORMER_KEPT {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
    }

    /// The id hash of the issue once detected at `at`, if remembered.
    pub(crate) fn id_hash_at(&self, at: DetectedAt) -> Option<u64> {
        self.ids.get(&at).copied()
    }
}
