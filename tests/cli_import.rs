//! `logwarden import` treats an export as input from outside: the caps and
//! checks of live ingest apply, what is refused is reported by reason and
//! line, and nothing crashes or is held whole however large it is.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use logwarden::model::{DetectedAt, Issue, LOG_LINE_CAP, MAX_OCCURRENCES, Occurrence, Severity};
use support::cli::{run, stderr, stdout, write};

/// A valid `disk_full` issue (a type the built-in rules define).
fn issue(id: &str) -> Issue {
    Issue {
        issue_type: "disk_full".into(),
        severity: Severity::Critical,
        category: "Filesystem Issue".into(),
        description: "Disk space exhausted".into(),
        log_line: format!("No space left on device {id}"),
        source_file: "/var/log/app.log".into(),
        id: id.into(),
        event: format!("No space left on device {id}"),
        rule: "disk-full".into(),
        ..Issue::blank(DetectedAt::now_unique())
    }
}

fn line(issue: &Issue) -> String {
    serde_json::to_string(issue).unwrap() + "\n"
}

#[test]
fn import_applies_live_caps_and_checks_and_reports_every_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state").display().to_string();
    let mut input = String::new();
    // 1: kept as is.
    input += &line(&issue("aaaa000000000001"));
    // 2: a 200 KB log line (a record under the record cap): cut like live.
    let mut long = issue("aaaa000000000002");
    long.log_line = "x".repeat(200_000);
    input += &line(&long);
    // 3: a 20 MB log line: a record no export holds, refused unread.
    let mut huge = issue("aaaa000000000003");
    huge.log_line = "y".repeat(20_000_000);
    input += &line(&huge);
    // 4: 100,000 occurrences (about 10 MB): refused the same way.
    let mut many = issue("aaaa000000000004");
    let occurrence = Occurrence::of(&many);
    many.occurrences = vec![occurrence.clone(); 100_000];
    input += &line(&many);
    // 5: 50 occurrences fit in a record: the group keeps its newest five.
    let mut some = issue("aaaa000000000005");
    some.occurrences = vec![occurrence; 50];
    input += &line(&some);
    // 6-10: an unknown type, an empty id, an id no URL can carry, a count
    // of 0, and a line that is not JSON.
    let mut unknown = issue("aaaa000000000006");
    unknown.issue_type = "no_such\u{1b}[31m_type".into();
    input += &line(&unknown);
    input += &line(&issue(""));
    input += &line(&issue("../../etc"));
    let mut zero = issue("aaaa000000000009");
    zero.count = 0;
    input += &line(&zero);
    input += "{\"not\": \"an issue\"}\n";
    let file = write(dir.path(), "export.jsonl", input.as_bytes());

    let out = run(&["import", "--state", &state, &file], None);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "refusals make it fail: {said}");
    assert!(said.contains("imported 3 issues"), "{said}");
    assert!(
        said.contains("(2 texts or lists cut to the live caps, marked)"),
        "{said}"
    );
    assert!(said.contains("refused 7 lines"), "{said}");
    for reason in [
        "2 with a line longer than a record can be (1 MiB): ",
        "1 with an issue type the rules do not define (--patterns names other rules): ",
        "1 with an empty id: ",
        "1 with an id that is not up to 64 letters",
        "1 with a count of 0: ",
        "1 with not an issue (bad JSON",
    ] {
        assert!(said.contains(reason), "{reason:?} in\n{said}");
    }
    assert!(
        said.contains(":3 (") && said.contains(":4 ("),
        "line numbers: {said}"
    );
    assert!(
        said.contains("no_such\\u{1b}[31m_type"),
        "quoted inert: {said}"
    );
    assert!(!said.contains('\u{1b}'), "{said}");

    let out = run(&["export", "--state", &state, "--no-redact"], None);
    let back: Vec<Issue> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = back.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        ids.iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        ["aaaa000000000001", "aaaa000000000002", "aaaa000000000005"].into(),
    );
    let cut = back.iter().find(|i| i.id == "aaaa000000000002").unwrap();
    assert!(
        cut.log_line.len() < LOG_LINE_CAP + 100,
        "{}",
        cut.log_line.len()
    );
    assert!(
        cut.log_line.ends_with("line was 200000 bytes]"),
        "{}",
        &cut.log_line[LOG_LINE_CAP - 10..]
    );
    let grouped = back.iter().find(|i| i.id == "aaaa000000000005").unwrap();
    assert_eq!(grouped.occurrences.len(), MAX_OCCURRENCES);
}
