//! A store holding two hosts' issues, for the dashboard's host tests:
//! this machine (`app-1`, its files) and `db-1`, whose PostgreSQL and
//! kernel are heard over syslog (`db-1:postgres`, `db-1:kernel`).

use chrono::{DateTime, TimeDelta, Utc};

use logwarden::model::{Issue, Severity};
use logwarden::store::{EngineView, IssueStore, Snapshot};

use super::ui::Fixture;

/// (seconds after `base`, host, stream, severity, type, category, line);
/// a local stream is its file's path.
type Event = (
    i64,
    &'static str,
    &'static str,
    Severity,
    &'static str,
    &'static str,
    &'static str,
);

/// A morning of trouble on both hosts, oldest first. db-1 loses its
/// connection slots twice (one group), deadlocks, and has a backend
/// killed for memory: it is the worse of the two.
pub const EVENTS: &[Event] = &[
    (
        5,
        "app-1",
        "/var/log/nginx/access.log",
        Severity::Error,
        "api_error",
        "API Issue",
        "10.0.4.17 - - [10/Mar/2026:08:00:05 +0000] \"POST /api/v1/checkout HTTP/1.1\" 502 157",
    ),
    (
        17,
        "db-1",
        "postgres",
        Severity::Critical,
        "database_connection",
        "Database Issue",
        "FATAL:  remaining connection slots are reserved for non-replication superuser connections",
    ),
    (
        29,
        "app-1",
        "/var/log/auth.log",
        Severity::Warning,
        "authentication_failure",
        "Security Issue",
        "Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
    ),
    (
        41,
        "db-1",
        "postgres",
        Severity::Error,
        "database_deadlock",
        "Database Issue",
        "ERROR:  deadlock detected",
    ),
    (
        53,
        "app-1",
        "/var/log/app/app.log",
        Severity::Critical,
        "disk_full",
        "Filesystem Issue",
        "OSError: [Errno 28] No space left on device: '/var/lib/app/spool/0001.tmp'",
    ),
    (
        65,
        "db-1",
        "postgres",
        Severity::Critical,
        "database_connection",
        "Database Issue",
        "FATAL:  remaining connection slots are reserved for non-replication superuser connections",
    ),
    (
        77,
        "app-1",
        "/var/log/nginx/error.log",
        Severity::Error,
        "network_timeout",
        "Network Issue",
        "upstream timed out (110: Connection timed out) while reading response header from upstream",
    ),
    (
        89,
        "db-1",
        "kernel",
        Severity::Critical,
        "memory_error",
        "Memory Issue",
        "Out of memory: Killed process 2231 (postgres) total-vm:8388608kB",
    ),
];

/// The issue of one event (id `id{n}`), with its host and stream set as
/// the engine (a local file) or the remote input (`host:stream`) sets them.
pub fn issue(n: u64, base: DateTime<Utc>, event: &Event) -> Issue {
    let &(after, host, stream, severity, issue_type, category, line) = event;
    let local = stream.starts_with('/');
    let source = if local {
        stream.to_string()
    } else {
        format!("{host}:{stream}")
    };
    let mut issue = Fixture {
        n,
        at: base + TimeDelta::seconds(after),
        severity,
        issue_type,
        category,
        file: &source,
        line,
    }
    .issue();
    issue.host = host.into();
    issue.stream = stream.into();
    issue
}

/// The store after [`EVENTS`] (db-1's second outage recurring into its
/// first, which counts 2), taken 130 s after `base`.
pub fn snapshot(base: DateTime<Utc>) -> Snapshot {
    let mut store = IssueStore::new(1000);
    for (n, event) in EVENTS.iter().enumerate() {
        let issue = issue(n as u64, base, event);
        if n == 5 {
            store.recur("id1", issue);
        } else {
            store.insert(issue);
        }
    }
    let engine = EngineView {
        files: 4,
        lines_read: 9_120,
        lines_per_sec: 88.0,
        ready: true,
        monitoring: true,
        ..EngineView::default()
    };
    store.snapshot(base + TimeDelta::seconds(130), engine)
}
