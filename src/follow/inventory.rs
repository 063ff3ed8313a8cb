//! What the file set holds, in the order it is read: its sources, their
//! read positions (checkpoints and a digest of them), the rotated files
//! finished lately, and what is known of each to tell generations apart.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::files::FileSet;
use super::rotated::Known;
use super::source::FileSource;
use crate::ingest::checkpoint::{FileCheckpoint, Finished};
use crate::ingest::identity::FileKey;

impl FileSet {
    /// What is known of every open file (to tell its generations apart).
    pub(super) fn sources_known(&self) -> Vec<Known> {
        self.sources()
            .map(|s| Known::open(s.key(), s.fingerprint(), s.progress().0))
            .collect()
    }

    /// At start: what every file holds now is backlog (issues from it fire
    /// no healing action); earlier generations are backlog whole.
    pub(super) fn mark_backlog(&mut self) {
        let older = self
            .draining
            .iter_mut()
            .chain(self.backlog.values_mut().flatten());
        for source in older {
            source.mark_backlog(u64::MAX);
        }
        for source in self.active.values_mut() {
            let end = std::fs::metadata(source.location()).map_or(0, |m| m.len());
            source.mark_backlog(end);
        }
    }

    /// Every file, older generations first: draining, queued generations
    /// (in the order they are read), followed. Checkpoints keep this
    /// order, which breaks ties between files written in the same clock
    /// tick when they are read again after a restart.
    pub(super) fn sources(&self) -> impl Iterator<Item = &FileSource> {
        self.draining
            .iter()
            .chain(self.backlog.values().flatten())
            .chain(self.active.values())
    }

    /// A summary of every read position: when it is unchanged, so are the
    /// checkpoints (cheaper than building and comparing them).
    pub(super) fn digest(&self) -> u64 {
        let counts = [
            self.placement.unclaimed().len(),
            self.active.len(),
            self.draining.len(),
            self.placement.finished_count(),
        ];
        let mut digest = counts
            .iter()
            .fold(0u64, |d, &n| (d ^ n as u64).wrapping_mul(0x0100_0000_01b3));
        for source in self.sources() {
            let key = source.key();
            for n in [key.dev, key.ino, source.resume_offset()] {
                digest = (digest ^ n).wrapping_mul(0x0100_0000_01b3);
            }
        }
        digest
    }

    /// Checkpoints of everything followed, queued or drained, plus unclaimed ones.
    pub(super) fn checkpoints(&self) -> Vec<FileCheckpoint> {
        let mut all: Vec<FileCheckpoint> = self.sources().map(FileSource::checkpoint).collect();
        // A file read now says where it stands; an unclaimed checkpoint with
        // its inode number is an older file's (the number was reused).
        let live: BTreeSet<FileKey> = all.iter().map(|cp| cp.key).collect();
        all.extend(
            self.placement
                .unclaimed()
                .iter()
                .filter(|cp| !live.contains(&cp.key))
                .cloned(),
        );
        all
    }

    /// The rotated files read to their end lately.
    pub(super) fn finished(&self) -> Vec<Finished> {
        self.placement.finished_files()
    }

    /// Keys of the files followed or open and paths of the followed ones
    /// (for finding rotated leftovers). A drained file closed for lack of
    /// descriptors may be gone, and its inode number given to another
    /// file: its content tells instead.
    pub(super) fn followed(&self) -> (BTreeSet<FileKey>, BTreeSet<PathBuf>) {
        let keys = self
            .sources()
            .filter(|s| s.is_open())
            .chain(self.active.values())
            .map(FileSource::key)
            .collect();
        (keys, self.active.keys().cloned().collect())
    }
}
