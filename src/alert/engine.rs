//! The alert engine: counts selected occurrences per key in sliding
//! windows, matches sequences, applies inhibitions and recovers alerts.
//! Time comes from the observations and [`AlertEngine::tick`], never from
//! the clock, so replays and tests are exact.

use std::collections::HashMap;

use super::spec::{AlertKind, AlertSpec, Inhibit, Mode};
use keys::{KeyState, fired, forget_quietest, millis};

/// Most keys one alert tracks (distinct client addresses, say); past it
/// the least recently seen quiet key is forgotten and counted.
pub(crate) const MAX_KEYS: usize = 10_000;
/// How many of the issues that made an alert fire it remembers.
pub(crate) const MAX_TRIGGERS: usize = 10;

/// One issue occurrence, as the engine sees it.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    /// When it was detected, milliseconds since the epoch.
    pub at_ms: i64,
    /// The issue's id.
    pub issue_id: &'a str,
    /// Its type id.
    pub issue_type: &'a str,
    /// Its group, once grouped.
    pub group: Option<&'a str>,
    /// The rule that matched.
    pub rule: &'a str,
    /// Named values: the rule's named captures, and `host`.
    pub fields: &'a [(String, String)],
}

impl Observation<'_> {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value this observation is counted under, or `None` when it lacks
    /// the field the alert counts by.
    fn key(&self, by: Option<&str>) -> Option<String> {
        match by {
            None => Some(String::new()),
            Some(name) => self.field(name).map(str::to_owned),
        }
    }
}

/// An alert that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// The `[[alert]]` id.
    pub alert: String,
    /// The value of its `by` field ("" when it counts all together).
    pub key: String,
    /// Occurrences in the window when it fired.
    pub count: u32,
    /// The oldest of them.
    pub since_ms: i64,
    /// When it fired.
    pub at_ms: i64,
    /// The latest distinct issues that made it fire, newest last.
    pub triggers: Vec<String>,
}

/// An alert that ended by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The `[[alert]]` id.
    pub alert: String,
    /// The key it fired for.
    pub key: String,
    /// When the quiet period was over.
    pub at_ms: i64,
}

/// What the engine decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertChange {
    /// An alert fired.
    Fired(Fired),
    /// A firing alert ended by itself.
    Recovered(Recovered),
    /// The observed issue is caused by an open issue (`by`, its id) that
    /// inhibits it: it counts towards no alert.
    Suppressed {
        /// The inhibited issue.
        issue: String,
        /// The issue that inhibits it.
        by: String,
    },
}

/// An open issue that inhibits others.
#[derive(Debug)]
struct OpenSource {
    inhibit: usize,
    issue: String,
    /// Its values of the inhibition's `equal` fields (None: it lacks one).
    values: Vec<Option<String>>,
}

/// The alert engine; one per process, fed by the store.
#[derive(Debug)]
pub struct AlertEngine {
    alerts: Vec<AlertSpec>,
    inhibits: Vec<Inhibit>,
    keys: Vec<HashMap<String, KeyState>>,
    sources: Vec<OpenSource>,
    forgotten: u64,
}

impl AlertEngine {
    /// An engine for these alerts and inhibitions.
    pub fn new(alerts: Vec<AlertSpec>, inhibits: Vec<Inhibit>) -> AlertEngine {
        let keys = alerts.iter().map(|_| HashMap::new()).collect();
        AlertEngine {
            alerts,
            inhibits,
            keys,
            sources: Vec::new(),
            forgotten: 0,
        }
    }

    /// The alerts it evaluates.
    pub fn alerts(&self) -> &[AlertSpec] {
        &self.alerts
    }

    /// Quiet keys forgotten because an alert tracked [`MAX_KEYS`].
    pub fn forgotten_keys(&self) -> u64 {
        self.forgotten
    }

    /// Feeds one issue occurrence; says what it caused.
    pub fn observe(&mut self, o: &Observation<'_>) -> Vec<AlertChange> {
        let mut changes = Vec::new();
        if let Some(by) = self.inhibitor_of(o) {
            changes.push(AlertChange::Suppressed {
                issue: o.issue_id.to_owned(),
                by,
            });
        }
        self.open_source(o);
        if !changes.is_empty() {
            return changes;
        }
        for index in 0..self.alerts.len() {
            if let Some(fired) = self.observe_one(index, o) {
                changes.push(AlertChange::Fired(fired));
            }
        }
        changes
    }

    /// An issue was resolved (or left the store): it inhibits no more.
    pub fn closed(&mut self, issue_id: &str) {
        self.sources.retain(|s| s.issue != issue_id);
    }

    /// An operator resolved the alert `alert` for `key` (or its issue was
    /// let go): it may fire again at its next occurrence over the threshold,
    /// rather than staying quiet until it recovers.
    pub fn rearm(&mut self, alert: &str, key: &str) {
        let Some(index) = self.alerts.iter().position(|a| a.id == alert) else {
            return;
        };
        if let Some(state) = self.keys[index].get_mut(key) {
            state.firing_since = None;
            state.since_fire = 0;
        }
    }

    /// An alert issue still open from before a restart: its key counts as
    /// firing since `at_ms`, so it recovers like any other once its rate
    /// stays low (or fires on again into the same issue).
    pub fn seed_firing(&mut self, alert: &str, key: &str, at_ms: i64) {
        let Some(index) = self.alerts.iter().position(|a| a.id == alert) else {
            return;
        };
        let keys = &mut self.keys[index];
        if keys.len() >= MAX_KEYS && !keys.contains_key(key) {
            return;
        }
        let state = keys.entry(key.to_owned()).or_default();
        state.firing_since.get_or_insert(at_ms);
        state.touched = at_ms;
    }

    /// Ends the alerts whose rate stayed below their recovery threshold
    /// for their period, as of `now_ms`.
    pub fn tick(&mut self, now_ms: i64) -> Vec<AlertChange> {
        let mut changes = Vec::new();
        for (spec, keys) in self.alerts.iter().zip(&mut self.keys) {
            let recovery = spec.recovery;
            let period = millis(recovery.period);
            for (key, state) in keys.iter_mut() {
                let Some(since) = state.firing_since else {
                    continue;
                };
                if now_ms - since >= period && state.since(now_ms - period) < recovery.below {
                    state.firing_since = None;
                    state.since_fire = 0;
                    changes.push(AlertChange::Recovered(Recovered {
                        alert: spec.id.clone(),
                        key: key.clone(),
                        at_ms: now_ms,
                    }));
                }
            }
        }
        changes
    }

    /// The id of an open issue that inhibits `o`, if any.
    fn inhibitor_of(&self, o: &Observation<'_>) -> Option<String> {
        self.sources.iter().find_map(|source| {
            let inhibit = &self.inhibits[source.inhibit];
            let same = inhibit
                .equal
                .iter()
                .zip(&source.values)
                .all(|(field, value)| value.is_some() && o.field(field) == value.as_deref());
            (source.issue != o.issue_id
                && inhibit.target.selects(o.issue_type, o.group, o.rule)
                && same)
                .then(|| source.issue.clone())
        })
    }

    /// Records `o` as an open inhibiting issue, for each inhibition whose source selects it.
    fn open_source(&mut self, o: &Observation<'_>) {
        for (index, inhibit) in self.inhibits.iter().enumerate() {
            if !inhibit.source.selects(o.issue_type, o.group, o.rule)
                || self
                    .sources
                    .iter()
                    .any(|s| s.inhibit == index && s.issue == o.issue_id)
            {
                continue;
            }
            let values = inhibit
                .equal
                .iter()
                .map(|f| o.field(f).map(str::to_owned))
                .collect();
            self.sources.push(OpenSource {
                inhibit: index,
                issue: o.issue_id.to_owned(),
                values,
            });
        }
    }

    fn observe_one(&mut self, index: usize, o: &Observation<'_>) -> Option<Fired> {
        let spec = &self.alerts[index];
        let key = o.key(spec.by.as_deref())?;
        let keep = match &spec.kind {
            AlertKind::Threshold { select, count, .. } => {
                if !select.selects(o.issue_type, o.group, o.rule) {
                    return None;
                }
                (*count).max(spec.recovery.below) as usize
            }
            AlertKind::Sequence { first, then, .. } => {
                if !first.selects(o.issue_type, o.group, o.rule)
                    && !then.selects(o.issue_type, o.group, o.rule)
                {
                    return None;
                }
                spec.recovery.below.max(1) as usize
            }
        };
        let keys = &mut self.keys[index];
        if !keys.contains_key(&key) && keys.len() >= MAX_KEYS {
            self.forgotten += forget_quietest(keys);
            if keys.len() >= MAX_KEYS {
                // Every key is firing: the new one is not tracked (counted).
                self.forgotten += 1;
                return None;
            }
        }
        let state = keys.entry(key.clone()).or_default();
        match &spec.kind {
            AlertKind::Threshold {
                count,
                within,
                mode,
                ..
            } => {
                state.remember(o.at_ms, o.issue_id, keep);
                let from = o.at_ms - millis(*within);
                let in_window = state.since(from);
                let fire = match mode {
                    Mode::Once => state.firing_since.is_none() && in_window >= *count,
                    Mode::Every => {
                        state.since_fire += 1;
                        in_window >= *count && state.since_fire >= *count
                    }
                    Mode::First => state.since_fire < *count,
                };
                if !fire {
                    return None;
                }
                state.since_fire = match mode {
                    Mode::Every => 0,
                    Mode::First => state.since_fire + 1,
                    Mode::Once => state.since_fire,
                };
                state.firing_since.get_or_insert(o.at_ms);
                let oldest = state.times.iter().copied().find(|&t| t >= from);
                Some(fired(
                    spec,
                    key,
                    in_window,
                    oldest.unwrap_or(o.at_ms),
                    o.at_ms,
                    state,
                ))
            }
            AlertKind::Sequence {
                first,
                then,
                within,
            } => {
                let mut out = None;
                if then.selects(o.issue_type, o.group, o.rule)
                    && let Some((at, id)) = state.pending.take()
                {
                    if o.at_ms >= at && o.at_ms - at <= millis(*within) && id != o.issue_id {
                        state.remember(at, &id, keep + 1);
                        state.remember(o.at_ms, o.issue_id, keep);
                        state.firing_since.get_or_insert(o.at_ms);
                        out = Some(fired(spec, key.clone(), 2, at, o.at_ms, state));
                    } else {
                        state.pending = Some((at, id));
                    }
                }
                if out.is_none() && first.selects(o.issue_type, o.group, o.rule) {
                    state.pending = Some((o.at_ms, o.issue_id.to_owned()));
                    state.touched = o.at_ms;
                }
                out
            }
        }
    }
}

mod keys;

#[cfg(test)]
mod tests;
