//! The shapes of the answers that are not plain issue envelopes (those
//! are in `issue_json`).
//!
//! These bodies were once built with `serde_json::json!`, which orders an
//! object's keys alphabetically; clients have always seen them so, hence
//! the field order below (and the views of the engine's file records).

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::issue_json::{Served, Success};
use crate::follow::{FileCounts, FileStatus};
use crate::model::{DetectedAt, Severity};

/// One group of `GET /api/logs/groups`: its counts, then its issue.
#[derive(Debug, Serialize)]
pub(super) struct GroupEntry<'a> {
    pub category: &'a str,
    pub count: u64,
    pub first_seen: DetectedAt,
    pub group_id: Option<&'a str>,
    pub issue_type: &'a str,
    pub last_seen: DetectedAt,
    pub new_pattern: bool,
    pub resolved: bool,
    pub severity: Severity,
    pub sources: &'a [String],
    pub spike_factor: Option<f64>,
    pub issue: Served<'a>,
}

/// `{"status":"success","groups":[...],"count":N}`.
#[derive(Debug, Serialize)]
pub(super) struct GroupsBody<'a> {
    pub status: Success,
    pub groups: Vec<GroupEntry<'a>>,
    pub count: usize,
}

/// Counts by name, the zero ones left out.
#[derive(Debug, Clone, Copy)]
pub(super) struct NonZero<'a>(pub &'a BTreeMap<String, u64>);

impl Serialize for NonZero<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().filter(|(_, n)| **n > 0))
    }
}

/// The `statistics` object of `GET /api/logs/statistics`.
#[derive(Debug, Serialize)]
pub(super) struct Statistics<'a> {
    pub category_distribution: NonZero<'a>,
    pub issue_type_counts: NonZero<'a>,
    pub monitored_files: u64,
    /// `active` or `inactive`.
    pub monitoring_status: &'static str,
    pub recent_issues_5min: u64,
    /// By severity name (so alphabetical), the zero ones left out.
    pub severity_distribution: BTreeMap<&'static str, u64>,
    pub total_issues: usize,
}

/// `GET /api/logs/statistics`.
#[derive(Debug, Serialize)]
pub(super) struct StatisticsBody<'a> {
    pub health_score: f64,
    pub statistics: Statistics<'a>,
    pub status: Success,
}

/// `GET /api/logs/health`.
#[derive(Debug, Serialize)]
pub(super) struct HealthBody<'a> {
    pub health_score: f64,
    pub health_status: &'static str,
    pub recent_issues_count: u64,
    pub status: Success,
    /// Only with `?explain=true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<HealthExplanation<'a>>,
}

/// What the health score is made of (`?explain=true`).
#[derive(Debug, Serialize)]
pub(super) struct HealthExplanation<'a> {
    pub formula: &'static str,
    pub weights: BTreeMap<&'static str, f64>,
    pub total_cost: f64,
    /// The costliest open problems, costliest first.
    pub costs: &'a [crate::store::HealthCost],
    pub others: Others,
    pub not_counted: NotCounted,
}

/// Problems counted but not listed.
#[derive(Debug, Serialize)]
pub(super) struct Others {
    pub problems: u64,
    pub cost: f64,
}

/// Recent issues that cost nothing.
#[derive(Debug, Serialize)]
pub(super) struct NotCounted {
    pub resolved: u64,
    pub silenced: u64,
}

impl<'a> HealthExplanation<'a> {
    pub(super) fn of(e: &'a crate::store::HealthExplained) -> Self {
        HealthExplanation {
            formula: crate::store::HEALTH_FORMULA,
            weights: [
                Severity::Critical,
                Severity::Error,
                Severity::Warning,
                Severity::Info,
            ]
            .into_iter()
            .map(|s| (s.as_str(), s.health_weight()))
            .collect(),
            total_cost: e.total_cost,
            costs: &e.costs,
            others: Others {
                problems: e.other_problems,
                cost: e.other_cost,
            },
            not_counted: NotCounted {
                resolved: e.resolved,
                silenced: e.silenced,
            },
        }
    }
}

/// A watched file as `GET /api/logs/files` shows it.
#[derive(Debug, Serialize)]
pub(super) struct FileView<'a> {
    pub error: Option<&'a str>,
    pub lag_bytes: u64,
    pub lines: Option<u64>,
    pub offset: u64,
    pub open: bool,
    pub path: &'a str,
    pub rotations: u64,
    pub size: u64,
    pub state: crate::follow::FileState,
    pub truncations: u64,
}

impl<'a> From<&'a FileStatus> for FileView<'a> {
    fn from(file: &'a FileStatus) -> Self {
        FileView {
            error: file.error.as_deref(),
            lag_bytes: file.lag_bytes,
            lines: file.lines,
            offset: file.offset,
            open: file.open,
            path: &file.path,
            rotations: file.rotations,
            size: file.size,
            state: file.state,
            truncations: file.truncations,
        }
    }
}

/// The watched files, each as a [`FileView`].
#[derive(Debug, Clone, Copy)]
pub(super) struct FileList<'a>(pub &'a [FileStatus]);

impl Serialize for FileList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(FileView::from))
    }
}

/// How the files share the open-file limit, as `descriptors` shows it.
#[derive(Debug, Serialize)]
pub(super) struct CountsView {
    pub closed: u64,
    pub lost: u64,
    pub open_limit: u64,
    pub waiting: u64,
}

impl From<FileCounts> for CountsView {
    fn from(counts: FileCounts) -> Self {
        CountsView {
            closed: counts.closed,
            lost: counts.lost,
            open_limit: counts.open_limit,
            waiting: counts.waiting,
        }
    }
}

/// `GET /api/logs/files`.
#[derive(Debug, Serialize)]
pub(super) struct FilesBody<'a> {
    pub count: usize,
    pub descriptors: CountsView,
    pub files: FileList<'a>,
    pub status: Success,
}

/// `POST /api/logs/groups/{group_id}/resolve` and `/unresolve`.
#[derive(Debug, Serialize)]
pub(super) struct GroupResolvedBody<'a> {
    /// Issues whose state this changed.
    pub changed: usize,
    pub group_id: &'a str,
    /// Issues of the group held.
    pub issues: usize,
    pub resolved: bool,
    pub status: Success,
}

/// `POST /api/logs/types/{type}/silence` and `/unsilence`.
#[derive(Debug, Serialize)]
pub(super) struct TypeSilencedBody<'a> {
    pub changed: usize,
    pub issue_type: &'a str,
    pub silenced_until: Option<DetectedAt>,
    pub status: Success,
}

/// `{"error":...,"status":"error"}`.
#[derive(Debug, Serialize)]
pub(super) struct ErrorBody<'a> {
    pub error: &'a str,
    pub status: &'static str,
}

/// The `data:` of an event-stream change.
#[derive(Debug, Serialize)]
pub(super) struct ChangeEvent<'a> {
    /// `new`, `updated`, `resolved` or `reopened`.
    pub change: &'static str,
    pub issue: Served<'a>,
}

/// The `data:` of an `event: lagged`.
#[derive(Debug, Serialize)]
pub(super) struct LaggedEvent {
    /// Changes the reader missed.
    pub missed: u64,
}
