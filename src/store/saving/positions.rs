//! The read positions saved with the issues: the engine's last, moved
//! on to the events of the issues applied since.

use std::collections::HashMap;

use crate::follow::Mark;
use crate::ingest::checkpoint::Checkpoints;
use crate::ingest::identity::FileKey;

/// What the read positions are, as of the updates applied so far.
#[derive(Debug, Default)]
pub(super) struct Positions {
    /// The engine's positions last sent.
    pub(super) base: Option<Checkpoints>,
    /// For each file with issues applied since `base`: the last one's event
    /// start and issue id.
    pub(super) marks: HashMap<FileKey, (Mark, String)>,
    /// Changed since last written.
    pub(super) dirty: bool,
    /// Written once this run (the first are written at once).
    pub(super) written: bool,
}

impl Positions {
    /// `base` with each file read since moved to its last applied event:
    /// reading resumes there, and that event, held already, is not
    /// counted again.
    pub(super) fn current(&self) -> Option<Checkpoints> {
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
