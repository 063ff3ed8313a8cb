//! The feed's rows: the snapshot's issues that pass the filters, newest
//! first. Rebuilt only when the snapshot or a filter changes, never per
//! frame, so drawing stays cheap with 100k issues held.

use std::sync::Arc;

use crate::model::{DetectedAt, Issue, Severity};
use crate::store::Snapshot;

/// What the feed is narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Case-insensitive text looked for in the event (the whole traceback),
    /// type, category and file.
    pub text: String,
    /// Only this severity and graver.
    pub min_severity: Option<Severity>,
    /// Only this category.
    pub category: Option<String>,
    /// Paused: only issues detected up to then.
    pub paused_at: Option<DetectedAt>,
}

impl Filters {
    /// True when `issue` is shown.
    pub fn admits(&self, issue: &Issue, needle: &str) -> bool {
        if self.min_severity.is_some_and(|min| issue.severity < min) {
            return false;
        }
        if self.category.as_ref().is_some_and(|c| *c != issue.category) {
            return false;
        }
        if self
            .paused_at
            .is_some_and(|at| issue.timestamp.instant() > at.instant())
        {
            return false;
        }
        needle.is_empty()
            || [
                &issue.event,
                &issue.log_line,
                &issue.issue_type,
                &issue.category,
                &issue.source_file,
            ]
            .iter()
            .any(|field| contains_ignoring_case(field, needle))
    }
}

/// Whether `haystack` contains `needle` (already lower-case), ignoring
/// case, without allocating for ASCII needles (the common case).
fn contains_ignoring_case(haystack: &str, needle: &str) -> bool {
    if !needle.is_ascii() {
        return haystack.to_lowercase().contains(needle);
    }
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
}

/// The feed's rows for one snapshot and one set of filters.
#[derive(Debug, Clone, Default)]
pub struct FeedView {
    /// Indices into the snapshot's issues, newest first.
    pub rows: Vec<u32>,
    /// The snapshot version and filters it was built for.
    built_for: Option<(u64, Filters)>,
}

impl FeedView {
    /// Rebuilds the rows if the snapshot or filters changed since.
    pub fn refresh(&mut self, snapshot: &Snapshot, filters: &Filters) {
        let key = (snapshot.version, filters.clone());
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let needle = filters.text.to_lowercase();
        self.rows = (0..snapshot.issues.len() as u32)
            .rev()
            .filter(|&i| filters.admits(&snapshot.issues[i as usize], &needle))
            .collect();
        self.built_for = Some(key);
    }

    /// The issue shown at `row`.
    pub fn issue<'a>(&self, snapshot: &'a Snapshot, row: usize) -> Option<&'a Arc<Issue>> {
        let index = *self.rows.get(row)?;
        snapshot.issues.get(index as usize)
    }

    /// The row showing the issue detected at `at` (rows are newest first,
    /// and detection times are unique and increasing).
    pub fn row_of(&self, snapshot: &Snapshot, at: DetectedAt) -> Option<usize> {
        let target = at.instant();
        let row = self
            .rows
            .partition_point(|&i| snapshot.issues[i as usize].timestamp.instant() > target);
        let found = self.issue(snapshot, row)?;
        (found.timestamp.instant() == target).then_some(row)
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
