//! The host dimension in the real binary's dashboard, in a pseudo-terminal:
//! syslog from two hosts shows both in the host pane, and the host filter
//! (from `H`, or Enter on the pane) leaves only that host's issues.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

mod support;
use support::pty::Pty;
use support::syslog::octet_counted;

/// How long the dashboard may take to come up (a deadline for hangs).
const DEADLINE: Duration = Duration::from_secs(60);

/// A loopback port free a moment ago: bound, read, and let go.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The dashboard receiving syslog on a free loopback port, with a state
/// directory of its own (kept while the test runs). Another program may
/// take the port between our probe and its bind: then it exits, and we
/// try another.
fn dashboard_on_syslog() -> (tempfile::TempDir, Pty, u16) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    for _ in 0..5 {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let args = ["--syslog", &addr, "--state", state.to_str().unwrap()];
        let mut pty = Pty::spawn(&args, 160, 40);
        let start = Instant::now();
        loop {
            if pty.try_exit().is_some() {
                // Lost the port: the program said so and left.
                break;
            }
            let screen = pty.screen();
            if screen.contains("Issues (0)") && screen.contains("Health") {
                return (dir, pty, port);
            }
            assert!(
                start.elapsed() < DEADLINE,
                "the dashboard did not come up:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
    panic!("no free port after five tries");
}

/// Sends RFC 5424 messages over TCP, octet-counted as rsyslog does.
fn send(port: u16, messages: &[(&str, &str, &str)]) {
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    for (host, app, text) in messages {
        let msg = format!("<11>1 2026-12-07T10:00:00Z {host} {app} 42 - - {text}");
        tcp.write_all(&octet_counted(&msg)).unwrap();
    }
    tcp.flush().unwrap();
}

/// What only web-1's issues put on screen.
const WEB_1: [&str; 3] = ["Out of memory", "upstream timed out", "memory_leak"];
/// What only db-1's issues put on screen.
const DB_1: [&str; 3] = [
    "deadlock detected",
    "could not connect",
    "database_deadlock",
];

#[test]
fn syslog_from_two_hosts_shows_both_and_the_host_filter_keeps_one() {
    let (_dir, mut pty, port) = dashboard_on_syslog();
    send(
        port,
        &[
            ("db-1", "postgres", "ERROR:  deadlock detected"),
            (
                "web-1",
                "kernel",
                "Out of memory: Killed process 4242 (java)",
            ),
            (
                "db-1",
                "postgres",
                "FATAL: could not connect to server: Connection refused",
            ),
            (
                "web-1",
                "nginx",
                "2026/12/07 10:00:00 [error] 311#311: *4471 upstream timed out (110: Connection timed out) while reading response header from upstream",
            ),
        ],
    );
    let screen = pty.wait_for("both hosts and their four issues", |s| {
        s.contains("Issues (4)") && s.contains("Hosts (2)")
    });
    for text in WEB_1.iter().chain(&DB_1) {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    let row = |s: &str, text: &str| s.lines().find(|l| l.contains(text)).map(str::to_owned);
    let oom = row(&screen, "Out of memory").unwrap();
    assert!(oom.contains("web-1") && oom.contains("kernel"), "{oom}");

    // H: the first host by name.
    pty.send(b"H");
    let screen = pty.wait_for("db-1's issues alone", |s| {
        s.contains("Issues (2 of 4) · filter: host db-1")
    });
    for text in DB_1 {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    for text in WEB_1 {
        assert!(!screen.contains(text), "{text}:\n{screen}");
    }
    assert!(
        screen.contains("Critical issues (2 of 3) · host db-1"),
        "{screen}"
    );

    // C: every host again; then the pane: Tab twice, down to web-1 (db-1,
    // with a CRITICAL and an ERROR, is the worse), Enter.
    pty.send(b"C");
    pty.wait_for("every host again", |s| s.contains("Issues (4) "));
    pty.send(b"\t\tj\r");
    let screen = pty.wait_for("web-1's issues alone", |s| {
        s.contains("Issues (2 of 4) · filter: host web-1")
    });
    for text in DB_1 {
        assert!(!screen.contains(text), "{text}:\n{screen}");
    }
    assert!(screen.contains("Out of memory"), "{screen}");

    pty.send(b"q");
    assert!(pty.wait_exit().success());
}
