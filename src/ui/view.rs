//! The feed's rows: the snapshot's issues that pass the filters, newest
//! first. Rebuilt only when the snapshot or a filter changes, never per
//! frame, so drawing stays cheap with 100k issues held.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::hosts::{HOST_MAX, HostCounts, label};
use super::pattern::Pattern;
use super::row_text::{RowText, RowTexts};
use super::text::{file_name, safe};
use crate::model::{DetectedAt, Issue, Severity};
use crate::store::Snapshot;

/// What the feed is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only issues this regex matches (event, type, category, file).
    pub include: Option<Pattern>,
    /// No issue this regex matches.
    pub exclude: Option<Pattern>,
    /// Only issues read from this file.
    pub file: Option<String>,
    /// Only issues from this host (as it names itself; untrusted).
    pub host: Option<String>,
    /// Only this severity and graver.
    pub min_severity: Option<Severity>,
    /// Only this category.
    pub category: Option<String>,
    /// Paused: only issues detected up to then.
    pub paused_at: Option<DetectedAt>,
    /// Only groups with this signal.
    pub signal: Option<SignalFilter>,
}

/// A signal the feed can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalFilter {
    /// Groups whose template was never seen before.
    NewPattern,
    /// Groups occurring far above their usual rate now.
    Spiking,
}

impl SignalFilter {
    /// What the footer calls it.
    pub fn label(self) -> &'static str {
        match self {
            SignalFilter::NewPattern => "new patterns",
            SignalFilter::Spiking => "spiking",
        }
    }

    /// Whether `issue` has the signal.
    pub fn admits(self, issue: &Issue) -> bool {
        match self {
            SignalFilter::NewPattern => issue.new_pattern,
            SignalFilter::Spiking => issue.spike_factor.is_some(),
        }
    }
}

impl Filters {
    /// The filters in effect, in words (safe to draw); the pause is not
    /// one (the header says it).
    pub fn active(&self) -> Vec<String> {
        let mut active = Vec::new();
        // The host first: the widest narrowing, as k9s names its namespace.
        if let Some(host) = &self.host {
            active.push(format!("host {}", label(host, HOST_MAX)));
        }
        if let Some(min) = self.min_severity {
            active.push(format!("{min}+"));
        }
        if let Some(category) = &self.category {
            active.push(safe(category).into_owned());
        }
        if let Some(signal) = self.signal {
            active.push(signal.label().to_string());
        }
        if let Some(include) = &self.include {
            active.push(format!("&{include}"));
        }
        if let Some(exclude) = &self.exclude {
            active.push(format!("!{exclude}"));
        }
        if let Some(file) = &self.file {
            active.push(format!("file {}", safe(file_name(file))));
        }
        active
    }

    /// True when any filter the user can clear is set (all but the pause).
    pub fn any(&self) -> bool {
        !self.active().is_empty()
    }

    /// Every filter off; the pause stays (it is not a filter to the user).
    pub fn clear(&mut self) {
        *self = Filters {
            paused_at: self.paused_at,
            ..Filters::default()
        };
    }

    /// True when `issue` is shown.
    pub fn admits(&self, issue: &Issue) -> bool {
        if self.host.as_ref().is_some_and(|h| *h != issue.host) {
            return false;
        }
        if self.min_severity.is_some_and(|min| issue.severity < min) {
            return false;
        }
        if self.category.as_ref().is_some_and(|c| *c != issue.category) {
            return false;
        }
        if self.signal.is_some_and(|s| !s.admits(issue)) {
            return false;
        }
        if self.file.as_ref().is_some_and(|f| !from_file(issue, f)) {
            return false;
        }
        if self
            .paused_at
            .is_some_and(|at| issue.timestamp.instant() > at.instant())
        {
            return false;
        }
        // The regexes last: the cheap tests above skip most of their work.
        self.include.as_ref().is_none_or(|p| p.matches(issue))
            && self.exclude.as_ref().is_none_or(|p| !p.matches(issue))
    }
}

/// Whether `issue` (or an earlier occurrence of its group) was read from `file`.
pub(super) fn from_file(issue: &Issue, file: &str) -> bool {
    issue.source_file == file || issue.sources.iter().any(|s| s == file)
}

/// Categories by how many issues each has, the largest first (ties by
/// name), for the categories chart.
pub(super) fn categories_by_count(counts: &BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut counts: Vec<(&str, u64)> = counts.iter().map(|(c, n)| (c.as_str(), *n)).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// The feed's rows for one snapshot and one set of filters.
#[derive(Debug, Clone, Default)]
pub struct FeedView {
    /// Indices into the snapshot's issues, newest first.
    pub rows: Vec<u32>,
    /// The charts' figures over the host filter's host (None: no host
    /// filter, the store's figures stand).
    pub(super) host_counts: Option<HostCounts>,
    /// The snapshot version and filters it was built for.
    built_for: Option<(u64, Filters)>,
    /// Row texts of the issues drawn so far.
    texts: RowTexts,
    /// The last id looked up and its row (forgotten when rebuilt).
    found: RefCell<Option<(String, Option<usize>)>>,
    /// The last search and the rows it matches (forgotten when rebuilt).
    matched: RefCell<Option<(Pattern, Arc<[usize]>)>>,
}

impl FeedView {
    /// Rebuilds the rows if the snapshot or filters changed since.
    pub fn refresh(&mut self, snapshot: &Snapshot, filters: &Filters) {
        let key = (snapshot.version, filters.clone());
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        self.rows = (0..snapshot.issues.len() as u32)
            .rev()
            .filter(|&i| filters.admits(&snapshot.issues[i as usize]))
            .collect();
        self.host_counts = filters
            .host
            .as_deref()
            .map(|host| HostCounts::of(snapshot.issues.iter().map(|i| &**i), host));
        self.built_for = Some(key);
        self.found.borrow_mut().take();
        self.matched.borrow_mut().take();
        self.texts.prune();
    }

    /// The rows `search` matches, in order; worked out once per view and
    /// search (a key or a new snapshot), not per frame.
    pub fn matches(&self, snapshot: &Snapshot, search: &Pattern) -> Arc<[usize]> {
        let mut matched = self.matched.borrow_mut();
        if let Some((known, rows)) = matched.as_ref()
            && known == search
        {
            return Arc::clone(rows);
        }
        let rows: Arc<[usize]> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                snapshot
                    .issues
                    .get(**i as usize)
                    .is_some_and(|issue| search.matches(issue))
            })
            .map(|(row, _)| row)
            .collect();
        *matched = Some((search.clone(), Arc::clone(&rows)));
        rows
    }

    /// What `issue`'s row shows of its text (worked out once per issue).
    pub fn row_text(&self, issue: &Arc<Issue>) -> Arc<RowText> {
        self.texts.get(issue)
    }

    /// The issue shown at `row`.
    pub fn issue<'a>(&self, snapshot: &'a Snapshot, row: usize) -> Option<&'a Arc<Issue>> {
        let index = *self.rows.get(row)?;
        snapshot.issues.get(index as usize)
    }

    /// The row showing the issue `id`, if it is shown (looked up once per
    /// view and id, not per frame).
    pub fn row_of_id(&self, snapshot: &Snapshot, id: &str) -> Option<usize> {
        let mut found = self.found.borrow_mut();
        if let Some((known, row)) = found.as_ref()
            && known == id
        {
            return *row;
        }
        let row = self.rows.iter().position(|&i| {
            snapshot
                .issues
                .get(i as usize)
                .is_some_and(|issue| issue.id == id)
        });
        *found = Some((id.to_string(), row));
        row
    }

    /// Rows shown.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no row passes the filters.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests;
