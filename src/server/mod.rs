//! The embedded JSON API (hyper 1, HTTP/1.1): the original system's
//! endpoints and shapes, issues by id, an event stream, watched files,
//! Prometheus metrics and an OpenAPI document. It reads the same store as
//! the dashboard, so a resolve on either side shows on the other at once.
//!
//! Ingest never blocks it: handlers read the latest snapshot (an `Arc`)
//! and send changes to the store as commands.

mod bodies;
mod cache;
mod cors;
mod decode;
mod guard;
mod handlers;
mod issue_json;
mod metrics;
mod respond;
mod routes;
mod service;
mod sse;
mod store_calls;

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

pub use routes::ROUTES;

use crate::config::ApiConfig;
use crate::follow::FollowStats;
use crate::store::StoreHandle;

/// Connections served at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 1024;

/// What every request handler reads.
#[derive(Debug)]
pub struct Api {
    store: StoreHandle,
    follow: Option<Arc<FollowStats>>,
    config: ApiConfig,
    cache: cache::Cache,
    shutdown: watch::Receiver<bool>,
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds `config.addr` and starts serving on the current tokio runtime.
    pub async fn start(
        config: ApiConfig,
        store: StoreHandle,
        follow: Option<Arc<FollowStats>>,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let (stop, shutdown) = watch::channel(false);
        let api = Arc::new(Api {
            store,
            follow,
            config,
            cache: cache::Cache::default(),
            shutdown: shutdown.clone(),
        });
        let task = tokio::spawn(accept_loop(listener, api, shutdown));
        Ok(Server { addr, stop, task })
    }

    /// The address it listens on (the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets requests in progress finish (event streams
    /// end), and returns when the listener is closed.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Accept failures in a row: said once, then at most every
/// [`ACCEPT_SAY_EVERY`] with how many there were, and waited on longer
/// each time (up to a second) so a lack of descriptors is not a busy loop.
#[derive(Default)]
struct AcceptFailures {
    in_a_row: u32,
    unsaid: u64,
    said_at: Option<std::time::Instant>,
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
            self.said_at = Some(std::time::Instant::now());
        }
        Duration::from_millis(50u64.saturating_mul(u64::from(self.in_a_row)).min(1000))
    }
}

async fn accept_loop(listener: TcpListener, api: Arc<Api>, mut shutdown: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut failing = AcceptFailures::default();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                failing = AcceptFailures::default();
                stream
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
        let api = Arc::clone(&api);
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let timeout = api.config.client_timeout;
            let service = service_fn(move |req| {
                let api = Arc::clone(&api);
                async move { Ok::<_, Infallible>(service::handle(api, req).await) }
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
            drop(slot);
        });
    }
}

#[cfg(test)]
mod tests;
