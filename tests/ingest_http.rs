//! The HTTP ingest endpoints (`--ingest`) on the real binary: JSON records
//! as Vector and Fluent Bit send them (lines, arrays, gzip) and OTLP/HTTP
//! JSON as the OpenTelemetry Collector sends it become issues with the
//! sender's host, stream and time; bad records are counted, never fatal;
//! the token, the size limits and the encodings are enforced.
//!
//! A full queue (429) cannot be made from outside without a test hook: the
//! remote thread drains it as fast as it is filled. It is tested in the
//! server's unit tests (`server::shippers`) on a full channel.

// Helpers outside #[test] functions may unwrap too: a panic fails the test.
#![allow(clippy::unwrap_used)]

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

mod support;
use support::api::Served;

const DB_DOWN: &str =
    "ERROR [pool-3] psycopg2.OperationalError: could not connect to server: Connection refused";
const PERMISSION: &str =
    "ERROR [writer] PermissionError: [Errno 13] Permission denied: '/var/lib/app/spool'";
const DISK_FULL: &str = "ERROR [store] write failed: No space left on device";

/// POSTs `body` to `path` with `headers`: (status, body).
fn post(s: &Served, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut request = Served::agent().post(&format!("{}{path}", s.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut resp = request.send(body).expect("request completes");
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap_or_default())
}

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// Lines of JSON, one per record.
fn ndjson(records: &[Value]) -> Vec<u8> {
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    format!("{}\n", lines.join("\n")).into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Waits until issues from `source` (`host:stream`) number at least `n`;
/// returns them.
fn issues_from(s: &Served, source: &str, n: usize) -> Vec<Value> {
    let of = |list: &Value| -> Vec<Value> {
        (list["issues"].as_array().unwrap().iter())
            .filter(|i| i["source_file"] == source)
            .cloned()
            .collect()
    };
    let list = s.wait_json("/api/logs/recent?limit=1000", |v| of(v).len() >= n);
    of(&list)
}

#[test]
fn vector_records_from_three_hosts_become_their_issues() {
    let s = Served::start(&["--ingest"]);
    // As Vector's file source and http sink (codec json, newline framing)
    // write them.
    let record = |host: &str, message: &str, at: &str| {
        json!({"file": "/var/log/app.log", "host": host, "message": message,
               "source_type": "file", "timestamp": at})
    };
    let body = ndjson(&[
        record("web-1", DB_DOWN, "2026-03-10T08:00:01.002Z"),
        record("web-2", PERMISSION, "2026-03-10T08:00:02.500Z"),
        record("db-1", DISK_FULL, "2026-03-10T08:00:03Z"),
    ]);
    let headers = [("Content-Type", "application/x-ndjson")];
    let (status, answer) = post(&s, "/api/ingest", &headers, &body);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        parse(&answer),
        json!({"status": "success", "accepted": 3, "rejected": 0, "errors": []})
    );
    for (host, time, text) in [
        ("web-1", "2026-03-10T08:00:01", DB_DOWN),
        ("web-2", "2026-03-10T08:00:02", PERMISSION),
        ("db-1", "2026-03-10T08:00:03", DISK_FULL),
    ] {
        let issues = issues_from(&s, &format!("{host}:/var/log/app.log"), 1);
        assert_eq!(issues.len(), 1, "{issues:#?}");
        let issue = &issues[0];
        assert_eq!(issue["host"], host);
        assert_eq!(issue["stream"], "/var/log/app.log");
        assert_eq!(issue["log_line"], text);
        let log_time = issue["log_time"].as_str().unwrap_or("");
        assert!(log_time.starts_with(time), "{host}: {issue}");
    }
}

#[test]
fn arrays_gzip_and_the_senders_address() {
    let s = Served::start(&["--ingest"]);
    // Fluent Bit's `format json`: an array; `date` in seconds; no host.
    let body = json!([
        {"date": 1773129601.25, "log": DB_DOWN, "appname": "orders"},
        {"date": 1773129602, "log": "INFO all good", "appname": "orders"}
    ]);
    let (status, answer) = post(&s, "/api/ingest", &[], body.to_string().as_bytes());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(parse(&answer)["accepted"], 2);
    let issues = issues_from(&s, "127.0.0.1:orders", 1);
    assert_eq!(issues[0]["host"], "127.0.0.1", "the peer names the host");
    let log_time = issues[0]["log_time"].as_str().unwrap();
    assert!(log_time.starts_with("2026-03-10T08:00:01"), "{log_time}");
    // Fluent Bit's json_lines, gzipped (its `compress gzip`).
    let lines =
        ndjson(&[json!({"log": PERMISSION, "hostname": "batch-7", "path": "/srv/job.log"})]);
    let headers = [("Content-Encoding", "gzip")];
    let (status, answer) = post(&s, "/api/ingest", &headers, &gzip(&lines));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(parse(&answer)["accepted"], 1);
    let issues = issues_from(&s, "batch-7:/srv/job.log", 1);
    assert_eq!(issues[0]["log_line"], PERMISSION);
    // Nothing at all is fine too.
    let (status, answer) = post(&s, "/api/ingest", &[], b"");
    assert_eq!(
        (status, parse(&answer)["accepted"].clone()),
        (200, json!(0))
    );
}

#[test]
fn bad_records_are_counted_and_the_good_ones_taken() {
    let s = Served::start(&["--ingest"]);
    let mut body = ndjson(&[json!({"message": DB_DOWN, "host": "ok-host", "file": "a.log"})]);
    body.extend_from_slice(b"{not json\n");
    body.extend(ndjson(&[
        json!({"level": "error", "host": "ok-host"}),
        json!({"message": DISK_FULL, "host": "ok-host", "file": "a.log"}),
    ]));
    body.extend_from_slice(b"\"just a string\"\n");
    let (status, answer) = post(&s, "/api/ingest", &[], &body);
    assert_eq!(status, 200, "{answer}");
    let answer = parse(&answer);
    assert_eq!(
        (answer["accepted"].clone(), answer["rejected"].clone()),
        (json!(2), json!(3))
    );
    let errors: Vec<&str> = (answer["errors"].as_array().unwrap().iter())
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(errors[0].starts_with("line 2: not JSON: "), "{errors:?}");
    assert!(
        errors[1].starts_with("line 3: no message field"),
        "{errors:?}"
    );
    assert_eq!(errors[2], "line 5: not a JSON object but a string");
    assert_eq!(issues_from(&s, "ok-host:a.log", 2).len(), 2);
    // Nothing could be taken: 400, with the same counts.
    let (status, answer) = post(&s, "/api/ingest", &[], b"nope\n{\"msg\":null}\n");
    assert_eq!(status, 400, "{answer}");
    let answer = parse(&answer);
    assert_eq!(answer["status"], "error");
    assert_eq!(
        (answer["accepted"].clone(), answer["rejected"].clone()),
        (json!(0), json!(2))
    );
    // A broken array is refused whole.
    let (status, answer) = post(&s, "/api/ingest", &[], b"[{\"message\":\"x\"},");
    assert_eq!(status, 400, "{answer}");
    assert!(
        parse(&answer)["error"]
            .as_str()
            .unwrap()
            .contains("not a JSON array")
    );
    // Still serving.
    assert_eq!(s.get("/api/logs/health").0, 200);
}

#[test]
fn otlp_json_from_the_collector_becomes_issues() {
    let s = Served::start(&["--ingest"]);
    let attribute = |key: &str, value: &str| json!({"key": key, "value": {"stringValue": value}});
    // The otlphttp exporter with `encoding: json` (gzip is its default).
    let request = json!({"resourceLogs": [{
        "resource": {"attributes": [attribute("host.name", "k8s-node-3"), attribute("service.name", "checkout")]},
        "scopeLogs": [{"scope": {}, "logRecords": [
            {"timeUnixNano": "1773129604000000000", "observedTimeUnixNano": "1773129605000000000",
             "severityNumber": 17, "severityText": "ERROR",
             "body": {"stringValue": DB_DOWN},
             "attributes": [attribute("log.file.path", "/var/log/pods/checkout.log")],
             "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"},
            {"observedTimeUnixNano": "1773129606000000000", "body": {"stringValue": DISK_FULL}},
            {"timeUnixNano": "1773129606000000000"}
        ]}]
    }]});
    let headers = [
        ("Content-Type", "application/json"),
        ("Content-Encoding", "gzip"),
    ];
    let (status, answer) = post(
        &s,
        "/v1/logs",
        &headers,
        &gzip(request.to_string().as_bytes()),
    );
    assert_eq!(status, 200, "{answer}");
    let answer = parse(&answer);
    assert_eq!(
        answer["partialSuccess"]["rejectedLogRecords"], "1",
        "{answer}"
    );
    let issues = issues_from(&s, "k8s-node-3:/var/log/pods/checkout.log", 1);
    assert_eq!(issues[0]["host"], "k8s-node-3");
    assert_eq!(issues[0]["log_line"], DB_DOWN);
    let log_time = issues[0]["log_time"].as_str().unwrap();
    assert!(log_time.starts_with("2026-03-10T08:00:04"), "{log_time}");
    // No file: the service names the stream; no event time: the observed one.
    let issues = issues_from(&s, "k8s-node-3:checkout", 1);
    let log_time = issues[0]["log_time"].as_str().unwrap();
    assert!(log_time.starts_with("2026-03-10T08:00:06"), "{log_time}");
    // All accepted: an empty ExportLogsServiceResponse.
    let one = json!({"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": {"stringValue": "INFO fine"}}]}]}]});
    let (status, answer) = post(&s, "/v1/logs", &headers[..1], one.to_string().as_bytes());
    assert_eq!((status, answer.as_str()), (200, "{}"));
    // Protobuf is not read here, and the answer says what to set.
    let protobuf = [("Content-Type", "application/x-protobuf")];
    let (status, answer) = post(&s, "/v1/logs", &protobuf, b"\x0a\x00");
    assert_eq!(status, 415, "{answer}");
    assert!(answer.contains("encoding: json"), "{answer}");
    let (status, answer) = post(&s, "/v1/logs", &headers[..1], b"{\"resourceLogs\":7}");
    assert_eq!(status, 400, "{answer}");
}

#[test]
fn a_traceback_sent_as_several_records_is_one_issue() {
    let s = Served::start(&["--ingest"]);
    let lines = [
        "2026-12-06 10:00:00,123 ERROR [worker] Task failed",
        "Traceback (most recent call last):",
        "  File \"/app/worker.py\", line 42, in run",
        "    result = self.process(item)",
        "  File \"/app/worker.py\", line 88, in process",
        "    raise ValueError(\"bad item\")",
        "ValueError: bad item",
        "2026-12-06 10:00:01,000 INFO [worker] next item",
    ];
    // One record per line, as a shipper reading the file line by line sends them.
    let records: Vec<Value> = (lines.iter())
        .map(|line| json!({"message": line, "host": "app-1", "file": "/var/log/worker.log"}))
        .collect();
    let (status, answer) = post(&s, "/api/ingest", &[], &ndjson(&records));
    assert_eq!(status, 200, "{answer}");
    let source = "app-1:/var/log/worker.log";
    let list = s.wait_json("/api/logs/recent?limit=1000", |v| {
        (v["issues"].as_array().unwrap().iter()).any(|i| {
            i["source_file"] == source
                && i["event"]
                    .as_str()
                    .unwrap()
                    .contains("ValueError: bad item")
        })
    });
    let issues: Vec<&Value> = (list["issues"].as_array().unwrap().iter())
        .filter(|i| i["source_file"] == source)
        .collect();
    assert_eq!(issues.len(), 1, "one event: {issues:#?}");
    assert_eq!(issues[0]["log_line"], lines[0]);
    assert_eq!(issues[0]["severity"], "CRITICAL", "the traceback decides");
}

#[test]
fn the_token_the_switch_and_the_limits() {
    // A token: every ingest request needs it.
    let s = Served::start_env(&["--ingest"], &[("LOGWARDEN_API_TOKEN", "s3cret")]);
    let body = ndjson(&[json!({"message": "INFO hello"})]);
    for path in ["/api/ingest", "/v1/logs"] {
        let (status, answer) = post(&s, path, &[], &body);
        assert_eq!(status, 401, "{path}: {answer}");
    }
    let bearer = [("Authorization", "Bearer s3cret")];
    let (status, answer) = post(&s, "/api/ingest", &bearer, &body);
    assert_eq!(status, 200, "{answer}");
    drop(s);

    // Without --ingest: 404 saying how to turn them on.
    let s = Served::start(&[]);
    for path in ["/api/ingest", "/v1/logs"] {
        let (status, answer) = post(&s, path, &[], &body);
        assert_eq!(status, 404, "{path}: {answer}");
        assert!(answer.contains("--ingest"), "{answer}");
    }
    let (status, _) = s.get("/v1/logs");
    assert_eq!(status, 405, "POST only");
    drop(s);

    let s = Served::start(&["--ingest"]);
    // Over the limit as declared: refused before it is read.
    let answer = s.raw_keep_open(
        b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 30000000\r\n\r\n{",
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:?}");
    // A gzip bomb: 32 MiB of zeros in a few KiB stops at the limit.
    let bomb = gzip(&vec![0u8; 32 * 1024 * 1024]);
    let headers = [("Content-Encoding", "gzip")];
    let (status, answer) = post(&s, "/api/ingest", &headers, &bomb);
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("once decompressed"), "{answer}");
    // Not gzip after all; a compression not read here.
    let (status, _) = post(&s, "/api/ingest", &headers, b"{\"message\":\"x\"}");
    assert_eq!(status, 400);
    let (status, answer) = post(&s, "/api/ingest", &[("Content-Encoding", "zstd")], &body);
    assert_eq!(status, 415, "{answer}");
    // Still serving, and still taking logs.
    let (status, answer) = post(&s, "/api/ingest", &[], &body);
    assert_eq!(status, 200, "{answer}");
}
