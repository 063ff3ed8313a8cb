//! An immutable view of the store at one moment, shared by the dashboard
//! and the API (readers never lock the writer).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::health::{HealthExplained, HealthStatus};
use super::timeline::Timeline;
use crate::follow::FileCounts;
use crate::model::{Issue, Severity};

/// Everything a front end shows, taken at `taken_at`.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Increases with every change (a reader redraws when it moves).
    pub version: u64,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
    /// Issues, oldest first (detection order).
    pub issues: Vec<Arc<Issue>>,
    /// Issues per severity, over every issue held.
    pub severity_counts: BTreeMap<Severity, u64>,
    /// Issues per category, over every issue held.
    pub category_counts: BTreeMap<String, u64>,
    /// Issues per type, over every issue held.
    pub type_counts: BTreeMap<String, u64>,
    /// Issues detected since start by (type, severity), evicted ones included.
    pub detected: BTreeMap<(String, Severity), u64>,
    /// Of `detected`, events counted under a (type, severity) they left as
    /// they grew (and counted again under the new one): counters only rise.
    pub regraded: BTreeMap<(String, Severity), u64>,
    /// The 0-100 health score at `taken_at`.
    pub health: f64,
    /// The band the score falls in.
    pub status: HealthStatus,
    /// What the score is made of.
    pub health_explained: HealthExplained,
    /// Each host with an issue held: its score and open issues, by name.
    pub hosts: Vec<super::HostHealth>,
    /// Issues detected in the last 5 minutes (resolved ones included).
    pub recent: u64,
    /// Files being followed.
    pub files: u64,
    /// How the files share the open-file limit (closed, waiting, lost).
    pub file_counts: FileCounts,
    /// Lines read since start.
    pub lines_read: u64,
    /// Lines read per second, over the last few seconds.
    pub lines_per_sec: f64,
    /// Bytes written to followed files but lost before they could be read
    /// (truncated with no copy left).
    pub unread_bytes: u64,
    /// Whether the engine has recorded where every existing file starts.
    pub ready: bool,
    /// Whether the engine is running.
    pub monitoring: bool,
    /// Issues dropped to stay within the store's capacity.
    pub evicted: u64,
    /// The critical-issues table.
    pub critical: Vec<CriticalRow>,
    /// The last hour, minute by minute: occurrences by severity, health.
    pub timeline: Timeline,
    /// How saving the history goes (`None`: no history, memory only).
    pub history: Option<HistoryStatus>,
    /// What the limits keep and have let go.
    pub bounds: Bounds,
    /// Each healing action's breaker and counts (empty without actions).
    pub actions: Vec<crate::heal::ActionStatus>,
}

/// What the store's limits hold and have let go (see [`crate::store::Limits`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bounds {
    /// Estimated bytes of the issues held.
    pub issue_bytes: u64,
    /// Templates held, their bytes, evicted, generalised; groups forgotten.
    pub groups: super::groups::GroupCounts,
    /// Group ids remembered as seen.
    pub seen_groups: u64,
    /// Group ids forgotten beyond their limit.
    pub seen_forgotten: u64,
}

/// How saving the issue history goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryStatus {
    /// The last write's error, while writes fail (full disk, read-only).
    pub failing: Option<String>,
    /// Changed issues waiting to be written.
    pub unsaved: u64,
    /// Changes never written: the issue left the store (dropped to make
    /// room) before a write succeeded.
    pub lost: u64,
    /// Issues in the history.
    pub rows: u64,
    /// Bytes the database takes on disk (file and write-ahead log).
    pub bytes: u64,
    /// Issues pruned from the history since start (age, count or bytes).
    pub pruned: u64,
}

/// A row of the critical-issues table: unresolved CRITICAL/ERROR issues of
/// one type from one source.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalRow {
    /// Their severity.
    pub severity: Severity,
    /// Their type.
    pub issue_type: String,
    /// Where they were read.
    pub source_file: String,
    /// How many times they happened (a grouped issue counts its occurrences).
    pub count: u64,
    /// The newest of them.
    pub latest: Arc<Issue>,
}

impl Snapshot {
    /// An empty snapshot (before anything was read).
    pub fn empty() -> Snapshot {
        Snapshot {
            version: 0,
            taken_at: Utc::now(),
            issues: Vec::new(),
            severity_counts: BTreeMap::new(),
            category_counts: BTreeMap::new(),
            type_counts: BTreeMap::new(),
            detected: BTreeMap::new(),
            regraded: BTreeMap::new(),
            health: 100.0,
            status: HealthStatus::Healthy,
            health_explained: HealthExplained::default(),
            hosts: Vec::new(),
            recent: 0,
            files: 0,
            file_counts: FileCounts::default(),
            lines_read: 0,
            lines_per_sec: 0.0,
            unread_bytes: 0,
            ready: false,
            monitoring: false,
            evicted: 0,
            critical: Vec::new(),
            timeline: Timeline::default(),
            history: None,
            bounds: Bounds::default(),
            actions: Vec::new(),
        }
    }

    /// The issue with `id`, if held.
    pub fn find(&self, id: &str) -> Option<&Arc<Issue>> {
        self.issues.iter().rev().find(|i| i.id == id)
    }
}

#[cfg(test)]
/// Unresolved CRITICAL and ERROR issues by (severity, type, source), most
/// grave first, then most numerous, then newest: computed from scratch
/// (the store keeps the same table incrementally; tests compare the two).
pub(crate) fn critical_rows(issues: &[Arc<Issue>]) -> Vec<CriticalRow> {
    let mut rows: BTreeMap<(Severity, &str, &str), CriticalRow> = BTreeMap::new();
    for issue in issues.iter().rev() {
        if issue.resolved || issue.severity < Severity::Error {
            continue;
        }
        let key = (
            issue.severity,
            issue.issue_type.as_str(),
            issue.source_file.as_str(),
        );
        let row = rows.entry(key).or_insert_with(|| CriticalRow {
            severity: issue.severity,
            issue_type: issue.issue_type.clone(),
            source_file: issue.source_file.clone(),
            count: 0,
            latest: issue.clone(),
        });
        row.count += issue.count.max(1);
        if row.latest.timestamp.instant() < issue.timestamp.instant() {
            row.latest = issue.clone();
        }
    }
    let mut rows: Vec<CriticalRow> = rows.into_values().collect();
    rows.sort_by(table_order);
    rows
}

/// The table's order: most grave first, then most numerous, then newest
/// (then by name, so equal rows never swap places between snapshots).
pub(super) fn table_order(a: &CriticalRow, b: &CriticalRow) -> std::cmp::Ordering {
    b.severity
        .cmp(&a.severity)
        .then(b.count.cmp(&a.count))
        .then(
            b.latest
                .timestamp
                .instant()
                .cmp(&a.latest.timestamp.instant()),
        )
        .then_with(|| a.issue_type.cmp(&b.issue_type))
        .then_with(|| a.source_file.cmp(&b.source_file))
}
