//! The body of each webhook format: logwarden's own JSON, a Slack-style
//! `{"text"}` line, and Alertmanager's postable alerts.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::AlertPayload;
use crate::heal::WebhookFormat;

/// How much of the log line a Slack message quotes, in chars.
const SLACK_LINE_CHARS: usize = 300;
/// How much of the description a Slack message quotes, in chars.
const SLACK_DESCRIPTION_CHARS: usize = 500;

/// The JSON body `format` posts for `p`.
pub fn body(format: WebhookFormat, p: &AlertPayload) -> Vec<u8> {
    let value = match format {
        WebhookFormat::Generic => generic(p),
        WebhookFormat::Slack => json!({ "text": slack_text(p) }),
        WebhookFormat::Alertmanager => json!([alertmanager(p)]),
    };
    value.to_string().into_bytes()
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// logwarden's own shape: every field, `fields` as an object.
fn generic(p: &AlertPayload) -> Value {
    let fields: serde_json::Map<String, Value> = p
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "status": p.status(),
        "name": p.name,
        "issue_id": p.issue_id,
        "issue_type": p.issue_type,
        "severity": p.severity,
        "category": p.category,
        "host": p.host,
        "source": p.source,
        "description": p.description,
        "line": p.line,
        "fields": fields,
        "starts_at": rfc3339(p.starts_at),
        "ends_at": p.ends_at.map(rfc3339),
        "url": p.url,
    })
}

/// One line for a chat: `[CRITICAL] name on host: description | source: line`.
fn slack_text(p: &AlertPayload) -> String {
    let mut text = String::new();
    if p.ends_at.is_some() {
        text.push_str("Resolved: ");
    }
    text.push_str(&format!(
        "[{}] {} on {}: {} | {}: {}",
        one_line(&p.severity, 20),
        one_line(&p.name, 200),
        one_line(&p.host, 200),
        one_line(&p.description, SLACK_DESCRIPTION_CHARS),
        one_line(&p.source, 200),
        one_line(&p.line, SLACK_LINE_CHARS),
    ));
    if let Some(url) = &p.url {
        text.push_str(" | ");
        text.push_str(&one_line(url, 500));
    }
    slack_escape(&text)
}

/// `text` on one line (line breaks and controls as spaces), at most `max`
/// chars, an ellipsis marking a cut.
fn one_line(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Slack reads `<...>` as links and mentions (`<!channel>`) and `&` as an
/// entity: the three are escaped so a log line is only ever text.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One alert as Alertmanager's `POST /api/v2/alerts` takes it.
fn alertmanager(p: &AlertPayload) -> Value {
    let alertname = if p.name.is_empty() {
        "logwarden"
    } else {
        &p.name
    };
    let mut labels = BTreeMap::new();
    let place = [("host", p.host.clone()), ("source", p.source.clone())];
    let (place, latest) = if p.place_is_identity {
        (place.to_vec(), Vec::new())
    } else {
        (Vec::new(), place.to_vec())
    };
    let own = [
        ("alertname", alertname.to_string()),
        ("severity", p.severity.to_lowercase()),
        ("type", p.issue_type.clone()),
        ("category", p.category.clone()),
    ]
    .into_iter()
    .chain(place);
    // Ours first, so a field named `host` cannot replace the host; an
    // empty value is an absent label to Alertmanager, so none is sent.
    let named = own
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .chain(p.fields.iter().map(|(k, v)| (label_name(k), v.clone())))
        // Where it happened is ours to say (or not to, see above).
        .filter(|(k, _)| p.place_is_identity || (k != "host" && k != "source"));
    for (name, value) in named {
        if !value.is_empty() {
            labels.entry(name).or_insert(value);
        }
    }
    let mut annotations = BTreeMap::new();
    let latest = latest.iter().map(|(name, value)| {
        let name = if *name == "host" {
            "latest_host"
        } else {
            "latest_source"
        };
        (name, value)
    });
    for (name, value) in [
        ("description", &p.description),
        ("summary", &p.line),
        ("issue_id", &p.issue_id),
    ]
    .into_iter()
    .chain(latest)
    {
        if !value.is_empty() {
            annotations.insert(name, value.clone());
        }
    }
    let mut alert = json!({
        "labels": labels,
        "annotations": annotations,
        "startsAt": rfc3339(p.starts_at),
    });
    if let Value::Object(obj) = &mut alert {
        if let Some(end) = p.ends_at {
            obj.insert("endsAt".into(), Value::String(rfc3339(end)));
        }
        if let Some(url) = &p.url {
            obj.insert("generatorURL".into(), Value::String(url.clone()));
        }
    }
    alert
}

/// `name` as a valid label name (`[a-zA-Z_][a-zA-Z0-9_]*`): other chars
/// become `_`, a leading digit gets a `_` before it, and a leading `__`
/// (reserved for Prometheus' own labels) gets `field` before it.
fn label_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if out.starts_with("__") {
        out.insert_str(0, "field");
    }
    out
}

#[cfg(test)]
mod tests;
