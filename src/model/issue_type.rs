//! Issue types: the metadata every issue of a type shares.

use serde::{Deserialize, Serialize};

use super::Severity;

/// What an issue type means. Defined in patterns.toml under `[types.<id>]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueType {
    /// The id, e.g. `database_connection` (the original's keys are kept).
    pub id: String,
    /// Default severity of the type's issues (a rule may override it).
    pub severity: Severity,
    /// Category shown in charts, e.g. `Database Issue`.
    pub category: String,
    /// Human description, e.g. `Database connection problem detected`.
    pub description: String,
    /// Whether the original system marked the type as automatically healable.
    pub auto_heal: bool,
}
