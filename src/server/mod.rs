//! The embedded JSON API (hyper 1, HTTP/1.1): the original system's
//! endpoints and shapes, issues by id, an event stream, watched files,
//! Prometheus metrics and an OpenAPI document. It reads the same store as
//! the dashboard, so a resolve on either side shows on the other at once.
//!
//! Ingest never blocks it: handlers read the latest snapshot (an `Arc`)
//! and send changes to the store as commands.

mod accept;
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
mod shippers;
mod sse;
mod store_calls;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

pub use routes::ROUTES;

use crate::config::ApiConfig;
use crate::follow::FollowStats;
use crate::heal::HealHub;
use crate::remote::RemoteHandle;
use crate::store::StoreHandle;

/// What every request handler reads.
#[derive(Debug)]
pub struct Api {
    store: StoreHandle,
    follow: Option<Arc<FollowStats>>,
    hub: Option<Arc<HealHub>>,
    remote: Option<RemoteHandle>,
    config: ApiConfig,
    cache: cache::Cache,
    shutdown: watch::Receiver<bool>,
    /// Turns to read a shipper's body ([`shippers::AT_ONCE`] at a time).
    turns: Semaphore,
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds `config.addr`, before anything else starts, so an address in
    /// use is refused with nothing started.
    pub fn bind(config: &ApiConfig) -> io::Result<std::net::TcpListener> {
        let listener = std::net::TcpListener::bind(config.addr)?;
        listener.set_nonblocking(true)?;
        Ok(listener)
    }

    /// Starts serving on `listener` (from [`Server::bind`]) on the current
    /// tokio runtime.
    pub fn start(
        listener: std::net::TcpListener,
        config: ApiConfig,
        store: StoreHandle,
        follow: Option<Arc<FollowStats>>,
        hub: Option<Arc<HealHub>>,
        remote: Option<RemoteHandle>,
    ) -> io::Result<Server> {
        let listener = TcpListener::from_std(listener)?;
        let addr = listener.local_addr()?;
        let (stop, shutdown) = watch::channel(false);
        let api = Arc::new(Api {
            store,
            follow,
            hub,
            remote,
            config,
            cache: cache::Cache::default(),
            shutdown: shutdown.clone(),
            turns: Semaphore::new(shippers::AT_ONCE),
        });
        let task = tokio::spawn(accept::accept_loop(listener, api, shutdown));
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

#[cfg(test)]
mod tests;
