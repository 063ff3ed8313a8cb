//! What every live mode (watch, the dashboard) opens before following:
//! the rules, the state directory (its lock), logwarden's own log file.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::sync::Arc;

use crate::classify::Classifier;
use crate::config::{FileLayer, LiveConfig, load_classifier};
use crate::error::{Error, Result};
use crate::ingest::checkpoint::StateDir;

/// The classifier and the (locked) state directory for `config`.
pub fn open_inputs(
    patterns_flag: Option<&Path>,
    layer: &FileLayer,
    config: &LiveConfig,
) -> Result<(Arc<Classifier>, Option<StateDir>)> {
    let classifier = Arc::new(load_classifier(
        layer.patterns_path(patterns_flag).as_deref(),
    )?);
    let state = config
        .state_dir
        .as_deref()
        .map(StateDir::open)
        .transpose()?;
    Ok((classifier, state))
}

/// logwarden's own log file, appended to.
pub fn open_log(path: &Path) -> Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::Usage(format!("cannot open log file {}: {e}", path.display())))
}
