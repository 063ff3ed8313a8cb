//! The reads: bodies made from one snapshot (the service caches them
//! until the next), and the watched files.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::params::SignalQuery;
use crate::follow::FollowStats;
use crate::model::{Issue, Severity};
use crate::redact::Redactor;
use crate::server::bodies::{
    CountsView, FileList, FilesBody, GroupEntry, GroupsBody, HealthBody, HealthExplanation,
    NonZero, Statistics, StatisticsBody,
};
use crate::server::issue_json::{LIST_CAPACITY, Served, Success, issue_body, issues_body, to_json};
use crate::server::respond::ApiError;
use crate::store::Snapshot;

/// `GET /api/logs/recent`: the last `limit` issues (with the signals
/// asked for), in detection order (oldest first, as the original
/// returned them).
pub(crate) fn recent(
    snap: &Snapshot,
    redactor: &Redactor,
    limit: usize,
    signals: SignalQuery,
    host: Option<&str>,
) -> Vec<u8> {
    let mut picked = newest(snap, limit, signals, host);
    picked.reverse();
    issues_body(&picked, redactor)
}

/// The last `limit` issues with the signals asked for (of `host`, when
/// one is asked for), newest first.
fn newest<'a>(
    snap: &'a Snapshot,
    limit: usize,
    signals: SignalQuery,
    host: Option<&str>,
) -> Vec<&'a Arc<Issue>> {
    let admitted = (snap.issues.iter().rev())
        .filter(|i| signals.admits(i) && host.is_none_or(|h| i.host == h));
    admitted.take(limit).collect()
}

/// `GET /api/logs/groups`: the last `limit` groups to occur (with the
/// signals asked for), newest first, each with its counts and its issue
/// (which carries the latest text and earlier occurrences).
pub(crate) fn groups(
    snap: &Snapshot,
    redactor: &Redactor,
    limit: usize,
    signals: SignalQuery,
    host: Option<&str>,
) -> Vec<u8> {
    let groups: Vec<GroupEntry<'_>> = newest(snap, limit, signals, host)
        .into_iter()
        .map(|issue| group_entry(issue, redactor))
        .collect();
    let body = GroupsBody {
        status: Success,
        count: groups.len(),
        groups,
    };
    to_json(LIST_CAPACITY, &body)
}

fn group_entry<'a>(issue: &'a Issue, redactor: &'a Redactor) -> GroupEntry<'a> {
    GroupEntry {
        category: &issue.category,
        count: issue.count,
        first_seen: issue.first_seen,
        group_id: issue.group_id.as_deref(),
        issue_type: &issue.issue_type,
        last_seen: issue.last_seen,
        new_pattern: issue.new_pattern,
        resolved: issue.resolved,
        severity: issue.severity,
        sources: &issue.sources,
        spike_factor: issue.spike_factor,
        issue: Served { issue, redactor },
    }
}

/// `GET /api/logs/critical`: CRITICAL and ERROR issues not resolved (of
/// `host`, when one is asked for).
pub(crate) fn critical(snap: &Snapshot, redactor: &Redactor, host: Option<&str>) -> Vec<u8> {
    let open: Vec<&Arc<Issue>> = (snap.issues.iter())
        .filter(|i| !i.resolved && i.severity >= Severity::Error)
        .filter(|i| host.is_none_or(|h| i.host == h))
        .collect();
    issues_body(&open, redactor)
}

/// `GET /api/logs/statistics`.
pub(crate) fn statistics(snap: &Snapshot) -> Vec<u8> {
    let severity_distribution: BTreeMap<&'static str, u64> = snap
        .severity_counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| (s.as_str(), *n))
        .collect();
    let body = StatisticsBody {
        health_score: snap.health,
        statistics: Statistics {
            category_distribution: NonZero(&snap.category_counts),
            issue_type_counts: NonZero(&snap.type_counts),
            monitored_files: snap.files,
            monitoring_status: if snap.monitoring {
                "active"
            } else {
                "inactive"
            },
            recent_issues_5min: snap.recent,
            severity_distribution,
            total_issues: snap.issues.len(),
        },
        status: Success,
    };
    to_json(1024, &body)
}

/// `GET /api/logs/health`; with `explain`, what the score is made of.
pub(crate) fn health(snap: &Snapshot, explain: bool) -> Vec<u8> {
    let body = HealthBody {
        health_score: snap.health,
        health_status: snap.status.as_str(),
        recent_issues_count: snap.recent,
        status: Success,
        explain: explain.then(|| HealthExplanation::of(&snap.health_explained)),
    };
    to_json(if explain { 2048 } else { 128 }, &body)
}

/// `GET /api/logs/issues/{id}`.
pub(crate) fn issue(snap: &Snapshot, redactor: &Redactor, id: &str) -> Result<Vec<u8>, ApiError> {
    let issue = snap
        .find(id)
        .ok_or_else(|| ApiError::not_found(format!("no issue with id {id:?}")))?;
    Ok(issue_body(issue, redactor))
}

/// `GET /api/logs/files` (none without an engine).
pub(crate) fn files(follow: Option<&FollowStats>) -> Vec<u8> {
    let files = follow.map(|f| f.file_statuses()).unwrap_or_default();
    let counts = follow.map(|f| f.file_counts()).unwrap_or_default();
    let body = FilesBody {
        count: files.len(),
        descriptors: CountsView::from(counts),
        files: FileList(&files),
        status: Success,
    };
    to_json(LIST_CAPACITY, &body)
}
