//! The served bytes of every body, compared with files kept beside this
//! one: the JSON field names, types and order are the original system's
//! and its clients', so they may not drift. `LOGWARDEN_BLESS=1` rewrites
//! the files (only on purpose, with the reason in the commit).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{TimeZone, Utc};

use crate::model::{DetectedAt, Issue, Occurrence, Severity};
use crate::redact::Redactor;
use crate::store::{HealthStatus, HistoryStatus, Snapshot};

fn at(second: u32) -> DetectedAt {
    DetectedAt::at(Utc.with_ymd_and_hms(2026, 3, 10, 8, 0, second).unwrap())
}

fn issue(n: u32, severity: Severity, issue_type: &str) -> Issue {
    Issue {
        issue_type: issue_type.into(),
        severity,
        category: "Database Issue".into(),
        description: "It \"broke\"".into(),
        log_line: format!("line {n} password=hunter2"),
        source_file: "/var/log/app.log".into(),
        id: format!("id-{n}"),
        line: Some(u64::from(n)),
        event: format!("line {n} password=hunter2\n  at x"),
        rule: "rule".into(),
        ..Issue::blank(at(n))
    }
}

/// Three issues: a grouped spiking critical, a new-pattern error, a
/// resolved warning.
pub(super) fn snapshot() -> Snapshot {
    let mut grouped = issue(1, Severity::Critical, "database_connection");
    grouped.group_id = Some("g-1".into());
    grouped.count = 3;
    grouped.spike_factor = Some(12.5);
    grouped.sources = vec!["/var/log/app.log".into(), "/var/log/b.log".into()];
    grouped.template = Some("line <*> password=<*>".into());
    grouped.occurrences = vec![Occurrence::of(&issue(0, Severity::Critical, "x"))];
    grouped.silenced_until = Some(at(59));
    let mut fresh = issue(2, Severity::Error, "file_permission");
    fresh.new_pattern = true;
    fresh.group_id = Some("g-2".into());
    let mut done = issue(3, Severity::Warning, "timeout");
    done.resolved = true;
    let mut snap = Snapshot::empty();
    snap.issues = vec![Arc::new(grouped), Arc::new(fresh), Arc::new(done)];
    snap.severity_counts = BTreeMap::from([
        (Severity::Critical, 1),
        (Severity::Error, 1),
        (Severity::Warning, 1),
        (Severity::Info, 0),
    ]);
    snap.category_counts = BTreeMap::from([("Database Issue".into(), 3), ("None".into(), 0)]);
    snap.type_counts = BTreeMap::from([
        ("database_connection".into(), 1),
        ("file_permission".into(), 1),
        ("timeout".into(), 1),
    ]);
    snap.detected = BTreeMap::from([
        (("database_connection".into(), Severity::Critical), 3),
        (("we\"ird\\\n".into(), Severity::Error), 1),
    ]);
    snap.health = 72.5;
    snap.status = HealthStatus::Warning;
    snap.health_explained = crate::store::HealthExplained {
        score: 72.5,
        total_cost: 27.5,
        costs: vec![crate::store::HealthCost {
            id: "i2".into(),
            issue_type: "file_permission".into(),
            severity: Severity::Error,
            source_file: "/var/log/app.log".into(),
            occurrences_5min: 8,
            cost: 20.0,
        }],
        other_problems: 3,
        other_cost: 7.5,
        resolved: 1,
        silenced: 1,
    };
    snap.recent = 2;
    snap.files = 4;
    snap.lines_read = 1234;
    snap.lines_per_sec = 0.25;
    snap.monitoring = true;
    snap.history = Some(HistoryStatus {
        failing: Some("disk full".into()),
        rows: 7,
        ..HistoryStatus::default()
    });
    snap
}

pub(super) fn redactor() -> Redactor {
    Redactor::new(&[]).expect("the built-in rules compile")
}

/// Compares `body` with the kept file `name` (or rewrites it).
pub(super) fn check(name: &str, body: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/server/tests/shapes")
        .join(name);
    if std::env::var_os("LOGWARDEN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, body).unwrap();
        return;
    }
    let kept = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        String::from_utf8_lossy(body),
        String::from_utf8_lossy(&kept),
        "{name} changed"
    );
}
