//! The endpoints: the original system's four reads and resolve by
//! timestamp, with their exact JSON shapes; issues by id; watched files.

use std::sync::Arc;

use hyper::StatusCode;
use serde_json::json;

use super::Api;
use super::issue_json::{issue_envelope, issues_envelope};
use super::respond::ApiError;
use crate::model::{Issue, Severity};
use crate::store::{Command, Edit, IssueKey, Origin, Snapshot, Target};

/// Issues `recent` returns unless asked.
const DEFAULT_LIMIT: usize = 50;
/// Most issues one `recent` call returns.
const MAX_LIMIT: usize = 1000;

/// `limit` validated: an integer from 1 to 1000, 50 when absent.
pub fn parse_limit(value: Option<&str>) -> Result<usize, ApiError> {
    let Some(text) = value else {
        return Ok(DEFAULT_LIMIT);
    };
    match text.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_LIMIT as i64).contains(&n) => Ok(n as usize),
        _ => Err(ApiError::bad_request(format!(
            "limit must be an integer from 1 to {MAX_LIMIT} (got {text:?})"
        ))),
    }
}

/// `?new_pattern=` and `?spiking=` of `recent` and `groups`: only issues
/// whose signal is as asked (absent: either).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SignalQuery {
    /// `new_pattern=true|false`.
    pub new_pattern: Option<bool>,
    /// `spiking=true|false`.
    pub spiking: Option<bool>,
}

impl SignalQuery {
    /// The values of `new_pattern` and `spiking` validated.
    pub fn parse(new_pattern: Option<&str>, spiking: Option<&str>) -> Result<Self, ApiError> {
        let flag = |name: &str, value: Option<&str>| match value {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(ApiError::bad_request(format!(
                "{name} must be true or false (got {other:?})"
            ))),
        };
        Ok(SignalQuery {
            new_pattern: flag("new_pattern", new_pattern)?,
            spiking: flag("spiking", spiking)?,
        })
    }

    fn admits(&self, issue: &Issue) -> bool {
        self.new_pattern
            .is_none_or(|want| issue.new_pattern == want)
            && self
                .spiking
                .is_none_or(|want| issue.spike_factor.is_some() == want)
    }
}

/// `GET /api/logs/recent`: the last `limit` issues (with the signals
/// asked for), in detection order (oldest first, as the original
/// returned them).
pub fn recent(api: &Api, snap: &Snapshot, limit: usize, signals: SignalQuery) -> Vec<u8> {
    let mut picked: Vec<&Arc<Issue>> = snap
        .issues
        .iter()
        .rev()
        .filter(|i| signals.admits(i))
        .take(limit)
        .collect();
    picked.reverse();
    issues_envelope(picked.into_iter(), &api.config.redactor)
}

/// `GET /api/logs/groups`: the last `limit` groups to occur (with the
/// signals asked for), newest first, each with its counts and its issue
/// (which carries the latest text and earlier occurrences).
pub fn groups(api: &Api, snap: &Snapshot, limit: usize, signals: SignalQuery) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 * 1024);
    out.extend_from_slice(br#"{"status":"success","groups":["#);
    let mut count = 0usize;
    let picked = snap.issues.iter().rev().filter(|i| signals.admits(i));
    for issue in picked.take(limit) {
        if count > 0 {
            out.push(b',');
        }
        let head = json!({
            "group_id": issue.group_id,
            "issue_type": issue.issue_type,
            "severity": issue.severity,
            "category": issue.category,
            "count": issue.count,
            "first_seen": issue.first_seen,
            "last_seen": issue.last_seen,
            "resolved": issue.resolved,
            "new_pattern": issue.new_pattern,
            "spike_factor": issue.spike_factor,
            "sources": issue.sources,
        })
        .to_string();
        // The head object, reopened to append the issue.
        out.extend_from_slice(&head.as_bytes()[..head.len() - 1]);
        out.extend_from_slice(br#","issue":"#);
        super::issue_json::write_issue(&mut out, issue, &api.config.redactor);
        out.push(b'}');
        count += 1;
    }
    out.extend_from_slice(format!(r#"],"count":{count}}}"#).as_bytes());
    out
}

/// `GET /api/logs/critical`: CRITICAL and ERROR issues not resolved.
pub fn critical(api: &Api, snap: &Snapshot) -> Vec<u8> {
    let open = snap
        .issues
        .iter()
        .filter(|i| !i.resolved && i.severity >= Severity::Error);
    issues_envelope(open, &api.config.redactor)
}

/// `GET /api/logs/statistics`.
pub fn statistics(snap: &Snapshot) -> Vec<u8> {
    let by_name = |counts: &std::collections::BTreeMap<String, u64>| {
        counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| (k.clone(), json!(n)))
            .collect::<serde_json::Map<_, _>>()
    };
    let severities: serde_json::Map<_, _> = snap
        .severity_counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| (s.as_str().to_string(), json!(n)))
        .collect();
    let body = json!({
        "status": "success",
        "statistics": {
            "total_issues": snap.issues.len(),
            "recent_issues_5min": snap.recent,
            "severity_distribution": severities,
            "category_distribution": by_name(&snap.category_counts),
            "issue_type_counts": by_name(&snap.type_counts),
            "monitoring_status": if snap.monitoring { "active" } else { "inactive" },
            "monitored_files": snap.files,
        },
        "health_score": snap.health,
    });
    body.to_string().into_bytes()
}

/// `GET /api/logs/health`.
pub fn health(snap: &Snapshot) -> Vec<u8> {
    json!({
        "status": "success",
        "health_score": snap.health,
        "health_status": snap.status.as_str(),
        "recent_issues_count": snap.recent,
    })
    .to_string()
    .into_bytes()
}

/// `POST /api/logs/resolve/{timestamp}` and the by-id resolve/unresolve:
/// the store's answer once the change is visible everywhere.
pub async fn set_resolved(api: &Api, key: IssueKey, resolved: bool) -> Result<Vec<u8>, ApiError> {
    let shown = match &key {
        IssueKey::Id(id) => format!("id {id:?}"),
        IssueKey::Timestamp(ts) => format!("timestamp {ts:?}"),
    };
    let command = Command {
        edit: Edit::Resolve(resolved),
        target: Target::Issue(key),
        origin: Origin::Api,
    };
    let issue = api
        .store
        .ask(command)
        .await
        .issue
        .ok_or_else(|| ApiError::not_found(format!("no issue with {shown}")))?;
    Ok(resolved_body(api, &issue, resolved))
}

/// `POST /api/logs/groups/{group_id}/resolve` and `/unresolve`: every
/// held issue of the group at once; 404 when none is held.
pub async fn set_group_resolved(
    api: &Api,
    snap: &Snapshot,
    group_id: String,
    resolved: bool,
) -> Result<Vec<u8>, ApiError> {
    let ids: Vec<String> = snap
        .issues
        .iter()
        .filter(|i| i.group_id.as_deref() == Some(group_id.as_str()))
        .map(|i| i.id.clone())
        .collect();
    if ids.is_empty() {
        return Err(ApiError::not_found(format!(
            "no issue of group {group_id:?}"
        )));
    }
    let held = ids.len();
    let command = Command {
        edit: Edit::Resolve(resolved),
        target: Target::Issues(ids),
        origin: Origin::Api,
    };
    let changed = api.store.ask(command).await.changed;
    Ok(json!({
        "status": "success",
        "group_id": group_id,
        "resolved": resolved,
        "issues": held,
        "changed": changed.len(),
    })
    .to_string()
    .into_bytes())
}

/// `POST /api/logs/issues/{id}/ack` and `/unack`.
pub async fn set_acknowledged(
    api: &Api,
    snap: &Snapshot,
    id: String,
    acknowledged: bool,
) -> Result<Vec<u8>, ApiError> {
    known(snap, &id)?;
    let command = Command {
        edit: Edit::Acknowledge(acknowledged),
        target: Target::Issues(vec![id.clone()]),
        origin: Origin::Api,
    };
    let changed = api.store.ask(command).await.changed;
    let now = as_now(api, &id, changed)?;
    let verb = if acknowledged {
        "acknowledged"
    } else {
        "no longer acknowledged"
    };
    Ok(with_message(api, &now, verb))
}

/// 404 unless the snapshot holds an issue with `id`.
fn known(snap: &Snapshot, id: &str) -> Result<(), ApiError> {
    match snap.find(id) {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found(format!("no issue with id {id:?}"))),
    }
}

/// The issue `id` as it is now: the one a change returned, or (when the
/// change found it already so) the latest snapshot's.
fn as_now(api: &Api, id: &str, changed: Vec<Arc<Issue>>) -> Result<Arc<Issue>, ApiError> {
    if let Some(issue) = changed.into_iter().next() {
        return Ok(issue);
    }
    api.store
        .snapshot()
        .find(id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("no issue with id {id:?}")))
}

/// `{"status":"success","issue":{...},"message":"Issue <verb>"}`: the
/// original answered with a message, so changes keep one.
fn with_message(api: &Api, issue: &Issue, verb: &str) -> Vec<u8> {
    let mut body = issue_envelope(issue, &api.config.redactor);
    body.pop();
    body.extend_from_slice(format!(r#","message":"Issue {verb}"}}"#).as_bytes());
    body
}

/// `?for=AGE` of the silence endpoints: 1h when absent; longer than 30
/// days is cut to 30 days (the answer shows the real end).
pub fn silence_until(value: Option<&str>) -> Result<crate::model::DetectedAt, ApiError> {
    const LONGEST: chrono::TimeDelta = chrono::TimeDelta::days(30);
    let age = match value {
        None => chrono::TimeDelta::hours(1),
        Some(text) => match crate::store::parse_age(text) {
            Ok(age) => age.min(LONGEST),
            // Well formed but too large to represent: the longest.
            Err(_) if is_long_age(text) => LONGEST,
            Err(e) => return Err(ApiError::bad_request(format!("for: {e}"))),
        },
    };
    Ok(crate::model::DetectedAt::at(chrono::Utc::now() + age))
}

/// Digits (not starting with 0) and an optional unit, too many to parse.
fn is_long_age(text: &str) -> bool {
    let digits = text.trim_end_matches(['d', 'h', 'm', 's']);
    digits.len() > 6
        && text.len() <= digits.len() + 1
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `POST /api/logs/issues/{id}/silence` and `/unsilence`.
pub async fn silence_issue(
    api: &Api,
    snap: &Snapshot,
    id: String,
    until: Option<crate::model::DetectedAt>,
) -> Result<Vec<u8>, ApiError> {
    known(snap, &id)?;
    let command = Command {
        edit: Edit::Silence(until),
        target: Target::Issues(vec![id.clone()]),
        origin: Origin::Api,
    };
    let changed = api.store.ask(command).await.changed;
    let now = as_now(api, &id, changed)?;
    Ok(issue_envelope(&now, &api.config.redactor))
}

/// `POST /api/logs/types/{type}/silence` and `/unsilence`.
pub async fn silence_type(
    api: &Api,
    issue_type: String,
    until: Option<crate::model::DetectedAt>,
) -> Vec<u8> {
    let command = Command {
        edit: Edit::Silence(until),
        target: Target::Type(issue_type.clone()),
        origin: Origin::Api,
    };
    let changed = api.store.ask(command).await.changed;
    json!({
        "status": "success",
        "issue_type": issue_type,
        "silenced_until": until,
        "changed": changed.len(),
    })
    .to_string()
    .into_bytes()
}

fn resolved_body(api: &Api, issue: &Issue, resolved: bool) -> Vec<u8> {
    with_message(api, issue, if resolved { "resolved" } else { "reopened" })
}

/// `GET /api/logs/issues/{id}`.
pub fn issue(api: &Api, snap: &Snapshot, id: &str) -> Result<Vec<u8>, ApiError> {
    let issue: &Arc<Issue> = snap
        .find(id)
        .ok_or_else(|| ApiError::not_found(format!("no issue with id {id:?}")))?;
    Ok(issue_envelope(issue, &api.config.redactor))
}

/// `GET /api/logs/files`.
pub fn files(api: &Api) -> Vec<u8> {
    let follow = api.follow.as_ref();
    let files = follow.map(|f| f.file_statuses()).unwrap_or_default();
    let counts = follow.map(|f| f.file_counts()).unwrap_or_default();
    json!({"status": "success", "files": &*files, "count": files.len(), "descriptors": counts})
        .to_string()
        .into_bytes()
}

/// 413 for a body over the limit.
pub fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body over {limit} bytes (these endpoints need no body)"),
    )
}
