//! The state directory and the issue history, as a live start opens them
//! and a shutdown finishes them.

use crate::config::LiveConfig;
use crate::error::Result;
use crate::follow::FollowConfig;
use crate::ingest::checkpoint::{StateDir, StateError};
use crate::store::{Persist, Retention, StoreHandle};

/// The state directory and, when `retention` is given, the issue history
/// in it (read positions then saved with the issues).
pub(super) fn open(
    live: &mut LiveConfig,
    retention: Option<Retention>,
    logging: super::Logging,
) -> Result<(Option<StateDir>, Option<Persist>)> {
    let (state, problem) = open_state(live)?;
    if let Some(problem) = problem {
        logging.warn(&problem);
    }
    let db = retention.and_then(|retention| open_history(state.as_ref(), retention));
    positions_in_history(&mut live.follow, db.as_ref());
    Ok((state, db))
}

/// The (locked) state directory, if one is configured. One that cannot be
/// created or written (read-only, full, no permission) does not stop
/// watching: the second value says so, for the caller to report, and read
/// positions and history are then not kept. One another logwarden holds
/// is still refused.
fn open_state(config: &LiveConfig) -> Result<(Option<StateDir>, Option<String>)> {
    let Some(dir) = config.state_dir.as_deref() else {
        return Ok((None, None));
    };
    match StateDir::open(dir) {
        Ok(state) => Ok((Some(state), None)),
        Err(e @ StateError::Io { .. }) => Ok((
            None,
            Some(format!(
                "{e}; watching goes on, but read positions and the issue history are not kept"
            )),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The issue history in the state directory, if there is one and it can be
/// used; problems are logged and the store then runs in memory only.
fn open_history(state: Option<&StateDir>, retention: Retention) -> Option<Persist> {
    let dir = state?.path();
    match Persist::open(dir) {
        Ok((mut db, notes)) => {
            for note in notes {
                tracing::warn!("{note}");
            }
            db.retention = retention;
            Some(db)
        }
        Err(e) => {
            tracing::warn!("issue history disabled: {e}");
            None
        }
    }
}

/// With a history, read positions are saved in it with the issues (so a
/// crash never leaves the two disagreeing: nothing lost, nothing counted
/// twice), and the positions it saved last are where reading resumes.
fn positions_in_history(follow: &mut FollowConfig, history: Option<&Persist>) {
    let Some(db) = history else { return };
    follow.positions_to_store = true;
    match db.positions() {
        Ok(saved) => follow.stored_positions = saved,
        Err(e) => tracing::warn!("{e}; the state directory's positions are used"),
    }
}

/// After the engine stopped: the store applies and writes what is left;
/// what still cannot be written is said (logged, and returned for the
/// caller to print where the user sees it).
pub(super) fn finish(runtime: &tokio::runtime::Runtime, store: &StoreHandle) -> Option<String> {
    let status = runtime.block_on(store.finish())?;
    let failed = status.failing.is_some() && status.unsaved > 0;
    if !failed && status.lost == 0 {
        return None;
    }
    // Without a failing write, changes were lost because their issues left
    // the store (full under a flood) before the next write, or because
    // more changed at once than are kept waiting.
    let why = (status.failing.as_deref())
        .unwrap_or("changed issues left the full store, or came faster, than they were written");
    let message = format!(
        "the issue history is incomplete ({why}): {} changed issues could not be written and {} changes were lost; \
         lines read since positions were last saved will be read again at the next start",
        status.unsaved, status.lost
    );
    tracing::error!("{message}");
    Some(message)
}
