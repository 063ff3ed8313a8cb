//! `GET /metrics`: the Prometheus text format (version 0.0.4).

use std::fmt::Write;

use crate::model::Severity;
use crate::store::Snapshot;

/// The metrics page for `snap`.
pub fn render(snap: &Snapshot) -> String {
    let mut out = String::with_capacity(4096);
    header(
        &mut out,
        "logwarden_issues_total",
        "counter",
        "Issues detected since start, by type and severity.",
    );
    for ((issue_type, severity), n) in &snap.detected {
        let _ = writeln!(
            out,
            "logwarden_issues_total{{type=\"{}\",severity=\"{}\"}} {n}",
            label(issue_type),
            severity.as_str()
        );
    }
    let mut open = [0u64; 4];
    for issue in snap.issues.iter().filter(|i| !i.resolved) {
        open[issue.severity as usize] += 1;
    }
    header(
        &mut out,
        "logwarden_issues_open",
        "gauge",
        "Unresolved issues held, by severity.",
    );
    for severity in [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Info,
    ] {
        let _ = writeln!(
            out,
            "logwarden_issues_open{{severity=\"{}\"}} {}",
            severity.as_str(),
            open[severity as usize]
        );
    }
    // No history (memory only) reads as nothing failing, unsaved or lost.
    let history = snap.history.clone().unwrap_or_default();
    let single = [
        (
            "logwarden_issues_held",
            "gauge",
            "Issues held in memory.",
            snap.issues.len() as f64,
        ),
        (
            "logwarden_issues_evicted_total",
            "counter",
            "Issues dropped to stay within the store's capacity.",
            snap.evicted as f64,
        ),
        (
            "logwarden_history_failing",
            "gauge",
            "Whether writing the issue history fails now (1: full disk, read-only state dir) or not (0).",
            history.failing.is_some() as u8 as f64,
        ),
        (
            "logwarden_history_unsaved",
            "gauge",
            "Changed issues waiting to be written to the history.",
            history.unsaved as f64,
        ),
        (
            "logwarden_history_lost_total",
            "counter",
            "Issue changes never written: dropped from the store before a write succeeded.",
            history.lost as f64,
        ),
        (
            "logwarden_issues_held_bytes",
            "gauge",
            "Estimated bytes of the issues held ([limits] group_bytes).",
            snap.bounds.issue_bytes as f64,
        ),
        (
            "logwarden_groups_evicted_total",
            "counter",
            "Groups forgotten: their issue dropped from memory, or their template evicted.",
            snap.bounds.groups.groups_evicted as f64,
        ),
        (
            "logwarden_templates_held",
            "gauge",
            "Templates the miner holds ([limits] templates).",
            snap.bounds.groups.templates as f64,
        ),
        (
            "logwarden_template_bytes",
            "gauge",
            "Estimated bytes of the templates held ([limits] template_bytes).",
            snap.bounds.groups.template_bytes as f64,
        ),
        (
            "logwarden_templates_evicted_total",
            "counter",
            "Templates evicted, least recently used first, to stay within the limits.",
            snap.bounds.groups.templates_evicted as f64,
        ),
        (
            "logwarden_templates_generalised_total",
            "counter",
            "Wide templates made for lines that kept spawning templates of their own ([limits] generalise_after).",
            snap.bounds.groups.templates_generalised as f64,
        ),
        (
            "logwarden_seen_groups",
            "gauge",
            "Groups remembered as seen, for the new-pattern signal ([limits] seen_groups).",
            snap.bounds.seen_groups as f64,
        ),
        (
            "logwarden_seen_groups_forgotten_total",
            "counter",
            "Groups seen that were forgotten, least recently seen first, beyond the limit.",
            snap.bounds.seen_forgotten as f64,
        ),
        (
            "logwarden_history_rows",
            "gauge",
            "Issues in the history ([limits] history_rows).",
            history.rows as f64,
        ),
        (
            "logwarden_history_bytes",
            "gauge",
            "Bytes the history database takes on disk, write-ahead log included ([limits] history_bytes).",
            history.bytes as f64,
        ),
        (
            "logwarden_history_pruned_total",
            "counter",
            "Issues pruned from the history since start: by age (--retention), count or bytes.",
            history.pruned as f64,
        ),
        (
            "logwarden_health_score",
            "gauge",
            "The 0-100 health score.",
            snap.health,
        ),
        (
            "logwarden_lines_read_total",
            "counter",
            "Log lines read since start.",
            snap.lines_read as f64,
        ),
        (
            "logwarden_unread_bytes_total",
            "counter",
            "Bytes written to followed files but lost before they could be read (truncated, no copy left).",
            snap.unread_bytes as f64,
        ),
        (
            "logwarden_lines_per_second",
            "gauge",
            "Log lines read per second, recently.",
            snap.lines_per_sec,
        ),
        (
            "logwarden_files_watched",
            "gauge",
            "Files being followed.",
            snap.files as f64,
        ),
        (
            "logwarden_files_closed",
            "gauge",
            "Files followed but not held open (beyond the open-file limit; reopened in turn).",
            snap.file_counts.closed as f64,
        ),
        (
            "logwarden_files_waiting",
            "gauge",
            "Files with something to read waiting for a file descriptor.",
            snap.file_counts.waiting as f64,
        ),
        (
            "logwarden_files_open_limit",
            "gauge",
            "Files that may be held open at once (from the open-file limit).",
            snap.file_counts.open_limit as f64,
        ),
        (
            "logwarden_files_lost_total",
            "counter",
            "Rotated files that were closed and not found again: their unread rest was lost.",
            snap.file_counts.lost as f64,
        ),
        (
            "logwarden_monitoring",
            "gauge",
            "1 while the engine runs.",
            if snap.monitoring { 1.0 } else { 0.0 },
        ),
    ];
    for (name, kind, help, value) in single {
        header(&mut out, name, kind, help);
        let _ = writeln!(out, "{name} {value}");
    }
    out
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value escaped as the format requires.
fn label(value: &str) -> String {
    value
        .replace('\\', r"\\")
        .replace('"', r#"\""#)
        .replace('\n', r"\n")
}
