//! What makes a file the same file: its device and inode, plus a fingerprint
//! of its first bytes (which catches an inode reused after delete+create, and
//! a file truncated and rewritten in place). Never its path.

use std::fs::{File, Metadata};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};

use serde::{Deserialize, Serialize};

/// Longest prefix the fingerprint covers.
pub(crate) const FINGERPRINT_MAX: usize = 1024;

/// Device and inode of an open or stat-ed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileKey {
    /// `st_dev`.
    pub dev: u64,
    /// `st_ino`.
    pub ino: u64,
}

impl FileKey {
    /// The key of a file's metadata.
    pub fn of(meta: &Metadata) -> FileKey {
        FileKey {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }
}

/// A hash of a file's first `len` bytes. The length is kept with the hash so
/// a file that was short when first seen and has grown since is still
/// recognised: its first `len` bytes hash the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// How many leading bytes were hashed.
    pub len: u32,
    /// FNV-1a of those bytes.
    pub hash: u64,
}

impl Fingerprint {
    /// Fingerprints the first `min(size, FINGERPRINT_MAX)` bytes of `file`.
    pub fn of(file: &File, size: u64) -> io::Result<Fingerprint> {
        let len = size.min(FINGERPRINT_MAX as u64) as usize;
        Ok(Fingerprint {
            len: len as u32,
            hash: hash_prefix(file, len)?,
        })
    }

    /// Fingerprints `prefix` (at most [`FINGERPRINT_MAX`] bytes of it): the
    /// first bytes of a stream that cannot be read at an offset (gzip).
    pub fn of_bytes(prefix: &[u8]) -> Fingerprint {
        let prefix = &prefix[..prefix.len().min(FINGERPRINT_MAX)];
        Fingerprint {
            len: prefix.len() as u32,
            hash: fnv(FNV_OFFSET, prefix),
        }
    }

    /// True when `head` (a stream's first bytes) starts with the bytes this
    /// fingerprint was taken of.
    pub fn matches_bytes(&self, head: &[u8]) -> bool {
        head.len() >= self.len as usize && fnv(FNV_OFFSET, &head[..self.len as usize]) == self.hash
    }

    /// True when `file` still starts with the bytes this fingerprint was taken of.
    pub fn matches(&self, file: &File, size: u64) -> io::Result<bool> {
        if size < u64::from(self.len) {
            return Ok(false);
        }
        Ok(hash_prefix(file, self.len as usize)? == self.hash)
    }

    /// Extends the fingerprint with bytes just read from the file at
    /// offset `at`, so it always covers exactly the prefix that was read
    /// (never bytes read later, which might belong to a rewritten file).
    pub fn extend(&mut self, at: u64, chunk: &[u8]) {
        let len = u64::from(self.len);
        if len as usize >= FINGERPRINT_MAX || at > len || at + chunk.len() as u64 <= len {
            return;
        }
        let from = (len - at) as usize;
        let to = chunk.len().min(FINGERPRINT_MAX - at as usize);
        self.hash = fnv(self.hash, &chunk[from..to]);
        self.len += (to - from) as u32;
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn hash_prefix(file: &File, len: usize) -> io::Result<u64> {
    let mut buf = [0u8; FINGERPRINT_MAX];
    let mut filled = 0;
    while filled < len {
        match file.read_at(&mut buf[filled..len], filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(fnv(FNV_OFFSET, &buf[..filled]))
}

#[cfg(test)]
mod tests;
