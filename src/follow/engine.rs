//! The engine loop: wait for a hint, a deadline or the periodic re-stat;
//! then check, read, classify and send; save checkpoints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use chrono::{Local, Utc};

use super::discovery;
use super::exclude::Exclude;
use super::fdlimit;
use super::feed::Classify;
use super::files::FileSet;
use super::placement::Placement;
use super::slots::Slots;
use super::stdin::StdinInput;
use super::watcher::{Hints, Wake};
use super::{FollowConfig, FollowStats, Notice, SAVE_AFTER_BYTES, Update, WatchSpec};
use crate::classify::Classifier;
use crate::ingest::checkpoint::{Checkpoints, StateDir};

/// The first save after Ready comes this soon.
const FIRST_SAVE: Duration = Duration::from_millis(250);

/// How often the per-file status report is refreshed while busy.
const DETAIL_EVERY: Duration = Duration::from_millis(250);

/// What [`super::Follower::start`] hands the engine thread.
pub struct Parts {
    pub config: FollowConfig,
    pub classifier: Arc<Classifier>,
    pub state: Option<StateDir>,
    pub out: tokio::sync::mpsc::Sender<Update>,
    pub wake_tx: SyncSender<Wake>,
    pub wake_rx: Receiver<Wake>,
    pub stop: Arc<AtomicBool>,
    pub stats: Arc<FollowStats>,
}

/// The engine thread's state.
pub struct Engine {
    config: FollowConfig,
    files: FileSet,
    stdin: Option<StdinInput>,
    cx: Classify,
    scratch: Vec<u8>,
    out: tokio::sync::mpsc::Sender<Update>,
    pending: Vec<Update>,
    wakes: Receiver<Wake>,
    stop: Arc<AtomicBool>,
    stats: Arc<FollowStats>,
    overflow: Arc<AtomicBool>,
    hints: Hints,
    hint_notice: Option<String>,
    state: Option<StateDir>,
    specs_seen: BTreeSet<String>,
    /// Places that could not be listed, with the error last reported.
    unlisted: BTreeMap<String, String>,
    last_saved: Option<Checkpoints>,
    /// [`FileSet::digest`] when `last_saved` was written.
    saved_digest: u64,
    save_failed: bool,
    /// Why the last save failed, while it does.
    save_error: Option<String>,
    /// Bytes read since positions were last saved.
    read_since_save: u64,
    next_poll: Instant,
    next_save: Instant,
    /// When the per-file status report is next refreshed.
    next_detail: Instant,
    rescan: bool,
    closed: bool,
}

impl Engine {
    /// Loads checkpoints and prepares (nothing is read yet).
    pub fn new(parts: Parts) -> Self {
        let Parts {
            config,
            classifier,
            state,
            out,
            wake_tx,
            wake_rx,
            stop,
            stats,
        } = parts;
        let mut pending = Vec::new();
        let mut config = config;
        let own = match &state {
            Some(dir) => {
                let (saved, warning) = dir.load();
                if let Some(warning) = warning {
                    pending.push(Notice::warning(warning));
                }
                saved
            }
            None => Checkpoints::default(),
        };
        let saved = newest(own, config.stored_positions.take());
        let had_checkpoints = !saved.specs.is_empty() || !saved.files.is_empty();
        let placement = Placement::new(saved, had_checkpoints, config.from_start);
        let specs_seen = placement.previous_specs().clone();
        let own = config.exclude.iter().map(PathBuf::as_path);
        let exclude = Exclude::own_files(own.chain(state.as_ref().map(StateDir::path)));
        let overflow = Arc::new(AtomicBool::new(false));
        let (hints, hint_notice) = Hints::new(config.notify, wake_tx, overflow.clone());
        let stdin = config
            .specs
            .contains(&WatchSpec::Stdin)
            .then(|| StdinInput::new(config.line_cap));
        let now = Instant::now();
        // Raised for the whole process; what is already open counts against it.
        let soft = fdlimit::raise().map_or(1024, |limit| limit.soft);
        let mut slots = fdlimit::file_slots(soft, fdlimit::open_now());
        if let Some(max) = config.max_open_files {
            slots = slots.min(max);
        }
        Engine {
            files: FileSet::new(placement, exclude, config.line_cap, Slots::new(slots)),
            stdin,
            cx: Classify::new(classifier),
            scratch: Vec::new(),
            out,
            pending,
            wakes: wake_rx,
            stop,
            stats,
            overflow,
            hints,
            hint_notice,
            state,
            specs_seen,
            unlisted: BTreeMap::new(),
            last_saved: None,
            saved_digest: 0,
            save_failed: false,
            save_error: None,
            read_since_save: 0,
            next_poll: now + config.poll_interval,
            next_save: now + config.checkpoint_interval,
            next_detail: now,
            rescan: false,
            closed: false,
            config,
        }
    }

    /// Runs until stopped (or until standard input, the only input, ends).
    pub fn run(mut self) {
        self.startup();
        while !self.stopping() {
            self.wait();
            if self.stopping() {
                break;
            }
            self.step();
        }
        self.shutdown();
    }

    fn stopping(&self) -> bool {
        if self.closed || self.stop.load(Ordering::Acquire) {
            return true;
        }
        let only_stdin = self.config.specs.iter().all(|s| *s == WatchSpec::Stdin);
        only_stdin && self.stdin.as_ref().is_some_and(StdinInput::ended)
    }

    /// The first pass: where every existing file starts is decided and
    /// recorded before Ready is sent.
    fn startup(&mut self) {
        if let Some(notice) = self.hint_notice.take() {
            self.pending.push(Notice::warning(notice));
        }
        let now = Instant::now();
        for spec in self.config.specs.clone() {
            if spec == WatchSpec::Stdin {
                self.pending
                    .push(Notice::info("reading standard input".into()));
                continue;
            }
            let (cx, out) = (&mut self.cx, &mut self.pending);
            let found = discovery::list(&spec, &mut self.files, cx, out, &mut self.unlisted);
            self.files
                .discover(&found, &spec.describe(), true, now, cx, out);
            let notice = match (&spec, found.len()) {
                (WatchSpec::File(path), 0) => super::discovery::why_not_followed(path),
                (WatchSpec::File(path), _) => Notice::info(format!("following {}", path.display())),
                (_, n) => Notice::info(format!(
                    "following {} ({n} files now, and any that appear)",
                    spec.describe()
                )),
            };
            self.pending.push(notice);
        }
        let (keys, paths) = self.files.followed();
        for leftover in self.files.placement.leftovers(&keys, &paths) {
            let (cx, out) = (&mut self.cx, &mut self.pending);
            self.files.drain_leftover(&leftover, now, cx, out);
        }
        self.rewatch();
        self.specs_seen.extend(
            self.config
                .specs
                .iter()
                .filter(|s| **s != WatchSpec::Stdin)
                .map(WatchSpec::describe),
        );
        self.save();
        // The counters first: a front end that hears Ready and then reads
        // them must see the same number of files.
        self.stats.set(
            self.cx.lines,
            self.files.count() as u64,
            self.files.unread_bytes,
        );
        self.stats
            .set_detail(self.files.statuses(), self.files.counts());
        self.pending.push(Update::Ready {
            files: self.files.count(),
            stdin: self.stdin.is_some(),
        });
        self.flush();
        // Soon after Ready: a backlog read at start is not read again by a
        // logwarden that is stopped (or killed) moments later.
        self.next_save = Instant::now() + self.config.checkpoint_interval.min(FIRST_SAVE);
    }

    fn wait(&mut self) {
        let timeout = if self.files.busy() || self.rescan {
            Duration::ZERO
        } else {
            let mut deadline = self.next_poll;
            if let Some(due) = self.files.next_deadline() {
                deadline = deadline.min(due);
            }
            if let Some(due) = self.stdin.as_ref().and_then(StdinInput::idle_deadline) {
                deadline = deadline.min(due);
            }
            deadline.saturating_duration_since(Instant::now())
        };
        match self.wakes.recv_timeout(timeout) {
            Ok(wake) => self.on_wake(wake),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.stop.store(true, Ordering::Release),
        }
        // Coalesce a burst of hints into one round, but keep rounds bounded.
        for _ in 0..4096 {
            match self.wakes.try_recv() {
                Ok(wake) => self.on_wake(wake),
                Err(_) => break,
            }
        }
    }

    fn on_wake(&mut self, wake: Wake) {
        match wake {
            Wake::Changed { paths, structural } => {
                for path in &paths {
                    self.files.hint(path);
                }
                self.rescan |= structural;
            }
            Wake::Stdin(chunk) => self.stdin_chunk(&chunk),
            Wake::StdinEnd(error) => self.stdin_end(error),
            Wake::Stop => self.stop.store(true, Ordering::Release),
        }
    }

    fn step(&mut self) {
        let now = Instant::now();
        self.rescan |= self.overflow.swap(false, Ordering::AcqRel);
        let poll = now >= self.next_poll;
        if poll || self.rescan {
            self.rescan = false;
            self.files.recheck_all(now, &mut self.cx, &mut self.pending);
            self.discover(now);
            self.rewatch();
        } else {
            self.files.check_dirty(now, &mut self.cx, &mut self.pending);
        }
        self.read_since_save += self.files.pump(
            self.config.read_budget,
            now,
            &mut self.cx,
            &mut self.scratch,
            &mut self.pending,
        );
        self.flush();
        self.files.tick(now, &mut self.cx, &mut self.pending);
        if let Some(stdin) = &mut self.stdin {
            stdin.flush_if_idle(now, &mut self.cx, &mut self.pending);
        }
        self.flush();
        self.stats.set(
            self.cx.lines,
            self.files.count() as u64,
            self.files.unread_bytes,
        );
        if now >= self.next_detail {
            self.next_detail = now + DETAIL_EVERY;
            self.stats
                .set_detail(self.files.statuses(), self.files.counts());
        }
        if poll {
            self.next_poll = now + self.config.poll_interval;
            self.cx.set_today(Local::now().date_naive());
        }
        if now >= self.next_save || self.read_since_save >= SAVE_AFTER_BYTES {
            self.next_save = now + self.config.checkpoint_interval;
            self.save();
            self.flush();
        }
    }

    fn discover(&mut self, now: Instant) {
        let mut all = Vec::new();
        for spec in &self.config.specs {
            if *spec == WatchSpec::Stdin {
                continue;
            }
            let (cx, out) = (&mut self.cx, &mut self.pending);
            let found = discovery::list(spec, &mut self.files, cx, out, &mut self.unlisted);
            self.files
                .discover(&found, &spec.describe(), false, now, cx, out);
            all.extend(found);
        }
        if self.files.has_unreadable() {
            self.files
                .forget_missing(&all.iter().map(PathBuf::as_path).collect());
        }
    }

    /// Watches the directories where files are or may appear.
    fn rewatch(&mut self) {
        let mut dirs = self.files.dirs();
        dirs.extend(self.config.specs.iter().filter_map(WatchSpec::watch_dir));
        for notice in self.hints.watch(&dirs) {
            self.pending.push(Notice::warning(notice));
        }
    }

    fn stdin_chunk(&mut self, chunk: &[u8]) {
        if let Some(input) = &mut self.stdin {
            input.chunk(chunk, &mut self.cx, &mut self.pending);
            self.flush();
        }
    }

    fn stdin_end(&mut self, error: Option<String>) {
        if let Some(error) = error {
            let message = format!("cannot read standard input: {error}");
            self.pending.push(Notice::warning(message));
        }
        if let Some(input) = &mut self.stdin {
            input.end(&mut self.cx, &mut self.pending);
        }
        self.flush();
    }

    /// Held-back file events stay unsettled: the checkpoint points at their
    /// start, so they are read whole after a restart. Standard input cannot
    /// be re-read, so what it holds back is reported now.
    fn shutdown(&mut self) {
        if let Some(input) = &mut self.stdin {
            input.finish(&mut self.cx, &mut self.pending);
        }
        self.flush();
        self.save();
        if let (Some(error), Some(state)) = (&self.save_error, &self.state) {
            // Said at the end too, and in the exit status: a restart reads
            // again what was read since the last save that worked.
            let since = match &self.last_saved {
                Some(_) => "since the last save that worked",
                None => "in this run",
            };
            self.stats.positions_unsaved();
            self.pending.push(Notice::warning(format!(
                "the read positions could not be saved in {}: {error}; after a restart the lines read {since} are read and reported again",
                state.path().display()
            )));
        }
        // The store saves the last positions, when it saves them.
        self.flush();
    }

    fn flush(&mut self) {
        if self.closed {
            self.pending.clear();
            return;
        }
        for update in std::mem::take(&mut self.pending) {
            if self.out.blocking_send(update).is_err() {
                // Nobody listens any more: stop (the checkpoint keeps our place).
                self.closed = true;
                return;
            }
        }
    }

    fn save(&mut self) {
        self.read_since_save = 0;
        let Some(state) = &self.state else { return };
        let digest = self.files.digest();
        if self.last_saved.is_some() && digest == self.saved_digest {
            return;
        }
        let checkpoints = Checkpoints {
            version: 1,
            files: self.files.checkpoints(),
            specs: self.specs_seen.iter().cloned().collect(),
            saved_at: None,
            finished: self.files.finished(),
        };
        if self.last_saved.as_ref() == Some(&checkpoints) {
            return;
        }
        let mut stamped = checkpoints.clone();
        stamped.saved_at = Some(Utc::now().timestamp_micros());
        if self.config.positions_to_store {
            // Saved by the store with the issues sent before them.
            self.pending.push(Update::Positions(stamped));
            self.last_saved = Some(checkpoints);
            self.saved_digest = digest;
            return;
        }
        match state.save(&stamped) {
            Ok(()) => {
                self.last_saved = Some(checkpoints);
                self.saved_digest = digest;
                self.save_failed = false;
                self.save_error = None;
            }
            Err(e) if !self.save_failed => {
                self.save_failed = true;
                self.save_error = Some(e.to_string());
                let dir = state.path().display();
                self.pending.push(Notice::warning(format!(
                    "cannot save checkpoints in {dir}: {e}; will retry"
                )));
            }
            Err(e) => self.save_error = Some(e.to_string()),
        }
    }
}

/// Of the positions the engine saved and those the issue store saved, the
/// newer (the store's when neither says when it was saved).
fn newest(own: Checkpoints, stored: Option<Checkpoints>) -> Checkpoints {
    match stored {
        Some(stored) if stored.saved_at >= own.saved_at => stored,
        _ => own,
    }
}
