//! `[thresholds]`: numbers a rule's match must reach to be an issue, for
//! logs that record everything above a setting the line does not carry
//! (a MySQL slow log records every query over `long_query_time`, which may
//! be 0). Validated and located like rules.

use toml::de::{DeTable, DeValue};

use super::error::Fault;
use super::raw::RawThresholds;
use super::report::Reporter;
use super::table::read_table;
use crate::classify::Rule;
use crate::model::IssueType;

/// How `[thresholds]` is named in messages.
const SUBJECT: Option<&str> = Some("[thresholds]");
/// The slow-query threshold when the file sets none.
pub(crate) const DEFAULT_SLOW_QUERY_SECONDS: f64 = 1.0;
/// The issue type the slow-query threshold applies to.
const SLOW_QUERY_TYPE: &str = "slow_query";
/// Longest threshold accepted (a day).
const MAX_SECONDS: f64 = 86_400.0;

/// What `[thresholds]` says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Thresholds {
    /// A slow_query rule fires on a line reporting a duration (MySQL
    /// `Query_time`, PostgreSQL `duration: N ms`, MongoDB `durationMillis`)
    /// only when it is at least this many seconds.
    pub slow_query_seconds: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            slow_query_seconds: DEFAULT_SLOW_QUERY_SECONDS,
        }
    }
}

impl Thresholds {
    /// Gives each rule the threshold of its type.
    pub(super) fn apply(&self, types: &[IssueType], rules: &mut [Rule]) {
        for rule in rules {
            if types
                .get(rule.type_index)
                .is_some_and(|t| t.id == SLOW_QUERY_TYPE)
            {
                rule.min_seconds = Some(self.slow_query_seconds);
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
    if let Some(seconds) = read.value.and_then(|raw| raw.slow_query_seconds) {
        let value = *seconds.get_ref();
        if value.is_finite() && value > 0.0 && value <= MAX_SECONDS {
            limits.slow_query_seconds = value;
        } else {
            out.report(
                seconds.span(),
                SUBJECT,
                Fault::Seconds {
                    field: "slow_query_seconds",
                    value,
                },
            );
        }
    }
    limits
}
