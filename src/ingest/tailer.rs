//! Following one file: reading what was appended, as complete lines only.
//!
//! The tailer keeps the file open, so after a rename it keeps reading the
//! same file (the engine drains it before following the new one). Lines
//! are split by [`LineSplitter`]: complete lines only, capped.
//! Truncation (copytruncate, `> file`) and in-place rewrites are detected by
//! size and fingerprint, and reading restarts at byte 0.
//! Beyond the open-file limit an idle tailer is closed and reopened for its
//! turn (see `tailer_reopen.rs`): it then holds no descriptor, only its place.

use std::fs::{File, Metadata};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::checkpoint::FileCheckpoint;
use super::identity::{FileKey, Fingerprint};
use super::splitter::{LineSplitter, RawLine};

/// Bytes per read call.
const READ_CHUNK: usize = 64 * 1024;
/// Newlines are counted in a skipped prefix up to this size (beyond, `line`
/// is unknown): memchr counts a GiB from the page cache in about 0.1 s.
const COUNT_LINES_UP_TO: u64 = 1 << 30;

/// Where to start reading a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// From byte 0 (new files, `--from-start`).
    Beginning,
    /// After the last complete line present now (files there at the first start).
    End,
    /// From a checkpoint.
    At {
        /// Byte offset.
        offset: u64,
        /// Lines before it, if known.
        line: Option<u64>,
    },
}

/// What [`Tailer::check`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// Nothing new.
    Unchanged,
    /// Bytes were appended.
    Grew,
    /// The file was truncated or rewritten in place: reading restarted at 0.
    Truncated,
}

/// A followed file.
#[derive(Debug)]
pub(crate) struct Tailer {
    path: PathBuf,
    /// `None` while closed to save a descriptor.
    file: Option<File>,
    key: FileKey,
    /// Birth time, where the file system keeps one: tells a reopened file
    /// from another that got its inode number after it was deleted.
    born: Option<SystemTime>,
    fingerprint: Fingerprint,
    read_pos: u64,
    splitter: LineSplitter,
    seen_size: u64,
    seen_mtime: Option<SystemTime>,
    /// A read found the first bytes changed: the next check must compare them.
    rewritten: bool,
}

impl Tailer {
    #[cfg(test)]
    /// Opens `path` and positions the tailer per `start`.
    pub(crate) fn open(path: &Path, start: Start, line_cap: usize) -> io::Result<Tailer> {
        Tailer::from_file(path, open_regular(path)?.0, start, line_cap)
    }

    /// [`Tailer::open`] with `path` already opened as `file` (one
    /// descriptor, not two, when descriptors are scarce).
    pub(crate) fn from_file(
        path: &Path,
        file: File,
        start: Start,
        line_cap: usize,
    ) -> io::Result<Tailer> {
        let meta = file.metadata()?;
        let size = meta.len();
        let (pos, line_no) = match start {
            Start::Beginning => (0, Some(0)),
            Start::At { offset, line } if offset <= size => (offset, line),
            // The checkpoint is past the end: the file was truncated since.
            Start::At { .. } => (0, Some(0)),
            Start::End => {
                let pos = last_line_end(&file, size)?;
                let lines = if pos <= COUNT_LINES_UP_TO {
                    Some(count_newlines(&file, pos)?)
                } else {
                    None
                };
                (pos, lines)
            }
        };
        Ok(Tailer {
            path: path.to_path_buf(),
            key: FileKey::of(&meta),
            born: meta.created().ok(),
            // The prefix already passed over; extended as reading goes on.
            fingerprint: Fingerprint::of(&file, pos)?,
            file: Some(file),
            read_pos: pos,
            splitter: LineSplitter::new(pos, line_no, line_cap),
            seen_size: size,
            seen_mtime: meta.modified().ok(),
            rewritten: false,
        })
    }

    /// The path the file was opened under.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Device and inode.
    pub(crate) fn key(&self) -> FileKey {
        self.key
    }

    /// The first bytes' fingerprint.
    pub(crate) fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// Offset after the last complete line delivered, and the lines before it.
    pub(crate) fn position(&self) -> (u64, Option<u64>) {
        self.splitter.position()
    }

    /// The file's size when last looked at.
    pub(crate) fn seen_size(&self) -> u64 {
        self.seen_size
    }

    /// True when bytes past the last read are known to exist.
    pub(crate) fn has_unread(&self) -> bool {
        self.seen_size > self.read_pos
    }

    /// True when a read stopped because the file's first bytes changed under
    /// it (truncated and rewritten between a check and the read): a check
    /// is due before reading on.
    pub(crate) fn rewritten(&self) -> bool {
        self.rewritten
    }

    /// Compares the open file with what was seen: growth, truncation, rewrite.
    pub(crate) fn check(&mut self) -> io::Result<Change> {
        let meta = self.file()?.metadata()?;
        self.check_with(&meta)
    }

    /// [`Tailer::check`] with the file's metadata already at hand (a stat
    /// of its path that found the same device and inode).
    pub(crate) fn check_with(&mut self, meta: &Metadata) -> io::Result<Change> {
        let (size, mtime) = (meta.len(), meta.modified().ok());
        let touched = size != self.seen_size || mtime != self.seen_mtime || self.rewritten;
        self.seen_size = size;
        self.seen_mtime = mtime;
        if size < self.read_pos || (touched && !self.fingerprint.matches(self.file()?, size)?) {
            self.restart()?;
            return Ok(Change::Truncated);
        }
        self.rewritten = false;
        Ok(if size > self.read_pos {
            Change::Grew
        } else {
            Change::Unchanged
        })
    }

    fn restart(&mut self) -> io::Result<()> {
        self.rewritten = false;
        self.read_pos = 0;
        self.splitter.reset(0, Some(0));
        // Rebuilt from the bytes read next, so it describes what was read.
        self.fingerprint = Fingerprint::of(self.file()?, 0)?;
        Ok(())
    }

    /// Reads at most about `budget` new bytes and hands every complete line
    /// to `on_line`. Returns the bytes read (0 at the end of the file).
    ///
    /// A file truncated and rewritten past our offset between a check and
    /// this read would hand us the middle of other content; so each chunk
    /// is used only if the first bytes still match after it was read.
    /// Otherwise reading stops and [`Tailer::rewritten`] says so.
    pub(crate) fn read_lines(
        &mut self,
        budget: usize,
        scratch: &mut Vec<u8>,
        on_line: &mut dyn FnMut(RawLine<'_>),
    ) -> io::Result<usize> {
        let mut total = 0;
        scratch.resize(READ_CHUNK, 0);
        let file = self.file.as_ref().ok_or_else(closed)?;
        while total < budget && !self.rewritten {
            let n = match file.read_at(&mut scratch[..READ_CHUNK], self.read_pos) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                break;
            }
            if self.fingerprint.len > 0
                && !self.fingerprint.matches(file, self.read_pos + n as u64)?
            {
                self.rewritten = true;
                break;
            }
            let chunk_start = self.read_pos;
            self.fingerprint.extend(chunk_start, &scratch[..n]);
            self.read_pos += n as u64;
            self.seen_size = self.seen_size.max(self.read_pos);
            total += n;
            self.splitter.feed(&scratch[..n], chunk_start, on_line);
        }
        Ok(total)
    }

    /// The checkpoint for this file at `offset`/`line` (what has been delivered).
    pub(crate) fn checkpoint_at(&self, offset: u64, line: Option<u64>) -> FileCheckpoint {
        FileCheckpoint {
            path: self.path.clone(),
            key: self.key,
            fingerprint: self.fingerprint,
            offset,
            line,
            applied: None,
        }
    }
}

/// The error for using a tailer that was closed (the engine reopens first).
fn closed() -> io::Error {
    io::Error::other("the file is closed until its turn")
}

/// Offset just after the last `\n` in the first `size` bytes (0 if none).
fn last_line_end(file: &File, size: u64) -> io::Result<u64> {
    let mut end = size;
    let mut buf = vec![0u8; READ_CHUNK];
    while end > 0 {
        let start = end.saturating_sub(READ_CHUNK as u64);
        let len = (end - start) as usize;
        file.read_exact_at(&mut buf[..len], start)?;
        if let Some(i) = memchr::memrchr(b'\n', &buf[..len]) {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// Newlines in the first `end` bytes.
fn count_newlines(file: &File, end: u64) -> io::Result<u64> {
    let mut buf = vec![0u8; 1 << 20];
    let (mut pos, mut count) = (0u64, 0u64);
    while pos < end {
        let len = ((end - pos) as usize).min(buf.len());
        file.read_exact_at(&mut buf[..len], pos)?;
        count += memchr::memchr_iter(b'\n', &buf[..len]).count() as u64;
        pos += len as u64;
    }
    Ok(count)
}

mod reopen;
pub(crate) use super::reading::Reading;
pub(crate) use reopen::{Reopened, open_regular};

#[cfg(test)]
mod tests;
