//! The issue history survives a restart: the API shows the same issues,
//! resolved stays resolved, a recurrence continues its group's count, and
//! a corrupted database is moved aside without stopping anything.

mod support;
use support::api::Served;

const DB_DOWN: &str = "2026-03-10 08:00:01,002 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n";
const OOM: &str =
    "Mar 10 08:00:41 web-3 kernel: Out of memory: Killed process 4121 (java) total-vm:8388608kB\n";

#[test]
fn history_and_resolve_decisions_survive_a_restart() {
    let mut s = Served::start(&[]);
    s.append(&format!("{DB_DOWN}{DB_DOWN}{OOM}"));
    let before = s.wait_json("/api/logs/recent", |v| v["count"] == 2);
    let oom_id = before["issues"][1]["id"].as_str().unwrap().to_string();
    assert_eq!(s.post(&format!("/api/logs/issues/{oom_id}/resolve")).0, 200);

    s.restart(&[]);
    let after = s.get_json("/api/logs/recent");
    assert_eq!(after["count"], 2, "{after}");
    assert_eq!(after["issues"][0]["count"], 2, "the group's count is kept");
    assert_eq!(after["issues"][1]["id"], oom_id);
    assert_eq!(
        after["issues"][1]["resolved"], true,
        "resolved stays resolved"
    );
    assert_eq!(s.get_json("/api/logs/health")["health_score"], 90.0);

    // The same problem again after the restart: the group goes on.
    s.append(DB_DOWN);
    let v = s.wait_json("/api/logs/recent", |v| v["issues"][1]["count"] == 3);
    assert_eq!(v["count"], 2);

    // Who changed what is kept too.
    let db = s.dir.path().join("state").join(logwarden::store::DB_FILE);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let who: (String, String) = conn
        .query_row("SELECT action, who FROM changes", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(who, ("resolved".into(), "api".into()));
}

#[test]
fn a_corrupted_database_is_moved_aside_and_serving_goes_on() {
    let mut s = Served::start(&[]);
    s.append(OOM);
    s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    let db = s.dir.path().join("state").join(logwarden::store::DB_FILE);
    s.restart(&[]);
    // Garbage over the database while stopped.
    unsafe {
        libc::kill(s.child.id() as i32, libc::SIGTERM);
    }
    s.child.wait().unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::write(&db, b"garbage, not a database, garbage, garbage, garbage").unwrap();
    s.restart(&[]);
    assert_eq!(s.get_json("/api/logs/recent")["count"], 0, "a fresh start");
    let warned = s.stderr_lines().join("\n");
    assert!(warned.contains("moved to"), "{warned}");
    let aside = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains("corrupt"));
    assert!(aside);
    s.append(OOM);
    s.wait_json("/api/logs/recent", |v| v["count"] == 1);
}

#[test]
fn a_bad_retention_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("a.log");
    std::fs::write(&log, "").unwrap();
    let (code, stderr) = support::api::run_to_end(&[
        "--no-tui",
        "--api",
        ":0",
        "--retention",
        "7w",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--retention") && stderr.contains("7d"),
        "{stderr}"
    );
}
