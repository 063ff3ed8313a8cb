//! What readers see of the store: vitals (health, recent issues) and
//! snapshots, with what the engine contributes.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{IssueStore, id_hash};
use crate::model::Issue;
use crate::store::health::{HealthExplained, HealthStatus, explain, is_recent};
use crate::store::snapshot::{Bounds, Snapshot};
use crate::store::timeline::Timeline;

impl IssueStore {
    /// The health score at `now`, explained, and how many issues are
    /// recent: issues are held in detection order, so only the recent tail
    /// is looked at.
    pub fn vitals(&self, now: DateTime<Utc>) -> (HealthExplained, u64) {
        let recent = || {
            self.issues
                .iter()
                .rev()
                .take_while(move |i| is_recent(i, now))
                .map(|i| &**i)
        };
        let counted = recent().map(|i| (i, self.recent.count(id_hash(&i.id), now)));
        (explain(counted, now), recent().count() as u64)
    }

    /// Samples the health score at `now` into the timeline (the store
    /// task does it once a second; the minute keeps its lowest).
    pub fn sample_health(&mut self, now: DateTime<Utc>) {
        let (explained, _) = self.vitals(now);
        self.timeline.sample_health(now, explained.score);
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
        Snapshot {
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
