//! The store task: owns the [`IssueStore`], applies the engine's updates
//! (engine.rs) and the front ends' commands (commands.rs), and publishes
//! [`Snapshot`]s on a watch channel (publish.rs; coalesced: at most one
//! per [`PUBLISH_GAP`] under a flood, at once after a command, so a
//! resolve is visible everywhere at once). Started by spawn.rs, driven by
//! the loop in run.rs.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use super::groups::Grouper;
use super::handle::Change;
use super::saving::Saver;
use super::snapshot::Snapshot;
use super::state::{EngineView, IssueStore};
use crate::follow::FollowStats;
use crate::signals::Signals;

mod commands;
mod engine;
mod publish;
mod respond;
mod run;
mod spawn;
mod tap;

pub(crate) use respond::Responders;
pub(crate) use spawn::{StoreOptions, spawn_store};
pub(crate) use tap::Tapped;

/// Shortest time between two snapshots while issues stream in.
pub(crate) const PUBLISH_GAP: Duration = Duration::from_millis(50);
/// How often health (which ages) and the read rate are refreshed.
const TICK: Duration = Duration::from_secs(1);

/// The store task's state: the store and what is kept beside it.
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
    /// The front end that prints every event (`watch`), if any.
    tap: Option<tap::Tap>,
    /// Alerts and actions.
    respond: Responders,
}
