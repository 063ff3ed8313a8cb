//! The counters the engine keeps current for front ends: lines read,
//! files followed, bytes lost, and the per-file status report.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::status::{FileCounts, FileStatus};

/// Counters the engine keeps current for front ends (lines/s, files watched).
#[derive(Debug, Default)]
pub struct FollowStats {
    lines: AtomicU64,
    files: AtomicU64,
    unread: AtomicU64,
    /// The last save of the read positions at shutdown failed.
    unsaved: AtomicBool,
    /// Per-file status, replaced about once a second.
    detail: Mutex<Arc<Vec<FileStatus>>>,
    /// Files closed and waiting, updated with `detail`.
    counts: Mutex<FileCounts>,
}

impl FollowStats {
    /// Lines read so far (every line, problem or not).
    pub fn lines_read(&self) -> u64 {
        self.lines.load(Ordering::Relaxed)
    }

    /// Whether the read positions could not be saved when the engine stopped.
    pub fn positions_were_unsaved(&self) -> bool {
        self.unsaved.load(Ordering::Relaxed)
    }

    pub(super) fn positions_unsaved(&self) {
        self.unsaved.store(true, Ordering::Relaxed);
    }

    /// Bytes known to have been lost before they could be read.
    pub fn unread_bytes(&self) -> u64 {
        self.unread.load(Ordering::Relaxed)
    }

    /// Files followed now.
    pub fn files(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    /// Every file's status, as of the engine's last periodic check.
    pub fn file_statuses(&self) -> Arc<Vec<FileStatus>> {
        self.detail
            .lock()
            .map(|d| Arc::clone(&d))
            .unwrap_or_default()
    }

    /// How the files share the open-file limit, as of the last check.
    pub fn file_counts(&self) -> FileCounts {
        self.counts.lock().map(|c| *c).unwrap_or_default()
    }

    pub(super) fn set_detail(&self, detail: Vec<FileStatus>, counts: FileCounts) {
        if let Ok(mut slot) = self.detail.lock() {
            *slot = Arc::new(detail);
        }
        if let Ok(mut slot) = self.counts.lock() {
            *slot = counts;
        }
    }

    pub(super) fn set(&self, lines: u64, files: u64, unread: u64) {
        self.lines.store(lines, Ordering::Relaxed);
        self.files.store(files, Ordering::Relaxed);
        self.unread.store(unread, Ordering::Relaxed);
    }
}
