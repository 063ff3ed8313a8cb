//! Groups and their lifecycle in the store: another occurrence of a held
//! issue updates it (count, last time, latest text) and moves it to the
//! newest end, so one problem repeating 10,000 times is one issue with a
//! count of 10,000; operators acknowledge and silence issues.

use std::sync::Arc;

use super::{IssueStore, id_hash};
use crate::model::{DetectedAt, Issue, MAX_OCCURRENCES, MAX_SOURCES, Occurrence};
use crate::store::critical::in_table;

impl IssueStore {
    /// `occurrence` is another occurrence of the held issue with id
    /// `representative`: that issue takes the occurrence's time and text,
    /// counts one more, opens again if it was resolved, and becomes the
    /// newest. Returns it as it is now; `None` when it is no longer held
    /// (the caller then inserts the occurrence as a new issue).
    pub fn recur(&mut self, representative: &str, occurrence: Issue) -> Option<Arc<Issue>> {
        let at = self.position_of_id(representative)?;
        let old = self.issues.remove(at)?;
        self.attention_prefix = self.attention_prefix.min(at);
        self.count(&old, -1);
        if in_table(&old) {
            self.critical.remove(&old);
        }
        // Its time so far still names it (scripts resolve by saved timestamps).
        self.former.remember(old.timestamp, id_hash(&old.id));
        let mut issue = occurrence;
        issue.id = old.id.clone();
        issue.group_id = old.group_id.clone();
        issue.count = old.count.saturating_add(1);
        issue.first_seen = old.first_seen;
        issue.last_seen = issue.timestamp;
        // Resolved, yet it happened again: a regression until resolved anew
        // (and whoever had taken it on must look again).
        issue.regression = old.regression || old.resolved;
        issue.new_pattern = old.new_pattern;
        issue.template = old.template.clone();
        issue.sources = old.sources.clone();
        if !issue.sources.contains(&issue.source_file) && issue.sources.len() < MAX_SOURCES {
            issue.sources.push(issue.source_file.clone());
        }
        issue.occurrences = std::iter::once(Occurrence::of(&old))
            .chain(old.occurrences.iter().cloned())
            .take(MAX_OCCURRENCES)
            .collect();
        issue.acknowledged = old.acknowledged && !old.resolved;
        issue.silenced_until = old.silenced_until;
        issue.silenced_until = self.silence_for(&issue);
        issue.resolved = false;
        self.count(&issue, 1);
        self.timeline
            .record(issue.timestamp.instant(), issue.severity);
        *self
            .detected
            .entry((issue.issue_type.clone(), issue.severity))
            .or_default() += 1;
        self.by_id.insert(id_hash(&issue.id), issue.timestamp);
        self.recent
            .add(super::recent::key(&issue.id), issue.timestamp);
        let issue = Arc::new(issue);
        if in_table(&issue) {
            self.critical.add(&issue);
        }
        // Normally the newest; an occurrence detected out of order goes
        // where its time puts it, so the deque stays in detection order.
        let t = issue.timestamp.instant();
        let place = self.issues.partition_point(|x| x.timestamp.instant() <= t);
        if place < self.issues.len() {
            self.in_order = false;
        }
        self.issues.insert(place, Arc::clone(&issue));
        self.critical.settle(&self.issues, self.in_order);
        self.version += 1;
        Some(issue)
    }

    /// Replaces the held issue `held` with the grown event `grown` (more
    /// lines of a traceback, perhaps another type or severity); what the
    /// store knows of it stays: id, time, group, count, resolved state.
    pub fn grow_into(&mut self, held: &str, mut grown: Issue) -> bool {
        let Some(at) = self.position_of_id(held) else {
            return false;
        };
        let old = Arc::clone(&self.issues[at]);
        grown.id = old.id.clone();
        grown.timestamp = old.timestamp;
        grown.resolved = old.resolved;
        grown.group_id = old.group_id.clone();
        grown.count = old.count;
        grown.first_seen = old.first_seen;
        grown.last_seen = old.last_seen;
        grown.regression = old.regression;
        grown.acknowledged = old.acknowledged;
        grown.silenced_until = old.silenced_until;
        grown.new_pattern = old.new_pattern;
        grown.spike_factor = old.spike_factor;
        grown.template = old.template.clone();
        grown.sources = old.sources.clone();
        grown.occurrences = old.occurrences.clone();
        self.attention_prefix = self.attention_prefix.min(at);
        self.count(&grown, 1);
        self.count(&old, -1);
        let (was, now) = (
            (old.issue_type.as_str(), old.severity),
            (grown.issue_type.as_str(), grown.severity),
        );
        if was != now {
            // Counted under its new verdict too; the old one says it left.
            *self.detected.entry((now.0.to_string(), now.1)).or_default() += 1;
            *self.regraded.entry((was.0.to_string(), was.1)).or_default() += 1;
        }
        let grown = Arc::new(grown);
        self.issues[at] = Arc::clone(&grown);
        if in_table(&old) {
            self.critical.remove(&old);
        }
        if in_table(&grown) {
            self.critical.add(&grown);
        }
        self.critical.settle(&self.issues, self.in_order);
        self.version += 1;
        true
    }
}

impl IssueStore {
    /// The held issue `id` now belongs to the group `group_id`, shown as
    /// `template` (it grew into a stack trace: see `Grouper::regroup`).
    pub fn set_group(
        &mut self,
        id: &str,
        group_id: String,
        template: String,
    ) -> Option<Arc<Issue>> {
        let at = self.position_of_id(id)?;
        let slot = &mut self.issues[at];
        let issue = Arc::make_mut(slot);
        issue.group_id = Some(group_id);
        issue.template = Some(template);
        self.version += 1;
        Some(Arc::clone(slot))
    }

    /// Applies `change` to the held issues with `ids` where `differs`, as
    /// one change; returns those that changed, as they are now.
    fn change_all(
        &mut self,
        ids: &[String],
        differs: impl Fn(&Issue) -> bool,
        change: impl Fn(&mut Issue),
    ) -> Vec<Arc<Issue>> {
        let mut changed = Vec::new();
        for id in ids {
            let Some(at) = self.position_of_id(id) else {
                continue;
            };
            let slot = &mut self.issues[at];
            if differs(slot) {
                change(Arc::make_mut(slot));
                changed.push(Arc::clone(slot));
            }
        }
        if !changed.is_empty() {
            self.version += 1;
        }
        changed
    }

    /// Applies `change` to the held issue `id` when `differs`; returns it
    /// as it is now when it changed.
    pub fn change(
        &mut self,
        id: &str,
        differs: impl Fn(&Issue) -> bool,
        change: impl Fn(&mut Issue),
    ) -> Option<Arc<Issue>> {
        self.change_all(&[id.to_owned()], differs, change).pop()
    }

    /// Marks the issues with `ids` acknowledged (or not), as one change;
    /// returns those that changed, as they are now. Acknowledged, a new
    /// pattern is no longer news: its signal clears.
    pub fn set_acknowledged_all(&mut self, ids: &[String], acknowledged: bool) -> Vec<Arc<Issue>> {
        self.change_all(
            ids,
            |i| i.acknowledged != acknowledged || (acknowledged && i.new_pattern),
            |i| {
                i.acknowledged = acknowledged;
                i.new_pattern &= !acknowledged;
            },
        )
    }

    /// Silences the issues with `ids` until `until` (`None`: no longer), as
    /// one change; returns those that changed, as they are now.
    pub fn set_silenced_all(
        &mut self,
        ids: &[String],
        until: Option<DetectedAt>,
    ) -> Vec<Arc<Issue>> {
        self.change_all(
            ids,
            |i| i.silenced_until != until,
            |i| i.silenced_until = until,
        )
    }

    /// Sets the spike factor of the issue `id` (`None`: the spike is over).
    pub fn set_spike(&mut self, id: &str, factor: Option<f64>) -> Option<Arc<Issue>> {
        let ids = [id.to_string()];
        self.change_all(
            &ids,
            |i| i.spike_factor != factor,
            |i| i.spike_factor = factor,
        )
        .pop()
    }

    /// Silences every issue of `issue_type`, held or still to come, until
    /// `until` (`None`: no longer); returns the held ones that changed.
    pub fn silence_type(&mut self, issue_type: &str, until: Option<DetectedAt>) -> Vec<Arc<Issue>> {
        match until {
            Some(until) => self.silenced_types.insert(issue_type.to_string(), until),
            None => self.silenced_types.remove(issue_type),
        };
        let ids = self.ids_of_type(issue_type);
        self.set_silenced_all(&ids, until)
    }

    /// The silence a new or recurring `issue` gets: its own, or its type's
    /// if that lasts longer.
    pub(super) fn silence_for(&self, issue: &Issue) -> Option<DetectedAt> {
        let by_type = self
            .silenced_types
            .get(&issue.issue_type)
            .copied()
            .filter(|until| until.instant() > issue.timestamp.instant());
        match (issue.silenced_until, by_type) {
            (Some(a), Some(b)) => Some(if a.instant() >= b.instant() { a } else { b }),
            (a, b) => a.or(b),
        }
    }
}
