//! Browsers: the OPTIONS preflight and the CORS headers of every answer.

use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::Api;
use super::respond::{Body, empty};
use super::routes::{allow, find};

/// OPTIONS: the methods a path takes (CORS preflight included), no token needed.
pub(super) fn preflight(api: &Api, req: &Request<Incoming>) -> Response<Body> {
    let allowed = match find(req.uri().path()) {
        Ok((_, takes)) => allow(&takes),
        Err(error) => return error.response(),
    };
    let mut response = Response::new(empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(header::ALLOW, HeaderValue::from_static(allowed));
    if allowed_origin(api, req.headers().get(header::ORIGIN)).is_some() {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(allowed),
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

/// `Vary` and `Access-Control-Allow-Origin` on an answer, when CORS is on.
pub(super) fn add_cors(api: &Api, origin: Option<&HeaderValue>, response: &mut Response<Body>) {
    if api.config.cors_origins.is_empty() {
        return;
    }
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(value) = allowed_origin(api, origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}
