//! The failures measured in the system logwarden replaces
//! (`../shared/ORIGINAL-DEFECTS.md`), one test per row that the scan engine
//! owns. Rows about tailing, persistence and the API are tested with those parts.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use support::cli::{json_issues, run, write};

fn scan_json(dir: &std::path::Path, name: &str, content: &[u8]) -> Vec<serde_json::Value> {
    let path = write(dir, name, content);
    let out = run(
        &["scan", "--format", "json", "--fail-on", "none", &path],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_issues(&out)
}

/// Row 1: benign lines with alarming words raised CRITICAL issues and 5xx-looking
/// numbers raised api_error; 91 % of its issues were false.
#[test]
fn row_1_benign_lines_with_alarming_words_raise_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let benign = "\
2024-03-10 10:00:00,001 - app - INFO - Processed 10 items with 0 errors
2024-03-10 10:00:00.500  INFO 1 --- [main] o.s.web.servlet.DispatcherServlet : ErrorHandler registered for /api/**
2024-03-10 10:00:00.800  INFO 1 --- [main] c.e.jobs.DeadlockMonitor : Deadlock detector started (interval=30s)
203.0.113.7 - - [10/Mar/2024:13:55:36 +0000] \"GET /static/app.css HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36\"
10.0.3.17 - - [10/Mar/2024:13:55:43 +0000] \"GET /api/errors/summary HTTP/1.1\" 200 5120 \"-\" \"curl/8.5.0\"
2024-03-10 10:00:01,000 - app.db - INFO - db connection pool configured: size=20, timeout=30s
2024-03-10 10:00:02,000 - app.health - INFO - health check ok: latency p99=12ms, failed=0, unauthorized=0
";
    assert_eq!(
        scan_json(dir.path(), "benign.log", benign.as_bytes()),
        Vec::<serde_json::Value>::new()
    );
}

/// Row 2: one line matching three patterns gave three issues; a 7-line Python
/// traceback gave 3, an 8-line Java trace 4.
#[test]
fn row_2_one_event_gives_at_most_one_issue_of_the_most_specific_type() {
    let dir = tempfile::tempdir().unwrap();
    let log = "\
2024-03-10 10:00:00 ERROR database connection failed: connection timeout, permission denied on file /var/lib/db
2024-03-10 10:00:01,000 - app - ERROR - Unhandled exception
Traceback (most recent call last):
  File \"/app/a.py\", line 10, in run
    do()
  File \"/app/b.py\", line 20, in do
    x = [0] * 10**12
MemoryError
2024-03-10 10:00:02.000 ERROR [main] c.e.Job - job failed
java.lang.OutOfMemoryError: Java heap space
\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)
\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)
\tat com.example.Job.load(Job.java:77)
\tat com.example.Job.run(Job.java:40)
\tat java.base/java.lang.Thread.run(Thread.java:1583)
\t... 3 more
";
    let issues = scan_json(dir.path(), "app.log", log.as_bytes());
    let got: Vec<(u64, &str)> = issues
        .iter()
        .map(|i| {
            (
                i["line"].as_u64().unwrap(),
                i["issue_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "database_connection"),
            (2, "memory_leak"),
            (9, "memory_leak")
        ]
    );
}

/// Row 5 (the scan part): one file under two spellings counted twice.
#[test]
fn row_5_one_file_under_two_spellings_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.log",
        b"Mar 10 10:00:00 h sshd[1]: Failed password for root from 1.2.3.4 port 2 ssh2\n",
    );
    let other = format!(
        "{}/../{}/a.log",
        dir.path().display(),
        dir.path().file_name().unwrap().to_string_lossy()
    );
    let out = run(&["scan", "--format", "json", &path, &other], None);
    assert_eq!(json_issues(&out).len(), 1);
}

/// Row 6 (the scan part): invalid UTF-8 bytes were silently dropped.
#[test]
fn row_6_invalid_utf8_is_decoded_lossily_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let issues = scan_json(
        dir.path(),
        "bin.log",
        b"2024-03-10 10:00:00 FATAL caf\xe9 \xff\xfe No space left on device\n",
    );
    assert_eq!(issues.len(), 1);
    assert!(
        issues[0]["log_line"]
            .as_str()
            .unwrap()
            .contains("caf\u{fffd} \u{fffd}\u{fffd} No space")
    );
}

/// Row 7: a 1 MB line was stored whole in every issue (200 of them: 1.7 GB).
#[test]
fn row_7_huge_lines_are_capped_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Vec::new();
    for _ in 0..50 {
        log.extend_from_slice(b"2024-03-10 10:00:00 FATAL No space left on device ");
        log.extend(std::iter::repeat_n(b'#', 1 << 20));
        log.push(b'\n');
    }
    let issues = scan_json(dir.path(), "huge.log", &log);
    assert_eq!(issues.len(), 50);
    let stored: usize = issues
        .iter()
        .map(|i| i["log_line"].as_str().unwrap().len() + i["event"].as_str().unwrap().len())
        .sum();
    assert!(
        stored < 50 * 80 * 1024,
        "stored {stored} bytes for 50 MB of lines"
    );
    assert!(
        issues[0]["log_line"]
            .as_str()
            .unwrap()
            .contains("[cut by logwarden: line was")
    );
}

/// Row 8: a pathological 1 MB line (backtracking regexes) stalled detection.
/// Matching is linear-time and work per line is capped; the scan finishes and
/// the lines around it are classified.
#[test]
fn row_8_pathological_lines_do_not_stall_detection() {
    let dir = tempfile::tempdir().unwrap();
    let mut log =
        b"Mar 10 10:00:00 h sshd[1]: Failed password for root from 1.2.3.4 port 2 ssh2\n".to_vec();
    for _ in 0..(1 << 20) / 20 {
        log.extend_from_slice(b"database connection ");
    }
    log.push(b'\n');
    log.extend_from_slice(
        b"2024-03-10 10:00:01.234 UTC [7] FATAL:  sorry, too many clients already\n",
    );
    let types: Vec<String> = scan_json(dir.path(), "evil.log", &log)
        .iter()
        .map(|i| i["issue_type"].to_string())
        .collect();
    assert_eq!(
        types,
        ["\"authentication_failure\"", "\"database_connection\""]
    );
}

/// Row 11: its own "Issue detected: ..." log line matched its own pattern.
#[test]
fn row_11_the_original_monitors_own_log_lines_are_not_issues() {
    let dir = tempfile::tempdir().unwrap();
    let log = "\
WARNING:log_monitor:Issue detected: exception - Application exception or critical error detected
WARNING:log_monitor:Issue detected: database_connection - Database connection problem detected
INFO:log_monitor:Issue marked as resolved: exception
";
    assert_eq!(
        scan_json(dir.path(), "monitor.log", log.as_bytes()),
        Vec::<serde_json::Value>::new()
    );
}

/// Row 14 (the scan part): detection time was stamped as the issue time.
#[test]
fn row_14_the_time_written_in_the_line_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let issues = scan_json(
        dir.path(),
        "t.log",
        b"2019-07-01 03:04:05.678 UTC [7] FATAL:  sorry, too many clients already\n",
    );
    assert_eq!(issues[0]["log_time"], "2019-07-01T03:04:05.678+00:00");
    assert!(
        issues[0]["timestamp"].as_str().unwrap() > "2025",
        "detection time is now, not 2019"
    );
}
