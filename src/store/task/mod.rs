//! The store task: owns the [`IssueStore`], applies the engine's updates
//! and the front ends' commands, and publishes [`Snapshot`]s on a watch
//! channel (coalesced: at most one per [`PUBLISH_GAP`] under a flood,
//! at once after a command, so a resolve is visible everywhere at once).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::{Instant, MissedTickBehavior};

use super::groups::{Grouper, Placement};
use super::handle::{CHANGES_BUFFER, Change, ChangeKind, Request, StoreHandle};
use super::limits::Limits;
use super::persist::Persist;
use super::saving::Saver;
use super::snapshot::HistoryStatus;
use super::snapshot::Snapshot;
use super::state::{EngineView, IssueStore};
use crate::follow::{FollowStats, Mark, Update};
use crate::model::{Issue, sanitize_for_terminal};
use crate::signals::{SignalConfig, Signals};

/// Shortest time between two snapshots while issues stream in.
pub const PUBLISH_GAP: Duration = Duration::from_millis(50);
/// Updates applied per wake-up at most before commands are looked at.
const DRAIN: usize = 1024;
/// Writes tried at the end before what is left is given up.
const FINAL_ATTEMPTS: u32 = 3;
/// Between two of them.
const FINAL_RETRY: Duration = Duration::from_millis(200);
/// How often health (which ages) and the read rate are refreshed.
const TICK: Duration = Duration::from_secs(1);
/// Open CRITICAL/ERROR issues dropped are said at most this often.
const DROP_WARNING_EVERY: Duration = Duration::from_secs(60);

/// Starts the store task on a thread of its own (with its own small
/// runtime), so applying a flood of updates and taking snapshots never
/// delays the dashboard's or the API's work. It reads `updates` until they
/// end (the engine stopped) and runs until every handle is gone.
pub fn spawn_store(
    updates: mpsc::Receiver<Update>,
    options: StoreOptions,
) -> (StoreHandle, std::thread::JoinHandle<()>) {
    let (command_tx, command_rx) = mpsc::channel(256);
    let (snapshot_tx, snapshot_rx) = watch::channel(Arc::new(Snapshot::empty()));
    let (changes, _) = broadcast::channel(CHANGES_BUFFER);
    let StoreOptions {
        stats,
        limits,
        db,
        signals,
    } = options;
    let mut store = IssueStore::bounded(limits.groups, limits.group_bytes);
    let mut groups = Grouper::new(limits.miner());
    let mut signals = Signals::bounded(signals, limits.seen_groups);
    let saver = db.map(|db| Saver::start(db, &mut store, &mut groups, &mut signals, &limits));
    let task = StoreTask {
        store,
        groups,
        signals,
        saver,
        stats,
        engine: EngineView {
            monitoring: true,
            ..EngineView::default()
        },
        published: snapshot_tx,
        changes: changes.clone(),
        last_lines: (Instant::now(), 0),
        retired: Vec::new(),
        next_refresh: Instant::now() + TICK,
        unsaid_drops: 0,
        last_drop_warning: None,
    };
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

/// What the store task is given besides the engine's updates.
#[derive(Debug)]
pub struct StoreOptions {
    /// The engine's counters (lines read, files), when there is an engine.
    pub stats: Option<Arc<FollowStats>>,
    /// What may be held (issues, templates, groups seen, history).
    pub limits: Limits,
    /// The issue history, when there is a state directory.
    pub db: Option<Persist>,
    /// Which signals to set on groups (`[signals]` in patterns.toml).
    pub signals: SignalConfig,
}

impl StoreOptions {
    /// For a live engine with counters `stats`, the history `db` if any,
    /// the signals of the rules in use, within `limits`.
    pub fn engine(
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
        }
    }

    /// In memory, holding `capacity` issues, default limits otherwise and
    /// signals, no engine counters.
    pub fn memory(capacity: usize) -> StoreOptions {
        StoreOptions {
            stats: None,
            limits: Limits::holding(capacity),
            db: None,
            signals: SignalConfig::default(),
        }
    }
}

mod commands;

/// Returns the pages of freed memory to the system. Under a flood, issues
/// are made on the engine's thread and freed on this one: glibc keeps what
/// is freed for reuse, and the resident size creeps up with the scatter;
/// trimming once a second keeps it to what is in use.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

struct StoreTask {
    store: IssueStore,
    groups: Grouper,
    signals: Signals,
    saver: Option<Saver>,
    stats: Option<Arc<FollowStats>>,
    engine: EngineView,
    published: watch::Sender<Arc<Snapshot>>,
    changes: broadcast::Sender<Change>,
    last_lines: (Instant, u64),
    /// Snapshots replaced but maybe still read: kept until only this list
    /// holds them, so freeing one (100,000 reference counts) happens here,
    /// not in the middle of an API request or a frame.
    retired: Vec<Arc<Snapshot>>,
    /// When [`StoreTask::refresh`] is due next.
    next_refresh: Instant,
    /// Open CRITICAL/ERROR issues dropped and not yet said.
    unsaid_drops: u64,
    last_drop_warning: Option<Instant>,
}

impl StoreTask {
    async fn run(
        mut self,
        mut updates: mpsc::Receiver<Update>,
        mut commands: mpsc::Receiver<Request>,
    ) {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut updates_open = true;
        let mut due: Option<Instant> = None;
        loop {
            let publish_at = due.unwrap_or_else(|| Instant::now() + TICK);
            tokio::select! {
                update = updates.recv(), if updates_open => match update {
                    Some(update) => {
                        self.apply(update);
                        // Take what else is waiting in one go: fewer wake-ups
                        // under a flood, and commands still get a turn.
                        for _ in 0..DRAIN {
                            match updates.try_recv() {
                                Ok(update) => self.apply(update),
                                Err(_) => break,
                            }
                        }
                        self.save(false);
                        let now = Instant::now();
                        let publish_due = *due.get_or_insert(now + PUBLISH_GAP);
                        // Under a flood the updates are always ready and the
                        // timers below are seen only when the task yields
                        // (every 128 batches): publish and refresh on time
                        // from here.
                        if now >= publish_due {
                            due = None;
                            self.publish();
                        }
                        if now >= self.next_refresh {
                            self.refresh();
                        }
                    }
                    None => {
                        updates_open = false;
                        self.engine.monitoring = false;
                        self.publish();
                        self.save(true);
                    }
                },
                command = commands.recv() => match command {
                    Some(Request::Finish(reply)) => {
                        while let Ok(update) = updates.try_recv() {
                            self.apply(update);
                        }
                        let _ = reply.send(self.finish().await);
                        break;
                    }
                    Some(Request::Edit(command, reply)) => self.command(command, reply),
                    None => {
                        self.save(true);
                        break;
                    }
                },
                _ = tokio::time::sleep_until(publish_at), if due.is_some() => {
                    due = None;
                    self.publish();
                }
                _ = tick.tick() => self.refresh(),
            }
        }
    }

    fn apply(&mut self, update: Update) {
        match update {
            Update::Issue(issue, mark) => {
                let applied = self.position_of(mark, &issue);
                self.add(issue);
                self.applied(applied);
            }
            Update::Grew(issue, mark) => {
                let applied = self.position_of(mark, &issue);
                self.grow(issue);
                self.applied(applied);
            }
            Update::Positions(positions) => {
                if let Some(saver) = &mut self.saver {
                    saver.positions(positions);
                }
            }
            // Paths in notices come from the file system: keep them inert on screen.
            Update::Notice(notice) if notice.warning => {
                tracing::warn!("{}", sanitize_for_terminal(&notice.message))
            }
            Update::Notice(notice) => tracing::info!("{}", sanitize_for_terminal(&notice.message)),
            Update::Ready { files, stdin } => {
                self.engine.ready = true;
                self.engine.files = files as u64;
                let extra = if stdin { " and standard input" } else { "" };
                tracing::info!("watching {files} files{extra}");
            }
        }
    }

    /// The mark of an update and its issue's id, when positions are saved.
    fn position_of(&self, mark: Option<Mark>, issue: &Issue) -> Option<(Mark, String)> {
        self.saver.as_ref()?;
        Some((mark?, issue.id.clone()))
    }

    fn applied(&mut self, applied: Option<(Mark, String)>) {
        if let (Some(saver), Some((mark, id))) = (&mut self.saver, applied) {
            saver.applied(mark, id);
        }
    }

    /// A new occurrence: a group's first (a new issue) or a recurrence.
    fn add(&mut self, issue: Issue) {
        let mut issue = match self.groups.place(issue) {
            Placement::New(issue) => issue,
            Placement::Recur(held, mut occurrence) => {
                self.signals.again(&mut occurrence, &held);
                match self.store.recur(&held, occurrence.clone()) {
                    Some(now) => {
                        self.announce(ChangeKind::Updated, now);
                        // A recurrence may grow it (its occurrences).
                        let dropped = self.store.trim();
                        self.dropped(dropped);
                        self.trim_groups();
                        return;
                    }
                    None => self.groups.restart(&held, occurrence),
                }
            }
        };
        self.signals.first(&mut issue);
        let id = issue.id.clone();
        let dropped = self.store.insert(issue);
        if let Some(new) = self.store.get(&id) {
            self.announce(ChangeKind::New, Arc::clone(new));
        }
        self.dropped(dropped);
        self.trim_groups();
    }

    /// Issues the store let go: their groups and rates are forgotten; an
    /// open CRITICAL/ERROR among them is said (at most once a minute, with
    /// how many, so a flood of them does not flood the log too).
    fn dropped(&mut self, dropped: Vec<super::Dropped>) {
        for dropped in dropped {
            self.groups.forget(&dropped.issue.id);
            self.signals.forget(&dropped.issue);
            if dropped.needed_attention {
                self.unsaid_drops += 1;
                let due = self
                    .last_drop_warning
                    .is_none_or(|at| at.elapsed() >= DROP_WARNING_EVERY);
                if due {
                    let issue = dropped.issue;
                    tracing::warn!(
                        "store full: dropped {} unresolved CRITICAL/ERROR issue(s), the latest {} ({}) from {}",
                        self.unsaid_drops,
                        issue.severity,
                        issue.issue_type,
                        issue.timestamp
                    );
                    self.unsaid_drops = 0;
                    self.last_drop_warning = Some(Instant::now());
                }
            }
        }
    }

    /// The template miner within its limits; templates of groups whose
    /// issue needs attention go last.
    fn trim_groups(&mut self) {
        let store = &self.store;
        self.groups.trim(|held| store.needs_attention(held));
    }

    /// A reported event grew: the issue it became (or recurred into) grows.
    fn grow(&mut self, issue: Issue) {
        let held = self
            .groups
            .held_for(&issue.id)
            .unwrap_or(&issue.id)
            .to_string();
        if self.store.grow_into(&held, issue)
            && let Some(now) = self.store.get(&held)
        {
            self.announce(ChangeKind::Updated, Arc::clone(now));
        }
    }

    /// Once a second: the read rate, files watched, and health (which
    /// changes as issues age out of the recent window). Publishes only
    /// when something shown changed.
    fn refresh(&mut self) {
        self.next_refresh = Instant::now() + TICK;
        self.retired.retain(|s| Arc::strong_count(s) > 1);
        give_back_freed_memory();
        for (id, factor) in self.signals.settle(Utc::now()) {
            if let Some(issue) = self.store.set_spike(&id, factor) {
                self.announce(ChangeKind::Updated, issue);
            }
        }
        self.save(false);
        if let Some(stats) = &self.stats {
            let now = Instant::now();
            let lines = stats.lines_read();
            let (then, before) = self.last_lines;
            let secs = now.duration_since(then).as_secs_f64();
            if secs > 0.0 {
                self.engine.lines_per_sec = lines.saturating_sub(before) as f64 / secs;
            }
            self.last_lines = (now, lines);
            self.engine.lines_read = lines;
            self.engine.unread_bytes = stats.unread_bytes();
            if self.engine.ready {
                self.engine.files = stats.files();
                self.engine.file_counts = stats.file_counts();
            }
        }
        let current = self.published.borrow().clone();
        let (health, recent) = self.store.vitals(Utc::now());
        let unchanged = current.version == self.store.version()
            && current.history == self.saver.as_ref().map(Saver::status)
            && current.bounds == self.bounds()
            && current.health == health
            && current.recent == recent
            && current.files == self.engine.files
            && current.file_counts == self.engine.file_counts
            && current.lines_read == self.engine.lines_read
            && current.unread_bytes == self.engine.unread_bytes
            && current.lines_per_sec == self.engine.lines_per_sec
            && current.ready == self.engine.ready;
        if !unchanged {
            self.publish();
        }
    }

    /// Tells event-stream readers (if any) about a change.
    fn announce(&mut self, kind: ChangeKind, issue: Arc<Issue>) {
        if let Some(saver) = &mut self.saver {
            saver.mark(&issue.id);
        }
        if self.changes.receiver_count() > 0 {
            let _ = self.changes.send(Change { kind, issue });
        }
    }

    /// The last writes: tried a few times (space may be freed meanwhile);
    /// how saving ended.
    async fn finish(&mut self) -> Option<HistoryStatus> {
        self.engine.monitoring = false;
        self.publish();
        for attempt in 0..FINAL_ATTEMPTS {
            self.save(true);
            let status = self.saver.as_ref()?.status();
            if status.failing.is_none() || attempt + 1 == FINAL_ATTEMPTS {
                return Some(status);
            }
            tokio::time::sleep(FINAL_RETRY).await;
        }
        None
    }

    /// Writes changed issues when due (or now, when `force`).
    fn save(&mut self, force: bool) {
        if let Some(saver) = &mut self.saver {
            saver.flush(&self.store, force);
        }
    }

    /// What the limits hold and have let go now.
    fn bounds(&self) -> super::Bounds {
        let (seen, forgotten) = self.signals.seen();
        super::Bounds {
            issue_bytes: self.store.bytes() as u64,
            groups: self.groups.counts(),
            seen_groups: seen as u64,
            seen_forgotten: forgotten,
        }
    }

    fn publish(&mut self) {
        let mut snapshot = self.store.snapshot(Utc::now(), self.engine);
        snapshot.history = self.saver.as_ref().map(Saver::status);
        snapshot.bounds = self.bounds();
        let old = self.published.send_replace(Arc::new(snapshot));
        self.retired.push(old);
        self.retired.retain(|s| Arc::strong_count(s) > 1);
    }
}
