//! The roles a theme styles. A role is a value, not a string, so a
//! misspelt role is a compile error instead of an unstyled span.

use std::fmt;
use std::str::FromStr;

use crate::model::Severity;

/// Something on screen a theme gives a style to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// CRITICAL severity.
    SeverityCritical,
    /// ERROR severity.
    SeverityError,
    /// WARNING severity.
    SeverityWarning,
    /// INFO severity.
    SeverityInfo,
    /// Ordinary text.
    Text,
    /// Secondary text: labels, times, file names.
    TextDim,
    /// Pane titles and key names.
    Title,
    /// An unfocused pane's border.
    Border,
    /// The focused pane's border.
    BorderFocus,
    /// The selected row.
    Selection,
    /// Health band: healthy.
    HealthHealthy,
    /// Health band: warning.
    HealthWarning,
    /// Health band: degraded.
    HealthDegraded,
    /// Health band: critical.
    HealthCritical,
    /// Signal badges (new pattern, spike).
    Badge,
    /// Rows the search matches.
    SearchMatch,
}

impl Role {
    /// How many roles there are.
    pub const COUNT: usize = 16;

    /// Every role, in declaration order (its index is `role as usize`).
    pub const ALL: [Role; Role::COUNT] = [
        Role::SeverityCritical,
        Role::SeverityError,
        Role::SeverityWarning,
        Role::SeverityInfo,
        Role::Text,
        Role::TextDim,
        Role::Title,
        Role::Border,
        Role::BorderFocus,
        Role::Selection,
        Role::HealthHealthy,
        Role::HealthWarning,
        Role::HealthDegraded,
        Role::HealthCritical,
        Role::Badge,
        Role::SearchMatch,
    ];

    /// The role's key in a theme file's `[roles]` table.
    pub fn key(self) -> &'static str {
        match self {
            Role::SeverityCritical => "severity_critical",
            Role::SeverityError => "severity_error",
            Role::SeverityWarning => "severity_warning",
            Role::SeverityInfo => "severity_info",
            Role::Text => "text",
            Role::TextDim => "text_dim",
            Role::Title => "title",
            Role::Border => "border",
            Role::BorderFocus => "border_focus",
            Role::Selection => "selection",
            Role::HealthHealthy => "health_healthy",
            Role::HealthWarning => "health_warning",
            Role::HealthDegraded => "health_degraded",
            Role::HealthCritical => "health_critical",
            Role::Badge => "badge",
            Role::SearchMatch => "search_match",
        }
    }

    /// The role that colors `severity`.
    pub fn severity(severity: Severity) -> Role {
        match severity {
            Severity::Critical => Role::SeverityCritical,
            Severity::Error => Role::SeverityError,
            Severity::Warning => Role::SeverityWarning,
            Severity::Info => Role::SeverityInfo,
        }
    }

    /// Every role's key, comma-separated (for warnings).
    pub fn known_keys() -> String {
        Role::ALL.map(Role::key).join(", ")
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A `[roles]` key that names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(key: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|role| role.key() == key)
            .ok_or_else(|| UnknownRole(key.to_string()))
    }
}
