//! `logwarden export` and `logwarden import`: the issue history kept in the
//! state directory, out as JSON lines or CSV (log text redacted unless
//! asked not to), and back in from JSON lines (import.rs).

use std::io::{self, BufWriter, Write};

use chrono::{Local, NaiveDateTime, TimeZone, Utc};

use super::ExitStatus;
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::{LiveConfig, Settings, load_patterns, redactor};
use crate::error::{Error, Result};
use crate::model::Issue;
use crate::redact::Redactor;
use crate::store::{DB_FILE, Persist, parse_age};

pub use super::import::import;

/// CSV columns, in order: the original nine fields, then ours.
const CSV_COLUMNS: &[&str] = &[
    "timestamp",
    "issue_type",
    "severity",
    "category",
    "description",
    "log_line",
    "source_file",
    "auto_heal",
    "resolved",
    "id",
    "line",
    "log_time",
    "event",
    "rule",
    "group_id",
    "count",
    "first_seen",
    "last_seen",
    "regression",
    "acknowledged",
    "silenced_until",
    "new_pattern",
    "spike_factor",
    "template",
];

/// Prints the history.
pub fn export(settings: &Settings, args: &ExportArgs) -> Result<ExitStatus> {
    let dir = LiveConfig::state_dir(args.state.as_deref(), &settings.layer)?;
    if !dir.join(DB_FILE).is_file() {
        return Err(Error::Usage(format!(
            "no issue history in {} (it is written by the dashboard and `--no-tui --api`)",
            dir.display()
        )));
    }
    let since = match &args.since {
        None => i64::MIN,
        Some(text) => since_micros(text)?,
    };
    let redactor = if args.no_redact {
        Redactor::off()
    } else {
        redactor(&load_patterns(settings.patterns.as_deref())?.settings)?
    };
    let (db, notes) = Persist::open(&dir)?;
    for note in notes {
        eprintln!("logwarden: warning: {note}");
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed: Option<io::Error> = None;
    if args.format == ExportFormat::Csv {
        failed = writeln!(out, "{}", CSV_COLUMNS.join(",")).err();
    }
    let bad = db.each_since(since, |issue| {
        if failed.is_some() {
            return;
        }
        let issue = redactor.issue(&issue);
        let written = match args.format {
            ExportFormat::Json => serde_json::to_writer(&mut out, &issue)
                .map_err(io::Error::other)
                .and_then(|()| writeln!(out)),
            ExportFormat::Csv => writeln!(out, "{}", csv_row(&issue)),
        };
        failed = written.err();
    })?;
    let flushed = out.flush();
    match failed.map_or(flushed, Err) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            return Err(Error::Write {
                what: "export",
                source: e,
            });
        }
        _ => {}
    }
    if bad > 0 {
        eprintln!("logwarden: warning: {bad} stored issues could not be read and were left out");
    }
    Ok(ExitStatus::Clean)
}

/// `--since`: an age (7d) or a local time (2026-03-10T08:00:00).
fn since_micros(text: &str) -> Result<i64> {
    if let Ok(age) = parse_age(text) {
        // An age reaching before the calendar's start: everything.
        let since = Utc::now().checked_sub_signed(age);
        return Ok(since.map_or(i64::MIN, |t| t.timestamp_micros()));
    }
    let formats = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ];
    for format in formats {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format)
            && let Some(local) = Local.from_local_datetime(&naive).earliest()
        {
            return Ok(local.with_timezone(&Utc).timestamp_micros());
        }
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(local) = date
            .and_hms_opt(0, 0, 0)
            .and_then(|d| Local.from_local_datetime(&d).earliest())
    {
        return Ok(local.with_timezone(&Utc).timestamp_micros());
    }
    Err(Error::Usage(format!(
        "--since {text:?}: expected an age such as 7d or 12h, or a time such as 2026-03-10T08:00:00"
    )))
}

/// One CSV row (RFC 4180: fields with commas, quotes or line breaks quoted).
fn csv_row(issue: &Issue) -> String {
    let value = serde_json::to_value(issue).unwrap_or_default();
    CSV_COLUMNS
        .iter()
        .map(|column| {
            let field = match &value[*column] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}
