//! Keeping the history within its retention and limits: issues older than
//! the retention go, then, beyond the row and byte limits, the least
//! recently seen (open CRITICAL/ERROR issues last); groups seen are
//! forgotten by age and beyond their limit. Freed pages are given back to
//! the file system (incremental vacuum, then a truncating checkpoint of
//! the write-ahead log), so the file shrinks.

use rusqlite::params;

use super::{Doing, Persist, PersistError};

/// Database pages freed but kept, as a share of all (1/16), beyond which
/// they are given back after a write.
const FREE_SHARE: i64 = 16;

impl Persist {
    /// Counts the rows of the bounded tables (at open).
    pub(super) fn recount(&mut self) -> rusqlite::Result<()> {
        let count = |table: &str| {
            self.conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })
        };
        self.rows = usize::try_from(count("issues")?).unwrap_or(0);
        self.seen_rows = usize::try_from(count("groups_seen")?).unwrap_or(0);
        Ok(())
    }

    /// Issues in the history.
    pub(crate) fn row_count(&self) -> usize {
        self.rows
    }

    /// Issue rows pruned since open (by age, count or bytes).
    pub(crate) fn pruned(&self) -> u64 {
        self.pruned
    }

    /// Bytes of database pages in use (what `max_bytes` bounds).
    pub(crate) fn used_bytes(&self) -> Result<u64, PersistError> {
        let (pages, free, size) = self.pages().map_err(|e| self.failed(Doing::Read, e))?;
        Ok(u64::try_from((pages - free) * size).unwrap_or(0))
    }

    /// Bytes the database takes on disk (its file and write-ahead log).
    pub(crate) fn file_bytes(&self) -> u64 {
        ["", "-wal"]
            .iter()
            .filter_map(|suffix| {
                let mut name = self.path.as_os_str().to_owned();
                name.push(suffix);
                std::fs::metadata(name).ok()
            })
            .map(|m| m.len())
            .sum()
    }

    fn pages(&self) -> rusqlite::Result<(i64, i64, i64)> {
        let pragma = |name: &str| {
            self.conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0))
        };
        Ok((
            pragma("page_count")?,
            pragma("freelist_count")?,
            pragma("page_size")?,
        ))
    }

    /// The error of `doing` something that failed with `source`.
    fn failed(&self, doing: Doing, source: rusqlite::Error) -> PersistError {
        PersistError::Failed {
            doing,
            path: self.path.clone(),
            source,
        }
    }

    /// Deletes issues past the retention (by their latest occurrence),
    /// then applies the limits (see [`Persist::enforce`]) and gives freed
    /// pages back; returns how many issues went.
    pub(crate) fn prune(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, PersistError> {
        // An age reaching before the calendar's start keeps everything.
        let cutoff = now
            .checked_sub_signed(self.retention.max_age)
            .map_or(i64::MIN, |t| t.timestamp_micros());
        let by_age = self
            .conn
            .execute("DELETE FROM issues WHERE detected < ?1", params![cutoff])
            .map_err(|e| self.failed(Doing::Prune, e))?;
        self.rows = self.rows.saturating_sub(by_age);
        self.pruned += by_age as u64;
        // A template not seen for the whole retention is new again.
        let seen = self
            .conn
            .execute(
                "DELETE FROM groups_seen WHERE last_seen < ?1",
                params![cutoff],
            )
            .map_err(|e| self.failed(Doing::Prune, e))?;
        self.seen_rows = self.seen_rows.saturating_sub(seen);
        // Operators' changes of issues no longer kept.
        self.conn
            .execute(
                "DELETE FROM changes WHERE id NOT IN (SELECT id FROM issues)",
                [],
            )
            .map_err(|e| self.failed(Doing::Prune, e))?;
        let over = self.enforce_limits()?;
        self.compact()?;
        Ok(by_age + over)
    }

    /// After a write: beyond the row, byte or groups-seen limit, the least
    /// recently seen go (open CRITICAL/ERROR issues last); many freed pages
    /// are given back. Returns how many issues went. Cheap within limits.
    pub(crate) fn enforce(&mut self) -> Result<usize, PersistError> {
        let deleted = self.enforce_limits()?;
        let (pages, free, _) = self.pages().map_err(|e| self.failed(Doing::Read, e))?;
        if free > 0 && free * FREE_SHARE > pages {
            self.compact()?;
        }
        Ok(deleted)
    }

    fn enforce_limits(&mut self) -> Result<usize, PersistError> {
        let mut deleted = 0;
        if self.rows > self.retention.max_rows {
            deleted += self.delete_oldest(self.rows - self.retention.max_rows)?;
        }
        if self.seen_rows > self.retention.max_seen {
            let gone = self
                .conn
                .execute(
                    "DELETE FROM groups_seen WHERE rowid IN
                     (SELECT rowid FROM groups_seen ORDER BY last_seen LIMIT ?1)",
                    params![(self.seen_rows - self.retention.max_seen) as i64],
                )
                .map_err(|e| self.failed(Doing::Prune, e))?;
            self.seen_rows = self.seen_rows.saturating_sub(gone);
        }
        // Rows differ in size: delete a share, look again (a few times).
        let max = self.retention.max_bytes;
        let goal = max - max / 16;
        for _ in 0..8 {
            let used = self.used_bytes()?;
            if used <= max || self.rows == 0 {
                break;
            }
            let share = (used - goal) as f64 / used as f64;
            let n = ((self.rows as f64 * share).ceil() as usize).max(1);
            deleted += self.delete_oldest(n)?;
        }
        Ok(deleted)
    }

    /// Deletes the `n` least recently seen issues, open CRITICAL/ERROR last.
    fn delete_oldest(&mut self, n: usize) -> Result<usize, PersistError> {
        let gone = self
            .conn
            .execute(
                "DELETE FROM issues WHERE rowid IN
                 (SELECT rowid FROM issues ORDER BY attention, detected LIMIT ?1)",
                params![n as i64],
            )
            .map_err(|e| self.failed(Doing::Prune, e))?;
        self.rows = self.rows.saturating_sub(gone);
        self.pruned += gone as u64;
        Ok(gone)
    }

    /// Gives freed pages back to the file system. A database made before
    /// schema 2 is rebuilt once to allow it.
    fn compact(&mut self) -> Result<(), PersistError> {
        let mode: i64 = self
            .conn
            .query_row("PRAGMA auto_vacuum", [], |r| r.get(0))
            .map_err(|e| self.failed(Doing::Read, e))?;
        let done = if mode == 2 {
            // It frees pages as it is stepped: step it to the end.
            self.conn
                .prepare("PRAGMA incremental_vacuum")
                .and_then(|mut stmt| {
                    let mut rows = stmt.query([])?;
                    while rows.next()?.is_some() {}
                    Ok(())
                })
        } else {
            self.conn
                .execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")
        };
        done.map_err(|e| self.failed(Doing::Compact, e))?;
        // The log holds the moved pages until a checkpoint; TRUNCATE
        // empties it. Busy (a reader) is no error: it happens next time.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.failed(Doing::Checkpoint, e))
    }
}
