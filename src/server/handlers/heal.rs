//! Healing through the API: an operator fires the actions bound to an
//! issue, reads what every action did (breaker, counts, audit) and closes
//! a breaker by hand.

use hyper::StatusCode;
use serde::Serialize;

use crate::heal::{ActionStatus, Attempt, HandRefusal, HealHub};
use crate::redact::Redactor;
use crate::server::Api;
use crate::server::issue_json::{Success, to_json};
use crate::server::respond::ApiError;
use crate::store::Snapshot;

/// `GET /api/logs/actions`.
#[derive(Serialize)]
struct ActionsBody<'a> {
    status: Success,
    dry_run: bool,
    actions: &'a [ActionStatus],
    history: &'a [Attempt],
}

/// `GET /api/logs/actions`: each action's breaker and counts, and the
/// latest `limit` rows of the audit (newest first), redacted.
pub(crate) fn actions(hub: Option<&HealHub>, redactor: &Redactor, limit: usize) -> Vec<u8> {
    let (statuses, mut history, dry_run) = match hub {
        Some(hub) => (hub.status(), hub.audit.latest(limit), hub.dry_run),
        None => (Vec::new(), Vec::new(), false),
    };
    for row in &mut history {
        row.target = redactor.apply(&row.target).into_owned();
        row.detail = redactor.apply(&row.detail).into_owned();
        row.what = redactor.apply(&row.what).into_owned();
        row.output = redactor.apply(&row.output).into_owned();
    }
    let body = ActionsBody {
        status: Success,
        dry_run,
        actions: &statuses,
        history: &history,
    };
    to_json(4096, &body)
}

/// `POST /api/logs/issues/{id}/heal`.
#[derive(Serialize)]
struct HealBody<'a> {
    status: Success,
    message: &'static str,
    id: &'a str,
    actions: &'a [String],
    dry_run: bool,
}

/// `POST /api/logs/issues/{id}/heal`: the actions bound to the issue run
/// now (their cooldowns do not apply; an open breaker does). 404 for an
/// unknown issue, 409 when no action is bound or every one refused.
pub(crate) fn heal(api: &Api, snap: &Snapshot, id: &str) -> Result<Vec<u8>, ApiError> {
    let issue = snap
        .find(id)
        .ok_or_else(|| ApiError::not_found(format!("no issue with id {id:?}")))?;
    let Some(hub) = api.hub.as_deref() else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no [[action]] is configured: nothing can heal this issue",
        ));
    };
    let now = chrono::Utc::now().timestamp_millis();
    match hub.by_hand(issue, now) {
        Ok(sent) => Ok(to_json(
            256,
            &HealBody {
                status: Success,
                message: "Healing started",
                id,
                actions: &sent,
                dry_run: hub.dry_run,
            },
        )),
        Err(HandRefusal::Unbound) => Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "no [[action]] is bound to this issue (type {:?}); bind one to its type (auto_heal) or to an alert",
                issue.issue_type
            ),
        )),
        Err(HandRefusal::Refused(why)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("not healed: {}", why.join("; ")),
        )),
    }
}

/// `POST /api/logs/actions/{id}/reset`.
#[derive(Serialize)]
struct ResetBody<'a> {
    status: Success,
    action: &'a str,
    breaker: &'static str,
}

/// `POST /api/logs/actions/{id}/reset`: closes the action's breaker.
pub(crate) fn reset_breaker(api: &Api, id: &str) -> Result<Vec<u8>, ApiError> {
    let reset = api.hub.as_deref().is_some_and(|hub| hub.reset(id));
    if !reset {
        return Err(ApiError::not_found(format!("no action with id {id:?}")));
    }
    Ok(to_json(
        128,
        &ResetBody {
            status: Success,
            action: id,
            breaker: "closed",
        },
    ))
}
