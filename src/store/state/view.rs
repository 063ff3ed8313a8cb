//! What readers see of the store: vitals (health, recent issues) and
//! snapshots, with what the engine contributes.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::IssueStore;
use crate::model::Issue;
use crate::store::health::{HealthExplained, HealthStatus, RECENT_WINDOW, explain, is_recent};
use crate::store::snapshot::{Bounds, Snapshot};
use crate::store::timeline::Timeline;

impl IssueStore {
    /// The health score at `now`, explained, and how many issues are
    /// recent: issues are held in detection order, so only the recent tail
    /// is looked at.
    pub fn vitals(&self, now: DateTime<Utc>) -> (HealthExplained, u64) {
        // This runs every second: worked out again only when the store
        // changed or time moved something out of the window.
        if let Some(kept) = self
            .vitals
            .borrow()
            .as_ref()
            .filter(|k| k.holds(self.version, now))
        {
            return (kept.explained.clone(), kept.recent);
        }
        let mut recent = 0;
        let mut valid_until = super::recent::next_step(now);
        let counted = self
            .issues
            .iter()
            .rev()
            .take_while(|i| is_recent(i, now))
            .map(|i| {
                recent += 1;
                // Leaving the window, or a silence ending, changes the score.
                valid_until = valid_until.min(i.timestamp.instant() + RECENT_WINDOW);
                if let Some(until) = i.silenced_until.map(|u| u.instant()).filter(|u| *u > now) {
                    valid_until = valid_until.min(until);
                }
                (&**i, self.recent.count(super::recent::key(&i.id), now))
            })
            .collect::<Vec<_>>();
        let hosts = crate::store::hosts::scores(&counted, now);
        let explained = explain(counted, now);
        *self.vitals.borrow_mut() = Some(KeptVitals {
            version: self.version,
            from: now,
            valid_until,
            explained: explained.clone(),
            recent,
            hosts,
        });
        (explained, recent)
    }

    /// Samples the health score at `now` into the timeline (the store
    /// task does it once a second; the minute keeps its lowest).
    pub fn sample_health(&mut self, now: DateTime<Utc>) {
        let (explained, _) = self.vitals(now);
        self.sample_score(now, explained.score);
    }

    /// Records `score`, worked out at `now`, into the timeline.
    pub fn sample_score(&mut self, now: DateTime<Utc>, score: f64) {
        self.timeline.sample_health(now, score);
    }

    /// The last hour up to the minute of `now`.
    pub fn timeline(&self, now: DateTime<Utc>) -> Timeline {
        self.timeline.view(now)
    }

    /// Takes a snapshot at `now`; `engine` fills in what the engine knows.
    pub fn snapshot(&self, now: DateTime<Utc>, engine: EngineView) -> Snapshot {
        let issues: Vec<Arc<Issue>> = self.issues.iter().cloned().collect();
        let (explained, recent) = self.vitals(now);
        let health = explained.score;
        let hosts = match self.vitals.borrow().as_ref() {
            Some(kept) => crate::store::hosts::standing(issues.iter().map(|i| &**i), &kept.hosts),
            None => Vec::new(),
        };
        Snapshot {
            hosts,
            version: self.version,
            taken_at: now,
            recent,
            critical: self.critical.rows(),
            issues,
            severity_counts: self.severity_counts.clone(),
            category_counts: self.category_counts.clone(),
            type_counts: self.type_counts.clone(),
            detected: self.detected.clone(),
            regraded: self.regraded.clone(),
            health,
            status: HealthStatus::of(health),
            health_explained: explained,
            files: engine.files,
            file_counts: engine.file_counts,
            lines_read: engine.lines_read,
            lines_per_sec: engine.lines_per_sec,
            unread_bytes: engine.unread_bytes,
            ready: engine.ready,
            monitoring: engine.monitoring,
            evicted: self.evicted,
            timeline: self.timeline.view(now),
            history: None,
            bounds: Bounds {
                issue_bytes: self.bytes as u64,
                ..Default::default()
            },
            actions: Vec::new(),
        }
    }
}

/// What the engine contributes to a snapshot.
#[derive(Debug, Clone, Copy, Default)]
pub struct EngineView {
    /// Files followed.
    pub files: u64,
    /// How they share the open-file limit.
    pub file_counts: crate::follow::FileCounts,
    /// Lines read since start.
    pub lines_read: u64,
    /// Recent read rate.
    pub lines_per_sec: f64,
    /// Bytes lost before they could be read.
    pub unread_bytes: u64,
    /// Whether start-up positions are recorded.
    pub ready: bool,
    /// Whether the engine runs.
    pub monitoring: bool,
}

/// The health last worked out, and how long it holds.
#[derive(Debug)]
pub(super) struct KeptVitals {
    /// The store's version then.
    version: u64,
    /// When it was worked out.
    from: DateTime<Utc>,
    /// The first moment something leaves the window (an issue, a counted
    /// slot of occurrences) or a silence ends.
    valid_until: DateTime<Utc>,
    explained: HealthExplained,
    recent: u64,
    /// Each host's score.
    hosts: BTreeMap<String, f64>,
}

impl KeptVitals {
    fn holds(&self, version: u64, now: DateTime<Utc>) -> bool {
        self.version == version && self.from <= now && now < self.valid_until
    }
}
