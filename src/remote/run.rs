//! The remote thread: batches in, issues out to the store, held-back
//! events flushed on a short tick, the hosts and counters published.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Local, Utc};
use tokio::sync::{mpsc, watch};

use super::streams::Streams;
use super::{Arrival, HostBook, MAX_STREAMS, RemoteStats};
use crate::classify::Classifier;
use crate::follow::Update;
use crate::pipeline::Classify;

/// How often held-back events are checked (they wait
/// [`crate::ingest::live::IDLE_FLUSH`]) and silent streams closed.
const TICK: Duration = Duration::from_millis(50);

/// The thread's state.
pub(super) struct Worker {
    cx: Classify,
    streams: Streams,
    out: mpsc::Sender<Update>,
    pending: Vec<Update>,
    stats: Arc<RemoteStats>,
    hosts: Arc<HostBook>,
}

impl Worker {
    pub(super) fn new(
        classifier: Arc<Classifier>,
        out: mpsc::Sender<Update>,
        line_cap: usize,
        stats: Arc<RemoteStats>,
        hosts: Arc<HostBook>,
    ) -> Self {
        Worker {
            cx: Classify::new(classifier),
            streams: Streams::new(line_cap, MAX_STREAMS),
            out,
            pending: Vec::new(),
            stats,
            hosts,
        }
    }

    /// Runs until stopped (then drains the queue) or every input is gone.
    pub(super) fn run(
        mut self,
        mut rx: mpsc::Receiver<Vec<Arrival>>,
        mut stop: watch::Receiver<bool>,
    ) {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                tracing::error!(
                    "remote input: cannot start its runtime: {e}; nothing from other hosts is read"
                );
                return;
            }
        };
        runtime.block_on(async move {
            let mut next_tick = tokio::time::Instant::now() + TICK;
            loop {
                tokio::select! {
                    batch = rx.recv() => match batch {
                        Some(batch) => self.batch(batch),
                        None => break,
                    },
                    _ = tokio::time::sleep_until(next_tick) => {
                        next_tick = tokio::time::Instant::now() + TICK;
                        self.tick();
                    }
                    _ = stop.changed() => {
                        // What TCP senders were told we have is classified.
                        rx.close();
                        while let Some(batch) = rx.recv().await {
                            self.batch(batch);
                        }
                        break;
                    }
                }
                if !self.send().await {
                    return;
                }
            }
            let today = Local::now().date_naive();
            self.streams.finish(&mut self.cx, today, &mut self.pending);
            self.send().await;
        });
    }

    fn batch(&mut self, batch: Vec<Arrival>) {
        let now = Instant::now();
        let today = Local::now().date_naive();
        self.hosts.record(&batch, Utc::now());
        let messages = batch.len() as u64;
        let mut lines = 0;
        for arrival in batch {
            lines += (self.streams).push(arrival, &mut self.cx, now, today, &mut self.pending);
        }
        self.streams
            .end_of_batch(&mut self.cx, today, &mut self.pending);
        RemoteStats::add(&self.stats.messages, messages);
        RemoteStats::add(&self.stats.lines, lines);
    }

    fn tick(&mut self) {
        let today = Local::now().date_naive();
        self.cx.set_today(today);
        (self.streams).tick(&mut self.cx, Instant::now(), today, &mut self.pending);
        let stats = &self.stats;
        (stats.streams).store(
            self.streams.len() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        (stats.streams_evicted).store(self.streams.evicted, std::sync::atomic::Ordering::Relaxed);
    }

    /// Sends what was found, waiting for the store; false once it is gone.
    async fn send(&mut self) -> bool {
        for update in self.pending.drain(..) {
            if self.out.send(update).await.is_err() {
                return false;
            }
        }
        true
    }
}
