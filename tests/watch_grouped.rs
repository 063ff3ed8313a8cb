//! `logwarden watch` prints one record per event, each with its group as
//! the store sees it after that event: the same grouping and signals the
//! API serves.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashSet;
use std::fs;

use support::watch::{Watch, append, arg, tempdir};

/// A deadlock on row `row`: one template whatever the row.
fn deadlock(row: u32) -> String {
    format!(
        "2025-11-24 10:00:{:02} UTC [42] ERROR:  deadlock detected while updating row {row}\n",
        row % 60
    )
}

#[test]
fn each_event_is_one_record_carrying_its_group_and_running_count() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    let rows = [101, 202, 303, 404];
    for row in rows {
        append(&log, deadlock(row).as_bytes());
    }
    append(
        &log,
        b"2025-11-24 10:01:00 UTC kernel: Out of memory: Killed process 77 (java)\n",
    );
    let records = watch.wait_line("Killed process 77");
    let (status, _, _) = watch.terminate();
    assert!(status.success());

    let deadlocks: Vec<_> = records
        .iter()
        .filter(|r| r["issue_type"] == "database_deadlock")
        .collect();
    assert_eq!(
        deadlocks.len(),
        rows.len(),
        "one record per event: {records:#?}"
    );
    for (n, (record, row)) in deadlocks.iter().zip(rows).enumerate() {
        assert!(
            record["log_line"]
                .as_str()
                .unwrap()
                .ends_with(&format!("row {row}")),
            "each record is its own event, in order: {record}"
        );
        assert_eq!(
            record["count"],
            n as u64 + 1,
            "the group's count after this event: {record}"
        );
        assert_eq!(record["line"], n as u64 + 1);
    }
    let groups: HashSet<_> = deadlocks.iter().map(|r| r["group_id"].clone()).collect();
    assert_eq!(groups.len(), 1, "one group: {deadlocks:#?}");
    assert!(deadlocks[0]["group_id"].is_string());
    let template = deadlocks[3]["template"].as_str().unwrap_or_default();
    assert!(
        template.contains("deadlock detected"),
        "the group's template: {template:?}"
    );
    assert!(
        !template.contains("404"),
        "the row is masked in the template: {template:?}"
    );
    let ids: HashSet<_> = deadlocks.iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids.len(), rows.len(), "each event keeps its own id");
    assert_eq!(
        deadlocks[0]["first_seen"], deadlocks[3]["first_seen"],
        "first seen is the group's"
    );

    let oom: Vec<_> = records
        .iter()
        .filter(|r| r["issue_type"] != "database_deadlock")
        .collect();
    assert_eq!(oom.len(), 1);
    assert_eq!(oom[0]["count"], 1);
    assert_ne!(
        oom[0]["group_id"], deadlocks[0]["group_id"],
        "another type is another group"
    );
}

#[test]
fn text_records_say_which_occurrence_of_their_group_they_are() {
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, [deadlock(7), deadlock(8), deadlock(9)].concat()).unwrap();
    // Standard input as the input: watch ends when it does, no signal needed.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .args(["watch", "--format", "text", "-"])
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .stdin(fs::File::open(&log).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(
        lines.len(),
        5,
        "three records, two with a group note: {text}"
    );
    assert!(lines[0].ends_with("row 7"), "{text}");
    assert!(lines[1].ends_with("row 8"), "{text}");
    assert!(
        lines[2].starts_with("    (occurrence 2 of its group, first at "),
        "{text}"
    );
    assert!(lines[3].ends_with("row 9"), "{text}");
    assert!(
        lines[4].starts_with("    (occurrence 3 of its group, first at "),
        "{text}"
    );
}
