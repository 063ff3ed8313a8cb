//! Writing what changed: when it is due, what is still held to write,
//! type silences first, then issues, operators' changes and positions in
//! one transaction; failures said once per kind and retried next time.

use std::sync::Arc;
use std::time::Instant;

use super::{PRUNE_EVERY, Saver, WRITE_EVERY};
use crate::model::Issue;
use crate::store::persist::PersistError;
use crate::store::state::IssueStore;

impl Saver {
    /// Writes what changed if it is time (or `force`). Failures are
    /// reported once per kind and retried next time.
    pub(crate) fn flush(&mut self, store: &IssueStore, force: bool) {
        self.prune_when_due();
        if !self.due(force) {
            return;
        }
        self.last_write = Instant::now();
        let issues = self.still_held(store);
        let current = self.positions.current();
        let saved = self.write_type_silences().and_then(|()| {
            self.db
                .save_with(issues.iter().map(|i| &**i), &self.changes, current.as_ref())
        });
        match saved {
            Ok(_) => self.written(current.is_some()),
            Err(e) => self.failed(&e),
        }
    }

    /// The hourly prune of the history by age and limits.
    fn prune_when_due(&mut self) {
        if self.last_prune.elapsed() < PRUNE_EVERY {
            return;
        }
        self.last_prune = Instant::now();
        if let Err(e) = self.db.prune(chrono::Utc::now()) {
            tracing::warn!("{e}");
        }
        self.file_bytes = self.db.file_bytes();
    }

    /// Whether to write now: something is pending and it is time (or
    /// `force`, or the first positions of the run).
    fn due(&self, force: bool) -> bool {
        let positions = self.positions.dirty;
        if self.dirty.is_empty()
            && self.changes.is_empty()
            && self.type_silences.is_empty()
            && !positions
        {
            return false;
        }
        // The first positions of a run are written at once: a logwarden
        // restarted again and again still moves on.
        let first = positions && !self.positions.written;
        force || first || self.last_write.elapsed() >= WRITE_EVERY
    }

    /// The changed issues the store still holds. One dropped from the
    /// store before it was written cannot be written any more: counted as
    /// lost, which keeps the pending set within what the store holds
    /// however long writes fail.
    fn still_held(&mut self, store: &IssueStore) -> Vec<Arc<Issue>> {
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
        issues
    }

    /// Type silences in order; what was not written is tried next time.
    fn write_type_silences(&mut self) -> Result<(), PersistError> {
        while let Some((issue_type, until)) = self.type_silences.first() {
            self.db.save_type_silence(issue_type, *until)?;
            self.type_silences.remove(0);
        }
        Ok(())
    }

    /// A write succeeded (with positions, when `with_positions`).
    fn written(&mut self, with_positions: bool) {
        self.dirty.clear();
        self.changes.clear();
        self.positions.dirty = false;
        self.positions.written |= with_positions;
        // Within the row and byte limits after every write, not only at
        // the hourly prune: a flood is bounded too.
        if let Err(e) = self.db.enforce() {
            tracing::warn!("{e}");
        }
        self.file_bytes = self.db.file_bytes();
        if self.last_error.take().is_some() {
            tracing::info!("issue history is being saved again");
        }
    }

    /// A write failed: said once per message; everything stays pending.
    fn failed(&mut self, e: &PersistError) {
        let e = e.to_string();
        if self.last_error.as_deref() != Some(e.as_str()) {
            tracing::warn!("{e}; issues stay in memory and saving is retried");
            self.last_error = Some(e);
        }
    }
}
