//! The history's tables and their migrations (`PRAGMA user_version`):
//! 1 — issues, changes, groups seen, type silences, read positions;
//! 2 — `issues.attention` (an open CRITICAL/ERROR issue: pruned last) and
//!     the indexes pruning walks; new databases give freed pages back
//!     (incremental auto-vacuum; an older file is converted at its next
//!     compaction, see `bounds`).

use rusqlite::Connection;

/// Schema version this build writes.
pub(super) const SCHEMA: i64 = 2;

/// Creates the tables of a new database, or brings an older one up to
/// [`SCHEMA`] (its rows kept).
pub(super) fn create_or_migrate(conn: &Connection, version: i64) -> rusqlite::Result<()> {
    if version == 0 {
        // Only takes effect before the first table is made.
        conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL;")?;
    }
    // The log is cut back to 4 MiB after checkpoints, and the page cache
    // is 1 MiB (not 2): the state dir and memory stay within their limits.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA journal_size_limit = 4194304;
         PRAGMA cache_size = -1024;
         CREATE TABLE IF NOT EXISTS issues (
             id TEXT PRIMARY KEY,
             detected INTEGER NOT NULL,
             body TEXT NOT NULL
         );
         CREATE INDEX IF NOT EXISTS issues_by_time ON issues(detected);
         CREATE TABLE IF NOT EXISTS changes (
             at TEXT NOT NULL,
             id TEXT NOT NULL,
             action TEXT NOT NULL,
             who TEXT NOT NULL
         );
         CREATE TABLE IF NOT EXISTS groups_seen (
             group_id TEXT PRIMARY KEY,
             last_seen INTEGER NOT NULL
         );
         CREATE TABLE IF NOT EXISTS type_silences (
             issue_type TEXT PRIMARY KEY,
             until INTEGER NOT NULL
         );
         CREATE TABLE IF NOT EXISTS positions (
             slot INTEGER PRIMARY KEY CHECK (slot = 1),
             body TEXT NOT NULL
         );",
    )?;
    if version < 2 {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(
            "ALTER TABLE issues ADD COLUMN attention INTEGER NOT NULL DEFAULT 0;
             UPDATE issues SET attention = 1
                 WHERE json_extract(body, '$.resolved') = 0
                   AND json_extract(body, '$.severity') IN ('CRITICAL', 'ERROR');
             CREATE INDEX IF NOT EXISTS issues_by_keep ON issues(attention, detected);
             CREATE INDEX IF NOT EXISTS groups_seen_by_time ON groups_seen(last_seen);
             PRAGMA user_version = 2;",
        )?;
        tx.commit()?;
    }
    Ok(())
}
