//! Issues kept in SQLite in the state directory, so the dashboard and the
//! API show the same history after a restart and resolved stays resolved.
//! Writes are batched in one transaction; a write that fails (full disk,
//! read-only directory) is reported and retried, and the store goes on in
//! memory. A database that cannot be read is moved aside and replaced.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, params};

use crate::ingest::checkpoint::Checkpoints;
use crate::model::Issue;
use crate::store::command::{Action, Origin};

/// The database's file name in the state directory.
pub const DB_FILE: &str = "issues.db";

/// Most issues kept in the history, whatever their age.
pub const MAX_ROWS: usize = 1_000_000;

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

/// `7d`, `12h`, `30m`, `90s` (or a plain number of days) as a duration.
pub fn parse_age(text: &str) -> Result<chrono::TimeDelta, String> {
    let text = text.trim();
    let (digits, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("{text:?}: expected a number with d, h, m or s (e.g. 7d)"))?;
    let age = match unit {
        "" | "d" => chrono::TimeDelta::try_days(n),
        "h" => chrono::TimeDelta::try_hours(n),
        "m" => chrono::TimeDelta::try_minutes(n),
        "s" => chrono::TimeDelta::try_seconds(n),
        _ => None,
    };
    match age {
        Some(age) if n > 0 => Ok(age),
        _ => Err(format!(
            "{text:?}: expected a positive number with d, h, m or s (e.g. 7d)"
        )),
    }
}

/// The open database.
#[derive(Debug)]
pub struct Persist {
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
pub struct ChangeRecord {
    /// The issue's id.
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
    pub fn open(dir: &Path) -> Result<(Persist, Vec<String>), String> {
        let path = dir.join(DB_FILE);
        let mut notes = Vec::new();
        match Persist::open_at(&path) {
            Ok(p) => Ok((p, notes)),
            Err(first) if path.exists() => {
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
                let aside = path.with_file_name(format!("{DB_FILE}.corrupt-{stamp}"));
                std::fs::rename(&path, &aside).map_err(|e| {
                    format!(
                        "{} is unreadable ({first}) and cannot be moved aside: {e}",
                        path.display()
                    )
                })?;
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

    fn open_at(path: &Path) -> Result<Persist, String> {
        let shown = path.display();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|e| format!("cannot open {shown}: {e}"))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| format!("{shown}: {e}"))?;
        if version > schema::SCHEMA {
            return Err(format!(
                "{shown} was written by a newer logwarden (schema {version})"
            ));
        }
        schema::create_or_migrate(&conn, version).map_err(|e| format!("{shown}: {e}"))?;
        let mut db = Persist {
            conn,
            path: path.to_path_buf(),
            retention: Retention::default(),
            rows: 0,
            seen_rows: 0,
            pruned: 0,
        };
        db.recount().map_err(|e| format!("{shown}: {e}"))?;
        Ok(db)
    }

    /// The database at `dir`, opened read-only: every write fails, as on
    /// a full disk or a read-only directory (for tests of that path).
    #[cfg(test)]
    pub fn open_read_only(dir: &Path) -> Result<Persist, String> {
        let path = dir.join(DB_FILE);
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
        let mut db = Persist {
            conn,
            path,
            retention: Retention::default(),
            rows: 0,
            seen_rows: 0,
            pruned: 0,
        };
        db.recount().map_err(|e| e.to_string())?;
        Ok(db)
    }

    /// Where the database lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The newest `limit` issues, oldest first. Rows that do not parse are
    /// skipped and counted.
    pub fn load(&self, limit: usize) -> Result<(Vec<Issue>, usize), String> {
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
    pub fn load_within(
        &self,
        limit: usize,
        max_bytes: usize,
    ) -> Result<(Vec<Issue>, usize), String> {
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
    ) -> Result<usize, String> {
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
    ) -> Result<(), String> {
        let shown = self.path.display();
        let mut stmt = self
            .conn
            .prepare(sql)
            .map_err(|e| format!("{shown}: {e}"))?;
        let rows = stmt
            .query_map(args, map)
            .map_err(|e| format!("{shown}: {e}"))?;
        rows.for_each(|row| each(row.ok()));
        Ok(())
    }

    /// Writes `issues` (new or changed) and `changes` in one transaction.
    pub fn save<'a>(
        &mut self,
        issues: impl IntoIterator<Item = &'a Issue>,
        changes: &[ChangeRecord],
    ) -> Result<usize, String> {
        self.save_with(issues, changes, None)
    }

    /// The read positions saved with the issues last time, if any.
    pub fn positions(&self) -> Result<Option<Checkpoints>, String> {
        let mut found = None;
        self.rows(
            "SELECT body FROM positions WHERE slot = 1",
            [],
            |r| r.get::<_, String>(0),
            |row| found = row,
        )?;
        match found {
            None => Ok(None),
            Some(body) => serde_json::from_str(&body).map(Some).map_err(|e| {
                format!(
                    "{}: saved read positions unreadable: {e}",
                    self.path.display()
                )
            }),
        }
    }

    /// Writes `issues` and `changes`, and the read `positions` that cover
    /// exactly what those issues hold, in one transaction: a crash leaves
    /// both as they were or both as they are now.
    pub fn save_with<'a>(
        &mut self,
        issues: impl IntoIterator<Item = &'a Issue>,
        changes: &[ChangeRecord],
        positions: Option<&Checkpoints>,
    ) -> Result<usize, String> {
        let shown = self.path.display().to_string();
        let fail = |e: rusqlite::Error| format!("cannot write {shown}: {e}");
        let tx = self.conn.transaction().map_err(fail)?;
        let mut written = 0;
        let (mut rows, mut seen_rows) = (self.rows, self.seen_rows);
        {
            // An update, else an insert: the table's row count stays known
            // without counting it.
            let mut update = tx
                .prepare_cached(
                    "UPDATE issues SET detected = ?2, attention = ?3, body = ?4 WHERE id = ?1",
                )
                .map_err(fail)?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO issues (id, detected, attention, body) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(fail)?;
            let mut seen_update = tx
                .prepare_cached("UPDATE groups_seen SET last_seen = ?2 WHERE group_id = ?1")
                .map_err(fail)?;
            let mut seen_insert = tx
                .prepare_cached("INSERT INTO groups_seen (group_id, last_seen) VALUES (?1, ?2)")
                .map_err(fail)?;
            for issue in issues {
                let body = serde_json::to_string(issue).map_err(|e| format!("{e}"))?;
                let at = issue.timestamp.instant().timestamp_micros();
                let attention = crate::store::critical::in_table(issue);
                let args = params![issue.id, at, attention, body];
                if update.execute(args).map_err(fail)? == 0 {
                    insert.execute(args).map_err(fail)?;
                    rows += 1;
                }
                if let Some(group) = &issue.group_id
                    && seen_update.execute(params![group, at]).map_err(fail)? == 0
                {
                    seen_insert.execute(params![group, at]).map_err(fail)?;
                    seen_rows += 1;
                }
                written += 1;
            }
            let mut log = tx
                .prepare_cached("INSERT INTO changes (at, id, action, who) VALUES (?1, ?2, ?3, ?4)")
                .map_err(fail)?;
            let now = chrono::Local::now().to_rfc3339();
            for c in changes {
                log.execute(params![now, c.id, c.action.as_str(), c.by.as_str()])
                    .map_err(fail)?;
            }
            if let Some(positions) = positions {
                let body = serde_json::to_string(positions).map_err(|e| format!("{e}"))?;
                tx.execute(
                    "INSERT INTO positions (slot, body) VALUES (1, ?1)
                     ON CONFLICT(slot) DO UPDATE SET body = excluded.body",
                    params![body],
                )
                .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)?;
        (self.rows, self.seen_rows) = (rows, seen_rows);
        Ok(written)
    }

    /// Calls `each` with every issue whose latest occurrence is at or after
    /// `since` (microseconds since the epoch), oldest first, without
    /// holding them all; returns how many rows did not parse.
    pub fn each_since(&self, since: i64, each: impl FnMut(Issue)) -> Result<usize, String> {
        self.bodies(
            "SELECT body FROM issues WHERE detected >= ?1 ORDER BY detected",
            params![since],
            each,
        )
    }

    /// Lifecycle changes recorded, oldest first: (id, action, who).
    pub fn changes(&self) -> Result<Vec<(String, String, String)>, String> {
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

mod bounds;
mod remembered;
mod schema;
#[cfg(test)]
mod tests;
