//! Where to start reading a file, given what earlier runs and this one saw.
//!
//! * A file a checkpoint knows (same device+inode, first bytes unchanged,
//!   not shorter than the checkpoint) resumes at the checkpoint.
//! * A file whose checkpointed path now holds something else (rotated,
//!   truncated or replaced while we were stopped) is read from its start;
//!   the old file is looked for in the same directory (by inode, or as a
//!   copy by fingerprint) and finished from its checkpoint.
//! * On the first start (no checkpoints) and for paths no earlier run
//!   watched, existing files are followed from their end unless
//!   `--from-start`; files that appear while we run, or that appeared
//!   while we were stopped under a place we watched, are read from byte 0.
//! * A copy of a file truncated moments ago (copytruncate) that matches a
//!   watched place continues where the truncated file was read up to.

mod leftovers;

use std::collections::{BTreeSet, VecDeque};
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::rotated::Known;
use crate::ingest::checkpoint::{Checkpoints, FileCheckpoint, Finished};
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::Start;

/// How long a truncated file's identity is remembered to recognise its copy.
const COPY_MEMORY: Duration = Duration::from_secs(60);

/// Rotated files read to their end that are remembered (newest kept).
const FINISHED_MEMORY: usize = 64;

/// Why a start was chosen (for what the engine tells the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    /// Resumed from a checkpoint.
    Resumed,
    /// The checkpointed path holds a different file now.
    Replaced,
    /// A file already there when watching began.
    Existing,
    /// A file that appeared.
    Appeared,
    /// A copy of a file read before (copytruncate).
    Copy,
}

/// A rotated file found for a checkpoint, or a generation written after
/// it: read it (from the checkpoint) before the file now at its path.
#[derive(Debug, Clone)]
pub(super) struct Leftover {
    /// Where it is now.
    pub path: PathBuf,
    /// The checkpoint it continues (its path names the issues).
    pub checkpoint: FileCheckpoint,
    /// Where to resume it.
    pub start: Start,
}

/// Where a file starts, and what of it an earlier run already handed on.
#[derive(Debug)]
pub(super) struct Placed {
    /// Where reading starts.
    pub start: Start,
    /// Why.
    pub reason: Reason,
    /// The checkpoint resumed, when one was.
    pub resumed: Option<FileCheckpoint>,
}

/// Everything known about files read before.
#[derive(Debug)]
pub(super) struct Placement {
    entries: Vec<FileCheckpoint>,
    had_checkpoints: bool,
    previous_specs: BTreeSet<String>,
    from_start: bool,
    truncated: Vec<(FileCheckpoint, Instant)>,
    /// Rotated files read to their end lately, oldest first.
    finished: VecDeque<Finished>,
    /// When the checkpoints were saved: files changed since may hold lines
    /// nobody read.
    saved_at: Option<SystemTime>,
    /// Every file the checkpoints knew, to tell generations read before.
    known: Vec<Known>,
    /// The paths the checkpoints named.
    saved_paths: BTreeSet<PathBuf>,
}

impl Placement {
    /// Starts from the saved checkpoints (empty on a first start).
    pub(super) fn new(saved: Checkpoints, had_checkpoints: bool, from_start: bool) -> Self {
        let saved_at = saved.saved_at.and_then(|micros| {
            let micros = u64::try_from(micros).ok()?;
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_micros(micros))
        });
        let mut known: Vec<Known> = saved.files.iter().map(Known::checkpoint).collect();
        known.extend(saved.finished.iter().map(Known::finished));
        let saved_paths = saved.files.iter().map(|cp| cp.path.clone()).collect();
        Placement {
            saved_paths,
            previous_specs: saved.specs.into_iter().collect(),
            entries: saved.files,
            had_checkpoints,
            from_start,
            truncated: Vec::new(),
            finished: saved.finished.into_iter().collect(),
            saved_at,
            known,
        }
    }

    /// A rotated file was read to its end and let go.
    pub(super) fn finished(&mut self, done: Finished) {
        self.finished.retain(|f| f.key != done.key);
        self.finished.push_back(done);
        while self.finished.len() > FINISHED_MEMORY {
            self.finished.pop_front();
        }
    }

    /// How many rotated files read to their end are remembered.
    pub(super) fn finished_count(&self) -> usize {
        self.finished.len()
    }

    /// The rotated files read to their end lately (saved with the checkpoints).
    pub(super) fn finished_files(&self) -> Vec<Finished> {
        self.finished.iter().cloned().collect()
    }

    /// Files read before, besides those followed now: checkpointed at the
    /// start, or read to their end since.
    pub(super) fn known(&self) -> Vec<Known> {
        let mut known = self.known.clone();
        known.extend(self.finished.iter().map(Known::finished));
        known
    }

    /// The places earlier runs watched.
    pub(super) fn previous_specs(&self) -> &BTreeSet<String> {
        &self.previous_specs
    }

    /// Decides where to start `file` (at `path`, matched by `spec`).
    /// `startup` is true during the first discovery pass.
    pub(super) fn place(
        &mut self,
        path: &Path,
        file: &File,
        meta: &Metadata,
        spec: &str,
        startup: bool,
    ) -> Placed {
        let placed = |start, reason, resumed| Placed {
            start,
            reason,
            resumed,
        };
        if let Some(cp) = self.resumable(file, meta) {
            return placed(at(&cp), Reason::Resumed, Some(cp));
        }
        if let Some(start) = self.copy_start(file, meta) {
            return placed(start, Reason::Copy, None);
        }
        if self.entries.iter().any(|cp| cp.path == path) {
            // Kept until `leftovers` has looked for the file it described.
            return placed(Start::Beginning, Reason::Replaced, None);
        }
        let existing = startup && (!self.had_checkpoints || !self.previous_specs.contains(spec));
        match existing {
            true if self.from_start => placed(Start::Beginning, Reason::Existing, None),
            true => placed(Start::End, Reason::Existing, None),
            false => placed(Start::Beginning, Reason::Appeared, None),
        }
    }

    /// The checkpoint `file` resumes at, taken from those held: the same
    /// device+inode, first bytes unchanged, not shorter.
    fn resumable(&mut self, file: &File, meta: &Metadata) -> Option<FileCheckpoint> {
        let (key, size) = (FileKey::of(meta), meta.len());
        // The furthest of those that fit: an inode number reused may have
        // left an older file's checkpoint beside this one's.
        let i = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, cp)| cp.key == key && fits(cp, file, size))
            .max_by_key(|(_, cp)| cp.offset)
            .map(|(i, _)| i)?;
        Some(self.entries.swap_remove(i))
    }

    /// Where to continue `file` when it is a copy of one read before: of a
    /// file truncated moments ago, or a rotated file read to its end that
    /// moved to a watched name.
    fn copy_start(&mut self, file: &File, meta: &Metadata) -> Option<Start> {
        let (key, size) = (FileKey::of(meta), meta.len());
        let now = Instant::now();
        self.truncated
            .retain(|(_, when)| now.duration_since(*when) < COPY_MEMORY);
        if let Some(i) = self
            .truncated
            .iter()
            .position(|(cp, _)| cp.fingerprint.len > 0 && fits(cp, file, size))
        {
            let (cp, _) = self.truncated.swap_remove(i);
            return Some(at(&cp));
        }
        let done = self.finished.iter().find(|f| {
            f.key == key && f.size <= size && f.fingerprint.matches(file, size).unwrap_or(false)
        })?;
        Some(Start::At {
            offset: done.size,
            line: None,
        })
    }

    /// Remembers a file that was truncated after being read up to `cp`,
    /// so a copy of it that appears is not read twice.
    pub(super) fn remember_truncated(&mut self, cp: FileCheckpoint) {
        self.truncated.push((cp, Instant::now()));
    }

    /// Checkpoints not claimed by any file, carried into the next save.
    pub(super) fn unclaimed(&self) -> &[FileCheckpoint] {
        &self.entries
    }
}

/// Resuming at a checkpoint.
pub(super) fn at(cp: &FileCheckpoint) -> Start {
    Start::At {
        offset: cp.offset,
        line: cp.line,
    }
}

/// Whether `file` (`size` bytes) is still the one `cp` was read from.
fn fits(cp: &FileCheckpoint, file: &File, size: u64) -> bool {
    cp.offset <= size && cp.fingerprint.matches(file, size).unwrap_or(false)
}
