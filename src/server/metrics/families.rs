//! The families with one unlabelled value, in the order the page has
//! always listed them.

use super::Kind::{self, Counter, Gauge};
use super::Single;
use crate::store::{HistoryStatus, Snapshot};

/// Every single-value family of `snap`.
pub(super) fn singles(snap: &Snapshot) -> Vec<Single> {
    // No history (memory only) reads as nothing failing, unsaved or lost.
    let history = snap.history.clone().unwrap_or_default();
    let mut all = Vec::with_capacity(32);
    all.extend(store(snap));
    all.extend(saving(&history));
    all.extend(limits(snap));
    all.extend(history_size(&history));
    all.extend(reading(snap));
    all.extend(files(snap));
    all
}

const fn single(name: &'static str, kind: Kind, help: &'static str, value: f64) -> Single {
    Single {
        name,
        kind,
        help,
        value,
    }
}

/// Issues held and dropped by the store.
fn store(snap: &Snapshot) -> [Single; 2] {
    [
        single(
            "logwarden_issues_held",
            Gauge,
            "Issues held in memory.",
            snap.issues.len() as f64,
        ),
        single(
            "logwarden_issues_evicted_total",
            Counter,
            "Issues dropped to stay within the store's capacity.",
            snap.evicted as f64,
        ),
    ]
}

/// How writing the history goes.
fn saving(history: &HistoryStatus) -> [Single; 3] {
    [
        single(
            "logwarden_history_failing",
            Gauge,
            "Whether writing the issue history fails now (1: full disk, read-only state dir) or not (0).",
            history.failing.is_some() as u8 as f64,
        ),
        single(
            "logwarden_history_unsaved",
            Gauge,
            "Changed issues waiting to be written to the history.",
            history.unsaved as f64,
        ),
        single(
            "logwarden_history_lost_total",
            Counter,
            "Issue changes never written: dropped from the store before a write succeeded.",
            history.lost as f64,
        ),
    ]
}

/// What the limits hold and have let go.
fn limits(snap: &Snapshot) -> [Single; 8] {
    [
        single(
            "logwarden_issues_held_bytes",
            Gauge,
            "Estimated bytes of the issues held ([limits] group_bytes).",
            snap.bounds.issue_bytes as f64,
        ),
        single(
            "logwarden_groups_evicted_total",
            Counter,
            "Groups forgotten: their issue dropped from memory, or their template evicted.",
            snap.bounds.groups.groups_evicted as f64,
        ),
        single(
            "logwarden_templates_held",
            Gauge,
            "Templates the miner holds ([limits] templates).",
            snap.bounds.groups.templates as f64,
        ),
        single(
            "logwarden_template_bytes",
            Gauge,
            "Estimated bytes of the templates held ([limits] template_bytes).",
            snap.bounds.groups.template_bytes as f64,
        ),
        single(
            "logwarden_templates_evicted_total",
            Counter,
            "Templates evicted, least recently used first, to stay within the limits.",
            snap.bounds.groups.templates_evicted as f64,
        ),
        single(
            "logwarden_templates_generalised_total",
            Counter,
            "Wide templates made for lines that kept spawning templates of their own ([limits] generalise_after).",
            snap.bounds.groups.templates_generalised as f64,
        ),
        single(
            "logwarden_seen_groups",
            Gauge,
            "Groups remembered as seen, for the new-pattern signal ([limits] seen_groups).",
            snap.bounds.seen_groups as f64,
        ),
        single(
            "logwarden_seen_groups_forgotten_total",
            Counter,
            "Groups seen that were forgotten, least recently seen first, beyond the limit.",
            snap.bounds.seen_forgotten as f64,
        ),
    ]
}

/// The history's size and pruning.
fn history_size(history: &HistoryStatus) -> [Single; 3] {
    [
        single(
            "logwarden_history_rows",
            Gauge,
            "Issues in the history ([limits] history_rows).",
            history.rows as f64,
        ),
        single(
            "logwarden_history_bytes",
            Gauge,
            "Bytes the history database takes on disk, write-ahead log included ([limits] history_bytes).",
            history.bytes as f64,
        ),
        single(
            "logwarden_history_pruned_total",
            Counter,
            "Issues pruned from the history since start: by age (--retention), count or bytes.",
            history.pruned as f64,
        ),
    ]
}

/// Health and reading.
fn reading(snap: &Snapshot) -> [Single; 4] {
    [
        single(
            "logwarden_health_score",
            Gauge,
            "The 0-100 health score.",
            snap.health,
        ),
        single(
            "logwarden_lines_read_total",
            Counter,
            "Log lines read since start.",
            snap.lines_read as f64,
        ),
        single(
            "logwarden_unread_bytes_total",
            Counter,
            "Bytes written to followed files but lost before they could be read (truncated, no copy left).",
            snap.unread_bytes as f64,
        ),
        single(
            "logwarden_lines_per_second",
            Gauge,
            "Log lines read per second, recently.",
            snap.lines_per_sec,
        ),
    ]
}

/// The files followed and the engine.
fn files(snap: &Snapshot) -> [Single; 6] {
    [
        single(
            "logwarden_files_watched",
            Gauge,
            "Files being followed.",
            snap.files as f64,
        ),
        single(
            "logwarden_files_closed",
            Gauge,
            "Files followed but not held open (beyond the open-file limit; reopened in turn).",
            snap.file_counts.closed as f64,
        ),
        single(
            "logwarden_files_waiting",
            Gauge,
            "Files with something to read waiting for a file descriptor.",
            snap.file_counts.waiting as f64,
        ),
        single(
            "logwarden_files_open_limit",
            Gauge,
            "Files that may be held open at once (from the open-file limit).",
            snap.file_counts.open_limit as f64,
        ),
        single(
            "logwarden_files_lost_total",
            Counter,
            "Rotated files that were closed and not found again: their unread rest was lost.",
            snap.file_counts.lost as f64,
        ),
        single(
            "logwarden_monitoring",
            Gauge,
            "1 while the engine runs.",
            if snap.monitoring { 1.0 } else { 0.0 },
        ),
    ]
}
