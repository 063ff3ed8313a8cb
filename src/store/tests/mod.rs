mod commands;
mod groups;
mod health;
mod signals;
use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};

use super::*;
use crate::model::{DetectedAt, Issue, Severity, test_issue};
use crate::store::snapshot::critical_rows;
use crate::store::stats::MonitoringStatus;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_760_000_000, 0).unwrap()
}

fn issue(severity: Severity, issue_type: &str, category: &str, age_secs: i64) -> Issue {
    let at = DetectedAt::at(now() - TimeDelta::seconds(age_secs));
    Issue {
        timestamp: at,
        issue_type: issue_type.into(),
        severity,
        category: category.into(),
        log_line: "l".into(),
        source_file: "f".into(),
        auto_heal: false,
        id: "0".into(),
        line: Some(1),
        event: "l".into(),
        group_id: None,
        count: 1,
        first_seen: at,
        last_seen: at,
        ..test_issue("0")
    }
}

#[test]
fn status_bands_and_their_edges() {
    let cases = [
        (90.0, HealthStatus::Healthy),
        (89.99, HealthStatus::Warning),
        (70.0, HealthStatus::Warning),
        (69.5, HealthStatus::Degraded),
        (50.0, HealthStatus::Degraded),
        (49.99, HealthStatus::Critical),
    ];
    for (score, want) in cases {
        assert_eq!(HealthStatus::of(score), want, "{score}");
    }
}

#[test]
fn statistics_are_consistent_and_list_only_non_zero_keys() {
    let mut issues = vec![
        issue(Severity::Critical, "disk_full", "Filesystem Issue", 10),
        issue(Severity::Error, "file_permission", "Filesystem Issue", 400),
        issue(Severity::Critical, "disk_full", "Filesystem Issue", 20),
    ];
    issues[0].resolved = true;
    let stats = statistics(&issues, now(), true, 4);
    assert_eq!(stats.total_issues, 3);
    assert_eq!(stats.recent_issues_5min, 2);
    assert_eq!(stats.severity_distribution.len(), 2);
    assert_eq!(stats.severity_distribution["CRITICAL"], 2);
    assert_eq!(stats.severity_distribution["ERROR"], 1);
    assert!(!stats.severity_distribution.contains_key("WARNING"));
    assert_eq!(stats.category_distribution["Filesystem Issue"], 3);
    assert_eq!(stats.issue_type_counts["disk_full"], 2);
    assert_eq!(stats.monitoring_status, MonitoringStatus::Active);
    assert_eq!(
        serde_json::to_value(stats.monitoring_status).unwrap(),
        "active"
    );
    assert_eq!(stats.monitored_files, 4);
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["severity_distribution"]["CRITICAL"], 2);
}

fn with_id(mut issue: Issue, id: &str) -> Issue {
    issue.id = id.into();
    issue
}

#[test]
fn a_full_store_drops_what_needs_no_attention_before_open_errors() {
    let mut store = IssueStore::new(3);
    store.insert(with_id(
        issue(Severity::Critical, "oom", "Memory", 30),
        "c1",
    ));
    store.insert(with_id(
        issue(Severity::Warning, "timeout", "Net", 20),
        "w1",
    ));
    store.insert(with_id(issue(Severity::Error, "db", "Database", 10), "e1"));
    let dropped = store
        .insert(with_id(issue(Severity::Error, "db", "Database", 5), "e2"))
        .pop()
        .expect("one dropped");
    assert_eq!(dropped.issue.id, "w1");
    assert!(!dropped.needed_attention);
    let snap = store.snapshot(now(), EngineView::default());
    let ids: Vec<&str> = snap.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids,
        ["c1", "e1", "e2"],
        "the warning went, the older critical stayed"
    );
    assert_eq!(snap.evicted, 1);
    assert_eq!(snap.severity_counts.get(&Severity::Warning), None);
    assert_eq!(snap.category_counts["Database"], 2);
    // Nothing but open errors left: the oldest goes, and the caller is told.
    let dropped = store.insert(with_id(issue(Severity::Error, "db", "Database", 1), "e3"));
    assert_eq!(dropped.len(), 1);
    let dropped = dropped.into_iter().next().expect("one dropped");
    assert_eq!(dropped.issue.id, "c1");
    assert!(dropped.needed_attention);
    assert_eq!(store.evicted_open_critical(), 1);
    // A resolved one is preferred again over open ones.
    store.set_resolved("e2", true);
    store.insert(with_id(issue(Severity::Error, "db", "Database", 0), "e4"));
    let snap = store.snapshot(now(), EngineView::default());
    let ids: Vec<&str> = snap.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e3", "e4"]);
}

#[test]
fn resolving_changes_health_rows_and_version_and_growth_keeps_it() {
    let mut store = IssueStore::new(10);
    // Inserted in detection order, as the engine delivers them.
    store.insert(with_id(
        issue(Severity::Critical, "oom", "Memory", 400),
        "old",
    ));
    let first = with_id(issue(Severity::Error, "db", "Database", 10), "a");
    let stamp = first.timestamp.to_string();
    store.insert(first);
    let snap = store.snapshot(now(), EngineView::default());
    assert_eq!(
        (snap.health, snap.recent),
        (95.0, 1),
        "the 400 s old one is not recent"
    );
    assert_eq!(snap.critical.len(), 2);
    let version = store.version();
    let resolved = store.set_resolved_at(&stamp, true).unwrap();
    assert!(resolved.resolved);
    assert!(store.version() > version);
    let snap = store.snapshot(now(), EngineView::default());
    assert_eq!(snap.health, 100.0);
    assert_eq!(snap.critical.len(), 1, "resolved issues leave the table");
    assert!(store.set_resolved("nope", true).is_none());
    // The event grows (frames arrive) and becomes a different type: counts follow, resolved stays.
    let mut grown = with_id(issue(Severity::Critical, "crash", "Application", 10), "a");
    grown.event = "l\n  frame".into();
    assert!(store.grow(grown));
    let snap = store.snapshot(now(), EngineView::default());
    let a = snap.find("a").unwrap();
    assert!(a.resolved && a.event.ends_with("frame"));
    assert_eq!(snap.type_counts.get("db"), None);
    assert_eq!(snap.type_counts["crash"], 1);
}

/// Resolves the issue `id` as the API does; the issue as it is now.
async fn resolve(handle: &StoreHandle, id: &str) -> Option<std::sync::Arc<Issue>> {
    let command = Command {
        edit: Edit::Resolve(true),
        target: Target::Issue(IssueKey::Id(id.into())),
        origin: Origin::Api,
    };
    handle.ask(command).await.issue
}

#[tokio::test]
async fn the_task_publishes_issues_and_a_resolve_is_visible_when_it_returns() {
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let (handle, _task) = spawn_store(rx, StoreOptions::memory(100));
    let mut snapshots = handle.subscribe();
    let fresh = with_id(issue(Severity::Error, "db", "Database", 0), "x");
    tx.send(crate::follow::Update::Issue(fresh, None))
        .await
        .unwrap();
    let deadline = std::time::Duration::from_secs(10);
    tokio::time::timeout(deadline, snapshots.wait_for(|s| s.issues.len() == 1))
        .await
        .expect("published")
        .unwrap();
    let done = resolve(&handle, "x").await;
    assert!(done.unwrap().resolved);
    assert!(
        handle.snapshot().find("x").unwrap().resolved,
        "visible at once"
    );
    assert!(resolve(&handle, "y").await.is_none());
    drop(tx);
    tokio::time::timeout(deadline, snapshots.wait_for(|s| !s.monitoring))
        .await
        .expect("engine end is published")
        .unwrap();
}

/// The critical table kept incrementally equals the one computed from
/// scratch, and lookups by id and by timestamp find the right issue, over
/// a long random mix of inserts (with evictions), grows and (un)resolves.
#[test]
fn incremental_critical_table_matches_a_full_recount() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let severities = [
        Severity::Info,
        Severity::Warning,
        Severity::Error,
        Severity::Critical,
    ];
    let mut store = IssueStore::new(60);
    let mut made = 0i64;
    for step in 0..5_000 {
        match next(10) {
            0..=5 => {
                let mut i = issue(
                    severities[next(4) as usize],
                    ["disk_full", "api_error", "exception"][next(3) as usize],
                    "c",
                    // Mostly in detection order, as the engine inserts;
                    // sometimes out of order, which lookups must survive.
                    if next(10) == 0 { 1000 + made } else { -made },
                );
                i.id = format!("id{made}");
                i.source_file = format!("f{}", next(3));
                made += 1;
                store.insert(i);
            }
            6 | 7 if made > 0 => {
                let id = format!("id{}", next(made as u64));
                let resolved = next(3) > 0;
                if let Some(got) = store.set_resolved(&id, resolved) {
                    assert_eq!(got.id, id);
                    assert_eq!(got.resolved, resolved);
                }
            }
            8 if made > 0 => {
                let ids: HashSet<String> = (0..next(8))
                    .map(|_| format!("id{}", next(made as u64)))
                    .collect();
                store.set_resolved_all(&ids, true);
            }
            _ if made > 0 => {
                let snap = store.snapshot(now(), EngineView::default());
                let Some(target) = snap.issues.get(next(snap.issues.len() as u64) as usize) else {
                    continue;
                };
                let mut grown = (**target).clone();
                grown.severity = severities[next(4) as usize];
                assert!(store.grow(grown));
                let text = target.timestamp.to_string();
                let got = store.set_resolved_at(&text, target.resolved);
                assert_eq!(got.map(|i| i.id.clone()), Some(target.id.clone()));
            }
            _ => {}
        }
        let snap = store.snapshot(now(), EngineView::default());
        assert_eq!(snap.critical, critical_rows(&snap.issues), "step {step}");
    }
}

#[test]
fn the_byte_limit_drops_the_least_recently_seen_and_open_errors_last() {
    let mut store = IssueStore::bounded(1000, 20_000);
    let big = |severity, id: &str, age| {
        let mut i = with_id(issue(severity, "t", "C", age), id);
        i.event = "x".repeat(3000);
        i
    };
    store.insert(big(Severity::Critical, "c", 100));
    for n in 0..20 {
        store.insert(big(Severity::Warning, &format!("w{n}"), 99 - n));
    }
    assert!(store.bytes() <= 20_000, "{}", store.bytes());
    let held: Vec<String> = store
        .snapshot(now(), EngineView::default())
        .issues
        .iter()
        .map(|i| i.id.clone())
        .collect();
    assert_eq!(held.first().map(String::as_str), Some("c"), "{held:?}");
    assert_eq!(held.last().map(String::as_str), Some("w19"));
    assert!(held.len() < 10 && store.needs_attention("c"));
    // Only open errors left and still too big: the oldest of them goes.
    let mut store = IssueStore::bounded(1000, 10_000);
    for n in 0..6 {
        store.insert(big(Severity::Error, &format!("e{n}"), 10 - n));
    }
    assert!(store.get("e0").is_none() && store.get("e5").is_some());
    assert!(store.evicted_open_critical() > 0);
}
