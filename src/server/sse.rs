//! `GET /api/logs/stream`: Server-Sent Events, one per new or changed
//! issue (`data: {"change":"new"|"updated"|"resolved"|"reopened","issue":{...}}`,
//! `id:` the issue id), a comment every 15 s to keep proxies from closing
//! it, and an `event: lagged` saying how many changes a too-slow reader
//! missed (it should then re-read `/api/logs/recent`).

use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use http_body_util::channel::Channel;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::broadcast::error::RecvError;

use super::Api;
use super::issue_json::write_issue;
use super::respond::Body;

/// How often an idle stream sends a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Starts a stream for one client; it ends when the client goes away or
/// the server stops.
pub fn open(api: &Api) -> Response<Body> {
    let (mut tx, body) = Channel::<Bytes, std::convert::Infallible>::new(64);
    let mut changes = api.store.changes();
    let redactor = api.config.redactor.clone();
    let mut shutdown = api.shutdown.clone();
    tokio::spawn(async move {
        // Tells the client at once that the stream is open.
        if tx
            .send_data(Bytes::from_static(b": logwarden event stream\n\n"))
            .await
            .is_err()
        {
            return;
        }
        let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
        keep_alive.tick().await;
        loop {
            let chunk = tokio::select! {
                change = changes.recv() => match change {
                    Ok(change) => {
                        let mut data = Vec::with_capacity(2048);
                        data.extend_from_slice(b"id: ");
                        data.extend_from_slice(change.issue.id.as_bytes());
                        data.extend_from_slice(b"\ndata: {\"change\":\"");
                        data.extend_from_slice(change.kind.as_str().as_bytes());
                        data.extend_from_slice(br#"","issue":"#);
                        write_issue(&mut data, &change.issue, &redactor);
                        data.extend_from_slice(b"}\n\n");
                        Bytes::from(data)
                    }
                    Err(RecvError::Lagged(missed)) => {
                        Bytes::from(format!("event: lagged\ndata: {{\"missed\":{missed}}}\n\n"))
                    }
                    Err(RecvError::Closed) => break,
                },
                _ = keep_alive.tick() => Bytes::from_static(b": keep-alive\n\n"),
                _ = shutdown.changed() => break,
            };
            if tx.send_data(chunk).await.is_err() {
                break;
            }
        }
    });
    let mut response = Response::new(body.boxed());
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}
