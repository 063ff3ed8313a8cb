//! Starting the store task: its channels, its store filled from the
//! history, and its thread.

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::Instant;

use super::respond::Responders;
use super::{StoreTask, TICK};
use crate::follow::{FollowStats, Update};
use crate::signals::{SignalConfig, Signals};
use crate::store::groups::Grouper;
use crate::store::handle::{CHANGES_BUFFER, Change, StoreHandle};
use crate::store::limits::Limits;
use crate::store::persist::Persist;
use crate::store::saving::Saver;
use crate::store::snapshot::Snapshot;
use crate::store::state::{EngineView, IssueStore};

/// Starts the store task on a thread of its own (with its own small
/// runtime), so applying a flood of updates and taking snapshots never
/// delays the dashboard's or the API's work. It reads `updates` until they
/// end (the engine stopped) and runs until every handle is gone.
pub(crate) fn spawn_store(
    updates: mpsc::Receiver<Update>,
    options: StoreOptions,
) -> (StoreHandle, std::thread::JoinHandle<()>) {
    let (command_tx, command_rx) = mpsc::channel(256);
    let (snapshot_tx, snapshot_rx) = watch::channel(Arc::new(Snapshot::empty()));
    let (changes, _) = broadcast::channel(CHANGES_BUFFER);
    let task = StoreTask::new(options, snapshot_tx, changes.clone());
    let join = std::thread::Builder::new()
        .name("logwarden-store".into())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
            {
                Ok(runtime) => runtime.block_on(task.run(updates, command_rx)),
                // Without its runtime the store cannot run: handles see a
                // closed channel and say so.
                Err(e) => tracing::error!("cannot start the issue store: {e}"),
            }
        })
        .expect("spawn the store thread");
    let handle = StoreHandle {
        commands: command_tx,
        snapshots: snapshot_rx,
        changes,
    };
    (handle, join)
}

impl StoreTask {
    /// The task for `options`, its store filled from the history (if
    /// any), publishing on `published` and `changes`.
    fn new(
        options: StoreOptions,
        published: watch::Sender<Arc<Snapshot>>,
        changes: broadcast::Sender<Change>,
    ) -> StoreTask {
        let StoreOptions {
            stats,
            limits,
            db,
            signals,
            tap,
            respond,
        } = options;
        let mut store = IssueStore::bounded(limits.groups, limits.group_bytes);
        let mut groups = Grouper::new(limits.miner());
        let mut signals = Signals::bounded(signals, limits.seen_groups);
        let saver = db.map(|db| Saver::start(db, &mut store, &mut groups, &mut signals, &limits));
        let mut respond = respond;
        respond.seed(&store);
        StoreTask {
            store,
            groups,
            signals,
            saver,
            stats,
            engine: EngineView {
                monitoring: true,
                ..EngineView::default()
            },
            published,
            changes,
            last_lines: (Instant::now(), 0),
            retired: Vec::new(),
            next_refresh: Instant::now() + TICK,
            unsaid_drops: 0,
            last_drop_warning: None,
            tap: tap.map(super::tap::Tap::new),
            respond,
        }
    }
}

/// What the store task is given besides the engine's updates.
#[derive(Debug)]
pub(crate) struct StoreOptions {
    /// The engine's counters (lines read, files), when there is an engine.
    pub stats: Option<Arc<FollowStats>>,
    /// What may be held (issues, templates, groups seen, history).
    pub limits: Limits,
    /// The issue history, when there is a state directory.
    pub db: Option<Persist>,
    /// Which signals to set on groups (`[signals]` in patterns.toml).
    pub signals: SignalConfig,
    /// Where every applied event and notice is copied, for `watch`.
    pub tap: Option<tokio::sync::mpsc::Sender<Vec<super::Tapped>>>,
    /// The alert engine and the actions, when configured.
    pub respond: Responders,
}

impl StoreOptions {
    /// For a live engine with counters `stats`, the history `db` if any,
    /// the signals of the rules in use, within `limits`.
    pub(crate) fn engine(
        stats: Arc<FollowStats>,
        db: Option<Persist>,
        signals: SignalConfig,
        limits: Limits,
    ) -> StoreOptions {
        StoreOptions {
            stats: Some(stats),
            limits,
            db,
            signals,
            tap: None,
            respond: Responders::default(),
        }
    }

    /// With alerts and actions responding to issues.
    pub(crate) fn responding(mut self, respond: Responders) -> StoreOptions {
        self.respond = respond;
        self
    }

    #[cfg(test)]
    /// In memory, holding `capacity` issues, default limits otherwise and
    /// signals, no engine counters.
    pub(crate) fn memory(capacity: usize) -> StoreOptions {
        StoreOptions {
            stats: None,
            limits: Limits::holding(capacity),
            db: None,
            signals: SignalConfig::default(),
            tap: None,
            respond: Responders::default(),
        }
    }
}
