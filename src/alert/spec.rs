//! What an `[[alert]]` or `[[inhibit]]` entry says, once validated.

use std::time::Duration;

use crate::model::Severity;

/// Which issues an alert or an inhibition looks at. Every list that is not
/// empty must name the issue (type, group, rule); empty lists accept all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    /// Issue type ids.
    pub types: Vec<String>,
    /// Group ids.
    pub groups: Vec<String>,
    /// Rule ids.
    pub rules: Vec<String>,
}

impl Selector {
    /// Whether the issue of this type, group and rule is selected.
    pub fn selects(&self, issue_type: &str, group: Option<&str>, rule: &str) -> bool {
        let listed =
            |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        listed(&self.types, issue_type)
            && (self.groups.is_empty() || group.is_some_and(|g| listed(&self.groups, g)))
            && listed(&self.rules, rule)
    }
}

/// When a threshold alert fires, counting the occurrences of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Once, when the window first holds `count`; again only after it recovered.
    Once,
    /// At every `count`-th occurrence while the window stays full.
    Every,
    /// At each of the first `count` occurrences, then quiet until recovery.
    First,
}

/// How an alert ends by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// It ends when fewer than this many occurrences fell within `period`.
    pub below: u32,
    /// How long the rate must stay low.
    pub period: Duration,
}

/// The two kinds of alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertKind {
    /// `count` selected occurrences with the same key within `within`.
    Threshold {
        /// What is counted.
        select: Selector,
        /// How many it takes.
        count: u32,
        /// The window.
        within: Duration,
        /// When it fires.
        mode: Mode,
    },
    /// An occurrence of `first`, then one of `then` with the same key within `within`.
    Sequence {
        /// What must come first.
        first: Selector,
        /// What must follow.
        then: Selector,
        /// How soon.
        within: Duration,
    },
}

/// One `[[alert]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSpec {
    /// Unique id; also the alert issue's rule.
    pub id: String,
    /// What makes it fire.
    pub kind: AlertKind,
    /// The key occurrences are counted by: a named capture of the rule
    /// (`client_ip`), or `host`; `None` counts all together.
    pub by: Option<String>,
    /// How it ends by itself.
    pub recovery: Recovery,
    /// The alert issue's severity.
    pub severity: Severity,
    /// Free text from the file: the alert issue's description when set.
    pub note: Option<String>,
}

/// One `[[inhibit]]`: while an issue selected by `source` is open, issues
/// selected by `target` with the same values of `equal` (e.g. `host`)
/// are marked as caused by it and do not count towards alerts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inhibit {
    /// What inhibits.
    pub source: Selector,
    /// What is inhibited.
    pub target: Selector,
    /// Fields that must be equal on both (none: any source inhibits).
    pub equal: Vec<String>,
}
