//! What every live mode (watch, the dashboard) opens before following:
//! the rules, the state directory (its lock), logwarden's own log file.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::Arc;

use crate::classify::Classifier;
use crate::cli::ApiArgs;
use crate::config::{ApiConfig, FileLayer, LiveConfig, load_classifier};
use crate::error::{Error, Result};
use crate::follow::FollowConfig;
use crate::ingest::checkpoint::{StateDir, StateError};
use crate::redact::Redactor;
use crate::rules::Settings;
use crate::store::{Limits, Persist, Retention, StoreHandle, parse_age};

/// The classifier, the rest of the patterns file, the state directory (if
/// usable) and why not (if not).
pub type Inputs = (Arc<Classifier>, Settings, Option<StateDir>, Option<String>);

/// The classifier, the rest of the patterns file and the (locked) state
/// directory for `config`. A state
/// directory that cannot be created or written (read-only, full, no
/// permission) does not stop watching: the third value says so, for the
/// caller to report, and read positions and history are then not kept.
/// One another logwarden holds is still refused.
pub fn open_inputs(
    patterns_flag: Option<&Path>,
    layer: &FileLayer,
    config: &LiveConfig,
) -> Result<Inputs> {
    let (classifier, settings) = load_classifier(layer.patterns_path(patterns_flag).as_deref())?;
    let classifier = Arc::new(classifier);
    let Some(dir) = config.state_dir.as_deref() else {
        return Ok((classifier, settings, None, None));
    };
    match StateDir::open(dir) {
        Ok(state) => Ok((classifier, settings, Some(state), None)),
        Err(e @ StateError::Io { .. }) => {
            let note = format!(
                "{e}; watching goes on, but read positions and the issue history are not kept"
            );
            Ok((classifier, settings, None, Some(note)))
        }
        Err(e) => Err(e.into()),
    }
}

/// logwarden's own log file, appended to.
pub fn open_log(path: &Path) -> Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::Usage(format!("cannot open log file {}: {e}", path.display())))
}

/// The API's settings, with the rules file's `[[redact]]` entries built
/// in; `None` when no API is asked for.
pub fn api_config(
    args: &ApiArgs,
    layer: &FileLayer,
    settings: &Settings,
) -> Result<Option<ApiConfig>> {
    let redactor = Redactor::new(&settings.redact).map_err(|message| Error::Config {
        path: settings.name(),
        message,
    })?;
    ApiConfig::resolve(args, layer, redactor)
}

/// The error for an API address that cannot be served.
pub fn bind_error(config: &ApiConfig, error: &std::io::Error) -> Error {
    Error::Usage(format!("cannot serve the API on {}: {error}", config.addr))
}

/// The issue history in the state directory, if there is one and it can be
/// used; problems are logged (after logging is set up) and the store then
/// runs in memory only.
pub fn open_history(state: Option<&StateDir>, retention: Retention) -> Option<Persist> {
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
pub fn positions_in_history(follow: &mut FollowConfig, history: Option<&Persist>) {
    let Some(db) = history else { return };
    follow.positions_to_store = true;
    match db.positions() {
        Ok(saved) => follow.stored_positions = saved,
        Err(e) => tracing::warn!("{e}; the state directory's positions are used"),
    }
}

/// After the engine stopped: the store applies and writes what is left;
/// what still cannot be written is said (logwarden's log, and the returned
/// message for the caller to print where the user sees it).
pub fn finish_history(runtime: &tokio::runtime::Runtime, store: &StoreHandle) -> Option<String> {
    let status = runtime.block_on(store.finish())?;
    let failed = status.failing.is_some() && status.unsaved > 0;
    if !failed && status.lost == 0 {
        return None;
    }
    let why = status.failing.as_deref().unwrap_or("writes failed earlier");
    let message = format!(
        "the issue history is incomplete ({why}): {} changed issues could not be written and {} changes were lost; \
         lines read since positions were last saved will be read again at the next start",
        status.unsaved, status.lost
    );
    tracing::error!("{message}");
    Some(message)
}

/// `--retention AGE` validated (30 days when absent), with the history's
/// `[limits]`.
pub fn retention(flag: Option<&str>, limits: &Limits) -> Result<Retention> {
    let mut retention = Retention::within(limits);
    if let Some(text) = flag {
        retention.max_age =
            parse_age(text).map_err(|e| Error::Usage(format!("--retention {e}")))?;
    }
    Ok(retention)
}
