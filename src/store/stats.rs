//! Issue statistics with the original API's shape, all computed from one
//! set of issues (the original mixed lifetime and last-1000 counts).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::health::is_recent;
use crate::model::Issue;

/// The `statistics` object of `GET /api/logs/statistics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// Issues known.
    pub total_issues: u64,
    /// Issues detected in the last 5 minutes (resolved ones included).
    pub recent_issues_5min: u64,
    /// Issues per severity name; only non-zero entries.
    pub severity_distribution: BTreeMap<String, u64>,
    /// Issues per category; only non-zero entries.
    pub category_distribution: BTreeMap<String, u64>,
    /// Issues per issue type; only non-zero entries.
    pub issue_type_counts: BTreeMap<String, u64>,
    /// Whether monitoring runs.
    pub monitoring_status: MonitoringStatus,
    /// How many files are being read.
    pub monitored_files: u64,
}

/// Whether the engine runs, serialized `active` or `inactive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MonitoringStatus {
    /// Monitoring runs.
    Active,
    /// It stopped (or never started).
    Inactive,
}

/// Statistics over `issues` at `now`.
pub fn statistics<'a>(
    issues: impl IntoIterator<Item = &'a Issue>,
    now: DateTime<Utc>,
    monitoring_active: bool,
    monitored_files: u64,
) -> Statistics {
    let mut stats = Statistics {
        total_issues: 0,
        recent_issues_5min: 0,
        severity_distribution: BTreeMap::new(),
        category_distribution: BTreeMap::new(),
        issue_type_counts: BTreeMap::new(),
        monitoring_status: if monitoring_active {
            MonitoringStatus::Active
        } else {
            MonitoringStatus::Inactive
        },
        monitored_files,
    };
    for issue in issues {
        stats.total_issues += 1;
        if is_recent(issue, now) {
            stats.recent_issues_5min += 1;
        }
        *stats
            .severity_distribution
            .entry(issue.severity.to_string())
            .or_default() += 1;
        *stats
            .category_distribution
            .entry(issue.category.clone())
            .or_default() += 1;
        *stats
            .issue_type_counts
            .entry(issue.issue_type.clone())
            .or_default() += 1;
    }
    stats
}
