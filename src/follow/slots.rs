//! More files than descriptors: the files used least recently are closed
//! and reopened for their turn (as Vector does), so every file is read
//! however low the open-file limit.
//!
//! A closed file keeps its place; the periodic stat of its path (and
//! inotify hints) say when it has something to read, and it then waits
//! for a turn. Reopened, it must be the same device+inode and birth time
//! (and the next check compares its first bytes); if its path now holds
//! another file, that is a rotation: the old file is looked for in its
//! directory and finished (drains.rs), the new one read from its start.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::changes::moved_notice;
use super::fdlimit::exhausted;
use super::feed::Classify;
use super::files::FileSet;
use super::source::FileSource;
use super::{Notice, Update};
use crate::ingest::tailer::Reopened;

/// The descriptor budget and the turn order.
#[derive(Debug)]
pub(super) struct Slots {
    /// Files that may be held open at once (followed and drained together).
    pub limit: usize,
    /// The limit planned from the open-file limit; `limit` falls below it
    /// while descriptors run out (API connections, other processes) and
    /// climbs back a step per periodic check.
    planned: usize,
    /// Whether the user was told descriptors ran out.
    short_told: bool,
    /// Ticks on every open and read: the order files were last used in.
    clock: u64,
    /// Followed files held open, least recently used first.
    lru: BTreeMap<u64, PathBuf>,
    /// Followed files not held open that have something to read, in order.
    waiting: VecDeque<PathBuf>,
    queued: BTreeSet<PathBuf>,
    /// Files found but not opened: no descriptor was free.
    pub(super) unopened: BTreeSet<PathBuf>,
    /// Files opened at or after this tick are read before being closed
    /// (`u64::MAX` outside a round of turns).
    round_start: u64,
    /// No descriptor could be had: turns wait for the next periodic check.
    pub(super) starved: bool,
    /// Whether the user was told that files are closed in turn.
    told: bool,
    /// Rotated files closed at the time and not found again: what was
    /// written to them after our last read is lost.
    pub(super) lost: u64,
}

impl Slots {
    /// A budget of `limit` open files.
    pub(super) fn new(limit: usize) -> Self {
        Slots {
            limit: limit.max(1),
            planned: limit.max(1),
            short_told: false,
            clock: 0,
            lru: BTreeMap::new(),
            waiting: VecDeque::new(),
            queued: BTreeSet::new(),
            unopened: BTreeSet::new(),
            round_start: u64::MAX,
            starved: false,
            told: false,
            lost: 0,
        }
    }

    /// Records that `source` (followed at `path`) was opened or read now.
    pub(super) fn used(&mut self, path: &Path, source: &mut FileSource) {
        self.lru.remove(&source.stamp);
        self.stamp(source);
        self.lru.insert(self.clock, path.to_path_buf());
    }

    /// Records that a drained `source` was opened or read now.
    pub(super) fn stamp(&mut self, source: &mut FileSource) {
        self.clock += 1;
        source.stamp = self.clock;
    }

    /// Forgets a followed file's place in the open order (it was closed or
    /// stopped being followed).
    pub(super) fn released(&mut self, source: &FileSource) {
        self.lru.remove(&source.stamp);
    }

    /// Queues a closed file for a turn (once).
    pub(super) fn want_turn(&mut self, path: &Path) {
        if self.queued.insert(path.to_path_buf()) {
            self.waiting.push_back(path.to_path_buf());
        }
    }

    /// Whether turns can be taken now.
    pub(super) fn has_turns(&self) -> bool {
        !self.waiting.is_empty() && !self.starved
    }

    /// Files waiting for a descriptor: queued for a turn, or never opened.
    pub(super) fn waiting(&self) -> usize {
        self.waiting.len() + self.unopened.len()
    }

    /// The files opened for this round's turns were read.
    pub(super) fn round_done(&mut self) {
        self.round_start = u64::MAX;
    }

    /// A new periodic check: try again if descriptors ran out, with a
    /// little more room than last time.
    pub(super) fn new_period(&mut self) {
        self.starved = false;
        self.limit = (self.limit + (self.planned / 16).max(1)).min(self.planned);
    }

    /// Opening failed for lack of descriptors with `open` files held: the
    /// real room is smaller than the budget thought.
    pub(super) fn exhausted(&mut self, open: usize, out: &mut Vec<Update>) {
        self.starved = true;
        let limit = open.max(1);
        if limit < self.limit && !self.short_told {
            self.short_told = true;
            out.push(Notice::warning(format!(
                "no file descriptor is free with {open} files open (fewer than the {} planned); \
                 the others are read in turn",
                self.planned
            )));
        }
        self.limit = self.limit.min(limit);
    }
}

impl FileSet {
    /// Descriptors held by followed and drained files.
    pub(super) fn open_files(&self) -> usize {
        let queued = self.backlog.values().map(|q| q.len()).sum::<usize>();
        self.slots.lru.len() + queued + self.draining.iter().filter(|s| s.is_open()).count()
    }

    /// Closes the least recently used files (followed, or drained and read
    /// to their end) until one more can be opened. False when none can be
    /// closed (all were opened this round).
    pub(super) fn make_room(&mut self, cx: &mut Classify, out: &mut Vec<Update>) -> bool {
        while self.open_files() >= self.slots.limit {
            self.tell_closing(out);
            let followed = self.slots.lru.first_key_value();
            let drained = self
                .draining
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_open() && !s.has_unread())
                .min_by_key(|(_, s)| s.stamp);
            let oldest = match (followed, drained) {
                (Some((&stamp, path)), Some((_, d))) if stamp < d.stamp => Ok((stamp, path)),
                (_, Some((i, d))) => Err((d.stamp, i)),
                (Some((&stamp, path)), None) => Ok((stamp, path)),
                (None, None) => return false,
            };
            match oldest {
                Ok((stamp, _)) | Err((stamp, _)) if stamp >= self.slots.round_start => {
                    return false;
                }
                Ok((_, path)) => {
                    let path = path.clone();
                    self.close_followed(&path, cx, out);
                }
                Err((_, i)) => self.close_drained(i, cx, out),
            }
        }
        true
    }

    /// Closes the least recently used followed file so that something
    /// else (listing a directory) gets a descriptor. False if none is open.
    pub(super) fn release_one(&mut self, cx: &mut Classify, out: &mut Vec<Update>) -> bool {
        let Some((_, path)) = self.slots.lru.first_key_value() else {
            return false;
        };
        let path = path.clone();
        self.close_followed(&path, cx, out);
        true
    }

    /// Says once that files are closed in turn.
    fn tell_closing(&mut self, out: &mut Vec<Update>) {
        if !self.slots.told {
            self.slots.told = true;
            out.push(Notice::info(format!(
                "more files than the {} that may be held open (see ulimit -n): \
                 idle files are closed and reopened in turn",
                self.slots.limit
            )));
        }
    }

    /// Closes a drained file; what it may still hold is read at a later turn.
    fn close_drained(&mut self, i: usize, cx: &mut Classify, out: &mut Vec<Update>) {
        let source = &mut self.draining[i];
        self.findings.check(source, None, cx, out);
        source.close();
        source.wants_turn = source.has_unread();
    }

    /// Closes a followed file. One with news is looked at first (size and
    /// first bytes), so that what it holds unread is known and waits for a turn.
    fn close_followed(&mut self, path: &Path, cx: &mut Classify, out: &mut Vec<Update>) {
        let Some(source) = self.active.get_mut(path) else {
            self.slots.lru.retain(|_, p| p != path);
            return;
        };
        if self.dirty.remove(path) || source.rewritten() {
            self.findings.check(source, None, cx, out);
        }
        self.slots.released(source);
        source.close();
        if source.has_unread() || source.rewritten() {
            self.slots.want_turn(path);
        }
    }

    /// Opens waiting files for their turn (at most half the budget per
    /// round, so files opened this round are read before any is closed).
    pub(super) fn take_turns(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        let first = self.slots.clock + 1;
        self.slots.round_start = first;
        let mut turns = (self.slots.limit / 2).max(1);
        while turns > 0 && self.slots.has_turns() {
            if !self.make_room(cx, out) {
                // Everything open was opened this round: the next round goes
                // on. If nothing was, nothing can be closed (drained files
                // with unread bytes hold every slot): wait for the next
                // periodic check or a finished drain, not in a busy loop.
                self.slots.starved |= self.slots.clock < first;
                break;
            }
            let Some(path) = self.slots.waiting.pop_front() else {
                break;
            };
            self.slots.queued.remove(&path);
            turns -= 1;
            if let Err(e) = self.take_turn(&path, now, cx, out) {
                if exhausted(&e) {
                    self.slots.want_turn(&path);
                    self.out_of_descriptors(out);
                } else {
                    self.findings.read_error(&path, &e, out);
                }
            }
        }
    }

    fn take_turn(
        &mut self,
        path: &Path,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) -> io::Result<()> {
        let Some(source) = self.active.get_mut(path) else {
            return Ok(());
        };
        match source.reopen_at(path)? {
            Reopened::Same => {
                self.slots.used(path, source);
                self.findings.examine(source, None, cx, out)?;
                self.dirty.insert(path.to_path_buf());
            }
            moved => {
                // Rotated while closed: found at the periodic stat, or now.
                let replaced = moved == Reopened::Other;
                out.push(moved_notice(path, replaced));
                self.path_moved(path, replaced, now, cx, out);
            }
        }
        Ok(())
    }
}
