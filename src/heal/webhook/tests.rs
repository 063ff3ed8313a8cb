#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;

use chrono::TimeZone;

use super::*;
use crate::heal::WebhookFormat;

const LONG: Duration = Duration::from_secs(20);

/// An alert with a field, firing, no link back (for the body tests too).
pub(super) fn payload() -> AlertPayload {
    AlertPayload {
        name: "ssh_bruteforce".into(),
        issue_id: "0123abcd".into(),
        issue_type: "auth_failure".into(),
        severity: "CRITICAL".into(),
        category: "Security".into(),
        host: "web1".into(),
        source: "/var/log/auth.log".into(),
        description: "Repeated failed logins".into(),
        line: "Failed password for root from 203.0.113.9".into(),
        fields: vec![("client_ip".into(), "203.0.113.9".into())],
        starts_at: Utc.with_ymd_and_hms(2025, 3, 1, 12, 30, 5).unwrap(),
        ends_at: None,
        url: None,
        place_is_identity: true,
    }
}

/// `bytes` parsed as JSON.
pub(super) fn json_of(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn scrub_takes_out_url_parts_and_token() {
    let url = Secret::new("https://hooks.example.com/services/T0/B0/XYZ".into());
    let token = Secret::new("s3cr3t".into());
    let text =
        "failed for https://hooks.example.com/services/T0/B0/XYZ at hooks.example.com with s3cr3t";
    let clean = scrub(text, &url, Some(&token));
    assert_eq!(clean, "failed for <hidden> at <hidden> with <hidden>");

    let url = Secret::new("http://user:pw@10.0.0.5:8080/x".into());
    let clean = scrub("10.0.0.5:8080 user:pw 10.0.0.5 refused", &url, None);
    assert_eq!(clean, "<hidden> <hidden> <hidden> refused");
}

// ---- a real receiver ----

/// One request as the receiver read it.
#[derive(Debug)]
struct Received {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one request (headers, then a Content-Length body) from `stream`.
fn read_request(stream: &TcpStream) -> Received {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap().to_string();
    let path = parts.next().unwrap().to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':').unwrap();
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    Received {
        method,
        path,
        headers,
        body,
    }
}

/// A receiver on 127.0.0.1 that answers one request with `status` and
/// `answer`; its URL (with `path`), and the request it got.
fn receiver(path: &str, status: &str, answer: &str) -> (Secret, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}{path}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    let (status, answer) = (status.to_string(), answer.to_string());
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let got = read_request(&stream);
        let reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
        stream.write_all(reply.as_bytes()).unwrap();
        let _ = tx.send(got);
    });
    (Secret::new(url), rx)
}

#[tokio::test]
async fn posts_json_with_the_bearer_token() {
    let (url, got) = receiver("/hook/T0/B0?x=1", "200 OK", "ok");
    let token = Secret::new("tok-123".into());
    let sent = body(WebhookFormat::Alertmanager, &payload());
    let out = post(&url, Some(&token), sent.clone(), LONG).await;
    assert!(out.ok, "{out:?}");
    assert_eq!(out.exit, None);
    assert_eq!(out.error, None);
    assert_eq!(out.output, "ok");
    let req = got.recv().unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/hook/T0/B0?x=1");
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("authorization"), Some("Bearer tok-123"));
    assert_eq!(req.body, sent);
    assert_eq!(
        json_of(&req.body)[0]["labels"]["alertname"],
        "ssh_bruteforce"
    );
}

#[tokio::test]
async fn no_token_no_authorization_header() {
    let (url, got) = receiver("/hook", "204 No Content", "");
    let out = post(&url, None, body(WebhookFormat::Generic, &payload()), LONG).await;
    assert!(out.ok, "{out:?}");
    let req = got.recv().unwrap();
    assert_eq!(req.header("authorization"), None);
    assert_eq!(json_of(&req.body)["status"], "firing");
}

#[tokio::test]
async fn a_500_is_not_ok_and_keeps_the_answer() {
    let (url, _got) = receiver("/hook", "500 Internal Server Error", "boom \u{1b}[31mred");
    let out = post(&url, None, b"{}".to_vec(), LONG).await;
    assert!(!out.ok);
    assert_eq!(
        out.error.as_deref(),
        Some("HTTP 500 Internal Server Error from the webhook")
    );
    assert_eq!(out.output, "boom red");
}

#[tokio::test]
async fn a_long_answer_is_cut() {
    let answer = "z".repeat(OUTPUT_CAP + 100);
    let (url, _got) = receiver("/hook", "404 Not Found", &answer);
    let out = post(&url, None, b"{}".to_vec(), LONG).await;
    assert!(!out.ok);
    assert_eq!(
        out.error.as_deref(),
        Some("HTTP 404 Not Found from the webhook")
    );
    assert!(
        out.output.ends_with("\n[… 100 more bytes cut]"),
        "{}",
        &out.output[OUTPUT_CAP..]
    );
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let (url, _got) = receiver(
        "/hook",
        "302 Found\r\nLocation: http://127.0.0.1:9/elsewhere",
        "",
    );
    let out = post(&url, Some(&Secret::new("tok".into())), b"{}".to_vec(), LONG).await;
    assert!(!out.ok);
    assert_eq!(
        out.error.as_deref(),
        Some("HTTP 302 Found from the webhook")
    );
}

fn assert_no_secret(out: &Outcome, url: &str) {
    let error = out.error.as_deref().unwrap();
    let port = url.rsplit(':').next().unwrap().split('/').next().unwrap();
    for secret in [url, "127.0.0.1", "SECRET", "tok-xyz", port] {
        assert!(!error.contains(secret), "{error:?} names {secret:?}");
        assert!(!out.output.contains(secret), "{:?}", out.output);
    }
}

#[tokio::test]
async fn a_refused_connection_does_not_name_the_url() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let raw = format!("http://127.0.0.1:{port}/services/SECRET");
    let token = Secret::new("tok-xyz".into());
    let out = post(
        &Secret::new(raw.clone()),
        Some(&token),
        b"{}".to_vec(),
        LONG,
    )
    .await;
    assert!(!out.ok);
    assert_eq!(
        out.error.as_deref(),
        Some("webhook unreachable: connection refused")
    );
    assert_no_secret(&out, &raw);
}

#[tokio::test]
async fn a_silent_receiver_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let raw = format!("http://{}/services/SECRET", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel::<()>();
    // Reads the request, then holds the connection open without a word.
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let _got = read_request(&stream);
        let _ = rx.recv();
    });
    let out = post(
        &Secret::new(raw.clone()),
        None,
        b"{}".to_vec(),
        Duration::from_secs(2),
    )
    .await;
    drop(tx);
    assert!(!out.ok);
    assert_eq!(out.error.as_deref(), Some("timed out after 2s"));
    assert!(out.elapsed >= Duration::from_secs(2));
    assert_no_secret(&out, &raw);
}

#[tokio::test]
async fn https_to_a_plain_listener_fails_without_naming_the_url() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let raw = format!("https://{}/services/SECRET", listener.local_addr().unwrap());
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    });
    let out = post(&Secret::new(raw.clone()), None, b"{}".to_vec(), LONG).await;
    assert!(!out.ok, "{out:?}");
    let error = out.error.as_deref().unwrap();
    assert!(error.starts_with("webhook request failed: "), "{error}");
    assert_no_secret(&out, &raw);
}

#[tokio::test]
async fn a_bad_url_is_an_error_that_does_not_quote_it() {
    for raw in [
        "not a url SECRET",
        "ftp://127.0.0.1/SECRET",
        "http://[::1/SECRET",
    ] {
        let out = post(&Secret::new(raw.into()), None, b"{}".to_vec(), LONG).await;
        assert!(!out.ok, "{raw}");
        let error = out.error.unwrap();
        assert!(!error.contains("SECRET"), "{error}");
    }
}
