//! Reading the history back: issues (newest first, within limits, or
//! since a time), the read positions saved with them, and the changes
//! operators made.

use rusqlite::params;

use super::{Persist, PersistError};
use crate::ingest::checkpoint::Checkpoints;
use crate::model::Issue;

impl Persist {
    #[cfg(test)]
    /// The newest `limit` issues, oldest first. Rows that do not parse are
    /// skipped and counted.
    pub(crate) fn load(&self, limit: usize) -> Result<(Vec<Issue>, usize), PersistError> {
        let mut issues = Vec::new();
        let bad = self.bodies(
            "SELECT body FROM issues ORDER BY detected DESC LIMIT ?1",
            params![limit as i64],
            |issue| issues.push(issue),
        )?;
        issues.reverse();
        Ok((issues, bad))
    }

    /// The newest issues, oldest first: at most `limit`, and no more than
    /// about `max_bytes` of them (their stored text's length), so a large
    /// history is never read whole into memory. Rows that do not parse are
    /// skipped and counted.
    pub(crate) fn load_within(
        &self,
        limit: usize,
        max_bytes: usize,
    ) -> Result<(Vec<Issue>, usize), PersistError> {
        let mut issues = Vec::new();
        let mut bytes = 0usize;
        let mut bad = 0;
        self.rows(
            "SELECT body FROM issues ORDER BY detected DESC LIMIT ?1",
            params![limit as i64],
            |r| r.get::<_, String>(0),
            |row| {
                if bytes > max_bytes {
                    return;
                }
                match row.and_then(|body| {
                    bytes += body.len();
                    serde_json::from_str::<Issue>(&body).ok()
                }) {
                    Some(issue) if bytes <= max_bytes || issues.is_empty() => issues.push(issue),
                    Some(_) => {}
                    None => bad += 1,
                }
            },
        )?;
        issues.reverse();
        Ok((issues, bad))
    }

    /// Calls `each` with the issue of every row `sql` selects (one column:
    /// the body), without holding them all; returns how many rows did not
    /// parse.
    fn bodies(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        mut each: impl FnMut(Issue),
    ) -> Result<usize, PersistError> {
        let mut bad = 0;
        self.rows(
            sql,
            args,
            |r| r.get::<_, String>(0),
            |row| match row.and_then(|body| serde_json::from_str::<Issue>(&body).ok()) {
                Some(issue) => each(issue),
                None => bad += 1,
            },
        )?;
        Ok(bad)
    }

    /// Runs the query `sql` and calls `each` with every row as `map` reads
    /// it (`None`: a row that could not be read).
    pub(super) fn rows<T>(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
        mut each: impl FnMut(Option<T>),
    ) -> Result<(), PersistError> {
        let query = |source| PersistError::Query {
            path: self.path.clone(),
            source,
        };
        let mut stmt = self.conn.prepare(sql).map_err(query)?;
        let rows = stmt.query_map(args, map).map_err(query)?;
        rows.for_each(|row| each(row.ok()));
        Ok(())
    }

    /// The read positions saved with the issues last time, if any.
    pub(crate) fn positions(&self) -> Result<Option<Checkpoints>, PersistError> {
        let mut found = None;
        self.rows(
            "SELECT body FROM positions WHERE slot = 1",
            [],
            |r| r.get::<_, String>(0),
            |row| found = row,
        )?;
        match found {
            None => Ok(None),
            Some(body) => {
                serde_json::from_str(&body)
                    .map(Some)
                    .map_err(|source| PersistError::Positions {
                        path: self.path.clone(),
                        source,
                    })
            }
        }
    }

    /// Calls `each` with every issue whose latest occurrence is at or after
    /// `since` (microseconds since the epoch), oldest first, without
    /// holding them all; returns how many rows did not parse.
    pub(crate) fn each_since(
        &self,
        since: i64,
        each: impl FnMut(Issue),
    ) -> Result<usize, PersistError> {
        self.bodies(
            "SELECT body FROM issues WHERE detected >= ?1 ORDER BY detected",
            params![since],
            each,
        )
    }

    #[cfg(test)]
    /// Lifecycle changes recorded, oldest first: (id, action, who).
    pub(crate) fn changes(&self) -> Result<Vec<(String, String, String)>, PersistError> {
        let mut out = Vec::new();
        self.rows(
            "SELECT id, action, who FROM changes ORDER BY rowid",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            |row| out.extend(row),
        )?;
        Ok(out)
    }
}
