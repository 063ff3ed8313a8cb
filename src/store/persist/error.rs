//! What can go wrong with the history database; the messages name the
//! file, as users see them in warnings and `failing` of the history status.

use std::fmt;
use std::path::PathBuf;

/// A failure to open, read or write the history.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// The file cannot be opened (or created).
    #[error("cannot open {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The file was unreadable and could not be moved aside either.
    #[error("{path} is unreadable ({first}) and cannot be moved aside: {source}")]
    MoveAside {
        /// The database file.
        path: PathBuf,
        /// Why it was unreadable.
        first: Box<PersistError>,
        /// Why it could not be moved.
        source: std::io::Error,
    },
    /// A newer logwarden wrote it: its tables are not understood.
    #[error("{path} was written by a newer logwarden (schema {version})")]
    Newer {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        version: i64,
    },
    /// A query (or setting up the tables) failed.
    #[error("{path}: {source}")]
    Query {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// Writing, pruning or compacting failed.
    #[error("cannot {doing} {path}: {source}")]
    Failed {
        /// What was being done.
        doing: Doing,
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The read positions saved do not parse.
    #[error("{path}: saved read positions unreadable: {source}")]
    Positions {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: serde_json::Error,
    },
    /// An issue or the read positions could not be turned into JSON.
    #[error("{0}")]
    Encode(#[from] serde_json::Error),
}

/// What the database was doing when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    /// Reading its page counts or settings.
    Read,
    /// Writing issues, changes, positions or silences.
    Write,
    /// Deleting rows past the retention or the limits.
    Prune,
    /// Giving freed pages back.
    Compact,
    /// Emptying the write-ahead log.
    Checkpoint,
}

impl fmt::Display for Doing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Doing::Read => "read",
            Doing::Write => "write",
            Doing::Prune => "prune",
            Doing::Compact => "compact",
            Doing::Checkpoint => "checkpoint",
        })
    }
}
