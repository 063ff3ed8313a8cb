//! The live engine: follows files, directories, globs and standard input,
//! classifies what is appended, and reports issues over a bounded channel.
//!
//! One thread owns every file: it sleeps until inotify hints at a change,
//! a held-back event is due, or the periodic re-stat comes round; then it
//! stats, reads (a budget per file per round, so one busy file cannot
//! starve the rest), classifies and sends. Sending blocks when the
//! consumer is slow: reading waits and the file is the buffer. Offsets are
//! checkpointed in the state directory so a restart resumes exactly.

mod backlog;
mod changes;
mod discovery;
mod drains;
mod engine;
mod exclude;
mod fdlimit;
mod feed;
mod files;
mod inventory;
mod placement;
mod queued;
mod recheck;
mod rotated;
mod rounds;
mod slots;
mod source;
mod stats;
mod status;
mod stdin;
mod watcher;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

pub use discovery::WatchSpec;

pub(crate) use discovery::DEFAULT_PLACES;
pub(crate) use stats::FollowStats;
pub use status::{FileCounts, FileState, FileStatus};

use crate::classify::Classifier;
use crate::ingest::DEFAULT_LINE_CAP;
use crate::ingest::checkpoint::{Checkpoints, FileCheckpoint, StateDir};
use crate::ingest::identity::{FileKey, Fingerprint};
use crate::model::Issue;
use watcher::Wake;

/// How the engine follows its inputs.
#[derive(Debug, Clone)]
pub struct FollowConfig {
    /// What to follow.
    pub specs: Vec<WatchSpec>,
    /// Read files present at the first start from byte 0 instead of their end.
    pub from_start: bool,
    /// Longest line kept and classified, in bytes.
    pub line_cap: usize,
    /// How often every file is re-stat-ed (the safety net under inotify).
    pub poll_interval: Duration,
    /// Use inotify hints (off: polling only).
    pub notify: bool,
    /// Files never to read (logwarden's own log and output).
    pub exclude: Vec<PathBuf>,
    /// Bytes read from one file before the others get a turn.
    pub read_budget: usize,
    /// How often checkpoints are saved while running (also soon after
    /// Ready, and after every [`SAVE_AFTER_BYTES`] read).
    pub checkpoint_interval: Duration,
    /// The issue store saves read positions with its history: the engine
    /// sends them as [`Update::Positions`] instead of saving them itself.
    pub positions_to_store: bool,
    /// Positions the issue store saved last time; used instead of the
    /// state directory's when they are newer.
    pub stored_positions: Option<Checkpoints>,
    /// At most this many files held open at once (`None`: as many as the
    /// open-file limit allows, less a reserve). Others are closed between turns.
    pub max_open_files: Option<usize>,
}

/// Read positions are saved after this many bytes were read, however soon:
/// a logwarden that is restarted again and again still moves on.
pub const SAVE_AFTER_BYTES: u64 = 8 << 20;

impl FollowConfig {
    /// Defaults: follow from the end, 64 KiB lines, 1 s re-stat, inotify on.
    pub fn new(specs: Vec<WatchSpec>) -> Self {
        FollowConfig {
            specs,
            from_start: false,
            line_cap: DEFAULT_LINE_CAP,
            poll_interval: Duration::from_secs(1),
            notify: true,
            exclude: Vec::new(),
            read_budget: 64 << 10,
            checkpoint_interval: Duration::from_secs(1),
            positions_to_store: false,
            stored_positions: None,
            max_open_files: None,
        }
    }
}

/// Where the event of an issue starts in the file it was read from. The
/// issue store saves read positions from these, so what it saves matches
/// exactly what it holds: after a crash nothing it holds is counted twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The path the file's checkpoint names.
    pub path: Arc<Path>,
    /// Its device and inode.
    pub key: FileKey,
    /// Its first bytes, as read so far.
    pub fingerprint: Fingerprint,
    /// Byte offset of the event's first line.
    pub offset: u64,
    /// Lines before it, when known.
    pub line: Option<u64>,
}

impl Mark {
    /// The checkpoint that resumes at this event, whose issue `applied` is held.
    pub fn checkpoint(&self, applied: &str) -> FileCheckpoint {
        FileCheckpoint {
            path: self.path.to_path_buf(),
            key: self.key,
            fingerprint: self.fingerprint,
            offset: self.offset,
            line: self.line,
            applied: Some(applied.to_string()),
        }
    }
}

/// What the engine reports, in order.
#[derive(Debug, Clone)]
pub enum Update {
    /// A new issue, and where its event starts (`None`: standard input).
    Issue(Issue, Option<Mark>),
    /// An issue reported before grew (stack frames followed it) or its type
    /// sharpened: same `id` and `timestamp` as the first report.
    Grew(Issue, Option<Mark>),
    /// Every read position, sent (instead of saved by the engine) when the
    /// issue store saves them with its history: everything before this
    /// update is covered by them.
    Positions(Checkpoints),
    /// Something the user should know (files added, rotated, unreadable...).
    Notice(Notice),
    /// The existing files' positions are recorded: watching has begun.
    Ready {
        /// Files followed.
        files: usize,
        /// Whether standard input is read too.
        stdin: bool,
    },
}

/// A message about the engine's work, not an issue in the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Whether something is wrong.
    pub warning: bool,
    /// What happened.
    pub message: String,
}

impl Notice {
    fn info(message: String) -> Update {
        Update::Notice(Notice {
            warning: false,
            message,
        })
    }

    fn warning(message: String) -> Update {
        Update::Notice(Notice {
            warning: true,
            message,
        })
    }
}

/// Asks a running engine to stop (cheap to clone; usable from signal handlers' tasks).
#[derive(Debug, Clone)]
pub struct Stopper {
    flag: Arc<AtomicBool>,
    wake: SyncSender<Wake>,
}

impl Stopper {
    /// Requests a graceful stop: the engine saves its checkpoints and ends
    /// the update channel.
    pub fn stop(&self) {
        self.flag.store(true, Ordering::Release);
        let _ = self.wake.try_send(Wake::Stop);
    }
}

/// A running engine.
#[derive(Debug)]
pub struct Follower {
    stopper: Stopper,
    stats: Arc<FollowStats>,
    thread: JoinHandle<()>,
}

impl Follower {
    /// Starts following. `state` holds checkpoints (none: start fresh and
    /// save nothing). Updates arrive on the returned channel, which closes
    /// when the engine stops.
    pub fn start(
        config: FollowConfig,
        classifier: Arc<Classifier>,
        state: Option<StateDir>,
        capacity: usize,
    ) -> std::io::Result<(Follower, tokio::sync::mpsc::Receiver<Update>)> {
        let (tx, rx) = tokio::sync::mpsc::channel(capacity.max(1));
        Ok((Follower::start_sending(config, classifier, state, tx)?, rx))
    }

    /// Starts following, sending updates on `tx` (which other inputs may
    /// share: the channel closes when every sender is gone).
    pub fn start_sending(
        config: FollowConfig,
        classifier: Arc<Classifier>,
        state: Option<StateDir>,
        tx: tokio::sync::mpsc::Sender<Update>,
    ) -> std::io::Result<Follower> {
        let (wake_tx, wake_rx) = mpsc::sync_channel(1024);
        let stop = Arc::new(AtomicBool::new(false));
        let stopper = Stopper {
            flag: stop.clone(),
            wake: wake_tx.clone(),
        };
        let stdin = config.specs.contains(&WatchSpec::Stdin);
        if stdin {
            stdin::spawn_reader(wake_tx.clone())?;
        }
        let stats = Arc::new(FollowStats::default());
        let parts = engine::Parts {
            stats: stats.clone(),
            config,
            classifier,
            state,
            out: tx,
            wake_tx,
            wake_rx,
            stop,
        };
        let thread = std::thread::Builder::new()
            .name("logwarden-follow".into())
            .spawn(move || engine::Engine::new(parts).run())?;
        Ok(Follower {
            stopper,
            stats,
            thread,
        })
    }

    /// A handle that stops the engine.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// The engine's live counters.
    pub fn stats(&self) -> Arc<FollowStats> {
        self.stats.clone()
    }

    /// Waits for the engine thread to finish (after a stop, or when
    /// standard input, the only input, ended).
    pub fn join(self) {
        let _ = self.thread.join();
    }
}
