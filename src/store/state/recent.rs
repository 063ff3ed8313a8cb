//! How often each held issue occurred in the last 5 minutes, for the
//! health score: a few counters per issue (30-second slots), not a time
//! per occurrence, so a problem repeating 100,000 times costs nothing more.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::model::DetectedAt;

/// Seconds per slot.
const SLOT_SECS: i64 = 30;
/// Slots in the window: 5 minutes.
const SLOTS: usize = 10;

fn slot_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(SLOT_SECS)
}

/// One issue's occurrences per slot, the newest slot last written.
#[derive(Debug, Clone)]
struct Window {
    newest: i64,
    counts: [u32; SLOTS],
}

impl Window {
    fn add(&mut self, slot: i64) {
        if slot > self.newest {
            let steps = (slot - self.newest).min(SLOTS as i64);
            for step in 1..=steps {
                self.counts[(self.newest + step).rem_euclid(SLOTS as i64) as usize] = 0;
            }
            self.newest = slot;
        }
        // Out of order but still in the window: its own slot; older: lost.
        if slot > self.newest - SLOTS as i64 {
            let i = slot.rem_euclid(SLOTS as i64) as usize;
            self.counts[i] = self.counts[i].saturating_add(1);
        }
    }

    fn total(&self, now: i64) -> u64 {
        (0..SLOTS as i64)
            .map(|back| self.newest - back)
            .filter(|slot| *slot > now - SLOTS as i64 && *slot <= now)
            .map(|slot| u64::from(self.counts[slot.rem_euclid(SLOTS as i64) as usize]))
            .sum()
    }
}

/// The key of issue `id`: FNV-1a, cheap for short ids (the health score
/// looks up every recent issue every second).
pub(super) fn key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// When the next slot begins after `now`: counts can change then.
pub(super) fn next_step(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp((slot_of(now) + 1) * SLOT_SECS, 0).unwrap_or(now)
}

/// Recent occurrences by issue (a hash of its id).
#[derive(Debug, Default)]
pub(super) struct RecentCounts {
    windows: HashMap<u64, Window>,
    /// Adds until windows that ran out are let go.
    until_prune: usize,
}

impl RecentCounts {
    /// Counts one occurrence of issue `id` detected `at`.
    pub(super) fn add(&mut self, id: u64, at: DetectedAt) {
        let slot = slot_of(at.instant());
        self.windows
            .entry(id)
            .or_insert(Window {
                newest: slot,
                counts: [0; SLOTS],
            })
            .add(slot);
        if self.until_prune == 0 {
            self.prune(slot);
            // Amortized: pruning costs one pass over what is held.
            self.until_prune = self.windows.len().max(1024);
        }
        self.until_prune -= 1;
    }

    /// Forgets issue `id`'s occurrences (it was resolved: from now on it
    /// counts again from its next occurrence).
    pub(super) fn clear(&mut self, id: u64) {
        self.windows.remove(&id);
    }

    /// Occurrences of issue `id` in the 5 minutes before `now`.
    pub(super) fn count(&self, id: u64, now: DateTime<Utc>) -> u64 {
        self.windows.get(&id).map_or(0, |w| w.total(slot_of(now)))
    }

    fn prune(&mut self, now: i64) {
        self.windows.retain(|_, w| w.newest > now - SLOTS as i64);
    }
}

#[cfg(test)]
mod tests;
