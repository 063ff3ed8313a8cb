//! Where did a file go, and what was written after it? Rotation renames a
//! file within its directory (same inode), compresses it (`app.log.1.gz`:
//! a new inode, the same bytes once decompressed), or copies it and
//! truncates the original (copytruncate: a copy whose first bytes match).
//! Several rotations leave several generations, each named like the file
//! (`app.log.1`, `app.log.2.gz`, `app.log-20261205`, `app.1.log`...).
//! Each directory is listed once however many files point into it.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::placement::at;
use crate::ingest::checkpoint::{FileCheckpoint, Finished};
use crate::ingest::gzip_tail::{gzip_head, is_gzip};
use crate::ingest::identity::{FileKey, Fingerprint};
use crate::ingest::tailer::Start;

/// Copies looked at per checkpoint, newest first: rotated copies are few
/// in practice, and this bounds the work where thousands pile up.
const COPY_CANDIDATES: usize = 32;

/// Fewer first bytes than this say too little to take a file for one read
/// before (a short banner line is common to many files): such a file is
/// read again rather than risk losing it.
const KNOWN_MIN_PREFIX: u32 = 16;

/// How much earlier than asked generations are looked for (see
/// [`RotatedFinder::unread_generations`]).
const MTIME_SLACK: Duration = Duration::from_secs(2);

/// A regular file in a directory that holds followed files.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    /// Where it is.
    pub path: PathBuf,
    /// Its device and inode.
    pub key: FileKey,
    /// Its size (compressed, for gzip).
    pub size: u64,
    /// When it was last written.
    pub modified: SystemTime,
}

/// Directory listings, made once per directory.
#[derive(Default)]
pub(super) struct RotatedFinder {
    dirs: HashMap<PathBuf, Vec<Candidate>>,
}

impl RotatedFinder {
    /// The files of `dir`, newest first (listed on first use).
    fn listing(&mut self, dir: &Path) -> &[Candidate] {
        self.dirs
            .entry(dir.to_path_buf())
            .or_insert_with(|| list(dir))
    }

    /// Where `cp`'s file went, and where to resume: the same inode (from
    /// the checkpoint), or a generation of it (a copy, or the file
    /// compressed) at least as long as the checkpoint with the same first
    /// bytes. When the inode was truncated (copytruncate) before it was
    /// renamed, both: its copy from the checkpoint, then the inode from
    /// byte 0 (only when `truncated_ok`: else nothing, so that a later
    /// checkpoint whose content it holds claims it first). `taken` are
    /// files already followed.
    pub(super) fn find(
        &mut self,
        cp: &FileCheckpoint,
        taken: &BTreeSet<FileKey>,
        truncated_ok: bool,
    ) -> Vec<(PathBuf, FileKey, Start)> {
        let Some(dir) = cp.path.parent() else {
            return Vec::new();
        };
        let mut truncated = None;
        if let Some(same) = self
            .listing(dir)
            .iter()
            .find(|c| c.key == cp.key && !taken.contains(&c.key))
            && let Ok(file) = File::open(&same.path)
        {
            // With no bytes read, the content cannot vouch for the inode
            // (soon reused after a delete): the name must.
            let named = is_generation_of(&same.path, &cp.path) && !is_gzip(&file);
            let vouched = cp.fingerprint.len > 0 || named;
            if vouched
                && same.size >= cp.offset
                && cp.fingerprint.matches(&file, same.size).unwrap_or(false)
            {
                return vec![(same.path.clone(), same.key, at(cp))];
            }
            // Same inode, other content: truncated before it was renamed. A
            // compressed rotation that reused the inode is found below.
            if named {
                if !truncated_ok {
                    // Decided after every checkpoint had its chance.
                    return Vec::new();
                }
                truncated = Some((same.path.clone(), same.key, Start::Beginning));
            }
        }
        let copy = self.copy_of(&cp.path, cp.fingerprint, cp.offset, taken);
        let mut found: Vec<_> = copy.map(|c| (c.path, c.key, at(cp))).into_iter().collect();
        found.extend(truncated);
        found
    }

    /// A generation of `path` (not in `taken`) whose content starts with
    /// the bytes of `fingerprint` and is not shorter than `offset`: a copy
    /// of the file, or the file compressed.
    pub(super) fn copy_of(
        &mut self,
        path: &Path,
        fingerprint: Fingerprint,
        offset: u64,
        taken: &BTreeSet<FileKey>,
    ) -> Option<Candidate> {
        if fingerprint.len == 0 {
            return None;
        }
        let dir = path.parent()?;
        self.listing(dir)
            .iter()
            .filter(|c| !taken.contains(&c.key) && is_generation_of(&c.path, path))
            .take(COPY_CANDIDATES)
            .find(|c| content_matches(c, fingerprint, offset))
            .cloned()
    }

    /// Generations of `path` written since `since` that are none of the
    /// files `taken` and not one of the `known` files (read before, maybe
    /// renamed or compressed since): lines nobody read yet. Oldest first.
    pub(super) fn unread_generations(
        &mut self,
        path: &Path,
        since: SystemTime,
        taken: &BTreeSet<FileKey>,
        known: &[Known],
    ) -> Vec<Candidate> {
        let Some(dir) = path.parent() else {
            return Vec::new();
        };
        // File times are coarse (a kernel tick): a file written just after
        // `since` may carry a time just before it. Files read before are
        // told apart by `known`, so looking a little further back is safe.
        let since = since
            .checked_sub(MTIME_SLACK)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut found: Vec<Candidate> = self
            .listing(dir)
            .iter()
            .filter(|c| c.modified > since && !taken.contains(&c.key))
            .filter(|c| is_generation_of(&c.path, path))
            .filter(|c| !known.iter().any(|k| k.is(c)))
            .cloned()
            .collect();
        found.reverse();
        found
    }
}

/// A file read before: by inode, or by its first bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Known {
    key: Option<FileKey>,
    fingerprint: Fingerprint,
    /// Bytes read of it.
    read: u64,
}

impl Known {
    /// A checkpointed file.
    pub(super) fn checkpoint(cp: &FileCheckpoint) -> Known {
        Known::open(cp.key, cp.fingerprint, cp.offset)
    }

    /// A file read to its end.
    pub(super) fn finished(f: &Finished) -> Known {
        Known::open(f.key, f.fingerprint, f.size)
    }

    /// An open file, `read` bytes of it read.
    pub(super) fn open(key: FileKey, fingerprint: Fingerprint, read: u64) -> Known {
        Known {
            key: Some(key),
            fingerprint,
            read,
        }
    }

    /// The same first bytes (decompressed, for gzip), and either the same
    /// inode, or enough of those bytes to tell files apart, or the whole
    /// of a short file: the candidate holds exactly what was read. An
    /// inode alone says nothing: a deleted file's inode is soon reused.
    fn is(&self, c: &Candidate) -> bool {
        let fp = self.fingerprint;
        if !content_matches(c, fp, 0) {
            return false;
        }
        Some(c.key) == self.key
            || fp.len >= KNOWN_MIN_PREFIX
            || (u64::from(fp.len) == self.read && content_len_is(c, self.read))
    }
}

/// True when the content of `c` (decompressed, for gzip) is `len` bytes long.
fn content_len_is(c: &Candidate, len: u64) -> bool {
    let Ok(file) = File::open(&c.path) else {
        return false;
    };
    if is_gzip(&file) {
        let want = usize::try_from(len).unwrap_or(usize::MAX);
        return gzip_head(&file, want.saturating_add(1)).is_ok_and(|head| head.len() == want);
    }
    c.size == len
}

/// True when the file at `c` starts with the bytes of `fingerprint`
/// (decompressed, for gzip) and holds at least `offset` bytes.
fn content_matches(c: &Candidate, fingerprint: Fingerprint, offset: u64) -> bool {
    // An empty fingerprint matches everything: it says nothing.
    if fingerprint.len == 0 {
        return false;
    }
    let Ok(file) = File::open(&c.path) else {
        return false;
    };
    if is_gzip(&file) {
        return gzip_head(&file, fingerprint.len as usize)
            .is_ok_and(|head| fingerprint.matches_bytes(&head));
    }
    c.size >= offset && fingerprint.matches(&file, c.size).unwrap_or(false)
}

/// True when `candidate` is named like a rotated generation of `original`:
/// its name plus a suffix (`app.log.1`, `app.log-20261205`, `app.log.2.gz`,
/// `app.log.old`), or its stem plus a number or date before the extension
/// (`app.1.log`, `app-2026-12-05.log.gz`). Lock, swap and other logs'
/// files (`app.log.lock`, `app-error.log`) are not.
pub(super) fn is_generation_of(candidate: &Path, original: &Path) -> bool {
    let (Some(name), Some(base)) = (candidate.file_name(), original.file_name()) else {
        return false;
    };
    if name == base || candidate.parent() != original.parent() {
        return false;
    }
    let name = strip_compression(name.as_bytes());
    let base = base.as_bytes();
    if let Some(rest) = name.strip_prefix(base) {
        return match rest.split_first() {
            None => true,
            Some((sep, rest)) => is_sep(*sep) && is_generation_word(rest),
        };
    }
    let (stem, ext) = match base.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => (&base[..dot], &base[dot..]),
        _ => return false,
    };
    let Some(middle) = name.strip_prefix(stem).and_then(|r| r.strip_suffix(ext)) else {
        return false;
    };
    match middle.split_first() {
        Some((sep, rest)) => is_sep(*sep) && !rest.is_empty() && is_number_or_date(rest),
        None => false,
    }
}

fn is_sep(b: u8) -> bool {
    matches!(b, b'.' | b'-' | b'_')
}

/// `1`, `20261205`, `2026-12-05`, `2026-12-05.1`, `old`, `bak`.
fn is_generation_word(word: &[u8]) -> bool {
    matches!(word, b"old" | b"bak" | b"prev") || is_number_or_date(word)
}

fn is_number_or_date(word: &[u8]) -> bool {
    word.first().is_some_and(u8::is_ascii_digit)
        && word
            .iter()
            .all(|&b| b.is_ascii_digit() || is_sep(b) || b == b'T' || b == b':')
}

fn strip_compression(name: &[u8]) -> &[u8] {
    for ext in [&b".gz"[..], b".z", b".Z"] {
        if let Some(stripped) = name.strip_suffix(ext) {
            return stripped;
        }
    }
    name
}

/// The regular files of `dir`, newest first.
fn list(dir: &Path) -> Vec<Candidate> {
    let mut found: Vec<Candidate> = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_file() {
            found.push(Candidate {
                key: FileKey::of(&meta),
                size: meta.len(),
                modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                path,
            });
        }
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.modified));
    found
}

#[cfg(test)]
mod tests;
