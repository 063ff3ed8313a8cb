//! Issue severity: the four levels of the original system, ordered by gravity.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How grave an issue is. Ordered: `Info < Warning < Error < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// Informational; weighs 0.5 in the health score.
    Info,
    /// Something degraded; weighs 2.
    Warning,
    /// A failure that needs attention; weighs 5.
    Error,
    /// An outage-class failure; weighs 10.
    Critical,
}

impl Severity {
    /// Every severity, most grave first (the order used in listings).
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ];

    /// The name as serialized and as written in patterns.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "CRITICAL",
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        }
    }

    /// Points one problem of this severity takes off the 0-100 health
    /// score (the original's weights, CRITICAL raised from 10 so that one
    /// alone leaves the healthy band).
    pub fn health_weight(self) -> f64 {
        match self {
            Severity::Critical => 15.0,
            Severity::Error => 5.0,
            Severity::Warning => 2.0,
            Severity::Info => 0.5,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no severity; its message lists the valid ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}` (valid: CRITICAL, ERROR, WARNING, INFO)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// Case-insensitive; `WARN` and `CRIT` are accepted as the usual short forms.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "CRITICAL" | "CRIT" => Ok(Severity::Critical),
            "ERROR" => Ok(Severity::Error),
            "WARNING" | "WARN" => Ok(Severity::Warning),
            "INFO" => Ok(Severity::Info),
            _ => Err(UnknownSeverity(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests;
