//! The host dimension on the real binary: syslog from several hosts, then
//! `/api/logs/hosts`, `?host=` on the lists, host labels in `/metrics`,
//! and one pipeline per (host, program): a traceback sent line by line is
//! one issue, while the same lines interleaved from two hosts stay apart.

#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::net::TcpStream;

use support::api::Served;

fn send(served: &Served, frames: &[String]) {
    let mut tcp = TcpStream::connect(served.syslog_addr()).unwrap();
    for frame in frames {
        // Octet counting, as rsyslog and syslog-ng send RFC 5424.
        write!(tcp, "{} {frame}", frame.len()).unwrap();
    }
    tcp.flush().unwrap();
}

fn rfc5424(host: &str, app: &str, text: &str) -> String {
    format!("<11>1 2026-12-07T10:00:00.000Z {host} {app} 42 - - {text}")
}

fn hosts_of(list: &serde_json::Value) -> Vec<String> {
    let issues = list["issues"].as_array().unwrap();
    issues
        .iter()
        .map(|i| i["host"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn hosts_are_listed_filtered_scored_and_labelled() {
    let served = Served::start(&["--syslog", "127.0.0.1:0"]);
    let mut frames = Vec::new();
    for n in 0..3 {
        frames.push(rfc5424(
            &format!("web-{n}"),
            "postgres",
            "FATAL: could not connect to server: Connection refused",
        ));
    }
    frames.push(rfc5424(
        "db-1",
        "kernel",
        "Out of memory: Killed process 4242 (java)",
    ));
    frames.push(rfc5424("db-1", "app", "request served in 4 ms"));
    send(&served, &frames);

    let senders = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        let rows = v["hosts"].as_array().unwrap();
        rows.iter()
            .filter(|h| h["local"] == false)
            .cloned()
            .collect()
    };
    // Every sender, each with its issue (the same problem on three hosts is
    // three issues: each host's open issues and health are its own).
    let hosts = served.wait_json("/api/logs/hosts", |v| {
        let rows = senders(v);
        rows.len() == 4 && rows.iter().all(|h| h["open_issues"] == 1)
    });
    let rows = senders(&hosts);
    let names: Vec<&str> = rows.iter().map(|h| h["host"].as_str().unwrap()).collect();
    assert_eq!(names, ["db-1", "web-0", "web-1", "web-2"], "{hosts}");
    // The machine itself is listed too: it follows a file.
    assert!(
        hosts["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["local"] == true),
        "{hosts}"
    );
    let db = &rows[0];
    assert_eq!(db["messages"], 2, "{db}");
    assert_eq!(db["open_issues"], 1, "{db}");
    assert_eq!(db["local"], false);
    assert!(
        db["last_seen"].is_string() && db["last_issue"].is_string(),
        "{db}"
    );
    assert!(db["health_score"].as_f64().unwrap() < 100.0, "{db}");

    let one = served.get_json("/api/logs/recent?host=web-1");
    assert_eq!(hosts_of(&one), ["web-1"]);
    let issue = &one["issues"][0];
    assert_eq!(issue["stream"], "postgres");
    assert_eq!(issue["source_file"], "web-1:postgres");
    assert_eq!(issue["issue_type"], "database_connection");
    assert!(
        issue["log_time"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-07T10:00:00"),
        "{issue}"
    );
    let critical = served.get_json("/api/logs/critical?host=db-1");
    assert_eq!(hosts_of(&critical), ["db-1"]);
    let groups = served.get_json("/api/logs/groups?host=nobody");
    assert_eq!(groups["count"], 0);
    let (status, body) = served.get("/api/logs/recent?host=");
    assert_eq!(status, 400, "{body}");

    let (_, metrics) = served.get("/metrics");
    for host in ["db-1", "web-0", "web-1", "web-2"] {
        let series = format!("logwarden_host_issues_open{{host=\"{host}\"}} 1");
        assert!(metrics.contains(&series), "{series} missing");
    }
    assert!(metrics.contains("logwarden_host_messages_total{host=\"db-1\"} 2"));
    assert_eq!(served.metric("logwarden_remote_messages_total"), Some(5.0));
}

#[test]
fn a_traceback_is_one_event_per_stream_even_interleaved_with_another_host() {
    let served = Served::start(&["--syslog", "127.0.0.1:0"]);
    let trace = [
        "Traceback (most recent call last):",
        "  File \"/srv/app.py\", line 10, in <module>",
        "    main()",
        "MemoryError",
    ];
    // Two hosts' tracebacks, line by line, interleaved on one connection.
    let mut frames = Vec::new();
    for line in trace {
        for host in ["api-1", "api-2"] {
            frames.push(rfc5424(host, "worker", line));
        }
    }
    send(&served, &frames);
    let list = served.wait_json("/api/logs/recent", |v| {
        let issues = v["issues"].as_array().unwrap();
        issues.len() == 2
            && issues
                .iter()
                .all(|i| i["event"].as_str().unwrap().contains("MemoryError"))
    });
    for issue in list["issues"].as_array().unwrap() {
        let event = issue["event"].as_str().unwrap();
        assert_eq!(event.lines().count(), 4, "one host's lines only: {event}");
        assert_eq!(issue["issue_type"], list["issues"][0]["issue_type"]);
        assert_eq!(issue["severity"], "CRITICAL", "{issue}");
    }
    let mut hosts = hosts_of(&list);
    hosts.sort();
    assert_eq!(hosts, ["api-1", "api-2"]);
}
