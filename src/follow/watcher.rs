//! inotify (through `notify`) as a wake-up hint. Events only say "look at
//! this path soon"; the engine then stats and reads for itself, and a
//! periodic re-stat catches anything the hints miss. Where inotify is
//! unavailable or its watch limit is reached, polling alone keeps working
//! and the user is told.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::ingest::identity::FileKey;

/// A wake-up for the engine.
#[derive(Debug)]
pub(super) enum Wake {
    /// Something happened to these paths. `structural`: created, removed,
    /// renamed or changed attributes (not just written to).
    Changed {
        /// The paths involved.
        paths: Vec<PathBuf>,
        /// Whether files may have appeared or gone.
        structural: bool,
    },
    /// A chunk of standard input.
    Stdin(Vec<u8>),
    /// Standard input ended (or failed, with why).
    StdinEnd(Option<String>),
    /// Stop.
    Stop,
}

/// The notify watcher and the directories it watches.
pub(super) struct Hints {
    watcher: Option<RecommendedWatcher>,
    /// Watched directories and their identity when the watch was added.
    watched: BTreeMap<PathBuf, FileKey>,
    limit_reported: bool,
}

impl Hints {
    /// Starts a watcher that sends wakes to `tx`; when `tx` is full, sets
    /// `overflow` (the engine then re-checks everything). Returns a notice
    /// when inotify cannot be used.
    pub(super) fn new(
        enabled: bool,
        tx: SyncSender<Wake>,
        overflow: Arc<AtomicBool>,
    ) -> (Hints, Option<String>) {
        let mut hints = Hints {
            watcher: None,
            watched: BTreeMap::new(),
            limit_reported: false,
        };
        if !enabled {
            return (hints, None);
        }
        let handler = move |result: notify::Result<notify::Event>| {
            let wake = match result {
                // Opening and reading files (ours above all: every turn of a
                // closed file opens it) says nothing about their content.
                Ok(event) if is_read_access(&event.kind) => return,
                Ok(event) if event.need_rescan() => Wake::Changed {
                    paths: Vec::new(),
                    structural: true,
                },
                Ok(event) => Wake::Changed {
                    structural: is_structural(&event.kind),
                    paths: event.paths,
                },
                Err(_) => Wake::Changed {
                    paths: Vec::new(),
                    structural: true,
                },
            };
            if let Err(TrySendError::Full(_)) = tx.try_send(wake) {
                overflow.store(true, Ordering::Release);
            }
        };
        match notify::recommended_watcher(handler) {
            Ok(watcher) => hints.watcher = Some(watcher),
            Err(e) => {
                return (
                    hints,
                    Some(format!(
                        "inotify is unavailable ({e}); polling for changes instead"
                    )),
                );
            }
        }
        (hints, None)
    }

    /// Watches exactly `dirs` (adding, dropping, and re-adding directories
    /// that were replaced). Returns notices for the user.
    pub(super) fn watch(&mut self, dirs: &BTreeSet<PathBuf>) -> Vec<String> {
        let mut notices = Vec::new();
        let Some(watcher) = self.watcher.as_mut() else {
            return notices;
        };
        let stale: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(dir, key)| !dirs.contains(*dir) || dir_key(dir) != Some(**key))
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in stale {
            let _ = watcher.unwatch(&dir);
            self.watched.remove(&dir);
        }
        for dir in dirs {
            if self.watched.contains_key(dir) {
                continue;
            }
            // A directory that does not exist yet is looked for again at the next poll.
            let Some(key) = dir_key(dir) else { continue };
            match watcher.watch(dir, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.watched.insert(dir.clone(), key);
                }
                Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => {
                    if !self.limit_reported {
                        self.limit_reported = true;
                        notices.push(format!(
                            "the inotify watch limit is reached (raise fs.inotify.max_user_watches); \
                             {} and any further directories are polled instead",
                            dir.display()
                        ));
                    }
                }
                Err(_) => {}
            }
        }
        notices
    }
}

fn dir_key(dir: &std::path::Path) -> Option<FileKey> {
    fs::metadata(dir)
        .ok()
        .filter(|m| m.is_dir())
        .map(|m| FileKey::of(&m))
}

/// An open, or a close after reading: no data changed.
fn is_read_access(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if *access != AccessKind::Close(AccessMode::Write))
}

/// Plain writes are not structural; everything else may add or remove files.
fn is_structural(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Modify(ModifyKind::Data(_))
            | EventKind::Modify(ModifyKind::Any)
            | EventKind::Access(_)
    )
}
