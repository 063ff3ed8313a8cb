//! What the engine keeps per key of an alert, and the small pieces its
//! decisions share: the alert that fired, forgetting quiet keys, durations
//! in milliseconds.

use std::collections::{HashMap, VecDeque};

use super::{Fired, MAX_KEYS, MAX_TRIGGERS};
use crate::alert::spec::AlertSpec;

/// What one key of one alert holds.
#[derive(Debug, Default)]
pub(super) struct KeyState {
    /// Times of the latest occurrences (at most what the alert needs).
    pub(super) times: VecDeque<i64>,
    /// Ids of the latest occurrences.
    pub(super) triggers: VecDeque<String>,
    /// Occurrences since it last fired (`every`), or fires so far (`first`).
    pub(super) since_fire: u32,
    /// When it fired, while it has not recovered.
    pub(super) firing_since: Option<i64>,
    /// A sequence's first part, waiting for its second: (time, issue id).
    pub(super) pending: Option<(i64, String)>,
    /// Last time this key was touched (for forgetting quiet keys).
    pub(super) touched: i64,
}

impl KeyState {
    pub(super) fn remember(&mut self, at: i64, id: &str, keep: usize) {
        self.times.push_back(at);
        // Occurrences of one group share their issue's id: it is named once.
        if self.triggers.back().is_none_or(|last| last != id) {
            self.triggers.retain(|t| t != id);
            self.triggers.push_back(id.to_owned());
        }
        while self.times.len() > keep {
            self.times.pop_front();
        }
        while self.triggers.len() > MAX_TRIGGERS {
            self.triggers.pop_front();
        }
        self.touched = at;
    }

    /// Occurrences at or after `from`.
    pub(super) fn since(&self, from: i64) -> u32 {
        self.times.iter().rev().take_while(|&&t| t >= from).count() as u32
    }
}

pub(super) fn fired(
    spec: &AlertSpec,
    key: String,
    count: u32,
    since_ms: i64,
    at_ms: i64,
    state: &KeyState,
) -> Fired {
    Fired {
        alert: spec.id.clone(),
        key,
        count,
        since_ms,
        at_ms,
        triggers: state.triggers.iter().cloned().collect(),
    }
}

/// Forgets the least recently touched tenth of the keys that are not
/// firing (at once, so a flood of new keys costs a sort per thousand keys,
/// not a scan per key); returns how many were forgotten.
pub(super) fn forget_quietest(keys: &mut HashMap<String, KeyState>) -> u64 {
    let mut quiet: Vec<(i64, String)> = keys
        .iter()
        .filter(|(_, s)| s.firing_since.is_none())
        .map(|(k, s)| (s.touched, k.clone()))
        .collect();
    let drop = (MAX_KEYS / 10)
        .clamp(1, quiet.len().max(1))
        .min(quiet.len());
    if drop == 0 {
        return 0;
    }
    quiet.select_nth_unstable(drop - 1);
    for (_, key) in &quiet[..drop] {
        keys.remove(key);
    }
    drop as u64
}

pub(super) fn millis(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
