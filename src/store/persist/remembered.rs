//! What the history remembers besides issues: every group seen (so a
//! template is "new" only once, across restarts) and type silences.

use rusqlite::params;

use super::Persist;
use crate::model::DetectedAt;

impl Persist {
    /// Every group id seen within the retention.
    pub fn seen_groups(&self) -> Result<Vec<String>, String> {
        let shown = self.path.display();
        let mut stmt = self
            .conn
            .prepare("SELECT group_id FROM groups_seen")
            .map_err(|e| format!("{shown}: {e}"))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| format!("{shown}: {e}"))?;
        Ok(rows.filter_map(Result::ok).collect())
    }

    /// Type silences that last beyond `now`: (type, until).
    pub fn type_silences(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(String, DetectedAt)>, String> {
        let shown = self.path.display();
        let mut stmt = self
            .conn
            .prepare("SELECT issue_type, until FROM type_silences WHERE until > ?1")
            .map_err(|e| format!("{shown}: {e}"))?;
        let rows = stmt
            .query_map(params![now.timestamp_micros()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(|e| format!("{shown}: {e}"))?;
        Ok(rows
            .filter_map(Result::ok)
            .filter_map(|(t, micros)| {
                let at = chrono::DateTime::from_timestamp_micros(micros)?;
                Some((t, DetectedAt::at(at)))
            })
            .collect())
    }

    /// Records that `issue_type` is silenced until `until` (`None`: no longer).
    pub fn save_type_silence(
        &mut self,
        issue_type: &str,
        until: Option<DetectedAt>,
    ) -> Result<(), String> {
        let shown = self.path.display();
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
        done.map(drop)
            .map_err(|e| format!("cannot write {shown}: {e}"))
    }
}
