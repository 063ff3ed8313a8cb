//! What the history remembers besides issues: every group seen (so a
//! template is "new" only once, across restarts) and type silences.

use rusqlite::params;

use super::write::write_failed;
use super::{Persist, PersistError};
use crate::model::DetectedAt;

impl Persist {
    /// Every group id seen within the retention.
    pub(crate) fn seen_groups(&self) -> Result<Vec<String>, PersistError> {
        let mut out = Vec::new();
        self.rows(
            "SELECT group_id FROM groups_seen",
            [],
            |r| r.get::<_, String>(0),
            |row| out.extend(row),
        )?;
        Ok(out)
    }

    /// Type silences that last beyond `now`: (type, until).
    pub(crate) fn type_silences(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(String, DetectedAt)>, PersistError> {
        let mut out = Vec::new();
        self.rows(
            "SELECT issue_type, until FROM type_silences WHERE until > ?1",
            params![now.timestamp_micros()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
            |row| {
                let until = row.and_then(|(t, micros)| {
                    Some((t, chrono::DateTime::from_timestamp_micros(micros)?))
                });
                out.extend(until.map(|(t, at)| (t, DetectedAt::at(at))));
            },
        )?;
        Ok(out)
    }

    /// Records that `issue_type` is silenced until `until` (`None`: no longer).
    pub(crate) fn save_type_silence(
        &mut self,
        issue_type: &str,
        until: Option<DetectedAt>,
    ) -> Result<(), PersistError> {
        let done = match until {
            Some(until) => self.conn.execute(
                "INSERT INTO type_silences (issue_type, until) VALUES (?1, ?2)
                 ON CONFLICT(issue_type) DO UPDATE SET until = excluded.until",
                params![issue_type, until.instant().timestamp_micros()],
            ),
            None => self.conn.execute(
                "DELETE FROM type_silences WHERE issue_type = ?1",
                params![issue_type],
            ),
        };
        done.map(drop).map_err(write_failed(&self.path))
    }
}
