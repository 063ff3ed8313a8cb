//! A shipper's request body: read within a size and in time, then
//! decompressed within the same size, so a gzip bomb stops at the limit
//! instead of filling memory.

use std::io::Read;
use std::time::Duration;

use flate2::read::{MultiGzDecoder, ZlibDecoder};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap};
use hyper::{Request, StatusCode};

use crate::server::respond::ApiError;

/// The largest body taken, as sent and once decompressed: what the OTLP
/// specification recommends (20 MiB); Vector's http sink sends up to
/// 10 MB a batch by default.
pub(super) const LIMIT: usize = 20 * 1024 * 1024;

/// How long a whole body may take to arrive, however steadily it comes
/// (each part must come within the API's client timeout too).
const WHOLE_BODY: Duration = Duration::from_secs(60);

/// How the body is compressed (`Content-Encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// Not compressed.
    Identity,
    /// `gzip` (Vector, Fluent Bit and the OpenTelemetry Collector's default).
    Gzip,
    /// `deflate`: zlib's format (Vector's `zlib`).
    Deflate,
}

impl Encoding {
    /// The request's encoding; 415 for one not read here.
    pub(super) fn of(headers: &HeaderMap) -> Result<Encoding, ApiError> {
        let Some(value) = headers.get(header::CONTENT_ENCODING) else {
            return Ok(Encoding::Identity);
        };
        let text = value.to_str().unwrap_or("?").trim();
        match text.to_ascii_lowercase().as_str() {
            "" | "identity" => Ok(Encoding::Identity),
            "gzip" | "x-gzip" => Ok(Encoding::Gzip),
            "deflate" => Ok(Encoding::Deflate),
            _ => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "Content-Encoding {text:?} is not read here: send gzip, deflate or no compression"
                ),
            )),
        }
    }
}

/// 413 for a body over [`LIMIT`].
fn too_large(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "request body over {} MiB{what}: send smaller batches",
            LIMIT / (1024 * 1024)
        ),
    )
}

/// Reads the whole body: 413 past [`LIMIT`] (at once when its
/// `Content-Length` says so), 408 when a part takes longer than `idle`
/// or the whole longer than [`WHOLE_BODY`].
pub(super) async fn read(req: Request<Incoming>, idle: Duration) -> Result<Vec<u8>, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > LIMIT as u64) {
        return Err(too_large(""));
    }
    let mut body = req.into_body();
    // Within the limit (checked above), so the size asked for is bounded.
    let mut out = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    let deadline = tokio::time::Instant::now() + WHOLE_BODY;
    loop {
        let wait = idle.min(deadline.saturating_duration_since(tokio::time::Instant::now()));
        let frame = match tokio::time::timeout(wait, body.frame()).await {
            Ok(Some(Ok(frame))) => frame,
            Ok(None) => return Ok(out),
            Ok(Some(Err(e))) => {
                return Err(ApiError::bad_request(format!(
                    "cannot read the request body: {e}"
                )));
            }
            Err(_) => {
                return Err(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "the request body did not arrive in time",
                ));
            }
        };
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > LIMIT {
                return Err(too_large(""));
            }
            out.extend_from_slice(&data);
        }
    }
}

/// The body decompressed: 400 when it is not what its encoding says, 413
/// when it grows past [`LIMIT`] (reading stops there).
pub(super) fn decode(raw: Vec<u8>, encoding: Encoding) -> Result<Vec<u8>, ApiError> {
    let (reader, name): (Box<dyn Read + '_>, &str) = match encoding {
        Encoding::Identity => return Ok(raw),
        Encoding::Gzip => (Box::new(MultiGzDecoder::new(&raw[..])), "gzip"),
        Encoding::Deflate => (Box::new(ZlibDecoder::new(&raw[..])), "deflate (zlib)"),
    };
    let mut out = Vec::new();
    reader
        .take(LIMIT as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid {name}: {e}")))?;
    if out.len() > LIMIT {
        return Err(too_large(" once decompressed"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
