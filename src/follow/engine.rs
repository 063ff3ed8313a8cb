//! The engine loop: wait for a hint, a deadline or the periodic re-stat;
//! then check, read, classify and send; save checkpoints.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::time::{Duration, Instant};

use chrono::Local;

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

mod saving;
mod startup;
mod waking;

use saving::{Saver, newest};

/// The first save after Ready comes this soon.
const FIRST_SAVE: Duration = Duration::from_millis(250);

/// How often the per-file status report is refreshed while busy.
const DETAIL_EVERY: Duration = Duration::from_millis(250);

/// What [`super::Follower::start`] hands the engine thread.
pub(super) struct Parts {
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
pub(super) struct Engine {
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
    /// Places that could not be listed, with the error last reported.
    unlisted: BTreeMap<String, String>,
    /// The read positions: where they are saved, and what was saved last.
    saver: Saver,
    next_poll: Instant,
    next_save: Instant,
    /// When the per-file status report is next refreshed.
    next_detail: Instant,
    rescan: bool,
    closed: bool,
}

impl Engine {
    /// Loads checkpoints and prepares (nothing is read yet).
    pub(super) fn new(parts: Parts) -> Self {
        let Parts {
            mut config,
            classifier,
            state,
            out,
            wake_tx,
            wake_rx,
            stop,
            stats,
        } = parts;
        let mut pending = Vec::new();
        let own = load_positions(state.as_ref(), &mut pending);
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
        let slots = Slots::new(open_file_slots(&config));
        let now = Instant::now();
        Engine {
            files: FileSet::new(placement, exclude, config.line_cap, slots),
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
            unlisted: BTreeMap::new(),
            saver: Saver::new(state, specs_seen, config.positions_to_store),
            next_poll: now + config.poll_interval,
            next_save: now + config.checkpoint_interval,
            next_detail: now,
            rescan: false,
            closed: false,
            config,
        }
    }

    /// Runs until stopped (or until standard input, the only input, ends).
    pub(super) fn run(mut self) {
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
        self.saver.read_since += self.files.pump(
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
        self.publish_counters();
        if now >= self.next_detail {
            self.next_detail = now + DETAIL_EVERY;
            self.publish_detail();
        }
        if poll {
            self.next_poll = now + self.config.poll_interval;
            self.cx.set_today(Local::now().date_naive());
        }
        if now >= self.next_save || self.saver.read_since >= SAVE_AFTER_BYTES {
            self.next_save = now + self.config.checkpoint_interval;
            self.save();
            self.flush();
        }
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

    /// Held-back file events stay unsettled: the checkpoint points at their
    /// start, so they are read whole after a restart. Standard input cannot
    /// be re-read, so what it holds back is reported now.
    fn shutdown(&mut self) {
        if let Some(input) = &mut self.stdin {
            input.finish(&mut self.cx, &mut self.pending);
        }
        self.flush();
        self.save();
        // Said at the end too, and in the exit status: a restart reads
        // again what was read since the last save that worked.
        if let Some(warning) = self.saver.unsaved_warning() {
            self.stats.positions_unsaved();
            self.pending.push(warning);
        }
        // The store saves the last positions, when it saves them.
        self.flush();
    }

    fn save(&mut self) {
        self.saver.save(&self.files, &mut self.pending);
    }

    /// Lines read, files followed and bytes lost, for front ends.
    fn publish_counters(&self) {
        let files = self.files.count() as u64;
        (self.stats).set(self.cx.lines, files, self.files.unread_bytes);
    }

    /// The per-file status report, for front ends.
    fn publish_detail(&self) {
        (self.stats).set_detail(self.files.statuses(), self.files.counts());
    }
}

/// The positions saved in the state directory (none without one); a
/// problem reading them is said in `pending`.
fn load_positions(state: Option<&StateDir>, pending: &mut Vec<Update>) -> Checkpoints {
    let Some(dir) = state else {
        return Checkpoints::default();
    };
    let (saved, warning) = dir.load();
    if let Some(warning) = warning {
        pending.push(Notice::warning(warning));
    }
    saved
}

/// Files that may be held open at once: what the open-file limit leaves
/// (raised for the whole process; what is already open counts against
/// it), at most `max_open_files`.
fn open_file_slots(config: &FollowConfig) -> usize {
    let soft = fdlimit::raise().map_or(1024, |limit| limit.soft);
    let slots = fdlimit::file_slots(soft, fdlimit::open_now());
    match config.max_open_files {
        Some(max) => slots.min(max),
        None => slots,
    }
}
