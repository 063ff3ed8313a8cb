//! What a request must pass before it is answered: the token, and (for a
//! POST) a body within the limit that arrives in time.

use http_body_util::{BodyExt, Limited};
use hyper::Request;
use hyper::StatusCode;
use hyper::body::Incoming;
use hyper::header;

use super::Api;
use super::handlers::too_large;
use super::respond::ApiError;

/// Largest request body taken (no endpoint needs one).
const BODY_LIMIT: usize = 64 * 1024;

/// Checks `Authorization: Bearer TOKEN` when a token is set, comparing in
/// constant time.
pub(super) fn authorize(api: &Api, req: &Request<Incoming>) -> Result<(), ApiError> {
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

/// Refuses what a web page could make a browser send: on a server bound
/// to loopback, a `Host` that is not a loopback name (DNS rebinding: a
/// page's own name pointed at 127.0.0.1); and a change (POST) whose
/// `Origin` is neither allowed (`--api-cors-origin`) nor the server
/// itself (a cross-site form or fetch). Scripts send no `Origin`.
pub(super) fn same_site(api: &Api, req: &Request<Incoming>) -> Result<(), ApiError> {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if api.config.addr.ip().is_loopback() && !host.is_empty() && !loopback_host(host) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this API listens on loopback and answers only loopback names (Host: localhost, 127.0.0.1, [::1])",
        ));
    }
    if req.method() != hyper::Method::POST {
        return Ok(());
    }
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(());
    };
    let allowed = api
        .config
        .cors_origins
        .iter()
        .any(|o| o == "*" || o.eq_ignore_ascii_case(origin));
    let own = origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host));
    if allowed || own {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "cross-origin change refused: allow the page's origin with --api-cors-origin",
    ))
}

/// Whether a `Host` header names this machine's loopback.
fn loopback_host(host: &str) -> bool {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return ip.is_loopback();
    }
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
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
pub(super) async fn read_body(api: &Api, req: &mut Request<Incoming>) -> Result<(), ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large(BODY_LIMIT));
    }
    let collect = Limited::new(req.body_mut(), BODY_LIMIT).collect();
    match tokio::time::timeout(api.config.client_timeout, collect).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large(BODY_LIMIT)),
        Ok(Err(e)) => Err(ApiError::bad_request(format!(
            "cannot read the request body: {e}"
        ))),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "the request body did not arrive in time",
        )),
    }
}

#[cfg(test)]
mod tests;
