//! The last hour, minute by minute: occurrences detected per severity and
//! the health score's trend. A fixed ring of [`MINUTES`] buckets keyed by
//! the minute they hold (no per-issue lists), so memory and the cost of a
//! snapshot stay the same under a flood.

use chrono::{DateTime, Utc};

use crate::model::Severity;

/// Minutes the timeline covers.
pub const MINUTES: usize = 60;

/// One minute of the timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Minute {
    /// Occurrences detected in it, by severity in [`Severity::ALL`] order
    /// (CRITICAL first); a recurrence of a group counts too.
    pub counts: [u32; 4],
    /// The lowest health score sampled in it (`None`: not sampled, e.g.
    /// logwarden was not running then).
    pub health: Option<f64>,
}

impl Minute {
    /// Occurrences of `severity`.
    pub fn count(&self, severity: Severity) -> u32 {
        self.counts[slot_of(severity)]
    }

    /// Occurrences of every severity.
    pub fn total(&self) -> u32 {
        self.counts.iter().fold(0u32, |a, n| a.saturating_add(*n))
    }
}

/// The last hour as a snapshot carries it: the oldest minute first, the
/// last one the minute the snapshot was taken in.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// [`MINUTES`] minutes, oldest first.
    pub minutes: [Minute; MINUTES],
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline {
            minutes: [Minute::default(); MINUTES],
        }
    }
}

impl Timeline {
    /// The most occurrences in one minute (0 when the hour was quiet).
    pub fn peak(&self) -> u32 {
        self.minutes.iter().map(Minute::total).max().unwrap_or(0)
    }
}

/// The store's side: each bucket remembers which minute it holds, so a
/// bucket left from an hour ago reads as empty and is reset when reused.
#[derive(Debug, Clone)]
pub(crate) struct TimelineRing {
    slots: [Slot; MINUTES],
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Minutes since the epoch (`i64::MIN`: never used).
    minute: i64,
    data: Minute,
}

impl Default for TimelineRing {
    fn default() -> Self {
        TimelineRing {
            slots: [Slot {
                minute: i64::MIN,
                data: Minute::default(),
            }; MINUTES],
        }
    }
}

impl TimelineRing {
    /// Counts one occurrence of `severity` detected at `at`.
    pub(crate) fn record(&mut self, at: DateTime<Utc>, severity: Severity) {
        if let Some(data) = self.minute_mut(at) {
            let n = &mut data.counts[slot_of(severity)];
            *n = n.saturating_add(1);
        }
    }

    /// Samples the health score at `at`: the minute keeps its lowest.
    pub(crate) fn sample_health(&mut self, at: DateTime<Utc>, score: f64) {
        if let Some(data) = self.minute_mut(at) {
            data.health = Some(data.health.map_or(score, |h| h.min(score)));
        }
    }

    /// The hour ending with the minute of `now`.
    pub(crate) fn view(&self, now: DateTime<Utc>) -> Timeline {
        let last = minute_of(now);
        let mut timeline = Timeline::default();
        for (k, out) in timeline.minutes.iter_mut().enumerate() {
            let minute = last - (MINUTES - 1 - k) as i64;
            let slot = &self.slots[index(minute)];
            if slot.minute == minute {
                *out = slot.data;
            }
        }
        timeline
    }

    /// The bucket of the minute of `at`, emptied first if it held an
    /// older minute; `None` when it holds a newer one (`at` is more than
    /// an hour older than what was recorded since).
    fn minute_mut(&mut self, at: DateTime<Utc>) -> Option<&mut Minute> {
        let minute = minute_of(at);
        let slot = &mut self.slots[index(minute)];
        if slot.minute > minute {
            return None;
        }
        if slot.minute < minute {
            *slot = Slot {
                minute,
                data: Minute::default(),
            };
        }
        Some(&mut slot.data)
    }
}

fn minute_of(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(60)
}

fn index(minute: i64) -> usize {
    minute.rem_euclid(MINUTES as i64) as usize
}

/// Where `severity` is counted in [`Minute::counts`].
fn slot_of(severity: Severity) -> usize {
    match severity {
        Severity::Critical => 0,
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    }
}

#[cfg(test)]
mod tests;
