//! The changes operators make: resolve, acknowledge and silence, answered
//! once the change is visible everywhere.

use std::sync::Arc;

use crate::model::{DetectedAt, Issue};
use crate::server::Api;
use crate::server::bodies::{GroupResolvedBody, TypeSilencedBody};
use crate::server::issue_json::{Success, issue_body, message_body, to_json};
use crate::server::respond::ApiError;
use crate::server::store_calls;
use crate::store::{IssueKey, Snapshot, Target};

/// `POST /api/logs/resolve/{timestamp}` and the by-id resolve/unresolve.
pub(crate) async fn set_resolved(
    api: &Api,
    key: IssueKey,
    resolved: bool,
) -> Result<Vec<u8>, ApiError> {
    let shown = match &key {
        IssueKey::Id(id) => format!("id {id:?}"),
        IssueKey::Timestamp(ts) => format!("timestamp {ts:?}"),
    };
    let issue = store_calls::resolve(&api.store, key, resolved)
        .await
        .ok_or_else(|| ApiError::not_found(format!("no issue with {shown}")))?;
    let message = if resolved {
        "Issue resolved"
    } else {
        "Issue reopened"
    };
    Ok(message_body(&issue, &api.config.redactor, message))
}

/// `POST /api/logs/groups/{group_id}/resolve` and `/unresolve`: every
/// held issue of the group at once; 404 when none is held.
pub(crate) async fn set_group_resolved(
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
        let message = format!("no issue of group {group_id:?}");
        return Err(ApiError::not_found(message));
    }
    let issues = ids.len();
    let changed = store_calls::resolve_all(&api.store, ids, resolved).await;
    let body = GroupResolvedBody {
        changed: changed.len(),
        group_id: &group_id,
        issues,
        resolved,
        status: Success,
    };
    Ok(to_json(128, &body))
}

/// `POST /api/logs/issues/{id}/ack` and `/unack`.
pub(crate) async fn set_acknowledged(
    api: &Api,
    snap: &Snapshot,
    id: String,
    acknowledged: bool,
) -> Result<Vec<u8>, ApiError> {
    known(snap, &id)?;
    let changed = store_calls::acknowledge(&api.store, id.clone(), acknowledged).await;
    let now = as_now(api, &id, changed)?;
    let message = if acknowledged {
        "Issue acknowledged"
    } else {
        "Issue no longer acknowledged"
    };
    Ok(message_body(&now, &api.config.redactor, message))
}

/// `POST /api/logs/issues/{id}/silence` and `/unsilence`.
pub(crate) async fn silence_issue(
    api: &Api,
    snap: &Snapshot,
    id: String,
    until: Option<DetectedAt>,
) -> Result<Vec<u8>, ApiError> {
    known(snap, &id)?;
    let target = Target::Issues(vec![id.clone()]);
    let changed = store_calls::silence(&api.store, target, until).await;
    let now = as_now(api, &id, changed)?;
    Ok(issue_body(&now, &api.config.redactor))
}

/// `POST /api/logs/types/{type}/silence` and `/unsilence`.
pub(crate) async fn silence_type(
    api: &Api,
    issue_type: String,
    until: Option<DetectedAt>,
) -> Vec<u8> {
    let target = Target::Type(issue_type.clone());
    let changed = store_calls::silence(&api.store, target, until).await;
    let body = TypeSilencedBody {
        changed: changed.len(),
        issue_type: &issue_type,
        silenced_until: until,
        status: Success,
    };
    to_json(128, &body)
}

/// 404 unless the snapshot holds an issue with `id`.
fn known(snap: &Snapshot, id: &str) -> Result<(), ApiError> {
    match snap.find(id) {
        Some(_) => Ok(()),
        None => Err(no_such_id(id)),
    }
}

/// The issue `id` as it is now: the one a change returned, or (when the
/// change found it already so) the latest snapshot's.
fn as_now(api: &Api, id: &str, changed: Vec<Arc<Issue>>) -> Result<Arc<Issue>, ApiError> {
    if let Some(issue) = changed.into_iter().next() {
        return Ok(issue);
    }
    let latest = api.store.snapshot();
    latest.find(id).cloned().ok_or_else(|| no_such_id(id))
}

fn no_such_id(id: &str) -> ApiError {
    ApiError::not_found(format!("no issue with id {id:?}"))
}
