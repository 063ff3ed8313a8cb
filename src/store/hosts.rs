//! Health and open issues per host, for the host pane, `/api/logs/hosts`
//! and the metrics: the same score as the whole store's, over one host's
//! issues.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::health::{HealthStatus, explain};
use crate::model::{DetectedAt, Issue, Severity};

/// One host's standing.
#[derive(Debug, Clone, PartialEq)]
pub struct HostHealth {
    /// The host's name.
    pub host: String,
    /// Its 0-100 health score (100 when none of its issues is recent).
    pub health: f64,
    /// The score's band.
    pub status: HealthStatus,
    /// Its unresolved issues held.
    pub open: u64,
    /// Of those, critical.
    pub open_critical: u64,
    /// Its latest issue's detection time.
    pub last_issue: Option<DetectedAt>,
}

/// Scores per host of the recent issues (each with its occurrences in the
/// last five minutes), worked out at `now`.
pub(crate) fn scores<'a>(recent: &[(&'a Issue, u64)], now: DateTime<Utc>) -> BTreeMap<String, f64> {
    let mut by_host: BTreeMap<&str, Vec<(&'a Issue, u64)>> = BTreeMap::new();
    for &(issue, n) in recent {
        by_host
            .entry(issue.host.as_str())
            .or_default()
            .push((issue, n));
    }
    by_host
        .into_iter()
        .map(|(host, issues)| (host.to_owned(), explain(issues, now).score))
        .collect()
}

/// Every host with an issue held, with its score from `scores` (100 when
/// it has none recent), by name.
pub(crate) fn standing<'a>(
    issues: impl Iterator<Item = &'a Issue>,
    scores: &BTreeMap<String, f64>,
) -> Vec<HostHealth> {
    let mut hosts: BTreeMap<&str, HostHealth> = BTreeMap::new();
    for issue in issues {
        let entry = hosts.entry(issue.host.as_str()).or_insert_with(|| {
            let health = scores.get(&issue.host).copied().unwrap_or(100.0);
            HostHealth {
                host: issue.host.clone(),
                health,
                status: HealthStatus::of(health),
                open: 0,
                open_critical: 0,
                last_issue: None,
            }
        });
        if !issue.resolved {
            entry.open += 1;
            entry.open_critical += u64::from(issue.severity == Severity::Critical);
        }
        entry.last_issue = entry.last_issue.max(Some(issue.last_seen));
    }
    hosts.into_values().collect()
}

#[cfg(test)]
mod tests;
