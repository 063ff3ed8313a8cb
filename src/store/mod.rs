//! Issue state and what is derived from it: the store (single writer,
//! commands, snapshots), the health score and statistics, shared by scan,
//! the dashboard and the API.

pub(crate) mod critical;
mod groups;
mod handle;
mod health;
mod limits;
mod persist;
mod saving;
mod snapshot;
mod state;
mod stats;
mod task;

pub use groups::GroupCounts;
pub use handle::{
    Acknowledge, Change, ChangeKind, Command, IssueKey, Silence, SilenceTarget, StoreHandle,
};
pub use health::{HealthStatus, RECENT_WINDOW, health_score, is_recent};
pub use limits::Limits;
pub use persist::{DB_FILE, MAX_ROWS, Persist, Retention, parse_age};
pub use snapshot::{Bounds, CriticalRow, HistoryStatus, Snapshot, critical_rows};
pub use state::{DEFAULT_CAPACITY, Dropped, EngineView, IssueStore};
pub use stats::{Statistics, statistics};
pub use task::{PUBLISH_GAP, StoreOptions, Tapped, spawn_store};

#[cfg(test)]
mod tests;
