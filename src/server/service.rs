//! One request, start to end: CORS preflight, the token, the route, the
//! body limit, the handler, the response cache, CORS headers on the way out.

use std::net::IpAddr;
use std::sync::Arc;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header;
use hyper::{Method, Request, Response, StatusCode};

use super::cors::{add_cors, preflight};
use super::decode::query_param;
use super::guard::{authorize, read_body, same_site};
use super::handlers::{self, SignalQuery};
use super::respond::{ApiError, Body, empty, json, with_type};
use super::routes::{Change, Read, Route, route};
use super::{Api, metrics, shippers, sse};
use crate::model::DetectedAt;
use crate::store::{IssueKey, Snapshot};

/// The OpenAPI document, kept true by a test against the route table.
const OPENAPI: &str = include_str!("openapi.json");

/// Answers `req` from `peer`. Never fails: every problem is a JSON error
/// response.
pub(super) async fn handle(api: Arc<Api>, peer: IpAddr, req: Request<Incoming>) -> Response<Body> {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let head = req.method() == Method::HEAD;
    let mut response = if req.method() == Method::OPTIONS {
        preflight(&api, &req)
    } else {
        match answer(&api, peer, req).await {
            Ok(response) => response,
            Err(error) => error.response(),
        }
    };
    if head {
        *response.body_mut() = empty();
    }
    add_cors(&api, origin.as_ref(), &mut response);
    response
}

async fn answer(
    api: &Api,
    peer: IpAddr,
    mut req: Request<Incoming>,
) -> Result<Response<Body>, ApiError> {
    let path = req.uri().path().to_string();
    let route = route(req.method(), &path)?;
    same_site(api, &req)?;
    authorize(api, &req)?;
    let query = req.uri().query().map(str::to_string);
    // Shippers' bodies are read by their endpoint, with its own limit.
    if req.method() == Method::POST && !matches!(route, Route::Ingest(_)) {
        read_body(api, &mut req).await?;
    }
    let snap = api.store.snapshot();
    let query = query.as_deref();
    let body = match route {
        Route::Read(read) => read_body_of(api, &snap, read, &path, query)?,
        Route::Change(change) => Bytes::from(change_body(api, &snap, change, query).await?),
        Route::Stream => return Ok(sse::open(api)),
        Route::Metrics => {
            // The remote input's counters move between snapshots: made each time.
            let text = match &api.remote {
                Some(remote) => Bytes::from(metrics::render(&snap, Some(remote))),
                None => (api.cache).get_or("metrics", &snap, || {
                    metrics::render(&snap, None).into_bytes()
                }),
            };
            let kind = "text/plain; version=0.0.4; charset=utf-8";
            return Ok(with_type(StatusCode::OK, kind, text));
        }
        Route::OpenApi => Bytes::from_static(OPENAPI.as_bytes()),
        Route::Ingest(feed) => return shippers::receive(api, req, peer, feed).await,
    };
    Ok(json(StatusCode::OK, body))
}

/// A read: from the cache while `snap` is the latest (issues by id and
/// the files are made each time).
fn read_body_of(
    api: &Api,
    snap: &Arc<Snapshot>,
    read: Read,
    path: &str,
    query: Option<&str>,
) -> Result<Bytes, ApiError> {
    let redactor = &*api.config.redactor;
    let cache = &api.cache;
    Ok(match read {
        Read::Recent => {
            let (limit, signals, host) = listing(query)?;
            let key = format!("recent:{limit}:{signals:?}:{host:?}");
            cache.get_or(&key, snap, || {
                handlers::recent(snap, redactor, limit, signals, host.as_deref())
            })
        }
        Read::Groups => {
            let (limit, signals, host) = listing(query)?;
            let key = format!("groups:{limit}:{signals:?}:{host:?}");
            cache.get_or(&key, snap, || {
                handlers::groups(snap, redactor, limit, signals, host.as_deref())
            })
        }
        Read::Hosts => Bytes::from(handlers::hosts(snap, api.remote.as_ref())),
        Read::Statistics => {
            let key = format!("{path}?{}", query.unwrap_or(""));
            cache.get_or(&key, snap, || handlers::statistics(snap))
        }
        Read::Critical => {
            let host = host_param(query)?;
            let key = format!("critical:{host:?}");
            cache.get_or(&key, snap, || {
                handlers::critical(snap, redactor, host.as_deref())
            })
        }
        Read::Health => {
            let explain = handlers::parse_explain(query_param(query, "explain")?.as_deref())?;
            let key = if explain { "health:explain" } else { "health" };
            cache.get_or(key, snap, || handlers::health(snap, explain))
        }
        Read::Issue(id) => Bytes::from(handlers::issue(snap, redactor, &id)?),
        Read::Files => Bytes::from(handlers::files(api.follow.as_deref())),
        Read::Actions => {
            let limit = handlers::parse_limit(query_param(query, "limit")?.as_deref())?;
            Bytes::from(handlers::actions(api.hub.as_deref(), redactor, limit))
        }
    })
}

/// A change, answered once the store has made it.
async fn change_body(
    api: &Api,
    snap: &Snapshot,
    change: Change,
    query: Option<&str>,
) -> Result<Vec<u8>, ApiError> {
    match change {
        Change::SetGroupResolved(group_id, resolved) => {
            handlers::set_group_resolved(api, snap, group_id, resolved).await
        }
        Change::ResolveAt(ts) => handlers::set_resolved(api, IssueKey::Timestamp(ts), true).await,
        Change::SetResolved(id, resolved) => {
            handlers::set_resolved(api, IssueKey::Id(id), resolved).await
        }
        Change::SetAcknowledged(id, on) => handlers::set_acknowledged(api, snap, id, on).await,
        Change::SilenceIssue(id, on) => {
            let until = silence_end(on, query)?;
            handlers::silence_issue(api, snap, id, until).await
        }
        Change::SilenceType(issue_type, on) => {
            let until = silence_end(on, query)?;
            Ok(handlers::silence_type(api, issue_type, until).await)
        }
        Change::Heal(id) => handlers::heal(api, snap, &id),
        Change::ResetBreaker(id) => handlers::reset_breaker(api, &id),
    }
}

/// `limit`, `new_pattern` and `spiking` of a listing, validated.
fn listing(query: Option<&str>) -> Result<(usize, SignalQuery, Option<String>), ApiError> {
    let limit = handlers::parse_limit(query_param(query, "limit")?.as_deref())?;
    let signals = SignalQuery::parse(
        query_param(query, "new_pattern")?.as_deref(),
        query_param(query, "spiking")?.as_deref(),
    )?;
    Ok((limit, signals, host_param(query)?))
}

/// `?host=`: only that host's issues (a name as issues carry it).
fn host_param(query: Option<&str>) -> Result<Option<String>, ApiError> {
    match query_param(query, "host")? {
        Some(host) if host.is_empty() || host.len() > 255 => Err(ApiError::bad_request(
            "host must be a host name as issues carry it (1 to 255 bytes)",
        )),
        host => Ok(host),
    }
}

/// When a silence asked for ends: from `?for=` when silencing, none when
/// ending one.
fn silence_end(on: bool, query: Option<&str>) -> Result<Option<DetectedAt>, ApiError> {
    if !on {
        return Ok(None);
    }
    let value = query_param(query, "for")?;
    handlers::silence_until(value.as_deref()).map(Some)
}
