//! The host dimension of the dashboard: whether it is shown at all (more
//! than one host holds issues), the hosts worst first for the host pane,
//! a host's figures when the view is narrowed to it, and its name made
//! safe and cut for a column. Host names come from the network (syslog,
//! the ingest endpoints): they reach the screen only through [`label`].

use std::collections::BTreeMap;

use super::text::{file_name, fit, safe};
use super::view::Filters;
use crate::model::{Issue, Severity};
use crate::store::{HealthStatus, HostHealth, Snapshot};

/// Widest a host name is drawn; longer ones end in `…` (a sender may
/// name itself up to 255 bytes).
pub(super) const HOST_MAX: usize = 20;

/// Whether the dashboard shows hosts: more than one holds issues. One
/// machine following its own files looks as it always did.
pub(super) fn several(snapshot: &Snapshot) -> bool {
    snapshot.hosts.len() > 1
}

/// Whether rows carry a host column: several hosts, and the view not
/// narrowed to one (then every row would say the same, as k9s drops its
/// namespace column inside one namespace).
pub(super) fn column_shown(snapshot: &Snapshot, filters: &Filters) -> bool {
    filters.host.is_none() && several(snapshot)
}

/// `host` made inert and cut to `max` columns. An issue without a host
/// (from a history written before hosts were kept) shows `-`.
pub(super) fn label(host: &str, max: usize) -> String {
    if host.is_empty() {
        return fit("-", max);
    }
    fit(&safe(host), max)
}

/// Whether the screen says each row's host elsewhere than in its source:
/// in a host column, or in the titles of a view narrowed to one host.
pub(super) fn host_said(snapshot: &Snapshot, filters: &Filters) -> bool {
    filters.host.is_some() || several(snapshot)
}

/// Where an issue was read, for a file or source column: the file name;
/// where the host is said already ([`host_said`]), a remote issue's stream
/// (its program or file) rather than `host:stream`, saying the host twice.
pub(super) fn source_label(issue: &Issue, host_said: bool) -> &str {
    if host_said && issue.is_remote() {
        file_name(&issue.stream)
    } else {
        file_name(&issue.source_file)
    }
}

/// The hosts, worst first: lowest score, then most open critical, then
/// most open, then by name, so equal hosts keep their places between
/// snapshots.
pub(super) fn worst_first(hosts: &[HostHealth]) -> Vec<&HostHealth> {
    let mut sorted: Vec<&HostHealth> = hosts.iter().collect();
    sorted.sort_by(|a, b| {
        a.health
            .total_cmp(&b.health)
            .then(b.open_critical.cmp(&a.open_critical))
            .then(b.open.cmp(&a.open))
            .then_with(|| a.host.cmp(&b.host))
    });
    sorted
}

/// The score and band of `host`; a host holding no issue is healthy (as
/// the store scores a host with nothing recent).
pub(super) fn health_of(snapshot: &Snapshot, host: &str) -> (f64, HealthStatus) {
    snapshot
        .hosts
        .iter()
        .find(|h| h.host == host)
        .map_or((100.0, HealthStatus::Healthy), |h| (h.health, h.status))
}

/// The charts' figures over one host's issues (the store keeps them over
/// all): worked out with the feed's rows, once per snapshot and filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct HostCounts {
    /// Issues per severity.
    pub(super) severity: BTreeMap<Severity, u64>,
    /// Issues per category.
    pub(super) category: BTreeMap<String, u64>,
}

impl HostCounts {
    /// Counts the issues of `host` among `issues`.
    pub(super) fn of<'a>(issues: impl Iterator<Item = &'a Issue>, host: &str) -> HostCounts {
        let mut counts = HostCounts::default();
        let mut categories: BTreeMap<&str, u64> = BTreeMap::new();
        for issue in issues.filter(|i| i.host == host) {
            *counts.severity.entry(issue.severity).or_default() += 1;
            *categories.entry(issue.category.as_str()).or_default() += 1;
        }
        counts.category = categories
            .into_iter()
            .map(|(c, n)| (c.to_owned(), n))
            .collect();
        counts
    }
}

#[cfg(test)]
mod tests;
