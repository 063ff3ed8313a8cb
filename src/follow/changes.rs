//! What happened to a followed file, and what the user is told about it:
//! truncation found by a check, read errors (reported once per error),
//! and why a file is read from where it is.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::feed::Classify;
use super::placement::Reason;
use super::source::FileSource;
use super::status::Events;
use super::{Notice, Update};
use crate::ingest::checkpoint::FileCheckpoint;
use crate::ingest::tailer::{Change, Start};

/// A file found truncated (or rewritten in place): reading restarted at 0.
#[derive(Debug)]
pub struct Truncation {
    /// The path it is followed under.
    pub path: PathBuf,
    /// Where it had been read up to, in the content it had.
    pub before: FileCheckpoint,
    /// Its size when last seen before the truncation.
    pub seen: u64,
}

/// Checks a file for growth and truncation; a truncation is counted,
/// announced and kept in `truncations` for the caller to look for the
/// file's copy.
pub fn examine(
    source: &mut FileSource,
    meta: Option<&fs::Metadata>,
    truncations: &mut Vec<Truncation>,
    events: &mut Events,
    cx: &mut Classify,
    out: &mut Vec<Update>,
) -> io::Result<Change> {
    let (change, truncation) = source.check(meta, cx, out)?;
    if change == Change::Truncated {
        events.truncated(&source.path);
        let path = source.path.display();
        out.push(Notice::info(format!(
            "{path} was truncated; reading it from its start"
        )));
    }
    truncations.extend(truncation);
    Ok(change)
}

/// Says why reading a file failed, once per distinct error.
pub fn report_read_error(
    errors: &mut BTreeMap<PathBuf, String>,
    path: &Path,
    error: &io::Error,
    out: &mut Vec<Update>,
) {
    let message = error.to_string();
    if errors.get(path) != Some(&message) {
        out.push(Notice::warning(format!(
            "error reading {}: {message}; retrying",
            path.display()
        )));
        errors.insert(path.to_path_buf(), message);
    }
}

/// What to tell the user about a file picked up while running.
pub fn describe_start(path: &Path, start: Start, reason: Reason, startup: bool) -> Option<String> {
    let path = path.display();
    match (reason, start) {
        (Reason::Copy, _) => Some(format!(
            "{path} is a copy of a file already read; continuing where that one was read up to"
        )),
        (Reason::Replaced, _) if startup => Some(format!(
            "{path} changed while logwarden was stopped; reading it from its start"
        )),
        (Reason::Appeared, _) if !startup => {
            Some(format!("following {path} (new file, from its start)"))
        }
        (Reason::Appeared, _) => Some(format!(
            "following {path} (appeared while logwarden was stopped; from its start)"
        )),
        _ => None,
    }
}
