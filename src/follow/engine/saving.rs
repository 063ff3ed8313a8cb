//! Saving the read positions: in the state directory, or handed to the
//! issue store (which saves them with its history); skipped when nothing
//! moved, retried when the directory cannot be written.

use std::collections::BTreeSet;
use std::io;

use chrono::Utc;

use super::super::files::FileSet;
use super::super::{Notice, Update};
use crate::ingest::checkpoint::{Checkpoints, StateDir};

/// Where and what the engine last saved.
pub(super) struct Saver {
    /// The state directory (none: nothing is saved).
    pub state: Option<StateDir>,
    /// The places watched so far, saved with the positions.
    pub specs_seen: BTreeSet<String>,
    /// The store saves the positions: they are sent, not written.
    to_store: bool,
    last_saved: Option<Checkpoints>,
    /// [`FileSet::digest`] when `last_saved` was written.
    saved_digest: u64,
    /// Why the last save failed, while it does.
    error: Option<io::Error>,
    /// Bytes read since positions were last saved.
    pub read_since: u64,
}

impl Saver {
    /// Nothing saved yet.
    pub(super) fn new(
        state: Option<StateDir>,
        specs_seen: BTreeSet<String>,
        to_store: bool,
    ) -> Self {
        Saver {
            state,
            specs_seen,
            to_store,
            last_saved: None,
            saved_digest: 0,
            error: None,
            read_since: 0,
        }
    }

    /// Saves the positions of `files` if they moved since the last save.
    pub(super) fn save(&mut self, files: &FileSet, pending: &mut Vec<Update>) {
        self.read_since = 0;
        if self.state.is_none() {
            return;
        }
        let Some((checkpoints, digest)) = self.changed(files) else {
            return;
        };
        let mut stamped = checkpoints.clone();
        stamped.saved_at = Some(Utc::now().timestamp_micros());
        if self.to_store {
            // Saved by the store with the issues sent before them.
            pending.push(Update::Positions(stamped));
            self.saved(checkpoints, digest);
            return;
        }
        self.write(&stamped, checkpoints, digest, pending);
    }

    /// The positions now, unless they are the ones saved last.
    fn changed(&self, files: &FileSet) -> Option<(Checkpoints, u64)> {
        let digest = files.digest();
        if self.last_saved.is_some() && digest == self.saved_digest {
            return None;
        }
        let checkpoints = Checkpoints {
            version: 1,
            files: files.checkpoints(),
            specs: self.specs_seen.iter().cloned().collect(),
            saved_at: None,
            finished: files.finished(),
        };
        if self.last_saved.as_ref() == Some(&checkpoints) {
            return None;
        }
        Some((checkpoints, digest))
    }

    fn saved(&mut self, checkpoints: Checkpoints, digest: u64) {
        self.last_saved = Some(checkpoints);
        self.saved_digest = digest;
    }

    /// Writes `stamped` to the state directory; the first failure in a row
    /// is said, the rest only remembered.
    fn write(
        &mut self,
        stamped: &Checkpoints,
        checkpoints: Checkpoints,
        digest: u64,
        pending: &mut Vec<Update>,
    ) {
        let Some(state) = &self.state else { return };
        match state.save(stamped) {
            Ok(()) => {
                self.saved(checkpoints, digest);
                self.error = None;
            }
            Err(e) => {
                if self.error.is_none() {
                    let dir = state.path().display();
                    pending.push(Notice::warning(format!(
                        "cannot save checkpoints in {dir}: {e}; will retry"
                    )));
                }
                self.error = Some(e);
            }
        }
    }

    /// What to say at shutdown when the last save failed.
    pub(super) fn unsaved_warning(&self) -> Option<Update> {
        let (Some(error), Some(state)) = (&self.error, &self.state) else {
            return None;
        };
        // A restart reads again what was read since the last save that worked.
        let since = match &self.last_saved {
            Some(_) => "since the last save that worked",
            None => "in this run",
        };
        Some(Notice::warning(format!(
            "the read positions could not be saved in {}: {error}; after a restart the lines read {since} are read and reported again",
            state.path().display()
        )))
    }
}

/// Of the positions the engine saved and those the issue store saved, the
/// newer (the store's when neither says when it was saved).
pub(super) fn newest(own: Checkpoints, stored: Option<Checkpoints>) -> Checkpoints {
    match stored {
        Some(stored) if stored.saved_at >= own.saved_at => stored,
        _ => own,
    }
}
