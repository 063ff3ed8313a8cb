#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::Utc;

use super::{
    HOST_MAX, HostCounts, column_shown, host_said, label, several, source_label, worst_first,
};
use crate::model::{Severity, test_issue};
use crate::store::{EngineView, IssueStore, Snapshot};
use crate::ui::view::Filters;

/// A store holding `issues` as (id, host, severity, resolved).
fn snapshot(issues: &[(&str, &str, Severity, bool)]) -> Snapshot {
    let mut store = IssueStore::new(100);
    for &(id, host, severity, resolved) in issues {
        let mut issue = test_issue(id);
        issue.host = host.into();
        issue.severity = severity;
        issue.group_id = None;
        issue.count = 1;
        issue.source_file = format!("{host}:app");
        issue.stream = "app".into();
        store.insert(issue);
        if resolved {
            store.set_resolved(id, true);
        }
    }
    store.snapshot(Utc::now(), EngineView::default())
}

#[test]
fn hosts_show_only_when_more_than_one_holds_issues_and_not_inside_one() {
    let one = snapshot(&[("a", "here", Severity::Error, false)]);
    assert!(!several(&one));
    assert!(!column_shown(&one, &Filters::default()));
    let two = snapshot(&[
        ("a", "here", Severity::Error, false),
        ("b", "db-1", Severity::Warning, false),
    ]);
    assert!(several(&two));
    assert!(column_shown(&two, &Filters::default()));
    let inside = Filters {
        host: Some("db-1".into()),
        ..Filters::default()
    };
    assert!(!column_shown(&two, &inside), "every row would say db-1");
    assert!(host_said(&two, &inside) && host_said(&two, &Filters::default()));
    assert!(!host_said(&one, &Filters::default()));
    assert!(host_said(&one, &inside), "the titles name it");
}

#[test]
fn the_worst_host_comes_first_then_the_most_critical_then_by_name() {
    let snap = snapshot(&[
        ("a", "web-2", Severity::Warning, false),
        ("b", "db-1", Severity::Critical, false),
        ("c", "web-1", Severity::Warning, false),
        ("d", "cache", Severity::Critical, true),
    ]);
    let order: Vec<&str> = worst_first(&snap.hosts)
        .iter()
        .map(|h| h.host.as_str())
        .collect();
    // db-1 costs a CRITICAL; web-1 and web-2 cost the same and go by
    // name; cache's only issue is resolved: it costs nothing.
    assert_eq!(order, ["db-1", "web-1", "web-2", "cache"]);
}

#[test]
fn a_host_name_is_drawn_inert_and_cut() {
    assert_eq!(label("web-1", HOST_MAX), "web-1");
    assert_eq!(label("", HOST_MAX), "-", "an issue from before hosts");
    let hostile = label("evil\x1b[2J\u{202e}host", 60);
    assert!(!hostile.contains('\x1b') && !hostile.contains('\u{202e}'));
    assert!(hostile.contains("\\u{1b}"), "{hostile}");
    let long = label(&"a".repeat(255), HOST_MAX);
    assert_eq!(long.chars().count(), HOST_MAX);
    assert!(long.ends_with('…'));
    // Wide characters are measured in columns.
    assert_eq!(
        unicode_width::UnicodeWidthStr::width(label(&"主機".repeat(20), 9).as_str()),
        9
    );
}

#[test]
fn the_charts_count_one_hosts_issues() {
    let snap = snapshot(&[
        ("a", "web-1", Severity::Warning, false),
        ("b", "db-1", Severity::Critical, false),
        ("c", "db-1", Severity::Critical, true),
    ]);
    let counts = HostCounts::of(snap.issues.iter().map(Arc::as_ref), "db-1");
    assert_eq!(counts.severity.get(&Severity::Critical), Some(&2));
    assert_eq!(counts.severity.get(&Severity::Warning), None);
    assert_eq!(counts.category.get("Filesystem Issue"), Some(&2));
}

#[test]
fn beside_a_host_column_a_remote_issue_shows_its_stream_not_host_colon_stream() {
    let mut remote = test_issue("r");
    remote.host = "db-1".into();
    remote.stream = "/var/log/postgresql/main.log".into();
    remote.source_file = "db-1:/var/log/postgresql/main.log".into();
    assert_eq!(source_label(&remote, true), "main.log");
    assert_eq!(source_label(&remote, false), "main.log");
    remote.stream = "postgres".into();
    remote.source_file = "db-1:postgres".into();
    assert_eq!(source_label(&remote, true), "postgres");
    assert_eq!(source_label(&remote, false), "db-1:postgres");
    let mut local = test_issue("l");
    local.stream = local.source_file.clone();
    assert_eq!(source_label(&local, true), "app.log");
}
