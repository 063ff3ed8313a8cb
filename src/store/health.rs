//! The health score, as pure functions.
//!
//! The original system's shape is kept: 0-100, over issues *detected* in
//! the last 5 minutes (detection time, not the time written in the line),
//! the four bands and the API fields. What an issue costs is new, so the
//! score means something:
//!
//! ```text
//! score = max(0, 100 - Σ weight(severity) × (1 + log2(occurrences)))
//! ```
//!
//! over the open problems (issues: a problem repeating is one issue) seen
//! in the last 5 minutes, `occurrences` being how often each occurred in
//! those 5 minutes (in 30-second steps: see `state/recent.rs`), and weights CRITICAL 15, ERROR 5, WARNING 2, INFO 0.5.
//! So one problem costs its weight, and every doubling of its occurrences
//! one weight more (3,000 failed logins cost 12.6 times one, not one);
//! one CRITICAL alone (an OOM kill) leaves the healthy band. Resolved and
//! silenced issues cost nothing: resolving moves the score at once.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Issue, Severity};

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

/// The formula, as the API states it.
pub const HEALTH_FORMULA: &str = "score = max(0, 100 - sum of weight(severity) * (1 + log2(occurrences in the last 5 minutes))) over the open (not resolved, not silenced) problems seen in the last 5 minutes";

/// What one open problem costs: its severity's weight, once more for
/// every doubling of its occurrences in the window.
pub(crate) fn cost(severity: Severity, occurrences: u64) -> f64 {
    severity.health_weight() * (1.0 + (occurrences.max(1) as f64).log2())
}

/// The problems listed by name in an explanation; the rest are summed.
pub(crate) const EXPLAINED: usize = 10;

/// One problem's share of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthCost {
    /// The issue's id.
    pub id: String,
    /// Its type.
    pub issue_type: String,
    /// Its severity.
    pub severity: Severity,
    /// Where it was read last.
    pub source_file: String,
    /// How often it occurred in the last 5 minutes.
    pub occurrences_5min: u64,
    /// Points it takes off the score.
    pub cost: f64,
}

/// The score and what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthExplained {
    /// The 0-100 score.
    pub score: f64,
    /// Points taken off in all (the score is 100 minus this, at least 0).
    pub total_cost: f64,
    /// The costliest problems, costliest first (at most [`EXPLAINED`]).
    pub costs: Vec<HealthCost>,
    /// Problems counted but not listed.
    pub other_problems: u64,
    /// What they cost together.
    pub other_cost: f64,
    /// Recent issues that cost nothing because they were resolved.
    pub resolved: u64,
    /// ... or silenced.
    pub silenced: u64,
}

impl Default for HealthExplained {
    fn default() -> Self {
        HealthExplained {
            score: 100.0,
            total_cost: 0.0,
            costs: Vec::new(),
            other_problems: 0,
            other_cost: 0.0,
            resolved: 0,
            silenced: 0,
        }
    }
}

/// The score at `now` of `issues`, each with how often it occurred in the
/// last 5 minutes (at least once is assumed for a recent issue), and what
/// it is made of.
pub(crate) fn explain<'a>(
    issues: impl IntoIterator<Item = (&'a Issue, u64)>,
    now: DateTime<Utc>,
) -> HealthExplained {
    let mut out = HealthExplained::default();
    for (issue, occurrences) in issues {
        if !is_recent(issue, now) {
            continue;
        }
        if issue.resolved {
            out.resolved += 1;
            continue;
        }
        if issue.silenced(now) {
            out.silenced += 1;
            continue;
        }
        let occurrences = occurrences.max(1);
        let points = cost(issue.severity, occurrences);
        out.total_cost += points;
        out.other_problems += 1;
        out.other_cost += points;
        // Keep the costliest few, costliest first; ties: the newer (seen first) stays ahead.
        let place = out.costs.partition_point(|c| c.cost >= points);
        if place < EXPLAINED {
            out.costs.insert(
                place,
                HealthCost {
                    id: issue.id.clone(),
                    issue_type: issue.issue_type.clone(),
                    severity: issue.severity,
                    source_file: issue.source_file.clone(),
                    occurrences_5min: occurrences,
                    cost: round2(points),
                },
            );
            out.costs.truncate(EXPLAINED);
        }
    }
    let listed: f64 = out.costs.iter().map(|c| c.cost).sum();
    out.other_problems -= out.costs.len() as u64;
    out.other_cost = round2((out.other_cost - listed).max(0.0));
    out.total_cost = round2(out.total_cost);
    out.score = round2((100.0 - out.total_cost).max(0.0));
    out
}

/// The 0-100 health score at `now` (see [`explain`]).
pub fn health_score<'a>(
    issues: impl IntoIterator<Item = (&'a Issue, u64)>,
    now: DateTime<Utc>,
) -> f64 {
    explain(issues, now).score
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
