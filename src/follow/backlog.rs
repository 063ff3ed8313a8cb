//! Earlier generations of a followed path, read in order before it: a file
//! rotated (maybe several times, maybe compressed) while logwarden was
//! stopped or between two looks, and the copy of a file truncated before
//! it was read to its end (copytruncate right after a burst).

use std::path::Path;
use std::time::{Instant, SystemTime};

use super::changes::Truncation;
use super::feed::Classify;
use super::files::FileSet;
use super::placement::at;
use super::rotated::{Candidate, Known, RotatedFinder};
use super::source::FileSource;
use super::{Notice, Update};
use crate::ingest::gzip_tail::gzip_head;
use crate::ingest::identity::FINGERPRINT_MAX;
use crate::ingest::tailer::Start;

/// Bytes a compressed copy must hold to be told by them.
const KNOWN_PREFIX: usize = 16;

impl FileSet {
    /// Reads the oldest queued generation of each path; one read to its
    /// end moves on to draining (it may still be written to for a while)
    /// and lets the next one, or the path's own file, be read.
    pub(super) fn pump_backlog(
        &mut self,
        budget: usize,
        now: Instant,
        cx: &mut Classify,
        scratch: &mut Vec<u8>,
        out: &mut Vec<Update>,
    ) -> u64 {
        let mut total = 0;
        let mut done = Vec::new();
        let waiting = &self.leftovers_waiting;
        let waits = |path: &Path| waiting.iter().any(|w| w.checkpoint.path == path);
        for (path, queue) in &mut self.backlog {
            let Some(source) = queue.front_mut() else {
                if !waits(path) {
                    done.push(path.clone());
                }
                continue;
            };
            let at_end = match source.pump(budget, now, cx, scratch, out) {
                Ok(read) => {
                    total += read as u64;
                    read < budget && !source.has_unread()
                }
                Err(e) => {
                    self.findings.read_error(path, &e, out);
                    true
                }
            };
            if at_end && let Some(mut source) = queue.pop_front() {
                source.touch(now);
                self.draining.push(source);
                self.drain_dirty = true;
            }
            if queue.is_empty() && !waits(path) {
                done.push(path.clone());
            }
        }
        for path in done {
            self.backlog.remove(&path);
            if self.active.contains_key(&path) {
                self.dirty.insert(path);
            }
        }
        total
    }

    /// Looks for the copies of the files found truncated. A drained file
    /// truncated (before its rename) waits behind its copy.
    pub(super) fn settle_truncations(
        &mut self,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        for t in std::mem::take(&mut self.findings.truncations) {
            let (path, key) = (t.path.clone(), t.before.key);
            self.after_truncation(t, now, cx, out);
            if self.backlog.contains_key(&path)
                && let Some(i) = self
                    .draining
                    .iter()
                    .position(|s| s.key() == key && s.is_open())
            {
                let source = self.draining.swap_remove(i);
                self.queue(source);
            }
        }
    }

    /// A followed file was truncated: if it had not been read to its end,
    /// its copy (a generation with the same first bytes) is read from
    /// where reading stood before the file starts again at 0. Without a
    /// copy, the bytes known to be lost are said and counted.
    pub(super) fn after_truncation(
        &mut self,
        t: Truncation,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) {
        self.make_room(cx, out);
        let (taken, _) = self.followed();
        let fingerprint = t.before.fingerprint;
        let copy = RotatedFinder::default().copy_of(&t.path, fingerprint, t.before.offset, &taken);
        let opened = copy.map(|c| {
            let name = t.path.display().to_string();
            (
                FileSource::open(&c.path, name, at(&t.before), self.line_cap, now),
                c.path,
            )
        });
        match opened {
            Some((Ok(mut source), copy)) => {
                out.push(Notice::info(format!(
                    "{} was truncated; reading what was not read yet from its copy {}",
                    t.path.display(),
                    copy.display()
                )));
                source.path = t.path.clone();
                self.queue(source);
            }
            Some((Err(e), copy)) => {
                self.lost(
                    &t,
                    &format!("its copy {} cannot be read: {e}", copy.display()),
                    out,
                );
                self.placement.remember_truncated(t.before);
            }
            // Written anew and copied before we looked again: the copy
            // holds bytes we never saw, so no fingerprint of ours matches it.
            None if self.missed_generations(&t.path, self.last_recheck, now, cx, out) > 0 => {}
            None => {
                self.lost(&t, "no copy of it was found", out);
                self.placement.remember_truncated(t.before);
            }
        }
    }

    fn lost(&mut self, t: &Truncation, why: &str, out: &mut Vec<Update>) {
        let unread = t.seen.saturating_sub(t.before.offset);
        if unread == 0 {
            return;
        }
        self.unread_bytes += unread;
        out.push(Notice::warning(format!(
            "{} was truncated before at least {unread} bytes of it were read, and {why}: those bytes are lost",
            t.path.display()
        )));
    }

    /// `path` was found rotated (or truncated with no copy of what we
    /// read): a generation written and rotated away (or copied) since the
    /// last look (`since`) that nobody read is queued, oldest first,
    /// before the new file at the path. Returns how many were.
    pub(super) fn missed_generations(
        &mut self,
        path: &Path,
        since: SystemTime,
        now: Instant,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) -> usize {
        let found = self.unseen_generations(path, since);
        let count = found.len();
        for generation in found {
            self.make_room(cx, out);
            let name = path.display().to_string();
            match FileSource::open(&generation.path, name, Start::Beginning, self.line_cap, now) {
                Ok(mut source) => {
                    out.push(Notice::info(format!(
                        "{} was rotated or copied since the last look; reading {} too, which nobody read",
                        path.display(),
                        generation.path.display()
                    )));
                    source.path = path.to_path_buf();
                    self.queue(source);
                }
                Err(e) => self.findings.read_error(&generation.path, &e, out),
            }
        }
        count
    }

    /// The generations of `path` written and rotated away (or copied)
    /// since `since` that none of our files, past or present, accounts for.
    fn unseen_generations(&self, path: &Path, since: SystemTime) -> Vec<Candidate> {
        let (mut taken, _) = self.followed();
        // Ours too, closed or not, if it was this path's: when it holds
        // other bytes than it did, reopening it for its turn reads them.
        taken.extend(
            self.sources()
                .filter(|s| s.path == path && !s.is_open())
                .map(FileSource::key),
        );
        let mut known = self.placement.known();
        let open: Vec<Known> = self.sources_known();
        known.extend(open);
        // A truncation not settled yet: its copy is read from where reading
        // stood when it is (the file's own fingerprint was reset already).
        known.extend(
            self.findings
                .truncations
                .iter()
                .map(|t| Known::checkpoint(&t.before)),
        );
        let mut found = RotatedFinder::default().unread_generations(path, since, &taken, &known);
        // Found at start and waiting for a descriptor: read then, not twice.
        found.retain(|g| !self.leftovers_waiting.iter().any(|w| w.path == g.path));
        // A compressed copy still being written cannot be matched by its
        // fingerprint (its stream ends early): by its bytes, if one of our
        // open files starts with them, it is that file's.
        found.retain(|g| {
            if g.path.extension().is_none_or(|e| e != "gz") {
                return true;
            }
            let head = std::fs::File::open(&g.path)
                .and_then(|f| gzip_head(&f, FINGERPRINT_MAX))
                .unwrap_or_default();
            head.len() < KNOWN_PREFIX || !self.sources().any(|s| s.starts_with(&head))
        });
        found
    }
}
