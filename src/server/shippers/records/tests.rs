use super::*;

fn read(body: &str) -> Parsed {
    parse(body.as_bytes(), &IngestFields::default(), "10.0.0.9").unwrap()
}

fn texts(parsed: &Parsed) -> Vec<String> {
    (parsed.arrivals.iter())
        .map(|a| String::from_utf8(a.text.clone()).unwrap())
        .collect()
}

#[test]
fn vector_lines_give_host_stream_and_time() {
    let body = concat!(
        r#"{"message":"disk full","host":"web-1","file":"/var/log/app.log","timestamp":"2026-03-10T08:00:00.123456Z","source_type":"file"}"#,
        "\n",
        r#"{"log":"boom","hostname":"web-2","appname":"nginx","time":1710057600}"#,
        "\r\n\n",
        r#"{"msg":"x"}"#,
    );
    let parsed = read(body);
    assert_eq!(parsed.rejected, 0, "{:?}", parsed.errors);
    let a = &parsed.arrivals;
    assert_eq!(texts(&parsed), ["disk full", "boom", "x"]);
    assert_eq!(
        (a[0].host.as_str(), a[0].stream.as_str()),
        ("web-1", "/var/log/app.log")
    );
    assert_eq!(a[0].time.as_deref(), Some("2026-03-10T08:00:00.123456Z"));
    assert_eq!(
        (a[1].host.as_str(), a[1].stream.as_str()),
        ("web-2", "nginx")
    );
    assert_eq!(a[1].time.as_deref(), Some("2024-03-10T08:00:00Z"));
    // Nothing named: the peer and `http`.
    assert_eq!(
        (a[2].host.as_str(), a[2].stream.as_str()),
        ("10.0.0.9", "http")
    );
    assert_eq!(a[2].time, None);
}

#[test]
fn dotted_names_are_keys_first_then_paths() {
    let parsed = read(concat!(
        r#"{"message":"a","host":{"name":"ecs-host"},"log":{"file":{"path":"/p"}}}"#,
        "\n",
        r#"{"message":"b","host.name":"flat","host":{"name":"nested"}}"#,
        "\n",
        // A host that is not a name is looked past.
        r#"{"message":"c","host":{"ip":"1.2.3.4"},"_HOSTNAME":"journal"}"#,
    ));
    let a = &parsed.arrivals;
    assert_eq!(
        (a[0].host.as_str(), a[0].stream.as_str()),
        ("ecs-host", "/p")
    );
    assert_eq!(a[1].host, "flat", "the key as written wins");
    assert_eq!(a[2].host, "journal");
}

#[test]
fn messages_that_are_not_strings_are_kept_as_json() {
    let parsed = read(concat!(
        r#"{"message":{"level":"error","msg":"db down"}}"#,
        "\n",
        r#"{"message":42}"#,
        "\n",
        r#"{"message":null,"log":"from log"}"#,
    ));
    assert_eq!(
        texts(&parsed),
        [r#"{"level":"error","msg":"db down"}"#, "42", "from log"]
    );
}

#[test]
fn bad_lines_are_counted_with_their_line_and_the_rest_taken() {
    let parsed = read(concat!(
        r#"{"message":"ok 1"}"#,
        "\n",
        "not json at all\n",
        r#"{"nothing":"here"}"#,
        "\n",
        "[1,2]\n",
        r#"{"message":"ok 2"}"#,
        "\n",
        r#"{"message":"cut"#,
    ));
    assert_eq!(texts(&parsed), ["ok 1", "ok 2"]);
    assert_eq!(parsed.rejected, 4);
    assert_eq!(
        parsed.errors[0],
        "line 2: not JSON: expected ident at column 2"
    );
    assert_eq!(
        parsed.errors[1],
        "line 3: no message field (looked for message, log, msg, MESSAGE)"
    );
    assert_eq!(parsed.errors[2], "line 4: not a JSON object but an array");
    assert!(
        parsed.errors[3].starts_with("line 6: not JSON: EOF"),
        "{:?}",
        parsed.errors
    );
}

#[test]
fn only_the_first_reasons_are_kept_but_all_are_counted() {
    let body = "x\n".repeat(25);
    let parsed = read(&body);
    assert_eq!(parsed.rejected, 25);
    assert_eq!(parsed.errors.len(), super::super::MAX_ERRORS);
    assert!(parsed.errors[9].starts_with("line 10: "));
}

#[test]
fn arrays_and_single_objects() {
    let parsed = read(r#" [{"log":"a","date":1710057600.5},{"no":"message"},"str",{"log":"b"}]"#);
    assert_eq!(texts(&parsed), ["a", "b"]);
    assert_eq!(
        parsed.arrivals[0].time.as_deref(),
        Some("2024-03-10T08:00:00.500Z")
    );
    assert_eq!(parsed.rejected, 2);
    assert!(parsed.errors[0].starts_with("record 2: no message field"));
    assert_eq!(parsed.errors[1], "record 3: not a JSON object but a string");
    // One object over several lines.
    let parsed = read("{\n  \"message\": \"pretty\",\n  \"host\": \"h\"\n}\n");
    assert_eq!(texts(&parsed), ["pretty"]);
    assert_eq!(parsed.rejected, 0);
    // A broken array is refused whole.
    let refused = parse(b"[{\"log\":\"a\"},", &IngestFields::default(), "p").unwrap_err();
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.message.contains("not a JSON array"),
        "{}",
        refused.message
    );
}

#[test]
fn empty_bodies_and_configured_fields() {
    assert_eq!(read("").arrivals.len(), 0);
    assert_eq!(read(" \n\r\n").rejected, 0);
    let fields = IngestFields {
        message: vec!["text".into()],
        host: vec!["origin.machine".into()],
        stream: vec!["unit".into()],
        time: vec!["at".into()],
    };
    let body = br#"{"text":"t","message":"not this","origin":{"machine":"m"},"unit":"u","at":"yesterday"}"#;
    let parsed = parse(body, &fields, "p").unwrap();
    let a = &parsed.arrivals[0];
    assert_eq!(a.text, b"t");
    assert_eq!((a.host.as_str(), a.stream.as_str()), ("m", "u"));
    assert_eq!(a.time.as_deref(), Some("yesterday"));
}

#[test]
fn names_are_cut_and_cleaned() {
    let long = "h".repeat(300);
    let body = format!(r#"{{"message":"m","host":"{long}","file":"a\nb","timestamp":""}}"#);
    let parsed = read(&body);
    let a = &parsed.arrivals[0];
    assert_eq!(a.host.len(), crate::remote::NAME_CAP);
    assert_eq!(a.stream, "a?b");
    assert_eq!(a.time, None, "an empty time is none");
}

#[test]
fn answers() {
    let (status, body) = answer(2, 1, &["line 2: x".into()]);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"status":"success","accepted":2,"rejected":1,"errors":["line 2: x"]}"#
    );
    let (status, body) = answer(0, 1, &["line 1: x".into()]);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"status":"error","error":"no record could be taken (1 rejected; line 1: x)","accepted":0,"rejected":1,"errors":["line 1: x"]}"#
    );
    assert_eq!(answer(0, 0, &[]).0, StatusCode::OK, "an empty body is fine");
}
