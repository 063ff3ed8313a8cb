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

use std::collections::BTreeSet;
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::rotated::RotatedFinder;
use crate::ingest::checkpoint::{Checkpoints, FileCheckpoint};
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::Start;

/// How long a truncated file's identity is remembered to recognise its copy.
const COPY_MEMORY: Duration = Duration::from_secs(60);

/// Why a start was chosen (for what the engine tells the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
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

/// A rotated file found for a checkpoint: finish it from the checkpoint.
#[derive(Debug)]
pub struct Leftover {
    /// Where it is now.
    pub path: PathBuf,
    /// The checkpoint it continues (its path names the issues).
    pub checkpoint: FileCheckpoint,
    /// Where to resume it.
    pub start: Start,
}

/// Everything known about files read before.
#[derive(Debug)]
pub struct Placement {
    entries: Vec<FileCheckpoint>,
    had_checkpoints: bool,
    previous_specs: BTreeSet<String>,
    from_start: bool,
    truncated: Vec<(FileCheckpoint, Instant)>,
}

impl Placement {
    /// Starts from the saved checkpoints (empty on a first start).
    pub fn new(saved: Checkpoints, had_checkpoints: bool, from_start: bool) -> Self {
        Placement {
            previous_specs: saved.specs.into_iter().collect(),
            entries: saved.files,
            had_checkpoints,
            from_start,
            truncated: Vec::new(),
        }
    }

    /// The places earlier runs watched.
    pub fn previous_specs(&self) -> &BTreeSet<String> {
        &self.previous_specs
    }

    /// Decides where to start `file` (at `path`, matched by `spec`).
    /// `startup` is true during the first discovery pass.
    pub fn place(
        &mut self,
        path: &Path,
        file: &File,
        meta: &Metadata,
        spec: &str,
        startup: bool,
    ) -> (Start, Reason) {
        let key = FileKey::of(meta);
        let size = meta.len();
        let same = |cp: &FileCheckpoint| {
            cp.offset <= size && cp.fingerprint.matches(file, size).unwrap_or(false)
        };
        if let Some(i) = self.entries.iter().position(|cp| cp.key == key && same(cp)) {
            let cp = self.entries.swap_remove(i);
            return (at(&cp), Reason::Resumed);
        }
        let now = Instant::now();
        self.truncated
            .retain(|(_, when)| now.duration_since(*when) < COPY_MEMORY);
        if let Some(i) = self
            .truncated
            .iter()
            .position(|(cp, _)| cp.fingerprint.len > 0 && same(cp))
        {
            let (cp, _) = self.truncated.swap_remove(i);
            return (at(&cp), Reason::Copy);
        }
        if self.entries.iter().any(|cp| cp.path == path) {
            // Kept until `leftovers` has looked for the file it described.
            return (Start::Beginning, Reason::Replaced);
        }
        let existing = startup && (!self.had_checkpoints || !self.previous_specs.contains(spec));
        match existing {
            true if self.from_start => (Start::Beginning, Reason::Existing),
            true => (Start::End, Reason::Existing),
            false => (Start::Beginning, Reason::Appeared),
        }
    }

    /// Remembers a file that was truncated after being read up to `cp`,
    /// so a copy of it that appears is not read twice.
    pub fn remember_truncated(&mut self, cp: FileCheckpoint) {
        self.truncated.push((cp, Instant::now()));
    }

    /// After the first pass: the unclaimed checkpoints whose file was
    /// rotated while we were stopped and is still present under another
    /// name in the same directory. `taken` are the keys followed and
    /// `followed` their paths.
    pub fn leftovers(
        &mut self,
        taken: &BTreeSet<FileKey>,
        followed: &BTreeSet<PathBuf>,
    ) -> Vec<Leftover> {
        let mut found = Vec::new();
        let mut claimed = taken.clone();
        let mut finder = RotatedFinder::default();
        self.entries.retain(|cp| match finder.find(cp, &claimed) {
            Some((path, key, start)) => {
                claimed.insert(key);
                found.push(Leftover {
                    path,
                    checkpoint: cp.clone(),
                    start,
                });
                false
            }
            None => true,
        });
        // What is neither followed nor found is gone, unless its file still
        // exists (not watched this time, or unreadable): keep that for later.
        self.entries
            .retain(|cp| cp.path.exists() && !followed.contains(&cp.path));
        found
    }

    /// Checkpoints not claimed by any file, carried into the next save.
    pub fn unclaimed(&self) -> &[FileCheckpoint] {
        &self.entries
    }
}

/// Resuming at a checkpoint.
pub fn at(cp: &FileCheckpoint) -> Start {
    Start::At {
        offset: cp.offset,
        line: cp.line,
    }
}
