//! After a restart: where did a checkpointed file go while logwarden was
//! stopped? Rotation renames it within its directory (same inode);
//! copytruncate leaves a copy named like it whose first bytes match. Each
//! directory is listed once however many checkpoints point into it.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::placement::at;
use crate::ingest::checkpoint::FileCheckpoint;
use crate::ingest::identity::FileKey;
use crate::ingest::tailer::Start;

/// Copies looked at per checkpoint, newest first: rotated copies are few
/// in practice, and this bounds the work where thousands pile up.
const COPY_CANDIDATES: usize = 32;

/// A regular file in a directory that holds checkpointed files.
struct Candidate {
    path: PathBuf,
    key: FileKey,
    size: u64,
}

/// Directory listings, made once per directory.
#[derive(Default)]
pub struct RotatedFinder {
    dirs: HashMap<PathBuf, Vec<Candidate>>,
}

impl RotatedFinder {
    /// The file that is `cp`'s file under another name, and where to resume
    /// it: the same inode (from the checkpoint; from byte 0 if it was also
    /// truncated before the rename), or a copy named like it, at least as
    /// long as the checkpoint, with the same first bytes. `taken` are files
    /// already followed.
    pub fn find(
        &mut self,
        cp: &FileCheckpoint,
        taken: &BTreeSet<FileKey>,
    ) -> Option<(PathBuf, FileKey, Start)> {
        let dir = cp.path.parent()?;
        let stem = cp.path.file_stem()?.to_string_lossy().into_owned();
        let candidates = self
            .dirs
            .entry(dir.to_path_buf())
            .or_insert_with(|| list(dir));
        let named_like = |c: &Candidate| {
            c.path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&stem))
        };
        if let Some(same) = candidates
            .iter()
            .find(|c| c.key == cp.key && !taken.contains(&c.key))
        {
            let file = File::open(&same.path).ok()?;
            if same.size >= cp.offset && cp.fingerprint.matches(&file, same.size).unwrap_or(false) {
                return Some((same.path.clone(), same.key, at(cp)));
            }
            // Same inode, other content: truncated before it was renamed. A
            // compressed rotation that reused the inode is not a log to read.
            if named_like(same) && !is_gzip(&file) {
                return Some((same.path.clone(), same.key, Start::Beginning));
            }
        }
        if cp.fingerprint.len == 0 {
            return None;
        }
        candidates
            .iter()
            .filter(|c| !taken.contains(&c.key) && c.size >= cp.offset && named_like(c))
            .take(COPY_CANDIDATES)
            .find(|c| {
                File::open(&c.path)
                    .is_ok_and(|file| cp.fingerprint.matches(&file, c.size).unwrap_or(false))
            })
            .map(|c| (c.path.clone(), c.key, at(cp)))
    }
}

/// The regular files of `dir`, newest first.
fn list(dir: &Path) -> Vec<Candidate> {
    let mut found: Vec<(SystemTime, Candidate)> = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_file() {
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            found.push((
                modified,
                Candidate {
                    key: FileKey::of(&meta),
                    size: meta.len(),
                    path,
                },
            ));
        }
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.0));
    found.into_iter().map(|(_, c)| c).collect()
}

fn is_gzip(file: &File) -> bool {
    let mut magic = [0u8; 2];
    file.read_exact_at(&mut magic, 0).is_ok() && magic == [0x1f, 0x8b]
}
