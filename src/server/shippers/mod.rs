//! The ingest endpoints (`--ingest`): logs that shippers send over HTTP,
//! JSON records at `POST /api/ingest` and OTLP/HTTP JSON at `POST /v1/logs`,
//! read into arrivals and queued to the remote input whole or not at all.
//! A full queue is a 429 the shipper answers by keeping the batch and
//! sending it again: nothing is dropped unsaid.

mod body;
mod epoch;
mod otlp;
mod records;

use std::fmt::Display;
use std::net::IpAddr;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use tokio::sync::mpsc::error::TrySendError;
use tokio::sync::{Semaphore, SemaphorePermit};

use super::Api;
use super::respond::{ApiError, Body, json};
use super::routes::Feed;
use crate::remote::{Arrival, RemoteHandle, RemoteStats};

/// Requests whose bodies are read and decoded at the same time; others
/// wait their turn (their bytes stay in the kernel's buffers), so memory
/// stays bounded however many shippers send at once.
pub(super) const AT_ONCE: usize = 2;

/// A request is queued in batches of at most this much text...
const BATCH_BYTES: usize = 1024 * 1024;
/// ... and this many messages, so what the queue holds is bounded by its
/// length, whatever the requests were.
const BATCH_MESSAGES: usize = 16 * 1024;

/// Reasons for rejected records kept for the answer (the count says how
/// many there were).
const MAX_ERRORS: usize = 10;

/// What a body held: the arrivals read, and the records rejected.
#[derive(Debug, Default)]
struct Parsed {
    arrivals: Vec<Arrival>,
    rejected: u64,
    /// The first [`MAX_ERRORS`] reasons, each naming where its record was.
    errors: Vec<String>,
}

impl Parsed {
    /// Counts a record that cannot be read, and why, if there is room.
    fn reject(&mut self, at: impl Display, why: impl Display) {
        self.rejected += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(format!("{at}: {why}"));
        }
    }
}

/// `POST /api/ingest` and `POST /v1/logs`: 404 unless `--ingest`; the
/// records in the body (from `peer` when they do not name their host)
/// queued to the remote input, and how many were taken.
pub(super) async fn receive(
    api: &Api,
    req: Request<Incoming>,
    peer: IpAddr,
    feed: Feed,
) -> Result<Response<Body>, ApiError> {
    let Some((remote, fields)) = api
        .remote
        .as_ref()
        .and_then(|remote| Some((remote, remote.ingest.clone()?)))
    else {
        return Err(ApiError::not_found(
            "the ingest endpoints are off: start logwarden with --ingest (and --api), \
             or set `enabled = true` in the config file's [ingest]",
        ));
    };
    let encoding = body::Encoding::of(req.headers())?;
    if feed == Feed::Otlp {
        otlp::check_type(req.headers())?;
    }
    let _turn = take_turn(&api.turns, api.config.client_timeout, remote).await?;
    let raw = body::read(req, api.config.client_timeout).await?;
    let peer = peer.to_string();
    // Decompressing and parsing up to 20 MiB is CPU work: not on the
    // threads that answer other requests.
    let work = move || {
        let text = body::decode(raw, encoding)?;
        match feed {
            Feed::Records => records::parse(&text, &fields, &peer),
            Feed::Otlp => otlp::parse(&text, &peer),
        }
    };
    let parsed = tokio::task::spawn_blocking(work).await.map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("reading the request failed: {e}"),
        )
    })??;
    let accepted = parsed.arrivals.len();
    if accepted > 0 {
        queue(remote, parsed.arrivals)?;
    }
    let (status, body) = match feed {
        Feed::Records => records::answer(accepted, parsed.rejected, &parsed.errors),
        Feed::Otlp => (
            StatusCode::OK,
            otlp::answer(parsed.rejected, &parsed.errors),
        ),
    };
    Ok(json(status, body))
}

/// A turn to read a body, waited for at most `wait`; then 429.
async fn take_turn<'a>(
    turns: &'a Semaphore,
    wait: Duration,
    remote: &RemoteHandle,
) -> Result<SemaphorePermit<'a>, ApiError> {
    match tokio::time::timeout(wait, turns.acquire()).await {
        Ok(Ok(turn)) => Ok(turn),
        // Never closed; the wait is over: the shipper sends again later.
        Ok(Err(_)) | Err(_) => Err(refused(remote, "too many requests are being read")),
    }
}

/// Sends `arrivals` to the remote input: every batch or none (a 429 when
/// the queue has no room for them all, so a retry sends nothing twice).
fn queue(remote: &RemoteHandle, arrivals: Vec<Arrival>) -> Result<(), ApiError> {
    let batches = split(arrivals);
    if batches.len() > remote.sender.max_capacity() {
        // Not reached within the body limit (a batch holds 16k messages).
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too many records in one request: send smaller batches",
        ));
    }
    match remote.sender.try_reserve_many(batches.len()) {
        Ok(permits) => {
            for (permit, batch) in permits.zip(batches) {
                permit.send(batch);
            }
            Ok(())
        }
        Err(TrySendError::Full(())) => {
            Err(refused(remote, "the queue of messages to classify is full"))
        }
        Err(TrySendError::Closed(())) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "logwarden is stopping: send again later",
        )),
    }
}

/// 429 (with `Retry-After`), counted.
fn refused(remote: &RemoteHandle, why: &str) -> ApiError {
    RemoteStats::add(&remote.stats.http_refused, 1);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!("{why}: nothing of this request was taken; send it again after Retry-After"),
    )
}

/// `arrivals` in batches of at most [`BATCH_BYTES`] of text and
/// [`BATCH_MESSAGES`] messages, in order.
fn split(arrivals: Vec<Arrival>) -> Vec<Vec<Arrival>> {
    let mut batches = Vec::new();
    let mut batch = Vec::new();
    let mut bytes = 0;
    for arrival in arrivals {
        let full = bytes + arrival.text.len() > BATCH_BYTES || batch.len() == BATCH_MESSAGES;
        if full && !batch.is_empty() {
            batches.push(std::mem::take(&mut batch));
            bytes = 0;
        }
        bytes += arrival.text.len();
        batch.push(arrival);
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    batches
}

#[cfg(test)]
mod tests;
