//! `[thresholds]`: numbers a rule's match must reach to be an issue, for
//! logs that record everything above a setting the line does not carry
//! (a MySQL slow log records every query over `long_query_time`, which may
//! be 0). Validated and located like rules.

use toml::de::{DeTable, DeValue};

use super::error::Fault;
use super::raw::RawThresholds;
use super::report::Reporter;
use super::table::read_table;
use crate::classify::{Measure, Rule};
use crate::model::IssueType;

/// How `[thresholds]` is named in messages.
const SUBJECT: Option<&str> = Some("[thresholds]");
/// The slow-query threshold when the file sets none.
pub(crate) const DEFAULT_SLOW_QUERY_SECONDS: f64 = 1.0;
/// The high-latency threshold when the file sets none.
pub(crate) const DEFAULT_HIGH_LATENCY_SECONDS: f64 = 5.0;
/// The issue type the slow-query threshold applies to.
const SLOW_QUERY_TYPE: &str = "slow_query";
/// The issue type the high-latency threshold applies to.
const HIGH_LATENCY_TYPE: &str = "high_latency";
/// Longest threshold accepted (a day).
const MAX_SECONDS: f64 = 86_400.0;

/// What `[thresholds]` says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Thresholds {
    /// A slow_query rule fires on a line reporting a duration (MySQL
    /// `Query_time`, PostgreSQL `duration: N ms`, MongoDB `durationMillis`)
    /// only when it is at least this many seconds.
    pub slow_query_seconds: f64,
    /// A high_latency rule whose match states how long something took
    /// (`took 12004ms`, `completed in 8.2s`, `elapsed=6.1s`) fires only when
    /// it is at least this many seconds.
    pub high_latency_seconds: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            slow_query_seconds: DEFAULT_SLOW_QUERY_SECONDS,
            high_latency_seconds: DEFAULT_HIGH_LATENCY_SECONDS,
        }
    }
}

impl Thresholds {
    /// Gives each rule the threshold of its type.
    pub(super) fn apply(&self, types: &[IssueType], rules: &mut [Rule]) {
        for rule in rules {
            match types.get(rule.type_index).map(|t| t.id.as_str()) {
                Some(SLOW_QUERY_TYPE) => {
                    rule.min_seconds = Some(self.slow_query_seconds);
                    rule.measure = Measure::Line;
                }
                Some(HIGH_LATENCY_TYPE) => {
                    rule.min_seconds = Some(self.high_latency_seconds);
                    rule.measure = Measure::Match;
                }
                _ => {}
            }
        }
    }
}

/// `[thresholds]` of `doc` (the defaults where absent or wrong).
pub(super) fn parse_thresholds(doc: &DeTable<'_>, out: &mut Reporter<'_>) -> Thresholds {
    let mut limits = Thresholds::default();
    let Some(value) = doc.get("thresholds") else {
        return limits;
    };
    let DeValue::Table(table) = value.get_ref() else {
        out.report(
            value.span(),
            None,
            Fault::Shape("`thresholds` must be a table (`[thresholds]`)"),
        );
        return limits;
    };
    let read = read_table::<RawThresholds>(table, value.span());
    for (at, fault) in read.faults {
        out.report(at, SUBJECT, fault);
    }
    let Some(raw) = read.value else {
        return limits;
    };
    let fields = [
        (
            "slow_query_seconds",
            raw.slow_query_seconds,
            &mut limits.slow_query_seconds,
        ),
        (
            "high_latency_seconds",
            raw.high_latency_seconds,
            &mut limits.high_latency_seconds,
        ),
    ];
    for (field, seconds, slot) in fields {
        let Some(seconds) = seconds else {
            continue;
        };
        let value = *seconds.get_ref();
        if value.is_finite() && value > 0.0 && value <= MAX_SECONDS {
            *slot = value;
        } else {
            out.report(seconds.span(), SUBJECT, Fault::Seconds { field, value });
        }
    }
    limits
}
