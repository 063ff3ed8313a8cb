//! Files logwarden must never read: its own log, its state directory, and
//! its stdout/stderr when they are redirected into a watched place (reading
//! its own "issue detected" output would report it again, forever).

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::{Path, PathBuf};

use crate::ingest::identity::FileKey;

/// Paths and files never to read.
#[derive(Debug, Default)]
pub(super) struct Exclude {
    /// Paths (canonical) and directories never to read.
    paths: Vec<PathBuf>,
    /// Files by identity.
    keys: BTreeSet<FileKey>,
}

impl Exclude {
    /// logwarden's own files: `own` (its log file, its state directory) and
    /// its stdout and stderr when they are regular files.
    pub(super) fn own_files<'a>(own: impl Iterator<Item = &'a Path>) -> Exclude {
        let mut exclude = Exclude::default();
        for path in own {
            if let Ok(meta) = fs::metadata(path) {
                exclude.keys.insert(FileKey::of(&meta));
            }
            exclude
                .paths
                .push(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
        }
        let outputs = [
            io::stdout().as_fd().try_clone_to_owned(),
            io::stderr().as_fd().try_clone_to_owned(),
        ];
        for fd in outputs.into_iter().flatten() {
            exclude.keys.extend(regular_file_key(fd.as_fd()));
        }
        exclude
    }

    /// Whether `path` is one of ours (checked before opening it).
    pub(super) fn covers_path(&self, path: &Path) -> bool {
        self.paths.iter().any(|p| path.starts_with(p))
    }

    /// Whether the file with identity `key` is one of ours.
    pub(super) fn covers_key(&self, key: FileKey) -> bool {
        self.keys.contains(&key)
    }
}

fn regular_file_key(fd: BorrowedFd<'_>) -> Option<FileKey> {
    let meta = File::from(fd.try_clone_to_owned().ok()?).metadata().ok()?;
    meta.is_file().then(|| FileKey::of(&meta))
}
