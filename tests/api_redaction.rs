//! Secrets written to a watched file never leave the real binary: not
//! through the API's issue lists, the event stream, nor an export (JSON
//! or CSV).
//! One line per class of secret, each with a marker that must come out,
//! so a line that went missing cannot pass for a line that was redacted.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use serde_json::Value;

mod support;
use support::api::{DEADLINE, Served};
use support::cli::run;

/// (marker, the line's message after the level, the secrets in it).
const LINES: &[(&str, &str, &[&str])] = &[
    (
        "case-url-empty-user",
        "[db] connect failed redis://:Zq7pR2vLx9@cache:6379/0",
        &["Zq7pR2vLx9"],
    ),
    (
        "case-url-at-password",
        "[db] connect failed postgres://app:p@ss!W0rd9@db:5432/orders",
        &["p@ss!W0rd9", "ss!W0rd9"],
    ),
    (
        "case-mysql-flag",
        "[cli] command failed: mysql -uroot -pM7yS3cr3tQ -h db",
        &["M7yS3cr3tQ"],
    ),
    (
        "case-long-flag",
        "[cli] backup failed: pg_dump --password Hx8Tq2LmZ5 app",
        &["Hx8Tq2LmZ5"],
    ),
    (
        "case-json-pair",
        r#"[api] request failed {"user":"bob","password": "J5v9Kq2Wz8"}"#,
        &["J5v9Kq2Wz8"],
    ),
    (
        "case-basic-auth",
        "[api] upstream failed Authorization: Basic dXNlcjpQOXhMbTJWcTc=",
        &["dXNlcjpQOXhMbTJWcTc"],
    ),
    (
        "case-cookie",
        "[api] call failed Cookie: sessionid=Xs8Lq3Nm7Vb2; csrftoken=Pq2Wm8Zk4R",
        &["Xs8Lq3Nm7Vb2", "Pq2Wm8Zk4R"],
    ),
    (
        "case-github-token",
        "[git] push failed with ghp_Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7Bc0Ef3Hi6",
        &["Ab3De6Gh9Jk2Mn5Pq8St1Vw4Yz7Bc0Ef3Hi6"],
    ),
    (
        "case-prose",
        "[auth] login failed: the password is Wq4Zx8Lp2N",
        &["Wq4Zx8Lp2N"],
    ),
    (
        "case-sas",
        "[blob] download failed https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=Gm5Q%2Bx7Lz9Wv3Yk8Rt2%3D",
        &["Gm5Q%2Bx7Lz9Wv3Yk8Rt2"],
    ),
    (
        "case-env-pairs",
        "[boot] start failed DB_PASS=Rr8Vn3Kq6Z MYSQL_ROOT_PASS=Tz5Mq9Wx2L",
        &["Rr8Vn3Kq6Z", "Tz5Mq9Wx2L"],
    ),
    (
        "case-stripe",
        "[pay] charge failed key sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        &["4eC39HqLyjWDarjtT1zdp7dc"],
    ),
];

/// Fails naming the secret if any is in `text`; and unless every marker is.
fn assert_clean(what: &str, text: &str) {
    for (marker, _, secrets) in LINES {
        assert!(text.contains(marker), "{what}: {marker} missing:\n{text}");
        for secret in *secrets {
            assert!(!text.contains(secret), "{what}: {secret} leaked:\n{text}");
        }
    }
}

/// Opens the event stream and returns its reader once it is open.
fn open_stream(s: &Served) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(&s.addr).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
    (&stream)
        .write_all(b"GET /api/logs/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        .expect("request");
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    while !seen.contains("event stream") {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).expect("read") > 0, "{seen}");
        seen.push_str(&line);
    }
    reader
}

#[test]
fn secrets_leave_neither_through_the_api_nor_an_export() {
    let mut s = Served::start(&[]);
    let mut stream = open_stream(&s);
    let text: String = LINES
        .iter()
        .enumerate()
        .map(|(n, (marker, message, _))| {
            format!("2026-03-10 08:00:{n:02},001 ERROR {marker} {message}\n")
        })
        .collect();
    s.append(&text);
    let recent = s.wait_json("/api/logs/recent?limit=1000", |v: &Value| {
        let text = v.to_string();
        LINES.iter().all(|(marker, _, _)| text.contains(marker))
    });
    assert_clean("/api/logs/recent", &recent.to_string());
    // The stream told of every one of them, redacted.
    let mut events = String::new();
    while !LINES.iter().all(|(marker, _, _)| events.contains(marker)) {
        let mut line = String::new();
        assert!(stream.read_line(&mut line).expect("read") > 0, "{events}");
        if line.starts_with("data: ") {
            events.push_str(&line);
        }
    }
    assert_clean("/api/logs/stream", &events);
    for path in ["/api/logs/groups?limit=1000", "/api/logs/critical"] {
        let (status, body) = s.get(path);
        assert_eq!(status, 200, "{path}");
        for (_, _, secrets) in LINES {
            for secret in *secrets {
                assert!(!body.contains(secret), "{path}: {secret} leaked:\n{body}");
            }
        }
    }
    // Stopped first, so everything the server held is in the history.
    let (status, _) = s.terminate();
    assert!(status.success(), "{status}");
    let state = s.dir.path().join("state");
    let state = state.to_str().expect("UTF-8 temp path");
    for format in ["json", "csv"] {
        let out = run(&["export", "--state", state, "--format", format], None);
        assert!(out.status.success(), "export {format}: {out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_clean(&format!("export --format {format}"), &text);
    }
    // The same history exported raw still holds them: the lines were kept
    // as written, and it is the way out that hides them.
    let out = run(&["export", "--state", state, "--no-redact"], None);
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(raw.contains("M7yS3cr3tQ"), "{raw}");
}
