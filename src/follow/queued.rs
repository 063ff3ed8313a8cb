//! Earlier generations queued before a path's own file: leftovers found
//! at start (opened now, or waiting for a descriptor, in order) and the
//! queue itself.

use std::time::Instant;

use super::fdlimit::exhausted;
use super::feed::Classify;
use super::files::FileSet;
use super::placement::Leftover;
use super::source::FileSource;
use super::{Notice, Update};
use crate::ingest::tailer::Start;

impl FileSet {
    /// Queues a rotated file or unread generation found at startup, to be
    /// read before the file now at its checkpoint's path.
    pub(super) fn drain_leftover(
        &mut self,
        leftover: &Leftover,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        let path = &leftover.checkpoint.path;
        if self
            .leftovers_waiting
            .iter()
            .any(|w| &w.checkpoint.path == path)
        {
            // An earlier one of its path waits: so does this one, after it.
            self.leftovers_waiting.push_back(leftover.clone());
            return;
        }
        // Held open until read: a file found by its name at start-up may be
        // renamed again. When no descriptor is left, it waits for a
        // generation to finish (and its path's file behind it).
        self.make_room(cx, out);
        match self.open_leftover(leftover, now, out) {
            Ok(()) => {}
            Err(e) if exhausted(&e) => {
                self.backlog.entry(path.clone()).or_default();
                self.leftovers_waiting.push_back(leftover.clone());
                self.out_of_descriptors(out);
            }
            Err(e) => self.unreadable(&leftover.path, &e, out),
        }
    }

    /// Opens the leftovers that waited for a descriptor, in order, while
    /// there is room (generations read to their end give theirs back).
    pub(super) fn open_waiting_leftovers(
        &mut self,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        while let Some(leftover) = self.leftovers_waiting.pop_front() {
            if self.slots.starved {
                self.leftovers_waiting.push_front(leftover);
                return;
            }
            self.make_room(cx, out);
            match self.open_leftover(&leftover, now, out) {
                Ok(()) => {}
                Err(e) if exhausted(&e) => {
                    self.leftovers_waiting.push_front(leftover);
                    return self.out_of_descriptors(out);
                }
                Err(e) => self.unreadable(&leftover.path, &e, out),
            }
        }
    }

    pub(super) fn open_leftover(
        &mut self,
        leftover: &Leftover,
        now: Instant,
        out: &mut Vec<Update>,
    ) -> std::io::Result<()> {
        let (path, cp, start) = (&leftover.path, &leftover.checkpoint, leftover.start);
        let mut source = FileSource::open(
            path,
            cp.path.display().to_string(),
            start,
            self.line_cap,
            now,
        )?;
        let message = if start == Start::Beginning && cp.offset == 0 {
            "was rotated again while logwarden was stopped; reading the generation"
        } else {
            "was rotated while logwarden was stopped; finishing it from"
        };
        // A generation read to its end last time (stopped while it was kept
        // for late writes) is kept again, without a word: nothing is new.
        if source.may_have_unread() {
            out.push(Notice::info(format!(
                "{} {message} {}",
                cp.path.display(),
                path.display()
            )));
        }
        source.already_held(cp);
        source.path = cp.path.clone();
        self.queue(source);
        Ok(())
    }

    /// Adds an earlier generation of `source.path`, read after those
    /// already queued for it and before the file at the path.
    pub(super) fn queue(&mut self, source: FileSource) {
        self.dirty.remove(&source.path);
        self.backlog
            .entry(source.path.clone())
            .or_default()
            .push_back(source);
    }
}
