//! Groups through the store task: repeats become one issue with a count.

use std::time::Duration;

use crate::follow::Update;
use crate::model::{Issue, Severity, test_issue};
use crate::store::{StoreOptions, spawn_store};

/// Occurrence `n` of `line`, an issue of `issue_type`, not yet grouped.
pub(super) fn occurrence(n: u64, issue_type: &str, severity: Severity, line: &str) -> Issue {
    Issue {
        issue_type: issue_type.into(),
        severity,
        log_line: line.into(),
        event: line.into(),
        id: format!("occ{n}"),
        line: Some(n),
        group_id: None,
        count: 1,
        ..test_issue("")
    }
}

const DEADLINE: Duration = Duration::from_secs(30);

#[tokio::test]
async fn ten_thousand_repeats_are_one_issue_with_a_count() {
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let (handle, _task) = spawn_store(rx, StoreOptions::memory(1000));
    let mut snapshots = handle.subscribe();
    for n in 0..10_000u64 {
        let line = format!(
            "2026-03-10 08:00:{:02} ERROR [pool-{}] could not connect to server: Connection refused (attempt {n})",
            n % 60,
            n % 7
        );
        tx.send(Update::Issue(
            occurrence(n, "database_connection", Severity::Critical, &line),
            None,
        ))
        .await
        .unwrap();
    }
    let other = "Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java)";
    tx.send(Update::Issue(
        occurrence(10_000, "memory_leak", Severity::Critical, other),
        None,
    ))
    .await
    .unwrap();
    let snap = tokio::time::timeout(
        DEADLINE,
        snapshots.wait_for(|s| s.issues.len() == 2 && s.issues.iter().any(|i| i.count == 10_000)),
    )
    .await
    .expect("published")
    .unwrap()
    .clone();
    let db = snap
        .issues
        .iter()
        .find(|i| i.issue_type == "database_connection")
        .unwrap();
    assert_eq!(db.count, 10_000);
    assert_eq!(db.id, "occ0", "the group keeps its first issue's id");
    assert!(db.first_seen.instant() < db.last_seen.instant());
    assert_eq!(
        db.timestamp, db.last_seen,
        "its time is the latest occurrence's"
    );
    assert!(
        db.log_line.ends_with("(attempt 9999)"),
        "and its text the latest"
    );
    assert!(db.group_id.is_some());
    let explained = &snap.health_explained;
    assert_eq!(explained.costs.len(), 2, "two problems, not 10,001");
    assert_eq!(
        (
            explained.costs[0].occurrences_5min,
            explained.costs[1].occurrences_5min
        ),
        (10_000, 1),
        "the repeats weigh, costliest first: {explained:?}"
    );
    assert_eq!(snap.health, 0.0);
    assert_eq!(snap.critical[0].count, 10_000);
    assert_eq!(
        snap.detected[&("database_connection".to_string(), Severity::Critical)],
        10_000
    );

    // Resolved, then it happens again: open again, one more.
    super::resolve(&handle, "occ0").await.unwrap();
    let again = "2026-03-10 09:00:00 ERROR [pool-1] could not connect to server: Connection refused (attempt 1)";
    tx.send(Update::Issue(
        occurrence(20_000, "database_connection", Severity::Critical, again),
        None,
    ))
    .await
    .unwrap();
    let snap = tokio::time::timeout(
        DEADLINE,
        snapshots.wait_for(|s| s.find("occ0").is_some_and(|i| i.count == 10_001)),
    )
    .await
    .expect("published")
    .unwrap()
    .clone();
    assert!(
        !snap.find("occ0").unwrap().resolved,
        "a recurrence reopens it"
    );
    assert!(snap.find("occ0").unwrap().regression, "as a regression");
    assert_eq!(
        snap.issues.last().unwrap().id,
        "occ0",
        "and makes it the newest"
    );

    // The recurring event grows (its traceback arrives): the group's issue grows.
    let mut grown = occurrence(20_000, "database_connection", Severity::Critical, again);
    grown.event = format!(
        "{again}\nTraceback (most recent call last):\n  File \"/app/db.py\", line 3, in connect\nOperationalError: refused"
    );
    tx.send(Update::Grew(grown, None)).await.unwrap();
    let snap = tokio::time::timeout(
        DEADLINE,
        snapshots.wait_for(|s| {
            s.find("occ0")
                .is_some_and(|i| i.event.contains("Traceback"))
        }),
    )
    .await
    .expect("published")
    .unwrap()
    .clone();
    assert_eq!(
        snap.find("occ0").unwrap().count,
        10_001,
        "growing keeps the count"
    );
    assert!(snap.find("occ0").unwrap().regression, "and the flag");
    let done = super::resolve(&handle, "occ0").await.unwrap();
    assert!(!done.regression, "resolved anew: no longer a regression");
}

#[tokio::test]
async fn a_group_whose_issue_was_dropped_starts_again() {
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let (handle, _task) = spawn_store(rx, StoreOptions::memory(2));
    let mut snapshots = handle.subscribe();
    let slow =
        |n: u64| format!("2026-03-10 08:00:00 WARNING request to payments timed out after {n}s");
    tx.send(Update::Issue(
        occurrence(1, "network_timeout", Severity::Warning, &slow(30)),
        None,
    ))
    .await
    .unwrap();
    // Two later notes push the (older) warning out of a store of two.
    for (n, line) in [
        (2, "kernel: Out of memory: Killed process 1 (java)"),
        (3, "ERROR: deadlock detected while updating orders"),
    ] {
        tx.send(Update::Issue(
            occurrence(n, "other", Severity::Info, line),
            None,
        ))
        .await
        .unwrap();
    }
    tx.send(Update::Issue(
        occurrence(4, "network_timeout", Severity::Warning, &slow(31)),
        None,
    ))
    .await
    .unwrap();
    let snap = tokio::time::timeout(DEADLINE, snapshots.wait_for(|s| s.find("occ4").is_some()))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "not held: {:?}",
                handle
                    .snapshot()
                    .issues
                    .iter()
                    .map(|i| (i.id.clone(), i.count))
                    .collect::<Vec<_>>()
            )
        })
        .unwrap()
        .clone();
    let again = snap.find("occ4").unwrap();
    assert_eq!(again.count, 1, "counting starts again");
    assert!(again.group_id.is_some());
    assert!(snap.find("occ1").is_none());
}
