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

/// Equal bytes, in time that depends only on `expected`'s length.
fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ e);
    }
    diff == 0
}

/// Reads (and drops) a POST body: 413 beyond the limit, 408 when too slow.
pub(super) async fn read_body(api: &Api, req: Request<Incoming>) -> Result<(), ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large(BODY_LIMIT));
    }
    let collect = Limited::new(req.into_body(), BODY_LIMIT).collect();
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
