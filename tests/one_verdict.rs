//! One event, one verdict: a log record with the traceback its logger
//! printed under it is judged the same by `scan`, `watch`, the API and
//! `/metrics`, whether its lines arrive in one write or in several.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;

use serde_json::Value;
use support::api::Served;
use support::cli::{json_issues, run, write};
use support::watch::{Watch, append, arg, tempdir};

const RECORD: &str = "2026-12-06 10:00:00,123 ERROR [worker] Task failed\n";
const TRACEBACK: &str = "Traceback (most recent call last):
  File \"/app/worker.py\", line 42, in run
    result = self.process(item)
  File \"/app/worker.py\", line 88, in process
    raise ValueError(\"bad item\")
ValueError: bad item
";
const NEXT: &str = "2026-12-06 10:00:01,000 INFO [worker] next item\n";

/// What `scan` says of the record and its traceback.
fn scanned() -> Value {
    scan_one(&format!("{RECORD}{TRACEBACK}{NEXT}"))
}

/// What `scan` says of `text`, which holds one event.
fn scan_one(text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "app.log", text.as_bytes());
    let issues = json_issues(&run(&["scan", "--format", "json", &path], None));
    assert_eq!(issues.len(), 1, "scan: one event: {issues:#?}");
    issues.into_iter().next().unwrap()
}

/// The fields that make a verdict.
fn verdict(issue: &Value) -> [&Value; 5] {
    ["issue_type", "severity", "category", "rule", "event"].map(|k| &issue[k])
}

#[test]
fn watch_gives_one_record_with_scans_verdict_when_the_lines_come_together() {
    let expected = scanned();
    assert_eq!(
        expected["severity"], "CRITICAL",
        "the traceback decides: {expected}"
    );
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    append(&log, format!("{RECORD}{TRACEBACK}").as_bytes());
    append(&log, NEXT.as_bytes());
    let records = watch.wait_line("Task failed");
    let (status, records_at_end, _) = watch.terminate();
    assert!(status.success());
    assert!(records.len() <= records_at_end.len());
    assert_eq!(records_at_end.len(), 1, "one record: {records_at_end:#?}");
    assert_eq!(verdict(&records_at_end[0]), verdict(&expected));
    assert!(records_at_end[0].get("grew").is_none());
}

#[test]
fn watch_says_when_a_printed_event_grows_into_scans_verdict() {
    let expected = scanned();
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    append(&log, RECORD.as_bytes());
    let first = watch.wait_line("Task failed");
    assert_eq!(
        first[0]["severity"], "ERROR",
        "the record alone: {first:#?}"
    );
    append(&log, TRACEBACK.as_bytes());
    append(&log, NEXT.as_bytes());
    let records = watch.wait_records("the grown record", |r| r.len() >= 2);
    let (status, _, _) = watch.terminate();
    assert!(status.success());
    assert_eq!(records.len(), 2, "{records:#?}");
    let grown = &records[1];
    assert_eq!(grown["grew"], true, "marked as replacing a record: {grown}");
    assert_eq!(grown["id"], first[0]["id"], "the same event");
    assert_eq!(grown["timestamp"], first[0]["timestamp"]);
    assert_eq!(verdict(grown), verdict(&expected));
}

/// A headless server that read the record alone (counted as an ERROR
/// exception), then its traceback in a later write; and that counter.
fn served_with_a_record_then_its_traceback() -> (Served, &'static str) {
    let served = Served::start(&[]);
    served.append(RECORD);
    let error = r#"logwarden_issues_total{type="exception",severity="ERROR"}"#;
    served.wait_metric(error, |v| v == 1.0);
    served.append(TRACEBACK);
    served.append(NEXT);
    (served, error)
}

#[test]
fn the_api_and_metrics_follow_an_event_that_grows() {
    let (served, error) = served_with_a_record_then_its_traceback();
    let open_critical = r#"logwarden_issues_open{severity="CRITICAL"}"#;
    served.wait_metric(open_critical, |v| v == 1.0);
    let expected = scanned();
    let recent = served.get_json("/api/logs/recent");
    let issues = recent["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{recent}");
    assert_eq!(issues[0]["severity"], expected["severity"]);
    assert_eq!(issues[0]["issue_type"], expected["issue_type"]);
    let critical = r#"logwarden_issues_total{type="exception",severity="CRITICAL"}"#;
    assert_eq!(
        served.metric(critical),
        Some(1.0),
        "counted under the verdict it grew into"
    );
    assert_eq!(served.metric(error), Some(1.0), "counters never go down");
    let left = r#"logwarden_issues_regraded_total{type="exception",severity="ERROR"}"#;
    assert_eq!(
        served.metric(left),
        Some(1.0),
        "and the one it left says so"
    );
    assert_eq!(
        served.metric(r#"logwarden_issues_open{severity="ERROR"}"#),
        Some(0.0)
    );
}

/// Writes `head`, waits until `watch` has printed `printed_first` records
/// (what it says before the rest comes), writes `rest`; the last record
/// of the event must carry scan's verdict for the whole.
fn split_like_scan(head: &str, printed_first: usize, rest: &str) {
    let scanned = scan_one(&format!("{head}{rest}{NEXT}"));
    let (_tmp, dir) = tempdir();
    let log = dir.join("app.log");
    fs::write(&log, "").unwrap();
    let watch = Watch::start(&dir.join("state"), &[&arg(&dir, "app.log")]);
    append(&log, head.as_bytes());
    watch.wait_records("what is said before the rest", |r| r.len() >= printed_first);
    append(&log, rest.as_bytes());
    append(&log, NEXT.as_bytes());
    let want = scanned["event"].as_str().unwrap().to_string();
    let records = watch.wait_records("the whole event", |r| {
        r.last().is_some_and(|l| l["event"] == want.as_str())
    });
    let (status, _, _) = watch.terminate();
    assert!(status.success());
    let ids: std::collections::HashSet<_> = records.iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids.len(), 1, "one event: {records:#?}");
    assert_eq!(verdict(records.last().unwrap()), verdict(&scanned));
}

#[test]
fn a_java_trace_written_late_under_its_record_is_scans_one_event() {
    split_like_scan(
        "2024-03-10 09:00:08.123 ERROR [main] c.e.OrderService - Order processing failed\n\
         java.lang.IllegalStateException: Could not process order 42\n",
        // The record, then (when frames are late) the exception joining it.
        2,
        "\tat com.example.OrderService.process(OrderService.java:42)\n\
         \tat com.example.Main.main(Main.java:10)\n\
         Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\
         \tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\
         \t... 2 more\n",
    );
}

#[test]
fn a_go_panic_whose_goroutines_come_late_is_scans_one_event() {
    split_like_scan(
        "panic: runtime error: invalid memory address or nil pointer dereference\n\
         [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]\n",
        1,
        "\n\
         goroutine 1 [running]:\n\
         main.handler(0xc000010000)\n\
         \t/app/main.go:42 +0x1c\n\
         main.main()\n\
         \t/app/main.go:17 +0x25\n\
         exit status 2\n",
    );
}

#[test]
fn an_event_that_grew_into_a_trace_is_grouped_as_if_it_came_whole() {
    let (served, _) = served_with_a_record_then_its_traceback();
    let critical = r#"logwarden_issues_total{type="exception",severity="CRITICAL"}"#;
    served.wait_metric(critical, |v| v == 1.0);
    // The same record and traceback again, in one write this time.
    served.append(&format!("{RECORD}{TRACEBACK}{NEXT}"));
    served.wait_metric(critical, |v| v == 2.0);
    let groups = served.get_json("/api/logs/groups");
    let list = groups["groups"].as_array().unwrap();
    assert_eq!(list.len(), 1, "one group, however the first came: {groups}");
    assert_eq!(list[0]["count"], 2, "{groups}");
    assert!(
        list[0]["issue"]["template"]
            .as_str()
            .unwrap()
            .starts_with("ValueError @"),
        "grouped by its crash signature: {groups}"
    );
}

#[test]
fn a_klog_value_block_written_late_under_its_journal_record_is_scans_one_event() {
    // k8s.io/klog's multi-line value (`output=<`, tab-indented lines, ` >`)
    // with journald's header on every line.
    split_like_scan(
        "Mar 12 08:24:01 node1 kubelet[1201]: I0312 08:24:01.123456    1201 prober.go:107] \"Probe failed\" probeType=\"Readiness\" pod=\"shop/web-1\" probeResult=\"failure\" output=<\n",
        0,
        "Mar 12 08:24:01 node1 kubelet[1201]: \tHTTP/1.1 500 Internal Server Error\n\
         Mar 12 08:24:01 node1 kubelet[1201]: \tupstream error: connection refused\n\
         Mar 12 08:24:01 node1 kubelet[1201]:  >\n",
    );
}
