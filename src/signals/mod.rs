//! Signals on groups, set on the group's issue rather than raised as
//! issues of their own: a "new pattern" (a WARNING-or-worse group whose
//! template was never seen before) and a "spike" (a group occurring far
//! above its usual rate). Both are configured in patterns.toml's
//! `[signals]` table and on by default.

mod seen;
mod spike;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub(crate) use spike::{Rate, SpikeRule};

use crate::model::{Issue, Severity};

/// `[signals]`: which signals are on and their thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalConfig {
    /// Flag groups whose template was never seen before.
    pub new_pattern: bool,
    /// ... when they are at least this grave.
    pub new_pattern_min_severity: Severity,
    /// Flag groups occurring far above their baseline (`None`: off).
    pub spike: Option<SpikeRule>,
}

impl Default for SignalConfig {
    fn default() -> Self {
        SignalConfig {
            new_pattern: true,
            new_pattern_min_severity: Severity::Warning,
            spike: Some(SpikeRule {
                factor: 5.0,
                min_count: 10,
                baseline_minutes: 10,
            }),
        }
    }
}

/// Groups seen before, and each group's rate.
#[derive(Debug, Default)]
pub(crate) struct Signals {
    config: SignalConfig,
    /// Group ids (hashed) seen, history included (the most recent, up to
    /// a limit).
    known: seen::Seen,
    rates: HashMap<u64, Rate>,
    /// Groups flagged as spiking now, by the id of the issue holding them.
    spiking: HashMap<String, u64>,
}

fn key(group_id: &str) -> u64 {
    // FNV-1a: stable and cheap for short ids.
    group_id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Signals {
    #[cfg(test)]
    /// Signals as `config` says.
    pub(crate) fn new(config: SignalConfig) -> Signals {
        Signals {
            config,
            ..Signals::default()
        }
    }

    /// Signals as `config` says, remembering at most `max_seen` groups.
    pub(crate) fn bounded(config: SignalConfig, max_seen: usize) -> Signals {
        Signals {
            config,
            known: seen::Seen::new(max_seen),
            ..Signals::default()
        }
    }

    /// Groups remembered as seen, and how many were forgotten (beyond the limit).
    pub(crate) fn seen(&self) -> (usize, u64) {
        (self.known.remembered(), self.known.forgotten())
    }

    /// Remembers a group from the history: not new when it comes again.
    pub(crate) fn learn(&mut self, group_id: &str) {
        self.known.insert(key(group_id));
    }

    /// Sets the signals of `issue`, a group's first issue (new to the
    /// store), at its detection time.
    pub(crate) fn first(&mut self, issue: &mut Issue) {
        let Some(group) = issue.group_id.as_deref().map(key) else {
            return;
        };
        let unseen = self.known.insert(group);
        issue.new_pattern = self.config.new_pattern
            && unseen
            && issue.severity >= self.config.new_pattern_min_severity;
        let id = issue.id.clone();
        self.occurred(issue, group, id);
    }

    /// Sets the spike signal of `issue`, another occurrence of its group,
    /// which the issue with id `held` holds.
    pub(crate) fn again(&mut self, issue: &mut Issue, held: &str) {
        if let Some(group) = issue.group_id.as_deref().map(key) {
            self.occurred(issue, group, held.to_string());
        }
    }

    fn occurred(&mut self, issue: &mut Issue, group: u64, held: String) {
        let Some(rule) = self.config.spike else {
            return;
        };
        let at = issue.timestamp.instant();
        let factor = self
            .rates
            .entry(group)
            .or_insert_with(|| Rate::new(at))
            .add(at, &rule);
        issue.spike_factor = factor;
        if factor.is_some() {
            self.spiking.insert(held, group);
        } else {
            self.spiking.remove(&held);
        }
    }

    /// The spikes that changed by `now` with no new occurrence (most end
    /// this way): (issue id, factor now).
    pub(crate) fn settle(&mut self, now: DateTime<Utc>) -> Vec<(String, Option<f64>)> {
        let Some(rule) = self.config.spike else {
            return Vec::new();
        };
        let mut changed = Vec::new();
        for (id, group) in &self.spiking {
            if let Some(rate) = self.rates.get_mut(group) {
                let factor = rate.at(now, &rule);
                if factor.is_none() {
                    changed.push((id.clone(), None));
                }
            }
        }
        for (id, _) in &changed {
            self.spiking.remove(id);
        }
        changed
    }

    /// Forgets the rate of a group no store issue holds any more (keeps
    /// memory bounded by what is held); it stays known.
    pub(crate) fn forget(&mut self, issue: &Issue) {
        if let Some(group) = issue.group_id.as_deref().map(key) {
            self.rates.remove(&group);
        }
        self.spiking.remove(&issue.id);
    }
}
