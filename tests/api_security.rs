//! The API's errors, token, public-bind refusal, CORS, slow and malformed
//! clients, redaction and the event stream, against the real binary.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Instant;

use serde_json::Value;

mod support;
use support::api::{DEADLINE, Served, run_to_end};

const DB_DOWN: &str = "2026-03-10 08:00:01,002 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n";

fn error_of(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(v["status"], "error", "{body}");
    v["error"].as_str().unwrap().to_string()
}

#[test]
fn bad_queries_unknown_routes_wrong_methods_and_big_bodies() {
    let s = Served::start(&[]);
    for bad in ["abc", "-1", "0", "100000", "1.5", ""] {
        let (status, body) = s.get(&format!("/api/logs/recent?limit={bad}"));
        assert_eq!(status, 400, "limit={bad}: {body}");
        assert!(error_of(&body).contains("limit"), "{body}");
    }
    assert_eq!(s.get("/api/logs/recent?limit=1000").0, 200);
    let (status, body) = s.get("/api/logs/nothing");
    assert_eq!(status, 404);
    assert!(error_of(&body).contains("/api/logs/nothing"));
    let resp = Served::agent()
        .delete(&format!("{}/api/logs/health", s.base))
        .call()
        .unwrap();
    assert_eq!(resp.status(), 405);
    assert_eq!(resp.headers()["allow"], "GET, HEAD, OPTIONS");
    let (status, _) = s.get("/api/logs/resolve/x");
    assert_eq!(status, 405, "resolve is POST only");
    let big = vec![b'x'; 100_000];
    let mut resp = Served::agent()
        .post(&format!("{}/api/logs/resolve/x", s.base))
        .send(&big[..])
        .unwrap();
    assert_eq!(resp.status(), 413);
    error_of(&resp.body_mut().read_to_string().unwrap());
    // Garbage instead of HTTP: an error, then the connection is closed.
    let answer = s.raw(b"\x16\x03\x01 hello?\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?}");
    // The server is still fine.
    assert_eq!(s.get("/api/logs/health").0, 200);
}

#[test]
fn slow_clients_are_cut_off_and_do_not_block_others() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("logwarden.toml");
    std::fs::write(&config, "[api]\nclient_timeout_ms = 300\n").unwrap();
    let s = Served::start(&["--config", config.to_str().unwrap()]);
    // Half a request line, then silence.
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.write_all(b"GET /api/logs/hea").unwrap();
    // An idle connection that never sends anything.
    let idle = TcpStream::connect(&s.addr).unwrap();
    assert_eq!(
        s.get("/api/logs/health").0,
        200,
        "others are served meanwhile"
    );
    // Headers on time, then a body that never completes: 408.
    let answer = s.raw_keep_open(
        b"POST /api/logs/resolve/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nab",
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    for (name, stream) in [("slow", slow), ("idle", idle)] {
        let start = Instant::now();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut &stream, &mut rest);
        assert!(
            start.elapsed() < DEADLINE,
            "{name} connection was never closed"
        );
    }
}

#[test]
fn a_token_is_required_everywhere_but_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token\n").unwrap();
    let s = Served::start(&[
        "--api-token-file",
        token_file.to_str().unwrap(),
        "--api-cors-origin",
        "http://dash.example",
    ]);
    for path in [
        "/api/logs/health",
        "/metrics",
        "/api/openapi.json",
        "/api/logs/nope",
    ] {
        let (status, body) = s.get(path);
        if path.ends_with("nope") {
            assert_eq!(status, 404, "unknown routes are 404 before the token");
            continue;
        }
        assert_eq!(status, 401, "{path}: {body}");
        assert!(error_of(&body).contains("token"));
    }
    let call = |auth: &str| {
        Served::agent()
            .get(&format!("{}/api/logs/health", s.base))
            .header("Authorization", auth)
            .header("Origin", "http://dash.example")
            .call()
            .unwrap()
    };
    assert_eq!(call("Bearer wrong").status(), 401);
    assert_eq!(call("Bearer s3cret-tok").status(), 401);
    let ok = call("Bearer s3cret-token");
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "http://dash.example"
    );
    // The browser's preflight carries no token.
    let preflight = ureq::http::Request::builder()
        .method("OPTIONS")
        .uri(format!("{}/api/logs/health", s.base))
        .header("Origin", "http://dash.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .body(())
        .unwrap();
    let pre = Served::agent().run(preflight).unwrap();
    assert_eq!(pre.status(), 204);
    assert_eq!(
        pre.headers()["access-control-allow-origin"],
        "http://dash.example"
    );
    assert!(
        pre.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let other = Served::agent()
        .get(&format!("{}/api/logs/health", s.base))
        .header("Authorization", "Bearer s3cret-token")
        .header("Origin", "http://evil.example")
        .call()
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    // The environment variable works too, and the token stays out of `ps`.
    let e = Served::start_env(&[], &[("LOGWARDEN_API_TOKEN", "from-env")]);
    assert_eq!(e.get("/api/logs/health").0, 401);
    let args = std::fs::read_to_string(format!("/proc/{}/cmdline", e.child.id())).unwrap();
    assert!(!args.contains("from-env"));
}

#[test]
fn public_addresses_need_a_token_or_an_explicit_insecure_flag() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("a.log");
    std::fs::write(&log, "").unwrap();
    let state = dir.path().join("state");
    let (code, stderr) = run_to_end(&[
        "--no-tui",
        "--api",
        "0.0.0.0:0",
        "--state",
        state.to_str().unwrap(),
        log.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("refusing") && stderr.contains("--api-token"),
        "{stderr}"
    );
    let (code, stderr) = run_to_end(&["--no-tui", log.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--api"), "{stderr}");
    let (code, stderr) = run_to_end(&["--no-tui", "--api", "app.log", log.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("HOST:PORT"), "{stderr}");
    let s = Served::start(&["--api", "0.0.0.0:0", "--api-insecure"]);
    let port = s.addr.rsplit(':').next().unwrap();
    let (status, _) = Served::agent()
        .get(&format!("http://127.0.0.1:{port}/api/logs/health"))
        .call()
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 200);
}

#[test]
fn secrets_are_redacted_unless_asked_not_to() {
    let line = "2026-03-10 08:00:01,002 ERROR [pool-3] OperationalError: could not connect to server postgres://app:hunter2@db:5432/orders: Connection refused\n";
    let s = Served::start(&[]);
    s.append(line);
    let v = s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    let issue = &v["issues"][0];
    for field in ["log_line", "event"] {
        let text = issue[field].as_str().unwrap();
        assert!(
            !text.contains("hunter2") && text.contains("app:[REDACTED]@db"),
            "{text}"
        );
    }
    // Text without digits stays in a group's template, and earlier
    // occurrences keep their lines: both are redacted too.
    let pair = "2026-03-10 08:00:02,002 ERROR [auth] login refused password=swordfish for admin\n";
    s.append(&format!("{pair}{pair}"));
    let v = s.wait_json("/api/logs/groups", |v| v["groups"][0]["count"] == 2);
    let text = v.to_string();
    assert!(!text.contains("swordfish"), "{text}");
    let issue = &v["groups"][0]["issue"];
    assert!(
        issue["template"].as_str().unwrap().contains("[REDACTED]"),
        "{issue}"
    );
    assert_eq!(issue["occurrences"].as_array().unwrap().len(), 1, "{issue}");
    let raw = Served::start(&["--no-redact"]);
    raw.append(line);
    let v = raw.wait_json("/api/logs/recent", |v| v["count"] == 1);
    assert!(
        v["issues"][0]["log_line"]
            .as_str()
            .unwrap()
            .contains("hunter2")
    );
}

#[test]
fn the_event_stream_delivers_new_and_resolved_issues() {
    let s = Served::start(&[]);
    let stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    (&stream)
        .write_all(b"GET /api/logs/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(&stream);
    let next_data = |reader: &mut BufReader<&TcpStream>| -> Value {
        loop {
            let mut line = String::new();
            let n = reader.read_line(&mut line).unwrap();
            assert!(n > 0, "the stream ended");
            if let Some(json) = line.trim_end().strip_prefix("data: ") {
                return serde_json::from_str(json).unwrap();
            }
        }
    };
    // Wait until the stream is open before writing.
    let mut headers = String::new();
    while !headers.contains("event stream") {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0);
        headers.push_str(&line);
    }
    assert!(
        headers
            .to_lowercase()
            .contains("content-type: text/event-stream"),
        "{headers}"
    );
    s.append(DB_DOWN);
    let event = next_data(&mut reader);
    assert_eq!(event["change"], "new");
    assert_eq!(event["issue"]["issue_type"], "database_connection");
    let id = event["issue"]["id"].as_str().unwrap().to_string();
    assert_eq!(s.post(&format!("/api/logs/issues/{id}/resolve")).0, 200);
    let event = next_data(&mut reader);
    assert_eq!(event["change"], "resolved");
    assert_eq!(event["issue"]["resolved"], true);
}

#[test]
fn a_web_page_cannot_change_state_or_read_through_dns_rebinding() {
    let s = Served::start(&[]);
    s.append("2026-03-10 08:00:01,002 ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused\n");
    let v = s.wait_json("/api/logs/recent", |v| v["count"] == 1);
    let id = v["issues"][0]["id"].as_str().unwrap().to_string();
    let host = s.addr.clone();
    // A cross-site POST (a form or fetch from another origin) is refused.
    let answer = s.raw(
        format!(
            "POST /api/logs/issues/{id}/resolve HTTP/1.1\r\nHost: {host}\r\nOrigin: https://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(answer.contains("cross-origin"), "{answer}");
    assert_eq!(
        s.get_json("/api/logs/recent")["issues"][0]["resolved"],
        false
    );
    // A page's own name pointed at 127.0.0.1 (DNS rebinding) reads nothing.
    let answer = s.raw(
        b"GET /api/logs/recent HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    // The server's own origin, and scripts (no Origin), still work.
    let answer = s.raw(
        format!(
            "POST /api/logs/issues/{id}/resolve HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let answer =
        s.raw(b"GET /api/logs/health HTTP/1.1\r\nHost: localhost:1\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
