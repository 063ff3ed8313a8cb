//! `logwarden scan` through the real binary: formats, exit codes, inputs.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;

use support::cli::{json_issues, run, stderr, stdout, write};

const MIXED: &str = "\
2024-03-10 10:00:00,001 - app - INFO - Processed 10 items with 0 errors
2024-03-10 10:00:01.234 UTC [77] FATAL:  sorry, too many clients already
Mar 10 10:00:02 web-01 sshd[12]: Failed password for root from 203.0.113.9 port 4242 ssh2
2024-03-10 10:00:03,000 - app - ERROR - Unhandled exception in request
Traceback (most recent call last):
  File \"/app/x.py\", line 3, in <module>
    main()
MemoryError
2024-03-10 10:00:04,000 - app - INFO - done
";

#[test]
fn json_issues_have_the_original_fields_and_ours() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "app.log", MIXED.as_bytes());
    let out = run(&["scan", "--format", "json", &path], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let issues = json_issues(&out);
    let types: Vec<&str> = issues
        .iter()
        .map(|i| i["issue_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "database_connection",
            "authentication_failure",
            "memory_leak"
        ]
    );

    let first = &issues[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "timestamp",
        "issue_type",
        "severity",
        "category",
        "description",
        "log_line",
        "source_file",
        "auto_heal",
        "resolved",
        "id",
        "line",
        "log_time",
        "event",
        "rule",
        "group_id",
        "count",
        "first_seen",
        "last_seen",
    ] {
        assert!(keys.contains(&key), "missing {key} in {keys:?}");
    }
    assert_eq!(first["severity"], "CRITICAL");
    assert_eq!(first["category"], "Database Issue");
    assert_eq!(first["description"], "Database connection problem detected");
    assert_eq!(first["auto_heal"], true);
    assert_eq!(first["resolved"], false);
    assert_eq!(first["line"], 2);
    assert_eq!(first["log_time"], "2024-03-10T10:00:01.234+00:00");
    let canonical = std::fs::canonicalize(&path).unwrap().display().to_string();
    assert_eq!(first["source_file"], canonical.as_str());
    let stamp = first["timestamp"].as_str().unwrap();
    assert_eq!(stamp.len(), 26, "like 2025-10-28T10:30:45.123456: {stamp}");
    assert!(
        stamp.as_bytes()[10] == b'T' && stamp.as_bytes()[19] == b'.',
        "{stamp}"
    );

    // The traceback is one issue, headed by its log record, typed by its last line.
    let trace = &issues[2];
    assert_eq!(trace["line"], 4);
    assert!(
        trace["log_line"]
            .as_str()
            .unwrap()
            .contains("Unhandled exception in request")
    );
    assert_eq!(trace["event"].as_str().unwrap().lines().count(), 5);
    assert!(trace["event"].as_str().unwrap().ends_with("MemoryError"));

    // Timestamps are unique; ids are stable across runs.
    let stamps: std::collections::HashSet<&str> = issues
        .iter()
        .map(|i| i["timestamp"].as_str().unwrap())
        .collect();
    assert_eq!(stamps.len(), issues.len());
    let again = json_issues(&run(&["scan", "--format", "json", &path], None));
    let ids = |v: &[serde_json::Value]| {
        v.iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&issues), ids(&again));
}

#[test]
fn text_output_is_readable_and_inert() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "Mar 10 10:00:02 web-01 sshd[12]: Failed password for \x1b[2J\x1b]0;owned\x07root from 203.0.113.9 port 1 ssh2\n";
    let path = write(dir.path(), "auth.log", hostile.as_bytes());
    let out = run(&["scan", &path], None);
    let text = stdout(&out);
    assert!(
        text.contains(":1: WARNING authentication_failure: Mar 10 10:00:02"),
        "{text}"
    );
    assert!(
        !text.contains('\x1b'),
        "raw escape reached the terminal: {text:?}"
    );
    assert!(!text.contains('\x07'), "{text:?}");
    assert!(text.contains("\\u{1b}[2J"), "escape shown visibly: {text}");
    assert!(
        text.contains("1 issue (1 WARNING) in 1 file, 1 lines"),
        "{text}"
    );
    // Colors only when asked (stdout is a pipe here), and never from the log line.
    let colored = stdout(&run(&["scan", "--color", "always", &path], None));
    assert!(colored.contains("\x1b[33mWARNING\x1b[0m"), "{colored:?}");
    assert_eq!(colored.matches('\x1b').count(), 2, "{colored:?}");
}

#[test]
fn summary_counts_by_severity_category_and_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "app.log", MIXED.as_bytes());
    let text = stdout(&run(&["scan", "--format", "summary", &path], None));
    assert!(
        text.starts_with("3 issues (2 CRITICAL, 1 WARNING) in 1 file, 9 lines"),
        "{text}"
    );
    assert!(
        text.contains("database_connection      CRITICAL  Database Issue            1"),
        "{text}"
    );
    assert!(text.contains("Security Issue            1"), "{text}");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let warn_only = write(
        dir.path(),
        "warn.log",
        b"Mar 10 10:00:02 web-01 sshd[12]: Failed password for root from 203.0.113.9 port 4242 ssh2\n",
    );
    let benign = write(dir.path(), "ok.log", b"all good\n");
    let code = |args: &[&str]| run(args, None).status.code();
    assert_eq!(code(&["scan", &benign]), Some(0));
    assert_eq!(
        code(&["scan", &warn_only]),
        Some(0),
        "default threshold is ERROR"
    );
    assert_eq!(code(&["scan", "--fail-on", "warning", &warn_only]), Some(1));
    assert_eq!(code(&["scan", "--fail-on", "none", &warn_only]), Some(0));
    assert_eq!(code(&["scan", "--fail-on", "loud", &warn_only]), Some(2));
    assert_eq!(code(&["scan"]), Some(2), "a path is required");
}

#[test]
fn missing_paths_are_named_and_the_rest_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.log",
        b"2024-03-10 10:00:01.234 UTC [77] FATAL:  sorry, too many clients already\n",
    );
    let missing = dir.path().join("missing.log").display().to_string();
    let out = run(&["scan", "--format", "json", &missing, &good], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{missing}: No such file or directory")),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json_issues(&out).len(),
        1,
        "the readable file was still scanned"
    );
}

#[test]
fn stdin_gzip_directories_globs_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let line = b"2024/03/10 14:05:00 [emerg] 4102#4102: bind() to 0.0.0.0:80 failed (98: Address already in use)\n";
    let out = run(&["scan", "--format", "json", "-"], Some(line));
    let issues = json_issues(&out);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["source_file"], "-");
    assert_eq!(issues[0]["issue_type"], "port_conflict");

    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    write(&logs, "a.log", line);
    write(&logs, "notes.txt", line);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(line).unwrap();
    write(&logs, "b.log.gz", &gz.finish().unwrap());
    let logs_s = logs.display().to_string();
    let out = run(
        &[
            "scan",
            "--format",
            "json",
            &logs_s,
            &format!("{logs_s}/./a.log"),
            &format!("{logs_s}/*.txt"),
        ],
        None,
    );
    let sources: Vec<String> = json_issues(&out)
        .iter()
        .map(|i| i["source_file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        sources.len(),
        3,
        "a.log once (two spellings), b.log.gz decompressed, notes.txt by glob: {sources:?}"
    );
    assert!(
        sources[0].ends_with("/logs/a.log")
            && sources[1].ends_with("/logs/b.log.gz")
            && sources[2].ends_with("/logs/notes.txt")
    );
}

#[test]
fn crlf_unterminated_last_line_invalid_utf8_and_huge_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"ok line\r\n".to_vec();
    bytes.extend_from_slice(
        b"2024-03-10 10:00:01 ERROR disk \xff\xfe write failed: No space left on device\r\n",
    );
    bytes.extend(std::iter::repeat_n(b'x', 2 << 20));
    bytes.extend_from_slice(b" Out of memory: Killed process 42 (java)\n");
    bytes.extend_from_slice(
        b"Mar 10 10:00:02 host sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2",
    );
    let path = write(dir.path(), "edge.log", &bytes);
    let out = run(
        &["scan", "--format", "json", "--fail-on", "none", &path],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let issues = json_issues(&out);
    let lines: Vec<u64> = issues.iter().map(|i| i["line"].as_u64().unwrap()).collect();
    // The 2 MB line's problem text lies past the 64 KiB cap, so it is not an issue.
    assert_eq!(lines, [2, 4], "{issues:?}");
    let disk = issues[0]["log_line"].as_str().unwrap();
    assert!(
        disk.contains("disk \u{fffd}\u{fffd} write failed"),
        "lossy decoding: {disk:?}"
    );
    assert!(!disk.ends_with('\r'));
    assert_eq!(
        issues[1]["issue_type"], "authentication_failure",
        "last line without newline is a line"
    );
}

#[test]
fn over_long_lines_are_cut_with_a_marker() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = b"2024-03-10 10:00:01 FATAL: No space left on device while writing ".to_vec();
    line.extend(std::iter::repeat_n(b'z', 1 << 20));
    line.push(b'\n');
    let path = write(dir.path(), "long.log", &line);
    let issues = json_issues(&run(&["scan", "--format", "json", &path], None));
    assert_eq!(issues.len(), 1);
    let log_line = issues[0]["log_line"].as_str().unwrap();
    assert!(
        log_line.len() < 9000,
        "log_line capped: {} bytes",
        log_line.len()
    );
    assert!(
        log_line.ends_with(&format!("line was {} bytes]", line.len() - 1)),
        "{}",
        &log_line[log_line.len() - 80..]
    );
    assert!(issues[0]["event"].as_str().unwrap().len() <= 70_000);
}

#[test]
fn config_file_supplies_defaults_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "a.log",
        b"2024-03-10 10:00:01.234 UTC [77] FATAL:  sorry, too many clients already\n",
    );
    let config = write(
        dir.path(),
        "logwarden.toml",
        b"[scan]\nformat = \"json\"\nfail_on = \"none\"\n",
    );
    let out = run(&["--config", &config, "scan", &log], None);
    assert_eq!(out.status.code(), Some(0), "fail_on from config");
    assert_eq!(json_issues(&out).len(), 1, "format from config");
    let out = run(
        &[
            "--config",
            &config,
            "scan",
            "--format",
            "summary",
            "--fail-on",
            "error",
            &log,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("1 issue (1 CRITICAL)"),
        "{}",
        stdout(&out)
    );

    let bad = write(dir.path(), "bad.toml", b"[scan]\nformats = \"json\"\n");
    let out = run(&["--config", &bad, "scan", &log], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown field `formats`"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &["--config", "/nonexistent/logwarden.toml", "scan", &log],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read /nonexistent/logwarden.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_and_version() {
    let out = run(&["--help"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("scan") && stdout(&out).contains("patterns"));
    let out = run(&["scan", "--help"], None);
    assert!(stdout(&out).contains("--fail-on"), "{}", stdout(&out));
    let out = run(&["--version"], None);
    assert_eq!(
        stdout(&out).trim(),
        format!("logwarden {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn patterns_test_explains_matches_and_misses() {
    let out = run(
        &[
            "patterns",
            "test",
            "2024-03-10 12:00:00.000 ERROR [main] Foo - Payment failed: Connection refused",
            "Processed 10 items with 0 errors",
        ],
        None,
    );
    let text = stdout(&out);
    assert!(
        text.contains(
            "match:     rule `connection-failure` → network_timeout (WARNING, Network Issue)"
        ),
        "{text}"
    );
    assert!(
        text.contains("matched text 59..77: \"Connection refused\""),
        "{text}"
    );
    assert!(
        text.contains("outranked: rule `error-level-failure` → exception"),
        "{text}"
    );
    let second = text.split("line 2: ").nth(1).unwrap();
    assert!(
        second.starts_with("Processed 10 items with 0 errors\n"),
        "{text}"
    );
    // "0 errors" counts none: no rule's words match there at all.
    assert!(!second.contains("error-level-failure"), "{text}");
    assert!(
        second.ends_with("  no rule matched (log level: none)\n"),
        "{text}"
    );
}

#[test]
fn themes_color_the_text_and_a_bad_theme_only_warns() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.log",
        b"2024-03-10 10:00:01.234 UTC [77] FATAL:  sorry, too many clients already\n",
    );
    let light = stdout(&run(
        &["--theme", "light", "scan", "--color", "always", &path],
        None,
    ));
    assert!(
        light.contains("\x1b[1;38;2;176;0;32mCRITICAL\x1b[0m"),
        "{light:?}"
    );
    let out = run(
        &[
            "--theme",
            "/no/such/theme.toml",
            "scan",
            "--color",
            "always",
            &path,
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "issues found; the theme problem is only a warning"
    );
    assert!(
        stderr(&out).contains("warning: theme `/no/such/theme.toml`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("\x1b[1;91mCRITICAL\x1b[0m"),
        "falls back to dark: {:?}",
        stdout(&out)
    );
}

/// The multi-threaded pipeline must produce exactly what one thread does,
/// on input spanning many blocks.
#[test]
fn threads_do_not_change_results() {
    let corpus: String = support::corpus::load_corpus()
        .iter()
        .map(|f| f.text.clone())
        .collect();
    let mut big = String::new();
    while big.len() < 3 << 20 {
        big.push_str(&corpus);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big.log", big.as_bytes());
    let key = |threads: &str| {
        let out = run(
            &[
                "scan",
                "--format",
                "json",
                "--fail-on",
                "none",
                "--threads",
                threads,
                &path,
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        json_issues(&out)
            .into_iter()
            .map(|i| {
                (
                    i["line"].as_u64().unwrap(),
                    i["issue_type"].to_string(),
                    i["event"].to_string(),
                    i["id"].to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let one = key("1");
    assert!(one.len() > 1000, "{} issues", one.len());
    assert_eq!(one, key("4"));
}

#[test]
fn patterns_test_reads_lines_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "sample.log",
        b"Mar 10 10:00:00 h kernel: Out of memory: Killed process 42 (java)\r\nall quiet\n",
    );
    let out = run(&["patterns", "test", "--file", &file], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("line 1: Mar 10 10:00:00 h kernel: Out of memory"),
        "{text}"
    );
    assert!(
        text.contains("match:     rule `kernel-oom-kill` → memory_leak (CRITICAL, Memory Issue)"),
        "{text}"
    );
    assert!(
        text.contains("line 2: all quiet\n  no rule matched"),
        "{text}"
    );
    let out = run(&["patterns", "test", "--file", "/no/such/file"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read /no/such/file"),
        "{}",
        stderr(&out)
    );
}
