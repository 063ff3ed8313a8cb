//! The history database: reopening, retention, corruption, remembered groups and silences.
use super::*;
use crate::model::{DetectedAt, test_issue};
use crate::store::command::{Action, Origin};

#[test]
fn issues_survive_reopening_and_changes_are_logged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, notes) = Persist::open(dir.path()).unwrap();
    assert!(notes.is_empty());
    let mut a = test_issue("a");
    let b = test_issue("b");
    db.save([&a, &b], &[]).unwrap();
    a.resolved = true;
    let change = ChangeRecord {
        id: "a".into(),
        action: Action::Resolved,
        by: Origin::Api,
    };
    db.save([&a], &[change]).unwrap();
    drop(db);
    let (db, _) = Persist::open(dir.path()).unwrap();
    let (loaded, bad) = db.load(10).unwrap();
    assert_eq!(bad, 0);
    assert_eq!(loaded, vec![a, b.clone()]);
    assert_eq!(db.load(1).unwrap().0, vec![b], "the newest");
    assert_eq!(
        db.changes().unwrap(),
        vec![("a".into(), "resolved".into(), "api".into())]
    );
}

#[test]
fn retention_prunes_by_age_and_by_count() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, _) = Persist::open(dir.path()).unwrap();
    let mut old = test_issue("old");
    old.timestamp = DetectedAt::at(chrono::Utc::now() - chrono::TimeDelta::days(9));
    let (a, b) = (test_issue("a"), test_issue("b"));
    db.save([&old, &a, &b], &[]).unwrap();
    db.retention = Retention {
        max_age: parse_age("7d").unwrap(),
        max_rows: 1,
        ..Retention::default()
    };
    assert_eq!(db.prune(chrono::Utc::now()).unwrap(), 2);
    assert_eq!(db.load(10).unwrap().0, vec![b], "the newest stays");
    assert_eq!(parse_age("12h").unwrap(), chrono::TimeDelta::hours(12));
    assert_eq!(parse_age("3").unwrap(), chrono::TimeDelta::days(3));
    assert_eq!(parse_age("1h30m").unwrap(), chrono::TimeDelta::minutes(90));
    for bad in ["", "d", "7x", "-1d", "0s", "abc", "99999999999999999999d"] {
        assert!(parse_age(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_corrupt_database_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(DB_FILE),
        b"this is not sqlite at all, just text ......",
    )
    .unwrap();
    let (db, notes) = Persist::open(dir.path()).unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("moved to"), "{notes:?}");
    assert!(db.load(10).unwrap().0.is_empty());
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("corrupt"));
    assert!(aside);
}

#[test]
fn beyond_the_row_and_byte_limits_open_errors_are_pruned_last() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, _) = Persist::open(dir.path()).unwrap();
    let start = chrono::Utc::now() - chrono::TimeDelta::minutes(10);
    let mut issues = Vec::new();
    for n in 0..400 {
        let mut i = test_issue(&format!("i{n:03}"));
        i.timestamp = DetectedAt::at(start + chrono::TimeDelta::seconds(n));
        i.severity = if n == 0 {
            crate::model::Severity::Critical
        } else {
            crate::model::Severity::Warning
        };
        i.event = "x".repeat(4000);
        issues.push(i);
    }
    db.save(issues.iter(), &[]).unwrap();
    assert_eq!(db.row_count(), 400);
    db.retention = Retention {
        max_rows: 300,
        max_bytes: 512 << 10,
        ..Retention::default()
    };
    let gone = db.enforce().unwrap();
    assert!(db.used_bytes().unwrap() <= 512 << 10);
    assert_eq!(db.row_count(), 400 - gone);
    assert!(
        db.row_count() < 300 && db.row_count() > 50,
        "{}",
        db.row_count()
    );
    let (kept, _) = db.load(1000).unwrap();
    assert_eq!(kept[0].id, "i000", "the open CRITICAL issue, oldest, stays");
    assert_eq!(kept.last().unwrap().id, "i399", "the newest stay");
    assert_eq!(db.pruned(), gone as u64);
    // Given back: the file is about what is used.
    db.prune(chrono::Utc::now()).unwrap();
    assert!(db.file_bytes() <= 600 << 10, "{}", db.file_bytes());
}

#[test]
fn errors_say_which_file_and_why_as_before() {
    let dir = tempfile::tempdir().unwrap();
    drop(Persist::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(conn);
    let path = dir.path().join(DB_FILE);
    let newer = Persist::open_at(&path).unwrap_err();
    assert_eq!(
        newer.to_string(),
        format!(
            "{} was written by a newer logwarden (schema 99)",
            path.display()
        )
    );
    let mut db = Persist::open_read_only(dir.path()).unwrap();
    let refused = db.save([&test_issue("a")], &[]).unwrap_err();
    let message = refused.to_string();
    assert!(
        message.starts_with(&format!("cannot write {}: ", path.display())),
        "{message}"
    );
}
