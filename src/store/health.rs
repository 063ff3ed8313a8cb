//! The health score: the original system's formula, as pure functions.
//!
//! Over issues *detected* in the last 5 minutes (detection time, not the
//! time written in the line): `max(0, 100 - Σ weight)` with CRITICAL 10,
//! ERROR 5, WARNING 2, INFO 0.5, rounded to 2 decimals. One deliberate
//! change: resolved (and silenced) issues stop counting, so the score
//! recovers when an operator resolves what they fixed.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Issue;

/// How far back "recent" reaches.
pub(crate) const RECENT_WINDOW: TimeDelta = TimeDelta::minutes(5);

/// The health band a score falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    /// Score ≥ 90.
    Healthy,
    /// 70 ≤ score < 90.
    Warning,
    /// 50 ≤ score < 70.
    Degraded,
    /// Score < 50.
    Critical,
}

impl HealthStatus {
    /// The band of `score`.
    pub fn of(score: f64) -> Self {
        if score >= 90.0 {
            HealthStatus::Healthy
        } else if score >= 70.0 {
            HealthStatus::Warning
        } else if score >= 50.0 {
            HealthStatus::Degraded
        } else {
            HealthStatus::Critical
        }
    }

    /// Lower-case name, as the API serializes it.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Healthy => "healthy",
            HealthStatus::Warning => "warning",
            HealthStatus::Degraded => "degraded",
            HealthStatus::Critical => "critical",
        }
    }
}

/// True when `issue` was detected within the recent window before `now`
/// (strictly after the cutoff, as the original compared).
pub(crate) fn is_recent(issue: &Issue, now: DateTime<Utc>) -> bool {
    issue.timestamp.instant() > now - RECENT_WINDOW
}

/// The 0-100 health score at `now`.
pub fn health_score<'a>(issues: impl IntoIterator<Item = &'a Issue>, now: DateTime<Utc>) -> f64 {
    let penalty: f64 = issues
        .into_iter()
        .filter(|i| !i.resolved && !i.silenced(now) && is_recent(i, now))
        .map(|i| i.severity.health_weight())
        .sum();
    round2((100.0 - penalty).max(0.0))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
