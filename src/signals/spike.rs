//! One group's occurrence rate: counts over the last minute in six
//! ten-second slots, and a baseline (an exponentially weighted moving
//! average, per minute) fed by the slots as they leave that minute, so a
//! burst is compared with what came before it, not with itself.

use chrono::{DateTime, Utc};

/// Seconds per slot.
const SLOT_SECS: i64 = 10;
/// Slots in the window (one minute).
const SLOTS: usize = 6;

/// What decides a spike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeRule {
    /// The last minute's count must be at least this many times the baseline.
    pub factor: f64,
    /// ... and at least this many occurrences.
    pub min_count: u32,
    /// Minutes the baseline averages over (its EWMA span).
    pub baseline_minutes: u32,
}

impl SpikeRule {
    /// The EWMA weight of one slot: 2 / (span in slots + 1).
    fn alpha(&self) -> f64 {
        2.0 / (f64::from(self.baseline_minutes.max(1)) * SLOTS as f64 + 1.0)
    }
}

/// The baseline never counts as less than one occurrence a minute, so a
/// group that is usually silent spikes only on `min_count` occurrences.
const FLOOR_PER_MINUTE: f64 = 1.0;

/// One group's counts and baseline.
#[derive(Debug, Clone)]
pub(crate) struct Rate {
    /// The newest slot's number (seconds since the epoch / 10).
    slot: i64,
    counts: [u32; SLOTS],
    /// EWMA of slot counts, not yet corrected for its zero start.
    average: f64,
    /// `(1 - alpha)^slots fed`: what corrects the zero start.
    unfed: f64,
    /// Slots fed to the baseline so far.
    fed: u32,
}

fn slot_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(SLOT_SECS)
}

impl Rate {
    /// A group first seen at `at`.
    pub(crate) fn new(at: DateTime<Utc>) -> Rate {
        Rate {
            slot: slot_of(at),
            counts: [0; SLOTS],
            average: 0.0,
            unfed: 1.0,
            fed: 0,
        }
    }

    /// Counts one occurrence at `at`; returns the spike factor then.
    pub(crate) fn add(&mut self, at: DateTime<Utc>, rule: &SpikeRule) -> Option<f64> {
        self.advance(slot_of(at), rule);
        // An occurrence older than the window (out of order) only counts
        // in the newest slot: it happened, and that is all we can place.
        let i = self.slot.rem_euclid(SLOTS as i64) as usize;
        self.counts[i] = self.counts[i].saturating_add(1);
        self.factor(rule)
    }

    /// The spike factor at `now` (no new occurrence).
    pub(crate) fn at(&mut self, now: DateTime<Utc>, rule: &SpikeRule) -> Option<f64> {
        self.advance(slot_of(now), rule);
        self.factor(rule)
    }

    /// Occurrences in the last minute.
    pub(crate) fn last_minute(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// The baseline per minute, corrected for its start at zero; `None`
    /// until a whole minute has been fed to it.
    pub(crate) fn baseline(&self) -> Option<f64> {
        (self.fed >= SLOTS as u32).then(|| self.average / (1.0 - self.unfed) * SLOTS as f64)
    }

    fn factor(&self, rule: &SpikeRule) -> Option<f64> {
        let baseline = self.baseline()?.max(FLOOR_PER_MINUTE);
        let count = self.last_minute();
        let factor = f64::from(count) / baseline;
        (count >= rule.min_count && factor >= rule.factor).then(|| (factor * 10.0).round() / 10.0)
    }

    /// Moves the window to end at `slot`; slots leaving it feed the baseline.
    fn advance(&mut self, slot: i64, rule: &SpikeRule) {
        let steps = slot - self.slot;
        if steps <= 0 {
            return;
        }
        let alpha = rule.alpha();
        let keep = 1.0 - alpha;
        // Slots with counts leave within one window's worth of steps...
        for _ in 0..steps.min(SLOTS as i64) {
            self.slot += 1;
            let i = self.slot.rem_euclid(SLOTS as i64) as usize;
            self.feed(f64::from(self.counts[i]), alpha);
            self.counts[i] = 0;
        }
        // ... the rest are empty: decay in one step, however long the gap.
        let empty = steps - steps.min(SLOTS as i64);
        if empty > 0 {
            let n = i32::try_from(empty).unwrap_or(i32::MAX);
            self.average *= keep.powi(n);
            self.unfed *= keep.powi(n);
            self.fed = self
                .fed
                .saturating_add(u32::try_from(empty).unwrap_or(u32::MAX));
            self.slot = slot;
        }
    }

    fn feed(&mut self, count: f64, alpha: f64) {
        self.average = alpha * count + (1.0 - alpha) * self.average;
        self.unfed *= 1.0 - alpha;
        self.fed = self.fed.saturating_add(1);
    }
}

#[cfg(test)]
mod tests;
