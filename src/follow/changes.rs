//! What happened to a followed file, and what the user is told about it:
//! truncation found by a check, read errors (reported once per error),
//! rotation, and why a file is read from where it is.

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
pub(super) struct Truncation {
    /// The path it is followed under.
    pub path: PathBuf,
    /// Where it had been read up to, in the content it had.
    pub before: FileCheckpoint,
    /// Its size when last seen before the truncation.
    pub seen: u64,
}

/// What checks of the followed files found: truncations waiting for
/// their copies to be looked for, rotation and truncation counts, and the
/// read errors last reported. One home for "examine a file, then report
/// what was found", kept apart from the file maps so that a file borrowed
/// from them can be examined.
#[derive(Debug, Default)]
pub(super) struct Findings {
    /// Truncations found by checks, to look for the files' copies.
    pub truncations: Vec<Truncation>,
    /// Rotations and truncations seen, for the status report.
    pub events: Events,
    /// Files whose reads failed, with the error last reported.
    pub read_errors: BTreeMap<PathBuf, String>,
}

impl Findings {
    /// Checks a file for growth and truncation; a truncation is counted,
    /// announced and kept in `truncations` for the caller to look for the
    /// file's copy.
    pub(super) fn examine(
        &mut self,
        source: &mut FileSource,
        meta: Option<&fs::Metadata>,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) -> io::Result<Change> {
        let (change, truncation) = source.check(meta, cx, out)?;
        if change == Change::Truncated {
            self.events.truncated(&source.path);
            let path = source.path.display();
            out.push(Notice::info(format!(
                "{path} was truncated; reading it from its start"
            )));
        }
        self.truncations.extend(truncation);
        Ok(change)
    }

    /// [`Findings::examine`], with a failure reported (under the file's
    /// path) instead of returned: `None` when the file could not be read.
    pub(super) fn check(
        &mut self,
        source: &mut FileSource,
        meta: Option<&fs::Metadata>,
        cx: &mut Classify,
        out: &mut Vec<Update>,
    ) -> Option<Change> {
        match self.examine(source, meta, cx, out) {
            Ok(change) => Some(change),
            Err(e) => {
                self.read_error(&source.path, &e, out);
                None
            }
        }
    }

    /// Says why reading a file failed, once per distinct error.
    pub(super) fn read_error(&mut self, path: &Path, error: &io::Error, out: &mut Vec<Update>) {
        let message = error.to_string();
        if self.read_errors.get(path) != Some(&message) {
            out.push(Notice::warning(format!(
                "error reading {}: {message}; retrying",
                path.display()
            )));
            self.read_errors.insert(path.to_path_buf(), message);
        }
    }
}

/// What the user is told when a followed path names another file now
/// (`replaced`) or none.
pub(super) fn moved_notice(path: &Path, replaced: bool) -> Update {
    let what = if replaced {
        "was rotated or replaced; finishing the old file, then reading the new one from its start"
    } else {
        "was removed or renamed; finishing what was written to it"
    };
    Notice::info(format!("{} {what}", path.display()))
}

/// What to tell the user about a file picked up while running.
pub(super) fn describe_start(
    path: &Path,
    start: Start,
    reason: Reason,
    startup: bool,
) -> Option<String> {
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
