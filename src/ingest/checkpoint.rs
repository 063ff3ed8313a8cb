//! The state directory: where each followed file was read up to, saved
//! atomically (temp file, fsync, rename, fsync of the directory), and a lock
//! so two instances never share it.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::identity::{FileKey, Fingerprint};
use super::path_bytes;

const CHECKPOINT_FILE: &str = "checkpoints.json";
const LOCK_FILE: &str = "lock";
const FORMAT_VERSION: u32 = 1;

/// How far one file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCheckpoint {
    /// The path the file was followed under (saved as bytes when it is not
    /// UTF-8, so one odd name never stops saving).
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    /// Its device and inode.
    pub key: FileKey,
    /// Its first bytes.
    pub fingerprint: Fingerprint,
    /// Byte offset of the first byte not yet delivered (the start of any
    /// incomplete last line, which is read whole after a restart).
    pub offset: u64,
    /// Lines before `offset`, when known.
    pub line: Option<u64>,
    /// The id of the issue whose event starts at `offset` when the issue
    /// store already holds it: read again after a restart, it only
    /// completes that issue instead of counting it twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied: Option<String>,
}

/// A rotated file read to its end and let go: remembered for a while so
/// that, renamed or compressed later, it is not taken for a generation
/// nobody read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finished {
    /// The path its lines were reported under.
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    /// Its device and inode.
    pub key: FileKey,
    /// Its first bytes.
    pub fingerprint: Fingerprint,
    /// Bytes it had when it was let go.
    pub size: u64,
}

/// Everything saved in the state directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoints {
    /// Format version (1).
    pub version: u32,
    /// One entry per followed file.
    pub files: Vec<FileCheckpoint>,
    /// The places (paths, directories, globs) watched so far: a file that
    /// appears under one of them while logwarden is stopped is new, and is
    /// read from its start.
    #[serde(default)]
    pub specs: Vec<String>,
    /// When these were saved (microseconds since the epoch): files changed
    /// since may hold lines nobody read; of two saved sets, the newer wins.
    #[serde(default)]
    pub saved_at: Option<i64>,
    /// Rotated files read to their end lately (newest last, bounded).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub finished: Vec<Finished>,
}

/// A problem with the state directory.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Another process holds the lock.
    #[error(
        "state directory {dir} is in use by another logwarden ({holder}); use another --state DIR"
    )]
    Locked {
        /// The directory.
        dir: String,
        /// What the lock file says about its holder.
        holder: String,
    },
    /// The directory cannot be created, locked or written.
    #[error("state directory {dir}: {source}")]
    Io {
        /// The directory.
        dir: String,
        /// Why.
        source: io::Error,
    },
}

/// An open, locked state directory. The lock lasts as long as this value.
#[derive(Debug)]
pub struct StateDir {
    dir: PathBuf,
    _lock: File,
}

impl StateDir {
    /// `$XDG_STATE_HOME/logwarden` (or the platform's equivalent).
    pub fn default_dir() -> Option<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "logwarden")?;
        Some(
            dirs.state_dir()
                .unwrap_or_else(|| dirs.data_local_dir())
                .to_path_buf(),
        )
    }

    /// Creates (if needed) and locks `dir`.
    pub fn open(dir: &Path) -> Result<StateDir, StateError> {
        let io_err = |source| StateError::Io {
            dir: dir.display().to_string(),
            source,
        };
        fs::create_dir_all(dir).map_err(io_err)?;
        let lock_path = dir.join(LOCK_FILE);
        let mut lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(io_err)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&lock_path).unwrap_or_default();
                let holder = holder.trim();
                return Err(StateError::Locked {
                    dir: dir.display().to_string(),
                    holder: if holder.is_empty() {
                        "pid unknown".into()
                    } else {
                        holder.to_string()
                    },
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
        lock.set_len(0).map_err(io_err)?;
        write!(lock, "pid {}", std::process::id()).map_err(io_err)?;
        Ok(StateDir {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The saved checkpoints (none on a first start). An unreadable or
    /// corrupt file is moved aside and reported; the caller starts fresh.
    pub fn load(&self) -> (Checkpoints, Option<String>) {
        let path = self.dir.join(CHECKPOINT_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (Checkpoints::default(), None),
            Err(e) => {
                return (
                    Checkpoints::default(),
                    Some(format!("cannot read {}: {e}", path.display())),
                );
            }
        };
        match serde_json::from_str::<Checkpoints>(&text) {
            Ok(cps) if cps.version == FORMAT_VERSION => (cps, None),
            Ok(cps) => (
                Checkpoints::default(),
                Some(format!(
                    "{} has format version {}, expected {FORMAT_VERSION}; ignoring it",
                    path.display(),
                    cps.version
                )),
            ),
            Err(e) => {
                let aside = self.dir.join(format!("{CHECKPOINT_FILE}.corrupt"));
                let moved = fs::rename(&path, &aside).is_ok();
                let note = if moved {
                    format!("; moved to {}", aside.display())
                } else {
                    String::new()
                };
                (
                    Checkpoints::default(),
                    Some(format!("{} is corrupt ({e}){note}", path.display())),
                )
            }
        }
    }

    /// Saves atomically: a reader (or a crash) sees the old or the new file, never half of one.
    pub fn save(&self, checkpoints: &Checkpoints) -> io::Result<()> {
        let mut doc = checkpoints.clone();
        doc.version = FORMAT_VERSION;
        let json = serde_json::to_vec_pretty(&doc).map_err(io::Error::other)?;
        let tmp = self.dir.join(format!("{CHECKPOINT_FILE}.tmp"));
        {
            let mut file = File::create(&tmp)?;
            file.write_all(&json)?;
            file.sync_all()?;
        }
        fs::rename(&tmp, self.dir.join(CHECKPOINT_FILE))?;
        File::open(&self.dir)?.sync_all()
    }
}

#[cfg(test)]
mod tests;
