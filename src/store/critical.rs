//! The critical-issues table kept up to date as issues come and go, so a
//! snapshot costs the number of rows, not the number of issues held.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use super::snapshot::{CriticalRow, table_order};
use crate::model::{Issue, Severity};

type Key = (Severity, String, String);

/// Whether an issue belongs in the table: unresolved CRITICAL or ERROR.
pub(crate) fn in_table(issue: &Issue) -> bool {
    !issue.resolved && issue.severity >= Severity::Error
}

fn key_of(issue: &Issue) -> Key {
    (
        issue.severity,
        issue.issue_type.clone(),
        issue.source_file.clone(),
    )
}

/// One row in the making: its count and newest issue (`None` while the
/// newest was just removed and the next one is not yet looked up).
#[derive(Debug)]
struct Entry {
    count: u64,
    latest: Option<Arc<Issue>>,
}

/// Rows by (severity, type, source).
#[derive(Debug, Default)]
pub(crate) struct CriticalIndex {
    rows: HashMap<Key, Entry>,
    stale: usize,
}

impl CriticalIndex {
    /// Counts `issue`, which is in the table (see [`in_table`]).
    pub(crate) fn add(&mut self, issue: &Arc<Issue>) {
        let entry = self.rows.entry(key_of(issue)).or_insert_with(|| Entry {
            count: 0,
            latest: Some(Arc::clone(issue)),
        });
        // Occurrences, not rows: a grouped issue counts as often as it happened.
        entry.count += issue.count.max(1);
        match &entry.latest {
            Some(latest) if latest.timestamp.instant() >= issue.timestamp.instant() => {}
            Some(_) => entry.latest = Some(Arc::clone(issue)),
            // Stale: the lookup will compare against this one too.
            None => {}
        }
    }

    /// Uncounts `issue` (it was in the table, and has now left the store or
    /// been resolved). Call [`CriticalIndex::settle`] once the store is
    /// consistent again.
    pub(crate) fn remove(&mut self, issue: &Issue) {
        let key = key_of(issue);
        let Some(entry) = self.rows.get_mut(&key) else {
            return;
        };
        entry.count = entry.count.saturating_sub(issue.count.max(1));
        if entry.count == 0 {
            if entry.latest.is_none() {
                self.stale -= 1;
            }
            self.rows.remove(&key);
        } else if entry.latest.as_ref().is_some_and(|l| l.id == issue.id) {
            entry.latest = None;
            self.stale += 1;
        }
    }

    /// Finds the newest issue of every row whose newest was removed: one
    /// pass from the newest end, stopping once all are found when `issues`
    /// are in detection order (as the engine inserts them), else a full pass.
    pub(crate) fn settle(&mut self, issues: &VecDeque<Arc<Issue>>, in_order: bool) {
        if self.stale == 0 {
            return;
        }
        for issue in issues.iter().rev() {
            if !in_table(issue) {
                continue;
            }
            let Some(entry) = self.rows.get_mut(&key_of(issue)) else {
                continue;
            };
            let newer = entry
                .latest
                .as_ref()
                .is_none_or(|l| l.timestamp.instant() < issue.timestamp.instant());
            if entry.latest.is_none() {
                self.stale -= 1;
            }
            if newer {
                entry.latest = Some(Arc::clone(issue));
            }
            if self.stale == 0 && in_order {
                break;
            }
        }
        // Counted but not found (cannot happen while counts are right):
        // drop such rows rather than show a row without an issue.
        self.rows.retain(|_, e| e.latest.is_some());
        self.stale = 0;
    }

    /// The table: most grave first, then most numerous, then newest.
    pub(crate) fn rows(&self) -> Vec<CriticalRow> {
        let mut rows: Vec<CriticalRow> = self
            .rows
            .iter()
            .filter_map(|((severity, issue_type, source_file), e)| {
                Some(CriticalRow {
                    severity: *severity,
                    issue_type: issue_type.clone(),
                    source_file: source_file.clone(),
                    count: e.count,
                    latest: Arc::clone(e.latest.as_ref()?),
                })
            })
            .collect();
        rows.sort_by(table_order);
        rows
    }
}
