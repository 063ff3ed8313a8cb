//! What the response to an issue says: the alert an alert issue stands
//! for, the issue an inhibition says caused it, and what healing did.

use serde::{Deserialize, Serialize};

use super::DetectedAt;

/// The issue type of alert issues.
pub const ALERT_TYPE: &str = "alert";

/// What an alert issue stands for: which `[[alert]]` fired and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertInfo {
    /// The `[[alert]]` id.
    pub alert: String,
    /// The value it counted by (`""` when it counts all together).
    pub key: String,
    /// Occurrences in its window when it (last) fired.
    pub count: u32,
    /// The oldest of them.
    pub since: DetectedAt,
    /// The ids of the latest issues that made it fire, newest last.
    pub triggers: Vec<String>,
    /// It ended by itself: its rate stayed low for its recovery period.
    pub recovered: bool,
}

/// How the latest healing attempt on an issue went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealOutcome {
    /// Started; no outcome yet.
    Attempted,
    /// The command exited 0, or the webhook answered 2xx.
    Succeeded,
    /// It failed, timed out or could not start.
    Failed,
    /// The guard rails did not allow it (cooldown, too many, breaker).
    Refused,
    /// `--dry-run-actions`: said what it would do, did nothing.
    DryRun,
}

/// What healing did for an issue: its latest attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealState {
    /// The `[[action]]` id.
    pub action: String,
    /// How it went.
    pub state: HealOutcome,
    /// When.
    pub at: DetectedAt,
    /// One line: the exit status, the HTTP status, why it was refused.
    pub detail: String,
    /// Attempts made on this issue so far (refusals not counted).
    pub attempts: u32,
}
