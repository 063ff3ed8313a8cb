//! `logwarden import`: adds issues from an export (JSON lines) to the
//! history, under the caps and checks live ingest works by. An export is
//! input from outside: a record line is never buffered past a cap, texts
//! are cut to the live caps (with the same marker), occurrences and
//! sources to the group's limits, and a record whose type the rules do
//! not define, whose id is empty or unusable, or whose fields are absurd
//! is refused. What was refused is reported by reason, with line numbers.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::ExitStatus;
use crate::cli::ImportArgs;
use crate::config::{LiveConfig, Settings, load_patterns};
use crate::error::{Error, Result};
use crate::ingest::checkpoint::StateDir;
use crate::model::{
    EVENT_CAP, Issue, LOG_LINE_CAP, MAX_OCCURRENCES, MAX_SOURCES, cap_line, sanitize_for_terminal,
};
use crate::store::{DB_FILE, Persist};

/// Longest record line read: an exported issue (its texts capped, JSON
/// escapes included) is far smaller. Longer lines are skipped unread.
pub(super) const RECORD_CAP: usize = 1 << 20;
/// Longest name-like field (type, rule, category, path, ...).
const FIELD_CAP: usize = 4096;
/// Longest id (live ids are 16 hex digits).
const ID_CAP: usize = 64;
/// Issues written per transaction: memory stays bounded on huge exports.
const BATCH: usize = 1000;
/// Line numbers shown per refusal reason.
const SHOWN: usize = 5;

/// Adds issues from an export; refused while a live logwarden holds the
/// state directory (it would overwrite them).
pub fn import(settings: &Settings, args: &ImportArgs) -> Result<ExitStatus> {
    let dir = LiveConfig::state_dir(args.state.as_deref(), &settings.layer)?;
    let _lock = StateDir::open(&dir)?;
    let rules = load_patterns(settings.patterns.as_deref())?.rules;
    let known: BTreeSet<&str> = rules.types.iter().map(|t| t.id.as_str()).collect();
    let shown = args.file.display().to_string();
    let input: Box<dyn Read> = if shown == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&args.file).map_err(|source| Error::Read {
            path: shown.clone(),
            source,
        })?)
    };
    let (mut db, notes) = Persist::open(&dir)?;
    for note in notes {
        eprintln!("logwarden: warning: {}", sanitize_for_terminal(&note));
    }
    let mut report = Report {
        input: sanitize_for_terminal(&shown).into_owned(),
        ..Report::default()
    };
    let mut reader = BufReader::new(input);
    let (mut buf, mut batch) = (Vec::new(), Vec::with_capacity(BATCH));
    let mut number = 0;
    loop {
        let record = next_record(&mut reader, &mut buf, RECORD_CAP).map_err(|source| Error::Read {
            path: shown.clone(),
            source,
        });
        let record = match record {
            Ok(Some(record)) => record,
            Ok(None) => break,
            // What was read so far is kept; the read error is the result.
            Err(e) => {
                report.imported += save(&mut db, &mut batch)?;
                report.print(&dir);
                return Err(e);
            }
        };
        number += 1;
        if let Record::TooLong(len) = record {
            let detail = format!("{len} bytes");
            report.refuse(number, "a line longer than a record can be (1 MiB)", detail);
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match check(&buf, &known) {
            Ok((issue, cut)) => {
                report.cut += cut;
                batch.push(issue);
                if batch.len() >= BATCH {
                    report.imported += save(&mut db, &mut batch)?;
                }
            }
            Err((reason, detail)) => report.refuse(number, reason, detail),
        }
    }
    report.imported += save(&mut db, &mut batch)?;
    report.print(&dir);
    match report.refused {
        0 => Ok(ExitStatus::Clean),
        n => Err(Error::Usage(format!(
            "{n} lines were refused (see above); the others were imported"
        ))),
    }
}

fn save(db: &mut Persist, batch: &mut Vec<Issue>) -> Result<usize> {
    db.save(batch.iter(), &[])?;
    let n = batch.len();
    batch.clear();
    Ok(n)
}

/// One line of input.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Record {
    /// A line (in the buffer, without its newline).
    Line,
    /// A line longer than the cap, skipped: its length.
    TooLong(usize),
}

/// Reads the next line into `buf`, never holding more than `cap` bytes of
/// it: a longer line is read through and reported by its length.
pub(super) fn next_record(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<Record>> {
    buf.clear();
    let mut len = 0usize;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (piece, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], i + 1),
            None => (chunk, chunk.len()),
        };
        len += piece.len();
        if len <= cap {
            buf.extend_from_slice(piece);
        }
        let ended = done > piece.len();
        reader.consume(done);
        if ended {
            break;
        }
    }
    Ok(match (any, len > cap) {
        (false, _) => None,
        (true, false) => Some(Record::Line),
        (true, true) => {
            buf.clear();
            Some(Record::TooLong(len))
        }
    })
}

/// Why a record is refused (the reason, what in it).
type Refusal = (&'static str, String);

/// Parses and checks one record: the issue, cut to the live caps, and how
/// many of its texts were cut.
pub(super) fn check(
    bytes: &[u8],
    known: &BTreeSet<&str>,
) -> std::result::Result<(Issue, usize), Refusal> {
    let mut issue: Issue = serde_json::from_slice(bytes).map_err(|e| {
        (
            "not an issue (bad JSON, or fields missing or mistyped)",
            e.to_string(),
        )
    })?;
    if issue.id.is_empty() {
        return Err(("an empty id", String::new()));
    }
    let id_ok = issue.id.len() <= ID_CAP
        && issue
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b));
    if !id_ok {
        return Err((
            "an id that is not up to 64 letters, digits, `_.:-`",
            issue.id,
        ));
    }
    if !known.contains(issue.issue_type.as_str()) {
        let reason = "an issue type the rules do not define (--patterns names other rules)";
        return Err((reason, issue.issue_type));
    }
    if issue.count == 0 {
        return Err(("a count of 0", issue.id));
    }
    if issue.first_seen > issue.last_seen {
        return Err(("first_seen after last_seen", issue.id));
    }
    if let Some(field) = oversized_field(&issue) {
        return Err(("a field over 4096 bytes", field.to_string()));
    }
    let cut = cap_texts(&mut issue);
    Ok((issue, cut))
}

/// The first name-like field longer than [`FIELD_CAP`], if any.
fn oversized_field(issue: &Issue) -> Option<&'static str> {
    let optional = |v: &Option<String>| v.as_deref().unwrap_or("").len();
    let fields = [
        ("issue_type", issue.issue_type.len()),
        ("category", issue.category.len()),
        ("description", issue.description.len()),
        ("source_file", issue.source_file.len()),
        ("rule", issue.rule.len()),
        ("group_id", optional(&issue.group_id)),
        ("log_time", optional(&issue.log_time)),
        (
            "sources",
            issue.sources.iter().map(String::len).max().unwrap_or(0),
        ),
        (
            "occurrences",
            issue
                .occurrences
                .iter()
                .map(|o| o.source_file.len())
                .max()
                .unwrap_or(0),
        ),
    ];
    fields
        .into_iter()
        .find(|(_, len)| *len > FIELD_CAP)
        .map(|(name, _)| name)
}

/// Cuts texts to the caps live ingest applies (marker included) and the
/// lists to a group's limits. Returns how many were cut.
fn cap_texts(issue: &mut Issue) -> usize {
    let mut cut = 0;
    let mut cap = |text: &mut String, limit: usize| {
        if text.len() > limit {
            *text = cap_line(text, limit, text.len());
            cut += 1;
        }
    };
    cap(&mut issue.log_line, LOG_LINE_CAP);
    cap(&mut issue.event, EVENT_CAP);
    if let Some(template) = issue.template.as_mut() {
        cap(template, LOG_LINE_CAP);
    }
    for occurrence in &mut issue.occurrences {
        cap(&mut occurrence.log_line, LOG_LINE_CAP);
    }
    let lists = usize::from(issue.occurrences.len() > MAX_OCCURRENCES)
        + usize::from(issue.sources.len() > MAX_SOURCES);
    // Newest first, as the store keeps them.
    issue.occurrences.truncate(MAX_OCCURRENCES);
    issue.sources.truncate(MAX_SOURCES);
    cut + lists
}

/// What an import did.
#[derive(Debug, Default)]
struct Report {
    /// The input's name (`-` for standard input), shown with line numbers.
    input: String,
    imported: usize,
    cut: usize,
    refused: usize,
    /// Per reason: how many, and the first few (line, detail).
    reasons: BTreeMap<&'static str, (usize, Vec<Example>)>,
}

/// A refused line's number and what in it was wrong.
type Example = (usize, String);

impl Report {
    fn refuse(&mut self, line: usize, reason: &'static str, detail: String) {
        self.refused += 1;
        let (count, examples) = self.reasons.entry(reason).or_default();
        *count += 1;
        if examples.len() < SHOWN {
            examples.push((line, detail));
        }
    }

    fn print(&self, dir: &Path) {
        let cut = match self.cut {
            0 => String::new(),
            n => format!(" ({n} texts or lists cut to the live caps, marked)"),
        };
        eprintln!(
            "logwarden: imported {} issues into {}{cut}",
            self.imported,
            sanitize_for_terminal(&dir.join(DB_FILE).display().to_string())
        );
        if self.refused > 0 {
            eprintln!("logwarden: refused {} lines:", self.refused);
        }
        for (reason, (count, examples)) in &self.reasons {
            let lines: Vec<String> = examples
                .iter()
                .map(|(line, detail)| match detail.as_str() {
                    "" => format!("{}:{line}", self.input),
                    // Details quote the input: shown inert and short.
                    _ => format!("{}:{line} ({})", self.input, short(detail)),
                })
                .collect();
            let more = if *count > examples.len() { ", ..." } else { "" };
            eprintln!(
                "logwarden:   {count} with {reason}: {}{more}",
                lines.join(", ")
            );
        }
    }
}

/// `text` made inert and cut to 80 characters.
fn short(text: &str) -> String {
    let safe = sanitize_for_terminal(text);
    match safe.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &safe[..at]),
        None => safe.into_owned(),
    }
}

#[cfg(test)]
mod tests;
