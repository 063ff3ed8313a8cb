//! Rotated files that were closed for lack of descriptors: the periodic
//! look at them, and reopening them where they went (same directory,
//! same device+inode and birth time). One found nowhere is finished and
//! what it may have held unread is reported and counted.

mod relocate;

use std::fs;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use relocate::{Found, Listings, relocate};

use super::fdlimit::exhausted;
use super::feed::Classify;
use super::files::FileSet;
use super::placement::{Leftover, at};
use super::rotated::RotatedFinder;
use super::source::FileSource;
use super::{Notice, Update};
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::Start;

impl FileSet {
    /// The periodic look at drained files that are closed: one that changed
    /// (or moved again) wants a turn; one quiet for `grace` with nothing
    /// unread is finished.
    pub(super) fn recheck_closed_drains(
        &mut self,
        now: Instant,
        grace: Duration,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        let mut i = 0;
        while i < self.draining.len() {
            let source = &mut self.draining[i];
            if source.is_open() || source.wants_turn {
                i += 1;
                continue;
            }
            let same = fs::metadata(source.location())
                .ok()
                .filter(|m| m.is_file() && FileKey::of(m) == source.key());
            match same {
                Some(meta) if !source.needs_turn(&meta) => {
                    if now.duration_since(source.last_data()) >= grace {
                        source.finish(cx, out);
                        let done = self.draining.swap_remove(i);
                        self.placement.finished(done.finished());
                        continue;
                    }
                }
                _ => {
                    source.wants_turn = true;
                    self.drain_dirty = true;
                }
            }
            i += 1;
        }
    }

    /// Reopens drained files that were closed and want a turn: under their
    /// last name, or found again by inode in that directory. One found
    /// nowhere is finished, and what it held unread is reported.
    pub(super) fn reopen_draining(
        &mut self,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        let mut listings = Listings::default();
        let mut i = 0;
        while i < self.draining.len() {
            if self.draining[i].is_open() || !self.draining[i].wants_turn {
                i += 1;
                continue;
            }
            if self.slots.starved || !self.make_room(cx, out) {
                return;
            }
            // make_room may have reordered the list: find a closed one again.
            let Some(j) = (i..self.draining.len())
                .find(|&j| !self.draining[j].is_open() && self.draining[j].wants_turn)
            else {
                return;
            };
            i = j;
            let found = relocate(&mut self.draining[i], &mut listings);
            match self.relocated(i, found, now, cx, out) {
                Next::Advance => i += 1,
                Next::Stay => {}
                Next::Stop => return,
            }
        }
    }

    /// Acts on where the closed drained file `i` was found.
    fn relocated(
        &mut self,
        i: usize,
        found: io::Result<Found>,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) -> Next {
        match found {
            Ok(Found::Same) => {
                let source = &mut self.draining[i];
                source.wants_turn = false;
                self.slots.stamp(source);
                self.drain_dirty = true;
                Next::Advance
            }
            Ok(Found::Nowhere) if self.compressed_since(i, now, out) => {
                // Read on from its compressed copy (queued); the
                // event it held is read again from there.
                self.draining.swap_remove(i);
                Next::Stay
            }
            Ok(Found::Nowhere) => {
                let mut source = self.draining.swap_remove(i);
                self.lose_if(
                    source.fingerprint().len > 0 || source.has_unread(),
                    &source,
                    out,
                );
                source.finish(cx, out);
                Next::Stay
            }
            Ok(Found::Rewritten(at)) => {
                // Its inode holds other bytes now: truncated while
                // closed, or a new file given its number. Either way
                // what is there was never read: read it whole, under
                // the same name, before the file now at the name.
                let mut source = self.draining.swap_remove(i);
                self.lose_if(source.has_unread(), &source, out);
                source.finish(cx, out);
                self.read_rewritten(&source.path, &at, now, out);
                Next::Stay
            }
            Err(e) if exhausted(&e) => {
                self.out_of_descriptors(out);
                Next::Stop
            }
            Err(e) => {
                let path = self.draining[i].path.clone();
                self.findings.read_error(&path, &e, out);
                Next::Advance
            }
        }
    }

    /// Counts and says that what `source` held after our last read is
    /// lost, when `lost`.
    fn lose_if(&mut self, lost: bool, source: &FileSource, out: &mut Vec<Update>) {
        if lost {
            self.slots.lost += 1;
            out.push(Notice::warning(lost_message(source)));
        }
    }
}

/// What [`FileSet::reopen_draining`] does after one file.
enum Next {
    /// On to the next file.
    Advance,
    /// The file left the list: the same index holds the next one.
    Stay,
    /// No descriptor is left: the rest wait.
    Stop,
}

impl FileSet {
    /// Whether the closed drained file `i`, gone from where it was, was
    /// compressed (`app.log.1` -> `app.log.1.gz`): a generation of its name
    /// whose decompressed bytes start as it did, which is then queued to
    /// be read on from where reading stood.
    fn compressed_since(&mut self, i: usize, now: Instant, out: &mut Vec<Update>) -> bool {
        let source = &self.draining[i];
        let cp = source.checkpoint();
        if cp.fingerprint.len == 0 {
            return false;
        }
        let (taken, _) = self.followed();
        let found = RotatedFinder::default().copy_of(&cp.path, cp.fingerprint, cp.offset, &taken);
        let Some(copy) = found.filter(|c| c.path.extension().is_some_and(|e| e == "gz")) else {
            return false;
        };
        let leftover = Leftover {
            path: copy.path,
            start: at(&cp),
            checkpoint: cp,
        };
        self.open_leftover(&leftover, now, out).is_ok()
    }

    /// Queues the file at `at` (an inode of ours rewritten while closed)
    /// to be read whole as an earlier generation of `name`.
    fn read_rewritten(&mut self, name: &Path, at: &Path, now: Instant, out: &mut Vec<Update>) {
        match FileSource::open(
            at,
            name.display().to_string(),
            Start::Beginning,
            self.line_cap,
            now,
        ) {
            Ok(mut source) => {
                out.push(Notice::info(format!(
                    "{} was rewritten while it was closed for lack of file descriptors; reading {} from its start",
                    name.display(),
                    at.display()
                )));
                source.path = name.to_path_buf();
                self.queue(source);
            }
            Err(e) => self.findings.read_error(at, &e, out),
        }
    }
}

fn lost_message(source: &FileSource) -> String {
    let unread = source.unread_bytes();
    let known = if unread > 0 {
        format!("{unread} bytes seen but not read, and ")
    } else {
        String::new()
    };
    format!(
        "{} was rotated or removed while it was closed for lack of file descriptors, \
         and its file is gone: {known}whatever was written to it after byte {} could not be read",
        source.path.display(),
        source.resume_offset()
    )
}
