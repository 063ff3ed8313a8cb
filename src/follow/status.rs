//! What the engine reports about each file (`GET /api/logs/files`):
//! where reading stands, how far behind the file's end, rotations and
//! truncations seen, the last error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::files::FileSet;
use super::source::FileSource;

/// One file as the engine sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileStatus {
    /// Its path (canonical when it was found).
    pub path: String,
    /// Whether it is followed, drained or unreadable.
    pub state: FileState,
    /// Bytes read and classified (up to the last complete line).
    pub offset: u64,
    /// The file's size when last looked at.
    pub size: u64,
    /// Bytes written but not yet read.
    pub lag_bytes: u64,
    /// Lines read from it, when counted from its start.
    pub lines: Option<u64>,
    /// Times the path was rotated, replaced or removed.
    pub rotations: u64,
    /// Times the file was truncated or rewritten in place.
    pub truncations: u64,
    /// The last error opening or reading it, if it has not recovered.
    pub error: Option<String>,
    /// Whether a descriptor is held for it. Beyond the open-file limit,
    /// idle files are closed and reopened for their turn.
    pub open: bool,
}

/// Where a file stands with the engine; shown as `following`, `draining`
/// or `unreadable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileState {
    /// Followed at its path.
    Following,
    /// Rotated or removed: read to its end, then let go.
    Draining,
    /// Its path could not be opened; retried.
    Unreadable,
}

/// How the files share the open-file limit (`GET /api/logs/files`, /metrics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// Files that may be held open at once.
    pub open_limit: u64,
    /// Files followed or drained but not held open (looked at by stat).
    pub closed: u64,
    /// Files with something to read (or never opened) waiting for a descriptor.
    pub waiting: u64,
    /// Rotated files that were closed and could not be found again: what
    /// was written to them after our last read was lost.
    pub lost: u64,
}

/// Rotation and truncation counts by path.
#[derive(Debug, Default)]
pub(super) struct Events {
    rotations: BTreeMap<PathBuf, u64>,
    truncations: BTreeMap<PathBuf, u64>,
}

impl Events {
    /// Counts a rotation (or replacement, or removal) of `path`.
    pub(super) fn rotated(&mut self, path: &Path) {
        *self.rotations.entry(path.to_path_buf()).or_default() += 1;
    }

    /// Counts a truncation of `path`.
    pub(super) fn truncated(&mut self, path: &Path) {
        *self.truncations.entry(path.to_path_buf()).or_default() += 1;
    }

    /// (rotations, truncations) of `path`.
    pub(super) fn of(&self, path: &Path) -> (u64, u64) {
        (
            self.rotations.get(path).copied().unwrap_or(0),
            self.truncations.get(path).copied().unwrap_or(0),
        )
    }
}

impl FileSet {
    /// Every file followed, drained or unreadable, for the status report.
    pub(super) fn statuses(&self) -> Vec<FileStatus> {
        let status = |source: &FileSource, state| {
            let (offset, size, lines) = source.progress();
            let (rotations, truncations) = self.findings.events.of(&source.path);
            FileStatus {
                path: source.path.display().to_string(),
                state,
                offset,
                size,
                lag_bytes: size.saturating_sub(offset),
                lines,
                rotations,
                truncations,
                error: self.findings.read_errors.get(&source.path).cloned(),
                open: source.is_open(),
            }
        };
        let mut all: Vec<FileStatus> = self
            .active
            .values()
            .map(|s| status(s, FileState::Following))
            .collect();
        all.extend(self.draining.iter().map(|s| status(s, FileState::Draining)));
        all.extend(self.unreadable.iter().map(|(path, error)| {
            let (rotations, truncations) = self.findings.events.of(path);
            FileStatus {
                path: path.display().to_string(),
                state: FileState::Unreadable,
                offset: 0,
                size: 0,
                lag_bytes: 0,
                lines: None,
                rotations,
                truncations,
                error: Some(error.clone()),
                open: false,
            }
        }));
        all
    }

    /// How many files are closed, waiting or lost, within what limit.
    pub(super) fn counts(&self) -> FileCounts {
        let all = self.active.values().chain(&self.draining);
        let closed = all.filter(|s| !s.is_open()).count();
        let drains = self.draining.iter();
        let drains_waiting = drains.filter(|s| !s.is_open() && s.wants_turn).count();
        FileCounts {
            open_limit: self.slots.limit as u64,
            closed: closed as u64,
            waiting: (self.slots.waiting() + drains_waiting) as u64,
            lost: self.slots.lost,
        }
    }
}

#[cfg(test)]
mod tests;
