//! Responses: JSON bodies, the error envelope, and the body type every
//! handler returns.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use super::bodies::ErrorBody;
use super::issue_json::to_json;

/// The body of every response (a whole buffer, or the event stream).
pub(super) type Body = BoxBody<Bytes, Infallible>;

/// A whole-buffer body.
pub(super) fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// An empty body.
pub(super) fn empty() -> Body {
    Empty::new().boxed()
}

/// A JSON response.
pub(super) fn json(status: StatusCode, bytes: impl Into<Bytes>) -> Response<Body> {
    with_type(status, "application/json", bytes)
}

/// A response with a content type.
pub(super) fn with_type(
    status: StatusCode,
    content_type: &'static str,
    bytes: impl Into<Bytes>,
) -> Response<Body> {
    let mut response = Response::new(full(bytes));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A request that cannot be answered as asked: the status and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub(super) struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What and why, for the `error` field.
    pub message: String,
    /// For 405: the methods the path does take.
    pub allow: Option<&'static str>,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            allow: None,
        }
    }

    /// 400: the request is malformed.
    pub(super) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404: no such thing.
    pub(super) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// The `{"status":"error","error":...}` response.
    pub(super) fn response(&self) -> Response<Body> {
        let body = ErrorBody {
            error: &self.message,
            status: "error",
        };
        let mut response = json(self.status, to_json(128, &body));
        if let Some(allow) = self.allow {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        if self.status == StatusCode::TOO_MANY_REQUESTS
            || self.status == StatusCode::SERVICE_UNAVAILABLE
        {
            // Shippers wait this long before they send the batch again.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"logwarden\""),
            );
        }
        response
    }
}

impl From<super::decode::DecodeError> for ApiError {
    fn from(error: super::decode::DecodeError) -> Self {
        ApiError::bad_request(error.to_string())
    }
}
