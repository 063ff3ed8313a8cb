//! Issue state and what is derived from it: the store (single writer,
//! commands, snapshots), the health score and statistics, shared by scan,
//! the dashboard and the API.

// One name table each (`as_str`): Display and serde use it, so what is
// shown, serialized and recorded never disagree.
macro_rules! named {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}

mod command;
pub(crate) mod critical;
mod groups;
mod handle;
pub(crate) mod health;
mod hosts;
mod limits;
mod persist;
mod saving;
mod snapshot;
mod state;
mod stats;
mod task;
mod timeline;

pub use command::{Action, Command, Origin};

pub(crate) use command::{Answer, Edit, IssueKey, Target};
pub(crate) use handle::{Change, StoreHandle};
pub use health::{HEALTH_FORMULA, HealthCost, HealthExplained, health_score};

pub(crate) use health::HealthStatus;
pub use hosts::HostHealth;
pub use limits::Limits;
pub use persist::DB_FILE;

pub(crate) use persist::{MAX_ROWS, Persist, PersistError, Retention, parse_age};
pub use snapshot::{CriticalRow, HistoryStatus, Snapshot};

pub use state::{Dropped, EngineView, IssueStore};

pub(crate) use state::DEFAULT_CAPACITY;
pub use stats::statistics;
pub use timeline::{MINUTES, Minute, Timeline};

pub(crate) use task::{Responders, StoreOptions, Tapped, spawn_store};

#[cfg(test)]
mod tests;
