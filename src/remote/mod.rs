//! Lines from other machines. The syslog listeners and the API's ingest
//! endpoints hand [`Arrival`]s (batches of them) to one thread, which keeps
//! a pipeline per (host, stream) — multi-line events and their issues work
//! per stream, as they do per file — and sends the issues to the store on
//! the engine's channel. A full queue makes TCP senders wait, answers HTTP
//! shippers 429 (they buffer and retry) and drops UDP datagrams, counted.

mod hosts;
mod run;
mod streams;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, watch};

pub use hosts::{HostBook, HostSeen};

use crate::classify::Classifier;
use crate::follow::Update;

/// Batches in flight between the inputs and the remote thread.
pub const QUEUE: usize = 256;

/// Most (host, stream) pipelines kept; past it the least recently used go.
pub const MAX_STREAMS: usize = 20_000;

/// The longest host or stream name kept (longer ones are cut).
pub const NAME_CAP: usize = 255;

/// `name` cut to [`NAME_CAP`] bytes, at a character boundary, with control
/// characters and invisible format characters (bidi overrides, zero-width
/// ones) replaced by `?`: a host or stream name goes into labels, alerts
/// and terminals, and a sender chooses it.
pub fn cut_name(mut name: String) -> String {
    if name.contains(unsafe_in_name) {
        name = name.replace(unsafe_in_name, "?");
    }
    if name.len() > NAME_CAP {
        let mut end = NAME_CAP;
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name.truncate(end);
    }
    name
}

/// Control characters, and format characters that reorder or hide text
/// (a name that reads as another in a label or a terminal).
fn unsafe_in_name(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// One message from another machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// The machine that wrote it (from the syslog header or the shipper's
    /// field; the peer's address when neither says).
    pub host: String,
    /// The program or file on that machine (syslog APP-NAME, a file path).
    pub stream: String,
    /// The message: one line, or several for a multi-line event.
    pub text: Vec<u8>,
    /// The time the sender wrote, as written, when it gave one.
    pub time: Option<String>,
    /// Bytes cut from the end of the text before it came here (a syslog
    /// frame over the cap), so a cut line says its real length.
    pub cut: u64,
}

/// Counters of the remote input, for the metrics and the API.
#[derive(Debug, Default)]
pub struct RemoteStats {
    /// Messages classified.
    pub messages: AtomicU64,
    /// Lines classified (a message may have several).
    pub lines: AtomicU64,
    /// Pipelines closed to stay within [`MAX_STREAMS`].
    pub streams_evicted: AtomicU64,
    /// Pipelines open now.
    pub streams: AtomicU64,
    /// HTTP requests refused with 429 (the queue was full, or too many
    /// bodies were being read): the shipper keeps them and sends again.
    pub http_refused: AtomicU64,
}

impl RemoteStats {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// What the API needs of the remote input: where ingested records go and
/// how their fields are read, and what to report.
#[derive(Debug, Clone)]
pub struct RemoteHandle {
    /// Where batches go.
    pub sender: mpsc::Sender<Vec<Arrival>>,
    /// The remote input's counters.
    pub stats: Arc<RemoteStats>,
    /// The hosts heard from.
    pub hosts: Arc<HostBook>,
    /// The syslog listeners' counters, when they run.
    pub syslog: Option<Arc<crate::syslog::SyslogStats>>,
    /// The ingest endpoints' fields, when they are enabled.
    pub ingest: Option<crate::config::IngestFields>,
}

/// The remote input's thread, running.
#[derive(Debug)]
pub struct RemoteInput {
    tx: mpsc::Sender<Vec<Arrival>>,
    stop: Arc<watch::Sender<bool>>,
    stats: Arc<RemoteStats>,
    hosts: Arc<HostBook>,
    thread: Option<JoinHandle<()>>,
}

impl RemoteInput {
    /// Starts the thread; its issues go to `out` (the store's channel),
    /// lines are capped at `line_cap`.
    pub fn start(
        classifier: Arc<Classifier>,
        out: mpsc::Sender<Update>,
        line_cap: usize,
    ) -> std::io::Result<RemoteInput> {
        let (tx, rx) = mpsc::channel(QUEUE);
        let (stop, stopped) = watch::channel(false);
        let stats = Arc::new(RemoteStats::default());
        let hosts = Arc::new(HostBook::default());
        let worker = run::Worker::new(
            classifier,
            out,
            line_cap,
            Arc::clone(&stats),
            Arc::clone(&hosts),
        );
        let thread = std::thread::Builder::new()
            .name("logwarden-remote".into())
            .spawn(move || worker.run(rx, stopped))?;
        Ok(RemoteInput {
            tx,
            stop: Arc::new(stop),
            stats,
            hosts,
            thread: Some(thread),
        })
    }

    /// Where the inputs send batches.
    pub fn sender(&self) -> mpsc::Sender<Vec<Arrival>> {
        self.tx.clone()
    }

    /// What the API and the metrics need.
    pub fn handle(
        &self,
        syslog: Option<Arc<crate::syslog::SyslogStats>>,
        ingest: Option<crate::config::IngestFields>,
    ) -> RemoteHandle {
        RemoteHandle {
            sender: self.sender(),
            stats: Arc::clone(&self.stats),
            hosts: Arc::clone(&self.hosts),
            syslog,
            ingest,
        }
    }

    /// A handle that tells the thread to stop (for the listeners too).
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stop.subscribe()
    }

    /// Asks the thread to stop without waiting (a signal handler's part;
    /// [`RemoteInput::stop`] waits).
    pub fn stop_flag(&self) -> Arc<watch::Sender<bool>> {
        Arc::clone(&self.stop)
    }

    /// Stops: what is queued is classified, held-back events are
    /// reported, and the thread ends (dropping its sender to the store).
    pub fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
