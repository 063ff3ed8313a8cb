//! The data every part of logwarden shares: issues, severities, types.
//! Plain data with serde; no I/O here.

mod headline;
mod issue;
mod issue_type;
mod severity;
mod standing;
mod text;
mod timestamp;

#[cfg(test)]
pub(crate) use issue::test_issue;
pub use issue::{Issue, MAX_OCCURRENCES, MAX_SOURCES, Occurrence, stable_issue_id};
pub use issue_type::IssueType;
pub use severity::{Severity, UnknownSeverity};
pub use standing::Standing;
pub use text::{
    EVENT_CAP, LOG_LINE_CAP, TEXT_CUT_MARKER, cap_line, prefix_within, sanitize_for_terminal,
    sanitize_lines,
};
pub use timestamp::DetectedAt;
