//! The history's bounds at start: a restart with a smaller `history_rows`
//! prunes to it at once (open CRITICAL/ERROR issues kept longest), and
//! `--retention` drops what is older at once, not an hour later. A state
//! directory written before the history had bounds (schema 1) still opens,
//! its rows kept, and is migrated.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;
use support::api::Served;

const CRITICAL: &str = "2026-03-10 08:00:00,001 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n";

/// A WARNING problem line of its own group for every `n` (letters differ).
fn distinct(n: usize) -> String {
    let w: String = (0..3)
        .map(|k| char::from(b'a' + ((n / 26usize.pow(k)) % 26) as u8))
        .collect();
    format!("2026-03-10 08:00:01,002 WARNING [svc-{w}] upstream {w} timed out after 30s\n")
}

fn config(dir: &std::path::Path, limits: &str) -> String {
    let path = dir.join(format!("limits-{}.toml", limits.len()));
    std::fs::write(&path, format!("[limits]\ngeneralise_after = 0\n{limits}")).unwrap();
    path.display().to_string()
}

fn db(s: &Served) -> rusqlite::Connection {
    rusqlite::Connection::open(s.dir.path().join("state").join(logwarden::store::DB_FILE)).unwrap()
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Serves, writes the critical line then `n` distinct warnings, and waits
/// until the history holds all of them.
fn filled(n: usize, args: &[&str]) -> Served {
    let s = Served::start(args);
    s.append(CRITICAL);
    let text: String = (0..n).map(distinct).collect();
    s.append(&text);
    s.wait_metric("logwarden_history_rows", |r| r == (n + 1) as f64);
    s
}

#[test]
fn a_smaller_row_cap_is_applied_at_start_open_critical_issues_last() {
    let configs = tempfile::tempdir().unwrap();
    let roomy = config(configs.path(), "");
    let mut s = filled(30, &["--config", &roomy]);
    let small = config(configs.path(), "history_rows = 10\n");
    s.restart(&["--config", &small]);
    // At start, before anything new is read.
    assert_eq!(s.metric("logwarden_history_rows"), Some(10.0));
    assert_eq!(s.metric("logwarden_history_pruned_total"), Some(21.0));
    let conn = db(&s);
    assert_eq!(count(&conn, "SELECT count(*) FROM issues"), 10);
    // The oldest row, but an open CRITICAL: kept; the oldest warnings went.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM issues WHERE attention = 1"),
        1
    );
    let recent = s.get_json("/api/logs/recent?limit=100");
    assert_eq!(recent["count"], 10, "{recent}");
    assert!(
        recent["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["severity"] == "CRITICAL"),
        "{recent}"
    );
}

#[test]
fn retention_is_applied_at_start() {
    let configs = tempfile::tempdir().unwrap();
    let roomy = config(configs.path(), "");
    let mut s = filled(5, &["--config", &roomy]);
    // SIGTERM, then the rows made five seconds older than they are (no
    // waiting), then a start that keeps one second.
    let (status, _) = s.terminate();
    assert!(status.success(), "{status}");
    let conn = db(&s);
    conn.execute("UPDATE issues SET detected = detected - 5000000", [])
        .unwrap();
    drop(conn);
    s.start_again(&["--config", &roomy, "--retention", "1s"]);
    assert_eq!(s.metric("logwarden_history_rows"), Some(0.0));
    assert_eq!(s.metric("logwarden_history_pruned_total"), Some(6.0));
    assert_eq!(s.get_json("/api/logs/recent")["count"], 0);
    assert_eq!(count(&db(&s), "SELECT count(*) FROM issues"), 0);
}

#[test]
fn the_history_shrinks_on_disk_to_its_byte_limit() {
    let configs = tempfile::tempdir().unwrap();
    let roomy = config(configs.path(), "");
    let mut s = filled(2000, &["--config", &roomy]);
    let (status, _) = s.terminate();
    assert!(status.success(), "{status}");
    let file = s.dir.path().join("state").join(logwarden::store::DB_FILE);
    let on_disk = || {
        ["", "-wal"]
            .iter()
            .filter_map(|x| std::fs::metadata(format!("{}{x}", file.display())).ok())
            .map(|m| m.len())
            .sum::<u64>()
    };
    let before = on_disk();
    assert!(before > 2 << 20, "{before} bytes to begin with");
    let small = config(configs.path(), "history_bytes = \"1MiB\"\n");
    s.start_again(&["--config", &small]);
    let rows = s.metric("logwarden_history_rows").unwrap();
    assert!(rows > 0.0 && rows < 2001.0, "{rows}");
    // The limit bounds the database's pages; the write-ahead log holds a
    // little more between checkpoints (its header and a frame or two while
    // positions are being saved).
    let wal_room = 64 << 10;
    let bytes = s.metric("logwarden_history_bytes").unwrap();
    assert!(
        bytes <= ((1 << 20) + wal_room) as f64,
        "{bytes} bytes on disk"
    );
    let after = on_disk();
    assert!(
        after <= (1 << 20) + wal_room,
        "the file shrank: {before} -> {after}"
    );
}

#[test]
fn a_state_dir_from_before_the_bounds_opens_and_is_migrated() {
    let configs = tempfile::tempdir().unwrap();
    let roomy = config(configs.path(), "");
    let mut s = filled(3, &["--config", &roomy]);
    let before = s.get_json("/api/logs/recent?limit=100");
    let (status, _) = s.terminate();
    assert!(status.success(), "{status}");
    // Back to schema 1 as the previous release wrote it: no attention
    // column or its index, no incremental vacuum.
    let conn = db(&s);
    conn.execute_batch(
        "DROP INDEX issues_by_keep;
         DROP INDEX groups_seen_by_time;
         ALTER TABLE issues DROP COLUMN attention;
         PRAGMA user_version = 1;
         PRAGMA auto_vacuum = NONE;
         VACUUM;",
    )
    .unwrap();
    assert_eq!(count(&conn, "PRAGMA auto_vacuum"), 0);
    drop(conn);
    s.start_again(&["--config", &roomy]);
    let after = s.get_json("/api/logs/recent?limit=100");
    assert_eq!(after["issues"], before["issues"], "the same issues");
    let conn = db(&s);
    assert_eq!(count(&conn, "PRAGMA user_version"), 2);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM issues WHERE attention = 1"),
        1,
        "the open CRITICAL issue is known as such"
    );
    assert_eq!(count(&conn, "PRAGMA auto_vacuum"), 2, "incremental");
    // Its positions were kept: nothing is read twice.
    s.append(&distinct(3));
    s.wait_metric("logwarden_history_rows", |r| r == 5.0);
    assert_eq!(s.get_json("/api/logs/recent?limit=100")["count"], 5);
}
