//! What an earlier run's checkpoints left behind: files rotated while
//! logwarden was stopped (under another name, maybe compressed) and the
//! generations written after them that nobody read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::super::rotated::{Candidate, RotatedFinder};
use super::{Leftover, Placement};
use crate::ingest::checkpoint::FileCheckpoint;
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::Start;

impl Placement {
    /// After the first pass: for each unclaimed checkpoint whose file was
    /// rotated while we were stopped, the file (under another name, maybe
    /// compressed) and every generation written after it that nobody read,
    /// oldest first. `taken` are the keys followed and `followed` their
    /// paths; `asked` tells the paths the places asked for now name. The
    /// checkpoints of paths not asked for are left alone (their files are
    /// not read, whatever happened to them) and kept for a run that asks.
    pub(crate) fn leftovers(
        &mut self,
        taken: &BTreeSet<FileKey>,
        followed: &BTreeSet<PathBuf>,
        asked: &dyn Fn(&Path) -> bool,
    ) -> Vec<Leftover> {
        let mut claimed = taken.clone();
        let mut finder = RotatedFinder::default();
        let (mut kept, entries): (Vec<_>, Vec<_>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|cp| !asked(&cp.path) && !followed.contains(&cp.path));
        self.entries = entries;
        let mut found = self.rotated_files(&mut finder, &mut claimed);
        found.extend(self.unread_generations(&mut finder, &mut claimed, followed, asked));
        // What is neither followed nor found is gone, unless its file still
        // exists (unreadable now): keep that for later.
        self.entries
            .retain(|cp| cp.path.exists() && !followed.contains(&cp.path));
        self.entries.append(&mut kept);
        // Oldest first: the oldest is the first a later rotation deletes.
        found.sort_by_cached_key(|l| (l.checkpoint.path.clone(), modified(&l.path)));
        found
    }

    /// The files of the checkpoints no followed file claimed, found again;
    /// their checkpoints are let go.
    fn rotated_files(
        &mut self,
        finder: &mut RotatedFinder,
        claimed: &mut BTreeSet<FileKey>,
    ) -> Vec<Leftover> {
        let mut found = Vec::new();
        // Files whose content vouches for them first; then a same inode
        // with other content (truncated before its rename), which may also
        // be a new file given a deleted one's inode number: another
        // checkpoint's file, if one matched.
        // The furthest first, for the same reason as in `place`.
        self.entries.sort_by_key(|cp| std::cmp::Reverse(cp.offset));
        for truncated_ok in [false, true] {
            self.entries.retain(|cp| {
                let located = finder.find(cp, claimed, truncated_ok);
                for (path, key, start) in &located {
                    claimed.insert(*key);
                    found.push(Leftover {
                        path: path.clone(),
                        checkpoint: cp.clone(),
                        start: *start,
                    });
                }
                located.is_empty()
            });
        }
        found
    }

    /// Generations of the places saved last time, written since that save
    /// and read by nobody.
    fn unread_generations(
        &self,
        finder: &mut RotatedFinder,
        claimed: &mut BTreeSet<FileKey>,
        followed: &BTreeSet<PathBuf>,
        asked: &dyn Fn(&Path) -> bool,
    ) -> Vec<Leftover> {
        let mut found = Vec::new();
        let Some(since) = self.saved_at else {
            return found;
        };
        let known = self.known();
        // Every place still asked for (its file followed or awaited),
        // resumed or not: a copy of it taken while we were stopped holds
        // lines even when the file itself looks untouched (nothing of
        // it had been read, so nothing tells it was truncated).
        let asked = self
            .saved_paths
            .iter()
            .filter(|p| followed.contains(*p) || (!p.exists() && asked(p)));
        for path in asked {
            for generation in finder.unread_generations(path, since, claimed, &known) {
                claimed.insert(generation.key);
                found.push(generation_from(path, generation));
            }
        }
        found
    }
}

/// When the file at `path` was last written (the epoch if unknown).
fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// A generation nobody read, to be read whole under the name of `path`.
fn generation_from(path: &Path, c: Candidate) -> Leftover {
    Leftover {
        path: c.path,
        checkpoint: FileCheckpoint {
            path: path.to_path_buf(),
            key: c.key,
            fingerprint: Default::default(),
            offset: 0,
            line: Some(0),
            applied: None,
        },
        start: Start::Beginning,
    }
}
