//! Accepting connections: at most [`MAX_CONNECTIONS`] at once, failures
//! to accept said sparingly, each connection served until it closes or
//! the server stops.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};

use super::{Api, service};

/// Connections served at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 1024;

/// Accept failures in a row: said once, then at most every
/// [`ACCEPT_SAY_EVERY`] with how many there were, and waited on longer
/// each time (up to a second) so a lack of descriptors is not a busy loop.
#[derive(Default)]
struct AcceptFailures {
    in_a_row: u32,
    unsaid: u64,
    said_at: Option<Instant>,
}

/// How often failures to accept in a row are said again.
const ACCEPT_SAY_EVERY: Duration = Duration::from_secs(10);

impl AcceptFailures {
    /// Records a failure; returns how long to wait before the next accept.
    fn failed(&mut self, e: &std::io::Error) -> Duration {
        self.in_a_row = self.in_a_row.saturating_add(1);
        self.unsaid += 1;
        let due = self
            .said_at
            .is_none_or(|at| at.elapsed() >= ACCEPT_SAY_EVERY);
        if due {
            let more = match self.unsaid {
                1 => String::new(),
                n => format!(" ({n} times since it was last said)"),
            };
            tracing::warn!("API: cannot accept a connection: {e}{more}");
            self.unsaid = 0;
            self.said_at = Some(Instant::now());
        }
        Duration::from_millis(50u64.saturating_mul(u64::from(self.in_a_row)).min(1000))
    }
}

/// Accepts connections until shutdown, each served on a task of its own.
pub(super) async fn accept_loop(
    listener: TcpListener,
    api: Arc<Api>,
    mut shutdown: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut failing = AcceptFailures::default();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => break,
        };
        let (stream, peer) = match accepted {
            Ok((stream, peer)) => {
                failing = AcceptFailures::default();
                // An IPv4 client of a dual-stack socket is named as IPv4.
                (stream, peer.ip().to_canonical())
            }
            Err(e) => {
                // Out of file descriptors and the like: say so, breathe, go on.
                tokio::time::sleep(failing.failed(&e)).await;
                continue;
            }
        };
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            break;
        };
        let _ = stream.set_nodelay(true);
        let (api, shutdown) = (Arc::clone(&api), shutdown.clone());
        tokio::spawn(async move {
            serve(stream, peer, api, shutdown).await;
            drop(slot);
        });
    }
}

/// Serves one connection from `peer` until it closes; at shutdown, lets
/// the request in progress finish (for up to 5 s).
async fn serve(
    stream: TcpStream,
    peer: IpAddr,
    api: Arc<Api>,
    mut shutdown: watch::Receiver<bool>,
) {
    let timeout = api.config.client_timeout;
    let service = service_fn(move |req| {
        let api = Arc::clone(&api);
        async move { Ok::<_, Infallible>(service::handle(api, peer, req).await) }
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeout)
        .max_buf_size(64 * 1024);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), conn).await;
        }
    }
}
#[cfg(test)]
mod tests;
