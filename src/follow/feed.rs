//! The engine's side of one input's pipeline: [`EventFeed`] turns lines
//! into issues; this adds where each came from (the [`Mark`] checkpoints
//! and the store use) and makes them [`Update`]s.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{Mark, Update};
use crate::ingest::identity::{FileKey, Fingerprint};
use crate::ingest::splitter::RawLine;
pub(crate) use crate::pipeline::Classify;
use crate::pipeline::{EventFeed, Found, Reported};

/// The file a feed reads, as its marks name it (none for standard input).
#[derive(Debug, Clone, Copy)]
pub(super) struct Origin<'a> {
    /// The path its checkpoint names.
    pub path: &'a Path,
    /// Device and inode.
    pub key: FileKey,
    /// Its first bytes as read so far.
    pub fingerprint: Fingerprint,
}

/// One input's pipeline, reporting [`Update`]s.
pub(super) struct Feed {
    events: EventFeed,
    found: Vec<Found>,
    /// Events starting before this offset were in the file at start.
    backlog_end: u64,
}

impl Feed {
    /// A feed whose issues carry `name` as `source_file`.
    pub(super) fn new(name: String) -> Self {
        Feed {
            events: EventFeed::new(name),
            found: Vec::new(),
            backlog_end: 0,
        }
    }

    /// What lies before `end` was there at start: backlog.
    pub(super) fn mark_backlog(&mut self, end: u64) {
        self.backlog_end = end;
    }

    /// The id of the held event at `offset`, if it has not been read again yet.
    pub(super) fn held_at(&self, offset: u64) -> Option<String> {
        self.events.held_at(offset)
    }

    /// The event at `offset` is held by the store as issue `id`.
    pub(super) fn already_held(&mut self, offset: u64, id: String) {
        self.events.already_held(offset, id);
    }

    /// Classifies one complete line and adds it to the open event.
    pub(super) fn line(&mut self, cx: &mut Classify, raw: RawLine<'_>, now: Instant) {
        self.events.line(cx, raw, now);
    }

    /// After a batch of lines: reports what the batch produced.
    pub(super) fn end_of_batch(
        &mut self,
        cx: &mut Classify,
        from: Option<Origin>,
        out: &mut Vec<Update>,
    ) {
        self.events.end_of_batch(cx, &mut self.found);
        self.report(from, out);
    }

    /// When a held-back event is due to be flushed, if one is.
    pub(super) fn idle_deadline(&self) -> Option<Instant> {
        self.events.idle_deadline()
    }

    /// Flushes a held-back event that has waited long enough.
    pub(super) fn flush_if_idle(
        &mut self,
        now: Instant,
        cx: &mut Classify,
        from: Option<Origin>,
        out: &mut Vec<Update>,
    ) {
        self.events.flush_if_idle(now, cx, &mut self.found);
        self.report(from, out);
    }

    /// Ends the open event (the input ended or restarted from byte 0).
    pub(super) fn finish(
        &mut self,
        cx: &mut Classify,
        from: Option<Origin>,
        out: &mut Vec<Update>,
    ) {
        self.events.finish(cx, &mut self.found);
        self.report(from, out);
    }

    /// Where reading must resume so that nothing unreported is lost:
    /// (offset, lines before it), or `None` when all that was read is settled.
    pub(super) fn unsettled_from(&self) -> Option<(u64, u64)> {
        self.events.unsettled_from()
    }

    fn report(&mut self, from: Option<Origin>, out: &mut Vec<Update>) {
        if self.found.is_empty() {
            return;
        }
        // One shared path for every mark of this batch.
        let path: Option<Arc<Path>> = from.map(|f| Arc::from(f.path));
        for mut found in self.found.drain(..) {
            found.issue.backlog = found.offset < self.backlog_end;
            let mark = from.zip(path.clone()).map(|(f, path)| Mark {
                path,
                key: f.key,
                fingerprint: f.fingerprint,
                offset: found.offset,
                line: found.lines_before,
            });
            out.push(match found.reported {
                Reported::New => Update::Issue(found.issue, mark),
                Reported::Grew => Update::Grew(found.issue, mark),
            });
        }
    }
}
