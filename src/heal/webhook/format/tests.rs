#![allow(clippy::unwrap_used)]

use chrono::TimeZone;
use serde_json::Value;

use super::*;
use crate::heal::webhook::tests::{json_of, payload};
use crate::model::test_issue;

#[test]
fn from_issue_takes_the_issue_fields() {
    let issue = test_issue("abc");
    let fields = vec![("unit".to_string(), "nginx".to_string())];
    let p = AlertPayload::from_issue(&issue, "db2", &fields);
    assert_eq!(p.name, "disk_full");
    assert_eq!(p.issue_type, "disk_full");
    assert_eq!(p.issue_id, "abc");
    assert_eq!(p.severity, "CRITICAL");
    assert_eq!(p.category, "Filesystem Issue");
    assert_eq!(p.host, "db2");
    assert_eq!(p.source, "/var/log/app.log");
    assert_eq!(p.line, "No space left on device");
    assert_eq!(p.fields, fields);
    assert_eq!(p.starts_at, issue.first_seen.instant());
    assert_eq!(p.ends_at, None);
    assert_eq!(p.url, None);
}

#[test]
fn generic_has_every_field_and_a_status() {
    let v = json_of(&body(WebhookFormat::Generic, &payload()));
    assert_eq!(v["status"], "firing");
    assert_eq!(v["name"], "ssh_bruteforce");
    assert_eq!(v["issue_id"], "0123abcd");
    assert_eq!(v["issue_type"], "auth_failure");
    assert_eq!(v["severity"], "CRITICAL");
    assert_eq!(v["category"], "Security");
    assert_eq!(v["host"], "web1");
    assert_eq!(v["source"], "/var/log/auth.log");
    assert_eq!(v["description"], "Repeated failed logins");
    assert_eq!(v["line"], "Failed password for root from 203.0.113.9");
    assert_eq!(v["fields"], json!({"client_ip": "203.0.113.9"}));
    assert_eq!(v["starts_at"], "2025-03-01T12:30:05.000Z");
    assert_eq!(v["ends_at"], Value::Null);
    assert_eq!(v["url"], Value::Null);

    let mut done = payload();
    done.ends_at = Some(Utc.with_ymd_and_hms(2025, 3, 1, 13, 0, 0).unwrap());
    done.url = Some("http://mon/issues/0123abcd".into());
    let v = json_of(&body(WebhookFormat::Generic, &done));
    assert_eq!(v["status"], "resolved");
    assert_eq!(v["ends_at"], "2025-03-01T13:00:00.000Z");
    assert_eq!(v["url"], "http://mon/issues/0123abcd");
}

#[test]
fn slack_is_one_escaped_line() {
    let mut p = payload();
    p.description = "Ping <!channel> & <http://evil|click>".into();
    p.line = format!("first\nsecond {}", "y".repeat(400));
    let v = json_of(&body(WebhookFormat::Slack, &p));
    let obj = v.as_object().unwrap();
    assert_eq!(obj.len(), 1);
    let text = v["text"].as_str().unwrap();
    assert!(
        text.starts_with("[CRITICAL] ssh_bruteforce on web1: Ping &lt;!channel&gt; &amp; &lt;http://evil|click&gt; | /var/log/auth.log: first second yyy"),
        "{text}"
    );
    assert!(!text.contains(['\n', '<', '>']), "{text}");
    assert!(text.ends_with("y…"), "{text}");
    let ys = text.chars().filter(|&c| c == 'y').count();
    assert_eq!(ys, SLACK_LINE_CHARS - "first second ".len());
}

#[test]
fn slack_says_resolved() {
    let mut p = payload();
    p.ends_at = Some(p.starts_at);
    let v = json_of(&body(WebhookFormat::Slack, &p));
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .starts_with("Resolved: [CRITICAL]")
    );
}

#[test]
fn alertmanager_is_an_array_of_one_postable_alert() {
    let mut p = payload();
    p.fields = vec![
        ("client-ip".into(), "203.0.113.9".into()),
        ("1st".into(), "a".into()),
        ("host".into(), "spoofed".into()),
        ("__name__".into(), "b".into()),
        ("empty".into(), String::new()),
    ];
    p.category = String::new();
    let v = json_of(&body(WebhookFormat::Alertmanager, &p));
    let alerts = v.as_array().unwrap();
    assert_eq!(alerts.len(), 1);
    let a = &alerts[0];
    assert_eq!(
        a["labels"],
        json!({
            "alertname": "ssh_bruteforce",
            "severity": "critical",
            "type": "auth_failure",
            "host": "web1",
            "source": "/var/log/auth.log",
            "client_ip": "203.0.113.9",
            "_1st": "a",
            "field__name__": "b",
        })
    );
    assert_eq!(
        a["annotations"],
        json!({
            "description": "Repeated failed logins",
            "summary": "Failed password for root from 203.0.113.9",
            "issue_id": "0123abcd",
        })
    );
    assert_eq!(a["startsAt"], "2025-03-01T12:30:05.000Z");
    let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "no endsAt or generatorURL: {keys:?}");
}

#[test]
fn an_alert_counted_by_a_value_is_labelled_by_it_not_by_where_it_last_occurred() {
    let mut p = payload();
    p.place_is_identity = false;
    p.fields.push(("host".into(), "spoofed".into()));
    let v = json_of(&body(WebhookFormat::Alertmanager, &p));
    let a = &v[0];
    assert_eq!(
        a["labels"],
        json!({
            "alertname": "ssh_bruteforce",
            "severity": "critical",
            "type": "auth_failure",
            "category": "Security",
            "client_ip": "203.0.113.9",
        })
    );
    assert_eq!(a["annotations"]["latest_host"], "web1");
    assert_eq!(a["annotations"]["latest_source"], "/var/log/auth.log");
}

#[test]
fn alertmanager_ends_and_links_back_when_told() {
    let mut p = payload();
    p.ends_at = Some(Utc.with_ymd_and_hms(2025, 3, 1, 13, 0, 0).unwrap());
    p.url = Some("http://mon/issues/0123abcd".into());
    let v = json_of(&body(WebhookFormat::Alertmanager, &p));
    assert_eq!(v[0]["endsAt"], "2025-03-01T13:00:00.000Z");
    assert_eq!(v[0]["generatorURL"], "http://mon/issues/0123abcd");
    let starts = DateTime::parse_from_rfc3339(v[0]["startsAt"].as_str().unwrap()).unwrap();
    assert_eq!(starts, p.starts_at);
}

#[test]
fn label_names_are_made_valid() {
    assert_eq!(label_name("client_ip"), "client_ip");
    assert_eq!(label_name("client-ip"), "client_ip");
    assert_eq!(label_name("a.b c"), "a_b_c");
    assert_eq!(label_name("9lives"), "_9lives");
    assert_eq!(label_name(""), "_");
    assert_eq!(label_name("été"), "_t_");
    assert_eq!(label_name("__x"), "field__x");
}
