//! What is selected: the feed's issue and the critical table's row, each
//! by identity rather than position (rows move as issues recur), and
//! where moving starts from when the selection left the view.

use super::state::{Context, UiState};
use crate::model::DetectedAt;
use crate::store::{CriticalRow, Snapshot};

/// The selected feed issue. It is followed by its id: an issue that recurs
/// moves to the top with a new time, and the selection moves with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The issue's id.
    pub id: String,
    /// Its time when selected: where moving on starts from if it leaves
    /// the view.
    pub at: DetectedAt,
}

impl Selection {
    /// `issue`, selected.
    pub fn of(issue: &crate::model::Issue) -> Selection {
        Selection {
            id: issue.id.clone(),
            at: issue.timestamp,
        }
    }
}

/// A critical-table row by what it stands for; rows re-sort as issues recur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalKey {
    /// Their severity.
    pub severity: crate::model::Severity,
    /// Their type.
    pub issue_type: String,
    /// Where they were read.
    pub source_file: String,
}

impl CriticalKey {
    /// What `row` stands for.
    pub fn of(row: &CriticalRow) -> CriticalKey {
        CriticalKey {
            severity: row.severity,
            issue_type: row.issue_type.clone(),
            source_file: row.source_file.clone(),
        }
    }

    pub(super) fn is(&self, row: &CriticalRow) -> bool {
        self.severity == row.severity
            && self.issue_type == row.issue_type
            && self.source_file == row.source_file
    }
}

impl UiState {
    /// The feed row selected now (0, the newest, while following); None
    /// when the selected issue is no longer in the view (filtered out,
    /// dropped): no neighbour stands in for it.
    pub fn feed_row(&self, cx: &Context) -> Option<usize> {
        match &self.selected {
            None => (!cx.view.is_empty()).then_some(0),
            Some(selection) => cx.view.row_of_id(cx.snapshot, &selection.id),
        }
    }

    /// Where moving in the feed starts: the selected row, or, when the
    /// selected issue left the view, the nearest older one.
    pub(super) fn feed_base(&self, cx: &Context) -> usize {
        if let Some(row) = self.feed_row(cx) {
            return row;
        }
        let Some(selection) = &self.selected else {
            return 0;
        };
        let t = selection.at.instant();
        cx.view
            .rows
            .partition_point(|&i| cx.snapshot.issues[i as usize].timestamp.instant() > t)
            .min(cx.view.len().saturating_sub(1))
    }

    /// The critical-table row selected now; None when the selected row's
    /// issues are gone from the table.
    pub fn critical_row(&self, cx: &Context) -> Option<usize> {
        let rows = self.critical_rows(cx.snapshot);
        match &self.critical {
            None => (!rows.is_empty()).then_some(0),
            Some(key) => rows.iter().position(|row| key.is(row)),
        }
    }

    /// Selects the issue on the feed's `row`, whatever row it is: an issue
    /// picked stays picked when newer ones arrive above it (only `g`
    /// follows the newest again).
    pub(super) fn select_feed_row(&mut self, cx: &Context, row: usize) {
        if let Some(issue) = cx.view.issue(cx.snapshot, row) {
            self.selected = Some(Selection::of(issue));
        }
    }

    /// The critical table's rows as shown: with a host filter, that host's
    /// only (a row is one host's: a remote row's source names its host, a
    /// local path is this machine's). Rows are few (types by sources), so
    /// they are picked per frame and key.
    pub fn critical_rows<'a>(&self, snapshot: &'a Snapshot) -> Vec<&'a CriticalRow> {
        let host = self.filters.host.as_deref();
        (snapshot.critical.iter())
            .filter(|row| host.is_none_or(|h| row.latest.host == h))
            .collect()
    }

    /// Selects the critical table's `row`.
    pub(super) fn select_critical_row(&mut self, cx: &Context, row: usize) {
        if let Some(found) = self.critical_rows(cx.snapshot).get(row) {
            self.critical = Some(CriticalKey::of(found));
        }
    }
}
