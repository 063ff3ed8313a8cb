//! Memory stays bounded under a flood of distinct problems: the real
//! binary follows a real file and serves the API; the template miner, the
//! groups and the history stay within the `[limits]` of its config file,
//! evictions are counted in /metrics, and an open CRITICAL issue outlives
//! the flood (its group and its template too). Lines whose words vary
//! endlessly end up in one wide template.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;
use support::api::Served;

const CRITICAL: &str = "2026-03-10 08:00:00,001 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n";

/// A word of letters only (no digit, so the miner sees a constant) that
/// differs for every `n`.
fn word(n: usize) -> String {
    let mut n = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 24;
    (0..7)
        .map(|_| {
            let c = char::from(b'a' + (n % 26) as u8);
            n /= 26;
            c
        })
        .collect()
}

/// A WARNING problem line whose words all differ from every other's.
fn distinct(n: usize) -> String {
    format!(
        "2026-03-10 08:00:01,{:03} ERROR {} {}: {} {} connection refused uniq{n}\n",
        n % 1000,
        word(4 * n),
        word(4 * n + 1),
        word(4 * n + 2),
        word(4 * n + 3)
    )
}

/// Serves with a config file holding `limits` (a `[limits]` table's body).
fn serve_with(limits: &str) -> (Served, tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("logwarden.toml");
    std::fs::write(&config, format!("[limits]\n{limits}")).unwrap();
    let config = config.display().to_string();
    (Served::start(&["--config", &config]), dir, config)
}

#[test]
fn a_flood_of_distinct_problems_stays_within_the_caps_and_an_open_critical_survives() {
    // Every line its own template and group (the give-up rule off): the
    // worst case for the caps.
    let (s, _config_dir, _) = serve_with(
        "templates = 64\ntemplate_bytes = \"64KiB\"\ngroups = 400\ngroup_bytes = \"1MiB\"\n\
         seen_groups = 100\nhistory_rows = 100\ngeneralise_after = 0\n",
    );
    s.append(CRITICAL);
    s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    let total = 3000;
    let flood: String = (0..total).map(distinct).collect();
    s.append(&flood);
    s.wait_metric("logwarden_lines_read_total", |n| n == (total + 1) as f64);
    // What was let go is counted (the store may still be applying what
    // was read: waited for).
    s.wait_metric("logwarden_templates_evicted_total", |n| n > 0.0);
    s.wait_metric("logwarden_groups_evicted_total", |n| n > 0.0);
    s.wait_metric("logwarden_issues_evicted_total", |n| n > 0.0);
    s.wait_metric("logwarden_seen_groups_forgotten_total", |n| n > 0.0);
    s.wait_metric("logwarden_history_pruned_total", |n| n > 0.0);
    // The caps hold all along.
    let rows = s.metric("logwarden_history_rows").unwrap();
    assert!(rows <= 100.0, "history rows {rows}");
    let held = s.metric("logwarden_issues_held").unwrap();
    assert!(held <= 400.0, "issues held {held}");
    let templates = s.metric("logwarden_templates_held").unwrap();
    assert!(templates <= 64.0, "templates held {templates}");
    assert!(s.metric("logwarden_template_bytes").unwrap() <= 65536.0);
    assert!(s.metric("logwarden_issues_held_bytes").unwrap() <= 1_048_576.0);
    assert!(s.metric("logwarden_seen_groups").unwrap() <= 100.0);
    // The open CRITICAL issue is still held, and its group still finds it.
    let critical = |v: &serde_json::Value| {
        v["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["severity"] == "CRITICAL")
            .cloned()
    };
    let all = s.get_json("/api/logs/recent?limit=1000");
    let first = critical(&all).unwrap_or_else(|| panic!("the critical issue went: {all}"));
    assert_eq!(first["count"], 1);
    s.append(CRITICAL);
    let again = s.wait_json("/api/logs/recent?limit=1000", |v| {
        critical(v).is_some_and(|i| i["count"] == 2)
    });
    assert_eq!(
        critical(&again).unwrap()["id"],
        first["id"],
        "the same group"
    );
    // And it is in the history too (open CRITICAL/ERROR rows go last).
    let db = s.dir.path().join("state").join(logwarden::store::DB_FILE);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id = first["id"].as_str().unwrap().to_string();
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM issues WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, 1);
}

#[test]
fn lines_whose_words_keep_varying_end_up_in_one_wide_template() {
    let (s, _config_dir, _) = serve_with("");
    let total = 1000;
    let flood: String = (0..total).map(distinct).collect();
    s.append(&flood);
    s.wait_metric("logwarden_lines_read_total", |n| n == total as f64);
    s.wait_metric("logwarden_templates_generalised_total", |n| n >= 1.0);
    let templates = s.metric("logwarden_templates_held").unwrap();
    assert!(templates <= 40.0, "templates held {templates}");
    let wide = s.wait_json("/api/logs/recent?limit=1", |v| {
        v["issues"][0]["count"].as_u64().is_some_and(|c| c > 900)
    });
    assert_eq!(
        wide["issues"][0]["template"], "<*> <*> ERROR <*> <*> <*> <*> connection refused <*>",
        "{wide}"
    );
}

#[test]
fn limits_out_of_range_are_refused_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("logwarden.toml");
    let log = dir.path().join("app.log");
    std::fs::write(&log, "").unwrap();
    for (limits, says) in [
        (
            "templates = 3",
            "limits.templates: 3 is too small (at least 16)",
        ),
        (
            "history_bytes = \"5 parsecs\"",
            "limits.history_bytes: \"5 parsecs\"",
        ),
        (
            "group_bytes = 10",
            "limits.group_bytes: 10 bytes is too small",
        ),
        ("size = 5", "unknown field `size`"),
    ] {
        std::fs::write(&config, format!("[limits]\n{limits}\n")).unwrap();
        let (code, stderr) = support::api::run_to_end(&[
            "--config",
            config.to_str().unwrap(),
            "--no-tui",
            "--api",
            "127.0.0.1:0",
            "--state",
            dir.path().join("state").to_str().unwrap(),
            log.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(2), "{limits}: {stderr}");
        assert!(stderr.contains(says), "{limits}: {stderr}");
    }
}
