//! Turning a classified event into the shared [`Issue`] record.

use chrono::NaiveDate;

use std::sync::OnceLock;

use crate::classify::{Classifier, LogLevel, detect_level, named_values};
use crate::ingest::{Event, parse_log_time};
use crate::model::{
    DetectedAt, Issue, LOG_LINE_CAP, Severity, TEXT_CUT_MARKER, cap_line, stable_issue_id,
};

/// Builds the issue for a matched event (`None` if the event matched nothing).
/// `today` resolves log timestamps written without a year.
pub(crate) fn issue_from_event(
    event: &Event,
    classifier: &Classifier,
    source: &str,
    today: NaiveDate,
) -> Option<Issue> {
    let best = event.best.as_ref()?;
    let rule = classifier.rule(best.matched.rule);
    let issue_type = classifier.rules().type_of(rule);
    let head = String::from_utf8_lossy(event.head());
    let log_line = cap_line(&head, LOG_LINE_CAP, event.head_full_len);
    let mut text = String::from_utf8_lossy(&event.text).into_owned();
    if event.omitted_bytes > 0 {
        text.push_str(&format!(
            "\n{TEXT_CUT_MARKER} {} more bytes of this event not kept]",
            event.omitted_bytes
        ));
    }
    // A FATAL/PANIC/CRITICAL line is critical whatever its words say went
    // wrong; the words still decide the type (`FATAL ... timed out` is a
    // critical network_timeout).
    let severity = match detect_level(event.head()) {
        Some(level) if level >= LogLevel::Critical => rule.severity.max(Severity::Critical),
        _ => rule.severity,
    };
    // The line that matched: its named captures are the event's fields.
    let matched = event
        .text
        .split(|&b| b == b'\n')
        .nth(best.line_index as usize)
        .unwrap_or(event.head());
    let fields = named_values(rule, matched);
    let timestamp = DetectedAt::now_unique();
    Some(Issue {
        timestamp,
        issue_type: issue_type.id.clone(),
        severity,
        category: issue_type.category.clone(),
        description: issue_type.description.clone(),
        id: stable_issue_id(source, event.offset, &log_line),
        log_line,
        source_file: source.to_string(),
        auto_heal: issue_type.auto_heal,
        resolved: false,
        // 0 means unknown (a live file followed from a point whose line count was not taken).
        line: (event.first_line > 0).then_some(event.first_line),
        log_time: parse_log_time(event.head(), today),
        event: text,
        rule: rule.id.clone(),
        offset: Some(event.offset),
        host: local_host().to_owned(),
        stream: source.to_string(),
        fields,
        ..Issue::blank(timestamp)
    })
}

/// This machine's name, the host of every event read from a local file
/// (`localhost` when the system will not say).
pub(crate) fn local_host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at
        // most that many bytes and we read up to the first NUL within it.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        let name = String::from_utf8_lossy(&buf[..end]).trim().to_owned();
        if rc != 0 || name.is_empty() {
            "localhost".to_owned()
        } else {
            name
        }
    })
}
