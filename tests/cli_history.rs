//! `logwarden export` and `import` on the history a real server wrote.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Stdio};

mod support;
use support::api::Served;

const SECRET: &str = "2026-03-10 08:00:01,002 ERROR [pool-3] OperationalError: could not connect to server postgres://app:hunter2@db:5432/orders: Connection refused\n";
const OOM: &str =
    "Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB\n";

fn logwarden(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_logwarden"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent-logwarden-test-config")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        // A refusal (the state is held) may come before the input is read.
        let written = std::io::Write::write_all(child.stdin.as_mut().unwrap(), text.as_bytes());
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn export_redacts_csv_quotes_since_filters_and_import_round_trips() {
    let mut s = Served::start(&[]);
    s.append(&format!("{SECRET}{OOM}"));
    let v = s.wait_json("/api/logs/recent", |v| v["count"] == 2);
    let oom = v["issues"][1]["id"].as_str().unwrap().to_string();
    assert_eq!(s.post(&format!("/api/logs/issues/{oom}/resolve")).0, 200);
    let state = s.dir.path().join("state");
    let state = state.to_str().unwrap();

    // While it runs, export reads; import is refused (it holds the state).
    let (code, json, _) = logwarden(&["export", "--state", state], None);
    assert_eq!(code, Some(0));
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        !json.contains("hunter2") && json.contains("app:[REDACTED]@db"),
        "{json}"
    );
    assert_eq!(lines[1]["resolved"], true);
    let (code, _, err) = logwarden(&["import", "--state", state, "-"], Some(&json));
    assert_eq!(code, Some(2), "refused while running: {err}");

    let (_, csv, _) = logwarden(&["export", "--state", state, "--format", "csv"], None);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("timestamp,issue_type,severity,category,description,log_line"));
    assert_eq!(rows.len(), 3, "{csv}");
    let (_, none, _) = logwarden(&["export", "--state", state, "--since", "2099-01-01"], None);
    assert_eq!(none, "");
    let (_, recent, _) = logwarden(&["export", "--state", state, "--since", "1h"], None);
    assert_eq!(recent.lines().count(), 2);
    let (code, _, err) = logwarden(&["export", "--state", state, "--since", "soon"], None);
    assert_eq!(code, Some(2));
    assert!(err.contains("--since"), "{err}");

    // Into a fresh history, with one bad line among them.
    let (_, raw, _) = logwarden(&["export", "--state", state, "--no-redact"], None);
    assert!(raw.contains("hunter2"));
    let other = tempfile::tempdir().unwrap();
    let other_state = other.path().join("state");
    let other_state = other_state.to_str().unwrap();
    let input = format!("{raw}not an issue\n");
    let (code, _, err) = logwarden(&["import", "--state", other_state, "-"], Some(&input));
    assert_eq!(code, Some(2), "a bad line is reported: {err}");
    assert!(
        err.contains("imported 2 issues") && err.contains("-:3"),
        "{err}"
    );
    let (_, again, _) = logwarden(&["export", "--state", other_state, "--no-redact"], None);
    assert_eq!(again, raw, "a round trip changes nothing");

    // Imported history shows in a server started on it.
    s.restart(&[]);
    assert_eq!(s.get_json("/api/logs/recent")["count"], 2);
    let (code, _, err) = logwarden(&["export", "--state", "/nonexistent/state"], None);
    assert_eq!(code, Some(2));
    assert!(err.contains("no issue history"), "{err}");
}
