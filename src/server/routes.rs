//! (method, path) → what is asked: the route table, with 404 for unknown
//! paths and 405 (with `Allow`) for a known path and a wrong method.

use hyper::{Method, StatusCode};

use super::respond::ApiError;

/// Every route as (path template, methods), for 404/405 and for the test
/// that keeps the OpenAPI document true.
pub const ROUTES: &[(&str, &str)] = &[
    ("/api/logs/recent", "GET"),
    ("/api/logs/statistics", "GET"),
    ("/api/logs/critical", "GET"),
    ("/api/logs/health", "GET"),
    ("/api/logs/groups", "GET"),
    ("/api/logs/groups/{group_id}/resolve", "POST"),
    ("/api/logs/groups/{group_id}/unresolve", "POST"),
    ("/api/logs/resolve/{timestamp}", "POST"),
    ("/api/logs/issues/{id}", "GET"),
    ("/api/logs/issues/{id}/resolve", "POST"),
    ("/api/logs/issues/{id}/unresolve", "POST"),
    ("/api/logs/issues/{id}/ack", "POST"),
    ("/api/logs/issues/{id}/unack", "POST"),
    ("/api/logs/issues/{id}/silence", "POST"),
    ("/api/logs/issues/{id}/unsilence", "POST"),
    ("/api/logs/types/{type}/silence", "POST"),
    ("/api/logs/types/{type}/unsilence", "POST"),
    ("/api/logs/stream", "GET"),
    ("/api/logs/files", "GET"),
    ("/metrics", "GET"),
    ("/api/openapi.json", "GET"),
];

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
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
    /// `POST /api/logs/groups/{group_id}/resolve` (true) or `/unresolve` (false).
    SetGroupResolved(String, bool),
    /// `POST /api/logs/resolve/{timestamp}` (decoded).
    ResolveAt(String),
    /// `GET /api/logs/issues/{id}`
    Issue(String),
    /// `POST /api/logs/issues/{id}/resolve` (true) or `/unresolve` (false).
    SetResolved(String, bool),
    /// `POST /api/logs/issues/{id}/ack` (true) or `/unack` (false).
    SetAcknowledged(String, bool),
    /// `POST /api/logs/issues/{id}/silence` (true) or `/unsilence` (false).
    SilenceIssue(String, bool),
    /// `POST /api/logs/types/{type}/silence` (true) or `/unsilence` (false).
    SilenceType(String, bool),
    /// `GET /api/logs/stream`
    Stream,
    /// `GET /api/logs/files`
    Files,
    /// `GET /metrics`
    Metrics,
    /// `GET /api/openapi.json`
    OpenApi,
}

/// The `Allow` header of a route's methods.
pub fn allow(methods: &str) -> &'static str {
    if methods == "GET" {
        "GET, HEAD, OPTIONS"
    } else {
        "POST, OPTIONS"
    }
}

/// The route `path` names and the methods it takes, whatever the method.
pub fn find(path: &str) -> Result<(Route, &'static str), ApiError> {
    let not_found = || ApiError::not_found(format!("no such endpoint: {path}"));
    let segments: Vec<&str> = path
        .strip_prefix('/')
        .ok_or_else(not_found)?
        .split('/')
        .collect();
    let decoded = |s: &str| percent_decode(s).map_err(ApiError::bad_request);
    let found = match segments.as_slice() {
        ["api", "logs", "recent"] => (Route::Recent, "GET"),
        ["api", "logs", "statistics"] => (Route::Statistics, "GET"),
        ["api", "logs", "critical"] => (Route::Critical, "GET"),
        ["api", "logs", "health"] => (Route::Health, "GET"),
        ["api", "logs", "groups"] => (Route::Groups, "GET"),
        ["api", "logs", "groups", g, "resolve"] if !g.is_empty() => {
            (Route::SetGroupResolved(decoded(g)?, true), "POST")
        }
        ["api", "logs", "groups", g, "unresolve"] if !g.is_empty() => {
            (Route::SetGroupResolved(decoded(g)?, false), "POST")
        }
        ["api", "logs", "resolve", ts] if !ts.is_empty() => {
            (Route::ResolveAt(decoded(ts)?), "POST")
        }
        ["api", "logs", "issues", id] if !id.is_empty() => (Route::Issue(decoded(id)?), "GET"),
        ["api", "logs", "issues", id, "resolve"] if !id.is_empty() => {
            (Route::SetResolved(decoded(id)?, true), "POST")
        }
        ["api", "logs", "issues", id, "unresolve"] if !id.is_empty() => {
            (Route::SetResolved(decoded(id)?, false), "POST")
        }
        ["api", "logs", "issues", id, "ack"] if !id.is_empty() => {
            (Route::SetAcknowledged(decoded(id)?, true), "POST")
        }
        ["api", "logs", "issues", id, "unack"] if !id.is_empty() => {
            (Route::SetAcknowledged(decoded(id)?, false), "POST")
        }
        ["api", "logs", "issues", id, "silence"] if !id.is_empty() => {
            (Route::SilenceIssue(decoded(id)?, true), "POST")
        }
        ["api", "logs", "issues", id, "unsilence"] if !id.is_empty() => {
            (Route::SilenceIssue(decoded(id)?, false), "POST")
        }
        ["api", "logs", "types", t, "silence"] if !t.is_empty() => {
            (Route::SilenceType(decoded(t)?, true), "POST")
        }
        ["api", "logs", "types", t, "unsilence"] if !t.is_empty() => {
            (Route::SilenceType(decoded(t)?, false), "POST")
        }
        ["api", "logs", "stream"] => (Route::Stream, "GET"),
        ["api", "logs", "files"] => (Route::Files, "GET"),
        ["metrics"] => (Route::Metrics, "GET"),
        ["api", "openapi.json"] => (Route::OpenApi, "GET"),
        _ => return Err(not_found()),
    };
    Ok(found)
}

/// The route for `method` on `path` (HEAD is GET without a body).
pub fn route(method: &Method, path: &str) -> Result<Route, ApiError> {
    let (route, methods) = find(path)?;
    let accepted = match methods {
        "GET" => method == Method::GET || method == Method::HEAD,
        _ => method == Method::POST,
    };
    if !accepted {
        return Err(ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: format!("{path} does not take {method}; use {methods}"),
            allow: Some(allow(methods)),
        });
    }
    Ok(route)
}

/// `%XX` escapes decoded (the path segment or query value must then be UTF-8).
pub fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent-escape in {text:?}"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("{text:?} is not UTF-8 once decoded"))
}

/// The first value of query parameter `name` (`+` is a space), decoded.
pub fn query_param(query: Option<&str>, name: &str) -> Result<Option<String>, ApiError> {
    let Some(query) = query else {
        return Ok(None);
    };
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key == name {
            let value = percent_decode(&value.replace('+', " ")).map_err(ApiError::bad_request)?;
            return Ok(Some(value));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
