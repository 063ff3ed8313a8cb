use super::*;

/// A request as the Collector's otlphttp exporter writes it (encoding: json).
const REQUEST: &str = r#"{
  "resourceLogs": [{
    "resource": {"attributes": [
      {"key": "host.name", "value": {"stringValue": "db-1"}},
      {"key": "service.name", "value": {"stringValue": "postgres"}},
      {"key": "host.cpus", "value": {"intValue": "8"}}
    ]},
    "scopeLogs": [{
      "scope": {"name": "filelog"},
      "logRecords": [
        {"timeUnixNano": "1710057600123456789", "observedTimeUnixNano": "1710057601000000000",
         "severityNumber": 17, "severityText": "ERROR",
         "body": {"stringValue": "FATAL: the database system is shutting down"},
         "attributes": [{"key": "log.file.path", "value": {"stringValue": "/var/log/pg.log"}}],
         "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174", "flags": 1},
        {"timeUnixNano": 0, "observedTimeUnixNano": 1710057602000000000,
         "body": {"kvlistValue": {"values": [
           {"key": "msg", "value": {"stringValue": "slow"}},
           {"key": "ms", "value": {"intValue": 1200}},
           {"key": "ok", "value": {"boolValue": false}},
           {"key": "tags", "value": {"arrayValue": {"values": [{"doubleValue": 1.5}, {}]}}}
         ]}}},
        {"timeUnixNano": "1710057603000000000", "attributes": []},
        {"body": {}}
      ]
    }]
  }, {
    "resource": {},
    "scopeLogs": [{"logRecords": [{"body": {"stringValue": "no resource"},
      "attributes": [{"key": "log.file.name", "value": {"stringValue": "app.log"}}]}]}]
  }, {
    "scopeLogs": [{"logRecords": [{"body": {"intValue": "-3"}}]}]
  }]
}"#;

#[test]
fn records_get_host_stream_time_and_text() {
    let parsed = parse(REQUEST.as_bytes(), "192.0.2.7").unwrap();
    let a = &parsed.arrivals;
    assert_eq!(a.len(), 4);
    assert_eq!(
        (a[0].host.as_str(), a[0].stream.as_str()),
        ("db-1", "/var/log/pg.log")
    );
    assert_eq!(a[0].text, b"FATAL: the database system is shutting down");
    assert_eq!(a[0].time.as_deref(), Some("2024-03-10T08:00:00.123456789Z"));
    // No file: the service; no event time: the observed one.
    assert_eq!(a[1].stream, "postgres");
    assert_eq!(a[1].time.as_deref(), Some("2024-03-10T08:00:02Z"));
    // (Keys in order, as every structured message is written.)
    assert_eq!(
        String::from_utf8(a[1].text.clone()).unwrap(),
        r#"{"ms":1200,"msg":"slow","ok":false,"tags":[1.5,null]}"#
    );
    // No host.name: the peer; log.file.name names the stream.
    assert_eq!(
        (a[2].host.as_str(), a[2].stream.as_str()),
        ("192.0.2.7", "app.log")
    );
    assert_eq!(a[2].time, None);
    assert_eq!(
        (a[3].stream.as_str(), a[3].text.as_slice()),
        ("otlp", &b"-3"[..])
    );
    // Records without a body (absent, or an empty AnyValue) are rejected.
    assert_eq!(parsed.rejected, 2);
    assert_eq!(
        parsed.errors,
        [
            "resourceLogs[0].scopeLogs[0].logRecords[2]: no body",
            "resourceLogs[0].scopeLogs[0].logRecords[3]: no body"
        ]
    );
}

#[test]
fn proto_field_names_are_taken_too() {
    let body = r#"{"resource_logs":[{"scope_logs":[{"log_records":[{"time_unix_nano":"1710057600000000000","body":{"string_value":"x"}}]}]}]}"#;
    let parsed = parse(body.as_bytes(), "p").unwrap();
    assert_eq!(parsed.arrivals[0].text, b"x");
    assert_eq!(
        parsed.arrivals[0].time.as_deref(),
        Some("2024-03-10T08:00:00Z")
    );
}

#[test]
fn what_is_not_a_request_is_refused_whole() {
    assert_eq!(parse(b"", "p").unwrap().arrivals.len(), 0);
    assert_eq!(parse(b"{}", "p").unwrap().arrivals.len(), 0);
    for bad in [
        "not json",
        r#"{"resourceLogs": {}}"#,
        r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}"#,
        r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"-1"}]}]}]}"#,
        // A JSON record for /api/ingest, sent here.
        r#"{"message":"ERROR: database connection refused","host":"web-1"}"#,
    ] {
        let refused = parse(bad.as_bytes(), "p").unwrap_err();
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            refused.message.contains("ExportLogsServiceRequest"),
            "{bad}"
        );
    }
}

#[test]
fn answers_are_export_logs_service_responses() {
    assert_eq!(answer(0, &[]), b"{}");
    let body = answer(2, &["a: no body".into(), "b: no body".into()]);
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"2 log records rejected (logwarden classifies a record's body): a: no body; b: no body"}}"#
    );
}

#[test]
fn protobuf_is_refused_with_what_to_set() {
    let mut headers = HeaderMap::new();
    assert!(check_type(&headers).is_ok());
    headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    assert!(check_type(&headers).is_ok());
    headers.insert(
        header::CONTENT_TYPE,
        "Application/X-Protobuf; charset=x".parse().unwrap(),
    );
    let refused = check_type(&headers).unwrap_err();
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(refused.message.contains("encoding: json"));
}
