//! A followed file: its tailer, its feed, and when it last grew.

use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Update;
use super::changes::Truncation;
use super::feed::{Classify, Feed, Origin};
use crate::ingest::checkpoint::{FileCheckpoint, Finished};
use crate::ingest::gzip_tail::{GzTail, is_gzip};
use crate::ingest::identity::FileKey;
use crate::ingest::identity::Fingerprint;
use crate::ingest::tailer::{Change, Reading, Reopened, Start, Tailer, open_regular};

/// One file being followed (or drained after a rotation).
pub(super) struct FileSource {
    /// Where the file lives now (its canonical path when it was found).
    pub path: PathBuf,
    tailer: Box<dyn Reading>,
    feed: Feed,
    last_data: Instant,
    /// When it was last opened or read from, on the file set's clock
    /// (the least recently used open file is closed first).
    pub(super) stamp: u64,
    /// Drained and closed: something may be unread, reopen it for a turn.
    pub(super) wants_turn: bool,
}

impl FileSource {
    /// Opens `path` at `start`; issues name it `name`. A gzip file (a
    /// compressed rotated generation) is read decompressed, once, to its end.
    pub(super) fn open(
        path: &Path,
        name: String,
        start: Start,
        line_cap: usize,
        now: Instant,
    ) -> io::Result<Self> {
        let (file, _) = open_regular(path)?;
        FileSource::from_file(path, file, name, start, line_cap, now)
    }

    /// [`FileSource::open`] with `path` already open as `file`.
    pub(super) fn from_file(
        path: &Path,
        file: File,
        name: String,
        start: Start,
        line_cap: usize,
        now: Instant,
    ) -> io::Result<Self> {
        let tailer: Box<dyn Reading> = match (is_gzip(&file), start) {
            (true, Start::At { offset, line }) => {
                Box::new(GzTail::from_file(path, file, offset, line, line_cap)?)
            }
            (true, _) => Box::new(GzTail::from_file(path, file, 0, Some(0), line_cap)?),
            (false, _) => Box::new(Tailer::from_file(path, file, start, line_cap)?),
        };
        Ok(FileSource {
            path: path.to_path_buf(),
            tailer,
            feed: Feed::new(name),
            last_data: now,
            stamp: 0,
            wants_turn: false,
        })
    }

    /// True while it holds a descriptor.
    pub(super) fn is_open(&self) -> bool {
        self.tailer.is_open()
    }

    /// Gives its descriptor back (its place and held-back event stay).
    pub(super) fn close(&mut self) {
        self.tailer.close();
    }

    /// Where the file was last found (after a rotation, its new name).
    pub(super) fn location(&self) -> &Path {
        self.tailer.path()
    }

    /// Reopens the file at `path` if it is the same device+inode.
    pub(super) fn reopen_at(&mut self, path: &Path) -> io::Result<Reopened> {
        self.tailer.reopen_at(path)
    }

    /// Remembers where the (drained) file lives now.
    pub(super) fn moved_to(&mut self, path: &Path) {
        self.tailer.moved_to(path);
    }

    /// Whether the reopened file is the one read before: its birth time
    /// matched, or (where none is kept) its first bytes still match.
    pub(super) fn surely_same(&self) -> io::Result<bool> {
        Ok(self.tailer.birth_checked() || self.tailer.starts_as_before()?)
    }

    /// Whether `meta` is this file: the same device+inode, which a closed
    /// file must back with its birth time (its inode number may have gone
    /// to a new file since it was deleted).
    pub(super) fn is(&self, meta: &Metadata) -> bool {
        self.key() == crate::ingest::identity::FileKey::of(meta)
            && (self.is_open() || self.tailer.born_as(meta))
    }

    /// Whether a stat of the closed file shows something to read or check.
    pub(super) fn needs_turn(&self, meta: &Metadata) -> bool {
        self.tailer.needs_turn(meta)
    }

    /// Whether bytes past the position are known, or may be (a compressed
    /// generation is not known to be read to its end until it is).
    pub(super) fn may_have_unread(&self) -> bool {
        self.tailer.has_unread()
    }

    /// Bytes known to be written but not read (from the last look).
    pub(super) fn unread_bytes(&self) -> u64 {
        let (offset, size, _) = self.progress();
        size - offset
    }

    /// Device and inode of the open file.
    pub(super) fn key(&self) -> FileKey {
        self.tailer.key()
    }

    /// (offset read to, size last seen, lines read when counted).
    pub(super) fn progress(&self) -> (u64, u64, Option<u64>) {
        let (offset, lines) = self.tailer.position();
        (offset, self.tailer.seen_size().max(offset), lines)
    }

    /// When data was last read from it (or when it was opened).
    pub(super) fn last_data(&self) -> Instant {
        self.last_data
    }

    /// Restarts the quiet period (a rotated file gets the full grace to finish).
    pub(super) fn touch(&mut self, now: Instant) {
        self.last_data = now;
    }

    /// What the file holds up to `end` was there at start (backlog).
    pub(super) fn mark_backlog(&mut self, end: u64) {
        self.feed.mark_backlog(end);
    }

    /// Reads at most about `budget` bytes, classifying complete lines.
    /// Returns the bytes read.
    pub(super) fn pump(
        &mut self,
        budget: usize,
        now: Instant,
        cx: &mut Classify,
        scratch: &mut Vec<u8>,
        out: &mut Vec<Update>,
    ) -> io::Result<usize> {
        let FileSource { tailer, feed, .. } = self;
        let read = tailer.read_lines(budget, scratch, &mut |line| feed.line(cx, line, now))?;
        if read > 0 {
            self.last_data = now;
            let from = Some(origin(&self.path, self.tailer.as_ref()));
            self.feed.end_of_batch(cx, from, out);
        }
        Ok(read)
    }

    /// The event at the checkpoint's offset is held by the issue store
    /// already (its id saved with the checkpoint): read again, it is not
    /// counted twice.
    pub(super) fn already_held(&mut self, cp: &FileCheckpoint) {
        if let Some(id) = &cp.applied
            && self.tailer.position().0 == cp.offset
        {
            self.feed.already_held(cp.offset, id.clone());
        }
    }

    /// Re-examines the open file (with `meta` when a stat of its path
    /// already has it). On truncation the open event is closed and where
    /// the file had been read up to is returned with the change.
    pub(super) fn check(
        &mut self,
        meta: Option<&Metadata>,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) -> io::Result<(Change, Option<Truncation>)> {
        let (offset, fingerprint) = (self.resume_offset(), self.tailer.fingerprint());
        let (line, seen) = (self.resume_line(), self.tailer.seen_size());
        let change = match meta {
            Some(meta) => self.tailer.check_with(meta)?,
            None => self.tailer.check()?,
        };
        if change != Change::Truncated {
            return Ok((change, None));
        }
        // What was read before belongs to the file as it was.
        let from = Origin {
            path: &self.path,
            key: self.tailer.key(),
            fingerprint,
        };
        self.feed.finish(cx, Some(from), out);
        let mut before = self.tailer.checkpoint_at(offset, line);
        before.fingerprint = fingerprint;
        before.path = self.path.clone();
        let path = self.path.clone();
        Ok((change, Some(Truncation { path, before, seen })))
    }

    /// What is remembered of it once it is read to its end and let go.
    pub(super) fn finished(&self) -> Finished {
        Finished {
            path: self.path.clone(),
            key: self.tailer.key(),
            fingerprint: self.tailer.fingerprint(),
            size: self.tailer.position().0,
        }
    }

    /// The first bytes' fingerprint, as read so far.
    pub(super) fn fingerprint(&self) -> Fingerprint {
        self.tailer.fingerprint()
    }

    /// Whether the open file's first bytes are `bytes`.
    pub(super) fn starts_with(&self, bytes: &[u8]) -> bool {
        self.tailer.starts_with(bytes)
    }

    /// True when a read found the file rewritten under it: check it next.
    pub(super) fn rewritten(&self) -> bool {
        self.tailer.rewritten()
    }

    /// True when the file is known to hold bytes not read yet.
    pub(super) fn has_unread(&self) -> bool {
        self.tailer.has_unread()
    }

    /// The event held back for an idle flush, if any: when it is due.
    pub(super) fn idle_deadline(&self) -> Option<Instant> {
        self.feed.idle_deadline()
    }

    /// Flushes a held-back event that has waited long enough.
    pub(super) fn flush_if_idle(&mut self, now: Instant, cx: &mut Classify, out: &mut Vec<Update>) {
        let from = Some(origin(&self.path, self.tailer.as_ref()));
        self.feed.flush_if_idle(now, cx, from, out);
    }

    /// Closes the open event: the file is done with.
    pub(super) fn finish(&mut self, cx: &mut Classify, out: &mut Vec<Update>) {
        let from = Some(origin(&self.path, self.tailer.as_ref()));
        self.feed.finish(cx, from, out);
    }

    /// The offset [`FileSource::checkpoint`] would save.
    pub(super) fn resume_offset(&self) -> u64 {
        self.feed
            .unsettled_from()
            .map_or_else(|| self.tailer.position().0, |(offset, _)| offset)
    }

    /// The lines before [`FileSource::resume_offset`], when known.
    fn resume_line(&self) -> Option<u64> {
        let (_, lines) = self.tailer.position();
        match self.feed.unsettled_from() {
            Some((_, before)) => lines.map(|_| before),
            None => lines,
        }
    }

    /// Where to resume this file after a restart: the first byte not yet
    /// settled (a held-back event or a partial last line is read again).
    pub(super) fn checkpoint(&self) -> FileCheckpoint {
        let mut cp = self
            .tailer
            .checkpoint_at(self.resume_offset(), self.resume_line());
        cp.path = self.path.clone();
        cp.applied = self.feed.held_at(cp.offset);
        cp
    }
}

/// The file as marks name it now.
fn origin<'a>(path: &'a Path, tailer: &dyn Reading) -> Origin<'a> {
    Origin {
        path,
        key: tailer.key(),
        fingerprint: tailer.fingerprint(),
    }
}
