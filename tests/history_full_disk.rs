//! A full disk while running: the history's writes fail (here because the
//! process may not grow a file past 256 KiB, which fails like a full disk
//! for any user, root included), the failure is reported on stderr, in
//! the metrics and the dashboard's data, and ingest and the API go on. A
//! state directory that cannot be written at all: reported, watching and
//! serving go on in memory.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;
use support::api::{Limits, Served};

/// A problem line whose words (not only its numbers) differ for every `n`,
/// so each is a group, an issue, and a row to write.
fn distinct(n: usize) -> String {
    let word: String = (0..4)
        .map(|k| char::from(b'a' + ((n / 26usize.pow(k)) % 26) as u8))
        .collect();
    format!(
        "2026-03-10 08:00:01,002 ERROR [svc-{word}] payment {word} gateway failed: error {word}\n"
    )
}

fn metric(text: &str, name: &str) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in {text}"))
}

#[test]
fn a_full_disk_is_reported_and_ingest_goes_on() {
    let limits = Limits {
        file_bytes: Some(256 * 1024),
        ..Limits::default()
    };
    let log_dir = tempfile::tempdir().unwrap();
    let own_log = log_dir.path().join("logwarden.log");
    let own_log_arg = own_log.display().to_string();
    // Each line its own group (and a row to write): lines whose words vary
    // would otherwise end up in one wide template after a few dozen; and
    // every group held (the default 5 MiB holds about 2,500 of these).
    let config = log_dir.path().join("logwarden.toml");
    std::fs::write(
        &config,
        "[limits]\ngeneralise_after = 0\ngroup_bytes = \"64MiB\"\n",
    )
    .unwrap();
    let config_arg = config.display().to_string();
    let mut s = Served::start_limited(
        &["--config", &config_arg, "--log-file", &own_log_arg],
        &[],
        limits,
    );
    let total = 3000;
    let text: String = (0..total).map(distinct).collect();
    s.append(&text);
    let stats = s.wait_json("/api/logs/statistics", |v| {
        v["statistics"]["total_issues"] == total
    });
    assert_eq!(
        stats["statistics"]["issue_type_counts"]
            .as_object()
            .unwrap()
            .len(),
        1
    );
    // The writes fail and say so.
    let deadline = std::time::Instant::now() + support::api::DEADLINE;
    let metrics = loop {
        let (_, m) = s.get("/metrics");
        if metric(&m, "logwarden_history_failing") == 1.0 {
            break m;
        }
        assert!(std::time::Instant::now() < deadline, "never failing: {m}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(
        metric(&metrics, "logwarden_history_unsaved") > 0.0,
        "{metrics}"
    );
    assert_eq!(
        metric(&metrics, "logwarden_history_lost_total"),
        0.0,
        "nothing dropped"
    );
    let said = s.stderr_lines().join("\n");
    assert!(
        said.contains("cannot write") && said.contains("saving is retried"),
        "{said}"
    );
    // Still serving, still reading: one more line arrives as usual.
    s.append(&distinct(total));
    s.wait_json("/api/logs/statistics", |v| {
        v["statistics"]["total_issues"] == total + 1
    });
    assert_eq!(s.get("/api/logs/health").0, 200);
    // Stopped with writes failing: the last writes are tried, and what
    // still could not be written is said, with its count, and the exit
    // status says something went wrong.
    let (status, said) = s.terminate();
    assert_eq!(status.code(), Some(2), "{said:?}");
    let said = said.join("\n");
    let told = said
        .lines()
        .find(|l| l.contains("history is incomplete"))
        .unwrap_or_else(|| panic!("not said on stderr: {said}"));
    let unsaved: u64 = told
        .split("): ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {told}"));
    assert!(unsaved > 0, "{told}");
    let logged = std::fs::read_to_string(&own_log).unwrap();
    assert!(logged.contains("history is incomplete"), "{logged}");
}

#[test]
fn a_read_only_state_dir_is_reported_and_watching_goes_on() {
    let limits = Limits {
        read_only_state: true,
        ..Limits::default()
    };
    let s = Served::start_limited(&[], &[], limits);
    let said = s.stderr_lines().join("\n");
    assert!(
        said.contains("state directory") && said.contains("not kept"),
        "{said}"
    );
    s.append("Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java)\n");
    let v = s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    assert_eq!(v["issues"][0]["issue_type"], "memory_leak");
    let (_, metrics) = s.get("/metrics");
    assert_eq!(
        metric(&metrics, "logwarden_history_failing"),
        0.0,
        "no history, nothing failing"
    );
}
