//! One request, start to end: CORS preflight, the token, the route, the
//! body limit, the handler, the response cache, CORS headers on the way out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::respond::{ApiError, Body, empty, json, with_type};
use super::routes::{Route, allow, find, query_param, route};
use super::{Api, handlers, metrics, sse};
use crate::store::{IssueKey, Snapshot};

/// Largest request body taken (no endpoint needs one).
const BODY_LIMIT: usize = 64 * 1024;
/// Cached responses kept before the cache is emptied.
const CACHE_ENTRIES: usize = 256;

/// The OpenAPI document, kept true by a test against the route table.
const OPENAPI: &str = include_str!("openapi.json");

/// Read responses by (path and query), valid while the snapshot they were
/// made from is the latest: under a flood of requests most are served
/// from here, and the store's changes (every 50 ms at most) refresh them.
#[derive(Debug, Default)]
pub struct Cache(Mutex<HashMap<String, (Arc<Snapshot>, Bytes)>>);

impl Cache {
    fn get_or(&self, key: &str, snap: &Arc<Snapshot>, make: impl FnOnce() -> Vec<u8>) -> Bytes {
        if let Ok(map) = self.0.lock()
            && let Some((at, body)) = map.get(key)
            && Arc::ptr_eq(at, snap)
        {
            return body.clone();
        }
        let body = Bytes::from(make());
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= CACHE_ENTRIES {
                map.clear();
            }
            map.insert(key.to_string(), (Arc::clone(snap), body.clone()));
        }
        body
    }
}

/// Answers `req`. Never fails: every problem is a JSON error response.
pub async fn handle(api: Arc<Api>, req: Request<Incoming>) -> Response<Body> {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let head = req.method() == Method::HEAD;
    let mut response = if req.method() == Method::OPTIONS {
        preflight(&api, &req)
    } else {
        match answer(&api, req).await {
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

async fn answer(api: &Api, req: Request<Incoming>) -> Result<Response<Body>, ApiError> {
    let path = req.uri().path().to_string();
    let route = route(req.method(), &path)?;
    authorize(api, &req)?;
    let query = req.uri().query().map(str::to_string);
    if req.method() == Method::POST {
        read_body(api, req).await?;
    }
    let snap = api.store.snapshot();
    let key = || format!("{path}?{}", query.as_deref().unwrap_or(""));
    let ok = |body: Bytes| Ok(json(StatusCode::OK, body));
    match route {
        Route::Recent => {
            let (limit, signals) = listing(query.as_deref())?;
            ok(api
                .cache
                .get_or(&format!("recent:{limit}:{signals:?}"), &snap, || {
                    handlers::recent(api, &snap, limit, signals)
                }))
        }
        Route::Groups => {
            let (limit, signals) = listing(query.as_deref())?;
            ok(api
                .cache
                .get_or(&format!("groups:{limit}:{signals:?}"), &snap, || {
                    handlers::groups(api, &snap, limit, signals)
                }))
        }
        Route::SetGroupResolved(group_id, resolved) => Ok(json(
            StatusCode::OK,
            handlers::set_group_resolved(api, &snap, group_id, resolved).await?,
        )),
        Route::Statistics => ok(api
            .cache
            .get_or(&key(), &snap, || handlers::statistics(&snap))),
        Route::Critical => ok(api
            .cache
            .get_or("critical", &snap, || handlers::critical(api, &snap))),
        Route::Health => ok(api
            .cache
            .get_or("health", &snap, || handlers::health(&snap))),
        Route::ResolveAt(ts) => Ok(json(
            StatusCode::OK,
            handlers::set_resolved(api, IssueKey::Timestamp(ts), true).await?,
        )),
        Route::SetResolved(id, resolved) => Ok(json(
            StatusCode::OK,
            handlers::set_resolved(api, IssueKey::Id(id), resolved).await?,
        )),
        Route::SetAcknowledged(id, acknowledged) => Ok(json(
            StatusCode::OK,
            handlers::set_acknowledged(api, &snap, id, acknowledged).await?,
        )),
        Route::SilenceIssue(id, on) => {
            let until = silence_end(on, query.as_deref())?;
            Ok(json(
                StatusCode::OK,
                handlers::silence_issue(api, &snap, id, until).await?,
            ))
        }
        Route::SilenceType(issue_type, on) => {
            let until = silence_end(on, query.as_deref())?;
            Ok(json(
                StatusCode::OK,
                handlers::silence_type(api, issue_type, until).await,
            ))
        }
        Route::Issue(id) => ok(Bytes::from(handlers::issue(api, &snap, &id)?)),
        Route::Files => ok(Bytes::from(handlers::files(api))),
        Route::Stream => Ok(sse::open(api)),
        Route::Metrics => Ok(with_type(
            StatusCode::OK,
            "text/plain; version=0.0.4; charset=utf-8",
            api.cache
                .get_or("metrics", &snap, || metrics::render(&snap).into_bytes()),
        )),
        Route::OpenApi => Ok(json(StatusCode::OK, Bytes::from_static(OPENAPI.as_bytes()))),
    }
}

/// `limit`, `new_pattern` and `spiking` of a listing, validated.
fn listing(query: Option<&str>) -> Result<(usize, handlers::SignalQuery), ApiError> {
    let limit = handlers::parse_limit(query_param(query, "limit")?.as_deref())?;
    let signals = handlers::SignalQuery::parse(
        query_param(query, "new_pattern")?.as_deref(),
        query_param(query, "spiking")?.as_deref(),
    )?;
    Ok((limit, signals))
}

/// When a silence asked for ends: from `?for=` when silencing, none when
/// ending one.
fn silence_end(
    on: bool,
    query: Option<&str>,
) -> Result<Option<crate::model::DetectedAt>, ApiError> {
    if !on {
        return Ok(None);
    }
    let value = query_param(query, "for")?;
    handlers::silence_until(value.as_deref()).map(Some)
}

/// Checks `Authorization: Bearer TOKEN` when a token is set, comparing in
/// constant time.
fn authorize(api: &Api, req: &Request<Incoming>) -> Result<(), ApiError> {
    let Some(token) = &api.config.token else {
        return Ok(());
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        });
    match given {
        Some(given) if constant_time_eq(given.trim().as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong API token")),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this API needs a token: send `Authorization: Bearer TOKEN`",
        )),
    }
}

/// Equal bytes, in time that depends only on `expected`'s length.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ e);
    }
    diff == 0
}

/// Reads (and drops) a POST body: 413 beyond the limit, 408 when too slow.
async fn read_body(api: &Api, req: Request<Incoming>) -> Result<(), ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(handlers::too_large(BODY_LIMIT));
    }
    let collect = Limited::new(req.into_body(), BODY_LIMIT).collect();
    match tokio::time::timeout(api.config.client_timeout, collect).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            Err(handlers::too_large(BODY_LIMIT))
        }
        Ok(Err(e)) => Err(ApiError::bad_request(format!(
            "cannot read the request body: {e}"
        ))),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "the request body did not arrive in time",
        )),
    }
}

/// OPTIONS: the methods a path takes (CORS preflight included), no token needed.
fn preflight(api: &Api, req: &Request<Incoming>) -> Response<Body> {
    let methods = match find(req.uri().path()) {
        Ok((_, methods)) => methods,
        Err(error) => return error.response(),
    };
    let mut response = Response::new(empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(header::ALLOW, HeaderValue::from_static(allow(methods)));
    if allowed_origin(api, req.headers().get(header::ORIGIN)).is_some() {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(allow(methods)),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}

/// The `Access-Control-Allow-Origin` value for `origin`, if it may call.
fn allowed_origin(api: &Api, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
    let origin = origin?;
    let origins = &api.config.cors_origins;
    if origins.iter().any(|o| o == "*") {
        return Some(HeaderValue::from_static("*"));
    }
    let text = origin.to_str().ok()?;
    origins
        .iter()
        .any(|o| o.trim_end_matches('/') == text)
        .then(|| origin.clone())
}

fn add_cors(api: &Api, origin: Option<&HeaderValue>, response: &mut Response<Body>) {
    if api.config.cors_origins.is_empty() {
        return;
    }
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(value) = allowed_origin(api, origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}

#[cfg(test)]
mod tests;
