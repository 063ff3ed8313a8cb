//! The issue record every front end shares (CLI JSON, API, TUI, store).

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{AlertInfo, DetectedAt, HealState, Severity};

/// One detected problem: one log event (a line, or a whole traceback).
///
/// The first nine fields are exactly the original system's, with the same
/// names and JSON types, so its API clients keep working. The rest are ours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// When logwarden detected it; unique per issue (the original API's key).
    pub timestamp: DetectedAt,
    /// The issue type id, e.g. `database_connection`.
    pub issue_type: String,
    /// How grave it is.
    pub severity: Severity,
    /// The type's category, e.g. `Database Issue`.
    pub category: String,
    /// The type's human description.
    pub description: String,
    /// The event's first line, capped (see [`crate::model::TEXT_CUT_MARKER`]).
    pub log_line: String,
    /// Where the event was read from (a canonical path, or `-` for stdin).
    pub source_file: String,
    /// Whether the type is marked as automatically healable.
    pub auto_heal: bool,
    /// Whether an operator has resolved it.
    pub resolved: bool,
    /// A stable id: the same event in the same file always gets the same id.
    pub id: String,
    /// 1-based line number of the event's first line in its file, when known.
    pub line: Option<u64>,
    /// The time written in the line, ISO 8601, when one could be parsed.
    pub log_time: Option<String>,
    /// The whole event text (all its lines), capped.
    pub event: String,
    /// The id of the rule that matched.
    pub rule: String,
    /// Group this issue belongs to, once grouping assigns one.
    pub group_id: Option<String>,
    /// How many occurrences this record stands for (1 until grouping merges).
    pub count: u64,
    /// First occurrence (detection time) of the group; this issue's own time until grouped.
    pub first_seen: DetectedAt,
    /// Latest occurrence (detection time) of the group; this issue's own time until grouped.
    pub last_seen: DetectedAt,
    /// Opened again by a new occurrence after an operator resolved it.
    #[serde(default)]
    pub regression: bool,
    /// An operator has taken it on (it still counts against health until
    /// resolved).
    #[serde(default)]
    pub acknowledged: bool,
    /// Until then it does not count against health (an operator silenced
    /// it, or its type).
    #[serde(default)]
    pub silenced_until: Option<DetectedAt>,
    /// The group's template had never been seen when it first occurred
    /// (WARNING or graver; see `[signals]` in patterns.toml).
    #[serde(default)]
    pub new_pattern: bool,
    /// While the group occurs far above its usual rate: how many times
    /// its baseline the last minute's count is.
    #[serde(default)]
    pub spike_factor: Option<f64>,
    /// The group's template (variable parts masked), or its crash signature.
    #[serde(default)]
    pub template: Option<String>,
    /// Every file the group occurred in (at most [`MAX_SOURCES`]).
    #[serde(default)]
    pub sources: Vec<String>,
    /// The occurrences before the latest (which is this record's own
    /// time, line and text), newest first, at most [`MAX_OCCURRENCES`].
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
    /// The machine the event was written on (for local files, this one;
    /// a record written before hosts were kept was this machine's too).
    #[serde(default = "this_host")]
    pub host: String,
    /// What it was written to on that host: the file path for a local file,
    /// the program (syslog APP-NAME) or file a shipper named for a remote one.
    #[serde(default)]
    pub stream: String,
    /// Named values of the event: the named captures of the rule that
    /// matched (`client_ip`, `unit`), for alerts and actions.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// An alert issue: the alert it stands for.
    #[serde(default)]
    pub alert: Option<AlertInfo>,
    /// An open issue that an `[[inhibit]]` says caused this one (its id):
    /// it counts towards no alert.
    #[serde(default)]
    pub suppressed_by: Option<String>,
    /// What healing did, once an action was tried on it.
    #[serde(default)]
    pub heal: Option<HealState>,
    /// Written before logwarden started (a file's content at start, an
    /// earlier generation read at start): it fires no healing action.
    /// Held in memory only, set by the engine.
    #[serde(skip)]
    pub backlog: bool,
    /// Byte offset of the (latest) event's first line in its file, to
    /// find the line again (the dashboard's context view). Held in memory
    /// only: not in the issue JSON, so neither the API, exports nor the
    /// history carry it (an issue loaded from the history has `None`).
    #[serde(skip)]
    pub offset: Option<u64>,
}

/// Files a group remembers.
pub(crate) const MAX_SOURCES: usize = 8;
/// Earlier occurrences a group remembers.
pub const MAX_OCCURRENCES: usize = 5;

/// One earlier occurrence of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occurrence {
    /// When it was detected.
    pub timestamp: DetectedAt,
    /// Where it was read.
    pub source_file: String,
    /// 1-based line number of its first line, when known.
    pub line: Option<u64>,
    /// Its first line, capped.
    pub log_line: String,
}

impl Occurrence {
    /// What `issue` says of its own (latest) occurrence.
    pub fn of(issue: &Issue) -> Occurrence {
        Occurrence {
            timestamp: issue.timestamp,
            source_file: issue.source_file.clone(),
            line: issue.line,
            log_line: issue.log_line.clone(),
        }
    }
}

impl Issue {
    /// The base a new issue is built on (`Issue { .., ..Issue::blank(at) }`):
    /// detected at `at`, one occurrence, not grouped yet, open, no signals;
    /// its text fields empty.
    pub fn blank(at: DetectedAt) -> Issue {
        Issue {
            timestamp: at,
            issue_type: String::new(),
            severity: Severity::Info,
            category: String::new(),
            description: String::new(),
            log_line: String::new(),
            source_file: String::new(),
            auto_heal: false,
            resolved: false,
            id: String::new(),
            line: None,
            log_time: None,
            event: String::new(),
            rule: String::new(),
            group_id: None,
            count: 1,
            first_seen: at,
            last_seen: at,
            regression: false,
            acknowledged: false,
            silenced_until: None,
            new_pattern: false,
            spike_factor: None,
            template: None,
            sources: Vec::new(),
            occurrences: Vec::new(),
            host: String::new(),
            stream: String::new(),
            fields: BTreeMap::new(),
            alert: None,
            suppressed_by: None,
            heal: None,
            backlog: false,
            offset: None,
        }
    }

    /// Whether it came from another machine (syslog, a shipper): its
    /// `source_file` is `host:stream`, not a local path.
    pub fn is_remote(&self) -> bool {
        !self.stream.is_empty() && self.source_file != self.stream
    }

    /// Whether it is silenced at `now`.
    pub fn silenced(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.silenced_until
            .is_some_and(|until| until.instant() > now)
    }
}

/// The host of a record that names none.
fn this_host() -> String {
    crate::pipeline::local_host().to_owned()
}

/// Derives a stable issue id from where the event was found and what it says.
///
/// FNV-1a 64 is used because it is deterministic across runs and Rust
/// versions (the std hasher is not promised to be) and fast for short input.
pub(crate) fn stable_issue_id(source: &str, byte_offset: u64, first_line: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(source.as_bytes());
    feed(&[0]);
    feed(&byte_offset.to_le_bytes());
    feed(first_line.as_bytes());
    format!("{hash:016x}")
}

/// A CRITICAL `disk_full` issue with id `id`, detected now, for unit tests.
#[cfg(test)]
pub(crate) fn test_issue(id: &str) -> Issue {
    let at = DetectedAt::now_unique();
    Issue {
        issue_type: "disk_full".into(),
        severity: Severity::Critical,
        category: "Filesystem Issue".into(),
        description: "d".into(),
        log_line: "No space left on device".into(),
        source_file: "/var/log/app.log".into(),
        auto_heal: true,
        id: id.into(),
        line: Some(3),
        event: "No space left on device".into(),
        rule: "r".into(),
        group_id: Some("g".into()),
        count: 4,
        ..Issue::blank(at)
    }
}

#[cfg(test)]
mod tests;
