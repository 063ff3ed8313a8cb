//! One round of the engine over its files: every file with news read up
//! to a budget (earlier generations first, then followed files, then
//! rotated ones being drained), and the timed work between rounds
//! (held-back events flushed, quiet drained files let go).

use std::time::Instant;

use super::Update;
use super::feed::Classify;
use super::files::{DRAIN_GRACE, FileSet};
use super::source::FileSource;
use crate::ingest::tailer::Change;

impl FileSet {
    /// One round of reading: every file with news gets up to `budget`
    /// bytes; a path's earlier generations are read before it. Returns the
    /// bytes read.
    pub(super) fn pump(
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
        total += self.pump_followed(budget, now, cx, scratch, out);
        if std::mem::take(&mut self.drain_dirty) {
            self.reopen_draining(now, cx, out);
            total += self.pump_draining(budget, now, cx, scratch, out);
        }
        self.settle_truncations(now, cx, out);
        self.slots.round_done();
        total
    }

    /// Reads the followed files marked dirty (held open, not waiting for
    /// earlier generations); one with more to read stays dirty.
    fn pump_followed(
        &mut self,
        budget: usize,
        now: Instant,
        cx: &mut Classify,
        scratch: &mut Vec<u8>,
        out: &mut Vec<Update>,
    ) -> u64 {
        let mut total = 0;
        for path in std::mem::take(&mut self.dirty) {
            if self.backlog.contains_key(&path) {
                // Waits for its earlier generations (made dirty again after them).
                continue;
            }
            let Some(source) = self.active.get_mut(&path).filter(|s| s.is_open()) else {
                continue;
            };
            let read = match source.pump(budget, now, cx, scratch, out) {
                Ok(read) => read,
                Err(e) => {
                    self.findings.read_error(&path, &e, out);
                    continue;
                }
            };
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
        total
    }

    /// Reads the rotated files being drained that are held open.
    fn pump_draining(
        &mut self,
        budget: usize,
        now: Instant,
        cx: &mut Classify,
        scratch: &mut Vec<u8>,
        out: &mut Vec<Update>,
    ) -> u64 {
        let mut total = 0;
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
        total
    }

    /// Flushes held-back events that have waited long enough, and lets go
    /// of rotated files that have been quiet for the grace period.
    pub(super) fn tick(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
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
    pub(super) fn next_deadline(&self) -> Option<Instant> {
        let flushes = self.sources().filter_map(FileSource::idle_deadline);
        let drains = self.draining.iter().map(|s| s.last_data() + DRAIN_GRACE);
        flushes.chain(drains).min()
    }
}
