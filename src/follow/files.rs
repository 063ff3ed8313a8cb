//! The set of followed files: discovery, identity, rotation, truncation,
//! unreadable files, and draining rotated files to their end.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::changes::{Findings, describe_start};
use super::exclude::Exclude;
use super::fdlimit::exhausted;
use super::feed::Classify;
use super::placement::{Leftover, Placed, Placement};
use super::slots::Slots;
use super::source::FileSource;
use super::{Notice, Update};
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::open_regular;

/// A rotated or removed file is read until it has been quiet this long.
pub(super) const DRAIN_GRACE: Duration = Duration::from_secs(5);

/// Every file being followed or drained.
pub(super) struct FileSet {
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
    pub(super) fn new(
        placement: Placement,
        exclude: Exclude,
        line_cap: usize,
        slots: Slots,
    ) -> Self {
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
    pub(super) fn count(&self) -> usize {
        self.active.len()
    }

    /// The directories holding followed files (watched for hints).
    pub(super) fn dirs(&self) -> BTreeSet<PathBuf> {
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
    pub(super) fn has_unreadable(&self) -> bool {
        !self.unreadable.is_empty() || !self.slots.unopened.is_empty()
    }

    /// Notes that `path` changed (an inotify hint).
    pub(super) fn hint(&mut self, path: &Path) {
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
    pub(super) fn busy(&self) -> bool {
        !self.dirty.is_empty()
            || self.drain_dirty
            || self.slots.has_turns()
            || !self.backlog.is_empty()
    }

    /// Starts following the files found for a place (`spec` describes it).
    /// Files already followed, excluded, or aliases of followed files are skipped.
    pub(super) fn discover(
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
    pub(super) fn forget_missing(&mut self, found: &BTreeSet<&Path>) {
        self.unreadable
            .retain(|path, _| found.contains(path.as_path()));
        self.slots
            .unopened
            .retain(|path| found.contains(path.as_path()));
    }

    /// Starts following `path`, found under the place `spec` describes,
    /// unless it is excluded or already read under another name.
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
                return self.out_of_descriptors(out);
            }
            Err(e) => return self.unreadable(path, &e, out),
        };
        if self.read_elsewhere(&meta) || self.adopt_drained(path, &meta) {
            return;
        }
        let placed = self.placement.place(path, &file, &meta, spec, startup);
        self.start(path, file, placed, startup, now, out);
    }

    /// Whether the file is excluded, followed already, or being read as an
    /// earlier generation of another path.
    fn read_elsewhere(&self, meta: &Metadata) -> bool {
        let key = FileKey::of(meta);
        self.exclude.covers_key(key)
            || self.active.values().any(|s| s.is(meta))
            || self.backlog.values().flatten().any(|s| s.key() == key)
    }

    /// A rotated file that moved to a watched name: keep reading it where
    /// we are. False when no drained file is this one.
    fn adopt_drained(&mut self, path: &Path, meta: &Metadata) -> bool {
        let Some(i) = self.draining.iter().position(|s| s.is(meta)) else {
            return false;
        };
        let mut source = self.draining.swap_remove(i);
        source.path = path.to_path_buf();
        if source.is_open() {
            self.slots.used(path, &mut source);
            self.dirty.insert(path.to_path_buf());
        } else {
            self.slots.want_turn(path);
        }
        self.active.insert(path.to_path_buf(), source);
        true
    }

    /// Follows a new file from where `placed` says, and tells why there.
    fn start(
        &mut self,
        path: &Path,
        file: File,
        placed: Placed,
        startup: bool,
        now: Instant,
        out: &mut Vec<Update>,
    ) {
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

    /// Opening failed for lack of descriptors: the budget shrinks to what
    /// is held now, and turns wait for the next periodic check.
    pub(super) fn out_of_descriptors(&mut self, out: &mut Vec<Update>) {
        let open = self.open_files();
        self.slots.exhausted(open, out);
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
}
