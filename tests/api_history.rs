//! The issue history survives a restart: the API shows the same issues,
//! resolved stays resolved, a recurrence continues its group's count, and
//! a corrupted database is moved aside without stopping anything.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

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
    // The open group's two occurrences (its kept occurrence times came
    // back with it): 15 x (1 + log2 2).
    assert_eq!(s.get_json("/api/logs/health")["health_score"], 70.0);

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
        "7x",
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--retention") && stderr.contains("7d"),
        "{stderr}"
    );
}

const HEAP: &str =
    "2026-03-10 08:02:00,002 ERROR [main] java.lang.OutOfMemoryError: Java heap space\n";

#[test]
fn signals_group_resolve_and_type_silences_through_a_restart() {
    let mut s = Served::start(&[]);
    s.append(&format!("{DB_DOWN}{DB_DOWN}{OOM}"));
    let all = s.wait_json("/api/logs/recent?new_pattern=true", |v| v["count"] == 2);
    assert!(
        all["issues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["new_pattern"] == true),
        "first seen: both are new patterns: {all}"
    );
    let groups = s.get_json("/api/logs/groups");
    let db = &groups["groups"][1];
    assert_eq!(db["count"], 2, "{groups}");
    assert_eq!(
        (db["new_pattern"].clone(), db["spike_factor"].clone()),
        (true.into(), serde_json::Value::Null)
    );
    assert_eq!(db["sources"].as_array().unwrap().len(), 1);
    let issue = &db["issue"];
    assert!(
        issue["template"]
            .as_str()
            .unwrap()
            .contains("could not connect to server"),
        "{issue}"
    );
    assert_eq!(
        issue["occurrences"].as_array().unwrap().len(),
        1,
        "the earlier one"
    );
    assert_eq!(s.get_json("/api/logs/recent?spiking=true")["count"], 0);
    assert_eq!(s.get("/api/logs/recent?new_pattern=yes").0, 400);

    // Resolve the database group as a whole; an unknown group is a 404.
    let gid = db["group_id"].as_str().unwrap().to_string();
    let (status, body) = s.post(&format!("/api/logs/groups/{gid}/resolve"));
    assert_eq!(status, 200, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (answer["issues"].clone(), answer["changed"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(
        s.get_json("/api/logs/health")["health_score"],
        85.0,
        "the OOM alone"
    );
    assert_eq!(s.post("/api/logs/groups/no-such-group/resolve").0, 404);

    // A type silenced for two hours stays silenced after a restart: a new
    // issue of the type, first seen after it, does not count.
    let (status, _) = s.post("/api/logs/types/memory_leak/silence?for=2h");
    assert_eq!(status, 200);
    assert_eq!(s.get_json("/api/logs/health")["health_score"], 100.0);
    s.restart(&[]);
    s.append(HEAP);
    let v = s.wait_json("/api/logs/recent", |v| v["count"] == 3);
    let heap = &v["issues"][2];
    assert!(
        heap["log_line"]
            .as_str()
            .unwrap()
            .contains("Java heap space"),
        "{v}"
    );
    assert!(
        heap["silenced_until"].is_string(),
        "silenced by its type: {heap}"
    );
    assert_eq!(heap["new_pattern"], true);
    assert_eq!(s.get_json("/api/logs/health")["health_score"], 100.0);
}
