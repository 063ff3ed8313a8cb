//! What the engine needs of a file it reads, whatever the file is: a
//! growing plain file ([`Tailer`]) or a compressed rotated generation
//! ([`GzTail`](super::gzip_tail::GzTail)), which is read once, to its end.

use std::fs::Metadata;
use std::io;
use std::path::Path;

use super::checkpoint::FileCheckpoint;
use super::identity::{FileKey, Fingerprint};
use super::splitter::RawLine;
use super::tailer::{Change, Reopened, Tailer};

/// A file being read (see the module comment).
pub(crate) trait Reading: Send {
    /// Where the file was last found.
    fn path(&self) -> &Path;
    /// Device and inode.
    fn key(&self) -> FileKey;
    /// The first bytes' fingerprint (of the decompressed bytes for gzip).
    fn fingerprint(&self) -> Fingerprint;
    /// Offset after the last complete line delivered, and the lines before it.
    fn position(&self) -> (u64, Option<u64>);
    /// The size when last looked at.
    fn seen_size(&self) -> u64;
    /// True when bytes past the last read are known to exist.
    fn has_unread(&self) -> bool;
    /// True when a read found the first bytes changed under it.
    fn rewritten(&self) -> bool;
    /// Looks for growth, truncation, rewrite.
    fn check(&mut self) -> io::Result<Change>;
    /// [`Reading::check`] with the file's metadata at hand.
    fn check_with(&mut self, meta: &Metadata) -> io::Result<Change>;
    /// Reads at most about `budget` bytes, handing complete lines to `on_line`.
    fn read_lines(
        &mut self,
        budget: usize,
        scratch: &mut Vec<u8>,
        on_line: &mut dyn FnMut(RawLine<'_>),
    ) -> io::Result<usize>;
    /// The checkpoint at `offset`/`line`.
    fn checkpoint_at(&self, offset: u64, line: Option<u64>) -> FileCheckpoint;
    /// True while it holds a descriptor.
    fn is_open(&self) -> bool;
    /// Gives its descriptor back; [`Reading::reopen_at`] resumes.
    fn close(&mut self);
    /// Reopens the file, looking for it at `path`.
    fn reopen_at(&mut self, path: &Path) -> io::Result<Reopened>;
    /// Remembers that the file now lives at `path`.
    fn moved_to(&mut self, path: &Path);
    /// Whether a reopened file is surely the one closed (birth time matched).
    fn birth_checked(&self) -> bool;
    /// Whether `meta` has this file's birth time.
    fn born_as(&self, meta: &Metadata) -> bool;
    /// Whether the open file still holds what was read from it.
    fn starts_as_before(&self) -> io::Result<bool>;
    /// Whether a stat of the closed file shows something to do.
    fn needs_turn(&self, meta: &Metadata) -> bool;
    /// Whether the open file's first bytes are `bytes` (false when closed
    /// or compressed).
    fn starts_with(&self, _bytes: &[u8]) -> bool {
        false
    }
}

impl Reading for Tailer {
    fn starts_with(&self, bytes: &[u8]) -> bool {
        use std::os::unix::fs::FileExt;
        let Ok(file) = self.file() else { return false };
        let mut head = vec![0; bytes.len()];
        file.read_exact_at(&mut head, 0).is_ok() && head == bytes
    }
    fn path(&self) -> &Path {
        Tailer::path(self)
    }
    fn key(&self) -> FileKey {
        Tailer::key(self)
    }
    fn fingerprint(&self) -> Fingerprint {
        Tailer::fingerprint(self)
    }
    fn position(&self) -> (u64, Option<u64>) {
        Tailer::position(self)
    }
    fn seen_size(&self) -> u64 {
        Tailer::seen_size(self)
    }
    fn has_unread(&self) -> bool {
        Tailer::has_unread(self)
    }
    fn rewritten(&self) -> bool {
        Tailer::rewritten(self)
    }
    fn check(&mut self) -> io::Result<Change> {
        Tailer::check(self)
    }
    fn check_with(&mut self, meta: &Metadata) -> io::Result<Change> {
        Tailer::check_with(self, meta)
    }
    fn read_lines(
        &mut self,
        budget: usize,
        scratch: &mut Vec<u8>,
        on_line: &mut dyn FnMut(RawLine<'_>),
    ) -> io::Result<usize> {
        Tailer::read_lines(self, budget, scratch, on_line)
    }
    fn checkpoint_at(&self, offset: u64, line: Option<u64>) -> FileCheckpoint {
        Tailer::checkpoint_at(self, offset, line)
    }
    fn is_open(&self) -> bool {
        Tailer::is_open(self)
    }
    fn close(&mut self) {
        Tailer::close(self)
    }
    fn reopen_at(&mut self, path: &Path) -> io::Result<Reopened> {
        Tailer::reopen_at(self, path)
    }
    fn moved_to(&mut self, path: &Path) {
        Tailer::moved_to(self, path)
    }
    fn birth_checked(&self) -> bool {
        Tailer::birth_checked(self)
    }
    fn born_as(&self, meta: &Metadata) -> bool {
        Tailer::born_as(self, meta)
    }
    fn starts_as_before(&self) -> io::Result<bool> {
        Tailer::starts_as_before(self)
    }
    fn needs_turn(&self, meta: &Metadata) -> bool {
        Tailer::needs_turn(self, meta)
    }
}
