//! (method, path) → what is asked: the route table, with 404 for unknown
//! paths and 405 (with `Allow`) for a known path and a wrong method.

use hyper::{Method, StatusCode};

use super::decode::{DecodeError, percent_decode};
use super::respond::ApiError;

/// Every route as (path template, method), for 404/405 and for the test
/// that keeps the OpenAPI document true.
pub const ROUTES: &[(&str, Method)] = &[
    ("/api/logs/recent", Method::GET),
    ("/api/logs/statistics", Method::GET),
    ("/api/logs/critical", Method::GET),
    ("/api/logs/health", Method::GET),
    ("/api/logs/groups", Method::GET),
    ("/api/logs/groups/{group_id}/resolve", Method::POST),
    ("/api/logs/groups/{group_id}/unresolve", Method::POST),
    ("/api/logs/resolve/{timestamp}", Method::POST),
    ("/api/logs/issues/{id}", Method::GET),
    ("/api/logs/issues/{id}/resolve", Method::POST),
    ("/api/logs/issues/{id}/unresolve", Method::POST),
    ("/api/logs/issues/{id}/ack", Method::POST),
    ("/api/logs/issues/{id}/unack", Method::POST),
    ("/api/logs/issues/{id}/silence", Method::POST),
    ("/api/logs/issues/{id}/unsilence", Method::POST),
    ("/api/logs/types/{type}/silence", Method::POST),
    ("/api/logs/types/{type}/unsilence", Method::POST),
    ("/api/logs/stream", Method::GET),
    ("/api/logs/files", Method::GET),
    ("/api/logs/hosts", Method::GET),
    ("/api/logs/issues/{id}/heal", Method::POST),
    ("/api/logs/actions", Method::GET),
    ("/api/logs/actions/{id}/reset", Method::POST),
    ("/metrics", Method::GET),
    ("/api/openapi.json", Method::GET),
    ("/api/ingest", Method::POST),
    ("/v1/logs", Method::POST),
];

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Route {
    /// A body made from the snapshot (cached with it).
    Read(Read),
    /// A change sent to the store.
    Change(Change),
    /// `GET /api/logs/stream`
    Stream,
    /// `GET /metrics`
    Metrics,
    /// `GET /api/openapi.json`
    OpenApi,
    /// Logs sent by a shipper (`--ingest`).
    Ingest(Feed),
}

/// The shapes shippers send logs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Feed {
    /// `POST /api/ingest`: JSON records, one per line, an array or one object.
    Records,
    /// `POST /v1/logs`: OTLP/HTTP, JSON encoding.
    Otlp,
}

/// The reads answered from one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Read {
    /// `GET /api/logs/recent`
    Recent,
    /// `GET /api/logs/statistics`
    Statistics,
    /// `GET /api/logs/critical`
    Critical,
    /// `GET /api/logs/health`
    Health,
    /// `GET /api/logs/groups`
    Groups,
    /// `GET /api/logs/issues/{id}`
    Issue(String),
    /// `GET /api/logs/files`
    Files,
    /// `GET /api/logs/hosts`
    Hosts,
    /// `GET /api/logs/actions`
    Actions,
}

/// The changes operators ask for (path segments decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Change {
    /// `POST /api/logs/groups/{group_id}/resolve` (true) or `/unresolve` (false).
    SetGroupResolved(String, bool),
    /// `POST /api/logs/resolve/{timestamp}`.
    ResolveAt(String),
    /// `POST /api/logs/issues/{id}/resolve` (true) or `/unresolve` (false).
    SetResolved(String, bool),
    /// `POST /api/logs/issues/{id}/ack` (true) or `/unack` (false).
    SetAcknowledged(String, bool),
    /// `POST /api/logs/issues/{id}/silence` (true) or `/unsilence` (false).
    SilenceIssue(String, bool),
    /// `POST /api/logs/types/{type}/silence` (true) or `/unsilence` (false).
    SilenceType(String, bool),
    /// `POST /api/logs/issues/{id}/heal`.
    Heal(String),
    /// `POST /api/logs/actions/{id}/reset`.
    ResetBreaker(String),
}

/// The `Allow` header of a route taking `method`.
pub(super) fn allow(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET, HEAD, OPTIONS",
        _ => "POST, OPTIONS",
    }
}

/// A route and the method it takes.
type Found = (Route, Method);

/// The route `path` names and the method it takes, whatever the method.
pub(super) fn find(path: &str) -> Result<Found, ApiError> {
    let not_found = || ApiError::not_found(format!("no such endpoint: {path}"));
    let segments: Vec<&str> = path
        .strip_prefix('/')
        .ok_or_else(not_found)?
        .split('/')
        .collect();
    let found = match segments.as_slice() {
        ["metrics"] => Some((Route::Metrics, Method::GET)),
        ["api", "openapi.json"] => Some((Route::OpenApi, Method::GET)),
        ["api", "ingest"] => Some((Route::Ingest(Feed::Records), Method::POST)),
        ["v1", "logs"] => Some((Route::Ingest(Feed::Otlp), Method::POST)),
        ["api", "logs", rest @ ..] => logs_route(rest)?,
        _ => None,
    };
    found.ok_or_else(not_found)
}

/// The routes under `/api/logs/`; a segment is decoded only once the
/// path is known to name a route.
fn logs_route(segments: &[&str]) -> Result<Option<Found>, DecodeError> {
    let get = |read| Ok(Some((Route::Read(read), Method::GET)));
    match segments {
        ["recent"] => get(Read::Recent),
        ["statistics"] => get(Read::Statistics),
        ["critical"] => get(Read::Critical),
        ["health"] => get(Read::Health),
        ["groups"] => get(Read::Groups),
        ["stream"] => Ok(Some((Route::Stream, Method::GET))),
        ["files"] => get(Read::Files),
        ["hosts"] => get(Read::Hosts),
        ["actions"] => get(Read::Actions),
        ["actions", a, "reset"] if !a.is_empty() => post(a, Change::ResetBreaker),
        ["issues", id] if !id.is_empty() => get(Read::Issue(percent_decode(id)?)),
        ["resolve", ts] if !ts.is_empty() => post(ts, Change::ResolveAt),
        ["groups", g, action] if !g.is_empty() => match *action {
            "resolve" => post(g, |g| Change::SetGroupResolved(g, true)),
            "unresolve" => post(g, |g| Change::SetGroupResolved(g, false)),
            _ => Ok(None),
        },
        ["issues", id, action] if !id.is_empty() => issue_action(id, action),
        ["types", t, action] if !t.is_empty() => match *action {
            "silence" => post(t, |t| Change::SilenceType(t, true)),
            "unsilence" => post(t, |t| Change::SilenceType(t, false)),
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

/// `POST /api/logs/issues/{id}/{action}`.
fn issue_action(id: &str, action: &str) -> Result<Option<Found>, DecodeError> {
    let make: fn(String) -> Change = match action {
        "resolve" => |id| Change::SetResolved(id, true),
        "unresolve" => |id| Change::SetResolved(id, false),
        "ack" => |id| Change::SetAcknowledged(id, true),
        "unack" => |id| Change::SetAcknowledged(id, false),
        "silence" => |id| Change::SilenceIssue(id, true),
        "unsilence" => |id| Change::SilenceIssue(id, false),
        "heal" => Change::Heal,
        _ => return Ok(None),
    };
    post(id, make)
}

/// A POST route made from `segment`, decoded.
fn post(segment: &str, make: impl FnOnce(String) -> Change) -> Result<Option<Found>, DecodeError> {
    let change = make(percent_decode(segment)?);
    Ok(Some((Route::Change(change), Method::POST)))
}

/// The route for `method` on `path` (HEAD is GET without a body).
pub(super) fn route(method: &Method, path: &str) -> Result<Route, ApiError> {
    let (route, takes) = find(path)?;
    let accepted = match *method {
        Method::HEAD => takes == Method::GET,
        ref other => *other == takes,
    };
    if !accepted {
        return Err(ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: format!("{path} does not take {method}; use {takes}"),
            allow: Some(allow(&takes)),
        });
    }
    Ok(route)
}

#[cfg(test)]
mod tests;
