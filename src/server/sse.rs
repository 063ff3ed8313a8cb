//! `GET /api/logs/stream`: Server-Sent Events, one per new or changed
//! issue (`data: {"change":"new"|"updated"|"resolved"|"reopened","issue":{...}}`,
//! `id:` the issue id), a comment every 15 s to keep proxies from closing
//! it, and an `event: lagged` saying how many changes a too-slow reader
//! missed (it should then re-read `/api/logs/recent`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use http_body_util::channel::{Channel, Sender};
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

use super::Api;
use super::bodies::{ChangeEvent, LaggedEvent};
use super::issue_json::{ISSUE_CAPACITY, Served};
use super::respond::Body;
use crate::redact::Redactor;
use crate::store::Change;

/// How often an idle stream sends a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Starts a stream for one client; it ends when the client goes away or
/// the server stops.
pub(super) fn open(api: &Api) -> Response<Body> {
    let (tx, body) = Channel::<Bytes, Infallible>::new(64);
    let stream = Stream {
        tx,
        changes: api.store.changes(),
        redactor: api.config.redactor.clone(),
        shutdown: api.shutdown.clone(),
    };
    tokio::spawn(stream.run());
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

/// One client's stream: what it is sent, from where.
struct Stream {
    tx: Sender<Bytes, Infallible>,
    changes: broadcast::Receiver<Change>,
    redactor: Arc<Redactor>,
    shutdown: watch::Receiver<bool>,
}

impl Stream {
    async fn run(mut self) {
        // Tells the client at once that the stream is open.
        let opened = Bytes::from_static(b": logwarden event stream\n\n");
        if self.tx.send_data(opened).await.is_err() {
            return;
        }
        let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
        keep_alive.tick().await;
        loop {
            let chunk = tokio::select! {
                change = self.changes.recv() => match change {
                    Ok(change) => change_chunk(&change, &self.redactor),
                    Err(RecvError::Lagged(missed)) => lagged_chunk(missed),
                    Err(RecvError::Closed) => break,
                },
                _ = keep_alive.tick() => Bytes::from_static(b": keep-alive\n\n"),
                _ = self.shutdown.changed() => break,
            };
            if self.tx.send_data(chunk).await.is_err() {
                break;
            }
        }
    }
}

/// `id: ID\ndata: {"change":...,"issue":{...}}\n\n`.
fn change_chunk(change: &Change, redactor: &Redactor) -> Bytes {
    let event = ChangeEvent {
        change: change.kind.as_str(),
        issue: Served {
            issue: &change.issue,
            redactor,
        },
    };
    let mut data = Vec::with_capacity(ISSUE_CAPACITY);
    data.extend_from_slice(b"id: ");
    data.extend_from_slice(change.issue.id.as_bytes());
    data.extend_from_slice(b"\ndata: ");
    // A struct with string keys cannot fail to serialize into a Vec.
    let _ = serde_json::to_writer(&mut data, &event);
    data.extend_from_slice(b"\n\n");
    Bytes::from(data)
}

/// `event: lagged\ndata: {"missed":N}\n\n`.
fn lagged_chunk(missed: u64) -> Bytes {
    let mut data = b"event: lagged\ndata: ".to_vec();
    let _ = serde_json::to_writer(&mut data, &LaggedEvent { missed });
    data.extend_from_slice(b"\n\n");
    Bytes::from(data)
}
