//! Finding a closed drained file again: where it was last seen, or by its
//! inode in that directory (listed once per round), told from a new file
//! given its number by its birth time or first bytes.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::os::unix::fs::DirEntryExt;
use std::path::{Path, PathBuf};

use super::super::source::FileSource;
use crate::ingest::tailer::Reopened;

/// Opens a drained file where it was last seen, or wherever it went in
/// that directory: the same device+inode and birth time, or where birth
/// times are not kept, the same first bytes (an inode number freed by a
/// deletion may have been given to another file).
/// A directory that cannot be listed is an error.
pub(super) fn relocate(source: &mut FileSource, listings: &mut Listings) -> io::Result<Found> {
    let at = source.location().to_path_buf();
    let mut rewritten = None;
    match try_at(source, &at)? {
        Found::Same => return Ok(Found::Same),
        Found::Rewritten(p) => rewritten = Some(p),
        Found::Nowhere => {}
    }
    let Some(dir) = at.parent() else {
        return Ok(rewritten.map_or(Found::Nowhere, Found::Rewritten));
    };
    // A listing made earlier this round first; if it does not have the
    // file, a fresh one (the file may have moved since).
    for fresh in [false, true] {
        for path in listings.with_inode(dir, source.key().ino, fresh)? {
            if path == at {
                continue;
            }
            match try_at(source, &path)? {
                Found::Same => return Ok(Found::Same),
                Found::Rewritten(p) => rewritten = rewritten.or(Some(p)),
                Found::Nowhere => {}
            }
        }
    }
    Ok(rewritten.map_or(Found::Nowhere, Found::Rewritten))
}

/// Where a closed drained file was found.
pub(super) enum Found {
    /// It, open again.
    Same,
    /// Its device+inode, holding other bytes than were read (at this path).
    Rewritten(PathBuf),
    /// Nowhere.
    Nowhere,
}

fn try_at(source: &mut FileSource, path: &Path) -> io::Result<Found> {
    if source.reopen_at(path)? != Reopened::Same {
        return Ok(Found::Nowhere);
    }
    if source.surely_same()? {
        source.moved_to(path);
        return Ok(Found::Same);
    }
    source.close();
    Ok(Found::Rewritten(path.to_path_buf()))
}

/// Directory listings by inode number, made once per round however many
/// drained files (a whole directory rotated at once) look in them.
#[derive(Default)]
pub(super) struct Listings {
    dirs: HashMap<PathBuf, HashMap<u64, Vec<PathBuf>>>,
}

impl Listings {
    /// Entries of `dir` with inode number `ino` (the device is checked on
    /// open); `fresh` lists the directory again.
    fn with_inode(&mut self, dir: &Path, ino: u64, fresh: bool) -> io::Result<Vec<PathBuf>> {
        if fresh || !self.dirs.contains_key(dir) {
            let mut by_ino: HashMap<u64, Vec<PathBuf>> = HashMap::new();
            let entries = match fs::read_dir(dir) {
                Ok(entries) => entries,
                // The directory went: so did the file.
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
                Err(e) => return Err(e),
            };
            for entry in entries {
                let entry = entry?;
                by_ino.entry(entry.ino()).or_default().push(entry.path());
            }
            self.dirs.insert(dir.to_path_buf(), by_ino);
        }
        let found = self.dirs.get(dir).and_then(|d| d.get(&ino));
        Ok(found.cloned().unwrap_or_default())
    }
}
