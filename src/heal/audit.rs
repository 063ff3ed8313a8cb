//! The audit of actions: every attempt with its outcome, and refusals
//! (at most one row a minute per action and reason, with how many were
//! folded into it, so a flood does not flood the audit). The latest rows
//! are kept in memory for the API and the dashboard; with a state
//! directory they are also written to `actions.db` (table `attempts`).

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use super::hub::Trigger;
use super::{ActionKind, ActionSpec};
use crate::model::{HealOutcome, Issue};

/// Rows kept in memory.
pub(crate) const KEPT: usize = 500;
/// Rows kept in the database; older ones are deleted as new ones come.
const KEPT_ON_DISK: i64 = 100_000;
/// `what` of a row that records a breaker reset.
pub(super) const RESET: &str = "reset";
/// One refusal row per action and reason within this.
const REFUSAL_EVERY_MS: i64 = 60_000;

/// One row of the audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    /// When (milliseconds since the epoch).
    pub at_ms: i64,
    /// The `[[action]]` id.
    pub action: String,
    /// The issue acted on.
    pub issue_id: String,
    /// Its type.
    pub issue_type: String,
    /// What the cooldown is kept per.
    pub target: String,
    /// An operator asked for it.
    pub by_hand: bool,
    /// How it went.
    pub outcome: HealOutcome,
    /// One line: exit status, HTTP status, why refused.
    pub detail: String,
    /// What was (or would be) done: the argv, or `POST <format> webhook`.
    pub what: String,
    /// How long it took, once done.
    pub elapsed_ms: Option<u64>,
    /// What the command printed (stdout and stderr) or the webhook
    /// answered: at most 4 KiB, made inert, secrets redacted.
    pub output: String,
    /// Refusals folded into this row (0 for attempts).
    pub folded: u64,
}

impl Attempt {
    /// The row for `trigger` of `action` ending as `outcome`.
    pub fn of(
        action: &ActionSpec,
        trigger: &Trigger,
        outcome: HealOutcome,
        detail: String,
        at_ms: i64,
    ) -> Attempt {
        Attempt {
            at_ms,
            action: action.id.clone(),
            issue_id: trigger.issue.id.clone(),
            issue_type: trigger.issue.issue_type.clone(),
            target: trigger.target.clone(),
            by_hand: trigger.by_hand,
            outcome,
            detail,
            what: what(action, &trigger.argv),
            elapsed_ms: None,
            output: String::new(),
            folded: 0,
        }
    }

    /// An allowed attempt the runner's full queue could not take.
    pub fn lost(action: &ActionSpec, trigger: &Trigger, at_ms: i64) -> Attempt {
        Attempt::of(
            action,
            trigger,
            HealOutcome::Failed,
            "not run: the action queue is full".into(),
            at_ms,
        )
    }
}

/// What an action does, in one line for the audit.
fn what(action: &ActionSpec, argv: &[String]) -> String {
    match &action.kind {
        ActionKind::Command { .. } => serde_json::to_string(argv).unwrap_or_default(),
        ActionKind::Webhook { format, .. } => format!("POST {format:?} webhook").to_lowercase(),
    }
}

/// The audit: the latest rows, and the database when there is one.
#[derive(Debug, Default)]
pub struct Audit {
    rows: Mutex<VecDeque<Attempt>>,
    db: Option<Mutex<rusqlite::Connection>>,
    /// Per (action, reason): when its last row was written, and refusals since.
    refusals: Mutex<HashMap<(String, String), (i64, u64)>>,
}

impl Audit {
    /// An audit in memory only.
    pub fn in_memory() -> Audit {
        Audit::default()
    }

    /// An audit also written to `dir/actions.db`; a database that cannot
    /// be opened is said, and the audit stays in memory.
    pub fn in_dir(dir: &Path) -> Audit {
        let path = dir.join("actions.db");
        match open(&path) {
            Ok(conn) => {
                // The latest rows, for the API after a restart.
                let rows = read_since(&conn, i64::MIN, KEPT).unwrap_or_default();
                Audit {
                    rows: Mutex::new(rows.into_iter().collect()),
                    db: Some(Mutex::new(conn)),
                    ..Audit::default()
                }
            }
            Err(e) => {
                tracing::warn!(
                    "cannot open the action audit {}: {e}; attempts are kept in memory only",
                    path.display()
                );
                Audit::default()
            }
        }
    }

    /// The rows written since `since_ms`, oldest first (from the database;
    /// none without one), and the breaker resets among them as rows whose
    /// `what` is `reset`: what the guard rails replay at start.
    pub fn since(&self, since_ms: i64) -> Vec<Attempt> {
        let Some(db) = &self.db else {
            return Vec::new();
        };
        let conn = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        read_since(&conn, since_ms, usize::MAX).unwrap_or_else(|e| {
            tracing::warn!("cannot read the action audit: {e}; guard rails start afresh");
            Vec::new()
        })
    }

    /// An operator closed `action`'s breaker: written so a restart keeps it closed.
    pub fn reset(&self, action: &str, now_ms: i64) {
        self.record(Attempt {
            at_ms: now_ms,
            action: action.to_owned(),
            issue_id: String::new(),
            issue_type: String::new(),
            target: String::new(),
            by_hand: true,
            outcome: HealOutcome::Succeeded,
            detail: "breaker reset by hand".to_owned(),
            what: RESET.to_owned(),
            elapsed_ms: None,
            output: String::new(),
            folded: 0,
        });
    }

    /// The latest rows, newest first.
    pub fn latest(&self, limit: usize) -> Vec<Attempt> {
        let rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rows.iter().rev().take(limit).cloned().collect()
    }

    /// A refusal of `action` on `issue` (its `target`): a row unless one
    /// for the same kind of reason was written within the last minute
    /// (then it is folded in, and said by [`Audit::flush_folded`]).
    pub fn refused(
        &self,
        action: &ActionSpec,
        issue: &Issue,
        target: &str,
        why: &str,
        now_ms: i64,
    ) {
        let kind = reason_kind(why);
        let folded = {
            let mut refusals = self
                .refusals
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if refusals.len() > 10_000 {
                refusals.clear();
            }
            let entry = refusals
                .entry((action.id.clone(), kind))
                .or_insert((i64::MIN, 0));
            if now_ms.saturating_sub(entry.0) < REFUSAL_EVERY_MS {
                entry.1 += 1;
                return;
            }
            let folded = entry.1;
            *entry = (now_ms, 0);
            folded
        };
        self.record(Attempt {
            at_ms: now_ms,
            action: action.id.clone(),
            issue_id: issue.id.clone(),
            issue_type: issue.issue_type.clone(),
            target: target.to_owned(),
            by_hand: false,
            outcome: HealOutcome::Refused,
            detail: why.to_owned(),
            what: String::new(),
            elapsed_ms: None,
            output: String::new(),
            folded,
        });
    }

    /// Says the refusals folded more than a minute ago and not said yet:
    /// one row per action and kind of reason, with how many.
    pub fn flush_folded(&self, now_ms: i64) {
        let due: Vec<((String, String), u64)> = {
            let mut refusals = self
                .refusals
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            refusals
                .iter_mut()
                .filter(|(_, (at, n))| *n > 0 && now_ms.saturating_sub(*at) >= REFUSAL_EVERY_MS)
                .map(|(key, entry)| {
                    let n = entry.1;
                    *entry = (now_ms, 0);
                    (key.clone(), n)
                })
                .collect()
        };
        for ((action, kind), n) in due {
            self.record(Attempt {
                at_ms: now_ms,
                action,
                issue_id: String::new(),
                issue_type: String::new(),
                target: String::new(),
                by_hand: false,
                outcome: HealOutcome::Refused,
                detail: format!("{n} more refused in the last minute: {kind}"),
                what: String::new(),
                elapsed_ms: None,
                output: String::new(),
                folded: n,
            });
        }
    }

    /// Writes one row (and logs it).
    pub fn record(&self, row: Attempt) {
        tracing::info!(
            "action {} on {} ({}): {:?} {}",
            row.action,
            row.issue_id,
            crate::model::sanitize_for_terminal(&row.target),
            row.outcome,
            crate::model::sanitize_for_terminal(&row.detail)
        );
        if let Some(db) = &self.db {
            let conn = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Err(e) = insert(&conn, &row) {
                tracing::warn!("cannot write the action audit: {e}");
            }
        }
        let mut rows = self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if rows.len() >= KEPT {
            rows.pop_front();
        }
        rows.push_back(row);
    }
}

/// What kind of reason a refusal gives, without what varies (the wait,
/// the value refused): refusals of one kind fold together.
fn reason_kind(why: &str) -> String {
    let cut = why
        .find(['"', '`', ':'])
        .unwrap_or(why.len())
        .min(why.find(" for ").unwrap_or(why.len()))
        .min(why.find(" in ").unwrap_or(why.len()));
    why[..cut].trim().to_owned()
}

fn open(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         CREATE TABLE IF NOT EXISTS attempts (
             at INTEGER NOT NULL,
             action TEXT NOT NULL,
             issue_id TEXT NOT NULL,
             issue_type TEXT NOT NULL,
             target TEXT NOT NULL,
             by_hand INTEGER NOT NULL,
             outcome TEXT NOT NULL,
             detail TEXT NOT NULL,
             what TEXT NOT NULL,
             elapsed_ms INTEGER,
             folded INTEGER NOT NULL,
             output TEXT NOT NULL DEFAULT ''
         );",
    )?;
    Ok(conn)
}

/// Rows at or after `since_ms`, oldest first: at most the latest `limit`.
fn read_since(
    conn: &rusqlite::Connection,
    since_ms: i64,
    limit: usize,
) -> rusqlite::Result<Vec<Attempt>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare(
        "SELECT at, action, issue_id, issue_type, target, by_hand, outcome, detail, what, elapsed_ms, folded, output
         FROM (SELECT rowid AS r, * FROM attempts WHERE at >= ?1 ORDER BY rowid DESC LIMIT ?2)
         ORDER BY r",
    )?;
    let rows = stmt.query_map(rusqlite::params![since_ms, limit], |r| {
        let outcome: String = r.get(6)?;
        let elapsed: Option<i64> = r.get(9)?;
        let folded: i64 = r.get(10)?;
        Ok(Attempt {
            at_ms: r.get(0)?,
            action: r.get(1)?,
            issue_id: r.get(2)?,
            issue_type: r.get(3)?,
            target: r.get(4)?,
            by_hand: r.get(5)?,
            outcome: serde_json::from_value(serde_json::Value::String(outcome))
                .unwrap_or(HealOutcome::Failed),
            detail: r.get(7)?,
            what: r.get(8)?,
            elapsed_ms: elapsed.and_then(|e| u64::try_from(e).ok()),
            folded: u64::try_from(folded).unwrap_or(0),
            output: r.get(11)?,
        })
    })?;
    rows.collect()
}

fn insert(conn: &rusqlite::Connection, row: &Attempt) -> rusqlite::Result<()> {
    let outcome = serde_json::to_value(row.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    conn.execute(
        "INSERT INTO attempts (at, action, issue_id, issue_type, target, by_hand, outcome, detail, what, elapsed_ms, folded, output)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        rusqlite::params![
            row.at_ms,
            row.action,
            row.issue_id,
            row.issue_type,
            row.target,
            row.by_hand,
            outcome,
            row.detail,
            row.what,
            row.elapsed_ms.map(|e| i64::try_from(e).unwrap_or(i64::MAX)),
            i64::try_from(row.folded).unwrap_or(i64::MAX),
            row.output,
        ],
    )?;
    // Bounded: the oldest rows go once there are many more than kept.
    conn.execute(
        "DELETE FROM attempts WHERE rowid <= (SELECT max(rowid) FROM attempts) - ?1",
        [KEPT_ON_DISK],
    )?;
    Ok(())
}
