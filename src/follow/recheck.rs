//! Looking again at the followed files: the periodic stat of every path
//! and the inotify hints. A path that names another file (or none) was
//! rotated, recreated or removed; the same inode shows growth or
//! truncation.

use std::fs;
use std::io;
use std::path::Path;
use std::time::{Instant, SystemTime};

use super::Update;
use super::changes::moved_notice;
use super::feed::Classify;
use super::files::{DRAIN_GRACE, FileSet};
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::Change;

impl FileSet {
    /// The periodic re-check: stats every followed path. A path that now
    /// names another file (or none) was rotated, recreated or removed: the
    /// old file is drained and a new file at the path is read from its
    /// start. Otherwise the stat (the same inode) shows growth or truncation.
    pub(super) fn recheck_all(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        let since = std::mem::replace(&mut self.last_recheck, SystemTime::now());
        let mut moved = Vec::new();
        let mut changed = Vec::new();
        for (path, source) in &mut self.active {
            let meta = match fs::metadata(path) {
                Ok(meta) if meta.is_file() && FileKey::of(&meta) == source.key() => {
                    if !source.is_open() {
                        // Closed for lack of descriptors: the stat says whether it needs a turn.
                        if source.needs_turn(&meta) {
                            self.slots.want_turn(path);
                        }
                        continue;
                    }
                    Some(meta)
                }
                Err(e) if e.kind() != io::ErrorKind::NotFound && !source.is_open() => continue,
                // The path cannot be looked at (its directory's permissions): the open file still can.
                Err(e) if e.kind() != io::ErrorKind::NotFound => None,
                Ok(meta) if meta.is_file() => {
                    out.push(moved_notice(path, true));
                    moved.push((path.clone(), true));
                    continue;
                }
                _ => {
                    out.push(moved_notice(path, false));
                    moved.push((path.clone(), false));
                    continue;
                }
            };
            let checked = self.findings.check(source, meta.as_ref(), cx, out);
            if checked.is_some_and(|change| change != Change::Unchanged) {
                changed.push(path.clone());
            }
        }
        self.dirty.extend(changed);
        self.settle_truncations(now, cx, out);
        for (path, replaced) in moved {
            self.path_moved(&path, replaced, now, cx, out);
            let _ = self.missed_generations(&path, since, now, cx, out);
        }
        self.recheck_closed_drains(now, DRAIN_GRACE, cx, out);
        self.drain_dirty |= !self.draining.is_empty();
        self.slots.new_period();
    }

    /// `path` names another file now (`replaced`) or none: the file that
    /// was there is drained (reopened where it went if it was closed), and
    /// a new file at the path is read from its start.
    pub(super) fn path_moved(
        &mut self,
        path: &Path,
        replaced: bool,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        self.findings.events.rotated(path);
        if let Some(mut source) = self.active.remove(path) {
            self.slots.released(&source);
            source.touch(now);
            source.wants_turn = !source.is_open();
            if self.backlog.contains_key(path) && source.is_open() {
                // Still waiting for older generations: read after them.
                self.queue(source);
            } else {
                self.draining.push(source);
                self.drain_dirty = true;
            }
        }
        self.dirty.remove(path);
        if replaced {
            self.add(path, "", false, now, cx, out);
        }
    }

    /// Re-examines the files an inotify hint named, for growth and truncation.
    pub(super) fn check_dirty(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        let mut changed = Vec::new();
        for path in &self.dirty {
            let Some(source) = self.active.get_mut(path).filter(|s| s.is_open()) else {
                continue;
            };
            let checked = self.findings.check(source, None, cx, out);
            if checked.is_some_and(|change| change != Change::Unchanged) {
                changed.push(path.clone());
            }
        }
        self.dirty.extend(changed);
        self.settle_truncations(now, cx, out);
    }
}
