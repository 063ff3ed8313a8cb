//! The set of followed files: discovery, identity, rotation, truncation,
//! unreadable files, and draining rotated files to their end.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::changes::{Findings, describe_start};
use super::exclude::Exclude;
use super::fdlimit::exhausted;
use super::feed::Classify;
use super::placement::{Leftover, Placement};
use super::slots::Slots;
use super::source::FileSource;
use super::{Notice, Update};
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::{Change, open_regular};

/// A rotated or removed file is read until it has been quiet this long.
pub(super) const DRAIN_GRACE: Duration = Duration::from_secs(5);

/// Every file being followed or drained.
pub struct FileSet {
    pub(super) active: BTreeMap<PathBuf, FileSource>,
    pub(super) draining: Vec<FileSource>,
    /// Earlier generations of a followed path (rotated while we were
    /// stopped, or the copy of a file truncated before we had read it all),
    /// read one after the other, oldest first, before the file now at
    /// that path. Held open until read to their end.
    pub(super) backlog: BTreeMap<PathBuf, VecDeque<FileSource>>,
    /// Earlier generations found at start that wait for a descriptor, in
    /// order (their path's backlog stays, so its file waits too).
    pub(super) leftovers_waiting: VecDeque<Leftover>,
    /// Bytes known to have been written but lost before they could be
    /// read (truncated with no copy left).
    pub unread_bytes: u64,
    /// When every path was last re-checked: generations written since
    /// that nobody saw are looked for when a path is rotated.
    pub(super) last_recheck: SystemTime,
    /// Paths that could not be opened, with the error last reported.
    pub(super) unreadable: BTreeMap<PathBuf, String>,
    /// Followed files (held open) to check and read this round.
    pub(super) dirty: BTreeSet<PathBuf>,
    pub(super) drain_dirty: bool,
    /// The descriptor budget: which files are held open, which wait.
    pub(super) slots: Slots,
    /// Truncations, rotations and read errors found by checks.
    pub(super) findings: Findings,
    /// Where to start new files.
    pub placement: Placement,
    exclude: Exclude,
    pub(super) line_cap: usize,
}

impl FileSet {
    /// An empty set.
    pub fn new(placement: Placement, exclude: Exclude, line_cap: usize, slots: Slots) -> Self {
        FileSet {
            active: BTreeMap::new(),
            draining: Vec::new(),
            backlog: BTreeMap::new(),
            leftovers_waiting: VecDeque::new(),
            unread_bytes: 0,
            last_recheck: SystemTime::now(),
            unreadable: BTreeMap::new(),
            dirty: BTreeSet::new(),
            drain_dirty: false,
            slots,
            findings: Findings::default(),
            placement,
            exclude,
            line_cap,
        }
    }

    /// Files followed now (not counting rotated ones being drained).
    pub fn count(&self) -> usize {
        self.active.len()
    }

    /// The directories holding followed files (watched for hints).
    pub fn dirs(&self) -> BTreeSet<PathBuf> {
        let mut dirs = BTreeSet::new();
        let mut last: Option<&Path> = None;
        // Files of one directory are mostly adjacent in path order: insert each directory once.
        for parent in self.active.keys().filter_map(|p| p.parent()) {
            if last != Some(parent) {
                dirs.insert(parent.to_path_buf());
                last = Some(parent);
            }
        }
        dirs
    }

    /// Whether some path is waiting to become readable (or for a descriptor).
    pub fn has_unreadable(&self) -> bool {
        !self.unreadable.is_empty() || !self.slots.unopened.is_empty()
    }

    /// Notes that `path` changed (an inotify hint).
    pub fn hint(&mut self, path: &Path) {
        if let Some(source) = self.active.get(path) {
            if source.is_open() {
                self.dirty.insert(path.to_path_buf());
            } else {
                self.slots.want_turn(path);
            }
        } else {
            self.drain_dirty |= !self.draining.is_empty();
            for source in &mut self.draining {
                // A drained file closed for lack of descriptors, written to.
                source.wants_turn |= !source.is_open() && source.location() == path;
            }
        }
    }

    /// Whether some file still has bytes to read right away.
    pub fn busy(&self) -> bool {
        !self.dirty.is_empty()
            || self.drain_dirty
            || self.slots.has_turns()
            || !self.backlog.is_empty()
    }

    /// Starts following the files found for a place (`spec` describes it).
    /// Files already followed, excluded, or aliases of followed files are skipped.
    pub fn discover(
        &mut self,
        found: &[PathBuf],
        spec: &str,
        startup: bool,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        for path in found {
            if !self.active.contains_key(path) {
                self.add(path, spec, startup, now, cx, out);
            }
        }
    }

    /// Forgets unreadable (or never opened) paths that no longer exist.
    pub fn forget_missing(&mut self, found: &BTreeSet<&Path>) {
        self.unreadable
            .retain(|path, _| found.contains(path.as_path()));
        self.slots
            .unopened
            .retain(|path| found.contains(path.as_path()));
    }

    pub(super) fn add(
        &mut self,
        path: &Path,
        spec: &str,
        startup: bool,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        if self.exclude.covers_path(path) {
            return;
        }
        self.slots.unopened.remove(path);
        if !self.make_room(cx, out) {
            self.slots.unopened.insert(path.to_path_buf());
            return;
        }
        let (file, meta) = match open_regular(path) {
            Ok(pair) => pair,
            Err(e) if exhausted(&e) => {
                self.slots.unopened.insert(path.to_path_buf());
                let open = self.open_files();
                return self.slots.exhausted(open, out);
            }
            Err(e) => return self.unreadable(path, &e, out),
        };
        let key = FileKey::of(&meta);
        if self.exclude.covers_key(key) || self.active.values().any(|s| s.is(&meta)) {
            return;
        }
        if self.backlog.values().flatten().any(|s| s.key() == key) {
            // Being read as an earlier generation of another path.
            return;
        }
        if let Some(i) = self.draining.iter().position(|s| s.is(&meta)) {
            // A rotated file that moved to a watched name: keep reading it where we are.
            let mut source = self.draining.swap_remove(i);
            source.path = path.to_path_buf();
            if source.is_open() {
                self.slots.used(path, &mut source);
                self.dirty.insert(path.to_path_buf());
            } else {
                self.slots.want_turn(path);
            }
            self.active.insert(path.to_path_buf(), source);
            return;
        }
        let placed = self.placement.place(path, &file, &meta, spec, startup);
        let (start, reason) = (placed.start, placed.reason);
        let name = path.display().to_string();
        match FileSource::from_file(path, file, name, start, self.line_cap, now) {
            Ok(mut source) => {
                if let Some(cp) = &placed.resumed {
                    source.already_held(cp);
                }
                if self.unreadable.remove(path).is_some() {
                    out.push(Notice::info(format!(
                        "{} is readable now; reading it from its start",
                        path.display()
                    )));
                } else if let Some(message) = describe_start(path, start, reason, startup) {
                    out.push(Notice::info(message));
                }
                self.slots.used(path, &mut source);
                self.dirty.insert(path.to_path_buf());
                self.active.insert(path.to_path_buf(), source);
            }
            Err(e) => self.unreadable(path, &e, out),
        }
    }

    pub(super) fn unreadable(&mut self, path: &Path, error: &io::Error, out: &mut Vec<Update>) {
        let message = error.to_string();
        if self.unreadable.get(path) != Some(&message) {
            out.push(Notice::warning(format!(
                "cannot read {}: {message}; retrying",
                path.display()
            )));
            self.unreadable.insert(path.to_path_buf(), message);
        }
    }

    /// One round of reading: every file with news gets up to `budget`
    /// bytes; a path's earlier generations are read before it. Returns the
    /// bytes read.
    pub fn pump(
        &mut self,
        budget: usize,
        now: Instant,
        cx: &mut Classify,
        scratch: &mut Vec<u8>,
        out: &mut Vec<Update>,
    ) -> u64 {
        // Before the turns: a path's file waits behind its generations.
        self.open_waiting_leftovers(now, cx, out);
        self.take_turns(now, cx, out);
        // A file found truncated on its turn waits for its copy, queued now.
        self.settle_truncations(now, cx, out);
        let mut total = self.pump_backlog(budget, now, cx, scratch, out);
        let dirty = std::mem::take(&mut self.dirty);
        for path in dirty {
            if self.backlog.contains_key(&path) {
                // Waits for its earlier generations (made dirty again after them).
                continue;
            }
            let Some(source) = self.active.get_mut(&path).filter(|s| s.is_open()) else {
                continue;
            };
            match source.pump(budget, now, cx, scratch, out) {
                Ok(read) => {
                    total += read as u64;
                    if read > 0 {
                        self.slots.used(&path, source);
                    }
                    self.findings.read_errors.remove(&path);
                    if source.rewritten() {
                        // Truncated and rewritten between the check and the read.
                        self.findings.check(source, None, cx, out);
                        self.dirty.insert(path);
                    } else if read >= budget || source.has_unread() {
                        self.dirty.insert(path);
                    }
                }
                Err(e) => self.findings.read_error(&path, &e, out),
            }
        }
        if std::mem::take(&mut self.drain_dirty) {
            self.reopen_draining(now, cx, out);
            for source in self.draining.iter_mut().filter(|s| s.is_open()) {
                // A rotated file may have been truncated before it was renamed:
                // what it holds now waits for its copy (read first).
                let checked = self.findings.examine(source, None, cx, out);
                if let Ok(Change::Truncated) = checked {
                    self.drain_dirty = true;
                    continue;
                }
                match checked.and_then(|_| source.pump(budget, now, cx, scratch, out)) {
                    Ok(read) => {
                        total += read as u64;
                        if read > 0 {
                            self.slots.stamp(source);
                        }
                        self.drain_dirty |= read >= budget || source.rewritten();
                    }
                    Err(e) => self.findings.read_error(&source.path, &e, out),
                }
            }
        }
        self.settle_truncations(now, cx, out);
        self.slots.round_done();
        total
    }

    /// Flushes held-back events that have waited long enough, and lets go
    /// of rotated files that have been quiet for the grace period.
    pub fn tick(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        let queued = self.backlog.values_mut().flatten();
        for source in self
            .active
            .values_mut()
            .chain(queued)
            .chain(self.draining.iter_mut())
        {
            source.flush_if_idle(now, cx, out);
        }
        let mut i = 0;
        while i < self.draining.len() {
            let source = &mut self.draining[i];
            // A closed one is finished once it was reopened and read.
            let quiet = now.duration_since(source.last_data()) >= DRAIN_GRACE;
            if quiet && source.is_open() && !source.has_unread() {
                source.finish(cx, out);
                let done = self.draining.swap_remove(i);
                self.placement.finished(done.finished());
                self.slots.new_period();
            } else {
                i += 1;
            }
        }
    }

    /// The earliest moment [`FileSet::tick`] has something to do.
    pub fn next_deadline(&self) -> Option<Instant> {
        let flushes = self.sources().filter_map(FileSource::idle_deadline);
        let drains = self.draining.iter().map(|s| s.last_data() + DRAIN_GRACE);
        flushes.chain(drains).min()
    }
}
