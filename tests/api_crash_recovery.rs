//! The headless server killed with SIGKILL (a crash, an OOM kill) and
//! started again: the issue history and the read positions are saved
//! together, so the lines read since the last save are read again but
//! nothing is counted twice and nothing is lost, whatever was rotated
//! while it was down.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;

use support::api::Served;

/// `n` deadlock lines tagged `tag0`... (one group: the tag is a variable).
fn lines(tag: &str, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("2026-12-05 10:00:00 UTC [42] ERROR:  deadlock detected while updating row {tag}{i}\n")
        })
        .collect()
}

/// The count of the deadlock group (0 when there is none).
fn deadlocks(server: &Served) -> u64 {
    let groups = server.get_json("/api/logs/groups?limit=1000");
    groups["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["issue_type"] == "database_deadlock")
        .map(|g| g["count"].as_u64().unwrap_or(0))
        .sum()
}

/// Waits until the sentinel (an OOM line, another group) is served, so
/// everything written before it has been read.
fn wait_sentinel(server: &Served, tag: &str) {
    server.append(&format!(
        "kernel: Out of memory: Killed process 4242 ({tag})\n"
    ));
    server.wait_json("/api/logs/recent?limit=1000", |v| {
        v["issues"].as_array().is_some_and(|a| {
            a.iter()
                .any(|i| i["log_line"].as_str().unwrap_or("").contains(tag))
        })
    });
}

#[test]
fn counts_are_exact_after_a_kill_in_the_middle_of_a_burst() {
    let mut server = Served::start(&[]);
    server.append(&lines("a", 30_000));
    server.wait_json("/api/logs/groups", |_| deadlocks(&server) >= 5_000);
    server.crash_restart(&[]);
    wait_sentinel(&server, "after-crash");
    server.wait_json("/api/logs/groups", |_| deadlocks(&server) >= 30_000);
    assert_eq!(deadlocks(&server), 30_000, "each line counted once");
    // And again, killed right after it started.
    server.append(&lines("b", 10_000));
    server.crash_restart(&[]);
    wait_sentinel(&server, "second");
    assert_eq!(deadlocks(&server), 40_000);
}

#[test]
fn rotations_while_killed_lose_nothing_and_count_nothing_twice() {
    let mut server = Served::start(&[]);
    let log = server.log_path().to_path_buf();
    let dir = log.parent().unwrap().to_path_buf();
    let mut total = 0;
    for round in 0..3 {
        server.append(&lines(&format!("r{round}-"), 4_000));
        total += 4_000;
        server.wait_json("/api/logs/groups", |_| deadlocks(&server) > total - 4_000);
        server.crash();
        // While it is down: more lines, then two rotations (dated names:
        // no generation is deleted, so every line still exists).
        server.append(&lines(&format!("r{round}-late-"), 1_000));
        fs::rename(
            &log,
            dir.join(format!("app.log-{}", 20_261_200 + round * 10 + 1)),
        )
        .unwrap();
        fs::write(&log, lines(&format!("r{round}-mid-"), 700)).unwrap();
        fs::rename(
            &log,
            dir.join(format!("app.log-{}", 20_261_200 + round * 10 + 2)),
        )
        .unwrap();
        fs::write(&log, lines(&format!("r{round}-new-"), 500)).unwrap();
        total += 2_200;
        server.start_again(&[]);
        wait_sentinel(&server, &format!("round{round}"));
        assert_eq!(deadlocks(&server), total, "round {round}");
    }
}
