//! Issues kept in SQLite in the state directory, so the dashboard and the
//! API show the same history after a restart and resolved stays resolved.
//! Writes are batched in one transaction; a write that fails (full disk,
//! read-only directory) is reported and retried, and the store goes on in
//! memory. A database that cannot be read is moved aside and replaced.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::store::command::{Action, Origin};

/// The database's file name in the state directory.
pub const DB_FILE: &str = "issues.db";

/// Most issues kept in the history, whatever their age.
pub(crate) const MAX_ROWS: usize = 1_000_000;

/// How much history is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Issues whose latest occurrence is older are pruned.
    pub max_age: chrono::TimeDelta,
    /// Beyond this many issues, the least recently seen are pruned (open
    /// CRITICAL/ERROR ones last).
    pub max_rows: usize,
    /// Beyond this many bytes of database pages in use, likewise.
    pub max_bytes: u64,
    /// Group ids remembered as seen, at most (the least recently seen go).
    pub max_seen: usize,
}

impl Default for Retention {
    fn default() -> Self {
        Retention::within(&crate::store::Limits::default())
    }
}

impl Retention {
    /// The default age (30 days) with the history's `limits`.
    pub fn within(limits: &crate::store::Limits) -> Retention {
        Retention {
            max_age: chrono::TimeDelta::days(30),
            max_rows: limits.history_rows,
            max_bytes: limits.history_bytes,
            max_seen: limits.seen_groups,
        }
    }
}

/// `7d`, `12h`, `30m`, `90s`, `1h30m` (humantime's forms), or a plain
/// number of days, as a positive duration.
pub(crate) fn parse_age(text: &str) -> Result<chrono::TimeDelta, String> {
    let text = text.trim();
    let bad = |why: &str| format!("{text:?}: {why} (e.g. 7d, 12h, 30m)");
    // A bare number is days, as `--retention 30` has always meant.
    let spelled = match !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        true => format!("{text}d"),
        false => text.to_string(),
    };
    let age = humantime::parse_duration(&spelled).map_err(|e| bad(&e.to_string()))?;
    if age.is_zero() {
        return Err(bad("expected a positive duration"));
    }
    chrono::TimeDelta::from_std(age).map_err(|_| bad("too long"))
}

/// The open database.
#[derive(Debug)]
pub(crate) struct Persist {
    conn: Connection,
    path: PathBuf,
    /// How much history to keep.
    pub retention: Retention,
    /// Issues in the `issues` table (counted at open, kept up to date).
    rows: usize,
    /// Group ids in `groups_seen`, likewise.
    seen_rows: usize,
    /// Issue rows pruned since open (age, count or bytes).
    pruned: u64,
}

/// An issue operators changed: what, by whom; a row of `changes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangeRecord {
    /// The id.
    pub id: String,
    /// What was done.
    pub action: Action,
    /// Who asked.
    pub by: Origin,
}

impl Persist {
    /// Opens (or creates) the database in `dir`. An unreadable file is
    /// moved aside (`issues.db.corrupt-<time>`) and a fresh one started;
    /// the returned notes say so.
    pub(crate) fn open(dir: &Path) -> Result<(Persist, Vec<String>), PersistError> {
        let path = dir.join(DB_FILE);
        let mut notes = Vec::new();
        match Persist::open_at(&path) {
            Ok(p) => Ok((p, notes)),
            Err(first) if path.exists() => {
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
                let aside = path.with_file_name(format!("{DB_FILE}.corrupt-{stamp}"));
                if let Err(source) = std::fs::rename(&path, &aside) {
                    return Err(PersistError::MoveAside {
                        path,
                        first: Box::new(first),
                        source,
                    });
                }
                notes.push(format!(
                    "{} could not be read ({first}); moved to {} and started afresh",
                    path.display(),
                    aside.display()
                ));
                Ok((Persist::open_at(&path)?, notes))
            }
            Err(e) => Err(e),
        }
    }

    fn open_at(path: &Path) -> Result<Persist, PersistError> {
        let query = |source| PersistError::Query {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|source| PersistError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(query)?;
        if version > schema::SCHEMA {
            return Err(PersistError::Newer {
                path: path.to_path_buf(),
                version,
            });
        }
        schema::create_or_migrate(&conn, version).map_err(query)?;
        let mut db = Persist::with(conn, path.to_path_buf());
        db.recount().map_err(query)?;
        Ok(db)
    }

    /// `conn`, open at `path`, with the default retention; rows not yet
    /// counted.
    fn with(conn: Connection, path: PathBuf) -> Persist {
        Persist {
            conn,
            path,
            retention: Retention::default(),
            rows: 0,
            seen_rows: 0,
            pruned: 0,
        }
    }

    /// The database at `dir`, opened read-only: every write fails, as on
    /// a full disk or a read-only directory (for tests of that path).
    #[cfg(test)]
    pub(crate) fn open_read_only(dir: &Path) -> Result<Persist, PersistError> {
        let path = dir.join(DB_FILE);
        let query = |source| PersistError::Query {
            path: path.clone(),
            source,
        };
        let conn =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(query)?;
        let mut db = Persist::with(conn, path.clone());
        db.recount().map_err(query)?;
        Ok(db)
    }

    /// Where the database lives.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

mod bounds;
mod error;
mod read;
mod remembered;
mod schema;
#[cfg(test)]
mod tests;
mod write;

pub(crate) use error::{Doing, PersistError};
