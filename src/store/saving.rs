//! The store task's link to its database: which issues changed since the
//! last write, and writing them in batches (at most once a second, at once
//! after an operator's change, and at the end).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::groups::Grouper;
use super::limits::Limits;
use super::persist::{ChangeRecord, Persist};
use super::snapshot::HistoryStatus;
use super::state::IssueStore;
use crate::follow::Mark;
use crate::ingest::checkpoint::Checkpoints;
use crate::ingest::identity::FileKey;
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
pub struct Saver {
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
    positions: Positions,
}

/// What the read positions are, as of the updates applied so far.
#[derive(Debug, Default)]
struct Positions {
    /// The engine's positions last sent.
    base: Option<Checkpoints>,
    /// For each file with issues applied since `base`: the last one's event
    /// start and issue id.
    marks: HashMap<FileKey, (Mark, String)>,
    /// Changed since last written.
    dirty: bool,
    /// Written once this run (the first are written at once).
    written: bool,
}

impl Positions {
    /// `base` with each file read since moved to its last applied event:
    /// reading resumes there, and that event, held already, is not
    /// counted again.
    fn current(&self) -> Option<Checkpoints> {
        let mut all = self.base.clone()?;
        for (key, (mark, id)) in &self.marks {
            let cp = mark.checkpoint(id);
            match all.files.iter_mut().find(|f| f.key == *key) {
                Some(slot) => *slot = cp,
                None => all.files.push(cp),
            }
        }
        Some(all)
    }
}

impl Saver {
    /// Prunes the history (retention and limits, at start as while
    /// running), loads the newest issues that fit the store's limits into
    /// `store` (and their groups into `groups`), then keeps `db` for
    /// writing.
    pub fn start(
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
        match db.load_within(limits.groups, limits.group_bytes) {
            Ok((issues, bad)) => {
                if bad > 0 {
                    tracing::warn!("{bad} stored issues could not be read and were skipped");
                }
                let n = issues.len();
                for issue in issues {
                    groups.adopt(&issue);
                    // Histories written before groups_seen existed know
                    // their groups through their issues.
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
            Err(e) => tracing::warn!("issue history not loaded: {e}"),
        }
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
            positions: Positions::default(),
        }
    }

    /// The engine's read positions (everything applied before them is
    /// covered by them).
    pub fn positions(&mut self, base: Checkpoints) {
        self.positions.base = Some(base);
        self.positions.marks.clear();
        self.positions.dirty = true;
    }

    /// The issue `id` whose event starts at `mark` was applied.
    pub fn applied(&mut self, mark: Mark, id: String) {
        if self.positions.base.is_some() {
            self.positions.marks.insert(mark.key, (mark, id));
            self.positions.dirty = true;
        }
    }

    /// The issue `id` changed.
    pub fn mark(&mut self, id: &str) {
        if self.dirty.len() >= MAX_DIRTY && !self.dirty.contains(id) {
            self.lost += 1;
            return;
        }
        self.dirty.insert(id.to_string());
    }

    /// An operator changed issue `id`: written at the next flush, which
    /// should be forced.
    pub fn log(&mut self, change: ChangeRecord) {
        self.mark(&change.id);
        self.changes.push(change);
    }

    /// An operator silenced a type (or ended its silence): written at the
    /// next flush, which should be forced.
    pub fn silence_type(&mut self, issue_type: &str, until: Option<DetectedAt>) {
        self.type_silences.push((issue_type.to_string(), until));
    }

    /// Writes what changed if it is time (or `force`). Failures are
    /// reported once per kind and retried next time.
    pub fn flush(&mut self, store: &IssueStore, force: bool) {
        if self.last_prune.elapsed() >= PRUNE_EVERY {
            self.last_prune = Instant::now();
            if let Err(e) = self.db.prune(chrono::Utc::now()) {
                tracing::warn!("{e}");
            }
            self.file_bytes = self.db.file_bytes();
        }
        let positions = self.positions.dirty;
        if self.dirty.is_empty()
            && self.changes.is_empty()
            && self.type_silences.is_empty()
            && !positions
        {
            return;
        }
        // The first positions of a run are written at once: a logwarden
        // restarted again and again still moves on.
        let first = positions && !self.positions.written;
        if !force && !first && self.last_write.elapsed() < WRITE_EVERY {
            return;
        }
        self.last_write = Instant::now();
        // An issue dropped from the store before it was written cannot be
        // written any more: counted as lost, which keeps the pending set
        // within what the store holds however long writes fail.
        let mut issues = Vec::with_capacity(self.dirty.len());
        self.dirty.retain(|id| match store.get(id) {
            Some(issue) => {
                issues.push(Arc::clone(issue));
                true
            }
            None => {
                self.lost += 1;
                false
            }
        });
        // Type silences in order; what was not written is tried next time.
        let mut written = Ok(());
        while let Some((issue_type, until)) = self.type_silences.first() {
            written = self.db.save_type_silence(issue_type, *until);
            if written.is_err() {
                break;
            }
            self.type_silences.remove(0);
        }
        let current = self.positions.current();
        let saved = written.and_then(|()| {
            self.db
                .save_with(issues.iter().map(|i| &**i), &self.changes, current.as_ref())
        });
        match saved {
            Ok(_) => {
                self.dirty.clear();
                self.changes.clear();
                self.positions.dirty = false;
                self.positions.written |= current.is_some();
                // Within the row and byte limits after every write, not
                // only at the hourly prune: a flood is bounded too.
                if let Err(e) = self.db.enforce() {
                    tracing::warn!("{e}");
                }
                self.file_bytes = self.db.file_bytes();
                if self.last_error.take().is_some() {
                    tracing::info!("issue history is being saved again");
                }
            }
            Err(e) => {
                let e = e.to_string();
                if self.last_error.as_deref() != Some(e.as_str()) {
                    tracing::warn!("{e}; issues stay in memory and saving is retried");
                    self.last_error = Some(e);
                }
            }
        }
    }

    /// How saving goes, for snapshots.
    pub fn status(&self) -> HistoryStatus {
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

#[cfg(test)]
mod tests;
