//! Commands through the store task: what `ask` answers for each target.

use std::time::Duration;

use super::{issue, with_id};
use crate::follow::Update;
use crate::model::Severity;
use crate::store::{
    Action, Command, Edit, IssueKey, Origin, StoreHandle, StoreOptions, Target, spawn_store,
};

const DEADLINE: Duration = Duration::from_secs(30);

/// A store task holding `db1`, `db2` (type `db`) and `disk1` (type `disk`).
async fn three_issues() -> (StoreHandle, tokio::sync::mpsc::Sender<Update>) {
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let (handle, _task) = spawn_store(rx, StoreOptions::memory(100));
    // Lines unlike each other, so they are three groups.
    let held = [
        ("db1", "db", "connection pool exhausted"),
        ("db2", "db", "replica lag above threshold"),
        ("disk1", "disk", "no space left on device"),
    ];
    for (age, (id, issue_type, line)) in (1..=3).rev().zip(held) {
        let mut one = with_id(issue(Severity::Error, issue_type, "c", age), id);
        one.log_line = line.into();
        one.event = line.into();
        tx.send(Update::Issue(one, None)).await.unwrap();
    }
    let mut snapshots = handle.subscribe();
    tokio::time::timeout(DEADLINE, snapshots.wait_for(|s| s.issues.len() == 3))
        .await
        .expect("published")
        .unwrap();
    (handle, tx)
}

fn api(edit: Edit, target: Target) -> Command {
    Command {
        edit,
        target,
        origin: Origin::Api,
    }
}

#[tokio::test]
async fn one_issue_is_answered_changed_or_not_and_a_missing_one_is_none() {
    let (handle, _tx) = three_issues().await;
    let key = || Target::Issue(IssueKey::Id("db1".into()));
    let first = handle.ask(api(Edit::Resolve(true), key())).await;
    assert_eq!(first.changed.len(), 1);
    assert!(first.issue.unwrap().resolved);
    let again = handle.ask(api(Edit::Resolve(true), key())).await;
    assert!(again.changed.is_empty(), "nothing changed");
    assert!(again.issue.is_some(), "but the issue is there");
    let missing = Target::Issue(IssueKey::Id("nope".into()));
    let none = handle.ask(api(Edit::Acknowledge(true), missing)).await;
    assert!(none.issue.is_none() && none.changed.is_empty());
}

#[tokio::test]
async fn a_type_target_changes_the_held_issues_of_the_type() {
    let (handle, _tx) = three_issues().await;
    let db = || Target::Type("db".into());
    let acked = handle.ask(api(Edit::Acknowledge(true), db())).await;
    assert_eq!(acked.changed.len(), 2);
    assert!(acked.changed.iter().all(|i| i.acknowledged));
    assert!(
        acked.issue.is_none(),
        "only a single issue's target has one"
    );
    let snap = handle.snapshot();
    assert!(!snap.find("disk1").unwrap().acknowledged, "other types not");
    let until = crate::model::DetectedAt::at(chrono::Utc::now() + chrono::TimeDelta::hours(1));
    let silenced = handle.ask(api(Edit::Silence(Some(until)), db())).await;
    assert_eq!(silenced.changed.len(), 2);
}

#[tokio::test]
async fn a_dashboard_command_is_visible_in_a_later_snapshot() {
    let (handle, _tx) = three_issues().await;
    let command = Command {
        edit: Edit::Resolve(true),
        target: Target::Issues(vec!["db2".into(), "disk1".into()]),
        origin: Origin::Tui,
    };
    assert!(handle.send(command));
    let mut snapshots = handle.subscribe();
    let both = |s: &std::sync::Arc<crate::store::Snapshot>| {
        ["db2", "disk1"]
            .iter()
            .all(|id| s.find(id).is_some_and(|i| i.resolved))
    };
    tokio::time::timeout(DEADLINE, snapshots.wait_for(both))
        .await
        .expect("published")
        .unwrap();
}

#[test]
fn names_recorded_in_the_history_are_the_original_ones() {
    assert_eq!(Origin::Tui.to_string(), "tui");
    assert_eq!(serde_json::to_string(&Origin::Api).unwrap(), r#""api""#);
    let actions = [
        (Edit::Resolve(true), Action::Resolved, "resolved"),
        (Edit::Resolve(false), Action::Reopened, "reopened"),
        (
            Edit::Acknowledge(true),
            Action::Acknowledged,
            "acknowledged",
        ),
        (
            Edit::Acknowledge(false),
            Action::Unacknowledged,
            "unacknowledged",
        ),
        (Edit::Silence(None), Action::Unsilenced, "unsilenced"),
    ];
    for (edit, action, name) in actions {
        assert_eq!(edit.action(), action);
        assert_eq!(action.as_str(), name);
    }
}
