//! The store task's link to its database: which issues changed since the
//! last write, and writing them in batches (at most once a second, at once
//! after an operator's change, and at the end).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::groups::Grouper;
use super::limits::Limits;
use super::persist::{ChangeRecord, Persist};
use super::snapshot::HistoryStatus;
use super::state::IssueStore;
use crate::follow::Mark;
use crate::ingest::checkpoint::Checkpoints;
use crate::model::DetectedAt;
use crate::signals::Signals;

/// Longest wait before changed issues are written.
const WRITE_EVERY: Duration = Duration::from_millis(500);

/// How often old history is pruned while running.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Changed issues remembered between two writes at most (a backstop: a
/// write attempt forgets those the store no longer holds), beyond which
/// changes are given up and counted.
const MAX_DIRTY: usize = 200_000;

/// Pending writes.
#[derive(Debug)]
pub(super) struct Saver {
    db: Persist,
    /// The database's bytes on disk after the last write or prune.
    file_bytes: u64,
    dirty: HashSet<String>,
    changes: Vec<ChangeRecord>,
    last_write: Instant,
    last_prune: Instant,
    last_error: Option<String>,
    /// Changes given up on because writing kept failing.
    pub lost: u64,
    /// Type silences not written yet.
    type_silences: Vec<(String, Option<DetectedAt>)>,
    /// Read positions: the engine's last, and where the events of the
    /// issues applied since then start.
    positions: positions::Positions,
}

impl Saver {
    /// Prunes the history (retention and limits, at start as while
    /// running), loads the newest issues that fit the store's limits into
    /// `store` (and their groups into `groups`), then keeps `db` for
    /// writing.
    pub(super) fn start(
        mut db: Persist,
        store: &mut IssueStore,
        groups: &mut Grouper,
        signals: &mut Signals,
        limits: &Limits,
    ) -> Saver {
        match db.prune(chrono::Utc::now()) {
            Ok(0) => {}
            Ok(n) => tracing::info!("{n} issues pruned from the history (retention and limits)"),
            Err(e) => tracing::warn!("{e}"),
        }
        load_issues(&db, store, groups, signals, limits);
        load_remembered(&db, store, signals);
        let file_bytes = db.file_bytes();
        Saver {
            db,
            file_bytes,
            dirty: HashSet::new(),
            changes: Vec::new(),
            last_write: Instant::now(),
            last_prune: Instant::now(),
            last_error: None,
            lost: 0,
            type_silences: Vec::new(),
            positions: positions::Positions::default(),
        }
    }

    /// The engine's read positions (everything applied before them is
    /// covered by them).
    pub(super) fn positions(&mut self, base: Checkpoints) {
        self.positions.base = Some(base);
        self.positions.marks.clear();
        self.positions.dirty = true;
    }

    /// The issue `id` whose event starts at `mark` was applied.
    pub(super) fn applied(&mut self, mark: Mark, id: String) {
        if self.positions.base.is_some() {
            self.positions.marks.insert(mark.key, (mark, id));
            self.positions.dirty = true;
        }
    }

    /// The issue `id` changed.
    pub(super) fn mark(&mut self, id: &str) {
        if self.dirty.len() >= MAX_DIRTY && !self.dirty.contains(id) {
            self.lost += 1;
            return;
        }
        self.dirty.insert(id.to_string());
    }

    /// An operator changed issue `id`: written at the next flush, which
    /// should be forced.
    pub(super) fn log(&mut self, change: ChangeRecord) {
        self.mark(&change.id);
        self.changes.push(change);
    }

    /// An operator silenced a type (or ended its silence): written at the
    /// next flush, which should be forced.
    pub(super) fn silence_type(&mut self, issue_type: &str, until: Option<DetectedAt>) {
        self.type_silences.push((issue_type.to_string(), until));
    }

    /// How saving goes, for snapshots.
    pub(super) fn status(&self) -> HistoryStatus {
        HistoryStatus {
            failing: self.last_error.clone(),
            unsaved: self.dirty.len() as u64,
            lost: self.lost,
            rows: self.db.row_count() as u64,
            bytes: self.file_bytes,
            pruned: self.db.pruned(),
        }
    }
}

/// Loads the newest issues of `db` that fit the store's `limits` into
/// `store`, their groups into `groups` and `signals`.
fn load_issues(
    db: &Persist,
    store: &mut IssueStore,
    groups: &mut Grouper,
    signals: &mut Signals,
    limits: &Limits,
) {
    let (issues, bad) = match db.load_within(limits.groups, limits.group_bytes) {
        Ok(loaded) => loaded,
        Err(e) => {
            tracing::warn!("issue history not loaded: {e}");
            return;
        }
    };
    if bad > 0 {
        tracing::warn!("{bad} stored issues could not be read and were skipped");
    }
    let n = issues.len();
    for issue in issues {
        groups.adopt(&issue);
        // Histories written before groups_seen existed know their groups
        // through their issues.
        if let Some(group) = &issue.group_id {
            signals.learn(group);
        }
        for dropped in store.insert(issue) {
            groups.forget(&dropped.issue.id);
        }
        groups.trim(|held| store.needs_attention(held));
    }
    if n > 0 {
        tracing::info!("{n} issues loaded from {}", db.path().display());
    }
}

/// What `db` remembers besides issues: groups seen (into `signals`) and
/// type silences still running (into `store`).
fn load_remembered(db: &Persist, store: &mut IssueStore, signals: &mut Signals) {
    match db.seen_groups() {
        Ok(seen) => seen.iter().for_each(|g| signals.learn(g)),
        Err(e) => tracing::warn!("groups seen before not loaded: {e}"),
    }
    match db.type_silences(chrono::Utc::now()) {
        Ok(silences) => {
            for (issue_type, until) in silences {
                store.silence_type(&issue_type, Some(until));
            }
        }
        Err(e) => tracing::warn!("type silences not loaded: {e}"),
    }
}

mod flush;
mod positions;
#[cfg(test)]
mod tests;
