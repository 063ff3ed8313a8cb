//! How much the store may hold, in memory and in the history: the
//! `[limits]` table of the config file. Every bound is a count and a size
//! in bytes; beyond either, the least recently used go first, and an open
//! CRITICAL/ERROR issue only when nothing else is left.

use crate::template::MinerLimits;

/// The store's bounds (see the README's "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Templates the miner holds.
    pub templates: usize,
    /// Bytes they may take (estimated).
    pub template_bytes: usize,
    /// One-line templates a family of lines may spawn before its new lines
    /// go to one wide template (0: never give up).
    pub generalise_after: usize,
    /// Groups (one held issue each) in memory.
    pub groups: usize,
    /// Bytes the held issues may take (estimated: their texts and fields).
    pub group_bytes: usize,
    /// Group ids remembered as seen, so that only a never-seen template is
    /// a "new pattern" (in memory and in the history).
    pub seen_groups: usize,
    /// Issues kept in the history.
    pub history_rows: usize,
    /// Bytes the history database may use (pages in use; the file shrinks
    /// to about this after pruning).
    pub history_bytes: u64,
}

/// One mebibyte.
const MIB: usize = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            templates: 5_000,
            template_bytes: 2 * MIB,
            generalise_after: MinerLimits::GENERALISE_AFTER,
            groups: super::DEFAULT_CAPACITY,
            group_bytes: 5 * MIB,
            seen_groups: 20_000,
            history_rows: super::MAX_ROWS,
            history_bytes: 128 * MIB as u64,
        }
    }
}

impl Limits {
    /// The template miner's share.
    pub fn miner(&self) -> MinerLimits {
        MinerLimits {
            templates: self.templates,
            bytes: self.template_bytes,
            generalise_after: self.generalise_after,
        }
    }

    /// The defaults with `groups` groups held (tests, in-memory stores).
    pub fn holding(groups: usize) -> Limits {
        Limits {
            groups,
            ..Limits::default()
        }
    }
}
