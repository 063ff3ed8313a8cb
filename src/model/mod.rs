//! The data every part of logwarden shares: issues, severities, types.
//! Plain data with serde; no I/O here.

mod headline;
mod issue;
mod issue_type;
mod response;
mod severity;
mod standing;
mod text;
mod timestamp;

#[cfg(test)]
pub(crate) use issue::test_issue;
pub use issue::{Issue, MAX_OCCURRENCES, Occurrence};

pub(crate) use issue::{MAX_SOURCES, stable_issue_id};
pub(crate) use issue_type::IssueType;
pub use response::{ALERT_TYPE, AlertInfo, HealOutcome, HealState};
pub use severity::Severity;

pub(crate) use standing::Standing;
pub use text::{LOG_LINE_CAP, sanitize_lines};

pub(crate) use text::{EVENT_CAP, TEXT_CUT_MARKER, cap_line, prefix_within, sanitize_for_terminal};
pub use timestamp::DetectedAt;
