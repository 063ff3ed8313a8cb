//! Writing to the history: issues (new or changed), the groups they
//! belong to, operators' changes and the read positions, in one
//! transaction.

use std::path::Path;

use rusqlite::{Transaction, params};

use super::{ChangeRecord, Doing, Persist, PersistError};
use crate::ingest::checkpoint::Checkpoints;
use crate::model::Issue;

/// Rows a write added (the tables' counts stay known without counting).
#[derive(Debug, Default)]
struct Added {
    issues: usize,
    seen: usize,
}

impl Persist {
    /// Writes `issues` (new or changed) and `changes` in one transaction.
    pub(crate) fn save<'a>(
        &mut self,
        issues: impl IntoIterator<Item = &'a Issue>,
        changes: &[ChangeRecord],
    ) -> Result<usize, PersistError> {
        self.save_with(issues, changes, None)
    }

    /// Writes `issues` and `changes`, and the read `positions` that cover
    /// exactly what those issues hold, in one transaction: a crash leaves
    /// both as they were or both as they are now. Returns how many issues
    /// were written.
    pub(crate) fn save_with<'a>(
        &mut self,
        issues: impl IntoIterator<Item = &'a Issue>,
        changes: &[ChangeRecord],
        positions: Option<&Checkpoints>,
    ) -> Result<usize, PersistError> {
        let path = &self.path;
        let tx = self.conn.transaction().map_err(write_failed(path))?;
        let mut added = Added::default();
        let written = write_issues(&tx, path, issues, &mut added)?;
        log_changes(&tx, path, changes)?;
        if let Some(positions) = positions {
            write_positions(&tx, path, positions)?;
        }
        tx.commit().map_err(write_failed(path))?;
        self.rows += added.issues;
        self.seen_rows += added.seen;
        Ok(written)
    }
}

/// The error of a failed write to `path`.
pub(super) fn write_failed(path: &Path) -> impl Fn(rusqlite::Error) -> PersistError + '_ {
    move |source| PersistError::Failed {
        doing: Doing::Write,
        path: path.to_path_buf(),
        source,
    }
}

/// Each issue updated, else inserted, and its group marked seen at its
/// time; counts the rows added in `added`. Returns how many were written.
fn write_issues<'a>(
    tx: &Transaction<'_>,
    path: &Path,
    issues: impl IntoIterator<Item = &'a Issue>,
    added: &mut Added,
) -> Result<usize, PersistError> {
    let fail = write_failed(path);
    // An update, else an insert: the table's row count stays known
    // without counting it.
    let mut update = tx
        .prepare_cached("UPDATE issues SET detected = ?2, attention = ?3, body = ?4 WHERE id = ?1")
        .map_err(&fail)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO issues (id, detected, attention, body) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(&fail)?;
    let mut seen_update = tx
        .prepare_cached("UPDATE groups_seen SET last_seen = ?2 WHERE group_id = ?1")
        .map_err(&fail)?;
    let mut seen_insert = tx
        .prepare_cached("INSERT INTO groups_seen (group_id, last_seen) VALUES (?1, ?2)")
        .map_err(&fail)?;
    let mut written = 0;
    for issue in issues {
        let body = serde_json::to_string(issue)?;
        let at = issue.timestamp.instant().timestamp_micros();
        let attention = crate::store::critical::in_table(issue);
        let args = params![issue.id, at, attention, body];
        if update.execute(args).map_err(&fail)? == 0 {
            insert.execute(args).map_err(&fail)?;
            added.issues += 1;
        }
        if let Some(group) = &issue.group_id
            && seen_update.execute(params![group, at]).map_err(&fail)? == 0
        {
            seen_insert.execute(params![group, at]).map_err(&fail)?;
            added.seen += 1;
        }
        written += 1;
    }
    Ok(written)
}

/// Operators' `changes`, recorded as of now.
fn log_changes(
    tx: &Transaction<'_>,
    path: &Path,
    changes: &[ChangeRecord],
) -> Result<(), PersistError> {
    let fail = write_failed(path);
    let mut log = tx
        .prepare_cached("INSERT INTO changes (at, id, action, who) VALUES (?1, ?2, ?3, ?4)")
        .map_err(&fail)?;
    let now = chrono::Local::now().to_rfc3339();
    for c in changes {
        log.execute(params![now, c.id, c.action.as_str(), c.by.as_str()])
            .map_err(&fail)?;
    }
    Ok(())
}

/// The read positions, replacing those saved before.
fn write_positions(
    tx: &Transaction<'_>,
    path: &Path,
    positions: &Checkpoints,
) -> Result<(), PersistError> {
    let body = serde_json::to_string(positions)?;
    tx.execute(
        "INSERT INTO positions (slot, body) VALUES (1, ?1)
         ON CONFLICT(slot) DO UPDATE SET body = excluded.body",
        params![body],
    )
    .map_err(write_failed(path))?;
    Ok(())
}
