//! Closing a tailer to give its descriptor back, and reopening it for its
//! turn. A closed tailer keeps its place (offset, partial line, first
//! bytes' fingerprint); reopened, the file must be the same device+inode,
//! and the next check compares its first bytes as for a file that stayed
//! open, so a file truncated or rewritten while closed is caught too.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::{FileKey, Tailer, closed};

/// What [`Tailer::reopen_at`] found at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reopened {
    /// The same file: the tailer is open again.
    Same,
    /// Another file (the path was rotated or replaced, or its inode
    /// number was given to a new file): still closed.
    Other,
    /// Nothing (removed or renamed): still closed.
    Missing,
}

/// Opens `path` for reading without ever blocking: a FIFO swapped in for
/// a log would otherwise block the open until a writer came. Anything
/// but a regular file is refused with what it is.
pub(crate) fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = crate::ingest::kind::FileKind::of(&meta.file_type());
        return Err(io::Error::other(format!(
            "it is {what}, not a regular file"
        )));
    }
    Ok((file, meta))
}

impl Tailer {
    /// The open file (an error while closed).
    pub(crate) fn file(&self) -> io::Result<&File> {
        self.file.as_ref().ok_or_else(closed)
    }

    /// True while the tailer holds a descriptor.
    pub(crate) fn is_open(&self) -> bool {
        self.file.is_some()
    }

    /// Gives the descriptor back; [`Tailer::reopen_at`] resumes.
    pub(crate) fn close(&mut self) {
        self.file = None;
    }

    /// Reopens the file, looking for it at `path` (where it was, or where
    /// it may have gone after a rename). Only the same device+inode is taken.
    pub(crate) fn reopen_at(&mut self, path: &Path) -> io::Result<Reopened> {
        if self.file.is_some() {
            return Ok(Reopened::Same);
        }
        let (file, meta) = match open_regular(path) {
            Ok(pair) => pair,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Reopened::Missing),
            Err(e) => return Err(e),
        };
        let born = meta.created().ok();
        if FileKey::of(&meta) != self.key || (born.is_some() && born != self.born) {
            return Ok(Reopened::Other);
        }
        self.file = Some(file);
        Ok(Reopened::Same)
    }

    /// Remembers that the file now lives at `path` (found after a rename).
    pub(crate) fn moved_to(&mut self, path: &Path) {
        path.clone_into(&mut self.path);
    }

    /// Whether the reopened file is surely the one closed: its birth time
    /// is known and matched (device+inode alone may belong to a new file).
    pub(crate) fn birth_checked(&self) -> bool {
        self.born.is_some()
    }

    /// Whether `meta` has this file's birth time (false when it is unknown).
    pub(crate) fn born_as(&self, meta: &Metadata) -> bool {
        self.born.is_some() && meta.created().ok() == self.born
    }

    /// Whether the open file still holds what was read from it: at least
    /// as long, with the same first bytes (where birth times are not kept,
    /// this tells a file from another that got its inode number).
    pub(crate) fn starts_as_before(&self) -> io::Result<bool> {
        let file = self.file()?;
        let size = file.metadata()?.len();
        Ok(size >= self.read_pos && self.fingerprint.matches(file, size)?)
    }

    /// Whether a stat of the closed file (`meta`, same device+inode) shows
    /// something to do: it changed since it was last looked at, or bytes
    /// seen then are still unread.
    pub(crate) fn needs_turn(&self, meta: &Metadata) -> bool {
        meta.len() != self.seen_size
            || meta.modified().ok() != self.seen_mtime
            || self.rewritten
            || self.has_unread()
    }
}
